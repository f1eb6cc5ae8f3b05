"""The python-docx and docxtpl internals the renderers rely on, in one place.

python-docx's public API is slow where a render spends its time: it finds the body's last
section among all the paragraphs before each insertion, resolves a style's name by scanning
every style of the template for each paragraph, reads its default package again for each
sub-document. The renderers take the short ways below instead, written against the pinned
versions (python-docx 1.2.0, docxtpl 0.20.2; ``tests/test_docx_bas_niveau.py`` checks that
each one still does what the renderers rely on). Everything else in ``rendu/`` uses
python-docx's public API and these functions only.

Types: python-docx is typed (it ships ``py.typed``); its XML elements (``CT_P``, ``CT_Tbl``…)
derive from lxml's, which has no stubs here (``lxml-stubs`` is not a dependency), so mypy sees
their XML side (``find``, ``append``, ``set``…) as ``Any``: ``Element`` names that boundary.
python-docx names two of the classes its API returns with an underscore (``_Cell``, ``_Row``):
``Cellule`` and ``Rangee`` name them for the other modules. docxtpl is untyped: ``Gabarit`` is
the little of a ``DocxTemplate`` this module uses, ``Subdoc`` is ``Any``.
"""

from __future__ import annotations

import functools
from typing import Any, Protocol

from docx import Document as DocumentDocx
from docx.blkcntnr import BlockItemContainer
from docx.document import Document as DocumentCorps
from docx.opc.pkgwriter import PackageWriter
from docx.oxml import parse_xml
from docx.oxml.document import CT_Body
from docx.oxml.ns import qn
from docx.oxml.table import CT_Row, CT_Tbl, CT_Tc, CT_TcPr, CT_TrPr
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.parfmt import CT_PPr
from docx.oxml.text.run import CT_R
from docx.parts.document import DocumentPart
from docx.shared import Length
from docx.styles.style import BaseStyle
from docx.table import Table, _Cell, _Row
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from docxtpl.inline_image import InlineImage
from docxtpl.subdoc import Subdoc
from lxml import etree
from lxml.etree import SubElement

Element = Any
"""An lxml element (lxml has no type stubs here): a python-docx element's XML side."""

Cellule = _Cell
"""python-docx's table cell (``table.rows[0].cells[0]``): public objects, private class names."""
Rangee = _Row
"""python-docx's table row (``table.rows[0]``)."""

W_P, W_PPR, W_PSTYLE, W_SECTPR, W_VAL = qn("w:p"), qn("w:pPr"), qn("w:pStyle"), qn("w:sectPr"), qn("w:val")


class Gabarit(Protocol):
    """What this module uses of a docxtpl ``DocxTemplate`` (docxtpl has no types)."""

    docx: DocumentCorps

    def get_docx(self) -> DocumentCorps: ...

    def pre_processing(self) -> None: ...


# --- the XML element behind a python-docx object ----------------------------------------------


def element_paragraphe(p: Paragraph) -> CT_P:
    """The ``w:p`` element of a paragraph (runs are written into it directly: see ``ecriture``)."""
    return p._p


def element_run(r: Run) -> CT_R:
    """The ``w:r`` element of a run."""
    return r._r


def element_tableau(t: Table) -> CT_Tbl:
    """The ``w:tbl`` element of a table."""
    return t._tbl


def element_rangee(r: Rangee) -> CT_Row:
    """The ``w:tr`` element of a table row."""
    return r._tr


def element_corps(doc: DocumentCorps) -> CT_Body:
    """The ``w:body`` element of a document (its children: paragraphs, tables, then ``w:sectPr``)."""
    corps: CT_Body = doc.element.body
    return corps


def corps_vide(doc: DocumentCorps) -> bool:
    """Nothing written yet in a document's body (its final section properties aside)."""
    return all(e.tag == W_SECTPR for e in element_corps(doc))


def element_conteneur(c: BlockItemContainer) -> Element:
    """The element of a block container (a header's ``w:hdr``, a footer's ``w:ftr``, a cell's
    ``w:tc``): python-docx keeps it as ``_element`` and shows it nowhere."""
    return c._element


# --- properties elements, created when missing ----------------------------------------------


def proprietes_paragraphe(p: CT_P) -> CT_PPr:
    """The ``w:pPr`` of a paragraph element, created in its place when missing."""
    return p.get_or_add_pPr()


def proprietes_rangee(tr: CT_Row) -> CT_TrPr:
    """The ``w:trPr`` of a row element, created in its place when missing."""
    return tr.get_or_add_trPr()


def proprietes_cellule(tc: CT_Tc) -> CT_TcPr:
    """The ``w:tcPr`` of a cell element, created in its place when missing."""
    return tc.get_or_add_tcPr()


def proprietes_tableau(tbl: CT_Tbl) -> Element:
    """The ``w:tblPr`` of a table element (python-docx creates tables with one)."""
    return tbl.tblPr


def proprietes_style(style: BaseStyle) -> Element | None:
    """The ``w:pPr`` of a style's definition, None when it has none."""
    return style.element.pPr


def colonnes_de_grille(tbl: CT_Tbl) -> list[Element]:
    """The ``w:gridCol`` elements of a table's grid (the widths LibreOffice reads)."""
    return list(tbl.tblGrid.findall(qn("w:gridCol")))


# --- styles ---------------------------------------------------------------------------------


def poser_id_de_style_paragraphe(p: CT_P, style: str | None) -> None:
    """Paragraph element ``p`` given the style id ``style`` (None: the default style), as
    ``paragraph.style = nom`` writes it once the id is known. A new paragraph (no ``w:pPr``, the
    common case) gets its properties without python-docx's generic child insertion."""
    ppr = p.pPr
    if ppr is None:
        if style is not None:
            ppr = p.makeelement(W_PPR, {})
            p.insert(0, ppr)
            SubElement(ppr, W_PSTYLE).set(W_VAL, style)
        return
    p.style = style


def poser_id_de_style_tableau(t: Table, style: str | None) -> None:
    """``table.style = nom`` once the style's id is known."""
    t._tbl.tblStyle_val = style


def cache_de_partie(part: object) -> dict[str, Any]:
    """Where values computed once per python-docx object are kept (a document part: the template
    and its sub-documents share one; a document): a dict stored on the object itself (``_contrat``),
    living and dying with the document. Its values are the callers' (each annotates what it reads);
    it is looked up for every paragraph, so it is only a dict."""
    attributs = part.__dict__
    cache: dict[str, Any] | None = attributs.get("_contrat")
    if cache is None:
        cache = attributs["_contrat"] = {}
    return cache


# --- the body -------------------------------------------------------------------------------


def ajouter_paragraphe_au_corps(doc: DocumentCorps) -> Paragraph:
    """``doc.add_paragraph()`` in constant time: python-docx looks for the body's final section
    properties among all the paragraphs before each insertion (quadratic in a long annex). They
    are the last child when present."""
    corps = element_corps(doc)
    p = corps.makeelement(W_P, {})
    try:
        dernier = corps[-1]  # found from the end (lxml counts the children to answer len())
    except IndexError:
        dernier = None
    if dernier is not None and dernier.tag == W_SECTPR:
        dernier.addprevious(p)
    else:
        corps.append(p)
    return Paragraph(p, doc._body)


def largeur_du_corps(doc: DocumentCorps) -> Length:
    """The width between the margins of ``doc``'s last section, read once per document
    (python-docx finds the last section among all the paragraphs at each access)."""
    cache = cache_de_partie(doc)
    largeur: Length | None = cache.get("largeur")
    if largeur is None:
        largeur = cache["largeur"] = doc._block_width
    return largeur


def ajouter_tableau_au_corps(doc: DocumentCorps, lignes: int, colonnes: int) -> Table:
    """``doc.add_table(lignes, colonnes)`` without python-docx finding the last section among all
    the paragraphs for each table (the width is ``largeur_du_corps``)."""
    return doc._body.add_table(lignes, colonnes, largeur_du_corps(doc))


def run_avec_texte(p: CT_P, texte: str) -> Run:
    """A run holding ``texte`` at the end of paragraph element ``p``, tabs and breaks made Word's,
    as ``paragraph.add_run`` writes it (no parent object: the run is only written)."""
    return Paragraph(p, None).add_run(texte)  # type: ignore[arg-type]  # add_run never reads the parent


# --- sub-documents --------------------------------------------------------------------------


@functools.cache
def _document_vide() -> bytes:
    """python-docx's default document with an empty body (its section gives tables their width)."""
    return bytes(etree.tostring(DocumentDocx().element))


def nouveau_sous_document(tpl: Gabarit) -> Subdoc:
    """``tpl.new_subdoc()`` without reading python-docx's default package again for each one (10
    parts parsed, a fifth of a render): a sub-document is only a body on the template's part, so
    that its styles, numbering and relationships are the template's."""
    sd = Subdoc.__new__(Subdoc)
    sd.tpl = tpl
    sd.docx = tpl.get_docx()
    sd.subdocx = DocumentCorps(parse_xml(_document_vide()), sd.docx.part)
    return sd


# --- the package ----------------------------------------------------------------------------


class Ecrivain(Protocol):
    """python-docx's zip writer as its package writer uses it."""

    def write(self, nom: object, donnees: bytes) -> None: ...


def ecrire_paquet(tpl: Gabarit, ecrivain: Ecrivain) -> DocumentPart:
    """Every entry ``tpl.save()`` zips, handed to ``ecrivain`` in the same order, but the main
    part's XML (an empty entry in its place: the caller keeps its tree and serializes it once,
    after the sommaire is inscribed). Returns the main part. The steps of docxtpl's ``save`` and
    of python-docx's ``PackageWriter`` (``_write_parts`` but for the main blob), without a zip."""
    tpl.pre_processing()
    principal = tpl.docx.part
    contenu = principal.package
    for part in contenu.parts:
        part.before_marshal()
    PackageWriter._write_content_types_stream(ecrivain, contenu.parts)  # type: ignore[no-untyped-call]
    PackageWriter._write_pkg_rels(ecrivain, contenu.rels)  # type: ignore[no-untyped-call]
    for part in contenu.parts:
        ecrivain.write(part.partname, b"" if part is principal else part.blob)
        if len(part.rels):
            ecrivain.write(part.partname.rels_uri, part.rels.xml)
    return principal


class ImageDecrite(InlineImage):  # type: ignore[misc]  # docxtpl is untyped
    """docxtpl's inline image with its alternative text: ``wp:docPr/@descr``, which Word and
    LibreOffice show as the image's description and LibreOffice exports as the tagged PDF's
    /Alt of its /Figure. docxtpl sets only the picture's name; this is its ``_insert_image``
    (the XML of a run's drawing, closing and reopening the template's text run around it), the
    description set on the element before it is serialized (lxml escapes it)."""

    def __init__(self, tpl: Gabarit, image: object, largeur: Length, description: str) -> None:
        super().__init__(tpl, image, width=largeur)
        self.description = description

    def _insert_image(self) -> str:
        inline = self.tpl.current_rendering_part.new_pic_inline(self.image_descriptor, self.width, self.height)
        inline.docPr.set("descr", self.description)
        return f'</w:t></w:r><w:r><w:drawing>{inline.xml}</w:drawing></w:r><w:r><w:t xml:space="preserve">'
