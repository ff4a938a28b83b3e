"""Evidence vault: opt-in, encrypted at rest, named by sha256, purged by age."""

from __future__ import annotations

import hashlib
import os
import time
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from cryptography.fernet import Fernet

from faceleak.crawler.media import EvidenceVault
from faceleak.crawler.media.evidence import EvidenceError


@pytest.fixture
def vault(tmp_path: Path) -> EvidenceVault:
    return EvidenceVault(tmp_path / "evidence", Fernet.generate_key())


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_put_then_get_returns_the_original(vault: EvidenceVault, astronaut_jpeg: bytes) -> None:
    vault.put(sha(astronaut_jpeg), astronaut_jpeg)
    assert vault.get(sha(astronaut_jpeg)) == astronaut_jpeg
    assert sha(astronaut_jpeg) in vault


def test_file_on_disk_is_named_by_sha256_and_holds_no_plaintext(vault: EvidenceVault,
                                                               astronaut_jpeg: bytes) -> None:
    path = vault.put(sha(astronaut_jpeg), astronaut_jpeg)
    assert path.name.startswith(sha(astronaut_jpeg))
    stored = path.read_bytes()
    assert astronaut_jpeg not in stored
    assert astronaut_jpeg[:64] not in stored  # not even the JPEG header
    assert b"JFIF" not in stored
    files = [p for p in vault.root.rglob("*") if p.is_file()]
    assert files == [path]  # no temporary plaintext left beside it


def test_wrong_key_fails_clearly(tmp_path: Path, astronaut_jpeg: bytes) -> None:
    EvidenceVault(tmp_path, Fernet.generate_key()).put(sha(astronaut_jpeg), astronaut_jpeg)
    with pytest.raises(EvidenceError, match="wrong key"):
        EvidenceVault(tmp_path, Fernet.generate_key()).get(sha(astronaut_jpeg))


def test_tampered_file_fails_clearly(vault: EvidenceVault, astronaut_jpeg: bytes) -> None:
    path = vault.put(sha(astronaut_jpeg), astronaut_jpeg)
    token = bytearray(path.read_bytes())
    token[50] ^= 1
    path.write_bytes(bytes(token))
    with pytest.raises(EvidenceError, match="corrupted"):
        vault.get(sha(astronaut_jpeg))


def test_missing_item_is_an_error(vault: EvidenceVault) -> None:
    with pytest.raises(EvidenceError, match="no evidence"):
        vault.get("a" * 64)


def test_data_must_match_its_sha256(vault: EvidenceVault) -> None:
    with pytest.raises(EvidenceError, match="does not match"):
        vault.put(sha(b"one"), b"two")


@pytest.mark.parametrize("name", ["../../etc/passwd", "A" * 64, "abc", "g" * 64])
def test_names_other_than_sha256_hex_are_refused(vault: EvidenceVault, name: str) -> None:
    with pytest.raises(EvidenceError, match="sha256"):
        vault.get(name)


def test_purge_removes_only_items_older_than_the_retention(vault: EvidenceVault) -> None:
    old, new = b"old sample", b"new sample"
    old_path = vault.put(sha(old), old)
    vault.put(sha(new), new)
    ten_days_ago = time.time() - 10 * 86400
    os.utime(old_path, (ten_days_ago, ten_days_ago))
    assert vault.purge(timedelta(days=7)) == 1
    assert sha(old) not in vault
    assert vault.get(sha(new)) == new
    assert vault.purge(timedelta(days=7)) == 0


def test_purge_of_an_empty_vault_removes_nothing(vault: EvidenceVault) -> None:
    assert vault.purge(timedelta(days=1)) == 0


def test_key_comes_from_the_named_environment_variable(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    key = Fernet.generate_key().decode()
    monkeypatch.setenv("TEST_EVIDENCE_KEY", key)
    vault = EvidenceVault.from_env(tmp_path, "TEST_EVIDENCE_KEY")
    vault.put(sha(b"x"), b"x")
    assert EvidenceVault(tmp_path, key).get(sha(b"x")) == b"x"


def test_unset_key_variable_is_named_in_the_error(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_SUCH_KEY_VAR", raising=False)
    with pytest.raises(EvidenceError, match="NO_SUCH_KEY_VAR"):
        EvidenceVault.from_env(tmp_path, "NO_SUCH_KEY_VAR")


def test_malformed_key_is_refused(tmp_path: Path) -> None:
    with pytest.raises(EvidenceError, match="Fernet key"):
        EvidenceVault(tmp_path, "not-a-key")


def test_vault_exists_only_when_retention_is_switched_on(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEST_EVIDENCE_KEY", Fernet.generate_key().decode())
    off = SimpleNamespace(enabled=False, key_env="TEST_EVIDENCE_KEY", dir="evidence")
    on = SimpleNamespace(enabled=True, key_env="TEST_EVIDENCE_KEY", dir="evidence")
    assert EvidenceVault.from_config(off, tmp_path) is None
    assert EvidenceVault.from_config(on, tmp_path).root == tmp_path / "evidence"
