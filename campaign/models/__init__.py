# The registry Django reads: the models both halves share (base), the yearly results' and the
# activities'; every model is re-exported, so `from campaign.models import Submission` works.
from ..activities.models import *  # noqa: F401,F403
from ..outcomes.models import *  # noqa: F401,F403
from ..results.models import *  # noqa: F401,F403
from .base import ContentArea, ContentAreaKind, MemberOrganization, MemberOrganizationKind  # noqa: F401
