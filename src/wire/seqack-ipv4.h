/* seqack-ipv4.h: the IPv4 header (RFC 791), every field. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SEQACK_IPV4_HEADER_MIN 20
#define SEQACK_IPV4_HEADER_MAX 60
#define SEQACK_IP_PROTO_TCP 6

/* Flags field (3 bits) */
#define SEQACK_IPV4_FLAG_DF 0x2
#define SEQACK_IPV4_FLAG_MF 0x1

typedef struct
{
  guint8  version;          /* always 4 after a successful decode */
  guint8  ihl;              /* header length in 32-bit words, 5..15 */
  guint8  dscp;             /* 6 bits */
  guint8  ecn;              /* 2 bits */
  guint16 total_length;
  guint16 identification;
  guint8  flags;            /* SEQACK_IPV4_FLAG_* */
  guint16 fragment_offset;  /* in 8-byte units, 13 bits */
  guint8  ttl;
  guint8  protocol;
  guint16 checksum;         /* as found on the wire */
  guint32 src;              /* host byte order: 192.0.2.1 == 0xc0000201 */
  guint32 dst;
  guint8  options_len;      /* bytes of options after the fixed 20 */
  guint8  options[40];
} SeqackIpv4Header;

/* Decodes the header at @data. Checks version, IHL against @len, total
 * length against IHL and @len. Returns the header length in bytes, or 0
 * with @error set. The header checksum is verified only when
 * @verify_checksum is TRUE (SEQACK_ERROR_CHECKSUM). */
gsize seqack_ipv4_decode (const guint8     *data,
                          gsize             len,
                          gboolean          verify_checksum,
                          SeqackIpv4Header *out,
                          GError          **error);

/* The same without looking at the total length: for a packet a capture
 * cut short, or whose length a segmentation offload left 0 (the caller
 * decides what the total length means). */
gsize seqack_ipv4_decode_header (const guint8     *data,
                                 gsize             len,
                                 SeqackIpv4Header *out,
                                 GError          **error);

/* Writes the header (ihl from options_len, checksum computed) to @out,
 * which must hold 20 + options_len bytes. Returns bytes written. */
gsize seqack_ipv4_encode (const SeqackIpv4Header *hdr,
                          guint8                 *out);

/* "192.0.2.1" for 0xc0000201, into @buf (at least 16 bytes). */
const char *seqack_ipv4_to_string (guint32 addr,
                                   char    buf[16]);

/* Parses dotted-quad; FALSE with @error (SEQACK_ERROR_INVALID_ARGUMENT). */
gboolean seqack_ipv4_from_string (const char *str,
                                  guint32    *addr,
                                  GError    **error);

G_END_DECLS
