"""The ground floor: the toolkit every app builds on (bulk writes, cached page parts, strict
API filters and pagination, form and admin mixins, the menu registry, PDF rendering).

It imports Django and third-party libraries only, never one of the portal's apps: the layers
test (tests/test_layers.py) holds that."""
