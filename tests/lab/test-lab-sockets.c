/* test-lab-sockets.c: each event names its socket, and a host's socket
 * table (what `ss -tan` prints) follows the Trace (issue 17).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lab-test-util.h"
#include "seqack-trace-format.h"
#include "seqack-session.h"
#include "seqack-trace-sockets.h"

static const SeqackSocketRow *
row_at (GArray *rows,
        guint   i)
{
  g_assert_cmpuint (i, <, rows->len);
  return &g_array_index (rows, SeqackSocketRow, i);
}

/* Index of @side's @nth state event into @to, or -1. */
static int
find_state (SeqackTrace    *trace,
            SeqackSide      side,
            SeqackTcpState  to,
            guint           nth)
{
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_STATE && ev->side == side &&
          ev->to == to && nth-- == 0)
        return (int) i;
    }
  return -1;
}

/* The listener is named "*:*"; the connection it spawns has its peer;
 * the client's events name the client's port. */
static void
test_events_name_sockets (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("handshake");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  int listen = find_state (trace, SEQACK_SERVER, SEQACK_TCP_LISTEN, 0);
  int rcvd = find_state (trace, SEQACK_SERVER, SEQACK_TCP_SYN_RECEIVED, 0);
  int sent = find_state (trace, SEQACK_CLIENT, SEQACK_TCP_SYN_SENT, 0);
  int syn = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_CLIENT,
                           SEQACK_TCP_SYN, 0);
  SeqackSocketKey key, seg;
  g_autofree char *json = NULL;

  g_assert_cmpint (listen, >=, 0);
  g_assert_cmpint (rcvd, >, listen);
  g_assert_cmpint (sent, >=, 0);

  g_assert_true (seqack_trace_get_socket (trace, listen, &key));
  g_assert_true (seqack_socket_key_is_listener (&key));
  g_assert_cmpuint (key.local_port, ==, 80);
  json = lab_test_json (trace, listen);
  g_assert_nonnull (strstr (json, "\"host\":\"server\","
                                  "\"local\":\"192.0.2.2:80\","
                                  "\"remote\":\"*:*\","));
  g_clear_pointer (&json, g_free);

  /* The SYN's ports are the client's socket, as its own events say. */
  g_assert_true (seqack_trace_get_socket (trace, syn, &seg));
  g_assert_true (seqack_trace_get_socket (trace, sent, &key));
  g_assert_cmpuint (seg.local_port, ==, key.local_port);
  g_assert_cmpuint (seg.remote_port, ==, 80);
  g_assert_cmpuint (key.remote_port, ==, 80);
  g_assert_cmpuint (seg.remote_addr, ==, 0);   /* the other side's */
  g_assert_false (seqack_socket_key_is_listener (&key));

  g_assert_true (seqack_trace_get_socket (trace, rcvd, &key));
  g_assert_cmpuint (key.local_port, ==, 80);
  g_assert_cmpuint (key.remote_port, ==, seg.local_port);
  json = lab_test_json (trace, rcvd);
  {
    g_autofree char *want =
      g_strdup_printf ("\"local\":\"192.0.2.2:80\","
                       "\"remote\":\"192.0.2.1:%u\"", seg.local_port);

    g_assert_nonnull (strstr (json, want));
  }
}

/* The listener's queues as Linux keeps them: the SYN puts a connection
 * in the SYN queue, the final ACK moves it to the accept queue, and the
 * application takes it at once. */
static void
test_queue_events (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("handshake");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  GString *seen = g_string_new (NULL);
  g_autofree char *queues = NULL;
  g_autofree char *json = NULL;

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      SeqackSocketKey key;

      if (ev->kind != SEQACK_EVENT_QUEUE)
        continue;
      g_assert_cmpuint (ev->side, ==, SEQACK_SERVER);
      g_assert_true (seqack_trace_get_socket (trace, i, &key));
      g_assert_true (seqack_socket_key_is_listener (&key));
      g_string_append_printf (seen, "%u/%u ", ev->number, ev->window);
    }
  queues = g_string_free (seen, FALSE);
  /* Empty at listen(), then the handshake. */
  g_assert_cmpstr (queues, ==, "0/0 1/0 0/1 0/0 ");
  json = lab_test_json (trace, lab_test_find (trace, SEQACK_EVENT_QUEUE,
                                        SEQACK_SERVER, -1, 1));
  g_assert_cmpstr (json, ==,
                   "{\"event\":\"queue\",\"t\":0.02,\"host\":\"server\","
                   "\"local\":\"192.0.2.2:80\",\"remote\":\"*:*\","
                   "\"syn_queue\":1,\"accept_queue\":0,\"backlog\":4}");
}

/* The socket tables through `reconnect`: the server's listener stays,
 * its connections come and go; the client's first connection waits in
 * TIME-WAIT while the second runs from a new port. */
static void
test_tables_follow_trace (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("reconnect");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  guint n = seqack_trace_get_n_events (trace);
  int rcvd = find_state (trace, SEQACK_SERVER, SEQACK_TCP_SYN_RECEIVED, 0);
  int second_syn = lab_test_find (trace, SEQACK_EVENT_SEGMENT,
                                  SEQACK_CLIENT, SEQACK_TCP_SYN, 1);
  g_autoptr(GArray) server = NULL;
  g_autoptr(GArray) client = NULL;
  SeqackSocketKey first, second;
  guint tw;

  g_assert_true (seqack_trace_get_socket (trace,
                                          lab_test_find (trace,
                                                         SEQACK_EVENT_SEGMENT,
                                                         SEQACK_CLIENT,
                                                         SEQACK_TCP_SYN, 0),
                                          &first));
  g_assert_true (seqack_trace_get_socket (trace, second_syn, &second));
  g_assert_cmpuint (first.local_port, !=, second.local_port);

  /* Nothing before the first state event; the backlog from listen() on. */
  server = seqack_trace_list_sockets (trace, 0, SEQACK_SERVER);
  g_assert_cmpuint (server->len, ==, 0);
  g_clear_pointer (&server, g_array_unref);
  server = seqack_trace_list_sockets (trace,
                                      find_state (trace, SEQACK_SERVER,
                                                  SEQACK_TCP_LISTEN, 0) + 1,
                                      SEQACK_SERVER);
  g_assert_cmpuint (server->len, ==, 1);
  g_assert_cmpuint (row_at (server, 0)->send_q, ==, 0);
  g_clear_pointer (&server, g_array_unref);
  server = seqack_trace_list_sockets (trace,
                                      lab_test_find (trace, SEQACK_EVENT_QUEUE,
                                                     SEQACK_SERVER, -1, 0) + 1,
                                      SEQACK_SERVER);
  g_assert_cmpuint (row_at (server, 0)->send_q, ==, 4);
  g_clear_pointer (&server, g_array_unref);

  /* Right after the SYN reached the listener: it, and a half-open
   * connection in its SYN queue. */
  server = seqack_trace_list_sockets (trace,
                                      lab_test_find (trace, SEQACK_EVENT_QUEUE,
                                                     SEQACK_SERVER, -1, 1) + 1,
                                      SEQACK_SERVER);
  g_assert_cmpuint (server->len, ==, 2);
  g_assert_cmpint (row_at (server, 0)->state, ==, SEQACK_TCP_LISTEN);
  g_assert_true (seqack_socket_key_is_listener (&row_at (server, 0)->key));
  g_assert_cmpuint (row_at (server, 0)->syn_queue, ==, 1);
  g_assert_cmpuint (row_at (server, 0)->recv_q, ==, 0);
  g_assert_cmpuint (row_at (server, 0)->send_q, ==, 4);   /* the backlog */
  g_assert_cmpint (row_at (server, 1)->state, ==, SEQACK_TCP_SYN_RECEIVED);
  g_assert_cmpuint (row_at (server, 1)->key.remote_port, ==,
                    first.local_port);
  g_assert_cmpuint (row_at (server, 1)->first_event, ==, (guint) rcvd);
  g_clear_pointer (&server, g_array_unref);

  /* At the end: the listener alone (its connections closed, the
   * client closed first), and the client's connections gone once their
   * TIME-WAITs ended. */
  server = seqack_trace_list_sockets (trace, n, SEQACK_SERVER);
  g_assert_cmpuint (server->len, ==, 1);
  g_assert_cmpint (row_at (server, 0)->state, ==, SEQACK_TCP_LISTEN);
  g_assert_cmpuint (row_at (server, 0)->syn_queue, ==, 0);
  client = seqack_trace_list_sockets (trace, n, SEQACK_CLIENT);
  g_assert_cmpuint (client->len, ==, 0);
  g_clear_pointer (&client, g_array_unref);

  /* When the second connection enters TIME-WAIT, the first still waits:
   * two of them. */
  tw = (guint) find_state (trace, SEQACK_CLIENT, SEQACK_TCP_TIME_WAIT, 1) + 1;
  client = seqack_trace_list_sockets (trace, tw, SEQACK_CLIENT);
  g_assert_cmpuint (client->len, ==, 2);
  g_assert_cmpint (row_at (client, 0)->state, ==, SEQACK_TCP_TIME_WAIT);
  g_assert_cmpint (row_at (client, 1)->state, ==, SEQACK_TCP_TIME_WAIT);
  g_assert_cmpuint (row_at (client, 0)->key.local_port, ==, first.local_port);
  g_assert_cmpuint (row_at (client, 1)->key.local_port, ==,
                    second.local_port);
  g_assert_cmpuint (seqack_trace_count_sockets (trace, tw, SEQACK_CLIENT,
                                                SEQACK_TCP_TIME_WAIT), ==, 2);
  g_assert_cmpuint (seqack_trace_count_sockets (trace, tw, SEQACK_SERVER,
                                                SEQACK_TCP_TIME_WAIT), ==, 0);

  /* While the second connection runs, the first still waits. */
  g_clear_pointer (&client, g_array_unref);
  client = seqack_trace_list_sockets (trace, second_syn + 1, SEQACK_CLIENT);
  g_assert_cmpuint (client->len, ==, 2);
  g_assert_cmpint (row_at (client, 0)->state, ==, SEQACK_TCP_TIME_WAIT);
  g_assert_cmpint (row_at (client, 1)->state, ==, SEQACK_TCP_SYN_SENT);
}

/* Recv-Q and Send-Q as ss shows them: bytes the application has not
 * read, bytes not acknowledged yet. */
static void
test_queues_of_connections (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) server = NULL;
  g_autoptr(GArray) client = NULL;
  SeqackTrace *trace = seqack_lab_get_trace (lab);

  g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, &error));
  g_assert_true (seqack_lab_perform (lab, SEQACK_SERVER,
                                     SEQACK_ACTION_READ_OFF, 0, NULL,
                                     &error));
  g_assert_true (seqack_lab_connect (lab, SEQACK_CLIENT, &error));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (5)));
  g_assert_true (seqack_lab_send (lab, SEQACK_CLIENT, "hello", &error));
  g_assert_no_error (error);

  /* Sent, not acknowledged yet. */
  client = seqack_trace_list_sockets (trace, seqack_trace_get_n_events (trace),
                                      SEQACK_CLIENT);
  g_assert_cmpuint (client->len, ==, 1);
  g_assert_cmpint (row_at (client, 0)->state, ==, SEQACK_TCP_ESTABLISHED);
  g_assert_cmpuint (row_at (client, 0)->send_q, ==, 5);

  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (5)));
  g_clear_pointer (&client, g_array_unref);
  client = seqack_trace_list_sockets (trace, seqack_trace_get_n_events (trace),
                                      SEQACK_CLIENT);
  g_assert_cmpuint (row_at (client, 0)->send_q, ==, 0);
  /* Received, and not read: the server's application stopped reading. */
  server = seqack_trace_list_sockets (trace, seqack_trace_get_n_events (trace),
                                      SEQACK_SERVER);
  g_assert_cmpuint (server->len, ==, 2);
  g_assert_cmpint (row_at (server, 1)->state, ==, SEQACK_TCP_ESTABLISHED);
  g_assert_cmpuint (row_at (server, 1)->recv_q, ==, 5);
}

/* A trace whose events name no socket (written by hand, or a capture)
 * has no table. */
static void
test_no_sockets (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  g_autoptr(GArray) rows = NULL;
  SeqackSocketKey key = { .local_port = 80 };
  guint i;

  i = seqack_trace_add_state (trace, 0, SEQACK_SERVER, SEQACK_TCP_CLOSED,
                              SEQACK_TCP_LISTEN, SEQACK_TCP_EDGE_NONE, 0);
  g_assert_false (seqack_trace_get_socket (trace, i, &key));
  rows = seqack_trace_list_sockets (trace, 1, SEQACK_SERVER);
  g_assert_cmpuint (rows->len, ==, 0);
  g_clear_pointer (&rows, g_array_unref);

  key = (SeqackSocketKey) { .local_port = 80 };
  seqack_trace_set_socket (trace, i, &key);
  rows = seqack_trace_list_sockets (trace, 1, SEQACK_SERVER);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpuint (row_at (rows, 0)->key.local_port, ==, 80);
}

/* A busy server closes first, request after request: each request comes
 * from a new client port, so its TIME-WAITs pile up beside its listener,
 * one per request, and nothing is refused or reset. */
static void
test_server_time_wait (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("server-time-wait");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr(GArray) server = NULL;
  g_autoptr(GHashTable) ports = g_hash_table_new (NULL, NULL);
  int third = find_state (trace, SEQACK_SERVER, SEQACK_TCP_TIME_WAIT, 2);
  guint n;

  g_assert_cmpint (third, >, 0);
  g_assert_cmpint (find_state (trace, SEQACK_SERVER, SEQACK_TCP_TIME_WAIT, 3),
                   <, 0);
  g_assert_cmpint (lab_test_find (trace, SEQACK_EVENT_SEGMENT, -1,
                                  SEQACK_TCP_RST | SEQACK_TCP_ACK, 0), <, 0);
  g_assert_cmpint (lab_test_find (trace, SEQACK_EVENT_SEGMENT, -1,
                                  SEQACK_TCP_RST, 0), <, 0);
  for (guint i = 0; i < 3; i++)
    {
      SeqackSocketKey key;

      g_assert_true (seqack_trace_get_socket (
        trace, lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_CLIENT,
                              SEQACK_TCP_SYN, i), &key));
      g_assert_cmpuint (key.local_port, >=, 32768);
      g_assert_cmpuint (key.local_port, <=, 60999);
      g_hash_table_add (ports, GUINT_TO_POINTER (key.local_port));
    }
  g_assert_cmpuint (g_hash_table_size (ports), ==, 3);

  /* When the third enters TIME-WAIT: the listener and three TIME-WAITs. */
  n = (guint) third + 1;
  server = seqack_trace_list_sockets (trace, n, SEQACK_SERVER);
  g_assert_cmpuint (server->len, ==, 4);
  g_assert_cmpint (row_at (server, 0)->state, ==, SEQACK_TCP_LISTEN);
  g_assert_cmpuint (seqack_trace_count_sockets (trace, n, SEQACK_SERVER,
                                                SEQACK_TCP_TIME_WAIT), ==, 3);
  g_assert_cmpuint (seqack_trace_count_sockets (trace, n, SEQACK_CLIENT,
                                                SEQACK_TCP_TIME_WAIT), ==, 0);
  for (guint i = 1; i < 4; i++)
    g_assert_true (g_hash_table_contains (
      ports, GUINT_TO_POINTER (row_at (server, i)->key.remote_port)));

  /* The ladder has a lane per client host, and a line says where each
   * connection starts, named by its host: three. */
  {
    g_autoptr(GString) ladder = g_string_new (NULL);
    const char *p;
    guint notes = 0;

    seqack_trace_format_text_header (trace, ladder);
    g_assert_nonnull (strstr (ladder->str, "client   client-2 client-3"));
    for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
      seqack_trace_format_text (trace, i, NULL, ladder);
    for (p = ladder->str; (p = strstr (p, "a new connection")) != NULL; p++)
      notes++;
    g_assert_cmpuint (notes, ==, 3);
  }
}

/* "connect new-port" reads, runs and is written back as such; anything
 * else after connect is an error that names it. */
static void
test_connect_new_port_syntax (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackScenario) scenario =
    seqack_scenario_parse ("server listen\nclient connect new-port\n"
                           "client connect\n", NULL, &error);
  g_autoptr(SeqackScenario) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (seqack_scenario_get_n_steps (scenario), ==, 3);
  g_assert_cmpint (seqack_scenario_get_step (scenario, 1)->action, ==,
                   SEQACK_ACTION_CONNECT);
  g_assert_cmpint (seqack_scenario_get_step (scenario, 1)->number, ==, 1);
  g_assert_cmpint (seqack_scenario_get_step (scenario, 2)->number, ==, 0);

  bad = seqack_scenario_parse ("client connect old-port\n", NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "line 1"));
  g_assert_nonnull (strstr (error->message, "old-port"));
}

/* Two connections of one client at once, each from its own port: the
 * client's table has both ESTABLISHED; a saved session says new-port. */
static void
test_two_connections_at_once (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (3);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) client = NULL;
  g_autoptr(GArray) server = NULL;
  SeqackTrace *trace = seqack_lab_get_trace (lab);

  g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, &error));
  g_assert_true (seqack_lab_connect (lab, SEQACK_CLIENT, &error));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (5)));
  g_assert_true (seqack_lab_perform (lab, SEQACK_CLIENT,
                                     SEQACK_ACTION_CONNECT, 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (5)));
  g_assert_false (seqack_lab_perform (lab, SEQACK_CLIENT,
                                      SEQACK_ACTION_CONNECT, 2, NULL,
                                      &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);

  client = seqack_trace_list_sockets (trace,
                                      seqack_trace_get_n_events (trace),
                                      SEQACK_CLIENT);
  g_assert_cmpuint (client->len, ==, 2);
  g_assert_cmpint (row_at (client, 0)->state, ==, SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (row_at (client, 1)->state, ==, SEQACK_TCP_ESTABLISHED);
  g_assert_cmpuint (row_at (client, 0)->key.local_port, !=,
                    row_at (client, 1)->key.local_port);
  server = seqack_trace_list_sockets (trace,
                                      seqack_trace_get_n_events (trace),
                                      SEQACK_SERVER);
  g_assert_cmpuint (server->len, ==, 3);
  {
    g_autofree char *json =
      lab_test_json (trace, lab_test_find (trace, SEQACK_EVENT_ACTION,
                                     SEQACK_CLIENT, -1, 1));

    g_assert_nonnull (strstr (json, "\"action\":\"connect\","
                                    "\"new_port\":true}"));
  }
}

/* The data event (DATA) at @side with text @text: which of its
 * connections got it, by the ports of the segment before it. */
static guint16
port_of_data (SeqackTrace *trace,
              SeqackSide   side,
              const char  *text)
{
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      gsize len = 0;
      const guint8 *bytes;
      SeqackSocketKey key;

      if (ev->kind != SEQACK_EVENT_DATA || ev->side != side)
        continue;
      bytes = seqack_trace_get_data (trace, i, &len);
      if (len != strlen (text) || memcmp (bytes, text, len) != 0)
        continue;
      g_assert_true (seqack_trace_get_socket (trace, i, &key));
      return key.local_port;
    }
  g_assert_not_reached ();
  return 0;
}

/* "select N": a host's calls act on its Nth connection; each one's data
 * goes on its own 4-tuple, and each connection keeps its own relative
 * numbers although the server's port is the same for both. */
static void
test_select_connection (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("two-connections");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr(GArray) client = NULL;
  guint16 first, second;
  guint selects = 0;

  /* The client's first connection is the one with the lower event
   * index: its port is the header's. */
  first = port_of_data (trace, SEQACK_SERVER, "GET /b");
  second = port_of_data (trace, SEQACK_SERVER, "GET /a");
  g_assert_cmpuint (first, ==, 80);
  g_assert_cmpuint (second, ==, 80);
  first = port_of_data (trace, SEQACK_CLIENT, "page b");
  second = port_of_data (trace, SEQACK_CLIENT, "page a");
  g_assert_cmpuint (first, !=, second);
  g_assert_cmpuint (first, ==,
                    seqack_trace_get_endpoint (trace, SEQACK_CLIENT)->port);

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_ACTION && ev->from == SEQACK_ACTION_SELECT)
        {
          g_autofree char *json = lab_test_json (trace, i);

          selects++;
          g_assert_nonnull (strstr (json, "\"action\":\"select\","
                                          "\"value\":"));
          g_assert_nonnull (strstr (json, "\"local\":\"192.0.2."));
        }
      /* Every segment after a handshake is numbered from its own
       * connection's ISNs: no Ack in the billions. */
      if (ev->kind == SEQACK_EVENT_SEGMENT)
        {
          g_assert_cmpuint (seqack_trace_relative_seq (trace, i), <, 100);
          g_assert_cmpuint (seqack_trace_relative_ack (trace, i), <, 100);
        }
    }
  g_assert_cmpuint (selects, ==, 5);

  /* Each side reads the state of the connection its calls act on: when
   * the client's first TIME-WAIT ends, the second still waits; the FIN
   * of the second reaches a server whose selected connection is open. */
  {
    int first_end = find_state (trace, SEQACK_CLIENT, SEQACK_TCP_CLOSED, 0);
    int fin2 = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_CLIENT,
                              SEQACK_TCP_FIN | SEQACK_TCP_ACK, 1);

    g_assert_cmpint (first_end, >, 0);
    g_assert_cmpint (seqack_trace_get_event (trace, first_end)->from, ==,
                     SEQACK_TCP_TIME_WAIT);
    g_assert_cmpint (seqack_trace_get_state (trace, first_end,
                                             SEQACK_CLIENT), ==,
                     SEQACK_TCP_TIME_WAIT);
    g_assert_cmpint (fin2, >, 0);
    g_assert_cmpint (seqack_trace_get_state (trace, fin2, SEQACK_SERVER), ==,
                     SEQACK_TCP_ESTABLISHED);
    g_assert_cmpint (seqack_trace_get_state (trace,
                                             seqack_trace_get_n_events (trace)
                                             - 1, SEQACK_CLIENT), ==,
                     SEQACK_TCP_CLOSED);
  }

  /* Both connections closed; the client's two wait in TIME-WAIT. */
  client = seqack_trace_list_sockets (trace, seqack_trace_get_n_events (trace),
                                      SEQACK_CLIENT);
  g_assert_cmpuint (client->len, ==, 0);
  g_assert_cmpuint (find_state (trace, SEQACK_CLIENT, SEQACK_TCP_TIME_WAIT, 1),
                    >, 0);
}

/* Which socket the side's calls act on, as the trace tells it, follows
 * the lab: the listener after listen, the spawned connection, a select. */
static void
test_calls_socket (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (5);
  g_autoptr(GError) error = NULL;
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  SeqackSocketKey key, first;
  guint number = 99;

  g_assert_false (seqack_trace_get_calls_socket (trace, 0, SEQACK_SERVER,
                                                 &key));
  g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, &error));
  g_assert_true (seqack_trace_get_calls_socket (
    trace, seqack_trace_get_n_events (trace), SEQACK_SERVER, &key));
  g_assert_true (seqack_socket_key_is_listener (&key));
  g_assert_true (seqack_lab_socket_number (lab, SEQACK_SERVER, &key,
                                           &number));
  g_assert_cmpuint (number, ==, 0);

  g_assert_true (seqack_lab_connect (lab, SEQACK_CLIENT, &error));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (5)));
  g_assert_true (seqack_trace_get_calls_socket (
    trace, seqack_trace_get_n_events (trace), SEQACK_SERVER, &first));
  g_assert_false (seqack_socket_key_is_listener (&first));
  g_assert_true (seqack_lab_socket_number (lab, SEQACK_SERVER, &first,
                                           &number));
  g_assert_cmpuint (number, ==, 1);

  g_assert_true (seqack_lab_perform (lab, SEQACK_CLIENT,
                                     SEQACK_ACTION_CONNECT, 1, NULL, &error));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (5)));
  g_assert_true (seqack_trace_get_calls_socket (
    trace, seqack_trace_get_n_events (trace), SEQACK_SERVER, &key));
  g_assert_cmpuint (key.remote_port, !=, first.remote_port);
  g_assert_true (seqack_lab_socket_number (lab, SEQACK_SERVER, &key,
                                           &number));
  g_assert_cmpuint (number, ==, 2);

  /* Back to the first: the next send goes on its 4-tuple. */
  g_assert_true (seqack_lab_perform (lab, SEQACK_SERVER,
                                     SEQACK_ACTION_SELECT, 1, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (seqack_trace_get_calls_socket (
    trace, seqack_trace_get_n_events (trace), SEQACK_SERVER, &key));
  g_assert_cmpmem (&key, sizeof key, &first, sizeof first);
  g_assert_cmpint (seqack_trace_get_state (trace,
                                           seqack_trace_get_n_events (trace)
                                           - 1, SEQACK_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_true (seqack_lab_perform (lab, SEQACK_SERVER,
                                     SEQACK_ACTION_SELECT, 0, NULL, &error));
  g_assert_cmpint (seqack_trace_get_state (trace,
                                           seqack_trace_get_n_events (trace)
                                           - 1, SEQACK_SERVER), ==,
                   SEQACK_TCP_LISTEN);
  g_assert_true (seqack_lab_perform (lab, SEQACK_SERVER,
                                     SEQACK_ACTION_SELECT, 1, NULL, &error));
  g_assert_true (seqack_lab_send (lab, SEQACK_SERVER, "x", &error));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (5)));
  g_assert_cmpuint (port_of_data (trace, SEQACK_CLIENT, "x"), ==,
                    first.remote_port);

  /* accept() acts on the listener, not on where the calls go. */
  g_assert_true (seqack_lab_perform (lab, SEQACK_SERVER,
                                     SEQACK_ACTION_ACCEPT_OFF, 0, NULL,
                                     &error));
  g_assert_true (seqack_trace_get_calls_socket (
    trace, seqack_trace_get_n_events (trace), SEQACK_SERVER, &key));
  g_assert_cmpmem (&key, sizeof key, &first, sizeof first);

  /* A connection that is not there, and a listener that is gone. */
  g_assert_false (seqack_lab_perform (lab, SEQACK_SERVER,
                                      SEQACK_ACTION_SELECT, 3, NULL, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_NO_CONNECTION);
  g_assert_cmpstr (error->message, ==, "the server has no connection 3");
  g_clear_error (&error);
  g_assert_false (seqack_lab_perform (lab, SEQACK_CLIENT,
                                      SEQACK_ACTION_SELECT, 0, NULL, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_NO_CONNECTION);
  g_clear_error (&error);
  g_assert_true (seqack_lab_perform (lab, SEQACK_SERVER,
                                     SEQACK_ACTION_ABORT, 0, NULL, &error));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (5)));
  g_assert_false (seqack_lab_socket_number (lab, SEQACK_SERVER, &first,
                                            &number));
  g_assert_false (seqack_lab_perform (lab, SEQACK_SERVER,
                                      SEQACK_ACTION_SELECT, 1, NULL, &error));
  g_assert_cmpstr (error->message, ==, "the server's connection 1 is closed");
}

/* The application quits: its connection sends its FIN and its listener
 * closes; the server reads its connection's FIN-WAIT-1, not the
 * listener's CLOSED. */
static void
test_quit_reads_connection (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (2);
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackScenario) scenario =
    seqack_scenario_parse ("server listen\nclient connect\nserver quit\n",
                           NULL, &error);
  SeqackTrace *trace = seqack_lab_get_trace (lab);

  g_assert_no_error (error);
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      SeqackSocketKey key;

      if (ev->kind != SEQACK_EVENT_STATE || ev->from != SEQACK_TCP_LISTEN ||
          ev->to != SEQACK_TCP_CLOSED)
        continue;
      g_assert_true (seqack_trace_get_socket (trace, i, &key));
      g_assert_true (seqack_socket_key_is_listener (&key));
      g_assert_cmpint (seqack_trace_get_state (trace, i, ev->side), ==,
                       seqack_trace_get_state (trace, i - 1, ev->side));
      g_assert_cmpint (seqack_trace_get_state (trace, i, ev->side), !=,
                       SEQACK_TCP_CLOSED);
      return;
    }
  g_assert_not_reached ();
}

/* "server listen" while its listener is still there: the side reads
 * LISTEN again, so the next SYN reaches a listening server. */
static void
test_listen_again_reads_listen (void)
{
  g_autoptr(SeqackLab) lab = lab_test_run_builtin ("quit-app");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  int syn = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_CLIENT,
                           SEQACK_TCP_SYN, 1);

  g_assert_cmpint (syn, >, 0);
  g_assert_cmpint (seqack_trace_get_state (trace, syn, SEQACK_SERVER), ==,
                   SEQACK_TCP_LISTEN);
}

/* The listener's steps: a backlog, accepting off and on or N at a time,
 * SYN cookies off, on or always; each reads, is refused with its line,
 * and a session writes it back the same. */
static void
test_listener_syntax (void)
{
  static const char *const bad[] = {
    "set syncookies maybe\n", "server listen backlog 0\n",
    "server listen 5\n", "server accept -1\n", "server accept\n",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackScenario) scenario =
    seqack_scenario_parse ("set syncookies always\nserver listen backlog 3\n"
                           "server accept off\nserver accept 2\n"
                           "server accept on\n", NULL, &error);
  g_autoptr(SeqackSession) session =
    seqack_session_new (3, 20 * 1000, 0.0, 2 * SEQACK_USEC_PER_SEC);
  g_autoptr(SeqackLab) lab = NULL;
  g_autofree char *text = NULL;
  SeqackLabConfig config;
  static const struct { SeqackAction action; gint64 number; } want[] = {
    { SEQACK_ACTION_SET_SYNCOOKIES, 2 }, { SEQACK_ACTION_LISTEN, 3 },
    { SEQACK_ACTION_ACCEPT_OFF, 0 }, { SEQACK_ACTION_ACCEPT, 2 },
    { SEQACK_ACTION_ACCEPT_ON, 0 },
  };

  g_assert_no_error (error);
  g_assert_cmpuint (seqack_scenario_get_n_steps (scenario), ==,
                    G_N_ELEMENTS (want));
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      g_assert_cmpint (seqack_scenario_get_step (scenario, i)->action, ==,
                       want[i].action);
      g_assert_cmpint (seqack_scenario_get_step (scenario, i)->number, ==,
                       want[i].number);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(SeqackScenario) none = seqack_scenario_parse (bad[i], NULL,
                                                              &error);

      g_assert_null (none);
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, "line 1"));
      g_clear_error (&error);
    }

  seqack_session_get_config (session, &config);
  lab = seqack_lab_new (&config);
  g_assert_true (seqack_session_perform (session, lab, SEQACK_SERVER,
                                         SEQACK_ACTION_SET_SYNCOOKIES, 0,
                                         NULL, &error));
  g_assert_true (seqack_session_perform (session, lab, SEQACK_SERVER,
                                         SEQACK_ACTION_LISTEN, 3, NULL,
                                         &error));
  g_assert_true (seqack_session_perform (session, lab, SEQACK_SERVER,
                                         SEQACK_ACTION_ACCEPT_OFF, 0, NULL,
                                         &error));
  g_assert_true (seqack_session_perform (session, lab, SEQACK_CLIENT,
                                         SEQACK_ACTION_CONNECT, 0, NULL,
                                         &error));
  seqack_lab_run_until_quiet (lab, SEC (5));
  /* Nothing waits after accepting it: a second accept is refused, and
   * not recorded. */
  g_assert_true (seqack_session_perform (session, lab, SEQACK_SERVER,
                                         SEQACK_ACTION_ACCEPT, 1, NULL,
                                         &error));
  g_assert_no_error (error);
  g_assert_false (seqack_session_perform (session, lab, SEQACK_SERVER,
                                          SEQACK_ACTION_ACCEPT, 1, NULL,
                                          &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_WOULD_BLOCK);
  g_clear_error (&error);
  text = seqack_session_to_string (session);
  g_assert_nonnull (strstr (text, " set syncookies off\n"));
  g_assert_nonnull (strstr (text, " server listen backlog 3\n"));
  g_assert_nonnull (strstr (text, " server accept off\n"));
  g_assert_nonnull (strstr (text, " server accept 1\n"));
  g_assert_null (strstr (strstr (text, " server accept 1\n") +
                         strlen (" server accept 1\n"), "accept 1"));
}

/* Runs scenario @text on a fresh lab with seed @seed. */
static SeqackLab *
run_text (const char *text,
          guint64     seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackScenario) scenario = seqack_scenario_parse (text, NULL,
                                                              &error);
  SeqackLab *lab = lab_test_new (seed);

  g_assert_no_error (error);
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  g_assert_no_error (error);
  return lab;
}

/* The first segment marked as dropped by a full queue, or -1. */
static int
find_queue_drop (SeqackTrace *trace)
{
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_SEGMENT &&
          (ev->marks & SEQACK_MARK_QUEUE_DROP))
        return (int) i;
    }
  return -1;
}

/* Which queue dropped it, as Linux counts them: a SYN that finds the
 * accept queue full (backlog 1, two waiting) is the accept queue's, not
 * the SYN queue's; a cookie's ACK that finds it full is dropped, and as
 * the cookie kept nothing no SYN,ACK is resent. */
static void
test_queue_drop_reasons (void)
{
  g_autoptr(SeqackLab) syn_lab =
    run_text ("server listen backlog 1\nserver accept off\n"
              "client connect\nclient connect new-port\n"
              "client connect new-port\n", 3);
  g_autoptr(SeqackLab) cookie_lab =
    run_text ("server listen backlog 1\nserver accept off\n"
              "client connect\nclient connect new-port\n"
              "with client connect new-port\n", 3);
  SeqackTrace *trace = seqack_lab_get_trace (syn_lab);
  int drop = find_queue_drop (trace);
  const SeqackEvent *ev;

  g_assert_cmpint (drop, >, 0);
  ev = seqack_trace_get_event (trace, drop);
  g_assert_cmpint (ev->flags, ==, SEQACK_TCP_SYN);
  g_assert_true (ev->edge & SEQACK_WHY_ACCEPT_QUEUE_FULL);
  g_assert_nonnull (strstr (seqack_trace_format_segment_note (trace, drop),
                            "accept queue is full: it drops this SYN"));

  trace = seqack_lab_get_trace (cookie_lab);
  drop = find_queue_drop (trace);
  g_assert_cmpint (drop, >, 0);
  ev = seqack_trace_get_event (trace, drop);
  g_assert_cmpint (ev->flags, ==, SEQACK_TCP_ACK);
  g_assert_true (ev->edge & SEQACK_WHY_ACCEPT_QUEUE_FULL);
  g_assert_true (ev->edge & SEQACK_WHY_COOKIE_ACK);
  g_assert_nonnull (strstr (seqack_trace_format_segment_note (trace, drop),
                            "no SYN,ACK comes again"));
  /* Nothing is resent to it: no SYN,ACK after the drop. */
  for (guint i = (guint) drop; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);

      g_assert_false (e->kind == SEQACK_EVENT_SEGMENT &&
                      e->flags == (SEQACK_TCP_SYN | SEQACK_TCP_ACK));
    }
}

/* Listening again with a backlog once the connection is over (the
 * listener is still there) sets the listener's backlog, as listen() on
 * Linux does; an accept of 5 with one connection waiting accepts, and
 * says, one. */
static void
test_listen_again_backlog (void)
{
  g_autoptr(SeqackLab) lab =
    run_text ("server listen backlog 2\nclient connect\nclient close\n"
              "server close\nserver listen backlog 3\nserver accept off\n"
              "client connect new-port\nserver accept 5\n", 4);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  int last_queue = -1, accept = -1;

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_QUEUE)
        last_queue = (int) i;
      if (ev->kind == SEQACK_EVENT_ACTION && ev->from == SEQACK_ACTION_ACCEPT)
        accept = (int) i;
    }
  g_assert_cmpint (last_queue, >, 0);
  g_assert_cmpint (seqack_trace_get_event (trace, last_queue)->t2, ==, 3);
  g_assert_cmpint (accept, >, 0);
  g_assert_cmpuint (seqack_trace_get_event (trace, accept)->number, ==, 1);
}

/* "select 2" and "select listener" read and write back; a session with a
 * select replays exactly. */
static void
test_select_syntax (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackScenario) scenario =
    seqack_scenario_parse ("server listen\nserver select listener\n"
                           "client select 2\n", NULL, &error);
  g_autoptr(SeqackScenario) bad = NULL;
  g_autoptr(SeqackSession) session =
    seqack_session_new (3, 20 * 1000, 0.0, 2 * SEQACK_USEC_PER_SEC);
  g_autoptr(SeqackSession) parsed = NULL;
  g_autoptr(SeqackLab) lab = NULL;
  g_autoptr(SeqackLab) replayed = NULL;
  g_autofree char *text = NULL;
  SeqackLabConfig config;

  g_assert_no_error (error);
  g_assert_cmpint (seqack_scenario_get_step (scenario, 1)->action, ==,
                   SEQACK_ACTION_SELECT);
  g_assert_cmpint (seqack_scenario_get_step (scenario, 1)->number, ==, 0);
  g_assert_cmpint (seqack_scenario_get_step (scenario, 2)->number, ==, 2);
  bad = seqack_scenario_parse ("server select first\n", NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "'first'"));
  g_clear_error (&error);

  seqack_session_get_config (session, &config);
  lab = seqack_lab_new (&config);
  g_assert_true (seqack_session_perform (session, lab, SEQACK_SERVER,
                                         SEQACK_ACTION_LISTEN, 0, NULL,
                                         &error));
  g_assert_true (seqack_session_perform (session, lab, SEQACK_CLIENT,
                                         SEQACK_ACTION_CONNECT, 0, NULL,
                                         &error));
  seqack_lab_run_until_quiet (lab, SEC (5));
  g_assert_true (seqack_session_perform (session, lab, SEQACK_CLIENT,
                                         SEQACK_ACTION_CONNECT, 1, NULL,
                                         &error));
  seqack_lab_run_until_quiet (lab, SEC (5));
  g_assert_true (seqack_session_perform (session, lab, SEQACK_SERVER,
                                         SEQACK_ACTION_SELECT, 1, NULL,
                                         &error));
  g_assert_true (seqack_session_perform (session, lab, SEQACK_SERVER,
                                         SEQACK_ACTION_SEND, 0, "one",
                                         &error));
  g_assert_no_error (error);
  seqack_lab_run_until_quiet (lab, SEC (5));
  text = seqack_session_to_string (session);
  g_assert_nonnull (strstr (text, " server select 1\n"));
  parsed = seqack_session_parse (text, &error);
  g_assert_no_error (error);
  replayed = seqack_session_replay (parsed, &error);
  g_assert_no_error (error);
  /* A replay stops at the last step; the segments still due follow. */
  seqack_lab_run_until_quiet (replayed, SEC (5));
  g_assert_cmpuint (port_of_data (seqack_lab_get_trace (replayed),
                                  SEQACK_CLIENT, "one"), ==,
                    port_of_data (seqack_lab_get_trace (lab), SEQACK_CLIENT,
                                  "one"));
  g_assert_cmpuint (port_of_data (seqack_lab_get_trace (lab), SEQACK_CLIENT,
                                  "one"), ==,
                    seqack_trace_get_endpoint (seqack_lab_get_trace (lab),
                                               SEQACK_CLIENT)->port);
}

/* The port client-2 connects from, in a lab of seed @seed. */
static guint16
client_2_port (guint64 seed)
{
  g_autoptr(SeqackLab) lab = lab_test_new (seed);
  g_autoptr(GError) error = NULL;
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  guint16 local = 0, remote = 0;
  int syn;

  g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, &error));
  g_assert_true (seqack_lab_perform (lab, SEQACK_CLIENT,
                                     SEQACK_ACTION_ADD_CLIENT, 0, NULL,
                                     &error));
  g_assert_true (seqack_lab_perform (lab, SEQACK_HOST_CLIENT_2,
                                     SEQACK_ACTION_CONNECT, 0, NULL, &error));
  syn = lab_test_find (trace, SEQACK_EVENT_SEGMENT, SEQACK_CLIENT,
                       SEQACK_TCP_SYN, 0);
  g_assert_cmpint (syn, >=, 0);
  g_assert_true (seqack_trace_get_ports (trace, (guint) syn, &local,
                                         &remote));
  return local;
}

/* Two clients on the same port: the server's two connections differ
 * only by the remote address, and each key names its own (RFC 9293
 * §3.1: a connection is its socket pair, both addresses and ports). */
static void
test_same_port_two_clients (void)
{
  g_autoptr(SeqackLab) lab = NULL;
  g_autoptr(GError) error = NULL;
  SeqackLabConfig config;
  SeqackTrace *trace;
  SeqackSocketKey from_client = { 0, }, from_client_2 = { 0, };
  guint number = 0;

  seqack_lab_config_init (&config);
  config.seed = 7;
  config.client_port = client_2_port (7);
  lab = seqack_lab_new (&config);
  trace = seqack_lab_get_trace (lab);
  g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, &error));
  g_assert_true (seqack_lab_perform (lab, SEQACK_CLIENT,
                                     SEQACK_ACTION_ADD_CLIENT, 0, NULL,
                                     &error));
  g_assert_true (seqack_lab_perform (lab, SEQACK_HOST_CLIENT_2,
                                     SEQACK_ACTION_CONNECT, 0, NULL, &error));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (5)));
  g_assert_true (seqack_lab_connect (lab, SEQACK_CLIENT, &error));
  g_assert_true (seqack_lab_run_until_quiet (lab, SEC (5)));
  g_assert_no_error (error);

  /* The server's SYN,ACKs, one to each client, as its keys. */
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);
      guint to;

      if (e->kind != SEQACK_EVENT_SEGMENT || e->side != SEQACK_SERVER ||
          e->flags != (SEQACK_TCP_SYN | SEQACK_TCP_ACK))
        continue;
      to = seqack_trace_get_segment_receiver (trace, i);
      g_assert_true (seqack_trace_get_socket (
        trace, i, to == SEQACK_CLIENT ? &from_client : &from_client_2));
    }
  g_assert_cmpuint (from_client.local_port, ==, 80);
  g_assert_cmpuint (from_client.remote_port, ==, config.client_port);
  g_assert_cmpuint (from_client_2.remote_port, ==, config.client_port);
  g_assert_cmpuint (from_client.remote_addr, ==, 0);
  g_assert_cmpuint (from_client_2.remote_addr, ==, 0xc0000203u);

  /* client-2 came first. */
  g_assert_true (seqack_lab_socket_number (lab, SEQACK_SERVER,
                                           &from_client_2, &number));
  g_assert_cmpuint (number, ==, 1);
  g_assert_true (seqack_lab_socket_number (lab, SEQACK_SERVER,
                                           &from_client, &number));
  g_assert_cmpuint (number, ==, 2);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_HOST_CLIENT_2), ==,
                   SEQACK_TCP_ESTABLISHED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/lab/sockets/events-name-sockets",
                   test_events_name_sockets);
  g_test_add_func ("/lab/sockets/queue-events", test_queue_events);
  g_test_add_func ("/lab/sockets/tables-follow-trace",
                   test_tables_follow_trace);
  g_test_add_func ("/lab/sockets/queues-of-connections",
                   test_queues_of_connections);
  g_test_add_func ("/lab/sockets/no-sockets", test_no_sockets);
  g_test_add_func ("/lab/sockets/server-time-wait", test_server_time_wait);
  g_test_add_func ("/lab/sockets/connect-new-port-syntax",
                   test_connect_new_port_syntax);
  g_test_add_func ("/lab/sockets/two-connections-at-once",
                   test_two_connections_at_once);
  g_test_add_func ("/lab/sockets/select-connection", test_select_connection);
  g_test_add_func ("/lab/sockets/calls-socket", test_calls_socket);
  g_test_add_func ("/lab/sockets/same-port-two-clients",
                   test_same_port_two_clients);
  g_test_add_func ("/lab/sockets/select-syntax", test_select_syntax);
  g_test_add_func ("/lab/sockets/listener-syntax", test_listener_syntax);
  g_test_add_func ("/lab/sockets/listen-again-backlog",
                   test_listen_again_backlog);
  g_test_add_func ("/lab/sockets/queue-drop-reasons",
                   test_queue_drop_reasons);
  g_test_add_func ("/lab/sockets/quit-reads-connection",
                   test_quit_reads_connection);
  g_test_add_func ("/lab/sockets/listen-again-reads-listen",
                   test_listen_again_reads_listen);
  return g_test_run ();
}
