"""The QPV as a dimension of the data: each in a commune of the territory, tables « par
quartier » with one line per QPV, identity-card figures read from the tables where they point."""

from __future__ import annotations

from collections.abc import Iterator

from contrat.controles.constat import Constat, avertissement, erreur
from contrat.impression.substitution import chiffre, suggestions
from contrat.modele.contrat import Contrat
from contrat.modele.nombres import Nombre


def regle_communes(c: Contrat) -> Iterator[Constat]:
    """Every QPV is in a commune the territory lists; every commune listed holds a QPV; the
    territory counts at least those communes (when it says how many)."""
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
    if c.territoire.nombre_communes is not None and c.territoire.nombre_communes < len(communes):
        yield erreur(("territoire", "nombre_communes"), f"le territoire compterait {c.territoire.nombre_communes} "
                                                        f"commune(s), moins que ses {len(communes)} commune(s) ayant un "
                                                        "quartier prioritaire (communes_qpv)")


def chiffre_introuvable(c: Contrat, reference: str) -> str:
    """A reference to a key figure (``tableau.ligne.colonne``) that designates none, with the nearest."""
    proches = suggestions(reference, c)
    return (f"chiffre « {reference} » introuvable dans les tableaux de chiffres clés (tableau.ligne.colonne)"
            + (f" ; proches : {', '.join(proches)}" if proches else ""))


def regle_chiffres_des_quartiers(c: Contrat) -> Iterator[Constat]:
    """A QPV's area or population read from a table designates a figure; a table « par_quartier »
    has one line per QPV, no other."""
    sources = {s.code for s in c.sources_donnees}
    for n, q in enumerate(c.quartiers):
        for champ in ("superficie", "population"):
            g = getattr(q, champ)
            if g is not None and g.chiffre is not None and chiffre(c, g.chiffre) is None:
                yield erreur(("quartiers", n, champ, "chiffre"), chiffre_introuvable(c, g.chiffre))
            if g is not None and g.source is not None and g.source not in sources:
                yield erreur(("quartiers", n, champ, "source"), f"« {g.source} » n'est pas une source de "
                                                                f"sources_donnees ({', '.join(sorted(sources))})")
            if g is not None and isinstance(g.valeur, Nombre) and g.valeur.valeur == 0:
                yield avertissement(("quartiers", n, champ, "valeur"),
                                    f"{champ} de 0 {g.unite} : si elle n'est pas connue, ne pas écrire « {champ} » "
                                    "(le contrat imprime « non communiquée ») ou écrire « valeur: \"n.c.\" »")
    vus: dict[str, str] = {}
    for n, q in enumerate(c.quartiers):
        if q.code_qp and q.code_qp in vus:
            yield erreur(("quartiers", n, "code_qp"), f"code « {q.code_qp} » déjà donné au quartier « {vus[q.code_qp]} »")
        elif q.code_qp:
            vus[q.code_qp] = q.nom
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
