"""Fixtures for fulfillment tests: a floor with bins, stock and a carrier account; a clean ledger."""

from __future__ import annotations

import pytest
from floor_fixtures import Floor, make_floor


@pytest.fixture(autouse=True)
def ledger_stays_true(runtime):
    """After every fulfillment test, `inventory verify` must find no drift."""
    yield
    from ordertower.services.inventory.verification import verify_inventory

    assert [str(d) for d in verify_inventory(runtime.uow())] == []


@pytest.fixture
def floor(runtime, merchant, admin) -> Floor:
    floor = make_floor(runtime, merchant["id"], admin.principal)
    floor.add_carrier_account()
    return floor
