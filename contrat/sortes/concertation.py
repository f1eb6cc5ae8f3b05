"""Kind of annex « concertation »: the record of a workshop, a seminar or a public meeting held to
prepare the contract. Its heading (what, when, where), optionally the list of the record's headings;
its text is the document's blocks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from contrat.controles.constat import Constat, avertissement
from contrat.controles.dates import date_de_document
from contrat.impression.arbre import Genre, Noeud, Role, riche
from contrat.impression.francais import q
from contrat.impression.unites import DocumentEnCours, date_ou_blanc, nom_de
from contrat.modele.chemin import Chemin
from contrat.modele.contrat import BlocTexte, Booleen, Contrat, Date, Modele, NombreEcrit, Texte
from contrat.modele.prose import Titre
from contrat.modele.sortes import Sorte


class Concertation(Modele):
    """The heading of a concertation record (a workshop, a seminar, a public meeting): what, when,
    where, with whom."""

    intitule: Texte
    date: Date
    horaires: str = ""
    lieu: str = ""
    sous_titre: str = ""
    presentation: Literal["ligne", "lignes"] = "ligne"
    """« intitulé du <date> <horaires> » on one line (« ligne »), or the title, the date and the
    place each on its own (« lignes »)."""
    sommaire: Booleen = False
    """The document's headings listed under it (a « Table des matières »)."""
    participants: dict[str, NombreEcrit] = {}
    """Counts the text may cite: « [15](#code.concertation.participants.jeunes) »."""


def formes_anciennes(donnees: dict[str, Any]) -> dict[str, Any]:
    """The older forms of a concertation record (« atelier », « seminaire ») read as one."""
    if "concertation" in donnees:
        return donnees
    if isinstance(donnees.get("atelier"), dict):
        atelier = dict(donnees["atelier"])
        jeunes = atelier.pop("participants_jeunes", None)
        reste = {k: v for k, v in donnees.items() if k != "atelier"}
        return {**reste, "concertation": {**atelier, **({"participants": {"jeunes": jeunes}} if jeunes else {})}}
    if isinstance(donnees.get("seminaire"), dict):
        reste = {k: v for k, v in donnees.items() if k != "seminaire"}
        return {**reste, "concertation": {**donnees["seminaire"], "presentation": "lignes", "sommaire": "oui"}}
    return donnees


def controler(k: Concertation, ici: Chemin, c: Contrat) -> Iterator[Constat]:
    if k.date.year > c.periode.debut:
        # Consultations prepare the contract: they cannot follow its start.
        yield avertissement((*ici, "date"), f"la concertation est datée du {k.date:%d/%m/%Y}, après le début du "
                            f"contrat ({c.periode.debut}) : coquille ?")
    else:
        yield from date_de_document(c, (*ici, "date"), k.date)


def imprimer(k: Concertation, ici: Chemin, document: DocumentEnCours) -> list[Noeud]:
    """Its heading's lines, then the table of the record's headings when asked."""
    titre, mention = Role.SOUS_TITRE_ANNEXE, Role.MENTION_ANNEXE
    quand = f"{date_ou_blanc(k.date)} {k.horaires}".strip()
    lignes: list[tuple[str, str, Role, str | None]] = []
    if k.presentation == "ligne":
        lignes.append(("concertation", f"{k.intitule} du {quand}", titre, "intitule"))
    else:
        lignes += [("concertation", k.intitule, titre, "intitule"), ("concertation-date", quand, mention, None)]
        if k.lieu:
            lignes.append(("concertation-lieu", k.lieu, mention, "lieu"))
    if k.sous_titre:
        lignes.append(("concertation-sous-titre", k.sous_titre, mention, "sous_titre"))
    noeuds = [Noeud(Genre.MENTION, cle, texte, nom=f"mention {q(texte)}", feminin=True, role=role,
                    source=(*ici, champ) if champ else ()) for cle, texte, role, champ in lignes]
    if k.sommaire:
        tdm = Noeud(Genre.TABLE_DES_MATIERES, "table-des-matieres", "Table des matières",
                    nom=nom_de(Genre.TABLE_DES_MATIERES), feminin=True)
        for bloc in document.document.blocs:
            for t in (b for b in (bloc.texte.blocs if isinstance(bloc, BlocTexte) else ()) if isinstance(b, Titre)):
                entree = riche(Genre.ENTREE, f"§{len(tdm.enfants) + 1}", t.segments)
                entree.niveau = t.niveau
                tdm.enfants.append(entree)
        noeuds.append(tdm)
    return noeuds


SORTE = Sorte(
    cle="concertation",
    modele=Concertation,
    designation="compte rendu de concertation",
    imprimer=imprimer,
    controler=controler,
    noms_champs={"concertation": "concertation", "atelier": "atelier", "seminaire": "séminaire"},
    formes_anciennes=formes_anciennes,
    anciens_chemins={("atelier", "participants_jeunes"): ("concertation", "participants", "jeunes")},
    anciennes_cles={("Document", "atelier"): "concertation", ("Document", "seminaire"): "concertation",
                    ("Concertation", "participants_jeunes"): "participants: {jeunes: …}"},
)
