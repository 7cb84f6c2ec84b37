"""A merchant's routing policy: its ordered rules, default and zone table as one JSON document.

The body is read by domain/routing/codec.py rather than a pydantic model, so every problem comes
back in one 422 by its path in the document (`errors[].field` = `rules[2].action.locations[0]`),
the same paths the web editor shows. docs/routing.md describes the document.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, NoReturn

from fastapi import APIRouter, Body
from pydantic import BaseModel

from ordertower.domain.errors import FieldProblem
from ordertower.domain.routing import RoutingPolicyInvalid
from ordertower.domain.routing.codec import read_routing_document
from ordertower.services.routing import policies
from ordertower.services.routing.wording import policy_in_words

from ..deps import MerchantDep, PrincipalDep, RuntimeDep

router = APIRouter(tags=["routing"])

_MAX_VERSION = 2**31 - 1

EXAMPLE: dict[str, Any] = {
    "version": 1,
    "rules": [
        {
            "name": "Walmart TwoDay from Edison",
            "when": {"channel_kinds": ["walmart"], "service_levels": ["two_day"]},
            "action": {
                "kind": "ship_from",
                "locations": ["WH-NJ"],
                "strategy": "priority",
                "allow_split": False,
                "max_splits": 0,
                "on_shortfall": "backorder",
            },
        }
    ],
    "default": {"kind": "warehouse", "location": "WH-NJ"},
    "zones": [{"location": "WH-NJ", "country": "US", "rank": 1, "region": "", "postal_prefix": ""}],
}


class RoutingPolicyOut(BaseModel):
    rules: list[dict[str, Any]]
    default: dict[str, Any]
    zones: list[dict[str, Any]]
    version: int
    updated_at: datetime | None
    updated_by_user_id: int | None
    in_words: list[str]

    @classmethod
    def of(cls, stored: policies.StoredPolicy) -> RoutingPolicyOut:
        document = stored.document
        return cls(
            rules=document["rules"],
            default=document["default"],
            zones=document["zones"],
            version=stored.version,
            updated_at=stored.updated_at,
            updated_by_user_id=stored.updated_by_user_id,
            in_words=policy_in_words(stored.policy),
        )


@router.get("/merchants/{merchant_id}/routing-policy")
def get_routing_policy(
    merchant_id: MerchantDep, runtime: RuntimeDep, principal: PrincipalDep
) -> RoutingPolicyOut:
    """The merchant's routing policy; version 0 (hold every order in `unrouted`) until one is saved."""
    return RoutingPolicyOut.of(
        policies.routing_policy(runtime.uow(), principal=principal, merchant_id=merchant_id)
    )


@router.put("/merchants/{merchant_id}/routing-policy")
def put_routing_policy(
    merchant_id: MerchantDep,
    runtime: RuntimeDep,
    principal: PrincipalDep,
    body: Annotated[
        dict[str, Any],
        Body(
            description=(
                "The whole document (rules, default, optional zones) and the `version` it was "
                "read at (0 for a merchant without a saved policy). A stale version is a 409."
            ),
            openapi_examples={"walmart_two_day": {"value": EXAMPLE}},
        ),
    ],
) -> RoutingPolicyOut:
    """Replace the routing policy: every problem comes back at once, by field path; nothing
    changes unless the whole document is sound."""
    document = dict(body)
    version = document.pop("version", None)
    if (
        isinstance(version, bool)
        or not isinstance(version, int)
        or not 0 <= version <= _MAX_VERSION
    ):
        _refuse_version(version, document)
    return RoutingPolicyOut.of(
        policies.save_routing_policy(
            runtime.uow(),
            principal=principal,
            merchant_id=merchant_id,
            document=document,
            expected_version=version,
        )
    )


def _refuse_version(version: object, document: dict[str, Any]) -> NoReturn:
    """A missing or wrong version, reported with whatever else is wrong in the document."""
    message = (
        "Give the version you read the policy at (0 if none was saved)."
        if version is None
        else f"Use a whole number from 0 to {_MAX_VERSION}: the version you read the policy at."
    )
    problem = FieldProblem("version", "required" if version is None else "invalid", message)
    raise RoutingPolicyInvalid([problem, *read_routing_document(document).problems])
