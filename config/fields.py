"""Field types shared by the schema modules: names, URLs, environment variable names."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, ConfigDict
from pydantic_core import PydanticCustomError

# Every model forbids unknown keys (typos are errors) and is immutable once loaded.
STRICT = ConfigDict(extra="forbid", frozen=True)

_NAME = re.compile(r"[a-z0-9_-]{1,64}")
_ENV = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def located(message: str, *at: str | int) -> PydanticCustomError:
    """An error raised by a model-level check but belonging to a field inside the model.

    The loader appends ``at`` to the error's location so the report names the field itself.
    """
    return PydanticCustomError("located", message, {"at": at})


def is_name(value: object) -> bool:
    """Whether ``value`` is a valid source, channel or rule name."""
    return isinstance(value, str) and _NAME.fullmatch(value) is not None


def _name(value: str) -> str:
    if not is_name(value):
        raise ValueError(f"invalid name {value!r}: use 1-64 characters of a-z, 0-9, '_' and '-'")
    return value


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"{value!r} is not an http(s) URL")
    try:
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a malformed port
    except ValueError:
        raise ValueError(f"{value!r} has a malformed host or port") from None
    if not host:
        raise ValueError(f"{value!r} has no host")
    if any(ch.isspace() for ch in value):
        raise ValueError(f"{value!r} contains whitespace")
    return value


def _proxy_url(value: str) -> str:
    if urlsplit(value).scheme.lower().startswith("socks"):
        raise ValueError(
            f"{value!r} is not an http(s) URL: SOCKS is not supported; give an HTTP proxy (Privoxy "
            "in front of Tor's SOCKS port), which resolves target names itself"
        )
    return _http_url(value)


def _header_value(value: str) -> str:
    value = _non_blank(value)
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value) or not value.isascii():
        raise ValueError("must be printable ASCII on one line (it is sent as an HTTP header)")
    return value


def _env_name(value: str) -> str:
    if not _ENV.fullmatch(value):
        raise ValueError(
            f"{value!r} is not an environment variable name; secrets stay out of the file, "
            "name the variable that holds them"
        )
    return value


def _non_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


Name = Annotated[str, AfterValidator(_name)]
HttpUrl = Annotated[str, AfterValidator(_http_url)]
EnvVar = Annotated[str, AfterValidator(_env_name)]
NonBlank = Annotated[str, AfterValidator(_non_blank)]
ProxyUrl = Annotated[str, AfterValidator(_proxy_url)]
HeaderValue = Annotated[str, AfterValidator(_header_value)]
