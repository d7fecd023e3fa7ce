/* seqack-state-view.c: the RFC 9293 state diagram of one endpoint.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "seqack-state-render.h"
#include "seqack-state-view.h"

struct _SeqackStateView
{
  GtkWidget      parent_instance;

  SeqackTcpState state;
  SeqackTcpEdge  edge;
  SeqackTcpState edge_from;
  double         scale;
};

G_DEFINE_FINAL_TYPE (SeqackStateView, seqack_state_view, GTK_TYPE_WIDGET)

/* The tcp layer's edge labels are N_() marked; translate them here. */
static const char *
translate (const char *msgid)
{
  return _(msgid);
}

static void
seqack_state_view_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  SeqackStateView *self = SEQACK_STATE_VIEW (widget);
  AdwStyleManager *style = adw_style_manager_get_default ();
  SeqackStateRenderOptions options;
  cairo_rectangle_t area = { 0 };
  graphene_rect_t bounds;
  cairo_t *cr;

  area.width = gtk_widget_get_width (widget);
  area.height = gtk_widget_get_height (widget);
  if (area.width <= 0 || area.height <= 0)
    return;

  seqack_state_render_options_init (&options);
  options.scheme = adw_style_manager_get_dark (style)
                     ? SEQACK_SCHEME_DARK : SEQACK_SCHEME_LIGHT;
  options.scale = self->scale;
  options.background = FALSE;
  options.state = self->state;
  options.edge = self->edge;
  options.edge_from = self->edge_from;
  options.translate = translate;

  graphene_rect_init (&bounds, 0, 0, area.width, area.height);
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  seqack_state_render (cr, &area, &options);
  cairo_destroy (cr);
}

static void
seqack_state_view_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  SeqackStateView *self = SEQACK_STATE_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 220 * self->scale;
      *natural = 280 * self->scale;
    }
  else
    {
      *minimum = 200 * self->scale;
      *natural = 320 * self->scale;
    }
}

static void
on_dark_changed (SeqackStateView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
seqack_state_view_dispose (GObject *object)
{
  g_signal_handlers_disconnect_by_func (adw_style_manager_get_default (),
                                        on_dark_changed, object);

  G_OBJECT_CLASS (seqack_state_view_parent_class)->dispose (object);
}

static void
seqack_state_view_class_init (SeqackStateViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seqack_state_view_dispose;
  widget_class->snapshot = seqack_state_view_snapshot;
  widget_class->measure = seqack_state_view_measure;

  gtk_widget_class_set_css_name (widget_class, "stateview");
  gtk_widget_class_set_accessible_role (widget_class,
                                        GTK_ACCESSIBLE_ROLE_IMG);
}

static void
seqack_state_view_init (SeqackStateView *self)
{
  self->state = SEQACK_TCP_CLOSED;
  self->edge = SEQACK_TCP_EDGE_NONE;
  self->edge_from = SEQACK_TCP_N_STATES;
  self->scale = 1.0;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("TCP state diagram"),
                                  -1);
  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (on_dark_changed), self);
}

GtkWidget *
seqack_state_view_new (void)
{
  return g_object_new (SEQACK_TYPE_STATE_VIEW, NULL);
}

void
seqack_state_view_set_state (SeqackStateView *self,
                             SeqackTcpState   state,
                             SeqackTcpEdge    edge,
                             SeqackTcpState   edge_from)
{
  g_return_if_fail (SEQACK_IS_STATE_VIEW (self));
  g_return_if_fail (state < SEQACK_TCP_N_STATES);

  if (self->state == state && self->edge == edge &&
      self->edge_from == edge_from)
    return;

  self->state = state;
  self->edge = edge;
  self->edge_from = edge_from;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

SeqackTcpState
seqack_state_view_get_state (SeqackStateView *self)
{
  g_return_val_if_fail (SEQACK_IS_STATE_VIEW (self), SEQACK_TCP_CLOSED);

  return self->state;
}

SeqackTcpEdge
seqack_state_view_get_edge (SeqackStateView *self)
{
  g_return_val_if_fail (SEQACK_IS_STATE_VIEW (self), SEQACK_TCP_EDGE_NONE);

  return self->edge;
}

void
seqack_state_view_set_scale (SeqackStateView *self,
                             double           scale)
{
  g_return_if_fail (SEQACK_IS_STATE_VIEW (self));

  if (scale == self->scale)
    return;

  self->scale = CLAMP (scale, 0.5, 4.0);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

double
seqack_state_view_get_scale (SeqackStateView *self)
{
  g_return_val_if_fail (SEQACK_IS_STATE_VIEW (self), 1.0);

  return self->scale;
}
