"""SQLAlchemy 2 models: the whole store schema.

Hashes are bytes (``LargeBinary``), never unsigned 64-bit integers, which
overflow SQLite's signed INTEGER. JSON columns hold small lists (reasons,
data types, contacts). Every constraint is named (see ``NAMING``) so Alembic
batch migrations on SQLite can find them again.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC in and out, on SQLite (which drops tzinfo) as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to the store; use timezone-aware UTC")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC) if value is not None else None


ID = BigInteger().with_variant(Integer, "sqlite")  # SQLite autoincrement needs INTEGER


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Source(Base):
    __tablename__ = "sources"
    id: Mapped[int] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CrawlRun(Base):
    """One pass over one source. ``status``: running, ok, partial, empty, failed."""

    __tablename__ = "crawl_runs"
    id: Mapped[int] = mapped_column(ID, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(String(16), default="running")
    pages: Mapped[int] = mapped_column(Integer, default=0)
    posts: Mapped[int] = mapped_column(Integer, default=0)
    offers: Mapped[int] = mapped_column(Integer, default=0)
    new_listings: Mapped[int] = mapped_column(Integer, default=0)
    changed_listings: Mapped[int] = mapped_column(Integer, default=0)
    images: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    message: Mapped[str | None] = mapped_column(Text)
    source: Mapped[Source] = relationship()


class Seller(Base):
    """A seller is a name within one source; links across sources come from shared samples."""

    __tablename__ = "sellers"
    __table_args__ = (UniqueConstraint("source_id", "name"),)
    id: Mapped[int] = mapped_column(ID, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(255))
    # what the seller calls itself now (a Telegram channel's title); ``name`` is the stable key
    display_name: Mapped[str | None] = mapped_column(String(255), nullable=True)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    source: Mapped[Source] = relationship()


class Listing(Base):
    """The current state of one post; earlier states live in ``listing_versions``."""

    __tablename__ = "listings"
    __table_args__ = (UniqueConstraint("source_id", "url"),)
    id: Mapped[int] = mapped_column(ID, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2048))
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, default="")
    seller_id: Mapped[int | None] = mapped_column(
        ForeignKey("sellers.id", ondelete="SET NULL"), index=True
    )
    posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    forwarded_from: Mapped[str | None] = mapped_column(String(255), nullable=True)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    is_offer: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    offer_score: Mapped[float] = mapped_column(Float, default=0.0)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    data_types: Mapped[list] = mapped_column(JSON, default=list)
    photo_count: Mapped[int | None] = mapped_column(BigInteger)
    price_amount: Mapped[float | None] = mapped_column(Float)
    price_currency: Mapped[str | None] = mapped_column(String(8))
    price_per: Mapped[str | None] = mapped_column(String(8))
    price_usd: Mapped[float | None] = mapped_column(Float)
    contacts: Mapped[list] = mapped_column(JSON, default=list)
    content_hash: Mapped[str] = mapped_column(
        String(64)
    )  # sha256 of the fields whose change matters
    version: Mapped[int] = mapped_column(Integer, default=1)
    # The analyst's label in force, if any: its fields stand instead of the extraction's.
    label_id: Mapped[int | None] = mapped_column(
        ForeignKey("labels.id", ondelete="SET NULL", use_alter=True)
    )
    source: Mapped[Source] = relationship()
    seller: Mapped[Seller | None] = relationship()
    label: Mapped[Label | None] = relationship(foreign_keys=[label_id], viewonly=True)
    versions: Mapped[list[ListingVersion]] = relationship(
        back_populates="listing", order_by="ListingVersion.version", cascade="all, delete-orphan"
    )
    sightings: Mapped[list[Sighting]] = relationship(
        back_populates="listing", order_by="Sighting.id", cascade="all, delete-orphan"
    )


class OfferTrend(Base):
    """What trends count of one offer, one row per data type (``slot`` 0 counts the offer):
    its week, moment, source, type and USD price per photo. Written only by database triggers
    (migration 0009) from ``listings``, so every writer keeps it exact; read by
    ``store/trends.py`` instead of every listing's JSON."""

    __tablename__ = "offer_trends"
    __table_args__ = (
        Index("ix_offer_trends_slot", "slot", "week", "source_id", "at"),
        Index("ix_offer_trends_week", "week", "data_type", "per_photo", "at"),
        Index("ix_offer_trends_at", "at"),
    )
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), primary_key=True
    )
    slot: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_id: Mapped[int] = mapped_column(ID)
    at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    week: Mapped[str | None] = mapped_column(String(10))  # ISO date of the Monday, UTC
    data_type: Mapped[str] = mapped_column(Text)
    per_photo: Mapped[float | None] = mapped_column(Float)


class ListingContact(Base):
    """One contact of a listing, by its comparison key (``store.search.contact_key``): the index
    behind ``--contact`` and the contact pivots. Written only by database triggers (migration
    0006) from ``listings.contacts``, so every writer of a listing keeps it in step."""

    __tablename__ = "listing_contacts"
    id: Mapped[int] = mapped_column(ID, primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str | None] = mapped_column(String(32))
    value_key: Mapped[str] = mapped_column(String(512), index=True)


class Label(Base):
    """An analyst's correction of one listing. Rows are never changed: they are the trail."""

    __tablename__ = "labels"
    id: Mapped[int] = mapped_column(ID, primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by: Mapped[str] = mapped_column(String(128))
    note: Mapped[str | None] = mapped_column(Text)
    is_offer: Mapped[bool] = mapped_column(Boolean)
    data_types: Mapped[list] = mapped_column(JSON, default=list)
    photo_count: Mapped[int | None] = mapped_column(BigInteger)
    price: Mapped[dict | None] = mapped_column(JSON)  # {"amount", "currency", "per"}
    replaced: Mapped[dict] = mapped_column(JSON, default=dict)  # the values it stood in for


class Reveal(Base):
    """An analyst unblurred one retained sample of a listing in the console. Never changed."""

    __tablename__ = "reveals"
    id: Mapped[int] = mapped_column(ID, primary_key=True)
    listing_id: Mapped[int] = mapped_column(
        ForeignKey("listings.id", ondelete="CASCADE"), index=True
    )
    image_id: Mapped[int] = mapped_column(ForeignKey("images.id", ondelete="CASCADE"))
    sha256: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by: Mapped[str] = mapped_column(String(128))


class OfferModelRecord(Base):
    """An offer model refitted by ``model fit``; the newest one scores every crawl."""

    __tablename__ = "offer_models"
    id: Mapped[int] = mapped_column(ID, primary_key=True)
    version: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    trained_on: Mapped[int] = mapped_column(Integer)
    model: Mapped[dict] = mapped_column(JSON)


class ListingVersion(Base):
    __tablename__ = "listing_versions"
    __table_args__ = (UniqueConstraint("listing_id", "version"),)
    id: Mapped[int] = mapped_column(ID, primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    content_hash: Mapped[str] = mapped_column(String(64))
    changed_fields: Mapped[list] = mapped_column(JSON, default=list)
    snapshot: Mapped[dict] = mapped_column(JSON, default=dict)  # title, text, extraction fields
    listing: Mapped[Listing] = relationship(back_populates="versions")


class Cluster(Base):
    """Near-duplicate samples. Membership is decided against the ``leader`` only (no chaining)."""

    __tablename__ = "clusters"
    id: Mapped[int] = mapped_column(ID, primary_key=True)
    leader_image_id: Mapped[int | None] = mapped_column(
        ForeignKey("images.id", ondelete="SET NULL", use_alter=True)
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    size: Mapped[int] = mapped_column(Integer, default=0)


class Image(Base):
    """A distinct sample image (by content). Pixels are not kept; see ``evidence``."""

    __tablename__ = "images"
    id: Mapped[int] = mapped_column(ID, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    url: Mapped[str | None] = mapped_column(String(2048))  # where it was first seen
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    format: Mapped[str | None] = mapped_column(String(16))
    faces: Mapped[int | None] = mapped_column(Integer)
    hash: Mapped[bytes | None] = mapped_column(LargeBinary(64))
    hash_mirror: Mapped[bytes | None] = mapped_column(LargeBinary(64))
    # The confirming hashes of two-stage matching (store/matching.py); NULL before 0004.
    fine_hash: Mapped[bytes | None] = mapped_column(LargeBinary(64))
    fine_mirror: Mapped[bytes | None] = mapped_column(LargeBinary(64))
    cluster_id: Mapped[int | None] = mapped_column(
        ForeignKey("clusters.id", ondelete="SET NULL"), index=True
    )
    error: Mapped[str | None] = mapped_column(Text)  # set when the bytes could not be decoded
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    cluster: Mapped[Cluster | None] = relationship(foreign_keys=[cluster_id])


class Sighting(Base):
    """An image (or a failed attempt at one) seen in a listing."""

    __tablename__ = "sightings"
    __table_args__ = (
        UniqueConstraint("listing_id", "url"),
        Index("ix_sightings_image_id", "image_id"),
    )
    id: Mapped[int] = mapped_column(ID, primary_key=True)
    listing_id: Mapped[int] = mapped_column(ForeignKey("listings.id", ondelete="CASCADE"))
    image_id: Mapped[int | None] = mapped_column(ForeignKey("images.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2048))
    error: Mapped[str | None] = mapped_column(Text)  # download failure, when there is no image
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    listing: Mapped[Listing] = relationship(back_populates="sightings")
    image: Mapped[Image | None] = relationship()


class Alert(Base):
    """``status``: open, acked, resolved, false_positive. ``dedupe_key`` makes re-runs quiet."""

    __tablename__ = "alerts"
    id: Mapped[int] = mapped_column(ID, primary_key=True)
    rule: Mapped[str] = mapped_column(String(64))
    event: Mapped[str] = mapped_column(String(32), index=True)
    severity: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="open", index=True)
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    summary: Mapped[str] = mapped_column(Text)
    listing_id: Mapped[int | None] = mapped_column(
        ForeignKey("listings.id", ondelete="SET NULL"), index=True
    )
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    listing: Mapped[Listing | None] = relationship()


class Delivery(Base):
    """The outbox: one row per alert and channel target. ``key`` is the idempotency key.

    ``target`` is an email recipient or an apprise URL's label, '' for single-target channels.
    ``status``: pending, sent, failed (refused for good, or older than ``delivery.max_age``).
    ``requeued_at`` restarts the age window when an operator retries a failed delivery.
    """

    __tablename__ = "deliveries"
    __table_args__ = (
        UniqueConstraint("alert_id", "channel", "target"),
        Index("ix_deliveries_due", "status", "next_attempt_at"),
    )
    id: Mapped[int] = mapped_column(ID, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(512), default="", server_default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    requeued_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_status: Mapped[int | None] = mapped_column(Integer)
    alert: Mapped[Alert] = relationship()


class AuditEntry(Base):
    """Who changed an alert's triage status, when, from what to what, and why."""

    __tablename__ = "audit_trail"
    id: Mapped[int] = mapped_column(ID, primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    by: Mapped[str] = mapped_column(String(128))
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)


class Watchlist(Base):
    __tablename__ = "watchlists"
    id: Mapped[int] = mapped_column(ID, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    entries: Mapped[list[WatchlistHash]] = relationship(cascade="all, delete-orphan")


class WatchlistHash(Base):
    """Only hashes of an organisation's own photos; never the photos."""

    __tablename__ = "watchlist_hashes"
    __table_args__ = (UniqueConstraint("watchlist_id", "sha256"),)
    id: Mapped[int] = mapped_column(ID, primary_key=True)
    watchlist_id: Mapped[int] = mapped_column(ForeignKey("watchlists.id", ondelete="CASCADE"))
    sha256: Mapped[str] = mapped_column(String(64))
    hash: Mapped[bytes] = mapped_column(LargeBinary(64))
    hash_mirror: Mapped[bytes] = mapped_column(LargeBinary(64))
    fine_hash: Mapped[bytes | None] = mapped_column(LargeBinary(64))
    fine_mirror: Mapped[bytes | None] = mapped_column(LargeBinary(64))
    label: Mapped[str | None] = mapped_column(String(255))


class CrawlMark(Base):
    """A thread or item page of a source as last fetched: when, and the index's marker of
    its last activity then. An incremental pass skips it while the marker is unchanged
    (boards), or until the source's ``revisit`` interval has passed (items without one)."""

    __tablename__ = "crawl_marks"
    __table_args__ = (UniqueConstraint("source_id", "url"),)
    id: Mapped[int] = mapped_column(ID, primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("sources.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(2048))
    marker: Mapped[str | None] = mapped_column(String(255))
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
