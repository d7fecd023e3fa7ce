/* seqack-checksum.c: the Internet checksum (RFC 1071).
 *
 * Copyright 2025 The SeqAck authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "seqack-checksum.h"

#include "seqack-ipv4.h"

/* RFC 1071 §4.1: sum 16-bit big-endian words in a wide accumulator and fold
 * the carries at the end. Reading eight bytes a step and folding only once
 * keeps this, the hot loop of reading a capture, short; the result is the
 * same running sum of 16-bit words, folded only when it would not fit in 31
 * bits, so any running sum a caller passes back in stays exact. */
guint32
seqack_checksum_add (guint32       sum,
                     const guint8 *data,
                     gsize         len)
{
  guint64 acc = sum;
  gsize i = 0;

  g_return_val_if_fail (data != NULL || len == 0, sum);

  /* Eight bytes a step: four big-endian words, the odd ones summed in the
   * two 32-bit lanes of one accumulator, the even ones in another's. A
   * lane takes at most 0xffff a step, so it is emptied every 2^15 steps,
   * before it could carry into the next. The same words are summed, so
   * the result is exactly what a word at a time gives. */
  while (len - i >= 8)
    {
      gsize steps = MIN ((len - i) / 8, (gsize) 1 << 15);
      guint64 lo = 0, hi = 0;

      for (; steps > 0; steps--, i += 8)
        {
          guint64 v;

          memcpy (&v, data + i, sizeof v);
          v = GUINT64_FROM_BE (v);
          lo += v & G_GUINT64_CONSTANT (0x0000ffff0000ffff);
          hi += (v >> 16) & G_GUINT64_CONSTANT (0x0000ffff0000ffff);
        }
      acc += (lo & 0xffffffffu) + (lo >> 32) + (hi & 0xffffffffu) + (hi >> 32);
    }

  for (; i + 4 <= len; i += 4)
    acc += (((guint32) data[i] << 8) | data[i + 1])
           + (((guint32) data[i + 2] << 8) | data[i + 3]);
  if (i + 2 <= len)
    {
      acc += ((guint32) data[i] << 8) | data[i + 1];
      i += 2;
    }
  /* RFC 1071 §4.1: an odd last byte is padded with a zero byte. */
  if (i < len)
    acc += (guint32) data[i] << 8;

  while (acc & ~(guint64) 0x7fffffff)
    acc = (acc & 0xffff) + (acc >> 16);

  return (guint32) acc;
}

guint16
seqack_checksum_finish (guint32 sum)
{
  while (sum >> 16)
    sum = (sum & 0xffff) + (sum >> 16);

  return (guint16) ~sum;
}

guint16
seqack_checksum (const guint8 *data,
                 gsize         len)
{
  return seqack_checksum_finish (seqack_checksum_add (0, data, len));
}

guint32
seqack_checksum_pseudo_ipv4 (guint32 src,
                             guint32 dst,
                             guint16 tcp_len)
{
  guint32 sum = 0;

  /* RFC 9293 §3.1: source, destination, zero, PTCL, TCP length. */
  sum += src >> 16;
  sum += src & 0xffff;
  sum += dst >> 16;
  sum += dst & 0xffff;
  sum += SEQACK_IP_PROTO_TCP;
  sum += tcp_len;

  return sum;
}

guint32
seqack_checksum_pseudo_ipv6 (const guint8 *src,
                             const guint8 *dst,
                             guint32       tcp_len)
{
  guint32 sum = 0;

  g_return_val_if_fail (src != NULL, 0);
  g_return_val_if_fail (dst != NULL, 0);

  /* RFC 8200 §8.1: source, destination, 32-bit upper-layer length, three
   * zero bytes, next header. */
  sum = seqack_checksum_add (sum, src, 16);
  sum = seqack_checksum_add (sum, dst, 16);
  sum += tcp_len >> 16;
  sum += tcp_len & 0xffff;
  sum += SEQACK_IP_PROTO_TCP;

  return sum;
}
