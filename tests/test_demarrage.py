"""Start-up: what loading the engine does not do (build the model's classes, load what a command
may not need), the model's classes built safely by several threads at once, and a build with
nothing to do that does not start LibreOffice. Its speed is measured by outils/mesurer.py
--demarrage, never here."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from hostiles import MINIMAL

from conftest import RACINE, lancer_processus


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=RACINE, capture_output=True, text=True,
                          timeout=120)


def test_charger_le_moteur_ne_construit_aucune_classe_du_modele() -> None:
    """The command line loaded: no class of the model built by pydantic, neither markdown-it nor
    pydantic's plugin look-up (importlib.metadata) loaded; ``check`` then builds what it validates."""
    fini = _python("""
        import sys
        import contrat.cli.principal
        from pydantic import BaseModel
        from contrat.modele import contrat, nombres, prose

        def classes(module):
            return [c for c in vars(module).values()
                    if isinstance(c, type) and issubclass(c, BaseModel) and c.__module__ == module.__name__]

        toutes = [c for m in (contrat, nombres, prose) for c in classes(m)]
        print(len(toutes), sum(c.__pydantic_complete__ for c in toutes))
        print(*sorted(m for m in ("markdown_it", "pydantic.plugin._loader", "importlib.metadata") if m in sys.modules))
        """)
    assert fini.returncode == 0, fini.stderr
    nombre, construites = map(int, fini.stdout.splitlines()[0].split())
    assert nombre > 40 and construites == 0, fini.stdout
    assert fini.stdout.splitlines()[1:] in ([], [""]), fini.stdout

    fini = _python(f"""
        from pathlib import Path
        from contrat.application.sources import verifier
        from contrat.modele.contrat import Contrat
        from contrat.modele.prose import Paragraphe
        resultat = verifier(Path({str(MINIMAL)!r}))
        print(Contrat.__pydantic_complete__, Paragraphe.__pydantic_complete__, isinstance(resultat.contrat, Contrat))
        """)
    assert fini.returncode == 0, fini.stderr
    assert fini.stdout.split() == ["True", "True", "True"], fini.stdout


def test_des_fils_qui_valident_ensemble_les_premiers() -> None:
    """Eight threads use the model's classes for the first time at the same moment (``verify``
    reads two folders at once): each gets the same, valid tree. A fresh copy of the prose module
    per round, so that every round is a first use; without the lock around pydantic's lazy build,
    about one round in eight failed (« type object 'Prose' has no attribute
    '__pydantic_core_schema__' »)."""
    fini = _python("""
        import importlib.util, sys, threading
        sys.setswitchinterval(1e-6)  # threads switch as often as they can
        import contrat.modele.prose as modele

        DONNEES = {"fichier": "t.md", "blocs": [
            {"type": "paragraphe", "segments": [{"texte": "a", "gras": True}], "ligne": 1},
            {"type": "liste", "elements": [{"segments": [{"texte": "b"}],
                                            "sous_liste": {"elements": [{"segments": [{"texte": "c"}]}]}}]},
            {"type": "citation", "blocs": [{"type": "paragraphe", "segments": [{"texte": "d"}]}]}]}
        echecs = 0
        for tour in range(30):
            nom = f"prose_{tour}"
            spec = importlib.util.spec_from_file_location(nom, modele.__file__)
            copie = importlib.util.module_from_spec(spec)
            sys.modules[nom] = copie
            spec.loader.exec_module(copie)
            barriere, resultats = threading.Barrier(8), []

            def valider():
                barriere.wait()
                try:
                    resultats.append(copie.Prose.model_validate(DONNEES).model_dump())
                except Exception as exc:
                    resultats.append(repr(exc))

            fils = [threading.Thread(target=valider) for _ in range(8)]
            for f in fils:
                f.start()
            for f in fils:
                f.join()
            attendu = modele.Prose.model_validate(DONNEES).model_dump()
            echecs += sum(r != attendu for r in resultats)
        print(echecs)
        """)
    assert fini.returncode == 0, fini.stderr
    assert fini.stdout.strip() == "0", fini.stdout


def _sources_et_sortie(tmp_path: Path) -> tuple[Path, Path, list[str]]:
    sources, dist = tmp_path / "sources", tmp_path / "dist"
    (sources / "textes").mkdir(parents=True)
    (sources / "contrat.yaml").write_text("titre: x\n", encoding="utf-8")
    (sources / "textes" / "a.md").write_text("Texte.\n", encoding="utf-8")
    (dist / ".contrat-de-ville").mkdir(parents=True)
    (dist / ".contrat-de-ville" / "manifest.json").write_text("{}", encoding="utf-8")
    return sources, dist, ["--sources", str(sources), "--dist", str(dist)]


def test_la_sortie_plus_recente_que_chaque_entree(tmp_path: Path) -> None:
    """The guess that spares a no-op build LibreOffice's start: outputs newer than every source
    file and folder; a file changed, added or removed after them, or an option that rebuilds
    anyway, and LibreOffice is started ahead as before."""
    from contrat.lecture.fraicheur import sans_changement_probable

    sources, dist, args = _sources_et_sortie(tmp_path)
    manifeste = dist / ".contrat-de-ville" / "manifest.json"
    avant, apres = 1_000_000_000, 4_000_000_000  # 2001 and 2096: the engine's files fall in between
    for chemin in [sources, sources / "textes", *sources.rglob("*")]:
        os.utime(chemin, (avant, avant))
    os.utime(manifeste, (apres, apres))
    assert sans_changement_probable(args)
    assert not sans_changement_probable([*args, "--force"])
    assert not sans_changement_probable([*args, "--a-la-date", "2025-01-01"])
    assert not sans_changement_probable(["--sources", str(sources), f"--dist={tmp_path / 'ailleurs'}"])

    os.utime(sources / "textes" / "a.md", (apres + 1, apres + 1))  # changed after the build
    assert not sans_changement_probable(args)
    os.utime(sources / "textes" / "a.md", (avant, avant))
    (sources / "textes" / "a.md").unlink()  # removed: its folder is newer
    os.utime(sources / "textes", (apres + 1, apres + 1))
    assert not sans_changement_probable(args)


def test_les_references_git_datees(tmp_path: Path) -> None:
    """A commit or a tag made after a build changes the version the document prints: the guess
    dates HEAD and every reference, in a repository and in one of its worktrees (where HEAD is
    the worktree's own and the references the repository's)."""
    from contrat.lecture.fraicheur import references_git

    depot = tmp_path / "depot"
    (depot / "sources").mkdir(parents=True)
    (depot / "sources" / "contrat.yaml").write_text("titre: x\n", encoding="utf-8")
    git = ["git", "-C", str(depot), "-c", "user.email=m@exemple.fr", "-c", "user.name=M"]
    subprocess.run([*git, "init", "-q", "-b", "principale"], check=True)
    subprocess.run([*git, "add", "sources"], check=True)
    subprocess.run([*git, "commit", "-qm", "un"], check=True)
    subprocess.run([*git, "tag", "contrat-signe"], check=True)

    dates = {str(Path(f).relative_to(depot / ".git")) for f in references_git(depot / "sources")}
    assert {"HEAD", "refs/heads/principale", "refs/tags/contrat-signe", "refs/tags"} <= dates, dates
    assert "index" not in dates  # git status rewrites it: the fingerprint runs it

    subprocess.run([*git, "worktree", "add", "-q", "-b", "autre", str(tmp_path / "arbre")], check=True)
    dates = {str(f) for f in references_git(tmp_path / "arbre" / "sources")}
    assert str(depot / ".git" / "worktrees" / "arbre" / "HEAD") in dates, dates
    assert str(depot / ".git" / "refs" / "heads" / "autre") in dates, dates
    assert references_git(tmp_path / "hors-depot") == []  # no repository above: nothing to date


@pytest.mark.pdf
def test_une_construction_sans_changement_ne_lance_pas_libreoffice(tmp_path: Path) -> None:
    """A second build, nothing changed: up to date, and no LibreOffice started for it (the first
    build starts one ahead, then converts with it)."""
    from contrat.rendu.libreoffice import soffice

    journal, faux = tmp_path / "journal", tmp_path / "soffice"
    faux.write_text(f'#!/bin/sh\necho "$*" >> "{journal}"\nexec "{soffice()}" "$@"\n', encoding="utf-8")
    faux.chmod(0o755)
    env = dict(os.environ, CONTRAT_SOFFICE=str(faux), XDG_CACHE_HOME=str(tmp_path / "cache"))
    sources = tmp_path / "sources"
    shutil.copytree(MINIMAL, sources)
    args = ("--sources", str(sources), "--dist", str(tmp_path / "dist"))
    fini = lancer_processus(*args, env=env)
    assert fini.returncode == 0 and (tmp_path / "dist" / "contrat-de-ville.pdf").is_file(), fini.stderr
    lancements = journal.read_text(encoding="utf-8").splitlines()
    assert any("--convert-to" in l for l in lancements), lancements

    fini = lancer_processus(*args, env=env)
    assert fini.returncode == 0 and "est à jour" in fini.stdout, fini.stdout + fini.stderr
    assert journal.read_text(encoding="utf-8").splitlines() == lancements
