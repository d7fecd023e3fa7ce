/* seqack-tcp-host.c: the socket table, the connections' callbacks and
 * the application's calls. Segment arrival is seqack-tcp-host-input.c. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "seqack-error.h"
#include "seqack-tcp-host-private.h"

void
seqack_tcp_host_config_init (SeqackTcpHostConfig *config)
{
  g_return_if_fail (config != NULL);

  memset (config, 0, sizeof *config);
  seqack_tcp_config_init (&config->tcp);
  config->syn_cookies = SEQACK_SYN_COOKIES_ON_OVERFLOW;
  config->port_low = SEQACK_TCP_EPHEMERAL_LOW;
  config->port_high = SEQACK_TCP_EPHEMERAL_HIGH;
  config->seed = 1;
}

SeqackTcpHost *
seqack_tcp_host_new (guint32                       addr,
                     const SeqackTcpHostConfig    *config,
                     const SeqackTcpHostCallbacks *callbacks,
                     gpointer                      user_data)
{
  SeqackTcpHost *host = g_new0 (SeqackTcpHost, 1);

  host->addr = addr;
  if (config != NULL)
    host->config = *config;
  else
    seqack_tcp_host_config_init (&host->config);
  if (callbacks != NULL)
    host->cb = *callbacks;
  host->user_data = user_data;
  host->sockets = g_hash_table_new (NULL, NULL);
  seqack_tuple_table_init (&host->conns);
  host->listeners = g_hash_table_new (NULL, NULL);
  host->ports = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  seqack_heap_init (&host->heap);
  host->graveyard = g_ptr_array_new ();
  host->to_accept = g_array_new (FALSE, FALSE, sizeof (SeqackTcpSocketId));
  host->next_id = 1;
  /* Purposes 0 and 1; the cookie secret takes 2 and 3. */
  seqack_sip_key_from_seed (&host->isn_key, host->config.seed, 0);
  seqack_sip_key_from_seed (&host->port_key, host->config.seed, 1);
  seqack_syn_cookie_secret_init (&host->cookie, host->config.seed);
  host->rng = host->config.seed ^ G_GUINT64_CONSTANT (0x2545f4914f6cdd1d);
  if (host->rng == 0)
    host->rng = 1;

  return host;
}

static void
socket_free (SeqackTcpSocket *s)
{
  seqack_tcp_conn_free (s->conn);
  g_free (s->listener);
  g_free (s);
}

void
seqack_tcp_host_free (SeqackTcpHost *host)
{
  GHashTableIter iter;
  gpointer value;

  if (host == NULL)
    return;

  /* The heap's nodes live in the sockets: it goes first. */
  seqack_heap_clear (&host->heap);
  g_hash_table_iter_init (&iter, host->sockets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    socket_free (value);
  for (guint i = 0; i < host->graveyard->len; i++)
    socket_free (g_ptr_array_index (host->graveyard, i));
  g_hash_table_unref (host->sockets);
  seqack_tuple_table_clear (&host->conns);
  g_hash_table_unref (host->listeners);
  g_hash_table_unref (host->ports);
  g_ptr_array_unref (host->graveyard);
  g_array_unref (host->to_accept);
  if (host->due != NULL)
    g_ptr_array_unref (host->due);
  g_free (host);
}

guint32
seqack_tcp_host_get_addr (SeqackTcpHost *host)
{
  g_return_val_if_fail (host != NULL, 0);

  return host->addr;
}

const SeqackTcpHostConfig *
seqack_tcp_host_get_config (SeqackTcpHost *host)
{
  g_return_val_if_fail (host != NULL, NULL);

  return &host->config;
}

void
seqack_tcp_host_set_syn_cookies (SeqackTcpHost   *host,
                                 SeqackSynCookies mode)
{
  g_return_if_fail (host != NULL);

  host->config.syn_cookies = mode;
}

/* xorshift64 (Marsaglia 2003): Linux's get_random_u32() stand-in. */
guint32
seqack_tcp_host_random (SeqackTcpHost *host)
{
  host->rng ^= host->rng << 13;
  host->rng ^= host->rng >> 7;
  host->rng ^= host->rng << 17;
  return (guint32) (host->rng >> 16);
}

/* ---- Calls in progress, and what waits for their end ------------------ */

void
seqack_tcp_listener_accept_one (SeqackTcpSocket *listener,
                                SeqackTcpSocket *child)
{
  SeqackTcpHost *host = listener->host;

  seqack_tcp_queue_move (child, QUEUE_NONE);
  child->accepted = TRUE;
  seqack_tcp_listener_notify (listener);
  if (host->cb.accepted != NULL)
    host->cb.accepted (host->user_data, listener->id, child->id);
}

static void
flush (SeqackTcpHost *host)
{
  guint a = 0, g = 0;

  if (host->flushing ||
      (host->to_accept->len == 0 && host->graveyard->len == 0))
    return;
  host->flushing = TRUE;
  /* By index, in order: a callback may add more to either list. */
  while (a < host->to_accept->len || g < host->graveyard->len)
    {
      if (a < host->to_accept->len)
        {
          SeqackTcpSocketId id = g_array_index (host->to_accept,
                                                SeqackTcpSocketId, a++);
          SeqackTcpSocket *child;

          child = g_hash_table_lookup (host->sockets, GUINT_TO_POINTER (id));
          if (child != NULL && child->queue == QUEUE_ACCEPT &&
              !child->parent->listener->accept_paused)
            {
              host->depth++;
              seqack_tcp_listener_accept_one (child->parent, child);
              host->depth--;
            }
        }
      else
        {
          SeqackTcpSocket *s = g_ptr_array_index (host->graveyard, g++);
          SeqackTcpSocketId id = s->id;

          socket_free (s);
          if (host->cb.released != NULL)
            host->cb.released (host->user_data, id);
        }
    }
  g_array_set_size (host->to_accept, 0);
  g_ptr_array_set_size (host->graveyard, 0);
  host->flushing = FALSE;
}

void
seqack_tcp_host_enter (SeqackTcpHost *host,
                       gint64         now)
{
  host->depth++;
  host->now = now;
}

void
seqack_tcp_host_leave (SeqackTcpHost *host)
{
  if (--host->depth == 0)
    flush (host);
}

/* ---- Sockets ------------------------------------------------------------ */

SeqackTcpSocket *
seqack_tcp_host_find_conn (SeqackTcpHost *host,
                           guint16        local_port,
                           guint32        remote_addr,
                           guint16        remote_port)
{
  guint64 key = seqack_tcp_tuple_key (local_port, remote_addr, remote_port);

  return seqack_tuple_table_lookup (&host->conns, key);
}

void
seqack_tcp_host_emit (SeqackTcpHost          *host,
                      guint32                 dst,
                      const SeqackTcpSegment *segment,
                      guint                   sent,
                      SeqackTcpSocketId       from,
                      const SeqackSynCookie  *cookie)
{
  SeqackTcpHostPacket packet;

  host->stats.segments_out++;
  if (host->cb.output == NULL)
    return;
  packet.src_addr = host->addr;
  packet.dst_addr = dst;
  packet.segment = segment;
  packet.sent = sent;
  packet.socket = from;
  packet.syn_cookie = cookie != NULL;
  packet.cookie = cookie;
  host->cb.output (host->user_data, &packet);
}

void
seqack_tcp_listener_notify (SeqackTcpSocket *listener)
{
  SeqackTcpHost *host = listener->host;

  if (host->cb.queue != NULL)
    host->cb.queue (host->user_data, listener->id,
                    listener->listener->syn_queue.length,
                    listener->listener->accept_queue.length);
}

gboolean
seqack_tcp_listener_accept_full (SeqackTcpListener *listener)
{
  /* sk_acceptq_is_full(): ">", so it holds backlog + 1. */
  return listener->accept_queue.length > listener->backlog;
}

/* Out of its queue (if any) and into @to of the same listener. */
void
seqack_tcp_queue_move (SeqackTcpSocket *s,
                       QueueKind        to)
{
  SeqackTcpListener *l = s->parent != NULL ? s->parent->listener : NULL;

  if (l == NULL)
    return;
  if (s->queue == QUEUE_SYN)
    g_queue_unlink (&l->syn_queue, &s->queue_link);
  else if (s->queue == QUEUE_ACCEPT)
    g_queue_unlink (&l->accept_queue, &s->queue_link);
  s->queue = to;
  if (to == QUEUE_SYN)
    g_queue_push_tail_link (&l->syn_queue, &s->queue_link);
  else if (to == QUEUE_ACCEPT)
    g_queue_push_tail_link (&l->accept_queue, &s->queue_link);
  else
    s->parent = NULL;
}

static void abort_queue (GQueue *queue);

/* The connection is over (or a spawned one went back to LISTEN): out of
 * every table now, freed when the call ends. */
void
seqack_tcp_socket_die (SeqackTcpSocket *s)
{
  SeqackTcpHost *host = s->host;
  SeqackTcpSocket *parent = s->parent;

  if (s->dead)
    return;
  s->dead = TRUE;
  g_hash_table_remove (host->sockets, GUINT_TO_POINTER (s->id));
  if (s->keyed)
    seqack_tuple_table_remove (&host->conns, s->key);
  s->keyed = FALSE;
  if (s->listener != NULL &&
      g_hash_table_lookup (host->listeners,
                           GUINT_TO_POINTER (s->local_port)) == s)
    g_hash_table_remove (host->listeners, GUINT_TO_POINTER (s->local_port));
  if (s->holds_port)
    seqack_tcp_port_unref (host, s->local_port);
  s->holds_port = FALSE;
  seqack_heap_remove (&host->heap, &s->heap_node);
  if (parent != NULL)
    {
      seqack_tcp_queue_move (s, QUEUE_NONE);
      seqack_tcp_listener_notify (parent);
    }
  g_ptr_array_add (host->graveyard, s);
  if (s->listener != NULL)
    {
      /* Linux inet_csk_listen_stop(): the queued connections go. */
      abort_queue (&s->listener->syn_queue);
      abort_queue (&s->listener->accept_queue);
    }
}

static void
abort_queue (GQueue *queue)
{
  while (queue->head != NULL)
    {
      SeqackTcpSocket *child = queue->head->data;

      seqack_tcp_conn_abort (child->conn, child->host->now);
      /* abort() always ends in CLOSED, which took it out; make sure. */
      seqack_tcp_socket_die (child);
    }
}

static void
cb_send (gpointer                user_data,
         const SeqackTcpSegment *segment,
         guint                   sent)
{
  SeqackTcpSocket *s = user_data;

  /* A listener answers whoever sent the segment in hand. */
  seqack_tcp_host_emit (s->host, s->remote_port != 0 || s->remote_addr != 0
                                 ? s->remote_addr : s->host->input_src,
                        segment, sent, s->id, NULL);
}

static void
cb_state_changed (gpointer       user_data,
                  SeqackTcpState from,
                  SeqackTcpState to,
                  SeqackTcpEdge  edge)
{
  SeqackTcpSocket *s = user_data;
  SeqackTcpHost *host = s->host;

  if (!(s->spawning && to == SEQACK_TCP_LISTEN) &&
      host->cb.state_changed != NULL)
    host->cb.state_changed (host->user_data, s->id, from, to, edge);

  if (to == SEQACK_TCP_CLOSED ||
      (to == SEQACK_TCP_LISTEN && s->parent != NULL && !s->spawning))
    {
      seqack_tcp_socket_die (s);
      return;
    }
  /* The handshake is done: the SYN queue's connection (or a cookie's,
   * in no queue) joins the accept queue. */
  if (from == SEQACK_TCP_SYN_RECEIVED && s->parent != NULL &&
      s->queue != QUEUE_ACCEPT)
    {
      SeqackTcpSocket *parent = s->parent;

      seqack_tcp_queue_move (s, QUEUE_ACCEPT);
      seqack_tcp_listener_notify (parent);
      if (!parent->listener->accept_paused)
        g_array_append_val (host->to_accept, s->id);
    }
}

/* The heap holds, for each connection with a timer, a key no later than
 * its earliest deadline: an earlier deadline moves the node up now; a
 * later one (a timer cancelled or pushed on, which happens with nearly
 * every segment) leaves it be, and seqack_tcp_host_next_deadline() puts
 * it right once it reaches the top. */
void
seqack_tcp_socket_sync_heap (SeqackTcpSocket *s)
{
  gint64 deadline;

  if (s->dead)
    return;
  deadline = s->deadline = seqack_tcp_conn_next_deadline (s->conn);
  if (deadline == SEQACK_NO_DEADLINE)
    return;
  if (s->heap_node.index == SEQACK_HEAP_NONE || deadline < s->heap_node.key)
    seqack_heap_update (&s->host->heap, &s->heap_node, deadline);
}

gint64
seqack_tcp_host_next_deadline (SeqackTcpHost *host)
{
  SeqackHeapNode *top;

  g_return_val_if_fail (host != NULL, SEQACK_NO_DEADLINE);

  while ((top = seqack_heap_top (&host->heap)) != NULL)
    {
      SeqackTcpSocket *s = (SeqackTcpSocket *) top;
      gint64 deadline = s->deadline;

      if (deadline == top->key)
        return deadline;
      if (deadline == SEQACK_NO_DEADLINE)
        seqack_heap_remove (&host->heap, top);
      else
        seqack_heap_update (&host->heap, top, deadline);
    }
  return SEQACK_NO_DEADLINE;
}

static void
cb_timer (gpointer          user_data,
          SeqackTcpTimer    timer,
          SeqackTimerAction action,
          gint64            deadline)
{
  SeqackTcpSocket *s = user_data;
  SeqackTcpHost *host = s->host;

  if (host->cb.timer != NULL)
    host->cb.timer (host->user_data, s->id, timer, action, deadline);
  seqack_tcp_socket_sync_heap (s);
}

static void
cb_deliver (gpointer      user_data,
            const guint8 *data,
            gsize         len)
{
  SeqackTcpSocket *s = user_data;

  if (s->host->cb.deliver != NULL)
    s->host->cb.deliver (s->host->user_data, s->id, data, len);
}

static void
cb_error (gpointer      user_data,
          const GError *error)
{
  SeqackTcpSocket *s = user_data;

  if (s->host->cb.error != NULL)
    s->host->cb.error (s->host->user_data, s->id, error);
}

/* RFC 6528: ISN = M + F (localip, localport, remoteip, remoteport,
 * secretkey), M a 4 µs clock, F SipHash keyed from the host's seed (so a
 * seed replays a run). A TIME-WAIT reuse forces it. */
static guint32
cb_isn (gpointer user_data)
{
  SeqackTcpSocket *s = user_data;
  SeqackTcpHost *host = s->host;

  if (s->has_forced_isn)
    {
      s->has_forced_isn = FALSE;
      return s->forced_isn;
    }
  return (guint32) seqack_siphash_words (&host->isn_key, host->addr,
                                         s->remote_addr,
                                         ((guint32) s->local_port << 16) |
                                         s->remote_port, 0) +
         (guint32) (host->now / 4);
}

static const SeqackTcpCallbacks socket_callbacks = {
  cb_send, cb_state_changed, cb_timer, cb_deliver, cb_error,
};

SeqackTcpSocket *
seqack_tcp_socket_new (SeqackTcpHost *host)
{
  SeqackTcpSocket *s = g_new0 (SeqackTcpSocket, 1);

  s->host = host;
  s->id = host->next_id++;
  seqack_heap_node_init (&s->heap_node);
  s->deadline = SEQACK_NO_DEADLINE;
  s->queue_link.data = s;
  s->conn = seqack_tcp_conn_new (&host->config.tcp, &socket_callbacks,
                                 cb_isn, s);
  g_hash_table_insert (host->sockets, GUINT_TO_POINTER (s->id), s);
  return s;
}

void
seqack_tcp_socket_set_remote (SeqackTcpSocket *s,
                              guint32          addr,
                              guint16          port)
{
  s->remote_addr = addr;
  s->remote_port = port;
  s->key = seqack_tcp_tuple_key (s->local_port, addr, port);
  seqack_tuple_table_insert (&s->host->conns, s->key, s);
  s->keyed = TRUE;
}

SeqackTcpSocketId
seqack_tcp_host_socket (SeqackTcpHost *host)
{
  g_return_val_if_fail (host != NULL, 0);

  return seqack_tcp_socket_new (host)->id;
}
