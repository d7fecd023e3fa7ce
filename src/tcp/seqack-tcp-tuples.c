/* seqack-tcp-tuples.c: the 4-tuple table.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "seqack-tcp-tuples.h"

#define MIN_SIZE 16

/* Fibonacci hashing: the key's 64 bits times 2^64 / φ, top bits. */
static inline guint
home_of (const SeqackTupleTable *table,
         guint64                 key)
{
  return (guint) ((key * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)) >>
                  table->shift);
}

void
seqack_tuple_table_init (SeqackTupleTable *table)
{
  table->slots = NULL;
  table->size = 0;
  table->shift = 64;
  table->len = 0;
}

void
seqack_tuple_table_clear (SeqackTupleTable *table)
{
  g_clear_pointer (&table->slots, g_free);
  seqack_tuple_table_init (table);
}

/* The slot of @key, or the free slot where it would go. */
static guint
probe (const SeqackTupleTable *table,
       guint64                 key)
{
  guint mask = table->size - 1;
  guint i = home_of (table, key);

  while (table->slots[i].value != NULL && table->slots[i].key != key)
    i = (i + 1) & mask;
  return i;
}

gpointer
seqack_tuple_table_lookup (const SeqackTupleTable *table,
                           guint64                 key)
{
  if (table->len == 0)
    return NULL;
  return table->slots[probe (table, key)].value;
}

static void
resize (SeqackTupleTable *table,
        guint             size)
{
  SeqackTupleSlot *old = table->slots;
  guint old_size = table->size;

  table->slots = g_new0 (SeqackTupleSlot, size);
  table->size = size;
  table->shift = 64 - (guint) g_bit_nth_msf (size, -1);
  for (guint i = 0; i < old_size; i++)
    if (old[i].value != NULL)
      table->slots[probe (table, old[i].key)] = old[i];
  g_free (old);
}

void
seqack_tuple_table_insert (SeqackTupleTable *table,
                           guint64           key,
                           gpointer          value)
{
  guint i;

  g_return_if_fail (value != NULL);

  /* At most half full, so probe runs stay short. */
  if (2 * (table->len + 1) > table->size)
    resize (table, MAX (MIN_SIZE, 2 * table->size));
  i = probe (table, key);
  if (table->slots[i].value == NULL)
    table->len++;
  table->slots[i].key = key;
  table->slots[i].value = value;
}

void
seqack_tuple_table_remove (SeqackTupleTable *table,
                           guint64           key)
{
  guint mask = table->size - 1;
  guint i, j;

  if (table->len == 0)
    return;
  i = probe (table, key);
  if (table->slots[i].value == NULL)
    return;
  table->len--;
  /* Backward shift: move each later entry of the run into the hole
   * unless the hole lies before its home (cyclically), where lookups
   * would no longer find it. */
  for (j = (i + 1) & mask; table->slots[j].value != NULL;
       j = (j + 1) & mask)
    {
      guint home = home_of (table, table->slots[j].key);
      gboolean stays = i <= j ? (i < home && home <= j)
                              : (i < home || home <= j);

      if (stays)
        continue;
      table->slots[i] = table->slots[j];
      i = j;
    }
  table->slots[i].value = NULL;
}
