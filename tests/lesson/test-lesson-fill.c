/* test-lesson-fill.c: lesson placeholders in a trace with added hosts. */
#include <string.h>

#include "seqack-lesson-fill.h"
#include "seqack-packet.h"

#define SERVER_ADDR   0xc0000202u /* 192.0.2.2 */
#define CLIENT_2_ADDR 0xc0000203u /* 192.0.2.3 */
#define FLOOD_ADDR    0xc6336400u /* 198.51.100.0/24 */

static guint
add_segment (SeqackTrace *trace,
             gint64       t,
             guint        host,
             guint32      peer_addr,
             gboolean     to_server,
             guint32      seq,
             guint32      ack,
             guint8       flags)
{
  g_autoptr(GByteArray) packet = g_byte_array_new ();
  SeqackTcpSegment seg = { 0 };
  guint index;

  seg.src_port = to_server ? 40000 : 80;
  seg.dst_port = to_server ? 80 : 40000;
  seg.seq = seq;
  seg.ack = ack;
  seg.flags = flags;
  seg.window = 64240;
  seqack_packet_build_ipv4 (to_server ? peer_addr : SERVER_ADDR,
                            to_server ? SERVER_ADDR : peer_addr, 1, 64, &seg,
                            packet);
  index = seqack_trace_add_segment (trace, t, t + 20000,
                                    to_server ? SEQACK_CLIENT
                                              : SEQACK_SERVER,
                                    SEQACK_FATE_DELIVERED, 0, packet->data,
                                    packet->len);
  if (to_server)
    seqack_trace_set_event_host (trace, index, host);
  return index;
}

static char *
fill (SeqackTrace *trace,
      guint        subject,
      const char  *text)
{
  SeqackFillContext context = { 0 };
  g_autoptr(GError) error = NULL;
  char *filled;

  context.trace = trace;
  context.limit = seqack_trace_get_n_events (trace);
  context.subject = subject;
  filled = seqack_lesson_fill (text, &context, &error);
  g_assert_no_error (error);
  return filled;
}

/* {from} and {to} name the hosts; {prev.*} is the segment the subject
 * answers, from its receiver, not the server's last one to anybody;
 * {state.client} is the client's own. */
static void
test_hosts (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  const guint8 SYN = SEQACK_TCP_SYN, ACK = SEQACK_TCP_ACK;
  const guint C2 = SEQACK_HOST_CLIENT_2, F = SEQACK_HOST_FLOOD;
  guint c2_syn, flood_syn, c2_syn_ack, state;
  g_autofree char *c2_from_to = NULL, *flood_from = NULL;
  g_autofree char *answer = NULL, *prev = NULL, *states = NULL;

  seqack_trace_add_host (trace, C2, CLIENT_2_ADDR, 32);
  seqack_trace_add_host (trace, F, FLOOD_ADDR, 24);
  state = seqack_trace_add_state (trace, 0, SEQACK_CLIENT, SEQACK_TCP_CLOSED,
                                  SEQACK_TCP_SYN_SENT,
                                  SEQACK_TCP_EDGE_ACTIVE_OPEN, 0);
  seqack_trace_set_event_host (trace, state, C2);
  c2_syn = add_segment (trace, 0, C2, CLIENT_2_ADDR, TRUE, 100, 0, SYN);
  flood_syn = add_segment (trace, 10000, F, FLOOD_ADDR + 7, TRUE, 7000, 0,
                           SYN);
  c2_syn_ack = add_segment (trace, 20000, C2, CLIENT_2_ADDR, FALSE, 500,
                            101, SYN | ACK);
  /* The server's answer to the flood comes last: the latest segment
   * from the server side that is not the subject's. */
  add_segment (trace, 30000, F, FLOOD_ADDR + 7, FALSE, 900, 7001,
               SYN | ACK);

  c2_from_to = fill (trace, c2_syn, "{from} to {to}");
  g_assert_cmpstr (c2_from_to, ==, "client-2 to server");
  flood_from = fill (trace, flood_syn, "{from}");
  g_assert_cmpstr (flood_from, ==, "flood");
  answer = fill (trace, c2_syn_ack, "{from} to {to}");
  g_assert_cmpstr (answer, ==, "server to client-2");
  /* client-2's SYN (Seq 100), not the flood's (7000) that came later. */
  prev = fill (trace, c2_syn_ack, "{prev.seq.abs} {prev.seq.abs+1}");
  g_assert_cmpstr (prev, ==, "100 101");
  states = fill (trace, c2_syn_ack, "{state.client} {state.server}");
  g_assert_cmpstr (states, ==, "CLOSED CLOSED");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lesson/fill/hosts", test_hosts);

  return g_test_run ();
}
