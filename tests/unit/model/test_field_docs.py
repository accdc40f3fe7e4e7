"""Field descriptions from attribute docstrings, read on demand (okaeri.model.field_docs).

The oracle is pydantic's own ``use_attribute_docstrings``, which okaeri no longer turns on
(it cost 60 to 90 ms of every start-up): the same class bodies must get the same
descriptions.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from okaeri.model.base import OkaeriModel
from okaeri.model.field_docs import describe
from okaeri.model.mission import ModelFile
from okaeri.requirements.model import RequirementsFile
from okaeri.sphinxext.reference import model_types


class Documented(OkaeriModel):
    plain: int
    """A plain field,
    on two lines."""
    explicit: int = Field(description="given")
    """Not used: an explicit description wins."""
    undocumented: int
    after_a_comment: int
    # a comment is not a statement: the string below still follows the field
    """Documented after a comment."""
    limit: ClassVar[int] = 1
    """A class variable, not a field."""


class Child(Documented):
    extra: str
    """The child's own field."""
    undocumented: int
    """Documented again in the child."""


class PydanticDocumented(BaseModel):
    model_config = ConfigDict(use_attribute_docstrings=True)

    plain: int
    """A plain field,
    on two lines."""
    explicit: int = Field(description="given")
    """Not used: an explicit description wins."""
    undocumented: int
    after_a_comment: int
    # a comment is not a statement: the string below still follows the field
    """Documented after a comment."""
    limit: ClassVar[int] = 1
    """A class variable, not a field."""


class PydanticChild(PydanticDocumented):
    extra: str
    """The child's own field."""
    undocumented: int
    """Documented again in the child."""


def _descriptions(model: type[BaseModel]) -> dict[str, str | None]:
    return {name: info.description for name, info in model.model_fields.items()}


def test_descriptions_equal_pydantics_attribute_docstrings() -> None:
    assert _descriptions(describe(Documented)) == _descriptions(PydanticDocumented)
    assert _descriptions(describe(Child)) == _descriptions(PydanticChild)
    assert describe(Child).model_fields["plain"].description == "A plain field,\non two lines."


def test_every_model_field_of_the_file_types_is_described() -> None:
    for root in (ModelFile, RequirementsFile):
        for model in model_types(root):
            missing = [name for name, info in describe(model).model_fields.items()
                       if not info.description]
            assert not missing, f"{model.__name__}: fields without a docstring: {missing}"
