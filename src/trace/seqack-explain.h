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
/* For a retransmitted SEGMENT event @index: why it went when it did, with
 * the RTO's rule ("Resent when the retransmission timer expired: RTO 1 s:
 * no round trip measured yet (RFC 6298 2.1). The next timeout waits
 * twice as long: RTO 2 s = 2 × 1 s, backed off after timeout 1 (RFC 6298
 * 5.5)"). NULL for other events. */
char *seqack_explain_rto (SeqackTrace *trace,
                          guint        index);
/* For SEGMENT event @index: why it was sent, or what its arrival lets
 * the sender do, from the lab's reasons (SEQACK_WHY_*) and the
 * variables: "Persist probe: ...", "Fast retransmit: ...; ssthresh =
 * 2920, cwnd = 7300", "Duplicate ACK: ...", "Window update: ...",
 * "Sent within the window: 4380 bytes in flight with it, at most min
 * (cwnd 4380, peer's window 64240) = 4380", "Window full: 0 bytes
 * usable, ...", "Window closed: ...". NULL when the window had no part
 * in it (a handshake, a capture without cwnd). */
char *seqack_explain_window (SeqackTrace *trace,
                             guint        index);
/* Both, joined in one line, and for a retransmission its RTO. */
char *seqack_explain_segment (SeqackTrace *trace,
                              guint        index,
                              gboolean     absolute);

/* How many duplicate ACKs in a row segment @index makes, counting it:
 * 1, 2, 3... for a segment marked duplicate ACK (the same Ack as the
 * sender's earlier ones, while out-of-order data arrives), 0 for any other
 * segment. Looks back over the sender's segments only. */
guint seqack_explain_dup_ack_count (SeqackTrace *trace,
                                    guint        index);

/* For fast retransmission @index: the most duplicate ACKs in a row that
 * had reached its sender when it left (3 by RFC 5681's rule); 0 for any
 * other segment. */
guint seqack_explain_dup_acks_before (SeqackTrace *trace,
                                      guint        index);

G_END_DECLS
