/* test-tcp-state.c: the table of states and edges every layer reads. */

#include <string.h>

#include "seqack-tcp-conn.h"
#include "seqack-tcp-state.h"

/* RFC 9293 §3.3.2 names, as the lesson and the JSON write them. */
static void
test_state_names (void)
{
  static const char * const names[] = {
    "CLOSED", "LISTEN", "SYN-SENT", "SYN-RCVD", "ESTABLISHED",
    "FIN-WAIT-1", "FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK",
    "TIME-WAIT",
  };

  g_assert_cmpuint (G_N_ELEMENTS (names), ==, SEQACK_TCP_N_STATES);
  for (guint i = 0; i < SEQACK_TCP_N_STATES; i++)
    {
      SeqackTcpState state = SEQACK_TCP_N_STATES;

      g_assert_cmpstr (seqack_tcp_state_name (i), ==, names[i]);
      g_assert_true (seqack_tcp_state_from_name (names[i], &state));
      g_assert_cmpint (state, ==, i);
    }
  g_assert_false (seqack_tcp_state_from_name ("SYN-SENT-2", NULL));
  g_assert_false (seqack_tcp_state_from_name ("syn-sent", NULL));
}

/* RFC 9293 §3.5: synchronized from ESTABLISHED on, TIME-WAIT included. */
static void
test_state_synchronized (void)
{
  g_assert_false (seqack_tcp_state_is_synchronized (SEQACK_TCP_CLOSED));
  g_assert_false (seqack_tcp_state_is_synchronized (SEQACK_TCP_LISTEN));
  g_assert_false (seqack_tcp_state_is_synchronized (SEQACK_TCP_SYN_SENT));
  g_assert_false (seqack_tcp_state_is_synchronized (SEQACK_TCP_SYN_RECEIVED));
  g_assert_true (seqack_tcp_state_is_synchronized (SEQACK_TCP_ESTABLISHED));
  g_assert_true (seqack_tcp_state_is_synchronized (SEQACK_TCP_CLOSE_WAIT));
  g_assert_true (seqack_tcp_state_is_synchronized (SEQACK_TCP_TIME_WAIT));
}

/* Every edge has its own row, a label, and the right endpoints. */
static void
test_edge_table (void)
{
  for (guint e = 1; e < SEQACK_TCP_N_EDGES; e++)
    {
      const SeqackTcpEdgeInfo *info = seqack_tcp_edge_info (e);

      g_assert_nonnull (info);
      g_assert_cmpint (info->edge, ==, e);
      g_assert_nonnull (info->label);
      g_assert_cmpuint (strlen (info->label), >, 0);
      g_assert_cmpint (info->to, <, SEQACK_TCP_N_STATES);
      g_assert_false (info->rfc_figure && info->linux_only);
    }

  g_assert_cmpstr (seqack_tcp_edge_info (SEQACK_TCP_EDGE_ACTIVE_OPEN)->label,
                   ==, "active OPEN / snd SYN");
  g_assert_cmpstr (seqack_tcp_edge_info (SEQACK_TCP_EDGE_RCV_SYN)->label,
                   ==, "rcv SYN / snd SYN,ACK");
  g_assert_cmpstr (seqack_tcp_edge_info (SEQACK_TCP_EDGE_RCV_SYN_ACK)->label,
                   ==, "rcv SYN,ACK / snd ACK");
  g_assert_cmpstr (
    seqack_tcp_edge_info (SEQACK_TCP_EDGE_TIME_WAIT_TIMEOUT)->label,
    ==, "timeout=2MSL");

  /* Only the FIN-WAIT-2 timeout is Linux's own. */
  for (guint e = 1; e < SEQACK_TCP_N_EDGES; e++)
    g_assert_cmpint (seqack_tcp_edge_info (e)->linux_only, ==,
                     e == SEQACK_TCP_EDGE_FIN_WAIT_2_TIMEOUT);

  g_assert_true (seqack_tcp_edge_info (SEQACK_TCP_EDGE_FIN_WAIT_2_RCV_FIN)
                 ->rfc_figure);
  g_assert_true (seqack_tcp_edge_info (SEQACK_TCP_EDGE_SYN_RCVD_RST)
                 ->rfc_figure);
  g_assert_false (seqack_tcp_edge_info (SEQACK_TCP_EDGE_FIN_WAIT_1_RCV_FIN_ACK)
                  ->rfc_figure);
  g_assert_false (seqack_tcp_edge_info (SEQACK_TCP_EDGE_ABORT)->rfc_figure);
  g_assert_cmpint (seqack_tcp_edge_info (SEQACK_TCP_EDGE_RCV_RST)->from, ==,
                   SEQACK_TCP_N_STATES);
}

/* Capture inference maps an observed change back to the edge. */
static void
test_edge_find (void)
{
  g_assert_cmpint (seqack_tcp_edge_find (SEQACK_TCP_LISTEN,
                                         SEQACK_TCP_SYN_RECEIVED),
                   ==, SEQACK_TCP_EDGE_RCV_SYN);
  g_assert_cmpint (seqack_tcp_edge_find (SEQACK_TCP_SYN_SENT,
                                         SEQACK_TCP_SYN_RECEIVED),
                   ==, SEQACK_TCP_EDGE_SIMULTANEOUS_OPEN);
  g_assert_cmpint (seqack_tcp_edge_find (SEQACK_TCP_FIN_WAIT_1,
                                         SEQACK_TCP_TIME_WAIT),
                   ==, SEQACK_TCP_EDGE_FIN_WAIT_1_RCV_FIN_ACK);
  g_assert_cmpint (seqack_tcp_edge_find (SEQACK_TCP_TIME_WAIT,
                                         SEQACK_TCP_CLOSED),
                   ==, SEQACK_TCP_EDGE_TIME_WAIT_TIMEOUT);
  g_assert_cmpint (seqack_tcp_edge_find (SEQACK_TCP_FIN_WAIT_2,
                                         SEQACK_TCP_CLOSED),
                   ==, SEQACK_TCP_EDGE_FIN_WAIT_2_TIMEOUT);
  /* No drawn edge: the reset that can happen in any state. */
  g_assert_cmpint (seqack_tcp_edge_find (SEQACK_TCP_ESTABLISHED,
                                         SEQACK_TCP_CLOSED),
                   ==, SEQACK_TCP_EDGE_RCV_RST);
  /* Not edges of the machine. */
  g_assert_cmpint (seqack_tcp_edge_find (SEQACK_TCP_CLOSED,
                                         SEQACK_TCP_ESTABLISHED),
                   ==, SEQACK_TCP_EDGE_NONE);
  g_assert_cmpint (seqack_tcp_edge_find (SEQACK_TCP_ESTABLISHED,
                                         SEQACK_TCP_SYN_SENT),
                   ==, SEQACK_TCP_EDGE_NONE);
  g_assert_cmpint (seqack_tcp_edge_find (SEQACK_TCP_CLOSED,
                                         SEQACK_TCP_CLOSED),
                   ==, SEQACK_TCP_EDGE_NONE);

  /* Each drawn edge is found from its own endpoints, or shares them with
   * an earlier edge. */
  for (guint e = 1; e < SEQACK_TCP_N_EDGES; e++)
    {
      const SeqackTcpEdgeInfo *info = seqack_tcp_edge_info (e);
      SeqackTcpEdge found;

      if (info->from == SEQACK_TCP_N_STATES)
        continue;
      found = seqack_tcp_edge_find (info->from, info->to);
      g_assert_cmpint (found, !=, SEQACK_TCP_EDGE_NONE);
      g_assert_cmpint (seqack_tcp_edge_info (found)->from, ==, info->from);
      g_assert_cmpint (seqack_tcp_edge_info (found)->to, ==, info->to);
    }
}

/* The defaults the lesson's numbers come from. */
static void
test_config_defaults (void)
{
  SeqackTcpConfig config;

  memset (&config, 0xaa, sizeof config);
  seqack_tcp_config_init (&config);
  g_assert_cmpint (config.msl, ==, 30 * SEQACK_USEC_PER_SEC);
  g_assert_cmpint (config.rto_initial, ==, 1 * SEQACK_USEC_PER_SEC);
  /* Linux's TCP_RTO_MAX; RFC 6298 (2.5) allows any ceiling >= 60 s. */
  g_assert_cmpint (config.rto_max, ==, 120 * SEQACK_USEC_PER_SEC);
  g_assert_false (config.linux_rto_min);
  /* Linux 6.1: tcp_syn_retries 6, tcp_synack_retries 5. */
  g_assert_cmpuint (config.syn_retries, ==, 6);
  g_assert_cmpuint (config.synack_retries, ==, 5);
  g_assert_cmpuint (config.retries, ==, 8);
  g_assert_cmpint (config.fin_wait_2_timeout, ==, 60 * SEQACK_USEC_PER_SEC);
  g_assert_false (config.delayed_ack);
  g_assert_cmpint (config.delayed_ack_timeout, ==, 200 * 1000);
  g_assert_cmpuint (config.mss, ==, 1460);
  g_assert_cmpuint (config.rcv_wnd, ==, 64240);

  g_assert_cmpstr (seqack_tcp_timer_name (SEQACK_TCP_TIMER_TIME_WAIT), ==,
                   "time-wait");
  g_assert_cmpstr (seqack_tcp_timer_name (SEQACK_TCP_TIMER_PERSIST), ==,
                   "persist");
  g_assert_cmpstr (seqack_timer_action_name (SEQACK_TIMER_CANCELLED), ==,
                   "cancelled");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tcp/state/names", test_state_names);
  g_test_add_func ("/tcp/state/synchronized", test_state_synchronized);
  g_test_add_func ("/tcp/state/edge-table", test_edge_table);
  g_test_add_func ("/tcp/state/edge-find", test_edge_find);
  g_test_add_func ("/tcp/config/defaults", test_config_defaults);

  return g_test_run ();
}
