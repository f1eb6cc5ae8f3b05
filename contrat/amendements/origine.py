"""Which version of the sources is being built: derived from Git, never typed."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from contrat.amendements.depot import git
from contrat.erreurs import ErreurUsage


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
    libelle = reponse_git(dossier, "describe", "--tags", "--always") or "fichiers hors Git"
    if modifie:
        libelle += " (modifications non enregistrées)"
    epoch = reponse_git(dossier, "log", "-1", "--format=%ct")
    # Outside Git, the sources are dated by their latest change (never by a made-up date).
    date = date_imposee() or dt.datetime.fromtimestamp(int(epoch) if epoch.isdigit() else
                                                       _derniere_modification(dossier), dt.timezone.utc)
    return Version(commit=commit + ("-modifie" if modifie and commit else ""), libelle=libelle, date=date)


def date_imposee() -> dt.datetime | None:
    """SOURCE_DATE_EPOCH (reproducible-builds.org): whole seconds since 1970, UTC. A malformed
    value is an error, as the specification asks: never ignored, never a crash."""
    brut = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not brut:
        return None
    if re.fullmatch(r"\d{1,12}", brut):
        try:
            return dt.datetime.fromtimestamp(int(brut), dt.timezone.utc)
        except (ValueError, OverflowError, OSError):
            pass  # beyond year 9999
    raise ErreurUsage(f"SOURCE_DATE_EPOCH={brut} : un nombre entier de secondes depuis le 1er janvier 1970 est "
                      "attendu (au plus 253402300799, le 31 décembre 9999)")


def _derniere_modification(dossier: Path) -> int:
    """When a file of ``dossier`` was last changed (seconds since 1970), the folder's own time if empty."""
    try:
        return int(max((f.stat().st_mtime for f in dossier.rglob("*") if f.is_file()),
                       default=dossier.stat().st_mtime))
    except OSError:
        return 0
