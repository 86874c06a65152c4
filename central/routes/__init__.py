"""Central's HTTP areas, one router each."""
