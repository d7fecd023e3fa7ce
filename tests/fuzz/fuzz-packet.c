/* fuzz-packet.c: the IPv4/IPv6 + TCP decoder (seqack_packet_decode), and
 * the ones for captures (seqack_packet_decode_captured, and the lean one
 * a capture's ingest uses).
 *
 * Promises checked: a failure is a SEQACK_ERROR; a success describes a
 * packet that lies inside the input (header lengths, payload); an IPv4
 * packet built again from what was decoded decodes to the same segment
 * with both checksums right (the lab and the pcap export rely on it); the
 * lean decode fails where the unsummed one does, with its error, and the
 * fields it fills are the unsummed one's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "fuzz-common.h"
#include "seqack-error.h"
#include "seqack-packet.h"

static void
check_same_options (const SeqackTcpOptions *a,
                    const SeqackTcpOptions *b)
{
  FUZZ_CHECK (a->has_mss == b->has_mss);
  FUZZ_CHECK (!a->has_mss || a->mss == b->mss);
  FUZZ_CHECK (a->has_wscale == b->has_wscale);
  FUZZ_CHECK (!a->has_wscale || a->wscale == b->wscale);
  FUZZ_CHECK (a->sack_permitted == b->sack_permitted);
  FUZZ_CHECK (a->has_timestamps == b->has_timestamps);
  FUZZ_CHECK (!a->has_timestamps ||
              (a->ts_val == b->ts_val && a->ts_ecr == b->ts_ecr));
  /* The encoder keeps as many SACK blocks as fit in 40 bytes, in order. */
  FUZZ_CHECK (b->n_sack <= a->n_sack);
  for (guint i = 0; i < b->n_sack; i++)
    FUZZ_CHECK (a->sack[i].left == b->sack[i].left &&
                a->sack[i].right == b->sack[i].right);
}

static void
check_rebuilt (const SeqackPacket *packet)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  SeqackPacket again;
  gsize len;

  len = seqack_packet_build_ipv4 (packet->ip4.src, packet->ip4.dst,
                                  packet->ip4.identification,
                                  packet->ip4.ttl, &packet->tcp, out);
  FUZZ_CHECK (len == out->len && len > 0);

  FUZZ_CHECK (seqack_packet_decode (out->data, out->len, &again, &error));
  FUZZ_CHECK (again.family == 4);
  FUZZ_CHECK (again.checksum_ok && again.ip_checksum_ok);
  FUZZ_CHECK (again.ip4.src == packet->ip4.src);
  FUZZ_CHECK (again.ip4.dst == packet->ip4.dst);
  FUZZ_CHECK (again.tcp.src_port == packet->tcp.src_port);
  FUZZ_CHECK (again.tcp.dst_port == packet->tcp.dst_port);
  FUZZ_CHECK (again.tcp.seq == packet->tcp.seq);
  FUZZ_CHECK (again.tcp.ack == packet->tcp.ack);
  FUZZ_CHECK (again.tcp.flags == packet->tcp.flags);
  FUZZ_CHECK (again.tcp.window == packet->tcp.window);
  FUZZ_CHECK (again.tcp.urgent == packet->tcp.urgent);
  FUZZ_CHECK (again.tcp.payload_len == packet->tcp.payload_len);
  FUZZ_CHECK (packet->tcp.payload_len == 0 ||
              memcmp (again.tcp.payload, packet->tcp.payload,
                      packet->tcp.payload_len) == 0);
  FUZZ_CHECK (seqack_tcp_segment_seg_len (&again.tcp) ==
              seqack_tcp_segment_seg_len (&packet->tcp));
  check_same_options (&packet->tcp.options, &again.tcp.options);
}

/* The lean decode against the unsummed one it stands in for. */
static void
check_lean (const uint8_t *data,
            size_t         size,
            gboolean       cut)
{
  g_autoptr(GError) full_error = NULL;
  g_autoptr(GError) lean_error = NULL;
  SeqackPacket full, lean;
  gboolean full_ok;

  full_ok = seqack_packet_decode_captured_unsummed (data, size, cut, &full,
                                                    &full_error);
  FUZZ_CHECK (seqack_packet_decode_captured_lean (data, size, cut, &lean,
                                                  &lean_error) == full_ok);
  if (!full_ok)
    {
      FUZZ_CHECK (lean_error != NULL && lean_error->domain == SEQACK_ERROR);
      FUZZ_CHECK (lean_error->code == full_error->code);
      FUZZ_CHECK (strcmp (lean_error->message, full_error->message) == 0);
      return;
    }

  FUZZ_CHECK (lean.family == full.family);
  FUZZ_CHECK (lean.ip4.src == full.ip4.src && lean.ip4.dst == full.ip4.dst);
  FUZZ_CHECK (memcmp (lean.src6, full.src6, 16) == 0);
  FUZZ_CHECK (memcmp (lean.dst6, full.dst6, 16) == 0);
  FUZZ_CHECK (lean.ip_header_len == full.ip_header_len);
  FUZZ_CHECK (lean.length == full.length);
  FUZZ_CHECK (lean.captured_len == full.captured_len);
  FUZZ_CHECK (lean.payload_captured == full.payload_captured);
  FUZZ_CHECK (lean.truncated == full.truncated);
  FUZZ_CHECK (lean.options_cut == full.options_cut);
  FUZZ_CHECK (lean.length_from_capture == full.length_from_capture);
  FUZZ_CHECK (lean.checksum == full.checksum);
  FUZZ_CHECK (lean.checksum_ok == full.checksum_ok);
  FUZZ_CHECK (lean.checksum_unsummed == full.checksum_unsummed);
  FUZZ_CHECK (lean.tcp.src_port == full.tcp.src_port);
  FUZZ_CHECK (lean.tcp.dst_port == full.tcp.dst_port);
  FUZZ_CHECK (lean.tcp.seq == full.tcp.seq && lean.tcp.ack == full.tcp.ack);
  FUZZ_CHECK (lean.tcp.data_offset == full.tcp.data_offset);
  FUZZ_CHECK (lean.tcp.reserved == full.tcp.reserved);
  FUZZ_CHECK (lean.tcp.flags == full.tcp.flags);
  FUZZ_CHECK (lean.tcp.window == full.tcp.window);
  FUZZ_CHECK (lean.tcp.checksum == full.tcp.checksum);
  FUZZ_CHECK (lean.tcp.urgent == full.tcp.urgent);
  FUZZ_CHECK (lean.tcp.payload == full.tcp.payload);
  FUZZ_CHECK (lean.tcp.payload_len == full.tcp.payload_len);
  FUZZ_CHECK (lean.tcp.options.has_wscale == full.tcp.options.has_wscale);
  FUZZ_CHECK (lean.tcp.options.wscale == full.tcp.options.wscale);
}

/* The decoder for captures, cut or not: whatever the headers claim, what
 * it says was captured lies inside the input, and a packet it calls whole
 * decodes strictly the same. */
static void
check_captured (const uint8_t *data,
                size_t         size,
                gboolean       cut)
{
  g_autoptr(GError) error = NULL;
  SeqackPacket packet, strict;
  gsize header;
  guint sum = 0;

  if (!seqack_packet_decode_captured (data, size, cut, &packet, &error))
    {
      FUZZ_CHECK (error != NULL && error->domain == SEQACK_ERROR);
      return;
    }

  header = packet.ip_header_len + packet.tcp.data_offset * 4u;
  FUZZ_CHECK (packet.captured_len <= size);
  FUZZ_CHECK (packet.captured_len <= packet.length);
  FUZZ_CHECK (packet.truncated == (packet.captured_len < packet.length));
  FUZZ_CHECK (!packet.truncated || cut || packet.length_from_capture);
  FUZZ_CHECK (packet.options_cut == (packet.captured_len < header));
  FUZZ_CHECK (header + packet.tcp.payload_len == packet.length);
  FUZZ_CHECK (packet.payload_captured <= packet.tcp.payload_len);
  FUZZ_CHECK (packet.ip_header_len + SEQACK_TCP_HEADER_MIN
              <= packet.captured_len);
  FUZZ_CHECK (!packet.truncated ||
              packet.checksum == SEQACK_CHECKSUM_NOT_CAPTURED);
  if (packet.payload_captured > 0)
    {
      FUZZ_CHECK (packet.tcp.payload == data + header);
      FUZZ_CHECK (header + packet.payload_captured == packet.captured_len);
      for (gsize i = 0; i < packet.payload_captured; i++)
        sum += packet.tcp.payload[i];
    }
  (void) sum;

  if (!packet.truncated && !packet.length_from_capture)
    {
      FUZZ_CHECK (seqack_packet_decode (data, size, &strict, NULL));
      FUZZ_CHECK (strict.tcp.seq == packet.tcp.seq);
      FUZZ_CHECK (strict.tcp.payload_len == packet.tcp.payload_len);
      FUZZ_CHECK (strict.checksum_ok == packet.checksum_ok);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  SeqackPacket packet;
  const guint8 *end = data + size;
  char flags[48];
  guint sum = 0;

  check_captured (data, size, FALSE);
  check_captured (data, size, TRUE);
  check_lean (data, size, FALSE);
  check_lean (data, size, TRUE);

  if (!seqack_packet_decode (data, size, &packet, &error))
    {
      FUZZ_CHECK (error != NULL);
      FUZZ_CHECK (error->domain == SEQACK_ERROR);
      FUZZ_CHECK (error->message != NULL && error->message[0] != '\0');
      return 0;
    }
  FUZZ_CHECK (error == NULL);

  FUZZ_CHECK (packet.family == 4 || packet.family == 6);
  FUZZ_CHECK (packet.tcp.data_offset >= 5 && packet.tcp.data_offset <= 15);
  FUZZ_CHECK (packet.ip_header_len >= (packet.family == 4 ? 20u : 40u));
  FUZZ_CHECK (packet.ip_header_len + packet.tcp.data_offset * 4u +
              packet.tcp.payload_len <= size);
  if (packet.family == 4)
    {
      FUZZ_CHECK (packet.ip4.version == 4);
      FUZZ_CHECK (packet.ip4.ihl * 4u == packet.ip_header_len);
      FUZZ_CHECK (packet.ip4.protocol == 6);
      FUZZ_CHECK (packet.ip4.total_length <= size);
    }
  FUZZ_CHECK (packet.tcp.options.n_sack <= 4);

  /* The payload is borrowed from the input: read all of it, so the
   * sanitizer sees any byte that lies outside. */
  if (packet.tcp.payload_len > 0)
    {
      FUZZ_CHECK (packet.tcp.payload >= data &&
                  packet.tcp.payload + packet.tcp.payload_len <= end);
      for (gsize i = 0; i < packet.tcp.payload_len; i++)
        sum += packet.tcp.payload[i];
    }
  (void) sum;

  FUZZ_CHECK (seqack_tcp_flags_to_string (packet.tcp.flags, flags) == flags);
  FUZZ_CHECK (strlen (flags) < sizeof flags);

  if (packet.family == 4)
    check_rebuilt (&packet);

  return 0;
}
