"""Checking a sources folder: takes a folder; gives the validated contract and its warnings
(``build.py check``, the first step of every command). Light on purpose: check runs on every save
and every pull request, and imports nothing of Git, Word or PDF.
"""

from __future__ import annotations

from pathlib import Path

from contrat.controles.dossier import Lecture, Resultat, juger_avec_suivi, lire_dossier
from contrat.erreurs import ErreurUsage

__all__ = ["Resultat", "lire", "verifier", "verifier_avec_suivi", "verifier_dossier_sources"]
"""``Resultat``, what ``verifier`` gives, is named here for the command line, which goes through
this layer only (``outils/cycles.py``)."""


def verifier(dossier: Path, strict: bool = False) -> Resultat:
    """The validated contract and its warnings (raises ErreurSource): what every command that
    builds, amends or verifies the contract checks first."""
    return lire(dossier).juger(strict)


def verifier_avec_suivi(dossier: Path, strict: bool = False) -> Resultat:
    """``build.py check``: ``verifier``, and the follow-up data beside the sources (``suivi/``)
    judged against the contract when there are some. Only check reads them: the yearly data never
    stop a build, an avenant or a verification of the contract."""
    return juger_avec_suivi(lire(dossier), dossier, strict)


def lire(dossier: Path) -> Lecture:
    """The sources read and typed, their rules still to run (raises ErreurSource)."""
    from contrat.sortes import inscrire  # the kinds' modules: only for a command that reads sources

    verifier_dossier_sources(dossier)
    inscrire()
    return lire_dossier(dossier)


def verifier_dossier_sources(dossier: Path) -> None:
    if not dossier.is_dir():
        raise ErreurUsage(f"dossier de sources introuvable : {dossier}")
    if not (dossier / "contrat.yaml").is_file():
        raise ErreurUsage(f"{dossier} ne contient pas de contrat.yaml : est-ce un dossier de sources ?")
