/* test-trace-pcap.c: the session as a pcap that Wireshark opens. */
#include <glib/gstdio.h>
#include <pcap/pcap.h>
#include <string.h>

#include "seqack-trace.h"
#include "trace-test-util.h"

#define EPOCH G_GINT64_CONSTANT (1700000000123456)

static char *
make_tmp_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("seqack-trace-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  g_assert_nonnull (d);
  while (g_dir_read_name (d) != NULL)
    n++;
  return n;
}

static void
remove_tmp_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        g_rmdir (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

/* A trace with the lesson, a lost segment and a malformed capture: every
 * segment is exported, the others are not. */
static SeqackTrace *
build_trace (guint32 x,
             guint32 y)
{
  SeqackTrace *trace = seqack_trace_new ();

  test_build_lesson (trace, x, y, NULL);
  /* The final ACK's retransmitted FIN, lost on the wire: a capture at the
   * sender holds it. */
  test_add_segment (trace, 1200000, SEQACK_SERVER, y + 4, x + 7,
                    SEQACK_TCP_FIN | SEQACK_TCP_ACK, NULL, SEQACK_FATE_LOST,
                    SEQACK_MARK_RETRANSMISSION);
  return trace;
}

static void
test_roundtrip (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "lesson.pcap", NULL);
  g_autoptr(SeqackTrace) trace = build_trace (g_test_rand_int (),
                                              g_test_rand_int ());
  g_autoptr(GError) error = NULL;
  char errbuf[PCAP_ERRBUF_SIZE];
  struct pcap_pkthdr *header;
  const u_char *bytes;
  pcap_t *pcap;
  guint n_segments = 0, record = 0;

  g_assert_true (seqack_trace_write_pcap (trace, path, EPOCH, &error));
  g_assert_no_error (error);
  /* Only the capture itself: the temporary file was renamed. */
  g_assert_cmpuint (count_files (dir), ==, 1);

  pcap = pcap_open_offline (path, errbuf);
  g_assert_nonnull (pcap);
  g_assert_cmpint (pcap_datalink (pcap), ==, DLT_RAW);

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *event = seqack_trace_get_event (trace, i);
      const guint8 *data;
      gsize len = 0;
      gint64 ts;

      if (event->kind != SEQACK_EVENT_SEGMENT)
        continue;
      n_segments++;
      g_assert_cmpint (pcap_next_ex (pcap, &header, &bytes), ==, 1);
      record++;
      data = seqack_trace_get_data (trace, i, &len);
      g_assert_cmpmem (bytes, header->caplen, data, len);
      g_assert_cmpuint (header->len, ==, len);
      ts = (gint64) header->ts.tv_sec * G_USEC_PER_SEC + header->ts.tv_usec;
      g_assert_cmpint (ts, ==, EPOCH + event->t);
    }
  g_assert_cmpint (pcap_next_ex (pcap, &header, &bytes), ==,
                   PCAP_ERROR_BREAK);
  pcap_close (pcap);
  g_assert_cmpuint (n_segments, ==, 12);
  g_assert_cmpuint (record, ==, 12);

  /* Writing again replaces the file whole. */
  {
    g_autoptr(SeqackTrace) small = seqack_trace_new ();
    guint n = 0;

    test_add_segment (small, 0, SEQACK_CLIENT, 1, 0, SEQACK_TCP_SYN, NULL,
                      SEQACK_FATE_DELIVERED, 0);
    g_assert_true (seqack_trace_write_pcap (small, path, 0, &error));
    pcap = pcap_open_offline (path, errbuf);
    g_assert_nonnull (pcap);
    while (pcap_next_ex (pcap, &header, &bytes) == 1)
      n++;
    pcap_close (pcap);
    g_assert_cmpuint (n, ==, 1);
    g_assert_cmpuint (count_files (dir), ==, 1);
  }

  remove_tmp_dir (dir);
}

/* A file that cannot be written is an error naming the file and the
 * reason, and leaves nothing behind. */
static void
test_no_directory (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "missing", "x.pcap", NULL);
  g_autoptr(SeqackTrace) trace = build_trace (1, 2);
  g_autoptr(GError) error = NULL;

  g_assert_false (seqack_trace_write_pcap (trace, path, EPOCH, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_IO);
  g_assert_nonnull (strstr (error->message, path));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOENT)));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_files (dir), ==, 0);
  remove_tmp_dir (dir);
}

/* The failure comes at the very end (the rename onto a directory): the
 * temporary file must still go. Works as root too, unlike chmod tricks. */
static void
test_fails_late (void)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "taken", NULL);
  g_autofree char *inside = g_build_filename (path, "keep", NULL);
  g_autoptr(SeqackTrace) trace = build_trace (1, 2);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir (path, 0755), ==, 0);
  g_assert_true (g_file_set_contents (inside, "x", 1, NULL));

  g_assert_false (seqack_trace_write_pcap (trace, path, EPOCH, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_IO);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "Cannot write "));
  g_assert_nonnull (strstr (error->message, path));
  /* Only the directory that was there. */
  g_assert_cmpuint (count_files (dir), ==, 1);
  g_assert_true (g_file_test (inside, G_FILE_TEST_IS_REGULAR));
  remove_tmp_dir (path);
  remove_tmp_dir (dir);
}

/* Splits tshark's tab-separated fields output into rows of columns. */
static GPtrArray *
run_tshark (const char *tshark,
            const char *path)
{
  const char *argv[] = {
    tshark, "-r", path, "-n",
    "-o", "tcp.check_checksum:TRUE",
    "-o", "ip.check_checksum:TRUE",
    "-o", "tcp.relative_sequence_numbers:TRUE",
    "-T", "fields",
    "-e", "tcp.seq", "-e", "tcp.ack", "-e", "_ws.malformed",
    "-e", "tcp.checksum.status", "-e", "ip.checksum.status",
    NULL,
  };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                    g_strfreev);
  int status = 0;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                               &status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("tshark failed: %s", err);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (lines[i][0] != '\0')
      g_ptr_array_add (rows, g_strsplit (lines[i], "\t", -1));
  return rows;
}

static void
assert_tshark_agrees (SeqackTrace *trace,
                      const char  *tshark)
{
  g_autofree char *dir = make_tmp_dir ();
  g_autofree char *path = g_build_filename (dir, "t.pcap", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  guint row = 0;

  g_assert_true (seqack_trace_write_pcap (trace, path, EPOCH, &error));
  g_assert_no_error (error);
  rows = run_tshark (tshark, path);

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *event = seqack_trace_get_event (trace, i);
      char **f;

      if (event->kind != SEQACK_EVENT_SEGMENT)
        continue;
      g_assert_cmpuint (row, <, rows->len);
      f = g_ptr_array_index (rows, row++);
      g_assert_cmpuint (g_strv_length (f), ==, 5);
      g_test_message ("event %u: tshark seq=%s ack=%s, ours %u %u", i,
                      f[0], f[1], seqack_trace_relative_seq (trace, i),
                      seqack_trace_relative_ack (trace, i));
      /* A closed port's <SEQ=0> reset (RFC 9293 §3.10.7.1): Wireshark
       * guesses Seq=1 for a side it saw no SYN from; SeqAck shows the
       * real 0. */
      if ((event->flags & (SEQACK_TCP_RST | SEQACK_TCP_ACK)) ==
          (SEQACK_TCP_RST | SEQACK_TCP_ACK) && event->seq == 0)
        {
          g_assert_cmpuint (g_ascii_strtoull (f[0], NULL, 10), ==, 1);
          g_assert_cmpuint (seqack_trace_relative_seq (trace, i), ==, 0);
        }
      else
        g_assert_cmpuint (g_ascii_strtoull (f[0], NULL, 10), ==,
                          seqack_trace_relative_seq (trace, i));
      /* tshark leaves tcp.ack out when the ACK flag is off; we say 0. */
      g_assert_cmpuint (g_ascii_strtoull (f[1], NULL, 10), ==,
                        seqack_trace_relative_ack (trace, i));
      g_assert_cmpstr (f[2], ==, "");
      /* 1 = "Good" in Wireshark's checksum status. */
      g_assert_cmpstr (f[3], ==, "1");
      g_assert_cmpstr (f[4], ==, "1");
    }
  g_assert_cmpuint (row, ==, rows->len);
  remove_tmp_dir (dir);
}

/* The judge: Wireshark's own relative numbers equal ours, with good
 * checksums and nothing malformed. */
static void
test_tshark (void)
{
  const char *tshark = g_getenv ("TSHARK");

  if (tshark == NULL || *tshark == '\0')
    {
      g_test_skip ("TSHARK is not set");
      return;
    }

  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(SeqackTrace) trace = build_trace (g_test_rand_int (),
                                                  g_test_rand_int ());

      assert_tshark_agrees (trace, tshark);
    }

  /* A capture that starts mid-connection: no SYN seen. */
  {
    g_autoptr(SeqackTrace) trace = seqack_trace_new ();
    guint32 x = g_test_rand_int (), y = g_test_rand_int ();
    const SeqackFate F = SEQACK_FATE_CAPTURED;
    const guint8 ACK = SEQACK_TCP_ACK, PSH = SEQACK_TCP_PSH;

    test_add_segment (trace, 0, SEQACK_CLIENT, x, y, PSH | ACK, "hello", F,
                      0);
    test_add_segment (trace, 10, SEQACK_SERVER, y, x + 5, ACK, NULL, F, 0);
    test_add_segment (trace, 20, SEQACK_SERVER, y, x + 5, PSH | ACK, "hi!",
                      F, 0);
    test_add_segment (trace, 30, SEQACK_CLIENT, x + 5, y + 3,
                      SEQACK_TCP_FIN | ACK, NULL, F, 0);
    assert_tshark_agrees (trace, tshark);
  }

  /* The same ports used again by a new connection, no begin_connection:
   * Wireshark's "port numbers reused" numbering, with a refusal. */
  {
    g_autoptr(SeqackTrace) trace = seqack_trace_new ();
    guint32 x = g_test_rand_int (), y = g_test_rand_int ();
    guint32 x2 = x + 0x40000000;
    const SeqackFate F = SEQACK_FATE_CAPTURED;

    test_build_lesson (trace, x, y, NULL);
    test_add_segment (trace, 200000, SEQACK_CLIENT, x2, 0, SEQACK_TCP_SYN,
                      NULL, F, 0);
    test_add_segment (trace, 220000, SEQACK_SERVER, 0, x2 + 1,
                      SEQACK_TCP_RST | SEQACK_TCP_ACK, NULL, F, 0);
    test_add_segment (trace, 1200000, SEQACK_CLIENT, x2, 0, SEQACK_TCP_SYN,
                      NULL, F, SEQACK_MARK_RETRANSMISSION);
    assert_tshark_agrees (trace, tshark);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trace/pcap/roundtrip", test_roundtrip);
  g_test_add_func ("/trace/pcap/no-directory", test_no_directory);
  g_test_add_func ("/trace/pcap/fails-late", test_fails_late);
  g_test_add_func ("/trace/pcap/tshark", test_tshark);

  return g_test_run ();
}
