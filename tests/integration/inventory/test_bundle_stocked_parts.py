"""Bundles flattened to their stocked parts: the triggers on bundle_components keep the derived rows
equal to walking the nesting, whatever statement changed the components (migration 0015)."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Connection, delete, insert, select, update

from ordertower.adapters.db.tables.catalog import bundle_components, bundle_stocked_parts, products
from ordertower.adapters.db.tables.channels import channel_accounts, listings
from ordertower.services.inventory.availability import recompute_availability

ITEMS = ("PART-1", "PART-2", "PART-3", "PART-4")
BUNDLES = ("KIT-1", "KIT-2", "KIT-3", "KIT-4")  # KIT-n may hold KIT-m only for m < n: no cycles


def _add_products(c: Connection, merchant_id: int) -> dict[str, int]:
    return {
        sku: c.execute(
            insert(products)
            .values(merchant_id=merchant_id, sku=sku, title=sku, kind="item")
            .returning(products.c.id)
        ).scalar_one()
        for sku in (*ITEMS, *BUNDLES)
    }


def _walked(c: Connection, merchant_id: int) -> dict[tuple[int, int], int]:
    """Every bundle's stocked parts by walking bundle_components, as the ATS statements once did."""
    children: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for row in c.execute(
        select(bundle_components).where(bundle_components.c.merchant_id == merchant_id)
    ):
        children[row.bundle_id].append((row.component_id, row.quantity))
    flat: dict[tuple[int, int], int] = defaultdict(int)

    def walk(bundle: int, node: int, times: int) -> None:
        for child, quantity in children.get(node, []):
            if child in children:
                walk(bundle, child, times * quantity)
            else:
                flat[bundle, child] += times * quantity

    for bundle in children:
        walk(bundle, bundle, 1)
    return dict(flat)


def _stored(c: Connection, merchant_id: int) -> dict[tuple[int, int], int]:
    rows = c.execute(
        select(bundle_stocked_parts).where(bundle_stocked_parts.c.merchant_id == merchant_id)
    )
    return {(r.bundle_id, r.part_id): r.quantity for r in rows}


def _components(level: int) -> st.SearchStrategy[list[tuple[str, int]]]:
    choices = [*ITEMS, *BUNDLES[:level]]
    return st.lists(
        st.tuples(st.sampled_from(choices), st.integers(1, 3)),
        max_size=3,
        unique_by=lambda pair: pair[0],
    )


EDITS = st.one_of(
    st.integers(0, 3).flatmap(
        lambda level: st.tuples(st.just("set"), st.just(BUNDLES[level]), _components(level))
    ),
    st.tuples(st.just("double"), st.sampled_from(BUNDLES), st.just([])),
    st.tuples(st.just("clear"), st.sampled_from(BUNDLES), st.just([])),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=st.lists(EDITS, min_size=1, max_size=8))
def test_the_flattened_parts_always_equal_walking_the_nesting(runtime, stockroom, edits) -> None:
    merchant_id = stockroom.merchant_id
    with runtime.engine.connect() as c:
        ids = _add_products(c, merchant_id)
        for action, bundle, components in edits:
            bc = bundle_components.c
            mine = (bc.merchant_id == merchant_id) & (bc.bundle_id == ids[bundle])
            if action == "set":  # as the catalog saves them: delete, then insert, one transaction
                c.execute(delete(bundle_components).where(mine))
                if components:
                    c.execute(
                        insert(bundle_components),
                        [
                            {
                                "merchant_id": merchant_id,
                                "bundle_id": ids[bundle],
                                "component_id": ids[sku],
                                "quantity": quantity,
                            }
                            for sku, quantity in components
                        ],
                    )
            elif action == "double":
                c.execute(update(bundle_components).where(mine).values(quantity=bc.quantity * 2))
            else:
                c.execute(delete(bundle_components).where(mine))
            assert _stored(c, merchant_id) == _walked(c, merchant_id)
        c.rollback()  # the next example starts from the stockroom again


def test_deleting_a_bundle_removes_its_flattened_parts(runtime, stockroom) -> None:
    s = stockroom
    with runtime.engine.begin() as c:
        kit = s.products["BUNDLE-AB"]
        assert _stored(c, s.merchant_id) == {
            (kit, s.products["SKU-A"]): 2,
            (kit, s.products["SKU-B"]): 1,
        }
        c.execute(
            delete(products).where(products.c.merchant_id == s.merchant_id, products.c.id == kit)
        )
        assert _stored(c, s.merchant_id) == {}


def test_a_bundle_recompute_reaches_the_bundles_that_contain_it(runtime, stockroom) -> None:
    """A bundle's listing or components changed: every bundle holding it, however deeply, is
    recomputed with it (its parts are the inner bundle's and more)."""
    s = stockroom
    with runtime.engine.begin() as c:
        outer, other = (
            c.execute(
                insert(products)
                .values(merchant_id=s.merchant_id, sku=sku, title=sku, kind="bundle")
                .returning(products.c.id)
            ).scalar_one()
            for sku in ("KIT-OUTER", "KIT-OTHER")
        )
        c.execute(
            insert(bundle_components),
            [
                {
                    "merchant_id": s.merchant_id,
                    "bundle_id": outer,
                    "component_id": component,
                    "quantity": 1,
                }
                for component in (s.products["BUNDLE-AB"], s.products["SKU-C"])
            ]
            + [  # shares a part with BUNDLE-AB but does not hold it
                {
                    "merchant_id": s.merchant_id,
                    "bundle_id": other,
                    "component_id": s.products["SKU-A"],
                    "quantity": 1,
                }
            ],
        )
        account = c.execute(
            insert(channel_accounts)
            .values(merchant_id=s.merchant_id, kind="shopify", name="Shop")
            .returning(channel_accounts.c.id)
        ).scalar_one()
        listed = {
            sku: c.execute(
                insert(listings)
                .values(
                    merchant_id=s.merchant_id,
                    channel_account_id=account,
                    channel_sku=sku,
                    product_id=product,
                )
                .returning(listings.c.id)
            ).scalar_one()
            for sku, product in (
                ("L-AB", s.products["BUNDLE-AB"]),
                ("L-OUTER", outer),
                ("L-OTHER", other),
                ("L-C", s.products["SKU-C"]),
            )
        }
    results = recompute_availability(
        runtime.uow(), merchant_id=s.merchant_id, product_id=s.products["BUNDLE-AB"]
    )
    assert {r.listing_id for r in results} == {listed["L-AB"], listed["L-OUTER"]}
    results = recompute_availability(
        runtime.uow(), merchant_id=s.merchant_id, product_id=s.products["SKU-A"]
    )
    assert {r.listing_id for r in results} == {listed["L-AB"], listed["L-OUTER"], listed["L-OTHER"]}
