"""Renderers that turn the journey model into HTML and SVG fragments."""
