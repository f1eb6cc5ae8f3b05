"""A new kind of annex is one module and its registration (tests/sorte_calendrier.py, as
docs/developpement.md says): with it, the sources hold it (schema, reference page, messages placed
in its file), the rules judge it, the contract prints it, and a change to it is an amendment in
printed terms. Every run goes through that module run as build.py, in its own process: the kind is
registered before the model is built, as contrat/sortes/ registers the project's own."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import RACINE, sans_erreur_interne, textes_pdf
from depots import depot_git, enregistrer

SCRIPT = RACINE / "tests" / "sorte_calendrier.py"

CALENDRIER = """\
calendrier:
  presentation: |
    Les instances du contrat se réunissent **au moins une fois par an**.
  reunions:
    - code: copil-2025
      date: "2025-06-12"
      instance: "Comité de pilotage"
      objet: "bilan de la première année"
      lieu: "Fictiville"
    - code: revoyure
      date: "2027-03-18"
      instance: "Comité de pilotage"
      objet: "revoyure du contrat"
"""


def lancer_avec_la_sorte(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``build.py ARGS`` with the example kind registered (a process of its own)."""
    env = {**os.environ, "PYTHONPATH": str(RACINE)}
    return sans_erreur_interne(subprocess.run([sys.executable, str(SCRIPT), *args], cwd=cwd, capture_output=True,
                                              text=True, env=env, timeout=600))


def _sources(dossier: Path, calendrier: str = CALENDRIER) -> Path:
    """The minimal contract with an annex « Calendrier des instances » of the example kind."""
    shutil.copytree(RACINE / "tests" / "fixtures" / "minimal" / "sources", dossier)
    contrat = yaml.safe_load((dossier / "contrat.yaml").read_text(encoding="utf-8"))
    contrat["chapitres"].append({"code": "annexes", "titre": "Annexes", "inclure": "annexes"})
    contrat["annexes"] = [{"code": "calendrier", "titre": "Calendrier des instances",
                           "fichier": "annexes/calendrier.yaml"}]
    (dossier / "contrat.yaml").write_text(yaml.safe_dump(contrat, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    (dossier / "annexes").mkdir()
    (dossier / "annexes" / "calendrier.yaml").write_text(calendrier, encoding="utf-8")
    return dossier


@pytest.mark.pdf
def test_la_sorte_s_imprime_dans_le_contrat(tmp_path: Path) -> None:
    sources = _sources(tmp_path / "sources")
    fini = lancer_avec_la_sorte("--sources", str(sources), "--dist", str(tmp_path / "dist"), cwd=tmp_path)
    assert fini.returncode == 0, fini.stderr
    texte = re.sub(r"\s+", " ", " ".join(textes_pdf(next((tmp_path / "dist").glob("*.pdf")))))
    assert "Calendrier des instances" in texte
    assert "Les instances du contrat se réunissent au moins une fois par an." in texte
    assert "12 juin 2025 – Comité de pilotage, Fictiville : bilan de la première année" in texte
    assert "18 mars 2027 – Comité de pilotage : revoyure du contrat" in texte


def test_les_erreurs_de_la_sorte_sont_placees_dans_son_fichier(tmp_path: Path) -> None:
    faux = CALENDRIER.replace('date: "2027-03-18"', 'date: "2031-03-18"').replace('lieu: "Fictiville"', 'salle: "B"')
    fini = lancer_avec_la_sorte("check", "--sources", str(_sources(tmp_path / "sources", faux)), cwd=tmp_path)
    assert fini.returncode == 1
    # A key the kind's model does not know: its line and column, its place named by the kind's own words.
    assert ("sources/annexes/calendrier.yaml:9:7: annexe n° 1 « Calendrier des instances », calendrier, réunion "
            "« copil-2025 », salle : champ inconnu « salle » (champs possibles : code, date, instance, objet, lieu)"
            in fini.stderr.splitlines()), fini.stderr


def test_les_regles_de_la_sorte_jugent_le_contrat(tmp_path: Path) -> None:
    faux = CALENDRIER.replace('date: "2027-03-18"', 'date: "2031-03-18"')
    faux += """\
    - code: ancienne
      date: "2025-01-15"
      instance: "Comité technique"
      objet: "préparation"
"""
    fini = lancer_avec_la_sorte("check", "--sources", str(_sources(tmp_path / "sources", faux)), cwd=tmp_path)
    assert fini.returncode == 1
    lignes = fini.stderr.splitlines()
    assert ("sources/annexes/calendrier.yaml:11:13: annexe n° 1 « Calendrier des instances », calendrier, réunion "
            "« revoyure », date : réunion du 18/03/2031 hors de la période du contrat (2024-2030)" in lignes), fini.stderr
    assert ("sources/annexes/calendrier.yaml:15:13: avertissement : annexe n° 1 « Calendrier des instances », calendrier, "
            "réunion « ancienne », date : réunion antérieure à la précédente : le calendrier se lit dans l'ordre des "
            "dates" in lignes), fini.stderr


def test_la_sorte_est_dans_le_schema_et_la_reference(tmp_path: Path) -> None:
    fini = lancer_avec_la_sorte("schema", "--projet", str(tmp_path), cwd=tmp_path)
    assert fini.returncode == 0, fini.stderr
    schema = json.loads((tmp_path / "schemas" / "document.schema.json").read_text(encoding="utf-8"))
    document = next(s for s in schema["anyOf"] if "calendrier" in s.get("properties", {}))
    assert document["properties"]["calendrier"]["$ref"] == "#/$defs/Calendrier"
    assert schema["$defs"]["Reunion"]["required"] == ["code", "date", "instance", "objet"]
    reference = (tmp_path / "docs" / "reference-des-sources.md").read_text(encoding="utf-8")
    # A field of an annex's or contribution's file, described by the kind's name.
    assert "| `calendrier` | non | [Calendrier](#calendrier) | calendrier des instances |" in reference
    assert "### Calendrier" in reference and "| `reunions` | oui | liste de [Reunion](#reunion) |" in reference


def test_un_changement_de_la_sorte_est_un_ecart_imprime(tmp_path: Path) -> None:
    depot = depot_git(tmp_path / "depot", sources=_sources(tmp_path / "sources"))
    fichier = depot / "sources" / "annexes" / "calendrier.yaml"
    fichier.write_text(fichier.read_text(encoding="utf-8").replace("revoyure du contrat", "revoyure du contrat et "
                                                                   "bilan à mi-parcours"), encoding="utf-8")
    enregistrer(depot, "Avenant")
    fini = lancer_avec_la_sorte("diff", "HEAD~1", "HEAD", cwd=depot)
    assert fini.returncode == 0, fini.stderr
    assert ("à l'annexe n° 1 « Calendrier des instances », la réunion « Comité de pilotage » du 18 mars 2027 est "
            "ainsi rédigée : « 18 mars 2027 – Comité de pilotage : revoyure du contrat et bilan à mi-parcours »."
            in fini.stdout), fini.stdout


def test_une_sorte_inscrite_trop_tard_ou_en_double_est_refusee() -> None:
    """Registered once the document's class is built, a kind would be silently missing from it;
    two kinds under one key would print one of them."""
    from contrat.modele.contrat import document_des_sortes
    from contrat.modele.sortes import Sorte, enregistrer, sortes
    from sorte_calendrier import SORTE

    document_des_sortes()
    with pytest.raises(RuntimeError, match="« calendrier » enregistrée après la construction du modèle"):
        enregistrer(SORTE)
    mesures = next(s for s in sortes() if s.cle == "mesures")
    with pytest.raises(ValueError, match="deux sortes d'annexe portent la clé « mesures »"):
        enregistrer(Sorte(cle="mesures", modele=SORTE.modele, designation="autre", imprimer=SORTE.imprimer))
    enregistrer(mesures)  # the same kind again: nothing changes (contrat.sortes.inscrire at each reading)
    assert [s.cle for s in sortes()] == ["concertation", "mesures"]
