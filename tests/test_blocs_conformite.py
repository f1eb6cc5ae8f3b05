"""The blocks of what loi n° 2014-173 asks a contract to state, each optional: the axes mapped to
the ten objectives of art. 1, the table of means by signatory (art. 6 IV 3°), the local evaluation
structure and engineering (IV 4° and 6°), the participation body (art. 7). The second example
states them and prints them; a wrong one is a French error at its file and line; a contract
without them prints as before."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import RACINE, lancer, textes_pdf
from depots import copie_des_sources

EXEMPLE = RACINE / "exemples" / "rives-de-l-exemple" / "sources"
MINIMAL = RACINE / "tests" / "fixtures" / "minimal" / "sources"


def _copie(tmp_path: Path, origine: Path = EXEMPLE) -> Path:
    return copie_des_sources(origine, tmp_path)


def _remplacer(fichier: Path, avant: str, apres: str) -> int:
    """Replace ``avant`` once; the line (1-based) where it was."""
    texte = fichier.read_text(encoding="utf-8")
    assert texte.count(avant) == 1, avant
    fichier.write_text(texte.replace(avant, apres), encoding="utf-8")
    return texte[:texte.index(avant)].count("\n") + 1


def _contrat(sources: Path):  # noqa: ANN202 - the model's class is imported late, as the build does
    from contrat.application.sources import verifier

    return verifier(sources).contrat


def _texte(sources: Path):  # noqa: ANN202
    from contrat.impression.arbre import parcourir
    from contrat.impression.unites import imprimer

    return [(n.genre, n.cle, n.texte) for n in parcourir(imprimer(_contrat(sources)))]


# --- printed -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def texte_exemple(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The second example built: its PDF's text, spaces made plain."""
    dist = tmp_path_factory.mktemp("blocs-dist")
    fini = lancer("--sources", str(EXEMPLE), "--dist", str(dist))
    assert fini.returncode == 0, fini.stderr + fini.stdout
    texte = " ".join(textes_pdf(dist / "contrat-de-ville.pdf"))
    return " ".join(texte.replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.mark.pdf
def test_le_tableau_des_objectifs_de_la_loi_s_imprime(texte_exemple: str) -> None:
    debut = texte_exemple.index("Objectifs de la loi (loi n° 2014-173 du 21 février 2014, article 1er, I)")
    tableau = texte_exemple[debut:debut + 3000]
    assert "1° Lutter contre les inégalités de tous ordres" in tableau
    # An objective no axe serves is said so (7° and 8° in this example).
    assert "7° Promouvoir le développement équilibré des territoires" in tableau
    apres_7 = tableau[tableau.index("7° Promouvoir"):tableau.index("9° Promouvoir")]
    assert "aucun axe du contrat" in apres_7
    apres_10 = tableau[tableau.index("10° Concourir"):]
    assert "Soutenir la création d'activité" in apres_10[:300]


@pytest.mark.pdf
def test_le_tableau_des_moyens_s_imprime_avec_ses_totaux(texte_exemple: str) -> None:
    debut = texte_exemple.index("Signataire Droit commun (€ par an)")
    tableau = texte_exemple[debut:debut + 2000]
    for attendu in ("Droit commun (€ par an)", "Crédits spécifiques (€ par an)", "État 2 400 000 380 000 2 780 000",
                    "Crédits spécifiques : programme 147", "Département 630 000 0 630 000",
                    # 6 200 000 of droit commun, 790 000 of specific credits: the columns summed.
                    "Total 6 200 000 790 000 6 990 000"):
        assert attendu in tableau, attendu


@pytest.mark.pdf
def test_l_evaluation_et_la_participation_s_impriment(texte_exemple: str) -> None:
    evaluation = texte_exemple[texte_exemple.index("Évaluation et ingénierie Ce que prévoit le contrat"):][:800]
    for attendu in ("Structure locale d'évaluation L'observatoire des quartiers de la CARE", "Pilote CARE",
                    "Transmission des données Tous les signataires transmettent", "Moyens d'ingénierie"):
        assert attendu in evaluation, attendu
    participation = texte_exemple[texte_exemple.index("Participation des habitants Ce que prévoit le contrat"):][:800]
    for attendu in ("Instance de participation Conseils citoyens de Bellerive et de Montclair",
                    "Lieu La maison des projets", "Formation Deux sessions", "Au comité de pilotage oui"):
        assert attendu in participation, attendu


# --- the accessors the conformity rules read -------------------------------------------------


def test_les_accesseurs_disent_ce_que_le_contrat_declare() -> None:
    c = _contrat(EXEMPLE)
    assert c.objectifs_loi_non_couverts() == (7, 8)
    assert [a.code for a in c.objectifs_loi_servis()[3]] == ["jeunes", "creation"]
    assert c.moyens is not None and c.moyens.periode == "annuel" and len(c.moyens.lignes) == 7
    assert c.evaluation is not None and c.evaluation.pilote == "care"
    assert c.participation is not None and c.participation.au_comite_de_pilotage is True
    sans = _contrat(MINIMAL)
    assert sans.objectifs_loi_non_couverts() == tuple(range(1, 11))
    assert (sans.moyens, sans.evaluation, sans.participation) == (None, None, None)


# --- bad inputs: French errors at their place ------------------------------------------------


CAS = {
    "objectif inconnu": ("enjeux.yaml", "objectifs_loi: [3, 10]", "objectifs_loi: [3, 11]",
                         "« 11 » n'est pas un objectif de l'article 1er de la loi n° 2014-173"),
    "objectif cité deux fois": ("enjeux.yaml", "objectifs_loi: [3, 10]", "objectifs_loi: [3, 10, 3]",
                                "objectif 3 de l'article 1er cité deux fois"),
    "objectif écrit 03": ("enjeux.yaml", "objectifs_loi: [3, 10]", 'objectifs_loi: ["03", 10]',
                          "« 03 » n'est pas un objectif de l'article 1er de la loi n° 2014-173"),
    "non signataire": ("contrat.yaml", '{organisation: region, droit_commun: "250 000"',
                       '{organisation: associations, droit_commun: "250 000"',
                       "l'organisation « associations » ne signe pas le contrat"),
    "montant négatif": ("contrat.yaml", 'droit_commun: "250 000"', 'droit_commun: "-250 000"',
                        "droit_commun : montant négatif"),
    "organisation inconnue": ("contrat.yaml", '{organisation: region, droit_commun', '{organisation: regoin, droit_commun',
                              "organisation « regoin » absente du registre (vouliez-vous « region » ?)"),
    "pilote inconnu": ("contrat.yaml", "  pilote: care\n", "  pilote: agglo\n", "organisation « agglo » absente du registre"),
    "signataire deux fois": ("contrat.yaml", '{organisation: region, droit_commun', '{organisation: etat, droit_commun',
                             "l'organisation « etat » a déjà une ligne dans le tableau des moyens"),
}


@pytest.mark.parametrize("cas", list(CAS))
def test_une_erreur_des_blocs_est_dite_en_francais_a_sa_ligne(tmp_path: Path, cas: str) -> None:
    fichier, avant, apres, message = CAS[cas]
    sources = _copie(tmp_path)
    ligne = _remplacer(sources / fichier, avant, apres)
    fini = lancer("--sources", str(sources), "check")
    assert fini.returncode == 1, fini.stdout
    erreurs = [l for l in fini.stderr.splitlines() if message in l]
    assert erreurs, fini.stderr
    assert erreurs[0].startswith(f"sources/{fichier}:{ligne}:"), erreurs[0]
    assert "Traceback" not in fini.stderr


def test_un_bloc_inclus_mais_absent_est_une_erreur(tmp_path: Path) -> None:
    sources = _copie(tmp_path)
    texte = (sources / "contrat.yaml").read_text(encoding="utf-8")
    debut, fin = texte.index("\nevaluation:\n"), texte.index("\n# L'instance de participation")
    (sources / "contrat.yaml").write_text(texte[:debut] + texte[fin:], encoding="utf-8")
    fini = lancer("--sources", str(sources), "check")
    assert fini.returncode == 1
    assert "« evaluation » est inclus mais absent des sources" in fini.stderr


# --- a contract without them prints as before ------------------------------------------------


def test_les_objectifs_de_la_loi_ne_changent_pas_les_tableaux_d_enjeux(tmp_path: Path) -> None:
    """The mapping of an axe to art. 1 is data, not a column: the enjeux tables print as signed."""
    sources = _copie(tmp_path, MINIMAL)
    avant = _texte(sources)
    _remplacer(sources / "contrat.yaml", '        titre: "Insertion des jeunes"\n',
               '        titre: "Insertion des jeunes"\n        objectifs_loi: [3, 10]\n')
    assert _contrat(sources).objectifs_loi_non_couverts() == (1, 2, 4, 5, 6, 7, 8, 9)
    assert _texte(sources) == avant


def test_des_blocs_qu_aucun_chapitre_n_inclut_ne_s_impriment_pas(tmp_path: Path) -> None:
    sources = _copie(tmp_path, MINIMAL)
    avant = _texte(sources)
    with (sources / "contrat.yaml").open("a", encoding="utf-8") as f:
        f.write('moyens: {periode: contrat, lignes: [{organisation: etat, droit_commun: "1 000", '
                'credits_specifiques: "500"}]}\nparticipation: {instance: "Conseil citoyen"}\n')
    assert _texte(sources) == avant
    fini = lancer("--sources", str(sources), "check")
    assert fini.returncode == 0, fini.stderr
    assert "« moyens » est défini mais aucun chapitre ne l'inclut" in fini.stdout + fini.stderr
    assert "« participation » est défini mais aucun chapitre ne l'inclut" in fini.stdout + fini.stderr


def test_des_montants_sur_la_duree_du_contrat_le_disent_et_s_additionnent(tmp_path: Path) -> None:
    sources = _copie(tmp_path, MINIMAL)
    _remplacer(sources / "contrat.yaml", "  - {code: enjeux, titre: \"Les enjeux\", inclure: enjeux}\n",
               "  - {code: enjeux, titre: \"Les enjeux\", inclure: enjeux}\n"
               "  - {code: moyens, titre: \"Les moyens\", inclure: moyens}\n")
    with (sources / "contrat.yaml").open("a", encoding="utf-8") as f:
        f.write('moyens: {periode: contrat, lignes: [{organisation: etat, droit_commun: "1 000,50", '
                'credits_specifiques: "500"}, {organisation: caf, droit_commun: 2000, credits_specifiques: "0"}]}\n')
    tableau = next(n for g, n in _tableaux(sources) if n.cle == "moyens")
    assert tableau.entetes[1:4] == ("Droit commun (€ sur la durée du contrat)",
                                    "Crédits spécifiques (€ sur la durée du contrat)", "Total (€ sur la durée du contrat)")
    total = [n for n in tableau.enfants if n.cle == "total"][0]
    assert [v.texte.replace("\u00a0", " ").replace("\u202f", " ") for v in total.enfants] == \
        ["3 000,5", "500", "3 500,5", "—"]


def _tableaux(sources: Path):  # noqa: ANN202
    from contrat.impression.arbre import Genre, parcourir
    from contrat.impression.unites import imprimer

    return [(n.genre, n) for n in parcourir(imprimer(_contrat(sources))) if n.genre == Genre.TABLEAU]
