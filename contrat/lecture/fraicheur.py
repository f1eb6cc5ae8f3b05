"""Whether a build will probably have nothing to do, guessed from file dates alone, before the
engine is imported: ``build.py`` then does not start LibreOffice ahead of time for a build that
will not convert (its start and stop took a third of a no-op build: 0.1 s of 0.45 s).

A guess only: whether to build is decided by the inputs' fingerprint, as before. A wrong guess
costs time, never an output: one way, a build starts LibreOffice when it is needed instead of
ahead (the overlap with loading is lost); the other way, LibreOffice is started for nothing, as
every build did before. Standard library only.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

NOM_SORTIE = "contrat-de-ville"
"""The set a plain ``build.py`` publishes (``application.construction.NOM_SORTIE``)."""


def sans_changement_probable(args: list[str]) -> bool:
    """``build.py ARGS`` (a build) finds its outputs newer than every input a date can tell: the
    sources folder (files and folders: a file removed dates its folder), the Word template, the
    engine's code and the Git references (a commit or a tag changes the version printed)."""
    if "--force" in args or _valeur(args, "--a-la-date") is not None:
        return False
    try:
        sources = Path(_valeur(args, "--sources") or "sources")
        manifeste = Path(_valeur(args, "--dist") or "dist") / f".{NOM_SORTIE}" / "manifest.json"
        publie = manifeste.stat().st_mtime_ns
        gabarit = _valeur(args, "--gabarit")
        modeles = [Path(gabarit)] if gabarit else [sources.resolve().parent / "templates" / "contrat.docx"]
        entrees: list[Path | str] = [*_arbre(sources), *_arbre(Path(__file__).resolve().parents[1], ".py"), *modeles,
                   *references_git(sources)]
        return all(os.stat(f).st_mtime_ns < publie for f in entrees if os.path.lexists(f))
    except (OSError, ValueError):
        return False


def _valeur(args: list[str], option: str) -> str | None:
    """The value of ``option`` (``--option v`` or ``--option=v``) on the command line."""
    for k, arg in enumerate(args):
        if arg == option and k + 1 < len(args):
            return args[k + 1]
        if arg.startswith(option + "="):
            return arg.split("=", 1)[1]
    return None


def _arbre(dossier: Path, suffixe: str = "") -> Iterator[str]:
    """``dossier``, its folders and its files ending in ``suffixe``; never a Git folder's content."""
    for racine, dossiers, fichiers in os.walk(dossier):
        dossiers[:] = [d for d in dossiers if d != ".git"]
        yield racine
        yield from (os.path.join(racine, f) for f in fichiers if f.endswith(suffixe))


def references_git(dossier: Path) -> list[Path | str]:
    """HEAD, the references and their folders of the repository holding ``dossier`` (a worktree's
    too). Not the index: ``git status``, which the fingerprint runs, rewrites it."""
    for parent in [dossier.resolve(), *dossier.resolve().parents]:
        point_git = parent / ".git"
        if point_git.is_dir():
            prive = commun = point_git
            break
        if point_git.is_file():
            prive = (parent / point_git.read_text(encoding="utf-8").removeprefix("gitdir:").strip()).resolve()
            commun_txt = prive / "commondir"
            commun = (prive / commun_txt.read_text(encoding="utf-8").strip()).resolve() if commun_txt.is_file() else prive
            break
    else:
        return []
    return [prive / "HEAD", commun / "packed-refs", *_arbre(commun / "refs")]
