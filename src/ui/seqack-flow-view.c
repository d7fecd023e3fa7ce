/* seqack-flow-view.c: a side's window bars and plot, painted by
 * seqack_flow_render_side().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <math.h>

#include "seqack-flow-render.h"
#include "seqack-flow-view.h"
#include "seqack-ui-settings.h"

struct _SeqackFlowView
{
  GtkWidget    parent_instance;

  SeqackTrace *trace;       /* borrowed */
  SeqackSide   side;
  gboolean     both_sides;  /* the data's row of bars, no plot */
  double       zoom;        /* times the text scale */
  guint        n_shown;
  gint64       now;
  double       text_scale;
  double       drawn_text_px;
  GSettings   *settings;
};

enum {
  PROP_0,
  PROP_TEXT_SCALE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (SeqackFlowView, seqack_flow_view, GTK_TYPE_WIDGET)

static void
options_for (SeqackFlowView          *self,
             SeqackFlowRenderOptions *options)
{
  seqack_flow_render_options_init (options);
  options->scheme = adw_style_manager_get_dark (adw_style_manager_get_default ())
                      ? SEQACK_SCHEME_DARK : SEQACK_SCHEME_LIGHT;
  options->scale = self->text_scale * self->zoom;
  options->background = FALSE;
  options->plot_side = self->side;
  options->n_shown = self->n_shown;
  options->now = self->now;
}

static void
seqack_flow_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  SeqackFlowView *self = SEQACK_FLOW_VIEW (widget);
  SeqackFlowRenderOptions options;
  graphene_rect_t bounds;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  cairo_t *cr;

  if (self->trace == NULL || width <= 0 || height <= 0)
    return;
  options_for (self, &options);
  options.width = width;
  options.height = height;
  self->drawn_text_px = 0;
  options.smallest = &self->drawn_text_px;
  graphene_rect_init (&bounds, 0, 0, width, height);
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  if (self->both_sides)
    seqack_flow_render_row (cr, self->trace, &options);
  else
    seqack_flow_render_side (cr, self->trace, &options);
  cairo_destroy (cr);
}

static void
seqack_flow_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  SeqackFlowView *self = SEQACK_FLOW_VIEW (widget);
  SeqackFlowRenderOptions options;

  options_for (self, &options);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* The side column decides the width; the bars fit any. */
      *minimum = 120;
      *natural = 280;
    }
  else
    {
      double bars = seqack_flow_render_spaces_height (&options), plot;

      if (self->both_sides)
        {
          *minimum = *natural =
            (int) ceil (seqack_flow_render_row_height (&options));
          *minimum_baseline = *natural_baseline = -1;
          return;
        }
      /* The bars and a plot under them, its legend in as many rows as
       * the width takes: the column scrolls where it has less. */
      options.width = for_size > 0 ? for_size : 280;
      plot = seqack_flow_plot_min_height (self->trace, &options);
      *minimum = (int) ceil (bars + plot);
      *natural = (int) ceil (bars + plot + 48 * options.scale);
    }
  *minimum_baseline = *natural_baseline = -1;
}

static GtkSizeRequestMode
seqack_flow_view_get_request_mode (GtkWidget *widget)
{
  /* The plot's legend takes more rows in a narrower column. */
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
on_dark_changed (SeqackFlowView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
seqack_flow_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  SeqackFlowView *self = SEQACK_FLOW_VIEW (object);

  switch (prop_id)
    {
    case PROP_TEXT_SCALE:
      g_value_set_double (value, self->text_scale);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seqack_flow_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  SeqackFlowView *self = SEQACK_FLOW_VIEW (object);

  switch (prop_id)
    {
    case PROP_TEXT_SCALE:
      {
        double scale = g_value_get_double (value);

        if (scale == self->text_scale)
          return;
        self->text_scale = scale;
        gtk_widget_queue_resize (GTK_WIDGET (self));
        g_object_notify_by_pspec (object, pspec);
      }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seqack_flow_view_dispose (GObject *object)
{
  SeqackFlowView *self = SEQACK_FLOW_VIEW (object);

  g_signal_handlers_disconnect_by_func (adw_style_manager_get_default (),
                                        on_dark_changed, object);
  g_clear_object (&self->settings);
  self->trace = NULL;

  G_OBJECT_CLASS (seqack_flow_view_parent_class)->dispose (object);
}

static void
seqack_flow_view_class_init (SeqackFlowViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seqack_flow_view_dispose;
  object_class->get_property = seqack_flow_view_get_property;
  object_class->set_property = seqack_flow_view_set_property;

  /* The reader's text size, bound to the "text-scale" setting. */
  properties[PROP_TEXT_SCALE] =
    g_param_spec_double ("text-scale", NULL, NULL,
                         0.5, 3.0, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);
  widget_class->snapshot = seqack_flow_view_snapshot;
  widget_class->measure = seqack_flow_view_measure;
  widget_class->get_request_mode = seqack_flow_view_get_request_mode;

  gtk_widget_class_set_css_name (widget_class, "flowview");
  gtk_widget_class_set_accessible_role (widget_class,
                                        GTK_ACCESSIBLE_ROLE_IMG);
}

static void
seqack_flow_view_init (SeqackFlowView *self)
{
  self->text_scale = 1.0;
  self->zoom = 1.0;
  self->now = G_MAXINT64;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sliding window"),
                                  -1);
  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (on_dark_changed), self);
  self->settings = seqack_ui_settings_bind_text_scale (G_OBJECT (self));
}

void
seqack_flow_view_set_side (SeqackFlowView *self,
                           SeqackSide      side)
{
  g_return_if_fail (SEQACK_IS_FLOW_VIEW (self));

  self->side = side;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
seqack_flow_view_set_both_sides (SeqackFlowView *self,
                                 gboolean        both)
{
  g_return_if_fail (SEQACK_IS_FLOW_VIEW (self));

  self->both_sides = !!both;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
seqack_flow_view_set_zoom (SeqackFlowView *self,
                           double          zoom)
{
  g_return_if_fail (SEQACK_IS_FLOW_VIEW (self));

  zoom = zoom > 0 ? zoom : 1.0;
  if (zoom == self->zoom)
    return;
  self->zoom = zoom;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
seqack_flow_view_set_shown (SeqackFlowView *self,
                            SeqackTrace    *trace,
                            guint           n_shown,
                            gint64          now)
{
  g_return_if_fail (SEQACK_IS_FLOW_VIEW (self));

  if (trace == self->trace && n_shown == self->n_shown && now == self->now)
    return;
  self->trace = trace;
  self->n_shown = n_shown;
  self->now = now;
  if (gtk_widget_is_drawable (GTK_WIDGET (self)))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

double
seqack_flow_view_get_drawn_text_px (SeqackFlowView *self)
{
  g_return_val_if_fail (SEQACK_IS_FLOW_VIEW (self), 0);

  return self->drawn_text_px;
}
