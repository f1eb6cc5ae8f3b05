"""Naming a place of the document in French from a path in the sources tree.

``("enjeux", 2, "axes", 0, "criteres_evaluation")`` becomes
« enjeu 3 « Accès à un projet… », axe « Orientation choisie… », critères d'évaluation ».
"""

from __future__ import annotations

from typing import Any

from contrat.modele.chemin import Chemin
from contrat.modele.sortes import sortes

NOMS_LISTES = {
    "enjeux": "enjeu",
    "axes": "axe",
    "objectifs": "objectif",
    "partenaires": "partenaire",
    "leviers": "levier",
    "criteres_evaluation": "critère d'évaluation",
    "chapitres": "chapitre",
    "signataires": "signataire",
    "organisations": "organisation",
    "sigles": "sigle",
    "quartiers": "quartier",
    "tableaux": "tableau",
    "lignes": "ligne",
    "colonnes": "colonne",
    "objectifs_nationaux": "objectif national",
    "sources_donnees": "source de données",
    "phases": "phase",
    "sommes_100": "groupe de parts",
    "annexes": "annexe",
    "avenants": "avenant",
    "contributions": "contribution",
    "blocs": "bloc",
    "chiffres": "chiffre",
    "pieces_jointes": "pièce jointe",
    "calculs": "calcul",
    "groupes_signataires": "groupe de signataires",
    "indicateurs": "indicateur",
    "attestations": "attestation",
    "ecarts_connus": "écart connu",
}

_NOMS_CHAMPS = {
    "criteres_evaluation": "critères d'évaluation",
    "objectifs": "objectifs généraux",
    "partenaires": "partenaires associés",
    "leviers": "leviers",
    "chiffres_cles": "chiffres clés",
    "colonnes_enjeux": "en-têtes des tableaux d'enjeux",
    "periode": "période",
    "territoire": "territoire",
    "signature": "signature",
    "lettre": "lettre",
    "tableau": "tableau",
    "epigraphe": "épigraphe",
    "perimetre": "périmètre",
    "reference": "référence",
    "conformite": "déclarations de conformité",
}


def decrire(chemin: Chemin, arbre: Any) -> str:
    """French description of the place ``chemin`` designates in ``arbre``."""
    morceaux: list[str] = []
    noeud = arbre
    precedent: str | int | None = None
    for cle in chemin:
        if cle in ("__cle__", "ligne"):
            break
        if isinstance(cle, int):
            nom = NOMS_LISTES.get(str(precedent)) or _nom_de_sorte(str(precedent), liste=True) or "élément"
            element = noeud[cle] if isinstance(noeud, list) and cle < len(noeud) else None
            morceaux[-1:] = [_chapitre(noeud, cle) if nom == "chapitre" else _designer(nom, cle, element)]
        else:
            morceaux.append(_NOMS_CHAMPS.get(cle) or _nom_de_sorte(cle, liste=False) or cle)
        noeud = _descendre(noeud, cle)
        precedent = cle
    return ", ".join(m for m in morceaux if m)


def _nom_de_sorte(cle: str, liste: bool) -> str | None:
    """The French name a kind of annex gives one of its lists' items or of its fields."""
    for sorte in sortes():
        noms = sorte.noms_listes if liste else sorte.noms_champs
        if cle in noms:
            return noms[cle]
    return None


def _descendre(noeud: Any, cle: str | int) -> Any:
    if isinstance(cle, int):
        return noeud[cle] if isinstance(noeud, list) and cle < len(noeud) else None
    return noeud.get(cle) if isinstance(noeud, dict) else None


def _chapitre(chapitres: list[Any], index: int) -> str:
    """A chapter as the contract prints it: « chapitre III « Les enjeux » » (its Roman number
    counts the numbered chapters only), « chapitre « Préambule » » when it is unnumbered; by its
    rank only when it has no title."""
    element = chapitres[index] if index < len(chapitres) else None
    titre = element.get("titre") if isinstance(element, dict) else None
    if not isinstance(titre, str) or not titre.strip():
        return f"chapitre n° {index + 1}"
    court = titre if len(titre) <= 60 else titre[:57].rstrip() + "…"
    if not _numerote(element):
        return f"chapitre « {court} »"
    rang = sum(1 for c in chapitres[:index + 1] if _numerote(c))
    return f"chapitre {_romain(rang)} « {court} »"


def _romain(n: int) -> str:
    """1 -> I, 4 -> IV: the chapters' numbering (``impression.numerotation.romain``, a later stage
    that reading cannot import; a test compares both)."""
    texte = ""
    for valeur, lettres in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= valeur:
            texte += lettres
            n -= valeur
    return texte


def _numerote(chapitre: Any) -> bool:
    """Whether a chapter of the sources is numbered (« numerote », true unless « non », false...)."""
    valeur = chapitre.get("numerote", True) if isinstance(chapitre, dict) else True
    if isinstance(valeur, str):
        return valeur.strip().lower() not in ("non", "faux", "false", "no")
    return valeur is not False


def _designer(nom: str, index: int, element: Any) -> str:
    if isinstance(element, dict):
        for champ in ("titre", "libelle", "texte", "qualite", "sigle", "code"):
            valeur = element.get(champ)
            if isinstance(valeur, str) and valeur.strip():
                court = valeur if len(valeur) <= 60 else valeur[:57].rstrip() + "…"
                numero = f" {index + 1}" if nom in ("enjeu", "chapitre") else ""
                numero = f" n° {index + 1}" if nom == "annexe" else numero
                return f"{nom}{numero} « {court} »"
    if isinstance(element, str):
        court = element if len(element) <= 60 else element[:57] + "…"
        return f"{nom} « {court} »"
    return f"{nom} n° {index + 1}"
