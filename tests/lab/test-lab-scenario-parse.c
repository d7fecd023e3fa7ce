/* test-lab-scenario-parse.c: the scenario text format teachers write, its
 * error messages (which name the line), and a teacher's own scenario.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "lab-test-util.h"

static void
assert_parse_error (const char *text,
                    const char *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackScenario) scenario = NULL;

  scenario = seqack_scenario_parse (text, "lesson.scenario", &error);
  g_assert_null (scenario);
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);
  if (strstr (error->message, message) == NULL)
    g_error ("expected \"%s\" in \"%s\"", message, error->message);
  g_assert_true (g_str_has_prefix (error->message, "lesson.scenario: "));
}

static void
test_errors_name_the_line (void)
{
  assert_parse_error ("name: typo\n"
                      "server listen\n"
                      "client conect\n",
                      "line 3: unknown action 'conect'");
  assert_parse_error ("# comment\n\nclinet connect\n",
                      "line 3: unknown action 'clinet'");
  assert_parse_error ("client send\n", "line 1: 'send' needs a text");
  assert_parse_error ("client send \"open\n", "line 1: missing closing");
  assert_parse_error ("client\n", "line 1: 'client' needs an action");
  assert_parse_error ("pause\n", "line 1: 'pause' needs a number");
  assert_parse_error ("pause soon\n",
                      "line 1: 'soon' is not a number of seconds");
  assert_parse_error ("pause -1\n",
                      "line 1: '-1' is not a number of seconds");
  assert_parse_error ("client delay-next 1x\n",
                      "line 1: '1x' is not a number of seconds");
  assert_parse_error ("set loss 1.5\n", "line 1: loss rate '1.5'");
  assert_parse_error ("set speed 2\n", "line 1: unknown setting 'speed'");
  assert_parse_error ("server listen now\n", "line 1: unexpected 'now'");
  assert_parse_error ("with\n", "line 1: 'with' needs an action");
  /* "title:" is a key now (a menu title); a misspelt key is not. */
  assert_parse_error ("titel: x\n", "line 1: unknown key 'titel'");
}

static void
test_format (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackScenario) scenario = NULL;

  scenario = seqack_scenario_parse ("# a comment line\n"
                                    "name: mine   \n"
                                    "description: My # own\n"
                                    "\n"
                                    "   server listen   # trailing\n"
                                    "client connect\n"
                                    "with server send x\n"
                                    "pause 0.5\n"
                                    "skip-wait\n",
                                    NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seqack_scenario_get_name (scenario), ==, "mine");
  g_assert_cmpstr (seqack_scenario_get_description (scenario), ==, "My");
  g_assert_cmpuint (seqack_scenario_get_n_steps (scenario), ==, 5);

  /* Without a name: the origin names it. */
  g_clear_pointer (&scenario, seqack_scenario_free);
  scenario = seqack_scenario_parse ("server listen\n", "file.scenario",
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seqack_scenario_get_name (scenario), ==, "file.scenario");
  g_assert_cmpstr (seqack_scenario_get_description (scenario), ==, "");

  /* Errors without an origin still name the line. */
  g_clear_pointer (&scenario, seqack_scenario_free);
  scenario = seqack_scenario_parse ("server listen\nserver lsiten\n", NULL,
                                    &error);
  g_assert_null (scenario);
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==, "line 2: unknown action 'lsiten'");
}

static void
test_translated_description (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autofree char *old = g_strdup (g_getenv ("LANGUAGE"));

  scenario = seqack_scenario_parse ("title: Hi\n"
                                    "title[zh_CN]: 你好\n"
                                    "description: Handshake\n"
                                    "description[zh_CN]: 三次握手\n"
                                    "server listen\n",
                                    NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seqack_scenario_get_description (scenario), ==,
                   "Handshake");
  g_assert_cmpstr (seqack_scenario_get_title (scenario), ==, "Hi");
  /* GLib reads LANGUAGE as gettext would (it has no C-locale exception). */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_assert_true (g_strv_contains (g_get_language_names (), "zh_CN"));
  g_assert_cmpstr (seqack_scenario_get_description (scenario), ==,
                   "三次握手");
  g_assert_cmpstr (seqack_scenario_get_title (scenario), ==, "你好");
  g_setenv ("LANGUAGE", "zh_CN:en", TRUE);
  g_assert_cmpstr (seqack_scenario_get_description (scenario), ==,
                   "三次握手");
  g_setenv ("LANGUAGE", "fr", TRUE);
  g_assert_cmpstr (seqack_scenario_get_description (scenario), ==,
                   "Handshake");
  if (old != NULL)
    g_setenv ("LANGUAGE", old, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

/* A lesson a teacher might write: their own data, a slower wire, a short
 * TIME-WAIT, a lost FIN, quoted text with a '#', and "skip wait". */
static const char teacher_text[] =
  "# Lesson 3: what if the first FIN is lost?\n"
  "name: lesson-3\n"
  "description: The client's FIN is lost and sent again\n"
  "set latency 0.05        # 50 ms each way\n"
  "set msl 2               # TIME-WAIT = 4 s\n"
  "server listen\n"
  "client connect\n"
  "client send \"GET / #1\"\n"
  "server send HTTP/1.0 200 OK\n"
  "pause 0                 # the client ACKs first: drop-next acts at once\n"
  "client drop-next\n"
  "client close            # this FIN is lost\n"
  "pause 0.01\n"
  "server close\n"
  "skip-wait               # the RTO: the FIN goes again\n";

static void
test_teacher_scenario (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(SeqackLab) lab = lab_test_new (1);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *segs = NULL;
  g_autofree char *to_server = NULL;
  g_autofree char *to_client = NULL;
  g_autofree char *cs = NULL;
  g_autofree char *tw = NULL;
  const SeqackEvent *syn;
  gboolean skipped = FALSE;

  scenario = seqack_scenario_parse (teacher_text, "lesson-3.scenario",
                                    &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seqack_scenario_get_n_steps (scenario), ==, 12);
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  g_assert_no_error (error);

  to_server = lab_test_data (trace, SEQACK_SERVER);
  to_client = lab_test_data (trace, SEQACK_CLIENT);
  g_assert_cmpstr (to_server, ==, "GET / #1");
  g_assert_cmpstr (to_client, ==, "HTTP/1.0 200 OK");

  /* The latency setting applies: the SYN takes 50 ms. */
  syn = seqack_trace_get_event (trace, lab_test_find (trace,
                                                      SEQACK_EVENT_SEGMENT,
                                                      -1, -1, 0));
  g_assert_cmpint (syn->t2 - syn->t, ==, MS (50));

  /* The server closed while the client's FIN was lost (simultaneous-ish
   * close); the repeated FIN completes it. */
  segs = lab_test_segments (trace);
  g_assert_nonnull (strstr (segs, "client FIN,ACK 9 16 0 lost\n"));
  /* Resent after the server's FIN arrived: now it acknowledges it. */
  g_assert_nonnull (strstr (segs, "client FIN,ACK 9 17 0 rtx\n"));

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_ACTION && ev->from == SEQACK_ACTION_SKIP_WAIT)
        skipped = TRUE;
    }
  g_assert_true (skipped);

  /* TIME-WAIT lasted 2 x 2 s. */
  tw = lab_test_timers (trace, SEQACK_CLIENT, SEQACK_TCP_TIMER_TIME_WAIT);
  {
    int set = lab_test_find (trace, SEQACK_EVENT_TIMER, SEQACK_CLIENT, -1, 0);
    const SeqackEvent *ev = NULL;

    for (guint i = (guint) set; i < seqack_trace_get_n_events (trace); i++)
      {
        ev = seqack_trace_get_event (trace, i);
        if (ev->kind == SEQACK_EVENT_TIMER && ev->side == SEQACK_CLIENT &&
            ev->from == SEQACK_TCP_TIMER_TIME_WAIT &&
            ev->to == SEQACK_TIMER_SET)
          break;
        ev = NULL;
      }
    g_assert_nonnull (ev);
    g_assert_cmpint (ev->t2 - ev->t, ==, SEC (4));
  }

  cs = lab_test_states (trace, SEQACK_CLIENT);
  g_assert_true (g_str_has_suffix (cs, ">TIME-WAIT>CLOSED"));
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_SERVER), ==,
                   SEQACK_TCP_CLOSED);
}

static void
test_run_step_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(SeqackLab) lab = lab_test_new (1);

  /* Valid text, impossible call: the run fails at that line. */
  scenario = seqack_scenario_parse ("server listen\n"
                                    "client send too-early\n",
                                    "bad", &error);
  g_assert_no_error (error);
  g_assert_false (seqack_scenario_run (scenario, lab, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_NO_CONNECTION);
  g_assert_true (g_str_has_prefix (error->message, "bad: line 2: "));
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_SERVER), ==,
                   SEQACK_TCP_LISTEN);
}

static void
test_with_is_same_instant (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(SeqackLab) lab = lab_test_new (1);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  int a, b;

  /* Without "with", the second step would wait for the handshake. */
  scenario = seqack_scenario_parse ("server listen\n"
                                    "client connect\n"
                                    "server close\n",
                                    NULL, &error);
  g_assert_no_error (error);
  g_assert_true (seqack_scenario_run_step (scenario, 0, lab, &error));
  g_assert_true (seqack_scenario_run_step (scenario, 1, lab, &error));
  g_assert_cmpint (seqack_lab_get_now (lab), ==, 0);
  g_assert_true (seqack_scenario_run_step (scenario, 2, lab, &error));
  g_assert_no_error (error);
  g_assert_cmpint (seqack_lab_get_now (lab), ==, MS (60));

  /* A pause first lets the wire settle, then runs the clock. */
  seqack_lab_reset (lab);
  g_clear_pointer (&scenario, seqack_scenario_free);
  scenario = seqack_scenario_parse ("server listen\n"
                                    "client connect\n"
                                    "pause 0.01\n",
                                    NULL, &error);
  g_assert_no_error (error);
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  g_assert_no_error (error);
  g_assert_cmpint (seqack_lab_get_now (lab), ==, MS (70));

  seqack_lab_reset (lab);
  g_clear_pointer (&scenario, seqack_scenario_free);
  scenario = seqack_scenario_parse ("client connect\n"
                                    "with server connect\n",
                                    NULL, &error);
  g_assert_true (seqack_scenario_run_step (scenario, 0, lab, &error));
  g_assert_true (seqack_scenario_run_step (scenario, 1, lab, &error));
  g_assert_no_error (error);
  a = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_CLIENT, -1, 0);
  b = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_SERVER, -1, 0);
  g_assert_cmpint (seqack_trace_get_event (trace, a)->t, ==, 0);
  g_assert_cmpint (seqack_trace_get_event (trace, b)->t, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/scenario-format/errors-name-the-line",
                   test_errors_name_the_line);
  g_test_add_func ("/lab/scenario-format/format", test_format);
  g_test_add_func ("/lab/scenario-format/translated-description",
                   test_translated_description);
  g_test_add_func ("/lab/scenario-format/teacher-scenario",
                   test_teacher_scenario);
  g_test_add_func ("/lab/scenario-format/run-step-errors",
                   test_run_step_errors);
  g_test_add_func ("/lab/scenario-format/with", test_with_is_same_instant);

  return g_test_run ();
}
