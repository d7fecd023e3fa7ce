/* seqack-tcp-conn.h: one TCP connection endpoint (a TCB, RFC 9293 §3.3.1)
 * as a sans-IO state machine.
 *
 * Nothing here reads a clock, a socket or a random source: the caller hands
 * in the current time (microseconds, any epoch, never decreasing) with every
 * call, and an ISN generator at creation. Everything the connection wants to
 * happen comes back through the callbacks during the call that caused it:
 * segments to send, state changes with the edge taken, timers set / fired /
 * cancelled, data for the application, and errors for the user. The caller
 * asks seqack_tcp_conn_next_deadline() when to call seqack_tcp_conn_advance()
 * next. Deterministic: the same calls give the same callbacks.
 */
#pragma once

#include <glib.h>

#include "seqack-tcp-header.h"
#include "seqack-tcp-state.h"

G_BEGIN_DECLS

#define SEQACK_USEC_PER_SEC G_GINT64_CONSTANT (1000000)
#define SEQACK_NO_DEADLINE G_MAXINT64

typedef enum
{
  SEQACK_TCP_TIMER_RETRANSMIT,   /* RFC 6298 */
  SEQACK_TCP_TIMER_TIME_WAIT,    /* 2 x MSL (RFC 9293 §3.10.7.4) */
  SEQACK_TCP_TIMER_FIN_WAIT_2,   /* Linux tcp_fin_timeout, not RFC; only
                                  * after seqack_tcp_conn_quit() */
  SEQACK_TCP_TIMER_DELAYED_ACK,  /* RFC 9293 §3.8.6.3, off by default */
  SEQACK_TCP_TIMER_PERSIST,      /* zero-window probe, RFC 9293 §3.8.6.1 */
  SEQACK_TCP_N_TIMERS
} SeqackTcpTimer;

typedef enum
{
  SEQACK_TIMER_SET,
  SEQACK_TIMER_FIRED,
  SEQACK_TIMER_CANCELLED,
} SeqackTimerAction;

/* "retransmit", "time-wait", "fin-wait-2", "delayed-ack", "persist"
 * (JSON names). */
const char *seqack_tcp_timer_name (SeqackTcpTimer timer);
/* "set", "fired", "cancelled" */
const char *seqack_timer_action_name (SeqackTimerAction action);

/* Why the RTO has its current value: each names the rule that set it. */
typedef enum
{
  SEQACK_RTO_INITIAL,      /* RFC 6298 (2.1): no RTT sample yet, 1 s */
  SEQACK_RTO_ESTIMATE,     /* RFC 6298 (2.3): SRTT + max (G, 4 x RTTVAR) */
  SEQACK_RTO_MINIMUM,      /* RFC 6298 (2.4): rounded up to 1 s */
  SEQACK_RTO_LINUX_MINIMUM,/* Linux: SRTT + max (200 ms, 4 x RTTVAR) */
  SEQACK_RTO_BACKOFF,      /* RFC 6298 (5.5): doubled by a timeout */
  SEQACK_RTO_MAXIMUM,      /* RFC 6298 (2.5): capped (Linux TCP_RTO_MAX) */
  SEQACK_RTO_AFTER_SYN_LOSS, /* RFC 6298 (5.7): 3 s once data begins
                              * when the SYN (or SYN,ACK) was resent */
  SEQACK_N_RTO_RULES
} SeqackRtoRule;

/* Clock granularity G of RFC 6298 (2.3): the clock is in microseconds. */
#define SEQACK_TCP_CLOCK_GRANULARITY G_GINT64_CONSTANT (1)
/* RFC 6298 (2.4) and Linux's TCP_RTO_MIN. */
#define SEQACK_TCP_RTO_MIN_RFC   (1 * SEQACK_USEC_PER_SEC)
#define SEQACK_TCP_RTO_MIN_LINUX (200 * G_GINT64_CONSTANT (1000))
/* RFC 6298 (5.7) */
#define SEQACK_TCP_RTO_AFTER_SYN_LOSS (3 * SEQACK_USEC_PER_SEC)
/* RFC 5961 §7: an ACK to an unacceptable segment is not repeated for
 * the same segment within 500 ms (Linux net.ipv4.tcp_invalid_ratelimit). */
#define SEQACK_TCP_OOW_ACK_INTERVAL (500 * G_GINT64_CONSTANT (1000))
/* srtt and rttvar before the first RTT sample. */
#define SEQACK_TCP_NO_RTT G_MAXUINT32

/* The RFC 9293 §3.3.1 send and receive sequence variables, and the RFC
 * 6298 retransmission timer's. Windows are in bytes (unscaled: SeqAck
 * does not negotiate window scaling); times in microseconds. A trace
 * rebuilt from packets (a capture) knows no timer: rto is 0 there. */
typedef struct
{
  guint32 iss, irs;
  guint32 snd_una, snd_nxt, snd_wnd;
  guint32 rcv_nxt, rcv_wnd;
  guint32 srtt, rttvar;    /* SEQACK_TCP_NO_RTT before the first sample */
  guint32 rto;             /* the current RTO, backed off included */
  guint32 rto_rule;        /* SeqackRtoRule: why rto has this value */
  guint32 backoff;         /* timeouts since the last RTT sample (RFC
                            * 6298 (5.5) doublings), or SYN resends */
  guint32 cwnd, ssthresh;  /* RFC 5681 */
  guint32 flight;          /* SND.NXT - SND.UNA, RFC 5681's FlightSize */
  guint32 rcv_buf;         /* the receive buffer's size */
  guint32 rcv_queued;      /* received in order, not read yet */
} SeqackTcpVars;

typedef struct
{
  gint64   msl;                /* µs; TIME-WAIT lasts 2 x msl. 30 s */
  gint64   rto_initial;        /* µs; RFC 6298 (2.1): 1 s */
  gint64   rto_max;            /* µs; RFC 6298 (2.5) allows any ceiling
                                * >= 60 s; 120 s as Linux's TCP_RTO_MAX */
  gboolean linux_rto_min;      /* FALSE: RFC 6298 (2.4), the RTO is at
                                * least 1 s. TRUE: Linux's TCP_RTO_MIN, the
                                * variance term is at least 200 ms, so RTO
                                * >= SRTT + 200 ms */
  guint    syn_retries;        /* SYN resends before giving up: 6, Linux
                                * 6.1's tcp_syn_retries (SYNs at 0, 1, 3,
                                * 7, 15, 31, 63 s; gives up at 127 s) */
  guint    synack_retries;     /* SYN,ACK resends: 5, tcp_synack_retries */
  guint    retries;            /* data / FIN resends before giving up. 8 */
  gint64   fin_wait_2_timeout; /* µs; Linux tcp_fin_timeout (not RFC),
                                * for a socket the application quit
                                * (seqack_tcp_conn_quit()); 0 = wait
                                * forever. 60 s */
  gboolean delayed_ack;        /* FALSE: ACK at once so the lesson's four
                                * teardown segments stay four */
  gint64   delayed_ack_timeout;/* µs; 200 ms */
  guint16  mss;                /* offered in SYN; 1460 */
  guint32  rcv_wnd;            /* the largest window advertised; 64240
                                * like Linux */
  guint32  rcv_buf;            /* receive buffer: the window is its free
                                * space (RFC 9293 §3.8.6). 64 KiB */
  gboolean iw10;               /* FALSE: initial window RFC 3390 (3
                                * segments at MSS 1460); TRUE: RFC 6928's
                                * 10 segments, as Linux */
  gboolean nagle;              /* RFC 9293 §3.7.4: hold a short segment
                                * while data is unacknowledged. FALSE */
} SeqackTcpConfig;

void seqack_tcp_config_init (SeqackTcpConfig *config);

/* When a callback runs, the TCB already reflects the event it reports:
 * seqack_tcp_conn_get_vars() in send() shows SND.NXT past that segment,
 * in deliver() RCV.NXT past those bytes, in state_changed() the new
 * state. So a caller can record "the variables after this event" from
 * inside each callback. */
/* Why a segment went out, for send(): OR-ed together. */
typedef enum
{
  SEQACK_TCP_SENT_RETRANSMISSION      = 1 << 0, /* repeats sequence space
                                                 * sent before */
  SEQACK_TCP_SENT_WINDOW_PROBE        = 1 << 1, /* RFC 9293 §3.8.6.1 */
  SEQACK_TCP_SENT_WINDOW_UPDATE       = 1 << 2, /* the application read:
                                                 * the window opens */
  SEQACK_TCP_SENT_DUP_ACK             = 1 << 3, /* out-of-order data came
                                                 * (RFC 5681 §4.2) */
  SEQACK_TCP_SENT_FAST_RETRANSMISSION = 1 << 4, /* RFC 5681 §3.2, RFC
                                                 * 6582 */
} SeqackTcpSentFlags;

typedef struct
{
  /* A segment to transmit, with SeqackTcpSentFlags saying why. The
   * payload is valid during the call. */
  void (*send)          (gpointer                user_data,
                         const SeqackTcpSegment *segment,
                         guint                   sent);
  void (*state_changed) (gpointer       user_data,
                         SeqackTcpState from,
                         SeqackTcpState to,
                         SeqackTcpEdge  edge);
  void (*timer)         (gpointer          user_data,
                         SeqackTcpTimer    timer,
                         SeqackTimerAction action,
                         gint64            deadline);
  /* In-order bytes the application reads (RFC 9293 RECEIVE): as they
   * arrive, or from the receive buffer when reading was paused and
   * seqack_tcp_conn_read() is called. */
  void (*deliver)       (gpointer      user_data,
                         const guint8 *data,
                         gsize         len);
  /* The connection failed: SEQACK_ERROR_CONNECTION_RESET / _REFUSED /
   * _TIMED_OUT. Called before the change to CLOSED (or LISTEN). */
  void (*error)         (gpointer      user_data,
                         const GError *error);
} SeqackTcpCallbacks;

/* Returns a fresh initial sequence number (RFC 6528: unpredictable). */
typedef guint32 (*SeqackIsnFunc) (gpointer user_data);

typedef struct _SeqackTcpConn SeqackTcpConn;

/* @callbacks is copied; any callback may be NULL. @isn is called once per
 * open. @user_data is passed to every callback and to @isn. */
SeqackTcpConn *seqack_tcp_conn_new  (const SeqackTcpConfig    *config,
                                     const SeqackTcpCallbacks *callbacks,
                                     SeqackIsnFunc             isn,
                                     gpointer                  user_data);
void           seqack_tcp_conn_free (SeqackTcpConn *conn);

/* Changes apply from the next timer set (MSL, RTO...). */
void seqack_tcp_conn_set_config (SeqackTcpConn         *conn,
                                 const SeqackTcpConfig *config);
const SeqackTcpConfig *seqack_tcp_conn_get_config (SeqackTcpConn *conn);

/* User calls (RFC 9293 §3.10.1-§3.10.5). Each fails with a SEQACK_ERROR
 * ("connection already exists", "connection closing"...) when the call is
 * not valid in the current state, and then changes nothing. */
gboolean seqack_tcp_conn_listen  (SeqackTcpConn *conn,
                                  guint16        local_port,
                                  gint64         now,
                                  GError       **error);
gboolean seqack_tcp_conn_connect (SeqackTcpConn *conn,
                                  guint16        local_port,
                                  guint16        remote_port,
                                  gint64         now,
                                  GError       **error);
/* Queues @len bytes; sends what min (cwnd, the peer's window) allows,
 * in segments of at most MSS, with PSH on the last one of the call. A
 * short segment waits when sending it would be silly (RFC 9293 §3.8.6.2.1)
 * or, with config->nagle, while data is unacknowledged (§3.7.4). */
gboolean seqack_tcp_conn_send    (SeqackTcpConn *conn,
                                  const guint8  *data,
                                  gsize          len,
                                  gint64         now,
                                  GError       **error);
/* RFC 9293 §3.10.4 CLOSE: no more sending (a FIN after the queued data),
 * but receiving goes on until the peer's FIN: a half-close, with no
 * FIN-WAIT-2 timer. */
gboolean seqack_tcp_conn_close   (SeqackTcpConn *conn,
                                  gint64         now,
                                  GError       **error);
/* The application closes the socket and exits, as close() then exit do
 * on Linux: a FIN as CLOSE sends (a RST instead when @unread bytes of
 * received data were never read, or the receive buffer holds any, RFC
 * 1122 §4.2.2.13), then nothing reads
 * any more: data that arrives is answered with a RST, and FIN-WAIT-2 ends
 * after fin_wait_2_timeout (Linux tcp_fin_timeout). Valid where CLOSE is,
 * and in FIN-WAIT-1 / FIN-WAIT-2 after a CLOSE. */
gboolean seqack_tcp_conn_quit    (SeqackTcpConn *conn,
                                  gsize          unread,
                                  gint64         now,
                                  GError       **error);
/* RFC 9293 §3.10.5: RST if synchronized, then CLOSED. Always succeeds. */
void     seqack_tcp_conn_abort   (SeqackTcpConn *conn,
                                  gint64         now);

/* The application reads as data arrives (@paused FALSE, the default;
 * whatever the buffer holds is read now), or leaves it in the receive
 * buffer, whose free space is the window (RFC 9293 §3.8.6). Kept across
 * connections. */
void     seqack_tcp_conn_set_read_paused (SeqackTcpConn *conn,
                                          gboolean       paused,
                                          gint64         now);
gboolean seqack_tcp_conn_get_read_paused (SeqackTcpConn *conn);
/* The application reads up to @max bytes from the receive buffer
 * (deliver()); when that opens the window enough (receiver SWS
 * avoidance, RFC 9293 §3.8.6.2.2) a window update goes out. Returns the
 * bytes read. Valid in any state: what arrived before the close stays
 * readable until the next open. */
gsize    seqack_tcp_conn_read            (SeqackTcpConn *conn,
                                          gsize          max,
                                          gint64         now);

typedef enum
{
  SEQACK_TCP_CALL_LISTEN,
  SEQACK_TCP_CALL_CONNECT,
  SEQACK_TCP_CALL_SEND,
  SEQACK_TCP_CALL_CLOSE,
  SEQACK_TCP_CALL_ABORT,
  SEQACK_TCP_CALL_QUIT,
} SeqackTcpCall;

/* TRUE when @call would succeed now (used to enable buttons). */
gboolean seqack_tcp_conn_allows (SeqackTcpConn *conn,
                                 SeqackTcpCall  call);

/* A segment addressed to this connection arrives (RFC 9293 §3.10.7). */
void seqack_tcp_conn_receive (SeqackTcpConn          *conn,
                              const SeqackTcpSegment *segment,
                              gint64                  now);

/* A SYN cookie came back (RFC 4987 §3.6): in LISTEN, @ack is the ACK of
 * a SYN,ACK whose ISS was @iss, sent without keeping a TCB; the
 * connection is built from it as if its SYN (number SEG.SEQ - 1, MSS
 * @peer_mss) had come here: LISTEN -> SYN-RCVD, then the ACK is
 * processed as usual (-> ESTABLISHED, with any text on it). No SYN,ACK
 * goes out and no RTT is sampled. FALSE, nothing changed, when the
 * connection is not in LISTEN or @ack does not acknowledge @iss. */
gboolean seqack_tcp_conn_accept_cookie (SeqackTcpConn          *conn,
                                        const SeqackTcpSegment *ack,
                                        guint32                 iss,
                                        guint16                 peer_mss,
                                        gint64                  now);

/* Fires every timer whose deadline is <= @now. */
void   seqack_tcp_conn_advance       (SeqackTcpConn *conn,
                                      gint64         now);
/* Earliest pending timer deadline, or SEQACK_NO_DEADLINE. */
gint64 seqack_tcp_conn_next_deadline (SeqackTcpConn *conn);
/* Deadline of one timer, or SEQACK_NO_DEADLINE when it is not running. */
gint64 seqack_tcp_conn_timer_deadline (SeqackTcpConn *conn,
                                       SeqackTcpTimer timer);

SeqackTcpState seqack_tcp_conn_get_state       (SeqackTcpConn *conn);
void           seqack_tcp_conn_get_vars        (SeqackTcpConn *conn,
                                                SeqackTcpVars *vars);
guint16        seqack_tcp_conn_get_local_port  (SeqackTcpConn *conn);
guint16        seqack_tcp_conn_get_remote_port (SeqackTcpConn *conn);
/* Bytes queued by send() and not yet acknowledged. */
gsize          seqack_tcp_conn_get_unacked     (SeqackTcpConn *conn);
/* Bytes received in order and not read yet. */
gsize          seqack_tcp_conn_get_unread      (SeqackTcpConn *conn);

/* RFC 9293 §3.10.7.1: a segment arrived for which no connection exists
 * (CLOSED). Fills @reply with the RST to send and returns TRUE, or FALSE
 * when the arriving segment itself is a RST (never answer a RST). */
gboolean seqack_tcp_reset_for_closed (const SeqackTcpSegment *segment,
                                      SeqackTcpSegment       *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackTcpConn, seqack_tcp_conn_free)

G_END_DECLS
