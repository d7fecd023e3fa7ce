/* seqack-session.c: a lab run saved as a small text file.
 *
 * A session keeps its run as a scenario (seqack-scenario-private.h), so
 * saving, opening and replaying use the scenario's one parser, writer and
 * runner, and every action reaches the lab through seqack_lab_perform().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "seqack-error.h"
#include "seqack-scenario-private.h"
#include "seqack-session.h"

struct _SeqackSession
{
  SeqackScenario *script;
};

static SeqackSession *
session_new_for (SeqackScenario *script)
{
  SeqackSession *session = g_new0 (SeqackSession, 1);

  session->script = script;
  return session;
}

SeqackSession *
seqack_session_new (guint64 seed,
                    gint64  latency,
                    double  loss_rate,
                    gint64  msl)
{
  SeqackScenario *script = _seqack_scenario_new_session ();

  script->settings = SCENARIO_HAS_SEED | SCENARIO_HAS_LATENCY |
                     SCENARIO_HAS_LOSS | SCENARIO_HAS_MSL;
  script->seed = seed;
  script->latency = latency;
  script->loss_ppm = (gint64) (CLAMP (loss_rate, 0.0, 1.0) * 1e6 + 0.5);
  script->msl = msl;

  return session_new_for (script);
}

void
seqack_session_free (SeqackSession *session)
{
  if (session == NULL)
    return;

  seqack_scenario_free (session->script);
  g_free (session);
}

void
seqack_session_get_config (SeqackSession   *session,
                           SeqackLabConfig *config)
{
  g_return_if_fail (session != NULL);
  g_return_if_fail (config != NULL);

  seqack_lab_config_init (config);
  seqack_scenario_apply_config (session->script, config);
}

void
seqack_session_set_linux_rto_min (SeqackSession *session,
                                  gboolean       linux_rto_min)
{
  g_return_if_fail (session != NULL);

  session->script->linux_rto_min = linux_rto_min;
  session->script->settings |= SCENARIO_HAS_RTO_MIN;
}

guint64
seqack_session_get_seed (SeqackSession *session)
{
  SeqackLabConfig config;

  g_return_val_if_fail (session != NULL, 0);

  seqack_session_get_config (session, &config);
  return config.seed;
}

void
seqack_session_set_scenario (SeqackSession *session,
                             const char    *name)
{
  g_return_if_fail (session != NULL);

  g_free (session->script->base);
  session->script->base = g_strdup (name);
}

gboolean
seqack_session_get_absolute (SeqackSession *session)
{
  g_return_val_if_fail (session != NULL, FALSE);

  return session->script->absolute;
}

void
seqack_session_set_absolute (SeqackSession *session,
                             gboolean       absolute)
{
  g_return_if_fail (session != NULL);

  session->script->absolute = !!absolute;
}

gboolean
seqack_session_get_letters (SeqackSession *session)
{
  g_return_val_if_fail (session != NULL, FALSE);

  return session->script->letters;
}

void
seqack_session_set_letters (SeqackSession *session,
                            gboolean       letters)
{
  g_return_if_fail (session != NULL);

  session->script->letters = !!letters;
}

guint
seqack_session_get_n_steps (SeqackSession *session)
{
  g_return_val_if_fail (session != NULL, 0);

  return seqack_scenario_get_n_steps (session->script);
}

const SeqackSessionStep *
seqack_session_get_step (SeqackSession *session,
                         guint          index)
{
  g_return_val_if_fail (session != NULL, NULL);

  return seqack_scenario_get_step (session->script, index);
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
    case SEQACK_ACTION_PAUSE:
      return FALSE;
    default:
      return TRUE;
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
  gint64 t;

  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (lab != NULL, FALSE);
  g_return_val_if_fail (side == SEQACK_CLIENT || side == SEQACK_SERVER,
                        FALSE);

  /* The time before the call: a skip-wait moves the clock itself. */
  t = seqack_lab_get_now (lab);
  if (!seqack_lab_perform (lab, side, action, number, text, error))
    return FALSE;

  _seqack_scenario_append (session->script, t,
                           action_has_side (action) ? side : SEQACK_CLIENT,
                           action, number, text);
  return TRUE;
}

SeqackLab *
seqack_session_replay (SeqackSession *session,
                       GError       **error)
{
  g_autoptr(SeqackLab) lab = NULL;
  SeqackLabConfig config;
  gboolean ok;

  g_return_val_if_fail (session != NULL, NULL);

  seqack_session_get_config (session, &config);
  lab = seqack_lab_new (&config);

  if (seqack_scenario_is_session (session->script))
    ok = _seqack_scenario_run_steps (session->script, lab, error);
  else
    ok = seqack_scenario_run (session->script, lab, error);

  return ok ? g_steal_pointer (&lab) : NULL;
}

char *
seqack_session_to_string (SeqackSession *session)
{
  g_return_val_if_fail (session != NULL, NULL);

  return _seqack_scenario_to_session (session->script);
}

SeqackSession *
seqack_session_parse (const char  *text,
                      GError     **error)
{
  g_autoptr(GError) local = NULL;
  SeqackScenario *script;

  g_return_val_if_fail (text != NULL, NULL);

  script = seqack_scenario_parse (text, NULL, &local);
  if (script == NULL)
    {
      /* A file that does not parse is malformed, whatever the line. */
      g_set_error_literal (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                           local->message);
      return NULL;
    }

  return session_new_for (script);
}
