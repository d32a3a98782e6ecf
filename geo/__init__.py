"""Tren de Aragua map: cited data layers, route builder, map and exports."""
