/* test-property-hosts.c: seeded random runs with several clients and a
 * SYN flood against one listener (issue 17), each checked against what
 * demultiplexing promises (RFC 9293 §3.10.7):
 *
 *  - every socket's state events form one chain (each starts where the
 *    last of that socket ended), per host and 4-tuple;
 *  - the server's application reads, on each connection, a prefix of
 *    what that connection's client sent: nothing from another client,
 *    nothing out of order, whatever the flood does;
 *  - the listener stays LISTEN, and there is exactly one;
 *  - no segment goes to a host that is not on the wire, and the flood
 *    never answers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "seqack-lab.h"
#include "seqack-trace-sockets.h"

#define N_SEEDS 60

typedef struct
{
  guint64  seed;
  gboolean failed;
} Run;

G_GNUC_PRINTF (3, 4)
static void
fail (Run        *run,
      guint       index,
      const char *format,
      ...)
{
  g_autofree char *why = NULL;
  va_list args;

  if (run->failed)
    return;
  run->failed = TRUE;
  va_start (args, format);
  why = g_strdup_vprintf (format, args);
  va_end (args);
  g_test_message ("seed %" G_GUINT64_FORMAT ", event %u: %s", run->seed,
                  index, why);
  g_test_fail ();
}

/* A socket's identity across the trace: its host and key. */
static char *
socket_id (guint                  host,
           const SeqackSocketKey *key)
{
  return g_strdup_printf ("%u/%u/%u/%08x", host, key->local_port,
                          key->remote_port, key->remote_addr);
}

/* The stream a connection carries one way: "h/local/remote". Both ends
 * name it the same, by the client's host and port. */
static char *
stream_id (guint  client_host,
           guint  client_port)
{
  return g_strdup_printf ("%u/%u", client_host, client_port);
}

static void
free_string (gpointer data)
{
  g_string_free (data, TRUE);
}

static guint
host_of_addr (guint32 addr)
{
  /* 192.0.2.1 client, 192.0.2.3 … .9 client-2 … client-8. */
  return addr == 0xc0000201u ? SEQACK_CLIENT : addr - 0xc0000201u;
}

static void
check_trace (Run       *run,
             SeqackLab *lab)
{
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  guint n = seqack_trace_get_n_events (trace);
  g_autoptr(GHashTable) last_to = g_hash_table_new_full (g_str_hash,
                                                         g_str_equal,
                                                         g_free, NULL);
  g_autoptr(GHashTable) sent = g_hash_table_new_full (
    g_str_hash, g_str_equal, g_free, free_string);
  g_autoptr(GHashTable) read = g_hash_table_new_full (
    g_str_hash, g_str_equal, g_free, free_string);
  GHashTableIter iter;
  gpointer k, v;

  for (guint i = 0; i < n && !run->failed; i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      guint host = seqack_trace_get_event_host (trace, i);
      SeqackSocketKey key;

      if (ev->kind == SEQACK_EVENT_SEGMENT)
        {
          guint to = seqack_trace_get_segment_receiver (trace, i);

          if (host == SEQACK_HOST_FLOOD && ev->flags != SEQACK_TCP_SYN)
            fail (run, i, "the flood sent more than a SYN");
          if (!seqack_lab_has_host (lab, to) || !seqack_lab_has_host (lab,
                                                                      host))
            fail (run, i, "a segment between hosts %u and %u, not both on "
                  "the wire", host, to);
          continue;
        }
      if (!seqack_trace_get_socket (trace, i, &key))
        continue;

      if (ev->kind == SEQACK_EVENT_STATE)
        {
          g_autofree char *id = socket_id (host, &key);
          gpointer before;

          if (seqack_socket_key_is_listener (&key) &&
              ev->side == SEQACK_SERVER && ev->to != SEQACK_TCP_LISTEN)
            fail (run, i, "the listener left LISTEN for %s",
                  seqack_tcp_state_name (ev->to));
          if (g_hash_table_lookup_extended (last_to, id, NULL, &before) &&
              GPOINTER_TO_UINT (before) != SEQACK_TCP_CLOSED &&
              GPOINTER_TO_UINT (before) != ev->from &&
              /* A 4-tuple in TIME-WAIT taken over by a new SYN. */
              !(GPOINTER_TO_UINT (before) == SEQACK_TCP_TIME_WAIT &&
                ev->from == SEQACK_TCP_LISTEN))
            fail (run, i, "socket %s went %s → %s after reaching %s", id,
                  seqack_tcp_state_name (ev->from),
                  seqack_tcp_state_name (ev->to),
                  seqack_tcp_state_name (GPOINTER_TO_UINT (before)));
          g_hash_table_insert (last_to, g_steal_pointer (&id),
                               GUINT_TO_POINTER ((guint) ev->to));
        }
      else if (ev->kind == SEQACK_EVENT_ACTION &&
               ev->from == SEQACK_ACTION_SEND && ev->side == SEQACK_CLIENT)
        {
          g_autofree char *id = stream_id (host, key.local_port);
          GString *bytes = g_hash_table_lookup (sent, id);
          gsize len = 0;
          const guint8 *text = seqack_trace_get_data (trace, i, &len);

          if (bytes == NULL)
            {
              bytes = g_string_new (NULL);
              g_hash_table_insert (sent, g_strdup (id), bytes);
            }
          g_string_append_len (bytes, (const char *) text, len);
        }
      else if (ev->kind == SEQACK_EVENT_DATA && ev->side == SEQACK_SERVER)
        {
          guint client = key.remote_addr == 0 ? SEQACK_CLIENT
                                              : host_of_addr (key.remote_addr);
          g_autofree char *id = stream_id (client, key.remote_port);
          GString *bytes = g_hash_table_lookup (read, id);
          gsize len = 0;
          const guint8 *data = seqack_trace_get_data (trace, i, &len);

          if (bytes == NULL)
            {
              bytes = g_string_new (NULL);
              g_hash_table_insert (read, g_strdup (id), bytes);
            }
          g_string_append_len (bytes, (const char *) data, len);
        }
    }

  /* What each connection's server read is what its client sent, so far. */
  g_hash_table_iter_init (&iter, read);
  while (!run->failed && g_hash_table_iter_next (&iter, &k, &v))
    {
      GString *got = v;
      GString *want = g_hash_table_lookup (sent, k);

      if (want == NULL || got->len > want->len ||
          memcmp (got->str, want->str, got->len) != 0)
        fail (run, n, "the server read %" G_GSIZE_FORMAT " bytes on %s "
              "that its client did not send in that order",
              got->len, (const char *) k);
    }
  if (seqack_trace_count_sockets (trace, n, SEQACK_SERVER,
                                  SEQACK_TCP_LISTEN) != 1)
    fail (run, n, "the server has %u listeners",
          seqack_trace_count_sockets (trace, n, SEQACK_SERVER,
                                      SEQACK_TCP_LISTEN));
}

static void
run_seed (guint64 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) (seed * 40503u));
  g_autoptr(SeqackLab) lab = NULL;
  SeqackLabConfig config;
  Run run = { seed, FALSE };
  guint n_actions;

  seqack_lab_config_init (&config);
  config.seed = seed;
  config.loss_rate = g_rand_boolean (rand) ? 0.0
                     : g_rand_double_range (rand, 0.0, 0.2);
  config.syn_cookies = (guint8) g_rand_int_range (rand, 0, 3);
  lab = seqack_lab_new (&config);

  g_assert_true (seqack_lab_perform (lab, SEQACK_SERVER,
                                     SEQACK_ACTION_LISTEN,
                                     g_rand_int_range (rand, 1, 9), NULL,
                                     NULL));
  n_actions = g_rand_int_range (rand, 10, 60);
  for (guint a = 0; a < n_actions; a++)
    {
      guint pick = g_rand_int_range (rand, 0, 100);
      guint n_clients = 1;
      guint client;
      char text[32];

      while (seqack_lab_has_host (lab, SEQACK_HOST_CLIENT_2 + n_clients - 1))
        n_clients++;
      client = g_rand_int_range (rand, 0, n_clients);
      client = client == 0 ? SEQACK_CLIENT : SEQACK_HOST_CLIENT_2 + client - 1;
      g_snprintf (text, sizeof text, "%u:%u.", client, a);

      /* Refusals (a closed connection, a full lab) are fine: what is
       * checked is what happens. */
      if (pick < 8)
        seqack_lab_perform (lab, client, SEQACK_ACTION_ADD_CLIENT, 0, NULL,
                            NULL);
      else if (pick < 25)
        /* From a new port each time: each connection is its own
         * 4-tuple, so the bytes it carries are told apart by port (a
         * 4-tuple taken over is another test's). */
        seqack_lab_perform (lab, client, SEQACK_ACTION_CONNECT, 1, NULL,
                            NULL);
      else if (pick < 50)
        seqack_lab_perform (lab, client, SEQACK_ACTION_SEND, 0, text, NULL);
      else if (pick < 56)
        seqack_lab_perform (lab, client, g_rand_boolean (rand)
                            ? SEQACK_ACTION_CLOSE : SEQACK_ACTION_ABORT, 0,
                            NULL, NULL);
      else if (pick < 62)
        {
          /* The server answers on one of its connections, never on the
           * listener. */
          if (seqack_lab_perform (lab, SEQACK_SERVER, SEQACK_ACTION_SELECT,
                                  g_rand_int_range (rand, 1, 12), NULL,
                                  NULL))
            seqack_lab_perform (lab, SEQACK_SERVER, g_rand_boolean (rand)
                                ? SEQACK_ACTION_SEND : SEQACK_ACTION_CLOSE,
                                0, "reply", NULL);
        }
      else if (pick < 68)
        seqack_lab_perform (lab, SEQACK_HOST_FLOOD, SEQACK_ACTION_FLOOD,
                            g_rand_boolean (rand)
                            ? g_rand_int_range (rand, 1, 200) : 0,
                            NULL, NULL);
      else if (pick < 72)
        seqack_lab_perform (lab, SEQACK_SERVER,
                            SEQACK_ACTION_SET_SYNCOOKIES,
                            g_rand_int_range (rand, 0, 3), NULL, NULL);
      else if (pick < 76)
        seqack_lab_perform (lab, client, SEQACK_ACTION_DROP_NEXT, 0, NULL,
                            NULL);
      else
        seqack_lab_run_until (lab, seqack_lab_get_now (lab) +
                              g_rand_int_range (rand, 0, 2000) * 1000);
    }
  seqack_lab_run_until (lab, seqack_lab_get_now (lab) +
                        10 * G_USEC_PER_SEC);
  check_trace (&run, lab);
}

static void
test_invariants (void)
{
  for (guint64 seed = 1; seed <= N_SEEDS; seed++)
    run_seed (seed);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/property/hosts/invariants", test_invariants);

  return g_test_run ();
}
