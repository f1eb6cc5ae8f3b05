"""The semantic diff as a report: plain text, Markdown (pull-request description) or JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from contrat.amendements.diff_modele import Changement, Cle, donnees
from contrat.amendements.diff_modele import cle_element as cle_de
from contrat.amendements.redaction import Article
from contrat.erreurs import hors_commandes_ci
from contrat.impression.unites import lignes as lignes_imprimees
from contrat.modele.contrat import Contrat, Signataire

NATURES = {"ajout": "ajouté", "suppression": "supprimé", "modification": "modifié", "deplacement": "déplacé"}
NOMS = {"enjeux": "Enjeu", "axes": "Axe", "objectifs": "Objectif", "leviers": "Levier",
        "criteres_evaluation": "Critère d'évaluation", "partenaires": "Partenaire", "chapitres": "Chapitre",
        "tableaux": "Tableau", "lignes": "Ligne", "colonnes": "Colonne", "signataires": "Signataire",
        "organisations": "Organisation (registre)", "sigles": "Sigle (registre)", "annexes": "Annexe",
        "contributions": "Contribution", "avenants": "Avenants", "chiffres_cles": "Chiffres clés",
        "valeurs": "valeur", "texte": "texte", "titre": "intitulé", "quartiers": "Quartier",
        "population": "population", "superficie": "superficie", "valeur": "nombre", "periode": "Période",
        "objectifs_nationaux": "Objectif national", "signature": "Signature", "territoire": "Territoire",
        "intitule": "Intitulé du contrat", "sous_titre": "Sous-titre", "epigraphe": "Épigraphe",
        "sources_donnees": "Source des données", "qualite": "qualité", "nom": "nom", "piliers": "Pilier", "parties": "Partie", "rubriques": "Rubrique",
        "introduction": "introduction", "colonnes_enjeux": "Colonnes des tableaux d'enjeux"}


RACINES = {"titre": "Titre du contrat", "sous_titre": "Sous-titre du contrat", "intitule": "Intitulé du contrat",
           "epigraphe": "Épigraphe"}


def _libelle(noeud: Any) -> str:
    if isinstance(noeud, dict):
        for champ in ("titre", "libelle", "qualite", "texte", "nom", "sigle", "code"):
            if isinstance(noeud.get(champ), str):
                return str(noeud[champ])
    return ""


def _descendre(noeud: Any, cle: Cle) -> Any:
    if isinstance(noeud, list):
        return next((x for x in noeud if cle_de(x) == cle), None)
    return noeud.get(cle) if isinstance(noeud, dict) else None


def lieu(chemin: tuple[Cle, ...], a: dict[str, Any], b: dict[str, Any]) -> str:
    """« Enjeu « … » › Axe « … » › Objectif « … » » from a path of codes."""
    if len(chemin) == 1 and chemin[0] in RACINES:
        return RACINES[str(chemin[0])]
    morceaux: list[str] = []
    na, nb = a, b
    precedent: Cle | None = None
    for cle in chemin:
        na, nb = _descendre(na, cle), _descendre(nb, cle)
        if isinstance(cle, str) and cle.startswith(("code:", "ref:")):
            nom = NOMS.get(str(precedent), str(precedent))
            titre = _libelle(nb) or _libelle(na) or cle.split(":", 1)[1]
            morceaux[-1:] = [f"{nom} « {titre if len(titre) < 70 else titre[:67] + '…'} »"]
        else:
            morceaux.append(NOMS.get(str(cle), str(cle)))
        precedent = cle
    return " › ".join(morceaux)


def _court(valeur: Any) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, dict):
        if "ecrit" in valeur:
            return str(valeur["ecrit"])
        return _libelle(valeur) or "(ensemble modifié)"
    if isinstance(valeur, list):
        return f"{len(valeur)} élément(s)"
    return str(valeur)


def entrees(a: Contrat, b: Contrat, changements: list[Changement]) -> list[dict[str, Any]]:
    """One plain record per change, for the three formats."""
    da, db = donnees(a), donnees(b)
    resultat = []
    for c in changements:
        entree: dict[str, Any] = {"nature": c.nature, "lieu": lieu(c.chemin, da, db),
                                  "chemin": [str(x) for x in c.chemin], "registre": c.registre}
        if c.alineas:
            entree["alineas"] = [{"nature": n, "alinea": max(i, j), "ancien": v, "nouveau": w}
                                 for n, i, j, v, w in c.alineas]
        else:
            entree["ancien"], entree["nouveau"] = _court(c.ancien), _court(c.nouveau)
        if c.depuis:
            entree["depuis"] = lieu(c.depuis, da, db)
        resultat.append(entree)
    return resultat


_SPECIAUX_MD = re.compile(r"[\\`*_~\[\]|<>&@#!]|(?<![\w])(?=(?:https?|ftp|www)\W)|:(?=//)|[\r\n\u2028\u2029]+")
_REMPLACEMENTS_MD = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "`": "&#96;", "@": "@&#8203;", "#": "&#35;",
                     "!": "&#33;", ":": ":&#8203;"}


def texte_markdown(texte: object) -> str:
    """A text of the sources as inert Markdown (a pull-request comment): no HTML, code, mention
    (« @admin »), link, autolink (« https://… », « www. »), heading, table cell or line break of
    its own; it reads the same."""
    def neutraliser(m: re.Match[str]) -> str:
        c = m.group(0)
        if not c:
            return "&#8203;"  # before a scheme GitHub would make a link of
        if c.isspace():
            return " "
        return _REMPLACEMENTS_MD.get(c, "\\" + c)

    return _SPECIAUX_MD.sub(neutraliser, str(texte))


def texte_plat(texte: object) -> str:
    """A text of the sources on one line of the plain report (printed in a CI log: a line break
    it wrote must not start a line of its own)."""
    return hors_commandes_ci(re.sub(r"[\r\n\u2028\u2029\x85]+", " ", str(texte)))


def formater(a: Contrat, b: Contrat, changements: list[Changement], format_: str, titre: str) -> str:
    liste = entrees(a, b, changements)
    if format_ == "json":
        return json.dumps({"titre": titre, "changements": liste}, ensure_ascii=False, indent=2)
    markdown = format_ == "markdown"
    lignes = [f"## {texte_markdown(titre)}" if markdown else titre, ""]
    contenu = [e for e in liste if not e["registre"]]
    registres = [e for e in liste if e["registre"]]
    lignes.append(f"{len(contenu)} changement(s) du contrat, {len(registres)} dans les registres.")
    lignes.append("")
    for e in contenu + registres:
        lignes.extend(_lignes(e, markdown))
    return "\n".join(lignes) + "\n"


def _lignes(e: dict[str, Any], markdown: bool) -> list[str]:
    puce = "- " if markdown else "  • "
    gras = (lambda t: f"**{t}**") if markdown else (lambda t: t)
    x: Callable[[object], str] = texte_markdown if markdown else texte_plat
    entete = f"{puce}{gras(NATURES[e['nature']])} — {x(e['lieu'])}"
    if e.get("depuis"):
        entete += f" (venant de : {x(e['depuis'])})"
    lignes = [entete]
    retrait = "  " if markdown else "      "
    for al in e.get("alineas", []):
        if al["nature"] == "modification":
            lignes.append(f"{retrait}- alinéa {al['alinea']} : « {x(al['ancien'])} » → « {x(al['nouveau'])} »")
        elif al["nature"] == "ajout":
            lignes.append(f"{retrait}- alinéa inséré : « {x(al['nouveau'])} »")
        else:
            lignes.append(f"{retrait}- alinéa {al['alinea']} supprimé : « {x(al['ancien'])} »")
    if "ancien" in e and e["nature"] == "modification":
        lignes.append(f"{retrait}- « {x(e['ancien'])} » → « {x(e['nouveau'])} »")
    elif e.get("nouveau") and e["nature"] == "ajout":
        lignes.append(f"{retrait}- « {x(e['nouveau'])} »")
    return lignes


# --- the printed diff, as the articles of the avenant ---------------------------------------


def representants(a: Contrat, b: Contrat) -> list[str]:
    """Signatories whose representative changed: they sign the avenant, no article states it."""
    anciens = {s.code: s for s in a.signataires}
    resultat = []
    for s in b.signataires:
        avant = anciens.get(s.code)
        if avant is not None and (avant.qualite, avant.nom) != (s.qualite, s.nom):
            org = b.organisation(s.organisation)
            resultat.append(f"{org.nom_complet} : {_qui(avant)} → {_qui(s)}")
    return resultat


def _qui(s: Signataire) -> str:
    return s.qualite + (f", {s.nom}" if s.nom else "")


def formater_articles(articles: list[Article], representants_: list[str], format_: str, titre: str) -> str:
    """What the avenant will state (articles numbered from 2, after « Article 1 – Objet »)."""

    if format_ == "json":
        return json.dumps({"titre": titre, "articles": [
            {"numero": k, "texte": a.alineas, "cite": [lignes_imprimees(c) for c in a.citations],
             "comparaison": [{"stipulation": p, "redaction_en_vigueur": x, "redaction_modifiee": y}
                             for p, x, y in a.comparaison],
             "operations": [op.type for op in a.operations]} for k, a in enumerate(articles, start=2)],
            "representants": representants_}, ensure_ascii=False, indent=2) + "\n"
    markdown = format_ == "markdown"
    x: Callable[[object], str] = texte_markdown if markdown else texte_plat
    sortie = [f"## {x(titre)}" if markdown else titre, "",
              f"{len(articles)} changement(s) du contrat imprimé, énoncés comme dans l'avenant :", ""]
    for k, a in enumerate(articles, start=2):
        entete = f"**Article {k}**" if markdown else f"Article {k}"
        sortie.append(entete)
        sortie.extend(f"> {x(alinea)}" if markdown else f"    {x(alinea)}" for alinea in a.alineas)
        for c in a.citations:
            cite = lignes_imprimees(c)
            ouvert, ferme = ("\\[", "\\]") if markdown else ("[", "]")
            sortie.append(f"{'> ' if markdown else '    '}{ouvert}texte cité : {len(cite)} ligne(s), de "
                          f"« {x(cite[0][:60])} » à « {x(cite[-1][:60])} »{ferme}" if cite else "    [document joint]")
        sortie.append("")
    if representants_:
        sortie.append("Représentants des parties modifiés (sans article : ils signent l'avenant) :")
        sortie.extend(f"{'- ' if markdown else '  • '}{x(r)}" for r in representants_)
        sortie.append("")
    return "\n".join(sortie)
