"""The regions a US or Canadian address must name: USPS state codes and Canada Post province codes.

Channels send either the code (`IL`, Walmart `state`, Shopify `provinceCode`) or, now and then, the
name (Amazon `StateOrRegion` is free text): `region_code` accepts both and returns the code.
"""

from __future__ import annotations

import unicodedata

# USPS two-letter codes: the 50 states, DC, the territories and freely associated states USPS
# serves, and the armed forces "states" of APO/FPO/DPO mail (AA Americas, AE Europe, AP Pacific).
US_REGIONS: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "DC": "District of Columbia", "AS": "American Samoa", "GU": "Guam",
    "MP": "Northern Mariana Islands", "PR": "Puerto Rico", "VI": "Virgin Islands",
    "FM": "Federated States of Micronesia", "MH": "Marshall Islands", "PW": "Palau",
    "AA": "Armed Forces Americas", "AE": "Armed Forces Europe", "AP": "Armed Forces Pacific",
}  # fmt: skip

# Canada Post two-letter codes: ten provinces and three territories.
CA_REGIONS: dict[str, str] = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories",
    "NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
    "SK": "Saskatchewan", "YT": "Yukon",
}  # fmt: skip

# Military mail goes to these "states" only.
MILITARY_REGIONS: frozenset[str] = frozenset({"AA", "AE", "AP"})

REGIONS: dict[str, dict[str, str]] = {"US": US_REGIONS, "CA": CA_REGIONS}

# Names people also write: French names in Canada, common short forms.
_OTHER_NAMES: dict[str, dict[str, str]] = {
    "US": {"WASHINGTON DC": "DC", "WASHINGTON D C": "DC", "D C": "DC"},
    "CA": {
        "COLOMBIE BRITANNIQUE": "BC",
        "NOUVEAU BRUNSWICK": "NB",
        "TERRE NEUVE ET LABRADOR": "NL",
        "NEWFOUNDLAND": "NL",
        "NOUVELLE ECOSSE": "NS",
        "TERRITOIRES DU NORD OUEST": "NT",
        "ILE DU PRINCE EDOUARD": "PE",
        "PEI": "PE",
    },
}


def _folded(text: str) -> str:
    """Upper case without accents or punctuation: `Québec` and `quebec.` both give `QUEBEC`."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in plain.upper()).split()
    return " ".join(words)


_BY_NAME: dict[str, dict[str, str]] = {
    country: {_folded(name): code for code, name in table.items()} | _OTHER_NAMES[country]
    for country, table in REGIONS.items()
}


def region_code(country: str, text: str) -> str | None:
    """The code for a region written as a code or a name in `country` (US or CA), else None."""
    table = REGIONS.get(country)
    if table is None:
        return None
    if text.upper() in table:
        return text.upper()
    folded = _folded(text)
    if folded.replace(" ", "") in table:
        return folded.replace(" ", "")
    return _BY_NAME[country].get(folded)
