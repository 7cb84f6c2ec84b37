"""Fulfillment: waves released to the floor, where each unit is picked, scans judged, packages."""

from .packages import (
    MAX_PACKAGES_PER_ORDER,
    MAX_PARCEL_SIDE_IN,
    MAX_PARCEL_WEIGHT_LB,
    PackageInvalid,
    PackageMeasures,
    check_measures,
)
from .picking import (
    PICK_ZONE_KINDS,
    BinStock,
    PickNeed,
    PlannedPick,
    WavePlan,
    choose_bins,
    plan_wave,
    walking_order,
)
from .scans import PREVENTED_ERRORS, Judgement, ScanOutcome, judge_scan
from .waves import (
    DEFAULT_WAVE_ORDERS,
    MAX_WAVE_ORDERS,
    WAVE_STATES,
    WaveCandidate,
    WaveCriteria,
    WaveInvalid,
    check_criteria,
    select_orders,
    urgency,
)

__all__ = [
    "DEFAULT_WAVE_ORDERS",
    "MAX_PACKAGES_PER_ORDER",
    "MAX_PARCEL_SIDE_IN",
    "MAX_PARCEL_WEIGHT_LB",
    "MAX_WAVE_ORDERS",
    "PICK_ZONE_KINDS",
    "PREVENTED_ERRORS",
    "WAVE_STATES",
    "BinStock",
    "Judgement",
    "PackageInvalid",
    "PackageMeasures",
    "PickNeed",
    "PlannedPick",
    "ScanOutcome",
    "WaveCandidate",
    "WaveCriteria",
    "WaveInvalid",
    "WavePlan",
    "check_criteria",
    "check_measures",
    "choose_bins",
    "judge_scan",
    "plan_wave",
    "select_orders",
    "urgency",
    "walking_order",
]
