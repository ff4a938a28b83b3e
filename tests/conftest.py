"""Shared fixtures: real saved pages, and throwaway PostgreSQL databases.

Tests that need a service skip when it is absent, unless
FACELEAK_REQUIRE_SERVICES=1 (CI), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
REDIS_URL = os.environ.get("FACELEAK_TEST_REDIS", "redis://127.0.0.1:6379/0")


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


class PgDatabases:
    """Creates uniquely named PostgreSQL databases for a test and drops them after it.

    ``create(migrated=True)`` copies a database migrated once per test process (a PostgreSQL
    template), so a test that needs the schema does not run every migration again.
    """

    def __init__(self) -> None:
        self.made: list[str] = []
        self.template: str | None = None

    @staticmethod
    def _admin():
        try:
            import psycopg
        except ImportError:
            skip_or_fail("psycopg is not installed")
        admin = PG_ADMIN_URL.replace("postgresql+psycopg://", "postgresql://")
        try:
            return psycopg.connect(admin, autocommit=True, connect_timeout=3)
        except psycopg.OperationalError as exc:
            skip_or_fail(f"PostgreSQL not reachable at {admin}: {exc}")

    @staticmethod
    def new(template: str | None = None) -> str:
        """A new database (a copy of ``template`` if given, which nobody may be connected to);
        its name. The caller drops it."""
        name = f"faceleak_test_{uuid.uuid4().hex[:12]}"
        clause = f' TEMPLATE "{template}"' if template else ""
        with PgDatabases._admin() as conn:
            conn.execute(f'CREATE DATABASE "{name}"{clause}')
        return name

    @staticmethod
    def url(name: str) -> str:
        return f"{PG_ADMIN_URL.rsplit('/', 1)[0]}/{name}"

    def create(self, *, migrated: bool = False, template: str | None = None) -> str:
        """The URL of a database dropped after the test: empty, migrated, or a copy of
        ``template``."""
        name = self.new(self._migrated_template() if migrated else template)
        self.made.append(name)
        return self.url(name)

    def _migrated_template(self) -> str:
        if self.template is None:
            from faceleak.store import make_engine, upgrade

            name = self.new()
            self.template = name  # dropped with the session even if the upgrade fails
            engine = make_engine(self.url(name))
            try:
                upgrade(engine)
            finally:
                engine.dispose()  # a template may have no connection while it is copied
        return self.template

    @staticmethod
    def drop(names: list[str]) -> None:
        with PgDatabases._admin() as conn:
            for name in names:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def _pg_session() -> Iterator[PgDatabases]:
    databases = PgDatabases()
    yield databases
    if databases.template:
        databases.drop([databases.template])


@pytest.fixture
def pg_databases(_pg_session: PgDatabases) -> Iterator[PgDatabases]:
    yield _pg_session
    made, _pg_session.made = _pg_session.made, []
    if made:
        _pg_session.drop(made)


@pytest.fixture
def postgres_url(pg_databases: PgDatabases) -> str:
    """A fresh, empty PostgreSQL database under a unique name, dropped afterwards."""
    return pg_databases.create()


@dataclass(frozen=True)
class RedisSpace:
    """The test Redis and a key namespace of one test's own (other runs share the server)."""

    url: str
    namespace: str

    def yaml(self, **settings: object) -> str:
        """A ``distributed:`` config section pointing at this namespace."""
        extra = "".join(f", {k}: {v}" for k, v in settings.items())
        return f"distributed: {{redis_url: {self.url}, namespace: {self.namespace}{extra}}}\n"


@pytest.fixture
def redis_space() -> Iterator[RedisSpace]:
    """Redis at FACELEAK_TEST_REDIS (default 127.0.0.1:6379) with a unique namespace; the
    namespace's keys are deleted after the test, nothing else is touched."""
    try:
        import redis
    except ImportError:
        skip_or_fail("redis (the client) is not installed")
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as exc:
        client.close()
        skip_or_fail(f"Redis not reachable at {REDIS_URL}: {exc}")
    space = RedisSpace(REDIS_URL, f"faceleak-test-{uuid.uuid4().hex[:12]}")
    try:
        yield space
    finally:
        keys = list(client.scan_iter(match=f"{space.namespace}:*", count=500))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """Run a test once on SQLite and once on PostgreSQL, each on an empty database."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    return request.getfixturevalue("postgres_url")


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file migrated to head, copied by tests that need the schema."""
    from faceleak.store import make_engine, upgrade

    path = tmp_path_factory.mktemp("schema") / "migrated.db"
    engine = make_engine(f"sqlite:///{path}")
    try:
        upgrade(engine)
    finally:
        engine.dispose()  # the last connection closed checkpoints the WAL into the file
    assert not Path(f"{path}-wal").exists(), "the migrated template kept a write-ahead log"
    return path


@pytest.fixture
def migrated_sqlite_url(tmp_path: Path, _sqlite_template: Path) -> str:
    """A SQLite database at the newest schema revision (a copy of one migrated file)."""
    path = tmp_path / "faceleak.db"
    shutil.copyfile(_sqlite_template, path)
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def migrated_db_url(request: pytest.FixtureRequest) -> str:
    """Like ``db_url``, with the schema at the newest revision: the migrations ran once per
    test process; their own tests (tests/store/test_migrations.py) run them on ``db_url``."""
    if request.param == "sqlite":
        return request.getfixturevalue("migrated_sqlite_url")
    return request.getfixturevalue("pg_databases").create(migrated=True)


_TERMINAL = ("COLUMNS", "LINES")


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """pytest-xdist, on the controller: hand each worker this process's terminal variables."""
    node.workerinput["faceleak_terminal"] = {name: os.environ.get(name) for name in _TERMINAL}


def pytest_configure(config: pytest.Config) -> None:
    """An xdist worker starts with COLUMNS=80 and LINES=24 of its own; the CLI sizes its tables
    by COLUMNS, so a worker takes back the values (or their absence) of the run it belongs to."""
    inherited = getattr(config, "workerinput", {}).get("faceleak_terminal")
    for name, value in (inherited or {}).items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """End-to-end crawls and browser tests first, the many quick tests after them.

    The README's test command runs pytest-xdist with ``--dist loadscope
    --no-loadscope-reorder``: each module goes whole to one worker, so what it builds once (the
    demo crawl, the console's store and browser, the corpus refit) is built by one worker only,
    and modules are handed out in the order of their first test here, so the longest start early
    and the quick ones fill the end evenly. (``--dist loadgroup`` with ``xdist_group`` marks
    would group tests too, but pytest-xdist 3.8 tags a test's id through an attribute pytest 9
    no longer reads, so it ignores the marks and splits the groups over both workers.)
    """
    items.sort(key=lambda item: 0 if item.get_closest_marker("slow") else
               1 if item.get_closest_marker("browser") else 2)
