"""Create the initial Word templates templates/contrat.docx, avenant.docx and rapport.docx.

The committed .docx is the source of truth: restyle it in Word or LibreOffice. This script
only documents how it was first made; running it again overwrites any restyling.
Usage: python outils/creer_gabarit.py [templates/contrat.docx [templates/avenant.docx [templates/rapport.docx]]]
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from contrat.rendu.docx import LEGENDE_ENJEU  # noqa: E402
from contrat.rendu.tableaux import fixer_largeurs  # noqa: E402

BLEU = RGBColor(0x1F, 0x38, 0x64)
BLEU_CLAIR = RGBColor(0x2E, 0x74, 0xB5)
POLICE = "Calibri"  # Carlito (metric-compatible) renders it on Linux
LARGEUR_TEXTE = Cm(17)


def _police(style, taille: float, gras: bool = False, italique: bool = False, couleur=None) -> None:
    f = style.font
    f.name = POLICE
    f.size = Pt(taille)
    f.bold = gras
    f.italic = italique
    if couleur is not None:
        f.color.rgb = couleur
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), POLICE)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        rfonts.attrib.pop(qn(attr), None)


def _langue_et_police_par_defaut(doc) -> None:
    styles = doc.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "fr-FR")
    lang.set(qn("w:eastAsia"), "fr-FR")
    lang.set(qn("w:bidi"), "ar-SA")
    rfonts = rpr.find(qn("w:rFonts"))
    for attr in list(rfonts.attrib):
        del rfonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(attr), POLICE)


def _styles(doc) -> None:
    st = doc.styles
    _langue_et_police_par_defaut(doc)
    normal = st["Normal"]
    _police(normal, 10.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    titre = st["Title"]
    _police(titre, 30, gras=True, couleur=BLEU)
    titre.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    titre.paragraph_format.space_before = Pt(120)
    titre.paragraph_format.space_after = Pt(6)
    pbdr = titre.element.get_or_add_pPr().find(qn("w:pBdr"))
    if pbdr is not None:
        titre.element.pPr.remove(pbdr)

    sous = st.add_style("Sous-titre couverture", WD_STYLE_TYPE.PARAGRAPH)
    sous.base_style = normal
    _police(sous, 20, gras=True, couleur=BLEU_CLAIR)
    sous.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    sous.paragraph_format.space_after = Pt(48)

    couv = st.add_style("Mention couverture", WD_STYLE_TYPE.PARAGRAPH)
    couv.base_style = normal
    _police(couv, 12, couleur=BLEU)
    couv.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    couv.paragraph_format.space_after = Pt(4)

    epi = st.add_style("Epigraphe", WD_STYLE_TYPE.PARAGRAPH)
    epi.base_style = normal
    _police(epi, 11, italique=True, couleur=RGBColor(0x40, 0x40, 0x40))
    epi.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    epi.paragraph_format.space_after = Pt(0)
    epi.paragraph_format.left_indent = Cm(0.5)
    epi.paragraph_format.right_indent = Cm(0.5)
    aut = st.add_style("Epigraphe auteur", WD_STYLE_TYPE.PARAGRAPH)
    aut.base_style = epi
    _police(aut, 11, couleur=RGBColor(0x40, 0x40, 0x40))
    aut.paragraph_format.space_before = Pt(8)
    aut.paragraph_format.space_after = Pt(48)

    for nom, taille, couleur, avant, apres in (("Heading 1", 16, BLEU, 0, 14), ("Heading 2", 13, BLEU_CLAIR, 14, 8),
                                              ("Heading 3", 11.5, BLEU, 12, 6), ("Heading 4", 10.5, BLEU_CLAIR, 8, 4)):
        h = st[nom]
        _police(h, taille, gras=True, italique=(nom == "Heading 4"), couleur=couleur)
        h.paragraph_format.space_before = Pt(avant)
        h.paragraph_format.space_after = Pt(apres)
        h.paragraph_format.keep_with_next = True
        h.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    st["Heading 1"].paragraph_format.page_break_before = True
    _bordure_bas(st["Heading 1"], "1F3864")

    for nom in ("List Bullet", "List Bullet 2", "List Number"):
        _police(st[nom], 10.5)
        st[nom].paragraph_format.space_after = Pt(3)
    cit = st["Quote"]
    _police(cit, 10.5, italique=True, couleur=RGBColor(0x40, 0x40, 0x40))

    som = st.add_style("Titre sommaire", WD_STYLE_TYPE.PARAGRAPH)
    som.base_style = normal
    _police(som, 16, gras=True, couleur=BLEU)
    som.paragraph_format.space_after = Pt(18)
    for niveau, taille, gras, retrait in ((1, 11, True, 0), (2, 10.5, False, 0.6)):
        toc = st.add_style(f"TOC {niveau}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = normal
        _police(toc, taille, gras=gras)
        pf = toc.paragraph_format
        pf.left_indent = Cm(retrait)
        pf.space_before = Pt(6 if niveau == 1 else 1)
        pf.space_after = Pt(1)
        pf.alignment = WD_ALIGN_PARAGRAPH.LEFT
        pf.tab_stops.add_tab_stop(LARGEUR_TEXTE, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)

    cell = st.add_style("Cellule", WD_STYLE_TYPE.PARAGRAPH)
    cell.base_style = normal
    _police(cell, 9)
    cell.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    cell.paragraph_format.space_after = Pt(2)
    cell.paragraph_format.line_spacing = 1.0
    # Based on List Bullet so that Word and LibreOffice both inherit its bullet numbering.
    puce = st.add_style("Puce cellule", WD_STYLE_TYPE.PARAGRAPH)
    puce.base_style = st["List Bullet"]
    _police(puce, 9)
    puce.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    puce.paragraph_format.space_after = Pt(2)
    puce.paragraph_format.line_spacing = 1.0
    puce.paragraph_format.left_indent = Cm(0.35)
    puce.paragraph_format.first_line_indent = Cm(-0.3)
    puce2 = st.add_style("Puce cellule 2", WD_STYLE_TYPE.PARAGRAPH)
    puce2.base_style = st["List Bullet 2"]
    _police(puce2, 9)
    puce2.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    puce2.paragraph_format.space_after = Pt(1)
    puce2.paragraph_format.line_spacing = 1.0
    ctitre = st.add_style("Cellule titre", WD_STYLE_TYPE.PARAGRAPH)
    ctitre.base_style = cell
    _police(ctitre, 9, gras=True, couleur=BLEU)
    ctitre.paragraph_format.space_before = Pt(3)
    _styles_lettre(doc)
    ent = st.add_style("Entete tableau", WD_STYLE_TYPE.PARAGRAPH)
    ent.base_style = cell
    _police(ent, 9, gras=True, couleur=BLEU)
    ent.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tit = st.add_style("Titre tableau", WD_STYLE_TYPE.PARAGRAPH)
    tit.base_style = cell
    _police(tit, 10, gras=True, couleur=RGBColor(0xFF, 0xFF, 0xFF))
    tit.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    leg = st.add_style("Source chiffres", WD_STYLE_TYPE.PARAGRAPH)
    leg.base_style = normal
    _police(leg, 9, italique=True, couleur=RGBColor(0x59, 0x59, 0x59))
    leg.paragraph_format.space_after = Pt(4)
    tav = st.add_style("Titre avenant", WD_STYLE_TYPE.PARAGRAPH)
    tav.base_style = normal
    _police(tav, 18, gras=True, couleur=BLEU)
    tav.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tav.paragraph_format.space_before = Pt(24)
    tav.paragraph_format.space_after = Pt(12)
    art = st.add_style("Article", WD_STYLE_TYPE.PARAGRAPH)
    art.base_style = normal
    _police(art, 11, gras=True, couleur=BLEU)
    art.paragraph_format.space_before = Pt(12)
    art.paragraph_format.space_after = Pt(4)
    art.paragraph_format.keep_with_next = True
    sig = st.add_style("Signature", WD_STYLE_TYPE.PARAGRAPH)
    sig.base_style = cell
    _police(sig, 10)
    sig.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _styles_lettre(doc) -> None:
    """Letters of the partners: letterhead, date line, address block, signature."""
    st = doc.styles
    normal = st["Normal"]
    gris = RGBColor(0x59, 0x59, 0x59)
    definitions = [
        # name, size, bold, italic, colour, alignment, left indent (cm), space after (pt)
        ("Lettre expediteur", 10, True, False, BLEU, WD_ALIGN_PARAGRAPH.LEFT, 0, 0),
        ("Lettre reference", 8.5, False, False, gris, WD_ALIGN_PARAGRAPH.LEFT, 0, 0),
        ("Lettre date", 10.5, False, False, None, WD_ALIGN_PARAGRAPH.RIGHT, 0, 12),
        ("Lettre destinataire", 10.5, False, False, None, WD_ALIGN_PARAGRAPH.LEFT, 9, 0),
        ("Lettre objet", 10.5, True, False, None, WD_ALIGN_PARAGRAPH.LEFT, 0, 12),
        ("Lettre signature", 10.5, False, False, None, WD_ALIGN_PARAGRAPH.CENTER, 8, 0),
        ("Lettre mention", 9, False, True, gris, WD_ALIGN_PARAGRAPH.LEFT, 0, 2),
        ("Lettre pied", 7.5, False, False, gris, WD_ALIGN_PARAGRAPH.CENTER, 0, 0),
        ("Entete document", 8.5, False, True, gris, WD_ALIGN_PARAGRAPH.RIGHT, 0, 8),
        ("Sous-titre annexe", 12, True, False, BLEU_CLAIR, WD_ALIGN_PARAGRAPH.CENTER, 0, 4),
        ("Mention annexe", 10.5, False, False, BLEU, WD_ALIGN_PARAGRAPH.CENTER, 0, 2),
        ("Table des matieres annexe", 10, False, False, None, WD_ALIGN_PARAGRAPH.LEFT, 0, 1),
        ("Liste annexes", 10.5, False, False, None, WD_ALIGN_PARAGRAPH.LEFT, 0.5, 3),
    ]
    for nom, taille, gras, italique, couleur, alignement, retrait, apres in definitions:
        style = st.add_style(nom, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        _police(style, taille, gras=gras, italique=italique, couleur=couleur)
        style.paragraph_format.alignment = alignement
        style.paragraph_format.left_indent = Cm(retrait)
        style.paragraph_format.space_after = Pt(apres)
    st["Lettre pied"].paragraph_format.space_before = Pt(24)
    st["Liste annexes"].paragraph_format.tab_stops.add_tab_stop(LARGEUR_TEXTE, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
    st["Lettre signature"].paragraph_format.space_before = Pt(0)
    st["Sous-titre annexe"].paragraph_format.space_before = Pt(6)


def _bordure_bas(style, couleur: str) -> None:
    ppr = style.element.get_or_add_pPr()
    pbdr = OxmlElement("w:pBdr")
    bas = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "8"), ("w:space", "4"), ("w:color", couleur)):
        bas.set(qn(k), v)
    pbdr.append(bas)
    ppr.append(pbdr)


def _champ(paragraphe, instruction: str, texte: str = "") -> None:
    """A complex field (PAGE, NUMPAGES, TOC) in a paragraph."""
    def run_avec(enfant):
        r = OxmlElement("w:r")
        r.append(enfant)
        paragraphe._p.append(r)

    debut = OxmlElement("w:fldChar")
    debut.set(qn("w:fldCharType"), "begin")
    run_avec(debut)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_avec(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_avec(sep)
    t = OxmlElement("w:t")
    t.text = texte
    run_avec(t)
    fin = OxmlElement("w:fldChar")
    fin.set(qn("w:fldCharType"), "end")
    run_avec(fin)


def _ombrer(cellule, couleur: str) -> None:
    tcpr = cellule._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), couleur)
    tcpr.append(shd)


def _ligne_entete(ligne, repeter: bool = True, insecable: bool = True) -> None:
    trpr = ligne._tr.get_or_add_trPr()
    if repeter:
        trpr.append(OxmlElement("w:tblHeader"))
    if insecable:
        trpr.append(OxmlElement("w:cantSplit"))


def _paragraphe_cellule(cellule, texte: str, style: str, premier: bool = True):
    p = cellule.paragraphs[0] if premier else cellule.add_paragraph()
    p.style = style
    p.add_run(texte)
    return p


def _tableau_enjeu(doc) -> None:
    # Four grid columns: the axe's, then the contract's columns, repeated from one cell between
    # the cells of the column loop (docxtpl's {%tc %}, removed when rendered).
    largeurs = [Cm(2.9), Cm(0.5), Cm(13.1), Cm(0.5)]
    t = doc.add_table(rows=5, cols=4)
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    fixer_largeurs(t, largeurs)
    legende = OxmlElement("w:tblCaption")
    legende.set(qn("w:val"), LEGENDE_ENJEU)
    t._tbl.tblPr.append(legende)
    # Row 0: the enjeu's title across every column, repeated on each page.
    titre = t.rows[0].cells[0].merge(t.rows[0].cells[3])
    _paragraphe_cellule(titre, "{% colspan enjeu.nombre_colonnes %}{{ enjeu.titre }}", "Titre tableau")
    _ombrer(titre, "1F3864")
    _ligne_entete(t.rows[0])
    entetes = t.rows[1].cells
    _paragraphe_cellule(entetes[0], "{{ colonnes_enjeux.axe }}", "Entete tableau")
    _paragraphe_cellule(entetes[1], "{%tc for libelle in colonnes_enjeux.colonnes %}", "Entete tableau")
    _paragraphe_cellule(entetes[2], "{{ libelle }}", "Entete tableau")
    _paragraphe_cellule(entetes[3], "{%tc endfor %}", "Entete tableau")
    for c in entetes:
        _ombrer(c, "DEEAF6")
    _ligne_entete(t.rows[1])
    _paragraphe_cellule(t.rows[2].cells[0], "{%tr for axe in enjeu.axes %}", "Cellule")
    cellules = t.rows[3].cells
    p = _paragraphe_cellule(cellules[0], "{{ axe.titre }}", "Cellule")
    p.runs[0].bold = True
    _ombrer(cellules[0], "F2F2F2")
    _paragraphe_cellule(cellules[1], "{%tc for cellule in axe.cellules %}", "Cellule")
    # Items in bullets; the title of an objectif opérationnel (its first cell) without.
    _paragraphe_cellule(cellules[2], "{%p for element in cellule.elements %}", "Cellule")
    _paragraphe_cellule(cellules[2], "{%p if cellule.puces %}", "Cellule", premier=False)
    _paragraphe_cellule(cellules[2], "{{ element }}", "Puce cellule", premier=False)
    _paragraphe_cellule(cellules[2], "{%p else %}", "Cellule", premier=False)
    _paragraphe_cellule(cellules[2], "{{ element }}", "Cellule", premier=False)
    _paragraphe_cellule(cellules[2], "{%p endif %}", "Cellule", premier=False)
    _paragraphe_cellule(cellules[2], "{%p endfor %}", "Cellule", premier=False)
    _paragraphe_cellule(cellules[3], "{%tc endfor %}", "Cellule")
    # Rows are not split across pages where avoidable.
    _ligne_entete(t.rows[3], repeter=False)
    _paragraphe_cellule(t.rows[4].cells[0], "{%tr endfor %}", "Cellule")


def _tableau_signatures(doc, paires: str = "signataires_par_paire", titre: str | None = None) -> None:
    """Signature blocks two by two; with ``titre``, the group's heading as the table's first row,
    repeated at the top of the next page when the group continues there."""
    entete = 3 if titre else 0
    t = doc.add_table(rows=entete + 3, cols=2)
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    fixer_largeurs(t, [Cm(8.5), Cm(8.5)])
    if titre:
        # Rows of docxtpl's tags are removed when rendered: an untitled group keeps no empty row.
        _paragraphe_cellule(t.rows[0].cells[0], "{%tr if " + titre + " %}", "Signature")
        cellule = t.rows[1].cells[0].merge(t.rows[1].cells[1])
        _paragraphe_cellule(cellule, "{{ " + titre + " }}", "Heading 3")
        # Flush with the text's margin, as a heading out of a table.
        marges = OxmlElement("w:tcMar")
        gauche = OxmlElement("w:left")
        gauche.set(qn("w:w"), "0")
        gauche.set(qn("w:type"), "dxa")
        marges.append(gauche)
        cellule._tc.get_or_add_tcPr().append(marges)
        _ligne_entete(t.rows[1])
        _paragraphe_cellule(t.rows[2].cells[0], "{%tr endif %}", "Signature")
    _paragraphe_cellule(t.rows[entete].cells[0], "{%tr for paire in " + paires + " %}", "Signature")
    for k in range(2):
        c = t.rows[entete + 1].cells[k]
        _paragraphe_cellule(c, "{%p for s in paire[" + str(k) + ":" + str(k + 1) + "] %}", "Signature")
        p = _paragraphe_cellule(c, "{{ s.pour }}", "Signature", premier=False)
        p.runs[0].bold = True
        _paragraphe_cellule(c, "{{ s.qualite }}", "Signature", premier=False)
        if titre:  # the contract's template (the avenant's prints no delegate)
            # The titular's name, or its blank line to write it by hand; a delegate signs instead.
            _paragraphe_cellule(c, "{%p if s.nom or not s.delegue %}", "Signature", premier=False)
            _paragraphe_cellule(c, "{{ s.nom }}", "Signature", premier=False)
            _paragraphe_cellule(c, "{%p endif %}", "Signature", premier=False)
            _paragraphe_cellule(c, "{%p if s.delegue %}", "Signature", premier=False)
            _paragraphe_cellule(c, "{{ s.delegue }}", "Signature", premier=False)
            _paragraphe_cellule(c, "{%p endif %}", "Signature", premier=False)
        else:
            _paragraphe_cellule(c, "{{ s.nom }}", "Signature", premier=False)
        espace = _paragraphe_cellule(c, "", "Signature", premier=False)
        espace.paragraph_format.space_after = Pt(50)
        _paragraphe_cellule(c, "{%p endfor %}", "Signature", premier=False)
    _ligne_entete(t.rows[entete + 1], repeter=False)
    _paragraphe_cellule(t.rows[entete + 2].cells[0], "{%tr endfor %}", "Signature")


def _entete_pied(doc) -> None:
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2)
    section.header_distance = section.footer_distance = Cm(1)
    section.different_first_page_header_footer = True
    entete = section.header.paragraphs[0]
    entete.text = "{{ intitule }}"
    entete.style = doc.styles["Header"]
    entete.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for r in entete.runs:
        r.font.size = Pt(8)
        r.font.color.rgb = RGBColor(0x59, 0x59, 0x59)
    pied = section.footer.paragraphs[0]
    pied.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pied.add_run("Page ")
    _champ(pied, "PAGE", "1")
    pied.add_run(" / ")
    _champ(pied, "NUMPAGES", "1")
    for r in pied.runs:
        r.font.size = Pt(9)


def creer(chemin: Path) -> None:
    doc = Document()
    _styles(doc)
    _entete_pied(doc)
    body = doc
    body.add_paragraph("{%p if logo %}")  # the contract's logo, if any (no empty line otherwise)
    logo = body.add_paragraph("{{ logo }}", style="Mention couverture")
    logo.alignment = WD_ALIGN_PARAGRAPH.CENTER
    body.add_paragraph("{%p endif %}")
    body.add_paragraph("{{ titre }}", style="Title")
    body.add_paragraph("{{ sous_titre }}", style="Sous-titre couverture")
    body.add_paragraph("{{p epigraphe }}")
    body.add_paragraph("{{ territoire }}", style="Mention couverture")
    body.add_paragraph("{{ quartiers }}", style="Mention couverture")
    body.add_paragraph("{{ mention_version }}", style="Mention couverture")
    body.add_paragraph("{{p historique }}")
    saut = body.add_paragraph()
    saut.add_run().add_break(WD_BREAK.PAGE)
    body.add_paragraph("SOMMAIRE", style="Titre sommaire")
    toc = body.add_paragraph(style="TOC 1")
    _champ(toc, 'TOC \\o "1-2" \\h \\z \\u',
           "Le sommaire est calculé à la production du PDF (python build.py).")
    body.add_paragraph("{%p for ch in chapitres %}")
    # The signature page is one of the items of the plan: last, or before the chapter the
    # contract names (« signature.avant »).
    body.add_paragraph("{%p if ch.signatures %}")
    body.add_paragraph("{{ titre_signatures }}", style="Heading 1")
    body.add_paragraph("{{ fait_a }}")
    body.add_paragraph("{%p for groupe in groupes_signataires %}")
    _tableau_signatures(doc, "groupe.paires", titre="groupe.titre")
    # A paragraph between two groups' tables: adjacent tables would be read as one (its heading
    # row, the first group's, repeated on the next pages).
    body.add_paragraph("{%p if not loop.last %}")
    separation = body.add_paragraph("", style="Signature")
    separation.paragraph_format.space_before = separation.paragraph_format.space_after = Pt(0)
    separation.paragraph_format.line_spacing = Pt(2)
    body.add_paragraph("{%p endif %}")
    body.add_paragraph("{%p endfor %}")
    body.add_paragraph("{{p adhesions }}")
    body.add_paragraph("{%p else %}")
    body.add_paragraph("{{ ch.intitule }}", style="Heading 1")
    body.add_paragraph("{{p ch.texte }}")
    body.add_paragraph("{{p ch.contenu }}")
    body.add_paragraph("{%p for enjeu in ch.enjeux %}")
    # The first enjeu of a pilier prints the pilier's heading and introduction first; under a
    # pilier an enjeu's heading is one level down.
    body.add_paragraph("{%p if enjeu.pilier %}")
    body.add_paragraph("{{ enjeu.pilier.intitule }}", style="Heading 2")
    body.add_paragraph("{{p enjeu.pilier.introduction }}")
    body.add_paragraph("{%p endif %}")
    body.add_paragraph("{%p if enjeu.sous_pilier %}")
    body.add_paragraph("{{ enjeu.intitule }}", style="Heading 3")
    body.add_paragraph("{%p else %}")
    body.add_paragraph("{{ enjeu.intitule }}", style="Heading 2")
    body.add_paragraph("{%p endif %}")
    body.add_paragraph("{{p enjeu.introduction }}")
    _tableau_enjeu(doc)
    body.add_paragraph("{%p endfor %}")
    body.add_paragraph("{%p endif %}")
    body.add_paragraph("{%p endfor %}")
    doc.core_properties.title = ""
    doc.core_properties.author = ""
    doc.save(chemin)


def creer_avenant(chemin: Path) -> None:
    """The avenant's template: same styles as the contract; the body is generated."""
    doc = Document()
    _styles(doc)
    _entete_pied(doc)
    doc.sections[0].different_first_page_header_footer = False
    doc.add_paragraph("{{ titre }}", style="Titre avenant")
    doc.add_paragraph("{{ sous_titre }}", style="Mention couverture")
    doc.add_paragraph("{{p corps }}")
    doc.add_paragraph("{{ fait_a }}")
    _tableau_signatures(doc)
    doc.add_paragraph("{{p annexe }}")
    doc.save(chemin)


def creer_rapport(chemin: Path) -> None:
    """The annual report's template: the contract's styles, a cover (title, contract, territory,
    QPV, legal basis, and the warning when figures are illustrative), then the generated body."""
    doc = Document()
    _styles(doc)
    avertissement = doc.styles.add_style("Avertissement couverture", WD_STYLE_TYPE.PARAGRAPH)
    avertissement.base_style = doc.styles["Normal"]
    _police(avertissement, 12, gras=True, couleur=RGBColor(0xC0, 0x00, 0x00))
    avertissement.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    avertissement.paragraph_format.space_before = Pt(18)
    _bordure_bas(avertissement, "C00000")
    _entete_pied(doc)
    doc.add_paragraph("{{ titre }}", style="Title")
    doc.add_paragraph("{{ sous_titre }}", style="Sous-titre couverture")
    doc.add_paragraph("{{ territoire }}", style="Mention couverture")
    doc.add_paragraph("{{ quartiers }}", style="Mention couverture")
    doc.add_paragraph("{{ base_legale }}", style="Mention couverture")
    doc.add_paragraph("{%p if avertissement %}")
    doc.add_paragraph("{{ avertissement }}", style="Avertissement couverture")
    doc.add_paragraph("{%p endif %}")
    # Each part opens a page (Heading 1's own setting), the opinions annexed last.
    doc.add_paragraph("{%p for partie in parties %}")
    doc.add_paragraph("{{ partie.intitule }}", style="Heading 1")
    doc.add_paragraph("{{p partie.contenu }}")
    doc.add_paragraph("{%p endfor %}")
    doc.core_properties.title = ""
    doc.core_properties.author = ""
    doc.save(chemin)


if __name__ == "__main__":
    racine = Path(__file__).resolve().parent.parent / "templates"
    creer(Path(sys.argv[1]) if len(sys.argv) > 1 else racine / "contrat.docx")
    creer_avenant(Path(sys.argv[2]) if len(sys.argv) > 2 else racine / "avenant.docx")
    creer_rapport(Path(sys.argv[3]) if len(sys.argv) > 3 else racine / "rapport.docx")
