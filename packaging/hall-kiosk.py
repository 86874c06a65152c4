"""PyInstaller launcher for the kiosk (the bundle needs a script, not an entry point)."""

from kiosk.app import main

raise SystemExit(main())
