/* bench-window: SeqAck's window opening a large capture, as a person
 * sees it (issue 19's window goals):
 *
 *   xvfb-run -s "-screen 0 1280x720x24" bench-window FILE.pcap
 *
 * It prints when the progress bar is first painted after the file is
 * opened, when the first diagram is, the longest time the main loop
 * waited while the file loaded (a frame at 60 Hz is 16.7 ms), the time of
 * a frame of the diagram while scrolling the first and the longest
 * conversation (p95), and the memory the window gives back when it
 * closes. The baseline, run first in the same process: the capture layer
 * alone loading the same file (seqack_capture_load_file(), what the
 * window's loader thread calls), so the first diagram is also given as a
 * ratio to it. Never a test: the numbers are printed, not judged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <malloc.h>
#include <sys/resource.h>
#include <stdio.h>
#include <unistd.h>

#include "seqack-capture-page-private.h"
#include "ui-test-frames.h"
#include "ui-test-util.h"

typedef struct
{
  GtkWidget         *window;
  SeqackCapturePage *page;
  gint64             opened_us;
  gint64             progress_us;   /* progress bar first painted */
  gint64             diagram_us;    /* first diagram painted */
  gint64             last_tick_us;  /* the main loop's last 1 ms wake-up */
  gint64             longest_wait_us;
} Run;

static double
rss_mb (void)
{
  long pages = 0, resident = 0;
  FILE *f = fopen ("/proc/self/statm", "r");

  if (f != NULL)
    {
      if (fscanf (f, "%ld %ld", &pages, &resident) != 2)
        resident = 0;
      fclose (f);
    }
  return (double) resident * sysconf (_SC_PAGESIZE) / 1e6;
}

/* User and system CPU time of the process so far, ms. */
static double
cpu_ms (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

static void
on_after_paint (GdkFrameClock *clock,
                Run           *run)
{
  gint64 now = g_get_monotonic_time ();
  SeqackTrace *shown;

  if (run->progress_us == 0 && seqack_capture_page_is_loading (run->page) &&
      gtk_widget_is_drawable (GTK_WIDGET (run->page->progress_bar)))
    run->progress_us = now;

  shown = seqack_capture_page_get_shown_trace (run->page);
  if (run->diagram_us == 0 && !seqack_capture_page_is_loading (run->page) &&
      shown != NULL && seqack_trace_get_n_events (shown) > 0 &&
      gtk_widget_is_drawable (GTK_WIDGET (
        seqack_capture_page_get_sequence_view (run->page))))
    run->diagram_us = now;
}

/* Wakes every millisecond while the file loads: a longer gap is a time
 * the window could not draw or answer. The gap that holds the hand-over
 * (the loaded capture shown, its first diagram laid out) is not counted:
 * it is part of the time to the first diagram. */
static gboolean
on_tick (gpointer data)
{
  Run *run = data;
  gint64 now = g_get_monotonic_time ();

  if (!seqack_capture_page_is_loading (run->page))
    return G_SOURCE_CONTINUE;
  if (run->last_tick_us != 0)
    run->longest_wait_us = MAX (run->longest_wait_us, now - run->last_tick_us);
  run->last_tick_us = now;
  return G_SOURCE_CONTINUE;
}

static void
print_scroll (const char *what,
              Run        *run,
              guint       index)
{
  SeqackSequenceView *view = seqack_capture_page_get_sequence_view (run->page);
  UiTestFrameTime t;

  seqack_capture_page_select (run->page, index);
  ui_test_iterate ();
  t = ui_test_measure_frames (view, 200);
  printf ("window: scrolling %s (%u events): frame p95 %.2f ms, "
          "mean %.2f ms draw + %.2f ms raster, worst %.2f ms "
          "(goal p95 <= 4 ms)\n",
          what, seqack_trace_get_n_events (
                  seqack_capture_page_get_shown_trace (run->page)),
          t.p95_ms, t.draw_ms, t.raster_ms, t.worst_ms);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  SeqackCapture *capture;
  Run run = { 0 };
  double baseline_ms, baseline_cpu_ms, rss_before, rss_loaded, rss_closed;
  guint n_conversations, longest = 0;
  guint64 n_frames, most = 0;
  gint64 t0, deadline;
  guint tick_id;
  gulong paint_id;

  ui_test_init (&argc, &argv);
  /* A benchmark reports; GTest's fatal warnings are for tests (without a
   * session bus GTK warns that it has none). */
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_ERROR);
  if (argc != 2)
    {
      fprintf (stderr, "usage: bench-window FILE.pcap (under a display, "
                       "e.g. xvfb-run)\n");
      return 2;
    }

  /* Baseline: the capture layer alone. */
  t0 = g_get_monotonic_time ();
  baseline_cpu_ms = cpu_ms ();
  capture = seqack_capture_load_file (argv[1], NULL, NULL, NULL, &error);
  if (capture == NULL)
    {
      fprintf (stderr, "bench-window: %s\n", error->message);
      return 1;
    }
  baseline_ms = (g_get_monotonic_time () - t0) / 1000.0;
  baseline_cpu_ms = cpu_ms () - baseline_cpu_ms;
  n_frames = seqack_capture_get_stats (capture)->n_frames;
  n_conversations = seqack_capture_get_n_conversations (capture);
  for (guint i = 0; i < n_conversations; i++)
    {
      guint64 n = seqack_conversation_get_info (
                    seqack_capture_get_conversation (capture, i))->n_packets;

      if (n > most)
        {
          most = n;
          longest = i;
        }
    }
  seqack_capture_free (capture);
  malloc_trim (0);
  printf ("bench-window: %s: %" G_GUINT64_FORMAT " frames, %u conversations\n",
          argv[1], n_frames, n_conversations);
  printf ("baseline: the capture layer alone loads it in %.0f ms "
          "(%.0f ms of CPU time)\n", baseline_ms, baseline_cpu_ms);

  run.window = ui_test_new_window ();
  run.page = SEQACK_CAPTURE_PAGE (gtk_widget_get_template_child (
               run.window, SEQACK_TYPE_WINDOW, "capture_page"));
  rss_before = rss_mb ();
  paint_id = g_signal_connect (gtk_widget_get_frame_clock (run.window),
                               "after-paint", G_CALLBACK (on_after_paint),
                               &run);
  tick_id = g_timeout_add (1, on_tick, &run);

  file = g_file_new_for_commandline_arg (argv[1]);
  run.opened_us = g_get_monotonic_time ();
  if (!seqack_window_open_file (SEQACK_WINDOW (run.window), file, &error))
    {
      fprintf (stderr, "bench-window: %s\n", error->message);
      return 1;
    }
  deadline = run.opened_us + 120 * G_USEC_PER_SEC;
  while (run.diagram_us == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (tick_id);
  if (run.diagram_us == 0)
    {
      fprintf (stderr, "bench-window: no diagram within 120 s\n");
      return 1;
    }
  rss_loaded = rss_mb ();

  if (run.progress_us != 0)
    printf ("window: progress on screen after %.0f ms (goal <= 100 ms)\n",
            (run.progress_us - run.opened_us) / 1000.0);
  else
    printf ("window: the progress bar was never painted (loaded before "
            "the first frame)\n");
  printf ("window: first diagram on screen after %.0f ms (goal <= 2000 ms): "
          "%.2fx the bare load\n",
          (run.diagram_us - run.opened_us) / 1000.0,
          (run.diagram_us - run.opened_us) / 1000.0 / baseline_ms);
  printf ("window: longest main-loop wait while loading: %.1f ms "
          "(a frame at 60 Hz: 16.7 ms)\n", run.longest_wait_us / 1000.0);

  print_scroll ("the first conversation", &run, 0);
  print_scroll ("the longest conversation", &run, longest);

  g_signal_handler_disconnect (gtk_widget_get_frame_clock (run.window),
                               paint_id);
  ui_test_destroy_window (run.window);
  malloc_trim (0);
  rss_closed = rss_mb ();
  printf ("memory: RSS %.0f MB with the empty window, %.0f MB loaded, "
          "%.0f MB after closing it: %.0f%% of the growth given back\n",
          rss_before, rss_loaded, rss_closed,
          rss_loaded > rss_before
            ? 100.0 * (rss_loaded - rss_closed) / (rss_loaded - rss_before)
            : 100.0);
  return 0;
}
