"""Fixtures for dropship tests: a merchant with two vendors and a routing policy; a true ledger."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from dropship_shop import DropshipShop, open_dropship_shop

# The page test signs in with the web tests' helper (tests/integration/web/page_session.py).
sys.path.insert(0, str(Path(__file__).parents[1] / "web"))


@pytest.fixture(autouse=True)
def ledger_stays_true(runtime):
    """After every dropship test, `inventory verify` must find no drift."""
    yield
    from ordertower.services.inventory.verification import verify_inventory

    assert [str(d) for d in verify_inventory(runtime.uow())] == []


@pytest.fixture
def shop(runtime, merchant, admin) -> DropshipShop:
    return open_dropship_shop(runtime, merchant["id"], admin.principal)


@pytest.fixture
def base(merchant) -> str:
    return f"/api/v1/merchants/{merchant['id']}"
