/* test-lab-scenarios.c: every built-in scenario, run with seed 1, gives the
 * exact exchange the lesson teaches: segments (sender, flags, relative
 * Seq/Ack as Wireshark shows them, length, fate, retransmission), each
 * side's states in order and the timers that matter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <math.h>

#include "lab-test-util.h"
#include "seqack-explain.h"
#include "seqack-trace-format.h"
#include "seqack-trace-sockets.h"

#define HANDSHAKE \
  "client SYN 0 0 0\n" \
  "server SYN,ACK 0 1 0\n" \
  "client ACK 1 1 0\n"

static void
assert_ends_closed (SeqackLab *lab)
{
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_SERVER), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (seqack_lab_next_event_time (lab), ==, SEQACK_NO_DEADLINE);
}

static void
test_handshake (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("handshake");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *segs = lab_test_segments (trace);
  g_autofree char *cs = lab_test_states (trace, SEQACK_CLIENT);
  g_autofree char *ss = lab_test_states (trace, SEQACK_SERVER);
  SeqackTcpVars c, s;
  int syn;

  g_assert_cmpstr (segs, ==, HANDSHAKE);
  g_assert_cmpstr (cs, ==, "CLOSED>SYN-SENT>ESTABLISHED");
  g_assert_cmpstr (ss, ==, "CLOSED>LISTEN>SYN-RCVD>ESTABLISHED");

  /* Absolute numbers: Ack = the peer's ISN + 1 (the SYN counts one). */
  seqack_lab_get_vars (lab, SEQACK_CLIENT, &c);
  seqack_lab_get_vars (lab, SEQACK_SERVER, &s);
  g_assert_cmpuint (c.irs, ==, s.iss);
  g_assert_cmpuint (s.irs, ==, c.iss);
  g_assert_cmpuint (c.snd_nxt, ==, c.iss + 1);
  g_assert_cmpuint (s.rcv_nxt, ==, c.iss + 1);
  g_assert_cmpuint (c.rcv_nxt, ==, s.iss + 1);

  syn = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_CLIENT,
                       SEQACK_TCP_SYN, 0);
  g_assert_cmpint (syn, >=, 0);
  g_assert_cmpuint (seqack_trace_get_event (trace, syn)->seq, ==, c.iss);
  /* The SYN reaches the server one latency (20 ms) later. */
  g_assert_cmpint (seqack_trace_get_event (trace, syn)->t, ==, 0);
  g_assert_cmpint (seqack_trace_get_event (trace, syn)->t2, ==, MS (20));

  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
}

static void
test_hello_goodbye (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("hello-goodbye");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *segs = lab_test_segments (trace);
  g_autofree char *cs = lab_test_states (trace, SEQACK_CLIENT);
  g_autofree char *ss = lab_test_states (trace, SEQACK_SERVER);
  g_autofree char *tw = lab_test_timers (trace, SEQACK_CLIENT,
                                         SEQACK_TCP_TIMER_TIME_WAIT);
  g_autofree char *to_server = lab_test_data (trace, SEQACK_SERVER);
  g_autofree char *to_client = lab_test_data (trace, SEQACK_CLIENT);
  int enter_tw, leave_tw, hello, bye;

  g_assert_cmpstr (segs, ==,
                   HANDSHAKE
                   "client PSH,ACK 1 1 5\n"
                   "server ACK 1 6 0\n"
                   "server PSH,ACK 1 6 3\n"
                   "client ACK 6 4 0\n"
                   "client FIN,ACK 6 4 0\n"
                   "server ACK 4 7 0\n"
                   "server FIN,ACK 4 7 0\n"
                   "client ACK 7 5 0\n");
  g_assert_cmpstr (cs, ==,
                   "CLOSED>SYN-SENT>ESTABLISHED>FIN-WAIT-1>FIN-WAIT-2>"
                   "TIME-WAIT>CLOSED");
  g_assert_cmpstr (ss, ==,
                   "CLOSED>LISTEN>SYN-RCVD>ESTABLISHED>CLOSE-WAIT>"
                   "LAST-ACK>CLOSED");
  g_assert_cmpstr (to_server, ==, "hello");
  g_assert_cmpstr (to_client, ==, "bye");

  /* The payloads on the wire are the texts sent. */
  hello = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_CLIENT,
                         SEQACK_TCP_PSH | SEQACK_TCP_ACK, 0);
  bye = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_SERVER,
                       SEQACK_TCP_PSH | SEQACK_TCP_ACK, 0);
  {
    SeqackPacket p;

    lab_test_decode (trace, hello, &p);
    g_assert_cmpmem (p.tcp.payload, p.tcp.payload_len, "hello", 5);
    lab_test_decode (trace, bye, &p);
    g_assert_cmpmem (p.tcp.payload, p.tcp.payload_len, "bye", 3);
  }

  /* Timeline at 20 ms latency: the server's FIN leaves at 180 ms, the
   * client enters TIME-WAIT when it arrives (200 ms) and leaves it 2MSL =
   * 60 s later (Linux's TCP_TIMEWAIT_LEN). */
  enter_tw = lab_test_find (trace, SEQACK_EVENT_STATE, SEQACK_CLIENT, -1, 4);
  leave_tw = lab_test_find (trace, SEQACK_EVENT_STATE, SEQACK_CLIENT, -1, 5);
  g_assert_cmpint (seqack_trace_get_event (trace, enter_tw)->to, ==,
                   SEQACK_TCP_TIME_WAIT);
  g_assert_cmpint (seqack_trace_get_event (trace, enter_tw)->t, ==, MS (200));
  g_assert_cmpint (seqack_trace_get_event (trace, leave_tw)->t, ==,
                   MS (200) + SEC (60));
  g_assert_cmpint (seqack_trace_get_event (trace, leave_tw)->edge, ==,
                   SEQACK_TCP_EDGE_TIME_WAIT_TIMEOUT);
  g_assert_cmpstr (tw, ==, "set@200->60200\nfired@60200\n");

  assert_ends_closed (lab);
  g_assert_cmpint (seqack_lab_get_now (lab), ==, MS (200) + SEC (60));
}

static void
test_server_closes_first (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("server-closes-first");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *segs = lab_test_segments (trace);
  g_autofree char *cs = lab_test_states (trace, SEQACK_CLIENT);
  g_autofree char *ss = lab_test_states (trace, SEQACK_SERVER);
  g_autofree char *tw_c = lab_test_timers (trace, SEQACK_CLIENT,
                                           SEQACK_TCP_TIMER_TIME_WAIT);
  g_autofree char *tw_s = lab_test_timers (trace, SEQACK_SERVER,
                                           SEQACK_TCP_TIMER_TIME_WAIT);

  g_assert_cmpstr (segs, ==,
                   HANDSHAKE
                   "client PSH,ACK 1 1 5\n"
                   "server ACK 1 6 0\n"
                   "server PSH,ACK 1 6 3\n"
                   "client ACK 6 4 0\n"
                   "server FIN,ACK 4 6 0\n"
                   "client ACK 6 5 0\n"
                   "client FIN,ACK 6 5 0\n"
                   "server ACK 5 7 0\n");
  g_assert_cmpstr (cs, ==,
                   "CLOSED>SYN-SENT>ESTABLISHED>CLOSE-WAIT>LAST-ACK>CLOSED");
  g_assert_cmpstr (ss, ==,
                   "CLOSED>LISTEN>SYN-RCVD>ESTABLISHED>FIN-WAIT-1>"
                   "FIN-WAIT-2>TIME-WAIT>CLOSED");
  /* Whoever closes first waits: here the server. */
  g_assert_cmpstr (tw_c, ==, "");
  g_assert_cmpstr (tw_s, ==, "set@200->60200\nfired@60200\n");
  assert_ends_closed (lab);
}

/* The retransmission timer event that fired for @side (nth). */
static gint64
fired_at (SeqackTrace *trace,
          SeqackSide   side,
          guint        nth)
{
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_TIMER && ev->side == side &&
          ev->from == SEQACK_TCP_TIMER_RETRANSMIT &&
          ev->to == SEQACK_TIMER_FIRED && nth-- == 0)
        return ev->t;
    }
  return -1;
}

static void
test_lost_syn (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("lost-syn");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *segs = lab_test_segments (trace);
  g_autofree char *cs = lab_test_states (trace, SEQACK_CLIENT);
  g_autofree char *ss = lab_test_states (trace, SEQACK_SERVER);
  int first, again;

  g_assert_cmpstr (segs, ==,
                   "client SYN 0 0 0 lost\n"
                   "client SYN 0 0 0 rtx\n"
                   "server SYN,ACK 0 1 0\n"
                   "client ACK 1 1 0\n");
  g_assert_cmpstr (cs, ==, "CLOSED>SYN-SENT>ESTABLISHED");
  g_assert_cmpstr (ss, ==, "CLOSED>LISTEN>SYN-RCVD>ESTABLISHED");

  /* RFC 6298 §2.1: the first RTO is 1 s; the same ISN is sent again. */
  first = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_CLIENT, -1, 0);
  again = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_CLIENT, -1, 1);
  g_assert_cmpint (fired_at (trace, SEQACK_CLIENT, 0), ==, SEC (1));
  g_assert_cmpint (seqack_trace_get_event (trace, again)->t, ==, SEC (1));
  g_assert_cmpuint (seqack_trace_get_event (trace, again)->seq, ==,
                    seqack_trace_get_event (trace, first)->seq);
  /* A lost segment is drawn to where it would have arrived. */
  g_assert_cmpint (seqack_trace_get_event (trace, first)->t2, ==, MS (20));
}

static void
test_lost_syn_ack (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("lost-syn-ack");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *segs = lab_test_segments (trace);
  g_autofree char *cs = lab_test_states (trace, SEQACK_CLIENT);
  g_autofree char *ss = lab_test_states (trace, SEQACK_SERVER);
  int rtx;

  /* The client's SYN retransmission (RTO 1 s) reaches the server at
   * 1.02 s, exactly when the server's own RTO for its SYN,ACK expires: one
   * SYN,ACK goes out again, not two. */
  g_assert_cmpstr (segs, ==,
                   "client SYN 0 0 0\n"
                   "server SYN,ACK 0 1 0 lost\n"
                   "client SYN 0 0 0 rtx\n"
                   "server SYN,ACK 0 1 0 rtx\n"
                   "client ACK 1 1 0\n");
  g_assert_cmpstr (cs, ==, "CLOSED>SYN-SENT>ESTABLISHED");
  g_assert_cmpstr (ss, ==, "CLOSED>LISTEN>SYN-RCVD>ESTABLISHED");
  /* The client's RTO fires at 1 s; the SYN,ACK goes again at 1.02 s. */
  g_assert_cmpint (fired_at (trace, SEQACK_CLIENT, 0), ==, SEC (1));
  rtx = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_SERVER, -1, 1);
  g_assert_cmpint (seqack_trace_get_event (trace, rtx)->t, ==,
                   SEC (1) + MS (20));
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (seqack_lab_next_event_time (lab), ==, SEQACK_NO_DEADLINE);
}

static void
test_lost_final_ack (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("lost-final-ack");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *segs = lab_test_segments (trace);
  g_autofree char *cs = lab_test_states (trace, SEQACK_CLIENT);
  g_autofree char *ss = lab_test_states (trace, SEQACK_SERVER);
  g_autofree char *tw = NULL;
  g_autofree char *expect_tw = NULL;
  const SeqackEvent *fin1, *fin2, *last;
  gint64 msl = seqack_lab_get_config (lab)->tcp.msl;

  g_assert_cmpstr (segs, ==,
                   HANDSHAKE
                   "client FIN,ACK 1 1 0\n"
                   "server ACK 1 2 0\n"
                   "server FIN,ACK 1 2 0\n"
                   "client ACK 2 2 0 lost\n"
                   "server FIN,ACK 1 2 0 rtx\n"
                   "client ACK 2 2 0\n");
  g_assert_cmpstr (cs, ==,
                   "CLOSED>SYN-SENT>ESTABLISHED>FIN-WAIT-1>FIN-WAIT-2>"
                   "TIME-WAIT>CLOSED");
  g_assert_cmpstr (ss, ==,
                   "CLOSED>LISTEN>SYN-RCVD>ESTABLISHED>CLOSE-WAIT>"
                   "LAST-ACK>CLOSED");

  fin1 = seqack_trace_get_event (trace,
                                 lab_test_find (trace, SEQACK_EVENT_SEGMENT,
                                                SEQACK_SERVER,
                                                SEQACK_TCP_FIN |
                                                SEQACK_TCP_ACK, 0));
  fin2 = seqack_trace_get_event (trace,
                                 lab_test_find (trace, SEQACK_EVENT_SEGMENT,
                                                SEQACK_SERVER,
                                                SEQACK_TCP_FIN |
                                                SEQACK_TCP_ACK, 1));
  /* The repeated FIN leaves when the server's RTO fires. */
  g_assert_cmpint (fin2->t, ==, fired_at (trace, SEQACK_SERVER, 0));
  g_assert_cmpint (fin2->t, >, fin1->t);

  /* RFC 9293 §3.10.7.4 (TIME-WAIT): the repeated FIN is ACKed and the
   * 2MSL timeout restarts from its arrival (the running one is cancelled,
   * a new one set). */
  expect_tw = g_strdup_printf ("set@%" G_GINT64_FORMAT "->%" G_GINT64_FORMAT
                               "\ncancelled@%" G_GINT64_FORMAT
                               "\nset@%" G_GINT64_FORMAT "->%"
                               G_GINT64_FORMAT "\nfired@%" G_GINT64_FORMAT
                               "\n",
                               fin1->t2 / 1000, (fin1->t2 + 2 * msl) / 1000,
                               fin2->t2 / 1000,
                               fin2->t2 / 1000, (fin2->t2 + 2 * msl) / 1000,
                               (fin2->t2 + 2 * msl) / 1000);
  tw = lab_test_timers (trace, SEQACK_CLIENT, SEQACK_TCP_TIMER_TIME_WAIT);
  g_assert_cmpstr (tw, ==, expect_tw);

  last = seqack_trace_get_event (trace,
                                 lab_test_find (trace, SEQACK_EVENT_STATE,
                                                SEQACK_CLIENT, -1, 5));
  g_assert_cmpint (last->to, ==, SEQACK_TCP_CLOSED);
  g_assert_cmpint (last->t, ==, fin2->t2 + 2 * msl);
  assert_ends_closed (lab);
}

static void
test_simultaneous_open (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("simultaneous-open");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *segs = lab_test_segments (trace);
  g_autofree char *cs = lab_test_states (trace, SEQACK_CLIENT);
  g_autofree char *ss = lab_test_states (trace, SEQACK_SERVER);

  /* RFC 9293 §3.5 Figure 8: the SYNs cross, each side answers with
   * SYN,ACK from SYN-RCVD, and each SYN,ACK (acking our SYN) completes the
   * open: four segments, no third ACK. */
  g_assert_cmpstr (segs, ==,
                   "client SYN 0 0 0\n"
                   "server SYN 0 0 0\n"
                   "server SYN,ACK 0 1 0\n"
                   "client SYN,ACK 0 1 0\n");
  g_assert_cmpstr (cs, ==, "CLOSED>SYN-SENT>SYN-RCVD>ESTABLISHED");
  g_assert_cmpstr (ss, ==, "CLOSED>SYN-SENT>SYN-RCVD>ESTABLISHED");
  g_assert_cmpint (seqack_trace_get_event (trace,
                                           lab_test_find (trace,
                                                          SEQACK_EVENT_STATE,
                                                          SEQACK_CLIENT, -1,
                                                          2))->t, ==,
                   MS (40));
  /* One trace connection: both directions are relative to their SYN. */
  g_assert_cmpint (lab_test_find (trace, SEQACK_EVENT_ACTION, SEQACK_SERVER,
                                  -1, 0), <,
                   lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_SERVER,
                                  -1, 0));
}

static void
test_simultaneous_close (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("simultaneous-close");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *segs = lab_test_segments (trace);
  g_autofree char *cs = lab_test_states (trace, SEQACK_CLIENT);
  g_autofree char *ss = lab_test_states (trace, SEQACK_SERVER);
  g_autofree char *tw_c = lab_test_timers (trace, SEQACK_CLIENT,
                                           SEQACK_TCP_TIMER_TIME_WAIT);
  g_autofree char *tw_s = lab_test_timers (trace, SEQACK_SERVER,
                                           SEQACK_TCP_TIMER_TIME_WAIT);

  /* RFC 9293 §3.6 Figure 13. */
  g_assert_cmpstr (segs, ==,
                   HANDSHAKE
                   "client FIN,ACK 1 1 0\n"
                   "server FIN,ACK 1 1 0\n"
                   "server ACK 2 2 0\n"
                   "client ACK 2 2 0\n");
  g_assert_cmpstr (cs, ==,
                   "CLOSED>SYN-SENT>ESTABLISHED>FIN-WAIT-1>CLOSING>"
                   "TIME-WAIT>CLOSED");
  g_assert_cmpstr (ss, ==,
                   "CLOSED>LISTEN>SYN-RCVD>ESTABLISHED>FIN-WAIT-1>CLOSING>"
                   "TIME-WAIT>CLOSED");
  /* Both wait 2MSL from the ACK of their FIN at 100 ms. */
  g_assert_cmpstr (tw_c, ==, "set@100->60100\nfired@60100\n");
  g_assert_cmpstr (tw_s, ==, "set@100->60100\nfired@60100\n");
  assert_ends_closed (lab);
}

static void
test_half_close (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("half-close");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *segs = lab_test_segments (trace);
  g_autofree char *cs = lab_test_states (trace, SEQACK_CLIENT);
  g_autofree char *ss = lab_test_states (trace, SEQACK_SERVER);
  g_autofree char *to_client = lab_test_data (trace, SEQACK_CLIENT);
  g_autofree char *to_server = lab_test_data (trace, SEQACK_SERVER);
  int part1, fin_wait_2;

  g_assert_cmpstr (segs, ==,
                   HANDSHAKE
                   "client PSH,ACK 1 1 7\n"
                   "server ACK 1 8 0\n"
                   "client FIN,ACK 8 1 0\n"
                   "server ACK 1 9 0\n"
                   "server PSH,ACK 1 9 6\n"
                   "client ACK 9 7 0\n"
                   "server PSH,ACK 7 9 6\n"
                   "client ACK 9 13 0\n"
                   "server FIN,ACK 13 9 0\n"
                   "client ACK 9 14 0\n");
  g_assert_cmpstr (cs, ==,
                   "CLOSED>SYN-SENT>ESTABLISHED>FIN-WAIT-1>FIN-WAIT-2>"
                   "TIME-WAIT>CLOSED");
  g_assert_cmpstr (ss, ==,
                   "CLOSED>LISTEN>SYN-RCVD>ESTABLISHED>CLOSE-WAIT>"
                   "LAST-ACK>CLOSED");
  g_assert_cmpstr (to_server, ==, "request");
  g_assert_cmpstr (to_client, ==, "part 1part 2");

  /* The data reached the client while it was in FIN-WAIT-2. */
  part1 = lab_test_find (trace, SEQACK_EVENT_DATA, SEQACK_CLIENT, -1, 0);
  fin_wait_2 = lab_test_find (trace, SEQACK_EVENT_STATE, SEQACK_CLIENT, -1,
                              3);
  g_assert_cmpint (seqack_trace_get_event (trace, fin_wait_2)->to, ==,
                   SEQACK_TCP_FIN_WAIT_2);
  g_assert_cmpint (part1, >, fin_wait_2);
  g_assert_cmpint (seqack_trace_get_state (trace, part1, SEQACK_CLIENT), ==,
                   SEQACK_TCP_FIN_WAIT_2);
  assert_ends_closed (lab);
}

static void
test_abort (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("abort");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *segs = lab_test_segments (trace);
  g_autofree char *cs = lab_test_states (trace, SEQACK_CLIENT);
  g_autofree char *ss = lab_test_states (trace, SEQACK_SERVER);
  int err, closed;

  /* RFC 9293 §3.10.5: <SEQ=SND.NXT><CTL=RST> (with ACK, as Linux sends
   * it); nothing else follows. */
  g_assert_cmpstr (segs, ==,
                   HANDSHAKE
                   "client PSH,ACK 1 1 5\n"
                   "server ACK 1 6 0\n"
                   "client RST,ACK 6 1 0\n");
  g_assert_cmpstr (cs, ==, "CLOSED>SYN-SENT>ESTABLISHED>CLOSED");
  g_assert_cmpstr (ss, ==, "CLOSED>LISTEN>SYN-RCVD>ESTABLISHED>CLOSED");

  /* The server's user hears "connection reset", before CLOSED. */
  err = lab_test_find (trace, SEQACK_EVENT_ERROR, SEQACK_SERVER, -1, 0);
  closed = lab_test_find (trace, SEQACK_EVENT_STATE, SEQACK_SERVER, -1, 3);
  g_assert_cmpint (err, >=, 0);
  g_assert_cmpuint (seqack_trace_get_event (trace, err)->number, ==,
                    SEQACK_ERROR_CONNECTION_RESET);
  g_assert_cmpint (err, <, closed);
  g_assert_cmpint (seqack_trace_get_event (trace, closed)->edge, ==,
                   SEQACK_TCP_EDGE_RCV_RST);
  g_assert_cmpint (lab_test_find (trace, SEQACK_EVENT_ERROR, SEQACK_CLIENT,
                                  -1, 0), ==, -1);
  /* No teardown, no TIME-WAIT. */
  g_assert_cmpint (lab_test_find (trace, SEQACK_EVENT_SEGMENT, -1,
                                  SEQACK_TCP_FIN | SEQACK_TCP_ACK, 0), ==,
                   -1);
  assert_ends_closed (lab);
}

static void
test_closed_port (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("closed-port");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *segs = lab_test_segments (trace);
  g_autofree char *cs = lab_test_states (trace, SEQACK_CLIENT);
  g_autofree char *ss = lab_test_states (trace, SEQACK_SERVER);
  SeqackPacket syn, rst;
  int err;

  /* RFC 9293 §3.10.7.1: <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>. The
   * server has no connection, so no ISN to number from: the trace shows
   * the real Seq=0 (Wireshark's guess would be Seq=1). */
  g_assert_cmpstr (segs, ==,
                   "client SYN 0 0 0\n"
                   "server RST,ACK 0 1 0\n");
  g_assert_cmpstr (cs, ==, "CLOSED>SYN-SENT>CLOSED");
  g_assert_cmpstr (ss, ==, "");

  lab_test_decode (trace, lab_test_find (trace, SEQACK_EVENT_SEGMENT,
                                         SEQACK_CLIENT, -1, 0), &syn);
  lab_test_decode (trace, lab_test_find (trace, SEQACK_EVENT_SEGMENT,
                                         SEQACK_SERVER, -1, 0), &rst);
  g_assert_cmpuint (rst.ip4.src, ==, SEQACK_LAB_SERVER_ADDR);
  g_assert_cmpuint (rst.ip4.dst, ==, SEQACK_LAB_CLIENT_ADDR);
  g_assert_cmpuint (rst.tcp.src_port, ==, syn.tcp.dst_port);
  g_assert_cmpuint (rst.tcp.dst_port, ==, syn.tcp.src_port);
  g_assert_cmpuint (rst.tcp.seq, ==, 0);
  g_assert_cmpuint (rst.tcp.ack, ==, syn.tcp.seq + 1);

  err = lab_test_find (trace, SEQACK_EVENT_ERROR, SEQACK_CLIENT, -1, 0);
  g_assert_cmpint (err, >=, 0);
  g_assert_cmpuint (seqack_trace_get_event (trace, err)->number, ==,
                    SEQACK_ERROR_CONNECTION_REFUSED);
  assert_ends_closed (lab);
}

static void
test_old_duplicate_syn (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("old-duplicate-syn");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *cs = lab_test_states (trace, SEQACK_CLIENT);
  g_autofree char *ss = lab_test_states (trace, SEQACK_SERVER);
  const SeqackEvent *real, *stale, *synack1, *rst, *synack2, *ack;
  SeqackTcpVars c, s;
  guint n_segments = 0;

  g_assert_cmpstr (cs, ==, "CLOSED>SYN-SENT>ESTABLISHED");
  g_assert_cmpstr (ss, ==,
                   "CLOSED>LISTEN>SYN-RCVD>LISTEN>SYN-RCVD>ESTABLISHED");

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT)
      n_segments++;
  g_assert_cmpuint (n_segments, ==, 6);

#define NTH_SEG(n) seqack_trace_get_event (trace, \
    lab_test_find (trace, SEQACK_EVENT_SEGMENT, -1, -1, (n)))
  real = NTH_SEG (0);
  stale = NTH_SEG (1);
  synack1 = NTH_SEG (2);
  rst = NTH_SEG (3);
  synack2 = NTH_SEG (4);
  ack = NTH_SEG (5);
#undef NTH_SEG

  seqack_lab_get_vars (lab, SEQACK_CLIENT, &c);
  seqack_lab_get_vars (lab, SEQACK_SERVER, &s);

  /* The real SYN, held back 0.1 s. */
  g_assert_cmpint (real->side, ==, SEQACK_CLIENT);
  g_assert_cmpuint (real->flags, ==, SEQACK_TCP_SYN);
  g_assert_cmpuint (real->seq, ==, c.iss);
  g_assert_true (real->marks & SEQACK_MARK_DELAYED);
  g_assert_cmpint (real->t2, ==, MS (120));

  /* The old duplicate: same ports, another ISN, arrives first. */
  g_assert_cmpint (stale->side, ==, SEQACK_CLIENT);
  g_assert_cmpuint (stale->flags, ==, SEQACK_TCP_SYN);
  g_assert_true (stale->marks & SEQACK_MARK_STALE);
  g_assert_cmpuint (stale->seq, !=, c.iss);
  g_assert_cmpint (stale->t2, ==, MS (20));

  /* The server acknowledges the stale ISN... */
  g_assert_cmpint (synack1->side, ==, SEQACK_SERVER);
  g_assert_cmpuint (synack1->flags, ==, SEQACK_TCP_SYN | SEQACK_TCP_ACK);
  g_assert_cmpuint (synack1->ack, ==, stale->seq + 1);
  g_assert_cmpint (synack1->t, ==, MS (20));

  /* ...which the client in SYN-SENT never sent: RFC 9293 §3.10.7.3,
   * <SEQ=SEG.ACK><CTL=RST>. */
  g_assert_cmpint (rst->side, ==, SEQACK_CLIENT);
  g_assert_cmpuint (rst->flags, ==, SEQACK_TCP_RST);
  g_assert_cmpuint (rst->seq, ==, synack1->ack);
  g_assert_cmpint (rst->t, ==, MS (40));

  /* The real SYN then opens the connection for good. */
  g_assert_cmpint (synack2->side, ==, SEQACK_SERVER);
  g_assert_cmpuint (synack2->flags, ==, SEQACK_TCP_SYN | SEQACK_TCP_ACK);
  g_assert_cmpuint (synack2->seq, ==, s.iss);
  g_assert_cmpuint (synack2->ack, ==, c.iss + 1);
  g_assert_cmpint (synack2->t, ==, MS (120));
  g_assert_cmpint (ack->side, ==, SEQACK_CLIENT);
  g_assert_cmpuint (ack->flags, ==, SEQACK_TCP_ACK);
  g_assert_cmpuint (ack->seq, ==, c.iss + 1);
  g_assert_cmpuint (ack->ack, ==, s.iss + 1);

  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpuint (s.irs, ==, c.iss);
}

static void
test_reordering (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("reordering");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *segs = lab_test_segments (trace);
  g_autofree char *to_server = lab_test_data (trace, SEQACK_SERVER);
  int one, two, dup, cum;

  g_assert_cmpstr (segs, ==,
                   HANDSHAKE
                   "client PSH,ACK 1 1 3 delayed\n"
                   "client PSH,ACK 4 1 3\n"
                   "server ACK 1 1 0\n"
                   "server ACK 1 7 0\n");
  g_assert_cmpstr (to_server, ==, "onetwo");

  one = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_CLIENT, -1, 2);
  two = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_CLIENT, -1, 3);
  dup = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_SERVER, -1, 1);
  cum = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_SERVER, -1, 2);
  /* Sent together; "two" arrives 30 ms before "one". */
  g_assert_cmpint (seqack_trace_get_event (trace, one)->t, ==,
                   seqack_trace_get_event (trace, two)->t);
  g_assert_cmpint (seqack_trace_get_event (trace, one)->t2, ==,
                   seqack_trace_get_event (trace, two)->t2 + MS (30));
  /* The duplicate ACK answers "two"; the cumulative one answers "one". */
  g_assert_cmpint (seqack_trace_get_event (trace, dup)->t, ==,
                   seqack_trace_get_event (trace, two)->t2);
  g_assert_cmpint (seqack_trace_get_event (trace, cum)->t, ==,
                   seqack_trace_get_event (trace, one)->t2);
  /* Nothing reached the application before the gap was filled. */
  g_assert_cmpint (seqack_trace_get_event (trace,
                                           lab_test_find (trace,
                                                          SEQACK_EVENT_DATA,
                                                          SEQACK_SERVER,
                                                          -1, 0))->t, ==,
                   seqack_trace_get_event (trace, one)->t2);
}

/* The source port of the client's @nth SYN. */
static guint16
syn_port (SeqackTrace *trace,
          guint        nth)
{
  int i = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_CLIENT,
                         SEQACK_TCP_SYN, nth);
  guint16 sport, dport;

  g_assert_cmpint (i, >=, 0);
  g_assert_true (seqack_trace_get_ports (trace, (guint) i, &sport, &dport));
  g_assert_cmpuint (dport, ==, 80);
  return sport;
}

/* Each state change of @side as "FROM>TO", space-separated: a host with
 * two connections has no one chain of states. */
static char *
state_changes (SeqackTrace *trace,
               SeqackSide   side)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_STATE && ev->side == side)
        g_string_append_printf (out, "%s%s>%s", out->len > 0 ? " " : "",
                                seqack_tcp_state_name (ev->from),
                                seqack_tcp_state_name (ev->to));
    }
  return g_string_free (out, FALSE);
}

/* Issue 17: the client reconnects while its old connection holds the
 * 4-tuple in TIME-WAIT: a new ephemeral port (Linux's range), and the
 * listener, still listening, spawns a second connection that completes
 * its handshake and its close. */
static void
test_reconnect (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("reconnect");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *cs = state_changes (trace, SEQACK_CLIENT);
  g_autofree char *ss = state_changes (trace, SEQACK_SERVER);
  guint16 first = syn_port (trace, 0), second = syn_port (trace, 1);

  SeqackEndpoint at;

  g_assert_cmpuint (second, !=, first);
  g_assert_cmpuint (second, >=, 32768);
  g_assert_cmpuint (second, <=, 60999);
  /* The window's titles name the port of the connection shown last. */
  seqack_trace_get_endpoint_at (trace, SEQACK_CLIENT,
                                (guint) lab_test_find (trace,
                                                       SEQACK_EVENT_SEGMENT,
                                                       SEQACK_CLIENT,
                                                       SEQACK_TCP_SYN, 1),
                                &at);
  g_assert_cmpuint (at.port, ==, first);
  seqack_trace_get_endpoint_at (trace, SEQACK_CLIENT,
                                seqack_trace_get_n_events (trace), &at);
  g_assert_cmpuint (at.port, ==, second);
  g_assert_cmpmem (at.addr, 4,
                   seqack_trace_get_endpoint (trace, SEQACK_CLIENT)->addr, 4);
  seqack_trace_get_endpoint_at (trace, SEQACK_SERVER,
                                seqack_trace_get_n_events (trace), &at);
  g_assert_cmpuint (at.port, ==, 80);
  /* The ladder says where the new connection starts, once, naming both
   * its ends. */
  {
    g_autoptr(GString) ladder = g_string_new (NULL);
    g_autofree char *port =
      g_strdup_printf ("a new connection: client 192.0.2.1:%u ⇄ "
                       "server 192.0.2.2:80", second);
    const char *hit;

    for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
      seqack_trace_format_text (trace, i, NULL, ladder);
    hit = strstr (ladder->str, port);
    g_assert_nonnull (hit);
    g_assert_null (strstr (hit + strlen (port), "a new connection"));
  }
  g_assert_cmpint (lab_test_find (trace, SEQACK_EVENT_SEGMENT, -1,
                                  SEQACK_TCP_RST, 0), <, 0);
  /* Two connections, each through its whole life; the listener opens
   * once and stays. */
  g_assert_cmpstr (cs, ==,
                   "CLOSED>SYN-SENT SYN-SENT>ESTABLISHED "
                   "ESTABLISHED>FIN-WAIT-1 FIN-WAIT-1>FIN-WAIT-2 "
                   "FIN-WAIT-2>TIME-WAIT "
                   /* the second connection, while the first waits */
                   "CLOSED>SYN-SENT SYN-SENT>ESTABLISHED "
                   "ESTABLISHED>FIN-WAIT-1 FIN-WAIT-1>FIN-WAIT-2 "
                   "FIN-WAIT-2>TIME-WAIT "
                   /* 2MSL ends for each */
                   "TIME-WAIT>CLOSED TIME-WAIT>CLOSED");
  g_assert_cmpstr (ss, ==,
                   "CLOSED>LISTEN LISTEN>SYN-RCVD SYN-RCVD>ESTABLISHED "
                   "ESTABLISHED>CLOSE-WAIT CLOSE-WAIT>LAST-ACK "
                   "LAST-ACK>CLOSED "
                   "LISTEN>SYN-RCVD SYN-RCVD>ESTABLISHED "
                   "ESTABLISHED>CLOSE-WAIT CLOSE-WAIT>LAST-ACK "
                   "LAST-ACK>CLOSED");
}

/* Issue 17, RFC 1122 §4.2.2.13: the client connects again from the
 * same port while the server holds that 4-tuple in TIME-WAIT; its SYN is
 * above the old RCV.NXT, so the server takes it (no TIME-WAIT ACK, no
 * RST) with ISS = the old SND.NXT + 65537, as Linux does. */
static void
test_time_wait_reuse (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("time-wait-reuse");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *ss = state_changes (trace, SEQACK_SERVER);
  int fin = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_SERVER,
                           SEQACK_TCP_FIN | SEQACK_TCP_ACK, 0);
  int synack = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_SERVER,
                              SEQACK_TCP_SYN | SEQACK_TCP_ACK, 1);

  g_assert_cmpuint (syn_port (trace, 1), ==, syn_port (trace, 0));
  g_assert_cmpint (lab_test_find (trace, SEQACK_EVENT_SEGMENT, -1,
                                  SEQACK_TCP_RST, 0), <, 0);
  g_assert_cmpint (fin, >=, 0);
  g_assert_cmpint (synack, >=, 0);
  /* The old SND.NXT is just past the server's FIN. */
  g_assert_cmpuint (seqack_trace_get_event (trace, (guint) synack)->seq, ==,
                    seqack_trace_get_event (trace, (guint) fin)->seq + 1 +
                    65537u);
  g_assert_cmpstr (ss, ==,
                   "CLOSED>LISTEN LISTEN>SYN-RCVD SYN-RCVD>ESTABLISHED "
                   "ESTABLISHED>FIN-WAIT-1 FIN-WAIT-1>FIN-WAIT-2 "
                   "FIN-WAIT-2>TIME-WAIT "
                   /* the SYN takes the 4-tuple over */
                   "TIME-WAIT>CLOSED LISTEN>SYN-RCVD SYN-RCVD>ESTABLISHED "
                   "ESTABLISHED>CLOSE-WAIT CLOSE-WAIT>LAST-ACK "
                   "LAST-ACK>CLOSED");
}

static void
test_builtin_list (void)
{
  static const char *const expected[] = {
    "handshake", "hello-goodbye", "server-closes-first", "lost-syn",
    "lost-syn-ack", "lost-final-ack", "simultaneous-open",
    "simultaneous-close", "half-close", "abort", "closed-port",
    "old-duplicate-syn", "reordering", "high-latency",
    "lost-retransmission", "quit-app", "bulk-transfer", "zero-window",
    "lost-data", "rto-collapse", "slow-start-restart", "reconnect",
    "time-wait-reuse", "server-time-wait", "two-connections",
    "accept-queue-full", "syn-queue-full", "syn-queue-cookies", "two-clients",
    "syn-flood", "syn-cookies", NULL
  };
  const char *const *names = seqack_scenario_builtin_names ();
  g_autoptr(GError) error = NULL;
  SeqackScenario *none;

  g_assert_cmpstrv (names, expected);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(SeqackScenario) s = seqack_scenario_builtin (names[i],
                                                             &error);

      g_assert_no_error (error);
      g_assert_cmpstr (seqack_scenario_get_name (s), ==, names[i]);
      g_assert_cmpstr (seqack_scenario_get_description (s), !=, "");
      g_assert_cmpuint (seqack_scenario_get_n_steps (s), >, 0);
    }

  /* Every built-in has a Simplified Chinese description too. */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(SeqackScenario) s = seqack_scenario_builtin (names[i],
                                                             &error);
      const char *zh = seqack_scenario_get_description (s);
      gboolean has_han = FALSE;

      g_assert_no_error (error);
      g_assert_true (g_utf8_validate (zh, -1, NULL));
      for (const char *p = zh; *p != '\0'; p = g_utf8_next_char (p))
        if (g_unichar_get_script (g_utf8_get_char (p)) ==
            G_UNICODE_SCRIPT_HAN)
          has_han = TRUE;
      g_assert_true (has_han);
    }
  g_unsetenv ("LANGUAGE");

  none = seqack_scenario_builtin ("no-such-scenario", &error);
  g_assert_null (none);
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "no-such-scenario"));
}

/* Every built-in has a title for menus, in English and Simplified
 * Chinese, distinct from its name and from each other. */
static void
test_builtin_titles (void)
{
  const char *const *names = seqack_scenario_builtin_names ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash,
                                                      g_str_equal, g_free,
                                                      NULL);
  g_autofree char *old = g_strdup (g_getenv ("LANGUAGE"));

  for (guint lang = 0; lang < 2; lang++)
    {
      g_setenv ("LANGUAGE", lang == 0 ? "en" : "zh_CN", TRUE);
      for (guint i = 0; names[i] != NULL; i++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(SeqackScenario) s = seqack_scenario_builtin (names[i],
                                                                 &error);
          const char *title = seqack_scenario_get_title (s);
          gboolean has_han = FALSE;

          g_assert_no_error (error);
          g_assert_cmpstr (title, !=, names[i]);
          g_assert_cmpuint (g_utf8_strlen (title, -1), <=, 30);
          g_assert_true (g_hash_table_add (seen, g_strdup (title)));
          for (const char *p = title; *p != '\0'; p = g_utf8_next_char (p))
            if (g_unichar_get_script (g_utf8_get_char (p)) ==
                G_UNICODE_SCRIPT_HAN)
              has_han = TRUE;
          g_assert_true (has_han == (lang == 1));
        }
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==,
                    2 * g_strv_length ((char **) names));

  if (old != NULL)
    g_setenv ("LANGUAGE", old, TRUE);
  else
    g_unsetenv ("LANGUAGE");
}

/* The @nth SEGMENT of @side with exactly @flags, or -1. */
static int
find_segment (SeqackTrace *trace,
              SeqackSide   side,
              guint8       flags,
              guint        nth)
{
  return lab_test_find (trace, SEQACK_EVENT_SEGMENT, side, flags, nth);
}

/* Two half-open connections fill a backlog of 2: the third SYN is
 * dropped without an answer (cookies off), marked so, and the client's
 * retransmission gets in once the queue has room. */
static void
test_syn_queue_full (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("syn-queue-full");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  int third = find_segment (trace, SEQACK_CLIENT, SEQACK_TCP_SYN, 2);
  int again = find_segment (trace, SEQACK_CLIENT, SEQACK_TCP_SYN, 3);
  const SeqackEvent *ev;
  g_autofree char *json = NULL;
  guint full = 0, established = 0;

  g_assert_cmpint (third, >, 0);
  ev = seqack_trace_get_event (trace, third);
  g_assert_true (ev->marks & SEQACK_MARK_QUEUE_DROP);
  g_assert_false (ev->marks & SEQACK_MARK_RETRANSMISSION);
  json = lab_test_json (trace, third);
  g_assert_nonnull (strstr (json, "\"queue_drop\":true"));
  g_assert_cmpstr (seqack_trace_format_segment_mark (trace, third), ==,
                   "(queue full: dropped)");
  g_assert_nonnull (strstr (seqack_trace_format_segment_note (trace, third),
                            "SYN queue is full"));

  /* Its retransmission a second later is answered. */
  g_assert_cmpint (again, >, third);
  ev = seqack_trace_get_event (trace, again);
  g_assert_true (ev->marks & SEQACK_MARK_RETRANSMISSION);
  g_assert_false (ev->marks & SEQACK_MARK_QUEUE_DROP);
  g_assert_cmpint (ev->t - seqack_trace_get_event (trace, third)->t, >=,
                   SEQACK_USEC_PER_SEC);

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);

      /* The listener said its SYN queue held 2 of 2. */
      if (e->kind == SEQACK_EVENT_QUEUE && e->number == 2 && e->t2 == 2)
        full++;
      established += e->kind == SEQACK_EVENT_STATE &&
                     e->side == SEQACK_SERVER &&
                     e->to == SEQACK_TCP_ESTABLISHED;
      /* No cookie: tcp_syncookies=0. */
      if (e->kind == SEQACK_EVENT_SEGMENT)
        g_assert_false (e->edge & SEQACK_WHY_SYN_COOKIE);
    }
  g_assert_cmpuint (full, >, 0);
  g_assert_cmpuint (established, ==, 3);
}

/* With cookies the third SYN is answered at once by a cookie whose parts
 * the trace keeps; the ACK rebuilds the connection, and the client never
 * resends its SYN. */
static void
test_syn_cookies (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("syn-queue-cookies");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  int third = find_segment (trace, SEQACK_CLIENT, SEQACK_TCP_SYN, 2);
  int cookie = -1;
  SeqackSynCookie c;
  g_autofree char *json = NULL;
  g_autofree char *why = NULL;
  guint synacks = 0;

  g_assert_cmpint (third, >, 0);
  g_assert_false (seqack_trace_get_event (trace, third)->marks &
                  SEQACK_MARK_QUEUE_DROP);
  g_assert_cmpint (find_segment (trace, SEQACK_CLIENT, SEQACK_TCP_SYN, 3),
                   ==, -1);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);

      if (e->kind != SEQACK_EVENT_SEGMENT ||
          e->flags != (SEQACK_TCP_SYN | SEQACK_TCP_ACK))
        continue;
      synacks++;
      if (e->edge & SEQACK_WHY_SYN_COOKIE)
        {
          g_assert_cmpint (cookie, ==, -1);
          cookie = (int) i;
        }
    }
  g_assert_cmpint (cookie, >, third);
  g_assert_false (seqack_trace_get_cookie (trace, third, &c));
  g_assert_true (seqack_trace_get_cookie (trace, cookie, &c));
  /* The cookie is the SYN,ACK's ISN and answers the third SYN. */
  g_assert_cmpuint (c.isn, ==, seqack_trace_get_event (trace, cookie)->seq);
  g_assert_cmpuint (c.client_isn, ==,
                    seqack_trace_get_event (trace, third)->seq);
  g_assert_cmpuint (seqack_trace_get_event (trace, cookie)->ack, ==,
                    c.client_isn + 1);
  g_assert_cmpuint (c.mss, ==, 1460);
  g_assert_cmpuint (c.isn, ==, c.hash0 + c.client_isn + (c.count << 24) +
                               ((c.hash1 + c.mss_index) &
                                SEQACK_SYN_COOKIE_MASK));
  json = lab_test_json (trace, cookie);
  g_assert_nonnull (strstr (json, "\"syn_cookie\":true"));
  g_assert_cmpstr (seqack_trace_format_segment_mark (trace, cookie), ==,
                   "(SYN cookie)");
  why = seqack_explain_seq (trace, cookie, TRUE);
  g_assert_nonnull (strstr (why, "SYN cookie"));
  {
    g_autofree char *isn = g_strdup_printf ("the client's ISN %u",
                                            c.client_isn);

    g_assert_nonnull (strstr (why, isn));
  }
  /* Two first SYN,ACKs, their two retransmissions, and the cookie. */
  g_assert_cmpuint (synacks, ==, 5);
}

/* RFC 4987 §3.6 against a real flood (syn-cookies): the flood's SYNs
 * fill the SYN queue, the client's one SYN is answered at once with a
 * cookie, and the connection it rebuilds carries data while the flood
 * goes on. */
static void
test_syn_cookies_flood (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("syn-cookies");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  guint n = seqack_trace_get_n_events (trace);
  guint flood_syns = 0, client_syns = 0, cookies_to_flood = 0;
  int syn = -1, answer = -1, established = -1;
  g_autofree char *data = NULL;

  g_assert_true (seqack_trace_has_host (trace, SEQACK_HOST_FLOOD));
  for (guint i = 0; i < n; i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);
      guint host = seqack_trace_get_event_host (trace, i);

      if (e->kind == SEQACK_EVENT_STATE && host == SEQACK_CLIENT &&
          e->to == SEQACK_TCP_ESTABLISHED)
        established = (int) i;
      if (e->kind != SEQACK_EVENT_SEGMENT)
        continue;
      if (host == SEQACK_HOST_FLOOD && e->flags == SEQACK_TCP_SYN)
        flood_syns++;
      if (host == SEQACK_CLIENT && e->flags == SEQACK_TCP_SYN)
        {
          client_syns++;
          syn = (int) i;
          g_assert_false (e->marks & SEQACK_MARK_QUEUE_DROP);
        }
      if (e->side == SEQACK_SERVER &&
          e->flags == (SEQACK_TCP_SYN | SEQACK_TCP_ACK) &&
          (e->edge & SEQACK_WHY_SYN_COOKIE))
        {
          if (seqack_trace_get_segment_receiver (trace, i) ==
              SEQACK_HOST_FLOOD)
            cookies_to_flood++;
          else if (seqack_trace_get_segment_receiver (trace, i) ==
                   SEQACK_CLIENT && answer < 0)
            answer = (int) i;
        }
    }
  /* One SYN, answered with a cookie within one round trip (2 × 20 ms). */
  g_assert_cmpuint (client_syns, ==, 1);
  g_assert_cmpint (answer, >, syn);
  g_assert_cmpint (established, >, answer);
  /* 10 a second for 0.5 s and more: four fill the queue, the rest get
   * cookies, and when the client gets in the queue is still full of the
   * flood's (they time out at 63 s, when the scenario has ended). */
  g_assert_cmpuint (flood_syns, >=, 6);
  g_assert_cmpuint (cookies_to_flood, >=, 1);
  g_assert_cmpuint (seqack_trace_count_sockets (trace, (guint) established,
                                                SEQACK_SERVER,
                                                SEQACK_TCP_SYN_RECEIVED), ==,
                    4);
  g_assert_cmpint (seqack_trace_get_event (trace, established)->t -
                   seqack_trace_get_event (trace, syn)->t, <=, 50000);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  data = lab_test_data (trace, SEQACK_SERVER);
  g_assert_cmpstr (data, ==, "hello");
}

/* The application stops accepting: the fourth handshake's final ACK
 * finds the accept queue full and is dropped; the server resends its
 * SYN,ACK, and after accept on the connection is made. */
static void
test_accept_queue_full (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("accept-queue-full");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  int dropped = -1, resent = -1, on = -1;
  guint max_accept = 0, established = 0;

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);

      if (e->kind == SEQACK_EVENT_SEGMENT &&
          (e->marks & SEQACK_MARK_QUEUE_DROP))
        {
          g_assert_cmpint (dropped, ==, -1);
          g_assert_cmpint (e->flags, ==, SEQACK_TCP_ACK);
          dropped = (int) i;
        }
      if (e->kind == SEQACK_EVENT_SEGMENT && on >= 0 && resent < 0 &&
          e->side == SEQACK_SERVER &&
          (e->marks & SEQACK_MARK_RETRANSMISSION))
        resent = (int) i;
      if (e->kind == SEQACK_EVENT_ACTION &&
          e->from == SEQACK_ACTION_ACCEPT_ON)
        on = (int) i;
      if (e->kind == SEQACK_EVENT_QUEUE)
        max_accept = MAX (max_accept, e->window);
      established += e->kind == SEQACK_EVENT_STATE &&
                     e->side == SEQACK_SERVER &&
                     e->to == SEQACK_TCP_ESTABLISHED;
    }
  g_assert_cmpint (dropped, >, 0);
  g_assert_nonnull (strstr (seqack_trace_format_segment_note (trace, dropped),
                            "accept queue is full"));
  g_assert_cmpint (on, >, dropped);
  g_assert_cmpint (resent, >, on);
  g_assert_cmpint (seqack_trace_get_event (trace, resent)->flags, ==,
                   SEQACK_TCP_SYN | SEQACK_TCP_ACK);
  /* More than the backlog: Linux's sk_acceptq_is_full(). */
  g_assert_cmpuint (max_accept, ==, 3);
  g_assert_cmpuint (established, ==, 4);
  {
    g_autofree char *json = lab_test_json (trace, lab_test_find (
      trace, SEQACK_EVENT_ACTION, SEQACK_SERVER, -1, 0));

    g_assert_nonnull (strstr (json, "\"action\":\"listen\",\"backlog\":2"));
  }
}

/* The flood's SYNs are spoofed and never resent: their notes say so,
 * queue full or not, where a real client's dropped SYN is resent by its
 * timer; and the ISN each explains is its own sender's. */
static void
test_syn_flood_notes (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("syn-flood");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  guint flood_taken = 0, flood_dropped = 0, client_dropped = 0;

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);
      guint host = seqack_trace_get_event_host (trace, i);
      const char *note;
      g_autofree char *seq = NULL;

      if (e->kind != SEQACK_EVENT_SEGMENT || e->flags != SEQACK_TCP_SYN)
        continue;
      note = seqack_trace_format_segment_note (trace, i);
      seq = seqack_explain_seq (trace, i, FALSE);
      if (host == SEQACK_HOST_FLOOD)
        {
          g_assert_nonnull (note);
          g_assert_nonnull (strstr (note, "the flood never sends"));
          g_assert_null (strstr (note, "client"));
          if (e->marks & SEQACK_MARK_QUEUE_DROP)
            {
              g_assert_nonnull (strstr (note, "queue is full"));
              flood_dropped++;
            }
          else
            {
              g_assert_nonnull (strstr (note, "spoofed address"));
              flood_taken++;
            }
          g_assert_nonnull (strstr (seq, "the flood's initial sequence"));
        }
      else if (host == SEQACK_CLIENT)
        {
          if (e->marks & SEQACK_MARK_QUEUE_DROP)
            {
              g_assert_nonnull (strstr (note, "client sends it again"));
              client_dropped++;
            }
          if ((e->marks & SEQACK_MARK_RETRANSMISSION) == 0)
            g_assert_nonnull (strstr (seq, "the client's initial"));
        }
    }
  /* The backlog's four half-open, then drops, the client's first SYN
   * among them. */
  g_assert_cmpuint (flood_taken, >=, 4);
  g_assert_cmpuint (flood_dropped, >=, 1);
  g_assert_cmpuint (client_dropped, >=, 1);
}

/* With many connections on the server (the flood's half-open ones), a
 * SYN,ACK resent by its timer is explained by its own connection's
 * timer: the RTO named is the time since that connection last sent it,
 * whatever the others' timers were set to in between. */
static void
test_flood_rto_own_timer (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("syn-flood");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  guint checked = 0;

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);
      g_autofree char *rto = NULL;
      const char *at;
      double seconds;
      gint64 previous = -1;

      if (e->kind != SEQACK_EVENT_SEGMENT || e->side != SEQACK_SERVER ||
          e->flags != (SEQACK_TCP_SYN | SEQACK_TCP_ACK) ||
          !(e->marks & SEQACK_MARK_RETRANSMISSION))
        continue;
      rto = seqack_explain_rto (trace, i);
      g_assert_nonnull (rto);
      at = strstr (rto, "expired: RTO ");
      if (at == NULL)
        continue;
      seconds = g_ascii_strtod (at + strlen ("expired: RTO "), NULL);
      /* The same connection's previous SYN,ACK: same ports, same peer. */
      for (guint j = i; j-- > 0;)
        {
          const SeqackEvent *p = seqack_trace_get_event (trace, j);

          if (p->kind == SEQACK_EVENT_SEGMENT && p->side == SEQACK_SERVER &&
              p->seq == e->seq && p->flags == e->flags &&
              seqack_trace_get_segment_receiver (trace, j) ==
              seqack_trace_get_segment_receiver (trace, i) &&
              seqack_trace_get_event (trace, j)->ack == e->ack)
            {
              previous = p->t;
              break;
            }
        }
      g_assert_cmpint (previous, >=, 0);
      g_assert_cmpfloat (fabs (seconds * G_USEC_PER_SEC
                               - (double) (e->t - previous)), <, 1000);
      checked++;
    }
  g_assert_cmpuint (checked, >=, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/scenario/builtin-list", test_builtin_list);
  g_test_add_func ("/lab/scenario/builtin-titles", test_builtin_titles);
  g_test_add_func ("/lab/scenario/handshake", test_handshake);
  g_test_add_func ("/lab/scenario/hello-goodbye", test_hello_goodbye);
  g_test_add_func ("/lab/scenario/server-closes-first",
                   test_server_closes_first);
  g_test_add_func ("/lab/scenario/lost-syn", test_lost_syn);
  g_test_add_func ("/lab/scenario/lost-syn-ack", test_lost_syn_ack);
  g_test_add_func ("/lab/scenario/lost-final-ack", test_lost_final_ack);
  g_test_add_func ("/lab/scenario/simultaneous-open",
                   test_simultaneous_open);
  g_test_add_func ("/lab/scenario/simultaneous-close",
                   test_simultaneous_close);
  g_test_add_func ("/lab/scenario/half-close", test_half_close);
  g_test_add_func ("/lab/scenario/abort", test_abort);
  g_test_add_func ("/lab/scenario/closed-port", test_closed_port);
  g_test_add_func ("/lab/scenario/old-duplicate-syn",
                   test_old_duplicate_syn);
  g_test_add_func ("/lab/scenario/reordering", test_reordering);
  g_test_add_func ("/lab/scenario/reconnect", test_reconnect);
  g_test_add_func ("/lab/scenario/time-wait-reuse", test_time_wait_reuse);
  g_test_add_func ("/lab/scenario/syn-queue-full", test_syn_queue_full);
  g_test_add_func ("/lab/scenario/syn-queue-cookies", test_syn_cookies);
  g_test_add_func ("/lab/scenario/rfc4987-3.6-syn-cookies-flood",
                   test_syn_cookies_flood);
  g_test_add_func ("/lab/scenario/syn-flood-notes", test_syn_flood_notes);
  g_test_add_func ("/lab/scenario/syn-flood-rto-own-timer",
                   test_flood_rto_own_timer);
  g_test_add_func ("/lab/scenario/accept-queue-full",
                   test_accept_queue_full);

  return g_test_run ();
}
