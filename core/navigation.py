"""The menu's registry. Apps add their entries from their AppConfig.ready(); the page header
(portal.context_processors) reads them, so no app needs to import the portal's configuration."""

# (label, url name, section, roles that see it or None for everyone); apps append here as they
# gain pages, in the order the menu shows them
NAV_EXTRA: list[tuple[str, str, str, frozenset | None]] = []


def add_entry(entry: tuple[str, str, str, frozenset | None]) -> None:
    """Add an entry once (an app's ready() may run again in tests)."""
    if entry[1] not in {item[1] for item in NAV_EXTRA}:
        NAV_EXTRA.append(entry)
