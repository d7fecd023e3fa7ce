/* seqack-tcp-heap.h: an indexed binary min-heap of deadlines, so a host
 * with many connections knows its next deadline in O(1) and moves one
 * connection's in O(log n). The nodes live inside the caller's structs. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define SEQACK_HEAP_NONE G_MAXUINT

typedef struct
{
  gint64 key;     /* the deadline */
  guint  index;   /* position in the heap, SEQACK_HEAP_NONE when out */
} SeqackHeapNode;

typedef struct
{
  gint64          key;    /* node->key, kept beside it so sifting reads
                           * one array and not every node it passes */
  SeqackHeapNode *node;
} SeqackHeapEntry;

typedef struct
{
  SeqackHeapEntry *entries;   /* heap-ordered by key */
  guint            len, size;
} SeqackHeap;

void            seqack_heap_init   (SeqackHeap *heap);
void            seqack_heap_clear  (SeqackHeap *heap);
/* Puts @node in with @key, or moves it there if it is in already. */
void            seqack_heap_update (SeqackHeap     *heap,
                                    SeqackHeapNode *node,
                                    gint64          key);
/* Takes @node out; nothing when it is not in. */
void            seqack_heap_remove (SeqackHeap     *heap,
                                    SeqackHeapNode *node);
/* The node with the smallest key, or NULL. */
SeqackHeapNode *seqack_heap_top    (SeqackHeap *heap);
guint           seqack_heap_size   (SeqackHeap *heap);

static inline void
seqack_heap_node_init (SeqackHeapNode *node)
{
  node->key = G_MAXINT64;
  node->index = SEQACK_HEAP_NONE;
}

G_END_DECLS
