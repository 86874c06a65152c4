"""The self-service kiosk (自助终端): composition root in app.py, pages under pages/."""
