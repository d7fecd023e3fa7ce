/* test-capture-conversation.c: conversations rebuilt from packets, and
 * each side's state inferred from them (RFC 9293 §3.3.2, §3.10.7). */

#include "config.h"

#include "capture-test-util.h"
#include "seqack-capture.h"
#include "seqack-conversation-private.h"

/* Feeds segments of one connection (client port @port) 10 ms apart. */
static void
feed (SeqackCapture *capture,
      guint16        port,
      const TestSeg *segs,
      guint          n,
      gint64         t0)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GByteArray) ip = test_ipv4 (segs[i].from_client, port,
                                            segs[i].seq, segs[i].ack,
                                            segs[i].flags, segs[i].payload);

      g_assert_cmpint (seqack_capture_add_ip (capture, t0 + i * 10000,
                                              ip->data, ip->len), >=, 0);
    }
}

static SeqackTrace *
only_trace (SeqackCapture *capture)
{
  g_assert_cmpuint (seqack_capture_get_n_conversations (capture), ==, 1);
  return seqack_conversation_get_trace (
    seqack_capture_get_conversation (capture, 0));
}

static void
test_lesson_states (void)
{
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autofree char *client = NULL, *server = NULL, *segments = NULL;
  const SeqackConversationInfo *info;
  SeqackTrace *trace;
  char buf[64];

  feed (capture, TEST_CLIENT_PORT, test_lesson, G_N_ELEMENTS (test_lesson),
        TEST_T0);
  trace = only_trace (capture);
  info = seqack_conversation_get_info (
    seqack_capture_get_conversation (capture, 0));

  g_assert_cmpstr (seqack_endpoint_to_string (&info->client, buf), ==,
                   "192.0.2.1:50000");
  g_assert_cmpstr (seqack_endpoint_to_string (&info->server, buf), ==,
                   "192.0.2.2:8080");
  g_assert_cmpuint (info->n_packets, ==, 11);
  g_assert_cmpint (info->first_us, ==, TEST_T0);
  g_assert_cmpint (info->last_us, ==, TEST_T0 + 100000);
  g_assert_cmpint (info->end, ==, SEQACK_CONVERSATION_FIN);
  g_assert_true (info->syn_seen);

  /* Relative numbers as the lesson writes them: Seq=0, Ack=1... */
  segments = test_segments (trace);
  g_assert_cmpstr (segments, ==,
                   "SYN 0/0 0; SYN, ACK 0/1 0; ACK 1/1 0; PSH, ACK 1/1 5; "
                   "ACK 1/6 0; PSH, ACK 1/6 3; ACK 6/4 0; FIN, ACK 6/4 0; "
                   "ACK 4/7 0; FIN, ACK 4/7 0; ACK 7/5 0");

  client = test_states (trace, SEQACK_CLIENT);
  server = test_states (trace, SEQACK_SERVER);
  g_assert_cmpstr (client, ==,
                   "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT");
  g_assert_cmpstr (server, ==,
                   "LISTEN SYN-RCVD ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED");

  /* Every state event is marked inferred, and has the table's edge. */
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);

      if (e->kind == SEQACK_EVENT_STATE)
        {
          g_assert_true (e->marks & SEQACK_MARK_INFERRED);
          g_assert_cmpint (e->edge, !=, SEQACK_TCP_EDGE_NONE);
        }
      if (e->kind == SEQACK_EVENT_SEGMENT)
        {
          g_assert_cmpint (e->fate, ==, SEQACK_FATE_CAPTURED);
          g_assert_cmpint (e->t2, ==, e->t);
        }
    }
}

/* The client turns SYN-SENT before its SYN is drawn, and ESTABLISHED
 * after the SYN,ACK arrives; the server is SYN-RCVD before sending its
 * SYN,ACK and ESTABLISHED after the ACK. */
static void
test_state_order (void)
{
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  SeqackTrace *trace;
  guint syn = G_MAXUINT, synack = G_MAXUINT, ack = G_MAXUINT, i;

  feed (capture, TEST_CLIENT_PORT, test_lesson, 3, TEST_T0);
  trace = only_trace (capture);

  for (i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);

      if (e->kind != SEQACK_EVENT_SEGMENT)
        continue;
      if (syn == G_MAXUINT)
        syn = i;
      else if (synack == G_MAXUINT)
        synack = i;
      else
        ack = i;
    }

  g_assert_cmpint (seqack_trace_get_state (trace, syn - 1, SEQACK_CLIENT), ==,
                   SEQACK_TCP_SYN_SENT);
  g_assert_cmpint (seqack_trace_get_state (trace, syn, SEQACK_SERVER), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (seqack_trace_get_state (trace, synack - 1, SEQACK_SERVER),
                   ==, SEQACK_TCP_SYN_RECEIVED);
  g_assert_cmpint (seqack_trace_get_state (trace, synack, SEQACK_CLIENT), ==,
                   SEQACK_TCP_SYN_SENT);
  g_assert_cmpint (seqack_trace_get_state (trace, synack + 1, SEQACK_CLIENT),
                   ==, SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (seqack_trace_get_state (trace, ack, SEQACK_SERVER), ==,
                   SEQACK_TCP_SYN_RECEIVED);
  g_assert_cmpint (seqack_trace_get_state (trace, ack + 1, SEQACK_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
}

/* RFC 9293 §3.3.1 variables, as the capture shows them. */
static void
test_vars (void)
{
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  SeqackTcpVars client, server;
  SeqackTrace *trace;
  guint last;

  feed (capture, TEST_CLIENT_PORT, test_lesson, 4, TEST_T0);
  trace = only_trace (capture);
  last = seqack_trace_get_n_events (trace) - 1;

  g_assert_true (seqack_trace_get_vars (trace, last, SEQACK_CLIENT, &client));
  g_assert_true (seqack_trace_get_vars (trace, last, SEQACK_SERVER, &server));
  g_assert_cmpuint (client.iss, ==, 1000);
  g_assert_cmpuint (client.irs, ==, 5000);
  g_assert_cmpuint (server.iss, ==, 5000);
  g_assert_cmpuint (server.irs, ==, 1000);
  /* After "hello" (5 bytes) left the client: */
  g_assert_cmpuint (client.snd_nxt, ==, 1006);
  g_assert_cmpuint (client.snd_una, ==, 1001);
  g_assert_cmpuint (client.rcv_nxt, ==, 5001);
  g_assert_cmpuint (server.rcv_nxt, ==, 1006);
  g_assert_cmpuint (server.snd_nxt, ==, 5001);
  g_assert_cmpuint (server.snd_una, ==, 5001);
  g_assert_cmpuint (server.snd_wnd, ==, 65535);

  /* Each segment's event carries its sender's variables after it, even
   * when its arrival changes the receiver's state (the SYN,ACK makes the
   * client ESTABLISHED): the SYN,ACK's are the server's ISS + 1, not those
   * from before it. */
  for (guint i = 0, n = 0; i <= last; i++)
    if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT &&
        ++n == 2)
      {
        g_assert_true (seqack_trace_get_vars (trace, i, SEQACK_SERVER,
                                              &server));
        g_assert_cmpuint (server.snd_una, ==, 5000);
        g_assert_cmpuint (server.snd_nxt, ==, 5001);
        g_assert_cmpuint (server.rcv_nxt, ==, 1001);
      }
}

/* RFC 9293 §3.6: both sides close at once; each sees the other's FIN in
 * FIN-WAIT-1 and goes through CLOSING. */
static void
test_simultaneous_close (void)
{
  static const TestSeg segs[] = {
    { TRUE,  1000, 0,    SEQACK_TCP_SYN, NULL },
    { FALSE, 5000, 1001, SEQACK_TCP_SYN | SEQACK_TCP_ACK, NULL },
    { TRUE,  1001, 5001, SEQACK_TCP_ACK, NULL },
    { TRUE,  1001, 5001, SEQACK_TCP_FIN | SEQACK_TCP_ACK, NULL },
    { FALSE, 5001, 1001, SEQACK_TCP_FIN | SEQACK_TCP_ACK, NULL },
    { TRUE,  1002, 5002, SEQACK_TCP_ACK, NULL },
    { FALSE, 5002, 1002, SEQACK_TCP_ACK, NULL },
  };
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autofree char *client = NULL, *server = NULL;
  SeqackTrace *trace;

  feed (capture, TEST_CLIENT_PORT, segs, G_N_ELEMENTS (segs), TEST_T0);
  trace = only_trace (capture);
  client = test_states (trace, SEQACK_CLIENT);
  server = test_states (trace, SEQACK_SERVER);

  g_assert_cmpstr (client, ==,
                   "SYN-SENT ESTABLISHED FIN-WAIT-1 CLOSING TIME-WAIT");
  g_assert_cmpstr (server, ==,
                   "LISTEN SYN-RCVD ESTABLISHED FIN-WAIT-1 CLOSING "
                   "TIME-WAIT");
}

/* The server answers its peer's FIN with FIN,ACK at once: three segments
 * close the connection, and the states are still the RFC's. */
static void
test_three_way_close (void)
{
  static const TestSeg segs[] = {
    { TRUE,  1000, 0,    SEQACK_TCP_SYN, NULL },
    { FALSE, 5000, 1001, SEQACK_TCP_SYN | SEQACK_TCP_ACK, NULL },
    { TRUE,  1001, 5001, SEQACK_TCP_ACK, NULL },
    { TRUE,  1001, 5001, SEQACK_TCP_FIN | SEQACK_TCP_ACK, NULL },
    { FALSE, 5001, 1002, SEQACK_TCP_FIN | SEQACK_TCP_ACK, NULL },
    { TRUE,  1002, 5002, SEQACK_TCP_ACK, NULL },
  };
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autofree char *client = NULL, *server = NULL;
  SeqackTrace *trace;

  feed (capture, TEST_CLIENT_PORT, segs, G_N_ELEMENTS (segs), TEST_T0);
  trace = only_trace (capture);
  client = test_states (trace, SEQACK_CLIENT);
  server = test_states (trace, SEQACK_SERVER);

  g_assert_cmpstr (client, ==,
                   "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT");
  g_assert_cmpstr (server, ==,
                   "LISTEN SYN-RCVD ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED");
}

/* A connection to a closed port: SYN answered by RST,ACK (RFC 9293
 * §3.10.7.1). The server never listened. */
static void
test_refused (void)
{
  static const TestSeg segs[] = {
    { TRUE,  1000, 0,    SEQACK_TCP_SYN, NULL },
    { FALSE, 0,    1001, SEQACK_TCP_RST | SEQACK_TCP_ACK, NULL },
  };
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autofree char *client = NULL, *server = NULL;
  SeqackTrace *trace;

  feed (capture, TEST_CLIENT_PORT, segs, G_N_ELEMENTS (segs), TEST_T0);
  trace = only_trace (capture);
  client = test_states (trace, SEQACK_CLIENT);
  server = test_states (trace, SEQACK_SERVER);

  g_assert_cmpstr (client, ==, "SYN-SENT CLOSED");
  g_assert_cmpstr (server, ==, "");
  g_assert_cmpint (seqack_conversation_get_info (
                     seqack_capture_get_conversation (capture, 0))->end,
                   ==, SEQACK_CONVERSATION_RST);
}

/* An abort in ESTABLISHED (RFC 9293 §3.10.5): both sides end CLOSED. */
static void
test_abort (void)
{
  static const TestSeg segs[] = {
    { TRUE,  1000, 0,    SEQACK_TCP_SYN, NULL },
    { FALSE, 5000, 1001, SEQACK_TCP_SYN | SEQACK_TCP_ACK, NULL },
    { TRUE,  1001, 5001, SEQACK_TCP_ACK, NULL },
    { TRUE,  1001, 5001, SEQACK_TCP_RST | SEQACK_TCP_ACK, NULL },
  };
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autofree char *client = NULL, *server = NULL;
  SeqackTrace *trace;
  guint n;

  feed (capture, TEST_CLIENT_PORT, segs, G_N_ELEMENTS (segs), TEST_T0);
  trace = only_trace (capture);
  client = test_states (trace, SEQACK_CLIENT);
  server = test_states (trace, SEQACK_SERVER);
  n = seqack_trace_get_n_events (trace);

  g_assert_cmpstr (client, ==, "SYN-SENT ESTABLISHED CLOSED");
  g_assert_cmpstr (server, ==, "LISTEN SYN-RCVD ESTABLISHED CLOSED");
  g_assert_cmpint (seqack_trace_get_event (trace, n - 1)->edge, ==,
                   SEQACK_TCP_EDGE_RCV_RST);
}

/* A repeated segment is a retransmission; one that fills a hole below
 * the highest sequence number seen arrived out of order. */
static void
test_retransmission_and_reordering (void)
{
  static const TestSeg segs[] = {
    { TRUE,  1000, 0,    SEQACK_TCP_SYN, NULL },
    { TRUE,  1000, 0,    SEQACK_TCP_SYN, NULL },              /* again */
    { FALSE, 5000, 1001, SEQACK_TCP_SYN | SEQACK_TCP_ACK, NULL },
    { TRUE,  1001, 5001, SEQACK_TCP_ACK, NULL },
    { TRUE,  1006, 5001, SEQACK_TCP_ACK, "world" },           /* early */
    { TRUE,  1001, 5001, SEQACK_TCP_ACK, "hello" },           /* late */
    { TRUE,  1001, 5001, SEQACK_TCP_ACK, "hello" },           /* again */
    { FALSE, 5001, 1011, SEQACK_TCP_ACK, NULL },
  };
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autofree char *segments = NULL, *client = NULL;
  const SeqackConversationInfo *info;
  SeqackTrace *trace;

  feed (capture, TEST_CLIENT_PORT, segs, G_N_ELEMENTS (segs), TEST_T0);
  trace = only_trace (capture);
  segments = test_segments (trace);
  client = test_states (trace, SEQACK_CLIENT);
  info = seqack_conversation_get_info (
    seqack_capture_get_conversation (capture, 0));

  g_assert_cmpstr (segments, ==,
                   "SYN 0/0 0; SYN 0/0 0 R; SYN, ACK 0/1 0; ACK 1/1 0; "
                   "ACK 6/1 5; ACK 1/1 5 O; ACK 1/1 5 R; ACK 1/11 0");
  /* The repeated SYN changes no state. */
  g_assert_cmpstr (client, ==, "SYN-SENT ESTABLISHED");
  g_assert_cmpuint (info->n_retransmissions, ==, 2);
  g_assert_cmpuint (info->n_out_of_order, ==, 1);
}

/* What a capture says it holds counts each conversation whole: the
 * conversation beyond its trace, and the holes it remembers once a
 * segment skips ahead (kept apart, since few conversations have one). */
static void
test_memory_counts_conversation (void)
{
  static const TestSeg plain[] = {
    { TRUE,  1000, 0,    SEQACK_TCP_SYN, NULL },
    { FALSE, 5000, 1001, SEQACK_TCP_SYN | SEQACK_TCP_ACK, NULL },
    { TRUE,  1001, 5001, SEQACK_TCP_ACK, NULL },
    { TRUE,  1001, 5001, SEQACK_TCP_ACK, "hello" },
  };
  static const TestSeg holed[] = {
    { TRUE,  1000, 0,    SEQACK_TCP_SYN, NULL },
    { FALSE, 5000, 1001, SEQACK_TCP_SYN | SEQACK_TCP_ACK, NULL },
    { TRUE,  1001, 5001, SEQACK_TCP_ACK, NULL },
    { TRUE,  1006, 5001, SEQACK_TCP_ACK, "world" },           /* early */
  };
  g_autoptr(SeqackCapture) a = seqack_capture_new ();
  g_autoptr(SeqackCapture) b = seqack_capture_new ();
  SeqackConversation *ca, *cb;
  gsize own_a, own_b;

  feed (a, TEST_CLIENT_PORT, plain, G_N_ELEMENTS (plain), TEST_T0);
  feed (b, TEST_CLIENT_PORT, holed, G_N_ELEMENTS (holed), TEST_T0);
  ca = seqack_capture_get_conversation (a, 0);
  cb = seqack_capture_get_conversation (b, 0);
  own_a = seqack_conversation_get_memory_size (ca) -
          seqack_trace_get_memory_size (seqack_conversation_get_trace (ca));
  own_b = seqack_conversation_get_memory_size (cb) -
          seqack_trace_get_memory_size (seqack_conversation_get_trace (cb));
  g_assert_cmpuint (own_a, >, 0);
  g_assert_cmpuint (own_b, >, own_a);
  g_assert_cmpuint (seqack_capture_get_memory_size (a), >=,
                    seqack_conversation_get_memory_size (ca));
}

/* RFC 9293 §3.4: a SYN on a 4-tuple whose connection has closed starts a
 * new connection: two conversations, each with its own numbers. */
static void
test_port_reuse (void)
{
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  TestSeg second[G_N_ELEMENTS (test_lesson)];
  g_autofree char *segments = NULL, *server = NULL;
  SeqackTrace *trace;

  memcpy (second, test_lesson, sizeof second);
  for (guint i = 0; i < G_N_ELEMENTS (second); i++)
    {
      second[i].seq += 70000;
      if (second[i].ack != 0)
        second[i].ack += 70000;
    }

  feed (capture, TEST_CLIENT_PORT, test_lesson, G_N_ELEMENTS (test_lesson),
        TEST_T0);
  feed (capture, TEST_CLIENT_PORT, second, G_N_ELEMENTS (second),
        TEST_T0 + 1000000);

  g_assert_cmpuint (seqack_capture_get_n_conversations (capture), ==, 2);
  trace = seqack_conversation_get_trace (
    seqack_capture_get_conversation (capture, 1));
  g_assert_cmpint (seqack_conversation_get_info (
                     seqack_capture_get_conversation (capture, 1))->first_us,
                   ==, TEST_T0 + 1000000);
  /* Time restarts at the new conversation's first packet. */
  g_assert_cmpint (seqack_trace_get_event (trace, 0)->t, ==, 0);
  segments = test_segments (trace);
  g_assert_true (g_str_has_prefix (segments, "SYN 0/0 0; SYN, ACK 0/1 0"));
  server = test_states (trace, SEQACK_SERVER);
  g_assert_cmpstr (server, ==,
                   "LISTEN SYN-RCVD ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED");

  /* A different client port is a different conversation too; open. */
  feed (capture, 50001, test_lesson, 3, TEST_T0 + 2000000);
  g_assert_cmpuint (seqack_capture_get_n_conversations (capture), ==, 3);
  g_assert_cmpint (seqack_conversation_get_info (
                     seqack_capture_get_conversation (capture, 2))->end,
                   ==, SEQACK_CONVERSATION_OPEN);
}

/* A capture started mid-connection: no SYN. The client is the sender of
 * the first packet; both sides are taken as ESTABLISHED, and the
 * teardown is still inferred. */
static void
test_no_handshake (void)
{
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autofree char *client = NULL, *server = NULL, *segments = NULL;
  const SeqackConversationInfo *info;
  SeqackTrace *trace;
  char buf[64];

  /* From "bye" on: the server sends first. */
  feed (capture, TEST_CLIENT_PORT, test_lesson + 5, 6, TEST_T0);
  trace = only_trace (capture);
  info = seqack_conversation_get_info (
    seqack_capture_get_conversation (capture, 0));

  g_assert_false (info->syn_seen);
  g_assert_cmpstr (seqack_endpoint_to_string (&info->client, buf), ==,
                   "192.0.2.2:8080");
  client = test_states (trace, SEQACK_CLIENT);
  server = test_states (trace, SEQACK_SERVER);
  /* Here "client" is the server of the lesson: it closes second. */
  g_assert_cmpstr (client, ==, "ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED");
  g_assert_cmpstr (server, ==,
                   "ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT");
  /* Wireshark's rule: the first segment seen is 1. */
  segments = test_segments (trace);
  g_assert_true (g_str_has_prefix (segments, "PSH, ACK 1/1 3; ACK 1/4 0"));
}

/* A SYN,ACK seen first (the SYN was missed): its receiver is the client. */
static void
test_synack_first (void)
{
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  const SeqackConversationInfo *info;
  char buf[64];

  feed (capture, TEST_CLIENT_PORT, test_lesson + 1, 2, TEST_T0);
  info = seqack_conversation_get_info (
    seqack_capture_get_conversation (capture, 0));
  g_assert_cmpstr (seqack_endpoint_to_string (&info->client, buf), ==,
                   "192.0.2.1:50000");
}

/* IPv6 conversations, and packets that are not TCP or are damaged,
 * counted and skipped. */
static void
test_ipv6_and_skipped (void)
{
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autoptr(GByteArray) syn = test_ipv6 (TRUE, 7, 0, SEQACK_TCP_SYN, NULL,
                                         0, FALSE);
  g_autoptr(GByteArray) synack = test_ipv6 (FALSE, 9, 8,
                                            SEQACK_TCP_SYN | SEQACK_TCP_ACK,
                                            NULL, 1, FALSE);
  g_autoptr(GByteArray) bad = test_ipv6 (TRUE, 8, 10, SEQACK_TCP_ACK, NULL,
                                         1, TRUE);
  g_autoptr(GByteArray) udp = test_ipv4 (TRUE, 1, 1, 1, SEQACK_TCP_ACK, NULL);
  const SeqackCaptureStats *stats;
  g_autofree char *client = NULL;
  SeqackTrace *trace;
  char buf[64];

  udp->data[9] = 17;   /* protocol UDP */

  g_assert_cmpint (seqack_capture_add_ip (capture, TEST_T0, syn->data,
                                          syn->len), ==, 0);
  g_assert_cmpint (seqack_capture_add_ip (capture, TEST_T0 + 1, synack->data,
                                          synack->len), ==, 0);
  g_assert_cmpint (seqack_capture_add_ip (capture, TEST_T0 + 2, bad->data,
                                          bad->len), ==, -1);
  g_assert_cmpint (seqack_capture_add_ip (capture, TEST_T0 + 3, udp->data,
                                          udp->len), ==, -1);

  stats = seqack_capture_get_stats (capture);
  g_assert_cmpuint (stats->n_tcp, ==, 2);
  g_assert_cmpuint (stats->n_bad, ==, 1);
  g_assert_cmpuint (stats->n_not_tcp, ==, 1);

  trace = only_trace (capture);
  g_assert_cmpstr (seqack_endpoint_to_string (
                     seqack_trace_get_endpoint (trace, SEQACK_CLIENT), buf),
                   ==, "[::1]:50000");
  client = test_states (trace, SEQACK_CLIENT);
  g_assert_cmpstr (client, ==, "SYN-SENT ESTABLISHED");
}

/* A client <-> server segment carrying @opts, with window @window. */
static GByteArray *
segment_with_options (gboolean                from_client,
                      guint32                 seq,
                      guint32                 ack,
                      guint8                  flags,
                      guint16                 window,
                      const SeqackTcpOptions *opts,
                      const char             *payload)
{
  GByteArray *packet = g_byte_array_new ();
  SeqackTcpSegment seg = { 0 };

  seg.src_port = from_client ? TEST_CLIENT_PORT : TEST_SERVER_PORT;
  seg.dst_port = from_client ? TEST_SERVER_PORT : TEST_CLIENT_PORT;
  seg.seq = seq;
  seg.ack = ack;
  seg.flags = flags;
  seg.window = window;
  seg.options = *opts;
  seg.payload = (const guint8 *) payload;
  seg.payload_len = payload != NULL ? strlen (payload) : 0;
  seqack_packet_build_ipv4 (from_client ? TEST_CLIENT_ADDR : TEST_SERVER_ADDR,
                            from_client ? TEST_SERVER_ADDR : TEST_CLIENT_ADDR,
                            (guint16) seq, 64, &seg, packet);
  return packet;
}

/* Options after the handshake: timestamps and SACK blocks on data and
 * ACKs are read past, a window scale outside a SYN changes nothing (RFC
 * 7323 §2.2: the shift is fixed by the SYNs), and an option whose length
 * lies makes the segment damaged, counted and skipped, while the
 * conversation goes on. */
static void
test_options_after_handshake (void)
{
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  SeqackTcpOptions syn = { 0 }, synack = { 0 }, data = { 0 }, late = { 0 };
  g_autoptr(GByteArray) p1 = NULL;
  g_autoptr(GByteArray) p2 = NULL;
  g_autoptr(GByteArray) p3 = NULL;
  g_autoptr(GByteArray) p4 = NULL;
  g_autoptr(GByteArray) p5 = NULL;
  g_autoptr(GByteArray) p6 = NULL;
  g_autoptr(GByteArray) p7 = NULL;
  const SeqackCaptureStats *stats;
  g_autofree char *client_states = NULL;
  g_autofree char *server_states = NULL;
  SeqackTcpVars client, server;
  SeqackTrace *trace;
  guint last;

  syn.has_mss = synack.has_mss = TRUE;
  syn.mss = synack.mss = 1460;
  syn.sack_permitted = synack.sack_permitted = TRUE;
  syn.has_timestamps = synack.has_timestamps = data.has_timestamps = TRUE;
  syn.has_wscale = synack.has_wscale = TRUE;
  syn.wscale = 7;
  synack.wscale = 2;
  data.ts_val = 100;
  data.ts_ecr = 200;
  data.n_sack = 2;
  data.sack[0].left = 5100;
  data.sack[0].right = 5200;
  data.sack[1].left = 5300;
  data.sack[1].right = 5400;
  late = data;
  late.has_wscale = TRUE;
  late.wscale = 0;

  p1 = segment_with_options (TRUE, 1000, 0, SEQACK_TCP_SYN, 64240, &syn,
                             NULL);
  p2 = segment_with_options (FALSE, 5000, 1001,
                             SEQACK_TCP_SYN | SEQACK_TCP_ACK, 65160, &synack,
                             NULL);
  p3 = segment_with_options (TRUE, 1001, 5001, SEQACK_TCP_ACK, 100, &data,
                             NULL);
  /* A window scale of 0 outside a SYN: the window is still shifted by 7. */
  p4 = segment_with_options (TRUE, 1001, 5001,
                             SEQACK_TCP_ACK | SEQACK_TCP_PSH, 100, &late,
                             "hello");
  /* The same with the SACK option's length a lie (3: no whole block). */
  p5 = segment_with_options (TRUE, 1006, 5001,
                             SEQACK_TCP_ACK | SEQACK_TCP_PSH, 100, &data,
                             "world");
  for (guint i = 40; i + 1 < 60; i++)
    if (p5->data[i] == SEQACK_TCP_OPT_SACK)
      {
        p5->data[i + 1] = 3;
        break;
      }
  p6 = segment_with_options (FALSE, 5001, 1006, SEQACK_TCP_ACK, 1000, &late,
                             NULL);
  p7 = segment_with_options (FALSE, 5001, 1006,
                             SEQACK_TCP_ACK | SEQACK_TCP_FIN, 1000, &data,
                             NULL);

  g_assert_cmpint (seqack_capture_add_ip (capture, TEST_T0, p1->data,
                                          p1->len), ==, 0);
  g_assert_cmpint (seqack_capture_add_ip (capture, TEST_T0 + 10, p2->data,
                                          p2->len), ==, 0);
  g_assert_cmpint (seqack_capture_add_ip (capture, TEST_T0 + 20, p3->data,
                                          p3->len), ==, 0);
  g_assert_cmpint (seqack_capture_add_ip (capture, TEST_T0 + 30, p4->data,
                                          p4->len), ==, 0);
  g_assert_cmpint (seqack_capture_add_ip (capture, TEST_T0 + 40, p5->data,
                                          p5->len), ==, -1);
  g_assert_cmpint (seqack_capture_add_ip (capture, TEST_T0 + 50, p6->data,
                                          p6->len), ==, 0);
  g_assert_cmpint (seqack_capture_add_ip (capture, TEST_T0 + 60, p7->data,
                                          p7->len), ==, 0);

  stats = seqack_capture_get_stats (capture);
  g_assert_cmpuint (stats->n_tcp, ==, 6);
  g_assert_cmpuint (stats->n_bad, ==, 1);

  trace = only_trace (capture);
  g_assert_cmpuint (seqack_trace_get_n_segments (trace), ==, 6);
  g_assert_cmpuint (seqack_conversation_get_info (
                      seqack_capture_get_conversation (capture, 0))
                      ->n_packets, ==, 6);
  last = seqack_trace_get_n_events (trace) - 1;
  g_assert_true (seqack_trace_get_vars (trace, last, SEQACK_CLIENT, &client));
  g_assert_true (seqack_trace_get_vars (trace, last, SEQACK_SERVER, &server));
  /* The client's windows are shifted by its SYN's 7, the server's by 2,
   * whatever came later. */
  g_assert_cmpuint (client.rcv_wnd, ==, 100u << 7);
  g_assert_cmpuint (server.snd_wnd, ==, 100u << 7);
  g_assert_cmpuint (server.rcv_wnd, ==, 1000u << 2);
  g_assert_cmpuint (client.snd_wnd, ==, 1000u << 2);
  /* "hello" was captured, "world" was not. */
  g_assert_cmpuint (client.snd_nxt, ==, 1006);
  g_assert_cmpuint (server.rcv_nxt, ==, 1006);

  /* The server's FIN, with options, still closes its side. */
  client_states = test_states (trace, SEQACK_CLIENT);
  g_assert_cmpstr (client_states, ==, "SYN-SENT ESTABLISHED");
  server_states = test_states (trace, SEQACK_SERVER);
  g_assert_cmpstr (server_states, ==,
                   "LISTEN SYN-RCVD ESTABLISHED FIN-WAIT-1");
}

/* @packet (made by test_ipv6()) moved to @src and @dst, its checksum made
 * right again. */
static void
set_ipv6_addresses (GByteArray   *packet,
                    const guint8  src[16],
                    const guint8  dst[16])
{
  guint8 *tcp = packet->data + 40;
  gsize tcp_len = packet->len - 40;
  guint16 sum;

  memcpy (packet->data + 8, src, 16);
  memcpy (packet->data + 24, dst, 16);
  tcp[16] = tcp[17] = 0;
  sum = seqack_checksum_finish (
    seqack_checksum_add (seqack_checksum_pseudo_ipv6 (src, dst,
                                                      (guint32) tcp_len),
                         tcp, tcp_len));
  tcp[16] = sum >> 8;
  tcp[17] = sum & 0xff;
}

/* An IPv4 connection and an IPv6 one with the same ports, whose IPv6
 * addresses are the IPv4 ones mapped (::ffff:192.0.2.1, RFC 4291
 * §2.5.5.2), their packets interleaved: two conversations, each with
 * its own packets, family and states. A 4-tuple is a family's. */
static void
test_index_families (void)
{
  static const guint8 mapped_client[16] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1,
  };
  static const guint8 mapped_server[16] = {
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 2,
  };
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autoptr(GByteArray) syn4 = test_ipv4 (TRUE, TEST_CLIENT_PORT, 1000, 0,
                                          SEQACK_TCP_SYN, NULL);
  g_autoptr(GByteArray) synack4 =
    test_ipv4 (FALSE, TEST_CLIENT_PORT, 5000, 1001,
               SEQACK_TCP_SYN | SEQACK_TCP_ACK, NULL);
  g_autoptr(GByteArray) syn6 = test_ipv6 (TRUE, 7000, 0, SEQACK_TCP_SYN,
                                          NULL, 0, FALSE);
  g_autoptr(GByteArray) synack6 =
    test_ipv6 (FALSE, 9000, 7001, SEQACK_TCP_SYN | SEQACK_TCP_ACK, NULL, 0,
               FALSE);
  g_autoptr(GByteArray) ack6 = test_ipv6 (TRUE, 7001, 9001, SEQACK_TCP_ACK,
                                          NULL, 0, FALSE);
  g_autofree char *client4 = NULL;
  g_autofree char *client6 = NULL;
  const SeqackConversationInfo *info;
  SeqackConversation *conv;

  set_ipv6_addresses (syn6, mapped_client, mapped_server);
  set_ipv6_addresses (synack6, mapped_server, mapped_client);
  set_ipv6_addresses (ack6, mapped_client, mapped_server);

  g_assert_cmpint (seqack_capture_add_ip (capture, TEST_T0, syn4->data,
                                          syn4->len), ==, 0);
  g_assert_cmpint (seqack_capture_add_ip (capture, TEST_T0 + 1, syn6->data,
                                          syn6->len), ==, 1);
  g_assert_cmpint (seqack_capture_add_ip (capture, TEST_T0 + 2,
                                          synack6->data, synack6->len),
                   ==, 1);
  g_assert_cmpint (seqack_capture_add_ip (capture, TEST_T0 + 3,
                                          synack4->data, synack4->len),
                   ==, 0);
  g_assert_cmpint (seqack_capture_add_ip (capture, TEST_T0 + 4, ack6->data,
                                          ack6->len), ==, 1);
  g_assert_cmpuint (seqack_capture_get_n_conversations (capture), ==, 2);

  conv = seqack_capture_get_conversation (capture, 0);
  info = seqack_conversation_get_info (conv);
  g_assert_cmpuint (info->client.family, ==, 4);
  g_assert_cmpuint (info->n_packets, ==, 2);
  client4 = test_states (seqack_conversation_get_trace (conv),
                         SEQACK_CLIENT);
  g_assert_cmpstr (client4, ==, "SYN-SENT ESTABLISHED");

  conv = seqack_capture_get_conversation (capture, 1);
  info = seqack_conversation_get_info (conv);
  g_assert_cmpuint (info->client.family, ==, 6);
  g_assert_cmpmem (info->client.addr, 16, mapped_client, 16);
  g_assert_cmpuint (info->n_packets, ==, 3);
  client6 = test_states (seqack_conversation_get_trace (conv),
                         SEQACK_CLIENT);
  g_assert_cmpstr (client6, ==, "SYN-SENT ESTABLISHED");
}

/* Every state change of @trace continues from its side's last state and
 * follows an edge of the RFC 9293 machine, but for @n_late_starts
 * changes CLOSED -> ESTABLISHED of a capture that began after the
 * handshake (the first change of a side). */
static void
assert_rfc_edges (SeqackTrace *trace,
                  guint        n_late_starts)
{
  SeqackTcpState state[2] = { SEQACK_TCP_CLOSED, SEQACK_TCP_CLOSED };
  guint n_changes[2] = { 0, 0 };
  guint n_none = 0;

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);

      if (e->kind != SEQACK_EVENT_STATE)
        continue;
      g_assert_cmpint (e->from, ==, state[e->side]);
      if (e->edge == SEQACK_TCP_EDGE_NONE)
        {
          g_assert_cmpuint (n_changes[e->side], ==, 0);
          g_assert_cmpint (e->from, ==, SEQACK_TCP_CLOSED);
          g_assert_cmpint (e->to, ==, SEQACK_TCP_ESTABLISHED);
          n_none++;
        }
      else
        {
          g_assert_cmpint (seqack_tcp_edge_find (e->from, e->to), !=,
                           SEQACK_TCP_EDGE_NONE);
          g_assert_cmpint (seqack_tcp_edge_info (e->edge)->to, ==, e->to);
        }
      n_changes[e->side]++;
      state[e->side] = e->to;
    }
  g_assert_cmpuint (n_none, ==, n_late_starts);
}

/* RFC 9293 §3.10.7.4: a FIN that reaches a SYN-RCVD side is processed
 * after the segment's ACK (fifth step, to ESTABLISHED), then the FIN
 * (eighth step, to CLOSE-WAIT): never SYN-RCVD -> CLOSE-WAIT, which is
 * no edge of the state diagram (fuzz finding
 * regressions/pcap/syn-rcvd-to-close-wait.pcap). */
static void
test_fin_in_syn_rcvd (void)
{
  /* The client's FIN does not acknowledge the server's SYN (the capture
   * missed the handshake's ACK); the server's ACK of the FIN shows it
   * arrived. */
  static const TestSeg segs[] = {
    { TRUE,  1000, 0,    SEQACK_TCP_SYN, NULL },
    { FALSE, 5000, 1001, SEQACK_TCP_SYN | SEQACK_TCP_ACK, NULL },
    { TRUE,  1001, 5000, SEQACK_TCP_FIN | SEQACK_TCP_ACK, NULL },
    { FALSE, 5001, 1002, SEQACK_TCP_ACK, NULL },
  };
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autofree char *client = NULL, *server = NULL;
  SeqackTrace *trace;

  feed (capture, TEST_CLIENT_PORT, segs, G_N_ELEMENTS (segs), TEST_T0);
  trace = only_trace (capture);
  client = test_states (trace, SEQACK_CLIENT);
  server = test_states (trace, SEQACK_SERVER);

  g_assert_cmpstr (server, ==, "LISTEN SYN-RCVD ESTABLISHED CLOSE-WAIT");
  g_assert_cmpstr (client, ==, "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2");
  assert_rfc_edges (trace, 0);
}

/* A segment with SYN and FIN: the FIN occupies the number after the SYN
 * (RFC 9293 §3.4), and the segment carrying it is no evidence that it
 * arrived; the fuzzer's reproducer stays on RFC edges. */
static void
test_syn_fin (void)
{
  static const TestSeg segs[] = {
    { FALSE, 12168, 1001, SEQACK_TCP_SYN | SEQACK_TCP_ACK, NULL },
    { TRUE,  1006,  5004, SEQACK_TCP_SYN | SEQACK_TCP_ACK | SEQACK_TCP_FIN,
      NULL },
    { FALSE, 12169, 1008, SEQACK_TCP_ACK, NULL },
  };
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autofree char *client = NULL, *server = NULL, *before = NULL;
  SeqackTrace *trace;

  feed (capture, TEST_CLIENT_PORT, segs, 2, TEST_T0);
  trace = only_trace (capture);
  /* Nothing yet shows that the client's FIN reached the server. */
  before = test_states (trace, SEQACK_SERVER);
  g_assert_cmpstr (before, ==, "LISTEN SYN-RCVD");
  assert_rfc_edges (trace, 0);

  /* The server acknowledges SYN and FIN (1006 + 2): it passes through
   * ESTABLISHED to CLOSE-WAIT. */
  feed (capture, TEST_CLIENT_PORT, segs + 2, 1, TEST_T0 + 20000);
  client = test_states (trace, SEQACK_CLIENT);
  server = test_states (trace, SEQACK_SERVER);
  g_assert_cmpstr (server, ==, "LISTEN SYN-RCVD ESTABLISHED CLOSE-WAIT");
  g_assert_cmpstr (client, ==, "LISTEN SYN-RCVD FIN-WAIT-1 FIN-WAIT-2");
  assert_rfc_edges (trace, 0);
}

/* "The capture began after the handshake" holds only for a
 * conversation's first packets: after a RST both sides are CLOSED for
 * real, and a stray ACK there (answered by a RST, RFC 9293 §3.10.7.1)
 * opens nothing (fuzz finding established-again-after-rst). */
static void
test_ack_after_rst (void)
{
  static const TestSeg segs[] = {
    { FALSE, 5004, 1007, SEQACK_TCP_ACK, NULL },
    { FALSE, 5004, 1007, SEQACK_TCP_RST | SEQACK_TCP_ACK, NULL },
    { TRUE,  1007, 5005, SEQACK_TCP_ACK, NULL },
    { FALSE, 5004, 1007, SEQACK_TCP_ACK, NULL },
  };
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autofree char *client = NULL, *server = NULL;
  SeqackConversation *conv;
  SeqackTrace *trace;

  feed (capture, TEST_CLIENT_PORT, segs, G_N_ELEMENTS (segs), TEST_T0);
  trace = only_trace (capture);
  conv = seqack_capture_get_conversation (capture, 0);
  client = test_states (trace, SEQACK_CLIENT);
  server = test_states (trace, SEQACK_SERVER);

  /* The first packet's sender is the client here. */
  g_assert_cmpstr (client, ==, "ESTABLISHED CLOSED");
  g_assert_cmpstr (server, ==, "ESTABLISHED CLOSED");
  g_assert_cmpint (seqack_conversation_get_info (conv)->end, ==,
                   SEQACK_CONVERSATION_RST);
  g_assert_cmpint (seqack_trace_get_state (
                     trace, seqack_trace_get_n_events (trace) - 1,
                     SEQACK_CLIENT), ==, SEQACK_TCP_CLOSED);
  assert_rfc_edges (trace, 2);
}

/* A capture that begins with a RST: the connection is over, and later
 * ACKs on its 4-tuple do not make it ESTABLISHED. */
static void
test_ack_after_first_rst (void)
{
  static const TestSeg segs[] = {
    { TRUE,  1007, 5005, SEQACK_TCP_RST, NULL },
    { FALSE, 5004, 1007, SEQACK_TCP_ACK, NULL },
  };
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autofree char *client = NULL, *server = NULL;
  SeqackTrace *trace;

  feed (capture, TEST_CLIENT_PORT, segs, G_N_ELEMENTS (segs), TEST_T0);
  trace = only_trace (capture);
  client = test_states (trace, SEQACK_CLIENT);
  server = test_states (trace, SEQACK_SERVER);
  g_assert_cmpstr (client, ==, "");
  g_assert_cmpstr (server, ==, "");
}

/* A closed conversation's trace keeps no room for more events, and still
 * takes the segments that come after the close (the final ACK) with
 * every earlier event intact. */
static void
test_closed_trace_shrunk (void)
{
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autoptr(SeqackTrace) lab = seqack_trace_new ();
  g_autofree char *client = NULL, *server = NULL, *segments = NULL;
  SeqackConversation *conv;
  SeqackTrace *trace;
  gsize before;
  guint n;

  /* Shrinking gives back the room of the events not written yet (11 of
   * a block of 16 here), and appending afterwards keeps every event. */
  for (gint64 t = 0; t < 5; t++)
    seqack_trace_add_action (lab, t, SEQACK_CLIENT, SEQACK_ACTION_CLOSE, 0,
                             NULL);
  before = seqack_trace_get_memory_size (lab);
  seqack_trace_shrink (lab);
  g_assert_cmpuint (before - seqack_trace_get_memory_size (lab), >=,
                    11 * sizeof (SeqackEvent));
  for (gint64 t = 5; t < 40; t++)
    seqack_trace_add_action (lab, t, SEQACK_SERVER, SEQACK_ACTION_CLOSE, 0,
                             NULL);
  g_assert_cmpuint (seqack_trace_get_n_events (lab), ==, 40);
  for (guint i = 0; i < 40; i++)
    {
      g_assert_cmpint (seqack_trace_get_event (lab, i)->t, ==, i);
      g_assert_cmpint (seqack_trace_get_event (lab, i)->side, ==,
                       i < 5 ? SEQACK_CLIENT : SEQACK_SERVER);
    }
  g_assert_cmpuint (seqack_trace_count_until (lab, 20), ==, 21);

  /* All but the final ACK: both FINs are out, the conversation is
   * closed. */
  feed (capture, TEST_CLIENT_PORT, test_lesson,
        G_N_ELEMENTS (test_lesson) - 1, TEST_T0);
  conv = seqack_capture_get_conversation (capture, 0);
  g_assert_true (seqack_conversation_is_closed (conv));
  trace = seqack_conversation_get_trace (conv);
  n = seqack_trace_get_n_events (trace);

  /* The final ACK after the close, and the whole lesson reads back. */
  feed (capture, TEST_CLIENT_PORT, test_lesson + 10, 1, TEST_T0 + 100000);
  g_assert_cmpuint (seqack_trace_get_n_events (trace), >, n);
  /* The final ACK acknowledges the second FIN: the conversation is over
   * and its trace already gave its spare room back. */
  before = seqack_trace_get_memory_size (trace);
  seqack_trace_finish (trace);
  g_assert_cmpuint (seqack_trace_get_memory_size (trace), ==, before);
  client = test_states (trace, SEQACK_CLIENT);
  server = test_states (trace, SEQACK_SERVER);
  g_assert_cmpstr (client, ==, "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 "
                               "TIME-WAIT");
  g_assert_cmpstr (server, ==, "LISTEN SYN-RCVD ESTABLISHED CLOSE-WAIT "
                               "LAST-ACK CLOSED");
  segments = test_segments (trace);
  g_assert_true (g_str_has_suffix (segments, "FIN, ACK 4/7 0; ACK 7/5 0"));
  assert_rfc_edges (trace, 0);
}

/* A finished trace gives back the variables it keeps to compare the next
 * ones with (136 bytes a side, tens of thousands of conversations in a
 * large capture file), and still records and reads back every change
 * noted afterwards, the ones that replace a change at the same event too,
 * exactly as a trace never finished does. */
static void
test_finished_vars_noted_again (void)
{
  g_autoptr(SeqackTrace) shrunk = seqack_trace_new ();
  g_autoptr(SeqackTrace) kept = seqack_trace_new ();
  SeqackTcpVars vars[2] = { { 0 }, { 0 } };
  gsize small, large;

  for (guint i = 0; i < 300; i++)
    {
      SeqackSide side = (SeqackSide) (i % 2);
      SeqackTcpVars *v = &vars[side];

      seqack_trace_add_action (shrunk, i, side, SEQACK_ACTION_CLOSE, 0, NULL);
      seqack_trace_add_action (kept, i, side, SEQACK_ACTION_CLOSE, 0, NULL);
      v->snd_nxt += 1 + i % 7;
      v->rcv_wnd = 65535 - i * 13 % 4000;
      if (i % 5 != 4)
        {
          seqack_trace_note_vars (shrunk, side, v);
          seqack_trace_note_vars (kept, side, v);
        }
      if (i % 3 == 0)
        seqack_trace_finish (shrunk);
      if (i % 2 == 0)
        {
          /* A second change within the same event replaces the first. */
          v->snd_una = v->snd_nxt;
          v->cwnd += i;
          seqack_trace_note_vars (shrunk, side, v);
          seqack_trace_note_vars (kept, side, v);
        }
    }

  for (guint i = 0; i < 300; i++)
    for (guint s = 0; s < 2; s++)
      {
        SeqackTcpVars a, b;
        gboolean has_a = seqack_trace_get_vars (shrunk, i, s, &a);
        gboolean has_b = seqack_trace_get_vars (kept, i, s, &b);

        g_assert_cmpint (has_a, ==, has_b);
        g_assert_cmpmem (&a, sizeof a, &b, sizeof b);
      }

  seqack_trace_finish (shrunk);
  seqack_trace_finish (kept);
  small = seqack_trace_get_memory_size (shrunk);
  seqack_trace_note_vars (kept, SEQACK_CLIENT, &vars[SEQACK_CLIENT]);
  large = seqack_trace_get_memory_size (kept);
  /* Noting the same variables again records nothing, but it has to keep
   * the last ones to compare with. */
  g_assert_cmpuint (large, >=, small + 2 * 17 * sizeof (guint32));
}

/* A capture clock that steps back does not break the trace's order. */
static void
test_time_going_back (void)
{
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autoptr(GByteArray) a = test_ipv4 (TRUE, TEST_CLIENT_PORT, 1000, 0,
                                       SEQACK_TCP_SYN, NULL);
  g_autoptr(GByteArray) b = test_ipv4 (FALSE, TEST_CLIENT_PORT, 5000, 1001,
                                       SEQACK_TCP_SYN | SEQACK_TCP_ACK, NULL);
  SeqackTrace *trace;
  guint n;

  seqack_capture_add_ip (capture, TEST_T0, a->data, a->len);
  seqack_capture_add_ip (capture, TEST_T0 - 5000, b->data, b->len);
  trace = only_trace (capture);
  n = seqack_trace_get_n_events (trace);
  g_assert_cmpint (seqack_trace_get_event (trace, n - 1)->t, ==, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/capture/conversation/lesson-states", test_lesson_states);
  g_test_add_func ("/capture/conversation/state-order", test_state_order);
  g_test_add_func ("/capture/conversation/vars", test_vars);
  g_test_add_func ("/capture/conversation/simultaneous-close",
                   test_simultaneous_close);
  g_test_add_func ("/capture/conversation/three-way-close",
                   test_three_way_close);
  g_test_add_func ("/capture/conversation/refused", test_refused);
  g_test_add_func ("/capture/conversation/abort", test_abort);
  g_test_add_func ("/capture/conversation/retransmission-reordering",
                   test_retransmission_and_reordering);
  g_test_add_func ("/capture/conversation/port-reuse", test_port_reuse);
  g_test_add_func ("/capture/conversation/no-handshake", test_no_handshake);
  g_test_add_func ("/capture/conversation/synack-first", test_synack_first);
  g_test_add_func ("/capture/conversation/options-after-handshake",
                   test_options_after_handshake);
  g_test_add_func ("/capture/conversation/index-families",
                   test_index_families);
  g_test_add_func ("/capture/conversation/ipv6-and-skipped",
                   test_ipv6_and_skipped);
  g_test_add_func ("/capture/conversation/time-going-back",
                   test_time_going_back);
  g_test_add_func ("/capture/conversation/fin-in-syn-rcvd",
                   test_fin_in_syn_rcvd);
  g_test_add_func ("/capture/conversation/syn-fin", test_syn_fin);
  g_test_add_func ("/capture/conversation/ack-after-rst", test_ack_after_rst);
  g_test_add_func ("/capture/conversation/ack-after-first-rst",
                   test_ack_after_first_rst);
  g_test_add_func ("/capture/conversation/finished-vars-noted-again",
                   test_finished_vars_noted_again);
  g_test_add_func ("/capture/conversation/memory-counts-conversation",
                   test_memory_counts_conversation);
  g_test_add_func ("/capture/conversation/closed-trace-shrunk",
                   test_closed_trace_shrunk);

  return g_test_run ();
}
