"""The printed contract (the object avenants are computed from) is what the DOCX prints."""

from __future__ import annotations

from pathlib import Path

from conftest import RACINE
from contrat.imprime import imprimer, lignes
from contrat.rendu.docx import OptionsRendu, rendre_docx
from contrat.validation import valider_dossier
from texte_imprime import lignes_docx


def _comparer(sources: Path) -> tuple[list[str], list[str]]:
    contrat = valider_dossier(sources).contrat
    docx = lignes_docx(rendre_docx(contrat, OptionsRendu(gabarit=RACINE / "templates" / "contrat.docx")))
    docx.remove("SOMMAIRE")  # the template's own heading; its entries are a computed field
    return lignes(imprimer(contrat)), docx


def test_l_arbre_imprime_a_exactement_les_lignes_du_docx() -> None:
    arbre, docx = _comparer(RACINE / "sources")
    assert len(docx) > 1500
    assert arbre == docx


def test_l_arbre_imprime_suit_le_docx_d_un_autre_territoire() -> None:
    arbre, docx = _comparer(RACINE / "tests" / "fixtures" / "minimal" / "sources")
    assert arbre == docx
