/* test-capture-file.c: reading pcap and pcapng files of every link type
 * SeqAck decodes, with progress and cancellation. */

#include "config.h"

#include <stdio.h>

#include "capture-test-util.h"
#include "seqack-capture.h"
#include "seqack-capture-link.h"
#include "seqack-capture-loader.h"
#include "seqack-error.h"

/* The lesson read back from @path: one conversation, eleven segments,
 * the right states. */
static void
assert_lesson (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) capture = NULL;
  g_autofree char *client = NULL, *segments = NULL;
  const SeqackConversationInfo *info;
  SeqackConversation *conv;

  capture = seqack_capture_load_file (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (seqack_capture_get_warning (capture));
  g_assert_cmpuint (seqack_capture_get_n_conversations (capture), ==, 1);
  g_assert_cmpuint (seqack_capture_get_stats (capture)->n_tcp, ==, 11);
  g_assert_cmpuint (seqack_capture_get_stats (capture)->n_bad, ==, 0);

  conv = seqack_capture_get_conversation (capture, 0);
  info = seqack_conversation_get_info (conv);
  g_assert_cmpuint (info->n_packets, ==, 11);
  g_assert_cmpint (info->first_us, ==, TEST_T0);
  g_assert_cmpfloat_with_epsilon (seqack_conversation_get_duration (conv),
                                  0.1, 1e-9);

  client = test_states (seqack_conversation_get_trace (conv), SEQACK_CLIENT);
  g_assert_cmpstr (client, ==,
                   "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT");
  segments = test_segments (seqack_conversation_get_trace (conv));
  g_assert_true (g_str_has_prefix (segments,
                                   "SYN 0/0 0; SYN, ACK 0/1 0; ACK 1/1 0; "
                                   "PSH, ACK 1/1 5"));
}

static void
check_link_type (int           link_type,
                 const guint8 *header,
                 gsize         header_len)
{
  g_autoptr(GArray) frames = test_lesson_frames (header, header_len);
  g_autofree char *path = test_tmp_path ("link.pcap");

  test_write_pcap (path, link_type, frames);
  assert_lesson (path);
}

static void
test_ethernet (void)
{
  static const guint8 eth[14] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00
  };

  check_link_type (DLT_EN10MB, eth, sizeof eth);
}

/* IEEE 802.1Q: one VLAN tag between the addresses and the EtherType. */
static void
test_ethernet_vlan (void)
{
  static const guint8 eth[18] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x81, 0x00, 0x00, 0x2a,
    0x08, 0x00
  };

  check_link_type (DLT_EN10MB, eth, sizeof eth);
}

/* Short frames are padded to 60 bytes on Ethernet: the padding is not
 * payload. */
static void
test_ethernet_padding (void)
{
  static const guint8 eth[14] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00
  };
  g_autoptr(GArray) frames = test_lesson_frames (eth, sizeof eth);
  g_autofree char *path = test_tmp_path ("padded.pcap");
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) capture = NULL;
  SeqackTrace *trace;

  for (guint i = 0; i < frames->len; i++)
    {
      GByteArray *f = g_array_index (frames, TestFrame, i).frame;

      if (f->len < 60)
        g_byte_array_set_size (f, 60);
    }
  test_write_pcap (path, DLT_EN10MB, frames);

  capture = seqack_capture_load_file (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  trace = seqack_conversation_get_trace (
    seqack_capture_get_conversation (capture, 0));
  /* The SYN (IP 44 bytes) is stored without the frame's padding. */
  g_assert_cmpuint (seqack_trace_get_event (trace, 1)->data_len, ==, 44);
  g_assert_cmpuint (seqack_trace_get_event (trace, 1)->number, ==, 0);
}

/* Linux cooked capture v1 ("any" interface), EtherType at offset 14. */
static void
test_linux_sll (void)
{
  static const guint8 sll[16] = {
    0, 0, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0, 0x08, 0x00
  };

  check_link_type (DLT_LINUX_SLL, sll, sizeof sll);
}

/* Linux cooked capture v2: protocol first. */
static void
test_linux_sll2 (void)
{
  static const guint8 sll2[20] = {
    0x08, 0x00, 0, 0, 0, 0, 0, 1, 0, 1, 0, 6, 1, 2, 3, 4, 5, 6, 0, 0
  };

  check_link_type (DLT_LINUX_SLL2, sll2, sizeof sll2);
}

static void
test_raw (void)
{
  check_link_type (DLT_RAW, NULL, 0);
  check_link_type (228 /* LINKTYPE_IPV4 */, NULL, 0);
}

/* BSD loopback: AF_INET in the capturing host's byte order (DLT_NULL,
 * here little-endian) or in network order (DLT_LOOP). */
static void
test_bsd_loopback (void)
{
  static const guint8 le[4] = { 2, 0, 0, 0 };
  static const guint8 be[4] = { 0, 0, 0, 2 };

  check_link_type (DLT_NULL, le, sizeof le);
  check_link_type (DLT_LOOP, be, sizeof be);
}

/* IPv6 in raw-IP captures (LINKTYPE_IPV6 and DLT_RAW). */
static void
test_ipv6_file (void)
{
  g_autoptr(GArray) frames = test_frames_new ();
  g_autoptr(GByteArray) syn = test_ipv6 (TRUE, 7, 0, SEQACK_TCP_SYN, NULL,
                                         0, FALSE);
  g_autoptr(GByteArray) synack = test_ipv6 (FALSE, 9, 8,
                                            SEQACK_TCP_SYN | SEQACK_TCP_ACK,
                                            NULL, 0, FALSE);
  g_autofree char *path = test_tmp_path ("v6.pcap");
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) capture = NULL;
  g_autofree char *client = NULL;

  test_frames_add (frames, TEST_T0, NULL, 0, syn->data, syn->len);
  test_frames_add (frames, TEST_T0 + 5, NULL, 0, synack->data, synack->len);
  test_write_pcap (path, 229 /* LINKTYPE_IPV6 */, frames);

  capture = seqack_capture_load_file (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seqack_capture_get_n_conversations (capture), ==, 1);
  client = test_states (seqack_conversation_get_trace (
                          seqack_capture_get_conversation (capture, 0)),
                        SEQACK_CLIENT);
  g_assert_cmpstr (client, ==, "SYN-SENT ESTABLISHED");
}

static void
put_le32 (GByteArray *out,
          guint32     v)
{
  guint8 b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >> 24 };

  g_byte_array_append (out, b, 4);
}

static void
put_le16 (GByteArray *out,
          guint16     v)
{
  guint8 b[2] = { v & 0xff, v >> 8 };

  g_byte_array_append (out, b, 2);
}

/* A minimal pcapng file (section header, one raw-IP interface with
 * microsecond timestamps, one enhanced packet block per segment), as
 * Wireshark writes them. */
static void
test_pcapng (void)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autofree char *path = NULL;
  static const guint8 zeros[4] = { 0 };

  /* Section header block: type, length, byte-order magic, version 1.0,
   * section length -1. */
  put_le32 (out, 0x0a0d0d0a);
  put_le32 (out, 28);
  put_le32 (out, 0x1a2b3c4d);
  put_le16 (out, 1);
  put_le16 (out, 0);
  put_le32 (out, 0xffffffff);
  put_le32 (out, 0xffffffff);
  put_le32 (out, 28);
  /* Interface description block: LINKTYPE_RAW (101), snaplen 0. */
  put_le32 (out, 1);
  put_le32 (out, 20);
  put_le16 (out, 101);
  put_le16 (out, 0);
  put_le32 (out, 0);
  put_le32 (out, 20);

  for (guint i = 0; i < G_N_ELEMENTS (test_lesson); i++)
    {
      const TestSeg *s = &test_lesson[i];
      g_autoptr(GByteArray) ip = test_ipv4 (s->from_client, TEST_CLIENT_PORT,
                                            s->seq, s->ack, s->flags,
                                            s->payload);
      guint64 ts = (guint64) (TEST_T0 + i * 10000);
      guint padded = (ip->len + 3) & ~3u;
      guint32 block_len = 32 + padded;

      put_le32 (out, 6);
      put_le32 (out, block_len);
      put_le32 (out, 0);                       /* interface 0 */
      put_le32 (out, (guint32) (ts >> 32));
      put_le32 (out, (guint32) ts);
      put_le32 (out, ip->len);
      put_le32 (out, ip->len);
      g_byte_array_append (out, ip->data, ip->len);
      g_byte_array_append (out, zeros, padded - ip->len);
      put_le32 (out, block_len);
    }

  path = test_write_bytes ("lesson.pcapng", out->data, out->len);
  assert_lesson (path);
}

/* Non-IP frames (ARP) and non-TCP packets are counted, not drawn. */
static void
test_skips_other_traffic (void)
{
  static const guint8 eth_ip[14] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00
  };
  static const guint8 eth_arp[14] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x06
  };
  g_autoptr(GArray) frames = test_lesson_frames (eth_ip, sizeof eth_ip);
  g_autoptr(GByteArray) udp = test_ipv4 (TRUE, 1, 1, 1, 0, NULL);
  g_autofree char *path = test_tmp_path ("mixed.pcap");
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) capture = NULL;
  const SeqackCaptureStats *stats;

  udp->data[9] = 17;
  test_frames_add (frames, TEST_T0 + 200000, eth_arp, sizeof eth_arp,
                   udp->data, 28);
  test_frames_add (frames, TEST_T0 + 200001, eth_ip, sizeof eth_ip,
                   udp->data, udp->len);
  test_write_pcap (path, DLT_EN10MB, frames);

  capture = seqack_capture_load_file (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  stats = seqack_capture_get_stats (capture);
  g_assert_cmpuint (stats->n_frames, ==, 13);
  g_assert_cmpuint (stats->n_tcp, ==, 11);
  g_assert_cmpuint (stats->n_not_tcp, ==, 2);
  g_assert_cmpuint (seqack_capture_get_n_conversations (capture), ==, 1);
}

/* Many conversations: the progress callback sees the bytes grow to the
 * file size, and a cancellable stops the load. */
static void
test_progress_and_cancel (void)
{
  g_autofree char *path = test_write_lessons ("many.pcap", 2000, 20000);
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) capture = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  TestProgress p = { 0 };
  gsize size;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));

  capture = seqack_capture_load_file (path, test_on_progress, &p, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seqack_capture_get_n_conversations (capture), ==, 2000);
  g_assert_cmpuint (p.calls, >=, 5);        /* 22000 frames / 4096 + end */
  g_assert_cmpuint (p.last_done, ==, size);
  g_assert_cmpuint (p.total, ==, size);
  g_assert_cmpuint (seqack_capture_get_memory_size (capture), >, size);

  memset (&p, 0, sizeof p);
  p.cancel_at_first = cancellable;
  g_clear_pointer (&capture, seqack_capture_free);
  capture = seqack_capture_load_file (path, test_on_progress, &p, cancellable,
                                      &error);
  g_assert_null (capture);
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_CANCELLED);
  g_assert_cmpuint (p.calls, ==, 1);
}

/* The same bytes from memory through fmemopen (how a fuzzer feeds it). */
static void
test_stream (void)
{
  static const guint8 eth[14] = {
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 0x08, 0x00
  };
  g_autoptr(GArray) frames = test_lesson_frames (eth, sizeof eth);
  g_autofree char *path = test_tmp_path ("stream.pcap");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) capture = NULL;
  gsize size;
  FILE *stream;

  test_write_pcap (path, DLT_EN10MB, frames);
  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));

  stream = fmemopen (contents, size, "rb");
  g_assert_nonnull (stream);
  capture = seqack_capture_load_stream (stream, "memory", NULL, NULL, NULL,
                                        &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seqack_capture_get_n_conversations (capture), ==, 1);
  g_assert_cmpint (seqack_capture_get_link_type (capture), ==, DLT_EN10MB);
}

/* The loader reads on a worker thread and reports in the main context. */
typedef struct
{
  GMainLoop     *loop;
  SeqackCapture *capture;
  GError        *error;
  guint          progress_calls;
  GThread       *main_thread;
} LoadResult;

static void
on_load_progress (guint64  done,
                  guint64  total,
                  gpointer user_data)
{
  LoadResult *r = user_data;

  g_assert_true (g_thread_self () == r->main_thread);
  r->progress_calls++;
}

static void
on_loaded (SeqackCaptureLoader *loader,
           SeqackCapture       *capture,
           const GError        *error,
           gpointer             user_data)
{
  LoadResult *r = user_data;

  g_assert_true (g_thread_self () == r->main_thread);
  r->capture = capture;
  r->error = error != NULL ? g_error_copy (error) : NULL;
  g_main_loop_quit (r->loop);
}

static void
test_loader (void)
{
  g_autofree char *path = test_write_lessons ("many.pcap", 300, 20000);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(SeqackCaptureLoader) loader = NULL;
  LoadResult r = { loop, NULL, NULL, 0, g_thread_self () };

  loader = seqack_capture_loader_new (path, NULL, on_load_progress,
                                      on_loaded, &r);
  g_main_loop_run (loop);
  g_assert_no_error (r.error);
  g_assert_nonnull (r.capture);
  g_assert_cmpuint (seqack_capture_get_n_conversations (r.capture), ==, 300);
  g_assert_cmpuint (r.progress_calls, >=, 1);
  seqack_capture_free (r.capture);
  g_clear_pointer (&loader, seqack_capture_loader_free);

  /* A missing file: the error comes back the same way. */
  memset (&r, 0, sizeof r);
  r.loop = loop;
  r.main_thread = g_thread_self ();
  loader = seqack_capture_loader_new ("/nonexistent/x.pcap", NULL, NULL,
                                      on_loaded, &r);
  g_main_loop_run (loop);
  g_assert_null (r.capture);
  g_assert_error (r.error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND);
  g_clear_error (&r.error);
  g_clear_pointer (&loader, seqack_capture_loader_free);

  /* Freed while loading: no callback afterwards, nothing leaks. */
  loader = seqack_capture_loader_new (path, NULL, on_load_progress,
                                      on_loaded, &r);
  g_clear_pointer (&loader, seqack_capture_loader_free);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_null (r.capture);
}

/* The temporary folders the tests write captures into are gone when a
 * test ends, with the files in them: runs of the suite leave nothing in
 * /tmp. A subprocess, given a TMPDIR of its own, runs one test case that
 * writes a capture there; that TMPDIR must be empty once the case ended. */
static void
test_tmp_folders_removed (void)
{
  g_autofree char *outer = NULL, *tmpdir = NULL, *old = NULL;
  g_autoptr(GDir) dir = NULL;

  if (g_test_subprocess ())
    {
      g_autoptr(GArray) frames = test_lesson_frames (NULL, 0);
      g_autofree char *path = test_tmp_path ("left.pcap");
      g_autofree char *parent = g_path_get_dirname (path);
      g_autofree char *sub = g_build_filename (parent, "sub", NULL);

      g_assert_true (g_str_has_prefix (path, g_getenv ("TMPDIR")));
      test_write_pcap (path, DLT_RAW, frames);
      g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
      /* Folders inside the folder go too. */
      g_assert_cmpint (g_mkdir (sub, 0700), ==, 0);
      return;
    }

  outer = test_tmp_path ("tmp");
  tmpdir = g_path_get_dirname (outer);
  old = g_strdup (g_getenv ("TMPDIR"));
  g_setenv ("TMPDIR", tmpdir, TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  /* g_get_tmp_dir() is what an unset TMPDIR means (unsetenv() is not
   * thread-safe). */
  g_setenv ("TMPDIR", old != NULL ? old : g_get_tmp_dir (), TRUE);
  g_test_trap_assert_passed ();

  dir = g_dir_open (tmpdir, 0, NULL);
  g_assert_nonnull (dir);
  g_assert_null (g_dir_read_name (dir));
}

static void
put_u32 (GByteArray *out,
         guint32     v,
         gboolean    big_endian)
{
  guint32 w = big_endian ? GUINT32_TO_BE (v) : GUINT32_TO_LE (v);

  g_byte_array_append (out, (const guint8 *) &w, sizeof w);
}

/* The lesson as a raw-IP pcap file written by hand: in either byte
 * order, with microsecond or nanosecond times, and a snapshot length
 * that may be shorter than some records' data (as a damaged or edited
 * file states: libpcap cuts those to it). */
static char *
write_lesson_pcap (const char *name,
                   gboolean    big_endian,
                   gboolean    nanoseconds,
                   guint32     snaplen)
{
  g_autoptr(GArray) frames = test_lesson_frames (NULL, 0);
  g_autoptr(GByteArray) out = g_byte_array_new ();

  put_u32 (out, nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4, big_endian);
  put_u32 (out, big_endian ? 0x00020004 : 0x00040002, big_endian);  /* 2.4 */
  put_u32 (out, 0, big_endian);
  put_u32 (out, 0, big_endian);
  put_u32 (out, snaplen, big_endian);
  put_u32 (out, 101, big_endian);               /* LINKTYPE_RAW */
  for (guint i = 0; i < frames->len; i++)
    {
      TestFrame *f = &g_array_index (frames, TestFrame, i);

      put_u32 (out, (guint32) (f->t_us / G_USEC_PER_SEC), big_endian);
      put_u32 (out, (guint32) (f->t_us % G_USEC_PER_SEC) *
                    (nanoseconds ? 1000 : 1), big_endian);
      put_u32 (out, f->frame->len, big_endian);
      put_u32 (out, f->frame->len, big_endian);
      g_byte_array_append (out, f->frame->data, f->frame->len);
    }
  return test_write_bytes (name, out->data, out->len);
}

/* A mapped file's packets are found in place by their record headers:
 * each event holds the very bytes (and times) libpcap reads, in both byte
 * orders, with nanosecond times, and where libpcap cut a record longer
 * than the snapshot length (the record after it found again). */
static void
test_mapped_records (void)
{
  static const struct
  {
    gboolean big_endian, nanoseconds;
    guint32  snaplen;
  } files[] = {
    { FALSE, FALSE, 65535 },
    { TRUE,  FALSE, 65535 },
    { FALSE, TRUE,  65535 },
    { TRUE,  TRUE,  42 },
  };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      g_autofree char *name = g_strdup_printf ("records-%u.pcap", f);
      g_autofree char *path = write_lesson_pcap (name, files[f].big_endian,
                                                 files[f].nanoseconds,
                                                 files[f].snaplen);
      g_autoptr(GError) error = NULL;
      g_autoptr(SeqackCapture) copied = NULL, mapped = NULL;
      SeqackTrace *a, *b;
      guint n_cut = 0;

      copied = seqack_capture_load_file (path, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      mapped = seqack_capture_load_file_mapped (path, NULL, NULL, NULL,
                                                &error);
      g_assert_no_error (error);
      g_assert_cmpuint (seqack_capture_get_n_conversations (mapped), ==, 1);
      a = seqack_conversation_get_trace (
        seqack_capture_get_conversation (copied, 0));
      b = seqack_conversation_get_trace (
        seqack_capture_get_conversation (mapped, 0));
      g_assert_cmpuint (seqack_trace_get_n_segments (b), ==,
                        G_N_ELEMENTS (test_lesson));
      g_assert_cmpuint (seqack_trace_get_n_events (b), ==,
                        seqack_trace_get_n_events (a));
      for (guint i = 0; i < seqack_trace_get_n_events (a); i++)
        {
          const SeqackEvent *ea = seqack_trace_get_event (a, i);
          const SeqackEvent *eb = seqack_trace_get_event (b, i);
          const guint8 *da, *db;
          gsize la, lb;

          g_assert_cmpint (eb->kind, ==, ea->kind);
          g_assert_cmpint (eb->t, ==, ea->t);
          if (ea->kind != SEQACK_EVENT_SEGMENT)
            continue;
          da = seqack_trace_get_data (a, i, &la);
          db = seqack_trace_get_data (b, i, &lb);
          g_assert_cmpmem (db, lb, da, la);
          g_assert_cmpuint (eb->seq, ==, ea->seq);
          if (eb->marks & SEQACK_MARK_TRUNCATED)
            n_cut++;
        }
      /* With the short snapshot, the segments with data were cut. */
      if (files[f].snaplen < 65535)
        g_assert_cmpuint (n_cut, >, 0);
      else
        g_assert_cmpuint (n_cut, ==, 0);
    }
}

/* What may be odd about one record of odd_lesson_pcap()'s file. */
typedef enum
{
  ODD_NONE,
  ODD_CAPLEN_OVER_LEN,   /* caplen above the length on the wire */
  ODD_OVER_SNAPLEN,      /* longer than the snapshot length: cut */
  ODD_HUGE,              /* longer than libpcap reads at all: refused */
  ODD_TIME,              /* seconds >= 2^31, a fraction >= a second */
  ODD_CUT_DATA,          /* the file ends inside its data */
  ODD_CUT_HEADER,        /* the file ends inside its header */
} Odd;

/* The lesson as odd_lesson_pcap() writes it: record @at is @odd. */
typedef struct
{
  const char *name;
  gboolean    big_endian, nanoseconds;
  guint       at;
  Odd         odd;
  /* What every way of reading it finds. */
  guint       n_frames, n_tcp, n_bad;
  const char *warning;  /* the end of it, or NULL for none */
} OddFile;

/* The lesson as a raw-IP pcap file written by hand (version 2.4), record
 * @file->at made odd as @file->odd says. */
static char *
odd_lesson_pcap (const OddFile *file)
{
  g_autoptr(GArray) frames = test_lesson_frames (NULL, 0);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gboolean be = file->big_endian;
  guint32 snaplen = 65535;

  /* The hello (45 bytes) is the longest record: the only one cut. */
  if (file->odd == ODD_OVER_SNAPLEN)
    snaplen = 44;
  put_u32 (out, file->nanoseconds ? 0xa1b23c4d : 0xa1b2c3d4, be);
  put_u32 (out, be ? 0x00020004 : 0x00040002, be);
  put_u32 (out, 0, be);
  put_u32 (out, 0, be);
  put_u32 (out, snaplen, be);
  put_u32 (out, 101, be);               /* LINKTYPE_RAW */
  for (guint i = 0; i < frames->len; i++)
    {
      TestFrame *f = &g_array_index (frames, TestFrame, i);
      guint32 sec = (guint32) (f->t_us / G_USEC_PER_SEC);
      guint32 frac = (guint32) (f->t_us % G_USEC_PER_SEC) *
                     (file->nanoseconds ? 1000 : 1);
      guint32 caplen = f->frame->len, len = f->frame->len;
      guint keep = f->frame->len;

      if (i == file->at)
        switch (file->odd)
          {
          case ODD_CAPLEN_OVER_LEN:
            len = caplen - 1;
            break;
          case ODD_HUGE:
            caplen = len = SEQACK_CAPTURE_MAX_CAPLEN + 1;
            break;
          case ODD_TIME:
            frac = file->nanoseconds ? 1999999999 : 1999999;
            break;
          case ODD_CUT_DATA:
            keep = caplen / 2;
            break;
          default:
            break;
          }
      if (i == file->at + 2 && file->odd == ODD_TIME)
        sec = 0x80000001;
      put_u32 (out, sec, be);
      put_u32 (out, frac, be);
      put_u32 (out, caplen, be);
      put_u32 (out, len, be);
      if (i == file->at && file->odd == ODD_CUT_HEADER)
        {
          g_byte_array_set_size (out, out->len - 9);
          break;
        }
      g_byte_array_append (out, f->frame->data, MIN (keep, caplen));
      if (i == file->at &&
          (file->odd == ODD_CUT_DATA || file->odd == ODD_HUGE))
        break;
    }
  return test_write_bytes (file->name, out->data, out->len);
}

/* @b says what @a says: the same error, or the same warning, counts,
 * conversations and, event for event, traces with the same bytes. */
static void
assert_same_capture (SeqackCapture *a,
                     const GError  *error_a,
                     SeqackCapture *b,
                     const GError  *error_b)
{
  guint n;

  if (a == NULL)
    {
      g_assert_null (b);
      g_assert_nonnull (error_a);
      g_assert_error (error_b, error_a->domain, error_a->code);
      g_assert_cmpstr (error_b->message, ==, error_a->message);
      return;
    }
  g_assert_no_error (error_b);
  g_assert_nonnull (b);
  g_assert_cmpstr (seqack_capture_get_warning (b), ==,
                   seqack_capture_get_warning (a));
  g_assert_cmpmem (seqack_capture_get_stats (b), sizeof (SeqackCaptureStats),
                   seqack_capture_get_stats (a), sizeof (SeqackCaptureStats));
  n = seqack_capture_get_n_conversations (a);
  g_assert_cmpuint (seqack_capture_get_n_conversations (b), ==, n);
  for (guint c = 0; c < n; c++)
    {
      SeqackConversation *ca = seqack_capture_get_conversation (a, c);
      SeqackConversation *cb = seqack_capture_get_conversation (b, c);
      const SeqackConversationInfo *ia = seqack_conversation_get_info (ca);
      const SeqackConversationInfo *ib = seqack_conversation_get_info (cb);
      SeqackTrace *ta = seqack_conversation_get_trace (ca);
      SeqackTrace *tb = seqack_conversation_get_trace (cb);
      g_autofree char *segments_a = test_segments (ta);
      g_autofree char *segments_b = test_segments (tb);
      g_autofree char *states_a = test_states (ta, SEQACK_CLIENT);
      g_autofree char *states_b = test_states (tb, SEQACK_CLIENT);

      g_assert_cmpuint (ib->n_packets, ==, ia->n_packets);
      g_assert_cmpint (ib->first_us, ==, ia->first_us);
      g_assert_cmpint (ib->last_us, ==, ia->last_us);
      g_assert_cmpint (ib->end, ==, ia->end);
      g_assert_cmpmem (&ib->client, sizeof ib->client,
                       &ia->client, sizeof ia->client);
      g_assert_cmpstr (segments_b, ==, segments_a);
      g_assert_cmpstr (states_b, ==, states_a);
      g_assert_cmpuint (seqack_trace_get_snapshot_length (tb), ==,
                        seqack_trace_get_snapshot_length (ta));
      g_assert_cmpuint (seqack_trace_get_n_events (tb), ==,
                        seqack_trace_get_n_events (ta));
      for (guint e = 0; e < seqack_trace_get_n_events (ta); e++)
        {
          const SeqackEvent *ea = seqack_trace_get_event (ta, e);
          const SeqackEvent *eb = seqack_trace_get_event (tb, e);
          const guint8 *da, *db;
          gsize la = 0, lb = 0;

          g_assert_cmpint (eb->kind, ==, ea->kind);
          g_assert_cmpint (eb->t, ==, ea->t);
          g_assert_cmpuint (eb->marks, ==, ea->marks);
          da = seqack_trace_get_data (ta, e, &la);
          db = seqack_trace_get_data (tb, e, &lb);
          g_assert_cmpmem (db, lb, da, la);
        }
    }
}

/* Mapped (seqack-cli's load) or copied into memory (the window's), a
 * classic pcap's ordinary records are read straight from the mapping
 * and the others by libpcap; a stream is read by libpcap alone. All
 * three find the same in files whose records are odd in every way
 * libpcap treats specially, in either byte order and with nanosecond
 * times, the ordinary records after an odd one included. */
static void
test_mapped_as_stream (void)
{
  static const OddFile files[] = {
    { "odd-none.pcap", FALSE, FALSE, 0, ODD_NONE, 11, 11, 0, NULL },
    { "odd-be.pcap", TRUE, FALSE, 0, ODD_NONE, 11, 11, 0, NULL },
    { "odd-nano.pcap", FALSE, TRUE, 0, ODD_NONE, 11, 11, 0, NULL },
    { "odd-be-nano.pcap", TRUE, TRUE, 0, ODD_NONE, 11, 11, 0, NULL },
    { "odd-caplen-len.pcap", FALSE, FALSE, 2, ODD_CAPLEN_OVER_LEN,
      11, 10, 1, NULL },
    { "odd-caplen-len-be.pcap", TRUE, TRUE, 4, ODD_CAPLEN_OVER_LEN,
      11, 10, 1, NULL },
    { "odd-snaplen.pcap", FALSE, FALSE, 3, ODD_OVER_SNAPLEN, 11, 11, 0,
      NULL },
    { "odd-snaplen-be.pcap", TRUE, TRUE, 3, ODD_OVER_SNAPLEN, 11, 11, 0,
      NULL },
    { "odd-time.pcap", FALSE, FALSE, 4, ODD_TIME, 11, 11, 0, NULL },
    { "odd-time-be-nano.pcap", TRUE, TRUE, 4, ODD_TIME, 11, 11, 0, NULL },
    { "odd-huge.pcap", FALSE, FALSE, 6, ODD_HUGE, 6, 6, 0,
      "damaged after packet 6 (invalid packet capture length 262145, "
      "bigger than snaplen of 65535): showing what could be read" },
    { "odd-cut-data.pcap", TRUE, FALSE, 10, ODD_CUT_DATA, 10, 10, 0,
      "damaged after packet 10: showing what could be read" },
    { "odd-cut-header.pcap", FALSE, TRUE, 7, ODD_CUT_HEADER, 7, 7, 0,
      "damaged after packet 7: showing what could be read" },
  };

  for (guint f = 0; f < G_N_ELEMENTS (files); f++)
    {
      const OddFile *file = &files[f];
      g_autofree char *path = odd_lesson_pcap (file);
      g_autofree char *name = g_filename_display_name (path);
      g_autoptr(GError) error_s = NULL, error_m = NULL, error_c = NULL;
      g_autoptr(SeqackCapture) streamed = NULL, mapped = NULL;
      g_autoptr(SeqackCapture) copied = NULL;
      const SeqackCaptureStats *stats;
      const char *warning;
      FILE *stream = fopen (path, "rb");

      g_test_message ("%s", file->name);
      g_assert_nonnull (stream);
      streamed = seqack_capture_load_stream (stream, name, NULL, NULL, NULL,
                                             &error_s);
      g_assert_no_error (error_s);
      stats = seqack_capture_get_stats (streamed);
      g_assert_cmpuint (stats->n_frames, ==, file->n_frames);
      g_assert_cmpuint (stats->n_tcp, ==, file->n_tcp);
      g_assert_cmpuint (stats->n_bad, ==, file->n_bad);
      g_assert_cmpuint (seqack_capture_get_n_conversations (streamed), ==, 1);
      warning = seqack_capture_get_warning (streamed);
      if (file->warning == NULL)
        g_assert_null (warning);
      else
        g_assert_true (warning != NULL &&
                       g_str_has_suffix (warning, file->warning));
      /* Nanoseconds become the same microseconds. */
      if (file->odd != ODD_TIME)
        g_assert_cmpint (seqack_conversation_get_info (
                           seqack_capture_get_conversation (streamed, 0))
                           ->first_us, ==, TEST_T0);

      mapped = seqack_capture_load_file_mapped (path, NULL, NULL, NULL,
                                                &error_m);
      assert_same_capture (streamed, error_s, mapped, error_m);
      copied = seqack_capture_load_file (path, NULL, NULL, NULL, &error_c);
      assert_same_capture (streamed, error_s, copied, error_c);
    }
}

/* A file no way of reading it can open is refused in the same words. */
static void
test_mapped_as_stream_refused (void)
{
  static const guint8 header[] = {
    0xd4, 0xc3, 0xb2, 0xa1, 0x02, 0x00, 0x04, 0x00, 0, 0, 0, 0
  };
  g_autofree char *path = test_write_bytes ("odd-header.pcap", header,
                                            sizeof header);
  g_autofree char *name = g_filename_display_name (path);
  g_autoptr(GError) error_s = NULL, error_m = NULL;
  g_autoptr(SeqackCapture) streamed = NULL, mapped = NULL;
  FILE *stream = fopen (path, "rb");

  g_assert_nonnull (stream);
  streamed = seqack_capture_load_stream (stream, name, NULL, NULL, NULL,
                                         &error_s);
  g_assert_null (streamed);
  g_assert_error (error_s, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED);
  mapped = seqack_capture_load_file_mapped (path, NULL, NULL, NULL,
                                            &error_m);
  assert_same_capture (streamed, error_s, mapped, error_m);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/capture/file/ethernet", test_ethernet);
  g_test_add_func ("/capture/file/ethernet-vlan", test_ethernet_vlan);
  g_test_add_func ("/capture/file/ethernet-padding", test_ethernet_padding);
  g_test_add_func ("/capture/file/linux-sll", test_linux_sll);
  g_test_add_func ("/capture/file/linux-sll2", test_linux_sll2);
  g_test_add_func ("/capture/file/raw", test_raw);
  g_test_add_func ("/capture/file/bsd-loopback", test_bsd_loopback);
  g_test_add_func ("/capture/file/ipv6", test_ipv6_file);
  g_test_add_func ("/capture/file/pcapng", test_pcapng);
  g_test_add_func ("/capture/file/mapped-records", test_mapped_records);
  g_test_add_func ("/capture/file/mapped-as-stream", test_mapped_as_stream);
  g_test_add_func ("/capture/file/mapped-as-stream-refused",
                   test_mapped_as_stream_refused);
  g_test_add_func ("/capture/file/skips-other-traffic",
                   test_skips_other_traffic);
  g_test_add_func ("/capture/file/progress-and-cancel",
                   test_progress_and_cancel);
  g_test_add_func ("/capture/file/stream", test_stream);
  g_test_add_func ("/capture/file/loader", test_loader);
  g_test_add_func ("/capture/file/tmp-folders-removed",
                   test_tmp_folders_removed);

  return g_test_run ();
}
