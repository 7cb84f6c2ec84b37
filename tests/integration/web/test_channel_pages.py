"""Channel account pages: connect accounts, change settings, set and clear write-only credentials."""

from __future__ import annotations

import re

import pytest
from page_session import flash_after, sign_in
from sqlalchemy import func, select

from ordertower.adapters.db.tables.channels import channel_accounts
from ordertower.domain.tenancy import Role

SHOPIFY_TOKEN = "shpat_web0123456789-do-not-leak"
CLIENT_SECRET = "shopify-client-secret-do-not-leak"
AMAZON_SECRET = "amzn-lwa-secret-web-do-not-leak"
REFRESH_TOKEN = "Atzr|web-refresh-token-do-not-leak"
SECRETS = (SHOPIFY_TOKEN, CLIENT_SECRET, AMAZON_SECRET, REFRESH_TOKEN)


def accounts_stored(runtime) -> list[dict]:
    with runtime.engine.connect() as connection:
        return [dict(r._mapping) for r in connection.execute(select(channel_accounts))]


def count(runtime) -> int:
    with runtime.engine.connect() as connection:
        return int(
            connection.execute(select(func.count()).select_from(channel_accounts)).scalar_one()
        )


@pytest.fixture
def manager(runtime, merchant):
    return sign_in(runtime, Role.MANAGER, (merchant["id"],))


def connect(browser, kind: str, name: str) -> int:
    response = browser.post("/channels/new", {"kind": kind, "name": name})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def shopify_form(**changes: str) -> dict[str, str]:
    return {
        "credentials.shop_domain": "acme-goods",
        "credentials.admin_api_access_token": SHOPIFY_TOKEN,
        "credentials.client_secret": CLIENT_SECRET,
        **changes,
    }


def test_connecting_an_account_leads_to_its_page_which_asks_for_credentials(
    manager, runtime
) -> None:
    page = flash_after(manager, manager.post("/channels/new", {"kind": "shopify", "name": "Acme"}))
    assert "Channel account Acme added. Set its credentials below." in page
    assert "Not set" in page
    for name in ("shop_domain", "admin_api_access_token", "client_id", "client_secret"):
        assert f'name="credentials.{name}"' in page
    assert len(re.findall(r'type="password"', page)) == 4


def test_the_channels_page_lists_accounts_with_kind_badges_and_credential_state(
    manager, runtime
) -> None:
    shop = connect(manager, "shopify", "Acme Shopify")
    connect(manager, "walmart", "Acme Walmart")
    manager.post(f"/channels/{shop}/credentials", shopify_form())
    page = manager.get("/channels").text
    assert "Acme Shopify" in page
    assert "Acme Walmart" in page
    assert "badge--success" in page
    assert "Shopify" in page
    assert "Walmart" in page
    assert "Not set" in page
    assert ">Set<" in page
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d UTC", page)  # when they were last set


def test_an_account_without_a_name_is_refused_and_nothing_is_written(manager, runtime) -> None:
    response = manager.post("/channels/new", {"kind": "shopify", "name": "  "})
    assert response.status_code == 422
    assert "Fill this in." in response.text
    assert manager.post("/channels/new", {"kind": "myspace", "name": "X"}).status_code == 422
    assert count(runtime) == 0


def test_a_second_account_with_the_same_name_is_a_conflict(manager, runtime) -> None:
    connect(manager, "manual", "Wholesale")
    response = manager.post("/channels/new", {"kind": "manual", "name": "Wholesale"})
    assert response.status_code == 409
    assert "already has a channel account named" in response.text
    assert count(runtime) == 1


def test_credentials_are_saved_encrypted_and_their_values_never_come_back(manager, runtime) -> None:
    shop = connect(manager, "shopify", "Acme")
    page = flash_after(manager, manager.post(f"/channels/{shop}/credentials", shopify_form()))
    assert "Credentials saved and encrypted." in page
    assert "admin_api_access_token" in page
    assert "Set" in page
    assert not [s for s in SECRETS if s in page]
    (stored,) = accounts_stored(runtime)
    assert stored["credentials"] is not None
    assert SHOPIFY_TOKEN.encode() not in bytes(stored["credentials"])
    assert stored["external_id"] == "acme-goods.myshopify.com"


def test_refused_credentials_show_field_errors_without_echoing_any_value(manager, runtime) -> None:
    amazon = connect(manager, "amazon", "Amazon US")
    bad = {
        "credentials.lwa_client_id": "amzn1.application-oa2-client.1",
        "credentials.lwa_client_secret": AMAZON_SECRET,
        "credentials.refresh_token": REFRESH_TOKEN,
        "credentials.selling_partner_id": "A3TH9S8BH6GOGM",
        "credentials.region": "EU",
        "credentials.marketplace_ids": "A2EUQ1WTGCTBG2",  # Canada, not in the EU region
    }
    response = manager.post(f"/channels/{amazon}/credentials", bad)
    assert response.status_code == 422
    assert "credentials.marketplace_ids" in response.text  # the field is named…
    assert 'aria-invalid="true"' in response.text
    assert "not served by the region given" in response.text
    for value in (AMAZON_SECRET, REFRESH_TOKEN, "amzn1.application-oa2-client.1", "A2EUQ1WTGCTBG2"):
        assert value not in response.text  # …its value, and every other one, is not
    missing = manager.post(f"/channels/{amazon}/credentials", {"credentials.region": "NA"})
    assert missing.status_code == 422
    assert "Give the LWA refresh token" in missing.text
    assert accounts_stored(runtime)[0]["credentials"] is None


def test_clearing_credentials_forgets_them(manager, runtime) -> None:
    shop = connect(manager, "shopify", "Acme")
    manager.post(f"/channels/{shop}/credentials", shopify_form())
    page = flash_after(manager, manager.post(f"/channels/{shop}/credentials/clear", {}))
    assert "Credentials cleared" in page
    assert "Not set" in page
    assert accounts_stored(runtime)[0]["credentials"] is None


def test_settings_are_saved_and_a_secret_typed_into_them_is_refused_and_not_shown(
    manager, runtime
) -> None:
    shop = connect(manager, "shopify", "Acme")
    form = {"name": "Acme US", "active": "on", "settings": '{"sync_inventory": true}'}
    page = flash_after(manager, manager.post(f"/channels/{shop}", form))
    assert "Channel account Acme US saved." in page
    assert "sync_inventory" in page
    leaky = {**form, "settings": f'{{"api_token": "{SHOPIFY_TOKEN}"}}'}
    response = manager.post(f"/channels/{shop}", leaky)
    assert response.status_code == 422
    assert "Settings are stored unencrypted" in response.text
    assert SHOPIFY_TOKEN not in response.text
    bad_json = manager.post(f"/channels/{shop}", {**form, "settings": "sync=yes"})
    assert bad_json.status_code == 422
    assert "JSON object" in bad_json.text
    assert accounts_stored(runtime)[0]["settings"] == {"sync_inventory": True}


def test_a_manual_channel_needs_no_credentials(manager) -> None:
    page = flash_after(manager, manager.post("/channels/new", {"kind": "manual", "name": "B2B"}))
    assert "Not needed" in page
    assert 'type="password"' not in page


def test_credentials_never_appear_in_any_page_of_the_area(manager, runtime) -> None:
    shop = connect(manager, "shopify", "Acme")
    amazon = connect(manager, "amazon", "AMZ")
    bodies = [
        manager.post(f"/channels/{shop}/credentials", shopify_form(), follow_redirects=True).text,
        manager.post(
            f"/channels/{shop}/credentials",
            shopify_form(**{"credentials.shop_domain": "not a shop!"}),
        ).text,
        manager.post(
            f"/channels/{amazon}/credentials",
            {"credentials.lwa_client_secret": AMAZON_SECRET, "credentials.region": "MARS"},
        ).text,
        manager.get("/channels").text,
        manager.get(f"/channels/{shop}").text,
        manager.get(f"/channels/{amazon}").text,
        manager.get("/listings").text,
    ]
    for body in bodies:
        assert not [s for s in SECRETS if s in body]


def test_a_client_sees_accounts_but_no_forms_and_is_refused_when_posting(
    runtime, merchant, manager
) -> None:
    shop = connect(manager, "shopify", "Acme")
    viewer = sign_in(runtime, Role.CLIENT, (merchant["id"],))
    listing_page, account_page = viewer.get("/channels"), viewer.get(f"/channels/{shop}")
    assert listing_page.status_code == account_page.status_code == 200
    assert "Acme" in listing_page.text
    assert "New channel account" not in listing_page.text
    assert 'type="password"' not in account_page.text
    assert "Clear credentials" not in account_page.text
    assert "Save account" not in account_page.text
    assert viewer.get("/channels/new").status_code == 403
    refused = viewer.post(f"/channels/{shop}/credentials", shopify_form())
    assert refused.status_code == 403
    assert "may not manage channels" in refused.text
    assert viewer.post("/channels/new", {"kind": "manual", "name": "X"}).status_code == 403
    assert accounts_stored(runtime)[0]["credentials"] is None
    assert count(runtime) == 1


def test_another_merchants_account_is_not_found(runtime, merchant, admin, manager) -> None:
    other = admin.client.post("/api/v1/merchants", json={"code": "OTHER", "name": "Other"}).json()
    theirs = admin.client.post(
        f"/api/v1/merchants/{other['id']}/channel-accounts", json={"kind": "manual", "name": "T"}
    ).json()
    assert manager.get(f"/channels/{theirs['id']}").status_code == 404
    assert manager.post(f"/channels/{theirs['id']}/credentials/clear", {}).status_code == 404
