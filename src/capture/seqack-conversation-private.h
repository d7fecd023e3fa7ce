/* seqack-conversation-private.h: what the capture alone uses of a
 * conversation. */
#pragma once

#include "seqack-conversation.h"

G_BEGIN_DECLS

/* As seqack_conversation_new(), with the Trace's bytes kept in @arena
 * (shared by all the conversations of one capture). */
SeqackConversation *seqack_conversation_new_in_arena (const SeqackPacket *first,
                                                      gint64              t_us,
                                                      SeqackTraceArena   *arena);

/* One packet of a deferred conversation: where its IP bytes are kept,
 * when it was captured, its length and how it was read. */
typedef struct
{
  guint64 kept;   /* seqack_trace_arena_keep() */
  gint64  t_us;
  guint32 len;    /* SEQACK_LOGGED_LEN bits, and the flags above them */
  guint32 conv;   /* its conversation's number in the log */
} SeqackLoggedPacket;

#define SEQACK_LOGGED_LEN          0x3fffffffu
#define SEQACK_LOGGED_CUT          0x40000000u /* the frame was cut */
#define SEQACK_LOGGED_CROSSED_WIRE 0x80000000u

G_STATIC_ASSERT (sizeof (SeqackLoggedPacket) == 24);

/* The packets of a capture's deferred conversations in the order read,
 * in chunks of one huge page (seqack-huge-alloc.h) written front to back:
 * a packet costs no allocation and no write anywhere else, and the log
 * never moves. Each conversation's packets are sorted out only when a
 * trace is first asked for. */
#define SEQACK_LOG_CHUNK_BYTES ((gsize) 2 << 20)
#define SEQACK_LOG_CHUNK \
  ((guint32) (SEQACK_LOG_CHUNK_BYTES / sizeof (SeqackLoggedPacket)))

typedef struct
{
  SeqackTraceArena    *arena;     /* where the bytes are kept */
  SeqackLoggedPacket **chunks;    /* SEQACK_LOG_CHUNK packets each */
  guint32              n_chunks, chunks_capacity;
  guint32              n_packets;
  SeqackLoggedPacket  *tail;      /* where the next one goes */
  guint32              tail_left; /* room there */
  guint32             n_conversations;
  /* Sorted out: the packets (their places in packets) of conversation c
   * are order[start[c]] to order[start[c + 1] - 1], as of when there
   * were n_sorted packets of n_sorted_conversations. */
  guint32            *order, *start;
  guint32             n_sorted, n_sorted_conversations;
  /* Where the deferred conversations themselves live: blocks, each
   * linked to the one before, freed with the log. */
  gpointer            slab_blocks;
  guint8             *slab_next;
  gsize               slab_left;
} SeqackPacketLog;

static inline SeqackLoggedPacket *
seqack_packet_log_get (const SeqackPacketLog *log,
                       guint32                i)
{
  return &log->chunks[i / SEQACK_LOG_CHUNK][i % SEQACK_LOG_CHUNK];
}

void  seqack_packet_log_clear  (SeqackPacketLog       *log);
gsize seqack_packet_log_memory (const SeqackPacketLog *log);

/* A conversation whose Trace is built only when first asked for
 * (seqack_conversation_get_trace()): until then a packet added with
 * seqack_conversation_add_deferred() costs its summary, what tells when
 * the connection is over, and a place in @log. The conversation lives in
 * @log's memory: @log must outlive it, and is cleared after it.
 * The Trace built then is the one seqack_conversation_add() would have
 * built, and the conversation goes on as if never deferred. */
SeqackConversation *seqack_conversation_new_deferred (const SeqackPacket *first,
                                                      gint64              t_us,
                                                      SeqackPacketLog    *log);
/* Adds @packet, decoded (seqack_packet_decode_captured_lean(), with
 * @cut) from the @ip_len bytes at @ip, which the arena of the capture's
 * traces keeps at @kept. A conversation that has its trace adds it there
 * at once. */
void seqack_conversation_add_deferred (SeqackConversation *conv,
                                       const SeqackPacket *packet,
                                       const guint8       *ip,
                                       guint64             kept,
                                       gsize               ip_len,
                                       gboolean            cut,
                                       gint64              t_us);

/* seqack_trace_note_snapshot_length() on its Trace, now or once built. */
void seqack_conversation_note_snapshot_length (SeqackConversation *conv,
                                               guint32             length);
/* seqack_trace_finish() on its Trace, if it has one yet. */
void seqack_conversation_finish (SeqackConversation *conv);

/* Bytes the conversation holds: itself, its Trace, and the holes it
 * tracks (not the arena its Trace shares, nor a deferred one's log). */
gsize seqack_conversation_get_memory_size (SeqackConversation *conv);

G_END_DECLS
