"""Local storage and delivery: SQLite stores, the outbox, the catalogue index, the platform
client and the sync worker. Imports core only, never Qt."""
