/* test-lesson-export.c: `seqack-cli lesson --variants` as a teacher uses
 * it: Moodle XML that an import accepts, with a real PNG per question;
 * answers that equal --key of the same seed; worksheets one page per
 * student with a CJK font in Chinese; nothing shown before a question
 * that gives its answer; and bad input refused with nothing written. */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>

#include "lesson-test-util.h"
#include "seqack-quiz-export.h"

static char *
make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("seqack-export-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_tmpdir (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  if (d != NULL)
    g_dir_close (d);
  g_rmdir (dir);
}

static guint
count_files (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  if (d != NULL)
    g_dir_close (d);
  return n;
}

/* Moodle XML, read with GMarkup */

typedef struct
{
  char *type;
  char *name;
  char *questiontext;
  GPtrArray *files;     /* "name" then base64, alternating */
  GPtrArray *answers;   /* "fraction" then text, alternating */
  char *category;
} XmlQuestion;

typedef struct
{
  GPtrArray *questions;
  GPtrArray *stack;     /* element names */
  GString   *text;
  XmlQuestion *current;
  char *file_name;
  char *fraction;
  gboolean saw_quiz;
} XmlReader;

static void
xml_question_free (gpointer data)
{
  XmlQuestion *q = data;

  g_free (q->type);
  g_free (q->name);
  g_free (q->questiontext);
  g_free (q->category);
  g_ptr_array_unref (q->files);
  g_ptr_array_unref (q->answers);
  g_free (q);
}

static const char *
parent (XmlReader *r,
        guint      up)
{
  if (r->stack->len < up + 1)
    return "";
  return g_ptr_array_index (r->stack, r->stack->len - 1 - up);
}

static void
xml_start (GMarkupParseContext *context,
           const char          *element,
           const char         **names,
           const char         **values,
           gpointer             data,
           GError             **error)
{
  XmlReader *r = data;

  if (r->stack->len == 0)
    {
      if (strcmp (element, "quiz") != 0)
        g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                     "root is <%s>, not <quiz>", element);
      r->saw_quiz = TRUE;
    }
  else if (strcmp (element, "question") == 0)
    {
      if (strcmp (parent (r, 0), "quiz") != 0)
        g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                     "<question> outside <quiz>");
      r->current = g_new0 (XmlQuestion, 1);
      r->current->files = g_ptr_array_new_with_free_func (g_free);
      r->current->answers = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; names[i] != NULL; i++)
        if (strcmp (names[i], "type") == 0)
          r->current->type = g_strdup (values[i]);
    }
  else if (strcmp (element, "file") == 0)
    {
      gboolean base64 = FALSE;

      g_clear_pointer (&r->file_name, g_free);
      for (guint i = 0; names[i] != NULL; i++)
        {
          if (strcmp (names[i], "name") == 0)
            r->file_name = g_strdup (values[i]);
          if (strcmp (names[i], "encoding") == 0)
            base64 = strcmp (values[i], "base64") == 0;
        }
      if (!base64 || r->file_name == NULL ||
          strcmp (parent (r, 0), "questiontext") != 0)
        g_set_error (error, G_MARKUP_ERROR, G_MARKUP_ERROR_INVALID_CONTENT,
                     "a <file> must be a named base64 file of the text");
    }
  else if (strcmp (element, "answer") == 0)
    {
      g_clear_pointer (&r->fraction, g_free);
      for (guint i = 0; names[i] != NULL; i++)
        if (strcmp (names[i], "fraction") == 0)
          r->fraction = g_strdup (values[i]);
    }
  g_ptr_array_add (r->stack, g_strdup (element));
  g_string_truncate (r->text, 0);
}

static void
xml_end (GMarkupParseContext *context,
         const char          *element,
         gpointer             data,
         GError             **error)
{
  XmlReader *r = data;
  XmlQuestion *q = r->current;

  if (strcmp (element, "text") == 0 && q != NULL)
    {
      const char *p = parent (r, 1);

      if (strcmp (p, "name") == 0)
        q->name = g_strdup (r->text->str);
      else if (strcmp (p, "questiontext") == 0)
        q->questiontext = g_strdup (r->text->str);
      else if (strcmp (p, "category") == 0)
        q->category = g_strdup (r->text->str);
      else if (strcmp (p, "answer") == 0)
        {
          g_ptr_array_add (q->answers, g_strdup (r->fraction));
          g_ptr_array_add (q->answers, g_strdup (r->text->str));
        }
    }
  else if (strcmp (element, "file") == 0 && q != NULL)
    {
      g_ptr_array_add (q->files, g_strdup (r->file_name));
      g_ptr_array_add (q->files, g_strdup (r->text->str));
    }
  else if (strcmp (element, "question") == 0)
    {
      g_ptr_array_add (r->questions, q);
      r->current = NULL;
    }
  g_ptr_array_remove_index (r->stack, r->stack->len - 1);
  g_string_truncate (r->text, 0);
}

static void
xml_text (GMarkupParseContext *context,
          const char          *text,
          gsize                len,
          gpointer             data,
          GError             **error)
{
  XmlReader *r = data;

  g_string_append_len (r->text, text, len);
}

static GPtrArray *
read_moodle_xml (const char *path)
{
  static const GMarkupParser parser = { xml_start, xml_end, xml_text,
                                        NULL, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *xml = NULL;
  XmlReader r = { 0, };
  GMarkupParseContext *context;

  g_assert_true (g_file_get_contents (path, &xml, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (xml, "<?xml version=\"1.0\" "
                                        "encoding=\"UTF-8\"?>"));
  r.questions = g_ptr_array_new_with_free_func (xml_question_free);
  r.stack = g_ptr_array_new_with_free_func (g_free);
  r.text = g_string_new (NULL);
  context = g_markup_parse_context_new (&parser, 0, &r, NULL);
  g_assert_true (g_markup_parse_context_parse (context, xml, -1, &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_markup_parse_context_free (context);
  g_assert_true (r.saw_quiz);
  g_ptr_array_unref (r.stack);
  g_string_free (r.text, TRUE);
  g_free (r.file_name);
  g_free (r.fraction);
  return r.questions;
}

typedef struct
{
  const guchar *data;
  gsize         len;
  gsize         at;
} PngReader;

static cairo_status_t
png_read (void          *closure,
          unsigned char *out,
          unsigned int   length)
{
  PngReader *r = closure;

  if (r->at + length > r->len)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (out, r->data + r->at, length);
  r->at += length;
  return CAIRO_STATUS_SUCCESS;
}

/* The right answer of each question of the Moodle file, by title. */
static GHashTable *
right_answers (GPtrArray *questions)
{
  GHashTable *answers = g_hash_table_new_full (g_str_hash, g_str_equal,
                                               g_free, g_free);

  for (guint i = 0; i < questions->len; i++)
    {
      XmlQuestion *q = g_ptr_array_index (questions, i);

      for (guint a = 0; q->name != NULL && a < q->answers->len; a += 2)
        if (strcmp (g_ptr_array_index (q->answers, a), "100") == 0)
          g_hash_table_insert (answers, g_strdup (q->name),
                               g_strdup (g_ptr_array_index (q->answers,
                                                            a + 1)));
    }
  return answers;
}

/* The seeds of the variants, from the CLI's "Variant N\tseed S" lines. */
static GPtrArray *
seeds_of (const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  GPtrArray *seeds = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *s = strstr (lines[i], "\tseed ");

      if (g_str_has_prefix (lines[i], "Variant ") && s != NULL)
        g_ptr_array_add (seeds, g_strdup (s + strlen ("\tseed ")));
    }
  return seeds;
}

/* The issue's own command: 30 distinct variants with pictures that a
 * Moodle import accepts, and answers equal to --key of each seed. */
static void
test_moodle_xml (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *xml = g_build_filename (dir, "class.xml", NULL);
  g_auto(CliResult) r = { 0 };
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(GPtrArray) seeds = NULL;
  g_autoptr(GHashTable) answers = NULL;
  g_autoptr(GHashTable) distinct = g_hash_table_new_full (g_str_hash,
                                                          g_str_equal,
                                                          g_free, NULL);
  guint n_pictures = 0;
  XmlQuestion *category;

  run_cli (&r, (const char *[]) { "lesson", "handshake", "--variants", "30",
                                  "--moodle-xml", xml, NULL });
  g_assert_cmpint (r.status, ==, 0);
  /* No --seed: the base seed is drawn and told, to make the set again. */
  g_assert_nonnull (strstr (r.err, "--seed "));
  seeds = seeds_of (r.out);
  g_assert_cmpuint (seeds->len, ==, 30);

  questions = read_moodle_xml (xml);
  category = g_ptr_array_index (questions, 0);
  g_assert_cmpstr (category->type, ==, "category");
  g_assert_cmpstr (category->category, ==,
                   "$course$/SeqAck/2. The three-way handshake");
  g_assert_cmpuint (questions->len, ==, 1 + 30 * 5);

  for (guint i = 1; i < questions->len; i++)
    {
      XmlQuestion *q = g_ptr_array_index (questions, i);
      guint right = 0;

      g_assert_true (g_strcmp0 (q->type, "numerical") == 0 ||
                     g_strcmp0 (q->type, "multichoice") == 0);
      g_assert_nonnull (q->name);
      g_assert_true (g_str_has_prefix (q->name, "handshake · step "));
      g_assert_nonnull (strstr (q->name, " · seed "));
      g_assert_nonnull (q->questiontext);
      for (guint a = 0; a < q->answers->len; a += 2)
        right += strcmp (g_ptr_array_index (q->answers, a), "100") == 0;
      g_assert_cmpuint (right, ==, 1);

      for (guint f = 0; f < q->files->len; f += 2)
        {
          const char *name = g_ptr_array_index (q->files, f);
          g_autofree char *ref = g_strdup_printf ("@@PLUGINFILE@@/%s", name);
          gsize len;
          g_autofree guchar *png = g_base64_decode (
            g_ptr_array_index (q->files, f + 1), &len);
          PngReader reader = { png, len, 0 };
          cairo_surface_t *image;

          /* Shown in the text, and a PNG cairo decodes. */
          g_assert_nonnull (strstr (q->questiontext, ref));
          g_assert_cmpuint (len, >, 8);
          g_assert_cmpmem (png, 8, "\x89PNG\r\n\x1a\n", 8);
          image = cairo_image_surface_create_from_png_stream (png_read,
                                                              &reader);
          g_assert_cmpint (cairo_surface_status (image), ==,
                           CAIRO_STATUS_SUCCESS);
          g_assert_cmpint (cairo_image_surface_get_width (image), ==, 760);
          g_assert_cmpint (cairo_image_surface_get_height (image), >, 40);
          cairo_surface_destroy (image);
          n_pictures++;
        }
    }
  /* Step 1 happens before any segment: every other question has its
   * ladder. */
  g_assert_cmpuint (n_pictures, ==, 30 * 4);

  /* 30 distinct variants: no two students share the numbers. */
  answers = right_answers (questions);
  for (guint s = 0; s < seeds->len; s++)
    {
      GString *set = g_string_new (NULL);

      for (guint step = 1; step <= 5; step++)
        {
          g_autofree char *title = g_strdup_printf (
            "handshake · step %u · seed %s", step,
            (char *) g_ptr_array_index (seeds, s));

          g_string_append_printf (set, "%s;",
                                  (char *) g_hash_table_lookup (answers,
                                                                title));
        }
      g_assert_false (g_hash_table_contains (distinct, set->str));
      g_hash_table_add (distinct, g_string_free (set, FALSE));
    }

  /* Sampled variants: the exported answers are --key's, line by line. */
  for (guint s = 0; s < seeds->len; s += 7)
    {
      const char *seed = g_ptr_array_index (seeds, s);
      g_auto(CliResult) key = { 0 };
      g_auto(GStrv) lines = NULL;

      run_cli (&key, (const char *[]) { "lesson", "handshake", "--seed",
                                        seed, "--absolute", "--key", NULL });
      g_assert_cmpint (key.status, ==, 0);
      lines = g_strsplit (key.out, "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, 6);
      for (guint l = 0; l < 5; l++)
        {
          g_auto(GStrv) fields = g_strsplit (lines[l], "\t", -1);
          g_autofree char *title = NULL;

          g_assert_cmpuint (g_strv_length (fields), ==, 3);
          title = g_strdup_printf ("handshake · step %s · seed %s",
                                   fields[0], seed);
          g_assert_cmpstr (fields[2], ==,
                           g_hash_table_lookup (answers, title));
        }
    }

  remove_tmpdir (dir);
}

/* Pages of a cairo PDF: its page objects are written uncompressed. */
static guint
count_pdf_pages (const char *path)
{
  g_autofree char *pdf = NULL;
  gsize len;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &pdf, &len, NULL));
  g_assert_true (g_str_has_prefix (pdf, "%PDF-"));
  for (gsize i = 0; i + 11 < len; i++)
    if (memcmp (pdf + i, "/Type /Page", 11) == 0 && pdf[i + 11] != 's')
      n++;
  return n;
}

/* One A4 page per student, for every lesson: a flow-control lesson's long
 * ladders give up their oldest rows rather than run over a second page;
 * and a key with the same pages. */
static void
test_worksheets (void)
{
  const char *const *names = seqack_lesson_builtin_names ();
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *sheets = g_build_filename (dir, "sheets.pdf", NULL);
  g_autofree char *key = g_build_filename (dir, "key.pdf", NULL);

  for (guint l = 0; names[l] != NULL; l++)
    {
      g_auto(CliResult) r = { 0 };

      run_cli (&r, (const char *[]) { "lesson", names[l], "--variants", "3",
                                      "--seed", "11", "--worksheet-pdf",
                                      sheets, "--key-pdf", key, NULL });
      g_assert_cmpint (r.status, ==, 0);
      g_assert_cmpstr (r.err, ==, "");
      guint pages = count_pdf_pages (sheets);

      g_assert_cmpuint (r.status, ==, 0);
      g_test_message ("%s: %u pages for 3 students", names[l], pages);
      g_assert_cmpuint (pages, ==, 3);
      g_assert_cmpuint (count_pdf_pages (key), ==, pages);
    }
  remove_tmpdir (dir);
}

/* Chinese worksheets and GIFT: Chinese text, and a CJK font embedded in
 * the PDF (pdffonts, from poppler-utils, lists the embedded fonts). */
static void
test_zh_cn (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *sheets = g_build_filename (dir, "sheets.pdf", NULL);
  g_autofree char *gift = g_build_filename (dir, "class.gift", NULL);
  g_autofree char *text = NULL;
  g_auto(CliResult) r = { 0 };
  g_auto(CliResult) fonts = { 0 };
  g_autofree char *pdffonts = g_find_program_in_path ("pdffonts");
  g_autoptr(GError) error = NULL;
  g_autofree char *fonts_out = NULL;
  int wait_status;

  run_cli (&r, (const char *[]) { "lesson", "handshake", "--variants", "2",
                                  "--seed", "5", "--lang", "zh_CN",
                                  "--worksheet-pdf", sheets, "--gift", gift,
                                  NULL });
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_get_contents (gift, &text, NULL, NULL));
  g_assert_true (has_cjk (text));
  g_assert_nonnull (strstr (text, "三次握手"));

  g_assert_nonnull (pdffonts);
  g_assert_true (g_spawn_sync (NULL, (char *[]) { pdffonts, sheets, NULL },
                               NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &fonts_out, NULL, &wait_status, &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status) && WEXITSTATUS (wait_status) == 0);
  /* "NotoSansCJKsc-Regular ... yes": a CJK font, embedded. */
  {
    g_auto(GStrv) lines = g_strsplit (fonts_out, "\n", -1);
    gboolean cjk = FALSE;

    for (guint i = 0; lines[i] != NULL; i++)
      if (strstr (lines[i], "CJK") != NULL && strstr (lines[i], " yes ") != NULL)
        cjk = TRUE;
    g_assert_true (cjk);
  }
  (void) fonts;
  remove_tmpdir (dir);
}

/* Nothing shown with a question gives its answer: not the segment asked
 * about, not its sender's state change or timer at the same instant, and
 * for a state question not the new state. */
static void
test_nothing_before_answer (void)
{
  const char *const *names = seqack_lesson_builtin_names ();

  for (guint l = 0; names[l] != NULL; l++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SeqackLesson) lesson = seqack_lesson_new_builtin (names[l],
                                                                  &error);
      g_autoptr(SeqackQuizVariant) v = NULL;
      SeqackTrace *trace;

      g_assert_no_error (error);
      v = seqack_quiz_variant_new (lesson, 4242, "en", TRUE, &error);
      g_assert_no_error (error);
      trace = seqack_lab_get_trace (seqack_quiz_variant_get_lab (v));

      for (guint i = 0; i < seqack_quiz_variant_get_n_questions (v); i++)
        {
          const SeqackQuizQuestion *q = seqack_quiz_variant_get_question (v, i);
          const SeqackQuestion *lq =
            seqack_lesson_get_step_question (lesson, q->step);
          guint n = seqack_trace_get_n_events (trace);
          guint subject = G_MAXUINT;

          g_assert_cmpuint (q->visible_end, <, n);
          if (q->kind == SEQACK_QUESTION_STATE)
            {
              SeqackTcpState want;

              g_assert_true (seqack_lesson_parse_state (q->answer, &want));
              if (q->visible_end > 0)
                g_assert_cmpint (seqack_trace_get_state (trace,
                                                         q->visible_end - 1,
                                                         lq->side), !=, want);
              continue;
            }
          /* The segment asked about is the first one not shown. */
          for (guint e = q->visible_end; e < n && subject == G_MAXUINT; e++)
            if (seqack_trace_get_event (trace, e)->kind ==
                SEQACK_EVENT_SEGMENT)
              subject = e;
          g_assert_cmpuint (subject, !=, G_MAXUINT);
          if (q->kind == SEQACK_QUESTION_SEQ)
            g_assert_cmpuint (seqack_trace_get_event (trace, subject)->seq,
                              ==, q->number);
          if (q->visible_end > 0)
            {
              const SeqackEvent *last =
                seqack_trace_get_event (trace, q->visible_end - 1);
              const SeqackEvent *seg = seqack_trace_get_event (trace,
                                                               subject);

              g_assert_false (last->kind == SEQACK_EVENT_STATE &&
                              last->side == seg->side && last->t == seg->t);
            }
        }
    }
}

/* A teacher's own lesson file works the same way. */
static void
test_teacher_lesson (void)
{
  static const char lesson_text[] =
    "[Lesson]\n"
    "Name=my-quiz\n"
    "Title=My quiz: ports\n"
    "[Step 1]\n"
    "Run=server listen;client connect\n"
    "Reveal=segment\n"
    "Question=flags\n"
    "Prompt=Which flags does the first segment carry?\n"
    "Text=The SYN opens the connection.\n";
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *file = g_build_filename (dir, "mine.lesson", NULL);
  g_autofree char *gift = g_build_filename (dir, "mine.gift", NULL);
  g_autofree char *text = NULL;
  g_auto(CliResult) r = { 0 };

  g_assert_true (g_file_set_contents (file, lesson_text, -1, NULL));
  run_cli (&r, (const char *[]) { "lesson", file, "--variants", "4",
                                  "--seed", "3", "--gift", gift, NULL });
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_file_get_contents (gift, &text, NULL, NULL));
  g_assert_nonnull (strstr (text, "$CATEGORY: $course$/SeqAck/My quiz: "
                                  "ports"));
  g_assert_nonnull (strstr (text, "::my-quiz · step 1 · seed "));
  g_assert_nonnull (strstr (text, "\t=SYN\n"));
  remove_tmpdir (dir);
}

static void
assert_refused (const char *const *args,
                const char        *dir,
                const char        *message)
{
  g_auto(CliResult) r = { 0 };

  run_cli (&r, args);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.out, ==, "");
  /* One clear line. */
  g_assert_true (g_str_has_prefix (r.err, "seqack-cli: "));
  g_assert_cmpuint (strlen (r.err), >, 0);
  g_assert_nonnull (strchr (r.err, '\n'));
  g_assert_cmpstr (strchr (r.err, '\n') + 1, ==, "");
  g_assert_nonnull (strstr (r.err, message));
  /* Nothing written, not even a temporary file. */
  g_assert_cmpuint (count_files (dir), ==, 0);
}

static void
test_bad_input (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *gift = g_build_filename (dir, "c.gift", NULL);
  g_autofree char *pdf = g_build_filename (dir, "w.pdf", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "no", "such", "c.xml",
                                               NULL);
  g_autofree char *empty = g_build_filename (dir, "..", "seqack-empty.lesson",
                                             NULL);

  assert_refused ((const char *[]) { "lesson", "handshake", "--variants",
                                     "0", "--gift", gift, NULL },
                  dir, "--variants");
  assert_refused ((const char *[]) { "lesson", "handshake", "--variants",
                                     "501", "--gift", gift, NULL },
                  dir, "--variants");
  assert_refused ((const char *[]) { "lesson", "handshake", "--variants",
                                     "lots", "--gift", gift, NULL },
                  dir, "--variants");
  assert_refused ((const char *[]) { "lesson", "no-such-lesson",
                                     "--variants", "3", "--gift", gift,
                                     NULL },
                  dir, "no-such-lesson");
  /* One good path and one that cannot be written: neither is made. */
  assert_refused ((const char *[]) { "lesson", "handshake", "--variants",
                                     "3", "--gift", gift, "--moodle-xml",
                                     nowhere, "--worksheet-pdf", pdf, NULL },
                  dir, nowhere);
  assert_refused ((const char *[]) { "lesson", "handshake", "--gift", gift,
                                     NULL },
                  dir, "--variants");

  g_assert_true (g_file_set_contents (
    empty, "[Lesson]\nName=empty\nTitle=No questions\n[Step 1]\n"
           "Run=server listen\nText=Just watch.\n", -1, NULL));
  assert_refused ((const char *[]) { "lesson", empty, "--variants", "3",
                                     "--gift", gift, NULL },
                  dir, "asks no questions");
  assert_refused ((const char *[]) { "lesson", empty, "--key", NULL },
                  dir, "asks no questions");
  g_unlink (empty);
  remove_tmpdir (dir);
}

/* All files or none: a failure on the last file leaves no file and no
 * temporary file behind. */
static void
test_write_all_or_none (void)
{
  g_autofree char *dir = make_tmpdir ();
  g_autofree char *a = g_build_filename (dir, "a.gift", NULL);
  g_autofree char *b = g_build_filename (dir, "gone", "b.xml", NULL);
  const char *paths[] = { a, b };
  GBytes *contents[] = { g_bytes_new_static ("x", 1),
                         g_bytes_new_static ("y", 1) };
  g_autoptr(GError) error = NULL;

  g_assert_false (seqack_quiz_export_write_files (paths, contents, 2,
                                                  &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "b.xml"));
  g_assert_cmpuint (count_files (dir), ==, 0);
  g_clear_error (&error);

  paths[1] = a;
  g_assert_true (seqack_quiz_export_write_files (paths, contents, 1,
                                                 &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (a, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_files (dir), ==, 1);

  g_bytes_unref (contents[0]);
  g_bytes_unref (contents[1]);
  remove_tmpdir (dir);
}

/* Seeds of a set: six digits, all different, the same from the same base. */
static void
test_seeds (void)
{
  guint64 a[SEQACK_QUIZ_MAX_VARIANTS], b[SEQACK_QUIZ_MAX_VARIANTS];
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash,
                                                 g_int64_equal);

  seqack_quiz_derive_seeds (1, SEQACK_QUIZ_MAX_VARIANTS, a);
  seqack_quiz_derive_seeds (1, SEQACK_QUIZ_MAX_VARIANTS, b);
  g_assert_cmpmem (a, sizeof a, b, sizeof b);
  for (guint i = 0; i < SEQACK_QUIZ_MAX_VARIANTS; i++)
    {
      g_assert_cmpuint (a[i], >=, 100000);
      g_assert_cmpuint (a[i], <=, 999999);
      g_assert_false (g_hash_table_contains (seen, &a[i]));
      g_hash_table_add (seen, &a[i]);
    }
  seqack_quiz_derive_seeds (2, 1, b);
  g_assert_cmpuint (a[0], !=, b[0]);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lesson/export/moodle-xml", test_moodle_xml);
  g_test_add_func ("/lesson/export/worksheets", test_worksheets);
  g_test_add_func ("/lesson/export/zh-cn", test_zh_cn);
  g_test_add_func ("/lesson/export/nothing-before-answer",
                   test_nothing_before_answer);
  g_test_add_func ("/lesson/export/teacher-lesson", test_teacher_lesson);
  g_test_add_func ("/lesson/export/bad-input", test_bad_input);
  g_test_add_func ("/lesson/export/write-all-or-none",
                   test_write_all_or_none);
  g_test_add_func ("/lesson/export/seeds", test_seeds);

  return g_test_run ();
}
