"""Posting movements to the ledger: the only way on-hand stock changes.

A batch is all-or-nothing. Every balance and position it touches is locked in one deterministic order
(positions, then balances, each sorted by key), the batch is replayed against the locked numbers in the
order given (so each movement is judged as if posted alone), and then written: the movements appended,
the net change applied per key, and one coalesced available-to-sell recompute deferred per product
whose sellable stock changed. A request whose idempotency key was seen before is a no-op.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, fields, is_dataclass
from typing import Any

from ordertower.domain.errors import InvalidInput
from ordertower.domain.inventory import InventoryStatus, MovementRequest
from ordertower.domain.inventory.effects import Holding, StepEffects, StockEffect, replay
from ordertower.domain.inventory.errors import IdempotencyKeyReused
from ordertower.domain.tenancy import Permission, Principal

from .ports import BalanceRef, InventoryStore, LedgerRow, PositionRef
from .recompute_jobs import defer_recompute
from .resolution import Resolved, resolve
from .unit_of_work import InventoryUnitOfWork

MAX_BATCH = 10_000
SELLABLE = InventoryStatus.SELLABLE


@dataclass(frozen=True, slots=True)
class Posted:
    movement_id: int
    replayed: bool  # the idempotency key was seen before: nothing changed


@dataclass(frozen=True, slots=True)
class Planned:
    """A movement to post, optionally shipping units of an allocation."""

    request: MovementRequest
    consumes_allocation: int | None = None


def post_movements(
    uow: InventoryUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    requests: Sequence[MovementRequest | Planned],
    actor_user_id: int | None = None,
) -> list[Posted]:
    """Post a batch of movements for one merchant (1 to 10,000), all or nothing."""
    principal.require(Permission.FLOOR_WORK, merchant_id)
    planned = [r if isinstance(r, Planned) else Planned(r) for r in requests]
    _check_batch(planned, merchant_id)
    with uow:
        posted = post_in_transaction(
            uow, merchant_id=merchant_id, planned=planned, actor_user_id=actor_user_id
        )
        uow.commit()
    return posted


def post_in_transaction(
    uow: InventoryUnitOfWork,
    *,
    merchant_id: int,
    planned: Sequence[Planned],
    actor_user_id: int | None,
) -> list[Posted]:
    """The posting itself, inside a caller's transaction (receiving, shipping and counts use it)."""
    store = uow.inventory
    digests = [_digest(p) for p in planned]
    outcome, fresh = _split_replays(store, merchant_id, planned, digests)
    if not fresh:
        return [o for o in outcome if o is not None]
    resolved = resolve(store, merchant_id, [planned[i].request for i in fresh])
    steps = [_effects(i, planned[i], resolved) for i in fresh]
    positions = {e.key for s in steps for e in s.effects if isinstance(e.key, PositionRef)}
    balances = {e.key for s in steps for e in s.effects if isinstance(e.key, BalanceRef)}
    held_positions = store.lock_positions(merchant_id, positions)
    held_balances = store.lock_balances(merchant_id, balances)
    current: dict[object, Holding] = {}
    current.update(held_positions.items())
    current.update(held_balances.items())
    net = replay(steps, current)
    rows = [_ledger_row(planned[i], digests[i], resolved, actor_user_id) for i in fresh]
    ids = store.append(merchant_id, rows)
    last = max(ids)
    store.apply_positions(
        merchant_id,
        {k: v for k, v in net.on_hand.items() if isinstance(k, PositionRef)},
        {k: v for k, v in net.allocated.items() if isinstance(k, PositionRef)},
        last,
        held_positions.keys(),
    )
    store.apply_balances(
        merchant_id,
        {k: v for k, v in net.on_hand.items() if isinstance(k, BalanceRef)},
        {_target(r): r.expires_on for r in rows if r.target is not None},
        last,
        held_balances.keys(),
    )
    _consume_allocations(store, merchant_id, planned, fresh)
    defer_recompute(uow.jobs, merchant_id, (p.product_id for p in positions))
    for index, movement_id in zip(fresh, ids, strict=True):
        outcome[index] = Posted(movement_id, replayed=False)
    return [o for o in outcome if o is not None]


def _check_batch(planned: Sequence[Planned], merchant_id: int) -> None:
    if not planned:
        raise InvalidInput("Send at least one movement.", field="movements")
    if len(planned) > MAX_BATCH:
        raise InvalidInput(f"Send at most {MAX_BATCH} movements at once.", field="movements")
    for index, item in enumerate(planned):
        if item.request.merchant_id != merchant_id:
            raise InvalidInput(
                "Every movement in a batch belongs to the merchant it is posted for.",
                field=f"movements[{index}].merchant_id",
            )


def _digest(planned: Planned) -> str:
    # The same text as json.dumps({**asdict(request), ...}): digests stored before stay comparable.
    payload = {**_plain(planned.request), "consumes_allocation": planned.consumes_allocation}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _plain(value: Any) -> Any:
    """`dataclasses.asdict` without its deep copies (every leaf here is immutable): 10× faster."""
    kind = type(value)
    names = _FIELDS.get(kind, ())
    if names == ():
        names = _FIELDS[kind] = (
            tuple(f.name for f in fields(value)) if is_dataclass(value) else None
        )
    if names is None:
        return [_plain(v) for v in value] if isinstance(value, (list, tuple)) else value
    return {name: _plain(getattr(value, name)) for name in names}


_FIELDS: dict[type, tuple[str, ...] | None] = {}  # field names per class; None: not a dataclass


def _split_replays(
    store: InventoryStore, merchant_id: int, planned: Sequence[Planned], digests: list[str]
) -> tuple[list[Posted | None], list[int]]:
    """Which requests are replays (already posted) and which are new, in order."""
    keys = [p.request.idempotency_key for p in planned]
    recorded = store.recorded(merchant_id, set(keys))
    outcome: list[Posted | None] = [None] * len(planned)
    fresh: list[int] = []
    first_in_batch: dict[str, int] = {}
    for index, key in enumerate(keys):
        earlier = recorded.get(key)
        if earlier is not None:
            _same_request(key, earlier.request_digest, digests[index], index)
            outcome[index] = Posted(earlier.movement_id, replayed=True)
        elif key in first_in_batch:
            _same_request(key, digests[first_in_batch[key]], digests[index], index)
        else:
            first_in_batch[key] = index
            fresh.append(index)
    return outcome, fresh


def _same_request(key: str, before: str, now: str, index: int) -> None:
    if before != now:
        raise IdempotencyKeyReused(
            f"Idempotency key {key!r} was already used for a different movement; "
            "use a new key for a new movement.",
            field=f"movements[{index}].idempotency_key",
        )


def _effects(index: int, item: Planned, resolved: Resolved) -> StepEffects:
    request = item.request
    product = resolved.products[request.sku]
    quantity = request.quantity
    effects: list[StockEffect] = []
    src = resolved.balance_ref(product.id, request.from_place)
    dst = resolved.balance_ref(product.id, request.to_place)
    if src is not None:
        effects.append(StockEffect(src, resolved.label(request.sku, src), on_hand=-quantity))
    if dst is not None:
        effects.append(StockEffect(dst, resolved.label(request.sku, dst), on_hand=quantity))
    src_pos = PositionRef(product.id, src.location_id) if src and src.status == SELLABLE else None
    dst_pos = PositionRef(product.id, dst.location_id) if dst and dst.status == SELLABLE else None
    consumed = quantity if item.consumes_allocation is not None else 0
    if src_pos is not None and not (src_pos == dst_pos and not consumed):
        label = resolved.position_label(request.sku, src_pos)
        effects.insert(0, StockEffect(src_pos, label, on_hand=-quantity, allocated=-consumed))
    if dst_pos is not None and src_pos != dst_pos:
        label = resolved.position_label(request.sku, dst_pos)
        effects.insert(0, StockEffect(dst_pos, label, on_hand=quantity))
    what = f"movement {index + 1} ({request.kind} of {quantity} × {request.sku})"
    return StepEffects(tuple(effects), what)


def _ledger_row(
    item: Planned, digest: str, resolved: Resolved, actor_user_id: int | None
) -> LedgerRow:
    request = item.request
    product = resolved.products[request.sku]
    place = request.to_place or request.from_place
    return LedgerRow(
        product_id=product.id,
        kind=str(request.kind),
        quantity=request.quantity,
        source=resolved.balance_ref(product.id, request.from_place),
        target=resolved.balance_ref(product.id, request.to_place),
        expires_on=place.expires_on if place else None,
        reason=str(request.reason) if request.reason else None,
        note=request.note,
        reference_kind=str(request.reference.kind),
        reference_id=request.reference.id,
        idempotency_key=request.idempotency_key,
        request_digest=digest,
        actor=request.actor,
        actor_user_id=actor_user_id,
        consumes_allocation=item.consumes_allocation,
    )


def _target(row: LedgerRow) -> BalanceRef:
    assert row.target is not None
    return row.target


def _consume_allocations(
    store: InventoryStore, merchant_id: int, planned: Sequence[Planned], fresh: list[int]
) -> None:
    changes: dict[int, int] = {}
    for index in fresh:
        allocation = planned[index].consumes_allocation
        if allocation is not None:
            changes[allocation] = changes.get(allocation, 0) - planned[index].request.quantity
    if changes:
        store.change_allocations(merchant_id, changes)
