/* test-capture-flows.c: a capture's conversations between the same two
 * hosts found and drawn together on one Trace (Wireshark's "all
 * flows"), each connection keeping its ports, numbers, states and
 * variables as it had alone. */

#include "config.h"

#include "capture-test-util.h"
#include "seqack-capture.h"

static SeqackCapture *
capture_of (const TestFlow *flows,
            guint           n_flows)
{
  g_autoptr(GArray) frames = test_flow_frames (flows, n_flows);
  SeqackCapture *capture = seqack_capture_new ();

  for (guint i = 0; i < frames->len; i++)
    {
      TestFrame *f = &g_array_index (frames, TestFrame, i);

      g_assert_cmpint (seqack_capture_add_ip (capture, f->t_us,
                                              f->frame->data, f->frame->len),
                       >=, 0);
    }
  return capture;
}

/* A connection's key in a merged trace: its two ports, lower first. */
static guint
ports_key (guint16 a,
           guint16 b)
{
  return (guint) MIN (a, b) << 16 | MAX (a, b);
}

/* test_segments() of one connection of @trace, the one on @key. */
static char *
segments_of (SeqackTrace *trace,
             guint        key)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);
      guint16 sport, dport;
      char flags[48];

      if (e->kind != SEQACK_EVENT_SEGMENT)
        continue;
      g_assert_true (seqack_trace_get_ports (trace, i, &sport, &dport));
      if (ports_key (sport, dport) != key)
        continue;
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append_printf (out, "%s %u/%u %u",
                              seqack_tcp_flags_to_string (e->flags, flags),
                              seqack_trace_relative_seq (trace, i),
                              seqack_trace_relative_ack (trace, i),
                              e->number);
    }
  return g_string_free (out, FALSE);
}

/* The states of the side of connection @key whose own port is @port, as
 * "SYN-SENT ESTABLISHED ...": its state events, by their sockets. */
static char *
states_of (SeqackTrace *trace,
           guint        key,
           guint16      port)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);
      SeqackSocketKey socket;

      if (e->kind != SEQACK_EVENT_STATE)
        continue;
      g_assert_true (seqack_trace_get_socket (trace, i, &socket));
      if (ports_key (socket.local_port, socket.remote_port) != key ||
          socket.local_port != port)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, seqack_tcp_state_name (e->to));
    }
  return g_string_free (out, FALSE);
}

/* Every flow of @merged (from @flows of @capture) reads as its
 * conversation did alone: the same segments with the same relative
 * numbers, the same states on each side (the other way round for a
 * flow the other host opened), the same variables after each segment. */
static void
assert_flows_kept (SeqackCapture *capture,
                   SeqackTrace   *merged,
                   GArray        *flows,
                   gint64         zero)
{
  const SeqackEndpoint *client = seqack_trace_get_endpoint (merged,
                                                            SEQACK_CLIENT);
  guint n_segments = 0, n_events = 0;

  for (guint f = 0; f < flows->len; f++)
    {
      SeqackConversation *conv = seqack_capture_get_conversation (
        capture, g_array_index (flows, guint, f));
      const SeqackConversationInfo *info = seqack_conversation_get_info (conv);
      SeqackTrace *alone = seqack_conversation_get_trace (conv);
      guint key = ports_key (info->client.port, info->server.port);
      gboolean swapped = memcmp (info->client.addr, client->addr, 16) != 0;
      g_autofree char *want = test_segments (alone);
      g_autofree char *got = segments_of (merged, key);
      g_autofree char *want_c = test_states (alone, SEQACK_CLIENT);
      g_autofree char *want_s = test_states (alone, SEQACK_SERVER);
      g_autofree char *got_c = states_of (merged, key, info->client.port);
      g_autofree char *got_s = states_of (merged, key, info->server.port);
      guint j = 0;

      g_assert_cmpstr (got, ==, want);
      g_assert_cmpstr (got_c, ==, want_c);
      g_assert_cmpstr (got_s, ==, want_s);
      n_segments += seqack_trace_get_n_segments (alone);
      n_events += seqack_trace_get_n_events (alone);

      /* The variables after each of its segments, on the side that
       * sent it; and the sender's side in the merged trace. */
      for (guint i = 0; i < seqack_trace_get_n_events (merged); i++)
        {
          const SeqackEvent *e = seqack_trace_get_event (merged, i);
          const SeqackEvent *a;
          SeqackTcpVars want_vars, got_vars;
          guint16 sport, dport;

          if (e->kind != SEQACK_EVENT_SEGMENT)
            continue;
          seqack_trace_get_ports (merged, i, &sport, &dport);
          if (ports_key (sport, dport) != key)
            continue;
          while (seqack_trace_get_event (alone, j)->kind !=
                 SEQACK_EVENT_SEGMENT)
            j++;
          a = seqack_trace_get_event (alone, j);
          g_assert_cmpuint (e->side, ==, swapped ? 1 - a->side : a->side);
          g_assert_cmpint (e->t, ==,
                           a->t + info->first_us - zero);
          if (seqack_trace_get_vars (alone, j, a->side, &want_vars))
            {
              g_assert_true (seqack_trace_get_vars (merged, i, e->side,
                                                    &got_vars));
              g_assert_cmpmem (&got_vars, sizeof got_vars,
                               &want_vars, sizeof want_vars);
            }
          j++;
        }
    }
  g_assert_cmpuint (seqack_trace_get_n_segments (merged), ==, n_segments);
  g_assert_cmpuint (seqack_trace_get_n_events (merged), ==, n_events);
}

/* The conversations between 192.0.2.1 and 192.0.2.2, whichever opened
 * each, in time order; the other pair of hosts left out. */
static void
test_found_in_order (void)
{
  g_autoptr(SeqackCapture) capture =
    capture_of (test_flows, G_N_ELEMENTS (test_flows));
  g_autoptr(GArray) flows = NULL;
  g_autoptr(GArray) other = NULL;

  g_assert_cmpuint (seqack_capture_get_n_conversations (capture), ==, 4);
  for (guint from = 0; from < 4; from += from == 0 ? 2 : 1)
    {
      g_autoptr(GArray) same = seqack_capture_get_flows (capture, from);

      g_assert_cmpuint (same->len, ==, 3);
      g_assert_cmpuint (g_array_index (same, guint, 0), ==, 0);
      g_assert_cmpuint (g_array_index (same, guint, 1), ==, 2);
      g_assert_cmpuint (g_array_index (same, guint, 2), ==, 3);
    }

  other = seqack_capture_get_flows (capture, 1);
  g_assert_cmpuint (other->len, ==, 1);
  g_assert_cmpuint (g_array_index (other, guint, 0), ==, 1);
}

/* Two connections at once and a third the other way: every segment,
 * in time order, each connection numbered from its own ISNs. */
static void
test_merge_keeps_flows (void)
{
  g_autoptr(SeqackCapture) capture =
    capture_of (test_flows, G_N_ELEMENTS (test_flows));
  g_autoptr(GArray) flows = seqack_capture_get_flows (capture, 0);
  g_autoptr(SeqackTrace) merged = NULL;
  gint64 first_us = 0, last_t = -1;
  gboolean interleaved = FALSE;
  guint last_key = 0, n_switches = 0;

  merged = seqack_capture_merge_flows (capture, (guint *) flows->data,
                                       flows->len, &first_us);
  g_assert_nonnull (merged);
  g_assert_cmpint (first_us, ==, TEST_T0);
  assert_flows_kept (capture, merged, flows, first_us);

  /* In time order, and the two at once really do alternate. */
  for (guint i = 0; i < seqack_trace_get_n_events (merged); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (merged, i);
      guint16 sport, dport;

      g_assert_cmpint (e->t, >=, last_t);
      last_t = e->t;
      if (e->kind != SEQACK_EVENT_SEGMENT)
        continue;
      seqack_trace_get_ports (merged, i, &sport, &dport);
      if (last_key != 0 && ports_key (sport, dport) != last_key)
        n_switches++;
      last_key = ports_key (sport, dport);
    }
  /* 50000 and 50001 alternate for most of their segments; the reversed
   * flow comes once at the end. */
  interleaved = n_switches > 10;
  g_assert_true (interleaved);

  /* The client is 192.0.2.1 throughout: the reversed flow's SYN comes
   * from the server's side. */
  {
    const SeqackEndpoint *c = seqack_trace_get_endpoint (merged,
                                                         SEQACK_CLIENT);
    guint8 want[4] = { 192, 0, 2, 1 };

    g_assert_cmpmem (c->addr, 4, want, 4);
  }

  /* Each connection's own ports in its states' sockets (the socket
   * table reads them). */
  g_assert_true (seqack_trace_has_sockets (merged));
}

/* Hosts with one conversation: the merge is that conversation. */
static void
test_one_conversation (void)
{
  g_autoptr(SeqackCapture) capture =
    capture_of (test_flows, G_N_ELEMENTS (test_flows));
  g_autoptr(GArray) flows = seqack_capture_get_flows (capture, 1);
  g_autoptr(SeqackTrace) merged = NULL;
  SeqackTrace *alone = seqack_conversation_get_trace (
    seqack_capture_get_conversation (capture, 1));
  gint64 first_us = 0;

  g_assert_cmpuint (flows->len, ==, 1);
  merged = seqack_capture_merge_flows (capture, (guint *) flows->data, 1,
                                       &first_us);
  g_assert_cmpint (first_us, ==, TEST_T0 + 5000);
  assert_flows_kept (capture, merged, flows, first_us);
  for (guint i = 0; i < seqack_trace_get_n_events (alone); i++)
    {
      const SeqackEvent *a = seqack_trace_get_event (alone, i);
      const SeqackEvent *m = seqack_trace_get_event (merged, i);

      g_assert_cmpint (m->t, ==, a->t);
      g_assert_cmpuint (m->kind, ==, a->kind);
      g_assert_cmpuint (m->side, ==, a->side);
      g_assert_cmpuint (seqack_trace_get_state (merged, i, SEQACK_CLIENT), ==,
                        seqack_trace_get_state (alone, i, SEQACK_CLIENT));
      g_assert_cmpuint (seqack_trace_get_state (merged, i, SEQACK_SERVER), ==,
                        seqack_trace_get_state (alone, i, SEQACK_SERVER));
      if (a->kind == SEQACK_EVENT_SEGMENT)
        {
          gsize la, lm;
          const guint8 *ba = seqack_trace_get_data (alone, i, &la);
          const guint8 *bm = seqack_trace_get_data (merged, i, &lm);

          g_assert_cmpmem (bm, lm, ba, la);
        }
    }
}

/* An IPv6 packet from [::@from]:@sport to [::@to]:@dport. */
static GByteArray *
ipv6 (guint8      from,
      guint16     sport,
      guint8      to,
      guint16     dport,
      guint32     seq,
      guint32     ack,
      guint8      flags)
{
  GByteArray *packet = g_byte_array_new ();
  SeqackTcpSegment seg = { 0 };
  gsize tcp_len = SEQACK_TCP_HEADER_MIN;
  guint16 sum;
  guint8 *p;

  seg.src_port = sport;
  seg.dst_port = dport;
  seg.seq = seq;
  seg.ack = ack;
  seg.flags = flags;
  seg.window = 65535;
  g_byte_array_set_size (packet, 40 + tcp_len);
  p = packet->data;
  memset (p, 0, packet->len);
  p[0] = 0x60;
  p[5] = (guint8) tcp_len;
  p[6] = SEQACK_IP_PROTO_TCP;
  p[7] = 64;
  p[23] = from;
  p[39] = to;
  seqack_tcp_header_encode (&seg, p + 40);
  sum = seqack_checksum_finish (
    seqack_checksum_add (seqack_checksum_pseudo_ipv6 (p + 8, p + 24,
                                                      (guint32) tcp_len),
                         p + 40, tcp_len));
  p[56] = sum >> 8;
  p[57] = sum & 0xff;
  return packet;
}

/* IPv6 hosts: [::1] opens two connections to [::2]:443, [::3] one; the
 * pair's two are found and merged, each with its ports. */
static void
test_flows_ipv6 (void)
{
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autoptr(GArray) flows = NULL;
  g_autoptr(SeqackTrace) merged = NULL;
  const struct { guint8 from; guint16 port; guint32 isn; } conns[] = {
    { 1, 50000, 100 }, { 3, 50000, 200 }, { 1, 50001, 300 },
  };

  for (guint c = 0; c < G_N_ELEMENTS (conns); c++)
    {
      g_autoptr(GByteArray) syn =
        ipv6 (conns[c].from, conns[c].port, 2, 443, conns[c].isn, 0,
              SEQACK_TCP_SYN);
      g_autoptr(GByteArray) synack =
        ipv6 (2, 443, conns[c].from, conns[c].port, 9000 + c,
              conns[c].isn + 1, SEQACK_TCP_SYN | SEQACK_TCP_ACK);
      g_autoptr(GByteArray) ack =
        ipv6 (conns[c].from, conns[c].port, 2, 443, conns[c].isn + 1,
              9000 + c + 1, SEQACK_TCP_ACK);
      gint64 t = TEST_T0 + c * 1000;

      g_assert_cmpint (seqack_capture_add_ip (capture, t, syn->data,
                                              syn->len), ==, (gint) c);
      g_assert_cmpint (seqack_capture_add_ip (capture, t + 100, synack->data,
                                              synack->len), ==, (gint) c);
      g_assert_cmpint (seqack_capture_add_ip (capture, t + 200, ack->data,
                                              ack->len), ==, (gint) c);
    }

  flows = seqack_capture_get_flows (capture, 2);
  g_assert_cmpuint (flows->len, ==, 2);
  g_assert_cmpuint (g_array_index (flows, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (flows, guint, 1), ==, 2);

  merged = seqack_capture_merge_flows (capture, (guint *) flows->data,
                                       flows->len, NULL);
  g_assert_cmpuint (seqack_trace_get_endpoint (merged, SEQACK_CLIENT)->family,
                    ==, 6);
  assert_flows_kept (capture, merged, flows, TEST_T0);
  g_assert_cmpuint (seqack_trace_get_n_segments (merged), ==, 6);
  {
    g_autofree char *first = segments_of (merged, ports_key (50000, 443));
    g_autofree char *second = segments_of (merged, ports_key (50001, 443));

    g_assert_cmpstr (first, ==, "SYN 0/0 0; SYN, ACK 0/1 0; ACK 1/1 0");
    g_assert_cmpstr (second, ==, first);
  }
}

/* A merged trace's bytes are the capture's, kept alive with it. */
static void
test_outlives_capture (void)
{
  SeqackCapture *capture = capture_of (test_flows, G_N_ELEMENTS (test_flows));
  g_autoptr(GArray) flows = seqack_capture_get_flows (capture, 0);
  g_autoptr(SeqackTrace) merged =
    seqack_capture_merge_flows (capture, (guint *) flows->data, flows->len,
                                NULL);
  g_autofree char *before = test_segments (merged);
  g_autofree char *after = NULL;

  seqack_capture_free (capture);
  after = test_segments (merged);
  g_assert_cmpstr (after, ==, before);
  g_assert_nonnull (strstr (after, "SYN 0/0 0"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/capture/flows/found-in-order", test_found_in_order);
  g_test_add_func ("/capture/flows/merge-keeps-flows",
                   test_merge_keeps_flows);
  g_test_add_func ("/capture/flows/one-conversation", test_one_conversation);
  g_test_add_func ("/capture/flows/ipv6", test_flows_ipv6);
  g_test_add_func ("/capture/flows/outlives-capture", test_outlives_capture);

  return g_test_run ();
}
