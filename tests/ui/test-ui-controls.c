/* test-ui-controls.c: the controls a teacher leans on, in the real
 * window under xvfb-run: Drop Next's armed look and a whole handshake on
 * screen at the default zoom on a 1280×720 screen, the text size keys on
 * a 1920×1080 one (see meson.build).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "seqack-endpoint-panel-private.h"
#include "seqack-palette.h"
#include "seqack-sequence-render.h"
#include "seqack-sequence-view-private.h"
#include "seqack-state-view-private.h"
#include "seqack-window.h"

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef gboolean (*Match) (GtkWidget *widget, gconstpointer data);

/* The first mapped widget under @root, breadth first, that @match takes. */
static GtkWidget *
find_widget (GtkWidget     *root,
             Match          match,
             gconstpointer  data)
{
  GPtrArray *queue = g_ptr_array_new ();
  GtkWidget *found = NULL;

  g_ptr_array_add (queue, root);
  for (guint i = 0; i < queue->len && found == NULL; i++)
    {
      GtkWidget *w = g_ptr_array_index (queue, i);

      if (gtk_widget_get_mapped (w) && match (w, data))
        found = w;
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
           c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (queue, c);
    }
  g_ptr_array_unref (queue);

  return found;
}

static gboolean
label_says (GtkWidget     *widget,
            gconstpointer  text)
{
  return GTK_IS_LABEL (widget) &&
         g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static gboolean
runs_action (GtkWidget     *widget,
             gconstpointer  action)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)),
                    action) == 0;
}

static gboolean
is_menu_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget);
}

static SeqackSequenceView *
sequence_view (GtkWidget *window)
{
  return SEQACK_SEQUENCE_VIEW (find_type (window, SEQACK_TYPE_SEQUENCE_VIEW));
}

/* The endpoint panel of @side. */
static SeqackEndpointPanel *
panel_of (GtkWidget  *root,
          SeqackSide  side)
{
  if (SEQACK_IS_ENDPOINT_PANEL (root) &&
      seqack_endpoint_panel_get_side (SEQACK_ENDPOINT_PANEL (root)) == side)
    return SEQACK_ENDPOINT_PANEL (root);

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      SeqackEndpointPanel *found = panel_of (child, side);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Lets layout, configure events and frames settle. */
static void
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

/* A window as large as the screen, as a maximized one would be. */
static GtkWidget *
new_window (void)
{
  SeqackWindow *window = seqack_window_new (NULL, 1234);
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GdkMonitor) monitor =
    g_list_model_get_item (gdk_display_get_monitors (display), 0);
  GdkRectangle geometry;

  gdk_monitor_get_geometry (monitor, &geometry);
  g_object_ref (window);
  gtk_window_set_default_size (GTK_WINDOW (window), geometry.width,
                               geometry.height);
  gtk_window_present (GTK_WINDOW (window));
  g_object_set (window, "playing", FALSE, NULL);
  settle ();

  return GTK_WIDGET (window);
}

static void
destroy_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
  g_assert_finalize_object (window);
}

/* Presses @keyval with @mods: runs what the window's shortcut for that
 * key runs, as the key press would. */
static void
press (GtkWidget       *window,
       guint            keyval,
       GdkModifierType  mods)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (window);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0;
           j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut =
            g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (!GTK_IS_KEYVAL_TRIGGER (trigger) ||
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger))
                != keyval ||
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger))
                != mods)
            continue;
          g_assert_true (gtk_shortcut_action_activate
                           (gtk_shortcut_get_action (shortcut), 0, window,
                            gtk_shortcut_get_arguments (shortcut)));
          settle ();
          return;
        }
    }
  g_error ("no shortcut for %s", gtk_accelerator_name (keyval, mods));
}

/* Draws @widget as a frame would; returns the pixels (ARGB32 premultiplied
 * in a GBytes), its size and stride. */
static GBytes *
draw (GtkWidget *widget,
      int       *width,
      int       *height,
      gsize     *stride)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native
                                                     (widget));
  graphene_rect_t bounds;
  guchar *data;

  *width = gtk_widget_get_width (widget);
  *height = gtk_widget_get_height (widget);
  g_assert_cmpint (*width, >, 0);
  g_assert_cmpint (*height, >, 0);
  gdk_paintable_snapshot (paintable, snapshot, *width, *height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  graphene_rect_init (&bounds, 0, 0, *width, *height);
  texture = gsk_renderer_render_texture (renderer, node, &bounds);
  *width = gdk_texture_get_width (texture);
  *height = gdk_texture_get_height (texture);
  *stride = (gsize) *width * 4;
  data = g_malloc (*stride * *height);
  gdk_texture_download (texture, data, *stride);

  return g_bytes_new_take (data, *stride * *height);
}

/* After a fresh frame: the smallest text the sequence view and the
 * client's state diagram drew, and the height of the client's state
 * badge's text. */
typedef struct
{
  double diagram;
  double states;
  int    badge;
} TextSizes;

static void
measure_text (GtkWidget *window,
              TextSizes *sizes)
{
  SeqackSequenceView *view = sequence_view (window);
  SeqackEndpointPanel *panel = panel_of (window, SEQACK_CLIENT);
  SeqackStateView *states =
    SEQACK_STATE_VIEW (find_type (GTK_WIDGET (panel),
                                  SEQACK_TYPE_STATE_VIEW));
  const char *badge_text = seqack_endpoint_panel_get_state_text (panel);
  GtkWidget *badge = NULL;
  int width, height;
  gsize stride;

  g_bytes_unref (draw (GTK_WIDGET (view), &width, &height, &stride));
  g_bytes_unref (draw (GTK_WIDGET (states), &width, &height, &stride));
  sizes->diagram = seqack_sequence_view_get_drawn_text_px (view);
  sizes->states = seqack_state_view_get_drawn_text_px (states);

  badge = find_widget (GTK_WIDGET (panel), label_says, badge_text);
  g_assert_nonnull (badge);
  pango_layout_get_pixel_size (gtk_label_get_layout (GTK_LABEL (badge)), NULL,
                               &sizes->badge);
  g_test_message ("text-scale %.2f: diagram %.1f px, state names %.1f px, "
                  "state badge %d px tall",
                  seqack_sequence_view_get_text_scale (view), sizes->diagram,
                  sizes->states, sizes->badge);
}

static double
text_scale_setting (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.seqack.SeqAck");

  return g_settings_get_double (settings, "text-scale");
}

/* Ctrl++ / Ctrl+− / Ctrl+0 write the text-scale setting, and the diagram,
 * the state machines and the panels draw their text larger, smaller and
 * back; a new window opens at the size chosen. */
static void
test_controls_text_size_keys (void)
{
  GtkWidget *window = new_window ();
  g_autoptr(GError) error = NULL;
  TextSizes normal, big, small, reset, kept;

  g_assert_cmpfloat (text_scale_setting (), ==, 1.0);
  g_assert_true (seqack_window_run_scenario (SEQACK_WINDOW (window),
                                             "hello-goodbye", &error));
  g_assert_no_error (error);
  g_object_set (window, "playing", FALSE, NULL);
  g_assert_true (seqack_window_show_segments (SEQACK_WINDOW (window), 3));
  settle ();
  measure_text (window, &normal);

  press (window, GDK_KEY_plus, GDK_CONTROL_MASK);
  press (window, GDK_KEY_plus, GDK_CONTROL_MASK);
  g_assert_cmpfloat_with_epsilon (text_scale_setting (), 1.2, 1e-9);
  measure_text (window, &big);
  g_assert_cmpfloat (big.diagram, >, normal.diagram * 1.1);
  g_assert_cmpfloat (big.states, >, normal.states);
  g_assert_cmpint (big.badge, >, normal.badge);

  press (window, GDK_KEY_0, GDK_CONTROL_MASK);
  press (window, GDK_KEY_minus, GDK_CONTROL_MASK);
  press (window, GDK_KEY_minus, GDK_CONTROL_MASK);
  g_assert_cmpfloat_with_epsilon (text_scale_setting (), 0.8, 1e-9);
  measure_text (window, &small);
  g_assert_cmpfloat (small.diagram, <, normal.diagram * 0.9);
  g_assert_cmpfloat (small.states, <, normal.states);
  g_assert_cmpint (small.badge, <, normal.badge);

  press (window, GDK_KEY_0, GDK_CONTROL_MASK);
  g_assert_cmpfloat (text_scale_setting (), ==, 1.0);
  measure_text (window, &reset);
  g_assert_cmpfloat_with_epsilon (reset.diagram, normal.diagram, 0.01);
  g_assert_cmpfloat_with_epsilon (reset.states, normal.states, 0.01);
  g_assert_cmpint (reset.badge, ==, normal.badge);

  /* Kept: a new window opens with the larger text. */
  press (window, GDK_KEY_plus, GDK_CONTROL_MASK);
  press (window, GDK_KEY_plus, GDK_CONTROL_MASK);
  destroy_window (window);
  window = new_window ();
  g_assert_cmpfloat_with_epsilon (text_scale_setting (), 1.2, 1e-9);
  g_assert_true (seqack_window_run_scenario (SEQACK_WINDOW (window),
                                             "hello-goodbye", &error));
  g_object_set (window, "playing", FALSE, NULL);
  g_assert_true (seqack_window_show_segments (SEQACK_WINDOW (window), 3));
  settle ();
  measure_text (window, &kept);
  g_assert_cmpfloat_with_epsilon (kept.diagram, big.diagram, 0.01);
  g_assert_cmpfloat_with_epsilon (kept.states, big.states, 0.01);
  g_assert_cmpint (kept.badge, ==, big.badge);

  press (window, GDK_KEY_0, GDK_CONTROL_MASK);
  destroy_window (window);
}

/* Pixels of the lost-segment colour left of the client's lifeline, where
 * "Drop next: armed" is written beside its mark. */
static guint
drop_mark_pixels (GtkWidget *window)
{
  SeqackSequenceView *view = sequence_view (window);
  SeqackSequenceRenderOptions options;
  const SeqackPalette *palette;
  g_autoptr(GBytes) pixels = NULL;
  const guint8 *data;
  int width, height, right;
  gsize stride;
  guint count = 0;

  seqack_sequence_view_get_render_options (view, &options);
  palette = seqack_palette_get (options.scheme);
  right = (int) seqack_sequence_render_get_timeline_x (&options,
                                                       SEQACK_CLIENT) - 12;
  pixels = draw (GTK_WIDGET (view), &width, &height, &stride);
  data = g_bytes_get_data (pixels, NULL);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < MIN (right, width); x++)
      {
        /* GDK_MEMORY_DEFAULT: B, G, R, A premultiplied; text is drawn
         * opaque, its solid middle at the colour itself. */
        const guint8 *p = data + y * stride + x * 4;

        if (p[3] == 255 &&
            abs (p[2] - (int) round (palette->lost.r * 255)) < 24 &&
            abs (p[1] - (int) round (palette->lost.g * 255)) < 24 &&
            abs (p[0] - (int) round (palette->lost.b * 255)) < 24)
          count++;
      }

  return count;
}

/* Drop Next stays visibly armed (pressed, red, "Drop Next: Armed") and
 * the client's lifeline carries its mark until the segment it loses is
 * sent; then both clear. */
static void
test_controls_drop_next_armed (void)
{
  GtkWidget *window = new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackEndpointPanel *panel = panel_of (window, SEQACK_CLIENT);
  SeqackSequenceView *view = sequence_view (window);
  GtkWidget *button;
  SeqackTrace *trace;
  guint before, armed, after, steps = 0;

  g_assert_nonnull (panel);
  /* A connection to lose a segment on. */
  g_assert_true (gtk_widget_activate_action (window, "lab.server-listen",
                                             NULL));
  g_assert_true (gtk_widget_activate_action (window, "lab.client-connect",
                                             NULL));
  while (seqack_lab_get_state (seqack_window_get_lab (self), SEQACK_SERVER)
           != SEQACK_TCP_ESTABLISHED ||
         seqack_window_get_n_shown (self) <
           seqack_trace_get_n_events (seqack_lab_get_trace
                                        (seqack_window_get_lab (self))))
    {
      g_assert_true (gtk_widget_activate_action (window, "view.step-forward",
                                                 NULL));
      g_assert_cmpuint (++steps, <, 20);
    }
  settle ();
  before = drop_mark_pixels (window);

  g_assert_true (gtk_widget_activate_action (window, "lab.drop-next", "s",
                                             "client"));
  settle ();
  button = find_widget (GTK_WIDGET (panel), runs_action, "lab.drop-next");
  g_assert_true (GTK_IS_TOGGLE_BUTTON (button));
  /* Armed, and it stays so: a toast is not all there is. */
  for (guint i = 0; i < 2; i++)
    {
      g_assert_true (seqack_endpoint_panel_get_drop_armed (panel));
      g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
      g_assert_true (gtk_widget_has_css_class (button, "armed"));
      g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==,
                       _("Drop Next: Armed"));
      armed = drop_mark_pixels (window);
      g_test_message ("lost-colour pixels beside the client's lifeline: "
                      "%u before, %u armed", before, armed);
      g_assert_cmpuint (armed, >, before + 40);
      settle ();
      settle ();
    }
  /* Pressing it again does not disarm it: one segment will be lost. */
  g_assert_true (gtk_widget_activate_action (window, "lab.drop-next", "s",
                                             "client"));
  settle ();
  g_assert_true (seqack_endpoint_panel_get_drop_armed (panel));

  /* The client sends: that segment is lost, the look and the mark go. */
  g_assert_true (gtk_widget_activate_action (window, "lab.client-send",
                                             NULL));
  settle ();
  trace = seqack_lab_get_trace (seqack_window_get_lab (self));
  g_assert_cmpint (seqack_trace_get_event (trace,
                                          seqack_window_get_n_shown (self) - 1)
                     ->fate, ==, SEQACK_FATE_LOST);
  g_assert_false (seqack_endpoint_panel_get_drop_armed (panel));
  g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)));
  g_assert_false (gtk_widget_has_css_class (button, "armed"));
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==,
                   _("Drop Next"));
  g_assert_false (seqack_sequence_view_get_drop_next (view, SEQACK_CLIENT));
  after = drop_mark_pixels (window);
  g_test_message ("after the drop: %u", after);
  g_assert_cmpuint (after + 40, <, armed);

  destroy_window (window);
}

/* At 1280×720 (the screen this runs on) and the default zoom, the whole
 * handshake is on screen at once when both ends read ESTABLISHED: the three arrows, end to end, and
 * both state changes, inside the part of the diagram the window shows. */
static void
test_controls_handshake_visible (void)
{
  GtkWidget *window = new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackSequenceView *view = sequence_view (window);
  SeqackSequenceLayout *layout;
  SeqackSequenceRenderOptions options;
  SeqackTrace *trace;
  GtkAdjustment *vadjustment;
  graphene_rect_t bounds;
  double row_height, header, top, bottom;
  guint established = 0, segments = 0, steps = 0;
  guint rows[5][2];
  guint n_rows = 0;

  /* Listen, Connect, then Step as the class would, until the server
   * reads ESTABLISHED. */
  g_assert_true (gtk_widget_activate_action (window, "lab.server-listen",
                                             NULL));
  g_assert_true (gtk_widget_activate_action (window, "lab.client-connect",
                                             NULL));
  settle ();
  trace = seqack_lab_get_trace (seqack_window_get_lab (self));
  for (;;)
    {
      guint n = seqack_window_get_n_shown (self);
      gboolean done = FALSE;

      for (guint i = 0; i < n; i++)
        {
          const SeqackEvent *ev = seqack_trace_get_event (trace, i);

          if (ev->kind == SEQACK_EVENT_STATE && ev->side == SEQACK_SERVER &&
              ev->to == SEQACK_TCP_ESTABLISHED)
            done = TRUE;
        }
      if (done)
        break;
      g_assert_true (gtk_widget_activate_action (window, "view.step-forward",
                                                 NULL));
      settle ();
      g_assert_cmpuint (++steps, <, 10);
    }
  settle ();

  /* The view's rows in the window: it lies inside the window, and its
   * rows below the header are what the class sees. */
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (view), window,
                                            &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=,
                     gtk_widget_get_height (window));
  g_assert_cmpint (gtk_widget_get_height (window), <=, 720);
  seqack_sequence_view_get_render_options (view, &options);
  g_assert_cmpfloat (options.scale, ==, 1.0);
  g_assert_cmpfloat (options.text_scale, ==, 1.0);
  row_height = seqack_sequence_render_get_row_height (&options);
  header = seqack_sequence_render_get_header_height (&options);
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  top = gtk_adjustment_get_value (vadjustment);
  bottom = top + MIN (gtk_adjustment_get_page_size (vadjustment),
                      bounds.size.height - header);

  layout = seqack_sequence_layout_new (trace);
  seqack_sequence_layout_update (layout);
  for (guint i = 0; i < seqack_window_get_n_shown (self); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      guint row, arrive;

      if (!(ev->kind == SEQACK_EVENT_SEGMENT && segments < 3) &&
          !(ev->kind == SEQACK_EVENT_STATE &&
            ev->to == SEQACK_TCP_ESTABLISHED))
        continue;
      g_assert_true (seqack_sequence_layout_get_event_rows (layout, i, &row,
                                                            &arrive));
      if (ev->kind == SEQACK_EVENT_SEGMENT)
        segments++;
      else
        established++;
      rows[n_rows][0] = row;
      rows[n_rows][1] = arrive != SEQACK_NO_ROW ? arrive : row;
      n_rows++;
    }
  g_assert_cmpuint (segments, ==, 3);
  g_assert_cmpuint (established, ==, 2);
  g_test_message ("rows %.0f px tall, %.0f–%.0f in view (%.0f px)",
                  row_height, top, bottom, bottom - top);
  for (guint k = 0; k < n_rows; k++)
    if (rows[k][0] * row_height < top - 0.5 ||
        (rows[k][1] + 1) * row_height > bottom + 0.5)
      g_error ("rows %u–%u (y %.0f–%.0f) are outside the visible %.0f–%.0f",
               rows[k][0], rows[k][1], rows[k][0] * row_height,
               (rows[k][1] + 1) * row_height, top, bottom);
  seqack_sequence_layout_free (layout);

  destroy_window (window);
}

/* The panel's popover drives the window: the server's application
 * pauses reading, the client sends 20,000 bytes four times (more than
 * the default 64 KiB buffer), and the server's full buffer advertises a
 * zero window (RFC 9293 §3.8.6). */
static void
test_controls_zero_window (void)
{
  GtkWidget *window = new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackEndpointPanel *client = panel_of (window, SEQACK_CLIENT);
  SeqackTrace *trace;
  guint steps = 0, zero = G_MAXUINT, sent = 0;

  g_assert_nonnull (client);
  /* The popover of each panel's menu button holds the controls. */
  for (int side = 0; side < 2; side++)
    {
      GtkWidget *more = find_widget (GTK_WIDGET (panel_of (window, side)),
                                     is_menu_button, NULL);

      g_assert_nonnull (more);
      gtk_menu_button_popup (GTK_MENU_BUTTON (more));
      settle ();
      g_assert_nonnull (find_widget (more, runs_action,
                                     side == SEQACK_CLIENT
                                     ? "lab.client-send-bytes"
                                     : "lab.server-pause-reading"));
      gtk_menu_button_popdown (GTK_MENU_BUTTON (more));
      settle ();
    }
  g_assert_cmpuint (seqack_endpoint_panel_get_send_bytes (client), ==,
                    20000);
  g_assert_true (gtk_widget_activate_action (window, "lab.server-listen",
                                             NULL));
  g_assert_true (gtk_widget_activate_action (window, "lab.client-connect",
                                             NULL));
  while (seqack_lab_get_state (seqack_window_get_lab (self), SEQACK_SERVER)
           != SEQACK_TCP_ESTABLISHED ||
         seqack_window_get_n_shown (self) <
           seqack_trace_get_n_events (seqack_lab_get_trace
                                        (seqack_window_get_lab (self))))
    {
      g_assert_true (gtk_widget_activate_action (window, "view.step-forward",
                                                 NULL));
      g_assert_cmpuint (++steps, <, 20);
    }
  g_assert_true (gtk_widget_activate_action (window,
                                             "lab.server-pause-reading",
                                             NULL));
  for (guint i = 0; i < 4; i++)
    g_assert_true (gtk_widget_activate_action (window,
                                               "lab.client-send-bytes",
                                               NULL));
  trace = seqack_lab_get_trace (seqack_window_get_lab (self));
  for (steps = 0; zero == G_MAXUINT && steps < 2000; steps++)
    {
      gtk_widget_activate_action (window, "view.step-forward", NULL);
      for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
        {
          const SeqackEvent *ev = seqack_trace_get_event (trace, i);

          if (ev->kind == SEQACK_EVENT_SEGMENT && ev->side == SEQACK_SERVER
              && ev->window == 0 && (ev->flags & SEQACK_TCP_SYN) == 0)
            {
              zero = i;
              break;
            }
        }
    }
  g_assert_cmpuint (zero, !=, G_MAXUINT);
  for (guint i = 0; i < zero; i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_SEGMENT && ev->side == SEQACK_CLIENT)
        sent += ev->number;
    }
  g_test_message ("zero window after %u steps, %u bytes sent by then",
                  steps, sent);
  /* About the whole default 64 KiB buffer went before the window
   * closed (less at most one MSS of receiver SWS avoidance). */
  g_assert_cmpuint (sent, >=, 65536 - 1460);
  g_assert_cmpuint (sent, <, 80000);
  settle ();

  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  gtk_init ();
  adw_init ();

  {
    g_autoptr(GtkCssProvider) css = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (css, "/io/github/seqack/SeqAck/"
                                              "style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (css),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }

  g_test_add_func ("/ui/controls/text-size-keys",
                   test_controls_text_size_keys);
  g_test_add_func ("/ui/controls/drop-next-armed",
                   test_controls_drop_next_armed);
  g_test_add_func ("/ui/controls/handshake-visible",
                   test_controls_handshake_visible);
  g_test_add_func ("/ui/controls/zero-window", test_controls_zero_window);

  return g_test_run ();
}
