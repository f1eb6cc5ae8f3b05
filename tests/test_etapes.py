"""The stage order (issue 21): ``outils/cycles.py`` passes on the repository, fails with French
findings when a stage imports a later one, when the command line bypasses the application layer,
when the base imports a stage or when a package is not a declared stage; the README states the
order the check enforces."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import RACINE

CYCLES = RACINE / "outils" / "cycles.py"


def _cycles(racine: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(racine / "outils" / "cycles.py"), *args],
                          capture_output=True, text=True, timeout=60)


def _ordre_declare() -> list[str]:
    spec = importlib.util.spec_from_file_location("cycles_du_depot", CYCLES)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [nom for nom, _ in module.ETAPES]


def test_le_depot_respecte_l_ordre_des_etapes():
    fini = _cycles(RACINE, "--graphe")
    assert fini.returncode == 0, fini.stdout + fini.stderr
    assert "0 écart(s) à l'ordre des étapes" in fini.stdout
    # --graphe lists the stages in the declared order, numbered, the last being the command line,
    # which imports only application and the base.
    listees = re.findall(r"^(\d+)\. (\w+) :", fini.stdout, re.M)
    assert [nom for _, nom in listees] == _ordre_declare()
    assert [int(n) for n, _ in listees] == list(range(1, len(listees) + 1))
    assert listees[-1][1] == "cli"
    assert re.search(r"^\d+\. cli : .*\n   importe : application, base$", fini.stdout, re.M), fini.stdout


def test_une_etape_qui_importe_une_etape_suivante_fait_echouer(tmp_path):
    """A copy of the package with four faults: a function-level import of a later stage, the
    command line importing a renderer, the base importing a stage, an undeclared package."""
    for fichier in [*(RACINE / "contrat").rglob("*.py"), CYCLES]:
        copie = tmp_path / fichier.relative_to(RACINE)
        copie.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(fichier, copie)

    def ajouter(relatif: str, texte: str) -> int:
        """Append ``texte`` to a file of the copy; the line number of its import."""
        chemin = tmp_path / relatif
        lignes = chemin.read_text(encoding="utf-8").splitlines()
        chemin.write_text("\n".join([*lignes, *texte.splitlines()]) + "\n", encoding="utf-8")
        return len(lignes) + 1 + next(i for i, l in enumerate(texte.splitlines()) if "import" in l)

    n_impression = ajouter("contrat/impression/numerotation.py",
                           "\n\ndef plus_tard():\n    from contrat.rendu.docx import OptionsRendu\n    return OptionsRendu")
    n_cli = ajouter("contrat/cli/demarrage.py", "from contrat.rendu.libreoffice import soffice  # noqa")
    n_base = ajouter("contrat/erreurs.py", "import contrat.modele.contrat  # noqa")
    (tmp_path / "contrat" / "nouveau").mkdir()
    (tmp_path / "contrat" / "nouveau" / "__init__.py").write_text('"""Undeclared."""\n', encoding="utf-8")

    fini = _cycles(tmp_path)
    assert fini.returncode == 1, fini.stdout + fini.stderr
    lignes = fini.stdout.splitlines()
    assert ("contrat.impression.numerotation (étape impression) importe contrat.rendu.docx (étape rendu), "
            f"ligne {n_impression} : l'étape rendu vient après l'étape impression dans l'ordre des étapes") in lignes
    assert ("contrat.cli.demarrage (étape cli) importe contrat.rendu.libreoffice (étape rendu), "
            f"ligne {n_cli} : la ligne de commande passe par application") in lignes
    assert ("contrat.erreurs (étape base) importe contrat.modele.contrat (étape modele), "
            f"ligne {n_base} : la base (modules directement sous contrat/) n'importe aucune étape") in lignes
    assert ("contrat/nouveau/ : étape absente de ETAPES dans outils/cycles.py "
            "(lui donner sa place dans l'ordre)") in lignes
    assert "4 écart(s) à l'ordre des étapes" in lignes[-1]


def test_le_readme_enonce_l_ordre_verifie():
    """The README's « Architecture » table lists the stages in the order the check enforces."""
    readme = (RACINE / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Architecture\n", 1)[1].split("\n## ", 1)[0]
    assert re.findall(r"^\| \d+\. `(\w+)/` \|", section, re.M) == _ordre_declare()


def test_la_ci_verifie_l_ordre_des_etapes():
    """CI runs the check (and fails with it: ``set -e``)."""
    ci = (RACINE / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "set -eu" in ci
    assert ".venv/bin/python outils/cycles.py" in ci
