"""Kits and bundles: a bundle SKU is made of component SKUs, and the bundle graph stays acyclic."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from ..errors import FieldProblem
from .errors import BundleCycle, BundleInvalid, InvalidSku
from .sku import validate_sku

BundleGraph = Mapping[str, Sequence["BundleComponent"]]
MAX_COMPONENT_QUANTITY = 10_000


@dataclass(frozen=True, slots=True)
class BundleComponent:
    """`quantity` units of the component SKU go into one unit of the bundle."""

    sku: str
    quantity: int


def bundle_component_problems(
    components: Sequence[BundleComponent],
) -> tuple[tuple[BundleComponent, ...], list[FieldProblem]]:
    """The components with trimmed SKUs, and every bad SKU, quantity < 1 and repeated component.

    Problem fields are relative to the list: `[2].quantity`.
    """
    normalised: list[BundleComponent] = []
    problems: list[FieldProblem] = []
    seen: set[str] = set()
    for index, component in enumerate(components):
        try:
            sku = validate_sku(component.sku)
        except InvalidSku as error:
            problems.append(FieldProblem(f"[{index}].sku", error.code, error.message))
            continue
        normalised.append(BundleComponent(sku=sku, quantity=component.quantity))
        quantity = component.quantity
        if isinstance(quantity, bool) or not 1 <= quantity <= MAX_COMPONENT_QUANTITY:
            message = (
                f"Component {sku} has quantity {quantity}; "
                f"use a whole number from 1 to {MAX_COMPONENT_QUANTITY:,}."
            )
            problems.append(FieldProblem(f"[{index}].quantity", "invalid_bundle_quantity", message))
        if sku in seen:
            message = f"Component {sku} is listed twice; list it once with the total quantity."
            problems.append(FieldProblem(f"[{index}]", "duplicate_bundle_component", message))
        seen.add(sku)
    return tuple(normalised), problems


def iter_bundle_cycles(graph: BundleGraph, starts: Iterable[str]) -> Iterator[tuple[str, ...]]:
    """Cycles reachable from `starts`: each a path from a start, ending on the repeated SKU.

    One depth-first walk over the whole graph (linear in its size) that yields a path for every
    edge leading back into the current path. SKUs missing from `graph` are plain products.
    """
    finished: set[str] = set()
    for start in starts:
        if start in finished:
            continue
        path, on_path = [start], {start}
        stack: list[Iterator[BundleComponent]] = [iter(graph.get(start, ()))]
        while stack:
            component = next(stack[-1], None)
            if component is None:
                stack.pop()
                on_path.discard(path[-1])
                finished.add(path.pop())
            elif component.sku in on_path:
                yield (*path, component.sku)
            elif component.sku not in finished:
                path.append(component.sku)
                on_path.add(component.sku)
                stack.append(iter(graph.get(component.sku, ())))


def find_bundle_cycle(graph: BundleGraph, start: str) -> tuple[str, ...] | None:
    """The path from `start` into the first cycle reachable from it, ending on the repeated SKU."""
    return next(iter_bundle_cycles(graph, (start,)), None)


def check_bundle_graph(
    existing: BundleGraph, *, sku: str, components: Sequence[BundleComponent]
) -> None:
    """Refuse a proposed bundle definition for `sku` that is malformed or closes a cycle.

    `existing` is the merchant's current bundle definitions; the proposal replaces the one of
    `sku`. Raises BundleInvalid (bad SKUs, quantities, repeats) or BundleCycle (naming the path).
    """
    normalised, problems = bundle_component_problems(components)
    if problems:
        raise BundleInvalid(
            [replace(problem, field=f"bundle_components{problem.field}") for problem in problems]
        )
    cycle = find_bundle_cycle({**existing, sku: normalised}, sku)
    if cycle is not None:
        raise BundleCycle(cycle)
