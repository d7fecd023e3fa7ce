/* seqack-cli-lesson.c: `seqack-cli lesson`, a guided lesson in the
 * terminal: the text ladder as the lab runs, each question before its
 * segment is shown, the explanation and the corrections after. With
 * --variants, a class set of the lesson's quiz instead (GIFT, Moodle XML,
 * worksheets and their answer key); with --key, the answer key of one
 * seed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>

#include "seqack-cli-commands.h"
#include "seqack-lesson-run.h"
#include "seqack-quiz-export.h"

typedef struct
{
  SeqackLessonRun     *run;
  SeqackFormatOptions  format;
  guint                printed;     /* ladder events printed so far */
  gboolean             header_done;
  char               **answers;     /* --answers, or NULL */
  guint                next_answer;
  gboolean             interactive; /* ask on the terminal */
} LessonCli;

static void
print_ladder_until (LessonCli *cli,
                    guint      end)
{
  SeqackTrace *trace = seqack_lab_get_trace (seqack_lesson_run_get_lab (cli->run));

  if (end <= cli->printed)
    return;
  seqack_cli_print_events (trace, cli->printed, end, SEQACK_CLI_FORMAT_TEXT,
                           &cli->format, !cli->header_done);
  cli->header_done = TRUE;
  cli->printed = end;
}

static void
print_block (const char *label,
             const char *text)
{
  if (text == NULL || *text == '\0')
    return;
  if (label != NULL)
    printf ("%s %s\n", label, text);
  else
    printf ("%s\n", text);
}

/* The next answer: from --answers, from the terminal, or none ("-" or an
 * empty line skips the question). */
static char *
next_answer (LessonCli *cli)
{
  char line[256];

  if (cli->answers != NULL)
    {
      if (cli->answers[cli->next_answer] == NULL)
        return NULL;
      return g_strdup (cli->answers[cli->next_answer++]);
    }
  if (!cli->interactive)
    return NULL;

  printf ("%s ", _("Your answer (Enter to see it):"));
  fflush (stdout);
  if (fgets (line, sizeof line, stdin) == NULL)
    return NULL;
  return g_strdup (g_strstrip (line));
}

static gboolean
ask (LessonCli  *cli,
     GError    **error)
{
  g_autofree char *prompt = NULL;
  g_auto(GStrv) choices = NULL;
  g_autoptr(GError) local_error = NULL;

  prompt = seqack_lesson_run_get_prompt (cli->run, error);
  if (prompt == NULL)
    return FALSE;
  choices = seqack_lesson_run_get_choices (cli->run, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  printf ("\n%s %s\n", _("Question:"), prompt);
  if (choices != NULL)
    {
      g_autofree char *list = g_strjoinv (" | ", choices);

      printf ("%s %s\n", _("Choices:"), list);
    }

  for (;;)
    {
      g_autofree char *answer = next_answer (cli);
      g_autoptr(SeqackLessonFeedback) feedback = NULL;
      g_autoptr(GError) answer_error = NULL;
      g_autofree char *expected = NULL;

      if (answer == NULL || *answer == '\0' || strcmp (answer, "-") == 0)
        {
          expected = seqack_lesson_run_get_expected (cli->run);
          printf ("%s %s\n", _("Answer:"), expected);
          seqack_lesson_run_reveal (cli->run);
          return TRUE;
        }

      feedback = seqack_lesson_run_answer (cli->run, answer, &answer_error);
      if (feedback == NULL)
        {
          printf ("%s\n", answer_error->message);
          if (cli->interactive && cli->answers == NULL)
            continue;
          /* A scripted answer that makes no sense: show the answer. */
          expected = seqack_lesson_run_get_expected (cli->run);
          printf ("%s %s\n", _("Answer:"), expected);
          seqack_lesson_run_reveal (cli->run);
          return TRUE;
        }

      if (feedback->correct)
        printf (_("Your answer: %s — right.\n"), feedback->answer);
      else
        printf (_("Your answer: %s — not quite: the answer is %s.\n"),
                feedback->answer, feedback->expected);
      print_block (NULL, feedback->message);
      return TRUE;
    }
}

static gboolean
run_lesson (LessonCli  *cli,
            GError    **error)
{
  SeqackLesson *lesson = seqack_lesson_run_get_lesson (cli->run);
  const char *lang = seqack_lesson_run_get_language (cli->run);
  g_autofree char *title = seqack_lesson_get_title (lesson, lang);
  g_autofree char *summary = seqack_lesson_get_summary (lesson, lang);
  guint n_steps = seqack_lesson_get_n_steps (lesson);
  guint correct, asked;

  printf ("%s\n", title);
  print_block (NULL, summary);

  for (;;)
    {
      g_autofree char *step_title = NULL;
      g_autofree char *text = NULL;
      g_autofree char *correction = NULL;
      g_autoptr(GError) local_error = NULL;
      guint step;

      if (!seqack_lesson_run_next (cli->run, error))
        return FALSE;
      if (seqack_lesson_run_get_phase (cli->run) ==
          SEQACK_LESSON_PHASE_FINISHED)
        break;

      step = seqack_lesson_run_get_step (cli->run);
      step_title = seqack_lesson_run_get_title (cli->run);
      printf ("\n── %u/%u · %s ──\n", step + 1, n_steps, step_title);

      print_ladder_until (cli, seqack_lesson_run_get_visible_end (cli->run));
      if (seqack_lesson_run_get_phase (cli->run) ==
          SEQACK_LESSON_PHASE_QUESTION)
        {
          if (!ask (cli, error))
            return FALSE;
          print_ladder_until (cli,
                              seqack_lesson_run_get_visible_end (cli->run));
        }

      text = seqack_lesson_run_get_text (cli->run, error);
      if (text == NULL)
        return FALSE;
      correction = seqack_lesson_run_get_correction (cli->run, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      printf ("\n");
      print_block (NULL, text);
      print_block (_("Correction:"), correction);
    }

  seqack_lesson_run_get_score (cli->run, &correct, &asked);
  if (asked > 0)
    {
      printf ("\n");
      printf (_("Score: %u of %u"), correct, asked);
      printf ("\n");
    }

  return TRUE;
}

static int
list_lessons (const char *lang)
{
  const char *const *names = seqack_lesson_builtin_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(SeqackLesson) lesson = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *title = NULL;

      lesson = seqack_lesson_new_builtin (names[i], &error);
      if (lesson == NULL)
        {
          seqack_cli_error ("%s", error->message);
          return SEQACK_CLI_EXIT_FAILURE;
        }
      title = seqack_lesson_get_title (lesson, lang);
      printf ("%u\t%s\t%s\n", i + 1, names[i], title);
    }
  return 0;
}

/* --lang also switches SeqAck's own messages (the ladder, the feedback):
 * gettext reads LANGUAGE, but only when the locale is not "C". */
static void
use_language (const char *lang)
{
  g_autofree char *locale = g_strconcat (lang, ".UTF-8", NULL);

  g_setenv ("LANGUAGE", lang, TRUE);
  if (setlocale (LC_ALL, locale) == NULL)
    setlocale (LC_ALL, "C.UTF-8");
}

/* --key: the answer key of one variant, asking nothing. */
static int
print_key (SeqackLesson *lesson,
           guint64       seed,
           const char   *lang,
           gboolean      absolute)
{
  g_autoptr(SeqackQuizVariant) variant = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *key = NULL;

  variant = seqack_quiz_variant_new (lesson, seed, lang, absolute, &error);
  if (variant == NULL)
    {
      seqack_cli_error ("%s", error->message);
      return SEQACK_CLI_EXIT_USAGE;
    }
  if (seqack_quiz_variant_get_n_questions (variant) == 0)
    {
      seqack_cli_error (_("Lesson ‘%s’ asks no questions: there is nothing "
                          "to export"), seqack_lesson_get_name (lesson));
      return SEQACK_CLI_EXIT_USAGE;
    }
  key = seqack_quiz_variant_format_key (variant);
  fputs (key, stdout);
  return 0;
}

typedef struct
{
  const char *gift;
  const char *moodle_xml;
  const char *worksheet_pdf;
  const char *key_pdf;
} ClassFiles;

/* --variants: every file is made in memory, then all are written or
 * none. Without a file, each variant's key goes to stdout. */
static int
export_class (SeqackLesson     *lesson,
              guint             n,
              guint64           base_seed,
              gboolean          drawn,
              const char       *lang,
              const ClassFiles *files)
{
  const char *paths[4];
  GBytes *contents[4] = { NULL, };
  guint n_files = 0;
  g_autoptr(GPtrArray) variants = NULL;
  g_autoptr(GError) error = NULL;
  int status = SEQACK_CLI_EXIT_USAGE;

  variants = seqack_quiz_class_new (lesson, base_seed, n, lang, &error);
  if (variants == NULL)
    {
      seqack_cli_error ("%s", error->message);
      return SEQACK_CLI_EXIT_USAGE;
    }

  if (files->gift != NULL)
    {
      char *gift = seqack_quiz_export_gift (variants);

      paths[n_files] = files->gift;
      contents[n_files++] = g_bytes_new_take (gift, strlen (gift));
    }
  if (files->moodle_xml != NULL)
    {
      char *xml = seqack_quiz_export_moodle_xml (variants, &error);

      if (xml == NULL)
        goto out;
      paths[n_files] = files->moodle_xml;
      contents[n_files++] = g_bytes_new_take (xml, strlen (xml));
    }
  for (int key = 0; key <= 1; key++)
    {
      const char *path = key ? files->key_pdf : files->worksheet_pdf;
      GBytes *pdf;

      if (path == NULL)
        continue;
      pdf = seqack_quiz_export_worksheets (variants, key, &error);
      if (pdf == NULL)
        goto out;
      paths[n_files] = path;
      contents[n_files++] = pdf;
    }

  if (n_files == 0)
    {
      for (guint v = 0; v < variants->len; v++)
        {
          SeqackQuizVariant *variant = g_ptr_array_index (variants, v);
          g_autofree char *key = seqack_quiz_variant_format_key (variant);

          printf ("# Variant %u · seed %" G_GUINT64_FORMAT "\n", v + 1, seqack_quiz_variant_get_seed (variant));
          fputs (key, stdout);
        }
      status = 0;
      goto out;
    }

  if (!seqack_quiz_export_write_files (paths, contents, n_files, &error))
    goto out;

  for (guint i = 0; i < n_files; i++)
    printf (_("Wrote %s\n"), paths[i]);
  for (guint v = 0; v < variants->len; v++)
    printf ("Variant %u\tseed %" G_GUINT64_FORMAT "\n", v + 1,
            seqack_quiz_variant_get_seed (g_ptr_array_index (variants, v)));
  status = 0;

out:
  if (error != NULL)
    seqack_cli_error ("%s", error->message);
  else if (drawn)
    {
      g_autofree char *seed = g_strdup_printf ("%" G_GUINT64_FORMAT,
                                               base_seed);

      fprintf (stderr, _("seqack-cli: base seed %s (give --seed %s to make "
                         "this set again)\n"), seed, seed);
    }
  for (guint i = 0; i < n_files; i++)
    g_bytes_unref (contents[i]);
  return status;
}

int
seqack_cli_cmd_lesson (int    argc,
                       char **argv)
{
  g_autofree char *answers_str = NULL;
  g_autofree char *lang = NULL;
  g_autofree char *seed_str = NULL;
  g_autofree char *svg = NULL;
  g_autofree char *png = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *variants_str = NULL;
  g_autofree char *gift = NULL;
  g_autofree char *moodle_xml = NULL;
  g_autofree char *worksheet_pdf = NULL;
  g_autofree char *key_pdf = NULL;
  gboolean list = FALSE;
  gboolean absolute = FALSE;
  gboolean key = FALSE;
  const GOptionEntry entries[] = {
    { "list", 0, 0, G_OPTION_ARG_NONE, &list,
      N_("List the built-in lessons"), NULL },
    { "answers", 0, 0, G_OPTION_ARG_STRING, &answers_str,
      N_("Answer the questions in order (comma-separated; “-” skips "
         "one; flags as SYN+ACK)"), N_("A,B,…") },
    { "lang", 0, 0, G_OPTION_ARG_STRING, &lang,
      N_("Language of the lesson, e.g. zh_CN or en"), N_("LANG") },
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_str,
      N_("Seed of the lab's random numbers (ISNs, ports)"), "N" },
    { "absolute", 0, 0, G_OPTION_ARG_NONE, &absolute,
      N_("Absolute sequence numbers instead of relative ones"), NULL },
    { "svg", 0, 0, G_OPTION_ARG_FILENAME, &svg,
      N_("Also write the lesson's diagram as SVG"), N_("FILE") },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &png,
      N_("Also write the lesson's diagram as PNG"), N_("FILE") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf,
      N_("Also write the lesson's diagram as a PDF handout"), N_("FILE") },
    { "key", 0, 0, G_OPTION_ARG_NONE, &key,
      N_("Print the answer key of this seed and ask nothing"), NULL },
    { "variants", 0, 0, G_OPTION_ARG_STRING, &variants_str,
      N_("Make N variants of the quiz for a class (absolute numbers; 1 to "
         "500)"), "N" },
    { "gift", 0, 0, G_OPTION_ARG_FILENAME, &gift,
      N_("With --variants: write the questions as Moodle GIFT"),
      N_("FILE") },
    { "moodle-xml", 0, 0, G_OPTION_ARG_FILENAME, &moodle_xml,
      N_("With --variants: write the questions as Moodle XML, with "
         "diagrams"), N_("FILE") },
    { "worksheet-pdf", 0, 0, G_OPTION_ARG_FILENAME, &worksheet_pdf,
      N_("With --variants: write one A4 worksheet per variant"),
      N_("FILE") },
    { "key-pdf", 0, 0, G_OPTION_ARG_FILENAME, &key_pdf,
      N_("With --variants: write the worksheets' answer key"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackLesson) lesson = NULL;
  g_autoptr(SeqackLab) lab = NULL;
  g_autoptr(SeqackLessonRun) run = NULL;
  g_auto(GStrv) answers = NULL;
  SeqackLabConfig config;
  LessonCli cli = { 0 };
  guint n_variants = 0;

  context = g_option_context_new (_("NAME|FILE — go through a lesson"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      seqack_cli_error ("%s", error->message);
      return SEQACK_CLI_EXIT_USAGE;
    }
  if (lang != NULL)
    use_language (lang);

  if (list)
    {
      if (argc != 1)
        {
          seqack_cli_error (_("‘lesson --list’ takes no lesson name"));
          return SEQACK_CLI_EXIT_USAGE;
        }
      return list_lessons (lang);
    }
  if (argc != 2)
    {
      seqack_cli_error (argc < 2 ? _("Which lesson? (see seqack-cli lesson "
                                     "--list)")
                                 : _("‘lesson’ takes one lesson"));
      return SEQACK_CLI_EXIT_USAGE;
    }

  if (variants_str != NULL)
    {
      guint64 n;

      if (!g_ascii_string_to_unsigned (variants_str, 10, 0, G_MAXUINT,
                                       &n, NULL) ||
          n == 0 || n > SEQACK_QUIZ_MAX_VARIANTS)
        {
          seqack_cli_error (_("Invalid value ‘%s’ for %s: give 1 to %u "
                              "variants"), variants_str, "--variants",
                            SEQACK_QUIZ_MAX_VARIANTS);
          return SEQACK_CLI_EXIT_USAGE;
        }
      n_variants = (guint) n;
    }
  else if (gift != NULL || moodle_xml != NULL || worksheet_pdf != NULL ||
           key_pdf != NULL)
    {
      seqack_cli_error (_("--gift, --moodle-xml, --worksheet-pdf and "
                          "--key-pdf need --variants N"));
      return SEQACK_CLI_EXIT_USAGE;
    }

  lesson = seqack_lesson_new_for_name_or_path (argv[1], &error);
  if (lesson == NULL)
    {
      seqack_cli_error ("%s", error->message);
      return SEQACK_CLI_EXIT_USAGE;
    }

  if (n_variants > 0)
    {
      const char *outputs[] = { gift, moodle_xml, worksheet_pdf, key_pdf };
      ClassFiles files = { gift, moodle_xml, worksheet_pdf, key_pdf };
      guint64 base = 0;

      /* Check every path before the work, so a typo fails at once. */
      for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
        if (outputs[i] != NULL &&
            !seqack_quiz_export_check_path (outputs[i], &error))
          {
            seqack_cli_error ("%s", error->message);
            return SEQACK_CLI_EXIT_USAGE;
          }
      if (seed_str != NULL &&
          !g_ascii_string_to_unsigned (seed_str, 10, 0, G_MAXUINT64, &base,
                                       NULL))
        {
          seqack_cli_error (_("Invalid value ‘%s’ for %s"), seed_str,
                            "--seed");
          return SEQACK_CLI_EXIT_USAGE;
        }
      /* Drawn here, once, and told when the set is made, so the same set
       * can be made again. */
      if (seed_str == NULL)
        base = ((guint64) g_random_int () << 32) | g_random_int ();
      return export_class (lesson, n_variants, base, seed_str == NULL, lang,
                           &files);
    }

  seqack_lab_config_init (&config);
  config.seed = seqack_lesson_get_seed (lesson) != 0
                ? seqack_lesson_get_seed (lesson) : 1;
  if (seed_str != NULL &&
      !g_ascii_string_to_unsigned (seed_str, 10, 0, G_MAXUINT64,
                                   &config.seed, NULL))
    {
      seqack_cli_error (_("Invalid value ‘%s’ for %s"), seed_str, "--seed");
      return SEQACK_CLI_EXIT_USAGE;
    }

  if (key)
    return print_key (lesson, config.seed, lang, absolute);

  lab = seqack_lab_new (&config);
  run = seqack_lesson_run_new (lesson, lab);
  seqack_lesson_run_set_language (run, lang);
  seqack_lesson_run_set_absolute (run, absolute);

  if (answers_str != NULL)
    answers = g_strsplit (answers_str, ",", -1);
  for (guint i = 0; answers != NULL && answers[i] != NULL; i++)
    g_strstrip (answers[i]);

  cli.run = run;
  cli.format.absolute = absolute;
  cli.answers = answers;
  cli.interactive = answers == NULL && isatty (STDIN_FILENO);

  if (!run_lesson (&cli, &error))
    {
      seqack_cli_error ("%s", error->message);
      return SEQACK_CLI_EXIT_FAILURE;
    }

  {
    g_autofree char *title = seqack_lesson_get_title (lesson, lang);

    if (!seqack_cli_export_diagrams (seqack_lab_get_trace (lab), svg, png,
                                     pdf, title, &error))
      {
        seqack_cli_error ("%s", error->message);
        return SEQACK_CLI_EXIT_USAGE;
      }
  }

  return 0;
}
