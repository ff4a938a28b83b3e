"""Turning pydantic's errors into problems located on paths of the YAML data."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from .crosscheck import Problem
from .issues import Path_

_SCALARS = (str, int, float, bool, type(None))
_NO_INPUT = {"missing", "extra_forbidden", "value_error", "located", "invalid_key"}


def _unwrap(tp: Any) -> Any:
    while typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    return tp


def _members(tp: Any) -> tuple[Any, ...]:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return tuple(_unwrap(arg) for arg in typing.get_args(tp))
    return (tp,)


def _field_type(model: type[BaseModel], key: Any) -> Any:
    for name, info in model.model_fields.items():
        if key in (name, info.alias):
            return info.annotation
    return None


def _step(tp: Any, step: str | int) -> Any:
    """The type found one path step inside ``tp``, through Optional, lists, dicts and unions."""
    for member in _members(_unwrap(tp)):
        origin = typing.get_origin(member)
        if isinstance(step, int) and origin is list:
            return typing.get_args(member)[0]
        if origin is dict:
            return typing.get_args(member)[1]
        if isinstance(member, type) and issubclass(member, BaseModel):
            found = _field_type(member, step)
            if found is not None:
                return found
            kind = member.model_fields.get("kind")
            if kind is not None and step in typing.get_args(kind.annotation):
                return member  # a discriminated union's tag selects this member
    return None


def model_at(root: type[BaseModel], loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class that validates the value at pydantic location ``loc``."""
    current: Any = root
    for step in loc:
        current = _step(current, step)
        if current is None:
            return None
    for member in _members(_unwrap(current)):
        if isinstance(member, type) and issubclass(member, BaseModel):
            return member
    return None


def allowed_keys(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _child(node: Any, step: str | int) -> Any:
    if isinstance(node, Mapping):
        return node.get(step)
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        return node[step]
    return None


def data_path(loc: tuple[str | int, ...], data: Any) -> Path_:
    """Map a pydantic location onto the YAML data, dropping union tags and ``[key]`` markers."""
    path: list[str | int] = []
    node = data
    for step in loc:
        if step == "[key]":
            break
        if isinstance(node, Mapping) and step not in node and node.get("kind") == step:
            continue
        path.append(step)
        node = _child(node, step)
    return tuple(path)


def _unknown_key(root: type[BaseModel], error: ErrorDetails) -> str:
    loc = error["loc"]
    model = model_at(root, loc[:-1])
    if model is None:
        return "unknown key"
    allowed = allowed_keys(model)
    hint = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
    guess = f" (did you mean {hint[0]!r}?)" if hint else ""
    return f"unknown key{guess}; allowed: {', '.join(allowed)}"


def _message(root: type[BaseModel], error: ErrorDetails) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "required key is missing"
    if kind == "extra_forbidden":
        return _unknown_key(root, error)
    if kind == "union_tag_invalid":
        return f"unknown kind {ctx.get('tag')!r}; expected one of {ctx.get('expected_tags')}"
    if kind == "union_tag_not_found":
        return f"required key {ctx.get('discriminator', 'kind')} is missing"
    if kind == "invalid_key":
        return "keys must be strings"
    message = error["msg"].removeprefix("Value error, ")
    message = message[:1].lower() + message[1:]
    value = error.get("input")
    if kind not in _NO_INPUT and isinstance(value, _SCALARS):
        shown = repr(value)
        message += f", got {shown if len(shown) <= 60 else shown[:57] + '...'}"
    return message


def _path(error: ErrorDetails, data: Any) -> Path_:
    path = data_path(error["loc"], data)
    ctx = error.get("ctx") or {}
    if error["type"] == "located":
        path += tuple(ctx.get("at", ()))
    elif error["type"] in ("union_tag_invalid", "union_tag_not_found"):
        path += ("kind",)
    return path


def pydantic_problems(exc: ValidationError, data: Any, root: type[BaseModel]) -> list[Problem]:
    """One located problem per pydantic error."""
    return [(_path(error, data), _message(root, error)) for error in exc.errors()]
