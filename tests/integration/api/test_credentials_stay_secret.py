"""Channel credentials are encrypted at rest and never come back: not in responses, logs or audit."""

from __future__ import annotations

import logging

import pytest
from listing_fixtures import (
    AMAZON_SECRET,
    REFRESH_TOKEN,
    SHOPIFY_TOKEN,
    amazon_credentials,
    created,
    shopify_credentials,
)
from sqlalchemy import select

from ordertower.adapters.credential_vault import FernetVault
from ordertower.adapters.db.tables.channels import channel_accounts
from ordertower.adapters.db.tables.tenancy import audit_log
from ordertower.adapters.secrets import CredentialCipher, new_fernet_key
from ordertower.domain.channel_credentials import CredentialsUnreadable, SecretValue
from ordertower.domain.channels import ChannelKind
from ordertower.domain.errors import DomainError
from ordertower.domain.pagination import PageRequest
from ordertower.services.channels import accounts, credentials

SECRETS = (SHOPIFY_TOKEN, AMAZON_SECRET, REFRESH_TOKEN, "hunter2-do-not-leak")


def leaked(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def raw_credentials(runtime) -> list[bytes]:
    with runtime.engine.connect() as connection:
        rows = connection.execute(select(channel_accounts.c.credentials)).scalars().all()
    return [bytes(r) for r in rows if r is not None]


def use_every_route(client, merchant_id: int) -> list[str]:
    """Drive every channel-account route, good and bad requests alike; return every response body."""
    base = f"/api/v1/merchants/{merchant_id}/channel-accounts"
    bodies = []
    shop = client.post(
        base, json={"kind": "shopify", "name": "Shop", "credentials": shopify_credentials()}
    )
    amazon = client.post(
        base, json={"kind": "amazon", "name": "AMZ", "credentials": amazon_credentials()}
    )
    one = f"{base}/{amazon.json()['id']}"
    bad_amazon = {**amazon_credentials(), "region": "MARS", "password": "hunter2-do-not-leak"}
    for response in (
        shop,
        amazon,
        client.get(base),
        client.get(one),
        client.patch(one, json={"name": "AMZ US"}),
        client.put(f"{one}/credentials", json={"credentials": amazon_credentials()}),
        client.put(f"{one}/credentials", json={"credentials": bad_amazon}),
        client.put(f"{one}/credentials", json={"credentials": {"lwa_client_secret": 12345}}),
        client.post(base, json={"kind": "walmart", "name": "W", "credentials": bad_amazon}),
        client.patch(one, json={"settings": {"refresh_token": REFRESH_TOKEN}}),
        client.get("/api/v1/channel-kinds"),
        client.delete(f"{base}/{shop.json()['id']}/credentials"),
    ):
        bodies.append(response.text)
    return bodies


def test_credentials_are_stored_encrypted_not_in_clear(admin, merchant, runtime) -> None:
    created(
        admin.client.post(
            f"/api/v1/merchants/{merchant['id']}/channel-accounts",
            json={"kind": "shopify", "name": "Shop", "credentials": shopify_credentials()},
        )
    )
    (stored,) = raw_credentials(runtime)
    assert SHOPIFY_TOKEN.encode() not in stored
    assert b"shop_domain" not in stored
    assert SHOPIFY_TOKEN in runtime.cipher.decrypt(stored)


def test_no_response_of_any_channel_account_route_carries_a_credential(admin, merchant) -> None:
    bodies = use_every_route(admin.client, merchant["id"])
    assert len(bodies) == 12
    assert [leaked(body) for body in bodies] == [[]] * 12


def test_credentials_never_reach_the_logs_or_the_console(
    admin, merchant, runtime, caplog, capsys
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine")  # statements and their parameters
    use_every_route(admin.client, merchant["id"])
    vault = FernetVault(runtime.cipher)
    listed = accounts.list_channel_accounts(
        runtime.uow(),
        vault,
        principal=admin.principal,
        merchant_id=merchant["id"],
        page=PageRequest(),
    )
    account_id = listed.items[-1].id
    revealed = credentials.reveal_credentials(
        runtime.uow(), vault, merchant_id=merchant["id"], account_id=account_id
    )
    logging.getLogger("ordertower.test").info("connector got %s and %r", revealed, revealed)
    with pytest.raises(DomainError) as refused:
        credentials.set_credentials(
            runtime.uow(),
            vault,
            principal=admin.principal,
            merchant_id=merchant["id"],
            account_id=account_id,
            credentials={"lwa_client_secret": SecretValue(AMAZON_SECRET)},
        )
    logging.getLogger("ordertower.test").exception("refused: %s", refused.value)
    assert "channel_accounts" in caplog.text  # the SQL was logged, so a leak would show
    console = capsys.readouterr()
    assert leaked(caplog.text) == []
    assert leaked(console.out + console.err) == []


def test_the_audit_trail_names_credential_fields_never_values(admin, merchant, runtime) -> None:
    use_every_route(admin.client, merchant["id"])
    with runtime.engine.connect() as connection:
        rows = connection.execute(
            select(audit_log.c.action, audit_log.c.details, audit_log.c.reason)
        ).all()
    assert leaked(repr(rows)) == []
    set_entries = [r for r in rows if r.action == "channel_account.credentials_set"]
    assert set_entries
    assert "refresh_token" in set_entries[0].details["fields"]


def test_a_connector_gets_the_credentials_back_as_secret_values(admin, merchant, runtime) -> None:
    account = created(
        admin.client.post(
            f"/api/v1/merchants/{merchant['id']}/channel-accounts",
            json={"kind": "amazon", "name": "AMZ", "credentials": amazon_credentials()},
        )
    )
    revealed = credentials.reveal_credentials(
        runtime.uow(),
        FernetVault(runtime.cipher),
        merchant_id=merchant["id"],
        account_id=account["id"],
    )
    assert revealed["refresh_token"].reveal() == REFRESH_TOKEN
    assert revealed["marketplace_ids"].reveal() == ("ATVPDKIKX0DER",)
    assert leaked(repr(revealed)) == []


def test_credentials_sealed_with_a_lost_key_are_reported_not_shown(
    admin, merchant, runtime
) -> None:
    account = accounts.create_channel_account(
        runtime.uow(),
        FernetVault(runtime.cipher),
        principal=admin.principal,
        merchant_id=merchant["id"],
        kind=ChannelKind.WALMART,
        name="W",
        credentials={"client_id": SecretValue("id"), "client_secret": SecretValue(AMAZON_SECRET)},
    )
    other_keys = FernetVault(CredentialCipher([new_fernet_key()]))
    seen = accounts.get_channel_account(
        runtime.uow(),
        other_keys,
        principal=admin.principal,
        merchant_id=merchant["id"],
        account_id=account.id,
    )
    assert (seen.has_credentials, seen.credential_fields) == (True, ())
    with pytest.raises(CredentialsUnreadable):
        credentials.reveal_credentials(
            runtime.uow(), other_keys, merchant_id=merchant["id"], account_id=account.id
        )
