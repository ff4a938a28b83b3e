"""Incremental passes: what the spider skips, and the marks a run leaves for the next one.

The spider reads the source's marks and stored post URLs when it opens; it skips a thread
whose index marker is unchanged (or an item page fetched within ``revisit``), and stops
walking older index pages once a page shows a post already stored (Telegram's pages run
newest first), unless the source's last pass did not end well (failed, partial, or its
process killed): that pass may have stored the newest posts and not the older new ones.
After each thread page it yields a :class:`FetchedThread`; the pipeline keeps those whose
posts were all stored and writes them as marks when the run closes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from faceleak.store import make_engine, session_factory
from faceleak.store.marks import Mark, load_marks, stored_urls
from faceleak.store.runs import previous_run_unfinished


@dataclass(frozen=True, slots=True)
class FetchedThread:
    """A thread or item page fetched in this run, with the index's marker it was fetched for."""

    url: str
    marker: str | None
    post_urls: tuple[str, ...] = ()


@dataclass
class SourceMemory:
    """What the store knows of a source when its crawl opens."""

    marks: dict[str, Mark] = field(default_factory=dict)
    stored: set[str] = field(default_factory=set)
    resume: bool = False  # the last pass did not end well: walk past stored posts

    @classmethod
    def load(cls, db_url: str, source_name: str, run_id: int | None = None) -> SourceMemory:
        engine = make_engine(db_url)
        try:
            with session_factory(engine)() as session:
                resume = run_id is not None and previous_run_unfinished(
                    session, source_name, run_id)
                return cls(load_marks(session, source_name), stored_urls(session, source_name),
                           resume)
        finally:
            engine.dispose()


@dataclass
class MarkBook:
    """Threads fetched in this run and posts that failed to store: marks only for the former
    whose posts none failed, so a thread with a lost post is fetched again next pass."""

    fetched: list[FetchedThread] = field(default_factory=list)
    failed: set[str] = field(default_factory=set)

    def complete(self) -> list[tuple[str, str | None]]:
        return [(t.url, t.marker) for t in self.fetched
                if not any(url in self.failed for url in t.post_urls)]


def memory_for(settings: Any, source_name: str) -> SourceMemory:
    """The source's memory when the crawl runs with a database (``FACELEAK_RUN``), else none."""
    ctx = settings.get("FACELEAK_RUN") if settings is not None else None
    if ctx is None:
        return SourceMemory()
    return SourceMemory.load(ctx.db_url, source_name, ctx.run_id)
