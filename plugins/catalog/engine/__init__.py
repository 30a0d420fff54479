"""What makes the build fast and safe: cache, workers, staging and the swap."""
