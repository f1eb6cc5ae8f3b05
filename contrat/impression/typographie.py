"""French spacing, as the *Lexique des règles typographiques en usage à l'Imprimerie nationale*
sets it: a narrow no-break space (U+202F) before ; ! ?, inside « », between the groups of a
number's digits; a no-break space (U+00A0) before a colon, between a number and its unit or %,
after « n° ».

Only the kinds of spaces change, never the words nor their count (``typographier`` keeps the
length of the text, so that a document's runs can be retouched in place: a reference's typo
stays a typo).
"""

from __future__ import annotations

import re

NBSP, NNBSP = "\u00a0", "\u202f"
_ESPACE = "[ \u00a0\u202f]"

# Each alternative matches ONE space character; its group says which space it becomes. One pass.
_REGLES = re.compile(
    rf"(?P<fine>(?<=«){_ESPACE}|{_ESPACE}(?=»)|{_ESPACE}(?=[;!?])"  # « guillemets », ; ! ?
    rf"|(?<=\d){_ESPACE}(?=\d{{3}}(?!\d)))"  # 56 595, 1 480 000
    rf"|(?P<insecable>{_ESPACE}(?=:)"  # a colon
    rf"|(?<=\d){_ESPACE}(?=(?:%|‰|€)(?!\w))"  # 48,5 %, 395 000 €
    rf"|(?<=[nN]°){_ESPACE})"  # n° 2
)
CARACTERES = frozenset("«»;:!?%‰€°0123456789")
"""A text without any of these has nothing to retouch."""


def _espace(m: re.Match[str]) -> str:
    return NNBSP if m.lastgroup == "fine" else NBSP


def typographier(texte: str) -> str:
    """``texte`` with French spaces, the same length (one space for one space)."""
    if not CARACTERES.intersection(texte):
        return texte
    return _REGLES.sub(_espace, texte)


_OUVRANT = re.compile(r"«[ \u00a0\u202f]*")
_FERMANT = re.compile(r"[ \u00a0\u202f]*»")


def espaces_insecables(texte: str) -> str:
    """A text the engine writes itself (the avenant's quotations): the spaces inside « » put in
    where missing, then French spacing."""
    texte = _OUVRANT.sub("«" + NNBSP, texte)
    texte = _FERMANT.sub(NNBSP + "»", texte)
    return typographier(texte)
