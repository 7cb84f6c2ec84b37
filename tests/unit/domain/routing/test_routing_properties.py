"""Properties of routing over random orders, stock and rules, and of the fewest-locations search."""

from __future__ import annotations

from collections import Counter
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st
from routing_examples import line, order

from ordertower.domain.routing import (
    Assigned,
    Availability,
    RoutingOrder,
    RoutingPolicy,
    RoutingRule,
    ShipFrom,
    Shortfall,
    StockView,
    Strategy,
    ZoneEntry,
    ZoneTable,
    exact_cover,
    fewest_locations,
    greedy_cover,
    harmonic,
    route_order,
)

LOCATIONS = [f"WH-{n}" for n in range(1, 7)]
SKUS = ["A", "B", "C"]

# Few SKUs, several lines each and small stock: most orders need a split or cannot ship at all.
orders = st.lists(st.tuples(st.sampled_from(SKUS), st.integers(1, 4)), min_size=1, max_size=6).map(
    lambda pairs: order(*(line(sku, units, line_id=str(i)) for i, (sku, units) in enumerate(pairs)))
)
availabilities = st.dictionaries(
    st.sampled_from(LOCATIONS),
    st.dictionaries(st.sampled_from(SKUS), st.integers(-1, 5), max_size=3),
    max_size=6,
)
ship_from_rules = st.builds(
    lambda locations, strategy, split, max_splits, shortfall: RoutingRule(
        action=ShipFrom(
            locations=tuple(locations),
            strategy=Strategy.PRIORITY
            if strategy is Strategy.FEWEST_SPLITS and not split
            else strategy,
            allow_split=split,
            max_splits=max_splits if split else 0,
            on_shortfall=shortfall,
        )
    ),
    st.lists(st.sampled_from(LOCATIONS), min_size=1, max_size=6, unique=True),
    st.sampled_from(Strategy),
    st.booleans(),
    st.integers(1, 2),
    st.sampled_from(Shortfall),
)
policies = st.lists(ship_from_rules, min_size=1, max_size=3).map(
    lambda rules: RoutingPolicy(rules=tuple(rules))
)
zones = st.lists(
    st.builds(
        lambda location, rank: ZoneEntry(location=location, country="US", rank=rank),
        st.sampled_from(LOCATIONS),
        st.integers(1, 9),
    ),
    max_size=6,
    unique_by=lambda entry: entry.location,
).map(ZoneTable)


@settings(max_examples=200)
@given(orders, availabilities, policies, zones)
def test_routing_never_assigns_more_than_is_free_covers_every_line_and_respects_max_splits(
    wanted: RoutingOrder, stock: Availability, policy: RoutingPolicy, table: ZoneTable
) -> None:
    decision = route_order(wanted, availability=stock, policy=policy, zones=table)
    first = policy.rules[0].action
    assert isinstance(first, ShipFrom)
    view = StockView(wanted, stock)
    if any(view.can_ship_whole(location) for location in first.locations):
        assert isinstance(decision, Assigned)
        assert (decision.rule, decision.splits) == (1, 0)
    if not isinstance(decision, Assigned):
        return
    taken: Counter[tuple[str, str]] = Counter()
    covered: Counter[tuple[str, str]] = Counter()
    for assignment in decision.assignments:
        assert assignment.lines, "a location in the decision ships something"
        for placed in assignment.lines:
            assert placed.units > 0
            taken[(assignment.location, placed.sku)] += placed.units
            covered[(placed.line_id, placed.sku)] += placed.units
    for (location, sku), units in taken.items():
        assert units <= max(0, stock.get(location, {}).get(sku, 0))
    assert covered == Counter({(item.line_id, item.sku): item.units for item in wanted.lines})
    assert decision.rule is not None
    action = policy.rules[decision.rule - 1].action
    assert isinstance(action, ShipFrom)
    assert decision.splits <= (action.max_splits if action.allow_split else 0)
    assert {a.location for a in decision.assignments} <= set(action.locations)


def _brute_force_fewest(stock: StockView, candidates: list[str]) -> int | None:
    for size in range(1, len(candidates) + 1):
        for chosen in combinations(candidates, size):
            if not stock.lacks_together(chosen):
                return size
    return None


@settings(max_examples=200)
@given(orders, availabilities)
def test_the_exact_search_finds_a_true_minimum(wanted: RoutingOrder, stock: Availability) -> None:
    view = StockView(wanted, stock)
    best = _brute_force_fewest(view, LOCATIONS)

    found = fewest_locations(view, LOCATIONS, max_locations=len(LOCATIONS))

    assert (None if found is None else len(found.locations)) == best
    if found is not None:
        assert found.exact
        assert not view.lacks_together(found.locations)


@settings(max_examples=200)
@given(orders, availabilities)
def test_the_greedy_search_stays_within_its_documented_bound(
    wanted: RoutingOrder, stock: Availability
) -> None:
    view = StockView(wanted, stock)
    best = exact_cover(view, LOCATIONS, max_locations=len(LOCATIONS))

    greedy = greedy_cover(view, LOCATIONS)

    assert (greedy is None) == (best is None)
    if greedy is not None and best is not None:
        assert not view.lacks_together(greedy)
        most = max(view.contribution(location) for location in LOCATIONS)
        assert len(best) <= len(greedy) <= harmonic(most) * len(best)
