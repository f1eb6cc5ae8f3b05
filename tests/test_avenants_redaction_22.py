"""Issue 22, « Avenants »: how the articles of an avenant are drafted, read in order as printed.

The cases a jurist met (a rename done in every file, a unit moved to the end of another table, a
new party, an intertitre and an alinéa inserted, one digit changed, a table whose columns
change) are drafted between two contracts as they print, and each keeps the invariants of every
avenant (``redaction_aides.verifier``). The closure check reads the articles in order: an article
that targets a unit an earlier one removed or renamed is refused, by the check and by ``diff``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from contrat.amendements.operations import ErreurApplication, Operation, appliquer_dans_l_ordre, empreinte_imprimee
from contrat.amendements.redaction import Article, ErreurRedaction, Redaction, verifier_articles
from contrat.controles.dossier import valider_dossier
from contrat.impression.arbre import lignes
from contrat.modele.contrat import Contrat
from redaction_aides import _codes, deplacer_axe_vers_la_fin_de_l_enjeu_2, rediger, verifier

import scenarios
from conftest import RACINE, lancer
from depots import depot_git, etiqueter, git
from scenarios import remplacer


@pytest.fixture(scope="module")
def signe() -> Contrat:
    return valider_dossier(RACINE / "sources").contrat


def amender(tmp_path: Path, signe: Contrat, modifier: Callable[[Path], object]) -> tuple[list[Article], str]:
    sources = tmp_path / "sources"
    shutil.copytree(RACINE / "sources", sources)
    modifier(sources)
    apres = valider_dossier(sources).contrat
    articles, a, b = rediger(signe, apres)
    texte = verifier(articles, a, b, _codes(signe, apres))
    # Read one after the other as printed, the articles also give the consolidated text.
    assert empreinte_imprimee(appliquer_dans_l_ordre(a, [x.operations for x in articles])) == empreinte_imprimee(b)
    return articles, texte


def renommer_ddt(s: Path) -> None:
    """« DDT » renamed « DDTM » in every file: the registry, the acronyms (with a new definition),
    a contribution's heading, a cell of an enjeu."""
    remplacer(s / "organisations.yaml", 'libelle: "DDT"\n    sigle: "DDT"', 'libelle: "DDTM"\n    sigle: "DDTM"')
    remplacer(s / "sigles.yaml", '  - sigle: "DDT"\n    definition: "Direction départementale des territoires"',
              '  - sigle: "DDTM"\n    definition: "Direction départementale des territoires et de la mer"')
    remplacer(s / "contributions" / "01-services-etat.yaml", "### DDT\n", "### DDTM\n")
    remplacer(s / "enjeux.yaml", '"DDT : transitions', '"DDTM : transitions')


# --- 1. a rename done in every file -----------------------------------------------------------------


def test_un_renommage_partout_fait_un_article_global_puis_nomme_la_ligne_par_son_nouveau_sigle(tmp_path, signe) -> None:
    articles, texte = amender(tmp_path, signe, renommer_ddt)
    alineas = [a.alineas for a in articles]
    # One word: « le mot … est remplacé », never « les mots … sont remplacés ».
    assert alineas[0] == ["Dans l'ensemble du contrat, le mot : « DDT » est remplacé par le mot : « DDTM »."]
    # The row of the list of acronyms is the same row renamed: its new definition is stated by an
    # article naming it « DDTM » (as it reads after the first article); no deletion of « DDT »
    # (already renamed), no second row « DDTM ».
    assert alineas[1:] == [["À la partie « Liste des sigles », dans le tableau des sigles, la ligne « DDTM » est ainsi "
                            "rédigée :"]]
    assert lignes(articles[1].citations[0]) == ["DDTM", "Direction départementale des territoires et de la mer"]
    assert "la ligne « DDT »" not in texte and "supprimée" not in texte and "inséré" not in texte
    # The tableau comparatif lists each place where the word printed, not « Ensemble du contrat (n occurrences) ».
    places = [p for p, _, _ in articles[0].comparaison]
    assert not any(p.startswith("Ensemble du contrat") for p in places)
    assert "Partie « Liste des sigles », tableau des sigles, ligne « DDT »" in places
    assert "Chapitre VIII « Contributions des partenaires », contribution « Les dispositifs de l'Etat », intertitre « DDT »" \
        in places
    assert ("DDT : transitions énergétiques et alimentation", "DDTM : transitions énergétiques et alimentation") in \
        [(x, y) for _, x, y in articles[0].comparaison]
    assert len(places) == len(set(places)) >= 6


def test_un_sigle_renomme_sans_autre_changement_n_a_que_l_article_global(tmp_path, signe) -> None:
    def modifier(s: Path) -> None:
        renommer_ddt(s)
        remplacer(s / "sigles.yaml", '"Direction départementale des territoires et de la mer"',
                  '"Direction départementale des territoires"')

    articles, texte = amender(tmp_path, signe, modifier)
    assert [a.alineas for a in articles] == [
        ["Dans l'ensemble du contrat, le mot : « DDT » est remplacé par le mot : « DDTM »."]]
    # The renamed row's identity is part of that article's operations (its key is now « DDTM »).
    assert [op.type for op in articles[0].operations] == ["remplacer_mots", "remplacer"]


# --- 2. a unit moved to the end of another enjeu's table -------------------------------------------


def test_une_ligne_placee_en_fin_du_tableau_d_un_autre_enjeu_dit_sa_position(tmp_path, signe) -> None:
    articles, texte = amender(tmp_path, signe, deplacer_axe_vers_la_fin_de_l_enjeu_2)
    (article,) = articles
    assert article.alineas[0].endswith("est placée à l'enjeu 2 « Intégration/Education/Valeurs de la République », "
                                       "dans le tableau, après la ligne « Lutter contre toutes formes de séparatisme ».")
    # The same position as the tableau comparatif gives.
    assert article.comparaison[0][2].endswith("après la ligne « Lutter contre toutes formes de séparatisme »")


# --- 3. a new party ---------------------------------------------------------------------------------


def _signataire(code: str, organisation: str, qualite: str) -> Callable[[Path], None]:
    def ajouter(s: Path) -> None:
        with (s / "contrat.yaml").open("a", encoding="utf-8") as f:
            f.write(f'  - {{code: {code}, organisation: {organisation}, qualite: "{qualite}"}}\n')
    return ajouter


def test_une_nouvelle_partie_adhere_au_contrat(tmp_path, signe) -> None:
    articles, texte = amender(tmp_path, signe, scenarios.avenant_1)
    adhesion = articles[-1]
    assert adhesion.alineas == [
        "Mutualité du Jura devient partie au contrat et y adhère ; les stipulations du contrat, dans sa rédaction issue "
        "du présent avenant, lui sont applicables à compter de l'entrée en vigueur du présent avenant.",
        "En conséquence, après la page des signatures, il est inséré une liste ainsi rédigée :"]
    assert lignes(adhesion.citations[0]) == ["Parties ayant adhéré au contrat par avenant", "Mutualité du Jura"]
    assert "il est inséré une liste ainsi rédigée" not in texte.split("\n")[0]


def test_deux_nouvelles_parties_puis_une_troisieme_par_un_second_avenant(tmp_path, signe) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(RACINE / "sources", sources)
    scenarios.avenant_1(sources)
    _signataire("caf-bis", "caf", "La Directrice de la CAF du Jura")(sources)
    un = valider_dossier(sources).contrat
    articles, a, b = rediger(signe, un)
    verifier(articles, a, b, _codes(signe, un))
    assert articles[-1].alineas[0] == (
        "Mutualité du Jura et Caisse d'allocations familiales du Jura deviennent parties au contrat et y adhèrent ; les "
        "stipulations du contrat, dans sa rédaction issue du présent avenant, leur sont applicables à compter de "
        "l'entrée en vigueur du présent avenant.")
    # A later avenant: the list exists, it is completed; the clause is the same.
    _signataire("anct", "anct", "Le délégué territorial de l'ANCT")(sources)
    deux = valider_dossier(sources).contrat
    articles, a, b = rediger(un, deux, signe)
    verifier(articles, a, b, _codes(un, deux))
    (article,) = articles
    assert re.fullmatch(r".+ devient partie au contrat et y adhère ; les stipulations du contrat, dans sa rédaction "
                        r"issue du présent avenant, lui sont applicables à compter de l'entrée en vigueur du présent "
                        r"avenant\.", article.alineas[0])
    assert re.fullmatch(r"En conséquence, la liste « Parties ayant adhéré au contrat par avenant » est complétée par une "
                        r"mention ainsi rédigée : « .+ »\.", article.alineas[1])


# --- 4. prose: counted by kind; one figure or word replaced ------------------------------------------


def test_un_intertitre_et_un_alinea_inseres_sont_denombres_en_francais(tmp_path, signe) -> None:
    articles, texte = amender(tmp_path, signe, lambda s: remplacer(
        s / "textes" / "evaluation.md", "Celles-ci se baseront sur :",
        "## Observatoire\n\nUn observatoire du quartier sera créé.\n\nCelles-ci se baseront sur :"))
    assert [a.alineas for a in articles] == [[
        "Au chapitre V « Evaluation », après le sixième alinéa, sont insérés un intertitre et un alinéa ainsi rédigés :",
        "« 1) Observatoire »", "« Un observatoire du quartier sera créé. »"]]
    assert "alinéas et intertitres" not in texte


def test_deux_alineas_inseres(tmp_path, signe) -> None:
    articles, texte = amender(tmp_path, signe, lambda s: remplacer(
        s / "textes" / "evaluation.md", "Celles-ci se baseront sur :",
        "Un observatoire sera créé.\n\nIl se réunira chaque année.\n\nCelles-ci se baseront sur :"))
    assert articles[0].alineas[0] == ("Au chapitre V « Evaluation », après le sixième alinéa, sont insérés deux alinéas "
                                      "ainsi rédigés :")


@pytest.mark.parametrize("avant, apres, attendu", [
    ("Le contrat de ville dure 6 ans.", "Le contrat de ville dure 7 ans.",
     "Au chapitre V « Evaluation », au premier alinéa, le chiffre « 6 » est remplacé par le chiffre « 7 »."),
    ("Le contrat de ville dure 6 ans.", "Le contrat de ville dure 10 ans.",
     "Au chapitre V « Evaluation », au premier alinéa, le chiffre « 6 » est remplacé par le nombre « 10 »."),
    ("intermédiaire et finale en 2030.", "intermédiaire et finale en 2031.",
     "Au chapitre V « Evaluation », au sixième alinéa, le nombre « 2030 » est remplacé par le nombre « 2031 »."),
    ("Le contrat de ville dure 6 ans.", "Le contrat de ville durera 6 ans.",
     "Au chapitre V « Evaluation », au premier alinéa, le mot « dure » est remplacé par le mot « durera »."),
], ids=["chiffre", "chiffre-par-nombre", "nombre", "mot"])
def test_un_seul_chiffre_ou_mot_change_dans_un_alinea(tmp_path, signe, avant, apres, attendu) -> None:
    articles, texte = amender(tmp_path, signe, lambda s: remplacer(s / "textes" / "evaluation.md", avant, apres))
    assert [a.alineas for a in articles] == [[attendu]]
    # The tableau comparatif still shows the whole alinéa, before and after.
    assert apres in articles[0].comparaison[0][2] and avant in articles[0].comparaison[0][1]


def test_deux_changements_dans_un_alinea_le_reecrivent(tmp_path, signe) -> None:
    articles, texte = amender(tmp_path, signe, lambda s: remplacer(
        s / "textes" / "evaluation.md", "Le contrat de ville dure 6 ans.", "Le contrat de ville durera 7 ans."))
    assert articles[0].alineas[0].startswith("Au chapitre V « Evaluation », le premier alinéa est ainsi rédigé : "
                                             "« Le contrat de ville durera 7 ans.")


# --- 5. a table whose columns change ------------------------------------------------------------------


def _colonne_ajoutee(s: Path) -> None:
    """A column « Ville » added to a table of figures that prints no header row."""
    f = s / "chiffres_cles.yaml"
    texte = f.read_text(encoding="utf-8")
    debut = texte.index("  - code: qualification-demandeurs")
    fin = texte.index("    sommes_100", debut)
    bloc = texte[debut:fin].replace('      - {code: qpv, libelle: "QPV"}\n',
                                    '      - {code: qpv, libelle: "QPV"}\n      - {code: ville, libelle: "Ville"}\n')
    bloc = re.sub(r'valeurs: \{qpv: "(\d+)"\}', r'valeurs: {qpv: "\1", ville: "1\1"}', bloc)
    f.write_text(texte[:debut] + bloc + texte[fin:], encoding="utf-8")


def test_un_tableau_dont_les_colonnes_changent_est_reecrit_en_entier(tmp_path, signe) -> None:
    articles, texte = amender(tmp_path, signe, _colonne_ajoutee)
    assert [a.alineas for a in articles] == [[
        "Au chapitre I « Le quartier en quelques chiffres », le tableau « Niveau de qualification : » est ainsi "
        "rédigé :"]]
    assert [op.type for op in articles[0].operations] == ["remplacer"]
    cite = [" ".join(x.split()) for x in lignes(articles[0].citations[0])]
    assert cite[:4] == ["Niveau de qualification :", "Ouvrier non qualifié", "17 %", "117 %"]


# --- 6. the closure check reads the articles in order ---------------------------------------------


def _imprimes(signe: Contrat, tmp_path: Path, modifier: Callable[[Path], object]):  # noqa: ANN202
    from contrat.impression.unites import imprimer, page_signatures

    sources = tmp_path / "sources"
    shutil.copytree(RACINE / "sources", sources)
    modifier(sources)
    apres = valider_dossier(sources).contrat
    return imprimer(signe, page_signatures(signe, signe)), imprimer(apres, page_signatures(apres, signe))


def _contradictoires(a, b) -> list[Article]:  # noqa: ANN001
    """The articles the issue found: the global rename, then the deletion of the row it renamed
    (by its old name) and the insertion of a second row « DDTM »."""
    sigles = next(n for n in a.enfants if n.texte == "Liste des sigles")
    tableau = sigles.enfants[-1]
    chemin = (sigles.cle, tableau.cle)
    nouveau = next(n for n in b.enfants if n.texte == "Liste des sigles").enfants[-1].enfant("DDTM")
    precedent = [n.cle for n in tableau.enfants][[n.cle for n in tableau.enfants].index("DDT") - 1]
    return [
        Article(["Dans l'ensemble du contrat, le mot : « DDT » est remplacé par le mot : « DDTM »."],
                operations=[Operation("remplacer_mots", texte="DDTM", ancien="DDT")]),
        Article(["À la partie « Liste des sigles », dans le tableau des sigles, la ligne « DDT » est supprimée."],
                operations=[Operation("supprimer", cible=chemin + ("DDT",))]),
        Article(["…, il est inséré une ligne ainsi rédigée :"],
                operations=[Operation("inserer", parent=chemin, precedent=precedent, noeud=nouveau)]),
    ]


def test_une_ligne_renommee_puis_supprimee_par_son_ancien_nom_est_refusee(tmp_path, signe) -> None:
    a, b = _imprimes(signe, tmp_path, renommer_ddt)
    articles = _contradictoires(a, b)
    # Applied all at once (the deletion is by key), they give the consolidated text...
    from contrat.amendements.operations import appliquer
    from contrat.amendements.redaction import operations

    assert empreinte_imprimee(appliquer(a, operations(articles))) == empreinte_imprimee(b)
    # ... but read in order, article 3 targets a row article 2 renamed.
    with pytest.raises(ErreurApplication, match=re.escape(
            "l'article 3 vise la ligne « DDT », que l'article 2 a renommée (elle se lit désormais « DDTM »)")):
        verifier_articles(a, b, articles)
    # The articles actually drafted pass the same check.
    verifier_articles(a, b, Redaction(a, b).articles_verifies())


def test_une_unite_supprimee_puis_visee_est_refusee(tmp_path, signe) -> None:
    a, b = _imprimes(signe, tmp_path, lambda s: None)
    chapitre = next(n for n in a.enfants if n.texte == "Liste des sigles")
    ligne = chapitre.enfants[-1].enfant("DDT")
    chemin = (chapitre.cle, chapitre.enfants[-1].cle, "DDT")
    articles = [Article(["… la ligne « DDT » est supprimée."], operations=[Operation("supprimer", cible=chemin)]),
                Article(["… la ligne « DDT » est ainsi rédigée :"],
                        operations=[Operation("remplacer", cible=chemin, noeud=ligne)])]
    with pytest.raises(ErreurApplication, match=re.escape("l'article 3 vise la ligne « DDT », que l'article 2 a "
                                                          "supprimée")):
        appliquer_dans_l_ordre(a, [x.operations for x in articles])


# --- what the commands answer --------------------------------------------------------------------


@pytest.fixture(scope="module")
def depot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Grand Dole contract committed and tagged as signed."""
    racine = depot_git(tmp_path_factory.mktemp("depot22"), RACINE / "sources")
    etiqueter(racine)
    return racine


def _diff(depot: Path, modifier: Callable[[Path], object]) -> str:
    modifier(depot / "sources")
    try:
        fini = lancer("diff", cwd=depot)
    finally:
        git(depot, "checkout", "-q", "--", ".")
        git(depot, "clean", "-fdq")
    assert fini.returncode == 0, fini.stderr
    return fini.stdout


def test_diff_enonce_le_renommage_comme_l_avenant_le_lira(depot: Path) -> None:
    sortie = _diff(depot, renommer_ddt)
    assert "2 changement(s) du contrat imprimé" in sortie
    assert ("Article 2\n    Dans l'ensemble du contrat, le mot : « DDT » est remplacé par le mot : « DDTM ».\n"
            "\nArticle 3\n    À la partie « Liste des sigles », dans le tableau des sigles, la ligne « DDTM » est ainsi "
            "rédigée :") in sortie
    assert "la ligne « DDT »" not in sortie


def test_diff_json_liste_les_places_du_remplacement_global(depot: Path) -> None:
    import json

    def modifier(s: Path) -> None:
        renommer_ddt(s)
        _colonne_ajoutee(s)

    modifier(depot / "sources")
    try:
        fini = lancer("diff", "--format", "json", cwd=depot)
    finally:
        git(depot, "checkout", "-q", "--", ".")
        git(depot, "clean", "-fdq")
    assert fini.returncode == 0, fini.stderr
    articles = json.loads(fini.stdout)["articles"]
    stipulations = [c["stipulation"] for c in articles[0]["comparaison"]]
    assert "Partie « Liste des sigles », tableau des sigles, ligne « DDT »" in stipulations
    assert not any(s.startswith("Ensemble du contrat") for s in stipulations)
    tableau = next(a for a in articles if "Niveau de qualification" in a["texte"][0])
    assert tableau["operations"] == ["remplacer"]


def test_diff_refuse_des_articles_qui_se_contredisent(depot: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Drafted articles that contradict each other read in order stop the command (code 3) with
    the reason, never an avenant that cannot be read."""
    def contradictoires(self: Redaction, remplacements_globaux: bool = True) -> list[Article]:
        return _contradictoires(self.avant, self.apres)

    monkeypatch.setattr(Redaction, "articles", contradictoires)
    renommer_ddt(depot / "sources")
    try:
        fini = lancer("diff", cwd=depot)
    finally:
        git(depot, "checkout", "-q", "--", ".")
        git(depot, "clean", "-fdq")
    assert fini.returncode == 3, (fini.stdout, fini.stderr)
    assert "les articles rédigés se contredisent ou sont incomplets" in fini.stderr
    assert "l'article 3 vise la ligne « DDT », que l'article 2 a renommée (elle se lit désormais « DDTM »)" in fini.stderr


def test_erreur_de_redaction_nomme_la_contradiction(tmp_path, signe, monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = _imprimes(signe, tmp_path, renommer_ddt)
    monkeypatch.setattr(Redaction, "articles", lambda self, globaux=True: _contradictoires(self.avant, self.apres))
    with pytest.raises(ErreurRedaction, match="l'article 3 vise la ligne « DDT », que l'article 2 a renommée"):
        Redaction(a, b).articles_verifies()


def _tous_les_cas(s: Path) -> None:
    """Every case of the issue in one amendment (with avenant n° 1's file and new party)."""
    scenarios.avenant_1(s)
    renommer_ddt(s)
    deplacer_axe_vers_la_fin_de_l_enjeu_2(s)
    _colonne_ajoutee(s)
    remplacer(s / "textes" / "evaluation.md", "Le contrat de ville dure 6 ans.", "Le contrat de ville dure 7 ans.")
    remplacer(s / "textes" / "evaluation.md", "Celles-ci se baseront sur :",
              "## Observatoire\n\nUn observatoire du quartier sera créé.\n\nCelles-ci se baseront sur :")


ATTENDUS = [
    "Dans l'ensemble du contrat, le mot : « DDT » est remplacé par le mot : « DDTM ».",
    "À la partie « Liste des sigles », dans le tableau des sigles, la ligne « DDTM » est ainsi rédigée :",
    "est placée à l'enjeu 2 « Intégration/Education/Valeurs de la République », dans le tableau, après la ligne "
    "« Lutter contre toutes formes de séparatisme ».",
    "Au chapitre I « Le quartier en quelques chiffres », le tableau « Niveau de qualification : » est ainsi rédigé :",
    "Au chapitre V « Evaluation », au premier alinéa, le chiffre « 6 » est remplacé par le chiffre « 7 ».",
    "Au chapitre V « Evaluation », après le sixième alinéa, sont insérés un intertitre et un alinéa ainsi rédigés :",
    "Mutualité du Jura devient partie au contrat et y adhère ; les stipulations du contrat, dans sa rédaction issue du "
    "présent avenant, lui sont applicables à compter de l'entrée en vigueur du présent avenant.",
    "En conséquence, après la page des signatures, il est inséré une liste ainsi rédigée :",
]


def test_diff_enonce_chaque_cas_de_l_issue(depot: Path) -> None:
    sortie = _diff(depot, _tous_les_cas)
    for attendu in ATTENDUS:
        assert attendu in sortie, attendu
    for jamais in ("les mots : « DDT »", "la ligne « DDT »", "alinéas et intertitres", "    Après la page des signatures",
                   "Ensemble du contrat ("):
        assert jamais not in sortie, jamais


def test_l_avenant_imprime_chaque_cas_et_le_comparatif_nomme_les_places(tmp_path, signe) -> None:
    """The avenant's DOCX: the articles as ``diff`` states them, and its tableau comparatif lists
    each place of the global replacement."""
    from io import BytesIO

    from docx import Document

    from contrat.amendements.avenant import Versions, articles
    from contrat.rendu.avenant import rendre_avenant
    from contrat.rendu.docx import OptionsRendu

    sources = tmp_path / "sources"
    shutil.copytree(RACINE / "sources", sources)
    _tous_les_cas(sources)
    apres = valider_dossier(sources).contrat
    v = Versions(signe, apres, apres.avenants[-1], "contrat-signe", (), signe)
    document = Document(BytesIO(rendre_avenant(v, articles(v), OptionsRendu(gabarit=RACINE / "templates" / "avenant.docx"))))

    def plat(texte: str) -> str:
        return " ".join(texte.replace("\u202f", " ").replace("\u00a0", " ").split())

    paragraphes = "\n".join(plat(p.text) for p in document.paragraphs)
    for attendu in ATTENDUS:
        assert plat(attendu) in paragraphes, attendu
    comparatif = document.tables[-1]
    lignes_ = [[plat(c.text) for c in r.cells] for r in comparatif.rows[1:]]
    article_global = [ligne for ligne in lignes_ if ligne[0] == "Article 2"]
    assert ["Article 2", "Partie « Liste des sigles », tableau des sigles, ligne « DDT »", "DDT", "DDTM"] in article_global
    assert ["Article 2", "Chapitre VIII « Contributions des partenaires », contribution « Les dispositifs de l'Etat », "
            "intertitre « DDT »", "DDT", "DDTM"] in article_global
    assert not any(ligne[1].startswith("Ensemble du contrat") for ligne in lignes_)


_L1 = '      - {code: moins-25-ans, libelle: "Jeunes de moins de 25 ans", valeurs: {qpv: "34,7"}, unite: "%"}\n'
_L2 = '      - {code: plus-60-ans, libelle: "Personnes de 60 ans et plus", valeurs: {qpv: "19,2"}, unite: "%"}\n'


def test_une_ligne_deplacee_et_renommee_est_deplacee_puis_reecrite(tmp_path, signe) -> None:
    """Read in order: the move names the row by its signed title, then the rewrite gives its new
    one (the other way round, the move would name a row the rewrite had renamed: refused)."""
    articles, texte = amender(tmp_path, signe, lambda s: remplacer(
        s / "chiffres_cles.yaml", _L1 + _L2, _L2.replace("Personnes de 60 ans", "Seniors de 60 ans") + _L1))
    assert len(articles) == 2
    assert articles[0].alineas[0].endswith("la ligne « Personnes de 60 ans et plus » est placée après la ligne « Femme ».")
    assert articles[1].alineas[0].endswith("la ligne « Personnes de 60 ans et plus » est ainsi rédigée :")
    assert lignes(articles[1].citations[0])[0] == "Seniors de 60 ans et plus"


def test_une_ligne_deplacee_puis_renommee_est_nommee_a_sa_nouvelle_place(tmp_path, signe) -> None:
    def modifier(s: Path) -> None:
        deplacer_axe_vers_la_fin_de_l_enjeu_2(s)
        remplacer(s / "enjeux.yaml", 'titre: "Lien ville/quartier"', 'titre: "Lien entre la ville et le quartier"')

    articles, texte = amender(tmp_path, signe, modifier)
    assert [a.operations[0].type for a in articles] == ["deplacer", "modifier"]
    assert articles[1].alineas == [
        "Au chapitre IV « Les enjeux pour la nouvelle contractualisation », à l'enjeu 2 « Intégration/Education/Valeurs "
        "de la République », dans le tableau, l'intitulé de la ligne « Lien ville/quartier » est ainsi rédigé : « Lien "
        "entre la ville et le quartier »."]


def test_apres_l_article_qui_renomme_un_chapitre_les_suivants_le_nomment_par_son_nouveau_titre(tmp_path, signe) -> None:
    def modifier(s: Path) -> None:
        remplacer(s / "contrat.yaml", 'titre: "Evaluation"', 'titre: "Évaluation et observation"')
        remplacer(s / "textes" / "evaluation.md", "Le contrat de ville dure 6 ans.", "Le contrat de ville dure 7 ans.")

    articles, texte = amender(tmp_path, signe, modifier)
    assert [a.alineas for a in articles] == [
        ["L'intitulé du chapitre V « Evaluation » est ainsi rédigé : « Évaluation et observation »."],
        ["Au chapitre V « Évaluation et observation », au premier alinéa, le chiffre « 6 » est remplacé par le chiffre "
         "« 7 »."]]
    # The tableau comparatif names the place as the text in force does.
    assert articles[1].comparaison[0][0] == "Chapitre V « Evaluation », premier alinéa"


def test_apres_l_article_qui_renomme_une_ligne_les_suivants_la_nomment_par_son_nouvel_intitule(tmp_path, signe) -> None:
    def modifier(s: Path) -> None:
        remplacer(s / "enjeux.yaml", 'titre: "Lien ville/quartier"', 'titre: "Lien entre la ville et le quartier"')
        remplacer(s / "enjeux.yaml", 'texte: "Aide à la mobilité"', 'texte: "Aide à la mobilité des jeunes"')

    articles, texte = amender(tmp_path, signe, modifier)
    assert [a.alineas[0].split("dans le tableau, ")[1] for a in articles] == [
        "l'intitulé de la ligne « Lien ville/quartier » est ainsi rédigé : « Lien entre la ville et le quartier ».",
        "à la ligne « Lien entre la ville et le quartier », dans la colonne « Leviers », la mention « Aide à la "
        "mobilité » est ainsi rédigée : « Aide à la mobilité des jeunes »."]


def test_une_mention_sortie_d_une_ligne_supprimee_est_deplacee_avant_la_suppression(signe) -> None:
    """A row removed whose item goes to a later enjeu: the move is read before the removal (read
    after it, it would move a mention the removal had taken away: refused by the check)."""
    data = signe.model_dump(mode="json")
    axes = data["enjeux"][0]["axes"]
    axe = next(a for a in axes if a["code"] == "vie-du-quartier")
    destination = data["enjeux"][2]["axes"][0]
    levier = next(x for x in axe["leviers"] if x["code"] not in {y["code"] for y in destination["leviers"]})
    destination["leviers"].append(levier)
    axes.remove(axe)
    amende = Contrat.model_validate(data)
    articles, a, b = rediger(signe, amende)
    verifier(articles, a, b, _codes(signe, amende))
    assert [x.operations[0].type for x in articles] == ["deplacer", "supprimer"]
    assert articles[0].alineas[0].startswith(f"La mention « {levier['texte']} », qui figurait au chapitre IV")
    assert articles[1].alineas[0].endswith("la ligne « Vie du quartier » est supprimée.")
    appliquer_dans_l_ordre(a, [x.operations for x in articles])
    with pytest.raises(ErreurApplication, match="l'article 3 vise la mention .*, que l'article 2 a supprimée"):
        appliquer_dans_l_ordre(a, [x.operations for x in reversed(articles)])
