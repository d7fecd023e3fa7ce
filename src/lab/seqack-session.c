/* seqack-session.c: a lab run saved as a small text file.
 *
 * The format, one item per line, '#' starts a comment:
 *
 *   seqack-session 1
 *   seed 1234
 *   latency 20000           # µs, one way
 *   loss 0                  # parts per million
 *   msl 30000000            # µs
 *   absolute false
 *   letters false
 *   scenario hello-goodbye  # optional
 *   at 0 server listen      # µs, side ('-' for none), action [argument]
 *   at 0 client connect
 *   at 40000 client send hello\tworld   # text escaped as in C
 *   at 120000 - set-loss 100000
 *
 * Times are integers so a replay makes each call at exactly the same
 * virtual instant as the original run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "seqack-error.h"
#include "seqack-scenario.h"
#include "seqack-session.h"

#define FORMAT_VERSION 1
/* A replay never waits longer than this for a time in the file. */
#define MAX_REPLAY_TIME (24 * 3600 * SEQACK_USEC_PER_SEC)

struct _SeqackSession
{
  guint64   seed;
  gint64    latency;
  gint64    loss_ppm;
  gint64    msl;
  gboolean  absolute;
  gboolean  letters;
  char     *scenario;
  GArray   *steps;    /* SeqackSessionStep */
};

static void
step_clear (gpointer data)
{
  SeqackSessionStep *step = data;

  g_clear_pointer (&step->text, g_free);
}

SeqackSession *
seqack_session_new (guint64 seed,
                    gint64  latency,
                    double  loss_rate,
                    gint64  msl)
{
  SeqackSession *session = g_new0 (SeqackSession, 1);

  session->seed = seed;
  session->latency = latency;
  session->loss_ppm = (gint64) (CLAMP (loss_rate, 0.0, 1.0) * 1e6 + 0.5);
  session->msl = msl;
  session->steps = g_array_new (FALSE, TRUE, sizeof (SeqackSessionStep));
  g_array_set_clear_func (session->steps, step_clear);

  return session;
}

void
seqack_session_free (SeqackSession *session)
{
  if (session == NULL)
    return;

  g_array_unref (session->steps);
  g_free (session->scenario);
  g_free (session);
}

guint64
seqack_session_get_seed (SeqackSession *session)
{
  g_return_val_if_fail (session != NULL, 0);

  return session->seed;
}

void
seqack_session_get_config (SeqackSession   *session,
                           SeqackLabConfig *config)
{
  g_return_if_fail (session != NULL);
  g_return_if_fail (config != NULL);

  seqack_lab_config_init (config);
  config->seed = session->seed;
  config->latency = session->latency;
  config->loss_rate = session->loss_ppm / 1e6;
  config->tcp.msl = session->msl;
}

const char *
seqack_session_get_scenario (SeqackSession *session)
{
  g_return_val_if_fail (session != NULL, NULL);

  return session->scenario;
}

void
seqack_session_set_scenario (SeqackSession *session,
                             const char    *name)
{
  g_return_if_fail (session != NULL);

  g_free (session->scenario);
  session->scenario = g_strdup (name);
}

gboolean
seqack_session_get_absolute (SeqackSession *session)
{
  g_return_val_if_fail (session != NULL, FALSE);

  return session->absolute;
}

void
seqack_session_set_absolute (SeqackSession *session,
                             gboolean       absolute)
{
  g_return_if_fail (session != NULL);

  session->absolute = !!absolute;
}

gboolean
seqack_session_get_letters (SeqackSession *session)
{
  g_return_val_if_fail (session != NULL, FALSE);

  return session->letters;
}

void
seqack_session_set_letters (SeqackSession *session,
                            gboolean       letters)
{
  g_return_if_fail (session != NULL);

  session->letters = !!letters;
}

guint
seqack_session_get_n_steps (SeqackSession *session)
{
  g_return_val_if_fail (session != NULL, 0);

  return session->steps->len;
}

const SeqackSessionStep *
seqack_session_get_step (SeqackSession *session,
                         guint          index)
{
  g_return_val_if_fail (session != NULL, NULL);
  g_return_val_if_fail (index < session->steps->len, NULL);

  return &g_array_index (session->steps, SeqackSessionStep, index);
}

static gboolean
action_has_side (SeqackAction action)
{
  switch (action)
    {
    case SEQACK_ACTION_SET_LOSS:
    case SEQACK_ACTION_SET_LATENCY:
    case SEQACK_ACTION_SET_MSL:
    case SEQACK_ACTION_SKIP_WAIT:
      return FALSE;
    default:
      return TRUE;
    }
}

/* The one place an action reaches the lab, for the window and replays. */
static gboolean
apply (SeqackLab    *lab,
       SeqackSide    side,
       SeqackAction  action,
       gint64        number,
       const char   *text,
       GError      **error)
{
  switch (action)
    {
    case SEQACK_ACTION_LISTEN:
      return seqack_lab_listen (lab, side, error);
    case SEQACK_ACTION_CONNECT:
      return seqack_lab_connect (lab, side, error);
    case SEQACK_ACTION_SEND:
      return seqack_lab_send (lab, side, text != NULL ? text : "", error);
    case SEQACK_ACTION_CLOSE:
      return seqack_lab_close (lab, side, error);
    case SEQACK_ACTION_ABORT:
      return seqack_lab_abort (lab, side, error);
    case SEQACK_ACTION_DROP_NEXT:
      seqack_lab_drop_next (lab, side);
      return TRUE;
    case SEQACK_ACTION_DELAY_NEXT:
      seqack_lab_delay_next (lab, side, number);
      return TRUE;
    case SEQACK_ACTION_STALE_SYN:
      seqack_lab_stale_syn (lab, side);
      return TRUE;
    case SEQACK_ACTION_SET_LOSS:
      seqack_lab_set_loss_rate (lab, CLAMP (number, 0, 1000000) / 1e6);
      return TRUE;
    case SEQACK_ACTION_SET_LATENCY:
      seqack_lab_set_latency (lab, number);
      return TRUE;
    case SEQACK_ACTION_SET_MSL:
      seqack_lab_set_msl (lab, number);
      return TRUE;
    case SEQACK_ACTION_SKIP_WAIT:
      return seqack_lab_skip_wait (lab);
    case SEQACK_N_ACTIONS:
    default:
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   "unknown action %d", (int) action);
      return FALSE;
    }
}

gboolean
seqack_session_perform (SeqackSession *session,
                        SeqackLab     *lab,
                        SeqackSide     side,
                        SeqackAction   action,
                        gint64         number,
                        const char    *text,
                        GError       **error)
{
  SeqackSessionStep step = { 0 };

  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (lab != NULL, FALSE);
  g_return_val_if_fail (side == SEQACK_CLIENT || side == SEQACK_SERVER,
                        FALSE);

  /* The time before the call: a skip-wait moves the clock itself. */
  step.t = seqack_lab_get_now (lab);
  if (!apply (lab, side, action, number, text, error))
    return FALSE;

  step.side = action_has_side (action) ? side : SEQACK_CLIENT;
  step.action = action;
  step.number = number;
  step.text = action == SEQACK_ACTION_SEND ? g_strdup (text) : NULL;
  g_array_append_val (session->steps, step);

  return TRUE;
}

SeqackLab *
seqack_session_replay (SeqackSession *session,
                       GError       **error)
{
  g_autoptr(SeqackLab) lab = NULL;
  SeqackLabConfig config;

  g_return_val_if_fail (session != NULL, NULL);

  seqack_session_get_config (session, &config);
  lab = seqack_lab_new (&config);

  if (session->scenario != NULL)
    {
      g_autoptr(SeqackScenario) scenario = NULL;

      scenario = seqack_scenario_builtin (session->scenario, error);
      if (scenario == NULL || !seqack_scenario_run (scenario, lab, error))
        return NULL;
    }

  for (guint i = 0; i < session->steps->len; i++)
    {
      const SeqackSessionStep *step = seqack_session_get_step (session, i);

      if (step->t > seqack_lab_get_now (lab))
        seqack_lab_run_until (lab, step->t);
      if (!apply (lab, step->side, step->action, step->number, step->text,
                  error))
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                         _("Step %u (%s) had nothing to do on replay"),
                         i + 1, seqack_action_name (step->action));
          return NULL;
        }
    }

  return g_steal_pointer (&lab);
}

char *
seqack_session_to_string (SeqackSession *session)
{
  GString *out;

  g_return_val_if_fail (session != NULL, NULL);

  out = g_string_new ("# SeqAck session: seed, wire settings and the "
                      "user's actions\n");
  g_string_append_printf (out, "seqack-session %d\n", FORMAT_VERSION);
  g_string_append_printf (out, "seed %" G_GUINT64_FORMAT "\n", session->seed);
  g_string_append_printf (out, "latency %" G_GINT64_FORMAT "\n",
                          session->latency);
  g_string_append_printf (out, "loss %" G_GINT64_FORMAT "\n",
                          session->loss_ppm);
  g_string_append_printf (out, "msl %" G_GINT64_FORMAT "\n", session->msl);
  g_string_append_printf (out, "absolute %s\n",
                          session->absolute ? "true" : "false");
  g_string_append_printf (out, "letters %s\n",
                          session->letters ? "true" : "false");
  if (session->scenario != NULL)
    g_string_append_printf (out, "scenario %s\n", session->scenario);

  for (guint i = 0; i < session->steps->len; i++)
    {
      const SeqackSessionStep *step = seqack_session_get_step (session, i);

      g_string_append_printf (out, "at %" G_GINT64_FORMAT " %s %s",
                              step->t,
                              action_has_side (step->action)
                                ? seqack_side_name (step->side) : "-",
                              seqack_action_name (step->action));
      if (step->action == SEQACK_ACTION_SEND)
        {
          g_autofree char *escaped = g_strescape (step->text, NULL);

          g_string_append_printf (out, " %s", escaped);
        }
      else if (step->action == SEQACK_ACTION_SET_LOSS ||
               step->action == SEQACK_ACTION_SET_LATENCY ||
               step->action == SEQACK_ACTION_SET_MSL ||
               step->action == SEQACK_ACTION_DELAY_NEXT)
        g_string_append_printf (out, " %" G_GINT64_FORMAT, step->number);
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

static gboolean
parse_int (const char *str,
           gint64      min,
           gint64      max,
           gint64     *out)
{
  return g_ascii_string_to_signed (str, 10, min, max, out, NULL);
}

static gboolean
parse_bool (const char *str,
            gboolean   *out)
{
  if (g_str_equal (str, "true"))
    *out = TRUE;
  else if (g_str_equal (str, "false"))
    *out = FALSE;
  else
    return FALSE;
  return TRUE;
}

static gboolean
parse_step (SeqackSession *session,
            char          *line,
            guint          lineno,
            GError       **error)
{
  SeqackSessionStep step = { 0 };
  char *fields[4] = { NULL };
  char *p = line;
  guint n = 0;

  /* "at T SIDE ACTION [ARGUMENT...]": the argument is the rest. */
  while (n < 4 && *p != '\0')
    {
      while (*p == ' ')
        p++;
      if (*p == '\0')
        break;
      fields[n++] = p;
      if (n == 4)
        break;
      while (*p != ' ' && *p != '\0')
        p++;
      if (*p == ' ')
        *p++ = '\0';
    }

  if (n < 3 || !parse_int (fields[0], 0, MAX_REPLAY_TIME, &step.t))
    goto malformed;

  if (g_str_equal (fields[1], "client") || g_str_equal (fields[1], "-"))
    step.side = SEQACK_CLIENT;
  else if (g_str_equal (fields[1], "server"))
    step.side = SEQACK_SERVER;
  else
    goto malformed;

  if (!seqack_action_from_name (fields[2], &step.action))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                   _("line %u: unknown action “%s”"), lineno, fields[2]);
      return FALSE;
    }

  switch (step.action)
    {
    case SEQACK_ACTION_SEND:
      step.text = g_strcompress (fields[3] != NULL ? fields[3] : "");
      break;
    case SEQACK_ACTION_SET_LOSS:
    case SEQACK_ACTION_SET_LATENCY:
    case SEQACK_ACTION_SET_MSL:
    case SEQACK_ACTION_DELAY_NEXT:
      if (fields[3] == NULL ||
          !parse_int (fields[3], 0, MAX_REPLAY_TIME, &step.number))
        goto malformed;
      break;
    default:
      break;
    }

  g_array_append_val (session->steps, step);
  return TRUE;

malformed:
  g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
               _("line %u: expected “at TIME SIDE ACTION [ARGUMENT]”"),
               lineno);
  return FALSE;
}

SeqackSession *
seqack_session_parse (const char  *text,
                      GError     **error)
{
  g_autoptr(SeqackSession) session = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean seen_header = FALSE;

  g_return_val_if_fail (text != NULL, NULL);

  session = seqack_session_new (1, 20 * 1000, 0.0,
                                30 * SEQACK_USEC_PER_SEC);
  lines = g_strsplit (text, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      char *value;
      guint lineno = i + 1;
      gint64 number;

      /* Comments are whole lines, so a sent text may hold a '#'. */
      g_strstrip (line);
      if (*line == '\0' || *line == '#')
        continue;

      value = strchr (line, ' ');
      if (value != NULL)
        *value++ = '\0';
      else
        value = line + strlen (line);

      if (!seen_header)
        {
          if (!g_str_equal (line, "seqack-session") ||
              !parse_int (value, 1, FORMAT_VERSION, &number))
            {
              g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                           _("line %u: not a SeqAck session file"), lineno);
              return NULL;
            }
          seen_header = TRUE;
        }
      else if (g_str_equal (line, "seed"))
        {
          if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64,
                                           &session->seed, NULL))
            goto bad_value;
        }
      else if (g_str_equal (line, "latency"))
        {
          if (!parse_int (value, 0, MAX_REPLAY_TIME, &session->latency))
            goto bad_value;
        }
      else if (g_str_equal (line, "loss"))
        {
          if (!parse_int (value, 0, 1000000, &session->loss_ppm))
            goto bad_value;
        }
      else if (g_str_equal (line, "msl"))
        {
          if (!parse_int (value, 1, MAX_REPLAY_TIME, &session->msl))
            goto bad_value;
        }
      else if (g_str_equal (line, "absolute"))
        {
          if (!parse_bool (value, &session->absolute))
            goto bad_value;
        }
      else if (g_str_equal (line, "letters"))
        {
          if (!parse_bool (value, &session->letters))
            goto bad_value;
        }
      else if (g_str_equal (line, "scenario"))
        {
          if (*value == '\0')
            goto bad_value;
          seqack_session_set_scenario (session, value);
        }
      else if (g_str_equal (line, "at"))
        {
          if (!parse_step (session, value, lineno, error))
            return NULL;
        }
      else
        {
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                       _("line %u: unknown item “%s”"), lineno, line);
          return NULL;
        }
      continue;

    bad_value:
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                   _("line %u: bad value “%s” for “%s”"), lineno, value,
                   line);
      return NULL;
    }

  if (!seen_header)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                   _("Not a SeqAck session file"));
      return NULL;
    }

  return g_steal_pointer (&session);
}
