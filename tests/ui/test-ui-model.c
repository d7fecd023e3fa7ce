/* test-ui-model.c: the UI's headless parts: sessions replay exactly, the
 * "why this number" line follows RFC 9293 §3.4, and a missing settings
 * schema never aborts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "seqack-explain.h"
#include "seqack-session.h"
#include "seqack-tcp-header.h"
#include "seqack-ui-settings.h"

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

/* The first segment of @side with exactly @flags (and @len bytes) at or
 * after @from. */
static guint
find_segment (SeqackTrace *trace,
              guint        from,
              SeqackSide   side,
              guint8       flags,
              guint32      len)
{
  for (guint i = from; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_SEGMENT && ev->side == side &&
          ev->flags == flags && ev->number == len)
        return i;
    }

  g_assert_not_reached ();
  return G_MAXUINT;
}

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” does not contain “%s”", haystack, needle);
}

static void
test_explain_handshake_and_data (void)
{
  g_autoptr(SeqackSession) session = new_session ();
  g_autoptr(SeqackLab) lab = new_lab (session);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *syn = NULL;
  g_autofree char *syn_ack = NULL;
  g_autofree char *ack = NULL;
  g_autofree char *data = NULL;
  g_autofree char *data_ack = NULL;
  g_autofree char *fin = NULL;
  g_autofree char *fin_ack = NULL;
  g_autofree char *syn_abs = NULL;
  guint i;

  perform (session, lab, SEQACK_SERVER, SEQACK_ACTION_LISTEN, 0, NULL);
  perform (session, lab, SEQACK_CLIENT, SEQACK_ACTION_CONNECT, 0, NULL);
  seqack_lab_run_until_quiet (lab, QUIET_LIMIT);
  perform (session, lab, SEQACK_CLIENT, SEQACK_ACTION_SEND, 0, "hello");
  seqack_lab_run_until_quiet (lab, QUIET_LIMIT);
  perform (session, lab, SEQACK_CLIENT, SEQACK_ACTION_CLOSE, 0, NULL);
  seqack_lab_run_until_quiet (lab, QUIET_LIMIT);

  i = find_segment (trace, 0, SEQACK_CLIENT, SEQACK_TCP_SYN, 0);
  syn = seqack_explain_segment (trace, i, FALSE);
  assert_contains (syn, "Seq = 0: the client's initial sequence number");
  assert_contains (syn, "No ACK flag");
  syn_abs = seqack_explain_seq (trace, i, TRUE);
  {
    char abs[32];

    g_snprintf (abs, sizeof abs, "Seq = %u:",
                seqack_trace_get_event (trace, i)->seq);
    assert_contains (syn_abs, abs);
  }

  /* "Ack = peer Seq 0 + 1 because SYN counts as one" (the issue). */
  i = find_segment (trace, i, SEQACK_SERVER,
                    SEQACK_TCP_SYN | SEQACK_TCP_ACK, 0);
  syn_ack = seqack_explain_ack (trace, i, FALSE);
  g_assert_cmpstr (syn_ack, ==,
                   "Ack = peer's Seq 0 + 1 = 1 because SYN counts as one");

  i = find_segment (trace, i, SEQACK_CLIENT, SEQACK_TCP_ACK, 0);
  ack = seqack_explain_seq (trace, i, FALSE);
  g_assert_cmpstr (ack, ==, "Seq = 0 + 1 = 1 because SYN counts as one");

  i = find_segment (trace, i, SEQACK_CLIENT,
                    SEQACK_TCP_PSH | SEQACK_TCP_ACK, 5);
  data = seqack_explain_seq (trace, i, FALSE);
  g_assert_cmpstr (data, ==,
                   "Seq = 0 + 1 = 1 because SYN counts as one");

  /* "Ack = 1 + 5 bytes of data = 6" */
  i = find_segment (trace, i, SEQACK_SERVER, SEQACK_TCP_ACK, 0);
  data_ack = seqack_explain_ack (trace, i, FALSE);
  g_assert_cmpstr (data_ack, ==,
                   "Ack = peer's Seq 1 + 5 bytes of data = 6");

  i = find_segment (trace, i, SEQACK_CLIENT,
                    SEQACK_TCP_FIN | SEQACK_TCP_ACK, 0);
  fin = seqack_explain_seq (trace, i, FALSE);
  g_assert_cmpstr (fin, ==, "Seq = 1 + 5 bytes of data = 6");

  i = find_segment (trace, i, SEQACK_SERVER, SEQACK_TCP_ACK, 0);
  fin_ack = seqack_explain_ack (trace, i, FALSE);
  g_assert_cmpstr (fin_ack, ==,
                   "Ack = peer's Seq 6 + 1 = 7 because FIN counts as one");
}

static void
test_settings_missing_schema (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *empty = g_dir_make_tmp ("seqack-noschema-XXXXXX",
                                               NULL);
      g_autoptr(GSettings) settings = NULL;

      /* Nothing anywhere holds the schema. */
      g_setenv ("GSETTINGS_SCHEMA_DIR", empty, TRUE);
      g_setenv ("XDG_DATA_DIRS", empty, TRUE);
      g_setenv ("XDG_DATA_HOME", empty, TRUE);

      settings = seqack_ui_settings_new ();
      g_assert_null (settings);
      g_assert_cmpint (seqack_ui_settings_get_int (settings, "latency-ms",
                                                   20), ==, 20);
      g_assert_cmpfloat (seqack_ui_settings_get_double (settings, "speed",
                                                        1.0), ==, 1.0);
      seqack_ui_settings_set_int (settings, "latency-ms", 5);
      g_rmdir (empty);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

static void
test_settings_clamped (void)
{
  g_autoptr(GSettings) settings = seqack_ui_settings_new ();

  if (settings == NULL)
    {
      g_test_skip ("schema not compiled in GSETTINGS_SCHEMA_DIR");
      return;
    }

  /* The key's range is 1..240: out of range is clamped, not a critical. */
  seqack_ui_settings_set_int (settings, "msl-seconds", 100000);
  g_assert_cmpint (seqack_ui_settings_get_int (settings, "msl-seconds", 0),
                   ==, 240);
  seqack_ui_settings_set_int (settings, "msl-seconds", 5);
  g_assert_cmpint (seqack_ui_settings_get_int (settings, "msl-seconds", 0),
                   ==, 5);
  /* A key of another type falls back. */
  g_assert_cmpint (seqack_ui_settings_get_int (settings, "speed", -3), ==,
                   -3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/session/replays-exactly",
                   test_session_replays_exactly);
  g_test_add_func ("/ui/session/refused-action-not-recorded",
                   test_session_refused_action_not_recorded);
  g_test_add_func ("/ui/session/parse-errors", test_session_parse_errors);
  g_test_add_func ("/ui/explain/handshake-and-data",
                   test_explain_handshake_and_data);
  g_test_add_func ("/ui/settings/missing-schema",
                   test_settings_missing_schema);
  g_test_add_func ("/ui/settings/clamped", test_settings_clamped);

  return g_test_run ();
}
