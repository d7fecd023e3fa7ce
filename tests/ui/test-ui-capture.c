/* test-ui-capture.c: the capture page and the external peer window, in a
 * real window under xvfb-run: a pcap the lab wrote is loaded off the main
 * thread and drawn with the lab's views, bad files and interfaces are
 * explained without losing anything, and a real kernel handshake on lo is
 * captured live (as root; skipped otherwise).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include <adwaita.h>

#include "seqack-capture-page-private.h"
#include "seqack-lab.h"
#include "seqack-lesson-panel.h"
#include "seqack-peer-dialog.h"
#include "seqack-scenario.h"
#include "seqack-sequence-view-private.h"
#include "seqack-window.h"

/* The TUN tests' network namespace helpers (header-only). */
#include "../tun/tun-test-util.h"
/* Capture files of several flows between two hosts (header-only). */
#include "../capture/capture-test-util.h"
#include "ui-test-util.h"

/* A temporary folder that removes itself and the files in it. */
typedef char TmpDir;

static void
tmp_dir_free (TmpDir *dir)
{
  g_autoptr(GDir) d = dir ? g_dir_open (dir, 0, NULL) : NULL;
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  if (dir != NULL)
    g_rmdir (dir);
  g_free (dir);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TmpDir, tmp_dir_free)

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Runs the main loop until @done (checked between iterations) or
 * @timeout_s seconds passed. */
static gboolean
iterate_until (gboolean (*done) (SeqackCapturePage *page),
               SeqackCapturePage *page,
               double             timeout_s)
{
  gint64 end = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);

  while (!done (page))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  iterate ();
  return TRUE;
}

static gboolean
not_loading (SeqackCapturePage *page)
{
  return !seqack_capture_page_is_loading (page);
}

static gboolean
demo_over (SeqackCapturePage *page)
{
  return !seqack_capture_page_is_demo_running (page);
}

/* SeqAck's own worker threads (capture, load, demo helper) alive now. */
static guint
count_seqack_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", name,
                                                "comm", NULL);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (path, &comm, NULL, NULL) &&
          g_str_has_prefix (comm, "seqack-"))
        n++;
    }

  return n;
}

/* With SEQACK_CAPTURE_SCREENSHOT=FILE.png the page is saved as shown:
 *   SEQACK_CAPTURE_SCREENSHOT=/tmp/capture.png meson test -C build \
 *     ui-capture --test-args '-p /ui/capture/in-window' */
static void
maybe_screenshot (GtkWidget *window)
{
  const char *path = g_getenv ("SEQACK_CAPTURE_SCREENSHOT");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer;
  int width, height;

  if (path == NULL)
    return;

  /* Let the diagram lay out and paint at its final size. */
  for (guint i = 0; i < 20; i++)
    {
      iterate ();
      g_usleep (10000);
    }
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width,
                                                              height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

typedef struct
{
  GtkWidget         *window;
  SeqackCapturePage *page;
} Fixture;

static void
fixture_open (Fixture *f)
{
  f->window = adw_window_new ();
  g_object_ref_sink (f->window);
  f->page = SEQACK_CAPTURE_PAGE (seqack_capture_page_new ());
  g_object_ref (f->page);
  adw_window_set_content (ADW_WINDOW (f->window), GTK_WIDGET (f->page));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1400, 900);
  gtk_window_present (GTK_WINDOW (f->window));
  iterate ();
}

static void
fixture_close (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate ();
  g_assert_finalize_object (f->window);
  g_assert_finalize_object (f->page);
}

/* The lab's hello-goodbye run written as a pcap; returns its trace's
 * segment count. */
static guint
write_lab_pcap (const char *path,
                SeqackLab **lab_out)
{
  g_autoptr(GError) error = NULL;
  SeqackLabConfig config;
  SeqackScenario *scenario;
  SeqackLab *lab;
  SeqackTrace *trace;
  guint n_segments = 0;

  seqack_lab_config_init (&config);
  config.seed = 7;
  lab = seqack_lab_new (&config);
  scenario = seqack_scenario_builtin ("hello-goodbye", &error);
  g_assert_no_error (error);
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  g_assert_no_error (error);
  seqack_scenario_free (scenario);

  trace = seqack_lab_get_trace (lab);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT)
      n_segments++;
  g_assert_true (seqack_trace_write_pcap (trace, path,
                                          G_GINT64_CONSTANT (1700000000000000),
                                          &error));
  g_assert_no_error (error);
  *lab_out = lab;

  return n_segments;
}

static guint
count_segments (SeqackTrace *trace)
{
  guint n = 0;

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT)
      n++;
  return n;
}

static void
test_capture_open_lab_pcap (void)
{
  g_autoptr(TmpDir) dir = g_dir_make_tmp ("seqack-capture-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "lab.pcap", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *row = NULL;
  g_autofree char *packets = NULL;
  SeqackLab *lab = NULL;
  SeqackTrace *lab_trace, *shown;
  guint n_segments, j;
  gboolean inferred = FALSE;
  Fixture f;

  n_segments = write_lab_pcap (path, &lab);
  lab_trace = seqack_lab_get_trace (lab);
  fixture_open (&f);

  seqack_capture_page_open_file (f.page, file);
  g_assert_true (seqack_capture_page_is_loading (f.page));
  g_assert_true (iterate_until (not_loading, f.page, 10.0));
  g_assert_null (seqack_capture_page_get_message (f.page));

  /* One conversation: the lab's client and server, every segment, ended
   * by a FIN each way. */
  g_assert_cmpuint (seqack_capture_page_get_n_rows (f.page), ==, 1);
  row = seqack_capture_page_get_row_text (f.page, 0);
  g_test_message ("row: %s", row);
  g_assert_true (g_str_has_prefix (row, "1\t192.0.2.1:"));
  {
    /* The lab's run lasts 200 ms of virtual time, written in ms because
     * it is under a second. */
    g_autofree char *duration = g_strdup_printf (_("%.3f ms"), 200.0);
    g_autofree char *cell = g_strdup_printf ("\t%s\t", duration);

    g_assert_nonnull (strstr (row, cell));
  }
  g_assert_nonnull (strstr (row, "\t192.0.2.2:"));
  packets = g_strdup_printf ("\t%u\t", n_segments);
  g_assert_nonnull (strstr (row, packets));
  g_assert_true (g_str_has_suffix (row, _("FIN")));
  g_assert_null (seqack_capture_page_get_row_text (f.page, 1));

  /* Loading shows the first conversation; choosing it again keeps it. */
  g_assert_cmpuint (seqack_capture_page_get_selected (f.page), ==, 0);
  g_assert_true (seqack_capture_page_select (f.page, 0));
  g_assert_false (seqack_capture_page_select (f.page, 1));
  iterate ();

  shown = seqack_capture_page_get_shown_trace (f.page);
  g_assert_nonnull (shown);
  g_assert_cmpuint (count_segments (shown), ==, n_segments);
  /* The same segments with the same numbers, in the same order. */
  j = 0;
  for (guint i = 0; i < seqack_trace_get_n_events (shown); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (shown, i);

      if (ev->kind == SEQACK_EVENT_STATE)
        {
          g_assert_true (ev->marks & SEQACK_MARK_INFERRED);
          inferred = TRUE;
          continue;
        }
      if (ev->kind != SEQACK_EVENT_SEGMENT)
        continue;
      while (seqack_trace_get_event (lab_trace, j)->kind
             != SEQACK_EVENT_SEGMENT)
        j++;
      g_assert_cmpuint (ev->seq, ==, seqack_trace_get_event (lab_trace, j)->seq);
      g_assert_cmpuint (ev->ack, ==, seqack_trace_get_event (lab_trace, j)->ack);
      g_assert_cmpuint (ev->flags, ==,
                        seqack_trace_get_event (lab_trace, j)->flags);
      g_assert_cmpuint (ev->side, ==,
                        seqack_trace_get_event (lab_trace, j)->side);
      j++;
    }
  g_assert_true (inferred);

  /* The sequence view draws the whole conversation, and each column
   * reads the state its side was last inferred to be in. */
  g_assert_cmpuint (seqack_sequence_view_get_n_shown (seqack_capture_page_get_sequence_view (f.page)),
                    ==, seqack_trace_get_n_events (shown));
  for (SeqackSide side = SEQACK_CLIENT; side <= SEQACK_SERVER; side++)
    {
      const char *text = seqack_capture_page_get_state_text (f.page, side);
      SeqackTcpState state =
        seqack_trace_get_state (shown, seqack_trace_get_n_events (shown) - 1,
                                side);

      g_test_message ("%s", text);
      g_assert_true (g_str_has_suffix (text, seqack_tcp_state_name (state)));
    }
  /* The client closed first: the capture infers its TIME-WAIT. */
  g_assert_true (g_str_has_suffix (seqack_capture_page_get_state_text (f.page,
                                                                       SEQACK_CLIENT),
                                   "TIME-WAIT"));
  {
    g_autofree char *one = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "%u TCP conversation",
                                                        "%u TCP conversations",
                                                        1), 1);

    g_assert_true (g_str_has_prefix (seqack_capture_page_get_status (f.page),
                                     one));
  }

  /* Every control is an action with a tooltip and an accessible name. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page),
                                             "capture.previous-conversation",
                                             NULL) == TRUE);

  fixture_close (&f);
  seqack_lab_free (lab);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_capture_corrupt_file (void)
{
  g_autoptr(TmpDir) dir = g_dir_make_tmp ("seqack-capture-XXXXXX", NULL);
  g_autofree char *good = g_build_filename (dir, "lab.pcap", NULL);
  g_autofree char *bad = g_build_filename (dir, "notes.pcap", NULL);
  g_autoptr(GFile) good_file = g_file_new_for_path (good);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  SeqackLab *lab = NULL;
  SeqackTrace *shown;
  const char *message;
  Fixture f;

  write_lab_pcap (good, &lab);
  g_assert_true (g_file_set_contents (bad, "TCP notes, not a capture\n", -1,
                                      NULL));
  fixture_open (&f);

  seqack_capture_page_open_file (f.page, good_file);
  g_assert_true (iterate_until (not_loading, f.page, 10.0));
  shown = seqack_capture_page_get_shown_trace (f.page);
  g_assert_nonnull (shown);

  /* A file that is no capture: a message that names it, and what was
   * open stays open. */
  seqack_capture_page_open_file (f.page, bad_file);
  g_assert_true (iterate_until (not_loading, f.page, 10.0));
  message = seqack_capture_page_get_message (f.page);
  g_assert_nonnull (message);
  g_test_message ("%s", message);
  g_assert_nonnull (strstr (message, "notes.pcap"));
  g_assert_cmpuint (seqack_capture_page_get_n_rows (f.page), ==, 1);
  g_assert_true (seqack_capture_page_get_shown_trace (f.page) == shown);

  /* A file that does not exist says so too. */
  {
    g_autofree char *missing = g_build_filename (dir, "missing.pcap", NULL);
    g_autoptr(GFile) missing_file = g_file_new_for_path (missing);

    seqack_capture_page_open_file (f.page, missing_file);
    g_assert_true (iterate_until (not_loading, f.page, 10.0));
    g_assert_nonnull (strstr (seqack_capture_page_get_message (f.page),
                              "missing.pcap"));
  }

  /* The good file loads again and the message goes away. */
  seqack_capture_page_open_file (f.page, good_file);
  g_assert_true (iterate_until (not_loading, f.page, 10.0));
  g_assert_null (seqack_capture_page_get_message (f.page));
  g_assert_cmpuint (seqack_capture_page_get_n_rows (f.page), ==, 1);

  fixture_close (&f);
  seqack_lab_free (lab);
  g_unlink (good);
  g_unlink (bad);
  g_rmdir (dir);
}

static void
test_capture_bad_interface (void)
{
  g_autoptr(GError) error = NULL;
  Fixture f;

  fixture_open (&f);

  /* An interface that does not exist, and a filter libpcap rejects: each
   * says exactly what is wrong, and nothing is left running. */
  g_assert_false (seqack_capture_page_start_live (f.page, "seqack-nope0",
                                                  "tcp", &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (seqack_capture_page_get_message (f.page), ==,
                   error->message);
  g_assert_false (seqack_capture_page_is_live (f.page));
  g_clear_error (&error);

  if (!seqack_capture_page_start_live (f.page, "lo", "tcp port banana",
                                       &error))
    {
      if (g_error_matches (error, SEQACK_ERROR, SEQACK_ERROR_PERMISSION))
        {
          /* Without privileges the reason and the remedy are shown. */
          g_assert_cmpstr (seqack_capture_page_get_message (f.page), ==,
                           error->message);
        }
      else
        {
          g_assert_error (error, SEQACK_ERROR,
                          SEQACK_ERROR_INVALID_ARGUMENT);
          g_assert_nonnull (strstr (seqack_capture_page_get_message (f.page),
                                    "banana"));
        }
    }
  else
    g_assert_not_reached ();
  g_assert_false (seqack_capture_page_is_live (f.page));
  g_assert_cmpuint (count_seqack_threads (), ==, 0);

  fixture_close (&f);
}

static void
test_capture_sandbox (void)
{
  g_autoptr(TmpDir) dir = g_dir_make_tmp ("seqack-capture-XXXXXX", NULL);
  g_autofree char *info = g_build_filename (dir, ".flatpak-info", NULL);
  g_autofree char *nothing = g_build_filename (dir, "none", NULL);
  Fixture f;

  fixture_open (&f);
  g_assert_true (g_file_set_contents (info, "[Application]\n", -1, NULL));

  /* Inside Flatpak: live capture is off, and the page says how to
   * record a file instead. */
  seqack_capture_page_check_sandbox (f.page, info);
  g_assert_false (seqack_capture_page_get_live_available (f.page));
  g_assert_nonnull (seqack_capture_page_get_message (f.page));
  g_test_message ("%s", seqack_capture_page_get_message (f.page));
  g_assert_nonnull (strstr (seqack_capture_page_get_message (f.page),
                            "Wireshark"));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (f.page),
                                              "capture.start", NULL) &&
                  seqack_capture_page_is_live (f.page));
  g_assert_false (seqack_capture_page_is_live (f.page));
  g_assert_false (seqack_capture_page_run_demo (f.page, NULL));
  /* File mode is unaffected: its action stays enabled. */
  g_assert_true (gtk_widget_is_sensitive (GTK_WIDGET (f.page)));

  seqack_capture_page_check_sandbox (f.page, nothing);
  g_assert_true (seqack_capture_page_get_live_available (f.page));
  g_assert_null (seqack_capture_page_get_message (f.page));

  fixture_close (&f);
  g_unlink (info);
  g_rmdir (dir);
}

static void
test_capture_live_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *row = NULL;
  SeqackTrace *shown;
  const SeqackEvent *first = NULL;
  guint n_syn = 0, n_fin = 0;
  gint64 start;
  Fixture f;

  fixture_open (&f);
  start = g_get_monotonic_time ();
  if (!seqack_capture_page_run_demo (f.page, &error))
    {
      if (g_error_matches (error, SEQACK_ERROR, SEQACK_ERROR_PERMISSION))
        {
          /* The page shows the capture layer's own explanation. */
          g_assert_cmpstr (seqack_capture_page_get_message (f.page), ==,
                           error->message);
          fixture_close (&f);
          g_test_skip_printf ("live capture not permitted: %s",
                              error->message);
          return;
        }
      g_assert_no_error (error);
    }
  g_assert_true (seqack_capture_page_is_live (f.page));

  /* The kernel's own handshake and teardown, within a few seconds. */
  g_assert_true (iterate_until (demo_over, f.page, 15.0));
  g_test_message ("demo captured in %.2f s",
                  (g_get_monotonic_time () - start) / 1e6);
  g_assert_false (seqack_capture_page_is_live (f.page));
  g_assert_null (seqack_capture_page_get_message (f.page));
  g_assert_cmpuint (seqack_capture_page_get_n_rows (f.page), ==, 1);
  row = seqack_capture_page_get_row_text (f.page, 0);
  g_test_message ("row: %s", row);
  g_assert_true (g_str_has_prefix (row, "1\t127.0.0.1:"));
  g_assert_true (g_str_has_suffix (row, _("FIN")));

  shown = seqack_capture_page_get_shown_trace (f.page);
  g_assert_nonnull (shown);
  for (guint i = 0; i < seqack_trace_get_n_events (shown); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (shown, i);

      if (ev->kind != SEQACK_EVENT_SEGMENT)
        continue;
      if (first == NULL)
        first = ev;
      if (ev->flags & SEQACK_TCP_SYN)
        n_syn++;
      if (ev->flags & SEQACK_TCP_FIN)
        n_fin++;
    }
  g_assert_nonnull (first);
  /* SYN from the client, then SYN,ACK: the three-way handshake. */
  g_assert_cmpuint (first->flags, ==, SEQACK_TCP_SYN);
  g_assert_cmpuint (first->side, ==, SEQACK_CLIENT);
  g_assert_cmpuint (n_syn, ==, 2);
  g_assert_cmpuint (n_fin, ==, 2);
  g_assert_true (g_str_has_suffix (seqack_capture_page_get_state_text (f.page,
                                                                       SEQACK_CLIENT),
                                   "TIME-WAIT"));

  fixture_close (&f);
  /* Stopping joined the capture worker and the demo's helper. */
  g_assert_cmpuint (count_seqack_threads (), ==, 0);
}

static void
test_capture_live_stop (void)
{
  g_autoptr(GError) error = NULL;
  Fixture f;

  fixture_open (&f);
  if (!seqack_capture_page_start_live (f.page, "lo", "tcp", &error))
    {
      g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_PERMISSION);
      fixture_close (&f);
      g_test_skip_printf ("live capture not permitted: %s", error->message);
      return;
    }
  g_assert_true (seqack_capture_page_is_live (f.page));
  /* The worker names itself once it runs. */
  for (guint i = 0; i < 1000 && count_seqack_threads () == 0; i++)
    g_usleep (1000);
  g_assert_cmpuint (count_seqack_threads (), ==, 1);

  /* Stop is an action with its shortcut; it joins the worker. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.page),
                                             "capture.stop", NULL));
  g_assert_false (seqack_capture_page_is_live (f.page));
  g_assert_cmpuint (count_seqack_threads (), ==, 0);

  /* Closing the window while capturing joins it too. */
  g_assert_true (seqack_capture_page_start_live (f.page, "lo", "tcp",
                                                 &error));
  g_assert_no_error (error);
  fixture_close (&f);
  g_assert_cmpuint (count_seqack_threads (), ==, 0);
}

static void
test_peer_dialog_permission (void)
{
  g_autofree char *reason = NULL;
  gboolean permitted = seqack_peer_dialog_check_permitted (&reason);
  SeqackPeerDialog *dialog = seqack_peer_dialog_new (NULL);

  g_object_ref (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate ();

  /* Without CAP_NET_ADMIN the window explains, and Start is off. */
  g_assert_cmpint (seqack_peer_dialog_get_permitted (dialog), ==, permitted);
  if (permitted)
    g_assert_null (seqack_peer_dialog_get_message (dialog));
  else
    {
      g_assert_cmpstr (seqack_peer_dialog_get_message (dialog), ==, reason);
      g_assert_false (gtk_widget_activate_action (GTK_WIDGET (dialog),
                                                  "peer.start", NULL) &&
                      seqack_peer_dialog_is_running (dialog));
    }
  g_assert_false (seqack_peer_dialog_is_running (dialog));
  g_assert_null (seqack_peer_dialog_get_trace (dialog));

  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
  g_assert_finalize_object (dialog);
}

/* The kernel's side of the peer run: connects to SeqAck's server on
 * 192.0.2.2:8080 and reads until SeqAck closes; returns what it read. */
static gpointer
kernel_client_thread (gpointer data)
{
  struct sockaddr_in sin;
  struct timeval timeout = { 5, 0 };
  GString *got = g_string_new (NULL);
  char buf[256];
  ssize_t n;
  int fd;

  fd = socket (AF_INET, SOCK_STREAM, 0);
  g_assert_cmpint (fd, >=, 0);
  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  tun_test_sockaddr (&sin, TUN_TEST_SEQACK_ADDR, 8080);
  if (connect (fd, (struct sockaddr *) &sin, sizeof sin) == 0)
    while ((n = read (fd, buf, sizeof buf)) > 0)
      g_string_append_len (got, buf, n);
  close (fd);

  return g_string_free (got, FALSE);
}

static void
test_peer_dialog_kernel_client (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *got = NULL;
  SeqackPeerDialog *dialog;
  SeqackTrace *trace;
  const SeqackEvent *first = NULL;
  GThread *client;
  gint64 end;

  /* In a network namespace of its own (skipped without root). */
  if (!tun_test_isolate ())
    return;

  dialog = seqack_peer_dialog_new (NULL);
  g_object_ref (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate ();
  g_assert_true (seqack_peer_dialog_get_permitted (dialog));

  /* Start is the action the button and Ctrl+Return trigger. */
  seqack_peer_dialog_set_role (dialog, TRUE, 8080);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog),
                                             "peer.start", NULL));
  g_assert_true (seqack_peer_dialog_is_running (dialog));
  g_assert_null (seqack_peer_dialog_get_message (dialog));
  g_assert_true (g_str_has_suffix (seqack_peer_dialog_get_status (dialog),
                                   "LISTEN"));

  client = g_thread_new ("kernel-client", kernel_client_thread, NULL);
  end = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  while (seqack_peer_dialog_is_running (dialog) &&
         g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  got = g_thread_join (client);

  /* The kernel received SeqAck's text; SeqAck closed first, waited out
   * TIME-WAIT and is CLOSED again. */
  g_assert_false (seqack_peer_dialog_is_running (dialog));
  g_assert_cmpstr (got, ==, "hello");
  g_assert_true (g_str_has_suffix (seqack_peer_dialog_get_status (dialog),
                                   "CLOSED"));
  trace = seqack_peer_dialog_get_trace (dialog);
  g_assert_nonnull (trace);
  for (guint i = 0; i < seqack_trace_get_n_events (trace) && first == NULL;
       i++)
    if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT)
      first = seqack_trace_get_event (trace, i);
  /* The kernel's SYN, captured from the device, opens the diagram. */
  g_assert_nonnull (first);
  g_assert_cmpuint (first->flags, ==, SEQACK_TCP_SYN);
  g_assert_cmpuint (first->side, ==, SEQACK_CLIENT);
  g_assert_cmpuint (first->fate, ==, SEQACK_FATE_CAPTURED);

  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
  g_assert_finalize_object (dialog);
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The capture page mounted in the teaching window: switching modes, a bad
 * file explained in the page, and the lab untouched and still usable. */
static void
test_capture_in_window (void)
{
  g_autoptr(TmpDir) dir = g_dir_make_tmp ("seqack-capture-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (dir, "broken.pcap", NULL);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  SeqackWindow *window = seqack_window_new (NULL, 1234);
  SeqackCapturePage *page;
  GtkWidget *stack;
  GListModel *toplevels;
  guint n_toplevels;
  SeqackLab *lab;

  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  g_object_set (window, "playing", FALSE, NULL);
  iterate ();

  stack = find_type (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK);
  g_assert_nonnull (stack);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)),
                   ==, "lab");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.mode",
                                             "s", "capture"));
  iterate ();
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (stack)),
                   ==, "capture");
  page = SEQACK_CAPTURE_PAGE (find_type (GTK_WIDGET (window),
                                         SEQACK_TYPE_CAPTURE_PAGE));
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));

  /* A truncated pcap header: an error in the page, nothing else lost. */
  g_assert_true (g_file_set_contents (bad, "\xd4\xc3\xb2\xa1\x02\x00", 6,
                                      NULL));
  lab = seqack_window_get_lab (window);
  seqack_capture_page_open_file (page, bad_file);
  g_assert_true (iterate_until (not_loading, page, 10.0));
  g_assert_nonnull (seqack_capture_page_get_message (page));
  g_assert_nonnull (strstr (seqack_capture_page_get_message (page),
                            "broken.pcap"));
  g_assert_cmpuint (seqack_capture_page_get_n_rows (page), ==, 0);

  /* A good file then replaces the message with its conversation. */
  {
    g_autofree char *good = g_build_filename (dir, "lab.pcap", NULL);
    g_autoptr(GFile) good_file = g_file_new_for_path (good);
    SeqackLab *written = NULL;

    write_lab_pcap (good, &written);
    seqack_capture_page_open_file (page, good_file);
    g_assert_true (iterate_until (not_loading, page, 10.0));
    g_assert_null (seqack_capture_page_get_message (page));
    g_assert_cmpuint (seqack_capture_page_get_n_rows (page), ==, 1);
    g_assert_cmpuint (seqack_capture_page_get_selected (page), ==, 0);
    maybe_screenshot (GTK_WIDGET (window));
    seqack_lab_free (written);
    g_unlink (good);
  }

  /* Back to the lab: the same lab, and its buttons still work. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.mode",
                                             "s", "lab"));
  iterate ();
  g_assert_true (seqack_window_get_lab (window) == lab);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window),
                                             "lab.server-listen", NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window),
                                             "lab.client-connect", NULL));
  iterate ();
  g_assert_cmpint (seqack_lab_get_state (seqack_window_get_lab (window),
                                         SEQACK_CLIENT), ==,
                   SEQACK_TCP_SYN_SENT);

  /* The main menu's External Peer opens its window beside this one. */
  toplevels = gtk_window_get_toplevels ();
  n_toplevels = g_list_model_get_n_items (toplevels);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window),
                                             "win.external-peer", NULL));
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==,
                    n_toplevels + 1);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) top = g_list_model_get_item (toplevels, i);

      if (SEQACK_IS_PEER_DIALOG (top))
        {
          g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (top))
                         == GTK_WINDOW (window));
          gtk_window_destroy (GTK_WINDOW (top));
          break;
        }
    }
  iterate ();
  g_assert_cmpuint (g_list_model_get_n_items (toplevels), ==, n_toplevels);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_finalize_object (window);
  g_unlink (bad);
  g_rmdir (dir);
}
/* Whether a widget with @action_name is shown and can be clicked. */
static gboolean
action_widget_usable (GtkWidget  *root,
                      const char *action_name)
{
  if (GTK_IS_ACTIONABLE (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)),
                 action_name) == 0)
    return gtk_widget_is_visible (root) && gtk_widget_is_sensitive (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (action_widget_usable (child, action_name))
      return TRUE;

  return FALSE;
}

/* The capture.all-flows toggle in a real window: a file with three
 * conversations between 192.0.2.1 and 192.0.2.2 and one with another
 * host. Off, the chosen conversation is drawn alone; on (the button by
 * the conversation list, or its action), the diagram is redrawn with all
 * three, every arrow with its ports, and the status line says so;
 * choosing the other host's conversation draws it alone again; off
 * gives back the one conversation. Ctrl+Shift+F is its shortcut. */
static void
test_capture_all_flows (void)
{
  g_autoptr(TmpDir) dir = g_dir_make_tmp ("seqack-capture-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "flows.pcap", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GArray) frames = test_flow_frames (test_flows,
                                               G_N_ELEMENTS (test_flows));
  SeqackWindow *window = seqack_window_new (NULL, 1234);
  SeqackCapturePage *page;
  SeqackSequenceView *view;
  GtkWidget *button;
  GListModel *controllers;
  gboolean bound = FALSE;
  double one_height, all_height;

  test_write_pcap (path, DLT_RAW, frames);
  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 720);
  gtk_window_present (GTK_WINDOW (window));
  g_object_set (window, "playing", FALSE, NULL);
  iterate ();
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.mode",
                                             "s", "capture"));
  iterate ();
  page = SEQACK_CAPTURE_PAGE (find_type (GTK_WIDGET (window),
                                         SEQACK_TYPE_CAPTURE_PAGE));
  view = seqack_capture_page_get_sequence_view (page);

  seqack_capture_page_open_file (page, file);
  g_assert_true (iterate_until (not_loading, page, 10.0));
  g_assert_cmpuint (seqack_capture_page_get_n_rows (page), ==, 4);
  g_assert_cmpuint (seqack_capture_page_get_selected (page), ==, 0);

  /* Alone: eleven segments, no ports on the arrows. */
  g_assert_false (seqack_capture_page_get_all_flows (page));
  g_assert_cmpuint (seqack_capture_page_get_n_flows_shown (page), ==, 1);
  g_assert_cmpuint (seqack_trace_get_n_segments (
    seqack_capture_page_get_shown_trace (page)), ==, 11);
  g_assert_false (seqack_sequence_layout_get_show_ports (
    seqack_sequence_view_get_layout (view)));
  one_height = gtk_adjustment_get_upper (
    gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view)));

  /* The toggle sits with the conversation list, enabled for a file. */
  button = ui_test_find (GTK_WIDGET (page), ui_test_has_action,
                         "capture.all-flows");
  g_assert_true (GTK_IS_TOGGLE_BUTTON (button));
  g_assert_true (action_widget_usable (GTK_WIDGET (page),
                                       "capture.all-flows"));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
  g_assert_nonnull (gtk_widget_get_tooltip_text (button));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (button),
                            "Ctrl+Shift+F"));

  /* Clicked: all three flows on one diagram, redrawn. */
  g_signal_emit_by_name (button, "clicked");
  iterate ();
  g_assert_true (seqack_capture_page_get_all_flows (page));
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
  g_assert_cmpuint (seqack_capture_page_get_n_flows_shown (page), ==, 3);
  g_assert_cmpuint (seqack_trace_get_n_segments (
    seqack_capture_page_get_shown_trace (page)), ==, 33);
  g_assert_true (seqack_sequence_view_get_layout (view) != NULL);
  g_assert_true (seqack_sequence_layout_get_trace (
    seqack_sequence_view_get_layout (view)) ==
    seqack_capture_page_get_shown_trace (page));
  g_assert_true (seqack_sequence_layout_get_show_ports (
    seqack_sequence_view_get_layout (view)));
  g_assert_cmpuint (seqack_sequence_view_get_n_shown (view), ==,
                    seqack_trace_get_n_events (
                      seqack_capture_page_get_shown_trace (page)));
  for (guint i = 0; i < 20; i++)
    {
      iterate ();
      g_usleep (5000);
    }
  all_height = gtk_adjustment_get_upper (
    gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view)));
  g_assert_cmpfloat (all_height, >, 2 * one_height);
  g_assert_nonnull (strstr (seqack_capture_page_get_status (page),
                            "all 3 flows"));
  /* The conversation chosen stays chosen. */
  g_assert_cmpuint (seqack_capture_page_get_selected (page), ==, 0);
  maybe_screenshot (GTK_WIDGET (window));

  /* Another pair of hosts: its one conversation. */
  g_assert_true (seqack_capture_page_select (page, 1));
  iterate ();
  g_assert_cmpuint (seqack_capture_page_get_n_flows_shown (page), ==, 1);
  g_assert_cmpuint (seqack_trace_get_n_segments (
    seqack_capture_page_get_shown_trace (page)), ==, 11);
  /* Back to the first pair, from its reversed flow: all three again. */
  g_assert_true (seqack_capture_page_select (page, 3));
  iterate ();
  g_assert_cmpuint (seqack_capture_page_get_n_flows_shown (page), ==, 3);

  /* Off through the action: the one conversation chosen. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page),
                                             "capture.all-flows", NULL));
  iterate ();
  g_assert_false (seqack_capture_page_get_all_flows (page));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
  g_assert_cmpuint (seqack_capture_page_get_n_flows_shown (page), ==, 1);
  g_assert_cmpuint (seqack_capture_page_get_selected (page), ==, 3);
  g_assert_null (strstr (seqack_capture_page_get_status (page), "flows"));

  /* Ctrl+Shift+F is bound to it: the page's shortcut controller has it. */
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (page));
  for (guint c = 0; c < g_list_model_get_n_items (controllers); c++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, c);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint i = 0;
           i < g_list_model_get_n_items (G_LIST_MODEL (controller)); i++)
        {
          g_autoptr(GtkShortcut) shortcut =
            g_list_model_get_item (G_LIST_MODEL (controller), i);
          GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (
            gtk_shortcut_get_trigger (shortcut));

          if (GTK_IS_NAMED_ACTION (action) &&
              g_str_equal (gtk_named_action_get_action_name (
                             GTK_NAMED_ACTION (action)),
                           "capture.all-flows"))
            bound = g_str_equal (trigger, "<Shift><Control>f") ||
                    g_str_equal (trigger, "<Control><Shift>f");
        }
    }
  g_object_unref (controllers);
  g_assert_true (bound);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_finalize_object (window);
  g_unlink (path);
}

/* The letters key (X, and the View menu's item) acts: it flips them. */
static gboolean
letters_key_acts (GtkWidget *window)
{
  gboolean before, after;

  g_object_get (window, "letters", &before, NULL);
  gtk_widget_activate_action (window, "view.letters", NULL);
  g_object_get (window, "letters", &after, NULL);
  if (after != before)
    gtk_widget_activate_action (window, "view.letters", NULL);
  return after != before;
}

/* While the Capture page shows, the lab's keys (Space, arrows, P, X, the
 * scenarios...) leave the hidden lab alone, the header hides what only the
 * lab uses, and Absolute (the View menu, A) reaches the capture page. Back in the lab,
 * everything works again. */
static void
test_capture_mode_lab_keys (void)
{
  SeqackWindow *window = seqack_window_new (NULL, 1234);
  GtkWidget *widget = GTK_WIDGET (window);
  g_autoptr(GError) error = NULL;
  SeqackCapturePage *page;
  gboolean letters;

  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  g_object_set (window, "playing", FALSE, "absolute", FALSE, NULL);
  iterate ();
  g_assert_true (seqack_window_run_scenario (window, "hello-goodbye",
                                             &error));
  g_assert_no_error (error);
  g_object_set (window, "playing", FALSE, NULL);
  iterate ();
  g_assert_true (letters_key_acts (widget));
  g_assert_true (action_widget_usable (widget, "sidebar.lessons"));

  g_assert_true (gtk_widget_activate_action (widget, "win.mode", "s",
                                             "capture"));
  iterate ();
  page = SEQACK_CAPTURE_PAGE (find_type (widget, SEQACK_TYPE_CAPTURE_PAGE));

  gtk_widget_activate_action (widget, "view.step-forward", NULL);
  gtk_widget_activate_action (widget, "view.play", NULL);
  gtk_widget_activate_action (widget, "lab.scenario", "s", "hello-goodbye");
  g_object_get (window, "letters", &letters, NULL);
  gtk_widget_activate_action (widget, "view.letters", NULL);
  iterate ();
  g_assert_cmpuint (seqack_window_get_n_shown (window), ==, 0);
  {
    gboolean playing, letters_after;

    g_object_get (window, "playing", &playing, "letters", &letters_after,
                  NULL);
    g_assert_false (playing);
    g_assert_cmpint (letters_after, ==, letters);
  }
  g_assert_false (letters_key_acts (widget));
  g_assert_false (action_widget_usable (widget, "sidebar.lessons"));
  /* The lesson panel's N, R, G keys rest with it. */
  g_assert_false (gtk_widget_is_sensitive (find_type (widget,
                                                      SEQACK_TYPE_LESSON_PANEL)));

  /* Absolute is one setting for both pages. */
  g_assert_false (seqack_capture_page_get_absolute (page));
  g_assert_true (gtk_widget_activate_action (widget, "view.absolute", NULL));
  iterate ();
  g_assert_true (seqack_capture_page_get_absolute (page));
  g_assert_true (gtk_widget_activate_action (widget, "view.absolute", NULL));
  iterate ();
  g_assert_false (seqack_capture_page_get_absolute (page));

  /* Back in the lab, the keys act again. */
  g_assert_true (gtk_widget_activate_action (widget, "win.mode", "s", "lab"));
  iterate ();
  g_assert_true (letters_key_acts (widget));
  g_assert_true (gtk_widget_is_sensitive (find_type (widget,
                                                     SEQACK_TYPE_LESSON_PANEL)));
  g_assert_true (gtk_widget_activate_action (widget, "view.step-forward",
                                             NULL));
  iterate ();
  g_assert_cmpuint (seqack_window_get_n_shown (window), >, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_finalize_object (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/capture/open-lab-pcap", test_capture_open_lab_pcap);
  g_test_add_func ("/ui/capture/corrupt-file", test_capture_corrupt_file);
  g_test_add_func ("/ui/capture/bad-interface", test_capture_bad_interface);
  g_test_add_func ("/ui/capture/sandbox", test_capture_sandbox);
  g_test_add_func ("/ui/capture/live-demo", test_capture_live_demo);
  g_test_add_func ("/ui/capture/live-stop", test_capture_live_stop);
  g_test_add_func ("/ui/capture/in-window", test_capture_in_window);
  g_test_add_func ("/ui/capture/all-flows", test_capture_all_flows);
  g_test_add_func ("/ui/capture/mode-lab-keys", test_capture_mode_lab_keys);
  g_test_add_func ("/ui/peer/permission", test_peer_dialog_permission);
  g_test_add_func ("/ui/peer/kernel-client", test_peer_dialog_kernel_client);

  return g_test_run ();
}
