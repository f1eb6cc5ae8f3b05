"""Numbers as the contract writes them: French notation, kept as typed, computed exactly."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from contrat.modele.base import ModeleFige

_ESPACES = re.compile(r"[\s\u00a0\u202f]")
SEPARATEUR_MILLIERS = "\u202f"
"""CLDR's group separator for French (a narrow no-break space), as babel writes it."""


class Nombre(ModeleFige):
    """A figure: its exact value and the way the contract writes it ("56 595", "34,7")."""

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
    """A computed value in French notation, e.g. "−44", "−9,7", "12 345": what babel's
    ``format_decimal(valeur, "#,##0.#", locale="fr_FR")`` writes (a test holds them equal), without
    loading babel's locale data for it (0.1 s of every render)."""
    arrondi = valeur.quantize(Decimal(1).scaleb(-decimales), rounding=ROUND_HALF_EVEN) if decimales else \
        valeur.quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    entier, _, fraction = f"{abs(arrondi):f}".partition(".")
    fraction = fraction.rstrip("0")
    texte = f"{int(entier):,}".replace(",", SEPARATEUR_MILLIERS) + ("," + fraction if fraction else "")
    if arrondi.is_signed():
        texte = "\u2212" + texte
    if signe and valeur > 0:
        texte = "+" + texte
    return texte
