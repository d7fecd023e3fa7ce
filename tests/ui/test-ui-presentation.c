/* test-ui-presentation.c: presentation mode (F5) and the larger text
 * size on a projector. Runs under xvfb-run at 1024×768 and 1280×720 (see
 * meson.build), in English and Chinese, with the window as large as the
 * screen:
 *
 * - presentation mode shows a whole handshake at once at the default
 *   zoom: the three arrows and both ends' change to ESTABLISHED are in
 *   the diagram's visible rows; both state machines are whole; text is
 *   22 px at least; the window is no larger than the screen;
 * - normal mode does the same at the default zoom, with 14 px text;
 * - text size 1.2 (Ctrl++ twice) keeps the window inside the screen and
 *   the diagram at half its height;
 * - each state machine shown, in either mode, says whose it is: the
 *   title "Client" or "Server" drawn in it, as large as its state names,
 *   clear of its boxes; its accessible name stays "TCP state diagram";
 * - /ui/presentation/measure prints, for the report, the diagram's share
 *   of the height and the smallest text (diagram, state names, variables;
 *   in normal mode all the text of the side panels and the inspector)
 *   in both modes, and holds them to the limits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "seqack-flow-view.h"
#include "seqack-sequence-layout.h"
#include "seqack-state-view-private.h"
#include "seqack-trace-view.h"
#include "seqack-window.h"
#include "classroom-util.h"
#include "ui-test-util.h"

/* Text in presentation mode, from the back row (issue 13). */
#define PRESENTATION_MIN_PX 22.0
#define NORMAL_MIN_PX       14.0

static gboolean
both_established (GtkWidget *window)
{
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackTrace *trace = seqack_lab_get_trace (seqack_window_get_lab (self));
  guint n_shown = seqack_window_get_n_shown (self);

  return n_shown > 0 &&
         seqack_trace_get_state (trace, n_shown - 1, SEQACK_CLIENT)
           == SEQACK_TCP_ESTABLISHED &&
         seqack_trace_get_state (trace, n_shown - 1, SEQACK_SERVER)
           == SEQACK_TCP_ESTABLISHED;
}

static GtkWidget *
window_at_handshake (gboolean presentation)
{
  GtkWidget *window = new_window ();
  g_autoptr(GError) error = NULL;

  g_assert_true (seqack_window_run_scenario (SEQACK_WINDOW (window),
                                             "hello-goodbye", &error));
  g_assert_no_error (error);
  g_object_set (window, "playing", FALSE, NULL);
  if (presentation)
    ui_test_activate (window, "view.presentation");
  settle ();
  /* SYN, SYN-ACK, ACK, each arrived, then Step until both ends are
   * ESTABLISHED: where a teacher stops to talk about the handshake. */
  g_assert_true (seqack_window_show_segments (SEQACK_WINDOW (window), 3));
  settle ();
  for (guint i = 0; i < 5 && !both_established (window); i++)
    {
      ui_test_activate (window, "view.step-forward");
      settle ();
    }
  g_assert_true (both_established (window));
  return window;
}

/* The rows of event @i: where it is sent (or happens) to where it
 * arrives. */
static void
event_rows (SeqackSequenceLayout *layout,
            guint                 i,
            guint                *first,
            guint                *last)
{
  guint row, arrive_row;

  g_assert_true (seqack_sequence_layout_get_event_rows (layout, i, &row,
                                                        &arrive_row));
  *first = row;
  *last = arrive_row == SEQACK_NO_ROW ? row : MAX (row, arrive_row);
}

/* The badge naming the state STATE event @event entered is drawn whole in
 * the diagram's rows area (under its header), and the diagram inside the
 * window. */
static void
assert_badge_in_view (GtkWidget  *window,
                      guint       event,
                      const char *what)
{
  SeqackSequenceView *view = ui_test_sequence_view (window);
  SeqackSequenceRenderOptions options;
  cairo_rectangle_t box;
  graphene_rect_t bounds;
  double top;

  seqack_sequence_view_get_render_options (view, &options);
  top = seqack_sequence_render_get_header_height (&options);
  g_assert_true (seqack_sequence_render_get_state_box (
    seqack_sequence_view_get_layout (view), &options, event, &box));
  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (view), window,
                                            &bounds));
  if (box.y < top - 0.5 || box.y + box.height > options.height + 0.5 ||
      box.x < -0.5 || box.x + box.width > options.width + 0.5 ||
      bounds.origin.y < -0.5 ||
      bounds.origin.y + bounds.size.height
        > gtk_widget_get_height (window) + 0.5)
    g_error ("%s: its badge (%.0f,%.0f %.0f×%.0f) is outside the diagram's "
             "rows (y %.0f–%.0f of a %.0f px wide view at y %.0f in the "
             "window)", what, box.x, box.y, box.width, box.height, top,
             options.height, options.width, bounds.origin.y);
}

/* The three handshake arrows and both ends' ESTABLISHED badges are in the
 * diagram's visible rows at once, in @mode ("normal" or "presentation"). */
static void
assert_handshake_in_view (GtkWidget  *window,
                          const char *label,
                          const char *mode)
{
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackTrace *trace = seqack_lab_get_trace (seqack_window_get_lab (self));
  /* The rows as the view lays them out. */
  SeqackSequenceLayout *layout =
    seqack_sequence_view_get_layout (ui_test_sequence_view (window));
  guint n_shown = seqack_window_get_n_shown (self);
  guint n_segments = 0, n_established = 0;
  guint hs_first = G_MAXUINT, hs_last = 0;
  double row_height, top, bottom;

  visible_rows_y (window, &row_height, &top, &bottom);
  for (guint i = 0; i < n_shown; i++)
    {
      const SeqackEvent *event = seqack_trace_get_event (trace, i);
      guint first, last;

      if ((event->kind == SEQACK_EVENT_SEGMENT && n_segments < 3) ||
          (event->kind == SEQACK_EVENT_STATE &&
           event->to == SEQACK_TCP_ESTABLISHED))
        {
          event_rows (layout, i, &first, &last);
          hs_first = MIN (hs_first, first);
          hs_last = MAX (hs_last, last);
        }
    }
  g_test_message ("MEASURE %s %s: handshake needs %.0f px of rows, "
                  "%.0f px visible (rows %.1f px, state changes %s)", label,
                  mode, (hs_last + 1 - hs_first) * row_height, bottom - top,
                  row_height,
                  seqack_sequence_layout_get_share_rows (layout)
                    ? "on the arrows' rows" : "on rows of their own");
  for (guint i = 0; i < n_shown; i++)
    {
      const SeqackEvent *event = seqack_trace_get_event (trace, i);
      g_autofree char *what = NULL;
      guint first, last;

      if (event->kind == SEQACK_EVENT_SEGMENT && n_segments < 3)
        {
          n_segments++;
          what = g_strdup_printf ("%s, %s mode: handshake segment %u", label,
                                  mode, n_segments);
        }
      else if (event->kind == SEQACK_EVENT_STATE &&
               event->to == SEQACK_TCP_ESTABLISHED)
        {
          n_established++;
          what = g_strdup_printf ("%s, %s mode: the %s entering "
                                  "ESTABLISHED", label, mode,
                                  event->side == SEQACK_CLIENT ? "client"
                                                               : "server");
        }
      else
        continue;
      event_rows (layout, i, &first, &last);
      assert_rows_in_view (window, first, last, what);
      if (event->kind == SEQACK_EVENT_STATE)
        assert_badge_in_view (window, i, what);
    }
  g_assert_cmpuint (n_segments, ==, 3);
  g_assert_cmpuint (n_established, ==, 2);
}

typedef struct
{
  GtkWidget *window;
  guint      n_views;
} MachinesWhole;

/* Each state machine drawn lies inside the window, and all its boxes
 * inside it: both ends' states whole. */
static void
assert_machine_whole (SeqackStateView                *view,
                      const SeqackStateRenderOptions *drawn,
                      const cairo_rectangle_t        *area,
                      gpointer                        data)
{
  MachinesWhole *check = data;
  SeqackStateRenderOptions options = *drawn;
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (view), check->window,
                                            &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, -0.5);
  g_assert_cmpfloat (bounds.origin.y, >=, -0.5);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=,
                     gtk_widget_get_width (check->window) + 0.5);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=,
                     gtk_widget_get_height (check->window) + 0.5);
  options.state = seqack_state_view_get_state (view);
  for (guint s = 0; s < SEQACK_TCP_N_STATES; s++)
    {
      cairo_rectangle_t box;

      seqack_state_render_get_box (area, &options, s, &box);
      if (box.x < -0.5 || box.y < -0.5 ||
          box.x + box.width > area->width + 0.5 ||
          box.y + box.height > area->height + 0.5)
        g_error ("the %s box (%.0f,%.0f %.0f×%.0f) leaves its %.0f×%.0f "
                 "state machine", seqack_tcp_state_name (s), box.x, box.y,
                 box.width, box.height, area->width, area->height);
    }
  check->n_views++;
}

/* A whole handshake on screen in presentation mode, large enough for the
 * back row, in a window no larger than the screen. */
static void
test_presentation_handshake (void)
{
  GtkWidget *window = window_at_handshake (TRUE);
  g_autofree char *label = screen_label (window);
  SeqackSequenceView *view = ui_test_sequence_view (window);
  MachinesWhole whole = { window, 0 };
  double diagram_px, state_px;

  assert_fits (window, "in presentation mode, at the handshake");
  assert_handshake_in_view (window, label, "presentation");
  classroom_each_state_view (window, assert_machine_whole, &whole);
  g_assert_cmpuint (whole.n_views, ==, 2);

  diagram_px = seqack_sequence_view_get_drawn_text_px (view);
  state_px = smallest_state_px (window);
  g_test_message ("%s: presentation mode: diagram text %.1f px, state names "
                  "%.1f px", label, diagram_px, state_px);
  g_assert_cmpfloat (diagram_px, >=, PRESENTATION_MIN_PX - 0.05);
  g_assert_cmpfloat (diagram_px, <, G_MAXDOUBLE);
  g_assert_cmpfloat (state_px, >=, PRESENTATION_MIN_PX - 0.05);

  ui_test_activate (window, "view.presentation");
  settle ();
  destroy_window (window);
}

/* Issue 13: in normal mode too, at the default zoom, the whole handshake
 * (the three arrows and both ends' change to ESTABLISHED) is on screen at
 * once, with the text at 14 px at least. */
static void
test_presentation_normal_handshake (void)
{
  GtkWidget *window = window_at_handshake (FALSE);
  g_autofree char *label = screen_label (window);
  SeqackSequenceView *view = ui_test_sequence_view (window);

  SeqackSequenceLayout *layout = seqack_sequence_view_get_layout (view);
  SeqackSequenceRenderOptions options;

  assert_fits (window, "in normal mode, at the handshake");
  assert_handshake_in_view (window, label, "normal");
  g_assert_cmpfloat (seqack_sequence_view_get_drawn_text_px (view), >=,
                     NORMAL_MIN_PX - 0.05);
  /* The view shares rows exactly where the names fit beside its
   * lifelines; the lessons take width from the diagram, and the rows
   * follow. */
  seqack_sequence_view_get_render_options (view, &options);
  g_assert_cmpint (seqack_sequence_layout_get_share_rows (layout), ==,
                   seqack_sequence_render_state_names_fit (&options));
  ui_test_activate (window, "sidebar.lessons");
  settle ();
  seqack_sequence_view_get_render_options (view, &options);
  g_assert_cmpint (seqack_sequence_layout_get_share_rows (layout), ==,
                   seqack_sequence_render_state_names_fit (&options));
  ui_test_activate (window, "sidebar.lessons");
  settle ();
  assert_handshake_in_view (window, label, "normal");
  destroy_window (window);
}

/* Text size 1.2 (Ctrl++ twice): the window stays inside the screen and
 * the diagram keeps half its height, at start and after a whole run. */
static void
test_presentation_text_size (void)
{
  GtkWidget *window = new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  g_autoptr(GSettings) settings = g_settings_new ("io.github.seqack.SeqAck");
  g_autoptr(GError) error = NULL;
  g_autofree char *label = screen_label (window);
  double share;

  ui_test_activate (window, "view.zoom-in");
  ui_test_activate (window, "view.zoom-in");
  settle ();
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings,
                                                         "text-scale"),
                                  1.2, 1e-9);
  assert_fits (window, "at text size 1.2");
  share = diagram_share (window);
  g_test_message ("%s: text size 1.2: diagram share at start %.3f", label,
                  share);
  g_assert_cmpfloat (share, >=, 0.5);

  g_assert_true (seqack_window_run_scenario (self, "hello-goodbye", &error));
  g_assert_no_error (error);
  g_object_set (self, "playing", FALSE, NULL);
  seqack_window_show_all (self);
  settle ();
  assert_fits (window, "at text size 1.2, after a run");
  share = diagram_share (window);
  g_test_message ("%s: text size 1.2: diagram share after a run %.3f", label,
                  share);
  g_assert_cmpfloat (share, >=, 0.5);

  ui_test_activate (window, "view.zoom-reset");
  settle ();
  g_assert_cmpfloat (g_settings_get_double (settings, "text-scale"), ==, 1.0);
  destroy_window (window);
}

typedef struct
{
  guint n_client, n_server;
  double min_px;
} MachineTitles;

/* The view's title is drawn whole, clear of the boxes, at least as large
 * as the names and @min_px; its accessible name is the one screen
 * readers and the tests know, the title its description. */
static void
assert_machine_title (SeqackStateView                *view,
                      const SeqackStateRenderOptions *options,
                      const cairo_rectangle_t        *area,
                      gpointer                        data)
{
  MachineTitles *titles = data;
  const char *title = seqack_state_view_get_title (view);
  SeqackStateRenderLayout layout;
  g_autofree char *differs = NULL;

  g_assert_nonnull (title);
  if (g_str_equal (title, _("Client")))
    titles->n_client++;
  else if (g_str_equal (title, _("Server")))
    titles->n_server++;
  else
    g_error ("a state machine titled “%s”", title);
  differs = gtk_test_accessible_check_property (GTK_ACCESSIBLE (view),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                _("TCP state diagram"));
  g_assert_null (differs);
  differs = gtk_test_accessible_check_property (
    GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, title);
  g_assert_null (differs);

  seqack_state_render_get_layout (area, options, &layout);
  g_assert_cmpfloat (layout.title.width, >, 0);
  g_assert_cmpfloat (layout.title.x, >=, area->x - 0.5);
  g_assert_cmpfloat (layout.title.y, >=, area->y - 0.5);
  g_assert_cmpfloat (layout.title.x + layout.title.width, <=,
                     area->x + area->width + 0.5);
  g_assert_cmpfloat (layout.title.y + layout.title.height, <=,
                     area->y + area->height + 0.5);
  g_assert_cmpfloat (layout.title_px, >=, layout.font_px - 0.01);
  g_assert_cmpfloat (layout.title_px, >=, titles->min_px - 0.05);
  for (guint b = 0; b <= SEQACK_TCP_N_STATES; b++)
    {
      const cairo_rectangle_t *box = &layout.boxes[b];

      g_assert_false (MIN (box->x + box->width,
                           layout.title.x + layout.title.width)
                      - MAX (box->x, layout.title.x) > 0.5
                      && MIN (box->y + box->height,
                              layout.title.y + layout.title.height)
                         - MAX (box->y, layout.title.y) > 0.5);
    }
}

/* Both state machines say whose they are, beside the diagram in normal
 * mode and stacked in presentation mode. */
static void
test_presentation_machine_titles (void)
{
  GtkWidget *window = window_at_handshake (FALSE);
  MachineTitles titles = { 0, 0, NORMAL_MIN_PX };

  classroom_each_state_view (window, assert_machine_title, &titles);
  g_assert_cmpuint (titles.n_client, ==, 1);
  g_assert_cmpuint (titles.n_server, ==, 1);

  ui_test_activate (window, "view.presentation");
  settle ();
  titles = (MachineTitles) { 0, 0, PRESENTATION_MIN_PX };
  classroom_each_state_view (window, assert_machine_title, &titles);
  g_assert_cmpuint (titles.n_client, ==, 1);
  g_assert_cmpuint (titles.n_server, ==, 1);

  ui_test_activate (window, "view.presentation");
  settle ();
  destroy_window (window);
}

typedef struct
{
  double      px;
  const char *text;
} SmallestText;

/* The smallest text shown under @widget: labels (buttons' too) and text
 * views (the hex dump). */
static void
smallest_text_under (GtkWidget    *widget,
                     SmallestText *smallest)
{
  if (!gtk_widget_is_drawable (widget))
    return;
  if (GTK_IS_LABEL (widget) && *gtk_label_get_text (GTK_LABEL (widget)))
    {
      double px = ui_test_widget_px (widget);

      if (px < smallest->px)
        {
          smallest->px = px;
          smallest->text = gtk_label_get_text (GTK_LABEL (widget));
        }
    }
  else if (GTK_IS_TEXT_VIEW (widget) && ui_test_widget_px (widget) < smallest->px)
    {
      smallest->px = ui_test_widget_px (widget);
      smallest->text = "(text view)";
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    smallest_text_under (child, smallest);
}

/* Every side panel and inspector shown under @widget; how many. */
static guint
smallest_in_panels (GtkWidget    *widget,
                    SmallestText *smallest)
{
  const char *name = gtk_widget_get_css_name (widget);
  guint n = 0;

  if (!gtk_widget_is_drawable (widget))
    return 0;
  if (g_str_equal (name, "endpointpanel") || g_str_equal (name, "inspector"))
    {
      smallest_text_under (widget, smallest);
      return 1;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += smallest_in_panels (child, smallest);
  return n;
}

/* The smallest text of the side panels and the inspector: the state,
 * the countdown, the variables, the buttons, the segment's fields, the
 * "why this number" line, the hex dump. */
static SmallestText
smallest_panel_text (GtkWidget *window)
{
  SmallestText smallest = { G_MAXDOUBLE, NULL };

  /* Both panels (or one and its switcher on a narrow screen) and the
   * inspector, which shows the selected segment at the handshake. */
  g_assert_cmpuint (smallest_in_panels (window, &smallest), >=, 2);
  g_assert_cmpfloat (smallest.px, <, G_MAXDOUBLE);
  return smallest;
}

static gboolean
is_vars_label (GtkWidget     *widget,
               gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "vars");
}

/* The numbers for the report: the diagram's share of the height and the
 * smallest important text, in normal mode and in presentation mode. */
static void
test_presentation_measure (void)
{
  GtkWidget *window = window_at_handshake (FALSE);
  g_autofree char *label = screen_label (window);
  SeqackSequenceView *view = ui_test_sequence_view (window);
  GtkWidget *vars = ui_test_find (window, is_vars_label, NULL);
  double share, diagram_px, state_px, vars_px;
  SmallestText panels;

  g_assert_nonnull (vars);
  share = diagram_share (window);
  diagram_px = seqack_sequence_view_get_drawn_text_px (view);
  state_px = smallest_state_px (window);
  vars_px = ui_test_widget_px (vars);
  panels = smallest_panel_text (window);
  g_test_message ("MEASURE %s normal: diagram share %.2f, diagram text "
                  "%.1f px, state names %.1f px, variables %.1f px, "
                  "panels and inspector %.1f px (“%s”)", label, share,
                  diagram_px, state_px, vars_px, panels.px, panels.text);
  g_assert_cmpfloat (share, >=, 0.5);
  g_assert_cmpfloat (MIN (diagram_px, state_px), >=, NORMAL_MIN_PX - 0.05);
  g_assert_cmpfloat (vars_px, >=, NORMAL_MIN_PX - 0.05);
  g_assert_cmpfloat (panels.px, >=, NORMAL_MIN_PX - 0.05);
  ui_test_activate (window, "view.presentation");
  settle ();
  share = diagram_share (window);
  diagram_px = seqack_sequence_view_get_drawn_text_px (view);
  state_px = smallest_state_px (window);
  g_test_message ("MEASURE %s presentation: diagram share %.2f, diagram "
                  "text %.1f px, state names %.1f px (variables not shown)",
                  label, share, diagram_px, state_px);
  g_assert_cmpfloat (MIN (diagram_px, state_px), >=,
                     PRESENTATION_MIN_PX - 0.05);

  ui_test_activate (window, "view.presentation");
  settle ();
  destroy_window (window);
}

/* The bars' strip: a flow view drawn straight in the trace view (the
 * side columns' ones sit in their panels). */
static gboolean
is_presentation_flow (GtkWidget     *widget,
                      gconstpointer  data)
{
  return SEQACK_IS_FLOW_VIEW (widget)
         && SEQACK_IS_TRACE_VIEW (gtk_widget_get_parent (widget))
         && gtk_widget_is_drawable (widget);
}

/* The sliding window shown in normal mode stays on screen in
 * presentation mode: both sides' bars in a strip under the diagram, as
 * large as the diagram's text; the window still fits the screen and the
 * diagram keeps half its height. Hiding the sliding window, or leaving
 * presentation mode, takes the strip away. */
static void
test_presentation_sliding_window (void)
{
  GtkWidget *window = new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = screen_label (window);
  graphene_rect_t bars, diagram;
  GtkWidget *flow;
  double share;

  g_assert_true (seqack_window_run_scenario (self, "zero-window", &error));
  g_assert_no_error (error);
  g_object_set (window, "playing", FALSE, NULL);
  seqack_window_show_all (self);
  settle ();
  g_assert_null (ui_test_find (window, is_presentation_flow, NULL));

  ui_test_activate (window, "view.presentation");
  settle ();
  flow = ui_test_find (window, is_presentation_flow, NULL);
  g_assert_nonnull (flow);
  assert_fits (window, "presentation with the sliding window");
  share = diagram_share (window);
  g_assert_true (gtk_widget_compute_bounds (flow, window, &bars));
  g_assert_true (gtk_widget_compute_bounds (
    GTK_WIDGET (ui_test_sequence_view (window)), window, &diagram));
  g_test_message ("MEASURE %s presentation with the sliding window: bars "
                  "%.0f×%.0f, text %.1f px, diagram share %.2f", label,
                  bars.size.width, bars.size.height,
                  seqack_flow_view_get_drawn_text_px (SEQACK_FLOW_VIEW (flow)),
                  share);
  g_assert_cmpfloat (share, >=, 0.5);
  g_assert_cmpfloat (bars.size.height, >=, 80);
  g_assert_cmpfloat (bars.size.width, >=, 0.4 * gtk_widget_get_width (window));
  g_assert_cmpfloat (bars.origin.y, >=,
                     diagram.origin.y + diagram.size.height - 0.5);
  g_assert_cmpfloat (bars.origin.y + bars.size.height, <=,
                     gtk_widget_get_height (window) + 0.5);
  g_assert_cmpfloat (seqack_flow_view_get_drawn_text_px (
                       SEQACK_FLOW_VIEW (flow)), >=,
                     PRESENTATION_MIN_PX - 0.05);

  ui_test_activate (window, "view.sliding-window");
  settle ();
  g_assert_null (ui_test_find (window, is_presentation_flow, NULL));
  ui_test_activate (window, "view.sliding-window");
  settle ();
  g_assert_nonnull (ui_test_find (window, is_presentation_flow, NULL));
  ui_test_activate (window, "view.presentation");
  settle ();
  g_assert_null (ui_test_find (window, is_presentation_flow, NULL));
  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/presentation/handshake", test_presentation_handshake);
  g_test_add_func ("/ui/presentation/normal-handshake",
                   test_presentation_normal_handshake);
  g_test_add_func ("/ui/presentation/text-size", test_presentation_text_size);
  g_test_add_func ("/ui/presentation/machine-titles",
                   test_presentation_machine_titles);
  g_test_add_func ("/ui/presentation/measure", test_presentation_measure);
  g_test_add_func ("/ui/presentation/sliding-window",
                   test_presentation_sliding_window);

  return g_test_run ();
}
