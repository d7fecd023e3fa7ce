/* seqack-sequence-marks.h: the badges the diagram puts on the arrows of a
 * loss repaired by fast retransmit (RFC 5681 §3.2): each duplicate ACK's
 * count (1, 2, 3) and, on the fast retransmission, "3×", the duplicate
 * ACKs that caused it.
 *
 * The label on the arrow already says "(duplicate ACK)"; the count is what
 * makes the rule visible: the third one in a row triggers the resend. The
 * badge sits on the arrow near its head, clear of the label above it and
 * of the next arrow's label below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pango.h>

#include "seqack-palette.h"
#include "seqack-trace.h"

G_BEGIN_DECLS

/* The badge of segment @index ("2", "3×"), or NULL when it has none.
 * Newly allocated. */
char *seqack_sequence_marks_badge (SeqackTrace *trace,
                                   guint        index);

/* @label shortened for an arrow too short for it, into @out: @step 1
 * drops the least needed number, step 2 the next. An ACK without data
 * drops its " Seq=N" first (it only repeats SND.NXT) and then its
 * " Win=N"; a data segment keeps its Seq and drops only the window.
 * With @keep_window (a window update, a zero window) " Win=N" stays and
 * the " Ack=N" goes instead of it. FALSE (and @out untouched) when
 * @step has nothing more to drop, as for a label without " Win=". */
gboolean seqack_sequence_marks_shorten (const char *label,
                                        guint       step,
                                        gboolean    keep_window,
                                        GString    *out);

/* @label, or @label shortened step by step into @out, until @layout
 * measures it at most @max_width wide or nothing more can go. Returns
 * the text to draw (@label or @out->str). */
const char *seqack_sequence_marks_fit_label (PangoLayout *layout,
                                             const char  *label,
                                             double       max_width,
                                             gboolean     keep_window,
                                             GString     *out);

/* A flight drawn as a fan with one label: at least this many first
 * transmissions of data sent by one side at one instant, with no other
 * segment between them (slow start's flights of 4, 8... segments). */
#define SEQACK_SEQUENCE_FAN_MIN 4

/* Whether segment @index belongs to such a flight among events
 * [0, @n_shown) (what is not shown yet is not counted); then its first
 * and last segment's events and how many segments it has. */
gboolean seqack_sequence_marks_flight (SeqackTrace *trace,
                                       guint        index,
                                       guint        n_shown,
                                       guint       *first,
                                       guint       *last,
                                       guint       *n_segments);
/* The flight's one label, "6 segments, Seq=4381 to 13141, 8760 bytes":
 * the first byte's Seq to the Seq after the last byte. Newly
 * allocated. */
char *seqack_sequence_marks_flight_label (SeqackTrace *trace,
                                          guint        first,
                                          guint        last,
                                          guint        n_segments,
                                          gboolean     absolute);

/* Where along an arrow the badge sits (0 tail, 1 head). */
#define SEQACK_SEQUENCE_MARKS_AT 0.88

/* Paints @text as a round badge centred on (@x, @y), @s the scale, in
 * @layout's font; the palette's lost-segment colour, white text. */
void seqack_sequence_marks_paint (cairo_t             *cr,
                                  PangoLayout         *layout,
                                  const SeqackPalette *palette,
                                  const char          *text,
                                  double               x,
                                  double               y,
                                  double               s);

G_END_DECLS
