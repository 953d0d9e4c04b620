"""Open311 service-definition attributes, and checking a reporter's answers against them."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, TypeAdapter, model_validator

from benuo_governance.domain.text import markup_problem

Answer = str | float | list[str]
STRING_MAX = 255
TEXT_MAX = 4000
_DATETIME = TypeAdapter(AwareDatetime)


class Datatype(StrEnum):
    STRING = "string"
    NUMBER = "number"
    DATETIME = "datetime"
    TEXT = "text"
    SINGLEVALUELIST = "singlevaluelist"
    MULTIVALUELIST = "multivaluelist"


LIST_TYPES = frozenset({Datatype.SINGLEVALUELIST, Datatype.MULTIVALUELIST})
Code = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


class AttributeValue(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: Code
    name: str = Field(min_length=1, max_length=200)


class AttributeDefinition(BaseModel):
    """One question of a category (Open311 ``attribute``)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: Code
    description: str = Field(min_length=1, max_length=500, description="The question asked")
    datatype: Datatype
    required: bool = False
    variable: bool = Field(default=True, description="False: information only, no answer")
    order: int = Field(ge=1)
    datatype_description: str | None = Field(default=None, max_length=200)
    values: tuple[AttributeValue, ...] = ()

    @model_validator(mode="after")
    def _values_match_datatype(self) -> AttributeDefinition:
        if self.datatype in LIST_TYPES and not self.values:
            raise ValueError(f"{self.code}: a {self.datatype} needs values to choose from")
        if self.datatype not in LIST_TYPES and self.values:
            raise ValueError(f"{self.code}: only list datatypes take values")
        if len({value.key for value in self.values}) != len(self.values):
            raise ValueError(f"{self.code}: value keys must be unique")
        if self.required and not self.variable:
            raise ValueError(f"{self.code}: an information-only attribute cannot be required")
        return self


def check_definitions(definitions: Sequence[AttributeDefinition]) -> None:
    """Codes and orders must be unique within a category."""
    codes = [d.code for d in definitions]
    if len(set(codes)) != len(codes):
        raise ValueError("attribute codes must be unique within a category")
    orders = [d.order for d in definitions]
    if len(set(orders)) != len(orders):
        raise ValueError("attribute orders must be unique within a category")


class AnswerErrors(ValueError):
    """Answers that do not fit the definition; ``errors`` says which and why."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("; ".join(f"{e['field']}: {e['message']}" for e in errors))
        self.errors = errors


def check_answers(
    definitions: Sequence[AttributeDefinition], answers: Mapping[str, Answer]
) -> dict[str, Answer]:
    """The answers, normalised; ``AnswerErrors`` naming every problem otherwise."""
    by_code = {d.code: d for d in definitions if d.variable}
    errors = [
        {"field": f"attributes.{code}", "message": "this category asks no such question"}
        for code in answers
        if code not in by_code
    ]
    clean: dict[str, Answer] = {}
    for code, definition in by_code.items():
        answer = answers.get(code)
        if answer is None or answer == "" or answer == []:
            if definition.required:
                errors.append({"field": f"attributes.{code}", "message": "an answer is required"})
            continue
        try:
            clean[code] = _normalise(definition, answer)
        except ValueError as error:
            errors.append({"field": f"attributes.{code}", "message": str(error)})
    if errors:
        raise AnswerErrors(errors)
    return clean


def _normalise(definition: AttributeDefinition, answer: Answer) -> Answer:
    datatype = definition.datatype
    keys = [value.key for value in definition.values]
    if datatype is Datatype.MULTIVALUELIST:
        chosen = answer if isinstance(answer, list) else [answer]
        unknown = [str(item) for item in chosen if item not in keys]
        if unknown:
            raise ValueError(f"unknown choice(s) {', '.join(unknown)}; choose from {keys}")
        return list(dict.fromkeys(str(item) for item in chosen))
    if isinstance(answer, list):
        raise ValueError("give one value, not a list")
    if datatype is Datatype.SINGLEVALUELIST:
        if answer not in keys:
            raise ValueError(f"unknown choice {answer}; choose from {keys}")
        return str(answer)
    if datatype is Datatype.NUMBER:
        try:
            number = float(answer)
        except ValueError:
            raise ValueError("must be a number") from None
        if not math.isfinite(number):
            raise ValueError("must be a finite number")
        return number
    if datatype is Datatype.DATETIME:
        return _datetime(answer).isoformat()
    limit = STRING_MAX if datatype is Datatype.STRING else TEXT_MAX
    text = str(answer).strip()
    if len(text) > limit:
        raise ValueError(f"must be at most {limit} characters")
    problem = markup_problem(text)
    if problem:
        raise ValueError(problem)
    return text


def _datetime(answer: str | float) -> datetime:
    try:
        return _DATETIME.validate_python(str(answer))
    except ValueError:
        raise ValueError("must be an ISO 8601 date-time with a time zone") from None
