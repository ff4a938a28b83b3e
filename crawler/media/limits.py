"""How much work one sample image may cost before we refuse it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class MediaLimits:
    """Decoding limits; checked on the header, before any pixel is decoded.

    ``max_pixels`` is also capped by Pillow's own ``Image.MAX_IMAGE_PIXELS`` so a
    decompression bomb is refused by us rather than half-decoded by Pillow.
    """

    max_bytes: int = 20 * 1024 * 1024
    max_pixels: int = 40_000_000
    max_side: int = 20_000

    def __post_init__(self) -> None:
        if self.max_bytes <= 0 or self.max_pixels <= 0 or self.max_side <= 0:
            raise ValueError("media limits must be positive")

    @classmethod
    def from_config(cls, media: object) -> MediaLimits:
        """Limits from an ``AppConfig.media`` (``max_image_bytes``, ``max_pixels``)."""
        return cls(max_bytes=int(media.max_image_bytes),  # type: ignore[attr-defined]
                   max_pixels=int(media.max_pixels))  # type: ignore[attr-defined]


DEFAULT_LIMITS = MediaLimits()
