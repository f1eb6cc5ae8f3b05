"""DOCX renderer: Contrat -> bytes, through the docxtpl Word template."""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path

import jinja2
from docx.opc.coreprops import CoreProperties
from docx.oxml.ns import qn
from docx.shared import Cm
from docxtpl import DocxTemplate
from docxtpl.subdoc import Subdoc

from contrat.erreurs import ErreurGabarit
from contrat.impression.arbre import Genre, Noeud, Role, parcourir
from contrat.impression.unites import PageSignatures, colonnes_des_enjeux, imprimer, objet_du_contrat, tronquer
from contrat.impression.version import Historique, bloc_de_version
from contrat.modele.contrat import COLONNES_STANDARD, Contrat
from contrat.rendu.arbre_docx import ecrire_suite
from contrat.rendu.docx_bas_niveau import Element, ImageDecrite, element_corps
from contrat.rendu.ecriture import EcritureDocx, GabaritDocx, id_de_style, sous_document
from contrat.rendu.paquet import Paquet, paquet, zipper
from contrat.rendu.tableaux import fixer_largeurs
from contrat.rendu.typographie_docx import typographier_document


@dataclass(frozen=True)
class OptionsRendu:
    """What a renderer needs besides the contract."""

    gabarit: Path
    date: dt.datetime = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    """Date of the sources (commit date), used for metadata: never the clock."""
    version: str = ""
    """Human label of the version (« 1.0 », « version consolidée... »)."""
    commit: str = ""
    dossier_sources: Path | None = None
    """Where external PDF annexes are read from."""
    mention: str = ""
    """Line printed on the cover under the parties (version of the sources)."""
    en_vigueur_au: str = ""
    """For a point-in-time build: the day (AAAA-MM-JJ), recorded in the PDF so that it can be rebuilt."""
    historique: Historique = ()
    """Versions of the contract (version, comité / date, state), printed on the cover."""
    fichiers_sources: tuple[str, ...] | None = None
    """The files the contract was read from (embedded in the PDF); None: read the folder again."""
    signatures: PageSignatures | None = None
    """The signature page as signed (a consolidated contract keeps it); None: the contract's own."""


def rendre_docx(contrat: Contrat, options: OptionsRendu) -> bytes:
    """Render the contract as DOCX bytes (deterministic for the same inputs)."""
    return zipper(rendre_paquet(contrat, options).octets())


def rendre_paquet(contrat: Contrat, options: OptionsRendu) -> Paquet:
    """Render the contract as the DOCX package's parts, the main one as its tree (for the PDF:
    nothing zipped, serialized or parsed in between)."""
    arbre = imprimer(contrat, options.signatures)
    enjeux = [n for n in parcourir(arbre) if n.genre == Genre.ENJEU]
    try:
        tpl = GabaritDocx(str(options.gabarit))
        _verifier_gabarit(tpl, contrat, options.gabarit)
        contexte = _contexte(contrat, arbre, tpl, options)
        env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
        tpl.render(contexte, jinja_env=env, autoescape=True)
    except (jinja2.TemplateError, ValueError, KeyError) as exc:
        raise ErreurGabarit(f"{options.gabarit}: gabarit Word inutilisable : {exc}") from None
    typographier_document(tpl.docx)
    _verifier_rendu(tpl, len(enjeux))
    _ajuster_tableaux_enjeux(tpl, [_tableau_enjeu(e) for e in enjeux])
    _proprietes(tpl, contrat, options)
    return paquet(tpl)


# --- context (the template's view of the printed tree) --------------------------------


def _contexte(contrat: Contrat, arbre: Noeud, tpl: GabaritDocx, options: OptionsRendu) -> dict[str, object]:
    couverture = next(n for n in arbre.enfants if n.genre == Genre.PARTIE)
    mentions = {x.role: x.texte for x in couverture.enfants if x.genre == Genre.MENTION}
    signatures = next(n for n in arbre.enfants if n.genre == Genre.SIGNATURES)
    groupes = _groupes(signatures)
    return {
        "logo": _logo(contrat, tpl, options),
        "titre": mentions[Role.TITRE],
        "sous_titre": mentions.get(Role.SOUS_TITRE, ""),
        "intitule": next(n.texte for n in arbre.enfants if n.role == Role.ENTETE_PAGES),
        "epigraphe": _sous_document(tpl, [x for x in couverture.enfants if x.role == Role.EPIGRAPHE]),
        "territoire": mentions[Role.TERRITOIRE],
        "quartiers": mentions[Role.QUARTIERS],
        "mention_version": options.mention,
        "historique": _sous_document(tpl, [x for x in bloc_de_version(options.mention, options.historique).enfants
                                           if x.role != Role.VERSION]),
        "chapitres": _plan(arbre, tpl),
        "colonnes_enjeux": _colonnes_enjeux(arbre),
        "titre_signatures": signatures.texte,
        "fait_a": next(x.texte for x in signatures.enfants if x.role == Role.FAIT_A),
        "signataires_par_paire": _paires([b for _, blocs in groupes for b in blocs]),
        "groupes_signataires": [{"titre": titre, "paires": _paires(blocs)} for titre, blocs in groupes],
        "adhesions": _sous_document(tpl, [n for n in arbre.enfants if n.genre == Genre.LISTE]),
    }


def _sous_document(tpl: GabaritDocx, noeuds: list[Noeud], haut_de_page: bool = False) -> Subdoc | str:
    """Units written into a sub-document of the template, or nothing when there are none;
    ``haut_de_page``: it begins a page."""
    if not noeuds:
        return ""
    sd = sous_document(tpl)
    r = EcritureDocx(sd.subdocx)
    r.haut_de_page = haut_de_page
    ecrire_suite(r, noeuds)
    return sd


LARGEUR_LOGO_CM = 4.5


def _logo(contrat: Contrat, tpl: DocxTemplate, options: OptionsRendu) -> ImageDecrite | str:
    """The cover's logo as an image of the document with its alternative text (``check`` requires
    one: see ``controles.accessibilite``), or nothing."""
    if contrat.couverture.logo is None:
        return ""
    if options.dossier_sources is None:
        raise ErreurGabarit("logo de couverture : dossier des sources inconnu")
    chemin = options.dossier_sources / contrat.couverture.logo
    # The bytes the check read and decoded, not the file again: a link swapped since would bring another.
    lus = getattr(options.fichiers_sources, "contenus", {})
    nom = Path(os.path.relpath(chemin, options.dossier_sources)).as_posix()
    image = io.BytesIO(lus[nom]) if nom in lus else str(chemin)
    return ImageDecrite(tpl, image, Cm(LARGEUR_LOGO_CM), (contrat.couverture.logo_alternative or "").strip())


def _plan(arbre: Noeud, tpl: GabaritDocx) -> list[dict[str, object]]:
    """The chapters in order, the signature page as one of them where the tree prints it; a
    template made before that prints it after the chapters itself."""
    avec_la_page = "ch.signatures" in tpl.source
    plan: list[dict[str, object]] = []
    for n in arbre.enfants:
        if n.genre == Genre.CHAPITRE:
            plan.append({**_chapitre(tpl, n), "signatures": False} if avec_la_page else _chapitre(tpl, n))
        elif n.genre == Genre.SIGNATURES and avec_la_page:
            plan.append({"signatures": True})
    return plan


def _chapitre(tpl: GabaritDocx, ch: Noeud) -> dict[str, object]:
    """A chapter: its heading, its text, its content; its enjeux for the template's tables."""
    texte = [x for x in ch.enfants if x.genre == Genre.TEXTE]
    enjeux = [x for x in ch.enfants if x.genre in (Genre.ENJEU, Genre.PILIER_ENJEUX)]
    contenu = [x for x in ch.enfants if x not in texte and x not in enjeux]
    # A chapter's heading opens a page: its content begins it when the chapter has no text.
    return {"intitule": ch.ligne, "texte": _sous_document(tpl, texte),
            "contenu": _sous_document(tpl, contenu, haut_de_page=not texte),
            "enjeux": [e for x in enjeux for e in _enjeux(tpl, x)]}


def _enjeux(tpl: GabaritDocx, n: Noeud) -> list[dict[str, object]]:
    """An enjeu, or a pilier's enjeux (the first carrying the pilier's heading)."""
    if n.genre == Genre.ENJEU:
        return [_enjeu(tpl, n)]
    tete = {"intitule": n.ligne, "titre": n.texte,
            "introduction": _sous_document(tpl, [x for x in n.enfants if x.genre == Genre.TEXTE])}
    enjeux = [x for x in n.enfants if x.genre == Genre.ENJEU]
    return [_enjeu(tpl, e, pilier=tete if k == 0 else None, sous_pilier=True) for k, e in enumerate(enjeux)]


def _tableau_enjeu(enjeu: Noeud) -> Noeud:
    return next(x for x in enjeu.enfants if x.genre == Genre.TABLEAU)


def _colonnes(tableau: Noeud) -> list[str]:
    """The codes of an enjeu table's columns after the axe's (and the objectifs opérationnels')."""
    ligne = next((x for x in tableau.enfants if x.genre == Genre.LIGNE), None)
    rangee = ligne.enfants[0] if ligne and ligne.enfants and ligne.enfants[0].genre == Genre.OBJECTIF_OPERATIONNEL \
        else ligne
    return [c.cle for c in rangee.enfants] if rangee else []


def _enjeu(tpl: GabaritDocx, enjeu: Noeud, pilier: dict[str, object] | None = None, sous_pilier: bool = False
           ) -> dict[str, object]:
    tableau = _tableau_enjeu(enjeu)
    sous_axe = len(tableau.entetes) - len(_colonnes(tableau)) == 2
    rangs = []
    for ligne in (x for x in tableau.enfants if x.genre == Genre.LIGNE):
        sous = [x for x in ligne.enfants if x.genre == Genre.OBJECTIF_OPERATIONNEL]
        for k, rangee in enumerate(sous or [ligne]):
            cellules = {c.cle: [e.texte for e in c.enfants] for c in rangee.enfants}
            rang = [{"puces": True, "elements": v} for v in cellules.values()]
            if sous_axe:
                rang.insert(0, {"puces": False, "elements": [rangee.texte] if rangee is not ligne else []})
            # The axe's title on its first row (the next ones are merged with it after the render);
            # the four usual columns by name too: templates made before the columns were declared.
            rangs.append({"titre": ligne.texte if k == 0 else "", "cellules": rang,
                          **{code: cellules.get(code, []) for code in COLONNES_STANDARD}})
    return {
        "intitule": enjeu.ligne,
        "titre": enjeu.texte,
        "pilier": pilier or "",
        "sous_pilier": sous_pilier,
        "introduction": _sous_document(tpl, [x for x in enjeu.enfants if x.genre == Genre.TEXTE]),
        "nombre_colonnes": len(tableau.entetes),
        "axes": rangs,
    }


def _colonnes_enjeux(arbre: Noeud) -> dict[str, object]:
    """The headings of the enjeux tables: the axe's, the others in order, and the four usual ones
    by name (templates made before the columns were declared)."""
    tableau = next((_tableau_enjeu(n) for n in parcourir(arbre) if n.genre == Genre.ENJEU), None)
    if tableau is None:
        return {}
    codes = _colonnes(tableau)
    libelles = dict(zip(codes, tableau.entetes[len(tableau.entetes) - len(codes):]))
    return {"axe": tableau.entetes[0], "colonnes": list(tableau.entetes[1:]),
            **{code: libelles.get(code, "") for code in COLONNES_STANDARD}}


def _groupes(signatures: Noeud) -> list[tuple[str, list[Noeud]]]:
    """(heading, signature blocks) of each group of the page; one untitled group when it has none."""
    groupes = [(g.texte, [b for b in g.enfants if b.genre == Genre.SIGNATAIRE])
               for g in signatures.enfants if g.genre == Genre.GROUPE_SIGNATAIRES]
    return groupes or [("", [b for b in signatures.enfants if b.genre == Genre.SIGNATAIRE])]


def _paires(blocs: list[Noeud]) -> list[list[dict[str, str]]]:
    """Signature blocks two by two (the page's rows)."""
    dicts = [{"pour": b.texte, "qualite": "", "nom": "", "delegue": "",
              **{x.role.value: x.texte for x in b.enfants if x.role}}
             for b in blocs]
    return [dicts[i:i + 2] for i in range(0, len(dicts), 2)]


# --- after rendering -----------------------------------------------------------------


LEGENDE_ENJEU = "Tableau d'un enjeu"
"""The caption of the enjeux' table in the template (see ``outils/creer_gabarit.py``)."""


def _verifier_gabarit(tpl: GabaritDocx, contrat: Contrat, gabarit: Path) -> None:
    """A template made before piliers and declared columns prints neither: said, not dropped."""
    xml = tpl.source
    regenerer = "régénérer le gabarit (python outils/creer_gabarit.py) et y reporter ses styles"
    if contrat.piliers and "enjeu.pilier" not in xml:
        raise ErreurGabarit(f"{gabarit}: le gabarit n'imprime pas les piliers des enjeux : {regenerer}")
    standard = tuple(k.code for k in colonnes_des_enjeux(contrat)) == COLONNES_STANDARD and not \
        contrat.avec_objectifs_operationnels
    if contrat.couverture.logo and "{{ logo }}" not in xml:
        raise ErreurGabarit(f"{gabarit}: le gabarit n'a pas de place pour le logo de couverture : {regenerer}")
    if (contrat.groupes_signataires or contrat.signature.avant) and "ch.signatures" not in xml:
        raise ErreurGabarit(f"{gabarit}: le gabarit n'imprime ni groupes de signataires ni la page des signatures "
                            f"ailleurs qu'à la fin : {regenerer}")
    if not standard and "cellule.elements" not in xml:
        raise ErreurGabarit(f"{gabarit}: le gabarit n'imprime que les quatre colonnes habituelles des enjeux : "
                            f"{regenerer}")


def _ajuster_tableaux_enjeux(tpl: DocxTemplate, arbres: list[Noeud]) -> None:
    """The enjeux' tables given their columns' widths; an axe's cell merged down its objectifs
    opérationnels' rows (``arbres``: the printed tables, in the document's order)."""
    from docx.table import Table

    if not arbres:
        return
    disposition = arbres[0].disposition
    assert disposition is not None
    largeurs = disposition.largeurs
    rangees = [[max(1, sum(1 for x in ligne.enfants if x.genre == Genre.OBJECTIF_OPERATIONNEL))
                for ligne in t.enfants if ligne.genre == Genre.LIGNE] for t in arbres]
    corps = element_corps(tpl.docx)
    tableaux = [tbl for tbl in corps.iter(qn("w:tbl"))
                if (legende := tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")) is not None
                and legende.get(qn("w:val")) == LEGENDE_ENJEU]
    for tbl, groupes, arbre in zip(tableaux, rangees, arbres):
        _fusionner_axes(tbl, groupes)
        if not arbre.texte:
            # The template's title row, for a contract that prints the enjeu's title only above.
            tbl.remove(tbl.find(qn("w:tr")))
    for tbl in tableaux:
        table = Table(tbl, tpl.docx)
        for tc in tbl.iter(qn("w:tc")):
            if tc.find(qn("w:p")) is None:
                # An empty cell (a column « facultative »): a cell holds one paragraph at least.
                p = tc.makeelement(qn("w:p"), {})
                ppr = p.makeelement(qn("w:pPr"), {})
                style = ppr.makeelement(qn("w:pStyle"), {qn("w:val"): id_de_style(tpl.docx.part, "Cellule")})
                ppr.append(style)
                p.append(ppr)
                tc.append(p)
        grille = tbl.find(qn("w:tblGrid"))
        for col in list(grille)[len(largeurs):]:
            grille.remove(col)
        fixer_largeurs(table, [Cm(x) for x in largeurs])


_APRES_VMERGE = {qn(f"w:{t}") for t in ("tcBorders", "shd", "noWrap", "tcMar", "textDirection", "tcFitText",
                                         "vAlign", "hideMark")}


def _fusionner_axes(tbl: Element, groupes: list[int]) -> None:
    """The axe's cell of its first row merged down the rows of its objectifs opérationnels."""
    rangs = tbl.findall(qn("w:tr"))[2:]  # after the title and header rows
    k = 0
    for taille in groupes:
        if taille > 1:
            for n, tr in enumerate(rangs[k:k + taille]):
                tcpr = tr.find(qn("w:tc")).find(qn("w:tcPr"))
                if tcpr is None:
                    tcpr = tr.find(qn("w:tc")).makeelement(qn("w:tcPr"), {})
                    tr.find(qn("w:tc")).insert(0, tcpr)
                fusion = tcpr.makeelement(qn("w:vMerge"), {qn("w:val"): "restart"} if n == 0 else {})
                # In its place among the cell's properties (after width and span, before shading).
                apres = next((e for e in tcpr if e.tag in _APRES_VMERGE), None)
                if apres is not None:
                    apres.addprevious(fusion)
                else:
                    tcpr.append(fusion)
        k += taille


def _verifier_rendu(tpl: DocxTemplate, enjeux: int) -> None:
    """docxtpl can silently truncate on bad XML: check the document still holds its parts."""
    corps = element_corps(tpl.docx)
    tableaux = len(corps.findall(qn("w:tbl")))
    attendus = enjeux + 1
    if tableaux < attendus:
        raise ErreurGabarit(f"rendu incomplet : {tableaux} tableaux au lieu d'au moins {attendus} "
                            "(balise du gabarit mal placée ?)")


def _proprietes(tpl: DocxTemplate, contrat: Contrat, options: OptionsRendu) -> None:
    epci = contrat.organisation(contrat.territoire.epci)
    cp = proprietes_du_document(tpl, contrat.intitule, objet_du_contrat(contrat), options)
    cp.author = tronquer(epci.nom_complet)
    cp.keywords = "contrat de ville; politique de la ville; QPV; Engagements Quartiers 2030"
    cp.comments = f"Sources : commit {options.commit}" if options.commit else ""
    cp.last_printed = cp.created


def proprietes_du_document(tpl: DocxTemplate, titre: str, objet: str, options: OptionsRendu) -> CoreProperties:
    """The properties every document of the project carries (the contract, an avenant, a report):
    title and subject (Word holds 255 characters per property: a longer one is cut with « … »,
    never a crash), French, the sources' version, dates from the commit (reproducible). Set after
    render(): Jinja-rendered core properties would be escaped twice."""
    cp: CoreProperties = tpl.docx.core_properties
    cp.title = tronquer(titre)
    cp.subject = tronquer(objet)
    cp.language = "fr-FR"
    cp.version = options.version
    cp.last_modified_by = "contrat"
    cp.revision = 1
    cp.created = cp.modified = options.date.replace(tzinfo=None)
    return cp
