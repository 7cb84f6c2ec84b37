"""The credentials form of a channel account: its inputs per kind, what was typed, safe refusals.

Typed values only ever go to the vault: inputs are never pre-filled, and a refusal whose message would
quote a typed value is reworded from the field's hint.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ordertower.domain.channel_credentials import CREDENTIAL_FIELDS, CredentialField, SecretValue
from ordertower.domain.channels import ChannelKind
from ordertower.domain.errors import FieldProblem

from .forms import FormErrors, SubmittedForm

_LIST_SPLIT = re.compile(r"[\s,;]+")
OUTSIDE_REGION = (
    "Some of these marketplaces are not served by the region given; use one account per region."
)


@dataclass(frozen=True)
class CredentialInput:
    """One credential input on the form: its name, what to give, whether it is needed."""

    name: str
    label: str
    hint: str
    required: bool


def credential_inputs(kind: ChannelKind) -> list[CredentialInput]:
    return [
        CredentialInput(
            name=f"credentials.{f.name}",
            label=f.name,
            hint=f"{f.hint[:1].upper()}{f.hint[1:]}."
            + (" Separate several with commas." if f.many else ""),
            required=f.required,
        )
        for f in CREDENTIAL_FIELDS[kind]
    ]


def credentials_typed(kind: ChannelKind, form: SubmittedForm) -> dict[str, SecretValue]:
    """The credential fields of the kind that were filled in (blank ones are left out)."""
    given: dict[str, SecretValue] = {}
    for field in CREDENTIAL_FIELDS[kind]:
        text = form.text(f"credentials.{field.name}")
        if not text.strip():
            continue
        if field.many:
            given[field.name] = SecretValue(tuple(v for v in _LIST_SPLIT.split(text) if v))
        else:
            given[field.name] = SecretValue(text.strip())
    return given


def without_typed_values(
    errors: FormErrors, kind: ChannelKind, given: dict[str, SecretValue]
) -> FormErrors:
    """The errors with any message that would quote a typed value replaced by the field's hint."""
    typed = [
        value
        for secret in given.values()
        for value in (secret.reveal() if isinstance(secret.reveal(), tuple) else (secret.reveal(),))
        if isinstance(value, str) and value
    ]
    hints = {f"credentials.{f.name}": f for f in CREDENTIAL_FIELDS[kind]}

    def scrubbed(problem: FieldProblem) -> FieldProblem:
        if not any(value in problem.message for value in typed):
            return problem
        if problem.code == "marketplace_outside_region":
            return replace(problem, message=OUTSIDE_REGION)
        field: CredentialField | None = hints.get(problem.field)
        return replace(
            problem, message=f"That is not {field.hint}." if field else "That is not valid."
        )

    problems = [scrubbed(p) for p in errors.problems]
    fields = {p.field: p.message for p in reversed(problems)}
    return replace(errors, problems=problems, fields=fields)
