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


def test_les_ordinaux_ont_leur_suffixe_en_exposant(construit) -> None:
    """« 1er », « 2e », « 4e », typed plainly or written by the engine (dates): the suffix raised, as
    the sources' ``1^er^`` prints."""
    from docx.oxml.ns import qn

    from contrat.rendu.typographie_docx import ORDINAL

    corps = construit.document.element.body
    exposants = [r for r in corps.iter(qn("w:r"))
                 if r.find(f"{qn('w:rPr')}/{qn('w:vertAlign')}") is not None
                 and "".join(t.text or "" for t in r.iter(qn("w:t"))) in ("er", "re", "e", "es")]
    assert len(exposants) >= 5
    # No ordinal left whole in a run of ordinary text.
    restes = [t.text for t in corps.iter(qn("w:t")) if t.text and ORDINAL.search(t.text)]
    assert not restes, restes[:5]
