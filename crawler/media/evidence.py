"""Opt-in evidence vault: original sample images, encrypted at rest, purged on schedule.

By default the monitor keeps no pixels (it must not become the next leak). When an
operator switches evidence on, each original is sealed with Fernet (AES-128-CBC +
HMAC-SHA256) under a key read from the environment variable the config names, and
written to a file named by its sha256. Plaintext never touches the disk.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

_SHA256 = re.compile(r"[0-9a-f]{64}")
_SUFFIX = ".fernet"


class EvidenceError(Exception):
    """The vault cannot do what was asked (missing key, wrong key, unknown item)."""


class EvidenceVault:
    """Encrypted originals under ``root``, one file per sha256."""

    def __init__(self, root: str | Path, key: bytes | str) -> None:
        try:
            self._fernet = Fernet(key)
        except (ValueError, TypeError):
            raise EvidenceError("evidence key is not a Fernet key "
                                "(make one with Fernet.generate_key())") from None
        self.root = Path(root)

    @classmethod
    def from_env(cls, root: str | Path, key_env: str) -> EvidenceVault:
        key = os.environ.get(key_env)
        if not key:
            raise EvidenceError(f"environment variable {key_env} (the evidence key) is not set")
        return cls(root, key)

    @classmethod
    def from_config(cls, evidence: Any, base_dir: str | Path = ".") -> EvidenceVault | None:
        """The vault an ``EvidenceConfig`` asks for, or ``None`` when retention is off."""
        if not evidence.enabled:
            return None
        return cls.from_env(Path(base_dir) / evidence.dir, evidence.key_env)

    def _path(self, sha256: str) -> Path:
        if not _SHA256.fullmatch(sha256):
            raise EvidenceError(f"not a lowercase sha256 hex digest: {sha256[:80]!r}")
        return self.root / sha256[:2] / f"{sha256}{_SUFFIX}"

    def put(self, sha256: str, data: bytes) -> Path:
        """Seal ``data`` (whose sha256 must be ``sha256``) into the vault; idempotent."""
        if hashlib.sha256(data).hexdigest() != sha256:
            raise EvidenceError("data does not match its sha256")
        path = self._path(sha256)
        if path.exists():
            return path
        path.parent.mkdir(parents=True, exist_ok=True)
        token = self._fernet.encrypt(data)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(token)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    def __contains__(self, sha256: str) -> bool:
        return self._path(sha256).exists()

    def get(self, sha256: str) -> bytes:
        """The original bytes; ``EvidenceError`` if absent, tampered with or under another key."""
        path = self._path(sha256)
        try:
            token = path.read_bytes()
        except FileNotFoundError:
            raise EvidenceError(f"no evidence stored for {sha256}") from None
        try:
            data = self._fernet.decrypt(token)
        except InvalidToken:
            raise EvidenceError(
                f"evidence {sha256} does not decrypt: wrong key or corrupted file") from None
        if hashlib.sha256(data).hexdigest() != sha256:
            raise EvidenceError(f"evidence {sha256} decrypts to other bytes")
        return data

    def purge(self, older_than: timedelta, *, now: float | None = None) -> int:
        """Delete items stored more than ``older_than`` ago (by file time); return how many."""
        cutoff = (time.time() if now is None else now) - older_than.total_seconds()
        removed = 0
        if not self.root.is_dir():
            return 0
        for path in self.root.glob(f"*/*{_SUFFIX}"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        return removed
