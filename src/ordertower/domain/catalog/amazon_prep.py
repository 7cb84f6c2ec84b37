"""Amazon's prep vocabulary, exactly as Fulfillment Inbound v2024-03-20 defines it.

Source: /work/shared/reference/amazon-sp-api/fulfillmentInbound_2024-03-20.json, definitions
`PrepCategory` and `PrepType` (values and descriptions from `x-docgen-enum-table-extension`).
Never add a value here that the spec does not have: Amazon rejects unknown values.
"""

from __future__ import annotations

from enum import StrEnum


class PrepCategory(StrEnum):
    """Why an item needs prep before it ships to Amazon's fulfillment network."""

    # Displays potentially offensive material such as profanity or nudity.
    ADULT = "ADULT"
    # Made for a child aged three years or younger, packaging with cutouts greater than one
    # square inch.
    BABY = "BABY"
    # A prep type has been defined by the Fulfillment Center. Provided by Amazon; never an input.
    FC_PROVIDED = "FC_PROVIDED"
    # Glass or otherwise fragile, or a liquid in a glass container.
    FRAGILE = "FRAGILE"
    # Made of powder, pellets, or granular material.
    GRANULAR = "GRANULAR"
    # Made of cloth or fabric and intended to be put on a hanger.
    HANGER = "HANGER"
    # Liquid or viscous without a double seal.
    LIQUID = "LIQUID"
    # In packaging that has a perforated opening.
    PERFORATED = "PERFORATED"
    # Multiple items that are sold as one unit.
    SET = "SET"
    # Sharp and easily exposed, not already contained in protective packaging.
    SHARP = "SHARP"
    # Longest side less than 2 1/8 inches (width of a credit card).
    SMALL = "SMALL"
    # Made of cloth or fabric that could be damaged by dirt, dust, moisture, or liquid.
    TEXTILE = "TEXTILE"
    # An unknown prep category was found and needs to be updated. Provided by Amazon; never an
    # input.
    UNKNOWN = "UNKNOWN"
    # Does not require prep.
    NONE = "NONE"


class PrepType(StrEnum):
    """A preparation step done to an item before it ships to Amazon's fulfillment network."""

    # The item requires black shrink wrapping.
    ITEM_BLACK_SHRINKWRAP = "ITEM_BLACK_SHRINKWRAP"
    # The item requires a blank sticker to obscure a bad barcode that cannot be covered by
    # another sticker.
    ITEM_BLANKSTK = "ITEM_BLANKSTK"
    # Overboxing for safety concerns over sharp items, fragile items, hazardous liquids and vinyl
    # records. For items over 4.5 kg, use double-wall corrugated boxes.
    ITEM_BOXING = "ITEM_BOXING"
    # The item requires bubble wrapping.
    ITEM_BUBBLEWRAP = "ITEM_BUBBLEWRAP"
    # To prevent leakage, a secondary seal: induction seal, safety ring, clips, heat shrink
    # plastic band, or boxing.
    ITEM_CAP_SEALING = "ITEM_CAP_SEALING"
    # Take apart a set of items labeled for individual sale: remove the tape or shrink wrap
    # that groups multiple inventory units together.
    ITEM_DEBUNDLE = "ITEM_DEBUNDLE"
    # The item must be placed on a hanger.
    ITEM_HANG_GARMENT = "ITEM_HANG_GARMENT"
    # The FNSKU label must be applied to the item.
    ITEM_LABELING = "ITEM_LABELING"
    # The item does not require any prep.
    ITEM_NO_PREP = "ITEM_NO_PREP"
    # The item requires polybagging.
    ITEM_POLYBAGGING = "ITEM_POLYBAGGING"
    # The item cannot be shipped on a hanger.
    ITEM_RMOVHANG = "ITEM_RMOVHANG"
    # Units that are sets must be labeled as sets on their packaging. The barcodes on the
    # individual items must not face outward and must not require covering.
    ITEM_SETCREAT = "ITEM_SETCREAT"
    # Products that are sets must be marked as sets on their packaging: a label stating that the
    # products must be received and sold as a single unit.
    ITEM_SETSTK = "ITEM_SETSTK"
    # The item ships in its original product packaging.
    ITEM_SIOC = "ITEM_SIOC"
    # Poly bags with an opening of 12 cm or larger (measured when flat) must have a suffocation
    # warning, printed on the bag or attached as a label.
    ITEM_SUFFOSTK = "ITEM_SUFFOSTK"
    # Taping is required.
    ITEM_TAPING = "ITEM_TAPING"


# Amazon sets these itself; setPrepDetails refuses them as input (spec descriptions above).
AMAZON_ONLY_CATEGORIES = frozenset({PrepCategory.FC_PROVIDED, PrepCategory.UNKNOWN})
