"""geo/pipeline."""
