"""`hall-display`: the hall's call display (叫号屏) — the third app, on the hall's TV."""
