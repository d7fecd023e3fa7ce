/* test-lesson-cli.c: `seqack-cli lesson` in a terminal, and the diagram
 * export of `seqack-cli run|lesson --svg/--png/--pdf`. */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "lesson-test-util.h"
#include "seqack-export.h"
#include "seqack-scenario.h"

static guint
count (const char *haystack,
       const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL;
       p = strstr (p + strlen (needle), needle))
    n++;
  return n;
}

static void
test_list (void)
{
  g_auto(CliResult) r = { 0 };
  g_auto(CliResult) zh = { 0 };

  run_cli (&r, (const char *[]) { "lesson", "--list", NULL });
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count (r.out, "\n"), ==, 13);
  g_assert_nonnull (strstr (r.out, "2\thandshake\t2. The three-way handshake"));
  g_assert_nonnull (strstr (r.out, "8\tbeyond\t"));
  g_assert_nonnull (strstr (r.out, "9\tsliding-window\t9. The sliding window"));
  g_assert_nonnull (strstr (r.out, "12\tports\t12. Ports and multiplexing"));
  g_assert_nonnull (strstr (r.out,
                            "13\tsyn-flood\t13. SYN floods and SYN cookies"));
  g_assert_nonnull (strstr (r.out, "10\tretransmission\t"));

  run_cli (&zh, (const char *[]) { "lesson", "--list", "--lang", "zh_CN",
                                   NULL });
  g_assert_cmpint (zh.status, ==, 0);
  g_assert_nonnull (strstr (zh.out, "三次握手"));
  g_assert_nonnull (strstr (zh.out, "四次挥手"));
}

/* Without --answers and without a terminal, the questions are shown with
 * their answers, between the ladder lines. */
static void
test_lesson_revealed (void)
{
  g_auto(CliResult) r = { 0 };
  const char *question, *answer, *segment;

  run_cli (&r, (const char *[]) { "lesson", "handshake", NULL });
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_true (g_str_has_prefix (r.out, "2. The three-way handshake\n"));
  g_assert_cmpuint (count (r.out, "Question: "), ==, 5);
  g_assert_nonnull (strstr (r.out, "Score: 0 of 5"));

  /* The SYN's question comes before the SYN is drawn, its answer (from the
   * trace) and then the SYN after. */
  question = strstr (r.out, "Which sequence number will its SYN carry");
  g_assert_nonnull (question);
  answer = strstr (question, "Answer: 0\n");
  segment = strstr (question, "──SYN Seq=0");
  g_assert_nonnull (answer);
  g_assert_nonnull (segment);
  g_assert_cmpint (answer - question, <, segment - question);
  g_assert_nonnull (strstr (r.out, "Correction: The classic text says the "
                                   "ISN"));
}

static void
test_lesson_answers (void)
{
  g_auto(CliResult) r = { 0 };

  run_cli (&r, (const char *[]) { "lesson", "handshake", "--answers",
                                  "listen,1,1,1,established", NULL });
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpuint (count (r.out, "— right."), ==, 4);
  g_assert_nonnull (strstr (r.out, "Your answer: 1 — not quite: the answer "
                                   "is 0."));
  g_assert_nonnull (strstr (r.out, "RFC 6528"));
  g_assert_nonnull (strstr (r.out, "Score: 4 of 5"));
}

static void
test_lesson_chinese (void)
{
  g_auto(CliResult) r = { 0 };

  run_cli (&r, (const char *[]) { "lesson", "teardown", "--lang", "zh_CN",
                                  "--answers", "FIN", NULL });
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "5. 四次挥手\n"));
  g_assert_nonnull (strstr (r.out, "握手之后每个报文段都带有 ACK"));
  g_assert_nonnull (strstr (r.out, "TIME-WAIT"));
}

static void
test_lesson_file_and_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("seqack-cli-lesson-XXXXXX", &error);
  g_autofree char *good = g_build_filename (dir, "mine.lesson", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.lesson", NULL);
  g_auto(CliResult) r1 = { 0 };
  g_auto(CliResult) r2 = { 0 };
  g_auto(CliResult) r3 = { 0 };
  g_autofree char *want = NULL;

  g_assert_true (g_file_set_contents (good,
    "[Lesson]\nName=mine\nTitle=Mine\n[Step 1]\n"
    "Run=server listen;client connect\nReveal=segment\nQuestion=flags\n"
    "Prompt=Flags?\nText=It was {flags}.\n", -1, &error));
  g_assert_true (g_file_set_contents (bad,
    "[Lesson]\nName=bad\nTitle=Bad\n[Step 1]\nReveal=segmnt\nText=x\n",
    -1, &error));

  run_cli (&r1, (const char *[]) { "lesson", good, "--answers", "syn",
                                   NULL });
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_nonnull (strstr (r1.out, "Your answer: SYN — right."));
  g_assert_nonnull (strstr (r1.out, "It was SYN."));

  run_cli (&r2, (const char *[]) { "lesson", bad, NULL });
  g_assert_cmpint (r2.status, ==, 2);
  want = g_strdup_printf ("%s:5: [Step 1] Reveal: unknown rule", bad);
  g_assert_nonnull (strstr (r2.err, want));

  run_cli (&r3, (const char *[]) { "lesson", "handshak", NULL });
  g_assert_cmpint (r3.status, ==, 2);
  g_assert_nonnull (strstr (r3.err, "handshak"));

  g_unlink (good);
  g_unlink (bad);
  g_rmdir (dir);
}

static void
check_svg (const char *path)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  GMarkupParser parser = { 0 };

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  context = g_markup_parse_context_new (&parser, 0, NULL, NULL);
  g_assert_true (g_markup_parse_context_parse (context, text, -1, &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "<svg"));
}

static guint32
be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) |
         ((guint32) p[2] << 8) | p[3];
}

/* Page objects ("/Type /Page", not "/Pages") in a PDF's bytes. */
static guint
count_pdf_pages (const char *data,
                 gsize       len)
{
  g_autoptr(GRegex) regex = g_regex_new ("/Type\\s*/Page(?!s)",
                                         G_REGEX_RAW, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  guint n = 0;

  g_regex_match_full (regex, data, len, 0, 0, &match, NULL);
  while (g_match_info_matches (match))
    {
      n++;
      g_match_info_next (match, NULL);
    }
  return n;
}

/* The trace `run handshake --seed 1` draws, rebuilt in-process. */
static SeqackLab *
handshake_lab (void)
{
  g_autoptr(SeqackScenario) scenario = seqack_scenario_builtin ("handshake",
                                                                NULL);
  SeqackLabConfig config;
  SeqackLab *lab;

  seqack_lab_config_init (&config);
  config.seed = 1;
  lab = seqack_lab_new (&config);
  g_assert_true (seqack_scenario_run (scenario, lab, NULL));
  return lab;
}

static void
test_run_export (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("seqack-export-XXXXXX", &error);
  g_autofree char *svg = g_build_filename (dir, "d.svg", NULL);
  g_autofree char *png = g_build_filename (dir, "d.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "d.pdf", NULL);
  g_autofree char *png_data = NULL;
  g_autofree char *pdf_data = NULL;
  g_auto(CliResult) r = { 0 };
  g_autoptr(SeqackLab) lab = handshake_lab ();
  SeqackExportOptions options;
  const char *box;
  gsize len;
  double w, h;

  run_cli (&r, (const char *[]) { "run", "handshake", "--seed", "1",
                                  "--svg", svg, "--png", png, "--pdf", pdf,
                                  NULL });
  g_assert_cmpint (r.status, ==, 0);
  /* The ladder is still printed. */
  g_assert_nonnull (strstr (r.out, "SYN, ACK Seq=0 Ack=1"));

  check_svg (svg);

  /* PNG: the signature, then IHDR with the default 900 px width. */
  g_assert_true (g_file_get_contents (png, &png_data, &len, &error));
  g_assert_cmpuint (len, >, 33);
  g_assert_cmpmem (png_data, 8, "\x89PNG\r\n\x1a\n", 8);
  g_assert_cmpmem (png_data + 12, 4, "IHDR", 4);
  g_assert_cmpuint (be32 ((guint8 *) png_data + 16), ==, 900);
  g_assert_cmpuint (be32 ((guint8 *) png_data + 20), >, 200);

  /* PDF: A4 pages, as many as the render layer says. */
  g_assert_true (g_file_get_contents (pdf, &pdf_data, &len, &error));
  g_assert_true (g_str_has_prefix (pdf_data, "%PDF-"));
  seqack_export_options_init (&options);
  options.format = SEQACK_EXPORT_PDF;
  g_assert_cmpuint (count_pdf_pages (pdf_data, len), ==,
                    seqack_export_count_pdf_pages (
                      seqack_lab_get_trace (lab), &options));
  box = memmem (pdf_data, len, "/MediaBox [", 11);
  g_assert_nonnull (box);
  g_assert_cmpint (sscanf (box, "/MediaBox [ 0 0 %lf %lf", &w, &h), ==, 2);
  g_assert_cmpfloat_with_epsilon (w, 595.276, 0.5);
  g_assert_cmpfloat_with_epsilon (h, 841.89, 0.5);

  g_unlink (svg);
  g_unlink (png);
  g_unlink (pdf);
  g_rmdir (dir);
}

/* Outline path of each glyph a cairo SVG defines. */
static GHashTable *
svg_glyphs (const char *path)
{
  g_autofree char *text = NULL;
  GHashTable *glyphs = g_hash_table_new_full (g_str_hash, g_str_equal,
                                              g_free, NULL);
  g_autoptr(GRegex) regex = g_regex_new ("id=\"glyph[^\"]*\"[^>]*>\\s*"
                                         "<path[^>]*d=\"([^\"]*)\"",
                                         0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_regex_match (regex, text, 0, &match);
  while (g_match_info_matches (match))
    {
      g_hash_table_add (glyphs, g_match_info_fetch (match, 1));
      g_match_info_next (match, NULL);
    }
  return glyphs;
}

static guint
path_commands (const char *d)
{
  guint n = 0;

  for (const char *p = d; *p != '\0'; p++)
    n += strchr ("MLCQ", *p) != NULL;
  return n;
}

/* The lesson's Chinese title becomes real CJK outlines in the SVG: new
 * glyphs more intricate than any Latin one (a missing-glyph box is
 * simpler), not boxes. */
static void
test_chinese_svg (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("seqack-export-XXXXXX", &error);
  g_autofree char *plain = g_build_filename (dir, "plain.svg", NULL);
  g_autofree char *zh = g_build_filename (dir, "zh.svg", NULL);
  g_auto(CliResult) r1 = { 0 };
  g_auto(CliResult) r2 = { 0 };
  g_autoptr(GHashTable) latin = NULL;
  g_autoptr(GHashTable) chinese = NULL;
  GHashTableIter iter;
  gpointer d;
  guint latin_max = 0, new_glyphs = 0, intricate = 0;

  run_cli (&r1, (const char *[]) { "run", "handshake", "--seed", "1",
                                   "--svg", plain, NULL });
  run_cli (&r2, (const char *[]) { "lesson", "handshake", "--lang", "zh_CN",
                                   "--svg", zh, NULL });
  g_assert_cmpint (r1.status, ==, 0);
  g_assert_cmpint (r2.status, ==, 0);
  check_svg (zh);

  latin = svg_glyphs (plain);
  chinese = svg_glyphs (zh);
  g_assert_cmpuint (g_hash_table_size (latin), >, 10);

  g_hash_table_iter_init (&iter, latin);
  while (g_hash_table_iter_next (&iter, &d, NULL))
    latin_max = MAX (latin_max, path_commands (d));

  g_hash_table_iter_init (&iter, chinese);
  while (g_hash_table_iter_next (&iter, &d, NULL))
    if (!g_hash_table_contains (latin, d))
      {
        new_glyphs++;
        intricate += path_commands (d) > latin_max;
      }

  /* "三次握手": four new characters, and 握 at least is intricate. */
  g_assert_cmpuint (new_glyphs, >=, 4);
  g_assert_cmpuint (intricate, >=, 1);

  g_unlink (plain);
  g_unlink (zh);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lesson/cli/list", test_list);
  g_test_add_func ("/lesson/cli/revealed", test_lesson_revealed);
  g_test_add_func ("/lesson/cli/answers", test_lesson_answers);
  g_test_add_func ("/lesson/cli/chinese", test_lesson_chinese);
  g_test_add_func ("/lesson/cli/file-and-errors",
                   test_lesson_file_and_errors);
  g_test_add_func ("/lesson/cli/run-export", test_run_export);
  g_test_add_func ("/lesson/cli/chinese-svg", test_chinese_svg);

  return g_test_run ();
}
