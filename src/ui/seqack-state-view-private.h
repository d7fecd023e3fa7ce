/* seqack-state-view-private.h: what the tests read back from a state
 * diagram.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "seqack-state-view.h"

G_BEGIN_DECLS

SeqackTcpState seqack_state_view_get_state (SeqackStateView *self);
/* The size in px of the smallest text the last frame drew (G_MAXDOUBLE
 * when it drew none). */
double         seqack_state_view_get_drawn_text_px (SeqackStateView *self);

G_END_DECLS
