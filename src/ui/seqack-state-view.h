/* seqack-state-view.h: the RFC 9293 state diagram of one endpoint, with
 * its current state filled and the edge just taken lit (drawn by the
 * render layer).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "seqack-tcp-state.h"

G_BEGIN_DECLS

#define SEQACK_TYPE_STATE_VIEW (seqack_state_view_get_type ())

G_DECLARE_FINAL_TYPE (SeqackStateView, seqack_state_view,
                      SEQACK, STATE_VIEW, GtkWidget)

/* @edge is the edge taken into @state (SEQACK_TCP_EDGE_NONE for none),
 * from @edge_from. */
void            seqack_state_view_set_state (SeqackStateView *self,
                                             SeqackTcpState   state,
                                             SeqackTcpEdge    edge,
                                             SeqackTcpState   edge_from);
/* The lit edge (SEQACK_TCP_EDGE_NONE for none). */
SeqackTcpEdge   seqack_state_view_get_edge  (SeqackStateView *self);
void            seqack_state_view_set_scale (SeqackStateView *self,
                                             double           scale);
double          seqack_state_view_get_scale (SeqackStateView *self);

/* The reader's text size (property "text-scale", bound to the setting of
 * that name): multiplies with the scale. */
void   seqack_state_view_set_text_scale (SeqackStateView *self,
                                         double           text_scale);
double seqack_state_view_get_text_scale (SeqackStateView *self);

/* Which end it shows ("Client", "Server"; property "title"), written in
 * the figure; NULL for none. */
void        seqack_state_view_set_title (SeqackStateView *self,
                                         const char      *title);
const char *seqack_state_view_get_title (SeqackStateView *self);
/* The title in the figure's top right corner rather than its left
 * (property "title-at-end"). */
void        seqack_state_view_set_title_at_end (SeqackStateView *self,
                                                gboolean         at_end);
gboolean    seqack_state_view_get_title_at_end (SeqackStateView *self);

G_END_DECLS
