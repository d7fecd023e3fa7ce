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
  guint32 next;   /* the conversation's next packet + 1; 0 for none */
} SeqackLoggedPacket;

#define SEQACK_LOGGED_LEN          0x3fffffffu
#define SEQACK_LOGGED_CUT          0x40000000u /* the frame was cut */
#define SEQACK_LOGGED_CROSSED_WIRE 0x80000000u

G_STATIC_ASSERT (sizeof (SeqackLoggedPacket) == 24);

/* The packets of a capture's deferred conversations in the order read,
 * each conversation's chained: one array for all of them, so a
 * conversation costs no allocation per packet. */
typedef struct
{
  SeqackTraceArena   *arena;      /* where the bytes are kept */
  SeqackLoggedPacket *packets;
  guint32             n_packets, capacity;
} SeqackPacketLog;

void  seqack_packet_log_clear  (SeqackPacketLog       *log);
gsize seqack_packet_log_memory (const SeqackPacketLog *log);

/* A conversation whose Trace is built only when first asked for
 * (seqack_conversation_get_trace()): until then a packet added with
 * seqack_conversation_add_deferred() costs its summary, what tells when
 * the connection is over, and a place in @log (which must outlive it).
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
