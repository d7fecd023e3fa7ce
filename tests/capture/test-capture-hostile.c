/* test-capture-hostile.c: corrupt, truncated and hostile capture files,
 * made by a generator here. Each gives a clear error or skipped packets,
 * never a crash or a hang (run it under ASan/UBSan). */

#include "config.h"

#include <stdio.h>

#include "capture-test-util.h"
#include "seqack-capture.h"
#include "seqack-error.h"

static void
put32 (GByteArray *out,
       guint32     v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

  g_byte_array_append (out, b, 4);
}

/* The classic pcap header (little-endian, µs), as libpcap writes it. */
static void
put_file_header (GByteArray *out,
                 guint32     snaplen,
                 guint32     link_type)
{
  put32 (out, 0xa1b2c3d4);
  put32 (out, 2 | (4u << 16));   /* version 2.4 */
  put32 (out, 0);                /* thiszone */
  put32 (out, 0);                /* sigfigs */
  put32 (out, snaplen);
  put32 (out, link_type);
}

static void
put_record (GByteArray   *out,
            guint32       t_sec,
            guint32       caplen,
            guint32       len,
            const guint8 *data,
            gsize         data_len)
{
  put32 (out, t_sec);
  put32 (out, 0);
  put32 (out, caplen);
  put32 (out, len);
  g_byte_array_append (out, data, (guint) data_len);
}

/* A raw-IP pcap of the lesson, record by record. */
static GByteArray *
lesson_file (void)
{
  GByteArray *out = g_byte_array_new ();

  put_file_header (out, 262144, 101 /* LINKTYPE_RAW */);
  for (guint i = 0; i < G_N_ELEMENTS (test_lesson); i++)
    {
      const TestSeg *s = &test_lesson[i];
      g_autoptr(GByteArray) ip = test_ipv4 (s->from_client, TEST_CLIENT_PORT,
                                            s->seq, s->ack, s->flags,
                                            s->payload);

      put_record (out, 1700000000 + i, ip->len, ip->len, ip->data, ip->len);
    }
  return out;
}

/* Loads @len bytes through a real file (as a user opens it). */
static SeqackCapture *
load_bytes (const guint8 *data,
            gsize         len,
            GError      **error)
{
  g_autofree char *path = test_write_bytes ("hostile.pcap", data, len);

  return seqack_capture_load_file (path, NULL, NULL, NULL, error);
}

/* ... and through memory, as a fuzzer does. */
static SeqackCapture *
load_memory (const guint8 *data,
             gsize         len,
             GError      **error)
{
  FILE *stream;

  /* fmemopen refuses a zero size. */
  if (len == 0)
    return load_bytes (data, len, error);
  stream = fmemopen ((void *) data, len, "rb");
  g_assert_nonnull (stream);
  return seqack_capture_load_stream (stream, "fuzz.pcap", NULL, NULL, NULL,
                                     error);
}

/* Messages name the whole path, not the basename: two "hostile.pcap" in
 * two folders are two files. */
static void
assert_names_path (const char *message,
                   const char *tail)
{
  if (!g_str_has_prefix (message, "‘/") || !g_str_has_suffix (message, tail))
    g_error ("“%s” does not name the whole path and end in “%s”", message,
             tail);
}

static void
test_not_a_pcap (void)
{
  static const char text[] = "GET / HTTP/1.1\r\nHost: localhost\r\n\r\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) capture = NULL;

  capture = load_bytes ((const guint8 *) text, sizeof text - 1, &error);
  g_assert_null (capture);
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED);
  assert_names_path (error->message,
                     "/hostile.pcap’ is not a pcap or pcapng file");
}

static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) capture = load_bytes (NULL, 0, &error);

  g_assert_null (capture);
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "empty"));
}

static void
test_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) capture = NULL;

  capture = seqack_capture_load_file ("/nonexistent/x.pcap", NULL, NULL,
                                      NULL, &error);
  g_assert_null (capture);
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "‘/nonexistent/x.pcap’"));
}

static void
test_truncated_file_header (void)
{
  g_autoptr(GByteArray) file = lesson_file ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) capture = load_bytes (file->data, 10, &error);

  g_assert_null (capture);
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED);
  assert_names_path (error->message,
                     "/hostile.pcap’ is truncated: its file header is "
                     "incomplete");
}

/* Cut in the middle of the last record's data, then of a record header:
 * what came before is kept, and the warning says where it stopped. */
static void
test_truncated_record (void)
{
  g_autoptr(GByteArray) file = lesson_file ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) capture = NULL;

  capture = load_bytes (file->data, file->len - 5, &error);
  g_assert_no_error (error);
  assert_names_path (seqack_capture_get_warning (capture),
                     "/hostile.pcap’ is damaged after packet 10: showing "
                     "what could be read");
  g_assert_cmpuint (seqack_capture_get_n_conversations (capture), ==, 1);
  g_assert_cmpuint (seqack_conversation_get_info (
                      seqack_capture_get_conversation (capture, 0))->n_packets,
                    ==, 10);
  g_clear_pointer (&capture, seqack_capture_free);

  put32 (file, 1234);   /* half a record header */
  capture = load_bytes (file->data, file->len, &error);
  g_assert_no_error (error);
  assert_names_path (seqack_capture_get_warning (capture),
                     "/hostile.pcap’ is damaged after packet 11: showing "
                     "what could be read");
}

/* A record claiming 300000 bytes: more than any capture may hold. */
static void
test_huge_caplen (void)
{
  g_autoptr(GByteArray) file = lesson_file ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) capture = NULL;
  guint8 junk[64] = { 0x45 };

  put_record (file, 1700000100, 300000, 300000, junk, sizeof junk);
  capture = load_bytes (file->data, file->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (seqack_capture_get_warning (capture));
  g_assert_nonnull (strstr (seqack_capture_get_warning (capture),
                            "after packet 11"));
  g_assert_cmpuint (seqack_capture_get_stats (capture)->n_tcp, ==, 11);
}

/* A file header stating an absurd snapshot length still reads. */
static void
test_huge_snaplen (void)
{
  g_autoptr(GByteArray) file = lesson_file ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) capture = NULL;

  file->data[16] = 0xff;
  file->data[17] = 0xff;
  file->data[18] = 0xff;
  file->data[19] = 0x7f;
  capture = load_bytes (file->data, file->len, &error);
  if (capture == NULL)
    g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED);
  else
    g_assert_cmpuint (seqack_capture_get_stats (capture)->n_tcp, ==, 11);
}

/* Zero-length records and frames too short for their link header. */
static void
test_zero_length (void)
{
  g_autoptr(GByteArray) file = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) capture = NULL;
  static const guint8 short_eth[6] = { 1, 2, 3, 4, 5, 6 };

  put_file_header (file, 262144, 1 /* Ethernet */);
  put_record (file, 1, 0, 0, NULL, 0);
  put_record (file, 2, 0, 60, NULL, 0);
  put_record (file, 3, sizeof short_eth, 60, short_eth, sizeof short_eth);
  capture = load_bytes (file->data, file->len, &error);
  g_assert_no_error (error);
  g_assert_null (seqack_capture_get_warning (capture));
  g_assert_cmpuint (seqack_capture_get_stats (capture)->n_frames, ==, 3);
  g_assert_cmpuint (seqack_capture_get_stats (capture)->n_bad, ==, 3);
  g_assert_cmpuint (seqack_capture_get_n_conversations (capture), ==, 0);
}

/* Damaged IP and TCP headers: each packet skipped and counted, the good
 * ones still drawn. */
static void
test_bad_headers (void)
{
  g_autoptr(GByteArray) file = lesson_file ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) capture = NULL;
  g_autoptr(GByteArray) good = test_ipv4 (TRUE, 40000, 1, 0, SEQACK_TCP_SYN,
                                          NULL);
  guint n_bad = 0;

  for (guint variant = 0; variant < 8; variant++)
    {
      g_autoptr(GByteArray) p = g_byte_array_sized_new (good->len);
      gsize len;

      g_byte_array_append (p, good->data, good->len);
      len = p->len;
      switch (variant)
        {
        case 0: p->data[0] = 0x44; break;              /* IHL 4 < 5 */
        case 1: p->data[0] = 0x4f; break;              /* IHL past the end */
        case 2: p->data[2] = 0xff; break;              /* total length */
        case 3: p->data[0] = 0x75; break;              /* version 7 */
        case 4: p->data[20 + 12] = 0x20; break;        /* data offset 2 */
        case 5: p->data[20 + 12] = 0xf0; break;        /* offset past end */
        case 6: p->data[20 + 21] = 0; break;           /* option length 0 */
        case 7: len = 30; p->data[3] = 30; break;      /* TCP cut short */
        default: g_assert_not_reached ();
        }
      put_record (file, 1700000200 + variant, (guint32) len, (guint32) len,
                  p->data, len);
      n_bad++;
    }

  /* IPv6 with extension headers whose length runs past the packet. */
  {
    g_autoptr(GByteArray) v6 = test_ipv6 (TRUE, 1, 0, SEQACK_TCP_SYN, NULL,
                                          1, TRUE);

    put_record (file, 1700000300, v6->len, v6->len, v6->data, v6->len);
    n_bad++;
  }

  capture = load_bytes (file->data, file->len, &error);
  g_assert_no_error (error);
  g_assert_null (seqack_capture_get_warning (capture));
  /* Version 7 is "not TCP"; the rest are damage. */
  g_assert_cmpuint (seqack_capture_get_stats (capture)->n_tcp, ==, 11);
  g_assert_cmpuint (seqack_capture_get_stats (capture)->n_bad +
                    seqack_capture_get_stats (capture)->n_not_tcp, ==, n_bad);
  g_assert_cmpuint (seqack_capture_get_stats (capture)->n_bad, >=, 7);
  g_assert_cmpuint (seqack_capture_get_n_conversations (capture), ==, 1);
}

/* Link type 147 (USER0, private use): a clear refusal naming it. */
static void
test_unknown_link_type (void)
{
  g_autoptr(GByteArray) file = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) capture = NULL;
  static const guint8 data[8] = { 0 };

  put_file_header (file, 262144, 147);
  put_record (file, 1, sizeof data, sizeof data, data, sizeof data);
  capture = load_bytes (file->data, file->len, &error);
  g_assert_null (capture);
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_UNSUPPORTED);
  g_assert_nonnull (strstr (error->message, "link type 147"));
}

/* A record whose captured length exceeds its length on the wire. */
static void
test_caplen_above_len (void)
{
  g_autoptr(GByteArray) file = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) capture = NULL;
  g_autoptr(GByteArray) ip = test_ipv4 (TRUE, 40000, 1, 0, SEQACK_TCP_SYN,
                                        NULL);

  put_file_header (file, 262144, 101);
  put_record (file, 1, ip->len, 20, ip->data, ip->len);
  capture = load_bytes (file->data, file->len, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seqack_capture_get_stats (capture)->n_bad, ==, 1);
}

/* Random damage to valid files, pcap and pcapng, through memory: every
 * outcome is a capture or an error with a message, nothing else. */
static void
test_fuzz (void)
{
  static const guint8 eth[14] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00
  };
  g_autoptr(GArray) frames = test_lesson_frames (eth, sizeof eth);
  g_autofree char *path = test_tmp_path ("seed.pcap");
  g_autofree char *seed_file = NULL;
  g_autoptr(GByteArray) raw = lesson_file ();
  gsize seed_len;
  guint iterations = g_test_slow () ? 20000 : 2000;

  test_write_pcap (path, DLT_EN10MB, frames);
  g_assert_true (g_file_get_contents (path, &seed_file, &seed_len, NULL));

  for (guint i = 0; i < iterations; i++)
    {
      const guint8 *base = (i & 1) ? (const guint8 *) seed_file : raw->data;
      gsize base_len = (i & 1) ? seed_len : raw->len;
      g_autofree guint8 *copy = g_memdup2 (base, base_len);
      g_autoptr(GError) error = NULL;
      g_autoptr(SeqackCapture) capture = NULL;
      gsize len = base_len;
      guint n_flips = (guint) g_test_rand_int_range (1, 8);

      for (guint f = 0; f < n_flips; f++)
        {
          gsize at = (gsize) g_test_rand_int_range (0, (gint32) len);

          /* Lengths are the interesting bytes: sometimes set them big. */
          copy[at] = g_test_rand_bit () ? (guint8) g_test_rand_int ()
                                        : 0xff;
        }
      if (g_test_rand_int_range (0, 4) == 0)
        len = (gsize) g_test_rand_int_range (1, (gint32) len);

      capture = load_memory (copy, len, &error);
      if (capture == NULL)
        {
          g_assert_nonnull (error);
          g_assert_cmpstr (error->message, !=, "");
          continue;
        }
      g_assert_no_error (error);

      /* Every conversation's trace reads back. */
      for (guint c = 0; c < seqack_capture_get_n_conversations (capture); c++)
        {
          SeqackTrace *trace = seqack_conversation_get_trace (
            seqack_capture_get_conversation (capture, c));

          for (guint e = 0; e < seqack_trace_get_n_events (trace); e++)
            if (seqack_trace_get_event (trace, e)->kind ==
                SEQACK_EVENT_SEGMENT)
              {
                seqack_trace_relative_seq (trace, e);
                seqack_trace_relative_ack (trace, e);
              }
        }
    }
}

/* Random frames straight into a capture for every link type. */
static void
test_fuzz_frames (void)
{
  static const int link_types[] = {
    0, 1, 12, 108, 113, 228, 229, 276, 147
  };
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autoptr(GByteArray) good = test_ipv4 (TRUE, 40000, 1, 0, SEQACK_TCP_SYN,
                                          "data");
  guint8 frame[128];

  for (guint i = 0; i < 20000; i++)
    {
      int link_type = link_types[i % G_N_ELEMENTS (link_types)];
      gsize len = (gsize) g_test_rand_int_range (0, sizeof frame);
      gsize header = (gsize) g_test_rand_int_range (0, 21);

      for (gsize b = 0; b < sizeof frame; b++)
        frame[b] = (guint8) g_test_rand_int ();
      /* Often a real IP packet behind random link bytes. */
      if (g_test_rand_bit () && header + good->len <= sizeof frame)
        {
          memcpy (frame + header, good->data, good->len);
          frame[header + g_test_rand_int_range (0, (gint32) good->len)] ^=
            (guint8) g_test_rand_int ();
        }
      seqack_capture_add_frame (capture, link_type, TEST_T0 + i, frame, len);
    }

  g_assert_cmpuint (seqack_capture_get_stats (capture)->n_frames, ==, 20000);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/capture/hostile/not-a-pcap", test_not_a_pcap);
  g_test_add_func ("/capture/hostile/empty", test_empty);
  g_test_add_func ("/capture/hostile/missing-file", test_missing_file);
  g_test_add_func ("/capture/hostile/truncated-file-header",
                   test_truncated_file_header);
  g_test_add_func ("/capture/hostile/truncated-record",
                   test_truncated_record);
  g_test_add_func ("/capture/hostile/huge-caplen", test_huge_caplen);
  g_test_add_func ("/capture/hostile/huge-snaplen", test_huge_snaplen);
  g_test_add_func ("/capture/hostile/zero-length", test_zero_length);
  g_test_add_func ("/capture/hostile/bad-headers", test_bad_headers);
  g_test_add_func ("/capture/hostile/unknown-link-type",
                   test_unknown_link_type);
  g_test_add_func ("/capture/hostile/caplen-above-len",
                   test_caplen_above_len);
  g_test_add_func ("/capture/hostile/fuzz", test_fuzz);
  g_test_add_func ("/capture/hostile/fuzz-frames", test_fuzz_frames);

  return g_test_run ();
}
