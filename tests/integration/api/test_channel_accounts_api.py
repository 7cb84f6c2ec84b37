"""Channel accounts through the API: connect, change settings, set and forget credentials."""

from __future__ import annotations

from listing_fixtures import (
    AMAZON_SECRET,
    SHOPIFY_TOKEN,
    amazon_credentials,
    created,
    shopify_credentials,
)
from sqlalchemy import func, select

from ordertower.adapters.db.tables.channels import channel_accounts
from ordertower.domain.tenancy import Role


def accounts_url(merchant: dict) -> str:
    return f"/api/v1/merchants/{merchant['id']}/channel-accounts"


def account_count(runtime) -> int:
    with runtime.engine.connect() as connection:
        return int(
            connection.execute(select(func.count()).select_from(channel_accounts)).scalar_one()
        )


def test_a_shopify_store_is_connected_with_credentials_that_are_never_shown(
    admin, merchant
) -> None:
    response = admin.client.post(
        accounts_url(merchant),
        json={
            "kind": "shopify",
            "name": "Acme Shopify",
            "settings": {"api_version": "2026-01", "push_inventory": True},
            "credentials": shopify_credentials(),
            "reason": "go live",
        },
    )
    account = created(response)
    assert SHOPIFY_TOKEN not in response.text
    assert account["has_credentials"] is True
    assert account["credential_fields"] == ["admin_api_access_token", "shop_domain"]
    assert account["credentials_updated_at"] is not None
    assert account["external_id"] == "acme-goods.myshopify.com"
    assert "credentials" not in account


def test_an_account_is_connected_first_and_given_credentials_later(admin, merchant) -> None:
    account = created(
        admin.client.post(accounts_url(merchant), json={"kind": "amazon", "name": "US"})
    )
    assert (account["has_credentials"], account["credential_fields"]) == (False, [])
    response = admin.client.put(
        f"{accounts_url(merchant)}/{account['id']}/credentials",
        json={"credentials": amazon_credentials(), "reason": "app authorised"},
    )
    assert response.status_code == 200
    assert AMAZON_SECRET not in response.text
    assert response.json()["has_credentials"] is True
    assert response.json()["external_id"] == "A3TH9S8BH6GOGM"
    assert "refresh_token" in response.json()["credential_fields"]


def test_bad_credentials_name_each_field_and_write_nothing(admin, merchant, runtime) -> None:
    bad = {**amazon_credentials(), "region": "MARS", "password": "hunter2hunter2"}
    del bad["refresh_token"]
    response = admin.client.post(
        accounts_url(merchant), json={"kind": "amazon", "name": "US", "credentials": bad}
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {
        "credentials.region",
        "credentials.password",
        "credentials.refresh_token",
    }
    assert "hunter2" not in response.text
    assert AMAZON_SECRET not in response.text
    assert account_count(runtime) == 0


def test_putting_bad_credentials_keeps_the_old_ones(admin, merchant) -> None:
    account = created(
        admin.client.post(
            accounts_url(merchant),
            json={"kind": "shopify", "name": "S", "credentials": shopify_credentials()},
        )
    )
    url = f"{accounts_url(merchant)}/{account['id']}/credentials"
    response = admin.client.put(url, json={"credentials": {"shop_domain": "x"}})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "credentials.admin_api_access_token"
    after = admin.client.get(f"{accounts_url(merchant)}/{account['id']}").json()
    assert after["credentials_updated_at"] == account["credentials_updated_at"]
    assert after["credential_fields"] == account["credential_fields"]


def test_a_manual_channel_takes_no_credentials(admin, merchant) -> None:
    response = admin.client.post(
        accounts_url(merchant),
        json={"kind": "manual", "name": "Wholesale", "credentials": {"token": "x"}},
    )
    assert response.status_code == 422
    assert response.json()["field"] == "credentials"


def test_an_unknown_channel_kind_names_the_field(admin, merchant) -> None:
    response = admin.client.post(accounts_url(merchant), json={"kind": "ebay", "name": "E"})
    assert response.status_code == 422
    assert response.json()["field"] == "kind"


def test_two_accounts_of_a_merchant_cannot_share_a_name(admin, merchant) -> None:
    created(admin.client.post(accounts_url(merchant), json={"kind": "manual", "name": "Shop"}))
    again = admin.client.post(accounts_url(merchant), json={"kind": "walmart", "name": "Shop"})
    assert again.status_code == 409
    assert again.json()["field"] == "name"


def test_settings_are_changed_but_never_hold_secrets(admin, merchant, runtime) -> None:
    account = created(
        admin.client.post(accounts_url(merchant), json={"kind": "walmart", "name": "W"})
    )
    url = f"{accounts_url(merchant)}/{account['id']}"
    changed = admin.client.patch(url, json={"settings": {"ship_node": "123"}, "active": False})
    assert changed.status_code == 200
    assert (changed.json()["settings"], changed.json()["active"]) == ({"ship_node": "123"}, False)
    refused = admin.client.patch(url, json={"settings": {"client_secret": "abc"}})
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "settings.client_secret"
    assert admin.client.get(url).json()["settings"] == {"ship_node": "123"}


def test_a_patch_cannot_null_a_required_field(admin, merchant) -> None:
    account = created(
        admin.client.post(accounts_url(merchant), json={"kind": "manual", "name": "M"})
    )
    response = admin.client.patch(f"{accounts_url(merchant)}/{account['id']}", json={"name": None})
    assert response.status_code == 422
    assert response.json()["field"] == "name"


def test_credentials_can_be_forgotten(admin, merchant) -> None:
    account = created(
        admin.client.post(
            accounts_url(merchant),
            json={"kind": "shopify", "name": "S", "credentials": shopify_credentials()},
        )
    )
    response = admin.client.delete(
        f"{accounts_url(merchant)}/{account['id']}/credentials", params={"reason": "offboarded"}
    )
    assert response.status_code == 200
    assert (response.json()["has_credentials"], response.json()["credential_fields"]) == (False, [])


def test_a_client_reads_accounts_but_may_not_change_them(admin, merchant, make_actor) -> None:
    account = created(
        admin.client.post(accounts_url(merchant), json={"kind": "manual", "name": "M"})
    )
    client = make_actor(Role.CLIENT, (merchant["id"],))
    listed = client.client.get(accounts_url(merchant)).json()["items"]
    assert [a["id"] for a in listed] == [account["id"]]
    refused = client.client.put(
        f"{accounts_url(merchant)}/{account['id']}/credentials",
        json={"credentials": {"client_id": "a", "client_secret": "b"}},
    )
    assert refused.status_code == 403


def test_accounts_are_listed_by_kind(admin, merchant) -> None:
    for n, kind in enumerate(("manual", "walmart", "manual")):
        created(admin.client.post(accounts_url(merchant), json={"kind": kind, "name": f"A{n}"}))
    listed = admin.client.get(accounts_url(merchant), params={"kind": "manual"}).json()["items"]
    assert [a["name"] for a in listed] == ["A0", "A2"]


def test_the_credential_fields_of_each_kind_are_published(admin) -> None:
    kinds = {k["kind"]: k for k in admin.client.get("/api/v1/channel-kinds").json()}
    assert set(kinds) == {"shopify", "amazon", "walmart", "manual"}
    required = {f["name"] for f in kinds["amazon"]["credential_fields"] if f["required"]}
    assert required == {
        "lwa_client_id",
        "lwa_client_secret",
        "refresh_token",
        "selling_partner_id",
        "region",
        "marketplace_ids",
    }
    assert kinds["manual"]["credential_fields"] == []
