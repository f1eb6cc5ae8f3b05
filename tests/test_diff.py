"""Properties of the diff of the printed contract, for many random amendments (seeded, so a
failure is reproducible): units of the sources keep their identity (a reordering or a transfer is
a move, never a removal and an addition), and the articles drafted from the diff, applied to the
printed signed text, give the printed amended text."""

from __future__ import annotations

import random

import pytest

from contrat.amendements.ecart import DEPLACABLES, SEQUENCES, Ecart, comparer
from contrat.controles.dossier import constats, valider_dossier
from contrat.impression.unites import Noeud, imprimer, page_signatures
from contrat.modele.contrat import Contrat
from redaction_aides import _codes, rediger, verifier

from conftest import RACINE


@pytest.fixture(scope="module")
def signe() -> Contrat:
    return valider_dossier(RACINE / "sources").contrat


def _amender(data: dict, hasard: random.Random) -> None:
    """One random amendment of the kinds an avenant makes."""
    enjeu = hasard.choice(data["enjeux"])
    axe = hasard.choice(enjeu["axes"])
    colonne = hasard.choice(["objectifs", "leviers", "criteres_evaluation"])
    action = hasard.choice(["ajout", "suppression", "reformulation", "deplacement", "axe_deplace", "axe_supprime",
                            "transfert", "chiffre", "alinea", "signataire"])
    if action == "ajout":
        axe[colonne].insert(hasard.randrange(len(axe[colonne]) + 1),
                            {"code": f"nouveau-{hasard.randrange(10**6)}", "texte": "Un élément ajouté par avenant"})
    elif action == "suppression" and len(axe[colonne]) > 1:
        axe[colonne].pop(hasard.randrange(len(axe[colonne])))
    elif action == "reformulation":
        hasard.choice(axe[colonne])["texte"] += " (reformulé)"
    elif action == "deplacement" and len(axe[colonne]) > 1:
        element = axe[colonne].pop(hasard.randrange(len(axe[colonne])))
        axe[colonne].insert(hasard.randrange(len(axe[colonne]) + 1), element)
    elif action == "axe_deplace" and len(enjeu["axes"]) > 1:
        enjeu["axes"].insert(hasard.randrange(len(enjeu["axes"])), enjeu["axes"].pop(hasard.randrange(len(enjeu["axes"]))))
    elif action == "axe_supprime" and len(enjeu["axes"]) > 1:
        enjeu["axes"].remove(axe)
    elif action == "transfert":
        # Codes are unique within a list: only an item the other row does not have can move there.
        autre = hasard.choice([a for e in data["enjeux"] for a in e["axes"] if a is not axe])
        libres = [x for x in axe[colonne] if x["code"] not in {y["code"] for y in autre[colonne]}]
        if len(axe[colonne]) > 1 and libres:
            axe[colonne].remove(libres[0])
            autre[colonne].append(libres[0])
    elif action == "chiffre":
        tableau = hasard.choice(data["chiffres_cles"]["tableaux"])
        ligne = hasard.choice(tableau["lignes"])
        colonne_valeur = hasard.choice(list(ligne["valeurs"]))
        ligne["valeurs"][colonne_valeur] = {"ecrit": str(hasard.randrange(1, 999))}
    elif action == "alinea":
        chapitre = hasard.choice([c for c in data["chapitres"] if c["texte"]])
        paragraphes = [b for b in chapitre["texte"]["blocs"] if b["type"] == "paragraphe"]
        if paragraphes:
            hasard.choice(paragraphes)["segments"] = [{"texte": "Alinéa réécrit par avenant.", "gras": False,
                                                       "italique": False, "exposant": False, "lien": None}]
    elif action == "signataire":
        data["signataires"].append({"code": f"signataire-{hasard.randrange(10**6)}", "organisation": "caf",
                                    "qualite": "La Directrice adjointe", "nom": None})


def _identifiee(e: Ecart) -> tuple[str, str] | None:
    """The identity of the unit a change is about, when it has one of the sources (a code, not a
    rank among alinéas): its kind and its key."""
    place = e.apres or e.place_avant
    if e.noeud.genre in DEPLACABLES and place.parent.genre not in SEQUENCES:
        return e.noeud.genre, e.noeud.cle
    return None


def _imprimes(signe: Contrat, amende: Contrat) -> tuple[Noeud, Noeud]:
    """Both as they print, the signature page as signed (as the avenant compares them)."""
    return imprimer(signe, page_signatures(signe, signe)), imprimer(amende, page_signatures(amende, signe))


@pytest.mark.parametrize("graine", range(25))
def test_l_ecart_imprime_garde_l_identite_et_les_articles_redonnent_le_texte_amende(signe: Contrat,
                                                                                   graine: int) -> None:
    """Amendments of the enjeux (items added, removed, reworded, reordered, moved to another row,
    rows reordered or removed), figures, alinéas, signatories."""
    hasard = random.Random(graine)
    data = signe.model_dump(mode="json")
    for _ in range(hasard.randrange(1, 6)):
        _amender(data, hasard)
    amende = Contrat.model_validate(data)
    # The generator only makes amendments the validation accepts (what a pull request could land).
    assert not [c.message for c in constats(amende) if c.gravite == "erreur"]
    a, b = _imprimes(signe, amende)
    ecarts = comparer(a, b)
    assert ecarts
    # Identity-based: no unit of the sources is ever both removed and added (that is a move).
    supprimes = {_identifiee(e) for e in ecarts if e.nature == "suppression"} - {None}
    ajoutes = {_identifiee(e) for e in ecarts if e.nature == "ajout"} - {None}
    assert not (supprimes & ajoutes)
    assert comparer(*_imprimes(amende, amende)) == []
    # The articles' operations, applied to the printed signed text, give the printed amended text.
    articles, a, b = rediger(signe, amende)
    verifier(articles, a, b, _codes(signe, amende))


def _amender_registres_et_textes(data: dict, hasard: random.Random) -> None:
    """Amendments made outside the enjeux: registries, figures, prose, representatives."""
    action = hasard.choice(["organisation", "sigle", "population", "alinea_ajoute", "alinea_supprime", "titre",
                            "representant", "entete"])
    if action == "organisation":
        org = hasard.choice([o for o in data["organisations"] if o["nature"] == "organisation"])
        org["libelle"] = org["libelle"] + " Jura"
    elif action == "sigle":
        sigle = hasard.choice([x for x in data["sigles"] if x["definition"]])
        sigle["definition"] = sigle["definition"] + " (nouvelle dénomination)"
    elif action == "population":
        data["quartiers"][0]["population"]["valeur"] = {"valeur": "3100", "ecrit": "3100"}
    elif action in ("alinea_ajoute", "alinea_supprime"):
        chapitre = hasard.choice([c for c in data["chapitres"] if c["texte"]])
        blocs = chapitre["texte"]["blocs"]
        k = hasard.randrange(len(blocs))
        if action == "alinea_ajoute":
            blocs.insert(k, {"type": "paragraphe", "ligne": 1, "segments": [
                {"texte": "Un alinéa inséré par avenant.", "gras": False, "italique": False, "exposant": False,
                 "lien": None}]})
        elif len(blocs) > 1 and blocs[k]["type"] == "paragraphe":
            blocs.pop(k)
    elif action == "titre":
        hasard.choice(data["chapitres"])["titre"] += " et perspectives"
    elif action == "representant":
        hasard.choice(data["signataires"])["nom"] = "Camille MARTIN"
    elif action == "entete":
        next(k for k in data["colonnes_enjeux"]["colonnes"] if k["code"] == "leviers")["libelle"] = "Leviers mobilisés"


@pytest.mark.parametrize("graine", range(25))
def test_les_articles_rediges_redonnent_le_contrat_imprime_amende(signe: Contrat, graine: int) -> None:
    """The articles again, with registries, figures and prose amended too (a change of representative
    alone prints nothing and makes no article):
    the articles' operations, applied to the printed signed text, give the printed amended text,
    and every word that changes is written in the avenant."""
    hasard = random.Random(1000 + graine)
    data = signe.model_dump(mode="json")
    for _ in range(hasard.randrange(1, 6)):
        (_amender if hasard.random() < 0.5 else _amender_registres_et_textes)(data, hasard)
    amende = Contrat.model_validate(data)
    articles, a, b = rediger(signe, amende)
    if a.contenu() == b.contenu():
        assert articles == []  # e.g. only a representative changed: no article
        return
    verifier(articles, a, b, _codes(signe, amende))


def test_reordonner_est_un_deplacement_et_renommer_garde_l_identite(signe: Contrat) -> None:
    """On the printed tree: a row of an enjeu's table renamed is that row rewritten, in its place;
    the same row put first is one move of that row, nothing removed, nothing added."""
    ligne = ("enjeux", "amenagement-vie-quartier", "tableau", "vie-du-quartier")
    data = signe.model_dump(mode="json")
    axes = data["enjeux"][0]["axes"]
    vie = next(a for a in axes if a["code"] == "vie-du-quartier")
    vie["titre"] = "Vie et animation du quartier"
    ecarts = comparer(*_imprimes(signe, Contrat.model_validate(data)))
    assert [(e.nature, e.place_avant.chemin, e.place_apres.chemin) for e in ecarts] == [("modification", ligne, ligne)]
    assert (ecarts[0].place_avant.noeud.texte, ecarts[0].place_apres.noeud.texte) == ("Vie du quartier",
                                                                                     "Vie et animation du quartier")
    data = signe.model_dump(mode="json")
    axes = data["enjeux"][0]["axes"]
    assert [a["code"] for a in axes].index("vie-du-quartier") > 0
    axes.insert(0, axes.pop([a["code"] for a in axes].index("vie-du-quartier")))
    ecarts = comparer(*_imprimes(signe, Contrat.model_validate(data)))
    assert [(e.nature, e.place_avant.chemin, e.place_apres.chemin, e.precedent) for e in ecarts] == [
        ("deplacement", ligne, ligne, "entetes")]  # now right after the header row
