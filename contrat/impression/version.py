"""The cover's version block: the line saying which version this is (signed, consolidated with
avenants n° …, in force on a date) and, for a contract amended at least once, the table of its
versions. Printed by every writer (Word under the cover's title, the web edition in its banner),
described here once.

It is not the contract's text: an avenant never states it (the printed tree the amendments
compare leaves it out), and it changes with each build's version."""

from __future__ import annotations

from contrat.impression.arbre import Disposition, Genre, Noeud, Role

HISTORIQUE = "Historique des versions"
COLONNES_HISTORIQUE = ("Version", "Comité de pilotage", "Signature", "Prise d'effet")
LARGEUR_COLONNE_CM = 4.25

Historique = tuple[tuple[str, ...], ...]
"""The versions in order, each as its row: version, steering committee, signature, taking effect."""


def bloc_de_version(mention: str, historique: Historique = ()) -> Noeud:
    """The version line (none: no line) then, from the first avenant on, the table of versions
    under its heading (the signed contract alone has no history to show)."""
    bloc = Noeud(Genre.PARTIE, "version", nom="bloc de version")
    if mention:
        bloc.enfants.append(Noeud(Genre.MENTION, "mention", mention, nom="mention de version", feminin=True,
                                  role=Role.VERSION))
    if len(historique) < 2:
        return bloc
    bloc.enfants.append(Noeud(Genre.MENTION, "titre-historique", HISTORIQUE, nom="titre de l'historique",
                              role=Role.SOUS_TITRE_ANNEXE))
    tableau = Noeud(Genre.TABLEAU_TEXTE, "historique", nom="historique des versions", entetes=COLONNES_HISTORIQUE,
                    disposition=Disposition((LARGEUR_COLONNE_CM,) * len(COLONNES_HISTORIQUE)))
    for k, ligne in enumerate(historique, start=1):
        tableau.enfants.append(Noeud(Genre.LIGNE, f"v{k}", nom=ligne[0], feminin=True,
                                     enfants=[Noeud(Genre.VALEUR, f"c{j}", t) for j, t in enumerate(ligne, start=1)]))
    bloc.enfants.append(tableau)
    return bloc
