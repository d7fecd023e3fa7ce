/* seqack-trace-arena-private.h: what the trace itself uses of an arena.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "seqack-trace-arena.h"

G_BEGIN_DECLS

/* Copies @len bytes (and a NUL when @nul_terminate) into the arena and
 * returns where they went: chunk index in the high 32 bits, offset within
 * the chunk in the low 32. */
guint64       seqack_trace_arena_append (SeqackTraceArena *arena,
                                         const guint8     *bytes,
                                         gsize             len,
                                         gboolean          nul_terminate);
const guint8 *seqack_trace_arena_get    (SeqackTraceArena *arena,
                                         guint64           offset);

G_END_DECLS
