/* test-lab-more-hosts.c: clients beside the first one, and the SYN flood
 * (issue 17).
 *
 * One listener serves several hosts: its connections are demultiplexed
 * by 4-tuple, so two clients on one port number never mix (RFC 9293
 * §3.10.7); the flood's spoofed SYNs fill the SYN queue (RFC 4987 §2)
 * and SYN cookies let a real client in past it (RFC 4987 §3.6).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lab-test-util.h"
#include "seqack-bytes.h"
#include "seqack-error.h"
#include "seqack-trace-sockets.h"

static void
perform_ok (SeqackLab    *lab,
            guint         host,
            SeqackAction  action,
            gint64        number,
            const char   *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (seqack_lab_perform (lab, host, action, number, text,
                                     &error));
  g_assert_no_error (error);
  g_assert_true (seqack_lab_run_until_settled (lab, 10 * G_USEC_PER_SEC));
}

/* The segments @host sent that carry exactly @flags. */
static guint
count_sent (SeqackTrace *trace,
            guint        host,
            guint8       flags)
{
  guint n = 0;

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_SEGMENT && ev->flags == flags &&
          seqack_trace_get_event_host (trace, i) == host)
        n++;
    }
  return n;
}

/* RFC 9293 §3.10.7: two hosts connect to one listener; each segment
 * reaches the connection of its 4-tuple, the listener stays LISTEN, and
 * every event names the host it happened on. */
static void
test_rfc9293_3_10_7_two_clients_one_listener (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (7);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr(GArray) rows = NULL;
  gboolean listener = FALSE, with_client = FALSE, with_client_2 = FALSE;
  gboolean json_src = FALSE, json_dst = FALSE;

  g_assert_false (seqack_lab_has_host (lab, SEQACK_HOST_CLIENT_2));
  perform_ok (lab, SEQACK_CLIENT, SEQACK_ACTION_ADD_CLIENT, 0, NULL);
  g_assert_true (seqack_lab_has_host (lab, SEQACK_HOST_CLIENT_2));
  g_assert_true (seqack_trace_has_host (trace, SEQACK_HOST_CLIENT_2));
  perform_ok (lab, SEQACK_SERVER, SEQACK_ACTION_LISTEN, 0, NULL);
  perform_ok (lab, SEQACK_CLIENT, SEQACK_ACTION_CONNECT, 0, NULL);
  perform_ok (lab, SEQACK_HOST_CLIENT_2, SEQACK_ACTION_CONNECT, 0, NULL);
  perform_ok (lab, SEQACK_HOST_CLIENT_2, SEQACK_ACTION_SEND, 0, "two");

  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_HOST_CLIENT_2), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_HOST_CLIENT_2 + 1),
                   ==, SEQACK_TCP_CLOSED);

  /* The server's table: its listener and one connection per host. */
  rows = seqack_trace_list_sockets (trace, seqack_trace_get_n_events (trace),
                                    SEQACK_SERVER);
  for (guint i = 0; i < rows->len; i++)
    {
      const SeqackSocketRow *row = &g_array_index (rows, SeqackSocketRow, i);

      if (seqack_socket_key_is_listener (&row->key))
        listener = row->state == SEQACK_TCP_LISTEN;
      else if (row->key.remote_addr == 0)
        with_client = row->state == SEQACK_TCP_ESTABLISHED;
      else if (row->key.remote_addr == 0xc0000203u)
        with_client_2 = row->state == SEQACK_TCP_ESTABLISHED;
    }
  g_assert_true (listener);
  g_assert_true (with_client);
  g_assert_true (with_client_2);

  /* client-2's SYN comes from its own lifeline; the server's SYN,ACK to
   * it goes there. */
  g_assert_cmpuint (count_sent (trace, SEQACK_HOST_CLIENT_2,
                                SEQACK_TCP_SYN), ==, 1);
  g_assert_cmpuint (count_sent (trace, SEQACK_CLIENT, SEQACK_TCP_SYN), ==, 1);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      g_autofree char *json = lab_test_json (trace, i);

      if (ev->kind != SEQACK_EVENT_SEGMENT)
        continue;
      if (ev->side == SEQACK_SERVER &&
          seqack_trace_get_segment_receiver (trace, i) ==
          SEQACK_HOST_CLIENT_2)
        json_dst = json_dst ||
                   strstr (json, "\"src\":\"server\",\"dst\":\"client-2\"")
                   != NULL;
      if (seqack_trace_get_event_host (trace, i) == SEQACK_HOST_CLIENT_2)
        json_src = json_src ||
                   strstr (json, "\"src\":\"client-2\",\"dst\":\"server\"")
                   != NULL;
    }
  g_assert_true (json_src);
  g_assert_true (json_dst);
  {
    g_autofree char *json = NULL;
    int data = lab_test_find (trace, SEQACK_EVENT_DATA, SEQACK_SERVER, -1,
                              0);

    g_assert_cmpint (data, >=, 0);
    json = lab_test_json (trace, (guint) data);
    g_assert_nonnull (strstr (json, "\"remote\":\"192.0.2.3:"));
  }
}

/* Up to client-8, then a clear error; a host not on the wire refuses
 * every call and leaves the trace as it was. */
static void
test_add_clients_limit (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (3);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr(GError) error = NULL;
  guint n;

  g_assert_false (seqack_lab_perform (lab, SEQACK_HOST_CLIENT_2,
                                      SEQACK_ACTION_CONNECT, 0, NULL,
                                      &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "client-2"));
  g_clear_error (&error);
  g_assert_cmpuint (seqack_trace_get_n_events (trace), ==, 0);

  for (guint h = SEQACK_HOST_CLIENT_2; h <= SEQACK_HOST_LAST_CLIENT; h++)
    {
      SeqackEndpoint ep;

      perform_ok (lab, SEQACK_CLIENT, SEQACK_ACTION_ADD_CLIENT, 0, NULL);
      g_assert_true (seqack_lab_has_host (lab, h));
      seqack_trace_get_host_endpoint (trace, h, &ep);
      g_assert_cmpuint (ep.addr[3], ==, h + 1);  /* 192.0.2.3 … .9 */
    }
  n = seqack_trace_get_n_events (trace);
  g_assert_false (seqack_lab_perform (lab, SEQACK_CLIENT,
                                      SEQACK_ACTION_ADD_CLIENT, 0, NULL,
                                      &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (seqack_trace_get_n_events (trace), ==, n);

  /* The flood keeps no sockets: it cannot connect. */
  g_assert_false (seqack_lab_perform (lab, SEQACK_HOST_FLOOD,
                                      SEQACK_ACTION_CONNECT, 0, NULL,
                                      &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);
}

/* RFC 4987 §2: the flood's SYNs fill the SYN queue; with cookies off a
 * real client's SYN is dropped; the listener stays LISTEN; the server's
 * SYN,ACKs go to the spoofed addresses and are never answered; a
 * scenario step still settles while the flood goes on. */
static void
test_rfc4987_flood_fills_syn_queue (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (11);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  guint flood_syns, client_syns = 0, dropped = 0, to_flood = 0;
  gboolean from_flood_net = TRUE;

  perform_ok (lab, SEQACK_SERVER, SEQACK_ACTION_SET_SYNCOOKIES, 0, NULL);
  perform_ok (lab, SEQACK_SERVER, SEQACK_ACTION_LISTEN, 4, NULL);
  perform_ok (lab, SEQACK_HOST_FLOOD, SEQACK_ACTION_FLOOD, 20, NULL);
  g_assert_true (seqack_lab_has_host (lab, SEQACK_HOST_FLOOD));
  perform_ok (lab, SEQACK_CLIENT, SEQACK_ACTION_PAUSE, G_USEC_PER_SEC / 2,
              NULL);
  perform_ok (lab, SEQACK_CLIENT, SEQACK_ACTION_CONNECT, 0, NULL);
  perform_ok (lab, SEQACK_CLIENT, SEQACK_ACTION_PAUSE, 2 * G_USEC_PER_SEC,
              NULL);

  /* 20 a second for 2.5 s, from the flood's own lifeline. */
  flood_syns = count_sent (trace, SEQACK_HOST_FLOOD, SEQACK_TCP_SYN);
  g_assert_cmpuint (flood_syns, >=, 49);
  g_assert_cmpuint (flood_syns, <=, 51);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      SeqackPacket packet;

      if (ev->kind != SEQACK_EVENT_SEGMENT)
        continue;
      lab_test_decode (trace, i, &packet);
      if (seqack_trace_get_event_host (trace, i) == SEQACK_HOST_FLOOD)
        from_flood_net = from_flood_net &&
                         (packet.ip4.src & 0xffffff00u) == 0xc6336400u;
      if (ev->side == SEQACK_SERVER &&
          seqack_trace_get_segment_receiver (trace, i) == SEQACK_HOST_FLOOD)
        to_flood++;
      if (seqack_trace_get_event_host (trace, i) == SEQACK_CLIENT &&
          ev->flags == SEQACK_TCP_SYN)
        {
          client_syns++;
          dropped += (ev->marks & SEQACK_MARK_QUEUE_DROP) != 0;
        }
    }
  g_assert_true (from_flood_net);
  /* Four half-open connections, each SYN,ACK resent after 1 s and 2 s
   * more: never answered. */
  g_assert_cmpuint (to_flood, >=, 4 * 2);
  /* The client's SYN and its resend after 1 s: both dropped. */
  g_assert_cmpuint (client_syns, ==, 2);
  g_assert_cmpuint (dropped, ==, 2);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_SYN_SENT);
  g_assert_cmpuint (seqack_trace_count_sockets (trace,
                                                seqack_trace_get_n_events (
                                                  trace),
                                                SEQACK_SERVER,
                                                SEQACK_TCP_LISTEN), ==, 1);
  g_assert_cmpuint (seqack_trace_count_sockets (trace,
                                                seqack_trace_get_n_events (
                                                  trace),
                                                SEQACK_SERVER,
                                                SEQACK_TCP_SYN_RECEIVED), ==,
                    4);

  /* Skip Wait works during a flood: it waits for the others only. */
  g_assert_cmpuint (seqack_lab_get_n_in_flight (lab), ==,
                    seqack_lab_get_n_flood_in_flight (lab));
  {
    gint64 before = seqack_lab_get_now (lab);

    g_assert_true (seqack_lab_perform (lab, SEQACK_CLIENT,
                                       SEQACK_ACTION_SKIP_WAIT, 0, NULL,
                                       NULL));
    g_assert_cmpint (seqack_lab_get_now (lab), >, before);
  }
  flood_syns = count_sent (trace, SEQACK_HOST_FLOOD, SEQACK_TCP_SYN);

  /* Off: no SYN after it. */
  perform_ok (lab, SEQACK_HOST_FLOOD, SEQACK_ACTION_FLOOD, 0, NULL);
  perform_ok (lab, SEQACK_CLIENT, SEQACK_ACTION_PAUSE, G_USEC_PER_SEC,
              NULL);
  g_assert_cmpuint (count_sent (trace, SEQACK_HOST_FLOOD, SEQACK_TCP_SYN),
                    ==, flood_syns);
}

/* RFC 4987 §3.6: with SYN cookies on, a client connects at once through
 * the same flood: the SYN,ACK carries a cookie and the returning ACK
 * rebuilds the connection. */
static void
test_rfc4987_cookies_get_through_flood (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (11);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  gint64 connected;

  perform_ok (lab, SEQACK_SERVER, SEQACK_ACTION_SET_SYNCOOKIES, 1, NULL);
  perform_ok (lab, SEQACK_SERVER, SEQACK_ACTION_LISTEN, 4, NULL);
  perform_ok (lab, SEQACK_HOST_FLOOD, SEQACK_ACTION_FLOOD, 50, NULL);
  perform_ok (lab, SEQACK_CLIENT, SEQACK_ACTION_PAUSE, G_USEC_PER_SEC / 2,
              NULL);
  perform_ok (lab, SEQACK_CLIENT, SEQACK_ACTION_ADD_CLIENT, 0, NULL);
  connected = seqack_lab_get_now (lab);
  perform_ok (lab, SEQACK_HOST_CLIENT_2, SEQACK_ACTION_CONNECT, 0, NULL);
  /* One round trip (2 × 20 ms), and the flood never stopped. */
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_HOST_CLIENT_2), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (seqack_lab_get_now (lab) - connected, <=, 100000);
  {
    int synack = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_SERVER,
                                SEQACK_TCP_SYN | SEQACK_TCP_ACK, 0);
    gboolean cookie_to_client_2 = FALSE;

    g_assert_cmpint (synack, >=, 0);
    for (guint i = (guint) synack; i < seqack_trace_get_n_events (trace);
         i++)
      if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT &&
          seqack_trace_get_segment_receiver (trace, i) ==
          SEQACK_HOST_CLIENT_2 &&
          (seqack_trace_get_event (trace, i)->edge & SEQACK_WHY_SYN_COOKIE))
        cookie_to_client_2 = TRUE;
    g_assert_true (cookie_to_client_2);
  }
}

/* The built-in scenarios: two clients on one listener; the flood with
 * cookies off, then on. */
static void
test_builtin_scenarios (void)
{
  g_autoptr(SeqackLab) two = lab_test_run_builtin ("two-clients");
  g_autoptr(SeqackLab) flood = lab_test_run_builtin ("syn-flood");
  SeqackTrace *trace = seqack_lab_get_trace (two);
  guint n = seqack_trace_get_n_events (trace);

  g_assert_true (seqack_trace_has_host (trace, SEQACK_HOST_CLIENT_2));
  g_assert_cmpuint (seqack_trace_count_sockets (trace, n, SEQACK_SERVER,
                                                SEQACK_TCP_LISTEN), ==, 1);
  g_assert_cmpuint (count_sent (trace, SEQACK_HOST_CLIENT_2,
                                SEQACK_TCP_SYN), ==, 1);

  trace = seqack_lab_get_trace (flood);
  g_assert_true (seqack_trace_has_host (trace, SEQACK_HOST_FLOOD));
  g_assert_cmpuint (count_sent (trace, SEQACK_HOST_FLOOD, SEQACK_TCP_SYN),
                    >=, 30);
  /* The client's SYN resent after client-2 connected carries the
   * client's own variables in JSON (SYN-SENT: nothing of the peer), not
   * client-2's, its side's last. */
  {
    gboolean checked = FALSE;
    gboolean client_2_up = FALSE;

    for (guint i = 0; i < seqack_trace_get_n_events (trace) && !checked;
         i++)
      {
        const SeqackEvent *ev = seqack_trace_get_event (trace, i);

        if (ev->kind != SEQACK_EVENT_SEGMENT)
          continue;
        if (seqack_trace_get_event_host (trace, i) == SEQACK_HOST_CLIENT_2 &&
            ev->flags == SEQACK_TCP_ACK)
          client_2_up = TRUE;
        if (client_2_up &&
            seqack_trace_get_event_host (trace, i) == SEQACK_CLIENT &&
            ev->flags == SEQACK_TCP_SYN)
          {
            g_autofree char *json = lab_test_json (trace, i);

            g_assert_nonnull (strstr (json, "\"snd_una\":0,\"snd_nxt\":1,"
                                            "\"snd_wnd\":null,"
                                            "\"rcv_nxt\":null"));
            checked = TRUE;
          }
      }
    g_assert_true (checked);
  }
  /* Both real clients got in once cookies were on. */
  g_assert_cmpint (seqack_lab_get_state (flood, SEQACK_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (seqack_lab_get_state (flood, SEQACK_HOST_CLIENT_2), ==,
                   SEQACK_TCP_ESTABLISHED);
}

/* The key of the socket SEGMENT event @index reached on its receiver
 * @host (what that socket's own events are named with). */
static void
receiver_key (SeqackTrace     *trace,
              guint            index,
              guint            host,
              SeqackSocketKey *key)
{
  SeqackPacket packet;
  SeqackEndpoint peer;

  g_assert_true (seqack_trace_decode_segment (trace, index, &packet, NULL));
  seqack_trace_get_host_endpoint (trace,
                                  SEQACK_OTHER_SIDE (seqack_host_side (host)),
                                  &peer);
  key->local_port = packet.tcp.dst_port;
  key->remote_port = packet.tcp.src_port;
  key->remote_addr = packet.ip4.src == seqack_read_be32 (peer.addr)
                     ? 0 : packet.ip4.src;
}

static gboolean
vars_equal (const SeqackTcpVars *a,
            const SeqackTcpVars *b)
{
  return memcmp (a, b, sizeof *a) == 0;
}

/* Every connection's variables at each point are its own TCB's: at the
 * end of each step, each connection in the socket tables reads what its
 * TCB holds; and over the whole trace a connection's variables change
 * only at its own events, or where a segment reached it. */
static void
test_own_vars (gconstpointer data)
{
  const char *name = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackLab) lab = NULL;
  g_autoptr(GHashTable) changes = g_hash_table_new (NULL, NULL);
  SeqackScenario *scenario = seqack_scenario_builtin (name, &error);
  SeqackLabConfig config;
  SeqackTrace *trace;
  GArray *keys;     /* SeqackSocketRow: every connection seen */
  guint n, n_compared = 0, n_foreign = 0;

  g_assert_no_error (error);
  seqack_lab_config_init (&config);
  seqack_scenario_apply_config (scenario, &config);
  lab = seqack_lab_new (&config);
  trace = seqack_lab_get_trace (lab);
  keys = g_array_new (FALSE, FALSE, sizeof (SeqackSocketRow));

  for (guint step = 0; step < seqack_scenario_get_n_steps (scenario); step++)
    {
      g_assert_true (seqack_scenario_run_step (scenario, step, lab, &error));
      g_assert_no_error (error);
      n = seqack_trace_get_n_events (trace);
      for (guint s = 0; s < 2; s++)
        {
          g_autoptr(GArray) rows = seqack_trace_list_sockets (trace, n, s);

          for (guint r = 0; r < rows->len; r++)
            {
              const SeqackSocketRow *row = &g_array_index (rows,
                                                           SeqackSocketRow,
                                                           r);
              SeqackTcpVars tcb, recorded;

              if (seqack_socket_key_is_listener (&row->key) ||
                  !seqack_lab_get_socket_vars (lab, row->host, &row->key,
                                               &tcb))
                continue;
              g_assert_true (seqack_trace_get_socket_vars (trace, n - 1,
                                                           row->host,
                                                           &row->key,
                                                           &recorded));
              g_assert_true (vars_equal (&tcb, &recorded));
              g_array_append_val (keys, *row);
              n_compared++;
            }
        }
    }
  seqack_scenario_free (scenario);
  g_assert_cmpuint (n_compared, >, 0);

  /* Where each connection may change: its own events, and from the
   * event before the first one a segment's arrival at it caused to the
   * last of that instant. */
  n = seqack_trace_get_n_events (trace);
  for (guint i = 0; i < n; i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      SeqackSocketKey key;
      guint host = seqack_trace_get_event_host (trace, i);

      if (seqack_trace_get_socket (trace, i, &key))
        for (guint k = 0; k < keys->len; k++)
          {
            SeqackSocketRow *row = &g_array_index (keys, SeqackSocketRow, k);

            if (row->host == host &&
                memcmp (&row->key, &key, sizeof key) == 0)
              g_hash_table_add (changes,
                                GUINT_TO_POINTER ((i << 8) | (k + 1)));
          }
      if (ev->kind == SEQACK_EVENT_SEGMENT &&
          seqack_trace_get_arrival_event (trace, i) != G_MAXUINT)
        {
          guint to = seqack_trace_get_segment_receiver (trace, i);
          guint at = seqack_trace_get_arrival_event (trace, i);

          receiver_key (trace, i, to, &key);
          for (guint k = 0; k < keys->len && at > 0; k++)
            {
              SeqackSocketRow *row = &g_array_index (keys, SeqackSocketRow, k);

              /* Noted once it was taken in, after the events it
               * caused at that instant. */
              if (row->host == to &&
                  memcmp (&row->key, &key, sizeof key) == 0)
                for (guint j = at - 1;
                     j < n && seqack_trace_get_event (trace, j)->t <= ev->t2;
                     j++)
                  g_hash_table_add (changes,
                                    GUINT_TO_POINTER ((j << 8) | (k + 1)));
            }
        }
    }
  g_assert_cmpuint (keys->len, <, 255);
  for (guint k = 0; k < keys->len; k++)
    {
      SeqackSocketRow *row = &g_array_index (keys, SeqackSocketRow, k);
      SeqackTcpVars before = { 0 }, after;
      gboolean had = FALSE;

      for (guint i = 0; i < n; i++)
        {
          SeqackTcpVars side;
          gboolean has = seqack_trace_get_socket_vars (trace, i, row->host,
                                                       &row->key, &after);

          if (has && (!had || !vars_equal (&before, &after)))
            g_assert_true (g_hash_table_contains (
                             changes, GUINT_TO_POINTER ((i << 8) | (k + 1))));
          /* Where the host's variables are another connection's. */
          if (has && seqack_trace_get_host_vars (trace, i, row->host, &side) &&
              !vars_equal (&side, &after))
            n_foreign++;
          had = has;
          before = after;
        }
    }
  /* The scenario has several connections on a host at once. */
  g_assert_cmpuint (n_foreign, >, 0);
  g_array_unref (keys);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/more-hosts/rfc9293-3.10.7-two-clients-one-listener",
                   test_rfc9293_3_10_7_two_clients_one_listener);
  g_test_add_func ("/lab/more-hosts/add-clients-limit",
                   test_add_clients_limit);
  g_test_add_func ("/lab/more-hosts/rfc4987-flood-fills-syn-queue",
                   test_rfc4987_flood_fills_syn_queue);
  g_test_add_func ("/lab/more-hosts/rfc4987-cookies-get-through-flood",
                   test_rfc4987_cookies_get_through_flood);
  g_test_add_func ("/lab/more-hosts/builtin-scenarios",
                   test_builtin_scenarios);
  g_test_add_data_func ("/lab/more-hosts/own-vars/syn-flood", "syn-flood",
                        test_own_vars);
  g_test_add_data_func ("/lab/more-hosts/own-vars/two-clients",
                        "two-clients", test_own_vars);
  g_test_add_data_func ("/lab/more-hosts/own-vars/server-time-wait",
                        "server-time-wait", test_own_vars);
  g_test_add_data_func ("/lab/more-hosts/own-vars/two-connections",
                        "two-connections", test_own_vars);

  return g_test_run ();
}
