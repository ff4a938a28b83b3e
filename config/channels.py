"""Schema of alert channels, one model per ``kind`` (a discriminated union)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from .fields import STRICT, EnvVar, HttpUrl, Name, NonBlank, located

_EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")


def _email(value: str) -> str:
    if not _EMAIL.fullmatch(value):
        raise ValueError(f"{value!r} is not an e-mail address")
    return value


Email = Annotated[str, AfterValidator(_email)]


class WebhookChannelConfig(BaseModel):
    """POST of the alert JSON; signed with HMAC-SHA256 when ``secret_env`` names a variable."""

    model_config = STRICT

    name: Name
    kind: Literal["webhook"]
    url: HttpUrl
    secret_env: EnvVar | None = None
    timeout_s: float = Field(default=10, gt=0)


class EmailChannelConfig(BaseModel):
    """SMTP delivery; credentials come from the named environment variables."""

    model_config = ConfigDict(**STRICT, validate_by_name=True, validate_by_alias=True)

    name: Name
    kind: Literal["email"]
    to: list[Email] = Field(min_length=1)
    smtp_host: NonBlank
    smtp_port: int = Field(default=25, ge=1, le=65535)
    starttls: bool = False
    ssl: bool = False
    username_env: EnvVar | None = None
    password_env: EnvVar | None = None
    sender: Email = Field(alias="from")
    timeout_s: float = Field(default=10, gt=0)

    @model_validator(mode="after")
    def _consistent(self) -> EmailChannelConfig:
        if self.starttls and self.ssl:
            raise located("choose starttls or ssl, not both", "ssl")
        if (self.username_env is None) != (self.password_env is None):
            missing = "password_env" if self.password_env is None else "username_env"
            raise located("username_env and password_env go together", missing)
        return self


class AppriseChannelConfig(BaseModel):
    """Any service Apprise supports, by its URLs."""

    model_config = STRICT

    name: Name
    kind: Literal["apprise"]
    urls: list[NonBlank] = Field(min_length=1)


class ConsoleChannelConfig(BaseModel):
    """Alerts printed to the terminal (stderr) of the running process."""

    model_config = STRICT

    name: Name
    kind: Literal["console"]


ChannelConfig = Annotated[
    WebhookChannelConfig | EmailChannelConfig | AppriseChannelConfig | ConsoleChannelConfig,
    Field(discriminator="kind"),
]
CHANNEL_KINDS: tuple[str, ...] = ("webhook", "email", "apprise", "console")
