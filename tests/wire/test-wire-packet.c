/* test-wire-packet.c: whole IPv4 and IPv6 packets carrying TCP.
 *
 * The byte arrays below were written from real captures' layout and each
 * was checked with tshark (-o tcp.check_checksum:TRUE): checksums Good, no
 * malformed fields.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "seqack-checksum.h"
#include "seqack-error.h"
#include "seqack-packet.h"

/* A Linux SYN, 192.0.2.1:45678 -> 192.0.2.2:80: MSS 1460, SACK_PERM,
 * TS val 2587631399 ecr 0, NOP, WS 7 (shift 7, "WS=128" in Wireshark). */
static const guint8 linux_syn[] = {
  0x45, 0x00, 0x00, 0x3c, 0x3e, 0x5d, 0x40, 0x00,
  0x40, 0x06, 0x78, 0x5b, 0xc0, 0x00, 0x02, 0x01,
  0xc0, 0x00, 0x02, 0x02, 0xb2, 0x6e, 0x00, 0x50,
  0x6b, 0x8b, 0x45, 0x67, 0x00, 0x00, 0x00, 0x00,
  0xa0, 0x02, 0xfa, 0xf0, 0xab, 0xf6, 0x00, 0x00,
  0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a,
  0x9a, 0x3c, 0x1f, 0x27, 0x00, 0x00, 0x00, 0x00,
  0x01, 0x03, 0x03, 0x07,
};

/* 2001:db8::2:443 -> 2001:db8::1:51000 SYN-ACK behind a hop-by-hop
 * options header holding one PadN option; flow label 0x12345. */
static const guint8 ipv6_hbh_syn_ack[] = {
  0x60, 0x01, 0x23, 0x45, 0x00, 0x20, 0x00, 0x40,
  0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
  0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
  0x06, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
  0x01, 0xbb, 0xc7, 0x38, 0x01, 0x02, 0x03, 0x04,
  0x0a, 0x0b, 0x0c, 0x0d, 0x60, 0x12, 0xff, 0xff,
  0x59, 0xa4, 0x00, 0x00, 0x02, 0x04, 0x05, 0xa0,
};

/* Destination options, then an atomic fragment header (offset 0, M 0,
 * id 42), then TCP with the 5-byte payload "hello". */
static const guint8 ipv6_dst_frag_data[] = {
  0x60, 0x00, 0x00, 0x00, 0x00, 0x29, 0x3c, 0xff,
  0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
  0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
  0x2c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
  0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2a,
  0xc7, 0x38, 0x01, 0xbb, 0x0a, 0x0b, 0x0c, 0x0d,
  0x01, 0x02, 0x03, 0x05, 0x50, 0x18, 0x01, 0xf6,
  0x2b, 0x78, 0x00, 0x00, 0x68, 0x65, 0x6c, 0x6c,
  0x6f,
};

/* A type 2 routing header (RFC 6275) with one segment left: the TCP
 * checksum covers the final destination 2001:db8::99, not the fixed
 * header's 2001:db8::2 (RFC 8200 §8.1). */
static const guint8 ipv6_routing_ack[] = {
  0x60, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x2b, 0x40,
  0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
  0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
  0x06, 0x02, 0x02, 0x01, 0x00, 0x00, 0x00, 0x00,
  0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x99,
  0xc7, 0x38, 0x01, 0xbb, 0x0a, 0x0b, 0x0c, 0x0d,
  0x01, 0x02, 0x03, 0x05, 0x50, 0x10, 0x01, 0xf6,
  0x6e, 0xc0, 0x00, 0x00,
};

static void
test_packet_linux_syn (void)
{
  g_autoptr(GError) error = NULL;
  SeqackPacket pkt;
  char buf[48];

  g_assert_true (seqack_packet_decode (linux_syn, sizeof linux_syn, &pkt,
                                       &error));
  g_assert_no_error (error);

  g_assert_cmpuint (pkt.family, ==, 4);
  g_assert_cmpuint (pkt.ip_header_len, ==, 20);
  g_assert_cmpuint (pkt.ip4.version, ==, 4);
  g_assert_cmpuint (pkt.ip4.ihl, ==, 5);
  g_assert_cmpuint (pkt.ip4.total_length, ==, 60);
  g_assert_cmphex (pkt.ip4.identification, ==, 0x3e5d);
  g_assert_cmphex (pkt.ip4.flags, ==, SEQACK_IPV4_FLAG_DF);
  g_assert_cmpuint (pkt.ip4.ttl, ==, 64);
  g_assert_cmpuint (pkt.ip4.protocol, ==, SEQACK_IP_PROTO_TCP);
  g_assert_cmphex (pkt.ip4.src, ==, 0xc0000201);
  g_assert_cmphex (pkt.ip4.dst, ==, 0xc0000202);
  g_assert_true (pkt.ip_checksum_ok);
  g_assert_true (pkt.checksum_ok);

  g_assert_cmpuint (pkt.tcp.src_port, ==, 45678);
  g_assert_cmpuint (pkt.tcp.dst_port, ==, 80);
  g_assert_cmphex (pkt.tcp.seq, ==, 0x6b8b4567);
  g_assert_cmphex (pkt.tcp.ack, ==, 0);
  g_assert_cmpuint (pkt.tcp.data_offset, ==, 10);
  g_assert_cmpstr (seqack_tcp_flags_to_string (pkt.tcp.flags, buf), ==,
                   "SYN");
  g_assert_cmpuint (pkt.tcp.window, ==, 64240);
  g_assert_cmphex (pkt.tcp.checksum, ==, 0xabf6);
  g_assert_true (pkt.tcp.options.has_mss);
  g_assert_cmpuint (pkt.tcp.options.mss, ==, 1460);
  g_assert_true (pkt.tcp.options.sack_permitted);
  g_assert_true (pkt.tcp.options.has_timestamps);
  g_assert_cmpuint (pkt.tcp.options.ts_val, ==, 2587631399u);
  g_assert_cmpuint (pkt.tcp.options.ts_ecr, ==, 0);
  g_assert_true (pkt.tcp.options.has_wscale);
  g_assert_cmpuint (pkt.tcp.options.wscale, ==, 7);
  g_assert_cmpuint (pkt.tcp.payload_len, ==, 0);
}

/* The Internet checksum catches every single-bit error (RFC 1071 §2):
 * each flipped bit gives a decode error or a failed checksum. */
static void
test_packet_bit_flip (void)
{
  guint8 buf[sizeof linux_syn];
  g_autoptr(GError) error = NULL;
  SeqackPacket pkt;

  /* The one the lesson shows: a bit of the sequence number. */
  memcpy (buf, linux_syn, sizeof buf);
  buf[27] ^= 0x01;
  g_assert_true (seqack_packet_decode (buf, sizeof buf, &pkt, &error));
  g_assert_no_error (error);
  g_assert_false (pkt.checksum_ok);
  g_assert_true (pkt.ip_checksum_ok);
  g_assert_cmphex (pkt.tcp.seq, ==, 0x6b8b4566);

  /* A bit of the TTL breaks only the IP header checksum. */
  memcpy (buf, linux_syn, sizeof buf);
  buf[8] ^= 0x10;
  g_assert_true (seqack_packet_decode (buf, sizeof buf, &pkt, &error));
  g_assert_false (pkt.ip_checksum_ok);
  g_assert_true (pkt.checksum_ok);

  for (gsize bit = 0; bit < sizeof buf * 8; bit++)
    {
      memcpy (buf, linux_syn, sizeof buf);
      buf[bit / 8] ^= (guint8) (1u << (bit % 8));
      if (seqack_packet_decode (buf, sizeof buf, &pkt, &error))
        g_assert_false (pkt.checksum_ok && pkt.ip_checksum_ok);
      else
        g_clear_error (&error);
    }
}

/* A capture decodes without summing and asks for the verdict later: the
 * unsummed decode gives every other field alike and says nothing of the
 * checksum; the verdict on a full decode tells damage from a sum not
 * finished yet. */
static void
test_packet_unsummed_and_verdict (void)
{
  guint8 buf[sizeof linux_syn];
  SeqackPacket full, unsummed;

  memcpy (buf, linux_syn, sizeof buf);
  buf[27] ^= 0x01;                       /* damaged: Seq's low bit */
  g_assert_true (seqack_packet_decode_captured (buf, sizeof buf, FALSE,
                                                &full, NULL));
  g_assert_true (seqack_packet_decode_captured_unsummed (buf, sizeof buf,
                                                         FALSE, &unsummed,
                                                         NULL));
  g_assert_false (full.checksum_unsummed);
  g_assert_true (unsummed.checksum_unsummed);
  g_assert_cmphex (unsummed.tcp.seq, ==, full.tcp.seq);
  g_assert_cmpuint (unsummed.tcp.payload_len, ==, full.tcp.payload_len);
  g_assert_cmpint (unsummed.checksum_partial, ==, full.checksum_partial);
  g_assert_cmpint (unsummed.ip_checksum_ok, ==, full.ip_checksum_ok);

  g_assert_cmpint (full.checksum, ==, SEQACK_CHECKSUM_BAD);
  g_assert_false (full.checksum_partial);
  g_assert_cmpint (seqack_packet_checksum_verdict (&full, FALSE), ==,
                   SEQACK_CHECKSUM_BAD);
  /* A partial sum is unfinished on the sender, damage after a wire. */
  full.checksum_partial = TRUE;
  g_assert_cmpint (seqack_packet_checksum_verdict (&full, FALSE), ==,
                   SEQACK_CHECKSUM_UNFINISHED);
  g_assert_cmpint (seqack_packet_checksum_verdict (&full, TRUE), ==,
                   SEQACK_CHECKSUM_BAD);

  g_assert_true (seqack_packet_decode_captured (linux_syn, sizeof linux_syn,
                                                FALSE, &full, NULL));
  g_assert_cmpint (seqack_packet_checksum_verdict (&full, TRUE), ==,
                   SEQACK_CHECKSUM_GOOD);
}

/* Decodes @data both ways and checks that the lean decode says what the
 * unsummed one says: the same verdict, the same error, the same fields
 * (those it fills). Returns whether they decoded. */
static gboolean
assert_lean_matches (const guint8 *data,
                     gsize         len,
                     gboolean      cut,
                     gint          expected_code)
{
  g_autoptr(GError) full_error = NULL;
  g_autoptr(GError) lean_error = NULL;
  SeqackPacket full, lean;
  gboolean full_ok, lean_ok;

  full_ok = seqack_packet_decode_captured_unsummed (data, len, cut, &full,
                                                    &full_error);
  lean_ok = seqack_packet_decode_captured_lean (data, len, cut, &lean,
                                                &lean_error);
  g_assert_cmpint (lean_ok, ==, full_ok);
  if (!full_ok)
    {
      g_assert_error (full_error, SEQACK_ERROR, expected_code);
      g_assert_error (lean_error, SEQACK_ERROR, expected_code);
      g_assert_cmpstr (lean_error->message, ==, full_error->message);
      return FALSE;
    }
  g_assert_cmpint (expected_code, ==, -1);

  g_assert_cmpuint (lean.family, ==, full.family);
  g_assert_cmphex (lean.ip4.src, ==, full.ip4.src);
  g_assert_cmphex (lean.ip4.dst, ==, full.ip4.dst);
  g_assert_cmpmem (lean.src6, 16, full.src6, 16);
  g_assert_cmpmem (lean.dst6, 16, full.dst6, 16);
  g_assert_cmpuint (lean.ip_header_len, ==, full.ip_header_len);
  g_assert_cmpuint (lean.length, ==, full.length);
  g_assert_cmpuint (lean.captured_len, ==, full.captured_len);
  g_assert_cmpuint (lean.payload_captured, ==, full.payload_captured);
  g_assert_cmpint (lean.truncated, ==, full.truncated);
  g_assert_cmpint (lean.options_cut, ==, full.options_cut);
  g_assert_cmpint (lean.length_from_capture, ==, full.length_from_capture);
  g_assert_cmpint (lean.checksum, ==, full.checksum);
  g_assert_cmpint (lean.checksum_ok, ==, full.checksum_ok);
  g_assert_cmpint (lean.checksum_unsummed, ==, full.checksum_unsummed);
  g_assert_cmpuint (lean.tcp.src_port, ==, full.tcp.src_port);
  g_assert_cmpuint (lean.tcp.dst_port, ==, full.tcp.dst_port);
  g_assert_cmphex (lean.tcp.seq, ==, full.tcp.seq);
  g_assert_cmphex (lean.tcp.ack, ==, full.tcp.ack);
  g_assert_cmpuint (lean.tcp.data_offset, ==, full.tcp.data_offset);
  g_assert_cmpuint (lean.tcp.reserved, ==, full.tcp.reserved);
  g_assert_cmphex (lean.tcp.flags, ==, full.tcp.flags);
  g_assert_cmpuint (lean.tcp.window, ==, full.tcp.window);
  g_assert_cmphex (lean.tcp.checksum, ==, full.tcp.checksum);
  g_assert_cmpuint (lean.tcp.urgent, ==, full.tcp.urgent);
  g_assert_true (lean.tcp.payload == full.tcp.payload);
  g_assert_cmpuint (lean.tcp.payload_len, ==, full.tcp.payload_len);
  g_assert_cmpint (lean.tcp.options.has_wscale, ==,
                   full.tcp.options.has_wscale);
  g_assert_cmpuint (lean.tcp.options.wscale, ==, full.tcp.options.wscale);
  return TRUE;
}

/* The capture's lean decode skips what its ingest does not read, but not
 * the checks: every option length that lies is damage there as in a full
 * decode, whole or cut short, and the window scale it keeps is the one a
 * full decode finds. */
static void
test_packet_lean_options (void)
{
  /* Offsets in linux_syn: MSS at 40, SACK-perm 44, TS 46, NOP 56, WS 57. */
  static const struct
  {
    guint   at;
    guint8  value;
    gint    code;
  } damage[] = {
    { 41, 3, SEQACK_ERROR_MALFORMED },     /* MSS of 3 bytes */
    { 45, 3, SEQACK_ERROR_MALFORMED },     /* SACK-perm of 3 */
    { 47, 0x20, SEQACK_ERROR_TRUNCATED },  /* TS running past the header */
    { 47, 1, SEQACK_ERROR_MALFORMED },     /* TS length below 2 */
    { 46, 0x1e, -1 },                      /* kind 30 with TS's length:
                                            * skipped (RFC 9293 §3.2) */
    { 58, 2, SEQACK_ERROR_MALFORMED },     /* WS of 2 bytes */
    { 58, 4, SEQACK_ERROR_TRUNCATED },     /* WS past the header */
    { 59, 0, -1 },                         /* WS 0: still an option */
  };
  guint8 buf[sizeof linux_syn];
  SeqackPacket lean;

  g_assert_true (assert_lean_matches (linux_syn, sizeof linux_syn, FALSE,
                                      -1));
  g_assert_true (seqack_packet_decode_captured_lean (linux_syn,
                                                     sizeof linux_syn, FALSE,
                                                     &lean, NULL));
  g_assert_true (lean.tcp.options.has_wscale);
  g_assert_cmpuint (lean.tcp.options.wscale, ==, 7);
  g_assert_true (lean.checksum_unsummed);

  for (guint i = 0; i < G_N_ELEMENTS (damage); i++)
    {
      memcpy (buf, linux_syn, sizeof buf);
      buf[damage[i].at] = damage[i].value;
      assert_lean_matches (buf, sizeof buf, FALSE, damage[i].code);
      /* Marked cut, but with the whole header captured: the same. */
      assert_lean_matches (buf, sizeof buf, TRUE, damage[i].code);
    }

  /* An unknown kind whose length byte is 1 is damage. */
  memcpy (buf, linux_syn, sizeof buf);
  buf[46] = 0x1e;
  buf[47] = 1;
  assert_lean_matches (buf, sizeof buf, FALSE, SEQACK_ERROR_MALFORMED);

  /* A kind without its length byte at the end of the header. */
  memcpy (buf, linux_syn, sizeof buf);
  buf[56] = buf[57] = buf[58] = SEQACK_TCP_OPT_NOP;
  buf[59] = SEQACK_TCP_OPT_MSS;
  assert_lean_matches (buf, sizeof buf, FALSE, SEQACK_ERROR_TRUNCATED);
  /* Cut by the capture just there, what was captured is kept. */
  assert_lean_matches (buf, 59, TRUE, -1);

  /* A capture cut inside the options keeps those before the cut: in the
   * middle of the timestamps, and with the window scale's length byte
   * missing. Neither has a window scale, and neither is damage. */
  for (gsize cut_at = 41; cut_at < sizeof linux_syn; cut_at++)
    {
      g_assert_true (assert_lean_matches (linux_syn, cut_at, TRUE, -1));
      g_assert_true (seqack_packet_decode_captured_lean (linux_syn, cut_at,
                                                         TRUE, &lean, NULL));
      g_assert_true (lean.options_cut);
      g_assert_false (lean.tcp.options.has_wscale);
      /* Not cut, the same bytes are a lie. */
      assert_lean_matches (linux_syn, cut_at, FALSE,
                           SEQACK_ERROR_TRUNCATED);
    }

  /* A damaged option inside what a cut capture kept is still damage. */
  memcpy (buf, linux_syn, sizeof buf);
  buf[41] = 3;
  assert_lean_matches (buf, 50, TRUE, SEQACK_ERROR_MALFORMED);
}

static void
assert_all_truncations_fail (const guint8 *data,
                             gsize         len)
{
  for (gsize n = 0; n < len; n++)
    {
      /* Exactly sized heap copies so ASan catches any over-read. */
      g_autofree guint8 *buf = g_memdup2 (data, n);
      g_autoptr(GError) error = NULL;
      SeqackPacket pkt;

      g_assert_false (seqack_packet_decode (buf, n, &pkt, &error));
      g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED);
    }
}

static void
test_packet_truncations (void)
{
  assert_all_truncations_fail (linux_syn, sizeof linux_syn);
  assert_all_truncations_fail (ipv6_hbh_syn_ack, sizeof ipv6_hbh_syn_ack);
  assert_all_truncations_fail (ipv6_dst_frag_data,
                               sizeof ipv6_dst_frag_data);
  assert_all_truncations_fail (ipv6_routing_ack, sizeof ipv6_routing_ack);
}

/* IPv4 total_length, not the buffer, bounds the TCP segment: Ethernet
 * pads a 40-byte ACK to 46 bytes of payload. */
static void
test_packet_ethernet_padding (void)
{
  SeqackTcpSegment ack = {
    .src_port = 45678, .dst_port = 80, .seq = 1001, .ack = 5001,
    .flags = SEQACK_TCP_ACK, .window = 502,
  };
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  static const guint8 padding[6] = { 0 };
  SeqackPacket pkt;

  g_assert_cmpuint (seqack_packet_build_ipv4 (0xc0000201, 0xc0000202, 7, 64,
                                              &ack, bytes), ==, 40);
  g_byte_array_append (bytes, padding, sizeof padding);

  g_assert_true (seqack_packet_decode (bytes->data, bytes->len, &pkt,
                                       &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pkt.ip4.total_length, ==, 40);
  g_assert_cmpuint (pkt.tcp.payload_len, ==, 0);
  g_assert_true (pkt.checksum_ok);
  g_assert_true (pkt.ip_checksum_ok);

  /* Non-zero padding is not payload either. */
  memset (bytes->data + 40, 0xee, 6);
  g_assert_true (seqack_packet_decode (bytes->data, bytes->len, &pkt,
                                       &error));
  g_assert_cmpuint (pkt.tcp.payload_len, ==, 0);
  g_assert_true (pkt.checksum_ok);
}

static void
test_packet_total_length_too_long (void)
{
  guint8 buf[sizeof linux_syn];
  g_autoptr(GError) error = NULL;
  SeqackPacket pkt;

  memcpy (buf, linux_syn, sizeof buf);
  buf[3] = 0x3d;   /* claims 61 bytes, 60 given */
  g_assert_false (seqack_packet_decode (buf, sizeof buf, &pkt, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED);
}

/* A SeqackIpv4Header for a small packet of another protocol or fragment. */
static gsize
build_ipv4_raw (guint8  *buf,
                guint8   protocol,
                guint8   flags,
                guint16  fragment_offset)
{
  SeqackIpv4Header ip = {
    .total_length = 48, .identification = 99, .flags = flags,
    .fragment_offset = fragment_offset, .ttl = 64, .protocol = protocol,
    .src = 0xc0000201, .dst = 0xc0000202,
  };

  memset (buf, 0, 48);
  seqack_ipv4_encode (&ip, buf);
  return 48;
}

static void
test_packet_unsupported (void)
{
  guint8 buf[sizeof ipv6_hbh_syn_ack];
  g_autoptr(GError) error = NULL;
  SeqackPacket pkt;
  gsize n;

  /* UDP (17) and ICMP (1) over IPv4. */
  n = build_ipv4_raw (buf, 17, 0, 0);
  g_assert_false (seqack_packet_decode (buf, n, &pkt, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  n = build_ipv4_raw (buf, 1, 0, 0);
  g_assert_false (seqack_packet_decode (buf, n, &pkt, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* UDP after the hop-by-hop header in IPv6. */
  memcpy (buf, ipv6_hbh_syn_ack, sizeof buf);
  buf[40] = 17;
  g_assert_false (seqack_packet_decode (buf, sizeof buf, &pkt, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* IPv6 "no next header" (59). */
  buf[40] = 59;
  g_assert_false (seqack_packet_decode (buf, sizeof buf, &pkt, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* Neither IPv4 nor IPv6. */
  memcpy (buf, ipv6_hbh_syn_ack, sizeof buf);
  buf[0] = 0x50;
  g_assert_false (seqack_packet_decode (buf, sizeof buf, &pkt, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_UNSUPPORTED);
}

/* Only a first fragment holds the TCP header; later ones are refused. */
static void
test_packet_fragments (void)
{
  guint8 buf[sizeof ipv6_dst_frag_data];
  g_autoptr(GError) error = NULL;
  SeqackPacket pkt;
  gsize n;

  /* IPv4: offset 185 (1480 bytes in), TCP. */
  n = build_ipv4_raw (buf, SEQACK_IP_PROTO_TCP, 0, 185);
  g_assert_false (seqack_packet_decode (buf, n, &pkt, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "1480"));
  g_clear_error (&error);

  /* IPv4 first fragment (MF set, offset 0) decodes its TCP header. */
  n = build_ipv4_raw (buf, SEQACK_IP_PROTO_TCP, SEQACK_IPV4_FLAG_MF, 0);
  buf[32] = 5 << 4;
  g_assert_true (seqack_packet_decode (buf, n, &pkt, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pkt.tcp.payload_len, ==, 8);

  /* IPv6: the same packet with fragment offset 1 (8 bytes). */
  memcpy (buf, ipv6_dst_frag_data, sizeof buf);
  buf[50] = 0x00;
  buf[51] = 0x08;
  g_assert_false (seqack_packet_decode (buf, sizeof buf, &pkt, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_UNSUPPORTED);
  g_clear_error (&error);

  /* IPv6 first fragment with more to come (M = 1) is accepted. */
  buf[51] = 0x01;
  g_assert_true (seqack_packet_decode (buf, sizeof buf, &pkt, &error));
  g_assert_no_error (error);
}

static void
test_packet_ipv6_hop_by_hop (void)
{
  static const guint8 src[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x01 };
  static const guint8 dst[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x02 };
  g_autoptr(GError) error = NULL;
  SeqackPacket pkt;
  char buf[48];

  g_assert_true (seqack_packet_decode (ipv6_hbh_syn_ack,
                                       sizeof ipv6_hbh_syn_ack, &pkt,
                                       &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pkt.family, ==, 6);
  g_assert_cmpmem (pkt.src6, 16, src, 16);
  g_assert_cmpmem (pkt.dst6, 16, dst, 16);
  g_assert_cmpuint (pkt.hop_limit, ==, 64);
  g_assert_cmphex (pkt.flow_label, ==, 0x12345);
  g_assert_cmpuint (pkt.ip_header_len, ==, 48);
  g_assert_true (pkt.ip_checksum_ok);
  g_assert_true (pkt.checksum_ok);
  g_assert_cmpuint (pkt.tcp.src_port, ==, 443);
  g_assert_cmpuint (pkt.tcp.dst_port, ==, 51000);
  g_assert_cmphex (pkt.tcp.seq, ==, 0x01020304);
  g_assert_cmphex (pkt.tcp.ack, ==, 0x0a0b0c0d);
  g_assert_cmpstr (seqack_tcp_flags_to_string (pkt.tcp.flags, buf), ==,
                   "SYN, ACK");
  g_assert_cmpuint (pkt.tcp.window, ==, 65535);
  g_assert_true (pkt.tcp.options.has_mss);
  g_assert_cmpuint (pkt.tcp.options.mss, ==, 1440);
}

static void
test_packet_ipv6_extension_chain (void)
{
  g_autoptr(GError) error = NULL;
  SeqackPacket pkt;
  guint8 buf[sizeof ipv6_routing_ack + 8];

  g_assert_true (seqack_packet_decode (ipv6_dst_frag_data,
                                       sizeof ipv6_dst_frag_data, &pkt,
                                       &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pkt.ip_header_len, ==, 56);
  g_assert_cmpuint (pkt.hop_limit, ==, 255);
  g_assert_true (pkt.checksum_ok);
  g_assert_cmpmem (pkt.tcp.payload, pkt.tcp.payload_len, "hello", 5);

  /* With a routing header the checksum uses the final destination. */
  g_assert_true (seqack_packet_decode (ipv6_routing_ack,
                                       sizeof ipv6_routing_ack, &pkt,
                                       &error));
  g_assert_no_error (error);
  g_assert_cmpuint (pkt.ip_header_len, ==, 64);
  g_assert_true (pkt.checksum_ok);
  g_assert_cmpuint (pkt.dst6[15], ==, 0x02);

  /* Link-layer padding after the IPv6 payload length is ignored. */
  memcpy (buf, ipv6_routing_ack, sizeof ipv6_routing_ack);
  memset (buf + sizeof ipv6_routing_ack, 0xab, 8);
  g_assert_true (seqack_packet_decode (buf, sizeof buf, &pkt, &error));
  g_assert_cmpuint (pkt.tcp.payload_len, ==, 0);
  g_assert_true (pkt.checksum_ok);

  /* RFC 8200 §4.3: hop-by-hop anywhere but first is malformed. */
  memcpy (buf, ipv6_dst_frag_data, sizeof ipv6_dst_frag_data);
  buf[40] = 0;
  g_assert_false (seqack_packet_decode (buf, sizeof ipv6_dst_frag_data, &pkt,
                                        &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED);
  g_clear_error (&error);

  /* An extension header longer than the payload. */
  memcpy (buf, ipv6_hbh_syn_ack, sizeof ipv6_hbh_syn_ack);
  buf[41] = 4;
  g_assert_false (seqack_packet_decode (buf, sizeof ipv6_hbh_syn_ack, &pkt,
                                        &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED);
  g_clear_error (&error);

  /* Payload length beyond the buffer. */
  memcpy (buf, ipv6_hbh_syn_ack, sizeof ipv6_hbh_syn_ack);
  buf[5] = 0x21;
  g_assert_false (seqack_packet_decode (buf, sizeof ipv6_hbh_syn_ack, &pkt,
                                        &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED);
}

/* A built packet is complete and valid: DF, TTL, both checksums, and every
 * TCP field comes back; bytes already in the array are kept. */
static void
test_packet_build_ipv4 (void)
{
  static const guint8 payload[] = "hello, server";
  SeqackTcpSegment seg = {
    .src_port = 40000, .dst_port = 7, .seq = 0xfffffff0, .ack = 12345,
    .flags = SEQACK_TCP_PSH | SEQACK_TCP_ACK, .window = 1024,
    .options = { .has_timestamps = TRUE, .ts_val = 100, .ts_ecr = 99 },
    .payload = payload, .payload_len = sizeof payload - 1,
  };
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  SeqackPacket pkt;
  gsize n;

  g_byte_array_append (bytes, (const guint8 *) "HEAD", 4);
  n = seqack_packet_build_ipv4 (0xc0000202, 0xc0000201, 0x1234, 128, &seg,
                                bytes);
  g_assert_cmpuint (n, ==, 20 + 32 + seg.payload_len);
  g_assert_cmpuint (bytes->len, ==, 4 + n);
  g_assert_cmpmem (bytes->data, 4, "HEAD", 4);

  g_assert_true (seqack_packet_decode (bytes->data + 4, n, &pkt, &error));
  g_assert_no_error (error);
  g_assert_true (pkt.checksum_ok);
  g_assert_true (pkt.ip_checksum_ok);
  g_assert_cmpuint (pkt.ip4.ihl, ==, 5);
  g_assert_cmpuint (pkt.ip4.total_length, ==, n);
  g_assert_cmphex (pkt.ip4.flags, ==, SEQACK_IPV4_FLAG_DF);
  g_assert_cmpuint (pkt.ip4.fragment_offset, ==, 0);
  g_assert_cmpuint (pkt.ip4.ttl, ==, 128);
  g_assert_cmphex (pkt.ip4.identification, ==, 0x1234);
  g_assert_cmphex (pkt.ip4.src, ==, 0xc0000202);
  g_assert_cmphex (pkt.ip4.dst, ==, 0xc0000201);
  g_assert_cmpuint (pkt.tcp.src_port, ==, 40000);
  g_assert_cmpuint (pkt.tcp.dst_port, ==, 7);
  g_assert_cmphex (pkt.tcp.seq, ==, 0xfffffff0);
  g_assert_cmphex (pkt.tcp.ack, ==, 12345);
  g_assert_cmphex (pkt.tcp.flags, ==, SEQACK_TCP_PSH | SEQACK_TCP_ACK);
  g_assert_cmpuint (pkt.tcp.window, ==, 1024);
  g_assert_true (pkt.tcp.options.has_timestamps);
  g_assert_cmpuint (pkt.tcp.options.ts_val, ==, 100);
  g_assert_cmpuint (pkt.tcp.options.ts_ecr, ==, 99);
  g_assert_cmpmem (pkt.tcp.payload, pkt.tcp.payload_len,
                   payload, seg.payload_len);

  /* The TCP checksum the builder wrote verifies on its own. */
  g_assert_cmphex (seqack_checksum_finish (
                     seqack_checksum_add (
                       seqack_checksum_pseudo_ipv4 (0xc0000202, 0xc0000201,
                                                    (guint16) (n - 20)),
                       bytes->data + 4 + 20, n - 20)),
                   ==, 0);
}

/* Building the Linux SYN's fields gives the Linux SYN's bytes. */
static void
test_packet_build_matches_linux (void)
{
  SeqackTcpSegment seg = {
    .src_port = 45678, .dst_port = 80, .seq = 0x6b8b4567,
    .flags = SEQACK_TCP_SYN, .window = 64240,
    .options = {
      .has_mss = TRUE, .mss = 1460, .sack_permitted = TRUE,
      .has_timestamps = TRUE, .ts_val = 0x9a3c1f27,
      .has_wscale = TRUE, .wscale = 7,
    },
  };
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  g_assert_cmpuint (seqack_packet_build_ipv4 (0xc0000201, 0xc0000202,
                                              0x3e5d, 64, &seg, bytes),
                    ==, sizeof linux_syn);
  g_assert_cmpmem (bytes->data, bytes->len, linux_syn, sizeof linux_syn);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wire/packet/linux-syn", test_packet_linux_syn);
  g_test_add_func ("/wire/packet/bit-flip", test_packet_bit_flip);
  g_test_add_func ("/wire/packet/unsummed-and-verdict",
                   test_packet_unsummed_and_verdict);
  g_test_add_func ("/wire/packet/lean-options", test_packet_lean_options);
  g_test_add_func ("/wire/packet/truncations", test_packet_truncations);
  g_test_add_func ("/wire/packet/ethernet-padding",
                   test_packet_ethernet_padding);
  g_test_add_func ("/wire/packet/total-length-too-long",
                   test_packet_total_length_too_long);
  g_test_add_func ("/wire/packet/unsupported", test_packet_unsupported);
  g_test_add_func ("/wire/packet/fragments", test_packet_fragments);
  g_test_add_func ("/wire/packet/ipv6-hop-by-hop",
                   test_packet_ipv6_hop_by_hop);
  g_test_add_func ("/wire/packet/ipv6-extension-chain",
                   test_packet_ipv6_extension_chain);
  g_test_add_func ("/wire/packet/build-ipv4", test_packet_build_ipv4);
  g_test_add_func ("/wire/packet/build-matches-linux",
                   test_packet_build_matches_linux);

  return g_test_run ();
}
