"""geo/data."""
