/* seqack-packet.h: a whole IP packet carrying TCP, decoded or built.
 *
 * The lab and the TUN bridge speak raw IPv4; capture files may also carry
 * IPv6, so a decoded packet keeps either address family.
 */
#pragma once

#include <glib.h>

#include "seqack-ipv4.h"
#include "seqack-tcp-header.h"

G_BEGIN_DECLS

/* What a capture can say about a TCP checksum. */
typedef enum
{
  SEQACK_CHECKSUM_GOOD,         /* verified against the bytes */
  SEQACK_CHECKSUM_BAD,          /* does not verify: the packet is damaged */
  SEQACK_CHECKSUM_NOT_CAPTURED, /* not verified: bytes it covers are
                                 * missing from the capture */
  SEQACK_CHECKSUM_UNFINISHED,   /* not verified: captured on the sending
                                 * host before the network card (or
                                 * nobody, on loopback) filled it in */
} SeqackChecksumState;

/* "good", "bad", "unverified" (JSON names, never translated). */
const char *seqack_checksum_state_name (SeqackChecksumState state);

typedef struct
{
  guint8  family;            /* 4 or 6 */
  SeqackIpv4Header ip4;      /* valid when family == 4 */
  guint8  src6[16], dst6[16];/* valid when family == 6 */
  guint8  hop_limit;         /* IPv6 */
  guint32 flow_label;        /* IPv6 */
  gsize   ip_header_len;     /* IPv4 IHL*4, or IPv6 40 + extension headers */
  SeqackTcpSegment tcp;      /* payload borrowed from the decoded buffer */
  gboolean checksum_ok;      /* TCP checksum verified against the data */
  gboolean ip_checksum_ok;   /* IPv4 header checksum (TRUE for IPv6) */
  SeqackChecksumState checksum; /* GOOD or BAD; from a captured decode also
                              * NOT_CAPTURED (UNFINISHED is the capture's
                              * to decide: see checksum_partial) */
  /* The checksum field holds only the sum of the pseudo-header, which is
   * what Linux leaves for the card to finish (CHECKSUM_PARTIAL). */
  gboolean checksum_partial;
  /* Decoded by seqack_packet_decode_captured_unsummed(): checksum and
   * checksum_ok say nothing yet. */
  gboolean checksum_unsummed;
  /* Set by a capture: the link-layer header says the frame came in from
   * another host (see seqack_packet_checksum_verdict()). */
  gboolean crossed_wire;

  /* Lengths; the flags below are set only by a captured decode. */
  gsize    length;           /* the IP packet's length (stated, or the
                              * captured length when length_from_capture) */
  gsize    captured_len;     /* bytes of it at hand (<= length) */
  gsize    payload_captured; /* bytes at tcp.payload (<= tcp.payload_len) */
  gboolean truncated;        /* the capture holds less than the packet */
  gboolean options_cut;      /* ... and ends inside the TCP options */
  gboolean length_from_capture; /* IPv4 total length 0 (segmentation
                              * offload): the length is the captured one */
} SeqackPacket;

/* Decodes an IPv4 or IPv6 packet carrying TCP from @data (@len bytes, the
 * IP header first). Lengths are checked before every read; a packet that is
 * not TCP gives SEQACK_ERROR_UNSUPPORTED, a fragment other than the first
 * gives SEQACK_ERROR_UNSUPPORTED. Checksums are computed and reported in
 * checksum_ok / ip_checksum_ok, never an error, because captures often hold
 * packets with offloaded checksums. */
gboolean seqack_packet_decode (const guint8 *data,
                               gsize         len,
                               SeqackPacket *out,
                               GError      **error);

/* Decodes a packet as a capture holds it. @cut says the capture kept
 * fewer bytes of the frame than it had on the wire (its caplen is below
 * its length): then a stated length above @len means "not captured", not
 * damage, and the packet decodes as long as the whole fixed TCP header was
 * captured, with truncated (and options_cut) set and the checksum
 * NOT_CAPTURED. Whether cut or not, an IPv4 total length of 0 on TCP is a
 * segment captured before segmentation offload split it (TSO/GSO, BIG
 * TCP): its length is taken from the capture, as Wireshark does.
 * tcp.payload_len is always the segment's real length; read at most
 * payload_captured bytes at tcp.payload. Nothing past @len is read. */
gboolean seqack_packet_decode_captured (const guint8 *data,
                                        gsize         len,
                                        gboolean      cut,
                                        SeqackPacket *out,
                                        GError      **error);
/* The same, but the TCP checksum is left unverified (checksum_unsummed
 * set): summing every byte is most of the cost of reading a capture of
 * large segments, and most segments' checksums are never looked at. The
 * capture's trace verifies it when asked (seqack_trace_get_checksum()). */
gboolean seqack_packet_decode_captured_unsummed (const guint8 *data,
                                                 gsize         len,
                                                 gboolean      cut,
                                                 SeqackPacket *out,
                                                 GError      **error);

/* The same checks, for a capture's ingest, which reads only part of a
 * packet: it fills family, ip4.src and ip4.dst (IPv4) or src6 and dst6
 * (IPv6), ip_header_len, length, captured_len, payload_captured,
 * truncated, options_cut, length_from_capture, the checksum fields as
 * seqack_packet_decode_captured_unsummed() does, and all of tcp but its
 * options, of which only has_wscale and wscale. Those are what the
 * unsummed decode gives; every other field is 0 (IPv6, rare in a
 * capture, is decoded in full). The options are still checked in full,
 * so it fails exactly where the unsummed decode does, with its error. */
gboolean seqack_packet_decode_captured_lean (const guint8 *data,
                                             gsize         len,
                                             gboolean      cut,
                                             SeqackPacket *out,
                                             GError      **error);

/* What a captured packet's checksum says (decoded with its sum): a sum
 * that does not verify is damage, or not final yet (UNFINISHED). */
SeqackChecksumState seqack_packet_checksum_verdict (const SeqackPacket *packet,
                                                    gboolean            crossed_wire);

/* Builds an IPv4 packet (no IP options, DF set) carrying @seg from @src to
 * @dst with the given identification and TTL, both checksums filled.
 * Appends it to @out and returns its length. */
gsize seqack_packet_build_ipv4 (guint32                 src,
                                guint32                 dst,
                                guint16                 identification,
                                guint8                  ttl,
                                const SeqackTcpSegment *seg,
                                GByteArray             *out);

G_END_DECLS
