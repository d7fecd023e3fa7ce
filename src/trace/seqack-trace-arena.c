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

typedef struct
{
  guint8 *bytes;
  gsize   used;
  gsize   capacity;
} ArenaChunk;

struct _SeqackTraceArena
{
  gatomicrefcount ref;
  ArenaChunk     *chunks;
  guint           n_chunks;
  guint           chunks_capacity;
};

SeqackTraceArena *
seqack_trace_arena_new (void)
{
  SeqackTraceArena *arena = g_new0 (SeqackTraceArena, 1);

  g_atomic_ref_count_init (&arena->ref);
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

  for (guint i = 0; i < arena->n_chunks; i++)
    g_free (arena->chunks[i].bytes);
  g_free (arena->chunks);
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

  if (arena->n_chunks > 0)
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
