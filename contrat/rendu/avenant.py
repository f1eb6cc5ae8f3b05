"""The avenant document: parties, visas, exposé des motifs, articles, signatures, comparison table."""

from __future__ import annotations

import jinja2
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from docxtpl.subdoc import Subdoc

from contrat.amendements.avenant import Versions
from contrat.amendements.imprime import (
    COLONNES_COMPARAISON,
    DOCUMENT_JOINT,
    TITRE_COMPARAISON,
    Bloc,
    Signature,
    Style,
    imprimer_avenant,
)
from contrat.amendements.redaction import Article
from contrat.erreurs import ErreurGabarit
from contrat.impression.arbre import TABLEAUX, Genre, Noeud, parcourir
from contrat.impression.typographie import espaces_insecables
from contrat.rendu.arbre_docx import ECRIVAINS
from contrat.rendu.arbre_docx import ecrire as ecrire_unite
from contrat.rendu.docx import OptionsRendu, proprietes_du_document
from contrat.rendu.docx_bas_niveau import Element, element_run
from contrat.rendu.ecriture import STYLE_CELLULE_TITRE, EcritureDocx, GabaritDocx, sous_document
from contrat.rendu.jointes import pdf_avec_documents_joints
from contrat.rendu.paquet import parties, zipper
from contrat.rendu.pdf import pdf_avenant
from contrat.rendu.typographie_docx import typographier_document

STYLES_AVENANT = {Style.INTERTITRE: "Heading 3", Style.PARTIE: "List Bullet", Style.ALINEA: "Normal",
                  Style.ARTICLE: "Article"}
"""The template's paragraph style of each kind of block the avenant prints."""


def rendre_avenant(v: Versions, liste: list[Article], options: OptionsRendu) -> bytes:
    """The avenant as DOCX bytes: the printed avenant (``amendements.imprime``) in its template."""
    a = imprimer_avenant(v, liste)
    tpl = GabaritDocx(str(options.gabarit))
    contexte = {
        "titre": espaces_insecables(a.titre),
        "sous_titre": a.sous_titre,
        "intitule": espaces_insecables(a.intitule),
        "corps": _corps(tpl, a.corps),
        "fait_a": a.fait_a,
        "signataires_par_paire": _paires(a.signatures),
        "annexe": _annexe(tpl, a.comparaison),
    }
    try:
        env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
        tpl.render(contexte, jinja_env=env, autoescape=True)
    except jinja2.TemplateError as exc:
        raise ErreurGabarit(f"{options.gabarit}: gabarit d'avenant inutilisable : {exc}") from None
    typographier_document(tpl.docx)
    proprietes_du_document(tpl, a.titre, a.objet, options)
    return zipper(parties(tpl))


def _paires(signatures: list[Signature]) -> list[list[dict[str, str]]]:
    """The signature blocks two by two (the template's rows)."""
    blocs = [{"pour": espaces_insecables(s.pour), "qualite": s.qualite, "nom": s.nom} for s in signatures]
    return [blocs[i:i + 2] for i in range(0, len(blocs), 2)]


def _corps(tpl: DocxTemplate, corps: list[Bloc]) -> Subdoc:
    sd = sous_document(tpl)
    r = EcritureDocx(sd.subdocx)
    dernier: Paragraph | None = None
    for b in corps:
        if b.style == Style.CITATION and b.unite is not None:
            if dernier is not None:
                dernier.paragraph_format.keep_with_next = True  # « ainsi rédigé : » stays with what it quotes
                dernier = None
            citer(r, b.unite)
        elif b.unite is not None:
            ecrire_unite(r, b.unite)
            dernier = None
        else:
            dernier = r.paragraphe(espaces_insecables(b.texte), style=STYLES_AVENANT[b.style])
    return sd


def citer(r: EcritureDocx, n: Noeud) -> None:
    """A printed unit quoted in full in an article, written as the contract prints it (the same
    writer: bold, bullets, superscripts, a table's widths and merged cells), each quoted line
    between « and »; a table's grid under its quoted title."""
    if n.empreinte:
        r.paragraphe(DOCUMENT_JOINT, style="Quote")
        return
    citation = EcritureDocx(r.doc, styles=STYLES_CITATION)
    citation.liens = r.liens
    debut = len(r.doc.paragraphs)
    if n.genre in TABLEAUX or n.genre not in ECRIVAINS or n.genre == Genre.PIECE:
        # A table under its quoted title; a part (a chapter, an enjeu, a piece, which would open
        # a new page) line by line.
        if n.ligne:
            r.paragraphe(espaces_insecables(f"« {n.ligne} »"), style="Quote")
            debut += 1
        if n.genre in TABLEAUX:
            grille = n.copie()
            grille.texte = grille.numero = ""  # quoted above, not as a heading
            ecrire_unite(citation, grille)
        else:
            for enfant in n.enfants:
                citer(r, enfant)
            return
    else:
        ecrire_unite(citation, n)
    for p in r.doc.paragraphs[debut:]:
        _entre_guillemets(p)


STYLES_CITATION = {"Normal": "Quote", **{f"Heading {k}": "Quote" for k in range(1, 5)}}
"""In a quotation, an ordinary paragraph or a heading is set as a quote; list items keep their
bullets, tables their styles."""


def _entre_guillemets(p: Paragraph) -> None:
    """« before a quoted paragraph's first run, » after its last, in plain runs of their own (a
    bold opening word does not make the guillemet bold)."""
    runs = [x for x in p.runs if x.text]
    if runs and p.text.strip():
        element_run(runs[0]).addprevious(_run_simple("« "))
        element_run(runs[-1]).addnext(_run_simple(" »"))


def _run_simple(texte: str) -> Element:
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = texte
    t.set(qn("xml:space"), "preserve")
    r.append(t)
    return r


def _annexe(tpl: DocxTemplate, lignes: list[tuple[str, ...]]) -> Subdoc:
    """Annex: the tableau comparatif, one row per article's place (rédaction en vigueur / modifiée)."""
    sd = sous_document(tpl)
    r = EcritureDocx(sd.subdocx)
    saut = r.paragraphe()
    saut.add_run().add_break(WD_BREAK.PAGE)
    r.paragraphe(TITRE_COMPARAISON, style="Heading 2")
    r.tableau_texte(list(COLONNES_COMPARAISON), [[espaces_insecables(t) for t in ligne] for ligne in lignes],
                    [Cm(1.7), Cm(5.4), Cm(4.95), Cm(4.95)], premiere_colonne=STYLE_CELLULE_TITRE)
    return sd


def pdf_avenant_complet(docx: bytes, v: Versions, liste: list[Article], options: OptionsRendu) -> bytes:
    """The avenant's PDF, with the external PDF documents its articles join, in article order."""

    joints: list[str] = []
    for op in (op for a in liste for op in a.operations):
        empreintes = [op.empreinte] if op.empreinte else [n.empreinte for n in parcourir(op.noeud)] if op.noeud else []
        joints.extend(x for x in empreintes if x and x not in joints)
    par_empreinte = {d.pdf_empreinte or d.pdf: d for d in (*v.nouveau.annexes, *v.nouveau.contributions) if d.pdf}
    documents = [par_empreinte[x] for x in joints if x in par_empreinte]
    if not documents or options.dossier_sources is None:
        return pdf_avenant(docx, v.nouveau, options, v.titre())
    # Titled, numbered and counted in the footers like the avenant's own pages (rendu/jointes.py).
    return pdf_avec_documents_joints(docx, v.nouveau, documents, options, v.titre())
