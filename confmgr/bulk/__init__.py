"""Bulk set-up and correction: CSV tables of participants, agenda, meetings and credentials receipts,
and the whole conference as one JSON file."""
