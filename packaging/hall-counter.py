"""PyInstaller launcher for the counter app."""

from counter.app import main

raise SystemExit(main())
