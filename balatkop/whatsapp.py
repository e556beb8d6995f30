"""WhatsApp share links (wa.me) for people outside Balatkop: participants and alumni."""

import re
from urllib.parse import quote

_NON_DIGITS = re.compile(r"\D")


def phone_to_international(phone: str) -> str:
    """Digits of an Indonesian phone number in +62 form without the plus ('6281234567890').

    '0812-3456-7890', '+62 812 3456 7890', '62812…' and '812…' all give '62812…'; an empty
    or too-short number gives ''.
    """
    digits = _NON_DIGITS.sub("", phone or "")
    if digits.startswith("62"):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        national = digits
    national = national.lstrip("0")
    if len(national) < 7:
        return ""
    return "62" + national


def whatsapp_link(phone: str, text: str) -> str:
    """A wa.me link that opens a chat with the number and the text ready; '' without a number."""
    number = phone_to_international(phone)
    if not number:
        return ""
    return f"https://wa.me/{number}?text={quote(text, safe='')}"
