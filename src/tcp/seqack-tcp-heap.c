/* seqack-tcp-heap.c: the indexed min-heap. */

#include "config.h"

#include "seqack-tcp-heap.h"

void
seqack_heap_init (SeqackHeap *heap)
{
  heap->entries = NULL;
  heap->len = heap->size = 0;
}

void
seqack_heap_clear (SeqackHeap *heap)
{
  for (guint i = 0; i < heap->len; i++)
    heap->entries[i].node->index = SEQACK_HEAP_NONE;
  g_clear_pointer (&heap->entries, g_free);
  heap->len = heap->size = 0;
}

static inline void
place (SeqackHeap      *heap,
       SeqackHeapEntry  entry,
       guint            i)
{
  heap->entries[i] = entry;
  entry.node->index = i;
}

static void
sift_up (SeqackHeap *heap,
         guint       i)
{
  SeqackHeapEntry entry = heap->entries[i];

  while (i > 0)
    {
      guint parent = (i - 1) / 2;

      if (heap->entries[parent].key <= entry.key)
        break;
      place (heap, heap->entries[parent], i);
      i = parent;
    }
  place (heap, entry, i);
}

static void
sift_down (SeqackHeap *heap,
           guint       i)
{
  SeqackHeapEntry entry = heap->entries[i];
  guint n = heap->len;

  for (;;)
    {
      guint child = 2 * i + 1;

      if (child >= n)
        break;
      if (child + 1 < n &&
          heap->entries[child + 1].key < heap->entries[child].key)
        child++;
      if (entry.key <= heap->entries[child].key)
        break;
      place (heap, heap->entries[child], i);
      i = child;
    }
  place (heap, entry, i);
}

void
seqack_heap_update (SeqackHeap     *heap,
                    SeqackHeapNode *node,
                    gint64          key)
{
  gint64 old = node->key;

  node->key = key;
  if (node->index == SEQACK_HEAP_NONE)
    {
      if (heap->len == heap->size)
        {
          heap->size = MAX (16, 2 * heap->size);
          heap->entries = g_renew (SeqackHeapEntry, heap->entries,
                                   heap->size);
        }
      heap->entries[heap->len] = (SeqackHeapEntry) { key, node };
      node->index = heap->len++;
      sift_up (heap, node->index);
      return;
    }
  heap->entries[node->index].key = key;
  if (key < old)
    sift_up (heap, node->index);
  else if (key > old)
    sift_down (heap, node->index);
}

void
seqack_heap_remove (SeqackHeap     *heap,
                    SeqackHeapNode *node)
{
  guint i = node->index;
  SeqackHeapEntry last;

  if (i == SEQACK_HEAP_NONE)
    return;
  node->index = SEQACK_HEAP_NONE;
  last = heap->entries[--heap->len];
  if (last.node == node)
    return;
  place (heap, last, i);
  if (i > 0 && heap->entries[(i - 1) / 2].key > last.key)
    sift_up (heap, i);
  else
    sift_down (heap, i);
}

SeqackHeapNode *
seqack_heap_top (SeqackHeap *heap)
{
  return heap->len > 0 ? heap->entries[0].node : NULL;
}

guint
seqack_heap_size (SeqackHeap *heap)
{
  return heap->len;
}
