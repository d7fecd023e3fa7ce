/* test-tcp-timers.c: the retransmission timer (RFC 6298 with Karn's
 * algorithm), the persist timer (RFC 9293 §3.8.6.1), half-close versus
 * quitting the application, and RFC 5961 §5's ACK check. */

#include <string.h>

#include "seqack-error.h"
#include "tcp-test-pair.h"

#define S SEQACK_USEC_PER_SEC
#define MS (S / 1000)
#define ACK SEQACK_TCP_ACK
#define FIN SEQACK_TCP_FIN
#define PSH SEQACK_TCP_PSH
#define RST SEQACK_TCP_RST
#define SYN SEQACK_TCP_SYN

static const guint32 U = TEST_CLIENT_ISN + 1;
static const guint32 W = TEST_SERVER_ISN + 1;

static gint64
rtx_deadline (TestPair *pair,
              TestSide  side)
{
  return seqack_tcp_conn_timer_deadline (test_pair_conn (pair, side),
                                         SEQACK_TCP_TIMER_RETRANSMIT);
}

/* A handshake whose SYN and SYN,ACK each take @one_way on the wire: the
 * client measures an RTT of 2 x @one_way. */
static void
establish_with_delay (TestPair *pair,
                      gint64    one_way)
{
  test_pair_listen (pair, TEST_SERVER);
  test_pair_connect (pair, TEST_CLIENT);
  test_pair_advance_to (pair, test_pair_now (pair) + one_way);
  test_pair_step (pair);                       /* SYN arrives */
  test_pair_advance_to (pair, test_pair_now (pair) + one_way);
  test_pair_step (pair);                       /* SYN,ACK arrives */
  test_pair_advance_to (pair, test_pair_now (pair) + one_way);
  test_pair_run (pair);                        /* the ACK */
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
  test_pair_clear_record (pair);
}

/* Before any sample RTO is 1 s and SRTT/RTTVAR have no value (RFC 6298
 * (2.1)); the first sample R sets SRTT = R, RTTVAR = R/2, RTO = SRTT +
 * 4 x RTTVAR (2.2): R = 1.2 s gives the lesson's 3.6 s. */
static void
test_rto_first_sample (void)
{
  SeqackTcpConfig config;
  g_autoptr(TestPair) pair = NULL;
  SeqackTcpVars v;

  /* A patient initial RTO, so the slow SYN is not resent. */
  seqack_tcp_config_init (&config);
  config.rto_initial = 2 * S;
  pair = test_pair_new (&config);

  test_pair_listen (pair, TEST_SERVER);
  test_pair_connect (pair, TEST_CLIENT);
  v = test_pair_vars_of (pair, TEST_CLIENT);
  g_assert_cmpuint (v.srtt, ==, SEQACK_TCP_NO_RTT);
  g_assert_cmpuint (v.rttvar, ==, SEQACK_TCP_NO_RTT);
  g_assert_cmpuint (v.rto, ==, 2 * S);
  g_assert_cmpuint (v.rto_rule, ==, SEQACK_RTO_INITIAL);

  test_pair_advance_to (pair, 600 * MS);
  test_pair_step (pair);
  test_pair_advance_to (pair, 1200 * MS);
  test_pair_step (pair);
  v = test_pair_vars_of (pair, TEST_CLIENT);
  g_assert_cmpuint (v.srtt, ==, 1200 * MS);
  g_assert_cmpuint (v.rttvar, ==, 600 * MS);
  g_assert_cmpuint (v.rto, ==, 3600 * MS);
  g_assert_cmpuint (v.rto_rule, ==, SEQACK_RTO_ESTIMATE);

  /* The first data segment's timer is that RTO. */
  test_pair_send (pair, TEST_CLIENT, "hello");
  g_assert_cmpint (rtx_deadline (pair, TEST_CLIENT), ==,
                   1200 * MS + 3600 * MS);
}

/* RFC 6298 (2.3): RTTVAR = 3/4 RTTVAR + 1/4 |SRTT - R'|, then SRTT =
 * 7/8 SRTT + 1/8 R'. */
static void
test_rto_update (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  SeqackTcpVars v;

  establish_with_delay (pair, 400 * MS);      /* R = 800 ms */
  v = test_pair_vars_of (pair, TEST_CLIENT);
  g_assert_cmpuint (v.srtt, ==, 800 * MS);
  g_assert_cmpuint (v.rttvar, ==, 400 * MS);
  g_assert_cmpuint (v.rto, ==, 2400 * MS);

  /* R' = 1600 ms: RTTVAR = 300 + 200 = 500 ms, SRTT = 700 + 200 = 900. */
  test_pair_send (pair, TEST_CLIENT, "x");
  test_pair_advance_to (pair, test_pair_now (pair) + 800 * MS);
  test_pair_step (pair);
  test_pair_advance_to (pair, test_pair_now (pair) + 800 * MS);
  test_pair_step (pair);
  v = test_pair_vars_of (pair, TEST_CLIENT);
  g_assert_cmpuint (v.rttvar, ==, 500 * MS);
  g_assert_cmpuint (v.srtt, ==, 900 * MS);
  g_assert_cmpuint (v.rto, ==, 2900 * MS);
  g_assert_cmpuint (v.rto_rule, ==, SEQACK_RTO_ESTIMATE);
}

/* RFC 6298 (2.4): an RTO below 1 s is rounded up to 1 s. */
static void
test_rto_minimum_1s (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  SeqackTcpVars v;

  establish_with_delay (pair, 20 * MS);       /* R = 40 ms: 120 ms */
  v = test_pair_vars_of (pair, TEST_CLIENT);
  g_assert_cmpuint (v.srtt, ==, 40 * MS);
  g_assert_cmpuint (v.rttvar, ==, 20 * MS);
  g_assert_cmpuint (v.rto, ==, 1 * S);
  g_assert_cmpuint (v.rto_rule, ==, SEQACK_RTO_MINIMUM);
}

/* The labelled Linux setting: TCP_RTO_MIN, 200 ms, floors the variance
 * term (tcp_rtt_estimator), so RTO = SRTT + max (200 ms, 4 x RTTVAR). */
static void
test_rto_linux_minimum_200ms (void)
{
  SeqackTcpConfig config;
  g_autoptr(TestPair) pair = NULL;
  SeqackTcpVars v;

  seqack_tcp_config_init (&config);
  config.linux_rto_min = TRUE;
  pair = test_pair_new (&config);
  establish_with_delay (pair, 20 * MS);
  v = test_pair_vars_of (pair, TEST_CLIENT);
  g_assert_cmpuint (v.rto, ==, 40 * MS + 200 * MS);
  g_assert_cmpuint (v.rto_rule, ==, SEQACK_RTO_LINUX_MINIMUM);

  /* A large variance is not floored. */
  test_pair_send (pair, TEST_CLIENT, "x");
  test_pair_advance_to (pair, test_pair_now (pair) + 200 * MS);
  test_pair_run (pair);
  v = test_pair_vars_of (pair, TEST_CLIENT);
  /* R' = 200 ms: RTTVAR = 15 + 40 = 55 ms, SRTT = 35 + 25 = 60 ms. */
  g_assert_cmpuint (v.rttvar, ==, 55 * MS);
  g_assert_cmpuint (v.srtt, ==, 60 * MS);
  g_assert_cmpuint (v.rto, ==, 60 * MS + 220 * MS);
  g_assert_cmpuint (v.rto_rule, ==, SEQACK_RTO_ESTIMATE);
}

/* RFC 6298 (5.5) and (2.5): each timeout doubles the RTO, up to the
 * 120 s ceiling (Linux's TCP_RTO_MAX). */
static void
test_rto_backoff_maximum_120s (void)
{
  SeqackTcpConfig config;
  g_autoptr(TestPair) pair = NULL;
  static const gint64 expected[] = { 2, 4, 8, 16, 32, 64, 120, 120 };
  gint64 t = 0;

  seqack_tcp_config_init (&config);
  config.retries = 20;
  pair = test_pair_new (&config);
  test_pair_establish (pair);
  test_pair_send (pair, TEST_CLIENT, "void");
  test_pair_discard_wire (pair);
  t = test_pair_now (pair) + 1 * S;
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      SeqackTcpVars v;

      g_assert_cmpint (rtx_deadline (pair, TEST_CLIENT), ==, t);
      test_pair_advance_to (pair, t);
      test_pair_discard_wire (pair);
      v = test_pair_vars_of (pair, TEST_CLIENT);
      g_assert_cmpuint (v.rto, ==, expected[i] * S);
      g_assert_cmpuint (v.backoff, ==, i + 1);
      g_assert_cmpuint (v.rto_rule, ==,
                        expected[i] == 120 ? SEQACK_RTO_MAXIMUM
                                           : SEQACK_RTO_BACKOFF);
      t += expected[i] * S;
    }
}

/* Karn's algorithm (RFC 6298 §3): the ACK of a retransmitted segment is
 * no sample, and the backed-off RTO stays; the next segment sent once
 * gives a sample, and the RTO collapses back to the estimate. */
static void
test_rto_karn (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  SeqackTcpVars before, v;

  establish_with_delay (pair, 100 * MS);      /* SRTT 200 ms */
  before = test_pair_vars_of (pair, TEST_CLIENT);

  test_pair_send (pair, TEST_CLIENT, "lost");
  test_pair_discard_wire (pair);
  test_pair_advance_to (pair, rtx_deadline (pair, TEST_CLIENT));
  g_assert_true (test_pair_sent (pair, TEST_CLIENT, -1)->retransmission);
  /* The retransmission's ACK comes 300 ms later. */
  test_pair_advance_to (pair, test_pair_now (pair) + 150 * MS);
  test_pair_step (pair);
  test_pair_advance_to (pair, test_pair_now (pair) + 150 * MS);
  test_pair_step (pair);
  g_assert_cmpuint (seqack_tcp_conn_get_unacked (
                      test_pair_conn (pair, TEST_CLIENT)), ==, 0);
  v = test_pair_vars_of (pair, TEST_CLIENT);
  g_assert_cmpuint (v.srtt, ==, before.srtt);
  g_assert_cmpuint (v.rttvar, ==, before.rttvar);
  g_assert_cmpuint (v.rto, ==, 2 * S);
  g_assert_cmpuint (v.rto_rule, ==, SEQACK_RTO_BACKOFF);

  test_pair_send (pair, TEST_CLIENT, "fresh");
  g_assert_cmpint (rtx_deadline (pair, TEST_CLIENT), ==,
                   test_pair_now (pair) + 2 * S);
  test_pair_advance_to (pair, test_pair_now (pair) + 100 * MS);
  test_pair_step (pair);
  test_pair_advance_to (pair, test_pair_now (pair) + 100 * MS);
  test_pair_step (pair);
  v = test_pair_vars_of (pair, TEST_CLIENT);
  g_assert_cmpuint (v.backoff, ==, 0);
  g_assert_cmpuint (v.rto, ==, 1 * S);
  g_assert_cmpuint (v.rto_rule, ==, SEQACK_RTO_MINIMUM);
}

/* RFC 6298 (5.7): the SYN was lost and resent, so no sample (Karn), and
 * the first data segment's timer is 3 s, not 1 s. */
static void
test_rto_after_syn_retransmit (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  SeqackTcpVars v;

  test_pair_listen (pair, TEST_SERVER);
  test_pair_drop_next (pair, TEST_CLIENT);
  test_pair_connect (pair, TEST_CLIENT);
  test_pair_run (pair);
  test_pair_advance_to (pair, 1 * S);
  g_assert_true (test_pair_sent (pair, TEST_CLIENT, 1)->retransmission);
  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);

  v = test_pair_vars_of (pair, TEST_CLIENT);
  g_assert_cmpuint (v.srtt, ==, SEQACK_TCP_NO_RTT);
  g_assert_cmpuint (v.rto, ==, 3 * S);
  g_assert_cmpuint (v.backoff, ==, 0);
  g_assert_cmpuint (v.rto_rule, ==, SEQACK_RTO_AFTER_SYN_LOSS);

  test_pair_send (pair, TEST_CLIENT, "hello");
  g_assert_cmpint (rtx_deadline (pair, TEST_CLIENT), ==, 1 * S + 3 * S);
}

/* The same for the server whose SYN,ACK was resent. */
static void
test_rto_after_syn_ack_retransmit (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_listen (pair, TEST_SERVER);
  test_pair_connect (pair, TEST_CLIENT);
  test_pair_drop_next (pair, TEST_SERVER);
  test_pair_run (pair);
  test_pair_advance_to (pair, 1 * S);   /* SYN,ACK again, and the SYN */
  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_SERVER).rto_rule, ==,
                    SEQACK_RTO_AFTER_SYN_LOSS);
  test_pair_send (pair, TEST_SERVER, "welcome");
  g_assert_cmpint (rtx_deadline (pair, TEST_SERVER), ==,
                   test_pair_now (pair) + 3 * S);
}

/* RFC 9293 §3.10.4: CLOSE is a half-close. The client that closed keeps
 * receiving in FIN-WAIT-2 for as long as the server sends: no timer. */
static void
test_half_close_keeps_reading (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_establish (pair);
  test_pair_close (pair, TEST_CLIENT);
  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_FIN_WAIT_2);
  g_assert_cmpint (test_pair_next_deadline (pair), ==, SEQACK_NO_DEADLINE);

  test_pair_advance_to (pair, 61 * S);
  test_pair_send (pair, TEST_SERVER, "late reply");
  test_pair_run (pair);
  g_assert_cmpstr (test_pair_received (pair, TEST_CLIENT), ==, "late reply");
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_FIN_WAIT_2);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, -1), ACK,
                       U + 1, W + 10, 0);
  g_assert_cmpint (test_pair_last_error (pair, TEST_SERVER), ==, -1);
}

/* Quit app: a FIN as CLOSE sends, then Linux's tcp_fin_timeout (60 s)
 * in FIN-WAIT-2; calling it after CLOSE starts that timer then. */
static void
test_quit_fin_wait_2_timer (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  SeqackTcpConn *client;
  TestEvent *set;

  test_pair_establish (pair);
  client = test_pair_conn (pair, TEST_CLIENT);
  g_assert_true (seqack_tcp_conn_allows (client, SEQACK_TCP_CALL_QUIT));
  test_pair_close (pair, TEST_CLIENT);
  test_pair_run (pair);
  g_assert_null (test_pair_find_timer (pair, TEST_CLIENT,
                                       SEQACK_TCP_TIMER_FIN_WAIT_2,
                                       SEQACK_TIMER_SET, 0));

  test_pair_advance_to (pair, 5 * S);
  g_assert_true (seqack_tcp_conn_quit (client, 0, test_pair_now (pair),
                                       NULL));
  set = test_pair_find_timer (pair, TEST_CLIENT, SEQACK_TCP_TIMER_FIN_WAIT_2,
                              SEQACK_TIMER_SET, 0);
  g_assert_nonnull (set);
  g_assert_cmpint (set->deadline, ==, 65 * S);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 1);
  g_assert_false (seqack_tcp_conn_allows (client, SEQACK_TCP_CALL_QUIT));
  g_assert_false (seqack_tcp_conn_quit (client, 0, test_pair_now (pair),
                                        NULL));

  test_pair_advance_to (pair, 65 * S);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (test_pair_last_change (pair, TEST_CLIENT)->edge, ==,
                   SEQACK_TCP_EDGE_FIN_WAIT_2_TIMEOUT);
}

/* RFC 1122 §4.2.2.13: data that arrives for an application that quit is
 * answered with a RST (Linux, in FIN-WAIT-1 and FIN-WAIT-2), and the
 * connection is gone; the server hears "connection reset". */
static void
test_quit_data_after_gets_rst (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  SeqackTcpConn *client;
  GError *error = NULL;

  test_pair_establish (pair);
  client = test_pair_conn (pair, TEST_CLIENT);
  g_assert_true (seqack_tcp_conn_quit (client, 0, 0, &error));
  g_assert_no_error (error);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 0), FIN | ACK,
                       U, W, 0);
  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_FIN_WAIT_2);

  test_pair_send (pair, TEST_SERVER, "anyone?");
  test_pair_step (pair);
  g_assert_cmpstr (test_pair_received (pair, TEST_CLIENT), ==, "");
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, -1), RST,
                       U + 1, 0, 0);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (test_pair_last_change (pair, TEST_CLIENT)->edge, ==,
                   SEQACK_TCP_EDGE_DATA_AFTER_QUIT);

  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (test_pair_last_error (pair, TEST_SERVER), ==,
                   SEQACK_ERROR_CONNECTION_RESET);
}

/* RFC 1122 §4.2.2.13, Linux tcp_close(): quitting with received data
 * still unread sends a RST instead of a FIN. */
static void
test_quit_unread_data_sends_rst (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_establish (pair);
  g_assert_true (seqack_tcp_conn_quit (test_pair_conn (pair, TEST_CLIENT), 3,
                                       0, NULL));
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 0), RST | ACK,
                       U, W, 0);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (test_pair_last_change (pair, TEST_CLIENT)->edge, ==,
                   SEQACK_TCP_EDGE_ABORT);
  test_pair_run (pair);
  g_assert_cmpint (test_pair_last_error (pair, TEST_SERVER), ==,
                   SEQACK_ERROR_CONNECTION_RESET);
}

/* Tells the client that the server's window is @window. */
static void
server_window (TestPair *pair,
               guint16   window)
{
  SeqackTcpSegment seg;
  SeqackTcpVars v = test_pair_vars_of (pair, TEST_CLIENT);

  memset (&seg, 0, sizeof seg);
  seg.src_port = TEST_SERVER_PORT;
  seg.dst_port = TEST_CLIENT_PORT;
  seg.seq = v.rcv_nxt;
  seg.ack = v.snd_una;
  seg.flags = ACK;
  seg.data_offset = 5;
  seg.window = window;
  test_pair_inject_segment (pair, TEST_CLIENT, &seg);
}

static gint64
persist_deadline (TestPair *pair)
{
  return seqack_tcp_conn_timer_deadline (test_pair_conn (pair, TEST_CLIENT),
                                         SEQACK_TCP_TIMER_PERSIST);
}

/* RFC 9293 §3.8.6.1: with a zero window and data queued, the sender
 * probes with one octet of new data after an RTO, then at doubling
 * intervals (RFC 1122 §4.2.2.17), until the window opens. A lost window
 * update stalls nothing. */
static void
test_persist_zero_window_probe (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  TestSegment *probe;

  test_pair_establish (pair);
  server_window (pair, 0);
  test_pair_send (pair, TEST_CLIENT, "hello");
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 0);
  g_assert_cmpint (persist_deadline (pair), ==, 1 * S);
  g_assert_cmpint (rtx_deadline (pair, TEST_CLIENT), ==, SEQACK_NO_DEADLINE);

  test_pair_advance_to (pair, 1 * S);
  probe = test_pair_sent (pair, TEST_CLIENT, 0);
  test_assert_segment (probe, ACK, U, W, 1);
  g_assert_cmpmem (probe->data, 1, "h", 1);
  g_assert_false (probe->retransmission);
  g_assert_cmpint (persist_deadline (pair), ==, 3 * S);
  test_pair_discard_wire (pair);

  test_pair_advance_to (pair, 3 * S);
  probe = test_pair_sent (pair, TEST_CLIENT, 1);
  test_assert_segment (probe, ACK, U, W, 1);
  g_assert_true (probe->retransmission);
  g_assert_cmpint (persist_deadline (pair), ==, 7 * S);
  test_pair_discard_wire (pair);

  /* The peer answers a probe: still shut, probing goes on. */
  server_window (pair, 0);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 2);
  g_assert_cmpint (persist_deadline (pair), ==, 7 * S);

  /* The window opens: everything goes, the persist timer stops. */
  server_window (pair, 1000);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, -1), PSH | ACK,
                       U, W, 5);
  g_assert_cmpint (persist_deadline (pair), ==, SEQACK_NO_DEADLINE);
  test_pair_run (pair);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, "hello");
}

/* A probe that finds the window open again is taken: its ACK covers the
 * octet, and the rest follows. */
static void
test_persist_probe_taken (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_establish (pair);
  server_window (pair, 0);
  test_pair_send (pair, TEST_CLIENT, "hello");
  test_pair_advance_to (pair, 1 * S);
  test_pair_run (pair);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, "hello");
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 2);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 1), PSH | ACK,
                       U + 1, W, 4);
  g_assert_cmpint (test_pair_next_deadline (pair), ==, SEQACK_NO_DEADLINE);
}

/* RFC 5961 §5.2: an ACK below SND.UNA - MAX.SND.WND is not acceptable:
 * the segment's data is dropped and a challenge ACK sent. One within
 * that range is an old duplicate, and its data is taken. */
static void
test_ack_rfc5961_too_old (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_establish (pair);
  test_pair_inject (pair, TEST_CLIENT, ACK | PSH, W, U - 70000, "evil");
  g_assert_cmpstr (test_pair_received (pair, TEST_CLIENT), ==, "");
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 0), ACK, U, W, 0);

  test_pair_inject (pair, TEST_CLIENT, ACK | PSH, W, U - 1000, "fine");
  g_assert_cmpstr (test_pair_received (pair, TEST_CLIENT), ==, "fine");
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 1), ACK,
                       U, W + 4, 0);
}

/* CLOSE in SYN-RCVD sends the FIN at once (FIN-WAIT-1); a retransmitted
 * SYN then still means the SYN,ACK was lost, and it goes again. */
static void
test_syn_rcvd_close_resends_syn_ack (void)
{
  SeqackTcpConfig server;
  g_autoptr(TestPair) pair = NULL;
  TestSegment *again;

  seqack_tcp_config_init (&server);
  server.rto_initial = 10 * S;
  pair = test_pair_new_full (NULL, &server);
  test_pair_listen (pair, TEST_SERVER);
  test_pair_connect (pair, TEST_CLIENT);
  test_pair_step (pair);
  test_pair_discard_wire (pair);              /* the SYN,ACK is lost */
  test_pair_close (pair, TEST_SERVER);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_FIN_WAIT_1);
  test_pair_discard_wire (pair);

  test_pair_advance_to (pair, 1 * S);         /* the client's SYN again */
  test_pair_step (pair);
  again = test_pair_sent (pair, TEST_SERVER, -1);
  test_assert_segment (again, SYN | ACK, TEST_SERVER_ISN, U, 0);
  g_assert_true (again->retransmission);
}

/* RFC 9293 §3.10.7.4, fourth check: a SYN sends a passive SYN-RCVD back
 * to LISTEN, and the edge says so ("rcv SYN", not "rcv RST"). */
static void
test_syn_rcvd_syn_back_to_listen (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_listen (pair, TEST_SERVER);
  test_pair_inject (pair, TEST_SERVER, SYN, 700, 0, NULL);
  test_pair_inject (pair, TEST_SERVER, SYN, 900, 0, NULL);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_LISTEN);
  g_assert_cmpint (test_pair_last_change (pair, TEST_SERVER)->edge, ==,
                   SEQACK_TCP_EDGE_SYN_RCVD_RCV_SYN);
  g_assert_cmpstr (
    seqack_tcp_edge_info (SEQACK_TCP_EDGE_SYN_RCVD_RCV_SYN)->label, ==,
    "rcv SYN");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tcp/rto/rfc6298-2.2-first-sample",
                   test_rto_first_sample);
  g_test_add_func ("/tcp/rto/rfc6298-2.3-update", test_rto_update);
  g_test_add_func ("/tcp/rto/rfc6298-2.4-minimum-1s", test_rto_minimum_1s);
  g_test_add_func ("/tcp/rto/linux-minimum-200ms",
                   test_rto_linux_minimum_200ms);
  g_test_add_func ("/tcp/rto/rfc6298-5.5-backoff-2.5-maximum-120s",
                   test_rto_backoff_maximum_120s);
  g_test_add_func ("/tcp/rto/karn", test_rto_karn);
  g_test_add_func ("/tcp/rto/rfc6298-5.7-after-syn-retransmit",
                   test_rto_after_syn_retransmit);
  g_test_add_func ("/tcp/rto/rfc6298-5.7-after-syn-ack-retransmit",
                   test_rto_after_syn_ack_retransmit);
  g_test_add_func ("/tcp/close/rfc9293-3.10.4-half-close-keeps-reading",
                   test_half_close_keeps_reading);
  g_test_add_func ("/tcp/quit/linux-fin-timeout-after-quit",
                   test_quit_fin_wait_2_timer);
  g_test_add_func ("/tcp/quit/rfc1122-4.2.2.13-data-after-quit-gets-rst",
                   test_quit_data_after_gets_rst);
  g_test_add_func ("/tcp/quit/rfc1122-4.2.2.13-unread-data-sends-rst",
                   test_quit_unread_data_sends_rst);
  g_test_add_func ("/tcp/persist/rfc9293-3.8.6.1-zero-window-probe",
                   test_persist_zero_window_probe);
  g_test_add_func ("/tcp/persist/probe-taken", test_persist_probe_taken);
  g_test_add_func ("/tcp/ack/rfc5961-5.2-ack-too-old",
                   test_ack_rfc5961_too_old);
  g_test_add_func ("/tcp/syn/syn-rcvd-close-resends-syn-ack",
                   test_syn_rcvd_close_resends_syn_ack);
  g_test_add_func ("/tcp/syn/rfc9293-3.10.7.4-syn-rcvd-syn-to-listen",
                   test_syn_rcvd_syn_back_to_listen);

  return g_test_run ();
}
