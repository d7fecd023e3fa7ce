/* seqack-trace-arena.c: where traces keep packet bytes and texts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "seqack-trace-arena-private.h"

/* The first chunk is small so an empty trace costs little; later ones
 * double up to a ceiling. Any single item (at most 64 KiB + NUL) gets a
 * chunk at least its size. Chunks at the ceiling come from mmap, so the
 * unused end of the newest one is never touched and costs no RAM. */
#define ARENA_FIRST_CHUNK ((gsize) 4096)
#define ARENA_MAX_CHUNK   ((gsize) 1024 * 1024)

/* External bytes are cut into chunks this long (an offset within a chunk
 * must fit in 32 bits), each reaching ARENA_ITEM_MAX further, so any item
 * that starts in one ends in it too. */
#define ARENA_EXTERNAL_CHUNK ((gsize) 1 << 31)
#define ARENA_ITEM_MAX       ((gsize) 65536)

typedef struct
{
  guint8 *bytes;
  gsize   used;
  gsize   capacity;  /* 0 for external bytes */
} ArenaChunk;

struct _SeqackTraceArena
{
  gatomicrefcount ref;
  ArenaChunk     *chunks;
  guint           n_chunks;
  guint           chunks_capacity;
  /* External bytes: chunks 0 .. n_external - 1 view them. */
  const guint8   *external;
  gsize           external_len;
  guint           n_external;
  GDestroyNotify  external_destroy;
  gpointer        external_data;
};

SeqackTraceArena *
seqack_trace_arena_new (void)
{
  SeqackTraceArena *arena = g_new0 (SeqackTraceArena, 1);

  g_atomic_ref_count_init (&arena->ref);
  return arena;
}

SeqackTraceArena *
seqack_trace_arena_new_external (const guint8   *bytes,
                                 gsize           len,
                                 GDestroyNotify  destroy,
                                 gpointer        destroy_data)
{
  SeqackTraceArena *arena;
  guint n;

  g_return_val_if_fail (bytes != NULL || len == 0, NULL);

  arena = seqack_trace_arena_new ();
  n = (guint) ((len + ARENA_EXTERNAL_CHUNK - 1) / ARENA_EXTERNAL_CHUNK);
  arena->external = bytes;
  arena->external_len = len;
  arena->n_external = n;
  arena->external_destroy = destroy;
  arena->external_data = destroy_data;
  arena->chunks_capacity = MAX (4, n);
  arena->chunks = g_new (ArenaChunk, arena->chunks_capacity);
  for (guint i = 0; i < n; i++)
    {
      gsize start = (gsize) i * ARENA_EXTERNAL_CHUNK;

      arena->chunks[i].bytes = (guint8 *) bytes + start;
      arena->chunks[i].used = MIN (len - start,
                                   ARENA_EXTERNAL_CHUNK + ARENA_ITEM_MAX);
      arena->chunks[i].capacity = 0;
    }
  arena->n_chunks = n;
  return arena;
}

SeqackTraceArena *
seqack_trace_arena_ref (SeqackTraceArena *arena)
{
  g_return_val_if_fail (arena != NULL, NULL);

  g_atomic_ref_count_inc (&arena->ref);
  return arena;
}

void
seqack_trace_arena_unref (SeqackTraceArena *arena)
{
  if (arena == NULL || !g_atomic_ref_count_dec (&arena->ref))
    return;

  for (guint i = arena->n_external; i < arena->n_chunks; i++)
    g_free (arena->chunks[i].bytes);
  g_free (arena->chunks);
  if (arena->external_destroy != NULL)
    arena->external_destroy (arena->external_data);
  g_free (arena);
}

gsize
seqack_trace_arena_get_memory_size (SeqackTraceArena *arena)
{
  gsize size;

  g_return_val_if_fail (arena != NULL, 0);

  size = sizeof *arena + arena->chunks_capacity * sizeof (ArenaChunk);
  for (guint i = 0; i < arena->n_chunks; i++)
    size += arena->chunks[i].capacity;
  return size;
}

guint64
seqack_trace_arena_append (SeqackTraceArena *arena,
                           const guint8     *bytes,
                           gsize             len,
                           gboolean          nul_terminate)
{
  gsize need = len + (nul_terminate ? 1 : 0);
  ArenaChunk *chunk = NULL;
  guint64 offset;

  /* Bytes already in the external ones are kept where they are (the
   * comparison in integers: pointers into different objects do not
   * compare in C). */
  if (!nul_terminate && arena->external_len > 0 &&
      (guintptr) bytes >= (guintptr) arena->external &&
      len <= ARENA_ITEM_MAX && len <= arena->external_len &&
      (guintptr) bytes - (guintptr) arena->external <=
      arena->external_len - len)
    {
      gsize at = (gsize) ((guintptr) bytes - (guintptr) arena->external);

      return ((guint64) (at / ARENA_EXTERNAL_CHUNK) << 32) |
             (at % ARENA_EXTERNAL_CHUNK);
    }

  if (arena->n_chunks > arena->n_external)
    chunk = &arena->chunks[arena->n_chunks - 1];

  if (chunk == NULL || chunk->capacity - chunk->used < need)
    {
      gsize capacity = chunk == NULL ? ARENA_FIRST_CHUNK
                                     : MIN (chunk->capacity * 2,
                                            ARENA_MAX_CHUNK);

      if (arena->n_chunks == arena->chunks_capacity)
        {
          arena->chunks_capacity = MAX (4, arena->chunks_capacity * 2);
          arena->chunks = g_renew (ArenaChunk, arena->chunks,
                                   arena->chunks_capacity);
        }
      chunk = &arena->chunks[arena->n_chunks++];
      chunk->capacity = MAX (capacity, need);
      chunk->used = 0;
      chunk->bytes = g_malloc (chunk->capacity);
    }

  offset = ((guint64) (arena->n_chunks - 1) << 32) | chunk->used;
  if (len > 0)
    memcpy (chunk->bytes + chunk->used, bytes, len);
  if (nul_terminate)
    chunk->bytes[chunk->used + len] = 0;
  chunk->used += need;
  return offset;
}

const guint8 *
seqack_trace_arena_get (SeqackTraceArena *arena,
                        guint64           offset)
{
  guint chunk_index = (guint) (offset >> 32);
  gsize within = (gsize) (offset & G_MAXUINT32);

  g_assert (chunk_index < arena->n_chunks);
  g_assert (within <= arena->chunks[chunk_index].used);
  return arena->chunks[chunk_index].bytes + within;
}

guint64
seqack_trace_arena_keep (SeqackTraceArena *arena,
                         const guint8     *bytes,
                         gsize             len)
{
  guintptr at;

  g_return_val_if_fail (arena != NULL, 0);
  g_return_val_if_fail (bytes != NULL || len == 0, 0);

  /* In integers: pointers into different objects do not compare in C. */
  at = (guintptr) bytes - (guintptr) arena->external;

  /* The usual case first, as seqack_trace_arena_append() finds it: bytes
   * of a mapped capture, where they lie (a wrapped subtraction is a huge
   * offset, out of range). */
  if (at < arena->external_len && len <= ARENA_ITEM_MAX &&
      len <= arena->external_len - at)
    return ((guint64) (at / ARENA_EXTERNAL_CHUNK) << 32) |
           (at % ARENA_EXTERNAL_CHUNK);
  return seqack_trace_arena_append (arena, bytes, len, FALSE);
}

const guint8 *
seqack_trace_arena_get_kept (SeqackTraceArena *arena,
                             guint64           kept)
{
  g_return_val_if_fail (arena != NULL, NULL);

  return seqack_trace_arena_get (arena, kept);
}
