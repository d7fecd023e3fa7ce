/* seqack-tcp-heap.c: the indexed min-heap. */

#include "config.h"

#include "seqack-tcp-heap.h"

#define NODE(h, i) ((SeqackHeapNode *) g_ptr_array_index ((h)->nodes, (i)))

void
seqack_heap_init (SeqackHeap *heap)
{
  heap->nodes = g_ptr_array_new ();
}

void
seqack_heap_clear (SeqackHeap *heap)
{
  if (heap->nodes == NULL)
    return;
  for (guint i = 0; i < heap->nodes->len; i++)
    NODE (heap, i)->index = SEQACK_HEAP_NONE;
  g_ptr_array_unref (heap->nodes);
  heap->nodes = NULL;
}

static inline void
place (SeqackHeap     *heap,
       SeqackHeapNode *node,
       guint           i)
{
  heap->nodes->pdata[i] = node;
  node->index = i;
}

static void
sift_up (SeqackHeap *heap,
         guint       i)
{
  SeqackHeapNode *node = NODE (heap, i);

  while (i > 0)
    {
      guint parent = (i - 1) / 2;

      if (NODE (heap, parent)->key <= node->key)
        break;
      place (heap, NODE (heap, parent), i);
      i = parent;
    }
  place (heap, node, i);
}

static void
sift_down (SeqackHeap *heap,
           guint       i)
{
  SeqackHeapNode *node = NODE (heap, i);
  guint n = heap->nodes->len;

  for (;;)
    {
      guint child = 2 * i + 1;

      if (child >= n)
        break;
      if (child + 1 < n && NODE (heap, child + 1)->key < NODE (heap, child)->key)
        child++;
      if (node->key <= NODE (heap, child)->key)
        break;
      place (heap, NODE (heap, child), i);
      i = child;
    }
  place (heap, node, i);
}

void
seqack_heap_update (SeqackHeap     *heap,
                    SeqackHeapNode *node,
                    gint64          key)
{
  if (node->index == SEQACK_HEAP_NONE)
    {
      node->key = key;
      g_ptr_array_add (heap->nodes, node);
      node->index = heap->nodes->len - 1;
      sift_up (heap, node->index);
      return;
    }
  if (key < node->key)
    {
      node->key = key;
      sift_up (heap, node->index);
    }
  else if (key > node->key)
    {
      node->key = key;
      sift_down (heap, node->index);
    }
}

void
seqack_heap_remove (SeqackHeap     *heap,
                    SeqackHeapNode *node)
{
  guint i = node->index;
  SeqackHeapNode *last;

  if (i == SEQACK_HEAP_NONE)
    return;
  node->index = SEQACK_HEAP_NONE;
  last = g_ptr_array_steal_index (heap->nodes, heap->nodes->len - 1);
  if (last == node)
    return;
  place (heap, last, i);
  if (i > 0 && NODE (heap, (i - 1) / 2)->key > last->key)
    sift_up (heap, i);
  else
    sift_down (heap, i);
}

SeqackHeapNode *
seqack_heap_top (SeqackHeap *heap)
{
  return heap->nodes->len > 0 ? NODE (heap, 0) : NULL;
}

guint
seqack_heap_size (SeqackHeap *heap)
{
  return heap->nodes->len;
}
