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

/* Bytes the conversation holds: itself, its Trace, and the holes it
 * tracks (not the arena its Trace shares). */
gsize seqack_conversation_get_memory_size (SeqackConversation *conv);

G_END_DECLS
