/* seqack-lab-host.c: each lab host's socket table, and the calls its side
 * makes.
 *
 * A host is a SeqackTcpHost (seqack-tcp-host.h): the server's listener
 * stays LISTEN and spawns a connection per SYN, each client connect is a
 * new socket. What the table does comes back through its callbacks and
 * is written to the Trace by the host's recorder, pointed at the socket
 * of each event. A side's calls (listen, send, close...) act on its
 * current socket: the listener until it spawns a connection, then that
 * connection, so a file written for one connection per host reads as it
 * did ("server close" closes the connection, not the listener).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "seqack-error.h"
#include "seqack-lab-internal.h"

static gboolean host_socket_key (Host              *host,
                                 SeqackTcpSocketId  id,
                                 SeqackSocketKey   *key);

/* The table's callbacks. The recorder writes each event for the socket
 * it is about. */

static SeqackTraceRecorder *
recorder_for (Host              *host,
              SeqackTcpSocketId  socket)
{
  /* The last event's socket and TCB are kept until the socket is
   * released (after it is freed): most events follow one of the same
   * socket, and a connection that reached CLOSED has left the table but
   * still reports until the end of the call (its timers cancelled). */
  if (socket != host->event_socket || host->event_conn == NULL)
    {
      SeqackSocketKey key;

      host->event_socket = socket;
      host->event_conn = seqack_tcp_host_get_conn (host->tcp, socket);
      /* A peer other than the other side's endpoint (another client)
       * is in the socket's key (zeros for a socket not bound yet). */
      host_socket_key (host, socket, &key);
      host->event_remote = key.remote_addr;
    }
  host->recorder.conn = host->event_conn;
  host->recorder.remote_addr = host->event_remote;
  return host->event_conn != NULL ? &host->recorder : NULL;
}

/* The current connection's variables after each of its last events, for
 * when it is gone (from its CLOSED on). */
static void
keep_vars (Host              *host,
           SeqackTcpSocketId  socket)
{
  if (socket == host->current && host->recorder.conn != NULL &&
      seqack_tcp_conn_get_state (host->recorder.conn) == SEQACK_TCP_CLOSED)
    seqack_tcp_conn_get_vars (host->recorder.conn, &host->last_vars);
}

static void
on_output (gpointer                   user_data,
           const SeqackTcpHostPacket *packet)
{
  Host *host = user_data;
  SeqackTraceRecorder *rec = packet->socket != 0
                             ? recorder_for (host, packet->socket) : NULL;

  host->out_dst = packet->dst_addr;
  if (rec == NULL)
    {
      SeqackTrace *trace = host->lab->trace;
      guint n = seqack_trace_get_n_events (trace);

      /* The host answered for no socket: a closed port's RST (RFC 9293
       * §3.10.7.1), or a listener's SYN cookie, which keeps nothing. */
      lab_transmit (host->lab, host, packet->dst_addr, packet->segment, 0,
                    TRUE);
      if (packet->syn_cookie && packet->cookie != NULL &&
          seqack_trace_get_n_events (trace) > n)
        seqack_trace_set_cookie (trace, n, packet->cookie);
      return;
    }
  seqack_trace_recorder_callbacks ()->send (rec, packet->segment,
                                            packet->sent);
  keep_vars (host, packet->socket);
}

static void
on_state_changed (gpointer          user_data,
                  SeqackTcpSocketId socket,
                  SeqackTcpState    from,
                  SeqackTcpState    to,
                  SeqackTcpEdge     edge)
{
  Host *host = user_data;
  SeqackTraceRecorder *rec = recorder_for (host, socket);

  if (socket != host->listener && from == SEQACK_TCP_LISTEN &&
      to == SEQACK_TCP_SYN_RECEIVED)
    {
      /* The listener spawned it: the side's calls go to it now. */
      host->current = socket;
      g_array_append_val (host->conns, socket);
      if (host->read_paused)
        seqack_tcp_host_set_read_paused (host->tcp, socket, TRUE,
                                         host->lab->now, NULL);
    }
  if (socket != host->listener && to == SEQACK_TCP_LISTEN)
    host->reverted = socket;
  if (rec != NULL)
    {
      SeqackTrace *trace = host->lab->trace;
      guint n = seqack_trace_get_n_events (trace);
      SeqackTcpState shown = n > 0 ? seqack_trace_get_state (trace, n - 1,
                                                             host->side)
                                   : SEQACK_TCP_CLOSED;

      seqack_trace_recorder_callbacks ()->state_changed (rec, from, to, edge);
      keep_vars (host, socket);
      /* The side reads the state of the socket its calls act on: another
       * connection's change (a TIME-WAIT ending, the listener closing as
       * the application quits) is drawn on the lifeline but leaves the
       * side's state as it was. */
      if (socket != host->current)
        seqack_trace_set_side_state (trace, host->side,
                                     seqack_trace_get_n_events (trace) - 1,
                                     shown);
    }
}

static void
on_timer (gpointer          user_data,
          SeqackTcpSocketId socket,
          SeqackTcpTimer    timer,
          SeqackTimerAction action,
          gint64            deadline)
{
  SeqackTraceRecorder *rec = recorder_for (user_data, socket);

  if (rec == NULL)
    return;
  seqack_trace_recorder_callbacks ()->timer (rec, timer, action, deadline);
  keep_vars (user_data, socket);
}

static void
on_deliver (gpointer          user_data,
            SeqackTcpSocketId socket,
            const guint8     *data,
            gsize             len)
{
  SeqackTraceRecorder *rec = recorder_for (user_data, socket);

  if (rec == NULL)
    return;
  seqack_trace_recorder_callbacks ()->deliver (rec, data, len);
  keep_vars (user_data, socket);
}

static void
on_error (gpointer          user_data,
          SeqackTcpSocketId socket,
          const GError     *error)
{
  SeqackTraceRecorder *rec = recorder_for (user_data, socket);

  if (rec == NULL)
    return;
  seqack_trace_recorder_callbacks ()->error (rec, error);
  keep_vars (user_data, socket);
}

static void
on_released (gpointer          user_data,
             SeqackTcpSocketId socket)
{
  Host *host = user_data;

  if (socket == host->event_socket)
    {
      host->event_socket = 0;
      host->event_conn = NULL;
    }
  if (socket == host->listener)
    host->listener = 0;
  /* RFC 9293 §3.10.7.4: a RST took the spawned connection back to
   * LISTEN; to the side it is the listener again. */
  if (socket == host->current && socket == host->reverted &&
      host->listener != 0)
    host->current = host->listener;
  if (socket == host->reverted)
    host->reverted = 0;
}

/* A listener's queues changed: a QUEUE event, for the socket table. */
static void
on_queue (gpointer          user_data,
          SeqackTcpSocketId listener,
          guint             syn_queue,
          guint             accept_queue)
{
  Host *host = user_data;
  SeqackTcpSocketInfo info;

  if (!seqack_tcp_host_socket_info (host->tcp, listener, &info))
    return;
  lab_host_name_socket (host, listener,
                        seqack_trace_add_queue (host->lab->trace,
                                                host->lab->now, host->side,
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
  .released = on_released,
};

/* The recorder's wire is the lab's. */
static void
host_transmit (gpointer                owner,
               const SeqackTcpSegment *segment,
               guint8                  marks)
{
  Host *host = owner;

  lab_transmit (host->lab, host, host->out_dst, segment, marks, TRUE);
}

void
lab_host_start (SeqackLab *lab,
                Host      *host,
                guint      index)
{
  SeqackTcpHostConfig config;
  SeqackSide side = seqack_host_side (index);

  memset (host, 0, sizeof *host);
  host->lab = lab;
  host->index = index;
  host->side = side;
  host->addr = index == SEQACK_CLIENT ? SEQACK_LAB_CLIENT_ADDR
               : index == SEQACK_SERVER ? SEQACK_LAB_SERVER_ADDR
               : LAB_CLIENT_ADDR (index);
  host->ip_id = 1;
  host->recorder.trace = lab->trace;
  host->recorder.side = side;
  host->recorder.host = index;
  host->recorder.now = &lab->now;
  host->recorder.transmit = host_transmit;
  host->recorder.owner = host;

  seqack_tcp_host_config_init (&config);
  config.tcp = lab->config.tcp;
  config.seed = lab->config.seed ^ ((guint64) index << 32);
  config.syn_cookies = (SeqackSynCookies) lab->config.syn_cookies;
  host->tcp = seqack_tcp_host_new (host->addr, &config, &host_callbacks,
                                   host);
  host->conns = g_array_new (FALSE, FALSE, sizeof (SeqackTcpSocketId));
}

void
lab_host_stop (Host *host)
{
  g_clear_pointer (&host->tcp, seqack_tcp_host_free);
  g_clear_pointer (&host->conns, g_array_unref);
  /* Off the wire: lab_host_present() says no. */
  memset (host, 0, sizeof *host);
}

SeqackTcpConn *
lab_host_conn (Host *host)
{
  if (host->current == 0)
    return NULL;
  return seqack_tcp_host_get_conn (host->tcp, host->current);
}

void
lab_host_note_vars (Host *host)
{
  /* The current socket's, under its own key (recorder_for() sets the
   * peer's address the last event's socket left). */
  if (host->current != 0 && recorder_for (host, host->current) != NULL)
    seqack_trace_recorder_note_vars (&host->recorder);
}

/* The socket @id's key for the Trace; FALSE when it is unbound or gone.
 * A peer's address is left 0 when it is the other side's endpoint's. */
static gboolean
host_socket_key (Host              *host,
                 SeqackTcpSocketId  id,
                 SeqackSocketKey   *key)
{
  SeqackTcpSocketInfo info;

  memset (key, 0, sizeof *key);
  if (id == 0 || !seqack_tcp_host_socket_info (host->tcp, id, &info) ||
      info.local_port == 0)
    return FALSE;
  key->local_port = info.local_port;
  key->remote_port = info.remote_port;
  if (info.remote_addr !=
      host->lab->hosts[SEQACK_OTHER_SIDE (host->side)].addr)
    key->remote_addr = info.remote_addr;
  return TRUE;
}

void
lab_host_name_socket (Host              *host,
                      SeqackTcpSocketId  id,
                      guint              index)
{
  SeqackSocketKey key;

  if (index != G_MAXUINT && host_socket_key (host, id, &key))
    seqack_trace_set_socket (host->lab->trace, index, &key);
}

void
lab_host_note_arrival (Host                   *host,
                       guint                   event,
                       guint                   first_event,
                       guint32                 src_addr,
                       const SeqackTcpSegment *segment)
{
  /* The connection it reached (several may be open), else the side's. */
  SeqackTcpSocketId id = seqack_tcp_host_lookup (host->tcp,
                                                 segment->dst_port,
                                                 src_addr,
                                                 segment->src_port);
  SeqackTcpConn *conn;
  SeqackTcpVars vars;
  SeqackSocketKey key;

  if (id == 0)
    id = host->current;
  conn = id != 0 ? seqack_tcp_host_get_conn (host->tcp, id) : NULL;
  if (conn == NULL)
    return;
  seqack_tcp_conn_get_vars (conn, &vars);
  /* That connection's variables after the arrival (an ACK that appended
   * no event still moved them), in its own log: the side's are then
   * its, not another's the side holds. */
  if (!host_socket_key (host, id, &key))
    {
      key.local_port = seqack_tcp_conn_get_local_port (conn);
      key.remote_port = seqack_tcp_conn_get_remote_port (conn);
    }
  seqack_trace_note_socket_vars (host->lab->trace, host->index, &key, &vars);
  seqack_trace_note_arrival (host->lab->trace, event, first_event, &vars);
}

void
lab_host_set_tcp_config (Host *host)
{
  seqack_tcp_host_set_tcp_config (host->tcp, &host->lab->config.tcp,
                                  host->lab->now);
  lab_host_note_vars (host);
}

gboolean
lab_host_owes (Host *host)
{
  g_autoptr (GArray) ids = seqack_tcp_host_list_sockets (host->tcp);

  for (guint i = 0; i < ids->len; i++)
    {
      SeqackTcpConn *conn =
        seqack_tcp_host_get_conn (host->tcp,
                                  g_array_index (ids, SeqackTcpSocketId, i));

      if ((seqack_tcp_conn_get_unacked (conn) > 0 &&
           seqack_tcp_conn_timer_deadline (conn, SEQACK_TCP_TIMER_RETRANSMIT)
           != SEQACK_NO_DEADLINE) ||
          seqack_tcp_conn_timer_deadline (conn, SEQACK_TCP_TIMER_DELAYED_ACK)
          != SEQACK_NO_DEADLINE)
        return TRUE;
    }
  return FALSE;
}

/* The side's calls */

static SeqackTcpCall
call_for_action (SeqackAction action)
{
  switch (action)
    {
    case SEQACK_ACTION_LISTEN:
      return SEQACK_TCP_CALL_LISTEN;
    case SEQACK_ACTION_CONNECT:
      return SEQACK_TCP_CALL_CONNECT;
    case SEQACK_ACTION_SEND:
      return SEQACK_TCP_CALL_SEND;
    case SEQACK_ACTION_CLOSE:
      return SEQACK_TCP_CALL_CLOSE;
    case SEQACK_ACTION_QUIT:
      return SEQACK_TCP_CALL_QUIT;
    case SEQACK_ACTION_ABORT:
    default:
      return SEQACK_TCP_CALL_ABORT;
    }
}

static gboolean
listener_alive (Host *host)
{
  SeqackTcpSocketInfo info;

  return host->listener != 0 &&
         seqack_tcp_host_socket_info (host->tcp, host->listener, &info) &&
         info.state == SEQACK_TCP_LISTEN;
}

/* A new socket bound to @port (0: left for connect() to choose), or 0 and
 * @error (the port is held: EADDRINUSE). */
static SeqackTcpSocketId
host_new_socket (Host     *host,
                 guint16   port,
                 GError  **error)
{
  SeqackTcpSocketId id = seqack_tcp_host_socket (host->tcp);

  if (port != 0 && !seqack_tcp_host_bind (host->tcp, id, port, error))
    {
      seqack_tcp_host_close (host->tcp, id, host->lab->now, NULL);
      return 0;
    }
  return id;
}

/* Whether a new socket could bind @port now (0: connect() chooses). */
static gboolean
host_can_bind (Host    *host,
               guint16  port)
{
  SeqackTcpSocketId id;

  if (port == 0)
    return TRUE;
  id = host_new_socket (host, port, NULL);
  if (id == 0)
    return FALSE;
  seqack_tcp_host_close (host->tcp, id, host->lab->now, NULL);
  return TRUE;
}

/* The port the side's connect binds: the server's listening port
 * (simultaneous open); the client's configured one while it is free, so
 * a connection after a finished one has the same 4-tuple as it always
 * had; 0 when a socket holds it (its old connection in TIME-WAIT):
 * connect() chooses an ephemeral port, as Linux does. */
static guint16
host_connect_port (SeqackLab *lab,
                   Host      *host)
{
  if (host->side == SEQACK_SERVER)
    return lab->config.server_port;
  if (host->index != SEQACK_CLIENT)
    return 0;
  return host_can_bind (host, lab->client_port) ? lab->client_port : 0;
}

/* The side's connect is a new socket when it has no connection in use:
 * none yet, released, or waiting in TIME-WAIT. */
static gboolean
host_connect_new (Host *host)
{
  SeqackTcpConn *conn = lab_host_conn (host);

  return conn == NULL ||
         seqack_tcp_conn_get_state (conn) == SEQACK_TCP_CLOSED ||
         (seqack_tcp_conn_get_state (conn) == SEQACK_TCP_TIME_WAIT &&
          host->current != host->listener);
}

/* The application's quit quits its connection, if it has one. */
static gboolean
host_quits_conn (Host *host)
{
  SeqackTcpConn *conn = lab_host_conn (host);

  return conn != NULL && host->current != host->listener &&
         seqack_tcp_conn_allows (conn, SEQACK_TCP_CALL_QUIT);
}

/* What the calls below will do, without doing it. */
gboolean
lab_host_allows (Host          *host,
                 SeqackTcpCall  call)
{
  SeqackLab *lab = host->lab;
  SeqackTcpConn *conn = lab_host_conn (host);

  switch (call)
    {
    case SEQACK_TCP_CALL_LISTEN:
      if (conn != NULL)
        return seqack_tcp_conn_allows (conn, call);
      return listener_alive (host) ||
             host_can_bind (host, lab_host_port (lab, host->side));
    case SEQACK_TCP_CALL_CONNECT:
      if (host->current != 0 && host->current == host->listener)
        return TRUE;    /* from the listener's own port */
      if (!host_connect_new (host))
        return FALSE;
      return host_can_bind (host, host_connect_port (lab, host));
    case SEQACK_TCP_CALL_QUIT:
      return host_quits_conn (host) || listener_alive (host);
    default:
      return conn != NULL && seqack_tcp_conn_allows (conn, call);
    }
}

static SeqackTcpSocketId
host_connect_socket (SeqackLab  *lab,
                     Host       *host,
                     GError    **error)
{
  SeqackTcpSocketId id;

  if (host->side == SEQACK_SERVER)
    return host_new_socket (host, lab->config.server_port, error);
  if (host->index != SEQACK_CLIENT)
    return host_new_socket (host, 0, error);
  /* As host_connect_port() says, in one try. */
  id = host_new_socket (host, lab->client_port, NULL);
  return id != 0 ? id : host_new_socket (host, 0, error);
}
gboolean
lab_no_connection (SeqackAction   action,
               GError       **error)
{
  if (action == SEQACK_ACTION_ABORT)
    g_set_error_literal (error, SEQACK_ERROR, SEQACK_ERROR_NO_CONNECTION,
                         _("no connection to abort"));
  else
    g_set_error_literal (error, SEQACK_ERROR, SEQACK_ERROR_NO_CONNECTION,
                         _("connection does not exist"));
  return FALSE;
}

static gboolean
host_listen (SeqackLab  *lab,
             Host       *host,
             guint       backlog,
             GError    **error)
{
  SeqackTcpConn *conn = lab_host_conn (host);
  SeqackTcpSocketId id;

  if (conn != NULL && !seqack_tcp_conn_allows (conn, SEQACK_TCP_CALL_LISTEN))
    return seqack_tcp_conn_listen (conn, lab_host_port (lab, host->side),
                                   lab->now, error);
  /* The side's connection is over but its listener is still there
   * (Linux's listen() on a listening socket succeeds): the side's calls
   * go to it again. */
  if (listener_alive (host))
    {
      guint index = seqack_trace_add_action (lab->trace, lab->now,
                                             host->side,
                                             SEQACK_ACTION_LISTEN, backlog,
                                             NULL);

      lab_host_name_socket (host, host->listener, index);
      seqack_trace_set_side_state (lab->trace, host->side, index,
                                   SEQACK_TCP_LISTEN);
      host->current = host->listener;
      /* A backlog given again is the listener's from now on. */
      return backlog == 0 ||
             seqack_tcp_host_listen (host->tcp, host->listener, backlog,
                                     lab->now, error);
    }
  id = host_new_socket (host, lab_host_port (lab, host->side), error);
  if (id == 0)
    return FALSE;
  seqack_trace_add_action (lab->trace, lab->now, host->side,
                           SEQACK_ACTION_LISTEN, backlog, NULL);
  host->current = host->listener = id;
  if (!seqack_tcp_host_listen (host->tcp, id,
                               backlog > 0 ? backlog : SEQACK_LAB_BACKLOG,
                               lab->now, error))
    return FALSE;
  /* Its queues start empty: the socket table has the backlog at once. */
  on_queue (host, id, 0, 0);
  return TRUE;
}

/* connect(), from the side's own port as host_connect_port() says, or
 * with @new_port from a new socket left unbound, so connect() picks an
 * ephemeral port as it does for an unbound socket on Linux: a client
 * with several connections, or a server's TIME-WAITs piling up from one
 * client. */
static gboolean
host_connect (SeqackLab  *lab,
              Host       *host,
              gboolean    new_port,
              GError    **error)
{
  Host *peer = &lab->hosts[SEQACK_OTHER_SIDE (host->side)];
  SeqackTcpConn *conn = lab_host_conn (host);
  gboolean from_listener = !new_port && host->current != 0 &&
                           host->current == host->listener;
  SeqackTcpState peer_state;
  SeqackTcpSocketId id;

  if (!new_port && !from_listener && !host_connect_new (host))
    return seqack_tcp_conn_connect (conn, 0, 0, lab->now, error);

  if (new_port)
    {
      id = host_new_socket (host, 0, error);
      seqack_trace_add_action (lab->trace, lab->now, host->side,
                               SEQACK_ACTION_CONNECT, 1, NULL);
    }
  else if (from_listener)
    {
      /* RFC 9293 §3.10.1: an active open from LISTEN. The table's
       * listener cannot become the connection: it closes, and a new
       * socket opens from its port (an ephemeral one if a connection
       * holds it). */
      seqack_trace_add_action (lab->trace, lab->now, host->side,
                               SEQACK_ACTION_CONNECT, 0, NULL);
      seqack_tcp_host_close (host->tcp, host->listener, lab->now, NULL);
      id = host_new_socket (host, lab_host_port (lab, host->side), NULL);
      if (id == 0)
        id = host_new_socket (host, 0, NULL);
    }
  else
    {
      id = host_connect_socket (lab, host, error);
      if (id == 0)
        return FALSE;
      seqack_trace_add_action (lab->trace, lab->now, host->side,
                               SEQACK_ACTION_CONNECT, 0, NULL);
    }
  /* A new connection starts (its relative numbers from 0) unless the
   * peer is already opening one with us (simultaneous open, RFC 9293 §3.5
   * Figure 8). A peer still in an old connection (TIME-WAIT) will answer
   * with a new one. */
  peer_state = seqack_lab_get_state (lab, peer->side);
  /* A new port is numbered from its own SYN anyway, and the side's other
   * connections keep their numbers. */
  /* An added client's connections are always from new ephemeral
   * ports. */
  if (peer_state != SEQACK_TCP_SYN_SENT && !new_port &&
      host->index <= SEQACK_SERVER)
    seqack_trace_begin_connection (lab->trace);
  host->current = id;
  g_array_append_val (host->conns, id);
  return seqack_tcp_host_connect (host->tcp, id, peer->addr,
                                  lab_host_port (lab, peer->side), lab->now,
                                  error);
}

/* The application quits (close(), then exit): its connection quits, and
 * exiting closes its listener too. */
static gboolean
host_quit (SeqackLab  *lab,
           Host       *host,
           GError    **error)
{
  gboolean quits_conn = host_quits_conn (host);
  SeqackTcpSocketId listener = listener_alive (host) ? host->listener : 0;
  gboolean ok = TRUE;

  if (!quits_conn && listener == 0)
    {
      if (lab_host_conn (host) == NULL)
        return lab_no_connection (SEQACK_ACTION_QUIT, error);
      return seqack_tcp_host_quit (host->tcp, host->current, lab->now, error);
    }
  seqack_trace_add_action (lab->trace, lab->now, host->side,
                           SEQACK_ACTION_QUIT, 0, NULL);
  /* Unread bytes wait in the TCB's receive buffer, which quit() counts:
   * a RST instead of the FIN when there are any. */
  if (quits_conn)
    ok = seqack_tcp_host_quit (host->tcp, host->current, lab->now, error);
  if (listener != 0)
    seqack_tcp_host_close (host->tcp, listener, lab->now, NULL);
  return ok;
}

/* FALSE with NO_CONNECTION: the side has no listener for a call that
 * needs one (accept, select listener). */
static gboolean
host_not_listening (Host    *host,
                    GError **error)
{
  g_set_error_literal (error, SEQACK_ERROR, SEQACK_ERROR_NO_CONNECTION,
                       host->side == SEQACK_CLIENT
                       ? _("the client is not listening")
                       : _("the server is not listening"));
  return FALSE;
}

gboolean
lab_host_accept (Host          *host,
                 SeqackAction   action,
                 gint64         number,
                 GError       **error)
{
  SeqackLab *lab = host->lab;
  SeqackTcpSocketInfo info;

  if (!listener_alive (host) ||
      !seqack_tcp_host_socket_info (host->tcp, host->listener, &info))
    return host_not_listening (host, error);
  /* A refused call changes nothing: no action in the trace. */
  if (action == SEQACK_ACTION_ACCEPT && info.accept_queue == 0)
    {
      g_set_error_literal (error, SEQACK_ERROR, SEQACK_ERROR_WOULD_BLOCK,
                           _("no connection is waiting to be accepted"));
      return FALSE;
    }
  /* At most what waits: "accepts 3" with one waiting accepts one. */
  if (action == SEQACK_ACTION_ACCEPT)
    number = MIN (number, (gint64) info.accept_queue);
  lab_host_name_socket (host, host->listener,
                        seqack_trace_add_action (lab->trace, lab->now,
                                                 host->side, action,
                                                 action == SEQACK_ACTION_ACCEPT
                                                 ? (guint32) number : 0,
                                                 NULL));
  if (action == SEQACK_ACTION_ACCEPT)
    {
      /* accept() that many times, while one waits. */
      for (gint64 i = 0; i < number; i++)
        seqack_tcp_host_accept (host->tcp, host->listener, lab->now, NULL);
      return TRUE;
    }
  return seqack_tcp_host_set_accept_paused (host->tcp, host->listener,
                                            action ==
                                            SEQACK_ACTION_ACCEPT_OFF,
                                            lab->now, error);
}

gboolean
lab_host_select (Host    *host,
                 gint64   number,
                 GError **error)
{
  SeqackLab *lab = host->lab;
  gboolean client = host->side == SEQACK_CLIENT;
  SeqackTcpSocketId id = 0;
  SeqackTcpSocketInfo info;

  if (number == 0)
    {
      if (!listener_alive (host))
        return host_not_listening (host, error);
      id = host->listener;
    }
  else
    {
      if (number <= host->conns->len)
        id = g_array_index (host->conns, SeqackTcpSocketId, number - 1);
      if (id == 0 || !seqack_tcp_host_socket_info (host->tcp, id, &info))
        {
          guint n = (guint) MIN (number, G_MAXUINT);

          if (number > host->conns->len)
            g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_NO_CONNECTION,
                         client ? _("the client has no connection %u")
                                : _("the server has no connection %u"), n);
          else
            g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_NO_CONNECTION,
                         client ? _("the client's connection %u is closed")
                                : _("the server's connection %u is closed"),
                         n);
          return FALSE;
        }
    }
  lab_host_name_socket (host, id,
                        seqack_trace_add_action (lab->trace, lab->now,
                                                 host->side,
                                                 SEQACK_ACTION_SELECT,
                                                 (guint32) number, NULL));
  host->current = id;
  {
    SeqackTcpConn *conn = lab_host_conn (host);

    seqack_trace_set_side_state (lab->trace, host->side,
                                 seqack_trace_get_n_events (lab->trace) - 1,
                                 conn != NULL ? seqack_tcp_conn_get_state (conn)
                                              : SEQACK_TCP_CLOSED);
  }
  lab_host_note_vars (host);
  return TRUE;
}

gboolean
lab_host_socket_number (Host                  *host,
                        const SeqackSocketKey *key,
                        guint                 *number)
{
  SeqackSocketKey other;

  *number = 0;
  if (seqack_socket_key_is_listener (key))
    return listener_alive (host) &&
           host_socket_key (host, host->listener, &other) &&
           other.local_port == key->local_port;
  for (guint i = 0; i < host->conns->len; i++)
    if (host_socket_key (host,
                         g_array_index (host->conns, SeqackTcpSocketId, i),
                         &other) &&
        seqack_socket_key_equal (&other, key))
      {
        *number = i + 1;
        return TRUE;
      }
  return FALSE;
}

gboolean
lab_user_call (SeqackLab     *lab,
               Host          *host,
               SeqackAction   action,
               gint64         number,
               const char    *text,
               GError       **error)
{
  SeqackTcpConn *conn = lab_host_conn (host);
  SeqackTcpSocketId id = host->current;
  guint first = seqack_trace_get_n_events (lab->trace);
  SeqackSocketKey key;
  gboolean named = host_socket_key (host, id, &key);
  gboolean ok = TRUE;

  if (action == SEQACK_ACTION_LISTEN)
    ok = host_listen (lab, host, (guint) number, error);
  else if (action == SEQACK_ACTION_CONNECT)
    ok = host_connect (lab, host, number == 1, error);
  else if (action == SEQACK_ACTION_QUIT)
    ok = host_quit (lab, host, error);
  else if (conn == NULL)
    return lab_no_connection (action, error);
  else
    {
      gboolean allowed = seqack_tcp_conn_allows (conn,
                                                 call_for_action (action));

      /* The action goes into the Trace before its consequences, and only
       * when it is allowed: a refused call changes nothing, so the TCB's
       * own error is all there is to say. */
      if (allowed)
        seqack_trace_add_action (lab->trace, lab->now, host->side, action, 0,
                                 text);
      switch (action)
        {
        case SEQACK_ACTION_SEND:
          ok = seqack_tcp_host_send (host->tcp, id, (const guint8 *) text,
                                     strlen (text), lab->now, error);
          break;
        case SEQACK_ACTION_CLOSE:
          ok = seqack_tcp_host_close (host->tcp, id, lab->now, error);
          break;
        case SEQACK_ACTION_ABORT:
          if (!allowed)
            return lab_no_connection (action, error);
          ok = seqack_tcp_host_abort (host->tcp, id, lab->now, error);
          break;
        default:
          g_assert_not_reached ();
        }
    }

  /* The action is about the socket it acted on: the one listen or
   * connect made, else the one it had before (a close may have freed
   * it). */
  for (guint i = first; i < seqack_trace_get_n_events (lab->trace); i++)
    if (seqack_trace_get_event (lab->trace, i)->kind == SEQACK_EVENT_ACTION)
      {
        if (action == SEQACK_ACTION_LISTEN || action == SEQACK_ACTION_CONNECT)
          lab_host_name_socket (host, host->current, i);
        else if (named)
          seqack_trace_set_socket (lab->trace, i, &key);
        break;
      }
  lab_host_note_vars (host);

  return ok;
}
