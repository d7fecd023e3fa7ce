/* test-tcp-cc.c: congestion control, RFC 5681 with NewReno (RFC 6582):
 * the initial window, slow start, congestion avoidance, the timeout's
 * loss window, fast retransmit and fast recovery with partial ACKs. */

#include <string.h>

#include "seqack-tcp-cc.h"
#include "tcp-test-pair.h"

#define S SEQACK_USEC_PER_SEC

static const guint32 X1 = TEST_CLIENT_ISN + 1;

static TestPair *
pair_with (guint16  mss,
           gboolean iw10)
{
  SeqackTcpConfig config;
  TestPair *pair;

  seqack_tcp_config_init (&config);
  config.mss = mss;
  config.iw10 = iw10;
  pair = test_pair_new (&config);
  test_pair_establish (pair);
  return pair;
}

/* Sends @len bytes of text from the client. */
static void
client_send (TestPair *pair,
             gsize     len)
{
  g_autofree char *text = test_text (len);

  test_pair_send (pair, TEST_CLIENT, text);
}

/* The client's segments with @flag set. */
static guint
count_sent (TestPair *pair,
            TestSide  side,
            guint     flag)
{
  guint n = 0;

  for (guint i = 0; i < test_pair_n_sent (pair, side); i++)
    if (test_pair_sent (pair, side, i)->sent & flag)
      n++;
  return n;
}

/* RFC 3390: the first flight at MSS 1,460 is 4,380 bytes, three
 * segments; RFC 6928's IW10, ten. */
static void
test_initial_window (void)
{
  g_autoptr(TestPair) pair = pair_with (1460, FALSE);
  g_autoptr(TestPair) iw10 = pair_with (1460, TRUE);

  g_assert_cmpuint (test_pair_vars_of (pair, TEST_CLIENT).cwnd, ==, 4380);
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_CLIENT).ssthresh, ==, 65535);
  client_send (pair, 20000);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 3);
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_CLIENT).flight, ==, 4380);

  g_assert_cmpuint (test_pair_vars_of (iw10, TEST_CLIENT).cwnd, ==, 14600);
  client_send (iw10, 20000);
  g_assert_cmpuint (test_pair_n_sent (iw10, TEST_CLIENT), ==, 10);
}

/* RFC 5681 §3.1 (2): in slow start each ACK of new data grows cwnd by
 * one SMSS, so each flight doubles: 3 segments, then 6. */
static void
test_slow_start (void)
{
  g_autoptr(TestPair) pair = pair_with (1460, FALSE);

  client_send (pair, 20000);
  for (guint i = 0; i < 3; i++)
    test_pair_step (pair);            /* the first flight arrives */
  for (guint i = 1; i <= 3; i++)
    {
      test_pair_step (pair);          /* one ACK */
      g_assert_cmpuint (test_pair_vars_of (pair, TEST_CLIENT).cwnd, ==,
                        4380 + i * 1460);
    }
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 3 + 6);
  test_pair_run (pair);
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_CLIENT).snd_una, ==, X1 + 20000);
}

/* RFC 5681 (4)-(5): a timeout sets ssthresh to half the flight (at
 * least two segments) and cwnd to one segment; slow start then runs up
 * to ssthresh, and congestion avoidance (3) adds SMSS x SMSS / cwnd per
 * ACK beyond it. */
static void
test_rto_then_congestion_avoidance (void)
{
  g_autoptr(TestPair) pair = pair_with (1000, FALSE);
  SeqackTcpVars v;

  client_send (pair, 4000);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 4);
  test_pair_discard_wire (pair);     /* the whole flight is lost */

  test_pair_advance_to (pair, 1 * S);
  v = test_pair_vars_of (pair, TEST_CLIENT);
  g_assert_cmpuint (v.ssthresh, ==, 2000);
  g_assert_cmpuint (v.cwnd, ==, 1000);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 5);

  test_pair_step (pair);               /* the resent first segment */
  test_pair_step (pair);               /* its ACK: slow start, 2,000 */
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_CLIENT).cwnd, ==, 2000);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 7);
  test_pair_step (pair);
  test_pair_step (pair);
  test_pair_step (pair);               /* an ACK at cwnd = ssthresh */
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_CLIENT).cwnd, ==, 2000 + 500);
  test_pair_step (pair);
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_CLIENT).cwnd, ==, 2500 + 400);
  test_pair_run (pair);
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_CLIENT).snd_una, ==, X1 + 4000);
}

/* RFC 5681 §3.2, RFC 6582 §3.2: one segment of ten lost. Eight
 * out-of-order segments each bring a duplicate ACK; the third starts
 * fast retransmit (ssthresh = flight / 2, cwnd = ssthresh + 3 SMSS),
 * each further one inflates cwnd by one SMSS; the full ACK ends fast
 * recovery at cwnd = ssthresh. No timeout is needed. */
static void
test_fast_retransmit_recovery (void)
{
  g_autoptr(TestPair) pair = pair_with (1000, TRUE);
  TestSegment *again = NULL;
  SeqackTcpVars v;

  client_send (pair, 1000);
  test_pair_drop_next (pair, TEST_CLIENT);
  client_send (pair, 1000);
  client_send (pair, 8000);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 10);

  /* The first segment and its ACK, then the 8 beyond the hole. */
  test_pair_step (pair);
  test_pair_step (pair);
  for (guint i = 0; i < 8; i++)
    test_pair_step (pair);
  g_assert_cmpuint (count_sent (pair, TEST_SERVER, SEQACK_TCP_SENT_DUP_ACK),
                    ==, 8);
  for (guint i = 0; i < 3; i++)
    test_pair_step (pair);
  again = test_pair_sent (pair, TEST_CLIENT, -1);
  g_assert_cmpuint (again->seg.seq, ==, X1 + 1000);
  g_assert_true (again->retransmission);
  g_assert_true (again->sent & SEQACK_TCP_SENT_FAST_RETRANSMISSION);
  v = test_pair_vars_of (pair, TEST_CLIENT);
  g_assert_cmpuint (v.ssthresh, ==, 4500);
  g_assert_cmpuint (v.cwnd, ==, 4500 + 3000);

  for (guint i = 0; i < 5; i++)
    test_pair_step (pair);             /* dup ACKs 4 to 8 */
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_CLIENT).cwnd, ==, 7500 + 5000);

  test_pair_run (pair);
  v = test_pair_vars_of (pair, TEST_CLIENT);
  g_assert_cmpuint (v.snd_una, ==, X1 + 10000);
  g_assert_cmpuint (v.cwnd, ==, 4500);
  g_assert_cmpuint (count_sent (pair, TEST_CLIENT,
                                SEQACK_TCP_SENT_RETRANSMISSION), ==, 1);
  g_assert_cmpint (test_pair_next_deadline (pair), ==, SEQACK_NO_DEADLINE);
}

/* RFC 6582 §3.2 step 5: two segments of one flight lost. The ACK of the
 * first retransmission is partial (below "recover"): NewReno resends the
 * next hole at once and stays in fast recovery, where Reno would wait
 * for a timeout. */
static void
test_newreno_partial_ack (void)
{
  g_autoptr(TestPair) pair = pair_with (1000, TRUE);
  TestSegment *last;

  client_send (pair, 1000);
  test_pair_drop_next (pair, TEST_CLIENT);
  client_send (pair, 1000);
  client_send (pair, 1000);
  test_pair_drop_next (pair, TEST_CLIENT);
  client_send (pair, 1000);
  client_send (pair, 6000);

  test_pair_run (pair);
  g_assert_cmpuint (test_pair_sent (pair, TEST_SERVER, -1)->seg.ack, ==,
                    X1 + 10000);
  g_assert_cmpuint (count_sent (pair, TEST_CLIENT,
                                SEQACK_TCP_SENT_FAST_RETRANSMISSION), ==, 2);
  last = test_pair_sent (pair, TEST_CLIENT, -1);
  g_assert_cmpuint (last->seg.seq, ==, X1 + 3000);
  g_assert_true (last->sent & SEQACK_TCP_SENT_FAST_RETRANSMISSION);
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_CLIENT).cwnd, ==,
                    test_pair_vars_of (pair, TEST_CLIENT).ssthresh);
  g_assert_cmpuint (test_pair_now (pair), ==, 0);   /* no timeout */
}

/* RFC 5681 §3.1: after a lost SYN the initial window is one segment. */
static void
test_initial_window_after_syn_loss (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_listen (pair, TEST_SERVER);
  test_pair_drop_next (pair, TEST_CLIENT);
  test_pair_connect (pair, TEST_CLIENT);
  test_pair_discard_wire (pair);
  test_pair_advance_to (pair, 1 * S);
  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_CLIENT).cwnd, ==, 1460);
}

/* Sends 20,000 bytes and lets every ACK in, then stays quiet for @idle
 * microseconds past the RTO and sends 20,000 more; returns the segments
 * of the second transfer's first flight, and its cwnd in @cwnd. */
static guint
flight_after_idle (TestPair *pair,
                   gint64    idle,
                   guint32  *cwnd_before,
                   guint32  *cwnd)
{
  guint before;
  gint64 rto;

  client_send (pair, 20000);
  test_pair_run (pair);
  g_assert_cmpuint (test_pair_vars_of (pair, TEST_CLIENT).flight, ==, 0);
  *cwnd_before = test_pair_vars_of (pair, TEST_CLIENT).cwnd;
  rto = test_pair_vars_of (pair, TEST_CLIENT).rto;
  test_pair_advance_to (pair, test_pair_now (pair) + rto + idle);
  before = test_pair_n_sent (pair, TEST_CLIENT);
  client_send (pair, 20000);
  *cwnd = test_pair_vars_of (pair, TEST_CLIENT).cwnd;
  return test_pair_n_sent (pair, TEST_CLIENT) - before;
}

/* RFC 5681 §4.1: a sender that sent nothing for longer than the RTO
 * starts again from the restart window, min (IW, cwnd): three segments
 * at MSS 1,460 (ten with IW10), not the 17 slow start had reached; an
 * idle period of exactly the RTO keeps cwnd. */
static void
test_slow_start_restart (void)
{
  g_autoptr(TestPair) idle = pair_with (1460, FALSE);
  g_autoptr(TestPair) iw10 = pair_with (1460, TRUE);
  g_autoptr(TestPair) busy = pair_with (1460, FALSE);
  guint32 before, after;

  g_assert_cmpuint (flight_after_idle (idle, 1, &before, &after), ==, 3);
  g_assert_cmpuint (before, ==, 4380 + 20000);   /* the last ACK: 1,020 */
  g_assert_cmpuint (after, ==, 4380);
  g_assert_cmpuint (test_pair_vars_of (idle, TEST_CLIENT).ssthresh, ==,
                    SEQACK_TCP_SSTHRESH_INITIAL);

  g_assert_cmpuint (flight_after_idle (iw10, 1, &before, &after), ==, 10);
  g_assert_cmpuint (after, ==, 14600);

  g_assert_cmpuint (flight_after_idle (busy, 0, &before, &after), ==, 14);
  g_assert_cmpuint (after, ==, before);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tcp/cc/rfc3390-initial-window", test_initial_window);
  g_test_add_func ("/tcp/cc/rfc5681-3.1-initial-window-after-syn-loss",
                   test_initial_window_after_syn_loss);
  g_test_add_func ("/tcp/cc/rfc5681-3.1-slow-start", test_slow_start);
  g_test_add_func ("/tcp/cc/rfc5681-3.1-rto-then-congestion-avoidance",
                   test_rto_then_congestion_avoidance);
  g_test_add_func ("/tcp/cc/rfc5681-3.2-fast-retransmit-recovery",
                   test_fast_retransmit_recovery);
  g_test_add_func ("/tcp/cc/rfc6582-3.2-newreno-partial-ack",
                   test_newreno_partial_ack);
  g_test_add_func ("/tcp/cc/rfc5681-4.1-slow-start-restart",
                   test_slow_start_restart);

  return g_test_run ();
}
