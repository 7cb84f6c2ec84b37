"""Arrays sent to PostgreSQL in their text form read back exactly as sent."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from ordertower.adapters.db.repositories.inventory import _dates, _ints, _texts

# Lot codes and statuses as a client might send them: any printable text, quotes, backslashes,
# commas, braces, blanks, the word NULL, the empty string.
_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12
) | st.sampled_from(["", "NULL", "null", " ", "a,b", "{x}", '"', "\\", '\\"', "lot 7"])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(_TEXT, max_size=8))
def test_text_arrays_round_trip(runtime, values) -> None:
    with runtime.engine.connect() as c:
        back = c.execute(text("SELECT CAST(:v AS text[])"), {"v": _texts(values)}).scalar_one()
    assert back == values


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    ints=st.lists(st.integers(-(2**63), 2**63 - 1), max_size=8),
    dates=st.lists(st.none() | st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)), max_size=8),
)
def test_integer_and_date_arrays_round_trip(runtime, ints, dates) -> None:
    with runtime.engine.connect() as c:
        row = c.execute(
            text("SELECT CAST(:i AS bigint[]), CAST(:d AS date[])"),
            {"i": _ints(ints), "d": _dates(dates)},
        ).one()
    assert (row[0], row[1]) == (ints, dates)
