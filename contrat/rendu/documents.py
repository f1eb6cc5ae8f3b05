"""Annexes, partners' contributions and the list of acronyms, written into the document.

Letters are laid out as letters (letterhead, date, address, signature), tables as real
tables with a repeated heading row, the CIV measures as pillar > theme > measure.
"""

from __future__ import annotations

from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm

from contrat.impression.numerotation import intitule_annexe, marque_reservee
from contrat.impression.substitution import resoudre, substituer_chiffres
from contrat.impression.unites import date_ou_blanc, lignes_concertation
from contrat.modele.contrat import BlocTableau, BlocTexte, Contrat, Document, Lettre, ListeMesures, Tableau
from contrat.modele.prose import ElementListe, Liste, Prose, Segment, Titre
from contrat.modele.sigles import sigles_utilises
from contrat.rendu.ecriture import EcritureDocx, ecrire_segments, poser_style_tableau, repeter_entete
from contrat.rendu.tableaux import fixer_largeurs

LARGEUR = Cm(17)


def annexes(r: EcritureDocx, contrat: Contrat) -> None:
    """Chapter « Annexes »: the list of annexes, then each annex from a new page."""
    r.paragraphe("Liste des annexes", style="Heading 3")
    for n, doc in enumerate(contrat.annexes, start=1):
        # The page is a PAGEREF field to the annex's heading: LibreOffice and Word compute it.
        p = r.paragraphe(f"Annexe n°{n} – {doc.titre}", style="Liste annexes")
        p.add_run("\t")
        champ_page(p, signet(doc.code))
    for n, doc in enumerate(contrat.annexes, start=1):
        _document(r, contrat, doc, intitule_annexe(n, doc.titre), 1000 + n)


def contributions(r: EcritureDocx, contrat: Contrat) -> None:
    """Chapter « Contributions des partenaires »: each contribution from a new page."""
    for n, doc in enumerate(contrat.contributions, start=1):
        _document(r, contrat, doc, doc.titre, 2000 + n)


def liste_des_sigles(r: EcritureDocx, contrat: Contrat) -> None:
    """Exactly the acronyms the document uses, with their full name from the registry."""
    r.tableau_texte(["Sigle", "Signification"], [[s.sigle, s.definition or "—"] for s in sigles_utilises(contrat)],
                    [Cm(3.5), Cm(13.5)], premiere_colonne="Cellule titre")


# --- one document ---------------------------------------------------------------------


def _document(r: EcritureDocx, contrat: Contrat, doc: Document, intitule: str, identifiant: int) -> None:
    """One annex or contribution from a new page; ``identifiant`` numbers its bookmark (stable)."""
    saut = r.paragraphe()
    saut.add_run().add_break(WD_BREAK.PAGE)
    titre = r.paragraphe(intitule, style="Heading 2")
    poser_signet(titre, signet(doc.code), identifiant)
    if doc.entete:
        r.paragraphe(doc.entete, style="Entete document")
    if doc.pdf:
        _pages_reservees(r, contrat, doc)
        return
    if doc.concertation:
        for _, ligne, style in lignes_concertation(doc.concertation):
            r.paragraphe(ligne, style=style)
        if doc.concertation.sommaire:
            _table_des_matieres(r, doc)
    if doc.mesures:
        _mesures(r, doc.mesures)
    for bloc in doc.blocs:
        if isinstance(bloc, BlocTexte):
            r.prose(resoudre(bloc.texte, contrat, doc))
        elif isinstance(bloc, BlocTableau):
            _tableau(r, bloc.tableau, lambda p: resoudre(p, contrat, doc))
        else:
            _lettre(r, bloc.lettre, lambda p: resoudre(p, contrat, doc))
    for piece in doc.pieces_jointes:
        saut = r.paragraphe()
        saut.add_run().add_break(WD_BREAK.PAGE)
        if piece.numero_affiche:
            r.paragraphe(piece.numero_affiche, style="Sous-titre annexe")
        r.paragraphe(piece.titre, style="Heading 3")
        r.prose(piece.texte)


def signet(code: str) -> str:
    return f"doc_{code.replace('-', '_')}"[:40]


def poser_signet(paragraphe, nom: str, identifiant: int) -> None:  # noqa: ANN001
    debut = OxmlElement("w:bookmarkStart")
    debut.set(qn("w:id"), str(identifiant))
    debut.set(qn("w:name"), nom)
    fin = OxmlElement("w:bookmarkEnd")
    fin.set(qn("w:id"), str(identifiant))
    ppr = paragraphe._p.find(qn("w:pPr"))
    (ppr.addnext if ppr is not None else (lambda e: paragraphe._p.insert(0, e)))(debut)
    paragraphe._p.append(fin)


def champ_page(paragraphe, nom: str) -> None:  # noqa: ANN001
    """A PAGEREF field: the page where bookmark ``nom`` is printed."""
    for type_, texte in (("begin", None), (None, f" PAGEREF {nom} \\h "), ("separate", None), (None, "?"), ("end", None)):
        run = OxmlElement("w:r")
        if type_:
            f = OxmlElement("w:fldChar")
            f.set(qn("w:fldCharType"), type_)
            run.append(f)
        else:
            t = OxmlElement("w:instrText" if texte.startswith(" PAGEREF") else "w:t")
            t.set(qn("xml:space"), "preserve")
            t.text = texte
            run.append(t)
        paragraphe._p.append(run)


def _table_des_matieres(r: EcritureDocx, doc: Document) -> None:
    """The seminar report's own table of contents, generated from its headings."""
    r.paragraphe("Table des matières", style="Heading 4")
    for bloc in doc.blocs:
        for titre in (b for b in (bloc.texte.blocs if isinstance(bloc, BlocTexte) else ()) if isinstance(b, Titre)):
            p = r.paragraphe(style="Table des matieres annexe")
            if titre.niveau >= 4:
                p.paragraph_format.left_indent = Cm(0.8)
            ecrire_segments(p, titre.segments)


def _mesures(r: EcritureDocx, m: ListeMesures) -> None:
    # The annex heading already carries the measures' title: only the programme's mark follows.
    if m.marque:
        r.paragraphe(m.marque, style="Sous-titre annexe")
    for pilier in m.parties:
        r.paragraphe(pilier.titre, style="Heading 3")
        for theme in pilier.rubriques:
            r.paragraphe(theme.titre, style="Heading 4")
            elements = tuple(
                ElementListe(segments=(Segment(texte=substituer_chiffres(mesure.texte, mesure.chiffres)),),
                             sous_liste=Liste(elements=tuple(
                                 ElementListe(segments=(Segment(texte=substituer_chiffres(s.texte, s.chiffres)),))
                                 for s in mesure.sous_mesures)) if mesure.sous_mesures else None)
                for mesure in theme.mesures)
            r.prose(Prose(fichier="", blocs=(Liste(elements=elements),)))


def _tableau(r: EcritureDocx, t: Tableau, resoudre_prose) -> None:  # noqa: ANN001 - Prose -> Prose
    colonnes = max(len(t.colonnes), *(len(l) for l in t.lignes))
    entete = bool(t.colonnes)
    table = r.tableau_vide(len(t.lignes) + int(entete), colonnes)
    poser_style_tableau(table)
    rangs = list(table.rows)  # python-docx lists the rows (and a row its cells) at each access
    if entete:
        repeter_entete(rangs[0])
        for cellule, titre in zip(rangs[0].cells, t.colonnes):
            r.dans(cellule).paragraphe(titre, style="Entete tableau")
    for rang, cellules in zip(rangs[int(entete):], t.lignes):
        for cellule, prose in zip(rang.cells, cellules):
            r.dans(cellule).prose(resoudre_prose(prose), style_paragraphe="Cellule")
    fixer_largeurs(table, [LARGEUR // colonnes] * colonnes)
    r.paragraphe()


def _lettre(r: EcritureDocx, lettre: Lettre, resoudre_prose) -> None:  # noqa: ANN001 - Prose -> Prose
    """Letterhead (sender left, file references right), date, recipient, object, body, signature."""
    tete = r.tableau_vide(1, 2)
    gauche, droite = r.dans(tete.rows[0].cells[0], styles={}), r.dans(tete.rows[0].cells[1], styles={})
    for ligne in lettre.expediteur:
        gauche.paragraphe(ligne, style="Lettre expediteur")
    for ligne in lettre.reference:
        droite.paragraphe(ligne, style="Lettre reference")
    if not lettre.reference:
        droite.paragraphe("", style="Lettre reference")
    fixer_largeurs(tete, [Cm(10), Cm(7)])
    date = lettre.date_ecrite or date_ou_blanc(lettre.date)
    r.paragraphe(f"{lettre.lieu}, le {date}", style="Lettre date")
    for ligne in lettre.destinataire:
        r.paragraphe(ligne, style="Lettre destinataire")
    if lettre.destinataire:
        r.paragraphe()
    if lettre.objet:
        p = r.paragraphe(style="Lettre objet")
        p.add_run("Objet : ")
        p.add_run(lettre.objet).bold = False
    if lettre.appel:
        r.paragraphe(lettre.appel)
    r.prose(resoudre_prose(lettre.corps))
    r.paragraphe()
    for ligne in lettre.signature:
        r.paragraphe(ligne, style="Lettre signature")
    if lettre.copie:
        r.paragraphe(f"Copie : {lettre.copie}", style="Lettre mention")
    if lettre.pied:
        r.paragraphe(lettre.pied, style="Lettre pied")


def _pages_reservees(r: EcritureDocx, contrat: Contrat, doc: Document) -> None:
    """As many pages as the external PDF has, replaced by its pages once LibreOffice paginated."""
    for page in range(doc.pdf_pages):
        p = r.paragraphe(style="Lettre mention")
        p.add_run().add_break(WD_BREAK.PAGE)
        p.add_run(marque_reservee(contrat, doc.code, page))

