"""geo/app."""
