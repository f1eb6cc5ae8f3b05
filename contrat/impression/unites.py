"""The contract as it prints: a tree of printed units, each keeping its stable identity.

This is the one description of what prints: the Word writer writes it, an avenant is computed
from it and quotes it. Registries are resolved into the names and acronyms that appear, figures
are formatted, derived values computed, generated lists and numbering expanded; each unit says
how it prints (its formatted text, its role, a table's layout: see ``arbre.py``). Each unit keeps
the code path it comes from (``cle``) so
that a move or a rewording is recognised, and the printed name of its place (``nom``: « enjeu 3
« … » », « colonne « Leviers » ») so that an article can point at it in printed terms.

Generated numbers (chapters, subsections, enjeux, annexes) are held apart from the text
(``numero``): an avenant renumbers in one article, it does not rewrite every heading.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from contrat.impression.arbre import PROPRIETES, Disposition, Noeud, Role, lignes, parcourir, riche, textes_imprimes
from contrat.impression.arbre import Genre as G
from contrat.impression.blocs import conformite, evaluation, moyens, objectifs_loi, participation
from contrat.impression.evaluation import grille_du_contrat
from contrat.impression.francais import ordinal, q
from contrat.impression.numerotation import (
    intitule_annexe,
    intitule_section,
    intitule_sous_section,
    marques_reservees,
    numeros_chapitres,
    romain,
)
from contrat.impression.substitution import resoudre, sans_point_double, valeur_citee
from contrat.impression.valeurs import (
    colonnes_sommees,
    ligne_totale,
    marque_des_termes,
    somme,
    valeur_ecrite,
)
from contrat.lecture.markdown import lire_ligne
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import (
    COLONNES_STANDARD,
    Axe,
    BlocTableau,
    BlocTexte,
    Chapitre,
    ColonneEnjeu,
    Contrat,
    Document,
    Enjeu,
    GrandeurQuartier,
    Lettre,
    LigneChiffres,
    ObjectifOperationnel,
    Partenaire,
    PilierContrat,
    Quartier,
    Sigle,
    Signataire,
    Tableau,
    TableauChiffres,
)
from contrat.modele.nombres import (
    MARQUES,
    Manquant,
    Nombre,
    ecrire_nombre,
    normaliser,
)
from contrat.modele.prose import Citation, Liste, Paragraphe, Prose, Segment, Titre
from contrat.modele.sigles import sigles_utilises
from contrat.modele.sortes import sortes
from contrat.modele.textes import rangees

NBSP = "\u00a0"
MOIS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
        "octobre", "novembre", "décembre")
TITRE_SIGNATURES = "Signataires"
TITRE_ADHESIONS = "Parties ayant adhéré au contrat par avenant"
TITRE_LISTE_ANNEXES = "Liste des annexes"
ENTETES_SIGLES = ("Sigle", "Signification")
AUCUN_SIGLE = "Le contrat n'emploie aucun sigle."


DOCUMENT_PDF = "document PDF"


def nom_de(genre: G, titre: str = "") -> str:
    """A unit's printed name: its kind's noun, then its quoted title if it has one."""
    nom = PROPRIETES[genre].nom
    return f"{nom} {q(titre)}" if titre else nom


def date_en_lettres(jour: dt.date) -> str:
    """2024-03-06 -> « 6 mars 2024 » (1er for the first of the month)."""
    return f"{'1er' if jour.day == 1 else jour.day} {MOIS[jour.month - 1]} {jour.year}"


def date_ou_blanc(jour: dt.date | None) -> str:
    """A date in words, or the dotted blank of a date still to be written by hand."""
    return date_en_lettres(jour) if jour else "…………………………"


def court(texte: str, n: int = 90) -> str:
    return texte if len(texte) <= n else texte[:n - 1].rstrip() + "…"


# --- the signature page ----------------------------------------------------------------


@dataclass(frozen=True)
class BlocSignature:
    """One signature block: who signs, for which organisations, in what capacity."""

    code: str
    pour: str
    """The organisations as printed (« la Ville et la Communauté d'agglomération »)."""
    qualite: str
    """The titular's title (« représentée par le Maire » when the contract says so)."""
    nom: str = ""
    """The titular's name, when known."""
    delegue: str = ""
    """Who signs in the titular's stead (« représenté par Mme X, 1re adjointe »), or nothing."""


@dataclass(frozen=True)
class PageSignatures:
    """Who signed, where and when: the consolidated contract keeps the page as it was signed."""

    lieu: str
    date: dt.date | None
    blocs: tuple[BlocSignature, ...]
    """One per signatory, in the order of the sources."""
    adhesions: tuple[tuple[str, str], ...] = ()
    """(code, organisation) of the parties that joined later, by avenant."""
    groupes: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    """(code, heading, codes of its signatories) of each group of the page, in order; none: the
    blocks follow one another under no heading."""
    exemplaires: int = 0
    """Number of originals the page states."""

    def blocs_par_groupe(self) -> list[tuple[str, str, list[BlocSignature]]]:
        """(code, heading, blocks) of each group that has any; one untitled group when the page
        has none (an empty group would print a bare heading)."""
        if not self.groupes:
            return [("", "", list(self.blocs))]
        par_code = {b.code: b for b in self.blocs}
        groupes = [(code, titre, [par_code[s] for s in codes if s in par_code]) for code, titre, codes in self.groupes]
        return [g for g in groupes if g[2]]


def accord(genre: str | None, pluriel: bool = False) -> str:
    """The ending of a participle agreed with a name: « représentée », « représentés », and
    « représenté(e) » when the gender is unknown."""
    return {"f": "e", "m": ""}.get(genre or "", "(e)") + ("s" if pluriel else "")


def represente_par(genre: str | None, qualite: str, pluriel: bool = False) -> str:
    """« représentée par la Présidente du Conseil régional », agreed with the organisation's name
    (« la Région … représentée »; « les conseils citoyens … représentés »; unknown: « représenté(e) »)."""
    return f"représenté{accord(genre, pluriel)} par {qualite[:1].lower()}{qualite[1:]}"


def genre_qualite(s: Signataire) -> str | None:
    """The grammatical gender of a signatory's title: declared, or read from its article."""
    if s.genre:
        return s.genre
    mot = s.qualite.split(maxsplit=1)[0].lower() if s.qualite.split() else ""
    return {"le": "m", "la": "f"}.get(mot)


def par_delegation(s: Signataire) -> str:
    """« représenté par Mme X, 1re adjointe »: the delegate, agreed with the titular's title."""
    if s.delegue is None:
        return ""
    return f"représenté{accord(genre_qualite(s))} par {s.delegue.nom}, {s.delegue.qualite}"


def lui_meme_represente(s: Signataire) -> str:
    """The delegate within a sentence naming the party (« …, représentée par le Maire, lui-même
    représenté par Mme X, première adjointe »), or nothing."""
    if s.delegue is None:
        return ""
    meme = {"m": "lui-même ", "f": "elle-même "}.get(genre_qualite(s) or "", "")
    return f", {meme}{par_delegation(s)}"


def enumeration(noms: list[str]) -> str:
    """« A », « A et B », « A, B et C »."""
    return noms[0] if len(noms) == 1 else ", ".join(noms[:-1]) + " et " + noms[-1]


def organisations_signees(c: Contrat, s: Signataire) -> str:
    """The organisations a signatory signs for, as printed: one name, or several joined."""
    return enumeration([c.organisation(code).nom_complet for code in s.organisations])


def representation(c: Contrat, s: Signataire) -> str:
    """« représentée par la Présidente », agreed with the organisations signed for: one
    (its gender and number), or several (plural; feminine only when every name is)."""
    orgs = [c.organisation(code) for code in s.organisations]
    if len(orgs) == 1:
        return represente_par(orgs[0].genre, s.qualite, orgs[0].pluriel)
    genres = {o.genre for o in orgs}
    genre = "m" if "m" in genres else ("f" if genres == {"f"} else None)
    return represente_par(genre, s.qualite, pluriel=True)


def nombre_originaux(c: Contrat) -> int:
    """One original per organisation each signatory signs for (one person signing for two
    organisations signs two)."""
    return sum(len(s.organisations) for s in c.signataires)


def page_signatures(contrat: Contrat, signe: Contrat | None = None) -> PageSignatures:
    """The signature page of ``contrat``; of the signed version ``signe`` when it is amended."""
    base = signe or contrat

    def bloc(c: Contrat, s: Signataire) -> BlocSignature:
        qualite = representation(c, s) if c.signature.representation else s.qualite
        return BlocSignature(s.code, organisations_signees(c, s), qualite, s.nom or "", par_delegation(s))

    # Lists, not generators: an organisation missing from the registry (reported by the checks)
    # stops the printing with its StopIteration, which a generator would turn into a RuntimeError.
    blocs = tuple([bloc(base, s) for s in base.signataires])
    codes = {s.code for s in base.signataires}
    adhesions = tuple([(s.code, organisations_signees(contrat, s)) for s in contrat.signataires
                       if s.code not in codes])
    groupes = tuple((g.code, g.titre, tuple(s.code for s in base.signataires if s.groupe == g.code))
                    for g in base.groupes_signataires)
    exemplaires = base.signature.exemplaires or nombre_originaux(base)
    return PageSignatures(base.signature.lieu, base.signature.date, blocs, adhesions, groupes, exemplaires)


LONGUEUR_MAX_PROPRIETE = 255
"""Word's core properties (title, subject...) hold 255 characters at most (python-docx refuses more)."""


def objet_du_contrat(c: Contrat) -> str:
    """The document's subject, in its metadata (Word and PDF): each QPV with its commune; too long
    for Word's 255 characters (a dozen long official names), the count of QPV and their communes."""
    debut = f"Contrat de ville {c.periode.debut}-{c.periode.fin} – "
    complet = debut + ", ".join(f"QPV {x.nom} ({x.commune})" for x in c.quartiers)
    if len(complet) <= LONGUEUR_MAX_PROPRIETE:
        return complet
    communes = list(dict.fromkeys(x.commune for x in c.quartiers))
    n, k = len(c.quartiers), len(communes)
    resume = debut + f"{n} quartiers prioritaires dans {k} commune{'s' if k > 1 else ''} : " + ", ".join(communes)
    return tronquer(resume)


def tronquer(texte: str, longueur: int = LONGUEUR_MAX_PROPRIETE) -> str:
    """``texte`` cut to ``longueur`` characters at a word, ending with « … » when cut."""
    if len(texte) <= longueur:
        return texte
    coupe = texte[:longueur - 1]
    espace = coupe.rfind(" ")
    return (coupe[:espace] if espace > longueur // 2 else coupe).rstrip(" ,;:–") + "…"


def fait_a(page: PageSignatures) -> str:
    return fait_a_le(page.lieu, page.date, page.exemplaires)


def exemplaires_originaux(nombre: int) -> str:
    """« 6 exemplaires originaux », « un exemplaire original »."""
    return f"{nombre} exemplaires originaux" if nombre > 1 else "un exemplaire original"


def fait_a_le(lieu: str, date: dt.date | None, exemplaires: int) -> str:
    """The line above the signatures (a contract's, an avenant's)."""
    return f"Fait à {lieu}, le {date_ou_blanc(date)}, en {exemplaires_originaux(exemplaires)}."


# --- the tree --------------------------------------------------------------------------


_IMPRIMES: list[tuple[Contrat, PageSignatures | None, Noeud]] = []
"""The last trees printed: the checks (acronyms, proper names) and the renderer of one build read
the same tree. Each entry holds its contract, so that identity is never that of a new object.
Readers never change a tree (the avenant's operations work on a copy)."""


def imprimer(contrat: Contrat, signatures: PageSignatures | None = None) -> Noeud:
    """The printed contract (running header, cover without its version block, chapters,
    signature page)."""
    for c, s, arbre in _IMPRIMES:
        if c is contrat and s == signatures:
            return arbre
    arbre = _imprimer(contrat, signatures)
    _IMPRIMES[:] = [(contrat, signatures, arbre), *_IMPRIMES[:1]]
    return arbre


def _imprimer(contrat: Contrat, signatures: PageSignatures | None) -> Noeud:
    racine = Noeud(G.CONTRAT, nom="contrat")
    # The running header of every page (the template prints it there).
    racine.enfants.append(Noeud(G.MENTION, "intitule", contrat.intitule, nom="en-tête des pages", role=Role.ENTETE_PAGES,
                                source=("intitule",)))
    racine.enfants.append(_couverture(contrat))
    page = _signatures(contrat, signatures or page_signatures(contrat))
    for k, (ch, numero) in enumerate(zip(contrat.chapitres, numeros_chapitres(contrat))):
        if ch.code == contrat.signature.avant:
            racine.enfants.extend(page)
        racine.enfants.append(_chapitre(contrat, ch, numero, k))
    if not any(ch.code == contrat.signature.avant for ch in contrat.chapitres):
        racine.enfants.extend(page)
    sigles = next((n for n in parcourir(racine) if n.genre == G.TABLEAU and n.cle == "sigles"), None)
    if sigles is not None:
        # Exactly the acronyms the rest of the document prints; none: a sentence, not a bare header.
        utilises = sigles_utilises(contrat, textes_imprimes(racine, sigles=True))
        _remplir_sigles(sigles, utilises)
        if not utilises:
            parent = next(n for n in parcourir(racine) if any(e is sigles for e in n.enfants))
            parent.enfants[[id(e) for e in parent.enfants].index(id(sigles))] = Noeud(
                G.MENTION, "sigles", AUCUN_SIGLE, nom="mention des sigles", feminin=True)
    _cles_uniques(racine)
    return racine


def _source_organisation(c: Contrat, code: str) -> Chemin:
    """Where an organisation's name is written (its entry of the registry)."""
    return next((("organisations", k, "nom") for k, o in enumerate(c.organisations) if o.code == code), ())


def _cles_uniques(racine: Noeud) -> None:
    """Siblings need distinct keys (the same partner twice in a cell): later ones get « #2 »..."""
    for n in parcourir(racine):
        vus: dict[str, int] = {}
        for e in n.enfants:
            vus[e.cle] = vus.get(e.cle, 0) + 1
            if vus[e.cle] > 1:
                e.cle = f"{e.cle}#{vus[e.cle]}"


def _couverture(c: Contrat) -> Noeud:
    n = Noeud(G.PARTIE, "couverture", nom="page de couverture", feminin=True)
    if c.couverture.logo:
        # An image prints no text: its fingerprint makes a new logo a change of the cover.
        n.enfants.append(Noeud(G.IMAGE, "logo", "", nom="logo", empreinte=c.couverture.logo_empreinte or ""))
    n.enfants.append(Noeud(G.MENTION, "titre", c.titre, nom="titre", role=Role.TITRE, source=("titre",)))
    if c.sous_titre:
        n.enfants.append(Noeud(G.MENTION, "sous_titre", c.sous_titre, nom="sous-titre", role=Role.SOUS_TITRE,
                               source=("sous_titre",)))
    if c.epigraphe is not None:
        epi = _prose(c.epigraphe.texte, "epigraphe", "épigraphe", feminin=True, source=("epigraphe", "texte"))
        epi.role = Role.EPIGRAPHE
        auteur = riche(G.ALINEA, "auteur", c.epigraphe.auteur)
        auteur.nom, auteur.role, auteur.source = "auteur", Role.AUTEUR, ("epigraphe", "auteur")
        epi.enfants.append(auteur)
        n.enfants.append(epi)
    epci = c.organisation(c.territoire.epci)
    n.enfants.append(Noeud(G.MENTION, "territoire", epci.nom_complet, nom="territoire", role=Role.TERRITOIRE,
                           source=_source_organisation(c, c.territoire.epci)))
    n.enfants.append(Noeud(G.MENTION, "quartiers", mention_quartiers(c), nom="mention des quartiers", feminin=True,
                           role=Role.QUARTIERS))
    return n


def mention_quartiers(c: Contrat) -> str:
    """The cover's mention of the QPV (lines separated by « \n », printed as line breaks)."""
    mode = c.couverture.quartiers or ("liste" if len(c.quartiers) <= 2 else "communes")
    if mode == "liste":
        return " – ".join(f"Quartier prioritaire {x.nom} ({x.commune})" for x in c.quartiers)
    par_commune: dict[str, list[str]] = {}
    for x in c.quartiers:
        par_commune.setdefault(x.commune, []).append(x.nom)
    n, k = len(c.quartiers), len(par_commune)
    compte = (f"{n} quartier{'s' if n > 1 else ''} prioritaire{'s' if n > 1 else ''} "
              f"dans {k} commune{'s' if k > 1 else ''}")
    if mode == "resume":
        return compte
    return "\n".join([compte, *(f"{commune} : {', '.join(noms)}" for commune, noms in par_commune.items())])


class _Compteur:
    """Level-2 headings are numbered per part (a chapter's text and its enjeux, the annexes, the
    contributions): one counter per part."""

    def __init__(self) -> None:
        self.section = 0


def _prose(prose: Prose, cle: str, nom: str = "", compteur: _Compteur | None = None, feminin: bool = False,
           source: Chemin = ()) -> Noeud:
    """A prose container: its alinéas and headings, keyed by rank (prose has no codes); each from
    its line of ``source`` (the prose's place in the sources)."""
    compteur = compteur or _Compteur()
    n = Noeud(G.TEXTE, cle, nom=nom, feminin=feminin)

    def ajouter(genre: G, segments: tuple[Segment, ...], ligne: int, numero: str = "", role: Role | None = None,
                niveau: int = 0, nouvelle_liste: bool = False) -> None:
        x = riche(genre, f"§{len(n.enfants) + 1}", segments)
        x.numero, x.role, x.niveau, x.nouvelle_liste = numero, role, niveau, nouvelle_liste
        x.source = (*source, "ligne", ligne) if source else ()
        n.enfants.append(x)

    def liste(lst: Liste, niveau: int) -> None:
        role = Role.NUMERO if lst.ordonnee else Role.PUCE
        for k, el in enumerate(lst.elements):
            ajouter(G.ALINEA, el.segments, el.ligne, role=role, niveau=niveau, nouvelle_liste=lst.ordonnee and k == 0)
            if el.sous_liste:
                liste(el.sous_liste, niveau + 1)

    for bloc in prose.blocs:
        if isinstance(bloc, Titre):
            numero = ""
            if bloc.niveau == 2:
                compteur.section += 1
                numero = intitule_section(compteur.section, "")
            ajouter(G.INTERTITRE, bloc.segments, bloc.ligne, numero, niveau=bloc.niveau)
        elif isinstance(bloc, Paragraphe):
            ajouter(G.ALINEA, bloc.segments, bloc.ligne)
        elif isinstance(bloc, Liste):
            liste(bloc, 1)
        elif isinstance(bloc, Citation):
            for par in bloc.blocs:
                ajouter(G.ALINEA, par.segments, par.ligne, role=Role.CITATION)
    return n


def texte_imprime(prose: Prose) -> Noeud:
    """A prose printed on its own (an avenant's exposé des motifs), as the contract prints prose."""
    return _prose(prose, "texte")


BLOCS_DE_LA_LOI: dict[str, Callable[[Contrat], list[Noeud]]] = {
    "objectifs_loi": objectifs_loi, "moyens": moyens, "evaluation": evaluation, "participation": participation,
    "conformite": conformite}
"""The blocks of what the law asks a contract to state (``impression.blocs``), by their ``inclure``."""


def _chapitre(c: Contrat, ch: Chapitre, numero: int | None, rang: int) -> Noeud:
    nom = f"chapitre {romain(numero)} {q(ch.titre)}" if numero else f"partie {q(ch.titre)}"
    n = Noeud(G.CHAPITRE, ch.code, ch.titre, numero=f"{romain(numero)}/ " if numero else "", nom=nom,
              feminin=not numero, source=("chapitres", rang, "titre"))
    compteur = _Compteur()
    if ch.texte:
        n.enfants.append(_prose(resoudre(ch.texte, c), "texte", compteur=compteur, source=("chapitres", rang, "texte")))
    if ch.inclure == "chiffres_cles":
        n.enfants.extend(_chiffres_cles(c))
    elif ch.inclure == "annexes":
        n.enfants.extend(_annexes(c))
    elif ch.inclure == "contributions":
        contenu = _Compteur()
        n.enfants.extend(_document(c, d, G.CONTRIBUTION, "", contenu, ("contributions", k))
                         for k, d in enumerate(c.contributions))
    elif ch.inclure == "sigles":
        n.enfants.append(_sigles())
    elif ch.inclure == "indicateurs":
        n.enfants.extend(grille_du_contrat(c))
    elif ch.inclure in BLOCS_DE_LA_LOI:
        n.enfants.extend(BLOCS_DE_LA_LOI[ch.inclure](c))
    elif ch.inclure == "enjeux":
        largeurs = largeurs_des_enjeux(c)
        for pilier, enjeux in enjeux_par_pilier(c):
            compteur.section += 1
            if pilier is None:
                n.enfants.extend(_enjeu(c, e, intitule_section(compteur.section, ""), largeurs) for e in enjeux)
                continue
            ici: Chemin = ("piliers", next(k for k, x in enumerate(c.piliers) if x is pilier))
            p = Noeud(G.PILIER_ENJEUX, pilier.code, pilier.titre, numero=intitule_section(compteur.section, ""),
                      nom=f"pilier {compteur.section} {q(pilier.titre)}", source=(*ici, "titre"))
            if pilier.introduction:
                p.enfants.append(_prose(resoudre(pilier.introduction, c), "introduction", "introduction", feminin=True,
                                        source=(*ici, "introduction")))
            p.enfants.extend(_enjeu(c, e, intitule_sous_section(compteur.section, k, ""), largeurs)
                             for k, e in enumerate(enjeux, start=1))
            n.enfants.append(p)
    return n


# --- enjeux ----------------------------------------------------------------------------


def enjeux_par_pilier(c: Contrat) -> list[tuple[PilierContrat | None, list[Enjeu]]]:
    """The enjeux in printing order: grouped under their piliers (in the piliers' order), or each
    on its own (``None``) when the contract has no piliers."""
    if not c.piliers:
        return [(None, [e]) for e in c.enjeux]
    groupes = [(p, [e for e in c.enjeux if e.pilier == p.code]) for p in c.piliers]
    return [(p, enjeux) for p, enjeux in groupes if enjeux]  # a pilier without enjeu prints nothing


def colonnes_des_enjeux(c: Contrat) -> tuple[ColonneEnjeu, ...]:
    """The columns after the axe's (validation requires them wherever there are enjeux; without
    them, the four usual ones, unnamed)."""
    if c.colonnes_enjeux:
        return c.colonnes_enjeux.colonnes
    return tuple(ColonneEnjeu(code=k, libelle="-", nature="partenaires" if k == "partenaires" else "elements")
                 for k in COLONNES_STANDARD)


def cellule_axe(c: Contrat, axe: Axe | ObjectifOperationnel, colonne: ColonneEnjeu) -> list[tuple[str, str]]:
    """The items of an axe's cell in ``colonne``, as (identity, printed text): a partner by the
    codes it refers to and its wording (or its organisations' labels), an element by its code."""
    items = getattr(axe, colonne.code) if colonne.code in COLONNES_STANDARD else axe.autres.get(colonne.code, ())
    libelles = {o.code: o.libelle for o in c.organisations}
    resultat = []
    for x in items:
        if isinstance(x, Partenaire):
            resultat.append(("ref:" + "+".join(x.ref), x.texte or " ".join(libelles.get(r, r) for r in x.ref)))
        else:
            resultat.append((x.code, x.texte))
    return resultat


def entetes_des_enjeux(c: Contrat) -> tuple[str, ...]:
    """The header row of the enjeux' tables: the axe's, the objectifs opérationnels' if the
    contract has that level, then its columns'."""
    if c.colonnes_enjeux is None:
        return ("",) * (1 + len(COLONNES_STANDARD))
    sous_axe = (c.colonnes_enjeux.sous_axe,) if c.colonnes_enjeux.sous_axe is not None else ()
    return (c.colonnes_enjeux.axe, *sous_axe, *(k.libelle for k in c.colonnes_enjeux.colonnes))


def _enjeu(c: Contrat, e: Enjeu, numero: str, largeurs: tuple[float, ...]) -> Noeud:
    colonnes = colonnes_des_enjeux(c)
    entetes = entetes_des_enjeux(c)
    decalage = len(entetes) - len(colonnes)  # the axe's column, and the objectifs opérationnels' if any
    i = next(k for k, x in enumerate(c.enjeux) if x is e)
    n = Noeud(G.ENJEU, e.code, e.titre, numero=numero, nom=f"enjeu {numero.rstrip(') ')} {q(e.titre)}",
              source=("enjeux", i, "titre"))
    if e.introduction:
        n.enfants.append(_prose(resoudre(e.introduction, c), "introduction", "introduction", feminin=True,
                                source=("enjeux", i, "introduction")))
    # The table's own title row, when the contract prints one (the enjeu's title again).
    titre = c.colonnes_enjeux is None or c.colonnes_enjeux.titre_dans_le_tableau
    tableau = Noeud(G.TABLEAU, "tableau", e.titre if titre else "", nom="tableau", entetes=entetes,
                    disposition=Disposition(largeurs))
    tableau.enfants.append(_entetes(entetes, sources=(("colonnes_enjeux",),) * len(entetes)))
    for j, a in enumerate(e.axes):
        ligne = Noeud(G.LIGNE, a.code, a.titre, nom=f"ligne {q(a.titre)}", feminin=True,
                      source=("enjeux", i, "axes", j, "titre"))
        for ici, r in rangees(i, j, a):
            parent = ligne
            if r is not a:
                # Its own row under the axe's merged cell: its title, then its cells.
                parent = Noeud(G.OBJECTIF_OPERATIONNEL, r.code, r.titre, nom=nom_de(G.OBJECTIF_OPERATIONNEL, r.titre),
                               source=(*ici, "titre"))
                ligne.enfants.append(parent)
            for k, colonne in enumerate(colonnes, start=decalage):
                cellule = Noeud(G.CELLULE, colonne.code, nom=f"colonne {q(entetes[k])}", feminin=True)
                cellule.enfants.extend(Noeud(G.ELEMENT, cle, texte, role=Role.PUCE, niveau=1,
                                             source=(*ici, colonne.code, m) if cle.startswith("ref:")
                                             else (*ici, colonne.code, m, "texte"))
                                       for m, (cle, texte) in enumerate(cellule_axe(c, r, colonne)))
                parent.enfants.append(cellule)
        tableau.enfants.append(ligne)
    n.enfants.append(tableau)
    return n


LARGEUR_AXE_CM, LARGEUR_TABLEAU_CM, LARGEUR_COLONNE_CM = 2.9, 17.0, 3.2
CM_PAR_CARACTERE, MARGE_CELLULE_CM, RETRAIT_PUCE_CM = 0.17, 0.4, 0.35
"""A character of the cells' 9-point font, a cell's inner margins, a bullet's indent (cm)."""


def largeurs_des_enjeux(contrat: Contrat) -> tuple[float, ...]:
    """The widths (cm) of the enjeux' tables' columns. Up to four columns after the axe's: the
    axe's 2.9 cm, the first of the others wider while there is room (the four usual ones: 4.5,
    then 3.2 cm). Beyond: each column as wide as its longest word at least (no word cut in two),
    the rest of the page shared in proportion of the text each holds."""
    colonnes = colonnes_des_enjeux(contrat)
    sous_axe = contrat.avec_objectifs_operationnels
    n = len(colonnes) + int(sous_axe)
    if n <= 4:
        reste = LARGEUR_TABLEAU_CM - LARGEUR_AXE_CM - LARGEUR_COLONNE_CM * (n - 1)
        return (LARGEUR_AXE_CM, reste, *[LARGEUR_COLONNE_CM] * (n - 1))
    entetes = entetes_des_enjeux(contrat)
    textes: list[list[str]] = [[t] for t in entetes]
    puces = [False] + [False] * int(sous_axe) + [True] * len(colonnes)
    for e in contrat.enjeux:
        for a in e.axes:
            textes[0].append(a.titre)
            for r in a.rangees:
                if sous_axe:
                    textes[1].append(r.titre)
                for k, colonne in enumerate(colonnes, start=1 + int(sous_axe)):
                    textes[k].extend(t for _, t in cellule_axe(contrat, r, colonne))
    minimums = [max(len(mot) for t in col for mot in t.split() or [""]) * CM_PAR_CARACTERE + MARGE_CELLULE_CM
                + (RETRAIT_PUCE_CM if puce else 0.0) for col, puce in zip(textes, puces)]
    if sum(minimums) >= LARGEUR_TABLEAU_CM:
        return tuple(m * LARGEUR_TABLEAU_CM / sum(minimums) for m in minimums)
    poids = [sum(len(t) for t in col) for col in textes]
    reste = LARGEUR_TABLEAU_CM - sum(minimums)
    return tuple(m + reste * p / sum(poids) for m, p in zip(minimums, poids))


def _entetes(entetes: tuple[str, ...], cles: tuple[str, ...] = (), sources: tuple[Chemin, ...] = ()) -> Noeud:
    """The header row; each header keyed by its column's code when it has one (a new column is
    then a change of the table's structure, a reworded header is not)."""
    n = Noeud(G.ENTETES, "entetes", nom=nom_de(G.ENTETES), feminin=True)
    cles = cles or tuple(f"col{k}" for k in range(1, len(entetes) + 1))
    sources = sources or ((),) * len(entetes)
    n.enfants.extend(Noeud(G.ENTETE, c, t, nom=f"en-tête {q(t)}", source=s)
                     for c, t, s in zip(cles, entetes, sources) if t)
    return n


# --- key figures -----------------------------------------------------------------------


NON_COMMUNIQUEE = "non communiquée"
SECRET = MARQUES["s"]
ENTETES_QUARTIERS = ("Quartier", "Commune", "Superficie", "Population")
TITRE_QUARTIERS = "Les quartiers prioritaires"
LIBELLE_TOTAL_INDIQUE = "Total indiqué : "
SUFFIXE_TOTAL_CALCULE = " (somme des lignes)"
"""A typed total above a table that also prints its computed total line: each says what it is."""


def presentation_quartiers(c: Contrat) -> str:
    """How the figures chapter presents the QPV: one block each, one table, or not at all."""
    choix = c.chiffres_cles.quartiers if c.chiffres_cles else None
    return choix or ("fiches" if len(c.quartiers) == 1 else "tableau")


def grandeur_quartier(c: Contrat, g: GrandeurQuartier | None) -> str:
    """A QPV's area or population as printed: typed, read from a table of figures, or unknown."""
    if g is None:
        return NON_COMMUNIQUEE
    if g.chiffre is not None:
        cite = valeur_citee(c, g.chiffre)
        if cite is None:
            return NON_COMMUNIQUEE  # a reference to nothing is reported by check
        valeur = cite.valeur
        if isinstance(valeur, Nombre):
            return cite.texte
    elif g.valeur is not None:
        valeur = g.valeur
    else:
        return NON_COMMUNIQUEE
    if isinstance(valeur, Manquant):
        return SECRET if valeur.marque == "s" else NON_COMMUNIQUEE
    return f"{normaliser(valeur)}{NBSP}{g.unite}"


def source_grandeur(c: Contrat, x: Quartier, g: GrandeurQuartier | None) -> str | None:
    """The code of the data source of one figure of a QPV: its own, its table's, else the QPV's."""
    if g is not None and g.source:
        return g.source
    if g is not None and g.chiffre is not None:
        tableau = next((t for t in c.chiffres_cles.tableaux if t.code == g.chiffre.split(".")[0]), None) \
            if c.chiffres_cles else None
        if tableau is not None and tableau.source:
            return tableau.source
    return x.source


def sources_des_quartiers(c: Contrat) -> list[str]:
    """The codes of the sources of the QPV's figures, each once, in order."""
    return list(dict.fromkeys(s for x in c.quartiers for s in (
        x.source, source_grandeur(c, x, x.superficie), source_grandeur(c, x, x.population)) if s))


def nom_du_quartier(x: Quartier) -> str:
    """Its official name, with its usual one when it has one (« Croix des Oiseaux (« Les Oiseaux ») »)."""
    return f"{x.nom} (« {x.nom_usuel} »)" if x.nom_usuel and x.nom_usuel.strip() != x.nom else x.nom


def _mentions_sources_quartiers(c: Contrat, places: dict[str, Chemin]) -> list[Noeud]:
    """The source lines of the QPV table: one for all when every figure has the same sources,
    else one per source saying which figures it gives (« (INSEE 2020, pour la population) »)."""
    libelles = {s.code: s.libelle for s in c.sources_donnees}
    par_colonne: dict[str, list[str]] = {}
    for x in c.quartiers:
        for cle, g in (("superficie", x.superficie), ("population", x.population)):
            code = source_grandeur(c, x, g)
            if code and code not in par_colonne.setdefault(cle, []):
                par_colonne[cle].append(code)
    codes = sources_des_quartiers(c)
    if not codes:
        return []
    if len(codes) == 1 or all(v == codes for v in par_colonne.values()):
        textes = [(codes[0], "(" + " ; ".join(libelles[k] for k in codes) + ")")]
    else:
        textes = [(k, f"({libelles[k]}, pour la " + " et la ".join(cle for cle, v in par_colonne.items() if k in v) + ")")
                  for k in codes]
    return [Noeud(G.MENTION, "source" if n == 0 else f"source-{code}", texte, nom="source", feminin=True,
                  role=Role.SOURCE, source=places[code]) for n, (code, texte) in enumerate(textes)]


def _colonnes_quartiers(c: Contrat) -> list[tuple[str, str, float]]:
    """The QPV table's columns (key, header, width in cm): the official code and the status only
    when a QPV gives them."""
    code, statut = any(x.code_qp for x in c.quartiers), any(x.statut for x in c.quartiers)
    if not code and not statut:
        return [("nom", "Quartier", 5.5), ("commune", "Commune", 4.5), ("superficie", "Superficie", 3.5),
                ("population", "Population", 3.5)]
    # Widths for the longest words each column holds (« QN09901M », « nouvel entrant », « non
    # communiquée »): the name and the commune share what remains.
    colonnes = [("nom", "Quartier", 0.0)] + ([("code_qp", "Code", 2.0)] if code else []) + [("commune", "Commune", 0.0)]
    colonnes += ([("statut", "Statut", 2.8)] if statut else []) + [("superficie", "Superficie", 3.2),
                                                                    ("population", "Population", 2.4)]
    reste = LARGEUR_TEXTE_CM - sum(l for _, _, l in colonnes)
    return [(k, t, l or round(reste * (0.6 if k == "nom" else 0.4), 2)) for k, t, l in colonnes]


def _fiche_quartier(c: Contrat, k: int, x: Quartier, sources: dict[str, str], places: dict[str, Chemin]) -> Noeud:
    """One QPV's card: its name as heading, its source, code, status and figures."""
    n = Noeud(G.BLOC, x.code, f"Quartier {nom_du_quartier(x)}", nom=f"bloc {q('Quartier ' + x.nom)}",
              source=("quartiers", k, "nom"))
    if x.source:
        n.enfants.append(Noeud(G.MENTION, "source", f"({sources[x.source]})", nom="source", feminin=True,
                               role=Role.SOURCE, source=places[x.source]))
    for cle, libelle, texte in (("code_qp", "Code", x.code_qp), ("statut", "Statut", x.statut)):
        if texte:
            mention = riche(G.MENTION, cle, (Segment(texte=f"{libelle} : "), Segment(texte=texte, gras=True)))
            mention.nom, mention.feminin, mention.source = f"mention {q(libelle)}", True, ("quartiers", k, cle)
            mention.role = Role.NOM if cle == "code_qp" else None  # a code is never an acronym
            n.enfants.append(mention)
    for cle, libelle, g in (("superficie", "Superficie", x.superficie), ("population", "Population", x.population)):
        propre = source_grandeur(c, x, g)
        segments = [Segment(texte=f"{libelle} : "), Segment(texte=grandeur_quartier(c, g), gras=True)]
        if propre and propre != x.source:
            segments.append(Segment(texte=f" ({sources[propre]})"))
        mention = riche(G.MENTION, cle, tuple(segments))
        mention.nom, mention.feminin = f"mention {q(libelle)}", True
        n.enfants.append(mention)
    return n


def _tableau_quartiers(c: Contrat, places: dict[str, Chemin]) -> Noeud:
    colonnes = _colonnes_quartiers(c)
    entetes = tuple(t for _, t, _ in colonnes)
    n = Noeud(G.TABLEAU, "quartiers", TITRE_QUARTIERS, nom=f"tableau {q(TITRE_QUARTIERS)}", entetes=entetes,
              disposition=Disposition(tuple(l for _, _, l in colonnes), a_droite=len(colonnes) - 2,
                                      espace_apres=True))
    n.enfants.extend(_mentions_sources_quartiers(c, places))
    n.enfants.append(_entetes(entetes, tuple(k for k, _, _ in colonnes)))
    for k, x in enumerate(c.quartiers):
        rang = Noeud(G.LIGNE, x.code, nom_du_quartier(x), nom=f"ligne {q(x.nom)}", feminin=True,
                     source=("quartiers", k, "nom"))
        textes = {"code_qp": x.code_qp or "", "commune": x.commune, "statut": x.statut or "",
                  "superficie": grandeur_quartier(c, x.superficie), "population": grandeur_quartier(c, x.population)}
        for cle, entete, _ in colonnes[1:]:
            # An official code is read by the checks of the words, never as an acronym (as a name).
            rang.enfants.append(Noeud(G.VALEUR, cle, textes[cle], nom=f"colonne {q(entete)}", feminin=True,
                                      source=("quartiers", k, cle) if cle != "superficie" and cle != "population" else (),
                                      role=Role.NOM if cle == "code_qp" else None))
        n.enfants.append(rang)
    return n


def _chiffres_cles(c: Contrat) -> list[Noeud]:
    sources = {s.code: s.libelle for s in c.sources_donnees}
    places: dict[str, Chemin] = {s.code: ("sources_donnees", k, "libelle") for k, s in enumerate(c.sources_donnees)}
    parties: list[Noeud] = []
    presentation = presentation_quartiers(c)
    if presentation == "fiches":
        parties.extend(_fiche_quartier(c, k, x, sources, places) for k, x in enumerate(c.quartiers))
    elif presentation == "tableau":
        parties.append(_tableau_quartiers(c, places))
    # The source of the unit just before (the last QPV card's, or the previous table's).
    precedente = next((x.source for x in reversed(c.quartiers) if x.source), None) if presentation == "fiches" else None
    for k, t in enumerate(c.chiffres_cles.tableaux if c.chiffres_cles else ()):
        # Every table says its source, even the previous one's (a reader opens the page at a table),
        # unless it says not to repeat the one just above it.
        repetee = not t.repeter_source and t.source is not None and t.source == precedente
        source = sources.get(t.source) if t.source and not repetee else None
        parties.append(_tableau_chiffres(t, source, ("chiffres_cles", "tableaux", k),
                                         places.get(t.source or "", ())))
        precedente = t.source
    return parties


def marques_du_tableau(t: TableauChiffres) -> list[str]:
    """The marks of missing figures a table prints (its typed cells, and what they leave uncomputed)."""
    presentes = {v.marque for l in t.lignes for v in l.valeurs.values() if isinstance(v, Manquant)}
    return [m for m in MARQUES if m in presentes]


def note_des_marques(marques: list[str]) -> str:
    """« n.c. : non communiqué ; s : secret statistique »."""
    return " ; ".join(f"{m} : {MARQUES[m]}" for m in marques)


def _tableau_chiffres(t: TableauChiffres, source: str | None, ici: Chemin, place_source: Chemin) -> Noeud:
    blocs = blocs_de_colonnes(t)
    grille = t.presentation != "liste"
    entetes = ("", *(l for _, l in blocs[0])) if grille and t.entete == "ligne" else ()
    n = Noeud(G.TABLEAU_CHIFFRES, t.code, t.titre, nom=f"tableau {q(t.titre)}", entetes=entetes,
              disposition=_disposition_grille(t, blocs[0]), source=(*ici, "titre"))
    if source:
        n.enfants.append(Noeud(G.MENTION, "source", source, nom="source", feminin=True, role=Role.SOURCE,
                               source=place_source))
    marques = marques_du_tableau(t)
    if marques:
        n.enfants.append(Noeud(G.MENTION, "marques", note_des_marques(marques), nom="note des valeurs manquantes",
                               feminin=True, role=Role.SOURCE))
    if t.total:
        etiquette = (Segment(texte=LIBELLE_TOTAL_INDIQUE),) if t.ligne_total and grille else ()
        total = riche(G.MENTION, "total", (*etiquette, Segment(texte=normaliser(t.total.valeur), gras=True),
                                           Segment(texte=f" {t.total.unite}")))
        total.nom, total.role = "total", Role.TOTAL
        n.enfants.append(total)
    if not grille:
        for m, ligne in enumerate(t.lignes):
            x = riche(G.LIGNE_LISTE, ligne.code, formuler(ligne, t))
            x.nom, x.feminin = f"ligne {q(ligne.libelle)}", True
            x.source = (*ici, "lignes", m, "formulation" if ligne.formulation else "libelle")
            n.enfants.append(x)
        return n
    if len(blocs) == 1:
        n.enfants.extend(_grille_chiffres(t, blocs[0], ici))
        return n
    # A table wider than the page: its blocks of columns, one after the other.
    n.entetes = ()
    for k, bloc in enumerate(blocs, start=1):
        entetes_bloc = ("", *(l for _, l in bloc)) if t.entete == "ligne" else ()
        partie = Noeud(G.BLOC_COLONNES, f"colonnes-{bloc[0][0]}", nom=f"partie {k} du tableau", feminin=True,
                       entetes=entetes_bloc, disposition=_disposition_grille(t, bloc))
        partie.enfants.extend(_grille_chiffres(t, bloc, ici))
        n.enfants.append(partie)
    return n


def _disposition_grille(t: TableauChiffres, colonnes: list[tuple[str, str]]) -> Disposition:
    """A grid's columns: the lines' labels, then values of even widths, aligned right; a value
    column as wide as its widest value and header word at least (a value never breaks: its
    digits and its unit are held together by no-break spaces, « 34 756 habitants »)."""
    valeur = max(3.5 if len(colonnes) <= 2 else LARGEUR_VALEUR_CM, _largeur_des_valeurs(t, colonnes))
    libelle = LARGEUR_TEXTE_CM - valeur * len(colonnes) if len(colonnes) > 1 else 10.0
    return Disposition((libelle, *[valeur] * len(colonnes)), a_droite=1, centre=True, espace_apres=True)


def _largeur_des_valeurs(t: TableauChiffres, colonnes: list[tuple[str, str]]) -> float:
    """The width (cm) the widest value or header word of ``colonnes`` needs on one line."""
    total = ligne_totale(t)
    lignes = (*t.lignes, *((total,) if total else ()))
    caracteres = max((len(valeur_imprimee(t, l, code)) for l in lignes for code, _ in colonnes), default=0)
    if t.entete == "ligne":
        caracteres = max(caracteres, *(len(mot) for _, libelle in colonnes for mot in libelle.split() or [""]))
    return caracteres * CM_PAR_CARACTERE + MARGE_CELLULE_CM


def _grille_chiffres(t: TableauChiffres, colonnes: list[tuple[str, str]], ici: Chemin) -> list[Noeud]:
    """A grid's rows over ``colonnes``: the header row, each line, the total line."""
    noeuds = []
    if t.entete == "ligne":
        noeuds.append(_entetes(("", *(l for _, l in colonnes)), ("", *(c for c, _ in colonnes))))
    total = ligne_totale(t)
    for m, ligne in enumerate((*t.lignes, *((total,) if total else ()))):
        libelle = ligne.libelle + (SUFFIXE_TOTAL_CALCULE if ligne is total and t.total else "")
        # The total line is keyed apart from the typed ones (a code never holds « = »).
        rang = Noeud(G.LIGNE, "=total" if ligne is total else ligne.code, libelle,
                     nom=f"ligne {q(ligne.libelle)}", feminin=True, role=Role.PUCE if ligne.puce else None,
                     source=(*ici, "ligne_total", "libelle") if ligne is total else (*ici, "lignes", m, "libelle"))
        for code, libelle in colonnes:
            texte = valeur_imprimee(t, ligne, code)
            if t.entete == "cellules" and texte:
                texte = f"{libelle} {texte}"
            rang.enfants.append(Noeud(G.VALEUR, code, texte, nom=f"colonne {q(libelle)}", feminin=True))
        noeuds.append(rang)
    return noeuds


def valeur_imprimee(t: TableauChiffres, ligne: LigneChiffres, code: str) -> str:
    """The cell of ``ligne`` in column ``code`` (typed or computed) as printed, with its unit (the
    line's, else the column's); empty where the line has no value there (a total line). A missing
    figure prints its mark (« n.c. », « s »), and so does what it leaves uncomputed."""
    calcul = next((c for c in t.calculs if c.code == code), None)
    if calcul is None:
        colonne = next((c for c in t.colonnes if c.code == code), None)
        valeur = ligne.valeurs.get(code)
        if valeur is None:
            return ""
        if isinstance(valeur, Manquant):
            return valeur.marque
        return _avec_unite_texte(valeur_ecrite(t, code, valeur), ligne.unite or (colonne.unite if colonne else ""))
    unite = ligne.unite or calcul.unite
    if calcul.type == "somme":
        operandes = [ligne.valeurs.get(c) for c in colonnes_sommees(t, calcul.colonnes)]
        if not operandes or any(v is None for v in operandes):
            return ""
        manque = marque_des_termes([v for v in operandes if v is not None])
        if manque:
            return manque
        return _avec_unite_texte(somme([v for v in operandes if isinstance(v, Nombre)]), unite)
    depart, arrivee = ligne.valeurs.get(calcul.de or ""), ligne.valeurs.get(calcul.a or "")
    if depart is None or arrivee is None:
        return ""
    if isinstance(depart, Manquant) or isinstance(arrivee, Manquant):
        return marque_des_termes([depart, arrivee]) or ""
    de, a = depart.valeur, arrivee.valeur
    if calcul.type == "ecart":
        return _avec_unite_texte(ecrire_nombre(a - de, signe=True), unite)
    if de == 0:
        return "n.s."  # an evolution from zero has no percentage
    return ecrire_nombre((a - de) * Decimal(100) / de, decimales=1, signe=True) + f"{NBSP}%"


LARGEUR_TEXTE_CM = 17.0
"""Width of the text between the margins (A4 portrait of the template)."""
LARGEUR_VALEUR_CM, LARGEUR_LIBELLE_MIN_CM = 2.3, 5.0


def blocs_de_colonnes(t: TableauChiffres) -> list[list[tuple[str, str]]]:
    """The value columns (code, header) of a grid, in the blocks printed side by side: as many as
    the page's width holds beside the first column (or ``colonnes_par_bloc``), the rest in the
    next block, so that no column is squeezed until its words break."""
    colonnes = [(k.code, k.libelle) for k in t.colonnes] + [(k.code, k.libelle) for k in t.calculs]
    valeur = max(LARGEUR_VALEUR_CM, _largeur_des_valeurs(t, colonnes))
    largeur = t.colonnes_par_bloc or max(1, int((LARGEUR_TEXTE_CM - LARGEUR_LIBELLE_MIN_CM) // valeur))
    if len(colonnes) <= largeur:
        return [colonnes]
    # Blocks of even widths (6 columns: 3 + 3, not 5 + 1).
    nombre = -(-len(colonnes) // largeur)
    taille = -(-len(colonnes) // nombre)
    return [colonnes[k:k + taille] for k in range(0, len(colonnes), taille)]


def _avec_unite_texte(texte: str, unite: str) -> str:
    return f"{texte}{NBSP}{unite}" if unite else texte


def formuler(ligne: LigneChiffres, t: TableauChiffres | None = None) -> tuple[Segment, ...]:
    """A list line: its wording with the values (and unit: the line's, else the column's) substituted."""
    formulation = ligne.formulation or "{libelle} : **{valeur}**"
    unites = {c.code: c.unite for c in t.colonnes} if t else {}
    valeurs = {code: n.marque if isinstance(n, Manquant) else _avec_unite_texte(
        valeur_ecrite(t, code, n) if t else normaliser(n), ligne.unite or unites.get(code, ""))
        for code, n in ligne.valeurs.items()}
    texte = formulation.replace("{libelle}", ligne.libelle)
    for code, valeur in valeurs.items():
        texte = sans_point_double(texte, "{" + code + "}", valeur)
    return lire_ligne(texte, "chiffres_cles.yaml")


# --- annexes, contributions, acronyms ---------------------------------------------------


@dataclass(frozen=True)
class DocumentEnCours:
    """The annex or contribution a kind of annex prints in (``contrat/sortes/``): its prose is
    printed as the document's blocks are, references resolved and level-2 headings numbered in turn."""

    contrat: Contrat
    document: Document
    compteur: _Compteur

    def prose(self, prose: Prose, cle: str, source: Chemin, nom: str = "") -> Noeud:
        return _prose(resoudre(prose, self.contrat, self.document), cle, nom=nom, compteur=self.compteur,
                      source=source)


def _annexes(c: Contrat) -> list[Noeud]:
    liste = Noeud(G.LISTE, "liste-annexes", TITRE_LISTE_ANNEXES, nom="liste des annexes", feminin=True)
    for k, d in enumerate(c.annexes, start=1):
        liste.enfants.append(Noeud(G.ENTREE, d.code, d.titre, numero=f"Annexe n°{k} – ",
                                   nom=f"mention de l'annexe {q(d.titre)}", feminin=True, role=Role.ENTREE_ANNEXE))
    compteur = _Compteur()
    return [liste, *(_document(c, d, G.ANNEXE, intitule_annexe(k, ""), compteur, ("annexes", k - 1))
                     for k, d in enumerate(c.annexes, start=1))]


def _document(c: Contrat, d: Document, genre: G, numero: str, compteur: _Compteur, ici: Chemin) -> Noeud:
    if genre == G.ANNEXE:
        nom = f"annexe n° {numero.split('°')[1].split(' ')[0]} {q(d.titre)}"
    else:
        nom = f"contribution {q(d.titre)}"
    n = Noeud(genre, d.code, d.titre, numero=numero, nom=nom, feminin=True, source=(*ici, "titre"))
    ajout = n.enfants.append
    if d.entete:
        ajout(Noeud(G.MENTION, "entete", d.entete, nom="en-tête", role=Role.ENTETE_DOCUMENT, source=(*ici, "entete")))
    if d.pdf:
        ajout(Noeud(G.PDF, "pdf", "", nom=DOCUMENT_PDF, empreinte=d.pdf_empreinte or d.pdf,
                    reserve=marques_reservees(c, d.code, d.pdf_pages)))
        return n
    en_cours = DocumentEnCours(c, d, compteur)
    for sorte in sortes():
        valeur = d.sorte(sorte)
        if valeur is not None:
            n.enfants.extend(sorte.imprimer(valeur, (*ici, sorte.cle), en_cours))
    # The blocks have no codes: they are matched by content (a block inserted first shifts none).
    contenu = Noeud(G.CONTENU, "blocs")
    tableaux = sum(1 for bloc in d.blocs if isinstance(bloc, BlocTableau))
    rang_tableau = 0
    for k, bloc in enumerate(d.blocs, start=1):
        if isinstance(bloc, BlocTexte):
            contenu.enfants.append(en_cours.prose(bloc.texte, f"bloc{k}", (*ici, "blocs", k - 1, "texte")))
        elif isinstance(bloc, BlocTableau):
            # Several tables in one document: each is named by its rank (« le troisième tableau »).
            nom = f"{ordinal(rang_tableau)} tableau" if tableaux > 1 else "tableau"
            rang_tableau += 1
            contenu.enfants.append(_tableau(bloc.tableau, f"bloc{k}", lambda p: resoudre(p, c, d), nom,
                                            (*ici, "blocs", k - 1, "tableau")))
        else:
            contenu.enfants.append(_lettre(bloc.lettre, f"bloc{k}", lambda p: resoudre(p, c, d), compteur,
                                           (*ici, "blocs", k - 1, "lettre")))
    if contenu.enfants:
        ajout(contenu)
    for i, piece in enumerate(d.pieces_jointes):
        la: Chemin = (*ici, "pieces_jointes", i)
        p = Noeud(G.PIECE, piece.code, nom=nom_de(G.PIECE, piece.titre), feminin=True)
        if piece.numero_affiche:
            p.enfants.append(Noeud(G.MENTION, "numero", piece.numero_affiche, nom="numéro", role=Role.SOUS_TITRE_ANNEXE,
                                   source=(*la, "numero_affiche")))
        p.enfants.append(Noeud(G.INTERTITRE, "titre", piece.titre, nom="titre", niveau=3, source=(*la, "titre")))
        p.enfants.append(_prose(piece.texte, "texte", compteur=compteur, source=(*la, "texte")))
        ajout(p)
    return n


def _tableau(t: Tableau, cle: str, resoudre_prose: Callable[[Prose], Prose], nom: str, ici: Chemin) -> Noeud:
    colonnes = max(1, len(t.colonnes), *(len(l) for l in t.lignes))
    n = Noeud(G.TABLEAU_TEXTE, cle, nom=nom, entetes=tuple(t.colonnes),
              disposition=Disposition((LARGEUR_TEXTE_CM / colonnes,) * colonnes, espace_apres=True))
    if t.colonnes:
        n.enfants.append(_entetes(tuple(t.colonnes), sources=tuple((*ici, "colonnes", j) for j in range(len(t.colonnes)))))
    for k, cellules in enumerate(t.lignes, start=1):
        premiere = _premiere_ligne(resoudre_prose(cellules[0])) if cellules else ""
        ligne = Noeud(G.LIGNE, f"l{k}", nom=_ligne_commencant(premiere) if premiere else f"ligne {k}",
                      feminin=True)
        for j, prose in enumerate(cellules):
            entete = t.colonnes[j] if j < len(t.colonnes) else ""
            ligne.enfants.append(_prose(resoudre_prose(prose), f"c{j + 1}",
                                        nom=f"colonne {q(entete)}" if entete else f"cellule {j + 1}", feminin=True,
                                        source=(*ici, "lignes", k - 1, j)))
        n.enfants.append(ligne)
    return n


def _ligne_commencant(texte: str) -> str:
    """A row without a title is designated by its first words, quoted exactly."""
    mots = texte.split()
    if len(mots) <= 10:
        return f"ligne {q(texte)}"
    return f"ligne commençant par les mots {q(' '.join(mots[:8]).rstrip(',;:'))}"


def _premiere_ligne(prose: Prose) -> str:
    lignes_ = lignes(_prose(prose, "x"))
    return lignes_[0] if lignes_ else ""


def _lettre(lettre: Lettre, cle: str, resoudre_prose: Callable[[Prose], Prose], compteur: _Compteur,
            ici: Chemin) -> Noeud:
    n = Noeud(G.LETTRE, cle, nom="lettre", feminin=True)
    mentions: list[tuple[str, str]] = [(f"expediteur{k}", t) for k, t in enumerate(lettre.expediteur, 1)]
    mentions += [(f"reference{k}", t) for k, t in enumerate(lettre.reference, 1)]
    mentions.append(("date", f"{lettre.lieu}, le {lettre.date_ecrite or date_ou_blanc(lettre.date)}"))
    mentions += [(f"destinataire{k}", t) for k, t in enumerate(lettre.destinataire, 1)]
    if lettre.objet:
        mentions.append(("objet", f"{ETIQUETTE_OBJET}{lettre.objet}"))
    if lettre.appel:
        mentions.append(("appel", lettre.appel))
    n.enfants.extend(Noeud(G.MENTION, k, t, role=_role_lettre(k), source=_source_lettre(ici, k)) for k, t in mentions)
    if lettre.objet:
        objet = n.enfants[-2 if lettre.appel else -1]
        objet.segments = (Segment(texte=ETIQUETTE_OBJET), Segment(texte=lettre.objet))
    n.enfants.append(_prose(resoudre_prose(lettre.corps), "corps", compteur=compteur, source=(*ici, "corps")))
    fin = [(f"signature{k}", t) for k, t in enumerate(lettre.signature, 1)]
    if lettre.copie:
        fin.append(("copie", f"Copie : {lettre.copie}"))
    if lettre.pied:
        fin.append(("pied", lettre.pied))
    n.enfants.extend(Noeud(G.MENTION, k, t, role=_role_lettre(k), source=_source_lettre(ici, k)) for k, t in fin)
    return n


def _source_lettre(ici: Chemin, cle: str) -> Chemin:
    """Where a letter's line is written: « destinataire2 » in the second line of its recipient,
    the date line in its place."""
    champ, rang = cle.rstrip("0123456789"), cle[len(cle.rstrip("0123456789")):]
    if rang:
        return (*ici, champ, int(rang) - 1)
    return (*ici, "lieu" if champ == "date" else champ)


ETIQUETTE_OBJET = "Objet : "


def _role_lettre(cle: str) -> Role:
    """A letter's line by its key (« expediteur2 »: a line of the sender)."""
    return Role(cle.rstrip("0123456789"))


def _sigles() -> Noeud:
    """The table of acronyms, its rows written once the rest of the document is (``_remplir_sigles``)."""
    n = Noeud(G.TABLEAU, "sigles", nom="tableau des sigles", entetes=ENTETES_SIGLES,
              disposition=Disposition((3.5, 13.5), premiere_colonne=Role.TITRE_DE_LIGNE))
    n.enfants.append(_entetes(ENTETES_SIGLES))
    return n


def _remplir_sigles(n: Noeud, sigles: list[Sigle]) -> None:
    for s in sigles:
        ligne = Noeud(G.LIGNE, s.sigle, s.sigle, nom=f"ligne {q(s.sigle)}", feminin=True)
        ligne.enfants.append(Noeud(G.VALEUR, "definition", s.definition or "—",
                                   nom=f"colonne {q(ENTETES_SIGLES[1])}", feminin=True))
        n.enfants.append(ligne)


# --- signatures ------------------------------------------------------------------------


def _signatures(c: Contrat, page: PageSignatures) -> list[Noeud]:
    """The signature page; the places in the sources are ``c``'s (the signed page of a
    consolidated contract: those of the signatories it still has)."""
    rangs = {s.code: (k, s.organisation) for k, s in enumerate(c.signataires)}
    groupes = {g.code: k for k, g in enumerate(c.groupes_signataires)}
    n = Noeud(G.SIGNATURES, "signatures", TITRE_SIGNATURES, nom="page des signatures", feminin=True)
    n.enfants.append(Noeud(G.MENTION, "fait-a", fait_a(page), nom="mention « Fait à »", feminin=True, role=Role.FAIT_A))
    for code_groupe, titre, blocs in page.blocs_par_groupe():
        parent = n
        if titre:
            parent = Noeud(G.GROUPE_SIGNATAIRES, code_groupe, titre, nom=f"groupe {q(titre)}",
                           source=("groupes_signataires", groupes[code_groupe], "titre") if code_groupe in groupes else ())
            n.enfants.append(parent)
        for b in blocs:
            parent.enfants.append(_bloc_signature(c, b, rangs))
    parties = [n]
    if page.adhesions:
        a = Noeud(G.LISTE, "adhesions", TITRE_ADHESIONS, nom=f"liste {q(TITRE_ADHESIONS)}", feminin=True)
        a.enfants.extend(Noeud(G.ENTREE, code, pour, nom=q(pour)) for code, pour in page.adhesions)
        parties.append(a)
    return parties


def _bloc_signature(c: Contrat, b: BlocSignature, rangs: dict[str, tuple[int, str]]) -> Noeud:
    """A signature block: the organisations, the titular's title and name, then the delegate."""
    rang, organisation = rangs.get(b.code, (-1, ""))
    ici: Chemin = ("signataires", rang) if rang >= 0 else ()
    bloc = Noeud(G.SIGNATAIRE, b.code, b.pour, nom=nom_de(G.SIGNATAIRE, b.pour),
                 source=_source_organisation(c, organisation) if ici else ())
    bloc.enfants.append(Noeud(G.MENTION, "qualite", b.qualite, nom="qualité", feminin=True, role=Role.QUALITE,
                              source=(*ici, "qualite") if ici else ()))
    if b.nom:
        bloc.enfants.append(Noeud(G.MENTION, "nom", b.nom, nom="nom", role=Role.NOM, source=(*ici, "nom") if ici else ()))
    if b.delegue:
        bloc.enfants.append(Noeud(G.MENTION, "delegue", b.delegue, nom="délégation", feminin=True, role=Role.DELEGUE,
                                  source=(*ici, "delegue", "nom") if ici else ()))
    return bloc
