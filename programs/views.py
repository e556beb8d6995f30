"""Views of the programs app."""
