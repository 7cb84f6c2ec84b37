"""Properties of available to sell that must hold for any stock and any listing rule."""

from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from ordertower.domain.catalog import BundleComponent
from ordertower.domain.inventory import (
    Bundle,
    ListingStockRule,
    SellableStock,
    SingleSku,
    compute_listing_ats,
)

EAST = 1
WEST = 2
THIRD = 3

LOCATIONS = (EAST, WEST, THIRD)
SKUS = ("TEE", "CAP", "MUG")

stocks = st.builds(SellableStock, on_hand=st.integers(0, 60), allocated=st.integers(0, 60)).filter(
    lambda s: s.allocated <= s.on_hand
)
feeds = st.dictionaries(
    st.sampled_from(LOCATIONS),
    st.dictionaries(st.sampled_from(SKUS), stocks, max_size=3),
    max_size=3,
)


@st.composite
def rules(draw):
    maximum = draw(st.none() | st.integers(0, 80))
    minimum = draw(st.integers(0, maximum if maximum is not None else 20))
    return ListingStockRule(
        listing_id="listing",
        locations=tuple(draw(st.lists(st.sampled_from(LOCATIONS), unique=True, max_size=3))),
        safety_buffer=draw(st.integers(0, 10)),
        percent_cap=draw(st.none() | st.integers(0, 100)),
        maximum_shown=maximum,
        minimum_to_list=minimum,
    )


singles = st.builds(SingleSku, sku=st.sampled_from(SKUS), quantity_per=st.integers(1, 4))
bundles = st.lists(
    st.builds(BundleComponent, sku=st.sampled_from(SKUS), quantity=st.integers(1, 3)),
    min_size=1,
    max_size=3,
    unique_by=lambda c: c.sku,
).map(lambda components: Bundle(tuple(components)))
compositions = singles | bundles


def ats(rule, feed, composition):
    return compute_listing_ats(rule, feed, composition, explain=False).quantity


def free_units(rule, feed, sku):
    return sum(
        max(s.on_hand - s.allocated, 0)
        for location in rule.locations
        if (s := feed.get(location, {}).get(sku)) is not None
    )


@given(rule=rules(), feed=feeds, composition=compositions)
def test_ats_is_never_negative_and_never_more_than_the_stock_can_make(rule, feed, composition):
    quantity = ats(rule, feed, composition)

    assert quantity >= 0
    if isinstance(composition, SingleSku):
        assert quantity <= free_units(rule, feed, composition.sku) // composition.quantity_per
    else:
        for component in composition.components:
            assert quantity <= free_units(rule, feed, component.sku) // component.quantity


@given(
    rule=rules(),
    feed=feeds,
    composition=compositions,
    location=st.sampled_from(LOCATIONS),
    sku=st.sampled_from(SKUS),
    more=st.integers(1, 30),
)
def test_more_stock_never_lowers_ats(rule, feed, composition, location, sku, more):
    before = ats(rule, feed, composition)
    current = feed.get(location, {}).get(sku, SellableStock(0, 0))
    richer = feed | {
        location: feed.get(location, {}) | {sku: current._replace(on_hand=current.on_hand + more)}
    }

    assert ats(rule, richer, composition) >= before


@given(
    rule=rules(),
    feed=feeds,
    composition=compositions,
    location=st.sampled_from(LOCATIONS),
    sku=st.sampled_from(SKUS),
    more=st.integers(1, 30),
)
def test_more_allocated_never_raises_ats(rule, feed, composition, location, sku, more):
    before = ats(rule, feed, composition)
    current = feed.get(location, {}).get(sku, SellableStock(0, 0))
    promised = feed | {
        location: feed.get(location, {})
        | {sku: current._replace(allocated=current.allocated + more)}
    }

    assert ats(rule, promised, composition) <= before


@given(rule=rules(), feed=feeds, bundle=bundles)
def test_a_bundle_never_shows_more_than_any_component_could_as_its_own_listing(rule, feed, bundle):
    quantity = ats(rule, feed, bundle)

    for component in bundle.components:
        assert quantity <= ats(rule, feed, SingleSku(component.sku, component.quantity))


@given(rule=rules(), feed=feeds, composition=compositions, cap=st.integers(0, 100))
def test_a_percentage_cap_never_raises_the_quantity(rule, feed, composition, cap):
    uncapped = replace(rule, percent_cap=None)

    assert ats(replace(rule, percent_cap=cap), feed, composition) <= ats(
        uncapped, feed, composition
    )


@given(rule=rules(), feed=feeds, composition=compositions)
def test_the_explanation_ends_with_the_quantity_it_explains(rule, feed, composition):
    result = compute_listing_ats(rule, feed, composition)

    assert result.explanation[-1] == f"ATS = {result.quantity}"
    assert result.quantity == ats(rule, feed, composition)
