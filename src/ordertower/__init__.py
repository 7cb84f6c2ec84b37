"""OrderTower: multi-channel order management with one inventory truth."""
