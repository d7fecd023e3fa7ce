/* test-lab-window.c: the sliding-window scenarios and steps: bulk data
 * under slow start, a zero window with probes and a window update, fast
 * retransmit after three duplicate ACKs, a timeout collapsing cwnd, and
 * the scenario syntax for them (send-bytes, read, set rcvbuf, set mss).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "lab-test-util.h"
#include "seqack-scenario-private.h"
#include "seqack-trace-format.h"

/* What "send-bytes N" sends: the alphabet over and over. */
static char *
generated (gsize len)
{
  char *text = g_malloc (len + 1);

  for (gsize i = 0; i < len; i++)
    text[i] = (char) ('a' + i % 26);
  text[len] = '\0';
  return text;
}

/* Segments @side sent with @why set (SEQACK_WHY_*), or, for why == 0,
 * retransmissions. */
static guint
count_why (SeqackTrace *trace,
           SeqackSide   side,
           guint8       why)
{
  guint n = 0;

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_SEGMENT && ev->side == side &&
          (why != 0 ? (ev->edge & why) != 0
                    : (ev->marks & SEQACK_MARK_RETRANSMISSION) != 0))
        n++;
    }
  return n;
}

/* Data segments @side sends from event *@from on until the peer's next
 * segment (an ACK): one flight. *@from moves to that ACK. */
static guint
flight_size (SeqackTrace *trace,
             SeqackSide   side,
             guint       *from)
{
  guint n = 0, i;

  for (i = *from; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind != SEQACK_EVENT_SEGMENT)
        continue;
      if (ev->side == side && ev->number > 0)
        n++;
      else if (ev->side != side && n > 0)
        break;   /* an ACK: the flight is out */
    }
  *from = i;
  return n;
}

/* RFC 3390 then RFC 5681 slow start: 3 segments, then 6, then the
 * other 5 of 14; every byte arrives in order, nothing is resent. */
static void
test_bulk_transfer (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("bulk-transfer");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *to_server = lab_test_data (trace, SEQACK_SERVER);
  g_autofree char *expected = generated (20000);
  guint from = (guint) lab_test_find (trace, SEQACK_EVENT_ACTION,
                                      SEQACK_CLIENT, -1, 1);

  g_assert_cmpstr (to_server, ==, expected);
  g_assert_cmpuint (flight_size (trace, SEQACK_CLIENT, &from), ==, 3);
  g_assert_cmpuint (flight_size (trace, SEQACK_CLIENT, &from), ==, 6);
  g_assert_cmpuint (flight_size (trace, SEQACK_CLIENT, &from), ==, 5);
  g_assert_cmpuint (count_why (trace, SEQACK_CLIENT, 0), ==, 0);
}

/* RFC 9293 §3.8.6: the paused server's 2,000-byte buffer fills, it
 * advertises 0; two probes (the second a retransmission of the first's
 * octet); reading 1,000 bytes sends a window update; all 6,000 arrive. */
static void
test_zero_window (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("zero-window");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *to_server = lab_test_data (trace, SEQACK_SERVER);
  g_autofree char *expected = generated (6000);
  gboolean zero = FALSE;

  g_assert_cmpstr (to_server, ==, expected);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_SEGMENT && ev->side == SEQACK_SERVER &&
          ev->window == 0 && !(ev->flags & SEQACK_TCP_RST))
        zero = TRUE;
    }
  g_assert_true (zero);
  g_assert_cmpuint (count_why (trace, SEQACK_CLIENT, SEQACK_WHY_WINDOW_PROBE),
                    ==, 2);
  g_assert_cmpuint (count_why (trace, SEQACK_SERVER,
                               SEQACK_WHY_WINDOW_UPDATE), ==, 2);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_CLOSED);
}

/* RFC 5681 §3.2: one lost segment, three duplicate ACKs, one fast
 * retransmission, and no retransmission timer ever fires. */
static void
test_lost_data (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("lost-data");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *to_server = lab_test_data (trace, SEQACK_SERVER);
  g_autofree char *expected_a = generated (1460);
  g_autofree char *expected_b = generated (13140);
  g_autofree char *expected = g_strconcat (expected_a, expected_b, NULL);
  g_autofree char *rtx = lab_test_timers (trace, SEQACK_CLIENT,
                                          SEQACK_TCP_TIMER_RETRANSMIT);

  g_assert_cmpstr (to_server, ==, expected);
  g_assert_cmpuint (count_why (trace, SEQACK_SERVER, SEQACK_WHY_DUP_ACK), >=,
                    3);
  g_assert_cmpuint (count_why (trace, SEQACK_CLIENT,
                               SEQACK_WHY_FAST_RETRANSMISSION), ==, 1);
  g_assert_cmpuint (count_why (trace, SEQACK_CLIENT, 0), ==, 1);
  g_assert_null (strstr (rtx, "fired"));
}

/* RFC 5681 (4)-(5): the timeout resends the lost segment with cwnd one
 * segment and ssthresh two, from nine segments before. */
static void
test_rto_collapse (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("rto-collapse");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *rtx = lab_test_timers (trace, SEQACK_CLIENT,
                                          SEQACK_TCP_TIMER_RETRANSMIT);
  SeqackTcpVars before, after;
  int resent = -1, prev = -1;

  g_assert_nonnull (strstr (rtx, "fired"));
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind != SEQACK_EVENT_SEGMENT || ev->side != SEQACK_CLIENT)
        continue;
      if (ev->marks & SEQACK_MARK_RETRANSMISSION)
        {
          resent = (int) i;
          break;
        }
      prev = (int) i;
    }
  g_assert_cmpint (resent, >, 0);
  g_assert_true (seqack_trace_get_vars (trace, prev, SEQACK_CLIENT, &before));
  g_assert_true (seqack_trace_get_vars (trace, resent, SEQACK_CLIENT,
                                        &after));
  g_assert_cmpuint (before.cwnd, ==, 9 * 1460);
  g_assert_cmpuint (after.cwnd, ==, 1460);
  g_assert_cmpuint (after.ssthresh, ==, 2 * 1460);
}

/* RFC 5681 §4.1: the first transfer grows cwnd to 17 segments; two
 * idle seconds, longer than the RTO, bring the second one back to the
 * restart window, three segments, ssthresh untouched. */
static void
test_slow_start_restart (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("slow-start-restart");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *to_server = lab_test_data (trace, SEQACK_SERVER);
  g_autofree char *half = generated (20000);
  g_autofree char *expected = g_strconcat (half, half, NULL);
  guint first = (guint) lab_test_find (trace, SEQACK_EVENT_ACTION,
                                       SEQACK_CLIENT, -1, 1);
  guint second = (guint) lab_test_find (trace, SEQACK_EVENT_ACTION,
                                        SEQACK_CLIENT, -1, 2);
  guint from = first;
  SeqackTcpVars before, after;

  g_assert_cmpstr (to_server, ==, expected);
  g_assert_cmpuint (flight_size (trace, SEQACK_CLIENT, &from), ==, 3);
  g_assert_cmpuint (flight_size (trace, SEQACK_CLIENT, &from), ==, 6);
  g_assert_cmpuint (flight_size (trace, SEQACK_CLIENT, &from), ==, 5);
  g_assert_true (seqack_trace_get_vars (trace, second - 1, SEQACK_CLIENT,
                                        &before));
  g_assert_cmpuint (before.cwnd, ==, 4380 + 20000);
  g_assert_cmpint ((gint64) seqack_trace_get_event (trace, second)->t -
                   (gint64) seqack_trace_get_event (trace, second - 1)->t,
                   >, (gint64) before.rto);

  from = second;
  g_assert_cmpuint (flight_size (trace, SEQACK_CLIENT, &from), ==, 3);
  g_assert_true (seqack_trace_get_vars (trace, from, SEQACK_CLIENT, &after));
  g_assert_cmpuint (after.ssthresh, ==, before.ssthresh);
  g_assert_cmpuint (count_why (trace, SEQACK_CLIENT, 0), ==, 0);
}

/* The steps parse, write back the same way, and refuse bad values with
 * the line. */
static void
test_window_steps_syntax (void)
{
  static const char text[] =
    "set rcvbuf 4000\n"
    "set mss 536\n"
    "server listen\n"
    "client connect\n"
    "server read off\n"
    "client send-bytes 3000\n"
    "server read 100\n"
    "server read on\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(SeqackLab) lab = lab_test_new (1);
  g_autofree char *written = NULL;
  g_autofree char *to_server = NULL;
  g_autofree char *expected = generated (3000);
  SeqackTcpVars vars;
  const char *const bad[] = {
    "client read sometimes\n", "client send-bytes 0\n", "set mss 20\n",
    "set rcvbuf\n", "client send-bytes 99999999999\n",
  };

  scenario = seqack_scenario_parse (text, "window.scenario", &error);
  g_assert_no_error (error);
  written = _seqack_scenario_to_session (scenario);
  g_assert_nonnull (strstr (written, text));
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  g_assert_no_error (error);
  to_server = lab_test_data (seqack_lab_get_trace (lab), SEQACK_SERVER);
  g_assert_cmpstr (to_server, ==, expected);
  seqack_lab_get_vars (lab, SEQACK_SERVER, &vars);
  g_assert_cmpuint (vars.rcv_buf, ==, 4000);
  g_assert_cmpuint (vars.rcv_queued, ==, 0);
  /* MSS 536 both ways: no segment is longer. */
  for (guint i = 0; i < seqack_trace_get_n_events (seqack_lab_get_trace (lab));
       i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (
                                seqack_lab_get_trace (lab), i);

      if (ev->kind == SEQACK_EVENT_SEGMENT)
        g_assert_cmpuint (ev->number, <=, 536);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(SeqackScenario) s = seqack_scenario_parse (bad[i], "bad",
                                                           &e);

      g_assert_null (s);
      g_assert_nonnull (e);
      g_assert_nonnull (strstr (e->message, "line 1"));
    }
}

/* Data segments @side sent at the time of its first data segment: the
 * first flight. */
static guint
first_flight (SeqackTrace *trace,
              SeqackSide   side)
{
  gint64 t = -1;
  guint n = 0;

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind != SEQACK_EVENT_SEGMENT || ev->side != side ||
          ev->number == 0)
        continue;
      if (t < 0)
        t = ev->t;
      if (ev->t == t)
        n++;
    }
  return n;
}

/* "set iw10 on|off" (RFC 6928 / RFC 3390) and "set nagle on|off" (RFC
 * 9293 §3.7.4): the first flight is 10 segments or 3, and with Nagle a
 * second short write waits for the first one's ACK. Both are recorded in
 * the trace, written back, and bad values are refused by line. */
static void
test_iw10_nagle_steps (void)
{
  static const char iw10[] =
    "set iw10 on\nserver listen\nclient connect\nclient send-bytes 20000\n";
  static const char iw3[] =
    "set iw10 off\nserver listen\nclient connect\nclient send-bytes 20000\n";
  static const char nagle[] =
    "set nagle on\nserver listen\nclient connect\nclient send a\n"
    "with client send b\n";
  static const char no_nagle[] =
    "set nagle off\nserver listen\nclient connect\nclient send a\n"
    "with client send b\n";
  const char *const bad[] = { "set iw10 maybe\n", "set nagle\n",
                              "set iw11 on\n" };
  const char *const scripts[] = { iw10, iw3, nagle, no_nagle };
  guint flights[4];

  for (guint k = 0; k < G_N_ELEMENTS (scripts); k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SeqackScenario) scenario = NULL;
      g_autoptr(SeqackLab) lab = lab_test_new (1);
      g_autofree char *written = NULL;
      SeqackTrace *trace;
      gboolean recorded = FALSE;

      scenario = seqack_scenario_parse (scripts[k], "opts.scenario", &error);
      g_assert_no_error (error);
      written = _seqack_scenario_to_session (scenario);
      g_assert_nonnull (strstr (written, scripts[k]));
      g_assert_true (seqack_scenario_run (scenario, lab, &error));
      g_assert_no_error (error);
      trace = seqack_lab_get_trace (lab);
      flights[k] = first_flight (trace, SEQACK_CLIENT);
      for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
        {
          const SeqackEvent *ev = seqack_trace_get_event (trace, i);

          if (ev->kind == SEQACK_EVENT_ACTION &&
              (ev->from == SEQACK_ACTION_SET_IW10 ||
               ev->from == SEQACK_ACTION_SET_NAGLE))
            {
              g_assert_cmpuint (ev->number, ==, k % 2 == 0);
              recorded = TRUE;
            }
        }
      g_assert_true (recorded);
      g_assert_cmpint (seqack_lab_get_config (lab)->tcp.iw10, ==, k == 0);
      g_assert_cmpint (seqack_lab_get_config (lab)->tcp.nagle, ==, k == 2);
      if (k >= 2)
        {
          g_autofree char *got = lab_test_data (trace, SEQACK_SERVER);

          g_assert_cmpstr (got, ==, "ab");
        }
    }
  /* RFC 6928's 10 segments at MSS 1460, RFC 3390's 3. */
  g_assert_cmpuint (flights[0], ==, 10);
  g_assert_cmpuint (flights[1], ==, 3);
  /* Nagle holds "b" while "a" is unacknowledged; without it both go. */
  g_assert_cmpuint (flights[2], ==, 1);
  g_assert_cmpuint (flights[3], ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) e = NULL;
      g_autoptr(SeqackScenario) sc = seqack_scenario_parse (bad[i], "bad",
                                                            &e);

      g_assert_null (sc);
      g_assert_nonnull (e);
      g_assert_nonnull (strstr (e->message, "line 1"));
    }
}

/* The ladder of event @i alone. */
static char *
ladder_line (SeqackTrace *trace,
             guint        i)
{
  SeqackFormatOptions fo = { 0 };
  GString *out = g_string_new (NULL);

  seqack_trace_format_text (trace, i, &fo, out);
  return g_string_free (out, FALSE);
}

/* The text ladder writes Win=N where the window moved (another window
 * than the sender's segment before) and on every closed window; it counts
 * the duplicate ACKs and says how many caused the fast retransmission;
 * the handshake's ladder, whose window never moves, has no Win at all. */
static void
test_window_ladder (void)
{
  g_autoptr(SeqackLab) zero = lab_test_run_builtin ("zero-window");
  g_autoptr(SeqackLab) lost = lab_test_run_builtin ("lost-data");
  g_autoptr(SeqackLab) hand = lab_test_run_builtin ("handshake");
  SeqackTrace *trace = seqack_lab_get_trace (zero);
  guint n_win = 0, n_zero = 0, dups = 0, fast = 0;
  guint16 last[2] = { 0, 0 };
  gboolean seen[2] = { FALSE, FALSE };

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      g_autofree char *line = NULL, *win = NULL;
      gboolean moved;

      if (ev->kind != SEQACK_EVENT_SEGMENT)
        continue;
      line = ladder_line (trace, i);
      win = g_strdup_printf (" Win=%u", ev->window);
      moved = seen[ev->side] && last[ev->side] != ev->window;
      if ((ev->flags & SEQACK_TCP_ACK) && (moved || ev->window == 0))
        {
          g_assert_nonnull (strstr (line, win));
          n_win++;
          n_zero += ev->window == 0;
        }
      else
        g_assert_null (strstr (line, "Win="));
      seen[ev->side] = TRUE;
      last[ev->side] = ev->window;
    }
  /* The first ACK (540), the closed windows and the updates. */
  g_assert_cmpuint (n_zero, >=, 3);
  g_assert_cmpuint (n_win, >, n_zero);

  trace = seqack_lab_get_trace (lost);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      g_autofree char *line = NULL;

      if (ev->kind != SEQACK_EVENT_SEGMENT)
        continue;
      line = ladder_line (trace, i);
      if (ev->edge & SEQACK_WHY_DUP_ACK)
        {
          g_autofree char *want = g_strdup_printf ("(duplicate ACK %u)",
                                                   ++dups);

          g_assert_nonnull (strstr (line, want));
        }
      else if (ev->edge & SEQACK_WHY_FAST_RETRANSMISSION)
        {
          g_assert_nonnull (strstr (line, "(fast retransmission: 3 "
                                          "duplicate ACKs)"));
          fast++;
        }
    }
  g_assert_cmpuint (dups, ==, 3);
  g_assert_cmpuint (fast, ==, 1);

  trace = seqack_lab_get_trace (hand);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      g_autofree char *line = ladder_line (trace, i);

      g_assert_null (strstr (line, "Win="));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/window/bulk-transfer", test_bulk_transfer);
  g_test_add_func ("/lab/window/zero-window", test_zero_window);
  g_test_add_func ("/lab/window/lost-data", test_lost_data);
  g_test_add_func ("/lab/window/rto-collapse", test_rto_collapse);
  g_test_add_func ("/lab/window/slow-start-restart",
                   test_slow_start_restart);
  g_test_add_func ("/lab/window/steps-syntax", test_window_steps_syntax);
  g_test_add_func ("/lab/window/iw10-nagle-steps", test_iw10_nagle_steps);
  g_test_add_func ("/lab/window/ladder", test_window_ladder);

  return g_test_run ();
}
