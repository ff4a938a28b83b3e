"""When the daemon (re)schedules a source: now if new or overdue, never later than its schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from apscheduler.triggers.interval import IntervalTrigger

from faceleak.daemon import first_run

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
EVERY_15M = IntervalTrigger(minutes=15, timezone=UTC)


def test_a_new_source_runs_at_once():
    assert first_run(None, EVERY_15M, NOW) == NOW


def test_an_overdue_source_runs_at_once_rather_than_being_skipped_as_a_misfire():
    assert first_run(NOW - timedelta(days=3), EVERY_15M, NOW) == NOW


def test_a_stored_time_within_the_schedule_is_kept():
    stored = NOW + timedelta(minutes=5)
    assert first_run(stored, EVERY_15M, NOW) == stored


def test_a_shortened_schedule_applies_at_once():
    stored = NOW + timedelta(hours=20)  # the old schedule was daily
    assert first_run(stored, EVERY_15M, NOW) <= NOW + timedelta(minutes=15)


def test_a_cron_schedule_bounds_the_stored_time_by_its_next_fire():
    from apscheduler.triggers.cron import CronTrigger

    hourly = CronTrigger.from_crontab("0 * * * *", timezone=UTC)
    half_past = NOW + timedelta(minutes=30)
    assert first_run(NOW + timedelta(days=2), hourly, half_past) == NOW + timedelta(hours=1)


def _scheduled_functions(distributed: bool) -> dict[str, object]:
    from apscheduler.schedulers.background import BackgroundScheduler

    from faceleak.config import load_config_text
    from faceleak.daemon import schedule_jobs

    app = load_config_text("sources:\n  - {name: board, kind: discuz, "
                           "start_urls: ['https://bbs.example.org/f'], schedule: 1h}\n")
    scheduler = BackgroundScheduler(timezone=UTC)
    scheduler.start(paused=True)
    try:
        schedule_jobs(scheduler, app, config_path=None, db_url="sqlite://", now=NOW,
                      distributed=distributed)
        return {job.id: job.func for job in scheduler.get_jobs()}
    finally:
        scheduler.shutdown(wait=False)


def test_a_distributed_daemon_enqueues_each_pass_and_still_delivers():
    from faceleak.daemon import delivery_job, enqueue_job

    assert _scheduled_functions(True) == {"source:board": enqueue_job, "delivery": delivery_job}


def test_a_daemon_of_one_machine_runs_each_pass_itself():
    from faceleak.daemon import source_job

    assert _scheduled_functions(False)["source:board"] is source_job
