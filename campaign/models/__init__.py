# campaign's models are split by subject; each module is imported here so Django sees them.
from .activities import *  # noqa: F401,F403
from .base import ContentArea, MemberOrganization, MemberOrganizationKind  # noqa: F401
from .results import *  # noqa: F401,F403
