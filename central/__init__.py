"""The reference central platform: the documented sync API as a real HTTP service (FastAPI +
uvicorn, SQLite by default). Used by the demo, the tests, and as a hall gateway (前置机)."""
