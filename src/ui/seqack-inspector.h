/* seqack-inspector.h: one event of the Trace, taken apart.
 *
 * For a segment: every IPv4 and TCP header field decoded by the wire layer
 * from the raw bytes, the flags as toggles, options, payload text, a hex
 * dump (the field under the pointer is highlighted in both the field list
 * and the dump), both endpoints' variables at that moment, and one line
 * saying how this Seq and Ack were computed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "seqack-sequence-layout.h"

G_BEGIN_DECLS

#define SEQACK_TYPE_INSPECTOR (seqack_inspector_get_type ())

G_DECLARE_FINAL_TYPE (SeqackInspector, seqack_inspector,
                      SEQACK, INSPECTOR, GtkWidget)

/* Shows event @event of @layout's trace (SEQACK_NO_EVENT: nothing), with
 * relative numbers unless @absolute and the lesson's letters when
 * @letters. */
void        seqack_inspector_show            (SeqackInspector      *self,
                                              SeqackSequenceLayout *layout,
                                              guint                 event,
                                              gboolean              absolute,
                                              gboolean              letters);
guint       seqack_inspector_get_event       (SeqackInspector *self);
/* The title and "why this number" line as shown, for tests. */
const char *seqack_inspector_get_title       (SeqackInspector *self);
const char *seqack_inspector_get_explanation (SeqackInspector *self);
/* The "Options: ..." line and the variables table, as shown. */
const char *seqack_inspector_get_options     (SeqackInspector *self);
const char *seqack_inspector_get_variables   (SeqackInspector *self);
/* The payload as shown, and what the capture says of it and of the
 * checksum ("payload not captured (snapshot length 96)"...). */
const char *seqack_inspector_get_payload     (SeqackInspector *self);
/* Highlights the field at byte @offset of the packet in both views (what
 * the pointer does); returns the field's name or NULL. */
const char *seqack_inspector_highlight_byte  (SeqackInspector *self,
                                              gsize            offset);
/* The sequence variables of the table read "?" (a lesson question asks
 * for a Seq or Ack they would give away). TRUE when that changed: show
 * the event again. */
gboolean    seqack_inspector_set_vars_concealed (SeqackInspector *self,
                                                 gboolean         concealed);
/* Hides the field list and hex dump (presentation mode). */

G_END_DECLS
