"""The ticket slip without Qt: its value, its labels, and its raster (fonts, text layout, image)."""
