/* seqack-conversation.h: one TCP connection seen in a capture.
 *
 * A conversation is the segments of one 4-tuple from one connection (a SYN
 * that reuses the 4-tuple after a close starts the next one). It builds
 * its own Trace as segments are added: every segment as a captured event
 * with its raw IP bytes, marks for retransmissions and out-of-order
 * segments, and each side's state and variables inferred from the
 * packets (RFC 9293 §3.3.2 and §3.10.7), marked SEQACK_MARK_INFERRED.
 * A capture may defer building the Trace until it is first asked for
 * (seqack_capture_load_file_mapped()); the summary is kept as packets
 * come either way.
 */
#pragma once

#include <glib.h>

#include "seqack-packet.h"
#include "seqack-trace.h"

G_BEGIN_DECLS

typedef enum
{
  SEQACK_CONVERSATION_OPEN, /* neither a FIN each way nor a RST was seen */
  SEQACK_CONVERSATION_FIN,  /* both sides sent a FIN */
  SEQACK_CONVERSATION_RST,  /* a RST ended it */
} SeqackConversationEnd;

/* "open", "fin", "rst" (the CLI's names, never translated). */
const char *seqack_conversation_end_name (SeqackConversationEnd end);

/* The conversation list's summary. */
typedef struct
{
  SeqackEndpoint        client;    /* sent the first SYN (or, with no SYN
                                    * captured, the first packet) */
  SeqackEndpoint        server;
  guint64               n_packets;
  gint64                first_us;  /* capture time of the first packet, µs
                                    * since the Unix epoch: the Trace's
                                    * time zero */
  gint64                last_us;
  SeqackConversationEnd end;
  gboolean              syn_seen;  /* the handshake's SYN was captured */
  guint64               n_retransmissions;
  guint64               n_out_of_order;
} SeqackConversationInfo;

typedef struct _SeqackConversation SeqackConversation;

/* Starts a conversation with its first packet (not yet added: call
 * seqack_conversation_add() with it). The client is the packet's sender,
 * except for a SYN,ACK, whose receiver sent the (missed) SYN. */
SeqackConversation *seqack_conversation_new  (const SeqackPacket *first,
                                              gint64              t_us);
void                seqack_conversation_free (SeqackConversation *conv);

/* Adds one decoded segment of this conversation, captured at @t_us (µs
 * since the Unix epoch; a time earlier than the last is taken as the
 * last). @ip / @ip_len are the IP packet @packet was decoded from; they
 * are copied into the Trace. */
void seqack_conversation_add (SeqackConversation *conv,
                              const SeqackPacket *packet,
                              const guint8       *ip,
                              gsize               ip_len,
                              gint64              t_us);

/* TRUE when the connection is over (a FIN each way, or a RST): a new SYN
 * on the same 4-tuple then starts another conversation. */
gboolean seqack_conversation_is_closed (SeqackConversation *conv);

const SeqackConversationInfo *seqack_conversation_get_info  (SeqackConversation *conv);
SeqackTrace                  *seqack_conversation_get_trace (SeqackConversation *conv);

/* Seconds from the first to the last packet. */
double seqack_conversation_get_duration (SeqackConversation *conv);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackConversation, seqack_conversation_free)

G_END_DECLS
