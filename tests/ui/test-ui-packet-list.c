/* test-ui-packet-list.c: the packet list in the real window: its rows
 * follow the run, selection goes both ways with the diagram and the
 * inspector, each row reads as a sentence through the accessibility
 * tree, it is there in the capture page too, and showing it never
 * widens the window. Runs under xvfb-run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "seqack-capture-page-private.h"
#include "seqack-inspector.h"
#include "seqack-scenario.h"
#include "seqack-sequence-view.h"
#include "seqack-trace-view.h"
#include "ui-test-util.h"

static SeqackTraceView *
lab_trace_view (GtkWidget *window)
{
  return SEQACK_TRACE_VIEW (gtk_widget_get_template_child (window,
                                                           SEQACK_TYPE_WINDOW,
                                                           "trace_view"));
}

static GtkSingleSelection *
selection_of (SeqackPacketList *list)
{
  GtkColumnView *view =
    GTK_COLUMN_VIEW (ui_test_find (GTK_WIDGET (list), ui_test_is_type,
                                   GSIZE_TO_POINTER (GTK_TYPE_COLUMN_VIEW)));

  g_assert_nonnull (view);
  return GTK_SINGLE_SELECTION (gtk_column_view_get_model (view));
}

static SeqackPacketRow *
row_at (SeqackPacketList *list,
        guint             position)
{
  GListModel *model = G_LIST_MODEL (seqack_packet_list_get_model (list));
  SeqackPacketRow *row = g_list_model_get_item (model, position);

  g_assert_nonnull (row);
  g_object_unref (row); /* the list keeps it */
  return row;
}

/* A widget whose accessible label is @data, as a screen reader gets it
 * from the accessibility tree. */
static gboolean
has_accessible_label (GtkWidget     *widget,
                      gconstpointer  data)
{
  g_autofree char *differs = NULL;

  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                         GTK_ACCESSIBLE_PROPERTY_LABEL))
    return FALSE;
  differs = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                data);
  return differs == NULL;
}

static void
test_rows_and_selection (void)
{
  GtkWidget *window = ui_test_new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackTraceView *view = lab_trace_view (window);
  SeqackPacketList *list = seqack_trace_view_get_packet_list (view);
  SeqackSequenceView *diagram = seqack_trace_view_get_sequence_view (view);
  GListModel *model = G_LIST_MODEL (seqack_packet_list_get_model (list));
  GtkSingleSelection *selection = selection_of (list);
  g_autoptr(GError) error = NULL;
  g_autofree char *differs = NULL;
  const char *sentence;
  guint event;

  g_object_set (window, "packet-list-visible", TRUE, NULL);
  ui_test_iterate ();
  g_assert_true (seqack_trace_view_get_packet_list_visible (view));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (list)));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  g_assert_true (seqack_window_run_scenario (self, "hello-goodbye", &error));
  g_assert_no_error (error);
  seqack_window_show_all (self);
  ui_test_iterate ();

  /* One row per segment of the run, as the ladder has them. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 11);
  g_assert_cmpstr (seqack_packet_row_get_text (row_at (list, 1),
                                               SEQACK_PACKET_COLUMN_FLAGS),
                   ==, "SYN, ACK");

  /* The diagram's selection (the last segment) is the list's. */
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 10);
  g_assert_cmpuint (seqack_packet_list_get_selected (list), ==,
                    seqack_sequence_view_get_selected (diagram));

  /* A row chosen in the list: the diagram and the inspector follow. */
  gtk_single_selection_set_selected (selection, 2);
  ui_test_iterate ();
  event = seqack_packet_row_get_event (row_at (list, 2));
  g_assert_cmpuint (seqack_sequence_view_get_selected (diagram), ==, event);
  g_assert_cmpuint (seqack_inspector_get_event (
                      seqack_trace_view_get_inspector (view)), ==, event);

  /* The diagram names the selected segment, in the row's words. */
  sentence = seqack_packet_row_get_label (row_at (list, 2));
  g_assert_cmpstr (sentence, ==,
                   "Segment 3, client to server, ACK, Seq 1, Ack 1, "
                   "delivered, server: SYN-RCVD → ESTABLISHED");
  {
    g_autofree char *description = g_strdup_printf ("Selected: %s", sentence);

    differs = gtk_test_accessible_check_property (
                GTK_ACCESSIBLE (diagram), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                description);
    g_assert_null (differs);
  }

  /* Each row's sentence is in the accessibility tree, on its cell. */
  for (guint i = 0; i < 4; i++)
    g_assert_nonnull (ui_test_find (GTK_WIDGET (list), has_accessible_label,
                                    seqack_packet_row_get_label (
                                      row_at (list, i))));

  /* The keyboard walks the rows with the list's own select action (what
   * Up and Down run). */
  {
    GtkWidget *list_view = ui_test_find (GTK_WIDGET (list), ui_test_is_type,
                                         GSIZE_TO_POINTER (GTK_TYPE_LIST_VIEW));

    g_assert_nonnull (list_view);
    g_assert_true (gtk_widget_activate_action (list_view, "list.select-item",
                                               "(ubb)", 4, FALSE, FALSE));
    ui_test_iterate ();
    g_assert_cmpuint (seqack_sequence_view_get_selected (diagram), ==,
                      seqack_packet_row_get_event (row_at (list, 4)));
  }

  /* Stepping back (to the last segment, then the one before) selects in
   * the diagram: the list follows, and shows no segment the picture does
   * not. */
  ui_test_activate (window, "view.step-backward");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 11);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 10);
  ui_test_activate (window, "view.step-backward");
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 9);
  g_assert_cmpuint (seqack_packet_list_get_selected (list), ==,
                    seqack_sequence_view_get_selected (diagram));

  /* Absolute numbers: the list turns with the diagram. */
  g_object_set (window, "absolute", TRUE, NULL);
  ui_test_iterate ();
  g_assert_cmpstr (seqack_packet_row_get_text (row_at (list, 0),
                                               SEQACK_PACKET_COLUMN_SEQ),
                   !=, "0");

  ui_test_destroy_window (window);
}

/* Shown by default where the window is wide enough for the diagram and
 * the list side by side, one toggle (L, View ▸ Packet List) away on
 * smaller screens, and never wider than the window. */
static void
test_fits (void)
{
  GtkWidget *window = ui_test_new_window ();
  SeqackTraceView *view = lab_trace_view (window);
  gboolean visible;
  int minimum;

  gtk_window_set_default_size (GTK_WINDOW (window), 1600, 900);
  ui_test_iterate ();
  g_object_get (window, "packet-list-visible", &visible, NULL);
  g_assert_true (visible);
  g_assert_true (seqack_trace_view_get_packet_list_visible (view));

  gtk_window_set_default_size (GTK_WINDOW (window), 1024, 700);
  ui_test_iterate ();
  g_object_get (window, "packet-list-visible", &visible, NULL);
  g_assert_false (visible);

  /* The toggle: now the user's choice, whatever the width. */
  ui_test_activate (window, "view.packet-list");
  g_object_get (window, "packet-list-visible", &visible, NULL);
  g_assert_true (visible);
  g_assert_true (seqack_trace_view_get_packet_list_visible (view));
  g_assert_true (seqack_trace_view_get_packet_list_visible (
                   SEQACK_CAPTURE_PAGE (gtk_widget_get_template_child (
                     window, SEQACK_TYPE_WINDOW, "capture_page"))->trace_view));
  gtk_window_set_default_size (GTK_WINDOW (window), 1700, 900);
  ui_test_iterate ();
  g_assert_true (seqack_trace_view_get_packet_list_visible (view));

  /* Shown on a 1024 px projector, it folds over the diagram: the window
   * needs no more width than without it. */
  gtk_widget_measure (window, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, NULL,
                      NULL, NULL);
  g_assert_cmpint (minimum, <=, 1024);

  ui_test_activate (window, "view.packet-list");
  g_assert_false (seqack_trace_view_get_packet_list_visible (view));

  ui_test_destroy_window (window);
}

/* On a 1920×1080 monitor the list beside the diagram shows every column
 * whole, Win and Info included: nothing to scroll sideways. */
static void
test_columns_whole (void)
{
  GtkWidget *window = ui_test_new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackTraceView *view = lab_trace_view (window);
  SeqackPacketList *list = seqack_trace_view_get_packet_list (view);
  g_autoptr(GError) error = NULL;
  GtkWidget *scroller;
  GtkAdjustment *hadjustment;
  gint64 until;

  gtk_window_set_default_size (GTK_WINDOW (window), 1920, 1080);
  g_assert_true (seqack_window_run_scenario (self, "hello-goodbye", &error));
  g_assert_no_error (error);
  g_object_set (window, "playing", FALSE, NULL);
  seqack_window_show_all (self);
  until = g_get_monotonic_time () + G_USEC_PER_SEC / 2;
  while (g_get_monotonic_time () < until)
    {
      ui_test_iterate ();
      g_usleep (10000);
    }
  g_assert_true (seqack_trace_view_get_packet_list_visible (view));
  /* Less its shadow. */
  g_assert_cmpint (gtk_widget_get_width (window), >=, 1900);
  scroller = gtk_widget_get_first_child (GTK_WIDGET (list));
  g_assert_true (GTK_IS_SCROLLED_WINDOW (scroller));
  hadjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_test_message ("1920×1080: the packet list is %d px wide, its columns "
                  "%.0f px", gtk_widget_get_width (scroller),
                  gtk_adjustment_get_upper (hadjustment));
  g_assert_cmpfloat (gtk_adjustment_get_upper (hadjustment), <=,
                     gtk_adjustment_get_page_size (hadjustment) + 0.5);

  ui_test_destroy_window (window);
}

/* A capture's conversation gets the same list, with its own rows. */
static void
test_capture_page (void)
{
  g_autofree char *dir = g_dir_make_tmp ("seqack-packet-list-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "hello.pcap", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GtkWidget *window = ui_test_new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackCapturePage *page;
  SeqackPacketList *list;
  gint64 end;

  g_assert_true (seqack_window_run_scenario (self, "hello-goodbye", &error));
  g_assert_no_error (error);
  g_assert_true (seqack_window_export_pcap (self, file, &error));
  g_assert_no_error (error);
  /* Relative numbers (the settings outlive the last test's window). */
  g_object_set (window, "packet-list-visible", TRUE, "absolute", FALSE, NULL);
  g_assert_true (seqack_window_open_file (self, file, &error));
  g_assert_no_error (error);

  page = SEQACK_CAPTURE_PAGE (gtk_widget_get_template_child (
           window, SEQACK_TYPE_WINDOW, "capture_page"));
  end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (seqack_capture_page_is_loading (page))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  ui_test_iterate ();

  list = seqack_trace_view_get_packet_list (page->trace_view);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (list)));
  g_assert_cmpuint (g_list_model_get_n_items (
                      G_LIST_MODEL (seqack_packet_list_get_model (list))),
                    ==, 11);
  /* Its SYN is selected first, as in the diagram; captured rows say so. */
  g_assert_cmpuint (gtk_single_selection_get_selected (selection_of (list)),
                    ==, 0);
  g_assert_nonnull (strstr (seqack_packet_row_get_label (row_at (list, 0)),
                            "Segment 1, client to server, SYN, Seq 0, "
                            "captured"));

  ui_test_destroy_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/packet-list/rows-and-selection",
                   test_rows_and_selection);
  g_test_add_func ("/ui/packet-list/fits", test_fits);
  g_test_add_func ("/ui/packet-list/columns-whole", test_columns_whole);
  g_test_add_func ("/ui/packet-list/capture-page", test_capture_page);

  return g_test_run ();
}
