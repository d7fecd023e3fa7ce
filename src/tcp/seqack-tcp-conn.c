/* seqack-tcp-conn.c: one TCP endpoint as a sans-IO state machine.
 *
 * The structure follows RFC 9293 §3.10 "Event Processing" step by step:
 * the user calls (§3.10.1-§3.10.5), SEGMENT ARRIVES (§3.10.7) with its
 * checks in the RFC's order, and the timeouts (§3.10.8), with RFC 5961's
 * challenge ACKs and RFC 6298's retransmission timer. Everything the
 * connection does is reported through the callbacks during the call that
 * caused it; nothing here reads a clock or a random source.
 *
 * Steady state (ESTABLISHED, data flowing) allocates nothing: segments
 * point into the send buffer or into the arriving segment.
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "seqack-error.h"
#include "seqack-tcp-buffer.h"
#include "seqack-tcp-cc.h"
#include "seqack-tcp-conn.h"

/* RFC 9293 §3.7.1: the send MSS when the peer sends no MSS option. */
#define DEFAULT_SEND_MSS 536
/* Out-of-order segments kept at most; more are dropped (and re-sent by the
 * peer later). Enough for any lesson. */
#define MAX_OOO_SEGMENTS 64

typedef struct
{
  guint32  seq;
  guint32  len;
  gboolean fin;
  guint8  *data;
} OooSegment;

struct _SeqackTcpConn
{
  SeqackTcpConfig    config;
  SeqackTcpCallbacks cb;
  SeqackIsnFunc      isn_func;
  gpointer           user_data;

  SeqackTcpState state;
  guint16        local_port;
  guint16        remote_port;

  guint passive : 1;       /* SYN-RCVD was reached from LISTEN */
  guint fin_queued : 1;    /* CLOSE issued: FIN follows the data */
  guint fin_sent : 1;
  guint fin_rcvd : 1;
  guint close_pending : 1; /* CLOSE in SYN-RCVD waits for ESTABLISHED */
  guint ack_pending : 1;   /* a delayed ACK is owed */
  guint in_recovery : 1;   /* resending after a retransmission timeout */
  guint quit : 1;          /* the application closed the socket and left */
  guint has_rtt : 1;       /* srtt and rttvar hold a sample */
  guint rtt_timing : 1;    /* a segment is being timed (rtt_seq) */
  guint syn_resent : 1;    /* our SYN or SYN,ACK went more than once */
  guint probe_out : 1;     /* a zero-window probe octet at SND.NXT is out */
  guint read_paused : 1;   /* the application leaves data in rcv_buf */

  /* RFC 9293 §3.3.1 */
  guint32 iss, irs;
  guint32 snd_una, snd_nxt, snd_wnd, snd_wl1, snd_wl2;
  guint32 rcv_nxt, rcv_wnd;/* RCV.WND: the window last advertised, less
                            * what arrived since (its right edge stays) */
  guint32 fin_seq;         /* sequence number of our FIN once sent */
  guint32 recover;         /* SND.NXT when the retransmit timer fired or
                            * fast retransmit began (RFC 6582) */
  guint32 rtx_nxt;         /* after a timeout: next to resend */
  guint32 max_snd_wnd;     /* largest window the peer offered (RFC 5961
                            * §5.2 MAX.SND.WND) */
  guint16 snd_mss;         /* effective send MSS (RFC 9293 §3.7.1) */

  /* Queued and unacknowledged data: its first byte has the sequence
   * number snd_buf_seq (always SND.UNA once the SYN is acked). */
  SeqackTcpBuffer snd_buf;
  guint32         snd_buf_seq;
  /* Received in order, not read by the application yet. */
  SeqackTcpBuffer rcv_buf;
  SeqackTcpCc     cc;

  gint64 deadline[SEQACK_TCP_N_TIMERS];
  gint64 syn_sent_at;      /* when the SYN or SYN,ACK last went out */
  gint64 data_sent_at;     /* when data (new, resent or a probe) last
                            * went out: RFC 5681 §4.1's idle time */

  /* RFC 6298 */
  gint64        srtt, rttvar;
  gint64        rto;
  SeqackRtoRule rto_rule;
  guint         backoff;     /* doublings since the last RTT sample */
  guint         n_timeouts;  /* timeouts since data was last acked: the
                              * retry budget (Linux icsk_retransmits) */
  guint32       rtt_seq;     /* Karn: the timed segment's first number */
  gint64        rtt_sent_at;
  guint         n_probes;    /* zero-window probes since the window shut */
  gint64        oow_ack_at;  /* the last ACK sent in answer to an
                              * unacceptable segment (RFC 5961 §7), and
                              * that segment's numbers */
  guint32       oow_seq, oow_ack, oow_len;
  guint8        oow_flags;

  GArray *ooo;             /* OooSegment, sorted by seq; NULL until the
                            * first segment out of order */
};

/* Sequence space arithmetic modulo 2^32 (RFC 9293 §3.4). */
static inline gboolean
seq_lt (guint32 a,
        guint32 b)
{
  return (gint32) (a - b) < 0;
}

static inline gboolean
seq_le (guint32 a,
        guint32 b)
{
  return (gint32) (a - b) <= 0;
}

static inline gboolean
seq_gt (guint32 a,
        guint32 b)
{
  return (gint32) (a - b) > 0;
}

static inline gboolean
seq_ge (guint32 a,
        guint32 b)
{
  return (gint32) (a - b) >= 0;
}

/* SEG.LEN: the payload, plus one each for SYN and FIN. Computed here so the
 * hot path needs no call into the wire layer. */
static inline guint32
seg_len (const SeqackTcpSegment *seg)
{
  return (guint32) seg->payload_len +
         ((seg->flags & SEQACK_TCP_SYN) ? 1 : 0) +
         ((seg->flags & SEQACK_TCP_FIN) ? 1 : 0);
}

static const char * const timer_names[SEQACK_TCP_N_TIMERS] = {
  "retransmit", "time-wait", "fin-wait-2", "delayed-ack", "persist",
};

const char *
seqack_tcp_timer_name (SeqackTcpTimer timer)
{
  g_return_val_if_fail (timer < SEQACK_TCP_N_TIMERS, "?");

  return timer_names[timer];
}

const char *
seqack_timer_action_name (SeqackTimerAction action)
{
  switch (action)
    {
    case SEQACK_TIMER_SET:
      return "set";
    case SEQACK_TIMER_FIRED:
      return "fired";
    case SEQACK_TIMER_CANCELLED:
      return "cancelled";
    default:
      g_return_val_if_reached ("?");
    }
}

void
seqack_tcp_config_init (SeqackTcpConfig *config)
{
  g_return_if_fail (config != NULL);

  memset (config, 0, sizeof *config);
  config->msl = 30 * SEQACK_USEC_PER_SEC;
  config->rto_initial = 1 * SEQACK_USEC_PER_SEC;   /* RFC 6298 (2.1) */
  config->rto_max = 120 * SEQACK_USEC_PER_SEC;     /* Linux TCP_RTO_MAX */
  config->linux_rto_min = FALSE;
  config->syn_retries = 6;                 /* Linux 6.1 tcp_syn_retries */
  config->synack_retries = 5;              /* Linux tcp_synack_retries */
  config->retries = 8;
  config->fin_wait_2_timeout = 60 * SEQACK_USEC_PER_SEC;
  config->delayed_ack = FALSE;
  config->delayed_ack_timeout = 200 * 1000;
  config->mss = 1460;
  config->rcv_wnd = 64240;
  config->rcv_buf = 65536;
  config->iw10 = FALSE;
  config->nagle = FALSE;
}

/* ---- Timers ------------------------------------------------------------ */

static void
timer_set (SeqackTcpConn  *conn,
           SeqackTcpTimer  timer,
           gint64          deadline)
{
  conn->deadline[timer] = deadline;
  if (conn->cb.timer != NULL)
    conn->cb.timer (conn->user_data, timer, SEQACK_TIMER_SET, deadline);
}

static void
timer_cancel (SeqackTcpConn  *conn,
              SeqackTcpTimer  timer)
{
  gint64 deadline = conn->deadline[timer];

  if (deadline == SEQACK_NO_DEADLINE)
    return;

  conn->deadline[timer] = SEQACK_NO_DEADLINE;
  if (conn->cb.timer != NULL)
    conn->cb.timer (conn->user_data, timer, SEQACK_TIMER_CANCELLED, deadline);
}

static void
timer_cancel_all (SeqackTcpConn *conn)
{
  for (guint i = 0; i < SEQACK_TCP_N_TIMERS; i++)
    timer_cancel (conn, i);
}

/* ---- The TCB ----------------------------------------------------------- */

static void
ooo_clear (SeqackTcpConn *conn)
{
  if (conn->ooo == NULL)
    return;
  for (guint i = 0; i < conn->ooo->len; i++)
    g_free (g_array_index (conn->ooo, OooSegment, i).data);
  g_array_set_size (conn->ooo, 0);
}

/* Drops the queues and per-connection flags, keeping the buffers'
 * memory. */
static void
tcb_release (SeqackTcpConn *conn)
{
  conn->passive = FALSE;
  conn->fin_queued = FALSE;
  conn->fin_sent = FALSE;
  conn->fin_rcvd = FALSE;
  conn->close_pending = FALSE;
  conn->ack_pending = FALSE;
  conn->in_recovery = FALSE;
  conn->quit = FALSE;
  conn->rtt_timing = FALSE;
  seqack_tcp_buffer_reset (&conn->snd_buf);
  conn->n_timeouts = 0;
  conn->n_probes = 0;
  ooo_clear (conn);
}

/* Forgets everything about the last connection (the TCB is deleted,
 * RFC 9293 §3.10.7.4). */
static void
tcb_reset (SeqackTcpConn *conn)
{
  tcb_release (conn);
  conn->iss = conn->irs = 0;
  conn->snd_una = conn->snd_nxt = conn->snd_wnd = 0;
  conn->snd_wl1 = conn->snd_wl2 = 0;
  conn->rcv_nxt = 0;
  conn->rcv_wnd = 0;   /* the first segment we send advertises it */
  seqack_tcp_buffer_reset (&conn->rcv_buf);
  conn->fin_seq = conn->recover = conn->rtx_nxt = 0;
  conn->max_snd_wnd = 0;
  conn->snd_mss = DEFAULT_SEND_MSS;
  /* Until the peer's MSS is known, the window our own would give. */
  seqack_tcp_cc_init (&conn->cc, conn->config.mss > 0 ? conn->config.mss
                                                      : DEFAULT_SEND_MSS,
                      conn->config.iw10, FALSE);
  conn->snd_buf_seq = 0;
  conn->syn_sent_at = G_MININT64;
  conn->data_sent_at = G_MININT64;
  /* The estimator starts afresh with each connection (RFC 6298 (2.1));
   * until then the last one's values stay readable, as SND.NXT does. */
  conn->has_rtt = FALSE;
  conn->syn_resent = FALSE;
  conn->srtt = conn->rttvar = 0;
  conn->rto = conn->config.rto_initial;
  conn->rto_rule = SEQACK_RTO_INITIAL;
  conn->backoff = 0;
  conn->oow_ack_at = G_MININT64;
}

/* ---- RFC 6298 ------------------------------------------------------------ */

/* RFC 6298 (2.3)-(2.5): RTO from SRTT and RTTVAR, with the floor and the
 * ceiling, and the rule that decided it. */
static void
rto_from_estimate (SeqackTcpConn *conn)
{
  gint64 variance = 4 * conn->rttvar;

  if (conn->config.linux_rto_min)
    {
      /* Linux (tcp_rtt_estimator) floors the variance term, not the
       * RTO: rttvar_us = max (mdev_us, tcp_rto_min_us). */
      conn->rto_rule = variance < SEQACK_TCP_RTO_MIN_LINUX
                       ? SEQACK_RTO_LINUX_MINIMUM : SEQACK_RTO_ESTIMATE;
      conn->rto = conn->srtt + MAX (variance, SEQACK_TCP_RTO_MIN_LINUX);
    }
  else
    {
      conn->rto = conn->srtt + MAX (SEQACK_TCP_CLOCK_GRANULARITY, variance);
      conn->rto_rule = SEQACK_RTO_ESTIMATE;
      if (conn->rto < SEQACK_TCP_RTO_MIN_RFC)
        {
          conn->rto = SEQACK_TCP_RTO_MIN_RFC;
          conn->rto_rule = SEQACK_RTO_MINIMUM;
        }
    }
  if (conn->rto > conn->config.rto_max)
    {
      conn->rto = conn->config.rto_max;
      conn->rto_rule = SEQACK_RTO_MAXIMUM;
    }
}

/* RFC 6298 (2.2)-(2.3) with a measurement @r, then (5.7)'s note: a new
 * sample ends the back-off ("collapsing" the RTO). */
static void
rtt_sample (SeqackTcpConn *conn,
            gint64         r)
{
  if (!conn->has_rtt)
    {
      conn->srtt = r;
      conn->rttvar = r / 2;
      conn->has_rtt = TRUE;
    }
  else
    {
      gint64 delta = conn->srtt > r ? conn->srtt - r : r - conn->srtt;

      /* beta = 1/4, alpha = 1/8; RTTVAR first, from the old SRTT. */
      conn->rttvar = (3 * conn->rttvar + delta + 2) / 4;
      conn->srtt = (7 * conn->srtt + r + 4) / 8;
    }
  conn->backoff = 0;
  rto_from_estimate (conn);
}

/* Karn's algorithm (RFC 6298 §3): one segment is timed at a time, never
 * one that was retransmitted. */
static void
rtt_start (SeqackTcpConn *conn,
           guint32        seq,
           gint64         now)
{
  if (conn->rtt_timing)
    return;
  conn->rtt_timing = TRUE;
  conn->rtt_seq = seq;
  conn->rtt_sent_at = now;
}

/* An acknowledgment up to @ack arrived at @now. */
static void
rtt_acked (SeqackTcpConn *conn,
           guint32        ack,
           gint64         now)
{
  if (!conn->rtt_timing || !seq_gt (ack, conn->rtt_seq))
    return;
  conn->rtt_timing = FALSE;
  rtt_sample (conn, now - conn->rtt_sent_at);
}

/* RFC 6298 (5.5): back off the timer, up to the ceiling. */
static void
rto_back_off (SeqackTcpConn *conn)
{
  conn->backoff++;
  conn->rto = MIN (conn->rto * 2, conn->config.rto_max);
  conn->rto_rule = conn->rto == conn->config.rto_max
                   ? SEQACK_RTO_MAXIMUM : SEQACK_RTO_BACKOFF;
}

/* The handshake is over: data transmission begins, with the initial
 * congestion window. */
static void
handshake_done (SeqackTcpConn *conn)
{
  conn->n_timeouts = 0;
  seqack_tcp_cc_init (&conn->cc, conn->snd_mss, conn->config.iw10,
                      conn->syn_resent);
  if (conn->has_rtt || !conn->syn_resent)
    return;
  /* RFC 6298 (5.7): the SYN timer expired (Karn left no sample), so the
   * RTO starts at 3 s, not the more aggressive 1 s (Linux:
   * TCP_TIMEOUT_FALLBACK in tcp_init_transfer). */
  conn->backoff = 0;
  conn->rto = MAX (SEQACK_TCP_RTO_AFTER_SYN_LOSS, conn->config.rto_initial);
  conn->rto = MIN (conn->rto, conn->config.rto_max);
  conn->rto_rule = conn->rto == SEQACK_TCP_RTO_AFTER_SYN_LOSS
                   ? SEQACK_RTO_AFTER_SYN_LOSS : SEQACK_RTO_INITIAL;
}

/* Takes @iss as the ISS. */
static void
tcb_set_iss (SeqackTcpConn *conn,
             guint32        iss)
{
  conn->iss = iss;
  conn->snd_una = conn->iss;
  conn->snd_nxt = conn->iss + 1;
  conn->snd_buf_seq = conn->iss + 1;
  /* RFC 6582 §3.2: "recover" starts at the ISS. */
  conn->recover = conn->iss;
}

/* Picks a fresh ISS from the generator, never a constant (RFC 6528). */
static void
tcb_choose_iss (SeqackTcpConn *conn)
{
  tcb_set_iss (conn, conn->isn_func != NULL
                     ? conn->isn_func (conn->user_data) : 0);
}

static inline guint
snd_buf_len (SeqackTcpConn *conn)
{
  return seqack_tcp_buffer_len (&conn->snd_buf);
}

/* The byte with sequence number @seq in the send buffer. */
static inline const guint8 *
snd_buf_at (SeqackTcpConn *conn,
            guint32        seq)
{
  return seqack_tcp_buffer_peek (&conn->snd_buf, seq - conn->snd_buf_seq);
}

/* ---- The receive window (RFC 9293 §3.8.6) ------------------------------- */

/* The largest window: the buffer, the configured ceiling, and 65535
 * since SeqAck never offers window scaling (RFC 7323 §2.2). */
static guint32
rcv_wnd_max (SeqackTcpConn *conn)
{
  return MIN (MIN (conn->config.rcv_wnd, conn->config.rcv_buf),
              (guint32) G_MAXUINT16);
}

/* The window to advertise now: the buffer's free space, with the
 * receiver's SWS avoidance of RFC 9293 §3.8.6.2.2: the right edge moves
 * on only once the free space is past it by min (half the buffer, the
 * MSS). A buffer the application has read empty always offers all of
 * it, as Linux does (so a lesson's small sends keep a steady window).
 * The edge never moves back. */
static guint32
rcv_wnd_offer (SeqackTcpConn *conn)
{
  guint32 queued = seqack_tcp_buffer_len (&conn->rcv_buf);
  guint32 space = conn->config.rcv_buf > queued
                  ? conn->config.rcv_buf - queued : 0;
  guint32 threshold = MIN (conn->config.rcv_buf / 2,
                           (guint32) conn->config.mss);

  space = MIN (space, rcv_wnd_max (conn));
  if (space <= conn->rcv_wnd)
    return conn->rcv_wnd;
  if (queued == 0 || space - conn->rcv_wnd >= threshold)
    return space;
  return conn->rcv_wnd;
}

static void
deliver (SeqackTcpConn *conn,
         const guint8  *data,
         guint32        len)
{
  if (len > 0 && conn->cb.deliver != NULL)
    conn->cb.deliver (conn->user_data, data, len);
}

/* @len in-order bytes, RCV.NXT already past them: they take that much of
 * the window, and the application reads them now or they wait in the
 * buffer. */
static void
rcv_accept (SeqackTcpConn *conn,
            const guint8  *data,
            guint32        len)
{
  conn->rcv_wnd -= MIN (len, conn->rcv_wnd);
  if (conn->read_paused)
    seqack_tcp_buffer_append (&conn->rcv_buf, data, len);
  else
    deliver (conn, data, len);
}

static void
peer_mss_from (SeqackTcpConn          *conn,
               const SeqackTcpSegment *seg)
{
  guint mss = DEFAULT_SEND_MSS;

  /* RFC 9293 §3.7.1: use the peer's MSS, 536 when it sends none. */
  if (seg->options.has_mss && seg->options.mss > 0)
    mss = seg->options.mss;
  if (conn->config.mss > 0)
    mss = MIN (mss, conn->config.mss);
  conn->snd_mss = (guint16) mss;
  seqack_tcp_cc_init (&conn->cc, mss, conn->config.iw10, FALSE);
}

/* Linux tcp_fin_timeout, for a connection the application quit. */
static void
fin_wait_2_arm (SeqackTcpConn *conn,
                gint64         now)
{
  if (conn->config.fin_wait_2_timeout > 0)
    timer_set (conn, SEQACK_TCP_TIMER_FIN_WAIT_2,
               now + conn->config.fin_wait_2_timeout);
}

/* Every state change goes through here: it reports the edge, then does
 * what entering the new state means for the timers. */
static void
set_state (SeqackTcpConn  *conn,
           SeqackTcpState  to,
           SeqackTcpEdge   edge,
           gint64          now)
{
  SeqackTcpState from = conn->state;

  conn->state = to;
  if (conn->cb.state_changed != NULL)
    conn->cb.state_changed (conn->user_data, from, to, edge);

  switch (to)
    {
    case SEQACK_TCP_CLOSED:
      /* The TCB is deleted: timers and queues go. The sequence numbers
       * stay readable for the inspector until the next OPEN. */
      timer_cancel_all (conn);
      tcb_release (conn);
      break;

    case SEQACK_TCP_LISTEN:
      /* RFC 9293 §3.10.7.4: back to LISTEN, the retransmission queue
       * flushed; the listener forgets the remote port. */
      timer_cancel_all (conn);
      tcb_reset (conn);
      if (from != SEQACK_TCP_CLOSED)
        conn->remote_port = 0;
      break;

    case SEQACK_TCP_FIN_WAIT_2:
      /* RFC 9293 has no FIN-WAIT-2 timeout: a half-closed connection
       * keeps receiving. Linux's tcp_fin_timeout applies only to a socket
       * the application has let go of (quit). */
      if (conn->quit)
        fin_wait_2_arm (conn, now);
      break;

    case SEQACK_TCP_TIME_WAIT:
      /* RFC 9293 §3.10.7.4 (eighth): start the time-wait timer, turn off
       * the other timers. */
      timer_cancel (conn, SEQACK_TCP_TIMER_RETRANSMIT);
      timer_cancel (conn, SEQACK_TCP_TIMER_FIN_WAIT_2);
      timer_cancel (conn, SEQACK_TCP_TIMER_DELAYED_ACK);
      timer_cancel (conn, SEQACK_TCP_TIMER_PERSIST);
      conn->ack_pending = FALSE;
      timer_set (conn, SEQACK_TCP_TIMER_TIME_WAIT, now + 2 * conn->config.msl);
      break;

    case SEQACK_TCP_SYN_SENT:
    case SEQACK_TCP_SYN_RECEIVED:
    case SEQACK_TCP_ESTABLISHED:
    case SEQACK_TCP_FIN_WAIT_1:
    case SEQACK_TCP_CLOSE_WAIT:
    case SEQACK_TCP_CLOSING:
    case SEQACK_TCP_LAST_ACK:
    case SEQACK_TCP_N_STATES:
    default:
      break;
    }
}

static void
report_error (SeqackTcpConn *conn,
              SeqackError    code,
              const char    *message)
{
  g_autoptr(GError) error = NULL;

  if (conn->cb.error == NULL)
    return;

  error = g_error_new_literal (SEQACK_ERROR, code, message);
  conn->cb.error (conn->user_data, error);
}

/* ---- Output ------------------------------------------------------------ */

static void
emit (SeqackTcpConn *conn,
      guint8         flags,
      guint32        seq,
      guint32        ack,
      const guint8  *payload,
      gsize          len,
      gboolean       with_mss,
      guint          sent)
{
  SeqackTcpSegment seg;

  memset (&seg, 0, sizeof seg);
  seg.src_port = conn->local_port;
  seg.dst_port = conn->remote_port;
  seg.seq = seq;
  seg.ack = (flags & SEQACK_TCP_ACK) ? ack : 0;
  seg.data_offset = with_mss ? 6 : 5;
  seg.flags = flags;
  if (!(flags & SEQACK_TCP_RST))
    {
      conn->rcv_wnd = rcv_wnd_offer (conn);
      seg.window = (guint16) conn->rcv_wnd;
    }
  if (with_mss)
    {
      /* RFC 9293 §3.7.1: offer our MSS on the SYN. Window scaling, SACK
       * and timestamps are never offered (nor echoed when the peer does). */
      seg.options.has_mss = TRUE;
      seg.options.mss = conn->config.mss;
    }
  seg.payload = payload;
  seg.payload_len = len;

  /* Any segment with ACK carries the owed acknowledgment. */
  if ((flags & SEQACK_TCP_ACK) && conn->ack_pending)
    {
      conn->ack_pending = FALSE;
      timer_cancel (conn, SEQACK_TCP_TIMER_DELAYED_ACK);
    }

  if (conn->cb.send != NULL)
    conn->cb.send (conn->user_data, &seg, sent);
}

/* <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>, @sent saying why. */
static void
send_ack_for (SeqackTcpConn *conn,
              guint          sent)
{
  emit (conn, SEQACK_TCP_ACK, conn->snd_nxt, conn->rcv_nxt, NULL, 0,
        FALSE, sent);
}

static void
send_ack (SeqackTcpConn *conn)
{
  send_ack_for (conn, 0);
}

/* RFC 5961 §7, after Linux's tcp_oow_rate_limited(): the ACK that
 * answers an unacceptable segment (out of the window, a challenge, an
 * ACK of unsent data) is not sent again for the same segment within
 * SEQACK_TCP_OOW_ACK_INTERVAL. Only segments without data or with SYN
 * count: data is never part of an ACK loop. So two ends that disagree
 * about the sequence numbers cannot ping-pong ACKs for ever: each
 * answers the other's unchanging ACK once, then no more. Linux holds back
 * any such ACK in the interval; here only a repeat of the same segment
 * (flags, SEG.SEQ, SEG.ACK, SEG.LEN), so probes that differ each get
 * their answer, as the lessons show them. */
static void
send_oow_ack (SeqackTcpConn          *conn,
              const SeqackTcpSegment *seg,
              gint64                  now)
{
  guint32 len = seg_len (seg);

  if (len == 0 || (seg->flags & SEQACK_TCP_SYN))
    {
      if (conn->oow_ack_at != G_MININT64 && now >= conn->oow_ack_at &&
          now - conn->oow_ack_at < SEQACK_TCP_OOW_ACK_INTERVAL &&
          seg->flags == conn->oow_flags && seg->seq == conn->oow_seq &&
          seg->ack == conn->oow_ack && len == conn->oow_len)
        return;
      conn->oow_ack_at = now;
      conn->oow_flags = seg->flags;
      conn->oow_seq = seg->seq;
      conn->oow_ack = seg->ack;
      conn->oow_len = len;
    }
  send_ack (conn);
}

/* A RST in answer to @seg, to the port it came from. */
static void
send_rst_reply (SeqackTcpConn          *conn,
                const SeqackTcpSegment *seg)
{
  SeqackTcpSegment reply;

  if (!seqack_tcp_reset_for_closed (seg, &reply))
    return;
  if (conn->cb.send != NULL)
    conn->cb.send (conn->user_data, &reply, FALSE);
}

/* The SYN (SYN-SENT) or SYN,ACK (peer's SYN seen): <SEQ=ISS>. */
static void
send_syn (SeqackTcpConn *conn,
          gboolean       retransmission,
          gint64         now)
{
  gboolean with_ack = conn->state != SEQACK_TCP_SYN_SENT;

  conn->syn_sent_at = now;
  if (retransmission)
    {
      /* Karn: an answer could be to either copy. */
      conn->syn_resent = TRUE;
      conn->rtt_timing = FALSE;
    }
  else
    rtt_start (conn, conn->iss, now);
  emit (conn, SEQACK_TCP_SYN | (with_ack ? SEQACK_TCP_ACK : 0),
        conn->iss, conn->rcv_nxt, NULL, 0, TRUE,
        retransmission ? SEQACK_TCP_SENT_RETRANSMISSION : 0);
}

/* RFC 6298 §5.1: start the timer with each send if it is not running. */
static void
rtx_arm (SeqackTcpConn *conn,
         gint64         now)
{
  if (conn->deadline[SEQACK_TCP_TIMER_RETRANSMIT] == SEQACK_NO_DEADLINE)
    timer_set (conn, SEQACK_TCP_TIMER_RETRANSMIT, now + conn->rto);
}

static gboolean
state_sends_data (SeqackTcpState state)
{
  /* RFC 9293 §3.10.2: in SYN-SENT and SYN-RCVD data waits for
   * ESTABLISHED; after our FIN nothing new is sent (output() stops at
   * fin_sent). CLOSING is here because the peer's FIN can move us there
   * from FIN-WAIT-1 before our queued data and FIN went out (CLOSE in
   * SYN-RCVD, §3.10.4, then the FIN with the ACK of our SYN): they must
   * still be sent. */
  return state == SEQACK_TCP_ESTABLISHED ||
         state == SEQACK_TCP_CLOSE_WAIT ||
         state == SEQACK_TCP_FIN_WAIT_1 ||
         state == SEQACK_TCP_CLOSING ||
         state == SEQACK_TCP_LAST_ACK;
}

/* The persist timer's interval: the RTO, doubled with each probe
 * (RFC 1122 §4.2.2.17), up to the ceiling. */
static gint64
persist_interval (SeqackTcpConn *conn)
{
  gint64 interval = conn->rto;

  for (guint i = 0; i < conn->n_probes && interval < conn->config.rto_max;
       i++)
    interval *= 2;
  return MIN (interval, conn->config.rto_max);
}

/* RFC 9293 §3.8.6.1: with data queued, a zero window and nothing in
 * flight (so no retransmission timer to probe it), the persist timer
 * runs; once the window opens it stops. */
static void
persist_update (SeqackTcpConn *conn,
                gint64         now)
{
  guint32 buf_end = conn->snd_buf_seq + snd_buf_len (conn);
  gboolean shut = !conn->fin_sent &&
                  state_sends_data (conn->state) &&
                  seq_gt (buf_end, conn->snd_nxt) &&
                  conn->snd_una == conn->snd_nxt &&
                  conn->snd_wnd == 0;

  if (shut)
    {
      if (conn->deadline[SEQACK_TCP_TIMER_PERSIST] == SEQACK_NO_DEADLINE)
        timer_set (conn, SEQACK_TCP_TIMER_PERSIST,
                   now + persist_interval (conn));
      return;
    }
  timer_cancel (conn, SEQACK_TCP_TIMER_PERSIST);
  if (conn->snd_wnd > 0)
    conn->n_probes = 0;
}

/* RFC 5681 §3.1: at most min (cwnd, rwnd) may be in flight. */
static inline guint32
send_window (SeqackTcpConn *conn)
{
  return MIN (conn->snd_wnd, conn->cc.cwnd);
}

/* Whether @n bytes, fewer than queued (@unsent) or a full segment
 * perhaps, should go now with @flight bytes unacknowledged: the
 * sender's SWS avoidance (RFC 9293 §3.8.6.2.1, RFC 1122 §4.2.3.4) and,
 * when on, Nagle's algorithm (§3.7.4). */
static gboolean
worth_sending (SeqackTcpConn *conn,
               guint32        n,
               guint32        unsent,
               guint32        flight)
{
  if (n == conn->snd_mss)
    return TRUE;                            /* a full segment */
  if (n == unsent)
    return !conn->config.nagle || flight == 0;   /* all that is queued */
  if (n >= conn->max_snd_wnd / 2)
    return TRUE;                            /* half the largest window */
  /* With nothing in flight no ACK would come to clock it out: the
   * override timeout, taken as zero. */
  return flight == 0;
}

/* Sends the queued data min (cwnd, the peer's window) allows, in
 * MSS-sized segments with PSH on the one that empties the queue, then
 * the FIN if CLOSE was called (riding on the last data segment when both
 * go now). Returns TRUE if anything was sent (so an owed ACK went with
 * it). */
static gboolean
output (SeqackTcpConn *conn,
        gint64         now)
{
  gboolean sent = FALSE;

  if (!state_sends_data (conn->state))
    return FALSE;

  /* RFC 5681 §4.1: after an idle period longer than the RTO, slow
   * start begins again from the restart window. */
  if (!conn->fin_sent && conn->snd_nxt == conn->snd_una &&
      conn->data_sent_at != G_MININT64 &&
      seq_gt (conn->snd_buf_seq + snd_buf_len (conn), conn->snd_nxt))
    seqack_tcp_cc_restart (&conn->cc, now - conn->data_sent_at, conn->rto,
                           conn->snd_mss, conn->config.iw10);

  while (!conn->fin_sent)
    {
      guint32 buf_end = conn->snd_buf_seq + snd_buf_len (conn);
      guint32 unsent = buf_end - conn->snd_nxt;
      guint32 flight = conn->snd_nxt - conn->snd_una;
      guint32 wnd = send_window (conn);
      guint32 usable = wnd > flight ? wnd - flight : 0;
      guint32 n = MIN (unsent, MIN ((guint32) conn->snd_mss, usable));
      guint8 flags = SEQACK_TCP_ACK;
      const guint8 *data;
      guint32 seq;

      if (n == 0 && !(unsent == 0 && conn->fin_queued))
        break;   /* nothing to send, or the window is shut */
      if (n > 0 && !worth_sending (conn, n, unsent, flight))
        break;

      if (n == unsent)
        {
          if (n > 0)
            flags |= SEQACK_TCP_PSH;
          if (conn->fin_queued)
            flags |= SEQACK_TCP_FIN;
        }

      /* An empty buffer may have no storage at all. */
      seq = conn->snd_nxt;
      data = n > 0 ? snd_buf_at (conn, seq) : NULL;
      /* SND.NXT advances before the send callback, so the variables read
       * there are those after this segment (the Trace notes them). */
      conn->snd_nxt += n;
      if (flags & SEQACK_TCP_FIN)
        {
          conn->fin_sent = TRUE;
          conn->fin_seq = conn->snd_nxt;
          conn->snd_nxt += 1;   /* the FIN occupies one sequence number */
        }
      conn->probe_out = FALSE;
      if (n > 0)
        conn->data_sent_at = now;
      emit (conn, flags, seq, conn->rcv_nxt, data, n, FALSE, 0);
      rtt_start (conn, seq, now);
      rtx_arm (conn, now);
      sent = TRUE;
    }

  persist_update (conn, now);
  return sent;
}

/* The persist timer fired: one octet of new data beyond the shut window
 * (RFC 9293 §3.8.6.1), which the peer answers with an ACK that carries
 * its window. SND.NXT moves only when the peer takes the octet. */
static void
persist_probe (SeqackTcpConn *conn,
               gint64         now)
{
  guint32 buf_end = conn->snd_buf_seq + snd_buf_len (conn);

  if (!state_sends_data (conn->state) || conn->fin_sent ||
      !seq_gt (buf_end, conn->snd_nxt) || conn->snd_una != conn->snd_nxt)
    return;

  conn->probe_out = TRUE;
  conn->data_sent_at = now;
  emit (conn, SEQACK_TCP_ACK, conn->snd_nxt, conn->rcv_nxt,
        snd_buf_at (conn, conn->snd_nxt), 1, FALSE,
        SEQACK_TCP_SENT_WINDOW_PROBE |
        (conn->n_probes > 0 ? SEQACK_TCP_SENT_RETRANSMISSION : 0));
  conn->n_probes++;
  timer_set (conn, SEQACK_TCP_TIMER_PERSIST, now + persist_interval (conn));
}

/* Resends up to one MSS of data from @seq, with the FIN if it fits
 * (alone when all data was acked), marked @sent as well. Returns the
 * sequence space it covered, 0 when there was nothing. */
static guint32
retransmit_from (SeqackTcpConn *conn,
                 guint32        seq,
                 guint          sent)
{
  guint32 data_end = conn->fin_sent ? conn->fin_seq : conn->snd_nxt;
  guint32 n = seq_lt (seq, data_end)
              ? MIN (data_end - seq, (guint32) conn->snd_mss) : 0;
  guint8 flags = SEQACK_TCP_ACK;

  /* Karn (RFC 6298 §3): no sample from a retransmitted segment. */
  conn->rtt_timing = FALSE;
  if (n > 0 && seq + n == conn->snd_buf_seq + snd_buf_len (conn))
    flags |= SEQACK_TCP_PSH;
  if (conn->fin_sent && seq + n == conn->fin_seq)
    flags |= SEQACK_TCP_FIN;
  if (n == 0 && !(flags & SEQACK_TCP_FIN))
    return 0;

  emit (conn, flags, seq, conn->rcv_nxt,
        n > 0 ? snd_buf_at (conn, seq) : NULL, n, FALSE,
        SEQACK_TCP_SENT_RETRANSMISSION | sent);
  return n + ((flags & SEQACK_TCP_FIN) ? 1 : 0);
}

/* Resends from SND.UNA (RFC 6298 §5.4, RFC 5681 §3.2): the SYN or
 * SYN,ACK while our SYN is unacknowledged, else one segment. */
static void
retransmit_head (SeqackTcpConn *conn,
                 guint          sent,
                 gint64         now)
{
  if (conn->snd_una == conn->iss)
    {
      conn->rtt_timing = FALSE;
      send_syn (conn, TRUE, now);
      return;
    }

  g_assert (conn->snd_una == conn->snd_buf_seq);
  conn->rtx_nxt = conn->snd_una + retransmit_from (conn, conn->snd_una,
                                                   sent);
  conn->data_sent_at = now;
}

/* After a timeout, an ACK opened the (slow-starting) congestion window:
 * resend what it allows of the rest up to "recover", go-back-N, rather
 * than one segment per timeout. */
static void
retransmit_more (SeqackTcpConn *conn,
                 gint64         now)
{
  if (seq_lt (conn->rtx_nxt, conn->snd_una))
    conn->rtx_nxt = conn->snd_una;
  while (seq_lt (conn->rtx_nxt, conn->recover))
    {
      guint32 n = MIN (conn->recover - conn->rtx_nxt,
                       (guint32) conn->snd_mss);
      guint32 covered;

      if (conn->rtx_nxt != conn->snd_una &&
          conn->rtx_nxt - conn->snd_una + n > send_window (conn))
        break;
      covered = retransmit_from (conn, conn->rtx_nxt, 0);
      if (covered == 0)
        break;
      conn->rtx_nxt += covered;
      conn->data_sent_at = now;
    }
}

/* ---- User calls (RFC 9293 §3.10.1-§3.10.5) ---------------------------- */

SeqackTcpConn *
seqack_tcp_conn_new (const SeqackTcpConfig    *config,
                     const SeqackTcpCallbacks *callbacks,
                     SeqackIsnFunc             isn,
                     gpointer                  user_data)
{
  SeqackTcpConn *conn = g_new0 (SeqackTcpConn, 1);

  if (config != NULL)
    conn->config = *config;
  else
    seqack_tcp_config_init (&conn->config);
  if (callbacks != NULL)
    conn->cb = *callbacks;
  conn->isn_func = isn;
  conn->user_data = user_data;
  conn->state = SEQACK_TCP_CLOSED;
  seqack_tcp_buffer_init (&conn->snd_buf);
  seqack_tcp_buffer_init (&conn->rcv_buf);
  for (guint i = 0; i < SEQACK_TCP_N_TIMERS; i++)
    conn->deadline[i] = SEQACK_NO_DEADLINE;
  tcb_reset (conn);

  return conn;
}

void
seqack_tcp_conn_free (SeqackTcpConn *conn)
{
  if (conn == NULL)
    return;

  ooo_clear (conn);
  g_clear_pointer (&conn->ooo, g_array_unref);
  seqack_tcp_buffer_clear (&conn->snd_buf);
  seqack_tcp_buffer_clear (&conn->rcv_buf);
  g_free (conn);
}

void
seqack_tcp_conn_set_config (SeqackTcpConn         *conn,
                            const SeqackTcpConfig *config)
{
  g_return_if_fail (conn != NULL);
  g_return_if_fail (config != NULL);

  conn->config = *config;
  if (conn->state == SEQACK_TCP_CLOSED || conn->state == SEQACK_TCP_LISTEN)
    conn->rto = config->rto_initial;
}

const SeqackTcpConfig *
seqack_tcp_conn_get_config (SeqackTcpConn *conn)
{
  g_return_val_if_fail (conn != NULL, NULL);

  return &conn->config;
}

static gboolean
fail_exists (GError **error)
{
  g_set_error_literal (error, SEQACK_ERROR, SEQACK_ERROR_CONNECTION_EXISTS,
                       _("connection already exists"));
  return FALSE;
}

static gboolean
fail_no_connection (GError **error)
{
  g_set_error_literal (error, SEQACK_ERROR, SEQACK_ERROR_NO_CONNECTION,
                       _("connection does not exist"));
  return FALSE;
}

static gboolean
fail_closing (GError **error)
{
  g_set_error_literal (error, SEQACK_ERROR, SEQACK_ERROR_CONNECTION_CLOSING,
                       _("connection closing"));
  return FALSE;
}

gboolean
seqack_tcp_conn_listen (SeqackTcpConn *conn,
                        guint16        local_port,
                        gint64         now,
                        GError       **error)
{
  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* RFC 9293 §3.10.1: OPEN on an existing connection is an error. */
  if (conn->state != SEQACK_TCP_CLOSED)
    return fail_exists (error);

  tcb_reset (conn);
  conn->local_port = local_port;
  conn->remote_port = 0;
  set_state (conn, SEQACK_TCP_LISTEN, SEQACK_TCP_EDGE_PASSIVE_OPEN, now);

  return TRUE;
}

gboolean
seqack_tcp_conn_connect (SeqackTcpConn *conn,
                         guint16        local_port,
                         guint16        remote_port,
                         gint64         now,
                         GError       **error)
{
  SeqackTcpEdge edge;

  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* RFC 9293 §3.10.1: an active OPEN from CLOSED, or from LISTEN (the
   * connection changes from passive to active). */
  if (conn->state == SEQACK_TCP_CLOSED)
    edge = SEQACK_TCP_EDGE_ACTIVE_OPEN;
  else if (conn->state == SEQACK_TCP_LISTEN)
    edge = SEQACK_TCP_EDGE_LISTEN_SEND;
  else
    return fail_exists (error);

  tcb_reset (conn);
  conn->local_port = local_port;
  conn->remote_port = remote_port;
  tcb_choose_iss (conn);
  set_state (conn, SEQACK_TCP_SYN_SENT, edge, now);
  send_syn (conn, FALSE, now);
  rtx_arm (conn, now);

  return TRUE;
}

gboolean
seqack_tcp_conn_send (SeqackTcpConn *conn,
                      const guint8  *data,
                      gsize          len,
                      gint64         now,
                      GError       **error)
{
  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (conn->state)
    {
    case SEQACK_TCP_CLOSED:
      return fail_no_connection (error);

    case SEQACK_TCP_LISTEN:
      /* RFC 9293 §3.10.2: SEND in LISTEN turns active only when the
       * foreign socket is known; a listener here never knows it. */
      g_set_error_literal (error, SEQACK_ERROR, SEQACK_ERROR_NO_CONNECTION,
                           _("foreign socket unspecified"));
      return FALSE;

    case SEQACK_TCP_SYN_SENT:
    case SEQACK_TCP_SYN_RECEIVED:
      /* Queued for transmission after entering ESTABLISHED. */
      if (conn->close_pending)
        return fail_closing (error);
      break;

    case SEQACK_TCP_ESTABLISHED:
    case SEQACK_TCP_CLOSE_WAIT:
      break;

    case SEQACK_TCP_FIN_WAIT_1:
    case SEQACK_TCP_FIN_WAIT_2:
    case SEQACK_TCP_CLOSING:
    case SEQACK_TCP_LAST_ACK:
    case SEQACK_TCP_TIME_WAIT:
    case SEQACK_TCP_N_STATES:
    default:
      return fail_closing (error);
    }

  if (len == 0)
    return TRUE;

  seqack_tcp_buffer_append (&conn->snd_buf, data, len);
  output (conn, now);

  return TRUE;
}

gboolean
seqack_tcp_conn_close (SeqackTcpConn *conn,
                       gint64         now,
                       GError       **error)
{
  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  switch (conn->state)
    {
    case SEQACK_TCP_CLOSED:
      return fail_no_connection (error);

    case SEQACK_TCP_LISTEN:
      set_state (conn, SEQACK_TCP_CLOSED, SEQACK_TCP_EDGE_LISTEN_CLOSE, now);
      return TRUE;

    case SEQACK_TCP_SYN_SENT:
      set_state (conn, SEQACK_TCP_CLOSED, SEQACK_TCP_EDGE_SYN_SENT_CLOSE,
                 now);
      return TRUE;

    case SEQACK_TCP_SYN_RECEIVED:
      if (conn->close_pending)
        return fail_closing (error);
      /* RFC 9293 §3.10.4: FIN now if nothing is queued, else after the
       * handshake completes and the data is sent. */
      if (snd_buf_len (conn) > 0)
        {
          conn->close_pending = TRUE;
          return TRUE;
        }
      conn->fin_queued = TRUE;
      set_state (conn, SEQACK_TCP_FIN_WAIT_1,
                 SEQACK_TCP_EDGE_SYN_RCVD_CLOSE, now);
      output (conn, now);
      return TRUE;

    case SEQACK_TCP_ESTABLISHED:
      conn->fin_queued = TRUE;
      set_state (conn, SEQACK_TCP_FIN_WAIT_1,
                 SEQACK_TCP_EDGE_ESTABLISHED_CLOSE, now);
      output (conn, now);
      return TRUE;

    case SEQACK_TCP_CLOSE_WAIT:
      conn->fin_queued = TRUE;
      set_state (conn, SEQACK_TCP_LAST_ACK,
                 SEQACK_TCP_EDGE_CLOSE_WAIT_CLOSE, now);
      output (conn, now);
      return TRUE;

    case SEQACK_TCP_FIN_WAIT_1:
    case SEQACK_TCP_FIN_WAIT_2:
    case SEQACK_TCP_CLOSING:
    case SEQACK_TCP_LAST_ACK:
    case SEQACK_TCP_TIME_WAIT:
    case SEQACK_TCP_N_STATES:
    default:
      return fail_closing (error);
    }
}

void
seqack_tcp_conn_abort (SeqackTcpConn *conn,
                       gint64         now)
{
  g_return_if_fail (conn != NULL);

  switch (conn->state)
    {
    case SEQACK_TCP_CLOSED:
      return;

    case SEQACK_TCP_SYN_RECEIVED:
    case SEQACK_TCP_ESTABLISHED:
    case SEQACK_TCP_FIN_WAIT_1:
    case SEQACK_TCP_FIN_WAIT_2:
    case SEQACK_TCP_CLOSE_WAIT:
      /* RFC 9293 §3.10.5: <SEQ=SND.NXT><CTL=RST>; with ACK like Linux. */
      emit (conn, SEQACK_TCP_RST | SEQACK_TCP_ACK, conn->snd_nxt,
            conn->rcv_nxt, NULL, 0, FALSE, FALSE);
      break;

    case SEQACK_TCP_LISTEN:
    case SEQACK_TCP_SYN_SENT:
    case SEQACK_TCP_CLOSING:
    case SEQACK_TCP_LAST_ACK:
    case SEQACK_TCP_TIME_WAIT:
    case SEQACK_TCP_N_STATES:
    default:
      /* Nothing sent: not synchronized, or our FIN already went out. */
      set_state (conn, SEQACK_TCP_CLOSED, SEQACK_TCP_EDGE_ABORT_SILENT, now);
      return;
    }

  set_state (conn, SEQACK_TCP_CLOSED, SEQACK_TCP_EDGE_ABORT, now);
}

gboolean
seqack_tcp_conn_quit (SeqackTcpConn *conn,
                      gsize          unread,
                      gint64         now,
                      GError       **error)
{
  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (conn->state == SEQACK_TCP_CLOSED)
    return fail_no_connection (error);
  if (conn->quit)
    return fail_closing (error);

  /* RFC 1122 §4.2.2.13, Linux tcp_close(): closing with received data
   * unread loses it, so a RST tells the peer instead of a FIN. */
  unread += seqack_tcp_buffer_len (&conn->rcv_buf);
  if (unread > 0 && seqack_tcp_state_is_synchronized (conn->state) &&
      conn->state != SEQACK_TCP_TIME_WAIT)
    {
      emit (conn, SEQACK_TCP_RST | SEQACK_TCP_ACK, conn->snd_nxt,
            conn->rcv_nxt, NULL, 0, FALSE, FALSE);
      set_state (conn, SEQACK_TCP_CLOSED, SEQACK_TCP_EDGE_ABORT, now);
      return TRUE;
    }

  conn->quit = TRUE;
  if (seqack_tcp_conn_allows (conn, SEQACK_TCP_CALL_CLOSE))
    return seqack_tcp_conn_close (conn, now, error);
  /* Closed already: nobody reads from now on, and a FIN-WAIT-2 the
   * application left is no longer waited out for ever. */
  if (conn->state == SEQACK_TCP_FIN_WAIT_2)
    fin_wait_2_arm (conn, now);
  return TRUE;
}

/* The application read: tell the peer when its window opened (RFC 9293
 * §3.8.6.2.2: the update the receiver's SWS avoidance allows), if it
 * may still send. */
static void
window_update (SeqackTcpConn *conn)
{
  gboolean peer_sends = !conn->fin_rcvd &&
                        (conn->state == SEQACK_TCP_ESTABLISHED ||
                         conn->state == SEQACK_TCP_FIN_WAIT_1 ||
                         conn->state == SEQACK_TCP_FIN_WAIT_2);

  if (peer_sends && rcv_wnd_offer (conn) > conn->rcv_wnd)
    send_ack_for (conn, SEQACK_TCP_SENT_WINDOW_UPDATE);
}

gsize
seqack_tcp_conn_read (SeqackTcpConn *conn,
                      gsize          max,
                      gint64         now)
{
  guint n;
  const guint8 *data;

  g_return_val_if_fail (conn != NULL, 0);

  n = (guint) MIN (max, (gsize) seqack_tcp_buffer_len (&conn->rcv_buf));
  if (n == 0)
    return 0;
  /* Consumed first, so deliver() sees the buffer after the read; the
   * bytes stay in place until the next append. */
  data = seqack_tcp_buffer_peek (&conn->rcv_buf, 0);
  seqack_tcp_buffer_consume (&conn->rcv_buf, n);
  deliver (conn, data, n);
  window_update (conn);

  return n;
}

void
seqack_tcp_conn_set_read_paused (SeqackTcpConn *conn,
                                 gboolean       paused,
                                 gint64         now)
{
  g_return_if_fail (conn != NULL);

  conn->read_paused = paused != FALSE;
  if (!paused)
    seqack_tcp_conn_read (conn, G_MAXSIZE, now);
}

gboolean
seqack_tcp_conn_get_read_paused (SeqackTcpConn *conn)
{
  g_return_val_if_fail (conn != NULL, FALSE);

  return conn->read_paused;
}

gboolean
seqack_tcp_conn_allows (SeqackTcpConn *conn,
                        SeqackTcpCall  call)
{
  SeqackTcpState s;

  g_return_val_if_fail (conn != NULL, FALSE);

  s = conn->state;
  switch (call)
    {
    case SEQACK_TCP_CALL_LISTEN:
      return s == SEQACK_TCP_CLOSED;

    case SEQACK_TCP_CALL_CONNECT:
      return s == SEQACK_TCP_CLOSED || s == SEQACK_TCP_LISTEN;

    case SEQACK_TCP_CALL_SEND:
      return ((s == SEQACK_TCP_SYN_SENT || s == SEQACK_TCP_SYN_RECEIVED) &&
              !conn->close_pending) ||
             s == SEQACK_TCP_ESTABLISHED || s == SEQACK_TCP_CLOSE_WAIT;

    case SEQACK_TCP_CALL_CLOSE:
      return s == SEQACK_TCP_LISTEN || s == SEQACK_TCP_SYN_SENT ||
             (s == SEQACK_TCP_SYN_RECEIVED && !conn->close_pending) ||
             s == SEQACK_TCP_ESTABLISHED || s == SEQACK_TCP_CLOSE_WAIT;

    case SEQACK_TCP_CALL_ABORT:
      return s != SEQACK_TCP_CLOSED;

    case SEQACK_TCP_CALL_QUIT:
      return s != SEQACK_TCP_CLOSED && !conn->quit;

    default:
      g_return_val_if_reached (FALSE);
    }
}

/* ---- SEGMENT ARRIVES (RFC 9293 §3.10.7) -------------------------------- */

gboolean
seqack_tcp_reset_for_closed (const SeqackTcpSegment *segment,
                             SeqackTcpSegment       *reply)
{
  g_return_val_if_fail (segment != NULL, FALSE);
  g_return_val_if_fail (reply != NULL, FALSE);

  /* RFC 9293 §3.10.7.1: an incoming RST is discarded, never answered. */
  if (segment->flags & SEQACK_TCP_RST)
    return FALSE;

  memset (reply, 0, sizeof *reply);
  reply->src_port = segment->dst_port;
  reply->dst_port = segment->src_port;
  reply->data_offset = 5;
  if (segment->flags & SEQACK_TCP_ACK)
    {
      /* <SEQ=SEG.ACK><CTL=RST> */
      reply->seq = segment->ack;
      reply->flags = SEQACK_TCP_RST;
    }
  else
    {
      /* <SEQ=0><ACK=SEG.SEQ+SEG.LEN><CTL=RST,ACK> */
      reply->seq = 0;
      reply->ack = segment->seq + seg_len (segment);
      reply->flags = SEQACK_TCP_RST | SEQACK_TCP_ACK;
    }

  return TRUE;
}

/* <SEQ=SEG.ACK><CTL=RST> to the segment's sender. */
static void
send_rst_for_ack (SeqackTcpConn          *conn,
                  const SeqackTcpSegment *seg)
{
  SeqackTcpSegment reply;

  memset (&reply, 0, sizeof reply);
  reply.src_port = seg->dst_port;
  reply.dst_port = seg->src_port;
  reply.data_offset = 5;
  reply.seq = seg->ack;
  reply.flags = SEQACK_TCP_RST;
  if (conn->cb.send != NULL)
    conn->cb.send (conn->user_data, &reply, FALSE);
}

/* A SYN came in LISTEN: the TCB takes the peer's numbers and its ISS
 * (@iss when @given, else from the generator), SYN-RCVD. */
static void
syn_received (SeqackTcpConn          *conn,
              const SeqackTcpSegment *seg,
              gboolean                given,
              guint32                 iss,
              gint64                  now)
{
  conn->remote_port = seg->src_port;
  conn->irs = seg->seq;
  conn->rcv_nxt = seg->seq + 1;
  if (given)
    tcb_set_iss (conn, iss);
  else
    tcb_choose_iss (conn);
  conn->snd_wnd = seg->window;
  conn->max_snd_wnd = MAX (conn->max_snd_wnd, seg->window);
  conn->snd_wl1 = seg->seq;
  conn->snd_wl2 = conn->iss;
  peer_mss_from (conn, seg);
  set_state (conn, SEQACK_TCP_SYN_RECEIVED, SEQACK_TCP_EDGE_RCV_SYN, now);
  conn->passive = TRUE;
}

/* RFC 9293 §3.10.7.2 */
static void
receive_listen (SeqackTcpConn          *conn,
                const SeqackTcpSegment *seg,
                gint64                  now)
{
  /* First: an incoming RST is ignored. */
  if (seg->flags & SEQACK_TCP_RST)
    return;

  /* Second: any acknowledgment is bad in LISTEN. */
  if (seg->flags & SEQACK_TCP_ACK)
    {
      send_rst_for_ack (conn, seg);
      return;
    }

  /* Third: a SYN. Data or FIN on it are not kept (the peer sends them
   * again once the handshake is done). */
  if (seg->flags & SEQACK_TCP_SYN)
    {
      syn_received (conn, seg, FALSE, 0, now);
      send_syn (conn, FALSE, now);
      rtx_arm (conn, now);
    }

  /* Fourth: anything else is dropped. */
}

static void deliver_segment_text (SeqackTcpConn *conn,
                                  guint32        seq,
                                  const guint8  *data,
                                  guint32        len,
                                  gboolean       fin,
                                  gboolean       ack_now,
                                  gint64         now);
static void finish_ack (SeqackTcpConn *conn,
                        gboolean       need_ack,
                        gboolean       ack_now,
                        guint          sent,
                        gint64         now);

/* RFC 9293 §3.10.7.3 */
static void
receive_syn_sent (SeqackTcpConn          *conn,
                  const SeqackTcpSegment *seg,
                  gint64                  now)
{
  gboolean ack_ok = FALSE;

  /* First: the ACK bit. An ACK of something we never sent (an old
   * duplicate's SYN,ACK) gets <SEQ=SEG.ACK><CTL=RST>; we stay in
   * SYN-SENT (RFC 793 Figure 9, recovery from an old duplicate SYN). */
  if (seg->flags & SEQACK_TCP_ACK)
    {
      if (seq_le (seg->ack, conn->iss) || seq_gt (seg->ack, conn->snd_nxt))
        {
          if (!(seg->flags & SEQACK_TCP_RST))
            send_rst_for_ack (conn, seg);
          return;
        }
      ack_ok = TRUE;
    }

  /* Second: the RST bit. Only with an acceptable ACK: refused. */
  if (seg->flags & SEQACK_TCP_RST)
    {
      if (ack_ok)
        {
          report_error (conn, SEQACK_ERROR_CONNECTION_REFUSED,
                        _("connection refused"));
          set_state (conn, SEQACK_TCP_CLOSED, SEQACK_TCP_EDGE_RCV_RST, now);
        }
      return;
    }

  /* Fourth: the SYN bit. */
  if (!(seg->flags & SEQACK_TCP_SYN))
    return;   /* fifth: neither SYN nor RST, drop */

  conn->irs = seg->seq;
  conn->rcv_nxt = seg->seq + 1;
  peer_mss_from (conn, seg);

  if (ack_ok)
    {
      /* Our SYN is acknowledged: ESTABLISHED, and the third segment of
       * the handshake, <SEQ=SND.NXT><ACK=RCV.NXT><CTL=ACK>. */
      conn->snd_una = seg->ack;
      conn->snd_wnd = seg->window;
      conn->max_snd_wnd = MAX (conn->max_snd_wnd, seg->window);
      conn->snd_wl1 = seg->seq;
      conn->snd_wl2 = seg->ack;
      rtt_acked (conn, seg->ack, now);
      handshake_done (conn);
      timer_cancel (conn, SEQACK_TCP_TIMER_RETRANSMIT);
      set_state (conn, SEQACK_TCP_ESTABLISHED, SEQACK_TCP_EDGE_RCV_SYN_ACK,
                 now);

      if (seg->payload_len > 0 || (seg->flags & SEQACK_TCP_FIN))
        {
          /* Data or FIN on the SYN,ACK: continue at the sixth step; its
           * ACK acknowledges the SYN too. */
          guint32 len = MIN ((guint32) seg->payload_len, conn->rcv_wnd);

          deliver_segment_text (conn, seg->seq + 1, seg->payload, len,
                                (seg->flags & SEQACK_TCP_FIN) &&
                                len == seg->payload_len, TRUE, now);
        }
      else
        {
          /* The handshake's ACK on its own, then any queued data. */
          send_ack (conn);
          output (conn, now);
        }
      return;
    }

  /* Simultaneous open: a SYN without ACK. SYN-RCVD, and a SYN,ACK that
   * repeats our ISS (RFC 9293 §3.10.7.3, RFC 793 Figure 8). The SYN timer
   * keeps running: it now covers the SYN,ACK. */
  conn->snd_wnd = seg->window;
  conn->max_snd_wnd = MAX (conn->max_snd_wnd, seg->window);
  conn->snd_wl1 = seg->seq;
  set_state (conn, SEQACK_TCP_SYN_RECEIVED,
             SEQACK_TCP_EDGE_SIMULTANEOUS_OPEN, now);
  send_syn (conn, FALSE, now);
}

static void
ooo_insert (SeqackTcpConn *conn,
            guint32        seq,
            const guint8  *data,
            guint32        len,
            gboolean       fin)
{
  OooSegment entry;
  guint i;

  if (conn->ooo == NULL)
    conn->ooo = g_array_new (FALSE, FALSE, sizeof (OooSegment));
  for (i = 0; i < conn->ooo->len; i++)
    {
      OooSegment *e = &g_array_index (conn->ooo, OooSegment, i);

      if (e->seq == seq)
        {
          if (e->len >= len && (e->fin || !fin))
            return;   /* a duplicate of what we hold */
          g_free (e->data);
          e->data = g_memdup2 (data, len);
          e->len = len;
          e->fin = fin;
          return;
        }
      if (seq_gt (e->seq, seq))
        break;
    }

  if (conn->ooo->len >= MAX_OOO_SEGMENTS)
    return;

  entry.seq = seq;
  entry.len = len;
  entry.fin = fin;
  entry.data = g_memdup2 (data, len);
  g_array_insert_val (conn->ooo, i, entry);
}

/* RFC 9293 §3.10.7.4, eighth step: the FIN at RCV.NXT. */
static void
process_fin (SeqackTcpConn *conn,
             gint64         now)
{
  conn->rcv_nxt += 1;
  conn->fin_rcvd = TRUE;
  ooo_clear (conn);

  switch (conn->state)
    {
    case SEQACK_TCP_SYN_RECEIVED:
    case SEQACK_TCP_ESTABLISHED:
      set_state (conn, SEQACK_TCP_CLOSE_WAIT,
                 SEQACK_TCP_EDGE_ESTABLISHED_RCV_FIN, now);
      break;

    case SEQACK_TCP_FIN_WAIT_1:
      if (conn->fin_sent && conn->snd_una == conn->snd_nxt)
        set_state (conn, SEQACK_TCP_TIME_WAIT,
                   SEQACK_TCP_EDGE_FIN_WAIT_1_RCV_FIN_ACK, now);
      else
        set_state (conn, SEQACK_TCP_CLOSING,
                   SEQACK_TCP_EDGE_FIN_WAIT_1_RCV_FIN, now);
      break;

    case SEQACK_TCP_FIN_WAIT_2:
      set_state (conn, SEQACK_TCP_TIME_WAIT,
                 SEQACK_TCP_EDGE_FIN_WAIT_2_RCV_FIN, now);
      break;

    case SEQACK_TCP_CLOSED:
    case SEQACK_TCP_LISTEN:
    case SEQACK_TCP_SYN_SENT:
    case SEQACK_TCP_CLOSE_WAIT:
    case SEQACK_TCP_CLOSING:
    case SEQACK_TCP_LAST_ACK:
    case SEQACK_TCP_TIME_WAIT:
    case SEQACK_TCP_N_STATES:
    default:
      break;
    }
}

/* Can the current state still take the peer's data (seventh step)? */
static gboolean
state_receives_text (SeqackTcpState state)
{
  return state == SEQACK_TCP_ESTABLISHED ||
         state == SEQACK_TCP_FIN_WAIT_1 ||
         state == SEQACK_TCP_FIN_WAIT_2;
}

/* Seventh and eighth steps for the part of a segment inside the window
 * (@seq >= RCV.NXT). In order: deliver, then whatever the out-of-order
 * queue now continues, then ACK. Out of order: keep it and send a
 * duplicate ACK at once (RFC 5681 §4.2). */
static void
deliver_segment_text (SeqackTcpConn *conn,
                      guint32        seq,
                      const guint8  *data,
                      guint32        len,
                      gboolean       fin,
                      gboolean       ack_now,
                      gint64         now)
{
  gboolean filled_gap;

  if (len == 0 && !fin)
    {
      finish_ack (conn, FALSE, FALSE, 0, now);
      return;
    }

  if (conn->fin_rcvd || !state_receives_text (conn->state))
    {
      /* CLOSE-WAIT, CLOSING, LAST-ACK, TIME-WAIT: the peer's FIN came
       * already; ignore the text, but acknowledge. */
      finish_ack (conn, TRUE, TRUE, 0, now);
      return;
    }

  if (seq != conn->rcv_nxt)
    {
      ooo_insert (conn, seq, data, len, fin);
      finish_ack (conn, TRUE, TRUE, SEQACK_TCP_SENT_DUP_ACK, now);
      return;
    }

  /* RCV.NXT moves before each deliver callback, so the variables read
   * there are those after the delivery. */
  filled_gap = conn->ooo != NULL && conn->ooo->len > 0;
  conn->rcv_nxt += len;
  rcv_accept (conn, data, len);

  if (fin)
    {
      process_fin (conn, now);
    }
  else
    {
      while (conn->ooo != NULL && conn->ooo->len > 0)
        {
          OooSegment e = g_array_index (conn->ooo, OooSegment, 0);
          guint32 end = e.seq + e.len;

          if (seq_gt (e.seq, conn->rcv_nxt))
            break;
          g_array_remove_index (conn->ooo, 0);
          if (seq_gt (end, conn->rcv_nxt))
            {
              guint32 from = conn->rcv_nxt;

              conn->rcv_nxt = end;
              rcv_accept (conn, e.data + (from - e.seq), end - from);
            }
          g_free (e.data);
          if (e.fin && end == conn->rcv_nxt)
            {
              process_fin (conn, now);
              break;
            }
        }
    }

  /* RFC 5681 §4.2: ACK at once when a segment fills a gap; the ACK of a
   * FIN goes at once unless it can wait in CLOSE-WAIT. */
  finish_ack (conn, TRUE,
              ack_now || filled_gap ||
              conn->state == SEQACK_TCP_TIME_WAIT ||
              conn->state == SEQACK_TCP_CLOSING,
              0, now);
}

/* Ends a segment's processing: new data or the FIN go out if they can
 * (carrying the ACK), else the ACK (marked @sent) is sent now, or delayed
 * (RFC 9293 §3.8.6.3) when that option is on: at most one full segment
 * waits. */
static void
finish_ack (SeqackTcpConn *conn,
            gboolean       need_ack,
            gboolean       ack_now,
            guint          sent,
            gint64         now)
{
  if (output (conn, now) || !need_ack)
    return;

  if (conn->config.delayed_ack && !ack_now && !conn->ack_pending)
    {
      conn->ack_pending = TRUE;
      timer_set (conn, SEQACK_TCP_TIMER_DELAYED_ACK,
                 now + conn->config.delayed_ack_timeout);
      return;
    }

  send_ack_for (conn, sent);
}

/* RFC 5681 §2 DUPLICATE ACKNOWLEDGMENT: data outstanding, no data, no
 * SYN or FIN, the ACK at SND.UNA and the window unchanged. Duplicates
 * after a timeout are not counted: that recovery resends by itself. */
static gboolean
is_dup_ack (SeqackTcpConn          *conn,
            const SeqackTcpSegment *seg)
{
  return conn->snd_una != conn->snd_nxt &&
         conn->snd_una != conn->iss &&
         !conn->in_recovery &&
         seg->payload_len == 0 &&
         !(seg->flags & (SEQACK_TCP_SYN | SEQACK_TCP_FIN)) &&
         seg->window == conn->snd_wnd;
}

/* RFC 5681 §3.2 and RFC 6582 §3.2: the third duplicate resends the
 * first unacknowledged segment (fast retransmit) and begins fast
 * recovery; later ones inflate cwnd, and the end of the segment's
 * processing sends what it allows. */
static void
dup_ack (SeqackTcpConn *conn,
         gint64         now)
{
  /* Step 1-2: only when the ACK covers more than "recover". */
  gboolean may_recover = seq_gt (conn->snd_una, conn->recover);

  if (seqack_tcp_cc_dup_ack (&conn->cc, conn->snd_nxt - conn->snd_una,
                             conn->snd_mss, may_recover) ==
      SEQACK_TCP_CC_RETRANSMIT)
    {
      conn->recover = conn->snd_nxt;
      retransmit_head (conn, SEQACK_TCP_SENT_FAST_RETRANSMISSION, now);
      timer_set (conn, SEQACK_TCP_TIMER_RETRANSMIT, now + conn->rto);
    }
}

/* @acked bytes of new data acknowledged (SND.UNA moved already): grow
 * cwnd, or during fast recovery deflate it (RFC 6582 §3.2 steps 3 and
 * 5), resending the next hole on a partial ACK. */
static void
cc_acked (SeqackTcpConn *conn,
          guint32        acked,
          gint64         now)
{
  if (!conn->cc.fast_recovery)
    {
      seqack_tcp_cc_on_ack (&conn->cc, acked, conn->snd_mss);
      return;
    }
  if (seqack_tcp_cc_recovery_ack (&conn->cc,
                                  seq_ge (conn->snd_una, conn->recover),
                                  acked, conn->snd_mss) ==
      SEQACK_TCP_CC_RETRANSMIT)
    retransmit_head (conn, SEQACK_TCP_SENT_FAST_RETRANSMISSION, now);
}

/* RFC 9293 §3.10.7.4, fifth step for the synchronized states. Returns
 * FALSE when the segment is done with. */
static gboolean
process_ack (SeqackTcpConn          *conn,
             const SeqackTcpSegment *seg,
             gboolean                fin_follows,
             gint64                  now)
{
  guint32 ack = seg->ack;
  gboolean syn_unacked = conn->snd_una == conn->iss;

  /* The peer took our zero-window probe's octet: it was sent. */
  if (conn->probe_out && ack == conn->snd_nxt + 1)
    conn->snd_nxt += 1;

  /* An ACK for something not yet sent: ACK, drop. */
  if (seq_gt (ack, conn->snd_nxt))
    {
      send_oow_ack (conn, seg, now);
      return FALSE;
    }

  /* RFC 5961 §5.2: an ACK below SND.UNA - MAX.SND.WND is not acceptable
   * either (a blind injection): challenge ACK, and the data is dropped. */
  if (seq_lt (ack, conn->snd_una - conn->max_snd_wnd))
    {
      send_oow_ack (conn, seg, now);
      return FALSE;
    }

  if (ack == conn->snd_una && is_dup_ack (conn, seg))
    dup_ack (conn, now);
  else if (seq_lt (conn->snd_una, ack))
    {
      guint32 acked = ack - conn->snd_una;

      /* New data acknowledged: remove it from the retransmission queue
       * (the SYN and the FIN are not in the buffer). */
      if (seq_gt (ack, conn->snd_buf_seq))
        {
          guint32 n = MIN (ack - conn->snd_buf_seq, snd_buf_len (conn));

          seqack_tcp_buffer_consume (&conn->snd_buf, n);
          conn->snd_buf_seq += n;
        }
      conn->snd_una = ack;
      conn->probe_out = FALSE;

      /* An RTT sample if the timed segment is covered (Karn), the
       * handshake's RTO rule (RFC 6298 (5.7)), and the retry budget
       * starts again. The back-off itself stays until a sample. */
      rtt_acked (conn, ack, now);
      if (syn_unacked)
        handshake_done (conn);
      else
        cc_acked (conn, acked, now);
      conn->n_timeouts = 0;

      /* RFC 6298 (5.2)-(5.3) */
      if (conn->snd_una == conn->snd_nxt)
        {
          timer_cancel (conn, SEQACK_TCP_TIMER_RETRANSMIT);
          conn->in_recovery = FALSE;
        }
      else
        {
          timer_set (conn, SEQACK_TCP_TIMER_RETRANSMIT, now + conn->rto);
          if (conn->in_recovery && seq_lt (conn->snd_una, conn->recover))
            retransmit_more (conn, now);
          else
            conn->in_recovery = FALSE;
        }
    }

  /* Window update, RFC 9293 §3.10.7.4: only from a newer segment. */
  if (seq_ge (ack, conn->snd_una) &&
      (seq_lt (conn->snd_wl1, seg->seq) ||
       (conn->snd_wl1 == seg->seq && seq_le (conn->snd_wl2, ack))))
    {
      conn->snd_wnd = seg->window;
      conn->snd_wl1 = seg->seq;
      conn->snd_wl2 = ack;
      conn->max_snd_wnd = MAX (conn->max_snd_wnd, conn->snd_wnd);
    }

  if (conn->fin_sent && conn->snd_una == conn->snd_nxt)
    {
      /* Our FIN is acknowledged. */
      switch (conn->state)
        {
        case SEQACK_TCP_FIN_WAIT_1:
          /* A FIN in this same segment takes us to TIME-WAIT in one
           * step (eighth step); otherwise FIN-WAIT-2. */
          if (!fin_follows)
            set_state (conn, SEQACK_TCP_FIN_WAIT_2,
                       SEQACK_TCP_EDGE_FIN_WAIT_1_RCV_ACK, now);
          break;

        case SEQACK_TCP_CLOSING:
          set_state (conn, SEQACK_TCP_TIME_WAIT,
                     SEQACK_TCP_EDGE_CLOSING_RCV_ACK, now);
          break;

        case SEQACK_TCP_LAST_ACK:
          set_state (conn, SEQACK_TCP_CLOSED,
                     SEQACK_TCP_EDGE_LAST_ACK_RCV_ACK, now);
          return FALSE;

        case SEQACK_TCP_CLOSED:
        case SEQACK_TCP_LISTEN:
        case SEQACK_TCP_SYN_SENT:
        case SEQACK_TCP_SYN_RECEIVED:
        case SEQACK_TCP_ESTABLISHED:
        case SEQACK_TCP_FIN_WAIT_2:
        case SEQACK_TCP_CLOSE_WAIT:
        case SEQACK_TCP_TIME_WAIT:
        case SEQACK_TCP_N_STATES:
        default:
          break;
        }
    }

  return TRUE;
}

/* RFC 9293 §3.10.7.4: a RST (or SYN) in SYN-RCVD takes a passive
 * connection back to LISTEN. Not once the user called CLOSE (pending
 * until ESTABLISHED, §3.10.4): that would resurrect a listener the user
 * closed. Such a connection goes CLOSED on a RST and answers a SYN with
 * a challenge ACK, as an active one does. */
static gboolean
returns_to_listen (SeqackTcpConn *conn)
{
  return conn->passive && !conn->close_pending;
}

/* RFC 9293 §3.10.7.4: SYN-RCVD and the synchronized states. */
static void
receive_other (SeqackTcpConn          *conn,
               const SeqackTcpSegment *seg,
               gint64                  now)
{
  guint32 len = seg_len (seg);
  guint32 wnd = conn->rcv_wnd;
  guint32 seq = seg->seq;
  const guint8 *data = seg->payload;
  guint32 data_len = (guint32) seg->payload_len;
  gboolean fin = (seg->flags & SEQACK_TCP_FIN) != 0;
  gboolean acceptable;
  SeqackTcpSegment as_ack;

  /* Simultaneous open, RFC 793 Figure 8 line 7: the peer's SYN,ACK acks
   * our SYN. Its SYN repeats the one we hold, so the sequence test would
   * refuse it; like Linux (tcp_validate_incoming) take it as the ACK. */
  if (conn->state == SEQACK_TCP_SYN_RECEIVED && !conn->passive &&
      (seg->flags & (SEQACK_TCP_SYN | SEQACK_TCP_ACK | SEQACK_TCP_RST)) ==
      (SEQACK_TCP_SYN | SEQACK_TCP_ACK) &&
      seg->seq == conn->irs &&
      seq_lt (conn->snd_una, seg->ack) && seq_le (seg->ack, conn->snd_nxt))
    {
      as_ack = *seg;
      as_ack.flags &= ~SEQACK_TCP_SYN;
      as_ack.seq += 1;
      seg = &as_ack;
      len = seg_len (seg);
      seq = seg->seq;
    }

  /* A retransmitted SYN while our SYN,ACK is unacknowledged (SYN-RCVD, or
   * FIN-WAIT-1 after a CLOSE there) means the SYN,ACK was lost: send it
   * again at once, as Linux and lwIP do (RFC 9293 would answer with a bare
   * ACK and leave it to our retransmission timer). One SYN,ACK per
   * instant: if our timer just resent it, the SYN is answered already;
   * if we resend it now, the timer restarts rather than repeat it, at
   * the RTO it has: like Linux's tcp_check_req() (TCP_TIMEOUT_INIT <<
   * num_timeout), only the timer's own expiries back it off and count
   * towards synack_retries. */
  if (conn->snd_una == conn->iss &&
      (seg->flags & (SEQACK_TCP_SYN | SEQACK_TCP_ACK | SEQACK_TCP_RST)) ==
      SEQACK_TCP_SYN && seg->seq == conn->irs)
    {
      if (conn->syn_sent_at != now)
        {
          send_syn (conn, TRUE, now);
          timer_set (conn, SEQACK_TCP_TIMER_RETRANSMIT, now + conn->rto);
        }
      return;
    }

  /* First: is the sequence number acceptable? The four cases. */
  if (len == 0)
    acceptable = wnd == 0
                 ? seq == conn->rcv_nxt
                 : seq_ge (seq, conn->rcv_nxt) &&
                   seq_lt (seq, conn->rcv_nxt + wnd);
  else
    acceptable = wnd != 0 &&
                 ((seq_ge (seq, conn->rcv_nxt) &&
                   seq_lt (seq, conn->rcv_nxt + wnd)) ||
                  (seq_ge (seq + len - 1, conn->rcv_nxt) &&
                   seq_lt (seq + len - 1, conn->rcv_nxt + wnd)));

  if (!acceptable)
    {
      if (seg->flags & SEQACK_TCP_RST)
        return;   /* drop silently (RFC 5961 §3.2, case 1) */

      /* The peer repeats its FIN: our last ACK was lost. ACK it again and
       * restart the 2MSL wait (RFC 9293 §3.10.7.4, TIME-WAIT). */
      if (conn->state == SEQACK_TCP_TIME_WAIT && fin &&
          seq + len == conn->rcv_nxt)
        {
          timer_cancel (conn, SEQACK_TCP_TIMER_TIME_WAIT);
          timer_set (conn, SEQACK_TCP_TIMER_TIME_WAIT,
                     now + 2 * conn->config.msl);
        }

      send_oow_ack (conn, seg, now);
      return;
    }

  /* The idealized segment: starts at RCV.NXT, ends inside the window. A
   * SYN here is handled (and the segment dropped) in the fourth step. */
  if (!(seg->flags & SEQACK_TCP_SYN))
    {
      if (seq_lt (seq, conn->rcv_nxt))
        {
          guint32 skip = conn->rcv_nxt - seq;

          if (skip >= data_len)
            {
              if (fin && skip > data_len)
                fin = FALSE;   /* the FIN is old too */
              data = NULL;
              data_len = 0;
            }
          else
            {
              data += skip;
              data_len -= skip;
            }
          seq = conn->rcv_nxt;
        }
      if (seq_gt (seq + data_len, conn->rcv_nxt + wnd))
        {
          data_len = conn->rcv_nxt + wnd - seq;
          fin = FALSE;
        }
    }

  /* Second: the RST bit (RFC 5961 §3.2). */
  if (seg->flags & SEQACK_TCP_RST)
    {
      if (seg->seq != conn->rcv_nxt)
        {
          /* In the window, not exact: challenge ACK. */
          send_oow_ack (conn, seg, now);
          return;
        }

      switch (conn->state)
        {
        case SEQACK_TCP_SYN_RECEIVED:
          if (returns_to_listen (conn))
            {
              /* Figure 5, note 1: back to LISTEN. */
              set_state (conn, SEQACK_TCP_LISTEN,
                         SEQACK_TCP_EDGE_SYN_RCVD_RST, now);
              return;
            }
          /* Passive but closed by the user: nothing to report, CLOSED. */
          if (!conn->passive)
            report_error (conn, SEQACK_ERROR_CONNECTION_REFUSED,
                          _("connection refused"));
          break;

        case SEQACK_TCP_ESTABLISHED:
        case SEQACK_TCP_FIN_WAIT_1:
        case SEQACK_TCP_FIN_WAIT_2:
        case SEQACK_TCP_CLOSE_WAIT:
          report_error (conn, SEQACK_ERROR_CONNECTION_RESET,
                        _("connection reset"));
          break;

        case SEQACK_TCP_CLOSED:
        case SEQACK_TCP_LISTEN:
        case SEQACK_TCP_SYN_SENT:
        case SEQACK_TCP_CLOSING:
        case SEQACK_TCP_LAST_ACK:
        case SEQACK_TCP_TIME_WAIT:
        case SEQACK_TCP_N_STATES:
        default:
          /* The user already closed: nothing to report. */
          break;
        }
      set_state (conn, SEQACK_TCP_CLOSED, SEQACK_TCP_EDGE_RCV_RST, now);
      return;
    }

  /* Fourth: the SYN bit. */
  if (seg->flags & SEQACK_TCP_SYN)
    {
      /* RFC 9293 §3.10.7.4: SYN-RCVD from a passive OPEN returns to
       * LISTEN (the figure's only SYN-RCVD -> LISTEN edge is the RST
       * one), unless the user closed it. Everywhere else, RFC 5961 §4: a
       * challenge ACK, whatever the sequence number, and the SYN is
       * dropped. */
      if (conn->state == SEQACK_TCP_SYN_RECEIVED && returns_to_listen (conn))
        set_state (conn, SEQACK_TCP_LISTEN, SEQACK_TCP_EDGE_SYN_RCVD_RCV_SYN,
                   now);
      else
        send_oow_ack (conn, seg, now);
      return;
    }

  /* Fifth: the ACK field. Without it the segment is dropped. */
  if (!(seg->flags & SEQACK_TCP_ACK))
    return;

  if (conn->state == SEQACK_TCP_SYN_RECEIVED)
    {
      if (!(seq_lt (conn->snd_una, seg->ack) &&
            seq_le (seg->ack, conn->snd_nxt)))
        {
          send_rst_for_ack (conn, seg);
          return;
        }
      conn->snd_wnd = seg->window;
      conn->max_snd_wnd = MAX (conn->max_snd_wnd, seg->window);
      conn->snd_wl1 = seg->seq;
      conn->snd_wl2 = seg->ack;
      set_state (conn, SEQACK_TCP_ESTABLISHED,
                 SEQACK_TCP_EDGE_RCV_ACK_OF_SYN, now);
      if (conn->close_pending)
        {
          /* CLOSE was called in SYN-RCVD with data queued (RFC 9293
           * §3.10.4). The data and the FIN go out from finish_ack() at
           * the end of this segment, after its ACK and any text or FIN
           * riding with it are processed, so they acknowledge all of
           * it; the peer's FIN may take us on to CLOSING first, which
           * still sends them (state_sends_data()). */
          conn->close_pending = FALSE;
          conn->fin_queued = TRUE;
          set_state (conn, SEQACK_TCP_FIN_WAIT_1,
                     SEQACK_TCP_EDGE_ESTABLISHED_CLOSE, now);
        }
    }

  if (!process_ack (conn, seg,
                    fin && seq == conn->rcv_nxt &&
                    state_receives_text (conn->state),
                    now))
    return;

  /* RFC 1122 §4.2.2.13: new data for an application that has quit is
   * lost; say so with a RST, as Linux does (tcp_rcv_state_process) and
   * as the closed port would: <SEQ=SEG.ACK><CTL=RST>. */
  if (conn->quit && data_len > 0 && !conn->fin_rcvd &&
      state_receives_text (conn->state))
    {
      send_rst_for_ack (conn, seg);
      set_state (conn, SEQACK_TCP_CLOSED, SEQACK_TCP_EDGE_DATA_AFTER_QUIT,
                 now);
      return;
    }

  /* Sixth: URG is ignored. Seventh and eighth: text and FIN. */
  deliver_segment_text (conn, seq, data, data_len, fin, FALSE, now);
}

void
seqack_tcp_conn_receive (SeqackTcpConn          *conn,
                         const SeqackTcpSegment *segment,
                         gint64                  now)
{
  g_return_if_fail (conn != NULL);
  g_return_if_fail (segment != NULL);
  g_return_if_fail (segment->payload != NULL || segment->payload_len == 0);

  if (conn->state == SEQACK_TCP_CLOSED)
    {
      /* RFC 9293 §3.10.7.1 */
      send_rst_reply (conn, segment);
      return;
    }

  /* Not for this connection's ports: as if no TCB existed. */
  if (segment->dst_port != conn->local_port ||
      (conn->state != SEQACK_TCP_LISTEN &&
       segment->src_port != conn->remote_port))
    {
      send_rst_reply (conn, segment);
      return;
    }

  switch (conn->state)
    {
    case SEQACK_TCP_LISTEN:
      receive_listen (conn, segment, now);
      break;

    case SEQACK_TCP_SYN_SENT:
      receive_syn_sent (conn, segment, now);
      break;

    case SEQACK_TCP_SYN_RECEIVED:
    case SEQACK_TCP_ESTABLISHED:
    case SEQACK_TCP_FIN_WAIT_1:
    case SEQACK_TCP_FIN_WAIT_2:
    case SEQACK_TCP_CLOSE_WAIT:
    case SEQACK_TCP_CLOSING:
    case SEQACK_TCP_LAST_ACK:
    case SEQACK_TCP_TIME_WAIT:
      receive_other (conn, segment, now);
      break;

    case SEQACK_TCP_CLOSED:
    case SEQACK_TCP_N_STATES:
    default:
      g_assert_not_reached ();
    }
}

gboolean
seqack_tcp_conn_accept_cookie (SeqackTcpConn          *conn,
                               const SeqackTcpSegment *ack,
                               guint32                 iss,
                               guint16                 peer_mss,
                               gint64                  now)
{
  SeqackTcpSegment syn;

  g_return_val_if_fail (conn != NULL, FALSE);
  g_return_val_if_fail (ack != NULL, FALSE);

  if (conn->state != SEQACK_TCP_LISTEN || ack->dst_port != conn->local_port ||
      (ack->flags & (SEQACK_TCP_SYN | SEQACK_TCP_RST | SEQACK_TCP_ACK)) !=
      SEQACK_TCP_ACK || ack->ack != iss + 1)
    return FALSE;

  /* The SYN the cookie stands for: its number is one before the ACK's,
   * its MSS the one the cookie kept. */
  memset (&syn, 0, sizeof syn);
  syn.src_port = ack->src_port;
  syn.dst_port = ack->dst_port;
  syn.seq = ack->seq - 1;
  syn.flags = SEQACK_TCP_SYN;
  syn.window = ack->window;
  syn.options.has_mss = TRUE;
  syn.options.mss = peer_mss;
  syn_received (conn, &syn, TRUE, iss, now);
  /* The stateless SYN,ACK offered the whole window (as emit() would). */
  conn->rcv_wnd = rcv_wnd_offer (conn);
  receive_other (conn, ack, now);

  return TRUE;
}

/* ---- Timeouts (RFC 9293 §3.10.8) --------------------------------------- */

static void
retransmit_timeout (SeqackTcpConn *conn,
                    gint64         now)
{
  /* The SYN (or SYN,ACK) has its own, smaller budget (Linux
   * tcp_syn_retries / tcp_synack_retries). RFC 9293 §3.8.3 asks a SYN be
   * retried for at least 3 minutes; Linux's default gives up at 127 s. */
  guint limit = conn->snd_una != conn->iss ? conn->config.retries
                : conn->passive ? conn->config.synack_retries
                : conn->config.syn_retries;

  conn->n_timeouts++;
  if (conn->n_timeouts > limit)
    {
      report_error (conn, SEQACK_ERROR_TIMED_OUT, _("connection timed out"));
      set_state (conn, SEQACK_TCP_CLOSED, SEQACK_TCP_EDGE_GIVE_UP, now);
      return;
    }

  /* RFC 6298 (5.4)-(5.6): resend the earliest unacknowledged segment,
   * double the RTO (up to the ceiling), restart the timer. */
  rto_back_off (conn);
  /* RFC 5681 (4)-(5); RFC 6582 §4: "recover" is what was sent. */
  if (conn->snd_una != conn->iss)
    seqack_tcp_cc_timeout (&conn->cc, conn->snd_nxt - conn->snd_una,
                           conn->snd_mss, conn->n_timeouts > 1);
  conn->recover = conn->snd_nxt;
  conn->in_recovery = TRUE;
  retransmit_head (conn, 0, now);
  timer_set (conn, SEQACK_TCP_TIMER_RETRANSMIT, now + conn->rto);
}

static void
fire (SeqackTcpConn  *conn,
      SeqackTcpTimer  timer,
      gint64          now)
{
  gint64 deadline = conn->deadline[timer];

  conn->deadline[timer] = SEQACK_NO_DEADLINE;
  if (conn->cb.timer != NULL)
    conn->cb.timer (conn->user_data, timer, SEQACK_TIMER_FIRED, deadline);

  switch (timer)
    {
    case SEQACK_TCP_TIMER_RETRANSMIT:
      retransmit_timeout (conn, now);
      break;

    case SEQACK_TCP_TIMER_TIME_WAIT:
      set_state (conn, SEQACK_TCP_CLOSED, SEQACK_TCP_EDGE_TIME_WAIT_TIMEOUT,
                 now);
      break;

    case SEQACK_TCP_TIMER_FIN_WAIT_2:
      /* Linux gives up on a peer that never sends its FIN; no segment. */
      set_state (conn, SEQACK_TCP_CLOSED, SEQACK_TCP_EDGE_FIN_WAIT_2_TIMEOUT,
                 now);
      break;

    case SEQACK_TCP_TIMER_DELAYED_ACK:
      if (conn->ack_pending)
        {
          conn->ack_pending = FALSE;
          send_ack (conn);
        }
      break;

    case SEQACK_TCP_TIMER_PERSIST:
      persist_probe (conn, now);
      break;

    case SEQACK_TCP_N_TIMERS:
    default:
      g_assert_not_reached ();
    }
}

void
seqack_tcp_conn_advance (SeqackTcpConn *conn,
                         gint64         now)
{
  g_return_if_fail (conn != NULL);

  /* Earliest first; a handler may set new timers, which fire too if they
   * are already due. */
  for (;;)
    {
      SeqackTcpTimer due = SEQACK_TCP_N_TIMERS;

      for (guint i = 0; i < SEQACK_TCP_N_TIMERS; i++)
        {
          if (conn->deadline[i] <= now &&
              (due == SEQACK_TCP_N_TIMERS ||
               conn->deadline[i] < conn->deadline[due]))
            due = i;
        }
      if (due == SEQACK_TCP_N_TIMERS)
        break;
      fire (conn, due, now);
    }
}

gint64
seqack_tcp_conn_next_deadline (SeqackTcpConn *conn)
{
  gint64 next = SEQACK_NO_DEADLINE;

  g_return_val_if_fail (conn != NULL, SEQACK_NO_DEADLINE);

  for (guint i = 0; i < SEQACK_TCP_N_TIMERS; i++)
    next = MIN (next, conn->deadline[i]);

  return next;
}

gint64
seqack_tcp_conn_timer_deadline (SeqackTcpConn  *conn,
                                SeqackTcpTimer  timer)
{
  g_return_val_if_fail (conn != NULL, SEQACK_NO_DEADLINE);
  g_return_val_if_fail (timer < SEQACK_TCP_N_TIMERS, SEQACK_NO_DEADLINE);

  return conn->deadline[timer];
}

/* ---- Accessors ---------------------------------------------------------- */

SeqackTcpState
seqack_tcp_conn_get_state (SeqackTcpConn *conn)
{
  g_return_val_if_fail (conn != NULL, SEQACK_TCP_CLOSED);

  return conn->state;
}

void
seqack_tcp_conn_get_vars (SeqackTcpConn *conn,
                          SeqackTcpVars *vars)
{
  g_return_if_fail (conn != NULL);
  g_return_if_fail (vars != NULL);

  vars->iss = conn->iss;
  vars->irs = conn->irs;
  vars->snd_una = conn->snd_una;
  vars->snd_nxt = conn->snd_nxt;
  vars->snd_wnd = conn->snd_wnd;
  vars->rcv_nxt = conn->rcv_nxt;
  vars->rcv_wnd = rcv_wnd_offer (conn);
  vars->srtt = conn->has_rtt ? (guint32) MIN (conn->srtt, G_MAXUINT32 - 1)
                             : SEQACK_TCP_NO_RTT;
  vars->rttvar = conn->has_rtt
                 ? (guint32) MIN (conn->rttvar, G_MAXUINT32 - 1)
                 : SEQACK_TCP_NO_RTT;
  vars->rto = (guint32) CLAMP (conn->rto, 1, G_MAXUINT32);
  vars->rto_rule = conn->rto_rule;
  vars->backoff = conn->backoff;
  vars->cwnd = conn->cc.cwnd;
  vars->ssthresh = conn->cc.ssthresh;
  vars->flight = conn->snd_nxt - conn->snd_una;
  vars->rcv_buf = conn->config.rcv_buf;
  vars->rcv_queued = seqack_tcp_buffer_len (&conn->rcv_buf);
}

guint16
seqack_tcp_conn_get_local_port (SeqackTcpConn *conn)
{
  g_return_val_if_fail (conn != NULL, 0);

  return conn->local_port;
}

guint16
seqack_tcp_conn_get_remote_port (SeqackTcpConn *conn)
{
  g_return_val_if_fail (conn != NULL, 0);

  return conn->remote_port;
}

gsize
seqack_tcp_conn_get_unacked (SeqackTcpConn *conn)
{
  g_return_val_if_fail (conn != NULL, 0);

  return snd_buf_len (conn);
}

gsize
seqack_tcp_conn_get_unread (SeqackTcpConn *conn)
{
  g_return_val_if_fail (conn != NULL, 0);

  return seqack_tcp_buffer_len (&conn->rcv_buf);
}
