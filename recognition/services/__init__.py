"""Every write of the titles and commendations: keyword-only, one transaction each, one module
per subject (criteria, registrations, meetings, judging, decisions, commendations)."""
