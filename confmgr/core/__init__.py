"""What every domain shares: the declarative base, actors and roles, domain errors, the audit log
and the stream of domain events."""
