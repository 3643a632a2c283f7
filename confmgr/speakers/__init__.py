"""Speakers' lists, the President's console, the projector and the record of statements."""
