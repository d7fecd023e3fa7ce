/* seqack-sequence-view-private.h: what the tests read back from the
 * sequence view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "seqack-sequence-view.h"

G_BEGIN_DECLS

guint  seqack_sequence_view_get_n_shown      (SeqackSequenceView *self);
double seqack_sequence_view_get_scale        (SeqackSequenceView *self);
/* The rows of the diagram in view, [*first, *end). */
void   seqack_sequence_view_get_visible_rows (SeqackSequenceView *self,
                                              guint              *first,
                                              guint              *end);

G_END_DECLS
