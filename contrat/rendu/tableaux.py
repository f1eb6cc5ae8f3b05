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


def fixer_largeurs(table, largeurs) -> None:  # noqa: ANN001 - python-docx objects
    """Column widths in both the grid and every cell: LibreOffice reads the grid, Word the cells."""
    table.autofit = False
    grille = table._tbl.tblGrid
    for k, col in enumerate(grille.findall(qn("w:gridCol"))):
        col.set(qn("w:w"), str(Emu(int(largeurs[k])).twips))
    for rang in table.rows:
        for k, cellule in enumerate(rang.cells):
            if k < len(largeurs):
                cellule.width = Emu(int(largeurs[k]))
    disposition = sous_element(table._tbl.tblPr, "w:tblLayout")
    disposition.set(qn("w:type"), "fixed")
