"""The fewest-locations search: exact for a few candidates, greedy and still covering beyond."""

from __future__ import annotations

from routing_examples import line, order

from ordertower.domain.routing import (
    EXACT_LOCATION_LIMIT,
    StockView,
    fewest_locations,
    greedy_cover,
    harmonic,
)


def test_among_equally_small_sets_the_earliest_candidates_win() -> None:
    stock = StockView(
        order(line("A"), line("B")),
        {"WH-1": {"A": 1}, "WH-2": {"B": 1}, "WH-3": {"A": 1, "B": 1}, "WH-4": {"A": 1, "B": 1}},
    )

    found = fewest_locations(stock, ["WH-1", "WH-2", "WH-3", "WH-4"], max_locations=2)

    assert found is not None
    assert found.locations == ("WH-3",)


def test_beyond_the_exact_limit_the_greedy_search_still_covers_the_order() -> None:
    skus = [f"S{n}" for n in range(EXACT_LOCATION_LIMIT + 4)]
    stock = {f"WH-{n:02}": {sku: 1} for n, sku in enumerate(skus)}
    stock["WH-BIG"] = dict.fromkeys(skus[:8], 1)
    view = StockView(order(*(line(sku) for sku in skus)), stock)

    found = fewest_locations(view, list(stock), max_locations=20)

    assert found is not None
    assert not found.exact
    assert not view.lacks_together(found.locations)
    assert len(found.locations) == 9  # WH-BIG plus one location for each of the other eight SKUs


def test_the_greedy_search_drops_locations_the_others_made_unnecessary() -> None:
    # Greedy takes WH-WIDE first (4 units, tied with WH-A but listed first), then WH-A, then WH-B;
    # WH-A and WH-B alone cover everything, so WH-WIDE goes.
    stock = {
        "WH-WIDE": {"X": 2, "Y": 1, "Z": 1},
        "WH-A": {"X": 2, "Y": 2},
        "WH-B": {"Z": 2},
    }
    view = StockView(order(line("X", 2), line("Y", 2), line("Z", 2)), stock)

    assert greedy_cover(view, ["WH-WIDE", "WH-A", "WH-B"]) == ("WH-A", "WH-B")


def test_the_harmonic_bound_grows_like_a_logarithm() -> None:
    assert harmonic(0) == 0
    assert harmonic(1) == 1
    assert round(harmonic(50), 2) == 4.5
