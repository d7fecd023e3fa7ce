/* test-wire-ipv4.c: the IPv4 header (RFC 791).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "seqack-checksum.h"
#include "seqack-error.h"
#include "seqack-ipv4.h"

/* The IPv4 header of a Linux SYN, 192.0.2.1 -> 192.0.2.2, 60 bytes in
 * total (checksum 785b checked by tshark). */
static const guint8 linux_syn_ip[] = {
  0x45, 0x00, 0x00, 0x3c, 0x3e, 0x5d, 0x40, 0x00,
  0x40, 0x06, 0x78, 0x5b, 0xc0, 0x00, 0x02, 0x01,
  0xc0, 0x00, 0x02, 0x02,
};

/* The header claims 60 bytes in total: give the decoder that much. */
static guint8 *
with_body (const guint8 *header,
           gsize         header_len,
           gsize         total)
{
  guint8 *buf = g_malloc0 (total);

  if (header_len > 0)
    memcpy (buf, header, header_len);
  return buf;
}

static void
test_ipv4_decode_linux_syn (void)
{
  g_autofree guint8 *buf = with_body (linux_syn_ip, sizeof linux_syn_ip, 60);
  g_autoptr(GError) error = NULL;
  SeqackIpv4Header hdr;
  gsize n;

  n = seqack_ipv4_decode (buf, 60, TRUE, &hdr, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 20);
  g_assert_cmpuint (hdr.version, ==, 4);
  g_assert_cmpuint (hdr.ihl, ==, 5);
  g_assert_cmpuint (hdr.dscp, ==, 0);
  g_assert_cmpuint (hdr.ecn, ==, 0);
  g_assert_cmpuint (hdr.total_length, ==, 60);
  g_assert_cmphex (hdr.identification, ==, 0x3e5d);
  g_assert_cmphex (hdr.flags, ==, SEQACK_IPV4_FLAG_DF);
  g_assert_cmpuint (hdr.fragment_offset, ==, 0);
  g_assert_cmpuint (hdr.ttl, ==, 64);
  g_assert_cmpuint (hdr.protocol, ==, SEQACK_IP_PROTO_TCP);
  g_assert_cmphex (hdr.checksum, ==, 0x785b);
  g_assert_cmphex (hdr.src, ==, 0xc0000201);
  g_assert_cmphex (hdr.dst, ==, 0xc0000202);
  g_assert_cmpuint (hdr.options_len, ==, 0);
}

/* Every field, options included, survives encode -> decode, and the
 * encoder writes a checksum that verifies. */
static void
test_ipv4_round_trip (void)
{
  SeqackIpv4Header in = {
    .dscp = 46,                 /* EF */
    .ecn = 2,                   /* ECT(0) */
    .total_length = 200,
    .identification = 0xbeef,
    .flags = SEQACK_IPV4_FLAG_MF,
    .fragment_offset = 0x1abc,
    .ttl = 1,
    .protocol = 17,
    .src = 0xc0000201,
    .dst = 0xffffffff,
    .options_len = 8,
    /* Router Alert (RFC 2113), then NOP NOP NOP EOL. */
    .options = { 0x94, 0x04, 0x00, 0x00, 0x01, 0x01, 0x01, 0x00 },
  };
  guint8 buf[200] = { 0 };
  g_autoptr(GError) error = NULL;
  SeqackIpv4Header out;
  gsize n;

  n = seqack_ipv4_encode (&in, buf);
  g_assert_cmpuint (n, ==, 28);
  g_assert_cmphex (buf[0], ==, 0x47);
  g_assert_cmphex (seqack_checksum (buf, n), ==, 0);

  g_assert_cmpuint (seqack_ipv4_decode (buf, sizeof buf, TRUE, &out, &error),
                    ==, 28);
  g_assert_no_error (error);
  g_assert_cmpuint (out.version, ==, 4);
  g_assert_cmpuint (out.ihl, ==, 7);
  g_assert_cmpuint (out.dscp, ==, in.dscp);
  g_assert_cmpuint (out.ecn, ==, in.ecn);
  g_assert_cmpuint (out.total_length, ==, in.total_length);
  g_assert_cmphex (out.identification, ==, in.identification);
  g_assert_cmphex (out.flags, ==, in.flags);
  g_assert_cmphex (out.fragment_offset, ==, in.fragment_offset);
  g_assert_cmpuint (out.ttl, ==, in.ttl);
  g_assert_cmpuint (out.protocol, ==, in.protocol);
  g_assert_cmphex (out.src, ==, in.src);
  g_assert_cmphex (out.dst, ==, in.dst);
  g_assert_cmphex (out.checksum, ==, (buf[10] << 8) | buf[11]);
  g_assert_cmpmem (out.options, out.options_len, in.options, in.options_len);

  /* The largest header: 40 bytes of options. */
  in.options_len = 40;
  memset (in.options, 0x01, 40);
  n = seqack_ipv4_encode (&in, buf);
  g_assert_cmpuint (n, ==, 60);
  g_assert_cmpuint (seqack_ipv4_decode (buf, sizeof buf, TRUE, &out, &error),
                    ==, 60);
  g_assert_no_error (error);
  g_assert_cmpuint (out.ihl, ==, 15);
  g_assert_cmpmem (out.options, out.options_len, in.options, 40);
}

static void
test_ipv4_checksum_verify (void)
{
  g_autofree guint8 *buf = with_body (linux_syn_ip, sizeof linux_syn_ip, 60);
  g_autoptr(GError) error = NULL;
  SeqackIpv4Header hdr;

  buf[8] = 63;   /* one router later, checksum not updated */
  g_assert_cmpuint (seqack_ipv4_decode (buf, 60, TRUE, &hdr, &error), ==, 0);
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_CHECKSUM);
  g_clear_error (&error);

  /* Without verification the header decodes, bad checksum and all. */
  g_assert_cmpuint (seqack_ipv4_decode (buf, 60, FALSE, &hdr, &error), ==, 20);
  g_assert_no_error (error);
  g_assert_cmpuint (hdr.ttl, ==, 63);
}

static void
assert_decode_fails (const guint8 *buf,
                     gsize         len,
                     gint          code,
                     const char   *message_part)
{
  g_autoptr(GError) error = NULL;
  SeqackIpv4Header hdr;

  g_assert_cmpuint (seqack_ipv4_decode (buf, len, FALSE, &hdr, &error), ==, 0);
  g_assert_error (error, SEQACK_ERROR, code);
  if (message_part != NULL)
    g_assert_nonnull (strstr (error->message, message_part));
}

static void
test_ipv4_malformed (void)
{
  g_autofree guint8 *buf = with_body (linux_syn_ip, sizeof linux_syn_ip, 60);

  /* Version 6 in an IPv4 header. */
  buf[0] = 0x65;
  assert_decode_fails (buf, 60, SEQACK_ERROR_MALFORMED, "version");

  /* RFC 791: IHL below 5 is impossible. */
  buf[0] = 0x44;
  assert_decode_fails (buf, 60, SEQACK_ERROR_MALFORMED, "IHL");

  /* IHL 15 (60 bytes) but only 40 bytes given. */
  buf[0] = 0x4f;
  assert_decode_fails (buf, 40, SEQACK_ERROR_TRUNCATED, "IHL");

  /* Total length shorter than the header itself. */
  buf[0] = 0x45;
  buf[2] = 0;
  buf[3] = 19;
  assert_decode_fails (buf, 60, SEQACK_ERROR_MALFORMED, "total length");

  /* Total length longer than the buffer. */
  buf[3] = 61;
  assert_decode_fails (buf, 60, SEQACK_ERROR_TRUNCATED, "total length");
}

/* Every prefix of a valid packet is an error, never a crash (ASan). */
static void
test_ipv4_truncations (void)
{
  for (gsize len = 0; len < 60; len++)
    {
      /* An exactly sized heap copy, so ASan sees any read past @len. */
      g_autofree guint8 *buf = with_body (linux_syn_ip,
                                          MIN (len, sizeof linux_syn_ip),
                                          len);
      SeqackIpv4Header hdr;
      g_autoptr(GError) error = NULL;

      g_assert_cmpuint (seqack_ipv4_decode (buf, len, TRUE, &hdr, &error),
                        ==, 0);
      g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED);
    }
}

/* Ethernet pads short frames: bytes after total_length are not an error. */
static void
test_ipv4_padding (void)
{
  g_autofree guint8 *buf = with_body (linux_syn_ip, sizeof linux_syn_ip, 80);
  g_autoptr(GError) error = NULL;
  SeqackIpv4Header hdr;

  g_assert_cmpuint (seqack_ipv4_decode (buf, 80, TRUE, &hdr, &error), ==, 20);
  g_assert_no_error (error);
  g_assert_cmpuint (hdr.total_length, ==, 60);
}

static void
test_ipv4_address_strings (void)
{
  static const char *bad[] = {
    "", "1.2.3", "1.2.3.4.5", "256.0.0.1", "1.2.3.300", "01.2.3.4",
    "a.b.c.d", "1.2.3.4 ", " 1.2.3.4", "1..2.3", "-1.2.3.4", "1.2.3.",
    "1.2.3.4/24", "4294967295",
  };
  g_autoptr(GError) error = NULL;
  char buf[16];
  guint32 addr;

  g_assert_cmpstr (seqack_ipv4_to_string (0xc0000201, buf), ==, "192.0.2.1");
  g_assert_cmpstr (seqack_ipv4_to_string (0xffffffff, buf), ==,
                   "255.255.255.255");
  g_assert_cmpstr (seqack_ipv4_to_string (0, buf), ==, "0.0.0.0");

  g_assert_true (seqack_ipv4_from_string ("192.0.2.1", &addr, &error));
  g_assert_no_error (error);
  g_assert_cmphex (addr, ==, 0xc0000201);
  g_assert_true (seqack_ipv4_from_string ("255.255.255.255", &addr, &error));
  g_assert_cmphex (addr, ==, 0xffffffff);
  g_assert_true (seqack_ipv4_from_string ("0.0.0.0", &addr, &error));
  g_assert_cmphex (addr, ==, 0);
  g_assert_true (seqack_ipv4_from_string ("10.0.0.10", &addr, &error));
  g_assert_cmphex (addr, ==, 0x0a00000a);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      addr = 0x12345678;
      g_assert_false (seqack_ipv4_from_string (bad[i], &addr, &error));
      g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);
      g_assert_cmphex (addr, ==, 0x12345678);
      g_clear_error (&error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wire/ipv4/decode-linux-syn", test_ipv4_decode_linux_syn);
  g_test_add_func ("/wire/ipv4/round-trip", test_ipv4_round_trip);
  g_test_add_func ("/wire/ipv4/checksum-verify", test_ipv4_checksum_verify);
  g_test_add_func ("/wire/ipv4/malformed", test_ipv4_malformed);
  g_test_add_func ("/wire/ipv4/truncations", test_ipv4_truncations);
  g_test_add_func ("/wire/ipv4/ethernet-padding", test_ipv4_padding);
  g_test_add_func ("/wire/ipv4/address-strings", test_ipv4_address_strings);

  return g_test_run ();
}
