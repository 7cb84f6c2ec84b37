from hypothesis import given
from hypothesis import strategies as st
from orders_examples import line, order

from ordertower.domain.catalog import BundleComponent
from ordertower.domain.inventory import Bundle, SingleSku
from ordertower.domain.orders import (
    OrderExceptionReason,
    SkuMappings,
    resolve_line,
    resolve_lines,
    units_to_allocate,
)

R = OrderExceptionReason
GIFT_SET = Bundle((BundleComponent("MUG-BLK", 2), BundleComponent("COASTER", 4)))
MAPPINGS = SkuMappings(
    listings={
        "MUG-BLK-12OZ": SingleSku("MUG-BLK"),
        "MUG-6PACK": SingleSku("MUG-BLK", 6),
        "GIFT-SET": GIFT_SET,
        "GHOST": SingleSku("DELETED-SKU"),
        "ODD-SET": Bundle((BundleComponent("MUG-BLK", 1), BundleComponent("LID-GONE", 1))),
    },
    bundles={"KIT-1": GIFT_SET},
    skus={"MUG-BLK", "COASTER", "CAP-RED", "RECALLED", "KIT-1"},
    blocked={"RECALLED"},
)


def one_line(**changes):
    return order(lines=(line("L1", **changes),)).lines[0]


def test_a_listing_line_draws_its_quantity_per_unit_of_the_sku():
    resolved = resolve_line(one_line(channel_sku="MUG-6PACK", quantity=3), MAPPINGS)

    assert resolved.resolved
    assert resolved.units == (("MUG-BLK", 18),)


def test_a_bundle_listing_draws_each_component():
    resolved = resolve_line(one_line(channel_sku="GIFT-SET", quantity=2), MAPPINGS)

    assert resolved.units == (("MUG-BLK", 4), ("COASTER", 8))


def test_a_sku_line_draws_the_sku_itself_or_a_kits_components():
    plain = resolve_line(one_line(channel_sku=None, sku="CAP-RED", quantity=5), MAPPINGS)
    kit = resolve_line(one_line(channel_sku=None, sku="KIT-1", quantity=1), MAPPINGS)

    assert plain.units == (("CAP-RED", 5),)
    assert kit.units == (("MUG-BLK", 2), ("COASTER", 4))


def test_an_unmapped_listing_draws_nothing_and_says_so():
    resolved = resolve_line(one_line(channel_sku="NEW-LISTING"), MAPPINGS)

    assert resolved.units == ()
    [problem] = resolved.problems
    assert problem.reason is R.UNMAPPED_LISTING
    assert problem.line_id == "L1"
    assert "NEW-LISTING" in problem.message
    assert "map it" in problem.message


def test_a_sku_line_for_a_sku_not_in_the_catalog_is_unmapped():
    [problem] = resolve_line(one_line(channel_sku=None, sku="NOPE"), MAPPINGS).problems

    assert (problem.reason, problem.sku) == (R.UNMAPPED_LISTING, "NOPE")


def test_a_listing_mapped_to_a_sku_that_is_gone_is_unmapped():
    [problem] = resolve_line(one_line(channel_sku="GHOST"), MAPPINGS).problems

    assert (problem.reason, problem.sku) == (R.UNMAPPED_LISTING, "DELETED-SKU")


def test_a_bundle_with_a_missing_component_is_an_unusual_bundle():
    resolved = resolve_line(one_line(channel_sku="ODD-SET"), MAPPINGS)

    assert resolved.units == ()
    assert [(p.reason, p.sku) for p in resolved.problems] == [(R.UNUSUAL_BUNDLE, "LID-GONE")]


def test_a_blocked_sku_is_never_drawn():
    mappings = SkuMappings(
        listings={"RECALL-LISTING": SingleSku("RECALLED")}, skus={"RECALLED"}, blocked={"RECALLED"}
    )

    by_listing = resolve_line(one_line(channel_sku="RECALL-LISTING"), mappings)
    by_sku = resolve_line(one_line(channel_sku=None, sku="RECALLED"), mappings)

    for resolved in (by_listing, by_sku):
        assert resolved.units == ()
        assert [(p.reason, p.sku) for p in resolved.problems] == [(R.BLOCKED_SKU, "RECALLED")]


def test_a_blocked_component_or_kit_blocks_the_bundle_line():
    blocked_component = SkuMappings(
        listings={"GIFT-SET": GIFT_SET}, skus={"MUG-BLK", "COASTER"}, blocked={"COASTER"}
    )
    blocked_kit = SkuMappings(
        bundles={"KIT-1": GIFT_SET}, skus={"MUG-BLK", "COASTER", "KIT-1"}, blocked={"KIT-1"}
    )

    [component] = resolve_line(one_line(channel_sku="GIFT-SET"), blocked_component).problems
    [kit] = resolve_line(one_line(channel_sku=None, sku="KIT-1"), blocked_kit).problems

    assert (component.reason, component.sku) == (R.BLOCKED_SKU, "COASTER")
    assert (kit.reason, kit.sku) == (R.BLOCKED_SKU, "KIT-1")


def test_the_order_demand_adds_up_lines_that_draw_the_same_sku():
    placed = order(
        lines=(
            line("1", channel_sku="MUG-6PACK", quantity=1),
            line("2", channel_sku="GIFT-SET", quantity=1),
            line("3", channel_sku=None, sku="CAP-RED", quantity=2),
        )
    )

    demand = units_to_allocate(resolve_lines(placed.lines, MAPPINGS))

    assert demand == {"CAP-RED": 2, "COASTER": 4, "MUG-BLK": 8}
    assert list(demand) == sorted(demand)


def test_lines_with_problems_add_nothing_to_the_demand():
    placed = order(lines=(line("1", channel_sku="NEW-LISTING"), line("2", channel_sku="MUG-6PACK")))

    assert units_to_allocate(resolve_lines(placed.lines, MAPPINGS)) == {"MUG-BLK": 12}


@given(quantity=st.integers(1, 1000), per=st.integers(1, 50))
def test_a_listing_draws_exactly_quantity_times_quantity_per(quantity, per):
    mappings = SkuMappings(listings={"L": SingleSku("S", per)}, skus={"S"})

    resolved = resolve_line(one_line(channel_sku="L", quantity=quantity), mappings)

    assert resolved.units == (("S", quantity * per),)
