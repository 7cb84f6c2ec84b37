"""Channel credentials: the fields each channel needs, and a value that never shows itself."""

from __future__ import annotations

import pickle

import pytest

from ordertower.domain.channel_credentials import (
    CredentialsInvalid,
    SecretValue,
    from_plaintext,
    to_plaintext,
    validate_credentials,
)
from ordertower.domain.channels import ChannelKind

TOKEN = "shpat_never-show-me-0123456789"


def secrets(**values: str | tuple[str, ...]) -> dict[str, SecretValue]:
    return {name: SecretValue(value) for name, value in values.items()}


def amazon(**changes: str | tuple[str, ...]) -> dict[str, SecretValue]:
    values: dict[str, str | tuple[str, ...]] = {
        "lwa_client_id": "amzn1.application-oa2-client.abc",
        "lwa_client_secret": "very-secret",
        "refresh_token": "Atzr|refresh",
        "selling_partner_id": "a3th9s8bh6gogm",
        "region": "na",
        "marketplace_ids": ("ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"),
    }
    values.update(changes)
    return secrets(**values)


def fields_of(error: CredentialsInvalid) -> dict[str, str]:
    return {p.field: p.code for p in error.problems}


def test_a_secret_value_never_shows_itself() -> None:
    value = SecretValue(TOKEN)
    shown = [repr(value), str(value), f"{value}", f"{value!r}", repr({"t": value}), repr([value])]
    assert all(TOKEN not in text for text in shown)
    assert value.reveal() == TOKEN


def test_a_secret_value_cannot_be_pickled_into_a_job_or_cache() -> None:
    with pytest.raises(TypeError):
        pickle.dumps(SecretValue(TOKEN))


def test_secret_values_compare_by_content() -> None:
    assert SecretValue("a") == SecretValue("a")
    assert SecretValue("a") != SecretValue("b")


def test_shopify_credentials_are_tidied_to_the_store_domain() -> None:
    tidy = validate_credentials(
        ChannelKind.SHOPIFY,
        secrets(shop_domain="https://Acme-Goods.myshopify.com/", admin_api_access_token=TOKEN),
    )
    assert tidy["shop_domain"].reveal() == "acme-goods.myshopify.com"
    assert tidy["admin_api_access_token"].reveal() == TOKEN


def test_missing_and_unknown_credential_fields_are_named_without_showing_values() -> None:
    with pytest.raises(CredentialsInvalid) as caught:
        validate_credentials(
            ChannelKind.SHOPIFY, secrets(admin_api_access_token=TOKEN, password=TOKEN)
        )
    assert fields_of(caught.value) == {
        "credentials.password": "unknown_field",
        "credentials.shop_domain": "required",
    }
    assert TOKEN not in caught.value.message
    assert all(TOKEN not in p.message for p in caught.value.problems)


def test_a_token_with_spaces_is_refused_without_echoing_it() -> None:
    with pytest.raises(CredentialsInvalid) as caught:
        validate_credentials(
            ChannelKind.WALMART, secrets(client_id="id", client_secret="has a space inside")
        )
    assert fields_of(caught.value) == {"credentials.client_secret": "invalid"}
    assert "has a space" not in str(caught.value)


def test_amazon_credentials_need_every_lwa_field_and_known_marketplaces() -> None:
    tidy = validate_credentials(ChannelKind.AMAZON, amazon())
    assert tidy["region"].reveal() == "NA"
    assert tidy["selling_partner_id"].reveal() == "A3TH9S8BH6GOGM"
    with pytest.raises(CredentialsInvalid) as caught:
        validate_credentials(ChannelKind.AMAZON, amazon(region="MARS", marketplace_ids=("NOPE",)))
    assert fields_of(caught.value) == {
        "credentials.region": "invalid",
        "credentials.marketplace_ids": "unknown_marketplace",
    }


def test_amazon_marketplaces_must_belong_to_the_accounts_region() -> None:
    with pytest.raises(CredentialsInvalid) as caught:
        validate_credentials(
            ChannelKind.AMAZON, amazon(marketplace_ids=("ATVPDKIKX0DER", "A1PA6795UKMFR9"))
        )
    assert fields_of(caught.value) == {"credentials.marketplace_ids": "marketplace_outside_region"}


def test_marketplace_ids_must_be_a_list() -> None:
    with pytest.raises(CredentialsInvalid) as caught:
        validate_credentials(ChannelKind.AMAZON, amazon(marketplace_ids="ATVPDKIKX0DER"))
    assert fields_of(caught.value) == {"credentials.marketplace_ids": "invalid"}


def test_a_manual_channel_has_no_credentials() -> None:
    with pytest.raises(CredentialsInvalid) as caught:
        validate_credentials(ChannelKind.MANUAL, secrets(anything="x"))
    assert fields_of(caught.value) == {"credentials": "not_allowed"}


def test_credentials_survive_the_round_trip_through_their_sealed_text() -> None:
    tidy = validate_credentials(ChannelKind.AMAZON, amazon())
    assert from_plaintext(to_plaintext(tidy)) == tidy
    assert "very-secret" not in repr(to_plaintext(tidy))
