"""What the job queue holds, for tests that check a change queued its follow-up work."""

from __future__ import annotations

from ordertower.bootstrap import Runtime


def recomputes_waiting(runtime: Runtime) -> list[int]:
    """Products whose available-to-sell recompute is queued and not yet run, in product order."""
    with runtime.engine.connect() as c:
        return list(
            c.exec_driver_sql(
                "SELECT (args ->> 'product_id')::bigint AS product_id FROM procrastinate_jobs"
                " WHERE task_name = 'inventory.recompute_availability' AND status = 'todo'"
                " ORDER BY 1"
            ).scalars()
        )
