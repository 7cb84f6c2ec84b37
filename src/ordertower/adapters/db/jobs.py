"""Jobs deferred on the business transaction's own connection (the transactional outbox).

We call procrastinate's defer function on our connection rather than through its connectors, so a job
becomes visible exactly when the business change commits and vanishes with it on rollback. A job's queue
is the first dotted part of its task name (`channels.push_inventory` → queue `channels`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

_DEFER = text(
    "SELECT procrastinate_defer_jobs_v1(ARRAY[ROW(:queue, :task, 0, NULL, :coalesce_key,"
    " CAST(:args AS jsonb), NULL)::procrastinate_job_to_defer_v1])"
)


def queue_of(task: str) -> str:
    return task.split(".", 1)[0] if "." in task else "default"


# Many coalesced jobs in one statement: a job still waiting with the same key absorbs ours, exactly as
# in `defer`, without a savepoint per job (procrastinate's own defer function is this INSERT).
# The arguments travel as one JSON array (one encoding in Python, not one per job).
_DEFER_COALESCED = text(
    "INSERT INTO procrastinate_jobs (queue_name, task_name, priority, lock, queueing_lock, args,"
    " scheduled_at)"
    " SELECT :queue, :task, 0, NULL, key, args, NULL"
    " FROM ROWS FROM (unnest(CAST(:keys AS text[])), jsonb_array_elements(CAST(:args AS jsonb)))"
    " WITH ORDINALITY AS j(key, args, n)"
    " ORDER BY n"
    " ON CONFLICT (queueing_lock) WHERE status = 'todo' DO NOTHING"
)


class SqlJobQueue:
    def __init__(self, connection: Connection) -> None:
        self._connection = connection

    def defer(self, task: str, *, coalesce_key: str | None = None, **args: Any) -> None:
        params = {
            "queue": queue_of(task),
            "task": task,
            "coalesce_key": coalesce_key,
            "args": json.dumps(args, default=str),
        }
        if coalesce_key is None:
            self._connection.execute(_DEFER, params)
            return
        try:
            with self._connection.begin_nested():
                self._connection.execute(_DEFER, params)
        except IntegrityError as error:
            # A job with this key is still waiting: it will see our change too, so ours is absorbed.
            if "queueing_lock" not in str(error.orig):
                raise

    def defer_coalesced(self, task: str, jobs: Mapping[str, Mapping[str, Any]]) -> None:
        if not jobs:
            return
        keys = sorted(jobs)
        self._connection.execute(
            _DEFER_COALESCED,
            {
                "queue": queue_of(task),
                "task": task,
                "keys": keys,
                "args": json.dumps([dict(jobs[k]) for k in keys], default=str),
            },
        )
