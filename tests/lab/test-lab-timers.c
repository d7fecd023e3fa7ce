/* test-lab-timers.c: the timers as the lab shows them: RFC 6298 on a slow
 * wire, the RTO after a lost SYN, half-close against quitting the
 * application, and the built-in scenarios that teach them. */

#include "lab-test-util.h"
#include "seqack-session.h"

static SeqackLab *
lab_with_latency (gint64 latency)
{
  SeqackLabConfig config;

  seqack_lab_config_init (&config);
  config.seed = 3;
  config.latency = latency;
  return seqack_lab_new (&config);
}

static void
perform (SeqackLab    *lab,
         SeqackSide    side,
         SeqackAction  action,
         const char   *text)
{
  g_autoptr(GError) error = NULL;

  seqack_lab_run_until_quiet (lab, SEC (600));
  g_assert_true (seqack_lab_perform (lab, side, action, 0, text, &error));
  g_assert_no_error (error);
}

/* Index of the first event at which both sides are ESTABLISHED. */
static guint
handshake_done (SeqackTrace *trace)
{
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    if (seqack_trace_get_state (trace, i, SEQACK_CLIENT) ==
        SEQACK_TCP_ESTABLISHED &&
        seqack_trace_get_state (trace, i, SEQACK_SERVER) ==
        SEQACK_TCP_ESTABLISHED)
      return i;
  g_assert_not_reached ();
}

static guint
count_retransmissions (SeqackTrace *trace,
                       guint        from)
{
  guint n = 0;

  for (guint i = from; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_SEGMENT &&
          (ev->marks & SEQACK_MARK_RETRANSMISSION))
        n++;
    }
  return n;
}

/* 600 ms each way (hello-goodbye --latency 600): the SYN is resent once
 * before its SYN,ACK can arrive, and then RFC 6298 keeps the RTO above
 * the round trip: nothing is resent after the handshake. */
static void
test_high_latency_no_spurious_resend (void)
{
  g_autoptr(SeqackLab) lab = lab_with_latency (600 * 1000);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  SeqackTcpVars vars;

  perform (lab, SEQACK_SERVER, SEQACK_ACTION_LISTEN, NULL);
  perform (lab, SEQACK_CLIENT, SEQACK_ACTION_CONNECT, NULL);
  perform (lab, SEQACK_CLIENT, SEQACK_ACTION_SEND, "hello");
  perform (lab, SEQACK_SERVER, SEQACK_ACTION_SEND, "bye");
  perform (lab, SEQACK_CLIENT, SEQACK_ACTION_CLOSE, NULL);
  perform (lab, SEQACK_SERVER, SEQACK_ACTION_CLOSE, NULL);
  g_assert_true (seqack_lab_run_until_idle (lab, SEC (600)));

  g_assert_cmpuint (count_retransmissions (trace, 0), >=, 1);
  g_assert_cmpuint (count_retransmissions (trace, handshake_done (trace)),
                    ==, 0);
  /* The client measured the 1.2 s round trip, and its RTO follows. */
  seqack_lab_get_vars (lab, SEQACK_CLIENT, &vars);
  g_assert_cmpuint (vars.srtt, ==, 1200 * 1000);
  g_assert_cmpuint (vars.rto, ==, vars.srtt + 4 * vars.rttvar);
}

/* RFC 6298 (5.7): after a lost SYN the first data segment's timer is 3 s. */
static void
test_lost_syn_data_timer_3s (void)
{
  g_autoptr(SeqackLab) lab = lab_with_latency (20 * 1000);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  int data, set;

  perform (lab, SEQACK_SERVER, SEQACK_ACTION_LISTEN, NULL);
  perform (lab, SEQACK_CLIENT, SEQACK_ACTION_DROP_NEXT, NULL);
  perform (lab, SEQACK_CLIENT, SEQACK_ACTION_CONNECT, NULL);
  seqack_lab_run_until (lab, SEC (2));
  perform (lab, SEQACK_CLIENT, SEQACK_ACTION_SEND, "hello");

  data = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_CLIENT,
                        SEQACK_TCP_PSH | SEQACK_TCP_ACK, 0);
  g_assert_cmpint (data, >, 0);
  set = data + 1;
  g_assert_cmpint (seqack_trace_get_event (trace, set)->kind, ==,
                   SEQACK_EVENT_TIMER);
  g_assert_cmpint (seqack_trace_get_event (trace, set)->t2 -
                   seqack_trace_get_event (trace, set)->t, ==, SEC (3));
}

/* A half-closed client (Close) still reads data the server sends 61 s
 * later: no FIN-WAIT-2 timer, no RST. */
static void
test_half_close_reads_61s_later (void)
{
  g_autoptr(SeqackLab) lab = lab_with_latency (20 * 1000);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *data = NULL;

  perform (lab, SEQACK_SERVER, SEQACK_ACTION_LISTEN, NULL);
  perform (lab, SEQACK_CLIENT, SEQACK_ACTION_CONNECT, NULL);
  perform (lab, SEQACK_CLIENT, SEQACK_ACTION_CLOSE, NULL);
  seqack_lab_run_until (lab, seqack_lab_get_now (lab) + SEC (61));
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_FIN_WAIT_2);
  perform (lab, SEQACK_SERVER, SEQACK_ACTION_SEND, "still here");
  seqack_lab_run_until_quiet (lab, SEC (10));

  data = lab_test_data (trace, SEQACK_CLIENT);
  g_assert_cmpstr (data, ==, "still here");
  g_assert_cmpint (lab_test_find (trace, SEQACK_EVENT_SEGMENT, -1,
                                  SEQACK_TCP_RST, 0), ==, -1);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_FIN_WAIT_2);
}

/* The quit-app scenario: late data after Quit app gets a RST; quitting
 * again, FIN-WAIT-2 times out after Linux's 60 s. */
static void
test_quit_app_scenario (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("quit-app");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *cs = lab_test_states (trace, SEQACK_CLIENT);
  g_autofree char *data = NULL;
  int quit, rst, timeout = -1;

  g_assert_cmpstr (cs, ==,
                   "CLOSED>SYN-SENT>ESTABLISHED>FIN-WAIT-1>FIN-WAIT-2>CLOSED"
                   ">SYN-SENT>ESTABLISHED>FIN-WAIT-1>FIN-WAIT-2>CLOSED");
  quit = lab_test_find (trace, SEQACK_EVENT_ACTION, SEQACK_CLIENT, -1, 1);
  g_assert_cmpint (seqack_trace_get_event (trace, quit)->from, ==,
                   SEQACK_ACTION_QUIT);
  rst = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_CLIENT,
                       SEQACK_TCP_RST, 0);
  g_assert_cmpint (rst, >, quit);
  data = lab_test_data (trace, SEQACK_CLIENT);
  g_assert_cmpstr (data, ==, "");

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_STATE && ev->side == SEQACK_CLIENT &&
          ev->edge == SEQACK_TCP_EDGE_FIN_WAIT_2_TIMEOUT)
        timeout = (int) i;
    }
  g_assert_cmpint (timeout, >, 0);
  g_assert_cmpint (seqack_trace_get_event (trace, timeout)->t -
                   seqack_trace_get_event (trace,
                                           lab_test_find (trace,
                                                          SEQACK_EVENT_ACTION,
                                                          SEQACK_CLIENT, -1,
                                                          3))->t,
                   >=, SEC (60));
}

/* The lost-retransmission scenario: the data and its first resend are
 * lost; the resends come 1 s, then 2 s apart (the RTO doubled). */
static void
test_lost_retransmission_scenario (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("lost-retransmission");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *data = NULL;
  gint64 t[3];

  for (guint k = 0; k < 3; k++)
    {
      int i = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_CLIENT,
                             SEQACK_TCP_PSH | SEQACK_TCP_ACK, k);

      g_assert_cmpint (i, >=, 0);
      t[k] = seqack_trace_get_event (trace, i)->t;
      g_assert_cmpint (seqack_trace_get_event (trace, i)->fate, ==,
                       k < 2 ? SEQACK_FATE_LOST : SEQACK_FATE_DELIVERED);
    }
  g_assert_cmpint (t[1] - t[0], ==, SEC (1));
  g_assert_cmpint (t[2] - t[1], ==, SEC (2));
  data = lab_test_data (trace, SEQACK_SERVER);
  g_assert_cmpstr (data, ==, "hello");
}

/* The high-latency scenario (its file sets 600 ms) shows the same as
 * the first test. */
static void
test_high_latency_scenario (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackScenario) scenario = seqack_scenario_builtin ("high-latency",
                                                                &error);
  g_autoptr(SeqackLab) lab = NULL;
  SeqackLabConfig config;
  SeqackTrace *trace;

  g_assert_no_error (error);
  seqack_lab_config_init (&config);
  seqack_scenario_apply_config (scenario, &config);
  g_assert_cmpint (config.latency, ==, 600 * 1000);
  lab = seqack_lab_new (&config);
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  g_assert_no_error (error);
  trace = seqack_lab_get_trace (lab);

  g_assert_cmpuint (count_retransmissions (trace, 0), >=, 1);
  g_assert_cmpuint (count_retransmissions (trace, handshake_done (trace)),
                    ==, 0);
}

/* The RTO of the client's first data segment after the run of
 * @text. */
static guint32
data_rto (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(SeqackLab) lab = NULL;
  SeqackLabConfig config;
  SeqackTcpVars vars;
  int i;

  scenario = seqack_scenario_parse (text, "rto.scenario", &error);
  g_assert_no_error (error);
  seqack_lab_config_init (&config);
  config.seed = 3;
  seqack_scenario_apply_config (scenario, &config);
  lab = seqack_lab_new (&config);
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  g_assert_no_error (error);
  i = lab_test_find (seqack_lab_get_trace (lab), SEQACK_EVENT_SEGMENT,
                     SEQACK_CLIENT, SEQACK_TCP_PSH | SEQACK_TCP_ACK, 0);
  g_assert_cmpint (i, >=, 0);
  g_assert_true (seqack_trace_get_vars (seqack_lab_get_trace (lab), i,
                                        SEQACK_CLIENT, &vars));
  return vars.rto;
}

/* "rto-min linux": a 40 ms round trip gives RTO = SRTT 40 ms + 200 ms
 * (Linux's TCP_RTO_MIN floors the variance term); "rto-min rfc" and no
 * line keep RFC 6298 (2.4)'s 1 s; a wrong value names the line. */
static void
test_linux_rto_min_setting (void)
{
  const char *steps = "server listen\nclient connect\nclient send hi\n";
  g_autofree char *linux_text = g_strconcat ("rto-min linux\n", steps, NULL);
  g_autofree char *rfc_text = g_strconcat ("rto-min rfc\n", steps, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackScenario) bad = NULL;
  g_autoptr(SeqackSession) session = NULL;
  g_autofree char *saved = NULL;
  SeqackLabConfig config;

  g_assert_cmpuint (data_rto (linux_text), ==, MS (240));
  g_assert_cmpuint (data_rto (rfc_text), ==, SEC (1));
  g_assert_cmpuint (data_rto (steps), ==, SEC (1));

  bad = seqack_scenario_parse ("rto-min fast\n", "rto.scenario", &error);
  g_assert_null (bad);
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message,
                            "line 1: bad value 'fast' for 'rto-min'"));
  g_clear_error (&error);

  /* A saved session keeps the choice, and opens with it. */
  session = seqack_session_new (7, MS (20), 0.0, SEC (30));
  seqack_session_set_linux_rto_min (session, TRUE);
  seqack_session_get_config (session, &config);
  g_assert_true (config.tcp.linux_rto_min);
  saved = seqack_session_to_string (session);
  g_assert_nonnull (strstr (saved, "\nrto-min linux\n"));
  g_clear_pointer (&session, seqack_session_free);
  session = seqack_session_parse (saved, &error);
  g_assert_no_error (error);
  seqack_session_get_config (session, &config);
  g_assert_true (config.tcp.linux_rto_min);
}

/* Lesson 7 step 5's case, run: the client's last ACK is lost and its
 * TIME-WAIT (2 × 0.1 s) is over before the server's FIN comes again, so
 * the CLOSED client answers with RST, and the server in LAST-ACK closes
 * on it with nothing reported to its application (RFC 9293 §3.10.7.4:
 * the user has already closed). */
static void
test_last_ack_rst_reports_nothing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(SeqackLab) lab = NULL;
  SeqackLabConfig config;
  SeqackTrace *trace;
  gboolean closed_by_rst = FALSE;
  int rst;

  scenario = seqack_scenario_parse ("msl 0.1\n"
                                    "server listen\n"
                                    "client connect\n"
                                    "client close\n"
                                    "server close\n"
                                    "client drop-next\n",
                                    "last-ack.scenario", &error);
  g_assert_no_error (error);
  seqack_lab_config_init (&config);
  config.seed = 3;
  seqack_scenario_apply_config (scenario, &config);
  lab = seqack_lab_new (&config);
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  g_assert_no_error (error);
  trace = seqack_lab_get_trace (lab);

  rst = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_CLIENT,
                       SEQACK_TCP_RST, 0);
  g_assert_cmpint (rst, >=, 0);
  g_assert_cmpint (seqack_trace_get_state (trace, rst, SEQACK_CLIENT), ==,
                   SEQACK_TCP_CLOSED);
  for (guint i = rst; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_STATE && ev->side == SEQACK_SERVER &&
          ev->from == SEQACK_TCP_LAST_ACK && ev->to == SEQACK_TCP_CLOSED)
        closed_by_rst = ev->edge == SEQACK_TCP_EDGE_RCV_RST;
    }
  g_assert_true (closed_by_rst);
  g_assert_cmpint (lab_test_find (trace, SEQACK_EVENT_ERROR, SEQACK_SERVER,
                                  -1, 0), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/timers/rfc6298-high-latency-no-spurious-resend",
                   test_high_latency_no_spurious_resend);
  g_test_add_func ("/lab/timers/rfc6298-5.7-lost-syn-data-timer-3s",
                   test_lost_syn_data_timer_3s);
  g_test_add_func ("/lab/timers/rfc9293-3.10.4-half-close-reads-61s-later",
                   test_half_close_reads_61s_later);
  g_test_add_func ("/lab/scenario/quit-app", test_quit_app_scenario);
  g_test_add_func ("/lab/scenario/lost-retransmission",
                   test_lost_retransmission_scenario);
  g_test_add_func ("/lab/scenario/high-latency", test_high_latency_scenario);
  g_test_add_func ("/lab/timers/rfc9293-3.10.7.4-last-ack-rst-reports-nothing",
                   test_last_ack_rst_reports_nothing);
  g_test_add_func ("/lab/timers/linux-rto-min-200ms-setting",
                   test_linux_rto_min_setting);

  return g_test_run ();
}
