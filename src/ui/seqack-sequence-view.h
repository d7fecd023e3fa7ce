/* seqack-sequence-view.h: the sequence diagram widget.
 *
 * Paints the render layer's diagram of a Trace for the visible rows only,
 * inside a GtkScrolledWindow (it is GtkScrollable). Shows the events
 * [0, n_shown) with the newest in-flight segments drawn @flight of the way
 * across; a click selects a segment.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "seqack-sequence-layout.h"

G_BEGIN_DECLS

#define SEQACK_TYPE_SEQUENCE_VIEW (seqack_sequence_view_get_type ())

G_DECLARE_FINAL_TYPE (SeqackSequenceView, seqack_sequence_view,
                      SEQACK, SEQUENCE_VIEW, GtkWidget)

/* @layout is borrowed; it must outlive its use here (or be unset). */
void  seqack_sequence_view_set_layout   (SeqackSequenceView   *self,
                                         SeqackSequenceLayout *layout);
/* Shows connection @key alone (as its client sees it,
 * seqack_sequence_layout_set_connection()), or every one for NULL: the
 * layout is laid out again, and the diagram scrolls to what is newest of
 * it. */
void  seqack_sequence_view_set_connection (SeqackSequenceView    *self,
                                           const SeqackSocketKey *key);

/* What the picture shows: events [0, @n_shown), in-flight segments at
 * @flight (0..1) of their way, TIME-WAIT countdowns at virtual time @now
 * (SEQACK_NOW_LAST_SHOWN: the last shown event's time). Scrolls so the
 * newest shown row is visible. */
void  seqack_sequence_view_set_shown    (SeqackSequenceView *self,
                                         guint               n_shown,
                                         double              flight,
                                         gint64              now);

/* The highlighted event (SEQACK_NO_EVENT for none); property "selected",
 * changed by a click too. */
void  seqack_sequence_view_set_selected (SeqackSequenceView *self,
                                         guint               event);
guint seqack_sequence_view_get_selected (SeqackSequenceView *self);

void  seqack_sequence_view_set_absolute (SeqackSequenceView *self,
                                         gboolean            absolute);
void  seqack_sequence_view_set_letters  (SeqackSequenceView *self,
                                         gboolean            letters);
/* Size of text and lines: 1.0, larger in presentation mode. */
void  seqack_sequence_view_set_scale    (SeqackSequenceView *self,
                                         double              scale);
/* The rows' height relative to the text: 1.0; presentation mode packs
 * them closer. */
void  seqack_sequence_view_set_row_scale (SeqackSequenceView *self,
                                          double              row_scale);

/* The reader's text size (property "text-scale", bound to the setting of
 * that name): multiplies with the scale. */
void   seqack_sequence_view_set_text_scale (SeqackSequenceView *self,
                                            double              text_scale);
double seqack_sequence_view_get_text_scale (SeqackSequenceView *self);

/* "Drop next" is armed for the next segment from @side: the diagram marks
 * that lifeline until the window clears it (when the segment was lost or
 * the drop was disarmed). */
void     seqack_sequence_view_set_drop_next (SeqackSequenceView *self,
                                             SeqackSide          side,
                                             gboolean            armed);
gboolean seqack_sequence_view_get_drop_next (SeqackSequenceView *self,
                                             SeqackSide          side);

/* Written across the empty diagram (property "empty-hint"), e.g. the lab's
 * "Press Listen on the server, then Connect on the client"; NULL for
 * none. */
void seqack_sequence_view_set_empty_hint (SeqackSequenceView *self,
                                          const char         *hint);

G_END_DECLS
