"""The Routing page: the merchant's rules in plain words, the editor, and "try an order".

The editor is the JSON document itself (docs/routing.md), checked on the server: a refused save
lists every problem by its path in the document and keeps the text as typed. Trying an order
routes an imagined order against today's free stock and shows the decision with its reasons;
it can try the text in the editor before it is saved.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from ordertower.domain.channels import ChannelKind
from ordertower.domain.errors import Conflict, FieldProblem, InvalidInput
from ordertower.domain.routing import (
    Assigned,
    Destination,
    Dropshipped,
    RoutingDecision,
    RoutingLine,
    RoutingOrder,
)
from ordertower.domain.shipping import ServiceLevel
from ordertower.domain.tenancy import Permission
from ordertower.services.routing import policies
from ordertower.services.routing.wording import default_in_words, rule_in_words

from ..api.deps import RuntimeDep
from .auth import VisitorDep
from .forms import FormDep, FormErrors, FormInvalid, SubmittedForm, form_errors, shown_time
from .pages import PageRoute, Visitor, flash_redirect, render

router = APIRouter(include_in_schema=False, route_class=PageRoute)

TRY_FIELDS = ("country", "region", "postal_code", "channel", "service_level", "value", "currency")
_LINE = re.compile(r"(\S+?)(?:[\s,;]+[x×*]?\s*(\d+))?")
_MAX_TRY_LINES = 50


@router.get("/routing")
def routing_page(request: Request, visitor: VisitorDep, runtime: RuntimeDep) -> HTMLResponse:
    return _page(request, visitor, runtime)


@router.post("/routing")
def save_policy(
    request: Request, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> Response:
    visitor.principal.require(Permission.MANAGE_CATALOG, visitor.merchant_id)
    text = form.text("document")
    try:
        version = form.number("version", 0)
        document = _document(text)
        form.refuse_unreadable()
        saved = policies.save_routing_policy(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=visitor.merchant_id,
            document=document,
            expected_version=version or 0,
            reason=form.optional("reason"),
        )
    except (InvalidInput, Conflict) as error:
        return _page(
            request,
            visitor,
            runtime,
            editor={
                "document": text,
                "version": form.text("version"),
                "reason": form.text("reason"),
            },
            editor_errors=form_errors(error),
        )
    return flash_redirect("/routing", f"Routing policy saved (version {saved.version}).")


@router.post("/routing/try")
def try_order(
    request: Request, visitor: VisitorDep, runtime: RuntimeDep, form: FormDep
) -> HTMLResponse:
    values = {name: form.text(name) for name in (*TRY_FIELDS, "lines")}
    use_editor = form.checked("use_editor")
    editor = {"document": form.text("document"), "version": form.text("version")}
    decision: RoutingDecision | None = None
    errors: FormErrors | None = None
    try:
        order = _order(form)
        document = _document(form.text("document")) if use_editor else None
        form.refuse_unreadable()
        decision = policies.try_order(
            runtime.uow(),
            principal=visitor.principal,
            merchant_id=visitor.merchant_id,
            order=order,
            document=document,
        )
    except InvalidInput as error:
        errors = form_errors(error)
    return _page(
        request,
        visitor,
        runtime,
        editor=editor if use_editor else None,
        tried=values | {"use_editor": "on" if use_editor else ""},
        try_errors=errors,
        decision=_decision_view(decision) if decision else None,
    )


def _page(
    request: Request,
    visitor: Visitor,
    runtime: Any,
    *,
    editor: dict[str, str] | None = None,
    editor_errors: FormErrors | None = None,
    tried: dict[str, str] | None = None,
    try_errors: FormErrors | None = None,
    decision: dict[str, Any] | None = None,
) -> HTMLResponse:
    stored = None
    if visitor.merchant is not None:
        stored = policies.routing_policy(
            runtime.uow(), principal=visitor.principal, merchant_id=visitor.merchant_id
        )
    errors = editor_errors or try_errors
    return render(
        request,
        "routing/index.html",
        visitor,
        status_code=errors.status_code if errors else 200,
        stored=stored,
        rules=[(n, r.name, rule_in_words(r)) for n, r in enumerate(stored.policy.rules, 1)]
        if stored
        else [],
        default_words=default_in_words(stored.policy.default) if stored else "",
        editor=editor or _editor_of(stored),
        editor_errors=editor_errors,
        tried=tried
        or {
            "country": "US",
            "channel": "shopify",
            "service_level": "standard",
            "value": "50.00",
            "currency": "USD",
            "lines": "",
        },
        try_errors=try_errors,
        decision=decision,
        may_manage=visitor.merchant is not None
        and visitor.principal.may(Permission.MANAGE_CATALOG),
        channel_options=[(str(kind), kind.value) for kind in ChannelKind],
        service_options=[(str(level), level.value) for level in ServiceLevel],
        shown_time=shown_time,
    )


def _editor_of(stored: policies.StoredPolicy | None) -> dict[str, str]:
    if stored is None:
        return {"document": "", "version": "0", "reason": ""}
    return {
        "document": json.dumps(stored.document, indent=2, ensure_ascii=False),
        "version": str(stored.version),
        "reason": "",
    }


def _document(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        message = f"This is not JSON: line {error.lineno}, column {error.colno}: {error.msg}."
        raise FormInvalid([FieldProblem("document", "invalid_json", message)]) from None


def _order(form: SubmittedForm) -> RoutingOrder:
    """The imagined order; every field that cannot be read is listed at once."""
    problems: list[FieldProblem] = []
    channel = _choice(form.text("channel"), ChannelKind, "channel", problems)
    level = _choice(form.text("service_level"), ServiceLevel, "service_level", problems)
    try:
        value = Decimal(form.text("value").strip() or "0")
    except InvalidOperation:
        problems.append(FieldProblem("value", "not_an_amount", "Give an amount such as 49.99."))
        value = Decimal(0)
    lines = _lines(form.text("lines"), problems)
    country = form.text("country").strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", country):
        problems.append(
            FieldProblem("country", "invalid_country", "Give a two-letter country such as US.")
        )
    if problems:
        raise FormInvalid(problems)
    return RoutingOrder(
        channel_kind=channel,
        channel_account_id=0,
        service_level=level,
        destination=Destination.local(
            country=country,
            region=form.text("region").strip().upper(),
            postal_code=form.text("postal_code").strip(),
        ),
        lines=lines,
        order_value=value,
        currency=form.text("currency").strip().upper() or "USD",
    )


def _choice(text: str, kind: Any, name: str, problems: list[FieldProblem]) -> Any:
    try:
        return kind(text)
    except ValueError:
        problems.append(FieldProblem(name, "unknown_choice", "Choose from the list."))
        return None


def _lines(text: str, problems: list[FieldProblem]) -> tuple[RoutingLine, ...]:
    """One line per row: "SKU 2", "SKU x2" or just "SKU" (one unit)."""
    lines: list[RoutingLine] = []
    rows = [row for row in text.splitlines() if row.strip()]
    if not rows:
        problems.append(FieldProblem("lines", "required", "Give at least one line: SKU and units."))
    if len(rows) > _MAX_TRY_LINES:
        problems.append(FieldProblem("lines", "too_many", f"Try at most {_MAX_TRY_LINES} lines."))
        return ()
    for number, row in enumerate(rows, start=1):
        found = _LINE.fullmatch(row.strip())
        if found is None or not found.group(1):
            message = f"Line {number}: write the SKU then the units, e.g. TEE-BLK-M 2."
            problems.append(FieldProblem("lines", "unreadable_line", message))
            continue
        units = int(found.group(2) or 1)
        lines.append(RoutingLine(line_id=str(number), sku=found.group(1), units=units))
    return tuple(lines)


def _decision_view(decision: RoutingDecision) -> dict[str, Any]:
    """What the page shows: the outcome in a few words, who ships what, and the reasons."""
    rule = f"rule {decision.rule}" if decision.rule is not None else "the default"
    if isinstance(decision, Assigned):
        outcome = "Ships from " + " + ".join(a.location for a in decision.assignments)
        shipments = [
            (a.location, [(line.sku, line.units) for line in a.lines]) for a in decision.assignments
        ]
        kind = "success"
    elif isinstance(decision, Dropshipped):
        outcome, shipments, kind = f"Dropshipped via {decision.vendor_location}", [], "info"
    else:
        outcome, shipments, kind = f"Held in queue {decision.queue}", [], "warning"
    return {
        "outcome": outcome,
        "decided_by": rule,
        "kind": kind,
        "shipments": shipments,
        "explanation": list(decision.explanation),
    }
