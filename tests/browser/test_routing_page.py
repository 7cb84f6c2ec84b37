"""In chromium: the sample merchant's routing rules in words, an order tried against them, then
the same order tried against rules edited in the editor (unsaved), then saved."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Page, expect

from ordertower.adapters.credential_vault import FernetVault
from ordertower.services import sample_data


def test_try_an_order_then_edit_and_save_the_rules(page: Page, live_server, tmp_path: Path) -> None:
    runtime = live_server.runtime
    with runtime.atomic() as uow:
        sample_data.seed_sample(
            uow, runtime.hasher, FernetVault(runtime.cipher), password="sample password 1"
        )
    live_server.sign_in(page)

    page.goto(f"{live_server.url}/routing")
    expect(page.locator("#rule-2")).to_contain_text("Walmart TwoDay from Edison")
    expect(page.locator("#routing-default")).to_contain_text("default warehouse WH-NJ")

    page.get_by_label("Channel").select_option("walmart")
    page.get_by_label("Service level").select_option("two_day")
    page.get_by_label("Lines").fill("SOAP-LAV 1")
    page.get_by_role("button", name="Route it").click()
    expect(page.locator("#routing-decision")).to_contain_text("Ships from WH-NJ")
    expect(page.locator("#routing-decision")).to_contain_text("decided by rule 2")

    editor = page.get_by_label("Routing document")
    document = json.loads(editor.input_value())
    document["rules"] = document["rules"][:1]
    document["default"] = {"kind": "hold", "queue": "unrouted", "note": "Test"}
    editor.fill(json.dumps(document, indent=2))
    page.get_by_label("Try the rules in the editor (unsaved)").check()
    page.get_by_role("button", name="Route it").click()
    expect(page.locator("#routing-decision")).to_contain_text("Held in queue unrouted")
    page.screenshot(path=str(tmp_path / "routing-tried.png"), full_page=True)

    page.get_by_label("Routing document").fill(json.dumps(document, indent=2))
    page.get_by_role("button", name="Save rules").click()
    expect(page.get_by_role("status")).to_have_text("Routing policy saved (version 2).")
    expect(page.locator("#routing-default")).to_contain_text("Hold in queue unrouted (Test)")
    page.screenshot(path=str(tmp_path / "routing-saved.png"), full_page=True)
