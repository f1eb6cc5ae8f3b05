"""The sources' schema (``build.py schema``): committed up to date with the model, true of every
source file of the repository, and named at the top of each so that editors use it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from contrat.application.projet import fichiers_du_schema

from conftest import RACINE, lancer

RACINES = {"contrat.yaml", "organisations.yaml", "sigles.yaml", "enjeux.yaml"}
DOSSIERS = [RACINE / "sources", RACINE / "exemples" / "rives-de-l-exemple" / "sources",
            RACINE / "tests" / "fixtures" / "minimal" / "sources", RACINE / "contrat" / "squelette" / "sources"]
"""Every sources folder of the repository, the skeleton ``init`` copies included."""


def _schema_de(fichier: Path, sources: Path) -> str:
    relatif = fichier.relative_to(sources)
    if relatif.parts[0] in ("annexes", "contributions"):
        return "document"
    if relatif.parts[0] == "avenants":
        return "avenant"
    if fichier.name == "conformite.yaml":
        return "conformite"  # the conformity review's declarations (docs/conformite.md), not the contract
    return "chiffres_cles" if fichier.name == "chiffres_cles.yaml" else "contrat"


def _fichiers() -> list[tuple[Path, Path]]:
    return [(sources, f) for sources in DOSSIERS for f in sorted(sources.rglob("*.yaml"))]


def _valide(nom: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((RACINE / "schemas" / f"{nom}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def test_les_schemas_et_la_reference_sont_a_jour_du_modele() -> None:
    for relatif, texte in fichiers_du_schema().items():
        assert (RACINE / relatif).read_text(encoding="utf-8") == texte, \
            f"{relatif} n'est plus à jour du modèle : python build.py schema"


@pytest.mark.parametrize("sources,fichier", _fichiers(), ids=lambda x: str(x.relative_to(RACINE)))
def test_chaque_fichier_des_sources_suit_son_schema_et_le_nomme(sources: Path, fichier: Path) -> None:
    nom = _schema_de(fichier, sources)
    # The engine reads every value as text (BaseLoader): so does the schema.
    donnees = yaml.load(fichier.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    erreurs = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in _valide(nom).iter_errors(donnees)]
    assert not erreurs, erreurs[:5]
    premiere = fichier.read_text(encoding="utf-8").splitlines()[0]
    cible = Path(premiere.removeprefix("# yaml-language-server: $schema="))
    assert premiere.startswith("# yaml-language-server: $schema="), premiere
    # The skeleton's files name the schemas ``init`` writes beside its sources.
    projet = sources.parent if sources.parent.name == "squelette" else RACINE
    assert (fichier.parent / cible).resolve() == (projet / "schemas" / f"{nom}.schema.json").resolve()


def test_le_schema_refuse_un_champ_mal_ecrit_et_une_valeur_non_admise() -> None:
    valide = _valide("contrat")
    assert not list(valide.iter_errors({"chapitres": [{"code": "a", "titre": "A", "inclure": "enjeux"}]}))
    fautes = [e.message for e in valide.iter_errors({"chapitres": [{"code": "a", "titre": "A", "inclure": "chiffres"}],
                                                      "territoire": {"epci": "x", "nombre_communes": "douze",
                                                                     "communes_qpv": ["A"], "epcii": "y"}})]
    assert any("chiffres" in m for m in fautes)
    assert any("douze" in m for m in fautes)
    assert any("epcii" in m for m in fautes)
    # A partner is a bare code of the registry, or ref + texte.
    axe = {"enjeux": [{"code": "e", "titre": "E", "axes": [{"code": "a", "titre": "A", "partenaires": ["caf"],
                                                           "pilote": ["etat"]}]}]}
    assert not list(valide.iter_errors(axe))


def test_build_py_schema_ecrit_les_schemas_dans_le_projet(tmp_path: Path) -> None:
    fini = lancer("schema", "--projet", str(tmp_path))
    assert fini.returncode == 0, fini.stderr
    assert (tmp_path / "schemas" / "contrat.schema.json").read_text(encoding="utf-8") == \
        (RACINE / "schemas" / "contrat.schema.json").read_text(encoding="utf-8")
    assert "| `criteres_evaluation` |" in (tmp_path / "docs" / "reference-des-sources.md").read_text(encoding="utf-8")
