"""PyInstaller launcher for hall-display (the bundle needs a script, not an entry point)."""

from display.app import main

raise SystemExit(main())
