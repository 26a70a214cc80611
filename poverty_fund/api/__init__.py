"""API of the Fund for the Poor: scoped like the pages, money as integers (whole đồng).

Writes go through the same services as the pages; posted entries are never updated or
deleted: `POST .../{id}/reverse/` posts a reversal entry.
"""

from rest_framework.routers import SimpleRouter

from .entries import DisbursementViewSet, DonationViewSet, TransferViewSet
from .funds import FundViewSet, HouseholdStatusViewSet, HouseViewSet, PovertyStandardViewSet

router = SimpleRouter()
router.register("poverty-standards", PovertyStandardViewSet, basename="poverty-standard")
router.register("household-status", HouseholdStatusViewSet, basename="household-status")
router.register("funds", FundViewSet, basename="fund")
router.register("donations", DonationViewSet, basename="donation")
router.register("disbursements", DisbursementViewSet, basename="disbursement")
router.register("transfers", TransferViewSet, basename="transfer")
router.register("houses", HouseViewSet, basename="house")
