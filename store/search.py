"""The filters analysts ask for (DESIGN 4.1): type, photo count, contact, cluster and full text.

Each returns a SQL condition on ``listings`` for the session's dialect, so ``listings``, the
console and the benchmark filter the same way. Full text uses the database's own index:
SQLite FTS5 with the ``trigram`` tokenizer (substrings, so Chinese without word breaks is
found too; terms under three characters fall back to ``LIKE``), PostgreSQL ``to_tsvector``
with the ``simple`` configuration over a GIN index (CJK terms, which that parser does not split,
fall back to ``ILIKE``). Migration 0006 creates both indexes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, bindparam, exists, select, text
from sqlalchemy.orm import Session

from faceleak.store.models import Image, Listing, Sighting

FTS_TABLE = "listings_fts"  # SQLite only; its shadow tables share the prefix
PG_DOCUMENT = "to_tsvector('simple', coalesce(title, '') || ' ' || text)"
CONTACT_KEY_SQL = "lower(ltrim(trim(:{name}), '@'))"  # as migration 0006's triggers key contacts
_CJK = re.compile(r"[\u3000-\u9fff\uac00-\ud7af\uf900-\ufaff]")


@dataclass(frozen=True, slots=True)
class ListingFilter:
    """Everything ``listings`` can narrow by; ``None`` or empty means no narrowing."""

    offers_only: bool = False
    source: str | None = None
    seller: str | None = None
    seller_id: int | None = None
    types: tuple[str, ...] = ()
    min_photos: int | None = None
    contact: str | None = None
    search: str | None = None
    cluster: int | None = None
    min_id: int | None = None  # a search window: only listings from this id up


def contact_key(value: str) -> str:
    """How a contact is compared: case-insensitive, a Telegram ``@`` optional."""
    return value.strip().lstrip("@").lower()


def search_terms(query: str) -> list[str]:
    """Whitespace-separated terms; quotes are plain characters (no query syntax to inject)."""
    return [t for t in query.split() if t]


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


def _has_type(dialect: str, index: int, data_type: str) -> ColumnElement[bool]:
    name = f"ftype_{index}"
    if dialect == "postgresql":
        sql = (f"EXISTS (SELECT 1 FROM json_array_elements_text(listings.data_types) AS t(v) "
               f"WHERE t.v = :{name})")
    else:
        sql = f"EXISTS (SELECT 1 FROM json_each(listings.data_types) WHERE value = :{name})"
    return text(sql).bindparams(bindparam(name, data_type))


def has_contact(dialect: str, value: str, name: str = "fcontact") -> ColumnElement[bool]:
    """Listings naming the contact ``value`` (see :func:`contact_key`), through the
    ``listing_contacts`` index; the key is computed by the same SQL the triggers use."""
    sql = (f"listings.id IN (SELECT listing_id FROM listing_contacts "
           f"WHERE value_key = {CONTACT_KEY_SQL.format(name=name)})")
    return text(sql).bindparams(bindparam(name, value))


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _term(dialect: str, index: int, term: str,
          min_id: int | None = None) -> ColumnElement[bool]:
    name = f"fterm_{index}"
    if dialect == "postgresql":
        if _CJK.search(term) or len(term) < 2:
            sql = f"(coalesce(title, '') || ' ' || text) ILIKE :{name} ESCAPE '\\'"
            return text(sql).bindparams(bindparam(name, _like(term)))
        sql = f"{PG_DOCUMENT} @@ plainto_tsquery('simple', :{name})"
        return text(sql).bindparams(bindparam(name, term))
    if len(term) < 3:  # the trigram index cannot answer shorter terms
        sql = (f"(coalesce(listings.title, '') || ' ' || listings.text) LIKE :{name} "
               f"ESCAPE '\\'")
        return text(sql).bindparams(bindparam(name, _like(term)))
    sql = f"listings.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :{name}"
    if min_id is None:
        return text(sql + ")").bindparams(bindparam(name, _phrase(term)))
    # FTS5 walks its doclists from this rowid on instead of collecting every match
    return text(sql + f" AND rowid >= :{name}_min)").bindparams(
        bindparam(name, _phrase(term)), bindparam(f"{name}_min", min_id))


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'  # one literal phrase, never FTS5 syntax


def full_text(dialect: str, query: str, min_id: int | None = None) -> ColumnElement[bool] | None:
    """Listings whose title or text holds every term of ``query`` (from ``min_id`` on)."""
    terms = search_terms(query)
    if not terms:
        return None
    return and_(*(_term(dialect, i, t, min_id) for i, t in enumerate(terms)))


def nth_newest_match(session: Session, query: str, n: int) -> int | None:
    """The id of the ``n``-th newest (by id) listing holding the first indexed term of
    ``query``, or None when fewer hold it (or no term is indexed). Newest first with a limit,
    so the index stops after ``n`` matches: the lower end of a search window."""
    dialect = dialect_of(session)
    for term in search_terms(query):
        if dialect == "postgresql" and not _CJK.search(term) and len(term) >= 2:
            sql = (f"SELECT id FROM listings WHERE {PG_DOCUMENT} @@ plainto_tsquery('simple', "
                   ":term) ORDER BY id DESC LIMIT 1 OFFSET :skip")
            return session.execute(text(sql), {"term": term, "skip": n - 1}).scalar()
        if dialect == "sqlite" and len(term) >= 3:
            sql = (f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH :term "
                   "ORDER BY rowid DESC LIMIT 1 OFFSET :skip")
            return session.execute(text(sql), {"term": _phrase(term), "skip": n - 1}).scalar()
    return None


def in_cluster(cluster_id: int) -> ColumnElement[bool]:
    return exists(
        select(Sighting.id)
        .join(Image, Image.id == Sighting.image_id)
        .where(Sighting.listing_id == Listing.id, Image.cluster_id == cluster_id)
    )


def conditions(session: Session, f: ListingFilter) -> list[ColumnElement[bool]]:
    """The SQL conditions of ``f`` for this session's database."""
    from faceleak.store.models import Seller, Source

    dialect = dialect_of(session)
    out: list[ColumnElement[bool]] = []
    if f.offers_only:
        out.append(Listing.is_offer.is_(True))
    if f.source is not None:
        out.append(Listing.source.has(Source.name == f.source))
    if f.seller is not None:
        out.append(Listing.seller.has(Seller.name == f.seller))
    if f.seller_id is not None:
        out.append(Listing.seller_id == f.seller_id)
    out.extend(_has_type(dialect, i, t) for i, t in enumerate(f.types))
    if f.min_photos is not None:
        out.append(Listing.photo_count >= f.min_photos)
    if f.contact:
        out.append(has_contact(dialect, f.contact))
    if f.min_id is not None:
        out.append(Listing.id >= f.min_id)
    if f.search:
        condition = full_text(dialect, f.search, f.min_id)
        if condition is not None:
            out.append(condition)
    if f.cluster is not None:
        out.append(in_cluster(f.cluster))
    return out
