"""common_qt package."""
