"""Jobs leave with the business transaction: rolled back, they never run; committed, they run once."""

import procrastinate
import pytest

from ordertower.entrypoints.workers import app as workers

ran: list[str] = []
probe = procrastinate.Blueprint()


@probe.task(name="tests.probe", queue="tests", pass_context=False)
def record(label: str) -> None:
    ran.append(label)


@pytest.fixture
def job_app(runtime):
    ran.clear()
    return workers.build(runtime, extra=[probe])


def test_a_job_deferred_in_a_rolled_back_transaction_never_runs(runtime, job_app) -> None:
    with runtime.uow() as uow:
        uow.jobs.defer("tests.probe", label="rolled back")
        uow.rollback()
    with runtime.uow() as uow:
        uow.jobs.defer("tests.probe", label="committed")
        uow.commit()
    workers.drain(job_app)
    assert ran == ["committed"]


def test_a_job_left_uncommitted_when_the_unit_of_work_fails_never_runs(runtime, job_app) -> None:
    def fail_after_deferring() -> None:
        with runtime.uow() as uow:
            uow.jobs.defer("tests.probe", label="lost with the failure")
            raise RuntimeError("business rule broke")

    with pytest.raises(RuntimeError):
        fail_after_deferring()
    workers.drain(job_app)
    assert ran == []


def test_jobs_with_the_same_coalesce_key_run_once_while_waiting(runtime, job_app) -> None:
    for n in range(5):
        with runtime.uow() as uow:
            uow.jobs.defer("tests.probe", coalesce_key="sku-1", label=f"burst {n}")
            uow.commit()
    with runtime.uow() as uow:
        uow.jobs.defer("tests.probe", coalesce_key="sku-2", label="other key")
        uow.commit()
    workers.drain(job_app)
    assert sorted(ran) == ["burst 0", "other key"]
