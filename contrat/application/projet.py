"""A project around its sources: the schemas and the reference page written beside them
(``build.py schema``), a new territory's skeleton (``build.py init``)."""

from __future__ import annotations

from pathlib import Path

from contrat.application.publication import ecrire_durablement

REFERENCE = Path("docs") / "reference-des-sources.md"
SCHEMAS = Path("schemas")


def fichiers_du_schema() -> dict[Path, str]:
    """Path (relative to the project) -> content of every file ``build.py schema`` writes."""
    from contrat.modele.schema import reference, textes_des_schemas
    from contrat.sortes import inscrire

    inscrire()
    fichiers = {SCHEMAS / nom: texte for nom, texte in textes_des_schemas().items()}
    fichiers[REFERENCE] = reference()
    return fichiers


def ecrire_schemas(projet: Path) -> list[Path]:
    """Write the JSON Schemas and the reference page into ``projet``; the paths written."""
    ecrits = []
    for relatif, texte in fichiers_du_schema().items():
        chemin = projet / relatif
        chemin.parent.mkdir(parents=True, exist_ok=True)
        ecrire_durablement(chemin, texte.encode("utf-8"))
        ecrits.append(chemin)
    return ecrits


SQUELETTE = Path(__file__).resolve().parent.parent / "squelette"
"""The skeleton ``init`` copies: the sources of a territory with two QPV in two communes."""


def initialiser(projet: Path) -> list[str]:
    """A new territory's project in ``projet`` (a new or empty folder): commented sources that
    build at once, the schemas and the reference page, the Word templates to restyle, a Git
    repository with a first commit. What was done, in French, for the user."""
    import shutil
    import sys

    from contrat.erreurs import ErreurUsage

    if projet.exists() and (not projet.is_dir() or any(projet.iterdir())):
        raise ErreurUsage(f"{projet} existe et n'est pas un dossier vide : choisir un nouveau dossier")
    racine = SQUELETTE.parent.parent
    projet.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SQUELETTE / "sources", projet / "sources")
    (projet / "templates").mkdir()
    for gabarit in ("contrat.docx", "avenant.docx"):
        shutil.copy2(racine / "templates" / gabarit, projet / "templates" / gabarit)
    ecrire_schemas(projet)
    (projet / ".gitignore").write_text((SQUELETTE / "gitignore").read_text(encoding="utf-8"), encoding="utf-8")
    # The engine's own interpreter (its virtual environment) and build.py, wherever the project is.
    moteur = f"{Path(sys.executable)} {racine / 'build.py'}"
    for nom in ("README.md", "sources/contrat.yaml"):
        modele = SQUELETTE / nom if nom == "README.md" else projet / nom
        (projet / nom).write_text(modele.read_text(encoding="utf-8").replace("python build.py", moteur),
                                  encoding="utf-8")
    faits = [f"sources d'un contrat à deux quartiers prioritaires dans {projet / 'sources'}",
             f"schémas et référence des champs dans {projet / 'schemas'} et {projet / 'docs'}",
             f"gabarits Word à mettre aux couleurs du territoire dans {projet / 'templates'}"]
    return faits + [_depot_git(projet)]


def _depot_git(projet: Path) -> str:
    """A Git repository with the skeleton as its first commit (the versions of the contract, its
    avenants, are Git's); said plainly when Git is missing or has no identity."""
    import subprocess

    def git(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["git", "-C", str(projet), *args], capture_output=True, text=True, timeout=60)

    try:
        if git("init", "-q").returncode != 0:
            return "dépôt Git non créé (git init a échoué) : le créer avant le premier avenant"
    except (OSError, subprocess.TimeoutExpired):
        return "Git est introuvable : l'installer, puis « git init » dans le dossier avant le premier avenant"
    git("add", "-A")
    if git("commit", "-q", "-m", "Squelette du contrat de ville (build.py init)").returncode != 0:
        return ("dépôt Git créé, fichiers ajoutés mais pas enregistrés (identité Git à configurer : "
                "git config user.name / user.email, puis git commit)")
    return "dépôt Git créé, premier enregistrement fait"
