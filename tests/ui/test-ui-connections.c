/* test-ui-connections.c: the diagram's connection filter (issue 17):
 * "Show: All Connections" above the diagram while the trace holds more
 * than one connection, and choosing one draws it alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "seqack-sequence-render.h"
#include "seqack-sequence-view-private.h"
#include "seqack-trace-view.h"
#include "ui-test-util.h"

static gboolean
is_connection_filter (GtkWidget     *widget,
                      gconstpointer  data)
{
  return GTK_IS_DROP_DOWN (widget) &&
         g_strcmp0 (gtk_widget_get_name (widget), "connection-filter") == 0;
}

static GtkDropDown *
connection_filter (GtkWidget *window)
{
  GtkWidget *found = ui_test_find (window, is_connection_filter, NULL);

  g_assert_nonnull (found);
  return GTK_DROP_DOWN (found);
}

static const char *
item_text (GtkDropDown *filter,
           guint        index)
{
  GListModel *model = gtk_drop_down_get_model (filter);

  g_assert_cmpuint (index, <, g_list_model_get_n_items (model));
  return gtk_string_list_get_string (GTK_STRING_LIST (model), index);
}

/* The segments of connection @conn that the view draws an arrow for;
 * *@others: those of the other connections. */
static guint
arrows_of (SeqackSequenceView *view,
           guint               conn,
           guint              *others)
{
  SeqackSequenceLayout *layout = seqack_sequence_view_get_layout (view);
  SeqackTrace *trace = seqack_sequence_layout_get_trace (layout);
  SeqackSequenceRenderOptions options;
  guint n = 0;

  seqack_sequence_view_get_render_options (view, &options);
  *others = 0;
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      double x0, y0, x1, y1;

      if (seqack_trace_get_event (trace, i)->kind != SEQACK_EVENT_SEGMENT ||
          !seqack_sequence_render_get_arrow (layout, &options, i, &x0, &y0,
                                             &x1, &y1))
        continue;
      if (seqack_sequence_layout_get_event_connection (layout, i) == conn)
        n++;
      else
        (*others)++;
    }
  return n;
}

/* A single connection has no filter; two-connections lists both, and
 * picking the second draws its arrows and none of the first's; All
 * Connections brings them back. */
static void
test_filter_picks_connection (void)
{
  GtkWidget *window = ui_test_new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  GtkDropDown *filter = connection_filter (window);
  SeqackSequenceView *view = ui_test_sequence_view (window);
  SeqackSequenceLayout *layout;
  g_autoptr(GError) error = NULL;
  g_autofree char *second = NULL;
  guint n, others, n_rows, all_first, all_second;
  SeqackSocketKey key;

  g_assert_true (seqack_window_run_scenario (self, "hello-goodbye", &error));
  g_assert_no_error (error);
  seqack_window_show_all (self);
  ui_test_iterate ();
  g_assert_false (gtk_widget_is_drawable (GTK_WIDGET (filter)));

  g_assert_true (seqack_window_run_scenario (self, "two-connections",
                                             &error));
  g_assert_no_error (error);
  seqack_window_show_all (self);
  ui_test_iterate ();
  layout = seqack_sequence_view_get_layout (view);
  g_assert_nonnull (layout);
  g_assert_true (gtk_widget_is_drawable (GTK_WIDGET (filter)));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (filter)),
                    ==, 3);
  g_assert_cmpstr (item_text (filter, 0), ==, _("All Connections"));
  second = seqack_sequence_layout_format_connection (layout, 1);
  g_assert_cmpstr (item_text (filter, 2), ==, second);
  g_assert_true (g_str_has_prefix (item_text (filter, 1), "192.0.2.1:"));
  g_assert_cmpuint (gtk_drop_down_get_selected (filter), ==, 0);

  all_first = arrows_of (view, 0, &others);
  all_second = arrows_of (view, 1, &others);
  g_assert_cmpuint (all_first, >=, 6);
  g_assert_cmpuint (all_second, >=, 6);
  n_rows = seqack_sequence_layout_get_n_rows (layout);

  /* The second connection alone. */
  gtk_drop_down_set_selected (filter, 2);
  ui_test_iterate ();
  g_assert_true (seqack_sequence_layout_get_connection_filter (layout, &key));
  g_assert_true (seqack_sequence_layout_get_connection (layout, 1, &key));
  n = arrows_of (view, 1, &others);
  g_assert_cmpuint (n, ==, all_second);
  g_assert_cmpuint (others, ==, 0);
  g_assert_cmpuint (seqack_sequence_layout_get_n_rows (layout), <, n_rows);

  /* The first alone, then all again. */
  gtk_drop_down_set_selected (filter, 1);
  ui_test_iterate ();
  g_assert_cmpuint (arrows_of (view, 0, &others), ==, all_first);
  g_assert_cmpuint (others, ==, 0);
  gtk_drop_down_set_selected (filter, 0);
  ui_test_iterate ();
  g_assert_false (seqack_sequence_layout_get_connection_filter (layout, NULL));
  g_assert_cmpuint (arrows_of (view, 0, &others), ==, all_first);
  g_assert_cmpuint (others, ==, all_second);
  g_assert_cmpuint (seqack_sequence_layout_get_n_rows (layout), ==, n_rows);

  /* A choice holds while the trace grows, and a scenario with one
   * connection hides the filter and shows all. */
  gtk_drop_down_set_selected (filter, 2);
  ui_test_iterate ();
  g_assert_true (seqack_window_run_scenario (self, "hello-goodbye", &error));
  g_assert_no_error (error);
  seqack_window_show_all (self);
  ui_test_iterate ();
  layout = seqack_sequence_view_get_layout (view);
  g_assert_false (gtk_widget_is_drawable (GTK_WIDGET (filter)));
  g_assert_false (seqack_sequence_layout_get_connection_filter (layout, NULL));
  g_assert_cmpuint (arrows_of (view, 0, &others), >=, 6);

  ui_test_destroy_window (window);
}

/* The PNG height of the window's diagram export into @dir. */
static int
export_height (GtkWidget  *window,
               const char *dir,
               const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return ui_test_exported_height (window, path);
}

/* The diagram exports as shown: one connection alone is a shorter
 * picture than all of them. */
static void
test_filter_exports (void)
{
  GtkWidget *window = ui_test_new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  GtkDropDown *filter = connection_filter (window);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("seqack-connections-XXXXXX", NULL);
  int all, one;

  g_assert_nonnull (dir);
  g_assert_true (seqack_window_run_scenario (self, "two-connections",
                                             &error));
  g_assert_no_error (error);
  seqack_window_show_all (self);
  ui_test_iterate ();
  all = export_height (window, dir, "all.png");
  gtk_drop_down_set_selected (filter, 1);
  ui_test_iterate ();
  one = export_height (window, dir, "one.png");
  g_test_message ("export: all %d px, one connection %d px", all, one);
  g_assert_cmpint (one, <, all);
  gtk_drop_down_set_selected (filter, 0);
  ui_test_iterate ();
  g_assert_cmpint (export_height (window, dir, "again.png"), ==, all);
  g_rmdir (dir);

  ui_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/connections/filter", test_filter_picks_connection);
  g_test_add_func ("/ui/connections/export", test_filter_exports);

  return g_test_run ();
}
