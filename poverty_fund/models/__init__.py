"""The Fund for the Poor: standards, household status by year, funds, entries, houses.

One module per subject; every name is re-exported here, so `from poverty_fund.models import X`
and the migrations read the package as they read the old module.
"""

from .houses import (
    House,
    HouseKind,
    HousePhoto,
    HouseStatus,
    HouseSupport,
    SupportNorm,
    SupportSource,
)
from .ledger import (
    FIRST_DAY,
    POSTED_IS_FINAL,
    Channel,
    Disbursement,
    Donation,
    DonationBatch,
    DonorKind,
    Drive,
    Fund,
    PostedEntry,
    Purpose,
    Transfer,
    TransferKind,
)
from .poverty import (
    MIDDLE_BAND,
    AreaLine,
    HouseholdStatus,
    PovertyExit,
    PovertyStandard,
    PovertyStatus,
    StatusBasis,
    SupporterKind,
)

__all__ = [
    "MIDDLE_BAND",
    "AreaLine",
    "PovertyExit",
    "FIRST_DAY",
    "POSTED_IS_FINAL",
    "Channel",
    "Disbursement",
    "Donation",
    "DonationBatch",
    "DonorKind",
    "Drive",
    "Fund",
    "House",
    "HouseKind",
    "HousePhoto",
    "HouseStatus",
    "HouseSupport",
    "HouseholdStatus",
    "PostedEntry",
    "PovertyStandard",
    "PovertyStatus",
    "Purpose",
    "StatusBasis",
    "SupportNorm",
    "SupportSource",
    "SupporterKind",
    "Transfer",
    "TransferKind",
]
