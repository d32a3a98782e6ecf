"""geo/views/print."""
