"""An avenant quotes the contract as it prints: the quoting writer is the contract's own, so a
quoted alinéa keeps its bold, a quoted enjeu table its bullets, widths and merged cells."""

from __future__ import annotations

from io import BytesIO

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Emu

from contrat.controles.dossier import valider_dossier
from contrat.impression.arbre import Genre, Noeud, parcourir
from contrat.impression.unites import imprimer
from contrat.rendu.avenant import citer
from contrat.rendu.ecriture import EcritureDocx, GabaritDocx, sous_document
from contrat.rendu.paquet import parties, zipper

from conftest import RACINE


@pytest.fixture(scope="module")
def arbre() -> Noeud:
    return imprimer(valider_dossier(RACINE / "sources").contrat)


def _citer(*noeuds: Noeud) -> Document:
    """The units quoted in the avenant template's body, read back from the saved DOCX."""
    tpl = GabaritDocx(str(RACINE / "templates" / "avenant.docx"))
    tpl.init_docx()
    sd = sous_document(tpl)
    r = EcritureDocx(sd.subdocx)
    for n in noeuds:
        citer(r, n)
    corps = tpl.docx.element.body
    for enfant in list(corps):
        if enfant.tag != qn("w:sectPr"):
            corps.remove(enfant)
    for enfant in list(sd.subdocx.element.body):
        if enfant.tag != qn("w:sectPr"):
            corps.insert(len(corps) - 1, enfant)
    return Document(BytesIO(zipper(parties(tpl))))


def _espaces(texte: str) -> str:
    return " ".join(texte.replace("\u202f", " ").replace("\u00a0", " ").split())


def test_un_alinea_cite_garde_son_gras_entre_guillemets(arbre: Noeud) -> None:
    alinea = next(n for n in parcourir(arbre) if n.genre == Genre.ALINEA and any(s.gras for s in n.segments)
                  and not n.role)
    gras = [s.texte for s in alinea.segments if s.gras]
    doc = _citer(alinea)
    [p] = [p for p in doc.paragraphs if p.text.strip()]
    assert p.style.name == "Quote"
    assert p.text == f"« {alinea.texte} »"
    assert [r.text for r in p.runs if r.bold] == gras


def test_une_liste_citee_garde_ses_puces(arbre: Noeud) -> None:
    texte = next(n for n in parcourir(arbre) if n.genre == Genre.TEXTE
                 and sum(1 for x in n.enfants if x.role == "puce") >= 3)
    doc = _citer(texte)
    puces = [p for p in doc.paragraphs if p.style.name.startswith("List Bullet")]
    assert len(puces) == sum(1 for x in texte.enfants if x.role == "puce")
    assert all(p.text.startswith("« ") and p.text.endswith(" »") for p in puces)


def test_un_tableau_d_enjeu_cite_garde_puces_largeurs_et_en_tetes(arbre: Noeud) -> None:
    enjeu = next(n for n in parcourir(arbre) if n.genre == Genre.ENJEU)
    tableau = next(x for x in enjeu.enfants if x.genre == Genre.TABLEAU)
    doc = _citer(tableau)
    [table] = doc.tables
    assert _espaces(doc.paragraphs[0].text) == f"« {tableau.texte} »"  # the enjeu's title, above its grid
    largeurs = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert tableau.disposition is not None
    assert largeurs == [Emu(Cm(x)).twips for x in tableau.disposition.largeurs]
    assert [c.text for c in table.rows[0].cells] == list(tableau.entetes)
    lignes = [x for x in tableau.enfants if x.genre == Genre.LIGNE]
    assert len(table.rows) == 1 + len(lignes)
    premiere = table.rows[1].cells
    assert premiere[0].text == lignes[0].texte
    elements = [e.texte for e in lignes[0].enfants[0].enfants]
    puces = [p for p in premiere[1].paragraphs if p.style.name == "Puce cellule"]
    assert [p.text for p in puces] == elements and len(elements) >= 2


def test_une_ligne_de_chiffres_citee_est_alignee_sous_ses_en_tetes(arbre: Noeud) -> None:
    tableau = next(n for n in parcourir(arbre) if n.genre == Genre.TABLEAU_CHIFFRES
                   and any(x.genre == Genre.ENTETES for x in n.enfants))
    ligne = next(x for x in tableau.enfants if x.genre == Genre.LIGNE)
    cite = Noeud(tableau.genre, tableau.cle, entetes=tableau.entetes, disposition=tableau.disposition,
                 enfants=[ligne])  # a row is quoted with its table's headers (see redaction._citation)
    doc = _citer(cite)
    [table] = doc.tables
    assert [c.text for c in table.rows[0].cells] == list(tableau.entetes)
    assert [c.text for c in table.rows[1].cells] == [ligne.texte, *(v.texte for v in ligne.enfants)]
    assert all(c.paragraphs[0].alignment == 2 for c in table.rows[1].cells[1:])  # figures to the right
