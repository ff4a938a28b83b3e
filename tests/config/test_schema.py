"""The models used from Python (by other parts and their tests) keep the same guarantees."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from faceleak.config import (
    CHANNEL_KINDS,
    AppConfig,
    EmailChannelConfig,
    SourceConfig,
    load_config_text,
)

TG = {"name": "tg", "kind": "telegram", "start_urls": ["https://t.me/s/x"], "schedule": "1h"}


def test_cross_checks_apply_when_built_from_python():
    with pytest.raises(ValidationError, match=r"unknown channel 'nope'"):
        AppConfig.model_validate(
            {"alerts": {"rules": [{"name": "r", "event": "new_offer", "channels": ["nope"]}]}}
        )


def test_duplicate_names_rejected_when_built_from_python():
    with pytest.raises(ValidationError, match="duplicate source name 'tg'"):
        AppConfig.model_validate({"sources": [TG, TG]})


def test_html_source_needs_selectors_when_built_from_python():
    with pytest.raises(ValidationError, match="kind html needs selectors"):
        SourceConfig.model_validate({**TG, "kind": "html"})


def test_config_is_immutable():
    source = SourceConfig.model_validate(TG)

    with pytest.raises(ValidationError):
        source.max_pages = 1  # type: ignore[misc]


def test_email_sender_accepts_python_name_and_yaml_alias():
    common = {"name": "m", "kind": "email", "to": ["a@example.org"], "smtp_host": "localhost"}

    by_name = EmailChannelConfig(**common, sender="f@example.org")
    by_alias = EmailChannelConfig.model_validate({**common, "from": "f@example.org"})

    assert by_name == by_alias


def test_lookup_of_unknown_source_names_the_defined_ones():
    config = AppConfig.model_validate({"sources": [TG]})

    with pytest.raises(KeyError, match="defined: tg"):
        config.source("other")


def test_lookup_of_unknown_channel_raises_key_error():
    with pytest.raises(KeyError, match="no channel named 'x'"):
        AppConfig().channel("x")


@pytest.mark.parametrize("kind", CHANNEL_KINDS)
def test_every_channel_kind_is_loadable(kind):
    settings = {
        "webhook": 'url: "https://h.example/"',
        "email": "to: [a@example.org], smtp_host: localhost, from: f@example.org",
        "apprise": 'urls: ["json://localhost"]',
        "console": "",
    }[kind]
    fields = ", ".join(filter(None, [f"name: c, kind: {kind}", settings]))

    config = load_config_text(f"alerts:\n  channels:\n    - {{{fields}}}\n")

    assert config.channel("c").kind == kind


def test_proxy_must_be_an_http_url():
    with pytest.raises(ValidationError, match="not an http"):
        SourceConfig.model_validate({**TG, "proxy": "socks5://127.0.0.1:9050"})


def test_rule_data_types_are_the_designs_vocabulary():
    rule = {"name": "r", "event": "new_offer", "data_types": ["face_photo", "passport"]}

    with pytest.raises(ValidationError, match=r"data_types\.1"):
        AppConfig.model_validate({"alerts": {"rules": [rule]}})


def test_an_autoshop_source_needs_no_selectors():
    source = SourceConfig.model_validate(
        {**TG, "kind": "autoshop", "start_urls": ["https://faka.example.com/"]}
    )

    assert (source.kind, source.selectors) == ("autoshop", None)
