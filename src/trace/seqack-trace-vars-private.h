/* seqack-trace-vars-private.h: one side's variables over a trace, stored
 * compactly.
 *
 * A capture changes some variable of both sides on almost every segment,
 * so a full record per change (36 bytes) would cost more than the event
 * itself. Records are kept instead as small deltas (which fields changed,
 * by how much, as varints) in a byte stream, with a full copy every
 * VARS_BLOCK records so a look-up binary-searches the full copies and
 * replays at most VARS_BLOCK - 1 deltas.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "seqack-tcp-conn.h"

G_BEGIN_DECLS

typedef struct _SeqackVarsBlock SeqackVarsBlock;
typedef struct _SeqackVarsTail  SeqackVarsTail;

typedef struct
{
  SeqackVarsBlock *blocks;          /* a full record every VARS_BLOCK */
  guint            n_blocks, blocks_capacity;
  guint8          *stream;          /* the deltas between them */
  guint32          stream_len, stream_capacity;
  guint            n_records;
  /* The last two records, to compare with and to rewrite the last. */
  guint            last_event, prev_event;
  guint32          last_offset;     /* where the last delta starts */
  /* Their variables, while the log grows: a released log (a finished
   * capture's conversation, of which there are tens of thousands) gives
   * them back and finds them again by look-up if it is noted again. */
  SeqackVarsTail  *tail;
} SeqackVarsLog;

void     seqack_vars_log_clear  (SeqackVarsLog       *log);
/* Records @vars as holding from @event_index on: nothing when equal to
 * the last record, the last record replaced when at the same event. */
void     seqack_vars_log_note   (SeqackVarsLog       *log,
                                 guint                event_index,
                                 const SeqackTcpVars *vars);
/* The last record at or before @index; FALSE when there is none. */
gboolean seqack_vars_log_lookup (const SeqackVarsLog *log,
                                 guint                index,
                                 SeqackTcpVars       *vars);
/* Gives back the room kept for more (seqack_trace_shrink()). */
void     seqack_vars_log_shrink (SeqackVarsLog       *log);
/* Gives back the copy of the last records' variables too
 * (seqack_trace_finish()); a note afterwards finds them by look-up. */
void     seqack_vars_log_release (SeqackVarsLog      *log);
gsize    seqack_vars_log_memory (const SeqackVarsLog *log);

G_END_DECLS
