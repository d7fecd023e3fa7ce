/* seqack-lab-private.h: the direct calls behind seqack_lab_perform().
 *
 * Every entry point reaches the lab through the dispatch; these are its
 * cases, declared for the lab itself and for the tests that check the
 * dispatch against them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "seqack-lab.h"

G_BEGIN_DECLS

gboolean seqack_lab_abort   (SeqackLab *lab, SeqackSide side, GError **error);

/* Wire controls, recorded as ACTION events. */
/* The next segment @sender puts on the wire is lost. */
void seqack_lab_drop_next   (SeqackLab *lab, SeqackSide sender);
/* The next segment @sender sends takes @delay µs longer (reordering). */
void seqack_lab_delay_next  (SeqackLab *lab, SeqackSide sender,
                             gint64 delay);
/* An old duplicate SYN from an earlier incarnation of the connection (same
 * ports, an older ISN) is put on the wire from @sender now. */
void seqack_lab_stale_syn   (SeqackLab *lab, SeqackSide sender);
void seqack_lab_set_loss_rate (SeqackLab *lab, double rate);
void seqack_lab_set_latency   (SeqackLab *lab, gint64 latency);
void seqack_lab_set_msl       (SeqackLab *lab, gint64 msl);

/* "Skip wait": when no segment is in flight, jumps the clock to the next
 * timer deadline and fires it (recorded as a skip-wait action). FALSE when
 * there is nothing to skip to. */
gboolean seqack_lab_skip_wait (SeqackLab *lab);

G_END_DECLS
