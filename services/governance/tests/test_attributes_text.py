"""Open311 attribute definitions, checking answers, and plain-text rules."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from benuo_governance.domain.attributes import (
    AnswerErrors,
    AttributeDefinition,
    check_answers,
    check_definitions,
)
from benuo_governance.domain.text import REDACTED, markup_problem, redact_contact_details


def attribute(code: str, datatype: str, order: int, **extra: object) -> AttributeDefinition:
    return AttributeDefinition.model_validate(
        {"code": code, "datatype": datatype, "order": order, "description": code, **extra}
    )


QUESTIONS = [
    attribute(
        "kondisi",
        "singlevaluelist",
        1,
        required=True,
        values=[{"key": "padam", "name": "Padam"}, {"key": "berkedip", "name": "Berkedip"}],
    ),
    attribute(
        "bagian",
        "multivaluelist",
        2,
        values=[{"key": "atap", "name": "Atap"}, {"key": "lantai", "name": "Lantai"}],
    ),
    attribute("jumlah", "number", 3),
    attribute("sejak", "datetime", 4),
    attribute("tiang", "string", 5),
    attribute("cerita", "text", 6),
    attribute("info", "string", 7, variable=False),
]


def test_answers_of_every_datatype_are_normalised() -> None:
    clean = check_answers(
        QUESTIONS,
        {
            "kondisi": "padam",
            "bagian": ["atap", "lantai", "atap"],
            "jumlah": "3",
            "sejak": "2026-11-27T19:00:00+08:00",
            "tiang": "  PJU-117 ",
            "cerita": "Sudah tiga malam.\nGelap sekali.",
        },
    )
    assert clean == {
        "kondisi": "padam",
        "bagian": ["atap", "lantai"],
        "jumlah": 3.0,
        "sejak": "2026-11-27T19:00:00+08:00",
        "tiang": "PJU-117",
        "cerita": "Sudah tiga malam.\nGelap sekali.",
    }


def test_every_wrong_answer_is_named() -> None:
    with pytest.raises(AnswerErrors) as failed:
        check_answers(
            QUESTIONS,
            {
                "bagian": ["genteng"],
                "jumlah": "banyak",
                "sejak": "kemarin",
                "tiang": "<b>x</b>",
                "info": "x",
                "warna": "merah",
            },
        )
    fields = {error["field"]: error["message"] for error in failed.value.errors}
    assert fields.keys() == {
        "attributes.kondisi",
        "attributes.bagian",
        "attributes.jumlah",
        "attributes.sejak",
        "attributes.tiang",
        "attributes.info",
        "attributes.warna",
    }
    assert fields["attributes.kondisi"] == "an answer is required"
    assert "genteng" in fields["attributes.bagian"]
    assert fields["attributes.jumlah"] == "must be a number"
    assert "time zone" in fields["attributes.sejak"]
    assert "HTML" in fields["attributes.tiang"]
    assert fields["attributes.warna"] == "this category asks no such question"


def test_single_value_lists_take_one_value_and_numbers_must_be_finite() -> None:
    with pytest.raises(AnswerErrors, match="give one value"):
        check_answers(QUESTIONS, {"kondisi": ["padam", "berkedip"]})
    with pytest.raises(AnswerErrors, match="finite"):
        check_answers(QUESTIONS, {"kondisi": "padam", "jumlah": "nan"})


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"datatype": "singlevaluelist"}, "needs values"),
        ({"datatype": "string", "values": [{"key": "a", "name": "A"}]}, "only list datatypes"),
        ({"datatype": "string", "required": True, "variable": False}, "cannot be required"),
        ({"datatype": "colour"}, "datatype"),
    ],
)
def test_bad_definitions_are_refused(bad: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        AttributeDefinition.model_validate({"code": "x", "order": 1, "description": "x", **bad})


def test_codes_and_orders_are_unique_within_a_category() -> None:
    with pytest.raises(ValueError, match="codes"):
        check_definitions([attribute("a", "string", 1), attribute("a", "string", 2)])
    with pytest.raises(ValueError, match="orders"):
        check_definitions([attribute("a", "string", 1), attribute("b", "string", 1)])


@pytest.mark.parametrize(
    "text",
    ["<script>alert(1)</script>", "lampu <b>mati</b>", "a &amp; b", "<img src=x>", "bel\x07"],
)
def test_markup_and_control_characters_are_not_plain_text(text: str) -> None:
    assert markup_problem(text) is not None


@pytest.mark.parametrize("text", ["Jalan 3 < 5 km dari pasar", "Lampu mati >3 malam", "R&D"])
def test_plain_text_may_contain_angle_brackets_and_ampersands(text: str) -> None:
    assert markup_problem(text) is None


def test_contact_details_are_masked_in_public_text() -> None:
    text = (
        "Hubungi saya di 0812-3456-7890 atau +62 813 1111 2222 atau ani.w@example.co.id; "
        "tiang nomor 117, RT 05, 2 km dari pasar."
    )
    masked = redact_contact_details(text)
    assert "0812" not in masked
    assert "813 1111" not in masked
    assert "ani.w@" not in masked
    assert masked.count(REDACTED) == 3
    assert "tiang nomor 117, RT 05, 2 km dari pasar." in masked
