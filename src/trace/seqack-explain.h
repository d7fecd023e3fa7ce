/* seqack-explain.h: one line saying how a segment's Seq and Ack came to
 * be, derived only from facts the Trace holds (earlier segments, their
 * lengths and fates), for the inspector. No GTK here: tested headless.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "seqack-trace.h"

G_BEGIN_DECLS

/* For SEGMENT event @index: "Seq = 0 + 1 = 1 because SYN counts as one;
 * Ack = peer's Seq 1 + 5 bytes of data = 6". Numbers as the diagram shows
 * them (relative unless @absolute). NULL for other events. */
char *seqack_explain_seq (SeqackTrace *trace,
                          guint        index,
                          gboolean     absolute);
char *seqack_explain_ack (SeqackTrace *trace,
                          guint        index,
                          gboolean     absolute);
/* Both, joined in one line. */
char *seqack_explain_segment (SeqackTrace *trace,
                              guint        index,
                              gboolean     absolute);

G_END_DECLS
