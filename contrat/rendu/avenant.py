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
from contrat.amendements.redaction import Article
from contrat.erreurs import ErreurGabarit
from contrat.impression.arbre import TABLEAUX, Genre, Noeud, parcourir
from contrat.impression.francais import de, l_avenant
from contrat.impression.typographie import espaces_insecables
from contrat.impression.unites import (
    date_en_lettres,
    date_ou_blanc,
    fait_a_le,
    lui_meme_represente,
    nombre_originaux,
    organisations_signees,
    par_delegation,
    representation,
    texte_imprime,
    tronquer,
)
from contrat.modele.contrat import Contrat, Signataire
from contrat.rendu.arbre_docx import ECRIVAINS
from contrat.rendu.arbre_docx import ecrire as ecrire_unite
from contrat.rendu.docx import OptionsRendu
from contrat.rendu.docx_bas_niveau import Element, element_run
from contrat.rendu.ecriture import STYLE_CELLULE_TITRE, EcritureDocx, GabaritDocx, sous_document
from contrat.rendu.jointes import pdf_avec_documents_joints
from contrat.rendu.paquet import parties, zipper
from contrat.rendu.pdf import pdf_avenant
from contrat.rendu.typographie_docx import typographier_document

LOI = ("Vu la loi n° 2014-173 du 21 février 2014 de programmation pour la ville et la cohésion urbaine, "
       "notamment son article 6 ;")


def rendre_avenant(v: Versions, liste: list[Article], options: OptionsRendu) -> bytes:
    """The avenant as DOCX bytes."""
    assert v.avenant is not None, "un avenant à écrire"
    tpl = GabaritDocx(str(options.gabarit))
    contexte = {
        "titre": espaces_insecables(v.titre()),
        "sous_titre": f"Comité de pilotage du {date_en_lettres(v.avenant.comite_pilotage)}",
        "intitule": espaces_insecables(f"Avenant n° {v.avenant.numero} — {v.nouveau.intitule}"),
        "corps": _corps(tpl, v, liste),
        "fait_a": _fait_a(v),
        "signataires_par_paire": _signataires(v.nouveau),
        "annexe": _annexe(tpl, liste),
    }
    try:
        env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
        tpl.render(contexte, jinja_env=env, autoescape=True)
    except jinja2.TemplateError as exc:
        raise ErreurGabarit(f"{options.gabarit}: gabarit d'avenant inutilisable : {exc}") from None
    typographier_document(tpl.docx)
    cp = tpl.docx.core_properties
    cp.title = tronquer(v.titre())
    cp.subject = tronquer(v.avenant.objet)  # Word's 255 characters
    cp.language = "fr-FR"
    cp.version = options.version
    cp.last_modified_by = "contrat"
    cp.revision = 1
    cp.created = cp.modified = options.date.replace(tzinfo=None)
    return zipper(parties(tpl))


def _signataires(contrat: Contrat) -> list[list[dict[str, str]]]:
    """Who signs this avenant: the parties as they are now (new representatives included)."""
    blocs = []
    for s in contrat.signataires:
        # The delegate who signs after the titular's name (the template has no line of its own for it).
        nom = ", ".join(x for x in (s.nom or "", par_delegation(s)) if x)
        blocs.append({"pour": espaces_insecables(organisations_signees(contrat, s)), "qualite": s.qualite, "nom": nom})
    return [blocs[i:i + 2] for i in range(0, len(blocs), 2)]


def partie(contrat: Contrat, s: Signataire) -> str:
    """« La Région, représentée par la Présidente du Conseil régional, X »; the organisations one
    person signs for together, a delegate after the titular."""
    nom = f", {s.nom}" if s.nom else ""
    return f"{organisations_signees(contrat, s)}, {representation(contrat, s)}{nom}{lui_meme_represente(s)}"


def _corps(tpl: DocxTemplate, v: Versions, liste: list[Article]) -> Subdoc:
    assert v.avenant is not None, "un avenant à écrire"
    sd = sous_document(tpl)
    r = EcritureDocx(sd.subdocx)

    def ecrire(texte: str, style: str = "Normal") -> Paragraph:
        return r.paragraphe(espaces_insecables(texte), style=style)

    ecrire("Entre les soussignés :", style="Heading 3")
    for n, s in enumerate(v.nouveau.signataires):
        fin = " ;" if n < len(v.nouveau.signataires) - 1 else ","
        ecrire(partie(v.nouveau, s) + fin, style="List Bullet")
    ecrire("ci-après dénommés « les parties ».")
    ecrire("Visas", style="Heading 3")
    for visa in _visas(v):
        ecrire(visa)
    ecrire("Il a été préalablement exposé ce qui suit :", style="Heading 3")
    ecrire_unite(r, texte_imprime(v.avenant.expose_motifs))
    ecrire("Il a été convenu ce qui suit :", style="Heading 3")
    numero = 1
    ecrire(f"Article {numero} – Objet", style="Article")
    date_contrat = date_ou_blanc(v.ancien.signature.date)
    ecrire(f"Le présent avenant a pour objet {de(v.avenant.objet)}. Il modifie le {v.ancien.intitule[0].lower()}"
           f"{v.ancien.intitule[1:]}, signé le {date_contrat}, dans sa rédaction en vigueur.")
    for article in liste:
        numero += 1
        ecrire(f"Article {numero}", style="Article")
        paragraphes = [ecrire(alinea) for alinea in article.alineas]
        if article.citations:
            paragraphes[-1].paragraph_format.keep_with_next = True  # « ainsi rédigé : » stays with what it quotes
        for citation in article.citations:
            citer(r, citation)
    numero += 1
    ecrire(f"Article {numero} – Autres stipulations", style="Article")
    ecrire("Les autres stipulations du contrat demeurent inchangées.")
    numero += 1
    ecrire(f"Article {numero} – Entrée en vigueur", style="Article")
    if v.avenant.date_effet:
        ecrire(f"Le présent avenant prend effet le {date_ou_blanc(v.avenant.date_effet)}.")
    else:
        ecrire("Le présent avenant prend effet à la date de sa signature par l'ensemble des parties.")
    return sd


def citer(r: EcritureDocx, n: Noeud) -> None:
    """A printed unit quoted in full in an article, written as the contract prints it (the same
    writer: bold, bullets, superscripts, a table's widths and merged cells), each quoted line
    between « and »; a table's grid under its quoted title."""
    if n.empreinte:
        r.paragraphe("(document joint au présent avenant)", style="Quote")
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


def _visas(v: Versions) -> list[str]:
    assert v.avenant is not None, "un avenant à écrire"
    visas = [LOI, f"Vu le {v.ancien.intitule[0].lower()}{v.ancien.intitule[1:]}, signé le "
                  f"{date_ou_blanc((v.initial or v.ancien).signature.date)} ;"]
    for numero, date in v.precedents:
        visas.append(f"Vu {l_avenant(numero)} au contrat de ville, signé le {date_ou_blanc(date)} ;")
    visas.extend(d.rstrip(" ;.") + " ;" for d in v.avenant.deliberations)
    visas.append(f"Vu l'avis du comité de pilotage du {date_ou_blanc(v.avenant.comite_pilotage)},")
    return visas


def _fait_a(v: Versions) -> str:
    assert v.avenant is not None, "un avenant à écrire"
    return fait_a_le(v.avenant.signature.lieu, v.avenant.signature.date,
                     v.avenant.signature.exemplaires or nombre_originaux(v.nouveau))


def _annexe(tpl: DocxTemplate, liste: list[Article]) -> Subdoc:
    """Annex: the tableau comparatif, one row per article's place (rédaction en vigueur / modifiée)."""
    sd = sous_document(tpl)
    r = EcritureDocx(sd.subdocx)
    saut = r.paragraphe()
    saut.add_run().add_break(WD_BREAK.PAGE)
    r.paragraphe("Annexe – Tableau comparatif", style="Heading 2")
    lignes_ = [[f"Article {k}", *(espaces_insecables(t) for t in (place, ancien or "(néant)", nouveau or "(supprimé)"))]
               for k, a in enumerate(liste, start=2) for place, ancien, nouveau in a.comparaison]
    r.tableau_texte(["Article", "Stipulation", "Rédaction en vigueur", "Rédaction modifiée"], lignes_,
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
