"""The currencies orders may be in: a short, embedded list of real ISO 4217 codes.

It covers the currencies of every Amazon marketplace (see domain.amazon_marketplaces), Walmart's
markets (US, CA, MX, CL) and the store currencies Shopify merchants use most. A code missing here
is refused with a clear message; add it (an active ISO 4217 code) when a merchant needs it.
"""

from __future__ import annotations

_CODES = """
AED ARS AUD BDT BGN BHD BRL CAD CHF CLP CNY COP CZK DKK EGP EUR GBP HKD HUF IDR ILS INR ISK JPY
KES KRW KWD LKR MAD MXN MYR NGN NOK NZD OMR PEN PHP PKR PLN QAR RON SAR SEK SGD THB TRY TWD UAH
USD VND ZAR
"""
CURRENCIES: frozenset[str] = frozenset(_CODES.split())


def is_currency(code: str) -> bool:
    """True for a code on the list, written as ISO writes it (three capital letters)."""
    return code in CURRENCIES
