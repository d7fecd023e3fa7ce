/* tcp-test-net.c: the simulated wire for the host tests. */

#include "tcp-test-net.h"

#include <string.h>

static void
packet_free (gpointer p)
{
  NetPacket *packet = p;

  g_free (packet->data);
  g_free (packet);
}

static void
on_output (gpointer                   user_data,
           const SeqackTcpHostPacket *out)
{
  NetHost *nh = user_data;
  TestNet *net = nh->net;
  NetPacket *p = g_new0 (NetPacket, 1);
  guint i;

  p->sent_at = net->now;
  p->arrives_at = net->now + net->delay +
                  (net->jitter > 0 ? g_rand_int_range (net->rand, 0,
                                                       (gint32) net->jitter)
                                   : 0);
  p->order = net->order++;
  p->src = out->src_addr;
  p->dst = out->dst_addr;
  p->seg = *out->segment;
  p->data = g_memdup2 (out->segment->payload, out->segment->payload_len);
  p->seg.payload = p->data;
  p->sent = out->sent;
  p->from = out->socket;
  p->syn_cookie = out->syn_cookie;
  p->cookie_isn = out->cookie != NULL ? out->cookie->isn : 0;
  g_ptr_array_add (net->log, p);
  if (net->filter != NULL && net->filter (net, p, net->filter_data))
    return;
  /* Kept sorted by arrival, then by sending order. */
  for (i = net->wire->len; i > 0; i--)
    {
      NetPacket *q = g_ptr_array_index (net->wire, i - 1);

      if (q->arrives_at <= p->arrives_at)
        break;
    }
  g_ptr_array_insert (net->wire, i, p);
}

static void
on_state (gpointer          user_data,
          SeqackTcpSocketId socket,
          SeqackTcpState    from,
          SeqackTcpState    to,
          SeqackTcpEdge     edge)
{
  NetHost *nh = user_data;
  NetChange c = { nh->index, socket, from, to, edge, nh->net->now };

  g_array_append_val (nh->net->changes, c);
}

static void
on_deliver (gpointer          user_data,
            SeqackTcpSocketId socket,
            const guint8     *data,
            gsize             len)
{
  NetHost *nh = user_data;
  GString *s = g_hash_table_lookup (nh->rx, GUINT_TO_POINTER (socket));

  if (s == NULL)
    {
      s = g_string_new (NULL);
      g_hash_table_insert (nh->rx, GUINT_TO_POINTER (socket), s);
    }
  g_string_append_len (s, (const char *) data, (gssize) len);
}

static void
on_error (gpointer          user_data,
          SeqackTcpSocketId socket,
          const GError     *error)
{
  NetHost *nh = user_data;

  g_hash_table_insert (nh->errors, GUINT_TO_POINTER (socket),
                       GINT_TO_POINTER (error->code + 1));
}

static void
on_queue (gpointer          user_data,
          SeqackTcpSocketId listener,
          guint             syn_queue,
          guint             accept_queue)
{
  NetHost *nh = user_data;

  g_array_append_val (nh->queue, syn_queue);
  g_array_append_val (nh->queue, accept_queue);
}

static void
on_accepted (gpointer          user_data,
             SeqackTcpSocketId listener,
             SeqackTcpSocketId child)
{
  NetHost *nh = user_data;

  g_array_append_val (nh->accepted, child);
}

static void
on_released (gpointer          user_data,
             SeqackTcpSocketId socket)
{
  NetHost *nh = user_data;

  g_array_append_val (nh->released, socket);
}

static const SeqackTcpHostCallbacks net_callbacks = {
  .output = on_output,
  .state_changed = on_state,
  .deliver = on_deliver,
  .error = on_error,
  .queue = on_queue,
  .accepted = on_accepted,
  .released = on_released,
};

TestNet *
test_net_new (guint32 seed)
{
  TestNet *net = g_new0 (TestNet, 1);

  net->wire = g_ptr_array_new ();
  net->log = g_ptr_array_new_with_free_func (packet_free);
  net->changes = g_array_new (FALSE, FALSE, sizeof (NetChange));
  net->delay = 10 * 1000;
  net->rand = g_rand_new_with_seed (seed);
  return net;
}

void
test_net_free (TestNet *net)
{
  for (guint i = 0; i < net->n_hosts; i++)
    {
      NetHost *nh = &net->hosts[i];

      seqack_tcp_host_free (nh->host);
      g_hash_table_unref (nh->rx);
      g_hash_table_unref (nh->errors);
      g_array_unref (nh->accepted);
      g_array_unref (nh->released);
      g_array_unref (nh->queue);
    }
  /* Packets in flight are in the log too, which owns them. */
  g_ptr_array_unref (net->wire);
  g_ptr_array_unref (net->log);
  g_array_unref (net->changes);
  g_rand_free (net->rand);
  g_free (net);
}

static void
gstring_free (gpointer s)
{
  g_string_free (s, TRUE);
}

guint
test_net_add_host (TestNet                   *net,
                   guint8                     last,
                   const SeqackTcpHostConfig *config)
{
  NetHost *nh;

  g_assert_cmpuint (net->n_hosts, <, NET_MAX_HOSTS);
  nh = &net->hosts[net->n_hosts];
  nh->net = net;
  nh->index = net->n_hosts;
  nh->host = seqack_tcp_host_new (NET_ADDR (last), config, &net_callbacks, nh);
  nh->rx = g_hash_table_new_full (NULL, NULL, NULL, gstring_free);
  nh->errors = g_hash_table_new (NULL, NULL);
  nh->accepted = g_array_new (FALSE, FALSE, sizeof (SeqackTcpSocketId));
  nh->released = g_array_new (FALSE, FALSE, sizeof (SeqackTcpSocketId));
  nh->queue = g_array_new (FALSE, FALSE, sizeof (guint));
  return net->n_hosts++;
}

SeqackTcpHost *
test_net_host (TestNet *net,
               guint    index)
{
  g_assert_cmpuint (index, <, net->n_hosts);
  return net->hosts[index].host;
}

static NetHost *
host_at (TestNet *net,
         guint32  addr)
{
  for (guint i = 0; i < net->n_hosts; i++)
    if (seqack_tcp_host_get_addr (net->hosts[i].host) == addr)
      return &net->hosts[i];
  return NULL;
}

static gint64
next_deadline (TestNet *net)
{
  gint64 next = SEQACK_NO_DEADLINE;

  for (guint i = 0; i < net->n_hosts; i++)
    next = MIN (next, seqack_tcp_host_next_deadline (net->hosts[i].host));
  return next;
}

/* One event: the earliest of the next arrival and the next timer, if
 * it is before @until. */
static gboolean
step (TestNet *net,
      gint64   until)
{
  gint64 timer = next_deadline (net);
  NetPacket *p = net->wire->len > 0 ? g_ptr_array_index (net->wire, 0) : NULL;

  if (p != NULL && p->arrives_at <= timer && p->arrives_at <= until)
    {
      NetHost *nh;

      g_ptr_array_remove_index (net->wire, 0);
      net->now = MAX (net->now, p->arrives_at);
      nh = host_at (net, p->dst);
      net->n_delivered++;
      if (nh != NULL)
        seqack_tcp_host_input (nh->host, p->src, p->dst, &p->seg, net->now);
    }
  else if (timer <= until)
    {
      net->now = MAX (net->now, timer);
      for (guint i = 0; i < net->n_hosts; i++)
        seqack_tcp_host_advance (net->hosts[i].host, net->now);
    }
  else
    return FALSE;
  if (net->app != NULL)
    net->app (net, net->app_data);
  return TRUE;
}

gboolean
test_net_run (TestNet *net,
              gint64   until,
              guint64  max_packets)
{
  guint64 start = net->n_delivered;

  while (step (net, until))
    if (net->n_delivered - start >= max_packets)
      return FALSE;
  return TRUE;
}

void
test_net_run_to (TestNet *net,
                 gint64   t)
{
  while (step (net, t))
    ;
  net->now = MAX (net->now, t);
}

void
test_net_inject (TestNet                *net,
                 guint32                 src,
                 guint32                 dst,
                 const SeqackTcpSegment *seg)
{
  SeqackTcpHostPacket out = { src, dst, seg, 0, 0, FALSE, NULL };
  NetHost fake = { net, 0 };

  on_output (&fake, &out);
}

NetPacket *
test_net_find (TestNet *net,
               guint32  src,
               guint8   flags,
               guint8   mask,
               guint    n)
{
  for (guint i = 0; i < net->log->len; i++)
    {
      NetPacket *p = g_ptr_array_index (net->log, i);

      if (p->src == src && (p->seg.flags & mask) == flags && n-- == 0)
        return p;
    }
  return NULL;
}

guint
test_net_count (TestNet *net,
                guint32  src,
                guint8   flags,
                guint8   mask)
{
  guint n = 0;

  for (guint i = 0; i < net->log->len; i++)
    {
      NetPacket *p = g_ptr_array_index (net->log, i);

      if (p->src == src && (p->seg.flags & mask) == flags)
        n++;
    }
  return n;
}

GString *
test_net_rx (TestNet          *net,
             guint             host,
             SeqackTcpSocketId socket)
{
  return g_hash_table_lookup (net->hosts[host].rx, GUINT_TO_POINTER (socket));
}

SeqackTcpState
test_net_state (TestNet          *net,
                guint             host,
                SeqackTcpSocketId socket)
{
  SeqackTcpSocketInfo info;

  if (!seqack_tcp_host_socket_info (net->hosts[host].host, socket, &info))
    return SEQACK_TCP_CLOSED;
  return info.state;
}

SeqackTcpSocketId
test_net_connect (TestNet *net,
                  guint    host,
                  guint16  port,
                  guint32  dst,
                  guint16  dport)
{
  SeqackTcpHost *h = test_net_host (net, host);
  SeqackTcpSocketId id = seqack_tcp_host_socket (h);
  g_autoptr(GError) error = NULL;

  if (port != 0)
    {
      seqack_tcp_host_bind (h, id, port, &error);
      g_assert_no_error (error);
    }
  seqack_tcp_host_connect (h, id, dst, dport, net->now, &error);
  g_assert_no_error (error);
  return id;
}

SeqackTcpSocketId
test_net_listen (TestNet *net,
                 guint    host,
                 guint16  port,
                 guint    backlog)
{
  SeqackTcpHost *h = test_net_host (net, host);
  SeqackTcpSocketId id = seqack_tcp_host_socket (h);
  g_autoptr(GError) error = NULL;

  seqack_tcp_host_bind (h, id, port, &error);
  g_assert_no_error (error);
  seqack_tcp_host_listen (h, id, backlog, net->now, &error);
  g_assert_no_error (error);
  return id;
}
