"""Free text from the public: no markup, and contact details kept out of public views."""

from __future__ import annotations

import re

_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>|&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Indonesian numbers: 08xx..., +62 8xx..., 62 8xx..., with spaces, dots or dashes between.
_PHONE = re.compile(r"(?<!\d)(?:\+?62|0)[\s.-]?8(?:[\s.-]?\d){7,11}(?!\d)")
REDACTED = "[disembunyikan]"


def markup_problem(text: str) -> str | None:
    """Why ``text`` is not plain text, or None when it is."""
    if _TAG.search(text):
        return "must be plain text: remove HTML tags and entities"
    if _CONTROL.search(text):
        return "must not contain control characters"
    return None


def redact_contact_details(text: str) -> str:
    """``text`` with e-mail addresses and phone numbers replaced, for public views."""
    # Substring checks first: most texts hold neither, and the patterns cost 20-40 us each
    # (an Open311 page of 1000 requests runs them a thousand times).
    if "@" in text:
        text = _EMAIL.sub(REDACTED, text)
    if "08" in text or "62" in text:
        text = _PHONE.sub(REDACTED, text)
    return text
