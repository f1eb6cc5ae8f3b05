"""The JSON Schemas and the engine agree on a corpus of source files (tests/corpus_schema): each
file of ``valide/`` is accepted by both, each of ``invalide/`` refused by both, the engine for the
reason its first line names (« # moteur : … »).

A file's kind is the start of its name (``contrat-``, ``chiffres_cles-``, ``document-``,
``avenant-``); the engine reads it inside the minimal contract (tests/fixtures/minimal): a part of
the contract replaces the keys it writes, a table file the key figures, a document is an annex,
an avenant the first avenant. The schema reads it as an editor does (YAML 1.2: unquoted numbers
are numbers, dates are text) and as the engine does (every value a text): both must agree.

What a schema cannot see is left out of the corpus: references between values (a chapter that
``signature.avant`` names, a misspelt column that the contract declares: only a near-miss of the
usual columns is refused by both), and YAML's exotic numbers (``1e3``, ``.5``), which an editor
reads as numbers and the engine refuses as text.

The same file tests what a user reads around the schemas: the reference page, the skeleton of
``build.py init``, every error reported at once, the migration notes.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import jsonschema
import pytest
import yaml

from contrat.controles.dossier import valider_dossier
from contrat.erreurs import ErreurSource
from contrat.sortes import inscrire
from hostiles import MINIMAL, _remplacer, copie_minimale

from conftest import RACINE, lancer

CORPUS = RACINE / "tests" / "corpus_schema"
SORTES = ("contrat", "chiffres_cles", "document", "avenant")


class Yaml12(yaml.SafeLoader):
    """What an editor's YAML 1.2 parser makes of a file: no dates, only true/false as booleans."""


Yaml12.yaml_implicit_resolvers = {
    initiale: [(tag, motif) for tag, motif in resolveurs if tag not in ("tag:yaml.org,2002:timestamp",
                                                                        "tag:yaml.org,2002:bool")]
    for initiale, resolveurs in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Yaml12.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                             list("tTfF"))


def _fichiers(verdict: str) -> list[Path]:
    return sorted((CORPUS / verdict).glob("*.yaml"))


def _sorte(fichier: Path) -> str:
    sorte = fichier.name.split("-", 1)[0]
    assert sorte in SORTES, f"{fichier.name} : le nom commence par la sorte du fichier ({', '.join(SORTES)})"
    return sorte


def _erreurs_du_schema(fichier: Path) -> list[str]:
    """The schema's errors on the file, read both ways (as an editor, as the engine)."""
    schema = json.loads((RACINE / "schemas" / f"{_sorte(fichier)}.schema.json").read_text(encoding="utf-8"))
    valide = jsonschema.Draft202012Validator(schema)
    texte = fichier.read_text(encoding="utf-8")
    erreurs = []
    for nom, lecteur in (("YAML 1.2", Yaml12), ("texte", yaml.BaseLoader)):
        donnees = yaml.load(texte, Loader=lecteur)  # noqa: S506  # SafeLoader and BaseLoader only
        erreurs += [f"{nom} : {'/'.join(map(str, e.absolute_path))} : {e.message}" for e in valide.iter_errors(donnees)]
    return erreurs


def _contrat_avec(fichier: Path, dossier: Path) -> Path:
    """The minimal contract holding ``fichier`` where a file of its kind goes."""
    sources = dossier / "sources"
    shutil.copytree(MINIMAL, sources)
    contrat = yaml.load((sources / "contrat.yaml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    sorte = _sorte(fichier)
    if sorte == "contrat":
        partie = yaml.load(fichier.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
        contrat = {k: v for k, v in contrat.items() if k not in partie}
        shutil.copy(fichier, sources / "enjeux.yaml")
    elif sorte == "chiffres_cles":
        shutil.copy(fichier, sources / "chiffres_cles.yaml")
    elif sorte == "document":
        (sources / "annexes").mkdir()
        shutil.copy(fichier, sources / "annexes" / "piece.yaml")
        contrat["annexes"] = [{"code": "piece", "fichier": "annexes/piece.yaml"}]
        contrat["chapitres"].append({"code": "annexes", "titre": "Annexes", "inclure": "annexes"})
    else:
        (sources / "avenants").mkdir()
        shutil.copy(fichier, sources / "avenants" / "avenant-01.yaml")
    (sources / "contrat.yaml").write_text(yaml.safe_dump(contrat, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    return sources


def _erreurs_du_moteur(fichier: Path, dossier: Path) -> list[str]:
    inscrire()
    try:
        valider_dossier(_contrat_avec(fichier, dossier))
    except ErreurSource as exc:
        return [f"{p.fichier}:{p.ligne} {p.message}" for p in exc.problemes if p.gravite == "erreur"]
    return []


def _motif_attendu(fichier: Path) -> str:
    premiere = fichier.read_text(encoding="utf-8").splitlines()[0]
    assert premiere.startswith("# moteur : "), f"{fichier.name} : première ligne « # moteur : <message attendu> »"
    return premiere.removeprefix("# moteur : ").strip()


def test_le_corpus_compte_au_moins_quarante_fichiers_de_chaque_sorte() -> None:
    valides, invalides = _fichiers("valide"), _fichiers("invalide")
    assert len(valides) + len(invalides) >= 40
    for verdict in (valides, invalides):
        assert {_sorte(f) for f in verdict} == set(SORTES)


@pytest.mark.parametrize("fichier", _fichiers("valide"), ids=lambda f: f.stem)
def test_un_fichier_valide_l_est_pour_le_schema_et_pour_le_moteur(fichier: Path, tmp_path: Path) -> None:
    assert _erreurs_du_schema(fichier) == []
    assert _erreurs_du_moteur(fichier, tmp_path) == []


@pytest.mark.parametrize("fichier", _fichiers("invalide"), ids=lambda f: f.stem)
def test_un_fichier_invalide_l_est_pour_le_schema_et_pour_le_moteur(fichier: Path, tmp_path: Path) -> None:
    attendu = _motif_attendu(fichier)
    moteur = _erreurs_du_moteur(fichier, tmp_path)
    assert any(attendu in m for m in moteur), moteur
    schema = _erreurs_du_schema(fichier)
    # Refused whichever way it is read (an editor's, the engine's).
    assert any(e.startswith("YAML 1.2") for e in schema) and any(e.startswith("texte") for e in schema), schema


REFERENCE = RACINE / "docs" / "reference-des-sources.md"


def _rangees(section: str) -> dict[str, list[str]]:
    """Field -> cells of the reference's table under the heading ``section``."""
    texte = REFERENCE.read_text(encoding="utf-8").split(f"\n### {section}\n", 1)[1].split("\n### ", 1)[0]
    return {r[0].strip("` "): [c.strip() for c in r[1:]] for r in
            (ligne.strip("|").split(" | ") for ligne in texte.splitlines() if ligne.startswith("| `"))}


def test_la_reference_decrit_chaque_champ_sans_type_interne() -> None:
    texte = REFERENCE.read_text(encoding="utf-8")
    rangees = [ligne for ligne in texte.splitlines() if ligne.startswith("| `")]
    assert len(rangees) > 150
    sans_description = [r for r in rangees if r.rstrip().endswith("|  |")]
    assert sans_description == []
    # The prose's own classes (read from Markdown) and the loader's fields are no type a user writes.
    for interne in ("### Paragraphe", "### Citation", "### ElementListe", "### Titre", "### Nombre", "### Segment",
                    "`pdf_pages`", "`logo_empreinte`", "`autres`"):
        assert interne not in texte
    assert "ex. `acces-emploi`" in texte and "## Totaux et valeurs manquantes" in texte
    assert "`{chiffre:TABLEAU.LIGNE.COLONNE}`" in texte and "`ligne_total`" in texte


def test_la_reference_dit_ce_qui_est_obligatoire_dans_chaque_fichier() -> None:
    fichier = _rangees("Le fichier")  # contrat.yaml and the three files it may be split into
    assert fichier["quartiers"][0] == "oui (dans l'un des fichiers)"
    assert fichier["sous_titre"][0] == "non"
    tableau = _rangees("TableauChiffres")
    assert tableau["lignes"][0] == "oui, sauf avec `fichier`" and tableau["code"][0] == "oui"
    assert _rangees("LigneChiffres")["libelle"][0] == "oui, sauf dans un tableau `par_quartier`"
    assert _rangees("Quartier")["superficie"][0] == "non"
    assert _rangees("Signature")["date"][1] == "date"
    assert _rangees("Territoire")["nombre_communes"][1] == "nombre entier"
    assert _rangees("Grandeur")["valeur"][1] == "nombre"


@pytest.fixture(scope="module")
def projet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new territory's project, as ``build.py init`` writes it."""
    dossier = tmp_path_factory.mktemp("init") / "territoire"
    fini = lancer("init", str(dossier))
    assert fini.returncode == 0, fini.stderr
    return dossier


def test_chaque_a_completer_du_squelette_avertit_et_check_strict_echoue(projet: Path) -> None:
    fini = lancer("check", "--sources", str(projet / "sources"))
    assert fini.returncode == 0, fini.stderr
    avertis = [l for l in fini.stderr.splitlines() if "avertissement" in l and "texte provisoire" in l]
    places = {l.split(":", 1)[0] for l in avertis}
    assert places == {"sources/contrat.yaml", "sources/organisations.yaml", "sources/textes/preambule.md",
                      "sources/textes/enjeux.md", "sources/annexes/concertation.yaml"}, avertis
    assert any("« Source : INSEE (à compléter) »" in l for l in avertis)
    strict = lancer("check", "--strict", "--sources", str(projet / "sources"))
    assert strict.returncode == 1 and "texte provisoire" in strict.stderr
    # Filled in, the warning goes.
    rempli = projet.parent / "rempli"
    shutil.copytree(projet / "sources", rempli)
    for f in rempli.rglob("*"):
        if f.is_file():
            f.write_text(re.sub(r" ?\(à compléter\)", "", f.read_text(encoding="utf-8")), encoding="utf-8")
    propre = lancer("check", "--strict", "--sources", str(rempli))
    assert propre.returncode == 0, propre.stderr
    assert "0 avertissement" in propre.stdout


def test_la_commande_du_squelette_marche_hors_de_l_environnement_virtuel(projet: Path) -> None:
    commentaire = (projet / "sources" / "contrat.yaml").read_text(encoding="utf-8").splitlines()
    commande = next(l for l in commentaire if "vérifier :" in l).split("vérifier : ", 1)[1]
    assert "python build.py" not in commande  # the engine's interpreter and build.py, by their paths
    # A shell with no virtual environment: a bare « python3 build.py » would fail to import contrat.
    fini = subprocess.run(["sh", "-c", commande], cwd=projet, capture_output=True, text=True, timeout=120,
                          env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})
    assert fini.returncode == 0, fini.stderr
    assert "✓ Sources valides" in fini.stdout and "ModuleNotFoundError" not in fini.stderr


def test_un_tableau_markdown_ne_cache_ni_les_fautes_de_typage_ni_celles_des_regles(tmp_path: Path) -> None:
    sources = copie_minimale(tmp_path)
    with (sources / "textes" / "preambule.md").open("a", encoding="utf-8") as f:
        f.write("\n| a | b |\n\nUn lien [x](javascript:alert) et du <b>HTML</b>.\n")
    _remplacer(sources / "contrat.yaml", 'qualite: "Le Président"', 'qualitee: "Le Président"')
    fini = lancer("check", "--sources", str(sources))
    assert fini.returncode == 1
    lignes = fini.stderr.splitlines()
    assert any("preambule.md" in l and "ligne de tableau Markdown" in l for l in lignes)
    assert any("preambule.md" in l and "lien « javascript:alert » refusé" in l for l in lignes)
    assert any("preambule.md" in l and "HTML « <b> »" in l for l in lignes)
    assert any("contrat.yaml" in l and "champ inconnu « qualitee »" in l for l in lignes), lignes
    # Typing passes: the rules still run (a partner missing from the registry).
    _remplacer(sources / "contrat.yaml", 'qualitee: "Le Président"', 'qualite: "Le Président"')
    _remplacer(sources / "contrat.yaml", "partenaires: [caf,", "partenaires: [cafe,")
    fini = lancer("check", "--sources", str(sources))
    assert fini.returncode == 1
    assert "partenaire « cafe » absent du registre" in fini.stderr and "ligne de tableau Markdown" in fini.stderr
    assert "5 erreurs" in fini.stderr  # the table, <b>, </b>, the link, the partner


def test_un_fichier_yaml_illisible_ne_fait_pas_dire_que_ses_champs_manquent(tmp_path: Path) -> None:
    sources = copie_minimale(tmp_path)
    (sources / "organisations.yaml").write_text("organisations: [\n", encoding="utf-8")
    fini = lancer("check", "--sources", str(sources))
    assert fini.returncode == 1 and "organisations.yaml" in fini.stderr
    assert "champ obligatoire manquant" not in fini.stderr


def test_un_champ_du_contrat_manquant_est_signale_dans_contrat_yaml(tmp_path: Path) -> None:
    sources = copie_minimale(tmp_path)
    contrat = (sources / "contrat.yaml").read_text(encoding="utf-8")
    debut, fin = contrat.index("quartiers:"), contrat.index("periode:")
    enjeux = contrat[contrat.index("colonnes_enjeux:"):]
    (sources / "contrat.yaml").write_text(contrat[:debut] + contrat[fin:contrat.index("colonnes_enjeux:")],
                                          encoding="utf-8")
    (sources / "enjeux.yaml").write_text(enjeux, encoding="utf-8")  # read after contrat.yaml
    fini = lancer("check", "--sources", str(sources))
    assert fini.returncode == 1
    assert "sources/contrat.yaml:1:1: quartiers : champ obligatoire manquant" in fini.stderr, fini.stderr


def test_le_resume_de_check_accorde_chaque_nombre() -> None:
    fini = lancer("check", "--sources", str(MINIMAL))
    assert fini.returncode == 0, fini.stderr
    assert "3 chapitres, 1 enjeu, 1 axe, 1 critère d'évaluation, 3 signataires ; 0 avertissement" in fini.stdout


def test_chaque_ancienne_cle_est_dans_les_notes_de_migration() -> None:
    from contrat.modele.sortes import anciennes_cles

    notes = (RACINE / "docs" / "migration.md").read_text(encoding="utf-8")
    assert len(anciennes_cles()) == 5
    for (_, ancienne), actuelle in anciennes_cles().items():
        assert f"`{ancienne}" in notes and actuelle.split(":")[0] in notes, ancienne
    assert "(migration.md)" in REFERENCE.read_text(encoding="utf-8")


def test_a_completer_dans_un_commentaire_yaml_n_avertit_pas(tmp_path: Path) -> None:
    inscrire()
    sources = copie_minimale(tmp_path)
    _remplacer(sources / "contrat.yaml", "territoire:\n", "territoire:   # nombre de communes : à compléter\n")
    assert [a.message for a in valider_dossier(sources).avertissements] == []
    _remplacer(sources / "contrat.yaml", 'lieu: "Fictiville"', 'lieu: "Fictiville (à Compléter)"')
    avertis = [str(a) for a in valider_dossier(sources).avertissements]
    assert avertis == ["sources/contrat.yaml:30:9: avertissement : signature, lieu : texte provisoire à remplacer "
                       "par le texte réel : « Fictiville (à Compléter) »"], avertis


@pytest.mark.parametrize("sorte", SORTES)
def test_chaque_schema_est_un_schema_json_valide(sorte: str) -> None:
    schema = json.loads((RACINE / "schemas" / f"{sorte}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    # Every pattern is one an editor (ECMA-262) reads as Python does: no inline flag, no \\A or \\Z.
    motifs = re.findall(r'"pattern": "([^"]*)"', json.dumps(schema, ensure_ascii=False))
    assert motifs and not [m for m in motifs if "(?" in m.replace("(?!", "") or "\\\\A" in m or "\\\\Z" in m]


def test_chaque_validateur_que_le_schema_ecrit_existe() -> None:
    import importlib

    from contrat.modele.schema import APRES, AVANT

    for nom in (*APRES, *AVANT):
        module, fonction = nom.rsplit(".", 1)
        assert callable(getattr(importlib.import_module(module), fonction, None)), nom


def test_un_fichier_yaml_illisible_et_un_texte_refuse_sont_dits_ensemble(tmp_path: Path) -> None:
    sources = copie_minimale(tmp_path)
    (sources / "organisations.yaml").write_text("organisations: [\n", encoding="utf-8")
    with (sources / "textes" / "preambule.md").open("a", encoding="utf-8") as f:
        f.write("\n| a | b |\n")
    fini = lancer("check", "--sources", str(sources))
    assert fini.returncode == 1, fini.stderr
    assert "organisations.yaml" in fini.stderr and "ligne de tableau Markdown" in fini.stderr
