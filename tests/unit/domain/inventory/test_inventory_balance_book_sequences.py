"""Random sequences of every inventory operation against the balance book, invariants after each step."""

import itertools

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from ordertower.domain.errors import DomainError
from ordertower.domain.inventory import (
    ALLOCATABLE_FOR_ORDERS,
    RECEIPT_STATUSES,
    SHIPMENT_STATUSES,
    BalanceBook,
    BalanceKey,
    InventoryStatus,
    MovementKind,
    MovementRequest,
    PositionKey,
    ReasonCode,
    Reference,
    ReferenceKind,
    allowed_status_changes,
)

S = InventoryStatus
K = MovementKind
MERCHANT = 7
EAST, WEST = 1, 2
BINS = (11, 12)
KEYS = [
    BalanceKey(MERCHANT, sku, location, bin_id, status)
    for sku in ("TEE", "CAP")
    for location in (EAST, WEST)
    for bin_id in BINS
    for status in InventoryStatus
]
SELLABLE = frozenset(ALLOCATABLE_FOR_ORDERS)


class BalanceBookSequences(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.book = BalanceBook()
        self.idempotency_keys = itertools.count()
        self.posted: list[MovementRequest] = []

    # -- operands: mostly balances worth acting on, sometimes any balance at all --

    def draw_key(self, data, statuses=frozenset(InventoryStatus), *, promised=False):
        def worth_it(key, units):
            if promised:
                return self.book.position(PositionKey.of(key)).allocated > 0
            return units > 0

        interesting = sorted(
            (
                k
                for k, units in self.book.balances().items()
                if k.status in statuses and worth_it(k, units)
            ),
            key=lambda k: k.label,
        )
        if interesting and data.draw(st.sampled_from((True, True, True, True, False))):
            return data.draw(st.sampled_from(interesting))
        return data.draw(st.sampled_from([k for k in KEYS if k.status in statuses]))

    def draw_quantity(self, data, key):
        return data.draw(st.integers(1, self.book.on_hand(key) + 2))

    def request(self, kind, key, quantity, *, src=None, dst=None, reason=None):
        return MovementRequest(
            merchant_id=MERCHANT,
            sku=key.sku,
            kind=kind,
            quantity=quantity,
            from_place=src,
            to_place=dst,
            reference=Reference(ReferenceKind.ADJUSTMENT, "seq"),
            idempotency_key=f"k{next(self.idempotency_keys)}",
            actor="hypothesis",
            reason=reason,
        )

    # -- the rules, stated independently of the book --

    def may_take(self, src, quantity, dst=None):
        """Units leave a balance only if it holds them and, in the sellable pool, only if they are
        not promised to orders (unless they stay in the same location's sellable pool)."""
        if quantity > self.book.on_hand(src):
            return False
        if src.status not in SELLABLE:
            return True
        if dst is not None and dst.status in SELLABLE and dst.location_id == src.location_id:
            return True
        return quantity <= self.book.position(PositionKey.of(src)).available

    def totals(self):
        positions = self.book.positions().values()
        return sum(self.book.balances().values()), sum(p.allocated for p in positions)

    def attempt(self, operation, *, should_work, on_hand_change=0, allocated_change=0):
        """Run one operation: it works exactly when expected, and a refusal changes nothing."""
        before = (self.book.balances(), self.book.positions(), len(self.book.movements))
        on_hand_before, allocated_before = self.totals()
        try:
            operation()
        except DomainError:
            assert not should_work
            assert (self.book.balances(), self.book.positions(), len(self.book.movements)) == before
            return
        assert should_work
        assert self.totals() == (
            on_hand_before + on_hand_change,
            allocated_before + allocated_change,
        )

    def post(self, request, *, consume=False):
        (self.book.consume if consume else self.book.post)(request)
        self.posted.append(request)

    # -- the operations --

    @initialize(quantities=st.lists(st.integers(1, 6), min_size=2, max_size=2))
    def open_with_sellable_stock(self, quantities):
        for sku, quantity in zip(("TEE", "CAP"), quantities, strict=True):
            key = BalanceKey(MERCHANT, sku, EAST, BINS[0], S.SELLABLE)
            self.post(self.request(K.RECEIPT, key, quantity, dst=key.place))

    @rule(data=st.data(), quantity=st.integers(1, 6))
    def receive(self, data, quantity):
        # Half the receipts land sellable: the pool allocations and shipments work on.
        landing = [k for k in KEYS if k.status in RECEIPT_STATUSES | {S.RETURN_PENDING}]
        sellable = [k for k in KEYS if k.status in SELLABLE]
        key = data.draw(st.sampled_from(sellable) | st.sampled_from(landing))
        kind = K.RETURN_RECEIPT if key.status is S.RETURN_PENDING else K.RECEIPT
        request = self.request(kind, key, quantity, dst=key.place)
        self.attempt(lambda: self.post(request), should_work=True, on_hand_change=quantity)

    @rule(data=st.data(), quantity=st.integers(1, 6))
    def adjust_up(self, data, quantity):
        key = data.draw(st.sampled_from(KEYS))
        request = self.request(K.ADJUSTMENT, key, quantity, dst=key.place, reason=ReasonCode.FOUND)
        self.attempt(lambda: self.post(request), should_work=True, on_hand_change=quantity)

    @rule(data=st.data())
    def adjust_down(self, data):
        key = self.draw_key(data)
        quantity = self.draw_quantity(data, key)
        request = self.request(K.ADJUSTMENT, key, quantity, src=key.place, reason=ReasonCode.LOST)
        self.attempt(
            lambda: self.post(request),
            should_work=self.may_take(key, quantity),
            on_hand_change=-quantity,
        )

    @rule(data=st.data())
    def transfer(self, data):
        src = self.draw_key(data)
        others = [k for k in KEYS if (k.sku, k.status) == (src.sku, src.status) and k != src]
        dst = data.draw(st.sampled_from(others))
        quantity = self.draw_quantity(data, src)
        request = self.request(K.TRANSFER, src, quantity, src=src.place, dst=dst.place)
        self.attempt(lambda: self.post(request), should_work=self.may_take(src, quantity, dst))

    @rule(data=st.data())
    def change_status(self, data):
        src = self.draw_key(data)
        status = data.draw(st.sampled_from(sorted(allowed_status_changes(src.status))))
        dst = BalanceKey(
            MERCHANT, src.sku, src.location_id, data.draw(st.sampled_from(BINS)), status
        )
        quantity = self.draw_quantity(data, src)
        request = self.request(K.STATUS_CHANGE, src, quantity, src=src.place, dst=dst.place)
        self.attempt(lambda: self.post(request), should_work=self.may_take(src, quantity, dst))

    @rule(data=st.data())
    def allocate(self, data):
        position = PositionKey.of(self.draw_key(data, SELLABLE | {S.HOLD}))
        quantity = data.draw(st.integers(1, self.book.position(position).on_hand + 2))
        self.attempt(
            lambda: self.book.allocate(position, quantity),
            should_work=quantity <= self.book.position(position).available,
            allocated_change=quantity,
        )

    @rule(data=st.data())
    def release(self, data):
        position = PositionKey.of(self.draw_key(data, SELLABLE, promised=True))
        quantity = data.draw(st.integers(1, self.book.position(position).allocated + 2))
        self.attempt(
            lambda: self.book.release(position, quantity),
            should_work=quantity <= self.book.position(position).allocated,
            allocated_change=-quantity,
        )

    @rule(data=st.data())
    def ship_allocated(self, data):
        key = self.draw_key(data, SELLABLE, promised=True)
        quantity = self.draw_quantity(data, key)
        promised = self.book.position(PositionKey.of(key)).allocated
        request = self.request(K.SHIPMENT, key, quantity, src=key.place)
        self.attempt(
            lambda: self.post(request, consume=True),
            should_work=quantity <= min(self.book.on_hand(key), promised),
            on_hand_change=-quantity,
            allocated_change=-quantity,
        )

    @rule(data=st.data())
    def ship_free(self, data):
        key = self.draw_key(data, SHIPMENT_STATUSES)
        quantity = self.draw_quantity(data, key)
        request = self.request(K.SHIPMENT, key, quantity, src=key.place)
        self.attempt(
            lambda: self.post(request),
            should_work=self.may_take(key, quantity),
            on_hand_change=-quantity,
        )

    @precondition(lambda self: self.posted)
    @rule(data=st.data())
    def replay(self, data):
        request = data.draw(st.sampled_from(self.posted))
        consume = next(m.consumes_allocation for m in self.book.movements if m.request == request)
        ledger_before = len(self.book.movements)
        self.attempt(lambda: self.post(request, consume=consume), should_work=True)
        assert len(self.book.movements) == ledger_before

    # -- what must hold after every step --

    @invariant()
    def no_balance_is_negative(self):
        assert all(units >= 0 for units in self.book.balances().values())

    @invariant()
    def no_location_promises_more_sellable_units_than_it_holds(self):
        sellable: dict[PositionKey, int] = {}
        for key, units in self.book.balances().items():
            if key.status in SELLABLE:
                position = PositionKey.of(key)
                sellable[position] = sellable.get(position, 0) + units
        for position, held in self.book.positions().items():
            assert held.on_hand == sellable.get(position, 0)
            assert 0 <= held.allocated <= held.on_hand

    @invariant()
    def on_hand_is_the_sum_of_the_ledger(self):
        sums: dict[BalanceKey, int] = {}
        for movement in self.book.movements:
            request = movement.request
            if request.from_key is not None:
                sums[request.from_key] = sums.get(request.from_key, 0) - request.quantity
            if request.to_key is not None:
                sums[request.to_key] = sums.get(request.to_key, 0) + request.quantity
        assert {key: total for key, total in sums.items() if total} == self.book.balances()

    @invariant()
    def the_ledger_is_numbered_without_gaps(self):
        positions = [m.position for m in self.book.movements]
        assert positions == list(range(1, len(positions) + 1))

    @invariant()
    def the_book_verifies_clean(self):
        assert self.book.verify() == []


BalanceBookSequences.TestCase.settings = settings(
    max_examples=80, stateful_step_count=25, deadline=None
)
TestRandomInventorySequencesKeepEveryInvariant = BalanceBookSequences.TestCase
