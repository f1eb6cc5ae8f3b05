"""What the drafting tests share: an avenant drafted between two contracts as they print, and
the invariants every avenant keeps (a module of helpers: test modules do not import each other)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from contrat.amendements.operations import appliquer, empreinte_imprimee
from contrat.amendements.redaction import Article, Redaction, operations
from contrat.impression.francais import cardinal, ordinal
from contrat.impression.unites import imprimer, lignes, page_signatures
from contrat.modele.contrat import Contrat


def rediger(avant: Contrat, apres: Contrat, initial: Contrat | None = None) -> tuple[list[Article], object, object]:
    initial = initial or avant
    a, b = imprimer(avant, page_signatures(avant, initial)), imprimer(apres, page_signatures(apres, initial))
    return Redaction(a, b).articles_verifies(), a, b


def texte_avenant(articles: list[Article]) -> str:
    """Everything the avenant prints for its articles: sentences, quoted units, tableau comparatif."""
    morceaux = []
    for a in articles:
        morceaux.extend(a.alineas)
        for c in a.citations:
            morceaux.extend(lignes(c))
        for place, ancien, nouveau in a.comparaison:
            morceaux.extend((place, ancien, nouveau))
    return "\n".join(morceaux)


def _mots(texte: str) -> Counter[str]:
    return Counter(re.findall(r"\w+", texte))


def _tokens(texte: str) -> set[str]:
    return set(re.findall(r"[\w-]+", texte))


CODES_INTERDITS = re.compile(r"›|\bcode:|\bref:|§|\b[a-z0-9]+(?:[-_][a-z0-9]+)+\b")
NOMBRES_EN_LETTRES = {mot for k in range(1000) for mot in (ordinal(k), cardinal(k + 1))}
"""Ranks and counts an article writes in words (« quatre-vingt-unième alinéa »): hyphenated like a
code, but French."""


def verifier(articles: list[Article], a, b, codes: set[str]) -> str:  # noqa: ANN001
    """The invariants every avenant keeps; returns the avenant's text for specific checks."""
    assert articles, "an amendment that changes the printed contract has articles"
    assert all(a.comparaison for a in articles), "every article has its rows in the tableau comparatif"
    # 1. The applier, from the operations alone, takes the signed text to the consolidated text.
    assert empreinte_imprimee(appliquer(a, operations(articles))) == empreinte_imprimee(b)
    # 2. Every word that appears or disappears is written in the avenant.
    texte = texte_avenant(articles)
    avant, apres, ecrit = _mots("\n".join(lignes(a))), _mots("\n".join(lignes(b))), _mots(texte)
    changes = {m for m in (avant | apres) if avant[m] != apres[m]}
    assert not {m for m in changes if m not in ecrit}
    # 3. No internals: codes of the sources (unless the contract prints the same word), YAML keys,
    #    path separators.
    imprime = _tokens("\n".join(lignes(a) + lignes(b)))
    for trouve in CODES_INTERDITS.finditer(texte):
        mot = re.match(r"[\w-]*", texte[trouve.start():]).group(0)  # type: ignore[union-attr]  # « …-unième » whole
        if mot in NOMBRES_EN_LETTRES:
            continue
        assert trouve.group(0) in imprime, f"« {trouve.group(0)} » n'est pas un mot du contrat imprimé"
    internes = [ligne for ligne in texte.splitlines() for c in codes
                if c not in imprime and re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", ligne)]
    assert not internes
    return texte


def _codes(*contrats: Contrat) -> set[str]:
    trouves: set[str] = set()

    def parcourir(v) -> None:  # noqa: ANN001
        if isinstance(v, dict):
            for k, x in v.items():
                if "_" in k:  # a YAML key that is not also a French word (« ligne », « texte »...)
                    trouves.add(k)
                if k in ("code", "organisation", "ref", "source") and isinstance(x, str):
                    trouves.add(x)
                parcourir(x)
        elif isinstance(v, list):
            for x in v:
                parcourir(x)

    for c in contrats:
        parcourir(c.model_dump(mode="json"))
    return {c for c in trouves if len(c) > 2}


def deplacer_axe_vers_la_fin_de_l_enjeu_2(s: Path) -> None:
    """The Grand Dole's axe « Lien ville/quartier » moved from enjeu 1 to the end of enjeu 2's table."""
    texte = (s / "enjeux.yaml").read_text(encoding="utf-8")
    debut = texte.index('      - code: "lien-ville-quartier"')
    fin = texte.index("\n  - code:", debut) + 1
    bloc = texte[debut:fin]
    texte = texte[:debut] + texte[fin:]
    ancre = texte.index('  - code: "acces-parcours-professionnel"')
    (s / "enjeux.yaml").write_text(texte[:ancre] + bloc + texte[ancre:], encoding="utf-8")
