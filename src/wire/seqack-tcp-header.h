/* seqack-tcp-header.h: the TCP header (RFC 9293 §3.1) and the options
 * SeqAck understands: MSS (RFC 9293 §3.7.1), window scale and timestamps
 * (RFC 7323), SACK-permitted and SACK blocks (RFC 2018). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SEQACK_TCP_HEADER_MIN 20
#define SEQACK_TCP_HEADER_MAX 60

/* Flag bits in the order of the header's byte 13. */
#define SEQACK_TCP_FIN 0x01
#define SEQACK_TCP_SYN 0x02
#define SEQACK_TCP_RST 0x04
#define SEQACK_TCP_PSH 0x08
#define SEQACK_TCP_ACK 0x10
#define SEQACK_TCP_URG 0x20
#define SEQACK_TCP_ECE 0x40
#define SEQACK_TCP_CWR 0x80

#define SEQACK_TCP_OPT_EOL        0
#define SEQACK_TCP_OPT_NOP        1
#define SEQACK_TCP_OPT_MSS        2
#define SEQACK_TCP_OPT_WSCALE     3
#define SEQACK_TCP_OPT_SACK_PERM  4
#define SEQACK_TCP_OPT_SACK       5
#define SEQACK_TCP_OPT_TIMESTAMPS 8

typedef struct
{
  guint32 left, right;
} SeqackSackBlock;

typedef struct
{
  guint    has_mss : 1;
  guint    has_wscale : 1;
  guint    sack_permitted : 1;
  guint    has_timestamps : 1;
  guint16  mss;
  guint8   wscale;          /* shift count as sent (RFC 7323 caps use at 14) */
  guint32  ts_val, ts_ecr;
  guint8   n_sack;          /* SACK blocks present, up to 4 */
  SeqackSackBlock sack[4];
  guint8   n_unknown;       /* options of other kinds, skipped politely */
} SeqackTcpOptions;

/* One TCP segment as the state machine sees it. The payload is borrowed:
 * it points into the buffer it was decoded from, or into the sender's send
 * buffer, and is valid only for the call it is passed to. */
typedef struct
{
  guint16 src_port, dst_port;
  guint32 seq, ack;
  guint8  data_offset;      /* header length in 32-bit words (decode only) */
  guint8  reserved;         /* the 4 reserved bits (decode only) */
  guint8  flags;            /* SEQACK_TCP_FIN ... SEQACK_TCP_CWR */
  guint16 window;           /* as on the wire (unscaled) */
  guint16 checksum;         /* as on the wire (decode only) */
  guint16 urgent;
  SeqackTcpOptions options;
  const guint8 *payload;
  gsize   payload_len;
} SeqackTcpSegment;

/* Sequence space a segment occupies: payload + 1 for SYN + 1 for FIN. */
guint32 seqack_tcp_segment_seg_len (const SeqackTcpSegment *seg);

/* Decodes a TCP header and payload from @data (exactly the TCP part of an
 * IP packet, @len bytes). Checks the data offset and every option length
 * against @len. Does not verify the checksum (that needs the IP header:
 * see seqack-packet.h). Returns TRUE or sets @error. */
gboolean seqack_tcp_header_decode (const guint8     *data,
                                   gsize             len,
                                   SeqackTcpSegment *out,
                                   GError          **error);

/* The same for a segment a capture cut short: the segment is @len bytes
 * (from the IP header), of which only @captured are at @data. The fixed
 * 20 bytes must be there; options are decoded as far as they were
 * captured (*@options_cut set when some were not), payload_len is the
 * real length and payload points at what was captured of it (NULL when
 * none): read at most @captured - data_offset * 4 bytes there. */
gboolean seqack_tcp_header_decode_captured (const guint8     *data,
                                            gsize             len,
                                            gsize             captured,
                                            SeqackTcpSegment *out,
                                            gboolean         *options_cut,
                                            GError          **error);

/* Decodes only the options area (@len bytes after the fixed header). */
gboolean seqack_tcp_options_decode (const guint8     *data,
                                    gsize             len,
                                    SeqackTcpOptions *out,
                                    GError          **error);

/* Whether seqack_tcp_options_decode() (or, with @cut, the decode of
 * options a capture cut short) would accept @len bytes of options,
 * checked the same way without decoding them: of the options only the
 * window scale is kept, in @wscale_out's has_wscale and wscale (the one
 * a capture's ingest reads); its other fields are left alone. */
gboolean seqack_tcp_options_valid (const guint8     *data,
                                   gsize             len,
                                   gboolean          cut,
                                   SeqackTcpOptions *wscale_out);

/* Bytes the options of @opts take when encoded, padded to 4 (max 40). */
gsize seqack_tcp_options_encoded_len (const SeqackTcpOptions *opts);

/* Writes header + options + payload to @out (must hold
 * 20 + options_encoded_len + payload_len bytes) with checksum 0; the
 * packet encoder fills the checksum. Returns bytes written. */
gsize seqack_tcp_header_encode (const SeqackTcpSegment *seg,
                                guint8                 *out);

/* "SYN, ACK" as Wireshark's info column writes it: set bits from the
 * lowest up, FIN, SYN, RST, PSH, ACK, URG, ECE, CWR (so SYN+FIN is
 * "FIN, SYN"; checked with tshark 4.0). Writes into @buf, returns @buf.
 * Empty string for no flags. */
const char *seqack_tcp_flags_to_string (guint8 flags,
                                        char   buf[48]);

G_END_DECLS
