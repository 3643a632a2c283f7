"""The conference and what it is made of: participants, groups, meetings, the agenda, documents."""
