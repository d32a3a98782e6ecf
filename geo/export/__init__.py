"""geo/export."""
