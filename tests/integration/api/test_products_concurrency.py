"""Two people changing bundles at the same moment cannot close a cycle between them."""

from __future__ import annotations

import threading

from product_fixtures import created, products_url

from ordertower.domain.catalog import BundleComponent, BundleCycle
from ordertower.services.catalog import bundles, products


def test_two_simultaneous_bundle_changes_never_form_a_cycle(admin, merchant, runtime) -> None:
    url = products_url(merchant)
    for round_ in range(4):
        a = created(admin.client.post(url, json={"sku": f"A{round_}", "title": "A"}))
        b = created(admin.client.post(url, json={"sku": f"B{round_}", "title": "B"}))
        start = threading.Barrier(2)
        outcomes: list[str] = []

        def contain(
            bundle: dict, component: dict, start: threading.Barrier, outcomes: list[str]
        ) -> None:
            start.wait()
            try:
                bundles.set_bundle_components(
                    runtime.uow(),
                    principal=admin.principal,
                    merchant_id=merchant["id"],
                    product_id=bundle["id"],
                    components=[BundleComponent(component["sku"], 1)],
                )
                outcomes.append("set")
            except BundleCycle:
                outcomes.append("cycle")

        threads = [
            threading.Thread(target=contain, args=(a, b, start, outcomes)),
            threading.Thread(target=contain, args=(b, a, start, outcomes)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

        assert sorted(outcomes) == ["cycle", "set"]
        with runtime.uow() as uow:
            graph = uow.products.bundle_graph(merchant_id=merchant["id"])
        assert not ({f"A{round_}", f"B{round_}"} <= graph.keys())
    assert (
        products.count_products(
            runtime.uow(), principal=admin.principal, merchant_id=merchant["id"]
        )
        == 8
    )
