"""Pages a reader would find badly laid out (issue 22, « Pages »): a chapter's heading alone on its
page, a table's last row alone at the top of a page."""

from __future__ import annotations

from docx.oxml.ns import qn

from conftest import Construit


def test_un_chapitre_sans_texte_commence_par_son_premier_document(construit: Construit) -> None:
    """« VIII/ Contributions des partenaires » has no text of its own: its first contribution
    follows its heading on the same page, as in the signed contract, instead of a page holding the
    heading alone."""
    page = next(p for p in construit.pages if p.startswith("VIII/ Contributions des partenaires"))
    assert page.split("\n")[1:3] == ["Les dispositifs de l'Etat", "DDETSPP"], page[:300]
    # The next contribution still opens a page of its own.
    assert any(p.startswith("Contribution de la SDJES") for p in construit.pages)


def test_la_derniere_ligne_d_un_tableau_n_est_jamais_seule_en_haut_d_une_page(construit: Construit) -> None:
    """The last row but one of every table written from the printed tree keeps with the next
    (LibreOffice applies « keep with next » to table rows: measured, a 6-row table whose last row
    fell alone on the next page moves its last two rows instead)."""
    corps = construit.document.element.body  # type: ignore[attr-defined]
    verifies = 0
    for tbl in corps.iter(qn("w:tbl")):
        rangs = tbl.findall(qn("w:tr"))
        entetes = sum(1 for tr in rangs if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None)
        style = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblStyle')}")
        if (style is None or len(rangs) - entetes < 3
                or tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}") is not None):
            continue  # short tables; the signature page's grid and the enjeux' tables are the template's
        avant_derniere = rangs[-2]
        paragraphes = list(avant_derniere.iter(qn("w:p")))
        assert paragraphes and all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in paragraphes)
        derniere = list(rangs[-1].iter(qn("w:p")))
        assert not all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in derniere)
        verifies += 1
    assert verifies == 5  # the Grand Dole's tables of three rows or more (figures, acronyms, typed tables)
