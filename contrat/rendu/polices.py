"""The fonts LibreOffice may use: those the project declares, whatever else the machine has.

LibreOffice finds its fonts through fontconfig. A font package installed for something else (an
image tool pulling in fonts-urw-base35) changes the list it is given, and with it the order in
which it writes the fonts into the PDF: the same commit built other bytes, and ``verify`` called
a genuine PDF modified. So LibreOffice is given a fontconfig configuration of its own
(FONTCONFIG_FILE): one folder of links to the declared files, a cache of its own, no system or
user configuration (the file is fontconfig's root: nothing of /etc/fonts or ~/.config is read),
kept in the user's cache, one per set of font files (their paths, sizes and dates).

The declared set is ``POLICES_DECLAREES``: the Debian packages ``./construire`` installs. A house
font (Marianne...) is added there, with its package or its files. LibreOffice's own fonts (those
in its installation's share/fonts) are added by LibreOffice itself; they count in the set's
fingerprint all the same.

Standard library only: ``build.py`` starts LibreOffice before anything else is imported.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from contrat.erreurs import LibreOfficeIntrouvable

RACINE_POLICES = Path("/usr/share/fonts/truetype")
"""Where Debian's font packages put their TrueType files."""

POLICES_DECLAREES: dict[str, tuple[str, ...]] = {
    "fonts-crosextra-carlito": ("crosextra/Carlito-*.ttf",),  # Calibri's metrics
    "fonts-crosextra-caladea": ("crosextra/Caladea-*.ttf",),  # Cambria's metrics
    "fonts-liberation2": ("liberation2/LiberationSans-*.ttf", "liberation2/LiberationSerif-*.ttf",
                          "liberation2/LiberationMono-*.ttf"),  # Arial's, Times New Roman's, Courier New's
    "fonts-opensymbol": ("libreoffice/opens___.ttf",),  # bullets (LibreOffice may carry it itself)
}
"""Debian package -> its font files (globs under ``RACINE_POLICES``): all LibreOffice may use."""

ALIAS = {
    "Calibri": "Carlito", "Cambria": "Caladea",
    "Arial": "Liberation Sans", "Helvetica": "Liberation Sans", "sans-serif": "Liberation Sans",
    "Times New Roman": "Liberation Serif", "Times": "Liberation Serif", "serif": "Liberation Serif",
    "Courier New": "Liberation Mono", "Courier": "Liberation Mono", "monospace": "Liberation Mono",
}
"""Fonts a Word template names -> the declared font of the same metrics (what fontconfig's own
30-metric-aliases.conf says, written here: the system's rules are not read)."""

FAMILLES_DECLAREES = ("Carlito", "Caladea", "Liberation Sans", "Liberation Serif", "Liberation Mono", "OpenSymbol")
"""The families of ``POLICES_DECLAREES``' files."""

SYMBOLES = ("Symbol", "Wingdings", "Wingdings 2", "Wingdings 3")
"""Bullet fonts LibreOffice draws with OpenSymbol by its own replacement table."""

_NOMS_DE_POLICES = re.compile(rb'(?:w:(?:ascii|hAnsi)|<a:latin typeface)="([^"]+)"')


def polices_non_declarees(parties: dict[str, bytes], document: Iterable[bytes] = ()) -> list[str]:
    """Fonts the Word document names for Latin text (runs, styles, numbering, headers, theme) that
    are neither declared nor replaced by a declared font of the same metrics: LibreOffice, which
    sees only the declared fonts, prints them in Liberation Sans without a word."""
    admises = {*FAMILLES_DECLAREES, *ALIAS, *SYMBOLES}
    noms: set[str] = set()
    for nom, octets in parties.items():
        if nom.startswith("word/") and nom.endswith(".xml"):
            noms.update(n.decode("utf-8", "replace") for n in _NOMS_DE_POLICES.findall(octets))
    for octets in document:
        noms.update(n.decode("utf-8", "replace") for n in _NOMS_DE_POLICES.findall(octets))
    return sorted(noms - admises)


FORMAT = "1"
"""Changes when the generated configuration does: its folder is keyed by it."""


class PolicesIntrouvables(LibreOfficeIntrouvable):
    """A declared font is not installed (exit 4, as LibreOffice missing: the DOCX alone)."""


@dataclass(frozen=True)
class Polices:
    """The font set given to LibreOffice."""

    configuration: Path
    """The fontconfig file (FONTCONFIG_FILE) of LibreOffice's processes."""
    cle: str
    """Short key of the files' paths, sizes and dates (names the configuration's folder)."""
    empreinte: str
    """Short fingerprint of the files' names, sizes and contents: recorded in the PDF."""
    noms: tuple[str, ...]
    """The files' names, sorted."""


def fichiers_declares(racine: Path | None = None) -> tuple[list[Path], list[str]]:
    """The declared font files found, and the packages of those missing."""
    racine = racine or RACINE_POLICES
    trouves: list[Path] = []
    manquants: list[str] = []
    for paquet, motifs in POLICES_DECLAREES.items():
        for motif in motifs:
            fichiers = sorted(racine.glob(motif))
            if not fichiers and paquet not in manquants:
                manquants.append(paquet)
            trouves.extend(fichiers)
    return trouves, manquants


def polices_de_libreoffice(programme: str) -> list[Path]:
    """The fonts a LibreOffice installation carries (it adds them to fontconfig's itself)."""
    dossier = Path(programme).resolve().parent.parent / "share" / "fonts"
    return sorted(f for f in dossier.rglob("*") if f.is_file()) if dossier.is_dir() else []


def polices(programme: str) -> Polices:
    """The font set given to the LibreOffice ``programme``, its configuration written once."""
    declares, manquants = fichiers_declares()
    propres = polices_de_libreoffice(programme)
    noms_propres = {f.name for f in propres}
    manquants = [p for p in manquants if not all(Path(m).name in noms_propres for m in POLICES_DECLAREES[p])]
    if manquants:
        raise PolicesIntrouvables(
            "Polices déclarées introuvables (" + ", ".join(manquants) + f", sous {RACINE_POLICES}) : le PDF n'a "
            "pas été produit (le DOCX l'a été) ; sans elles, il ne serait ni mis en page comme prévu ni "
            "reproductible.\nPour les installer sur Debian ou Ubuntu :\n"
            f"  sudo apt-get install -y --no-install-recommends {' '.join(manquants)}\n"
            "ou lancer ./construire, qui les installe quand il le peut.")
    ensemble = _polices(tuple(_etat(f) for f in declares), tuple(_etat(f) for f in propres), dossier_cache())
    if not ensemble.configuration.is_file():  # the cache was emptied meanwhile: written again
        _polices.cache_clear()
        ensemble = _polices(tuple(_etat(f) for f in declares), tuple(_etat(f) for f in propres), dossier_cache())
    return ensemble


def _etat(fichier: Path) -> tuple[str, int, int]:
    etat = fichier.stat()
    return str(fichier), etat.st_size, etat.st_mtime_ns


def dossier_cache() -> Path:
    """The project's cache (``~/.cache/contrat``, or under XDG_CACHE_HOME): fonts' configuration,
    LibreOffice's profile template and version; erasing it is safe."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(cache) / "contrat"


@functools.cache
def _polices(declares: tuple[tuple[str, int, int], ...], propres: tuple[tuple[str, int, int], ...],
             cache: Path) -> Polices:
    # Once per process and set: a build asks for it at each start of LibreOffice.
    cle = hashlib.sha256(repr((FORMAT, declares, propres)).encode()).hexdigest()[:16]
    dossier = cache / f"polices-{cle}"
    if not (dossier / "fonts.conf").is_file():
        dossier = _ecrire(dossier, [Path(f) for f, _, _ in declares], [Path(f) for f, _, _ in propres])
    lignes = (dossier / "empreinte").read_text(encoding="utf-8").splitlines()
    return Polices(dossier / "fonts.conf", cle, lignes[0], tuple(lignes[1:]))


def _ecrire(dossier: Path, declares: list[Path], propres: list[Path]) -> Path:
    """The configuration's folder, made aside then renamed into place (builds may run at the
    same time); a folder of this process only when the cache cannot be written."""
    brouillon = None
    try:
        dossier.parent.mkdir(parents=True, exist_ok=True)
        brouillon = Path(tempfile.mkdtemp(prefix=".polices-", dir=dossier.parent))
    except OSError:
        dossier = Path(tempfile.mkdtemp(prefix="contrat-polices-"))
        atexit.register(shutil.rmtree, dossier, True)
    cible = brouillon or dossier
    (cible / "polices").mkdir()
    for fichier in declares:
        (cible / "polices" / fichier.name).symlink_to(fichier)
    (cible / "fonts.conf").write_text(_configuration(dossier), encoding="utf-8")
    (cible / "empreinte").write_text("\n".join(_empreinte([*declares, *propres])) + "\n", encoding="utf-8")
    if brouillon is not None:
        try:
            os.rename(brouillon, dossier)
        except OSError:
            pass  # made meanwhile by another build: the same files, the same configuration
        finally:
            shutil.rmtree(brouillon, ignore_errors=True)
    return dossier


def _configuration(dossier: Path) -> str:
    """fontconfig's whole configuration: the declared files, a private cache, the metric aliases.
    As FONTCONFIG_FILE it replaces /etc/fonts/fonts.conf: no system folder, no conf.d, no user's
    ~/.fonts or ~/.local/share/fonts."""
    alias = "\n".join(f"  <alias binding=\"same\"><family>{nom}</family><prefer><family>{cible}</family></prefer></alias>"
                      for nom, cible in ALIAS.items())
    return ("<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"urn:fontconfig:fonts.dtd\">\n"
            "<!-- Written by contrat (rendu/polices.py): LibreOffice sees the declared fonts only. -->\n"
            f"<fontconfig>\n  <dir>{dossier / 'polices'}</dir>\n  <cachedir>{dossier / 'cache'}</cachedir>\n"
            f"{alias}\n</fontconfig>\n")


def _empreinte(fichiers: list[Path]) -> list[str]:
    """The fingerprint of the set (names, sizes and SHA-256 of the contents, sorted by name: the
    same fonts give the same one on any machine, wherever installed), then the names."""
    lignes = sorted(f"{f.name}\t{f.stat().st_size}\t{hashlib.sha256(f.read_bytes()).hexdigest()}" for f in fichiers)
    return [hashlib.sha256("\n".join(lignes).encode()).hexdigest()[:16], *sorted(f.name for f in fichiers)]
