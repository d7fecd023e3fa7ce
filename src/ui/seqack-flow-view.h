/* seqack-flow-view.h: one endpoint's sliding window, as the render layer
 * draws it: its send and receive sequence spaces and its cwnd plot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "seqack-trace.h"

G_BEGIN_DECLS

#define SEQACK_TYPE_FLOW_VIEW (seqack_flow_view_get_type ())

G_DECLARE_FINAL_TYPE (SeqackFlowView, seqack_flow_view,
                      SEQACK, FLOW_VIEW, GtkWidget)

void seqack_flow_view_set_side  (SeqackFlowView *self,
                                 SeqackSide      side);
/* The data's row, the sender's send bar and the receiver's receive bar
 * side by side (seqack_flow_render_row()), without the plot: a strip
 * under the diagram in presentation mode, instead of one side's column. */
void seqack_flow_view_set_both_sides (SeqackFlowView *self,
                                      gboolean        both);
/* Draws at @zoom times the reader's text size (presentation mode's
 * scale); 1 by default. */
void seqack_flow_view_set_zoom (SeqackFlowView *self,
                                double          zoom);
/* @trace is borrowed; NULL shows nothing. Events [0, @n_shown) are
 * shown; @now is the player's virtual time. */
void seqack_flow_view_set_shown (SeqackFlowView *self,
                                 SeqackTrace    *trace,
                                 guint           n_shown,
                                 gint64          now);
/* The smallest text the last frame drew, px (0 before one). */
double seqack_flow_view_get_drawn_text_px (SeqackFlowView *self);

G_END_DECLS
