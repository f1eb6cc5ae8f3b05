"""Unit tests of the small pure pieces: Markdown reading, French numbers and words, spacing, the
list of changed representatives. Each asserts what the user reads."""

from __future__ import annotations

from decimal import Decimal

import pytest

from contrat.impression.francais import cardinal, de, enumeration, le, ordinal
from contrat.impression.typographie import espaces_insecables
from contrat.lecture.markdown import ErreurMarkdown, lire_ligne, lire_markdown
from contrat.modele.nombres import ecrire_nombre, lire_nombre
from contrat.modele.prose import Liste, Paragraphe, Titre, texte_brut

from conftest import RACINE

# --- Markdown --------------------------------------------------------------------------------------


def test_le_markdown_du_contrat_donne_titres_listes_exposants_et_liens() -> None:
    prose = lire_markdown("## Le quartier\n\nLe 1^er^ **atelier** a eu lieu.\n\n- un\n  - deux\n\n"
                          "[site](https://exemple.fr)\n", "textes/x.md")
    titre, paragraphe, liste, lien = prose.blocs
    assert isinstance(titre, Titre) and titre.niveau == 2 and texte_brut(titre.segments) == "Le quartier"
    assert isinstance(paragraphe, Paragraphe) and texte_brut(paragraphe.segments) == "Le 1er atelier a eu lieu."
    assert [s.exposant for s in paragraphe.segments if s.texte == "er"] == [True]
    assert [s.gras for s in paragraphe.segments if s.texte == "atelier"] == [True]
    assert isinstance(liste, Liste) and liste.elements[0].sous_liste is not None
    assert isinstance(lien, Paragraphe) and lien.segments[0].lien == "https://exemple.fr"


@pytest.mark.parametrize("texte, attendu", [
    ("```\ncode\n```", "x.md:3:1: bloc de code non pris en charge"),
    ("| a | b |\n|---|---|\n| 1 | 2 |", "tableau"),
    ("texte <i>html</i>", "x.md:3:1: HTML « <i> » non pris en charge"),
    ("[lien](ftp://exemple.fr)", "x.md:3:1: lien « ftp://exemple.fr » refusé"),
    ("un \u202eRLO", "x.md:3:4: caractère de contrôle bidirectionnel RLO (U+202E) interdit"),
])
def test_le_markdown_hors_du_sous_ensemble_est_refuse_a_sa_ligne(texte: str, attendu: str) -> None:
    with pytest.raises(ErreurMarkdown) as erreur:
        lire_markdown(texte, "x.md", premiere_ligne=3)
    assert attendu in str(erreur.value)


def test_une_ligne_de_markdown() -> None:
    assert texte_brut(lire_ligne("Martin **LUTHER KING**", "x")) == "Martin LUTHER KING"
    assert lire_ligne("", "x") == ()


# --- numbers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("ecrit, valeur, affiche", [
    ("56 595", Decimal("56595"), "56\u00a0595"),
    ("34,7", Decimal("34.7"), "34,7"),
    ("\u22129,5", Decimal("-9.5"), "\u22129,5"),
    ("01053", Decimal("1053"), "01053"),
])
def test_un_nombre_ecrit_a_la_francaise(ecrit: str, valeur: Decimal, affiche: str) -> None:
    n = lire_nombre(ecrit)
    assert (n.valeur, n.ecrit) == (valeur, affiche)


@pytest.mark.parametrize("ecrit", ["12a", "1.234,5", "", "1,2,3"])
def test_ce_qui_n_est_pas_un_nombre(ecrit: str) -> None:
    with pytest.raises(ValueError, match="n'est pas un nombre"):
        lire_nombre(ecrit)


def test_un_nombre_calcule_est_ecrit_a_la_francaise() -> None:
    assert ecrire_nombre(Decimal("-9.74"), signe=True) == "\u22129,7"
    assert ecrire_nombre(Decimal("12"), decimales=0, signe=True) == "+12"
    assert ecrire_nombre(Decimal("1234.5")) == "1\u202f234,5"


# --- French words -----------------------------------------------------------------------------------


def test_les_rangs_et_les_nombres_en_lettres() -> None:
    assert [ordinal(n) for n in (0, 1, 4, 8, 10, 20, 32, 70, 79, 80, 99)] == [
        "premier", "deuxième", "cinquième", "neuvième", "onzième", "vingt et unième", "trente-troisième",
        "soixante et onzième", "quatre-vingtième", "quatre-vingt-unième", "centième"]
    assert [cardinal(n) for n in (2, 17, 21, 71, 80, 91)] == ["deux", "dix-sept", "vingt et un", "soixante et onze",
                                                            "quatre-vingts", "quatre-vingt-onze"]


def test_elision_et_enumeration() -> None:
    assert le("alinéa", False) == "l'alinéa" and le("ligne", True) == "la ligne"
    assert le("huitième alinéa", False) == "le huitième alinéa" and le("onzième alinéa", False) == "le onzième alinéa"
    assert de("ajouter un objectif") == "d'ajouter un objectif" and de("modifier") == "de modifier"
    assert enumeration(["« a »"]) == "« a »" and enumeration(["« a »", "« b »", "« c »"]) == "« a », « b » et « c »"


def test_les_espaces_francaises_de_l_avenant() -> None:
    assert espaces_insecables("le nombre : « 453 » ; vraiment ?") == \
        "le nombre\u00a0: «\u202f453\u202f»\u202f; vraiment\u202f?"
    assert espaces_insecables("https://exemple.fr") == "https://exemple.fr"  # words and URLs untouched


def test_libyaml_et_le_lecteur_pur_lisent_les_memes_arbres() -> None:
    """The fast reader (libyaml's events) gives the pure reader's values, positions and styles, for
    every YAML file of the real sources and of the test cases."""
    from contrat.lecture.yaml_positions import Positions, _convertir, composer, lire_evenements

    fichiers = sorted((RACINE / "sources").rglob("*.yaml")) + sorted((RACINE / "tests").rglob("*.yaml"))
    assert len(fichiers) > 20
    lus = 0
    for f in fichiers:
        texte = f.read_text(encoding="utf-8")
        try:
            noeud = composer(texte)
        except Exception:  # noqa: BLE001 - a file the tests mean to be broken
            continue
        pur = Positions()
        valeur = _convertir(noeud, "f", ("racine",), pur) if noeud is not None else {}
        rapide, positions = lire_evenements(texte, "f", ("racine",))
        assert rapide == valeur, f
        if noeud is not None:
            assert positions.table == pur.table and positions.styles == pur.styles, f
        lus += 1
    assert lus > 20


def test_les_constats_ne_dependent_pas_du_lecteur_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    """libyaml calls a plain scalar's style '' where the pure parser says None: a check that relied
    on it would lose warnings (7 « sigle sans définition ») silently. Same findings either way."""
    from contrat.controles.dossier import valider_dossier
    from contrat.lecture import yaml_positions

    rapide = [str(p) for p in valider_dossier(RACINE / "sources").avertissements]
    def pur(texte: str, nom: str, prefixe: tuple) -> None:
        raise yaml_positions._Ailleurs

    monkeypatch.setattr(yaml_positions, "lire_evenements", pur)
    assert [str(p) for p in valider_dossier(RACINE / "sources").avertissements] == rapide
    assert len(rapide) == 16 and sum("n'a pas de définition" in a for a in rapide) == 7


def test_les_phrases_en_capitales_ne_sont_pas_des_sigles() -> None:
    """Titles and letterheads in capitals are blanked out; acronyms, short and alone, stay."""
    from contrat.modele.sigles import sans_phrases_en_capitales

    assert sans_phrases_en_capitales("LE CONTRAT DE VILLE et la CAF").strip() == "et la CAF"
    assert sans_phrases_en_capitales("« REUSSITE EDUCATIVE » au QPV").split() == ["«", "»", "au", "QPV"]
    assert sans_phrases_en_capitales("la CAF et la CPAM") == "la CAF et la CPAM"  # one word at a time
    assert sans_phrases_en_capitales("QPV CAF") == "QPV CAF"  # two short words: acronyms side by side
    assert sans_phrases_en_capitales("sans capitales") == "sans capitales"


def test_ce_que_diff_affiche_dans_ses_trois_formats(tmp_path) -> None:  # noqa: ANN001
    """``diff`` prints the articles the avenant will state, as text, Markdown or JSON, and the
    representatives changed apart."""
    import json
    import shutil

    from contrat.amendements.rapport import formater_articles, representants
    from contrat.amendements.redaction import Redaction
    from contrat.controles.dossier import valider_dossier
    from contrat.impression.unites import imprimer, page_signatures

    minimal = RACINE / "tests" / "fixtures" / "minimal" / "sources"
    shutil.copytree(minimal, tmp_path / "sources")
    contrat = tmp_path / "sources" / "contrat.yaml"
    texte = contrat.read_text(encoding="utf-8")
    contrat.write_text(texte.replace('"Nombre de sorties positives"', '"Nombre de sorties en emploi durable"')
                       .replace('qualite: "La Directrice"', 'qualite: "Le Directeur"'), encoding="utf-8")
    a, b = valider_dossier(minimal).contrat, valider_dossier(tmp_path / "sources").contrat
    articles = Redaction(imprimer(a, page_signatures(a, a)), imprimer(b, page_signatures(b, a))).articles_verifies()
    qui = representants(a, b)
    assert qui == ["Caisse d'allocations familiales : La Directrice → Le Directeur"]
    brut = formater_articles(articles, qui, "texte", "Changements")
    assert brut.startswith("Changements\n\n1 changement(s) du contrat imprimé") and "Article 2\n" in brut
    assert "« Nombre de sorties en emploi durable »" in brut and "  • Caisse d'allocations familiales" in brut
    markdown = formater_articles(articles, qui, "markdown", "Changements")
    assert markdown.startswith("## Changements") and "**Article 2**" in markdown and "\n> " in markdown
    donnees = json.loads(formater_articles(articles, qui, "json", "Changements"))
    assert [a["numero"] for a in donnees["articles"]] == [2] and donnees["representants"] == qui
    assert donnees["articles"][0]["operations"] == ["modifier"]


def test_libreoffice_ne_demarre_d_avance_que_pour_une_construction() -> None:
    from contrat.cli.demarrage import construction_demandee

    assert construction_demandee([]) and construction_demandee(["--sources", "check", "--force"])
    assert construction_demandee(["--dist=sortie", "--a-la-date", "2025-01-01", "--strict"])
    assert not construction_demandee(["check"]) and not construction_demandee(["--sources", "s", "verify", "x.pdf"])
    assert not construction_demandee(["--help"]) and not construction_demandee(["watch"])


def test_seul_watch_libere_ce_qu_il_lache() -> None:
    """A command that leaves at once keeps what it lets go of (freed by its exit); watch, which
    rebuilds for hours, frees it."""
    from contrat import liberation
    from contrat.cli.demarrage import commande

    assert commande(["--sources", "s", "--strict", "watch"]) == "watch" and commande(["--dist=d", "--force"]) is None
    fermes: list[str] = []
    liberation.liberer("a", lambda: fermes.append("a"))
    liberation.garder_jusqu_a_la_sortie()
    try:
        liberation.liberer("b", lambda: fermes.append("b"))
        assert fermes == ["a"] and liberation._GARDES == ["b"]
    finally:
        liberation._GARDES = None


def test_les_nombres_calcules_s_ecrivent_comme_babel_les_ecrit() -> None:
    """The engine writes computed numbers itself (babel's locale data takes 0.1 s to load): the
    same text as babel's ``format_decimal`` in French, rounding, grouping, signs and zero included."""
    import random
    from decimal import Decimal

    from babel.numbers import format_decimal

    from contrat.modele.nombres import ecrire_nombre

    hasard = random.Random(2026)
    valeurs = [Decimal(x) for x in ("0", "-0", "0.05", "-0.05", "-0.04", "0.25", "-2.45", "999.95", "-999.95",
                                    "1000", "1234567.891", "12.5", "13.5")]
    valeurs += [Decimal(hasard.randint(-10**9, 10**9)) / Decimal(10 ** hasard.randint(0, 5)) for _ in range(3000)]
    for valeur in valeurs:
        for decimales in (0, 1, 2):
            motif = "#,##0" + ("." + "#" * decimales if decimales else "")
            attendu = format_decimal(valeur, format=motif, locale="fr_FR").replace("-", "\u2212")
            assert ecrire_nombre(valeur, decimales) == attendu, (valeur, decimales)
            assert ecrire_nombre(valeur, decimales, signe=True) == ("+" if valeur > 0 else "") + attendu
    assert ecrire_nombre(Decimal("12345.67")) == "12\u202f345,7" and ecrire_nombre(Decimal("-9.74")) == "\u2212" "9,7"
