"""The printed diff as a report (the articles an avenant states): plain text, Markdown (pull-request
description) or JSON."""

from __future__ import annotations

import json
import re
from collections.abc import Callable

from contrat.amendements.redaction import Article
from contrat.erreurs import hors_commandes_ci
from contrat.impression.arbre import lignes as lignes_imprimees
from contrat.impression.unites import par_delegation
from contrat.modele.contrat import Contrat, Signataire

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


# --- the printed diff, as the articles of the avenant ---------------------------------------


def representants(a: Contrat, b: Contrat) -> list[str]:
    """Signatories whose representative changed: they sign the avenant, no article states it."""
    anciens = {s.code: s for s in a.signataires}
    resultat = []
    for s in b.signataires:
        avant = anciens.get(s.code)
        if avant is not None and (avant.qualite, avant.nom, avant.delegue) != (s.qualite, s.nom, s.delegue):
            org = b.organisation(s.organisation)
            resultat.append(f"{org.nom_complet} : {_qui(avant)} → {_qui(s)}")
    return resultat


def _qui(s: Signataire) -> str:
    return s.qualite + (f", {s.nom}" if s.nom else "") + (f", {par_delegation(s)}" if s.delegue else "")


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
              f"{len(articles)} changement(s) du contrat imprimé, énoncés comme dans l'avenant :" if articles else
              "Aucun changement du texte du contrat imprimé (aucun article de modification).", ""]
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
