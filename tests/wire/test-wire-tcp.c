/* test-wire-tcp.c: the TCP header (RFC 9293 §3.1) and its options.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "seqack-error.h"
#include "seqack-tcp-header.h"

/* The TCP part of a Linux SYN (45678 -> 80, ISN 0x6b8b4567, window 64240)
 * with the options Linux sends: MSS 1460, SACK-perm + timestamps, NOP,
 * window scale 7. */
static const guint8 linux_syn_tcp[] = {
  0xb2, 0x6e, 0x00, 0x50, 0x6b, 0x8b, 0x45, 0x67,
  0x00, 0x00, 0x00, 0x00, 0xa0, 0x02, 0xfa, 0xf0,
  0xab, 0xf6, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4,
  0x04, 0x02, 0x08, 0x0a, 0x9a, 0x3c, 0x1f, 0x27,
  0x00, 0x00, 0x00, 0x00, 0x01, 0x03, 0x03, 0x07,
};

/* A fixed 20-byte header with room for options after it. */
static gsize
header_with_options (guint8       *buf,
                     const guint8 *opts,
                     gsize         opts_len)
{
  gsize header_len = 20 + opts_len;

  g_assert (opts_len % 4 == 0 && opts_len <= 40);
  memset (buf, 0, 20);
  buf[12] = (guint8) ((header_len / 4) << 4);
  buf[13] = SEQACK_TCP_ACK;
  memcpy (buf + 20, opts, opts_len);
  return header_len;
}

static void
test_tcp_decode_linux_syn (void)
{
  g_autoptr(GError) error = NULL;
  SeqackTcpSegment seg;

  g_assert_true (seqack_tcp_header_decode (linux_syn_tcp,
                                           sizeof linux_syn_tcp, &seg,
                                           &error));
  g_assert_no_error (error);
  g_assert_cmpuint (seg.src_port, ==, 45678);
  g_assert_cmpuint (seg.dst_port, ==, 80);
  g_assert_cmphex (seg.seq, ==, 0x6b8b4567);
  g_assert_cmphex (seg.ack, ==, 0);
  g_assert_cmpuint (seg.data_offset, ==, 10);
  g_assert_cmpuint (seg.reserved, ==, 0);
  g_assert_cmphex (seg.flags, ==, SEQACK_TCP_SYN);
  g_assert_cmpuint (seg.window, ==, 64240);
  g_assert_cmphex (seg.checksum, ==, 0xabf6);
  g_assert_cmpuint (seg.urgent, ==, 0);
  g_assert_true (seg.options.has_mss);
  g_assert_cmpuint (seg.options.mss, ==, 1460);
  g_assert_true (seg.options.sack_permitted);
  g_assert_true (seg.options.has_timestamps);
  g_assert_cmphex (seg.options.ts_val, ==, 0x9a3c1f27);
  g_assert_cmphex (seg.options.ts_ecr, ==, 0);
  g_assert_true (seg.options.has_wscale);
  g_assert_cmpuint (seg.options.wscale, ==, 7);
  g_assert_cmpuint (seg.options.n_sack, ==, 0);
  g_assert_cmpuint (seg.options.n_unknown, ==, 0);
  g_assert_cmpuint (seg.payload_len, ==, 0);
  g_assert_cmpuint (seqack_tcp_segment_seg_len (&seg), ==, 1);
}

/* Encoding the options a Linux SYN carries gives Linux's exact bytes
 * (tcp_options_write: MSS, SACK-perm+TS in one word, NOP + WS). */
static void
test_tcp_encode_linux_layout (void)
{
  SeqackTcpSegment seg = {
    .src_port = 45678, .dst_port = 80, .seq = 0x6b8b4567,
    .flags = SEQACK_TCP_SYN, .window = 64240,
    .options = {
      .has_mss = TRUE, .mss = 1460, .sack_permitted = TRUE,
      .has_timestamps = TRUE, .ts_val = 0x9a3c1f27,
      .has_wscale = TRUE, .wscale = 7,
    },
  };
  guint8 buf[60];
  guint8 expected[sizeof linux_syn_tcp];

  memcpy (expected, linux_syn_tcp, sizeof expected);
  expected[16] = expected[17] = 0;   /* the packet encoder fills it */

  g_assert_cmpuint (seqack_tcp_options_encoded_len (&seg.options), ==, 20);
  g_assert_cmpuint (seqack_tcp_header_encode (&seg, buf), ==, 40);
  g_assert_cmpmem (buf, 40, expected, sizeof expected);
}

static void
assert_options_bytes (const SeqackTcpOptions *opts,
                      const guint8           *expected,
                      gsize                   expected_len)
{
  SeqackTcpSegment seg = { .options = *opts };
  guint8 buf[60];
  gsize n;

  g_assert_cmpuint (seqack_tcp_options_encoded_len (opts), ==, expected_len);
  n = seqack_tcp_header_encode (&seg, buf);
  g_assert_cmpuint (n, ==, 20 + expected_len);
  g_assert_cmpuint (buf[12] >> 4, ==, n / 4);
  g_assert_cmpmem (buf + 20, n - 20, expected, expected_len);
}

/* The other layouts Linux uses, each padded with NOPs to a 32-bit word. */
static void
test_tcp_encode_option_layouts (void)
{
  SeqackTcpOptions none = { 0 };
  SeqackTcpOptions mss = { .has_mss = TRUE, .mss = 536 };
  SeqackTcpOptions sack_perm = { .sack_permitted = TRUE };
  SeqackTcpOptions ts = { .has_timestamps = TRUE, .ts_val = 1, .ts_ecr = 2 };
  SeqackTcpOptions ws = { .has_wscale = TRUE, .wscale = 14 };
  SeqackTcpOptions sack = {
    .has_timestamps = TRUE, .ts_val = 0x11111111, .ts_ecr = 0x22222222,
    .n_sack = 1, .sack = { { 0x1000, 0x2000 } },
  };
  static const guint8 mss_bytes[] = { 0x02, 0x04, 0x02, 0x18 };
  static const guint8 sack_perm_bytes[] = { 0x01, 0x01, 0x04, 0x02 };
  static const guint8 ts_bytes[] = {
    0x01, 0x01, 0x08, 0x0a, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02,
  };
  static const guint8 ws_bytes[] = { 0x01, 0x03, 0x03, 0x0e };
  static const guint8 sack_bytes[] = {
    0x01, 0x01, 0x08, 0x0a, 0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x22, 0x22,
    0x01, 0x01, 0x05, 0x0a, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x20, 0x00,
  };

  assert_options_bytes (&none, NULL, 0);
  assert_options_bytes (&mss, mss_bytes, sizeof mss_bytes);
  assert_options_bytes (&sack_perm, sack_perm_bytes, sizeof sack_perm_bytes);
  assert_options_bytes (&ts, ts_bytes, sizeof ts_bytes);
  assert_options_bytes (&ws, ws_bytes, sizeof ws_bytes);
  assert_options_bytes (&sack, sack_bytes, sizeof sack_bytes);
}

/* Options never pass the 40-byte limit: with timestamps only three SACK
 * blocks fit (RFC 2018 §3), without them four. */
static void
test_tcp_encode_sack_limit (void)
{
  SeqackTcpOptions opts = { .n_sack = 4 };
  SeqackTcpSegment seg = { 0 };
  g_autoptr(GError) error = NULL;
  SeqackTcpSegment out;
  guint8 buf[60];
  gsize n;

  for (guint i = 0; i < 4; i++)
    {
      opts.sack[i].left = 1000 * (i + 1);
      opts.sack[i].right = 1000 * (i + 1) + 500;
    }

  g_assert_cmpuint (seqack_tcp_options_encoded_len (&opts), ==, 36);
  opts.has_timestamps = TRUE;
  g_assert_cmpuint (seqack_tcp_options_encoded_len (&opts), ==, 40);
  opts.has_mss = TRUE;  /* 4 + 12 + 4 + 2 blocks */
  g_assert_cmpuint (seqack_tcp_options_encoded_len (&opts), ==, 36);
  opts.has_wscale = TRUE;
  opts.sack_permitted = TRUE;
  g_assert_cmpuint (seqack_tcp_options_encoded_len (&opts), ==, 40);

  seg.options = opts;
  n = seqack_tcp_header_encode (&seg, buf);
  g_assert_cmpuint (n, ==, 60);
  g_assert_true (seqack_tcp_header_decode (buf, n, &out, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (out.options.n_sack, ==, 2);
  g_assert_cmpuint (out.options.sack[1].left, ==, 2000);
  g_assert_cmpuint (out.options.sack[1].right, ==, 2500);
}

/* Every header field, every option and the payload survive a round trip. */
static void
test_tcp_round_trip (void)
{
  static const guint8 payload[] = "GET / HTTP/1.1\r\n\r\n";
  SeqackTcpOptions option_sets[] = {
    { 0 },
    { .has_mss = TRUE, .mss = 65535 },
    { .has_wscale = TRUE, .wscale = 0 },
    { .sack_permitted = TRUE },
    { .has_timestamps = TRUE, .ts_val = 0xffffffff, .ts_ecr = 0x80000001 },
    { .has_mss = TRUE, .mss = 1460, .has_wscale = TRUE, .wscale = 7,
      .sack_permitted = TRUE, .has_timestamps = TRUE, .ts_val = 7,
      .ts_ecr = 8 },
    { .n_sack = 4, .sack = { { 1, 2 }, { 3, 4 }, { 0xfffffff0, 0x10 },
                             { 5, 6 } } },
    { .has_timestamps = TRUE, .ts_val = 1, .ts_ecr = 2, .n_sack = 3,
      .sack = { { 10, 20 }, { 30, 40 }, { 50, 60 } } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (option_sets); i++)
    {
      const SeqackTcpOptions *o = &option_sets[i];
      SeqackTcpSegment in = {
        .src_port = 1 + i, .dst_port = 65535 - i,
        .seq = 0xfedcba98 + i, .ack = 0x01234567 * (i + 1),
        .flags = (guint8) (0x18 | (i << 5)), .window = 29200 + i,
        .urgent = i * 3, .options = *o,
        .payload = payload, .payload_len = i % 2 ? sizeof payload - 1 : 0,
      };
      g_autoptr(GError) error = NULL;
      SeqackTcpSegment out;
      guint8 buf[100];
      gsize n;

      n = seqack_tcp_header_encode (&in, buf);
      g_assert_cmpuint (n, ==, 20 + seqack_tcp_options_encoded_len (o)
                                  + in.payload_len);
      g_assert_true (seqack_tcp_header_decode (buf, n, &out, &error));
      g_assert_no_error (error);

      g_assert_cmpuint (out.src_port, ==, in.src_port);
      g_assert_cmpuint (out.dst_port, ==, in.dst_port);
      g_assert_cmphex (out.seq, ==, in.seq);
      g_assert_cmphex (out.ack, ==, in.ack);
      g_assert_cmpuint (out.data_offset * 4, ==, n - in.payload_len);
      g_assert_cmpuint (out.reserved, ==, 0);
      g_assert_cmphex (out.flags, ==, in.flags);
      g_assert_cmpuint (out.window, ==, in.window);
      g_assert_cmphex (out.checksum, ==, 0);
      g_assert_cmpuint (out.urgent, ==, in.urgent);

      g_assert_cmpuint (out.options.has_mss, ==, o->has_mss);
      g_assert_cmpuint (out.options.mss, ==, o->mss);
      g_assert_cmpuint (out.options.has_wscale, ==, o->has_wscale);
      g_assert_cmpuint (out.options.wscale, ==, o->wscale);
      g_assert_cmpuint (out.options.sack_permitted, ==, o->sack_permitted);
      g_assert_cmpuint (out.options.has_timestamps, ==, o->has_timestamps);
      g_assert_cmphex (out.options.ts_val, ==, o->ts_val);
      g_assert_cmphex (out.options.ts_ecr, ==, o->ts_ecr);
      g_assert_cmpuint (out.options.n_sack, ==, o->n_sack);
      for (guint b = 0; b < o->n_sack; b++)
        {
          g_assert_cmphex (out.options.sack[b].left, ==, o->sack[b].left);
          g_assert_cmphex (out.options.sack[b].right, ==, o->sack[b].right);
        }
      g_assert_cmpuint (out.options.n_unknown, ==, 0);

      g_assert_cmpmem (out.payload, out.payload_len,
                       in.payload, in.payload_len);
      if (in.payload_len > 0)
        g_assert_true (out.payload == buf + n - in.payload_len);
    }
}

/* RFC 9293 §3.2: NOPs may sit anywhere, EOL ends the list (bytes after it
 * are padding), and unknown kinds are skipped by their length. */
static void
test_tcp_options_nop_eol_unknown (void)
{
  static const guint8 opts[] = {
    0x01,                         /* NOP */
    0x22, 0x02,                   /* TFO cookie request (RFC 7413), empty */
    0x1e, 0x06, 0x00, 0x81, 0xaa, 0xbb,  /* MPTCP (RFC 8684), 6 bytes */
    0x01, 0x01,
    0x02, 0x04, 0x05, 0x78,       /* MSS 1400 after the unknown ones */
    0x00,                         /* EOL */
    0x02, 0x04, 0xff,             /* junk after EOL is never read */
  };
  g_autoptr(GError) error = NULL;
  SeqackTcpOptions out;

  g_assert_true (seqack_tcp_options_decode (opts, sizeof opts, &out,
                                            &error));
  g_assert_no_error (error);
  g_assert_cmpuint (out.n_unknown, ==, 2);
  g_assert_true (out.has_mss);
  g_assert_cmpuint (out.mss, ==, 1400);
  g_assert_false (out.has_wscale);

  /* Only NOPs, or nothing at all, is a valid empty list. */
  g_assert_true (seqack_tcp_options_decode ((const guint8 *) "\1\1\1\1", 4,
                                            &out, &error));
  g_assert_true (seqack_tcp_options_decode (NULL, 0, &out, &error));
  g_assert_no_error (error);
  g_assert_false (out.has_mss);
  g_assert_cmpuint (out.n_unknown, ==, 0);
}

typedef struct
{
  const char *name;
  guint8      bytes[8];
  gsize       len;
  gint        code;
  const char *message;
} BadOptions;

static void
test_tcp_options_malformed (void)
{
  static const BadOptions cases[] = {
    { "length 0", { 0x02, 0x00, 0x05, 0xb4 }, 4, SEQACK_ERROR_MALFORMED,
      "TCP option 2 (MSS) has length 0, at least 2 expected" },
    { "length 1", { 0x1e, 0x01, 0x00, 0x00 }, 4, SEQACK_ERROR_MALFORMED,
      "TCP option 30 (unknown) has length 1, at least 2 expected" },
    { "overrun", { 0x01, 0x01, 0x08, 0x0a, 0x00, 0x00, 0x00, 0x01 }, 8,
      SEQACK_ERROR_TRUNCATED,
      "TCP option 8 (Timestamps) has length 10, but only 6 bytes of "
      "options remain" },
    { "no length byte", { 0x01, 0x01, 0x01, 0x03 }, 4,
      SEQACK_ERROR_TRUNCATED,
      "TCP option 3 (Window Scale) at offset 3 has no length byte" },
    { "MSS length 3", { 0x02, 0x03, 0x05, 0x00 }, 4, SEQACK_ERROR_MALFORMED,
      "TCP option 2 (MSS) has length 3, expected 4" },
    { "WS length 4", { 0x03, 0x04, 0x07, 0x00 }, 4, SEQACK_ERROR_MALFORMED,
      "TCP option 3 (Window Scale) has length 4, expected 3" },
    { "SACK-perm length 3", { 0x04, 0x03, 0x00, 0x00 }, 4,
      SEQACK_ERROR_MALFORMED,
      "TCP option 4 (SACK Permitted) has length 3, expected 2" },
    { "TS length 8", { 0x08, 0x08, 0, 0, 0, 0, 0, 0 }, 8,
      SEQACK_ERROR_MALFORMED,
      "TCP option 8 (Timestamps) has length 8, expected 10" },
    { "SACK no blocks", { 0x01, 0x01, 0x05, 0x02 }, 4,
      SEQACK_ERROR_MALFORMED, "TCP option 5 (SACK) has length 2" },
    { "SACK partial block", { 0x05, 0x06, 0, 0, 0, 0, 0, 0 }, 8,
      SEQACK_ERROR_MALFORMED, "TCP option 5 (SACK) has length 6" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      SeqackTcpOptions out;
      SeqackTcpSegment seg;
      guint8 buf[60];
      gsize n;

      g_test_message ("case: %s", cases[i].name);
      g_assert_false (seqack_tcp_options_decode (cases[i].bytes,
                                                 cases[i].len, &out, &error));
      g_assert_error (error, SEQACK_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].message));
      g_clear_error (&error);

      /* The same options inside a full header fail the same way. */
      n = header_with_options (buf, cases[i].bytes, cases[i].len);
      g_assert_false (seqack_tcp_header_decode (buf, n, &seg, &error));
      g_assert_error (error, SEQACK_ERROR, cases[i].code);
    }
}

static void
test_tcp_data_offset (void)
{
  g_autoptr(GError) error = NULL;
  SeqackTcpSegment seg;
  guint8 buf[60];

  memcpy (buf, linux_syn_tcp, sizeof linux_syn_tcp);

  /* RFC 9293 §3.1: at least 5 words. */
  for (guint8 off = 0; off < 5; off++)
    {
      buf[12] = (guint8) (off << 4);
      g_assert_false (seqack_tcp_header_decode (buf, 40, &seg, &error));
      g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED);
      g_assert_nonnull (strstr (error->message, "data offset"));
      g_clear_error (&error);
    }

  /* 11 words = 44 bytes, but only 40 are there. */
  buf[12] = 11 << 4;
  g_assert_false (seqack_tcp_header_decode (buf, 40, &seg, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED);
  g_clear_error (&error);

  /* Data offset 5 makes the options payload instead. */
  buf[12] = 5 << 4;
  g_assert_true (seqack_tcp_header_decode (buf, 40, &seg, &error));
  g_assert_no_error (error);
  g_assert_false (seg.options.has_mss);
  g_assert_cmpuint (seg.payload_len, ==, 20);
  g_assert_true (seg.payload == buf + 20);

  /* The reserved bits are reported as found. */
  buf[12] = (5 << 4) | 0x0f;
  g_assert_true (seqack_tcp_header_decode (buf, 40, &seg, &error));
  g_assert_cmpuint (seg.reserved, ==, 0x0f);
  g_assert_cmpuint (seg.data_offset, ==, 5);
}

/* Every prefix shorter than the header is an error, never a crash. */
static void
test_tcp_truncations (void)
{
  for (gsize len = 0; len < sizeof linux_syn_tcp; len++)
    {
      g_autofree guint8 *buf = g_memdup2 (linux_syn_tcp, len);
      g_autoptr(GError) error = NULL;
      SeqackTcpSegment seg;

      g_assert_false (seqack_tcp_header_decode (buf, len, &seg, &error));
      g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED);
    }
}

/* RFC 9293 §3.4: SYN and FIN each occupy one sequence number. */
static void
test_tcp_seg_len (void)
{
  SeqackTcpSegment seg = { .flags = SEQACK_TCP_ACK };

  g_assert_cmpuint (seqack_tcp_segment_seg_len (&seg), ==, 0);
  seg.flags = SEQACK_TCP_SYN;
  g_assert_cmpuint (seqack_tcp_segment_seg_len (&seg), ==, 1);
  seg.flags = SEQACK_TCP_SYN | SEQACK_TCP_ACK;
  g_assert_cmpuint (seqack_tcp_segment_seg_len (&seg), ==, 1);
  seg.flags = SEQACK_TCP_FIN | SEQACK_TCP_ACK;
  g_assert_cmpuint (seqack_tcp_segment_seg_len (&seg), ==, 1);
  seg.payload_len = 100;
  g_assert_cmpuint (seqack_tcp_segment_seg_len (&seg), ==, 101);
  seg.flags = SEQACK_TCP_SYN | SEQACK_TCP_FIN;
  g_assert_cmpuint (seqack_tcp_segment_seg_len (&seg), ==, 102);
  seg.flags = SEQACK_TCP_RST;
  seg.payload_len = 0;
  g_assert_cmpuint (seqack_tcp_segment_seg_len (&seg), ==, 0);
}

/* The strings tshark 4.0 prints in its info column for these flag bytes. */
static void
test_tcp_flags_to_string (void)
{
  static const struct
  {
    guint8      flags;
    const char *text;
  } cases[] = {
    { 0x00, "" },
    { 0x02, "SYN" },
    { 0x12, "SYN, ACK" },
    { 0x10, "ACK" },
    { 0x11, "FIN, ACK" },
    { 0x18, "PSH, ACK" },
    { 0x14, "RST, ACK" },
    { 0x04, "RST" },
    { 0x19, "FIN, PSH, ACK" },
    { 0x03, "FIN, SYN" },
    { 0x05, "FIN, RST" },
    { 0x30, "ACK, URG" },
    { 0xc2, "SYN, ECE, CWR" },
    { 0xff, "FIN, SYN, RST, PSH, ACK, URG, ECE, CWR" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      char buf[48];

      memset (buf, 'x', sizeof buf);
      g_assert_cmpstr (seqack_tcp_flags_to_string (cases[i].flags, buf), ==,
                       cases[i].text);
    }
}

/* seqack_tcp_options_valid() recognises NOP, NOP, timestamps at a
 * glance; it must say what the walk says, for that layout and for the
 * same bytes a little different. */
static void
test_tcp_options_valid_timestamps (void)
{
  static const struct
  {
    guint8   bytes[12];
    gsize    len;
    gboolean valid;
  } cases[] = {
    { { 1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 2 }, 12, TRUE },
    /* A timestamps option that states 9 bytes: damage. */
    { { 1, 1, 8, 9, 0, 0, 0, 1, 0, 0, 0, 2 }, 12, FALSE },
    /* Window scale where the timestamps were: valid, and it is read. */
    { { 1, 1, 3, 3, 7, 1, 1, 1, 1, 1, 1, 1 }, 12, TRUE },
    /* Cut short after ten bytes. */
    { { 1, 1, 8, 10, 0, 0, 0, 1, 0, 0 }, 10, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      SeqackTcpOptions opts, full;
      g_autoptr(GError) error = NULL;
      gboolean valid = seqack_tcp_options_valid (cases[i].bytes, cases[i].len,
                                                 FALSE, &opts);

      g_assert_cmpint (valid, ==, cases[i].valid);
      g_assert_cmpint (seqack_tcp_options_decode (cases[i].bytes,
                                                  cases[i].len, &full,
                                                  &error), ==, valid);
      if (!valid)
        continue;
      g_assert_cmpint (opts.has_wscale, ==, full.has_wscale);
      g_assert_cmpint (opts.wscale, ==, full.wscale);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/wire/tcp/decode-linux-syn", test_tcp_decode_linux_syn);
  g_test_add_func ("/wire/tcp/encode-linux-layout",
                   test_tcp_encode_linux_layout);
  g_test_add_func ("/wire/tcp/encode-option-layouts",
                   test_tcp_encode_option_layouts);
  g_test_add_func ("/wire/tcp/encode-sack-limit", test_tcp_encode_sack_limit);
  g_test_add_func ("/wire/tcp/round-trip", test_tcp_round_trip);
  g_test_add_func ("/wire/tcp/options/valid-timestamps",
                   test_tcp_options_valid_timestamps);
  g_test_add_func ("/wire/tcp/options/nop-eol-unknown",
                   test_tcp_options_nop_eol_unknown);
  g_test_add_func ("/wire/tcp/options/malformed", test_tcp_options_malformed);
  g_test_add_func ("/wire/tcp/data-offset", test_tcp_data_offset);
  g_test_add_func ("/wire/tcp/truncations", test_tcp_truncations);
  g_test_add_func ("/wire/tcp/seg-len", test_tcp_seg_len);
  g_test_add_func ("/wire/tcp/flags-to-string", test_tcp_flags_to_string);

  return g_test_run ();
}
