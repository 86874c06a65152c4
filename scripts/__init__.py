"""Developer and demo scripts (not part of the installed product)."""
