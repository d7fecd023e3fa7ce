/* test-capture-live.c: live capture with libpcap on the loopback: a real
 * kernel handshake and teardown, recorded and drawn; start, stop and
 * error paths that leave no thread behind.
 *
 * Capturing needs CAP_NET_RAW (tests run as root in CI); without it the
 * tests that capture are skipped with a message. */

#include "config.h"

#include <dirent.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <unistd.h>
#include <signal.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "capture-test-util.h"
#include "seqack-capture.h"
#include "seqack-capture-demo.h"
#include "seqack-capture-live.h"
#include "seqack-error.h"

/* Threads of this process, from /proc (Linux). */
static guint
count_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* The threads of this process once the joined ones have left
 * /proc/self/task: pthread_join() returns when a thread has finished,
 * and the kernel reaps its task a moment later, so a count taken at
 * once can still see it on a loaded machine. Waits up to 2 s for
 * @expected; a thread that was never joined still counts. */
static guint
count_threads_settled (guint expected)
{
  guint n;

  for (guint tries = 0; (n = count_threads ()) != expected && tries < 200;
       tries++)
    g_usleep (10000);
  return n;
}

/* Opens lo with @filter, or skips the test when capture is not
 * permitted here. */
static SeqackCaptureLive *
open_lo (const char *filter)
{
  g_autoptr(GError) error = NULL;
  SeqackCaptureLive *live = seqack_capture_live_new ("lo", filter, &error);

  if (live == NULL && g_error_matches (error, SEQACK_ERROR,
                                       SEQACK_ERROR_PERMISSION))
    {
      g_test_skip_printf ("live capture on lo is not permitted here (run "
                          "as root or with CAP_NET_RAW): %s",
                          error->message);
      return NULL;
    }
  g_assert_no_error (error);
  return live;
}

typedef struct
{
  SeqackCapture *capture;
  guint          n_batches;
  guint          n_frames;
  guint          n_stopped;
  gboolean       stopped_with_error;
  gint64         max_batch_gap_violations;
  gint64         last_batch_time;
} Sink;

static void
on_batch (SeqackCaptureLive        *live,
          const SeqackCaptureBatch *batch,
          gpointer                  user_data)
{
  Sink *sink = user_data;

  g_assert_cmpuint (batch->n_frames, >, 0);
  g_assert_cmpint (batch->link_type, ==, seqack_capture_live_get_link_type (live));
  sink->n_batches++;
  sink->n_frames += batch->n_frames;
  if (sink->capture != NULL)
    for (guint i = 0; i < batch->n_frames; i++)
      seqack_capture_add_frame (sink->capture, batch->link_type,
                                batch->frames[i].t_us, batch->frames[i].data,
                                batch->frames[i].len);
}

static void
on_stopped (SeqackCaptureLive *live,
            const GError      *error,
            gpointer           user_data)
{
  Sink *sink = user_data;

  sink->n_stopped++;
  sink->stopped_with_error = error != NULL;
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the default main context until @done says so or 5 s pass. */
static void
run_until (gboolean (*done) (gpointer),
           gpointer   data)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  guint tick = g_timeout_add (20, wake_up, NULL);

  while (!done (data) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick);
}

static gboolean
conversation_closed (gpointer data)
{
  Sink *sink = data;
  SeqackConversation *conv;

  if (seqack_capture_get_n_conversations (sink->capture) == 0)
    return FALSE;
  conv = seqack_capture_get_conversation (sink->capture, 0);
  /* Both FINs and the final ACK. */
  return seqack_conversation_get_info (conv)->end == SEQACK_CONVERSATION_FIN &&
         seqack_trace_get_state (seqack_conversation_get_trace (conv),
                                 seqack_trace_get_n_events (
                                   seqack_conversation_get_trace (conv)) - 1,
                                 SEQACK_SERVER) == SEQACK_TCP_CLOSED;
}

static gboolean
handshake_seen (gpointer data)
{
  Sink *sink = data;

  return seqack_capture_get_n_conversations (sink->capture) > 0 &&
         seqack_conversation_get_info (
           seqack_capture_get_conversation (sink->capture, 0))->n_packets >= 3;
}

static gboolean
stopped (gpointer data)
{
  return ((Sink *) data)->n_stopped > 0;
}

/* What the kernel does for the demo connection, as the lesson draws it. */
static void
assert_kernel_connection (SeqackCapture *capture,
                          guint16        server_port)
{
  g_autofree char *segments = NULL, *client = NULL, *server = NULL;
  const SeqackConversationInfo *info;
  SeqackConversation *conv;
  SeqackTrace *trace;
  char buf[64], expected[64];

  g_assert_cmpuint (seqack_capture_get_n_conversations (capture), ==, 1);
  conv = seqack_capture_get_conversation (capture, 0);
  info = seqack_conversation_get_info (conv);
  trace = seqack_conversation_get_trace (conv);

  g_snprintf (expected, sizeof expected, "127.0.0.1:%u", server_port);
  g_assert_cmpstr (seqack_endpoint_to_string (&info->server, buf), ==,
                   expected);
  g_assert_true (g_str_has_prefix (seqack_endpoint_to_string (&info->client,
                                                              buf),
                                   "127.0.0.1:"));
  g_assert_true (info->syn_seen);
  g_assert_cmpint (info->end, ==, SEQACK_CONVERSATION_FIN);

  segments = test_segments (trace);
  g_test_message ("kernel segments: %s", segments);
  /* The handshake with relative numbers 0 / 0,1 / 1,1; then "hello" (5
   * bytes) from the client and "bye" (3) from the server; whether the
   * kernel acknowledges with its own segment or piggybacks varies, so
   * the rest is checked by content below. */
  g_assert_true (g_str_has_prefix (segments,
                                   "SYN 0/0 0; SYN, ACK 0/1 0; ACK 1/1 0; "
                                   "PSH, ACK 1/1 5; "));
  g_assert_nonnull (strstr (segments, "PSH, ACK 1/6 3"));
  g_assert_nonnull (strstr (segments, "FIN, ACK 6/4 0"));
  g_assert_nonnull (strstr (segments, "FIN, ACK 4/7 0"));
  g_assert_true (g_str_has_suffix (segments, "ACK 7/5 0"));

  client = test_states (trace, SEQACK_CLIENT);
  server = test_states (trace, SEQACK_SERVER);
  g_assert_cmpstr (client, ==,
                   "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT");
  g_assert_cmpstr (server, ==,
                   "LISTEN SYN-RCVD ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED");
}

static void
test_real_handshake (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCaptureDemo) demo = NULL;
  g_autoptr(SeqackCaptureLive) live = NULL;
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autoptr(SeqackCapture) saved = NULL;
  g_autoptr(SeqackCapture) exported = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *save_path = test_tmp_path ("live.pcap");
  g_autofree char *export_path = test_tmp_path ("export.pcap");
  Sink sink = { capture };
  gint64 started;
  SeqackConversation *conv;

  demo = seqack_capture_demo_new (&error);
  g_assert_no_error (error);
  filter = seqack_capture_demo_get_filter (demo);
  live = open_lo (filter);
  if (live == NULL)
    return;

  g_assert_true (seqack_capture_live_save_to (live, save_path, &error));
  g_assert_no_error (error);
  g_assert_true (seqack_capture_live_start (live, NULL, on_batch, on_stopped,
                                            &sink, NULL, &error));
  g_assert_no_error (error);

  started = g_get_monotonic_time ();
  g_assert_true (seqack_capture_demo_handshake (demo, &error));
  run_until (handshake_seen, &sink);
  /* The promise: a real handshake shows within a second. */
  g_assert_true (handshake_seen (&sink));
  g_assert_cmpint (g_get_monotonic_time () - started, <, G_USEC_PER_SEC);

  g_assert_true (seqack_capture_demo_wait (demo, &error));
  g_assert_no_error (error);
  run_until (conversation_closed, &sink);
  seqack_capture_live_stop (live);
  g_assert_cmpuint (sink.n_stopped, ==, 1);
  g_assert_false (sink.stopped_with_error);
  g_assert_false (seqack_capture_live_is_running (live));
  g_assert_cmpuint (seqack_capture_live_get_n_frames (live), ==,
                    sink.n_frames);

  assert_kernel_connection (capture, seqack_capture_demo_get_port (demo));

  /* The pcap written while capturing reads back the same. */
  g_clear_pointer (&live, seqack_capture_live_free);
  saved = seqack_capture_load_file (save_path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_kernel_connection (saved, seqack_capture_demo_get_port (demo));

  /* So does the conversation's own export (raw IP, capture times). */
  conv = seqack_capture_get_conversation (capture, 0);
  g_assert_true (seqack_trace_write_pcap (
    seqack_conversation_get_trace (conv), export_path,
    seqack_conversation_get_info (conv)->first_us, &error));
  g_assert_no_error (error);
  exported = seqack_capture_load_file (export_path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_kernel_connection (exported, seqack_capture_demo_get_port (demo));
  g_assert_cmpint (seqack_conversation_get_info (
                     seqack_capture_get_conversation (exported, 0))->first_us,
                   ==, seqack_conversation_get_info (conv)->first_us);
}

/* A loopback connection that sends 1,500 bytes and answers 2,000, the
 * client closing first. */
typedef struct
{
  int     listen_fd;
  guint16 port;
} Exchange;

static gboolean
write_all (int         fd,
           const char *buf,
           gsize       len)
{
  while (len > 0)
    {
      ssize_t n = write (fd, buf, len);

      if (n <= 0)
        return FALSE;
      buf += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* Reads @len bytes, or to the end of the stream when @len is 0. */
static gboolean
read_all (int   fd,
          gsize len)
{
  char buf[4096];

  for (;;)
    {
      ssize_t n = read (fd, buf, len > 0 ? MIN (len, sizeof buf)
                                         : sizeof buf);

      if (n < 0)
        return FALSE;
      if (n == 0)
        return len == 0;
      if (len > 0 && (len -= (gsize) n) == 0)
        return TRUE;
    }
}

static gpointer
exchange_server (gpointer data)
{
  Exchange *ex = data;
  char answer[2000];
  int fd = accept (ex->listen_fd, NULL, NULL);
  gboolean ok;

  memset (answer, 'b', sizeof answer);
  ok = fd >= 0 && read_all (fd, 1500) && write_all (fd, answer, 2000) &&
       read_all (fd, 0);
  if (fd >= 0)
    close (fd);
  return GINT_TO_POINTER (ok);
}

static void
exchange_open (Exchange *ex)
{
  struct sockaddr_in addr = { 0 };
  socklen_t len = sizeof addr;

  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  ex->listen_fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (ex->listen_fd, >=, 0);
  g_assert_cmpint (bind (ex->listen_fd, (struct sockaddr *) &addr,
                         sizeof addr), ==, 0);
  g_assert_cmpint (listen (ex->listen_fd, 1), ==, 0);
  g_assert_cmpint (getsockname (ex->listen_fd, (struct sockaddr *) &addr,
                                &len), ==, 0);
  ex->port = ntohs (addr.sin_port);
}

static void
exchange_run (Exchange *ex)
{
  struct sockaddr_in addr = { 0 };
  GThread *server = g_thread_new ("server", exchange_server, ex);
  char request[1500];
  int fd;

  memset (request, 'a', sizeof request);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons (ex->port);
  fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &addr, sizeof addr), ==,
                   0);
  g_assert_true (write_all (fd, request, sizeof request));
  g_assert_true (read_all (fd, 2000));
  close (fd);
  g_assert_true (GPOINTER_TO_INT (g_thread_join (server)));
  close (ex->listen_fd);
}

/* tshark's tcp.len of every packet of @path, space-separated. */
static char *
tshark_lengths (const char *path)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  const char *argv[] = { g_getenv ("TSHARK"), "-n", "-r", path, "-T",
                         "fields", "-e", "tcp.len", NULL };
  int status;

  if (argv[0] == NULL || *argv[0] == '\0')
    return NULL;
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  return g_strjoinv (" ", lines);
}

/* The capture: a real kernel connection on lo recorded with
 * `dumpcap -s 96`, headers only. Every segment is drawn with its true
 * length, as tshark counts it; the states follow the data; and no
 * checksum is called wrong (on lo Linux never finishes them). */
static void
test_headers_only (void)
{
  g_autofree char *dumpcap = g_find_program_in_path ("dumpcap");
  g_autofree char *path = test_tmp_path ("headers.pcapng");
  g_autofree char *filter = NULL, *ours = NULL, *theirs = NULL;
  g_autofree char *client = NULL, *server = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCapture) capture = NULL;
  g_autoptr(GString) lengths = g_string_new (NULL);
  SeqackTrace *trace;
  Exchange ex;
  gint64 deadline;
  guint n_cut = 0;

  if (dumpcap == NULL || getuid () != 0)
    {
      g_test_skip ("needs root and dumpcap to record lo with a snapshot "
                   "length (the CI runs the tests as root)");
      return;
    }

  exchange_open (&ex);
  filter = g_strdup_printf ("tcp port %u", ex.port);
  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                            dumpcap, "-i", "lo", "-s", "96", "-f", filter,
                            "-q", "-w", path, NULL);
  g_assert_no_error (error);
  /* dumpcap writes the file's header once the interface is open. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < deadline)
    {
      GStatBuf st;

      if (g_stat (path, &st) == 0 && st.st_size > 0)
        break;
      g_usleep (20000);
    }
  exchange_run (&ex);
  g_usleep (300000);
  g_subprocess_send_signal (child, SIGTERM);
  g_assert_true (g_subprocess_wait (child, NULL, &error));

  capture = seqack_capture_load_file (path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seqack_capture_get_n_conversations (capture), ==, 1);
  g_assert_cmpuint (seqack_capture_get_stats (capture)->n_bad, ==, 0);
  trace = seqack_conversation_get_trace (
    seqack_capture_get_conversation (capture, 0));

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);

      if (e->kind != SEQACK_EVENT_SEGMENT)
        continue;
      g_string_append_printf (lengths, "%s%u", lengths->len ? " " : "",
                              e->number);
      g_assert_cmpint (seqack_trace_get_checksum (trace, i), !=,
                       SEQACK_CHECKSUM_BAD);
      if (e->marks & SEQACK_MARK_TRUNCATED)
        {
          n_cut++;
          g_assert_cmpint (seqack_trace_get_checksum (trace, i), ==,
                           SEQACK_CHECKSUM_NOT_CAPTURED);
        }
      else
        g_assert_cmpint (e->number, <=, 96 - 14 - 20 - 20);
    }
  g_test_message ("segment lengths: %s", lengths->str);
  g_assert_cmpuint (seqack_trace_get_snapshot_length (trace), ==, 96);
  /* The data went as 1,500 and 2,000 bytes (lo's MTU is 64 KiB). */
  g_assert_nonnull (strstr (lengths->str, " 1500 "));
  g_assert_nonnull (strstr (lengths->str, " 2000 "));
  g_assert_cmpuint (n_cut, ==, 2);

  theirs = tshark_lengths (path);
  if (theirs != NULL)
    g_assert_cmpstr (lengths->str, ==, theirs);
  else
    g_test_message ("tshark not found: lengths not compared with it");

  client = test_states (trace, SEQACK_CLIENT);
  server = test_states (trace, SEQACK_SERVER);
  g_assert_cmpstr (client, ==,
                   "SYN-SENT ESTABLISHED FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT");
  g_assert_cmpstr (server, ==,
                   "LISTEN SYN-RCVD ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED");
}

static void
test_unknown_interface (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCaptureLive) live = NULL;

  live = seqack_capture_live_new ("nosuch0", NULL, &error);
  g_assert_null (live);
  if (g_error_matches (error, SEQACK_ERROR, SEQACK_ERROR_PERMISSION))
    {
      g_test_skip ("not permitted to capture: libpcap cannot tell an "
                   "unknown interface from a refused one");
      return;
    }
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "no interface named ‘nosuch0’");
}

static void
test_bad_filter (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCaptureLive) live = NULL;

  live = seqack_capture_live_new ("lo", "tcp port", &error);
  g_assert_null (live);
  if (g_error_matches (error, SEQACK_ERROR, SEQACK_ERROR_PERMISSION))
    {
      g_test_skip ("live capture on lo is not permitted here");
      return;
    }
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);
  /* The filter, and libpcap's reason. */
  g_assert_nonnull (strstr (error->message, "‘tcp port’"));
  g_assert_nonnull (strstr (error->message, "syntax error"));
}

/* Start and stop many times, also restarting one capture: every stop
 * joins its worker and reports once; nothing runs afterwards. */
static void
test_start_stop (void)
{
  g_autoptr(SeqackCaptureLive) live = open_lo ("tcp port 9");
  g_autoptr(GError) error = NULL;
  guint threads_before;
  Sink sink = { 0 };

  if (live == NULL)
    return;

  threads_before = count_threads ();
  for (guint i = 0; i < 20; i++)
    {
      g_assert_true (seqack_capture_live_start (live, NULL, on_batch,
                                                on_stopped, &sink, NULL,
                                                &error));
      g_assert_no_error (error);
      g_assert_true (seqack_capture_live_is_running (live));
      /* A second start while running is refused. */
      g_assert_false (seqack_capture_live_start (live, NULL, on_batch,
                                                 on_stopped, &sink, NULL,
                                                 &error));
      g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);
      g_clear_error (&error);
      if (i % 2)
        g_usleep (20000);
      seqack_capture_live_stop (live);
      g_assert_cmpuint (sink.n_stopped, ==, i + 1);
      g_assert_cmpuint (count_threads_settled (threads_before), ==,
                        threads_before);
    }

  /* Stop twice is harmless; queued sources find nothing to do. */
  seqack_capture_live_stop (live);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (sink.n_stopped, ==, 20);
  g_assert_false (sink.stopped_with_error);
}

/* The capture ends by itself after N frames; the worker is joined from
 * the main loop without a stop. */
static void
test_max_frames (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCaptureDemo) demo = seqack_capture_demo_new (&error);
  g_autoptr(SeqackCaptureLive) live = NULL;
  g_autofree char *filter = NULL;
  Sink sink = { 0 };
  guint threads_before;

  g_assert_no_error (error);
  filter = seqack_capture_demo_get_filter (demo);
  live = open_lo (filter);
  if (live == NULL)
    return;

  threads_before = count_threads ();
  seqack_capture_live_set_max_frames (live, 3);
  g_assert_true (seqack_capture_live_start (live, NULL, on_batch, on_stopped,
                                            &sink, NULL, &error));
  g_assert_true (seqack_capture_demo_handshake (demo, &error));
  run_until (stopped, &sink);
  g_assert_true (seqack_capture_demo_wait (demo, &error));

  g_assert_cmpuint (sink.n_stopped, ==, 1);
  g_assert_false (sink.stopped_with_error);
  g_assert_cmpuint (sink.n_frames, ==, 3);
  g_assert_false (seqack_capture_live_is_running (live));
  g_assert_cmpuint (count_threads_settled (threads_before), ==,
                    threads_before);
}

static gpointer
cancel_later (gpointer data)
{
  g_usleep (50000);
  g_cancellable_cancel (data);
  return NULL;
}

/* A GCancellable cancelled from another thread ends the capture. */
static void
test_cancellable (void)
{
  g_autoptr(SeqackCaptureLive) live = open_lo (NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GThread *canceller;
  guint threads_before;
  Sink sink = { 0 };

  if (live == NULL)
    return;

  threads_before = count_threads ();
  g_assert_true (seqack_capture_live_start (live, NULL, on_batch, on_stopped,
                                            &sink, cancellable, &error));
  canceller = g_thread_new ("cancel", cancel_later, cancellable);
  run_until (stopped, &sink);
  g_thread_join (canceller);

  g_assert_cmpuint (sink.n_stopped, ==, 1);
  g_assert_false (sink.stopped_with_error);
  g_assert_cmpuint (count_threads_settled (threads_before), ==,
                    threads_before);
}

/* Freed while running: joined, and no callback at all. */
static void
test_free_running (void)
{
  SeqackCaptureLive *live = open_lo (NULL);
  g_autoptr(GError) error = NULL;
  guint threads_before;
  Sink sink = { 0 };

  if (live == NULL)
    return;

  threads_before = count_threads ();
  g_assert_true (seqack_capture_live_start (live, NULL, on_batch, on_stopped,
                                            &sink, NULL, &error));
  g_assert_cmpuint (count_threads (), ==, threads_before + 1);
  seqack_capture_live_free (live);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (sink.n_stopped, ==, 0);
  g_assert_cmpuint (count_threads_settled (threads_before), ==,
                    threads_before);
}

/* A user of its own for the tests that capture without privileges, a
 * group of its own standing for Debian's wireshark group, and copies of
 * dumpcap this user may or may not run. */
typedef struct
{
  char  *name;        /* the user, with a primary group of the same name */
  char  *group;       /* the "wireshark" group of the test */
  uid_t  uid;
  gid_t  gid;
  gid_t  group_gid;
  char  *dir;         /* a folder for dumpcap copies, readable by all */
} TestUser;

static gboolean
run_quiet (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH
                     | G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                     &status, &error))
    {
      g_test_message ("%s: %s", argv[0], error->message);
      return FALSE;
    }
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_test_message ("%s failed: %s", argv[0], err);
      return FALSE;
    }
  return TRUE;
}

static void
test_user_free (TestUser *user)
{
  const char *userdel[] = { "userdel", user->name, NULL };
  const char *groupdel[] = { "groupdel", user->group, NULL };

  if (user->uid != 0)
    run_quiet (userdel);
  if (user->group_gid != 0)
    run_quiet (groupdel);
  test_remove_tree (user->dir);
  g_free (user->dir);
  g_free (user->group);
  g_free (user->name);
  g_free (user);
}

/* Creates the user and group (both removed when the test ends), or skips
 * the test: only root can, and the tests run as root in CI. */
static TestUser *
test_user_new (void)
{
  g_autoptr(GError) error = NULL;
  TestUser *user;
  struct passwd *pw;
  struct group *gr;
  const char *useradd[] = { "useradd", "--system", "--no-create-home",
                            "--user-group", "--shell", "/usr/sbin/nologin",
                            NULL, NULL };
  const char *groupadd[] = { "groupadd", "--system", NULL, NULL };

  if (getuid () != 0)
    {
      g_test_skip ("creating a user to capture as needs root (the CI runs "
                   "the tests as root)");
      return NULL;
    }

  user = g_new0 (TestUser, 1);
  user->name = g_strdup_printf ("seqack-u%u", (guint) getpid ());
  user->group = g_strdup_printf ("seqack-w%u", (guint) getpid ());
  user->dir = g_dir_make_tmp ("seqack-dumpcap-XXXXXX", &error);
  g_assert_no_error (error);
  g_test_queue_destroy ((GDestroyNotify) test_user_free, user);
  g_assert_cmpint (g_chmod (user->dir, 0755), ==, 0);

  useradd[6] = user->name;
  groupadd[2] = user->group;
  if (!run_quiet (useradd) || !run_quiet (groupadd))
    {
      g_test_skip ("useradd or groupadd could not make a test user");
      return NULL;
    }
  pw = getpwnam (user->name);
  gr = getgrnam (user->group);
  g_assert_nonnull (pw);
  g_assert_nonnull (gr);
  user->uid = pw->pw_uid;
  user->gid = pw->pw_gid;
  user->group_gid = gr->gr_gid;
  return user;
}

/* A copy of the system's dumpcap, root:group 0750 as Debian installs it
 * when non-root capture is allowed (or 0755 without @group_only), with the
 * capture capabilities when @capabilities. NULL (and a skip) when there
 * is no dumpcap or setcap fails. */
static char *
test_dumpcap (TestUser *user,
              gboolean  group_only,
              gboolean  capabilities)
{
  g_autofree char *system_dumpcap = g_find_program_in_path ("dumpcap");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  char *path;
  gsize len;

  if (system_dumpcap == NULL)
    {
      g_test_skip ("dumpcap is not installed (the tshark package brings "
                   "it; tools/setup-deps installs it)");
      return NULL;
    }
  path = g_strdup_printf ("%s/dumpcap-%s%s", user->dir,
                          group_only ? "group" : "all",
                          capabilities ? "-caps" : "");
  g_assert_true (g_file_get_contents (system_dumpcap, &contents, &len,
                                      &error));
  g_assert_true (g_file_set_contents (path, contents, (gssize) len, &error));
  g_assert_cmpint (chown (path, 0, user->group_gid), ==, 0);
  g_assert_cmpint (g_chmod (path, group_only ? 0750 : 0755), ==, 0);
  if (capabilities)
    {
      const char *setcap[] = { "setcap", "cap_net_raw,cap_net_admin+eip",
                               path, NULL };

      if (!run_quiet (setcap))
        {
          g_test_skip ("setcap could not give the dumpcap copy its "
                       "capabilities");
          g_free (path);
          return NULL;
        }
    }
  return path;
}

/* Processes whose parent is this one. */
static guint
count_children (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  char me[16];
  const char *name;
  guint n = 0;

  g_snprintf (me, sizeof me, "%d", (int) getpid ());
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc", name, "stat", NULL);
      g_autofree char *stat = NULL;
      g_auto(GStrv) fields = NULL;
      const char *paren;

      if (!g_ascii_isdigit (name[0]) ||
          !g_file_get_contents (path, &stat, NULL, NULL))
        continue;
      /* "pid (comm) state ppid ..." */
      paren = strrchr (stat, ')');
      if (paren == NULL || paren[1] == '\0')
        continue;
      fields = g_strsplit (paren + 2, " ", 3);
      if (fields[0] != NULL && fields[1] != NULL &&
          strcmp (fields[1], me) == 0)
        n++;
    }
  return n;
}

/* In the test subprocess: becomes the user of $SEQACK_TEST_AS
 * ("uid gid [group]"), which drops every capability, and captures the
 * demo connection on lo. Prints "error CODE: MESSAGE" or "captured". */
static void
capture_as_test_user (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCaptureDemo) demo = NULL;
  g_autoptr(SeqackCaptureLive) live = NULL;
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autofree char *filter = NULL;
  guint uid = 0, gid = 0, group = 0;
  gid_t groups[1];
  Sink sink = { capture };

  g_assert_cmpint (sscanf (g_getenv ("SEQACK_TEST_AS"), "%u %u %u", &uid,
                           &gid, &group), >=, 2);
  groups[0] = group;
  if (setgroups (group != 0 ? 1 : 0, groups) != 0 || setgid (gid) != 0 ||
      setuid (uid) != 0)
    g_error ("cannot become user %u", uid);

  demo = seqack_capture_demo_new (&error);
  g_assert_no_error (error);
  filter = seqack_capture_demo_get_filter (demo);
  live = seqack_capture_live_new ("lo", filter, &error);
  if (live == NULL)
    {
      g_print ("error %d: %s\n", error->code, error->message);
      return;
    }
  g_assert_true (seqack_capture_live_uses_dumpcap (live));
  g_assert_true (seqack_capture_live_start (live, NULL, on_batch, on_stopped,
                                            &sink, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (seqack_capture_demo_handshake (demo, &error));
  g_assert_true (seqack_capture_demo_wait (demo, &error));
  g_assert_no_error (error);
  run_until (conversation_closed, &sink);
  seqack_capture_live_stop (live);
  g_assert_cmpuint (sink.n_stopped, ==, 1);
  g_assert_false (sink.stopped_with_error);
  assert_kernel_connection (capture, seqack_capture_demo_get_port (demo));
  /* Stop ended dumpcap and reaped it. */
  g_assert_cmpuint (count_children (), ==, 0);

  /* Started again, another dumpcap captures; freed, it is gone too. */
  g_assert_true (seqack_capture_live_start (live, NULL, on_batch, on_stopped,
                                            &sink, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_children (), ==, 1);
  g_clear_pointer (&live, seqack_capture_live_free);
  g_assert_cmpuint (count_children (), ==, 0);
  g_print ("captured\n");
}

/* Runs capture_as_test_user() as @user (also in its "wireshark" group
 * when @in_group), with @dumpcap as SEQACK_DUMPCAP. */
static void
trap_as_user (TestUser   *user,
              gboolean    in_group,
              const char *dumpcap)
{
  g_autofree char *as = g_strdup_printf ("%u %u %u", (guint) user->uid,
                                         (guint) user->gid,
                                         in_group ? (guint) user->group_gid
                                                  : 0u);

  g_setenv ("SEQACK_TEST_AS", as, TRUE);
  g_setenv ("SEQACK_DUMPCAP", dumpcap, TRUE);
  g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("SEQACK_DUMPCAP");
  g_unsetenv ("SEQACK_TEST_AS");
  g_test_trap_assert_passed ();
}

/* A user in the group of a dumpcap that holds the capabilities captures
 * live without any capability of its own, the way Wireshark does. */
static void
test_dumpcap_capture (void)
{
  TestUser *user;
  g_autofree char *dumpcap = NULL;

  if (g_test_subprocess ())
    {
      capture_as_test_user ();
      return;
    }
  if ((user = test_user_new ()) == NULL ||
      (dumpcap = test_dumpcap (user, TRUE, TRUE)) == NULL)
    return;

  trap_as_user (user, TRUE, dumpcap);
  g_test_trap_assert_stdout ("captured\n");
}

/* Outside its group, the user is told to join it and log in again. */
static void
test_dumpcap_not_in_group (void)
{
  TestUser *user;
  g_autofree char *dumpcap = NULL, *expected = NULL;

  if (g_test_subprocess ())
    {
      capture_as_test_user ();
      return;
    }
  if ((user = test_user_new ()) == NULL ||
      (dumpcap = test_dumpcap (user, TRUE, TRUE)) == NULL)
    return;

  trap_as_user (user, FALSE, dumpcap);
  expected = g_strdup_printf ("error %d: *CAP_NET_RAW and CAP_NET_ADMIN*%s*"
                              "only members of the %s group may run: `sudo "
                              "usermod -aG %s $USER`, then log out and in "
                              "again*setcap cap_net_raw,cap_net_admin+eip*"
                              "Opening capture files works without either*",
                              SEQACK_ERROR_PERMISSION, dumpcap, user->group,
                              user->group);
  g_test_trap_assert_stdout (expected);
}

/* A dumpcap that may run but has no capabilities (Debian's default until
 * dpkg-reconfigure): its own reason is passed on, with what to do. */
static void
test_dumpcap_without_capabilities (void)
{
  TestUser *user;
  g_autofree char *dumpcap = NULL, *expected = NULL;

  if (g_test_subprocess ())
    {
      capture_as_test_user ();
      return;
    }
  if ((user = test_user_new ()) == NULL ||
      (dumpcap = test_dumpcap (user, FALSE, FALSE)) == NULL)
    return;

  trap_as_user (user, FALSE, dumpcap);
  expected = g_strdup_printf ("error %d: *CAP_NET_RAW and CAP_NET_ADMIN*"
                              "(dumpcap: *permission*)*dpkg-reconfigure "
                              "wireshark-common*usermod -aG wireshark*"
                              "setcap cap_net_raw,cap_net_admin+eip*",
                              SEQACK_ERROR_PERMISSION);
  g_test_trap_assert_stdout (expected);
  g_test_trap_assert_stdout_unmatched ("*\n*\n*");
}

/* No dumpcap at all: install it, or give seqack-cli the capabilities. */
static void
test_dumpcap_missing (void)
{
  TestUser *user;
  g_autofree char *missing = NULL, *expected = NULL;

  if (g_test_subprocess ())
    {
      capture_as_test_user ();
      return;
    }
  if ((user = test_user_new ()) == NULL)
    return;
  missing = g_build_filename (user->dir, "no-dumpcap", NULL);

  trap_as_user (user, FALSE, missing);
  expected = g_strdup_printf ("error %d: *CAP_NET_RAW and CAP_NET_ADMIN*"
                              "apt install tshark*usermod -aG wireshark*"
                              "log in again*setcap cap_net_raw,"
                              "cap_net_admin+eip*",
                              SEQACK_ERROR_PERMISSION);
  g_test_trap_assert_stdout (expected);
}

static void
test_sandbox (void)
{
  g_autofree char *path = test_write_bytes ("flatpak-info",
                                            (const guint8 *) "[Application]\n",
                                            14);
  g_autofree char *missing = test_tmp_path ("no-flatpak-info");
  g_autoptr(GError) error = NULL;

  g_assert_true (seqack_capture_check_sandbox (missing, &error));
  g_assert_no_error (error);

  g_assert_false (seqack_capture_check_sandbox (path, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_PERMISSION);
  g_assert_nonnull (strstr (error->message, "Flatpak"));
  g_assert_nonnull (strstr (error->message, "tcpdump -i lo -w handshake.pcap"));
  g_assert_nonnull (strstr (error->message, "Wireshark"));
}

static void
test_interfaces (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ifaces = seqack_capture_list_interfaces (&error);
  SeqackCaptureInterface *first;

  g_assert_no_error (error);
  g_assert_cmpuint (ifaces->len, >, 0);
  first = g_ptr_array_index (ifaces, 0);
  g_assert_true (first->loopback);
  g_assert_cmpstr (first->name, ==, "lo");
  for (guint i = 1; i < ifaces->len; i++)
    {
      SeqackCaptureInterface *iface = g_ptr_array_index (ifaces, i);

      /* Loopbacks first, then the rest. */
      if (iface->loopback)
        g_assert_true (((SeqackCaptureInterface *)
                        g_ptr_array_index (ifaces, i - 1))->loopback);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/capture/live/real-handshake", test_real_handshake);
  g_test_add_func ("/capture/live/headers-only", test_headers_only);
  g_test_add_func ("/capture/live/unknown-interface", test_unknown_interface);
  g_test_add_func ("/capture/live/bad-filter", test_bad_filter);
  g_test_add_func ("/capture/live/start-stop", test_start_stop);
  g_test_add_func ("/capture/live/max-frames", test_max_frames);
  g_test_add_func ("/capture/live/cancellable", test_cancellable);
  g_test_add_func ("/capture/live/free-running", test_free_running);
  g_test_add_func ("/capture/live/dumpcap/capture", test_dumpcap_capture);
  g_test_add_func ("/capture/live/dumpcap/not-in-group",
                   test_dumpcap_not_in_group);
  g_test_add_func ("/capture/live/dumpcap/without-capabilities",
                   test_dumpcap_without_capabilities);
  g_test_add_func ("/capture/live/dumpcap/missing", test_dumpcap_missing);
  g_test_add_func ("/capture/live/sandbox", test_sandbox);
  g_test_add_func ("/capture/live/interfaces", test_interfaces);

  return g_test_run ();
}
