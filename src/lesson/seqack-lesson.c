/* seqack-lesson.c: loading and checking lesson files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "seqack-lesson.h"
#include "seqack-lesson-fill.h"
#include "seqack-lessons-resources.h"
#include "seqack-tcp-header.h"

#define LESSON_RESOURCE_PATH "/io/github/seqack/SeqAck/lessons/"
#define LESSON_GROUP "Lesson"
#define STEP_PREFIX "Step "

typedef struct
{
  char           *group;
  guint           line;
  SeqackScenario *actions;
  SeqackReveal    reveal;
  SeqackQuestion  question;
} Step;

struct _SeqackLesson
{
  gatomicrefcount ref_count;
  char           *origin;
  char           *name;
  guint64         seed;
  GKeyFile       *keyfile;
  GArray         *steps;      /* Step */
  GHashTable     *lines;      /* "group\nkey" or "group" -> line number */
};

/* The built-ins, in teaching order. */
static const char *const builtin_names[] = {
  "ip-and-tcp",
  "handshake",
  "why-three",
  "data",
  "teardown",
  "why-four",
  "time-wait",
  "beyond",
  "sliding-window",
  "retransmission",
  "busy-server",
  "ports",
  "syn-flood",
  NULL
};

/* Keys each group may hold; translatable ones may carry [lang]. */
static const struct
{
  const char *key;
  gboolean    step;         /* allowed in [Step N], else in [Lesson] */
  gboolean    translatable;
  gboolean    numbered;     /* "Feedback-1", "Misconception-2"... */
} known_keys[] = {
  { "Name", FALSE, FALSE, FALSE },
  { "Title", FALSE, TRUE, FALSE },
  { "Summary", FALSE, TRUE, FALSE },
  { "Seed", FALSE, FALSE, FALSE },
  { "Title", TRUE, TRUE, FALSE },
  { "Run", TRUE, FALSE, FALSE },
  { "Reveal", TRUE, FALSE, FALSE },
  { "Text", TRUE, TRUE, FALSE },
  { "Correction", TRUE, TRUE, FALSE },
  { "Question", TRUE, FALSE, FALSE },
  { "Prompt", TRUE, TRUE, FALSE },
  { "Choices", TRUE, FALSE, FALSE },
  { "Misconception", TRUE, FALSE, TRUE },
  { "Feedback", TRUE, TRUE, TRUE },
};

static void
step_clear (gpointer data)
{
  Step *step = data;

  g_free (step->group);
  g_clear_pointer (&step->actions, seqack_scenario_free);
  g_strfreev (step->question.choices);
  g_strfreev (step->question.wrong);
  g_strfreev (step->question.feedback_keys);
}

SeqackLesson *
seqack_lesson_ref (SeqackLesson *lesson)
{
  g_return_val_if_fail (lesson != NULL, NULL);

  g_atomic_ref_count_inc (&lesson->ref_count);
  return lesson;
}

void
seqack_lesson_unref (SeqackLesson *lesson)
{
  if (lesson == NULL || !g_atomic_ref_count_dec (&lesson->ref_count))
    return;

  g_free (lesson->origin);
  g_free (lesson->name);
  g_key_file_unref (lesson->keyfile);
  g_array_unref (lesson->steps);
  g_hash_table_unref (lesson->lines);
  g_free (lesson);
}

/* "origin:12: [Step 2] Reveal: message" (the line when known). */
G_GNUC_PRINTF (6, 7)
static void
set_key_error (GError       **error,
               SeqackLesson  *lesson,
               SeqackError    code,
               const char    *group,
               const char    *key,
               const char    *format,
               ...)
{
  g_autofree char *message = NULL;
  g_autofree char *lookup = NULL;
  GString *where = g_string_new (lesson->origin);
  va_list args;
  guint line;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  lookup = key != NULL ? g_strconcat (group, "\n", key, NULL)
                       : g_strdup (group);
  line = GPOINTER_TO_UINT (g_hash_table_lookup (lesson->lines, lookup));
  if (line == 0 && key != NULL)
    line = GPOINTER_TO_UINT (g_hash_table_lookup (lesson->lines, group));
  if (line > 0)
    g_string_append_printf (where, ":%u", line);
  g_string_append_printf (where, ": [%s]", group);
  if (key != NULL)
    g_string_append_printf (where, " %s", key);

  g_set_error (error, SEQACK_ERROR, code, "%s: %s", where->str, message);
  g_string_free (where, TRUE);
}

/* The key file format is line based; GKeyFile's own errors give no line
 * number, so a first pass finds bad lines (and remembers where each group
 * and key is, for later messages). */
static gboolean
scan_lines (SeqackLesson  *lesson,
            const char    *text,
            GError       **error)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autofree char *group = NULL;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint line_no = i + 1;
      char *line = g_strstrip (lines[i]);
      char *eq;

      if (*line == '\0' || *line == '#')
        continue;

      if (*line == '[')
        {
          gsize len = strlen (line);

          if (line[len - 1] != ']' || len < 3)
            {
              g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                           _("%s:%u: a group header must look like "
                             "[Step 1]"), lesson->origin, line_no);
              return FALSE;
            }
          g_free (group);
          group = g_strndup (line + 1, len - 2);
          if (g_hash_table_contains (lesson->lines, group))
            {
              g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                           _("%s:%u: group [%s] appears twice"),
                           lesson->origin, line_no, group);
              return FALSE;
            }
          g_hash_table_insert (lesson->lines, g_strdup (group),
                               GUINT_TO_POINTER (line_no));
          continue;
        }

      eq = strchr (line, '=');
      if (eq == NULL || eq == line)
        {
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                       _("%s:%u: expected Key=value, a [Group] or a "
                         "# comment, not ‘%s’"),
                       lesson->origin, line_no, line);
          return FALSE;
        }
      if (group == NULL)
        {
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                       _("%s:%u: a key before the first group (start "
                         "with [Lesson])"), lesson->origin, line_no);
          return FALSE;
        }

      *eq = '\0';
      g_strchomp (line);
      {
        g_autofree char *k = g_strconcat (group, "\n", line, NULL);

        if (g_hash_table_contains (lesson->lines, k))
          {
            g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                         _("%s:%u: [%s] %s is set twice"),
                         lesson->origin, line_no, group, line);
            return FALSE;
          }
        g_hash_table_insert (lesson->lines, g_steal_pointer (&k),
                             GUINT_TO_POINTER (line_no));
      }
    }

  return TRUE;
}

/* Splits "Feedback-2[zh_CN]" into its known key entry; -1 if unknown. */
static int
find_known_key (const char *key,
                gboolean    in_step,
                gboolean   *translated)
{
  const char *bracket = strchr (key, '[');
  gsize base_len = bracket != NULL ? (gsize) (bracket - key) : strlen (key);

  *translated = bracket != NULL;
  if (bracket != NULL &&
      (key[strlen (key) - 1] != ']' || strlen (bracket) < 3))
    return -1;

  for (guint i = 0; i < G_N_ELEMENTS (known_keys); i++)
    {
      gsize len = strlen (known_keys[i].key);

      if (known_keys[i].step != in_step)
        continue;
      if (bracket != NULL && !known_keys[i].translatable)
        continue;

      if (known_keys[i].numbered)
        {
          guint64 n;
          g_autofree char *digits = NULL;

          if (base_len <= len + 1 || strncmp (key, known_keys[i].key, len) ||
              key[len] != '-')
            continue;
          digits = g_strndup (key + len + 1, base_len - len - 1);
          if (g_ascii_string_to_unsigned (digits, 10, 1, 99, &n, NULL))
            return (int) i;
        }
      else if (base_len == len && strncmp (key, known_keys[i].key, len) == 0)
        return (int) i;
    }

  return -1;
}

static gboolean
check_keys (SeqackLesson  *lesson,
            const char    *group,
            gboolean       in_step,
            GError       **error)
{
  g_auto(GStrv) keys = g_key_file_get_keys (lesson->keyfile, group, NULL,
                                            NULL);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      gboolean translated;
      int known = find_known_key (keys[i], in_step, &translated);
      g_autofree char *value = NULL;
      g_autoptr(GError) local_error = NULL;

      if (known < 0)
        {
          set_key_error (error, lesson, SEQACK_ERROR_INVALID_ARGUMENT,
                         group, keys[i],
                         in_step
                         ? _("unknown key (a step has Title, Run, Reveal, "
                             "Text, Correction, Question, Prompt, Choices, "
                             "Misconception-N and Feedback-N)")
                         : _("unknown key (the lesson has Name, Title, "
                             "Summary and Seed)"));
          return FALSE;
        }

      if (!known_keys[known].translatable)
        continue;

      /* Every translation's placeholders are checked now, so a typo in
       * the Chinese text fails when the file is opened, not in class. */
      value = g_key_file_get_value (lesson->keyfile, group, keys[i], NULL);
      if (value != NULL &&
          !seqack_lesson_check_placeholders (value, &local_error))
        {
          set_key_error (error, lesson, SEQACK_ERROR_MALFORMED, group,
                         keys[i], "%s", local_error->message);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
side_from_word (const char *word,
                SeqackSide *side)
{
  if (g_strcmp0 (word, "client") == 0)
    *side = SEQACK_CLIENT;
  else if (g_strcmp0 (word, "server") == 0)
    *side = SEQACK_SERVER;
  else
    return FALSE;
  return TRUE;
}

gboolean
seqack_lesson_parse_flags (const char *answer,
                           guint8     *flags)
{
  static const char names[8][4] = {
    "FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR",
  };
  g_auto(GStrv) words = NULL;
  guint8 result = 0;

  g_return_val_if_fail (answer != NULL, FALSE);
  g_return_val_if_fail (flags != NULL, FALSE);

  words = g_strsplit_set (answer, " \t,+/|，、", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean found = FALSE;

      if (words[i][0] == '\0')
        continue;
      for (guint b = 0; b < 8; b++)
        if (g_ascii_strcasecmp (words[i], names[b]) == 0)
          {
            result |= 1u << b;
            found = TRUE;
          }
      if (!found)
        return FALSE;
    }

  if (result == 0)
    return FALSE;
  *flags = result;
  return TRUE;
}

gboolean
seqack_lesson_parse_state (const char     *answer,
                           SeqackTcpState *state)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (answer != NULL, FALSE);
  g_return_val_if_fail (state != NULL, FALSE);

  name = g_ascii_strup (answer, -1);
  g_strstrip (name);
  g_strdelimit (name, "_ ", '-');
  /* RFC 9293 spells it SYN-RECEIVED; the table shows SYN-RCVD. */
  if (strcmp (name, "SYN-RECEIVED") == 0)
    return (*state = SEQACK_TCP_SYN_RECEIVED), TRUE;
  if (strcmp (name, "FIN-WAIT1") == 0)
    return (*state = SEQACK_TCP_FIN_WAIT_1), TRUE;
  if (strcmp (name, "FIN-WAIT2") == 0)
    return (*state = SEQACK_TCP_FIN_WAIT_2), TRUE;
  return seqack_tcp_state_from_name (name, state);
}

gboolean
seqack_lesson_parse_number (const char *answer,
                            guint32    *number)
{
  g_autofree char *copy = NULL;
  guint64 n;

  g_return_val_if_fail (answer != NULL, FALSE);
  g_return_val_if_fail (number != NULL, FALSE);

  copy = g_strstrip (g_strdup (answer));
  if (!g_ascii_string_to_unsigned (copy, 10, 0, G_MAXUINT32, &n, NULL))
    return FALSE;
  *number = (guint32) n;
  return TRUE;
}

/* "segment [client|server] [FLAG...]", "quiet", "idle", "none",
 * "state client TIME-WAIT". */
static gboolean
parse_reveal (SeqackLesson  *lesson,
              Step          *step,
              GError       **error)
{
  g_autofree char *value = NULL;
  g_auto(GStrv) words = NULL;
  SeqackReveal *reveal = &step->reveal;
  guint n;

  reveal->kind = SEQACK_REVEAL_QUIET;
  reveal->any_side = TRUE;
  value = g_key_file_get_string (lesson->keyfile, step->group, "Reveal",
                                 NULL);
  if (value == NULL)
    return TRUE;

  words = g_strsplit_set (g_strstrip (value), " \t", -1);
  n = 0;
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      words[n++] = words[i];
    else
      g_free (words[i]);
  words[n] = NULL;

  if (n == 1 && strcmp (words[0], "none") == 0)
    reveal->kind = SEQACK_REVEAL_NONE;
  else if (n == 1 && strcmp (words[0], "quiet") == 0)
    reveal->kind = SEQACK_REVEAL_QUIET;
  else if (n == 1 && strcmp (words[0], "idle") == 0)
    reveal->kind = SEQACK_REVEAL_IDLE;
  else if (n == 3 && strcmp (words[0], "state") == 0 &&
           side_from_word (words[1], &reveal->side) &&
           seqack_lesson_parse_state (words[2], &reveal->state))
    {
      reveal->kind = SEQACK_REVEAL_STATE;
      reveal->any_side = FALSE;
    }
  else if (n >= 1 && strcmp (words[0], "segment") == 0)
    {
      guint first_flag = 1;

      reveal->kind = SEQACK_REVEAL_SEGMENT;
      if (n > 1 && side_from_word (words[1], &reveal->side))
        {
          reveal->any_side = FALSE;
          first_flag = 2;
        }
      if (n > first_flag)
        {
          g_autofree char *flags = g_strjoinv (" ", words + first_flag);

          if (!seqack_lesson_parse_flags (flags, &reveal->flags))
            {
              set_key_error (error, lesson, SEQACK_ERROR_INVALID_ARGUMENT,
                             step->group, "Reveal",
                             _("‘%s’ are not TCP flags (SYN, ACK, FIN, "
                               "RST, PSH, URG, ECE, CWR)"), flags);
              return FALSE;
            }
        }
    }
  else
    {
      set_key_error (error, lesson, SEQACK_ERROR_INVALID_ARGUMENT,
                     step->group, "Reveal",
                     _("unknown rule ‘%s’ (segment [client|server] "
                       "[FLAGS], quiet, idle, none, or state SIDE STATE)"),
                     value);
      return FALSE;
    }

  return TRUE;
}

/* Run= holds scenario lines, separated by newlines ("\n" in the file) or
 * by ';' outside double quotes. */
static gboolean
parse_actions (SeqackLesson  *lesson,
               Step          *step,
               GError       **error)
{
  g_autofree char *value = NULL;
  g_autofree char *origin = NULL;
  GString *script;
  gboolean quoted = FALSE;
  guint line;

  value = g_key_file_get_string (lesson->keyfile, step->group, "Run", NULL);
  if (value == NULL)
    return TRUE;

  script = g_string_new (NULL);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\\' && quoted && p[1] != '\0')
        {
          g_string_append_c (script, *p++);
          g_string_append_c (script, *p);
          continue;
        }
      if (*p == '"')
        quoted = !quoted;
      g_string_append_c (script, *p == ';' && !quoted ? '\n' : *p);
    }

  {
    g_autofree char *k = g_strconcat (step->group, "\nRun", NULL);

    line = GPOINTER_TO_UINT (g_hash_table_lookup (lesson->lines, k));
  }
  origin = g_strdup_printf ("%s:%u: [%s] Run", lesson->origin, line,
                            step->group);
  step->actions = seqack_scenario_parse (script->str, origin, error);
  g_string_free (script, TRUE);

  return step->actions != NULL;
}

/* Checks a wrong answer or a choice as far as it can be checked without
 * the Trace: placeholders, and the form of states and flags. */
static gboolean
check_answer_form (SeqackLesson        *lesson,
                   Step                *step,
                   const char          *key,
                   const char          *value,
                   GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  guint8 flags;
  SeqackTcpState state;
  guint32 number;

  if (!seqack_lesson_check_placeholders (value, &local_error))
    {
      set_key_error (error, lesson, SEQACK_ERROR_MALFORMED, step->group, key,
                     "%s", local_error->message);
      return FALSE;
    }
  if (strchr (value, '{') != NULL)
    return TRUE;

  switch (step->question.kind)
    {
    case SEQACK_QUESTION_FLAGS:
      if (seqack_lesson_parse_flags (value, &flags))
        return TRUE;
      break;
    case SEQACK_QUESTION_STATE:
      if (seqack_lesson_parse_state (value, &state))
        return TRUE;
      break;
    default:
      if (seqack_lesson_parse_number (value, &number))
        return TRUE;
      break;
    }

  set_key_error (error, lesson, SEQACK_ERROR_INVALID_ARGUMENT, step->group,
                 key, _("‘%s’ is not an answer to this kind of question"),
                 value);
  return FALSE;
}

gboolean
seqack_question_kind_is_number (SeqackQuestionKind kind)
{
  return kind == SEQACK_QUESTION_SEQ || kind == SEQACK_QUESTION_ACK ||
         kind == SEQACK_QUESTION_LEN || kind == SEQACK_QUESTION_WIN ||
         kind == SEQACK_QUESTION_RTO;
}

gboolean
seqack_question_kind_is_about_side (SeqackQuestionKind kind)
{
  return kind == SEQACK_QUESTION_STATE || kind == SEQACK_QUESTION_RTO;
}

static gboolean
parse_question (SeqackLesson  *lesson,
                Step          *step,
                GError       **error)
{
  static const struct
  {
    const char        *word;
    SeqackQuestionKind kind;
  } kinds[] = {
    { "seq", SEQACK_QUESTION_SEQ },
    { "ack", SEQACK_QUESTION_ACK },
    { "len", SEQACK_QUESTION_LEN },
    { "flags", SEQACK_QUESTION_FLAGS },
    { "win", SEQACK_QUESTION_WIN },
  };
  SeqackQuestion *q = &step->question;
  g_autofree char *value = NULL;
  g_auto(GStrv) keys = NULL;
  GPtrArray *wrong, *feedback;

  value = g_key_file_get_string (lesson->keyfile, step->group, "Question",
                                 NULL);
  if (value == NULL)
    {
      if (g_key_file_has_key (lesson->keyfile, step->group, "Prompt", NULL) ||
          g_key_file_has_key (lesson->keyfile, step->group, "Choices", NULL))
        {
          set_key_error (error, lesson, SEQACK_ERROR_INVALID_ARGUMENT,
                         step->group, "Prompt",
                         _("a Prompt or Choices without a Question"));
          return FALSE;
        }
      return TRUE;
    }

  g_strstrip (value);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (value, kinds[i].word) == 0)
      q->kind = kinds[i].kind;
  if (g_str_has_prefix (value, "state ") &&
      side_from_word (g_strstrip (value + strlen ("state ")), &q->side))
    q->kind = SEQACK_QUESTION_STATE;
  if (g_str_has_prefix (value, "rto ") &&
      side_from_word (g_strstrip (value + strlen ("rto ")), &q->side))
    q->kind = SEQACK_QUESTION_RTO;

  if (q->kind == SEQACK_QUESTION_NONE)
    {
      set_key_error (error, lesson, SEQACK_ERROR_INVALID_ARGUMENT,
                     step->group, "Question",
                     _("unknown question ‘%s’ (seq, ack, len, flags, win, "
                       "state client, state server, rto client or rto "
                       "server)"), value);
      return FALSE;
    }

  if (!g_key_file_has_key (lesson->keyfile, step->group, "Prompt", NULL))
    {
      set_key_error (error, lesson, SEQACK_ERROR_INVALID_ARGUMENT,
                     step->group, "Question",
                     _("a question needs a Prompt"));
      return FALSE;
    }

  q->choices = g_key_file_get_string_list (lesson->keyfile, step->group,
                                           "Choices", NULL, NULL);
  for (guint i = 0; q->choices != NULL && q->choices[i] != NULL; i++)
    {
      g_strstrip (q->choices[i]);
      if (!check_answer_form (lesson, step, "Choices", q->choices[i], error))
        return FALSE;
    }

  /* Misconception-N pairs with Feedback-N. */
  wrong = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  feedback = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  keys = g_key_file_get_keys (lesson->keyfile, step->group, NULL, NULL);
  for (guint i = 0; keys[i] != NULL; i++)
    {
      g_autofree char *answer = NULL;
      char *feedback_key;

      if (!g_str_has_prefix (keys[i], "Misconception-"))
        continue;
      answer = g_key_file_get_string (lesson->keyfile, step->group, keys[i],
                                      NULL);
      g_strstrip (answer);
      feedback_key = g_strconcat ("Feedback-",
                                  keys[i] + strlen ("Misconception-"), NULL);
      g_ptr_array_add (feedback, feedback_key);
      g_ptr_array_add (wrong, g_steal_pointer (&answer));
      if (!check_answer_form (lesson, step, keys[i],
                              g_ptr_array_index (wrong, wrong->len - 1),
                              error) ||
          !g_key_file_has_key (lesson->keyfile, step->group, feedback_key,
                               NULL))
        {
          if (error != NULL && *error == NULL)
            set_key_error (error, lesson, SEQACK_ERROR_INVALID_ARGUMENT,
                           step->group, keys[i], _("no %s for it"),
                           feedback_key);
          g_ptr_array_unref (wrong);
          g_ptr_array_unref (feedback);
          return FALSE;
        }
    }
  for (guint i = 0; keys[i] != NULL; i++)
    if (g_str_has_prefix (keys[i], "Feedback-") && strchr (keys[i], '[') ==
        NULL)
      {
        g_autofree char *m = g_strconcat ("Misconception-",
                                          keys[i] + strlen ("Feedback-"),
                                          NULL);

        if (!g_key_file_has_key (lesson->keyfile, step->group, m, NULL))
          {
            set_key_error (error, lesson, SEQACK_ERROR_INVALID_ARGUMENT,
                           step->group, keys[i], _("no %s for it"), m);
            g_ptr_array_unref (wrong);
            g_ptr_array_unref (feedback);
            return FALSE;
          }
      }

  q->wrong = (char **) g_ptr_array_free (wrong, FALSE);
  q->feedback_keys = (char **) g_ptr_array_free (feedback, FALSE);
  return TRUE;
}

static gboolean
parse_lesson_group (SeqackLesson  *lesson,
                    GError       **error)
{
  g_autofree char *seed = NULL;

  if (!check_keys (lesson, LESSON_GROUP, FALSE, error))
    return FALSE;

  lesson->name = g_key_file_get_string (lesson->keyfile, LESSON_GROUP,
                                        "Name", NULL);
  if (lesson->name == NULL || *g_strstrip (lesson->name) == '\0')
    {
      set_key_error (error, lesson, SEQACK_ERROR_INVALID_ARGUMENT,
                     LESSON_GROUP, "Name", _("the lesson needs a Name"));
      return FALSE;
    }
  if (!g_key_file_has_key (lesson->keyfile, LESSON_GROUP, "Title", NULL))
    {
      set_key_error (error, lesson, SEQACK_ERROR_INVALID_ARGUMENT,
                     LESSON_GROUP, "Title", _("the lesson needs a Title"));
      return FALSE;
    }

  seed = g_key_file_get_string (lesson->keyfile, LESSON_GROUP, "Seed", NULL);
  if (seed != NULL &&
      !g_ascii_string_to_unsigned (g_strstrip (seed), 10, 0, G_MAXUINT64,
                                   &lesson->seed, NULL))
    {
      set_key_error (error, lesson, SEQACK_ERROR_INVALID_ARGUMENT,
                     LESSON_GROUP, "Seed",
                     _("‘%s’ is not a whole number"), seed);
      return FALSE;
    }

  return TRUE;
}

SeqackLesson *
seqack_lesson_new_from_data (const char  *text,
                             gssize       len,
                             const char  *origin,
                             GError     **error)
{
  g_autoptr(SeqackLesson) lesson = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *copy = NULL;
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  lesson = g_new0 (SeqackLesson, 1);
  g_atomic_ref_count_init (&lesson->ref_count);
  lesson->origin = g_strdup (origin != NULL ? origin : "lesson");
  lesson->keyfile = g_key_file_new ();
  lesson->steps = g_array_new (FALSE, TRUE, sizeof (Step));
  g_array_set_clear_func (lesson->steps, step_clear);
  lesson->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         NULL);

  copy = len < 0 ? g_strdup (text) : g_strndup (text, len);
  if (!g_utf8_validate (copy, -1, NULL))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                   _("%s: the lesson is not valid UTF-8"), lesson->origin);
      return NULL;
    }
  if (!scan_lines (lesson, copy, error))
    return NULL;

  /* KEEP_TRANSLATIONS: without it GKeyFile drops every language but the
   * user's, and the CLI's --lang and the language toggle need them all. */
  if (!g_key_file_load_from_data (lesson->keyfile, copy, -1,
                                  G_KEY_FILE_KEEP_TRANSLATIONS |
                                  G_KEY_FILE_KEEP_COMMENTS, &local_error))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED, "%s: %s",
                   lesson->origin, local_error->message);
      return NULL;
    }

  groups = g_key_file_get_groups (lesson->keyfile, NULL);
  if (groups[0] == NULL || strcmp (groups[0], LESSON_GROUP) != 0)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                   _("%s: a lesson starts with a [Lesson] group"),
                   lesson->origin);
      return NULL;
    }
  if (!parse_lesson_group (lesson, error))
    return NULL;

  for (guint i = 1; groups[i] != NULL; i++)
    {
      Step step = { 0 };
      guint64 n;

      if (!g_str_has_prefix (groups[i], STEP_PREFIX) ||
          !g_ascii_string_to_unsigned (groups[i] + strlen (STEP_PREFIX), 10,
                                       1, 999, &n, NULL))
        {
          set_key_error (error, lesson, SEQACK_ERROR_INVALID_ARGUMENT,
                         groups[i], NULL,
                         _("unknown group (after [Lesson] come [Step 1], "
                           "[Step 2]…)"));
          return NULL;
        }

      step.group = g_strdup (groups[i]);
      g_array_append_val (lesson->steps, step);
      {
        Step *s = &g_array_index (lesson->steps, Step, lesson->steps->len - 1);

        if (!check_keys (lesson, s->group, TRUE, error) ||
            !parse_actions (lesson, s, error) ||
            !parse_reveal (lesson, s, error) ||
            !parse_question (lesson, s, error))
          return NULL;
        if (!g_key_file_has_key (lesson->keyfile, s->group, "Text", NULL))
          {
            set_key_error (error, lesson, SEQACK_ERROR_INVALID_ARGUMENT,
                           s->group, NULL, _("every step needs a Text"));
            return NULL;
          }
      }
    }

  if (lesson->steps->len == 0)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("%s: the lesson has no [Step 1]"), lesson->origin);
      return NULL;
    }

  return g_steal_pointer (&lesson);
}

SeqackLesson *
seqack_lesson_new_from_file (const char  *path,
                             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  gsize len;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_file_get_contents (path, &text, &len, &local_error))
    {
      g_set_error (error, SEQACK_ERROR,
                   g_error_matches (local_error, G_FILE_ERROR,
                                    G_FILE_ERROR_NOENT)
                   ? SEQACK_ERROR_NOT_FOUND : SEQACK_ERROR_IO,
                   "%s", local_error->message);
      return NULL;
    }

  return seqack_lesson_new_from_data (text, len, path, error);
}

SeqackLesson *
seqack_lesson_new_builtin (const char  *name,
                           GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  g_autofree char *origin = NULL;
  gboolean known = FALSE;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; builtin_names[i] != NULL; i++)
    if (strcmp (builtin_names[i], name) == 0)
      known = TRUE;

  if (known)
    {
      path = g_strconcat (LESSON_RESOURCE_PATH, name, ".lesson", NULL);
      /* Our own resource, not the global registry: no hidden state. */
      bytes = g_resource_lookup_data (seqack_lessons_get_resource (), path,
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
    }
  if (bytes == NULL)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND,
                   _("unknown lesson ‘%s’"), name);
      return NULL;
    }

  origin = g_strconcat (name, ".lesson", NULL);
  return seqack_lesson_new_from_data (g_bytes_get_data (bytes, NULL),
                                      g_bytes_get_size (bytes), origin,
                                      error);
}

SeqackLesson *
seqack_lesson_new_for_name_or_path (const char  *name,
                                    GError     **error)
{
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; builtin_names[i] != NULL; i++)
    if (strcmp (builtin_names[i], name) == 0)
      return seqack_lesson_new_builtin (name, error);

  if (strchr (name, '/') != NULL || g_str_has_suffix (name, ".lesson") ||
      g_file_test (name, G_FILE_TEST_EXISTS))
    return seqack_lesson_new_from_file (name, error);

  g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND,
               _("unknown lesson ‘%s’ (give a built-in name or a .lesson "
                 "file)"), name);
  return NULL;
}

const char *const *
seqack_lesson_builtin_names (void)
{
  return builtin_names;
}

const char *
seqack_lesson_get_name (SeqackLesson *lesson)
{
  g_return_val_if_fail (lesson != NULL, NULL);

  return lesson->name;
}

const char *
seqack_lesson_get_origin (SeqackLesson *lesson)
{
  g_return_val_if_fail (lesson != NULL, NULL);

  return lesson->origin;
}

guint64
seqack_lesson_get_seed (SeqackLesson *lesson)
{
  g_return_val_if_fail (lesson != NULL, 0);

  return lesson->seed;
}

guint
seqack_lesson_get_n_steps (SeqackLesson *lesson)
{
  g_return_val_if_fail (lesson != NULL, 0);

  return lesson->steps->len;
}

static char *
get_locale_string (SeqackLesson *lesson,
                   const char   *group,
                   const char   *key,
                   const char   *lang)
{
  char *value;

  if (!g_key_file_has_key (lesson->keyfile, group, key, NULL))
    return NULL;
  /* With @lang NULL GKeyFile follows g_get_language_names(). */
  value = g_key_file_get_locale_string (lesson->keyfile, group, key, lang,
                                        NULL);
  return value != NULL ? g_strstrip (value) : NULL;
}

char *
seqack_lesson_get_title (SeqackLesson *lesson,
                         const char   *lang)
{
  g_return_val_if_fail (lesson != NULL, NULL);

  return get_locale_string (lesson, LESSON_GROUP, "Title", lang);
}

char *
seqack_lesson_get_summary (SeqackLesson *lesson,
                           const char   *lang)
{
  g_return_val_if_fail (lesson != NULL, NULL);

  return get_locale_string (lesson, LESSON_GROUP, "Summary", lang);
}

static Step *
get_step (SeqackLesson *lesson,
          guint         step)
{
  return &g_array_index (lesson->steps, Step, step);
}

char *
seqack_lesson_get_step_string (SeqackLesson *lesson,
                               guint         step,
                               const char   *key,
                               const char   *lang)
{
  g_return_val_if_fail (lesson != NULL, NULL);
  g_return_val_if_fail (step < lesson->steps->len, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return get_locale_string (lesson, get_step (lesson, step)->group, key,
                            lang);
}

SeqackScenario *
seqack_lesson_get_step_actions (SeqackLesson *lesson,
                                guint         step)
{
  g_return_val_if_fail (lesson != NULL, NULL);
  g_return_val_if_fail (step < lesson->steps->len, NULL);

  return get_step (lesson, step)->actions;
}

const SeqackReveal *
seqack_lesson_get_step_reveal (SeqackLesson *lesson,
                               guint         step)
{
  g_return_val_if_fail (lesson != NULL, NULL);
  g_return_val_if_fail (step < lesson->steps->len, NULL);

  return &get_step (lesson, step)->reveal;
}

const SeqackQuestion *
seqack_lesson_get_step_question (SeqackLesson *lesson,
                                 guint         step)
{
  g_return_val_if_fail (lesson != NULL, NULL);
  g_return_val_if_fail (step < lesson->steps->len, NULL);

  return &get_step (lesson, step)->question;
}

const char *
seqack_lesson_get_step_group (SeqackLesson *lesson,
                              guint         step)
{
  g_return_val_if_fail (lesson != NULL, NULL);
  g_return_val_if_fail (step < lesson->steps->len, NULL);

  return get_step (lesson, step)->group;
}

gboolean
seqack_lesson_check_translations (SeqackLesson  *lesson,
                                  const char    *lang,
                                  char         **missing)
{
  g_auto(GStrv) groups = NULL;

  g_return_val_if_fail (lesson != NULL, FALSE);
  g_return_val_if_fail (lang != NULL, FALSE);

  groups = g_key_file_get_groups (lesson->keyfile, NULL);
  for (guint g = 0; groups[g] != NULL; g++)
    {
      g_auto(GStrv) keys = g_key_file_get_keys (lesson->keyfile, groups[g],
                                                NULL, NULL);

      for (guint k = 0; keys[k] != NULL; k++)
        {
          gboolean translated;
          int known = find_known_key (keys[k], g > 0, &translated);
          g_autofree char *twin = NULL;

          if (known < 0 || translated || !known_keys[known].translatable)
            continue;
          twin = g_strdup_printf ("%s[%s]", keys[k], lang);
          if (!g_key_file_has_key (lesson->keyfile, groups[g], twin, NULL))
            {
              if (missing != NULL)
                *missing = g_strdup_printf ("[%s] %s", groups[g], keys[k]);
              return FALSE;
            }
        }
    }

  return TRUE;
}
