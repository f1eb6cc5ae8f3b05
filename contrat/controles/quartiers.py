"""The QPV as a dimension of the data: each in a commune of the territory, tables « par
quartier » with one line per QPV, identity-card figures read from the tables where they point."""

from __future__ import annotations

from collections.abc import Iterator

from contrat.controles.constat import Constat, avertissement, erreur
from contrat.impression.substitution import chiffre
from contrat.modele.contrat import Contrat


def regle_communes(c: Contrat) -> Iterator[Constat]:
    """Every QPV is in a commune the territory lists; every commune listed holds a QPV; the
    territory counts at least those communes."""
    communes = c.territoire.communes_qpv
    for n, q in enumerate(c.quartiers):
        if q.commune not in communes:
            yield erreur(("quartiers", n, "commune"), f"commune « {q.commune} » absente de territoire.communes_qpv "
                                                      f"({', '.join(communes)})")
    avec_qpv = {q.commune for q in c.quartiers}
    for n, commune in enumerate(communes):
        if commune not in avec_qpv:
            yield avertissement(("territoire", "communes_qpv", n), f"aucun quartier de « quartiers » n'est dans la "
                                                                   f"commune « {commune} »")
    if c.territoire.nombre_communes < len(communes):
        yield erreur(("territoire", "nombre_communes"), f"le territoire compterait {c.territoire.nombre_communes} "
                                                        f"commune(s), moins que ses {len(communes)} commune(s) ayant un "
                                                        "quartier prioritaire (communes_qpv)")


def regle_chiffres_des_quartiers(c: Contrat) -> Iterator[Constat]:
    """A QPV's area or population read from a table designates a figure; a table « par_quartier »
    has one line per QPV, no other."""
    for n, q in enumerate(c.quartiers):
        for champ in ("superficie", "population"):
            g = getattr(q, champ)
            if g is not None and g.chiffre is not None and chiffre(c, g.chiffre) is None:
                yield erreur(("quartiers", n, champ, "chiffre"), f"chiffre « {g.chiffre} » introuvable dans les "
                                                                 "tableaux de chiffres clés (tableau.ligne.colonne)")
    codes = [q.code for q in c.quartiers]
    for n, t in enumerate(c.chiffres_cles.tableaux if c.chiffres_cles else ()):
        if not t.par_quartier:
            continue
        base = ("chiffres_cles", "tableaux", n)
        for m, ligne in enumerate(t.lignes):
            if ligne.code not in codes:
                yield erreur(base + ("lignes", m, "code"), f"« {ligne.code} » n'est pas un quartier (tableau par "
                                                           f"quartier : {', '.join(codes)})")
        presents = {ligne.code for ligne in t.lignes}
        for code in codes:
            if code not in presents:
                yield avertissement(base + ("lignes",), f"le quartier « {code} » n'a pas de ligne dans ce tableau "
                                                        "par quartier")
