/* test-trace-store.c: the Trace as a store: size, arena, look-ups. */
#include <string.h>

#include "seqack-trace.h"
#include "seqack-trace-sockets.h"
#include "trace-test-util.h"

/* The design promises 48-byte events: a day-long capture must fit. */
static void
test_event_size (void)
{
  g_assert_cmpuint (sizeof (SeqackEvent), ==, 48);
}

/* A segment costs its event plus its packet bytes, and some growth slack;
 * the count is real (not a constant). */
static void
test_memory_per_event (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  g_autoptr(GByteArray) packet =
    test_build_packet (SEQACK_CLIENT, 1000, 2000, SEQACK_TCP_ACK, NULL);
  const guint n = 10000;
  gsize empty, full;
  double per_event;

  empty = seqack_trace_get_memory_size (trace);
  g_assert_cmpuint (packet->len, ==, 40);
  for (guint i = 0; i < n; i++)
    seqack_trace_add_segment (trace, i, i + 1, SEQACK_CLIENT,
                              SEQACK_FATE_DELIVERED, 0,
                              packet->data, packet->len);
  full = seqack_trace_get_memory_size (trace);
  per_event = (double) (full - empty) / n;
  g_test_message ("%.1f bytes per 40-byte segment", per_event);
  g_assert_cmpfloat (per_event, >=, 48 + 40);
  g_assert_cmpfloat (per_event, <=, 2 * (48 + 40));

  /* Clearing gives the memory back. */
  seqack_trace_clear (trace);
  g_assert_cmpuint (seqack_trace_get_n_events (trace), ==, 0);
  g_assert_cmpuint (seqack_trace_get_memory_size (trace), ==, empty);
}

/* Packet bytes are copied in, come back unchanged, and a pointer to them
 * stays valid while the trace grows (the UI holds them across appends). */
static void
test_arena_stable (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  g_autoptr(GByteArray) packet =
    test_build_packet (SEQACK_CLIENT, 7, 0, SEQACK_TCP_SYN, NULL);
  const guint8 *first;
  gsize len = 0;
  guint index;

  index = seqack_trace_add_segment (trace, 0, 10, SEQACK_CLIENT,
                                    SEQACK_FATE_DELIVERED, 0,
                                    packet->data, packet->len);
  g_assert_cmpuint (index, ==, 0);
  first = seqack_trace_get_data (trace, 0, &len);
  g_assert_cmpmem (first, len, packet->data, packet->len);
  /* The caller's buffer may be reused: the trace holds its own copy. */
  memset (packet->data, 0xff, packet->len);

  for (guint i = 1; i < 5000; i++)
    seqack_trace_add_action (trace, i, SEQACK_CLIENT, SEQACK_ACTION_SEND, 0,
                             "some text that fills the arena quickly");
  g_assert_true (seqack_trace_get_data (trace, 0, &len) == first);
  g_assert_cmpuint (first[0], ==, 0x45);
  g_assert_cmpuint (seqack_trace_get_event (trace, 0)->seq, ==, 7);
}

static void
test_texts (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  const guint8 binary[] = { 'a', 0, 'b', 0xff };
  g_autoptr(GString) big = g_string_new (NULL);
  const char *text;
  gsize len = 0;
  guint i;

  i = seqack_trace_add_action (trace, 0, SEQACK_CLIENT, SEQACK_ACTION_SEND,
                               0, "你好");
  g_assert_cmpstr (seqack_trace_get_text (trace, i), ==, "你好");
  g_assert_cmpuint (seqack_trace_get_event (trace, i)->data_len, ==, 6);

  i = seqack_trace_add_action (trace, 0, SEQACK_SERVER, SEQACK_ACTION_LISTEN,
                               0, NULL);
  g_assert_cmpstr (seqack_trace_get_text (trace, i), ==, "");
  g_assert_null (seqack_trace_get_data (trace, i, &len));
  g_assert_cmpuint (len, ==, 0);

  i = seqack_trace_add_action (trace, 1, SEQACK_CLIENT,
                               SEQACK_ACTION_SET_MSL, 30000000, NULL);
  g_assert_cmpuint (seqack_trace_get_event (trace, i)->number, ==, 30000000);
  g_assert_cmpuint (seqack_trace_get_event (trace, i)->from, ==,
                    SEQACK_ACTION_SET_MSL);

  /* Delivered bytes are kept exactly, NULs and all, and NUL-terminated. */
  i = seqack_trace_add_data (trace, 2, SEQACK_SERVER, binary, sizeof binary);
  g_assert_cmpmem (seqack_trace_get_data (trace, i, &len), len,
                   binary, sizeof binary);
  g_assert_cmpint (seqack_trace_get_text (trace, i)[sizeof binary], ==, 0);

  i = seqack_trace_add_error (trace, 3, SEQACK_CLIENT,
                              SEQACK_ERROR_CONNECTION_RESET,
                              "connection reset");
  g_assert_cmpstr (seqack_trace_get_text (trace, i), ==, "connection reset");
  g_assert_cmpuint (seqack_trace_get_event (trace, i)->number, ==,
                    SEQACK_ERROR_CONNECTION_RESET);

  /* A text longer than an event can describe is cut at a character
   * boundary, never inside a UTF-8 sequence. */
  for (guint k = 0; k < 30000; k++)
    g_string_append (big, "你");
  i = seqack_trace_add_action (trace, 4, SEQACK_CLIENT, SEQACK_ACTION_SEND,
                               0, big->str);
  text = seqack_trace_get_text (trace, i);
  g_assert_cmpuint (strlen (text), <=, G_MAXUINT16);
  g_assert_cmpuint (strlen (text), >, G_MAXUINT16 - 3);
  g_assert_cmpuint (strlen (text) % 3, ==, 0);
  g_assert_true (g_utf8_validate (text, -1, NULL));
}

static void
make_vars (SeqackTcpVars *vars,
           guint32        snd_nxt)
{
  memset (vars, 0, sizeof *vars);
  vars->iss = 1000;
  vars->snd_una = 1000;
  vars->snd_nxt = snd_nxt;
  vars->snd_wnd = 64240;
  vars->rcv_wnd = 64240;
}

/* "The variables at event i" is the last record at or before i, for that
 * side only. */
static void
test_vars (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  SeqackTcpVars a, b, got;

  make_vars (&a, 1001);
  make_vars (&b, 1006);

  g_assert_false (seqack_trace_get_vars (trace, 0, SEQACK_CLIENT, &got));

  /* Noted before any event: they hold from event 0. */
  seqack_trace_note_vars (trace, SEQACK_CLIENT, &a);
  test_state (trace, 0, SEQACK_CLIENT, SEQACK_TCP_CLOSED,
              SEQACK_TCP_SYN_SENT);                           /* 0 */
  g_assert_true (seqack_trace_get_vars (trace, 0, SEQACK_CLIENT, &got));
  g_assert_cmpmem (&got, sizeof got, &a, sizeof a);

  test_state (trace, 1, SEQACK_SERVER, SEQACK_TCP_CLOSED,
              SEQACK_TCP_LISTEN);                             /* 1 */
  test_state (trace, 2, SEQACK_CLIENT, SEQACK_TCP_SYN_SENT,
              SEQACK_TCP_ESTABLISHED);                        /* 2 */
  seqack_trace_note_vars (trace, SEQACK_CLIENT, &b);          /* after 2 */
  test_state (trace, 3, SEQACK_SERVER, SEQACK_TCP_LISTEN,
              SEQACK_TCP_SYN_RECEIVED);                       /* 3 */

  g_assert_true (seqack_trace_get_vars (trace, 1, SEQACK_CLIENT, &got));
  g_assert_cmpuint (got.snd_nxt, ==, 1001);
  g_assert_true (seqack_trace_get_vars (trace, 2, SEQACK_CLIENT, &got));
  g_assert_cmpuint (got.snd_nxt, ==, 1006);
  g_assert_true (seqack_trace_get_vars (trace, 3, SEQACK_CLIENT, &got));
  g_assert_cmpuint (got.snd_nxt, ==, 1006);
  g_assert_true (seqack_trace_get_vars (trace, 1000, SEQACK_CLIENT, &got));
  g_assert_cmpuint (got.snd_nxt, ==, 1006);

  /* The server noted nothing: FALSE and zeros. */
  memset (&got, 0xaa, sizeof got);
  g_assert_false (seqack_trace_get_vars (trace, 3, SEQACK_SERVER, &got));
  g_assert_cmpuint (got.snd_nxt, ==, 0);
  g_assert_cmpuint (got.iss, ==, 0);

  /* Two notes within one event: the later one is what the event shows. */
  seqack_trace_note_vars (trace, SEQACK_SERVER, &a);
  seqack_trace_note_vars (trace, SEQACK_SERVER, &b);
  g_assert_true (seqack_trace_get_vars (trace, 3, SEQACK_SERVER, &got));
  g_assert_cmpuint (got.snd_nxt, ==, 1006);
  g_assert_false (seqack_trace_get_vars (trace, 2, SEQACK_SERVER, &got));
}

/* Two ACKs reach the client at one instant and append no event: each
 * keeps the state it left, in any arrival order, while the per-event
 * look-up has only the last; a lost segment has no arrival; a note after
 * seqack_trace_finish() still finds the records before it. */
static void
test_arrival_vars (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  SeqackTcpVars a, b, c, got;
  guint data, first, second, lost;

  make_vars (&a, 1001);
  make_vars (&b, 1001);
  b.snd_wnd = 0;
  make_vars (&c, 2001);
  data = test_add_segment (trace, 0, SEQACK_CLIENT, 1001, 5001,
                           SEQACK_TCP_ACK, "hello", SEQACK_FATE_DELIVERED, 0);
  first = test_add_segment (trace, 10, SEQACK_SERVER, 5001, 1006,
                            SEQACK_TCP_ACK, NULL, SEQACK_FATE_DELIVERED, 0);
  second = test_add_segment (trace, 10, SEQACK_SERVER, 5001, 1006,
                             SEQACK_TCP_ACK, NULL, SEQACK_FATE_DELIVERED, 0);
  lost = test_add_segment (trace, 10, SEQACK_SERVER, 5001, 1006,
                           SEQACK_TCP_ACK, NULL, SEQACK_FATE_LOST, 0);

  g_assert_false (seqack_trace_get_arrival_vars (trace, first, &got));
  /* Arrived in the other order than sent, as a delayed one would. */
  seqack_trace_note_arrival (trace, second, 4, &b);
  seqack_trace_note_vars (trace, SEQACK_CLIENT, &b);
  seqack_trace_note_arrival (trace, first, 4, &a);
  seqack_trace_note_vars (trace, SEQACK_CLIENT, &a);
  g_assert_true (seqack_trace_get_arrival_vars (trace, first, &got));
  g_assert_cmpmem (&got, sizeof got, &a, sizeof a);
  g_assert_true (seqack_trace_get_arrival_vars (trace, second, &got));
  g_assert_cmpmem (&got, sizeof got, &b, sizeof b);
  g_assert_true (seqack_trace_get_vars (trace, lost, SEQACK_CLIENT, &got));
  g_assert_cmpmem (&got, sizeof got, &a, sizeof a);
  g_assert_false (seqack_trace_get_arrival_vars (trace, lost, &got));
  g_assert_false (seqack_trace_get_arrival_vars (trace, data, &got));
  g_assert_cmpuint (got.snd_nxt, ==, 0);
  /* Where each came among the events. */
  g_assert_cmpuint (seqack_trace_get_arrival_event (trace, first), ==, 4);
  g_assert_cmpuint (seqack_trace_get_arrival_event (trace, lost), ==,
                    G_MAXUINT);

  seqack_trace_finish (trace);
  seqack_trace_note_arrival (trace, data, 1, &c);
  g_assert_true (seqack_trace_get_arrival_vars (trace, data, &got));
  g_assert_cmpmem (&got, sizeof got, &c, sizeof c);
  g_assert_cmpuint (seqack_trace_get_arrival_event (trace, data), ==, 1);
  g_assert_true (seqack_trace_get_arrival_vars (trace, second, &got));
  g_assert_cmpmem (&got, sizeof got, &b, sizeof b);

  seqack_trace_clear (trace);
  g_assert_false (seqack_trace_get_arrival_vars (trace, 0, &got));
}

/* Unchanged variables cost nothing: noting them after every event of a
 * long run takes no more memory than not noting them. */
static void
test_vars_no_duplicates (void)
{
  g_autoptr(SeqackTrace) noted = seqack_trace_new ();
  g_autoptr(SeqackTrace) plain = seqack_trace_new ();
  SeqackTcpVars a, got;
  const guint n = 5000;

  make_vars (&a, 1001);
  for (guint i = 0; i < n; i++)
    {
      seqack_trace_add_timer (noted, i, SEQACK_CLIENT,
                              SEQACK_TCP_TIMER_RETRANSMIT, SEQACK_TIMER_SET,
                              i + 1000);
      seqack_trace_note_vars (noted, SEQACK_CLIENT, &a);
      seqack_trace_add_timer (plain, i, SEQACK_CLIENT,
                              SEQACK_TCP_TIMER_RETRANSMIT, SEQACK_TIMER_SET,
                              i + 1000);
    }
  /* One record at most (a few dozen bytes), not n, once the trace has
   * given back the copy it compares the next variables with. */
  seqack_trace_finish (noted);
  seqack_trace_finish (plain);
  g_assert_cmpuint (seqack_trace_get_memory_size (noted), <,
                    seqack_trace_get_memory_size (plain) + 128);
  g_assert_true (seqack_trace_get_vars (noted, n - 1, SEQACK_CLIENT, &got));
  g_assert_cmpmem (&got, sizeof got, &a, sizeof a);
}

static void
test_state_lookup (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  guint seg[11];
  guint n;

  test_build_lesson (trace, 1000, 5000, seg);
  n = seqack_trace_get_n_events (trace);

  /* Before anything happened both are CLOSED; index 0 is the listen
   * action, so the server is still CLOSED there. */
  g_assert_cmpint (seqack_trace_get_state (trace, 0, SEQACK_SERVER), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (seqack_trace_get_state (trace, 1, SEQACK_SERVER), ==,
                   SEQACK_TCP_LISTEN);
  g_assert_cmpint (seqack_trace_get_state (trace, 1, SEQACK_CLIENT), ==,
                   SEQACK_TCP_CLOSED);

  /* The lesson's picture, segment by segment. */
  g_assert_cmpint (seqack_trace_get_state (trace, seg[0], SEQACK_CLIENT), ==,
                   SEQACK_TCP_SYN_SENT);
  g_assert_cmpint (seqack_trace_get_state (trace, seg[0], SEQACK_SERVER), ==,
                   SEQACK_TCP_LISTEN);
  g_assert_cmpint (seqack_trace_get_state (trace, seg[1], SEQACK_SERVER), ==,
                   SEQACK_TCP_SYN_RECEIVED);
  g_assert_cmpint (seqack_trace_get_state (trace, seg[2], SEQACK_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (seqack_trace_get_state (trace, seg[2], SEQACK_SERVER), ==,
                   SEQACK_TCP_SYN_RECEIVED);
  g_assert_cmpint (seqack_trace_get_state (trace, seg[7], SEQACK_CLIENT), ==,
                   SEQACK_TCP_FIN_WAIT_1);
  g_assert_cmpint (seqack_trace_get_state (trace, seg[8], SEQACK_SERVER), ==,
                   SEQACK_TCP_CLOSE_WAIT);
  g_assert_cmpint (seqack_trace_get_state (trace, seg[9], SEQACK_SERVER), ==,
                   SEQACK_TCP_LAST_ACK);
  g_assert_cmpint (seqack_trace_get_state (trace, seg[10], SEQACK_CLIENT), ==,
                   SEQACK_TCP_TIME_WAIT);
  g_assert_cmpint (seqack_trace_get_state (trace, seg[10], SEQACK_SERVER), ==,
                   SEQACK_TCP_LAST_ACK);
  g_assert_cmpint (seqack_trace_get_state (trace, n - 1, SEQACK_SERVER), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (seqack_trace_get_state (trace, G_MAXUINT, SEQACK_CLIENT),
                   ==, SEQACK_TCP_TIME_WAIT);
}

static void
test_count_until (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  const gint64 times[] = { 0, 0, 10, 10, 10, 20 };

  g_assert_cmpuint (seqack_trace_count_until (trace, 0), ==, 0);
  g_assert_cmpuint (seqack_trace_count_until (trace, G_MAXINT64), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    seqack_trace_add_timer (trace, times[i], SEQACK_CLIENT,
                            SEQACK_TCP_TIMER_RETRANSMIT, SEQACK_TIMER_SET,
                            times[i] + 5);

  g_assert_cmpuint (seqack_trace_count_until (trace, G_MININT64), ==, 0);
  g_assert_cmpuint (seqack_trace_count_until (trace, -1), ==, 0);
  g_assert_cmpuint (seqack_trace_count_until (trace, 0), ==, 2);
  g_assert_cmpuint (seqack_trace_count_until (trace, 9), ==, 2);
  g_assert_cmpuint (seqack_trace_count_until (trace, 10), ==, 5);
  g_assert_cmpuint (seqack_trace_count_until (trace, 19), ==, 5);
  g_assert_cmpuint (seqack_trace_count_until (trace, 20), ==, 6);
  g_assert_cmpuint (seqack_trace_count_until (trace, G_MAXINT64), ==, 6);
}

/* Time never runs backwards in a trace: appending an earlier event is a
 * programmer error and changes nothing. */
static void
test_time_goes_back (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  guint index;

  seqack_trace_add_action (trace, 100, SEQACK_CLIENT, SEQACK_ACTION_CONNECT,
                           0, NULL);
  g_test_expect_message ("SeqAck", G_LOG_LEVEL_CRITICAL, "*time_is_monotonic*");
  index = seqack_trace_add_action (trace, 99, SEQACK_CLIENT,
                                   SEQACK_ACTION_CLOSE, 0, NULL);
  g_test_assert_expected_messages ();
  g_assert_cmpuint (index, ==, G_MAXUINT);
  g_assert_cmpuint (seqack_trace_get_n_events (trace), ==, 1);
}

/* A capture can hold anything: a packet that does not decode is kept
 * byte for byte (the pcap export needs it) with no flags and no length. */
static void
test_malformed (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  g_autoptr(GByteArray) packet =
    test_build_packet (SEQACK_CLIENT, 0x01020304, 0x05060708,
                       SEQACK_TCP_ACK | SEQACK_TCP_PSH, "hello");
  const guint8 garbage[] = { 0x00, 0x01, 0x02 };
  const SeqackEvent *event;
  const guint8 *bytes;
  gsize len = 0;
  guint i;

  i = seqack_trace_add_segment (trace, 0, 0, SEQACK_CLIENT,
                                SEQACK_FATE_CAPTURED, 0,
                                garbage, sizeof garbage);
  event = seqack_trace_get_event (trace, i);
  g_assert_cmpuint (event->kind, ==, SEQACK_EVENT_SEGMENT);
  g_assert_cmpuint (event->flags, ==, 0);
  g_assert_cmpuint (event->number, ==, 0);
  bytes = seqack_trace_get_data (trace, i, &len);
  g_assert_cmpmem (bytes, len, garbage, sizeof garbage);

  /* Cut short inside the payload: the IP total length no longer matches,
   * so it does not decode, but Seq/Ack are there to be read. */
  i = seqack_trace_add_segment (trace, 1, 1, SEQACK_CLIENT,
                                SEQACK_FATE_CAPTURED, 0,
                                packet->data, packet->len - 2);
  event = seqack_trace_get_event (trace, i);
  g_assert_cmpuint (event->flags, ==, 0);
  g_assert_cmpuint (event->number, ==, 0);
  g_assert_cmphex (event->seq, ==, 0x01020304);
  g_assert_cmphex (event->ack, ==, 0x05060708);
  g_assert_cmpuint (event->data_len, ==, packet->len - 2);

  /* And an empty one. */
  i = seqack_trace_add_segment (trace, 2, 2, SEQACK_SERVER,
                                SEQACK_FATE_CAPTURED, 0, NULL, 0);
  g_assert_cmpuint (seqack_trace_get_event (trace, i)->data_len, ==, 0);
  g_assert_cmpuint (seqack_trace_get_n_events (trace), ==, 3);
}

/* Endpoints come from the first packet unless someone set them. */
static void
test_endpoints (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  g_autoptr(SeqackTrace) preset = seqack_trace_new ();
  SeqackEndpoint v6 = { 6, { 0 }, 8080 };
  char buf[64];

  g_assert_cmpuint (seqack_trace_get_endpoint (trace, SEQACK_CLIENT)->family,
                    ==, 0);
  test_add_segment (trace, 0, SEQACK_CLIENT, 1, 0, SEQACK_TCP_SYN, NULL,
                    SEQACK_FATE_DELIVERED, 0);
  g_assert_cmpstr (seqack_endpoint_to_string (
                     seqack_trace_get_endpoint (trace, SEQACK_CLIENT), buf),
                   ==, "192.0.2.1:49152");
  g_assert_cmpstr (seqack_endpoint_to_string (
                     seqack_trace_get_endpoint (trace, SEQACK_SERVER), buf),
                   ==, "192.0.2.2:80");

  v6.addr[15] = 1;
  seqack_trace_set_endpoint (preset, SEQACK_SERVER, &v6);
  seqack_trace_set_endpoint (preset, SEQACK_CLIENT, &v6);
  test_add_segment (preset, 0, SEQACK_CLIENT, 1, 0, SEQACK_TCP_SYN, NULL,
                    SEQACK_FATE_DELIVERED, 0);
  g_assert_cmpstr (seqack_endpoint_to_string (
                     seqack_trace_get_endpoint (preset, SEQACK_SERVER), buf),
                   ==, "[::1]:8080");

  /* Clearing keeps them. */
  seqack_trace_clear (trace);
  g_assert_cmpuint (seqack_trace_get_endpoint (trace, SEQACK_SERVER)->port,
                    ==, 80);
}

static void
test_names (void)
{
  SeqackAction action;

  g_assert_cmpstr (seqack_side_name (SEQACK_CLIENT), ==, "client");
  g_assert_cmpstr (seqack_side_name (SEQACK_SERVER), ==, "server");
  g_assert_cmpstr (seqack_fate_name (SEQACK_FATE_LOST), ==, "lost");
  g_assert_cmpstr (seqack_action_name (SEQACK_ACTION_DROP_NEXT), ==,
                   "drop-next");
  for (guint i = 0; i < SEQACK_N_ACTIONS; i++)
    {
      g_assert_true (seqack_action_from_name (seqack_action_name (i),
                                              &action));
      g_assert_cmpint (action, ==, i);
    }
  g_assert_false (seqack_action_from_name ("dance", &action));
}

/* "Segment 11" means the 11th segment, whatever states, timers and
 * actions sit between them: checked against a plain count across many
 * storage blocks, and again after the trace is cleared and refilled. */
static void
test_segment_ordinal (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  g_autoptr(GByteArray) packet =
    test_build_packet (SEQACK_CLIENT, 1000, 2000, SEQACK_TCP_ACK, NULL);

  for (guint round = 0; round < 2; round++)
    {
      guint expected = 0;

      for (guint i = 0; i < 300; i++)
        {
          /* An irregular mix: runs of segments, runs of other events. */
          if ((i * 7 + round) % 5 < 2)
            seqack_trace_add_action (trace, i, SEQACK_CLIENT,
                                     SEQACK_ACTION_CONNECT, 0, NULL);
          else if (i % 11 == 0)
            seqack_trace_add_state (trace, i, SEQACK_SERVER,
                                    SEQACK_TCP_CLOSED, SEQACK_TCP_LISTEN,
                                    SEQACK_TCP_EDGE_NONE, 0);
          else
            seqack_trace_add_segment (trace, i, i + 1, SEQACK_CLIENT,
                                      SEQACK_FATE_DELIVERED, 0,
                                      packet->data, packet->len);
        }

      g_assert_cmpuint (seqack_trace_get_segment_ordinal (trace, 1000), ==,
                        0);
      for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
        {
          gboolean segment = seqack_trace_get_event (trace, i)->kind
                               == SEQACK_EVENT_SEGMENT;

          expected += segment;
          g_assert_cmpuint (seqack_trace_get_segment_ordinal (trace, i), ==,
                            segment ? expected : 0);
        }
      g_assert_cmpuint (seqack_trace_get_n_segments (trace), ==, expected);
      g_assert_cmpuint (expected, >, 100);

      seqack_trace_clear (trace);
      g_assert_cmpuint (seqack_trace_get_n_segments (trace), ==, 0);
    }
}

/* Hosts beside the two endpoints: named by number, owning addresses,
 * and events attributed to them; a segment's receiver is the host that
 * owns its destination. */
static void
test_hosts (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  SeqackEndpoint client = { 4, { 192, 0, 2, 1 }, TEST_CLIENT_PORT };
  SeqackEndpoint server = { 4, { 192, 0, 2, 2 }, TEST_SERVER_PORT };
  SeqackEndpoint ep;
  SeqackSocketKey key = { 40000, 80, 0 };
  SeqackEndpoint local, remote;
  GByteArray *packet = g_byte_array_new ();
  SeqackTcpSegment seg = { 0 };
  guint host, a, b, c;
  char buf[64];

  for (guint h = 0; h < SEQACK_N_HOSTS; h++)
    {
      g_assert_true (seqack_host_from_name (seqack_host_name (h), &host));
      g_assert_cmpuint (host, ==, h);
    }
  g_assert_cmpstr (seqack_host_name (SEQACK_HOST_CLIENT_2), ==, "client-2");
  g_assert_cmpstr (seqack_host_name (SEQACK_HOST_FLOOD), ==, "flood");
  g_assert_null (seqack_host_name (SEQACK_N_HOSTS));
  g_assert_false (seqack_host_from_name ("client-9", &host));
  g_assert_cmpint (seqack_host_side (SEQACK_SERVER), ==, SEQACK_SERVER);
  g_assert_cmpint (seqack_host_side (SEQACK_HOST_FLOOD), ==, SEQACK_CLIENT);

  seqack_trace_set_endpoint (trace, SEQACK_CLIENT, &client);
  seqack_trace_set_endpoint (trace, SEQACK_SERVER, &server);
  g_assert_false (seqack_trace_has_more_hosts (trace));
  g_assert_false (seqack_trace_has_host (trace, SEQACK_HOST_CLIENT_2));
  seqack_trace_add_host (trace, SEQACK_HOST_CLIENT_2, 0xc0000203u, 32);
  seqack_trace_add_host (trace, SEQACK_HOST_FLOOD, 0xc6336400u, 24);
  g_assert_true (seqack_trace_has_more_hosts (trace));
  g_assert_true (seqack_trace_has_host (trace, SEQACK_HOST_CLIENT_2));
  g_assert_false (seqack_trace_has_host (trace, SEQACK_HOST_CLIENT_2 + 1));
  seqack_trace_get_host_endpoint (trace, SEQACK_HOST_CLIENT_2, &ep);
  g_assert_cmpstr (seqack_endpoint_to_string (&ep, buf), ==, "192.0.2.3:0");
  g_assert_cmpuint (seqack_trace_host_for_addr (trace, SEQACK_CLIENT,
                                                0xc6336407u), ==,
                    SEQACK_HOST_FLOOD);
  g_assert_cmpuint (seqack_trace_host_for_addr (trace, SEQACK_CLIENT,
                                                0xc0000201u), ==,
                    SEQACK_CLIENT);
  /* An added host is on the client side only. */
  g_assert_cmpuint (seqack_trace_host_for_addr (trace, SEQACK_SERVER,
                                                0xc0000203u), ==,
                    SEQACK_SERVER);

  /* The server answers client-2: sent by the server, received by
   * client-2. */
  seg.src_port = 80;
  seg.dst_port = 40000;
  seg.flags = SEQACK_TCP_SYN | SEQACK_TCP_ACK;
  seqack_packet_build_ipv4 (0xc0000202u, 0xc0000203u, 1, 64, &seg, packet);
  a = seqack_trace_add_action (trace, 0, SEQACK_CLIENT,
                               SEQACK_ACTION_CONNECT, 0, NULL);
  seqack_trace_set_event_host (trace, a, SEQACK_HOST_CLIENT_2);
  seqack_trace_set_socket (trace, a, &key);
  b = seqack_trace_add_segment (trace, 10, 20, SEQACK_SERVER,
                                SEQACK_FATE_DELIVERED, 0, packet->data,
                                packet->len);
  c = seqack_trace_add_action (trace, 30, SEQACK_CLIENT,
                               SEQACK_ACTION_CLOSE, 0, NULL);
  g_assert_cmpuint (seqack_trace_get_event_host (trace, a), ==,
                    SEQACK_HOST_CLIENT_2);
  g_assert_cmpuint (seqack_trace_get_event_host (trace, b), ==,
                    SEQACK_SERVER);
  g_assert_cmpuint (seqack_trace_get_segment_receiver (trace, b), ==,
                    SEQACK_HOST_CLIENT_2);
  /* Not named: its side's endpoint. */
  g_assert_cmpuint (seqack_trace_get_event_host (trace, c), ==,
                    SEQACK_CLIENT);

  seqack_trace_socket_endpoints (trace, SEQACK_HOST_CLIENT_2, &key, &local,
                                 &remote);
  g_assert_cmpstr (seqack_endpoint_to_string (&local, buf), ==,
                   "192.0.2.3:40000");
  g_assert_cmpstr (seqack_endpoint_to_string (&remote, buf), ==,
                   "192.0.2.2:80");

  seqack_trace_clear (trace);
  g_assert_false (seqack_trace_has_more_hosts (trace));
  g_assert_false (seqack_trace_has_host (trace, SEQACK_HOST_FLOOD));
  g_byte_array_unref (packet);
}

/* Each client-side host reads its own states, though they share the
 * client side's records; the server reads its side's. */
static void
test_host_states (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  guint a, b, c, d, e;

  a = seqack_trace_add_state (trace, 0, SEQACK_CLIENT, SEQACK_TCP_CLOSED,
                              SEQACK_TCP_SYN_SENT, SEQACK_TCP_EDGE_NONE, 0);
  /* Without added hosts, the side's state. */
  g_assert_cmpint (seqack_trace_get_host_state (trace, a, SEQACK_CLIENT), ==,
                   SEQACK_TCP_SYN_SENT);
  seqack_trace_add_host (trace, SEQACK_HOST_CLIENT_2, 0xc0000203u, 32);
  b = seqack_trace_add_state (trace, 10, SEQACK_CLIENT, SEQACK_TCP_CLOSED,
                              SEQACK_TCP_SYN_SENT, SEQACK_TCP_EDGE_NONE, 0);
  seqack_trace_set_event_host (trace, b, SEQACK_HOST_CLIENT_2);
  c = seqack_trace_add_state (trace, 20, SEQACK_CLIENT, SEQACK_TCP_SYN_SENT,
                              SEQACK_TCP_ESTABLISHED, SEQACK_TCP_EDGE_NONE,
                              0);
  seqack_trace_set_event_host (trace, c, SEQACK_HOST_CLIENT_2);
  /* The lab says the client still reads its own socket's state. */
  seqack_trace_set_side_state (trace, SEQACK_CLIENT, c, SEQACK_TCP_SYN_SENT);
  d = seqack_trace_add_state (trace, 30, SEQACK_SERVER, SEQACK_TCP_CLOSED,
                              SEQACK_TCP_LISTEN, SEQACK_TCP_EDGE_NONE, 0);
  e = seqack_trace_add_state (trace, 40, SEQACK_CLIENT, SEQACK_TCP_SYN_SENT,
                              SEQACK_TCP_CLOSED, SEQACK_TCP_EDGE_NONE, 0);

  g_assert_cmpint (seqack_trace_get_host_state (trace, a,
                                                SEQACK_HOST_CLIENT_2), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (seqack_trace_get_host_state (trace, b, SEQACK_CLIENT), ==,
                   SEQACK_TCP_SYN_SENT);
  g_assert_cmpint (seqack_trace_get_host_state (trace, b,
                                                SEQACK_HOST_CLIENT_2), ==,
                   SEQACK_TCP_SYN_SENT);
  g_assert_cmpint (seqack_trace_get_host_state (trace, d,
                                                SEQACK_HOST_CLIENT_2), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (seqack_trace_get_host_state (trace, d, SEQACK_CLIENT), ==,
                   SEQACK_TCP_SYN_SENT);
  g_assert_cmpint (seqack_trace_get_host_state (trace, d, SEQACK_SERVER), ==,
                   SEQACK_TCP_LISTEN);
  g_assert_cmpint (seqack_trace_get_host_state (trace, e, SEQACK_CLIENT), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (seqack_trace_get_host_state (trace, e,
                                                SEQACK_HOST_CLIENT_2), ==,
                   SEQACK_TCP_ESTABLISHED);
  /* The flood never changed state. */
  seqack_trace_add_host (trace, SEQACK_HOST_FLOOD, 0xc6336400u, 24);
  g_assert_cmpint (seqack_trace_get_host_state (trace, e,
                                                SEQACK_HOST_FLOOD), ==,
                   SEQACK_TCP_CLOSED);
}

/* seqack_endpoint_put() writes what printf would, every byte value of
 * an address and a port included, unterminated, and returns the end. */
static void
test_endpoint_put (void)
{
  SeqackEndpoint v6 = { 6, { 0x20, 0x01, 0x0d, 0xb8 }, 65535 };
  char buf[80], expected[80];
  char *end;

  for (guint v = 0; v < 256; v++)
    {
      SeqackEndpoint ep = { 4, { (guint8) v, (guint8) (255 - v),
                                 (guint8) (v / 3), (guint8) (v % 10) },
                            (guint16) (v * 257) };

      memset (buf, 'x', sizeof buf);
      end = seqack_endpoint_put (buf, &ep);
      g_snprintf (expected, sizeof expected, "%u.%u.%u.%u:%u", v, 255 - v,
                  v / 3, v % 10, v * 257);
      g_assert_cmpmem (buf, end - buf, expected, strlen (expected));
      g_assert_cmpint (*end, ==, 'x');
    }

  v6.addr[15] = 0x2a;
  memset (buf, 'x', sizeof buf);
  end = seqack_endpoint_put (buf, &v6);
  g_assert_cmpmem (buf, end - buf, "[2001:db8::2a]:65535", 20);
  g_assert_cmpstr (seqack_endpoint_to_string (&v6, buf), ==,
                   "[2001:db8::2a]:65535");
}

/* The host the client side's buttons act on, walking back as it once
 * did: the host of its last action that picks one. */
static guint
naive_calls_host (SeqackTrace *trace,
                  guint        n_events,
                  SeqackSide   side)
{
  if (side == SEQACK_SERVER || !seqack_trace_has_more_hosts (trace))
    return side;
  n_events = MIN (n_events, seqack_trace_get_n_events (trace));
  for (guint i = n_events; i > 0; i--)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i - 1);

      if (ev->kind == SEQACK_EVENT_ACTION && ev->side == (guint8) side &&
          !seqack_action_is_lab_wide ((SeqackAction) ev->from) &&
          ev->from != SEQACK_ACTION_FLOOD)
        return seqack_trace_get_event_host (trace, i - 1);
    }
  return side;
}

/* seqack_trace_get_calls_host() answers as the walk back over every
 * event did, at every point of a long trace of actions, states and
 * timers on many hosts, copied too (seqack_trace_append_from()). */
static void
test_calls_host (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  g_autoptr(SeqackTrace) copy = seqack_trace_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (17);
  guint n, n_moves = 0;

  /* Before any host is added: the side's endpoint. */
  seqack_trace_add_action (trace, 0, SEQACK_CLIENT, SEQACK_ACTION_CONNECT, 0,
                           NULL);
  g_assert_cmpuint (seqack_trace_get_calls_host (trace, 1, SEQACK_CLIENT), ==,
                    SEQACK_CLIENT);
  for (guint h = SEQACK_HOST_CLIENT_2; h <= SEQACK_HOST_FLOOD; h++)
    seqack_trace_add_host (trace, h, 0xc0000200u + h + 1, 32);

  for (guint i = 0; i < 20000; i++)
    {
      gint64 t = 1000 * (gint64) i;
      SeqackSide side = g_rand_boolean (rand) ? SEQACK_CLIENT : SEQACK_SERVER;
      guint host = side == SEQACK_SERVER
                   ? SEQACK_SERVER
                   : g_rand_int_range (rand, 0, 3) == 0
                     ? SEQACK_CLIENT
                     : (guint) g_rand_int_range (rand, SEQACK_HOST_CLIENT_2,
                                                 SEQACK_HOST_FLOOD + 1);
      guint index;

      /* Mostly what is no action, now and then an action of any kind. */
      if (g_rand_int_range (rand, 0, 8) == 0)
        index = seqack_trace_add_action (trace, t, side,
                                         (SeqackAction) g_rand_int_range (
                                           rand, 0, SEQACK_N_ACTIONS),
                                         0, NULL);
      else if (g_rand_boolean (rand))
        index = seqack_trace_add_timer (trace, t, side,
                                        SEQACK_TCP_TIMER_RETRANSMIT,
                                        SEQACK_TIMER_SET, t + 1000000);
      else
        index = seqack_trace_add_state (trace, t, side,
                                        SEQACK_TCP_ESTABLISHED,
                                        SEQACK_TCP_ESTABLISHED,
                                        SEQACK_TCP_EDGE_NONE, 0);
      if (host > SEQACK_SERVER)
        seqack_trace_set_event_host (trace, index, host);
    }

  n = seqack_trace_get_n_events (trace);
  for (guint k = 0; k <= n + 1; k++)
    for (guint s = 0; s < 2; s++)
      {
        guint want = naive_calls_host (trace, k, (SeqackSide) s);

        g_assert_cmpuint (seqack_trace_get_calls_host (trace, k,
                                                       (SeqackSide) s),
                          ==, want);
        n_moves += k > 0 && s == SEQACK_CLIENT &&
                   want != naive_calls_host (trace, k - 1, SEQACK_CLIENT);
      }
  /* The calls moved between hosts many times. */
  g_assert_cmpuint (n_moves, >, 100);

  /* Copied events keep their actions (the hosts stay behind: each is
   * its side's endpoint there). */
  for (guint h = SEQACK_HOST_CLIENT_2; h <= SEQACK_HOST_FLOOD; h++)
    seqack_trace_add_host (copy, h, 0xc0000200u + h + 1, 32);
  seqack_trace_append_from (copy, trace, 100, 5000, 0, TRUE);
  for (guint k = 0; k <= 5000; k++)
    for (guint s = 0; s < 2; s++)
      g_assert_cmpuint (seqack_trace_get_calls_host (copy, k, (SeqackSide) s),
                        ==, naive_calls_host (copy, k, (SeqackSide) s));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trace/store/event-size", test_event_size);
  g_test_add_func ("/trace/store/memory-per-event", test_memory_per_event);
  g_test_add_func ("/trace/store/arena-stable", test_arena_stable);
  g_test_add_func ("/trace/store/texts", test_texts);
  g_test_add_func ("/trace/store/vars", test_vars);
  g_test_add_func ("/trace/store/arrival-vars", test_arrival_vars);
  g_test_add_func ("/trace/store/vars-no-duplicates",
                   test_vars_no_duplicates);
  g_test_add_func ("/trace/store/state", test_state_lookup);
  g_test_add_func ("/trace/store/count-until", test_count_until);
  g_test_add_func ("/trace/store/segment-ordinal", test_segment_ordinal);
  g_test_add_func ("/trace/store/time-goes-back", test_time_goes_back);
  g_test_add_func ("/trace/store/malformed", test_malformed);
  g_test_add_func ("/trace/store/endpoints", test_endpoints);
  g_test_add_func ("/trace/store/endpoint-put", test_endpoint_put);
  g_test_add_func ("/trace/store/names", test_names);
  g_test_add_func ("/trace/store/hosts", test_hosts);
  g_test_add_func ("/trace/store/host-states", test_host_states);
  g_test_add_func ("/trace/store/calls-host", test_calls_host);

  return g_test_run ();
}
