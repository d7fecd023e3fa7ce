/* seqack-tun-peer.c: SeqAck's TCP as a peer of the Linux kernel's TCP.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The host is the same sans-IO socket table the lab drives with its
 * virtual clock; here "now" is the monotonic wall clock since the run
 * began, so Trace times, timer deadlines and the host's clock are one and
 * the same. The run is a few sources on the caller's main context: the
 * TUN descriptor, one whose ready time is the next deadline (the host's
 * timers or a planned close), the time limit and the caller's
 * cancellable. The application on SeqAck's side is this file: it listens
 * (or connects), and sends and closes on each connection as the config
 * says.
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
#define EPHEMERAL_LAST  65535

/* One of the connections the application serves: a listener's child
 * from its SYN on, or a socket it connects. */
typedef struct
{
  SeqackTcpSocketId id;
  gboolean          counted;      /* one of the run's: a child that went
                                   * back to LISTEN (RST in SYN-RCVD) is
                                   * not */
  gboolean          accepted;     /* the application has it */
  gboolean          sent;
  gboolean          closed;       /* close() was called */
  gint64            established_at;
} TunConn;

struct _SeqackTunPeer
{
  SeqackTunPeerConfig config;
  char               *dev_name;
  char               *send_text;
  guint16            *connect_ports;
  SeqackTun          *tun;
  SeqackTrace        *trace;
  SeqackTcpHost      *host;
  SeqackTraceRecorder recorder;     /* the host's events, per socket */
  SeqackTcpSocketId   event_socket; /* the recorder's socket, and its */
  SeqackTcpConn      *event_conn;   /* TCB until the socket is released */
  SeqackTcpSocketId   listener;
  SeqackSide          side;         /* SeqAck's */
  SeqackTcpState      state;        /* its side's last state */
  guint16             ip_id;

  GHashTable         *conns;        /* id -> TunConn (owned) */
  guint               n_target;     /* connections to serve */
  guint               n_counted;    /* of them, opened so far */
  guint               n_closed;     /* of them, CLOSED */

  /* The kernel's states, inferred from the packets by the capture's
   * rules, one conversation per 4-tuple; only the kernel-side events of
   * their traces are copied. */
  GHashTable         *conversations; /* 4-tuple key -> SeqackConversation */

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
  GError             *run_error;    /* the device failed, or time out */
  GError             *conn_error;   /* the first a connection ended with */
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

static TunConn *
conn_get (SeqackTunPeer     *peer,
          SeqackTcpSocketId  id)
{
  return g_hash_table_lookup (peer->conns, GUINT_TO_POINTER (id));
}

/* Names socket @id (its ports; the peer is the kernel) as the socket of
 * event @index. */
static void
name_socket (SeqackTunPeer     *peer,
             SeqackTcpSocketId  id,
             guint              index)
{
  SeqackTcpSocketInfo info;
  SeqackSocketKey key = { 0 };

  if (index == G_MAXUINT || !seqack_tcp_host_socket_info (peer->host, id,
                                                           &info) ||
      info.local_port == 0)
    return;
  key.local_port = info.local_port;
  key.remote_port = info.remote_port;
  seqack_trace_set_socket (peer->trace, index, &key);
}

/* The recorder pointed at @socket's TCB. The last event's socket and TCB
 * are kept until the socket is released: a connection that reached
 * CLOSED has left the table but still reports until the end of the call
 * (its timers cancelled). */
static SeqackTraceRecorder *
recorder_for (SeqackTunPeer     *peer,
              SeqackTcpSocketId  socket)
{
  if (socket != peer->event_socket || peer->event_conn == NULL)
    {
      peer->event_socket = socket;
      peer->event_conn = seqack_tcp_host_get_conn (peer->host, socket);
    }
  peer->recorder.conn = peer->event_conn;
  return peer->event_conn != NULL ? &peer->recorder : NULL;
}

/* Notes @socket's variables now (after a call into the host). */
static void
note_vars (SeqackTunPeer     *peer,
           SeqackTcpSocketId  socket)
{
  SeqackTraceRecorder *rec = recorder_for (peer, socket);

  if (rec != NULL)
    seqack_trace_recorder_note_vars (rec);
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

/* Copies the kernel side's inferred state events [@from, @to) of a
 * conversation's trace into ours, at our clock. */
static void
copy_kernel_states (SeqackTunPeer      *peer,
                    SeqackConversation *conversation,
                    guint               from,
                    guint               to)
{
  SeqackTrace *ct = seqack_conversation_get_trace (conversation);
  SeqackSide ks = kernel_side (peer);

  for (guint i = from; i < to; i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (ct, i);

      if (ev->kind == SEQACK_EVENT_STATE && ev->side == ks)
        {
          /* The kernel's socket of this 4-tuple. */
          SeqackSocketKey key = {
            .local_port = seqack_trace_get_endpoint (ct, ks)->port,
            .remote_port =
              seqack_trace_get_endpoint (ct, SEQACK_OTHER_SIDE (ks))->port,
          };
          guint index =
            seqack_trace_add_state (peer->trace, peer->now, ks,
                                    (SeqackTcpState) ev->from,
                                    (SeqackTcpState) ev->to,
                                    (SeqackTcpEdge) ev->edge,
                                    ev->marks | SEQACK_MARK_INFERRED);

          if (index != G_MAXUINT && key.local_port != 0)
            seqack_trace_set_socket (peer->trace, index, &key);
        }
    }
}

/* The inference of @packet's 4-tuple: SeqAck's port and the kernel's. A
 * SYN after the old connection on it ended starts a new one, as a
 * capture's conversation list does. */
static SeqackConversation *
conversation_for (SeqackTunPeer      *peer,
                  SeqackSide          sender,
                  const SeqackPacket *packet,
                  gint64              t_us)
{
  guint16 ours = sender == peer->side ? packet->tcp.src_port
                                      : packet->tcp.dst_port;
  guint16 theirs = sender == peer->side ? packet->tcp.dst_port
                                        : packet->tcp.src_port;
  gpointer key = GUINT_TO_POINTER (((guint) ours << 16) | theirs);
  SeqackConversation *conv = g_hash_table_lookup (peer->conversations, key);

  if (conv != NULL && seqack_conversation_is_closed (conv) &&
      (packet->tcp.flags & SEQACK_TCP_SYN))
    conv = NULL;
  if (conv == NULL)
    {
      conv = seqack_conversation_new (packet, t_us);
      g_hash_table_replace (peer->conversations, key, conv);
    }
  return conv;
}

/* Appends one segment to the Trace, with the kernel's inferred
 * transitions around it: those it makes by sending before it, those it
 * makes by receiving after it, as the capture orders them. */
static void
record_segment (SeqackTunPeer      *peer,
                SeqackSide          sender,
                SeqackFate          fate,
                guint8              marks,
                const SeqackPacket *packet,
                const guint8       *ip,
                gsize               ip_len)
{
  SeqackConversation *conv;
  SeqackTrace *ct;
  gint64 t_us = peer->epoch + peer->now;
  guint first, last, seg_index;
  SeqackTcpVars vars;

  conv = conversation_for (peer, sender, packet, t_us);
  ct = seqack_conversation_get_trace (conv);

  first = seqack_trace_get_n_events (ct);
  seqack_conversation_add (conv, packet, ip, ip_len, t_us);
  last = seqack_trace_get_n_events (ct);

  seg_index = last;
  for (guint i = first; i < last; i++)
    if (seqack_trace_get_event (ct, i)->kind == SEQACK_EVENT_SEGMENT)
      {
        seg_index = i;
        break;
      }

  copy_kernel_states (peer, conv, first, MIN (seg_index, last));
  seqack_trace_add_segment (peer->trace, peer->now, peer->now, sender, fate,
                            marks, ip, ip_len);
  if (seg_index < last)
    copy_kernel_states (peer, conv, seg_index + 1, last);

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

/* The host's callbacks: the recorder writes each event for the socket it
 * is about; the device is ours. */

static void
on_output (gpointer                   user_data,
           const SeqackTcpHostPacket *packet)
{
  SeqackTunPeer *peer = user_data;
  SeqackTraceRecorder *rec = packet->socket != 0
                             ? recorder_for (peer, packet->socket) : NULL;

  if (rec == NULL)
    {
      /* RFC 9293 §3.10.7.1: the host answered for no socket (a closed
       * port); it belongs to no connection, so it stays out of the
       * Trace. */
      if (packet->socket == 0)
        peer->n_reset++;
      transmit (peer, packet->segment, FALSE, 0);
      return;
    }
  seqack_trace_recorder_callbacks ()->send (rec, packet->segment,
                                            packet->sent);
}

static void
on_state_changed (gpointer          user_data,
                  SeqackTcpSocketId socket,
                  SeqackTcpState    from,
                  SeqackTcpState    to,
                  SeqackTcpEdge     edge)
{
  SeqackTunPeer *peer = user_data;
  SeqackTraceRecorder *rec = recorder_for (peer, socket);
  TunConn *conn = conn_get (peer, socket);

  if (socket != peer->listener && from == SEQACK_TCP_LISTEN &&
      to == SEQACK_TCP_SYN_RECEIVED && conn == NULL)
    {
      /* The listener spawned a connection for the kernel's SYN. */
      conn = g_new0 (TunConn, 1);
      conn->id = socket;
      conn->counted = TRUE;
      conn->established_at = -1;
      g_hash_table_insert (peer->conns, GUINT_TO_POINTER (socket), conn);
      peer->n_counted++;
    }
  else if (conn != NULL && conn->counted && to == SEQACK_TCP_LISTEN)
    {
      /* RFC 9293 §3.10.7.4: a RST took it back to LISTEN; it goes, and
       * the listener takes another connection in its place. */
      conn->counted = FALSE;
      peer->n_counted--;
    }
  peer->state = to;
  if (rec != NULL)
    seqack_trace_recorder_callbacks ()->state_changed (rec, from, to, edge);
}

static void
on_timer (gpointer          user_data,
          SeqackTcpSocketId socket,
          SeqackTcpTimer    timer,
          SeqackTimerAction action,
          gint64            deadline)
{
  SeqackTraceRecorder *rec = recorder_for (user_data, socket);

  if (rec != NULL)
    seqack_trace_recorder_callbacks ()->timer (rec, timer, action, deadline);
}

static void
on_deliver (gpointer          user_data,
            SeqackTcpSocketId socket,
            const guint8     *data,
            gsize             len)
{
  SeqackTraceRecorder *rec = recorder_for (user_data, socket);

  if (rec != NULL)
    seqack_trace_recorder_callbacks ()->deliver (rec, data, len);
}

static void
on_error (gpointer          user_data,
          SeqackTcpSocketId socket,
          const GError     *error)
{
  SeqackTraceRecorder *rec = recorder_for (user_data, socket);

  if (rec != NULL)
    seqack_trace_recorder_callbacks ()->error (rec, error);
}

static void
on_accepted (gpointer          user_data,
             SeqackTcpSocketId listener,
             SeqackTcpSocketId child)
{
  TunConn *conn = conn_get (user_data, child);

  if (conn != NULL)
    conn->accepted = TRUE;
}

static void
on_released (gpointer          user_data,
             SeqackTcpSocketId socket)
{
  SeqackTunPeer *peer = user_data;
  TunConn *conn = conn_get (peer, socket);

  if (socket == peer->event_socket)
    {
      peer->event_socket = 0;
      peer->event_conn = NULL;
    }
  if (socket == peer->listener)
    peer->listener = 0;
  if (conn != NULL)
    {
      if (conn->counted)
        peer->n_closed++;
      g_hash_table_remove (peer->conns, GUINT_TO_POINTER (socket));
    }
}

/* A listener's queues changed: a QUEUE event, as the lab writes. */
static void
on_queue (gpointer          user_data,
          SeqackTcpSocketId listener,
          guint             syn_queue,
          guint             accept_queue)
{
  SeqackTunPeer *peer = user_data;
  SeqackTcpSocketInfo info;

  if (!seqack_tcp_host_socket_info (peer->host, listener, &info))
    return;
  name_socket (peer, listener,
               seqack_trace_add_queue (peer->trace, peer->now, peer->side,
                                       syn_queue, accept_queue,
                                       info.backlog));
}

static const SeqackTcpHostCallbacks host_callbacks = {
  .queue = on_queue,
  .output = on_output,
  .state_changed = on_state_changed,
  .timer = on_timer,
  .deliver = on_deliver,
  .error = on_error,
  .accepted = on_accepted,
  .released = on_released,
};

/* The recorder's wire is the device. */
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

  if (peer->conn_error == NULL)
    peer->conn_error = g_error_copy (error);
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
  SeqackTcpHostConfig host_config;
  guint n_connect;

  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);
  g_return_val_if_fail (config->n_connect_ports == 0 ||
                        config->connect_ports != NULL, NULL);

  n_connect = config->n_connect_ports > 0 ? config->n_connect_ports : 1;
  if (config->server_port == 0 && (config->listen ||
                                   config->n_connect_ports == 0))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("Port 0 cannot be used"));
      return NULL;
    }
  for (guint i = 0; !config->listen && i < config->n_connect_ports; i++)
    if (config->connect_ports[i] == 0)
      {
        g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                     _("Port 0 cannot be used"));
        return NULL;
      }
  if (!config->listen && config->client_port != 0 && n_connect > 1)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("One port of SeqAck’s serves one connection: leave "
                     "the port to choose when connecting more than once"));
      return NULL;
    }

  peer = g_new0 (SeqackTunPeer, 1);
  peer->config = *config;
  peer->dev_name = g_strdup (config->dev_name);
  peer->send_text = g_strdup (config->send_text);
  peer->config.dev_name = peer->dev_name;
  peer->config.send_text = peer->send_text;
  if (config->n_connect_ports > 0)
    peer->connect_ports = g_memdup2 (config->connect_ports,
                                     config->n_connect_ports
                                     * sizeof (guint16));
  peer->config.connect_ports = peer->connect_ports;
  if (config->send_data != NULL)
    g_bytes_ref (config->send_data);
  peer->trace = seqack_trace_new ();
  peer->scratch = g_byte_array_new ();
  peer->buf = g_malloc (SEQACK_TUN_MAX_PACKET);
  peer->ip_id = 1;
  peer->conns = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  peer->conversations = g_hash_table_new_full (
      NULL, NULL, NULL, (GDestroyNotify) seqack_conversation_free);
  peer->state = SEQACK_TCP_CLOSED;
  peer->n_target = config->listen ? MAX (config->n_accept, 1) : n_connect;

  peer->side = config->listen ? SEQACK_SERVER : SEQACK_CLIENT;
  /* A listener learns the kernel's port from its SYN; a client's own
   * port is chosen when it connects. */
  set_endpoint (peer, peer->side, config->address,
                config->listen ? config->server_port : config->client_port);
  if (!config->listen)
    set_endpoint (peer, kernel_side (peer), config->peer,
                  config->n_connect_ports > 0 ? config->connect_ports[0]
                                              : config->server_port);

  peer->recorder.trace = peer->trace;
  peer->recorder.side = peer->side;
  peer->recorder.host = peer->side;
  peer->recorder.now = &peer->now;
  peer->recorder.transmit = peer_transmit;
  peer->recorder.error = peer_error;
  peer->recorder.deliver = peer_deliver;
  peer->recorder.owner = peer;

  seqack_tcp_host_config_init (&host_config);
  host_config.tcp = config->tcp;
  host_config.port_low = EPHEMERAL_FIRST;
  host_config.port_high = EPHEMERAL_LAST;
  /* RFC 6528: ISNs an off-path attacker cannot guess. A real peer has no
   * replay to serve, so the secret is random unless asked. */
  host_config.seed = config->seed != 0
                     ? config->seed
                     : ((guint64) g_random_int () << 32) | g_random_int ();
  peer->host = seqack_tcp_host_new (config->address, &host_config,
                                    &host_callbacks, peer);

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
  /* Without a callback or a segment: the kernel is told nothing more. */
  g_clear_pointer (&peer->host, seqack_tcp_host_free);
  g_clear_pointer (&peer->conns, g_hash_table_unref);
  g_clear_pointer (&peer->tun, seqack_tun_free);
  g_clear_pointer (&peer->conversations, g_hash_table_unref);
  g_clear_pointer (&peer->trace, seqack_trace_free);
  g_clear_pointer (&peer->scratch, g_byte_array_unref);
  g_clear_error (&peer->run_error);
  g_clear_error (&peer->conn_error);
  g_free (peer->buf);
  g_free (peer->dev_name);
  g_free (peer->send_text);
  g_free (peer->connect_ports);
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
  /* The host wants a clock that never runs backwards; the monotonic clock
   * is one, but a deadline fired a little early must not move it back. */
  peer->now = MAX (peer->now, g_get_monotonic_time () - peer->t0);
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  SeqackTcpSocketId x = *(const SeqackTcpSocketId *) a;
  SeqackTcpSocketId y = *(const SeqackTcpSocketId *) b;

  return x < y ? -1 : x > y;
}

/* The connections' ids, oldest first (ids grow), so the application
 * acts on them in a fixed order and may call the host meanwhile. */
static GArray *
conn_ids (SeqackTunPeer *peer)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (SeqackTcpSocketId));
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, peer->conns);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      SeqackTcpSocketId id = GPOINTER_TO_UINT (key);

      g_array_append_val (ids, id);
    }
  g_array_sort (ids, compare_ids);
  return ids;
}

/* A socket the application connects to the kernel's @port. */
static void
connect_one (SeqackTunPeer *peer,
             guint16        port)
{
  g_autoptr(GError) error = NULL;
  SeqackTcpSocketId id = seqack_tcp_host_socket (peer->host);
  SeqackTcpSocketInfo info;
  TunConn *conn = g_new0 (TunConn, 1);
  guint action;

  conn->id = id;
  conn->counted = TRUE;
  conn->accepted = TRUE;
  conn->established_at = -1;
  g_hash_table_insert (peer->conns, GUINT_TO_POINTER (id), conn);
  peer->n_counted++;

  action = seqack_trace_add_action (peer->trace, peer->now, peer->side,
                                    SEQACK_ACTION_CONNECT, 0, NULL);
  seqack_trace_begin_connection (peer->trace);
  if ((peer->config.client_port != 0 &&
       !seqack_tcp_host_bind (peer->host, id, peer->config.client_port,
                              &error)) ||
      !seqack_tcp_host_connect (peer->host, id, peer->config.peer, port,
                                peer->now, &error))
    {
      /* No port for it (EADDRINUSE, none free): it never opens, and is
       * over. */
      seqack_trace_add_error (peer->trace, peer->now, peer->side,
                              (SeqackError) error->code, error->message);
      if (peer->conn_error == NULL)
        peer->conn_error = g_error_copy (error);
      seqack_tcp_host_close (peer->host, id, peer->now, NULL);
      return;
    }
  name_socket (peer, id, action);
  /* The trace's header names the first connection's port. */
  if (seqack_trace_get_endpoint (peer->trace, peer->side)->port == 0 &&
      seqack_tcp_host_socket_info (peer->host, id, &info))
    set_endpoint (peer, peer->side, peer->config.address, info.local_port);
  note_vars (peer, id);
}

static void
listen_on_port (SeqackTunPeer *peer)
{
  g_autoptr(GError) error = NULL;
  SeqackTcpSocketId id = seqack_tcp_host_socket (peer->host);
  guint action;

  action = seqack_trace_add_action (peer->trace, peer->now, peer->side,
                                    SEQACK_ACTION_LISTEN, 0, NULL);
  /* The listener's queues hold every connection the run serves. */
  if (!seqack_tcp_host_bind (peer->host, id, peer->config.server_port,
                             &error) ||
      !seqack_tcp_host_listen (peer->host, id, peer->n_target, peer->now,
                               &error))
    {
      /* A fresh host holds no port: a refusal is a bug; say it in the
       * Trace rather than hide it, and end the run. */
      seqack_trace_add_error (peer->trace, peer->now, peer->side,
                              (SeqackError) error->code, error->message);
      seqack_tcp_host_close (peer->host, id, peer->now, NULL);
      fail_run (peer, g_steal_pointer (&error));
      return;
    }
  peer->listener = id;
  name_socket (peer, id, action);
  note_vars (peer, id);
}

static void
user_call (SeqackTunPeer *peer,
           TunConn       *conn,
           SeqackAction   action)
{
  g_autoptr(GError) error = NULL;
  SeqackTcpSocketId id = conn->id;
  gboolean ok = TRUE;
  guint index;

  if (action == SEQACK_ACTION_SEND_BYTES)
    index = seqack_trace_add_action (peer->trace, peer->now, peer->side,
                                     action,
                                     (guint32) MIN (g_bytes_get_size (
                                                      peer->config.send_data),
                                                    G_MAXUINT32), NULL);
  else
    index = seqack_trace_add_action (peer->trace, peer->now, peer->side,
                                     action, 0,
                                     action == SEQACK_ACTION_SEND
                                     ? peer->send_text : NULL);
  name_socket (peer, id, index);
  switch (action)
    {
    case SEQACK_ACTION_SEND:
      ok = seqack_tcp_host_send (peer->host, id,
                                 (const guint8 *) peer->send_text,
                                 strlen (peer->send_text), peer->now,
                                 &error);
      break;
    case SEQACK_ACTION_SEND_BYTES:
      {
        gsize len = 0;
        const guint8 *data = g_bytes_get_data (peer->config.send_data, &len);

        ok = seqack_tcp_host_send (peer->host, id, data, len, peer->now,
                                   &error);
      }
      break;
    case SEQACK_ACTION_CLOSE:
      ok = seqack_tcp_host_close (peer->host, id, peer->now, &error);
      break;
    case SEQACK_ACTION_ABORT:
      ok = seqack_tcp_host_abort (peer->host, id, peer->now, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  /* Only asked when the state allows it, so a refusal is a bug in the
   * TCB: say it in the Trace rather than hide it. */
  if (!ok)
    seqack_trace_add_error (peer->trace, peer->now, peer->side,
                            (SeqackError) error->code, error->message);
  note_vars (peer, id);
}

static SeqackTcpState
conn_state (SeqackTunPeer *peer,
            TunConn       *conn)
{
  SeqackTcpConn *tcb = seqack_tcp_host_get_conn (peer->host, conn->id);

  return tcb != NULL ? seqack_tcp_conn_get_state (tcb) : SEQACK_TCP_CLOSED;
}

/* The application on one connection: send once established, then close
 * when planned, or at once when the kernel closed first (CLOSE-WAIT). */
static void
application_step_one (SeqackTunPeer *peer,
                      TunConn       *conn)
{
  SeqackTcpSocketId id = conn->id;
  SeqackTcpState state = conn_state (peer, conn);
  gboolean open = state == SEQACK_TCP_ESTABLISHED ||
                  state == SEQACK_TCP_CLOSE_WAIT;

  if (!open || !conn->accepted || conn->closed)
    return;

  if (conn->established_at < 0)
    conn->established_at = peer->now;

  if (!conn->sent)
    {
      conn->sent = TRUE;
      if (peer->config.send_data != NULL)
        {
          if (g_bytes_get_size (peer->config.send_data) > 0)
            user_call (peer, conn, SEQACK_ACTION_SEND_BYTES);
        }
      else if (peer->send_text != NULL && peer->send_text[0] != '\0')
        user_call (peer, conn, SEQACK_ACTION_SEND);
    }

  /* The send may have ended it (a reset). */
  if (conn_get (peer, id) != conn)
    return;
  state = conn_state (peer, conn);
  if (state != SEQACK_TCP_ESTABLISHED && state != SEQACK_TCP_CLOSE_WAIT)
    return;
  if (state == SEQACK_TCP_CLOSE_WAIT || peer->config.close_after < 0 ||
      peer->now >= conn->established_at + peer->config.close_after)
    {
      conn->closed = TRUE;
      user_call (peer, conn, SEQACK_ACTION_CLOSE);
    }
}

static void
application_step (SeqackTunPeer *peer)
{
  g_autoptr(GArray) ids = conn_ids (peer);

  for (guint i = 0; i < ids->len; i++)
    {
      TunConn *conn = conn_get (peer, g_array_index (ids, SeqackTcpSocketId,
                                                     i));

      if (conn != NULL)
        application_step_one (peer, conn);
    }
}

static gint64
next_deadline (SeqackTunPeer *peer)
{
  gint64 t = seqack_tcp_host_next_deadline (peer->host);
  GHashTableIter iter;
  gpointer value;

  if (peer->config.close_after < 0)
    return t;
  g_hash_table_iter_init (&iter, peer->conns);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      TunConn *conn = value;

      if (!conn->closed && conn->established_at >= 0)
        t = MIN (t, conn->established_at + peer->config.close_after);
    }

  return t;
}

/* After anything happened: let the application act, re-arm the deadline,
 * tell the front end, and stop once every connection is CLOSED. */
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

  if (peer->started && peer->n_closed >= peer->n_target)
    finish (peer);
}

/* Does @seg go to a socket of the run: a connection of its 4-tuple, or
 * the listener while it still takes connections (RFC 9293 §3.10.7)?
 * Once it has spawned all it serves the port is closed to other SYNs,
 * as before the host, when the listener became the one connection. The
 * listener itself is not closed: that would abort a connection still in
 * its queues, and its LISTEN -> CLOSED would read, on the Trace's one
 * state line per side, as the server's state while its connections are
 * ESTABLISHED. It goes silently with the host at the end. */
static gboolean
is_ours (SeqackTunPeer          *peer,
         const SeqackTcpSegment *seg)
{
  if (seqack_tcp_host_lookup (peer->host, seg->dst_port, peer->config.peer,
                              seg->src_port) != 0)
    return TRUE;
  return peer->listener != 0 && seg->dst_port == peer->config.server_port &&
         peer->n_counted < peer->n_target;
}

static void
handle_packet (SeqackTunPeer *peer,
               const guint8  *data,
               gsize          len)
{
  SeqackPacket packet;
  const SeqackTcpSegment *seg = &packet.tcp;
  SeqackTcpSocketId id;

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

      /* No socket for it, or the listener has all the connections the
       * run serves (its application stopped listening): RFC 9293
       * §3.10.7.1, a reset answers it; it belongs to another
       * connection, so it stays out of the Trace. */
      if (seqack_tcp_host_lookup (peer->host, seg->dst_port,
                                  peer->config.peer, seg->src_port) == 0 &&
          seg->dst_port == peer->config.server_port && peer->listener != 0)
        {
          if (seqack_tcp_reset_for_closed (seg, &reply))
            {
              peer->n_reset++;
              transmit (peer, &reply, FALSE, 0);
            }
        }
      else
        seqack_tcp_host_input (peer->host, packet.ip4.src, packet.ip4.dst,
                               seg, peer->now);
      return;
    }

  if (peer->listener != 0 &&
      seqack_trace_get_endpoint (peer->trace, kernel_side (peer))->port == 0
      && (seg->flags & (SEQACK_TCP_SYN | SEQACK_TCP_ACK | SEQACK_TCP_RST))
         == SEQACK_TCP_SYN)
    set_endpoint (peer, kernel_side (peer), peer->config.peer,
                  seg->src_port);

  record_segment (peer, kernel_side (peer), SEQACK_FATE_CAPTURED, 0, &packet,
                  data, len);
  seqack_tcp_host_input (peer->host, packet.ip4.src, packet.ip4.dst, seg,
                         peer->now);
  id = seqack_tcp_host_lookup (peer->host, seg->dst_port, peer->config.peer,
                               seg->src_port);
  if (id != 0)
    note_vars (peer, id);
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
  if (seqack_tcp_host_next_deadline (peer->host) <= peer->now)
    seqack_tcp_host_advance (peer->host, peer->now);
  settle (peer);

  return G_SOURCE_CONTINUE;
}

static gboolean
on_time_limit (gpointer user_data)
{
  SeqackTunPeer *peer = user_data;

  if (peer->n_target == 1)
    fail_run (peer, g_error_new (SEQACK_ERROR, SEQACK_ERROR_TIMED_OUT,
                                 _("The connection with the kernel did not "
                                   "close within %.1f s"),
                                 peer->config.time_limit / 1e6));
  else
    fail_run (peer, g_error_new (SEQACK_ERROR, SEQACK_ERROR_TIMED_OUT,
                                 _("%u of %u connections with the kernel "
                                   "closed within %.1f s"),
                                 peer->n_closed, peer->n_target,
                                 peer->config.time_limit / 1e6));
  return G_SOURCE_REMOVE;
}

static gboolean
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  SeqackTunPeer *peer = user_data;
  g_autoptr(GArray) ids = NULL;
  gboolean aborted = FALSE;

  /* RFC 9293 §3.10.5: ABORT, so the kernel is told with a reset rather
   * than left holding a half-open connection. */
  update_now (peer);
  ids = conn_ids (peer);
  for (guint i = 0; i < ids->len; i++)
    {
      TunConn *conn = conn_get (peer, g_array_index (ids, SeqackTcpSocketId,
                                                     i));

      if (conn != NULL && conn_state (peer, conn) != SEQACK_TCP_CLOSED)
        {
          user_call (peer, conn, SEQACK_ACTION_ABORT);
          aborted = TRUE;
        }
    }
  /* With no connection open the listener is what the side holds. */
  if (!aborted && peer->listener != 0)
    {
      TunConn listener = { .id = peer->listener };

      user_call (peer, &listener, SEQACK_ACTION_ABORT);
      aborted = TRUE;
    }
  if (aborted && peer->notify != NULL)
    peer->notify (peer, peer->notify_data);
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
  if (peer->config.listen)
    listen_on_port (peer);
  else if (peer->config.n_connect_ports == 0)
    connect_one (peer, peer->config.server_port);
  else
    for (guint i = 0; i < peer->config.n_connect_ports; i++)
      connect_one (peer, peer->config.connect_ports[i]);
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

  return peer->state;
}

guint
seqack_tun_peer_get_n_closed (SeqackTunPeer *peer)
{
  g_return_val_if_fail (peer != NULL, 0);

  return peer->n_closed;
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
