"""The DOCX renderer, in process: data reused by the prose, numbering, escaping."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from docx import Document

from contrat.controles.dossier import valider_dossier
from contrat.rendu.docx import OptionsRendu, rendre_docx

from conftest import RACINE


def _document(sources: Path):
    contrat = valider_dossier(sources).contrat
    return Document(BytesIO(rendre_docx(contrat, OptionsRendu(gabarit=RACINE / "templates" / "contrat.docx"))))


@pytest.fixture(scope="module")
def reel():  # noqa: ANN201 - python-docx Document
    """The real contract rendered once for the tests that only read it."""
    return _document(RACINE / "sources")


def _paragraphes(document) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_un_chiffre_mis_a_jour_change_aussi_le_texte_qui_le_cite(sources: Path) -> None:
    csv = sources / "donnees" / "atlas-qpv-2022.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("13,3;56,3;%", "13,3;55,0;%"), encoding="utf-8")
    document = _document(sources)
    faiblesse = next(t for t in _paragraphes(document) if t.startswith("Le taux de pauvreté"))
    assert "(55,0\u00a0%)" in faiblesse
    cellules = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "QPV 55,0\u00a0%" in cellules


def test_les_listes_issues_des_donnees_et_la_numerotation_generee(reel) -> None:
    document = reel
    textes = _paragraphes(document)
    assert textes.count("Des quartiers du plein emploi") == 2  # préambule and VI, from contrat.yaml
    assert textes.count("Prévention/Sécurité/Ambition particulière sur la jeunesse") == 1  # IV's list
    titres = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert titres[:3] == ["PREAMBULE", "I/ Le quartier en quelques chiffres", "II/ Le QPV ces dernières années"]
    sections = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert "3) Les faiblesses constatées" in sections
    assert "4) Prévention/Sécurité/Ambition particulière sur la jeunesse" in sections
    numerotes = [p.text for p in document.paragraphs if p.style.name == "List Number"]
    assert numerotes[0].startswith("Favoriser la participation des habitants")


def test_proprietes_du_document_et_langue(reel) -> None:
    document = reel
    cp = document.core_properties
    assert cp.title.startswith("Contrat de ville 2024-2030 « Engagements Quartiers 2030 »")
    assert cp.language == "fr-FR"
    styles = document.styles.element
    assert 'w:val="fr-FR"' in styles.xml


def test_le_rendu_est_identique_octet_pour_octet() -> None:
    contrat = valider_dossier(RACINE / "sources").contrat
    options = OptionsRendu(gabarit=RACINE / "templates" / "contrat.docx")
    assert rendre_docx(contrat, options) == rendre_docx(contrat, options)


def test_une_ligne_de_valeurs_n_est_jamais_coupee_entre_deux_pages(reel) -> None:
    """A row of figures or an acronym's row is kept whole on its page (broken, it left an
    empty-looking row under the repeated header of the next page: the list of acronyms, p. 58);
    a row of prose may break (a long cell must not push the table onto a new page)."""
    from docx.oxml.ns import qn

    def entiere(rang) -> bool:  # noqa: ANN001 - python-docx row
        trpr = rang._tr.trPr
        return trpr is not None and trpr.find(qn("w:cantSplit")) is not None

    sigles = next(t for t in reel.tables if t.rows[0].cells[0].text == "Sigle")
    assert all(entiere(r) for r in sigles.rows[1:]) and len(sigles.rows) > 100
    chiffres = next(t for t in reel.tables if [c.text for c in t.rows[0].cells][:3] == ["", "2022", "2023"])
    assert all(entiere(r) for r in chiffres.rows[1:])
    prose = next(t for t in reel.tables if len(t.rows[0].cells) > 1 and t.rows[0].cells[1].text.startswith("Identité"))
    assert not any(entiere(r) for r in prose.rows)
