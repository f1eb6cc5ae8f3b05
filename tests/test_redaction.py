"""Avenants drafted from the printed contract, on a corpus of the amendments a comité de pilotage
makes every year (in process: no Git, no LibreOffice).

For every amendment: the articles' operations, applied to the printed signed contract by the
applier (which knows nothing of the wording), give the printed consolidated contract; every
word that appears in or disappears from the printed contract is written in the avenant; no
source code, YAML key or path separator appears in it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from contrat.amendements.rapport import representants
from contrat.amendements.redaction import Article, Redaction
from contrat.controles.dossier import valider_dossier
from contrat.impression.unites import imprimer, lignes, page_signatures
from contrat.modele.contrat import Contrat
from redaction_aides import (  # noqa: F401
    CODES_INTERDITS,
    _codes,
    _mots,
    _tokens,
    deplacer_axe_vers_la_fin_de_l_enjeu_2,
    rediger,
    texte_avenant,
    verifier,
)

import scenarios
from conftest import RACINE
from scenarios import remplacer


@pytest.fixture(scope="module")
def signe() -> Contrat:
    return valider_dossier(RACINE / "sources").contrat


def _copie(tmp_path: Path) -> Path:
    cible = tmp_path / "sources"
    shutil.copytree(RACINE / "sources", cible)
    return cible


def amender(tmp_path: Path, signe: Contrat, modifier: Callable[[Path], None]) -> tuple[list[Article], str]:
    sources = _copie(tmp_path)
    modifier(sources)
    apres = valider_dossier(sources).contrat
    articles, a, b = rediger(signe, apres)
    return articles, verifier(articles, a, b, _codes(signe, apres))


# --- registries ----------------------------------------------------------------------------------


def test_renommer_une_organisation_du_registre_change_chaque_place_ou_elle_s_imprime(tmp_path, signe) -> None:
    def modifier(s: Path) -> None:
        remplacer(s / "organisations.yaml", '  - code: "ddt"\n    libelle: "DDT"\n    sigle: "DDT"',
                  '  - code: "ddt"\n    libelle: "DDTM"\n    sigle: "DDTM"')
        remplacer(s / "sigles.yaml", '  - sigle: "DDT"\n', '  - sigle: "DDTM"\n'
                  '    definition: "Direction départementale des territoires et de la mer"\n  - sigle: "DDT"\n')

    articles, texte = amender(tmp_path, signe, modifier)
    # « DDT » is still typed elsewhere (« DDT : transitions énergétiques »): no article for the whole
    # contract; each cell where the registry prints it is stated, and the list of acronyms gains a row.
    assert "Dans l'ensemble du contrat" not in texte
    cellules = [a for a in articles if "dans la colonne « Partenaires associés », la mention « DDT » est ainsi rédigée : "
                                       "« DDTM »" in a.alineas[0]]
    assert len(cellules) == (RACINE / "sources" / "enjeux.yaml").read_text(encoding="utf-8").count('- "ddt"')
    assert any("Au tableau des sigles" in a.alineas[0] or "dans le tableau des sigles" in a.alineas[0]
               for a in articles)
    assert "Direction départementale des territoires et de la mer" in texte


def test_les_memes_mots_remplaces_partout_font_un_seul_article(tmp_path, signe) -> None:
    articles, texte = amender(tmp_path, signe, lambda s: remplacer(s / "enjeux.yaml", 'leviers: "Leviers"',
                                                                   'leviers: "Leviers d\'action"'))
    assert [a.alineas for a in articles] == [
        ["Dans l'ensemble du contrat, le mot : « Leviers » est remplacé par les mots : « Leviers d'action »."]]
    # The tableau comparatif lists each place where the word printed (the header of each enjeu's table).
    assert [(p[-len("en-tête « Leviers »"):], x, y) for p, x, y in articles[0].comparaison] == [
        ("en-tête « Leviers »", "Leviers", "Leviers d'action")] * 4
    assert [p.split(", ")[1][:7] for p, _, _ in articles[0].comparaison] == ["enjeu 1", "enjeu 2", "enjeu 3", "enjeu 4"]


def test_l_intitule_imprime_en_tete_de_chaque_page_change_en_un_article(tmp_path, signe) -> None:
    """The running header prints the contract's name on every page: renaming it is a change the
    avenant states (it was not, when the printed tree left the header out)."""
    articles, texte = amender(tmp_path, signe, lambda s: remplacer(
        s / "contrat.yaml", "2030 » de la Communauté d'Agglomération du Grand Dole\"\n",
        "2030 » de la Communauté d'Agglomération du Grand Dole (Jura)\"\n"))
    assert [a.alineas for a in articles] == [[
        "L'en-tête des pages est ainsi rédigé : « Contrat de ville 2024-2030 « Engagements Quartiers 2030 » de la "
        "Communauté d'Agglomération du Grand Dole (Jura) »."]]


def test_la_definition_d_un_sigle_changee_reecrit_sa_ligne(tmp_path, signe) -> None:
    articles, texte = amender(tmp_path, signe, lambda s: remplacer(
        s / "sigles.yaml", 'definition: "Direction départementale des territoires"',
        'definition: "Direction départementale des territoires du Jura"'))
    assert len(articles) == 1
    assert articles[0].alineas == ["Au chapitre « Liste des sigles », dans le tableau des sigles, la ligne « DDT » est "
                                   "ainsi rédigée :"] or articles[0].alineas[0].endswith("la ligne « DDT » est ainsi rédigée :")
    assert lignes(articles[0].citations[0]) == ["DDT", "Direction départementale des territoires du Jura"]
    assert articles[0].citations[0].entetes == ("Sigle", "Signification")


# --- figures -------------------------------------------------------------------------------------


def test_un_chiffre_change_avec_ses_valeurs_derivees_et_la_phrase_qui_le_cite(tmp_path, signe) -> None:
    def modifier(s: Path) -> None:
        csv = s / "donnees" / "atlas-qpv-2022.csv"
        csv.write_text(csv.read_text(encoding="utf-8").replace("13,3;56,3;%", "13,3;55,0;%"), encoding="utf-8")

    articles, texte = amender(tmp_path, signe, modifier)
    lignes_reecrites = [a for a in articles if a.alineas[0].endswith("est ainsi rédigée :")]
    assert lignes_reecrites and "QPV 55,0 %" in "\n".join(lignes(lignes_reecrites[0].citations[0]))
    alinea = [a for a in articles if "alinéa" in a.alineas[0]]
    # The figure is the alinéa's only change: it alone is replaced (the usual form), not the alinéa.
    assert [a.alineas for a in alinea] == [["Au chapitre II « Le QPV ces dernières années », au cent treizième "
                                            "alinéa, le nombre « 56,3 » est remplacé par le nombre « 55,0 »."]]
    assert "(55,0\u00a0%)" in alinea[0].comparaison[0][2]


def test_une_valeur_derivee_est_recalculee_et_enoncee(tmp_path, signe) -> None:
    def modifier(s: Path) -> None:
        csv = s / "donnees" / "demandeurs-emploi-t2.csv"
        csv.write_text(csv.read_text(encoding="utf-8").replace(";453;409", ";453;400"), encoding="utf-8")

    articles, texte = amender(tmp_path, signe, modifier)
    assert len(articles) == 1
    (ligne,) = articles[0].citations[0].enfants
    assert [c.texte for c in ligne.enfants][-1] == "\u221211,7\u00a0%"  # évolution 2022 → 2023, computed
    assert "« Nombre de demandeurs d'emploi T2 » est ainsi rédigée :" in articles[0].alineas[0]
    assert articles[0].comparaison[0][1].endswith("\u22129,7 %") and articles[0].comparaison[0][2].endswith("\u221211,7 %")


def test_un_export_remplace_par_une_annee_plus_recente_reecrit_le_tableau(tmp_path, signe) -> None:
    def modifier(s: Path) -> None:
        (s / "donnees" / "demandeurs-emploi-t2.csv").write_text(
            "code;libelle;2022;2023;2024\ndemandeurs-t2;Nombre de demandeurs d'emploi T2;453;409;398\n"
            "demandeurs-moins-26-t2;Nombre de demandeurs d'emploi de catégories A, B ou C de moins de 26 ans T2;60;45;41\n",
            encoding="utf-8")

    articles, texte = amender(tmp_path, signe, modifier)
    assert len(articles) == 1
    assert articles[0].alineas[0].startswith("Au chapitre I « Le quartier en quelques chiffres », le tableau « "
                                             "Comparaison de situation des demandeurs d'emploi")
    assert "2024" in articles[0].citations[0].entetes and "398" in lignes(articles[0].citations[0])


# --- enjeux --------------------------------------------------------------------------------------


def test_un_axe_deplace_d_un_enjeu_a_l_autre_nomme_son_origine(tmp_path, signe) -> None:
    articles, texte = amender(tmp_path, signe, deplacer_axe_vers_la_fin_de_l_enjeu_2)
    assert len(articles) == 1
    assert articles[0].alineas == [
        "La ligne « Lien ville/quartier », qui figurait au chapitre IV « Les enjeux pour la nouvelle contractualisation », "
        "à l'enjeu 1 « Aménagements du quartier - Vie du quartier – Lien avec la ville – Transitions », dans le tableau, "
        "est placée à l'enjeu 2 « Intégration/Education/Valeurs de la République », dans le tableau, après la ligne "
        "« Lutter contre toutes formes de séparatisme »."]


def test_un_axe_deplace_dans_son_enjeu_et_un_axe_supprime(tmp_path, signe) -> None:
    articles, texte = amender(tmp_path, signe, lambda s: (scenarios.avenant_1(s), scenarios.avenant_2(s)))
    assert "dans le tableau, la ligne « Lien ville/quartier » est placée après la ligne « Aménagement des équipements »." in texte
    assert "dans le tableau, la ligne « Lutter contre les trafics » est supprimée." in texte
    assert ("Les mentions « Favoriser les projets pour sensibiliser sur les conduites à risques », « Lutter contre les "
            "trafics en supprimant les points de deal » et « Accompagner les plus jeunes pour leur éviter d'être approchés "
            "par les dealers », qui figuraient") in texte
    assert "sont placées à la ligne « Maintenir la sécurité des biens, le partage de l'espace public »" in texte


def test_un_nouvel_enjeu_est_cite_avec_son_tableau_et_la_liste_generee_le_mentionne(tmp_path, signe) -> None:
    def modifier(s: Path) -> None:
        with (s / "enjeux.yaml").open("a", encoding="utf-8") as f:
            f.write('''  - code: "transition-ecologique"
    titre: "Transition écologique et cadre de vie"
    axes:
      - code: "renovation-energetique"
        titre: "Rénovation énergétique des logements"
        objectifs:
          - {code: "reduire-charges", texte: "Réduire les charges des locataires"}
        partenaires: ["region", "bailleurs-sociaux"]
        leviers:
          - {code: "maprimerenov", texte: "Aides à la rénovation"}
        criteres_evaluation:
          - {code: "logements-renoves", texte: "Nombre de logements rénovés"}
''')

    articles, texte = amender(tmp_path, signe, modifier)
    enjeu = next(a for a in articles if a.citations and a.citations[0].genre == "enjeu")
    assert enjeu.alineas == ["Au chapitre IV « Les enjeux pour la nouvelle contractualisation », après l'enjeu 4 "
                             "« Prévention/Sécurité/Ambition particulière sur la jeunesse », il est inséré un enjeu "
                             "ainsi rédigé :"] or "est complété par un enjeu ainsi rédigé :" in enjeu.alineas[0]
    cite = lignes(enjeu.citations[0])
    assert cite[:2] == ["5) Transition écologique et cadre de vie", "Transition écologique et cadre de vie"]
    assert "Nombre de logements rénovés" in cite and "Région" in cite
    # The list of the enjeux' titles in chapter IV is generated: it gains an alinéa, stated too.
    # That list is a bulleted one: the new item is quoted below the sentence, as it prints (its bullet).
    assert any("il est inséré un alinéa ainsi rédigé :" in a.alineas[0] and a.citations
               and [lignes(c) for c in a.citations] == [["Transition écologique et cadre de vie"]]
               and a.citations[0].role == "puce" for a in articles)


def test_objectif_partenaire_levier_critere_ajoutes_reformules_supprimes(tmp_path, signe) -> None:
    def modifier(s: Path) -> None:
        f = s / "enjeux.yaml"
        remplacer(f, '''          - code: "communiquer-projets"
            texte: "Communiquer davantage sur les projets développés sur le quartier"
''', '''          - code: "communiquer-projets"
            texte: "Communiquer davantage sur les projets développés sur le quartier et en ville"
          - code: "jardins-partages"
            texte: "Développer les jardins partagés"
''')
        remplacer(f, '''          - "anru"
          - "region"
          - "agglo-ville"
          - "bailleurs-sociaux"''', '''          - "anru"
          - "agglo-ville"
          - "bailleurs-sociaux"
          - "caf"''')
        remplacer(f, '''          - code: "ci-cia-mixite-sociale"
            texte: "CI-CIA mixité sociale"
''', "")
        remplacer(f, 'texte: "Financements de l\'ANRU"', 'texte: "Financements de l\'ANRU et de l\'ANCT"')
        remplacer(f, '''          - code: "synthese-services-proximite"
            texte: "Synthèse des nouveaux services de proximité"
''', "")
        remplacer(f, '''          - code: "renovation-urbaine"
            texte: "Poursuivre les projets dynamiques et innovants de rénovations urbaines"
''', "")

    articles, texte = amender(tmp_path, signe, modifier)
    assert ("la colonne « Objectifs généraux », la mention « Communiquer davantage sur les projets développés sur le "
            "quartier » est ainsi rédigée : « Communiquer davantage sur les projets développés sur le quartier et en ville »") in texte
    assert "la colonne « Objectifs généraux » est complétée par une mention ainsi rédigée : « Développer les jardins partagés »" in texte
    assert "dans la colonne « Partenaires associés », la mention « Région » est supprimée." in texte
    assert ("dans la colonne « Partenaires associés », après la mention « Les bailleurs sociaux », il est inséré une "
            "mention ainsi rédigée : « CAF »") in texte
    assert "dans la colonne « Leviers », la mention « CI-CIA mixité sociale » est supprimée." in texte
    assert "« Financements de l'ANRU et de l'ANCT »" in texte
    assert ("dans la colonne « Objectifs généraux », la mention « Poursuivre les projets dynamiques et innovants de "
            "rénovations urbaines » est supprimée.") in texte
    assert all(a.alineas[0].startswith("Au chapitre IV « Les enjeux pour la nouvelle contractualisation », à l'enjeu 1 "
                                       "« Aménagements du quartier") for a in articles[:-1])
    # Consequence: « CI-CIA » is no longer used anywhere, so the generated list of acronyms loses it.
    assert articles[-1].alineas == ["À la partie « Liste des sigles », dans le tableau des sigles, la ligne « CI-CIA » "
                                    "est supprimée."]
    assert "dans la colonne « Critères d'évaluation (intégrer des données genrées) », la mention « Synthèse des nouveaux services de proximité » est supprimée." in texte
    assert len(articles) == 9


# --- prose, chapters -----------------------------------------------------------------------------


def test_alineas_ajoute_reecrit_supprime_et_titre_de_chapitre(tmp_path, signe) -> None:
    def modifier(s: Path) -> None:
        f = s / "textes" / "evaluation.md"
        remplacer(f, "Le Contrat de ville fera l'objet d'une évaluation intermédiaire et finale en 2030.",
                  "Le Contrat de ville fera l'objet d'une évaluation intermédiaire en 2027 et finale en 2030.")
        remplacer(f, "L'observation doit permettre aux acteurs une connaissance continue et actualisée du territoire et "
                     "constituer un outil d'aide à la décision.\n\n", "")
        remplacer(f, "Celles-ci se baseront sur :", "Un observatoire du quartier sera mis en place en 2025.\n\n"
                                                     "Celles-ci se baseront sur :")
        remplacer(s / "contrat.yaml", 'titre: "Evaluation"', 'titre: "Évaluation et observation"')

    articles, texte = amender(tmp_path, signe, modifier)
    # Read in order, the articles after the one renaming chapter V name it by its new title.
    chapitre = "Au chapitre V « Évaluation et observation »"
    assert ("L'intitulé du chapitre V « Evaluation » est ainsi rédigé : « Évaluation et observation ».") in texte
    assert "Au chapitre V « Evaluation »" not in texte
    assert f"{chapitre}, le quatrième alinéa est supprimé (« L'observation doit permettre" in texte
    assert (f"{chapitre}, le sixième alinéa est ainsi rédigé : « Le Contrat de ville fera l'objet d'une évaluation "
            "intermédiaire en 2027 et finale en 2030. »") in texte
    assert (f"{chapitre}, après le sixième alinéa, il est inséré un alinéa ainsi rédigé :\n« Un observatoire du "
            "quartier sera mis en place en 2025. »") in texte


# --- annexes, contributions ------------------------------------------------------------------------


def test_annexe_et_contribution_ajoutees_puis_remplacees(tmp_path, signe) -> None:
    def ajouter(s: Path) -> None:
        scenarios.carte(s / "annexes" / "carte-perimetre.pdf")
        remplacer(s / "contrat.yaml", "  - {code: civ, fichier: annexes/civ.yaml}\n",
                  "  - {code: civ, fichier: annexes/civ.yaml}\n  - {code: carte-perimetre, titre: \"Carte du "
                  "périmètre\", fichier: annexes/carte-perimetre.pdf}\n")
        (s / "contributions" / "10-bailleur.yaml").write_text(
            'code: "contribution-bailleur"\ntitre: "Contribution du bailleur social"\norganisation: "bailleurs-sociaux"\n'
            'blocs:\n  - texte: |\n      Le bailleur engage la réhabilitation de 120 logements du quartier.\n',
            encoding="utf-8")
        scenarios.carte(s / "contributions" / "11-plan-bailleur.pdf", "Plan de patrimoine du bailleur")
        remplacer(s / "contrat.yaml", "  - {fichier: contributions/09-caisse-des-depots.yaml}\n",
                  "  - {fichier: contributions/09-caisse-des-depots.yaml}\n  - {fichier: contributions/10-bailleur.yaml}\n"
                  "  - {code: plan-bailleur, titre: \"Plan de patrimoine du bailleur social\", organisation: bailleurs-sociaux, "
                  "fichier: contributions/11-plan-bailleur.pdf}\n")

    sources = _copie(tmp_path)
    ajouter(sources)
    un = valider_dossier(sources).contrat
    articles, a, b = rediger(signe, un)
    texte = verifier(articles, a, b, _codes(signe, un))
    annexe = next(a for a in articles if a.citations and a.citations[0].genre == "annexe")
    assert annexe.alineas[0].endswith("il est inséré une annexe ainsi rédigée et le document joint au présent avenant :")
    assert "après l'annexe n° 1 « LES MESURES DU COMITE INTERMINISTERIEL DE LA VILLE du 27 octobre 2023 »" in annexe.alineas[0]
    assert "« ANNEXE N°2 : Concertation habitants » devient « ANNEXE N°3 : Concertation habitants »" in texte
    contribution = next(a for a in articles if a.citations and a.citations[0].genre == "contribution")
    assert lignes(contribution.citations[0]) == ["Contribution du bailleur social",
                                                 "Le bailleur engage la réhabilitation de 120 logements du quartier."]
    assert any(x.alineas[0] == "Le chapitre VIII « Contributions des partenaires » est complété par une contribution "
               "ainsi rédigée et le document joint au présent avenant :" for x in articles)
    # Then all are replaced: the PDFs by new files, the YAML contribution's and annex's texts rewritten.
    scenarios.carte(sources / "annexes" / "carte-perimetre.pdf", "Carte mise a jour")
    scenarios.carte(sources / "contributions" / "11-plan-bailleur.pdf", "Plan de patrimoine 2027")
    remplacer(sources / "contributions" / "10-bailleur.yaml", "120 logements", "150 logements")
    remplacer(sources / "annexes" / "concertation-habitants.yaml", "Deux groupes d'habitants ont été constitués",
              "Deux groupes d'habitants du quartier ont été constitués")
    deux = valider_dossier(sources).contrat
    articles, a, b = rediger(un, deux, signe)
    texte = verifier(articles, a, b, _codes(un, deux))
    assert [x.alineas[0][:150] for x in articles] == [y[:150] for y in (
        "L'annexe n° 2 « Carte du périmètre » est remplacée par le document joint au présent avenant.",
        "Au chapitre VII « Annexes », à l'annexe n° 3 « Concertation habitants », le premier alinéa est ainsi rédigé : "
        "« Deux groupes d'habitants du quartier ont été",
        "Au chapitre VIII « Contributions des partenaires », à la contribution « Contribution du bailleur social », "
        "au premier alinéa, le nombre « 120 » est remplacé par le nombre « 150 ».",
        "La contribution « Plan de patrimoine du bailleur social » est remplacée par le document joint au présent avenant.")]


# --- signatories ---------------------------------------------------------------------------------


def test_nouveau_signataire_et_changement_de_representant(tmp_path, signe) -> None:
    def modifier(s: Path) -> None:
        scenarios.avenant_1(s)
        remplacer(s / "contrat.yaml", '{code: etat, organisation: etat, qualite: "Le Préfet du Jura"}',
                  '{code: etat, organisation: etat, qualite: "La Préfète du Jura", nom: "Marie DUPONT"}')

    sources = _copie(tmp_path)
    modifier(sources)
    apres = valider_dossier(sources).contrat
    articles, a, b = rediger(signe, apres)
    texte = verifier(articles, a, b, _codes(signe, apres))
    # The new party joins: stated; the new préfète signs the avenant: no article, reported apart.
    assert "Préfète" not in texte and "DUPONT" not in texte
    assert representants(signe, apres) == ["État – Préfecture du Jura : Le Préfet du Jura → La Préfète du Jura, Marie DUPONT"]
    adhesion = articles[-1]
    assert lignes(adhesion.citations[0]) == ["Parties ayant adhéré au contrat par avenant", "Mutualité du Jura"]
    # The consolidated contract keeps the signature page as signed: who, where, when.
    signatures = [n for n in b.enfants if n.genre == "signatures"][0]
    assert "Le Préfet du Jura" in lignes(signatures) and "La Préfète du Jura" not in lignes(signatures)


def test_un_changement_de_representant_seul_ne_fait_aucun_article(tmp_path, signe) -> None:
    sources = _copie(tmp_path)
    remplacer(sources / "contrat.yaml", 'nom: "Marie-Guite DUFAY"', 'nom: "Jérôme DURAIN"')
    remplacer(sources / "contrat.yaml", '"La Présidente du Conseil régional', '"Le Président du Conseil régional')
    apres = valider_dossier(sources).contrat
    a, b = imprimer(signe), imprimer(apres, page_signatures(apres, signe))
    assert Redaction(a, b).articles_verifies() == []
    assert len(representants(signe, apres)) == 1


def test_deux_avenants_successifs(tmp_path, signe) -> None:
    sources = _copie(tmp_path)
    scenarios.avenant_1(sources)
    un = valider_dossier(sources).contrat
    articles_1, a, b = rediger(signe, un)
    verifier(articles_1, a, b, _codes(signe, un))
    scenarios.avenant_2(sources)
    deux = valider_dossier(sources).contrat
    articles_2, a, b = rediger(un, deux, signe)
    texte = verifier(articles_2, a, b, _codes(un, deux))
    # Avenant 2 states only its own changes: the new signatory of avenant 1 is already a party.
    assert "Mutualité du Jura" not in "\n".join(x.alineas[0] for x in articles_2)
    assert "Pacte plein emploi" not in texte


def test_un_autre_territoire_ses_chapitres_et_ses_en_tetes(tmp_path) -> None:
    """Nothing of the Grand Dole in the drafting: the enjeux are in chapter II here, the columns
    have other headers."""
    sources = tmp_path / "sources"
    shutil.copytree(RACINE / "tests" / "fixtures" / "minimal" / "sources", sources)
    avant = valider_dossier(sources).contrat
    remplacer(sources / "contrat.yaml", '[{code: sorties, texte: "Nombre de sorties positives"}]',
              '[{code: sorties, texte: "Nombre de sorties positives"}, {code: femmes, texte: "Part des femmes"}]')
    apres = valider_dossier(sources).contrat
    articles, a, b = rediger(avant, apres)
    verifier(articles, a, b, _codes(avant, apres))
    assert [x.alineas for x in articles] == [[
        "Au chapitre II « Les enjeux », à l'enjeu 1 « Emploi et insertion », dans le tableau, à la ligne « Insertion "
        "des jeunes », la colonne « Critères d'évaluation » est complétée par une mention ainsi rédigée : « Part des "
        "femmes »."]]


def test_ligne_inseree_dans_un_tableau_d_annexe_lettre_et_alinea_devenu_intertitre(tmp_path, signe) -> None:
    def modifier(s: Path) -> None:
        remplacer(s / "annexes" / "consultation-partenaires.yaml", '''      colonnes: ["Quelles sont les actions structurantes à conserver ?", "Que doit-on mieux faire, innover, expérimenter, en termes d'actions ?"]
      lignes:
        - - |
            - Une présence des services publics''', '''      colonnes: ["Quelles sont les actions structurantes à conserver ?", "Que doit-on mieux faire, innover, expérimenter, en termes d'actions ?"]
      lignes:
        - - "Le forum de l'emploi du quartier"
          - "L'ouvrir aux entreprises du territoire"
        - - |
            - Une présence des services publics''')
        remplacer(s / "contributions" / "02-sdjes.yaml", 'objet: "Déclinaison des projets éducatifs locaux',
                  'objet: "Déclinaison actualisée des projets éducatifs locaux')
        remplacer(s / "textes" / "evaluation.md", "Celles-ci se baseront sur :", "## Celles-ci se baseront sur :")

    articles, texte = amender(tmp_path, signe, modifier)
    ligne = next(a for a in articles if "il est inséré une ligne ainsi rédigée :" in a.alineas[0])
    assert ligne.alineas[0] == ("Au chapitre VII « Annexes », à l'annexe n° 3 « Consultation partenaires », dans le "
                                "troisième tableau, après la ligne des en-têtes, il est inséré une ligne ainsi rédigée :")
    assert ligne.citations[0].entetes == ("Quelles sont les actions structurantes à conserver ?",
                                          "Que doit-on mieux faire, innover, expérimenter, en termes d'actions ?")
    assert lignes(ligne.citations[0]) == ["Le forum de l'emploi du quartier", "L'ouvrir aux entreprises du territoire"]
    assert ("à la contribution « Contribution de la SDJES », dans la lettre, la mention « Objet : Déclinaison des "
            "projets éducatifs locaux dans les quartiers en politique de la ville du Jura. » est ainsi rédigée : "
            "« Objet : Déclinaison actualisée des projets") in texte
    assert "Au chapitre V « Evaluation », le septième alinéa est supprimé (« Celles-ci se baseront sur : »)." in texte
    assert ("Au chapitre V « Evaluation », après le sixième alinéa, il est inséré un intertitre ainsi rédigé :\n"
            "« 1) Celles-ci se baseront sur : »") in texte


# --- hard cases (found by review): each keeps every invariant ---------------------------------------

_L1 = '      - {code: moins-25-ans, libelle: "Jeunes de moins de 25 ans", valeurs: {qpv: "34,7"}, unite: "%"}\n'
_L2 = '      - {code: plus-60-ans, libelle: "Personnes de 60 ans et plus", valeurs: {qpv: "19,2"}, unite: "%"}\n'
_R = ('          - code: "redynamiser-commerces"\n            texte: "Redynamiser les commerces et services de '
      'proximité (amortir l\'image négative/dégradée et le manque d\'attractivité)"\n')
_C = ('          - code: "communiquer-projets"\n'
      '            texte: "Communiquer davantage sur les projets développés sur le quartier"\n')
_G = '          - code: "relancer-gup"\n            texte: "Relancer la GUP et la veille au sein du quartier"\n'


def _objectifs_repris_avec_un_nouveau_entre_eux(s: Path) -> None:
    remplacer(s / "enjeux.yaml", _R, "")
    remplacer(s / "enjeux.yaml", _C, "")
    remplacer(s / "enjeux.yaml", _G, _G + _R + '          - code: "nouveau"\n            texte: "Nouvel objectif"\n' + _C)


def _tableau_insere_avant_le_premier_texte(s: Path) -> None:
    remplacer(s / "annexes" / "concertation-habitants.yaml", "blocs:\n",
              'blocs:\n  - tableau:\n      colonnes: ["Atelier", "Participants"]\n      lignes:\n'
              '        - ["Jeunes", "20"]\n')


def _annexe_devenue_pdf(s: Path) -> None:
    scenarios.carte(s / "annexes" / "consultation.pdf", "Compte rendu signe")
    remplacer(s / "contrat.yaml", "{code: consultation-partenaires, fichier: annexes/consultation-partenaires.yaml}",
              '{code: consultation-partenaires, titre: "Consultation partenaires", fichier: annexes/consultation.pdf}')


@pytest.mark.parametrize("modifier, attendu", [
    (lambda s: remplacer(s / "chiffres_cles.yaml", _L1 + _L2, _L2.replace("19,2", "20,1") + _L1),
     ["dans le tableau « Répartition en pourcentage : », la ligne « Personnes de 60 ans et plus » est placée après "
      "la ligne « Femme ».", "la ligne « Personnes de 60 ans et plus » est ainsi rédigée :"]),
    (_objectifs_repris_avec_un_nouveau_entre_eux,
     ["dans la colonne « Objectifs généraux », après la mention « Redynamiser les commerces", "« Nouvel objectif »"]),
    (_tableau_insere_avant_le_premier_texte,
     ["à l'annexe n° 2 « Concertation habitants », avant le premier alinéa, il est inséré un tableau ainsi rédigé :"]),
    (_annexe_devenue_pdf,
     ["Au chapitre VII « Annexes », l'annexe n° 3 « Consultation partenaires » est remplacée par le document joint au "
      "présent avenant."]),
    (lambda s: remplacer(s / "annexes" / "concertation-habitants.yaml", "- Le stade synthétique\n",
                         "- Le stade synthétique\n      - Le marché du dimanche\n"),
     ["à l'annexe n° 2 « Concertation habitants », après le neuvième alinéa, il est inséré un alinéa ainsi rédigé :"]),
], ids=["ligne-deplacee-et-modifiee", "reprise-avec-insertion", "tableau-avant-texte", "annexe-devenue-pdf",
        "alinea-dans-un-bloc"])
def test_cas_difficiles(tmp_path, signe, modifier, attendu) -> None:
    articles, texte = amender(tmp_path, signe, modifier)
    for morceau in attendu:
        assert morceau in texte, morceau


def test_le_titre_d_un_enjeu_change_partout_ou_il_s_imprime_en_un_article(tmp_path, signe) -> None:
    """Heading, title row of its table and item of the generated list in chapter IV: one article."""
    articles, texte = amender(tmp_path, signe, lambda s: remplacer(
        s / "enjeux.yaml", 'titre: "Intégration/Education/Valeurs de la République"',
        'titre: "Intégration, éducation et valeurs de la République"'))
    assert [a.alineas for a in articles] == [[
        "Dans l'ensemble du contrat, les mots : « Intégration/Education/Valeurs de la République » sont remplacés par "
        "les mots : « Intégration, éducation et valeurs de la République »."]]
    # The tableau comparatif names the three places (the list of chapter IV, the heading, the table).
    assert [p for p, _, _ in articles[0].comparaison] == [
        "Chapitre IV « Les enjeux pour la nouvelle contractualisation », trente et unième alinéa",
        "Chapitre IV « Les enjeux pour la nouvelle contractualisation », enjeu 2 « Intégration/Education/Valeurs de la "
        "République »",
        "Chapitre IV « Les enjeux pour la nouvelle contractualisation », enjeu 2 « Intégration/Education/Valeurs de la "
        "République », tableau"]


def test_l_avenant_est_signe_par_les_representants_actuels(tmp_path, signe) -> None:
    """The new préfète signs the avenant (parties and signature blocks), with no article about it."""
    from io import BytesIO

    from docx import Document

    from contrat.amendements.avenant import Versions, articles
    from contrat.rendu.avenant import rendre_avenant
    from contrat.rendu.docx import OptionsRendu

    sources = _copie(tmp_path)
    scenarios.avenant_1(sources)
    remplacer(sources / "contrat.yaml", '{code: etat, organisation: etat, qualite: "Le Préfet du Jura"}',
              '{code: etat, organisation: etat, qualite: "La Préfète du Jura", nom: "Marie DUPONT"}')
    apres = valider_dossier(sources).contrat
    v = Versions(signe, apres, apres.avenants[-1], "contrat-signe", (), signe)
    liste = articles(v)
    document = Document(BytesIO(rendre_avenant(v, liste, OptionsRendu(gabarit=RACINE / "templates" / "avenant.docx"))))
    paragraphes = [p.text for p in document.paragraphs]
    assert "État – Préfecture du Jura, représenté par la Préfète du Jura, Marie DUPONT\u202f;" in paragraphes
    blocs = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert any(b.startswith("État – Préfecture du Jura\nLa Préfète du Jura\nMarie DUPONT") for b in blocs), blocs[-30:]
    assert not any("Préfète" in x for a in liste for x in a.alineas)
