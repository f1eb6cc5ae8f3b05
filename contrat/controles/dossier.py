"""From the raw tree to a validated Contrat: typing errors, then cross-reference rules.

Each rule is a small function yielding Probleme records; ``valider`` runs them only once
per-field typing has passed (MkDocs' post_validation), and reports everything at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from contrat.controles.lieux import decrire
from contrat.controles.traduction import message, plus_proche
from contrat.erreurs import ErreurSource, Probleme
from contrat.lecture.dossier import charger
from contrat.lecture.yaml_positions import Positions
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import Contrat, TableauChiffres
from contrat.modele.sigles import mots_capitales, sigles_utilises

Regle = Callable[[Contrat], Iterator[tuple[Chemin, str, str]]]


class Resultat:
    """A validated contract and the warnings found on the way."""

    def __init__(self, contrat: Contrat, avertissements: list[Probleme], fichiers: tuple[str, ...] = ()) -> None:
        self.contrat = contrat
        self.avertissements = avertissements
        self.fichiers = fichiers
        """The files the contract was read from (relative to the sources folder): what the PDF embeds."""


def valider_dossier(dossier: Path, strict: bool = False) -> Resultat:
    """Load and validate a sources folder. Raises ErreurSource listing every problem."""
    arbre, positions, problemes = charger(dossier)
    if problemes:
        raise ErreurSource(problemes)
    try:
        contrat = Contrat.model_validate(arbre)
    except ValidationError as exc:
        raise ErreurSource(_traduire(exc, arbre, positions)) from None
    constats = [_situer(chemin, texte, gravite, arbre, positions)
                for regle in REGLES for chemin, texte, gravite in regle(contrat)]
    erreurs = [p for p in constats if p.gravite == "erreur"]
    avertissements = [p for p in constats if p.gravite == "avertissement"]
    if erreurs or (strict and avertissements):
        raise ErreurSource(erreurs + avertissements)
    return Resultat(contrat, sorted(avertissements), tuple(sorted(positions.lus)))


def _situer(chemin: Chemin, texte: str, gravite: str, arbre: Any, positions: Positions) -> Probleme:
    fichier, ligne, colonne = positions.trouver(chemin)
    return Probleme(fichier, ligne, colonne, decrire(chemin, arbre), texte, gravite)


def _traduire(exc: ValidationError, arbre: Any, positions: Positions) -> list[Probleme]:
    problemes = []
    erreurs = exc.errors()
    # pydantic counts only the valid items: a list whose items failed is also reported "too short".
    en_cause = [tuple(e["loc"]) for e in erreurs]
    erreurs = [e for e in erreurs if not (e["type"] == "too_short" and any(
        len(l) > len(e["loc"]) and l[:len(e["loc"])] == tuple(e["loc"]) for l in en_cause))]
    for err in erreurs:
        # Drop pydantic's internal steps (function-before, tagged-union names...).
        chemin = tuple(c for c in err["loc"] if isinstance(c, int) or not _interne(c))
        cible = chemin + ("__cle__",) if err["type"] == "extra_forbidden" else chemin
        champs = _champs_connus(chemin[:-1], arbre) if err["type"] == "extra_forbidden" else None
        problemes.append(_situer(cible, message(err, champs), "erreur", arbre, positions))
    return sorted(set(problemes))


def _interne(c: str) -> bool:
    # Union members and validator wrappers appear in pydantic locations as "function-...[...]".
    return "[" in c


def _champs_connus(chemin: Chemin, arbre: Any) -> list[str]:
    """Field names allowed at ``chemin``, for the "did you mean" hint."""
    modele: Any = Contrat
    for cle in chemin:
        if isinstance(cle, int):
            continue
        champ = modele.model_fields.get(cle) if hasattr(modele, "model_fields") else None
        if champ is None:
            return []
        modele = _modele_interne(champ.annotation)
        if modele is None:
            return []
    return list(modele.model_fields) if hasattr(modele, "model_fields") else []


def _modele_interne(annotation: Any) -> Any:
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        trouve = _modele_interne(arg)
        if trouve is not None:
            return trouve
    return None


# --- rules ----------------------------------------------------------------------------


def regle_codes_uniques(c: Contrat) -> Iterator[tuple[Chemin, str, str]]:
    """Identifiers are unique in their list (axes: in the whole contract)."""
    listes: list[tuple[Chemin, list[str]]] = [
        (("organisations",), [o.code for o in c.organisations]),
        (("sigles",), [s.sigle for s in c.sigles]),
        (("sources_donnees",), [s.code for s in c.sources_donnees]),
        (("chapitres",), [ch.code for ch in c.chapitres]),
        (("signataires",), [s.code for s in c.signataires]),
        (("quartiers",), [q.code for q in c.quartiers]),
        (("objectifs_nationaux",), [o.code for o in c.objectifs_nationaux]),
        (("enjeux",), [e.code for e in c.enjeux]),
    ]
    for i, e in enumerate(c.enjeux):
        for j, a in enumerate(e.axes):
            for champ in ("objectifs", "leviers", "criteres_evaluation"):
                listes.append((("enjeux", i, "axes", j, champ), [x.code for x in getattr(a, champ)]))
    if c.chiffres_cles:
        listes.append((("chiffres_cles", "tableaux"), [t.code for t in c.chiffres_cles.tableaux]))
        for i, t in enumerate(c.chiffres_cles.tableaux):
            base = ("chiffres_cles", "tableaux", i)
            listes.append((base + ("lignes",), [l.code for l in t.lignes]))
            listes.append((base + ("colonnes",), [k.code for k in t.colonnes] + [k.code for k in t.calculs]))
    for chemin, codes in listes:
        yield from _doublons(chemin, codes)
    axes = [(i, j, a.code) for i, e in enumerate(c.enjeux) for j, a in enumerate(e.axes)]
    vus: dict[str, tuple[int, int]] = {}
    for i, j, code in axes:
        if code in vus:
            yield (("enjeux", i, "axes", j, "code"),
                   f"l'identifiant d'axe « {code} » est déjà utilisé (enjeu {vus[code][0] + 1})", "erreur")
        vus.setdefault(code, (i, j))


def _doublons(chemin: Chemin, codes: list[str]) -> Iterator[tuple[Chemin, str, str]]:
    premiers: dict[str, int] = {}
    for n, code in enumerate(codes):
        if code in premiers:
            champ = "sigle" if chemin == ("sigles",) else "code"
            yield (chemin + (n, champ),
                   f"l'identifiant « {code} » est déjà utilisé (élément n° {premiers[code] + 1})", "erreur")
        premiers.setdefault(code, n)


def regle_criteres_evaluation(c: Contrat) -> Iterator[tuple[Chemin, str, str]]:
    """Every axis has at least one evaluation criterion (the rule CI runs on pull requests)."""
    for i, e in enumerate(c.enjeux):
        for j, a in enumerate(e.axes):
            if not a.criteres_evaluation:
                yield (("enjeux", i, "axes", j, "criteres_evaluation"),
                       f"l'axe « {a.titre} » de l'enjeu {i + 1} n'a aucun critère d'évaluation : "
                       "chaque axe de travail doit en avoir au moins un", "erreur")


def regle_cellules_vides(c: Contrat) -> Iterator[tuple[Chemin, str, str]]:
    """No empty required cell in the enjeux tables."""
    noms = {"objectifs": "objectif général", "partenaires": "partenaire associé", "leviers": "levier"}
    for i, e in enumerate(c.enjeux):
        for j, a in enumerate(e.axes):
            for champ, nom in noms.items():
                if not getattr(a, champ):
                    yield (("enjeux", i, "axes", j, champ),
                           f"cellule vide : l'axe « {a.titre} » n'a aucun {nom}", "erreur")


def regle_references(c: Contrat) -> Iterator[tuple[Chemin, str, str]]:
    """Every referenced organisation, acronym and data source exists."""
    orgs = {o.code for o in c.organisations}
    sigles = {s.sigle for s in c.sigles}
    sources = {s.code for s in c.sources_donnees}
    for i, e in enumerate(c.enjeux):
        for j, a in enumerate(e.axes):
            for k, p in enumerate(a.partenaires):
                for ref in p.ref:
                    if ref not in orgs:
                        yield (("enjeux", i, "axes", j, "partenaires", k),
                               f"partenaire « {ref} » absent du registre des organisations "
                               f"(organisations.yaml){_suggestion(ref, orgs)}", "erreur")
    for n, o in enumerate(c.organisations):
        if o.sigle and o.sigle not in sigles:
            yield (("organisations", n, "sigle"), f"sigle « {o.sigle} » absent du registre des sigles (sigles.yaml)", "erreur")
    genres = {o.code: o.genre for o in c.organisations}
    for n, s in enumerate(c.signataires):
        if s.organisation not in orgs:
            yield (("signataires", n, "organisation"),
                   f"organisation « {s.organisation} » absente du registre{_suggestion(s.organisation, orgs)}", "erreur")
        elif genres[s.organisation] is None:
            yield (("signataires", n, "organisation"),
                   f"l'organisation « {s.organisation} » signe sans « genre » (f ou m) dans organisations.yaml : "
                   "les avenants écriront « représenté(e) par »", "avertissement")
    if c.territoire.epci not in orgs:
        yield (("territoire", "epci"), f"organisation « {c.territoire.epci} » absente du registre", "erreur")
    for n, q in enumerate(c.quartiers):
        if q.source not in sources:
            yield (("quartiers", n, "source"), f"source de données « {q.source} » inconnue", "erreur")
    for n, t in enumerate(c.chiffres_cles.tableaux if c.chiffres_cles else ()):
        if t.source and t.source not in sources:
            yield (("chiffres_cles", "tableaux", n, "source"), f"source de données « {t.source} » inconnue", "erreur")


def _suggestion(code: str, connus: set[str]) -> str:
    proche = plus_proche(code, sorted(connus))
    return f" (vouliez-vous « {proche} » ?)" if proche else ""


def regle_tableaux(c: Contrat) -> Iterator[tuple[Chemin, str, str]]:
    """Every line has a value for every column; computations and sums refer to real codes."""
    for n, t in enumerate(c.chiffres_cles.tableaux if c.chiffres_cles else ()):
        base = ("chiffres_cles", "tableaux", n)
        colonnes = {k.code for k in t.colonnes}
        for m, ligne in enumerate(t.lignes):
            # A list line only needs the values its wording uses.
            requises = colonnes if t.presentation == "tableau" else _champs_formulation(ligne.formulation, colonnes)
            for col in sorted(requises - set(ligne.valeurs)):
                yield (base + ("lignes", m, "valeurs"), f"cellule vide : pas de valeur pour la colonne « {col} »", "erreur")
            for col in sorted(set(ligne.valeurs) - colonnes):
                yield (base + ("lignes", m, "valeurs", col), f"colonne « {col} » inconnue du tableau", "erreur")
            if ligne.formulation:
                yield from _formulation(ligne.formulation, base + ("lignes", m, "formulation"))
        for m, calcul in enumerate(t.calculs):
            for extremite in (calcul.de, calcul.a):
                if extremite not in colonnes:
                    yield (base + ("calculs", m), f"colonne « {extremite} » inconnue du tableau", "erreur")
        yield from _sommes_100(t, base)


def _formulation(formulation: str, chemin: Chemin) -> Iterator[tuple[Chemin, str, str]]:
    """The wording of a list line is parsed now, as the build will print it: one line of inline
    Markdown (what check accepts, the build prints)."""
    from contrat.lecture.markdown import ErreurMarkdown, lire_markdown
    from contrat.modele.prose import Paragraphe

    texte = re.sub(r"\{(\w[\w-]*)\}", "0", formulation)
    try:
        prose = lire_markdown(texte, "formulation")
    except ErreurMarkdown as exc:
        for probleme in exc.problemes:
            yield (chemin, probleme.message, "erreur")
        return
    if len(prose.blocs) != 1 or not isinstance(prose.blocs[0], Paragraphe):
        yield (chemin, "une seule ligne de texte est attendue (ni titre, ni liste, ni citation)", "erreur")


def _champs_formulation(formulation: str | None, colonnes: set[str]) -> set[str]:
    if not formulation:
        return colonnes
    return {c for c in re.findall(r"\{(\w[\w-]*)\}", formulation) if c != "libelle"}


def _sommes_100(t: TableauChiffres, base: Chemin) -> Iterator[tuple[Chemin, str, str]]:
    """Shares that must add up to 100 %: reported, never fixed (the data is the user's)."""
    lignes = {l.code: l for l in t.lignes}
    for g, groupe in enumerate(t.sommes_100):
        inconnus = [code for code in groupe if code not in lignes]
        if inconnus:
            yield (base + ("sommes_100", g), f"ligne(s) inconnue(s) : {', '.join(inconnus)}", "erreur")
            continue
        for col in t.colonnes:
            total = sum((lignes[code].valeurs[col.code].valeur for code in groupe
                         if col.code in lignes[code].valeurs), Decimal(0))
            if total != 100:
                libelles = ", ".join(lignes[code].libelle for code in groupe)
                ecart = f"{total:f}".replace(".", ",")
                yield (base + ("sommes_100", g),
                       f"les parts ({libelles}) totalisent {ecart} % au lieu de 100 %", "avertissement")


def regle_dates(c: Contrat) -> Iterator[tuple[Chemin, str, str]]:
    """Dates are plausible for a 2024-2030 style contract."""
    p = c.periode
    if not 2000 <= p.debut < p.fin <= p.debut + 12:
        yield (("periode",), f"période {p.debut}-{p.fin} invraisemblable", "erreur")
    for n, phase in enumerate(p.phases):
        if not (p.debut <= phase.debut < phase.fin <= p.fin):
            yield (("periode", "phases", n), f"la phase {phase.debut}-{phase.fin} sort de la période {p.debut}-{p.fin}", "erreur")
    if p.phases and (p.phases[0].debut != p.debut or p.phases[-1].fin != p.fin):
        yield (("periode", "phases"), "les phases ne couvrent pas toute la période", "erreur")
    for n, t in enumerate(c.chiffres_cles.tableaux if c.chiffres_cles else ()):
        if t.annee is not None and not (p.debut - 20 <= t.annee <= p.fin):
            yield (("chiffres_cles", "tableaux", n, "annee"), f"année {t.annee} invraisemblable pour ce contrat", "erreur")
    if c.signature.date:
        try:
            jour = dt.date.fromisoformat(c.signature.date)
        except ValueError:
            yield (("signature", "date"), f"date « {c.signature.date} » invalide (format attendu : AAAA-MM-JJ)", "erreur")
        else:
            if not (p.debut - 1 <= jour.year <= p.fin):
                yield (("signature", "date"), f"date de signature {jour:%d/%m/%Y} hors de la période du contrat", "erreur")


def regle_sigles(c: Contrat) -> Iterator[tuple[Chemin, str, str]]:
    """Every acronym the document uses is in the registry (or declared not to be one)."""
    connus = {s.sigle for s in c.sigles} | set(c.non_sigles)
    signales: set[str] = set()
    for chemin, mot in mots_capitales(c):
        if mot not in connus and mot not in signales:
            signales.add(mot)
            yield (chemin, f"sigle « {mot} » absent du registre des sigles : l'ajouter à sigles.yaml "
                               "(ou à non_sigles si ce n'est pas un sigle)", "erreur")
    utilises = {s.sigle for s in sigles_utilises(c)}
    for n, s in enumerate(c.sigles):
        if s.nature == "sigle" and not s.definition and s.sigle in utilises:
            yield (("sigles", n), f"le sigle « {s.sigle} » n'a pas de définition : la liste des sigles "
                                  "l'imprimera sans signification", "avertissement")


def regle_chapitres(c: Contrat) -> Iterator[tuple[Chemin, str, str]]:
    """Structured blocks are placed once, and exist when placed."""
    for bloc, present in (("chiffres_cles", c.chiffres_cles is not None), ("enjeux", bool(c.enjeux))):
        places = [n for n, ch in enumerate(c.chapitres) if ch.inclure == bloc]
        if len(places) > 1:
            yield (("chapitres", places[1], "inclure"), f"« {bloc} » est déjà inclus dans un autre chapitre", "erreur")
        if places and not present:
            yield (("chapitres", places[0], "inclure"), f"« {bloc} » est inclus mais absent des sources", "erreur")
        if present and not places:
            yield (("chapitres",), f"« {bloc} » est défini mais aucun chapitre ne l'inclut", "avertissement")
    if c.enjeux and c.colonnes_enjeux is None:
        yield (("enjeux",), "les en-têtes des tableaux d'enjeux (colonnes_enjeux) sont absents", "erreur")


def regle_references_texte(c: Contrat) -> Iterator[tuple[Chemin, str, str]]:
    """References from the prose to the data ({chiffre:...}, {enjeux}...) designate something."""
    from contrat.impression.substitution import references_inconnues

    for n, ch in enumerate(c.chapitres):
        for ligne, ref in references_inconnues(ch.texte, c) if ch.texte else ():
            yield (("chapitres", n, "texte", "ligne", ligne), f"référence {ref} inconnue", "erreur")
    from contrat.impression.substitution import references_inconnues_texte

    for n, doc in enumerate(c.annexes):
        for i, pilier in enumerate(doc.mesures.piliers if doc.mesures else ()):
            for j, theme in enumerate(pilier.themes):
                for k, mesure in enumerate(theme.mesures):
                    base = ("annexes", n, "mesures", "piliers", i, "themes", j, "mesures", k)
                    for ici, m in [(base, mesure)] + [(base + ("sous_mesures", l), s)
                                                      for l, s in enumerate(mesure.sous_mesures)]:
                        for ref in references_inconnues_texte(m.texte, m.chiffres):
                            yield ici + ("texte",), f"référence {ref} inconnue (chiffres de la mesure)", "erreur"
    for liste in ("annexes", "contributions"):
        for n, doc in enumerate(getattr(c, liste)):
            for i, bloc in enumerate(doc.blocs):
                proses = [(("texte",), bloc.texte)] if bloc.texte else []
                if bloc.tableau:
                    proses += [(("tableau", "lignes", r, k), cellule) for r, rang in enumerate(bloc.tableau.lignes)
                               for k, cellule in enumerate(rang)]
                if bloc.lettre:
                    proses.append((("lettre", "corps"), bloc.lettre.corps))
                for suite, prose in proses:
                    for ligne, ref in references_inconnues(prose, c, doc):
                        yield ((liste, n, "blocs", i) + suite + ("ligne", ligne), f"référence {ref} inconnue", "erreur")


def _date_iso(texte: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(texte)
    except ValueError:
        return None


def regle_documents(c: Contrat) -> Iterator[tuple[Chemin, str, str]]:
    """Annexes and contributions: author, one kind per block, table shapes, valid dates."""
    orgs = {o.code for o in c.organisations}
    for liste in ("annexes", "contributions"):
        for n, doc in enumerate(getattr(c, liste)):
            base = (liste, n)
            if liste == "contributions" and not doc.organisation:
                yield base, f"la contribution « {doc.titre} » ne nomme pas son organisation (champ organisation)", "erreur"
            if doc.organisation and doc.organisation not in orgs:
                yield (base + ("organisation",),
                       f"organisation « {doc.organisation} » absente du registre{_suggestion(doc.organisation, orgs)}", "erreur")
            if not doc.pdf and not (doc.blocs or doc.mesures):
                yield base, "document vide : ni blocs, ni mesures, ni fichier PDF", "erreur"
            for i, bloc in enumerate(doc.blocs):
                genres = [g for g in ("texte", "tableau", "lettre") if getattr(bloc, g) is not None]
                if len(genres) != 1:
                    yield (base + ("blocs", i), "un bloc contient exactement un texte, un tableau ou une lettre "
                                                f"(ici : {', '.join(genres) or 'rien'})", "erreur")
                t = bloc.tableau
                for r, rang in enumerate(t.lignes if t else ()):
                    if t and t.colonnes and len(rang) != len(t.colonnes):
                        yield (base + ("blocs", i, "tableau", "lignes", r),
                               f"{len(rang)} cellules pour {len(t.colonnes)} colonnes", "erreur")
            yield from _dates_document(c, doc, base)


def _dates_document(c: Contrat, doc: Any, base: Chemin) -> Iterator[tuple[Chemin, str, str]]:
    dates: list[tuple[Chemin, str, str]] = []
    if doc.atelier:
        dates.append((base + ("atelier", "date"), doc.atelier.date, "concertation"))
    if doc.seminaire:
        dates.append((base + ("seminaire", "date"), doc.seminaire.date, "concertation"))
    if doc.mesures:
        dates.append((base + ("mesures", "date"), doc.mesures.date, "texte"))
    for i, bloc in enumerate(doc.blocs):
        if bloc.lettre:
            dates.append((base + ("blocs", i, "lettre", "date"), bloc.lettre.date, "lettre"))
    for chemin, texte, nature in dates:
        jour = _date_iso(texte)
        if jour is None:
            yield chemin, f"date « {texte} » invalide (format attendu : AAAA-MM-JJ)", "erreur"
        elif nature == "concertation" and jour.year > c.periode.debut:
            # Consultations prepare the contract: they cannot follow its start.
            yield (chemin, f"la concertation est datée du {jour:%d/%m/%Y}, après le début du contrat "
                           f"({c.periode.debut}) : coquille ?", "avertissement")
        elif not (c.periode.debut - 5 <= jour.year <= c.periode.fin):
            yield chemin, f"date du {jour:%d/%m/%Y} invraisemblable pour ce contrat", "avertissement"


def regle_series_de_chiffres(c: Contrat) -> Iterator[tuple[Chemin, str, str]]:
    """The same indicator given twice in a row goes forward in time (« 9,6 ETPi en 2025 → 16 en 2023 »)."""
    for liste in ("annexes", "contributions"):
        for n, doc in enumerate(getattr(c, liste)):
            for k in range(1, len(doc.chiffres)):
                avant, apres = doc.chiffres[k - 1], doc.chiffres[k]
                if (avant.libelle and avant.libelle == apres.libelle and avant.annee and apres.annee
                        and apres.annee < avant.annee):
                    yield ((liste, n, "chiffres", k),
                           f"« {avant.libelle} » passe de {avant.valeur} {avant.unite} en {avant.annee} à "
                           f"{apres.valeur} {apres.unite} en {apres.annee} : années inversées ?", "avertissement")


def regle_renvois(c: Contrat) -> Iterator[tuple[Chemin, str, str]]:
    """Links of the text to annexes (« [Annexe n°2](#code) ») and to their data."""
    from contrat.controles.renvois import verifier_renvois

    yield from verifier_renvois(c)


def regle_noms_propres(c: Contrat) -> Iterator[tuple[Chemin, str, str]]:
    """Close variants of a registered proper name (« Olympe de Gougues ») are reported."""
    from contrat.controles.renvois import variantes_noms_propres

    yield from variantes_noms_propres(c)


def regle_avenants(c: Contrat) -> Iterator[tuple[Chemin, str, str]]:
    """Avenants are numbered 1, 2, 3..., each amends the previous version, with plausible dates."""
    for n, a in enumerate(c.avenants):
        if a.numero != n + 1:
            yield (("avenants", n, "numero"), f"avenant n° {a.numero} : numéro {n + 1} attendu (numérotation continue)",
                   "erreur")
        attendu = "contrat-signe" if n == 0 else f"avenant-{n}"
        if a.modifie != attendu:
            yield (("avenants", n, "modifie"), f"l'avenant n° {a.numero} doit modifier « {attendu} », "
                                               f"pas « {a.modifie} »", "erreur")
        for champ, texte in (("comite_pilotage", a.comite_pilotage), ("date_effet", a.date_effet)):
            if texte and _date_iso(texte) is None:
                yield (("avenants", n, champ), f"date « {texte} » invalide (format attendu : AAAA-MM-JJ)", "erreur")
        if a.signature.date and _date_iso(a.signature.date) is None:
            yield (("avenants", n, "signature", "date"), f"date « {a.signature.date} » invalide", "erreur")
        comite, signe = _date_iso(a.comite_pilotage), _date_iso(a.signature.date or "")
        if comite and signe and signe < comite:
            yield (("avenants", n, "signature", "date"), "l'avenant est signé avant le comité de pilotage qui l'approuve",
                   "erreur")
        if comite and not (c.periode.debut <= comite.year <= c.periode.fin):
            yield (("avenants", n, "comite_pilotage"), f"comité du {comite:%d/%m/%Y} hors de la période du contrat",
                   "erreur")


REGLES: list[Regle] = [
    regle_avenants,
    regle_documents,
    regle_series_de_chiffres,
    regle_renvois,
    regle_noms_propres,
    regle_references_texte,
    regle_codes_uniques,
    regle_criteres_evaluation,
    regle_cellules_vides,
    regle_references,
    regle_tableaux,
    regle_dates,
    regle_sigles,
    regle_chapitres,
]
