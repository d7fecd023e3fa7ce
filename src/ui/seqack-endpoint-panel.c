/* seqack-endpoint-panel.c: one endpoint's column beside the diagram.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "seqack-endpoint-panel-private.h"
#include "seqack-flow-view.h"
#include "seqack-palette.h"
#include "seqack-socket-table.h"
#include "seqack-state-view.h"
#include "seqack-trace-format.h"

struct _SeqackEndpointPanel
{
  GtkWidget        parent_instance;

  GtkLabel        *title_label;
  GtkLabel        *address_label;
  GtkLabel        *state_label;
  GtkLabel        *countdown_label;
  GtkButton       *listen_button;
  GtkButton       *connect_button;
  GtkButton       *close_button;
  GtkButton       *abort_button;
  GtkMenuButton   *sockets_button;
  GtkPopover      *sockets_popover;
  SeqackSocketTable *socket_table;
  GtkMenuButton   *more_button;
  GtkButton       *quit_button;
  GtkButton       *connect_new_port_button;
  GtkWidget       *listener_grid;
  GtkWidget       *hosts_grid;
  GtkSpinButton   *flood_spin;
  GtkSpinButton   *backlog_spin;
  GtkSpinButton   *bytes_spin;
  GtkButton       *send_bytes_button;
  GtkSpinButton   *read_spin;
  GtkButton       *read_button;
  GtkButton       *pause_reading_button;
  GtkButton       *resume_reading_button;
  GtkWidget       *buttons_grid;
  GtkWidget       *send_box;
  GtkEntry        *send_entry;
  GtkButton       *send_button;
  GtkToggleButton *drop_button;
  GtkWidget       *details_box;
  SeqackStateView *state_view;
  SeqackFlowView  *flow_view;
  GtkLabel        *vars_label;

  SeqackSide       side;
  SeqackTrace     *sockets_trace;   /* borrowed, as set_sockets() says */
  guint            sockets_shown;
  gboolean         vars_concealed;
  gboolean         details_visible;
  gboolean         flow_visible;
  SeqackTcpState   state;
};

G_DEFINE_FINAL_TYPE (SeqackEndpointPanel, seqack_endpoint_panel,
                     GTK_TYPE_WIDGET)

static const char *state_classes[SEQACK_N_STATE_GROUPS] = {
  "state-closed", "state-opening", "state-open", "state-closing",
  "state-time-wait",
};

static void
on_send_activate (SeqackEndpointPanel *self)
{
  gtk_widget_activate (GTK_WIDGET (self->send_button));
}

static void
seqack_endpoint_panel_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object),
                               SEQACK_TYPE_ENDPOINT_PANEL);
  /* Unnamed template children too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (seqack_endpoint_panel_parent_class)->dispose (object);
}

static void
seqack_endpoint_panel_class_init (SeqackEndpointPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seqack_endpoint_panel_dispose;

  g_type_ensure (SEQACK_TYPE_STATE_VIEW);
  g_type_ensure (SEQACK_TYPE_FLOW_VIEW);
  g_type_ensure (SEQACK_TYPE_SOCKET_TABLE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH
                                               "/seqack-endpoint-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        title_label);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        address_label);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        state_label);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        countdown_label);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        listen_button);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        connect_button);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        close_button);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        abort_button);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        sockets_button);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        sockets_popover);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        socket_table);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        more_button);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        quit_button);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        connect_new_port_button);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        listener_grid);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        hosts_grid);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        flood_spin);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        backlog_spin);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        buttons_grid);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        send_box);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        send_entry);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        send_button);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        drop_button);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        details_box);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        state_view);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        vars_label);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        flow_view);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        bytes_spin);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        send_bytes_button);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        read_spin);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        read_button);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        pause_reading_button);
  gtk_widget_class_bind_template_child (widget_class, SeqackEndpointPanel,
                                        resume_reading_button);

  gtk_widget_class_set_css_name (widget_class, "endpointpanel");
  gtk_widget_class_set_accessible_role (widget_class,
                                        GTK_ACCESSIBLE_ROLE_GROUP);
}

/* The table is read when it is shown, and follows the trace while it
 * is. */
static void
update_sockets (SeqackEndpointPanel *self)
{
  if (self->sockets_trace != NULL)
    seqack_socket_table_update (self->socket_table, self->sockets_trace,
                                self->sockets_shown, self->side);
}

static void
seqack_endpoint_panel_init (SeqackEndpointPanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_swapped (self->sockets_popover, "show",
                            G_CALLBACK (update_sockets), self);
  g_signal_connect_swapped (self->send_entry, "activate",
                            G_CALLBACK (on_send_activate), self);
  self->state = SEQACK_TCP_N_STATES;
  self->details_visible = TRUE;
  seqack_endpoint_panel_set_side (self, SEQACK_CLIENT);
  seqack_endpoint_panel_set_state (self, SEQACK_TCP_CLOSED,
                                   SEQACK_TCP_EDGE_NONE,
                                   SEQACK_TCP_N_STATES);
  seqack_endpoint_panel_set_vars (self, NULL, FALSE, 0, 0);
}

static void
set_button (GtkButton  *button,
            const char *action,
            const char *tooltip)
{
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_tooltip_text (GTK_WIDGET (button), tooltip);
}

void
seqack_endpoint_panel_set_side (SeqackEndpointPanel *self,
                                SeqackSide           side)
{
  g_return_if_fail (SEQACK_IS_ENDPOINT_PANEL (self));

  self->side = side;
  seqack_flow_view_set_side (self->flow_view, side);

  /* First steps: the server listens, then the client connects. Only
   * those two are blue; the server's Connect is a simultaneous open. */
  if (side == SEQACK_CLIENT)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->connect_button),
                                "suggested-action");
      gtk_widget_remove_css_class (GTK_WIDGET (self->listen_button),
                                   "suggested-action");
    }
  else
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->listen_button),
                                "suggested-action");
      gtk_widget_remove_css_class (GTK_WIDGET (self->connect_button),
                                   "suggested-action");
    }
  gtk_widget_set_visible (GTK_WIDGET (self->connect_new_port_button),
                          side == SEQACK_CLIENT);
  gtk_widget_set_visible (self->listener_grid, side == SEQACK_SERVER);
  gtk_widget_set_visible (self->hosts_grid, side == SEQACK_CLIENT);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->drop_button), "s",
                                    seqack_side_name (side));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->drop_button),
                                  "lab.drop-next");

  if (side == SEQACK_CLIENT)
    {
      gtk_label_set_label (self->title_label, _("Client"));
      seqack_state_view_set_title (self->state_view, _("Client"));
      seqack_state_view_set_title_at_end (self->state_view, FALSE);
      set_button (self->listen_button, "lab.client-listen",
                  _("Client: wait for a connection (passive open) · "
                    "Shift+Ctrl+L"));
      set_button (self->connect_button, "lab.client-connect",
                  _("Client: open a connection, sends SYN (active open) · "
                    "Ctrl+K"));
      set_button (self->send_button, "lab.client-send",
                  _("Client: send the text · Ctrl+Return"));
      set_button (self->close_button, "lab.client-close",
                  _("Client: close its side, sends FIN · Ctrl+E"));
      set_button (self->abort_button, "lab.client-abort",
                  _("Client: abort the connection, sends RST · Ctrl+B"));
      set_button (self->quit_button, "lab.client-quit",
                  _("Client: the application closes the socket and exits: "
                    "FIN (RST if data is unread), then nobody reads · "
                    "Ctrl+Alt+E"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->more_button),
                                   _("More for the client: bulk data, "
                                     "reading, Quit App"));
      set_button (self->send_bytes_button, "lab.client-send-bytes",
                  _("Client: queue this many bytes of generated data, sent "
                    "as the window allows · Ctrl+G"));
      set_button (self->read_button, "lab.client-read",
                  _("Client: the application reads this many bytes once · "
                    "Ctrl+Alt+Y"));
      set_button (self->pause_reading_button, "lab.client-pause-reading",
                  _("Client: the application stops reading; the buffer "
                    "fills and the window closes · Ctrl+U"));
      set_button (self->resume_reading_button, "lab.client-resume-reading",
                  _("Client: the application reads everything as it "
                    "arrives · Ctrl+Alt+U"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->drop_button),
                                   _("Lose the next segment the client "
                                     "sends; stays pressed until then · "
                                     "Ctrl+D"));
      gtk_editable_set_text (GTK_EDITABLE (self->send_entry), "hello");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->send_entry),
                                   _("Text the client sends"));
    }
  else
    {
      gtk_label_set_label (self->title_label, _("Server"));
      seqack_state_view_set_title (self->state_view, _("Server"));
      seqack_state_view_set_title_at_end (self->state_view, TRUE);
      set_button (self->listen_button, "lab.server-listen",
                  _("Server: wait for a connection (passive open) · "
                    "Ctrl+L"));
      set_button (self->connect_button, "lab.server-connect",
                  _("Server: open a connection too, sends SYN "
                    "(simultaneous open) · Shift+Ctrl+K"));
      set_button (self->send_button, "lab.server-send",
                  _("Server: send the text · Shift+Ctrl+Return"));
      set_button (self->close_button, "lab.server-close",
                  _("Server: close its side, sends FIN · Shift+Ctrl+E"));
      set_button (self->abort_button, "lab.server-abort",
                  _("Server: abort the connection, sends RST · "
                    "Shift+Ctrl+B"));
      set_button (self->quit_button, "lab.server-quit",
                  _("Server: the application closes the socket and exits: "
                    "FIN (RST if data is unread), then nobody reads · "
                    "Shift+Ctrl+Alt+E"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->more_button),
                                   _("More for the server: bulk data, "
                                     "reading, its listener's queues, SYN "
                                     "cookies, Quit App"));
      set_button (self->send_bytes_button, "lab.server-send-bytes",
                  _("Server: queue this many bytes of generated data, sent "
                    "as the window allows · Shift+Ctrl+G"));
      set_button (self->read_button, "lab.server-read",
                  _("Server: the application reads this many bytes once · "
                    "Shift+Ctrl+Alt+Y"));
      set_button (self->pause_reading_button, "lab.server-pause-reading",
                  _("Server: the application stops reading; the buffer "
                    "fills and the window closes · Shift+Ctrl+U"));
      set_button (self->resume_reading_button, "lab.server-resume-reading",
                  _("Server: the application reads everything as it "
                    "arrives · Shift+Ctrl+Alt+U"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->drop_button),
                                   _("Lose the next segment the server "
                                     "sends; stays pressed until then · "
                                     "Shift+Ctrl+D"));
      gtk_editable_set_text (GTK_EDITABLE (self->send_entry), "bye");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->send_entry),
                                   _("Text the server sends"));
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  side == SEQACK_CLIENT ? _("Client")
                                                        : _("Server"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->drop_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  side == SEQACK_CLIENT
                                    ? _("Drop the next segment from client "
                                        "to server")
                                    : _("Drop the next segment from server "
                                        "to client"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->send_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  side == SEQACK_CLIENT
                                    ? _("Text the client sends")
                                    : _("Text the server sends"),
                                  -1);

  /* Re-label the state for the new side. */
  if (self->state < SEQACK_TCP_N_STATES)
    {
      SeqackTcpState state = self->state;

      self->state = SEQACK_TCP_N_STATES;
      seqack_endpoint_panel_set_state (self, state, SEQACK_TCP_EDGE_NONE,
                                       SEQACK_TCP_N_STATES);
    }
}

SeqackSide
seqack_endpoint_panel_get_side (SeqackEndpointPanel *self)
{
  g_return_val_if_fail (SEQACK_IS_ENDPOINT_PANEL (self), SEQACK_CLIENT);

  return self->side;
}

void
seqack_endpoint_panel_set_address (SeqackEndpointPanel *self,
                                   const char          *address)
{
  g_return_if_fail (SEQACK_IS_ENDPOINT_PANEL (self));

  gtk_label_set_label (self->address_label, address);
}

void
seqack_endpoint_panel_set_state (SeqackEndpointPanel *self,
                                 SeqackTcpState       state,
                                 SeqackTcpEdge        edge,
                                 SeqackTcpState       edge_from)
{
  g_autofree char *text = NULL;

  g_return_if_fail (SEQACK_IS_ENDPOINT_PANEL (self));
  g_return_if_fail (state < SEQACK_TCP_N_STATES);

  seqack_state_view_set_state (self->state_view, state, edge, edge_from);
  if (state == self->state)
    return;

  if (self->state < SEQACK_TCP_N_STATES)
    {
      SeqackStateGroup old = seqack_state_group (self->state);

      gtk_widget_remove_css_class (GTK_WIDGET (self->state_label),
                                   state_classes[old]);
    }
  self->state = state;
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label),
                            state_classes[seqack_state_group (state)]);

  /* State names are never translated (textbooks write them in English). */
  if (self->side == SEQACK_CLIENT)
    text = g_strdup_printf (_("Client state: %s"),
                            seqack_tcp_state_name (state));
  else
    text = g_strdup_printf (_("Server state: %s"),
                            seqack_tcp_state_name (state));
  gtk_label_set_label (self->state_label, text);
}

/* RFC 6298's three: SRTT and RTTVAR ("—" before the first round trip is
 * measured) and the RTO in force, backed off included. A capture knows no
 * timer (rto 0): nothing then. */
static void
append_rto (SeqackEndpointPanel *self,
            GString             *out,
            const SeqackTcpVars *vars)
{
  g_autofree char *srtt = NULL, *rttvar = NULL, *rto = NULL;
  g_autofree char *rule = NULL, *tip = NULL;

  gtk_widget_set_tooltip_text (GTK_WIDGET (self->vars_label), NULL);
  if (vars->rto == 0)
    return;
  rule = seqack_trace_format_rto_rule (vars);
  tip = g_strdup_printf (_("SRTT: the smoothed round-trip time; RTTVAR: how "
                           "much it varies; RTO: how long the "
                           "retransmission timer waits (RFC 6298). Now: "
                           "%s"), rule);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->vars_label), tip);
  if (vars->srtt == SEQACK_TCP_NO_RTT)
    {
      srtt = g_strdup ("—");
      rttvar = g_strdup ("—");
    }
  else
    {
      g_autofree char *a = seqack_trace_format_short_seconds (vars->srtt);
      g_autofree char *b = seqack_trace_format_short_seconds (vars->rttvar);

      /* TRANSLATORS: a time in seconds in the variables, "1.2 s" */
      srtt = g_strdup_printf (_("%s s"), a);
      rttvar = g_strdup_printf (_("%s s"), b);
    }
  {
    g_autofree char *c = seqack_trace_format_short_seconds (vars->rto);

    rto = g_strdup_printf (_("%s s"), c);
  }
  g_string_append_printf (out, "\nSRTT    %s\nRTTVAR  %s\nRTO     %s", srtt,
                          rttvar, rto);
}

void
seqack_endpoint_panel_set_vars (SeqackEndpointPanel *self,
                                const SeqackTcpVars *vars,
                                gboolean             absolute,
                                guint32              own_base,
                                guint32              peer_base)
{
  g_autoptr(GString) out = NULL;

  g_return_if_fail (SEQACK_IS_ENDPOINT_PANEL (self));

  if (vars == NULL)
    {
      gtk_label_set_label (self->vars_label,
                           _("No connection: no sequence numbers"));
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->vars_label), NULL);
      return;
    }

  if (absolute)
    own_base = peer_base = 0;

  /* Send variables, then receive variables (RFC 9293 §3.3.1), one per
   * line: the column is narrow and a wrapped table misaligns. While a
   * lesson asks for a Seq or Ack, the numbers that give it are "?". */
  out = g_string_new (NULL);
  if (self->vars_concealed)
    {
      g_string_append (out, "ISS     ?\nSND.UNA ?\nSND.NXT ?\n");
      g_string_append_printf (out, "SND.WND %u\n", vars->snd_wnd);
      g_string_append (out, "IRS     ?\nRCV.NXT ?\n");
      g_string_append_printf (out, "RCV.WND %u", vars->rcv_wnd);
      /* No timers either: "RTO 1 s" would read as the "1" asked for. */
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->vars_label), NULL);
      gtk_label_set_label (self->vars_label, out->str);
      return;
    }

  g_string_append_printf (out, "ISS     %u\n", vars->iss - own_base);
  g_string_append_printf (out, "SND.UNA %u\n", vars->snd_una - own_base);
  g_string_append_printf (out, "SND.NXT %u\n", vars->snd_nxt - own_base);
  /* Before the peer's SYN (SYN-SENT) there is no IRS, hence no RCV.NXT,
   * and no window from the peer yet. */
  if (seqack_trace_state_knows_peer (self->state))
    {
      g_string_append_printf (out, "SND.WND %u\n", vars->snd_wnd);
      g_string_append_printf (out, "IRS     %u\n", vars->irs - peer_base);
      g_string_append_printf (out, "RCV.NXT %u\n",
                              vars->rcv_nxt - peer_base);
    }
  else
    g_string_append (out, "SND.WND —\nIRS     —\nRCV.NXT —\n");
  g_string_append_printf (out, "RCV.WND %u", vars->rcv_wnd);
  append_rto (self, out, vars);
  gtk_label_set_label (self->vars_label, out->str);
}

void
seqack_endpoint_panel_set_vars_concealed (SeqackEndpointPanel *self,
                                          gboolean             concealed)
{
  g_return_if_fail (SEQACK_IS_ENDPOINT_PANEL (self));

  self->vars_concealed = !!concealed;
}

const char *
seqack_endpoint_panel_get_vars_text (SeqackEndpointPanel *self)
{
  g_return_val_if_fail (SEQACK_IS_ENDPOINT_PANEL (self), NULL);

  return gtk_label_get_label (self->vars_label);
}

void
seqack_endpoint_panel_set_countdown (SeqackEndpointPanel *self,
                                     const char          *text)
{
  g_return_if_fail (SEQACK_IS_ENDPOINT_PANEL (self));

  gtk_widget_set_visible (GTK_WIDGET (self->countdown_label), text != NULL);
  if (text != NULL)
    gtk_label_set_label (self->countdown_label, text);
}

void
seqack_endpoint_panel_set_details_visible (SeqackEndpointPanel *self,
                                           gboolean             visible)
{
  g_return_if_fail (SEQACK_IS_ENDPOINT_PANEL (self));

  self->details_visible = !!visible;
  gtk_widget_set_visible (self->details_box, visible && !self->flow_visible);
  gtk_widget_set_visible (GTK_WIDGET (self->flow_view),
                          visible && self->flow_visible);
}

void
seqack_endpoint_panel_set_flow_visible (SeqackEndpointPanel *self,
                                        gboolean             visible)
{
  g_return_if_fail (SEQACK_IS_ENDPOINT_PANEL (self));

  self->flow_visible = !!visible;
  seqack_endpoint_panel_set_details_visible (self, self->details_visible);
}

gboolean
seqack_endpoint_panel_get_flow_visible (SeqackEndpointPanel *self)
{
  g_return_val_if_fail (SEQACK_IS_ENDPOINT_PANEL (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->flow_view));
}

void
seqack_endpoint_panel_set_flow (SeqackEndpointPanel *self,
                                SeqackTrace         *trace,
                                guint                n_shown,
                                gint64               now)
{
  g_return_if_fail (SEQACK_IS_ENDPOINT_PANEL (self));

  seqack_flow_view_set_shown (self->flow_view, trace, n_shown, now);
}

void
seqack_endpoint_panel_set_sockets (SeqackEndpointPanel *self,
                                   SeqackTrace         *trace,
                                   guint                n_shown)
{
  g_return_if_fail (SEQACK_IS_ENDPOINT_PANEL (self));

  /* A capture knows packets, not its hosts' sockets. */
  if (trace == NULL || !seqack_trace_has_sockets (trace))
    trace = NULL;
  self->sockets_trace = trace;
  self->sockets_shown = n_shown;
  gtk_widget_set_visible (GTK_WIDGET (self->sockets_button), trace != NULL);
  if (trace == NULL)
    gtk_popover_popdown (self->sockets_popover);
  else if (gtk_widget_get_visible (GTK_WIDGET (self->sockets_popover)))
    update_sockets (self);
}

void
seqack_endpoint_panel_refresh_sockets (SeqackEndpointPanel *self)
{
  g_return_if_fail (SEQACK_IS_ENDPOINT_PANEL (self));

  update_sockets (self);
}

SeqackSocketTable *
seqack_endpoint_panel_get_socket_table (SeqackEndpointPanel *self)
{
  g_return_val_if_fail (SEQACK_IS_ENDPOINT_PANEL (self), NULL);

  return self->socket_table;
}

guint
seqack_endpoint_panel_get_flood_rate (SeqackEndpointPanel *self)
{
  g_return_val_if_fail (SEQACK_IS_ENDPOINT_PANEL (self), 0);

  gtk_spin_button_update (self->flood_spin);
  return (guint) gtk_spin_button_get_value_as_int (self->flood_spin);
}

guint
seqack_endpoint_panel_get_backlog (SeqackEndpointPanel *self)
{
  g_return_val_if_fail (SEQACK_IS_ENDPOINT_PANEL (self), 0);

  gtk_spin_button_update (self->backlog_spin);
  return (guint) gtk_spin_button_get_value_as_int (self->backlog_spin);
}

guint
seqack_endpoint_panel_get_send_bytes (SeqackEndpointPanel *self)
{
  g_return_val_if_fail (SEQACK_IS_ENDPOINT_PANEL (self), 0);

  gtk_spin_button_update (self->bytes_spin);
  return (guint) gtk_spin_button_get_value_as_int (self->bytes_spin);
}

void
seqack_endpoint_panel_set_send_bytes (SeqackEndpointPanel *self,
                                      guint                bytes)
{
  g_return_if_fail (SEQACK_IS_ENDPOINT_PANEL (self));

  gtk_spin_button_set_value (self->bytes_spin, bytes);
}

guint
seqack_endpoint_panel_get_read_bytes (SeqackEndpointPanel *self)
{
  g_return_val_if_fail (SEQACK_IS_ENDPOINT_PANEL (self), 0);

  gtk_spin_button_update (self->read_spin);
  return (guint) gtk_spin_button_get_value_as_int (self->read_spin);
}

SeqackFlowView *
seqack_endpoint_panel_get_flow_view (SeqackEndpointPanel *self)
{
  g_return_val_if_fail (SEQACK_IS_ENDPOINT_PANEL (self), NULL);

  return self->flow_view;
}

void
seqack_endpoint_panel_set_controls_visible (SeqackEndpointPanel *self,
                                            gboolean             visible)
{
  g_return_if_fail (SEQACK_IS_ENDPOINT_PANEL (self));

  gtk_widget_set_visible (self->buttons_grid, visible);
  gtk_widget_set_visible (GTK_WIDGET (self->more_button), visible);
  gtk_widget_set_visible (self->send_box, visible);
  gtk_widget_set_visible (GTK_WIDGET (self->drop_button), visible);
}

void
seqack_endpoint_panel_set_drop_armed (SeqackEndpointPanel *self,
                                      gboolean             armed)
{
  g_return_if_fail (SEQACK_IS_ENDPOINT_PANEL (self));

  gtk_toggle_button_set_active (self->drop_button, armed);
  gtk_button_set_label (GTK_BUTTON (self->drop_button),
                        armed ? _("Drop Next: Armed") : _("Drop Next"));
  if (armed)
    gtk_widget_add_css_class (GTK_WIDGET (self->drop_button), "armed");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->drop_button), "armed");
}

gboolean
seqack_endpoint_panel_get_drop_armed (SeqackEndpointPanel *self)
{
  g_return_val_if_fail (SEQACK_IS_ENDPOINT_PANEL (self), FALSE);

  return gtk_toggle_button_get_active (self->drop_button);
}

const char *
seqack_endpoint_panel_get_send_text (SeqackEndpointPanel *self)
{
  g_return_val_if_fail (SEQACK_IS_ENDPOINT_PANEL (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->send_entry));
}

const char *
seqack_endpoint_panel_get_state_text (SeqackEndpointPanel *self)
{
  g_return_val_if_fail (SEQACK_IS_ENDPOINT_PANEL (self), NULL);

  return gtk_label_get_label (self->state_label);
}

void
seqack_endpoint_panel_set_host (SeqackEndpointPanel *self,
                                const char          *host)
{
  g_return_if_fail (SEQACK_IS_ENDPOINT_PANEL (self));

  if (host == NULL)
    host = self->side == SEQACK_CLIENT ? _("Client") : _("Server");
  if (g_strcmp0 (gtk_label_get_label (self->title_label), host) != 0)
    gtk_label_set_label (self->title_label, host);
}

const char *
seqack_endpoint_panel_get_title (SeqackEndpointPanel *self)
{
  g_return_val_if_fail (SEQACK_IS_ENDPOINT_PANEL (self), NULL);

  return gtk_label_get_label (self->title_label);
}
