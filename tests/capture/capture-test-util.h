/* capture-test-util.h: packets and capture files built for the capture
 * tests.
 *
 * Packets are real IPv4 (made by the wire layer) or IPv6 with valid
 * checksums; files are written by libpcap (pcap_dump), except the pcapng
 * and the deliberately broken ones, which are written byte by byte.
 */
#pragma once

#include <string.h>

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <pcap/pcap.h>

#include "seqack-checksum.h"
#include "seqack-packet.h"
#include "seqack-trace.h"

#define TEST_CLIENT_ADDR 0xc0000201u /* 192.0.2.1 (TEST-NET-1) */
#define TEST_SERVER_ADDR 0xc0000202u /* 192.0.2.2 (TEST-NET-1) */
#define TEST_CLIENT_PORT 50000
#define TEST_SERVER_PORT 8080
#define TEST_T0          G_GINT64_CONSTANT (1700000000000000) /* µs */

typedef struct
{
  gboolean    from_client;
  guint32     seq, ack;
  guint8      flags;
  const char *payload;
} TestSeg;

/* An IPv4 packet from the client or the server. */
static inline GByteArray *
test_ipv4 (gboolean    from_client,
           guint16     client_port,
           guint32     seq,
           guint32     ack,
           guint8      flags,
           const char *payload)
{
  GByteArray *packet = g_byte_array_new ();
  SeqackTcpSegment seg = { 0 };

  seg.src_port = from_client ? client_port : TEST_SERVER_PORT;
  seg.dst_port = from_client ? TEST_SERVER_PORT : client_port;
  seg.seq = seq;
  seg.ack = ack;
  seg.flags = flags;
  seg.window = 65535;
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

/* ::1 port @client_port <-> ::2 port 8080, with @ext_len bytes of
 * destination options (a multiple of 8, or any value with @bad_ext_len to
 * state a length that does not fit). */
static inline GByteArray *
test_ipv6 (gboolean    from_client,
           guint32     seq,
           guint32     ack,
           guint8      flags,
           const char *payload,
           guint8      ext_units,
           gboolean    bad_ext_len)
{
  GByteArray *packet = g_byte_array_new ();
  SeqackTcpSegment seg = { 0 };
  guint8 a[16] = { 0 }, b[16] = { 0 };
  gsize tcp_len, ext_len = ext_units ? ((gsize) ext_units + 1) * 8 : 0;
  guint8 *p;
  guint16 sum;
  guint payload_len;

  a[15] = 1;
  b[15] = 2;
  seg.src_port = from_client ? TEST_CLIENT_PORT : TEST_SERVER_PORT;
  seg.dst_port = from_client ? TEST_SERVER_PORT : TEST_CLIENT_PORT;
  seg.seq = seq;
  seg.ack = ack;
  seg.flags = flags;
  seg.window = 65535;
  seg.payload = (const guint8 *) payload;
  seg.payload_len = payload != NULL ? strlen (payload) : 0;
  tcp_len = SEQACK_TCP_HEADER_MIN + seg.payload_len;

  g_byte_array_set_size (packet, 40 + ext_len + tcp_len);
  p = packet->data;
  memset (p, 0, packet->len);
  p[0] = 0x60;
  payload_len = (guint) (ext_len + tcp_len);
  p[4] = payload_len >> 8;
  p[5] = payload_len & 0xff;
  p[6] = ext_len ? 60 : SEQACK_IP_PROTO_TCP;   /* destination options */
  p[7] = 64;
  memcpy (p + 8, from_client ? a : b, 16);
  memcpy (p + 24, from_client ? b : a, 16);
  if (ext_len)
    {
      p[40] = SEQACK_IP_PROTO_TCP;
      /* The length field counts 8-byte units after the first. */
      p[41] = bad_ext_len ? 200 : ext_units;
      p[42] = 1;             /* PadN option filling the rest */
      p[43] = (guint8) (ext_len - 4);
    }
  seqack_tcp_header_encode (&seg, p + 40 + ext_len);
  sum = seqack_checksum_finish (
    seqack_checksum_add (seqack_checksum_pseudo_ipv6 (p + 8, p + 24,
                                                      (guint32) tcp_len),
                         p + 40 + ext_len, tcp_len));
  p[40 + ext_len + 16] = sum >> 8;
  p[40 + ext_len + 17] = sum & 0xff;

  return packet;
}

/* The lesson's connection, ISNs 1000 (client) and 5000 (server):
 * handshake, "hello", "bye", four-way teardown started by the client. */
static const TestSeg test_lesson[] = {
  { TRUE,  1000, 0,    SEQACK_TCP_SYN, NULL },
  { FALSE, 5000, 1001, SEQACK_TCP_SYN | SEQACK_TCP_ACK, NULL },
  { TRUE,  1001, 5001, SEQACK_TCP_ACK, NULL },
  { TRUE,  1001, 5001, SEQACK_TCP_ACK | SEQACK_TCP_PSH, "hello" },
  { FALSE, 5001, 1006, SEQACK_TCP_ACK, NULL },
  { FALSE, 5001, 1006, SEQACK_TCP_ACK | SEQACK_TCP_PSH, "bye" },
  { TRUE,  1006, 5004, SEQACK_TCP_ACK, NULL },
  { TRUE,  1006, 5004, SEQACK_TCP_FIN | SEQACK_TCP_ACK, NULL },
  { FALSE, 5004, 1007, SEQACK_TCP_ACK, NULL },
  { FALSE, 5004, 1007, SEQACK_TCP_FIN | SEQACK_TCP_ACK, NULL },
  { TRUE,  1007, 5005, SEQACK_TCP_ACK, NULL },
};

/* Frames for pcap files: the IP packet behind a link-layer header. */
typedef struct
{
  gint64      t_us;
  GByteArray *frame;
} TestFrame;

static inline void
test_frame_clear (gpointer data)
{
  TestFrame *f = data;

  g_byte_array_unref (f->frame);
}

static inline GArray *
test_frames_new (void)
{
  GArray *frames = g_array_new (FALSE, TRUE, sizeof (TestFrame));

  g_array_set_clear_func (frames, test_frame_clear);
  return frames;
}

/* Appends @ip wrapped in @header (@header_len bytes) as one frame. */
static inline void
test_frames_add (GArray       *frames,
                 gint64        t_us,
                 const guint8 *header,
                 gsize         header_len,
                 const guint8 *ip,
                 gsize         ip_len)
{
  TestFrame f;

  f.t_us = t_us;
  f.frame = g_byte_array_new ();
  g_byte_array_append (f.frame, header, (guint) header_len);
  g_byte_array_append (f.frame, ip, (guint) ip_len);
  g_array_append_val (frames, f);
}

/* Writes @frames with libpcap as a pcap file of @link_type. */
static inline void
test_write_pcap (const char *path,
                 int         link_type,
                 GArray     *frames)
{
  pcap_t *dead = pcap_open_dead (link_type, 262144);
  pcap_dumper_t *dumper = pcap_dump_open (dead, path);

  g_assert_nonnull (dumper);
  for (guint i = 0; i < frames->len; i++)
    {
      TestFrame *f = &g_array_index (frames, TestFrame, i);
      struct pcap_pkthdr h = { 0 };

      h.ts.tv_sec = f->t_us / G_USEC_PER_SEC;
      h.ts.tv_usec = f->t_us % G_USEC_PER_SEC;
      h.caplen = h.len = f->frame->len;
      pcap_dump ((u_char *) dumper, &h, f->frame->data);
    }
  pcap_dump_close (dumper);
  pcap_close (dead);
}

/* The lesson's eleven segments as frames of a link type, one every
 * 10 ms from TEST_T0; @header is put before each IP packet. */
static inline GArray *
test_lesson_frames (const guint8 *header,
                    gsize         header_len)
{
  GArray *frames = test_frames_new ();

  for (guint i = 0; i < G_N_ELEMENTS (test_lesson); i++)
    {
      const TestSeg *s = &test_lesson[i];
      g_autoptr(GByteArray) ip = test_ipv4 (s->from_client, TEST_CLIENT_PORT,
                                            s->seq, s->ack, s->flags,
                                            s->payload);

      test_frames_add (frames, TEST_T0 + i * 10000, header, header_len,
                       ip->data, ip->len);
    }
  return frames;
}

/* One flow of a capture with many: the lesson's exchange (test_lesson)
 * from @client (IPv4, host order) port @cport to @server port @sport,
 * with ISNs @c_isn and @s_isn, segment i at @start + i * @step µs. */
typedef struct
{
  guint32 client, server;
  guint16 cport, sport;
  guint32 c_isn, s_isn;
  gint64  start, step;
} TestFlow;

static inline gint
test_frame_compare (gconstpointer a,
                    gconstpointer b)
{
  const TestFrame *fa = a, *fb = b;

  return fa->t_us < fb->t_us ? -1 : fa->t_us > fb->t_us;
}

/* The flows' segments as raw IP frames, in time order (a stable sort:
 * frames at one instant keep the order of @flows). */
static inline GArray *
test_flow_frames (const TestFlow *flows,
                  guint           n_flows)
{
  GArray *frames = test_frames_new ();

  for (guint f = 0; f < n_flows; f++)
    for (guint i = 0; i < G_N_ELEMENTS (test_lesson); i++)
      {
        const TestFlow *fl = &flows[f];
        const TestSeg *s = &test_lesson[i];
        g_autoptr(GByteArray) ip = g_byte_array_new ();
        SeqackTcpSegment seg = { 0 };
        gboolean c = s->from_client;

        seg.src_port = c ? fl->cport : fl->sport;
        seg.dst_port = c ? fl->sport : fl->cport;
        seg.seq = c ? fl->c_isn + (s->seq - 1000) : fl->s_isn + (s->seq - 5000);
        seg.ack = s->ack == 0 ? 0
                  : c ? fl->s_isn + (s->ack - 5000)
                      : fl->c_isn + (s->ack - 1000);
        seg.flags = s->flags;
        seg.window = 65535;
        seg.payload = (const guint8 *) s->payload;
        seg.payload_len = s->payload != NULL ? strlen (s->payload) : 0;
        seqack_packet_build_ipv4 (c ? fl->client : fl->server,
                                  c ? fl->server : fl->client,
                                  (guint16) i, 64, &seg, ip);
        test_frames_add (frames, fl->start + i * fl->step, NULL, 0,
                         ip->data, ip->len);
      }
  /* g_array_sort is not stable: sort by (time, order added). */
  for (guint i = 1; i < frames->len; i++)
    for (guint j = i; j > 0 &&
         test_frame_compare (&g_array_index (frames, TestFrame, j - 1),
                             &g_array_index (frames, TestFrame, j)) > 0; j--)
      {
        TestFrame tmp = g_array_index (frames, TestFrame, j);

        g_array_index (frames, TestFrame, j) =
          g_array_index (frames, TestFrame, j - 1);
        g_array_index (frames, TestFrame, j - 1) = tmp;
      }
  return frames;
}

/* Four flows: between 192.0.2.1 and 192.0.2.2 two at once (from ports
 * 50000 and 50001, interleaved) and, later, one the other host opens
 * (192.0.2.2:40000 to 192.0.2.1:22); and one from 192.0.2.3 in between
 * that is another pair of hosts. Conversations in the order first seen:
 * 50000 (0), 192.0.2.3 (1), 50001 (2), the reversed one (3). */
static const TestFlow test_flows[] = {
  { TEST_CLIENT_ADDR, TEST_SERVER_ADDR, 50000, 8080, 1000, 5000,
    TEST_T0, 10000 },
  { 0xc0000203u, TEST_SERVER_ADDR, 50000, 8080, 300, 600,
    TEST_T0 + 5000, 10000 },
  { TEST_CLIENT_ADDR, TEST_SERVER_ADDR, 50001, 8080, 70000, 90000,
    TEST_T0 + 15000, 10000 },
  { TEST_SERVER_ADDR, TEST_CLIENT_ADDR, 40000, 22, 123456, 654321,
    TEST_T0 + 500000, 1000 },
};

/* Removes @path and, if it is a folder, everything in it. */
static inline void
test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) ||
      g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_remove (path);
      return;
    }

  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      test_remove_tree (child);
    }
  g_rmdir (path);
}

static inline void
test_remove_tree_cb (gpointer path)
{
  test_remove_tree (path);
  g_free (path);
}

/* A temporary file name in a fresh folder; g_free it. The folder and all
 * it holds are removed when the current test case ends (nothing is left
 * in /tmp, however many times the suite runs). */
static inline char *
test_tmp_path (const char *name)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("seqack-capture-XXXXXX", &error);

  g_assert_no_error (error);
  g_test_queue_destroy (test_remove_tree_cb, dir);
  return g_build_filename (dir, name, NULL);
}

/* Writes @len raw bytes to a new file. */
static inline char *
test_write_bytes (const char   *name,
                  const guint8 *data,
                  gsize         len)
{
  g_autoptr(GError) error = NULL;
  char *path = test_tmp_path (name);

  g_file_set_contents (path, (const char *) data, (gssize) len, &error);
  g_assert_no_error (error);
  return path;
}

/* A raw-IP capture file @name of @n_conversations times the lesson's
 * exchange (test_lesson), client ports from @first_port, 20 ms apart. */
static inline char *
test_write_lessons (const char *name,
                    guint       n_conversations,
                    guint16     first_port)
{
  g_autoptr(GArray) frames = test_frames_new ();
  char *path = test_tmp_path (name);

  for (guint c = 0; c < n_conversations; c++)
    for (guint i = 0; i < G_N_ELEMENTS (test_lesson); i++)
      {
        const TestSeg *s = &test_lesson[i];
        g_autoptr(GByteArray) ip =
          test_ipv4 (s->from_client, (guint16) (first_port + c), s->seq,
                     s->ack, s->flags, s->payload);

        test_frames_add (frames, TEST_T0 + (c * 20 + i) * 1000, NULL, 0,
                         ip->data, ip->len);
      }
  test_write_pcap (path, DLT_RAW, frames);
  return path;
}

/* What a load's progress callback saw; test_on_progress() checks that it
 * only goes forward and within the total, and cancels @cancel_at_first
 * when given. */
typedef struct
{
  guint         calls;
  guint64       last_done, total;
  GCancellable *cancel_at_first;
} TestProgress;

static inline void
test_on_progress (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  TestProgress *p = user_data;

  g_assert_cmpuint (done, >=, p->last_done);
  g_assert_cmpuint (done, <=, total);
  p->calls++;
  p->last_done = done;
  p->total = total;
  if (p->cancel_at_first != NULL)
    g_cancellable_cancel (p->cancel_at_first);
}

/* The states @side went through in @trace, as "SYN-SENT ESTABLISHED...". */
static inline char *
test_states (SeqackTrace *trace,
             SeqackSide   side)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);

      if (e->kind != SEQACK_EVENT_STATE || e->side != side)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, seqack_tcp_state_name (e->to));
    }
  return g_string_free (out, FALSE);
}

/* The segments of @trace as "SYN 0/0 0, SYN,ACK 0/1 0, ..." (flags,
 * relative seq/ack, payload length; a trailing R for a retransmission
 * mark, O for out of order). */
static inline char *
test_segments (SeqackTrace *trace)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);
      char flags[48];

      if (e->kind != SEQACK_EVENT_SEGMENT)
        continue;
      if (out->len > 0)
        g_string_append (out, "; ");
      g_string_append_printf (out, "%s %u/%u %u%s%s",
                              seqack_tcp_flags_to_string (e->flags, flags),
                              seqack_trace_relative_seq (trace, i),
                              seqack_trace_relative_ack (trace, i),
                              e->number,
                              (e->marks & SEQACK_MARK_RETRANSMISSION) ? " R"
                                                                      : "",
                              (e->marks & SEQACK_MARK_OUT_OF_ORDER) ? " O"
                                                                    : "");
    }
  return g_string_free (out, FALSE);
}
