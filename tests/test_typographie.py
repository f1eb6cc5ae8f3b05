"""The contract is spaced as a French administrative document: checked on its PDF and DOCX."""

from __future__ import annotations

import re

import pytest

from typographie_imprimee import GROUPE, fautes_docx, fautes_pdf, paragraphes_docx


@pytest.mark.pdf
def test_le_pdf_du_contrat_est_espace_a_la_francaise(construit) -> None:
    fautes = fautes_pdf(construit.pdf)
    assert not fautes, "\n".join(fautes[:10])


def test_le_docx_du_contrat_est_espace_a_la_francaise(construit) -> None:
    fautes = fautes_docx(construit.docx)
    assert not fautes, "\n".join(fautes[:10])
    paragraphes = paragraphes_docx(construit.docx)
    # Typed numbers (« 3 025 habitants ») and computed ones (« −9,7 % ») alike: one kind of space.
    groupes = [m.group(0) for p in paragraphes for m in GROUPE.finditer(p)]
    assert len(groupes) > 20
    assert any("\u00a0:" in p for p in paragraphes) and any("\u202f»" in p for p in paragraphes)
    assert any("n°\u00a0" in p for p in paragraphes)  # « n° » held to its number
    # A number and its unit or % are held together (no ordinary space between them).
    assert not [p for p in paragraphes if re.search(r"\d %", p)]
    assert sum(p.count("\u00a0%") for p in paragraphes) > 20
