/* seqack-trace-view.c: a trace drawn the lab's way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "seqack-packet-list.h"
#include "seqack-sequence-render.h"
#include "seqack-state-render.h"
#include "seqack-state-view.h"
#include "seqack-trace-format.h"
#include "seqack-trace-sockets.h"
#include "seqack-trace-view-private.h"


enum {
  PROP_0,
  PROP_SELECTED,
  PROP_INSPECTOR_HEIGHT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SeqackTraceView, seqack_trace_view, GTK_TYPE_WIDGET)

static SeqackEndpointPanel *
panel_of (SeqackTraceView *self,
          SeqackSide       side)
{
  return side == SEQACK_CLIENT ? self->client_panel : self->server_panel;
}

/* The variables of the socket @side's calls act on after @n_shown
 * events, on @host; a trace without sockets, @host's. */
static gboolean
calls_vars (SeqackTrace   *trace,
            guint          n_shown,
            SeqackSide     side,
            guint          host,
            SeqackTcpVars *vars)
{
  SeqackSocketKey key;

  if (seqack_trace_get_calls_socket (trace, n_shown, side, &key) &&
      !seqack_socket_key_is_listener (&key))
    return seqack_trace_get_socket_vars (trace, n_shown - 1, host, &key,
                                         vars);
  return seqack_trace_get_host_vars (trace, n_shown - 1, host, vars);
}

/* One endpoint's column as of the last shown event. */
static void
update_panel (SeqackTraceView *self,
              SeqackSide       side)
{
  SeqackEndpointPanel *panel = panel_of (self, side);
  SeqackTrace *trace = seqack_sequence_layout_get_trace (self->layout);
  SeqackTcpState state = SEQACK_TCP_CLOSED;
  SeqackTcpEdge edge = SEQACK_TCP_EDGE_NONE;
  SeqackTcpState edge_from = SEQACK_TCP_N_STATES;
  SeqackEndpoint endpoint;
  SeqackTcpVars vars;
  g_autofree char *countdown = NULL;
  /* The host the side's buttons act on (with several clients, the
   * client panel is that one's). */
  guint host = seqack_trace_get_calls_host (trace, self->n_shown, side);
  guint event;
  char buf[64];

  event = seqack_sequence_layout_last_state_event (self->layout, side,
                                                   self->n_shown);
  if (event != SEQACK_NO_EVENT)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, event);

      state = ev->to;
      edge = ev->edge;
      edge_from = ev->from;
    }
  /* With several clients, the client panel is the host its buttons act
   * on: its own state, not another client's. */
  if (side == SEQACK_CLIENT && self->n_shown > 0 &&
      seqack_trace_has_more_hosts (trace) &&
      (event == SEQACK_NO_EVENT ||
       seqack_trace_get_event_host (trace, event) != host))
    {
      state = seqack_trace_get_host_state (trace, self->n_shown - 1, host);
      edge = SEQACK_TCP_EDGE_NONE;
      edge_from = SEQACK_TCP_N_STATES;
    }
  seqack_endpoint_panel_set_state (panel, state, edge, edge_from);
  seqack_state_view_set_state (side == SEQACK_CLIENT ? self->client_machine
                                                     : self->server_machine,
                               state, edge, edge_from);

  seqack_trace_get_endpoint_at (trace, side, self->n_shown, &endpoint);
  {
    /* An added client's buttons: its name and address. */
    SeqackSocketKey key;

    seqack_endpoint_panel_set_host (panel, host > SEQACK_SERVER
                                           ? seqack_host_label (host)
                                           : NULL);
    if (host > SEQACK_SERVER)
      {
        seqack_trace_get_host_endpoint (trace, host, &endpoint);
        if (seqack_trace_get_calls_socket (trace, self->n_shown, side, &key))
          endpoint.port = key.local_port;
      }
  }
  seqack_endpoint_panel_set_address (panel,
                                     seqack_endpoint_to_string (&endpoint,
                                                                buf));

  /* CLOSED and LISTEN have no connection whose variables mean anything.
   * With several connections, those of the one the buttons act on (the
   * socket table's selected row), not of whichever changed last. */
  if (self->n_shown > 0 &&
      calls_vars (trace, self->n_shown, side, host, &vars) &&
      state != SEQACK_TCP_CLOSED && state != SEQACK_TCP_LISTEN)
    {
      guint32 own, peer;

      seqack_trace_get_var_bases (trace, self->n_shown - 1, side, &vars,
                                  &own, &peer);
      seqack_endpoint_panel_set_vars_concealed (panel, self->vars_concealed);
      seqack_endpoint_panel_set_vars (panel, &vars, self->absolute, own,
                                      peer);
    }
  else
    seqack_endpoint_panel_set_vars (panel, NULL, self->absolute, 0, 0);

  /* The diagram's countdown, word for word; a capture's peers' timers
   * are not known. */
  if (self->now != SEQACK_NOW_LAST_SHOWN)
    countdown = seqack_sequence_render_describe_time_wait (self->layout, side,
                                                           self->n_shown,
                                                           self->now);
  seqack_endpoint_panel_set_countdown (panel, countdown);
  seqack_endpoint_panel_set_flow (panel, trace, self->n_shown, self->now);
  seqack_endpoint_panel_set_sockets (panel, trace, self->n_shown);
}

/* The paned's divider where the inspector gets the height the user gave
 * it, but never more than half: the diagram comes first. */
static void
place_inspector (SeqackTraceView *self)
{
  int height = gtk_widget_get_height (self->paned);

  self->place_inspector = FALSE;
  self->placing_inspector = TRUE;
  gtk_paned_set_position (GTK_PANED (self->paned),
                          MAX (height - self->inspector_height, height / 2));
  self->placing_inspector = FALSE;
}

static void
on_paned_max_position (SeqackTraceView *self)
{
  if (self->place_inspector && gtk_widget_get_height (self->paned) > 0)
    place_inspector (self);
}

/* The user dragged the divider: that is the inspector's height from now
 * on (a new window height moves the divider, not the inspector). */
static void
on_paned_position (SeqackTraceView *self)
{
  int height = gtk_widget_get_height (self->paned);
  int inspector;

  if (!gtk_widget_get_visible (self->inspector_scroller) || height <= 0 ||
      self->placing_inspector || self->place_inspector)
    return;
  inspector = CLAMP (height - gtk_paned_get_position (GTK_PANED (self->paned)),
                     80, 2000);
  if (inspector == self->inspector_height)
    return;
  self->inspector_height = inspector;
  g_object_notify_by_pspec (G_OBJECT (self),
                            properties[PROP_INSPECTOR_HEIGHT]);
}

/* The inspector takes room from the diagram only while it has something
 * to show and the user wants it. */
static void
update_inspector_visible (SeqackTraceView *self)
{
  gboolean visible = self->inspector_wanted && !self->presentation &&
                     self->layout != NULL &&
                     seqack_sequence_view_get_selected (self->sequence_view)
                       != SEQACK_NO_EVENT;

  if (gtk_widget_get_visible (self->inspector_scroller) == visible)
    return;
  gtk_widget_set_visible (self->inspector_scroller, visible);
  self->place_inspector = visible;
  if (visible && gtk_widget_get_height (self->paned) > 0)
    place_inspector (self);
}

void
seqack_trace_view_set_inspector_visible (SeqackTraceView *self,
                                         gboolean         visible)
{
  g_return_if_fail (SEQACK_IS_TRACE_VIEW (self));

  self->inspector_wanted = visible;
  update_inspector_visible (self);
}

void
seqack_trace_view_set_column_widths (SeqackTraceView *self,
                                     int              narrow,
                                     int              wide)
{
  g_return_if_fail (SEQACK_IS_TRACE_VIEW (self));

  wide = MAX (wide, narrow);
  if (narrow == self->column_min && wide == self->column_max)
    return;
  self->column_min = narrow;
  self->column_max = wide;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* Presentation mode hides the side columns; the bars they held, when
 * shown, stand in a strip under the diagram instead. */
static void
update_presentation_flow (SeqackTraceView *self)
{
  GtkWidget *flow = GTK_WIDGET (self->presentation_flow);
  gboolean visible = self->presentation && self->flow_visible;

  if (gtk_widget_get_visible (flow) != visible)
    {
      gtk_widget_set_visible (flow, visible);
      gtk_widget_queue_resize (GTK_WIDGET (self));
    }
  if (visible && self->layout != NULL)
    seqack_flow_view_set_shown (self->presentation_flow,
                                seqack_sequence_layout_get_trace (self->layout),
                                self->n_shown, self->now);
}

void
seqack_trace_view_set_presentation (SeqackTraceView *self,
                                    gboolean         presentation,
                                    gboolean         details,
                                    double           scale)
{
  g_return_if_fail (SEQACK_IS_TRACE_VIEW (self));

  self->presentation = !!presentation;
  seqack_state_view_set_scale (self->client_machine, scale);
  seqack_state_view_set_scale (self->server_machine, scale);
  seqack_flow_view_set_zoom (self->presentation_flow, scale);
  gtk_widget_set_visible (self->machines_box, self->presentation && details);
  gtk_widget_set_visible (self->client_scroller, !self->presentation);
  gtk_widget_set_visible (self->server_scroller, !self->presentation);
  update_inspector_visible (self);
  update_presentation_flow (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static void
show_inspector (SeqackTraceView *self)
{
  seqack_inspector_show (self->inspector, self->layout,
                         self->layout != NULL
                         ? seqack_sequence_view_get_selected (self->sequence_view)
                         : SEQACK_NO_EVENT,
                         self->absolute, self->letters);
}

/* A screen reader hears which segment the diagram has selected, in the
 * packet list's words. */
static void
describe_selected (SeqackTraceView *self)
{
  SeqackPacketListModel *model =
    seqack_packet_list_get_model (self->packet_list);
  guint selected = seqack_sequence_view_get_selected (self->sequence_view);
  guint position = seqack_packet_list_model_find_event (model, selected);
  g_autoptr(SeqackPacketRow) row = NULL;
  g_autofree char *description = NULL;

  if (position != G_MAXUINT)
    row = g_list_model_get_item (G_LIST_MODEL (model), position);
  if (row == NULL)
    {
      gtk_accessible_reset_property (GTK_ACCESSIBLE (self->sequence_view),
                                     GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
      return;
    }
  /* TRANSLATORS: the diagram's description for screen readers: "Selected:
   * Segment 3, client to server, ACK, Seq 1, Ack 1, delivered" */
  description = g_strdup_printf (_("Selected: %s"),
                                 seqack_packet_row_get_label (row));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->sequence_view),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  description, -1);
}

static void
update (SeqackTraceView *self)
{
  guint selected = seqack_sequence_view_get_selected (self->sequence_view);

  if (self->layout == NULL)
    return;

  update_panel (self, SEQACK_CLIENT);
  update_panel (self, SEQACK_SERVER);
  /* Nothing selected: the inspector's hint follows the trace. */
  if (seqack_inspector_set_vars_concealed (self->inspector,
                                           self->vars_concealed) ||
      seqack_inspector_get_event (self->inspector) != selected ||
      selected == SEQACK_NO_EVENT)
    show_inspector (self);
  update_inspector_visible (self);
  update_presentation_flow (self);
  describe_selected (self);
}

/* The connection filter lists the trace's connections, and shows while
 * there is more than one. Connections only appear as the trace grows (a
 * trace cleared and laid out again starts over): the list is filled
 * again when their number changes, keeping what is chosen. */
static void
update_connections (SeqackTraceView *self)
{
  guint n = self->layout != NULL
              ? seqack_sequence_layout_get_n_connections (self->layout) : 0;
  SeqackSocketKey filter, key;
  gboolean filtered;
  guint selected = 0;

  if (n == self->n_listed)
    return;
  filtered = self->layout != NULL &&
             seqack_sequence_layout_get_connection_filter (self->layout,
                                                           &filter);
  self->listing = TRUE;
  gtk_string_list_splice (self->connections, 0,
                          g_list_model_get_n_items (
                            G_LIST_MODEL (self->connections)),
                          NULL);
  gtk_string_list_append (self->connections, _("All Connections"));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text =
        seqack_sequence_layout_format_connection (self->layout, i);

      gtk_string_list_append (self->connections, text);
      seqack_sequence_layout_get_connection (self->layout, i, &key);
      if (filtered && key.local_port == filter.local_port &&
          key.remote_port == filter.remote_port)
        selected = i + 1;
    }
  self->n_listed = n;
  gtk_drop_down_set_selected (self->connection_filter, selected);
  self->listing = FALSE;
  /* The connection shown alone is gone (the lab was reset): all. */
  if (filtered && selected == 0)
    seqack_sequence_view_set_connection (self->sequence_view, NULL);
  gtk_widget_set_visible (self->connection_bar, n > 1);
}

static void
on_connection_chosen (SeqackTraceView *self)
{
  guint chosen = gtk_drop_down_get_selected (self->connection_filter);
  SeqackSocketKey key;

  if (self->listing || self->layout == NULL)
    return;
  if (chosen == 0 || chosen == GTK_INVALID_LIST_POSITION ||
      !seqack_sequence_layout_get_connection (self->layout, chosen - 1, &key))
    seqack_sequence_view_set_connection (self->sequence_view, NULL);
  else
    seqack_sequence_view_set_connection (self->sequence_view, &key);
  /* What is selected may have left the diagram. */
  if (seqack_sequence_layout_is_filtered_out (
        self->layout, seqack_sequence_view_get_selected (self->sequence_view)))
    seqack_sequence_view_set_selected (self->sequence_view, SEQACK_NO_EVENT);
}

GtkDropDown *
seqack_trace_view_get_connection_filter (SeqackTraceView *self)
{
  g_return_val_if_fail (SEQACK_IS_TRACE_VIEW (self), NULL);

  return self->connection_filter;
}

void
seqack_trace_view_set_layout (SeqackTraceView      *self,
                              SeqackSequenceLayout *layout)
{
  g_return_if_fail (SEQACK_IS_TRACE_VIEW (self));

  self->layout = layout;
  self->n_shown = 0;
  seqack_sequence_view_set_layout (self->sequence_view, layout);
  seqack_packet_list_set_layout (self->packet_list, layout);
  self->n_listed = G_MAXUINT;
  update_connections (self);
  /* The inspector lets go of the old layout too; what was selected
   * belongs to the old trace. */
  seqack_inspector_show (self->inspector, layout, SEQACK_NO_EVENT,
                         self->absolute, self->letters);
  update_inspector_visible (self);
}

void
seqack_trace_view_set_shown (SeqackTraceView *self,
                             guint            n_shown,
                             double           flight,
                             gint64           now)
{
  g_return_if_fail (SEQACK_IS_TRACE_VIEW (self));

  self->n_shown = n_shown;
  self->now = now;
  seqack_sequence_view_set_shown (self->sequence_view, n_shown, flight, now);
  seqack_packet_list_set_shown (self->packet_list, n_shown, now);
  update_connections (self);
  update (self);
}

void
seqack_trace_view_set_flight (SeqackTraceView *self,
                              double           flight,
                              gint64           now)
{
  g_return_if_fail (SEQACK_IS_TRACE_VIEW (self));

  self->now = now;
  seqack_sequence_view_set_shown (self->sequence_view, self->n_shown, flight,
                                  now);
  /* The plot's now line moves with the flight. */
  if (self->layout != NULL)
    {
      SeqackTrace *trace = seqack_sequence_layout_get_trace (self->layout);

      seqack_endpoint_panel_set_flow (self->client_panel, trace,
                                      self->n_shown, now);
      seqack_endpoint_panel_set_flow (self->server_panel, trace,
                                      self->n_shown, now);
      update_presentation_flow (self);
    }
}

void
seqack_trace_view_set_flow_visible (SeqackTraceView *self,
                                    gboolean         visible)
{
  g_return_if_fail (SEQACK_IS_TRACE_VIEW (self));

  self->flow_visible = !!visible;
  seqack_endpoint_panel_set_flow_visible (self->client_panel, visible);
  seqack_endpoint_panel_set_flow_visible (self->server_panel, visible);
  update_presentation_flow (self);
}

void
seqack_trace_view_set_selected (SeqackTraceView *self,
                                guint            event)
{
  g_return_if_fail (SEQACK_IS_TRACE_VIEW (self));

  /* The sequence view notifies, and on_selected() follows. */
  seqack_sequence_view_set_selected (self->sequence_view, event);
}

guint
seqack_trace_view_get_selected (SeqackTraceView *self)
{
  g_return_val_if_fail (SEQACK_IS_TRACE_VIEW (self), SEQACK_NO_EVENT);

  return seqack_sequence_view_get_selected (self->sequence_view);
}

void
seqack_trace_view_set_absolute (SeqackTraceView *self,
                                gboolean         absolute)
{
  g_return_if_fail (SEQACK_IS_TRACE_VIEW (self));

  absolute = !!absolute;
  if (absolute == self->absolute)
    return;
  self->absolute = absolute;
  seqack_sequence_view_set_absolute (self->sequence_view, absolute);
  seqack_packet_list_set_absolute (self->packet_list, absolute);
  show_inspector (self);
  update (self);
}

void
seqack_trace_view_set_letters (SeqackTraceView *self,
                               gboolean         letters)
{
  g_return_if_fail (SEQACK_IS_TRACE_VIEW (self));

  letters = !!letters;
  if (letters == self->letters)
    return;
  self->letters = letters;
  seqack_sequence_view_set_letters (self->sequence_view, letters);
  show_inspector (self);
}

void
seqack_trace_view_set_vars_concealed (SeqackTraceView *self,
                                      gboolean         concealed)
{
  g_return_if_fail (SEQACK_IS_TRACE_VIEW (self));

  /* Applied at the next seqack_trace_view_set_shown(). */
  self->vars_concealed = !!concealed;
}

void
seqack_trace_view_set_inferred (SeqackTraceView *self,
                                gboolean         inferred)
{
  g_return_if_fail (SEQACK_IS_TRACE_VIEW (self));

  gtk_widget_set_visible (self->client_note, inferred);
  gtk_widget_set_visible (self->server_note, inferred);
}

void
seqack_trace_view_set_packet_list_visible (SeqackTraceView *self,
                                           gboolean         visible)
{
  g_return_if_fail (SEQACK_IS_TRACE_VIEW (self));

  /* Hidden, it asks for no width: the flap's minimum is the list's
   * even when folded away, which would take the diagram's share of a
   * 1024 px projector beside the lessons. */
  gtk_widget_set_visible (GTK_WIDGET (self->packet_list), visible);
  adw_flap_set_reveal_flap (self->packet_flap, visible);
}

gboolean
seqack_trace_view_get_packet_list_visible (SeqackTraceView *self)
{
  g_return_val_if_fail (SEQACK_IS_TRACE_VIEW (self), FALSE);

  return adw_flap_get_reveal_flap (self->packet_flap);
}

SeqackPacketList *
seqack_trace_view_get_packet_list (SeqackTraceView *self)
{
  g_return_val_if_fail (SEQACK_IS_TRACE_VIEW (self), NULL);

  return self->packet_list;
}

SeqackSequenceView *
seqack_trace_view_get_sequence_view (SeqackTraceView *self)
{
  g_return_val_if_fail (SEQACK_IS_TRACE_VIEW (self), NULL);

  return self->sequence_view;
}

SeqackInspector *
seqack_trace_view_get_inspector (SeqackTraceView *self)
{
  g_return_val_if_fail (SEQACK_IS_TRACE_VIEW (self), NULL);

  return self->inspector;
}

SeqackEndpointPanel *
seqack_trace_view_get_panel (SeqackTraceView *self,
                             SeqackSide       side)
{
  g_return_val_if_fail (SEQACK_IS_TRACE_VIEW (self), NULL);

  return panel_of (self, side);
}

/* GObject */

static void
on_selected (SeqackTraceView *self)
{
  if (self->layout != NULL)
    show_inspector (self);
  update_inspector_visible (self);
  seqack_packet_list_set_selected (
    self->packet_list, seqack_sequence_view_get_selected (self->sequence_view));
  describe_selected (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

/* A row chosen in the packet list selects its segment everywhere. */
static void
on_list_selected (SeqackTraceView *self)
{
  seqack_sequence_view_set_selected (
    self->sequence_view, seqack_packet_list_get_selected (self->packet_list));
}

static void
seqack_trace_view_dispose (GObject *object)
{
  SeqackTraceView *self = SEQACK_TRACE_VIEW (object);
  GtkWidget *child;

  self->layout = NULL;
  if (self->sequence_view != NULL)
    seqack_sequence_view_set_layout (self->sequence_view, NULL);
  if (self->packet_list != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->packet_list, self);
      seqack_packet_list_set_layout (self->packet_list, NULL);
    }
  if (self->connection_filter != NULL)
    g_signal_handlers_disconnect_by_data (self->connection_filter, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), SEQACK_TYPE_TRACE_VIEW);
  g_clear_object (&self->connections);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (seqack_trace_view_parent_class)->dispose (object);
}

static void
seqack_trace_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SeqackTraceView *self = SEQACK_TRACE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_uint (value, seqack_trace_view_get_selected (self));
      break;
    case PROP_INSPECTOR_HEIGHT:
      g_value_set_int (value, self->inspector_height);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seqack_trace_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SeqackTraceView *self = SEQACK_TRACE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      seqack_trace_view_set_selected (self, g_value_get_uint (value));
      break;
    case PROP_INSPECTOR_HEIGHT:
      if (self->inspector_height != g_value_get_int (value))
        {
          self->inspector_height = g_value_get_int (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seqack_trace_view_class_init (SeqackTraceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seqack_trace_view_dispose;
  object_class->get_property = seqack_trace_view_get_property;
  object_class->set_property = seqack_trace_view_set_property;

  properties[PROP_SELECTED] =
    g_param_spec_uint ("selected", NULL, NULL, 0, G_MAXUINT, SEQACK_NO_EVENT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                       G_PARAM_STATIC_STRINGS);
  /* The height the user gave the inspector (the "inspector-height"
   * setting). */
  properties[PROP_INSPECTOR_HEIGHT] =
    g_param_spec_int ("inspector-height", NULL, NULL, 80, 2000, 180,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                      G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (SEQACK_TYPE_ENDPOINT_PANEL);
  g_type_ensure (SEQACK_TYPE_INSPECTOR);
  g_type_ensure (SEQACK_TYPE_PACKET_LIST);
  g_type_ensure (SEQACK_TYPE_SEQUENCE_VIEW);
  g_type_ensure (SEQACK_TYPE_STATE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH
                                               "/seqack-trace-view.ui");
#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, SeqackTraceView, name)
  BIND (paned);
  BIND (client_scroller);
  BIND (server_scroller);
  BIND (inspector_scroller);
  BIND (client_panel);
  BIND (server_panel);
  BIND (client_note);
  BIND (server_note);
  BIND (sequence_view);
  BIND (inspector);
  BIND (packet_flap);
  BIND (packet_list);
  BIND (machines_box);
  BIND (client_machine);
  BIND (server_machine);
  BIND (column_switcher);
  BIND (client_toggle);
  BIND (connection_bar);
  BIND (connection_filter);
#undef BIND

  widget_class->measure = _seqack_trace_view_measure;
  widget_class->size_allocate = _seqack_trace_view_size_allocate;
}

static void
seqack_trace_view_init (SeqackTraceView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->now = SEQACK_NOW_LAST_SHOWN;
  self->inspector_wanted = TRUE;
  self->inspector_height = 180;
  g_signal_connect_swapped (self->paned, "notify::position",
                            G_CALLBACK (on_paned_position), self);
  g_signal_connect_swapped (self->paned, "notify::max-position",
                            G_CALLBACK (on_paned_max_position), self);
  seqack_endpoint_panel_set_side (self->client_panel, SEQACK_CLIENT);
  seqack_endpoint_panel_set_side (self->server_panel, SEQACK_SERVER);
  g_signal_connect_swapped (self->sequence_view, "notify::selected",
                            G_CALLBACK (on_selected), self);
  g_signal_connect_swapped (self->packet_list, "notify::selected",
                            G_CALLBACK (on_list_selected), self);
  g_signal_connect_swapped (self->client_toggle, "notify::active",
                            G_CALLBACK (gtk_widget_queue_allocate), self);
  self->column_min = self->column_max = 250;
  self->connections = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->connection_filter,
                           G_LIST_MODEL (self->connections));
  g_signal_connect_swapped (self->connection_filter, "notify::selected",
                            G_CALLBACK (on_connection_chosen), self);

  self->presentation_flow = g_object_new (SEQACK_TYPE_FLOW_VIEW, NULL);
  seqack_flow_view_set_both_sides (self->presentation_flow, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->presentation_flow), FALSE);
  gtk_widget_set_parent (GTK_WIDGET (self->presentation_flow),
                         GTK_WIDGET (self));
}
