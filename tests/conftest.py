"""Shared fixtures: real saved pages, and throwaway PostgreSQL databases.

Tests that need a service skip when it is absent, unless
FACELEAK_REQUIRE_SERVICES=1 (CI), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Tests never assert timings: no per-example deadline, no "too slow" health check
# (a loaded 2-core CI machine must not turn a slow example into a failure).
settings.register_profile("faceleak", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("faceleak")

ROOT = Path(__file__).resolve().parent.parent
REALWORLD = ROOT.parent / "shared" / "realworld"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
PG_ADMIN_URL = os.environ.get("FACELEAK_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


def services_required() -> bool:
    return os.environ.get("FACELEAK_REQUIRE_SERVICES") == "1"


def skip_or_fail(reason: str) -> None:
    if services_required():
        pytest.fail(f"required service missing: {reason}")
    pytest.skip(reason)


@pytest.fixture
def realworld() -> Path:
    """The shared folder of real saved pages; skipped when this checkout has none beside it."""
    if not REALWORLD.is_dir():
        pytest.skip(f"{REALWORLD} not present")
    return REALWORLD


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'faceleak.db'}"


@pytest.fixture
def postgres_url():
    """A fresh PostgreSQL database under a unique name, dropped afterwards."""
    try:
        import psycopg
    except ImportError:
        skip_or_fail("psycopg is not installed")
    admin = PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
    name = f"faceleak_test_{uuid.uuid4().hex[:12]}"
    try:
        conn = psycopg.connect(admin, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        skip_or_fail(f"PostgreSQL not reachable at {admin}: {exc}")
    with conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    base = PG_ADMIN_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """Run a test once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("postgres_url")
