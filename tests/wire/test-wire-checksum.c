/* test-wire-checksum.c: the Internet checksum (RFC 1071) and the TCP
 * pseudo-headers (RFC 9293 §3.1, RFC 8200 §8.1).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "seqack-checksum.h"

/* RFC 1071 §3 "Numerical Examples": the bytes 00 01 f2 03 f4 f5 f6 f7 have
 * the one's complement sum ddf2, so the checksum is its complement 220d. */
static void
test_checksum_rfc1071_example (void)
{
  static const guint8 data[] = { 0x00, 0x01, 0xf2, 0x03,
                                 0xf4, 0xf5, 0xf6, 0xf7 };
  guint32 sum;

  sum = seqack_checksum_add (0, data, sizeof data);
  /* Unfolded: 0x0001 + 0xf203 + 0xf4f5 + 0xf6f7 = 0x2ddf0. */
  g_assert_cmphex (sum, ==, 0x2ddf0);
  g_assert_cmphex (seqack_checksum_finish (sum), ==, (guint16) ~0xddf2);
  g_assert_cmphex (seqack_checksum (data, sizeof data), ==, 0x220d);
}

/* A well-known IPv4 header (192.168.0.1 -> 192.168.0.199, UDP) whose
 * checksum field is b861: zeroed it computes b861, in place it sums to 0. */
static void
test_checksum_ipv4_header_vector (void)
{
  guint8 header[] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00,
                      0x40, 0x11, 0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01,
                      0xc0, 0xa8, 0x00, 0xc7 };

  g_assert_cmphex (seqack_checksum (header, sizeof header), ==, 0);
  header[10] = header[11] = 0;
  g_assert_cmphex (seqack_checksum (header, sizeof header), ==, 0xb861);
}

/* RFC 1071 §4.1: an odd trailing byte is padded with zero on the right. */
static void
test_checksum_odd_length (void)
{
  static const guint8 odd[] = { 0x00, 0x01, 0xf2 };
  static const guint8 padded[] = { 0x00, 0x01, 0xf2, 0x00 };

  g_assert_cmphex (seqack_checksum (odd, sizeof odd), ==, 0x0dfe);
  g_assert_cmphex (seqack_checksum (odd, sizeof odd), ==,
                   seqack_checksum (padded, sizeof padded));
  g_assert_cmphex (seqack_checksum (NULL, 0), ==, 0xffff);
}

/* Carries wrap around (end-around carry), also for buffers far larger
 * than any IPv4 packet. */
static void
test_checksum_carries (void)
{
  static const guint8 ones[] = { 0xff, 0xff, 0xff, 0xff };
  static const guint8 carry[] = { 0x80, 0x00, 0x80, 0x01 };
  gsize big_len = 1 << 20;
  g_autofree guint8 *big = g_malloc (big_len);

  g_assert_cmphex (seqack_checksum (ones, sizeof ones), ==, 0);
  /* 0x8000 + 0x8001 = 0x10001 -> folds to 0x0002. */
  g_assert_cmphex (seqack_checksum (carry, sizeof carry), ==, 0xfffd);

  /* 2^19 words of 0x0102: the sum is 0x0102 * 2^19, which folds to
   * 0x0102 * (2^19 mod 0xffff) = 0x0102 * 8 = 0x0810. */
  for (gsize i = 0; i < big_len; i += 2)
    {
      big[i] = 0x01;
      big[i + 1] = 0x02;
    }
  g_assert_cmphex (seqack_checksum (big, big_len), ==, (guint16) ~0x0810);

  /* A running sum near 2^32 keeps its value modulo 0xffff. */
  g_assert_cmphex (seqack_checksum_finish (
                     seqack_checksum_add (0xffffffffu, carry, 3)),
                   ==, seqack_checksum_finish (
                     seqack_checksum_add (0x1fffe, carry, 3)));
}

/* Summing in pieces (each but the last of even length) equals summing the
 * whole, which is how the pseudo-header is combined with the segment. */
static void
test_checksum_incremental (void)
{
  guint8 data[101];
  guint32 sum;

  for (guint i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 37 + 11);

  for (gsize split = 0; split <= sizeof data; split += 2)
    {
      sum = seqack_checksum_add (0, data, split);
      sum = seqack_checksum_add (sum, data + split, sizeof data - split);
      g_assert_cmphex (seqack_checksum_finish (sum), ==,
                       seqack_checksum (data, sizeof data));
    }
}

/* The IPv4 pseudo-header is src, dst, zero, protocol 6, TCP length. */
static void
test_checksum_pseudo_ipv4 (void)
{
  static const guint8 pseudo[] = { 192, 0, 2, 1, 192, 0, 2, 2,
                                   0, 6, 0x00, 0x28 };

  g_assert_cmphex (seqack_checksum_finish (
                     seqack_checksum_pseudo_ipv4 (0xc0000201, 0xc0000202,
                                                  40)),
                   ==, seqack_checksum (pseudo, sizeof pseudo));
  /* Swapping addresses does not change a sum, the length does. */
  g_assert_cmphex (seqack_checksum_finish (
                     seqack_checksum_pseudo_ipv4 (0xc0000202, 0xc0000201,
                                                  40)),
                   ==, seqack_checksum (pseudo, sizeof pseudo));
  g_assert_cmphex (seqack_checksum_finish (
                     seqack_checksum_pseudo_ipv4 (0xc0000201, 0xc0000202,
                                                  41)),
                   !=, seqack_checksum (pseudo, sizeof pseudo));
}

/* RFC 8200 §8.1: src (16), dst (16), 32-bit length, 3 zero bytes, next
 * header. */
static void
test_checksum_pseudo_ipv6 (void)
{
  guint8 src[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x01 };
  guint8 dst[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x02 };
  guint8 pseudo[40] = { 0 };
  guint32 tcp_len = 0x00012345;   /* above 16 bits, as jumbograms allow */

  memcpy (pseudo, src, 16);
  memcpy (pseudo + 16, dst, 16);
  pseudo[33] = 0x01;
  pseudo[34] = 0x23;
  pseudo[35] = 0x45;
  pseudo[39] = 6;

  g_assert_cmphex (seqack_checksum_finish (
                     seqack_checksum_pseudo_ipv6 (src, dst, tcp_len)),
                   ==, seqack_checksum (pseudo, sizeof pseudo));
}

/* The folded sum is the exact one modulo 0xffff, in 16 bits, and finishes
 * to the same checksum: random buffers of every length and offset (so the
 * 16-byte steps, the tail and an odd byte are all taken), random starting
 * sums, and the edge cases where end-around carries pile up (all 0xff) or
 * the sum is zero (all 0x00). */
static void
test_checksum_folded (void)
{
  g_autoptr (GRand) rand = g_rand_new_with_seed (19);
  guint8 buf[1600];

  for (guint round = 0; round < 3000; round++)
    {
      gsize off = g_rand_int_range (rand, 0, 8);
      gsize len = g_rand_int_range (rand, 0, sizeof buf - 8);
      guint32 sum = round % 5 == 0 ? 0 : g_rand_int_range (rand, 0, 0x7fffffff);
      guint32 exact, folded;

      for (gsize i = 0; i < sizeof buf; i++)
        buf[i] = round % 7 == 1 ? 0xff : round % 7 == 2 ? 0 : g_rand_int (rand);

      exact = seqack_checksum_add (sum, buf + off, len);
      folded = seqack_checksum_add_folded (sum, buf + off, len);
      g_assert_cmphex (folded, <=, 0xffff);
      g_assert_cmphex (folded % 0xffff, ==, exact % 0xffff);
      g_assert_cmphex (seqack_checksum_finish (folded), ==,
                       seqack_checksum_finish (exact));
    }

  /* Zero only for a zero sum; a nonzero multiple of 0xffff folds to it. */
  memset (buf, 0, sizeof buf);
  g_assert_cmphex (seqack_checksum_add_folded (0, buf, sizeof buf), ==, 0);
  g_assert_cmphex (seqack_checksum_add_folded (0xffff, buf, 3), ==, 0xffff);
  buf[0] = 0xff;
  buf[1] = 0xff;
  g_assert_cmphex (seqack_checksum_add_folded (0, buf, 17), ==, 0xffff);
  /* Byte order: one big-endian word 0x1234, then an odd byte 0x56 (0x5600). */
  buf[0] = 0x12;
  buf[1] = 0x34;
  buf[2] = 0x56;
  g_assert_cmphex (seqack_checksum_add_folded (1, buf, 3), ==,
                   0x1234 + 0x5600 + 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wire/checksum/rfc1071-example",
                   test_checksum_rfc1071_example);
  g_test_add_func ("/wire/checksum/ipv4-header-vector",
                   test_checksum_ipv4_header_vector);
  g_test_add_func ("/wire/checksum/odd-length", test_checksum_odd_length);
  g_test_add_func ("/wire/checksum/carries", test_checksum_carries);
  g_test_add_func ("/wire/checksum/incremental", test_checksum_incremental);
  g_test_add_func ("/wire/checksum/folded", test_checksum_folded);
  g_test_add_func ("/wire/checksum/pseudo-ipv4", test_checksum_pseudo_ipv4);
  g_test_add_func ("/wire/checksum/pseudo-ipv6", test_checksum_pseudo_ipv6);

  return g_test_run ();
}
