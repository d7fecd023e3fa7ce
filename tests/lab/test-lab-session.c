/* test-lab-session.c: a saved session replays exactly, event for event,
 * and a refused action is not recorded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <string.h>

#include "seqack-error.h"
#include "seqack-session.h"

#define QUIET_LIMIT (10 * SEQACK_USEC_PER_SEC)

static SeqackSession *
new_session (void)
{
  return seqack_session_new (7, 20 * 1000, 0.0, 2 * SEQACK_USEC_PER_SEC);
}

static SeqackLab *
new_lab (SeqackSession *session)
{
  SeqackLabConfig config;

  seqack_session_get_config (session, &config);
  return seqack_lab_new (&config);
}

static void
perform (SeqackSession *session,
         SeqackLab     *lab,
         SeqackSide     side,
         SeqackAction   action,
         gint64         number,
         const char    *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (seqack_session_perform (session, lab, side, action, number,
                                         text, &error));
  g_assert_no_error (error);
}

/* listen, connect, "hello", a lost FIN, the close: the lesson's run. */
static void
run_lesson (SeqackSession *session,
            SeqackLab     *lab)
{
  perform (session, lab, SEQACK_SERVER, SEQACK_ACTION_LISTEN, 0, NULL);
  perform (session, lab, SEQACK_CLIENT, SEQACK_ACTION_CONNECT, 0, NULL);
  seqack_lab_run_until_quiet (lab, QUIET_LIMIT);
  perform (session, lab, SEQACK_CLIENT, SEQACK_ACTION_SEND, 0,
           "hello\n\"world\" #1");
  seqack_lab_run_until_quiet (lab, QUIET_LIMIT);
  perform (session, lab, SEQACK_CLIENT, SEQACK_ACTION_SET_LATENCY, 50000,
           NULL);
  perform (session, lab, SEQACK_CLIENT, SEQACK_ACTION_DROP_NEXT, 0, NULL);
  perform (session, lab, SEQACK_CLIENT, SEQACK_ACTION_CLOSE, 0, NULL);
  seqack_lab_run_until_quiet (lab, QUIET_LIMIT);
  /* Waits out the retransmission timer at its own pace. */
  seqack_lab_run_until (lab, seqack_lab_get_now (lab) + 1500000);
  seqack_lab_run_until_quiet (lab, QUIET_LIMIT);
  perform (session, lab, SEQACK_SERVER, SEQACK_ACTION_CLOSE, 0, NULL);
  seqack_lab_run_until_quiet (lab, QUIET_LIMIT);
  if (seqack_lab_next_event_time (lab) != SEQACK_NO_DEADLINE)
    perform (session, lab, SEQACK_CLIENT, SEQACK_ACTION_SKIP_WAIT, 0, NULL);
}

static void
assert_same_trace (SeqackTrace *a,
                   SeqackTrace *b)
{
  g_assert_cmpuint (seqack_trace_get_n_events (a), ==,
                    seqack_trace_get_n_events (b));

  for (guint i = 0; i < seqack_trace_get_n_events (a); i++)
    {
      const SeqackEvent *ea = seqack_trace_get_event (a, i);
      const SeqackEvent *eb = seqack_trace_get_event (b, i);
      gsize la, lb;
      const guint8 *da = seqack_trace_get_data (a, i, &la);
      const guint8 *db = seqack_trace_get_data (b, i, &lb);

      g_assert_cmpint (ea->t, ==, eb->t);
      g_assert_cmpint (ea->t2, ==, eb->t2);
      g_assert_cmpuint (ea->kind, ==, eb->kind);
      g_assert_cmpuint (ea->side, ==, eb->side);
      g_assert_cmpuint (ea->seq, ==, eb->seq);
      g_assert_cmpuint (ea->ack, ==, eb->ack);
      g_assert_cmpuint (ea->flags, ==, eb->flags);
      g_assert_cmpuint (ea->fate, ==, eb->fate);
      g_assert_cmpmem (da, la, db, lb);
    }
}

static void
test_session_replays_exactly (void)
{
  g_autoptr(SeqackSession) session = new_session ();
  g_autoptr(SeqackSession) parsed = NULL;
  g_autoptr(SeqackLab) lab = new_lab (session);
  g_autoptr(SeqackLab) replayed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *again = NULL;
  guint lost = 0;

  run_lesson (session, lab);

  /* The run really holds the lesson: a lost segment, for one. */
  for (guint i = 0; i < seqack_trace_get_n_events (seqack_lab_get_trace (lab));
       i++)
    if (seqack_trace_get_event (seqack_lab_get_trace (lab), i)->fate
          == SEQACK_FATE_LOST &&
        seqack_trace_get_event (seqack_lab_get_trace (lab), i)->kind
          == SEQACK_EVENT_SEGMENT)
      lost++;
  g_assert_cmpuint (lost, ==, 1);

  text = seqack_session_to_string (session);
  g_assert_nonnull (strstr (text, "at 0 server listen\n"));
  g_assert_nonnull (strstr (text, "seed 7\n"));

  parsed = seqack_session_parse (text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seqack_session_get_n_steps (parsed), ==,
                    seqack_session_get_n_steps (session));
  g_assert_cmpstr (seqack_session_get_step (parsed, 2)->text, ==,
                   "hello\n\"world\" #1");

  replayed = seqack_session_replay (parsed, &error);
  g_assert_no_error (error);
  assert_same_trace (seqack_lab_get_trace (lab),
                     seqack_lab_get_trace (replayed));

  /* Saving the parsed session gives the same text. */
  again = seqack_session_to_string (parsed);
  g_assert_cmpstr (text, ==, again);
}

static void
test_session_refused_action_not_recorded (void)
{
  g_autoptr(SeqackSession) session = new_session ();
  g_autoptr(SeqackLab) lab = new_lab (session);
  g_autoptr(GError) error = NULL;

  /* RFC 9293 §3.10.4: CLOSE in CLOSED is "connection does not exist". */
  g_assert_false (seqack_session_perform (session, lab, SEQACK_CLIENT,
                                          SEQACK_ACTION_CLOSE, 0, NULL,
                                          &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_NO_CONNECTION);
  g_assert_cmpuint (seqack_session_get_n_steps (session), ==, 0);
}

static void
test_session_parse_errors (void)
{
  static const struct
  {
    const char *text;
    const char *line;
  } cases[] = {
    { "hello\n", "line 1" },
    { "seqack-session 1\nseed banana\n", "line 2" },
    { "seqack-session 1\nat 0 client conect\n", "line 2" },
    { "seqack-session 1\n# fine\nat -5 client connect\n", "line 3" },
    { "seqack-session 1\nat 0 nobody connect\n", "line 2" },
    { "seqack-session 1\nat 0 - set-loss\n", "line 2" },
    { "seqack-session 9\n", "line 1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SeqackSession) session = NULL;

      session = seqack_session_parse (cases[i].text, &error);
      g_assert_null (session);
      g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED);
      g_assert_true (g_str_has_prefix (error->message, cases[i].line));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/session/replays-exactly",
                   test_session_replays_exactly);
  g_test_add_func ("/lab/session/refused-action-not-recorded",
                   test_session_refused_action_not_recorded);
  g_test_add_func ("/lab/session/parse-errors", test_session_parse_errors);

  return g_test_run ();
}
