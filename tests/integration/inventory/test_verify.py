"""`inventory verify` finds drift between stored balances and the ledger, and exits 1 with the rows."""

from sqlalchemy import text
from typer.testing import CliRunner

from ordertower.entrypoints.cli.main import app
from ordertower.services.inventory.posting import post_movements
from ordertower.services.inventory.verification import verify_inventory


def test_a_tampered_balance_is_reported_as_drift(runtime, stockroom, ledger_stays_true) -> None:
    s = stockroom
    post_movements(
        runtime.uow(),
        principal=s.principal,
        merchant_id=s.merchant_id,
        requests=[s.receive("SKU-A", 5)],
    )
    with runtime.engine.begin() as c:
        c.execute(text("UPDATE stock_balances SET on_hand = 7"))
        c.execute(text("UPDATE stock_positions SET sellable_on_hand = 7"))
    drifts = verify_inventory(runtime.uow())
    assert [(d.check, d.sku, d.where, d.stored, d.expected) for d in drifts] == [
        ("balance", "SKU-A", "WH-EAST/A-01 (sellable)", 7, 5),
    ]
    result = CliRunner().invoke(
        app, ["inventory", "verify"], env={"ORDERTOWER_DATABASE_URL": runtime.database_url}
    )
    assert result.exit_code == 1
    assert "SKU-A" in result.output
    with runtime.engine.begin() as c:  # mend it, so the after-test check passes
        c.execute(text("UPDATE stock_balances SET on_hand = 5"))
        c.execute(text("UPDATE stock_positions SET sellable_on_hand = 5"))


def test_a_clean_ledger_verifies_with_exit_code_zero(runtime) -> None:
    result = CliRunner().invoke(
        app, ["inventory", "verify"], env={"ORDERTOWER_DATABASE_URL": runtime.database_url}
    )
    assert result.exit_code == 0, result.output
