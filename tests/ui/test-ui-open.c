/* test-ui-open.c: files handed to the window, in a real window under
 * xvfb-run, as `seqack FILE`, the file manager and a drop hand them: a
 * capture opens in the Capture page with its conversations and the first
 * one's diagram, a scenario in the lab playing, a lesson in the lesson
 * panel; bad files are named by their whole path and change nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include <adwaita.h>

#include "seqack-capture-page-private.h"
#include "seqack-lab.h"
#include "seqack-lesson-panel.h"
#include "seqack-scenario.h"
#include "seqack-window.h"
#include "ui-test-util.h"

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkWidget *
new_window (void)
{
  SeqackWindow *window = seqack_window_new (NULL, 1234);

  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  g_object_set (window, "playing", FALSE, NULL);
  iterate ();

  return GTK_WIDGET (window);
}

static void
destroy_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_finalize_object (window);
}

static GtkWidget *
child (GtkWidget  *window,
       const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (window,
                                                    SEQACK_TYPE_WINDOW,
                                                    name));
}

static const char *
mode (GtkWidget *window)
{
  return adw_view_stack_get_visible_child_name (
           ADW_VIEW_STACK (child (window, "mode_stack")));
}

static SeqackCapturePage *
capture_page (GtkWidget *window)
{
  return SEQACK_CAPTURE_PAGE (child (window, "capture_page"));
}

static gboolean
wait_loaded (SeqackCapturePage *page)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (seqack_capture_page_is_loading (page))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  iterate ();
  return TRUE;
}

/* A handshake, hello and teardown written by the lab as a pcap. */
static char *
write_pcap (const char *dir)
{
  char *path = g_build_filename (dir, "hello.pcap", NULL);
  g_autoptr(GError) error = NULL;
  SeqackScenario *scenario;
  SeqackLabConfig config;
  SeqackLab *lab;

  seqack_lab_config_init (&config);
  config.seed = 7;
  lab = seqack_lab_new (&config);
  scenario = seqack_scenario_builtin ("hello-goodbye", &error);
  g_assert_no_error (error);
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  g_assert_no_error (error);
  seqack_scenario_free (scenario);
  g_assert_true (seqack_trace_write_pcap (seqack_lab_get_trace (lab), path,
                                          G_GINT64_CONSTANT (1700000000000000),
                                          &error));
  g_assert_no_error (error);
  seqack_lab_free (lab);

  return path;
}

static void
remove_dir (char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_rmdir (path) != 0)
        g_unlink (path);
    }
  g_rmdir (dir);
  g_free (dir);
}

static void
assert_capture_shown (GtkWidget *window)
{
  SeqackCapturePage *page = capture_page (window);
  SeqackTrace *shown;

  g_assert_cmpstr (mode (window), ==, "capture");
  g_assert_true (wait_loaded (page));
  g_assert_null (seqack_capture_page_get_message (page));
  /* Its one conversation, selected, drawn segment by segment. */
  g_assert_cmpuint (seqack_capture_page_get_n_rows (page), ==, 1);
  g_assert_cmpuint (seqack_capture_page_get_selected (page), ==, 0);
  shown = seqack_capture_page_get_shown_trace (page);
  g_assert_nonnull (shown);
  g_assert_cmpuint (seqack_trace_get_n_events (shown), >=, 10);
}

/* The main menu's "Open Recent" lists @file first, as the action that
 * opens it again. */
static void
assert_recent (GtkWidget *window,
               GFile     *file)
{
  GMenuModel *section = G_MENU_MODEL (gtk_widget_get_template_child (
                                        window, SEQACK_TYPE_WINDOW,
                                        "recent_section"));
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  g_autoptr(GMenuModel) submenu = NULL;
  g_autoptr(GVariant) target = NULL;
  g_autofree char *action = NULL;
  g_autofree char *uri = g_file_get_uri (file);

  while (g_menu_model_get_n_items (section) == 0 &&
         g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_cmpint (g_menu_model_get_n_items (section), ==, 1);
  submenu = g_menu_model_get_item_link (section, 0, G_MENU_LINK_SUBMENU);
  g_assert_nonnull (submenu);
  g_assert_true (g_menu_model_get_item_attribute (submenu, 0,
                                                  G_MENU_ATTRIBUTE_ACTION,
                                                  "s", &action));
  g_assert_cmpstr (action, ==, "win.open-recent");
  target = g_menu_model_get_item_attribute_value (submenu, 0,
                                                  G_MENU_ATTRIBUTE_TARGET,
                                                  G_VARIANT_TYPE_STRING);
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, uri);
}

static void
test_open_capture (void)
{
  char *dir = g_dir_make_tmp ("seqack-open-XXXXXX", NULL);
  g_autofree char *path = write_pcap (dir);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkWidget *window = new_window ();

  g_assert_cmpstr (mode (window), ==, "lab");
  g_assert_true (seqack_window_open_file (SEQACK_WINDOW (window), file,
                                          &error));
  g_assert_no_error (error);
  assert_capture_shown (window);
  assert_recent (window, file);

  destroy_window (window);
  remove_dir (dir);
}

/* A drop of a file list, as GTK hands one from a file manager. */
static void
test_open_drop (void)
{
  char *dir = g_dir_make_tmp ("seqack-open-XXXXXX", NULL);
  g_autofree char *path = write_pcap (dir);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GListModel) controllers = NULL;
  GtkWidget *window = new_window ();
  GtkDropTarget *target = NULL;
  GSList *list = g_slist_prepend (NULL, file);
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  controllers = gtk_widget_observe_controllers (window);
  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        target = GTK_DROP_TARGET (controller);
    }
  g_assert_nonnull (target);
  {
    gsize n;
    const GType *types = gtk_drop_target_get_gtypes (target, &n);
    gboolean takes_files = FALSE;

    for (gsize i = 0; i < n; i++)
      takes_files |= types[i] == GDK_TYPE_FILE_LIST;
    g_assert_true (takes_files);
  }

  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_list (list));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_slist_free (list);
  g_assert_true (accepted);
  assert_capture_shown (window);

  destroy_window (window);
  remove_dir (dir);
}

static void
test_open_scenario (void)
{
  char *dir = g_dir_make_tmp ("seqack-open-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "mine.scenario", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkWidget *window = new_window ();
  SeqackTrace *trace;
  gboolean playing = FALSE;

  g_assert_true (g_file_set_contents (path,
                                      "name: mine\n"
                                      "description: A colleague's handshake\n"
                                      "server listen\n"
                                      "client connect\n"
                                      "client send hi\n", -1, NULL));
  g_assert_true (seqack_window_open_file (SEQACK_WINDOW (window), file,
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mode (window), ==, "lab");
  /* As a built-in from the Scenarios menu: the lab ran it, the picture
   * plays from the start. */
  trace = seqack_lab_get_trace (seqack_window_get_lab (SEQACK_WINDOW (window)));
  g_assert_cmpuint (seqack_trace_get_n_events (trace), >=, 5);
  g_object_get (window, "playing", &playing, NULL);
  g_assert_true (playing);
  g_assert_cmpstr (adw_window_title_get_subtitle (
                     ADW_WINDOW_TITLE (child (window, "window_title"))),
                   ==, "A colleague's handshake");

  destroy_window (window);
  remove_dir (dir);
}

static void
test_open_lesson (void)
{
  char *dir = g_dir_make_tmp ("seqack-open-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "mine.lesson", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkWidget *window = new_window ();
  SeqackLessonPanel *panel;
  gboolean visible = FALSE;

  g_assert_true (g_file_set_contents (path,
                                      "[Lesson]\n"
                                      "Name=colleague\n"
                                      "Title=A colleague's lesson\n"
                                      "Summary=Written by hand.\n"
                                      "Seed=7\n"
                                      "\n"
                                      "[Step 1]\n"
                                      "Title=Connect\n"
                                      "Run=server listen;client connect\n"
                                      "Text=Connected.\n", -1, NULL));
  panel = SEQACK_LESSON_PANEL (child (window, "lesson_panel"));
  g_assert_cmpstr (seqack_lesson_panel_get_step_title (panel), !=,
                   "A colleague's lesson");

  g_assert_true (seqack_window_open_file (SEQACK_WINDOW (window), file,
                                          &error));
  g_assert_no_error (error);
  g_assert_cmpstr (mode (window), ==, "lab");
  g_object_get (window, "lessons-visible", &visible, NULL);
  g_assert_true (visible);
  g_assert_cmpstr (seqack_lesson_panel_get_step_title (panel), ==,
                   "A colleague's lesson");
  g_assert_cmpstr (seqack_lesson_panel_get_explanation (panel), ==,
                   "Written by hand.");

  destroy_window (window);
  remove_dir (dir);
}

/* Each bad file is named by its whole path, and the lab the class was
 * looking at stays exactly as it was. */
static void
test_open_bad (void)
{
  char *dir = g_dir_make_tmp ("seqack-open-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "gone.pcap", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
  g_autofree char *broken = g_build_filename (dir, "broken.scenario", NULL);
  g_autofree char *binary = g_build_filename (dir, "binary.lesson", NULL);
  const char *paths[] = { missing, dir, text, broken, binary };
  const char *words[] = { "does not exist", "folder", "not a file SeqAck",
                          "line 2", "" };
  GtkWidget *window = new_window ();
  g_autoptr(GError) error = NULL;
  SeqackLab *lab;
  guint n_events;

  g_assert_true (g_file_set_contents (text, "hello\n", -1, NULL));
  g_assert_true (g_file_set_contents (broken, "server listen\nclient conect\n",
                                      -1, NULL));
  g_assert_true (g_file_set_contents (binary, "\x89PNG\r\n\x1a\n\0\0", 10,
                                      NULL));

  g_assert_true (seqack_window_run_scenario (SEQACK_WINDOW (window),
                                             "handshake", &error));
  g_assert_no_error (error);
  lab = seqack_window_get_lab (SEQACK_WINDOW (window));
  n_events = seqack_trace_get_n_events (seqack_lab_get_trace (lab));

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GFile) file = g_file_new_for_path (paths[i]);

      g_assert_false (seqack_window_open_file (SEQACK_WINDOW (window), file,
                                               &error));
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      g_assert_nonnull (strstr (error->message, paths[i]));
      g_assert_nonnull (strstr (error->message, words[i]));
      g_clear_error (&error);
      g_assert_true (seqack_window_get_lab (SEQACK_WINDOW (window)) == lab);
      g_assert_cmpuint (seqack_trace_get_n_events (seqack_lab_get_trace (lab)),
                        ==, n_events);
      g_assert_cmpstr (mode (window), ==, "lab");
    }

  destroy_window (window);
  g_unlink (text);
  g_unlink (broken);
  g_unlink (binary);
  remove_dir (dir);
}

/* The one question window over @window, or NULL. */
static AdwMessageDialog *
unsaved_dialog (GtkWidget *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* GTK's own */
  AdwMessageDialog *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) &&
          gtk_window_get_transient_for (GTK_WINDOW (w)) == GTK_WINDOW (window)
          && gtk_widget_get_visible (GTK_WIDGET (w)))
        {
          g_assert_null (found);
          found = ADW_MESSAGE_DIALOG (w);
        }
    }
  return found;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  if (GTK_IS_BUTTON (root) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_button (c, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Clicks the dialog's button for @response, as the teacher would. */
static void
answer (AdwMessageDialog *dialog,
        const char       *response)
{
  GtkWidget *button;

  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "save"));
  g_assert_true (adw_message_dialog_has_response (dialog, "discard"));
  g_assert_true (adw_message_dialog_has_response (dialog, "cancel"));
  button = find_button (GTK_WIDGET (dialog),
                        adw_message_dialog_get_response_label (dialog,
                                                               response));
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  iterate ();
}

static guint
n_events (GtkWidget *window)
{
  SeqackLab *lab = seqack_window_get_lab (SEQACK_WINDOW (window));

  return seqack_trace_get_n_events (seqack_lab_get_trace (lab));
}

/* A fresh window closes without a question; after the teacher's own
 * actions closing asks, Cancel keeps all of it, Discard lets it go. */
static void
test_close_unsaved (void)
{
  GtkWidget *window = new_window ();
  SeqackLab *lab;
  guint before;

  gtk_window_close (GTK_WINDOW (window));
  iterate ();
  g_assert_null (unsaved_dialog (window));
  g_assert_finalize_object (window);

  window = new_window ();
  g_assert_true (gtk_widget_activate_action (window, "lab.server-listen",
                                             NULL));
  g_assert_true (gtk_widget_activate_action (window, "lab.client-connect",
                                             NULL));
  lab = seqack_window_get_lab (SEQACK_WINDOW (window));
  before = n_events (window);
  g_assert_cmpuint (before, >, 0);

  gtk_window_close (GTK_WINDOW (window));
  iterate ();
  g_assert_nonnull (unsaved_dialog (window));
  answer (unsaved_dialog (window), "cancel");
  g_assert_null (unsaved_dialog (window));
  g_assert_true (gtk_widget_get_visible (window));
  g_assert_true (seqack_window_get_lab (SEQACK_WINDOW (window)) == lab);
  g_assert_cmpuint (n_events (window), ==, before);

  /* Ctrl+Q closes every window the same way. */
  gtk_window_close (GTK_WINDOW (window));
  iterate ();
  answer (unsaved_dialog (window), "discard");
  g_assert_finalize_object (window);
}

/* A scenario opened over unsaved work asks the same question first. */
static void
test_open_over_unsaved (void)
{
  char *dir = g_dir_make_tmp ("seqack-open-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "mine.scenario", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *saved = g_build_filename (dir, "saved.seqack", NULL);
  g_autoptr(GFile) saved_file = g_file_new_for_path (saved);
  g_autoptr(GError) error = NULL;
  GtkWidget *window = new_window ();
  SeqackLab *lab;
  guint before;

  g_assert_true (g_file_set_contents (path, "description: Mine\n"
                                      "server listen\nclient connect\n"
                                      "client close\n", -1, NULL));
  g_assert_true (gtk_widget_activate_action (window, "lab.server-listen",
                                             NULL));
  lab = seqack_window_get_lab (SEQACK_WINDOW (window));
  before = n_events (window);

  seqack_window_open (SEQACK_WINDOW (window), file);
  iterate ();
  answer (unsaved_dialog (window), "cancel");
  g_assert_true (seqack_window_get_lab (SEQACK_WINDOW (window)) == lab);
  g_assert_cmpuint (n_events (window), ==, before);

  seqack_window_open (SEQACK_WINDOW (window), file);
  iterate ();
  answer (unsaved_dialog (window), "discard");
  g_assert_true (seqack_window_get_lab (SEQACK_WINDOW (window)) != lab);
  g_assert_cmpuint (n_events (window), >, before);

  destroy_window (window);

  /* Saved work is not asked about: it is in the file. */
  window = new_window ();
  g_assert_true (gtk_widget_activate_action (window, "lab.server-listen",
                                             NULL));
  g_assert_true (seqack_window_save_session (SEQACK_WINDOW (window),
                                             saved_file, &error));
  g_assert_no_error (error);
  gtk_window_close (GTK_WINDOW (window));
  iterate ();
  g_assert_null (unsaved_dialog (window));
  g_assert_finalize_object (window);
  remove_dir (dir);
}

/* A capture cut short inside its second packet: a banner says where, the
 * status line counts "1 frame", and the whole file counts "N frames". */
static void
test_open_damaged (void)
{
  char *dir = g_dir_make_tmp ("seqack-open-XXXXXX", NULL);
  g_autofree char *path = write_pcap (dir);
  g_autofree char *cut = g_build_filename (dir, "cut.pcap", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) cut_file = g_file_new_for_path (cut);
  g_autoptr(GError) error = NULL;
  g_autofree char *bytes = NULL;
  g_autofree char *all = NULL;
  GtkWidget *window = new_window ();
  SeqackCapturePage *page = capture_page (window);
  const SeqackCaptureStats *stats;
  const char *banner;
  guint32 caplen;
  gsize len;

  g_assert_true (g_file_get_contents (path, &bytes, &len, NULL));
  /* The pcap header (24 bytes), then the first record's header (16) and
   * data, then 20 bytes of the second: lab pcaps are little-endian. */
  caplen = GUINT32_FROM_LE (*(guint32 *) (bytes + 24 + 8));
  g_assert_cmpuint (len, >, 24 + 16 + caplen + 20);
  g_assert_true (g_file_set_contents (cut, bytes, 24 + 16 + caplen + 20,
                                      NULL));

  g_assert_true (seqack_window_open_file (SEQACK_WINDOW (window), cut_file,
                                          &error));
  g_assert_no_error (error);
  g_assert_true (wait_loaded (page));
  banner = seqack_capture_page_get_banner (page);
  g_assert_nonnull (banner);
  g_test_message ("banner: %s", banner);
  {
    g_autofree char *said =
      g_strdup_printf ("‘%s’ is damaged after packet 1: showing what could "
                       "be read", cut);

    g_assert_cmpstr (banner, ==, said);
  }
  g_test_message ("status: %s", seqack_capture_page_get_status (page));
  g_assert_nonnull (strstr (seqack_capture_page_get_status (page),
                            " 1 frame, 1 TCP segment,"));

  /* The whole file: no banner, every frame counted in the plural. */
  g_assert_true (seqack_window_open_file (SEQACK_WINDOW (window), file,
                                          &error));
  g_assert_no_error (error);
  g_assert_true (wait_loaded (page));
  g_assert_null (seqack_capture_page_get_banner (page));
  stats = seqack_capture_get_stats (page->capture);
  g_assert_cmpuint (stats->n_frames, >, 1);
  all = g_strdup_printf (" %" G_GUINT64_FORMAT " frames, %" G_GUINT64_FORMAT
                         " TCP segments,", stats->n_frames, stats->n_tcp);
  g_assert_nonnull (strstr (seqack_capture_page_get_status (page), all));

  destroy_window (window);
  g_unlink (cut);
  remove_dir (dir);
}

/* Showing the Capture page puts the keyboard there, so its own keys
 * (Ctrl+Shift+O opens a file) work at once. */
static void
test_capture_page_keys (void)
{
  GtkWidget *window = new_window ();
  GtkWidget *focus;

  g_assert_true (gtk_widget_activate_action (window, "win.mode", "s",
                                             "capture"));
  iterate ();
  g_assert_cmpstr (mode (window), ==, "capture");
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_is_ancestor (focus,
                                         GTK_WIDGET (capture_page (window))));

  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = g_dir_make_tmp ("seqack-open-home-XXXXXX", NULL);
  g_autofree char *recent = g_build_filename (home, "recently-used.xbel",
                                              NULL);
  int status;

  /* The recent files list is the test's own, not the user's. */
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/open/capture", test_open_capture);
  g_test_add_func ("/ui/open/drop", test_open_drop);
  g_test_add_func ("/ui/open/scenario", test_open_scenario);
  g_test_add_func ("/ui/open/lesson", test_open_lesson);
  g_test_add_func ("/ui/open/bad", test_open_bad);
  g_test_add_func ("/ui/open/over-unsaved", test_open_over_unsaved);
  g_test_add_func ("/ui/close/unsaved", test_close_unsaved);
  g_test_add_func ("/ui/open/damaged", test_open_damaged);
  g_test_add_func ("/ui/capture/keys-at-once", test_capture_page_keys);

  status = g_test_run ();
  g_unlink (recent);
  g_rmdir (home);

  return status;
}
