"""``python -m faceleak`` is the ``faceleak`` command."""

from faceleak.cli import main

main()
