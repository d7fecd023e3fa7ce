/* test-tcp-window.c: flow control, the sliding window (RFC 9293 §3.8.6):
 * the receive buffer and its reading application, the advertised window,
 * the window-update rule, zero windows and probes, silly window syndrome
 * avoidance on both sides, and Nagle's algorithm (§3.7.4). */

#include <string.h>

#include "tcp-test-pair.h"

#define S SEQACK_USEC_PER_SEC
#define ACK SEQACK_TCP_ACK
#define PSH SEQACK_TCP_PSH
#define RST SEQACK_TCP_RST

static const guint32 X1 = TEST_CLIENT_ISN + 1;
static const guint32 Y1 = TEST_SERVER_ISN + 1;

/* Client defaults; the server with a @rcv_buf-byte buffer whose
 * application has paused reading; both ESTABLISHED. */
static TestPair *
pair_with_paused_server (guint32 rcv_buf,
                         guint16 mss)
{
  SeqackTcpConfig client, server;
  TestPair *pair;

  seqack_tcp_config_init (&client);
  seqack_tcp_config_init (&server);
  client.mss = server.mss = mss;
  server.rcv_buf = rcv_buf;
  pair = test_pair_new_full (&client, &server);
  test_pair_establish (pair);
  seqack_tcp_conn_set_read_paused (test_pair_conn (pair, TEST_SERVER), TRUE,
                                   test_pair_now (pair));
  return pair;
}

static gsize
server_read (TestPair *pair,
             gsize     n)
{
  return seqack_tcp_conn_read (test_pair_conn (pair, TEST_SERVER), n,
                               test_pair_now (pair));
}

/* A segment from the server to the client with an explicit window. */
static void
inject_ack (TestPair *pair,
            guint32   seq,
            guint32   ack,
            guint16   window)
{
  SeqackTcpSegment seg;

  memset (&seg, 0, sizeof seg);
  seg.src_port = TEST_SERVER_PORT;
  seg.dst_port = TEST_CLIENT_PORT;
  seg.seq = seq;
  seg.ack = ack;
  seg.flags = ACK;
  seg.data_offset = 5;
  seg.window = window;
  test_pair_inject_segment (pair, TEST_CLIENT, &seg);
}

/* RFC 9293 §3.8.6: the window is the free space of the receive buffer.
 * The SYN,ACK offers the whole 4,000-byte buffer; each ACK offers what
 * the unread data left. */
static void
test_window_is_free_space (void)
{
  g_autoptr(TestPair) pair = pair_with_paused_server (4000, 1460);
  g_autofree char *text = test_text (3000);
  SeqackTcpVars v;

  g_assert_cmpuint (test_pair_vars_of (pair, TEST_CLIENT).snd_wnd, ==, 4000);
  test_pair_send (pair, TEST_CLIENT, text);
  test_pair_run (pair);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 0), ACK, Y1,
                       X1 + 1460, 0);
  g_assert_cmpuint (test_pair_sent (pair, TEST_SERVER, 0)->seg.window, ==,
                    4000 - 1460);
  g_assert_cmpuint (test_pair_sent (pair, TEST_SERVER, -1)->seg.window, ==,
                    1000);
  v = test_pair_vars_of (pair, TEST_SERVER);
  g_assert_cmpuint (v.rcv_buf, ==, 4000);
  g_assert_cmpuint (v.rcv_queued, ==, 3000);
  g_assert_cmpuint (v.rcv_wnd, ==, 1000);
  /* Nothing reached the application yet; reading takes it in order. */
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, "");
  g_assert_cmpuint (server_read (pair, 10), ==, 10);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==,
                   "abcdefghij");
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_SERVER).rcv_queued, ==, 2990);
}

/* RFC 9293 §3.8.6.1: a full buffer advertises 0; the sender probes with
 * one octet on the persist timer, backing off (RFC 1122 §4.2.2.17); the
 * application reads, a window update reopens the window, and every byte
 * arrives once and in order. */
static void
test_zero_window_probe_then_update (void)
{
  g_autoptr(TestPair) pair = pair_with_paused_server (2000, 1460);
  g_autofree char *text = test_text (5000);
  TestSegment *probe, *update;
  guint n;

  test_pair_send (pair, TEST_CLIENT, text);
  test_pair_run (pair);
  /* 1,460, then the 540 the window left once nothing was in flight. */
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 2);
  g_assert_cmpuint (test_pair_sent (pair, TEST_CLIENT, 1)->seg.payload_len,
                    ==, 540);
  g_assert_cmpuint (test_pair_sent (pair, TEST_SERVER, -1)->seg.window, ==,
                    0);
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_CLIENT).snd_wnd, ==, 0);
  g_assert_cmpint (seqack_tcp_conn_timer_deadline (
                     test_pair_conn (pair, TEST_CLIENT),
                     SEQACK_TCP_TIMER_PERSIST), ==, 1 * S);

  /* Probes at 1 s and 3 s: the octet is refused, the window still 0. */
  test_pair_advance_to (pair, 1 * S);
  probe = test_pair_sent (pair, TEST_CLIENT, -1);
  g_assert_cmpuint (probe->seg.payload_len, ==, 1);
  g_assert_cmpuint (probe->seg.seq, ==, X1 + 2000);
  g_assert_true (probe->sent & SEQACK_TCP_SENT_WINDOW_PROBE);
  g_assert_false (probe->retransmission);
  test_pair_run (pair);
  g_assert_cmpuint (test_pair_sent (pair, TEST_SERVER, -1)->seg.ack, ==,
                    X1 + 2000);
  test_pair_advance_to (pair, 3 * S);
  probe = test_pair_sent (pair, TEST_CLIENT, -1);
  g_assert_true (probe->sent & SEQACK_TCP_SENT_WINDOW_PROBE);
  g_assert_true (probe->retransmission);
  test_pair_run (pair);
  g_assert_cmpint (seqack_tcp_conn_timer_deadline (
                     test_pair_conn (pair, TEST_CLIENT),
                     SEQACK_TCP_TIMER_PERSIST), ==, 7 * S);

  /* The application reads 1,000 bytes: half the buffer, a window
   * update goes at once. */
  n = test_pair_n_sent (pair, TEST_SERVER);
  g_assert_cmpuint (server_read (pair, 1000), ==, 1000);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, n + 1);
  update = test_pair_sent (pair, TEST_SERVER, -1);
  test_assert_segment (update, ACK, Y1, X1 + 2000, 0);
  g_assert_cmpuint (update->seg.window, ==, 1000);
  g_assert_true (update->sent & SEQACK_TCP_SENT_WINDOW_UPDATE);
  /* 1,000 bytes go and fill the buffer again: the persist timer starts
   * afresh, at one RTO. */
  test_pair_run (pair);
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_CLIENT).snd_una, ==, X1 + 3000);
  g_assert_cmpint (seqack_tcp_conn_timer_deadline (
                     test_pair_conn (pair, TEST_CLIENT),
                     SEQACK_TCP_TIMER_PERSIST), ==, 4 * S);

  /* Reading everything from now on drains the rest. */
  seqack_tcp_conn_set_read_paused (test_pair_conn (pair, TEST_SERVER),
                                   FALSE, test_pair_now (pair));
  test_pair_run (pair);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, text);
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_CLIENT).snd_una, ==, X1 + 5000);
}

/* RFC 9293 §3.8.6.2.2: the receiver moves the right edge only once the
 * free space is min (half the buffer, the MSS) past it: reading 500 of
 * a full 4,000-byte buffer sends nothing and the window stays 0; reading
 * 1,000 more (1,500 >= 1,460) sends a window update of 1,500. */
static void
test_receiver_sws_avoidance (void)
{
  g_autoptr(TestPair) pair = pair_with_paused_server (4000, 1460);
  g_autofree char *text = test_text (4000);
  guint n;

  test_pair_send (pair, TEST_CLIENT, text);
  test_pair_run (pair);
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_SERVER).rcv_queued, ==, 4000);
  g_assert_cmpuint (test_pair_sent (pair, TEST_SERVER, -1)->seg.window, ==,
                    0);

  n = test_pair_n_sent (pair, TEST_SERVER);
  g_assert_cmpuint (server_read (pair, 500), ==, 500);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, n);
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_SERVER).rcv_wnd, ==, 0);

  g_assert_cmpuint (server_read (pair, 1000), ==, 1000);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, n + 1);
  g_assert_cmpuint (test_pair_sent (pair, TEST_SERVER, -1)->seg.window, ==,
                    1500);
}

/* RFC 9293 §3.8.6.2.1: with data in flight the sender does not fill a
 * window sliver: a 2,500-byte window and MSS 1,000 take 1,000 + 1,000,
 * not a third segment of 500; every segment but the last is full. */
static void
test_sender_sws_avoidance (void)
{
  SeqackTcpConfig client, server;
  g_autoptr(TestPair) pair = NULL;
  g_autofree char *text = test_text (5000);

  seqack_tcp_config_init (&client);
  seqack_tcp_config_init (&server);
  client.mss = server.mss = 1000;
  server.rcv_buf = 2500;
  pair = test_pair_new_full (&client, &server);
  test_pair_establish (pair);

  test_pair_send (pair, TEST_CLIENT, text);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 2);
  test_pair_run (pair);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, text);
  for (guint i = 0; i < test_pair_n_sent (pair, TEST_CLIENT); i++)
    g_assert_cmpuint (test_pair_sent (pair, TEST_CLIENT, i)->seg.payload_len,
                      ==, 1000);
}

/* RFC 9293 §3.7.4, Nagle on: a short segment waits while data is
 * unacknowledged, then what gathered goes as one. Off: each send goes. */
static void
test_nagle (void)
{
  SeqackTcpConfig config;
  g_autoptr(TestPair) pair = NULL;
  g_autoptr(TestPair) plain = test_pair_new (NULL);

  seqack_tcp_config_init (&config);
  config.nagle = TRUE;
  pair = test_pair_new (&config);
  test_pair_establish (pair);
  test_pair_send (pair, TEST_CLIENT, "a");
  test_pair_send (pair, TEST_CLIENT, "b");
  test_pair_send (pair, TEST_CLIENT, "c");
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 1);
  test_pair_run (pair);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 2);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 1), PSH | ACK,
                       X1 + 1, Y1, 2);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, "abc");

  test_pair_establish (plain);
  test_pair_send (plain, TEST_CLIENT, "a");
  test_pair_send (plain, TEST_CLIENT, "b");
  test_pair_send (plain, TEST_CLIENT, "c");
  g_assert_cmpuint (test_pair_n_sent (plain, TEST_CLIENT), ==, 3);
}

/* RFC 9293 §3.10.7.4, fifth step: SND.WND is taken from a segment only
 * when it is newer than the one that set it (SND.WL1 < SEG.SEQ, or equal
 * and SND.WL2 =< SEG.ACK): an old, reordered ACK cannot shut the window
 * a later one opened. */
static void
test_window_update_wl1_wl2 (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  g_autofree char *text = test_text (100);

  test_pair_establish (pair);
  test_pair_send (pair, TEST_CLIENT, text);
  test_pair_discard_wire (pair);

  /* A newer segment (Seq one higher) sets the window... */
  inject_ack (pair, Y1 + 1, X1 + 100, 3000);
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_CLIENT).snd_wnd, ==, 3000);
  /* ...an older one (lower Seq) does not, */
  inject_ack (pair, Y1, X1 + 100, 10);
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_CLIENT).snd_wnd, ==, 3000);
  /* nor one with the same Seq and a lower Ack; the same Seq and Ack
   * does (SND.WL2 =< SEG.ACK). */
  inject_ack (pair, Y1 + 1, X1 + 50, 20);
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_CLIENT).snd_wnd, ==, 3000);
  inject_ack (pair, Y1 + 1, X1 + 100, 2000);
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_CLIENT).snd_wnd, ==, 2000);
}

/* RFC 1122 §4.2.2.13: quitting with data left in the receive buffer
 * (the application paused and never read it) resets the connection. */
static void
test_quit_with_buffered_data_resets (void)
{
  g_autoptr(TestPair) pair = pair_with_paused_server (4000, 1460);
  g_autoptr(GError) error = NULL;

  test_pair_send (pair, TEST_CLIENT, "unread");
  test_pair_run (pair);
  g_assert_cmpuint (seqack_tcp_conn_get_unread (
                      test_pair_conn (pair, TEST_SERVER)), ==, 6);
  g_assert_true (seqack_tcp_conn_quit (test_pair_conn (pair, TEST_SERVER), 0,
                                       test_pair_now (pair), &error));
  g_assert_no_error (error);
  g_assert_cmphex (test_pair_sent (pair, TEST_SERVER, -1)->seg.flags, ==,
                   RST | ACK);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tcp/window/rfc9293-3.8.6-window-is-free-space",
                   test_window_is_free_space);
  g_test_add_func ("/tcp/window/rfc9293-3.8.6.1-zero-window-probe-then-update",
                   test_zero_window_probe_then_update);
  g_test_add_func ("/tcp/window/rfc9293-3.8.6.2.2-receiver-sws-avoidance",
                   test_receiver_sws_avoidance);
  g_test_add_func ("/tcp/window/rfc9293-3.8.6.2.1-sender-sws-avoidance",
                   test_sender_sws_avoidance);
  g_test_add_func ("/tcp/window/rfc9293-3.7.4-nagle", test_nagle);
  g_test_add_func ("/tcp/window/rfc9293-3.10.7.4-window-update-wl1-wl2",
                   test_window_update_wl1_wl2);
  g_test_add_func ("/tcp/window/rfc1122-4.2.2.13-quit-with-buffered-data",
                   test_quit_with_buffered_data_resets);

  return g_test_run ();
}
