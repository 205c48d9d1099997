"""Validation of the data users hand to kg, at load time and before any work starts.

Gazetteer lines are checked against ``kg/data/gazetteer.schema.json``, user lexicon lines
against ``kg/data/lexicon.schema.json`` (types of the keys it knows; each kind is still parsed by
its loader), claims against ``kg/data/claim.schema.json`` (in :mod:`kg.claims_io`). A bad value is
named with its file, line and field in one line. What passes can be written anywhere kg writes:
no control characters or unpaired surrogates in text, and every QID a valid IRI local name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jsonschema
from jsonschema.exceptions import ValidationError, best_match

from kg.errors import DataFileError

# ------------------------------------------------------------------------- JSON Schema


def _ecma(pattern: str) -> re.Pattern[str]:
    # JSON Schema patterns are ECMA-262 regexes, whose "$" is the end of the text. Python's "$"
    # also matches before a final newline, so "Q1\n" would pass "^Q[0-9]+$" and carry a
    # newline into an IRI: read every unescaped "$" as "\Z".
    return re.compile(re.sub(r"(?<!\\)\$", r"\\Z", pattern))


_PATTERNS: dict[str, re.Pattern[str]] = {}


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[ValidationError]:
    if not validator.is_type(instance, "string"):
        return
    compiled = _PATTERNS.get(pattern)
    if compiled is None:
        compiled = _PATTERNS[pattern] = _ecma(pattern)
    if not compiled.search(instance):
        yield ValidationError(f"{short(instance)} does not match {pattern!r}")


Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern})


@cache
def schema(name: str) -> dict[str, Any]:
    """A JSON Schema shipped in ``kg/data`` (``claim``, ``gazetteer`` or ``lexicon``)."""
    text = resources.files("kg.data").joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


@cache
def validator(name: str) -> Any:
    return Validator(schema(name))


def short(value: Any, width: int = 60) -> str:
    """A value as a message shows it: repr, cut to ``width`` characters."""
    text = repr(value)
    return text if len(text) <= width else text[: width - 1] + "…"


_JSON_TYPES = {bool: "a boolean", int: "a number", float: "a number", str: "a string",
               list: "a list", dict: "an object", type(None): "null"}


def _type_name(value: Any) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def first_error(name: str, instance: Any) -> tuple[str, str] | None:
    """``(field, reason)`` of the most relevant schema violation of ``instance``, or None.

    The field is a dotted path (``subject.qid``, ``evidence.0.start``); for a missing or an
    unexpected key it is that key; ``(line)`` when the line as a whole is wrong.
    """
    error = best_match(validator(name).iter_errors(instance))
    if error is None:
        return None
    path = [str(p) for p in error.absolute_path]
    keyword, value = error.validator, error.validator_value
    if keyword == "required" and isinstance(error.instance, dict):
        missing = [k for k in value if k not in error.instance]
        return ".".join([*path, missing[0]]), "is required and missing"
    if keyword == "dependentRequired" and isinstance(error.instance, dict):
        for key, needs in value.items():
            missing = [k for k in needs if key in error.instance and k not in error.instance]
            if missing:
                return ".".join([*path, missing[0]]), f"is required when {key!r} is given"
    if keyword == "additionalProperties" and isinstance(error.instance, dict):
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(k for k in error.instance if k not in allowed)
        return ".".join([*path, extra[0]]), "is not a field of this record"
    field = ".".join(path) or "(line)"
    if keyword == "type":
        wanted = value if isinstance(value, list) else [value]
        return field, f"must be {' or '.join(wanted)}, not {_type_name(error.instance)}"
    if keyword == "enum":
        return field, f"{short(error.instance)} is not one of {', '.join(map(str, value))}"
    return field, " ".join(error.message.split())[:200]


# ------------------------------------------------------------------------- text safety

# What no output format can carry: C0 controls but tab and newlines, DEL, unpaired surrogates
# (from JSON "\ud800" escapes) and the non-characters U+FFFE/U+FFFF (not allowed in XML).
UNSAFE_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def unsafe_char(value: Any, path: tuple[str, ...] = ()) -> tuple[str, str] | None:
    """``(field, "U+0001")`` of the first string in ``value`` (walked recursively) with a
    character that cannot be written out, or None."""
    if isinstance(value, str):
        m = UNSAFE_TEXT.search(value)
        return (".".join(path) or "(line)", f"U+{ord(m.group()):04X}") if m else None
    items: Any = ()
    if isinstance(value, Mapping):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    for key, item in items:
        if isinstance(key, str) and UNSAFE_TEXT.search(key):
            return ".".join((*path, key.encode("unicode_escape").decode())), "a key"
        found = unsafe_char(item, (*path, str(key)))
        if found:
            return found
    return None


# ------------------------------------------------------------------------- data files

GAZETTEER_HINT = "see kg/data/gazetteer.schema.json for the entry format"
LEXICON_HINT = "see kg/data/lexicon.schema.json and kg/data/lexicon.jsonl for the entry format"


def check_row(name: str, row: dict[str, Any], source: str, line: int, hint: str) -> None:
    """Raise DataFileError naming ``source``, ``line`` and the field when ``row`` is not a valid
    ``name`` entry (``gazetteer`` or ``lexicon``)."""
    found = first_error(name, row)
    if found is None:
        bad = unsafe_char(row)
        if bad is not None:
            found = (bad[0], f"contains the control character {bad[1]}")
    if found is not None:
        field, reason = found
        raise DataFileError(f"{source}, line {line}, field '{field}': {reason}", hint=hint)


def check_gazetteer_row(row: dict[str, Any], source: str, line: int) -> None:
    check_row("gazetteer", row, source, line, GAZETTEER_HINT)


def check_lexicon_row(row: dict[str, Any], source: str, line: int) -> None:
    check_row("lexicon", row, source, line, LEXICON_HINT)


def check_data_files(gazetteer: Sequence[str | Path] = (),
                     lexicon: Sequence[str | Path] = ()) -> None:
    """Load the user's gazetteer and lexicon files once, so that a bad line stops the run with
    one :class:`DataFileError` before any article is read (and before worker processes, whose
    failures would be far less clear, start)."""
    from kg.extract import resources as data

    data.load_gazetteer(gazetteer)  # validates every line against the gazetteer schema
    for path in lexicon:
        for number, row in data._read_jsonl(Path(path)):
            check_lexicon_row(row, str(path), number)
    try:
        data.load_lexicon(lexicon)
    except DataFileError:
        raise
    except Exception as exc:  # the loader's own parsing: still one line, naming the files
        raise DataFileError(f"cannot load the lexicon files {', '.join(map(str, lexicon))}: "
                            f"{' '.join(str(exc).split())}", hint=LEXICON_HINT) from exc


# ------------------------------------------------------------------------- IRIs

_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f]')


def check_base_iri(base: str) -> str:
    """``base`` when it can prefix kg's data IRIs (absolute, with a scheme, nothing an IRI
    cannot hold); raises ValueError with the reason otherwise."""
    m = _IRI_FORBIDDEN.search(base)
    if m:
        raise ValueError(f"{short(base)} contains {m.group()!r}, which an IRI cannot hold")
    parts = urlsplit(base)
    if not parts.scheme or not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", parts.scheme):
        raise ValueError(f"{short(base)} is not an absolute IRI (e.g. https://example.org/kg/)")
    return base
