"""The one way to ask for available to sell to be recomputed: a job per product, coalesced.

Whatever changes what a product's listings may sell (a movement, an allocation or its release, a
listing's mapping or stock rule) defers, in its own transaction, one recompute per product it
touched. A job still waiting with the same key absorbs the new one, so a burst of changes to one
product yields one run (`recompute_availability`, run by the worker).
"""

from __future__ import annotations

from collections.abc import Iterable

from ordertower.services.unit_of_work import JobQueue

RECOMPUTE_TASK = "inventory.recompute_availability"


def defer_recompute(jobs: JobQueue, merchant_id: int, product_ids: Iterable[int]) -> None:
    """Queue a recompute of the listings drawing on each product (none twice, in product order)."""
    jobs.defer_coalesced(
        RECOMPUTE_TASK,
        {
            f"ats:{merchant_id}:{product_id}": {
                "merchant_id": merchant_id,
                "product_id": product_id,
            }
            for product_id in sorted(set(product_ids))
        },
    )
