"""The `distributed:` section: optional, strict, and its Redis URL may come from the
environment (a URL with a password is a secret)."""

from __future__ import annotations

from faceleak.config import DistributedConfig, check_config_text, load_config_text


def test_without_the_section_the_config_is_for_one_machine():
    assert load_config_text("sources: []\n").distributed is None


def test_the_section_has_working_defaults():
    cfg = load_config_text("distributed: {}\n").distributed
    assert (cfg.redis_url, cfg.namespace, cfg.concurrency, cfg.lease_s, cfg.queue_ttl_s) == (
        "redis://127.0.0.1:6379/0", "faceleak", 2, 60, 3600)


def test_a_redis_url_of_another_scheme_is_an_error_at_its_line():
    [issue] = check_config_text("sources: []\ndistributed:\n  redis_url: http://x:6379\n")
    assert (issue.line, issue.field) == (3, "distributed.redis_url")


def test_an_unknown_key_is_an_error_at_its_line():
    [issue] = check_config_text("distributed:\n  lease: 10\n")
    assert (issue.line, issue.field) == (2, "distributed.lease")


def test_the_environment_wins_over_the_file_for_the_redis_url():
    cfg = DistributedConfig(redis_url="redis://file:6379/0")
    assert cfg.resolved_redis_url({"FACELEAK_REDIS_URL": "redis://env:6379/1"}) == (
        "redis://env:6379/1")
    assert cfg.resolved_redis_url({}) == "redis://file:6379/0"
