/* test-lab-hosts.c: the lab's hosts on the socket table (issue 17).
 *
 * The server's listener stays LISTEN and spawns a connection per SYN, so
 * a client reconnects without a new listen, also while the server's old
 * connection waits in TIME-WAIT (RFC 9293 §3.10.7.4, RFC 1122
 * §4.2.2.13), where one TCB per host answered "connection refused".
 * "server close" closes the connection, not the listener.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "lab-test-util.h"
#include "seqack-error.h"
#include "seqack-lab-private.h"

/* State changes of @side into @to. */
static guint
count_states (SeqackTrace    *trace,
              SeqackSide      side,
              SeqackTcpState  from,
              SeqackTcpState  to)
{
  guint n = 0;

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_STATE && ev->side == side &&
          ev->from == from && ev->to == to)
        n++;
    }
  return n;
}

/* Connects and runs 5 s: enough for a resent SYN (RTO 1 s). */
static void
connect_and_settle (SeqackLab *lab)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (seqack_lab_connect (lab, SEQACK_CLIENT, &error));
  g_assert_no_error (error);
  seqack_lab_run_until (lab, seqack_lab_get_now (lab) + SEC (5));
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
}

static void
close_side (SeqackLab  *lab,
            SeqackSide  side)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (seqack_lab_close (lab, side, &error));
  g_assert_no_error (error);
  g_assert_true (seqack_lab_run_until_settled (lab, SEC (5)));
}

static void
test_listener_stays_listen (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (3);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr(GError) error = NULL;
  g_autofree char *states = NULL;
  g_autoptr(GError) refused = NULL;

  seqack_lab_set_msl (lab, SEC (1));
  g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, &error));
  connect_and_settle (lab);
  states = lab_test_states (trace, SEQACK_SERVER);
  /* One connection reads as it did: the listener's CLOSED -> LISTEN,
   * then the spawned connection's LISTEN -> SYN-RCVD. */
  g_assert_cmpstr (states, ==, "CLOSED>LISTEN>SYN-RCVD>ESTABLISHED");

  /* "server close" closes the connection, not the listener. */
  close_side (lab, SEQACK_SERVER);
  close_side (lab, SEQACK_CLIENT);
  g_assert_true (seqack_lab_run_until_idle (lab, SEC (10)));
  g_assert_cmpuint (count_states (trace, SEQACK_SERVER, SEQACK_TCP_LISTEN,
                                  SEQACK_TCP_CLOSED), ==, 0);
  g_assert_cmpuint (count_states (trace, SEQACK_SERVER,
                                  SEQACK_TCP_TIME_WAIT,
                                  SEQACK_TCP_CLOSED), ==, 1);

  /* Nobody listens again, yet the next SYN is taken: the listener was
   * LISTEN all along, and spawns a second connection. */
  connect_and_settle (lab);
  g_assert_cmpuint (count_states (trace, SEQACK_SERVER, SEQACK_TCP_CLOSED,
                                  SEQACK_TCP_LISTEN), ==, 1);
  g_assert_cmpuint (count_states (trace, SEQACK_SERVER, SEQACK_TCP_LISTEN,
                                  SEQACK_TCP_SYN_RECEIVED), ==, 2);
  g_assert_cmpint (lab_test_find (trace, SEQACK_EVENT_SEGMENT, -1,
                                  SEQACK_TCP_RST | SEQACK_TCP_ACK, 0),
                   ==, -1);

  /* While the connection is open, listen is refused as it always was. */
  g_assert_false (seqack_lab_allows (lab, SEQACK_SERVER,
                                     SEQACK_TCP_CALL_LISTEN));

  /* Once it is over, listen finds the listener (no new state change) and
   * the side's calls go to it: its close is LISTEN -> CLOSED, and the
   * port is closed. */
  g_assert_true (seqack_lab_abort (lab, SEQACK_SERVER, &error));
  g_assert_no_error (error);
  g_assert_true (seqack_lab_run_until_idle (lab, SEC (10)));
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_SERVER), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, &error));
  g_assert_no_error (error);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_SERVER), ==,
                   SEQACK_TCP_LISTEN);
  g_assert_cmpuint (count_states (trace, SEQACK_SERVER, SEQACK_TCP_CLOSED,
                                  SEQACK_TCP_LISTEN), ==, 1);
  close_side (lab, SEQACK_SERVER);
  g_assert_cmpuint (count_states (trace, SEQACK_SERVER, SEQACK_TCP_LISTEN,
                                  SEQACK_TCP_CLOSED), ==, 1);
  g_assert_true (seqack_lab_connect (lab, SEQACK_CLIENT, &error));
  g_assert_no_error (error);
  seqack_lab_run_until_settled (lab, SEC (5));
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (lab_test_find (trace, SEQACK_EVENT_SEGMENT,
                                  SEQACK_SERVER,
                                  SEQACK_TCP_RST | SEQACK_TCP_ACK, 0),
                   >=, 0);
}

/* The server closes first and waits in TIME-WAIT; the client connects
 * again at once, from the same port (it is free on the client). RFC 1122
 * §4.2.2.13: a SYN above the old RCV.NXT takes the 4-tuple, with an ISS
 * above the old SND.NXT (Linux: + 65537). The lab's ISNs are RFC 6528's,
 * a 4 µs clock plus a keyed hash of the 4-tuple, as Linux's are: the
 * new SYN on the same 4-tuple is always above the old one's numbers, so
 * on every seed the reconnect takes TIME-WAIT over, as on Linux (the
 * lower SYN's TIME-WAIT ACK is test-tcp-host's). */
static void
test_reconnect_server_time_wait (void)
{
  for (guint64 seed = 1; seed <= 8; seed++)
    {
      g_autoptr(SeqackLab) lab = lab_test_new (seed);
      SeqackTrace *trace = seqack_lab_get_trace (lab);
      g_autoptr(GError) error = NULL;
      SeqackTcpVars old, now;
      guint n;

      g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, &error));
      connect_and_settle (lab);
      close_side (lab, SEQACK_SERVER);
      close_side (lab, SEQACK_CLIENT);
      g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_SERVER), ==,
                       SEQACK_TCP_TIME_WAIT);
      g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                       SEQACK_TCP_CLOSED);
      seqack_lab_get_vars (lab, SEQACK_SERVER, &old);
      n = seqack_trace_get_n_events (trace);

      connect_and_settle (lab);
      for (guint i = n; i < seqack_trace_get_n_events (trace); i++)
        g_assert_cmpint (seqack_trace_get_event (trace, i)->kind, !=,
                         SEQACK_EVENT_ERROR);
      seqack_lab_get_vars (lab, SEQACK_SERVER, &now);
      g_assert_cmpint (lab_test_find (trace, SEQACK_EVENT_SEGMENT,
                                      SEQACK_CLIENT, SEQACK_TCP_RST, 0), <, 0);
      g_assert_cmpuint (now.iss, ==, old.snd_nxt + 65537u);
      /* The new connection is numbered from its own ISNs, even after the
       * old one's TIME-WAIT ACK. */
      {
        int synack = -1;

        for (guint k = 0;; k++)
          {
            int i = lab_test_find (trace, SEQACK_EVENT_SEGMENT,
                                   SEQACK_SERVER,
                                   SEQACK_TCP_SYN | SEQACK_TCP_ACK, k);

            if (i < 0)
              break;
            synack = i;
          }
        g_assert_cmpint (synack, >=, 0);
        g_assert_cmpuint (seqack_trace_relative_seq (trace, synack), ==, 0);
        g_assert_cmpuint (seqack_trace_relative_ack (trace, synack), ==, 1);
      }
      /* The old TIME-WAIT is gone, the new connection is the server's. */
      g_assert_cmpuint (count_states (trace, SEQACK_SERVER,
                                      SEQACK_TCP_LISTEN,
                                      SEQACK_TCP_SYN_RECEIVED), ==, 2);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/hosts/listener-stays-listen",
                   test_listener_stays_listen);
  g_test_add_func ("/lab/hosts/reconnect-server-time-wait",
                   test_reconnect_server_time_wait);

  return g_test_run ();
}
