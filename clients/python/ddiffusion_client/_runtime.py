"""What the generated layer stands on: JSON conversion of its dataclasses and the one call every operation makes.

Hand-written and stable; the generated module (_generated.py) only declares models and operations.
"""
import abc
import base64
import dataclasses
import enum
import importlib
import os
from typing import Any, Dict, Optional


def _generated():
    return importlib.import_module(__package__ + "._generated")


def convert_in(value: Any, conv: Any) -> Any:
    """JSON → Python: dataclasses and enums by schema name, lists and maps by their item converter."""
    if value is None:
        return None
    if conv == "any":
        return value
    if isinstance(conv, list):
        kind, inner = conv
        if kind == "list":
            return [convert_in(v, inner) for v in value]
        return {k: convert_in(v, inner) for k, v in value.items()}
    target = getattr(_generated(), conv)
    if isinstance(target, type) and issubclass(target, enum.Enum):
        try:
            return target(value)
        except ValueError:
            return value  # why: a newer server may know values this client does not; keep the text
    return target.from_dict(value)


def convert_out(value: Any) -> Any:
    """Python → JSON: dataclasses without unset fields, enums by value, paths read and base64-encoded."""
    if isinstance(value, Model):
        return value.to_dict()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, os.PathLike):
        with open(value, "rb") as f:
            return base64.b64encode(f.read()).decode("ascii")
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (list, tuple)):
        return [convert_out(v) for v in value]
    if isinstance(value, dict):
        return {k: convert_out(v) for k, v in value.items()}
    return value


class Model:
    """Base of the generated dataclasses: to and from the API's JSON (snake_case names, unset fields omitted)."""

    def to_dict(self) -> Dict[str, Any]:
        out = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is not None:
                out[f.metadata.get("json", f.name)] = convert_out(value)
        return out

    @classmethod
    def from_dict(cls, data: Dict[str, Any]):
        if not isinstance(data, dict):
            raise TypeError("%s expects a JSON object, got %r" % (cls.__name__, type(data).__name__))
        kwargs = {}
        for f in dataclasses.fields(cls):
            name = f.metadata.get("json", f.name)
            if name in data:
                kwargs[f.name] = convert_in(data[name], f.metadata.get("convert", "any"))
            elif f.default is dataclasses.MISSING:
                kwargs[f.name] = None
        # why: fields a newer server adds are ignored, so old clients keep working
        return cls(**kwargs)


class ApiBase(abc.ABC):
    """The generated operations call _call; the Client implements the transport."""

    @abc.abstractmethod
    def _call(self, method: str, path: str, path_params: Optional[Dict[str, Any]] = None,
              query: Optional[Dict[str, Any]] = None, headers: Optional[Dict[str, Any]] = None, body: Any = None,
              result: Any = "any", binary: bool = False, content_type: Optional[str] = None) -> Any:
        """Sends one request (path with path_params filled in) and converts the JSON answer by `result`
        (a schema name or converter, see convert_in), or returns the raw bytes when `binary`. With
        `content_type`, `body` is bytes sent as they are (a file upload); otherwise it is sent as JSON."""
