"""The Bureau of the conference: offices, candidacies, elections and the President's appointments."""
