"""Loading a sources folder into one raw tree (strings, lists, dicts) plus positions.

Layout of a sources folder:
  contrat.yaml          metadata, chapters, signatories (required)
  organisations.yaml    registry of organisations
  sigles.yaml           registry of acronyms
  chiffres_cles.yaml    key figures (chapter I); tables may point to CSV/XLSX exports
  enjeux.yaml           enjeux and axes de travail
  indicateurs.yaml      indicator sheets of the criteria of evaluation (not printed)
  conformite.yaml       declarations to the conformity review (attestations, known gaps)
  textes/*.md           prose, referenced from contrat.yaml
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from contrat.erreurs import Probleme
from contrat.lecture.confinement import (
    HorsSources,
    chemin_source,
    decrire_caractere,
    interdit_dans,
    lire_confine,
    nom_source,
)
from contrat.lecture.lieux import decrire
from contrat.lecture.markdown import ErreurMarkdown, lire_ligne, lire_markdown
from contrat.lecture.yaml_positions import ErreurLecture, Positions, lire_yaml, relatif
from contrat.modele.chemin import Chemin
from contrat.modele.prose import Prose, iterer_textes
from contrat.modele.sortes import sortes

# File name -> where its content goes in the tree.
FICHIERS: dict[str, Chemin] = {
    "contrat.yaml": (),
    "organisations.yaml": (),
    "sigles.yaml": (),
    "chiffres_cles.yaml": ("chiffres_cles",),
    "enjeux.yaml": (),
    "indicateurs.yaml": (),
    "conformite.yaml": ("conformite",),
}


def charger(dossier: Path) -> tuple[dict[str, Any], Positions, list[Probleme]]:
    """Read every source file of ``dossier``; problems are collected, not raised."""
    positions = Positions()
    problemes: list[Probleme] = []
    arbre: dict[str, Any] = {}
    for nom, prefixe in FICHIERS.items():
        chemin = dossier / nom
        if not chemin.exists() and nom != "contrat.yaml":
            continue
        try:
            contenu = lire_yaml(chemin, dossier, prefixe, positions)
        except ErreurLecture as exc:
            problemes.append(exc.probleme)
            continue
        if not isinstance(contenu, dict):
            problemes.append(Probleme(relatif(chemin, dossier), 1, 1, "",
                                      "le fichier doit contenir des champs « clé: valeur »"))
            continue
        _fusionner(arbre, prefixe, contenu, relatif(chemin, dossier), positions, problemes)
    # A field missing from the files that make the contract belongs in contrat.yaml.
    positions.ajouter((), relatif(dossier / "contrat.yaml", dossier), 1, 1)
    _lire_textes(arbre, dossier, positions, problemes)
    _lire_logo(arbre, dossier, positions, problemes)
    _lire_tableaux_externes(arbre, dossier, positions, problemes)
    _lire_avenants(arbre, dossier, positions, problemes)
    for liste in ("annexes", "contributions"):
        for i, entree in enumerate(arbre.get(liste) or []):
            if isinstance(entree, dict):
                arbre[liste][i] = _lire_document(entree, dossier, (liste, i), positions, problemes)
    # A problem met while reading is placed in the document now that the whole tree is read.
    problemes = [replace(p, place=decrire(p.chemin, arbre)) if p.chemin and not p.place else p for p in problemes]
    return arbre, positions, problemes


def _fusionner(arbre: dict[str, Any], prefixe: Chemin, contenu: dict[str, Any], nom: str,
               positions: Positions, problemes: list[Probleme]) -> None:
    cible = arbre
    for cle in prefixe:
        cible = cible.setdefault(str(cle), {})
    for cle, valeur in contenu.items():
        if cle in cible:
            _, ligne, col = positions.trouver(prefixe + (cle, "__cle__"))
            problemes.append(Probleme(nom, ligne, col, cle,
                                      f"« {cle} » est déjà défini dans un autre fichier des sources"))
            continue
        cible[cle] = valeur


def _lire_textes(arbre: dict[str, Any], dossier: Path, positions: Positions,
                 problemes: list[Probleme]) -> None:
    """Replace Markdown file references by their parsed prose."""
    for i, chapitre in enumerate(arbre.get("chapitres") or []):
        if isinstance(chapitre, dict) and isinstance(chapitre.get("texte"), str):
            chapitre["texte"] = _lire_prose(dossier, chapitre["texte"], ("chapitres", i, "texte"),
                                            positions, problemes)
    for liste in ("enjeux", "piliers"):
        for i, entree in enumerate(arbre.get(liste) or []):
            if isinstance(entree, dict) and isinstance(entree.get("introduction"), str):
                entree["introduction"] = _prose_en_ligne(entree["introduction"], (liste, i, "introduction"),
                                                         positions, problemes)
    epigraphe = arbre.get("epigraphe")
    if isinstance(epigraphe, dict):
        fichier, _, _ = positions.trouver(("epigraphe",))
        try:
            if isinstance(epigraphe.get("texte"), str):
                epigraphe["texte"] = lire_markdown(epigraphe["texte"], fichier)
            if isinstance(epigraphe.get("auteur"), str):
                epigraphe["auteur"] = lire_ligne(epigraphe["auteur"], fichier)
        except ErreurMarkdown as exc:
            problemes.extend(exc.problemes)
            epigraphe.update(texte=_illisible(fichier), auteur=())


SIGNATURES_IMAGE = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")
"""What a PNG and a JPEG file start with."""


def _lire_logo(arbre: dict[str, Any], dossier: Path, positions: Positions, problemes: list[Probleme]) -> None:
    """The cover's logo: an image of the sources (checked to be one), fingerprinted."""
    couverture = arbre.get("couverture")
    if not isinstance(couverture, dict) or not isinstance(couverture.get("logo"), str):
        return
    chemin = ("couverture", "logo")
    lu = _confiner(dossier, couverture["logo"], "image", chemin, positions, problemes)
    if lu is None:
        return
    octets = lu[1]
    defaut = _image_illisible(octets)
    if defaut is not None:
        f, ligne, col = positions.trouver(chemin)
        detail = f" ({defaut})" if defaut else ""
        problemes.append(Probleme(f, ligne, col, "couverture, logo",
                                  f"« {couverture['logo']} » n'est pas une image PNG ou JPEG lisible{detail}"))
        return
    couverture["logo_empreinte"] = hashlib.sha256(octets).hexdigest()


PIXELS_MAX_LOGO = 25_000_000
"""A logo of 5 000 x 5 000 pixels is already far more than a cover prints."""


def _image_illisible(octets: bytes) -> str | None:
    """Why the logo cannot be put on the cover, decoded as the build will use it (a PNG header
    followed by anything else, a truncated JPEG): "" when it does not even start as one; None if
    it can."""
    if not octets.startswith(SIGNATURES_IMAGE):
        return ""
    from docx.image.image import Image as ImageDocx  # what the render reads it with
    from PIL import Image  # Pillow, which pikepdf depends on: decodes every pixel

    try:
        with Image.open(io.BytesIO(octets)) as image:
            largeur, hauteur = image.size
            if largeur * hauteur > PIXELS_MAX_LOGO:
                return f"{largeur} x {hauteur} pixels, maximum {PIXELS_MAX_LOGO // 1_000_000} millions"
            image.load()
        ImageDocx.from_blob(octets)
    except Exception as exc:  # noqa: BLE001  # decoders raise many types; all mean « unreadable image »
        return f"décodage impossible : {type(exc).__name__}"
    return None


def _illisible(fichier: str) -> Prose:
    """What a Markdown text refused by the reader is read as (its problems reported): nothing, so
    that the rest of the sources is still typed and judged (every error at once)."""
    return Prose(fichier=fichier, blocs=())


def _prose_en_ligne(texte: str, chemin: Chemin, positions: Positions, problemes: list[Probleme]) -> Any:
    """Markdown written in a YAML field, parsed where it stands (its lines placed for messages)."""
    fichier, ligne = positions.premiere_ligne_texte(chemin)
    try:
        prose = lire_markdown(texte, fichier, ligne)
    except ErreurMarkdown as exc:
        problemes.extend(exc.problemes)
        return _illisible(fichier)
    for n, _ in iterer_textes(prose):
        positions.ajouter(chemin + ("ligne", n), fichier, n, 1)
    return prose


def _confiner(dossier: Path, nom: Any, nature: str, chemin: Chemin, positions: Positions,
              problemes: list[Probleme]) -> tuple[Path, bytes] | None:
    """The file a source names, inside the sources folder, and its bytes read once (recorded as
    read); else a problem at the naming line."""
    try:
        fichier = nom_source(dossier, nom, nature)
        octets = lire_confine(dossier, fichier, str(nom))
    except HorsSources as exc:
        f, ligne, col = positions.trouver(chemin)
        problemes.append(Probleme(f, ligne, col, "", str(exc), chemin=chemin))
        return None
    positions.lire(fichier, dossier, octets)
    return fichier, octets


def _lire_prose(dossier: Path, nom: str, chemin: Chemin, positions: Positions,
                problemes: list[Probleme]) -> Any:
    lu = _confiner(dossier, nom, "texte", chemin, positions, problemes)
    if lu is None:
        return None
    fichier, octets = lu
    try:
        prose = lire_markdown(octets.decode("utf-8"), relatif(fichier, dossier))
        for ligne, _ in iterer_textes(prose):
            positions.ajouter(chemin + ("ligne", ligne), prose.fichier, ligne, 1)
        return prose
    except ErreurMarkdown as exc:
        problemes.extend(exc.problemes)
        return _illisible(relatif(fichier, dossier))
    except UnicodeDecodeError:
        problemes.append(Probleme(relatif(fichier, dossier), 0, 0, "", "le fichier n'est pas encodé en UTF-8"))
    return None


def _lire_avenants(arbre: dict[str, Any], dossier: Path, positions: Positions,
                   problemes: list[Probleme]) -> None:
    """avenants/*.yaml, in file-name order (avenant-01.yaml, avenant-02.yaml...)."""
    fichiers = sorted((dossier / "avenants").glob("*.yaml")) if (dossier / "avenants").is_dir() else []
    avenants = []
    for i, fichier in enumerate(fichiers):
        chemin = ("avenants", i)
        try:
            contenu = lire_yaml(fichier, dossier, chemin, positions)
        except ErreurLecture as exc:
            problemes.append(exc.probleme)
            continue
        if isinstance(contenu, dict) and isinstance(contenu.get("expose_motifs"), str):
            nom, ligne = positions.premiere_ligne_texte(chemin + ("expose_motifs",))
            try:
                contenu["expose_motifs"] = lire_markdown(contenu["expose_motifs"], nom, ligne)
            except ErreurMarkdown as exc:
                problemes.extend(exc.problemes)
                contenu["expose_motifs"] = _illisible(nom)
        avenants.append(contenu)
    if avenants:
        arbre["avenants"] = avenants


def _lire_tableaux_externes(arbre: dict[str, Any], dossier: Path, positions: Positions,
                            problemes: list[Probleme]) -> None:
    """Tables of figures kept as the CSV/XLSX file their data source exports."""
    chiffres = arbre.get("chiffres_cles")
    tableaux = chiffres.get("tableaux") if isinstance(chiffres, dict) else None
    for i, tableau in enumerate(tableaux or []):
        if isinstance(tableau, dict) and isinstance(tableau.get("fichier"), str):
            chemin = ("chiffres_cles", "tableaux", i)
            _lire_export(tableau, dossier, chemin, positions, problemes)


def _lire_export(tableau: dict[str, Any], dossier: Path, chemin: Chemin, positions: Positions,
                 problemes: list[Probleme]) -> None:
    """Fill ``colonnes`` and ``lignes`` of a table from its export file.

    Expected shape (one row per indicator): ``code;libelle;<col 1>;<col 2>...;unite``
    where the column headings are the column codes (often years: 2022, 2023).
    """
    lu = _confiner(dossier, tableau["fichier"], "donnees", chemin + ("fichier",), positions, problemes)
    if lu is None:
        return
    fichier, octets = lu
    nom = relatif(fichier, dossier)
    try:
        entetes, rangs = _lire_tableur(fichier, octets)
    except TableurDemesure as exc:
        problemes.append(Probleme(nom, exc.ligne, exc.colonne if exc.ligne else 0, "", str(exc)))
        return
    except Exception as exc:  # readers raise many types; all mean "unreadable export"
        problemes.append(Probleme(nom, 0, 0, "", f"fichier de données illisible ({type(exc).__name__})"))
        return
    manquantes = [c for c in ("code", "libelle") if c not in entetes]
    if manquantes:
        problemes.append(Probleme(nom, 1, 1, "", f"colonne(s) obligatoire(s) absente(s) : {', '.join(manquantes)}"))
        return
    valeurs_cols = [c for c in entetes if c not in ("code", "libelle", "unite")]
    codes = {c: _slug(str(c)) for c in valeurs_cols}
    if "colonnes" not in tableau:
        tableau["colonnes"] = [{"code": codes[c], "libelle": str(c)} for c in valeurs_cols]
    lignes = []
    for n, rang in enumerate(rangs):
        # Header is line 1 of the file: data row n is on line n + 2.
        base = chemin + ("lignes", n)
        positions.ajouter(base, nom, n + 2, 1)
        ligne = {"code": rang["code"], "libelle": rang["libelle"],
                 "valeurs": {codes[c]: rang[c] for c in valeurs_cols}}
        for k, c in enumerate(valeurs_cols):
            positions.ajouter(base + ("valeurs", codes[c]), nom, n + 2, k + 3)
        if rang.get("unite"):
            ligne["unite"] = rang["unite"]
        lignes.append(ligne)
    tableau["lignes"] = lignes


LIGNES_MAX_TABLEUR = 2000
COLONNES_MAX_TABLEUR = 100
CELLULES_MAX_TABLEUR = 50_000
CARACTERES_MAX_CELLULE = 1000
"""A table of key figures prints a few dozen rows: an export beyond these is not one (and would
take gigabytes to check and print)."""
DECOMPRESSE_MAX_XLSX = 100 * 1024 * 1024
TAUX_MAX_XLSX = 100
"""A workbook's parts once inflated, in all and each against its compressed size (a zip bomb)."""


class TableurDemesure(Exception):
    """An export beyond the caps, or holding a control character (the message is French, names
    the limit)."""

    def __init__(self, message: str, ligne: int = 0, colonne: int = 1) -> None:
        super().__init__(message)
        self.ligne = ligne
        self.colonne = colonne


def _lire_tableur(fichier: Path, octets: bytes) -> tuple[list[str], list[dict[str, str]]]:
    """Headings and rows of a CSV (``;``, ``,`` or tab separated) or XLSX export, every cell as
    text, within the caps above (checked before anything is built from the file).

    CSV is read with the standard library; a workbook with openpyxl in read-only mode (pandas
    would take a third of ``check``'s time to import, and the whole sheet in memory)."""
    if fichier.suffix.lower() == ".xlsx":
        return _ranger(_lignes_xlsx(octets))
    texte = octets.decode("utf-8-sig")
    # Lines as CSV knows them (\n, \r, \r\n, ends kept): not str.splitlines, which also cuts at
    # U+2028, U+0085 or a form feed inside a cell, and loses a quoted cell's own line breaks.
    lignes = io.StringIO(texte, newline="").readlines()
    if len(lignes) > LIGNES_MAX_TABLEUR + 1:
        raise TableurDemesure(f"{len(lignes) - 1} lignes : au-delà de {LIGNES_MAX_TABLEUR}, ce n'est plus un "
                              "tableau de chiffres clés")
    for n, ligne in enumerate(lignes, start=1):
        taille = len(ligne.rstrip("\r\n"))
        if taille > COLONNES_MAX_TABLEUR * (CARACTERES_MAX_CELLULE + 1):
            raise TableurDemesure(f"ligne démesurée ({taille} caractères)", n)
    premiere = lignes[0] if lignes else ""
    # The separator the heading uses most (csv.Sniffer's guess costs minutes on a long line).
    separateur = max(";,\t", key=premiere.count) if premiere else ","
    return _ranger(csv.reader(lignes, delimiter=separateur))


def _lignes_xlsx(octets: bytes) -> Any:
    """The first sheet's rows of a workbook, each cell as the text pandas would give, once the
    zip's declared sizes are known to be sane (zipfile holds every part to its declared size)."""
    borner_classeur(octets)
    from openpyxl import load_workbook  # type: ignore[import-untyped]  # ships no types

    classeur = load_workbook(io.BytesIO(octets), read_only=True, data_only=True, keep_links=False)
    try:
        for ligne in classeur.worksheets[0].iter_rows(values_only=True):
            yield ["" if v is None else str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)
                   for v in ligne]
    finally:
        classeur.close()


def borner_classeur(octets: bytes) -> None:
    """Raise TableurDemesure unless a workbook's parts, once inflated, stay within the caps (a zip
    bomb): checked on the zip's declared sizes, which zipfile holds every part to."""
    with zipfile.ZipFile(io.BytesIO(octets)) as archive:
        total = 0
        for info in archive.infolist():
            total += info.file_size
            if info.file_size > TAUX_MAX_XLSX * max(info.compress_size, 1024) or total > DECOMPRESSE_MAX_XLSX:
                raise TableurDemesure(f"classeur démesuré une fois décompressé (plus de "
                                      f"{DECOMPRESSE_MAX_XLSX // (1024 * 1024)} Mo, ou « {info.filename} » "
                                      f"{info.file_size // max(info.compress_size, 1)} fois plus gros que "
                                      "compressé) : bombe zip ?")


def _ranger(lignes: Any) -> tuple[list[str], list[dict[str, str]]]:
    """Headings and non-empty rows of an export's rows, counted as they come: the caps stop the
    reading itself."""
    entetes: list[str] = []
    rangs: list[dict[str, str]] = []
    cellules = 0
    for n, ligne in enumerate(lignes, start=1):
        if n > LIGNES_MAX_TABLEUR + 1:
            raise TableurDemesure(f"plus de {LIGNES_MAX_TABLEUR} lignes : ce n'est plus un tableau de chiffres clés")
        if len(ligne) > COLONNES_MAX_TABLEUR:
            raise TableurDemesure(f"{len(ligne)} colonnes, maximum {COLONNES_MAX_TABLEUR}", n)
        cellules += len(ligne)
        if cellules > CELLULES_MAX_TABLEUR:
            raise TableurDemesure(f"plus de {CELLULES_MAX_TABLEUR} cellules", n)
        longue = next((c for c in ligne if len(c) > CARACTERES_MAX_CELLULE), None)
        if longue is not None:
            raise TableurDemesure(f"cellule de {len(longue)} caractères, maximum {CARACTERES_MAX_CELLULE}", n)
        for k, c in enumerate(ligne):
            interdit = not c.isprintable() and interdit_dans(c)
            if interdit:  # a cell is printed as text: the same filter as the YAML and Markdown sources
                raise TableurDemesure(decrire_caractere(interdit), n, k + 1)
        valeurs = [c.strip() for c in ligne]
        if n == 1:
            entetes = valeurs
        elif any(valeurs):
            rangs.append({cle: (valeurs[k] if k < len(valeurs) else "") for k, cle in enumerate(entetes)})
    return entetes, rangs


def _slug(texte: str) -> str:
    """Column code from an export's heading: "EPCI" -> "epci", "T2 2024" -> "t2-2024"."""
    ascii_ = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")


def _lire_document(entree: dict[str, Any], dossier: Path, chemin: Chemin, positions: Positions,
                   problemes: list[Probleme]) -> dict[str, Any]:
    """An annex or contribution: a YAML file of blocks, the CIV measures, or an external PDF."""
    fichier = entree.get("fichier")
    if not isinstance(fichier, str):
        return entree
    if not fichier.lower().endswith(".pdf"):
        try:
            chemin_source(dossier, fichier, "document")  # refused at its naming line; lire_yaml reads it
        except HorsSources as exc:
            f, ligne, col = positions.trouver(chemin + ("fichier",))
            problemes.append(Probleme(f, ligne, col, "", str(exc), chemin=chemin + ("fichier",)))
            return entree
    else:
        lu = _confiner(dossier, fichier, "document", chemin + ("fichier",), positions, problemes)
        if lu is None:
            return entree
        f, ligne, col = positions.trouver(chemin + ("fichier",))
        pages, erreur = pages_pdf(lu[1])
        if erreur:
            nature = "annexe" if chemin[0] == "annexes" else "contribution"
            problemes.append(Probleme(f, ligne, col, f"{nature} n° {int(chemin[1]) + 1}",
                                      f"fichier PDF « {fichier} » : {erreur}"))
        empreinte = hashlib.sha256(lu[1]).hexdigest() if not erreur else None
        return {**entree, "pdf": fichier, "pdf_pages": str(pages), "pdf_empreinte": empreinte}
    lues = Positions()  # this file's alone: moved below without scanning the whole contract's
    try:
        contenu = lire_yaml(dossier / fichier, dossier, chemin, lues)
    except ErreurLecture as exc:
        problemes.append(exc.probleme)
        return entree
    finally:
        positions.fusionner(lues)
    if not isinstance(contenu, dict):
        problemes.append(Probleme(relatif(dossier / fichier, dossier), 1, 1, "", "champs « clé: valeur » attendus"))
        return entree
    entiere = next((s for s in sortes() if s.fichier_entier & contenu.keys()), None)
    if entiere is not None:
        # A file that is one kind of annex (a list of measures): its title is the annex's title.
        document = {"code": entree.get("code", entiere.cle), "titre": contenu.get("titre"), entiere.cle: contenu}
        _deplacer_positions(positions, lues, chemin, chemin + (entiere.cle,))
    else:
        document = dict(contenu)
    document.update({k: v for k, v in entree.items() if k != "fichier"})
    document["fichier"] = fichier
    _markdown_du_document(document, chemin, positions, problemes)
    return document


TAILLE_MAX_PDF = 50 * 1024 * 1024
PAGES_MAX_PDF = 300
DECODE_MAX_PDF = 100 * 1024 * 1024
"""All an external PDF's pages reach, once decompressed (a flate bomb in a content stream, an
image, a form)."""
FEUILLES_MAX = 100_000
"""Pages counted before saying « more than » (a 50 Mo file cannot hold many more)."""


def pages_pdf(octets: bytes) -> tuple[int, str | None]:
    """Page count of an external PDF annex (the bytes read once, those fingerprinted), or why it
    cannot be used. The annex is walked as the build rebuilds it (lecture/pdf_externe.py):
    bounded, and refused when cyclic or too deep."""
    import pikepdf  # only for contracts with PDF annexes: check stays fast for the others

    from contrat.lecture.pdf_externe import PdfHostile, pages

    if len(octets) > TAILLE_MAX_PDF:
        return 0, f"fichier trop volumineux ({len(octets) // (1024 * 1024)} Mo, maximum 50 Mo)"
    chiffre = "fichier chiffré (protégé par mot de passe) : fournir une version non protégée"
    try:
        # Not qpdf's own page walk (``inherit_page_attributes``, ``pdf.pages``): it raises on a
        # cyclic tree; ``pages`` walks it with a bound and says what is wrong.
        with pikepdf.open(io.BytesIO(octets), inherit_page_attributes=False) as pdf:
            if pdf.is_encrypted:
                return 0, chiffre
            feuilles = pages(pdf, FEUILLES_MAX)
            n = len(feuilles)
            if n > PAGES_MAX_PDF:
                compte = f"{n} pages" if n <= FEUILLES_MAX else f"plus de {FEUILLES_MAX} pages"
                return 0, f"{compte} : au-delà de {PAGES_MAX_PDF}, une annexe se joint à part, pas dans le contrat"
            if _taille_decodee(feuilles) > DECODE_MAX_PDF:
                return 0, (f"contenu des pages démesuré une fois décompressé (plus de "
                           f"{DECODE_MAX_PDF // (1024 * 1024)} Mo)")
    except PdfHostile as exc:
        return 0, str(exc)
    except pikepdf.PasswordError:
        return 0, chiffre
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        return 0, f"fichier illisible ({type(exc).__name__})"
    return (n, None) if n else (0, "le fichier ne contient aucune page")


def _taille_decodee(feuilles: list[Any]) -> int:
    """Decoded size of all an annex's pages reach once rebuilt (contents, forms at any depth,
    images, fonts), decompressing by bounded steps and stopping past the cap (a flate bomb)."""
    from contrat.lecture.pdf_externe import taille_des_pages

    return taille_des_pages(feuilles, DECODE_MAX_PDF)


def _deplacer_positions(positions: Positions, lues: Positions, ancien: Chemin, nouveau: Chemin) -> None:
    """The positions ``lues`` recorded under ``ancien`` also under ``nouveau``."""
    for cle in [k for k in lues.table if k[:len(ancien)] == ancien and k != ancien]:
        positions.table[nouveau + cle[len(ancien):]] = lues.table[cle]
        if cle in lues.styles:
            positions.styles[nouveau + cle[len(ancien):]] = lues.styles[cle]


def _markdown_du_document(document: dict[str, Any], chemin: Chemin, positions: Positions,
                          problemes: list[Probleme]) -> None:
    """Parse the Markdown fields of a document's blocks in place."""

    def lire(conteneur: Any, cle: Any, ici: Chemin) -> None:
        valeur = conteneur[cle]
        if not isinstance(valeur, str):
            return
        fichier, ligne = positions.premiere_ligne_texte(ici)
        try:
            prose = lire_markdown(valeur, fichier, ligne)
        except ErreurMarkdown as exc:
            problemes.extend(exc.problemes)
            conteneur[cle] = _illisible(fichier)
            return
        for n, _ in iterer_textes(prose):
            positions.ajouter(ici + ("ligne", n), fichier, n, 1)
        conteneur[cle] = prose

    for i, bloc in enumerate(document.get("blocs") or []):
        if not isinstance(bloc, dict):
            continue
        base = chemin + ("blocs", i)
        if "texte" in bloc:
            lire(bloc, "texte", base + ("texte",))
        tableau = bloc.get("tableau")
        if isinstance(tableau, dict):
            for r, rang in enumerate(tableau.get("lignes") or []):
                for c in range(len(rang) if isinstance(rang, list) else 0):
                    lire(rang, c, base + ("tableau", "lignes", r, c))
        lettre = bloc.get("lettre")
        if isinstance(lettre, dict) and "corps" in lettre:
            lire(lettre, "corps", base + ("lettre", "corps"))
    for i, piece in enumerate(document.get("pieces_jointes") or []):
        if isinstance(piece, dict) and "texte" in piece:
            lire(piece, "texte", chemin + ("pieces_jointes", i, "texte"))
    for sorte in sortes():
        for motif in sorte.proses:
            for conteneur, cle, ici in _champs(document, (sorte.cle, *motif), chemin):
                lire(conteneur, cle, ici)


def _champs(objet: Any, motif: tuple[str, ...], ici: Chemin) -> Iterator[tuple[Any, Any, Chemin]]:
    """The (container, key, place) of each value a path with ``"*"`` (every item of a list) reaches."""
    tete, reste = motif[0], motif[1:]
    if tete == "*":
        suites: list[tuple[Any, Any]] = list(enumerate(objet)) if isinstance(objet, list) else []
    else:
        suites = [(tete, objet[tete])] if isinstance(objet, dict) and tete in objet else []
    for cle, valeur in suites:
        if reste:
            yield from _champs(valeur, reste, (*ici, cle))
        else:
            yield objet, cle, (*ici, cle)

