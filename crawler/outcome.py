"""How a crawl run ended, from what it saw and what it stored: lost posts are never ``ok``.

A run that parsed posts but could not store some of them is ``partial``; one that stored
none of them is ``failed``. Both count toward ``source_failing`` and make ``crawl`` exit 1,
so a broken store (a full disk, a bad migration, a constraint a post violates) is reported,
not hidden behind a count of pages seen.
"""

from __future__ import annotations

from dataclasses import dataclass

# Outcomes that are not ``ok``: each counts toward a source's failing streak.
FAILING = ("partial", "empty", "failed")
# Outcomes that make ``crawl`` exit 1.
UNSUCCESSFUL = ("partial", "failed")


@dataclass(frozen=True, slots=True)
class RunOutcome:
    status: str
    message: str | None = None


def run_outcome(*, pages: int, posts: int, stored: int, unchanged: int = 0) -> RunOutcome:
    """The status of a run that parsed ``pages``, found ``posts`` and stored ``stored``;
    ``unchanged``: threads an incremental pass skipped because nothing changed in them."""
    if pages == 0:
        return RunOutcome("failed", "no page could be fetched and parsed")
    if posts == 0 and unchanged:
        return RunOutcome("ok", f"nothing new: {unchanged} thread(s) unchanged")
    if posts == 0:
        return RunOutcome("empty", "pages fetched, but no posts found")
    lost = posts - stored
    if lost <= 0:
        return RunOutcome("ok")
    if stored == 0:
        return RunOutcome("failed", f"none of {posts} posts could be stored")
    return RunOutcome("partial", f"{lost} of {posts} posts could not be stored")


__all__ = ["FAILING", "UNSUCCESSFUL", "RunOutcome", "run_outcome"]
