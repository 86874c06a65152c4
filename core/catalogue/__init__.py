"""The service catalogue: item models, the demo seed and its expansion, and search rules.

The SQLite index that serves searches lives in :mod:`sync.catalogue` (storage is sync's job);
everything here is pure.
"""
