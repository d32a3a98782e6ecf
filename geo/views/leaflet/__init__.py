"""geo/views/leaflet."""
