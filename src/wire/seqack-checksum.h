/* seqack-checksum.h: the Internet checksum (RFC 1071). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Adds @len bytes at @data to a running 32-bit sum of 16-bit big-endian
 * words. An odd trailing byte is padded with zero, so only the last chunk
 * given may have an odd length. */
guint32 seqack_checksum_add (guint32       sum,
                             const guint8 *data,
                             gsize         len);

/* The same sum as seqack_checksum_add(), folded to 16 bits (at most
 * 0xffff): equal to it modulo 0xffff, and nonzero when it is, so
 * seqack_checksum_finish() gives the same checksum for both. It sums the
 * buffer in the machine's own byte order (RFC 1071 §2(B)), 16 bytes a
 * step, and is for a checksum finished at once: verifying every segment of
 * a capture. Use seqack_checksum_add() when the running sum itself must be
 * exact. */
guint32 seqack_checksum_add_folded (guint32       sum,
                                    const guint8 *data,
                                    gsize         len);

/* Folds a running sum to 16 bits and returns its one's complement, in host
 * order (write it big-endian). */
guint16 seqack_checksum_finish (guint32 sum);

/* Checksum of one buffer: seqack_checksum_finish (seqack_checksum_add (0, ...)),
 * computed with seqack_checksum_add_folded(). */
guint16 seqack_checksum (const guint8 *data,
                         gsize         len);

/* Sum of the IPv4 pseudo-header for TCP (RFC 9293 §3.1): addresses in host
 * order, protocol 6, TCP length. Start a TCP checksum with it. */
guint32 seqack_checksum_pseudo_ipv4 (guint32 src,
                                     guint32 dst,
                                     guint16 tcp_len);

/* The IPv6 pseudo-header (RFC 8200 §8.1); addresses are 16 bytes each. */
guint32 seqack_checksum_pseudo_ipv6 (const guint8 *src,
                                     const guint8 *dst,
                                     guint32       tcp_len);

G_END_DECLS
