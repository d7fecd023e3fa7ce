/* seqack-sequence-view-private.h: what the tests read back from the
 * sequence view.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "seqack-sequence-render.h"
#include "seqack-sequence-view.h"

G_BEGIN_DECLS

guint  seqack_sequence_view_get_n_shown      (SeqackSequenceView *self);
double seqack_sequence_view_get_scale        (SeqackSequenceView *self);
/* The rows of the diagram in view, [*first, *end). */
void   seqack_sequence_view_get_visible_rows (SeqackSequenceView *self,
                                              guint              *first,
                                              guint              *end);
/* The size in px of the smallest text the last frame drew (G_MAXDOUBLE
 * when it drew none). */
double seqack_sequence_view_get_drawn_text_px (SeqackSequenceView *self);
/* The rows the view draws (its state changes on rows of their own
 * where the names do not fit beside the lifelines). */
SeqackSequenceLayout *seqack_sequence_view_get_layout (SeqackSequenceView *self);
/* What the view passes to seqack_sequence_render() now. */
void   seqack_sequence_view_get_render_options (SeqackSequenceView          *self,
                                                SeqackSequenceRenderOptions *options);

G_END_DECLS
