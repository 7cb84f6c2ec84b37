"""The carrier integration for each carrier account (the fulfillment `Carriers` port)."""

from __future__ import annotations

from sqlalchemy import Engine

from ordertower.adapters.db.repositories.tracking_numbers import SqlTrackingNumbers
from ordertower.domain.shipping import CarrierCode
from ordertower.services.fulfillment.ports import CarrierAccount
from ordertower.services.shipping.errors import WrongCarrier
from ordertower.services.shipping.ports import Carrier

from .own_account import OwnAccountCarrier, OwnAccountSettings
from .tracking_numbers import TrackingRange


class AccountCarriers:
    """Builds carriers on demand; the own-account one draws numbers from the account's range."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def carrier_for(self, account: CarrierAccount) -> Carrier:
        if account.carrier is not CarrierCode.OWN_ACCOUNT:
            raise WrongCarrier(
                f"No {account.carrier} integration exists yet; ship with the own-account carrier.",
                field="carrier",
            )
        return OwnAccountCarrier(
            settings=OwnAccountSettings(
                tracking=TrackingRange(
                    prefix=account.tracking_prefix,
                    first=account.tracking_first,
                    last=account.tracking_last,
                ),
                carrier_name=account.carrier_name,
            ),
            numbers=SqlTrackingNumbers(
                self._engine, merchant_id=account.merchant_id, account_id=account.id
            ),
        )
