/* bench-host.c: how fast a host's socket table simulates many
 * connections (issue 17).
 *
 * 10,000 clients' connections go through one listener at once: each a
 * handshake, 100 bytes, and a teardown with its TIME-WAIT, over a wire
 * with a fixed delay. Prints the simulated segments per second of
 * wall-clock time, and the same workload's rate over two bare
 * connections (seqack-tcp-conn.h, one connection after the other, the
 * listener re-opened each time) measured in the same process, and the
 * ratio. The goal is >= 1 M segments/s through the host. Rates are per
 * second of this process's CPU time (the machine may be shared), with
 * the wall-clock time beside them. Not a test.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "seqack-tcp-host.h"

#define N_CONNECTIONS 10000
#define PAYLOAD 100
#define DELAY (10 * 1000)   /* one way, µs */
#define SERVER_ADDR 0xc0000202u
#define CLIENT_ADDR 0xc000020au

typedef struct
{
  gint64           arrives_at;
  guint32          src, dst;
  SeqackTcpSegment seg;
  guint8          *data;
} Packet;

/* A FIFO: with one fixed delay, arrival order is sending order. A ring
 * that doubles when full. */
typedef struct
{
  Packet *ring;
  guint   size, head, len;   /* size a power of two */
  gint64  now;
  guint64 n_segments;
} Wire;

static void
wire_init (Wire *wire)
{
  memset (wire, 0, sizeof *wire);
  wire->size = 1024;
  wire->ring = g_new (Packet, wire->size);
}

static void
wire_put (Wire                   *wire,
          guint32                 src,
          guint32                 dst,
          const SeqackTcpSegment *seg)
{
  Packet *p;

  if (wire->len == wire->size)
    {
      Packet *bigger = g_new (Packet, 2 * wire->size);

      for (guint i = 0; i < wire->len; i++)
        bigger[i] = wire->ring[(wire->head + i) & (wire->size - 1)];
      g_free (wire->ring);
      wire->ring = bigger;
      wire->head = 0;
      wire->size *= 2;
    }
  p = &wire->ring[(wire->head + wire->len++) & (wire->size - 1)];
  p->arrives_at = wire->now + DELAY;
  p->src = src;
  p->dst = dst;
  p->seg = *seg;
  p->data = seg->payload_len > 0 ? g_memdup2 (seg->payload, seg->payload_len)
                                 : NULL;
  p->seg.payload = p->data;
}

static Packet *
wire_peek (Wire *wire)
{
  return wire->len > 0 ? &wire->ring[wire->head] : NULL;
}

/* Takes the front packet out into @out (its data is the caller's). */
static void
wire_pop (Wire   *wire,
          Packet *out)
{
  *out = wire->ring[wire->head];
  wire->head = (wire->head + 1) & (wire->size - 1);
  wire->len--;
  wire->now = out->arrives_at;
  wire->n_segments++;
}

static void
wire_clear (Wire *wire)
{
  g_free (wire->ring);
}

typedef struct
{
  gint64 wall, cpu;   /* µs */
} Clock;

static void
clock_now (Clock *c)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  c->cpu = (gint64) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
  c->wall = g_get_monotonic_time ();
}

/* Seconds since @start: CPU in [0], wall-clock in [1]. */
static void
clock_since (const Clock *start,
             double       seconds[2])
{
  Clock now;

  clock_now (&now);
  seconds[0] = (now.cpu - start->cpu) / 1e6;
  seconds[1] = (now.wall - start->wall) / 1e6;
}

/* ---- Through one host's listener ------------------------------------- */

typedef struct
{
  Wire          *wire;
  SeqackTcpHost *host[2];   /* server, client */
  GArray        *to_send;   /* client sockets just established */
  GArray        *to_close;  /* server sockets the client has closed */
  guint          n_done;    /* client sockets released */
} HostBench;

static void
host_output (gpointer                   user_data,
             const SeqackTcpHostPacket *packet)
{
  HostBench *b = user_data;

  wire_put (b->wire, packet->src_addr, packet->dst_addr, packet->segment);
}

static void
server_state (gpointer          user_data,
              SeqackTcpSocketId socket,
              SeqackTcpState    from,
              SeqackTcpState    to,
              SeqackTcpEdge     edge)
{
  HostBench *b = user_data;

  if (to == SEQACK_TCP_CLOSE_WAIT)
    g_array_append_val (b->to_close, socket);
}

static void
client_state (gpointer          user_data,
              SeqackTcpSocketId socket,
              SeqackTcpState    from,
              SeqackTcpState    to,
              SeqackTcpEdge     edge)
{
  HostBench *b = user_data;

  if (to == SEQACK_TCP_ESTABLISHED)
    g_array_append_val (b->to_send, socket);
}

static void
client_released (gpointer          user_data,
                 SeqackTcpSocketId socket)
{
  HostBench *b = user_data;

  b->n_done++;
}

/* The applications, between two segments (never from a callback). */
static void
host_apps (HostBench *b,
           gint64     now)
{
  static const guint8 data[PAYLOAD] = { 'x' };

  if (b->to_send->len == 0 && b->to_close->len == 0)
    return;
  for (guint i = 0; i < b->to_send->len; i++)
    {
      SeqackTcpSocketId id = g_array_index (b->to_send, SeqackTcpSocketId, i);

      seqack_tcp_host_send (b->host[1], id, data, sizeof data, now, NULL);
      seqack_tcp_host_close (b->host[1], id, now, NULL);
    }
  g_array_set_size (b->to_send, 0);
  for (guint i = 0; i < b->to_close->len; i++)
    seqack_tcp_host_close (b->host[0],
                           g_array_index (b->to_close, SeqackTcpSocketId, i),
                           now, NULL);
  g_array_set_size (b->to_close, 0);
}

static gboolean
run_host (double   seconds[2],
          guint64 *segments)
{
  static const SeqackTcpHostCallbacks server_cb = {
    .output = host_output, .state_changed = server_state,
  };
  static const SeqackTcpHostCallbacks client_cb = {
    .output = host_output, .state_changed = client_state,
    .released = client_released,
  };
  SeqackTcpHostConfig config;
  HostBench b = { 0 };
  Wire wire;
  SeqackTcpSocketId listener;
  g_autoptr(GError) error = NULL;
  Clock start;

  wire_init (&wire);
  b.wire = &wire;
  b.to_send = g_array_new (FALSE, FALSE, sizeof (SeqackTcpSocketId));
  b.to_close = g_array_new (FALSE, FALSE, sizeof (SeqackTcpSocketId));
  seqack_tcp_host_config_init (&config);
  b.host[0] = seqack_tcp_host_new (SERVER_ADDR, &config, &server_cb, &b);
  config.seed = 2;
  b.host[1] = seqack_tcp_host_new (CLIENT_ADDR, &config, &client_cb, &b);

  clock_now (&start);
  listener = seqack_tcp_host_socket (b.host[0]);
  if (!seqack_tcp_host_bind (b.host[0], listener, 80, &error) ||
      !seqack_tcp_host_listen (b.host[0], listener, N_CONNECTIONS, 0, &error))
    goto fail;
  for (guint i = 0; i < N_CONNECTIONS; i++)
    {
      SeqackTcpSocketId id = seqack_tcp_host_socket (b.host[1]);

      if (!seqack_tcp_host_connect (b.host[1], id, SERVER_ADDR, 80, 0, &error))
        goto fail;
    }
  for (;;)
    {
      Packet *p = wire_peek (&wire);
      gint64 next = MIN (seqack_tcp_host_next_deadline (b.host[0]),
                         seqack_tcp_host_next_deadline (b.host[1]));

      if (p != NULL && p->arrives_at <= next)
        {
          Packet copy;

          wire_pop (&wire, &copy);
          seqack_tcp_host_input (b.host[copy.dst == SERVER_ADDR ? 0 : 1],
                                 copy.src, copy.dst, &copy.seg, wire.now);
          g_free (copy.data);
        }
      else if (next != SEQACK_NO_DEADLINE)
        {
          wire.now = MAX (wire.now, next);
          seqack_tcp_host_advance (b.host[0], wire.now);
          seqack_tcp_host_advance (b.host[1], wire.now);
        }
      else
        break;
      host_apps (&b, wire.now);
    }
  clock_since (&start, seconds);
  *segments = wire.n_segments;

  if (b.n_done != N_CONNECTIONS ||
      seqack_tcp_host_n_sockets (b.host[0]) != 1 ||
      seqack_tcp_host_n_sockets (b.host[1]) != 0)
    {
      fprintf (stderr, "bench-host: %u of %u connections finished\n",
               b.n_done, N_CONNECTIONS);
      return FALSE;
    }
  seqack_tcp_host_free (b.host[0]);
  seqack_tcp_host_free (b.host[1]);
  g_array_unref (b.to_send);
  g_array_unref (b.to_close);
  wire_clear (&wire);
  return TRUE;

fail:
  fprintf (stderr, "bench-host: %s\n", error->message);
  return FALSE;
}

/* ---- The baseline: two bare connections, one connection at a time ---- */

typedef struct
{
  Wire          *wire;
  SeqackTcpConn *conn[2];   /* server, client */
  gboolean       established, close_wait;
} PairBench;

static void
pair_send_server (gpointer                user_data,
                  const SeqackTcpSegment *segment,
                  guint                   sent)
{
  PairBench *b = user_data;

  wire_put (b->wire, SERVER_ADDR, CLIENT_ADDR, segment);
}

static void
pair_send_client (gpointer                user_data,
                  const SeqackTcpSegment *segment,
                  guint                   sent)
{
  PairBench *b = user_data;

  wire_put (b->wire, CLIENT_ADDR, SERVER_ADDR, segment);
}

static void
pair_state_server (gpointer       user_data,
                   SeqackTcpState from,
                   SeqackTcpState to,
                   SeqackTcpEdge  edge)
{
  PairBench *b = user_data;

  if (to == SEQACK_TCP_CLOSE_WAIT)
    b->close_wait = TRUE;
}

static void
pair_state_client (gpointer       user_data,
                   SeqackTcpState from,
                   SeqackTcpState to,
                   SeqackTcpEdge  edge)
{
  PairBench *b = user_data;

  if (to == SEQACK_TCP_ESTABLISHED)
    b->established = TRUE;
}

static guint32
pair_isn (gpointer user_data)
{
  static guint32 isn = 1000;

  return isn += 100000;
}

static gboolean
run_pair (double   seconds[2],
          guint64 *segments)
{
  static const guint8 data[PAYLOAD] = { 'x' };
  SeqackTcpCallbacks server_cb = { .send = pair_send_server,
                                   .state_changed = pair_state_server };
  SeqackTcpCallbacks client_cb = { .send = pair_send_client,
                                   .state_changed = pair_state_client };
  SeqackTcpConfig config;
  PairBench b = { 0 };
  Wire wire;
  Clock start;

  wire_init (&wire);
  b.wire = &wire;
  seqack_tcp_config_init (&config);
  b.conn[0] = seqack_tcp_conn_new (&config, &server_cb, pair_isn, &b);
  b.conn[1] = seqack_tcp_conn_new (&config, &client_cb, pair_isn, &b);

  clock_now (&start);
  for (guint i = 0; i < N_CONNECTIONS; i++)
    {
      seqack_tcp_conn_listen (b.conn[0], 80, wire.now, NULL);
      seqack_tcp_conn_connect (b.conn[1], (guint16) (32768 + i % 28000), 80,
                               wire.now, NULL);
      for (;;)
        {
          Packet *p = wire_peek (&wire);
          gint64 next = MIN (seqack_tcp_conn_next_deadline (b.conn[0]),
                             seqack_tcp_conn_next_deadline (b.conn[1]));

          if (p != NULL && p->arrives_at <= next)
            {
              Packet copy;

              wire_pop (&wire, &copy);
              seqack_tcp_conn_receive (b.conn[copy.dst == SERVER_ADDR ? 0 : 1],
                                       &copy.seg, wire.now);
              g_free (copy.data);
            }
          else if (next != SEQACK_NO_DEADLINE)
            {
              wire.now = MAX (wire.now, next);
              seqack_tcp_conn_advance (b.conn[0], wire.now);
              seqack_tcp_conn_advance (b.conn[1], wire.now);
            }
          else
            break;
          if (b.established)
            {
              b.established = FALSE;
              seqack_tcp_conn_send (b.conn[1], data, sizeof data, wire.now,
                                    NULL);
              seqack_tcp_conn_close (b.conn[1], wire.now, NULL);
            }
          if (b.close_wait)
            {
              b.close_wait = FALSE;
              seqack_tcp_conn_close (b.conn[0], wire.now, NULL);
            }
        }
      if (seqack_tcp_conn_get_state (b.conn[0]) != SEQACK_TCP_CLOSED ||
          seqack_tcp_conn_get_state (b.conn[1]) != SEQACK_TCP_CLOSED)
        {
          fprintf (stderr, "bench-host: baseline connection %u did not end\n",
                   i);
          return FALSE;
        }
    }
  clock_since (&start, seconds);
  *segments = wire.n_segments;
  seqack_tcp_conn_free (b.conn[0]);
  seqack_tcp_conn_free (b.conn[1]);
  wire_clear (&wire);
  return TRUE;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* Each workload ROUNDS times, alternating, so load on a shared machine
 * falls on both alike; rates from the median and the fastest run. */
#define ROUNDS 7

int
main (void)
{
  double host_cpu[ROUNDS], pair_cpu[ROUNDS], host_wall = 0, pair_wall = 0;
  guint64 host_n = 0, pair_n = 0;
  double host_rate, host_best, pair_rate;

  for (guint r = 0; r < ROUNDS; r++)
    {
      double s[2];

      if (!run_pair (s, &pair_n))
        return 1;
      pair_cpu[r] = s[0];
      pair_wall += s[1] / ROUNDS;
      if (!run_host (s, &host_n))
        return 1;
      host_cpu[r] = s[0];
      host_wall += s[1] / ROUNDS;
    }
  qsort (host_cpu, ROUNDS, sizeof (double), compare_doubles);
  qsort (pair_cpu, ROUNDS, sizeof (double), compare_doubles);
  host_rate = host_n / host_cpu[ROUNDS / 2];
  host_best = host_n / host_cpu[0];
  pair_rate = pair_n / pair_cpu[ROUNDS / 2];
  printf ("%u rounds of each, alternating; medians of CPU time, mean wall "
          "time beside\n", ROUNDS);
  printf ("baseline, two bare connections, %u one after the other: "
          "%" G_GUINT64_FORMAT " segments in %.3f s CPU (%.3f s wall), "
          "%.0f segments/s\n",
          N_CONNECTIONS, pair_n, pair_cpu[ROUNDS / 2], pair_wall, pair_rate);
  printf ("host, %u connections at once through one listener: "
          "%" G_GUINT64_FORMAT " segments in %.3f s CPU (%.3f s wall), "
          "%.0f segments/s (fastest round %.0f)\n",
          N_CONNECTIONS, host_n, host_cpu[ROUNDS / 2], host_wall, host_rate,
          host_best);
  printf ("ratio host / baseline: %.2f; goal host >= 1000000 segments/s "
          "(median): %s\n", host_rate / pair_rate,
          host_rate >= 1e6 ? "met" : "not met");
  return 0;
}
