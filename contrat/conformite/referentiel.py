"""The référentiel: every requirement, its sources dated, its rule or « à attester ».

A Python table rather than a YAML file: each requirement sits beside the rule that judges it (a
function, typed and checked by mypy), nothing is parsed at start-up, and a requirement without a
source cannot be written (the dataclass asks for one). The texts are dated: a contract is judged by
the version in force on its signing date (the contents of art. 6 IV of loi 2014-173 moved to décret
2024-1037 of 15/11/2024)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from contrat.conformite import regles as r
from contrat.modele.contrat import Contrat

Regle = Callable[[Contrat], r.Verdict]

DEBUT = dt.date(2014, 2, 23)
"""Loi n° 2014-173 du 21/02/2014, in force the day after its publication (JO 22/02/2014)."""
DECRET_2024 = dt.date(2024, 11, 15)
"""Décrets 2024-1036 and 2024-1037 of 15/11/2024: the contents of art. 6 IV move to regulation."""
VEILLE = DECRET_2024 - dt.timedelta(days=1)
FIN = dt.date(9999, 12, 31)
CIRC_2023 = dt.date(2023, 8, 31)
INSTR_2024 = dt.date(2024, 1, 4)
CIRC_NOV_2024 = dt.date(2024, 11, 7)

LOI = "https://www.legifrance.gouv.fr/loda/id/JORFTEXT000028636804"
DECRETS = "https://irev.fr/actualites-0/2-decrets-signes-sur-les-contrats-de-ville-et-la-participation-des-habitants"
CIRC_2023_URL = "https://irev.fr/actualites-0/futurs-contrats-de-ville-une-circulaire-precise-les-conditions-delaboration"
INSTR_URL = "https://www.banquedesterritoires.fr/la-gouvernance-des-contrats-de-ville-detaillee-dans-une-instruction"
CIRC_NOV_URL = "https://irev.fr/node/238215"
CGI_URL = "https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000037990268"


@dataclass(frozen=True)
class Version:
    """One wording of a requirement, with its source and the dates it applies between."""

    source: str
    du: dt.date = DEBUT
    au: dt.date = FIN
    url: str = ""
    texte: str = ""
    """The wording of this version, when it differs from the requirement's."""
    regle: Regle | None = None
    """This version's rule, when it differs from the requirement's."""


@dataclass(frozen=True)
class Exigence:
    id: str
    texte: str
    versions: tuple[Version, ...]
    regle: Regle | None = None
    """None: « à attester » (no machine can judge it)."""
    bloc: str = ""
    """The source block the rule reads (``moyens``, ``evaluation``, ``participation``, an axe's
    ``objectifs_loi``); a contract that states it elsewhere (a partner's letter) may attest it."""

    def version(self, date: dt.date) -> Version | None:
        """The version in force on ``date`` (None: the requirement did not exist then)."""
        return next((v for v in self.versions if v.du <= date <= v.au), None)

    @property
    def attestable(self) -> bool:
        return self.regle is None or bool(self.bloc)


def _art6(alinea: str, decret: str = "décret n° 2024-1037 du 15/11/2024") -> tuple[Version, Version]:
    """A content item of art. 6 IV: the law until 14/11/2024, the décret from 15/11/2024."""
    return (Version(f"loi n° 2014-173, art. 6 {alinea} (rédaction antérieure au 15/11/2024)", au=VEILLE, url=LOI),
            Version(f"{decret} (reprend l'art. 6 {alinea} de la loi n° 2014-173)", du=DECRET_2024, url=DECRETS))


LOI_6_I = (Version("loi n° 2014-173, art. 6 I", url=LOI),)

EXIGENCES: tuple[Exigence, ...] = (
    Exigence("L6-1", "Le contrat est signé par l'État, l'établissement public de coopération intercommunale, les communes concernées, le Département et la Région.",
             LOI_6_I, r.signataires_obligatoires),
    Exigence("L6-2", "Signataires facultatifs : Caisse des dépôts, organismes d'habitations à loyer modéré, organismes de protection sociale, "
             "chambres consulaires, autorités organisatrices de la mobilité (relevé).",
             (Version("loi n° 2014-173, art. 6 I al. 2", url=LOI),), r.signataires_facultatifs),
    Exigence("L6-3", "Le contrat est conclu pour six ans ; il est actualisé au bout de trois ans.",
             (Version("loi n° 2014-173, art. 6 I (« actualisés tous les trois ans »)", au=VEILLE, url=LOI,
                      regle=r.duree_et_actualisation_triennale),
              Version("décret n° 2024-1036 du 15/11/2024 (« si les parties en conviennent »)", du=DECRET_2024,
                      url=DECRETS, texte="Le contrat est conclu pour six ans ; il est actualisé au bout de trois "
                      "ans si les parties en conviennent.", regle=r.duree_six_ans)),
             r.duree_six_ans),
    Exigence("L6-4", "Les signataires engagent leurs politiques de droit commun dans le contrat.",
             (Version("loi n° 2014-173, art. 6 I al. 4", url=LOI),), r.droit_commun_des_signataires),
    Exigence("L6-5", "L'établissement public de coopération intercommunale établit le diagnostic et définit les orientations ; le contrat comprend un diagnostic "
             "et une gouvernance.", LOI_6_I, r.diagnostic_et_gouvernance),
    Exigence("L6-6", "Une instance de pilotage est instituée en vue de l'élaboration, de la mise en œuvre et de "
             "l'évaluation du contrat.", LOI_6_I, r.instance_de_pilotage),
    Exigence("L6-7", "Le contrat fixe les objectifs, notamment chiffrés, que les signataires s'engagent à poursuivre.",
             _art6("IV 1°"), r.objectifs_chiffres),
    Exigence("L6-8", "Le contrat fixe la nature des actions à conduire et leurs modalités opérationnelles.",
             _art6("IV 2°"), r.nature_des_actions),
    Exigence("L6-9", "Le contrat fixe les moyens humains et financiers mobilisés au titre des politiques de droit "
             "commun, d'une part, et des instruments spécifiques de la politique de la ville, d'autre part.",
             _art6("IV 3°"), r.moyens_droit_commun_et_specifiques, bloc="moyens"),
    Exigence("L6-10", "Le contrat fixe les moyens d'ingénierie pour l'élaboration, la conduite et l'évaluation.",
             _art6("IV 4°"), r.moyens_d_ingenierie),
    Exigence("L6-11", "Le contrat fixe les indicateurs permettant de mesurer les résultats : indicateurs nationaux "
             "par quartier et éléments d'appréciation qualitative issus de l'observation locale.",
             _art6("IV 5°"), r.indicateurs),
    Exigence("L6-12", "Le contrat désigne la structure locale d'évaluation, selon la méthodologie nationale de "
             "l'Observatoire national de la politique de la ville.", _art6("IV 6°"), r.structure_locale_d_evaluation, bloc="evaluation"),
    Exigence("L6-13", "Le contrat s'articule avec les plans et schémas visant les quartiers prioritaires (contrat pour "
             "la réussite de la transition écologique, pacte des solidarités, convention territoriale globale…).",
             (Version("loi n° 2014-173, art. 6 IV, derniers alinéas", au=VEILLE, url=LOI),
              Version("décret n° 2024-1037 du 15/11/2024 ; circulaires du 31/08/2023 et du 7/11/2024",
                      du=DECRET_2024, url=DECRETS))),
    Exigence("L6-14", "Le contrat s'inscrit dans un projet de territoire.",
             (Version("loi n° 2014-173, art. 6 I al. 4", url=LOI),), r.projet_de_territoire),
    Exigence("L6-15", "Tous les signataires communiquent leurs données à la structure locale d'évaluation.",
             _art6("IV 6°"), r.donnees_des_signataires, bloc="evaluation"),
    Exigence("L7-1", "Le conseil citoyen (ou une autre forme de participation depuis 2024) est associé à "
             "l'élaboration, la mise en œuvre et l'évaluation, et siège dans les instances de pilotage.",
             (Version("loi n° 2014-173, art. 7", au=VEILLE, url=LOI),
              Version("loi n° 2014-173, art. 7 ; décret n° 2024-1036 du 15/11/2024", du=DECRET_2024, url=DECRETS)),
             r.conseil_citoyen_au_pilotage, bloc="participation"),
    Exigence("L7-2", "Le contrat prévoit un lieu, des moyens de fonctionnement et des actions de formation pour le "
             "conseil citoyen.", (Version("loi n° 2014-173, art. 7", url=LOI),),
             r.moyens_du_conseil_citoyen, bloc="participation"),
    Exigence("L7-3", "Le conseil citoyen est composé d'habitants tirés au sort et d'acteurs locaux, et reconnu par "
             "le préfet.",
             (Version("loi n° 2014-173, art. 7 (tirage au sort)", au=VEILLE, url=LOI),
              Version("décret n° 2024-1036 du 15/11/2024 (tirage au sort supprimé)", du=DECRET_2024, url=DECRETS,
                      texte="Le conseil citoyen (ou l'instance de participation) est composé d'habitants et "
                      "d'acteurs locaux, et reconnu par le préfet."))),
    Exigence("L7-4", "Une maison du projet est mise en place dans chaque projet de renouvellement urbain.",
             (Version("loi n° 2014-173, art. 7", url=LOI),)),
    Exigence("L8-1", "La convention intercommunale d'attribution est annexée au contrat de ville.",
             (Version("loi n° 2014-173, art. 8 ; code de la construction et de l'habitation, art. L441-1-6", url=LOI),), r.cia_annexee),
    Exigence("CGI-1", "Les bailleurs sociaux partenaires signent le contrat (condition de l'abattement de taxe foncière sur les propriétés bâties).",
             (Version("code général des impôts, art. 1388 bis", url=CGI_URL),), r.bailleurs_signataires),
    Exigence("CGI-2", "Les conventions d'utilisation de l'abattement de taxe foncière sur les propriétés bâties sont annexées au contrat de ville.",
             (Version("code général des impôts, art. 1388 bis II", url=CGI_URL),), r.convention_tfpb),
    Exigence("L1-1", "Les axes du contrat couvrent les dix objectifs de l'article 1 I.",
             (Version("loi n° 2014-173, art. 1 I", url=LOI),), r.objectifs_de_l_article_1, bloc="objectifs_loi"),
    Exigence("L1-2", "L'égalité entre les femmes et les hommes est poursuivie (objectif 10°, priorité transversale).",
             (Version("loi n° 2014-173, art. 1 I 10°", url=LOI),), r.egalite_femmes_hommes),
    Exigence("L1-3", "La lutte contre les discriminations est poursuivie (objectif 10°).",
             (Version("loi n° 2014-173, art. 1 I 10°", url=LOI),), r.discriminations),
    Exigence("GEN-1", "Les données du suivi sont établies par sexe (ou la raison dite).",
             (Version("loi n° 2014-173, art. 1 II ; code général des collectivités territoriales, art. L1111-2", url=LOI),), r.donnees_sexuees),
    Exigence("GEN-2", "La programmation des crédits spécifiques intègre l'égalité (budget intégrant l'égalité).",
             (Version("Agence nationale de la cohésion des territoires, programmation du programme 147 (7/03/2019)", du=dt.date(2019, 3, 7),
                      url="https://egalactu.com/nouvelle-etape-dans-lintegration-de-legalite-femmes-hommes-dans-"
                      "la-politique-de-la-ville"),)),
    Exigence("RA-1", "Un rapport annuel sur la politique de la ville (six parties, avis des conseils citoyens "
             "annexés) est débattu et rendu public.",
             (Version("code général des collectivités territoriales, art. L1111-2 ; décret n° 2015-1118 du 3/09/2015", du=dt.date(2015, 9, 5),
                      url="https://banquedesterritoires.fr/que-mettre-dans-le-rapport-politique-de-la-ville-que-"
                      "les-epci-doivent-presenter-tous-les-ans-leur"),)),
    Exigence("EQ-1", "Le contrat retient un nombre limité de priorités ; une base commune et une part par quartier.",
             (Version("circulaire du 31/08/2023 (Engagements Quartiers 2030)", du=CIRC_2023, url=CIRC_2023_URL),),
             r.priorites_limitees),
    Exigence("EQ-2", "Le contrat comprend un volet investissement (Fonds vert, Anah, Ademe, Banque des Territoires…).",
             (Version("circulaire du 31/08/2023", du=CIRC_2023, url=CIRC_2023_URL),)),
    Exigence("EQ-3", "Au moins la moitié des conventions financières sont des conventions pluriannuelles "
             "d'objectifs.",
             (Version("circulaire du 31/08/2023 ; circulaire du 7/11/2024", du=CIRC_2023, url=CIRC_2023_URL),)),
    Exigence("EQ-4", "Chaque signataire prend des engagements « concrets et mesurables », suivis chaque année.",
             (Version("instruction du 4/01/2024", du=INSTR_2024, url=INSTR_URL),),
             r.engagements_mesurables, bloc="moyens"),
    Exigence("EQ-5", "Une réunion annuelle évalue le contrat sur la base d'un bilan d'indicateurs.",
             (Version("circulaire du 7/11/2024", du=CIRC_NOV_2024, url=CIRC_NOV_URL),), r.reunion_annuelle),
    Exigence("EQ-6", "La communication est uniforme « Quartiers 2030 » (logo).",
             (Version("circulaire du 31/08/2023", du=CIRC_2023, url=CIRC_2023_URL),), r.logo_quartiers_2030),
    Exigence("EQ-7", "Le contrat comprend un volet participation citoyenne.",
             (Version("instruction du 4/01/2024", du=INSTR_2024, url=INSTR_URL),), r.volet_participation),
    Exigence("EQ-8", "Une revoyure à mi-parcours est prévue en 2027.",
             (Version("circulaire du 31/08/2023", du=CIRC_2023, url=CIRC_2023_URL),), r.revoyure_2027),
)

PAR_ID = {e.id: e for e in EXIGENCES}


BLOCS_DOCUMENTES = {"objectifs_loi": "bloc « objectifs_loi » des axes"}
"""Where a block the rules read is written, when not in contrat.yaml."""


def tableau_markdown() -> str:
    """The référentiel as docs/conformite.md prints it: a row per version, with its source linked
    and its dates (``outils/referentiel.py`` writes it there; a test compares)."""
    lignes = ["| id | exigence | source | du | au | jugement |", "|---|---|---|---|---|---|"]
    for e in EXIGENCES:
        if e.regle is None:
            jugement = "à attester"
        elif e.bloc:
            ou = BLOCS_DOCUMENTES.get(e.bloc, f"bloc « {e.bloc} » de contrat.yaml")
            jugement = f"règle ({ou} ; attestable)"
        else:
            jugement = "règle automatique"
        for k, v in enumerate(e.versions):
            source = f"[{v.source}]({v.url})" if v.url else v.source
            au = "—" if v.au == FIN else f"{v.au:%d/%m/%Y}"
            lignes.append(f"| {e.id if k == 0 else ''} | {v.texte or e.texte} | {source} | {v.du:%d/%m/%Y} | {au} | "
                          f"{jugement if k == 0 else ''} |")
    return "\n".join(lignes) + "\n"
