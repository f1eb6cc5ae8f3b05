"""The avenant's articles, drafted from the semantic diff in the usual legal style.

Conventions (design/AVENANTS.md, Guide de légistique): the point of impact first, from the
largest unit to the smallest; « est ainsi rédigé » for a unit rewritten; « est complété par »
for an addition at the end, « il est inséré » in the middle; « est supprimé »; a move is said as
a move. New text is quoted exactly between « ».
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .diff import Changement, Cle, unites
from .modele import Contrat, TableauChiffres
from .rendu.numerotation import intitule_chapitre, numeros_chapitres, romain

ORDINAUX = ["premier", "deuxième", "troisième", "quatrième", "cinquième", "sixième", "septième",
            "huitième", "neuvième", "dixième", "onzième", "douzième", "treizième", "quatorzième",
            "quinzième", "seizième", "dix-septième", "dix-huitième", "dix-neuvième", "vingtième"]
NOMS_COLONNES = {"objectifs": ("objectif", "un objectif", "m"), "leviers": ("levier", "un levier", "m"),
                 "criteres_evaluation": ("critère", "un critère", "m"),
                 "partenaires": ("partenaire", "un partenaire", "m")}


@dataclass
class Article:
    """One article of the avenant: its paragraphs, and a table to print in full when rewritten."""

    alineas: list[str]
    tableau: TableauChiffres | None = None
    ordre: tuple[int, ...] = ()
    comparaison: list[tuple[str, str, str]] = field(default_factory=list)
    """(place, rédaction initiale, nouvelle rédaction) for the comparison table."""


def ordinal(n: int) -> str:
    return ORDINAUX[n] if n < len(ORDINAUX) else f"{n + 1}e"


def q(texte: str) -> str:
    """Quote new text exactly between « »."""
    return f"« {texte} »"


def le(nom: str) -> str:
    """« le levier », « l'objectif »."""
    return f"l'{nom}" if nom[:1] in "aeiouyéèêh" else f"le {nom}"


def phrase(texte: str) -> str:
    """A sentence ends once: after a quotation ending with its own punctuation, no extra point."""
    import re

    return re.sub(r"([.!?…])\s»\.$", r"\1 »", texte)


def _code(cle: Cle) -> str:
    return str(cle).split(":", 1)[1] if isinstance(cle, str) and ":" in cle else str(cle)


class Redaction:
    """Drafts articles, knowing both versions to name each place."""

    def __init__(self, ancien: Contrat, nouveau: Contrat) -> None:
        self.ancien, self.nouveau = ancien, nouveau

    # --- places ------------------------------------------------------------------------

    def _chapitre_de(self, inclure: str) -> tuple[int, str]:
        for n, (ch, numero) in enumerate(zip(self.ancien.chapitres, numeros_chapitres(self.ancien))):
            if ch.inclure == inclure:
                return n, f"au chapitre {intitule_chapitre(numero, ch.titre)}"
        return 99, ""

    def _enjeu(self, code: str) -> tuple[int, Any]:
        for contrat in (self.ancien, self.nouveau):
            for n, e in enumerate(contrat.enjeux):
                if e.code == code:
                    return n, e
        raise KeyError(code)

    def _axe(self, enjeu: Any, code: str, contrat: Contrat | None = None) -> Any:
        for c in ([contrat] if contrat else [self.ancien, self.nouveau]):
            for e in c.enjeux:
                if e.code == enjeu.code:
                    for a in e.axes:
                        if a.code == code:
                            return a
        raise KeyError(code)

    def _lieu_enjeu(self, code: str) -> str:
        n, e = self._enjeu(code)
        return f"À l'enjeu {n + 1} {q(e.titre)}"

    # --- articles ----------------------------------------------------------------------

    def articles(self, changements: list[Changement]) -> list[Article]:
        articles: list[Article] = []
        tableaux: dict[str, list[Changement]] = {}
        documents: dict[tuple[str, str], list[Changement]] = {}
        reprises: dict[tuple[Any, ...], list[Changement]] = {}
        places: dict[tuple[Any, ...], int] = {}
        for c in changements:
            if c.registre:
                continue
            racine = c.chemin[0]
            if c.nature == "deplacement" and c.depuis and racine == "enjeux" and len(c.chemin) == 6:
                # Items taken over from the same row into the same cell: one article.
                cle = (c.chemin[:-1], c.depuis[:-1])
                if cle not in reprises:
                    reprises[cle] = []
                    places[cle] = len(articles)
                    articles.append(Article([]))  # drafted once the whole group is known
                reprises[cle].append(c)
            elif racine == "chiffres_cles" and len(c.chemin) >= 3:
                tableaux.setdefault(str(c.chemin[2]), []).append(c)
            elif racine in ("annexes", "contributions") and len(c.chemin) >= 2:
                documents.setdefault((racine, str(c.chemin[1])), []).append(c)
            else:
                articles.extend(self._article(c))
        for cle, index in places.items():
            articles[index] = self._reprise(reprises[cle])
        for code, groupe in tableaux.items():
            articles.append(self._tableau(_code(code), groupe))
        for (liste, code), groupe in documents.items():
            articles.append(self._document(liste, _code(code), groupe))
        for article in articles:
            article.alineas = [phrase(a) for a in article.alineas]
        return sorted(articles, key=lambda a: a.ordre)

    def _article(self, c: Changement) -> list[Article]:
        chemin = c.chemin
        if chemin[0] == "enjeux":
            return [self._enjeux(c)]
        if chemin[0] == "chapitres" and len(chemin) >= 3 and chemin[2] == "texte" and c.alineas:
            return self._prose(c)
        if chemin[0] == "signataires":
            return [self._signataire(c)]
        return [self._generique(c)]

    # --- enjeux ------------------------------------------------------------------------

    def _enjeux(self, c: Changement) -> Article:
        ch_ordre, _ = self._chapitre_de("enjeux")
        chemin = c.chemin
        n_enjeu, enjeu = self._enjeu(_code(chemin[1]))
        ordre = (ch_ordre, n_enjeu, *self._rang_axe(enjeu, chemin))
        lieu = self._lieu_enjeu(enjeu.code)
        if len(chemin) == 2:
            return Article([self._phrase_enjeu(c, enjeu, n_enjeu)], ordre=ordre)
        if len(chemin) == 3:  # the enjeu's title
            return Article([f"{lieu}, l'intitulé est ainsi rédigé : {q(c.nouveau)}."], ordre=ordre,
                           comparaison=[(f"Enjeu {n_enjeu + 1}, intitulé", c.ancien, c.nouveau)])
        axe = self._axe(enjeu, _code(chemin[3]))
        if len(chemin) == 4:
            return Article([self._phrase_axe(c, lieu, axe, enjeu)], ordre=ordre)
        colonne = chemin[4]
        if colonne == "titre":
            return Article([f"{lieu}, dans le tableau, l'intitulé de la ligne {q(c.ancien)} est ainsi rédigé : "
                            f"{q(c.nouveau)}."], ordre=ordre,
                           comparaison=[(f"Enjeu {n_enjeu + 1}, axe", c.ancien, c.nouveau)])
        nom_colonne = getattr(self.nouveau.colonnes_enjeux, str(colonne), str(colonne))
        ici = f"{lieu}, dans le tableau, à la ligne {q(axe.titre)}, la colonne {q(nom_colonne)}"
        return Article([self._phrase_element(c, ici, axe, str(colonne))], ordre=ordre,
                       comparaison=self._comparaison_element(c, n_enjeu, axe, nom_colonne))

    def _reprise(self, groupe: list[Changement]) -> Article:
        """Items moved from one row of an enjeu's table to another (« sont repris à la ligne »)."""
        premier = groupe[0]
        n_enjeu, enjeu = self._enjeu(_code(premier.chemin[1]))
        axe = self._axe(enjeu, _code(premier.chemin[3]))
        origine = self._axe(self._enjeu(_code(premier.depuis[1]))[1], _code(premier.depuis[3]), self.ancien)
        colonne = str(premier.chemin[4])
        nom, _, _ = NOMS_COLONNES.get(colonne, ("élément", "", "m"))
        nom_colonne = getattr(self.nouveau.colonnes_enjeux, colonne, colonne)
        textes = ", ".join(q(self._texte_element(c.nouveau)) for c in groupe)
        ici = f"{self._lieu_enjeu(enjeu.code)}, dans le tableau, à la ligne {q(axe.titre)}, la colonne {q(nom_colonne)}"
        if len(groupe) == 1:
            texte = f"{ici} est complétée par {le(nom)} {textes}, qui figurait à la ligne {q(origine.titre)}."
        else:
            texte = f"{ici} est complétée par les {nom}s {textes}, qui figuraient à la ligne {q(origine.titre)}."
        comparaison = [(f"Enjeu {n_enjeu + 1}, {axe.titre}, {nom_colonne}", "", self._texte_element(c.nouveau))
                       for c in groupe]
        return Article([texte], ordre=(self._chapitre_de("enjeux")[0], n_enjeu, *self._rang_axe(enjeu, premier.chemin)),
                       comparaison=comparaison)

    def _rang_axe(self, enjeu: Any, chemin: tuple[Cle, ...]) -> tuple[int, ...]:
        if len(chemin) < 4:
            return (0,)
        codes = [a.code for a in enjeu.axes]
        code = _code(chemin[3])
        return (codes.index(code) if code in codes else len(codes), 1 if len(chemin) > 4 else 0)

    def _texte_element(self, valeur: Any) -> str:
        if isinstance(valeur, dict) and "ref" in valeur:
            libelles = {o.code: o.libelle for o in (*self.ancien.organisations, *self.nouveau.organisations)}
            return valeur.get("texte") or " ".join(libelles.get(r, r) for r in valeur["ref"])
        if isinstance(valeur, dict):
            return str(valeur.get("texte") or valeur.get("titre") or "")
        return str(valeur)

    def _phrase_element(self, c: Changement, ici: str, axe: Any, colonne: str) -> str:
        nom, un, _ = NOMS_COLONNES.get(colonne, ("élément", "un élément", "m"))
        if c.chemin[-1] == "texte" or c.chemin[-1] == "ref":
            return f"{ici}, {le(nom)} {q(str(c.ancien))} est ainsi rédigé : {q(str(c.nouveau))}."
        texte = self._texte_element(c.nouveau if c.nature != "suppression" else c.ancien)
        if c.nature == "ajout":
            liste = getattr(axe, colonne, ())
            codes = [getattr(x, "code", None) for x in self._axe_nouveau(axe, colonne)]
            a_la_fin = not c.apres or c.apres == f"code:{codes[-2]}" if len(codes) > 1 else True
            if a_la_fin:
                return f"{ici} est complétée par {un} ainsi rédigé : {q(texte)}."
            precedent = self._texte_element(next((x.model_dump() for x in liste if f"code:{x.code}" == c.apres), ""))
            return f"{ici}, après {le(nom)} {q(precedent)}, il est inséré {un} ainsi rédigé : {q(texte)}."
        if c.nature == "suppression":
            return f"{ici}, {le(nom)} {q(texte)} est supprimé."
        apres = self._texte_element(self._trouver(axe, colonne, c.apres)) if c.apres else None
        ou = f"après {le(nom)} {q(apres)}" if apres else "en premier"
        return f"{ici}, {le(nom)} {q(texte)} est placé {ou}."

    def _axe_nouveau(self, axe: Any, colonne: str) -> tuple[Any, ...]:
        for e in self.nouveau.enjeux:
            for a in e.axes:
                if a.code == axe.code:
                    return getattr(a, colonne)
        return ()

    def _trouver(self, axe: Any, colonne: str, cle: str | None) -> Any:
        for x in self._axe_nouveau(axe, colonne):
            if f"code:{getattr(x, 'code', '')}" == cle:
                return x.model_dump()
        return ""

    def _comparaison_element(self, c: Changement, n_enjeu: int, axe: Any, colonne: str) -> list[tuple[str, str, str]]:
        place = f"Enjeu {n_enjeu + 1}, {axe.titre}, {colonne}"
        if c.chemin[-1] == "texte":
            return [(place, str(c.ancien), str(c.nouveau))]
        if c.nature == "ajout":
            return [(place, "", self._texte_element(c.nouveau))]
        if c.nature == "suppression":
            return [(place, self._texte_element(c.ancien), "")]
        return []

    def _phrase_axe(self, c: Changement, lieu: str, axe: Any, enjeu: Any) -> str:
        if c.nature == "suppression":
            return f"{lieu}, dans le tableau, la ligne {q(axe.titre)} est supprimée."
        if c.nature == "ajout":
            return (f"{lieu}, le tableau est complété par une ligne {q(axe.titre)} ainsi rédigée : "
                    f"{self._description_axe(c.nouveau)}.")
        suivants = [a for a in self._enjeu_nouveau(enjeu).axes]
        codes = [a.code for a in suivants]
        position = codes.index(axe.code)
        if position + 1 < len(suivants):
            return f"{lieu}, dans le tableau, la ligne {q(axe.titre)} est placée avant la ligne {q(suivants[position + 1].titre)}."
        return f"{lieu}, dans le tableau, la ligne {q(axe.titre)} est placée après la ligne {q(suivants[position - 1].titre)}."

    def _enjeu_nouveau(self, enjeu: Any) -> Any:
        return next(e for e in self.nouveau.enjeux if e.code == enjeu.code)

    def _description_axe(self, axe: dict[str, Any]) -> str:
        colonnes = self.nouveau.colonnes_enjeux
        morceaux = []
        for champ in ("objectifs", "partenaires", "leviers", "criteres_evaluation"):
            textes = "» ; « ".join(self._texte_element(x) for x in axe.get(champ, []))
            morceaux.append(f"{getattr(colonnes, champ)} : « {textes} »")
        return ", ".join(morceaux)

    def _phrase_enjeu(self, c: Changement, enjeu: Any, n: int) -> str:
        if c.nature == "suppression":
            return f"Au chapitre IV, l'enjeu {n + 1} {q(enjeu.titre)} et son tableau sont supprimés."
        if c.nature == "ajout":
            return f"Au chapitre IV, il est inséré un enjeu {q(enjeu.titre)} et son tableau, joints au présent avenant."
        return f"Au chapitre IV, l'enjeu {q(enjeu.titre)} est placé en position {n + 1}."

    # --- prose -------------------------------------------------------------------------

    def _prose(self, c: Changement) -> list[Article]:
        code = _code(c.chemin[1])
        n = next(i for i, ch in enumerate(self.ancien.chapitres) if ch.code == code)
        chapitre = self.ancien.chapitres[n]
        numero = numeros_chapitres(self.ancien)[n]
        lieu = f"Au chapitre {intitule_chapitre(numero, chapitre.titre)}"
        articles = []
        for nature, i, j, vieux, neuf in c.alineas:
            if nature == "modification":
                texte = f"{lieu}, le {ordinal(i - 1)} alinéa est ainsi rédigé : {q(neuf)}."
            elif nature == "suppression":
                texte = f"{lieu}, le {ordinal(i - 1)} alinéa est supprimé."
            elif i == 0:
                texte = f"{lieu}, avant le premier alinéa, il est inséré un alinéa ainsi rédigé : {q(neuf)}."
            elif j == len([u for u in unites_nouvelles(c) if u[0] == "alinea"]):
                texte = f"{lieu}, le texte est complété par un alinéa ainsi rédigé : {q(neuf)}."
            else:
                texte = f"{lieu}, après le {ordinal(i - 1)} alinéa, il est inséré un alinéa ainsi rédigé : {q(neuf)}."
            place = f"Chapitre {romain(numero) if numero else chapitre.titre}, {ordinal(max(i, j) - 1)} alinéa"
            articles.append(Article([texte], ordre=(n, i), comparaison=[(place, vieux, neuf)]))
        return articles

    # --- figures, documents, signatories -------------------------------------------------

    def _tableau(self, code: str, groupe: list[Changement]) -> Article:
        ordre, chapitre = self._chapitre_de("chiffres_cles")
        tableaux = {t.code: t for t in (self.nouveau.chiffres_cles.tableaux if self.nouveau.chiffres_cles else ())}
        anciens = {t.code: t for t in (self.ancien.chiffres_cles.tableaux if self.ancien.chiffres_cles else ())}
        tableau = tableaux.get(code)
        ancien = anciens.get(code)
        lieu = chapitre[0].upper() + chapitre[1:]
        if tableau is None:
            return Article([f"{lieu}, le tableau {q(ancien.titre)} est supprimé."], ordre=(ordre, 1))
        if ancien is None:
            return Article([f"{lieu}, il est inséré un tableau {q(tableau.titre)} ainsi rédigé :"], tableau=tableau,
                           ordre=(ordre, 1))
        valeurs = all(c.nature == "modification" and "valeurs" in c.chemin for c in groupe)
        if valeurs:
            phrases = [f"{lieu}, dans le tableau {q(ancien.titre)} :"]
            comparaison = []
            for c in groupe:
                ligne = next(l for l in ancien.lignes if f"code:{l.code}" == c.chemin[4])
                phrases.append(f"– à la ligne {q(ligne.libelle)}, colonne {q(_code(c.chemin[-1]))}, le nombre : "
                               f"{q(c.ancien['ecrit'])} est remplacé par le nombre : {q(c.nouveau['ecrit'])} ;")
                comparaison.append((f"{ancien.titre} – {ligne.libelle}", c.ancien["ecrit"], c.nouveau["ecrit"]))
            phrases[-1] = phrases[-1].rstrip(" ;") + "."
            return Article(phrases, ordre=(ordre, 1), comparaison=comparaison)
        comparaison = [(f"{ancien.titre} – {ligne.libelle}", _valeurs(ancien, ligne.code), _valeurs(tableau, ligne.code))
                       for ligne in tableau.lignes if _valeurs(ancien, ligne.code) != _valeurs(tableau, ligne.code)]
        return Article([f"{lieu}, le tableau {q(ancien.titre)} est ainsi rédigé :"], tableau=tableau, ordre=(ordre, 1),
                       comparaison=comparaison)

    def _document(self, liste: str, code: str, groupe: list[Changement]) -> Article:
        ordre, _ = self._chapitre_de(liste)
        anciens = {d.code: n for n, d in enumerate(getattr(self.ancien, liste), start=1)}
        nouveaux = {d.code: n for n, d in enumerate(getattr(self.nouveau, liste), start=1)}
        docs = {d.code: d for d in (*getattr(self.ancien, liste), *getattr(self.nouveau, liste))}
        doc = docs[code]
        nom = "l'annexe" if liste == "annexes" else "la contribution"
        designation = (lambda n: f"{nom} n° {n} {q(doc.titre)}") if liste == "annexes" else (lambda n: f"{nom} {q(doc.titre)}")
        racine = [c for c in groupe if len(c.chemin) == 2]
        if racine and racine[0].nature == "suppression":
            return Article([f"{designation(anciens[code])[0].upper()}{designation(anciens[code])[1:]} est supprimée."],
                           ordre=(ordre, nouveaux.get(code, 99)))
        if racine and racine[0].nature == "ajout":
            precedent = _code(racine[0].apres) if racine[0].apres else None
            if precedent and liste == "annexes":
                cible = f"Après l'annexe n° {anciens.get(precedent, '?')} {q(docs[precedent].titre)}, il est inséré"
            elif precedent:
                cible = f"Après la contribution {q(docs[precedent].titre)}, il est inséré"
            else:
                cible = "Il est inséré en tête"
            genre = "une annexe" if liste == "annexes" else "une contribution"
            return Article([f"{cible} {genre} intitulée {q(doc.titre)}, jointe au présent avenant."],
                           ordre=(ordre, nouveaux[code]))
        if racine and racine[0].nature == "deplacement":
            return Article([f"{designation(anciens[code])[0].upper()}{designation(anciens[code])[1:]} est placée en "
                            f"position {nouveaux[code]}."], ordre=(ordre, nouveaux[code]))
        return Article([f"{designation(anciens[code])[0].upper()}{designation(anciens[code])[1:]} est remplacée "
                        "par le document joint au présent avenant."], ordre=(ordre, nouveaux[code]))

    def _signataire(self, c: Changement) -> Article:
        code = _code(c.chemin[1])
        s = next(x for x in (*self.nouveau.signataires, *self.ancien.signataires) if x.code == code)
        orgs = {o.code: o for o in (*self.ancien.organisations, *self.nouveau.organisations)}
        org = orgs[s.organisation]
        qui = f"{org.nom or org.libelle}, représentée par {s.qualite[0].lower() + s.qualite[1:]}"
        if s.nom:
            qui += f", {s.nom}"
        if c.nature == "ajout" and len(c.chemin) == 2:
            return Article([f"La liste des signataires du contrat est complétée par : {qui}."], ordre=(200, 0))
        if c.nature == "suppression" and len(c.chemin) == 2:
            return Article([f"{org.nom or org.libelle} est retirée de la liste des signataires du contrat."], ordre=(200, 0))
        return Article([f"Dans la liste des signataires, la mention relative à {org.nom or org.libelle} est ainsi "
                        f"rédigée : {q(qui)}."], ordre=(200, 0))

    def _generique(self, c: Changement) -> Article:
        """Any other change, still stated at its place: nothing of the diff is silently left out."""
        from .diff import donnees
        from .rapport import lieu

        place = lieu(c.chemin, donnees(self.ancien), donnees(self.nouveau))
        if c.nature == "suppression":
            return Article([f"La mention {q(place)} est supprimée."], ordre=(0, 0),
                           comparaison=[(place, _plat(c.ancien), "")])
        if isinstance(c.ancien, dict) and "ecrit" in c.ancien and isinstance(c.nouveau, dict):
            texte = (f"À la mention {q(place)}, le nombre : {q(c.ancien['ecrit'])} est remplacé par le nombre : "
                     f"{q(c.nouveau['ecrit'])}.")
        else:
            texte = f"La mention {q(place)} est ainsi rédigée : {q(_plat(c.nouveau))}."
        return Article([texte], ordre=(0, 0), comparaison=[(place, _plat(c.ancien), _plat(c.nouveau))])


def _valeurs(tableau: TableauChiffres, code: str) -> str:
    """A line of a table of figures as « 2022 : 453 ; 2023 : 409 » (comparison table)."""
    ligne = next((l for l in tableau.lignes if l.code == code), None)
    if ligne is None:
        return ""
    libelles = {k.code: k.libelle for k in tableau.colonnes}
    return " ; ".join(f"{libelles.get(k, k)} : {v.ecrit}" for k, v in ligne.valeurs.items())


def unites_nouvelles(c: Changement) -> list[tuple[str, str]]:
    return unites(c.nouveau)


def _plat(valeur: Any) -> str:
    if valeur is None:
        return ""
    if isinstance(valeur, dict):
        return valeur.get("ecrit") or valeur.get("texte") or valeur.get("titre") or ", ".join(
            f"{k} : {_plat(v)}" for k, v in valeur.items() if v not in (None, [], ""))
    if isinstance(valeur, list):
        return " ; ".join(_plat(v) for v in valeur)
    return str(valeur)
