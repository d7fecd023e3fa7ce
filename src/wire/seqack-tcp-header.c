/* seqack-tcp-header.c: the TCP header (RFC 9293 §3.1) and its options.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "seqack-bytes.h"
#include "seqack-error.h"
#include "seqack-tcp-header.h"

#define TCP_OPTIONS_MAX (SEQACK_TCP_HEADER_MAX - SEQACK_TCP_HEADER_MIN)

/* Option lengths, kind + length bytes included. */
#define TCPOLEN_MSS        4  /* RFC 9293 §3.2 */
#define TCPOLEN_WSCALE     3  /* RFC 7323 §2.2 */
#define TCPOLEN_SACK_PERM  2  /* RFC 2018 §2 */
#define TCPOLEN_TIMESTAMPS 10 /* RFC 7323 §3.2 */
#define TCPOLEN_SACK_BASE  2  /* RFC 2018 §3 */
#define TCPOLEN_SACK_BLOCK 8

guint32
seqack_tcp_segment_seg_len (const SeqackTcpSegment *seg)
{
  guint32 len;

  g_return_val_if_fail (seg != NULL, 0);

  /* RFC 9293 §3.4: SEG.LEN counts the octets occupied by the data,
   * "counting SYN and FIN". */
  len = (guint32) seg->payload_len;
  if (seg->flags & SEQACK_TCP_SYN)
    len++;
  if (seg->flags & SEQACK_TCP_FIN)
    len++;

  return len;
}

/* Protocol names, as Wireshark and the RFCs spell them; not translated. */
static const char *
option_name (guint8 kind)
{
  switch (kind)
    {
    case SEQACK_TCP_OPT_MSS:
      return "MSS";
    case SEQACK_TCP_OPT_WSCALE:
      return "Window Scale";
    case SEQACK_TCP_OPT_SACK_PERM:
      return "SACK Permitted";
    case SEQACK_TCP_OPT_SACK:
      return "SACK";
    case SEQACK_TCP_OPT_TIMESTAMPS:
      return "Timestamps";
    default:
      return "unknown";
    }
}

static gboolean
check_option_length (guint8   kind,
                     guint8   length,
                     guint8   expected,
                     GError **error)
{
  if (length == expected)
    return TRUE;

  g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
               _("TCP option %u (%s) has length %u, expected %u"),
               kind, option_name (kind), length, expected);
  return FALSE;
}

/* Decodes @len bytes of options. With @cut (a capture's snapshot length
 * ended inside the options), an option that runs past @len ends the
 * options without error: what came before it is kept. */
static gboolean
options_decode (const guint8     *data,
                gsize             len,
                gboolean          cut,
                SeqackTcpOptions *out,
                GError          **error)
{
  SeqackTcpOptions opts;
  gsize off = 0;

  memset (&opts, 0, sizeof opts);

  while (off < len)
    {
      guint8 kind = data[off];
      guint8 length;
      const guint8 *body;

      /* RFC 9293 §3.2: End of Option List ends the options; what follows
       * is padding. No-Operation is a single byte. */
      if (kind == SEQACK_TCP_OPT_EOL)
        break;
      if (kind == SEQACK_TCP_OPT_NOP)
        {
          off++;
          continue;
        }

      /* Every other option has a length byte counting kind and length. */
      if (cut && (off + 1 >= len || data[off + 1] > len - off))
        break;
      if (off + 1 >= len)
        {
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED,
                       _("TCP option %u (%s) at offset %zu has no length "
                         "byte"),
                       kind, option_name (kind), off);
          return FALSE;
        }

      length = data[off + 1];
      if (length < 2)
        {
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                       _("TCP option %u (%s) has length %u, at least 2 "
                         "expected"),
                       kind, option_name (kind), length);
          return FALSE;
        }

      if (length > len - off)
        {
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED,
                       _("TCP option %u (%s) has length %u, but only %zu "
                         "bytes of options remain"),
                       kind, option_name (kind), length, len - off);
          return FALSE;
        }

      body = data + off + 2;

      switch (kind)
        {
        case SEQACK_TCP_OPT_MSS:
          if (!check_option_length (kind, length, TCPOLEN_MSS, error))
            return FALSE;
          opts.has_mss = TRUE;
          opts.mss = seqack_read_be16 (body);
          break;

        case SEQACK_TCP_OPT_WSCALE:
          if (!check_option_length (kind, length, TCPOLEN_WSCALE, error))
            return FALSE;
          /* Kept as sent; RFC 7323 §2.3 says the receiver uses at most 14,
           * which is the state machine's business, not the parser's. */
          opts.has_wscale = TRUE;
          opts.wscale = body[0];
          break;

        case SEQACK_TCP_OPT_SACK_PERM:
          if (!check_option_length (kind, length, TCPOLEN_SACK_PERM, error))
            return FALSE;
          opts.sack_permitted = TRUE;
          break;

        case SEQACK_TCP_OPT_TIMESTAMPS:
          if (!check_option_length (kind, length, TCPOLEN_TIMESTAMPS, error))
            return FALSE;
          opts.has_timestamps = TRUE;
          opts.ts_val = seqack_read_be32 (body);
          opts.ts_ecr = seqack_read_be32 (body + 4);
          break;

        case SEQACK_TCP_OPT_SACK:
          {
            guint n, i;

            /* RFC 2018 §3: 2 + 8n bytes; 40 bytes of options allow 4. */
            if (length < TCPOLEN_SACK_BASE + TCPOLEN_SACK_BLOCK ||
                (length - TCPOLEN_SACK_BASE) % TCPOLEN_SACK_BLOCK != 0)
              {
                g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                             _("TCP option %u (%s) has length %u, expected 2 "
                               "plus 8 for each of 1 to 4 blocks"),
                             kind, option_name (kind), length);
                return FALSE;
              }

            n = (length - TCPOLEN_SACK_BASE) / TCPOLEN_SACK_BLOCK;
            n = MIN (n, G_N_ELEMENTS (opts.sack));
            for (i = 0; i < n; i++)
              {
                opts.sack[i].left = seqack_read_be32 (body + i * 8);
                opts.sack[i].right = seqack_read_be32 (body + i * 8 + 4);
              }
            opts.n_sack = (guint8) n;
          }
          break;

        default:
          /* RFC 9293 §3.2: a TCP implementation "MUST ignore without error
           * any TCP option it does not implement", using its length. */
          if (opts.n_unknown < G_MAXUINT8)
            opts.n_unknown++;
          break;
        }

      off += length;
    }

  *out = opts;
  return TRUE;
}

gboolean
seqack_tcp_options_decode (const guint8     *data,
                           gsize             len,
                           SeqackTcpOptions *out,
                           GError          **error)
{
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return options_decode (data, len, FALSE, out, error);
}

/* The walk of options_decode() with its checks and none of its
 * copies: every reason it fails is a reason this says FALSE. */
gboolean
seqack_tcp_options_valid (const guint8     *data,
                          gsize             len,
                          gboolean          cut,
                          SeqackTcpOptions *wscale_out)
{
  gboolean has_wscale = FALSE;
  guint8 wscale = 0;
  gsize off = 0;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (wscale_out != NULL, FALSE);

  /* What nearly every segment after the handshake carries (RFC 7323
   * Appendix A's layout): NOP, NOP, timestamps. The walk below would
   * find them valid and no window scale. */
  if (len == 12 && data[0] == SEQACK_TCP_OPT_NOP &&
      data[1] == SEQACK_TCP_OPT_NOP && data[2] == SEQACK_TCP_OPT_TIMESTAMPS &&
      data[3] == TCPOLEN_TIMESTAMPS)
    {
      wscale_out->has_wscale = FALSE;
      wscale_out->wscale = 0;
      return TRUE;
    }

  while (off < len)
    {
      guint8 kind = data[off];
      guint8 length;
      gboolean ok;

      if (kind == SEQACK_TCP_OPT_EOL)
        break;
      if (kind == SEQACK_TCP_OPT_NOP)
        {
          off++;
          continue;
        }

      /* A length byte missing or running past the end: cut short, the
       * options end there; else the segment is damaged. */
      if (off + 1 >= len || data[off + 1] > len - off)
        {
          if (cut)
            break;
          return FALSE;
        }
      length = data[off + 1];

      switch (kind)
        {
        case SEQACK_TCP_OPT_MSS:
          ok = length == TCPOLEN_MSS;
          break;
        case SEQACK_TCP_OPT_WSCALE:
          ok = length == TCPOLEN_WSCALE;
          if (ok)
            {
              has_wscale = TRUE;
              wscale = data[off + 2];
            }
          break;
        case SEQACK_TCP_OPT_SACK_PERM:
          ok = length == TCPOLEN_SACK_PERM;
          break;
        case SEQACK_TCP_OPT_TIMESTAMPS:
          ok = length == TCPOLEN_TIMESTAMPS;
          break;
        case SEQACK_TCP_OPT_SACK:
          ok = length >= TCPOLEN_SACK_BASE + TCPOLEN_SACK_BLOCK &&
               (length - TCPOLEN_SACK_BASE) % TCPOLEN_SACK_BLOCK == 0;
          break;
        default:
          ok = length >= 2;
          break;
        }
      if (!ok)
        return FALSE;

      off += length;
    }

  wscale_out->has_wscale = has_wscale;
  wscale_out->wscale = has_wscale ? wscale : 0;
  return TRUE;
}

/* @len bytes of segment, of which @captured are at @data. */
static gboolean
header_decode (const guint8     *data,
               gsize             len,
               gsize             captured,
               SeqackTcpSegment *out,
               gboolean         *options_cut,
               GError          **error)
{
  SeqackTcpSegment seg;
  gsize header_len;

  *options_cut = FALSE;

  if (len < SEQACK_TCP_HEADER_MIN)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED,
                   _("TCP header needs at least %u bytes, only %zu "
                     "available"),
                   (guint) SEQACK_TCP_HEADER_MIN, len);
      return FALSE;
    }

  /* The fixed header is what places a segment in its connection (ports,
   * numbers, flags): without all of it there is nothing to draw. */
  if (captured < SEQACK_TCP_HEADER_MIN)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED,
                   _("The snapshot length cut the TCP header after %zu of "
                     "its %u bytes"),
                   captured, (guint) SEQACK_TCP_HEADER_MIN);
      return FALSE;
    }

  memset (&seg, 0, sizeof seg);
  seg.src_port = seqack_read_be16 (data);
  seg.dst_port = seqack_read_be16 (data + 2);
  seg.seq = seqack_read_be32 (data + 4);
  seg.ack = seqack_read_be32 (data + 8);
  seg.data_offset = data[12] >> 4;
  seg.reserved = data[12] & 0x0f;
  seg.flags = data[13];
  seg.window = seqack_read_be16 (data + 14);
  seg.checksum = seqack_read_be16 (data + 16);
  seg.urgent = seqack_read_be16 (data + 18);

  /* RFC 9293 §3.1: the data offset counts 32-bit words and the fixed
   * header alone is 5 of them. */
  if (seg.data_offset < 5)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                   _("TCP data offset is %u words, at least 5 expected"),
                   seg.data_offset);
      return FALSE;
    }

  header_len = (gsize) seg.data_offset * 4;
  if (header_len > len)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED,
                   _("TCP data offset says the header is %zu bytes, "
                     "only %zu available"),
                   header_len, len);
      return FALSE;
    }

  *options_cut = header_len > captured;
  if (!options_decode (data + SEQACK_TCP_HEADER_MIN,
                       MIN (header_len, captured) - SEQACK_TCP_HEADER_MIN,
                       *options_cut, &seg.options, error))
    return FALSE;

  seg.payload_len = len - header_len;
  seg.payload = captured > header_len ? data + header_len : NULL;

  *out = seg;
  return TRUE;
}

gboolean
seqack_tcp_header_decode (const guint8     *data,
                          gsize             len,
                          SeqackTcpSegment *out,
                          GError          **error)
{
  gboolean options_cut;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  return header_decode (data, len, len, out, &options_cut, error);
}

gboolean
seqack_tcp_header_decode_captured (const guint8     *data,
                                   gsize             len,
                                   gsize             captured,
                                   SeqackTcpSegment *out,
                                   gboolean         *options_cut,
                                   GError          **error)
{
  gboolean cut;

  g_return_val_if_fail (data != NULL || captured == 0, FALSE);
  g_return_val_if_fail (captured <= len, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!header_decode (data, len, captured, out, &cut, error))
    return FALSE;
  if (options_cut != NULL)
    *options_cut = cut;
  return TRUE;
}

/* How many SACK blocks fit after the other options: like Linux
 * (tcp_established_options), send as many as the 40 bytes leave room for. */
static guint
sack_blocks_that_fit (const SeqackTcpOptions *opts,
                      gsize                   used)
{
  guint n = MIN (opts->n_sack, G_N_ELEMENTS (opts->sack));
  gsize room;

  if (n == 0 || used + 4 + TCPOLEN_SACK_BLOCK > TCP_OPTIONS_MAX)
    return 0;

  /* NOP NOP kind length, then 8 bytes per block. */
  room = (TCP_OPTIONS_MAX - used - 4) / TCPOLEN_SACK_BLOCK;
  return MIN (n, room);
}

/* Layout as Linux writes it (net/ipv4/tcp_output.c, tcp_options_write),
 * every option in its own 32-bit word:
 *   MSS                   02 04 mm mm
 *   SACK-perm + TS        04 02 08 0a tsval tsecr   (NOP NOP 08 0a without)
 *   SACK-perm alone       01 01 04 02
 *   window scale          01 03 03 ws
 *   SACK blocks           01 01 05 len blocks... */
static gsize
options_len_without_sack (const SeqackTcpOptions *opts)
{
  gsize n = 0;

  if (opts->has_mss)
    n += 4;
  if (opts->has_timestamps)
    n += 12;
  else if (opts->sack_permitted)
    n += 4;
  if (opts->has_wscale)
    n += 4;

  return n;
}

gsize
seqack_tcp_options_encoded_len (const SeqackTcpOptions *opts)
{
  gsize n;
  guint blocks;

  g_return_val_if_fail (opts != NULL, 0);

  n = options_len_without_sack (opts);
  blocks = sack_blocks_that_fit (opts, n);
  if (blocks > 0)
    n += 4 + blocks * TCPOLEN_SACK_BLOCK;

  return n;
}

static gsize
options_encode (const SeqackTcpOptions *opts,
                guint8                 *out)
{
  guint8 *p = out;
  guint blocks, i;

  blocks = sack_blocks_that_fit (opts, options_len_without_sack (opts));

  if (opts->has_mss)
    {
      p[0] = SEQACK_TCP_OPT_MSS;
      p[1] = TCPOLEN_MSS;
      seqack_write_be16 (p + 2, opts->mss);
      p += 4;
    }

  if (opts->has_timestamps)
    {
      if (opts->sack_permitted)
        {
          p[0] = SEQACK_TCP_OPT_SACK_PERM;
          p[1] = TCPOLEN_SACK_PERM;
        }
      else
        {
          p[0] = SEQACK_TCP_OPT_NOP;
          p[1] = SEQACK_TCP_OPT_NOP;
        }
      p[2] = SEQACK_TCP_OPT_TIMESTAMPS;
      p[3] = TCPOLEN_TIMESTAMPS;
      seqack_write_be32 (p + 4, opts->ts_val);
      seqack_write_be32 (p + 8, opts->ts_ecr);
      p += 12;
    }
  else if (opts->sack_permitted)
    {
      p[0] = SEQACK_TCP_OPT_NOP;
      p[1] = SEQACK_TCP_OPT_NOP;
      p[2] = SEQACK_TCP_OPT_SACK_PERM;
      p[3] = TCPOLEN_SACK_PERM;
      p += 4;
    }

  if (opts->has_wscale)
    {
      p[0] = SEQACK_TCP_OPT_NOP;
      p[1] = SEQACK_TCP_OPT_WSCALE;
      p[2] = TCPOLEN_WSCALE;
      p[3] = opts->wscale;
      p += 4;
    }

  if (blocks > 0)
    {
      p[0] = SEQACK_TCP_OPT_NOP;
      p[1] = SEQACK_TCP_OPT_NOP;
      p[2] = SEQACK_TCP_OPT_SACK;
      p[3] = (guint8) (TCPOLEN_SACK_BASE + blocks * TCPOLEN_SACK_BLOCK);
      p += 4;
      for (i = 0; i < blocks; i++)
        {
          seqack_write_be32 (p, opts->sack[i].left);
          seqack_write_be32 (p + 4, opts->sack[i].right);
          p += 8;
        }
    }

  return (gsize) (p - out);
}

gsize
seqack_tcp_header_encode (const SeqackTcpSegment *seg,
                          guint8                 *out)
{
  gsize options_len;
  gsize header_len;

  g_return_val_if_fail (seg != NULL, 0);
  g_return_val_if_fail (out != NULL, 0);
  g_return_val_if_fail (seg->payload != NULL || seg->payload_len == 0, 0);

  options_len = options_encode (&seg->options, out + SEQACK_TCP_HEADER_MIN);
  g_assert (options_len == seqack_tcp_options_encoded_len (&seg->options));
  g_assert (options_len % 4 == 0 && options_len <= TCP_OPTIONS_MAX);
  header_len = SEQACK_TCP_HEADER_MIN + options_len;

  seqack_write_be16 (out, seg->src_port);
  seqack_write_be16 (out + 2, seg->dst_port);
  seqack_write_be32 (out + 4, seg->seq);
  seqack_write_be32 (out + 8, seg->ack);
  /* Reserved bits are sent as zero (RFC 9293 §3.1). */
  out[12] = (guint8) ((header_len / 4) << 4);
  out[13] = seg->flags;
  seqack_write_be16 (out + 14, seg->window);
  seqack_write_be16 (out + 16, 0);
  seqack_write_be16 (out + 18, seg->urgent);

  if (seg->payload_len > 0)
    memcpy (out + header_len, seg->payload, seg->payload_len);

  return header_len + seg->payload_len;
}

const char *
seqack_tcp_flags_to_string (guint8 flags,
                            char   buf[48])
{
  /* Wireshark's info column (epan/dissectors/packet-tcp.c,
   * tcp_flags_to_str) walks the bits from the lowest up, so SYN+FIN reads
   * "FIN, SYN" and a SYN-ACK "SYN, ACK"; checked against tshark 4.0. */
  static const char names[8][4] = {
    "FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR",
  };
  char *p = buf;
  guint i;

  g_return_val_if_fail (buf != NULL, NULL);

  *p = '\0';
  for (i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (!(flags & (1u << i)))
        continue;
      if (p != buf)
        {
          *p++ = ',';
          *p++ = ' ';
        }
      memcpy (p, names[i], 3);
      p += 3;
      *p = '\0';
    }

  return buf;
}
