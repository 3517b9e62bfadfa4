"""Programme titles in the active language, in text stored in the booking's language."""

from __future__ import annotations


def localized_programme_text(text: str, programme) -> str:
    """`text` with a leading programme title (in any language) in the active language."""
    localized = programme.localized
    titles = sorted(
        {programme.title, *programme.get_translations().values_list("title", flat=True)},
        key=len,
        reverse=True,
    )
    for title in titles:
        if title and text.startswith(title):
            return localized.title + text[len(title) :]
    return text
