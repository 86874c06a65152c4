"""The apps' scripted walks and the screen audit: tooling for the demo and the tests, never
shipped (the wheel and the bundle leave this package out; no shipped package imports it).

``python -m walks kiosk DIR …`` and ``python -m walks counter DIR …`` build each app as its
command would (``kiosk.app.open_kiosk``, ``counter.app.open_counter``) and walk it as a citizen
or a clerk would, saving every screen in DIR.
"""
