"""Own-account tracking numbers drawn from a carrier account's range in the database.

Each number is taken by one UPDATE … RETURNING on the account's row in its own short transaction:
the row lock serialises concurrent takers (threads, processes, machines), so no number is ever
issued twice; a number taken for a label that then failed is simply never used (a gap, not a
duplicate). Taking it outside the use case's transaction also keeps the row lock brief.
"""

from __future__ import annotations

from sqlalchemy import Engine, text

from ordertower.services.shipping.errors import TrackingRangeExhausted

_TAKE = text(
    "UPDATE carrier_accounts SET next_sequence = next_sequence + 1"
    " WHERE merchant_id = :m AND id = :id AND next_sequence <= tracking_last"
    " RETURNING next_sequence - 1"
)


class SqlTrackingNumbers:
    """A TrackingNumberSource over one carrier account's row."""

    def __init__(self, engine: Engine, *, merchant_id: int, account_id: int) -> None:
        self._engine = engine
        self._merchant_id = merchant_id
        self._account_id = account_id

    def take(self) -> int:
        with self._engine.begin() as connection:
            sequence = connection.execute(
                _TAKE, {"m": self._merchant_id, "id": self._account_id}
            ).scalar_one_or_none()
        if sequence is None:
            raise TrackingRangeExhausted(
                f"Every tracking number of carrier account {self._account_id} is used (or the "
                "account is gone); configure a new range for the own-account carrier."
            )
        return int(sequence)
