import pytest
from hypothesis import given
from hypothesis import strategies as st

from ordertower.domain.orders import (
    Address,
    PostalBox,
    ServiceLevel,
    address_problems,
    is_postal_code,
    postal_box,
    region_code,
    tidy_address,
    tidy_postal_code,
)

L = ServiceLevel


def at(country, postal_code, region="", line1="1 Main Street", city="Town"):
    return Address(
        name="Sam", line1=line1, city=city, region=region, postal_code=postal_code, country=country
    )


def codes(address, level=L.STANDARD):
    return {(p.field, p.code) for p in address_problems(address, level)}


@pytest.mark.parametrize(
    "address",
    [
        at("US", "62701", "IL"),
        at("US", "62701-1234", "IL"),
        at("CA", "K1A 0B1", "ON"),
        at("GB", "SW1A 1AA"),
        at("GB", "M1 1AE"),
        at("GB", "EC1A 1BB"),
        at("DE", "10115"),
        at("FR", "75008"),
        at("AU", "2000", "NSW"),
        at("JP", "100-0001"),
        at("NL", "1012 AB"),
        at("HK", ""),
    ],
)
def test_well_formed_addresses_have_no_problems(address):
    assert address_problems(address, L.NEXT_DAY) == []


@pytest.mark.parametrize(
    ("country", "written", "tidy"),
    [
        ("US", "627011234", "62701-1234"),
        ("US", "62701 1234", "62701-1234"),
        ("CA", "k1a0b1", "K1A 0B1"),
        ("GB", "sw1a1aa", "SW1A 1AA"),
        ("JP", "〒1000001", "100-0001"),
        ("DE", " 10115 ", "10115"),
    ],
)
def test_postal_codes_are_tidied_to_how_the_country_writes_them(country, written, tidy):
    assert tidy_postal_code(country, written) == tidy


@pytest.mark.parametrize(
    ("country", "code"),
    [
        ("US", "6270"),
        ("US", "62701-12"),
        ("CA", "D1A 0B1"),
        ("CA", "W1A 0B1"),
        ("GB", "QQ1 1AA"),
        ("DE", "1011"),
        ("FR", "7500A"),
        ("AU", "20000"),
        ("JP", "100-001"),
        ("NL", "!!"),
        ("BR", "ABC"),
    ],
)
def test_malformed_postal_codes_are_problems(country, code):
    assert not is_postal_code(country, tidy_postal_code(country, code))
    region = {"US": "IL", "CA": "ON"}.get(country, "")
    assert ("ship_to.postal_code", "invalid_postal_code") in codes(at(country, code, region))


@pytest.mark.parametrize("country", ["US", "CA", "GB", "DE", "FR", "AU", "JP"])
def test_countries_with_exact_formats_need_a_postal_code(country):
    region = {"US": "IL", "CA": "ON"}.get(country, "")
    problems = address_problems(at(country, "", region), L.STANDARD)

    assert [(p.field, p.code) for p in problems] == [("ship_to.postal_code", "missing_postal_code")]
    assert "Give the postal code" in problems[0].message


def test_us_and_canadian_addresses_need_a_valid_region():
    assert codes(at("US", "62701")) == {("ship_to.region", "missing_region")}
    assert codes(at("US", "62701", "ZZ")) == {("ship_to.region", "invalid_region")}
    assert codes(at("CA", "K1A 0B1", "IL")) == {("ship_to.region", "invalid_region")}


@pytest.mark.parametrize(
    ("country", "written", "code"),
    [
        ("US", "Illinois", "IL"),
        ("US", "new york", "NY"),
        ("US", "Washington, D.C.", "DC"),
        ("US", "il", "IL"),
        ("CA", "Québec", "QC"),
        ("CA", "Colombie-Britannique", "BC"),
        ("CA", "Newfoundland", "NL"),
    ],
)
def test_region_names_are_read_as_their_codes(country, written, code):
    assert region_code(country, written) == code
    assert tidy_address(at(country, "", written)).region == code


def test_regions_outside_the_us_and_canada_are_kept_as_written():
    assert region_code("AU", "NSW") is None
    assert tidy_address(at("AU", "2000", "New South Wales")).region == "New South Wales"


def test_countries_are_iso_codes_and_channel_spellings_are_tidied():
    assert tidy_address(at("USA", "62701", "IL")).country == "US"
    assert tidy_address(at("uk", "SW1A 1AA")).country == "GB"
    assert codes(at("XX", "12345")) == {("ship_to.country", "invalid_country")}


def test_missing_parts_are_each_named():
    assert codes(Address()) == {
        ("ship_to.name", "missing_recipient"),
        ("ship_to.line1", "missing_street"),
        ("ship_to.city", "missing_city"),
        ("ship_to.country", "missing_country"),
    }


@pytest.mark.parametrize(
    "line1",
    [
        "PO Box 123",
        "P.O. Box 123",
        "p. o. box 9",
        "POBox 77",
        "Post Office Box 4",
        "POB 12",
    ],
)
def test_po_boxes_are_spotted_however_they_are_written(line1):
    address = at("US", "62701", "IL", line1=line1)

    assert (
        postal_box(street_lines=(line1,), city=address.city, region=address.region, country="US")
        is PostalBox.PO_BOX
    )
    assert codes(address, L.NEXT_DAY) == {("ship_to.line1", "po_box_not_served")}
    assert codes(address, L.STANDARD) == set()


@pytest.mark.parametrize("line1", ["12 Boxwood Road", "Polo Box Ltd, 3 High St", "1 Shop Box Lane"])
def test_street_names_that_merely_contain_box_are_not_po_boxes(line1):
    assert codes(at("US", "62701", "IL", line1=line1), L.NEXT_DAY) == set()


def test_a_po_box_on_a_second_line_counts_too():
    address = Address(
        name="Sam", line1="Acme Corp", line2="PO Box 5", city="Town", region="IL",
        postal_code="62701", country="US",
    )  # fmt: skip

    assert codes(address, L.EXPEDITED) == {("ship_to.line1", "po_box_not_served")}


@pytest.mark.parametrize(("city", "region"), [("APO", "AE"), ("FPO", "AP"), ("DPO", "AA")])
def test_military_addresses_are_handled_like_po_boxes(city, region):
    address = at("US", "09012", region, line1="Unit 2050 Box 4190", city=city)

    problems = address_problems(address, L.TWO_DAY)

    assert [p.code for p in problems] == ["po_box_not_served"]
    assert "military" in problems[0].message
    assert address_problems(address, L.STANDARD) == []


def test_the_problem_says_what_to_do():
    [problem] = address_problems(at("US", "62701", "IL", line1="PO Box 1"), L.NEXT_DAY)

    assert "USPS" in problem.message


def test_fields_can_be_prefixed_for_other_addresses():
    problems = address_problems(Address(country="US"), L.STANDARD, prefix="return_to.")

    assert all(p.field.startswith("return_to.") for p in problems)


def test_a_street_address_repr_hides_personal_data():
    shown = repr(at("US", "62701", "IL", line1="100 Sample Street"))

    assert "Sam" not in shown
    assert "Sample Street" not in shown
    assert "62701" in shown


@given(
    st.sampled_from(["US", "CA", "GB", "DE", "FR", "AU", "JP", "NL", "usa", "uk", ""]),
    st.text(max_size=12),
    st.text(max_size=20),
)
def test_tidying_twice_changes_nothing(country, postal_code, region):
    once = tidy_address(Address(country=country, postal_code=postal_code, region=region))

    assert tidy_address(once) == once
