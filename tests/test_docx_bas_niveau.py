"""The python-docx and docxtpl internals the renderers rely on (``rendu/docx_bas_niveau.py``),
checked against the pinned versions: each short way writes what python-docx's public API would,
in the place it would, so that an upgrade that changes them fails here and not in a contract."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Cm, Emu
from docxtpl import DocxTemplate
from lxml import etree

from contrat.rendu.docx_bas_niveau import (
    ajouter_paragraphe_au_corps,
    ajouter_tableau_au_corps,
    cache_de_partie,
    colonnes_de_grille,
    ecrire_paquet,
    element_conteneur,
    element_corps,
    element_paragraphe,
    element_rangee,
    element_run,
    element_tableau,
    largeur_du_corps,
    nouveau_sous_document,
    poser_id_de_style_paragraphe,
    poser_id_de_style_tableau,
    proprietes_cellule,
    proprietes_paragraphe,
    proprietes_rangee,
    proprietes_style,
    proprietes_tableau,
    run_avec_texte,
)
from contrat.rendu.ecriture import id_de_style
from contrat.rendu.tableaux import fixer_largeurs

from conftest import RACINE

GABARIT = RACINE / "templates" / "contrat.docx"


@pytest.fixture(scope="module")
def gabarit() -> bytes:
    return GABARIT.read_bytes()


def _corps_xml(doc: Document) -> list[str]:
    """The tags of the body's children, in order (``p``, ``tbl``, ``sectPr``)."""
    return [e.tag.rsplit("}", 1)[1] for e in doc.element.body]


def _xml(e: object) -> bytes:
    return bytes(etree.tostring(e))


def test_les_elements_sont_ceux_du_document() -> None:
    doc = Document()
    p = doc.add_paragraph("texte")
    t = doc.add_table(rows=2, cols=2)
    assert element_corps(doc).tag == qn("w:body")
    corps = list(element_corps(doc))
    assert element_paragraphe(p) is corps[0] and corps[0].tag == qn("w:p")
    assert element_run(p.runs[0]) is corps[0].find(qn("w:r"))
    assert element_tableau(t) is corps[1] and corps[1].tag == qn("w:tbl")
    assert element_rangee(t.rows[1]) is corps[1].findall(qn("w:tr"))[1]
    pied = doc.sections[0].footer
    pied.paragraphs[0].text = "pied"
    assert element_conteneur(pied).tag == qn("w:ftr")
    assert element_conteneur(pied).find(qn("w:p")) is element_paragraphe(pied.paragraphs[0])


def test_un_paragraphe_ajoute_au_corps_va_avant_ses_proprietes_de_section() -> None:
    doc, temoin = Document(), Document()
    for texte in ("un", "deux"):
        ajouter_paragraphe_au_corps(doc).add_run(texte)
        temoin.add_paragraph().add_run(texte)
    assert _corps_xml(doc) == ["p", "p", "sectPr"]
    assert _xml(doc.element.body) == _xml(temoin.element.body)
    assert [p.text for p in doc.paragraphs] == ["un", "deux"]


def test_un_paragraphe_ajoute_a_un_corps_sans_section_va_a_la_fin() -> None:
    doc = Document()
    corps = doc.element.body
    corps.remove(corps.find(qn("w:sectPr")))
    ajouter_paragraphe_au_corps(doc).add_run("seul")
    ajouter_paragraphe_au_corps(doc).add_run("suivant")
    assert _corps_xml(doc) == ["p", "p"]
    assert [p.text for p in doc.paragraphs] == ["seul", "suivant"]


def test_un_tableau_ajoute_au_corps_est_celui_de_add_table_a_la_largeur_des_marges() -> None:
    doc, temoin = Document(), Document()
    for d in (doc, temoin):
        d.sections[0].left_margin = d.sections[0].right_margin = Cm(2)
    section = doc.sections[0]
    assert largeur_du_corps(doc) == section.page_width - section.left_margin - section.right_margin
    table = ajouter_tableau_au_corps(doc, 2, 3)
    temoin.add_table(rows=2, cols=3)
    assert _corps_xml(doc) == ["tbl", "sectPr"]
    assert _xml(doc.element.body) == _xml(temoin.element.body)
    largeurs = {int(c.get(qn("w:w"))) for c in colonnes_de_grille(element_tableau(table))}
    assert largeurs == {Emu(largeur_du_corps(doc) // 3).twips}


def test_la_largeur_du_corps_est_lue_une_fois_par_document() -> None:
    doc = Document()
    avant = largeur_du_corps(doc)
    doc.sections[0].left_margin = doc.sections[0].left_margin + Cm(3)
    assert largeur_du_corps(doc) == avant  # kept: the writers never change the margins while writing
    assert largeur_du_corps(Document()) == avant  # per document, not global


def test_le_cache_d_une_partie_lui_est_propre_et_le_reste(gabarit: bytes) -> None:
    doc, autre = Document(io.BytesIO(gabarit)), Document()
    cache = cache_de_partie(doc.part)
    assert cache_de_partie(doc.part) is cache and cache_de_partie(autre.part) is not cache
    cache["essai"] = 1
    assert cache_de_partie(doc.part) == {"essai": 1} and "essai" not in cache_de_partie(autre.part)
    id_de_style(doc.part, "Heading 1")  # the style ids are kept there, once per kind
    ids = cache_de_partie(doc.part)["ids_styles_PARAGRAPH"]
    id_de_style(doc.part, "Heading 2")
    assert cache_de_partie(doc.part)["ids_styles_PARAGRAPH"] is ids and ids["Heading 1"] is not None


def test_les_ids_de_style_sont_ceux_de_python_docx(gabarit: bytes) -> None:
    doc = Document(io.BytesIO(gabarit))
    part = doc.part
    for genre in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.TABLE):
        noms = [s.name for s in doc.styles if s.type == genre]
        assert len(noms) > 3
        for nom in noms:
            assert id_de_style(part, nom, genre) == part.get_style_id(nom, genre), nom
    assert id_de_style(part, "Normal") is None  # the default style: no reference, as python-docx writes it
    assert id_de_style(part, "Heading 1") == part.get_style_id("Heading 1", WD_STYLE_TYPE.PARAGRAPH) is not None
    with pytest.raises(KeyError):
        id_de_style(part, "Style inexistant")


def test_poser_un_id_de_style_ecrit_ce_que_paragraph_style_ecrit(gabarit: bytes) -> None:
    doc = Document(io.BytesIO(gabarit))
    id_titre = doc.part.get_style_id("Heading 1", WD_STYLE_TYPE.PARAGRAPH)
    for prealable in (None, "centre"):  # a new paragraph, one with properties already
        p, temoin = doc.add_paragraph("a"), doc.add_paragraph("a")
        if prealable:
            p.alignment = temoin.alignment = 1
        poser_id_de_style_paragraphe(element_paragraphe(p), id_titre)
        temoin.style = "Heading 1"
        assert _xml(element_paragraphe(p)) == _xml(element_paragraphe(temoin))
        assert element_paragraphe(p)[0].tag == qn("w:pPr")
        assert p.style.name == "Heading 1"
    p = doc.add_paragraph("b")
    poser_id_de_style_paragraphe(element_paragraphe(p), None)
    assert element_paragraphe(p).find(qn("w:pPr")) is None and p.style.name == "Normal"


def test_poser_un_id_de_style_de_tableau(gabarit: bytes) -> None:
    doc = Document(io.BytesIO(gabarit))
    table, temoin = doc.add_table(rows=1, cols=1), doc.add_table(rows=1, cols=1)
    poser_id_de_style_tableau(table, id_de_style(doc.part, "Table Grid", WD_STYLE_TYPE.TABLE))
    temoin.style = "Table Grid"
    assert _xml(element_tableau(table)) == _xml(element_tableau(temoin))
    assert table.style.name == "Table Grid"


def test_les_proprietes_sont_creees_une_fois_a_leur_place() -> None:
    doc = Document()
    p = doc.add_paragraph("a")
    ppr = proprietes_paragraphe(element_paragraphe(p))
    assert ppr.tag == qn("w:pPr") and element_paragraphe(p)[0] is ppr
    assert proprietes_paragraphe(element_paragraphe(p)) is ppr
    table = doc.add_table(rows=1, cols=1)
    tr = element_rangee(table.rows[0])
    trpr = proprietes_rangee(tr)
    assert trpr.tag == qn("w:trPr") and tr.find(qn("w:trPr")) is trpr and proprietes_rangee(tr) is trpr
    assert list(tr).index(trpr) < list(tr).index(tr.find(qn("w:tc")))  # before the cells (schema order)
    tc = tr.find(qn("w:tc"))
    tcpr = proprietes_cellule(tc)
    assert tcpr.tag == qn("w:tcPr") and tc[0] is tcpr and proprietes_cellule(tc) is tcpr
    assert proprietes_tableau(element_tableau(table)) is element_tableau(table).find(qn("w:tblPr"))


def test_les_proprietes_d_un_style_de_liste_donnent_sa_numerotation(gabarit: bytes) -> None:
    doc = Document(io.BytesIO(gabarit))
    ppr = proprietes_style(doc.styles["List Number"])
    assert ppr is doc.styles["List Number"].element.find(qn("w:pPr"))
    assert ppr.find(f"{qn('w:numPr')}/{qn('w:numId')}").get(qn("w:val")).isdigit()
    assert proprietes_style(doc.styles["Default Paragraph Font"]) is None  # a character style: no pPr


def test_un_run_avec_tabulation_est_celui_de_add_run() -> None:
    doc = Document()
    p, temoin = doc.add_paragraph(), doc.add_paragraph()
    run = run_avec_texte(element_paragraphe(p), "avant\taprès\nligne")
    temoin.add_run("avant\taprès\nligne")
    assert _xml(element_paragraphe(p)) == _xml(element_paragraphe(temoin))
    assert [e.tag for e in element_run(run)] == [qn(f"w:{t}") for t in ("t", "tab", "t", "br", "t")]


def test_les_largeurs_vont_dans_la_grille_et_dans_chaque_cellule() -> None:
    doc = Document()
    table = doc.add_table(rows=2, cols=3)
    table.rows[1].cells[1].merge(table.rows[1].cells[2])
    fixer_largeurs(table, [Cm(2), Cm(3), Cm(4)])
    tbl = element_tableau(table)
    twips = [Cm(x).twips for x in (2, 3, 4)]
    assert [int(c.get(qn("w:w"))) for c in colonnes_de_grille(tbl)] == twips
    rangs = tbl.findall(qn("w:tr"))
    for tr, attendu in zip(rangs, (twips, [twips[0], twips[1] + twips[2]])):
        largeurs = [tc.find(qn("w:tcPr")).find(qn("w:tcW")) for tc in tr.findall(qn("w:tc"))]
        assert [int(w.get(qn("w:w"))) for w in largeurs] == attendu
        assert {w.get(qn("w:type")) for w in largeurs} == {"dxa"}
    assert proprietes_tableau(tbl).find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def test_un_sous_document_partage_la_partie_et_les_styles_du_gabarit(gabarit: bytes) -> None:
    tpl = DocxTemplate(io.BytesIO(gabarit))
    tpl.init_docx()
    sd = nouveau_sous_document(tpl)
    assert sd.tpl is tpl and sd.docx is tpl.get_docx()
    assert sd.subdocx.part is tpl.get_docx().part  # styles, numbering, relationships: the template's
    assert sd.subdocx.styles.element is tpl.get_docx().styles.element
    assert _corps_xml(sd.subdocx) == ["sectPr"]  # an empty body, with a section for tables' width
    assert largeur_du_corps(sd.subdocx) > 0
    p = ajouter_paragraphe_au_corps(sd.subdocx)
    p.add_run("dans le sous-document")
    p.style = "Heading 1"
    assert element_paragraphe(p).find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == \
        tpl.get_docx().part.get_style_id("Heading 1", WD_STYLE_TYPE.PARAGRAPH)
    autre = nouveau_sous_document(tpl)
    assert autre.subdocx.element is not sd.subdocx.element and _corps_xml(autre.subdocx) == ["sectPr"]


def test_un_sous_document_est_insere_au_rendu() -> None:
    gabarit = Document()
    gabarit.add_paragraph("{{p corps }}")
    fichier = io.BytesIO()
    gabarit.save(fichier)
    tpl = DocxTemplate(io.BytesIO(fichier.getvalue()))
    tpl.init_docx()
    sd = nouveau_sous_document(tpl)
    ajouter_paragraphe_au_corps(sd.subdocx).add_run("inséré")
    ajouter_tableau_au_corps(sd.subdocx, 1, 2).rows[0].cells[1].text = "cellule"
    tpl.render({"corps": sd})
    corps = tpl.docx.element.body
    assert [p.text for p in tpl.docx.paragraphs] == ["inséré"]
    assert corps.find(qn("w:tbl")) is not None and tpl.docx.tables[0].rows[0].cells[1].text == "cellule"


def test_le_paquet_est_ce_que_save_ecrit_sauf_la_partie_principale(gabarit: bytes) -> None:
    tpl = DocxTemplate(io.BytesIO(gabarit))
    tpl.init_docx()
    recus: dict[str, bytes] = {}

    class Collecte:
        def write(self, nom: object, donnees: bytes) -> None:
            recus[str(nom).lstrip("/")] = donnees

    principal = ecrire_paquet(tpl, Collecte())
    assert principal is tpl.docx.part and recus["word/document.xml"] == b""
    sortie = io.BytesIO()
    tpl.save(sortie)
    with zipfile.ZipFile(sortie) as z:
        assert list(recus) == z.namelist()  # the same entries, in the same order
        for nom in z.namelist():
            if nom != "word/document.xml":
                assert recus[nom] == z.read(nom), nom
