"""``source_failing``: a source failed, lost posts or came back empty N runs in a row."""

from __future__ import annotations

from .base import AlertDraft, SourceEvent


class SourceFailing(SourceEvent):
    """Keyed by the first failed run, so one streak alerts once and a later streak alerts again."""

    name = "source_failing"

    def drafts(
        self, source: str, consecutive_failures: int, first_failed_run_id: int, after: int
    ) -> list[AlertDraft]:
        if consecutive_failures < after:
            return []
        return [
            AlertDraft(
                key=f"source_failing:{source}:{first_failed_run_id}",
                summary=(
                    f"Source {source} failed or came back empty "
                    f"{consecutive_failures} runs in a row"
                ),
                details={"source": source, "consecutive_failures": consecutive_failures,
                         "first_failed_run_id": first_failed_run_id, "after": after},
            )
        ]
