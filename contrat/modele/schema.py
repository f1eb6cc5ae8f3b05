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
    Conformite,
    Contrat,
    Couverture,
    document_des_sortes,
)
from contrat.modele.nombres import ECRITURES_MARQUES
from contrat.modele.sortes import anciennes_cles, sortes

URL = "https://contrat.example/schemas/"
"""Base of the schemas' identifiers (never fetched: the files refer to them by relative path)."""

ESPACE = r"[\s\u00a0\u202f]*"
NOMBRE: dict[str, Any] = {
    "anyOf": [{"type": "number"},
              {"type": "string", "pattern": rf"^{ESPACE}[-\u2212]?[\s\u00a0\u202f\d]*\d[\s\u00a0\u202f\d]*"
                                            rf"([.,]{ESPACE}\d[\s\u00a0\u202f\d]*)?$"}],
    "description": "nombre écrit à la française : « 3025 », « 56 595 », « 34,7 »"}
"""A figure as ``lire_nombre`` reads it (spaces anywhere, one decimal comma or point); unquoted, a
YAML number, which an editor sees as one. Where the model also takes a missing value (« n.c. »,
« s »), the schema says so by its own type, ``Manquant``."""
ECRITS: dict[str, dict[str, Any]] = {
    "Nombre": NOMBRE,
    "Manquant": {"type": "string", "enum": list(ECRITURES_MARQUES),
                 "description": "valeur manquante : « n.c. » (non communiqué) ou « s » (secret statistique)"},
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

MONTANT: dict[str, Any] = {
    "anyOf": [{"type": "number", "minimum": 0},
              {"type": "string", "pattern": rf"^{ESPACE}[\s\u00a0\u202f\d]*\d[\s\u00a0\u202f\d]*"
                                            rf"([.,]{ESPACE}\d[\s\u00a0\u202f\d]*)?$"}],
    "description": "montant en euros, positif ou nul, écrit à la française : « 1 150 000 »"}
OBJECTIF_LOI: dict[str, Any] = {"type": "integer", "minimum": 1, "maximum": 10}
"""An objective of art. 1 of the law by its number (written as a number or a text, see ``_remplacer``)."""

MODELE = "contrat.modele.contrat."
APRES: dict[str, dict[str, Any]] = {f"{MODELE}_code_valide": CODE, f"{MODELE}_texte_non_vide": TEXTE,
                                    f"{MODELE}_cle_valide": CLE}
AVANT: dict[str, dict[str, Any]] = {f"{MODELE}_annee": ANNEE, f"{MODELE}_date": DATE, f"{MODELE}_booleen": BOOLEEN,
                                    "contrat.modele.nombres.lire_nombre": NOMBRE,
                                    f"{MODELE}_lire_montant": MONTANT, f"{MODELE}_objectif_loi": OBJECTIF_LOI}
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
    "contrat": ("contrat.yaml, organisations.yaml, sigles.yaml, enjeux.yaml, indicateurs.yaml",
                "le contrat : chaque fichier en porte une partie des champs"),
    "chiffres_cles": ("chiffres_cles.yaml", "le chapitre des chiffres clés"),
    "document": ("annexes/*.yaml, contributions/*.yaml", "une annexe ou une contribution"),
    "avenant": ("avenants/*.yaml", "un avenant"),
    "conformite": ("conformite.yaml", "les déclarations à la revue de conformité aux textes (docs/conformite.md)"),
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
    contrat = _ecrit(_schema_de(Contrat), sans=frozenset({"avenants", "conformite"}), requis=False)
    # In contrat.yaml an annex or contribution is named by its file (the rest is in it).
    contrat["$defs"]["Document"]["required"] = ["fichier"]
    return {
        "contrat": _racine("contrat", _elaguer(contrat)),
        "chiffres_cles": _racine("chiffres_cles", _elaguer(_ecrit(_schema_de(ChiffresCles), requis=False))),
        "document": _racine("document", _elaguer({"$defs": defs, "anyOf": [document, *entieres]})),
        "avenant": _racine("avenant", _elaguer(_ecrit(_schema_de(Avenant), requis=True))),
        "conformite": _racine("conformite", _elaguer(_ecrit(_schema_de(Conformite), requis=True))),
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
    _anciennes_cles(defs)
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
        # A missing value (« n.c. », « s ») needs no unit.
        defs["GrandeurQuartier"]["oneOf"] = [
            {"required": ["valeur", "unite"], "properties": {"valeur": NOMBRE, "unite": TEXTE},
             "not": {"required": ["chiffre"]}},
            {"required": ["valeur"], "properties": {"valeur": ECRITS["Manquant"]}, "not": {"required": ["chiffre"]}},
            {"required": ["chiffre"], "properties": {"unite": {"const": ""}}, "not": {"required": ["valeur"]}}]
    if "Calcul" in defs:
        defs["Calcul"]["allOf"] = [
            {"if": {"properties": {"type": {"const": "somme"}}, "required": ["type"]},
             "then": {"not": {"anyOf": [{"required": ["de"]}, {"required": ["a"]}]}},
             "else": {"required": ["de", "a"]}}]
    if "CiblesIndicateur" in defs:
        # The targets by year are keys of their own (« 2027: "35" »), beside the direction wanted.
        cibles = defs["CiblesIndicateur"]
        cibles["properties"].pop("valeurs", None)
        cibles["patternProperties"] = {r"^\s*[0-9]{4}\s*$": NOMBRE}
        cibles["additionalProperties"] = False
    if "ReferenceIndicateur" in defs:
        # A typed value or a key figure cited: one or the other.
        defs["ReferenceIndicateur"]["oneOf"] = [{"required": ["valeur"], "not": {"required": ["chiffre"]}},
                                                {"required": ["chiffre"], "not": {"required": ["valeur"]}}]
    if "Indicateur" in defs:
        oui = {"pattern": r"^\s*([Oo][Uu][Ii]|[Vv][Rr][Aa][Ii])\s*$"}
        qualitatif = {"properties": {"type": {"const": "qualitatif"}}, "required": ["type"]}
        defs["Indicateur"]["allOf"] = [
            # A measured indicator has a unit; a qualitative one no unit, baseline nor targets.
            {"if": qualitatif, "then": {"not": {"anyOf": [{"required": [c]} for c in ("unite", "reference", "cibles")]}},
             "else": {"required": ["unite"], "properties": {"unite": TEXTE}}},
            # By sex, or the reason why not: not both.
            {"not": {"properties": {"par_sexe": oui}, "required": ["par_sexe", "sans_sexe"]}}]
    if "TableauChiffres" in defs:
        par_quartier = {"properties": {"par_quartier": {"pattern": r"^\s*([Oo][Uu][Ii]|[Vv][Rr][Aa][Ii])\s*$"}},
                        "required": ["par_quartier"]}
        # Without a CSV/XLSX file, the table writes its columns and lines; each line its label,
        # unless the table is one line per QPV (named after it).
        defs["TableauChiffres"]["allOf"] = [
            {"if": {"not": {"required": ["fichier"]}}, "then": {"required": ["colonnes", "lignes"]}},
            {"if": {"not": {"anyOf": [{"required": ["fichier"]}, par_quartier]}},
             "then": {"properties": {"lignes": {"items": {"required": ["libelle"]}}}}}]


def cles_renommees() -> dict[str, tuple[str, str]]:
    """A class's key of an older form, still read in place of its current one (the kinds'
    ``anciennes_cles`` other than the document's own)."""
    return {nom: (ancienne, actuelle) for (nom, ancienne), actuelle in anciennes_cles().items()
            if nom != "Document" and re.fullmatch(r"[a-z_]+", actuelle)}


def formes_anciennes_du_document() -> dict[str, str]:
    """A document's keys of an older form of a kind, still read (the kinds' ``anciennes_cles``)."""
    return {ancienne: actuelle for (nom, ancienne), actuelle in anciennes_cles().items() if nom == "Document"}


def _anciennes_cles(defs: dict[str, Any]) -> None:
    """An older key accepted (marked deprecated) instead of its current one, never with it."""
    for nom, (ancienne, actuelle) in cles_renommees().items():
        if nom not in defs:
            continue
        defn = defs[nom]
        defn["properties"][ancienne] = {**copy.deepcopy(defn["properties"][actuelle]), "deprecated": True,
                                        "description": f"ancienne forme de « {actuelle} », encore lue : "
                                                       "voir docs/migration.md"}
        if actuelle in defn.get("required", []):
            defn["required"] = [c for c in defn["required"] if c != actuelle]
            defn["oneOf"] = [{"required": [actuelle]}, {"required": [ancienne]}]


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


def _formes_anciennes_du_document(document: dict[str, Any]) -> None:
    """The older forms of a kind accepted (marked deprecated), one form at most: the engine reads
    the first older form alone, and reports any other beside it as unknown."""
    anciennes = formes_anciennes_du_document()
    for ancienne, actuelle in anciennes.items():
        document.setdefault("properties", {})[ancienne] = {
            "type": "object", "deprecated": True,
            "description": f"ancienne forme de « {actuelle} », encore lue : voir docs/migration.md"}
    formes = sorted({*anciennes, *anciennes.values()})
    document["not"] = {"anyOf": [{"required": [a, b]} for i, a in enumerate(formes) for b in formes[i + 1:]]}


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
    if isinstance(noeud.get("default"), bool):  # a default an editor proposes: written as the engine reads it
        noeud = {**noeud, "default": "oui" if noeud["default"] else "non"}
    if _nature(noeud):
        return noeud  # already in its written form
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
    if nom == "EcartConnu":
        # A known gap is written as the bare identifier of its requirement, too.
        return {"anyOf": [{"type": "string"}, noeud]}
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


AIDE_GENERALE: dict[str, str] = {
    "code": "identifiant stable de l'élément (on ne le change pas en reformulant le texte : les avenants "
            "se calculent par lui) ; ex. `acces-emploi`",
    "titre": "titre imprimé",
    "libelle": "libellé imprimé",
    "texte": "texte imprimé",
    "unite": "unité imprimée après la valeur ; ex. `ha`, `habitants`, `%`",
    "introduction": "texte (Markdown d'une ligne ou de quelques alinéas) imprimé sous le titre",
}
"""A field's description wherever its model does not give its own."""

AIDE: dict[str, str] = {
    # contrat.yaml
    "Contrat.titre": "titre de la page de couverture ; ex. `CONTRAT DE VILLE 2024-2030`",
    "Contrat.sous_titre": "sous-titre de la couverture ; ex. `Engagements Quartiers 2030`",
    "Contrat.intitule": "nom complet du contrat (métadonnées, en-têtes) ; ex. `Contrat de ville 2024-2030 de la "
                        "communauté de communes du Val Fictif`",
    "Contrat.epigraphe": "citation de la page de titre",
    "Contrat.couverture": "options de la page de couverture",
    "Contrat.territoire": "l'EPCI et ses communes",
    "Contrat.quartiers": "les quartiers prioritaires (QPV), un élément chacun",
    "Contrat.periode": "période du contrat et ses phases",
    "Contrat.objectifs_nationaux": "objectifs nationaux, cités par `{objectifs_nationaux}` dans un texte",
    "Contrat.sources_donnees": "sources des chiffres, nommées par leur `code` sous les tableaux",
    "Contrat.chapitres": "le plan : les chapitres dans l'ordre",
    "Contrat.signature": "lieu et date de signature",
    "Contrat.signataires": "les signataires, dans l'ordre de la page des signatures",
    "Contrat.groupes_signataires": "intertitres de la page des signatures, dans l'ordre ; chaque signataire nomme "
                                   "son `groupe`",
    "Contrat.organisations": "registre des organisations, partenaires et signataires (d'ordinaire dans "
                             "organisations.yaml)",
    "Contrat.sigles": "registre des sigles (d'ordinaire dans sigles.yaml)",
    "Contrat.non_sigles": "mots en capitales qui ne sont ni des sigles ni des noms ; ex. `[CONTRAT, DE, VILLE]`",
    "Contrat.chiffres_cles": "les chiffres clés (d'ordinaire dans leur propre fichier, chiffres_cles.yaml)",
    "Contrat.colonnes_enjeux": "en-têtes des tableaux des enjeux (d'ordinaire dans enjeux.yaml)",
    "Contrat.piliers": "intitulés au-dessus des enjeux ; chaque enjeu nomme son `pilier`",
    "Contrat.enjeux": "les enjeux et leurs axes de travail (d'ordinaire dans enjeux.yaml)",
    "Contrat.annexes": "les annexes, dans l'ordre : chacune nommée par son fichier",
    "Contrat.contributions": "les contributions des partenaires, nommées par leur fichier",
    "Contrat.noms_propres": "graphies de référence des noms propres : une variante proche dans le texte est "
                            "signalée ; ex. `[Fontbelle]`",
    "Epigraphe.texte": "la citation (Markdown)",
    "Epigraphe.auteur": "son auteur, sur une ligne",
    "Couverture.logo": "image PNG ou JPEG des sources imprimée au-dessus du titre ; ex. `images/logo.png`",
    "Couverture.logo_alternative": "texte de remplacement du logo, lu à la place de l'image par les lecteurs "
                                   "d'écran ; obligatoire avec un logo : dire ce qu'il montre ; ex. "
                                   "`\"Logo de la communauté d'agglomération : trois vagues bleues\"`",
    "Couverture.quartiers": "comment la couverture nomme les QPV : chacun avec sa commune (`liste`), un "
                            "compte puis une ligne par commune (`communes`), ou le compte seul (`resume`) ; "
                            "par défaut la liste jusqu'à deux QPV, par commune au-delà",
    "Territoire.epci": "code de l'EPCI dans le registre des organisations ; ex. `ccvf`",
    "Territoire.nombre_communes": "nombre de communes de l'EPCI ; ex. `\"47\"`",
    "Territoire.communes_qpv": "communes qui ont un QPV ; ex. `[Fictiville]`",
    "Quartier.code": "identifiant stable du quartier ; ex. `les-tilleuls`",
    "Quartier.nom": "nom officiel du quartier",
    "Quartier.commune": "sa commune (une de `territoire.communes_qpv`)",
    "Quartier.superficie": "superficie : `{valeur: \"21\", unite: \"ha\"}` ; omise, le contrat imprime "
                           "« non communiquée »",
    "Quartier.population": "population : `{valeur: \"1 480\", unite: \"habitants\"}`, ou lue dans un tableau "
                           "de chiffres clés : `{chiffre: population.les-tilleuls.habitants}`",
    "Quartier.source": "code de la source des chiffres ci-dessus (`sources_donnees`)",
    "Quartier.nom_usuel": "nom d'usage, imprimé à côté du nom officiel ; ex. `Les Tilleuls`",
    "Quartier.code_qp": "code officiel du quartier prioritaire : « QN », le département, le numéro ; ex. `QN03901M`",
    "Quartier.statut": "statut du quartier dans la géographie prioritaire de 2024",
    "GrandeurQuartier.source": "code de la source de ce chiffre (`sources_donnees`) quand ce n'est pas celle du quartier",
    "GrandeurQuartier.valeur": "le nombre ; ex. `\"1 480\"`",
    "GrandeurQuartier.unite": "son unité, avec `valeur` ; ex. `ha`",
    "GrandeurQuartier.chiffre": "ou le chiffre d'un tableau de chiffres clés, `tableau.ligne.colonne` (son unité "
                                "vient du tableau) ; ex. `population.les-tilleuls.habitants`",
    "Periode.debut": "première année ; ex. `\"2024\"`",
    "Periode.fin": "dernière année ; ex. `\"2030\"`",
    "Periode.phases": "les phases ; ex. `[{debut: \"2024\", fin: \"2027\"}, {debut: \"2027\", fin: \"2030\"}]`",
    "Phase.debut": "première année de la phase",
    "Phase.fin": "dernière année de la phase",
    "Element.texte": "texte imprimé dans la cellule ou la liste",
    "SourceDonnees.libelle": "imprimé sous les chiffres ; ex. `Source : INSEE, RP 2020`",
    "Chapitre.titre": "titre du chapitre",
    "Chapitre.numerote": "numéroté (I, II…) ou non (préambule, annexes)",
    "Chapitre.texte": "fichier Markdown de sa rédaction ; ex. `textes/preambule.md`",
    "Chapitre.inclure": "contenu produit des données, imprimé après le texte ; `objectifs_loi`, `moyens`, "
                        "`evaluation`, `participation` : les blocs ci-dessous que demande la loi n° 2014-173 ; "
                        "`conformite` : le tableau de conformité aux textes (docs/conformite.md)",
    "Signature.lieu": "lieu de signature ; ex. `Fictiville`",
    "Signature.date": "date de signature, une fois signé ; vide avant",
    "Signature.date_effet": "entrée en vigueur ; par défaut la date de signature",
    "Signature.representation": "chaque bloc de signature dit « représenté(e) par » la qualité du signataire",
    "Signature.exemplaires": "nombre d'exemplaires originaux que le contrat déclare ; par défaut un par "
                             "organisation signataire",
    "Signature.avant": "code du chapitre avant lequel la page des signatures s'imprime (souvent les annexes) ; "
                       "par défaut, en dernier",
    "Signataire.code": "identifiant stable du signataire",
    "Signataire.organisation": "code de son organisation dans le registre",
    "Signataire.qualite": "qualité de la personne qui signe ; ex. `La Présidente`",
    "Signataire.nom": "nom de la personne, quand il est connu ; ex. `Marie DUPONT`",
    "Signataire.groupe": "code du groupe sous lequel il s'imprime (`groupes_signataires`)",
    "Signataire.aussi_pour": "autres organisations du registre pour lesquelles la même personne signe (un bloc, "
                             "un original par organisation) ; ex. `[ville-centre]`",
    "Signataire.genre": "genre grammatical de la qualité, pour « représenté(e) par » ; par défaut lu dans son "
                        "article (« Le Maire », « La Présidente »)",
    "Signataire.delegue": "qui signe par délégation, imprimé après le titulaire ; "
                          "ex. `{nom: \"Mme X\", qualite: \"1re adjointe\"}`",
    "Delegue.nom": "nom du délégué, tel qu'il s'imprime ; ex. `Mme X`",
    "Delegue.qualite": "sa qualité ; ex. `1re adjointe au maire`",
    "GroupeSignataires.titre": "intertitre de la page des signatures ; ex. `Les collectivités`",
    "Organisation.code": "identifiant stable, employé par les tableaux d'enjeux et les signataires ; ex. `caf`",
    "Organisation.libelle": "comment les tableaux la nomment ; ex. `CAF`",
    "Organisation.sigle": "son sigle, qui doit être dans le registre des sigles",
    "Organisation.nom": "nom complet, quand ce n'est pas la définition du sigle ; ex. `Caisse d'allocations "
                        "familiales`",
    "Organisation.nature": "`collectif` pour un groupe d'acteurs (les bailleurs sociaux, les associations)",
    "Organisation.genre": "genre grammatical de son nom (« la Région … représentée »)",
    "Organisation.nombre": "nombre grammatical de son nom (« les conseils citoyens, représentés ») ; par défaut "
                           "pluriel pour un collectif",
    "Sigle.sigle": "le sigle tel qu'il s'écrit ; ex. `CAF`",
    "Sigle.definition": "sa forme développée ; sans elle, un sigle employé dans le texte est signalé",
    "Sigle.nature": "`nom_propre` : un nom en capitales, non développé dans la liste des sigles",
    "PilierContrat.titre": "intitulé du pilier",
    "Enjeu.titre": "titre de l'enjeu",
    "Enjeu.pilier": "code du pilier auquel il appartient, quand le contrat en a",
    "Enjeu.introduction": "texte imprimé entre le titre de l'enjeu et son tableau",
    "Enjeu.axes": "ses axes de travail, une rangée du tableau chacun",
    "Axe.titre": "titre de l'axe (première colonne)",
    "Axe.objectifs": "cellule « objectifs » : des éléments `{code, texte}`",
    "Axe.partenaires": "cellule « partenaires » : codes d'organisations, ou `{ref: code, texte: \"libellé "
                       "exact\"}`",
    "Axe.leviers": "cellule « leviers » : des éléments `{code, texte}`",
    "Axe.criteres_evaluation": "cellule « critères d'évaluation » : au moins un élément `{code, texte}`",
    "Axe.objectifs_operationnels": "ses objectifs opérationnels, quand le contrat a ce niveau "
                                   "(`colonnes_enjeux.sous_axe`) : chacun porte alors les cellules",
    "Axe.objectifs_loi": "objectifs de l'article 1er de la loi n° 2014-173 que l'axe sert, par leur numéro "
                         "(1 à 10) ; ex. `[3, 10]` ; imprimés par un chapitre `inclure: objectifs_loi`, non "
                         "dans les tableaux d'enjeux",
    "ObjectifOperationnel.titre": "titre de l'objectif opérationnel",
    "Partenaire.ref": "code d'une organisation du registre, ou une liste de codes",
    "Partenaire.texte": "libellé exact imprimé dans la cellule ; ex. `CCVF et État`",
    "ColonnesEnjeux.axe": "en-tête de la colonne des axes ; ex. `Axes de travail`",
    "ColonnesEnjeux.sous_axe": "en-tête de la colonne des objectifs opérationnels, pour un contrat qui a ce "
                               "niveau",
    "ColonnesEnjeux.colonnes": "les colonnes après celle des axes, dans l'ordre",
    "ColonnesEnjeux.titre_dans_le_tableau": "`non` : le titre de l'enjeu ne s'imprime qu'au-dessus de son "
                                            "tableau, pas en première ligne de celui-ci",
    "ColonnesEnjeux.objectifs": "ou, pour les quatre colonnes habituelles, l'en-tête de chacune ; ex. `Objectifs`",
    "ColonnesEnjeux.partenaires": "en-tête de la colonne des partenaires (forme courte)",
    "ColonnesEnjeux.leviers": "en-tête de la colonne des leviers (forme courte)",
    "ColonnesEnjeux.criteres_evaluation": "en-tête de la colonne des critères d'évaluation (forme courte)",
    "ColonneEnjeu.code": "clé sous laquelle les axes écrivent la cellule ; ex. `pilote`",
    "ColonneEnjeu.libelle": "en-tête de la colonne",
    "ColonneEnjeu.nature": "des éléments `{code, texte}`, ou des partenaires (codes du registre)",
    "ColonneEnjeu.facultative": "un axe peut laisser cette cellule vide",
    # chiffres_cles.yaml
    "ChiffresCles.tableaux": "les tableaux de chiffres, dans l'ordre",
    "ChiffresCles.quartiers": "fiches d'identité des QPV : un bloc chacun (`fiches`), un tableau (`tableau`) "
                              "ou aucune ; par défaut un bloc pour un QPV, un tableau au-delà",
    "TableauChiffres.titre": "titre du tableau",
    "TableauChiffres.source": "code de sa source (`sources_donnees`)",
    "TableauChiffres.repeter_source": "`non` : pas de ligne de source quand la fiche ou le tableau juste au-dessus a "
                                      "la même source",
    "TableauChiffres.annee": "année des données ; ex. `\"2020\"`",
    "TableauChiffres.presentation": "un tableau, ou une liste de phrases",
    "TableauChiffres.entete": "en-têtes de colonnes : une ligne d'en-tête, répétés dans chaque cellule, ou aucun",
    "TableauChiffres.total": "un total imprimé au-dessus du tableau ; ex. `{valeur: \"440\", unite: \"demandeurs "
                             "d'emploi\"}`",
    "TableauChiffres.colonnes": "les colonnes de valeurs (lues dans le fichier avec `fichier`)",
    "TableauChiffres.lignes": "les lignes, une par indicateur (lues dans le fichier avec `fichier`)",
    "TableauChiffres.calculs": "colonnes calculées (écart, évolution, somme), jamais tapées",
    "TableauChiffres.ligne_total": "ligne de total calculée sous le tableau ; ex. `{libelle: \"Ensemble\"}`",
    "TableauChiffres.sommes_100": "groupes de lignes (codes) dont les pourcentages font 100",
    "TableauChiffres.fichier": "export CSV ou XLSX d'où lire colonnes et lignes (colonnes `code`, `libelle`, "
                               "une par année…, `unite`) ; ex. `donnees/emploi.csv`",
    "TableauChiffres.par_quartier": "une ligne par QPV : le code de chaque ligne est celui d'un quartier, son "
                                    "libellé par défaut le nom du quartier",
    "TableauChiffres.colonnes_par_bloc": "au plus tant de colonnes de valeurs côte à côte ; un tableau plus large "
                                         "s'imprime en blocs successifs ; par défaut 5",
    "Colonne.code": "code de la colonne, clé des `valeurs` de chaque ligne ; ex. `\"2020\"`, `epci`",
    "Colonne.libelle": "en-tête imprimé",
    "Colonne.unite": "unité des valeurs de la colonne (celle d'une ligne l'emporte) ; ex. `%`",
    "LigneChiffres.libelle": "libellé de la ligne ; dans un tableau `par_quartier`, le nom du QPV par défaut",
    "LigneChiffres.valeurs": "une valeur par code de colonne ; ex. `{\"2014\": \"1 600\", \"2020\": \"1 480\"}`",
    "LigneChiffres.unite": "unité de la ligne ; ex. `habitants`",
    "LigneChiffres.formulation": "phrase de la ligne dans une liste ; ex. `{libelle} : {valeur} dont 194 "
                                 "maternelles`",
    "LigneChiffres.puce": "imprimée avec une puce (•), en sous-élément d'une répartition",
    "Calcul.type": "`ecart` (a − de), `evolution_pct` (évolution de de à a, en %) ou `somme`",
    "Calcul.de": "code de la colonne de départ (`ecart`, `evolution_pct`)",
    "Calcul.a": "code de la colonne d'arrivée (`ecart`, `evolution_pct`)",
    "Calcul.colonnes": "colonnes additionnées par une `somme` ; par défaut toutes les colonnes tapées",
    "Calcul.unite": "unité des valeurs calculées quand la ligne n'en a pas",
    "LigneTotal.libelle": "libellé de la ligne de total ; ex. `Ensemble des quartiers`",
    "LigneTotal.colonnes": "colonnes totalisées ; par défaut toutes les colonnes tapées, les autres restent vides",
    "Grandeur.valeur": "le nombre ; ex. `\"440\"`",
    "Grandeur.unite": "son unité ; ex. `demandeurs d'emploi`",
    # documents
    "Document.code": "identifiant de l'annexe ou de la contribution (dans contrat.yaml) ; facultatif pour une "
                     "liste de mesures écrite comme un fichier entier",
    "Document.titre": "titre imprimé (dans le fichier, ou dans contrat.yaml)",
    "Document.organisation": "code du partenaire dont vient une contribution",
    "Document.fichier": "fichier YAML ou PDF de l'annexe, dans les sources ; ex. `annexes/concertation.yaml`",
    "Document.entete": "en-tête courant du document du partenaire, imprimé une fois",
    "Document.blocs": "le contenu : des blocs `texte`, `tableau` ou `lettre`",
    "Document.chiffres": "chiffres du document, que son texte cite par `{chiffre:code}`",
    "Document.pieces_jointes": "pièces jointes d'une lettre",
    "Document.concertation": "en-tête d'un compte rendu de concertation (atelier, séminaire, réunion)",
    "Document.mesures": "une liste de mesures (parties > rubriques > mesures)",
    "Document.atelier": "ancienne forme de `concertation`, encore lue (voir docs/migration.md)",
    "Document.seminaire": "ancienne forme de `concertation`, encore lue (voir docs/migration.md)",
    "BlocTexte.texte": "un texte Markdown",
    "BlocTableau.tableau": "un tableau",
    "BlocLettre.lettre": "une lettre",
    "Tableau.colonnes": "ligne d'en-tête (répétée à chaque page) ; vide s'il n'en a pas",
    "Tableau.lignes": "les lignes, chaque cellule en Markdown ; ex. `[[\"Accueil\", \"CCVF\"]]`",
    "Lettre.expediteur": "en-tête de l'expéditeur, une ligne par élément",
    "Lettre.reference": "« Affaire suivie par », téléphone, courriel",
    "Lettre.lieu": "lieu d'envoi",
    "Lettre.date": "date de la lettre",
    "Lettre.date_ecrite": "la date telle que la lettre l'imprime, quand elle diffère de la forme usuelle",
    "Lettre.destinataire": "le destinataire, une ligne par élément",
    "Lettre.objet": "objet de la lettre",
    "Lettre.appel": "formule d'appel ; ex. `Monsieur le Président,`",
    "Lettre.corps": "le corps de la lettre (Markdown)",
    "Lettre.signature": "le bloc de signature, une ligne par élément",
    "Lettre.copie": "mention « copie à »",
    "Lettre.pied": "pied de page de la lettre",
    "PieceJointe.titre": "titre de la pièce jointe",
    "PieceJointe.numero_affiche": "son propre numéro imprimé ; ex. `ANNEXE 1`",
    "PieceJointe.texte": "son texte (Markdown)",
    "ChiffreDocument.code": "code par lequel le texte le cite : `{chiffre:code}`",
    "ChiffreDocument.libelle": "ce que compte le chiffre",
    "ChiffreDocument.valeur": "le nombre ; ex. `\"120 000\"`",
    "ChiffreDocument.annee": "année du chiffre",
    "Concertation.intitule": "intitulé ; ex. `Atelier des habitants`",
    "Concertation.date": "date de la concertation",
    "Concertation.horaires": "horaires ; ex. `de 18 h à 20 h`",
    "Concertation.lieu": "lieu",
    "Concertation.sous_titre": "sous-titre imprimé sous l'intitulé",
    "Concertation.presentation": "« intitulé du <date> » sur une ligne (`ligne`), ou intitulé, date et lieu "
                                 "chacun sur la sienne (`lignes`)",
    "Concertation.sommaire": "les intertitres du document listés dessous (table des matières)",
    "Concertation.participants": "nombres de participants que le texte peut citer ; ex. `{jeunes: \"15\"}`",
    "ListeMesures.titre": "titre de l'annexe",
    "ListeMesures.marque": "mention imprimée sous le titre",
    "ListeMesures.date": "date des mesures",
    "ListeMesures.parties": "les parties, chacune avec ses rubriques",
    "PartieMesures.rubriques": "les rubriques de la partie, chacune avec ses mesures",
    "ListeMesures.piliers": "ancienne forme de `parties`, encore lue (voir docs/migration.md)",
    "PartieMesures.themes": "ancienne forme de `rubriques`, encore lue (voir docs/migration.md)",
    "RubriqueMesures.mesures": "les mesures de la rubrique",
    "Mesure.texte": "texte de la mesure ; peut citer ses chiffres par `{chiffre:code}`",
    "Mesure.chiffres": "chiffres de la mesure",
    "Mesure.sous_mesures": "mesures de détail, imprimées sous elle",
    # avenants
    "Avenant.numero": "numéro de l'avenant, à la suite des précédents ; ex. `\"1\"`",
    "Avenant.modifie": "étiquette Git de la version qu'il modifie : `contrat-signe`, puis `avenant-1`…",
    "Avenant.comite_pilotage": "date du comité de pilotage qui l'a approuvé",
    "Avenant.deliberations": "autres visas (délibérations des conseils…), une phrase chacun",
    "Avenant.objet": "ce que fait l'avenant, en une phrase (article 1) ; ex. `mettre à jour les chiffres clés`",
    "Avenant.expose_motifs": "l'exposé des motifs (Markdown)",
    "Avenant.signature": "lieu et date de signature de l'avenant",
    "Avenant.date_effet": "date d'effet ; par défaut la date de signature",
    # blocs de la loi n° 2014-173 (art. 6 IV et art. 7), chacun facultatif
    "Contrat.moyens": "tableau des moyens (art. 6, IV, 3°) : droit commun et crédits spécifiques par signataire ; "
                      "imprimé par un chapitre `inclure: moyens`",
    "Moyens.periode": "`annuel` (montants par an) ou `contrat` (sur toute la durée du contrat)",
    "Moyens.lignes": "une ligne par signataire",
    "LigneMoyens.organisation": "code d'une organisation du registre qui signe le contrat",
    "LigneMoyens.droit_commun": "montant en euros au titre du droit commun, positif ou nul ; ex. `\"1 150 000\"`",
    "LigneMoyens.credits_specifiques": "montant en euros des crédits spécifiques de la politique de la ville, "
                                       "positif ou nul",
    "LigneMoyens.commentaire": "précision imprimée dans la dernière colonne",
    "Contrat.evaluation": "structure locale d'évaluation (art. 6, IV, 6°) et moyens d'ingénierie (IV, 4°) ; "
                          "imprimés par un chapitre `inclure: evaluation`",
    "Evaluation.structure": "la structure locale d'évaluation ; ex. `L'observatoire des quartiers de la CARE`",
    "Evaluation.pilote": "code de l'organisation qui la pilote",
    "Evaluation.donnees": "comment les signataires lui transmettent leurs données",
    "Evaluation.ingenierie": "les moyens d'ingénierie pour l'élaboration, la conduite et l'évaluation",
    "Contrat.participation": "instance de participation des habitants et ses moyens (art. 7) ; imprimée par un "
                             "chapitre `inclure: participation`",
    "Participation.instance": "son nom ; ex. `Conseil citoyen du quartier`",
    "Participation.composition": "sa composition",
    "Participation.lieu": "le lieu mis à sa disposition",
    "Participation.moyens": "ses moyens de fonctionnement",
    "Participation.formation": "la formation de ses membres",
    "Participation.au_comite_de_pilotage": "`oui` si elle siège au comité de pilotage",
    # conformite.yaml
    "Conformite.attestations": "exigences qu'aucune règle ne juge, attestées par une personne nommée",
    "Conformite.ecarts_connus": "exigences manquantes admises : check ne les signale plus, le tableau les garde ; "
                                "ex. `- L6-9` ou `- {exigence: L6-9, motif: \"…\"}`",
    "Attestation.exigence": "identifiant de l'exigence attestée (docs/conformite.md) ; ex. `L7-4`",
    "Attestation.par": "Prénom NOM, qualité de la personne qui atteste",
    "Attestation.le": "date de l'attestation (AAAA-MM-JJ), pas dans le futur",
    "Attestation.commentaire": "ce qui l'établit, imprimé dans le tableau de conformité",
    "EcartConnu.exigence": "identifiant de l'exigence manquante admise ; ex. `L6-9`",
    "EcartConnu.motif": "pourquoi elle est admise",
    # indicateurs.yaml
    "Contrat.indicateurs": "fiches d'indicateurs des critères d'évaluation (d'ordinaire dans indicateurs.yaml) ; "
                           "elles ne s'impriment pas dans le contrat, le rapport annuel les lit",
    "Indicateur.code": "identifiant stable de la fiche, que nomment les données de suivi (colonne `indicateur`) ; "
                       "ex. `emploi-femmes-qpv`",
    "Indicateur.critere": "code du critère d'évaluation (`criteres_evaluation` d'un axe) que la fiche mesure ; "
                          "plusieurs fiches peuvent mesurer le même",
    "Indicateur.axe": "code de l'axe (ou de l'objectif opérationnel) du critère, seulement quand plusieurs axes "
                      "ont un critère de ce code",
    "Indicateur.libelle": "intitulé de l'indicateur ; ex. `Taux d'emploi des femmes de 15 à 64 ans`",
    "Indicateur.type": "`contexte` (état du quartier), `realisation` (ce que les actions produisent), `resultat` "
                       "(leur effet) ou `qualitatif` (appréciation, sans unité ni cible chiffrée)",
    "Indicateur.definition": "mode de calcul : `{numerateur: …, denominateur: …}`, ou une phrase",
    "Indicateur.unite": "unité des valeurs ; ex. `%`, `nombre`, `€`, `ETP`, `points`",
    "Indicateur.perimetre": "quartiers couverts et zones de comparaison ; par défaut tous les quartiers du "
                            "contrat, sans comparaison",
    "Indicateur.source": "d'où viennent les chiffres ; ex. `INSEE, Filosofi 2021`, `France Travail, T2`",
    "Indicateur.producteur": "code de l'organisation (registre) qui produit les chiffres",
    "Indicateur.periodicite": "fréquence de la collecte",
    "Indicateur.par_sexe": "`oui` : les valeurs se donnent pour les femmes et pour les hommes (les données du "
                           "rapport annuel sont présentées par sexe, CGCT L1111-2)",
    "Indicateur.sans_sexe": "ou la raison pour laquelle l'indicateur ne se donne pas par sexe ; ex. `réunions`",
    "Indicateur.reference": "valeur de départ : `{annee: \"2022\", valeur: \"28,9\"}`, ou un chiffre clé du "
                            "contrat : `{annee: \"2022\", chiffre: comparaison-epci-qpv.emploi-femmes.qpv}`",
    "Indicateur.cibles": "cibles par année et sens voulu : `{sens: hausse, \"2027\": \"35\", \"2030\": \"40\"}`",
    "Indicateur.responsable": "code de l'organisation signataire qui transmet les données (loi n° 2014-173, "
                              "art. 6 IV 6°)",
    "Indicateur.sommable": "`oui` : les valeurs de zones ou de sexes différents peuvent s'additionner ; par "
                           "défaut jamais (la plupart des indicateurs ne sont pas sommables)",
    "Indicateur.illustratif": "`oui` : chiffres d'exemple, pas ceux du contrat (le rapport le dit en couverture)",
    "DefinitionIndicateur.numerateur": "ce que l'on compte ; ex. `femmes de 15 à 64 ans en emploi`",
    "DefinitionIndicateur.denominateur": "rapporté à quoi ; ex. `femmes de 15 à 64 ans` ; aucun pour un compte",
    "PerimetreIndicateur.quartiers": "codes des quartiers du contrat couverts ; par défaut tous",
    "PerimetreIndicateur.comparaisons": "zones de comparaison ; ex. `[epci, france_metropolitaine]`",
    "ReferenceIndicateur.annee": "année de la valeur de départ ; ex. `\"2022\"`",
    "ReferenceIndicateur.valeur": "la valeur de départ, dans l'unité de la fiche ; ex. `\"28,9\"`",
    "ReferenceIndicateur.chiffre": "ou le chiffre clé du contrat qui la donne, `tableau.ligne.colonne` (tapé une "
                                   "fois) ; ex. `comparaison-epci-qpv.emploi-femmes.qpv`",
    "CiblesIndicateur.sens": "sens voulu : `hausse`, `baisse` ou `maintien` ; chaque cible s'écrit à côté, sous "
                             "son année",
}
"""The reference's French description of each field a user writes (the model's docstrings are
the developers', in English): what it is, an example where it helps. A test holds every field
of the schemas described."""

CONDITIONS: dict[str, str] = {
    "TableauChiffres.colonnes": "oui, sauf avec `fichier`",
    "TableauChiffres.lignes": "oui, sauf avec `fichier`",
    "LigneChiffres.libelle": "oui, sauf dans un tableau `par_quartier`",
    "GrandeurQuartier.valeur": "`valeur` et `unite`, ou `chiffre`",
    "GrandeurQuartier.unite": "avec `valeur`",
    "GrandeurQuartier.chiffre": "`valeur` et `unite`, ou `chiffre`",
    "Calcul.de": "oui, sauf pour une `somme`",
    "Calcul.a": "oui, sauf pour une `somme`",
    "Document.titre": "dans contrat.yaml ou dans le fichier",
    "Indicateur.unite": "oui, sauf pour un indicateur `qualitatif`",
    "ReferenceIndicateur.valeur": "`valeur` ou `chiffre`",
    "ReferenceIndicateur.chiffre": "`valeur` ou `chiffre`",
}
"""Fields required on a condition the schema states (``_contraindre``), said in words."""

def _condition_des_sortes(cle: str) -> str | None:
    """An annex's code, required unless its file is one kind of annex alone (its code is then the
    kind's key): said with the kinds that may be so written."""
    entieres = [s.designation for s in sortes() if s.fichier_entier]
    if cle != "Document.code" or not entieres:
        return None
    return f"oui, sauf pour une {' ou une '.join(entieres)} écrite comme un fichier entier"


CONDITIONS_DU_FICHIER: dict[tuple[str, str], str] = {
    ("document", "Document.code"): "non (donné dans contrat.yaml)",
    ("document", "Document.titre"): "oui (ou dans contrat.yaml)",
}
"""What a file of its own requires of a model whose fields a line of contrat.yaml may also give."""


# --- the reference page ------------------------------------------------------------------

MODELES_RACINES = {"contrat": "Contrat", "chiffres_cles": "ChiffresCles", "avenant": "Avenant"}
"""The model each schema's file is (a document's forms name theirs in their ``title``)."""

INTRODUCTION = """\
# Référence des sources

Page générée par `python build.py schema` à partir du modèle (ne pas la modifier à la main ;
un test vérifie qu'elle est à jour). Chaque fichier YAML nomme en première ligne le schéma JSON
de `schemas/` qui le décrit : un éditeur qui le lit complète les champs et souligne une faute
pendant la frappe ; `build.py check` dit tout ce que le schéma ne peut pas voir (un code qui ne
renvoie à rien, une colonne non déclarée, un texte Markdown hors du sous-ensemble admis).
Les changements de forme des sources d'une version à l'autre sont dans
[`migration.md`](migration.md).

## Écrire les valeurs

Le moteur lit toute valeur comme du texte, puis la type : les guillemets ne sont jamais une
faute, et les évitent toutes (`"01053"` reste `01053`).

| type | s'écrit | exemple |
|---|---|---|
| texte | une ligne, non vide | `"Les Tilleuls"` |
| code | minuscules, chiffres et tirets ; stable d'une version à l'autre (les avenants se calculent par lui) | `acces-emploi` |
| clé | minuscules, chiffres et « _ » | `quartiers_concernes` |
| nombre | à la française : espaces des milliers, virgule décimale | `"56 595"`, `"34,7"`, `"-9,5"` |
| nombre entier | chiffres seuls | `"12"` |
| année | quatre chiffres | `"2024"` |
| date | AAAA-MM-JJ | `"2024-06-28"` |
| oui ou non | `oui` ou `non` (`vrai`, `faux` aussi) ; pas `true` ni `false` | `oui` |
| Markdown | un texte en Markdown (titres, listes, **gras**, *italique*, liens) ; pour un chapitre, le chemin d'un fichier `.md` | `textes/preambule.md` |
| texte d'une ligne | une ligne de Markdown en ligne (**gras**, *italique*) | `"*Victor Hugo*"` |

## Totaux et valeurs manquantes

**Ligne de total.** `ligne_total` ajoute sous un tableau de chiffres clés une ligne calculée,
somme des lignes colonne par colonne (`colonnes` : celles à totaliser, par défaut toutes les
colonnes tapées ; les autres restent vides) : `ligne_total: {libelle: "Ensemble des quartiers"}`.
Elle ne s'imprime que dans un tableau (pas dans une liste) dont les lignes ont la même unité.

**Total déclaré.** `total` imprime au-dessus du tableau un chiffre tapé, avec son unité :
`total: {valeur: "440", unite: "demandeurs d'emploi"}` ; quand le tableau n'a qu'une colonne
dans cette unité, `check` avertit si ses lignes ne font pas ce total.

**Citer un chiffre.** Dans un texte, `{chiffre:TABLEAU.LIGNE.COLONNE}` imprime la valeur d'une
ligne tapée (ou lue dans un fichier CSV/XLSX) avec son unité : `{chiffre:population.habitants.2020}`
donne « 1 480 habitants » (l'unité est imprimée : ne pas la répéter après, `check` le signale).
`{chiffre:TABLEAU.LIGNE}` suffit quand la ligne n'a qu'une valeur. `{chiffre:TABLEAU.ligne_total.COLONNE}`
cite la ligne de total calculée, `{chiffre:TABLEAU.total}` le total déclaré. Dans une annexe ou
une contribution, `{chiffre:code}` cite un de ses propres `chiffres`. `check` résout chaque
référence comme l'impression : une référence qui ne désigne rien est une erreur, qui propose les
références valides les plus proches.

**Valeur manquante.** Un chiffre non communiqué s'écrit « n.c. », un chiffre couvert par le
secret statistique « s » (dans un tableau, dans un export CSV/XLSX, ou `{valeur: "n.c."}` pour la
superficie ou la population d'un quartier, sans unité). Il s'imprime tel quel, avec une note
sous la source du tableau ; un total, une somme ou une évolution qui en dépend n'est pas calculé
et imprime la marque (« s » l'emporte sur « n.c. ») : un total partiel passerait pour le vrai et
trahirait la valeur secrète. Une cellule vide reste une erreur (un oubli, peut-être) ; une ligne
présentée en liste n'a besoin que des valeurs que sa `formulation` cite. Une superficie ou une
population omise imprime « non communiquée ».
"""


def reference() -> str:
    """Every file and field of the sources: type, whether required, description and example
    (Markdown, French); each kind of object described once, where it first appears."""
    lignes = [INTRODUCTION]
    decrits: set[str] = set()
    for nom, schema in schemas().items():
        fichiers, objet = FICHIERS[nom]
        lignes += [f"## {fichiers}", "", f"{objet[0].upper()}{objet[1:]}. Schéma : `schemas/{nom}.schema.json`.", ""]
        racines = schema.get("anyOf") or [schema]
        for k, racine in enumerate(racines):
            modele = MODELES_RACINES.get(nom) or str(racine.get("title"))
            titre = "Le fichier" if len(racines) == 1 else f"Le fichier, forme {k + 1} : {_NOMS_FORMES.get(modele, modele)}"
            lignes += _table(titre, modele, racine, racine=nom == "contrat", fichier=nom)
        for modele, defn in sorted(schema.get("$defs", {}).items()):
            if "properties" in defn and modele not in decrits:
                decrits.add(modele)
                lignes += _table(modele, modele, defn)
    return "\n".join(lignes).rstrip() + "\n"


_NOMS_FORMES = {"Document": "blocs, chiffres, concertation", "ListeMesures": "une liste de mesures"}


def _table(titre: str, modele: str, schema: dict[str, Any], racine: bool = False, fichier: str = "") -> list[str]:
    requis = set(schema.get("required", []))
    if racine:  # split over four files: required in one of them
        requis_du_contrat = {n for n, c in Contrat.model_fields.items() if c.is_required()}
    lignes = [f"### {titre}", "", "| champ | obligatoire | type | description |", "|---|---|---|---|"]
    for champ, p in schema.get("properties", {}).items():
        cle = f"{modele}.{champ}"
        if racine:
            oblige = "oui (dans l'un des fichiers)" if champ in requis_du_contrat else "non"
        else:
            oblige = (CONDITIONS_DU_FICHIER.get((fichier, cle)) or CONDITIONS.get(cle) or _condition_des_sortes(cle)
                      or ("oui" if champ in requis else "non"))
            ancienne = cles_renommees().get(modele, ("", ""))
            if ancienne[1] == champ and ancienne[0] in schema.get("properties", {}):
                oblige = f"oui (ou sa forme ancienne `{ancienne[0]}`)"
        aide = _aide(modele, champ)
        lignes.append(f"| `{champ}` | {oblige} | {_type(p)} | {_cellule(aide)} |")
    if schema.get("patternProperties"):
        lignes.append("| *(année)* | non | nombre | la cible de cette année, sous sa clé ; ex. `\"2027\": \"35\"` |")
    if isinstance(schema.get("additionalProperties"), dict):
        lignes.append("| *(colonne déclarée)* | selon la colonne | liste | une colonne que `colonnes_enjeux` déclare, "
                      "sous sa clé : des éléments `{code, texte}` ou des partenaires, selon sa `nature` |")
    return lignes + [""]


HERITES = {"ObjectifOperationnel": "Axe"}
"""A model whose fields are another's, described there."""


def _aide(modele: str, champ: str) -> str:
    """The French description of a field: its model's, the model it inherits from, or the usual one."""
    sorte = next((s for s in sortes() if s.cle == champ), None) if modele == "Document" else None
    return (AIDE.get(f"{modele}.{champ}") or AIDE.get(f"{HERITES.get(modele)}.{champ}")
            or (sorte.designation if sorte else "") or AIDE_GENERALE.get(champ, ""))


def _cellule(texte: str) -> str:
    return texte.replace("|", "\\|")


NATURES: list[tuple[dict[str, Any], str]] = [
    (NOMBRE, "nombre"), (ENTIER, "nombre entier"), (ANNEE, "année"), (BOOLEEN, "oui ou non"), (DATE, "date"),
    (CODE, "code"), (CLE, "clé"), (TEXTE, "texte"), (ECRITS["Prose"], "Markdown"), (ECRITS["Segment"], "texte d'une ligne"),
]
"""The written forms of the schema, by the name the table « Écrire les valeurs » gives them."""


def _nature(p: dict[str, Any]) -> str | None:
    """The form ``p`` writes: by its pattern, or (plain texts) by its description too."""
    ecrit = {k: v for k, v in p.items() if k != "default"}
    for forme, nom in NATURES:
        if ecrit == forme:
            return nom
        distinctif = "pattern" in forme or "anyOf" in forme
        if distinctif and {k: v for k, v in ecrit.items() if k != "description"} == \
                {k: v for k, v in forme.items() if k != "description"}:
            return nom
    return None


def _type(p: dict[str, Any]) -> str:
    nature = _nature(p)
    if nature:
        return nature
    if "$ref" in p:
        cible = p["$ref"].rsplit("/", 1)[-1]
        return f"[{cible}](#{cible.lower()})"
    if "enum" in p:
        return "au choix : " + ", ".join(f"`{v}`" for v in p["enum"])
    if "const" in p:
        return f"`{p['const']}`"
    if "anyOf" in p or "oneOf" in p:
        return " ou ".join(dict.fromkeys(_type(x) for x in p.get("anyOf") or p.get("oneOf") or []))
    if p.get("type") == "array":
        return f"liste de {_type(p.get('items', {}))}"
    if p.get("type") == "object":
        valeurs = p.get("additionalProperties")
        return f"champs « clé: {_type(valeurs)} »" if isinstance(valeurs, dict) else "champs « clé: valeur »"
    return "texte"


def modeles_du_contrat() -> list[type[BaseModel]]:
    """The models whose schemas are written (for tests)."""
    return [Contrat, ChiffresCles, document_des_sortes(), *(s.modele for s in sortes() if s.fichier_entier), Avenant]
