"""The report of the conference, generated from the record in French and English."""
