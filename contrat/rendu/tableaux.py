"""Word XML helpers shared by the template generator and the renderers."""

from __future__ import annotations

from collections.abc import Sequence

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu
from docx.table import Table

from contrat.rendu.docx_bas_niveau import Element, colonnes_de_grille, element_tableau, proprietes_tableau


def sous_element(parent: Element, tag: str, en_tete: bool = False) -> Element:
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


def fixer_largeurs(table: Table, largeurs: Sequence[int]) -> None:
    """Column widths in both the grid and every cell (a merged cell: the columns it spans):
    LibreOffice reads the grid, Word the cells. Written in the XML directly (python-docx lists a
    row's cells anew at each access: a tenth of a large render)."""
    table.autofit = False
    tbl = element_tableau(table)
    twips = [Emu(int(x)).twips for x in largeurs]
    for k, col in enumerate(colonnes_de_grille(tbl)):
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
    disposition = sous_element(proprietes_tableau(tbl), "w:tblLayout")
    disposition.set(qn("w:type"), "fixed")
