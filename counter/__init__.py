"""The counter app (窗口 / 代办站): composition root in app.py."""
