/* seqack-quiz-export.c: GIFT, Moodle XML and worksheets of a class set.
 *
 * GIFT follows Moodle's "GIFT format" documentation: questions separated
 * by blank lines, "::title::" names, "[plain]" text, answers in braces,
 * "=" right and "~" wrong choices, "#" before a numerical answer list and
 * before feedback, "%0%" weights, and a backslash before ~ = # { } : in
 * any text. Moodle XML follows the format's documentation: one <quiz>, a
 * "category" question, then numerical and multichoice questions whose
 * pictures are <file encoding="base64"> elements of the question text,
 * referenced as @@PLUGINFILE@@/name.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "seqack-quiz-export.h"
#include "seqack-worksheet.h"

/* The picture of a question in Moodle, px. */
#define PICTURE_WIDTH 760

GPtrArray *
seqack_quiz_class_new (SeqackLesson  *lesson,
                       guint64        base_seed,
                       guint          n,
                       const char    *lang,
                       GError       **error)
{
  g_autoptr(GPtrArray) variants = NULL;
  g_autofree guint64 *seeds = NULL;

  g_return_val_if_fail (lesson != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (n == 0 || n > SEQACK_QUIZ_MAX_VARIANTS)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("The number of variants must be 1 to %u, not %u"),
                   SEQACK_QUIZ_MAX_VARIANTS, n);
      return NULL;
    }

  seeds = g_new (guint64, n);
  seqack_quiz_derive_seeds (base_seed, n, seeds);
  variants = g_ptr_array_new_with_free_func (
    (GDestroyNotify) seqack_quiz_variant_free);
  for (guint i = 0; i < n; i++)
    {
      SeqackQuizVariant *variant;

      variant = seqack_quiz_variant_new (lesson, seeds[i], lang, TRUE, error);
      if (variant == NULL)
        return NULL;
      g_ptr_array_add (variants, variant);
      if (seqack_quiz_variant_get_n_questions (variant) == 0)
        {
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                       _("Lesson ‘%s’ asks no questions: there is nothing "
                         "to export"), seqack_lesson_get_name (lesson));
          return NULL;
        }
    }
  return g_steal_pointer (&variants);
}


/* Question text: the prompt, then the numbers it gives. */
static char *
question_text (const SeqackQuizQuestion *q)
{
  GString *out = g_string_new (q->prompt);

  if (q->given != NULL && *q->given != '\0')
    g_string_append_printf (out, "\n\n%s", q->given);
  if (q->note != NULL && *q->note != '\0')
    g_string_append_printf (out, "\n\n%s", q->note);
  return g_string_free (out, FALSE);
}

/* The lesson's category path: Moodle splits it at "/", and "//" stands
 * for a slash in a name. */
static char *
category_path (SeqackQuizVariant *variant)
{
  SeqackLesson *lesson = seqack_quiz_variant_get_lesson (variant);
  g_autofree char *title = seqack_lesson_get_title (
    lesson, seqack_quiz_variant_get_language (variant));
  g_auto(GStrv) parts = g_strsplit (title != NULL ? title
                                    : seqack_lesson_get_name (lesson),
                                    "/", -1);
  g_autofree char *name = g_strjoinv ("//", parts);

  return g_strconcat ("$course$/SeqAck/", name, NULL);
}

/* GIFT */

char *
seqack_gift_escape (const char *text)
{
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 8);
  for (const char *p = text; *p != '\0'; p++)
    switch (*p)
      {
      case '\\': case '~': case '=': case '#': case '{': case '}': case ':':
        g_string_append_c (out, '\\');
        g_string_append_c (out, *p);
        break;
      case '\n':
        g_string_append (out, "\\n");
        break;
      case '\r':
        break;
      default:
        g_string_append_c (out, *p);
      }
  return g_string_free (out, FALSE);
}

static void
gift_feedback (GString    *out,
               const char *feedback)
{
  g_autofree char *escaped = NULL;

  if (feedback == NULL || *feedback == '\0')
    return;
  escaped = seqack_gift_escape (feedback);
  g_string_append_printf (out, "#%s", escaped);
}

static void
gift_question (GString                  *out,
               const SeqackQuizQuestion *q)
{
  g_autofree char *title = seqack_gift_escape (q->title);
  g_autofree char *raw = question_text (q);
  g_autofree char *text = seqack_gift_escape (raw);

  g_string_append_printf (out, "// %s\n", q->title);
  g_string_append_printf (out, "::%s::[plain]%s{", title, text);
  if (seqack_question_kind_is_number (q->kind))
    {
      /* Numerical: the exact number; each explained wrong number as a
       * 0% answer, so Moodle shows its feedback. */
      g_string_append_printf (out, "#\n\t=%" G_GUINT32_FORMAT ":0\n",
                              q->number);
      for (guint i = 0; i < q->choices->len; i++)
        {
          const SeqackQuizChoice *c = g_ptr_array_index (q->choices, i);
          g_autofree char *answer = seqack_gift_escape (c->text);

          g_string_append_printf (out, "\t=%%0%%%s:0", answer);
          gift_feedback (out, c->feedback);
          g_string_append_c (out, '\n');
        }
    }
  else
    {
      g_string_append_c (out, '\n');
      for (guint i = 0; i < q->choices->len; i++)
        {
          const SeqackQuizChoice *c = g_ptr_array_index (q->choices, i);
          g_autofree char *answer = seqack_gift_escape (c->text);

          g_string_append_printf (out, "\t%c%s", c->correct ? '=' : '~',
                                  answer);
          gift_feedback (out, c->feedback);
          g_string_append_c (out, '\n');
        }
    }
  g_string_append (out, "}\n\n");
}

char *
seqack_quiz_export_gift (GPtrArray *variants)
{
  GString *out;

  g_return_val_if_fail (variants != NULL && variants->len > 0, NULL);

  out = g_string_new (NULL);
  {
    SeqackQuizVariant *first = g_ptr_array_index (variants, 0);
    g_autofree char *category = category_path (first);

    g_string_append_printf (out, "// SeqAck: %s, %u variants\n",
                            seqack_lesson_get_name (
                              seqack_quiz_variant_get_lesson (first)),
                            variants->len);
    g_string_append_printf (out, "$CATEGORY: %s\n\n", category);
  }
  for (guint v = 0; v < variants->len; v++)
    {
      SeqackQuizVariant *variant = g_ptr_array_index (variants, v);

      for (guint i = 0; i < seqack_quiz_variant_get_n_questions (variant); i++)
        gift_question (out, seqack_quiz_variant_get_question (variant, i));
    }
  return g_string_free (out, FALSE);
}

/* Moodle XML */

static void
xml_text (GString    *out,
          const char *element,
          const char *format,
          const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "",
                                                   -1);

  if (format != NULL)
    g_string_append_printf (out, "<%s format=\"%s\"><text>%s</text></%s>",
                            element, format, escaped, element);
  else
    g_string_append_printf (out, "<%s><text>%s</text></%s>", element,
                            escaped, element);
}

/* @text as HTML paragraphs: blank lines part paragraphs, newlines break
 * lines. */
static void
append_html_paragraphs (GString    *html,
                        const char *text)
{
  g_auto(GStrv) paragraphs = g_strsplit (text, "\n\n", -1);

  for (guint i = 0; paragraphs[i] != NULL; i++)
    {
      g_auto(GStrv) lines = g_strsplit (paragraphs[i], "\n", -1);

      g_string_append (html, "<p>");
      for (guint j = 0; lines[j] != NULL; j++)
        {
          g_autofree char *escaped = g_markup_escape_text (lines[j], -1);

          if (j > 0)
            g_string_append (html, "<br/>");
          g_string_append (html, escaped);
        }
      g_string_append (html, "</p>");
    }
}

static gboolean
xml_question (GString                  *out,
              SeqackQuizVariant        *variant,
              const SeqackQuizQuestion *q,
              GError                  **error)
{
  SeqackTrace *trace = seqack_lab_get_trace (
    seqack_quiz_variant_get_lab (variant));
  gboolean number = seqack_question_kind_is_number (q->kind);
  g_autoptr(GBytes) png = NULL;
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree char *text = question_text (q);
  g_autofree char *file = NULL;

  /* The ladder up to the question: never the segment or state change it
   * asks about. A question before anything happened has no picture. */
  file = g_strdup_printf ("%s-step%u-seed%" G_GUINT64_FORMAT ".png",
                          seqack_lesson_get_name (
                            seqack_quiz_variant_get_lesson (variant)),
                          q->step + 1, seqack_quiz_variant_get_seed (variant));
  if (q->visible_end > 0)
    {
      g_autoptr(GError) local_error = NULL;

      png = seqack_worksheet_render_png (trace, q->visible_end, TRUE,
                                         PICTURE_WIDTH, &local_error);
      if (png == NULL &&
          !g_error_matches (local_error, SEQACK_ERROR,
                            SEQACK_ERROR_INVALID_ARGUMENT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  append_html_paragraphs (html, text);
  if (png != NULL)
    {
      g_autofree char *alt = g_markup_escape_text (_("Sequence diagram"), -1);

      g_string_append_printf (html, "<p><img src=\"@@PLUGINFILE@@/%s\" "
                              "alt=\"%s\" width=\"%d\"/></p>", file, alt,
                              PICTURE_WIDTH);
    }

  g_string_append_printf (out, "  <question type=\"%s\">\n    ",
                          number ? "numerical" : "multichoice");
  xml_text (out, "name", NULL, q->title);
  g_string_append (out, "\n    <questiontext format=\"html\">");
  {
    g_autofree char *escaped = g_markup_escape_text (html->str, -1);

    g_string_append_printf (out, "<text>%s</text>", escaped);
  }
  if (png != NULL)
    {
      gsize len;
      const guchar *data = g_bytes_get_data (png, &len);
      g_autofree char *b64 = g_base64_encode (data, len);

      g_string_append_printf (out, "\n      <file name=\"%s\" path=\"/\" "
                              "encoding=\"base64\">%s</file>", file, b64);
    }
  g_string_append (out, "</questiontext>\n    ");
  xml_text (out, "generalfeedback", "html", "");
  g_string_append (out, "\n    <defaultgrade>1.0000000</defaultgrade>"
                   "\n    <penalty>0.3333333</penalty>"
                   "\n    <hidden>0</hidden>");

  if (number)
    {
      g_string_append_printf (out, "\n    <answer fraction=\"100\" "
                              "format=\"moodle_auto_format\"><text>%"
                              G_GUINT32_FORMAT "</text>", q->number);
      xml_text (out, "feedback", "html", "");
      g_string_append (out, "<tolerance>0</tolerance></answer>");
      for (guint i = 0; i < q->choices->len; i++)
        {
          const SeqackQuizChoice *c = g_ptr_array_index (q->choices, i);
          g_autofree char *escaped = g_markup_escape_text (c->text, -1);

          g_string_append_printf (out, "\n    <answer fraction=\"0\" "
                                  "format=\"moodle_auto_format\">"
                                  "<text>%s</text>", escaped);
          xml_text (out, "feedback", "html", c->feedback);
          g_string_append (out, "<tolerance>0</tolerance></answer>");
        }
      g_string_append (out, "\n    <unitgradingtype>0</unitgradingtype>"
                       "\n    <unitpenalty>0.1000000</unitpenalty>"
                       "\n    <showunits>3</showunits>"
                       "\n    <unitsleft>0</unitsleft>");
    }
  else
    {
      g_string_append (out, "\n    <single>true</single>"
                       "\n    <shuffleanswers>true</shuffleanswers>"
                       "\n    <answernumbering>abc</answernumbering>");
      for (guint i = 0; i < q->choices->len; i++)
        {
          const SeqackQuizChoice *c = g_ptr_array_index (q->choices, i);

          g_string_append_printf (out, "\n    <answer fraction=\"%s\" "
                                  "format=\"html\">",
                                  c->correct ? "100" : "0");
          {
            g_autofree char *escaped = g_markup_escape_text (c->text, -1);

            g_string_append_printf (out, "<text>%s</text>", escaped);
          }
          xml_text (out, "feedback", "html", c->feedback);
          g_string_append (out, "</answer>");
        }
    }
  g_string_append (out, "\n  </question>\n");
  return TRUE;
}

char *
seqack_quiz_export_moodle_xml (GPtrArray  *variants,
                               GError    **error)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (variants != NULL && variants->len > 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n");
  {
    g_autofree char *category = category_path (g_ptr_array_index (variants,
                                                                  0));

    g_string_append (out, "  <question type=\"category\">\n    ");
    xml_text (out, "category", NULL, category);
    g_string_append (out, "\n  </question>\n");
  }
  for (guint v = 0; v < variants->len; v++)
    {
      SeqackQuizVariant *variant = g_ptr_array_index (variants, v);

      for (guint i = 0; i < seqack_quiz_variant_get_n_questions (variant); i++)
        if (!xml_question (out, variant,
                           seqack_quiz_variant_get_question (variant, i),
                           error))
          return NULL;
    }
  g_string_append (out, "</quiz>\n");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Worksheets */

GBytes *
seqack_quiz_export_worksheets (GPtrArray  *variants,
                               gboolean    key,
                               GError    **error)
{
  g_autofree SeqackWorksheetPage *pages = NULL;
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  GBytes *pdf;

  g_return_val_if_fail (variants != NULL, NULL);

  pages = g_new0 (SeqackWorksheetPage, variants->len);
  for (guint v = 0; v < variants->len; v++)
    {
      SeqackQuizVariant *variant = g_ptr_array_index (variants, v);
      guint n = seqack_quiz_variant_get_n_questions (variant);
      SeqackWorksheetItem *items = g_new0 (SeqackWorksheetItem, n);
      char *heading;
      char *subheading;

      heading = seqack_lesson_get_title (
        seqack_quiz_variant_get_lesson (variant),
        seqack_quiz_variant_get_language (variant));
      g_autofree char *seed = g_strdup_printf (
        "%" G_GUINT64_FORMAT, seqack_quiz_variant_get_seed (variant));

      /* TRANSLATORS: a worksheet's corner: "Sheet 3 of 30 · seed 417230" */
      subheading = g_strdup_printf (_("Sheet %u of %u · seed %s"), v + 1,
                                    variants->len, seed);
      g_ptr_array_add (keep, heading);
      g_ptr_array_add (keep, subheading);
      g_ptr_array_add (keep, items);

      for (guint i = 0; i < n; i++)
        {
          const SeqackQuizQuestion *q =
            seqack_quiz_variant_get_question (variant, i);

          items[i].title = q->title;
          items[i].prompt = q->prompt;
          /* The ladder above shows the segments: only the note. */
          items[i].given = q->note;
          items[i].history = q->given;
          items[i].answer = q->answer;
          items[i].show_until = q->visible_end;
          if (!seqack_question_kind_is_number (q->kind))
            {
              const char **choices = g_new0 (const char *,
                                             q->choices->len + 1);

              for (guint c = 0; c < q->choices->len; c++)
                choices[c] = ((SeqackQuizChoice *)
                              g_ptr_array_index (q->choices, c))->text;
              items[i].choices = choices;
              g_ptr_array_add (keep, choices);
            }
        }

      pages[v].trace = seqack_lab_get_trace (
        seqack_quiz_variant_get_lab (variant));
      pages[v].absolute = TRUE;
      pages[v].heading = heading;
      pages[v].language = seqack_quiz_variant_get_language (variant);
      pages[v].subheading = subheading;
      pages[v].items = items;
      pages[v].n_items = n;
    }

  pdf = seqack_worksheet_render_pdf (pages, variants->len, key, error);
  return pdf;
}

/* Files */

gboolean
seqack_quiz_export_check_path (const char  *path,
                               GError     **error)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (path != NULL, FALSE);

  dir = g_path_get_dirname (path);
  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                   _("Could not write “%s”: %s"), path, g_strerror (EISDIR));
      return FALSE;
    }
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                   _("Could not write “%s”: %s"), path, g_strerror (ENOENT));
      return FALSE;
    }
  if (g_access (dir, W_OK) != 0)
    {
      int errsv = errno;

      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                   _("Could not write “%s”: %s"), path, g_strerror (errsv));
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, data, len);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return FALSE;
        }
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

gboolean
seqack_quiz_export_write_files (const char *const *paths,
                                GBytes     *const *contents,
                                guint              n,
                                GError           **error)
{
  g_autoptr(GPtrArray) tmps = g_ptr_array_new_with_free_func (g_free);
  gboolean ok = TRUE;

  g_return_val_if_fail (n == 0 || (paths != NULL && contents != NULL), FALSE);

  for (guint i = 0; i < n && ok; i++)
    {
      g_autofree char *dir = g_path_get_dirname (paths[i]);
      g_autofree char *base = g_path_get_basename (paths[i]);
      g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);
      char *tmp = g_build_filename (dir, name, NULL);
      gsize len;
      const guint8 *data = g_bytes_get_data (contents[i], &len);
      int fd, errsv = 0;

      fd = g_mkstemp_full (tmp, O_WRONLY | O_CLOEXEC, 0644);
      if (fd < 0)
        errsv = errno;
      else
        {
          g_ptr_array_add (tmps, tmp);
          tmp = NULL;
          /* mkstemp makes the file private; a class's quiz is not. */
          fchmod (fd, 0644);
          if (!write_all (fd, data, len))
            errsv = errno;
          if (close (fd) != 0 && errsv == 0)
            errsv = errno;
        }
      g_free (tmp);
      if (errsv != 0)
        {
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                       _("Could not write “%s”: %s"), paths[i],
                       g_strerror (errsv));
          ok = FALSE;
        }
    }

  for (guint i = 0; i < tmps->len; i++)
    {
      const char *tmp = g_ptr_array_index (tmps, i);

      if (ok && g_rename (tmp, paths[i]) != 0)
        {
          int errsv = errno;

          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                       _("Could not write “%s”: %s"), paths[i],
                       g_strerror (errsv));
          ok = FALSE;
        }
      if (!ok)
        g_unlink (tmp);
    }
  return ok;
}
