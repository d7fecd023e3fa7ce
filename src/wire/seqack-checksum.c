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

/* Folds @v to 16 bits with end-around carries: the result is congruent to
 * @v modulo 0xffff, and zero only when @v is. */
static guint32
fold64 (guint64 v)
{
  v = (v & 0xffffffffu) + (v >> 32);
  v = (v & 0xffffffffu) + (v >> 32);
  v = (v & 0xffff) + (v >> 16);
  v = (v & 0xffff) + (v >> 16);
  return (guint32) v;
}

/* Adds @v to @acc with the end-around carry of one's complement sums. */
static inline guint64
add_carry (guint64 acc,
           guint64 v)
{
  acc += v;
  return acc + (acc < v);
}

guint32
seqack_checksum_add_folded (guint32       sum,
                            const guint8 *data,
                            gsize         len)
{
  guint64 a = 0, b = 0;
  guint32 folded;

  g_return_val_if_fail (data != NULL || len == 0, sum);

  /* A 64-bit word read in host order is four 16-bit words in host order;
   * as 2^16 is 1 modulo 0xffff, summing the whole 64-bit words with
   * end-around carries gives the same sum modulo 0xffff. Two accumulators
   * keep two additions in flight. */
  for (; len >= 16; data += 16, len -= 16)
    {
      guint64 v, w;

      memcpy (&v, data, sizeof v);
      memcpy (&w, data + 8, sizeof w);
      a = add_carry (a, v);
      b = add_carry (b, w);
    }
  if (len > 0)
    {
      /* RFC 1071 §4.1: the last bytes padded with zeros, an odd one too. */
      guint8 tail[16] = { 0 };
      guint64 v, w;

      memcpy (tail, data, len);
      memcpy (&v, tail, sizeof v);
      memcpy (&w, tail + 8, sizeof w);
      a = add_carry (a, v);
      b = add_carry (b, w);
    }

  folded = fold64 (add_carry (a, b));
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
  /* RFC 1071 §2(B): swapping the bytes of the folded sum gives the sum of
   * the byte-swapped (big-endian) words. */
  folded = GUINT16_SWAP_LE_BE ((guint16) folded);
#endif

  /* Both are nonzero unless all their words are zero, so the sum is too. */
  return fold64 ((guint64) folded + fold64 (sum));
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
  return seqack_checksum_finish (seqack_checksum_add_folded (0, data, len));
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
