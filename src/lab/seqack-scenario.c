/* seqack-scenario.c: scripted sequences of lab calls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "seqack-error.h"
#include "seqack-scenario.h"
#include "seqack-scenarios-resources.h"

#define SCENARIO_RESOURCE_PATH "/io/github/seqack/SeqAck/scenarios/"
/* How long a step waits for a quiet wire, and the final run for idle. */
#define QUIET_LIMIT (3600 * SEQACK_USEC_PER_SEC)
/* Longest pause, delay or MSL a script may ask for: one day. */
#define MAX_SECONDS 86400.0

typedef enum
{
  STEP_LISTEN,
  STEP_CONNECT,
  STEP_SEND,
  STEP_CLOSE,
  STEP_ABORT,
  STEP_DROP_NEXT,
  STEP_DELAY_NEXT,
  STEP_STALE_SYN,
  STEP_PAUSE,
  STEP_SET_LOSS,
  STEP_SET_LATENCY,
  STEP_SET_MSL,
  STEP_SKIP_WAIT,
} StepKind;

typedef struct
{
  StepKind   kind;
  SeqackSide side;
  gboolean   with;   /* same instant as the step before: no wait */
  guint      line;
  gint64     usec;   /* pause, delay-next, latency, msl */
  double     rate;   /* loss */
  char      *text;   /* send */
} Step;

typedef struct
{
  char *lang;        /* "zh_CN"; NULL for the untranslated text */
  char *text;
} Description;

struct _SeqackScenario
{
  char   *origin;
  char   *name;
  GArray *descriptions; /* Description */
  GArray *steps;        /* Step */
};

/* The built-ins, in the order the CLI lists them. */
static const char *const builtin_names[] = {
  "handshake",
  "hello-goodbye",
  "server-closes-first",
  "lost-syn",
  "lost-syn-ack",
  "lost-final-ack",
  "simultaneous-open",
  "simultaneous-close",
  "half-close",
  "abort",
  "closed-port",
  "old-duplicate-syn",
  "reordering",
  NULL
};

static const struct
{
  const char *word;
  StepKind    kind;
} side_actions[] = {
  { "listen", STEP_LISTEN },
  { "connect", STEP_CONNECT },
  { "send", STEP_SEND },
  { "close", STEP_CLOSE },
  { "abort", STEP_ABORT },
  { "drop-next", STEP_DROP_NEXT },
  { "delay-next", STEP_DELAY_NEXT },
  { "stale-syn", STEP_STALE_SYN },
};

static void
step_clear (gpointer data)
{
  Step *step = data;

  g_free (step->text);
}

static void
description_clear (gpointer data)
{
  Description *d = data;

  g_free (d->lang);
  g_free (d->text);
}

void
seqack_scenario_free (SeqackScenario *scenario)
{
  if (scenario == NULL)
    return;

  g_free (scenario->origin);
  g_free (scenario->name);
  g_array_unref (scenario->descriptions);
  g_array_unref (scenario->steps);
  g_free (scenario);
}

/* Sets a parse error that names the line: "origin: line 3: ...". */
G_GNUC_PRINTF (5, 6)
static void
set_line_error (GError     **error,
                const char  *origin,
                guint        line,
                SeqackError  code,
                const char  *format,
                ...)
{
  g_autofree char *message = NULL;
  g_autofree char *where = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  where = g_strdup_printf (_("line %u"), line);
  if (origin != NULL)
    g_set_error (error, SEQACK_ERROR, code, "%s: %s: %s",
                 origin, where, message);
  else
    g_set_error (error, SEQACK_ERROR, code, "%s: %s", where, message);
}

/* Cuts a "# comment" (a '#' at the start or after a blank, outside double
 * quotes) and surrounding blanks, in place. */
static char *
strip_comment (char *line)
{
  gboolean quoted = FALSE;

  for (char *p = line; *p != '\0'; p++)
    {
      if (*p == '\\' && quoted && p[1] != '\0')
        p++;
      else if (*p == '"')
        quoted = !quoted;
      else if (*p == '#' && !quoted &&
               (p == line || g_ascii_isspace (p[-1])))
        {
          *p = '\0';
          break;
        }
    }

  return g_strstrip (line);
}

/* Returns the next blank-separated word of *@p (NUL-terminated in place),
 * or NULL at the end. */
static char *
next_word (char **p)
{
  char *start = *p;
  char *end;

  while (g_ascii_isspace (*start))
    start++;
  if (*start == '\0')
    {
      *p = start;
      return NULL;
    }

  end = start;
  while (*end != '\0' && !g_ascii_isspace (*end))
    end++;
  if (*end != '\0')
    *end++ = '\0';
  *p = end;

  return start;
}

/* The text of "send": the rest of the line, or one "quoted string" with
 * \" \\ \n \t escapes for texts with blanks at the ends or a '#'. */
static gboolean
parse_text (char        *rest,
            const char  *origin,
            guint        line,
            char       **out,
            GError     **error)
{
  GString *text;
  char *p;

  rest = g_strstrip (rest);
  if (*rest == '\0')
    {
      set_line_error (error, origin, line, SEQACK_ERROR_INVALID_ARGUMENT,
                      _("'send' needs a text"));
      return FALSE;
    }

  if (*rest != '"')
    {
      *out = g_strdup (rest);
      return TRUE;
    }

  text = g_string_new (NULL);
  for (p = rest + 1; *p != '\0' && *p != '"'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        {
          p++;
          switch (*p)
            {
            case 'n':
              g_string_append_c (text, '\n');
              break;
            case 't':
              g_string_append_c (text, '\t');
              break;
            default:
              g_string_append_c (text, *p);
              break;
            }
        }
      else
        g_string_append_c (text, *p);
    }

  if (*p != '"')
    {
      g_string_free (text, TRUE);
      set_line_error (error, origin, line, SEQACK_ERROR_INVALID_ARGUMENT,
                      _("missing closing '\"'"));
      return FALSE;
    }
  p++;
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0')
    {
      g_string_free (text, TRUE);
      set_line_error (error, origin, line, SEQACK_ERROR_INVALID_ARGUMENT,
                      _("unexpected '%s' after the text"), p);
      return FALSE;
    }
  if (text->len == 0)
    {
      g_string_free (text, TRUE);
      set_line_error (error, origin, line, SEQACK_ERROR_INVALID_ARGUMENT,
                      _("'send' needs a text"));
      return FALSE;
    }

  *out = g_string_free (text, FALSE);
  return TRUE;
}

/* A number of seconds (0 .. one day) into µs. */
static gboolean
parse_seconds (char        **p,
               const char   *what,
               const char   *origin,
               guint         line,
               gint64       *usec,
               GError      **error)
{
  char *word = next_word (p);
  char *end = NULL;
  double value;

  if (word == NULL)
    {
      set_line_error (error, origin, line, SEQACK_ERROR_INVALID_ARGUMENT,
                      _("'%s' needs a number of seconds"), what);
      return FALSE;
    }

  value = g_ascii_strtod (word, &end);
  if (end == word || *end != '\0' || !isfinite (value) || value < 0.0 ||
      value > MAX_SECONDS)
    {
      set_line_error (error, origin, line, SEQACK_ERROR_INVALID_ARGUMENT,
                      _("'%s' is not a number of seconds between 0 and "
                        "86400"), word);
      return FALSE;
    }

  *usec = (gint64) llround (value * 1e6);
  return TRUE;
}

static gboolean
parse_rate (char        **p,
            const char   *origin,
            guint         line,
            double       *rate,
            GError      **error)
{
  char *word = next_word (p);
  char *end = NULL;
  double value;

  if (word == NULL)
    {
      set_line_error (error, origin, line, SEQACK_ERROR_INVALID_ARGUMENT,
                      _("'set loss' needs a rate between 0 and 1"));
      return FALSE;
    }

  value = g_ascii_strtod (word, &end);
  if (end == word || *end != '\0' || !isfinite (value) || value < 0.0 ||
      value > 1.0)
    {
      set_line_error (error, origin, line, SEQACK_ERROR_INVALID_ARGUMENT,
                      _("loss rate '%s' is not between 0 and 1"), word);
      return FALSE;
    }

  *rate = value;
  return TRUE;
}

static gboolean
parse_side (const char *word,
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

/* One step line (comment already cut, not empty) into @step. */
static gboolean
parse_step (char        *p,
            const char  *origin,
            guint        line,
            Step        *step,
            GError     **error)
{
  char *word = next_word (&p);
  char *extra;

  g_assert (word != NULL);

  if (strcmp (word, "with") == 0)
    {
      step->with = TRUE;
      word = next_word (&p);
      if (word == NULL)
        {
          set_line_error (error, origin, line, SEQACK_ERROR_INVALID_ARGUMENT,
                          _("'with' needs an action"));
          return FALSE;
        }
    }

  if (strcmp (word, "pause") == 0)
    {
      step->kind = STEP_PAUSE;
      if (!parse_seconds (&p, "pause", origin, line, &step->usec, error))
        return FALSE;
    }
  else if (strcmp (word, "skip-wait") == 0)
    step->kind = STEP_SKIP_WAIT;
  else if (strcmp (word, "set") == 0)
    {
      char *what = next_word (&p);

      if (g_strcmp0 (what, "loss") == 0)
        {
          step->kind = STEP_SET_LOSS;
          if (!parse_rate (&p, origin, line, &step->rate, error))
            return FALSE;
        }
      else if (g_strcmp0 (what, "latency") == 0)
        {
          step->kind = STEP_SET_LATENCY;
          if (!parse_seconds (&p, "set latency", origin, line, &step->usec,
                              error))
            return FALSE;
        }
      else if (g_strcmp0 (what, "msl") == 0)
        {
          step->kind = STEP_SET_MSL;
          if (!parse_seconds (&p, "set msl", origin, line, &step->usec,
                              error))
            return FALSE;
        }
      else
        {
          set_line_error (error, origin, line, SEQACK_ERROR_INVALID_ARGUMENT,
                          _("unknown setting '%s' (loss, latency or msl)"),
                          what != NULL ? what : "");
          return FALSE;
        }
    }
  else if (parse_side (word, &step->side))
    {
      char *action = next_word (&p);
      gboolean found = FALSE;

      if (action == NULL)
        {
          set_line_error (error, origin, line, SEQACK_ERROR_INVALID_ARGUMENT,
                          _("'%s' needs an action"), word);
          return FALSE;
        }

      for (guint i = 0; i < G_N_ELEMENTS (side_actions); i++)
        if (strcmp (action, side_actions[i].word) == 0)
          {
            step->kind = side_actions[i].kind;
            found = TRUE;
            break;
          }

      if (!found)
        {
          set_line_error (error, origin, line, SEQACK_ERROR_INVALID_ARGUMENT,
                          _("unknown action '%s'"), action);
          return FALSE;
        }

      if (step->kind == STEP_SEND)
        return parse_text (p, origin, line, &step->text, error);
      if (step->kind == STEP_DELAY_NEXT &&
          !parse_seconds (&p, "delay-next", origin, line, &step->usec,
                          error))
        return FALSE;
    }
  else
    {
      set_line_error (error, origin, line, SEQACK_ERROR_INVALID_ARGUMENT,
                      _("unknown action '%s'"), word);
      return FALSE;
    }

  extra = next_word (&p);
  if (extra != NULL)
    {
      set_line_error (error, origin, line, SEQACK_ERROR_INVALID_ARGUMENT,
                      _("unexpected '%s'"), extra);
      return FALSE;
    }

  return TRUE;
}

/* "name: x", "description: x" and "description[zh_CN]: x". Returns FALSE
 * (no error) when @line is not a header line. */
static gboolean
parse_header (SeqackScenario  *scenario,
              char            *line,
              const char      *origin,
              guint            line_no,
              gboolean        *is_header,
              GError         **error)
{
  char *colon = strchr (line, ':');
  char *key_end;
  char *value;

  *is_header = FALSE;
  if (colon == NULL)
    return TRUE;
  for (char *p = line; p < colon; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '[' &&
        *p != ']' && *p != '@' && *p != '.')
      return TRUE;

  *is_header = TRUE;
  key_end = colon;
  *key_end = '\0';
  value = g_strstrip (colon + 1);

  if (strcmp (line, "name") == 0)
    {
      g_free (scenario->name);
      scenario->name = g_strdup (value);
    }
  else if (strcmp (line, "description") == 0 ||
           (g_str_has_prefix (line, "description[") &&
            g_str_has_suffix (line, "]") &&
            strlen (line) > strlen ("description[]")))
    {
      Description d;

      d.lang = line[strlen ("description")] == '['
               ? g_strndup (line + strlen ("description["),
                            strlen (line) - strlen ("description[]"))
               : NULL;
      d.text = g_strdup (value);
      g_array_append_val (scenario->descriptions, d);
    }
  else
    {
      set_line_error (error, origin, line_no, SEQACK_ERROR_INVALID_ARGUMENT,
                      _("unknown key '%s' (name or description)"), line);
      return FALSE;
    }

  return TRUE;
}

SeqackScenario *
seqack_scenario_parse (const char  *text,
                       const char  *origin,
                       GError     **error)
{
  g_autoptr(SeqackScenario) scenario = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  scenario = g_new0 (SeqackScenario, 1);
  scenario->origin = g_strdup (origin);
  scenario->descriptions = g_array_new (FALSE, TRUE, sizeof (Description));
  g_array_set_clear_func (scenario->descriptions, description_clear);
  scenario->steps = g_array_new (FALSE, TRUE, sizeof (Step));
  g_array_set_clear_func (scenario->steps, step_clear);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                   _("%s: the scenario is not valid UTF-8"),
                   origin != NULL ? origin : "");
      return NULL;
    }

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      guint line_no = i + 1;
      char *line = strip_comment (lines[i]);
      gboolean is_header;
      Step step;

      if (*line == '\0')
        continue;

      if (!parse_header (scenario, line, origin, line_no, &is_header, error))
        return NULL;
      if (is_header)
        continue;

      memset (&step, 0, sizeof step);
      step.line = line_no;
      if (!parse_step (line, origin, line_no, &step, error))
        {
          step_clear (&step);
          return NULL;
        }
      g_array_append_val (scenario->steps, step);
    }

  if (scenario->name == NULL)
    scenario->name = g_strdup (origin != NULL ? origin : "");

  return g_steal_pointer (&scenario);
}

const char *
seqack_scenario_get_name (SeqackScenario *scenario)
{
  g_return_val_if_fail (scenario != NULL, NULL);

  return scenario->name;
}

/* The description in the user's language (as gettext would choose it:
 * "zh_CN.UTF-8" falls back to "zh_CN" then "zh"), else the untranslated
 * one, else "". */
const char *
seqack_scenario_get_description (SeqackScenario *scenario)
{
  const char *const *langs;
  const char *fallback = "";

  g_return_val_if_fail (scenario != NULL, NULL);

  langs = g_get_language_names ();
  for (guint l = 0; langs[l] != NULL; l++)
    for (guint i = 0; i < scenario->descriptions->len; i++)
      {
        Description *d = &g_array_index (scenario->descriptions,
                                         Description, i);

        if (d->lang != NULL && strcmp (d->lang, langs[l]) == 0)
          return d->text;
      }

  for (guint i = 0; i < scenario->descriptions->len; i++)
    {
      Description *d = &g_array_index (scenario->descriptions,
                                       Description, i);

      if (d->lang == NULL)
        {
          fallback = d->text;
          break;
        }
    }

  return fallback;
}

guint
seqack_scenario_get_n_steps (SeqackScenario *scenario)
{
  g_return_val_if_fail (scenario != NULL, 0);

  return scenario->steps->len;
}

static gboolean
step_waits_for_quiet (const Step *step)
{
  if (step->with)
    return FALSE;

  switch (step->kind)
    {
    /* Wire tricks (the lab's wire controls) act at once, like the
     * buttons: "client drop-next" drops whatever the client sends next,
     * even an ACK owed to a segment still in flight. A pause waits like
     * any other step, so "pause 0" settles the wire before a trick. */
    case STEP_DROP_NEXT:
    case STEP_DELAY_NEXT:
    case STEP_STALE_SYN:
    case STEP_SET_LOSS:
    case STEP_SET_LATENCY:
    case STEP_SET_MSL:
      return FALSE;
    default:
      return TRUE;
    }
}

gboolean
seqack_scenario_run_step (SeqackScenario  *scenario,
                          guint            index,
                          SeqackLab       *lab,
                          GError         **error)
{
  const Step *step;
  gboolean ok = TRUE;
  GError *local_error = NULL;

  g_return_val_if_fail (scenario != NULL, FALSE);
  g_return_val_if_fail (index < scenario->steps->len, FALSE);
  g_return_val_if_fail (lab != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  step = &g_array_index (scenario->steps, Step, index);

  if (step_waits_for_quiet (step))
    seqack_lab_run_until_quiet (lab, QUIET_LIMIT);

  switch (step->kind)
    {
    case STEP_LISTEN:
      ok = seqack_lab_listen (lab, step->side, &local_error);
      break;
    case STEP_CONNECT:
      ok = seqack_lab_connect (lab, step->side, &local_error);
      break;
    case STEP_SEND:
      ok = seqack_lab_send (lab, step->side, step->text, &local_error);
      break;
    case STEP_CLOSE:
      ok = seqack_lab_close (lab, step->side, &local_error);
      break;
    case STEP_ABORT:
      ok = seqack_lab_abort (lab, step->side, &local_error);
      break;
    case STEP_DROP_NEXT:
      seqack_lab_drop_next (lab, step->side);
      break;
    case STEP_DELAY_NEXT:
      seqack_lab_delay_next (lab, step->side, step->usec);
      break;
    case STEP_STALE_SYN:
      seqack_lab_stale_syn (lab, step->side);
      break;
    case STEP_PAUSE:
      seqack_lab_run_until (lab, seqack_lab_get_now (lab) + step->usec);
      break;
    case STEP_SET_LOSS:
      seqack_lab_set_loss_rate (lab, step->rate);
      break;
    case STEP_SET_LATENCY:
      seqack_lab_set_latency (lab, step->usec);
      break;
    case STEP_SET_MSL:
      seqack_lab_set_msl (lab, step->usec);
      break;
    case STEP_SKIP_WAIT:
      /* Nothing to skip to is not an error: the script just goes on. */
      seqack_lab_skip_wait (lab);
      break;
    default:
      g_assert_not_reached ();
    }

  if (!ok)
    {
      set_line_error (error, scenario->origin, step->line,
                      local_error->domain == SEQACK_ERROR
                      ? (SeqackError) local_error->code
                      : SEQACK_ERROR_INVALID_ARGUMENT,
                      "%s", local_error->message);
      g_error_free (local_error);
    }

  return ok;
}

gboolean
seqack_scenario_run (SeqackScenario  *scenario,
                     SeqackLab       *lab,
                     GError         **error)
{
  g_return_val_if_fail (scenario != NULL, FALSE);
  g_return_val_if_fail (lab != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  for (guint i = 0; i < scenario->steps->len; i++)
    if (!seqack_scenario_run_step (scenario, i, lab, error))
      return FALSE;

  seqack_lab_run_until_idle (lab, QUIET_LIMIT);

  return TRUE;
}

const char *const *
seqack_scenario_builtin_names (void)
{
  return builtin_names;
}

SeqackScenario *
seqack_scenario_builtin (const char  *name,
                         GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  gboolean known = FALSE;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  for (guint i = 0; builtin_names[i] != NULL; i++)
    if (strcmp (builtin_names[i], name) == 0)
      known = TRUE;

  if (known)
    {
      path = g_strconcat (SCENARIO_RESOURCE_PATH, name, ".scenario", NULL);
      /* Looked up in our own resource, not the global registry: no hidden
       * state, and it works whoever links the library. */
      bytes = g_resource_lookup_data (seqack_scenarios_get_resource (), path,
                                      G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
    }

  if (bytes == NULL)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND,
                   _("unknown scenario '%s'"), name);
      return NULL;
    }

  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return seqack_scenario_parse (text, name, error);
}
