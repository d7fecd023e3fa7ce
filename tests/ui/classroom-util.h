/* classroom-util.h: what the projector tests share (test-ui-classroom.c,
 * test-ui-presentation.c): a window as large as the screen under Xvfb,
 * a main loop turned until layout settles, and the measures the back
 * row cares about: the window against the screen, the diagram's share of
 * the height, the state names' size.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "seqack-state-render.h"
#include "seqack-state-view.h"
#include "seqack-sequence-render.h"
#include "seqack-sequence-view-private.h"
#include "ui-test-util.h"

/* Lets layout, configure events and frames settle. */
static inline void
settle (void)
{
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC / 4;

  while (g_get_monotonic_time () < until)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (10000);
    }
}

static inline void
screen_size (int *width,
             int *height)
{
  GdkDisplay *display = gdk_display_get_default ();
  GListModel *monitors = gdk_display_get_monitors (display);
  g_autoptr(GdkMonitor) monitor = g_list_model_get_item (monitors, 0);
  GdkRectangle geometry;

  g_assert_nonnull (monitor);
  gdk_monitor_get_geometry (monitor, &geometry);
  *width = geometry.width;
  *height = geometry.height;
}

/* "1024×768", and the scale where it is not 1: what the messages quote. */
static inline char *
screen_label (GtkWidget *window)
{
  int width, height, scale = gtk_widget_get_scale_factor (window);

  screen_size (&width, &height);
  if (scale == 1)
    return g_strdup_printf ("%d×%d", width, height);
  return g_strdup_printf ("%d×%d at scale %d", width * scale, height * scale,
                          scale);
}

/* A window as large as the screen, as a maximized one would be. */
static inline GtkWidget *
new_window (void)
{
  SeqackWindow *window = seqack_window_new (NULL, 1234);
  int width, height;

  screen_size (&width, &height);
  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  g_object_set (window, "playing", FALSE, NULL);
  settle ();

  return GTK_WIDGET (window);
}

static inline void
destroy_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
  g_assert_finalize_object (window);
}

/* The window, and what it asks for, fit the screen. */
static inline void
assert_fits (GtkWidget  *window,
             const char *when)
{
  int screen_width, screen_height, min_width, min_height;

  GtkWidget *content = gtk_widget_get_first_child (window);

  /* The window's own measure adds the margins of its shadow, which a
   * maximized or full-screen window does not have: measure its content. */
  screen_size (&screen_width, &screen_height);
  gtk_widget_measure (content, GTK_ORIENTATION_HORIZONTAL, -1, &min_width,
                      NULL, NULL, NULL);
  gtk_widget_measure (content, GTK_ORIENTATION_VERTICAL, screen_width,
                      &min_height, NULL, NULL, NULL);
  if (gtk_widget_get_width (window) > screen_width ||
      gtk_widget_get_height (window) > screen_height ||
      min_width > screen_width || min_height > screen_height)
    g_error ("%s: the window is %d×%d (needs at least %d×%d) on a %d×%d "
             "screen", when, gtk_widget_get_width (window),
             gtk_widget_get_height (window), min_width, min_height,
             screen_width, screen_height);
}

static inline double
diagram_share (GtkWidget *window)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (ui_test_sequence_view (window)),
                                            window, &bounds));
  return bounds.size.height / gtk_widget_get_height (window);
}

/* Calls @func for each state machine drawn under @widget, with the
 * render options and area it is drawn with (its current state not set). */
typedef void (*ClassroomStateViewFunc) (SeqackStateView                *view,
                                        const SeqackStateRenderOptions *options,
                                        const cairo_rectangle_t        *area,
                                        gpointer                        data);

static inline void
classroom_each_state_view (GtkWidget              *widget,
                           ClassroomStateViewFunc  func,
                           gpointer                data)
{
  if (SEQACK_IS_STATE_VIEW (widget) && gtk_widget_is_drawable (widget))
    {
      SeqackStateView *view = SEQACK_STATE_VIEW (widget);
      SeqackStateRenderOptions options;
      cairo_rectangle_t area = { 0, 0, gtk_widget_get_width (widget),
                                 gtk_widget_get_height (widget) };

      seqack_state_render_options_init (&options);
      options.scale = seqack_state_view_get_scale (view);
      options.text_scale = seqack_state_view_get_text_scale (view);
      options.title = seqack_state_view_get_title (view);
      options.title_at_end = seqack_state_view_get_title_at_end (view);
      func (view, &options, &area, data);
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    classroom_each_state_view (child, func, data);
}

typedef struct
{
  double smallest;
  guint  n_views;
} StatePx;

/* The smallest state name drawn on screen, over every state machine the
 * window shows (side columns, or presentation mode's), and how many. */
static inline void
collect_state_px (SeqackStateView                *view,
                  const SeqackStateRenderOptions *options,
                  const cairo_rectangle_t        *area,
                  gpointer                        data)
{
  StatePx *px = data;

  px->smallest = MIN (px->smallest,
                      seqack_state_render_get_font_px (area, options));
  px->n_views++;
}

static inline double
smallest_state_px (GtkWidget *window)
{
  StatePx px = { G_MAXDOUBLE, 0 };

  classroom_each_state_view (window, collect_state_px, &px);
  /* Both ends' machines, whole. */
  g_assert_cmpuint (px.n_views, ==, 2);
  return px.smallest;
}

/* The diagram's rows on screen: each row's height and the visible
 * [top, bottom) in the rows' own coordinates (under the pinned header). */
static inline void
visible_rows_y (GtkWidget *window,
                double    *row_height,
                double    *top,
                double    *bottom)
{
  SeqackSequenceView *view = ui_test_sequence_view (window);
  SeqackSequenceRenderOptions options;
  GtkAdjustment *vadjustment;

  seqack_sequence_view_get_render_options (view, &options);
  *row_height = seqack_sequence_render_get_row_height (&options);
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  *top = gtk_adjustment_get_value (vadjustment);
  *bottom = *top + gtk_adjustment_get_page_size (vadjustment);
}

/* Rows [@first, @last] lie whole in the diagram's visible rows. */
static inline void
assert_rows_in_view (GtkWidget  *window,
                     guint       first,
                     guint       last,
                     const char *what)
{
  double row_height, top, bottom;

  visible_rows_y (window, &row_height, &top, &bottom);
  if (first * row_height < top - 0.5 || (last + 1) * row_height > bottom + 0.5)
    g_error ("%s (rows %u–%u, y %.0f–%.0f) is outside the visible "
             "%.0f–%.0f", what, first, last, first * row_height,
             (last + 1) * row_height, top, bottom);
}
