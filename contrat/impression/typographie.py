"""French spacing as the avenant writes it: no line breaks inside « » or before : ; ! ?.

Only the kinds of spaces change, never the words: U+00A0 inside « » and before a colon,
U+202F (narrow no-break space) before ; ! ?, as the Imprimerie nationale's rules say.
"""

from __future__ import annotations

import re

NBSP, NNBSP = "\u00a0", "\u202f"
_OUVRANT = re.compile(r"«[ \u00a0\u202f]*")
_FERMANT = re.compile(r"[ \u00a0\u202f]*»")
_DEUX_POINTS = re.compile(r"[ \u00a0\u202f]+:")
_PONCTUATION = re.compile(r"[ \u00a0\u202f]+([;!?])")


def espaces_insecables(texte: str) -> str:
    texte = _OUVRANT.sub("«" + NBSP, texte)
    texte = _FERMANT.sub(NBSP + "»", texte)
    texte = _DEUX_POINTS.sub(NBSP + ":", texte)
    return _PONCTUATION.sub(NNBSP + r"\1", texte)
