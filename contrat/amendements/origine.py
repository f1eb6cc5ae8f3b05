"""Which version of the sources is being built: derived from Git, never typed."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from contrat.amendements.depot import git


@dataclass(frozen=True)
class Version:
    commit: str
    libelle: str
    date: dt.datetime


def reponse_git(dossier: Path, *args: str) -> str:
    """Git's answer, or "" outside a repository (a build outside Git is still a build)."""
    try:
        fini = git(dossier, *args)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return str(fini.stdout).strip() if fini.returncode == 0 else ""


def version_des_sources(dossier: Path) -> Version:
    """Commit, label and date of the sources (SOURCE_DATE_EPOCH wins, then the commit date)."""
    commit = reponse_git(dossier, "rev-parse", "--short=12", "HEAD")
    modifie = bool(reponse_git(dossier, "status", "--porcelain", "--", "."))
    libelle = reponse_git(dossier, "describe", "--tags", "--always") or "hors Git"
    if modifie:
        libelle += " (modifications non enregistrées)"
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or reponse_git(dossier, "log", "-1", "--format=%ct")
    date = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch.isdigit() else dt.datetime(
        2024, 1, 1, tzinfo=dt.timezone.utc)
    return Version(commit=commit + ("-modifie" if modifie and commit else ""), libelle=libelle, date=date)
