/* seqack-scenario.c: scripted sequences of lab calls, and saved sessions
 * (the format is in seqack-scenario.h and data/scenarios/README.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "seqack-error.h"
#include "seqack-scenario-private.h"
#include "seqack-scenarios-resources.h"

#define SCENARIO_RESOURCE_PATH "/io/github/seqack/SeqAck/scenarios/"
/* How long a step waits for a quiet wire, and the final run for idle. */
#define QUIET_LIMIT (3600 * SEQACK_USEC_PER_SEC)
/* Longest pause, delay, MSL or "at" time a script may ask for: one day. */
#define MAX_SECONDS 86400.0
#define MAX_USEC ((gint64) MAX_SECONDS * SEQACK_USEC_PER_SEC)
/* The session format this code writes; it reads 1 and 2. */
#define SESSION_VERSION 2

typedef struct
{
  char *lang;        /* "zh_CN"; NULL for the untranslated text */
  char *text;
} Translation;

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
  "high-latency",
  "lost-retransmission",
  "quit-app",
  "bulk-transfer",
  "zero-window",
  "lost-data",
  "rto-collapse",
  "slow-start-restart",
  "reconnect",
  "time-wait-reuse",
  "server-time-wait",
  "two-connections",
  "accept-queue-full",
  "syn-queue-full",
  "syn-queue-cookies",
  "two-clients",
  "syn-flood",
  "syn-cookies",
  NULL
};

static void
step_clear (gpointer data)
{
  SeqackScenarioStep *step = data;

  g_clear_pointer (&step->text, g_free);
}

static void
translation_clear (gpointer data)
{
  Translation *t = data;

  g_free (t->lang);
  g_free (t->text);
}

static SeqackScenario *
scenario_new (const char *origin)
{
  SeqackScenario *scenario = g_new0 (SeqackScenario, 1);

  scenario->origin = g_strdup (origin);
  scenario->titles = g_array_new (FALSE, TRUE, sizeof (Translation));
  g_array_set_clear_func (scenario->titles, translation_clear);
  scenario->descriptions = g_array_new (FALSE, TRUE, sizeof (Translation));
  g_array_set_clear_func (scenario->descriptions, translation_clear);
  scenario->steps = g_array_new (FALSE, TRUE, sizeof (SeqackScenarioStep));
  g_array_set_clear_func (scenario->steps, step_clear);

  return scenario;
}

SeqackScenario *
_seqack_scenario_new_session (void)
{
  SeqackScenario *scenario = scenario_new (NULL);

  scenario->version = SESSION_VERSION;
  return scenario;
}

void
seqack_scenario_free (SeqackScenario *scenario)
{
  if (scenario == NULL)
    return;

  g_free (scenario->origin);
  g_free (scenario->name);
  g_array_unref (scenario->titles);
  g_array_unref (scenario->descriptions);
  g_array_unref (scenario->steps);
  g_free (scenario->base);
  g_free (scenario);
}

/* Parsing */

typedef struct
{
  SeqackScenario *scenario;
  const char     *origin;
  guint           line;
  gboolean        seen_item;  /* a line other than comments came */
} Parser;

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

#define parse_error(parser, error, ...) \
  set_line_error ((error), (parser)->origin, (parser)->line, \
                  SEQACK_ERROR_INVALID_ARGUMENT, __VA_ARGS__)

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

static gboolean
no_more_words (Parser   *parser,
               char     *p,
               GError  **error)
{
  char *extra = next_word (&p);

  if (extra != NULL)
    {
      parse_error (parser, error, _("unexpected '%s'"), extra);
      return FALSE;
    }
  return TRUE;
}

/* The text of "send": the rest of the line, or one "quoted string" with
 * \" \\ \n \t \r and octal \NNN escapes for texts with blanks at the ends,
 * a '#' or control characters. */
static gboolean
parse_text (Parser   *parser,
            char     *rest,
            char    **out,
            GError  **error)
{
  g_autoptr(GString) text = NULL;
  char *p;

  rest = g_strstrip (rest);
  if (*rest == '\0')
    {
      parse_error (parser, error, _("'send' needs a text"));
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
      if (*p != '\\' || p[1] == '\0')
        {
          g_string_append_c (text, *p);
          continue;
        }

      p++;
      switch (*p)
        {
        case 'n':
          g_string_append_c (text, '\n');
          break;
        case 't':
          g_string_append_c (text, '\t');
          break;
        case 'r':
          g_string_append_c (text, '\r');
          break;
        case '1': case '2': case '3': case '4':
        case '5': case '6': case '7':
          {
            guint value = 0;

            for (guint n = 0; n < 3 && *p >= '0' && *p <= '7'; n++, p++)
              value = value * 8 + (guint) (*p - '0');
            p--;
            g_string_append_c (text, (char) (value & 0xff));
          }
          break;
        default:
          g_string_append_c (text, *p);
          break;
        }
    }

  if (*p != '"')
    {
      parse_error (parser, error, _("missing closing '\"'"));
      return FALSE;
    }
  p++;
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0')
    {
      parse_error (parser, error, _("unexpected '%s' after the text"), p);
      return FALSE;
    }
  if (text->len == 0)
    {
      parse_error (parser, error, _("'send' needs a text"));
      return FALSE;
    }
  if (!g_utf8_validate (text->str, text->len, NULL))
    {
      parse_error (parser, error, _("the text is not valid UTF-8"));
      return FALSE;
    }

  *out = g_string_free (g_steal_pointer (&text), FALSE);
  return TRUE;
}

/* A number of seconds (0 .. one day) into µs. */
static gboolean
parse_seconds (Parser      *parser,
               char       **p,
               const char  *what,
               gint64      *usec,
               GError     **error)
{
  char *word = next_word (p);
  char *end = NULL;
  double value;

  if (word == NULL)
    {
      parse_error (parser, error, _("'%s' needs a number of seconds"), what);
      return FALSE;
    }

  value = g_ascii_strtod (word, &end);
  if (end == word || *end != '\0' || !isfinite (value) || value < 0.0 ||
      value > MAX_SECONDS)
    {
      parse_error (parser, error,
                   _("'%s' is not a number of seconds between 0 and "
                     "86400"), word);
      return FALSE;
    }

  *usec = (gint64) llround (value * 1e6);
  return TRUE;
}

/* A loss rate 0..1 into parts per million. */
static gboolean
parse_rate (Parser   *parser,
            char    **p,
            gint64   *ppm,
            GError  **error)
{
  char *word = next_word (p);
  char *end = NULL;
  double value;

  if (word == NULL)
    {
      parse_error (parser, error,
                   _("'set loss' needs a rate between 0 and 1"));
      return FALSE;
    }

  value = g_ascii_strtod (word, &end);
  if (end == word || *end != '\0' || !isfinite (value) || value < 0.0 ||
      value > 1.0)
    {
      parse_error (parser, error, _("loss rate '%s' is not between 0 and 1"),
                   word);
      return FALSE;
    }

  *ppm = (gint64) llround (value * 1e6);
  return TRUE;
}

/* A whole number @min..@max (the µs and parts per million of version 1
 * sessions). */
static gboolean
parse_integer (Parser      *parser,
               const char  *word,
               const char  *what,
               gint64       min,
               gint64       max,
               gint64      *out,
               GError     **error)
{
  if (word == NULL ||
      !g_ascii_string_to_signed (word, 10, min, max, out, NULL))
    {
      parse_error (parser, error, _("bad value '%s' for '%s'"),
                   word != NULL ? word : "", what);
      return FALSE;
    }
  return TRUE;
}

/* A host's name: "client", "server", "client-2" … "client-8" (not the
 * flood, whose lines are its own). */
static gboolean
parse_side (const char *word,
            guint      *host)
{
  return word != NULL && seqack_host_from_name (word, host) &&
         *host != SEQACK_HOST_FLOOD;
}

/* The actions a line starts with a side for ("read" stands for read
 * off, on and N). */
static gboolean
parse_side_action (const char   *word,
                   SeqackAction *action)
{
  return word != NULL && seqack_action_from_name (word, action) &&
         (*action <= SEQACK_ACTION_STALE_SYN ||
          *action == SEQACK_ACTION_SEND_BYTES ||
          *action == SEQACK_ACTION_READ ||
          *action == SEQACK_ACTION_SELECT ||
          *action == SEQACK_ACTION_ACCEPT);
}

/* Bytes for send-bytes, set rcvbuf and set mss: 16 MiB at most. */
#define MAX_BYTES (16 * 1024 * 1024)

/* One step in the scenario syntax (comment already cut, not empty). */
static gboolean
parse_step (Parser              *parser,
            char                *p,
            SeqackScenarioStep  *step,
            GError             **error)
{
  char *word = next_word (&p);

  g_assert (word != NULL);

  if (strcmp (word, "with") == 0)
    {
      if (step->t != SEQACK_STEP_UNTIMED)
        {
          parse_error (parser, error, _("'with' cannot follow 'at'"));
          return FALSE;
        }
      step->with = TRUE;
      word = next_word (&p);
      if (word == NULL)
        {
          parse_error (parser, error, _("'with' needs an action"));
          return FALSE;
        }
    }

  if (strcmp (word, "pause") == 0)
    {
      step->action = SEQACK_ACTION_PAUSE;
      if (!parse_seconds (parser, &p, "pause", &step->number, error))
        return FALSE;
    }
  else if (strcmp (word, "skip-wait") == 0)
    step->action = SEQACK_ACTION_SKIP_WAIT;
  else if (strcmp (word, "add-client") == 0)
    step->action = SEQACK_ACTION_ADD_CLIENT;
  else if (strcmp (word, "flood") == 0)
    {
      /* "flood on 200": 200 SYNs a second; "flood off". */
      char *how = next_word (&p);

      step->host = SEQACK_HOST_FLOOD;
      step->action = SEQACK_ACTION_FLOOD;
      if (g_strcmp0 (how, "on") == 0)
        {
          if (!parse_integer (parser, next_word (&p), "flood on", 1,
                              SEQACK_LAB_MAX_FLOOD_RATE, &step->number,
                              error))
            return FALSE;
        }
      else if (g_strcmp0 (how, "off") != 0)
        {
          parse_error (parser, error,
                       _("bad value '%s' for 'flood' (on and the SYNs a "
                         "second, or off)"),
                       how != NULL ? how : "");
          return FALSE;
        }
    }
  else if (strcmp (word, "set") == 0)
    {
      char *what = next_word (&p);

      if (g_strcmp0 (what, "loss") == 0)
        {
          step->action = SEQACK_ACTION_SET_LOSS;
          if (!parse_rate (parser, &p, &step->number, error))
            return FALSE;
        }
      else if (g_strcmp0 (what, "latency") == 0)
        {
          step->action = SEQACK_ACTION_SET_LATENCY;
          if (!parse_seconds (parser, &p, "set latency", &step->number,
                              error))
            return FALSE;
        }
      else if (g_strcmp0 (what, "msl") == 0)
        {
          step->action = SEQACK_ACTION_SET_MSL;
          if (!parse_seconds (parser, &p, "set msl", &step->number, error))
            return FALSE;
        }
      else if (g_strcmp0 (what, "rcvbuf") == 0)
        {
          step->action = SEQACK_ACTION_SET_RCVBUF;
          if (!parse_integer (parser, next_word (&p), "set rcvbuf", 1,
                              MAX_BYTES, &step->number, error))
            return FALSE;
        }
      else if (g_strcmp0 (what, "mss") == 0)
        {
          /* Linux's TCP_MIN_MSS is 88. */
          step->action = SEQACK_ACTION_SET_MSS;
          if (!parse_integer (parser, next_word (&p), "set mss", 88, 65495,
                              &step->number, error))
            return FALSE;
        }
      else if (g_strcmp0 (what, "syncookies") == 0)
        {
          /* Linux net.ipv4.tcp_syncookies 0, 1, 2. */
          char *value = next_word (&p);
          guint mode;

          step->action = SEQACK_ACTION_SET_SYNCOOKIES;
          if (seqack_lab_syn_cookies_from_name (value, &mode))
            step->number = mode;
          else
            {
              parse_error (parser, error,
                           _("bad value '%s' for 'set syncookies' (off, on "
                             "or always)"),
                           value != NULL ? value : "");
              return FALSE;
            }
        }
      else if (g_strcmp0 (what, "iw10") == 0 ||
               g_strcmp0 (what, "nagle") == 0)
        {
          char *value = next_word (&p);

          step->action = what[0] == 'i' ? SEQACK_ACTION_SET_IW10
                                        : SEQACK_ACTION_SET_NAGLE;
          if (g_strcmp0 (value, "on") == 0)
            step->number = 1;
          else if (g_strcmp0 (value, "off") == 0)
            step->number = 0;
          else
            {
              parse_error (parser, error,
                           _("bad value '%s' for 'set %s' (on or off)"),
                           value != NULL ? value : "", what);
              return FALSE;
            }
        }
      else
        {
          parse_error (parser, error,
                       _("unknown setting '%s' (loss, latency, msl, rcvbuf, "
                         "mss, iw10, nagle or syncookies)"),
                       what != NULL ? what : "");
          return FALSE;
        }
    }
  else if (parse_side (word, &step->host))
    {
      char *action = next_word (&p);

      if (action == NULL)
        {
          parse_error (parser, error, _("'%s' needs an action"), word);
          return FALSE;
        }
      if (!parse_side_action (action, &step->action))
        {
          parse_error (parser, error, _("unknown action '%s'"), action);
          return FALSE;
        }

      if (step->action == SEQACK_ACTION_SEND)
        return parse_text (parser, p, &step->text, error);
      /* "client connect new-port": from a new socket, an ephemeral
       * port connect() picks. */
      if (step->action == SEQACK_ACTION_CONNECT)
        {
          char *how = next_word (&p);

          if (how != NULL && strcmp (how, "new-port") != 0)
            {
              parse_error (parser, error,
                           _("bad value '%s' for 'connect' (new-port or "
                             "nothing)"), how);
              return FALSE;
            }
          step->number = how != NULL;
        }
      /* "server listen backlog 2": a SYN queue of 2, an accept queue
       * full beyond 2 (Linux's listen(fd, 2)). */
      if (step->action == SEQACK_ACTION_LISTEN)
        {
          char *rest = p;

          /* Anything else is left for no_more_words() to name. */
          if (g_strcmp0 (next_word (&rest), "backlog") == 0)
            {
              p = rest;
              if (!parse_integer (parser, next_word (&p), "listen backlog",
                                  1, SEQACK_LAB_MAX_BACKLOG, &step->number,
                                  error))
                return FALSE;
            }
        }
      /* "server accept off": the application stops accepting, so new
       * connections wait in the accept queue; "accept on" accepts them
       * all and the next ones; "accept 1" accepts one. */
      if (step->action == SEQACK_ACTION_ACCEPT)
        {
          char *how = next_word (&p);

          if (g_strcmp0 (how, "off") == 0)
            step->action = SEQACK_ACTION_ACCEPT_OFF;
          else if (g_strcmp0 (how, "on") == 0)
            step->action = SEQACK_ACTION_ACCEPT_ON;
          else if (how == NULL ||
                   !g_ascii_string_to_signed (how, 10, 1, 1000,
                                              &step->number, NULL))
            {
              parse_error (parser, error,
                           _("bad value '%s' for 'accept' (off, on or a "
                             "number of connections)"),
                           how != NULL ? how : "");
              return FALSE;
            }
        }
      /* "server select 2": the server's calls act on the second
       * connection it had; "server select listener" on its listener. */
      if (step->action == SEQACK_ACTION_SELECT)
        {
          char *which = next_word (&p);

          if (g_strcmp0 (which, "listener") == 0)
            step->number = 0;
          else if (which == NULL ||
                   !g_ascii_string_to_signed (which, 10, 1, G_MAXUINT32,
                                              &step->number, NULL))
            {
              parse_error (parser, error,
                           _("bad value '%s' for 'select' (listener or the "
                             "number of a connection: 1 for the first)"),
                           which != NULL ? which : "");
              return FALSE;
            }
        }
      if (step->action == SEQACK_ACTION_DELAY_NEXT &&
          !parse_seconds (parser, &p, "delay-next", &step->number, error))
        return FALSE;
      if (step->action == SEQACK_ACTION_SEND_BYTES &&
          !parse_integer (parser, next_word (&p), "send-bytes", 1, MAX_BYTES,
                          &step->number, error))
        return FALSE;
      if (step->action == SEQACK_ACTION_READ)
        {
          char *how = next_word (&p);

          if (g_strcmp0 (how, "off") == 0)
            step->action = SEQACK_ACTION_READ_OFF;
          else if (g_strcmp0 (how, "on") == 0)
            step->action = SEQACK_ACTION_READ_ON;
          else if (how == NULL ||
                   !g_ascii_string_to_signed (how, 10, 1, G_MAXUINT32,
                                              &step->number, NULL))
            {
              parse_error (parser, error,
                           _("bad value '%s' for 'read' (off, on or a "
                             "number of bytes)"),
                           how != NULL ? how : "");
              return FALSE;
            }
        }
    }
  else
    {
      char *second = next_word (&p);
      SeqackAction action;

      /* "router connect": the action is fine, the side is not. */
      if (parse_side_action (second, &action))
        parse_error (parser, error,
                     _("unknown action '%s' (the hosts are client, "
                       "client-2 … client-8 and server)"), word);
      else
        parse_error (parser, error, _("unknown action '%s'"), word);
      return FALSE;
    }

  return no_more_words (parser, p, error);
}

/* One step as version 1 sessions wrote it after "at T": "SIDE ACTION
 * [ARGUMENT]", '-' for no side, numbers in µs and parts per million, the
 * text escaped as in C. */
static gboolean
parse_step_v1 (Parser              *parser,
               char                *p,
               SeqackScenarioStep  *step,
               GError             **error)
{
  char *side = next_word (&p);
  char *action = next_word (&p);

  if (action == NULL)
    {
      parse_error (parser, error,
                   _("expected 'at TIME SIDE ACTION [ARGUMENT]'"));
      return FALSE;
    }
  if (strcmp (side, "-") != 0 && !parse_side (side, &step->host))
    {
      parse_error (parser, error, _("unknown side '%s' (client or server)"),
                   side);
      return FALSE;
    }
  if (!seqack_action_from_name (action, &step->action))
    {
      parse_error (parser, error, _("unknown action '%s'"), action);
      return FALSE;
    }

  switch (step->action)
    {
    case SEQACK_ACTION_SEND:
      p = g_strstrip (p);
      step->text = g_strcompress (p);
      if (!g_utf8_validate (step->text, -1, NULL))
        {
          parse_error (parser, error, _("the text is not valid UTF-8"));
          return FALSE;
        }
      return TRUE;
    case SEQACK_ACTION_SET_LOSS:
      if (!parse_integer (parser, next_word (&p), action, 0, 1000000,
                          &step->number, error))
        return FALSE;
      break;
    case SEQACK_ACTION_SET_LATENCY:
    case SEQACK_ACTION_SET_MSL:
    case SEQACK_ACTION_DELAY_NEXT:
    case SEQACK_ACTION_PAUSE:
      if (!parse_integer (parser, next_word (&p), action, 0, MAX_USEC,
                          &step->number, error))
        return FALSE;
      break;
    default:
      break;
    }

  return no_more_words (parser, p, error);
}

/* "at T STEP": T in seconds, or in µs in version 1 sessions. */
static gboolean
parse_at (Parser              *parser,
          char                *p,
          SeqackScenarioStep  *step,
          GError             **error)
{
  if (parser->scenario->version == 1)
    {
      if (!parse_integer (parser, next_word (&p), "at", 0, MAX_USEC,
                          &step->t, error))
        return FALSE;
    }
  else if (!parse_seconds (parser, &p, "at", &step->t, error))
    return FALSE;

  while (g_ascii_isspace (*p))
    p++;
  if (*p == '\0')
    {
      parse_error (parser, error, _("'at' needs a time and a step"));
      return FALSE;
    }

  if (parser->scenario->version == 1)
    return parse_step_v1 (parser, p, step, error);
  return parse_step (parser, p, step, error);
}

static gboolean
parse_bool (Parser      *parser,
            const char  *word,
            const char  *what,
            gboolean    *out,
            GError     **error)
{
  if (g_strcmp0 (word, "true") == 0)
    *out = TRUE;
  else if (g_strcmp0 (word, "false") == 0)
    *out = FALSE;
  else
    {
      parse_error (parser, error, _("bad value '%s' for '%s'"),
                   word != NULL ? word : "", what);
      return FALSE;
    }
  return TRUE;
}

/* The lab's start settings: "seed N", "latency S", "loss R", "msl S"
 * (µs and parts per million in version 1), "rto-min rfc|linux", the
 * view's "absolute" and
 * "letters", and "scenario NAME". Sets *@is_setting. */
static gboolean
parse_setting (Parser    *parser,
               char      *line,
               gboolean  *is_setting,
               GError   **error)
{
  SeqackScenario *s = parser->scenario;
  gboolean v1 = s->version == 1;
  char *p = line;
  char *key = next_word (&p);
  char *value;

  *is_setting = TRUE;
  if (strcmp (key, "seed") == 0)
    {
      value = next_word (&p);
      if (value == NULL ||
          !g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, &s->seed,
                                       NULL))
        {
          parse_error (parser, error, _("bad value '%s' for '%s'"),
                       value != NULL ? value : "", key);
          return FALSE;
        }
      s->settings |= SCENARIO_HAS_SEED;
    }
  else if (strcmp (key, "latency") == 0)
    {
      if (v1 ? !parse_integer (parser, next_word (&p), key, 0, MAX_USEC,
                               &s->latency, error)
             : !parse_seconds (parser, &p, key, &s->latency, error))
        return FALSE;
      s->settings |= SCENARIO_HAS_LATENCY;
    }
  else if (strcmp (key, "loss") == 0)
    {
      if (v1 ? !parse_integer (parser, next_word (&p), key, 0, 1000000,
                               &s->loss_ppm, error)
             : !parse_rate (parser, &p, &s->loss_ppm, error))
        return FALSE;
      s->settings |= SCENARIO_HAS_LOSS;
    }
  else if (strcmp (key, "msl") == 0)
    {
      if (v1 ? !parse_integer (parser, next_word (&p), key, 1, MAX_USEC,
                               &s->msl, error)
             : !parse_seconds (parser, &p, key, &s->msl, error))
        return FALSE;
      s->settings |= SCENARIO_HAS_MSL;
    }
  else if (strcmp (key, "rto-min") == 0)
    {
      /* RFC 6298 (2.4)'s 1 s, or Linux's TCP_RTO_MIN of 200 ms. */
      value = next_word (&p);
      if (g_strcmp0 (value, "rfc") == 0)
        s->linux_rto_min = FALSE;
      else if (g_strcmp0 (value, "linux") == 0)
        s->linux_rto_min = TRUE;
      else
        {
          parse_error (parser, error,
                       _("bad value '%s' for '%s' (rfc or linux)"),
                       value != NULL ? value : "", key);
          return FALSE;
        }
      s->settings |= SCENARIO_HAS_RTO_MIN;
    }
  else if (strcmp (key, "absolute") == 0)
    {
      if (!parse_bool (parser, next_word (&p), key, &s->absolute, error))
        return FALSE;
    }
  else if (strcmp (key, "letters") == 0)
    {
      if (!parse_bool (parser, next_word (&p), key, &s->letters, error))
        return FALSE;
    }
  else if (strcmp (key, "scenario") == 0)
    {
      value = next_word (&p);
      if (value == NULL ||
          !g_strv_contains ((const char *const *) builtin_names, value))
        {
          parse_error (parser, error, _("unknown scenario '%s'"),
                       value != NULL ? value : "");
          return FALSE;
        }
      g_free (s->base);
      s->base = g_strdup (value);
    }
  else
    {
      *is_setting = FALSE;
      return TRUE;
    }

  return no_more_words (parser, p, error);
}

/* "name: x", "title[zh_CN]: x", "description: x". Sets *@is_header. */
static gboolean
parse_header (Parser    *parser,
              char      *line,
              gboolean  *is_header,
              GError   **error)
{
  char *colon = strchr (line, ':');
  char *value;
  GArray *into = NULL;
  const char *lang = NULL;
  gsize key_len = 0;

  *is_header = FALSE;
  if (colon == NULL)
    return TRUE;
  for (char *p = line; p < colon; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '[' &&
        *p != ']' && *p != '@' && *p != '.')
      return TRUE;

  *is_header = TRUE;
  *colon = '\0';
  value = g_strstrip (colon + 1);

  if (strcmp (line, "name") == 0)
    {
      g_free (parser->scenario->name);
      parser->scenario->name = g_strdup (value);
      return TRUE;
    }

  if (g_str_has_prefix (line, "title"))
    {
      into = parser->scenario->titles;
      key_len = strlen ("title");
    }
  else if (g_str_has_prefix (line, "description"))
    {
      into = parser->scenario->descriptions;
      key_len = strlen ("description");
    }
  /* "title" alone, or "title[LANG]" with a language. */
  if (into != NULL && line[key_len] == '[' && line[key_len + 1] != ']' &&
      g_str_has_suffix (line, "]"))
    lang = line + key_len + 1;
  else if (into != NULL && line[key_len] != '\0')
    into = NULL;

  if (into == NULL)
    {
      parse_error (parser, error,
                   _("unknown key '%s' (name, title or description)"),
                   line);
      return FALSE;
    }

  {
    Translation t;

    t.lang = lang != NULL ? g_strndup (lang, strlen (lang) - 1) : NULL;
    t.text = g_strdup (value);
    g_array_append_val (into, t);
  }
  return TRUE;
}

/* "seqack-session N" on the first line that is not a comment. */
static gboolean
parse_version (Parser    *parser,
               char      *line,
               gboolean  *is_version,
               GError   **error)
{
  char *p = line;
  char *word = next_word (&p);
  gint64 version;

  *is_version = strcmp (word, "seqack-session") == 0;
  if (!*is_version)
    return TRUE;

  if (parser->seen_item)
    {
      parse_error (parser, error,
                   _("'seqack-session' belongs on the first line"));
      return FALSE;
    }
  word = next_word (&p);
  if (word == NULL ||
      !g_ascii_string_to_signed (word, 10, 1, SESSION_VERSION, &version,
                                 NULL))
    {
      parse_error (parser, error,
                   _("not a session this version of SeqAck can read "
                     "(version '%s')"), word != NULL ? word : "");
      return FALSE;
    }
  parser->scenario->version = (guint) version;
  return no_more_words (parser, p, error);
}

static gboolean
parse_line (Parser  *parser,
            char    *line,
            GError **error)
{
  SeqackScenarioStep step = { SEQACK_STEP_UNTIMED, SEQACK_CLIENT, 0, };
  gboolean done;
  char *p;

  /* Version 1 sessions have whole-line comments only: a sent text may
   * hold a '#'. */
  line = g_strstrip (line);
  if (*line == '#')
    return TRUE;
  if (parser->scenario->version != 1)
    line = strip_comment (line);
  if (*line == '\0')
    return TRUE;

  {
    g_autofree char *copy = g_strdup (line);

    if (!parse_version (parser, copy, &done, error))
      return FALSE;
  }
  parser->seen_item = TRUE;
  if (done)
    return TRUE;

  if (!parse_header (parser, line, &done, error))
    return FALSE;
  if (done)
    return TRUE;

  {
    g_autofree char *copy = g_strdup (line);

    if (!parse_setting (parser, copy, &done, error))
      return FALSE;
  }
  if (done)
    return TRUE;

  step.line = parser->line;
  p = line;
  if (g_str_has_prefix (line, "at") && g_ascii_isspace (line[2]))
    {
      if (!parse_at (parser, line + 3, &step, error))
        {
          step_clear (&step);
          return FALSE;
        }
    }
  else if (!parse_step (parser, p, &step, error))
    {
      step_clear (&step);
      return FALSE;
    }

  g_array_append_val (parser->scenario->steps, step);
  return TRUE;
}

/* The line of byte @offset of @text. */
static guint
line_of (const char *text,
         gsize       offset)
{
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    if (text[i] == '\n')
      line++;
  return line;
}

/* Parses @len bytes of @text. With @errors, every line's error is added
 * to it and parsing goes on; otherwise the first one is returned. */
static SeqackScenario *
scenario_parse (const char  *text,
                gssize       len,
                const char  *origin,
                GPtrArray   *errors,
                GError     **error)
{
  g_autoptr(SeqackScenario) scenario = NULL;
  g_auto(GStrv) lines = NULL;
  const char *end = NULL;
  const char *nul;
  Parser parser = { 0 };

  if (len < 0)
    len = (gssize) strlen (text);

  scenario = scenario_new (origin);
  parser.scenario = scenario;
  parser.origin = origin;

  /* Binary junk: one error at its first bad byte, not one per line. A
   * NUL, bytes that are not UTF-8, or control characters other than
   * tabs and line ends. */
  nul = memchr (text, '\0', (gsize) len);
  if (g_utf8_validate (text, nul != NULL ? nul - text : len, &end))
    for (const char *p = text; p < end; p++)
      if (((guchar) *p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') ||
          *p == 0x7f)
        {
          end = p;
          break;
        }
  if (end < text + len)
    {
      GError *local = NULL;

      parser.line = line_of (text, (gsize) (end - text));
      parse_error (&parser, &local, _("not a text file (binary data)"));
      if (errors != NULL)
        g_ptr_array_add (errors, g_strdup (local->message));
      g_propagate_error (error, local);
      return NULL;
    }

  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      GError *local = NULL;

      parser.line = i + 1;
      if (parse_line (&parser, lines[i], &local))
        continue;
      if (errors == NULL)
        {
          g_propagate_error (error, local);
          return NULL;
        }
      g_ptr_array_add (errors, g_strdup (local->message));
      if (error != NULL && *error == NULL)
        g_propagate_error (error, local);
      else
        g_error_free (local);
    }

  if (errors != NULL && errors->len > 0)
    return NULL;

  if (scenario->name == NULL)
    scenario->name = g_strdup (origin != NULL ? origin : "");

  return g_steal_pointer (&scenario);
}

SeqackScenario *
seqack_scenario_parse (const char  *text,
                       const char  *origin,
                       GError     **error)
{
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return scenario_parse (text, -1, origin, NULL, error);
}

static SeqackScenario *
scenario_load (const char  *path,
               GPtrArray   *errors,
               GError     **error)
{
  g_autofree char *text = NULL;
  gsize len = 0;
  GError *local = NULL;

  if (!g_file_get_contents (path, &text, &len, &local))
    {
      if (errors != NULL)
        g_ptr_array_add (errors, g_strdup (local->message));
      g_set_error_literal (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                           local->message);
      g_error_free (local);
      return NULL;
    }

  return scenario_parse (text, (gssize) len, path, errors, error);
}

SeqackScenario *
seqack_scenario_load (const char  *path,
                      GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return scenario_load (path, NULL, error);
}

char **
seqack_scenario_check (const char *path)
{
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(SeqackScenario) scenario = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  scenario = scenario_load (path, errors, NULL);
  if (scenario != NULL)
    {
      g_autoptr(SeqackLab) lab = NULL;
      g_autoptr(GError) error = NULL;
      SeqackLabConfig config;

      /* Parsed fine: a dry run finds the steps the lab refuses. */
      seqack_lab_config_init (&config);
      seqack_scenario_apply_config (scenario, &config);
      lab = seqack_lab_new (&config);
      if (!seqack_scenario_run (scenario, lab, &error))
        g_ptr_array_add (errors, g_strdup (error->message));
    }

  g_ptr_array_add (errors, NULL);
  return (char **) g_ptr_array_steal (errors, NULL);
}

/* Reading */

const char *
seqack_scenario_get_name (SeqackScenario *scenario)
{
  g_return_val_if_fail (scenario != NULL, NULL);

  return scenario->name;
}

/* The text in the user's language, else the untranslated one, or NULL. */
static const char *
translated (GArray *texts)
{
  const char *const *langs = g_get_language_names ();

  for (guint l = 0; langs[l] != NULL; l++)
    for (guint i = 0; i < texts->len; i++)
      {
        Translation *t = &g_array_index (texts, Translation, i);

        if (t->lang != NULL && strcmp (t->lang, langs[l]) == 0)
          return t->text;
      }

  for (guint i = 0; i < texts->len; i++)
    {
      Translation *t = &g_array_index (texts, Translation, i);

      if (t->lang == NULL)
        return t->text;
    }

  return NULL;
}

const char *
seqack_scenario_get_title (SeqackScenario *scenario)
{
  const char *title;

  g_return_val_if_fail (scenario != NULL, NULL);

  title = translated (scenario->titles);
  return title != NULL ? title : scenario->name;
}

const char *
seqack_scenario_get_description (SeqackScenario *scenario)
{
  const char *description;

  g_return_val_if_fail (scenario != NULL, NULL);

  description = translated (scenario->descriptions);
  return description != NULL ? description : "";
}

guint
seqack_scenario_get_n_steps (SeqackScenario *scenario)
{
  g_return_val_if_fail (scenario != NULL, 0);

  return scenario->steps->len;
}

const SeqackScenarioStep *
seqack_scenario_get_step (SeqackScenario *scenario,
                          guint           index)
{
  g_return_val_if_fail (scenario != NULL, NULL);
  g_return_val_if_fail (index < scenario->steps->len, NULL);

  return &g_array_index (scenario->steps, SeqackScenarioStep, index);
}

gboolean
seqack_scenario_is_session (SeqackScenario *scenario)
{
  g_return_val_if_fail (scenario != NULL, FALSE);

  return scenario->version > 0;
}

void
seqack_scenario_apply_config (SeqackScenario  *scenario,
                              SeqackLabConfig *config)
{
  g_return_if_fail (scenario != NULL);
  g_return_if_fail (config != NULL);

  if (scenario->settings & SCENARIO_HAS_SEED)
    config->seed = scenario->seed;
  if (scenario->settings & SCENARIO_HAS_LATENCY)
    config->latency = scenario->latency;
  if (scenario->settings & SCENARIO_HAS_LOSS)
    config->loss_rate = scenario->loss_ppm / 1e6;
  if (scenario->settings & SCENARIO_HAS_MSL)
    config->tcp.msl = scenario->msl;
  if (scenario->settings & SCENARIO_HAS_RTO_MIN)
    config->tcp.linux_rto_min = scenario->linux_rto_min;
}

void
_seqack_scenario_append (SeqackScenario *scenario,
                         gint64          t,
                         guint           side,
                         SeqackAction    action,
                         gint64          number,
                         const char     *text)
{
  SeqackScenarioStep step = { 0 };

  step.t = t;
  step.host = side;
  step.action = action;
  step.number = number;
  step.text = action == SEQACK_ACTION_SEND ? g_strdup (text) : NULL;
  g_array_append_val (scenario->steps, step);
}

/* Running */

static gboolean
step_waits_for_quiet (const SeqackScenarioStep *step)
{
  if (step->with || step->t != SEQACK_STEP_UNTIMED)
    return FALSE;

  switch (step->action)
    {
    /* Wire tricks (the lab's wire controls) act at once, like the
     * buttons: "client drop-next" drops whatever the client sends next,
     * even an ACK owed to a segment still in flight. A pause waits like
     * any other step, so "pause 0" settles the wire before a trick. */
    case SEQACK_ACTION_DROP_NEXT:
    case SEQACK_ACTION_DELAY_NEXT:
    case SEQACK_ACTION_STALE_SYN:
    case SEQACK_ACTION_SET_LOSS:
    case SEQACK_ACTION_SET_LATENCY:
    case SEQACK_ACTION_SET_MSL:
    case SEQACK_ACTION_SET_RCVBUF:
    case SEQACK_ACTION_SET_MSS:
    case SEQACK_ACTION_SET_IW10:
    case SEQACK_ACTION_SET_NAGLE:
    case SEQACK_ACTION_SET_SYNCOOKIES:
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
  const SeqackScenarioStep *step;
  GError *local_error = NULL;

  g_return_val_if_fail (scenario != NULL, FALSE);
  g_return_val_if_fail (index < scenario->steps->len, FALSE);
  g_return_val_if_fail (lab != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  step = &g_array_index (scenario->steps, SeqackScenarioStep, index);

  /* A step waits until no segment is on the wire or owed (a pending
   * retransmission); a skip-wait only for the wire, since the timers are
   * what it skips to. */
  if (step->t > seqack_lab_get_now (lab))
    seqack_lab_run_until (lab, step->t);
  else if (step_waits_for_quiet (step))
    {
      if (step->action == SEQACK_ACTION_SKIP_WAIT)
        seqack_lab_run_until_quiet (lab, QUIET_LIMIT);
      else
        seqack_lab_run_until_settled (lab, QUIET_LIMIT);
    }

  /* A skip-wait with nothing to skip to is not an error: the script just
   * goes on. */
  if (seqack_lab_perform (lab, step->host, step->action, step->number,
                          step->text, &local_error) ||
      local_error == NULL)
    return TRUE;

  if (step->line > 0)
    set_line_error (error, scenario->origin, step->line,
                    local_error->domain == SEQACK_ERROR
                    ? (SeqackError) local_error->code
                    : SEQACK_ERROR_INVALID_ARGUMENT,
                    "%s", local_error->message);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  g_clear_error (&local_error);

  return FALSE;
}

gboolean
_seqack_scenario_run_steps (SeqackScenario  *scenario,
                            SeqackLab       *lab,
                            GError         **error)
{
  if (scenario->base != NULL)
    {
      g_autoptr(SeqackScenario) base = NULL;

      base = seqack_scenario_builtin (scenario->base, error);
      if (base == NULL || !seqack_scenario_run (base, lab, error))
        return FALSE;
    }

  for (guint i = 0; i < scenario->steps->len; i++)
    if (!seqack_scenario_run_step (scenario, i, lab, error))
      return FALSE;

  return TRUE;
}

gboolean
seqack_scenario_run (SeqackScenario  *scenario,
                     SeqackLab       *lab,
                     GError         **error)
{
  g_return_val_if_fail (scenario != NULL, FALSE);
  g_return_val_if_fail (lab != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_seqack_scenario_run_steps (scenario, lab, error))
    return FALSE;

  seqack_lab_run_until_idle (lab, QUIET_LIMIT);

  return TRUE;
}

/* Writing */

/* µs as seconds, exactly: "0.04", "2", "1.000001". */
static void
append_seconds (GString *out,
                gint64   usec)
{
  g_string_append_printf (out, "%" G_GINT64_FORMAT, usec / 1000000);
  if (usec % 1000000 != 0)
    {
      gsize len;

      g_string_append_printf (out, ".%06" G_GINT64_FORMAT, usec % 1000000);
      len = out->len;
      while (out->str[len - 1] == '0')
        len--;
      g_string_truncate (out, len);
    }
}

/* A text that reads back the same unquoted: no blanks at the ends, no
 * '#', no quote first, no control characters. */
static gboolean
text_is_plain (const char *text)
{
  gsize len = strlen (text);

  if (len == 0 || text[0] == '"' || g_ascii_isspace (text[0]) ||
      g_ascii_isspace (text[len - 1]) || strchr (text, '#') != NULL)
    return FALSE;
  for (const char *p = text; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return TRUE;
}

static void
append_text (GString    *out,
             const char *text)
{
  if (text_is_plain (text))
    {
      g_string_append (out, text);
      return;
    }

  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    switch (*p)
      {
      case '"':
      case '\\':
        g_string_append_c (out, '\\');
        g_string_append_c (out, *p);
        break;
      case '\n':
        g_string_append (out, "\\n");
        break;
      case '\t':
        g_string_append (out, "\\t");
        break;
      case '\r':
        g_string_append (out, "\\r");
        break;
      default:
        if ((guchar) *p < 0x20 || *p == 0x7f)
          g_string_append_printf (out, "\\%03o", (guchar) *p);
        else
          g_string_append_c (out, *p);
        break;
      }
  g_string_append_c (out, '"');
}

static void
append_step (GString                  *out,
             const SeqackScenarioStep *step)
{
  if (step->t != SEQACK_STEP_UNTIMED)
    {
      g_string_append (out, "at ");
      append_seconds (out, step->t);
      g_string_append_c (out, ' ');
    }
  else if (step->with)
    g_string_append (out, "with ");

  switch (step->action)
    {
    case SEQACK_ACTION_SET_LOSS:
      g_string_append (out, "set loss ");
      append_seconds (out, step->number); /* ppm: six decimals too */
      break;
    case SEQACK_ACTION_SET_LATENCY:
      g_string_append (out, "set latency ");
      append_seconds (out, step->number);
      break;
    case SEQACK_ACTION_SET_MSL:
      g_string_append (out, "set msl ");
      append_seconds (out, step->number);
      break;
    case SEQACK_ACTION_SET_RCVBUF:
      g_string_append_printf (out, "set rcvbuf %" G_GINT64_FORMAT,
                              step->number);
      break;
    case SEQACK_ACTION_SET_MSS:
      g_string_append_printf (out, "set mss %" G_GINT64_FORMAT,
                              step->number);
      break;
    case SEQACK_ACTION_SET_IW10:
    case SEQACK_ACTION_SET_NAGLE:
      g_string_append_printf (out, "set %s %s",
                              step->action == SEQACK_ACTION_SET_IW10
                              ? "iw10" : "nagle",
                              step->number ? "on" : "off");
      break;
    case SEQACK_ACTION_SET_SYNCOOKIES:
      g_string_append_printf (out, "set syncookies %s",
                              seqack_lab_syn_cookies_name (
                                (guint) step->number));
      break;
    case SEQACK_ACTION_ADD_CLIENT:
      g_string_append (out, "add-client");
      break;
    case SEQACK_ACTION_FLOOD:
      if (step->number > 0)
        g_string_append_printf (out, "flood on %" G_GINT64_FORMAT,
                                step->number);
      else
        g_string_append (out, "flood off");
      break;
    case SEQACK_ACTION_ACCEPT_OFF:
    case SEQACK_ACTION_ACCEPT_ON:
      g_string_append_printf (out, "%s accept %s",
                              seqack_host_name (step->host),
                              step->action == SEQACK_ACTION_ACCEPT_ON
                              ? "on" : "off");
      break;
    case SEQACK_ACTION_READ_OFF:
    case SEQACK_ACTION_READ_ON:
      g_string_append_printf (out, "%s read %s",
                              seqack_host_name (step->host),
                              step->action == SEQACK_ACTION_READ_ON
                              ? "on" : "off");
      break;
    case SEQACK_ACTION_SKIP_WAIT:
    case SEQACK_ACTION_PAUSE:
      g_string_append (out, seqack_action_name (step->action));
      if (step->action == SEQACK_ACTION_PAUSE)
        {
          g_string_append_c (out, ' ');
          append_seconds (out, step->number);
        }
      break;
    default:
      g_string_append_printf (out, "%s %s", seqack_host_name (step->host),
                              seqack_action_name (step->action));
      if (step->action == SEQACK_ACTION_SEND)
        {
          g_string_append_c (out, ' ');
          append_text (out, step->text);
        }
      else if (step->action == SEQACK_ACTION_DELAY_NEXT)
        {
          g_string_append_c (out, ' ');
          append_seconds (out, step->number);
        }
      else if (step->action == SEQACK_ACTION_SEND_BYTES ||
               step->action == SEQACK_ACTION_READ ||
               step->action == SEQACK_ACTION_ACCEPT)
        g_string_append_printf (out, " %" G_GINT64_FORMAT, step->number);
      else if (step->action == SEQACK_ACTION_CONNECT && step->number == 1)
        g_string_append (out, " new-port");
      else if (step->action == SEQACK_ACTION_LISTEN && step->number > 0)
        g_string_append_printf (out, " backlog %" G_GINT64_FORMAT,
                                step->number);
      else if (step->action == SEQACK_ACTION_SELECT)
        {
          if (step->number == 0)
            g_string_append (out, " listener");
          else
            g_string_append_printf (out, " %" G_GINT64_FORMAT, step->number);
        }
      break;
    }
  g_string_append_c (out, '\n');
}

static void
append_translations (GString    *out,
                     const char *key,
                     GArray     *texts)
{
  for (guint i = 0; i < texts->len; i++)
    {
      Translation *t = &g_array_index (texts, Translation, i);

      if (t->lang != NULL)
        g_string_append_printf (out, "%s[%s]: %s\n", key, t->lang, t->text);
      else
        g_string_append_printf (out, "%s: %s\n", key, t->text);
    }
}

char *
_seqack_scenario_to_session (SeqackScenario *s)
{
  GString *out = g_string_new (NULL);
  SeqackLabConfig config;

  /* Every setting is written, so a replay does not depend on defaults. */
  seqack_lab_config_init (&config);
  seqack_scenario_apply_config (s, &config);

  g_string_append_printf (out, "seqack-session %d\n", SESSION_VERSION);
  g_string_append (out, "# A SeqAck session: a scenario with the lab's "
                        "seed and settings and the exact time of each "
                        "step (data/scenarios/README.md)\n");
  if (s->name != NULL && *s->name != '\0')
    g_string_append_printf (out, "name: %s\n", s->name);
  append_translations (out, "title", s->titles);
  append_translations (out, "description", s->descriptions);
  g_string_append_printf (out, "seed %" G_GUINT64_FORMAT "\n", config.seed);
  g_string_append (out, "latency ");
  append_seconds (out, config.latency);
  g_string_append (out, "\nloss ");
  append_seconds (out, (gint64) llround (config.loss_rate * 1e6));
  g_string_append (out, "\nmsl ");
  append_seconds (out, config.tcp.msl);
  g_string_append_printf (out, "\nrto-min %s",
                          config.tcp.linux_rto_min ? "linux" : "rfc");
  g_string_append_printf (out, "\nabsolute %s\n",
                          s->absolute ? "true" : "false");
  g_string_append_printf (out, "letters %s\n",
                          s->letters ? "true" : "false");
  if (s->base != NULL)
    g_string_append_printf (out, "scenario %s\n", s->base);

  for (guint i = 0; i < s->steps->len; i++)
    append_step (out, &g_array_index (s->steps, SeqackScenarioStep, i));

  return g_string_free (out, FALSE);
}

/* The built-ins */

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

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_strv_contains ((const char *const *) builtin_names, name))
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

  return scenario_parse (g_bytes_get_data (bytes, NULL),
                         (gssize) g_bytes_get_size (bytes), name, NULL,
                         error);
}
