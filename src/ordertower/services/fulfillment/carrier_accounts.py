"""Setting up the carriers a merchant ships with: for now the own-account carrier and its range.

The range is the one the own-account carrier numbers labels from (prefix + sequence + check
digit). An account may cover all the merchant's warehouses (no location) or one warehouse, which
then wins over the merchant-wide one.
"""

from __future__ import annotations

import re

from ordertower.domain.errors import FieldProblem, FieldsInvalid, NotFound
from ordertower.domain.shipping import CarrierCode
from ordertower.domain.tenancy import Permission, Principal

from .ports import CarrierAccount, NewCarrierAccount
from .unit_of_work import FulfillmentUnitOfWork

_PREFIX = re.compile(r"[A-Z]{1,6}")
SEQUENCE_MAX = 10**15 - 1  # the own-account carrier's limit: a bigint and a 30-character barcode
NAME_MAX_LENGTH = 100


class CarrierAccountInvalid(FieldsInvalid):
    code = "carrier_account_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        listed = "; ".join(f"{p.field}: {p.message}" for p in problems)
        super().__init__(f"The carrier account cannot be saved: {listed}", problems)


def add_carrier_account(
    uow: FulfillmentUnitOfWork,
    *,
    principal: Principal,
    merchant_id: int,
    account: NewCarrierAccount,
) -> CarrierAccount:
    principal.require(Permission.MANAGE_CATALOG, merchant_id)
    _check(account)
    with uow:
        if account.location_id is not None:
            location = uow.inventory.locations([account.location_id]).get(account.location_id)
            if location is None or location.kind != "warehouse":
                raise NotFound(
                    f"Warehouse {account.location_id} does not exist.", field="location_id"
                )
        added = uow.fulfillment.add_carrier_account(merchant_id, account)
        uow.commit()
    return added


def list_carrier_accounts(
    uow: FulfillmentUnitOfWork, *, principal: Principal, merchant_id: int
) -> list[CarrierAccount]:
    principal.require(Permission.READ, merchant_id)
    with uow:
        return uow.fulfillment.carrier_accounts(merchant_id)


def _check(account: NewCarrierAccount) -> None:
    problems: list[FieldProblem] = []
    if account.carrier != CarrierCode.OWN_ACCOUNT:
        problems.append(
            FieldProblem("carrier", "not_supported", "Only own_account carriers can be set up yet.")
        )
    for field, value in (("name", account.name), ("carrier_name", account.carrier_name)):
        if not value.strip() or len(value) > NAME_MAX_LENGTH:
            problems.append(
                FieldProblem(field, "invalid_length", f"Use 1 to {NAME_MAX_LENGTH} characters.")
            )
    if not _PREFIX.fullmatch(account.tracking_prefix):
        problems.append(
            FieldProblem(
                "tracking_prefix",
                "invalid_prefix",
                "Use 1 to 6 capital letters A–Z (digits would blur into the sequence).",
            )
        )
    if not 1 <= account.tracking_first <= account.tracking_last <= SEQUENCE_MAX:
        problems.append(
            FieldProblem(
                "tracking_last", "out_of_range", f"Use 1 ≤ first ≤ last ≤ {SEQUENCE_MAX:,}."
            )
        )
    if problems:
        raise CarrierAccountInvalid(problems)
