/* seqack-render-text.h: the Pango text every SeqAck drawing uses.
 *
 * One place decides the font, the hinting and how text is measured and
 * placed, so the sequence diagram, the state diagram, the exports and the
 * hit tests agree on every size. Sizes are absolute pixels in the cairo
 * user units being drawn into.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include "seqack-palette.h"

G_BEGIN_DECLS

/* The smallest text that still reads from the back of a classroom at
 * 1280×720 and text scale 1 (state names, arrow labels, variables). */
#define SEQACK_RENDER_TEXT_MIN_PX 14.0

/* A layout in the UI's sans face at @px pixels, with unhinted metrics so
 * text keeps its shape at every scale (presentation mode, exports). With
 * @cr NULL the layout measures only (hit tests, sizing). */
PangoLayout *seqack_render_text_layout_new (cairo_t    *cr,
                                            PangoWeight weight,
                                            double      px);

/* Changes @layout's size to @px pixels. */
void   seqack_render_text_set_px (PangoLayout *layout,
                                  double       px);
/* The size @layout draws at, in pixels. */
double seqack_render_text_get_px (PangoLayout *layout);

/* Sets @text and returns its logical size. */
void seqack_render_text_measure (PangoLayout *layout,
                                 const char  *text,
                                 double      *width,
                                 double      *height);

/* Draws @text so that its box's point (@ax, @ay) (0..1 each) is at
 * (@x, @y). */
void seqack_render_text_draw (cairo_t          *cr,
                              PangoLayout      *layout,
                              const char       *text,
                              double            x,
                              double            y,
                              double            ax,
                              double            ay,
                              const SeqackRgba *color);

G_END_DECLS
