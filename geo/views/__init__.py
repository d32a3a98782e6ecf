"""geo/views."""
