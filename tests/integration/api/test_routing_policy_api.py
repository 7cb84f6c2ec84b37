"""The routing-policy API: the default until one is saved, whole-document saves with versions,
every problem named by its path, and nothing changed by a refused save."""

from __future__ import annotations

from typing import Any

import pytest
from routing_fixtures import dropship_vendor, put_policy, warehouse
from sqlalchemy import select

from ordertower.adapters.db.tables.orders import routing_policies
from ordertower.adapters.db.tables.tenancy import audit_log
from ordertower.domain.tenancy import Role

DOCUMENT: dict[str, Any] = {
    "rules": [
        {
            "name": "Walmart TwoDay from the east",
            "when": {"channel_kinds": ["walmart"], "service_levels": ["two_day"]},
            "action": {
                "kind": "ship_from",
                "locations": ["R-EAST", "R-WEST"],
                "allow_split": True,
                "max_splits": 1,
                "strategy": "fewest_splits",
                "on_shortfall": "backorder",
            },
        },
        {"when": {"skus": ["BIG-1"]}, "action": {"kind": "dropship", "vendor_location": "R-VEND"}},
    ],
    "default": {"kind": "warehouse", "location": "R-EAST"},
    "zones": [{"location": "R-WEST", "country": "US", "rank": 2, "region": "US-CA"}],
}


@pytest.fixture
def places(admin, merchant) -> None:
    warehouse(admin, "R-EAST")
    warehouse(admin, "R-WEST")
    dropship_vendor(admin, merchant["id"], "R-VEND")


@pytest.fixture
def manager(make_actor, merchant):
    return make_actor(Role.MANAGER, (merchant["id"],))


def url(merchant) -> str:
    return f"/api/v1/merchants/{merchant['id']}/routing-policy"


def stored(runtime) -> list[dict[str, Any]]:
    with runtime.engine.connect() as connection:
        return [dict(row._mapping) for row in connection.execute(select(routing_policies))]


def test_a_merchant_without_a_policy_holds_everything_in_the_unrouted_queue(
    manager, merchant
) -> None:
    response = manager.client.get(url(merchant))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["rules"] == []
    assert body["default"] == {"kind": "hold", "queue": "unrouted", "note": ""}
    assert body["version"] == 0
    assert body["updated_at"] is None
    assert body["in_words"] == ["Otherwise: Hold in queue unrouted for a person to route."]


def test_a_manager_saves_a_policy_and_reads_it_back_in_words(
    manager, merchant, places, runtime
) -> None:
    response = put_policy(manager.client, merchant["id"], DOCUMENT, 0)
    assert response.status_code == 200, response.text
    saved = response.json()
    assert saved["version"] == 1
    assert saved["updated_by_user_id"] == manager.principal.user_id
    assert saved["rules"][0]["action"]["locations"] == ["R-EAST", "R-WEST"]
    assert saved["rules"][1]["action"] == {
        "kind": "dropship",
        "vendor_location": "R-VEND",
        "require_stock": False,
    }
    assert saved["zones"] == [
        {"location": "R-WEST", "country": "US", "rank": 2, "region": "US-CA", "postal_prefix": ""}
    ]
    read = manager.client.get(url(merchant)).json()
    assert read == saved
    assert read["in_words"][0].startswith(
        "Rule 1 (Walmart TwoDay from the east): When channel=walmart, service=two_day: "
        "ship from R-EAST, R-WEST"
    )
    assert read["in_words"][-1].startswith(
        "Otherwise: Ship whole from the default warehouse R-EAST"
    )

    again = put_policy(manager.client, merchant["id"], {**DOCUMENT, "rules": []}, 1)
    assert again.status_code == 200, again.text
    assert again.json()["version"] == 2
    with runtime.engine.connect() as connection:
        actions = connection.execute(
            select(audit_log.c.action, audit_log.c.actor_user_id).where(
                audit_log.c.action == "routing_policy.saved"
            )
        ).all()
    assert [tuple(a) for a in actions] == [("routing_policy.saved", manager.principal.user_id)] * 2


def test_an_invalid_policy_is_refused_naming_every_field_and_changes_nothing(
    manager, merchant, places, runtime
) -> None:
    put_policy(manager.client, merchant["id"], DOCUMENT, 0)
    before = stored(runtime)
    bad = {
        "rules": [
            {
                "when": {"channel_kinds": ["ebay"], "countries": ["USA"]},
                "action": {"kind": "ship_from", "locations": ["R-EAST", "NOWHERE"]},
            },
            {"action": {"kind": "dropship", "vendor_location": "R-EAST", "require_stock": True}},
            {"action": {"kind": "ship_from", "locations": ["R-VEND"], "max_splits": 2}},
        ],
        "default": {"kind": "hold", "queue": "Not A Queue"},
        "zones": [{"location": "R-GONE", "country": "US", "rank": 1}],
    }
    response = put_policy(manager.client, merchant["id"], bad, 1)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "routing_policy_invalid"
    assert [(e["field"], e["code"]) for e in body["errors"]] == [
        ("rules[0].when.channel_kinds[0]", "unknown_choice"),
        ("rules[1].action.vendor_location", "wrong_location_kind"),
        ("rules[2].action.max_splits", "splits_not_allowed"),
        ("rules[2].action.locations[0]", "wrong_location_kind"),
        ("default.queue", "invalid_queue"),
        ("zones[0].location", "unknown_location"),
    ]
    assert stored(runtime) == before


def test_the_locations_must_be_usable_by_this_merchant(
    admin, manager, merchant, places, runtime
) -> None:
    other = admin.client.post("/api/v1/merchants", json={"code": "OTHER", "name": "Other"}).json()
    dropship_vendor(admin, other["id"], "THEIR-VEND")
    document = {
        "rules": [{"action": {"kind": "dropship", "vendor_location": "their-vend"}}],
        "default": {"kind": "hold"},
    }
    response = put_policy(manager.client, merchant["id"], document, 0)
    assert response.status_code == 422
    [problem] = response.json()["errors"]
    assert problem["field"] == "rules[0].action.vendor_location"
    assert problem["code"] == "unknown_location"
    assert problem["message"].startswith("Rule 1: There is no location THEIR-VEND")
    assert stored(runtime) == []


def test_a_stale_version_is_a_conflict_and_changes_nothing(
    manager, merchant, places, runtime
) -> None:
    assert put_policy(manager.client, merchant["id"], DOCUMENT, 0).status_code == 200
    assert put_policy(manager.client, merchant["id"], DOCUMENT, 1).status_code == 200
    before = stored(runtime)
    stale = put_policy(manager.client, merchant["id"], {**DOCUMENT, "rules": []}, 1)
    assert stale.status_code == 409, stale.text
    assert stale.json()["field"] == "version"
    assert "version 2, not 1" in stale.json()["detail"]
    first_again = put_policy(manager.client, merchant["id"], DOCUMENT, 0)
    assert first_again.status_code == 409
    assert stored(runtime) == before


@pytest.mark.parametrize(
    ("version", "code"), [(None, "required"), ("1", "invalid"), (-1, "invalid"), (True, "invalid")]
)
def test_the_version_is_required_and_reported_with_the_rest(
    manager, merchant, version, code
) -> None:
    body: dict[str, Any] = {"rules": "none", "default": {"kind": "hold"}}
    if version is not None:
        body["version"] = version
    response = manager.client.put(url(merchant), json=body)
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("version", code),
        ("rules", "not_a_list"),
    ]


def test_reading_needs_read_and_saving_needs_a_manager(make_actor, merchant, places) -> None:
    operator = make_actor(Role.OPERATOR, (merchant["id"],))
    client = make_actor(Role.CLIENT, (merchant["id"],))
    for reader in (operator, client):
        assert reader.client.get(url(merchant)).status_code == 200
        refused = put_policy(reader.client, merchant["id"], DOCUMENT, 0)
        assert refused.status_code == 403, refused.text
    stranger = make_actor(Role.MANAGER, ())
    assert stranger.client.get(url(merchant)).status_code == 404
    assert put_policy(stranger.client, merchant["id"], DOCUMENT, 0).status_code == 404


def test_an_unknown_merchant_is_not_found(admin) -> None:
    response = admin.client.get("/api/v1/merchants/999999/routing-policy")
    assert response.status_code == 404
