/* test-tcp-close.c: closing a connection (RFC 9293 §3.6), TIME-WAIT,
 * FIN-WAIT-2 and delayed ACKs. */

#include <string.h>

#include "seqack-error.h"
#include "tcp-test-pair.h"

#define S SEQACK_USEC_PER_SEC
#define ACK SEQACK_TCP_ACK
#define FIN SEQACK_TCP_FIN
#define PSH SEQACK_TCP_PSH
#define RST SEQACK_TCP_RST

/* The lesson's letters: the client's FIN is Seq=u, the server's Seq=w. */
static const guint32 U = TEST_CLIENT_ISN + 1;
static const guint32 W = TEST_SERVER_ISN + 1;

static void
assert_change (TestPair       *pair,
               TestSide        side,
               SeqackTcpState  from,
               SeqackTcpState  to,
               SeqackTcpEdge   edge)
{
  TestEvent *change = test_pair_last_change (pair, side);

  g_assert_nonnull (change);
  g_assert_cmpstr (seqack_tcp_state_name (change->from), ==,
                   seqack_tcp_state_name (from));
  g_assert_cmpstr (seqack_tcp_state_name (change->to), ==,
                   seqack_tcp_state_name (to));
  g_assert_cmpint (change->edge, ==, edge);
  g_assert_cmpint (test_pair_state (pair, side), ==, to);
}

static gint64
deadline (TestPair       *pair,
          TestSide        side,
          SeqackTcpTimer  timer)
{
  return seqack_tcp_conn_timer_deadline (test_pair_conn (pair, side), timer);
}

/* FIN Seq=u; ACK Ack=u+1; FIN Seq=w; ACK Seq=u+1 Ack=w+1, with every
 * state of both sides on the way. */
static void
test_four_way (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_establish (pair);

  test_pair_close (pair, TEST_CLIENT);
  assert_change (pair, TEST_CLIENT, SEQACK_TCP_ESTABLISHED,
                 SEQACK_TCP_FIN_WAIT_1, SEQACK_TCP_EDGE_ESTABLISHED_CLOSE);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 0), FIN | ACK,
                       U, W, 0);

  test_pair_step (pair);
  assert_change (pair, TEST_SERVER, SEQACK_TCP_ESTABLISHED,
                 SEQACK_TCP_CLOSE_WAIT, SEQACK_TCP_EDGE_ESTABLISHED_RCV_FIN);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 0), ACK,
                       W, U + 1, 0);

  test_pair_step (pair);
  assert_change (pair, TEST_CLIENT, SEQACK_TCP_FIN_WAIT_1,
                 SEQACK_TCP_FIN_WAIT_2, SEQACK_TCP_EDGE_FIN_WAIT_1_RCV_ACK);
  g_assert_cmpint (deadline (pair, TEST_CLIENT,
                             SEQACK_TCP_TIMER_RETRANSMIT), ==,
                   SEQACK_NO_DEADLINE);

  test_pair_close (pair, TEST_SERVER);
  assert_change (pair, TEST_SERVER, SEQACK_TCP_CLOSE_WAIT,
                 SEQACK_TCP_LAST_ACK, SEQACK_TCP_EDGE_CLOSE_WAIT_CLOSE);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 1), FIN | ACK,
                       W, U + 1, 0);

  test_pair_step (pair);
  assert_change (pair, TEST_CLIENT, SEQACK_TCP_FIN_WAIT_2,
                 SEQACK_TCP_TIME_WAIT, SEQACK_TCP_EDGE_FIN_WAIT_2_RCV_FIN);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 1), ACK,
                       U + 1, W + 1, 0);
  /* CLOSE is a half-close (RFC 9293 §3.10.4): FIN-WAIT-2 had no timer
   * (Linux's tcp_fin_timeout is for an application that quit); entering
   * TIME-WAIT starts 2MSL. */
  g_assert_null (test_pair_find_timer (pair, TEST_CLIENT,
                                       SEQACK_TCP_TIMER_FIN_WAIT_2,
                                       SEQACK_TIMER_SET, 0));
  g_assert_cmpint (deadline (pair, TEST_CLIENT, SEQACK_TCP_TIMER_TIME_WAIT),
                   ==, 60 * S);

  test_pair_step (pair);
  assert_change (pair, TEST_SERVER, SEQACK_TCP_LAST_ACK, SEQACK_TCP_CLOSED,
                 SEQACK_TCP_EDGE_LAST_ACK_RCV_ACK);
  g_assert_cmpint (seqack_tcp_conn_next_deadline (
                     test_pair_conn (pair, TEST_SERVER)), ==,
                   SEQACK_NO_DEADLINE);

  g_assert_cmpuint (test_pair_in_flight (pair), ==, 0);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 2);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 2);
  g_assert_cmpint (test_pair_last_error (pair, TEST_CLIENT), ==, -1);
  g_assert_cmpint (test_pair_last_error (pair, TEST_SERVER), ==, -1);
}

/* The server's ACK of the FIN is delayed and rides on its own FIN: the
 * client in FIN-WAIT-1 gets FIN + ACK of its FIN in one segment and goes
 * straight to TIME-WAIT (RFC 9293 §3.10.7.4, eighth step): three
 * segments, not four. */
static void
test_fin_ack_together (void)
{
  SeqackTcpConfig client, server;
  g_autoptr(TestPair) pair = NULL;

  seqack_tcp_config_init (&client);
  seqack_tcp_config_init (&server);
  server.delayed_ack = TRUE;
  pair = test_pair_new_full (&client, &server);
  test_pair_establish (pair);

  test_pair_close (pair, TEST_CLIENT);
  test_pair_step (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_CLOSE_WAIT);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 0);

  test_pair_close (pair, TEST_SERVER);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 0), FIN | ACK,
                       W, U + 1, 0);
  g_assert_nonnull (test_pair_find_timer (pair, TEST_SERVER,
                                          SEQACK_TCP_TIMER_DELAYED_ACK,
                                          SEQACK_TIMER_CANCELLED, 0));

  test_pair_step (pair);
  assert_change (pair, TEST_CLIENT, SEQACK_TCP_FIN_WAIT_1,
                 SEQACK_TCP_TIME_WAIT, SEQACK_TCP_EDGE_FIN_WAIT_1_RCV_FIN_ACK);
  g_assert_cmpuint (test_pair_count_events (pair, TEST_CLIENT,
                                            TEST_EV_STATE), ==, 2);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 1), ACK,
                       U + 1, W + 1, 0);

  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT) +
                    test_pair_n_sent (pair, TEST_SERVER), ==, 3);
}

/* Both close at once (RFC 793 Figure 13): each gets the other's FIN in
 * FIN-WAIT-1 and goes CLOSING, ACKs it, and on the ACK of its own FIN goes
 * to TIME-WAIT. Both sides wait 2MSL. */
static void
test_simultaneous_close (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_establish (pair);
  test_pair_close (pair, TEST_CLIENT);
  test_pair_close (pair, TEST_SERVER);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 0), FIN | ACK,
                       U, W, 0);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 0), FIN | ACK,
                       W, U, 0);

  test_pair_step (pair);
  assert_change (pair, TEST_SERVER, SEQACK_TCP_FIN_WAIT_1, SEQACK_TCP_CLOSING,
                 SEQACK_TCP_EDGE_FIN_WAIT_1_RCV_FIN);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 1), ACK,
                       W + 1, U + 1, 0);
  test_pair_step (pair);
  assert_change (pair, TEST_CLIENT, SEQACK_TCP_FIN_WAIT_1, SEQACK_TCP_CLOSING,
                 SEQACK_TCP_EDGE_FIN_WAIT_1_RCV_FIN);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 1), ACK,
                       U + 1, W + 1, 0);

  test_pair_step (pair);
  assert_change (pair, TEST_CLIENT, SEQACK_TCP_CLOSING, SEQACK_TCP_TIME_WAIT,
                 SEQACK_TCP_EDGE_CLOSING_RCV_ACK);
  test_pair_step (pair);
  assert_change (pair, TEST_SERVER, SEQACK_TCP_CLOSING, SEQACK_TCP_TIME_WAIT,
                 SEQACK_TCP_EDGE_CLOSING_RCV_ACK);
  g_assert_cmpuint (test_pair_in_flight (pair), ==, 0);
  g_assert_cmpint (deadline (pair, TEST_SERVER, SEQACK_TCP_TIMER_TIME_WAIT),
                   ==, 60 * S);

  test_pair_advance_to (pair, 60 * S);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_CLOSED);
}

/* Half-close: after the client's FIN, the server (CLOSE-WAIT) may still
 * send; the client (FIN-WAIT-2) receives and ACKs, but may not send. */
static void
test_half_close_data_in_close_wait (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  g_autoptr(GError) error = NULL;

  test_pair_establish (pair);
  test_pair_close (pair, TEST_CLIENT);
  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_FIN_WAIT_2);

  test_pair_send (pair, TEST_SERVER, "still here");
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 1), PSH | ACK,
                       W, U + 1, 10);
  test_pair_run (pair);
  g_assert_cmpstr (test_pair_received (pair, TEST_CLIENT), ==, "still here");
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 1), ACK,
                       U + 1, W + 10, 0);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_FIN_WAIT_2);

  g_assert_false (seqack_tcp_conn_send (test_pair_conn (pair, TEST_CLIENT),
                                        (const guint8 *) "no", 2, 0, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_CONNECTION_CLOSING);

  test_pair_close (pair, TEST_SERVER);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 2), FIN | ACK,
                       W + 10, U + 1, 0);
  test_pair_run (pair);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 2), ACK,
                       U + 1, W + 11, 0);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_TIME_WAIT);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_CLOSED);
}

/* CLOSE with data still queued (the window is full): the FIN rides on the
 * last data segment when it finally goes. */
static void
test_fin_after_queued_data (void)
{
  SeqackTcpConfig client, server;
  g_autoptr(TestPair) pair = NULL;
  char text[251];

  memset (text, 'z', 250);
  text[250] = '\0';
  seqack_tcp_config_init (&client);
  seqack_tcp_config_init (&server);
  server.rcv_wnd = 100;
  pair = test_pair_new_full (&client, &server);
  test_pair_establish (pair);

  test_pair_send (pair, TEST_CLIENT, text);
  test_pair_close (pair, TEST_CLIENT);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_FIN_WAIT_1);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 1);

  test_pair_run (pair);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 2),
                       FIN | PSH | ACK, U + 200, W, 50);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 3);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, text);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, -1), ACK,
                       W, U + 251, 0);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_CLOSE_WAIT);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_FIN_WAIT_2);
}

/* CLOSE in SYN-RCVD with nothing queued sends the FIN at once
 * (RFC 9293 §3.10.4) and the connection still closes cleanly. */
static void
test_close_in_syn_rcvd (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_listen (pair, TEST_SERVER);
  test_pair_connect (pair, TEST_CLIENT);
  test_pair_step (pair);
  test_pair_close (pair, TEST_SERVER);
  assert_change (pair, TEST_SERVER, SEQACK_TCP_SYN_RECEIVED,
                 SEQACK_TCP_FIN_WAIT_1, SEQACK_TCP_EDGE_SYN_RCVD_CLOSE);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 1), FIN | ACK,
                       W, U, 0);

  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_CLOSE_WAIT);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_FIN_WAIT_2);
  test_pair_close (pair, TEST_CLIENT);
  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_TIME_WAIT);
}

/* The state changes @side made, in order, as "FROM>TO" words. */
static char *
changes_of (TestPair *pair,
            TestSide  side)
{
  GArray *events = test_pair_events (pair);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < events->len; i++)
    {
      TestEvent *ev = &g_array_index (events, TestEvent, i);

      if (ev->kind != TEST_EV_STATE || ev->side != side)
        continue;
      g_string_append_printf (out, "%s%s>%s", out->len > 0 ? " " : "",
                              seqack_tcp_state_name (ev->from),
                              seqack_tcp_state_name (ev->to));
    }

  return g_string_free (out, FALSE);
}

/* RFC 9293 §3.10.4: CLOSE in SYN-RCVD with data queued waits for
 * ESTABLISHED. Here the ACK of our SYN,ACK carries the client's FIN, so
 * one segment takes the server ESTABLISHED -> FIN-WAIT-1 -> CLOSING
 * (§3.10.7.4, eighth step): the queued data and the FIN must still go
 * out, acknowledging the client's FIN, under the retransmission timer,
 * and the close must end in TIME-WAIT. */
static void
test_close_in_syn_rcvd_with_fin_in_final_ack (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  g_autofree char *changes = NULL;
  gint64 rto;

  test_pair_listen (pair, TEST_SERVER);
  test_pair_connect (pair, TEST_CLIENT);
  test_pair_step (pair);
  test_pair_discard_wire (pair);   /* the SYN,ACK: answered by hand */
  test_pair_send (pair, TEST_SERVER, "hello");
  test_pair_close (pair, TEST_SERVER);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_SYN_RECEIVED);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 1);

  test_pair_inject (pair, TEST_SERVER, FIN | ACK, U, W, NULL);
  changes = changes_of (pair, TEST_SERVER);
  g_assert_cmpstr (changes, ==,
                   "CLOSED>LISTEN LISTEN>SYN-RCVD SYN-RCVD>ESTABLISHED "
                   "ESTABLISHED>FIN-WAIT-1 FIN-WAIT-1>CLOSING");
  assert_change (pair, TEST_SERVER, SEQACK_TCP_FIN_WAIT_1,
                 SEQACK_TCP_CLOSING, SEQACK_TCP_EDGE_FIN_WAIT_1_RCV_FIN);

  /* The data with the FIN, Ack = u + 1 (the client's FIN counts one). */
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 2);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 1),
                       FIN | PSH | ACK, W, U + 1, 5);
  g_assert_cmpmem (test_pair_sent (pair, TEST_SERVER, 1)->data, 5,
                   "hello", 5);
  rto = deadline (pair, TEST_SERVER, SEQACK_TCP_TIMER_RETRANSMIT);
  g_assert_cmpint (rto, !=, SEQACK_NO_DEADLINE);

  /* Lost: the timer sends it again. */
  test_pair_discard_wire (pair);
  test_pair_advance_to (pair, rto);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, -1),
                       FIN | PSH | ACK, W, U + 1, 5);
  g_assert_true (test_pair_sent (pair, TEST_SERVER, -1)->retransmission);

  /* The client acknowledges data and FIN: CLOSING -> TIME-WAIT. */
  test_pair_discard_wire (pair);
  test_pair_inject (pair, TEST_SERVER, ACK, U + 1, W + 6, NULL);
  assert_change (pair, TEST_SERVER, SEQACK_TCP_CLOSING,
                 SEQACK_TCP_TIME_WAIT, SEQACK_TCP_EDGE_CLOSING_RCV_ACK);
  g_assert_cmpint (deadline (pair, TEST_SERVER, SEQACK_TCP_TIMER_RETRANSMIT),
                   ==, SEQACK_NO_DEADLINE);
  g_assert_cmpuint (seqack_tcp_conn_get_unacked (test_pair_conn (pair,
                                                                 TEST_SERVER)),
                    ==, 0);
}

/* The same in a simultaneous open (SYN-RCVD from SYN-SENT): the client
 * queues data and closes in SYN-RCVD; the server's SYN,ACK is lost, so
 * the ACK of the client's SYN first comes on the server's FIN. The
 * client still sends its data and FIN, and both ends reach TIME-WAIT. */
static void
test_close_in_syn_rcvd_with_fin_after_simultaneous_open (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  g_autofree char *changes = NULL;
  const guint32 x = TEST_CLIENT_ISN, y = TEST_SERVER_ISN;

  test_pair_connect (pair, TEST_CLIENT);
  test_pair_connect (pair, TEST_SERVER);
  test_pair_drop_next (pair, TEST_SERVER);
  test_pair_step (pair);   /* the client's SYN; the SYN,ACK is lost */
  test_pair_step (pair);   /* the server's SYN: the client sends SYN,ACK */
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_SYN_RECEIVED);

  test_pair_send (pair, TEST_CLIENT, "data");
  test_pair_close (pair, TEST_CLIENT);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_SYN_RECEIVED);
  test_pair_close (pair, TEST_SERVER);   /* nothing queued: FIN at once */
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, -1), FIN | ACK,
                       y + 1, x + 1, 0);

  test_pair_step (pair);   /* the client's SYN,ACK */
  test_pair_step (pair);   /* the server's FIN, acking the client's SYN */
  changes = changes_of (pair, TEST_CLIENT);
  g_assert_cmpstr (changes, ==,
                   "CLOSED>SYN-SENT SYN-SENT>SYN-RCVD SYN-RCVD>ESTABLISHED "
                   "ESTABLISHED>FIN-WAIT-1 FIN-WAIT-1>CLOSING");
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, -1),
                       FIN | PSH | ACK, x + 1, y + 2, 4);
  g_assert_cmpint (deadline (pair, TEST_CLIENT, SEQACK_TCP_TIMER_RETRANSMIT),
                   !=, SEQACK_NO_DEADLINE);

  test_pair_run (pair);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, "data");
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_TIME_WAIT);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_TIME_WAIT);
}

/* Closes until the client's last ACK, which is lost. */
static void
close_losing_last_ack (TestPair *pair)
{
  test_pair_establish (pair);
  test_pair_close (pair, TEST_CLIENT);
  test_pair_run (pair);
  test_pair_close (pair, TEST_SERVER);
  test_pair_drop_next (pair, TEST_CLIENT);
  test_pair_run (pair);
  g_assert_true (test_pair_sent (pair, TEST_CLIENT, -1)->dropped);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_TIME_WAIT);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_LAST_ACK);
}

/* The last ACK is lost: the server in LAST-ACK resends its FIN (alone, as
 * a retransmission) with back-off, until the client's ACK gets through. */
static void
test_fin_retransmit_last_ack (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  TestSegment *again;

  close_losing_last_ack (pair);
  g_assert_cmpint (deadline (pair, TEST_SERVER, SEQACK_TCP_TIMER_RETRANSMIT),
                   ==, 1 * S);

  test_pair_drop_next (pair, TEST_SERVER);
  test_pair_advance_to (pair, 1 * S);
  again = test_pair_sent (pair, TEST_SERVER, -1);
  test_assert_segment (again, FIN | ACK, W, U + 1, 0);
  g_assert_true (again->retransmission);
  g_assert_cmpint (deadline (pair, TEST_SERVER, SEQACK_TCP_TIMER_RETRANSMIT),
                   ==, 3 * S);

  test_pair_advance_to (pair, 3 * S);
  again = test_pair_sent (pair, TEST_SERVER, -1);
  test_assert_segment (again, FIN | ACK, W, U + 1, 0);
  g_assert_true (again->retransmission);

  test_pair_run (pair);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, -1), ACK,
                       U + 1, W + 1, 0);
  assert_change (pair, TEST_SERVER, SEQACK_TCP_LAST_ACK, SEQACK_TCP_CLOSED,
                 SEQACK_TCP_EDGE_LAST_ACK_RCV_ACK);
}

/* RFC 9293 §3.10.7.4: TIME-WAIT ACKs a repeated FIN and restarts the
 * 2MSL timer (reported as cancelled, then set again). */
static void
test_fin_retransmit_restarts_2msl (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  TestEvent *cancelled, *set;

  close_losing_last_ack (pair);
  g_assert_cmpint (deadline (pair, TEST_CLIENT, SEQACK_TCP_TIMER_TIME_WAIT),
                   ==, 60 * S);

  test_pair_advance_to (pair, 1 * S);   /* the server resends its FIN */
  test_pair_step (pair);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, -1), ACK,
                       U + 1, W + 1, 0);
  cancelled = test_pair_find_timer (pair, TEST_CLIENT,
                                    SEQACK_TCP_TIMER_TIME_WAIT,
                                    SEQACK_TIMER_CANCELLED, 0);
  g_assert_nonnull (cancelled);
  g_assert_cmpint (cancelled->deadline, ==, 60 * S);
  set = test_pair_find_timer (pair, TEST_CLIENT, SEQACK_TCP_TIMER_TIME_WAIT,
                              SEQACK_TIMER_SET, 1);
  g_assert_nonnull (set);
  g_assert_cmpint (set->deadline, ==, 61 * S);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_TIME_WAIT);

  test_pair_run (pair);
  test_pair_advance_to (pair, 60 * S);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_TIME_WAIT);
  test_pair_advance_to (pair, 61 * S);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_CLOSED);
}

/* TIME-WAIT lasts 2 x MSL = 60 s with the default MSL of 30 s, then the
 * connection is CLOSED (edge "timeout=2MSL"). */
static void
test_time_wait_lasts_2msl (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  const gint64 t0 = 5 * S;

  test_pair_establish (pair);
  test_pair_advance_to (pair, t0);
  test_pair_close (pair, TEST_CLIENT);
  test_pair_run (pair);
  test_pair_close (pair, TEST_SERVER);
  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_TIME_WAIT);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (test_pair_next_deadline (pair), ==, t0 + 60 * S);

  test_pair_advance_to (pair, t0 + 60 * S - 1);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_TIME_WAIT);
  test_pair_advance_to (pair, t0 + 60 * S);
  assert_change (pair, TEST_CLIENT, SEQACK_TCP_TIME_WAIT, SEQACK_TCP_CLOSED,
                 SEQACK_TCP_EDGE_TIME_WAIT_TIMEOUT);
  g_assert_nonnull (test_pair_find_timer (pair, TEST_CLIENT,
                                          SEQACK_TCP_TIMER_TIME_WAIT,
                                          SEQACK_TIMER_FIRED, 0));
  g_assert_cmpint (test_pair_next_deadline (pair), ==, SEQACK_NO_DEADLINE);
  /* Nothing is sent when TIME-WAIT ends. */
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 2);
}

/* The MSL is a setting: 2 s gives a 4 s TIME-WAIT; a change made during
 * the connection applies to the next timer set. */
static void
test_time_wait_msl_setting (void)
{
  SeqackTcpConfig config;
  g_autoptr(TestPair) pair = NULL;

  seqack_tcp_config_init (&config);
  config.msl = 2 * S;
  pair = test_pair_new (&config);
  test_pair_establish (pair);

  config.msl = 7 * S;
  seqack_tcp_conn_set_config (test_pair_conn (pair, TEST_SERVER), &config);
  g_assert_cmpint (seqack_tcp_conn_get_config (
                     test_pair_conn (pair, TEST_SERVER))->msl, ==, 7 * S);

  /* Simultaneous close: both sides reach TIME-WAIT. */
  test_pair_close (pair, TEST_CLIENT);
  test_pair_close (pair, TEST_SERVER);
  test_pair_run (pair);
  g_assert_cmpint (deadline (pair, TEST_CLIENT, SEQACK_TCP_TIMER_TIME_WAIT),
                   ==, 4 * S);
  g_assert_cmpint (deadline (pair, TEST_SERVER, SEQACK_TCP_TIMER_TIME_WAIT),
                   ==, 14 * S);
  test_pair_advance_to (pair, 4 * S);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_TIME_WAIT);
}

/* Linux's tcp_fin_timeout (not RFC): once the application quit, a
 * FIN-WAIT-2 whose peer never sends its FIN is dropped after 60 s,
 * silently. A FIN arriving later finds no connection and gets a RST. */
static void
test_fin_wait_2_linux_timeout (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  TestEvent *set;

  test_pair_establish (pair);
  g_assert_true (seqack_tcp_conn_quit (test_pair_conn (pair, TEST_CLIENT), 0,
                                       0, NULL));
  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_FIN_WAIT_2);
  set = test_pair_find_timer (pair, TEST_CLIENT, SEQACK_TCP_TIMER_FIN_WAIT_2,
                              SEQACK_TIMER_SET, 0);
  g_assert_nonnull (set);
  g_assert_cmpint (set->deadline, ==, 60 * S);

  test_pair_advance_to (pair, 60 * S);
  assert_change (pair, TEST_CLIENT, SEQACK_TCP_FIN_WAIT_2, SEQACK_TCP_CLOSED,
                 SEQACK_TCP_EDGE_FIN_WAIT_2_TIMEOUT);
  g_assert_true (seqack_tcp_edge_info (SEQACK_TCP_EDGE_FIN_WAIT_2_TIMEOUT)
                 ->linux_only);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 1);
  g_assert_cmpint (test_pair_last_error (pair, TEST_CLIENT), ==, -1);

  test_pair_close (pair, TEST_SERVER);
  test_pair_run (pair);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, -1), RST,
                       U + 1, 0, 0);
  assert_change (pair, TEST_SERVER, SEQACK_TCP_LAST_ACK, SEQACK_TCP_CLOSED,
                 SEQACK_TCP_EDGE_RCV_RST);
}

/* With the timeout off (0), FIN-WAIT-2 waits as long as RFC 9293 says:
 * forever. */
static void
test_fin_wait_2_no_timeout_when_disabled (void)
{
  SeqackTcpConfig config;
  g_autoptr(TestPair) pair = NULL;

  seqack_tcp_config_init (&config);
  config.fin_wait_2_timeout = 0;
  pair = test_pair_new (&config);
  test_pair_establish (pair);
  g_assert_true (seqack_tcp_conn_quit (test_pair_conn (pair, TEST_CLIENT), 0,
                                       0, NULL));
  test_pair_run (pair);

  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_FIN_WAIT_2);
  g_assert_null (test_pair_find_timer (pair, TEST_CLIENT,
                                       SEQACK_TCP_TIMER_FIN_WAIT_2,
                                       SEQACK_TIMER_SET, 0));
  g_assert_cmpint (test_pair_next_deadline (pair), ==, SEQACK_NO_DEADLINE);
  test_pair_advance_to (pair, 3600 * S);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_FIN_WAIT_2);
}

/* Delayed ACK (RFC 9293 §3.8.6.3), off by default: when on, one segment's
 * ACK waits up to 200 ms; a second full segment is ACKed at once; and a
 * segment we send anyway carries the ACK. */
static void
test_delayed_ack_option (void)
{
  SeqackTcpConfig client, server;
  g_autoptr(TestPair) pair = NULL;
  char text[201];
  TestEvent *fired;

  seqack_tcp_config_init (&client);
  seqack_tcp_config_init (&server);
  client.mss = 100;
  server.delayed_ack = TRUE;
  pair = test_pair_new_full (&client, &server);
  test_pair_establish (pair);

  test_pair_send (pair, TEST_CLIENT, "a");
  test_pair_run (pair);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 0);
  g_assert_cmpint (deadline (pair, TEST_SERVER, SEQACK_TCP_TIMER_DELAYED_ACK),
                   ==, 200 * 1000);
  test_pair_advance_to (pair, 200 * 1000);
  fired = test_pair_find_timer (pair, TEST_SERVER,
                                SEQACK_TCP_TIMER_DELAYED_ACK,
                                SEQACK_TIMER_FIRED, 0);
  g_assert_nonnull (fired);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 0), ACK,
                       W, U + 1, 0);
  test_pair_run (pair);

  /* Two segments: one ACK, at once, for both. */
  memset (text, 'b', 200);
  text[200] = '\0';
  test_pair_send (pair, TEST_CLIENT, text);
  test_pair_run (pair);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 2);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 1), ACK,
                       W, U + 201, 0);
  g_assert_cmpint (deadline (pair, TEST_SERVER, SEQACK_TCP_TIMER_DELAYED_ACK),
                   ==, SEQACK_NO_DEADLINE);

  /* A reply piggybacks the owed ACK. */
  test_pair_send (pair, TEST_CLIENT, "q");
  test_pair_run (pair);
  test_pair_send (pair, TEST_SERVER, "r");
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 2), PSH | ACK,
                       W, U + 202, 1);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 3);
  g_assert_cmpint (deadline (pair, TEST_SERVER, SEQACK_TCP_TIMER_DELAYED_ACK),
                   ==, SEQACK_NO_DEADLINE);

  /* Off (the client): every data segment is ACKed at once. */
  test_pair_run (pair);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, -1), ACK,
                       U + 202, W + 1, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tcp/close/four-way", test_four_way);
  g_test_add_func ("/tcp/close/fin-ack-together", test_fin_ack_together);
  g_test_add_func ("/tcp/close/simultaneous-close-closing",
                   test_simultaneous_close);
  g_test_add_func ("/tcp/close/half-close-data-in-close-wait",
                   test_half_close_data_in_close_wait);
  g_test_add_func ("/tcp/close/fin-after-queued-data",
                   test_fin_after_queued_data);
  g_test_add_func ("/tcp/close/close-in-syn-rcvd", test_close_in_syn_rcvd);
  g_test_add_func ("/tcp/close/close-in-syn-rcvd-with-fin-in-final-ack",
                   test_close_in_syn_rcvd_with_fin_in_final_ack);
  g_test_add_func ("/tcp/close/"
                   "close-in-syn-rcvd-with-fin-after-simultaneous-open",
                   test_close_in_syn_rcvd_with_fin_after_simultaneous_open);
  g_test_add_func ("/tcp/close/fin-retransmit-last-ack",
                   test_fin_retransmit_last_ack);
  g_test_add_func ("/tcp/time-wait/fin-retransmit-restarts-2msl",
                   test_fin_retransmit_restarts_2msl);
  g_test_add_func ("/tcp/time-wait/lasts-2msl", test_time_wait_lasts_2msl);
  g_test_add_func ("/tcp/time-wait/msl-setting", test_time_wait_msl_setting);
  g_test_add_func ("/tcp/fin-wait-2/linux-timeout",
                   test_fin_wait_2_linux_timeout);
  g_test_add_func ("/tcp/fin-wait-2/no-timeout-when-disabled",
                   test_fin_wait_2_no_timeout_when_disabled);
  g_test_add_func ("/tcp/delayed-ack/option", test_delayed_ack_option);

  return g_test_run ();
}
