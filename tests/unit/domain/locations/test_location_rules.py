"""Locations: what a warehouse, an FBA network and a dropship vendor must say about themselves."""

from __future__ import annotations

import pytest

from ordertower.domain.amazon_marketplaces import AmazonRegion, marketplace
from ordertower.domain.errors import FieldsInvalid
from ordertower.domain.field_rules import is_country, is_time_zone
from ordertower.domain.locations import (
    Address,
    LocationInvalid,
    LocationKind,
    LocationSpec,
    ZoneInvalid,
    ZoneKind,
    ZoneSpec,
    validate_location,
    validate_zone,
)

CHICAGO = Address(line1="1 Dock St", city="Chicago", region="IL", postal_code="60601", country="us")


def warehouse(**changes: object) -> LocationSpec:
    values: dict[str, object] = {
        "kind": LocationKind.WAREHOUSE,
        "code": "chi1",
        "name": " Chicago DC ",
        "address": CHICAGO,
        "time_zone": "America/Chicago",
    }
    values.update(changes)
    return LocationSpec(**values)  # type: ignore[arg-type]


def fields_of(error: FieldsInvalid) -> set[str]:
    return {p.field for p in error.problems}


def test_a_warehouse_is_tidied_codes_upper_case_and_names_trimmed() -> None:
    spec = validate_location(warehouse())
    assert (spec.code, spec.name, spec.country) == ("CHI1", "Chicago DC", "US")


def test_every_problem_of_a_location_is_reported_at_once() -> None:
    bad = warehouse(code="no spaces", name=" ", time_zone="Mars/Olympus", priority=-1)
    with pytest.raises(LocationInvalid) as caught:
        validate_location(bad)
    assert fields_of(caught.value) == {"code", "name", "time_zone", "priority"}
    assert caught.value.code == "location_invalid"


def test_a_warehouse_without_an_address_is_refused() -> None:
    with pytest.raises(LocationInvalid) as caught:
        validate_location(warehouse(address=None))
    assert fields_of(caught.value) == {"address"}


@pytest.mark.parametrize(
    ("address", "field"),
    [
        (Address(line1="1 A St", city="X", country="UK", postal_code="SW1"), "address.country"),
        (Address(line1="1 A St", city="X", country="ZZ"), "address.country"),
        (Address(line1=" ", city="X", country="DE"), "address.line1"),
        (Address(line1="1 A St", city="", country="DE"), "address.city"),
        (
            Address(line1="1 A St", city="X", country="US", postal_code="ABCDE"),
            "address.postal_code",
        ),
    ],
)
def test_a_bad_address_names_the_field(address: Address, field: str) -> None:
    with pytest.raises(LocationInvalid) as caught:
        validate_location(warehouse(address=address))
    assert fields_of(caught.value) == {field}


def test_the_united_kingdom_is_gb_and_the_message_says_so() -> None:
    address = Address(line1="1 A St", city="London", country="UK")
    with pytest.raises(LocationInvalid) as caught:
        validate_location(warehouse(address=address))
    assert "GB" in caught.value.problems[0].message


def test_an_fba_location_needs_a_known_marketplace_and_keeps_amazons_spelling() -> None:
    spec = validate_location(
        LocationSpec(
            kind=LocationKind.FBA, code="FBA-US", name="FBA", marketplace_id="atvpdkikx0der"
        )
    )
    assert (spec.marketplace_id, spec.country) == ("ATVPDKIKX0DER", "US")
    with pytest.raises(LocationInvalid) as caught:
        validate_location(
            LocationSpec(kind=LocationKind.FBA, code="FBA-X", name="FBA", marketplace_id="NOPE")
        )
    assert fields_of(caught.value) == {"marketplace_id"}


def test_only_fba_locations_carry_a_marketplace() -> None:
    with pytest.raises(LocationInvalid) as caught:
        validate_location(warehouse(marketplace_id="ATVPDKIKX0DER"))
    assert fields_of(caught.value) == {"marketplace_id"}


def test_a_dropship_vendor_may_leave_out_its_address() -> None:
    spec = validate_location(LocationSpec(kind=LocationKind.DROPSHIP, code="VEND-1", name="Vendor"))
    assert spec.address is None
    assert spec.country is None


def test_marketplaces_know_their_region_and_country() -> None:
    japan = marketplace("A1VC38T7YXB528")
    assert japan is not None
    assert (japan.country, japan.region) == ("JP", AmazonRegion.FE)
    uk = marketplace("A1F83G8C2ARO7P")
    assert uk is not None
    assert (uk.country, uk.region) == ("GB", AmazonRegion.EU)
    assert marketplace("A0000000000000") is None


def test_countries_and_time_zones_are_the_real_ones() -> None:
    assert is_country("US")
    assert is_country("GB")
    assert not is_country("UK")
    assert is_time_zone("Europe/Berlin")
    assert not is_time_zone("europe/berlin")
    assert not is_time_zone("../../etc/passwd")


def test_a_zone_needs_a_code_and_name() -> None:
    assert validate_zone(ZoneSpec(code="pick", name="Pick", kind=ZoneKind.PICK)).code == "PICK"
    with pytest.raises(ZoneInvalid) as caught:
        validate_zone(ZoneSpec(code="", name="", kind=ZoneKind.PICK))
    assert fields_of(caught.value) == {"code", "name"}


def test_zone_kinds_are_the_ones_the_table_allows() -> None:
    assert {k.value for k in ZoneKind} == {
        "receiving",
        "storage",
        "pick",
        "overflow",
        "quarantine",
        "prep_staging",
        "returns",
        "packing",
        "shipping",
    }
