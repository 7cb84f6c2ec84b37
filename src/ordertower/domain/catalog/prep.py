"""A SKU's prep profile: Amazon's prep category and types plus handling flags for prep staff.

The vocabulary is Amazon's (see `amazon_prep`); the category → prep type demands come from the
FBA prep research (see `prep_rules`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..errors import FieldProblem
from .amazon_prep import AMAZON_ONLY_CATEGORIES, PrepCategory, PrepType
from .errors import PrepProfileInvalid
from .prep_rules import missing_prep

PREP_NOTES_MAX_LENGTH = 2000


@dataclass(frozen=True, slots=True)
class PrepProfile:
    """How to prepare one unit of a SKU. A category of None means "not classified yet"."""

    category: PrepCategory | None = None
    prep_types: tuple[PrepType, ...] = ()
    expiration_dated: bool = False
    fragile: bool = False
    liquid: bool = False
    hazmat: bool = False
    notes: str | None = None


def _normalised(profile: PrepProfile) -> PrepProfile:
    chosen = set(profile.prep_types)
    prep_types = tuple(prep_type for prep_type in PrepType if prep_type in chosen)
    if profile.category is PrepCategory.NONE and not prep_types:
        prep_types = (PrepType.ITEM_NO_PREP,)
    notes = (profile.notes or "").strip() or None
    return replace(
        profile,
        prep_types=prep_types,
        # The category states the fact, so the handling flag follows it.
        fragile=profile.fragile or profile.category is PrepCategory.FRAGILE,
        liquid=profile.liquid or profile.category is PrepCategory.LIQUID,
        notes=notes,
    )


def _type_problems(profile: PrepProfile) -> list[FieldProblem]:
    category, chosen = profile.category, frozenset(profile.prep_types)
    others = ", ".join(sorted(chosen - {PrepType.ITEM_NO_PREP}))
    if category is None:
        if not chosen:
            return []
        message = "Prep types need a prep category (Amazon takes both); choose the category."
        return [FieldProblem("category", "prep_category_required", message)]
    if category in AMAZON_ONLY_CATEGORIES:
        message = (
            f"Prep category {category} is set by Amazon only and cannot be submitted; choose the "
            "category that describes the item, or NONE."
        )
        return [FieldProblem("category", "prep_category_not_input", message)]
    if category is PrepCategory.NONE and others:
        message = f"Prep category NONE means no prep; remove {others} or choose another category."
        return [FieldProblem("prep_types", "prep_types_conflict", message)]
    if PrepType.ITEM_NO_PREP in chosen and others:
        message = f"ITEM_NO_PREP cannot be combined with {others}; remove one or the other."
        return [FieldProblem("prep_types", "prep_types_conflict", message)]
    missing = missing_prep(category, chosen)
    if missing:
        message = f"Prep category {category} needs {' or '.join(sorted(missing))}; add one of them."
        return [FieldProblem("prep_types", "prep_type_missing", message)]
    return []


def prep_profile_problems(profile: PrepProfile) -> tuple[PrepProfile, list[FieldProblem]]:
    """The normalised profile and everything wrong with it (fields relative to the profile)."""
    normalised = _normalised(profile)
    problems = _type_problems(normalised)
    if normalised.notes is not None and len(normalised.notes) > PREP_NOTES_MAX_LENGTH:
        message = (
            f"Prep notes are {len(normalised.notes)} characters; "
            f"keep them to {PREP_NOTES_MAX_LENGTH}."
        )
        problems.append(FieldProblem("notes", "too_long", message))
    return normalised, problems


def validate_prep_profile(profile: PrepProfile) -> PrepProfile:
    """Return the normalised profile, or raise PrepProfileInvalid listing every problem.

    Normalising sorts and de-duplicates prep types (Amazon's order), gives category NONE its
    ITEM_NO_PREP, and sets `fragile`/`liquid` when the category says so.
    """
    normalised, problems = prep_profile_problems(profile)
    if problems:
        raise PrepProfileInvalid(problems)
    return normalised


__all__ = [
    "PREP_NOTES_MAX_LENGTH",
    "PrepCategory",
    "PrepProfile",
    "PrepType",
    "prep_profile_problems",
    "validate_prep_profile",
]
