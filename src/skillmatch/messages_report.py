"""The HTML report's texts, in French and English: part of the one message catalogue
(`skillmatch.messages.MESSAGES` includes them).

The report also reuses the terminal's keys where the wording is the same (`level.line`,
`gap.header`, `title.path`, `path.totals`, `path.disclaimer`, `col.*`...).
"""

from __future__ import annotations

REPORT_MESSAGES: dict[str, tuple[str, str]] = {
    "report.source": ("source : {source}", "source: {source}"),
    # -- page ---------------------------------------------------------------------------------
    "report.heading": ("Positionnement et parcours de formation suggéré",
                       "Skills positioning and suggested training path"),
    "report.page_title": ("Rapport skillmatch : {subject}", "skillmatch report: {subject}"),
    "report.months": ("janvier,février,mars,avril,mai,juin,juillet,août,septembre,octobre,"
                      "novembre,décembre", "January,February,March,April,May,June,July,August,"
                      "September,October,November,December"),
    "report.person": ("Personne", "Person"),
    "report.date": ("Date du rapport", "Report date"),
    "report.target": ("Profil visé", "Target profile"),
    "report.referential": ("Référentiel", "Referential"),
    "report.catalogue": ("Catalogue de formations", "Training catalogue"),
    "report.data_version": ("{id}, version {version}", "{id}, version {version}"),
    "report.constraints": ("Contraintes du parcours", "Path constraints"),
    "report.constraints_none": ("aucune", "none"),
    "report.constraint.budget": ("budget au plus {value}", "budget at most {value}"),
    "report.constraint.max_hours": ("durée au plus {value}", "duration at most {value}"),
    "report.constraint.formats": ("modalités {values}", "delivery {values}"),
    "report.constraint.departments": ("départements {values}", "departments {values}"),
    "report.constraint.cpf_only": ("éligibles au CPF seulement", "CPF-eligible only"),
    "report.constraint.max_level": ("niveau de sortie au plus {value}",
                                    "exit level at most {value}"),
    "report.contents": ("Sommaire", "Contents"),
    "report.footer": ("Rapport produit par skillmatch {version} le {date} à partir du "
                      "référentiel {referential} (version {referential_version}) et du "
                      "catalogue {catalogue} (version {catalogue_version}).",
                      "Report produced by skillmatch {version} on {date} from the referential "
                      "{referential} (version {referential_version}) and the catalogue "
                      "{catalogue} (version {catalogue_version})."),
    # -- sections -------------------------------------------------------------------------------
    "report.section.summary": ("En bref", "At a glance"),
    "report.summary.residual": ("Reste à couvrir après le parcours : {count} compétence(s).",
                                "Left to cover after the path: {count} skill(s)."),
    "report.section.levels": ("Niveau atteint par domaine", "Level reached per domain"),
    "report.section.coverage": ("Couverture des compétences", "Skills coverage"),
    "report.section.matches": ("Compétences reconnues dans la saisie",
                               "Skills recognised in the input"),
    "report.section.gap": ("Écart au profil visé", "Gap to the target profile"),
    "report.section.path": ("Parcours de formation suggéré", "Suggested training path"),
    "report.section.residual": ("Écart restant après le parcours",
                                "Gap left after the path"),
    # -- charts ---------------------------------------------------------------------------------
    "report.chart.profiles_desc": ("Diagramme en barres : part pondérée des compétences propres "
                                   "à chaque profil que la personne possède. Ligne pointillée : "
                                   "seuil de {threshold} pour atteindre un profil. {values}.",
                                   "Bar chart: weighted share of each profile's own skills "
                                   "that the person holds. Dotted line: the {threshold} "
                                   "threshold to reach a profile. {values}."),
    "report.chart.blocks": ("Couverture du profil visé {target} ({chain}), par bloc",
                            "Coverage of the target profile {target} ({chain}), per block"),
    "report.chart.blocks_desc": ("Diagramme en barres : part pondérée des compétences requises "
                                 "pour {target} que la personne possède, en tout, pour les "
                                 "compétences essentielles et par bloc. {values}.",
                                 "Bar chart: weighted share of the skills required for "
                                 "{target} that the person holds, overall, for the essential "
                                 "skills and per block. {values}."),
    "report.chart.overall": ("Ensemble (pondéré)", "Overall (weighted)"),
    "report.chart.essential": ("Essentielles", "Essential"),
    "report.chart.threshold": ("seuil {value}", "threshold {value}"),
    "report.chart.reached": ("atteint", "reached"),
    "report.chart.data": ("Valeurs du graphique « {title} »", "Chart values: {title}"),
    "report.col.held": ("Acquis", "Held"),
    "report.col.required_total": ("Requis", "Required"),
    "report.chart.blocks_legend": ("Acquis et requis : poids des compétences ; pour les "
                                   "essentielles, nombre de compétences.",
                                   "Held and required: weight of the skills; for the essential "
                                   "ones, number of skills."),
    "report.col.essential_coverage": ("Essentielles", "Essential"),
    # -- matches --------------------------------------------------------------------------------
    "report.col.method": ("Méthode", "Method"),
    "report.col.score": ("Score", "Score"),
    "report.col.alias": ("Alias reconnu", "Alias matched"),
    "report.col.proposed": ("Compétence proposée", "Proposed skill"),
    "report.col.required": ("Requise pour le profil visé", "Required for the target"),
    "report.matches.none": ("Aucune compétence reconnue.", "No skill recognised."),
    "report.matches.legend": ("Méthode : exact (la saisie est un intitulé ou un alias), alias "
                              "(un alias figure dans la saisie), approché (orthographe voisine "
                              "d'un alias). Score de 0 à 100.",
                              "Method: exact (the input is a label or an alias), alias (an "
                              "alias appears in the input), fuzzy (a near-spelling of an "
                              "alias). Score from 0 to 100."),
    "report.to_confirm.hint": ("Ces lectures sont incertaines : elles ne sont pas comptées. Le "
                               "conseiller vérifie avec la personne si la compétence proposée "
                               "est bien la sienne.",
                               "These readings are uncertain: they are not counted. The adviser "
                               "checks with the person whether the proposed skill is really "
                               "theirs."),
    "report.unmatched": ("Saisies sans correspondance ({count})",
                         "Inputs not recognised ({count})"),
    "report.not_required": ("non requise pour ce profil", "not required for this profile"),
    "report.already_held": ("requise, déjà acquise par une autre saisie",
                            "required, already held from another input"),
    # -- gap ------------------------------------------------------------------------------------
    "report.levels_legend": ("Niveaux : 0 aucun, 1 notions, 2 pratique, 3 expert.",
                             "Levels: 0 none, 1 notions, 2 practised, 3 expert."),
    "report.essential_mark": ("essentielle", "essential"),
    # -- path -----------------------------------------------------------------------------------
    "report.col.organism": ("Organisme", "Organism"),
    "report.col.details": ("Modalité, département, niveau, CPF",
                           "Delivery, department, level, CPF"),
    "report.department": ("département {code}", "department {code}"),
    "report.department_none": ("lieu non précisé", "place not given"),
    "report.exit_level": ("niveau {level}", "level {level}"),
    "report.cpf_yes": ("éligible CPF", "CPF-eligible"),
    "report.cpf_no": ("non éligible CPF", "not CPF-eligible"),
    "report.certification": ("certification {code}", "certification {code}"),
    "report.format.onsite": ("présentiel", "on site"),
    "report.format.remote": ("distanciel", "remote"),
    "report.format.hybrid": ("hybride", "hybrid"),
    "report.format.workstudy": ("alternance", "work-study"),
    "report.total": ("Total", "Total"),
    "report.estimated": ("≈ : estimation indicative du catalogue, à vérifier auprès de "
                         "l'organisme.", "≈: the catalogue's indicative estimate, to check "
                         "with the organism."),
    "report.residual.none": ("Le parcours couvre toutes les compétences manquantes.",
                             "The path covers every missing skill."),
    "report.residual.uncoverable": ("aucune formation autorisée ne la couvre",
                                    "no formation allowed covers it"),
    "report.notices": ("À savoir", "Please note"),
}
