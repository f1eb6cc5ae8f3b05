"""DOCX renderer: Contrat -> bytes, through the docxtpl Word template."""

from __future__ import annotations

import datetime as dt
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from docx.oxml.ns import qn
from docx.shared import Cm
from docxtpl import DocxTemplate

from contrat.erreurs import ErreurGabarit
from contrat.impression.numerotation import (
    intitule_chapitre,
    intitule_section,
    intitule_sous_section,
    numeros_chapitres,
)
from contrat.impression.substitution import resoudre
from contrat.impression.unites import (
    TITRE_ADHESIONS,
    TITRE_SIGNATURES,
    PageSignatures,
    cellule_axe,
    colonnes_des_enjeux,
    enjeux_par_pilier,
    entetes_des_enjeux,
    fait_a,
    mention_quartiers,
    page_signatures,
)
from contrat.modele.contrat import COLONNES_STANDARD, Contrat, Enjeu
from contrat.modele.prose import Prose
from contrat.rendu.documents import annexes, contributions, liste_des_sigles
from contrat.rendu.ecriture import (
    EcritureDocx,
    GabaritDocx,
    chiffres_cles,
    ecrire_segments,
    id_de_style,
    sous_document,
)
from contrat.rendu.paquet import Paquet, paquet, zipper
from contrat.rendu.tableaux import fixer_largeurs
from contrat.rendu.typographie_docx import typographier_document

CONTENUS = {"chiffres_cles": chiffres_cles, "annexes": annexes, "contributions": contributions,
            "sigles": liste_des_sigles}


@dataclass(frozen=True)
class OptionsRendu:
    """What a renderer needs besides the contract."""

    gabarit: Path
    date: dt.datetime = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    """Date of the sources (commit date), used for metadata: never the clock."""
    version: str = ""
    """Human label of the version (« 1.0 », « version consolidée... »)."""
    commit: str = ""
    dossier_sources: Path | None = None
    """Where external PDF annexes are read from."""
    mention: str = ""
    """Line printed on the cover under the parties (version of the sources)."""
    en_vigueur_au: str = ""
    """For a point-in-time build: the day (AAAA-MM-JJ), recorded in the PDF so that it can be rebuilt."""
    historique: tuple[tuple[str, ...], ...] = ()
    """Versions of the contract (version, comité / date, state), printed on the cover."""
    fichiers_sources: tuple[str, ...] | None = None
    """The files the contract was read from (embedded in the PDF); None: read the folder again."""
    signatures: PageSignatures | None = None
    """The signature page as signed (a consolidated contract keeps it); None: the contract's own."""


def rendre_docx(contrat: Contrat, options: OptionsRendu) -> bytes:
    """Render the contract as DOCX bytes (deterministic for the same inputs)."""
    return zipper(rendre_paquet(contrat, options).octets())


def rendre_paquet(contrat: Contrat, options: OptionsRendu) -> Paquet:
    """Render the contract as the DOCX package's parts, the main one as its tree (for the PDF:
    nothing zipped, serialized or parsed in between)."""
    try:
        tpl = GabaritDocx(str(options.gabarit))
        _verifier_gabarit(tpl, contrat, options.gabarit)
        contexte = _contexte(contrat, tpl, options)
        env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
        tpl.render(contexte, jinja_env=env, autoescape=True)
    except (jinja2.TemplateError, ValueError, KeyError) as exc:
        raise ErreurGabarit(f"{options.gabarit}: gabarit Word inutilisable : {exc}") from None
    typographier_document(tpl.docx)
    _verifier_rendu(tpl, contrat)
    _ajuster_tableaux_enjeux(tpl, largeurs_des_enjeux(contrat),
                             [[len(a.rangees) for a in e.axes] for _, groupe in enjeux_par_pilier(contrat) for e in groupe])
    _proprietes(tpl, contrat, options)
    return paquet(tpl)


# --- context (the template's view of the contract) ----------------------------------


def _contexte(contrat: Contrat, tpl: GabaritDocx, options: OptionsRendu) -> dict[str, Any]:
    page = options.signatures or page_signatures(contrat)
    epci = contrat.organisation(contrat.territoire.epci)
    return {
        "logo": _logo(contrat, tpl, options),
        "titre": contrat.titre,
        "sous_titre": contrat.sous_titre,
        "intitule": contrat.intitule,
        "epigraphe": _epigraphe(contrat, tpl),
        "territoire": epci.nom_complet,
        "quartiers": mention_quartiers(contrat),
        "mention_version": options.mention,
        "historique": _historique(tpl, options.historique),
        "chapitres": _avec_la_page_des_signatures(contrat, tpl, _chapitres(contrat, tpl)),
        "colonnes_enjeux": _colonnes_enjeux(contrat),
        "titre_signatures": TITRE_SIGNATURES,
        "fait_a": fait_a(page),
        "signataires_par_paire": _paires(list(page.blocs)),
        "groupes_signataires": [{"titre": titre, "paires": _paires(blocs)} for _, titre, blocs in page.blocs_par_groupe()],
        "adhesions": _adhesions(tpl, page),
    }


LARGEUR_LOGO_CM = 4.5


def _logo(contrat: Contrat, tpl: DocxTemplate, options: OptionsRendu) -> Any:
    """The cover's logo as an image of the document, or nothing."""
    if contrat.couverture.logo is None:
        return ""
    if options.dossier_sources is None:
        raise ErreurGabarit("logo de couverture : dossier des sources inconnu")
    from docxtpl import InlineImage

    chemin = options.dossier_sources / contrat.couverture.logo
    # The bytes the check read and decoded, not the file again: a link swapped since would bring another.
    lus = getattr(options.fichiers_sources, "contenus", {})
    nom = Path(os.path.relpath(chemin, options.dossier_sources)).as_posix()
    image = io.BytesIO(lus[nom]) if nom in lus else str(chemin)
    return InlineImage(tpl, image, width=Cm(LARGEUR_LOGO_CM))


def _avec_la_page_des_signatures(contrat: Contrat, tpl: GabaritDocx, chapitres: list[dict[str, Any]]
                                 ) -> list[dict[str, Any]]:
    """The plan with the signature page as one of its items, before the chapter ``signature.avant``
    names or last; a template made before that prints it after the chapters itself."""
    if "ch.signatures" not in tpl.source:
        return chapitres
    page = {"signatures": True}
    rang = next((k for k, ch in enumerate(contrat.chapitres) if ch.code == contrat.signature.avant), len(chapitres))
    return [{**ch, "signatures": False} for ch in chapitres[:rang]] + [page] + \
        [{**ch, "signatures": False} for ch in chapitres[rang:]]


def _historique(tpl: DocxTemplate, lignes: tuple[tuple[str, ...], ...]) -> Any:
    """The table of versions of a consolidated contract (empty for the signed contract alone)."""
    if len(lignes) < 2:
        return ""
    sd = sous_document(tpl)
    r = EcritureDocx(sd.subdocx)
    r.paragraphe("Historique des versions", style="Sous-titre annexe")
    r.tableau_texte(["Version", "Comité de pilotage", "Signature", "Prise d'effet"], [list(l) for l in lignes],
                    [Cm(4.25)] * 4)
    return sd


def _epigraphe(contrat: Contrat, tpl: DocxTemplate) -> Any:
    if contrat.epigraphe is None:
        return ""
    sd = sous_document(tpl)
    r = EcritureDocx(sd.subdocx)
    r.prose(contrat.epigraphe.texte, style_paragraphe="Epigraphe")

    ecrire_segments(sd.subdocx.add_paragraph(style="Epigraphe auteur"), contrat.epigraphe.auteur)
    return sd


def _chapitres(contrat: Contrat, tpl: DocxTemplate) -> list[dict[str, Any]]:
    chapitres = []
    for ch, numero in zip(contrat.chapitres, numeros_chapitres(contrat)):
        texte = contenu = ""
        ecriture = None
        if ch.texte:
            sd = sous_document(tpl)
            ecriture = EcritureDocx(sd.subdocx)
            ecriture.prose(resoudre(ch.texte, contrat))
            texte = sd
        if ch.inclure in ("chiffres_cles", "annexes", "contributions", "sigles"):
            sd = sous_document(tpl)
            CONTENUS[ch.inclure](EcritureDocx(sd.subdocx), contrat)
            contenu = sd
        enjeux: list[dict[str, Any]] = []
        if ch.inclure == "enjeux":
            # Enjeux (or their piliers) continue the numbering of the chapter's own subsections.
            rang = ecriture.section if ecriture else 0
            for pilier, groupe in enjeux_par_pilier(contrat):
                rang += 1
                if pilier is None:
                    enjeux.extend(_enjeu(contrat, tpl, e, intitule_section(rang, e.titre)) for e in groupe)
                    continue
                tete = {"intitule": intitule_section(rang, pilier.titre), "titre": pilier.titre,
                        "introduction": _prose_seule(tpl, contrat, pilier.introduction)}
                enjeux.extend(_enjeu(contrat, tpl, e, intitule_sous_section(rang, k, e.titre),
                                     pilier=tete if k == 1 else None) for k, e in enumerate(groupe, start=1))
        chapitres.append({"intitule": intitule_chapitre(numero, ch.titre), "texte": texte,
                          "contenu": contenu, "enjeux": enjeux})
    return chapitres


def _enjeu(contrat: Contrat, tpl: DocxTemplate, enjeu: Enjeu, intitule: str,
           pilier: dict[str, Any] | None = None) -> dict[str, Any]:
    colonnes = colonnes_des_enjeux(contrat)
    sous_axe = contrat.avec_objectifs_operationnels
    rangs = []
    for a in enjeu.axes:
        for k, r in enumerate(a.rangees):
            cellules = {col.code: [texte for _, texte in cellule_axe(contrat, r, col)] for col in colonnes}
            ligne = [{"puces": True, "elements": v} for v in cellules.values()]
            if sous_axe:
                ligne.insert(0, {"puces": False, "elements": [r.titre] if r is not a else []})
            # The axe's title on its first row (the next ones are merged with it after the render);
            # the four usual columns by name too: templates made before the columns were declared.
            rangs.append({"titre": a.titre if k == 0 else "", "cellules": ligne,
                          **{code: cellules.get(code, []) for code in COLONNES_STANDARD}})
    return {
        "intitule": intitule,
        "titre": enjeu.titre,
        "pilier": pilier or "",
        "sous_pilier": enjeu.pilier is not None and bool(contrat.piliers),
        "introduction": _prose_seule(tpl, contrat, enjeu.introduction),
        "nombre_colonnes": len(entetes_des_enjeux(contrat)),
        "axes": rangs,
    }


def _prose_seule(tpl: DocxTemplate, contrat: Contrat, prose: Prose | None) -> Any:
    """A piece of prose as a sub-document, or nothing."""
    if prose is None:
        return ""
    sd = sous_document(tpl)
    EcritureDocx(sd.subdocx).prose(resoudre(prose, contrat))
    return sd


def _colonnes_enjeux(contrat: Contrat) -> dict[str, Any]:
    """The headings of the enjeux tables: the axe's, the contract's columns in order, and the four
    usual ones by name (templates made before the columns were declared)."""
    if contrat.colonnes_enjeux is None:
        return {}
    colonnes = contrat.colonnes_enjeux.colonnes
    return {"axe": contrat.colonnes_enjeux.axe, "colonnes": list(entetes_des_enjeux(contrat)[1:]),
            **{code: next((k.libelle for k in colonnes if k.code == code), "") for code in COLONNES_STANDARD}}


def _paires(blocs: list[tuple[str, str, str, str]]) -> list[list[dict[str, str]]]:
    """Signature blocks two by two (the page's rows)."""
    dicts = [{"pour": pour, "qualite": qualite, "nom": nom} for _, pour, qualite, nom in blocs]
    return [dicts[i:i + 2] for i in range(0, len(dicts), 2)]


def _adhesions(tpl: DocxTemplate, page: PageSignatures) -> Any:
    """Parties that joined the contract by avenant, under the signature page as it was signed."""
    if not page.adhesions:
        return ""
    sd = sous_document(tpl)
    r = EcritureDocx(sd.subdocx)
    r.paragraphe(TITRE_ADHESIONS, style="Heading 3")
    for _, pour in page.adhesions:
        r.paragraphe(pour, style="List Bullet")
    return sd


# --- after rendering -----------------------------------------------------------------


LEGENDE_ENJEU = "Tableau d'un enjeu"
"""The caption of the enjeux' table in the template (see ``outils/creer_gabarit.py``)."""
LARGEUR_AXE_CM, LARGEUR_TABLEAU_CM, LARGEUR_COLONNE_CM = 2.9, 17.0, 3.2


def _verifier_gabarit(tpl: GabaritDocx, contrat: Contrat, gabarit: Path) -> None:
    """A template made before piliers and declared columns prints neither: said, not dropped."""
    xml = tpl.source
    regenerer = "régénérer le gabarit (python outils/creer_gabarit.py) et y reporter ses styles"
    if contrat.piliers and "enjeu.pilier" not in xml:
        raise ErreurGabarit(f"{gabarit}: le gabarit n'imprime pas les piliers des enjeux : {regenerer}")
    standard = tuple(k.code for k in colonnes_des_enjeux(contrat)) == COLONNES_STANDARD and not \
        contrat.avec_objectifs_operationnels
    if contrat.couverture.logo and "{{ logo }}" not in xml:
        raise ErreurGabarit(f"{gabarit}: le gabarit n'a pas de place pour le logo de couverture : {regenerer}")
    if (contrat.groupes_signataires or contrat.signature.avant) and "ch.signatures" not in xml:
        raise ErreurGabarit(f"{gabarit}: le gabarit n'imprime ni groupes de signataires ni la page des signatures "
                            f"ailleurs qu'à la fin : {regenerer}")
    if not standard and "cellule.elements" not in xml:
        raise ErreurGabarit(f"{gabarit}: le gabarit n'imprime que les quatre colonnes habituelles des enjeux : "
                            f"{regenerer}")


CM_PAR_CARACTERE, MARGE_CELLULE_CM, RETRAIT_PUCE_CM = 0.17, 0.4, 0.35
"""A character of the cells' 9-point font, a cell's inner margins, a bullet's indent (cm)."""


def largeurs_des_enjeux(contrat: Contrat) -> list[float]:
    """The widths (cm) of the enjeux' tables' columns. Up to four columns after the axe's: the
    axe's 2.9 cm, the first of the others wider while there is room (the four usual ones: 4.5,
    then 3.2 cm). Beyond: each column as wide as its longest word at least (no word cut in two),
    the rest of the page shared in proportion of the text each holds."""
    colonnes = colonnes_des_enjeux(contrat)
    sous_axe = contrat.avec_objectifs_operationnels
    n = len(colonnes) + int(sous_axe)
    if n <= 4:
        reste = LARGEUR_TABLEAU_CM - LARGEUR_AXE_CM - LARGEUR_COLONNE_CM * (n - 1)
        return [LARGEUR_AXE_CM, reste] + [LARGEUR_COLONNE_CM] * (n - 1)
    entetes = entetes_des_enjeux(contrat)
    textes: list[list[str]] = [[t] for t in entetes]
    puces = [False] + [False] * int(sous_axe) + [True] * len(colonnes)
    for e in contrat.enjeux:
        for a in e.axes:
            textes[0].append(a.titre)
            for r in a.rangees:
                if sous_axe:
                    textes[1].append(r.titre)
                for k, colonne in enumerate(colonnes, start=1 + int(sous_axe)):
                    textes[k].extend(t for _, t in cellule_axe(contrat, r, colonne))
    minimums = [max(len(mot) for t in col for mot in t.split() or [""]) * CM_PAR_CARACTERE + MARGE_CELLULE_CM
                + (RETRAIT_PUCE_CM if puce else 0.0) for col, puce in zip(textes, puces)]
    if sum(minimums) >= LARGEUR_TABLEAU_CM:
        return [m * LARGEUR_TABLEAU_CM / sum(minimums) for m in minimums]
    poids = [sum(len(t) for t in col) for col in textes]
    reste = LARGEUR_TABLEAU_CM - sum(minimums)
    return [m + reste * p / sum(poids) for m, p in zip(minimums, poids)]


def _ajuster_tableaux_enjeux(tpl: DocxTemplate, largeurs: list[float], rangees: list[list[int]]) -> None:
    """The enjeux' tables given their columns' ``largeurs`` (cm); an axe's cell merged down its
    objectifs opérationnels' rows (``rangees``: for each table, the rows of each axe)."""
    from docx.table import Table

    corps = tpl.docx.element.body
    tableaux = [tbl for tbl in corps.iter(qn("w:tbl"))
                if (legende := tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")) is not None
                and legende.get(qn("w:val")) == LEGENDE_ENJEU]
    for tbl, groupes in zip(tableaux, rangees):
        _fusionner_axes(tbl, groupes)
    for tbl in tableaux:
        table = Table(tbl, tpl.docx)
        for tc in tbl.iter(qn("w:tc")):
            if tc.find(qn("w:p")) is None:
                # An empty cell (a column « facultative »): a cell holds one paragraph at least.
                p = tc.makeelement(qn("w:p"), {})
                ppr = p.makeelement(qn("w:pPr"), {})
                style = ppr.makeelement(qn("w:pStyle"), {qn("w:val"): id_de_style(tpl.docx.part, "Cellule")})
                ppr.append(style)
                p.append(ppr)
                tc.append(p)
        grille = tbl.find(qn("w:tblGrid"))
        for col in list(grille)[len(largeurs):]:
            grille.remove(col)
        fixer_largeurs(table, [Cm(x) for x in largeurs])


_APRES_VMERGE = {qn(f"w:{t}") for t in ("tcBorders", "shd", "noWrap", "tcMar", "textDirection", "tcFitText",
                                         "vAlign", "hideMark")}


def _fusionner_axes(tbl: Any, groupes: list[int]) -> None:
    """The axe's cell of its first row merged down the rows of its objectifs opérationnels."""
    rangs = tbl.findall(qn("w:tr"))[2:]  # after the title and header rows
    k = 0
    for taille in groupes:
        if taille > 1:
            for n, tr in enumerate(rangs[k:k + taille]):
                tcpr = tr.find(qn("w:tc")).find(qn("w:tcPr"))
                if tcpr is None:
                    tcpr = tr.find(qn("w:tc")).makeelement(qn("w:tcPr"), {})
                    tr.find(qn("w:tc")).insert(0, tcpr)
                fusion = tcpr.makeelement(qn("w:vMerge"), {qn("w:val"): "restart"} if n == 0 else {})
                # In its place among the cell's properties (after width and span, before shading).
                apres = next((e for e in tcpr if e.tag in _APRES_VMERGE), None)
                if apres is not None:
                    apres.addprevious(fusion)
                else:
                    tcpr.append(fusion)
        k += taille


def _verifier_rendu(tpl: DocxTemplate, contrat: Contrat) -> None:
    """docxtpl can silently truncate on bad XML: check the document still holds its parts."""
    corps = tpl.docx.element.body
    tableaux = len(corps.findall(qn("w:tbl")))
    attendus = len(contrat.enjeux) + 1
    if tableaux < attendus:
        raise ErreurGabarit(f"rendu incomplet : {tableaux} tableaux au lieu d'au moins {attendus} "
                            "(balise du gabarit mal placée ?)")


def _proprietes(tpl: DocxTemplate, contrat: Contrat, options: OptionsRendu) -> None:
    # Set after render(): Jinja-rendered core properties would be escaped twice.
    cp = tpl.docx.core_properties
    epci = contrat.organisation(contrat.territoire.epci)
    cp.title = contrat.intitule
    cp.subject = f"Contrat de ville {contrat.periode.debut}-{contrat.periode.fin} – " + ", ".join(
        q.nom for q in contrat.quartiers)
    cp.author = epci.nom_complet
    cp.keywords = "contrat de ville; politique de la ville; QPV; Engagements Quartiers 2030"
    cp.language = "fr-FR"
    cp.version = options.version
    cp.comments = f"Sources : commit {options.commit}" if options.commit else ""
    cp.last_modified_by = "contrat"
    cp.revision = 1
    date = options.date.replace(tzinfo=None)
    cp.created = cp.modified = date
    cp.last_printed = date
