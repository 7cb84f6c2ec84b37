"""Random sequences of stock operations get the same answers from PostgreSQL as from the reference model.

Every step is applied twice (see inventory_twins): to the in-memory model and to the database through
the real services. After each step both must have accepted, or both refused for the same reason with
nothing written; the database's balances, positions, allocations and ledger must equal the model's;
its own rules must hold (no negative on hand, nothing promised beyond sellable stock, open allocations
summing to the position); and `verify_inventory` must find no drift.

Each example works for its own new merchant (products and a kit inserted directly) on warehouses and
bins the whole test shares, so no example clones a database.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, ClassVar, Protocol

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)
from inventory_twins import (
    DATED,
    ITEMS,
    KIT,
    KIT_PARTS,
    LOTS,
    Accepted,
    Allocate,
    Database,
    Handle,
    K,
    Keyed,
    Model,
    Move,
    Operation,
    Refused,
    Release,
    S,
    Ship,
    Stored,
)
from sqlalchemy import func, insert, select

from ordertower.adapters.db.tables.catalog import bundle_components, products
from ordertower.adapters.db.tables.inventory import stock_movements
from ordertower.adapters.db.tables.tenancy import merchants, users
from ordertower.bootstrap import Runtime
from ordertower.domain.inventory import (
    REASONS_THAT_ADD,
    REASONS_THAT_REMOVE,
    BalanceKey,
    InventoryStatus,
    MovementKind,
    Place,
    PositionKey,
    allowed_status_changes,
)
from ordertower.domain.tenancy import Principal, Role
from ordertower.services.inventory.verification import verify_inventory

pytestmark = pytest.mark.slow

# Receivers classify on arrival; sellable twice so allocations have something to draw on.
ARRIVAL_POOLS = (S.SELLABLE, S.SELLABLE, S.HOLD, S.QUARANTINE, S.DAMAGED)
_merchant_numbers = itertools.count(1)


class SharedPlaces(Protocol):
    """What this test takes from the `stockroom` fixture: its warehouses and bins."""

    warehouse_id: int
    other_warehouse_id: int
    bins: dict[str, int]


@dataclass(frozen=True)
class Floor:
    east: int  # a warehouse with three bins
    west: int  # a warehouse without bins: its stock sits at the location
    bins: tuple[int, ...]
    user_id: int  # the person whose name shipments are written in

    def places(self, location_id: int | None = None) -> list[tuple[int, int | None]]:
        every = [(self.east, b) for b in self.bins] + [(self.west, None)]
        return [p for p in every if location_id in (None, p[0])]


def _open_merchant(runtime: Runtime) -> int:
    """A new merchant with the three SKUs and the kit; returns its id."""
    number = next(_merchant_numbers)
    with runtime.engine.begin() as c:
        merchant_id: int = c.execute(
            insert(merchants)
            .values(code=f"HX-{number}", name=f"Hypothesis {number}")
            .returning(merchants.c.id)
        ).scalar_one()
        ids = {}
        for sku in (*ITEMS, KIT):
            ids[sku] = c.execute(
                insert(products)
                .values(
                    merchant_id=merchant_id,
                    sku=sku,
                    title=sku,
                    kind="bundle" if sku == KIT else "item",
                    expiration_dated=sku == DATED,
                )
                .returning(products.c.id)
            ).scalar_one()
        c.execute(
            insert(bundle_components),
            [
                {
                    "merchant_id": merchant_id,
                    "bundle_id": ids[KIT],
                    "component_id": ids[part],
                    "quantity": per_kit,
                }
                for part, per_kit in KIT_PARTS.items()
            ],
        )
    return merchant_id


class InventoryAgainstTheModel(RuleBasedStateMachine):
    runtime: ClassVar[Runtime]
    floor: ClassVar[Floor]

    def __init__(self) -> None:
        super().__init__()
        self.merchant_id = _open_merchant(self.runtime)
        principal = Principal(
            user_id=self.floor.user_id, name="floor", role=Role.ADMIN, merchant_ids=None
        )
        self.model = Model(self.merchant_id, shipper=f"user:{self.floor.user_id}")
        self.database = Database(self.runtime, self.merchant_id, principal)
        self.stored: Stored = self.database.stored()  # what the database holds after each step
        self.wrote = True  # whether the last step changed any row
        self.numbers: Iterator[int] = itertools.count(1)
        self.keyed: list[Keyed] = []  # every request with an idempotency key, for replays
        self.accepted: list[Keyed] = []  # those that changed something, for reusing their keys

    def teardown(self) -> None:
        self.database.close()

    def key(self, prefix: str) -> str:
        return f"{prefix}{next(self.numbers)}"

    def attempt(self, operation: Operation) -> None:
        """Apply one operation to both; they agree, and a refusal or a replay writes nothing."""
        expected = self.model.apply(operation)
        actual = self.database.apply(operation)
        before, self.stored = self.stored, self.database.stored()
        self.wrote = self.stored != before
        if not isinstance(operation, Release):
            self.keyed.append(operation)
            if expected == Accepted():
                self.accepted.append(operation)
        if isinstance(expected, Refused):
            assert isinstance(actual, Refused), f"{operation}: model refused {set(expected.codes)}"
            assert actual.codes <= expected.codes, f"{operation}: {actual} but {expected}"
        else:
            assert actual == expected, f"{operation}: model {expected}, database {actual}"
        if expected != Accepted():
            assert self.stored == before, f"{operation}: {expected}, yet rows changed"

    # -- operands: mostly stock that is there, sometimes any place at all --

    def any_balance(self, data: st.DataObject, pools: tuple[InventoryStatus, ...]) -> BalanceKey:
        sku = data.draw(st.sampled_from(ITEMS))
        location_id, bin_id = data.draw(st.sampled_from(self.floor.places()))
        lot = data.draw(st.sampled_from(sorted(LOTS))) if sku == DATED else None
        status = data.draw(st.sampled_from(pools))
        expires_on = LOTS[lot] if lot else None
        return BalanceKey(self.merchant_id, sku, location_id, bin_id, status, lot, expires_on)

    def stock(self, data: st.DataObject) -> BalanceKey:
        held = sorted(self.model.book.balances(), key=lambda k: k.label)
        usually = data.draw(st.integers(0, 4)) > 0
        if held and usually:
            return data.draw(st.sampled_from(held))
        return self.any_balance(data, tuple(S))

    def promise(self, data: st.DataObject) -> Handle:
        """Mostly one that still holds units; now and then one already shipped or released."""
        every = sorted(self.model.promises)
        live = [h for h in every if self.model.promises[h].remaining]
        usually = data.draw(st.integers(0, 4)) > 0
        return data.draw(st.sampled_from(live if live and usually else every))

    @staticmethod
    def quantity_within(units: int) -> st.SearchStrategy[int]:
        """Usually at most `units`, sometimes a little more."""
        more = st.integers(units + 1, units + 2)
        return more if units == 0 else st.one_of(st.integers(1, units), st.integers(1, units), more)

    def move(self, key: BalanceKey, kind: MovementKind, quantity: int, **sides: Any) -> Move:
        return Move(key.sku, kind, quantity, key=self.key("m"), **sides)

    # -- the operations --

    @initialize(tee=st.integers(1, 8), serum=st.integers(1, 8), cap=st.integers(1, 8))
    def open_with_sellable_stock(self, tee: int, serum: int, cap: int) -> None:
        east, west, first_bin = self.floor.east, self.floor.west, self.floor.bins[0]
        for sku, quantity, place in (
            ("TEE", tee, Place(east, first_bin, S.SELLABLE)),
            (DATED, serum, Place(east, first_bin, S.SELLABLE, "L1", LOTS["L1"])),
            ("CAP", cap, Place(west, None, S.SELLABLE)),
        ):
            self.attempt(Move(sku, K.RECEIPT, quantity, None, place, self.key("m")))
        self.attempt(Allocate("CAP", 1, west, self.key("a")))  # something to release and ship

    @rule(data=st.data(), quantity=st.integers(1, 8))
    def receive(self, data: st.DataObject, quantity: int) -> None:
        key = self.any_balance(data, ARRIVAL_POOLS)
        if data.draw(st.integers(0, 5)) == 0:  # now and then what cannot be received: refused
            wrong = data.draw(st.sampled_from((KIT, DATED)))  # a kit; a dated SKU without expiry
            key = replace(key, sku=wrong, lot=None, expires_on=None)
        self.attempt(self.move(key, K.RECEIPT, quantity, src=None, dst=key.place))

    @rule(data=st.data(), quantity=st.integers(1, 8))
    def adjust_up(self, data: st.DataObject, quantity: int) -> None:
        key = self.stock(data)
        reason = data.draw(st.sampled_from(sorted(REASONS_THAT_ADD)))
        self.attempt(self.move(key, K.ADJUSTMENT, quantity, src=None, dst=key.place, reason=reason))

    @rule(data=st.data(), quantity=st.integers(1, 8))
    def adjust_down(self, data: st.DataObject, quantity: int) -> None:
        key = self.stock(data)
        reason = data.draw(st.sampled_from(sorted(REASONS_THAT_REMOVE)))
        self.attempt(self.move(key, K.ADJUSTMENT, quantity, src=key.place, dst=None, reason=reason))

    @rule(data=st.data(), quantity=st.integers(1, 8))
    def transfer(self, data: st.DataObject, quantity: int) -> None:
        key = self.stock(data)
        others = [p for p in self.floor.places() if p != (key.location_id, key.bin_id)]
        location_id, bin_id = data.draw(st.sampled_from(others))  # another bin or warehouse
        dst = replace(key.place, location_id=location_id, bin_id=bin_id)
        self.attempt(self.move(key, K.TRANSFER, quantity, src=key.place, dst=dst))

    @rule(data=st.data(), quantity=st.integers(1, 8))
    def change_status(self, data: st.DataObject, quantity: int) -> None:
        key = self.stock(data)
        allowed = st.sampled_from(sorted(allowed_status_changes(key.status)))
        status = data.draw(st.one_of(allowed, allowed, st.sampled_from(tuple(S))))
        _, bin_id = data.draw(st.sampled_from(self.floor.places(key.location_id)))
        dst = replace(key.place, status=status, bin_id=bin_id)
        self.attempt(self.move(key, K.STATUS_CHANGE, quantity, src=key.place, dst=dst))

    def location(self, east: bool) -> int:
        return self.floor.east if east else self.floor.west

    def free(self, sku: str, location_id: int) -> int:
        return self.model.book.position(PositionKey(self.merchant_id, sku, location_id)).available

    @rule(data=st.data(), sku=st.sampled_from(ITEMS), east=st.booleans())
    def allocate_a_sku(self, data: st.DataObject, sku: str, east: bool) -> None:
        location_id = self.location(east)
        quantity = data.draw(st.integers(1, min(8, self.free(sku, location_id) + 2)))
        self.attempt(Allocate(sku, quantity, location_id, self.key("a")))

    @rule(data=st.data(), east=st.booleans())
    def allocate_a_kit(self, data: st.DataObject, east: bool) -> None:
        location_id = self.location(east)
        kits = min(self.free(part, location_id) // n for part, n in KIT_PARTS.items())
        quantity = data.draw(st.integers(1, min(8, kits + 2)))
        self.attempt(Allocate(KIT, quantity, location_id, self.key("a")))

    @precondition(lambda self: any(p.remaining for p in self.model.promises.values()))
    @rule(data=st.data())
    def release_part_of_an_allocation(self, data: st.DataObject) -> None:
        handle = self.promise(data)
        remaining = self.model.promises[handle].remaining
        quantity = data.draw(st.none() | self.quantity_within(remaining))
        self.attempt(Release(handle, quantity))

    @precondition(lambda self: any(p.remaining for p in self.model.promises.values()))
    @rule(data=st.data())
    def ship_part_of_an_allocation(self, data: st.DataObject) -> None:
        handle = self.promise(data)
        promise = self.model.promises[handle]
        position = promise.position
        stocked = [
            (k.location_id, k.bin_id)
            for k in self.model.book.balances()
            if PositionKey.of(k) == position and k.status is S.SELLABLE and k.lot is None
        ]
        places = sorted(stocked) * 3 + self.floor.places(position.location_id)
        _, bin_id = data.draw(st.sampled_from(places))  # mostly a bin that holds the SKU
        quantity = data.draw(self.quantity_within(promise.remaining))
        self.attempt(Ship(handle, quantity, bin_id, self.key("s")))

    @precondition(lambda self: bool(self.keyed))
    @rule(data=st.data(), same=st.booleans())
    def send_an_earlier_key_again(self, data: st.DataObject, same: bool) -> None:
        """The same request again is a no-op; another request under a used key is refused."""
        if same:
            self.attempt(data.draw(st.sampled_from(self.keyed)))
            return
        earlier = data.draw(st.sampled_from(self.accepted or self.keyed))
        self.attempt(replace(earlier, quantity=earlier.quantity + 1))

    # -- what must hold after every step --

    @invariant()
    def the_database_holds_what_the_model_holds(self) -> None:
        stored, db, model = self.stored, self.database, self.model
        assert db.balances(stored) == model.book.balances()
        assert db.positions(stored) == model.book.positions()
        promised = {h: (p.position, p.remaining) for h, p in model.promises.items()}
        assert db.promises(stored) == promised
        assert db.ledger(stored) == model.ledger()

    @invariant()
    def the_database_keeps_its_own_rules(self) -> None:
        stored = self.stored
        assert all(r.on_hand >= 0 for r in stored.balances)
        sellable: dict[tuple[int, int], int] = {}
        for r in stored.balances:
            if r.status == S.SELLABLE:
                where = (r.product_id, r.location_id)
                sellable[where] = sellable.get(where, 0) + r.on_hand
        promised: dict[tuple[int, int], int] = {}
        for r in stored.allocations:
            where = (r.product_id, r.location_id)
            promised[where] = promised.get(where, 0) + r.quantity
        for p in stored.positions:
            where = (p.product_id, p.location_id)
            assert 0 <= p.allocated <= p.sellable_on_hand
            assert p.sellable_on_hand == sellable.get(where, 0)
            assert p.allocated == promised.get(where, 0)
        holding = {w for w, units in [*sellable.items(), *promised.items()] if units}
        assert holding <= {(p.product_id, p.location_id) for p in stored.positions}

    @invariant()
    def verify_finds_no_drift(self) -> None:
        if not self.wrote:
            return  # no row of this merchant changed: the last verdict stands
        drifts = verify_inventory(self.runtime.uow())
        # Only this example's merchant: a failed example's drift must not fail the next ones.
        assert [str(d) for d in drifts if d.merchant_id == self.merchant_id] == []


# Passing takes well under a minute; a failure is then shrunk against the database for up to five
# minutes (Hypothesis' own limit), which must not be cut short by the suite's 300 s timeout.
@pytest.mark.timeout(600)
def test_random_stock_operations_leave_the_database_agreeing_with_the_model(
    runtime: Runtime, stockroom: SharedPlaces
) -> None:
    with runtime.engine.begin() as c:
        user_id = c.execute(
            insert(users)
            .values(email="floor@example.com", name="Floor", role="admin")
            .returning(users.c.id)
        ).scalar_one()

    # A state machine run inside the test (not @given) keeps the function-scoped runtime: each
    # example opens its own merchant, so examples share the database without sharing stock.
    class OnThisDatabase(InventoryAgainstTheModel):
        pass

    OnThisDatabase.runtime = runtime
    OnThisDatabase.floor = Floor(
        east=stockroom.warehouse_id,
        west=stockroom.other_warehouse_id,
        bins=tuple(stockroom.bins[code] for code in ("A-01", "A-02", "A-03")),
        user_id=user_id,
    )
    run_state_machine_as_test(
        OnThisDatabase,
        settings=settings(max_examples=40, stateful_step_count=25, deadline=None),
    )
    with runtime.engine.connect() as c:
        movements = c.execute(select(func.count()).select_from(stock_movements)).scalar_one()
    assert movements > 40 * 3, "every example posts its opening stock at least"
