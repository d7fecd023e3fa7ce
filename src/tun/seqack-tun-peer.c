/* seqack-tun-peer.c: SeqAck's TCP as a peer of the Linux kernel's TCP.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The TCB is the same sans-IO state machine the lab drives with its
 * virtual clock; here "now" is the monotonic wall clock since the run
 * began, so Trace times, timer deadlines and the TCB's clock are one and
 * the same. The run is a few sources on the caller's main context: the
 * TUN descriptor, one whose ready time is the next deadline (the TCB's
 * timers or the planned close), the time limit and the caller's
 * cancellable.
 */

#include "config.h"

#include <string.h>

#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "seqack-conversation.h"
#include "seqack-error.h"
#include "seqack-packet.h"
#include "seqack-trace-recorder.h"
#include "seqack-tun-peer.h"

#define TUN_TTL 64
#define EPHEMERAL_FIRST 49152 /* RFC 6335 §6: the dynamic port range */
#define EPHEMERAL_COUNT 16384

struct _SeqackTunPeer
{
  SeqackTunPeerConfig config;
  char               *dev_name;
  char               *send_text;
  SeqackTun          *tun;
  SeqackTrace        *trace;
  SeqackTcpConn      *conn;
  SeqackTraceRecorder recorder;     /* the TCB's callbacks */
  GRand              *rand;
  SeqackSide          side;         /* SeqAck's */
  guint16             local_port;
  guint16             ip_id;

  /* The kernel's states, inferred from the packets by the capture's
   * rules; only its trace's kernel-side events are copied. */
  SeqackConversation *conversation;

  SeqackTunPeerNotify notify;
  gpointer            notify_data;
  SeqackTunPeerReceived received;
  gpointer              received_data;

  /* A run */
  GMainContext       *context;
  GSource            *fd_source;
  GSource            *deadline_source;
  GSource            *limit_source;
  GSource            *cancel_source;
  GSource            *finished_source;
  SeqackTunPeerFinished finished_func;
  gpointer              finished_data;
  gint64              t0;           /* monotonic µs of time zero */
  gint64              epoch;        /* real µs of time zero */
  gint64              now;          /* µs since t0 */
  gboolean            ran;
  gboolean            started;
  gboolean            finished;
  gboolean            sent;
  gboolean            closed;       /* close() was called */
  gint64              established_at;
  GError             *run_error;    /* the device failed, or time out */
  GError             *conn_error;   /* what the TCB told its user */
  guint               n_reset;
  GByteArray         *scratch;
  guint8             *buf;          /* SEQACK_TUN_MAX_PACKET bytes */
};

void
seqack_tun_peer_config_init (SeqackTunPeerConfig *config)
{
  g_return_if_fail (config != NULL);

  memset (config, 0, sizeof *config);
  config->address = 0xc0000202u; /* 192.0.2.2 */
  config->peer = 0xc0000201u;    /* 192.0.2.1 */
  config->listen = TRUE;
  config->server_port = 80;
  config->close_after = -1;
  seqack_tcp_config_init (&config->tcp);
}

static SeqackSide
kernel_side (SeqackTunPeer *peer)
{
  return SEQACK_OTHER_SIDE (peer->side);
}

static void
set_endpoint (SeqackTunPeer *peer,
              SeqackSide     side,
              guint32        addr,
              guint16        port)
{
  SeqackEndpoint ep;

  memset (&ep, 0, sizeof ep);
  ep.family = 4;
  ep.addr[0] = addr >> 24;
  ep.addr[1] = (addr >> 16) & 0xff;
  ep.addr[2] = (addr >> 8) & 0xff;
  ep.addr[3] = addr & 0xff;
  ep.port = port;
  seqack_trace_set_endpoint (peer->trace, side, &ep);
}

static void
note_vars (SeqackTunPeer *peer)
{
  seqack_trace_recorder_note_vars (&peer->recorder);
}

static void
destroy_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static gboolean
on_finished_idle (gpointer user_data)
{
  SeqackTunPeer *peer = user_data;

  g_clear_pointer (&peer->finished_source, g_source_unref);
  if (peer->finished_func != NULL)
    peer->finished_func (peer, peer->run_error, peer->finished_data);

  return G_SOURCE_REMOVE;
}

/* The run is over: nothing more is read or timed, and the caller hears of
 * it from an idle callback, never from inside start(). */
static void
finish (SeqackTunPeer *peer)
{
  if (peer->finished)
    return;
  peer->finished = TRUE;

  destroy_source (&peer->fd_source);
  destroy_source (&peer->deadline_source);
  destroy_source (&peer->limit_source);
  destroy_source (&peer->cancel_source);

  peer->finished_source = g_idle_source_new ();
  g_source_set_callback (peer->finished_source, on_finished_idle, peer, NULL);
  g_source_attach (peer->finished_source, peer->context);
}

static void
fail_run (SeqackTunPeer *peer,
          GError        *error)
{
  if (peer->run_error == NULL)
    peer->run_error = error;
  else
    g_error_free (error);
  finish (peer);
}

/* Copies the kernel side's inferred state events [@from, @to) of the
 * conversation's trace into ours, at our clock. */
static void
copy_kernel_states (SeqackTunPeer *peer,
                    guint          from,
                    guint          to)
{
  SeqackTrace *ct = seqack_conversation_get_trace (peer->conversation);
  SeqackSide ks = kernel_side (peer);

  for (guint i = from; i < to; i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (ct, i);

      if (ev->kind == SEQACK_EVENT_STATE && ev->side == ks)
        seqack_trace_add_state (peer->trace, peer->now, ks,
                                (SeqackTcpState) ev->from,
                                (SeqackTcpState) ev->to,
                                (SeqackTcpEdge) ev->edge,
                                ev->marks | SEQACK_MARK_INFERRED);
    }
}

/* Appends one segment of the connection to the Trace, with the kernel's
 * inferred transitions around it: those it makes by sending before it,
 * those it makes by receiving after it, as the capture orders them. */
static void
record_segment (SeqackTunPeer      *peer,
                SeqackSide          sender,
                SeqackFate          fate,
                guint8              marks,
                const SeqackPacket *packet,
                const guint8       *ip,
                gsize               ip_len)
{
  SeqackTrace *ct;
  gint64 t_us = peer->epoch + peer->now;
  guint first, last, seg_index;
  SeqackTcpVars vars;

  if (peer->conversation == NULL)
    peer->conversation = seqack_conversation_new (packet, t_us);
  ct = seqack_conversation_get_trace (peer->conversation);

  first = seqack_trace_get_n_events (ct);
  seqack_conversation_add (peer->conversation, packet, ip, ip_len, t_us);
  last = seqack_trace_get_n_events (ct);

  seg_index = last;
  for (guint i = first; i < last; i++)
    if (seqack_trace_get_event (ct, i)->kind == SEQACK_EVENT_SEGMENT)
      {
        seg_index = i;
        break;
      }

  copy_kernel_states (peer, first, MIN (seg_index, last));
  seqack_trace_add_segment (peer->trace, peer->now, peer->now, sender, fate,
                            marks, ip, ip_len);
  if (seg_index < last)
    copy_kernel_states (peer, seg_index + 1, last);

  if (last > 0 &&
      seqack_trace_get_vars (ct, last - 1, kernel_side (peer), &vars))
    seqack_trace_note_vars (peer->trace, kernel_side (peer), &vars);
}

/* Writes a segment from SeqAck's address to the kernel. */
static gboolean
transmit (SeqackTunPeer          *peer,
          const SeqackTcpSegment *seg,
          gboolean                record,
          guint8                  marks)
{
  GError *error = NULL;
  SeqackPacket packet;

  g_byte_array_set_size (peer->scratch, 0);
  seqack_packet_build_ipv4 (peer->config.address, peer->config.peer,
                            peer->ip_id++, TUN_TTL, seg, peer->scratch);

  if (!seqack_tun_write (peer->tun, peer->scratch->data, peer->scratch->len,
                         &error))
    {
      fail_run (peer, error);
      return FALSE;
    }

  /* Decoded back from its bytes so the Trace and the inference read the
   * packet exactly as it went to the kernel. */
  if (record &&
      seqack_packet_decode (peer->scratch->data, peer->scratch->len,
                            &packet, NULL))
    record_segment (peer, peer->side, SEQACK_FATE_DELIVERED, marks, &packet,
                    peer->scratch->data, peer->scratch->len);

  return TRUE;
}

/* The TCB's callbacks are the trace recorder's; the device is ours. */

static void
peer_transmit (gpointer                owner,
               const SeqackTcpSegment *segment,
               guint8                  marks)
{
  transmit (owner, segment, TRUE, marks);
}

static void
peer_error (gpointer      owner,
            const GError *error)
{
  SeqackTunPeer *peer = owner;

  g_clear_error (&peer->conn_error);
  peer->conn_error = g_error_copy (error);
}

/* RFC 6528: an ISN an off-path attacker cannot guess. A real peer has no
 * replay to serve, so the generator is seeded at random unless asked. */
static guint32
on_isn (gpointer user_data)
{
  const SeqackTraceRecorder *recorder = user_data;
  SeqackTunPeer *peer = recorder->owner;

  return g_rand_int (peer->rand);
}


static void
peer_deliver (gpointer      owner,
              const guint8 *data,
              gsize         len)
{
  SeqackTunPeer *peer = owner;

  if (peer->received != NULL)
    peer->received (peer, data, len, peer->received_data);
}

/* Life cycle */

SeqackTunPeer *
seqack_tun_peer_new (const SeqackTunPeerConfig  *config,
                     GError                    **error)
{
  g_autoptr(SeqackTunPeer) peer = NULL;
  guint64 seed;
  guint32 seeds[2];

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (config->server_port == 0)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("Port 0 cannot be used"));
      return NULL;
    }

  peer = g_new0 (SeqackTunPeer, 1);
  peer->config = *config;
  peer->dev_name = g_strdup (config->dev_name);
  peer->send_text = g_strdup (config->send_text);
  peer->config.dev_name = peer->dev_name;
  peer->config.send_text = peer->send_text;
  if (config->send_data != NULL)
    g_bytes_ref (config->send_data);
  peer->trace = seqack_trace_new ();
  peer->scratch = g_byte_array_new ();
  peer->buf = g_malloc (SEQACK_TUN_MAX_PACKET);
  peer->ip_id = 1;

  seed = config->seed != 0 ? config->seed
                           : ((guint64) g_random_int () << 32)
                             | g_random_int ();
  seeds[0] = (guint32) (seed & 0xffffffffu);
  seeds[1] = (guint32) (seed >> 32);
  peer->rand = g_rand_new_with_seed_array (seeds, 2);

  peer->side = config->listen ? SEQACK_SERVER : SEQACK_CLIENT;
  if (config->listen)
    peer->local_port = config->server_port;
  else if (config->client_port != 0)
    peer->local_port = config->client_port;
  else
    peer->local_port = EPHEMERAL_FIRST +
                       g_rand_int_range (peer->rand, 0, EPHEMERAL_COUNT);

  set_endpoint (peer, peer->side, config->address, peer->local_port);
  /* A listener learns the kernel's port from its SYN. */
  if (!config->listen)
    set_endpoint (peer, kernel_side (peer), config->peer,
                  config->server_port);

  peer->recorder.trace = peer->trace;
  peer->recorder.side = peer->side;
  peer->recorder.now = &peer->now;
  peer->recorder.transmit = peer_transmit;
  peer->recorder.error = peer_error;
  peer->recorder.deliver = peer_deliver;
  peer->recorder.owner = peer;
  peer->conn = seqack_tcp_conn_new (&config->tcp,
                                    seqack_trace_recorder_callbacks (),
                                    on_isn, &peer->recorder);
  peer->recorder.conn = peer->conn;

  peer->tun = seqack_tun_new (config->dev_name, config->peer,
                              config->address, error);
  if (peer->tun == NULL)
    return NULL;

  return g_steal_pointer (&peer);
}

void
seqack_tun_peer_free (SeqackTunPeer *peer)
{
  if (peer == NULL)
    return;

  destroy_source (&peer->fd_source);
  destroy_source (&peer->deadline_source);
  destroy_source (&peer->limit_source);
  destroy_source (&peer->cancel_source);
  destroy_source (&peer->finished_source);
  g_clear_pointer (&peer->context, g_main_context_unref);
  g_clear_pointer (&peer->conn, seqack_tcp_conn_free);
  g_clear_pointer (&peer->tun, seqack_tun_free);
  g_clear_pointer (&peer->conversation, seqack_conversation_free);
  g_clear_pointer (&peer->trace, seqack_trace_free);
  g_clear_pointer (&peer->rand, g_rand_free);
  g_clear_pointer (&peer->scratch, g_byte_array_unref);
  g_clear_error (&peer->run_error);
  g_clear_error (&peer->conn_error);
  g_free (peer->buf);
  g_free (peer->dev_name);
  g_free (peer->send_text);
  g_clear_pointer (&peer->config.send_data, g_bytes_unref);
  g_free (peer);
}

void
seqack_tun_peer_set_received (SeqackTunPeer         *peer,
                              SeqackTunPeerReceived  received,
                              gpointer               user_data)
{
  g_return_if_fail (peer != NULL);

  peer->received = received;
  peer->received_data = user_data;
}

void
seqack_tun_peer_set_notify (SeqackTunPeer       *peer,
                            SeqackTunPeerNotify  notify,
                            gpointer             user_data)
{
  g_return_if_fail (peer != NULL);

  peer->notify = notify;
  peer->notify_data = user_data;
}

/* The run */

static void
update_now (SeqackTunPeer *peer)
{
  /* The TCB wants a clock that never runs backwards; the monotonic clock
   * is one, but a deadline fired a little early must not move it back. */
  peer->now = MAX (peer->now, g_get_monotonic_time () - peer->t0);
}

static void
user_call (SeqackTunPeer *peer,
           SeqackAction   action)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (action == SEQACK_ACTION_SEND_BYTES)
    seqack_trace_add_action (peer->trace, peer->now, peer->side, action,
                             (guint32) MIN (g_bytes_get_size (
                                              peer->config.send_data),
                                            G_MAXUINT32), NULL);
  else
    seqack_trace_add_action (peer->trace, peer->now, peer->side, action, 0,
                             action == SEQACK_ACTION_SEND ? peer->send_text
                                                          : NULL);
  switch (action)
    {
    case SEQACK_ACTION_LISTEN:
      ok = seqack_tcp_conn_listen (peer->conn, peer->local_port, peer->now,
                                   &error);
      break;
    case SEQACK_ACTION_CONNECT:
      seqack_trace_begin_connection (peer->trace);
      ok = seqack_tcp_conn_connect (peer->conn, peer->local_port,
                                    peer->config.server_port, peer->now,
                                    &error);
      break;
    case SEQACK_ACTION_SEND:
      ok = seqack_tcp_conn_send (peer->conn, (const guint8 *) peer->send_text,
                                 strlen (peer->send_text), peer->now,
                                 &error);
      break;
    case SEQACK_ACTION_SEND_BYTES:
      {
        gsize len = 0;
        const guint8 *data = g_bytes_get_data (peer->config.send_data, &len);

        ok = seqack_tcp_conn_send (peer->conn, data, len, peer->now, &error);
      }
      break;
    case SEQACK_ACTION_CLOSE:
      ok = seqack_tcp_conn_close (peer->conn, peer->now, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  /* Only asked when the state allows it, so a refusal is a bug in the
   * TCB: say it in the Trace rather than hide it. */
  if (!ok)
    seqack_trace_add_error (peer->trace, peer->now, peer->side,
                            (SeqackError) error->code, error->message);
  note_vars (peer);
}

/* The application on SeqAck's side: send once established, then close
 * when planned, or at once when the kernel closed first (CLOSE-WAIT). */
static void
application_step (SeqackTunPeer *peer)
{
  SeqackTcpState state = seqack_tcp_conn_get_state (peer->conn);
  gboolean open = state == SEQACK_TCP_ESTABLISHED ||
                  state == SEQACK_TCP_CLOSE_WAIT;

  if (!open || peer->closed)
    return;

  if (peer->established_at < 0)
    peer->established_at = peer->now;

  if (!peer->sent)
    {
      peer->sent = TRUE;
      if (peer->config.send_data != NULL)
        {
          if (g_bytes_get_size (peer->config.send_data) > 0)
            user_call (peer, SEQACK_ACTION_SEND_BYTES);
        }
      else if (peer->send_text != NULL && peer->send_text[0] != '\0')
        user_call (peer, SEQACK_ACTION_SEND);
    }

  if (state == SEQACK_TCP_CLOSE_WAIT || peer->config.close_after < 0 ||
      peer->now >= peer->established_at + peer->config.close_after)
    {
      peer->closed = TRUE;
      user_call (peer, SEQACK_ACTION_CLOSE);
    }
}

static gint64
next_deadline (SeqackTunPeer *peer)
{
  gint64 t = seqack_tcp_conn_next_deadline (peer->conn);

  if (!peer->closed && peer->established_at >= 0 &&
      peer->config.close_after >= 0)
    t = MIN (t, peer->established_at + peer->config.close_after);

  return t;
}

/* After anything happened: let the application act, re-arm the deadline,
 * tell the front end, and stop once the connection is CLOSED. */
static void
settle (SeqackTunPeer *peer)
{
  gint64 deadline;

  if (peer->finished)
    {
      /* A device error ended the run: still show what happened. */
      if (peer->notify != NULL)
        peer->notify (peer, peer->notify_data);
      return;
    }

  application_step (peer);

  deadline = next_deadline (peer);
  g_source_set_ready_time (peer->deadline_source,
                           deadline == SEQACK_NO_DEADLINE
                           ? -1 : peer->t0 + deadline);

  if (peer->notify != NULL)
    peer->notify (peer, peer->notify_data);

  if (peer->started &&
      seqack_tcp_conn_get_state (peer->conn) == SEQACK_TCP_CLOSED)
    finish (peer);
}

/* Is @seg for our connection (RFC 9293 §3.10.7: the TCB is found by the
 * 4-tuple; a listener takes any remote port)? */
static gboolean
is_ours (SeqackTunPeer          *peer,
         const SeqackTcpSegment *seg)
{
  SeqackTcpState state = seqack_tcp_conn_get_state (peer->conn);

  if (seg->dst_port != peer->local_port || state == SEQACK_TCP_CLOSED)
    return FALSE;
  if (state == SEQACK_TCP_LISTEN)
    return TRUE;
  return seg->src_port == seqack_tcp_conn_get_remote_port (peer->conn);
}

static void
handle_packet (SeqackTunPeer *peer,
               const guint8  *data,
               gsize          len)
{
  SeqackPacket packet;
  const SeqackTcpSegment *seg = &packet.tcp;

  /* IPv6 router solicitations, ICMP and anything else not TCP over IPv4
   * from the kernel's address to ours is not for us. */
  if (!seqack_packet_decode (data, len, &packet, NULL))
    return;
  if (packet.family != 4 || packet.ip4.dst != peer->config.address ||
      packet.ip4.src != peer->config.peer)
    return;
  /* RFC 9293 §3.1 and RFC 791 §3.1: a bad checksum, and the segment is
   * silently discarded. */
  if (!packet.checksum_ok || !packet.ip_checksum_ok)
    return;

  if (!is_ours (peer, seg))
    {
      SeqackTcpSegment reply;

      /* RFC 9293 §3.10.7.1: no TCB for it, so a reset answers it; it
       * belongs to another connection, so it stays out of the Trace. */
      if (seqack_tcp_reset_for_closed (seg, &reply))
        {
          peer->n_reset++;
          transmit (peer, &reply, FALSE, 0);
        }
      return;
    }

  if (seqack_tcp_conn_get_state (peer->conn) == SEQACK_TCP_LISTEN &&
      (seg->flags & (SEQACK_TCP_SYN | SEQACK_TCP_ACK | SEQACK_TCP_RST))
      == SEQACK_TCP_SYN)
    set_endpoint (peer, kernel_side (peer), peer->config.peer,
                  seg->src_port);

  record_segment (peer, kernel_side (peer), SEQACK_FATE_CAPTURED, 0, &packet,
                  data, len);
  seqack_tcp_conn_receive (peer->conn, seg, peer->now);
  note_vars (peer);
}

static gboolean
on_tun_readable (int           fd,
                 GIOCondition  condition,
                 gpointer      user_data)
{
  SeqackTunPeer *peer = user_data;

  update_now (peer);

  /* Everything waiting, so one wakeup handles a burst. */
  for (;;)
    {
      GError *error = NULL;
      gssize n = seqack_tun_read (peer->tun, peer->buf,
                                  SEQACK_TUN_MAX_PACKET, &error);

      if (n < 0)
        {
          fail_run (peer, error);
          break;
        }
      if (n == 0)
        break;
      handle_packet (peer, peer->buf, (gsize) n);
      if (peer->finished)
        break;
    }

  settle (peer);
  return G_SOURCE_CONTINUE;
}

static gboolean
deadline_dispatch (GSource     *source,
                   GSourceFunc  callback,
                   gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs deadline_funcs = {
  .dispatch = deadline_dispatch,
};

static gboolean
on_deadline (gpointer user_data)
{
  SeqackTunPeer *peer = user_data;

  update_now (peer);
  if (seqack_tcp_conn_next_deadline (peer->conn) <= peer->now)
    {
      seqack_tcp_conn_advance (peer->conn, peer->now);
      note_vars (peer);
    }
  settle (peer);

  return G_SOURCE_CONTINUE;
}

static gboolean
on_time_limit (gpointer user_data)
{
  SeqackTunPeer *peer = user_data;

  fail_run (peer, g_error_new (SEQACK_ERROR, SEQACK_ERROR_TIMED_OUT,
                               _("The connection with the kernel did not "
                                 "close within %.1f s"),
                               peer->config.time_limit / 1e6));
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  SeqackTunPeer *peer = user_data;

  /* RFC 9293 §3.10.5: ABORT, so the kernel is told with a reset rather
   * than left holding a half-open connection. */
  update_now (peer);
  if (seqack_tcp_conn_get_state (peer->conn) != SEQACK_TCP_CLOSED)
    {
      seqack_trace_add_action (peer->trace, peer->now, peer->side,
                               SEQACK_ACTION_ABORT, 0, NULL);
      seqack_tcp_conn_abort (peer->conn, peer->now);
      note_vars (peer);
      if (peer->notify != NULL)
        peer->notify (peer, peer->notify_data);
    }
  fail_run (peer, g_error_new_literal (SEQACK_ERROR, SEQACK_ERROR_CANCELLED,
                                       _("Cancelled")));
  return G_SOURCE_REMOVE;
}

static GSource *
attach (SeqackTunPeer *peer,
        GSource       *source,
        GSourceFunc    func)
{
  g_source_set_callback (source, func, peer, NULL);
  g_source_attach (source, peer->context);
  return source;
}

void
seqack_tun_peer_start (SeqackTunPeer         *peer,
                       GCancellable          *cancellable,
                       SeqackTunPeerFinished  finished,
                       gpointer               user_data)
{
  g_return_if_fail (peer != NULL);
  g_return_if_fail (!peer->ran);

  peer->ran = TRUE;
  peer->finished_func = finished;
  peer->finished_data = user_data;
  peer->context = g_main_context_ref_thread_default ();

  peer->t0 = g_get_monotonic_time ();
  peer->epoch = g_get_real_time ();
  peer->now = 0;
  peer->established_at = -1;

  peer->fd_source = attach (peer,
                            g_unix_fd_source_new (seqack_tun_get_fd (peer->tun),
                                                  G_IO_IN),
                            G_SOURCE_FUNC (on_tun_readable));
  peer->deadline_source = attach (peer,
                                  g_source_new (&deadline_funcs,
                                                sizeof (GSource)),
                                  on_deadline);
  if (peer->config.time_limit > 0)
    peer->limit_source = attach (peer,
                                 g_timeout_source_new ((guint) MIN (
                                     peer->config.time_limit / 1000,
                                     G_MAXUINT)),
                                 on_time_limit);
  if (cancellable != NULL)
    peer->cancel_source = attach (peer,
                                  g_cancellable_source_new (cancellable),
                                  G_SOURCE_FUNC (on_cancelled));

  /* Listen or connect now: the device is up, so a kernel SYN sent before
   * this waits in the device's queue until the loop reads it. */
  user_call (peer, peer->config.listen ? SEQACK_ACTION_LISTEN
                                       : SEQACK_ACTION_CONNECT);
  peer->started = TRUE;
  settle (peer);
}

static void
on_run_finished (SeqackTunPeer *peer,
                 const GError  *error,
                 gpointer       user_data)
{
  g_main_loop_quit (user_data);
}

gboolean
seqack_tun_peer_run (SeqackTunPeer  *peer,
                     GCancellable   *cancellable,
                     GError        **error)
{
  g_autoptr(GMainContext) context = NULL;
  g_autoptr(GMainLoop) loop = NULL;

  g_return_val_if_fail (peer != NULL, FALSE);
  g_return_val_if_fail (!peer->ran, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  context = g_main_context_ref_thread_default ();
  loop = g_main_loop_new (context, FALSE);
  seqack_tun_peer_start (peer, cancellable, on_run_finished, loop);
  g_main_loop_run (loop);

  if (peer->run_error != NULL)
    {
      g_propagate_error (error, g_error_copy (peer->run_error));
      return FALSE;
    }

  return TRUE;
}

gboolean
seqack_tun_peer_is_finished (SeqackTunPeer *peer)
{
  g_return_val_if_fail (peer != NULL, FALSE);

  return peer->finished;
}

SeqackTrace *
seqack_tun_peer_get_trace (SeqackTunPeer *peer)
{
  g_return_val_if_fail (peer != NULL, NULL);

  return peer->trace;
}

SeqackTun *
seqack_tun_peer_get_tun (SeqackTunPeer *peer)
{
  g_return_val_if_fail (peer != NULL, NULL);

  return peer->tun;
}

SeqackSide
seqack_tun_peer_get_side (SeqackTunPeer *peer)
{
  g_return_val_if_fail (peer != NULL, SEQACK_SERVER);

  return peer->side;
}

SeqackTcpState
seqack_tun_peer_get_state (SeqackTunPeer *peer)
{
  g_return_val_if_fail (peer != NULL, SEQACK_TCP_CLOSED);

  return seqack_tcp_conn_get_state (peer->conn);
}

gint64
seqack_tun_peer_get_epoch (SeqackTunPeer *peer)
{
  g_return_val_if_fail (peer != NULL, 0);

  return peer->epoch;
}

const GError *
seqack_tun_peer_get_connection_error (SeqackTunPeer *peer)
{
  g_return_val_if_fail (peer != NULL, NULL);

  return peer->conn_error;
}

guint
seqack_tun_peer_get_n_reset (SeqackTunPeer *peer)
{
  g_return_val_if_fail (peer != NULL, 0);

  return peer->n_reset;
}
