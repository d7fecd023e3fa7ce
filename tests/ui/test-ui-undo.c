/* test-ui-undo.c: a teacher presses the wrong buttons in front of the
 * class: Undo (Ctrl+Z) gives the earlier picture back exactly, Redo
 * (Shift+Ctrl+Z) makes the action again, and the main menu greys out
 * what cannot be done. Runs under xvfb-run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "seqack-tcp-header.h"
#include "ui-test-util.h"

static gboolean
is_main_menu (GtkWidget     *widget,
              gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) &&
         g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)),
                    "open-menu-symbolic") == 0;
}

/* A menu item (a GtkModelButton, GTK's own) by its text. */
static gboolean
is_menu_item (GtkWidget     *widget,
              gconstpointer  text)
{
  g_autofree char *item_text = NULL;

  if (!g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkModelButton"))
    return FALSE;
  g_object_get (widget, "text", &item_text, NULL);
  return g_strcmp0 (item_text, text) == 0;
}

/* Whether the main menu's item @text can be chosen, as a person
 * sees it with the menu open. */
static gboolean
menu_item_sensitive (GtkWidget  *window,
                     const char *text)
{
  GtkWidget *button = ui_test_find (window, is_main_menu, NULL);
  GtkWidget *popover, *item;
  gboolean sensitive;

  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  ui_test_iterate ();
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_nonnull (popover);
  item = ui_test_find (popover, is_menu_item, text);
  g_assert_nonnull (item);
  sensitive = gtk_widget_is_sensitive (item);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  ui_test_iterate ();

  return sensitive;
}

/* Steps until all is shown and nothing is on the wire (Step stops
 * before a long wait such as the retransmission timer). */
static void
play_out (GtkWidget *window)
{
  for (guint i = 0; i < 40; i++)
    {
      SeqackLab *lab = seqack_window_get_lab (SEQACK_WINDOW (window));

      if (seqack_window_get_n_shown (SEQACK_WINDOW (window))
            == seqack_trace_get_n_events (seqack_lab_get_trace (lab)) &&
          seqack_lab_get_n_in_flight (lab) == 0)
        return;
      ui_test_activate (window, "view.step-forward");
    }
  g_error ("the run never settled");
}

static GArray *
copy_events (SeqackTrace *trace)
{
  GArray *events = g_array_new (FALSE, FALSE, sizeof (SeqackEvent));

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    g_array_append_vals (events, seqack_trace_get_event (trace, i), 1);
  return events;
}

static void
assert_events (SeqackTrace *trace,
               GArray      *events)
{
  g_assert_cmpuint (seqack_trace_get_n_events (trace), ==, events->len);
  for (guint i = 0; i < events->len; i++)
    {
      const SeqackEvent *a = &g_array_index (events, SeqackEvent, i);
      const SeqackEvent *b = seqack_trace_get_event (trace, i);

      g_assert_cmpint (a->t, ==, b->t);
      g_assert_cmpint (a->t2, ==, b->t2);
      g_assert_cmpuint (a->kind, ==, b->kind);
      g_assert_cmpuint (a->side, ==, b->side);
      g_assert_cmpuint (a->seq, ==, b->seq);
      g_assert_cmpuint (a->ack, ==, b->ack);
      g_assert_cmpuint (a->flags, ==, b->flags);
      g_assert_cmpuint (a->fate, ==, b->fate);
      g_assert_cmpuint (a->from, ==, b->from);
      g_assert_cmpuint (a->to, ==, b->to);
    }
}

static gboolean
fin_lost (GArray *events)
{
  for (guint i = 0; i < events->len; i++)
    {
      const SeqackEvent *ev = &g_array_index (events, SeqackEvent, i);

      if (ev->kind == SEQACK_EVENT_SEGMENT && (ev->flags & SEQACK_TCP_FIN) &&
          ev->fate == SEQACK_FATE_LOST)
        return TRUE;
    }
  return FALSE;
}

static void
test_undo_drop_and_close (void)
{
  GtkWidget *window = ui_test_new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  g_autoptr(GArray) before = NULL;
  g_autoptr(GArray) after = NULL;
  SeqackLab *lab;
  gint64 now_before;

  g_assert_false (menu_item_sensitive (window, "Undo"));
  g_assert_false (menu_item_sensitive (window, "Redo"));

  ui_test_activate (window, "lab.server-listen");
  ui_test_activate (window, "lab.client-connect");
  play_out (window);
  lab = seqack_window_get_lab (self);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
  before = copy_events (seqack_lab_get_trace (lab));
  now_before = seqack_lab_get_now (lab);
  g_assert_true (menu_item_sensitive (window, "Undo"));

  /* The wrong buttons: Drop next, then Close; the FIN is lost. */
  g_assert_true (gtk_widget_activate_action (window, "lab.drop-next", "s",
                                             "client"));
  ui_test_activate (window, "lab.client-close");
  play_out (window);
  lab = seqack_window_get_lab (self);
  after = copy_events (seqack_lab_get_trace (lab));
  g_assert_cmpuint (after->len, >, before->len);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_FIN_WAIT_1);
  g_assert_true (fin_lost (after));

  /* Undo twice: exactly the earlier trace, all of it shown. */
  ui_test_activate (window, "lab.undo");
  ui_test_activate (window, "lab.undo");
  lab = seqack_window_get_lab (self);
  assert_events (seqack_lab_get_trace (lab), before);
  g_assert_cmpint (seqack_lab_get_now (lab), ==, now_before);
  g_assert_cmpuint (seqack_window_get_n_shown (self), ==, before->len);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_true (menu_item_sensitive (window, "Redo"));

  /* Redo both, and the run goes on as the first time. */
  ui_test_activate (window, "lab.redo");
  ui_test_activate (window, "lab.redo");
  g_assert_false (menu_item_sensitive (window, "Redo"));
  play_out (window);
  assert_events (seqack_lab_get_trace (seqack_window_get_lab (self)), after);

  /* Undo Close, then another action: nothing is left to redo. */
  ui_test_activate (window, "lab.undo");
  g_assert_true (menu_item_sensitive (window, "Redo"));
  ui_test_activate (window, "lab.server-close");
  g_assert_false (menu_item_sensitive (window, "Redo"));
  g_assert_cmpint (seqack_lab_get_state (seqack_window_get_lab (self),
                                         SEQACK_SERVER),
                   ==, SEQACK_TCP_FIN_WAIT_1);

  ui_test_destroy_window (window);
}

static gboolean
is_latency (GtkWidget     *widget,
            gconstpointer  data)
{
  g_autofree char *differs = NULL;

  if (!GTK_IS_SPIN_BUTTON (widget))
    return FALSE;
  differs = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget),
                                                GTK_ACCESSIBLE_PROPERTY_LABEL,
                                                "Latency in milliseconds");
  return differs == NULL;
}

/* A wire setting is an action too: undoing it puts the lab and the
 * control back. */
static void
test_undo_wire_setting (void)
{
  GtkWidget *window = ui_test_new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  GtkSpinButton *latency;
  const SeqackLabConfig *config;
  double start;

  latency = GTK_SPIN_BUTTON (ui_test_find (window, is_latency, NULL));
  g_assert_nonnull (latency);
  start = gtk_spin_button_get_value (latency);
  g_assert_cmpfloat (start, !=, 120);

  gtk_spin_button_set_value (latency, 120);
  ui_test_iterate ();
  config = seqack_lab_get_config (seqack_window_get_lab (self));
  g_assert_cmpint (config->latency, ==, 120000);
  g_assert_true (menu_item_sensitive (window, "Undo"));

  ui_test_activate (window, "lab.undo");
  config = seqack_lab_get_config (seqack_window_get_lab (self));
  g_assert_cmpint (config->latency, ==, (gint64) (start * 1000));
  g_assert_cmpfloat (gtk_spin_button_get_value (latency), ==, start);
  /* Showing the lab's value was no new action: Redo is still there. */
  g_assert_true (menu_item_sensitive (window, "Redo"));
  g_assert_false (menu_item_sensitive (window, "Undo"));

  ui_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/undo/drop-and-close", test_undo_drop_and_close);
  g_test_add_func ("/ui/undo/wire-setting", test_undo_wire_setting);

  return g_test_run ();
}
