"""The message catalogue: every text a user reads, in French and English.

Keys are stable English identifiers; `translate` formats the text of one language with named
parameters. A test checks every key has both languages and the same parameters in each.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from skillmatch.errors import Problem
    from skillmatch.model import Lang

DEFAULT_LANG: Lang = "fr"

MESSAGES: dict[str, tuple[str, str]] = {
    # -- errors: files -----------------------------------------------------------------------
    "error.data_file": ("{count} problème(s) dans les données", "{count} problem(s) in the data"),
    "error.not_found": ("fichier ou dossier introuvable : {path}",
                        "no such file or directory: {path}"),
    "error.is_directory": ("{path} est un dossier, un fichier est attendu",
                           "{path} is a directory, a file is expected"),
    "error.not_directory": ("{path} n'est pas un dossier", "{path} is not a directory"),
    "error.unreadable": ("impossible de lire {path} : {reason}", "cannot read {path}: {reason}"),
    "error.unexpected": ("erreur inattendue ({kind}) : {detail}. C'est un défaut de skillmatch : "
                         "merci de le signaler (SKILLMATCH_DEBUG=1 affiche le détail).",
                         "unexpected error ({kind}): {detail}. This is a skillmatch bug: please "
                         "report it (SKILLMATCH_DEBUG=1 shows the details)."),
    "error.more_problems": ("… et {count} autre(s) : skillmatch validate les liste tous",
                            "… and {count} more: skillmatch validate lists them all"),
    "error.interrupted": ("interrompu", "interrupted"),
    "error.prefix": ("erreur", "error"),
    "error.place": ("{file}, ligne {line}, colonne {column}",
                    "{file}, line {line}, column {column}"),
    "error.place_no_line": ("{file}", "{file}"),
    "error.in_path": ("dans {path}", "at {path}"),
    # -- errors: YAML --------------------------------------------------------------------------
    "yaml.too_big": ("fichier trop gros ({size} octets, limite {limit})",
                     "file too large ({size} bytes, limit {limit})"),
    "yaml.not_utf8": ("octet {byte} invalide : le fichier doit être en UTF-8",
                      "invalid byte {byte}: the file must be UTF-8"),
    "yaml.syntax": ("syntaxe YAML invalide : {detail}", "invalid YAML syntax: {detail}"),
    "yaml.too_many_nodes": ("le document dépasse {limit} valeurs une fois les alias (*) "
                            "développés : refusé", "the document expands to more than {limit} "
                            "values once aliases (*) are followed: refused"),
    "yaml.recursive_alias": ("alias récursif (une valeur se contient elle-même) : refusé",
                             "recursive alias (a value contains itself): refused"),
    "yaml.unsupported_tag": ("étiquette YAML non autorisée : {tag}", "YAML tag not allowed: {tag}"),
    "yaml.merge_key": ("les clés de fusion « << » ne sont pas acceptées",
                       "merge keys \"<<\" are not accepted"),
    "yaml.complex_key": ("une clé doit être un texte simple", "a key must be a plain text"),
    "yaml.duplicate_key": ("clé « {key} » en double (déjà ligne {first_line})",
                           "duplicate key \"{key}\" (already on line {first_line})"),
    "yaml.too_deep": ("imbrication trop profonde (plus de {limit} niveaux) : refusé",
                      "nested too deep (more than {limit} levels): refused"),
    "yaml.bad_character": ("caractère interdit {code} (caractère de contrôle) : supprimez-le",
                           "forbidden character {code} (a control character): remove it"),
    "yaml.syntax.colon": ("« : » inattendu : une valeur contenant « : » doit être entre "
                          "guillemets, ou l'indentation est fausse",
                          "unexpected \":\": a value containing \": \" must be quoted, or the "
                          "indentation is wrong"),
    "yaml.syntax.tab": ("tabulation interdite : indentez avec des espaces",
                        "tab character not allowed: indent with spaces"),
    "yaml.syntax.missing_colon": ("« : » attendu après une clé", "\":\" expected after a key"),
    "yaml.syntax.indentation": ("indentation incohérente", "inconsistent indentation"),
    "yaml.syntax.undefined_alias": ("alias (*) non défini", "undefined alias (*)"),
    "yaml.syntax.unclosed": ("fin de fichier inattendue : un crochet ou une accolade n'est pas "
                             "fermé", "unexpected end of file: a bracket or brace is not "
                             "closed"),
    "yaml.syntax.unclosed_quote": ("guillemet non fermé", "unclosed quote"),
    "yaml.syntax.several_documents": ("un seul document YAML par fichier (retirez « --- »)",
                                      "one YAML document per file (remove \"---\")"),
    "yaml.bad_scalar": ("valeur illisible « {value} » ({kind})",
                        "unreadable value \"{value}\" ({kind})"),
    # -- errors: schema ------------------------------------------------------------------------
    "schema.not_text": ("un texte est attendu, YAML lit « {value} » comme {found} : "
                        "mettez-le entre guillemets",
                        "a text is expected, YAML reads \"{value}\" as {found}: put it in quotes"),
    "schema.wrong_type": ("attendu : {expected} ; trouvé : {found}",
                          "expected {expected}, found {found}"),
    "schema.unknown_key": ("clé inconnue « {key} » (clés possibles : {allowed})",
                           "unknown key \"{key}\" (allowed keys: {allowed})"),
    "schema.missing_key": ("clé obligatoire « {key} » absente", "required key \"{key}\" missing"),
    "schema.empty_list": ("la liste est vide", "the list is empty"),
    "schema.empty_text": ("le texte est vide", "the text is empty"),
    "schema.bad_id": ("identifiant invalide « {value} » (lettres, chiffres, « - » et « + »)",
                      "invalid id \"{value}\" (letters, digits, \"-\" and \"+\")"),
    "schema.no_choices": ("« {value} » ne peut pas être vérifié : aucune valeur n'est déclarée "
                          "(manque-t-il le fichier qui déclare les domaines et les blocs ?)",
                          "\"{value}\" cannot be checked: no value is declared (is the file "
                          "declaring domains and blocks missing?)"),
    "schema.bad_choice": ("valeur « {value} » inconnue (valeurs possibles : {choices})",
                          "unknown value \"{value}\" (possible values: {choices})"),
    "schema.out_of_range": ("valeur {value} hors limites (minimum {minimum})",
                            "value {value} out of range (minimum {minimum})"),
    "schema.not_above": ("la valeur doit être supérieure à {minimum} (trouvé : {value})",
                         "the value must be more than {minimum} (found {value})"),
    "kind.text": ("un texte", "a text"),
    "kind.integer": ("un entier", "an integer"),
    "kind.number": ("un nombre", "a number"),
    "kind.boolean": ("un booléen (oui/non)", "a boolean (yes/no)"),
    "kind.null": ("une valeur vide", "an empty value"),
    "kind.date": ("une date", "a date"),
    "kind.binary": ("des données binaires", "binary data"),
    "kind.list": ("une liste", "a list"),
    "kind.mapping": ("un dictionnaire (clé: valeur)", "a mapping (key: value)"),
    # -- errors: referential -------------------------------------------------------------------
    "referential.unknown_document": ("ce fichier n'est ni un référentiel ni un catalogue "
                                     "(clés de premier niveau attendues : {keys})",
                                     "this file is neither a referential nor a catalogue "
                                     "(expected top-level keys: {keys})"),
    "referential.empty_directory": ("aucun fichier YAML de référentiel dans ce dossier",
                                    "no referential YAML file in this directory"),
    "referential.defined_twice": ("« {key} » est défini dans plusieurs fichiers",
                                  "\"{key}\" is defined in several files"),
    "referential.duplicate_id": ("identifiant de {what} « {id} » en double (déjà en {first})",
                                 "duplicate {what} id \"{id}\" (already at {first})"),
    "referential.duplicate_in_profile": ("compétence « {id} » listée deux fois dans ce profil",
                                         "skill \"{id}\" listed twice in this profile"),
    "referential.empty_alias": ("l'alias « {alias} » est vide une fois normalisé",
                                "alias \"{alias}\" is empty once normalised"),
    "referential.alias_collision": ("l'alias « {alias} » de « {skill} » appartient déjà à "
                                    "« {other} »", "alias \"{alias}\" of \"{skill}\" already "
                                    "belongs to \"{other}\""),
    "referential.unknown_skill": ("compétence inconnue « {id} »", "unknown skill \"{id}\""),
    "referential.unknown_profile": ("profil inconnu « {id} »", "unknown profile \"{id}\""),
    "referential.cross_domain": ("le profil « {id} » est d'un autre domaine",
                                 "profile \"{id}\" belongs to another domain"),
    "referential.bad_level": ("niveau requis {value} invalide : 0 (aucun), 1 (notions), "
                              "2 (pratiqué) ou 3 (expert)", "invalid required level {value}: 0 "
                              "(none), 1 (notions), 2 (practised) or 3 (expert)"),
    "referential.cycle": ("cycle dans « builds_on » : {cycle}", "cycle in \"builds_on\": {cycle}"),
    "catalogue.empty": ("catalogue vide", "empty catalogue"),
    "catalogue.bad_department": ("code de département inconnu « {value} » (ex. \"92\", entre "
                                 "guillemets)", "unknown department code \"{value}\" (e.g. "
                                 "\"92\", quoted)"),
    "catalogue.bad_url": ("adresse « {value} » invalide (https://...)",
                          "invalid address \"{value}\" (https://...)"),
    "catalogue.bad_code": ("code « {value} » invalide pour une certification {type}",
                           "invalid code \"{value}\" for a {type} certification"),
    "what.formation": ("formation", "formation"),
    "what.domain": ("domaine", "domain"),
    "what.block": ("bloc", "block"),
    "what.skill": ("compétence", "skill"),
    "what.profile": ("profil", "profile"),
    # -- errors: cases files -------------------------------------------------------------------
    "cases.bad_header": ("la première ligne doit être « input<TAB>expected »",
                         "the first line must be \"input<TAB>expected\""),
    "cases.bad_fields": ("2 colonnes séparées par une tabulation attendues, {count} trouvée(s)",
                         "2 tab-separated columns expected, {count} found"),
    "cases.empty_input": ("entrée vide", "empty input"),
    "cases.empty_expected": ("identifiant attendu vide (mettez « - » pour aucun)",
                             "empty expected id (write \"-\" for none)"),
    # -- errors: usage -------------------------------------------------------------------------
    "usage.unknown_profile": ("profil inconnu « {id} » (profils : {known})",
                              "unknown profile \"{id}\" (profiles: {known})"),
    "usage.unknown_domain": ("domaine inconnu « {id} » (domaines : {known})",
                             "unknown domain \"{id}\" (domains: {known})"),
    "usage.no_skills": ("aucune compétence : donnez --skills \"Python, SQL\" ou --skills-file "
                        "FICHIER",
                        "no skills: give --skills \"Python, SQL\" or --skills-file FILE"),
    "usage.stdin_tty": ("--skills-file - lit l'entrée standard, mais c'est un terminal : "
                        "redirigez un fichier (< fichier.txt)",
                        "--skills-file - reads standard input, but it is a terminal: "
                        "redirect a file (< file.txt)"),
    "usage.bad_lang": ("langue inconnue « {value} » (fr ou en)", "unknown language \"{value}\" "
                       "(fr or en)"),
    "usage.input_not_utf8": ("{path} : octet {byte} invalide ligne {line} : UTF-8 attendu",
                             "{path}: invalid byte {byte} on line {line}: UTF-8 expected"),
    "usage.not_yaml": ("{path} n'est pas un fichier YAML (.yaml ou .yml)",
                       "{path} is not a YAML file (.yaml or .yml)"),
    "usage.no_such_option": ("option inconnue : {option}", "no such option: {option}"),
    "usage.missing": ("{name} manquant", "missing {name}"),
    "usage.bad_value": ("valeur invalide pour {name} : {detail}",
                        "invalid value for {name}: {detail}"),
    "usage.no_such_command": ("commande inconnue « {name} » ; voir skillmatch --help",
                              "unknown command \"{name}\"; see skillmatch --help"),
    "usage.needs_value": ("l'option {option} attend une valeur",
                          "option {option} requires a value"),
    "usage.bad_choice": ("valeur « {value} » invalide pour {name} (valeurs possibles : "
                         "{choices})", "invalid value \"{value}\" for {name} (possible values: "
                         "{choices})"),
    "usage.not_a_number": ("{name} attend un nombre", "{name} expects a number"),
    "usage.extra_arguments": ("argument(s) en trop : {args}", "unexpected extra argument(s): "
                              "{args}"),
    "usage.missing_command": ("commande manquante ; voir skillmatch --help",
                              "missing command; see skillmatch --help"),
    "usage.generic": ("{detail} ; voir skillmatch --help", "{detail}; see skillmatch --help"),
    "usage.no_catalogue": ("pas de catalogue {path} : donnez --catalogue FICHIER",
                           "no catalogue {path}: give --catalogue FILE"),
    "usage.target_required": ("donnez le profil visé : --target ia-B (voir skillmatch profiles)",
                              "give the target profile: --target ia-B (see skillmatch profiles)"),
    "help.recommend": ("Le travail principal : correspondances, niveau par domaine, écart au "
                       "profil visé, et le parcours de formations qui comble l'écart au moindre "
                       "coût, durée ou nombre, sous les contraintes de la personne ; avec ce qui "
                       "reste à couvrir.",
                       "The main job: matches, level per domain, gap to the target profile, and "
                       "the path of formations that closes the gap at the least cost, hours or "
                       "count, under the person's constraints; with what is left uncovered."),
    "help.short.recommend": ("Recommander un parcours de formations",
                             "Recommend a path of formations"),
    "help.opt.catalogue_file": ("Catalogue de formations YAML (par défaut formations.yaml du "
                                "référentiel).", "Formation catalogue YAML (default: the "
                                "referential's formations.yaml)."),
    "help.opt.optimise": ("Ce que le parcours minimise : cost (coût), hours (durée), count "
                          "(nombre de formations).", "What the path minimises: cost, hours, "
                          "count (number of formations)."),
    "help.opt.budget": ("Budget total maximal en euros.", "Largest total budget, in euros."),
    "help.opt.max_hours": ("Durée totale maximale en heures.", "Largest total hours."),
    "help.opt.delivery": ("Modalités acceptées : présentiel, distanciel, hybride, alternance "
                          "(répétable).", "Accepted delivery: présentiel, distanciel, hybride, "
                          "alternance (repeatable)."),
    "help.opt.department": ("Départements acceptés (ex. 92, répétable) ; les formations à "
                            "distance restent proposées.", "Accepted departments (e.g. 92, "
                            "repeatable); distance formations stay allowed."),
    "help.opt.cpf_only": ("Seulement les formations éligibles au CPF.",
                          "Only formations eligible for the CPF."),
    "help.opt.max_level": ("Niveau de sortie le plus haut accepté : none, bac+2, bac+3, bac+5.",
                           "Highest level reached accepted: none, bac+2, bac+3, bac+5."),
    # -- batch -------------------------------------------------------------------------------
    "batch.accounting": ("lignes lues : {read} = {ok} traitées + {errors} en erreur + {skipped} "
                         "vides ignorées", "rows read: {read} = {ok} processed + {errors} in "
                         "error + {skipped} blank skipped"),
    "batch.progress": ("Traitement", "Processing"),
    "batch.error_line": ("ligne {line}", "line {line}"),
    "batch.no_header": ("pas de ligne d'en-tête lisible", "no readable header line"),
    "batch.no_column": ("colonne {role} introuvable (« {name} ») ; colonnes du fichier : "
                        "{columns} ; précisez --id-column / --skills-column",
                        "no {role} column (\"{name}\"); the file's columns: {columns}; "
                        "use --id-column / --skills-column"),
    "batch.bad_byte": ("octet {byte} illisible en {encoding} (ligne {line}) : précisez "
                       "--encoding", "byte {byte} cannot be read as {encoding} (line {line}): "
                       "use --encoding"),
    "batch.bad_utf16": ("fichier UTF-16 illisible à partir d'ici ({reason}) : le fichier est "
                        "refusé", "UTF-16 file unreadable from here ({reason}): the file is "
                        "refused"),
    "usage.bad_encoding": ("encodage inconnu « {value} » (ex. utf-8, cp1252, utf-16)",
                           "unknown encoding \"{value}\" (e.g. utf-8, cp1252, utf-16)"),
    "usage.bad_delimiter": ("séparateur « {value} » invalide : un seul caractère (ou \\t)",
                            "invalid delimiter \"{value}\": one character (or \\t)"),
    "usage.keep_pseudonymised_id": ("--keep {name} recopierait les identifiants que "
                                    "--pseudonymise remplace : retirez-le",
                                    "--keep {name} would copy the ids --pseudonymise replaces: "
                                    "remove it"),
    "batch.field_too_long": ("champ trop long (plus de {limit} caractères)",
                             "field too long (more than {limit} characters)"),
    "batch.nul_byte": ("caractère NUL dans la ligne", "NUL character in the row"),
    "batch.unclosed_quote": ("guillemet ouvert jamais fermé : la ligne est ignorée, la lecture "
                             "reprend à la ligne suivante", "quote opened and never closed: the "
                             "row is left out, reading goes on at the next line"),
    "batch.bad_quote": ("guillemet mal placé dans un champ", "misplaced quote in a field"),
    "batch.field_count": ("{found} colonne(s) au lieu de {expected}",
                          "{found} column(s) instead of {expected}"),
    "batch.empty_skills": ("aucune compétence dans la colonne des compétences",
                           "no skill in the skills column"),
    "batch.unknown_target": ("profil cible inconnu « {id} »", "unknown target profile \"{id}\""),
    "batch.output_dir_missing": ("le dossier de sortie {path} n'existe pas",
                                 "output directory {path} does not exist"),
    "batch.cannot_write": ("impossible d'écrire {path} : {reason}",
                           "cannot write {path}: {reason}"),
    "batch.worker_died": ("un des {jobs} processus de calcul s'est arrêté sans répondre (tué, "
                          "ou mémoire insuffisante ?) ; le fichier de sortie n'est pas écrit : "
                          "relancez avec moins de processus (--jobs 1)",
                          "one of the {jobs} worker processes stopped without answering "
                          "(killed, or out of memory?); the output file is not written: run "
                          "again with fewer processes (--jobs 1)"),
    "usage.pseudonym_key": ("--pseudonymise demande une clé d'au moins 16 caractères, dans "
                            "SKILLMATCH_PSEUDONYM_KEY ou un fichier (--pseudonym-key-file), "
                            "jamais sur la ligne de commande", "--pseudonymise needs a key of at "
                            "least 16 characters, in SKILLMATCH_PSEUDONYM_KEY or a file "
                            "(--pseudonym-key-file), never on the command line"),
    "title.summary": ("Synthèse de la cohorte ({ok} personnes)", "Cohort summary ({ok} people)"),
    "title.summary_levels": ("Niveaux atteints", "Levels reached"),
    "title.summary_missing": ("Compétences les plus manquantes", "Most missing skills"),
    "title.summary_formations": ("Formations les plus recommandées",
                                 "Most recommended formations"),
    "title.summary_errors": ("Lignes en erreur", "Rows in error"),
    "col.people": ("Personnes", "People"),
    "col.reason": ("Motif", "Reason"),
    # Why rows were in error, as the cohort summary counts them (the error report has the
    # full message of each row).
    "reason.batch.bad_byte": ("octet illisible dans l'encodage", "byte the encoding cannot read"),
    "reason.batch.field_too_long": ("champ trop long", "field too long"),
    "reason.batch.nul_byte": ("caractère NUL", "NUL character"),
    "reason.batch.unclosed_quote": ("guillemet jamais fermé", "quote never closed"),
    "reason.batch.bad_quote": ("guillemet mal placé", "misplaced quote"),
    "reason.batch.field_count": ("nombre de colonnes", "number of columns"),
    "reason.batch.empty_skills": ("aucune compétence", "no skill"),
    "reason.batch.unknown_target": ("profil cible inconnu", "unknown target profile"),
    "col.level": ("Niveau", "Level"),
    "col.domain": ("Domaine", "Domain"),
    "summary.total_cost": ("Coût total des parcours recommandés : {cost}",
                           "Total cost of the recommended paths: {cost}"),
    "help.batch": ("Traite une liste de personnes (CSV : identifiant, compétences, profil cible "
                   "facultatif) : une ligne de résultat par ligne lue, dans l'ordre ; chaque "
                   "ligne en erreur va au rapport d'erreurs avec son numéro de ligne. Seules les "
                   "colonnes déclarées sont recopiées.",
                   "Process a list of people (CSV: id, skills, optional target profile): one "
                   "result row per input row, in order; every row in error goes to the error "
                   "report with its line number. Only the declared columns are copied."),
    "help.short.batch": ("Traiter une liste de personnes (CSV)", "Process a list of people "
                         "(CSV)"),
    "help.opt.output": ("Fichier de sortie (« - » : sortie standard, par défaut) ; écrit en "
                        "entier ou pas du tout.", "Output file (\"-\": standard output, the "
                        "default); written whole or not at all."),
    "help.opt.id_column": ("Colonne des identifiants (reconnue sinon : id, identifiant, "
                           "matricule...).", "Id column (otherwise recognised: id, identifiant, "
                           "matricule...)."),
    "help.opt.skills_column": ("Colonne des compétences (reconnue sinon : compétences, "
                               "skills...).", "Skills column (otherwise recognised: "
                               "compétences, skills...)."),
    "help.opt.target_column": ("Colonne du profil cible (reconnue sinon : cible, profil...) ; "
                               "--target sert quand elle est vide.", "Target profile column "
                               "(otherwise recognised: cible, target...); --target applies when "
                               "it is empty."),
    "help.opt.text_column": ("Colonne de texte libre (CV, lettre) où chercher les compétences, "
                             "en plus de la colonne des compétences ou à sa place.",
                             "Running-text column (CV, letter) to find skills in, with the "
                             "skills column or instead of it."),
    "help.opt.keep": ("Colonne d'entrée à recopier dans la sortie (répétable) ; aucune autre "
                      "ne l'est.", "Input column to copy to the output (repeatable); no other "
                      "is."),
    "help.opt.out_format": ("Format de sortie : csv ou jsonl (JSON Lines).",
                            "Output format: csv or jsonl (JSON Lines)."),
    "help.opt.excel": ("CSV pour Excel : UTF-8 avec BOM, « ; », fins de ligne CRLF.",
                       "CSV for Excel: UTF-8 with BOM, \";\", CRLF line ends."),
    "help.opt.encoding": ("Encodage de l'entrée (sinon : BOM, UTF-8, ou cp1252).",
                          "Input encoding (otherwise: BOM, UTF-8, or cp1252)."),
    "help.opt.delimiter": ("Séparateur de l'entrée (sinon : sep=, ou le plus fréquent de ; , "
                           "tabulation).", "Input delimiter (otherwise: sep=, or the most "
                           "frequent of ; , tab)."),
    "help.opt.errors_file": ("Rapport d'erreurs CSV (par défaut SORTIE.errors.csv, ou l'erreur "
                             "standard).", "Error report CSV (default OUTPUT.errors.csv, or "
                             "standard error)."),
    "help.opt.summary": ("Afficher la synthèse de la cohorte.", "Show the cohort summary."),
    "help.opt.summary_file": ("Écrire la synthèse en JSON dans ce fichier.",
                              "Write the summary as JSON to this file."),
    "help.opt.allow_errors": ("Sortir avec le code 0 même si des lignes sont en erreur.",
                              "Exit 0 even when some rows are in error."),
    "help.opt.jobs": ("Processus de calcul en parallèle (0 : un par cœur, 8 au plus ; 1 : un "
                      "seul processus). Chacun garde sa copie des caches.",
                      "Worker processes in parallel (0: one per core, 8 at most; 1: a single "
                      "process). Each keeps its own copy of the caches."),
    "help.opt.pseudonymise": ("Remplacer les identifiants par un HMAC-SHA256 à clé (clé dans "
                              "SKILLMATCH_PSEUDONYM_KEY ou dans un fichier).",
                              "Replace ids with a keyed HMAC-SHA256 (key in "
                              "SKILLMATCH_PSEUDONYM_KEY or in a file)."),
    "help.opt.key_file": ("Fichier contenant la clé de pseudonymisation.",
                          "File holding the pseudonymisation key."),
    # -- help ----------------------------------------------------------------------------------
    "help.app": ("Compétences et formations pour les métiers de l'IA et de la cybersécurité.\n\n"
                 "Lit ce qu'une personne sait faire, en dit le niveau (profils A « En formation »,"
                 " B « En développement », C « En renforcement ») et ce qui lui manque pour un "
                 "profil visé. Textes en français ; --lang en ou SKILLMATCH_LANG=en pour "
                 "l'anglais.",
                 "Skills and training for artificial intelligence and cybersecurity jobs.\n\n"
                 "Reads what a person can do, tells their level (profiles A \"In training\", "
                 "B \"Developing\", C \"Deepening\") and what they lack for a target profile. "
                 "Output in French by default; --lang en or SKILLMATCH_LANG=en for English."),
    "help.profiles": ("Liste les profils du référentiel, ou détaille ceux donnés (ia-B, "
                      "cyber-A...).", "List the referential's profiles, or detail the ones given "
                      "(ia-B, cyber-A...)."),
    "help.short.profiles": ("Lister ou détailler les profils", "List or detail profiles"),
    "help.match": ("Relie chaque compétence saisie à une compétence du référentiel, avec la "
                   "preuve : alias, méthode (exact, alias, fuzzy) et score ; statut match, "
                   "to_confirm (à confirmer) ou none.",
                   "Match each skill written to a referential skill, with the evidence: alias, "
                   "method (exact, alias, fuzzy) and score; status match, to_confirm or none."),
    "help.short.match": ("Relier des compétences saisies au référentiel",
                         "Match written skills to the referential"),
    "help.gap": ("Correspondances, niveau atteint par domaine et écart à un profil cible "
                 "(--target), sur un seul écran.",
                 "Matches, level reached per domain and the gap to a target profile (--target), "
                 "in one screen."),
    "help.short.gap": ("Positionner une personne et son écart à un profil",
                       "Position a person and their gap to a profile"),
    "help.validate": ("Vérifie un dossier de référentiel, un catalogue ou un fichier YAML : "
                      "chaque problème avec fichier, ligne, colonne et chemin.",
                      "Check a referential directory, a catalogue or a YAML file: every problem "
                      "with file, line, column and path."),
    "help.short.validate": ("Vérifier un référentiel ou un catalogue",
                            "Check a referential or a catalogue"),
    "help.eval": ("Mesure le matcher sur des cas étiquetés (TSV input<TAB>expected) : précision, "
                  "rappel, négatifs rejetés, F1, cas faux et balayage des seuils.",
                  "Measure the matcher on labelled cases (TSV input<TAB>expected): precision, "
                  "recall, negatives rejected, F1, wrong cases and a threshold sweep."),
    "help.short.eval": ("Mesurer le matcher sur des cas étiquetés",
                        "Measure the matcher on labelled cases"),
    "help.opt.referential_dir": ("Dossier de référentiel à utiliser (par défaut celui fourni).",
                                 "Referential directory to use (default: the bundled one)."),
    "help.opt.fmt": ("Format de sortie : table, json ou csv.",
                     "Output format: table, json or csv."),
    "help.opt.lang": ("Langue des textes : fr (défaut) ou en.", "Language of texts: fr (default) "
                      "or en."),
    "help.opt.skills": ("Compétences séparées par « , » « ; » ou retour à la ligne "
                        "(répétable).", "Skills separated by \",\" \";\" or newlines "
                        "(repeatable)."),
    "help.opt.skills_file": ("Fichier texte, une compétence par ligne (« - » : entrée "
                             "standard).", "Text file, one skill per line (\"-\": standard "
                             "input)."),
    "help.report": ("Écrit le rapport HTML autonome et imprimable de recommend (sans ressource "
                    "externe) : niveaux, graphiques de couverture, correspondances et preuves, "
                    "écart, parcours, date et versions des données.",
                    "Write recommend's self-contained, printable HTML report (no external "
                    "resource): levels, coverage charts, matches and evidence, gap, path, date "
                    "and data versions."),
    "help.short.report": ("Écrire le rapport HTML", "Write the HTML report"),
    "help.opt.name": ("Nom ou pseudonyme affiché dans le rapport.",
                      "Name or pseudonym shown in the report."),
    "report.written": ("rapport écrit : {path}", "report written: {path}"),
    "help.assess": ("Auto-évaluation au clavier : domaine, profil visé, vos compétences en vos "
                    "mots, confirmation des lectures incertaines, puis votre niveau pour chaque "
                    "compétence du profil (0 aucun, 1 notions, 2 pratiqué, 3 expert ; Entrée "
                    "pour passer). Ctrl-C quitte sans rien écrire.",
                    "Keyboard self-assessment: domain, target profile, your skills in your own "
                    "words, confirmation of uncertain readings, then your level for each skill "
                    "of the profile (0 none, 1 notions, 2 practised, 3 expert; Enter to skip). "
                    "Ctrl-C leaves without writing anything."),
    "help.short.assess": ("S'auto-évaluer (interactif)", "Assess yourself (interactive)"),
    "help.opt.save": ("Enregistrer les réponses dans ce fichier personne (YAML), pour "
                      "--person.", "Save the answers to this person file (YAML), for --person."),
    "usage.assess_needs_terminal": ("assess pose des questions : lancez-le dans un terminal "
                                    "(l'entrée standard n'en est pas un) ; pour un traitement "
                                    "sans questions, utilisez gap --person FICHIER",
                                    "assess asks questions: run it in a terminal (standard "
                                    "input is not one); without questions, use gap --person "
                                    "FILE"),
    "assess.intro": ("Auto-évaluation skillmatch. Répondez au clavier ; Ctrl-C pour quitter "
                     "sans rien enregistrer.", "skillmatch self-assessment. Answer with the "
                     "keyboard; Ctrl-C to leave without saving anything."),
    "assess.domain": ("Dans quel domaine visez-vous un métier ?",
                      "Which field are you aiming at?"),
    "assess.domain_prompt": ("Domaine [1-{count}] : ", "Field [1-{count}]: "),
    "assess.profiles": ("Quel profil visez-vous ? (B s'appuie sur A, C sur B)",
                        "Which profile are you aiming at? (B builds on A, C on B)"),
    "assess.level.A": ("En formation : étudiant, reconversion, premier emploi",
                       "In training: student, career change, first job"),
    "assess.level.B": ("En développement : en poste, vous développez ces compétences",
                       "Developing: in a job, you are developing these skills"),
    "assess.level.C": ("En renforcement : expérimenté, vous approfondissez",
                       "Deepening: experienced, you go further"),
    "assess.profile_prompt": ("Profil [A/B/C] : ", "Profile [A/B/C]: "),
    "assess.choose_again": ("Répondez par un numéro de 1 à {count}.",
                            "Answer with a number from 1 to {count}."),
    "assess.target": ("Profil visé : {profile}", "Target profile: {profile}"),
    "assess.skills": ("Écrivez vos compétences avec vos mots, séparées par des virgules ou une "
                      "par ligne. Ligne vide pour terminer.", "Write your skills in your own "
                      "words, separated by commas or one per line. Empty line to finish."),
    "assess.skills_empty": ("Écrivez au moins une compétence.", "Write at least one skill."),
    "assess.found": ("Reconnues : {skills}", "Recognised: {skills}"),
    "assess.confirm": ("« {text} » : voulez-vous dire « {skill} » ? [o/n] ",
                       "\"{text}\": do you mean \"{skill}\"? [y/n] "),
    "assess.yes_no": ("Répondez o (oui) ou n (non).", "Answer y (yes) or n (no)."),
    "assess.unmatched": ("Non reconnues (sans lien avec le référentiel) : {texts}",
                         "Not recognised (not in the referential): {texts}"),
    "assess.levels": ("Votre niveau pour chaque compétence du profil : 0 aucun, 1 notions, "
                      "2 pratiqué, 3 expert ; Entrée pour passer. « requis 2 » : le niveau que "
                      "le profil attend ; ✓ : vous l'avez écrite.", "Your level for each skill "
                      "of the profile: 0 none, 1 notions, 2 practised, 3 expert; Enter to "
                      "skip. \"required 2\": the level the profile expects; ✓: you wrote it."),
    "assess.level_prompt": ("[{number}/{total}] {skill} (requis {required}){mark} : ",
                            "[{number}/{total}] {skill} (required {required}){mark}: "),
    "person.bad_level": ("niveau déclaré {value} invalide : 0 (aucun), 1 (notions), "
                         "2 (pratiqué) ou 3 (expert)", "invalid declared level {value}: 0 "
                         "(none), 1 (notions), 2 (practised) or 3 (expert)"),
    "assess.mark_found": (" ✓", " ✓"),
    "assess.choose_name": ("Répondez {names}.", "Answer {names}."),
    "assess.level_again": ("Répondez 0, 1, 2 ou 3, ou Entrée pour passer.",
                           "Answer 0, 1, 2 or 3, or Enter to skip."),
    "assess.saved": ("Réponses enregistrées : {path} (à reprendre avec --person {path})",
                     "Answers saved: {path} (reload them with --person {path})"),
    "assess.learned": ("Décisions ajoutées aux corrections : {path}",
                       "Decisions added to the corrections: {path}"),
    "help.opt.text_file": ("Texte libre (CV, offre, fiche formation ; « - » : entrée standard) "
                           "où chercher les compétences mentionnées.", "Running text (CV, job "
                           "ad, training sheet; \"-\": standard input) to find the skills it "
                           "mentions in."),
    "usage.unknown_rome": ("fiche ROME inconnue « {code} » (proches : {hint}) ; cherchez-la avec "
                           "skillmatch jobs --search MOTS", "unknown ROME job \"{code}\" "
                           "(nearest: {hint}); look it up with skillmatch jobs --search WORDS"),
    "error.rome_incomplete": ("{path} ne contient pas l'export ROME complet (il manque {files})",
                              "{path} does not hold a complete ROME export (missing {files})"),
    "rome.missing_column": ("colonne « {column} » absente : ce fichier n'est pas celui de "
                            "l'export ROME", "column \"{column}\" missing: this is not the ROME "
                            "export's file"),
    "rome.not_utf8": ("le fichier doit être en UTF-8, comme les fichiers « unix_…_utf8.csv » de "
                      "l'export ROME", "the file must be UTF-8, as the ROME export's "
                      "\"unix_…_utf8.csv\" files are"),
    "usage.rome_dir_required": ("dossier de l'export ROME non indiqué : donnez --rome-dir "
                                "DOSSIER ou SKILLMATCH_ROME_DIR", "no ROME export directory: "
                                "give --rome-dir DIR or set SKILLMATCH_ROME_DIR"),
    "usage.target_and_rome": ("--target et --rome s'excluent : choisissez l'un des deux",
                              "--target and --rome exclude each other: give one of them"),
    "usage.jobs_needs_query": ("donnez --search MOTS ou --rome CODE",
                               "give --search WORDS or --rome CODE"),
    "jobs.none": ("aucune fiche ROME ne correspond à « {query} »",
                  "no ROME job matches \"{query}\""),
    "jobs.title": ("Fiches ROME pour « {query} »", "ROME jobs for \"{query}\""),
    "jobs.target_title": ("{code} — {title} : compétences du référentiel trouvées dans la fiche",
                          "{code} — {title}: referential skills found in the job sheet"),
    "jobs.uncovered_title": ("Éléments de la fiche sans compétence du référentiel ({count})",
                             "Job sheet items with no referential skill ({count})"),
    "jobs.credit": ("Source : France Travail — ROME {version} (Licence Ouverte 2.0)",
                    "Source: France Travail — ROME {version} (Licence Ouverte 2.0)"),
    "jobs.no_skill": ("cette fiche ne demande aucune compétence du référentiel : l'écart est "
                      "vide", "this job needs no skill of the referential: the gap is empty"),
    "col.code": ("Code", "Code"),
    "col.title": ("Intitulé", "Title"),
    "col.via": ("Trouvée par", "Found by"),
    "col.support": ("Éléments de la fiche", "Job sheet items"),
    "col.principal": ("Principale", "Core"),
    "help.jobs": ("Cherche des fiches métier ROME 4.0 (France Travail) par intitulé et "
                  "appellations, ou montre ce qu'une fiche demande (--rome CODE) en compétences "
                  "du référentiel, et ce qu'elle demande d'autre.", "Search ROME 4.0 job sheets "
                  "(France Travail) by title and job names, or show what a sheet (--rome CODE) "
                  "needs in referential skills, and what else it needs."),
    "help.short.jobs": ("Chercher une fiche métier ROME", "Search a ROME job sheet"),
    "help.opt.search_text": ("Mots de l'intitulé (ex. « pentest », « analyste soc »).",
                        "Words of the title (e.g. \"pentest\", \"analyste soc\")."),
    "help.opt.rome": ("Fiche ROME visée au lieu d'un profil (ex. M1889) : l'écart porte sur "
                      "ce que la fiche demande.", "Target ROME job instead of a profile (e.g. "
                      "M1889): the gap is on what the job needs."),
    "help.opt.rome_dir": ("Dossier de l'export ROME 4.0 (fichiers unix_*_utf8.csv) ; indexé une "
                          "fois dans le cache de l'utilisateur.", "ROME 4.0 export directory "
                          "(unix_*_utf8.csv files); indexed once into the user's cache."),
    "help.opt.limit": ("Nombre maximal de fiches listées.", "Most job sheets listed."),
    "help.catalogue": ("Construit un catalogue de formations à partir des exports publics : "
                       "RNCP (France Compétences) et Mon Compte Formation (Caisse des Dépôts).",
                       "Build a formation catalogue from the public exports: RNCP (France "
                       "Compétences) and Mon Compte Formation (Caisse des Dépôts)."),
    "help.short.catalogue": ("Importer un catalogue (RNCP, CPF)",
                             "Import a catalogue (RNCP, CPF)"),
    "help.import-rncp": ("Une entrée par certification RNCP dont un bloc de compétences nomme "
                         "une compétence du référentiel (trouvée dans le texte du bloc). Durée "
                         "et coût, absents du RNCP, restent inconnus (null).",
                         "One entry per RNCP certification one of whose skill blocks names a "
                         "referential skill (found in the block's text). Hours and cost, not in "
                         "the RNCP, stay unknown (null)."),
    "help.short.import-rncp": ("Importer les blocs RNCP", "Import RNCP blocks"),
    "help.import-cpf": ("Une formation par ligne de l'export Mon Compte Formation : intitulé, "
                        "organisme, heures, prix, département, modalité, code RNCP/RS ; "
                        "compétences trouvées dans l'intitulé et, avec --rncp-blocs, dans les "
                        "blocs de la certification. Les champs absents restent vides.",
                        "One formation per row of the Mon Compte Formation export: title, "
                        "organism, hours, price, department, delivery, RNCP/RS code; skills "
                        "found in the title and, with --rncp-blocs, in the certification's "
                        "blocks. Missing fields stay empty."),
    "help.short.import-cpf": ("Importer l'export CPF", "Import the CPF export"),
    "help.opt.certifiers": ("Fichier Certificateurs du même export (sinon trouvé à côté).",
                            "Certificateurs file of the same export (else found beside it)."),
    "help.opt.standard": ("Fichier Standard (intitulés, niveaux) du même export.",
                          "Standard file (titles, levels) of the same export."),
    "help.opt.fuzzy": ("Accepter aussi les lectures approchées (plus de faux positifs).",
                       "Accept fuzzy readings too (more false positives)."),
    "help.opt.rncp_blocs": ("Export des blocs RNCP pour les compétences des certifications.",
                            "RNCP blocks export for the certifications' skills."),
    "import.counts": ("import : {counts}", "import: {counts}"),
    "import.nothing": ("aucune formation importée : aucune ne couvre une compétence du "
                       "référentiel", "no formation imported: none covers a referential "
                       "skill"),
    "help.opt.person_file": ("Fichier personne (YAML ou JSON, écrit par assess --save) : "
                             "compétences, décisions, niveaux, profil visé.",
                             "Person file (YAML or JSON, written by assess --save): skills, "
                             "decisions, levels, target."),
    "help.opt.learn_file": ("Corrections apprises (alias ajoutés, rejets) appliquées au "
                            "matcher (YAML).", "Learned corrections (extra aliases, rejections) "
                            "applied to the matcher (YAML)."),
    "help.opt.target": ("Profil visé : ia-A, ia-B, ia-C, cyber-A, cyber-B, cyber-C.",
                        "Target profile: ia-A, ia-B, ia-C, cyber-A, cyber-B, cyber-C."),
    "help.opt.domain": ("Ne montrer que ce domaine (ia ou cyber).", "Only this domain (ia or "
                        "cyber)."),
    "help.usage": ("Utilisation : ", "Usage: "),
    "help.opt.help": ("Afficher cette aide et quitter.", "Show this help and exit."),
    "help.opt.install_completion": ("Installer la complétion pour le shell courant.",
                                    "Install completion for the current shell."),
    "help.opt.show_completion": ("Afficher la complétion du shell courant, pour la copier.",
                                 "Show completion for the current shell, to copy it."),
    # -- tables --------------------------------------------------------------------------------
    "yes": ("oui", "yes"),
    "unknown_value": ("n. c.", "n/a"),
    "no": ("non", "no"),
    "col.profile": ("Profil", "Profile"),
    "col.label": ("Intitulé", "Label"),
    "col.builds_on": ("S'appuie sur", "Builds on"),
    "col.skills": ("Compétences", "Skills"),
    "col.skill": ("Compétence", "Skill"),
    "col.block": ("Bloc", "Block"),
    "col.essential": ("Essentielle", "Essential"),
    "col.essential_short": ("Ess.", "Ess."),
    "col.weight": ("Poids", "Weight"),
    "col.levels": ("Niv. déclaré/requis", "Level declared/required"),
    "col.input": ("Saisie", "Input"),
    "col.status": ("Statut", "Status"),
    "col.evidence": ("Preuve", "Evidence"),
    "col.coverage": ("Couverture", "Coverage"),
    "col.reached": ("Atteint", "Reached"),
    "col.line": ("Ligne", "Line"),
    "col.expected": ("Attendu", "Expected"),
    "col.found": ("Trouvé", "Found"),
    "col.threshold": ("Seuil", "Threshold"),
    "col.precision": ("Précision", "Precision"),
    "col.recall": ("Rappel", "Recall"),
    "col.negatives": ("Négatifs rejetés", "Negatives rejected"),
    "col.f1": ("F1", "F1"),
    "block.transversal": ("Transversal", "Transversal"),
    "block.technique": ("Technique", "Technical"),
    "block.management": ("Management", "Management"),
    "block.short.transversal": ("Transv.", "Transv."),
    "block.short.technique": ("Tech.", "Tech."),
    "block.short.management": ("Mgmt", "Mgmt"),
    "status.match": ("trouvée", "match"),
    "status.to_confirm": ("à confirmer", "to confirm"),
    "status.none": ("aucune", "none"),
    "method.exact": ("exact", "exact"),
    "method.alias": ("alias", "alias"),
    "method.fuzzy": ("approché", "fuzzy"),
    "profiles.count": ("{total} ({essential} essentielles)", "{total} ({essential} essential)"),
    "profiles.hint": ("Détail d'un profil : skillmatch profiles ia-B",
                      "Details of a profile: skillmatch profiles ia-B"),
    "profiles.builds_on": ("S'appuie sur {id} : ses compétences sont requises aussi.",
                           "Builds on {id}: its skills are required too."),
    "title.matches": ("Compétences reconnues", "Skills recognised"),
    "title.positions": ("Couverture des compétences propres à chaque profil",
                        "Coverage of each profile's own skills"),
    "title.missing": ("Compétences manquantes ({count})", "Missing skills ({count})"),
    "title.to_confirm": ("À confirmer ({count}) : lues de façon incertaine, non comptées",
                         "To confirm ({count}): uncertain readings, not counted"),
    "title.wrong": ("Cas faux ({count})", "Wrong cases ({count})"),
    "title.sweep": ("Balayage du seuil de correspondance (à confirmer = pas de réponse)",
                    "Match threshold sweep (to confirm = no answer)"),
    "matches.summary": ("{match} trouvée(s), {to_confirm} à confirmer, {none} sans "
                        "correspondance", "{match} matched, {to_confirm} to confirm, {none} "
                        "unmatched"),
    "level.none": ("pas encore au niveau A", "not yet at level A"),
    "level.none_reached": ("sans niveau", "no degree"),
    "level.line": ("Niveau atteint en {domain} : {level}", "Level reached in {domain}: {level}"),
    "level.rule": ("(un profil est atteint à {coverage} de couverture pondérée et {essential} "
                   "de ses compétences essentielles, le profil précédent étant atteint)",
                   "(a profile is reached at {coverage} weighted coverage and {essential} of "
                   "its essential skills, the profile below being reached)"),
    "gap.header": ("Écart au profil {target} ({chain}) : {held} compétence(s) acquise(s) sur "
                   "{total}, {coverage} du poids", "Gap to profile {target} ({chain}): {held} "
                   "skill(s) held of {total}, {coverage} of the weight"),
    "gap.chain": ("avec {profiles}", "with {profiles}"),
    "gap.header_job": ("Écart à la fiche ROME {target} ({chain}) : {held} compétence(s) "
                       "acquise(s) sur {total}, {coverage} du poids", "Gap to ROME job {target} "
                       "({chain}): {held} skill(s) held of {total}, {coverage} of the weight"),
    "jobs.via.title": ("intitulé", "title"),
    "jobs.via.code": ("code", "code"),
    "gap.chain_alone": ("profil de base", "base profile"),
    "legend.positions": ("Ess. : compétences essentielles ; Transv., Tech., Mgmt : blocs "
                         "transversal, technique, management ; – : bloc absent du profil",
                         "Ess.: essential skills; Transv., Tech., Mgmt: transversal, technical, "
                         "management blocks; –: block not in the profile"),
    "gap.none_missing": ("Aucune compétence manquante.", "No missing skill."),
    "col.formation": ("Formation", "Formation"),
    "col.covers": ("Couvre", "Covers"),
    "col.cost": ("Coût", "Cost"),
    "col.hours": ("Durée", "Hours"),
    "col.where": ("Modalité", "Delivery"),
    "objective.cost": ("coût minimal", "least cost"),
    "objective.hours": ("durée minimale", "least hours"),
    "objective.count": ("nombre minimal de formations", "least number of formations"),
    "title.path": ("Parcours suggéré ({objective})", "Suggested path ({objective})"),
    "title.closest": ("Réponse la plus proche, sans limite de budget ni de durée",
                      "Closest answer, without the budget or hours limit"),
    "path.totals": ("Total : {count} formation(s), {cost}, {hours} h ; {covered} compétence(s) "
                    "du manque couvertes", "Total: {count} formation(s), {cost}, {hours} h; "
                    "{covered} missing skill(s) covered"),
    "path.not_proven": ("(solution trouvée par {solver}, optimalité non prouvée dans le temps "
                        "imparti)", "(solution found by {solver}, not proven optimal in the time "
                        "allowed)"),
    "path.nothing_missing": ("Rien ne manque pour ce profil : aucune formation n'est "
                             "nécessaire.", "Nothing is missing for this profile: no formation "
                             "is needed."),
    "path.empty": ("Aucune formation du catalogue ne répond à ces contraintes pour ce manque.",
                   "No formation of the catalogue meets these constraints for this gap."),
    "path.residual": ("Reste à couvrir ({count}) : {skills}", "Left uncovered ({count}): {skills}"),
    "path.uncoverable": ("Aucune formation autorisée par les contraintes ne couvre : {skills}",
                         "No formation the constraints allow covers: {skills}"),
    "path.uncoverable_catalogue": ("Aucune formation du catalogue ne couvre : {skills}",
                                   "No formation of the catalogue covers: {skills}"),
    "path.unknown_department": ("aucune formation dans le(s) département(s) {values} : "
                                "contrainte ignorée (départements du catalogue : {known})",
                                "no formation in department(s) {values}: constraint ignored "
                                "(catalogue departments: {known})"),
    "path.unknown_format": ("aucune formation de modalité « {values} » : cette valeur est "
                            "ignorée, les autres modalités demandées restent appliquées "
                            "(modalités du catalogue : {known})", "no formation delivered as "
                            "{values}: that value is "
                            "ignored, the other formats asked for still apply (catalogue "
                            "formats: {known})"),
    "path.limits_binding": ("le budget ou la durée maximale laissent {left} compétence(s) "
                            "couvrable(s) de côté ; sans ces limites le parcours coûterait "
                            "{cost} € pour {hours} h (voir ci-dessous)",
                            "the budget or hours limit leaves {left} coverable skill(s) out; "
                            "without them the path would cost {cost} € for {hours} h "
                            "(see below)"),
    "path.disclaimer": ("Ce sont des suggestions, à discuter entre le conseiller et la personne "
                        "qui décident ensemble. Catalogue {catalogue} version {version} : coûts "
                        "et durées indicatifs, à vérifier auprès des organismes.",
                        "These are suggestions for the adviser and the person to discuss and "
                        "decide on together. Catalogue {catalogue} version {version}: costs and "
                        "hours are indicative, check them with the organisms."),
    "validate.ok": ("{path} : valide ({counts})", "{path}: valid ({counts})"),
    "validate.failed": ("{path} : {count} problème(s)", "{path}: {count} problem(s)"),
    "count.domains": ("domaines", "domains"),
    "count.blocks": ("blocs", "blocks"),
    "count.skills": ("compétences", "skills"),
    "count.aliases": ("alias", "aliases"),
    "count.profiles": ("profils", "profiles"),
    "count.formations": ("formations", "formations"),
    "eval.header": ("{cases} cas : {positives} positifs, {negatives} négatifs",
                    "{cases} cases: {positives} positive, {negatives} negative"),
    "eval.precision": ("Précision : {value}", "Precision: {value}"),
    "eval.recall": ("Rappel : {value}", "Recall: {value}"),
    "eval.negatives": ("Négatifs rejetés : {value}", "Negatives rejected: {value}"),
    "eval.f1": ("F1 : {value}", "F1: {value}"),
    "eval.text_header": ("{sentences} phrases, {expected} mentions attendues, {negatives} "
                         "phrases sans compétence", "{sentences} sentences, {expected} expected "
                         "mentions, {negatives} sentences naming no skill"),
    "eval.false_alarms": ("Fausses alertes : {count} phrase(s) sur {negatives} sans compétence",
                          "False alarms: {count} of {negatives} sentences naming no skill"),
    "col.text": ("Phrase", "Sentence"),
}


def _include_report_messages() -> None:
    from skillmatch.messages_report import REPORT_MESSAGES

    MESSAGES.update(REPORT_MESSAGES)


_include_report_messages()


def lang_from_env() -> Lang:
    value = os.environ.get("SKILLMATCH_LANG", "").strip().casefold()[:2]
    return "en" if value == "en" else DEFAULT_LANG


def translate(key: str, lang: Lang, /, **params: object) -> str:
    """The text of `key` in `lang`, with `params` filled in; the key itself if unknown."""
    texts = MESSAGES.get(key)
    if texts is None:
        return key
    template = texts[1] if lang == "en" else texts[0]
    return template.format(**params) if params else template


def format_problem(problem: Problem, lang: Lang) -> str:
    """`file, line 3, column 5: at profiles[2].skills[4]: unknown skill "x"`."""
    params = dict(problem.params)
    for name in ("expected", "found"):
        if name in params:
            params[name] = translate(f"kind.{params[name]}", lang)
    if "what" in params:
        params["what"] = translate(f"what.{params['what']}", lang)
    if problem.line is not None:
        place = translate("error.place", lang, file=problem.file, line=problem.line,
                          column=problem.column if problem.column is not None else 1)
    else:
        place = translate("error.place_no_line", lang, file=problem.file)
    where = "" if problem.path == "(document)" else \
        " " + translate("error.in_path", lang, path=problem.path)
    return f"{place}{where} : {translate(problem.key, lang, **params)}" if lang == "fr" else \
        f"{place}{where}: {translate(problem.key, lang, **params)}"
