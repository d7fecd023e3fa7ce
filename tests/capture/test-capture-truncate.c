/* test-capture-truncate.c: a capture file truncated while the app has it
 * open (a new `tcpdump -w` over the same file). The app's loader
 * (seqack-capture-loader.c) reads with seqack_capture_load_file(), which
 * keeps no mapping of the file (it maps a copy of it in memory): every
 * packet's bytes stay readable and exportable, unchanged, whatever
 * happens to the file. */

#include "config.h"

#include <unistd.h>

#include "capture-test-util.h"
#include "seqack-capture.h"

/* Conversations in the file: enough frames (11 each) for the loader to
 * report progress once before the end, and many pages to cut. */
#define N_CONVERSATIONS 400

/* Every event's bytes of every conversation, one after the other, and
 * one conversation in 40 exported to pcap (the inspector's hex dump and
 * File > Export read the same bytes; an export syncs its file, so not
 * all 400). */
static GByteArray *
read_everything (SeqackCapture *capture)
{
  GByteArray *all = g_byte_array_new ();
  g_autofree char *export_path = test_tmp_path ("export.pcap");

  for (guint c = 0; c < seqack_capture_get_n_conversations (capture); c++)
    {
      SeqackTrace *trace =
        seqack_conversation_get_trace (seqack_capture_get_conversation (capture,
                                                                        c));
      g_autoptr(GError) error = NULL;
      g_autofree char *exported = NULL;
      gsize exported_len;

      for (guint e = 0; e < seqack_trace_get_n_events (trace); e++)
        {
          gsize len = 0;
          const guint8 *data = seqack_trace_get_data (trace, e, &len);

          if (len > 0)
            g_byte_array_append (all, data, (guint) len);
        }
      if (c % 40 != 39)
        continue;
      g_assert_true (seqack_trace_write_pcap (trace, export_path, TEST_T0,
                                              &error));
      g_assert_no_error (error);
      g_file_get_contents (export_path, &exported, &exported_len, &error);
      g_assert_no_error (error);
      g_byte_array_append (all, (const guint8 *) exported,
                           (guint) exported_len);
    }
  return all;
}

static void
truncate_to (const char *path,
             off_t       size)
{
  g_assert_cmpint (truncate (path, size), ==, 0);
}

/* Loaded, then the file cut to @keep (a fraction in 1/1000s of its
 * size): the bytes read afterwards are the ones read before. */
static void
check_truncated_after_load (guint keep)
{
  g_autofree char *path = test_write_lessons ("truncated.pcap", N_CONVERSATIONS, 40000);
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) capture = NULL;
  g_autoptr(GByteArray) before = NULL, after = NULL;
  GStatBuf st;

  capture = seqack_capture_load_file (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seqack_capture_get_n_conversations (capture), ==,
                    N_CONVERSATIONS);
  before = read_everything (capture);
  g_assert_cmpuint (before->len, >, 0);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, >, 16 * 4096);
  truncate_to (path, st.st_size / 1000 * keep);

  after = read_everything (capture);
  g_assert_cmpmem (after->data, after->len, before->data, before->len);
}

static void
test_truncated_to_zero (void)
{
  check_truncated_after_load (0);
}

static void
test_truncated_to_half (void)
{
  check_truncated_after_load (500);
}

typedef struct
{
  const char *path;
  gboolean    cut;
} CutDuring;

static void
cut_on_progress (guint64  done,
                 guint64  total,
                 gpointer user_data)
{
  CutDuring *cut = user_data;

  if (!cut->cut && done < total)
    {
      truncate_to (cut->path, (off_t) total / 2);
      cut->cut = TRUE;
    }
}

/* Cut while it loads: what was read before stays, readable; no crash. */
static void
test_truncated_during_load (void)
{
  g_autofree char *path = test_write_lessons ("truncated.pcap", N_CONVERSATIONS, 40000);
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) capture = NULL;
  g_autoptr(GByteArray) all = NULL;
  CutDuring cut = { path, FALSE };

  capture = seqack_capture_load_file (path, cut_on_progress, &cut, NULL,
                                      &error);
  g_assert_no_error (error);
  g_assert_true (cut.cut);
  g_assert_cmpuint (seqack_capture_get_stats (capture)->n_frames, <,
                    N_CONVERSATIONS * G_N_ELEMENTS (test_lesson));
  g_assert_cmpuint (seqack_capture_get_stats (capture)->n_frames, >, 0);
  all = read_everything (capture);
  g_assert_cmpuint (all->len, >, 0);
}

/* The mapped load (seqack-cli's) reads the same packets, byte for byte. */
static void
test_mapped_same_bytes (void)
{
  g_autofree char *path = test_write_lessons ("truncated.pcap", N_CONVERSATIONS, 40000);
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) copied = NULL, mapped = NULL;
  g_autoptr(GByteArray) a = NULL, b = NULL;

  copied = seqack_capture_load_file (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  mapped = seqack_capture_load_file_mapped (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  a = read_everything (copied);
  b = read_everything (mapped);
  g_assert_cmpmem (a->data, a->len, b->data, b->len);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/capture/truncate/after-load-to-zero",
                   test_truncated_to_zero);
  g_test_add_func ("/capture/truncate/after-load-to-half",
                   test_truncated_to_half);
  g_test_add_func ("/capture/truncate/during-load", test_truncated_during_load);
  g_test_add_func ("/capture/truncate/mapped-same-bytes",
                   test_mapped_same_bytes);

  return g_test_run ();
}
