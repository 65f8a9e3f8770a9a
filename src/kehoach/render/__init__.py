"""Renderers: one module per output format. Only render.table imports Rich."""
