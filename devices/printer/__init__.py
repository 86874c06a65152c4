"""Receipt printers (ESC/POS): documents, layout by display width, rendering, transports."""
