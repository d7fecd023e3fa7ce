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
  guint           n_fixed; /* the file's own steps: never undone */
  GArray         *undone;  /* SeqackSessionStep, the last undone last */
  guint           changes;
};

static void
step_clear (gpointer data)
{
  SeqackSessionStep *step = data;

  g_clear_pointer (&step->text, g_free);
}

static SeqackSession *
session_new_for (SeqackScenario *script)
{
  SeqackSession *session = g_new0 (SeqackSession, 1);

  session->script = script;
  session->n_fixed = seqack_scenario_get_n_steps (script);
  session->undone = g_array_new (FALSE, TRUE, sizeof (SeqackSessionStep));
  g_array_set_clear_func (session->undone, step_clear);
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
  g_array_unref (session->undone);
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
  return !seqack_action_is_lab_wide (action) &&
         action != SEQACK_ACTION_ADD_CLIENT;
}

static gboolean
perform (SeqackSession *session,
         SeqackLab     *lab,
         guint          side,
         SeqackAction   action,
         gint64         number,
         const char    *text,
         GError       **error)
{
  gint64 t;

  /* The time before the call: a skip-wait moves the clock itself. */
  t = seqack_lab_get_now (lab);
  if (!seqack_lab_perform (lab, side, action, number, text, error))
    return FALSE;

  _seqack_scenario_append (session->script, t,
                           action_has_side (action) ? side : SEQACK_CLIENT,
                           action, number, text);
  session->changes++;
  return TRUE;
}

gboolean
seqack_session_perform (SeqackSession *session,
                        SeqackLab     *lab,
                        guint          side,
                        SeqackAction   action,
                        gint64         number,
                        const char    *text,
                        GError       **error)
{
  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (lab != NULL, FALSE);
  g_return_val_if_fail (side < SEQACK_N_HOSTS, FALSE);

  if (!perform (session, lab, side, action, number, text, error))
    return FALSE;

  /* A new action: what was undone is no longer a future of this run. */
  g_array_set_size (session->undone, 0);
  return TRUE;
}

/* Undo and redo */

gboolean
seqack_session_can_undo (SeqackSession *session)
{
  g_return_val_if_fail (session != NULL, FALSE);

  return seqack_scenario_get_n_steps (session->script) > session->n_fixed;
}

gboolean
seqack_session_can_redo (SeqackSession *session)
{
  g_return_val_if_fail (session != NULL, FALSE);

  return session->undone->len > 0;
}

const SeqackSessionStep *
seqack_session_peek_undo (SeqackSession *session)
{
  guint n;

  g_return_val_if_fail (session != NULL, NULL);

  if (!seqack_session_can_undo (session))
    return NULL;
  n = seqack_scenario_get_n_steps (session->script);
  return seqack_scenario_get_step (session->script, n - 1);
}

const SeqackSessionStep *
seqack_session_peek_redo (SeqackSession *session)
{
  g_return_val_if_fail (session != NULL, NULL);

  if (session->undone->len == 0)
    return NULL;
  return &g_array_index (session->undone, SeqackSessionStep,
                         session->undone->len - 1);
}

SeqackLab *
seqack_session_undo (SeqackSession  *session,
                     GError        **error)
{
  g_autoptr(SeqackLab) lab = NULL;
  GArray *steps;
  SeqackSessionStep step;
  SeqackLabConfig config;

  g_return_val_if_fail (session != NULL, NULL);
  g_return_val_if_fail (seqack_session_can_undo (session), NULL);

  /* Take the step off without freeing its text: it moves to undone. */
  steps = session->script->steps;
  step = g_array_index (steps, SeqackSessionStep, steps->len - 1);
  g_array_index (steps, SeqackSessionStep, steps->len - 1).text = NULL;
  g_array_set_size (steps, steps->len - 1);

  /* The rest of the run, then the clock to where the action was made:
   * replaying step N makes the same run_until (t) before it, so this is
   * the lab the action was made on. (A scenario file's run until idle
   * before the user's first action covers the same events: the action
   * came after it.) */
  seqack_session_get_config (session, &config);
  lab = seqack_lab_new (&config);
  if (!_seqack_scenario_run_steps (session->script, lab, error))
    {
      g_array_append_val (steps, step);
      return NULL;
    }
  seqack_lab_run_until (lab, step.t);

  g_array_append_val (session->undone, step);
  session->changes++;
  return g_steal_pointer (&lab);
}

gboolean
seqack_session_redo (SeqackSession  *session,
                     SeqackLab      *lab,
                     GError        **error)
{
  const SeqackSessionStep *step;

  g_return_val_if_fail (session != NULL, FALSE);
  g_return_val_if_fail (lab != NULL, FALSE);
  g_return_val_if_fail (seqack_session_can_redo (session), FALSE);

  /* On the lab undo gave, this is the moment the action was first made;
   * on one stepped on since, the action is made now, as pressing the
   * button again would make it. */
  step = seqack_session_peek_redo (session);
  if (!perform (session, lab, step->host, step->action, step->number,
                step->text, error))
    return FALSE;

  g_array_set_size (session->undone, session->undone->len - 1);
  return TRUE;
}

guint
seqack_session_get_changes (SeqackSession *session)
{
  g_return_val_if_fail (session != NULL, 0);

  return session->changes;
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
