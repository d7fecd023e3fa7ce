/* seqack-tcp-tuples.h: a host's connections by 4-tuple key.
 *
 * An open-addressing table (linear probing, deletion by backward shift,
 * so no tombstones) whose slots hold the 64-bit key and the value side
 * by side: a lookup reads one slot, where GHashTable reads its hash,
 * key and value arrays and then the key through its pointer. With
 * 10,000 connections those reads are cache misses on every segment
 * (bench/bench-host).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint64  key;
  gpointer value;   /* NULL: the slot is free */
} SeqackTupleSlot;

typedef struct
{
  SeqackTupleSlot *slots;
  guint            size;    /* a power of two, or 0 */
  guint            shift;   /* 64 - log2 (size) */
  guint            len;
} SeqackTupleTable;

void     seqack_tuple_table_init   (SeqackTupleTable *table);
void     seqack_tuple_table_clear  (SeqackTupleTable *table);
/* The value under @key, or NULL. */
gpointer seqack_tuple_table_lookup (const SeqackTupleTable *table,
                                    guint64                 key);
/* Puts @value (never NULL) under @key, in place of any value there. */
void     seqack_tuple_table_insert (SeqackTupleTable *table,
                                    guint64           key,
                                    gpointer          value);
/* Takes @key out; nothing when it is not in. */
void     seqack_tuple_table_remove (SeqackTupleTable *table,
                                    guint64           key);

G_END_DECLS
