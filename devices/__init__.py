"""Hardware adapters, pure codecs and wire-level simulators. Imports core only, never Qt."""
