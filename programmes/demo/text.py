"""Small helpers for writing demo content once, in English, Finnish and Swedish."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

LANGUAGES = ("en", "fi", "sv")


class T(NamedTuple):
    """One text in the three content languages."""

    en: str
    fi: str
    sv: str


Text = T | str


def tr(text: Text | None, lang: str) -> str:
    """The text in `lang`; a plain string is the same in every language."""
    if text is None:
        return ""
    if isinstance(text, T):
        return getattr(text, lang)
    return text


@dataclass(frozen=True)
class Block:
    """A BodyBlock child: heading, paragraph (HTML) or callout (title + HTML text)."""

    type: str
    text: T
    title: T | None = None

    def raw(self, lang: str) -> dict:
        if self.type == "callout":
            return {
                "type": "callout",
                "value": {"title": tr(self.title, lang), "text": tr(self.text, lang)},
            }
        return {"type": self.type, "value": tr(self.text, lang)}


def heading(text: T) -> Block:
    return Block("heading", text)


def paragraph(html: T) -> Block:
    return Block("paragraph", html)


def callout(title: T, html: T) -> Block:
    return Block("callout", html, title)


def body(blocks: list[Block], lang: str) -> list[dict]:
    return [block.raw(lang) for block in blocks]
