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
#include <sys/mman.h>

#include "seqack-conversation-private.h"
#include "seqack-huge-alloc.h"

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
 * packed (24 bytes; its variables are kept apart, being only for a
 * trace), and the holes in what was captured, rare, are kept apart until
 * one appears. */
typedef struct
{
  guint32        iss;               /* its SYN's Seq, once syn_sent */
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

/* What every packet reads and writes comes first, in the first two
 * cache lines (a deferred conversation is aligned to them): the sides,
 * then the summary's endpoints, count and times. */
struct _SeqackConversation
{
  Side                   sides[2];
  gint64                 last_t;
  guint32                log_number;      /* a deferred one's in its log */
  guint8                 closed : 1;
  /* A state change or a RST has been seen: the conversation is no longer
   * at its first packets, so a capture that "began after the handshake"
   * is ruled out from now on. */
  guint8                 started : 1;
  SeqackConversationInfo info;
  SeqackTrace           *trace;           /* NULL while deferred */
  SeqackPacketLog       *log;             /* a deferred one's packets */
  guint32                snapshot_length; /* noted while deferred */
  /* Each side's variables, for the trace: none while deferred. */
  SeqackTcpVars         *vars;
};

#define CACHE_LINE 64

G_STATIC_ASSERT (sizeof (Side) == 24);
G_STATIC_ASSERT (G_STRUCT_OFFSET (SeqackConversation, info) == CACHE_LINE);

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

/* A deferred conversation's room, zeroed, from the blocks of @log: a
 * capture makes tens of thousands, which it keeps as long as it lives,
 * so they cost no allocation each, and each starts a cache line. A block
 * is one huge page where the system offers them (seqack-huge-alloc.h),
 * but from the heap: conversations hold the only pointers to their
 * traces, which leak checkers find by looking inside heap blocks. */
#define SLAB_BLOCK    ((gsize) 2 * 1024 * 1024)
#define CARVED_SIZE   ((sizeof (SeqackConversation) + CACHE_LINE - 1) \
                       & ~(gsize) (CACHE_LINE - 1))

static SeqackConversation *
carve (SeqackPacketLog *log)
{
  SeqackConversation *conv;

  if (log->slab_left < CARVED_SIZE)
    {
      guint8 *block = g_aligned_alloc (1, SLAB_BLOCK, SLAB_BLOCK);

#ifdef MADV_HUGEPAGE
      madvise (block, SLAB_BLOCK, MADV_HUGEPAGE);
#endif
      memset (block, 0, SLAB_BLOCK);

      /* The block's first line links it to the one before. */
      *(gpointer *) block = log->slab_blocks;
      log->slab_blocks = block;
      log->slab_next = block + CACHE_LINE;
      log->slab_left = SLAB_BLOCK - CACHE_LINE;
    }
  conv = (SeqackConversation *) log->slab_next;
  log->slab_next += CARVED_SIZE;
  log->slab_left -= CARVED_SIZE;
  return conv;
}

/* A conversation with no trace yet, from @log's blocks if given. */
static SeqackConversation *
conversation_new (const SeqackPacket *first,
                  gint64              t_us,
                  SeqackPacketLog    *log)
{
  SeqackConversation *conv = log != NULL ? carve (log)
                                         : g_new0 (SeqackConversation, 1);
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

  conv = conversation_new (first, t_us, NULL);
  conv->vars = g_new0 (SeqackTcpVars, 2);
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

  conv = conversation_new (first, t_us, log);
  conv->log = log;
  conv->log_number = log->n_conversations++;

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
  g_free (conv->vars);
  /* A deferred one's room goes with its log's blocks. */
  if (conv->log == NULL)
    g_free (conv);
}

gsize
seqack_conversation_get_memory_size (SeqackConversation *conv)
{
  gsize size = conv->log != NULL ? CARVED_SIZE : sizeof *conv;

  /* Not the log: the capture counts it once. */
  if (conv->trace != NULL)
    size += seqack_trace_get_memory_size (conv->trace);
  if (conv->vars != NULL)
    size += 2 * sizeof (SeqackTcpVars);

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
      gboolean acks_syn = sb->syn_sent && seq_lt (sb->iss, seg->ack);
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
  SeqackTcpVars *va = &conv->vars[a], *vb = &conv->vars[b];
  guint32 seg_len = seqack_tcp_segment_seg_len (seg);
  guint32 end = seg->seq + seg_len;
  guint32 window = scaled_window (conv, a, seg);

  if ((seg->flags & SEQACK_TCP_RST) != 0)
    return;

  if ((seg->flags & SEQACK_TCP_SYN) != 0)
    {
      if (first_syn)
        {
          va->iss = seg->seq;
          va->snd_una = seg->seq;
          va->snd_nxt = end;
        }
      if (seg->options.has_wscale)
        {
          sa->has_wscale = TRUE;
          sa->wscale = seg->options.wscale;
        }

      /* The receiver learns the initial receive sequence number. */
      vb->irs = seg->seq;
      vb->rcv_nxt = end;
    }
  else if (va->snd_nxt == 0 && va->snd_una == 0 && !sa->syn_sent)
    {
      /* No SYN captured: start from the first segment seen. */
      va->snd_una = seg->seq;
      va->snd_nxt = end;
      vb->rcv_nxt = end;
    }
  else
    {
      va->snd_nxt = seq_max (va->snd_nxt, end);
      /* In-order data advances the receiver's RCV.NXT. */
      if (seq_leq (seg->seq, vb->rcv_nxt) &&
          seq_lt (vb->rcv_nxt, end))
        vb->rcv_nxt = end;
    }

  va->rcv_wnd = window;
  vb->snd_wnd = window;

  if ((seg->flags & SEQACK_TCP_ACK) != 0)
    {
      va->rcv_nxt = seq_max (va->rcv_nxt, seg->ack);
      if (seq_lt (vb->snd_una, seg->ack) &&
          seq_leq (seg->ack, vb->snd_nxt))
        vb->snd_una = seg->ack;
      else if (vb->snd_nxt == 0 && vb->snd_una == 0)
        vb->snd_una = vb->snd_nxt = seg->ack;
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
      seg->seq != sa->iss)
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
            sa->iss = seg->seq;
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
                          &conv->vars[SEQACK_CLIENT]);
  seqack_trace_note_vars (conv->trace, SEQACK_SERVER,
                          &conv->vars[SEQACK_SERVER]);
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
/* Sorts @log's packets out by conversation (a counting sort: one pass
 * to count, one to place), for the first trace asked for, or again when
 * more packets came since. */
static void
sort_log (SeqackPacketLog *log)
{
  guint32 n = log->n_conversations;

  if (log->start != NULL && log->n_sorted == log->n_packets &&
      log->n_sorted_conversations == n)
    return;

  g_free (log->start);
  log->start = g_new0 (guint32, (gsize) n + 1);
  log->order = g_renew (guint32, log->order, MAX (log->n_packets, 1));
  for (guint32 i = 0; i < log->n_packets; i++)
    log->start[seqack_packet_log_get (log, i)->conv + 1]++;
  for (guint32 c = 0; c < n; c++)
    log->start[c + 1] += log->start[c];
  /* start[c] is where conversation c's next packet goes, then where
   * c + 1's begin: shifted back once all are placed. */
  for (guint32 i = 0; i < log->n_packets; i++)
    log->order[log->start[seqack_packet_log_get (log, i)->conv]++] = i;
  for (guint32 c = n; c > 0; c--)
    log->start[c] = log->start[c - 1];
  log->start[0] = 0;
  log->n_sorted = log->n_packets;
  log->n_sorted_conversations = n;
}

static void
build_trace (SeqackConversation *conv)
{
  SeqackPacketLog *log = conv->log;
  g_autoptr(SeqackConversation) replay = NULL;
  guint32 first, end;

  sort_log (log);
  first = log->start[conv->log_number];
  end = log->start[conv->log_number + 1];
  for (guint32 k = first; k < end; k++)
    {
      const SeqackLoggedPacket *p = seqack_packet_log_get (log,
                                                           log->order[k]);
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
      conv->vars = g_new0 (SeqackTcpVars, 2);
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
      conv->vars = g_steal_pointer (&replay->vars);
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

  /* Not deferred (any more), or no room left in the log (or in its
   * length field, which a capture file's packets always fit): it goes on
   * as a conversation that builds its trace as it reads. */
  if (conv->trace != NULL || log->n_packets == G_MAXUINT32 ||
      ip_len > SEQACK_LOGGED_LEN)
    {
      if (conv->trace == NULL)
        build_trace (conv);
      track (conv, packet, t_us, &step);
      trace_segment (conv, packet, &step, ip, ip_len, &kept);
      return;
    }

  track (conv, packet, t_us, &step);

  if (log->tail_left == 0)
    {
      if (log->n_chunks == log->chunks_capacity)
        {
          log->chunks_capacity = MAX (16, log->chunks_capacity * 2);
          log->chunks = g_renew (SeqackLoggedPacket *, log->chunks,
                                 log->chunks_capacity);
        }
      log->tail = seqack_huge_alloc0 (SEQACK_LOG_CHUNK_BYTES);
      log->tail_left = SEQACK_LOG_CHUNK;
      log->chunks[log->n_chunks++] = log->tail;
    }
  p = log->tail++;
  log->tail_left--;
  log->n_packets++;
  p->kept = kept;
  p->t_us = t_us;
  p->len = (guint32) ip_len | (cut ? SEQACK_LOGGED_CUT : 0) |
           (packet->crossed_wire ? SEQACK_LOGGED_CROSSED_WIRE : 0);
  p->conv = conv->log_number;
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
  while (log->slab_blocks != NULL)
    {
      gpointer block = log->slab_blocks;

      log->slab_blocks = *(gpointer *) block;
      g_aligned_free (block);
    }
  log->slab_next = NULL;
  log->slab_left = 0;
  for (guint32 i = 0; i < log->n_chunks; i++)
    seqack_huge_free (log->chunks[i], SEQACK_LOG_CHUNK_BYTES);
  g_clear_pointer (&log->chunks, g_free);
  log->n_chunks = log->chunks_capacity = 0;
  log->tail = NULL;
  log->tail_left = 0;
  g_clear_pointer (&log->order, g_free);
  g_clear_pointer (&log->start, g_free);
  log->n_packets = log->n_conversations = 0;
  log->n_sorted = log->n_sorted_conversations = 0;
}

gsize
seqack_packet_log_memory (const SeqackPacketLog *log)
{
  gsize size = (gsize) log->n_chunks * SEQACK_LOG_CHUNK_BYTES +
               log->chunks_capacity * sizeof (gpointer);

  /* The conversations carved from its blocks count their own room. */

  if (log->start != NULL)
    size += (gsize) MAX (log->n_sorted, 1) * sizeof (guint32) +
            ((gsize) log->n_sorted_conversations + 1) * sizeof (guint32);
  return size;
}
