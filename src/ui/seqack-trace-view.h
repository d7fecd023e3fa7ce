/* seqack-trace-view.h: a trace drawn the lab's way.
 *
 * The sequence diagram between the two endpoints' columns (state, state
 * machine, variables, TIME-WAIT countdown), with the inspector of the
 * selected event below. The lab page shows its player's picture in one,
 * the capture page a captured conversation: a real kernel handshake looks
 * exactly like the simulated one.
 *
 * Beside them (or, where the window is narrow, over the diagram's right
 * side) the packet list shows the same segments as a table; selecting
 * a row selects the segment in the diagram and the inspector, and back.
 *
 * The view reads the trace through a borrowed SeqackSequenceLayout and
 * keeps no copy of it. Property "selected" is the selected event (a
 * click selects a segment too).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "seqack-endpoint-panel.h"
#include "seqack-inspector.h"
#include "seqack-packet-list.h"
#include "seqack-sequence-layout.h"
#include "seqack-sequence-view.h"

G_BEGIN_DECLS

#define SEQACK_TYPE_TRACE_VIEW (seqack_trace_view_get_type ())

G_DECLARE_FINAL_TYPE (SeqackTraceView, seqack_trace_view,
                      SEQACK, TRACE_VIEW, GtkWidget)

/* @layout is borrowed; it must outlive its use here (or be unset). */
void     seqack_trace_view_set_layout   (SeqackTraceView      *self,
                                         SeqackSequenceLayout *layout);
/* Shows events [0, @n_shown), the newest flight at @flight (0..1), at
 * virtual time @now (SEQACK_NOW_LAST_SHOWN: the last shown event's, and
 * no TIME-WAIT countdown in the columns, as for a capture). */
void     seqack_trace_view_set_shown    (SeqackTraceView *self,
                                         guint            n_shown,
                                         double           flight,
                                         gint64           now);
/* Only the flight moved: redraws the diagram, not the columns. */
void     seqack_trace_view_set_flight   (SeqackTraceView *self,
                                         double           flight,
                                         gint64           now);
/* Both panels show the sliding window instead of their state machines. */
void seqack_trace_view_set_flow_visible (SeqackTraceView *self,
                                         gboolean         visible);
void     seqack_trace_view_set_selected (SeqackTraceView *self,
                                         guint            event);
guint    seqack_trace_view_get_selected (SeqackTraceView *self);
void     seqack_trace_view_set_absolute (SeqackTraceView *self,
                                         gboolean         absolute);
void     seqack_trace_view_set_letters  (SeqackTraceView *self,
                                         gboolean         letters);
/* The sequence variables read "?" in the columns and the inspector (a
 * lesson question asks for a Seq or Ack they would give away). */
void     seqack_trace_view_set_vars_concealed (SeqackTraceView *self,
                                               gboolean         concealed);
/* The states are inferred from packets (a capture): each column says
 * so. */
void     seqack_trace_view_set_inferred (SeqackTraceView *self,
                                         gboolean         inferred);

/* The inspector shows under the diagram while an event is selected,
 * unless @visible is FALSE (the user hid it). */
void     seqack_trace_view_set_inspector_visible (SeqackTraceView *self,
                                                  gboolean         visible);
/* The endpoint columns' width range: their content never widens the
 * window. */
/* The packet list beside the diagram (hidden at first). */
void     seqack_trace_view_set_packet_list_visible (SeqackTraceView *self,
                                                    gboolean         visible);
gboolean seqack_trace_view_get_packet_list_visible (SeqackTraceView *self);
SeqackPacketList    *seqack_trace_view_get_packet_list   (SeqackTraceView *self);
void     seqack_trace_view_set_column_widths (SeqackTraceView *self,
                                              int              narrow,
                                              int              wide);
void     seqack_trace_view_set_presentation (SeqackTraceView *self,
                                             gboolean         presentation,
                                             gboolean         details,
                                             double           scale);
SeqackSequenceView  *seqack_trace_view_get_sequence_view (SeqackTraceView *self);
/* Above the diagram while the trace holds more than one connection:
 * "All Connections" (0), then each connection (1 + its number,
 * seqack_sequence_layout_get_connection()); choosing one draws it
 * alone. */
GtkDropDown         *seqack_trace_view_get_connection_filter (SeqackTraceView *self);
SeqackInspector     *seqack_trace_view_get_inspector     (SeqackTraceView *self);
SeqackEndpointPanel *seqack_trace_view_get_panel         (SeqackTraceView *self,
                                                          SeqackSide       side);

G_END_DECLS
