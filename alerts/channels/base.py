"""What a channel is: something that sends one alert and says, without raising, how it went.

Each kind lives in its own module and registers itself by subclassing with a ``kind``. A
channel is built from its config entry (read by attribute only) and sends one delivery at a
time; the delivery worker records the :class:`SendResult` it returns (never log text).
Channels get an :class:`AlertMessage` (the alert JSON, rendered before the send), never a
database object, so no query runs (and no lock is taken) while a slow receiver is waited on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from faceleak.store.models import Alert
from faceleak.store.serialize import alert_json


@dataclass(frozen=True, slots=True)
class AlertMessage:
    """One alert as every channel sends it: the JSON of DESIGN 4.3, rendered once."""

    doc: dict[str, Any]

    @classmethod
    def from_alert(cls, alert: Alert) -> AlertMessage:
        return cls(alert_json(alert))

    @property
    def id(self) -> int:
        return self.doc["id"]

    @property
    def rule(self) -> str:
        return self.doc["rule"]

    @property
    def event(self) -> str:
        return self.doc["event"]

    @property
    def severity(self) -> str:
        return self.doc["severity"]

    @property
    def summary(self) -> str:
        return self.doc["summary"]

    @property
    def listing(self) -> dict[str, Any] | None:
        return self.doc.get("listing")

    @property
    def listing_url(self) -> str | None:
        return self.listing["url"] if self.listing else None


@dataclass(frozen=True, slots=True)
class SendResult:
    """``ok``: delivered. Otherwise ``retryable`` says whether trying again later may help.

    ``status`` is the receiver's own answer where there is one (HTTP or SMTP code); ``detail``
    a short human-readable explanation; ``retry_after`` the seconds the receiver asked us to
    wait (HTTP ``Retry-After``), honoured over the backoff when longer.
    """

    ok: bool
    retryable: bool = False
    status: int | None = None
    detail: str = ""
    retry_after: float | None = None

    @classmethod
    def sent(cls, status: int | None = None, detail: str = "") -> SendResult:
        return cls(ok=True, status=status, detail=detail)

    @classmethod
    def retry(
        cls, detail: str, status: int | None = None, retry_after: float | None = None
    ) -> SendResult:
        return cls(ok=False, retryable=True, status=status, detail=detail,
                   retry_after=retry_after)

    @classmethod
    def fail(cls, detail: str, status: int | None = None) -> SendResult:
        return cls(ok=False, retryable=False, status=status, detail=detail)

    def describe(self) -> str:
        code = f"{self.status} " if self.status is not None else ""
        return f"{code}{self.detail}".strip()


class Channel:
    """Base of all channel kinds; subclasses with a ``kind`` register in ``REGISTRY``."""

    kind: ClassVar[str]
    REGISTRY: ClassVar[dict[str, type[Channel]]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        kind = cls.__dict__.get("kind")
        if kind is None:
            return
        if kind in Channel.REGISTRY:
            raise TypeError(f"channel kind {kind!r} registered twice")
        Channel.REGISTRY[kind] = cls

    def __init__(self, config: Any) -> None:
        self.config = config
        self.name: str = config.name

    def send(self, alert: AlertMessage, delivery_key: str) -> SendResult:
        """Send ``alert``; ``delivery_key`` is the same on every retry of one delivery."""
        raise NotImplementedError

    def deliver(self, alert: AlertMessage, delivery_key: str, target: str) -> SendResult:
        """Send to one target (see ``alerts.targets``); single-target kinds ignore it."""
        return self.send(alert, delivery_key)


def build_channel(config: Any, **options: Any) -> Channel:
    """The channel for one config entry; an unknown ``kind`` is a clear error."""
    cls = Channel.REGISTRY.get(config.kind)
    if cls is None:
        known = ", ".join(sorted(Channel.REGISTRY))
        raise ValueError(f"channel {config.name!r}: unknown kind {config.kind!r} (known: {known})")
    return cls(config, **options)
