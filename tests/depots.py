"""Git repositories for the tests: sources copied, committed under a fixed identity, signed with
``build.py figer`` as a chargé(e) de mission does; clones and past versions read back. One place
for the set-up that several test modules need (a module of helpers: test modules do not import
each other)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tarfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path

from conftest import lancer

IDENTITE = (("user.name", "Test"), ("user.email", "test@exemple.fr"), ("commit.gpgsign", "false"),
            ("tag.gpgsign", "false"))
"""A fixed author, and no signing of commits or tags whatever the machine's own Git configuration."""


def git(depot: Path, *args: str) -> str:
    """``git -C depot ARGS``; its output (fails the test when Git fails)."""
    return subprocess.run(["git", "-C", str(depot), *args], capture_output=True, text=True, check=True).stdout


def enregistrer(depot: Path, message: str) -> None:
    """Commit everything in the working tree."""
    git(depot, "add", "-A")
    git(depot, "commit", "-q", "-m", message)


def _identifier(depot: Path) -> None:
    for cle, valeur in IDENTITE:
        git(depot, "config", cle, valeur)


def copie_des_sources(origine: Path, tmp_path: Path) -> Path:
    """``origine`` copied to ``tmp_path/sources`` (the copy a test edits); its folder."""
    cible = tmp_path / "sources"
    shutil.copytree(origine, cible)
    return cible


def depot_git(racine: Path, sources: Path | None = None, preparer: Callable[[Path], object] = lambda s: None,
              message: str = "Contrat de ville") -> Path:
    """``racine`` made a Git repository whose first commit holds ``racine/sources``: a copy of
    ``sources`` when given (else the folder already there), changed by ``preparer`` first."""
    racine.mkdir(parents=True, exist_ok=True)
    if sources is not None:
        shutil.copytree(sources, racine / "sources")
    preparer(racine / "sources")
    git(racine, "init", "-q")
    _identifier(racine)
    enregistrer(racine, message)
    return racine


def figer(depot: Path, date: str) -> None:
    """``build.py figer --date DATE``: the current version recorded as signed that day (its
    manifest committed, its tag)."""
    fini = lancer("figer", "--date", date, cwd=depot)
    assert fini.returncode == 0, fini.stderr


def depot_signe(racine: Path, sources: Path | None = None, date: str = "2024-06-28",
                preparer: Callable[[Path], object] = lambda s: None) -> Path:
    """A repository whose sources are committed and signed on ``date`` (tag « contrat-signe »)."""
    depot_git(racine, sources, preparer, "Contrat de ville signé")
    figer(racine, date)
    return racine


def etiqueter(depot: Path, etiquette: str = "contrat-signe") -> None:
    """The current commit tagged as a signed version by hand, without ``figer``: a version signed
    before manifests were recorded, whose sources today's rules need not accept."""
    git(depot, "tag", "-a", etiquette, "-m", "Version signée")


def cloner(depot: Path, cible: Path) -> Path:
    """A clone of ``depot`` (its tags included) where the tests can commit."""
    subprocess.run(["git", "clone", "-q", str(depot), str(cible)], check=True)
    _identifier(cible)
    return cible


def extraire(depot: Path, ref: str, cible: Path) -> Path:
    """The sources of version ``ref`` (a tag, a commit) written under ``cible``; their folder."""
    archive = subprocess.run(["git", "-C", str(depot), "archive", ref, "sources"], capture_output=True,
                             check=True).stdout
    cible.mkdir(parents=True, exist_ok=True)
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(cible, filter="data")
    return cible / "sources"


def dater_signature(fichier: Path, date: str) -> None:
    """The signature's date written in ``fichier`` (contrat.yaml or an avenant's), which the Grand
    Dole's sources and avenant n° 1 of the scenarios leave out."""
    texte = fichier.read_text(encoding="utf-8")
    fichier.write_text(re.sub(r'(\n  lieu: "Dole"\n)(  # date: .*\n)?', rf'\1  date: "{date}"\n', texte, count=1),
                       encoding="utf-8")
