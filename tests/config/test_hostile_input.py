"""Whatever a config file holds, checking it yields issues, never a crash."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from faceleak.config import ConfigIssue, check_config_text

from .conftest import FULL_EXAMPLE

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(["https://x.example/", "15m", "telegram", "html", "soc", "term", "CNY"]),
)
keys = st.one_of(
    st.sampled_from(
        ["name", "kind", "sources", "alerts", "channels", "rules", "selectors", "body"]
    ),
    st.text(max_size=8),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None)
@given(values)
def test_arbitrary_yaml_data_gives_issues_not_exceptions(data):
    issues = check_config_text(yaml.safe_dump(data))

    assert all(isinstance(issue, ConfigIssue) and issue.message for issue in issues)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_any_value_of_the_full_example_replaced_gives_located_issues(data):
    config = yaml.safe_load(FULL_EXAMPLE)
    node = config
    while isinstance(node, dict | list) and node:
        if isinstance(node, dict):
            key = data.draw(st.sampled_from(sorted(node)))
        else:
            key = data.draw(st.integers(0, len(node) - 1))
        if not isinstance(node[key], dict | list) or data.draw(st.booleans()):
            node[key] = data.draw(values)
            break
        node = node[key]

    issues = check_config_text(yaml.safe_dump(config))

    assert all(issue.line is not None for issue in issues)
