"""Which prep types each prep category demands, where the FBA prep research gives the mapping.

Source: /work/shared/reference/fba/fba-prep-research.md, §1.2 (table "Prep categories, triggers
and required prep") and the RULES list (PREP-04 … PREP-17). Each entry means "at least one of
these prep types", because Amazon offers alternatives (e.g. bubble wrap *or* a box).

Categories left out on purpose, so that the engine never invents a requirement:
- BABY, TEXTILE: the research allows clear shrink wrap, which has no PrepType value (PREP-05/09).
- GRANULAR: a poly bag only if the unit fails the 3 ft drop test (PREP-11), unknown here.
- HANGER: the research says "do not hard-code a choice" (§1.2, HANGER row).
- PERFORATED: the mapping is flagged [U] (one 2016 secondary source).
"""

from __future__ import annotations

from collections.abc import Mapping

from .amazon_prep import PrepCategory, PrepType

REQUIRED_PREP_TYPES: Mapping[PrepCategory, frozenset[PrepType]] = {
    # PREP-08: black opaque bag or black shrink wrap (the bag must be opaque, not clear).
    PrepCategory.ADULT: frozenset({PrepType.ITEM_BLACK_SHRINKWRAP, PrepType.ITEM_POLYBAGGING}),
    # PREP-06: six solid-sided box or full bubble wrap.
    PrepCategory.FRAGILE: frozenset({PrepType.ITEM_BUBBLEWRAP, PrepType.ITEM_BOXING}),
    # PREP-12: secondary seal, or poly bag / box (LIQUID means "without a double seal").
    PrepCategory.LIQUID: frozenset(
        {PrepType.ITEM_CAP_SEALING, PrepType.ITEM_POLYBAGGING, PrepType.ITEM_BOXING}
    ),
    # PREP-17: mark as a set ("Sold as set") so the pieces are received as one unit.
    PrepCategory.SET: frozenset({PrepType.ITEM_SETCREAT, PrepType.ITEM_SETSTK}),
    # PREP-07: bubble wrap or a box covering all exposed edges.
    PrepCategory.SHARP: frozenset({PrepType.ITEM_BUBBLEWRAP, PrepType.ITEM_BOXING}),
    # PREP-04: transparent sealed poly bag, barcode outside.
    PrepCategory.SMALL: frozenset({PrepType.ITEM_POLYBAGGING}),
    # §1.2, NONE row: "Does not require prep" pairs with ITEM_NO_PREP (and the spec's example).
    PrepCategory.NONE: frozenset({PrepType.ITEM_NO_PREP}),
}


def missing_prep(category: PrepCategory, prep_types: frozenset[PrepType]) -> frozenset[PrepType]:
    """The alternatives of which none is present (empty when the category's demand is met)."""
    required = REQUIRED_PREP_TYPES.get(category, frozenset())
    return frozenset() if not required or required & prep_types else required
