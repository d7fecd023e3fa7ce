/* fuzz-tcp-conn.c: the TCP state machine fed arbitrary segment sequences
 * and user calls at arbitrary times.
 *
 * Two SeqackTcpConn ("client" port 40000, "server" port 80) are joined by
 * a wire the fuzzer controls completely: it decides which segment arrives
 * next (in order, reordered, duplicated, dropped, altered), injects
 * crafted segments near the expected numbers, makes user calls (listen,
 * connect, send, close, abort), changes the timers' configuration and
 * moves the clock. Promises checked after every step:
 * - every state change continues from the last state and follows an edge
 *   of the RFC 9293 §3.3.2 machine, and the edge reported is that edge;
 * - a user call succeeds exactly when seqack_tcp_conn_allows() said it
 *   would, and a refused call is a SEQACK_ERROR that changes nothing;
 * - SND.UNA <= SND.NXT (RFC 9293 §3.3.1) whenever a TCB exists;
 * - a timer is never set in the past, and after advance(now) no deadline
 *   is left at or before now;
 * - a SYN or FIN awaiting its ACK, and data queued under an open window,
 *   always have the retransmission timer running: nothing waits forever;
 * - segments leave from the connection's own port; errors reported to the
 *   user are reset / refused / timed out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "fuzz-common.h"
#include "seqack-error.h"
#include "seqack-tcp-conn.h"

#define MAX_OPS 1024
#define MAX_IN_FLIGHT 64
#define CLIENT_PORT 40000
#define SERVER_PORT 80

typedef struct
{
  SeqackTcpSegment seg;
  guint8          *payload;   /* owned copy */
} Flight;

typedef struct _Fuzz Fuzz;

typedef struct
{
  Fuzz          *fuzz;
  guint          side;
  SeqackTcpConn *conn;
  SeqackTcpState state;       /* as the callbacks told it */
  guint          n_changes;
  guint16        port, peer_port;
  guint32        next_isn;
  GPtrArray     *out;         /* Flight *, this side's segments in flight */
  guint64        queued;      /* bytes accepted by send() */
} Side;

struct _Fuzz
{
  Side   sides[2];
  gint64 now;
  guint8 data[4096];
};

static void
flight_free (gpointer p)
{
  Flight *flight = p;

  g_free (flight->payload);
  g_free (flight);
}

static Flight *
flight_copy (const SeqackTcpSegment *seg)
{
  Flight *flight = g_new0 (Flight, 1);

  flight->seg = *seg;
  flight->payload = g_memdup2 (seg->payload, seg->payload_len);
  flight->seg.payload = flight->payload;

  return flight;
}

static void
push (Side                   *side,
      const SeqackTcpSegment *seg)
{
  if (side->out->len < MAX_IN_FLIGHT)
    g_ptr_array_add (side->out, flight_copy (seg));
}

static void
on_send (gpointer                user_data,
         const SeqackTcpSegment *segment,
         guint                   sent)
{
  Side *side = user_data;

  FUZZ_CHECK (segment->payload != NULL || segment->payload_len == 0);
  FUZZ_CHECK (segment->src_port == side->port);
  push (side, segment);
}

static void
on_state_changed (gpointer       user_data,
                  SeqackTcpState from,
                  SeqackTcpState to,
                  SeqackTcpEdge  edge)
{
  Side *side = user_data;
  const SeqackTcpEdgeInfo *info;

  FUZZ_CHECK (from == side->state);
  FUZZ_CHECK (from != to);
  FUZZ_CHECK (to < SEQACK_TCP_N_STATES);
  FUZZ_CHECK (seqack_tcp_edge_find (from, to) != SEQACK_TCP_EDGE_NONE);
  FUZZ_CHECK (edge > SEQACK_TCP_EDGE_NONE && edge < SEQACK_TCP_N_EDGES);
  info = seqack_tcp_edge_info (edge);
  FUZZ_CHECK (info->to == to);
  FUZZ_CHECK (info->from == from || info->from == SEQACK_TCP_N_STATES);

  side->state = to;
  side->n_changes++;
}

static void
on_timer (gpointer          user_data,
          SeqackTcpTimer    timer,
          SeqackTimerAction action,
          gint64            deadline)
{
  Side *side = user_data;

  FUZZ_CHECK (timer < SEQACK_TCP_N_TIMERS);
  if (action == SEQACK_TIMER_SET)
    FUZZ_CHECK (deadline >= side->fuzz->now);
}

static void
on_deliver (gpointer      user_data,
            const guint8 *data,
            gsize         len)
{
  guint sum = 0;

  FUZZ_CHECK (len > 0 && data != NULL);
  for (gsize i = 0; i < len; i++)
    sum += data[i];
  (void) sum;
}

static void
on_error (gpointer      user_data,
          const GError *error)
{
  FUZZ_CHECK (error != NULL && error->domain == SEQACK_ERROR);
  FUZZ_CHECK (error->code == SEQACK_ERROR_CONNECTION_RESET ||
              error->code == SEQACK_ERROR_CONNECTION_REFUSED ||
              error->code == SEQACK_ERROR_TIMED_OUT);
}

static guint32
on_isn (gpointer user_data)
{
  Side *side = user_data;

  /* Chosen by the input, so wrap-around and old ISNs get explored. */
  side->next_isn += 64000;
  return side->next_isn;
}

static const SeqackTcpCallbacks callbacks = {
  .send = on_send,
  .state_changed = on_state_changed,
  .timer = on_timer,
  .deliver = on_deliver,
  .error = on_error,
};

/* Findings reported and not fixed yet. The replay test (the test suite)
 * checks them like everything else, so it fails until the fix lands; a
 * fuzzing campaign (tools/fuzz, FUZZ_CAMPAIGN) steps over them to look
 * for new ones. Delete an entry when its fix lands. None now: the last,
 * regressions/tcp-conn/closing-without-fin-*, is fixed. */
static gboolean
known_finding (Side  *side,
               gsize  unacked)
{
  (void) side;
  (void) unacked;
  return FALSE;
}

static void
check_side (Fuzz *fuzz,
            Side *side)
{
  SeqackTcpVars vars;

  FUZZ_CHECK (seqack_tcp_conn_get_state (side->conn) == side->state);
  FUZZ_CHECK (seqack_tcp_conn_next_deadline (side->conn) > fuzz->now ||
              seqack_tcp_conn_next_deadline (side->conn) == SEQACK_NO_DEADLINE);
  FUZZ_CHECK (seqack_tcp_conn_get_unacked (side->conn) <= side->queued);

  if (side->state == SEQACK_TCP_CLOSED || side->state == SEQACK_TCP_LISTEN)
    return;

  seqack_tcp_conn_get_vars (side->conn, &vars);

  /* Liveness: a SYN or FIN awaiting its ACK, and data queued while the
   * peer's window is open (sent at once: no Nagle), are always covered by
   * the retransmission timer (RFC 6298 §5), so no state waits forever. */
  {
    gsize unacked = seqack_tcp_conn_get_unacked (side->conn);
    gboolean fin_states = side->state == SEQACK_TCP_FIN_WAIT_1 ||
                          side->state == SEQACK_TCP_CLOSING ||
                          side->state == SEQACK_TCP_LAST_ACK;
    gboolean data_states = fin_states ||
                           side->state == SEQACK_TCP_ESTABLISHED ||
                           side->state == SEQACK_TCP_CLOSE_WAIT;

    if ((side->state == SEQACK_TCP_SYN_SENT ||
         side->state == SEQACK_TCP_SYN_RECEIVED ||
         (fin_states && unacked == 0) ||
         (data_states && unacked > 0 && vars.snd_wnd > 0)) &&
        !known_finding (side, unacked))
      FUZZ_CHECK (seqack_tcp_conn_timer_deadline (side->conn,
                                                  SEQACK_TCP_TIMER_RETRANSMIT)
                  != SEQACK_NO_DEADLINE);
  }

  /* RFC 9293 §3.3.1: old sequence numbers acknowledged <= SND.UNA <=
   * sent <= SND.NXT. */
  FUZZ_CHECK (FUZZ_SEQ_LEQ (vars.iss, vars.snd_una));
  FUZZ_CHECK (FUZZ_SEQ_LEQ (vars.snd_una, vars.snd_nxt));
}

static void
advance (Fuzz   *fuzz,
         gint64  t)
{
  fuzz->now = MAX (fuzz->now, t);
  for (guint i = 0; i < 2; i++)
    seqack_tcp_conn_advance (fuzz->sides[i].conn, fuzz->now);
}

/* @flight reaches @to: the connection takes it, or, when no connection
 * exists for it, the host answers with a reset (RFC 9293 §3.10.7.1). */
static void
arrive (Fuzz   *fuzz,
        Side   *to,
        Flight *flight)
{
  if (to->state == SEQACK_TCP_CLOSED ||
      flight->seg.dst_port != to->port)
    {
      SeqackTcpSegment reply;

      if (seqack_tcp_reset_for_closed (&flight->seg, &reply))
        {
          FUZZ_CHECK (!(reply.flags & SEQACK_TCP_SYN));
          FUZZ_CHECK (reply.flags & SEQACK_TCP_RST);
          reply.payload = NULL;
          reply.payload_len = 0;
          push (to, &reply);
        }
      return;
    }

  seqack_tcp_conn_receive (to->conn, &flight->seg, fuzz->now);
}

static void
deliver_index (Fuzz  *fuzz,
               Side  *from,
               guint  index)
{
  Flight *flight;

  if (from->out->len == 0)
    return;
  flight = g_ptr_array_steal_index (from->out, index % from->out->len);
  arrive (fuzz, &fuzz->sides[1 - from->side], flight);
  flight_free (flight);
}

static void
user_call (Fuzz          *fuzz,
           Side          *side,
           SeqackTcpCall  call,
           gsize          len)
{
  g_autoptr(GError) error = NULL;
  gboolean allowed = seqack_tcp_conn_allows (side->conn, call);
  guint changes = side->n_changes;
  gboolean ok = FALSE;

  switch (call)
    {
    case SEQACK_TCP_CALL_LISTEN:
      ok = seqack_tcp_conn_listen (side->conn, side->port, fuzz->now, &error);
      break;
    case SEQACK_TCP_CALL_CONNECT:
      ok = seqack_tcp_conn_connect (side->conn, side->port, side->peer_port,
                                    fuzz->now, &error);
      break;
    case SEQACK_TCP_CALL_SEND:
      ok = seqack_tcp_conn_send (side->conn, fuzz->data, len, fuzz->now,
                                 &error);
      if (ok)
        side->queued += len;
      break;
    case SEQACK_TCP_CALL_CLOSE:
      ok = seqack_tcp_conn_close (side->conn, fuzz->now, &error);
      break;
    case SEQACK_TCP_CALL_QUIT:
      /* @len: received bytes the application never read. */
      ok = seqack_tcp_conn_quit (side->conn, len, fuzz->now, &error);
      break;
    case SEQACK_TCP_CALL_ABORT:
    default:
      seqack_tcp_conn_abort (side->conn, fuzz->now);
      FUZZ_CHECK (side->state == SEQACK_TCP_CLOSED);
      return;
    }

  FUZZ_CHECK (ok == allowed);
  if (!ok)
    {
      FUZZ_CHECK (error != NULL && error->domain == SEQACK_ERROR);
      FUZZ_CHECK (side->n_changes == changes);
    }
  else
    FUZZ_CHECK (error == NULL);
}

/* A segment crafted near what @to expects: Seq near its RCV.NXT, Ack near
 * its SND.NXT, any flags, window and payload. */
static void
inject (Fuzz       *fuzz,
        Side       *to,
        FuzzReader *r)
{
  SeqackTcpVars vars;
  Flight flight = { 0 };
  guint8 how = fuzz_u8 (r);

  seqack_tcp_conn_get_vars (to->conn, &vars);
  flight.seg.src_port = to->peer_port;
  flight.seg.dst_port = (how & 1) ? (guint16) (to->port + 1) : to->port;
  flight.seg.seq = vars.rcv_nxt + (gint16) fuzz_u16 (r);
  flight.seg.ack = vars.snd_nxt + (gint8) fuzz_u8 (r);
  if (how & 2)
    flight.seg.seq = fuzz_u32 (r);
  flight.seg.flags = fuzz_u8 (r);
  flight.seg.window = fuzz_u16 (r);
  flight.seg.urgent = (how & 4) ? fuzz_u16 (r) : 0;
  flight.seg.options.has_mss = (how >> 3) & 1;
  flight.seg.options.mss = fuzz_u16 (r);
  flight.seg.options.has_wscale = (how >> 4) & 1;
  flight.seg.options.wscale = fuzz_u8 (r);
  flight.seg.options.sack_permitted = (how >> 5) & 1;
  flight.seg.options.has_timestamps = (how >> 6) & 1;
  flight.seg.payload = fuzz->data;
  flight.seg.payload_len = fuzz_u8 (r);

  arrive (fuzz, to, &flight);
}

static void
configure (Side       *side,
           FuzzReader *r)
{
  SeqackTcpConfig config;

  seqack_tcp_config_init (&config);
  config.msl = (gint64) (fuzz_u8 (r) + 1) * 100000;
  config.rto_initial = (gint64) (fuzz_u8 (r) + 1) * 10000;
  config.rto_max = config.rto_initial * (1 + fuzz_u8 (r) % 64);
  config.syn_retries = fuzz_u8 (r) % 8;
  /* From bytes already read, so the corpus keeps its meaning. */
  config.synack_retries = config.syn_retries;
  config.linux_rto_min = (config.rto_initial / 10000) % 2;
  config.retries = fuzz_u8 (r) % 16;
  config.fin_wait_2_timeout = (gint64) fuzz_u8 (r) * 100000;
  config.delayed_ack = fuzz_u8 (r) & 1;
  config.delayed_ack_timeout = (gint64) (fuzz_u8 (r) + 1) * 1000;
  config.mss = (guint16) MAX (1, fuzz_u16 (r));
  config.rcv_wnd = fuzz_u16 (r);
  seqack_tcp_conn_set_config (side->conn, &config);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  FuzzReader r = { data, size, 0 };
  Fuzz *fuzz = g_new0 (Fuzz, 1);
  SeqackTcpConfig config;

  for (gsize i = 0; i < sizeof fuzz->data; i++)
    fuzz->data[i] = (guint8) ('a' + i % 26);

  seqack_tcp_config_init (&config);
  for (guint i = 0; i < 2; i++)
    {
      Side *side = &fuzz->sides[i];

      side->fuzz = fuzz;
      side->side = i;
      side->state = SEQACK_TCP_CLOSED;
      side->port = i == 0 ? CLIENT_PORT : SERVER_PORT;
      side->peer_port = i == 0 ? SERVER_PORT : CLIENT_PORT;
      side->next_isn = fuzz_u32 (&r);
      side->out = g_ptr_array_new_with_free_func (flight_free);
      side->conn = seqack_tcp_conn_new (&config, &callbacks, on_isn, side);
    }

  for (guint n = 0; n < MAX_OPS && !fuzz_reader_done (&r); n++)
    {
      guint8 op = fuzz_u8 (&r);
      Side *side = &fuzz->sides[op >> 7];

      switch (op & 0x0f)
        {
        case 0:
          user_call (fuzz, side, SEQACK_TCP_CALL_LISTEN, 0);
          break;
        case 1:
          user_call (fuzz, side, SEQACK_TCP_CALL_CONNECT, 0);
          break;
        case 2:
          user_call (fuzz, side, SEQACK_TCP_CALL_SEND,
                     1 + (gsize) fuzz_u8 (&r) * ((op >> 4) & 7) * 2);
          break;
        case 3:
          /* Close, or quit the application (with unread data or not). */
          if (op & 0x10)
            user_call (fuzz, side, SEQACK_TCP_CALL_QUIT, (op >> 5) & 1);
          else
            user_call (fuzz, side, SEQACK_TCP_CALL_CLOSE, 0);
          break;
        case 4:
          user_call (fuzz, side, SEQACK_TCP_CALL_ABORT, 0);
          break;
        case 5:
          deliver_index (fuzz, side, 0);
          break;
        case 6:
          deliver_index (fuzz, side, fuzz_u8 (&r));
          break;
        case 7:
          if (side->out->len > 0)
            g_ptr_array_remove_index (side->out,
                                      fuzz_u8 (&r) % side->out->len);
          break;
        case 8:
          if (side->out->len > 0)
            {
              Flight *f = g_ptr_array_index (side->out,
                                             fuzz_u8 (&r) % side->out->len);

              push (side, &f->seg);
            }
          break;
        case 9:
          if (side->out->len > 0)
            {
              guint i = fuzz_u8 (&r) % side->out->len;
              Flight *f = g_ptr_array_index (side->out, i);

              f->seg.seq += (gint8) fuzz_u8 (&r);
              f->seg.ack += (gint8) fuzz_u8 (&r);
              f->seg.flags ^= fuzz_u8 (&r);
              f->seg.window = fuzz_u16 (&r);
              deliver_index (fuzz, side, i);
            }
          break;
        case 10:
          inject (fuzz, &fuzz->sides[1 - side->side], &r);
          break;
        case 11:
          advance (fuzz, fuzz->now + (gint64) fuzz_u16 (&r) * 1000);
          break;
        case 12:
        case 15:
          {
            SeqackTcpConn *a = fuzz->sides[0].conn, *b = fuzz->sides[1].conn;
            gint64 t = MIN (seqack_tcp_conn_next_deadline (a),
                            seqack_tcp_conn_next_deadline (b));

            if (t != SEQACK_NO_DEADLINE)
              advance (fuzz, t);
          }
          if ((op & 0x0f) == 12)
            break;
          G_GNUC_FALLTHROUGH;
        case 14:
          for (guint k = 0; k < MAX_IN_FLIGHT &&
               (fuzz->sides[0].out->len > 0 || fuzz->sides[1].out->len > 0);
               k++)
            {
              deliver_index (fuzz, &fuzz->sides[0], 0);
              deliver_index (fuzz, &fuzz->sides[1], 0);
            }
          break;
        case 13:
          configure (side, &r);
          break;
        }

      for (guint i = 0; i < 2; i++)
        check_side (fuzz, &fuzz->sides[i]);
    }

  for (guint i = 0; i < 2; i++)
    {
      seqack_tcp_conn_free (fuzz->sides[i].conn);
      g_ptr_array_unref (fuzz->sides[i].out);
    }
  g_free (fuzz);

  return 0;
}
