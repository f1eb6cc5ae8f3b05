"""The Word writer of the printed tree: every unit the document prints, written with the
template's styles, from the tree and nothing else.

One table says which style each role prints in; one table writer lays out every table (figures,
QPV, acronyms, typed tables, an enjeu's table when an avenant quotes it); the few special cases
are the page break and bookmark before a document, the page references of the list of
annexes, the pages reserved for an external PDF and the letterhead. The Word template still
decides what each style looks like, so restyling it restyles the document.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_BREAK, WD_PARAGRAPH_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph

from contrat.impression.arbre import Genre, Noeud, Role
from contrat.rendu.docx_bas_niveau import (
    Element,
    corps_vide,
    element_paragraphe,
    element_tableau,
    proprietes_cellule,
)
from contrat.rendu.ecriture import (
    STYLE_CELLULE,
    STYLE_CELLULE_TITRE,
    STYLE_ENTETE,
    STYLE_PUCE_CELLULE,
    STYLES_NUMEROS,
    STYLES_PUCES,
    EcritureDocx,
    ajouter_run,
    ecrire_segments,
    garder_avec_la_suivante,
    ne_pas_couper,
    numeroter,
    poser_style_tableau,
    repeter_entete,
)
from contrat.rendu.tableaux import fixer_largeurs

STYLES: dict[Role, str] = {
    Role.CITATION: "Quote",
    Role.EPIGRAPHE: "Epigraphe",
    Role.AUTEUR: "Epigraphe auteur",
    Role.SOURCE: "Source chiffres",
    Role.TITRE_DE_LIGNE: STYLE_CELLULE_TITRE,
    Role.TOTAL: "Normal",
    Role.ENTETE_DOCUMENT: "Entete document",
    Role.SOUS_TITRE_ANNEXE: "Sous-titre annexe",
    Role.MENTION_ANNEXE: "Mention annexe",
    Role.ENTREE_ANNEXE: "Liste annexes",
    Role.EXPEDITEUR: "Lettre expediteur",
    Role.REFERENCE: "Lettre reference",
    Role.DATE: "Lettre date",
    Role.DESTINATAIRE: "Lettre destinataire",
    Role.OBJET: "Lettre objet",
    Role.APPEL: "Normal",
    Role.SIGNATURE: "Lettre signature",
    Role.COPIE: "Lettre mention",
    Role.PIED: "Lettre pied",
}
"""The paragraph style of each role (the roles of the cover and of the signature page are the
template's own places)."""

STYLE_TABLE_DES_MATIERES = "Table des matieres annexe"
RETRAIT_TABLE_DES_MATIERES_CM = 0.8
STYLE_PAGE_RESERVEE = "Lettre mention"
"""A reserved page's mark is invisible: any small style does (the page is replaced)."""
LARGEURS_EN_TETE_DE_LETTRE_CM = (10.0, 7.0)
SIGNETS = {Genre.ANNEXE: 1000, Genre.CONTRIBUTION: 2000}
"""Bookmarks are numbered per kind of document (stable ids: a document's rank plus this)."""


def ecrire(r: EcritureDocx, n: Noeud) -> None:
    """Write unit ``n`` (and what it holds) at the end of ``r``'s container."""
    ECRIVAINS.get(n.genre, _enfants)(r, n)


def ecrire_suite(r: EcritureDocx, noeuds: list[Noeud]) -> None:
    """Write units one after the other; documents count their rank for their bookmarks."""
    rangs: dict[Genre, int] = {}
    for n in noeuds:
        if n.genre in SIGNETS:
            rangs[n.genre] = rangs.get(n.genre, 0) + 1
            _document(r, n, SIGNETS[n.genre] + rangs[n.genre])
        else:
            ecrire(r, n)


def _enfants(r: EcritureDocx, n: Noeud) -> None:
    ecrire_suite(r, n.enfants)


def paragraphe(r: EcritureDocx, n: Noeud, style: str) -> Paragraph:
    """A paragraph of ``n``'s own line: its numbering, then its runs as they print."""
    p = r.paragraphe(style=style)
    if n.numero and (n.segments or n.genre == Genre.INTERTITRE):
        ajouter_run(element_paragraphe(p), n.numero)  # a subsection's number: a run of its own
        ecrire_segments(p, n.morceaux(), r.liens)
    elif n.segments:
        ecrire_segments(p, n.segments, r.liens)
    elif n.ligne:
        ajouter_run(element_paragraphe(p), n.ligne)
    return p


def style_de(r: EcritureDocx, n: Noeud, style_paragraphe: str = "Normal") -> str:
    """The style a unit prints in: its role's, a list's at its depth, or the paragraphs'."""
    if n.genre == Genre.INTERTITRE:
        return f"Heading {n.niveau}"
    if n.role in (Role.PUCE, Role.NUMERO):
        styles = STYLES_PUCES if n.role == Role.PUCE else STYLES_NUMEROS
        return styles[min(n.niveau, len(styles)) - 1]
    if n.role is not None and n.role in STYLES:
        return STYLES[n.role]
    return style_paragraphe


# --- prose -------------------------------------------------------------------------------


def prose(r: EcritureDocx, n: Noeud, style_paragraphe: str = "Normal") -> None:
    """A prose container: headings, alinéas, list items (a numbered list restarts at 1), quotes."""
    listes: dict[int, str] = {}
    style_paragraphe = STYLES.get(n.role, style_paragraphe) if n.role else style_paragraphe
    for x in n.enfants:
        style = style_de(r, x, style_paragraphe)
        p = paragraphe(r, x, style)
        if x.role == Role.NUMERO:
            if x.nouvelle_liste:
                listes[x.niveau] = r.nouvelle_numerotation(style)
            if r.styles.get(style, style) == style:
                numeroter(p, listes[x.niveau], 0)


def _mention(r: EcritureDocx, n: Noeud) -> None:
    if n.role == Role.OBJET and len(n.morceaux()) == 2:
        # The style sets the label in bold; the object itself is not.
        p = r.paragraphe(style=STYLES[Role.OBJET])
        etiquette, objet = n.morceaux()
        p.add_run(etiquette.texte)
        p.add_run(objet.texte).bold = False
        return
    paragraphe(r, n, style_de(r, n))


def _intitule(r: EcritureDocx, n: Noeud, niveau: int) -> None:
    """A unit printed as a heading of ``niveau`` above what it holds (a QPV's block, a part)."""
    if n.ligne:
        paragraphe(r, n, f"Heading {niveau}")
    ecrire_suite(r, n.enfants)


# --- tables -------------------------------------------------------------------------------


def tableau(r: EcritureDocx, n: Noeud) -> None:
    """A table and what precedes it: its title (a heading), its source and total, then its grid
    (a table too wide for the page: its blocks of columns, one grid each)."""
    if n.texte and n.genre != Genre.BLOC_COLONNES:
        paragraphe(r, n, "Heading 3")
    for x in n.enfants:
        if x.genre in (Genre.MENTION, Genre.LIGNE_LISTE):
            _mention(r, x)
        elif x.genre == Genre.BLOC_COLONNES:
            grille(r, x)
    if any(x.genre == Genre.LIGNE for x in n.enfants):
        grille(r, n)


def grille(r: EcritureDocx, n: Noeud) -> None:
    """The grid of a table node: a header row repeated on each page, then a row per line (its
    title in the first cell unless it is a typed table's), then the widths of its layout."""
    disposition = n.disposition
    assert disposition is not None, f"tableau sans disposition : {n.nom}"
    rangees = [(x, sous) for x in n.enfants if x.genre == Genre.LIGNE for sous in _rangees(x)]
    entete = bool(n.entetes)  # the header row (a quoted row: its table's)
    table = r.tableau_vide(len(rangees) + int(entete), len(disposition.largeurs))
    poser_style_tableau(table)
    if disposition.centre:
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rangs = list(table.rows)  # python-docx lists the rows (and a row its cells) at each access
    if entete:
        repeter_entete(rangs[0])
        for cellule, titre in zip(rangs[0].cells, n.entetes):
            r.dans(cellule).paragraphe(titre, style=STYLE_ENTETE)
    titre_de_ligne = n.genre != Genre.TABLEAU_TEXTE
    premiere_colonne = STYLES[disposition.premiere_colonne] if disposition.premiere_colonne else STYLE_CELLULE
    colonnes_a_remplir = len(disposition.largeurs) - int(titre_de_ligne)
    fusions: list[tuple[int, int]] = []
    for k, (rang, (ligne, sous)) in enumerate(zip(rangs[int(entete):], rangees)):
        if all(x.genre == Genre.VALEUR for x in sous.enfants):
            # A row of values (figures, an acronym) is one line: broken across two pages, it left
            # an empty-looking row under the repeated header of the next one.
            ne_pas_couper(rang)
        cellules = list(rang.cells)
        premiere_rangee = sous is ligne or sous is ligne.enfants[0]
        if titre_de_ligne:
            style = STYLE_PUCE_CELLULE if ligne.role == Role.PUCE else premiere_colonne
            r.dans(cellules[0]).paragraphe(ligne.texte if premiere_rangee else "", style=style)
        contenu: list[Noeud | None] = list(sous.enfants)
        if sous is not ligne:
            contenu.insert(0, sous)  # an objectif opérationnel's title, then its cells
        elif any(x.genre == Genre.CELLULE for x in sous.enfants):
            # An axe without objectifs opérationnels in a table that has their column.
            contenu[:0] = [None] * (colonnes_a_remplir - len(contenu))
        for j, (cellule, x) in enumerate(zip(cellules[int(titre_de_ligne):], contenu), start=int(titre_de_ligne)):
            _cellule(r.dans(cellule), x, droite=0 < disposition.a_droite <= j)
        if sous is not ligne and premiere_rangee and len(ligne.enfants) > 1:
            fusions.append((k + int(entete), len(ligne.enfants)))
    if len(rangs) - int(entete) >= 3:
        garder_avec_la_suivante(rangs[-2])
    fixer_largeurs(table, [Cm(x) for x in disposition.largeurs])
    for debut, taille in fusions:
        fusionner_vers_le_bas(element_tableau(table), debut, taille)
    if disposition.espace_apres:
        r.paragraphe()


def _rangees(ligne: Noeud) -> list[Noeud]:
    """The table rows a line prints: itself, or one per objectif opérationnel under its axe."""
    sous = [x for x in ligne.enfants if x.genre == Genre.OBJECTIF_OPERATIONNEL]
    return sous or [ligne]


def _cellule(r: EcritureDocx, x: Noeud | None, droite: bool) -> None:
    """One cell: a value, a prose text, the items of an enjeu's cell (bullets), a title."""
    if x is None:
        r.paragraphe(style=STYLE_CELLULE)
    elif x.genre == Genre.TEXTE:
        prose(r, x, STYLE_CELLULE)
    elif x.genre == Genre.CELLULE:
        for element in x.enfants:
            paragraphe(r, element, STYLE_PUCE_CELLULE)
        if not x.enfants:
            r.paragraphe(style=STYLE_CELLULE)
    else:
        p = paragraphe(r, x, STYLE_CELLULE)
        if droite:
            p.alignment = WD_PARAGRAPH_ALIGNMENT.RIGHT  # figures line up


def fusionner_vers_le_bas(tbl: Element, debut: int, taille: int) -> None:
    """The first cell of rows ``debut``..``debut + taille - 1`` merged into one (an axe's title
    beside its objectifs opérationnels)."""
    rangs = tbl.findall(qn("w:tr"))
    for n, tr in enumerate(rangs[debut:debut + taille]):
        tc = tr.find(qn("w:tc"))
        tcpr = proprietes_cellule(tc)
        fusion = OxmlElement("w:vMerge")
        if n == 0:
            fusion.set(qn("w:val"), "restart")
        tcpr.append(fusion)


# --- documents (annexes, contributions) -----------------------------------------------------


def _document(r: EcritureDocx, n: Noeud, identifiant: int) -> None:
    """One annex or contribution from a new page, its heading bookmarked (``identifiant``)."""
    if not (r.haut_de_page and corps_vide(r.doc)):
        # The first document of a chapter without text follows its heading, which opens a page:
        # broken again, the heading stood alone on a page (« VIII/ Contributions des partenaires »).
        saut_de_page(r)
    titre = paragraphe(r, n, "Heading 2")
    poser_signet(titre, signet(n.cle), identifiant)
    ecrire_suite(r, n.enfants)


def saut_de_page(r: EcritureDocx) -> None:
    r.paragraphe().add_run().add_break(WD_BREAK.PAGE)


def signet(code: str) -> str:
    return f"doc_{code.replace('-', '_')}"[:40]


def poser_signet(paragraphe_: Paragraph, nom: str, identifiant: int) -> None:
    debut = OxmlElement("w:bookmarkStart")
    debut.set(qn("w:id"), str(identifiant))
    debut.set(qn("w:name"), nom)
    fin = OxmlElement("w:bookmarkEnd")
    fin.set(qn("w:id"), str(identifiant))
    p = element_paragraphe(paragraphe_)
    ppr = p.find(qn("w:pPr"))
    (ppr.addnext if ppr is not None else (lambda e: p.insert(0, e)))(debut)
    p.append(fin)


def champ_page(paragraphe_: Paragraph, nom: str) -> None:
    """A PAGEREF field: the page where bookmark ``nom`` is printed (LibreOffice computes it)."""
    for type_, texte in (("begin", None), (None, f" PAGEREF {nom} \\h "), ("separate", None), (None, "?"),
                         ("end", None)):
        run = OxmlElement("w:r")
        if type_:
            f = OxmlElement("w:fldChar")
            f.set(qn("w:fldCharType"), type_)
            run.append(f)
        else:
            assert texte is not None
            t = OxmlElement("w:instrText" if texte.startswith(" PAGEREF") else "w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = texte
            run.append(t)
        element_paragraphe(paragraphe_).append(run)


def liste(r: EcritureDocx, n: Noeud) -> None:
    """A list under its heading: the annexes (each with its page) or the parties that joined."""
    paragraphe(r, n, "Heading 3")
    for x in n.enfants:
        p = paragraphe(r, x, style_de(r, x, STYLES_PUCES[0]))
        if x.role == Role.ENTREE_ANNEXE:
            p.add_run("\t")
            champ_page(p, signet(x.cle))


def table_des_matieres(r: EcritureDocx, n: Noeud) -> None:
    """A document's own table of contents, from its headings."""
    paragraphe(r, n, "Heading 4")
    for x in n.enfants:
        p = paragraphe(r, x, STYLE_TABLE_DES_MATIERES)
        if x.niveau >= 4:
            p.paragraph_format.left_indent = Cm(RETRAIT_TABLE_DES_MATIERES_CM)


def _element(r: EcritureDocx, n: Noeud) -> None:
    """A list item and the items under it."""
    paragraphe(r, n, style_de(r, n))
    ecrire_suite(r, n.enfants)


def _piece(r: EcritureDocx, n: Noeud) -> None:
    """A piece attached to a document, from a new page."""
    saut_de_page(r)
    ecrire_suite(r, n.enfants)


def _pdf(r: EcritureDocx, n: Noeud) -> None:
    """As many pages as the external PDF has, replaced by its pages once LibreOffice paginated."""
    for marque in n.reserve:
        p = r.paragraphe(style=STYLE_PAGE_RESERVEE)
        p.add_run().add_break(WD_BREAK.PAGE)
        p.add_run(marque)


def lettre(r: EcritureDocx, n: Noeud) -> None:
    """Letterhead (sender left, file references right), date, recipient, object, body, signature."""
    tete = r.tableau_vide(1, 2)
    gauche, droite = r.dans(tete.rows[0].cells[0], styles={}), r.dans(tete.rows[0].cells[1], styles={})
    for x in n.enfants:
        if x.role in (Role.EXPEDITEUR, Role.REFERENCE):
            paragraphe(gauche if x.role == Role.EXPEDITEUR else droite, x, STYLES[x.role])
    if not any(x.role == Role.REFERENCE for x in n.enfants):
        droite.paragraphe("", style=STYLES[Role.REFERENCE])
    fixer_largeurs(tete, [Cm(x) for x in LARGEURS_EN_TETE_DE_LETTRE_CM])
    precedent: Role | None = None
    for x in n.enfants:
        if x.role in (Role.EXPEDITEUR, Role.REFERENCE):
            continue
        if precedent == Role.DESTINATAIRE and x.role != Role.DESTINATAIRE:
            r.paragraphe()  # a blank line under the address
        if x.genre == Genre.TEXTE:
            prose(r, x)
            r.paragraphe()  # a blank line above the signature
        else:
            _mention(r, x)
        precedent = x.role


def _ligne(r: EcritureDocx, n: Noeud) -> None:
    paragraphe(r, n, style_de(r, n))


LARGEUR_FIGURE_CM = 16.0


def _image(r: EcritureDocx, n: Noeud) -> None:
    """A chart: its title (a heading kept with it), then the picture drawn from its data
    (``rendu/graphiques.py``), its alternative text (``texte``) in the drawing's description,
    which LibreOffice exports as the tagged PDF's /Alt. An image without data (the cover's logo,
    which its template places) prints nothing here."""
    if n.figure is None:
        _enfants(r, n)
        return
    from contrat.rendu.graphiques import dessiner

    png, _ = dessiner(n.figure)
    titre = r.paragraphe(n.figure.titre, style="Heading 3")
    titre.paragraph_format.keep_with_next = True
    p = r.paragraphe()
    p.alignment = WD_PARAGRAPH_ALIGNMENT.CENTER
    p.add_run().add_picture(io.BytesIO(png), width=Cm(LARGEUR_FIGURE_CM))
    for description in element_paragraphe(p).iter(qn("wp:docPr")):
        description.set("descr", n.texte)
        description.set("name", n.figure.titre)


ECRIVAINS: dict[Genre, Callable[[EcritureDocx, Noeud], None]] = {
    Genre.TEXTE: prose,
    Genre.ALINEA: _ligne,
    Genre.INTERTITRE: _ligne,
    Genre.MENTION: _mention,
    Genre.ENTREE: _mention,
    Genre.LIGNE_LISTE: _mention,
    Genre.ELEMENT: _element,
    Genre.BLOC: lambda r, n: _intitule(r, n, 3),
    Genre.PILIER: lambda r, n: _intitule(r, n, 3),
    Genre.THEME: lambda r, n: _intitule(r, n, 4),
    Genre.TABLEAU: tableau,
    Genre.TABLEAU_CHIFFRES: tableau,
    Genre.TABLEAU_TEXTE: grille,
    Genre.BLOC_COLONNES: grille,
    Genre.LISTE: liste,
    Genre.TABLE_DES_MATIERES: table_des_matieres,
    Genre.PIECE: _piece,
    Genre.PDF: _pdf,
    Genre.LETTRE: lettre,
    Genre.IMAGE: _image,
}
"""How each kind of unit is written; the others are written as what they hold (a chapter's
content, a document's blocks, a measures list)."""
