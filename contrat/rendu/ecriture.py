"""Writing paragraphs, runs and tables into a python-docx container, with the template's styles.

Only named styles are used (no direct fonts or colours), so that restyling the Word
template restyles the document.
"""

from __future__ import annotations

import functools
import re
from typing import cast

from docx.document import Document as DocumentCorps
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.parts.document import DocumentPart
from docx.shared import Length
from docx.styles import BabelFish
from docx.table import Table
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from docxtpl.subdoc import Subdoc
from lxml.etree import SubElement

from contrat.modele.prose import Segment
from contrat.rendu.docx_bas_niveau import (
    Cellule,
    Element,
    Gabarit,
    Rangee,
    ajouter_paragraphe_au_corps,
    ajouter_tableau_au_corps,
    cache_de_partie,
    element_paragraphe,
    element_rangee,
    nouveau_sous_document,
    poser_id_de_style_paragraphe,
    poser_id_de_style_tableau,
    proprietes_paragraphe,
    proprietes_rangee,
    proprietes_style,
    run_avec_texte,
)
from contrat.rendu.tableaux import fixer_largeurs

NBSP = "\u00a0"
W_R, W_RPR, W_B, W_I, W_VERTALIGN, W_T = (qn(f"w:{n}") for n in ("r", "rPr", "b", "i", "vertAlign", "t"))
W_VAL, XML_SPACE = qn("w:val"), qn("xml:space")
STYLES_PUCES = ("List Bullet", "List Bullet 2", "List Bullet 3")
STYLES_NUMEROS = ("List Number", "List Number 2", "List Number 3")


def ecrire_segments(paragraphe: Paragraph, segments: tuple[Segment, ...], liens: dict[str, str] | None = None) -> None:
    """Runs with bold / italic / superscript; links become real hyperlinks."""
    for s in segments:
        # Internal links (« #annexe ») are cross-references checked by validation: plain text here.
        if s.lien and not s.lien.startswith("#") and liens is not None:
            _lien(paragraphe, s, liens)
            continue
        ajouter_run(element_paragraphe(paragraphe), s.texte, s.gras, s.italique, s.exposant)


def ajouter_run(p: Element, texte: str, gras: bool = False, italique: bool = False, exposant: bool = False) -> None:
    """A run at the end of paragraph element ``p``, as ``paragraph.add_run`` writes it (python-docx
    goes through its text one character at a time: a third of a render)."""
    if any(c in texte for c in "\t\n\r"):
        run = run_avec_texte(p, texte)
        run.bold, run.italic = gras or None, italique or None
        run.font.superscript = exposant or None
        return
    r = SubElement(p, W_R)
    if gras or italique or exposant:
        rpr = SubElement(r, W_RPR)
        if gras:
            SubElement(rpr, W_B)
        if italique:
            SubElement(rpr, W_I)
        if exposant:
            SubElement(rpr, W_VERTALIGN).set(W_VAL, "superscript")
    if texte:
        t = SubElement(r, W_T)
        t.text = texte
        if texte[0].isspace() or texte[-1].isspace():
            t.set(XML_SPACE, "preserve")


def _lien(paragraphe: Paragraph, s: Segment, liens: dict[str, str]) -> None:
    lien = s.lien or ""
    rid = liens.get(lien)
    if rid is None:
        rid = paragraphe.part.relate_to(lien, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        liens[lien] = rid
    h = OxmlElement("w:hyperlink")
    h.set(qn("r:id"), rid)
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    u = OxmlElement("w:u")
    u.set(qn("w:val"), "single")
    rpr.append(u)
    r.append(rpr)
    t = OxmlElement("w:t")
    t.text = s.texte
    t.set(qn("xml:space"), "preserve")
    r.append(t)
    h.append(r)
    element_paragraphe(paragraphe).append(h)


STYLE_CELLULE, STYLE_CELLULE_TITRE, STYLE_ENTETE = "Cellule", "Cellule titre", "Entete tableau"
STYLE_PUCE_CELLULE, STYLE_PUCE_CELLULE_2 = "Puce cellule", "Puce cellule 2"
STYLES_CELLULE = {"Normal": STYLE_CELLULE, "List Bullet": STYLE_PUCE_CELLULE, "List Bullet 2": STYLE_PUCE_CELLULE_2,
                  "List Bullet 3": STYLE_PUCE_CELLULE_2, "List Number": STYLE_CELLULE, "List Number 2": STYLE_CELLULE,
                  "Quote": STYLE_CELLULE, "Heading 3": STYLE_CELLULE_TITRE, "Heading 4": STYLE_CELLULE_TITRE}
"""In a table cell, what each style of running text becomes (the template's cell styles)."""


_TEXTE_A_RESOUDRE = re.compile(r"<w:t(?: [^>]*)?>[^<]*[\t\a\n\f]")


class GabaritDocx(DocxTemplate):  # type: ignore[misc]  # docxtpl has no types: its class is Any
    """docxtpl's template, without its pass over every run of the rendered document when no text
    holds a tab, line or page break to turn into Word's (a fifth of a 10x contract's render: the
    writers put tabs and breaks as elements already)."""

    def resolve_listing(self, xml: str) -> str:
        return super().resolve_listing(xml) if _TEXTE_A_RESOUDRE.search(xml) else xml

    @functools.cached_property
    def source(self) -> str:
        """The template's XML before rendering, read once: what it can print is looked up there."""
        self.init_docx()
        return str(self.get_xml())


def sous_document(tpl: Gabarit) -> Subdoc:
    """A new sub-document of ``tpl``, sharing its part (``docx_bas_niveau.nouveau_sous_document``)."""
    return nouveau_sous_document(tpl)


def _ids_des_styles(styles: Element, genre: str) -> dict[str, str | None]:
    """Every style of ``genre`` (paragraph, table): its name (as written in the code: « Heading 1 »)
    -> its id, None for the default style of that kind (python-docx writes no reference to it),
    in one pass over the styles."""
    ids: dict[str, str | None] = {}
    for style in styles.findall(qn("w:style")):
        nom = style.find(qn("w:name"))
        if style.get(qn("w:type")) != genre or nom is None:
            continue
        ids[BabelFish.internal2ui(nom.get(qn("w:val")))] = (
            None if style.get(qn("w:default")) in ("1", "true", "on") else style.get(qn("w:styleId")))
    return ids


def id_de_style(part: DocumentPart, nom: str, genre: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str | None:
    """The id of the style named ``nom``, as python-docx's ``part.get_style_id`` gives it.

    python-docx resolves a name by scanning every style of the template for each paragraph or
    table (and again for the default style): most of a render's time. The name -> id map is built
    once per document part and kind (the template and its sub-documents share one) and kept on it."""
    cache = cache_de_partie(part)
    cle = f"ids_styles_{genre.name}"
    ids: dict[str, str | None] | None = cache.get(cle)
    if ids is None:
        ids = cache[cle] = _ids_des_styles(part.styles.element, "table" if genre == WD_STYLE_TYPE.TABLE
                                           else "paragraph")
    if nom not in ids:
        ids[nom] = part.get_style_id(nom, genre)  # type: ignore[no-untyped-call]  # unknown: python-docx's own message
    return ids[nom]


def poser_style(paragraphe: Paragraph, nom: str) -> None:
    """Give ``paragraphe`` the paragraph style named ``nom``, as ``paragraph.style = nom`` does.
    (python-docx types ``.part`` as any story part, a header's too: the writers write only into
    the document's.)"""
    poser_id_de_style_paragraphe(element_paragraphe(paragraphe), id_de_style(cast(DocumentPart, paragraphe.part), nom))


def poser_style_tableau(table: Table, nom: str = "Table Grid") -> None:
    """``table.style = nom``, the style's id looked up once per document (see ``id_de_style``)."""
    poser_id_de_style_tableau(table, id_de_style(cast(DocumentPart, table.part), nom, WD_STYLE_TYPE.TABLE))






class EcritureDocx:
    """Writes AST blocks into a container of ``doc`` (the document itself or a table cell).

    ``doc`` is a python-docx Document sharing the template's part: its styles and numbering
    are the template's.
    """

    def __init__(self, doc: DocumentCorps, conteneur: Cellule | None = None, styles: dict[str, str] | None = None
                 ) -> None:
        self.doc = doc
        self.conteneur: DocumentCorps | Cellule = conteneur if conteneur is not None else doc
        self.styles = styles or {}
        self.liens: dict[str, str] = {}
        self.section = 0
        self.haut_de_page = False
        """The container begins a page (a chapter's content right under its heading)."""
        # A new table cell already holds one empty paragraph: it is used first.
        self._libre: list[Paragraph] = list(self.conteneur.paragraphs[:1]) if conteneur is not None else []

    def dans(self, conteneur: Cellule, styles: dict[str, str] | None = None) -> EcritureDocx:
        """A writer for a cell of a table of this document."""
        r = EcritureDocx(self.doc, conteneur, styles if styles is not None else STYLES_CELLULE)
        r.liens = self.liens
        return r

    def paragraphe(self, texte: str = "", style: str = "Normal") -> Paragraph:
        style = self.styles.get(style, style)
        if self._libre:
            p = self._libre.pop()
            if texte:
                ajouter_run(element_paragraphe(p), texte)
        else:
            p = self._nouveau_paragraphe()
            if texte:
                ajouter_run(element_paragraphe(p), texte)
        poser_style(p, style)
        return p

    def _nouveau_paragraphe(self) -> Paragraph:
        """``conteneur.add_paragraph()`` in constant time: python-docx looks for the body's final
        section properties among all the paragraphs before each insertion (quadratic in a long
        annex). They are the last child when present."""
        if not isinstance(self.conteneur, DocumentCorps):
            p: Paragraph = self.conteneur.add_paragraph()  # a cell's: python-docx leaves it unannotated
            return p
        return ajouter_paragraphe_au_corps(self.conteneur)

    def tableau_texte(self, entetes: list[str], lignes: list[list[str]], largeurs: list[Length],
                      premiere_colonne: str = "Cellule") -> Table:
        """A plain table: a heading row repeated on each page (none if ``entetes`` is empty), then
        rows of text."""
        entete = any(entetes)
        table = self.tableau_vide(len(lignes) + int(entete), len(largeurs))
        poser_style_tableau(table)
        rangs = list(table.rows)  # python-docx lists the rows (and a row its cells) at each access
        if entete:
            repeter_entete(rangs[0])
            for cellule, titre in zip(rangs[0].cells, entetes):
                self.dans(cellule).paragraphe(titre, style=STYLE_ENTETE)
        for rang, ligne in zip(rangs[int(entete):], lignes):
            for k, (cellule, texte) in enumerate(zip(rang.cells, ligne)):
                self.dans(cellule).paragraphe(texte, style=premiere_colonne if k == 0 else "Cellule")
        fixer_largeurs(table, largeurs)
        return table

    def tableau_vide(self, lignes: int, colonnes: int) -> Table:
        self._libre = []
        if not isinstance(self.conteneur, DocumentCorps):
            return self.conteneur.add_table(rows=lignes, cols=colonnes)
        return ajouter_tableau_au_corps(self.conteneur, lignes, colonnes)

    def nouvelle_numerotation(self, style: str) -> str:
        """A fresh w:num on the style's list, restarting at 1 (each list counts from 1)."""
        numerotation = self.doc.part.numbering_part.element
        ppr = proprietes_style(self.doc.styles[style])
        assert ppr is not None, f"style de liste sans numérotation : {style}"
        num_style = ppr.find(qn("w:numPr")).find(qn("w:numId")).get(qn("w:val"))
        abstrait = next(n.find(qn("w:abstractNumId")).get(qn("w:val"))
                        for n in numerotation.findall(qn("w:num")) if n.get(qn("w:numId")) == num_style)
        nouveau = max(int(n.get(qn("w:numId"))) for n in numerotation.findall(qn("w:num"))) + 1
        num = OxmlElement("w:num")
        num.set(qn("w:numId"), str(nouveau))
        a = OxmlElement("w:abstractNumId")
        a.set(qn("w:val"), abstrait)
        num.append(a)
        surcharge = OxmlElement("w:lvlOverride")
        surcharge.set(qn("w:ilvl"), "0")
        depart = OxmlElement("w:startOverride")
        depart.set(qn("w:val"), "1")
        surcharge.append(depart)
        num.append(surcharge)
        numerotation.append(num)
        return str(nouveau)


def repeter_entete(rang: Rangee) -> None:
    trpr = proprietes_rangee(element_rangee(rang))
    trpr.append(OxmlElement("w:tblHeader"))


def ne_pas_couper(rang: Rangee) -> None:
    """A row kept whole on one page (``w:cantSplit``)."""
    proprietes_rangee(element_rangee(rang)).append(OxmlElement("w:cantSplit"))


def garder_avec_la_suivante(rang: Rangee) -> None:
    """A row kept on the page of the next one (its paragraphs « keep with next », which Word and
    LibreOffice apply to table rows): set on the last row but one, a table's last row never
    stands alone at the top of a page."""
    for cellule in rang.cells:
        for p in cellule.paragraphs:
            p.paragraph_format.keep_with_next = True


def numeroter(paragraphe: Paragraph, num_id: str, niveau: int) -> None:
    ppr = proprietes_paragraphe(element_paragraphe(paragraphe))
    numpr = OxmlElement("w:numPr")
    for tag, val in (("w:ilvl", str(niveau)), ("w:numId", num_id)):
        e = OxmlElement(tag)
        e.set(qn("w:val"), val)
        numpr.append(e)
    ppr.insert(1 if ppr.find(qn("w:pStyle")) is not None else 0, numpr)
