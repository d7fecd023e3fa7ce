/* seqack-packet.c: a whole IP packet carrying TCP, decoded or built.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "seqack-bytes.h"
#include "seqack-checksum.h"
#include "seqack-error.h"
#include "seqack-packet.h"

#define IPV6_HEADER_LEN 40

/* IPv6 next-header values (IANA "Assigned Internet Protocol Numbers"). */
#define IPV6_NH_HOP_BY_HOP  0
#define IPV6_NH_ROUTING     43
#define IPV6_NH_FRAGMENT    44
#define IPV6_NH_AH          51
#define IPV6_NH_NONE        59
#define IPV6_NH_DEST_OPTS   60

/* How the caller wants a packet decoded. */
typedef struct
{
  gboolean captured;  /* from a capture: IPv4 total length 0 is TSO */
  gboolean cut;       /* the capture kept less than the frame had */
  gboolean unsummed;  /* leave the TCP checksum unverified for now */
} Mode;

const char *
seqack_checksum_state_name (SeqackChecksumState state)
{
  switch (state)
    {
    case SEQACK_CHECKSUM_GOOD:
      return "good";
    case SEQACK_CHECKSUM_BAD:
      return "bad";
    case SEQACK_CHECKSUM_NOT_CAPTURED:
    case SEQACK_CHECKSUM_UNFINISHED:
    default:
      return "unverified";
    }
}

/* One's-complement sum folded to 16 bits, not complemented. */
static guint16
fold (guint32 sum)
{
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);
  return (guint16) sum;
}

/* @tcp_len bytes of segment at @tcp, @captured of them present. */
static gboolean
decode_tcp (const guint8 *tcp,
            gsize         tcp_len,
            gsize         captured,
            guint32       pseudo_sum,
            gboolean      unsummed,
            SeqackPacket *pkt,
            GError      **error)
{
  gboolean options_cut = FALSE;
  gsize header_len;

  if (captured == tcp_len)
    {
      if (!seqack_tcp_header_decode (tcp, tcp_len, &pkt->tcp, error))
        return FALSE;
    }
  else if (!seqack_tcp_header_decode_captured (tcp, tcp_len, captured,
                                               &pkt->tcp, &options_cut,
                                               error))
    return FALSE;

  header_len = (gsize) pkt->tcp.data_offset * 4;
  pkt->options_cut = options_cut;
  pkt->payload_captured = captured > header_len ? captured - header_len : 0;
  pkt->truncated = captured < tcp_len;

  /* Linux hands a segment to the card with only the pseudo-header's sum in
   * the checksum field (CHECKSUM_PARTIAL: __tcp_v4_send_check() and
   * tcp_v6_send_check() store ~tcp_v4_check (len, saddr, daddr, 0), the
   * folded sum itself); the card adds the header and data. A copy taken
   * before that shows this value. It depends on the addresses and length
   * alone, so it can be recognised even when the payload is missing. */
  pkt->checksum_partial = pkt->tcp.checksum == fold (pseudo_sum);

  if (pkt->truncated)
    {
      /* The sum covers bytes that are not there: it cannot be checked. */
      pkt->checksum = SEQACK_CHECKSUM_NOT_CAPTURED;
      pkt->checksum_ok = FALSE;
      return TRUE;
    }

  if (unsummed)
    {
      pkt->checksum_unsummed = TRUE;
      pkt->checksum_ok = FALSE;
      pkt->checksum = SEQACK_CHECKSUM_NOT_CAPTURED;
      return TRUE;
    }

  /* RFC 9293 §3.1: the checksum covers pseudo-header, header and data;
   * summed with the checksum field in place, a good segment gives 0. */
  pkt->checksum_ok =
    seqack_checksum_finish (seqack_checksum_add_folded (pseudo_sum, tcp,
                                                        tcp_len)) == 0;
  pkt->checksum = pkt->checksum_ok ? SEQACK_CHECKSUM_GOOD
                                   : SEQACK_CHECKSUM_BAD;

  return TRUE;
}

/* The IPv4 pseudo-header with a 32-bit TCP length: a segment captured
 * before segmentation offload may be longer than 64 KiB (BIG TCP), and
 * Linux sums its whole length. */
static guint32
pseudo_ipv4 (guint32 src,
             guint32 dst,
             gsize   tcp_len)
{
  guint32 sum = seqack_checksum_pseudo_ipv4 (src, dst, 0);

  sum += (guint32) ((tcp_len >> 16) & 0xffff);
  sum += (guint32) (tcp_len & 0xffff);
  return sum;
}

static gboolean
decode_ipv4 (const guint8 *data,
             gsize         len,
             Mode          mode,
             SeqackPacket *pkt,
             GError      **error)
{
  SeqackIpv4Header *ip = &pkt->ip4;
  gsize header_len, total;

  if (!mode.captured)
    header_len = seqack_ipv4_decode (data, len, FALSE, ip, error);
  else
    header_len = seqack_ipv4_decode_header (data, len, ip, error);
  if (header_len == 0)
    return FALSE;

  pkt->family = 4;
  pkt->ip_header_len = header_len;
  pkt->ip_checksum_ok = seqack_checksum (data, header_len) == 0;

  /* A later fragment holds no TCP header; reassembly is not our job. */
  if (ip->fragment_offset != 0)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_UNSUPPORTED,
                   _("IPv4 fragment at offset %u is not the first fragment"),
                   ip->fragment_offset * 8u);
      return FALSE;
    }

  if (ip->protocol != SEQACK_IP_PROTO_TCP)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_UNSUPPORTED,
                   _("IPv4 protocol is %u, not TCP (6)"), ip->protocol);
      return FALSE;
    }

  /* The TCP length comes from total_length, never from @len: an Ethernet
   * frame pads short packets up to 60 bytes (seqack_ipv4_decode already
   * checked total_length against @len and the header length). */
  total = ip->total_length;
  if (mode.captured)
    {
      if (total == 0)
        {
          /* A segment captured on its sender before the card (TSO) or the
           * stack (GSO) split it: Linux leaves total length 0 when it does
           * not fit 16 bits (BIG TCP) and some drivers always do. The
           * capture is all there is to go by (Wireshark does the same). */
          pkt->length_from_capture = TRUE;
          total = len;
        }
      else if (total < header_len)
        {
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                       _("IPv4 total length is %u bytes, shorter than its "
                         "%zu-byte header"),
                       (guint) total, header_len);
          return FALSE;
        }
      else if (total > len && !mode.cut)
        {
          /* The whole frame was captured: the header lies. */
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED,
                       _("IPv4 total length is %u bytes, only %zu "
                         "available"),
                       (guint) total, len);
          return FALSE;
        }
    }

  pkt->length = total;
  pkt->captured_len = MIN (total, len);

  return decode_tcp (data + header_len, total - header_len,
                     pkt->captured_len - header_len,
                     pseudo_ipv4 (ip->src, ip->dst, total - header_len),
                     mode.unsummed, pkt, error);
}

static gboolean
decode_ipv6 (const guint8 *data,
             gsize         len,
             Mode          mode,
             SeqackPacket *pkt,
             GError      **error)
{
  const guint8 *final_dst;
  guint16 payload_len;
  gsize end, cap_end, off;
  guint8 next;

  if (len < IPV6_HEADER_LEN)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED,
                   _("IPv6 header needs %u bytes, only %zu available"),
                   (guint) IPV6_HEADER_LEN, len);
      return FALSE;
    }

  pkt->family = 6;
  pkt->flow_label = seqack_read_be32 (data) & 0xfffff;
  payload_len = seqack_read_be16 (data + 4);
  next = data[6];
  pkt->hop_limit = data[7];
  memcpy (pkt->src6, data + 8, 16);
  memcpy (pkt->dst6, data + 24, 16);
  pkt->ip_checksum_ok = TRUE;   /* IPv6 has no header checksum */
  final_dst = data + 24;

  /* RFC 2675: payload length 0 means a jumbogram sized by a hop-by-hop
   * option; such packets never fit a capture of normal links. */
  if (payload_len == 0)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_UNSUPPORTED,
                   _("IPv6 payload length is 0 (a jumbogram)"));
      return FALSE;
    }

  if (payload_len > len - IPV6_HEADER_LEN && !mode.cut)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED,
                   _("IPv6 payload length is %u bytes, only %zu available"),
                   payload_len, len - IPV6_HEADER_LEN);
      return FALSE;
    }

  /* Bytes past the payload length are link-layer padding; a capture cut
   * short holds only up to @len. */
  end = IPV6_HEADER_LEN + payload_len;
  cap_end = MIN (end, len);
  off = IPV6_HEADER_LEN;

  /* RFC 8200 §4: walk the extension header chain. Every header advances
   * @off by at least 8 bytes, so the loop ends. Each is read only when
   * the capture holds all of it. */
  while (next != SEQACK_IP_PROTO_TCP)
    {
      gsize ext_len;

      switch (next)
        {
        case IPV6_NH_HOP_BY_HOP:
        case IPV6_NH_ROUTING:
        case IPV6_NH_DEST_OPTS:
        case IPV6_NH_FRAGMENT:
        case IPV6_NH_AH:
          break;

        case IPV6_NH_NONE:
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_UNSUPPORTED,
                       _("IPv6 packet carries no next header, not TCP"));
          return FALSE;

        default:
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_UNSUPPORTED,
                       _("IPv6 next header is %u, not TCP (6)"), next);
          return FALSE;
        }

      /* RFC 8200 §4.3: hop-by-hop options only right after the header. */
      if (next == IPV6_NH_HOP_BY_HOP && off != IPV6_HEADER_LEN)
        {
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                       _("IPv6 hop-by-hop options header at offset %zu is "
                         "not the first extension header"),
                       off);
          return FALSE;
        }

      /* Every extension header starts with next header and a length. */
      if (cap_end - off < 8)
        {
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED,
                       _("IPv6 extension header %u at offset %zu needs 8 "
                         "bytes, only %zu remain in the payload"),
                       next, off, cap_end - off);
          return FALSE;
        }

      if (next == IPV6_NH_FRAGMENT)
        {
          /* RFC 8200 §4.5: fixed 8 bytes; offset in 8-byte units. */
          guint16 frag_offset = seqack_read_be16 (data + off + 2) >> 3;

          if (frag_offset != 0)
            {
              g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_UNSUPPORTED,
                           _("IPv6 fragment at offset %u is not the first "
                             "fragment"),
                           frag_offset * 8u);
              return FALSE;
            }
          ext_len = 8;
        }
      else if (next == IPV6_NH_AH)
        {
          /* RFC 4302 §2.2: length in 4-byte units, minus 2. */
          ext_len = ((gsize) data[off + 1] + 2) * 4;
        }
      else
        {
          /* RFC 8200 §4.3-4.6: length in 8-byte units, not counting the
           * first 8. */
          ext_len = ((gsize) data[off + 1] + 1) * 8;
        }

      if (ext_len > cap_end - off)
        {
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED,
                       _("IPv6 extension header %u at offset %zu has "
                         "length %zu, only %zu remain in the payload"),
                       next, off, ext_len, cap_end - off);
          return FALSE;
        }

      /* RFC 8200 §8.1: with a routing header, the pseudo-header holds the
       * final destination, not the next hop in the fixed header. */
      if (next == IPV6_NH_ROUTING && data[off + 3] > 0)
        {
          guint8 routing_type = data[off + 2];
          gsize n_addr = data[off + 1] / 2;

          if ((routing_type == 0 || routing_type == 2) && n_addr > 0)
            final_dst = data + off + 8 + (n_addr - 1) * 16;
          else if (routing_type == 4 && n_addr > 0)
            final_dst = data + off + 8;   /* RFC 8754 §2: Segment List[0] */
        }

      next = data[off];
      off += ext_len;
    }

  pkt->ip_header_len = off;
  pkt->length = end;
  pkt->captured_len = cap_end;

  return decode_tcp (data + off, end - off, cap_end - off,
                     seqack_checksum_pseudo_ipv6 (data + 8, final_dst,
                                                  (guint32) (end - off)),
                     mode.unsummed, pkt, error);
}

static gboolean
decode (const guint8 *data,
        gsize         len,
        Mode          mode,
        SeqackPacket *out,
        GError      **error)
{
  SeqackPacket pkt;
  gboolean ok;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (len == 0)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED,
                   _("IP packet is empty"));
      return FALSE;
    }

  memset (&pkt, 0, sizeof pkt);

  switch (data[0] >> 4)
    {
    case 4:
      ok = decode_ipv4 (data, len, mode, &pkt, error);
      break;

    case 6:
      ok = decode_ipv6 (data, len, mode, &pkt, error);
      break;

    default:
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_UNSUPPORTED,
                   _("IP version is %u, expected 4 or 6"), data[0] >> 4);
      ok = FALSE;
      break;
    }

  if (ok)
    *out = pkt;

  return ok;
}

gboolean
seqack_packet_decode (const guint8 *data,
                      gsize         len,
                      SeqackPacket *out,
                      GError      **error)
{
  Mode mode = { FALSE, FALSE, FALSE };

  return decode (data, len, mode, out, error);
}

gboolean
seqack_packet_decode_captured (const guint8 *data,
                               gsize         len,
                               gboolean      cut,
                               SeqackPacket *out,
                               GError      **error)
{
  Mode mode = { TRUE, cut, FALSE };

  return decode (data, len, mode, out, error);
}

gboolean
seqack_packet_decode_captured_unsummed (const guint8 *data,
                                        gsize         len,
                                        gboolean      cut,
                                        SeqackPacket *out,
                                        GError      **error)
{
  Mode mode = { TRUE, cut, TRUE };

  return decode (data, len, mode, out, error);
}

/* The TCP part of a lean decode: @tcp_len bytes of segment, @captured
 * of them at @tcp; the checks of seqack_tcp_header_decode_captured(). */
static gboolean
lean_tcp (const guint8 *tcp,
          gsize         tcp_len,
          gsize         captured,
          SeqackPacket *pkt)
{
  SeqackTcpSegment *seg = &pkt->tcp;
  gsize header_len;

  if (tcp_len < SEQACK_TCP_HEADER_MIN || captured < SEQACK_TCP_HEADER_MIN)
    return FALSE;
  header_len = (gsize) (tcp[12] >> 4) * 4;
  if (header_len < SEQACK_TCP_HEADER_MIN || header_len > tcp_len)
    return FALSE;

  pkt->options_cut = header_len > captured;
  /* Checked as a full decode checks them: a length that lies is damage
   * here too. */
  if (header_len > SEQACK_TCP_HEADER_MIN &&
      !seqack_tcp_options_valid (tcp + SEQACK_TCP_HEADER_MIN,
                                 MIN (header_len, captured)
                                 - SEQACK_TCP_HEADER_MIN,
                                 pkt->options_cut, &seg->options))
    return FALSE;

  seg->src_port = seqack_read_be16 (tcp);
  seg->dst_port = seqack_read_be16 (tcp + 2);
  seg->seq = seqack_read_be32 (tcp + 4);
  seg->ack = seqack_read_be32 (tcp + 8);
  seg->data_offset = tcp[12] >> 4;
  seg->reserved = tcp[12] & 0x0f;
  seg->flags = tcp[13];
  seg->window = seqack_read_be16 (tcp + 14);
  seg->checksum = seqack_read_be16 (tcp + 16);
  seg->urgent = seqack_read_be16 (tcp + 18);
  seg->payload_len = tcp_len - header_len;
  seg->payload = captured > header_len ? tcp + header_len : NULL;

  pkt->payload_captured = captured > header_len ? captured - header_len : 0;
  pkt->truncated = captured < tcp_len;
  pkt->checksum = SEQACK_CHECKSUM_NOT_CAPTURED;
  pkt->checksum_unsummed = !pkt->truncated;
  return TRUE;
}

/* IPv4 read in place, with decode_ipv4()'s checks for a capture. */
static gboolean
lean_ipv4 (const guint8 *data,
           gsize         len,
           gboolean      cut,
           SeqackPacket *pkt)
{
  gsize header_len, total;

  if (len < SEQACK_IPV4_HEADER_MIN)
    return FALSE;
  header_len = (gsize) (data[0] & 0x0f) * 4;
  if (header_len < SEQACK_IPV4_HEADER_MIN || header_len > len)
    return FALSE;
  /* A later fragment, or not TCP. */
  if ((seqack_read_be16 (data + 6) & 0x1fff) != 0 ||
      data[9] != SEQACK_IP_PROTO_TCP)
    return FALSE;

  total = seqack_read_be16 (data + 2);
  if (total == 0)
    {
      pkt->length_from_capture = TRUE;
      total = len;
    }
  else if (total < header_len || (total > len && !cut))
    return FALSE;

  pkt->family = 4;
  pkt->ip4.src = seqack_read_be32 (data + 12);
  pkt->ip4.dst = seqack_read_be32 (data + 16);
  pkt->ip_header_len = header_len;
  pkt->length = total;
  pkt->captured_len = MIN (total, len);

  return lean_tcp (data + header_len, total - header_len,
                   pkt->captured_len - header_len, pkt);
}

gboolean
seqack_packet_decode_captured_lean (const guint8 *data,
                                    gsize         len,
                                    gboolean      cut,
                                    SeqackPacket *out,
                                    GError      **error)
{
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* IPv4 is read lean; anything it does not accept (IPv6, every packet
   * that fails) takes the unsummed decode, which says why. */
  if (len > 0 && data[0] >> 4 == 4)
    {
      memset (out, 0, sizeof *out);
      if (lean_ipv4 (data, len, cut, out))
        return TRUE;
    }

  return seqack_packet_decode_captured_unsummed (data, len, cut, out, error);
}

/* Why a checksum that does not verify may still be no sign of damage.
 *
 * On the host that sends, Linux leaves the TCP checksum to the network
 * card (checksum offload; on lo nobody ever finishes it) and a capture
 * there copies the segment before the card has done its part: the field
 * then holds the pseudo-header's sum alone (checksum_partial). That value
 * is the evidence, not a guess from the interface name: it depends only
 * on the addresses and the length, and a damaged packet matches it by
 * chance once in 65,536. It is believed unless the link-layer header says
 * the frame came in from another host (@crossed_wire; a Linux cooked
 * capture records the packet type): a segment that has crossed a wire has
 * had its checksum finished, so there it is damage. A segment with IPv4
 * total length 0 was captured before segmentation offload split it,
 * which only happens on its sender: its checksum is never final
 * either. */
SeqackChecksumState
seqack_packet_checksum_verdict (const SeqackPacket *packet,
                                gboolean            crossed_wire)
{
  g_return_val_if_fail (packet != NULL, SEQACK_CHECKSUM_NOT_CAPTURED);

  if (packet->checksum != SEQACK_CHECKSUM_BAD)
    return packet->checksum;
  if (packet->length_from_capture)
    return SEQACK_CHECKSUM_UNFINISHED;
  if (packet->checksum_partial && !crossed_wire)
    return SEQACK_CHECKSUM_UNFINISHED;
  return SEQACK_CHECKSUM_BAD;
}

gsize
seqack_packet_build_ipv4 (guint32                 src,
                          guint32                 dst,
                          guint16                 identification,
                          guint8                  ttl,
                          const SeqackTcpSegment *seg,
                          GByteArray             *out)
{
  SeqackIpv4Header ip;
  gsize tcp_len, total, start;
  guint8 *p;
  guint16 checksum;

  g_return_val_if_fail (seg != NULL, 0);
  g_return_val_if_fail (out != NULL, 0);

  tcp_len = SEQACK_TCP_HEADER_MIN +
            seqack_tcp_options_encoded_len (&seg->options) +
            seg->payload_len;
  total = SEQACK_IPV4_HEADER_MIN + tcp_len;
  g_return_val_if_fail (total <= G_MAXUINT16, 0);

  memset (&ip, 0, sizeof ip);
  ip.version = 4;
  ip.ihl = 5;
  ip.total_length = (guint16) total;
  ip.identification = identification;
  /* Path MTU discovery (RFC 1191) as Linux does it: never fragment. */
  ip.flags = SEQACK_IPV4_FLAG_DF;
  ip.ttl = ttl;
  ip.protocol = SEQACK_IP_PROTO_TCP;
  ip.src = src;
  ip.dst = dst;

  start = out->len;
  g_byte_array_set_size (out, (guint) (start + total));
  p = out->data + start;

  seqack_ipv4_encode (&ip, p);
  seqack_tcp_header_encode (seg, p + SEQACK_IPV4_HEADER_MIN);

  checksum = seqack_checksum_finish (
    seqack_checksum_add_folded (seqack_checksum_pseudo_ipv4 (src, dst,
                                                             (guint16) tcp_len),
                                p + SEQACK_IPV4_HEADER_MIN, tcp_len));
  seqack_write_be16 (p + SEQACK_IPV4_HEADER_MIN + 16, checksum);

  return total;
}
