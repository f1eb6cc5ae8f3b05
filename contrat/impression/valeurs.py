"""The values of the tables of figures as they print: typed numbers normalised in their column's
way, missing figures' marks, the computed total line. Read by the printed units and by the
references of the text (one way to print a figure, wherever it is cited)."""

from __future__ import annotations

from decimal import Decimal

from contrat.modele.contrat import LigneChiffres, TableauChiffres
from contrat.modele.nombres import Manquant, Nombre, ecrire_nombre, groupe_les_milliers, lire_nombre, normaliser


def groupe_colonne(t: TableauChiffres, code: str) -> bool:
    """A column with a number of five digits or more, or typed with a thousands separator, groups
    the thousands of its four-digit numbers too (« 1 579 » under « 5 537 », never « 1579 »)."""
    return any(isinstance(v, Nombre) and groupe_les_milliers(v) for l in t.lignes
               for v in (l.valeurs.get(code),) if v is not None)


def valeur_ecrite(t: TableauChiffres, code: str, valeur: Nombre | Manquant) -> str:
    """A typed cell as printed, without its unit: normalised in its column's way, or its mark."""
    if isinstance(valeur, Manquant):
        return valeur.marque
    return normaliser(valeur, groupe_colonne(t, code))


def marque_des_termes(termes: list[Nombre | Manquant]) -> str | None:
    """The mark a computation over ``termes`` prints when one is missing: it is not computed (a
    partial sum would pass for the total, and beside the other terms would give the secret one
    away); « s » prevails over « n.c. »."""
    marques = {v.marque for v in termes if isinstance(v, Manquant)}
    return "s" if "s" in marques else "n.c." if marques else None


def colonnes_sommees(t: TableauChiffres, colonnes: tuple[str, ...]) -> tuple[str, ...]:
    """The columns a sum adds: those it names, by default every typed column of the table."""
    return colonnes or tuple(c.code for c in t.colonnes)


def somme(valeurs: list[Nombre]) -> str:
    """A sum written with as many decimals as its most precise term."""
    decimales = max((len(v.ecrit.partition(",")[2]) for v in valeurs), default=0)
    return ecrire_nombre(sum((v.valeur for v in valeurs), Decimal(0)), decimales=decimales)


def ligne_totale(t: TableauChiffres) -> LigneChiffres | None:
    """The table's computed total line (``ligne_total``), as a line of figures: the sum of its
    lines in each column it sums (the mark of a missing term where one is: see
    ``marque_des_termes``); its unit, the lines' when they share one."""
    if t.ligne_total is None:
        return None
    valeurs: dict[str, Nombre | Manquant] = {}
    for code in colonnes_sommees(t, t.ligne_total.colonnes):
        termes = [l.valeurs[code] for l in t.lignes if code in l.valeurs]
        if termes and len(termes) == len(t.lignes):
            manque = marque_des_termes(termes)
            if manque:
                valeurs[code] = Manquant(marque=manque)
                continue
            calcule = lire_nombre(somme([v for v in termes if isinstance(v, Nombre)]))
            # Written as its column writes its numbers.
            valeurs[code] = Nombre(valeur=calcule.valeur, ecrit=normaliser(calcule, groupe_colonne(t, code)))
    unites = {l.unite for l in t.lignes}
    return LigneChiffres(code="total", libelle=t.ligne_total.libelle, valeurs=valeurs,
                         unite=unites.pop() if len(unites) == 1 else "")


