"""Web forms and links: read submitted values, show refusals as field errors, keep query strings."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Depends, Request

from ordertower.domain.errors import Conflict, DomainError, FieldProblem, FieldsInvalid
from ordertower.domain.pagination import Page, PageRequest, decode_cursor, encode_cursor

from ..api.problems import status_of

_ID_MAX = 2**63 - 1


class FormInvalid(FieldsInvalid):
    """A form value could not even be read (a number that is not one, an unknown choice)."""

    code = "form_invalid"

    def __init__(self, problems: list[FieldProblem]) -> None:
        listed = "; ".join(f"{p.field}: {p.message}" for p in problems)
        super().__init__(f"The form is not valid: {listed}", problems)


@dataclass
class SubmittedForm:
    """The fields of a posted form; problems found while reading collect in `problems`."""

    values: dict[str, list[str]]
    problems: list[FieldProblem] = field(default_factory=list)

    def text(self, name: str) -> str:
        found = self.values.get(name)
        return found[0] if found else ""

    def optional(self, name: str) -> str | None:
        """The text, or None when the field was left blank."""
        return self.text(name).strip() or None

    def all(self, name: str) -> list[str]:
        return [v for v in self.values.get(name, []) if v.strip()]

    def checked(self, name: str) -> bool:
        return self.text(name) in ("on", "true", "1", "yes")

    def number(self, name: str, default: int | None = None) -> int | None:
        """A whole number, `default` when blank; anything else is recorded as a problem."""
        text = self.text(name).strip().replace(",", "")
        if not text:
            return default
        try:
            return int(text)
        except ValueError:
            self.problems.append(FieldProblem(name, "not_a_number", "Give a whole number."))
            return default

    def ids(self, name: str) -> tuple[int, ...]:
        """Chosen ids (checkboxes or a multiple select); anything else is recorded as a problem."""
        chosen = []
        for text in self.all(name):
            if not text.isdigit() or not 0 < int(text) <= _ID_MAX:
                self.problems.append(FieldProblem(name, "unknown_choice", "Choose from the list."))
                return ()
            chosen.append(int(text))
        return tuple(dict.fromkeys(chosen))

    def refuse_unreadable(self) -> None:
        """Raise FormInvalid when any value could not be read."""
        if self.problems:
            raise FormInvalid(self.problems)


async def read_form(request: Request) -> SubmittedForm:
    form = await request.form()
    values: dict[str, list[str]] = {}
    for key, value in form.multi_items():
        if isinstance(value, str):
            values.setdefault(key, []).append(value)
    return SubmittedForm(values)


FormDep = Annotated[SubmittedForm, Depends(read_form)]


# How a field is named to people when its own label is not next to the message.
LABELS = {
    "line1": "Street",
    "line2": "Street, line 2",
    "region": "State or region",
    "postal_code": "Postal code",
    "time_zone": "Time zone",
    "marketplace_id": "Marketplace",
    "zone_id": "Zone",
    "sort_key": "Sort key",
    "channel_account_id": "Channel account",
    "sku": "SKU",
    "channel_sku": "Channel SKU",
    "asin": "ASIN",
    "fnsku": "FNSKU",
    "external_product_id": "Product or variant id",
    "external_inventory_id": "Inventory item id",
    "fulfillment_channel": "Fulfilled by",
    "quantity_per": "Quantity per listing",
    "percent_cap": "Percentage cap",
    "location_ids": "Feeding locations",
    "external_id": "External id",
}
_GENERIC_REQUIRED = re.compile(r"Give an? [\w.\[\]]+\.")
_PART = re.compile(r"parts\[(\d+)\]")


def field_label(name: str) -> str:
    """`address.postal_code` → "Address: Postal code"; `parts[1]` → "Range 2"."""
    if matched := _PART.fullmatch(name):
        return f"Range {int(matched.group(1)) + 1}"
    if name.startswith("credentials."):
        return name.removeprefix("credentials.")  # the form labels credentials by their names
    *outer, last = name.split(".") if name else ["form"]
    label = LABELS.get(last, last.replace("_", " ").capitalize())
    return f"{outer[0].replace('_', ' ').capitalize()}: {label}" if outer else label


@dataclass(frozen=True)
class FormErrors:
    """What to show on a re-rendered form: a message per field, and the whole list on top."""

    status_code: int
    summary: str
    fields: dict[str, str]
    problems: list[FieldProblem]

    def get(self, name: str) -> str | None:
        return self.fields.get(name)

    def listed(self) -> list[tuple[str, str, str]]:
        """(field, label, message) for the summary above the form."""
        return [(p.field, field_label(p.field), p.message) for p in self.problems]


def form_errors(error: DomainError) -> FormErrors:
    """The refusal of a form's input (InvalidInput or Conflict) as field errors."""
    if isinstance(error, FieldsInvalid):
        problems = list(error.problems)
    else:
        problems = [FieldProblem(error.field or "", error.code, error.message)]
    problems = [
        replace(p, message="Fill this in.")
        if p.code == "required" and _GENERIC_REQUIRED.fullmatch(p.message)
        else p
        for p in problems
    ]
    fields: dict[str, str] = {}
    for problem in problems:
        fields.setdefault(problem.field, problem.message)
    summary = (
        "Nothing was saved: this clashes with what exists."
        if isinstance(error, Conflict)
        else "Nothing was saved: fix the problems below and try again."
    )
    return FormErrors(status_of(error), summary, fields, problems)


def shown_time(moment: datetime | None) -> str:
    """A moment as people read it in lists: 2025-11-25 08:42 UTC."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC") if moment else ""


def query_url(request: Request, **changes: str | int | None) -> str:
    """This page's URL with some query values changed (None or "" removes one)."""
    params = dict(request.query_params)
    for name, value in changes.items():
        if value is None or value == "":
            params.pop(name, None)
        else:
            params[name] = str(value)
    query = urlencode(params)
    return request.url.path + (f"?{query}" if query else "")


def page_of(cursor: str | None, *, limit: int = 100) -> PageRequest:
    """The page a `cursor` query value asks for (a cursor we never gave out is refused)."""
    return PageRequest(limit=limit, after=decode_cursor(cursor))


def cursor_links(request: Request, page: Page[Any], *, key: str = "cursor") -> dict[str, Any]:
    """Arguments for the cursor_pagination macro: next page, first page, how many shown."""
    return {
        "next_url": query_url(request, **{key: encode_cursor(page.next_after)})
        if page.next_after
        else None,
        "first_url": query_url(request, **{key: None}) if request.query_params.get(key) else None,
        "shown": len(page.items),
    }
