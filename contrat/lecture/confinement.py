"""What the loader accepts to read: files inside the sources folder, of bounded size, whose text
holds no control or bidirectional-override characters.

The build runs on pull-request previews: a path in the sources must never make it read (and
print) a file of the machine, and no input may exhaust it.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from pathlib import Path, PurePosixPath

MEGA = 1024 * 1024
TAILLES_MAX = {".yaml": 2 * MEGA, ".yml": 2 * MEGA, ".md": 2 * MEGA, ".csv": 20 * MEGA, ".xlsx": 20 * MEGA,
               ".pdf": 50 * MEGA, ".png": 5 * MEGA, ".jpg": 5 * MEGA, ".jpeg": 5 * MEGA}
"""Largest file of each kind (the largest YAML of the example contracts is under 100 Ko)."""
EXTENSIONS = {
    "texte": (".md",),
    "donnees": (".csv", ".xlsx"),  # no .xls: reading it would need xlrd for a format exports no longer use
    "document": (".yaml", ".yml", ".pdf"),
    "image": (".png", ".jpg", ".jpeg"),
}

_CLASSE = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2060-\u2064\ufff9-\ufffb"
_INTERDITS = re.compile(f"[{_CLASSE}]")
_INTERDITS_DANS_UNE_CLE = re.compile(f"[{_CLASSE}\t\n\r\u2028\u2029]")
"""Raw text may hold tabs and line breaks; a key, never (nor a line or paragraph separator)."""
_NOMS = {"\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO", "\u2066": "LRI",
         "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI", "\u200e": "LRM", "\u200f": "RLM", "\u061c": "ALM"}


class HorsSources(Exception):
    """A path or a file the loader refuses (the message is French, for the user)."""


def chemin_source(dossier: Path, nom: object, nature: str) -> Path:
    """The file ``nom`` (as written in the sources) inside ``dossier``, or HorsSources: absolute
    paths, « .. », links leaving the folder, other extensions than ``nature``'s, missing files and
    files over their size cap are refused."""
    return fichier_confine(dossier, nom_source(dossier, nom, nature), str(nom))


def nom_source(dossier: Path, nom: object, nature: str) -> Path:
    """Where ``nom`` (as written in the sources) designates in ``dossier``, its name checked only
    (``chemin_source`` also checks the file; ``lire_confine`` checks it as it reads it)."""
    chemin = nom_dans(dossier, nom)
    if chemin.suffix.lower() not in EXTENSIONS[nature]:
        attendu = ", ".join(EXTENSIONS[nature])
        raise HorsSources(f"fichier « {nom} » refusé : extension attendue {attendu}")
    return chemin


def nom_dans(dossier: Path, nom: object) -> Path:
    """Where the relative name ``nom`` designates in ``dossier``: no control character, not
    absolute (nor a Windows drive or share), no « .. »; links are judged when the file is read."""
    if not isinstance(nom, str) or not nom.strip():
        raise HorsSources("chemin de fichier attendu")
    if _INTERDITS.search(nom):
        raise HorsSources(f"caractère de contrôle dans le chemin « {nom!r} »")
    posix = PurePosixPath(nom.replace("\\", "/"))
    if posix.is_absolute() or re.match(r"^[A-Za-z]:", nom):
        raise HorsSources(f"chemin absolu « {nom} » refusé : les fichiers du contrat sont dans le dossier des sources")
    if ".." in posix.parts:
        raise HorsSources(f"chemin « {nom} » refusé : il sort du dossier des sources (« .. »)")
    return dossier / posix


def fichier_confine(dossier: Path, chemin: Path, nom: str) -> Path:
    """``chemin`` if it is a regular file inside ``dossier`` (links resolved) within its size cap."""
    _reel_confine(dossier, chemin, nom)
    return chemin


def _reel_confine(dossier: Path, chemin: Path, nom: str) -> Path:
    """The real path of ``chemin`` (links resolved) if it is a regular file inside ``dossier``
    within its size cap."""
    try:
        reel = chemin.resolve(strict=True)
    except (OSError, RuntimeError):  # missing, a file taken for a folder, a loop of links
        raise HorsSources(f"fichier « {nom} » introuvable") from None
    if not reel.is_relative_to(racine_reelle(dossier)):
        raise HorsSources(f"« {nom} » est un lien qui sort du dossier des sources : refusé")
    if not reel.is_file():
        raise HorsSources(f"« {nom} » n'est pas un fichier")
    taille, maximum = reel.stat().st_size, TAILLES_MAX.get(reel.suffix.lower(), 2 * MEGA)
    if taille > maximum:
        raise HorsSources(f"fichier « {nom} » trop volumineux ({taille // MEGA} Mo, maximum {maximum // MEGA} Mo)")
    return reel


def racine_reelle(dossier: Path) -> Path:
    """The sources folder's real path (given by the command line: resolved once per process and
    working directory)."""
    return _resoudre(os.path.abspath(dossier))


@functools.lru_cache(maxsize=16)
def _resoudre(absolu: str) -> Path:
    return Path(absolu).resolve()


def caractere_interdit(texte: str) -> tuple[int, int, str] | None:
    """(line, column, description) of the first control or bidi-override character, if any."""
    trouve = _INTERDITS.search(texte)
    if trouve is None:
        return None
    avant = texte[:trouve.start()]
    ligne, colonne = avant.count("\n") + 1, trouve.start() - (avant.rfind("\n") + 1) + 1
    return ligne, colonne, decrire_caractere(trouve.group(0))


def interdit_dans(valeur: str, cle: bool = False) -> str | None:
    """The first character a parsed value (an escape's result) may not hold; in a key, line breaks
    and tabs too."""
    trouve = (_INTERDITS_DANS_UNE_CLE if cle else _INTERDITS).search(valeur)
    return trouve.group(0) if trouve else None


def decrire_caractere(c: str) -> str:
    """The message for a refused character (« caractère de contrôle … interdit »)."""
    if c in _NOMS:
        return f"caractère de contrôle bidirectionnel {_NOMS[c]} (U+{ord(c):04X}) interdit"
    return f"caractère de contrôle U+{ord(c):04X} interdit"


def lire_confine(dossier: Path, chemin: Path, nom: str) -> bytes:
    """The bytes of ``chemin``, confined as ``fichier_confine`` says, read once: the path is opened
    component by component without following any link, so a link swapped after the check cannot
    make it read another file; a file with several names (a hard link, which may be one to a file
    outside the sources) is refused. What is read is what is checked, fingerprinted and embedded
    in the PDF.

    A path without links is opened as written (the walk is the check); one through a link inside
    the sources is resolved and checked first, then its real path walked the same way."""
    racine = racine_reelle(dossier)
    ecrit = chemin.parts[len(dossier.parts):]
    ouvert = None
    if ecrit and chemin.parts[:len(dossier.parts)] == dossier.parts and ".." not in ecrit:
        try:
            ouvert = _ouvrir(racine, ecrit)
        except OSError:
            ouvert = None  # a link on the way (or no such file): the careful path says which
    if ouvert is None:
        try:
            ouvert = _ouvrir(racine, _reel_confine(dossier, chemin, nom).relative_to(racine).parts)
        except OSError:
            raise HorsSources(f"« {nom} » a changé pendant sa lecture (lien remplacé ?) : refusé") from None
    etat = os.fstat(ouvert)
    if not stat.S_ISREG(etat.st_mode):
        os.close(ouvert)
        raise HorsSources(f"« {nom} » n'est pas un fichier")
    with os.fdopen(ouvert, "rb") as f:
        if etat.st_nlink > 1:
            raise HorsSources(f"« {nom} » est un lien physique ({etat.st_nlink} noms pour un même fichier) : refusé, "
                              "les sources en ont une copie")
        maximum = TAILLES_MAX.get(Path(chemin).suffix.lower(), 2 * MEGA)
        if etat.st_size > maximum:
            raise HorsSources(f"fichier « {nom} » trop volumineux ({etat.st_size // MEGA} Mo, maximum "
                              f"{maximum // MEGA} Mo)")
        octets = f.read(maximum + 1)
    if len(octets) > maximum:
        raise HorsSources(f"fichier « {nom} » trop volumineux (plus de {maximum // MEGA} Mo)")
    return octets


def _ouvrir(racine: Path, parties: tuple[str, ...] | list[str]) -> int:
    """A descriptor of ``racine/parties`` opened without following any link on the way (OSError
    if one is met, or if a component is missing)."""
    dossier = os.open(racine, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        for partie in parties[:-1]:
            suivant = os.open(partie, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dossier)
            os.close(dossier)
            dossier = suivant
        return os.open(parties[-1], os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=dossier)
    finally:
        os.close(dossier)


class FichiersLus(tuple[str, ...]):
    """The names of the files read (relative to the sources folder, POSIX, sorted), each with the
    bytes it was read as: the PDF embeds and fingerprints these, never a second read."""

    contenus: dict[str, bytes]

    def __new__(cls, contenus: dict[str, bytes]) -> FichiersLus:
        soi = super().__new__(cls, sorted(contenus))
        soi.contenus = contenus
        return soi
