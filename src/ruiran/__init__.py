"""ruiran."""
