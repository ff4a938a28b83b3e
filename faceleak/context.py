"""What every command may need, resolved lazily: config path, config, database URL, sessions.

Imports are lazy too: the config schema (pydantic) and the store (SQLAlchemy, Alembic) load
when a command first asks for them, so ``--help`` and every child ``python -m faceleak`` do
not pay for what they never use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from faceleak.config import ConfigError


class CommandError(click.ClickException):
    """A failure with its exit code: 1 when the work failed, 2 for a usage or config error."""

    def __init__(self, message: str, exit_code: int = 1) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class ConfigProblem(click.ClickException):
    """Config errors: one line each, ``file:line: field: message``; exit 2."""

    exit_code = 2

    def __init__(self, error: ConfigError) -> None:
        super().__init__("\n".join(str(i) for i in error.issues))

    def show(self, file: Any = None) -> None:
        click.echo(self.message, err=True)


def shown_url(url: str) -> str:
    """``url`` with any password masked, for messages and logs."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not parseable: nothing to mask, and the error says so itself
        return url


@dataclass
class AppContext:
    cli_config: str | None
    cli_db: str | None
    verbose: bool = False
    _config: Any = None
    _engine: Any = None
    _session: Any = None
    _read_session: Any = None
    extra: dict = field(default_factory=dict)

    @property
    def config_path(self) -> Path | None:
        from faceleak.config import ConfigError, resolve_config_path

        try:
            return resolve_config_path(self.cli_config)
        except ConfigError as exc:
            raise ConfigProblem(exc) from None

    @property
    def config(self) -> Any:
        if self._config is None:
            from faceleak.config import ConfigError, load_config

            try:
                self._config = load_config(self.config_path)
            except ConfigError as exc:
                raise ConfigProblem(exc) from None
        return self._config

    @property
    def db_url(self) -> str:
        # the config file is optional for the database: a broken or absent one must not
        # stop `listings`, so only its `database:` key is consulted, when it loads.
        from faceleak.config import resolve_db_url

        config = None
        try:
            config = self.config
        except ConfigProblem:
            if self.cli_db is None:
                raise
        return resolve_db_url(self.cli_db, config)

    @property
    def shown_db_url(self) -> str:
        """The database URL as it may be printed: the password masked."""
        return shown_url(self.db_url)

    @property
    def engine(self) -> Any:
        if self._engine is None:
            from faceleak.store import make_engine

            shown, engine = self.shown_db_url, None
            try:
                engine = make_engine(self.db_url)
                with engine.connect():  # an unreachable server: one line now, not a traceback
                    pass
            except Exception as exc:  # a bad URL, a missing driver, no server: one line
                if engine is not None:
                    engine.dispose()
                reason = str(getattr(exc, "orig", None) or exc).replace(self.db_url, shown)
                first = reason.strip().splitlines()[0] if reason.strip() else type(exc).__name__
                raise CommandError(f"cannot open database {shown}: {first}", 2) from None
            self._engine = engine
        return self._engine

    def sessions(self, *, require_schema: bool = True) -> Any:
        """A session factory; reads refuse an uninitialised database rather than create one."""
        from faceleak.store import schema_is_current, session_factory

        if self._session is None:
            if require_schema and not schema_is_current(self.engine):
                raise CommandError(
                    f"database {self.shown_db_url} is not initialised or out of date: "
                    "run `faceleak init`"
                )
            self._session = session_factory(self.engine)
        return self._session

    def read_sessions(self) -> Any:
        """Sessions for commands that only read: they never hold SQLite's write lock."""
        from faceleak.store.engine import read_session_factory

        if self._read_session is None:
            self.sessions()  # the same checks: schema present and current
            self._read_session = read_session_factory(self.engine)
        return self._read_session

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
