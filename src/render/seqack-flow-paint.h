/* seqack-flow-paint.h: what the sequence-space bars
 * (seqack-flow-render.c) and the cwnd plot (seqack-flow-plot.c) paint
 * with: one palette, two text layouts, the text's scale.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "seqack-flow-render.h"
#include <pango/pango.h>

#include "seqack-palette.h"
#include "seqack-render-text.h"

G_BEGIN_DECLS

#define SEQACK_FLOW_TEXT_PX SEQACK_RENDER_TEXT_MIN_PX

typedef struct
{
  const SeqackPalette *pal;
  PangoLayout *text, *bold;
  double px, line_h;
  double s;          /* px / SEQACK_FLOW_TEXT_PX */
  double *smallest;  /* the options' smallest text drawn, or NULL */
} SeqackFlowPaint;

/* The layouts at @options' scale (@cr may be NULL to measure only). */
void   _seqack_flow_paint_init  (SeqackFlowPaint               *p,
                                 cairo_t                       *cr,
                                 const SeqackFlowRenderOptions *options);
void   _seqack_flow_paint_clear (SeqackFlowPaint *p);
/* _init, then @cr saved and clipped to the options' rectangle, painted
 * with the background when the options ask; _end undoes both. */
void   _seqack_flow_paint_begin (SeqackFlowPaint               *p,
                                 cairo_t                       *cr,
                                 const SeqackFlowRenderOptions *options);
void   _seqack_flow_paint_end   (SeqackFlowPaint *p,
                                 cairo_t         *cr);
/* @text at (@x, @y), @ax of its width left of @x; counts its size. */
void   _seqack_flow_paint_text  (cairo_t          *cr,
                                 SeqackFlowPaint  *p,
                                 PangoLayout      *layout,
                                 const char       *text,
                                 double            x,
                                 double            y,
                                 double            ax,
                                 const SeqackRgba *color);
double _seqack_flow_text_width  (PangoLayout *layout,
                                 const char  *text);

G_END_DECLS
