"""The exception queue: raising items from any area, listing, assigning and resolving them."""
