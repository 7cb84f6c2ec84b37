"""Refusals of the receiving use cases that list every field problem at once."""

from __future__ import annotations

from ordertower.domain.errors import FieldProblem, FieldsInvalid


def _listed(problems: list[FieldProblem]) -> str:
    return "; ".join(f"{p.field}: {p.message}" for p in problems)


class NoticeInvalid(FieldsInvalid):
    code = "notice_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(f"The inbound notice is not valid: {_listed(problems)}", problems)


class ReceiptInvalid(FieldsInvalid):
    code = "receipt_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(f"The receipt cannot start: {_listed(problems)}", problems)
