"""The sources' schema, from the model: JSON Schemas of each kind of source file (what an editor
completes and checks as one types), and a reference page of every field, in French.

The model types what the loader made of the files; the schemas say what the files hold: every
value is text there (« 56 595 », « oui », « 2024-06-28 »), a Markdown text is a string, the
loader's own fields are absent. Both are written by ``build.py schema`` and a test holds the
committed ones equal to the model's.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from pydantic import BaseModel

from contrat.modele.contrat import (
    INTERNE,
    Avenant,
    ChiffresCles,
    Contrat,
    Couverture,
    document_des_sortes,
)
from contrat.modele.nombres import ECRITURES_MARQUES
from contrat.modele.sortes import sortes

URL = "https://contrat.example/schemas/"
"""Base of the schemas' identifiers (never fetched: the files refer to them by relative path)."""

ECRITS: dict[str, dict[str, Any]] = {
    "Nombre": {"type": "string", "description": "nombre écrit à la française : « 3025 », « 56 595 », « 34,7 »"},
    "Manquant": {"type": "string", "enum": list(ECRITURES_MARQUES),
                 "description": "valeur manquante : « n.c. » (non communiqué) ou « s » (secret statistique)"},
    "Prose": {"type": "string", "description": "texte Markdown (ou, pour un chapitre, chemin d'un fichier .md)"},
    "Segment": {"type": "string", "description": "texte d'une ligne (Markdown : **gras**, *italique*)"},
}
"""Types of the model written as plain text in the files."""

BOOLEEN = {"enum": ["oui", "non", "vrai", "faux", True, False], "description": "« oui » ou « non »"}
ENTIER = {"type": ["string", "integer"], "pattern": r"^\s*-?\d+\s*$", "description": "nombre entier"}
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "date AAAA-MM-JJ"}

FICHIERS: dict[str, tuple[str, str]] = {
    "contrat": ("contrat.yaml, organisations.yaml, sigles.yaml, enjeux.yaml",
                "le contrat : chaque fichier en porte une partie des champs"),
    "chiffres_cles": ("chiffres_cles.yaml", "le chapitre des chiffres clés"),
    "document": ("annexes/*.yaml, contributions/*.yaml", "une annexe ou une contribution"),
    "avenant": ("avenants/*.yaml", "un avenant"),
}
"""Each schema: the files it describes, and what they are."""


def schemas() -> dict[str, dict[str, Any]]:
    """Name -> JSON Schema of each kind of source file."""
    # A default the schemas print is serialised by its own model, which the model leaves unbuilt
    # (``Contrat.couverture``, see there): built here, where it is needed.
    Couverture.model_rebuild()
    document = _ecrit(document_des_sortes().model_json_schema(), sans=frozenset({"fichier"}), requis=False)
    # A kind of annex may be a file of its own (a list of measures): another form of the file.
    entieres = [_ecrit(s.modele.model_json_schema(), requis=True) for s in sortes() if s.fichier_entier]
    defs = {k: v for schema in (document, *entieres) for k, v in schema.pop("$defs", {}).items()}
    contrat = _ecrit(Contrat.model_json_schema(), sans=frozenset({"avenants"}), requis=False)
    # In contrat.yaml an annex or contribution is named by its file (the rest is in it).
    contrat["$defs"]["Document"]["required"] = ["fichier"]
    return {
        "contrat": _racine("contrat", contrat),
        "chiffres_cles": _racine("chiffres_cles", _ecrit(ChiffresCles.model_json_schema(), requis=False)),
        "document": _racine("document", {"$defs": defs, "anyOf": [document, *entieres]}),
        "avenant": _racine("avenant", _ecrit(Avenant.model_json_schema(), requis=True)),
    }


def _racine(nom: str, schema: dict[str, Any]) -> dict[str, Any]:
    fichiers, objet = FICHIERS[nom]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{URL}{nom}.schema.json",
            "title": f"contrat de ville : {objet} ({fichiers})", **schema}


def _ecrit(schema: dict[str, Any], sans: frozenset[str] = frozenset(), requis: bool = True) -> dict[str, Any]:
    """pydantic's schema made into the files' own: text types, the loader's fields left out, the
    axes open to the contract's columns; ``requis``: the top object's required fields kept (a
    file that holds only part of them says none)."""
    schema = copy.deepcopy(schema)
    defs = schema.get("$defs", {})
    for nom in ECRITS:
        defs.pop(nom, None)
    for nom in list(defs):
        defs[nom] = _objet(defs[nom])
    _assouplir(defs)
    if "Axe" in defs:
        # An axe writes the contract's declared columns under their own keys.
        defs["Axe"]["properties"].pop("autres", None)
        defs["Axe"]["additionalProperties"] = {"type": "array", "items": {"anyOf": [
            {"type": "string"}, {"$ref": "#/$defs/Element"}, {"$ref": "#/$defs/Partenaire"}]}}
    schema = _objet(schema)
    for champ in sans:
        schema.get("properties", {}).pop(champ, None)
    if not requis:
        schema.pop("required", None)
    ecrit: dict[str, Any] = _remplacer(schema)
    return ecrit


ASSOUPLIS: dict[str, set[str]] = {
    "LigneChiffres": {"libelle"},  # a line of a table « par_quartier » is named after its QPV
    "TableauChiffres": {"colonnes", "lignes"},  # or read from the CSV/XLSX file it names
    "ColonnesEnjeux": {"colonnes"},  # or the four usual columns by their headings
}
"""Fields the model requires that the files may leave to the loader."""


def _assouplir(defs: dict[str, Any]) -> None:
    """What the files may write more freely than the model types it."""
    for nom, champs in ASSOUPLIS.items():
        if nom in defs:
            defs[nom]["required"] = [c for c in defs[nom].get("required", []) if c not in champs]
    if "ColonnesEnjeux" in defs:
        for cle in ("objectifs", "partenaires", "leviers", "criteres_evaluation"):
            defs["ColonnesEnjeux"]["properties"][cle] = {"type": "string"}
    if "Partenaire" in defs:
        defs["Partenaire"]["properties"]["ref"] = {"anyOf": [{"type": "string"},
                                                             {"type": "array", "items": {"type": "string"}}]}


def _objet(schema: dict[str, Any]) -> dict[str, Any]:
    """An object of the model: its loader-filled fields removed, its English notes too."""
    schema.pop("description", None)
    proprietes = schema.get("properties", {})
    for nom in [n for n, p in proprietes.items() if all(p.get(k) == v for k, v in INTERNE.items())]:
        del proprietes[nom]
    for p in proprietes.values():
        p.pop("description", None)
        p.pop("title", None)
    return schema


def _remplacer(noeud: Any) -> Any:
    """The written forms of the model's types, everywhere in a schema."""
    if isinstance(noeud, list):
        return [_remplacer(x) for x in noeud]
    if not isinstance(noeud, dict):
        return noeud
    ref = noeud.get("$ref", "")
    nom = ref.rsplit("/", 1)[-1] if ref else ""
    if nom in ECRITS:
        return dict(ECRITS[nom])
    if noeud.get("type") == "array" and str(noeud.get("items", {}).get("$ref", "")).endswith("/Segment"):
        return dict(ECRITS["Segment"])  # a line of text, read into its segments
    if nom == "Partenaire":
        # A partner is written as a bare code of the registry, too.
        return {"anyOf": [{"type": "string"}, noeud]}
    if noeud.get("type") == "boolean":
        return {k: v for k, v in noeud.items() if k != "type"} | BOOLEEN
    if noeud.get("type") == "integer":
        return {k: v for k, v in noeud.items() if k not in ("type", "minimum", "maximum")} | ENTIER
    if noeud.get("format") == "date":
        return {k: v for k, v in noeud.items() if k not in ("type", "format")} | DATE
    return {k: _remplacer(v) for k, v in noeud.items()}


def textes_des_schemas() -> dict[str, str]:
    """File name -> content of each schema, as committed (stable: sorted keys, UTF-8)."""
    return {f"{nom}.schema.json": json.dumps(s, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            for nom, s in schemas().items()}


# --- the reference page ------------------------------------------------------------------


def reference() -> str:
    """Every file and field of the sources: type, required, allowed values (Markdown, French)."""
    lignes = ["# Référence des sources", "",
              "Page générée par `python build.py schema` à partir du modèle (ne pas la modifier à la main ;",
              "un test vérifie qu'elle est à jour). Toute valeur s'écrit comme du texte ; « code » : minuscules,",
              "chiffres et tirets (`acces-emploi`), stable d'une version à l'autre.", ""]
    for nom, schema in schemas().items():
        fichiers, objet = FICHIERS[nom]
        lignes += [f"## {fichiers}", "", f"{objet[0].upper()}{objet[1:]}. Schéma : `schemas/{nom}.schema.json`.", ""]
        racines = schema.get("anyOf") or [schema]
        for k, racine in enumerate(racines):
            lignes += _table("(fichier)" if len(racines) == 1 else f"(fichier, forme {k + 1})", racine)
        for modele, defn in sorted(schema.get("$defs", {}).items()):
            if "properties" in defn:
                lignes += _table(modele, defn)
    return "\n".join(lignes).rstrip() + "\n"


def _table(titre: str, schema: dict[str, Any]) -> list[str]:
    requis = set(schema.get("required", []))
    lignes = [f"### {titre}", "", "| champ | type | obligatoire | valeurs possibles |", "|---|---|---|---|"]
    for champ, p in schema.get("properties", {}).items():
        lignes.append(f"| `{champ}` | {_type(p)} | {'oui' if champ in requis else 'non'} | {_valeurs(p)} |")
    if isinstance(schema.get("additionalProperties"), dict):
        lignes.append("| *(colonne déclarée)* | liste | selon la colonne | éléments ou partenaires |")
    return lignes + [""]


def _type(p: dict[str, Any]) -> str:
    if "$ref" in p:
        return f"{p['$ref'].rsplit('/', 1)[-1]}"
    if "anyOf" in p or "oneOf" in p:
        return " ou ".join(_type(x) for x in p.get("anyOf") or p.get("oneOf") or [] if x.get("type") != "null")
    if p.get("type") == "array":
        return f"liste de {_type(p.get('items', {}))}"
    if p.get("type") == "object":
        return "champs « clé: valeur »"
    if "enum" in p or "const" in p:
        return "texte"
    description = p.get("description")
    if description:
        return str(description)
    return {"string": "texte", "integer": "nombre entier"}.get(str(p.get("type")), str(p.get("type", "texte")))


def _valeurs(p: dict[str, Any]) -> str:
    for x in [p, *(p.get("anyOf") or [])]:
        if "enum" in x:
            return ", ".join(f"`{v}`" for v in x["enum"] if isinstance(v, str))
        if "const" in x:
            return f"`{x['const']}`"
    return ""


def modeles_du_contrat() -> list[type[BaseModel]]:
    """The models whose schemas are written (for tests)."""
    return [Contrat, ChiffresCles, document_des_sortes(), *(s.modele for s in sortes() if s.fichier_entier), Avenant]
