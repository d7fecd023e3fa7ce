/* test-capture-cut.c: captures as real captures are: cut by a snapshot
 * length, holding segments from before segmentation offload, with
 * checksums the sending host never finished.
 *
 * Each generated capture is judged by tshark: SeqAck's segments and their
 * lengths must be the ones tshark's tcp.len gives, and the states must
 * follow the data as they do in the same capture uncut. tshark comes with
 * the tshark package (tools/setup-deps); without it those checks are
 * skipped with a message. */

#include "config.h"

#include <string.h>

#include "capture-test-util.h"
#include "seqack-capture.h"
#include "seqack-capture-link.h"
#include "seqack-error.h"
#include "seqack-trace-format.h"

#define ETH_LEN  14
#define VLAN_LEN 4

typedef struct
{
  guint8   family;      /* 4 or 6 */
  gboolean vlan;        /* an 802.1Q tag after the MAC addresses */
  gboolean loopback;    /* all-zero MACs, as Linux's lo */
} Link;

/* One segment of the test connection. */
typedef struct
{
  gboolean from_client;
  guint32  seq, ack;
  guint8   flags;
  guint    payload_len;
} Seg;

#define C_ISN 1000u
#define S_ISN 5000u

/* The connection: 1,500 bytes out, 2,000 back, then a close; the
 * SYNs carry 20 bytes of options (MSS, SACK permitted, timestamps, window
 * scale) and every other segment 12 (timestamps), as Linux sends them. */
static const Seg connection[] = {
  { TRUE,  C_ISN,            0,                SEQACK_TCP_SYN, 0 },
  { FALSE, S_ISN,            C_ISN + 1,        SEQACK_TCP_SYN | SEQACK_TCP_ACK, 0 },
  { TRUE,  C_ISN + 1,        S_ISN + 1,        SEQACK_TCP_ACK, 0 },
  { TRUE,  C_ISN + 1,        S_ISN + 1,        SEQACK_TCP_PSH | SEQACK_TCP_ACK, 1500 },
  { FALSE, S_ISN + 1,        C_ISN + 1501,     SEQACK_TCP_ACK, 0 },
  { FALSE, S_ISN + 1,        C_ISN + 1501,     SEQACK_TCP_PSH | SEQACK_TCP_ACK, 2000 },
  { TRUE,  C_ISN + 1501,     S_ISN + 2001,     SEQACK_TCP_ACK, 0 },
  { TRUE,  C_ISN + 1501,     S_ISN + 2001,     SEQACK_TCP_FIN | SEQACK_TCP_ACK, 0 },
  { FALSE, S_ISN + 2001,     C_ISN + 1502,     SEQACK_TCP_FIN | SEQACK_TCP_ACK, 0 },
  { TRUE,  C_ISN + 1502,     S_ISN + 2002,     SEQACK_TCP_ACK, 0 },
};

static const char client_states[] =
  "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT";
static const char server_states[] =
  "LISTEN SYN-RCVD ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED";

static gsize
link_len (const Link *link)
{
  return ETH_LEN + (link->vlan ? VLAN_LEN : 0);
}

static gsize
ip_len (const Link *link)
{
  return link->family == 4 ? 20 : 40;
}

static void
put_link (GByteArray *frame,
          const Link *link)
{
  static const guint8 macs[12] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1 };
  static const guint8 zero[12] = { 0 };
  guint8 type[2];
  guint16 ethertype = link->family == 4 ? 0x0800 : 0x86dd;

  g_byte_array_append (frame, link->loopback ? zero : macs, 12);
  if (link->vlan)
    {
      static const guint8 tag[4] = { 0x81, 0x00, 0x00, 0x2a }; /* VLAN 42 */

      g_byte_array_append (frame, tag, 4);
    }
  type[0] = ethertype >> 8;
  type[1] = ethertype & 0xff;
  g_byte_array_append (frame, type, 2);
}

typedef enum
{
  CHECKSUM_RIGHT,
  CHECKSUM_PARTIAL,   /* what Linux leaves for the card */
  CHECKSUM_DAMAGED,
} ChecksumKind;

/* The IP packet of @s (IPv4 or IPv6), checksum as @kind says; with
 * @tso_zero, IPv4 total length 0. */
static GByteArray *
build_ip (const Link   *link,
          const Seg    *s,
          ChecksumKind  kind,
          gboolean      tso_zero)
{
  GByteArray *ip = g_byte_array_new ();
  g_autofree guint8 *payload = g_malloc (MAX (s->payload_len, 1));
  SeqackTcpSegment seg = { 0 };
  guint8 a[16] = { 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
  guint8 b[16] = { 0xfd, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2 };
  gsize tcp_len, tcp_off;
  guint32 pseudo;
  guint16 sum;

  for (guint i = 0; i < s->payload_len; i++)
    payload[i] = (guint8) ('a' + i % 26);
  seg.src_port = s->from_client ? TEST_CLIENT_PORT : TEST_SERVER_PORT;
  seg.dst_port = s->from_client ? TEST_SERVER_PORT : TEST_CLIENT_PORT;
  seg.seq = s->seq;
  seg.ack = s->ack;
  seg.flags = s->flags;
  seg.window = 502;
  seg.options.has_timestamps = TRUE;
  seg.options.ts_val = 100 + s->seq;
  seg.options.ts_ecr = s->ack;
  if (s->flags & SEQACK_TCP_SYN)
    {
      seg.options.has_mss = TRUE;
      seg.options.mss = 1460;
      seg.options.sack_permitted = TRUE;
      seg.options.has_wscale = TRUE;
      seg.options.wscale = 7;
    }
  seg.payload = payload;
  seg.payload_len = s->payload_len;
  tcp_len = SEQACK_TCP_HEADER_MIN + seqack_tcp_options_encoded_len (&seg.options)
            + s->payload_len;

  if (link->family == 4)
    {
      guint32 src = s->from_client ? TEST_CLIENT_ADDR : TEST_SERVER_ADDR;
      guint32 dst = s->from_client ? TEST_SERVER_ADDR : TEST_CLIENT_ADDR;

      seqack_packet_build_ipv4 (src, dst, (guint16) s->seq, 64, &seg, ip);
      tcp_off = 20;
      pseudo = seqack_checksum_pseudo_ipv4 (src, dst, (guint16) tcp_len);
      if (tso_zero)
        {
          ip->data[2] = ip->data[3] = 0;
          ip->data[10] = ip->data[11] = 0;
          sum = seqack_checksum (ip->data, 20);
          ip->data[10] = sum >> 8;
          ip->data[11] = sum & 0xff;
        }
    }
  else
    {
      guint8 *p;

      g_byte_array_set_size (ip, (guint) (40 + tcp_len));
      p = ip->data;
      memset (p, 0, 40);
      p[0] = 0x60;
      p[4] = (guint8) (tcp_len >> 8);
      p[5] = tcp_len & 0xff;
      p[6] = SEQACK_IP_PROTO_TCP;
      p[7] = 64;
      memcpy (p + 8, s->from_client ? a : b, 16);
      memcpy (p + 24, s->from_client ? b : a, 16);
      seqack_tcp_header_encode (&seg, p + 40);
      tcp_off = 40;
      pseudo = seqack_checksum_pseudo_ipv6 (p + 8, p + 24, (guint32) tcp_len);
      sum = seqack_checksum_finish (seqack_checksum_add (pseudo, p + 40,
                                                         tcp_len));
      p[40 + 16] = sum >> 8;
      p[40 + 17] = sum & 0xff;
    }

  switch (kind)
    {
    case CHECKSUM_RIGHT:
      break;
    case CHECKSUM_PARTIAL:
      while (pseudo >> 16)
        pseudo = (pseudo & 0xffff) + (pseudo >> 16);
      ip->data[tcp_off + 16] = (guint8) (pseudo >> 8);
      ip->data[tcp_off + 17] = pseudo & 0xff;
      break;
    case CHECKSUM_DAMAGED:
      ip->data[tcp_off + 17] ^= 0x5a;
      break;
    }
  return ip;
}

static GByteArray *
build_frame (const Link   *link,
             const Seg    *s,
             ChecksumKind  kind,
             gboolean      tso_zero)
{
  GByteArray *frame = g_byte_array_new ();
  g_autoptr(GByteArray) ip = build_ip (link, s, kind, tso_zero);

  put_link (frame, link);
  g_byte_array_append (frame, ip->data, ip->len);
  return frame;
}

/* Writes @frames (GByteArray *) as an Ethernet pcap file whose snapshot
 * length is @snaplen: each record keeps at most that many bytes and its
 * length on the wire, as libpcap writes a capture made with -s. */
static void
write_cut_pcap (const char *path,
                GPtrArray  *frames,
                guint       snaplen)
{
  pcap_t *dead = pcap_open_dead (DLT_EN10MB, (int) snaplen);
  pcap_dumper_t *dumper = pcap_dump_open (dead, path);

  g_assert_nonnull (dumper);
  for (guint i = 0; i < frames->len; i++)
    {
      GByteArray *f = g_ptr_array_index (frames, i);
      struct pcap_pkthdr h = { 0 };
      gint64 t = TEST_T0 + i * 250;   /* 250 µs apart, like lo */

      h.ts.tv_sec = t / G_USEC_PER_SEC;
      h.ts.tv_usec = t % G_USEC_PER_SEC;
      h.len = f->len;
      h.caplen = MIN (f->len, snaplen);
      pcap_dump ((u_char *) dumper, &h, f->data);
    }
  pcap_dump_close (dumper);
  pcap_close (dead);
}

static GPtrArray *
connection_frames (const Link   *link,
                   ChecksumKind  kind)
{
  GPtrArray *frames = g_ptr_array_new_with_free_func (
    (GDestroyNotify) g_byte_array_unref);

  for (guint i = 0; i < G_N_ELEMENTS (connection); i++)
    g_ptr_array_add (frames, build_frame (link, &connection[i], kind, FALSE));
  return frames;
}

static const char *
tshark_path (void)
{
  const char *env = g_getenv ("TSHARK");

  return env != NULL && *env != '\0' ? env : NULL;
}

/* tshark's tcp.len of every TCP packet in @path, "0 0 0 1500 ...", or NULL
 * (and a skip message) without tshark. */
static char *
tshark_lengths (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { tshark_path (), "-n", "-r", path, "-Y", "tcp",
                         "-T", "fields", "-e", "tcp.len", NULL };
  GString *lengths;
  int status;

  if (argv[0] == NULL)
    return NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  lengths = g_string_new (NULL);
  lines = g_strsplit (g_strchomp (out), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (lengths->len > 0)
        g_string_append_c (lengths, ' ');
      g_string_append (lengths, lines[i]);
    }
  return g_string_free (lengths, FALSE);
}

/* SeqAck's payload lengths of the one conversation, "0 0 0 1500 ...". */
static char *
seqack_lengths (SeqackTrace *trace)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);

      if (e->kind != SEQACK_EVENT_SEGMENT)
        continue;
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append_printf (out, "%u", e->number);
    }
  return g_string_free (out, FALSE);
}

static SeqackTrace *
load_one (const char    *path,
          SeqackCapture **capture_out)
{
  g_autoptr(GError) error = NULL;
  SeqackCapture *capture;

  capture = seqack_capture_load_file (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (seqack_capture_get_warning (capture));
  g_assert_cmpuint (seqack_capture_get_stats (capture)->n_bad, ==, 0);
  g_assert_cmpuint (seqack_capture_get_n_conversations (capture), ==, 1);
  *capture_out = capture;
  return seqack_conversation_get_trace (
    seqack_capture_get_conversation (capture, 0));
}

/* The connection behind @link, cut @extra bytes after the IP header (0:
 * not cut): every segment kept with its real length, as tshark counts it;
 * the states those lengths imply; and what the inspector is told. */
static void
check_cut (const Link *link,
           guint       extra)
{
  g_autoptr(GPtrArray) frames = connection_frames (link, CHECKSUM_RIGHT);
  g_autofree char *path = test_tmp_path ("cut.pcap");
  g_autoptr(SeqackCapture) capture = NULL;
  g_autofree char *ours = NULL, *theirs = NULL, *segments = NULL;
  g_autofree char *client = NULL, *server = NULL;
  guint snaplen = extra == 0 ? 262144
                             : (guint) (link_len (link) + ip_len (link)
                                        + extra);
  SeqackTrace *trace;
  guint n_cut = 0;

  write_cut_pcap (path, frames, snaplen);
  trace = load_one (path, &capture);

  ours = seqack_lengths (trace);
  g_assert_cmpstr (ours, ==, "0 0 0 1500 0 2000 0 0 0 0");
  theirs = tshark_lengths (path);
  if (theirs != NULL)
    g_assert_cmpstr (ours, ==, theirs);
  else
    g_test_message ("tshark not found: lengths not compared with it");

  /* Seq arithmetic over the real lengths: Ack=1501 acknowledges data that
   * is there. */
  segments = test_segments (trace);
  g_assert_cmpstr (segments, ==,
                   "SYN 0/0 0; SYN, ACK 0/1 0; ACK 1/1 0; PSH, ACK 1/1 1500; "
                   "ACK 1/1501 0; PSH, ACK 1/1501 2000; ACK 1501/2001 0; "
                   "FIN, ACK 1501/2001 0; FIN, ACK 2001/1502 0; "
                   "ACK 1502/2002 0");
  client = test_states (trace, SEQACK_CLIENT);
  server = test_states (trace, SEQACK_SERVER);
  g_assert_cmpstr (client, ==, client_states);
  g_assert_cmpstr (server, ==, server_states);

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);
      g_autoptr(GError) error = NULL;
      SeqackPacket packet;
      gsize kept;
      gsize header;

      if (e->kind != SEQACK_EVENT_SEGMENT)
        continue;
      g_assert_true (seqack_trace_decode_segment (trace, i, &packet, &error));
      g_assert_no_error (error);
      seqack_trace_get_data (trace, i, &kept);
      header = packet.ip_header_len + packet.tcp.data_offset * 4u;
      g_assert_cmpuint (packet.tcp.payload_len, ==, e->number);
      g_assert_cmpuint (packet.captured_len, ==, kept);
      g_assert_cmpuint (packet.ip_header_len + packet.tcp.data_offset * 4u
                        + packet.tcp.payload_len, ==, packet.length);

      if ((e->marks & SEQACK_MARK_TRUNCATED) == 0)
        {
          g_assert_false (packet.truncated);
          g_assert_cmpint (packet.checksum, ==, SEQACK_CHECKSUM_GOOD);
          g_assert_cmpuint (packet.payload_captured, ==, e->number);
          continue;
        }
      n_cut++;
      g_assert_true (packet.truncated);
      g_assert_cmpuint (kept, ==, snaplen - link_len (link));
      g_assert_cmpint (packet.checksum, ==, SEQACK_CHECKSUM_NOT_CAPTURED);
      g_assert_cmpint (seqack_trace_get_checksum (trace, i), ==,
                       SEQACK_CHECKSUM_NOT_CAPTURED);
      g_assert_cmpuint (seqack_trace_get_snapshot_length (trace), ==,
                        snaplen);
      /* Cut inside the options: what was captured of them is decoded. */
      g_assert_cmpint (packet.options_cut, ==, kept < header);
      if (packet.options_cut)
        {
          g_assert_cmpuint (packet.payload_captured, ==, 0);
          g_assert_true (packet.tcp.options.has_mss ||
                         !(e->flags & SEQACK_TCP_SYN));
        }
      else
        {
          g_assert_cmpuint (packet.payload_captured, ==, kept - header);
          /* The bytes kept are the payload's first ones. */
          if (packet.payload_captured > 0)
            g_assert_cmpint (packet.tcp.payload[0], ==, 'a');
        }
      g_assert_true (packet.tcp.options.has_timestamps ||
                     packet.options_cut);
    }

  if (extra == 0)
    g_assert_cmpuint (n_cut, ==, 0);
  else if (extra >= 32)
    g_assert_cmpuint (n_cut, ==, extra >= 40 ? 2 : 4);   /* the data, SYNs */
  else
    g_assert_cmpuint (n_cut, ==, 10);
}

/* Cut inside the SYN's options (30 of its 40 TCP header bytes, 30 of the
 * others' 32), just after the others' headers (32), inside the payload
 * (62: a 96-byte snapshot of IPv4 on Ethernet). */
static const guint cuts[] = { 0, 30, 32, 40, 62 };

static void
check_all_cuts (const Link *link)
{
  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_test_message ("IPv%u%s, cut %u bytes after the IP header",
                      link->family, link->vlan ? " + VLAN" : "", cuts[i]);
      check_cut (link, cuts[i]);
    }
}

static void
test_cut_ipv4 (void)
{
  Link link = { 4, FALSE, FALSE };

  check_all_cuts (&link);
}

static void
test_cut_ipv4_vlan (void)
{
  Link link = { 4, TRUE, FALSE };

  check_all_cuts (&link);
}

static void
test_cut_ipv6 (void)
{
  Link link = { 6, FALSE, FALSE };

  check_all_cuts (&link);
}

static void
test_cut_ipv6_vlan (void)
{
  Link link = { 6, TRUE, FALSE };

  check_all_cuts (&link);
}

/* A whole frame whose IP header claims more than it holds is damage, not
 * a snapshot: only a record shorter than its frame may be cut. */
static void
test_cut_needs_short_record (void)
{
  Link link = { 4, FALSE, FALSE };
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autoptr(GByteArray) frame = build_frame (&link, &connection[3],
                                             CHECKSUM_RIGHT, FALSE);

  g_assert_cmpint (seqack_capture_add_record (capture, DLT_EN10MB, TEST_T0,
                                              frame->data, 96, 96), ==, -1);
  g_assert_cmpuint (seqack_capture_get_stats (capture)->n_bad, ==, 1);
  g_assert_cmpint (seqack_capture_add_record (capture, DLT_EN10MB, TEST_T0,
                                              frame->data, 96, frame->len),
                   ==, 0);
  g_assert_cmpuint (seqack_capture_get_stats (capture)->n_tcp, ==, 1);
  /* Fewer than the 20 bytes of the fixed TCP header: nothing to place. */
  g_assert_cmpint (seqack_capture_add_record (capture, DLT_EN10MB, TEST_T0,
                                              frame->data, 14 + 20 + 19,
                                              frame->len), ==, -1);
  g_assert_cmpuint (seqack_capture_get_stats (capture)->n_bad, ==, 2);
}

/* What the cut capture says in JSON, and exported again. */
static void
test_cut_json_and_export (void)
{
  Link link = { 4, FALSE, FALSE };
  g_autoptr(GPtrArray) frames = connection_frames (&link, CHECKSUM_RIGHT);
  g_autofree char *path = test_tmp_path ("cut.pcap");
  g_autofree char *export_path = test_tmp_path ("export.pcap");
  g_autoptr(SeqackCapture) capture = NULL;
  g_autoptr(SeqackCapture) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *lengths = NULL, *theirs = NULL;
  SeqackTrace *trace;
  guint n_truncated = 0;

  write_cut_pcap (path, frames, 96);
  trace = load_one (path, &capture);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      g_autoptr(GString) line = g_string_new (NULL);

      if (seqack_trace_get_event (trace, i)->kind != SEQACK_EVENT_SEGMENT)
        continue;
      seqack_trace_format_json (trace, i, NULL, line);
      if (strstr (line->str, "\"truncated\":true") != NULL)
        {
          n_truncated++;
          g_assert_nonnull (strstr (line->str,
                                    "\"checksum\":\"unverified\""));
          g_assert_true (strstr (line->str, "\"len\":1500") != NULL ||
                         strstr (line->str, "\"len\":2000") != NULL);
        }
      else
        g_assert_nonnull (strstr (line->str, "\"checksum\":\"good\""));
    }
  g_assert_cmpuint (n_truncated, ==, 2);

  /* The export keeps each cut packet's length on the wire. */
  g_assert_true (seqack_trace_write_pcap (trace, export_path, TEST_T0,
                                          &error));
  g_assert_no_error (error);
  trace = load_one (export_path, &again);
  lengths = seqack_lengths (trace);
  g_assert_cmpstr (lengths, ==, "0 0 0 1500 0 2000 0 0 0 0");
  theirs = tshark_lengths (export_path);
  if (theirs != NULL)
    g_assert_cmpstr (lengths, ==, theirs);
}

/* A segment captured on its sender before TSO split it: IPv4 total
 * length 0, the length is the captured one, as tshark takes it. */
static void
test_tso_length_zero (void)
{
  Link link = { 4, FALSE, FALSE };
  Seg big = { TRUE, C_ISN + 1, S_ISN + 1, SEQACK_TCP_PSH | SEQACK_TCP_ACK,
              3000 };
  g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func (
    (GDestroyNotify) g_byte_array_unref);
  g_autofree char *path = test_tmp_path ("tso.pcap");
  g_autoptr(SeqackCapture) capture = NULL;
  g_autofree char *ours = NULL, *theirs = NULL, *segments = NULL;
  g_autoptr(GError) error = NULL;
  SeqackTrace *trace;
  SeqackPacket packet;
  guint index = G_MAXUINT;

  for (guint i = 0; i < 3; i++)
    g_ptr_array_add (frames, build_frame (&link, &connection[i],
                                          CHECKSUM_RIGHT, FALSE));
  g_ptr_array_add (frames, build_frame (&link, &big, CHECKSUM_PARTIAL,
                                        TRUE));
  write_cut_pcap (path, frames, 262144);
  trace = load_one (path, &capture);

  ours = seqack_lengths (trace);
  g_assert_cmpstr (ours, ==, "0 0 0 3000");
  theirs = tshark_lengths (path);
  if (theirs != NULL)
    g_assert_cmpstr (ours, ==, theirs);
  segments = test_segments (trace);
  g_assert_true (g_str_has_suffix (segments, "PSH, ACK 1/1 3000"));

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT)
      index = i;
  g_assert_true (seqack_trace_decode_segment (trace, index, &packet,
                                              &error));
  g_assert_true (packet.length_from_capture);
  g_assert_false (packet.truncated);
  g_assert_cmpuint (packet.ip4.total_length, ==, 0);
  g_assert_cmpint (packet.checksum, ==, SEQACK_CHECKSUM_UNFINISHED);
  /* The lab's strict decoder still refuses it. */
  {
    gsize len;
    const guint8 *bytes = seqack_trace_get_data (trace, index, &len);

    g_assert_false (seqack_packet_decode (bytes, len, &packet, &error));
    g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED);
  }
}

/* The checksum of one data segment, made as @kind says, on @link_type
 * with @header before the IP packet. */
static SeqackChecksumState
checksum_of (int           link_type,
             const guint8 *header,
             gsize         header_len,
             ChecksumKind  kind)
{
  Link link = { 4, FALSE, FALSE };
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autoptr(GByteArray) ip = build_ip (&link, &connection[3], kind, FALSE);
  g_autoptr(GByteArray) frame = g_byte_array_new ();
  SeqackConversation *conv;
  SeqackTrace *trace;

  g_byte_array_append (frame, header, (guint) header_len);
  g_byte_array_append (frame, ip->data, ip->len);
  g_assert_cmpint (seqack_capture_add_frame (capture, link_type, TEST_T0,
                                             frame->data, frame->len), ==, 0);
  conv = seqack_capture_get_conversation (capture, 0);
  trace = seqack_conversation_get_trace (conv);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT)
      return seqack_trace_get_checksum (trace, i);
  g_assert_not_reached ();
}

/* A checksum the sender left to the card is "not verified", wherever
 * the link does not say the packet came from another host; a damaged
 * one is wrong everywhere, and so is a partial one that came in. */
static void
test_checksum_states (void)
{
  static const guint8 lo_eth[14] = { [12] = 0x08, [13] = 0x00 };
  static const guint8 eth[14] = { 2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1,
                                  0x08, 0x00 };
  /* Linux cooked v1: packet type, ARPHRD_ETHER, address, protocol. */
  guint8 sll_in[16] = { 0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 8, 0 };
  guint8 sll_out[16] = { 0, 4, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 8, 0 };
  guint8 sll2_in[20] = { 8, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0, 6 };

  g_assert_cmpint (checksum_of (DLT_EN10MB, eth, 14, CHECKSUM_RIGHT), ==,
                   SEQACK_CHECKSUM_GOOD);
  g_assert_cmpint (checksum_of (DLT_EN10MB, lo_eth, 14, CHECKSUM_PARTIAL),
                   ==, SEQACK_CHECKSUM_UNFINISHED);
  g_assert_cmpint (checksum_of (DLT_EN10MB, eth, 14, CHECKSUM_PARTIAL), ==,
                   SEQACK_CHECKSUM_UNFINISHED);
  g_assert_cmpint (checksum_of (DLT_LINUX_SLL, sll_out, 16,
                                CHECKSUM_PARTIAL), ==,
                   SEQACK_CHECKSUM_UNFINISHED);
  g_assert_cmpint (checksum_of (DLT_LINUX_SLL, sll_in, 16, CHECKSUM_PARTIAL),
                   ==, SEQACK_CHECKSUM_BAD);
  g_assert_cmpint (checksum_of (DLT_LINUX_SLL2, sll2_in, 20,
                                CHECKSUM_PARTIAL), ==, SEQACK_CHECKSUM_BAD);
  g_assert_cmpint (checksum_of (DLT_EN10MB, lo_eth, 14, CHECKSUM_DAMAGED),
                   ==, SEQACK_CHECKSUM_BAD);
  g_assert_cmpint (checksum_of (DLT_EN10MB, eth, 14, CHECKSUM_DAMAGED), ==,
                   SEQACK_CHECKSUM_BAD);
  g_assert_cmpstr (seqack_checksum_state_name (SEQACK_CHECKSUM_UNFINISHED),
                   ==, "unverified");
  g_assert_cmpstr (seqack_checksum_state_name (SEQACK_CHECKSUM_BAD), ==,
                   "bad");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/capture/cut/ipv4", test_cut_ipv4);
  g_test_add_func ("/capture/cut/ipv4-vlan", test_cut_ipv4_vlan);
  g_test_add_func ("/capture/cut/ipv6", test_cut_ipv6);
  g_test_add_func ("/capture/cut/ipv6-vlan", test_cut_ipv6_vlan);
  g_test_add_func ("/capture/cut/needs-short-record",
                   test_cut_needs_short_record);
  g_test_add_func ("/capture/cut/json-and-export", test_cut_json_and_export);
  g_test_add_func ("/capture/cut/tso-length-zero", test_tso_length_zero);
  g_test_add_func ("/capture/checksum/states", test_checksum_states);

  return g_test_run ();
}
