/* test-tcp-handshake.c: opening a connection (RFC 9293 §3.5). */

#include "seqack-error.h"
#include "tcp-test-pair.h"

#define S SEQACK_USEC_PER_SEC
#define SYN SEQACK_TCP_SYN
#define ACK SEQACK_TCP_ACK
#define RST SEQACK_TCP_RST

/* CLOSED -> SYN-SENT, <SEQ=ISS><CTL=SYN> with the MSS option, and the
 * retransmission timer started at the initial RTO. */
static void
test_active_open (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  TestEvent *change, *timer;
  TestSegment *syn;

  test_pair_connect (pair, TEST_CLIENT);

  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_SYN_SENT);
  change = test_pair_last_change (pair, TEST_CLIENT);
  g_assert_cmpint (change->from, ==, SEQACK_TCP_CLOSED);
  g_assert_cmpint (change->edge, ==, SEQACK_TCP_EDGE_ACTIVE_OPEN);

  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 1);
  syn = test_pair_sent (pair, TEST_CLIENT, 0);
  test_assert_segment (syn, SYN, TEST_CLIENT_ISN, 0, 0);
  g_assert_cmpuint (syn->seg.src_port, ==, TEST_CLIENT_PORT);
  g_assert_cmpuint (syn->seg.dst_port, ==, TEST_SERVER_PORT);
  g_assert_true (syn->seg.options.has_mss);
  g_assert_cmpuint (syn->seg.options.mss, ==, 1460);
  g_assert_false (syn->seg.options.has_wscale);
  g_assert_false (syn->seg.options.sack_permitted);
  g_assert_false (syn->seg.options.has_timestamps);
  g_assert_cmpuint (syn->seg.window, ==, 64240);
  g_assert_false (syn->retransmission);

  timer = test_pair_find_timer (pair, TEST_CLIENT,
                                SEQACK_TCP_TIMER_RETRANSMIT,
                                SEQACK_TIMER_SET, 0);
  g_assert_nonnull (timer);
  g_assert_cmpint (timer->deadline, ==, 1 * S);
}

/* The lesson's three segments: SYN Seq=x; SYN,ACK Seq=y Ack=x+1; ACK
 * Seq=x+1 Ack=y+1. The server goes LISTEN -> SYN-RCVD -> ESTABLISHED. */
static void
test_passive_open (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  const guint32 x = TEST_CLIENT_ISN, y = TEST_SERVER_ISN;
  SeqackTcpVars vars;
  TestSegment *synack;

  test_pair_listen (pair, TEST_SERVER);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_LISTEN);
  g_assert_cmpint (test_pair_last_change (pair, TEST_SERVER)->edge, ==,
                   SEQACK_TCP_EDGE_PASSIVE_OPEN);
  /* A listener chooses no ISN until a SYN comes. */
  g_assert_cmpuint (test_pair_n_isn (pair, TEST_SERVER), ==, 0);

  test_pair_connect (pair, TEST_CLIENT);
  test_pair_step (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_SYN_RECEIVED);
  g_assert_cmpint (test_pair_last_change (pair, TEST_SERVER)->edge, ==,
                   SEQACK_TCP_EDGE_RCV_SYN);
  synack = test_pair_sent (pair, TEST_SERVER, 0);
  test_assert_segment (synack, SYN | ACK, y, x + 1, 0);
  g_assert_true (synack->seg.options.has_mss);
  g_assert_cmpuint (synack->seg.dst_port, ==, TEST_CLIENT_PORT);
  g_assert_cmpuint (seqack_tcp_conn_get_remote_port (
                      test_pair_conn (pair, TEST_SERVER)), ==,
                    TEST_CLIENT_PORT);

  test_pair_step (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (test_pair_last_change (pair, TEST_CLIENT)->edge, ==,
                   SEQACK_TCP_EDGE_RCV_SYN_ACK);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 1), ACK,
                       x + 1, y + 1, 0);
  g_assert_false (test_pair_sent (pair, TEST_CLIENT, 1)->seg.options.has_mss);
  g_assert_nonnull (test_pair_find_timer (pair, TEST_CLIENT,
                                          SEQACK_TCP_TIMER_RETRANSMIT,
                                          SEQACK_TIMER_CANCELLED, 0));

  test_pair_step (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (test_pair_last_change (pair, TEST_SERVER)->edge, ==,
                   SEQACK_TCP_EDGE_RCV_ACK_OF_SYN);
  g_assert_nonnull (test_pair_find_timer (pair, TEST_SERVER,
                                          SEQACK_TCP_TIMER_RETRANSMIT,
                                          SEQACK_TIMER_CANCELLED, 0));
  /* Three segments, nothing more. */
  g_assert_cmpuint (test_pair_in_flight (pair), ==, 0);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 2);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 1);

  test_pair_vars (pair, TEST_SERVER, &vars);
  g_assert_cmpuint (vars.iss, ==, y);
  g_assert_cmpuint (vars.irs, ==, x);
  g_assert_cmpuint (vars.snd_una, ==, y + 1);
  g_assert_cmpuint (vars.snd_nxt, ==, y + 1);
  g_assert_cmpuint (vars.rcv_nxt, ==, x + 1);
  g_assert_cmpuint (vars.snd_wnd, ==, 64240);
  g_assert_cmpuint (vars.rcv_wnd, ==, 64240);
  test_pair_vars (pair, TEST_CLIENT, &vars);
  g_assert_cmpuint (vars.iss, ==, x);
  g_assert_cmpuint (vars.irs, ==, y);
  g_assert_cmpuint (vars.snd_una, ==, x + 1);
  g_assert_cmpuint (vars.rcv_nxt, ==, y + 1);
  g_assert_cmpint (test_pair_next_deadline (pair), ==, SEQACK_NO_DEADLINE);
}

/* RFC 793 Figure 8: both send SYN, both go SYN-SENT -> SYN-RCVD, each
 * answers with a SYN,ACK repeating its own ISS, each SYN,ACK takes the
 * other to ESTABLISHED: four segments. */
static void
test_simultaneous_open (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  const guint32 x = TEST_CLIENT_ISN, y = TEST_SERVER_ISN;

  test_pair_connect (pair, TEST_CLIENT);
  test_pair_connect (pair, TEST_SERVER);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 0), SYN, y, 0, 0);

  test_pair_step (pair);   /* the client's SYN reaches the server */
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_SYN_RECEIVED);
  g_assert_cmpint (test_pair_last_change (pair, TEST_SERVER)->edge, ==,
                   SEQACK_TCP_EDGE_SIMULTANEOUS_OPEN);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 1), SYN | ACK,
                       y, x + 1, 0);
  g_assert_true (test_pair_sent (pair, TEST_SERVER, 1)->seg.options.has_mss);

  test_pair_step (pair);   /* the server's SYN reaches the client */
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_SYN_RECEIVED);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 1), SYN | ACK,
                       x, y + 1, 0);

  test_pair_step (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (test_pair_last_change (pair, TEST_CLIENT)->edge, ==,
                   SEQACK_TCP_EDGE_RCV_ACK_OF_SYN);
  test_pair_step (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);

  g_assert_cmpuint (test_pair_in_flight (pair), ==, 0);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 2);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 2);
  g_assert_cmpint (test_pair_next_deadline (pair), ==, SEQACK_NO_DEADLINE);

  /* And data flows. */
  test_pair_send (pair, TEST_SERVER, "hi");
  test_pair_run (pair);
  g_assert_cmpstr (test_pair_received (pair, TEST_CLIENT), ==, "hi");
}

/* RFC 6298 §5.5: the RTO doubles on each timeout; the SYN goes again
 * 1 s, then 2 s, then 4 s later, each marked as a retransmission. */
static void
test_syn_retransmit_backoff (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  const gint64 expected[] = { 1 * S, 3 * S, 7 * S, 15 * S };

  test_pair_connect (pair, TEST_CLIENT);
  test_pair_discard_wire (pair);   /* nobody answers */

  for (guint i = 0; i < 3; i++)
    {
      TestEvent *set = test_pair_find_timer (pair, TEST_CLIENT,
                                             SEQACK_TCP_TIMER_RETRANSMIT,
                                             SEQACK_TIMER_SET, i);
      TestSegment *again;

      g_assert_cmpint (set->deadline, ==, expected[i]);
      /* Nothing happens a moment before the deadline. */
      test_pair_advance_to (pair, expected[i] - 1);
      g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, i + 1);

      test_pair_advance_to (pair, expected[i]);
      g_assert_nonnull (test_pair_find_timer (pair, TEST_CLIENT,
                                              SEQACK_TCP_TIMER_RETRANSMIT,
                                              SEQACK_TIMER_FIRED, i));
      again = test_pair_sent (pair, TEST_CLIENT, -1);
      test_assert_segment (again, SYN, TEST_CLIENT_ISN, 0, 0);
      g_assert_true (again->retransmission);
      g_assert_true (again->seg.options.has_mss);
      g_assert_cmpint (again->time, ==, expected[i]);
    }
  g_assert_cmpint (seqack_tcp_conn_timer_deadline (
                     test_pair_conn (pair, TEST_CLIENT),
                     SEQACK_TCP_TIMER_RETRANSMIT), ==, expected[3]);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_SYN_SENT);
}

/* syn_retries = 6 (Linux 6.1's tcp_syn_retries): the SYN is sent 1 + 6
 * times (0, 1, 3, 7, 15, 31, 63 s), then at 127 s the connection times
 * out and goes CLOSED, telling the user "connection timed out". */
static void
test_syn_give_up (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  TestEvent *change;

  test_pair_connect (pair, TEST_CLIENT);
  while (test_pair_state (pair, TEST_CLIENT) != SEQACK_TCP_CLOSED)
    {
      test_pair_discard_wire (pair);
      g_assert_true (test_pair_skip (pair));
    }

  g_assert_cmpint (test_pair_now (pair), ==, 127 * S);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 7);
  for (guint i = 0; i < 7; i++)
    g_assert_cmpint (test_pair_sent (pair, TEST_CLIENT, i)->time, ==,
                     ((1 << i) - 1) * S);
  g_assert_cmpint (test_pair_last_error (pair, TEST_CLIENT), ==,
                   SEQACK_ERROR_TIMED_OUT);
  change = test_pair_last_change (pair, TEST_CLIENT);
  g_assert_cmpint (change->from, ==, SEQACK_TCP_SYN_SENT);
  g_assert_cmpint (change->edge, ==, SEQACK_TCP_EDGE_GIVE_UP);
  g_assert_cmpint (test_pair_next_deadline (pair), ==, SEQACK_NO_DEADLINE);
}

/* A SYN,ACK never answered: resent synack_retries (5, Linux's
 * tcp_synack_retries) times, then the server gives up at 63 s and goes
 * CLOSED (not back to LISTEN). */
static void
test_syn_ack_give_up (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  TestEvent *change;

  test_pair_listen (pair, TEST_SERVER);
  test_pair_inject (pair, TEST_SERVER, SYN, 700, 0, NULL);
  while (test_pair_state (pair, TEST_SERVER) != SEQACK_TCP_CLOSED)
    {
      test_pair_discard_wire (pair);
      g_assert_true (test_pair_skip (pair));
    }

  g_assert_cmpint (test_pair_now (pair), ==, 63 * S);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      TestSegment *s = test_pair_sent (pair, TEST_SERVER, i);

      test_assert_segment (s, SYN | ACK, TEST_SERVER_ISN, 701, 0);
      g_assert_cmpint (s->retransmission, ==, i > 0);
    }
  g_assert_cmpint (test_pair_last_error (pair, TEST_SERVER), ==,
                   SEQACK_ERROR_TIMED_OUT);
  change = test_pair_last_change (pair, TEST_SERVER);
  g_assert_cmpint (change->from, ==, SEQACK_TCP_SYN_RECEIVED);
  g_assert_cmpint (change->edge, ==, SEQACK_TCP_EDGE_GIVE_UP);
}

/* The SYN,ACK is lost: the server resends it from its own timer, and the
 * handshake completes. */
static void
test_syn_ack_retransmit (void)
{
  SeqackTcpConfig client;
  g_autoptr(TestPair) pair = NULL;
  TestSegment *again;

  /* A patient client, so only the server's timer fires. */
  seqack_tcp_config_init (&client);
  client.rto_initial = 10 * S;
  pair = test_pair_new_full (&client, NULL);

  test_pair_listen (pair, TEST_SERVER);
  test_pair_connect (pair, TEST_CLIENT);
  test_pair_drop_next (pair, TEST_SERVER);
  test_pair_run (pair);
  g_assert_true (test_pair_sent (pair, TEST_SERVER, 0)->dropped);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_SYN_RECEIVED);

  test_pair_advance_to (pair, 1 * S);
  again = test_pair_sent (pair, TEST_SERVER, 1);
  test_assert_segment (again, SYN | ACK, TEST_SERVER_ISN,
                       TEST_CLIENT_ISN + 1, 0);
  g_assert_true (again->retransmission);
  g_assert_cmpint (seqack_tcp_conn_timer_deadline (
                     test_pair_conn (pair, TEST_SERVER),
                     SEQACK_TCP_TIMER_RETRANSMIT), ==, 3 * S);

  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (test_pair_next_deadline (pair), ==, SEQACK_NO_DEADLINE);
}

/* The client's SYN comes again while the server is in SYN-RCVD (its
 * SYN,ACK was lost): the SYN,ACK goes again at once. */
static void
test_dup_syn_resends_syn_ack (void)
{
  SeqackTcpConfig server;
  g_autoptr(TestPair) pair = NULL;
  TestSegment *again;

  /* A patient server, so only the client's SYN can bring the SYN,ACK. */
  seqack_tcp_config_init (&server);
  server.rto_initial = 10 * S;
  pair = test_pair_new_full (NULL, &server);

  test_pair_listen (pair, TEST_SERVER);
  test_pair_connect (pair, TEST_CLIENT);
  test_pair_drop_next (pair, TEST_SERVER);
  test_pair_run (pair);

  test_pair_advance_to (pair, 1 * S);
  test_pair_step (pair);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 2);
  again = test_pair_sent (pair, TEST_SERVER, 1);
  test_assert_segment (again, SYN | ACK, TEST_SERVER_ISN,
                       TEST_CLIENT_ISN + 1, 0);
  g_assert_true (again->retransmission);
  g_assert_cmpint (again->time, ==, 1 * S);

  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
}

/* The client's repeated SYN and the server's own timer meet at the same
 * instant: one SYN,ACK goes out again, not two, whichever comes first. */
static void
test_dup_syn_and_timer_one_syn_ack (void)
{
  SeqackTcpSegment syn = { 0 };

  syn.src_port = TEST_CLIENT_PORT;
  syn.dst_port = TEST_SERVER_PORT;
  syn.seq = 700;
  syn.flags = SYN;
  syn.window = 64240;

  /* The timer first, then the SYN. */
  {
    g_autoptr(TestPair) pair = test_pair_new (NULL);

    test_pair_listen (pair, TEST_SERVER);
    test_pair_inject_segment (pair, TEST_SERVER, &syn);
    test_pair_advance_to (pair, 1 * S);
    g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 2);
    test_pair_inject_segment (pair, TEST_SERVER, &syn);
    g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 2);
  }

  /* The SYN first: the SYN,ACK goes, and the timer restarts. */
  {
    g_autoptr(TestPair) pair = test_pair_new (NULL);
    SeqackTcpConn *server = test_pair_conn (pair, TEST_SERVER);

    test_pair_listen (pair, TEST_SERVER);
    test_pair_inject_segment (pair, TEST_SERVER, &syn);
    seqack_tcp_conn_receive (server, &syn, 1 * S);
    g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 2);
    test_assert_segment (test_pair_sent (pair, TEST_SERVER, 1), SYN | ACK,
                         TEST_SERVER_ISN, 701, 0);
    g_assert_cmpint (seqack_tcp_conn_timer_deadline (
                       server, SEQACK_TCP_TIMER_RETRANSMIT), ==, 2 * S);
    test_pair_advance_to (pair, 1 * S);
    g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 2);
  }
}

/* Linux's tcp_check_req(): a duplicate SYN in SYN-RCVD resends the
 * SYN,ACK and restarts the timer at the RTO it has (TCP_TIMEOUT_INIT <<
 * num_timeout); only the timer's own expiries back it off and count
 * towards tcp_synack_retries. So after one timeout (RTO 2 s) a SYN at
 * 2 s gives a SYN,ACK then and the next at 4 s, not 6 s; the server still
 * gives up after its fifth timeout, one RTO later than without the SYN. */
static void
test_dup_syn_restarts_without_back_off (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  SeqackTcpConn *server = test_pair_conn (pair, TEST_SERVER);
  SeqackTcpSegment syn = { 0 };
  SeqackTcpVars vars;
  guint n;

  syn.src_port = TEST_CLIENT_PORT;
  syn.dst_port = TEST_SERVER_PORT;
  syn.seq = 700;
  syn.flags = SYN;
  syn.window = 64240;

  test_pair_listen (pair, TEST_SERVER);
  test_pair_inject_segment (pair, TEST_SERVER, &syn);
  test_pair_advance_to (pair, 1 * S);
  g_assert_cmpint (seqack_tcp_conn_timer_deadline (
                     server, SEQACK_TCP_TIMER_RETRANSMIT), ==, 3 * S);

  seqack_tcp_conn_receive (server, &syn, 2 * S);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 3);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 2), SYN | ACK,
                       TEST_SERVER_ISN, 701, 0);
  g_assert_true (test_pair_sent (pair, TEST_SERVER, 2)->retransmission);
  g_assert_cmpint (seqack_tcp_conn_timer_deadline (
                     server, SEQACK_TCP_TIMER_RETRANSMIT), ==, 4 * S);
  seqack_tcp_conn_get_vars (server, &vars);
  g_assert_cmpuint (vars.rto, ==, 2 * S);
  g_assert_cmpuint (vars.backoff, ==, 1);

  /* Timer resends at 4, 8, 16 and 32 s, the give-up at 64 s. */
  while (test_pair_state (pair, TEST_SERVER) != SEQACK_TCP_CLOSED)
    {
      test_pair_discard_wire (pair);
      g_assert_true (test_pair_skip (pair));
    }
  g_assert_cmpint (test_pair_now (pair), ==, 64 * S);
  n = test_pair_n_sent (pair, TEST_SERVER);
  g_assert_cmpuint (n, ==, 7);
  g_assert_cmpint (test_pair_sent (pair, TEST_SERVER, 3)->time, ==, 4 * S);
  g_assert_cmpint (test_pair_sent (pair, TEST_SERVER, 6)->time, ==, 32 * S);
  g_assert_cmpint (test_pair_last_error (pair, TEST_SERVER), ==,
                   SEQACK_ERROR_TIMED_OUT);
}

/* A SYN,ACK carrying data (RFC 9293 §3.10.7.3: continue at the sixth
 * step): the data is delivered and one ACK, sent at once even with
 * delayed ACKs on, acknowledges the SYN and the data. */
static void
test_syn_ack_with_data (void)
{
  SeqackTcpConfig client;
  g_autoptr(TestPair) pair = NULL;

  seqack_tcp_config_init (&client);
  client.delayed_ack = TRUE;
  pair = test_pair_new_full (&client, NULL);

  test_pair_connect (pair, TEST_CLIENT);
  test_pair_discard_wire (pair);
  test_pair_inject (pair, TEST_CLIENT, SYN | ACK, 7000, TEST_CLIENT_ISN + 1,
                    "hi");
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpstr (test_pair_received (pair, TEST_CLIENT), ==, "hi");
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 2);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 1), ACK,
                       TEST_CLIENT_ISN + 1, 7000 + 1 + 2, 0);
  g_assert_cmpint (test_pair_next_deadline (pair), ==, SEQACK_NO_DEADLINE);
}

/* RFC 793 Figure 9, recovery from an old duplicate SYN: the server answers
 * an old SYN; the client, in SYN-SENT, sees a SYN,ACK for a SYN it never
 * sent and answers <SEQ=SEG.ACK><CTL=RST>, staying in SYN-SENT; the server
 * goes back to LISTEN and the real SYN then opens the connection. */
static void
test_old_duplicate_syn_ack_gets_rst (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  const guint32 old_seq = 900;
  SeqackTcpSegment real_syn;
  TestSegment *rst;

  test_pair_listen (pair, TEST_SERVER);
  test_pair_connect (pair, TEST_CLIENT);
  real_syn = test_pair_sent (pair, TEST_CLIENT, 0)->seg;
  test_pair_discard_wire (pair);   /* the real SYN is delayed */

  test_pair_inject (pair, TEST_SERVER, SYN, old_seq, 0, NULL);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_SYN_RECEIVED);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 0), SYN | ACK,
                       TEST_SERVER_ISN, old_seq + 1, 0);

  test_pair_step (pair);
  rst = test_pair_sent (pair, TEST_CLIENT, 1);
  test_assert_segment (rst, RST, old_seq + 1, 0, 0);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_SYN_SENT);
  g_assert_cmpint (test_pair_last_error (pair, TEST_CLIENT), ==, -1);

  test_pair_step (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_LISTEN);
  g_assert_cmpint (test_pair_last_change (pair, TEST_SERVER)->edge, ==,
                   SEQACK_TCP_EDGE_SYN_RCVD_RST);

  test_pair_inject_segment (pair, TEST_SERVER, &real_syn);
  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
  /* The second SYN,ACK has a fresh ISN and acknowledges the real SYN. */
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 1), SYN | ACK,
                       TEST_SERVER_ISN + TEST_ISN_STEP, TEST_CLIENT_ISN + 1,
                       0);
}

/* "What if the third segment is lost?" The server, still in SYN-RCVD,
 * resends its SYN,ACK after 1 s; the client, already ESTABLISHED, finds
 * it old (outside its window) and ACKs again; the server is then
 * ESTABLISHED. */
static void
test_lost_final_ack (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_listen (pair, TEST_SERVER);
  test_pair_connect (pair, TEST_CLIENT);
  test_pair_step (pair);
  test_pair_drop_next (pair, TEST_CLIENT);
  test_pair_step (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_SYN_RECEIVED);
  g_assert_cmpuint (test_pair_in_flight (pair), ==, 0);

  test_pair_advance_to (pair, 1 * S);
  g_assert_true (test_pair_sent (pair, TEST_SERVER, -1)->retransmission);
  test_pair_step (pair);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, -1), ACK,
                       TEST_CLIENT_ISN + 1, TEST_SERVER_ISN + 1, 0);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  test_pair_step (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (test_pair_next_deadline (pair), ==, SEQACK_NO_DEADLINE);
}

/* The third segment is lost but the client sends data at once: the data
 * segment carries the same ACK, so the server gets ESTABLISHED from it and
 * delivers the data. */
static void
test_lost_final_ack_data_completes (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_listen (pair, TEST_SERVER);
  test_pair_connect (pair, TEST_CLIENT);
  test_pair_step (pair);
  test_pair_drop_next (pair, TEST_CLIENT);
  test_pair_step (pair);
  test_pair_send (pair, TEST_CLIENT, "GET /");
  test_pair_step (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (test_pair_last_change (pair, TEST_SERVER)->edge, ==,
                   SEQACK_TCP_EDGE_RCV_ACK_OF_SYN);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, "GET /");
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, -1), ACK,
                       TEST_SERVER_ISN + 1, TEST_CLIENT_ISN + 1 + 5, 0);
}

/* RFC 6528: the ISN comes from the generator, once per connection, and a
 * new connection on the same TCB draws a new one. */
static void
test_isn_from_generator (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  SeqackTcpVars vars;

  test_pair_establish (pair);
  g_assert_cmpuint (test_pair_n_isn (pair, TEST_CLIENT), ==, 1);
  g_assert_cmpuint (test_pair_n_isn (pair, TEST_SERVER), ==, 1);

  seqack_tcp_conn_abort (test_pair_conn (pair, TEST_CLIENT), 0);
  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_CLOSED);

  test_pair_listen (pair, TEST_SERVER);
  test_pair_connect (pair, TEST_CLIENT);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, -1), SYN,
                       TEST_CLIENT_ISN + TEST_ISN_STEP, 0, 0);
  test_pair_run (pair);
  test_pair_vars (pair, TEST_SERVER, &vars);
  g_assert_cmpuint (vars.iss, ==, TEST_SERVER_ISN + TEST_ISN_STEP);
  g_assert_cmpuint (vars.irs, ==, TEST_CLIENT_ISN + TEST_ISN_STEP);
  g_assert_cmpuint (test_pair_n_isn (pair, TEST_CLIENT), ==, 2);
  g_assert_cmpuint (test_pair_n_isn (pair, TEST_SERVER), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tcp/handshake/active-open", test_active_open);
  g_test_add_func ("/tcp/handshake/passive-open", test_passive_open);
  g_test_add_func ("/tcp/handshake/simultaneous-open",
                   test_simultaneous_open);
  g_test_add_func ("/tcp/handshake/syn-retransmit-backoff",
                   test_syn_retransmit_backoff);
  g_test_add_func ("/tcp/handshake/syn-give-up", test_syn_give_up);
  g_test_add_func ("/tcp/handshake/syn-ack-give-up", test_syn_ack_give_up);
  g_test_add_func ("/tcp/handshake/syn-ack-retransmit",
                   test_syn_ack_retransmit);
  g_test_add_func ("/tcp/handshake/dup-syn-resends-syn-ack",
                   test_dup_syn_resends_syn_ack);
  g_test_add_func ("/tcp/handshake/dup-syn-and-timer-one-syn-ack",
                   test_dup_syn_and_timer_one_syn_ack);
  g_test_add_func ("/tcp/handshake/linux-dup-syn-restarts-without-back-off",
                   test_dup_syn_restarts_without_back_off);
  g_test_add_func ("/tcp/handshake/syn-ack-with-data",
                   test_syn_ack_with_data);
  g_test_add_func ("/tcp/handshake/old-duplicate-syn-ack-gets-rst",
                   test_old_duplicate_syn_ack_gets_rst);
  g_test_add_func ("/tcp/handshake/lost-final-ack", test_lost_final_ack);
  g_test_add_func ("/tcp/handshake/lost-final-ack-data-completes",
                   test_lost_final_ack_data_completes);
  g_test_add_func ("/tcp/isn/from-generator", test_isn_from_generator);

  return g_test_run ();
}
