"""Renderers: one module per output format. Only render.table imports Rich."""

FORMATS = ("table", "json", "csv")
