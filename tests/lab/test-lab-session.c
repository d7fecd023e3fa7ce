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

#define MS(x) ((gint64) (x) * 1000)
#define SEC(x) ((gint64) (x) * SEQACK_USEC_PER_SEC)
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

/* The bytes @side sent, as one string. */
static char *
lab_data (SeqackTrace *trace,
          SeqackSide   side)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_ACTION && ev->side == side &&
          ev->from == SEQACK_ACTION_SEND)
        {
          gsize len = 0;
          const guint8 *data = seqack_trace_get_data (trace, i, &len);

          g_string_append_len (out, (const char *) data, len);
        }
    }
  return g_string_free (out, FALSE);
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

/* Saved, edited by hand as a teacher would (a text changed, a line
 * removed, a step without a time added), opened and run again. */
static void
test_session_edited_by_hand (void)
{
  g_autoptr(SeqackSession) session = new_session ();
  g_autoptr(SeqackLab) lab = new_lab (session);
  g_autoptr(SeqackSession) edited = NULL;
  g_autoptr(SeqackLab) replayed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *data = NULL;
  GString *changed;
  g_auto(GStrv) lines = NULL;

  run_lesson (session, lab);
  text = seqack_session_to_string (session);
  /* The saved form reads like a scenario: seconds and plain words. */
  g_assert_true (g_str_has_prefix (text, "seqack-session 2\n"));
  g_assert_nonnull (strstr (text, "\nlatency 0.02\n"));
  g_assert_nonnull (strstr (text, "\nmsl 2\n"));
  g_assert_nonnull (strstr (text, " client send \"hello\\n\\\"world\\\" #1\"\n"));
  g_assert_nonnull (strstr (text, " set latency 0.05\n"));

  changed = g_string_new (NULL);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], " client send ") != NULL)
        g_string_append (changed, "at 0.1 client send 你好 # edited\n");
      else if (strstr (lines[i], "drop-next") != NULL)
        continue;   /* no lost FIN this time */
      else if (strstr (lines[i], "skip-wait") != NULL)
        continue;
      else if (strstr (lines[i], "set latency") != NULL)
        /* Untimed: it waits for a quiet wire, then the timed steps go
         * on at their times. */
        g_string_append_printf (changed, "server send bye\n%s\n",
                                lines[i]);
      else if (lines[i][0] != '\0')
        g_string_append_printf (changed, "%s\n", lines[i]);
    }
  g_free (text);
  text = g_string_free (changed, FALSE);

  edited = seqack_session_parse (text, &error);
  g_assert_no_error (error);
  replayed = seqack_session_replay (edited, &error);
  g_assert_no_error (error);
  data = lab_data (seqack_lab_get_trace (replayed), SEQACK_CLIENT);
  g_assert_cmpstr (data, ==, "你好");
  g_free (data);
  data = lab_data (seqack_lab_get_trace (replayed), SEQACK_SERVER);
  g_assert_cmpstr (data, ==, "bye");
  /* A saved session stops where it was saved; the rest is still due. */
  g_assert_true (seqack_lab_run_until_idle (replayed, 1000 * QUIET_LIMIT));
  g_assert_cmpint (seqack_lab_get_state (replayed, SEQACK_SERVER), ==,
                   SEQACK_TCP_CLOSED);
  /* No drop-next line: nothing was lost. */
  for (guint i = 0;
       i < seqack_trace_get_n_events (seqack_lab_get_trace (replayed)); i++)
    g_assert_cmpuint (seqack_trace_get_event (seqack_lab_get_trace (replayed),
                                              i)->fate, !=,
                      SEQACK_FATE_LOST);
}

/* A version 1 file, as SeqAck wrote them before sessions were scenarios:
 * µs, parts per million, '-' for no side, escaped text, '#' in a text. */
static void
test_session_version_1_opens (void)
{
  static const char v1[] =
    "# SeqAck session: seed, wire settings and the user's actions\n"
    "seqack-session 1\n"
    "seed 7\n"
    "latency 20000\n"
    "loss 0\n"
    "msl 2000000\n"
    "absolute true\n"
    "letters false\n"
    "at 0 server listen\n"
    "at 0 client connect\n"
    "at 60000 client send hello\\t\\344\\275\\240 #1\n"
    "at 100000 - set-loss 0\n"
    "at 100000 client delay-next 30000\n";
  g_autoptr(SeqackSession) session = NULL;
  g_autoptr(SeqackLab) lab = NULL;
  g_autoptr(GError) error = NULL;
  const SeqackSessionStep *step;
  SeqackLabConfig config;

  session = seqack_session_parse (v1, &error);
  g_assert_no_error (error);
  g_assert_true (seqack_session_get_absolute (session));
  seqack_session_get_config (session, &config);
  g_assert_cmpint (config.seed, ==, 7);
  g_assert_cmpint (config.tcp.msl, ==, SEC (2));
  g_assert_cmpuint (seqack_session_get_n_steps (session), ==, 5);
  step = seqack_session_get_step (session, 2);
  g_assert_cmpint (step->t, ==, MS (60));
  g_assert_cmpstr (step->text, ==, "hello\t你 #1");
  step = seqack_session_get_step (session, 4);
  g_assert_cmpint (step->action, ==, SEQACK_ACTION_DELAY_NEXT);
  g_assert_cmpint (step->number, ==, MS (30));

  lab = seqack_session_replay (session, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seqack_lab_get_now (lab), ==, MS (100));
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
}

/* A scenario file opens as a session (the window's Open…) and runs to
 * its end, as `seqack-cli run` runs it; bad files say which line. */
static void
test_session_opens_scenario (void)
{
  g_autoptr(SeqackSession) session = NULL;
  g_autoptr(SeqackLab) lab = NULL;
  g_autoptr(GError) error = NULL;

  session = seqack_session_parse ("name: mine\n"
                                  "msl 1\n"
                                  "server listen\n"
                                  "client connect\n"
                                  "client close\n"
                                  "server close\n", &error);
  g_assert_no_error (error);
  lab = seqack_session_replay (session, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_CLOSED);
  /* TIME-WAIT (2 × the file's MSL) ran out. */
  g_assert_cmpint (seqack_lab_get_now (lab), >=, SEC (2));
  g_assert_cmpint (seqack_lab_next_event_time (lab), ==, SEQACK_NO_DEADLINE);

  g_clear_pointer (&session, seqack_session_free);
  session = seqack_session_parse ("server listen\nclient dance\n", &error);
  g_assert_null (session);
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED);
  g_assert_cmpstr (error->message, ==, "line 2: unknown action 'dance'");
}

/* Listen, connect and the handshake: where the teacher stands before
 * pressing the wrong buttons. With @drop, Drop next is pressed too. */
static SeqackLab *
run_to_established (SeqackSession *session,
                    gboolean       drop)
{
  SeqackLab *lab = new_lab (session);

  perform (session, lab, SEQACK_SERVER, SEQACK_ACTION_LISTEN, 0, NULL);
  perform (session, lab, SEQACK_CLIENT, SEQACK_ACTION_CONNECT, 0, NULL);
  seqack_lab_run_until_quiet (lab, QUIET_LIMIT);
  /* Some virtual time passes before the next press, as on screen. */
  seqack_lab_run_until (lab, seqack_lab_get_now (lab) + MS (300));
  if (drop)
    perform (session, lab, SEQACK_CLIENT, SEQACK_ACTION_DROP_NEXT, 0, NULL);
  return lab;
}

/* Drop next, Close and what they cause (a lost FIN, its retransmission). */
static void
drop_and_close (SeqackSession *session,
                SeqackLab     *lab)
{
  perform (session, lab, SEQACK_CLIENT, SEQACK_ACTION_DROP_NEXT, 0, NULL);
  perform (session, lab, SEQACK_CLIENT, SEQACK_ACTION_CLOSE, 0, NULL);
  seqack_lab_run_until_quiet (lab, QUIET_LIMIT);
  seqack_lab_run_until (lab, seqack_lab_get_now (lab) + 1500000);
  seqack_lab_run_until_quiet (lab, QUIET_LIMIT);
}

static void
assert_same_lab (SeqackLab *a,
                 SeqackLab *b)
{
  assert_same_trace (seqack_lab_get_trace (a), seqack_lab_get_trace (b));
  g_assert_cmpint (seqack_lab_get_now (a), ==, seqack_lab_get_now (b));
  g_assert_cmpint (seqack_lab_next_event_time (a), ==,
                   seqack_lab_next_event_time (b));
  for (SeqackSide side = SEQACK_CLIENT; side <= SEQACK_SERVER; side++)
    g_assert_cmpint (seqack_lab_get_state (a, side), ==,
                     seqack_lab_get_state (b, side));
}

static void
test_session_undo_redo (void)
{
  g_autoptr(SeqackSession) session = new_session ();
  g_autoptr(SeqackSession) before_session = new_session ();
  g_autoptr(SeqackSession) armed_session = new_session ();
  g_autoptr(SeqackLab) lab = run_to_established (session, FALSE);
  g_autoptr(SeqackLab) before = run_to_established (before_session, FALSE);
  g_autoptr(SeqackLab) armed = run_to_established (armed_session, TRUE);
  g_autoptr(SeqackLab) undone_close = NULL;
  g_autoptr(SeqackLab) undone_both = NULL;
  g_autoptr(SeqackSession) closed_session = new_session ();
  g_autoptr(SeqackLab) closed = run_to_established (closed_session, FALSE);
  g_autoptr(GError) error = NULL;
  guint lost = 0;
  guint changes;

  g_assert_false (seqack_session_can_redo (session));
  drop_and_close (session, lab);
  drop_and_close (closed_session, closed);
  for (guint i = 0; i < seqack_trace_get_n_events (seqack_lab_get_trace (lab));
       i++)
    if (seqack_trace_get_event (seqack_lab_get_trace (lab), i)->fate
          == SEQACK_FATE_LOST)
      lost++;
  g_assert_cmpuint (lost, ==, 1);
  g_assert_cmpuint (seqack_session_get_n_steps (session), ==, 4);
  g_assert_cmpint (seqack_session_peek_undo (session)->action, ==,
                   SEQACK_ACTION_CLOSE);

  /* Undo Close: the lab as it was when Close was pressed. */
  changes = seqack_session_get_changes (session);
  undone_close = seqack_session_undo (session, &error);
  g_assert_no_error (error);
  g_assert_nonnull (undone_close);
  g_assert_cmpuint (seqack_session_get_changes (session), >, changes);
  assert_same_lab (undone_close, armed);
  g_assert_true (seqack_session_can_redo (session));
  g_assert_cmpint (seqack_session_peek_redo (session)->action, ==,
                   SEQACK_ACTION_CLOSE);

  /* Undo Drop next too: exactly the earlier trace, event for event. */
  undone_both = seqack_session_undo (session, &error);
  g_assert_no_error (error);
  assert_same_lab (undone_both, before);
  g_assert_cmpuint (seqack_session_get_n_steps (session), ==, 2);
  g_assert_cmpint (seqack_session_peek_redo (session)->action, ==,
                   SEQACK_ACTION_DROP_NEXT);

  /* Redo both: the same run as the first time. */
  g_assert_true (seqack_session_redo (session, undone_both, &error));
  g_assert_no_error (error);
  g_assert_true (seqack_session_redo (session, undone_both, &error));
  g_assert_no_error (error);
  g_assert_false (seqack_session_can_redo (session));
  seqack_lab_run_until_quiet (undone_both, QUIET_LIMIT);
  seqack_lab_run_until (undone_both,
                        seqack_lab_get_now (undone_both) + 1500000);
  seqack_lab_run_until_quiet (undone_both, QUIET_LIMIT);
  assert_same_lab (undone_both, closed);

  /* Undo down to nothing, then no further. */
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(SeqackLab) earlier = seqack_session_undo (session, &error);

      g_assert_no_error (error);
      g_assert_nonnull (earlier);
    }
  g_assert_false (seqack_session_can_undo (session));
  g_assert_null (seqack_session_peek_undo (session));
  g_assert_cmpuint (seqack_session_get_n_steps (session), ==, 0);
}

static void
test_session_new_action_forgets_redo (void)
{
  g_autoptr(SeqackSession) session = new_session ();
  g_autoptr(SeqackLab) lab = run_to_established (session, TRUE);
  g_autoptr(SeqackLab) earlier = NULL;
  g_autoptr(GError) error = NULL;

  earlier = seqack_session_undo (session, &error);
  g_assert_no_error (error);
  g_assert_true (seqack_session_can_redo (session));
  perform (session, earlier, SEQACK_SERVER, SEQACK_ACTION_SEND, 0, "hi");
  g_assert_false (seqack_session_can_redo (session));
  g_assert_null (seqack_session_peek_redo (session));
  g_assert_cmpint (seqack_session_peek_undo (session)->action, ==,
                   SEQACK_ACTION_SEND);
}

static void
test_session_redo_refused (void)
{
  g_autoptr(SeqackSession) session = new_session ();
  g_autoptr(SeqackLab) lab = new_lab (session);
  g_autoptr(SeqackLab) earlier = NULL;
  g_autoptr(GError) error = NULL;

  perform (session, lab, SEQACK_SERVER, SEQACK_ACTION_LISTEN, 0, NULL);
  perform (session, lab, SEQACK_SERVER, SEQACK_ACTION_CLOSE, 0, NULL);
  earlier = seqack_session_undo (session, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seqack_lab_get_state (earlier, SEQACK_SERVER), ==,
                   SEQACK_TCP_LISTEN);

  /* Closed by a lab call the session does not hold, the listener is
   * gone: Close again is refused and stays undone. */
  g_assert_true (seqack_lab_perform (earlier, SEQACK_SERVER,
                                     SEQACK_ACTION_CLOSE, 0, NULL, NULL));
  g_assert_false (seqack_session_redo (session, earlier, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_NO_CONNECTION);
  g_assert_true (seqack_session_can_redo (session));
  g_assert_cmpuint (seqack_session_get_n_steps (session), ==, 1);
}

static void
test_session_file_steps_stay (void)
{
  g_autoptr(SeqackSession) session = NULL;
  g_autoptr(SeqackLab) lab = NULL;
  g_autoptr(GError) error = NULL;

  /* A file's own steps are the file's, not an action to undo. */
  session = seqack_session_parse ("seqack-session 2\nseed 7\n"
                                  "at 0 server listen\n"
                                  "at 0 client connect\n", &error);
  g_assert_no_error (error);
  g_assert_false (seqack_session_can_undo (session));
  lab = seqack_session_replay (session, &error);
  g_assert_no_error (error);
  seqack_lab_run_until_quiet (lab, QUIET_LIMIT);
  perform (session, lab, SEQACK_CLIENT, SEQACK_ACTION_CLOSE, 0, NULL);
  g_assert_true (seqack_session_can_undo (session));
  g_clear_pointer (&lab, seqack_lab_free);
  lab = seqack_session_undo (session, &error);
  g_assert_no_error (error);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_false (seqack_session_can_undo (session));
  g_assert_cmpuint (seqack_session_get_n_steps (session), ==, 2);
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
  g_test_add_func ("/lab/session/edited-by-hand",
                   test_session_edited_by_hand);
  g_test_add_func ("/lab/session/version-1-opens",
                   test_session_version_1_opens);
  g_test_add_func ("/lab/session/opens-scenario",
                   test_session_opens_scenario);
  g_test_add_func ("/lab/session/undo-redo", test_session_undo_redo);
  g_test_add_func ("/lab/session/new-action-forgets-redo",
                   test_session_new_action_forgets_redo);
  g_test_add_func ("/lab/session/redo-refused", test_session_redo_refused);
  g_test_add_func ("/lab/session/file-steps-stay",
                   test_session_file_steps_stay);

  return g_test_run ();
}
