"""French for the drafting: articles and elision, agreement, numbers and ranks in words."""

from __future__ import annotations

import re

H_ASPIRE = ("huit", "onz", "oui", "hameau", "handicap", "hall", "harcèlement", "hasard", "hausse", "haut", "hiérarchie",
            "honte", "hors", "héros", "hameaux", "hangar")
"""Words before which there is no elision (« le huitième », « le onzième », « le handicap »)."""


def _voyelle(mot: str) -> bool:
    debut = mot.lower()
    return debut[:1] in "aeiouyéèêàâîôûh" and not debut.startswith(H_ASPIRE)


def q(texte: str) -> str:
    """Words quoted between French guillemets."""
    return f"« {texte} »"


def le(nom: str, feminin: bool) -> str:
    return f"l'{nom}" if _voyelle(nom) else (f"la {nom}" if feminin else f"le {nom}")


def au(nom: str, feminin: bool) -> str:
    return f"à l'{nom}" if _voyelle(nom) else (f"à la {nom}" if feminin else f"au {nom}")


def du(nom: str, feminin: bool) -> str:
    return f"de l'{nom}" if _voyelle(nom) else (f"de la {nom}" if feminin else f"du {nom}")


def de(texte: str) -> str:
    """« de » with elision: « d'ajouter », « de modifier »."""
    return f"d'{texte}" if _voyelle(texte) else f"de {texte}"


def un(nom: str, feminin: bool) -> str:
    return f"une {nom}" if feminin else f"un {nom}"


def accord(feminin: bool, pluriel: bool = False) -> str:
    """Agreement of a past participle: « rédigé », « rédigée », « rédigés », « rédigées »."""
    return ("e" if feminin else "") + ("s" if pluriel else "")


def nombre(n: int) -> str:
    """A count in words (« deux alinéas »)."""
    return cardinal(n)


def enumeration(elements: list[str]) -> str:
    """« a », « a et b », « a, b et c »."""
    return elements[0] if len(elements) == 1 else ", ".join(elements[:-1]) + " et " + elements[-1]


_UNITES = ["zéro", "un", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze", "douze",
           "treize", "quatorze", "quinze", "seize"]
_DIZAINES = {2: "vingt", 3: "trente", 4: "quarante", 5: "cinquante", 6: "soixante", 8: "quatre-vingt"}


def cardinal(n: int) -> str:
    """French cardinal of 0 ≤ n < 1000 (« vingt et un », « soixante-douze », « quatre-vingts »)."""
    if n < 17:
        return _UNITES[n]
    if n < 20:
        return f"dix-{_UNITES[n - 10]}"
    if n < 100:
        dizaine, unite = divmod(n, 10)
        if dizaine in (7, 9):
            dizaine, unite = dizaine - 1, unite + 10
        base = _DIZAINES[dizaine]
        if unite == 0:
            return base + ("s" if dizaine == 8 else "")
        lien = " et " if unite in (1, 11) and dizaine != 8 else "-"
        return f"{base}{lien}{cardinal(unite)}"
    centaine, reste = divmod(n, 100)
    tete = "cent" if centaine == 1 else f"{_UNITES[centaine]} cent"
    return (f"{tete} {cardinal(reste)}" if reste else tete + ("s" if centaine > 1 else ""))


def ordinal(n: int) -> str:
    """0 -> « premier », 1 -> « deuxième », 32 -> « trente-troisième » (ranks counted from 0)."""
    if n == 0:
        return "premier"
    mot = cardinal(n + 1)
    if mot.endswith("s") and not mot.endswith("trois"):
        mot = mot[:-1]
    if mot.endswith("cinq"):
        return mot + "uième"
    if mot.endswith("neuf"):
        return mot[:-1] + "vième"
    return (mot[:-1] if mot.endswith("e") else mot) + "ième"


def majuscule(texte: str) -> str:
    return texte[:1].upper() + texte[1:]


def phrase(texte: str) -> str:
    """A sentence ends once: after a quotation ending with its own punctuation, no extra point."""
    return re.sub(r"([.!?…])\s»\.$", r"\1 »", texte)


def l_avenant(numero: object) -> str:
    """« l'avenant n° 2 »: how the documents and the messages name an avenant."""
    return f"l'avenant n° {numero}"


def mots(texte: str) -> tuple[str, bool]:
    """How words quoted in an article are announced: « le mot » for one word (« DDT »,
    « CI-CIA »), « les mots » for several; and whether that is plural (the verb agrees)."""
    un_seul = re.fullmatch(r"[^\W_]+(?:-[^\W_]+)*", texte) is not None
    return ("le mot", False) if un_seul else ("les mots", True)


def denombrer(unites: list[tuple[str, bool]]) -> tuple[str, bool]:
    """Units of several kinds counted in the order they first come, each with its own article:
    [intertitre, alinéa] -> « un intertitre et un alinéa », [alinéa ×2] -> « deux alinéas »;
    and whether the whole is plural. Each unit is (noun, feminine)."""
    comptes: dict[str, tuple[bool, int]] = {}
    for nom, feminin in unites:
        comptes[nom] = (feminin, comptes.get(nom, (feminin, 0))[1] + 1)
    morceaux = [(un(nom, feminin) if k == 1 else f"{nombre(k)} {pluriel(nom)}") for nom, (feminin, k) in comptes.items()]
    return enumeration(morceaux), len(unites) > 1


def pluriel(nom: str) -> str:
    """The plural of the nouns the articles count (« alinéas », « intertitres », « en-têtes »)."""
    return nom if nom.endswith(("s", "x")) else nom + "s"


def le_nombre_ou_le_mot(jeton: str) -> str:
    """How an article names one figure or word it replaces inside an alinéa: « le chiffre » (one
    digit), « le nombre » (« 2027 », « 56,3 »), « le mot »."""
    if jeton.isdigit() and len(jeton) == 1:
        return "le chiffre"
    return "le nombre" if jeton[:1].isdigit() else "le mot"
