/* test-capture-live.c: live capture with libpcap on the loopback: a real
 * kernel handshake and teardown, recorded and drawn; start, stop and
 * error paths that leave no thread behind.
 *
 * Capturing needs CAP_NET_RAW (tests run as root in CI); without it the
 * tests that capture are skipped with a message. */

#include "config.h"

#include <dirent.h>
#include <unistd.h>

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
      g_assert_cmpuint (count_threads (), ==, threads_before);
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
  g_assert_cmpuint (count_threads (), ==, threads_before);
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
  g_assert_cmpuint (count_threads (), ==, threads_before);
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
  g_assert_cmpuint (count_threads (), ==, threads_before);
}

/* Without the capabilities (here: as user nobody), the message says
 * exactly what to do. */
static void
test_permission_denied (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SeqackCaptureLive) live = NULL;

      if (getuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
        g_error ("cannot become nobody");
      live = seqack_capture_live_new ("lo", NULL, &error);
      g_assert_null (live);
      g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_PERMISSION);
      g_print ("%s", error->message);
      return;
    }

  if (getuid () != 0)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SeqackCaptureLive) live = seqack_capture_live_new ("lo", NULL,
                                                                   &error);

      if (live != NULL)
        {
          g_test_skip ("capture is permitted without root here "
                       "(capabilities set): nothing to refuse");
          return;
        }
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stdout ("*CAP_NET_RAW and CAP_NET_ADMIN*");
  g_test_trap_assert_stdout ("*sudo setcap cap_net_raw,cap_net_admin+eip*");
  g_test_trap_assert_stdout ("*usermod -aG wireshark*");
  g_test_trap_assert_stdout ("*Opening capture files works without them*");
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
  g_test_add_func ("/capture/live/unknown-interface", test_unknown_interface);
  g_test_add_func ("/capture/live/bad-filter", test_bad_filter);
  g_test_add_func ("/capture/live/start-stop", test_start_stop);
  g_test_add_func ("/capture/live/max-frames", test_max_frames);
  g_test_add_func ("/capture/live/cancellable", test_cancellable);
  g_test_add_func ("/capture/live/free-running", test_free_running);
  g_test_add_func ("/capture/live/permission-denied", test_permission_denied);
  g_test_add_func ("/capture/live/sandbox", test_sandbox);
  g_test_add_func ("/capture/live/interfaces", test_interfaces);

  return g_test_run ();
}
