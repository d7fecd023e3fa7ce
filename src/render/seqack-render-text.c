/* seqack-render-text.c: Pango layouts for every drawing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "seqack-render-text.h"

static void
set_font_options (PangoContext *context)
{
  cairo_font_options_t *fo = cairo_font_options_create ();

  /* Unhinted metrics keep text the same shape at every scale, which
   * matters for presentation mode and for exports. */
  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (fo, CAIRO_HINT_STYLE_SLIGHT);
  cairo_font_options_set_antialias (fo, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (context, fo);
  cairo_font_options_destroy (fo);
}

PangoLayout *
seqack_render_text_layout_new (cairo_t    *cr,
                               PangoWeight weight,
                               double      px)
{
  PangoLayout *layout;
  PangoFontDescription *desc;

  if (cr != NULL)
    layout = pango_cairo_create_layout (cr);
  else
    {
      PangoContext *context =
        pango_font_map_create_context (pango_cairo_font_map_get_default ());

      layout = pango_layout_new (context);
      g_object_unref (context);
    }
  desc = pango_font_description_from_string ("Sans");
  pango_font_description_set_weight (desc, weight);
  pango_font_description_set_absolute_size (desc, MAX (px, 1) * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  set_font_options (pango_layout_get_context (layout));
  pango_layout_context_changed (layout);

  return layout;
}

void
seqack_render_text_set_px (PangoLayout *layout,
                           double       px)
{
  PangoFontDescription *desc;

  g_return_if_fail (PANGO_IS_LAYOUT (layout));

  desc = pango_font_description_copy (
           pango_layout_get_font_description (layout));
  pango_font_description_set_absolute_size (desc, MAX (px, 1) * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
}

double
seqack_render_text_get_px (PangoLayout *layout)
{
  const PangoFontDescription *desc;

  g_return_val_if_fail (PANGO_IS_LAYOUT (layout), 0);

  desc = pango_layout_get_font_description (layout);
  return desc != NULL
         ? (double) pango_font_description_get_size (desc) / PANGO_SCALE : 0;
}

void
seqack_render_text_measure (PangoLayout *layout,
                            const char  *text,
                            double      *width,
                            double      *height)
{
  PangoRectangle logical;

  g_return_if_fail (PANGO_IS_LAYOUT (layout));

  pango_layout_set_text (layout, text, -1);
  pango_layout_get_extents (layout, NULL, &logical);
  if (width != NULL)
    *width = (double) logical.width / PANGO_SCALE;
  if (height != NULL)
    *height = (double) logical.height / PANGO_SCALE;
}

void
seqack_render_text_draw (cairo_t          *cr,
                         PangoLayout      *layout,
                         const char       *text,
                         double            x,
                         double            y,
                         double            ax,
                         double            ay,
                         const SeqackRgba *color)
{
  double w, h;

  seqack_render_text_measure (layout, text, &w, &h);
  cairo_move_to (cr, x - ax * w, y - ay * h);
  seqack_rgba_set_source (cr, color);
  pango_cairo_update_layout (cr, layout);
  pango_cairo_show_layout (cr, layout);
  cairo_new_path (cr);
}
