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
