"""Writing outputs to dist/ as a set: a build's files appear together or not at all, a failed
build never leaves half-written files and never destroys the previous good output.

Each set is written whole in ``dist/.ensembles/<set>-<random suffix>/``; ``dist/.<set>`` is a link to the
current one, switched in one step (a rename); ``dist/<file>`` are links through it. A build killed
at any moment leaves either the previous set or the new one, never a mix. Builds publishing into
the same ``dist`` take turns (a lock per ``dist``): one never removes the set another is writing.

A signed PDF is never in a published set: ``sign`` writes beside it, in ``dist/signes/``, which no
build touches, and a build refuses to replace or remove a signed PDF it finds among its outputs.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from contrat.erreurs import ErreurRendu, ErreurUsage

DOSSIER_SIGNES = "signes"
"""Where ``sign`` writes a PDF of a published set, out of every build's way."""


def lire_manifeste(chemin: Path) -> dict[str, Any]:
    """A manifest.json, or a clear error (never a traceback) when it is not one."""
    import json

    try:
        contenu = json.loads(chemin.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        raise ErreurUsage(f"{chemin} : manifeste illisible (JSON attendu)") from None
    if not isinstance(contenu, dict) or not isinstance(contenu.get("signatures", []), list):
        raise ErreurUsage(f"{chemin} : manifeste mal formé")
    return contenu


def publier(dist: Path, fichiers: dict[str, bytes], ensemble: str) -> list[Path]:
    """Publish ``fichiers`` as the set ``ensemble``; files of its previous set that it no longer
    has (the PDF of a build where LibreOffice is missing) disappear with the switch."""
    depot = _preparer(dist)
    with _verrou(depot):
        _refuser_si_signe(dist, ensemble, fichiers)
        return _publier(dist, depot, fichiers, ensemble)


def _preparer(dist: Path) -> Path:
    """``dist`` and its store of sets, created; a clear message when they cannot be."""
    depot = dist / ".ensembles"
    try:
        dist.mkdir(parents=True, exist_ok=True)
        depot.mkdir(exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise ErreurUsage(f"{dist} n'est pas un dossier : choisir un autre --dist") from None
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise
        raise ErreurUsage(f"{dist} : dossier de sortie impossible à créer ({exc.strerror or exc}) : "
                          "choisir un autre --dist") from None
    return depot


@contextlib.contextmanager
def _verrou(depot: Path) -> Iterator[None]:
    """One publication at a time in a ``dist``: another build waits for the switch to end (a lock
    held by the kernel: a killed build releases it)."""
    try:
        descripteur = os.open(depot / ".verrou", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise ErreurUsage(f"{depot.parent} : verrou impossible à poser ({exc.strerror or exc}) : "
                          "choisir un autre --dist") from None
    try:
        fcntl.flock(descripteur, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descripteur)


def _publier(dist: Path, depot: Path, fichiers: dict[str, bytes], ensemble: str) -> list[Path]:
    nouveau = Path(tempfile.mkdtemp(prefix=f"{ensemble}-", dir=depot))
    os.chmod(nouveau, 0o777 & ~_umask())  # as mkdir makes folders (mkdtemp's are private)
    try:
        for nom, contenu in fichiers.items():
            # A file in a folder of the set (the web edition's ``web/index.html``): its folder first.
            (nouveau / nom).parent.mkdir(parents=True, exist_ok=True)
            ecrire_durablement(nouveau / nom, contenu)
    except OSError as exc:
        shutil.rmtree(nouveau, ignore_errors=True)
        raise ErreurRendu(f"écriture impossible dans {dist} ({exc.strerror or exc}) : la sortie précédente est "
                          "conservée") from None
    courant = dist / f".{ensemble}"
    ancien = courant.resolve() if courant.is_symlink() else None
    anciens_noms = set(os.listdir(ancien)) if ancien and ancien.is_dir() else set()
    _lier(courant, os.path.relpath(nouveau, dist))  # the switch: one rename
    for nom in dict.fromkeys(premiers_noms(fichiers)):
        # A folder of the set (``web``) is one link, switched with the set: never half of a site.
        _lier(dist / nom, f".{ensemble}/{nom}")
    chemins = [dist / nom for nom in fichiers]
    for nom in anciens_noms - set(premiers_noms(fichiers)):
        lien = dist / nom
        if lien.is_symlink() and os.readlink(lien) == f".{ensemble}/{nom}":
            lien.unlink()
    for reste in depot.iterdir():
        if re.fullmatch(rf"{re.escape(ensemble)}-[a-z0-9_]{{8}}", reste.name) and reste != nouveau:
            shutil.rmtree(reste, ignore_errors=True)
    return chemins


def premiers_noms(fichiers: dict[str, bytes]) -> list[str]:
    """The names ``dist`` links to, in order: a file's, or the folder holding it (``web``)."""
    return [nom.split("/", 1)[0] for nom in fichiers]


def _refuser_si_signe(dist: Path, ensemble: str, fichiers: dict[str, bytes]) -> None:
    """A signed PDF where the set would replace or remove a file (signed in place by an earlier
    version, or copied there by hand): refused, the build is not published."""
    courant = dist / f".{ensemble}"
    noms = set(fichiers) | (set(os.listdir(courant)) if courant.is_dir() else set())
    for nom in sorted(n for n in noms if n.lower().endswith(".pdf")):
        chemin = dist / nom
        if chemin.is_file() and pdf_signe(chemin):
            raise ErreurUsage(
                f"{chemin} est un PDF signé : la construction le remplacerait. Le mettre à l'abri (par exemple "
                f"dans {dist / DOSSIER_SIGNES}/, que les constructions ne touchent pas) ou construire dans un autre "
                "dossier (--dist) ; rien n'a été publié.")


def pdf_signe(chemin: Path) -> bool:
    """The file carries at least one signature value (a /Sig field with its /V), read by pikepdf
    without trusting anything else of it; an unreadable file is not a signed PDF."""
    import pikepdf

    try:
        # A signature dictionary is never compressed (its byte range is written in place): without
        # the word, no signature, and the build does not open every PDF it replaces (30 ms).
        with chemin.open("rb") as f:
            if not any(b"/ByteRange" in bloc for bloc in _blocs(f)):
                return False
        with pikepdf.open(chemin) as doc:
            formulaire = doc.Root.get("/AcroForm")
            champs = formulaire.get("/Fields") if isinstance(formulaire, pikepdf.Dictionary) else None
            if not isinstance(champs, pikepdf.Array):
                return False
            return any(isinstance(c, pikepdf.Dictionary) and c.get("/FT") == pikepdf.Name.Sig and "/V" in c
                       for c in list(champs)[:1000])
    except (pikepdf.PdfError, OSError, ValueError, TypeError):
        return False


@contextlib.contextmanager
def signature_hors_publication(fichier: Path, sortie: Path | None) -> Iterator[tuple[Path, Path, str]]:
    """Where ``sign`` reads and writes, decided and used under the ``dist``'s lock (builds and other
    signatories wait): ``(entree, cible, note)``.

    ``fichier`` in a published set (``dist/contrat-de-ville.pdf``, which the next build replaces)
    is signed into ``dist/signes/<nom>``; when that signed copy exists and is this very build signed
    (its first revision is these bytes), the signature is added to it, never written over it; a
    signed copy of another build there is refused. Elsewhere, ``sortie`` or ``fichier`` itself;
    an explicit ``sortie`` inside a set is refused."""
    if sortie is not None and _dans_un_ensemble(sortie):
        raise ErreurUsage(f"--sortie {sortie} : fichier d'une construction publiée, qu'une prochaine construction "
                          f"remplacerait ; choisir un fichier hors de {_dist_de(sortie)}/.ensembles (par exemple "
                          f"{_dist_de(sortie) / DOSSIER_SIGNES / sortie.name})")
    publie = sortie is None and _dans_un_ensemble(fichier)
    dist = _dist_de(fichier) if publie else _dist_des_signes(sortie or fichier)
    with _verrou(dist / ".ensembles") if dist is not None else contextlib.nullcontext():
        if publie and dist is not None:
            yield _copie_signee(fichier, dist)
        else:
            yield fichier, sortie or fichier, ""


def _copie_signee(fichier: Path, dist: Path) -> tuple[Path, Path, str]:
    signes = dist / DOSSIER_SIGNES
    copie = signes / fichier.name
    octets = fichier.read_bytes()
    if copie.is_file():
        if not copie.read_bytes().startswith(octets):
            raise ErreurUsage(f"{copie} existe déjà et n'est pas un exemplaire signé de {fichier} (il vient d'une autre "
                              f"construction) : le mettre à l'abri ailleurs, ou signer {fichier} avec --sortie "
                              "AUTRE.pdf ; rien n'a été signé")
        return copie, copie, (f"exemplaire déjà signé : signature ajoutée à {copie} (hors des sorties de la "
                              "construction ; les signataires suivants signent ce fichier)")
    try:
        signes.mkdir(exist_ok=True)
        _consigner_original(signes / "manifest.json", fichier.name, octets, dist / "manifest.json")
    except OSError as exc:
        raise ErreurUsage(f"{signes} : dossier impossible à préparer ({exc.strerror or exc})") from None
    return fichier, copie, ("hors des sorties de la construction, qu'une prochaine construction remplace : "
                            f"les signataires suivants signent {copie}")


def _consigner_original(manifeste: Path, nom: str, octets: bytes, de_la_construction: Path) -> None:
    """``dist/signes/manifest.json`` records, for each signed copy, the output it started from (as a
    build's manifest does: ``verify`` tells a swapped file or a removed signature with it) and what
    the build's manifest said of its sources, when that manifest is the one of this output."""
    import hashlib
    import json

    contenu = lire_manifeste(manifeste) if manifeste.is_file() else {}
    empreinte = hashlib.sha256(octets).hexdigest()
    contenu.setdefault("sorties", {})[nom] = empreinte
    try:
        construction = json.loads(de_la_construction.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        construction = None
    if isinstance(construction, dict) and (construction.get("sorties") or {}).get(nom) == empreinte:
        contenu.setdefault("constructions", {})[nom] = {k: v for k, v in construction.items() if k != "signatures"}
    ecrire_durablement(manifeste, (json.dumps(contenu, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))


def _dist_des_signes(chemin: Path) -> Path | None:
    """The ``dist`` whose ``signes/`` holds ``chemin`` (its signatories take turns with its builds)."""
    dossier = chemin.parent
    if dossier.name == DOSSIER_SIGNES and (dossier.parent / ".ensembles").is_dir():
        return dossier.parent
    return None


def _blocs(f: BinaryIO) -> Iterator[bytes]:
    """A file's bytes in overlapping 1 Mo blocks (a word cut between two is found in one)."""
    precedent = b""
    while bloc := f.read(1 << 20):
        yield precedent + bloc
        precedent = bloc[-16:]


def _dans_un_ensemble(chemin: Path) -> bool:
    """``chemin`` is (or leads through links to) a file of a published set: ``dist/.ensembles/…``."""
    try:
        reel = chemin.resolve()
    except (OSError, RuntimeError):
        return False
    return reel.parent.parent.name == ".ensembles"


def _dist_de(chemin: Path) -> Path:
    """The ``dist`` a published file belongs to: where its link is (the folder of ``.ensembles``)."""
    if chemin.is_symlink() or chemin.parent.joinpath(".ensembles").is_dir():
        return chemin.parent
    return chemin.resolve().parent.parent.parent


def verifier_separation(dist: Path, sources: Path) -> None:
    """``dist`` and the sources kept apart: a build never writes into the sources (it would replace a
    partner's annex by a link) nor reads its outputs as sources."""
    d, s = dist.resolve(), sources.resolve()
    if d == s or s in d.parents:
        raise ErreurUsage(f"--dist {dist} est dans le dossier des sources ({sources}) : choisir un dossier de sortie "
                          "hors des sources")
    if d in s.parents:
        raise ErreurUsage(f"--dist {dist} contient le dossier des sources ({sources}) : choisir un dossier de sortie "
                          "distinct")


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
    try:
        mode = cible.stat().st_mode & 0o777  # a file replaced keeps its permissions
    except OSError:
        mode = 0o666 & ~_umask()  # a new one gets those of any new file (mkstemp's are private)
    descripteur, provisoire = tempfile.mkstemp(prefix=f".{cible.name}.", dir=cible.parent)
    try:
        with os.fdopen(descripteur, "wb") as f:
            os.fchmod(f.fileno(), mode)
            f.write(contenu)
            f.flush()
            os.fsync(f.fileno())
        os.replace(provisoire, cible)
    except BaseException:
        Path(provisoire).unlink(missing_ok=True)
        raise


def _umask() -> int:
    """The process's umask, read without changing it (Linux says it in /proc; 022 elsewhere)."""
    try:
        for ligne in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if ligne.startswith("Umask:"):
                return int(ligne.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    return 0o022
