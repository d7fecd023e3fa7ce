/* test-trace-seq.c: relative sequence numbers, exactly as Wireshark shows
 * them, so the lesson's Seq=0 / Ack=1 and a capture opened in Wireshark
 * tell the same story. */
#include "seqack-trace.h"
#include "trace-test-util.h"

static void
assert_lesson_numbers (guint32 x,
                       guint32 y)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  guint seg[11];
  guint32 base;

  test_build_lesson (trace, x, y, seg);

  for (guint i = 0; i < G_N_ELEMENTS (test_lesson_rel); i++)
    {
      const SeqackEvent *event = seqack_trace_get_event (trace, seg[i]);

      g_test_message ("segment %u", i);
      g_assert_cmpuint (event->flags, ==, test_lesson_rel[i].flags);
      g_assert_cmpuint (event->number, ==, test_lesson_rel[i].len);
      g_assert_cmpuint (seqack_trace_relative_seq (trace, seg[i]), ==,
                        test_lesson_rel[i].seq);
      g_assert_cmpuint (seqack_trace_relative_ack (trace, seg[i]), ==,
                        test_lesson_rel[i].ack);
      /* The absolute numbers are kept as on the wire. */
      g_assert_cmpuint (event->seq - test_lesson_rel[i].seq, ==,
                        event->side == SEQACK_CLIENT ? x : y);
    }

  /* The bases are the ISNs (the SYNs were seen). */
  g_assert_true (seqack_trace_get_base (trace, seg[10], SEQACK_CLIENT,
                                        &base));
  g_assert_cmphex (base, ==, x);
  g_assert_true (seqack_trace_get_base (trace, seg[10], SEQACK_SERVER,
                                        &base));
  g_assert_cmphex (base, ==, y);
  /* Before the server's SYN, ACK nobody knew its ISN. */
  g_assert_false (seqack_trace_get_base (trace, seg[0], SEQACK_SERVER,
                                         &base));
  g_assert_false (seqack_trace_get_base (trace, 0, SEQACK_CLIENT, &base));
}

/* The ISN is random (RFC 6528), yet the lesson reads Seq=0, Ack=1, ...:
 * relative numbers, as Wireshark shows them. */
static void
test_lesson (void)
{
  for (guint round = 0; round < 20; round++)
    assert_lesson_numbers (g_test_rand_int (), g_test_rand_int ());
}

/* Sequence numbers wrap modulo 2^32 (RFC 9293 §3.4). */
static void
test_wraparound (void)
{
  assert_lesson_numbers (0xfffffffe, 0xfffffffb);
  assert_lesson_numbers (0xffffffff, 0);
}

/* A capture that starts mid-connection has no SYN: Wireshark takes the
 * first Seq seen as 1 (base = Seq - 1) and, from the first ACK, the other
 * direction's base as Ack - 1, so both sides start at 1. */
static void
test_mid_connection (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  const guint8 ACK = SEQACK_TCP_ACK, PSH = SEQACK_TCP_PSH;
  const SeqackFate F = SEQACK_FATE_CAPTURED;
  guint32 base;
  guint i;

  i = test_add_segment (trace, 0, SEQACK_CLIENT, 1000, 5000, PSH | ACK,
                        "hello", F, 0);
  g_assert_cmpuint (seqack_trace_relative_seq (trace, i), ==, 1);
  g_assert_cmpuint (seqack_trace_relative_ack (trace, i), ==, 1);
  g_assert_true (seqack_trace_get_base (trace, i, SEQACK_CLIENT, &base));
  g_assert_cmpuint (base, ==, 999);
  g_assert_true (seqack_trace_get_base (trace, i, SEQACK_SERVER, &base));
  g_assert_cmpuint (base, ==, 4999);

  /* The server's first segment: its base is already known from the
   * client's Ack, so its Seq 5000 reads 1 as well. */
  i = test_add_segment (trace, 10, SEQACK_SERVER, 5000, 1005, PSH | ACK,
                        "hi!", F, 0);
  g_assert_cmpuint (seqack_trace_relative_seq (trace, i), ==, 1);
  g_assert_cmpuint (seqack_trace_relative_ack (trace, i), ==, 6);

  i = test_add_segment (trace, 20, SEQACK_CLIENT, 1005, 5003, ACK, NULL,
                        F, 0);
  g_assert_cmpuint (seqack_trace_relative_seq (trace, i), ==, 6);
  g_assert_cmpuint (seqack_trace_relative_ack (trace, i), ==, 4);
}

/* A first segment without ACK (a bare RST, say) sets only its own base;
 * the other side's first segment then sets its own as Seq - 1. */
static void
test_no_ack_first (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  const SeqackFate F = SEQACK_FATE_CAPTURED;
  guint32 base;
  guint i;

  i = test_add_segment (trace, 0, SEQACK_CLIENT, 700, 12345, SEQACK_TCP_RST,
                        NULL, F, 0);
  g_assert_cmpuint (seqack_trace_relative_seq (trace, i), ==, 1);
  /* No ACK flag: the Ack field means nothing and reads 0. */
  g_assert_cmpuint (seqack_trace_relative_ack (trace, i), ==, 0);
  g_assert_false (seqack_trace_get_base (trace, i, SEQACK_SERVER, &base));

  i = test_add_segment (trace, 1, SEQACK_SERVER, 9000, 700, SEQACK_TCP_ACK,
                        NULL, F, 0);
  g_assert_cmpuint (seqack_trace_relative_seq (trace, i), ==, 1);
  g_assert_cmpuint (seqack_trace_relative_ack (trace, i), ==, 1);
}

/* A new connection restarts the relative numbers from its own ISNs, and
 * the old connection's events keep the numbers they were shown with. */
static void
test_begin_connection (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  const SeqackSide C = SEQACK_CLIENT, S = SEQACK_SERVER;
  const guint8 SYN = SEQACK_TCP_SYN, ACK = SEQACK_TCP_ACK;
  const SeqackFate D = SEQACK_FATE_DELIVERED;
  guint32 x = g_test_rand_int (), y = g_test_rand_int ();
  guint32 x2 = x + 0x10000000, y2 = y - 0x20000000;
  guint seg[11];
  guint between, syn, synack, last;
  guint32 base;

  test_build_lesson (trace, x, y, seg);
  seqack_trace_begin_connection (trace);
  between = seqack_trace_add_action (trace, 200000, C,
                                     SEQACK_ACTION_CONNECT, 0, NULL);
  /* Until the new SYN nobody has a base. */
  g_assert_false (seqack_trace_get_base (trace, between, C, &base));
  g_assert_false (seqack_trace_get_base (trace, between, S, &base));
  /* ... but the old events still do. */
  g_assert_true (seqack_trace_get_base (trace, between - 1, C, &base));
  g_assert_cmphex (base, ==, x);

  syn = test_add_segment (trace, 200000, C, x2, 0, SYN, NULL, D, 0);
  synack = test_add_segment (trace, 220000, S, y2, x2 + 1, SYN | ACK, NULL,
                             D, 0);
  last = test_add_segment (trace, 240000, C, x2 + 1, y2 + 1, ACK, NULL, D, 0);

  g_assert_cmpuint (seqack_trace_relative_seq (trace, syn), ==, 0);
  g_assert_cmpuint (seqack_trace_relative_seq (trace, synack), ==, 0);
  g_assert_cmpuint (seqack_trace_relative_ack (trace, synack), ==, 1);
  g_assert_cmpuint (seqack_trace_relative_seq (trace, last), ==, 1);
  g_assert_cmpuint (seqack_trace_relative_ack (trace, last), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (test_lesson_rel); i++)
    {
      g_assert_cmpuint (seqack_trace_relative_seq (trace, seg[i]), ==,
                        test_lesson_rel[i].seq);
      g_assert_cmpuint (seqack_trace_relative_ack (trace, seg[i]), ==,
                        test_lesson_rel[i].ack);
    }

}

/* Ports reused without begin_connection (a capture): a SYN with a new
 * ISN starts a new conversation, as Wireshark numbers it, while a
 * retransmitted SYN does not. */
static void
test_ports_reused (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  const SeqackSide C = SEQACK_CLIENT, S = SEQACK_SERVER;
  const guint8 SYN = SEQACK_TCP_SYN, ACK = SEQACK_TCP_ACK;
  const SeqackFate D = SEQACK_FATE_DELIVERED;
  guint32 x = g_test_rand_int (), y = g_test_rand_int ();
  guint32 x2 = x + 0x10000000;
  guint seg[11];
  guint again, rst, resent;
  guint32 base;

  test_build_lesson (trace, x, y, seg);
  resent = test_add_segment (trace, 199000, C, x + 7, y + 5, ACK, NULL, D,
                             SEQACK_MARK_RETRANSMISSION);
  again = test_add_segment (trace, 200000, C, x2, 0, SYN, NULL, D, 0);
  /* The server refuses: RST,ACK with Seq 0 (RFC 9293 §3.10.7.1). */
  rst = test_add_segment (trace, 220000, S, 0, x2 + 1,
                          SEQACK_TCP_RST | ACK, NULL, D, 0);

  g_assert_cmpuint (seqack_trace_relative_seq (trace, resent), ==, 7);
  g_assert_cmpuint (seqack_trace_relative_seq (trace, again), ==, 0);
  g_assert_false (seqack_trace_get_base (trace, again, S, &base));
  /* The refusing server has no connection and no ISN: its <SEQ=0> shows
   * as 0, not Wireshark's guess of 1 from the old conversation's end. */
  g_assert_cmpuint (seqack_trace_relative_seq (trace, rst), ==, 0);
  g_assert_cmpuint (seqack_trace_relative_ack (trace, rst), ==, 1);
  /* The old conversation keeps its numbers. */
  g_assert_cmpuint (seqack_trace_relative_seq (trace, seg[10]), ==, 7);
  g_assert_cmpuint (seqack_trace_relative_ack (trace, seg[10]), ==, 5);
}

/* RFC 9293 §3.5 Figure 9: an old duplicate SYN reaches the server first,
 * the server's SYN,ACK acknowledges it, the client resets that, and the
 * server answers the real SYN with a SYN,ACK of a new ISN. The lesson's
 * point must stay visible: the first SYN,ACK acknowledges a number that is
 * not the client's ISN + 1, and the real handshake reads 0 / 1 / 1. */
static void
test_old_duplicate_syn (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  const SeqackSide C = SEQACK_CLIENT, S = SEQACK_SERVER;
  const guint8 SYN = SEQACK_TCP_SYN, ACK = SEQACK_TCP_ACK;
  const SeqackFate D = SEQACK_FATE_DELIVERED;
  guint32 x = g_test_rand_int (), y = g_test_rand_int ();
  guint32 old = x - 12345, y2 = y + 777777;
  guint syn, stale, synack1, rst, synack2, ack;

  seqack_trace_begin_connection (trace);
  syn = test_add_segment (trace, 0, C, x, 0, SYN, NULL, D,
                          SEQACK_MARK_DELAYED);
  stale = test_add_segment (trace, 0, C, old, 0, SYN, NULL, D,
                            SEQACK_MARK_STALE);
  synack1 = test_add_segment (trace, 20000, S, y, old + 1, SYN | ACK, NULL,
                              D, 0);
  rst = test_add_segment (trace, 40000, C, old + 1, 0, SEQACK_TCP_RST, NULL,
                          D, 0);
  synack2 = test_add_segment (trace, 120000, S, y2, x + 1, SYN | ACK, NULL,
                              D, 0);
  ack = test_add_segment (trace, 140000, C, x + 1, y2 + 1, ACK, NULL, D, 0);

  g_assert_cmpuint (seqack_trace_relative_seq (trace, syn), ==, 0);
  g_assert_cmpuint (seqack_trace_relative_seq (trace, stale), ==,
                    (guint32) -12345);
  g_assert_cmpuint (seqack_trace_relative_seq (trace, synack1), ==, 0);
  g_assert_cmpuint (seqack_trace_relative_ack (trace, synack1), ==,
                    (guint32) -12344);
  g_assert_cmpuint (seqack_trace_relative_seq (trace, rst), ==,
                    (guint32) -12344);
  g_assert_cmpuint (seqack_trace_relative_seq (trace, synack2), ==, 0);
  g_assert_cmpuint (seqack_trace_relative_ack (trace, synack2), ==, 1);
  g_assert_cmpuint (seqack_trace_relative_seq (trace, ack), ==, 1);
  g_assert_cmpuint (seqack_trace_relative_ack (trace, ack), ==, 1);
}

/* An old duplicate SYN (RFC 9293 §3.5 Figure 9) carries an earlier
 * incarnation's ISN: whenever it shows up, it must not become the base
 * the real connection is numbered from. */
static void
test_stale_syn (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  const SeqackFate D = SEQACK_FATE_DELIVERED;
  const guint8 SYN = SEQACK_TCP_SYN, ACK = SEQACK_TCP_ACK;
  guint32 x = g_test_rand_int (), y = g_test_rand_int ();
  guint stale, syn, synack, stale2, ack;

  seqack_trace_begin_connection (trace);
  stale = test_add_segment (trace, 0, SEQACK_CLIENT, x - 1000, 0, SYN, NULL,
                            D, SEQACK_MARK_STALE);
  syn = test_add_segment (trace, 10, SEQACK_CLIENT, x, 0, SYN, NULL, D, 0);
  synack = test_add_segment (trace, 20, SEQACK_SERVER, y, x + 1, SYN | ACK,
                             NULL, D, 0);
  stale2 = test_add_segment (trace, 25, SEQACK_CLIENT, x - 500, 0, SYN,
                             NULL, D, SEQACK_MARK_STALE);
  ack = test_add_segment (trace, 30, SEQACK_CLIENT, x + 1, y + 1, ACK, NULL,
                          D, 0);

  g_assert_cmpuint (seqack_trace_relative_seq (trace, syn), ==, 0);
  g_assert_cmpuint (seqack_trace_relative_seq (trace, synack), ==, 0);
  g_assert_cmpuint (seqack_trace_relative_ack (trace, synack), ==, 1);
  g_assert_cmpuint (seqack_trace_relative_seq (trace, ack), ==, 1);
  g_assert_cmpuint (seqack_trace_relative_ack (trace, ack), ==, 1);
  /* The stale ones keep their true distance from the real ISN. */
  g_assert_cmpuint (seqack_trace_relative_seq (trace, stale2), ==,
                    (guint32) -500);
  g_assert_cmpuint (seqack_trace_get_event (trace, stale)->seq, ==,
                    x - 1000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trace/seq/lesson", test_lesson);
  g_test_add_func ("/trace/seq/wraparound", test_wraparound);
  g_test_add_func ("/trace/seq/mid-connection", test_mid_connection);
  g_test_add_func ("/trace/seq/no-ack-first", test_no_ack_first);
  g_test_add_func ("/trace/seq/begin-connection", test_begin_connection);
  g_test_add_func ("/trace/seq/stale-syn", test_stale_syn);
  g_test_add_func ("/trace/seq/ports-reused", test_ports_reused);
  g_test_add_func ("/trace/seq/old-duplicate-syn", test_old_duplicate_syn);

  return g_test_run ();
}
