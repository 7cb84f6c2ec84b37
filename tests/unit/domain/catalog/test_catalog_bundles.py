"""Bundle definitions: components with positive quantities, listed once, in an acyclic graph."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from ordertower.domain.catalog import (
    BundleComponent,
    BundleCycle,
    BundleInvalid,
    check_bundle_graph,
    find_bundle_cycle,
)


def parts(*skus: str) -> tuple[BundleComponent, ...]:
    return tuple(BundleComponent(sku=sku, quantity=1) for sku in skus)


def graph(**definitions: Sequence[str]) -> dict[str, tuple[BundleComponent, ...]]:
    return {sku: parts(*components) for sku, components in definitions.items()}


def test_a_bundle_of_plain_products_is_accepted() -> None:
    check_bundle_graph({}, sku="GIFT-SET", components=parts("MUG", "TEA"))


def test_a_bundle_may_contain_bundles_and_share_components() -> None:
    existing = graph(SET_A=["MUG", "TEA"], SET_B=["TEA", "SPOON"])

    check_bundle_graph(existing, sku="MEGA", components=parts("SET_A", "SET_B", "TEA"))


def test_a_bundle_that_contains_itself_is_rejected() -> None:
    with pytest.raises(BundleCycle) as refused:
        check_bundle_graph({}, sku="KIT", components=parts("MUG", "KIT"))

    assert refused.value.path == ("KIT", "KIT")
    assert refused.value.code == "bundle_cycle"


def test_a_cycle_through_existing_bundles_is_rejected_naming_the_path() -> None:
    existing = graph(B=["C"], C=["MUG", "A"])

    with pytest.raises(BundleCycle) as refused:
        check_bundle_graph(existing, sku="A", components=parts("TEA", "B"))

    assert refused.value.path == ("A", "B", "C", "A")
    assert "A → B → C → A" in refused.value.message


def test_the_proposal_replaces_the_bundles_stored_definition() -> None:
    existing = graph(A=["B"], B=["MUG"])

    check_bundle_graph(existing, sku="B", components=parts("TEA"))
    with pytest.raises(BundleCycle):
        check_bundle_graph(existing, sku="B", components=parts("A"))


@pytest.mark.parametrize("quantity", [0, -2])
def test_a_component_quantity_below_one_is_rejected(quantity: int) -> None:
    components = (BundleComponent(sku="MUG", quantity=quantity),)

    with pytest.raises(BundleInvalid) as refused:
        check_bundle_graph({}, sku="KIT", components=components)

    assert [(p.field, p.code) for p in refused.value.problems] == [
        ("bundle_components[0].quantity", "invalid_bundle_quantity")
    ]


def test_a_component_listed_twice_is_rejected_and_every_problem_is_reported() -> None:
    components = (
        BundleComponent(sku="MUG", quantity=1),
        BundleComponent(sku="TEA BAG", quantity=1),
        BundleComponent(sku="MUG", quantity=0),
    )

    with pytest.raises(BundleInvalid) as refused:
        check_bundle_graph({}, sku="KIT", components=components)

    assert [(p.field, p.code) for p in refused.value.problems] == [
        ("bundle_components[1].sku", "invalid_sku"),
        ("bundle_components[2].quantity", "invalid_bundle_quantity"),
        ("bundle_components[2]", "duplicate_bundle_component"),
    ]


def test_find_bundle_cycle_reports_a_cycle_reached_from_the_start_even_if_it_misses_it() -> None:
    corrupt = graph(A=["B"], B=["C"], C=["B"])

    assert find_bundle_cycle(corrupt, "A") == ("A", "B", "C", "B")


def test_a_deep_chain_of_bundles_is_walked_without_recursion_limits() -> None:
    chain = {f"S{i}": parts(f"S{i + 1}") for i in range(5000)}

    assert find_bundle_cycle(chain, "S0") is None
    chain["S5000"] = parts("S0")
    cycle = find_bundle_cycle(chain, "S0")
    assert cycle is not None
    assert (cycle[0], cycle[-1], len(cycle)) == ("S0", "S0", 5002)


def test_a_long_cycle_is_named_by_its_ends_in_the_message_and_kept_whole_in_path() -> None:
    chain = {f"S{i}": parts(f"S{(i + 1) % 100}") for i in range(100)}

    with pytest.raises(BundleCycle) as refused:
        check_bundle_graph(chain, sku="S0", components=parts("S1"))

    assert len(refused.value.path) == 101
    assert "S0 → S1 → S2 → S3 → S4 → S5 → …89 more… → S95 → S96 → S97 → S98 → S99 → S0." in (
        refused.value.message
    )
