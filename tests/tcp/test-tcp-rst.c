/* test-tcp-rst.c: resets (RFC 9293 §3.5.2, §3.10.7; RFC 5961 §3-4). */

#include "seqack-error.h"
#include "tcp-test-pair.h"

#define SYN SEQACK_TCP_SYN
#define ACK SEQACK_TCP_ACK
#define RST SEQACK_TCP_RST
#define FIN SEQACK_TCP_FIN
#define PSH SEQACK_TCP_PSH

static const guint32 X1 = TEST_CLIENT_ISN + 1;   /* server's RCV.NXT */
static const guint32 Y1 = TEST_SERVER_ISN + 1;   /* server's SND.NXT */

/* RFC 9293 §3.10.7.1: a SYN to a port nobody listens on gets
 * <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK>; the client, seeing an
 * acceptable ACK on the RST, reports "connection refused" and closes. */
static void
test_closed_port (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  TestSegment *rst;
  TestEvent *change;

  test_pair_connect (pair, TEST_CLIENT);
  test_pair_run (pair);

  rst = test_pair_sent (pair, TEST_SERVER, 0);
  test_assert_segment (rst, RST | ACK, 0, TEST_CLIENT_ISN + 1, 0);
  g_assert_cmpuint (rst->seg.src_port, ==, TEST_SERVER_PORT);
  g_assert_cmpuint (rst->seg.dst_port, ==, TEST_CLIENT_PORT);

  g_assert_cmpint (test_pair_last_error (pair, TEST_CLIENT), ==,
                   SEQACK_ERROR_CONNECTION_REFUSED);
  change = test_pair_last_change (pair, TEST_CLIENT);
  g_assert_cmpint (change->from, ==, SEQACK_TCP_SYN_SENT);
  g_assert_cmpint (change->to, ==, SEQACK_TCP_CLOSED);
  g_assert_cmpint (change->edge, ==, SEQACK_TCP_EDGE_RCV_RST);
  g_assert_cmpint (test_pair_next_deadline (pair), ==, SEQACK_NO_DEADLINE);
  /* The closed side never answers the RST itself. */
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 1);
}

/* The §3.10.7.1 rule as a function, for hosts with no TCB at all. */
static void
test_reset_for_closed (void)
{
  SeqackTcpSegment in = { 0 }, out;
  static const guint8 data[5] = "abcde";

  in.src_port = 1234;
  in.dst_port = 80;
  in.seq = 100;
  in.flags = SEQACK_TCP_PSH | FIN;
  in.payload = data;
  in.payload_len = sizeof data;
  g_assert_true (seqack_tcp_reset_for_closed (&in, &out));
  g_assert_cmphex (out.flags, ==, RST | ACK);
  g_assert_cmpuint (out.seq, ==, 0);
  g_assert_cmpuint (out.ack, ==, 106);   /* 5 bytes + FIN */
  g_assert_cmpuint (out.src_port, ==, 80);
  g_assert_cmpuint (out.dst_port, ==, 1234);
  g_assert_cmpuint (out.payload_len, ==, 0);

  in.flags = ACK;
  in.ack = 777;
  in.payload_len = 0;
  g_assert_true (seqack_tcp_reset_for_closed (&in, &out));
  g_assert_cmphex (out.flags, ==, RST);
  g_assert_cmpuint (out.seq, ==, 777);

  in.flags = RST | ACK;
  g_assert_false (seqack_tcp_reset_for_closed (&in, &out));
}

/* RFC 9293 §3.10.7.2: in LISTEN any ACK is bad: <SEQ=SEG.ACK><CTL=RST>;
 * a RST is ignored. The listener keeps listening. */
static void
test_listen_acks_get_rst (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_listen (pair, TEST_SERVER);
  test_pair_inject (pair, TEST_SERVER, ACK, 1, 4242, NULL);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 1);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 0), RST, 4242, 0,
                       0);
  g_assert_cmpuint (test_pair_sent (pair, TEST_SERVER, 0)->seg.dst_port, ==,
                    TEST_CLIENT_PORT);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_LISTEN);

  /* A SYN,ACK is an ACK too. */
  test_pair_inject (pair, TEST_SERVER, SYN | ACK, 1, 99, NULL);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 1), RST, 99, 0, 0);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_LISTEN);

  test_pair_inject (pair, TEST_SERVER, RST, 1, 0, NULL);
  test_pair_inject (pair, TEST_SERVER, RST | ACK, 1, 5, NULL);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 2);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_LISTEN);
  g_assert_cmpuint (test_pair_count_events (pair, TEST_SERVER,
                                            TEST_EV_STATE), ==, 1);
}

/* RFC 5961 §3.2: a RST whose sequence number is exactly RCV.NXT resets
 * the connection: "connection reset", CLOSED, nothing sent. */
static void
test_exact_rst_resets (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  TestEvent *change;

  test_pair_establish (pair);
  test_pair_send (pair, TEST_SERVER, "unacked");
  test_pair_discard_wire (pair);

  test_pair_inject (pair, TEST_SERVER, RST, X1, 0, NULL);
  g_assert_cmpint (test_pair_last_error (pair, TEST_SERVER), ==,
                   SEQACK_ERROR_CONNECTION_RESET);
  change = test_pair_last_change (pair, TEST_SERVER);
  g_assert_cmpint (change->from, ==, SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (change->to, ==, SEQACK_TCP_CLOSED);
  g_assert_cmpint (change->edge, ==, SEQACK_TCP_EDGE_RCV_RST);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 1);
  /* Going CLOSED cancels the retransmission timer, and says so. */
  g_assert_nonnull (test_pair_find_timer (pair, TEST_SERVER,
                                          SEQACK_TCP_TIMER_RETRANSMIT,
                                          SEQACK_TIMER_CANCELLED, 0));
  g_assert_cmpint (seqack_tcp_conn_next_deadline (
                     test_pair_conn (pair, TEST_SERVER)), ==,
                   SEQACK_NO_DEADLINE);
  g_assert_cmpuint (seqack_tcp_conn_get_unacked (
                      test_pair_conn (pair, TEST_SERVER)), ==, 0);
}

/* RFC 5961 §3.2: a RST inside the window but not at RCV.NXT (a blind
 * attacker's guess) gets a challenge ACK <SEQ=SND.NXT><ACK=RCV.NXT> and
 * changes nothing; a RST outside the window is dropped silently. */
static void
test_in_window_rst_challenge_ack (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_establish (pair);

  test_pair_inject (pair, TEST_SERVER, RST, X1 + 100, 0, NULL);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 1);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 0), ACK, Y1, X1, 0);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (test_pair_last_error (pair, TEST_SERVER), ==, -1);

  /* The peer, seeing the challenge ACK, is fine with it. */
  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 0);

  test_pair_inject (pair, TEST_SERVER, RST, X1 + 70000, 0, NULL);
  test_pair_inject (pair, TEST_SERVER, RST, X1 - 1, 0, NULL);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 1);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
}

/* RFC 9293 Figure 5 note 1: SYN-RCVD reached by a passive OPEN returns to
 * LISTEN on a RST, with no error for the user, and listens on. */
static void
test_syn_rcvd_back_to_listen (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  TestEvent *change;

  test_pair_listen (pair, TEST_SERVER);
  test_pair_inject (pair, TEST_SERVER, SYN, 700, 0, NULL);
  test_pair_discard_wire (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_SYN_RECEIVED);

  test_pair_inject (pair, TEST_SERVER, RST, 701, 0, NULL);
  change = test_pair_last_change (pair, TEST_SERVER);
  g_assert_cmpint (change->from, ==, SEQACK_TCP_SYN_RECEIVED);
  g_assert_cmpint (change->to, ==, SEQACK_TCP_LISTEN);
  g_assert_cmpint (change->edge, ==, SEQACK_TCP_EDGE_SYN_RCVD_RST);
  g_assert_cmpint (test_pair_last_error (pair, TEST_SERVER), ==, -1);
  g_assert_nonnull (test_pair_find_timer (pair, TEST_SERVER,
                                          SEQACK_TCP_TIMER_RETRANSMIT,
                                          SEQACK_TIMER_CANCELLED, 0));
  g_assert_cmpint (test_pair_next_deadline (pair), ==, SEQACK_NO_DEADLINE);

  /* Still a listener: a real client connects. */
  test_pair_connect (pair, TEST_CLIENT);
  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
}

/* RFC 9293 §3.10.7.3: in SYN-SENT a RST counts only with an acceptable
 * ACK; without one it is dropped. */
static void
test_syn_sent_rst_needs_ack (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_connect (pair, TEST_CLIENT);
  test_pair_discard_wire (pair);

  test_pair_inject (pair, TEST_CLIENT, RST, 0, 0, NULL);
  test_pair_inject (pair, TEST_CLIENT, RST | ACK, 0, TEST_CLIENT_ISN, NULL);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_SYN_SENT);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 1);

  test_pair_inject (pair, TEST_CLIENT, RST | ACK, 0, TEST_CLIENT_ISN + 1,
                    NULL);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (test_pair_last_error (pair, TEST_CLIENT), ==,
                   SEQACK_ERROR_CONNECTION_REFUSED);
}

/* RFC 9293 §3.10.5: ABORT sends <SEQ=SND.NXT><CTL=RST> (with ACK, like
 * Linux) and goes CLOSED; the peer, hit at RCV.NXT, resets too. */
static void
test_abort_sends_rst (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  TestEvent *change;

  test_pair_establish (pair);
  seqack_tcp_conn_abort (test_pair_conn (pair, TEST_CLIENT), 0);

  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 0), RST | ACK,
                       X1, Y1, 0);
  change = test_pair_last_change (pair, TEST_CLIENT);
  g_assert_cmpint (change->edge, ==, SEQACK_TCP_EDGE_ABORT);
  g_assert_cmpint (change->to, ==, SEQACK_TCP_CLOSED);

  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (test_pair_last_error (pair, TEST_SERVER), ==,
                   SEQACK_ERROR_CONNECTION_RESET);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 0);
}

/* After a crash-like abort, the peer's next data reaches a CLOSED TCB and
 * gets <SEQ=SEG.ACK><CTL=RST>, which resets the peer. */
static void
test_data_to_closed_gets_rst (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_establish (pair);
  seqack_tcp_conn_abort (test_pair_conn (pair, TEST_CLIENT), 0);
  test_pair_discard_wire (pair);   /* the abort's RST is lost */

  test_pair_send (pair, TEST_SERVER, "anyone?");
  test_pair_run (pair);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 1), RST, X1, 0, 0);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (test_pair_last_error (pair, TEST_SERVER), ==,
                   SEQACK_ERROR_CONNECTION_RESET);
}

/* RFC 5961 §4 (RFC 9293 §3.10.7.4 fourth step): any SYN in a synchronized
 * state, in the window or not, gets a challenge ACK and is dropped. */
static void
test_syn_challenge_ack_any_seq (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  const guint32 seqs[] = { X1 + 10, X1 - 500, X1 + 1000000, X1 };

  test_pair_establish (pair);
  for (guint i = 0; i < G_N_ELEMENTS (seqs); i++)
    {
      test_pair_inject (pair, TEST_SERVER, SYN, seqs[i], 0, NULL);
      g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, i + 1);
      test_assert_segment (test_pair_sent (pair, TEST_SERVER, i), ACK,
                           Y1, X1, 0);
      g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                       SEQACK_TCP_ESTABLISHED);
    }

  /* With data on it, the SYN is still dropped, data and all. */
  test_pair_inject (pair, TEST_SERVER, SYN | ACK, X1, Y1, "evil");
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, -1), ACK, Y1, X1,
                       0);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, "");
  g_assert_cmpint (test_pair_last_error (pair, TEST_SERVER), ==, -1);

  /* In TIME-WAIT too. */
  test_pair_close (pair, TEST_CLIENT);
  test_pair_run (pair);
  test_pair_close (pair, TEST_SERVER);
  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_TIME_WAIT);
  test_pair_inject (pair, TEST_CLIENT, SYN, 123456, 0, NULL);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, -1), ACK, X1 + 1,
                       Y1 + 1, 0);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_TIME_WAIT);
}

/* A passive SYN-RCVD that the user closed with data queued (CLOSE waits
 * for ESTABLISHED, RFC 9293 §3.10.4). */
static TestPair *
closed_syn_rcvd (void)
{
  TestPair *pair = test_pair_new (NULL);

  test_pair_listen (pair, TEST_SERVER);
  test_pair_inject (pair, TEST_SERVER, SYN, 700, 0, NULL);
  test_pair_discard_wire (pair);
  test_pair_send (pair, TEST_SERVER, "late");
  test_pair_close (pair, TEST_SERVER);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_SYN_RECEIVED);
  g_assert_false (seqack_tcp_conn_allows (test_pair_conn (pair, TEST_SERVER),
                                          SEQACK_TCP_CALL_CLOSE));

  return pair;
}

/* Figure 5 note 1 returns a passive SYN-RCVD to LISTEN on a RST, but the
 * user closed this one: returning to LISTEN would resurrect a listener
 * the user closed. It goes CLOSED, quietly (the user closed it), and a
 * later SYN is refused. */
static void
test_syn_rcvd_closed_rst_goes_closed (void)
{
  g_autoptr(TestPair) pair = closed_syn_rcvd ();
  TestEvent *change;

  test_pair_inject (pair, TEST_SERVER, RST, 701, 0, NULL);
  change = test_pair_last_change (pair, TEST_SERVER);
  g_assert_cmpint (change->from, ==, SEQACK_TCP_SYN_RECEIVED);
  g_assert_cmpint (change->to, ==, SEQACK_TCP_CLOSED);
  g_assert_cmpint (change->edge, ==, SEQACK_TCP_EDGE_RCV_RST);
  g_assert_cmpint (test_pair_last_error (pair, TEST_SERVER), ==, -1);
  g_assert_cmpint (test_pair_next_deadline (pair), ==, SEQACK_NO_DEADLINE);
  g_assert_cmpuint (seqack_tcp_conn_get_unacked (test_pair_conn (pair,
                                                                 TEST_SERVER)),
                    ==, 0);

  /* Nobody listens any more: a client's SYN is refused. */
  test_pair_connect (pair, TEST_CLIENT);
  test_pair_run (pair);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, -1), RST | ACK, 0,
                       X1, 0);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (test_pair_last_error (pair, TEST_CLIENT), ==,
                   SEQACK_ERROR_CONNECTION_REFUSED);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_CLOSED);
}

/* A new SYN in the window of that closed SYN-RCVD does not bring the
 * listener back either: RFC 5961 §4 challenge ACK, state kept. */
static void
test_syn_rcvd_closed_syn_challenge_ack (void)
{
  g_autoptr(TestPair) pair = closed_syn_rcvd ();
  guint n = test_pair_n_sent (pair, TEST_SERVER);

  test_pair_inject (pair, TEST_SERVER, SYN, 900, 0, NULL);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_SYN_RECEIVED);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, n + 1);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, -1), ACK, Y1,
                       701, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tcp/rst/closed-port", test_closed_port);
  g_test_add_func ("/tcp/rst/reset-for-closed", test_reset_for_closed);
  g_test_add_func ("/tcp/rst/listen-acks-get-rst", test_listen_acks_get_rst);
  g_test_add_func ("/tcp/rst/exact-rst-resets", test_exact_rst_resets);
  g_test_add_func ("/tcp/rst/in-window-rst-challenge-ack",
                   test_in_window_rst_challenge_ack);
  g_test_add_func ("/tcp/rst/syn-rcvd-back-to-listen",
                   test_syn_rcvd_back_to_listen);
  g_test_add_func ("/tcp/rst/syn-sent-rst-needs-ack",
                   test_syn_sent_rst_needs_ack);
  g_test_add_func ("/tcp/rst/abort-sends-rst", test_abort_sends_rst);
  g_test_add_func ("/tcp/rst/data-to-closed-gets-rst",
                   test_data_to_closed_gets_rst);
  g_test_add_func ("/tcp/syn/challenge-ack-any-seq",
                   test_syn_challenge_ack_any_seq);
  g_test_add_func ("/tcp/rst/syn-rcvd-closed-rst-goes-closed",
                   test_syn_rcvd_closed_rst_goes_closed);
  g_test_add_func ("/tcp/syn/syn-rcvd-closed-challenge-ack",
                   test_syn_rcvd_closed_syn_challenge_ack);

  return g_test_run ();
}
