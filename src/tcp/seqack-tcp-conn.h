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
  SEQACK_TCP_TIMER_FIN_WAIT_2,   /* Linux tcp_fin_timeout, not RFC */
  SEQACK_TCP_TIMER_DELAYED_ACK,  /* RFC 9293 §3.8.6.3, off by default */
  SEQACK_TCP_N_TIMERS
} SeqackTcpTimer;

typedef enum
{
  SEQACK_TIMER_SET,
  SEQACK_TIMER_FIRED,
  SEQACK_TIMER_CANCELLED,
} SeqackTimerAction;

/* "retransmit", "time-wait", "fin-wait-2", "delayed-ack" (JSON names). */
const char *seqack_tcp_timer_name (SeqackTcpTimer timer);
/* "set", "fired", "cancelled" */
const char *seqack_timer_action_name (SeqackTimerAction action);

/* The RFC 9293 §3.3.1 send and receive sequence variables. Windows are in
 * bytes (unscaled: SeqAck does not negotiate window scaling). */
typedef struct
{
  guint32 iss, irs;
  guint32 snd_una, snd_nxt, snd_wnd;
  guint32 rcv_nxt, rcv_wnd;
} SeqackTcpVars;

typedef struct
{
  gint64   msl;                /* µs; TIME-WAIT lasts 2 x msl. 30 s */
  gint64   rto_initial;        /* µs; RFC 6298 §2.1: 1 s */
  gint64   rto_max;            /* µs; back-off ceiling. 60 s */
  guint    syn_retries;        /* SYN / SYN,ACK resends before giving up. 5 */
  guint    retries;            /* data / FIN resends before giving up. 8 */
  gint64   fin_wait_2_timeout; /* µs; Linux tcp_fin_timeout (not RFC);
                                * 0 = wait forever as RFC 9293 says. 60 s */
  gboolean delayed_ack;        /* FALSE: ACK at once so the lesson's four
                                * teardown segments stay four */
  gint64   delayed_ack_timeout;/* µs; 200 ms */
  guint16  mss;                /* offered in SYN; 1460 */
  guint32  rcv_wnd;            /* advertised window; 64240 like Linux */
} SeqackTcpConfig;

void seqack_tcp_config_init (SeqackTcpConfig *config);

/* When a callback runs, the TCB already reflects the event it reports:
 * seqack_tcp_conn_get_vars() in send() shows SND.NXT past that segment,
 * in deliver() RCV.NXT past those bytes, in state_changed() the new
 * state. So a caller can record "the variables after this event" from
 * inside each callback. */
typedef struct
{
  /* A segment to transmit. @retransmission is TRUE when it repeats
   * sequence space sent before. The payload is valid during the call. */
  void (*send)          (gpointer                user_data,
                         const SeqackTcpSegment *segment,
                         gboolean                retransmission);
  void (*state_changed) (gpointer       user_data,
                         SeqackTcpState from,
                         SeqackTcpState to,
                         SeqackTcpEdge  edge);
  void (*timer)         (gpointer          user_data,
                         SeqackTcpTimer    timer,
                         SeqackTimerAction action,
                         gint64            deadline);
  /* In-order bytes for the application (RFC 9293 RECEIVE). */
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
/* Queues @len bytes; sends what the window allows at once (no Nagle), in
 * segments of at most MSS, with PSH on the last one of the call. */
gboolean seqack_tcp_conn_send    (SeqackTcpConn *conn,
                                  const guint8  *data,
                                  gsize          len,
                                  gint64         now,
                                  GError       **error);
gboolean seqack_tcp_conn_close   (SeqackTcpConn *conn,
                                  gint64         now,
                                  GError       **error);
/* RFC 9293 §3.10.5: RST if synchronized, then CLOSED. Always succeeds. */
void     seqack_tcp_conn_abort   (SeqackTcpConn *conn,
                                  gint64         now);

typedef enum
{
  SEQACK_TCP_CALL_LISTEN,
  SEQACK_TCP_CALL_CONNECT,
  SEQACK_TCP_CALL_SEND,
  SEQACK_TCP_CALL_CLOSE,
  SEQACK_TCP_CALL_ABORT,
} SeqackTcpCall;

/* TRUE when @call would succeed now (used to enable buttons). */
gboolean seqack_tcp_conn_allows (SeqackTcpConn *conn,
                                 SeqackTcpCall  call);

/* A segment addressed to this connection arrives (RFC 9293 §3.10.7). */
void seqack_tcp_conn_receive (SeqackTcpConn          *conn,
                              const SeqackTcpSegment *segment,
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

/* RFC 9293 §3.10.7.1: a segment arrived for which no connection exists
 * (CLOSED). Fills @reply with the RST to send and returns TRUE, or FALSE
 * when the arriving segment itself is a RST (never answer a RST). */
gboolean seqack_tcp_reset_for_closed (const SeqackTcpSegment *segment,
                                      SeqackTcpSegment       *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackTcpConn, seqack_tcp_conn_free)

G_END_DECLS
