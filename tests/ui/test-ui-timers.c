/* test-ui-timers.c: the timers in the window: SRTT, RTTVAR and RTO in the
 * endpoint panels' variables, the RTO of a retransmission explained in the
 * inspector, Quit App in the endpoint's overflow menu, and the Linux
 * 200 ms minimum from the preferences. Runs under xvfb-run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "seqack-endpoint-panel-private.h"
#include "seqack-inspector.h"
#include "seqack-preferences-window.h"
#include "seqack-scenario.h"
#include "seqack-sequence-layout.h"
#include "seqack-ui-settings.h"
#include "seqack-window.h"
#include "ui-test-util.h"

static gboolean
is_panel_of (GtkWidget     *widget,
             gconstpointer  side)
{
  return SEQACK_IS_ENDPOINT_PANEL (widget) && gtk_widget_get_mapped (widget)
         && seqack_endpoint_panel_get_side (SEQACK_ENDPOINT_PANEL (widget))
            == (SeqackSide) GPOINTER_TO_INT (side);
}

static SeqackEndpointPanel *
panel (GtkWidget  *window,
       SeqackSide  side)
{
  GtkWidget *found = ui_test_find (window, is_panel_of,
                                  GINT_TO_POINTER (side));

  g_assert_nonnull (found);
  return SEQACK_ENDPOINT_PANEL (found);
}

static SeqackTcpState
shown_state (GtkWidget  *window,
             SeqackSide  side)
{
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackTrace *trace = seqack_lab_get_trace (seqack_window_get_lab (self));
  guint n = seqack_window_get_n_shown (self);

  return n > 0 ? seqack_trace_get_state (trace, n - 1, side)
               : SEQACK_TCP_CLOSED;
}

static gboolean
action_enabled (GtkWidget  *window,
                const char *action)
{
  GtkWidget *button = ui_test_find (window, ui_test_has_action, action);

  g_assert_nonnull (button);
  return gtk_widget_is_sensitive (button);
}

/* Steps (jumping long waits with Skip Wait, as a user would) until @side
 * shows @state. */
static void
step_until (GtkWidget      *window,
            SeqackSide      side,
            SeqackTcpState  state)
{
  for (guint i = 0; i < 40; i++)
    {
      if (shown_state (window, side) == state)
        return;
      if (!action_enabled (window, "view.step-forward") &&
          action_enabled (window, "lab.skip-wait"))
        ui_test_activate (window, "lab.skip-wait");
      else
        ui_test_activate (window, "view.step-forward");
    }
  g_error ("%s never showed %s", seqack_side_name (side),
           seqack_tcp_state_name (state));
}

static gboolean
row_titled (GtkWidget     *widget,
            gconstpointer  title)
{
  return ADW_IS_PREFERENCES_ROW (widget)
         && g_strcmp0 (adw_preferences_row_get_title (
                         ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static gboolean
label_is (GtkWidget     *widget,
          gconstpointer  text)
{
  return GTK_IS_LABEL (widget)
         && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0;
}

/* The variables: "—" for SND.WND, IRS and RCV.NXT in SYN-SENT, and for
 * SRTT and RTTVAR until the first round trip is
 * measured, then 40 ms and 20 ms (RFC 6298 (2.2): RTTVAR = R / 2), and
 * the RTO at RFC 6298's 1 s floor; the tooltip names the rule. */
static void
test_variables_show_rto (void)
{
  GtkWidget *window = ui_test_new_window ();
  SeqackEndpointPanel *client;
  const char *vars;
  const char *tip;

  ui_test_activate (window, "lab.server-listen");
  ui_test_activate (window, "lab.client-connect");
  step_until (window, SEQACK_CLIENT, SEQACK_TCP_SYN_SENT);
  client = panel (window, SEQACK_CLIENT);
  vars = seqack_endpoint_panel_get_vars_text (client);
  g_assert_nonnull (strstr (vars, "SRTT    —\nRTTVAR  —\nRTO     1 s"));
  /* No IRS before the peer's SYN (RFC 9293): no RCV.NXT, no SND.WND. */
  g_assert_nonnull (strstr (vars, "SND.WND —\nIRS     —\nRCV.NXT —\n"));

  step_until (window, SEQACK_CLIENT, SEQACK_TCP_ESTABLISHED);
  vars = seqack_endpoint_panel_get_vars_text (client);
  g_assert_nonnull (strstr (vars, "SND.WND 64240\nIRS     0\nRCV.NXT 1\n"));
  g_assert_nonnull (strstr (vars, "SRTT    0.04 s\nRTTVAR  0.02 s\n"
                                  "RTO     1 s"));
  /* The tooltip names the rule that set the RTO. */
  tip = gtk_widget_get_tooltip_text (ui_test_find (GTK_WIDGET (client),
                                                  label_is, vars));
  g_assert_nonnull (strstr (tip, "RTO 1 s: SRTT 0.04 + 4 × RTTVAR 0.02 = "
                                 "0.12, raised to the 1 s minimum (RFC "
                                 "6298 2.4)"));
  ui_test_destroy_window (window);
}

/* The inspector on the resent SYN of "lost-syn": the timer's rule, then
 * the doubled one. */
static void
test_inspector_explains_rto (void)
{
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  SeqackLabConfig config;
  SeqackLab *lab;
  SeqackTrace *trace;
  SeqackSequenceLayout *layout;
  SeqackInspector *inspector;
  guint resent = G_MAXUINT;

  seqack_lab_config_init (&config);
  config.seed = 1;
  lab = seqack_lab_new (&config);
  scenario = seqack_scenario_builtin ("lost-syn", &error);
  g_assert_no_error (error);
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  trace = seqack_lab_get_trace (lab);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_SEGMENT &&
          (ev->marks & SEQACK_MARK_RETRANSMISSION) && resent == G_MAXUINT)
        resent = i;
    }
  g_assert_cmpuint (resent, !=, G_MAXUINT);

  layout = seqack_sequence_layout_new (trace);
  inspector = g_object_ref_sink (g_object_new (SEQACK_TYPE_INSPECTOR, NULL));
  seqack_inspector_show (inspector, layout, resent, FALSE, FALSE);
  g_assert_nonnull (strstr (seqack_inspector_get_explanation (inspector),
                            "Resent when the retransmission timer expired: "
                            "RTO 1 s: no round trip measured yet (RFC 6298 "
                            "2.1). The next timeout waits twice as long: "
                            "RTO 2 s = 2 × 1 s, backed off after timeout 1 "
                            "(RFC 6298 5.5)"));
  seqack_inspector_show (inspector, NULL, SEQACK_NO_EVENT, FALSE, FALSE);
  g_assert_finalize_object (inspector);
  seqack_sequence_layout_free (layout);
  seqack_lab_free (lab);
}

/* The panel's overflow menu (beside its Sockets button). */
static gboolean
is_more_button (GtkWidget     *widget,
                gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) &&
         g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)),
                    "view-more-symbolic") == 0;
}

/* Quit App, from the client's overflow menu: disabled before there is a
 * connection; once ESTABLISHED a click sends the FIN, and when its ACK
 * comes the FIN-WAIT-2 timer runs Linux's 60 s. The menu explains Close
 * against Quit App. */
static void
test_quit_app_menu (void)
{
  GtkWidget *window = ui_test_new_window ();
  SeqackEndpointPanel *client = panel (window, SEQACK_CLIENT);
  GtkWidget *menu, *quit;
  SeqackTrace *trace;
  gboolean quit_seen = FALSE, fin_after = FALSE, timer = FALSE;

  menu = ui_test_find (GTK_WIDGET (client), is_more_button, NULL);
  g_assert_nonnull (menu);
  g_assert_nonnull (gtk_widget_get_tooltip_text (menu));
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu));
  ui_test_iterate ();
  quit = ui_test_find (menu, ui_test_has_action, "lab.client-quit");
  g_assert_nonnull (quit);
  g_assert_true (gtk_widget_get_mapped (quit));
  g_assert_false (gtk_widget_is_sensitive (quit));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (quit), "exits"));
  gtk_menu_button_popdown (GTK_MENU_BUTTON (menu));
  ui_test_iterate ();

  ui_test_activate (window, "lab.server-listen");
  ui_test_activate (window, "lab.client-connect");
  step_until (window, SEQACK_SERVER, SEQACK_TCP_ESTABLISHED);
  gtk_menu_button_popup (GTK_MENU_BUTTON (menu));
  ui_test_iterate ();
  g_assert_true (gtk_widget_is_sensitive (quit));
  g_signal_emit_by_name (quit, "clicked");
  ui_test_iterate ();
  step_until (window, SEQACK_CLIENT, SEQACK_TCP_FIN_WAIT_2);

  trace = seqack_lab_get_trace (seqack_window_get_lab (SEQACK_WINDOW (window)));
  for (guint i = 0; i < seqack_window_get_n_shown (SEQACK_WINDOW (window));
       i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_ACTION && ev->side == SEQACK_CLIENT &&
          ev->from == SEQACK_ACTION_QUIT)
        quit_seen = TRUE;
      if (quit_seen && ev->kind == SEQACK_EVENT_SEGMENT &&
          ev->side == SEQACK_CLIENT && (ev->flags & SEQACK_TCP_FIN))
        fin_after = TRUE;
      if (ev->kind == SEQACK_EVENT_TIMER && ev->side == SEQACK_CLIENT &&
          ev->from == SEQACK_TCP_TIMER_FIN_WAIT_2 &&
          ev->to == SEQACK_TIMER_SET)
        {
          g_assert_cmpint (ev->t2 - ev->t, ==, 60 * SEQACK_USEC_PER_SEC);
          timer = TRUE;
        }
    }
  g_assert_true (quit_seen);
  g_assert_true (fin_after);
  g_assert_true (timer);
  ui_test_destroy_window (window);
}

/* The preferences' switch: the next run of the lab takes Linux's 200 ms
 * minimum, and a saved session says so. */
static void
test_linux_rto_min_preference (void)
{
  g_autoptr(GSettings) settings = seqack_ui_settings_new ();
  SeqackPreferencesWindow *prefs;
  GtkWidget *window, *row, *toggle;
  SeqackLab *lab;

  g_settings_set_boolean (settings, "linux-rto-min", FALSE);
  window = ui_test_new_window ();
  lab = seqack_window_get_lab (SEQACK_WINDOW (window));
  g_assert_false (seqack_lab_get_config (lab)->tcp.linux_rto_min);

  /* The switch, found by its title as a user finds it. */
  prefs = seqack_preferences_window_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (prefs));
  ui_test_iterate ();
  row = ui_test_find (GTK_WIDGET (prefs), row_titled,
                     _("Linux 200 ms minimum RTO (RFC 6298 says 1 s)"));
  g_assert_nonnull (row);
  toggle = ui_test_find (row, ui_test_is_type,
                         GSIZE_TO_POINTER (GTK_TYPE_SWITCH));
  g_assert_nonnull (toggle);
  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  ui_test_iterate ();
  g_assert_true (g_settings_get_boolean (settings, "linux-rto-min"));
  gtk_window_destroy (GTK_WINDOW (prefs));
  ui_test_iterate ();

  ui_test_activate (window, "lab.reset");
  lab = seqack_window_get_lab (SEQACK_WINDOW (window));
  g_assert_true (seqack_lab_get_config (lab)->tcp.linux_rto_min);

  g_settings_reset (settings, "linux-rto-min");
  ui_test_destroy_window (window);
}

/* Linux's IW10 and Nagle (Preferences): switches found by their titles;
 * the next Reset's run starts with "set iw10 on" and "set nagle on",
 * labelled in the trace, and its lab has both options on. */
static void
test_iw10_nagle_preference (void)
{
  static const struct
  {
    const char  *key;
    const char  *title;
    SeqackAction action;
  } options[] = {
    { "initial-window-10", N_("Linux initial window of 10 segments (RFC 6928)"),
      SEQACK_ACTION_SET_IW10 },
    { "nagle", N_("Nagle's algorithm (RFC 9293 §3.7.4)"),
      SEQACK_ACTION_SET_NAGLE },
  };
  g_autoptr(GSettings) settings = seqack_ui_settings_new ();
  SeqackPreferencesWindow *prefs;
  GtkWidget *window;
  SeqackLab *lab;
  SeqackTrace *trace;
  guint found = 0;

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    g_settings_set_boolean (settings, options[i].key, FALSE);
  window = ui_test_new_window ();
  lab = seqack_window_get_lab (SEQACK_WINDOW (window));
  g_assert_false (seqack_lab_get_config (lab)->tcp.iw10);
  g_assert_false (seqack_lab_get_config (lab)->tcp.nagle);

  prefs = seqack_preferences_window_new (NULL, settings);
  gtk_window_present (GTK_WINDOW (prefs));
  ui_test_iterate ();
  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    {
      GtkWidget *row = ui_test_find (GTK_WIDGET (prefs), row_titled,
                                     _(options[i].title));
      GtkWidget *toggle;

      g_assert_nonnull (row);
      toggle = ui_test_find (row, ui_test_is_type,
                             GSIZE_TO_POINTER (GTK_TYPE_SWITCH));
      g_assert_nonnull (toggle);
      gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
      ui_test_iterate ();
      g_assert_true (g_settings_get_boolean (settings, options[i].key));
    }
  gtk_window_destroy (GTK_WINDOW (prefs));
  ui_test_iterate ();

  ui_test_activate (window, "lab.reset");
  lab = seqack_window_get_lab (SEQACK_WINDOW (window));
  g_assert_true (seqack_lab_get_config (lab)->tcp.iw10);
  g_assert_true (seqack_lab_get_config (lab)->tcp.nagle);
  trace = seqack_lab_get_trace (lab);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      for (guint k = 0; k < G_N_ELEMENTS (options); k++)
        if (ev->kind == SEQACK_EVENT_ACTION && ev->from == options[k].action)
          {
            g_assert_cmpuint (ev->number, ==, 1);
            found++;
          }
    }
  g_assert_cmpuint (found, ==, 2);

  for (guint i = 0; i < G_N_ELEMENTS (options); i++)
    g_settings_reset (settings, options[i].key);
  ui_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/timers/variables-srtt-rttvar-rto",
                   test_variables_show_rto);
  g_test_add_func ("/ui/timers/inspector-explains-rto",
                   test_inspector_explains_rto);
  g_test_add_func ("/ui/timers/quit-app-menu", test_quit_app_menu);
  g_test_add_func ("/ui/timers/linux-rto-min-preference",
                   test_linux_rto_min_preference);
  g_test_add_func ("/ui/timers/iw10-nagle-preference",
                   test_iw10_nagle_preference);

  return g_test_run ();
}
