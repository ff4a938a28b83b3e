"""The YAML schema (DESIGN 4.4) as pydantic models; unknown keys are errors everywhere."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Field,
    ValidationInfo,
    model_validator,
)

from .channels import (
    CHANNEL_KINDS,
    AppriseChannelConfig,
    ChannelConfig,
    ConsoleChannelConfig,
    EmailChannelConfig,
    WebhookChannelConfig,
)
from .crawl import CrawlConfig
from .crosscheck import cross_check
from .distributed import DistributedConfig
from .fields import STRICT, EnvVar, Name, NonBlank, located
from .issues import format_field
from .schedule import parse_duration
from .sources import MIB, SOURCE_KINDS, SelectorsConfig, SourceConfig, SourceKind

__all__ = [
    "CHANNEL_KINDS",
    "DATA_TYPES",
    "EVENTS",
    "SEVERITIES",
    "SOURCE_KINDS",
    "AlertsConfig",
    "AppConfig",
    "AppriseChannelConfig",
    "ChannelConfig",
    "ConsoleChannelConfig",
    "CrawlConfig",
    "DaemonConfig",
    "DataType",
    "DeliveryConfig",
    "DistributedConfig",
    "EmailChannelConfig",
    "Event",
    "EvidenceConfig",
    "MediaConfig",
    "RuleConfig",
    "SelectorsConfig",
    "Severity",
    "SourceConfig",
    "SourceKind",
    "WebhookChannelConfig",
]

Event = Literal[
    "new_offer", "offer_changed", "new_sample", "sample_reuse", "watchlist_match", "source_failing"
]
Severity = Literal["low", "medium", "high", "critical"]
DataType = Literal["face_photo", "id_card", "handheld_id", "face_video", "kyc_set"]
EVENTS: tuple[str, ...] = get_args(Event)
SEVERITIES: tuple[str, ...] = get_args(Severity)
DATA_TYPES: tuple[str, ...] = get_args(DataType)

# Skips the whole-file checks when the loader runs them itself, with locations.
DEFER_CROSS_CHECKS = "faceleak.defer_cross_checks"


def _currency(code: str) -> str:
    if not (2 <= len(code) <= 10 and code.isascii() and code.isalnum() and code.isupper()):
        raise ValueError(f"currency code {code!r} must be upper-case, e.g. CNY, USDT")
    return code


CurrencyCode = Annotated[str, AfterValidator(_currency)]
UsdRate = Annotated[float, Field(gt=0, allow_inf_nan=False)]
Duration = Annotated[timedelta, BeforeValidator(parse_duration)]


class RuleConfig(BaseModel):
    """Which changes become alerts, how severe, and where they are sent."""

    model_config = STRICT

    name: Name
    event: Event
    severity: Severity = "medium"
    channels: list[Name] = []
    min_photos: int | None = Field(default=None, ge=0)
    min_score: float | None = Field(default=None, ge=0, le=1)
    sources: list[Name] | None = None
    data_types: list[DataType] | None = None
    after: int = Field(default=3, ge=1)
    enabled: bool = True


class AlertsConfig(BaseModel):
    model_config = STRICT

    channels: list[ChannelConfig] = []
    rules: list[RuleConfig] = []


class MediaConfig(BaseModel):
    """Limits on sample images: hostile files are the normal case."""

    model_config = STRICT

    max_image_bytes: int = Field(default=8 * MIB, ge=1024)
    max_pixels: int = Field(default=40_000_000, ge=1)
    max_images_per_post: int = Field(default=8, ge=0)
    download_timeout_s: float = Field(default=20, gt=0)


class EvidenceConfig(BaseModel):
    """Opt-in, encrypted keeping of original images, purged after ``retention_days``."""

    model_config = STRICT

    enabled: bool = False
    key_env: EnvVar | None = "FACELEAK_EVIDENCE_KEY"
    retention_days: int = Field(default=30, ge=1)
    dir: NonBlank = "evidence"

    @model_validator(mode="after")
    def _key_when_enabled(self) -> EvidenceConfig:
        if self.enabled and not self.key_env:
            message = "evidence needs key_env (the variable holding the key) when enabled"
            raise located(message, "key_env")
        return self


class DeliveryConfig(BaseModel):
    """How long and how often a delivery is tried: for ``max_age`` (a receiver down over a
    weekend still gets everything), with capped, jittered backoff in between."""

    model_config = STRICT

    max_age: Duration = timedelta(days=3)
    max_attempts: int | None = Field(default=None, ge=1)  # None: only max_age limits retries
    backoff_base_s: float = Field(default=30, gt=0)
    backoff_max_s: float = Field(default=900, gt=0)
    crawl_drain_s: float = Field(default=120, ge=0)  # `crawl` delivers for at most this long
    breaker_failures: int = Field(default=3, ge=1)  # failures in a row that open a channel's
    breaker_cooldown_s: float = Field(default=60, gt=0)  # circuit, and for how long at first
    lease_s: float = Field(default=600, gt=0)  # SQLite: a claimed delivery's lease (> any send)

    @model_validator(mode="after")
    def _ordered(self) -> DeliveryConfig:
        if self.backoff_max_s < self.backoff_base_s:
            raise located("backoff_max_s must be at least backoff_base_s", "backoff_max_s")
        return self


class DaemonConfig(BaseModel):
    model_config = STRICT

    delivery_interval_s: float = Field(default=30, gt=0)
    misfire_grace_s: int = Field(default=300, ge=1)
    crawl_timeout_s: float = Field(default=1800, gt=0)
    crawl_workers: int = Field(default=2, ge=1)  # crawls at once; delivery has its own thread
    jobstore_url: NonBlank | None = None


class AppConfig(BaseModel):
    """The whole configuration file."""

    model_config = STRICT

    database: NonBlank | None = None
    sources: list[SourceConfig] = []
    alerts: AlertsConfig = Field(default_factory=AlertsConfig)
    currency_rates_usd: dict[CurrencyCode, UsdRate] = {}
    media: MediaConfig = Field(default_factory=MediaConfig)
    evidence: EvidenceConfig = Field(default_factory=EvidenceConfig)
    delivery: DeliveryConfig = Field(default_factory=DeliveryConfig)
    daemon: DaemonConfig = Field(default_factory=DaemonConfig)
    crawl: CrawlConfig = Field(default_factory=CrawlConfig)
    distributed: DistributedConfig | None = None  # absent: one machine, no Redis

    @model_validator(mode="after")
    def _cross_checks(self, info: ValidationInfo) -> AppConfig:
        if (info.context or {}).get(DEFER_CROSS_CHECKS):
            return self
        problems = cross_check(self.model_dump(by_alias=True))
        if problems:
            raise ValueError("; ".join(f"{format_field(p)}: {m}" for p, m in problems))
        return self

    def source(self, name: str) -> SourceConfig:
        """The source called ``name``; KeyError naming the defined ones otherwise."""
        for source in self.sources:
            if source.name == name:
                return source
        known = ", ".join(s.name for s in self.sources) or "none"
        raise KeyError(f"no source named {name!r}; defined: {known}")

    def channel(self, name: str) -> ChannelConfig:
        """The channel called ``name``; KeyError naming the defined ones otherwise."""
        for channel in self.alerts.channels:
            if channel.name == name:
                return channel
        known = ", ".join(c.name for c in self.alerts.channels) or "none"
        raise KeyError(f"no channel named {name!r}; defined: {known}")
