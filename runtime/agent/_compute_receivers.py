"""What a ``compute`` expression may call and read, decided by the object it calls or reads.

The validator (:mod:`compiler.expr`) allows method *names*; a name says nothing about the object
it is called on: ``s.replace('a', 'b')`` is pure on a string and renames a file on a ``Path``.
So the interpreter checks the receiver too:

- **methods** run only on the built-in value types (``str``, ``bytes``, ``list``, ``tuple``,
  ``dict``, ``set``, ``frozenset``, ``range``, numbers, ``date``, ``datetime``, ``time``,
  ``timedelta``), and only the allowed ones each of them has, as the built-in type defines them
  (a subclass that redefines one is refused: its code is not the built-in's);
- **attributes** read only data: the fields of pydantic models (declared, computed and extra),
  dataclasses and named tuples, an enum member's ``name`` and ``value``, what an object holds in
  its own ``__dict__`` or slots, and the attributes of the built-in value types (``d.year``,
  ``td.days``). A property or a class attribute of any other class is refused: reading it runs
  code that nobody vetted.

Everything refused raises :class:`~runtime.errors.ExpressionEvalError` naming the type and the
method or attribute. Nothing here runs code of the object it checks: lookups are static.
"""

from __future__ import annotations

import dataclasses
import enum
import functools
import inspect
import operator
import types
from collections import OrderedDict
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Any

from pydantic import BaseModel

from compiler.expr import ALLOWED_METHODS
from runtime.errors import ExpressionEvalError

__all__ = ["allowed_method", "field_reader", "is_allowed_method", "read_field"]

_VALUE_TYPES: tuple[type, ...] = (
    # most derived first: the first match is the type whose methods a value has
    bool,
    int,
    float,
    complex,
    str,
    bytes,
    list,
    tuple,
    OrderedDict,
    dict,
    set,
    frozenset,
    range,
    datetime,
    date,
    time,
    timedelta,
)
_METHODS: dict[type, frozenset[str]] = {
    kind: frozenset(name for name in ALLOWED_METHODS if callable(getattr(kind, name, None)))
    for kind in _VALUE_TYPES
}
"""The allowed methods each built-in value type has (``set``, numbers: none)."""

_WHERE_METHODS = "str, bytes, list, tuple, dict, range, date, datetime, time and timedelta values"
_MISSING = object()


_VALUE_TYPE_OF: dict[type, type | None] = {}
"""Class of a value → its built-in value type (a cache: attribute reads are hot)."""


def _value_type(value: Any) -> type | None:
    """The built-in value type of ``value`` (for a class: itself, if it is one)."""
    if isinstance(value, type):
        return value if value in _METHODS else None
    cls = type(value)
    try:
        return _VALUE_TYPE_OF[cls]
    except KeyError:
        pass
    kind = next((kind for kind in _VALUE_TYPES if issubclass(cls, kind)), None)
    if len(_VALUE_TYPE_OF) < 4096:
        _VALUE_TYPE_OF[cls] = kind
    return kind


def _shown(value: Any) -> str:
    return value.__name__ if isinstance(value, type) else type(value).__name__


@functools.lru_cache(maxsize=4096)
def _defined_by(cls: type, name: str) -> type | None:
    """The class in ``cls``'s MRO whose own namespace defines ``name``."""
    for base in cls.__mro__:
        if name in vars(base):
            return base
    return None


def is_allowed_method(value: Any, name: str) -> bool:
    """Whether ``value.name`` is an allowed method of its built-in value type."""
    kind = _value_type(value)
    return kind is not None and name in _METHODS[kind]


def allowed_method(value: Any, name: str) -> Any:
    """``value.name`` when compute may call it; else an error naming the type and method."""
    kind = _value_type(value)
    cls = value if isinstance(value, type) else type(value)
    if kind is not None and name in _METHODS[kind]:
        owner = _defined_by(cls, name)
        if owner in _METHODS:
            return getattr(value, name)
        raise ExpressionEvalError(
            f"compute: {_shown(value)}.{name}() is not allowed: {_shown(value)} redefines the "
            f"{kind.__name__} method, so its code is not the built-in one. Convert the value "
            f"first, e.g. {kind.__name__}(x).{name}(...)."
        )
    if inspect.getattr_static(value, name, _MISSING) is _MISSING:
        raise _no_attribute(value, name)
    if kind is not None:
        allowed = ", ".join(sorted(_METHODS[kind])) or "none"
        raise ExpressionEvalError(
            f"compute: {_shown(value)}.{name}() is not allowed. Allowed methods of "
            f"{kind.__name__}: {allowed}."
        )
    raise ExpressionEvalError(
        f"compute: {_shown(value)}.{name}() is not allowed: compute calls methods of "
        f"{_WHERE_METHODS} only, never of a {_shown(value)}. Read its fields instead, or "
        "let an action do what the method does."
    )


_Reader = Callable[[Any], Any]


def read_field(value: Any, name: str) -> Any:
    """``value.name`` when it is data compute may read (see the module docstring)."""
    if isinstance(value, type | types.ModuleType):
        return _read(value, name)
    return field_reader(type(value), name)(value)


def field_reader(cls: type, name: str) -> _Reader:
    """How to read ``name`` on instances of ``cls`` (not classes): a plain ``getattr`` where
    the class declares ``name`` as data, else a read that checks the instance; both raise what
    :func:`read_field` raises. The answer depends on the class only, so callers may cache it."""
    if cls in _METHODS:
        return lambda value: _builtin_attribute(value, name)
    if issubclass(cls, BaseModel):
        declared = name in cls.model_fields or name in cls.model_computed_fields
    elif dataclasses.is_dataclass(cls):
        declared = name in {field.name for field in dataclasses.fields(cls)}
    elif issubclass(cls, tuple):
        fields = getattr(cls, "_fields", ())
        declared = isinstance(fields, tuple) and name in fields
    else:
        declared = issubclass(cls, enum.Enum) and name in ("name", "value")
    return operator.attrgetter(name) if declared else lambda value: _read(value, name)


def _builtin_attribute(value: Any, name: str) -> Any:
    try:
        return getattr(value, name)  # a built-in value type: its attributes are its data
    except AttributeError:
        raise _no_attribute(value, name) from None


def _read(value: Any, name: str) -> Any:
    """``value.name`` when the value itself holds it as data, else an error saying why not."""
    if isinstance(value, type) and value in _METHODS:
        return _builtin_attribute(value, name)
    if isinstance(value, BaseModel):
        extra = value.model_extra or {}
        if name in extra:
            return extra[name]
    if not isinstance(value, type | types.ModuleType):
        held = _held(value, type(value), name)
        if held is not _MISSING:
            return held
    static = inspect.getattr_static(value, name, _MISSING)
    if static is _MISSING:
        raise _no_attribute(value, name)
    if callable(static) or isinstance(static, staticmethod | classmethod):
        raise ExpressionEvalError(
            f"compute: {_shown(value)}.{name} is a function or class; only the allowed methods "
            f"may be used as values, and only on {_WHERE_METHODS}."
        )
    raise ExpressionEvalError(
        f"compute: {_shown(value)}.{name} cannot be read: it is not a data field but a property "
        f"or an attribute of the class {_shown(value)}, and reading it would run its code. "
        "compute reads the fields of models, dataclasses and named tuples and the attributes an "
        "object holds."
    )


def _held(value: Any, cls: type, name: str) -> Any:
    """What ``value`` holds under ``name`` in its ``__dict__`` or a slot, read without
    running its class's code; ``_MISSING`` when it holds nothing there."""
    on_class = _defined_by(cls, name)
    descriptor = vars(on_class)[name] if on_class is not None else _MISSING
    if isinstance(descriptor, types.MemberDescriptorType):
        return getattr(value, name)  # a slot: C code that returns what is stored
    if descriptor is not _MISSING and (
        hasattr(type(descriptor), "__set__") or hasattr(type(descriptor), "__delete__")
    ):
        return _MISSING  # a data descriptor (a property …) wins over the instance dict
    try:
        namespace = object.__getattribute__(value, "__dict__")
    except AttributeError:
        return _MISSING
    if isinstance(namespace, dict) and name in namespace:
        return namespace[name]
    return _MISSING


def _declared_fields(value: Any) -> tuple[str, ...]:
    """The fields a dataclass, a named tuple or an enum member declares."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return tuple(field.name for field in dataclasses.fields(value))
    if isinstance(value, tuple):
        fields = getattr(type(value), "_fields", ())
        return fields if isinstance(fields, tuple) else ()
    if isinstance(value, enum.Enum):
        return ("name", "value")
    return ()


def _no_attribute(value: Any, name: str) -> ExpressionEvalError:
    """Python's own wording, without asking the object (its ``__getattr__`` would run)."""
    if isinstance(value, type):
        return ExpressionEvalError(
            f"compute: AttributeError: type object {value.__name__!r} has no attribute {name!r}"
        )
    fields = _fields_of(value)
    hint = f" (its fields: {', '.join(fields[:20])})" if fields else ""
    if isinstance(value, dict):
        hint = f" (a dict: read a key with [{name!r}])"
    return ExpressionEvalError(
        f"compute: AttributeError: {type(value).__name__!r} object has no attribute "
        f"{name!r}{hint}"
    )


def _fields_of(value: Any) -> list[str]:
    if isinstance(value, BaseModel):
        return [*type(value).model_fields, *(value.model_extra or {})]
    declared = [field for field in _declared_fields(value) if isinstance(field, str)]
    if declared:
        return declared
    try:
        namespace = object.__getattribute__(value, "__dict__")
    except AttributeError:
        return []
    return [key for key in namespace if isinstance(key, str) and not key.startswith("_")]
