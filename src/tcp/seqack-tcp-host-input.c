/* seqack-tcp-host-input.c: an arriving segment finds its socket
 * (RFC 9293 §3.10.7): the connection of its 4-tuple, else the listener of
 * its port, else the closed-port rules. The listener's side follows
 * Linux 6.1's tcp_conn_request(), tcp_check_req() and cookie_v4_check();
 * a SYN to a 4-tuple in TIME-WAIT follows tcp_timewait_state_process(). */

#include "config.h"

#include <string.h>

#include "seqack-tcp-host-private.h"

#define FLAGS (SEQACK_TCP_SYN | SEQACK_TCP_ACK | SEQACK_TCP_RST)

/* Linux TCP_SYNCOOKIE_VALID: cookie ACKs are checked for two minutes
 * after the SYN queue last overflowed. */
#define COOKIE_VALID (2 * 60 * SEQACK_USEC_PER_SEC)

static inline gboolean
seq_gt (guint32 a,
        guint32 b)
{
  return (gint32) (a - b) > 0;
}

/* §3.10.7.1: no socket at all. */
static void
closed_port (SeqackTcpHost          *host,
             guint32                 src,
             const SeqackTcpSegment *seg)
{
  SeqackTcpSegment reply;

  if (!seqack_tcp_reset_for_closed (seg, &reply))
    return;
  host->stats.resets_closed_port++;
  seqack_tcp_host_emit (host, src, &reply, 0, 0, NULL);
}

/* A new connection for the listener, in none of its queues yet. */
static SeqackTcpSocket *
spawn (SeqackTcpSocket *listener,
       guint32          src,
       guint16          src_port,
       gint64           now)
{
  SeqackTcpHost *host = listener->host;
  SeqackTcpSocket *child = seqack_tcp_socket_new (host);

  child->local_port = listener->local_port;
  seqack_tcp_port_ref (host, child->local_port, TRUE);
  child->holds_port = TRUE;
  seqack_tcp_socket_set_remote (child, src, src_port);
  child->parent = listener;
  /* The connection starts as its own LISTEN (not reported) so that its
   * first event is LISTEN -> SYN-RCVD, as a lone listener's is. */
  child->spawning = TRUE;
  seqack_tcp_conn_listen (child->conn, child->local_port, now, NULL);
  child->spawning = FALSE;
  return child;
}

/* The stateless SYN,ACK: <SEQ=cookie><ACK=SEG.SEQ+1><CTL=SYN,ACK> with
 * our MSS and the whole window, as the connection's would be. */
static void
send_cookie (SeqackTcpSocket        *listener,
             guint32                 src,
             const SeqackTcpSegment *syn,
             gint64                  now)
{
  SeqackTcpHost *host = listener->host;
  const SeqackTcpConfig *tcp = &host->config.tcp;
  SeqackSynCookie cookie;
  SeqackTcpSegment reply;
  guint16 mss = syn->options.has_mss && syn->options.mss > 0
                ? syn->options.mss : 536;

  seqack_syn_cookie_make (&host->cookie, src, syn->src_port, host->addr,
                          syn->dst_port, syn->seq, mss, now, &cookie);
  memset (&reply, 0, sizeof reply);
  reply.src_port = syn->dst_port;
  reply.dst_port = syn->src_port;
  reply.seq = cookie.isn;
  reply.ack = syn->seq + 1;
  reply.flags = SEQACK_TCP_SYN | SEQACK_TCP_ACK;
  reply.data_offset = 6;
  reply.window = (guint16) MIN (MIN (tcp->rcv_wnd, tcp->rcv_buf),
                                (guint32) G_MAXUINT16);
  reply.options.has_mss = TRUE;
  reply.options.mss = tcp->mss;
  host->stats.cookies_sent++;
  seqack_tcp_host_emit (host, src, &reply, 0, 0, &cookie);
}

/* tcp_conn_request(): a SYN for the listener. @isn forced (a TIME-WAIT
 * 4-tuple taken over) when @reuse. */
static void
listener_syn (SeqackTcpSocket        *listener,
              guint32                 src,
              const SeqackTcpSegment *seg,
              gboolean                reuse,
              guint32                 isn,
              gint64                  now)
{
  SeqackTcpHost *host = listener->host;
  SeqackTcpListener *l = listener->listener;
  SeqackSynCookies mode = host->config.syn_cookies;
  gboolean want_cookie = FALSE;
  SeqackTcpSocket *child;

  if (!reuse && (mode == SEQACK_SYN_COOKIES_ALWAYS ||
                 l->syn_queue.length >= l->backlog))
    {
      if (mode == SEQACK_SYN_COOKIES_OFF)
        {
          host->stats.syn_queue_drops++;
          host->stats.listen_drops++;
          return;
        }
      want_cookie = TRUE;
      if (l->syn_queue.length >= l->backlog)
        l->last_overflow = now;
    }
  if (seqack_tcp_listener_accept_full (l))
    {
      host->stats.listen_overflows++;
      host->stats.listen_drops++;
      return;
    }
  if (want_cookie)
    {
      send_cookie (listener, src, seg, now);
      return;
    }

  child = spawn (listener, src, seg->src_port, now);
  if (reuse)
    {
      child->forced_isn = isn;
      child->has_forced_isn = TRUE;
    }
  seqack_tcp_queue_move (child, QUEUE_SYN);
  seqack_tcp_conn_receive (child->conn, seg, now);
  seqack_tcp_listener_notify (listener);
}

/* cookie_v4_check(): an ACK for no connection may carry a cookie. */
static gboolean
listener_cookie_ack (SeqackTcpSocket        *listener,
                     guint32                 src,
                     const SeqackTcpSegment *seg,
                     gint64                  now)
{
  SeqackTcpHost *host = listener->host;
  SeqackTcpListener *l = listener->listener;
  SeqackSynCookies mode = host->config.syn_cookies;
  SeqackTcpSocket *child;
  guint16 mss;

  if (mode == SEQACK_SYN_COOKIES_OFF ||
      (mode == SEQACK_SYN_COOKIES_ON_OVERFLOW &&
       (l->last_overflow == G_MININT64 ||
        now - l->last_overflow > COOKIE_VALID)))
    return FALSE;
  if (!seqack_syn_cookie_check (&host->cookie, src, seg->src_port,
                                host->addr, seg->dst_port, seg->seq - 1,
                                seg->ack - 1, now, &mss))
    {
      host->stats.cookies_failed++;
      return FALSE;
    }
  host->stats.cookies_recv++;
  if (seqack_tcp_listener_accept_full (l))
    {
      /* Dropped, as Linux does: the client's next segment brings the
       * cookie again. */
      host->stats.listen_overflows++;
      host->stats.listen_drops++;
      return TRUE;
    }
  child = spawn (listener, src, seg->src_port, now);
  /* SYN-RCVD -> ESTABLISHED puts it in the accept queue. */
  seqack_tcp_conn_accept_cookie (child->conn, seg, seg->ack - 1, mss, now);
  return TRUE;
}

static void
listener_input (SeqackTcpSocket        *listener,
                guint32                 src,
                const SeqackTcpSegment *seg,
                gint64                  now)
{
  guint8 flags = seg->flags & FLAGS;

  if (flags == SEQACK_TCP_SYN)
    {
      listener_syn (listener, src, seg, FALSE, 0, now);
      return;
    }
  if (flags == SEQACK_TCP_ACK &&
      listener_cookie_ack (listener, src, seg, now))
    return;
  /* The rest as the listener's own TCB says (§3.10.7.2): a RST is
   * ignored, an ACK answered with <SEQ=SEG.ACK><CTL=RST>, others
   * dropped. */
  seqack_tcp_conn_receive (listener->conn, seg, now);
}

/* tcp_timewait_state_process() without timestamps: a SYN whose SEG.SEQ is
 * after RCV.NXT may take the 4-tuple over if someone listens there; the
 * new ISS is the old SND.NXT + 65537 (RFC 1122 §4.2.2.13: above any
 * number the old connection used). */
static SeqackTcpSocket *
time_wait_takeover (SeqackTcpHost          *host,
                    SeqackTcpSocket        *s,
                    const SeqackTcpSegment *seg,
                    guint32                *isn)
{
  SeqackTcpSocket *listener;
  SeqackTcpVars vars;

  if ((seg->flags & FLAGS) != SEQACK_TCP_SYN ||
      seqack_tcp_conn_get_state (s->conn) != SEQACK_TCP_TIME_WAIT)
    return NULL;
  seqack_tcp_conn_get_vars (s->conn, &vars);
  if (!seq_gt (seg->seq, vars.rcv_nxt))
    return NULL;
  listener = g_hash_table_lookup (host->listeners,
                                  GUINT_TO_POINTER (s->local_port));
  if (listener == NULL)
    return NULL;
  *isn = vars.snd_nxt + 65535 + 2;
  return listener;
}

/* tcp_check_req() with the accept queue full: the final ACK is dropped
 * (tcp_abort_on_overflow = 0); the SYN,ACK is resent by its timer. */
static gboolean
accept_overflow (SeqackTcpSocket        *s,
                 const SeqackTcpSegment *seg)
{
  SeqackTcpVars vars;

  if (s->queue != QUEUE_SYN || (seg->flags & FLAGS) != SEQACK_TCP_ACK ||
      !seqack_tcp_listener_accept_full (s->parent->listener))
    return FALSE;
  seqack_tcp_conn_get_vars (s->conn, &vars);
  return seg->ack == vars.snd_nxt;
}

void
seqack_tcp_host_input (SeqackTcpHost          *host,
                       guint32                 src,
                       guint32                 dst,
                       const SeqackTcpSegment *seg,
                       gint64                  now)
{
  SeqackTcpSocket *s, *listener;
  guint32 isn;

  g_return_if_fail (host != NULL);
  g_return_if_fail (seg != NULL);
  g_return_if_fail (seg->payload != NULL || seg->payload_len == 0);

  seqack_tcp_host_enter (host, now);
  host->stats.segments_in++;
  host->input_src = src;
  if (dst != host->addr)
    host->stats.not_ours++;
  else if ((s = seqack_tcp_host_find_conn (host, seg->dst_port, src,
                                           seg->src_port)) != NULL)
    {
      if ((listener = time_wait_takeover (host, s, seg, &isn)) != NULL)
        {
          host->stats.time_wait_reused++;
          /* The TIME-WAIT goes silently (TIME-WAIT -> CLOSED). */
          seqack_tcp_conn_abort (s->conn, now);
          listener_syn (listener, src, seg, TRUE, isn, now);
        }
      else if (accept_overflow (s, seg))
        {
          host->stats.listen_overflows++;
          host->stats.listen_drops++;
        }
      else
        seqack_tcp_conn_receive (s->conn, seg, now);
    }
  else if ((listener = g_hash_table_lookup (host->listeners,
                                            GUINT_TO_POINTER (seg->dst_port)))
           != NULL)
    listener_input (listener, src, seg, now);
  else
    closed_port (host, src, seg);
  seqack_tcp_host_leave (host);
}
