"""Writing outputs to dist/ as a set: a build's files appear together or not at all, a failed
build never leaves half-written files and never destroys the previous good output.

Each set is written whole in ``dist/.ensembles/<set>-<random suffix>/``; ``dist/.<set>`` is a link to the
current one, switched in one step (a rename); ``dist/<file>`` are links through it. A build killed
at any moment leaves either the previous set or the new one, never a mix.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from contrat.erreurs import ErreurRendu, ErreurUsage


def publier(dist: Path, fichiers: dict[str, bytes], ensemble: str) -> list[Path]:
    """Publish ``fichiers`` as the set ``ensemble``; files of its previous set that it no longer
    has (the PDF of a build where LibreOffice is missing) disappear with the switch."""
    try:
        dist.mkdir(parents=True, exist_ok=True)
        depot = dist / ".ensembles"
        depot.mkdir(exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise ErreurUsage(f"{dist} n'est pas un dossier : choisir un autre --dist") from None
    nouveau = Path(tempfile.mkdtemp(prefix=f"{ensemble}-", dir=depot))
    try:
        for nom, contenu in fichiers.items():
            ecrire_durablement(nouveau / nom, contenu)
    except OSError as exc:
        shutil.rmtree(nouveau, ignore_errors=True)
        raise ErreurRendu(f"écriture impossible dans {dist} ({exc.strerror or exc}) : la sortie précédente est "
                          "conservée") from None
    courant = dist / f".{ensemble}"
    ancien = courant.resolve() if courant.is_symlink() else None
    anciens_noms = set(os.listdir(ancien)) if ancien and ancien.is_dir() else set()
    _lier(courant, os.path.relpath(nouveau, dist))  # the switch: one rename
    chemins = []
    for nom in fichiers:
        _lier(dist / nom, f".{ensemble}/{nom}")
        chemins.append(dist / nom)
    for nom in anciens_noms - set(fichiers):
        lien = dist / nom
        if lien.is_symlink() and os.readlink(lien) == f".{ensemble}/{nom}":
            lien.unlink()
    for reste in depot.iterdir():
        if re.fullmatch(rf"{re.escape(ensemble)}-[a-z0-9_]{{8}}", reste.name) and reste != nouveau:
            shutil.rmtree(reste, ignore_errors=True)
    return chemins


def _lier(lien: Path, cible: str) -> None:
    """Make ``lien`` a link to ``cible``, replacing what is there in one step."""
    if lien.is_symlink() and os.readlink(lien) == cible:
        return
    provisoire = lien.with_name(f".{lien.name}.lien-{os.getpid()}")
    if provisoire.is_symlink() or provisoire.exists():
        provisoire.unlink()
    os.symlink(cible, provisoire)
    os.replace(provisoire, lien)


def ecrire_durablement(chemin: Path, contenu: bytes) -> None:
    """Write to a temporary file beside ``chemin``, sync, then replace it: a full disk or a kill
    never leaves a truncated file (links are followed: the file they point to is replaced)."""
    cible = chemin.resolve() if chemin.is_symlink() else chemin
    descripteur, provisoire = tempfile.mkstemp(prefix=f".{cible.name}.", dir=cible.parent)
    try:
        with os.fdopen(descripteur, "wb") as f:
            f.write(contenu)
            f.flush()
            os.fsync(f.fileno())
        os.replace(provisoire, cible)
    except BaseException:
        Path(provisoire).unlink(missing_ok=True)
        raise
