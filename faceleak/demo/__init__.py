"""The bundled demo marketplace: a small, deterministic site of the kinds faceleak watches.

``faceleak demo`` starts a :class:`DemoServer` on 127.0.0.1, writes :func:`demo_config_yaml`
for its ``base_url`` and runs one pass. :data:`EXPECTED` says what that pass should find.
"""

from faceleak.demo.config import SOURCE_NAMES, demo_config_yaml
from faceleak.demo.expected import Expectations, ExpectedPost, ExpectedRepost, expectations
from faceleak.demo.server import DemoServer

EXPECTED: Expectations = expectations(1)
EXPECTED_REVISION_2: Expectations = expectations(2)

__all__ = [
    "EXPECTED",
    "EXPECTED_REVISION_2",
    "SOURCE_NAMES",
    "DemoServer",
    "Expectations",
    "ExpectedPost",
    "ExpectedRepost",
    "demo_config_yaml",
    "expectations",
]
