"""Word table helpers shared by the template generator and the renderers."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu


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
    tblpr = table._tbl.tblPr
    disposition = tblpr.find(qn("w:tblLayout"))
    if disposition is None:
        disposition = OxmlElement("w:tblLayout")
        tblpr.append(disposition)
    disposition.set(qn("w:type"), "fixed")
