"""Valid configs load into the schema with the values and defaults the design promises."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from faceleak.config import (
    EVENTS,
    ConsoleChannelConfig,
    EmailChannelConfig,
    WebhookChannelConfig,
    check_config,
    load_config,
    load_config_text,
)

from .conftest import FULL_EXAMPLE

DESIGN = Path(__file__).resolve().parents[3] / "shared" / "DESIGN.md"


def test_full_example_loads_with_its_values(write):
    config = load_config(write(FULL_EXAMPLE))

    assert config.database == "sqlite:///faceleak.db"
    assert [s.name for s in config.sources] == ["tg-market", "shop"]
    assert config.source("shop").selectors.body == ".description"
    assert config.source("shop").proxy == "http://127.0.0.1:8118"
    assert isinstance(config.channel("soc"), WebhookChannelConfig)
    assert config.alerts.rules[0].channels == ["soc", "mail"]
    assert config.alerts.rules[0].min_photos == 1000
    assert config.currency_rates_usd == {"CNY": 0.1417, "RUB": 0.011, "USDT": 1.0}


def test_interval_schedule_is_exposed_as_timedelta(write):
    source = load_config(write(FULL_EXAMPLE)).source("tg-market")

    assert source.interval == timedelta(minutes=15)
    assert source.cron is None


def test_cron_schedule_is_exposed_as_expression(write):
    source = load_config(write(FULL_EXAMPLE)).source("shop")

    assert source.cron == "*/30 * * * *"
    assert source.interval is None


def test_email_from_key_is_the_sender_attribute(write):
    mail = load_config(write(FULL_EXAMPLE)).channel("mail")

    assert isinstance(mail, EmailChannelConfig)
    assert mail.sender == "faceleak@example.org"
    assert mail.model_dump(by_alias=True)["from"] == "faceleak@example.org"


def test_omitted_settings_take_the_documented_defaults(write):
    config = load_config(write("sources: []\n"))

    assert config.database is None
    assert config.alerts.channels == [] and config.alerts.rules == []
    assert config.media.max_image_bytes == 8 * 1024 * 1024
    assert config.media.max_pixels == 40_000_000
    assert config.evidence.enabled is False
    assert config.evidence.key_env == "FACELEAK_EVIDENCE_KEY"
    assert config.delivery.max_attempts is None  # only max_age limits retries
    assert config.delivery.max_age == timedelta(days=3)
    assert config.delivery.backoff_max_s == 900
    assert config.daemon.misfire_grace_s == 300


def test_source_politeness_defaults(write):
    source = load_config(write(FULL_EXAMPLE)).source("tg-market")

    assert source.max_pages == 20
    assert (source.download_delay, source.concurrency, source.timeout_s) == (1.0, 2, 30)
    assert source.max_response_bytes == 5 * 1024 * 1024
    assert source.user_agent is None
    assert source.obey_robots is True and source.allow_private is False


def test_bundled_default_has_no_sources_and_a_console_rule_per_event():
    config = load_config(None)

    assert config.sources == []
    assert config.alerts.channels == [ConsoleChannelConfig(name="term", kind="console")]
    assert sorted(rule.event for rule in config.alerts.rules) == sorted(EVENTS)
    assert all(rule.channels == ["term"] for rule in config.alerts.rules)
    assert config.currency_rates_usd["CNY"] == pytest.approx(0.1417)


def test_bundled_default_has_no_issues():
    assert check_config(None) == []


def test_config_text_in_memory_loads_like_a_file():
    config = load_config_text(FULL_EXAMPLE)

    assert config.source("tg-market").kind == "telegram"


def test_design_document_example_loads():
    """DESIGN 4.4 shows every source key in one block, as written (a contract users copy)."""
    if not DESIGN.is_file():
        pytest.skip(f"{DESIGN} not present")
    section = DESIGN.read_text(encoding="utf-8").split("### 4.4", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.S)
    assert example is not None
    text = example.group(1)

    config = load_config_text(text, file="DESIGN.md")

    assert config.source("tg-market").interval == timedelta(minutes=15)
    assert {c.name for c in config.alerts.channels} == {"soc", "mail", "chat", "term"}
