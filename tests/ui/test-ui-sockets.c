/* test-ui-sockets.c: each host's socket table in the window follows the
 * diagram (issue 17).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "seqack-endpoint-panel-private.h"
#include "seqack-trace-format.h"
#include "seqack-trace-sockets.h"
#include "ui-test-util.h"

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

static gboolean
is_sockets_button (GtkWidget     *widget,
                   gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) &&
         g_strcmp0 (gtk_menu_button_get_label (GTK_MENU_BUTTON (widget)),
                    _("Sockets")) == 0;
}

static GtkMenuButton *
sockets_button (SeqackEndpointPanel *panel)
{
  GtkWidget *button = ui_test_find (GTK_WIDGET (panel), is_sockets_button,
                                    NULL);

  g_assert_nonnull (button);
  return GTK_MENU_BUTTON (button);
}

/* Selects row @row as a click does and waits for the one SELECT action
 * it makes; returns that action's index. */
static guint
select_row (SeqackSocketTable *table,
            SeqackTrace       *trace,
            guint              row)
{
  guint n_before = seqack_trace_get_n_events (trace);
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_assert_true (seqack_socket_table_select_row (table, row));
  while (seqack_trace_get_n_events (trace) == n_before &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  ui_test_iterate ();
  g_assert_cmpuint (seqack_trace_get_n_events (trace), ==, n_before + 1);
  g_assert_cmpint (seqack_trace_get_event (trace, n_before)->from, ==,
                   SEQACK_ACTION_SELECT);
  return n_before;
}

/* The client reconnects while its first connection waits in TIME-WAIT:
 * the server's table has the listener and the connection being opened,
 * and later the listener alone; the client's has both connections. */
static void
test_tables_follow_diagram (void)
{
  GtkWidget *window = ui_test_new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackEndpointPanel *server = panel_of (window, SEQACK_SERVER);
  SeqackEndpointPanel *client = panel_of (window, SEQACK_CLIENT);
  SeqackSocketTable *server_table =
    seqack_endpoint_panel_get_socket_table (server);
  g_autoptr(GError) error = NULL;
  g_autofree char *rows = NULL;
  GtkMenuButton *button;

  /* A fresh lab has no sockets yet: nothing to open. */
  g_assert_false (gtk_widget_get_visible (
    GTK_WIDGET (sockets_button (server))));

  g_assert_true (seqack_window_run_scenario (self, "reconnect", &error));
  g_assert_no_error (error);
  g_assert_true (seqack_window_show_until_state (self,
                                                 SEQACK_TCP_SYN_RECEIVED));
  ui_test_iterate ();

  button = sockets_button (server);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (button)));
  gtk_menu_button_popup (button);
  ui_test_iterate ();
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (server_table)));

  rows = seqack_socket_table_dump (server_table);
  g_assert_true (g_str_has_prefix (rows,
                                   "LISTEN\t0\t4\t192.0.2.2:80\t*:*\n"
                                   /* its SYN,ACK not acknowledged: one
                                    * byte of sequence space, as Linux's
                                    * write_seq - snd_una counts it */
                                   "SYN-RCVD\t0\t1\t192.0.2.2:80\t"
                                   "192.0.2.1:"));
  g_clear_pointer (&rows, g_free);
  /* Read from the back row: 14 px, as the side panels. */
  g_assert_cmpfloat (ui_test_smallest_label_px (GTK_WIDGET (server_table)),
                     >=, 14.0 - 0.01);

  /* It plays along: at the end only the listener is left. */
  seqack_window_show_all (self);
  ui_test_iterate ();
  rows = seqack_socket_table_dump (server_table);
  g_assert_cmpstr (rows, ==, "LISTEN\t0\t4\t192.0.2.2:80\t*:*\n");
  g_assert_cmpstr (seqack_socket_table_get_summary (server_table), ==,
                   "Port 80: SYN queue 0, accept queue 0 (backlog 4)");
  gtk_menu_button_popdown (button);
  g_clear_pointer (&rows, g_free);

  /* Where the client's second connection enters TIME-WAIT, its first
   * one still waits. */
  {
    SeqackTrace *trace = seqack_lab_get_trace (seqack_window_get_lab (self));
    SeqackSocketTable *table = seqack_endpoint_panel_get_socket_table (client);
    guint n = 0, tw = 0;

    for (; n < seqack_trace_get_n_events (trace) && tw < 2; n++)
      {
        const SeqackEvent *ev = seqack_trace_get_event (trace, n);

        tw += ev->kind == SEQACK_EVENT_STATE && ev->side == SEQACK_CLIENT &&
              ev->to == SEQACK_TCP_TIME_WAIT;
      }
    g_assert_cmpuint (tw, ==, 2);
    seqack_socket_table_update (table, trace, n, SEQACK_CLIENT);
    rows = seqack_socket_table_dump (table);
    g_assert_nonnull (strstr (rows, "TIME-WAIT\t0\t0\t192.0.2.1:"));
    g_assert_nonnull (strstr (strstr (rows, "\n"), "TIME-WAIT\t0\t0\t"));
    g_assert_cmpstr (seqack_socket_table_get_summary (table), ==,
                     "2 connections in TIME-WAIT");
  }

  ui_test_destroy_window (window);
}

static gboolean
has_label (GtkWidget     *widget,
           gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) &&
         g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0;
}

/* Connect from a New Port, in the client's overflow menu: a second
 * connection beside the first, each with its own port, in both tables.
 * The server's menu has no such button. */
static void
test_connect_new_port (void)
{
  GtkWidget *window = ui_test_new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackEndpointPanel *client = panel_of (window, SEQACK_CLIENT);
  SeqackEndpointPanel *server = panel_of (window, SEQACK_SERVER);
  GtkWidget *button = ui_test_find (GTK_WIDGET (client), has_label,
                                    _("Connect from a New Port"));
  g_autofree char *rows = NULL;
  const char *second;

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_get_visible (
    ui_test_find (GTK_WIDGET (server), has_label,
                  _("Connect from a New Port"))));

  ui_test_activate (window, "lab.server-listen");
  ui_test_activate (window, "lab.client-connect");
  seqack_window_show_all (self);
  ui_test_iterate ();
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  ui_test_iterate ();
  g_assert_true (seqack_lab_run_until_quiet (seqack_window_get_lab (self),
                                             5 * G_USEC_PER_SEC));
  seqack_window_show_all (self);
  ui_test_iterate ();

  seqack_socket_table_update (seqack_endpoint_panel_get_socket_table (client),
                              seqack_lab_get_trace (
                                seqack_window_get_lab (self)),
                              seqack_window_get_n_shown (self),
                              SEQACK_CLIENT);
  rows = seqack_socket_table_dump (
    seqack_endpoint_panel_get_socket_table (client));
  g_assert_true (g_str_has_prefix (rows, "ESTABLISHED\t0\t0\t192.0.2.1:"));
  second = strchr (rows, '\n') + 1;
  g_assert_true (g_str_has_prefix (second, "ESTABLISHED\t0\t0\t192.0.2.1:"));
  /* Two ports. */
  g_assert_cmpint (strncmp (rows, second, strchr (second, '\n') - second),
                   !=, 0);

  ui_test_destroy_window (window);
}

/* Selecting a row of the server's table makes the server's buttons act
 * on that connection: Send goes on its 4-tuple, and the selection stays
 * on the row of the socket the calls act on. */
static void
test_select_row (void)
{
  GtkWidget *window = ui_test_new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackEndpointPanel *server = panel_of (window, SEQACK_SERVER);
  SeqackSocketTable *table = seqack_endpoint_panel_get_socket_table (server);
  SeqackLab *lab = seqack_window_get_lab (self);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  GtkMenuButton *button;
  g_autofree char *rows = NULL;
  g_auto(GStrv) lines = NULL;
  SeqackSocketKey calls;
  guint n_before;

  ui_test_activate (window, "lab.server-listen");
  ui_test_activate (window, "lab.client-connect");
  g_assert_true (seqack_lab_run_until_quiet (lab, 5 * G_USEC_PER_SEC));
  ui_test_activate (window, "lab.client-connect-new-port");
  g_assert_true (seqack_lab_run_until_quiet (lab, 5 * G_USEC_PER_SEC));
  seqack_window_show_all (self);
  ui_test_iterate ();

  button = sockets_button (server);
  gtk_menu_button_popup (button);
  ui_test_iterate ();
  rows = seqack_socket_table_dump (table);
  lines = g_strsplit (rows, "\n", -1);
  /* The listener and two connections; the newest takes the calls. */
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_true (g_str_has_prefix (lines[0], "LISTEN"));
  g_assert_cmpuint (seqack_socket_table_get_selected_row (table), ==, 2);

  /* The first connection, as a click selects it. */
  /* One "select 1" action, and the table rebuilt with its row selected. */
  n_before = select_row (table, trace, 1);
  g_assert_cmpuint (seqack_trace_get_event (trace, n_before)->number, ==, 1);
  g_assert_true (seqack_trace_get_calls_socket (
    trace, seqack_trace_get_n_events (trace), SEQACK_SERVER, &calls));
  g_assert_cmpuint (seqack_socket_table_get_selected_row (table), ==, 1);
  g_assert_nonnull (strstr (lines[1], "192.0.2.1:"));
  {
    g_autofree char *peer = g_strdup_printf ("192.0.2.1:%u",
                                             calls.remote_port);

    g_assert_nonnull (strstr (lines[1], peer));
  }

  /* Send goes on the selected connection. */
  gtk_menu_button_popdown (button);
  g_assert_true (seqack_lab_send (lab, SEQACK_SERVER, "to the first", NULL));
  g_assert_true (seqack_lab_run_until_quiet (lab, 5 * G_USEC_PER_SEC));
  {
    gboolean delivered = FALSE;

    for (guint i = seqack_trace_get_n_events (trace); i > 0 && !delivered;
         i--)
      {
        const SeqackEvent *ev = seqack_trace_get_event (trace, i - 1);
        SeqackSocketKey key;

        if (ev->kind != SEQACK_EVENT_DATA)
          continue;
        g_assert_cmpint (ev->side, ==, SEQACK_CLIENT);
        g_assert_true (seqack_trace_get_socket (trace, i - 1, &key));
        g_assert_cmpuint (key.local_port, ==, calls.remote_port);
        delivered = TRUE;
      }
    g_assert_true (delivered);
  }

  ui_test_destroy_window (window);
}

static gboolean
is_spin (GtkWidget     *widget,
         gconstpointer  data)
{
  return GTK_IS_SPIN_BUTTON (widget) &&
         gtk_widget_get_tooltip_text (widget) != NULL &&
         g_str_has_prefix (gtk_widget_get_tooltip_text (widget),
                           "listen(fd, backlog)");
}

/* The server's listener controls: Listen takes the backlog chosen,
 * Pause Accepting leaves connections in the accept queue, Accept One
 * takes one, and the SYN Cookies choice is the lab's setting. The
 * client has none of them. */
static void
test_listener_controls (void)
{
  GtkWidget *window = ui_test_new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackEndpointPanel *server = panel_of (window, SEQACK_SERVER);
  SeqackEndpointPanel *client = panel_of (window, SEQACK_CLIENT);
  SeqackLab *lab = seqack_window_get_lab (self);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  GtkWidget *spin = ui_test_find (GTK_WIDGET (server), is_spin, NULL);
  GtkWidget *accept_one = ui_test_find (GTK_WIDGET (server), has_label,
                                        _("Accept One"));
  g_autofree char *cookies = NULL;
  g_autoptr(GArray) rows = NULL;
  GString *json = g_string_new (NULL);

  g_assert_nonnull (spin);
  g_assert_nonnull (accept_one);
  g_assert_false (gtk_widget_get_visible (
    gtk_widget_get_parent (ui_test_find (GTK_WIDGET (client), is_spin,
                                         NULL))));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 2);
  ui_test_activate (window, "lab.server-listen");
  seqack_trace_format_json (trace, 0, NULL, json);
  g_assert_nonnull (strstr (json->str, "\"action\":\"listen\","
                                       "\"backlog\":2"));
  g_string_free (json, TRUE);

  ui_test_activate (window, "lab.server-pause-accepting");
  ui_test_activate (window, "lab.client-connect");
  g_assert_true (seqack_lab_run_until_quiet (lab, 5 * G_USEC_PER_SEC));
  seqack_window_show_all (self);
  ui_test_iterate ();
  rows = seqack_trace_list_sockets (trace, seqack_trace_get_n_events (trace),
                                    SEQACK_SERVER);
  /* The listener's Recv-Q is its accept queue: one waits. */
  g_assert_cmpuint (g_array_index (rows, SeqackSocketRow, 0).recv_q, ==, 1);
  g_clear_pointer (&rows, g_array_unref);
  g_assert_true (gtk_widget_is_sensitive (accept_one));
  g_signal_emit_by_name (accept_one, "clicked");
  ui_test_iterate ();
  rows = seqack_trace_list_sockets (trace, seqack_trace_get_n_events (trace),
                                    SEQACK_SERVER);
  g_assert_cmpuint (g_array_index (rows, SeqackSocketRow, 0).recv_q, ==, 0);

  /* SYN cookies: Linux's default, then always, as the radio buttons do. */
  g_object_get (self, "syn-cookies", &cookies, NULL);
  g_assert_cmpstr (cookies, ==, "on");
  g_assert_true (gtk_widget_activate_action (window, "lab.syn-cookies", "s",
                                             "always"));
  ui_test_iterate ();
  g_assert_cmpuint (seqack_lab_get_config (lab)->syn_cookies, ==, 2);
  g_clear_pointer (&cookies, g_free);
  g_object_get (self, "syn-cookies", &cookies, NULL);
  g_assert_cmpstr (cookies, ==, "always");

  ui_test_destroy_window (window);
}

/* Add Client puts client-2 on the wire and the Client buttons act on
 * it; the client side's table has every client's sockets, and a row of
 * the first client's gives the buttons back to it. Start Flood and Stop
 * Flood drive the flood at the popover's rate. */
static void
test_more_clients (void)
{
  GtkWidget *window = ui_test_new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackEndpointPanel *client = panel_of (window, SEQACK_CLIENT);
  SeqackSocketTable *table = seqack_endpoint_panel_get_socket_table (client);
  SeqackLab *lab = seqack_window_get_lab (self);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *rows = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_before;

  ui_test_activate (window, "lab.server-listen");
  ui_test_activate (window, "lab.client-connect");
  g_assert_true (seqack_lab_run_until_quiet (lab, 5 * G_USEC_PER_SEC));
  seqack_window_show_all (self);
  ui_test_iterate ();
  g_assert_cmpstr (seqack_endpoint_panel_get_title (client), ==, "Client");

  ui_test_activate (window, "lab.add-client");
  g_assert_true (seqack_lab_has_host (lab, SEQACK_HOST_CLIENT_2));
  seqack_window_show_all (self);
  ui_test_iterate ();
  g_assert_cmpstr (seqack_endpoint_panel_get_title (client), ==,
                   "client-2");
  ui_test_activate (window, "lab.client-connect");
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_HOST_CLIENT_2), ==,
                   SEQACK_TCP_SYN_SENT);
  g_assert_true (seqack_lab_run_until_quiet (lab, 5 * G_USEC_PER_SEC));
  seqack_window_show_all (self);
  ui_test_iterate ();
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_HOST_CLIENT_2), ==,
                   SEQACK_TCP_ESTABLISHED);

  gtk_menu_button_popup (sockets_button (client));
  ui_test_iterate ();
  rows = seqack_socket_table_dump (table);
  lines = g_strsplit (rows, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  g_assert_true (g_str_has_prefix (lines[0], "ESTABLISHED\t0\t0\t"
                                             "192.0.2.1:"));
  g_assert_true (g_str_has_prefix (lines[1], "ESTABLISHED\t0\t0\t"
                                             "192.0.2.3:"));
  /* client-2's connection takes the calls. */
  g_assert_cmpuint (seqack_socket_table_get_selected_row (table), ==, 1);

  /* The first client's row: a "client select 1". */
  n_before = select_row (table, trace, 0);
  g_assert_cmpuint (seqack_trace_get_event_host (trace, n_before), ==,
                    SEQACK_CLIENT);
  g_assert_cmpstr (seqack_endpoint_panel_get_title (client), ==, "Client");
  gtk_menu_button_popdown (sockets_button (client));

  /* Stop Flood waits for a flood: nothing happens before one. */
  gtk_widget_activate_action (window, "lab.flood-stop", NULL);
  ui_test_iterate ();
  g_assert_false (seqack_lab_has_host (lab, SEQACK_HOST_FLOOD));
  ui_test_activate (window, "lab.flood-start");
  g_assert_cmpuint (seqack_lab_get_flood_rate (lab), ==, 10);
  g_assert_true (seqack_lab_has_host (lab, SEQACK_HOST_FLOOD));
  ui_test_activate (window, "lab.flood-stop");
  g_assert_cmpuint (seqack_lab_get_flood_rate (lab), ==, 0);

  ui_test_destroy_window (window);
}

/* Under a SYN flood each row of the server's table has its own
 * connection's queues (Send-Q: SND.NXT − SND.UNA, Recv-Q: bytes not
 * read), not those of whichever connection changed last: at every point
 * of the diagram, and at the end as each TCB holds them. */
static void
test_flood_rows_own_vars (void)
{
  GtkWidget *window = ui_test_new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackSocketTable *table =
    seqack_endpoint_panel_get_socket_table (panel_of (window,
                                                      SEQACK_SERVER));
  g_autoptr(GError) error = NULL;
  SeqackTrace *trace;
  SeqackLab *lab;
  guint n_rows = 0, n_other = 0, n;

  g_assert_true (seqack_window_run_scenario (self, "syn-flood", &error));
  g_assert_no_error (error);
  seqack_window_show_all (self);
  ui_test_iterate ();
  /* The scenario runs on a lab of its own. */
  lab = seqack_window_get_lab (self);
  trace = seqack_lab_get_trace (lab);
  n = seqack_trace_get_n_events (trace);

  for (guint shown = 1; shown <= n; shown++)
    {
      g_autoptr(GArray) rows = seqack_trace_list_sockets (trace, shown,
                                                          SEQACK_SERVER);
      g_autofree char *dump = NULL;
      g_auto(GStrv) lines = NULL;

      seqack_socket_table_update (table, trace, shown, SEQACK_SERVER);
      dump = seqack_socket_table_dump (table);
      lines = g_strsplit (dump, "\n", -1);
      /* One line each, and the empty string after the last. */
      g_assert_cmpuint (g_strv_length (lines), ==,
                        rows->len > 0 ? rows->len + 1 : 0);
      for (guint r = 0; r < rows->len; r++)
        {
          const SeqackSocketRow *row = &g_array_index (rows, SeqackSocketRow,
                                                       r);
          SeqackTcpVars own, side;
          g_autofree char *queues = NULL;

          if (seqack_socket_key_is_listener (&row->key))
            continue;
          g_assert_true (seqack_trace_get_socket_vars (trace, shown - 1,
                                                       row->host, &row->key,
                                                       &own));
          queues = g_strdup_printf ("%s\t%u\t%u\t",
                                    seqack_tcp_state_name (row->state),
                                    own.rcv_queued,
                                    own.snd_nxt - own.snd_una);
          g_assert_true (g_str_has_prefix (lines[r], queues));
          n_rows++;
          seqack_trace_get_host_vars (trace, shown - 1, row->host, &side);
          n_other += side.snd_nxt - side.snd_una !=
                     own.snd_nxt - own.snd_una ||
                     side.rcv_queued != own.rcv_queued;
        }
    }
  g_assert_cmpuint (n_rows, >, 100);
  /* Rows where the side's variables (another connection's) would have
   * shown other numbers. */
  g_assert_cmpuint (n_other, >, 0);

  /* At the end, each row is its TCB. */
  {
    g_autoptr(GArray) rows = seqack_trace_list_sockets (trace, n,
                                                        SEQACK_SERVER);
    guint n_tcb = 0;

    for (guint r = 0; r < rows->len; r++)
      {
        const SeqackSocketRow *row = &g_array_index (rows, SeqackSocketRow,
                                                     r);
        SeqackTcpVars tcb;

        if (!seqack_lab_get_socket_vars (lab, row->host, &row->key, &tcb))
          continue;
        g_assert_cmpuint (row->send_q, ==, tcb.snd_nxt - tcb.snd_una);
        g_assert_cmpuint (row->recv_q, ==, tcb.rcv_queued);
        n_tcb++;
      }
    g_assert_cmpuint (n_tcb, >, 1);
  }

  ui_test_destroy_window (window);
}

/* The server's variables are those of the connection its buttons act
 * on (the row selected), even when another connection changes later:
 * the client's newest connection sends, the server's selected first one
 * still reads RCV.NXT 1. */
static void
test_panel_calls_vars (void)
{
  GtkWidget *window = ui_test_new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackEndpointPanel *server = panel_of (window, SEQACK_SERVER);
  SeqackSocketTable *table = seqack_endpoint_panel_get_socket_table (server);
  SeqackLab *lab = seqack_window_get_lab (self);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  SeqackSocketKey calls;
  SeqackTcpVars own, side;
  guint n;

  ui_test_activate (window, "lab.server-listen");
  ui_test_activate (window, "lab.client-connect");
  g_assert_true (seqack_lab_run_until_quiet (lab, 5 * G_USEC_PER_SEC));
  ui_test_activate (window, "lab.client-connect-new-port");
  g_assert_true (seqack_lab_run_until_quiet (lab, 5 * G_USEC_PER_SEC));
  seqack_window_show_all (self);
  ui_test_iterate ();
  gtk_menu_button_popup (sockets_button (server));
  ui_test_iterate ();
  select_row (table, trace, 1);
  gtk_menu_button_popdown (sockets_button (server));

  /* The client's calls are on its second connection. */
  g_assert_true (seqack_lab_send (lab, SEQACK_CLIENT, "abcdef", NULL));
  g_assert_true (seqack_lab_run_until_quiet (lab, 5 * G_USEC_PER_SEC));
  seqack_window_show_all (self);
  ui_test_iterate ();

  n = seqack_trace_get_n_events (trace);
  g_assert_true (seqack_trace_get_calls_socket (trace, n, SEQACK_SERVER,
                                                &calls));
  g_assert_true (seqack_trace_get_socket_vars (trace, n - 1, SEQACK_SERVER,
                                               &calls, &own));
  g_assert_true (seqack_trace_get_vars (trace, n - 1, SEQACK_SERVER, &side));
  /* The side's last are the second connection's, six bytes on. */
  g_assert_cmpuint (own.rcv_nxt - own.irs, ==, 1);
  g_assert_cmpuint (side.rcv_nxt - side.irs, ==, 7);
  g_assert_nonnull (strstr (seqack_endpoint_panel_get_vars_text (server),
                            "RCV.NXT 1\n"));

  ui_test_destroy_window (window);
}

int
main (int argc, char **argv)
{
  ui_test_init (&argc, &argv);
  g_test_add_func ("/ui/sockets/tables-follow-diagram",
                   test_tables_follow_diagram);
  g_test_add_func ("/ui/sockets/connect-new-port", test_connect_new_port);
  g_test_add_func ("/ui/sockets/select-row", test_select_row);
  g_test_add_func ("/ui/sockets/listener-controls", test_listener_controls);
  g_test_add_func ("/ui/sockets/more-clients", test_more_clients);
  g_test_add_func ("/ui/sockets/flood-rows-own-vars",
                   test_flood_rows_own_vars);
  g_test_add_func ("/ui/sockets/panel-calls-vars", test_panel_calls_vars);
  return g_test_run ();
}
