"""References of the text: to the data ({chiffre:...}, {enjeux}), to annexes and their figures, proper names' spellings."""

from __future__ import annotations

from collections.abc import Iterator

from contrat.controles.constat import Constat, avertissement, erreur
from contrat.controles.renvois import variantes_noms_propres, verifier_renvois
from contrat.impression.substitution import MOTIF, references_inconnues, suggestions, valeur_citee
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import BlocLettre, BlocTableau, BlocTexte, Contrat, Document
from contrat.modele.nombres import Manquant
from contrat.modele.prose import Prose, iterer_textes


def regle_references_texte(c: Contrat) -> Iterator[Constat]:
    """References from the prose to the data ({chiffre:...}, {enjeux}...) designate something,
    with the resolver the printing uses; a cited figure is not followed by its own unit again,
    and one that is missing (« n.c. », « s ») is said, since the sentence prints the mark."""

    for n, ch in enumerate(c.chapitres):
        if ch.texte:
            yield from _references(ch.texte, c, None, ("chapitres", n, "texte"))

    for liste in ("annexes", "contributions"):
        for n, doc in enumerate(getattr(c, liste)):
            for i, bloc in enumerate(doc.blocs):
                proses: list[tuple[Chemin, Prose]] = [(("texte",), bloc.texte)] if isinstance(bloc, BlocTexte) else []
                if isinstance(bloc, BlocTableau):
                    proses += [(("tableau", "lignes", r, k), cellule) for r, rang in enumerate(bloc.tableau.lignes)
                               for k, cellule in enumerate(rang)]
                if isinstance(bloc, BlocLettre):
                    proses.append((("lettre", "corps"), bloc.lettre.corps))
                for suite, prose in proses:
                    yield from _references(prose, c, doc, (liste, n, "blocs", i) + suite)


def _references(prose: Prose, c: Contrat, doc: Document | None, ici: Chemin) -> Iterator[Constat]:
    for ligne, ref in references_inconnues(prose, c, doc):
        yield erreur(ici + ("ligne", ligne), f"référence {ref} inconnue{_proches(ref, c, doc)}")
    for ligne, texte in iterer_textes(prose):
        for m in MOTIF.finditer(texte):
            cite = valeur_citee(c, m.group(2), doc) if m.group(1) else None
            if cite is None:
                continue
            if isinstance(cite.valeur, Manquant):
                yield avertissement(ici + ("ligne", ligne), f"{m.group(0)} est « {cite.valeur.marque} » "
                                                            f"({cite.valeur.sens}) : la phrase imprimera « "
                                                            f"{cite.valeur.marque} » à la place du chiffre")
            elif cite.unite and _suivi_de_son_unite(texte[m.end():], cite.unite):
                yield avertissement(ici + ("ligne", ligne), f"{m.group(0)} imprime déjà son unité (« {cite.texte} ») : "
                                                            f"« {cite.unite} » écrit après s'imprimerait deux fois")


def _proches(ref: str, c: Contrat, doc: Document | None) -> str:
    """« (références possibles : a, b) », the valid references nearest to ``ref``."""
    m = MOTIF.fullmatch(ref)
    proches = suggestions(m.group(2), c, doc) if m and m.group(1) else []
    return f" (références proches : {', '.join(proches)})" if proches else " (aucun chiffre ne peut être cité ici)" \
        if m and m.group(1) else ""


def _suivi_de_son_unite(suite: str, unite: str) -> bool:
    """The text after a reference starts with the unit the figure already prints (« habitants »,
    « % »), case and a final period aside."""
    mot = unite.strip().rstrip(".").lower()
    debut = suite.lstrip(" \u00a0\u202f").lower()
    return bool(mot) and debut.startswith(mot) and (len(debut) == len(mot) or not debut[len(mot)].isalnum())


def regle_renvois(c: Contrat) -> Iterator[Constat]:
    """Links of the text to annexes (« [Annexe n°2](#code) ») and to their data."""

    yield from verifier_renvois(c)


def regle_noms_propres(c: Contrat) -> Iterator[Constat]:
    """Close variants of a registered proper name (« Olympe de Gougues ») are reported."""

    yield from variantes_noms_propres(c)
