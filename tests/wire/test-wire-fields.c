/* test-wire-fields.c: the byte ranges the inspector highlights hold the
 * values the decoder read from them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "seqack-bytes.h"
#include "seqack-packet-fields.h"

/* Linux's SYN 192.0.2.1:45678 -> 192.0.2.2:80 with MSS, SACK-permitted,
 * timestamps and window scale (40-byte TCP header). */
static const guint8 linux_syn[] = {
  0x45, 0x00, 0x00, 0x3c, 0x3e, 0x5d, 0x40, 0x00,
  0x40, 0x06, 0x78, 0x5b, 0xc0, 0x00, 0x02, 0x01,
  0xc0, 0x00, 0x02, 0x02, 0xb2, 0x6e, 0x00, 0x50,
  0x6b, 0x8b, 0x45, 0x67, 0x00, 0x00, 0x00, 0x00,
  0xa0, 0x02, 0xfa, 0xf0, 0xab, 0xf6, 0x00, 0x00,
  0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x08, 0x0a,
  0x9a, 0x3c, 0x1f, 0x27, 0x00, 0x00, 0x00, 0x00,
  0x01, 0x03, 0x03, 0x07,
};

/* IPv6 destination options and an atomic fragment header before TCP
 * carrying "hello" (TCP at byte 56). */
static const guint8 ipv6_data[] = {
  0x60, 0x00, 0x00, 0x00, 0x00, 0x29, 0x3c, 0xff,
  0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
  0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
  0x2c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
  0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2a,
  0xc7, 0x38, 0x01, 0xbb, 0x0a, 0x0b, 0x0c, 0x0d,
  0x01, 0x02, 0x03, 0x05, 0x50, 0x18, 0x01, 0xf6,
  0x2b, 0x78, 0x00, 0x00, 0x68, 0x65, 0x6c, 0x6c,
  0x6f,
};

static guint32
read_be (const guint8 *p,
         gsize         len)
{
  guint32 v = 0;

  for (gsize i = 0; i < len; i++)
    v = (v << 8) | p[i];
  return v;
}

static const SeqackPacketField *
find (const SeqackPacketField *fields,
      guint                    n,
      SeqackFieldId            id)
{
  for (guint i = 0; i < n; i++)
    if (fields[i].id == id)
      return &fields[i];
  return NULL;
}

/* Every field inside the packet, in wire order, not overlapping except
 * where RFC 791 packs two into one byte; the numbers read back from the
 * ranges are the decoded ones. */
static void
check_common (const guint8 *data,
              gsize         len)
{
  SeqackPacket pkt;
  SeqackPacketField fields[SEQACK_N_FIELDS];
  const SeqackPacketField *f;
  guint n;

  g_assert_true (seqack_packet_decode (data, len, &pkt, NULL));
  n = seqack_packet_fields (&pkt, fields);
  g_assert_cmpuint (n, >, 10);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpuint (fields[i].len, >, 0);
      g_assert_cmpuint (fields[i].offset + fields[i].len, <=, len);
      g_assert_cmpstr (seqack_packet_field_name (fields[i].id), !=, "");
      if (i > 0)
        g_assert_cmpuint (fields[i].offset, >=,
                          fields[i - 1].offset + (fields[i - 1].offset
                                                  == fields[i].offset
                                                  ? 0 : fields[i - 1].len));
    }

  f = find (fields, n, SEQACK_FIELD_TCP_SOURCE_PORT);
  g_assert_cmpuint (read_be (data + f->offset, f->len), ==, pkt.tcp.src_port);
  f = find (fields, n, SEQACK_FIELD_TCP_DESTINATION_PORT);
  g_assert_cmpuint (read_be (data + f->offset, f->len), ==, pkt.tcp.dst_port);
  f = find (fields, n, SEQACK_FIELD_TCP_SEQ);
  g_assert_cmpuint (read_be (data + f->offset, f->len), ==, pkt.tcp.seq);
  f = find (fields, n, SEQACK_FIELD_TCP_ACK);
  g_assert_cmpuint (read_be (data + f->offset, f->len), ==, pkt.tcp.ack);
  f = find (fields, n, SEQACK_FIELD_TCP_FLAGS);
  g_assert_cmpuint (data[f->offset], ==, pkt.tcp.flags);
  f = find (fields, n, SEQACK_FIELD_TCP_WINDOW);
  g_assert_cmpuint (read_be (data + f->offset, f->len), ==, pkt.tcp.window);
  f = find (fields, n, SEQACK_FIELD_TCP_CHECKSUM);
  g_assert_cmpuint (read_be (data + f->offset, f->len), ==,
                    pkt.tcp.checksum);
  f = find (fields, n, SEQACK_FIELD_TCP_DATA_OFFSET);
  g_assert_cmpuint (data[f->offset] >> 4, ==, pkt.tcp.data_offset);
}

static void
test_fields_ipv4_options (void)
{
  SeqackPacket pkt;
  SeqackPacketField fields[SEQACK_N_FIELDS];
  const SeqackPacketField *f;
  guint n;

  check_common (linux_syn, sizeof linux_syn);
  g_assert_true (seqack_packet_decode (linux_syn, sizeof linux_syn, &pkt,
                                       NULL));
  n = seqack_packet_fields (&pkt, fields);

  f = find (fields, n, SEQACK_FIELD_IP_TTL);
  g_assert_cmpuint (linux_syn[f->offset], ==, pkt.ip4.ttl);
  f = find (fields, n, SEQACK_FIELD_IP_SOURCE);
  g_assert_cmpuint (f->len, ==, 4);
  g_assert_cmpuint (read_be (linux_syn + f->offset, 4), ==, pkt.ip4.src);
  f = find (fields, n, SEQACK_FIELD_IP_CHECKSUM);
  g_assert_cmpuint (read_be (linux_syn + f->offset, 2), ==,
                    pkt.ip4.checksum);
  /* 20 bytes of options right after the fixed header: MSS first. */
  f = find (fields, n, SEQACK_FIELD_TCP_OPTIONS);
  g_assert_nonnull (f);
  g_assert_cmpuint (f->offset, ==, 40);
  g_assert_cmpuint (f->len, ==, 20);
  g_assert_cmpuint (linux_syn[f->offset], ==, 2);
  g_assert_null (find (fields, n, SEQACK_FIELD_TCP_PAYLOAD));
  g_assert_null (find (fields, n, SEQACK_FIELD_IP_OPTIONS));
  g_assert_null (find (fields, n, SEQACK_FIELD_IP_HOP_LIMIT));
}

static void
test_fields_ipv6_extensions (void)
{
  SeqackPacket pkt;
  SeqackPacketField fields[SEQACK_N_FIELDS];
  const SeqackPacketField *f;
  guint n;

  check_common (ipv6_data, sizeof ipv6_data);
  g_assert_true (seqack_packet_decode (ipv6_data, sizeof ipv6_data, &pkt,
                                       NULL));
  n = seqack_packet_fields (&pkt, fields);

  f = find (fields, n, SEQACK_FIELD_IP_HOP_LIMIT);
  g_assert_cmpuint (ipv6_data[f->offset], ==, pkt.hop_limit);
  f = find (fields, n, SEQACK_FIELD_IP_DESTINATION);
  g_assert_cmpuint (f->len, ==, 16);
  g_assert_cmpmem (ipv6_data + f->offset, 16, pkt.dst6, 16);
  /* TCP after the extension headers, not at byte 40. */
  f = find (fields, n, SEQACK_FIELD_TCP_SOURCE_PORT);
  g_assert_cmpuint (f->offset, ==, 56);
  f = find (fields, n, SEQACK_FIELD_TCP_PAYLOAD);
  g_assert_nonnull (f);
  g_assert_cmpuint (f->len, ==, 5);
  g_assert_cmpmem (ipv6_data + f->offset, 5, "hello", 5);
  g_assert_null (find (fields, n, SEQACK_FIELD_IP_TTL));
}

/* The CLI's conversation list writes every number with
 * seqack_put_decimal(): what printf would write, at each change of
 * length and at the ends. */
static void
test_fields_put_decimal (void)
{
  static const guint64 values[] = {
    0, 1, 9, 10, 11, 42, 99, 100, 101, 255, 999, 1000, 9999, 10000, 65535,
    99999, 100000, 100001, 4294967295u, G_GUINT64_CONSTANT (4294967296),
    G_MAXUINT64,
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      char buf[32], want[32];
      char *end = seqack_put_decimal (buf, values[i]);

      *end = '\0';
      g_snprintf (want, sizeof want, "%" G_GUINT64_FORMAT, values[i]);
      g_assert_cmpstr (buf, ==, want);
    }
  for (guint64 v = 0; v < 200000; v += 7)
    {
      char buf[32], want[32];

      *seqack_put_decimal (buf, v) = '\0';
      g_snprintf (want, sizeof want, "%" G_GUINT64_FORMAT, v);
      g_assert_cmpstr (buf, ==, want);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wire/fields/ipv4-options", test_fields_ipv4_options);
  g_test_add_func ("/wire/fields/put-decimal", test_fields_put_decimal);
  g_test_add_func ("/wire/fields/ipv6-extensions",
                   test_fields_ipv6_extensions);

  return g_test_run ();
}
