"""References of the text: to the data ({chiffre:...}, {enjeux}), to annexes and their figures, proper names' spellings."""

from __future__ import annotations

from collections.abc import Iterator

from contrat.controles.constat import Constat, erreur
from contrat.controles.renvois import variantes_noms_propres, verifier_renvois
from contrat.impression.substitution import references_inconnues
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import BlocLettre, BlocTableau, BlocTexte, Contrat
from contrat.modele.prose import Prose


def regle_references_texte(c: Contrat) -> Iterator[Constat]:
    """References from the prose to the data ({chiffre:...}, {enjeux}...) designate something."""

    for n, ch in enumerate(c.chapitres):
        for ligne, ref in references_inconnues(ch.texte, c) if ch.texte else ():
            yield erreur(("chapitres", n, "texte", "ligne", ligne), f"référence {ref} inconnue")

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
                    for ligne, ref in references_inconnues(prose, c, doc):
                        yield erreur((liste, n, "blocs", i) + suite + ("ligne", ligne), f"référence {ref} inconnue")


def regle_renvois(c: Contrat) -> Iterator[Constat]:
    """Links of the text to annexes (« [Annexe n°2](#code) ») and to their data."""

    yield from verifier_renvois(c)


def regle_noms_propres(c: Contrat) -> Iterator[Constat]:
    """Close variants of a registered proper name (« Olympe de Gougues ») are reported."""

    yield from variantes_noms_propres(c)
