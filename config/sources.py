"""Schema of one crawled source (``sources:`` in the YAML)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal, get_args
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import cssselect
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    ValidationInfo,
    field_validator,
)

from .fields import STRICT, HeaderValue, HttpUrl, Name, NonBlank, ProxyUrl, located
from .schedule import parse_duration, parse_schedule

SourceKind = Literal["telegram", "discuz", "phpbb", "discourse", "html", "autoshop"]
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)

MIB = 1024 * 1024


def _css(value: str) -> str:
    """Reject a selector that cannot be parsed, so a typo fails at load rather than mid-crawl."""
    try:
        cssselect.parse(value)
    except cssselect.SelectorError as exc:
        raise ValueError(f"invalid CSS selector {value!r}: {exc}") from None
    return value


def _timezone(value: str) -> str:
    """An IANA zone name ("Asia/Shanghai", "Europe/Moscow"), checked against the zone database."""
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {value!r}: use an IANA name such as 'Asia/Shanghai'"
        ) from None
    return value


def _schedule(value: str) -> str:
    parse_schedule(value)
    return value.strip()


Css = Annotated[str, AfterValidator(_css)]


class SelectorsConfig(BaseModel):
    """CSS selectors of a generic ``html`` market page; only ``body`` is required.

    Without ``post`` a page is one listing; with it, each match is one (a forum thread's
    posts, a paste list's entries) and the other selectors are read inside the match.
    """

    model_config = STRICT

    listing: Css | None = None
    next_page: Css | None = None
    post: Css | None = None  # several posts a page: the others are read inside each match
    permalink: Css | None = None  # with post: the link (inside the post) to the post itself
    title: Css | None = None
    body: Css | None = None
    seller: Css | None = None
    posted_at: Css | None = None
    images: Css | None = None


class SourceConfig(BaseModel):
    """One place to crawl, how often, and how politely."""

    model_config = STRICT

    name: Name
    kind: SourceKind
    start_urls: list[HttpUrl] = Field(min_length=1)
    schedule: Annotated[str, AfterValidator(_schedule)]
    max_pages: int = Field(default=20, ge=1)  # pages of the index walked per pass
    max_requests: int = Field(default=1000, ge=1)  # pages of any kind fetched per pass
    # an item page without a last-activity marker is fetched again after this long (None:
    # every pass), and Telegram's older pages walked again (None: never); a thread with a
    # marker only when the marker changes
    revisit: Annotated[timedelta | None, BeforeValidator(
        lambda v: None if v is None else parse_duration(v))] = None
    enabled: bool = True
    proxy: ProxyUrl | None = None  # every request and name lookup of the source goes through it
    allow_private: bool = False
    obey_robots: bool = True
    selectors: SelectorsConfig | None = Field(default=None, validate_default=True)
    download_delay: float = Field(default=1.0, ge=0)
    concurrency: int = Field(default=2, ge=1, le=32)
    timeout_s: float = Field(default=30, gt=0)
    max_response_bytes: int = Field(default=5 * MIB, ge=1024)
    # the zone dates without one are read in (default: the kind's, e.g. UTC+8 for discuz)
    timezone: Annotated[str, AfterValidator(_timezone)] | None = None
    keep_query: list[NonBlank] | None = None  # html: the only query parameters a URL keeps
    user_agent: HeaderValue | None = None  # default: a common browser's (crawler/settings.py)

    @field_validator("selectors")
    @classmethod
    def _selectors_fit_kind(
        cls, value: SelectorsConfig | None, info: ValidationInfo
    ) -> SelectorsConfig | None:
        kind = info.data.get("kind")
        if kind is None:  # kind itself was invalid; that error is reported already
            return value
        if kind == "html":
            if value is None:
                raise ValueError("kind html needs selectors, at least 'body'")
            if value.body is None:
                raise located("kind html needs a 'body' selector", "body")
        # Other kinds ignore selectors; DESIGN 4.4's own example puts them on a telegram source.
        return value

    @property
    def interval(self) -> timedelta | None:
        """The fixed interval between passes, or None for a cron schedule."""
        return parse_schedule(self.schedule).interval

    @property
    def cron(self) -> str | None:
        """The five-field crontab expression, or None for an interval schedule."""
        return parse_schedule(self.schedule).cron
