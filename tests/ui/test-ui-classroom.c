/* test-ui-classroom.c: the window on a projector. Runs under xvfb-run at
 * the screen sizes of a classroom (1024×768 and 1280×720, see
 * meson.build) in English and Chinese, and checks what the back row
 * needs: the window never grows past the screen, whatever it shows; the
 * sequence diagram owns at least half the height; the current segment is
 * on screen after every step.
 *
 * Without a window manager (Xvfb alone) nothing clamps the window: it is
 * exactly as large as its content demands, which is what is measured.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "seqack-application.h"
#include "seqack-endpoint-panel-private.h"
#include "seqack-flow-view.h"
#include "seqack-inspector.h"
#include "seqack-lesson-panel.h"
#include "seqack-scenario.h"
#include "seqack-sequence-render.h"
#include "seqack-sequence-view-private.h"
#include "seqack-sequence-view.h"
#include "seqack-state-render.h"
#include "seqack-state-view.h"
#include "seqack-window.h"
#include "classroom-util.h"
#include "ui-test-util.h"

/* A button a person finds by what it says: its label, the label of its
 * icon-and-label content, or (icon only) the action it runs. */
static gboolean
button_named (GtkWidget     *widget,
              gconstpointer  name)
{
  const char *label = NULL;
  GtkWidget *child;

  if (GTK_IS_MENU_BUTTON (widget))
    label = gtk_menu_button_get_label (GTK_MENU_BUTTON (widget));
  else if (GTK_IS_BUTTON (widget))
    {
      const char *action =
        gtk_actionable_get_action_name (GTK_ACTIONABLE (widget));

      if (action != NULL && g_str_equal (action, name))
        return TRUE;
      label = gtk_button_get_label (GTK_BUTTON (widget));
      child = gtk_button_get_child (GTK_BUTTON (widget));
      if (label == NULL && ADW_IS_BUTTON_CONTENT (child))
        label = adw_button_content_get_label (ADW_BUTTON_CONTENT (child));
    }
  return label != NULL && g_str_equal (label, name);
}

/* The design's promise: however small the projector, the window can be
 * narrower than 1,000 px. */
static void
test_classroom_minimum_width (void)
{
  GtkWidget *window = new_window ();
  g_autofree char *label = screen_label (window);
  int min_width;

  gtk_widget_measure (gtk_widget_get_first_child (window),
                      GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL,
                      NULL);
  g_test_message ("%s: minimum width %d px", label, min_width);
  g_assert_cmpint (min_width, <=, 1000);

  destroy_window (window);
}

static gboolean
is_drawn_panel (GtkWidget     *widget,
                gconstpointer  side)
{
  return SEQACK_IS_ENDPOINT_PANEL (widget) &&
         gtk_widget_is_drawable (widget) &&
         seqack_endpoint_panel_get_side (SEQACK_ENDPOINT_PANEL (widget))
           == (SeqackSide) GPOINTER_TO_INT (side);
}

/* The lessons panel sits beside the diagram, never over it or over an
 * endpoint's column: where two columns do not fit, one shows, and its
 * switcher brings the other. */
static void
assert_lessons_beside (GtkWidget *window)
{
  GtkWidget *lessons = ui_test_find (window, ui_test_is_type,
                                    GSIZE_TO_POINTER (SEQACK_TYPE_LESSON_PANEL));
  GtkWidget *diagram = GTK_WIDGET (ui_test_sequence_view (window));
  GtkWidget *client = ui_test_find (window, is_drawn_panel,
                                   GINT_TO_POINTER (SEQACK_CLIENT));
  GtkWidget *server = ui_test_find (window, is_drawn_panel,
                                   GINT_TO_POINTER (SEQACK_SERVER));
  graphene_rect_t lesson_bounds, diagram_bounds, column;

  g_assert_true (gtk_widget_compute_bounds (lessons, window, &lesson_bounds));
  g_assert_true (gtk_widget_compute_bounds (diagram, window,
                                            &diagram_bounds));
  g_autofree char *label = screen_label (window);

  g_test_message ("%s: lessons open: diagram %.0f px wide, lessons %.0f px, "
                  "%s", label, diagram_bounds.size.width, lesson_bounds.size.width,
                  client != NULL && server != NULL ? "two columns"
                                                   : "one column");
  g_assert_cmpfloat (diagram_bounds.origin.x + diagram_bounds.size.width,
                     <=, lesson_bounds.origin.x + 0.5);
  g_assert_cmpfloat (diagram_bounds.size.width, >=, 200);
  g_assert_true (client != NULL || server != NULL);
  for (SeqackSide side = SEQACK_CLIENT; side <= SEQACK_SERVER; side++)
    {
      GtkWidget *panel = side == SEQACK_CLIENT ? client : server;

      if (panel == NULL)
        {
          /* The switcher brings it. */
          GtkWidget *toggle =
            ui_test_find (window, button_named,
                         side == SEQACK_CLIENT ? _("Client") : _("Server"));

          g_assert_nonnull (toggle);
          g_assert_true (gtk_widget_is_drawable (toggle));
          gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
          settle ();
          panel = ui_test_find (window, is_drawn_panel, GINT_TO_POINTER (side));
          g_assert_nonnull (panel);
        }
      g_assert_true (gtk_widget_compute_bounds (panel, window, &column));
      g_assert_cmpfloat (column.origin.x + column.size.width, <=,
                         lesson_bounds.origin.x + 0.5);
    }
  if (client == NULL || server == NULL)
    {
      GtkWidget *toggle = ui_test_find (window, button_named, _("Client"));

      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
      settle ();
    }
}

/* Step through a whole scenario (every segment, both TIME-WAIT and the
 * closes), then open the lessons and start one, then presentation mode:
 * nothing ever widens the window past the screen. */
static void
test_classroom_fits_screen (void)
{
  GtkWidget *window = new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  g_autoptr(GError) error = NULL;
  GtkWidget *panel;
  guint steps = 0;

  assert_fits (window, "at start");

  g_assert_true (seqack_window_run_scenario (self, "lost-final-ack", &error));
  g_assert_no_error (error);
  g_object_set (self, "playing", FALSE, NULL);
  while (gtk_widget_activate_action (window, "view.step-forward", NULL) &&
         steps < 200 &&
         gtk_widget_is_sensitive (window))
    {
      g_autofree char *when = g_strdup_printf ("after step %u", steps);
      SeqackLab *lab = seqack_window_get_lab (self);

      settle ();
      assert_fits (window, when);
      steps++;
      if (seqack_lab_next_event_time (lab) == SEQACK_NO_DEADLINE &&
          seqack_window_get_n_shown (self)
            == seqack_trace_get_n_events (seqack_lab_get_trace (lab)))
        break;
    }
  g_assert_cmpuint (steps, >, 5);
  seqack_window_show_all (self);
  settle ();
  assert_fits (window, "after the whole scenario");

  ui_test_activate (window, "sidebar.lessons");
  settle ();
  assert_fits (window, "with the lessons open");
  assert_lessons_beside (window);
  /* A lesson's steps reset the lab and run it. */
  panel = ui_test_find (window, ui_test_is_type,
                       GSIZE_TO_POINTER (SEQACK_TYPE_LESSON_PANEL));
  g_assert_true (seqack_lesson_panel_load_builtin (SEQACK_LESSON_PANEL (panel),
                                                   "teardown", &error));
  for (guint i = 0; i < 4; i++)
    {
      gtk_widget_activate_action (panel, "lesson.next", NULL);
      settle ();
      assert_fits (window, "in a lesson");
    }
  assert_fits (window, "in a lesson");
  ui_test_activate (window, "sidebar.lessons");

  ui_test_activate (window, "view.presentation");
  settle ();
  assert_fits (window, "in presentation mode");
  ui_test_activate (window, "view.presentation");
  settle ();
  assert_fits (window, "after presentation mode");

  destroy_window (window);
}

/* The diagram is what the class looks at: at least half the height, at
 * start and with a segment selected in the inspector. */
static void
test_classroom_diagram_share (void)
{
  GtkWidget *window = new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = screen_label (window);
  double share;

  share = diagram_share (window);
  g_test_message ("%s: diagram share at start %.3f", label, share);
  g_assert_cmpfloat (share, >=, 0.5);

  g_assert_true (seqack_window_run_scenario (self, "hello-goodbye", &error));
  g_assert_no_error (error);
  seqack_window_show_all (self);
  settle ();
  share = diagram_share (window);
  g_test_message ("%s: diagram share after a run %.3f", label, share);
  g_assert_cmpfloat (share, >=, 0.5);

  destroy_window (window);
}

static gboolean
is_connection_filter (GtkWidget     *widget,
                      gconstpointer  data)
{
  return GTK_IS_DROP_DOWN (widget) &&
         g_strcmp0 (gtk_widget_get_name (widget), "connection-filter") == 0;
}

/* Two connections: the filter above the diagram, showing all or the
 * longest name it lists, keeps the window on the screen, the diagram at
 * half the height, and is itself on screen. */
static void
test_classroom_connection_filter (void)
{
  GtkWidget *window = new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = screen_label (window);
  GtkWidget *filter;
  graphene_rect_t bounds;
  double share;

  g_assert_true (seqack_window_run_scenario (self, "two-connections",
                                             &error));
  g_assert_no_error (error);
  seqack_window_show_all (self);
  settle ();
  filter = ui_test_find (window, is_connection_filter, NULL);
  g_assert_nonnull (filter);
  for (guint pick = 0; pick < 3; pick++)
    {
      gtk_drop_down_set_selected (GTK_DROP_DOWN (filter), pick);
      settle ();
      assert_fits (window, "with the connection filter");
      g_assert_true (gtk_widget_is_drawable (filter));
      g_assert_true (gtk_widget_compute_bounds (filter, window, &bounds));
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=,
                         gtk_widget_get_width (window) + 0.5);
      share = diagram_share (window);
      g_test_message ("%s: connection filter %u, %.0f px wide; diagram "
                      "share %.3f", label, pick, bounds.size.width, share);
      g_assert_cmpfloat (share, >=, 0.5);
    }

  destroy_window (window);
}

typedef struct
{
  GtkWidget  *window;
  const char *when;
  guint       n_views;
} StatesOnScreen;

/* All eleven states of a machine are on screen: every box (and the
 * second CLOSED) inside the part of its column or strip that shows,
 * without scrolling, and inside the window. */
static void
assert_states_on_screen (SeqackStateView                *view,
                         const SeqackStateRenderOptions *options,
                         const cairo_rectangle_t        *area,
                         gpointer                        data)
{
  StatesOnScreen *check = data;
  GtkWidget *clip = gtk_widget_get_ancestor (GTK_WIDGET (view),
                                             GTK_TYPE_SCROLLED_WINDOW);
  SeqackStateRenderLayout layout;
  graphene_rect_t shown;

  if (clip == NULL)
    clip = check->window;
  g_assert_true (gtk_widget_compute_bounds (clip, GTK_WIDGET (view), &shown));
  seqack_state_render_get_layout (area, options, &layout);
  for (guint b = 0; b <= SEQACK_TCP_N_STATES; b++)
    {
      const cairo_rectangle_t *box = &layout.boxes[b];
      graphene_point_t corner = GRAPHENE_POINT_INIT (box->x + box->width,
                                                     box->y + box->height);
      graphene_point_t in_window;

      if (box->x < MAX (0, shown.origin.x) - 0.5
          || box->y < MAX (0, shown.origin.y) - 0.5
          || corner.x > shown.origin.x + shown.size.width + 0.5
          || corner.y > shown.origin.y + shown.size.height + 0.5
          || corner.x > area->width + 0.5 || corner.y > area->height + 0.5)
        g_error ("%s: %s (%.0f,%.0f–%.0f,%.0f) is not on screen: its "
                 "%.0f×%.0f state machine shows %.0f,%.0f–%.0f,%.0f",
                 check->when,
                 b < SEQACK_TCP_N_STATES ? seqack_tcp_state_name (b)
                                         : "the second CLOSED",
                 box->x, box->y, corner.x, corner.y, area->width,
                 area->height, shown.origin.x, shown.origin.y,
                 shown.origin.x + shown.size.width,
                 shown.origin.y + shown.size.height);
      g_assert_true (gtk_widget_compute_point (GTK_WIDGET (view),
                                               check->window, &corner,
                                               &in_window));
      g_assert_cmpfloat (in_window.x, <=,
                         gtk_widget_get_width (check->window) + 0.5);
      g_assert_cmpfloat (in_window.y, <=,
                         gtk_widget_get_height (check->window) + 0.5);
    }
  check->n_views++;
}

/* Readable from the back row: state names at least 14 px in the side
 * columns, from a 1024 px projector up, and 22 px in presentation mode,
 * where both machines sit under the diagram; in both, all eleven states
 * of both machines on screen. */
static void
test_classroom_state_text (void)
{
  GtkWidget *window = new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = screen_label (window);
  StatesOnScreen on_screen;
  double px;

  g_assert_true (seqack_window_run_scenario (self, "hello-goodbye", &error));
  g_assert_no_error (error);
  g_object_set (self, "playing", FALSE, NULL);
  g_assert_true (seqack_window_show_until_state (self, SEQACK_TCP_FIN_WAIT_1));
  settle ();
  px = smallest_state_px (window);
  g_test_message ("%s: smallest state name %.1f px", label, px);
  g_assert_cmpfloat (px, >=, 14.0 - 0.05);
  on_screen = (StatesOnScreen) { window, label, 0 };
  classroom_each_state_view (window, assert_states_on_screen, &on_screen);
  g_assert_cmpuint (on_screen.n_views, ==, 2);

  ui_test_activate (window, "view.presentation");
  settle ();
  assert_fits (window, "in presentation mode");
  px = smallest_state_px (window);
  g_test_message ("%s: smallest state name in presentation mode %.1f px",
                  label, px);
  g_assert_cmpfloat (px, >=, 22.0 - 0.05);
  on_screen = (StatesOnScreen) { window, label, 0 };
  classroom_each_state_view (window, assert_states_on_screen, &on_screen);
  g_assert_cmpuint (on_screen.n_views, ==, 2);
  ui_test_activate (window, "view.presentation");
  settle ();

  destroy_window (window);
}

/* Every label the inspector draws lies inside the part of it that is on
 * screen, and is at least as wide as it needs: nothing is cut off at the
 * inspector's right edge or inside itself (mid-word). */
static void
assert_labels_inside (GtkWidget  *widget,
                      GtkWidget  *scroller,
                      const char *when)
{
  if (!gtk_widget_is_drawable (widget))
    return;
  if (GTK_IS_LABEL (widget) &&
      *gtk_label_get_label (GTK_LABEL (widget)) != '\0')
    {
      graphene_rect_t bounds;
      int min_width;

      g_assert_true (gtk_widget_compute_bounds (widget, scroller, &bounds));
      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, &min_width,
                          NULL, NULL, NULL);
      if (bounds.origin.x < -0.5 ||
          bounds.origin.x + bounds.size.width
            > gtk_widget_get_width (scroller) + 0.5 ||
          bounds.size.width < min_width - 0.5)
        g_error ("%s: the inspector's label “%s” is at x %.0f–%.0f (needs "
                 "%d px), the inspector shows 0–%d", when,
                 gtk_label_get_label (GTK_LABEL (widget)), bounds.origin.x,
                 bounds.origin.x + bounds.size.width, min_width,
                 gtk_widget_get_width (scroller));
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_labels_inside (child, scroller, when);
}

/* The inspector under the diagram shows a data segment whole: nothing
 * scrolls sideways, the hex dump ends inside it and its rows are whole,
 * every label (flags, explanation, variables) is inside its visible
 * width; and so with the lessons open beside the diagram. */
static void
assert_inspector_fits (GtkWidget  *window,
                       const char *when)
{
  GtkWidget *inspector, *scroller, *hex;
  GtkAdjustment *hadjustment;
  graphene_rect_t bounds;
  g_autofree char *label = screen_label (window);
  g_autofree char *where = g_strdup_printf ("%s, %s", label, when);

  inspector = ui_test_find (window, ui_test_is_type,
                           GSIZE_TO_POINTER (SEQACK_TYPE_INSPECTOR));
  g_assert_true (gtk_widget_is_drawable (inspector));
  scroller = gtk_widget_get_ancestor (inspector, GTK_TYPE_SCROLLED_WINDOW);
  g_test_message ("%s: the inspector is %d px wide", where,
                  gtk_widget_get_width (scroller));
  hadjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
  g_assert_cmpfloat (gtk_adjustment_get_upper (hadjustment), <=,
                     gtk_adjustment_get_page_size (hadjustment) + 0.5);
  hex = ui_test_find (inspector, ui_test_is_type, GSIZE_TO_POINTER (GTK_TYPE_TEXT_VIEW));
  g_assert_nonnull (hex);
  g_assert_true (gtk_widget_compute_bounds (hex, scroller, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=,
                     gtk_widget_get_width (scroller) + 0.5);
  /* and is wide enough for its rows. */
  hadjustment = gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (hex));
  g_assert_cmpfloat (gtk_adjustment_get_upper (hadjustment), <=,
                     gtk_adjustment_get_page_size (hadjustment) + 0.5);
  assert_labels_inside (inspector, scroller, where);
}

static void
test_classroom_inspector_fits (void)
{
  GtkWidget *window = new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackTrace *trace;
  g_autoptr(GError) error = NULL;
  guint data = G_MAXUINT;

  g_assert_true (seqack_window_run_scenario (self, "hello-goodbye", &error));
  g_assert_no_error (error);
  g_object_set (self, "playing", FALSE, NULL);
  seqack_window_show_all (self);
  trace = seqack_lab_get_trace (seqack_window_get_lab (self));
  for (guint i = 0; i < seqack_trace_get_n_events (trace) && data == G_MAXUINT;
       i++)
    if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT &&
        seqack_trace_get_event (trace, i)->number > 0)
      data = i;
  g_assert_cmpuint (data, !=, G_MAXUINT);
  seqack_sequence_view_set_selected (ui_test_sequence_view (window), data);
  settle ();
  assert_inspector_fits (window, "a data segment");

  ui_test_activate (window, "sidebar.lessons");
  settle ();
  assert_inspector_fits (window, "a data segment, lessons open");
  ui_test_activate (window, "sidebar.lessons");
  settle ();

  destroy_window (window);
}

/* Rows [first, last] of the current segment and the one before it lie in
 * the diagram's visible rows. */
static void
assert_current_in_view (GtkWidget  *window,
                        const char *when)
{
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackTrace *trace = seqack_lab_get_trace (seqack_window_get_lab (self));
  /* The rows as the view lays them out. */
  SeqackSequenceLayout *layout =
    seqack_sequence_view_get_layout (ui_test_sequence_view (window));
  guint segments[2] = { G_MAXUINT, G_MAXUINT }, found = 0;

  for (guint i = seqack_window_get_n_shown (self); i-- > 0 && found < 2;)
    if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT)
      segments[found++] = i;

  for (guint k = 0; k < found; k++)
    {
      g_autofree char *what = NULL;
      guint row, arrive_row;

      g_assert_true (seqack_sequence_layout_get_event_rows (layout,
                                                            segments[k],
                                                            &row,
                                                            &arrive_row));
      if (arrive_row == SEQACK_NO_ROW || k > 0)
        arrive_row = row;
      what = g_strdup_printf ("%s: segment %u", when, segments[k]);
      assert_rows_in_view (window, row, arrive_row, what);
    }
}

static void
test_classroom_current_in_view (void)
{
  GtkWidget *window = new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  g_autoptr(GError) error = NULL;

  g_assert_true (seqack_window_run_scenario (self, "lost-final-ack", &error));
  g_assert_no_error (error);
  seqack_window_show_all (self);
  settle ();
  assert_current_in_view (window, "at the end");

  for (guint i = 0; i < 40 && seqack_window_get_n_shown (self) > 0; i++)
    {
      g_autofree char *when = g_strdup_printf ("after Back %u", i + 1);

      ui_test_activate (window, "view.step-backward");
      settle ();
      assert_current_in_view (window, when);
    }
  for (guint i = 0; i < 40 && gtk_widget_activate_action (window,
                                                          "view.step-forward",
                                                          NULL); i++)
    {
      g_autofree char *when = g_strdup_printf ("after Step %u", i + 1);

      settle ();
      assert_current_in_view (window, when);
    }

  /* Where --stop-at starts a screenshot. */
  g_assert_true (seqack_window_show_until_state (self, SEQACK_TCP_TIME_WAIT));
  settle ();
  assert_current_in_view (window, "at TIME-WAIT");

  destroy_window (window);
}

/* The buttons a teacher and a screen reader look for stay reachable at
 * every size, in every mode. */
static void
assert_button_on_screen (GtkWidget  *window,
                         const char *name)
{
  GtkWidget *button = ui_test_find (window, button_named, name);
  graphene_rect_t bounds;

  if (button == NULL)
    g_error ("no button “%s”", name);
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_compute_bounds (button, window, &bounds));
  g_assert_cmpfloat (bounds.origin.x, >=, 0);
  g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=,
                     gtk_widget_get_width (window));
}

/* The buttons a teacher and a screen reader look for stay on screen at
 * every size: Play (and Pause while playing), Lessons, Presentation mode. */
static void
test_classroom_named_buttons (void)
{
  GtkWidget *window = new_window ();

  assert_button_on_screen (window, _("Lessons"));
  assert_button_on_screen (window, _("Play"));
  assert_button_on_screen (window, "view.presentation");
  g_object_set (window, "playing", TRUE, NULL);
  settle ();
  assert_button_on_screen (window, _("Pause"));
  g_object_set (window, "playing", FALSE, NULL);
  settle ();
  assert_button_on_screen (window, _("Play"));

  destroy_window (window);
}

/* The Scenarios menu speaks the user's language: titles, not file names,
 * in sections, handshake and teardown first; the shortcuts stay. */
static void
test_classroom_scenario_menu (void)
{
  GtkWidget *window = new_window ();
  GtkWidget *button = ui_test_find (window, button_named, _("Scenarios"));
  GMenuModel *menu;
  g_autofree char *first = NULL;
  guint n_items = 0;

  g_assert_nonnull (button);
  menu = gtk_menu_button_get_menu_model (GTK_MENU_BUTTON (button));
  g_assert_cmpint (g_menu_model_get_n_items (menu), >=, 2);
  g_assert_true (g_menu_model_get_item_attribute (menu, 0, "label", "s",
                                                  &first));
  g_assert_cmpstr (first, ==, _("Handshake and Teardown"));

  for (int s = 0; s < g_menu_model_get_n_items (menu); s++)
    {
      g_autoptr(GMenuModel) section =
        g_menu_model_get_item_link (menu, s, G_MENU_LINK_SECTION);
      g_autofree char *heading = NULL;

      g_assert_nonnull (section);
      g_assert_true (g_menu_model_get_item_attribute (menu, s, "label", "s",
                                                      &heading));
      for (int i = 0; i < g_menu_model_get_n_items (section); i++)
        {
          g_autofree char *label = NULL, *target = NULL;
          g_autoptr(SeqackScenario) scenario = NULL;

          g_assert_true (g_menu_model_get_item_attribute (section, i, "label",
                                                          "s", &label));
          g_assert_true (g_menu_model_get_item_attribute (section, i,
                                                          "target", "s",
                                                          &target));
          /* Each in the section a course meets it in. */
          if (g_str_equal (target, "hello-goodbye") ||
              g_str_equal (target, "quit-app"))
            g_assert_cmpstr (heading, ==, _("Handshake and Teardown"));
          if (g_str_equal (target, "lost-syn") ||
              g_str_equal (target, "high-latency"))
            g_assert_cmpstr (heading, ==, _("Loss and Timers"));
          if (g_str_equal (target, "zero-window") ||
              g_str_equal (target, "bulk-transfer"))
            g_assert_cmpstr (heading, ==, _("Flow Control"));
          if (g_str_equal (target, "reconnect") ||
              g_str_equal (target, "time-wait-reuse"))
            g_assert_cmpstr (heading, ==, _("Many Connections"));
          scenario = seqack_scenario_builtin (target, NULL);
          g_assert_nonnull (scenario);
          g_assert_cmpstr (label, !=, target);
          g_assert_cmpstr (label, ==, seqack_scenario_get_title (scenario));
          n_items++;
        }
    }
  g_assert_cmpuint (n_items, ==,
                    g_strv_length ((char **) seqack_scenario_builtin_names ()));

  destroy_window (window);
}

/* The sliding window's bars and plot, shown by the flow-control
 * scenarios, keep the classroom's limits: the window fits the screen,
 * the diagram keeps half the height, the bars' text is 14 px at least,
 * and each flow view lies inside the window. The toggle hides them. */
static void
test_classroom_sliding_window (void)
{
  GtkWidget *window = new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  g_autoptr(GError) error = NULL;
  g_autofree char *label = screen_label (window);
  gboolean visible = FALSE;
  guint n_drawn = 0;
  double share;

  g_assert_true (seqack_window_run_scenario (self, "zero-window", &error));
  g_assert_no_error (error);
  seqack_window_show_all (self);
  settle ();
  g_object_get (window, "sliding-window-visible", &visible, NULL);
  g_assert_true (visible);
  assert_fits (window, "with the sliding window");
  share = diagram_share (window);
  g_test_message ("%s: diagram share with the sliding window %.3f", label,
                  share);
  g_assert_cmpfloat (share, >=, 0.5);

  for (int side = 0; side < 2; side++)
    {
      GtkWidget *panel = ui_test_find (window, is_drawn_panel,
                                       GINT_TO_POINTER (side));
      SeqackFlowView *flow;
      graphene_rect_t bounds;

      if (panel == NULL)
        continue;  /* one column: the switcher shows the other */
      flow = seqack_endpoint_panel_get_flow_view (SEQACK_ENDPOINT_PANEL (panel));
      g_assert_true (seqack_endpoint_panel_get_flow_visible (
                       SEQACK_ENDPOINT_PANEL (panel)));
      g_assert_true (gtk_widget_compute_bounds (GTK_WIDGET (flow), window,
                                                &bounds));
      g_test_message ("%s: %s flow view %.0f×%.0f at %.0f,%.0f, text %.1f px",
                      label, side == SEQACK_CLIENT ? "client" : "server",
                      bounds.size.width, bounds.size.height, bounds.origin.x,
                      bounds.origin.y,
                      seqack_flow_view_get_drawn_text_px (flow));
      g_assert_cmpfloat (bounds.origin.x, >=, 0);
      g_assert_cmpfloat (bounds.origin.x + bounds.size.width, <=,
                         gtk_widget_get_width (window));
      g_assert_cmpfloat (bounds.size.width, >=, 200);
      g_assert_cmpfloat (seqack_flow_view_get_drawn_text_px (flow), >=,
                         14.0 - 0.05);
      /* The bars and the plot are all there without scrolling the
       * column they are in, and the plot is drawn. */
      {
        GtkWidget *scroller = gtk_widget_get_ancestor (
          GTK_WIDGET (flow), GTK_TYPE_SCROLLED_WINDOW);
        GtkAdjustment *adj;
        int min_h;

        g_assert_nonnull (scroller);
        adj = gtk_scrolled_window_get_vadjustment (
          GTK_SCROLLED_WINDOW (scroller));
        gtk_widget_measure (GTK_WIDGET (flow), GTK_ORIENTATION_VERTICAL,
                            (int) bounds.size.width, &min_h, NULL, NULL,
                            NULL);
        g_test_message ("%s: %s column %.0f px, its content %.0f px; flow "
                        "view at least %d px", label,
                        side == SEQACK_CLIENT ? "client" : "server",
                        gtk_adjustment_get_page_size (adj),
                        gtk_adjustment_get_upper (adj), min_h);
        g_assert_cmpfloat (gtk_adjustment_get_upper (adj), <=,
                           gtk_adjustment_get_page_size (adj) + 0.5);
        g_assert_cmpfloat (bounds.size.height, >=, min_h);
      }
      n_drawn++;
    }
  g_assert_cmpuint (n_drawn, >=, 1);

  ui_test_activate (window, "view.sliding-window");
  settle ();
  g_object_get (window, "sliding-window-visible", &visible, NULL);
  g_assert_false (visible);
  assert_fits (window, "after the sliding window");
  /* The user chose: the next flow scenario leaves them hidden. */
  g_assert_true (seqack_window_run_scenario (self, "bulk-transfer", &error));
  g_assert_no_error (error);
  settle ();
  g_object_get (window, "sliding-window-visible", &visible, NULL);
  g_assert_false (visible);

  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/classroom/minimum-width",
                   test_classroom_minimum_width);
  g_test_add_func ("/ui/classroom/fits-screen", test_classroom_fits_screen);
  g_test_add_func ("/ui/classroom/diagram-share",
                   test_classroom_diagram_share);
  g_test_add_func ("/ui/classroom/state-text", test_classroom_state_text);
  g_test_add_func ("/ui/classroom/inspector-fits",
                   test_classroom_inspector_fits);
  g_test_add_func ("/ui/classroom/current-in-view",
                   test_classroom_current_in_view);
  g_test_add_func ("/ui/classroom/scenario-menu",
                   test_classroom_scenario_menu);
  g_test_add_func ("/ui/classroom/named-buttons",
                   test_classroom_named_buttons);
  g_test_add_func ("/ui/classroom/sliding-window",
                   test_classroom_sliding_window);
  g_test_add_func ("/ui/classroom/connection-filter",
                   test_classroom_connection_filter);

  status = g_test_run ();

  return status;
}
