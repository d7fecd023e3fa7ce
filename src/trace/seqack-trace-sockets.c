/* seqack-trace-sockets.c: a host's socket table from a Trace.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "seqack-bytes.h"
#include "seqack-packet.h"
#include "seqack-trace-sockets.h"

#include <string.h>

static guint64
key_id (const SeqackSocketKey *key)
{
  return ((guint64) key->remote_addr << 32) |
         ((guint64) key->local_port << 16) | key->remote_port;
}

/* Whether the socket of @row is still in its host's table. */
static gboolean
row_alive (const SeqackSocketRow *row)
{
  if (row->state == SEQACK_TCP_CLOSED)
    return FALSE;
  /* A spawned connection back in LISTEN goes away (its listener is a
   * row of its own). */
  return row->state != SEQACK_TCP_LISTEN ||
         seqack_socket_key_is_listener (&row->key);
}

/* A connection's queues from its variables after event @index. */
static void
row_note_vars (SeqackSocketRow     *row,
               const SeqackTcpVars *vars)
{
  row->recv_q = vars->rcv_queued;
  row->send_q = vars->snd_nxt - vars->snd_una;
}

GArray *
seqack_trace_list_sockets (SeqackTrace *trace,
                           guint        n_events,
                           SeqackSide   side)
{
  g_autoptr (GHashTable) rows = NULL;
  GArray *all, *out;
  gboolean own_vars;

  g_return_val_if_fail (trace != NULL, NULL);
  g_return_val_if_fail (side == SEQACK_CLIENT || side == SEQACK_SERVER,
                        NULL);

  own_vars = seqack_trace_has_socket_vars (trace);
  n_events = MIN (n_events, seqack_trace_get_n_events (trace));
  if (!seqack_trace_has_sockets (trace))
    n_events = 0;
  all = g_array_new (FALSE, TRUE, sizeof (SeqackSocketRow));
  /* key_id () -> its row's index + 1 */
  rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);

  for (guint i = 0; i < n_events; i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      SeqackSocketKey key;
      SeqackTcpVars vars;
      gpointer found;
      guint64 id;
      SeqackSocketRow *row;
      gboolean to_us = FALSE;

      if (ev->kind == SEQACK_EVENT_SEGMENT)
        {
          /* Sent by one of @side's sockets, or arrived at one. */
          if (!seqack_trace_get_socket (trace, i, &key))
            continue;
          to_us = ev->side != (guint8) side;
          if (to_us)
            {
              guint16 port = key.local_port;
              guint sender = seqack_trace_get_event_host (trace, i);

              key.local_port = key.remote_port;
              key.remote_port = port;
              key.remote_addr = 0;
              /* From another client: its address is in our key. */
              if (sender >= SEQACK_HOST_CLIENT_2 &&
                  sender <= SEQACK_HOST_LAST_CLIENT)
                {
                  SeqackEndpoint from;

                  seqack_trace_get_host_endpoint (trace, sender, &from);
                  key.remote_addr = seqack_read_be32 (from.addr);
                }
            }
        }
      else if (ev->side != (guint8) side ||
               !seqack_trace_get_socket (trace, i, &key))
        continue;

      id = key_id (&key);
      if (!g_hash_table_lookup_extended (rows, &id, NULL, &found))
        {
          SeqackSocketRow fresh = { 0 };

          /* A socket is a row from its first state event on. */
          if (ev->kind != SEQACK_EVENT_STATE)
            continue;
          fresh.key = key;
          fresh.host = seqack_trace_get_event_host (trace, i);
          fresh.first_event = i;
          fresh.state = SEQACK_TCP_CLOSED;
          g_array_append_val (all, fresh);
          found = GUINT_TO_POINTER (all->len);
          g_hash_table_insert (rows, g_memdup2 (&id, sizeof id), found);
        }
      row = &g_array_index (all, SeqackSocketRow,
                            GPOINTER_TO_UINT (found) - 1);
      switch (ev->kind)
        {
        case SEQACK_EVENT_STATE:
          /* A 4-tuple used again (a TIME-WAIT taken over, a client
           * connecting from the same port) is a new connection. */
          if (!row_alive (row) || ev->from == SEQACK_TCP_TIME_WAIT)
            row->first_event = i;
          row->state = (SeqackTcpState) ev->to;
          break;
        case SEQACK_EVENT_QUEUE:
          row->syn_queue = ev->number;
          row->recv_q = ev->window;
          row->send_q = (gsize) ev->t2;
          break;
        default:
          break;
        }
      row->last_event = i;
      /* A trace whose sockets note their own variables gives each row
       * its own below; else the side's at the row's own events. */
      if (seqack_socket_key_is_listener (&row->key) || own_vars)
        continue;
      if (to_us ? seqack_trace_get_arrival_vars (trace, i, &vars)
                : seqack_trace_get_vars (trace, i, side, &vars))
        row_note_vars (row, &vars);
    }
  /* Each connection's queues are its own, as of the last event shown,
   * whichever of its host's connections changed last. */
  for (guint r = 0; own_vars && n_events > 0 && r < all->len; r++)
    {
      SeqackSocketRow *row = &g_array_index (all, SeqackSocketRow, r);
      SeqackTcpVars vars;

      if (!seqack_socket_key_is_listener (&row->key) &&
          seqack_trace_get_socket_vars (trace, n_events - 1, row->host,
                                        &row->key, &vars))
        row_note_vars (row, &vars);
    }

  out = g_array_new (FALSE, FALSE, sizeof (SeqackSocketRow));
  for (guint i = 0; i < all->len; i++)
    {
      const SeqackSocketRow *row = &g_array_index (all, SeqackSocketRow, i);

      if (row_alive (row))
        g_array_append_val (out, *row);
    }
  g_array_unref (all);
  return out;
}

guint
seqack_trace_count_sockets (SeqackTrace    *trace,
                            guint           n_events,
                            SeqackSide      side,
                            SeqackTcpState  state)
{
  g_autoptr (GArray) rows = seqack_trace_list_sockets (trace, n_events,
                                                       side);
  guint n = 0;

  for (guint i = 0; i < rows->len; i++)
    n += g_array_index (rows, SeqackSocketRow, i).state == state;
  return n;
}

gboolean
seqack_trace_get_calls_socket (SeqackTrace     *trace,
                               guint            n_events,
                               SeqackSide       side,
                               SeqackSocketKey *key)
{
  gboolean more_hosts;
  guint host;

  g_return_val_if_fail (trace != NULL && key != NULL, FALSE);
  g_return_val_if_fail (side == SEQACK_CLIENT || side == SEQACK_SERVER,
                        FALSE);

  more_hosts = seqack_trace_has_more_hosts (trace);
  memset (key, 0, sizeof *key);
  n_events = MIN (n_events, seqack_trace_get_n_events (trace));
  if (!seqack_trace_has_sockets (trace))
    return FALSE;
  host = seqack_trace_get_calls_host (trace, n_events, side);
  for (guint i = n_events; i > 0; i--)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i - 1);

      if (ev->side != (guint8) side || ev->kind == SEQACK_EVENT_SEGMENT ||
          (more_hosts &&
           seqack_trace_get_event_host (trace, i - 1) != host) ||
          !seqack_trace_get_socket (trace, i - 1, key))
        continue;
      /* Every action names the socket it acted on; accept() acts on the
       * listener but leaves the calls where they were. */
      if (ev->kind == SEQACK_EVENT_ACTION)
        {
          if (ev->from == SEQACK_ACTION_ACCEPT ||
              ev->from == SEQACK_ACTION_ACCEPT_OFF ||
              ev->from == SEQACK_ACTION_ACCEPT_ON)
            continue;
          return TRUE;
        }
      if (ev->kind != SEQACK_EVENT_STATE ||
          seqack_socket_key_is_listener (key))
        continue;
      /* A spawned connection takes the calls (LISTEN → SYN-RCVD), and
       * gives them back to its listener when a RST sends it back to
       * LISTEN (RFC 9293 §3.10.7.4). */
      if (ev->to == SEQACK_TCP_LISTEN)
        {
          key->remote_port = 0;
          key->remote_addr = 0;
          return TRUE;
        }
      if (ev->from == SEQACK_TCP_LISTEN)
        return TRUE;
    }
  memset (key, 0, sizeof *key);
  return FALSE;
}

gboolean
seqack_trace_get_event_peer (SeqackTrace     *trace,
                             guint            index,
                             guint           *host,
                             SeqackSocketKey *key)
{
  const SeqackEvent *ev;
  SeqackSocketKey own;
  guint own_host;

  g_return_val_if_fail (trace != NULL && host != NULL && key != NULL, FALSE);
  g_return_val_if_fail (index < seqack_trace_get_n_events (trace), FALSE);

  memset (key, 0, sizeof *key);
  *host = 0;
  if (!seqack_trace_get_socket (trace, index, &own) ||
      seqack_socket_key_is_listener (&own))
    return FALSE;
  ev = seqack_trace_get_event (trace, index);
  own_host = seqack_trace_get_event_host (trace, index);
  key->local_port = own.remote_port;
  key->remote_port = own.local_port;
  if (ev->side == SEQACK_SERVER)
    {
      /* To the client side: the host that owns the peer's address. */
      *host = own.remote_addr != 0
              ? seqack_trace_host_for_addr (trace, SEQACK_CLIENT,
                                            own.remote_addr)
              : SEQACK_CLIENT;
      return TRUE;
    }
  *host = SEQACK_SERVER;
  /* An added client is in the server's key by its address: a segment's
   * source (a flood's hosts share a network), else the host's own. */
  if (own_host > SEQACK_SERVER)
    {
      SeqackPacket packet;
      SeqackEndpoint ep;

      if (ev->kind == SEQACK_EVENT_SEGMENT &&
          seqack_trace_decode_segment (trace, index, &packet, NULL) &&
          packet.family == 4)
        key->remote_addr = packet.ip4.src;
      else
        {
          seqack_trace_get_host_endpoint (trace, own_host, &ep);
          key->remote_addr = seqack_read_be32 (ep.addr);
        }
    }
  return TRUE;
}

gboolean
seqack_trace_get_calls_vars (SeqackTrace   *trace,
                             guint          n_events,
                             SeqackSide     side,
                             SeqackTcpVars *vars)
{
  SeqackSocketKey key;
  guint host;

  g_return_val_if_fail (trace != NULL && vars != NULL, FALSE);
  g_return_val_if_fail (side == SEQACK_CLIENT || side == SEQACK_SERVER,
                        FALSE);

  memset (vars, 0, sizeof *vars);
  n_events = MIN (n_events, seqack_trace_get_n_events (trace));
  if (n_events == 0)
    return FALSE;
  host = seqack_trace_get_calls_host (trace, n_events, side);
  if (seqack_trace_get_calls_socket (trace, n_events, side, &key) &&
      !seqack_socket_key_is_listener (&key))
    return seqack_trace_get_socket_vars (trace, n_events - 1, host, &key,
                                         vars);
  return seqack_trace_get_host_vars (trace, n_events - 1, host, vars);
}
