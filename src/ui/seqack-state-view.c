/* seqack-state-view.c: the RFC 9293 state diagram of one endpoint.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include <math.h>

#include "seqack-state-render.h"
#include "seqack-state-view-private.h"
#include "seqack-ui-settings.h"

struct _SeqackStateView
{
  GtkWidget      parent_instance;

  SeqackTcpState state;
  SeqackTcpEdge  edge;
  SeqackTcpState edge_from;
  double         scale;
  double         text_scale;
  char          *title;
  gboolean       title_at_end;
  GSettings     *settings;
  double         drawn_text_px;  /* smallest text of the last frame */
};

enum {
  PROP_0,
  PROP_TEXT_SCALE,
  PROP_TITLE,
  PROP_TITLE_AT_END,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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
  options.text_scale = self->text_scale;
  options.background = FALSE;
  options.state = self->state;
  options.edge = self->edge;
  options.edge_from = self->edge_from;
  options.translate = translate;
  options.title = self->title;
  options.title_at_end = self->title_at_end;
  self->drawn_text_px = G_MAXDOUBLE;
  options.smallest_text_px = &self->drawn_text_px;

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
  SeqackStateRenderOptions options;
  double width, height;

  /* The figure fits any allocation (all eleven states, smaller names
   * when it must). Its natural size keeps the names at full size,
   * legible from the back of a room; it accepts three quarters of that
   * so a big presentation scale never widens the window past the screen,
   * and never more than 160 px: the window's side columns have a fixed
   * width, and the figure shrinks its names to fit them. */
  seqack_state_render_options_init (&options);
  options.scale = self->scale;
  options.text_scale = self->text_scale;
  options.title = self->title;
  options.title_at_end = self->title_at_end;
  seqack_state_render_get_min_size (&options, &width, &height);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = MIN ((int) ceil (width * 0.75), 160);
      *natural = (int) ceil (width * 1.05);
    }
  else
    {
      *minimum = MIN ((int) ceil (height * 0.75), 160);
      *natural = (int) ceil (height * 1.15);
    }
}

static void
on_dark_changed (SeqackStateView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
seqack_state_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SeqackStateView *self = SEQACK_STATE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TEXT_SCALE:
      g_value_set_double (value, self->text_scale);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_TITLE_AT_END:
      g_value_set_boolean (value, self->title_at_end);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seqack_state_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SeqackStateView *self = SEQACK_STATE_VIEW (object);

  switch (prop_id)
    {
    case PROP_TEXT_SCALE:
      seqack_state_view_set_text_scale (self, g_value_get_double (value));
      break;
    case PROP_TITLE:
      seqack_state_view_set_title (self, g_value_get_string (value));
      break;
    case PROP_TITLE_AT_END:
      seqack_state_view_set_title_at_end (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seqack_state_view_dispose (GObject *object)
{
  SeqackStateView *self = SEQACK_STATE_VIEW (object);

  g_signal_handlers_disconnect_by_func (adw_style_manager_get_default (),
                                        on_dark_changed, object);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (seqack_state_view_parent_class)->dispose (object);
}

static void
seqack_state_view_finalize (GObject *object)
{
  SeqackStateView *self = SEQACK_STATE_VIEW (object);

  g_free (self->title);

  G_OBJECT_CLASS (seqack_state_view_parent_class)->finalize (object);
}

static void
seqack_state_view_class_init (SeqackStateViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seqack_state_view_dispose;
  object_class->finalize = seqack_state_view_finalize;
  object_class->get_property = seqack_state_view_get_property;
  object_class->set_property = seqack_state_view_set_property;

  /* The reader's text size, bound to the "text-scale" setting. */
  properties[PROP_TEXT_SCALE] =
    g_param_spec_double ("text-scale", NULL, NULL,
                         0.5, 3.0, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  /* Which end it shows ("Client"), written in the figure's top corner:
   * two machines side by side or stacked say whose they are. */
  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  /* The title in the top right corner: the server's, whose handshake
   * labels want the left one. */
  properties[PROP_TITLE_AT_END] =
    g_param_spec_boolean ("title-at-end", NULL, NULL, FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
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
  self->text_scale = 1.0;
  self->drawn_text_px = G_MAXDOUBLE;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("TCP state diagram"),
                                  -1);
  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (on_dark_changed), self);
  self->settings = seqack_ui_settings_bind_text_scale (G_OBJECT (self));
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

double
seqack_state_view_get_drawn_text_px (SeqackStateView *self)
{
  g_return_val_if_fail (SEQACK_IS_STATE_VIEW (self), 0);

  return self->drawn_text_px;
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

void
seqack_state_view_set_text_scale (SeqackStateView *self,
                                  double           text_scale)
{
  g_return_if_fail (SEQACK_IS_STATE_VIEW (self));

  text_scale = CLAMP (text_scale, 0.5, 3.0);
  if (text_scale == self->text_scale)
    return;

  self->text_scale = text_scale;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_SCALE]);
}

double
seqack_state_view_get_text_scale (SeqackStateView *self)
{
  g_return_val_if_fail (SEQACK_IS_STATE_VIEW (self), 1.0);

  return self->text_scale;
}

/* The accessible name stays "TCP state diagram" (screen readers and the
 * UI tests find the views by it); the title is its description. */
void
seqack_state_view_set_title (SeqackStateView *self,
                             const char      *title)
{
  g_return_if_fail (SEQACK_IS_STATE_VIEW (self));

  if (g_strcmp0 (title, self->title) == 0)
    return;

  g_free (self->title);
  self->title = g_strdup (title);
  if (title != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    title, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

const char *
seqack_state_view_get_title (SeqackStateView *self)
{
  g_return_val_if_fail (SEQACK_IS_STATE_VIEW (self), NULL);

  return self->title;
}

void
seqack_state_view_set_title_at_end (SeqackStateView *self,
                                    gboolean         at_end)
{
  g_return_if_fail (SEQACK_IS_STATE_VIEW (self));

  at_end = !!at_end;
  if (at_end == self->title_at_end)
    return;

  self->title_at_end = at_end;
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE_AT_END]);
}

gboolean
seqack_state_view_get_title_at_end (SeqackStateView *self)
{
  g_return_val_if_fail (SEQACK_IS_STATE_VIEW (self), FALSE);

  return self->title_at_end;
}
