"""The zone table: the most specific entry ranks a location for a destination."""

from __future__ import annotations

import pytest

from ordertower.domain.routing import (
    Destination,
    ZoneEntry,
    ZoneTableInvalid,
    zone_table,
)

TABLE = zone_table(
    [
        ZoneEntry(location="WH-EAST", country="US", rank=5),
        ZoneEntry(location="WH-EAST", country="US", rank=3, region="US-PA"),
        ZoneEntry(location="WH-EAST", country="US", rank=1, postal_prefix="19"),
        ZoneEntry(location="WH-EAST", country="US", rank=2, postal_prefix="1"),
        ZoneEntry(location="WH-UK", country="GB", rank=1, postal_prefix="SW1A"),
    ]
)


@pytest.mark.parametrize(
    ("destination", "rank"),
    [
        (Destination(country="US", region="US-PA", postal_code="19103"), 1),
        (Destination(country="US", region="US-NY", postal_code="10001"), 2),
        (Destination(country="US", region="US-PA", postal_code="25000"), 3),
        (Destination(country="US", region="US-TX", postal_code="75001"), 5),
        (Destination(country="CA", region="CA-ON", postal_code="19103"), None),
    ],
)
def test_the_longest_postal_prefix_then_the_region_then_the_country_decides(
    destination: Destination, rank: int | None
) -> None:
    assert TABLE.rank("WH-EAST", destination) == rank


def test_postal_prefixes_match_regardless_of_spaces_and_case() -> None:
    assert TABLE.rank("WH-UK", Destination(country="GB", postal_code="sw1a 1aa")) == 1


def test_a_location_without_entries_is_unranked() -> None:
    assert TABLE.rank("WH-NEW", Destination(country="US", postal_code="19103")) is None


def test_a_bad_zone_table_names_each_entry_and_field() -> None:
    with pytest.raises(ZoneTableInvalid) as refused:
        zone_table(
            [
                ZoneEntry(location="WH-A", country="US", rank=0),
                ZoneEntry(location="WH-A", country="US", rank=1, region="CA-ON"),
                ZoneEntry(location="WH-A", country="XX", rank=1, postal_prefix="!!"),
                ZoneEntry(location="WH-A", country="US", rank=2),
            ]
        )

    assert {(p.field, p.code) for p in refused.value.problems} == {
        ("zones[0].rank", "out_of_range"),
        ("zones[1].region", "invalid_region"),
        ("zones[2].country", "invalid_country"),
        ("zones[2].postal_prefix", "invalid_postal_prefix"),
        ("zones[3]", "duplicate_zone"),
    }


def test_a_destination_built_from_an_address_region_gets_its_iso_region() -> None:
    assert Destination.local(country="US", region="PA", postal_code="19103") == Destination(
        country="US", region="US-PA", postal_code="19103"
    )
    assert Destination.local(country="US", region="US-PA").region == "US-PA"
    assert Destination.local(country="GB").region == ""
