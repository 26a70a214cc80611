"""What the yearly results tell the apps above them (reporting's notices and e-mail), without
importing them: they connect receivers from their AppConfig.ready()."""

from django.dispatch import Signal

# The board decided on a submission (returned, accepted) or the province admin reopened it.
# Sent inside the decision's transaction, in a savepoint of its own: a decision rolled back
# leaves no notice, and a failing receiver costs the notices, never the decision.
# Arguments: submission, action, by, key (unique per decision), title, body, url (a path),
# recipients (the unit's reporting users).
submission_decided = Signal()
