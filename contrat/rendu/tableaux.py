"""Word XML helpers shared by the template generator and the renderers."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu


def sous_element(parent, tag: str, en_tete: bool = False):  # noqa: ANN001, ANN201 - lxml elements
    """The child ``tag`` of ``parent``, created (first, or last) when missing."""
    enfant = parent.find(qn(tag))
    if enfant is None:
        enfant = OxmlElement(tag)
        if en_tete:
            parent.insert(0, enfant)
        else:
            parent.append(enfant)
    return enfant


W_TR, W_TC, W_TCPR, W_TCW, W_GRIDSPAN, W_VAL, W_W, W_TYPE = (qn(t) for t in (
    "w:tr", "w:tc", "w:tcPr", "w:tcW", "w:gridSpan", "w:val", "w:w", "w:type"))


def fixer_largeurs(table, largeurs) -> None:  # noqa: ANN001 - python-docx objects
    """Column widths in both the grid and every cell (a merged cell: the columns it spans):
    LibreOffice reads the grid, Word the cells. Written in the XML directly (python-docx lists a
    row's cells anew at each access: a tenth of a large render)."""
    table.autofit = False
    tbl = table._tbl
    twips = [Emu(int(x)).twips for x in largeurs]
    for k, col in enumerate(tbl.tblGrid.findall(qn("w:gridCol"))):
        if k < len(twips):
            col.set(W_W, str(twips[k]))
    for tr in tbl.findall(W_TR):
        k = 0
        for tc in tr.findall(W_TC):
            tcpr = tc.find(W_TCPR)
            portee = tcpr.find(W_GRIDSPAN) if tcpr is not None else None
            n = int(portee.get(W_VAL, "1")) if portee is not None else 1
            if k < len(twips):
                if tcpr is None:
                    tcpr = tc.makeelement(W_TCPR, {})
                    tc.insert(0, tcpr)
                largeur = tcpr.find(W_TCW)
                if largeur is None:
                    largeur = tcpr.makeelement(W_TCW, {})
                    tcpr.insert(0, largeur)
                largeur.set(W_W, str(sum(twips[k:k + n])))
                largeur.set(W_TYPE, "dxa")
            k += n
    disposition = sous_element(table._tbl.tblPr, "w:tblLayout")
    disposition.set(qn("w:type"), "fixed")
