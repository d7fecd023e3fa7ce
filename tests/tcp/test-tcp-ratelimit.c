/* test-tcp-ratelimit.c: RFC 5961 §7's rate limit on the ACKs that answer
 * unacceptable segments (Linux tcp_invalid_ratelimit, 500 ms): two ends
 * that disagree about the sequence numbers stop ping-ponging. */

#include "tcp-test-pair.h"

#define SYN SEQACK_TCP_SYN
#define ACK SEQACK_TCP_ACK

static const guint32 X1 = TEST_CLIENT_ISN + 1;   /* server's RCV.NXT */
static const guint32 COOKIE_ISS = 7000;

/* The server is built from a cookie ACK two numbers ahead of the client
 * (what a cookie that does not cover the ISN lets a later segment do,
 * see seqack-tcp-cookie.h): its RCV.NXT is X1 + 2 while the client
 * sends at X1. The client's ACK is out of the server's window, the
 * server's ACK acknowledges data the client never sent: each answers the
 * other with an ACK. Each answers an unchanged segment once: the loop
 * ends after two rounds, not never. */
static void
test_ping_pong_ends (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  SeqackTcpSegment ack = { 0 };
  guint steps = 0;

  test_pair_listen (pair, TEST_SERVER);
  test_pair_connect (pair, TEST_CLIENT);
  test_pair_discard_wire (pair);   /* the SYN is answered by hand */

  ack.src_port = TEST_CLIENT_PORT;
  ack.dst_port = TEST_SERVER_PORT;
  ack.seq = X1 + 2;
  ack.ack = COOKIE_ISS + 1;
  ack.flags = ACK;
  ack.window = 65535;
  g_assert_true (seqack_tcp_conn_accept_cookie (
    test_pair_conn (pair, TEST_SERVER), &ack, COOKIE_ISS, 1460, 0));
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 0);

  test_pair_inject (pair, TEST_CLIENT, SYN | ACK, COOKIE_ISS, X1, NULL);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  while (test_pair_step (pair) && steps < 1000)
    steps++;
  g_assert_cmpuint (test_pair_in_flight (pair), ==, 0);
  /* Client ACK, server ACK, client ACK, server ACK (the first answer to
   * each distinct segment), then the repeats are held back. */
  g_assert_cmpuint (steps, <=, 4);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), >=, 1);
  test_assert_segment (test_pair_sent (pair, TEST_SERVER, 0), ACK,
                       COOKIE_ISS + 1, X1 + 2, 0);
}

/* The limit holds back only a repeat of the same segment within 500 ms:
 * a different probe gets its answer at once, the same one again after
 * the interval. */
static void
test_repeat_only (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  gint64 t;

  test_pair_establish (pair);
  test_pair_clear_record (pair);
  t = test_pair_now (pair);
  test_pair_inject (pair, TEST_SERVER, SYN, X1 + 10, 0, NULL);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 1);
  test_pair_inject (pair, TEST_SERVER, SYN, X1 + 10, 0, NULL);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 1);
  test_pair_inject (pair, TEST_SERVER, SYN, X1 + 20, 0, NULL);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 2);
  test_pair_inject (pair, TEST_SERVER, SYN, X1 + 20, 0, NULL);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 2);

  test_pair_advance_to (pair, t + SEQACK_TCP_OOW_ACK_INTERVAL - 1);
  test_pair_inject (pair, TEST_SERVER, SYN, X1 + 20, 0, NULL);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 2);
  test_pair_advance_to (pair, t + SEQACK_TCP_OOW_ACK_INTERVAL);
  test_pair_inject (pair, TEST_SERVER, SYN, X1 + 20, 0, NULL);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 3);
}

/* Segments with data are never part of an ACK loop (Linux
 * tcp_oow_rate_limited()): each old retransmission gets its ACK. */
static void
test_data_never_limited (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_establish (pair);
  test_pair_clear_record (pair);
  for (guint i = 1; i <= 3; i++)
    {
      test_pair_inject (pair, TEST_SERVER, ACK, X1 - 100,
                        TEST_SERVER_ISN + 1, "old");
      g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, i);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tcp/rfc5961-7/ack-rate-limit-ends-ping-pong",
                   test_ping_pong_ends);
  g_test_add_func ("/tcp/rfc5961-7/ack-rate-limit-repeats-only",
                   test_repeat_only);
  g_test_add_func ("/tcp/rfc5961-7/ack-rate-limit-not-data",
                   test_data_never_limited);

  return g_test_run ();
}
