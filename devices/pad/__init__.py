"""Review pads (评价器): key-map pads over serial or as keyboards, and the LAN tablet pad."""
