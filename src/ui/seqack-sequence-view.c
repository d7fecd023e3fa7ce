/* seqack-sequence-view.c: the sequence diagram widget.
 *
 * All drawing is the render layer's (the same code paints exports); this
 * widget only keeps the viewport, follows the style manager's dark/light
 * choice and turns clicks into a selection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "seqack-sequence-render.h"
#include "seqack-sequence-view-private.h"
#include "seqack-ui-settings.h"

struct _SeqackSequenceView
{
  GtkWidget             parent_instance;

  SeqackSequenceLayout *layout;
  GtkAdjustment        *hadjustment;
  GtkAdjustment        *vadjustment;
  guint                 hscroll_policy : 1;
  guint                 vscroll_policy : 1;

  guint                 n_shown;
  double                flight;
  gint64                now;
  guint                 selected;
  gboolean              absolute;
  gboolean              letters;
  double                scale;
  double                row_scale;
  double                text_scale;
  gboolean              drop_next[2];
  char                 *empty_hint;
  GSettings            *settings;
  int                   last_width;
  int                   last_height;
  double                drawn_text_px;  /* smallest text of the last frame */
  /* Whether the state names fit beside the lifelines, for this width
   * and this scale (measured once per size, not on every step). */
  double                fit_width;
  double                fit_scale;
  gboolean              names_fit;
};

enum {
  PROP_0,
  PROP_SELECTED,
  PROP_TEXT_SCALE,
  PROP_EMPTY_HINT,
  N_PROPS,

  /* GtkScrollable */
  PROP_HADJUSTMENT,
  PROP_VADJUSTMENT,
  PROP_HSCROLL_POLICY,
  PROP_VSCROLL_POLICY,
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE_WITH_CODE (SeqackSequenceView, seqack_sequence_view,
                               GTK_TYPE_WIDGET,
                               G_IMPLEMENT_INTERFACE (GTK_TYPE_SCROLLABLE,
                                                      NULL))

static void
fill_options (SeqackSequenceView          *self,
              SeqackSequenceRenderOptions *options)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  seqack_sequence_render_options_init (options);
  options->width = gtk_widget_get_width (GTK_WIDGET (self));
  options->height = gtk_widget_get_height (GTK_WIDGET (self));
  options->scroll_y = self->vadjustment != NULL
                        ? gtk_adjustment_get_value (self->vadjustment) : 0;
  options->scale = self->scale;
  options->row_scale = self->row_scale;
  options->text_scale = self->text_scale;
  options->drop_next[SEQACK_CLIENT] = self->drop_next[SEQACK_CLIENT];
  options->drop_next[SEQACK_SERVER] = self->drop_next[SEQACK_SERVER];
  options->empty_hint = self->empty_hint;
  options->scheme = adw_style_manager_get_dark (style)
                      ? SEQACK_SCHEME_DARK : SEQACK_SCHEME_LIGHT;
  options->absolute = self->absolute;
  options->letters = self->letters;
  options->n_shown = self->n_shown;
  options->now = self->now;
  options->flight_fraction = self->flight;
  options->selected = self->selected;
}

static void follow_newest (SeqackSequenceView *self);

static double
rows_page_size (SeqackSequenceView                *self,
                const SeqackSequenceRenderOptions *options)
{
  double page = options->height
                - seqack_sequence_render_get_header_height (options);

  return MAX (page, 1.0);
}

static void
configure_adjustments (SeqackSequenceView *self)
{
  SeqackSequenceRenderOptions options;
  double upper, page, value;
  gboolean relaid = FALSE;

  fill_options (self, &options);
  /* Where the state names do not fit beside the lifelines they would
   * cover the arrows' ends: state changes get rows of their own there. */
  if (options.width != self->fit_width
      || options.scale * options.text_scale != self->fit_scale)
    {
      self->fit_width = options.width;
      self->fit_scale = options.scale * options.text_scale;
      self->names_fit = seqack_sequence_render_state_names_fit (&options);
    }
  if (self->layout != NULL && options.width > 0)
    relaid = seqack_sequence_layout_set_share_rows (self->layout,
                                                    self->names_fit);

  if (self->hadjustment != NULL)
    gtk_adjustment_configure (self->hadjustment, 0, 0, options.width,
                              options.width * 0.1, options.width * 0.9,
                              options.width);

  if (self->vadjustment == NULL)
    return;

  page = rows_page_size (self, &options);
  upper = self->layout != NULL
            ? seqack_sequence_render_get_content_height (self->layout,
                                                         &options)
            : 0;
  upper = MAX (upper, page);
  value = CLAMP (gtk_adjustment_get_value (self->vadjustment), 0,
                 upper - page);
  gtk_adjustment_configure (self->vadjustment, value, 0, upper,
                            seqack_sequence_render_get_row_height (&options),
                            page * 0.9, page);
  if (relaid)
    {
      /* The rows moved and the old scroll means nothing: from the top,
       * or with the newest row at the foot of the page and as much of
       * what led to it as fits above (the whole handshake). */
      gtk_adjustment_set_value (self->vadjustment, 0);
      follow_newest (self);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

static void
seqack_sequence_view_snapshot (GtkWidget   *widget,
                               GtkSnapshot *snapshot)
{
  SeqackSequenceView *self = SEQACK_SEQUENCE_VIEW (widget);
  SeqackSequenceRenderOptions options;
  graphene_rect_t bounds;
  cairo_t *cr;

  if (self->layout == NULL)
    return;

  fill_options (self, &options);
  if (options.width <= 0 || options.height <= 0)
    return;

  self->drawn_text_px = G_MAXDOUBLE;
  options.smallest_text_px = &self->drawn_text_px;
  graphene_rect_init (&bounds, 0, 0, options.width, options.height);
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  seqack_sequence_render (cr, self->layout, &options);
  cairo_destroy (cr);
}

static void
seqack_sequence_view_measure (GtkWidget      *widget,
                              GtkOrientation  orientation,
                              int             for_size,
                              int            *minimum,
                              int            *natural,
                              int            *minimum_baseline,
                              int            *natural_baseline)
{
  SeqackSequenceView *self = SEQACK_SEQUENCE_VIEW (widget);
  double s = self->scale * self->text_scale;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      /* Narrow enough for a 1024 px projector beside both columns. */
      *minimum = 260 * s;
      *natural = 640 * s;
    }
  else
    {
      *minimum = 160 * s;
      *natural = 480 * s;
    }
}

static void
seqack_sequence_view_size_allocate (GtkWidget *widget,
                                    int        width,
                                    int        height,
                                    int        baseline)
{
  SeqackSequenceView *self = SEQACK_SEQUENCE_VIEW (widget);

  configure_adjustments (self);
  /* A new size (presentation mode, a resize) keeps the newest row in
   * view; scrolling alone never comes here. */
  if (width != self->last_width || height != self->last_height)
    {
      self->last_width = width;
      self->last_height = height;
      follow_newest (self);
    }
}

static void
on_adjustment_value_changed (SeqackSequenceView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
set_adjustment (SeqackSequenceView  *self,
                GtkAdjustment      **slot,
                GtkAdjustment       *adjustment)
{
  if (*slot == adjustment)
    return;

  if (*slot != NULL)
    {
      g_signal_handlers_disconnect_by_func (*slot,
                                            on_adjustment_value_changed,
                                            self);
      g_clear_object (slot);
    }
  if (adjustment == NULL)
    adjustment = gtk_adjustment_new (0, 0, 0, 0, 0, 0);
  *slot = g_object_ref_sink (adjustment);
  g_signal_connect_swapped (adjustment, "value-changed",
                            G_CALLBACK (on_adjustment_value_changed), self);
  configure_adjustments (self);
}

static void
on_click_pressed (GtkGestureClick    *gesture,
                  int                 n_press,
                  double              x,
                  double              y,
                  SeqackSequenceView *self)
{
  SeqackSequenceRenderOptions options;
  guint event;

  if (self->layout == NULL)
    return;

  fill_options (self, &options);
  event = seqack_sequence_render_hit_test (self->layout, &options, x, y);
  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (event != SEQACK_NO_EVENT)
    seqack_sequence_view_set_selected (self, event);
}

static void
on_dark_changed (SeqackSequenceView *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
seqack_sequence_view_dispose (GObject *object)
{
  SeqackSequenceView *self = SEQACK_SEQUENCE_VIEW (object);

  g_signal_handlers_disconnect_by_func (adw_style_manager_get_default (),
                                        on_dark_changed, self);
  if (self->hadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->hadjustment,
                                          on_adjustment_value_changed, self);
  if (self->vadjustment != NULL)
    g_signal_handlers_disconnect_by_func (self->vadjustment,
                                          on_adjustment_value_changed, self);
  g_clear_object (&self->hadjustment);
  g_clear_object (&self->vadjustment);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->empty_hint, g_free);
  self->layout = NULL;

  G_OBJECT_CLASS (seqack_sequence_view_parent_class)->dispose (object);
}

static void
seqack_sequence_view_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  SeqackSequenceView *self = SEQACK_SEQUENCE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_uint (value, self->selected);
      break;
    case PROP_TEXT_SCALE:
      g_value_set_double (value, self->text_scale);
      break;
    case PROP_EMPTY_HINT:
      g_value_set_string (value, self->empty_hint);
      break;
    case PROP_HADJUSTMENT:
      g_value_set_object (value, self->hadjustment);
      break;
    case PROP_VADJUSTMENT:
      g_value_set_object (value, self->vadjustment);
      break;
    case PROP_HSCROLL_POLICY:
      g_value_set_enum (value, self->hscroll_policy);
      break;
    case PROP_VSCROLL_POLICY:
      g_value_set_enum (value, self->vscroll_policy);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seqack_sequence_view_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  SeqackSequenceView *self = SEQACK_SEQUENCE_VIEW (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      seqack_sequence_view_set_selected (self, g_value_get_uint (value));
      break;
    case PROP_TEXT_SCALE:
      seqack_sequence_view_set_text_scale (self, g_value_get_double (value));
      break;
    case PROP_EMPTY_HINT:
      seqack_sequence_view_set_empty_hint (self, g_value_get_string (value));
      break;
    case PROP_HADJUSTMENT:
      set_adjustment (self, &self->hadjustment, g_value_get_object (value));
      break;
    case PROP_VADJUSTMENT:
      set_adjustment (self, &self->vadjustment, g_value_get_object (value));
      break;
    case PROP_HSCROLL_POLICY:
      if (self->hscroll_policy != (guint) g_value_get_enum (value))
        {
          self->hscroll_policy = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    case PROP_VSCROLL_POLICY:
      if (self->vscroll_policy != (guint) g_value_get_enum (value))
        {
          self->vscroll_policy = g_value_get_enum (value);
          gtk_widget_queue_resize (GTK_WIDGET (self));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
seqack_sequence_view_class_init (SeqackSequenceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seqack_sequence_view_dispose;
  object_class->get_property = seqack_sequence_view_get_property;
  object_class->set_property = seqack_sequence_view_set_property;

  widget_class->snapshot = seqack_sequence_view_snapshot;
  widget_class->measure = seqack_sequence_view_measure;
  widget_class->size_allocate = seqack_sequence_view_size_allocate;

  properties[PROP_SELECTED] =
    g_param_spec_uint ("selected", NULL, NULL,
                       0, G_MAXUINT, SEQACK_NO_EVENT,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                        G_PARAM_STATIC_STRINGS));
  /* The reader's text size, bound to the "text-scale" setting. */
  properties[PROP_TEXT_SCALE] =
    g_param_spec_double ("text-scale", NULL, NULL,
                         0.5, 3.0, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  /* Written on the diagram while nothing has happened yet. */
  properties[PROP_EMPTY_HINT] =
    g_param_spec_string ("empty-hint", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_object_class_override_property (object_class, PROP_HADJUSTMENT,
                                    "hadjustment");
  g_object_class_override_property (object_class, PROP_VADJUSTMENT,
                                    "vadjustment");
  g_object_class_override_property (object_class, PROP_HSCROLL_POLICY,
                                    "hscroll-policy");
  g_object_class_override_property (object_class, PROP_VSCROLL_POLICY,
                                    "vscroll-policy");

  gtk_widget_class_set_css_name (widget_class, "sequenceview");
  gtk_widget_class_set_accessible_role (widget_class,
                                        GTK_ACCESSIBLE_ROLE_IMG);
}

static void
seqack_sequence_view_init (SeqackSequenceView *self)
{
  GtkGesture *click;

  self->selected = SEQACK_NO_EVENT;
  self->flight = 1.0;
  self->now = SEQACK_NOW_LAST_SHOWN;
  self->scale = 1.0;
  self->row_scale = 1.0;
  self->text_scale = 1.0;
  self->drawn_text_px = G_MAXDOUBLE;

  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Sequence diagram"),
                                  -1);

  click = gtk_gesture_click_new ();
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  g_signal_connect_swapped (adw_style_manager_get_default (), "notify::dark",
                            G_CALLBACK (on_dark_changed), self);

  /* Ctrl+plus / Ctrl+minus write the setting; every view follows it. */
  self->settings = seqack_ui_settings_bind_text_scale (G_OBJECT (self));
}

void
seqack_sequence_view_set_layout (SeqackSequenceView   *self,
                                 SeqackSequenceLayout *layout)
{
  g_return_if_fail (SEQACK_IS_SEQUENCE_VIEW (self));

  self->layout = layout;
  self->n_shown = 0;
  seqack_sequence_view_set_selected (self, SEQACK_NO_EVENT);
  if (self->vadjustment != NULL)
    gtk_adjustment_set_value (self->vadjustment, 0);
  configure_adjustments (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
seqack_sequence_view_set_connection (SeqackSequenceView    *self,
                                     const SeqackSocketKey *key)
{
  g_return_if_fail (SEQACK_IS_SEQUENCE_VIEW (self));

  if (self->layout == NULL ||
      !seqack_sequence_layout_set_connection (self->layout, key))
    return;
  /* Other rows: the old scroll means nothing. */
  configure_adjustments (self);
  if (self->vadjustment != NULL)
    gtk_adjustment_set_value (self->vadjustment, 0);
  follow_newest (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* Keeps the current segment and the one before it in view, with the
 * newest rows shown (the states they cause): after a step, a step back,
 * a scrub or a jump. When they are out of view they come to rest at the
 * foot of the page, so what led to them stays visible above. */
static void
follow_newest (SeqackSequenceView *self)
{
  SeqackSequenceRenderOptions options;
  SeqackTrace *trace;
  guint row, arrive_row, first_row, last_row, found = 0;
  double row_height, page, value, top, bottom;

  if (self->layout == NULL || self->vadjustment == NULL || self->n_shown == 0)
    return;
  if (!seqack_sequence_layout_get_event_rows (self->layout, self->n_shown - 1,
                                              &row, &arrive_row))
    return;
  /* An event with no row of its own (a timer set or cancelled) has the
   * row of what follows it, not drawn or not even laid out yet: the
   * newest drawn row is above (a wait before that row is not drawn
   * either). A state change drawn on a send row is drawn before its
   * segment. */
  for (SeqackSequenceRow r;
       row > 0 && (!seqack_sequence_layout_get_row (self->layout, row, &r) ||
                   r.kind == SEQACK_ROW_WAIT ||
                   MIN (r.event, r.state) >= self->n_shown);)
    row--;
  first_row = last_row = row;
  if (arrive_row != SEQACK_NO_ROW && arrive_row > last_row)
    last_row = arrive_row;

  /* The last two segments shown: the current one and its cause. */
  trace = seqack_sequence_layout_get_trace (self->layout);
  for (guint i = self->n_shown; i-- > 0 && found < 2;)
    {
      if (seqack_trace_get_event (trace, i)->kind != SEQACK_EVENT_SEGMENT ||
          !seqack_sequence_layout_get_event_rows (self->layout, i, &row,
                                                  &arrive_row))
        continue;
      first_row = MIN (first_row, row);
      if (found == 0 && arrive_row != SEQACK_NO_ROW)
        last_row = MAX (last_row, arrive_row);
      found++;
    }

  fill_options (self, &options);
  row_height = seqack_sequence_render_get_row_height (&options);
  page = rows_page_size (self, &options);
  value = gtk_adjustment_get_value (self->vadjustment);
  top = first_row * row_height;
  bottom = (last_row + 1) * row_height;

  if (top >= value && bottom <= value + page)
    return;
  /* The newest row at the foot of the page: as much as fits of what led
   * to it stays above (at 1280×720 the whole handshake when both ends
   * are ESTABLISHED), the cause included; when the newest and its cause
   * do not fit together, the newest wins. */
  value = bottom - page;
  gtk_adjustment_set_value (self->vadjustment, MAX (value, 0));
}

void
seqack_sequence_view_set_shown (SeqackSequenceView *self,
                                guint               n_shown,
                                double              flight,
                                gint64              now)
{
  gboolean moved;

  g_return_if_fail (SEQACK_IS_SEQUENCE_VIEW (self));

  moved = n_shown != self->n_shown;
  self->n_shown = n_shown;
  self->flight = CLAMP (flight, 0.0, 1.0);
  self->now = now;

  if (moved)
    {
      configure_adjustments (self);
      follow_newest (self);
    }
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
seqack_sequence_view_get_n_shown (SeqackSequenceView *self)
{
  g_return_val_if_fail (SEQACK_IS_SEQUENCE_VIEW (self), 0);

  return self->n_shown;
}

void
seqack_sequence_view_set_selected (SeqackSequenceView *self,
                                   guint               event)
{
  g_return_if_fail (SEQACK_IS_SEQUENCE_VIEW (self));

  if (self->selected == event)
    return;

  self->selected = event;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED]);
}

guint
seqack_sequence_view_get_selected (SeqackSequenceView *self)
{
  g_return_val_if_fail (SEQACK_IS_SEQUENCE_VIEW (self), SEQACK_NO_EVENT);

  return self->selected;
}

void
seqack_sequence_view_set_absolute (SeqackSequenceView *self,
                                   gboolean            absolute)
{
  g_return_if_fail (SEQACK_IS_SEQUENCE_VIEW (self));

  self->absolute = !!absolute;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
seqack_sequence_view_set_letters (SeqackSequenceView *self,
                                  gboolean            letters)
{
  g_return_if_fail (SEQACK_IS_SEQUENCE_VIEW (self));

  self->letters = !!letters;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
seqack_sequence_view_set_scale (SeqackSequenceView *self,
                                double              scale)
{
  g_return_if_fail (SEQACK_IS_SEQUENCE_VIEW (self));

  if (scale == self->scale)
    return;

  self->scale = CLAMP (scale, 0.5, 4.0);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
seqack_sequence_view_set_row_scale (SeqackSequenceView *self,
                                    double              row_scale)
{
  g_return_if_fail (SEQACK_IS_SEQUENCE_VIEW (self));

  row_scale = CLAMP (row_scale, 0.5, 2.0);
  if (row_scale == self->row_scale)
    return;

  self->row_scale = row_scale;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

double
seqack_sequence_view_get_scale (SeqackSequenceView *self)
{
  g_return_val_if_fail (SEQACK_IS_SEQUENCE_VIEW (self), 1.0);

  return self->scale;
}

double
seqack_sequence_view_get_drawn_text_px (SeqackSequenceView *self)
{
  g_return_val_if_fail (SEQACK_IS_SEQUENCE_VIEW (self), 0);

  return self->drawn_text_px;
}

SeqackSequenceLayout *
seqack_sequence_view_get_layout (SeqackSequenceView *self)
{
  g_return_val_if_fail (SEQACK_IS_SEQUENCE_VIEW (self), NULL);

  return self->layout;
}

void
seqack_sequence_view_get_render_options (SeqackSequenceView          *self,
                                         SeqackSequenceRenderOptions *options)
{
  g_return_if_fail (SEQACK_IS_SEQUENCE_VIEW (self));
  g_return_if_fail (options != NULL);

  fill_options (self, options);
}

void
seqack_sequence_view_get_visible_rows (SeqackSequenceView *self,
                                       guint              *first,
                                       guint              *end)
{
  SeqackSequenceRenderOptions options;
  double row_height, page;

  g_return_if_fail (SEQACK_IS_SEQUENCE_VIEW (self));

  *first = *end = 0;
  if (self->layout == NULL)
    return;

  fill_options (self, &options);
  row_height = seqack_sequence_render_get_row_height (&options);
  page = rows_page_size (self, &options);
  seqack_sequence_layout_rows_in (self->layout, options.scroll_y,
                                  options.scroll_y + page, row_height,
                                  first, end);
}

void
seqack_sequence_view_set_text_scale (SeqackSequenceView *self,
                                     double              text_scale)
{
  g_return_if_fail (SEQACK_IS_SEQUENCE_VIEW (self));

  text_scale = CLAMP (text_scale, 0.5, 3.0);
  if (text_scale == self->text_scale)
    return;

  self->text_scale = text_scale;
  configure_adjustments (self);
  follow_newest (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT_SCALE]);
}

double
seqack_sequence_view_get_text_scale (SeqackSequenceView *self)
{
  g_return_val_if_fail (SEQACK_IS_SEQUENCE_VIEW (self), 1.0);

  return self->text_scale;
}

void
seqack_sequence_view_set_drop_next (SeqackSequenceView *self,
                                    SeqackSide          side,
                                    gboolean            armed)
{
  g_return_if_fail (SEQACK_IS_SEQUENCE_VIEW (self));
  g_return_if_fail (side <= SEQACK_SERVER);

  if (self->drop_next[side] == !!armed)
    return;

  self->drop_next[side] = !!armed;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

gboolean
seqack_sequence_view_get_drop_next (SeqackSequenceView *self,
                                    SeqackSide          side)
{
  g_return_val_if_fail (SEQACK_IS_SEQUENCE_VIEW (self), FALSE);
  g_return_val_if_fail (side <= SEQACK_SERVER, FALSE);

  return self->drop_next[side];
}

void
seqack_sequence_view_set_empty_hint (SeqackSequenceView *self,
                                     const char         *hint)
{
  g_return_if_fail (SEQACK_IS_SEQUENCE_VIEW (self));

  if (g_strcmp0 (self->empty_hint, hint) == 0)
    return;

  g_free (self->empty_hint);
  self->empty_hint = g_strdup (hint);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMPTY_HINT]);
}
