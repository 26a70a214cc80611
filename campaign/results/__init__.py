"""The yearly results: indicator sets, reporting periods, submissions, their review and lock,
completeness, aggregation, Excel, and the prefill registry of the yearly form (`/ket-qua/`)."""
