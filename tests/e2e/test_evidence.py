"""Evidence retention: off by default (no image bytes anywhere); when on, originals are
kept encrypted at rest and can be read back only with the key."""

from __future__ import annotations

import hashlib

import pytest
from cryptography.fernet import Fernet

from faceleak.crawler.media import EvidenceVault
from faceleak.demo import demo_config_yaml

from .conftest import make_faceleak

pytestmark = pytest.mark.slow
JPEG_MAGIC = b"\xff\xd8\xff"


def _config(base_url: str, evidence_dir) -> str:
    return demo_config_yaml(base_url) + (
        f"evidence: {{enabled: true, key_env: FACELEAK_TEST_EVIDENCE_KEY, retention_days: 30,"
        f" dir: '{evidence_dir}'}}\n"
    )


def test_evidence_is_kept_encrypted_and_readable_with_the_key(tmp_path, demo_server, sqlite_url):
    key = Fernet.generate_key()
    vault_dir = tmp_path / "evidence"
    fl = make_faceleak(tmp_path, sqlite_url, _config(demo_server.base_url, vault_dir))
    fl.env["FACELEAK_TEST_EVIDENCE_KEY"] = key.decode()

    result = fl.run("crawl", "--source", "demo-telegram")

    assert result.returncode == 0, result.stderr[-2000:]
    stored = {img["sha256"] for x in fl.json("listings") for img in x["images"]}
    files = [p for p in vault_dir.rglob("*") if p.is_file()]
    assert stored and len(files) == len(stored)
    assert not any(JPEG_MAGIC in p.read_bytes() for p in files)
    vault = EvidenceVault(vault_dir, key)
    for sha in stored:
        assert hashlib.sha256(vault.get(sha)).hexdigest() == sha


def test_crawl_refuses_to_start_when_the_evidence_key_is_missing(tmp_path, demo_server, sqlite_url):
    fl = make_faceleak(tmp_path, sqlite_url, _config(demo_server.base_url, tmp_path / "ev"))

    result = fl.run("crawl", "--source", "demo-telegram")

    assert result.returncode == 2
    assert "FACELEAK_TEST_EVIDENCE_KEY" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "ev").exists()
