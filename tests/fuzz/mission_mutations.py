"""Random mutations of a mission folder's YAML files, shared by the fuzz test and the
fuzz campaign (``tests/fuzz/campaign.py``).

A :class:`Mutation` is one edit of one file's parsed YAML: a value set to zero, made
negative, tiny, huge or non-finite (as text, ``"nan kg"``, and as a YAML float, ``.nan``),
scaled by a moderate factor, its unit swapped, a derived-value expression edited, a key
deleted, a list item duplicated or swapped with the next one (phases out of order), or a
value replaced by one of another type. Mutations are drawn from a :class:`random.Random`, so a seed
reproduces them (hypothesis passes its own ``Random`` so that it can shrink them), and
they are plain data (JSON), so a failing case is written down and applied again.

The Monte Carlo's sample count is set small (:data:`SAMPLES`) and never mutated: a run
stays under a second or two, and a huge count is a long run the user asked for, not a
hang.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
import random
import re
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from okaeri.model import reference_mission_path

__all__ = [
    "ACTIONS",
    "SAMPLES",
    "Mutant",
    "Mutation",
    "apply",
    "draw_mutations",
    "load_documents",
    "write_mission",
]

SAMPLES = 20
"""Monte Carlo samples of every mutated mission (``settings.samples`` of the activity
running ``entry.monte_carlo``)."""

FOLDERS = ("model", "requirements", "verification")

ACTIONS = ("zero", "negative", "tiny", "huge", "nonfinite", "scale", "unit", "expression",
           "delete", "type", "duplicate", "swap")
"""What a mutation does to the value at its path (see :func:`_mutated_value`); ``delete``,
``duplicate`` and ``swap`` (with the next item of its list) act on the path itself."""

_QUANTITY = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(.*)$")
_UNITS = ("kg", "g", "m", "km", "km/s", "m/s", "deg", "rad", "MW/m^2", "MJ/m^2", "s", "h",
          "N", "%", "kPa", "g0", "W", "W*h", "dB", "m^2", "furlong")
_OTHER_TYPES: tuple[Any, ...] = (True, False, None, 0, 42, -1, 3.5, "text", "", [1, 2],
                                 {"a": 1}, [], {})
_EXPRESSION_EDITS = ("zero", "self", "unknown", "divide_by_zero", "swap_operator",
                     "drop_term", "huge_factor", "garbage")


@dataclass(frozen=True)
class Mutation:
    """One edit: in ``file`` (relative to the mission folder), at ``path`` (keys and list
    indices), ``action`` (one of :data:`ACTIONS`), giving ``value`` (absent for a
    deletion)."""

    file: str
    path: tuple[Any, ...]
    action: str
    value: Any = None

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready (non-finite floats written as the strings ``"float:nan"``..., dates
        as ``"date:2026-06-30"``)."""
        data = asdict(self)
        data["path"] = list(self.path)
        data["value"] = _encode(self.value)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mutation:
        """The inverse of :meth:`as_dict`."""
        return cls(data["file"], tuple(data["path"]), data["action"], _decode(data["value"]))


def _encode(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return f"float:{value!r}"
    if isinstance(value, dt.date):  # YAML dates (an evidence record's date) stay dates
        return f"{type(value).__name__}:{value.isoformat()}"
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, dict):
        return {k: _encode(v) for k, v in value.items()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, str) and value.startswith("float:"):
        return float(value.removeprefix("float:"))
    if isinstance(value, str) and value.startswith(("date:", "datetime:")):
        kind, _, text = value.partition(":")
        return dt.date.fromisoformat(text) if kind == "date" else dt.datetime.fromisoformat(text)
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if isinstance(value, dict):
        return {k: _decode(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Mutant:
    """A case: its mutations, JSON-ready for a reproducer."""

    mutations: tuple[Mutation, ...]

    def as_json(self) -> str:
        """The mutations as JSON text (a reproducer)."""
        return json.dumps([m.as_dict() for m in self.mutations], indent=1)

    @classmethod
    def from_json(cls, text: str) -> Mutant:
        """The inverse of :meth:`as_json`."""
        return cls(tuple(Mutation.from_dict(d) for d in json.loads(text)))


def load_documents(folder: Path | None = None) -> dict[str, Any]:
    """The parsed YAML files of a mission folder (default: the reference mission), by
    relative path, with the Monte Carlo's sample count set to :data:`SAMPLES`."""
    folder = folder or reference_mission_path()
    documents = {}
    for sub in FOLDERS:
        for path in sorted((folder / sub).glob("*.yaml")):
            documents[f"{sub}/{path.name}"] = yaml.safe_load(path.read_text())
    for document in documents.values():
        for activity in (document or {}).get("activities", []) if isinstance(
                document, dict) else []:
            if activity.get("analysis") == "entry.monte_carlo":
                activity.setdefault("settings", {})["samples"] = SAMPLES
    return documents


def leaf_paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of every value under ``node`` (mappings and lists included), depth first."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += leaf_paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += leaf_paths(value, (*prefix, index))
    return found


def _mutable(path: tuple[Any, ...]) -> bool:
    """Every path but the Monte Carlo's sample count (see the module docstring)."""
    return not (len(path) >= 2 and path[-1] == "samples" and path[-2] == "settings")


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


def _scaled(value: Any, factor: float | str) -> Any:
    """``value`` (a number or ``"<number> <unit>"``) with its number replaced by
    ``factor`` times it (a float) or by ``factor`` (a string such as ``"nan"``)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return factor if isinstance(factor, str) else value * factor
    if isinstance(value, str):
        match = _QUANTITY.match(value)
        if match:
            number, rest = float(match.group(1)), match.group(2)
            text = factor if isinstance(factor, str) else repr(number * factor)
            return f"{text} {rest}".strip()
        return f"{factor} kg" if isinstance(factor, str) else value
    return value


def _expression_edit(text: str, rng: random.Random, references: list[str]) -> str:
    edit = rng.choice(_EXPRESSION_EDITS)
    body = text.lstrip().removeprefix("=").strip()
    names = re.findall(r"[A-Za-z_][\w.]*\.[\w.]+", body)
    if edit == "zero":
        return f"= 0 * ({body})"
    if edit == "self" and names:
        return f"= {names[0]}"
    if edit == "unknown":
        return f"= {body} + no_such.element.value"
    if edit == "divide_by_zero":
        return f"= ({body}) / 0"
    if edit == "swap_operator":
        return "= " + body.translate(str.maketrans("*/+-", "/*-+"))
    if edit == "drop_term" and len(names) > 1:
        return f"= {names[rng.randrange(len(names))]}"
    if edit == "huge_factor":
        return f"= 1e300 * ({body}) * 1e300"
    if references:
        return f"= {rng.choice(references)}"
    return "= ((("


def _mutated_value(value: Any, action: str, rng: random.Random, references: list[str]) -> Any:
    if action == "zero":
        return _scaled(value, 0.0)
    if action == "negative":
        return _scaled(value, -1.0)
    if action == "tiny":
        return _scaled(value, rng.choice([1e-6, 1e-12, 1e-300]))
    if action == "huge":
        return _scaled(value, rng.choice([1e6, 1e30, 1e300, "1e308", "1e306"]))
    if action == "scale":
        return _scaled(value, rng.choice([0.01, 0.1, 0.5, 0.9, 1.1, 2.0, 10.0, 100.0]))
    if action == "nonfinite":
        if (isinstance(value, int | float) and not isinstance(value, bool)) or rng.random() < .2:
            return rng.choice([math.nan, math.inf, -math.inf])
        return _scaled(value, rng.choice(["nan", "inf", "-inf", "NaN", "1e999"]))
    if action == "unit" and isinstance(value, str) and _QUANTITY.match(value):
        number = _QUANTITY.match(value).group(1)  # type: ignore[union-attr]
        return f"{number} {rng.choice(_UNITS)}"
    if action == "expression" and isinstance(value, str) and value.lstrip().startswith("="):
        return _expression_edit(value, rng, references)
    return copy.deepcopy(rng.choice(_OTHER_TYPES))


def _references(documents: dict[str, Any]) -> list[str]:
    found: set[str] = set()
    for document in documents.values():
        for path in leaf_paths(document):
            value = _get(document, path)
            if isinstance(value, str) and value.lstrip().startswith("="):
                found.update(re.findall(r"[A-Za-z_][\w]*\.[\w.]+", value))
    return sorted(found)


def _numeric(value: Any) -> bool:
    """A number, a quantity (``"45.8 kg"``) or a derived-value expression."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    return isinstance(value, str) and (bool(_QUANTITY.match(value))
                                       or value.lstrip().startswith("="))


def draw_mutations(rng: random.Random, documents: dict[str, Any], *,
                   most: int = 3) -> Mutant:
    """One to ``most`` mutations of ``documents`` (from :func:`load_documents`), drawn
    from ``rng``; quantities and expressions are picked more often than other values."""
    references = _references(documents)
    documents = copy.deepcopy(documents)
    mutations = []
    for _ in range(rng.randint(1, most)):
        paths = [(file, p) for file in sorted(documents)
                 for p in leaf_paths(documents[file]) if _mutable(p)]
        if not paths:
            break
        numeric = [(f, p) for f, p in paths if _numeric(_get(documents[f], p))]
        file, path = rng.choice(numeric if numeric and rng.random() < 0.75 else paths)
        value = _get(documents[file], path)
        if isinstance(value, str) and value.lstrip().startswith("=") and rng.random() < 0.5:
            action = "expression"
        else:
            action = rng.choice(ACTIONS)
        items = [(f, p) for f, p in paths if isinstance(p[-1], int)]
        if action in ("duplicate", "swap") and items:
            file, path = rng.choice(items)  # a list's item: a phase, a component, ...
        if action in ("delete", "duplicate", "swap"):
            mutation = Mutation(file, path, action)
        else:
            mutation = Mutation(file, path, action,
                                _mutated_value(value, action, rng, references))
        apply(documents, (mutation,))
        mutations.append(mutation)
    return Mutant(tuple(mutations))


def apply(documents: dict[str, Any], mutations: tuple[Mutation, ...]) -> dict[str, Any]:
    """Apply ``mutations`` to ``documents`` in place (and return them); a path that no
    longer exists (an earlier mutation removed it) is skipped."""
    for mutation in mutations:
        try:
            parent = _get(documents[mutation.file], mutation.path[:-1])
            key = mutation.path[-1]
            if mutation.action == "delete":
                del parent[key]
            elif mutation.action == "duplicate" and isinstance(parent, list):
                parent.insert(key, copy.deepcopy(parent[key]))
            elif mutation.action == "swap" and isinstance(parent, list):
                other = (key + 1) % len(parent)
                parent[key], parent[other] = parent[other], parent[key]
            elif mutation.action in ("duplicate", "swap"):
                continue  # a mapping's key: nothing to duplicate or swap
            else:
                parent[key] = copy.deepcopy(mutation.value)
        except (KeyError, IndexError, TypeError):
            continue
    return documents


def write_mission(target: Path, mutant: Mutant, base: dict[str, Any] | None = None) -> Path:
    """A copy of the reference mission in ``target`` (replaced) with ``mutant`` applied to
    its files (the Monte Carlo's samples set to :data:`SAMPLES`)."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(reference_mission_path(), target)
    base = base or load_documents()
    documents = apply(copy.deepcopy(base), mutant.mutations)
    touched = {m.file for m in mutant.mutations} | _with_samples(base)
    for name in sorted(touched & set(documents)):
        (target / name).write_text(yaml.safe_dump(documents[name], sort_keys=False,
                                                  allow_unicode=True))
    return target


def _with_samples(documents: dict[str, Any]) -> set[str]:
    """The files whose Monte Carlo sample count :func:`load_documents` set."""
    return {name for name, document in documents.items() if isinstance(document, dict)
            and any(isinstance(a, dict) and a.get("analysis") == "entry.monte_carlo"
                    for a in document.get("activities", []))}
