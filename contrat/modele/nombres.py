"""Numbers as the contract writes them: French notation, kept as typed, computed exactly."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from babel.numbers import format_decimal
from pydantic import BaseModel, ConfigDict

_ESPACES = re.compile(r"[\s\u00a0\u202f]")
LOCALE = "fr_FR"


class Nombre(BaseModel):
    """A figure: its exact value and the way the contract writes it ("56 595", "34,7")."""

    model_config = ConfigDict(frozen=True)

    valeur: Decimal
    ecrit: str

    def __str__(self) -> str:
        return self.ecrit


def lire_nombre(texte: object) -> Nombre:
    """Parse "56 595", "34,7", "-9,5" (French notation). Raises ValueError in French."""
    if isinstance(texte, Nombre):
        return texte
    if isinstance(texte, dict) and isinstance(texte.get("ecrit"), str):
        texte = texte["ecrit"]  # the model's own plain data (diff, avenant application)
    if not isinstance(texte, str):
        raise ValueError("un nombre est attendu")
    brut = texte.strip()
    compact = _ESPACES.sub("", brut).replace(",", ".").replace("\u2212", "-")
    if not re.fullmatch(r"-?\d+(\.\d+)?", compact):
        raise ValueError(f"« {texte} » n'est pas un nombre (écriture attendue : 3025, 56 595 ou 34,7)")
    try:
        valeur = Decimal(compact)
    except InvalidOperation:  # pragma: no cover - the regex already guards
        raise ValueError(f"« {texte} » n'est pas un nombre") from None
    # Thin spaces and NBSP typed in the source are shown as a normal non-breaking space.
    return Nombre(valeur=valeur, ecrit=_ESPACES.sub("\u00a0", brut))


def ecrire_nombre(valeur: Decimal, decimales: int = 1, signe: bool = False) -> str:
    """A computed value in French notation (babel), e.g. "−44" or "−9,7"."""
    motif = "#,##0" + ("." + "#" * decimales if decimales else "")
    texte = format_decimal(valeur, format=motif, locale=LOCALE).replace("-", "\u2212")
    if signe and valeur > 0:
        texte = "+" + texte
    return texte
