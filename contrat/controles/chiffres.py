"""Figures: every line has its values, computations and sums refer to real columns, shares add up to 100 %, series go forward in time."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from contrat.controles.constat import Constat, avertissement, erreur
from contrat.lecture.markdown import ErreurMarkdown, lire_markdown
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import Contrat, TableauChiffres
from contrat.modele.nombres import MARQUES_ADMISES, Manquant, Nombre
from contrat.modele.prose import Paragraphe


def regle_tableaux(c: Contrat) -> Iterator[Constat]:
    """Every line has a value for every column; computations and sums refer to real codes."""
    for n, t in enumerate(c.chiffres_cles.tableaux if c.chiffres_cles else ()):
        base = ("chiffres_cles", "tableaux", n)
        colonnes = {k.code for k in t.colonnes}
        for m, ligne in enumerate(t.lignes):
            # A list line only needs the values its wording uses.
            requises = colonnes if t.presentation == "tableau" else _champs_formulation(ligne.formulation, colonnes)
            for col in sorted(requises - set(ligne.valeurs)):
                yield erreur(base + ("lignes", m, "valeurs"), f"cellule vide : pas de valeur pour la colonne « {col} » (écrire le "
                                                                  f"nombre, ou {MARQUES_ADMISES})")
            for col in sorted(set(ligne.valeurs) - colonnes):
                yield erreur(base + ("lignes", m, "valeurs", col), f"colonne « {col} » inconnue du tableau")
            if ligne.formulation:
                yield from _formulation(ligne.formulation, base + ("lignes", m, "formulation"))
        for m, calcul in enumerate(t.calculs):
            for extremite in (calcul.de, calcul.a, *calcul.colonnes):
                if extremite is not None and extremite not in colonnes:
                    yield erreur(base + ("calculs", m), f"colonne « {extremite} » inconnue du tableau")
        yield from _ligne_total(t, base, colonnes)
        yield from _total_declare(t, base)
        yield from _sommes_100(t, base)


def _ligne_total(t: TableauChiffres, base: Chemin, colonnes: set[str]) -> Iterator[Constat]:
    """A total line adds figures of one unit, in columns that exist."""
    if t.ligne_total is None:
        return
    for code in t.ligne_total.colonnes:
        if code not in colonnes:
            yield erreur(base + ("ligne_total", "colonnes"), f"colonne « {code} » inconnue du tableau")
    unites = sorted({l.unite for l in t.lignes})
    if len(unites) > 1:
        yield erreur(base + ("ligne_total",), "les lignes n'ont pas toutes la même unité "
                                              f"({', '.join(u or 'sans unité' for u in unites)}) : leur total n'a pas de sens")
    if t.presentation == "liste":
        yield erreur(base + ("ligne_total",), "une ligne de total ne s'imprime que dans un tableau (présentation « tableau »)")


def _total_declare(t: TableauChiffres, base: Chemin) -> Iterator[Constat]:
    """A total typed above a table of one column whose lines are counted in its unit is their sum
    (reported, never fixed: the data is the user's)."""
    if t.total is None or len(t.colonnes) != 1:
        return
    colonne = t.colonnes[0]
    if any((l.unite or colonne.unite) != t.total.unite for l in t.lignes):
        return  # shares, or other units: the total counts something else
    cellules = [l.valeurs[colonne.code] for l in t.lignes if colonne.code in l.valeurs]
    termes = [v.valeur for v in cellules if isinstance(v, Nombre)]
    if len(termes) < len(cellules):
        return  # a missing figure: the lines have no sum to compare
    somme = sum(termes, Decimal(0))
    if len(termes) == len(t.lignes) and somme != t.total.valeur.valeur:
        yield avertissement(base + ("total",), f"total de {t.total.valeur} {t.total.unite}, mais ses lignes "
                                               f"totalisent {f'{somme:f}'.replace('.', ',')} {t.total.unite}")


def _formulation(formulation: str, chemin: Chemin) -> Iterator[Constat]:
    """The wording of a list line is parsed now, as the build will print it: one line of inline
    Markdown (what check accepts, the build prints)."""

    texte = re.sub(r"\{(\w[\w-]*)\}", "0", formulation)
    try:
        prose = lire_markdown(texte, "formulation")
    except ErreurMarkdown as exc:
        for probleme in exc.problemes:
            yield erreur(chemin, probleme.message)
        return
    if len(prose.blocs) != 1 or not isinstance(prose.blocs[0], Paragraphe):
        yield erreur(chemin, "une seule ligne de texte est attendue (ni titre, ni liste, ni citation)")


def _champs_formulation(formulation: str | None, colonnes: set[str]) -> set[str]:
    if not formulation:
        return colonnes
    return {c for c in re.findall(r"\{(\w[\w-]*)\}", formulation) if c != "libelle"}


def _sommes_100(t: TableauChiffres, base: Chemin) -> Iterator[Constat]:
    """Shares that must add up to 100 %: reported, never fixed (the data is the user's)."""
    lignes = {l.code: l for l in t.lignes}
    for g, groupe in enumerate(t.sommes_100):
        inconnus = [code for code in groupe if code not in lignes]
        if inconnus:
            yield erreur(base + ("sommes_100", g), f"ligne(s) inconnue(s) : {', '.join(inconnus)}")
            continue
        for col in t.colonnes:
            parts = [lignes[code].valeurs[col.code] for code in groupe if col.code in lignes[code].valeurs]
            if any(isinstance(v, Manquant) for v in parts):
                continue  # a share not given: the others cannot be checked
            total = sum((v.valeur for v in parts if isinstance(v, Nombre)), Decimal(0))
            if total != 100:
                libelles = ", ".join(lignes[code].libelle for code in groupe)
                ecart = f"{total:f}".replace(".", ",")
                yield avertissement(base + ("sommes_100", g),
                                    f"les parts ({libelles}) totalisent {ecart} % au lieu de 100 %")


def regle_series_de_chiffres(c: Contrat) -> Iterator[Constat]:
    """The same indicator given twice in a row goes forward in time (« 9,6 ETPi en 2025 → 16 en 2023 »)."""
    for liste in ("annexes", "contributions"):
        for n, doc in enumerate(getattr(c, liste)):
            for k in range(1, len(doc.chiffres)):
                avant, apres = doc.chiffres[k - 1], doc.chiffres[k]
                if (avant.libelle and avant.libelle == apres.libelle and avant.annee and apres.annee
                        and apres.annee < avant.annee):
                    yield avertissement((liste, n, "chiffres", k),
                                        f"« {avant.libelle} » passe de {avant.valeur} {avant.unite} en {avant.annee} à "
                                        f"{apres.valeur} {apres.unite} en {apres.annee} : années inversées ?")
