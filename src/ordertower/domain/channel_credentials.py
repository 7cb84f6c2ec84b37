"""Channel credentials: the secrets each channel kind needs, held in a value that never shows itself.

Credentials are sealed (encrypted) before they are stored and are never returned or logged; messages
about them name fields, never values.
"""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import NoReturn

from .amazon_marketplaces import AmazonRegion, marketplace, marketplace_hint
from .channels import ChannelKind
from .errors import Conflict, FieldProblem, FieldsInvalid

SECRET_MAX_LENGTH = 4096
_SHOP = re.compile(r"[a-z0-9][a-z0-9-]{0,59}")
_SELLER_ID = re.compile(r"[A-Z0-9]{6,32}")
_NO_SPACES = re.compile(r"\S+")

CredentialText = str | tuple[str, ...]


class SecretValue:
    """A credential value: `repr`, `str` and f-strings show a mask; only `reveal()` gives the value."""

    __slots__ = ("_value",)

    def __init__(self, value: CredentialText) -> None:
        self._value = value

    def reveal(self) -> CredentialText:
        return self._value

    def __repr__(self) -> str:
        return "SecretValue('**********')"

    __str__ = __repr__

    def __format__(self, format_spec: str) -> str:
        return repr(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SecretValue):
            return NotImplemented
        return hmac.compare_digest(json.dumps(self._value), json.dumps(other._value))

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> NoReturn:
        raise TypeError("A SecretValue cannot be pickled (it would leave the process in clear).")


def _shop_domain(text: str) -> str | None:
    shop = text.strip().lower().removeprefix("https://").rstrip("/").removesuffix(".myshopify.com")
    return f"{shop}.myshopify.com" if _SHOP.fullmatch(shop) else None


def _region(text: str) -> str | None:
    region = text.strip().upper()
    return region if region in set(AmazonRegion) else None


def _seller_id(text: str) -> str | None:
    seller = text.strip().upper()
    return seller if _SELLER_ID.fullmatch(seller) else None


def _opaque(text: str) -> str | None:
    """Tokens, ids and secrets are taken as given: no spaces, at most SECRET_MAX_LENGTH."""
    return text if _NO_SPACES.fullmatch(text) and len(text) <= SECRET_MAX_LENGTH else None


@dataclass(frozen=True, slots=True)
class CredentialField:
    name: str
    hint: str  # what to give; shown in errors and the API docs, never a value
    required: bool = True
    many: bool = False  # a list of values (Amazon marketplace ids)
    tidy: Callable[[str], str | None] = _opaque  # the stored form, or None when not valid


CREDENTIAL_FIELDS: dict[ChannelKind, tuple[CredentialField, ...]] = {
    ChannelKind.SHOPIFY: (
        CredentialField(
            "shop_domain", "the store's <shop>.myshopify.com domain", tidy=_shop_domain
        ),
        CredentialField("admin_api_access_token", "the Admin API access token (shpat_…)"),
        CredentialField(
            "client_id", "the app's client id (client-credentials apps)", required=False
        ),
        CredentialField(
            "client_secret", "the app's client secret (verifies webhook HMACs)", required=False
        ),
    ),
    ChannelKind.AMAZON: (
        CredentialField("lwa_client_id", "the LWA client id (amzn1.application-oa2-client.…)"),
        CredentialField("lwa_client_secret", "the LWA client secret"),
        CredentialField("refresh_token", "the LWA refresh token (Atzr|…)"),
        CredentialField(
            "selling_partner_id", "the seller id, e.g. A3TH9S8BH6GOGM", tidy=_seller_id
        ),
        CredentialField("region", "the SP-API region: NA, EU or FE", tidy=_region),
        CredentialField(
            "marketplace_ids", f"the marketplace ids sold on ({marketplace_hint()})", many=True
        ),
    ),
    ChannelKind.WALMART: (
        CredentialField("client_id", "the Walmart Marketplace API client id"),
        CredentialField("client_secret", "the Walmart Marketplace API client secret"),
    ),
    ChannelKind.MANUAL: (),
}


class CredentialsInvalid(FieldsInvalid):
    code = "credentials_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        listed = "; ".join(f"{p.field}: {p.message}" for p in problems)
        super().__init__(f"The credentials are not valid: {listed}", problems)


class CredentialsUnreadable(Conflict):
    code = "credentials_unreadable"

    def __init__(self) -> None:
        super().__init__(
            "The stored credentials cannot be decrypted with the configured keys; restore the old "
            "key in ORDERTOWER_CREDENTIALS_KEYS or set the credentials again.",
            field="credentials",
        )


def validate_credentials(
    kind: ChannelKind, values: Mapping[str, SecretValue]
) -> dict[str, SecretValue]:
    """The credentials in their stored form, or CredentialsInvalid naming every bad field."""
    fields = {f.name: f for f in CREDENTIAL_FIELDS[kind]}
    if not fields:
        raise CredentialsInvalid(
            [FieldProblem("credentials", "not_allowed", f"A {kind} account has no credentials.")]
        )
    problems = [
        FieldProblem(
            f"credentials.{name[:64]}",
            "unknown_field",
            f"{kind} credentials are: " + ", ".join(fields) + ".",
        )
        for name in values
        if name not in fields
    ]
    tidy: dict[str, SecretValue] = {}
    for field in fields.values():
        given = values.get(field.name)
        if given is None:
            if field.required:
                problems.append(_problem(field, "required", f"Give {field.hint}."))
            continue
        value, problem = _checked(field, given.reveal())
        if problem is not None:
            problems.append(problem)
        else:
            tidy[field.name] = SecretValue(value)
    problems += _amazon_region_problems(tidy) if kind is ChannelKind.AMAZON and not problems else []
    if problems:
        raise CredentialsInvalid(problems)
    return tidy


def _problem(field: CredentialField, code: str, message: str) -> FieldProblem:
    return FieldProblem(f"credentials.{field.name}", code, message)


def _checked(
    field: CredentialField, given: CredentialText
) -> tuple[CredentialText, FieldProblem | None]:
    if field.many:
        if isinstance(given, str) or not given:
            return given, _problem(field, "invalid", f"Give a list of {field.hint}.")
        tidied = []
        for item in given:
            found = marketplace(item)
            if found is None:
                return given, _problem(field, "unknown_marketplace", f"Give {field.hint}.")
            tidied.append(found.id)
        return tuple(dict.fromkeys(tidied)), None
    if not isinstance(given, str):
        return given, _problem(field, "invalid", f"Give {field.hint} as text.")
    tidied_text = field.tidy(given)
    if tidied_text is None:
        return given, _problem(field, "invalid", f"That is not {field.hint}.")
    return tidied_text, None


def _amazon_region_problems(values: Mapping[str, SecretValue]) -> list[FieldProblem]:
    region = values["region"].reveal()
    wrong = [
        m
        for m in values["marketplace_ids"].reveal()
        if (found := marketplace(m)) and found.region != region
    ]
    if not wrong:
        return []
    return [
        FieldProblem(
            "credentials.marketplace_ids",
            "marketplace_outside_region",
            f"{', '.join(wrong)} are not served by the {region} region; use one account per region.",
        )
    ]


def to_plaintext(values: Mapping[str, SecretValue]) -> SecretValue:
    """The one text that is sealed and stored (a JSON object), itself kept in a SecretValue."""
    revealed = {
        name: list(v) if isinstance(v := value.reveal(), tuple) else v
        for name, value in sorted(values.items())
    }
    return SecretValue(json.dumps(revealed))


def from_plaintext(plaintext: SecretValue) -> dict[str, SecretValue]:
    text = plaintext.reveal()
    assert isinstance(text, str)
    loaded = json.loads(text)
    return {
        name: SecretValue(tuple(value) if isinstance(value, list) else str(value))
        for name, value in loaded.items()
    }
