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


# --- missing figures --------------------------------------------------------------------------


MARQUES: dict[str, str] = {"n.c.": "non communiqué", "s": "secret statistique"}
"""The marks of a figure the contract cannot give, as printed, and what each means (the note
under a table says it). INSEE writes « s » for a figure under statistical secrecy."""

ECRITURES_MARQUES: dict[str, str] = {"n.c.": "n.c.", "N.C.": "n.c.", "nc": "n.c.", "NC": "n.c.", "s": "s"}
"""How a source or an export may write each mark: exactly these (the JSON Schema lists them, so
that an editor and the engine accept the same cells)."""

MARQUES_ADMISES = "« n.c. » (non communiqué) ou « s » (secret statistique)"
"""The marks, as a message names them."""


class Manquant(ModeleFige):
    """A figure the contract cannot give: not communicated (« n.c. ») or under statistical
    secrecy (« s »). It prints as its mark, never with a unit, and is never added up."""

    marque: str

    @property
    def ecrit(self) -> str:
        return self.marque

    @property
    def sens(self) -> str:
        """What the mark means (« secret statistique »)."""
        return MARQUES[self.marque]

    def __str__(self) -> str:
        return self.marque


def marque_de(texte: object) -> str | None:
    """The mark ``texte`` writes (« n.c. », « N.C. », « nc », « s »), or None."""
    return ECRITURES_MARQUES.get(texte.strip()) if isinstance(texte, str) else None


def lire_valeur(texte: object) -> Nombre | Manquant:
    """A cell of a table of figures: a number, or the mark of a figure the contract cannot give.
    An empty cell is neither (forgotten or unknown? the user says which)."""
    if isinstance(texte, (Nombre, Manquant)):
        return texte
    if isinstance(texte, dict) and isinstance(texte.get("marque"), str):
        texte = texte["marque"]  # the model's own plain data (diff, avenant application)
    marque = marque_de(texte)
    if marque is not None:
        return Manquant(marque=marque)
    if texte is None or isinstance(texte, str) and not texte.strip() or texte == {}:
        raise ValueError(f"valeur vide : écrire le nombre, ou {MARQUES_ADMISES}")
    try:
        return lire_nombre(texte)
    except ValueError:
        ecrit = f"« {texte} »" if isinstance(texte, str) else "cette valeur"
        raise ValueError(f"{ecrit} n'est pas un nombre (écriture attendue : 3025, 56 595 ou 34,7 ; une valeur "
                         f"manquante s'écrit {MARQUES_ADMISES})") from None


def normaliser(n: Nombre, grouper_milliers: bool = False) -> str:
    """A typed number written the French way, whatever way it was typed (« 1579 » next to « 5 537 »
    in a column, « 34.7 »): a decimal comma, a minus sign, thousands grouped by a no-break space
    from five digits on, or from four when typed so or ``grouper_milliers`` (the column groups
    others). The decimals typed are kept (« 34,70 » stays)."""
    compact = _ESPACES.sub("", n.ecrit).replace(",", ".").replace("\u2212", "-")
    negatif = compact.startswith("-")
    entier, _, fraction = compact.lstrip("-").partition(".")
    if len(entier) >= 5 or len(entier) == 4 and (grouper_milliers or _ESPACES.search(n.ecrit)):
        groupes: list[str] = []
        while entier:
            groupes.insert(0, entier[-3:])
            entier = entier[:-3]
        entier = "\u00a0".join(groupes)
    return ("\u2212" if negatif else "") + entier + ("," + fraction if fraction else "")


def groupe_les_milliers(n: Nombre) -> bool:
    """The number has (or was typed with) a thousands separator: its column groups them all."""
    entier = _ESPACES.sub("", n.ecrit).replace("\u2212", "-").lstrip("-").partition(",")[0].partition(".")[0]
    return len(entier) >= 5 or bool(_ESPACES.search(n.ecrit))
