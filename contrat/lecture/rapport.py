"""Reading what the user writes for a year's annual report: ``suivi/rapports/<ANNEE>/``.

What no data can say is Markdown, one optional file per part of the report (décret n° 2015-1118),
named by the part's rank and word so that the folder reads in the report's order:

  1-orientations.md  2-evolution.md  3-actions.md  4-perspectives.md  5-articulation.md  6-dsu.md

``6-dsu.md`` is also how a year declares that a commune of the contract received the dotation de
solidarité urbaine (DSU): the sixth part is due only then, and only its author knows it.

The opinions of the conseils citoyens and municipal councils (``avis/``), annexed to the report,
are Markdown (its first « # » heading is its title) or PDF (inserted page by page as the
contract's external annexes are). Every problem is placed (file:line) and reported at once.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from contrat.erreurs import Probleme
from contrat.lecture.confinement import HorsSources, lire_confine
from contrat.lecture.dossier import pages_pdf
from contrat.lecture.markdown import ErreurMarkdown, lire_markdown
from contrat.lecture.suivi import dossier_suivi
from contrat.lecture.yaml_positions import relatif
from contrat.modele.prose import Prose

PARTIES = ("orientations", "evolution", "actions", "perspectives", "articulation", "dsu")
"""The six parts of décret n° 2015-1118, in order: the user's file of part k is « k-<mot>.md »."""
DOSSIER_RAPPORTS = "rapports"
DOSSIER_AVIS = "avis"
TAILLE_MAX_TEXTE = 2 * 1024 * 1024


def nom_du_texte(rang: int) -> str:
    """« 4-perspectives.md »: the file of part ``rang`` (from 1)."""
    return f"{rang}-{PARTIES[rang - 1]}.md"


@dataclass(frozen=True)
class AvisPdf:
    """An opinion given as a PDF: its path in the year's folder, pages and fingerprint."""

    fichier: str
    """Relative to the year's folder (« avis/conseil-citoyen.pdf »)."""
    pages: int
    empreinte: str


@dataclass(frozen=True)
class Avis:
    """One opinion annexed: its title and its text, or its PDF."""

    code: str
    titre: str
    texte: Prose | None = None
    pdf: AvisPdf | None = None


@dataclass
class TextesDuRapport:
    """The year's folder read: the user's text of each part (by rank), the opinions, the files
    read (attached to the PDF with the sources) and the folder itself."""

    dossier: Path
    textes: dict[int, Prose] = field(default_factory=dict)
    avis: list[Avis] = field(default_factory=list)
    contenus: dict[str, bytes] = field(default_factory=dict)
    """Name (relative to the folder above ``suivi/``) -> bytes of every file read."""


def dossier_du_rapport(sources: Path, annee: int) -> Path:
    return dossier_suivi(sources) / DOSSIER_RAPPORTS / str(annee)


def lire_textes(sources: Path, annee: int) -> tuple[TextesDuRapport, list[Probleme]]:
    """The year's folder read (absent: no texts, no opinions) and every problem found in it."""
    dossier = dossier_du_rapport(sources, annee)
    lu = TextesDuRapport(dossier)
    problemes: list[Probleme] = []
    if not dossier.is_dir():
        return lu, problemes
    attendus = {nom_du_texte(k): k for k in range(1, len(PARTIES) + 1)}
    for f in sorted(dossier.iterdir()):
        if f.name.startswith(".") or f.name == DOSSIER_AVIS and f.is_dir():
            continue
        nom = relatif(f, sources)
        if f.name not in attendus:
            problemes.append(Probleme(nom, 0, 0, "", "fichier inconnu : le texte d'une partie du rapport se nomme "
                                      f"{', '.join(attendus)} (parties du décret n° 2015-1118, dans l'ordre)"))
            continue
        prose = _markdown(f, dossier, sources, lu, problemes)
        if prose is not None:
            lu.textes[attendus[f.name]] = prose
    avis = dossier / DOSSIER_AVIS
    if avis.is_dir():
        for f in sorted(avis.iterdir()):
            if not f.name.startswith("."):
                _avis(f, dossier, sources, lu, problemes)
    return lu, problemes


def _octets(f: Path, dossier: Path, sources: Path, lu: TextesDuRapport, problemes: list[Probleme]) -> bytes | None:
    """The file's bytes read once, confined to the year's folder (never through a link outside)."""
    nom = relatif(f, sources)
    try:
        octets = lire_confine(dossier, f, f.relative_to(dossier).as_posix())
    except HorsSources as exc:
        problemes.append(Probleme(nom, 0, 0, "", str(exc)))
        return None
    except OSError as exc:
        problemes.append(Probleme(nom, 0, 0, "", f"lecture du fichier impossible ({exc.strerror or type(exc).__name__})"))
        return None
    lu.contenus[nom] = octets
    return octets


def _markdown(f: Path, dossier: Path, sources: Path, lu: TextesDuRapport, problemes: list[Probleme]) -> Prose | None:
    texte = _texte(f, dossier, sources, lu, problemes)
    return None if texte is None else _lire(texte, relatif(f, sources), 1, problemes)


def _lire(texte: str, nom: str, premiere_ligne: int, problemes: list[Probleme]) -> Prose | None:
    try:
        return lire_markdown(texte, nom, premiere_ligne)
    except ErreurMarkdown as exc:
        problemes.extend(Probleme(p.fichier, p.ligne, p.colonne, p.place, p.message, p.gravite) for p in exc.problemes)
        return None


def _texte(f: Path, dossier: Path, sources: Path, lu: TextesDuRapport, problemes: list[Probleme]) -> str | None:
    """A Markdown file's text (UTF-8, bounded), or None with its problem said."""
    octets = _octets(f, dossier, sources, lu, problemes)
    if octets is None:
        return None
    nom = relatif(f, sources)
    if len(octets) > TAILLE_MAX_TEXTE:
        problemes.append(Probleme(nom, 0, 0, "", f"texte de plus de {TAILLE_MAX_TEXTE // (1024 * 1024)} Mo"))
        return None
    try:
        return octets.decode("utf-8")
    except UnicodeDecodeError as exc:
        ligne = octets[:exc.start].count(b"\n") + 1
        problemes.append(Probleme(nom, ligne, 1, "", "texte illisible : enregistrer le fichier en UTF-8"))
        return None


def _avis(f: Path, dossier: Path, sources: Path, lu: TextesDuRapport, problemes: list[Probleme]) -> None:
    nom = relatif(f, sources)
    code = f"avis-{len(lu.avis) + 1}"
    if f.suffix.lower() == ".md":
        texte = _texte(f, dossier, sources, lu, problemes)
        if texte is None:
            return
        # Its first line, « # Avis du conseil citoyen du … », is the annex's title (the prose
        # of a text has no level-1 heading: the document gives it).
        lignes = texte.splitlines()
        premiere = next((k for k, ligne in enumerate(lignes) if ligne.strip()), 0)
        if not lignes or not lignes[premiere].startswith("# ") or not lignes[premiere][2:].strip():
            problemes.append(Probleme(nom, premiere + 1, 1, "", "avis sans titre : commencer par « # Avis du conseil "
                                      "citoyen du … » (le titre de l'annexe)"))
            return
        prose = _lire("\n".join(lignes[premiere + 1:]), nom, premiere + 2, problemes)
        if prose is not None:
            lu.avis.append(Avis(code, lignes[premiere][2:].strip(), texte=prose))
    elif f.suffix.lower() == ".pdf":
        octets = _octets(f, dossier, sources, lu, problemes)
        if octets is None:
            return
        pages, erreur = pages_pdf(octets)
        if erreur:
            problemes.append(Probleme(nom, 0, 0, "", f"avis en PDF : {erreur}"))
            return
        # « 2-conseil-municipal.pdf »: « Conseil municipal » (a leading rank orders the files).
        titre = re.sub(r"^\d+[-_ ]*", "", f.stem).replace("-", " ").replace("_", " ").strip().capitalize() or f.stem
        lu.avis.append(Avis(code, titre, pdf=AvisPdf(f.relative_to(dossier).as_posix(), pages,
                                                     hashlib.sha256(octets).hexdigest())))
    else:
        problemes.append(Probleme(nom, 0, 0, "", "avis non lu : un avis est un texte Markdown (.md) ou un PDF"))
