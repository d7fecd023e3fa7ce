/* test-capture-copy.c: the window's load copies a capture file into
 * memory the process owns (seqack-file-copy.c) and keeps the packets in
 * that copy; what cannot be copied (a pipe) is still read as a stream. */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "capture-test-util.h"
#include "seqack-capture.h"
#include "seqack-file-copy.h"

#define N_CONVERSATIONS 300

/* The copy holds the file's bytes, and keeps them when the file is
 * written over afterwards. */
static void
test_copy_same_bytes (void)
{
  g_autofree char *path = test_write_lessons ("copy.pcap", N_CONVERSATIONS, 30000);
  g_autofree char *contents = NULL;
  g_autofree guint8 *zeros = NULL;
  TestProgress p = { 0 };
  struct stat st;
  gsize size;
  guint8 *copied;
  int fd, copy;

  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  fd = open (path, O_RDWR | O_CLOEXEC);
  g_assert_cmpint (fd, >=, 0);
  copy = seqack_file_copy_to_memory (fd, test_on_progress, &p, NULL);
  g_assert_cmpint (copy, >=, 0);
  g_assert_cmpint (fstat (copy, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, (off_t) size);
  g_assert_cmpuint (p.calls, >=, 2);     /* before the chunk, and done */
  g_assert_cmpuint (p.last_done, ==, size);
  g_assert_cmpuint (p.total, ==, size);

  zeros = g_malloc0 (size);
  g_assert_cmpint (pwrite (fd, zeros, size, 0), ==, (ssize_t) size);
  copied = mmap (NULL, size, PROT_READ, MAP_PRIVATE, copy, 0);
  g_assert_true (copied != MAP_FAILED);
  g_assert_cmpmem (copied, size, contents, size);
  munmap (copied, size);
  close (copy);
  close (fd);
}

/* A pipe and an empty file cannot be copied (the caller reads them as a
 * stream); a cancelled copy says so. */
static void
test_copy_refused (void)
{
  g_autofree char *path = test_write_lessons ("copy.pcap", N_CONVERSATIONS, 30000);
  g_autofree char *empty = test_write_bytes ("empty.pcap", NULL, 0);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  int pipe_fds[2], fd;

  g_assert_cmpint (pipe (pipe_fds), ==, 0);
  errno = 0;
  g_assert_cmpint (seqack_file_copy_to_memory (pipe_fds[0], NULL, NULL, NULL),
                   ==, -1);
  g_assert_cmpint (errno, ==, EINVAL);
  close (pipe_fds[0]);
  close (pipe_fds[1]);

  fd = open (empty, O_RDONLY | O_CLOEXEC);
  errno = 0;
  g_assert_cmpint (seqack_file_copy_to_memory (fd, NULL, NULL, NULL), ==, -1);
  g_assert_cmpint (errno, ==, EINVAL);
  close (fd);

  fd = open (path, O_RDONLY | O_CLOEXEC);
  g_cancellable_cancel (cancellable);
  errno = 0;
  g_assert_cmpint (seqack_file_copy_to_memory (fd, NULL, NULL, cancellable),
                   ==, -1);
  g_assert_cmpint (errno, ==, ECANCELED);
  close (fd);
}

typedef struct
{
  const char *fifo;
  const char *contents;
  gsize       size;
} Feeder;

static gpointer
feed_fifo (gpointer data)
{
  Feeder *feeder = data;
  int fd = open (feeder->fifo, O_WRONLY | O_CLOEXEC);

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, feeder->contents, feeder->size), ==,
                   (ssize_t) feeder->size);
  close (fd);
  return NULL;
}

/* Through a named pipe (`seqack <(tcpdump -w - ...)`) the file is read as
 * a stream: the same conversations and bytes as from the file, and the
 * progress still ends at the size read. */
static void
test_load_from_fifo (void)
{
  g_autofree char *path = test_write_lessons ("copy.pcap", N_CONVERSATIONS, 30000);
  g_autofree char *fifo = test_tmp_path ("capture.fifo");
  g_autofree char *contents = NULL;
  g_autoptr(SeqackCapture) from_file = NULL, from_fifo = NULL;
  g_autoptr(GError) error = NULL;
  TestProgress p = { 0 };
  Feeder feeder;
  GThread *thread;
  gsize size;

  g_assert_true (g_file_get_contents (path, &contents, &size, NULL));
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  feeder = (Feeder) { fifo, contents, size };
  thread = g_thread_new ("feeder", feed_fifo, &feeder);

  from_fifo = seqack_capture_load_file (fifo, test_on_progress, &p, NULL, &error);
  g_thread_join (thread);
  g_assert_no_error (error);
  from_file = seqack_capture_load_file (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (seqack_capture_get_n_conversations (from_fifo), ==,
                    N_CONVERSATIONS);
  g_assert_cmpuint (seqack_capture_get_stats (from_fifo)->n_frames, ==,
                    seqack_capture_get_stats (from_file)->n_frames);
  for (guint c = 0; c < N_CONVERSATIONS; c += 37)
    {
      SeqackTrace *a = seqack_conversation_get_trace (
        seqack_capture_get_conversation (from_fifo, c));
      SeqackTrace *b = seqack_conversation_get_trace (
        seqack_capture_get_conversation (from_file, c));

      g_assert_cmpuint (seqack_trace_get_n_events (a), ==,
                        seqack_trace_get_n_events (b));
      for (guint e = 0; e < seqack_trace_get_n_events (a); e++)
        {
          gsize la = 0, lb = 0;
          const guint8 *da = seqack_trace_get_data (a, e, &la);
          const guint8 *db = seqack_trace_get_data (b, e, &lb);

          g_assert_cmpmem (da, la, db, lb);
        }
    }
}

/* The window's progress bar never goes back: copying is the first part
 * of one count, reading the copy the rest. */
static void
test_load_progress_one_way (void)
{
  g_autofree char *path = test_write_lessons ("copy.pcap", N_CONVERSATIONS, 30000);
  g_autoptr(SeqackCapture) capture = NULL;
  g_autoptr(GError) error = NULL;
  TestProgress p = { 0 };
  struct stat st;

  g_assert_cmpint (stat (path, &st), ==, 0);
  capture = seqack_capture_load_file (path, test_on_progress, &p, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (p.calls, >=, 3);
  g_assert_cmpuint (p.last_done, ==, (guint64) st.st_size);
  g_assert_cmpuint (p.total, ==, (guint64) st.st_size);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/capture/copy/same-bytes", test_copy_same_bytes);
  g_test_add_func ("/capture/copy/refused", test_copy_refused);
  g_test_add_func ("/capture/copy/load-from-fifo", test_load_from_fifo);
  g_test_add_func ("/capture/copy/load-progress-one-way",
                   test_load_progress_one_way);

  return g_test_run ();
}
