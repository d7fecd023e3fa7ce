/* seqack-trace-arena.h: where traces keep packet bytes and texts.
 *
 * Every trace stores the bytes its events refer to in an arena of chunks
 * that never move. A trace made with seqack_trace_new() has its own; many
 * traces built together (the conversations of one capture) can share one,
 * so each small trace does not keep a half-empty chunk of its own. Traces
 * sharing an arena must be appended to from one thread at a time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _SeqackTraceArena SeqackTraceArena;

SeqackTraceArena *seqack_trace_arena_new   (void);
/* An arena that also refers to @len bytes at @bytes it does not own (a
 * capture file mapped into memory): bytes appended from inside them are
 * not copied, the arena keeps where they are. @destroy (@bytes) runs when
 * the arena goes; the bytes must stay readable until then. */
SeqackTraceArena *seqack_trace_arena_new_external (const guint8   *bytes,
                                                   gsize           len,
                                                   GDestroyNotify  destroy,
                                                   gpointer        destroy_data);
SeqackTraceArena *seqack_trace_arena_ref   (SeqackTraceArena *arena);
void              seqack_trace_arena_unref (SeqackTraceArena *arena);

/* Keeps @len bytes at @bytes in @arena: where they lie when they are
 * within its external bytes, else as a copy. Returns where, for
 * seqack_trace_arena_get_kept() and seqack_trace_add_kept_segment(). */
guint64       seqack_trace_arena_keep     (SeqackTraceArena *arena,
                                           const guint8     *bytes,
                                           gsize             len);
const guint8 *seqack_trace_arena_get_kept (SeqackTraceArena *arena,
                                           guint64           kept);

/* Bytes of memory the arena holds (its chunks and their table; not the
 * external bytes). */
gsize seqack_trace_arena_get_memory_size (SeqackTraceArena *arena);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackTraceArena, seqack_trace_arena_unref)

G_END_DECLS
