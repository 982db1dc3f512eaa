"""Building blocks shared by every part of a plan: ids, bilingual text, periods, sources."""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from shisaku.domain.fiscal_year import FiscalYearError, parse_fiscal_year

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
"""Ids are stable, case-sensitive, ASCII: letters, digits, ``.``, ``_``, ``-``."""

PARTIAL_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


class Strict(BaseModel):
    """Base of every plan-file object: unknown keys are errors, values are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


Id = Annotated[str, Field(pattern=ID_PATTERN, min_length=1, max_length=100)]


def rule_error(
    code: str, message: str, expected: str, at: tuple[str | int, ...] = ()
) -> PydanticCustomError:
    """A schema-level problem with a stable ``code`` (raised inside validators).

    ``at`` is the path, below the object being validated, of the value to point at.
    """
    return PydanticCustomError(code, message, {"expected": expected, "at": list(at)})


def _fiscal_year(value: Any) -> Any:
    """Fiscal years may be written ``2021`` or as people type them (``令和3年度``, ``R3``)."""
    if isinstance(value, str) or (
        isinstance(value, int) and not isinstance(value, bool) and not 1868 <= value <= 2200
    ):
        try:
            return parse_fiscal_year(str(value))
        except FiscalYearError as error:
            raise rule_error("invalid-fiscal-year", str(error), error.expected) from None
    return value


FiscalYear = Annotated[
    int,
    BeforeValidator(_fiscal_year),
    Field(ge=1868, le=2200),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1868, "maximum": 2200},
                {
                    "type": "string",
                    "description": "as people write it: 令和3年度, R3, H33, 2021年度",
                },
            ],
            "description": "a fiscal year (年度), April 1 – March 31, named by the year it starts",
        }
    ),
]
"""A fiscal year (年度): the calendar year in which it starts (April 1 – March 31)."""


def _partial_date(value: str) -> str:
    if not PARTIAL_DATE.match(value):
        raise rule_error(
            "invalid-date",
            f"{value!r} is not a date",
            "a date as YYYY, YYYY-MM or YYYY-MM-DD, in quotes",
        )
    return value


PartialDate = Annotated[str, AfterValidator(_partial_date)]

Number = int | float


def _one_line(value: str) -> str:
    if "\n" in value.strip():
        raise rule_error(
            "not-one-line", "this text must be a single line", "text without line breaks"
        )
    return value


class Text(Strict):
    """Bilingual text: Japanese is required, English is optional."""

    ja: Annotated[str, Field(min_length=1)]
    en: Annotated[str, Field(min_length=1)] | None = None

    def get(self, lang: str) -> str:
        """The text in ``lang``, falling back to Japanese."""
        if lang == "en" and self.en:
            return self.en
        return self.ja


class Period(Strict):
    """A span of fiscal years, both ends included."""

    start: FiscalYear
    end: FiscalYear

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise rule_error(
                "period-inverted",
                f"period ends (FY{self.end}) before it starts (FY{self.start})",
                f"an end no earlier than the start, FY{self.start}",
                at=("end",),
            )
        return self

    def __contains__(self, fiscal_year: object) -> bool:
        return isinstance(fiscal_year, int) and self.start <= fiscal_year <= self.end

    def years(self) -> range:
        return range(self.start, self.end + 1)

    def label(self) -> str:
        return f"FY{self.start}–FY{self.end}"


class Source(Strict):
    """Where values come from. Values refer to a source by its id."""

    id: Id
    title: Text
    publisher: Text | None = None
    url: str | None = None
    date: PartialDate | None = None
    note: Annotated[str, AfterValidator(_one_line)] | None = None


OneLine = Annotated[str, Field(min_length=1), AfterValidator(_one_line)]
