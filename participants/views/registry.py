"""Views of the participant registry and nominations (issue 5)."""
