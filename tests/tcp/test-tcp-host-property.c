/* test-tcp-host-property.c: seeded random exchanges between many clients
 * and one listener over a lossy, reordering wire, sometimes under a SYN
 * flood, with SYN cookies off, on overflow or always and accepting
 * sometimes paused. Whatever happens:
 *  - every byte is delivered once and in order: a connection both of
 *    whose ends finished without an error delivered everything, any
 *    other delivered a prefix;
 *  - no socket leaks: when the wire is quiet and every timer has run,
 *    no connection is left whose peer still exists; once the
 *    applications give up the half-open ones (peer gone, RST lost), the
 *    clients hold no socket and the server only its listener, with
 *    empty queues and no deadline;
 *  - no endless ACK loop: the run ends by itself, well before its
 *    packet budget. */

#include <string.h>

#include "seqack-tcp-host.h"
#include "tcp-test-net.h"

#define SEC SEQACK_USEC_PER_SEC
#define SERVER NET_ADDR (2)
#define N_SEEDS 300
#define PACKET_BUDGET 200000

/* Over all seeds, so the test is known to reach what it checks. */
static guint n_clean, n_conns, n_cookies, n_packets, n_ghosts, n_half_open;

typedef struct
{
  guint             host;        /* client host index */
  SeqackTcpSocketId id;
  guint16           port;
  gint64            start;
  gboolean          opened, sent;
  GString          *c2s, *s2c;   /* what each side sends */
  SeqackTcpSocketId server;      /* the accepted child, 0 before */
  gboolean          server_closed;
} Conn;

typedef struct
{
  GRand     *r;
  GPtrArray *conns;          /* Conn * */
  guint      n_accepted_seen;
  gboolean   paused;
  gint64     resume_at;
  guint      drop_percent;
  guint      n_flood;
  gint64     flood_at;
} World;

static void
conn_free (gpointer p)
{
  Conn *c = p;

  g_string_free (c->c2s, TRUE);
  g_string_free (c->s2c, TRUE);
  g_free (c);
}

static GString *
random_bytes (GRand *r,
              guint  max)
{
  guint len = g_rand_int_range (r, 0, (gint32) max + 1);
  GString *s = g_string_sized_new (len);

  for (guint i = 0; i < len; i++)
    g_string_append_c (s, (char) g_rand_int_range (r, 'a', 'z' + 1));
  return s;
}

static gboolean
lossy (TestNet         *net,
       const NetPacket *packet,
       gpointer         data)
{
  World *w = data;

  return (guint) g_rand_int_range (w->r, 0, 100) < w->drop_percent;
}

static Conn *
client_of (TestNet *net,
           World   *w,
           guint32  addr,
           guint16  port)
{
  /* The newest client connection with that 4-tuple. */
  for (guint i = w->conns->len; i > 0; i--)
    {
      Conn *c = g_ptr_array_index (w->conns, i - 1);

      if (c->opened && c->port == port &&
          seqack_tcp_host_get_addr (test_net_host (net, c->host)) == addr)
        return c;
    }
  return NULL;
}

static void
send_all (TestNet          *net,
          guint             host,
          SeqackTcpSocketId id,
          GString          *data)
{
  seqack_tcp_host_send (test_net_host (net, host), id, (guint8 *) data->str,
                        data->len, net->now, NULL);
  seqack_tcp_host_close (test_net_host (net, host), id, net->now, NULL);
}

/* The applications: clients open at their time, send, close; the server
 * answers each accepted connection and closes after the client's FIN. */
static void
app (TestNet  *net,
     gpointer  data)
{
  World *w = data;
  SeqackTcpHost *server = test_net_host (net, 0);
  GArray *accepted = net->hosts[0].accepted;

  if (w->paused && net->now >= w->resume_at)
    {
      w->paused = FALSE;
      seqack_tcp_host_set_accept_paused (server, 1, FALSE, net->now, NULL);
    }
  if (w->n_flood > 0 && net->now >= w->flood_at)
    {
      for (guint i = 0; i < w->n_flood; i++)
        {
          SeqackTcpSegment syn = { 0 };

          syn.src_port = (guint16) (1024 + i);
          syn.dst_port = 80;
          syn.seq = g_rand_int (w->r);
          syn.flags = SEQACK_TCP_SYN;
          syn.window = 1000;
          test_net_inject (net, 0xc6336400u + i, SERVER, &syn);
        }
      w->n_flood = 0;
    }

  for (guint i = 0; i < w->conns->len; i++)
    {
      Conn *c = g_ptr_array_index (w->conns, i);
      SeqackTcpSocketInfo info;

      if (!c->opened && net->now >= c->start)
        {
          c->id = test_net_connect (net, c->host, 0, SERVER, 80);
          seqack_tcp_host_socket_info (test_net_host (net, c->host), c->id,
                                       &info);
          c->port = info.local_port;
          c->opened = TRUE;
        }
      if (c->opened && !c->sent &&
          test_net_state (net, c->host, c->id) == SEQACK_TCP_ESTABLISHED)
        {
          c->sent = TRUE;
          send_all (net, c->host, c->id, c->c2s);
        }
      if (c->server != 0 && !c->server_closed &&
          test_net_state (net, 0, c->server) == SEQACK_TCP_CLOSE_WAIT)
        {
          c->server_closed = TRUE;
          seqack_tcp_host_close (server, c->server, net->now, NULL);
        }
    }

  for (; w->n_accepted_seen < accepted->len; w->n_accepted_seen++)
    {
      SeqackTcpSocketId id = g_array_index (accepted, SeqackTcpSocketId,
                                            w->n_accepted_seen);
      SeqackTcpSocketInfo info;
      Conn *c;

      if (!seqack_tcp_host_socket_info (server, id, &info))
        continue;
      c = client_of (net, w, info.remote_addr, info.remote_port);
      g_assert_nonnull (c);
      if (c->server != 0)
        {
          /* A late copy of the client's first segment came back to the
           * listener after the connection ended, and the cookie in it
           * was still good (RFC 4987 §3.6: cookies keep no state): a
           * second connection for the same 4-tuple. Close it. */
          n_ghosts++;
          seqack_tcp_host_close (server, id, net->now, NULL);
          continue;
        }
      c->server = id;
      seqack_tcp_host_send (server, id, (guint8 *) c->s2c->str, c->s2c->len,
                            net->now, NULL);
    }
}

static gboolean
is_prefix (GString *got,
           GString *sent)
{
  gsize len = got != NULL ? got->len : 0;

  return len <= sent->len && (len == 0 || memcmp (got->str, sent->str, len) == 0);
}

/* A connection whose peer is gone while the RST that said so was lost
 * lingers idle: TCP has no timer for that (RFC 9293 §3.5.1, no
 * keep-alive), so the applications give up on such leftovers, as a
 * server's idle timeout would. Any other leftover, one whose peer still
 * exists, is a connection stuck for good: an error. */
static void
give_up_half_open (TestNet *net,
                   guint32  seed)
{
  for (guint i = 0; i < net->n_hosts; i++)
    {
      SeqackTcpHost *h = test_net_host (net, i);
      g_autoptr(GArray) ids = seqack_tcp_host_list_sockets (h);

      for (guint k = 0; k < ids->len; k++)
        {
          SeqackTcpSocketId id = g_array_index (ids, SeqackTcpSocketId, k);
          SeqackTcpSocketInfo info, peer_info;
          SeqackTcpHost *peer = NULL;
          SeqackTcpSocketId peer_id = 0;

          seqack_tcp_host_socket_info (h, id, &info);
          if (info.listener)
            continue;
          for (guint j = 0; j < net->n_hosts; j++)
            if (seqack_tcp_host_get_addr (test_net_host (net, j)) ==
                info.remote_addr)
              peer = test_net_host (net, j);
          if (peer != NULL)
            peer_id = seqack_tcp_host_lookup (peer, info.remote_port,
                                              seqack_tcp_host_get_addr (h),
                                              info.local_port);
          if (peer_id != 0)
            {
              seqack_tcp_host_socket_info (peer, peer_id, &peer_info);
              g_error ("seed %u: host %u stuck in %s, its peer in %s", seed,
                       i, seqack_tcp_state_name (info.state),
                       seqack_tcp_state_name (peer_info.state));
            }
          n_half_open++;
          seqack_tcp_host_abort (h, id, net->now, NULL);
        }
    }
}

static void
run_seed (guint32 seed)
{
  g_autoptr(TestNet) net = test_net_new (seed);
  SeqackTcpHostConfig config;
  World w = { 0 };
  guint n_clients;
  gboolean quiet;
  SeqackTcpSocketInfo info;

  w.r = g_rand_new_with_seed (seed ^ 0x5eed);
  w.conns = g_ptr_array_new_with_free_func (conn_free);
  net->jitter = g_rand_int_range (w.r, 0, 30 * 1000);
  net->filter = lossy;
  net->filter_data = &w;
  w.drop_percent = g_rand_int_range (w.r, 0, 12);

  seqack_tcp_host_config_init (&config);
  config.seed = seed;
  config.syn_cookies = g_rand_int_range (w.r, 0, 3);
  test_net_add_host (net, 2, &config);
  n_clients = g_rand_int_range (w.r, 1, 7);
  for (guint i = 0; i < n_clients; i++)
    {
      guint host;

      config.seed = seed * 31 + i;
      host = test_net_add_host (net, (guint8) (10 + i), &config);
      for (guint k = g_rand_int_range (w.r, 1, 4); k > 0; k--)
        {
          Conn *c = g_new0 (Conn, 1);

          c->host = host;
          c->start = g_rand_int_range (w.r, 0, 3 * SEC);
          c->c2s = random_bytes (w.r, 5000);
          c->s2c = random_bytes (w.r, 5000);
          g_ptr_array_add (w.conns, c);
        }
    }
  g_assert_cmpuint (test_net_listen (net, 0, 80, g_rand_int_range (w.r, 1, 5)),
                    ==, 1);
  if (g_rand_boolean (w.r))
    {
      w.paused = TRUE;
      w.resume_at = g_rand_int_range (w.r, 0, 3 * SEC);   /* driven */
      seqack_tcp_host_set_accept_paused (test_net_host (net, 0), 1, TRUE, 0,
                                         NULL);
    }
  if (g_rand_boolean (w.r))
    {
      w.n_flood = g_rand_int_range (w.r, 1, 12);
      w.flood_at = g_rand_int_range (w.r, 0, 2 * SEC);
    }
  net->app = app;
  net->app_data = &w;

  /* Every client has opened by 3 s: run until all is quiet. */
  for (gint64 t = 0; t <= 3 * SEC; t += 5 * 1000)
    {
      test_net_run_to (net, t);
      app (net, &w);
    }
  quiet = test_net_run (net, G_MAXINT64 - 1, PACKET_BUDGET);
  if (!quiet)
    g_error ("seed %u: still sending after %u packets (an ACK loop?)", seed,
             PACKET_BUDGET);

  give_up_half_open (net, seed);
  quiet = test_net_run (net, G_MAXINT64 - 1, PACKET_BUDGET);
  g_assert_true (quiet);

  for (guint i = 0; i < w.conns->len; i++)
    {
      Conn *c = g_ptr_array_index (w.conns, i);
      gboolean clean = c->server != 0 &&
        !g_hash_table_contains (net->hosts[c->host].errors,
                                GUINT_TO_POINTER (c->id)) &&
        !g_hash_table_contains (net->hosts[0].errors,
                                GUINT_TO_POINTER (c->server));
      GString *at_server = c->server != 0 ? test_net_rx (net, 0, c->server)
                                          : NULL;
      GString *at_client = test_net_rx (net, c->host, c->id);

      if (!is_prefix (at_server, c->c2s) || !is_prefix (at_client, c->s2c))
        g_error ("seed %u conn %u: bytes out of order or repeated", seed, i);
      n_conns++;
      n_clean += clean;
      if (clean && ((at_server != NULL ? at_server->len : 0) != c->c2s->len ||
                    (at_client != NULL ? at_client->len : 0) != c->s2c->len))
        {
          for (guint k = 0; k < net->changes->len; k++)
            {
              NetChange *ch = &g_array_index (net->changes, NetChange, k);

              if ((ch->host == c->host && ch->socket == c->id) ||
                  (ch->host == 0 && ch->socket == c->server))
                g_printerr ("%" G_GINT64_FORMAT " host %u: %s -> %s\n", ch->t,
                            ch->host, seqack_tcp_state_name (ch->from),
                            seqack_tcp_state_name (ch->to));
            }
          g_error ("seed %u conn %u: finished cleanly, bytes missing "
                   "(c2s %zu/%zu s2c %zu/%zu)", seed, i,
                   at_server != NULL ? at_server->len : 0, c->c2s->len,
                   at_client != NULL ? at_client->len : 0, c->s2c->len);
        }
    }
  for (guint i = 1; i < net->n_hosts; i++)
    if (seqack_tcp_host_n_sockets (test_net_host (net, i)) != 0)
      {
        g_autoptr(GArray) ids = seqack_tcp_host_list_sockets (test_net_host (net, i));

        seqack_tcp_host_socket_info (test_net_host (net, i),
                                     g_array_index (ids, guint, 0), &info);
        for (guint k = 0; k < net->changes->len; k++)
          {
            NetChange *ch = &g_array_index (net->changes, NetChange, k);

            if (g_getenv ("SEQACK_PROPERTY_DEBUG"))
              g_printerr ("%" G_GINT64_FORMAT " host %u sock %u: %s -> %s\n",
                          ch->t, ch->host, ch->socket,
                          seqack_tcp_state_name (ch->from),
                          seqack_tcp_state_name (ch->to));
          }
        g_error ("seed %u: client %u leaks a socket in %s", seed, i,
                 seqack_tcp_state_name (info.state));
      }
  if (seqack_tcp_host_n_sockets (test_net_host (net, 0)) != 1)
    {
      g_autoptr(GArray) ids = seqack_tcp_host_list_sockets (test_net_host (net, 0));

      seqack_tcp_host_socket_info (test_net_host (net, 0),
                                   g_array_index (ids, guint, 1), &info);
      if (g_getenv ("SEQACK_PROPERTY_DEBUG"))
        for (guint k = 0; k < net->log->len; k++)
          {
            NetPacket *p = g_ptr_array_index (net->log, k);
            char flags[48];

            g_printerr ("%" G_GINT64_FORMAT " %x:%u > %x:%u %s seq %u ack %u len %zu%s\n",
                        p->sent_at, p->src, p->seg.src_port, p->dst, p->seg.dst_port,
                        seqack_tcp_flags_to_string (p->seg.flags, flags),
                        p->seg.seq, p->seg.ack, p->seg.payload_len,
                        p->syn_cookie ? " cookie" : "");
          }
      g_error ("seed %u: the server holds %u sockets, one in %s (%s) with "
               "%08x:%u", seed,
               seqack_tcp_host_n_sockets (test_net_host (net, 0)),
               seqack_tcp_state_name (info.state),
               info.accepted ? "accepted" : "not accepted",
               info.remote_addr, info.remote_port);
    }
  g_assert_true (seqack_tcp_host_socket_info (test_net_host (net, 0), 1, &info));
  g_assert_cmpint (info.state, ==, SEQACK_TCP_LISTEN);
  g_assert_cmpuint (info.syn_queue + info.accept_queue, ==, 0);
  for (guint i = 0; i < net->n_hosts; i++)
    g_assert_cmpint (seqack_tcp_host_next_deadline (test_net_host (net, i)),
                     ==, SEQACK_NO_DEADLINE);

  n_packets += net->log->len;
  n_cookies += seqack_tcp_host_get_stats (test_net_host (net, 0))->cookies_recv;
  g_ptr_array_unref (w.conns);
  g_rand_free (w.r);
}

static void
test_property (void)
{
  const char *env = g_getenv ("SEQACK_PROPERTY_SEEDS");
  guint32 n = env != NULL ? (guint32) g_ascii_strtoull (env, NULL, 10) : N_SEEDS;

  /* SEQACK_PROPERTY_SEEDS=N runs more (or fewer) seeds. */
  const char *first = g_getenv ("SEQACK_PROPERTY_FIRST");

  for (guint32 seed = first != NULL ? (guint32) g_ascii_strtoull (first, NULL, 10) : 1;
       seed <= n; seed++)
    run_seed (seed);
  g_test_message ("%u connections, %u clean, %u from cookies (%u again "
                  "from a late copy), %u half-open given up, %u packets", n_conns,
                  n_clean, n_cookies, n_ghosts, n_half_open, n_packets);
  g_assert_cmpuint (n_clean, >, n_conns / 2);
  g_assert_cmpuint (n_cookies, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tcp/host/property/many-clients", test_property);

  return g_test_run ();
}
