"""Channels, one module per kind; importing this package registers them all."""

from . import apprise_notify, console, mail, webhook  # noqa: F401  (imported for registration)
from .base import AlertMessage, Channel, SendResult, build_channel

CHANNELS = Channel.REGISTRY

__all__ = ["CHANNELS", "AlertMessage", "Channel", "SendResult", "build_channel"]
