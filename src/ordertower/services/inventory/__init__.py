"""The one inventory truth: posting movements, allocating stock, available to sell, verification."""
