/* ui-test-frames.h: the time a frame of the sequence view takes, drawn
 * as the frame clock's paint draws it; shared by the window tests and
 * bench/bench-window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stdlib.h>

#include <gtk/gtk.h>

#include "seqack-sequence-view-private.h"

typedef struct
{
  double draw_ms;    /* mean snapshot: the render layer's drawing */
  double raster_ms;  /* mean: the renderer turning it into pixels */
  double p95_ms;     /* of a whole frame (draw + raster) */
  double worst_ms;
} UiTestFrameTime;

static inline int
ui_test_compare_double (gconstpointer a,
                        gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Times @frames frames of @view, each at a different scroll position from
 * the top to the bottom of the diagram, as the frame clock's paint would
 * make them. */
static inline UiTestFrameTime
ui_test_measure_frames (SeqackSequenceView *view,
                        guint               frames)
{
  GtkAdjustment *vadj;
  GskRenderer *renderer;
  UiTestFrameTime result = { 0 };
  g_autofree double *whole = g_new0 (double, MAX (frames, 1));
  int width = gtk_widget_get_width (GTK_WIDGET (view));
  int height = gtk_widget_get_height (GTK_WIDGET (view));

  g_assert_cmpint (width, >, 0);
  g_assert_cmpuint (frames, >, 0);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (GTK_WIDGET (view)));
  vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));

  for (guint f = 0; f <= frames; f++)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
      g_autoptr(GskRenderNode) node = NULL;
      g_autoptr(GdkTexture) texture = NULL;
      graphene_rect_t bounds;
      guint first, end;
      gint64 t0, t1, t2;

      gtk_adjustment_set_value (vadj, (gtk_adjustment_get_upper (vadj)
                                       - gtk_adjustment_get_page_size (vadj))
                                      * f / frames);
      gtk_widget_queue_draw (GTK_WIDGET (view));
      /* Only what is on screen is visited. */
      seqack_sequence_view_get_visible_rows (view, &first, &end);
      g_assert_cmpuint (end - first, <, 100);

      /* The widget's own snapshot, as the frame clock's paint calls it
       * (a GtkWidgetPaintable would replay the last frame instead). */
      t0 = g_get_monotonic_time ();
      GTK_WIDGET_GET_CLASS (view)->snapshot (GTK_WIDGET (view), snapshot);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      t1 = g_get_monotonic_time ();
      graphene_rect_init (&bounds, 0, 0, width, height);
      texture = gsk_renderer_render_texture (renderer, node, &bounds);
      t2 = g_get_monotonic_time ();

      /* The first frame warms font caches: not counted. */
      if (f == 0)
        continue;
      result.draw_ms += (t1 - t0) / 1000.0 / frames;
      result.raster_ms += (t2 - t1) / 1000.0 / frames;
      whole[f - 1] = (t2 - t0) / 1000.0;
      result.worst_ms = MAX (result.worst_ms, whole[f - 1]);
    }

  qsort (whole, frames, sizeof *whole, ui_test_compare_double);
  result.p95_ms = whole[MIN (frames - 1, (guint) (frames * 0.95))];
  return result;
}
