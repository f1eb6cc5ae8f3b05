"""Registries: every partner, signatory, acronym and data source cited exists in its registry; every acronym used is registered."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from contrat.controles.constat import Constat, avertissement, erreur
from contrat.controles.traduction import plus_proche
from contrat.impression.arbre import textes_imprimes
from contrat.impression.unites import imprimer
from contrat.lecture.markdown import ErreurMarkdown
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import Contrat, Partenaire
from contrat.modele.sigles import mots_capitales, sigles_parmi
from contrat.modele.textes import rangees


def regle_references(c: Contrat) -> Iterator[Constat]:
    """Every referenced organisation, acronym and data source exists."""
    orgs = {o.code for o in c.organisations}
    sigles = {s.sigle for s in c.sigles}
    sources = {s.code for s in c.sources_donnees}
    for i, e in enumerate(c.enjeux):
        for j, a in enumerate(e.axes):
            for ici, r in rangees(i, j, a):
                for champ, items in [("partenaires", r.partenaires), *r.autres.items()]:
                    for k, p in enumerate(items):
                        for ref in p.ref if isinstance(p, Partenaire) else ():
                            if ref not in orgs:
                                yield erreur(ici + (champ, k),
                                         f"partenaire « {ref} » absent du registre des organisations "
                                         f"(organisations.yaml){suggestion(ref, orgs)}")
    for n, o in enumerate(c.organisations):
        if o.sigle and o.sigle not in sigles:
            yield erreur(("organisations", n, "sigle"), f"sigle « {o.sigle} » absent du registre des sigles (sigles.yaml)")
    genres = {o.code: o.genre for o in c.organisations}
    for n, s in enumerate(c.signataires):
        if s.organisation not in orgs:
            yield erreur(("signataires", n, "organisation"), organisation_absente(s.organisation, orgs))
        elif genres[s.organisation] is None:
            yield avertissement(("signataires", n, "organisation"),
                                f"{signe_sans_genre(s.organisation)} : les avenants écriront « représenté(e) par »")
    if c.territoire.epci not in orgs:
        yield erreur(("territoire", "epci"), organisation_absente(c.territoire.epci, orgs))
    for n, q in enumerate(c.quartiers):
        if q.source is not None and q.source not in sources:
            yield erreur(("quartiers", n, "source"), f"source de données « {q.source} » inconnue")
    for n, t in enumerate(c.chiffres_cles.tableaux if c.chiffres_cles else ()):
        if t.source and t.source not in sources:
            yield erreur(("chiffres_cles", "tableaux", n, "source"), f"source de données « {t.source} » inconnue")


def organisation_absente(code: str, orgs: set[str]) -> str:
    return f"organisation « {code} » absente du registre{suggestion(code, orgs)}"


def l_organisation(code: str) -> str:
    """An organisation of the registry named in a message."""
    return f"l'organisation « {code} »"


def signe_sans_genre(code: str) -> str:
    """An organisation that signs, whose name's gender the registry does not give."""
    return f"{l_organisation(code)} signe sans « genre » (f ou m) dans organisations.yaml"


def suggestion(code: str, connus: set[str]) -> str:
    proche = plus_proche(code, sorted(connus))
    return f" (vouliez-vous « {proche} » ?)" if proche else ""


def textes_du_document(c: Contrat, sigles: bool = False) -> list[tuple[Chemin, str]]:
    """What the document prints of the sources, with where each text comes from (see
    ``textes_imprimes``); nothing while the sources hold what cannot print (a reference to
    nothing, a formulation that is not Markdown): another rule reports it, and what prints cannot
    be read before."""
    try:
        arbre = imprimer(c)
    except (LookupError, StopIteration, ErreurMarkdown):
        return []
    return list(textes_imprimes(arbre, sigles))


def _noms_des_attestants(c: Contrat) -> dict[int, Counter[str]]:
    """The words of the name of each who attests a requirement (« Camille EXEMPLE, cheffe de
    projet »: the name is before the comma), by attestation, counted: a surname in capitals is
    not an acronym where the table of conformity prints it (as a signatory's is not), and only
    there and as often as the name says it."""
    attestations = c.conformite.attestations if c.conformite else ()
    return {k: Counter(a.par.split(",", 1)[0].split()) for k, a in enumerate(attestations)}


def regle_sigles(c: Contrat) -> Iterator[Constat]:
    """Every acronym the document prints is in the registry (or declared not to be one)."""
    connus = {s.sigle for s in c.sigles} | set(c.non_sigles)
    noms = _noms_des_attestants(c)
    signales: set[str] = set()
    textes = textes_du_document(c, sigles=True)
    mots = list(mots_capitales(c, textes))
    for chemin, mot in mots:
        # The attested row prints « par NAME, le … : comment »: the name's words come first.
        nom = noms.get(int(chemin[2])) if chemin[:2] == ("conformite", "attestations") else None
        if nom is not None and nom[mot] > 0:
            nom[mot] -= 1
            continue
        if mot not in connus and mot not in signales:
            signales.add(mot)
            yield erreur(chemin, f"sigle « {mot} » absent du registre des sigles : l'ajouter à sigles.yaml "
                               "(ou à non_sigles si ce n'est pas un sigle)")
    utilises = {s.sigle for s in sigles_parmi(c, {m for _, m in mots})}
    for n, s in enumerate(c.sigles):
        if s.nature == "sigle" and not s.definition and s.sigle in utilises:
            yield avertissement(("sigles", n), f"le sigle « {s.sigle} » n'a pas de définition : la liste des sigles "
                                  "l'imprimera sans signification")
