"""Exception tree, problem records and exit codes.

Every failure the user can cause is reported in French, location first
(``fichier:ligne:colonne: place dans le document : message``), never as a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def hors_commandes_ci(texte: str) -> str:
    """``texte`` unable to pass for a CI runner's command anywhere in a line: GitHub's runner takes
    « ##[warning]… », « ##[add-mask]… » wherever they appear in a line (its older syntax; « ::… »
    only at a line's start, which callers keep from happening). A word joiner, invisible, parts
    the two « # »."""
    return texte.replace("##[", "#\u2060#[")


# Distinct exit codes, as Pandoc does: CI and scripts can tell failures apart.
SORTIE_SOURCES = 1
SORTIE_USAGE = 2
SORTIE_RENDU = 3
SORTIE_LIBREOFFICE = 4


@dataclass(frozen=True, order=True)
class Probleme:
    """One problem found in the sources, with its position."""

    fichier: str
    ligne: int
    colonne: int
    place: str
    message: str
    gravite: str = field(default="erreur", compare=False)
    chemin: tuple[str | int, ...] = field(default=(), compare=False)
    """Where in the contract's tree, when the place is to be described once the tree is read."""

    def __str__(self) -> str:
        lieu = f"{self.fichier}:{self.ligne}:{self.colonne}" if self.ligne else self.fichier
        place = f"{self.place} : " if self.place else ""
        prefixe = PREFIXE_AVERTISSEMENT if self.gravite == "avertissement" else ""
        return f"{lieu}: {prefixe}{place}{self.message}"

PREFIXE_AVERTISSEMENT = "avertissement : "
"""What starts a warning's line (an error's line has no prefix)."""


class ErreurContrat(Exception):
    """Base of every expected error: the command line prints its message, in French, without a
    traceback, and exits with its code."""

    exit_code = SORTIE_SOURCES

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def format_message(self) -> str:
        return self.message


class ErreurSource(ErreurContrat):
    """The sources are invalid: a list of located problems."""

    exit_code = SORTIE_SOURCES

    def __init__(self, problemes: list[Probleme]) -> None:
        self.problemes = sorted(problemes)
        lignes = [str(p) for p in self.problemes]
        lignes.append(self.bilan())
        super().__init__("\n".join(lignes))

    def bilan(self) -> str:
        """The last line: how many errors, and that nothing was produced."""
        n = sum(1 for p in self.problemes if p.gravite == "erreur")
        return f"{n} erreur{'s' if n > 1 else ''} : aucun document produit."


class ErreurUsage(ErreurContrat):
    """The command itself cannot be run as asked (missing folder, bad option)."""

    exit_code = SORTIE_USAGE


class ErreurRendu(ErreurContrat):
    """A renderer failed on valid sources (template problem, conversion failure)."""

    exit_code = SORTIE_RENDU


class ErreurGabarit(ErreurRendu):
    """The Word template is unusable (missing variable, broken tag)."""


class ErreurDocument(ErreurContrat):
    """``verify`` found an alteration (exit 1)."""

    exit_code = SORTIE_SOURCES


class LibreOfficeIntrouvable(ErreurContrat):
    """LibreOffice (or its Python-UNO bridge) is not installed."""

    exit_code = SORTIE_LIBREOFFICE
