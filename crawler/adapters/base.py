"""The adapter contract: pure functions from fetched bytes to posts and links.

An adapter never touches the network or the store; the spider feeds it
``(url, body, headers)`` and it answers with a :class:`Page`. That keeps every
real saved page in ``tests`` usable as a unit test.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import TYPE_CHECKING, ClassVar
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from faceleak.config.schema import SourceConfig


@dataclass(frozen=True, slots=True)
class RawPost:
    """One post as the page shows it, before extraction.

    ``url`` is the post's permalink (absolute) and identifies the listing within
    its source. ``seller`` is the author's most stable name (a Telegram channel's username,
    not its title, which ``seller_display`` keeps). ``text`` is plain text: markup removed,
    block elements and ``<br>`` turned into newlines, runs of spaces folded. ``posted_at`` is
    timezone-aware when known.
    """

    url: str
    text: str
    title: str | None = None
    seller: str | None = None
    posted_at: datetime | None = None
    image_urls: tuple[str, ...] = ()
    seller_display: str | None = None  # what the seller calls itself, where ``seller`` is a key
    forwarded_from: str | None = None  # the channel (or name) a forwarded post came from


@dataclass(frozen=True, slots=True)
class Thread:
    """A link from an index page to a thread or item page (one of ``Page.follow``).

    ``marker`` is what the index shows of the thread's last activity (its last-reply time,
    its reply count): while it is unchanged, the thread need not be fetched again. None
    when the index shows nothing of the kind; then the source's ``revisit`` interval decides.
    """

    url: str
    marker: str | None = None


@dataclass(frozen=True, slots=True)
class Page:
    """What one fetched page yields: posts found on it and absolute URLs to follow.

    ``threads`` says which of ``follow`` lead to threads or items rather than to further
    pages of the index: ``max_pages`` counts only index pages.
    """

    posts: tuple[RawPost, ...] = ()
    follow: tuple[str, ...] = ()
    threads: tuple[Thread, ...] = ()


@dataclass
class Adapter(ABC):
    """Base of every marketplace kind; subclasses register themselves by ``kind``."""

    source: SourceConfig
    registry: ClassVar[dict[str, type[Adapter]]] = {}
    kind: ClassVar[str] = ""
    extra: dict = field(default_factory=dict)

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if cls.kind:
            Adapter.registry[cls.kind] = cls

    default_tz: ClassVar[tzinfo] = UTC

    @property
    def tz(self) -> tzinfo:
        """The zone a date without one is read in: the source's ``timezone``, else the kind's."""
        name = getattr(self.source, "timezone", None)
        return ZoneInfo(name) if name else self.default_tz

    def start_urls(self) -> list[str]:
        """Where a pass begins; a kind may rewrite the configured URLs (e.g. to a JSON API)."""
        return list(self.source.start_urls)

    @abstractmethod
    def parse(self, url: str, body: bytes, headers: Mapping[str, str]) -> Page:
        """Parse one response. ``headers`` keys are lower-case (``content-type``)."""


def adapter_for(source: SourceConfig) -> Adapter:
    """The adapter instance for a configured source."""
    from faceleak.crawler import adapters as _  # noqa: F401  (imports register the kinds)

    try:
        cls = Adapter.registry[source.kind]
    except KeyError:
        known = ", ".join(sorted(Adapter.registry))
        raise ValueError(f"no adapter for kind {source.kind!r} (known: {known})") from None
    return cls(source)
