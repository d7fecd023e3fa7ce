/* test-tcp-data.c: data transfer, acknowledgment, retransmission
 * (RFC 9293 §3.4, §3.8, §3.10.7.4; RFC 6298). */

#include <string.h>

#include "seqack-error.h"
#include "tcp-test-pair.h"

#define S SEQACK_USEC_PER_SEC
#define SYN SEQACK_TCP_SYN
#define ACK SEQACK_TCP_ACK
#define PSH SEQACK_TCP_PSH
#define FIN SEQACK_TCP_FIN

static const guint32 X1 = TEST_CLIENT_ISN + 1;
static const guint32 Y1 = TEST_SERVER_ISN + 1;

static TestPair *
pair_with_mss (guint16 mss)
{
  SeqackTcpConfig config;

  seqack_tcp_config_init (&config);
  config.mss = mss;
  return test_pair_new (&config);
}

/* Ack = Seq + length: 5 bytes at Seq=x+1 are acknowledged with Ack=x+6,
 * not x+2; every segment after the handshake carries ACK. */
static void
test_ack_is_seq_plus_len (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  SeqackTcpVars vars;

  test_pair_establish (pair);

  test_pair_send (pair, TEST_CLIENT, "hello");
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 0), PSH | ACK,
                       X1, Y1, 5);
  g_assert_cmpmem (test_pair_sent (pair, TEST_CLIENT, 0)->data, 5,
                   "hello", 5);
  g_assert_cmpuint (seqack_tcp_conn_get_unacked (
                      test_pair_conn (pair, TEST_CLIENT)), ==, 5);
  test_pair_run (pair);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 0), ACK,
                       Y1, X1 + 5, 0);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, "hello");
  g_assert_cmpuint (seqack_tcp_conn_get_unacked (
                      test_pair_conn (pair, TEST_CLIENT)), ==, 0);

  test_pair_send (pair, TEST_SERVER, "hi!");
  test_pair_run (pair);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 1), PSH | ACK,
                       Y1, X1 + 5, 3);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 1), ACK,
                       X1 + 5, Y1 + 3, 0);
  g_assert_cmpstr (test_pair_received (pair, TEST_CLIENT), ==, "hi!");

  test_pair_vars (pair, TEST_CLIENT, &vars);
  g_assert_cmpuint (vars.snd_una, ==, X1 + 5);
  g_assert_cmpuint (vars.snd_nxt, ==, X1 + 5);
  g_assert_cmpuint (vars.rcv_nxt, ==, Y1 + 3);
  /* One ACK per data segment, no more. */
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 2);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 2);
  g_assert_cmpint (test_pair_next_deadline (pair), ==, SEQACK_NO_DEADLINE);
}

/* One send of 250 bytes with MSS 100: three segments of 100, 100, 50,
 * PSH only on the last, each acknowledged at once. */
static void
test_segmented_by_mss (void)
{
  g_autoptr(TestPair) pair = pair_with_mss (100);
  g_autofree char *text = test_text (250);

  test_pair_establish (pair);
  test_pair_send (pair, TEST_CLIENT, text);

  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 3);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 0), ACK,
                       X1, Y1, 100);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 1), ACK,
                       X1 + 100, Y1, 100);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 2), PSH | ACK,
                       X1 + 200, Y1, 50);

  test_pair_run (pair);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 3);
  for (guint i = 0; i < 3; i++)
    test_assert_segment (test_pair_sent (pair, TEST_SERVER, i), ACK, Y1,
                         X1 + MIN (100 * (i + 1), 250), 0);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, text);
}

/* The peer offers no MSS option: segments of 536 (RFC 9293 §3.7.1). */
static void
test_default_mss_536 (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  g_autofree char *text = test_text (1000);

  test_pair_listen (pair, TEST_SERVER);
  test_pair_inject (pair, TEST_SERVER, SYN, 700, 0, NULL);
  test_pair_inject (pair, TEST_SERVER, ACK, 701, Y1, NULL);
  test_pair_discard_wire (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);

  test_pair_send (pair, TEST_SERVER, text);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 1), ACK,
                       Y1, 701, 536);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 2), PSH | ACK,
                       Y1 + 536, 701, 464);
}

/* Segments 2 and 3 arrive before 1: each is kept and answered with a
 * duplicate ACK for the gap (Ack = RCV.NXT); when 1 arrives all 300 bytes
 * are delivered in order and acknowledged at once, cumulatively. */
static void
test_out_of_order_buffered (void)
{
  g_autoptr(TestPair) pair = pair_with_mss (100);
  g_autofree char *text = test_text (300);
  SeqackTcpSegment seg[3];

  test_pair_establish (pair);
  test_pair_send (pair, TEST_CLIENT, text);
  for (guint i = 0; i < 3; i++)
    seg[i] = test_pair_sent (pair, TEST_CLIENT, i)->seg;
  test_pair_discard_wire (pair);

  test_pair_inject_segment (pair, TEST_SERVER, &seg[1]);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 0), ACK, Y1, X1, 0);
  test_pair_inject_segment (pair, TEST_SERVER, &seg[2]);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 1), ACK, Y1, X1, 0);
  /* A repeat of a kept segment changes nothing but gets its ACK. */
  test_pair_inject_segment (pair, TEST_SERVER, &seg[2]);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 2), ACK, Y1, X1, 0);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, "");
  g_assert_cmpuint (test_pair_count_events (pair, TEST_SERVER,
                                            TEST_EV_DELIVER), ==, 0);

  test_pair_inject_segment (pair, TEST_SERVER, &seg[0]);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 4);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 3), ACK,
                       Y1, X1 + 300, 0);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, text);
}

/* Data beyond the window is not accepted: ACK it (RCV.NXT) and drop it
 * (RFC 9293 §3.10.7.4 first step); old data is acknowledged again. */
static void
test_outside_window_acked_and_dropped (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_establish (pair);
  test_pair_inject (pair, TEST_SERVER, ACK, X1 + 64240, Y1, "far");
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 0), ACK, Y1, X1, 0);
  test_pair_inject (pair, TEST_SERVER, ACK, X1 - 3, Y1, "old");
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 1), ACK, Y1, X1, 0);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, "");

  /* Partly old: only the new bytes are delivered. */
  test_pair_inject (pair, TEST_SERVER, ACK | PSH, X1 - 2, Y1, "xxnew");
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 2), ACK, Y1,
                       X1 + 3, 0);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, "new");

  /* An ACK for data never sent is answered with an ACK and dropped. */
  test_pair_inject (pair, TEST_SERVER, ACK | PSH, X1 + 3, Y1 + 50, "zz");
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 3), ACK, Y1,
                       X1 + 3, 0);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, "new");
}

/* RFC 6298: a lost data segment is resent from SND.UNA after 1 s, then
 * after 2 s more. The ACK of a retransmission gives no RTT sample (Karn),
 * so the backed-off RTO (4 s) stays for the next segment (RFC 6298 (5.7)
 * note; Linux: "only reset backoff on valid RTT measurement"). */
static void
test_retransmit_and_backoff (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  TestSegment *again;

  test_pair_establish (pair);
  test_pair_drop_next (pair, TEST_CLIENT);
  test_pair_send (pair, TEST_CLIENT, "data");
  g_assert_cmpint (test_pair_find_timer (pair, TEST_CLIENT,
                                         SEQACK_TCP_TIMER_RETRANSMIT,
                                         SEQACK_TIMER_SET, 0)->deadline,
                   ==, 1 * S);

  test_pair_drop_next (pair, TEST_CLIENT);
  test_pair_advance_to (pair, 1 * S);
  again = test_pair_sent (pair, TEST_CLIENT, 1);
  test_assert_segment (again, PSH | ACK, X1, Y1, 4);
  g_assert_true (again->retransmission);
  g_assert_cmpint (test_pair_find_timer (pair, TEST_CLIENT,
                                         SEQACK_TCP_TIMER_RETRANSMIT,
                                         SEQACK_TIMER_SET, 1)->deadline,
                   ==, 3 * S);

  test_pair_advance_to (pair, 3 * S);
  again = test_pair_sent (pair, TEST_CLIENT, 2);
  test_assert_segment (again, PSH | ACK, X1, Y1, 4);
  g_assert_true (again->retransmission);
  g_assert_cmpint (test_pair_find_timer (pair, TEST_CLIENT,
                                         SEQACK_TCP_TIMER_RETRANSMIT,
                                         SEQACK_TIMER_SET, 2)->deadline,
                   ==, 7 * S);

  test_pair_run (pair);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, "data");
  g_assert_nonnull (test_pair_find_timer (pair, TEST_CLIENT,
                                          SEQACK_TCP_TIMER_RETRANSMIT,
                                          SEQACK_TIMER_CANCELLED, 0));

  test_pair_send (pair, TEST_CLIENT, "more");
  g_assert_false (test_pair_sent (pair, TEST_CLIENT, -1)->retransmission);
  g_assert_cmpint (test_pair_find_timer (pair, TEST_CLIENT,
                                         SEQACK_TCP_TIMER_RETRANSMIT,
                                         SEQACK_TIMER_SET, 3)->deadline,
                   ==, (3 + 4) * S);
}

/* After a timeout, the rest of a lost flight is resent one segment per
 * ACK, and everything arrives in order. */
static void
test_retransmit_lost_flight (void)
{
  g_autoptr(TestPair) pair = pair_with_mss (100);
  g_autofree char *text = test_text (300);

  test_pair_establish (pair);
  test_pair_send (pair, TEST_CLIENT, text);
  test_pair_discard_wire (pair);   /* all three lost */

  test_pair_advance_to (pair, 1 * S);
  test_pair_run (pair);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, text);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 6);
  for (guint i = 3; i < 6; i++)
    {
      TestSegment *s = test_pair_sent (pair, TEST_CLIENT, i);

      g_assert_true (s->retransmission);
      g_assert_cmpuint (s->seg.seq, ==, X1 + 100 * (i - 3));
    }
  g_assert_cmpint (test_pair_next_deadline (pair), ==, SEQACK_NO_DEADLINE);
}

/* retries = 2: after the third timeout the sender gives up, reports
 * "timed out" and goes CLOSED without a RST. */
static void
test_retries_give_up (void)
{
  SeqackTcpConfig config;
  g_autoptr(TestPair) pair = NULL;
  TestEvent *change;

  seqack_tcp_config_init (&config);
  config.retries = 2;
  pair = test_pair_new (&config);
  test_pair_establish (pair);
  test_pair_send (pair, TEST_CLIENT, "void");
  while (test_pair_state (pair, TEST_CLIENT) == SEQACK_TCP_ESTABLISHED)
    {
      test_pair_discard_wire (pair);
      g_assert_true (test_pair_skip (pair));
    }

  g_assert_cmpint (test_pair_now (pair), ==, (1 + 2 + 4) * S);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 3);
  g_assert_cmpint (test_pair_last_error (pair, TEST_CLIENT), ==,
                   SEQACK_ERROR_TIMED_OUT);
  change = test_pair_last_change (pair, TEST_CLIENT);
  g_assert_cmpint (change->edge, ==, SEQACK_TCP_EDGE_GIVE_UP);
  g_assert_cmpint (change->to, ==, SEQACK_TCP_CLOSED);
}

/* Data sent in SYN-SENT waits for ESTABLISHED (RFC 9293 §3.10.2); the
 * handshake's ACK still goes on its own, then the data. */
static void
test_send_queued_before_established (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_listen (pair, TEST_SERVER);
  test_pair_connect (pair, TEST_CLIENT);
  test_pair_send (pair, TEST_CLIENT, "early");
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 1);

  test_pair_run (pair);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 1), ACK,
                       X1, Y1, 0);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 2), PSH | ACK,
                       X1, Y1, 5);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, "early");
}

/* The sender never goes past SND.UNA + SND.WND: with a 100-byte window
 * 250 bytes go out 100 at a time, as ACKs open the window. */
static void
test_peer_window_respected (void)
{
  SeqackTcpConfig client, server;
  g_autoptr(TestPair) pair = NULL;
  g_autofree char *text = test_text (250);

  seqack_tcp_config_init (&client);
  seqack_tcp_config_init (&server);
  server.rcv_wnd = 100;
  pair = test_pair_new_full (&client, &server);
  test_pair_establish (pair);

  test_pair_send (pair, TEST_CLIENT, text);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 1);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 0), ACK,
                       X1, Y1, 100);

  test_pair_run (pair);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, text);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 3);
  for (guint i = 0; i < test_pair_n_sent (pair, TEST_CLIENT); i++)
    g_assert_cmpuint (test_pair_sent (pair, TEST_CLIENT, i)->seg.payload_len,
                      <=, 100);
}

/* Many sends and ACKs reuse the same buffers; the sequence numbers stay
 * exact over a long run, across a 32-bit wrap of the sequence space. */
static void
test_long_transfer_wraps (void)
{
  g_autoptr(TestPair) pair = pair_with_mss (1000);
  g_autofree char *chunk = test_text (3000);
  const guint32 isn = 0xffffffffu - 100000;
  SeqackTcpVars vars;
  gsize total = 0;

  test_pair_set_isn (pair, TEST_CLIENT, isn);
  test_pair_establish (pair);
  for (guint i = 0; i < 2000; i++)
    {
      test_pair_send (pair, TEST_CLIENT, chunk);
      total += 3000;
      test_pair_run (pair);
      g_assert_cmpuint (seqack_tcp_conn_get_unacked (
                          test_pair_conn (pair, TEST_CLIENT)), ==, 0);
      test_pair_clear_record (pair);
    }
  test_pair_vars (pair, TEST_SERVER, &vars);
  g_assert_cmpuint (vars.rcv_nxt, ==, (guint32) (isn + 1 + total));
  g_assert_cmpuint (vars.rcv_nxt, <, isn);   /* it wrapped */
  g_assert_cmpuint (strlen (test_pair_received (pair, TEST_SERVER)), ==,
                    total);
}

typedef struct
{
  SeqackTcpConn *conn;
  guint          n_checked;
} VarsProbe;

/* SEG.LEN must already be counted in SND.NXT when send() runs. */
static void
probe_send (gpointer                user_data,
            const SeqackTcpSegment *seg,
            guint                   sent)
{
  VarsProbe *probe = user_data;
  SeqackTcpVars vars;

  seqack_tcp_conn_get_vars (probe->conn, &vars);
  g_assert_cmpuint (sent, ==, 0);
  g_assert_cmpuint (vars.snd_nxt, ==,
                    seg->seq + seg->payload_len +
                    ((seg->flags & (SYN | FIN)) ? 1 : 0));
  probe->n_checked++;
}

static guint32
probe_isn (gpointer user_data)
{
  return TEST_CLIENT_ISN;
}

/* The callbacks see the TCB after the event they report (the contract in
 * seqack-tcp-conn.h the lab's Trace relies on): in send(), SND.NXT is
 * already past that segment, for each of several segments of one SEND
 * and for the FIN. */
static void
test_vars_current_in_send_callback (void)
{
  SeqackTcpCallbacks cb = { .send = probe_send };
  VarsProbe probe = { NULL, 0 };
  SeqackTcpConfig config;
  SeqackTcpSegment synack;
  g_autofree char *text = test_text (3000);
  g_autoptr(SeqackTcpConn) conn = NULL;

  /* An initial window of ten segments lets the whole send go at once. */
  seqack_tcp_config_init (&config);
  config.iw10 = TRUE;
  conn = seqack_tcp_conn_new (&config, &cb, probe_isn, &probe);
  probe.conn = conn;
  g_assert_true (seqack_tcp_conn_connect (conn, TEST_CLIENT_PORT,
                                          TEST_SERVER_PORT, 0, NULL));
  memset (&synack, 0, sizeof synack);
  synack.src_port = TEST_SERVER_PORT;
  synack.dst_port = TEST_CLIENT_PORT;
  synack.seq = TEST_SERVER_ISN;
  synack.ack = X1;
  synack.flags = SYN | ACK;
  synack.data_offset = 5;
  synack.window = 65535;
  seqack_tcp_conn_receive (conn, &synack, 1000);
  g_assert_cmpint (seqack_tcp_conn_get_state (conn), ==,
                   SEQACK_TCP_ESTABLISHED);

  g_assert_true (seqack_tcp_conn_send (conn, (const guint8 *) text, 3000,
                                       2000, NULL));
  g_assert_true (seqack_tcp_conn_close (conn, 2000, NULL));
  /* SYN, the handshake's ACK, 3000 bytes in six segments of at most 536
   * (the SYN,ACK offered no MSS, RFC 9293 §3.7.1), then the FIN. */
  g_assert_cmpuint (probe.n_checked, ==, 9);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tcp/data/ack-is-seq-plus-len", test_ack_is_seq_plus_len);
  g_test_add_func ("/tcp/data/vars-current-in-send-callback",
                   test_vars_current_in_send_callback);
  g_test_add_func ("/tcp/data/segmented-by-mss", test_segmented_by_mss);
  g_test_add_func ("/tcp/data/default-mss-536", test_default_mss_536);
  g_test_add_func ("/tcp/data/out-of-order-buffered",
                   test_out_of_order_buffered);
  g_test_add_func ("/tcp/data/outside-window-acked-and-dropped",
                   test_outside_window_acked_and_dropped);
  g_test_add_func ("/tcp/data/retransmit-and-backoff",
                   test_retransmit_and_backoff);
  g_test_add_func ("/tcp/data/retransmit-lost-flight",
                   test_retransmit_lost_flight);
  g_test_add_func ("/tcp/data/retries-give-up", test_retries_give_up);
  g_test_add_func ("/tcp/data/send-queued-before-established",
                   test_send_queued_before_established);
  g_test_add_func ("/tcp/data/peer-window-respected",
                   test_peer_window_respected);
  g_test_add_func ("/tcp/data/long-transfer-wraps", test_long_transfer_wraps);

  return g_test_run ();
}
