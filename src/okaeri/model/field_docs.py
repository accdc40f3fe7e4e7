"""Field descriptions read from the model classes' attribute docstrings, when asked for.

A model field is documented by the string literal right under it (an attribute
docstring, PEP 257/PEP 224 style)::

    class Engine(OkaeriModel):
        thrust: Quantity
        \"\"\"Vacuum thrust (N).\"\"\"

pydantic's ``use_attribute_docstrings`` reads these while it builds each class, by
walking the call stack and tokenising the class's source: 60 to 90 ms of every command's
start-up, spent for the few commands that show a description. okaeri reads them here
instead, on first need (an error message naming a missing key, the JSON Schema, the
reference documentation), with the same rule: the string must directly follow the
annotated name, it is cleaned by :func:`inspect.cleandoc`, and an explicit
``Field(description=...)`` wins.
"""

from __future__ import annotations

import ast
import inspect
import sys
from itertools import pairwise
from types import ModuleType
from weakref import WeakKeyDictionary

from pydantic import BaseModel

_by_module: WeakKeyDictionary[ModuleType, dict[str, dict[str, str]]] = WeakKeyDictionary()
"""Each module's attribute docstrings by class, read once per module object (a module
imported again, a mission's analyses reloaded, is read again)."""


def _docstrings_by_class(module: ModuleType) -> dict[str, dict[str, str]]:
    """Attribute docstrings of every class in a module, by qualified name."""
    found = _by_module.get(module)
    if found is not None:
        return found
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):  # no source: a frozen or compiled-only module
        source = ""
    found = {}

    def visit(body: list[ast.stmt], prefix: str) -> None:
        for node in body:
            if isinstance(node, ast.ClassDef):
                name = prefix + node.name
                found[name] = _attribute_docstrings(node.body)
                visit(node.body, name + ".")

    visit(ast.parse(source).body, "")
    _by_module[module] = found
    return found


def _attribute_docstrings(body: list[ast.stmt]) -> dict[str, str]:
    docs = {}
    for statement, following in pairwise(body):
        if (isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
                and isinstance(following, ast.Expr)
                and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)):
            docs[statement.target.id] = inspect.cleandoc(following.value.value)
    return docs


def attribute_docstrings(cls: type) -> dict[str, str]:
    """The docstrings under the names annotated in ``cls``'s own body, by name (none for
    a class whose module has no source, or one defined inside a function)."""
    module = sys.modules.get(cls.__module__)
    if module is None:
        return {}
    return _docstrings_by_class(module).get(cls.__qualname__, {})


def _declaring_class(model: type[BaseModel], name: str) -> type | None:
    return next((klass for klass in model.__mro__
                 if name in vars(klass).get("__annotations__", {})), None)


_described: set[type[BaseModel]] = set()


def describe(model: type[BaseModel]) -> type[BaseModel]:
    """Give ``model``'s fields without a description their attribute docstring (in place,
    once; the class that declares a field documents it). Returns ``model``."""
    if model in _described:
        return model
    for name, info in model.model_fields.items():
        if info.description is None:
            declaring = _declaring_class(model, name)
            if declaring is not None:
                info.description = attribute_docstrings(declaring).get(name)
    _described.add(model)
    return model
