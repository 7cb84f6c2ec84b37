"""Postal code formats: tidy what the channel sent, then say if it can be right for the country.

Exact formats for the countries we ship to most (US, CA, GB, DE, FR, AU, JP) and a loose rule
elsewhere. A format check is not a lookup: a well-formed code can still not exist.
"""

from __future__ import annotations

import re

# A code is required for these countries; elsewhere it may be missing (HK, AE, many others have
# none) but must look like a postal code when given.
REQUIRED_FOR: frozenset[str] = frozenset({"US", "CA", "GB", "DE", "FR", "AU", "JP"})

_FORMATS: dict[str, tuple[re.Pattern[str], str]] = {
    # ZIP or ZIP+4.
    "US": (re.compile(r"\d{5}(?:-\d{4})?"), "5 digits, or ZIP+4 such as 62701-1234"),
    # A1A 1A1; Canada Post never uses D F I O Q U, nor W Z as the first letter.
    "CA": (
        re.compile(r"[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d"),
        "letter digit letter, space, digit letter digit, such as K1A 0B1",
    ),
    # Outward code (A9, A99, AA9, AA99, A9A, AA9A), space, inward code (digit + two letters);
    # also Girobank's GIR 0AA and British Forces Post Office numbers.
    "GB": (
        re.compile(r"GIR 0AA|BFPO \d{1,4}|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}"),
        "an outward and an inward code such as SW1A 1AA",
    ),
    "DE": (re.compile(r"\d{5}"), "5 digits, such as 10115"),
    "FR": (re.compile(r"\d{5}"), "5 digits, such as 75008"),
    "AU": (re.compile(r"\d{4}"), "4 digits, such as 2000"),
    "JP": (re.compile(r"\d{3}-\d{4}"), "7 digits written 100-0001"),
}
_GENERIC = re.compile(r"(?=.*\d)[A-Z0-9][A-Z0-9 -]{1,8}[A-Z0-9]")
_GENERIC_RULE = "3 to 10 letters, digits, spaces or hyphens, with at least one digit"


def tidy_postal_code(country: str | None, text: str) -> str:
    """Upper case, single spaces, and the separator the country writes (`K1A0B1` → `K1A 0B1`)."""
    code = " ".join(text.replace("〒", "").upper().split())
    bare = code.replace(" ", "").replace("-", "")
    if country == "US" and re.fullmatch(r"\d{9}", bare):
        return f"{bare[:5]}-{bare[5:]}"
    if country == "JP" and re.fullmatch(r"\d{7}", bare):
        return f"{bare[:3]}-{bare[3:]}"
    if country in ("CA", "GB") and " " not in code and 5 <= len(code) <= 7 and "-" not in code:
        return f"{code[:-3]} {code[-3:]}"
    return code


def postal_code_rule(country: str) -> str:
    """How a postal code of `country` is written, for messages."""
    return _FORMATS[country][1] if country in _FORMATS else _GENERIC_RULE


def is_postal_code(country: str, code: str) -> bool:
    """True when the (tidied) code has the shape of a postal code of `country`."""
    pattern = _FORMATS[country][0] if country in _FORMATS else _GENERIC
    return pattern.fullmatch(code) is not None
