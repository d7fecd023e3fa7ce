/* seqack-tcp-host-calls.c: the application's socket calls, the timers of
 * all sockets, and what the socket table shows. */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "seqack-error.h"
#include "seqack-tcp-host-private.h"

/* The live socket @id, or NULL and NOT_FOUND. */
static SeqackTcpSocket *
socket_get (SeqackTcpHost     *host,
            SeqackTcpSocketId  id,
            GError           **error)
{
  SeqackTcpSocket *s = g_hash_table_lookup (host->sockets,
                                            GUINT_TO_POINTER (id));

  if (s == NULL)
    g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND,
                 _("no socket %u on this host"), id);
  return s;
}

static gboolean
fail_invalid (GError    **error,
              const char *message)
{
  g_set_error_literal (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                       message);
  return FALSE;
}

/* Never opened: CLOSED, in no table but the ports. */
static gboolean
is_fresh (SeqackTcpSocket *s)
{
  return s->listener == NULL && !s->keyed &&
         seqack_tcp_conn_get_state (s->conn) == SEQACK_TCP_CLOSED;
}

gboolean
seqack_tcp_host_bind (SeqackTcpHost     *host,
                      SeqackTcpSocketId  id,
                      guint16            port,
                      GError           **error)
{
  SeqackTcpSocket *s;

  g_return_val_if_fail (host != NULL, FALSE);

  s = socket_get (host, id, error);
  if (s == NULL)
    return FALSE;
  if (!is_fresh (s) || s->holds_port)
    return fail_invalid (error, _("the socket is bound already"));
  if (!seqack_tcp_port_check_bind (host, port, error))
    return FALSE;
  s->local_port = port;
  seqack_tcp_port_ref (host, port, TRUE);
  s->holds_port = TRUE;
  return TRUE;
}

gboolean
seqack_tcp_host_listen (SeqackTcpHost     *host,
                        SeqackTcpSocketId  id,
                        guint              backlog,
                        gint64             now,
                        GError           **error)
{
  SeqackTcpSocket *s;
  gboolean ok;

  g_return_val_if_fail (host != NULL, FALSE);

  s = socket_get (host, id, error);
  if (s == NULL)
    return FALSE;
  if (backlog == 0)
    return fail_invalid (error, _("the backlog must be at least 1"));
  /* listen() on a listening socket sets its backlog (Linux's
   * inet_listen()); its queues keep what they hold. */
  if (s->listener != NULL &&
      seqack_tcp_conn_get_state (s->conn) == SEQACK_TCP_LISTEN)
    {
      s->listener->backlog = backlog;
      seqack_tcp_listener_notify (s);
      return TRUE;
    }
  if (!is_fresh (s))
    return fail_invalid (error, _("the socket is in use already"));
  if (!s->holds_port)
    return fail_invalid (error, _("bind a port before listening"));

  seqack_tcp_host_enter (host, now);
  s->listener = g_new0 (SeqackTcpListener, 1);
  s->listener->backlog = backlog;
  g_queue_init (&s->listener->syn_queue);
  g_queue_init (&s->listener->accept_queue);
  s->listener->last_overflow = G_MININT64;
  g_hash_table_insert (host->listeners, GUINT_TO_POINTER (s->local_port), s);
  ok = seqack_tcp_conn_listen (s->conn, s->local_port, now, error);
  seqack_tcp_host_leave (host);
  return ok;
}

gboolean
seqack_tcp_host_connect (SeqackTcpHost     *host,
                         SeqackTcpSocketId  id,
                         guint32            addr,
                         guint16            port,
                         gint64             now,
                         GError           **error)
{
  SeqackTcpSocket *s;
  gboolean ok;

  g_return_val_if_fail (host != NULL, FALSE);

  s = socket_get (host, id, error);
  if (s == NULL)
    return FALSE;
  if (!is_fresh (s))
    return fail_invalid (error, _("the socket is in use already"));
  if (port == 0)
    return fail_invalid (error, _("cannot connect to port 0"));
  if (!s->holds_port)
    {
      guint16 local;

      if (!seqack_tcp_port_ephemeral (host, addr, port, &local, error))
        return FALSE;
      s->local_port = local;
      seqack_tcp_port_ref (host, local, FALSE);
      s->holds_port = TRUE;
    }
  else if (seqack_tcp_host_find_conn (host, s->local_port, addr, port))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_ADDRESS_IN_USE,
                   _("address already in use: a connection from port %u "
                     "to that address and port exists"), s->local_port);
      return FALSE;
    }

  seqack_tcp_host_enter (host, now);
  seqack_tcp_socket_set_remote (s, addr, port);
  s->accepted = TRUE;
  ok = seqack_tcp_conn_connect (s->conn, s->local_port, port, now, error);
  seqack_tcp_host_leave (host);
  return ok;
}

gboolean
seqack_tcp_host_send (SeqackTcpHost     *host,
                      SeqackTcpSocketId  id,
                      const guint8      *data,
                      gsize              len,
                      gint64             now,
                      GError           **error)
{
  SeqackTcpSocket *s;
  gboolean ok;

  g_return_val_if_fail (host != NULL, FALSE);

  s = socket_get (host, id, error);
  if (s == NULL)
    return FALSE;
  seqack_tcp_host_enter (host, now);
  ok = seqack_tcp_conn_send (s->conn, data, len, now, error);
  seqack_tcp_host_leave (host);
  return ok;
}

gboolean
seqack_tcp_host_close (SeqackTcpHost     *host,
                       SeqackTcpSocketId  id,
                       gint64             now,
                       GError           **error)
{
  SeqackTcpSocket *s;
  gboolean ok = TRUE;

  g_return_val_if_fail (host != NULL, FALSE);

  s = socket_get (host, id, error);
  if (s == NULL)
    return FALSE;
  seqack_tcp_host_enter (host, now);
  if (is_fresh (s))
    seqack_tcp_socket_die (s);
  else
    ok = seqack_tcp_conn_close (s->conn, now, error);
  seqack_tcp_host_leave (host);
  return ok;
}

gboolean
seqack_tcp_host_quit (SeqackTcpHost     *host,
                      SeqackTcpSocketId  id,
                      gint64             now,
                      GError           **error)
{
  SeqackTcpSocket *s;
  gboolean ok;

  g_return_val_if_fail (host != NULL, FALSE);

  s = socket_get (host, id, error);
  if (s == NULL)
    return FALSE;
  seqack_tcp_host_enter (host, now);
  ok = seqack_tcp_conn_quit (s->conn, 0, now, error);
  seqack_tcp_host_leave (host);
  return ok;
}

void
seqack_tcp_host_set_tcp_config (SeqackTcpHost         *host,
                                const SeqackTcpConfig *tcp,
                                gint64                 now)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (host != NULL && tcp != NULL);

  seqack_tcp_host_enter (host, now);
  host->config.tcp = *tcp;
  g_hash_table_iter_init (&iter, host->sockets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    seqack_tcp_conn_set_config (((SeqackTcpSocket *) value)->conn, tcp);
  seqack_tcp_host_leave (host);
}

gboolean
seqack_tcp_host_abort (SeqackTcpHost     *host,
                       SeqackTcpSocketId  id,
                       gint64             now,
                       GError           **error)
{
  SeqackTcpSocket *s;

  g_return_val_if_fail (host != NULL, FALSE);

  s = socket_get (host, id, error);
  if (s == NULL)
    return FALSE;
  seqack_tcp_host_enter (host, now);
  if (!is_fresh (s))
    seqack_tcp_conn_abort (s->conn, now);
  /* abort() ends in CLOSED, which released it; a fresh one goes now. */
  seqack_tcp_socket_die (s);
  seqack_tcp_host_leave (host);
  return TRUE;
}

gsize
seqack_tcp_host_read (SeqackTcpHost     *host,
                      SeqackTcpSocketId  id,
                      gsize              max,
                      gint64             now,
                      GError           **error)
{
  SeqackTcpSocket *s;
  gsize n;

  g_return_val_if_fail (host != NULL, 0);

  s = socket_get (host, id, error);
  if (s == NULL)
    return 0;
  seqack_tcp_host_enter (host, now);
  n = seqack_tcp_conn_read (s->conn, max, now);
  seqack_tcp_host_leave (host);
  return n;
}

gboolean
seqack_tcp_host_set_read_paused (SeqackTcpHost     *host,
                                 SeqackTcpSocketId  id,
                                 gboolean           paused,
                                 gint64             now,
                                 GError           **error)
{
  SeqackTcpSocket *s;

  g_return_val_if_fail (host != NULL, FALSE);

  s = socket_get (host, id, error);
  if (s == NULL)
    return FALSE;
  seqack_tcp_host_enter (host, now);
  seqack_tcp_conn_set_read_paused (s->conn, paused, now);
  seqack_tcp_host_leave (host);
  return TRUE;
}

static SeqackTcpSocket *
listener_get (SeqackTcpHost     *host,
              SeqackTcpSocketId  id,
              GError           **error)
{
  SeqackTcpSocket *s = socket_get (host, id, error);

  if (s != NULL && s->listener == NULL)
    {
      fail_invalid (error, _("the socket is not listening"));
      return NULL;
    }
  return s;
}

gboolean
seqack_tcp_host_set_accept_paused (SeqackTcpHost     *host,
                                   SeqackTcpSocketId  id,
                                   gboolean           paused,
                                   gint64             now,
                                   GError           **error)
{
  SeqackTcpSocket *s;

  g_return_val_if_fail (host != NULL, FALSE);

  s = listener_get (host, id, error);
  if (s == NULL)
    return FALSE;
  seqack_tcp_host_enter (host, now);
  s->listener->accept_paused = paused;
  if (!paused)
    for (GList *l = s->listener->accept_queue.head; l != NULL; l = l->next)
      {
        SeqackTcpSocket *child = l->data;

        g_array_append_val (host->to_accept, child->id);
      }
  seqack_tcp_host_leave (host);
  return TRUE;
}

SeqackTcpSocketId
seqack_tcp_host_accept (SeqackTcpHost     *host,
                        SeqackTcpSocketId  id,
                        gint64             now,
                        GError           **error)
{
  SeqackTcpSocket *s, *child;

  g_return_val_if_fail (host != NULL, 0);

  s = listener_get (host, id, error);
  if (s == NULL)
    return 0;
  if (s->listener->accept_queue.head == NULL)
    {
      g_set_error_literal (error, SEQACK_ERROR, SEQACK_ERROR_WOULD_BLOCK,
                           _("no connection is waiting to be accepted"));
      return 0;
    }
  seqack_tcp_host_enter (host, now);
  child = s->listener->accept_queue.head->data;
  seqack_tcp_listener_accept_one (s, child);
  seqack_tcp_host_leave (host);
  return child->id;
}

/* ---- Timers ------------------------------------------------------------- */

void
seqack_tcp_host_advance (SeqackTcpHost *host,
                         gint64         now)
{
  SeqackHeapNode *top;

  g_return_if_fail (host != NULL);

  seqack_tcp_host_enter (host, now);
  /* Take the due ones out first: a handler's new timer (due now too,
   * say) is fired by the connection's own advance, never looped here.
   * A key may be early (see seqack_tcp_socket_sync_heap()): such a
   * connection has nothing due, and goes back with its right key. */
  if (host->due == NULL)
    host->due = g_ptr_array_new ();
  while ((top = seqack_heap_top (&host->heap)) != NULL && top->key <= now)
    {
      seqack_heap_remove (&host->heap, top);
      g_ptr_array_add (host->due, top);
    }
  for (guint i = 0; i < host->due->len; i++)
    {
      SeqackTcpSocket *s = g_ptr_array_index (host->due, i);

      /* Dead ones wait in the graveyard: the pointer is good. */
      if (s->dead)
        continue;
      seqack_tcp_conn_advance (s->conn, now);
      seqack_tcp_socket_sync_heap (s);
    }
  g_ptr_array_set_size (host->due, 0);
  seqack_tcp_host_leave (host);
}

/* ---- Looking ------------------------------------------------------------ */

gboolean
seqack_tcp_host_socket_info (SeqackTcpHost       *host,
                             SeqackTcpSocketId    id,
                             SeqackTcpSocketInfo *info)
{
  SeqackTcpSocket *s;

  g_return_val_if_fail (host != NULL && info != NULL, FALSE);

  s = socket_get (host, id, NULL);
  if (s == NULL)
    return FALSE;
  memset (info, 0, sizeof *info);
  info->state = seqack_tcp_conn_get_state (s->conn);
  info->listener = s->listener != NULL;
  info->local_port = s->local_port;
  info->remote_addr = s->remote_addr;
  info->remote_port = s->remote_port;
  info->parent = s->parent != NULL ? s->parent->id : 0;
  info->accepted = s->accepted;
  if (s->listener != NULL)
    {
      info->syn_queue = s->listener->syn_queue.length;
      info->accept_queue = s->listener->accept_queue.length;
      info->backlog = s->listener->backlog;
      info->accept_paused = s->listener->accept_paused;
      /* ss: a listener's Recv-Q is its accept queue, Send-Q the backlog. */
      info->recv_q = info->accept_queue;
      info->send_q = info->backlog;
    }
  else
    {
      info->recv_q = seqack_tcp_conn_get_unread (s->conn);
      info->send_q = seqack_tcp_conn_get_unacked (s->conn);
    }
  return TRUE;
}

SeqackTcpConn *
seqack_tcp_host_get_conn (SeqackTcpHost     *host,
                          SeqackTcpSocketId  id)
{
  SeqackTcpSocket *s;

  g_return_val_if_fail (host != NULL, NULL);

  s = socket_get (host, id, NULL);
  return s != NULL ? s->conn : NULL;
}

SeqackTcpSocketId
seqack_tcp_host_lookup (SeqackTcpHost *host,
                        guint16        local_port,
                        guint32        remote_addr,
                        guint16        remote_port)
{
  SeqackTcpSocket *s;

  g_return_val_if_fail (host != NULL, 0);

  s = seqack_tcp_host_find_conn (host, local_port, remote_addr, remote_port);
  return s != NULL ? s->id : 0;
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  SeqackTcpSocketId x = *(const SeqackTcpSocketId *) a;
  SeqackTcpSocketId y = *(const SeqackTcpSocketId *) b;

  return x < y ? -1 : x > y;
}

GArray *
seqack_tcp_host_list_sockets (SeqackTcpHost *host)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (SeqackTcpSocketId));
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (host != NULL, ids);

  g_hash_table_iter_init (&iter, host->sockets);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      SeqackTcpSocketId id = GPOINTER_TO_UINT (key);

      g_array_append_val (ids, id);
    }
  g_array_sort (ids, compare_ids);
  return ids;
}

guint
seqack_tcp_host_n_sockets (SeqackTcpHost *host)
{
  g_return_val_if_fail (host != NULL, 0);

  return g_hash_table_size (host->sockets);
}

const SeqackTcpHostStats *
seqack_tcp_host_get_stats (SeqackTcpHost *host)
{
  g_return_val_if_fail (host != NULL, NULL);

  return &host->stats;
}
