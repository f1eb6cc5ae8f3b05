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
import re
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue

from contrat.modele.contrat import (
    COLONNES_STANDARD,
    INTERNE,
    Avenant,
    ChiffresCles,
    Contrat,
    Couverture,
    document_des_sortes,
)
from contrat.modele.sortes import sortes

URL = "https://contrat.example/schemas/"
"""Base of the schemas' identifiers (never fetched: the files refer to them by relative path)."""

ESPACE = r"[\s\u00a0\u202f]*"
NOMBRE: dict[str, Any] = {
    "anyOf": [{"type": "number"},
              {"type": "string", "pattern": rf"^{ESPACE}[-\u2212]?[\s\u00a0\u202f\d]*\d[\s\u00a0\u202f\d]*"
                                            rf"([.,]{ESPACE}\d[\s\u00a0\u202f\d]*)?$"}],
    "description": "nombre écrit à la française : « 3025 », « 56 595 », « 34,7 »"}
"""A figure as ``lire_nombre`` reads it (spaces anywhere, one decimal comma or point); unquoted, a
YAML number, which an editor sees as one."""
ECRITS: dict[str, dict[str, Any]] = {
    "Nombre": NOMBRE,
    "Prose": {"type": "string", "description": "texte Markdown (ou, pour un chapitre, chemin d'un fichier .md)"},
    "Segment": {"type": "string", "description": "texte d'une ligne (Markdown : **gras**, *italique*)"},
}
"""Types of the model written as plain text in the files."""

BOOLEEN: dict[str, Any] = {
    "anyOf": [{"enum": ["oui", "non"]},
              {"type": "string", "pattern": r"^\s*([Oo][Uu][Ii]|[Nn][Oo][Nn]|[Vv][Rr][Aa][Ii]|[Ff][Aa][Uu][Xx])\s*$"}],
    "description": "« oui » ou « non »"}
"""What ``_booleen`` admits (not YAML's true/false: the engine reads them as the words « true », « false »)."""
ENTIER: dict[str, Any] = {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": r"^\s*[-+]?[0-9](_?[0-9])*(\.0*)?\s*$"}],
                          "description": "nombre entier"}
ANNEE: dict[str, Any] = {"anyOf": [{"type": "integer", "minimum": 1000, "maximum": 9999},
                                   {"type": "string", "pattern": r"^\s*[0-9]{4}\s*$"}],
                         "description": "année (quatre chiffres)"}
DATE: dict[str, Any] = {"type": "string", "pattern": r"^\s*[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])\s*$",
                        "description": "date AAAA-MM-JJ"}
CODE: dict[str, Any] = {"type": "string", "pattern": r"^[a-z0-9]+(-[a-z0-9]+)*$",
                        "description": "code : minuscules, chiffres et tirets"}
TEXTE: dict[str, Any] = {"type": "string", "pattern": r"\S"}
CLE: dict[str, Any] = {"type": "string", "pattern": r"^[a-z][a-z0-9_]*$",
                       "description": "clé : minuscules, chiffres et « _ »"}

MODELE = "contrat.modele.contrat."
APRES: dict[str, dict[str, Any]] = {f"{MODELE}_code_valide": CODE, f"{MODELE}_texte_non_vide": TEXTE,
                                    f"{MODELE}_cle_valide": CLE}
AVANT: dict[str, dict[str, Any]] = {f"{MODELE}_annee": ANNEE, f"{MODELE}_date": DATE, f"{MODELE}_booleen": BOOLEEN,
                                    "contrat.modele.nombres.lire_nombre": NOMBRE}
"""The written form of each of the model's validators of a text (by its full name): what the schema
says instead. The corpus of tests/test_schema_corpus.py holds each pattern to its validator."""


def _nom(schema: Any) -> str:
    fonction = schema["function"]["function"]
    return f"{getattr(fonction, '__module__', '')}.{getattr(fonction, '__qualname__', '')}"


class _Ecriture(GenerateJsonSchema):
    """pydantic's generator, writing a value checked by one of the model's validators in the form
    the validator admits (a code's pattern, a number's, a date's), not as the type it yields."""

    def function_after_schema(self, schema: Any) -> JsonSchemaValue:
        ecrit = super().function_after_schema(schema)
        return {**ecrit, **APRES.get(_nom(schema), {})}

    def function_before_schema(self, schema: Any) -> JsonSchemaValue:
        forme = AVANT.get(_nom(schema))
        if forme is not None:
            return copy.deepcopy(forme)
        ecrit = super().function_before_schema(schema)
        if ecrit.get("type") == "integer":  # an integer read with its spaces stripped
            return copy.deepcopy(ENTIER)
        return ecrit


def _schema_de(modele: type[BaseModel]) -> dict[str, Any]:
    return modele.model_json_schema(schema_generator=_Ecriture)


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
    document = _ecrit(_schema_de(document_des_sortes()), sans=frozenset({"fichier"}), requis=False)
    _formes_anciennes_du_document(document)
    # A kind of annex may be a file of its own (a list of measures): another form of the file.
    entieres = [_ecrit(_schema_de(s.modele), requis=True) for s in sortes() if s.fichier_entier]
    defs = {k: v for schema in (document, *entieres) for k, v in schema.pop("$defs", {}).items()}
    contrat = _ecrit(_schema_de(Contrat), sans=frozenset({"avenants"}), requis=False)
    # In contrat.yaml an annex or contribution is named by its file (the rest is in it).
    contrat["$defs"]["Document"]["required"] = ["fichier"]
    return {
        "contrat": _racine("contrat", _elaguer(contrat)),
        "chiffres_cles": _racine("chiffres_cles", _elaguer(_ecrit(_schema_de(ChiffresCles), requis=False))),
        "document": _racine("document", _elaguer({"$defs": defs, "anyOf": [document, *entieres]})),
        "avenant": _racine("avenant", _elaguer(_ecrit(_schema_de(Avenant), requis=True))),
    }


def _racine(nom: str, schema: dict[str, Any]) -> dict[str, Any]:
    fichiers, objet = FICHIERS[nom]
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": f"{URL}{nom}.schema.json",
            "title": f"contrat de ville : {objet} ({fichiers})", **schema}


def _elaguer(schema: dict[str, Any]) -> dict[str, Any]:
    """The schema without the definitions nothing reaches (the prose's own classes, read from
    Markdown; the avenant's, in its own file): a reader never writes those."""
    defs = schema.get("$defs", {})
    atteintes: set[str] = set()
    a_voir = [{k: v for k, v in schema.items() if k != "$defs"}]
    while a_voir:
        noeud = a_voir.pop()
        for ref in re.findall(r'"\$ref": "#/\$defs/([^"]+)"', json.dumps(noeud)):
            if ref not in atteintes:
                atteintes.add(ref)
                a_voir.append(defs[ref])
    if defs:
        schema["$defs"] = {k: v for k, v in defs.items() if k in atteintes}
    return schema


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
    _contraindre(defs)
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
        for cle in COLONNES_STANDARD:
            defs["ColonnesEnjeux"]["properties"][cle] = dict(TEXTE)
    if "Partenaire" in defs:
        defs["Partenaire"]["properties"]["ref"] = {"anyOf": [CODE, {"type": "array", "items": CODE, "minItems": 1}]}


def _contraindre(defs: dict[str, Any]) -> None:
    """The model's checks across fields (its ``model_validator``) written as the schema's conditions."""
    for nom in ("Axe", "ObjectifOperationnel"):
        if nom in defs:
            _colonnes_ajoutees(defs[nom])
    if "GrandeurQuartier" in defs:
        # « valeur » with its « unite », or « chiffre » (the unit is the table's): one or the other.
        defs["GrandeurQuartier"]["oneOf"] = [
            {"required": ["valeur", "unite"], "properties": {"unite": TEXTE}, "not": {"required": ["chiffre"]}},
            {"required": ["chiffre"], "properties": {"unite": {"const": ""}}, "not": {"required": ["valeur"]}}]
    if "Calcul" in defs:
        defs["Calcul"]["allOf"] = [
            {"if": {"properties": {"type": {"const": "somme"}}, "required": ["type"]},
             "then": {"not": {"anyOf": [{"required": ["de"]}, {"required": ["a"]}]}},
             "else": {"required": ["de", "a"]}}]
    if "TableauChiffres" in defs:
        par_quartier = {"properties": {"par_quartier": {"pattern": r"^\s*([Oo][Uu][Ii]|[Vv][Rr][Aa][Ii])\s*$"}},
                        "required": ["par_quartier"]}
        # Without a CSV/XLSX file, the table writes its columns and lines; each line its label,
        # unless the table is one line per QPV (named after it).
        defs["TableauChiffres"]["allOf"] = [
            {"if": {"not": {"required": ["fichier"]}}, "then": {"required": ["colonnes", "lignes"]}},
            {"if": {"not": {"anyOf": [{"required": ["fichier"]}, par_quartier]}},
             "then": {"properties": {"lignes": {"items": {"required": ["libelle"]}}}}}]


MOTS_DE_L_AXE = ("code", "titre", *COLONNES_STANDARD, "objectifs_operationnels")


def _colonnes_ajoutees(defn: dict[str, Any]) -> None:
    """An axe (or objectif opérationnel) writes the contract's declared columns under their own keys:
    any key, but not one a letter away from its own (« criteres_evalution », « partenaire »), which
    the engine reports as a misspelt column."""
    defn["properties"].pop("autres", None)
    defn["additionalProperties"] = {"type": "array", "items": {"anyOf": [
        {"$ref": "#/$defs/Element"}, {"anyOf": [CODE, {"$ref": "#/$defs/Partenaire"}]}]}}
    defn["propertyNames"] = {"anyOf": [{"enum": list(MOTS_DE_L_AXE)}, {"allOf": [
        CLE, {"not": {"pattern": "^(" + "|".join(_voisins(m) for m in MOTS_DE_L_AXE if len(m) > 5) + ")$"}}]}]}


def _voisins(mot: str) -> str:
    """A regular expression of the words one letter away from ``mot`` (one missing, added, changed
    or two swapped), and of its beginnings of five letters or more (« criteres » for
    « criteres_evaluation »)."""
    formes = set()
    for i in range(len(mot) + 1):
        formes.add(re.escape(mot[:i]) + "[a-z0-9_]" + re.escape(mot[i:]))
        if i < len(mot):
            formes.add(re.escape(mot[:i]) + re.escape(mot[i + 1:]))
            formes.add(re.escape(mot[:i]) + "[a-z0-9_]" + re.escape(mot[i + 1:]))
        if i < len(mot) - 1:
            formes.add(re.escape(mot[:i] + mot[i + 1] + mot[i] + mot[i + 2:]))
    formes |= {re.escape(mot[:n]) for n in range(5, len(mot))}
    formes.discard(re.escape(mot))
    return "|".join(sorted(formes))


ANCIENNES_FORMES: dict[str, str] = {"atelier": "concertation", "seminaire": "concertation"}
"""A document's keys of an older form, still read (see ``sortes/concertation.py``)."""


def _formes_anciennes_du_document(document: dict[str, Any]) -> None:
    for ancienne, actuelle in ANCIENNES_FORMES.items():
        document.setdefault("properties", {})[ancienne] = {
            "type": "object", "deprecated": True,
            "description": f"ancienne forme de « {actuelle} », encore lue : voir docs/migration.md"}


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
        return copy.deepcopy(ECRITS[nom])
    if noeud.get("type") == "array" and str(noeud.get("items", {}).get("$ref", "")).endswith("/Segment"):
        return dict(ECRITS["Segment"])  # a line of text, read into its segments
    membres = noeud.get("anyOf")
    if isinstance(membres, list) and {"type": "null"} in membres:
        # An empty value is read as an empty text, never as « nothing »: the field is left out.
        reste = [m for m in membres if m != {"type": "null"}]
        autres = {k: v for k, v in noeud.items() if k not in ("anyOf", "default")}
        return _remplacer({**autres, **(reste[0] if len(reste) == 1 else {"anyOf": reste})})
    if nom == "Partenaire":
        # A partner is written as a bare code of the registry, too.
        return {"anyOf": [CODE, noeud]}
    if noeud.get("type") == "integer" and "minimum" in noeud and "maximum" in noeud:
        # A bounded integer (colonnes_par_bloc): each admitted value, as text or number.
        valeurs = range(int(noeud["minimum"]), int(noeud["maximum"]) + 1)
        return {"anyOf": [{k: v for k, v in noeud.items() if k != "default"},
                          {"type": "string", "pattern": r"^\s*(" + "|".join(map(str, valeurs)) + r")\s*$"}],
                "description": f"nombre entier de {valeurs[0]} à {valeurs[-1]}"}
    if noeud.get("type") == "integer":
        return {k: v for k, v in noeud.items() if k not in ("type", "minimum", "maximum")} | ENTIER
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
