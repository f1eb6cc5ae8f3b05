"""The avenant's articles, drafted from the changes of the printed contract.

Conventions (design/AVENANTS.md, Guide de légistique): the point of impact first, from the
largest unit to the smallest, in printed terms (chapter numbers, headings, column headers);
« est ainsi rédigé » for a unit rewritten; « est complété par » for an addition at the end,
« il est inséré » elsewhere; « est supprimé »; a move is said as a move, naming where the unit
was; the same words replaced everywhere make one article. New text is quoted in the article
itself, tables and documents included. Each article carries the operations it states, so
that applying them to the signed text can be checked against the consolidated text.
"""

from __future__ import annotations

import copy
import difflib
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from contrat.amendements.ecart import Ecart, Place, comparer, descendants
from contrat.amendements.operations import (
    ErreurApplication,
    Operation,
    appliquer,
    appliquer_dans_l_ordre,
    empreinte_imprimee,
    motif_mots,
    remplacer_mots,
)
from contrat.impression.arbre import SEQUENCES, TABLEAUX, Genre, Noeud, Role, lignes, parcourir
from contrat.impression.francais import (
    accord,
    au,
    denombrer,
    du,
    enumeration,
    le,
    le_nombre_ou_le_mot,
    majuscule,
    mots,
    ordinal,
    phrase,
    q,
    un,
)
from contrat.impression.unites import DOCUMENT_PDF, TITRE_ADHESIONS, court


@dataclass
class Article:
    """One article: its paragraphs, the units it quotes in full, what it does, how it compares."""

    alineas: list[str]
    citations: list[Noeud] = field(default_factory=list)
    """Units quoted in full after the text (a new enjeu and its table, a rewritten row...)."""
    operations: list[Operation] = field(default_factory=list)
    comparaison: list[tuple[str, str, str]] = field(default_factory=list)
    """(place, rédaction en vigueur, rédaction modifiée) for the tableau comparatif."""
    rang: tuple[float, ...] = ()


# --- places --------------------------------------------------------------------------------


def _designation(n: Noeud) -> tuple[str, bool]:
    """How a unit is named in a sentence: its printed place name, or its kind and text."""
    if n.nom:
        return n.nom, n.feminin
    nom, feminin = (n.proprietes.nom, n.proprietes.feminin)
    return (f"{nom} {q(n.ligne)}" if n.ligne else nom), feminin


def _lieu(ancetres: tuple[Noeud, ...]) -> str:
    """« Au chapitre IV « … », à l'enjeu 3 « … », dans le tableau, à la ligne « … » »."""
    morceaux = []
    for n in ancetres[1:]:
        if not n.nom:
            continue
        if n.proprietes.dans or n.genre == Genre.CELLULE or n.nom.startswith("colonne"):
            morceaux.append(f"dans {le(n.nom, n.feminin)}")
        else:
            morceaux.append(au(n.nom, n.feminin))
    return ", ".join(morceaux)


def _place_courte(ancetres: tuple[Noeud, ...], n: Noeud | None = None) -> str:
    """For the tableau comparatif: « Chapitre IV « … », enjeu 3 « … », ligne « … » »; an alinéa by
    its rank, a long unit by the start of its text."""
    noms = [x.nom for x in ancetres[1:] if x.nom]
    if n is not None:
        if n.genre == Genre.ALINEA and ancetres:
            noms.append(f"{ordinal(_rang_alinea(ancetres, n))} alinéa")
        elif n.nom:
            noms.append(n.nom)
        else:
            nom, _ = (n.proprietes.nom, n.proprietes.feminin)
            noms.append(f"{nom} {q(court(n.ligne, 60))}" if n.ligne else nom)
    return majuscule(", ".join(noms)) or "Contrat"


def _ouverture(lieu: str, suite: str) -> str:
    return majuscule(f"{lieu}, {suite}" if lieu else suite)


def _partie(ancetres: tuple[Noeud, ...]) -> Noeud:
    """The printed part alinéas are counted in: the nearest named place (chapter, annex, cell...)."""
    return next((n for n in reversed(ancetres) if n.nom), ancetres[0])


def alineas_de(partie: Noeud) -> list[Noeud]:
    """The alinéas of a part in order, through its unnamed containers (its blocks of text),
    not those of the named places it holds (a table's cells, a letter)."""
    resultat: list[Noeud] = []
    for x in partie.enfants:
        if x.genre == Genre.ALINEA:
            resultat.append(x)
        elif not x.nom:
            resultat.extend(alineas_de(x))
    return resultat


def _rang_alinea(ancetres: tuple[Noeud, ...], n: Noeud) -> int:
    """Rank (from 0) of an alinéa in its part, as the signed text counts them."""
    return next((k for k, x in enumerate(alineas_de(_partie(ancetres))) if x is n), 0)


def _unite(place: Place) -> tuple[str, bool]:
    """An alinéa by its rank in the signed text; any other unit by its printed name."""
    n = place.noeud
    if n.genre == Genre.ALINEA:
        return f"{ordinal(_rang_alinea(place.ancetres, n))} alinéa", False
    return _designation(n)


def texte_plat(n: Noeud) -> str:
    return " / ".join(lignes(n)) or (DOCUMENT_PDF if n.empreinte else "")


# --- drafting ------------------------------------------------------------------------------


class Redaction:
    """Drafts the articles that take the printed ``avant`` to the printed ``apres``."""

    def __init__(self, avant: Noeud, apres: Noeud) -> None:
        self.avant, self.apres = avant, apres
        self.ecarts = comparer(avant, apres)

    def articles(self, remplacements_globaux: bool = True) -> list[Article]:
        """Grouped changes first (each drafter of ``REGROUPEMENTS`` takes the changes it states),
        then one article per remaining change, by its nature (``REDACTEURS``), then renumbering."""
        restants = list(self.ecarts)
        articles: list[Article] = []
        for regroupement in REGROUPEMENTS[0 if remplacements_globaux else 1:]:
            articles += regroupement(self, restants)
        numerotation = [x for x in restants if x.nature == "numerotation"]
        for ecart in restants:
            if ecart.nature != "numerotation":
                articles.append(REDACTEURS[ecart.nature](self, ecart))
        # At one place, a move comes first: the articles that follow name the unit as it then reads
        # (a row moved and rewritten is named by its signed title when it is moved).
        articles.sort(key=lambda a: (a.rang, not a.operations or any(op.type != "deplacer" for op in a.operations)))
        articles = _avant_les_suppressions(articles)
        if numerotation:
            articles.append(self._numerotation(numerotation))
        for a in articles:
            a.alineas = [phrase(x) for x in a.alineas]
        return articles

    def articles_verifies(self) -> list[Article]:
        """The articles, checked: applied to the signed text they give the consolidated text, and
        read in order as printed, none targets a unit an earlier one removed or renamed."""
        raison = "ils ne redonnent pas le texte consolidé à partir du texte signé"
        for globaux in (True, False):
            articles = self.articles(globaux)
            try:
                verifier_articles(self.avant, self.apres, articles)
            except ErreurApplication as exc:
                raison = str(exc)
                continue
            return articles
        raise ErreurRedaction(f"les articles rédigés se contredisent ou sont incomplets : {raison}")

    def _signes(self, ancetres: tuple[Noeud, ...], rang: tuple[float, ...] | None = None) -> tuple[Noeud, ...]:
        """Amended places named as the signed text names them (the reader holds the signed
        contract: its titles and numbers), where they already exist; with ``rang``, the rank of
        the article that names them, by the title an earlier article gave them (``_lus``)."""
        resultat: list[Noeud] = []
        signe: Noeud | None = self.avant
        for n in ancetres:
            if resultat:
                signe = signe.enfant(n.cle) if signe is not None else None
            resultat.append(signe if signe is not None and signe.genre == n.genre else n)
        return tuple(resultat) if rang is None else self._lus(tuple(resultat), rang)

    @functools.cached_property
    def _places_renommees(self) -> dict[int, tuple[tuple[float, ...], Noeud]]:
        """Places (a chapter, an enjeu, a row...) whose title an article rewrites: for each signed
        unit, that article's rank and the unit named by its new title (same number, same content)."""
        resultat = {}
        for x in self.ecarts:
            a = x.place_avant.noeud if x.avant is not None else None
            if x.nature != "modification" or a is None or not a.enfants or not a.nom.endswith(q(a.texte)):
                continue
            lu = copy.copy(a)
            lu.texte = x.place_apres.noeud.texte
            lu.nom = a.nom[:len(a.nom) - len(q(a.texte))] + q(lu.texte)
            resultat[id(a)] = (x.rang, lu)
        return resultat

    def _lus(self, ancetres: tuple[Noeud, ...], rang: tuple[float, ...]) -> tuple[Noeud, ...]:
        """Signed places as an article of rank ``rang`` reads them: by the new title of those an
        earlier article renamed (« L'intitulé du chapitre V « Evaluation » est ainsi rédigé :
        « Évaluation et observation » », then « Au chapitre V « Évaluation et observation », … »)."""
        renommees = self._places_renommees
        return tuple(renommees[id(n)][1] if id(n) in renommees and renommees[id(n)][0] < rang else n
                     for n in ancetres)

    # --- grouped changes -------------------------------------------------------------------

    def _remplacements(self, restants: list[Ecart]) -> list[Article]:
        """The same words replaced in several places make one article for the whole contract; its
        row of the tableau comparatif lists every place where the words print."""
        groupes: dict[tuple[str, str], list[Ecart]] = {}
        for x in restants:
            if x.nature == "modification" and not x.noeud.empreinte:
                avant, apres = x.place_avant.noeud.texte, x.place_apres.noeud.texte
                # One run of words replaced, or the whole unit reworded the same way in several places.
                for paire in {_mots_remplaces(avant, apres), _textes_remplaces(avant, apres)}:
                    if paire is not None:
                        groupes.setdefault(paire, []).append(x)
        articles = []
        pris: set[int] = set()
        for (ancien, nouveau), groupe in sorted(groupes.items(), key=lambda g: -len(g[1])):
            groupe = [x for x in groupe if id(x) not in pris]
            if len(groupe) < 2:
                continue
            pris.update(id(x) for x in groupe)
            for x in groupe:
                restants.remove(x)
            motif = motif_mots(ancien)
            lieux = [p for p in descendants(Place(self.avant, ())) if motif.search(p.noeud.texte)]
            (sujet, pluriel_), (complement, _) = mots(ancien), mots(nouveau)
            articles.append(Article(
                [f"Dans l'ensemble du contrat, {sujet} : {q(ancien)} {'sont remplacés' if pluriel_ else 'est remplacé'} "
                 f"par {complement} : {q(nouveau)}."],
                operations=[Operation("remplacer_mots", texte=nouveau, ancien=ancien)],
                comparaison=[(_place_courte(p.ancetres, p.noeud), p.noeud.ligne,
                              remplacer_mots(motif, nouveau, p.noeud.ligne)) for p in lieux],
                rang=(-1,)))
        return articles + self._renommes(restants, articles)

    def _renommes(self, restants: list[Ecart], globaux: list[Article]) -> list[Article]:
        """A unit whose identity is the words an article for the whole contract replaces (a row of
        the list of acronyms, keyed by its acronym) is removed and added in the diff; read after
        that article, it is the same unit renamed. The renaming belongs to that article; what
        else changes in the unit (its definition, its place) is stated by an article that names it
        by its new words, never by the old ones nor as a second unit."""
        remplacements = [(motif_mots(op.ancien), op.texte) for a in globaux for op in a.operations]
        if not remplacements:
            return []

        def renomme(texte: str) -> str:
            for motif, nouveau in remplacements:
                texte = remplacer_mots(motif, nouveau, texte)
            return texte

        ajouts = {(x.place_apres.chemin[:-1], x.noeud.genre, x.noeud.texte): x for x in restants
                  if x.nature == "ajout" and x.noeud.texte}
        articles = []
        for x in [x for x in restants if x.nature == "suppression" and x.noeud.nom]:
            n = x.place_avant.noeud
            y = ajouts.get((x.place_avant.chemin[:-1], n.genre, renomme(n.texte)))
            if y is None or renomme(n.texte) == n.texte:
                continue
            restants.remove(x)
            restants.remove(y)
            renomme_ = n.copie()
            for z in parcourir(renomme_):
                z.texte, z.nom = renomme(z.texte), renomme(z.nom)
            renomme_.cle = y.noeud.cle
            global_ = next(a for a in globaux if motif_mots(a.operations[0].ancien).search(n.texte))
            global_.operations.append(Operation("remplacer", cible=x.place_avant.chemin, noeud=renomme_))
            article = self._renomme(x, y, renomme_)
            if article is not None:
                articles.append(article)
        return articles

    def _renomme(self, x: Ecart, y: Ecart, renomme: Noeud) -> Article | None:
        """What changes in a renamed unit besides its words, named by its new words: its place
        (« est placée après … »), its content (« est ainsi rédigée : »); None when nothing else."""
        nouveau = y.place_apres.noeud
        freres = x.place_avant.parent.enfants
        rang = next(i for i, z in enumerate(freres) if z is x.place_avant.noeud)
        deplace = (freres[rang - 1].cle if rang else None) != y.precedent
        reecrit = empreinte_imprimee(renomme) != empreinte_imprimee(nouveau)
        if not deplace and not reecrit:
            return None
        nom, feminin = _designation(nouveau)
        suites = []
        ops = []
        if deplace:
            suites.append(f"est placé{accord(feminin)} {self._position_precise(y.place_apres, y.precedent)}")
            ops.append(Operation("deplacer", cible=x.place_avant.chemin, parent=y.place_apres.chemin[:-1],
                                 precedent=y.precedent, nomme=nouveau.texte))
        if reecrit:
            suites.append(f"{'est ' if not deplace else ''}ainsi rédigé{accord(feminin)} :")
            ops.insert(0, Operation("remplacer", cible=x.place_avant.chemin, noeud=nouveau, nomme=nouveau.texte))
        texte = _ouverture(_lieu(self._signes(y.place_apres.ancetres, y.rang)), f"{le(nom, feminin)} {' et '.join(suites)}")
        return Article([texte if reecrit else texte + "."], citations=[_citation(y.place_apres)] if reecrit else [],
                       operations=ops, rang=y.rang,
                       comparaison=[(_place_courte(y.place_apres.ancetres, nouveau), texte_plat(renomme),
                                     texte_plat(nouveau))])

    @functools.cached_property
    def _communes(self) -> list[tuple[Place, Place]]:
        """Units present in both versions (same key path and kind), in document order."""
        apres = {p.chemin: p for p in descendants(Place(self.apres, ()))}
        return [(p, apres[p.chemin]) for p in descendants(Place(self.avant, ()))
                if p.chemin in apres and p.noeud.genre == apres[p.chemin].noeud.genre]

    def _paires(self, garder: Callable[[Noeud, Noeud], bool]) -> list[tuple[Place, Place]]:
        """Units present in both versions that ``garder`` selects, outermost first."""
        return [(a, b) for a, b in self._communes if garder(a.noeud, b.noeud)]

    def _reecritures(self, restants: list[Ecart], garder: Callable[[Noeud, Noeud], bool]) -> list[Article]:
        """Units rewritten whole: every change whose new state is inside the unit is stated by
        quoting the unit. A unit that came in from elsewhere is, at its old place, removed; one that
        left keeps its own article; the unit's own move is stated apart (it is rewritten in place)."""
        articles = []
        for place_a, place_b in self._paires(garder):
            dedans, venus = [], []
            for y in restants:
                propre = y.nature == "deplacement" and y.avant is not None and y.place_avant.noeud is place_a.noeud
                if propre or not (y.apres is not None and _dans(y.place_apres, place_b) or
                                  y.apres is None and _dans(y.place_avant, place_a)):
                    continue
                dedans.append(y)
                if y.nature == "deplacement" and not _dans(y.place_avant, place_a):
                    venus.append(Ecart("suppression", y.place_avant, None, rang=y.rang))
            if not dedans:
                continue
            for y in dedans:
                restants.remove(y)
            restants.extend(venus)
            articles.append(self._reecrire(place_a, place_b, min(y.rang for y in dedans)))
        return articles

    def _tableaux_reecrits(self, restants: list[Ecart]) -> list[Article]:
        """A table whose columns change is rewritten whole (its rows cannot be read otherwise)."""
        return self._reecritures(restants, lambda a, b: a.genre in TABLEAUX and _colonnes(a) != _colonnes(b))

    def _documents_reecrits(self, restants: list[Ecart]) -> list[Article]:
        """An annex or contribution that becomes a PDF (or stops being one) is replaced whole."""
        return self._reecritures(restants, lambda a, b: a.genre in (Genre.ANNEXE, Genre.CONTRIBUTION)
                                 and _est_pdf(a) != _est_pdf(b))

    def _lignes_reecrites(self, restants: list[Ecart]) -> list[Article]:
        """Any change in a row of a table of figures (or of text) rewrites the row: its derived
        values change with it, and the reader sees the whole row as it now prints."""
        return self._reecritures(restants, lambda a, b: a.genre == Genre.LIGNE and _ligne_simple(a)
                                 and a.contenu() != b.contenu())

    def _reecrire(self, avant: Place, apres: Place, rang: tuple[float, ...]) -> Article:
        nom, feminin = _designation(avant.noeud)
        if _est_pdf(apres.noeud):
            # The new version is a PDF: it is joined, not quoted (its title, if new, is quoted).
            titre = f", intitulé{accord(feminin)} {q(apres.noeud.ligne)}," if apres.noeud.texte != avant.noeud.texte else ""
            texte = f"{le(nom, feminin)} est remplacé{accord(feminin)} par le document{titre} joint au présent avenant."
            citations = []
        else:
            texte = f"{le(nom, feminin)} est ainsi rédigé{accord(feminin)} :"
            citations = [_citation(apres)]
        return Article([_ouverture(_lieu(self._lus(avant.ancetres, rang)), texte)], citations=citations,
                       operations=[Operation("remplacer", cible=avant.chemin, noeud=apres.noeud)],
                       comparaison=[(_place_courte(avant.ancetres, avant.noeud), texte_plat(avant.noeud),
                                     texte_plat(apres.noeud))], rang=rang)

    def _reprises(self, restants: list[Ecart]) -> list[Article]:
        """Units moved from one place to another together (the objectives of a removed axis
        taken over by another) make one article."""
        groupes: dict[tuple[tuple[str, ...], tuple[str, ...]], list[Ecart]] = {}
        for x in restants:
            if x.nature == "deplacement" and x.place_avant.chemin[:-1] != x.place_apres.chemin[:-1]:
                groupes.setdefault((x.place_avant.chemin[:-1], x.place_apres.chemin[:-1]), []).append(x)
        articles = []
        for groupe in groupes.values():
            # Only units that now follow one another: the article says where the first goes.
            suites: list[list[Ecart]] = []
            for x in groupe:
                if suites and x.precedent == suites[-1][-1].noeud.cle:
                    suites[-1].append(x)
                else:
                    suites.append([x])
            for suite in (s for s in suites if len(s) > 1):
                for x in suite:
                    restants.remove(x)
                articles.append(self._deplacement_groupe(suite))
        return articles

    def _suppressions_groupees(self, restants: list[Ecart]) -> list[Article]:
        """Several units of one kind removed from one place (rows of the list of acronyms no longer
        used, items of a cell) make one article."""
        groupes: dict[tuple[tuple[str, ...], str], list[Ecart]] = {}
        for x in restants:
            if x.nature == "suppression" and x.place_avant.parent.genre not in SEQUENCES:
                groupes.setdefault((x.place_avant.chemin[:-1], x.noeud.genre), []).append(x)
        articles = []
        for groupe in (g for g in groupes.values() if len(g) > 1):
            for x in groupe:
                restants.remove(x)
            premier = groupe[0]
            nom, feminin = (premier.noeud.proprietes.nom, premier.noeud.proprietes.feminin)
            quoi = enumeration([q(x.noeud.ligne) for x in groupe])
            texte = _ouverture(_lieu(self._lus(premier.place_avant.ancetres, premier.rang)),
                               f"les {nom}s {quoi} sont supprimé{accord(feminin, True)}.")
            articles.append(Article([texte], operations=[Operation("supprimer", cible=x.place_avant.chemin) for x in groupe],
                                    comparaison=[(_place_courte(x.place_avant.ancetres, x.noeud), texte_plat(x.noeud), "")
                                                 for x in groupe], rang=premier.rang))
        return articles

    def _adhesions(self, restants: list[Ecart]) -> list[Article]:
        """A new party: the clause by which it becomes a party and adheres to the contract, then,
        as its consequence, the list of the parties that joined by avenant (printed after the
        signature page) inserted or completed."""
        articles = []
        for x in [x for x in restants if x.nature == "ajout"]:
            n = x.place_apres.noeud
            if n.genre == Genre.LISTE and n.texte == TITRE_ADHESIONS:
                parties = [e.texte for e in n.enfants]
            elif n.genre == Genre.ENTREE and x.place_apres.parent.texte == TITRE_ADHESIONS:
                parties = [n.texte]
            else:
                continue
            restants.remove(x)
            article = self._ajout(x)
            plusieurs = len(parties) > 1
            clause = (f"{enumeration(parties)} {'deviennent parties' if plusieurs else 'devient partie'} au contrat et "
                      f"y {'adhèrent' if plusieurs else 'adhère'} ; les stipulations du contrat, dans sa rédaction issue du "
                      f"présent avenant, {'leur' if plusieurs else 'lui'} sont applicables à compter de l'entrée en "
                      "vigueur du présent avenant.")
            consequence = article.alineas[0]
            article.alineas = [clause, f"En conséquence, {consequence[:1].lower()}{consequence[1:]}", *article.alineas[1:]]
            articles.append(article)
        return articles

    def _insertions_de_prose(self, restants: list[Ecart]) -> list[Article]:
        """Consecutive alinéas inserted at one place make one article."""
        articles = []
        suites: list[list[Ecart]] = []
        for x in restants:
            if x.nature == "ajout" and x.place_apres.parent.genre in SEQUENCES and x.noeud.genre in (Genre.ALINEA, Genre.INTERTITRE):
                if suites and suites[-1][-1].place_apres.noeud.cle == x.precedent and \
                        suites[-1][-1].place_apres.chemin[:-1] == x.place_apres.chemin[:-1]:
                    suites[-1].append(x)
                else:
                    suites.append([x])
        for suite in suites:
            for x in suite:
                restants.remove(x)
            articles.append(self._inserer_prose(suite))
        return articles

    # --- one change ----------------------------------------------------------------------------

    def _modification(self, x: Ecart) -> Article:
        avant, apres = x.place_avant.noeud, x.place_apres.noeud
        lieu = _lieu(self._lus(x.place_avant.ancetres, x.rang))
        if x.place_avant.chemin[:-1] != x.place_apres.chemin[:-1]:
            # The unit (or a place holding it) was moved by an earlier article: named where it now is.
            lieu = _lieu(self._signes(x.place_apres.ancetres, x.rang))
        op = Operation("modifier", cible=x.place_avant.chemin, texte=apres.texte, empreinte=apres.empreinte)
        place = _place_courte(x.place_avant.ancetres, avant)
        if avant.empreinte or apres.empreinte:
            document = _designation(x.place_avant.ancetres[-1])
            return Article([majuscule(f"{le(*document)} est remplacé{accord(document[1])} par le document joint au "
                                      "présent avenant.")], operations=[op], rang=x.rang,
                           comparaison=[(majuscule(document[0]), f"{DOCUMENT_PDF} signé", f"{DOCUMENT_PDF} joint")])
        if avant.enfants or apres.enfants or avant.genre in (Genre.CHAPITRE, Genre.ENJEU, Genre.ANNEXE, Genre.CONTRIBUTION):
            nom, feminin = _designation(avant)
            texte = _ouverture(lieu, f"l'intitulé {du(nom, feminin)} est ainsi rédigé : {q(apres.texte)}.")
        else:
            nom, feminin = _unite(x.place_avant)
            remplace = _jeton_remplace(avant, apres) if avant.genre == Genre.ALINEA else None
            if remplace is not None:
                # One figure or word changed: the usual form replaces it, not the whole alinéa.
                ancien, nouveau = remplace
                texte = _ouverture(lieu, f"{au(nom, feminin)}, {le_nombre_ou_le_mot(ancien)} {q(ancien)} est remplacé "
                                         f"par {le_nombre_ou_le_mot(nouveau)} {q(nouveau)}.")
                return Article([texte], operations=[op], comparaison=[(place, avant.ligne, apres.ligne)], rang=x.rang)
            if _formate(apres):
                # Quoted below as it prints (its bold, its bullet), not in a sentence that has neither.
                texte = _ouverture(lieu, f"{le(nom, feminin)} est ainsi rédigé{accord(feminin)} :")
                return Article([texte], citations=[apres], operations=[op],
                               comparaison=[(place, avant.ligne, apres.ligne)], rang=x.rang)
            # Quoted as it prints, generated number included (« 1) Synthèse … »).
            texte = _ouverture(lieu, f"{le(nom, feminin)} est ainsi rédigé{accord(feminin)} : {q(apres.ligne)}.")
        return Article([texte], operations=[op], comparaison=[(place, avant.ligne, apres.ligne)], rang=x.rang)

    def _ajout(self, x: Ecart) -> Article:
        n = x.place_apres.noeud
        nom, feminin = (n.proprietes.nom, n.proprietes.feminin)
        ou = self._position(x.place_apres, x.precedent)
        op = Operation("inserer", parent=x.place_apres.chemin[:-1], precedent=x.precedent, noeud=n)
        comparaison = [(_place_courte(x.place_apres.ancetres, n), "", texte_plat(n))]
        if n.genre == Genre.TEXTE and not n.nom:
            # A block of text: its alinéas (and headings) are quoted one by one.
            unites = [y for y in n.enfants if y.ligne]
            sujet = _sujet_insere(unites)
            verbe = "il est inséré" if len(unites) == 1 else "sont insérés"
            ancetres = self._signes(x.place_apres.ancetres, x.rang)
            debut = (_ouverture(_lieu(ancetres), f"{ou}, {verbe} {sujet}") if ou else
                     _ouverture(_lieu(ancetres[:-1]), f"{le(*_designation(ancetres[-1]))} est complété"
                                f"{accord(ancetres[-1].feminin)} par {sujet}"))
            if any(_formate(y) for y in unites):
                return Article([debut], citations=unites, operations=[op], comparaison=comparaison, rang=x.rang)
            return Article([debut, *(q(y.ligne) for y in unites)], operations=[op], comparaison=comparaison,
                           rang=x.rang)
        if n.enfants or n.empreinte:
            joint = " et le document joint au présent avenant" if any(y.empreinte for y in parcourir(n)) else ""
            sujet = f"{un(nom, feminin)} ainsi rédigé{accord(feminin)}{joint} :"
            return Article([self._phrase_ajout(x, ou, sujet)], citations=[_citation(x.place_apres)],
                           operations=[op], comparaison=comparaison, rang=x.rang)
        if _formate(n):
            sujet = f"{un(nom, feminin)} ainsi rédigé{accord(feminin)} :"
            return Article([self._phrase_ajout(x, ou, sujet)], citations=[n], operations=[op], comparaison=comparaison,
                           rang=x.rang)
        sujet = f"{un(nom, feminin)} ainsi rédigé{accord(feminin)} : {q(n.ligne)}."
        return Article([self._phrase_ajout(x, ou, sujet)], operations=[op], comparaison=comparaison, rang=x.rang)

    def _phrase_ajout(self, x: Ecart, ou: str | None, sujet: str) -> str:
        ancetres = self._signes(x.place_apres.ancetres, x.rang)
        parent = ancetres[-1]
        nom_parent, fem_parent = _designation(parent)
        if ou is None:  # at the end of its place
            complete = f"{le(nom_parent, fem_parent)} est complété{accord(fem_parent)} par {sujet}"
            if not parent.nom:
                return _ouverture(_lieu(ancetres), f"il est ajouté, à la fin, {sujet}")
            return _ouverture(_lieu(ancetres[:-1]), complete)
        return _ouverture(_lieu(ancetres), f"{ou}, il est inséré {sujet}")

    def _position(self, place: Place, precedent: str | None) -> str | None:
        """« après la ligne « … » », « avant le premier alinéa », or None at the end of a named
        place (« … est complété par »). Neighbours are named as the signed text has them."""
        freres = place.parent.enfants
        rang = next(i for i, y in enumerate(freres) if y is place.noeud or y.cle == place.noeud.cle)
        if rang == len(freres) - 1 and rang > 0 and len(place.ancetres) > 1 and place.parent.nom:
            return None
        if precedent is None:
            for suivant in freres[rang + 1:]:
                nom_voisin = self._nom_dans_signe(place, suivant, signe_seulement=True, premier=True)
                if nom_voisin:
                    return f"avant {le(*nom_voisin)}"
            return "au début"
        precedent_nomme = self._nom_dans_signe(place, freres[rang - 1]) or _designation(freres[rang - 1])
        return f"après {le(*precedent_nomme)}"

    def _position_precise(self, place: Place, precedent: str | None) -> str:
        """« après la ligne « … » », « avant le premier alinéa », also for the last place (a move
        or a rename says where the unit goes, not only in which place)."""
        ou = self._position(place, precedent)
        if ou is not None:
            return ou
        freres = place.parent.enfants
        rang = next(i for i, y in enumerate(freres) if y is place.noeud or y.cle == place.noeud.cle)
        return f"après {le(*(self._nom_dans_signe(place, freres[rang - 1]) or _designation(freres[rang - 1])))}"

    def _nom_dans_signe(self, place: Place, frere: Noeud, signe_seulement: bool = False,
                        premier: bool = False) -> tuple[str, bool] | None:
        """A neighbour named as the signed text names it: an alinéa by its rank there, a block of
        text by its last alinéa (its first, for « avant »); a unit inserted by another article by
        its text."""
        ancetres = self._signes(place.ancetres)
        parent = ancetres[-1]
        ancien = parent.enfant(frere.cle) if parent.genre == place.parent.genre else None
        if ancien is None or ancien.genre != frere.genre:
            return None if signe_seulement else _designation(frere)
        if ancien.genre == Genre.ALINEA:
            return f"{ordinal(_rang_alinea(ancetres, ancien))} alinéa", False
        if not ancien.nom and alineas_de(ancien):
            voisin = alineas_de(ancien)[0 if premier else -1]
            return f"{ordinal(_rang_alinea(ancetres + (ancien,), voisin))} alinéa", False
        return _designation(ancien)

    def _inserer_prose(self, suite: list[Ecart]) -> Article:
        premier = suite[0]
        ou = self._position(premier.place_apres, premier.precedent)
        noeuds = [x.place_apres.noeud for x in suite]
        sujet = _sujet_insere(noeuds)
        ancetres = self._signes(premier.place_apres.ancetres, premier.rang)
        parent = ancetres[-1]
        lieu = _lieu(ancetres[:-1]) if parent.nom else ""
        if ou is None:
            debut = _ouverture(_lieu(ancetres), f"le texte est complété par {sujet}")
            if parent.nom:
                debut = _ouverture(lieu, f"{le(parent.nom, parent.feminin)} est complété{accord(parent.feminin)} par {sujet}")
        else:
            verbe = "il est inséré" if len(noeuds) == 1 else "sont insérés"
            debut = _ouverture(_lieu(ancetres), f"{ou}, {verbe} {sujet}")
        operations_ = [Operation("inserer", parent=x.place_apres.chemin[:-1], precedent=x.precedent, noeud=x.place_apres.noeud)
                       for x in suite]
        if any(_formate(n) for n in noeuds):
            # Quoted below as they print (bold, bullets), after the sentence that places them.
            return Article([debut], citations=noeuds, operations=operations_,
                           comparaison=[(_place_courte(premier.place_apres.ancetres[:-1] + self._signes(premier.place_apres.ancetres)[-1:], None), "",
                                         " / ".join(n.ligne for n in noeuds))], rang=premier.rang)
        return Article([debut, *(q(n.ligne) for n in noeuds)], operations=operations_,
                       comparaison=[(_place_courte(premier.place_apres.ancetres[:-1] + self._signes(premier.place_apres.ancetres)[-1:], None), "",
                                     " / ".join(n.ligne for n in noeuds))], rang=premier.rang)

    def _suppression(self, x: Ecart) -> Article:
        n = x.place_avant.noeud
        nom, feminin = _unite(x.place_avant)
        lieu = _lieu(self._lus(x.place_avant.ancetres, x.rang))
        texte = _ouverture(lieu, f"{le(nom, feminin)} est supprimé{accord(feminin)}.")
        if n.genre == Genre.ALINEA:
            texte = texte[:-1] + f" (« {n.texte} »)."
        elif n.genre == Genre.TEXTE and not n.nom:
            texte = _ouverture(lieu, self._alineas_supprimes(x.place_avant))
        return Article([texte], operations=[Operation("supprimer", cible=x.place_avant.chemin)],
                       comparaison=[(_place_courte(x.place_avant.ancetres, n), texte_plat(n), "")], rang=x.rang)

    def _alineas_supprimes(self, place: Place) -> str:
        """« les cinquième à neuvième alinéas et l'intertitre « … » sont supprimés »."""
        ancetres = place.ancetres + (place.noeud,)
        rangs = [_rang_alinea(ancetres, y) for y in alineas_de(place.noeud)]
        intertitres = [q(y.ligne) for y in place.noeud.enfants if y.genre == Genre.INTERTITRE]
        morceaux = []
        if len(rangs) == 1:
            morceaux.append(f"le {ordinal(rangs[0])} alinéa")
        elif rangs:
            morceaux.append(f"les {ordinal(rangs[0])} à {ordinal(rangs[-1])} alinéas")
        if intertitres:
            morceaux.append(("l'intertitre " if len(intertitres) == 1 else "les intertitres ") + enumeration(intertitres))
        pluriel = len(rangs) + len(intertitres) > 1
        return f"{' et '.join(morceaux)} {'sont supprimés' if pluriel else 'est supprimé'}."

    def _deplacement(self, x: Ecart) -> Article:
        return self._deplacement_groupe([x])

    def _deplacement_groupe(self, groupe: list[Ecart]) -> Article:
        premier = groupe[0]
        noeuds = [x.place_apres.noeud for x in groupe]
        meme_place = premier.place_avant.chemin[:-1] == premier.place_apres.chemin[:-1]
        if len(groupe) == 1:
            nom, feminin = _designation(premier.place_avant.noeud)
            sujet, participe = le(nom, feminin), accord(feminin)
        else:
            nom, feminin = (premier.noeud.proprietes.nom, premier.noeud.proprietes.feminin)
            sujet = f"les {nom}s " + enumeration([q(n.ligne) for n in noeuds])
            participe = accord(feminin, True)
        ou = self._position(premier.place_apres, premier.precedent)
        if meme_place:
            destination = ou or f"en dernière position {du(*_designation(premier.place_avant.parent))}"
            texte = _ouverture(_lieu(self._lus(premier.place_avant.ancetres, premier.rang)),
                               f"{sujet} est placé{participe} {destination}.")
        else:
            origine = _lieu(self._lus(premier.place_avant.ancetres, premier.rang))
            # The destination is named from where it parts from the origin (« à l'enjeu 2 », not
            # the chapter again).
            ancetres_b = self._signes(premier.place_apres.ancetres, premier.rang)
            commun = 0
            for x, y in zip(premier.place_avant.ancetres, ancetres_b):
                if (x.genre, x.cle) != (y.genre, y.cle):
                    break
                commun += 1
            lieu_b = _lieu(ancetres_b[:1] + ancetres_b[commun:]) or _lieu(ancetres_b)
            # Where in its new place, also at the end (the reader cannot guess it).
            fin = f", {self._position_precise(premier.place_apres, premier.precedent)}"
            verbe = "est placé" if len(groupe) == 1 else "sont placé"
            qui = "qui figurai" + ("t" if len(groupe) == 1 else "ent")
            texte = majuscule(f"{sujet}, {qui} {origine[0].lower() + origine[1:]}, {verbe}{participe} "
                              f"{lieu_b[0].lower() + lieu_b[1:]}{fin}.")
        ops = [Operation("deplacer", cible=x.place_avant.chemin, parent=x.place_apres.chemin[:-1], precedent=x.precedent)
               for x in groupe]
        # A move changes no words: the comparison shows where the unit stands, before and after.
        comparaison = [(majuscule(_designation(x.place_avant.noeud)[0]), _situation(x.place_avant), _situation(x.place_apres))
                       for x in groupe]
        return Article([texte], operations=ops, comparaison=comparaison, rang=premier.rang)

    def _numerotation(self, ecarts: list[Ecart]) -> Article:
        """Generated numbers follow insertions and removals: one article states every shift."""
        morceaux = []
        for x in ecarts:
            avant, apres = x.place_avant.noeud, x.place_apres.noeud
            morceaux.append(f"{q(avant.ligne)} devient {q(apres.ligne)}")
        texte = ("En conséquence, la numérotation du contrat est mise à jour : " + " ; ".join(morceaux) + ".")
        return Article([texte], operations=[Operation("renumeroter", cible=x.place_avant.chemin, texte=x.place_apres.noeud.numero)
                                            for x in ecarts],
                       comparaison=[(_place_courte(x.place_avant.ancetres), x.place_avant.noeud.ligne, x.place_apres.noeud.ligne)
                                    for x in ecarts], rang=(float("inf"),))


REGROUPEMENTS: tuple[Callable[[Redaction, list[Ecart]], list[Article]], ...] = (
    Redaction._remplacements,        # the same words replaced everywhere: one article (must stay first)
    Redaction._documents_reecrits,   # an annex turned into a PDF (or back): replaced whole
    Redaction._tableaux_reecrits,    # a table whose columns change: rewritten and quoted whole
    Redaction._lignes_reecrites,     # a row of figures or of text: rewritten and quoted with its headers
    Redaction._reprises,             # items moved together from one cell to another
    Redaction._suppressions_groupees,  # units of one kind removed from one place
    Redaction._insertions_de_prose,  # consecutive alinéas inserted at one place
    Redaction._adhesions,            # a new party: it adheres to the contract
)
"""Drafters of changes that go together, by kind of place, in the order they take their changes."""

REDACTEURS: dict[str, Callable[[Redaction, Ecart], Article]] = {
    "modification": Redaction._modification,
    "ajout": Redaction._ajout,
    "suppression": Redaction._suppression,
    "deplacement": Redaction._deplacement,
}
"""One drafter per kind of change; the place's kind (alinéa, row, cell item, table, document)
is read from the printed unit itself."""


class ErreurRedaction(Exception):
    """The drafted articles do not account for every change (a bug, never an input error)."""


def operations(articles: list[Article]) -> list[Operation]:
    return [op for a in articles for op in a.operations]


def verifier_articles(avant: Noeud, apres: Noeud, articles: list[Article]) -> None:
    """The closure check (``ErreurApplication`` when it fails): the articles' operations, applied
    to the signed text ``avant``, give the consolidated text ``apres``, both all at once and read
    one article after the other as printed (numbered from 2, after « Objet »), where an article
    must not target a unit an earlier article removed or renamed."""
    attendu = empreinte_imprimee(apres)
    if empreinte_imprimee(appliquer(avant, operations(articles))) != attendu:
        raise ErreurApplication("ils ne redonnent pas le texte consolidé à partir du texte signé")
    if empreinte_imprimee(appliquer_dans_l_ordre(avant, [a.operations for a in articles])) != attendu:
        raise ErreurApplication("lus dans l'ordre, ils ne redonnent pas le texte consolidé à partir du texte signé")


# --- helpers -------------------------------------------------------------------------------


_MOT = re.compile(r"\w+|\s+|[^\w\s]")


def _textes_remplaces(avant: str, apres: str) -> tuple[str, str] | None:
    """(old text, new text) of a unit reworded whole, when words (not only figures) change."""
    if avant and apres and re.search(r"[^\W\d_]", avant) and re.match(r"\w", avant) and re.search(r"\w$", avant):
        return avant, apres
    return None


def _mots_remplaces(avant: str, apres: str) -> tuple[str, str] | None:
    """(old words, new words) when one run of whole words was replaced, and words (not only
    figures) are involved; None otherwise."""
    a, b = _MOT.findall(avant), _MOT.findall(apres)
    ops = [o for o in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if o[0] != "equal"]
    if len(ops) != 1:
        return None
    _, i1, i2, j1, j2 = ops[0]
    if i1 == i2 or j1 == j2:
        # Words added or removed: quote them with the word before (or after) them.
        if i1 > 0 and j1 > 0:
            while i1 > 0 and not re.match(r"\w", a[i1 - 1]):
                i1, j1 = i1 - 1, j1 - 1
            i1, j1 = max(i1 - 1, 0), max(j1 - 1, 0)
        else:
            while i2 < len(a) and not re.match(r"\w", a[i2]):
                i2, j2 = i2 + 1, j2 + 1
            i2, j2 = min(i2 + 1, len(a)), min(j2 + 1, len(b))
    ancien, nouveau = "".join(a[i1:i2]).strip(), "".join(b[j1:j2]).strip()
    if not ancien or not nouveau or not re.search(r"[^\W\d_]", ancien + nouveau):
        return None
    if not (re.match(r"\w", ancien) and re.search(r"\w$", ancien)):
        return None
    return ancien, nouveau


_JETON = re.compile(r"\d+(?:[\u00a0\u202f ]\d{3})*(?:,\d+)?|[^\W\d_]+(?:-[^\W\d_]+)*|\s+|.")
"""A number as it prints (« 1 500 », « 56,3 »), a word (« sous-préfet »), a space, a sign."""


def _jeton_remplace(avant: Noeud, apres: Noeud) -> tuple[str, str] | None:
    """(old, new) when the only change of an alinéa is one number replaced by another, or one
    word by another, that occurs once in it (so « le chiffre « 4 » » designates it) and its
    formatting is kept; None otherwise."""
    if [(s.gras, s.italique, s.exposant, s.lien) for s in avant.segments] != \
            [(s.gras, s.italique, s.exposant, s.lien) for s in apres.segments] or avant.numero != apres.numero:
        return None
    a, b = _JETON.findall(avant.texte), _JETON.findall(apres.texte)
    ops = [o for o in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes() if o[0] != "equal"]
    if len(ops) != 1 or ops[0][0] != "replace" or ops[0][2] - ops[0][1] != 1 or ops[0][4] - ops[0][3] != 1:
        return None
    ancien, nouveau = a[ops[0][1]], b[ops[0][3]]
    if not (re.match(r"\w", ancien) and re.match(r"\w", nouveau)) or ancien[0].isdigit() != nouveau[0].isdigit():
        return None
    if len(motif_mots(ancien).findall(avant.texte)) != 1:
        return None
    return ancien, nouveau


def _avant_les_suppressions(articles: list[Article]) -> list[Article]:
    """An article that targets a unit inside one an earlier article removes (a mention moved out
    of a row that goes, then rewritten) is read just before that removal, in its own order: read
    after it, it would target a unit no longer there."""
    resultat: list[Article] = []
    for a in articles:
        cibles = [op.cible for op in a.operations if op.cible]
        k = next((i for i, b in enumerate(resultat) for op in b.operations if op.type == "supprimer"
                  and any(len(c) > len(op.cible) and c[:len(op.cible)] == op.cible for c in cibles)), None)
        resultat.insert(len(resultat) if k is None else k, a)
    return resultat


def _sujet_insere(unites: list[Noeud]) -> str:
    """« un intertitre et deux alinéas ainsi rédigés : », counted by kind in their order."""
    quoi, pluriel_ = denombrer([(n.proprietes.nom, n.proprietes.feminin) for n in unites])
    feminin = all(n.proprietes.feminin for n in unites)
    return f"{quoi} ainsi rédigé{accord(feminin, pluriel_)} :"


def _dans(place: Place, unite: Place) -> bool:
    """Is ``place`` the unit ``unite`` or inside it (same version of the contract)?"""
    return any(n is unite.noeud for n in place.ancetres + (place.noeud,))


def _situation(place: Place) -> str:
    """Where a unit stands: its place and its neighbour (« Enjeu 1 « … », tableau, après la ligne « … » »)."""
    freres = place.parent.enfants
    rang = next(i for i, y in enumerate(freres) if y.cle == place.noeud.cle)
    voisin = f"après {le(*_designation(freres[rang - 1]))}" if rang else "en tête"
    return f"{_place_courte(place.ancetres)}, {voisin}"


def _est_pdf(document: Noeud) -> bool:
    return any(x.genre == Genre.PDF for x in document.enfants)


def _colonnes(tableau: Noeud) -> list[str]:
    """The columns of a table, by identity (a reworded header keeps its column)."""
    entetes = tableau.enfant("entetes")
    if entetes:
        return [e.cle for e in entetes.enfants]
    # No header row printed (« entete: aucun »): the columns are those the rows' values are in.
    colonnes: list[str] = []
    for ligne in tableau.enfants:
        colonnes.extend(v.cle for v in ligne.enfants if v.genre == Genre.VALEUR and v.cle not in colonnes)
    return colonnes


def _ligne_simple(ligne: Noeud) -> bool:
    """A row of figures or of text (its cells hold values, not lists of items)."""
    return all(c.genre != Genre.CELLULE for c in ligne.enfants)


def _formate(n: Noeud) -> bool:
    """A unit of prose whose formatting a sentence cannot carry (bold, italics, superscripts,
    links, a bullet or a number): it is quoted on its own, as it prints."""
    return n.genre in (Genre.ALINEA, Genre.INTERTITRE) and (bool(n.segments) or n.role in (Role.PUCE, Role.NUMERO))


def _citation(place: Place) -> Noeud:
    """The unit to quote; a table row is quoted with its table's headers."""
    n = place.noeud
    if n.genre == Genre.LIGNE and place.parent.genre in TABLEAUX:
        return Noeud(place.parent.genre, place.parent.cle, "", entetes=place.parent.entetes,
                     disposition=place.parent.disposition, enfants=[n])
    return n
