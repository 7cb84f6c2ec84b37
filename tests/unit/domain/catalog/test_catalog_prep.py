"""Prep profiles: Amazon's vocabulary, the combinations it refuses, and what each category needs."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import pytest

from ordertower.domain.catalog import (
    REQUIRED_PREP_TYPES,
    PrepCategory,
    PrepProfile,
    PrepProfileInvalid,
    PrepType,
    validate_prep_profile,
)

SPEC = Path("/work/shared/reference/amazon-sp-api/fulfillmentInbound_2024-03-20.json")


def problem_codes(profile: PrepProfile) -> list[tuple[str, str]]:
    with pytest.raises(PrepProfileInvalid) as refused:
        validate_prep_profile(profile)
    return [(problem.field, problem.code) for problem in refused.value.problems]


@pytest.mark.skipif(not SPEC.exists(), reason="the Amazon SP-API reference is not on this machine")
@pytest.mark.parametrize(
    ("definition", "vocabulary"), [("PrepCategory", PrepCategory), ("PrepType", PrepType)]
)
def test_the_prep_vocabulary_is_exactly_amazons(definition: str, vocabulary: type[StrEnum]) -> None:
    enum = json.loads(SPEC.read_text())["definitions"][definition]["enum"]

    assert [member.value for member in vocabulary] == enum


def test_a_profile_without_a_category_is_a_product_not_yet_classified() -> None:
    profile = validate_prep_profile(PrepProfile(hazmat=True, notes="  keep upright "))

    assert profile == PrepProfile(hazmat=True, notes="keep upright")


def test_prep_types_without_a_category_are_refused() -> None:
    assert problem_codes(PrepProfile(prep_types=(PrepType.ITEM_LABELING,))) == [
        ("category", "prep_category_required")
    ]


@pytest.mark.parametrize("category", [PrepCategory.FC_PROVIDED, PrepCategory.UNKNOWN])
def test_categories_amazon_sets_itself_cannot_be_submitted(category: PrepCategory) -> None:
    assert problem_codes(PrepProfile(category=category)) == [
        ("category", "prep_category_not_input")
    ]


def test_no_prep_cannot_be_combined_with_another_prep_type() -> None:
    profile = PrepProfile(
        category=PrepCategory.GRANULAR,
        prep_types=(PrepType.ITEM_NO_PREP, PrepType.ITEM_LABELING),
    )

    assert problem_codes(profile) == [("prep_types", "prep_types_conflict")]


def test_category_none_cannot_carry_prep_types() -> None:
    profile = PrepProfile(category=PrepCategory.NONE, prep_types=(PrepType.ITEM_BUBBLEWRAP,))

    assert problem_codes(profile) == [("prep_types", "prep_types_conflict")]


def test_category_none_gets_no_prep_when_no_type_is_given() -> None:
    profile = validate_prep_profile(PrepProfile(category=PrepCategory.NONE))

    assert profile.prep_types == (PrepType.ITEM_NO_PREP,)


def test_a_small_item_must_be_poly_bagged() -> None:
    profile = PrepProfile(category=PrepCategory.SMALL, prep_types=(PrepType.ITEM_LABELING,))

    with pytest.raises(PrepProfileInvalid, match="SMALL needs ITEM_POLYBAGGING"):
        validate_prep_profile(profile)


@pytest.mark.parametrize("prep_type", [PrepType.ITEM_BUBBLEWRAP, PrepType.ITEM_BOXING])
def test_a_fragile_item_is_either_bubble_wrapped_or_boxed(prep_type: PrepType) -> None:
    profile = validate_prep_profile(
        PrepProfile(category=PrepCategory.FRAGILE, prep_types=(prep_type,))
    )

    assert profile.prep_types == (prep_type,)


def test_a_fragile_item_with_neither_names_both_alternatives() -> None:
    profile = PrepProfile(category=PrepCategory.FRAGILE, prep_types=(PrepType.ITEM_LABELING,))

    with pytest.raises(PrepProfileInvalid, match="ITEM_BOXING or ITEM_BUBBLEWRAP"):
        validate_prep_profile(profile)


@pytest.mark.parametrize(
    "category",
    [
        PrepCategory.BABY,
        PrepCategory.GRANULAR,
        PrepCategory.HANGER,
        PrepCategory.PERFORATED,
        PrepCategory.TEXTILE,
    ],
)
def test_categories_without_a_researched_mapping_demand_no_particular_type(
    category: PrepCategory,
) -> None:
    assert category not in REQUIRED_PREP_TYPES
    assert validate_prep_profile(PrepProfile(category=category)).category is category


def test_every_required_alternative_is_a_real_prep_type_and_never_amazon_only() -> None:
    for category, alternatives in REQUIRED_PREP_TYPES.items():
        assert category not in (PrepCategory.FC_PROVIDED, PrepCategory.UNKNOWN)
        assert alternatives <= set(PrepType)


def test_the_fragile_and_liquid_categories_set_their_handling_flags() -> None:
    fragile = validate_prep_profile(
        PrepProfile(category=PrepCategory.FRAGILE, prep_types=(PrepType.ITEM_BOXING,))
    )
    liquid = validate_prep_profile(
        PrepProfile(category=PrepCategory.LIQUID, prep_types=(PrepType.ITEM_CAP_SEALING,))
    )

    assert (fragile.fragile, fragile.liquid) == (True, False)
    assert (liquid.fragile, liquid.liquid) == (False, True)


def test_prep_types_are_deduplicated_in_amazons_order() -> None:
    profile = validate_prep_profile(
        PrepProfile(
            category=PrepCategory.SMALL,
            prep_types=(PrepType.ITEM_SUFFOSTK, PrepType.ITEM_POLYBAGGING, PrepType.ITEM_SUFFOSTK),
        )
    )

    assert profile.prep_types == (PrepType.ITEM_POLYBAGGING, PrepType.ITEM_SUFFOSTK)


def test_prep_notes_longer_than_2000_characters_are_refused() -> None:
    assert problem_codes(PrepProfile(notes="x" * 2001)) == [("notes", "too_long")]
