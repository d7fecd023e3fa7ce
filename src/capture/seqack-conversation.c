/* seqack-conversation.c: one TCP connection seen in a capture.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The states are inferred the way a reader of a capture infers them: a
 * side's own segments show the transitions it made by sending (SYN-SENT,
 * SYN-RCVD, FIN-WAIT-1, LAST-ACK, TIME-WAIT when it sends the final ACK),
 * and the segments it receives show the rest (ESTABLISHED, CLOSE-WAIT,
 * FIN-WAIT-2, CLOSING, CLOSED). Sending transitions are recorded just
 * before the segment, receiving ones just after it, so the ladder reads
 * like the lab's.
 */

#include "config.h"

#include <string.h>

#include "seqack-conversation-private.h"

/* Holes in the sequence space a side has sent, remembered to tell a
 * segment that fills one (out of order) from one that repeats bytes
 * already seen (a retransmission). A few are enough for a lesson; the
 * oldest is forgotten first. */
#define MAX_GAPS 8

typedef struct
{
  guint32 lo, hi;     /* [lo, hi) not seen yet */
} Gap;

/* One side's inferred state: a capture holds tens of thousands, so it is
 * packed (88 bytes), and the holes in what was captured, rare, are kept
 * apart until one appears. */
typedef struct
{
  SeqackTcpVars  vars;
  guint32        fin_seq;           /* sequence number of its FIN */
  guint32        high;              /* highest seq + seg_len sent */
  guint8         state;             /* SeqackTcpState */
  guint8         wscale;
  guint8         n_gaps;
  guint8         syn_sent : 1;
  guint8         synack_sent : 1;
  guint8         fin_sent : 1;
  guint8         fin_delivered : 1; /* its FIN reached the peer */
  guint8         has_wscale : 1;
  guint8         seq_known : 1;
  Gap           *gaps;              /* MAX_GAPS of them, once there is one */
} Side;

struct _SeqackConversation
{
  SeqackConversationInfo info;
  SeqackTrace           *trace;           /* NULL while deferred */
  SeqackPacketLog       *log;             /* a deferred one's packets */
  guint32                first_packet;    /* in log, + 1; 0: none */
  guint32                last_packet;
  guint32                snapshot_length; /* noted while deferred */
  Side                   sides[2];
  gint64                 last_t;
  guint8                 closed : 1;
  /* A state change or a RST has been seen: the conversation is no longer
   * at its first packets, so a capture that "began after the handshake"
   * is ruled out from now on. */
  guint8                 started : 1;
};

/* RFC 9293 §3.4: sequence numbers compare modulo 2^32. */
static inline gboolean
seq_lt (guint32 a,
        guint32 b)
{
  return (gint32) (a - b) < 0;
}

static inline gboolean
seq_leq (guint32 a,
         guint32 b)
{
  return (gint32) (a - b) <= 0;
}

static inline guint32
seq_max (guint32 a,
         guint32 b)
{
  return seq_lt (a, b) ? b : a;
}

const char *
seqack_conversation_end_name (SeqackConversationEnd end)
{
  switch (end)
    {
    case SEQACK_CONVERSATION_FIN:
      return "fin";
    case SEQACK_CONVERSATION_RST:
      return "rst";
    case SEQACK_CONVERSATION_OPEN:
    default:
      return "open";
    }
}

static void
endpoint_from_packet (const SeqackPacket *packet,
                      gboolean            source,
                      SeqackEndpoint     *endpoint)
{
  memset (endpoint, 0, sizeof *endpoint);
  endpoint->family = packet->family;

  if (packet->family == 4)
    {
      guint32 addr = g_htonl (source ? packet->ip4.src : packet->ip4.dst);

      memcpy (endpoint->addr, &addr, 4);
    }
  else
    {
      memcpy (endpoint->addr, source ? packet->src6 : packet->dst6, 16);
    }

  endpoint->port = source ? packet->tcp.src_port : packet->tcp.dst_port;
}

/* Whether @packet was sent by @endpoint, compared where they lie: every
 * packet asks, and building an endpoint to compare costs more than the
 * comparison. */
static inline gboolean
sent_by (const SeqackPacket   *packet,
         const SeqackEndpoint *endpoint)
{
  if (packet->tcp.src_port != endpoint->port ||
      packet->family != endpoint->family)
    return FALSE;
  if (packet->family == 4)
    {
      guint32 addr = g_htonl (packet->ip4.src);

      return memcmp (endpoint->addr, &addr, 4) == 0;
    }
  return memcmp (endpoint->addr, packet->src6, 16) == 0;
}

SeqackConversation *
seqack_conversation_new (const SeqackPacket *first,
                         gint64              t_us)
{
  g_return_val_if_fail (first != NULL, NULL);

  return seqack_conversation_new_in_arena (first, t_us, NULL);
}

/* A conversation with no trace yet. */
static SeqackConversation *
conversation_new (const SeqackPacket *first,
                  gint64              t_us)
{
  SeqackConversation *conv = g_new0 (SeqackConversation, 1);
  gboolean client_is_source;

  /* The side that sent the first SYN is the client; a SYN,ACK seen first
   * means its receiver sent that SYN. */
  client_is_source = (first->tcp.flags & (SEQACK_TCP_SYN | SEQACK_TCP_ACK))
                     != (SEQACK_TCP_SYN | SEQACK_TCP_ACK);

  endpoint_from_packet (first, client_is_source, &conv->info.client);
  endpoint_from_packet (first, !client_is_source, &conv->info.server);

  conv->info.first_us = t_us;
  conv->info.last_us = t_us;
  conv->info.end = SEQACK_CONVERSATION_OPEN;

  return conv;
}

SeqackConversation *
seqack_conversation_new_in_arena (const SeqackPacket *first,
                                  gint64              t_us,
                                  SeqackTraceArena   *arena)
{
  SeqackConversation *conv;

  g_return_val_if_fail (first != NULL, NULL);

  conv = conversation_new (first, t_us);
  conv->trace = arena != NULL ? seqack_trace_new_with_arena (arena)
                              : seqack_trace_new ();
  seqack_trace_set_endpoint (conv->trace, SEQACK_CLIENT, &conv->info.client);
  seqack_trace_set_endpoint (conv->trace, SEQACK_SERVER, &conv->info.server);

  return conv;
}

SeqackConversation *
seqack_conversation_new_deferred (const SeqackPacket *first,
                                  gint64              t_us,
                                  SeqackPacketLog    *log)
{
  SeqackConversation *conv;

  g_return_val_if_fail (first != NULL, NULL);
  g_return_val_if_fail (log != NULL && log->arena != NULL, NULL);

  conv = conversation_new (first, t_us);
  conv->log = log;

  return conv;
}

void
seqack_conversation_free (SeqackConversation *conv)
{
  if (conv == NULL)
    return;

  seqack_trace_free (conv->trace);
  g_free (conv->sides[0].gaps);
  g_free (conv->sides[1].gaps);
  g_free (conv);
}

gsize
seqack_conversation_get_memory_size (SeqackConversation *conv)
{
  gsize size = sizeof *conv;

  /* Not the log: the capture counts it once. */
  if (conv->trace != NULL)
    size += seqack_trace_get_memory_size (conv->trace);

  for (guint s = 0; s < 2; s++)
    if (conv->sides[s].gaps != NULL)
      size += MAX_GAPS * sizeof (Gap);
  return size;
}

gboolean
seqack_conversation_is_closed (SeqackConversation *conv)
{
  g_return_val_if_fail (conv != NULL, FALSE);

  return conv->closed;
}

const SeqackConversationInfo *
seqack_conversation_get_info (SeqackConversation *conv)
{
  g_return_val_if_fail (conv != NULL, NULL);

  return &conv->info;
}

static void build_trace (SeqackConversation *conv);

SeqackTrace *
seqack_conversation_get_trace (SeqackConversation *conv)
{
  g_return_val_if_fail (conv != NULL, NULL);

  if (conv->trace == NULL)
    build_trace (conv);
  return conv->trace;
}

double
seqack_conversation_get_duration (SeqackConversation *conv)
{
  g_return_val_if_fail (conv != NULL, 0.0);

  return (double) (conv->info.last_us - conv->info.first_us) / 1e6;
}

static void
set_state (SeqackConversation *conv,
           gint64              t,
           SeqackSide          side,
           SeqackTcpState      to,
           SeqackTcpEdge       edge)
{
  Side *s = &conv->sides[side];

  if (s->state == to)
    return;

  seqack_trace_add_state (conv->trace, t, side, s->state, to, edge,
                          SEQACK_MARK_INFERRED);
  s->state = to;
  conv->started = TRUE;
}

/* A change whose cause is only known from the packets: the edge comes
 * from the state table. */
static void
infer_state (SeqackConversation *conv,
             gint64              t,
             SeqackSide          side,
             SeqackTcpState      to)
{
  set_state (conv, t, side, to,
             seqack_tcp_edge_find (conv->sides[side].state, to));
}

static void
remove_gap (Side *s,
            guint i)
{
  memmove (&s->gaps[i], &s->gaps[i + 1], (s->n_gaps - i - 1) * sizeof (Gap));
  s->n_gaps--;
}

static void
add_gap (Side    *s,
         guint32  lo,
         guint32  hi)
{
  if (s->gaps == NULL)
    s->gaps = g_new (Gap, MAX_GAPS);
  if (s->n_gaps == MAX_GAPS)
    remove_gap (s, 0);

  s->gaps[s->n_gaps].lo = lo;
  s->gaps[s->n_gaps].hi = hi;
  s->n_gaps++;
}

/* Retransmission: the segment's sequence space was seen before in this
 * direction (SYN and FIN occupy one number each, so a repeated SYN or FIN
 * is one too). Out of order: below the highest seen, filling a hole. */
static guint8
classify (Side    *s,
          guint32  seq,
          guint32  seg_len)
{
  guint32 end = seq + seg_len;
  guint i;

  if (seg_len == 0)
    return 0;

  if (!s->seq_known)
    {
      s->seq_known = TRUE;
      s->high = end;
      return 0;
    }

  if (seq_leq (s->high, seq))
    {
      /* Bytes between the highest seen and this segment were not
       * captured (yet): remember the hole. */
      if (seq != s->high)
        add_gap (s, s->high, seq);
      s->high = end;
      return 0;
    }

  for (i = 0; i < s->n_gaps; i++)
    {
      Gap *gap = &s->gaps[i];

      if (seq_leq (gap->lo, seq) && seq_lt (seq, gap->hi))
        {
          if (seq == gap->lo && seq_leq (gap->hi, end))
            remove_gap (s, i);
          else if (seq == gap->lo)
            gap->lo = end;
          else
            gap->hi = seq;

          s->high = seq_max (s->high, end);
          return SEQACK_MARK_OUT_OF_ORDER;
        }
    }

  s->high = seq_max (s->high, end);

  return SEQACK_MARK_RETRANSMISSION;
}

/* The sequence number a FIN in @seg occupies: after the SYN (if any)
 * and the payload (RFC 9293 §3.4). */
static guint32
fin_seq_of (const SeqackTcpSegment *seg)
{
  guint32 fin_seq = seg->seq + (guint32) seg->payload_len;

  if ((seg->flags & SEQACK_TCP_SYN) != 0)
    fin_seq++;
  return fin_seq;
}

/* The window field in bytes: RFC 7323 §2.2 scaling applies when both SYNs
 * carried the option, and never to a SYN's own window. */
static guint32
scaled_window (SeqackConversation     *conv,
               SeqackSide              sender,
               const SeqackTcpSegment *seg)
{
  Side *s = &conv->sides[sender];
  Side *peer = &conv->sides[SEQACK_OTHER_SIDE (sender)];

  if ((seg->flags & SEQACK_TCP_SYN) == 0 && s->has_wscale &&
      peer->has_wscale)
    return (guint32) seg->window << MIN (s->wscale, 14);

  return seg->window;
}

/* The FIN @sender sent has reached its peer (RFC 9293 §3.10.7.4, eighth
 * step). A capture shows this only indirectly: when the peer acknowledges
 * the FIN, or when a later segment of @sender arrives (segments of one
 * direction arrive in order). Waiting for that evidence keeps a
 * simultaneous close apart from an ordinary one: a FIN sent before the
 * peer's FIN arrived does not acknowledge it. */
static void
deliver_fin (SeqackConversation *conv,
             gint64              t,
             SeqackSide          sender)
{
  SeqackSide peer = SEQACK_OTHER_SIDE (sender);
  Side *s = &conv->sides[sender];

  if (!s->fin_sent || s->fin_delivered)
    return;
  s->fin_delivered = TRUE;

  switch (conv->sides[peer].state)
    {
    case SEQACK_TCP_SYN_RECEIVED:
      /* RFC 9293 §3.10.7.4: the segment's ACK is processed (fifth step,
       * SYN-RCVD -> ESTABLISHED) before its FIN (eighth step), so a FIN
       * reaching SYN-RCVD passes through ESTABLISHED. */
      infer_state (conv, t, peer, SEQACK_TCP_ESTABLISHED);
      infer_state (conv, t, peer, SEQACK_TCP_CLOSE_WAIT);
      break;

    case SEQACK_TCP_ESTABLISHED:
      infer_state (conv, t, peer, SEQACK_TCP_CLOSE_WAIT);
      break;

    case SEQACK_TCP_FIN_WAIT_1:
      /* Simultaneous close: the peer's FIN came before the ACK of ours. */
      infer_state (conv, t, peer, SEQACK_TCP_CLOSING);
      break;

    case SEQACK_TCP_FIN_WAIT_2:
      /* The active closer starts its 2 MSL wait, and sends the final
       * ACK. */
      infer_state (conv, t, peer, SEQACK_TCP_TIME_WAIT);
      break;

    default:
      break;
    }
}

/* Transitions the sender makes by sending @seg (RFC 9293 §3.10.1,
 * §3.10.4 and §3.10.7.4). */
static void
infer_sending (SeqackConversation     *conv,
               gint64                  t,
               SeqackSide              a,
               const SeqackTcpSegment *seg,
               gboolean                new_fin)
{
  Side *sa = &conv->sides[a];
  Side *sb = &conv->sides[SEQACK_OTHER_SIDE (a)];
  SeqackSide b = SEQACK_OTHER_SIDE (a);
  guint8 flags = seg->flags;

  if ((flags & (SEQACK_TCP_SYN | SEQACK_TCP_ACK)) == SEQACK_TCP_SYN)
    {
      /* Active open; a listener that sends its own SYN (simultaneous
       * open) takes the LISTEN -> SYN-SENT edge. */
      if (sa->state == SEQACK_TCP_CLOSED || sa->state == SEQACK_TCP_LISTEN)
        infer_state (conv, t, a, SEQACK_TCP_SYN_SENT);
    }
  else if ((flags & (SEQACK_TCP_SYN | SEQACK_TCP_ACK))
           == (SEQACK_TCP_SYN | SEQACK_TCP_ACK))
    {
      /* A SYN,ACK answers a SYN: its sender was listening (implied: the
       * passive open is not on the wire), or had sent a SYN itself. */
      if (sa->state == SEQACK_TCP_CLOSED)
        infer_state (conv, t, a, SEQACK_TCP_LISTEN);
      if (sa->state == SEQACK_TCP_LISTEN || sa->state == SEQACK_TCP_SYN_SENT)
        infer_state (conv, t, a, SEQACK_TCP_SYN_RECEIVED);
    }
  else if (!conv->started &&
           sa->state == SEQACK_TCP_CLOSED && sb->state == SEQACK_TCP_CLOSED &&
           !sa->syn_sent && !sb->syn_sent &&
           (flags & SEQACK_TCP_ACK) != 0)
    {
      /* The capture began after the handshake: an ACK only flows on a
       * synchronized connection (RFC 9293 §3.5). Only at a
       * conversation's first packets: after a RST both sides really are
       * CLOSED, and a stray ACK there opens nothing (§3.10.7.1). */
      set_state (conv, t, a, SEQACK_TCP_ESTABLISHED, SEQACK_TCP_EDGE_NONE);
      set_state (conv, t, b, SEQACK_TCP_ESTABLISHED, SEQACK_TCP_EDGE_NONE);
    }

  /* The peer's FIN is known to have arrived once this side acknowledges
   * it; a FIN,ACK takes the peer's FIN first, then its own. */
  if ((flags & SEQACK_TCP_ACK) != 0 && sb->fin_sent && !sb->fin_delivered &&
      seq_lt (sb->fin_seq, seg->ack))
    deliver_fin (conv, t, b);

  /* RFC 9293 §3.10.4 CLOSE: a FIN it had not sent before (track()
   * noted it). */
  if (new_fin)
    {
      if (sa->state == SEQACK_TCP_ESTABLISHED ||
          sa->state == SEQACK_TCP_SYN_RECEIVED)
        infer_state (conv, t, a, SEQACK_TCP_FIN_WAIT_1);
      else if (sa->state == SEQACK_TCP_CLOSE_WAIT)
        infer_state (conv, t, a, SEQACK_TCP_LAST_ACK);
    }
}

/* Transitions the receiver makes on @seg (RFC 9293 §3.10.7.3 for RST,
 * §3.10.7.4 fifth step for the ACK). */
static void
infer_receiving (SeqackConversation     *conv,
                 gint64                  t,
                 SeqackSide              a,
                 const SeqackTcpSegment *seg)
{
  SeqackSide b = SEQACK_OTHER_SIDE (a);
  Side *sa = &conv->sides[a];
  Side *sb = &conv->sides[b];
  guint8 flags = seg->flags;

  if ((flags & SEQACK_TCP_RST) != 0)
    {
      /* RFC 9293 §3.10.7.3: a reset sends a synchronized receiver to
       * CLOSED, a SYN-RCVD one that was listening back to LISTEN. The
       * sender has aborted (or had no connection). */
      /* A SYN-SENT side resets an unacceptable SYN,ACK (an old
       * duplicate's) and keeps waiting (RFC 9293 §3.10.7.3); aborting
       * there sends nothing at all (§3.10.5). */
      if (sa->state != SEQACK_TCP_CLOSED && sa->state != SEQACK_TCP_LISTEN &&
          sa->state != SEQACK_TCP_SYN_SENT)
        set_state (conv, t, a, SEQACK_TCP_CLOSED, SEQACK_TCP_EDGE_ABORT);
      if (sb->state == SEQACK_TCP_SYN_RECEIVED)
        set_state (conv, t, b, SEQACK_TCP_LISTEN,
                   SEQACK_TCP_EDGE_SYN_RCVD_RST);
      else if (sb->state != SEQACK_TCP_CLOSED &&
               sb->state != SEQACK_TCP_LISTEN)
        set_state (conv, t, b, SEQACK_TCP_CLOSED, SEQACK_TCP_EDGE_RCV_RST);
      return;
    }

  /* Simultaneous open (RFC 9293 §3.5, Figure 8): a SYN reaches a side
   * that has sent its own. */
  if ((flags & (SEQACK_TCP_SYN | SEQACK_TCP_ACK)) == SEQACK_TCP_SYN &&
      sb->state == SEQACK_TCP_SYN_SENT)
    infer_state (conv, t, b, SEQACK_TCP_SYN_RECEIVED);

  /* A later segment of the same sender: its earlier FIN arrived first. */
  if (sa->fin_sent && !sa->fin_delivered &&
      !((flags & SEQACK_TCP_FIN) != 0 && fin_seq_of (seg) == sa->fin_seq))
    deliver_fin (conv, t, a);

  if ((flags & SEQACK_TCP_ACK) != 0)
    {
      gboolean acks_syn = sb->syn_sent && seq_lt (sb->vars.iss, seg->ack);
      gboolean acks_fin = sb->fin_sent && seq_lt (sb->fin_seq, seg->ack);

      switch (sb->state)
        {
        case SEQACK_TCP_SYN_SENT:
          if ((flags & SEQACK_TCP_SYN) != 0 && acks_syn)
            infer_state (conv, t, b, SEQACK_TCP_ESTABLISHED);
          break;

        case SEQACK_TCP_SYN_RECEIVED:
          if (acks_syn)
            infer_state (conv, t, b, SEQACK_TCP_ESTABLISHED);
          break;

        case SEQACK_TCP_FIN_WAIT_1:
          if (acks_fin)
            infer_state (conv, t, b, SEQACK_TCP_FIN_WAIT_2);
          break;

        case SEQACK_TCP_CLOSING:
          if (acks_fin)
            infer_state (conv, t, b, SEQACK_TCP_TIME_WAIT);
          break;

        case SEQACK_TCP_LAST_ACK:
          if (acks_fin)
            infer_state (conv, t, b, SEQACK_TCP_CLOSED);
          break;

        default:
          break;
        }
    }

}

/* The variables each side holds after @seg, as far as the capture shows
 * them (RFC 9293 §3.3.1). */
static void
infer_vars (SeqackConversation     *conv,
            SeqackSide              a,
            const SeqackTcpSegment *seg,
            gboolean                first_syn)
{
  SeqackSide b = SEQACK_OTHER_SIDE (a);
  Side *sa = &conv->sides[a];
  Side *sb = &conv->sides[b];
  guint32 seg_len = seqack_tcp_segment_seg_len (seg);
  guint32 end = seg->seq + seg_len;
  guint32 window = scaled_window (conv, a, seg);

  if ((seg->flags & SEQACK_TCP_RST) != 0)
    return;

  if ((seg->flags & SEQACK_TCP_SYN) != 0)
    {
      /* track() took its ISN. */
      if (first_syn)
        {
          sa->vars.snd_una = seg->seq;
          sa->vars.snd_nxt = end;
        }
      if (seg->options.has_wscale)
        {
          sa->has_wscale = TRUE;
          sa->wscale = seg->options.wscale;
        }

      /* The receiver learns the initial receive sequence number. */
      sb->vars.irs = seg->seq;
      sb->vars.rcv_nxt = end;
    }
  else if (sa->vars.snd_nxt == 0 && sa->vars.snd_una == 0 && !sa->syn_sent)
    {
      /* No SYN captured: start from the first segment seen. */
      sa->vars.snd_una = seg->seq;
      sa->vars.snd_nxt = end;
      sb->vars.rcv_nxt = end;
    }
  else
    {
      sa->vars.snd_nxt = seq_max (sa->vars.snd_nxt, end);
      /* In-order data advances the receiver's RCV.NXT. */
      if (seq_leq (seg->seq, sb->vars.rcv_nxt) &&
          seq_lt (sb->vars.rcv_nxt, end))
        sb->vars.rcv_nxt = end;
    }

  sa->vars.rcv_wnd = window;
  sb->vars.snd_wnd = window;

  if ((seg->flags & SEQACK_TCP_ACK) != 0)
    {
      sa->vars.rcv_nxt = seq_max (sa->vars.rcv_nxt, seg->ack);
      if (seq_lt (sb->vars.snd_una, seg->ack) &&
          seq_leq (seg->ack, sb->vars.snd_nxt))
        sb->vars.snd_una = seg->ack;
      else if (sb->vars.snd_nxt == 0 && sb->vars.snd_una == 0)
        sb->vars.snd_una = sb->vars.snd_nxt = seg->ack;
    }
}

/* What track() found of one segment, for the rest of its inference. */
typedef struct
{
  SeqackSide a;          /* its sender */
  gint64     t;          /* its time on the trace */
  guint8     marks;      /* classify()'s */
  gboolean   first_syn;  /* the sender's first SYN of this incarnation */
  gboolean   new_fin;    /* a FIN the sender had not sent before */
} Step;

/* What a segment tells of the conversation as a whole: its summary
 * (SeqackConversationInfo, retransmissions included), each side's ISN,
 * SYN and FIN, and whether the connection is over. A deferred
 * conversation does only this as the file is read; one building its
 * trace does it first, then trace_segment(), so both come to the same
 * summary and end on the same packet. */
static void
track (SeqackConversation *conv,
       const SeqackPacket *packet,
       gint64              t_us,
       Step               *step)
{
  const SeqackTcpSegment *seg = &packet->tcp;
  SeqackSide a;
  Side *sa;
  guint8 marks;

  a = sent_by (packet, &conv->info.client) ? SEQACK_CLIENT : SEQACK_SERVER;
  sa = &conv->sides[a];
  step->a = a;

  /* Trace times never go back; capture clocks sometimes do. */
  step->t = MAX (t_us - conv->info.first_us, conv->last_t);
  conv->last_t = step->t;
  conv->info.n_packets++;
  conv->info.last_us = MAX (conv->info.last_us, t_us);
  if ((seg->flags & SEQACK_TCP_SYN) != 0 && (seg->flags & SEQACK_TCP_ACK) == 0)
    conv->info.syn_seen = TRUE;

  if ((seg->flags & SEQACK_TCP_SYN) != 0 && sa->syn_sent &&
      seg->seq != sa->vars.iss)
    {
      /* A SYN with another initial sequence number is a new incarnation
       * (or an old duplicate), never a repeat: track its numbers afresh. */
      sa->seq_known = FALSE;
      sa->n_gaps = 0;
      sa->syn_sent = FALSE;
      sa->fin_sent = FALSE;
      sa->fin_delivered = FALSE;
    }

  marks = classify (sa, seg->seq, seqack_tcp_segment_seg_len (seg));

  /* Simultaneous open (RFC 9293 §3.5, Figure 8): the SYN,ACK repeats the
   * side's own SYN number but answers the peer's SYN; not a repeat. */
  if ((seg->flags & (SEQACK_TCP_SYN | SEQACK_TCP_ACK))
      == (SEQACK_TCP_SYN | SEQACK_TCP_ACK) &&
      !sa->synack_sent)
    marks &= ~SEQACK_MARK_RETRANSMISSION;
  if ((seg->flags & (SEQACK_TCP_SYN | SEQACK_TCP_ACK))
      == (SEQACK_TCP_SYN | SEQACK_TCP_ACK))
    sa->synack_sent = TRUE;
  if (marks & SEQACK_MARK_RETRANSMISSION)
    conv->info.n_retransmissions++;
  else if (marks & SEQACK_MARK_OUT_OF_ORDER)
    conv->info.n_out_of_order++;
  step->marks = marks;

  /* A reset carries no SYN or FIN that counts (RFC 9293 §3.10.7.3). */
  step->first_syn = FALSE;
  step->new_fin = FALSE;
  if ((seg->flags & SEQACK_TCP_RST) == 0)
    {
      if ((seg->flags & SEQACK_TCP_SYN) != 0)
        {
          step->first_syn = !sa->syn_sent;
          if (step->first_syn)
            sa->vars.iss = seg->seq;
          sa->syn_sent = TRUE;
        }
      if ((seg->flags & SEQACK_TCP_FIN) != 0 &&
          !(sa->fin_sent && sa->fin_seq == fin_seq_of (seg)))
        {
          step->new_fin = TRUE;
          sa->fin_sent = TRUE;
          sa->fin_seq = fin_seq_of (seg);
        }
    }

  if ((seg->flags & SEQACK_TCP_RST) != 0)
    {
      conv->closed = TRUE;
      conv->info.end = SEQACK_CONVERSATION_RST;
    }
  else if (conv->sides[0].fin_sent && conv->sides[1].fin_sent &&
           conv->info.end == SEQACK_CONVERSATION_OPEN)
    {
      conv->closed = TRUE;
      conv->info.end = SEQACK_CONVERSATION_FIN;
    }
}

/* The rest of a segment after track(): the states it implies, and its
 * event and both sides' variables in the trace. @kept, when not NULL,
 * says where the trace's arena already keeps @ip. */
static void
trace_segment (SeqackConversation *conv,
               const SeqackPacket *packet,
               const Step         *step,
               const guint8       *ip,
               gsize               ip_len,
               const guint64      *kept)
{
  const SeqackTcpSegment *seg = &packet->tcp;
  SeqackSide a = step->a;
  gint64 t = step->t;

  if ((seg->flags & SEQACK_TCP_RST) == 0)
    infer_sending (conv, t, a, seg, step->new_fin);

  /* @packet is @ip decoded: the trace need not decode it again. */
  if (kept != NULL)
    seqack_trace_add_kept_segment (conv->trace, t, t, a,
                                   SEQACK_FATE_CAPTURED, step->marks, *kept,
                                   ip_len, packet);
  else
    seqack_trace_add_decoded_segment (conv->trace, t, t, a,
                                      SEQACK_FATE_CAPTURED, step->marks, ip,
                                      ip_len, packet);

  /* Noted before the state changes its arrival implies, so that the
   * variables belong to the segment's event, not to a later one. */
  infer_vars (conv, a, seg, step->first_syn);
  seqack_trace_note_vars (conv->trace, SEQACK_CLIENT,
                          &conv->sides[SEQACK_CLIENT].vars);
  seqack_trace_note_vars (conv->trace, SEQACK_SERVER,
                          &conv->sides[SEQACK_SERVER].vars);
  infer_receiving (conv, t, a, seg);

  if ((seg->flags & SEQACK_TCP_RST) != 0)
    conv->started = TRUE;

  /* A conversation that is over sees no more segments, as a rule: its
   * trace gives back the room it kept for more (a capture holds
   * thousands). Over is after a RST, or once both FINs are acknowledged:
   * finishing at the second FIN would grow the trace again for the final
   * ACK (and look its last variables up again) only to shrink it once
   * more. */
  if (conv->closed &&
      (conv->info.end == SEQACK_CONVERSATION_RST ||
       (conv->sides[0].fin_delivered && conv->sides[1].fin_delivered)))
    seqack_trace_finish (conv->trace);
}

/* A deferred conversation's trace, built from its packets in the log
 * as seqack_conversation_add() would have built it while they were read:
 * the same code on the same bytes, in the same order. The conversation
 * then takes the state that building left, and goes on as one that was
 * never deferred. */
static void
build_trace (SeqackConversation *conv)
{
  SeqackPacketLog *log = conv->log;
  g_autoptr(SeqackConversation) replay = NULL;

  for (guint32 i = conv->first_packet; i != 0; i = log->packets[i - 1].next)
    {
      const SeqackLoggedPacket *p = &log->packets[i - 1];
      gsize len = p->len & SEQACK_LOGGED_LEN;
      const guint8 *ip = seqack_trace_arena_get_kept (log->arena, p->kept);
      SeqackPacket packet;
      Step step;

      /* These bytes decoded when they were read; they still do. */
      if (!seqack_packet_decode_captured_lean (ip, len,
                                               (p->len & SEQACK_LOGGED_CUT)
                                               != 0, &packet, NULL))
        continue;
      packet.crossed_wire = (p->len & SEQACK_LOGGED_CROSSED_WIRE) != 0;
      if (replay == NULL)
        replay = seqack_conversation_new_in_arena (&packet, p->t_us,
                                                   log->arena);
      track (replay, &packet, p->t_us, &step);
      trace_segment (replay, &packet, &step, ip, len, &p->kept);
    }

  if (replay == NULL)
    {
      conv->trace = seqack_trace_new_with_arena (log->arena);
      seqack_trace_set_endpoint (conv->trace, SEQACK_CLIENT,
                                 &conv->info.client);
      seqack_trace_set_endpoint (conv->trace, SEQACK_SERVER,
                                 &conv->info.server);
    }
  else
    {
      conv->trace = g_steal_pointer (&replay->trace);
      for (guint s = 0; s < 2; s++)
        {
          g_free (conv->sides[s].gaps);
          conv->sides[s] = replay->sides[s];
          replay->sides[s].gaps = NULL;
        }
      conv->started = replay->started;
    }
  if (conv->snapshot_length > 0)
    seqack_trace_note_snapshot_length (conv->trace, conv->snapshot_length);
  seqack_trace_finish (conv->trace);
}

void
seqack_conversation_add (SeqackConversation *conv,
                         const SeqackPacket *packet,
                         const guint8       *ip,
                         gsize               ip_len,
                         gint64              t_us)
{
  Step step;

  g_return_if_fail (conv != NULL);
  g_return_if_fail (packet != NULL);
  g_return_if_fail (ip != NULL);

  if (conv->trace == NULL)
    build_trace (conv);
  track (conv, packet, t_us, &step);
  trace_segment (conv, packet, &step, ip, ip_len, NULL);
}

void
seqack_conversation_add_deferred (SeqackConversation *conv,
                                  const SeqackPacket *packet,
                                  const guint8       *ip,
                                  guint64             kept,
                                  gsize               ip_len,
                                  gboolean            cut,
                                  gint64              t_us)
{
  SeqackPacketLog *log = conv->log;
  SeqackLoggedPacket *p;
  Step step;

  g_return_if_fail (packet != NULL);
  g_return_if_fail (ip != NULL);
  g_return_if_fail (ip_len <= SEQACK_LOGGED_LEN);

  /* Not deferred (any more), or no room left in the log: it goes on as
   * a conversation that builds its trace as it reads. */
  if (conv->trace != NULL || log->n_packets == G_MAXUINT32)
    {
      if (conv->trace == NULL)
        build_trace (conv);
      track (conv, packet, t_us, &step);
      trace_segment (conv, packet, &step, ip, ip_len, &kept);
      return;
    }

  track (conv, packet, t_us, &step);

  if (log->n_packets == log->capacity)
    {
      /* Doubling: one large block, moved by the system's page tables
       * rather than copied once it is large. */
      log->capacity = (guint32) MIN ((guint64) G_MAXUINT32,
                                     MAX ((guint64) 1024,
                                          (guint64) log->capacity * 2));
      log->packets = g_renew (SeqackLoggedPacket, log->packets,
                              log->capacity);
    }
  p = &log->packets[log->n_packets++];
  p->kept = kept;
  p->t_us = t_us;
  p->len = (guint32) ip_len | (cut ? SEQACK_LOGGED_CUT : 0) |
           (packet->crossed_wire ? SEQACK_LOGGED_CROSSED_WIRE : 0);
  p->next = 0;
  if (conv->last_packet != 0)
    log->packets[conv->last_packet - 1].next = log->n_packets;
  else
    conv->first_packet = log->n_packets;
  conv->last_packet = log->n_packets;
}

void
seqack_conversation_note_snapshot_length (SeqackConversation *conv,
                                          guint32             length)
{
  if (conv->trace != NULL)
    seqack_trace_note_snapshot_length (conv->trace, length);
  else
    conv->snapshot_length = MAX (conv->snapshot_length, length);
}

void
seqack_conversation_finish (SeqackConversation *conv)
{
  if (conv->trace != NULL)
    seqack_trace_finish (conv->trace);
}

void
seqack_packet_log_clear (SeqackPacketLog *log)
{
  g_clear_pointer (&log->packets, g_free);
  log->n_packets = log->capacity = 0;
}

gsize
seqack_packet_log_memory (const SeqackPacketLog *log)
{
  return (gsize) log->capacity * sizeof (SeqackLoggedPacket);
}
