/* trace-test-util.h: segments built by hand for the trace tests.
 *
 * The lab's hosts: client 192.0.2.1:49152, server 192.0.2.2:80. Packets
 * are real IPv4 with valid checksums, made by the wire layer, so what the
 * trace stores is what the lab would store.
 */
#pragma once

#include <string.h>

#include "seqack-packet.h"
#include "seqack-trace.h"

#define TEST_CLIENT_ADDR 0xc0000201u /* 192.0.2.1 */
#define TEST_SERVER_ADDR 0xc0000202u /* 192.0.2.2 */
#define TEST_CLIENT_PORT 49152
#define TEST_SERVER_PORT 80
#define TEST_LATENCY     20000 /* µs */

static inline GByteArray *
test_build_packet (SeqackSide  sender,
                   guint32     seq,
                   guint32     ack,
                   guint8      flags,
                   const char *payload)
{
  GByteArray *packet = g_byte_array_new ();
  SeqackTcpSegment seg = { 0 };
  gboolean from_client = sender == SEQACK_CLIENT;

  seg.src_port = from_client ? TEST_CLIENT_PORT : TEST_SERVER_PORT;
  seg.dst_port = from_client ? TEST_SERVER_PORT : TEST_CLIENT_PORT;
  seg.seq = seq;
  seg.ack = ack;
  seg.flags = flags;
  seg.window = 64240;
  if (flags & SEQACK_TCP_SYN)
    {
      seg.options.has_mss = 1;
      seg.options.mss = 1460;
    }
  seg.payload = (const guint8 *) payload;
  seg.payload_len = payload != NULL ? strlen (payload) : 0;

  seqack_packet_build_ipv4 (from_client ? TEST_CLIENT_ADDR : TEST_SERVER_ADDR,
                            from_client ? TEST_SERVER_ADDR : TEST_CLIENT_ADDR,
                            (guint16) (seq & 0xffff), 64, &seg, packet);
  return packet;
}

/* Appends a segment sent at @t and delivered one latency later (or lost,
 * or captured, per @fate); returns its index. */
static inline guint
test_add_segment (SeqackTrace *trace,
                  gint64       t,
                  SeqackSide   sender,
                  guint32      seq,
                  guint32      ack,
                  guint8       flags,
                  const char  *payload,
                  SeqackFate   fate,
                  guint8       marks)
{
  g_autoptr(GByteArray) packet =
    test_build_packet (sender, seq, ack, flags, payload);

  return seqack_trace_add_segment (trace, t, t + TEST_LATENCY, sender, fate,
                                   marks, packet->data, packet->len);
}

/* The lesson's whole connection, with ISNs @x (client) and @y (server):
 * handshake, "hello" from the client, "hi!" from the server, then the
 * four-way teardown started by the client. Eleven segments; their
 * relative Seq/Ack are test_lesson_rel below. States, timers, actions and
 * deliveries are interleaved as the lab would write them. */
typedef struct
{
  guint8  flags;
  guint32 seq, ack, len;
} TestRel;

static const TestRel test_lesson_rel[] = {
  { SEQACK_TCP_SYN, 0, 0, 0 },
  { SEQACK_TCP_SYN | SEQACK_TCP_ACK, 0, 1, 0 },
  { SEQACK_TCP_ACK, 1, 1, 0 },
  { SEQACK_TCP_PSH | SEQACK_TCP_ACK, 1, 1, 5 },
  { SEQACK_TCP_ACK, 1, 6, 0 },
  { SEQACK_TCP_PSH | SEQACK_TCP_ACK, 1, 6, 3 },
  { SEQACK_TCP_ACK, 6, 4, 0 },
  { SEQACK_TCP_FIN | SEQACK_TCP_ACK, 6, 4, 0 },
  { SEQACK_TCP_ACK, 4, 7, 0 },
  { SEQACK_TCP_FIN | SEQACK_TCP_ACK, 4, 7, 0 },
  { SEQACK_TCP_ACK, 7, 5, 0 },
};

static inline void
test_state (SeqackTrace    *trace,
            gint64          t,
            SeqackSide      side,
            SeqackTcpState  from,
            SeqackTcpState  to)
{
  seqack_trace_add_state (trace, t, side, from, to,
                          seqack_tcp_edge_find (from, to), 0);
}

/* Fills @trace and stores the index of each of the eleven segments in
 * @segments (when not NULL). */
static inline void
test_build_lesson (SeqackTrace *trace,
                   guint32      x,
                   guint32      y,
                   guint       *segments)
{
  const SeqackSide C = SEQACK_CLIENT, S = SEQACK_SERVER;
  const guint8 SYN = SEQACK_TCP_SYN, ACK = SEQACK_TCP_ACK;
  const guint8 FIN = SEQACK_TCP_FIN, PSH = SEQACK_TCP_PSH;
  const SeqackFate D = SEQACK_FATE_DELIVERED;
  guint seg[11];
  gint64 t = 0;

  seqack_trace_add_action (trace, t, S, SEQACK_ACTION_LISTEN, 0, NULL);
  test_state (trace, t, S, SEQACK_TCP_CLOSED, SEQACK_TCP_LISTEN);
  seqack_trace_add_action (trace, t, C, SEQACK_ACTION_CONNECT, 0, NULL);
  test_state (trace, t, C, SEQACK_TCP_CLOSED, SEQACK_TCP_SYN_SENT);
  seg[0] = test_add_segment (trace, t, C, x, 0, SYN, NULL, D, 0);
  seqack_trace_add_timer (trace, t, C, SEQACK_TCP_TIMER_RETRANSMIT,
                          SEQACK_TIMER_SET, t + 1000000);
  t += TEST_LATENCY;
  test_state (trace, t, S, SEQACK_TCP_LISTEN, SEQACK_TCP_SYN_RECEIVED);
  seg[1] = test_add_segment (trace, t, S, y, x + 1, SYN | ACK, NULL, D, 0);
  t += TEST_LATENCY;
  seqack_trace_add_timer (trace, t, C, SEQACK_TCP_TIMER_RETRANSMIT,
                          SEQACK_TIMER_CANCELLED, t);
  test_state (trace, t, C, SEQACK_TCP_SYN_SENT, SEQACK_TCP_ESTABLISHED);
  seg[2] = test_add_segment (trace, t, C, x + 1, y + 1, ACK, NULL, D, 0);
  seqack_trace_add_action (trace, t, C, SEQACK_ACTION_SEND, 0, "hello");
  seg[3] = test_add_segment (trace, t, C, x + 1, y + 1, PSH | ACK, "hello",
                             D, 0);
  t += TEST_LATENCY;
  test_state (trace, t, S, SEQACK_TCP_SYN_RECEIVED, SEQACK_TCP_ESTABLISHED);
  seqack_trace_add_data (trace, t, S, (const guint8 *) "hello", 5);
  seg[4] = test_add_segment (trace, t, S, y + 1, x + 6, ACK, NULL, D, 0);
  seqack_trace_add_action (trace, t, S, SEQACK_ACTION_SEND, 0, "hi!");
  seg[5] = test_add_segment (trace, t, S, y + 1, x + 6, PSH | ACK, "hi!",
                             D, 0);
  t += TEST_LATENCY;
  seqack_trace_add_data (trace, t, C, (const guint8 *) "hi!", 3);
  seg[6] = test_add_segment (trace, t, C, x + 6, y + 4, ACK, NULL, D, 0);
  seqack_trace_add_action (trace, t, C, SEQACK_ACTION_CLOSE, 0, NULL);
  test_state (trace, t, C, SEQACK_TCP_ESTABLISHED, SEQACK_TCP_FIN_WAIT_1);
  seg[7] = test_add_segment (trace, t, C, x + 6, y + 4, FIN | ACK, NULL,
                             D, 0);
  t += TEST_LATENCY;
  test_state (trace, t, S, SEQACK_TCP_ESTABLISHED, SEQACK_TCP_CLOSE_WAIT);
  seg[8] = test_add_segment (trace, t, S, y + 4, x + 7, ACK, NULL, D, 0);
  seqack_trace_add_action (trace, t, S, SEQACK_ACTION_CLOSE, 0, NULL);
  test_state (trace, t, S, SEQACK_TCP_CLOSE_WAIT, SEQACK_TCP_LAST_ACK);
  seg[9] = test_add_segment (trace, t, S, y + 4, x + 7, FIN | ACK, NULL,
                             D, 0);
  t += TEST_LATENCY;
  test_state (trace, t, C, SEQACK_TCP_FIN_WAIT_1, SEQACK_TCP_FIN_WAIT_2);
  test_state (trace, t, C, SEQACK_TCP_FIN_WAIT_2, SEQACK_TCP_TIME_WAIT);
  seqack_trace_add_timer (trace, t, C, SEQACK_TCP_TIMER_TIME_WAIT,
                          SEQACK_TIMER_SET, t + 60 * G_USEC_PER_SEC);
  seg[10] = test_add_segment (trace, t, C, x + 7, y + 5, ACK, NULL, D, 0);
  t += TEST_LATENCY;
  test_state (trace, t, S, SEQACK_TCP_LAST_ACK, SEQACK_TCP_CLOSED);

  if (segments != NULL)
    memcpy (segments, seg, sizeof seg);
}
