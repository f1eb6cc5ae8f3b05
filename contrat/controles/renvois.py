"""Cross-references of the text: links to annexes and to their data, proper names' spellings."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from contrat.controles.constat import Constat, avertissement, erreur
from contrat.controles.registres import textes_du_document
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import BlocTexte, Contrat
from contrat.modele.prose import Prose, iterer_segments
from contrat.modele.sortes import sortes


def proses_du_contrat(c: Contrat) -> Iterator[tuple[Chemin, Prose]]:
    for n, ch in enumerate(c.chapitres):
        if ch.texte:
            yield ("chapitres", n, "texte"), ch.texte
    for liste in ("annexes", "contributions"):
        for n, doc in enumerate(getattr(c, liste)):
            for i, bloc in enumerate(doc.blocs):
                if isinstance(bloc, BlocTexte):
                    yield (liste, n, "blocs", i, "texte"), bloc.texte


def numeros_annexes(c: Contrat) -> dict[str, int]:
    return {a.code: n for n, a in enumerate(c.annexes, start=1)}


def _donnee(objet: Any, chemin: list[str]) -> Any:
    # A data path of a kind's older form (« atelier.participants_jeunes ») still leads to its value.
    chemin = next((list(s.anciens_chemins[tuple(chemin)]) for s in sortes() if tuple(chemin) in s.anciens_chemins),
                  chemin)
    for cle in chemin:
        objet = objet.get(cle) if isinstance(objet, dict) else getattr(objet, cle, None)
        if objet is None:
            return None
    return objet


def verifier_renvois(c: Contrat) -> Iterator[Constat]:
    """Each « [texte](#code) » designates an annex or contribution; a number in the text is
    the annex's generated number; « [15](#code.champ) » must match the figure it cites."""
    documents = {d.code: d for d in (*c.annexes, *c.contributions)}
    numeros = numeros_annexes(c)
    for base, prose in proses_du_contrat(c):
        for ligne, segments in iterer_segments(prose):
            for s in segments:
                if not (s.lien and s.lien.startswith("#")):
                    continue
                ici = base + ("ligne", ligne)
                code, *champ = s.lien[1:].split(".")
                doc = documents.get(code)
                if doc is None:
                    yield erreur(ici, f"renvoi à « {code} » : aucune annexe ni contribution ne porte cet identifiant")
                    continue
                if champ:
                    yield from _comparer_donnee(ici, s.texte, doc, champ, numeros)
                    continue
                if "{n}" in s.texte and code not in numeros:
                    yield erreur(ici, f"« {s.texte} » : {{n}} ne s'emploie que pour une annexe")
                cite = re.search(r"\d+", s.texte)
                if cite and code in numeros and int(cite.group()) != numeros[code]:
                    yield erreur(ici, f"« {s.texte} » renvoie à « {doc.titre} », qui est l'annexe n°{numeros[code]}")


def _comparer_donnee(ici: Chemin, texte: str, doc: Any, champ: list[str], numeros: dict[str, int]
                     ) -> Iterator[Constat]:
    valeur = _donnee(doc, champ)
    if valeur is None:
        yield erreur(ici, f"renvoi à « {doc.code}.{'.'.join(champ)} » : donnée inconnue")
        return
    cite = re.sub(r"[^\d,]", "", texte).replace(",", ".")
    if cite and getattr(valeur, "valeur", None) is not None and Decimal(cite) != valeur.valeur:
        ou = f"l'annexe n°{numeros[doc.code]}" if doc.code in numeros else f"« {doc.titre} »"
        yield avertissement(ici, f"le texte indique {texte} mais {ou} indique {valeur} ({'.'.join(champ)})")


def _sans_accents(texte: str) -> str:
    return unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode().lower()


NOMS_PROPRES_MAX = 200
COMPARAISONS_MAX = 50_000
RAPPROCHEMENTS_MAX = 1_000_000
"""Proper names registered, spellings compared with them (each distinct one once) and words looked
at beside a name: a contract registers a few names; hundreds over a long text made ``check`` take
minutes."""
_MOT = re.compile(r"[\w'’-]+")


def variantes_noms_propres(c: Contrat) -> Iterator[Constat]:
    """Spellings close to, but different from, a registered proper name.

    One pass over the text: a text is split into words only if one of the names' beginnings (the
    first four letters of its first word, without accents) is in it; each word is looked up by its
    beginnings in an index of the names; each distinct spelling is compared once with a name."""
    if len(c.noms_propres) > NOMS_PROPRES_MAX:
        yield erreur(("noms_propres",), f"{len(c.noms_propres)} noms propres : maximum {NOMS_PROPRES_MAX} (la "
                     "liste sert à repérer les graphies fautives des noms cités, pas à recenser tous les noms)")
        return
    index: dict[str, list[tuple[str, str, int]]] = {}
    for nom in c.noms_propres:
        if nom.split():
            premier = _sans_accents(nom.split()[0])[:4]
            index.setdefault(premier, []).append((nom, _sans_accents(nom), len(nom.split())))
    if not index:
        return
    presence = re.compile("|".join(sorted(map(re.escape, index), key=len, reverse=True)))
    ratios: dict[tuple[str, str], float] = {}
    rapprochements = 0
    partielle = avertissement(("noms_propres",), f"graphies des noms propres vérifiées en partie : plus de "
                              f"{COMPARAISONS_MAX} graphies ou {RAPPROCHEMENTS_MAX} mots à comparer aux noms")
    for chemin, texte in textes_du_document(c):
        if not presence.search(_sans_accents(texte)):
            continue
        mots = _MOT.findall(texte)
        normes = [_sans_accents(m) for m in mots]
        for i, norme in enumerate(normes):
            for longueur in range(min(len(norme), 4) + 1):
                for nom, nom_norme, taille in index.get(norme[:longueur], ()):
                    rapprochements += 1
                    if rapprochements > RAPPROCHEMENTS_MAX:
                        yield partielle
                        return
                    if i + taille > len(mots):
                        continue
                    candidat = " ".join(mots[i:i + taille])
                    if candidat == nom:
                        continue
                    cle = (" ".join(normes[i:i + taille]), nom_norme)
                    if cle not in ratios:
                        if len(ratios) >= COMPARAISONS_MAX:
                            yield partielle
                            return
                        comparateur = difflib.SequenceMatcher(None, *cle)
                        ratios[cle] = comparateur.ratio() if comparateur.real_quick_ratio() >= 0.85 \
                            and comparateur.quick_ratio() >= 0.85 else 0.0
                    if ratios[cle] >= 0.85:
                        yield avertissement(chemin, f"« {candidat} » : graphie différente de « {nom} » (noms_propres)")
