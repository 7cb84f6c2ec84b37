"""Field rules shared by locations and channels: codes, text, numbers, ISO countries, IANA zones."""

from __future__ import annotations

import re
import zoneinfo
from functools import cache

from .errors import FieldProblem

CODE_MAX_LENGTH = 32
_CODE = re.compile(r"[A-Z0-9][A-Z0-9_-]*")

# ISO 3166-1 alpha-2: every officially assigned code (249).
_COUNTRY_CODES = """
AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ
EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW
GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY
KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV
MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY
QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG
TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM
ZW
"""
_COUNTRIES = frozenset(_COUNTRY_CODES.split())


def is_country(code: str) -> bool:
    return code in _COUNTRIES


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_time_zone(name: str) -> bool:
    """True for an IANA time zone name such as America/Chicago (names are case-sensitive)."""
    return name in _time_zones()


def normalise_code(text: str) -> str:
    return text.strip().upper()


def code_problems(field: str, code: str) -> list[FieldProblem]:
    """Codes are what people type and scanners read: 1–32 of A–Z, 0–9, - and _."""
    if not code:
        return [FieldProblem(field, "required", f"Give a {field}.")]
    if len(code) > CODE_MAX_LENGTH or not _CODE.fullmatch(code):
        return [
            FieldProblem(
                field,
                "invalid_code",
                f"{code[:40]!r} is not a code: use 1 to {CODE_MAX_LENGTH} of A–Z, 0–9, - and _, "
                "starting with a letter or digit.",
            )
        ]
    return []


def text_problems(
    field: str, text: str | None, *, max_length: int, required: bool
) -> list[FieldProblem]:
    if text is None or not text.strip():
        return [FieldProblem(field, "required", f"Give a {field}.")] if required else []
    if len(text.strip()) > max_length:
        return [FieldProblem(field, "too_long", f"Use at most {max_length} characters.")]
    return []


def country_problems(field: str, country: str) -> list[FieldProblem]:
    if is_country(country):
        return []
    hint = " (the United Kingdom is GB)" if country == "UK" else ""
    return [
        FieldProblem(
            field,
            "invalid_country",
            f"{country[:10]!r} is not an ISO 3166-1 country code{hint}; use two letters such as "
            "US, CA, GB or DE.",
        )
    ]


def time_zone_problems(field: str, name: str) -> list[FieldProblem]:
    if is_time_zone(name):
        return []
    return [
        FieldProblem(
            field,
            "invalid_time_zone",
            f"{name[:64]!r} is not an IANA time zone; use a name such as America/Chicago, "
            "Europe/Berlin or UTC.",
        )
    ]


def number_problems(field: str, value: int, *, low: int, high: int) -> list[FieldProblem]:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        return [FieldProblem(field, "out_of_range", f"Use a whole number from {low} to {high}.")]
    return []
