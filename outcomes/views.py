"""Views of the outcomes app."""
