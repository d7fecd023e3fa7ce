/* test-tcp-user.c: the user calls of RFC 9293 §3.10.1-§3.10.5 and
 * seqack_tcp_conn_allows(), which the buttons follow. */

#include "seqack-error.h"
#include "tcp-test-pair.h"

#define S SEQACK_USEC_PER_SEC
#define SYN SEQACK_TCP_SYN
#define FIN SEQACK_TCP_FIN
#define ACK SEQACK_TCP_ACK

/* Builds a pair where one side is in @state; returns that side. A
 * @close_pending pair is in SYN-RCVD with data queued and CLOSE called. */
static TestSide
reach (TestPair       *pair,
       SeqackTcpState  state,
       gboolean        close_pending)
{
  switch (state)
    {
    case SEQACK_TCP_CLOSED:
      return TEST_CLIENT;

    case SEQACK_TCP_LISTEN:
      test_pair_listen (pair, TEST_SERVER);
      return TEST_SERVER;

    case SEQACK_TCP_SYN_SENT:
      test_pair_connect (pair, TEST_CLIENT);
      test_pair_discard_wire (pair);
      return TEST_CLIENT;

    case SEQACK_TCP_SYN_RECEIVED:
      test_pair_listen (pair, TEST_SERVER);
      test_pair_connect (pair, TEST_CLIENT);
      test_pair_step (pair);
      test_pair_discard_wire (pair);
      if (close_pending)
        {
          test_pair_send (pair, TEST_SERVER, "queued");
          test_pair_close (pair, TEST_SERVER);
        }
      return TEST_SERVER;

    case SEQACK_TCP_ESTABLISHED:
      test_pair_establish (pair);
      return TEST_CLIENT;

    case SEQACK_TCP_FIN_WAIT_1:
      test_pair_establish (pair);
      test_pair_close (pair, TEST_CLIENT);
      test_pair_discard_wire (pair);
      return TEST_CLIENT;

    case SEQACK_TCP_FIN_WAIT_2:
      test_pair_establish (pair);
      test_pair_close (pair, TEST_CLIENT);
      test_pair_run (pair);
      return TEST_CLIENT;

    case SEQACK_TCP_CLOSE_WAIT:
      test_pair_establish (pair);
      test_pair_close (pair, TEST_CLIENT);
      test_pair_run (pair);
      return TEST_SERVER;

    case SEQACK_TCP_CLOSING:
      test_pair_establish (pair);
      test_pair_close (pair, TEST_CLIENT);
      test_pair_close (pair, TEST_SERVER);
      test_pair_step (pair);
      test_pair_discard_wire (pair);
      return TEST_SERVER;

    case SEQACK_TCP_LAST_ACK:
      test_pair_establish (pair);
      test_pair_close (pair, TEST_CLIENT);
      test_pair_run (pair);
      test_pair_close (pair, TEST_SERVER);
      test_pair_discard_wire (pair);
      return TEST_SERVER;

    case SEQACK_TCP_TIME_WAIT:
      test_pair_establish (pair);
      test_pair_close (pair, TEST_CLIENT);
      test_pair_run (pair);
      test_pair_close (pair, TEST_SERVER);
      test_pair_run (pair);
      return TEST_CLIENT;

    case SEQACK_TCP_N_STATES:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
do_call (TestPair      *pair,
         TestSide       side,
         SeqackTcpCall  call,
         GError       **error)
{
  SeqackTcpConn *conn = test_pair_conn (pair, side);
  guint16 here = side == TEST_CLIENT ? TEST_CLIENT_PORT : TEST_SERVER_PORT;
  guint16 there = side == TEST_CLIENT ? TEST_SERVER_PORT : TEST_CLIENT_PORT;
  gint64 now = test_pair_now (pair);

  switch (call)
    {
    case SEQACK_TCP_CALL_LISTEN:
      return seqack_tcp_conn_listen (conn, here, now, error);
    case SEQACK_TCP_CALL_CONNECT:
      return seqack_tcp_conn_connect (conn, here, there, now, error);
    case SEQACK_TCP_CALL_SEND:
      return seqack_tcp_conn_send (conn, (const guint8 *) "x", 1, now, error);
    case SEQACK_TCP_CALL_CLOSE:
      return seqack_tcp_conn_close (conn, now, error);
    case SEQACK_TCP_CALL_ABORT:
      if (seqack_tcp_conn_get_state (conn) == SEQACK_TCP_CLOSED)
        return FALSE;   /* a no-op, not a call that did something */
      seqack_tcp_conn_abort (conn, now);
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/* For every state and every call: allows() says TRUE exactly when the
 * call succeeds, and a refused call changes nothing at all. */
static void
test_allows_matches_calls (void)
{
  for (int pending = 0; pending < 2; pending++)
    for (SeqackTcpState state = 0; state < SEQACK_TCP_N_STATES; state++)
      {
        if (pending && state != SEQACK_TCP_SYN_RECEIVED)
          continue;

        for (SeqackTcpCall call = SEQACK_TCP_CALL_LISTEN;
             call <= SEQACK_TCP_CALL_ABORT; call++)
          {
            g_autoptr(TestPair) pair = test_pair_new (NULL);
            g_autoptr(GError) error = NULL;
            TestSide side = reach (pair, state, pending);
            guint n_events;
            gboolean allowed, ok;

            g_assert_cmpint (test_pair_state (pair, side), ==, state);
            allowed = seqack_tcp_conn_allows (test_pair_conn (pair, side),
                                              call);
            n_events = test_pair_events (pair)->len;
            ok = do_call (pair, side, call, &error);

            if (allowed != ok)
              g_error ("%s call %d: allows says %d, call says %d",
                       seqack_tcp_state_name (state), call, allowed, ok);
            if (!ok)
              {
                g_assert_cmpint (test_pair_state (pair, side), ==, state);
                g_assert_cmpuint (test_pair_events (pair)->len, ==,
                                  n_events);
                if (call != SEQACK_TCP_CALL_ABORT)
                  g_assert_error (error, SEQACK_ERROR,
                                  error->code);   /* our domain */
              }
            else
              {
                g_assert_no_error (error);
              }
          }
      }
}

static void
assert_refused (TestPair      *pair,
                TestSide       side,
                SeqackTcpCall  call,
                SeqackError    code,
                const char    *message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (do_call (pair, side, call, &error));
  g_assert_error (error, SEQACK_ERROR, (gint) code);
  g_assert_cmpstr (error->message, ==, message);
}

/* The RFC's error replies: "connection does not exist" in CLOSED,
 * "connection already exists" for an OPEN on a connection, "connection
 * closing" for SEND or CLOSE after our CLOSE. */
static void
test_errors_in_wrong_state (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  assert_refused (pair, TEST_CLIENT, SEQACK_TCP_CALL_SEND,
                  SEQACK_ERROR_NO_CONNECTION, "connection does not exist");
  assert_refused (pair, TEST_CLIENT, SEQACK_TCP_CALL_CLOSE,
                  SEQACK_ERROR_NO_CONNECTION, "connection does not exist");

  test_pair_listen (pair, TEST_SERVER);
  assert_refused (pair, TEST_SERVER, SEQACK_TCP_CALL_LISTEN,
                  SEQACK_ERROR_CONNECTION_EXISTS,
                  "connection already exists");
  assert_refused (pair, TEST_SERVER, SEQACK_TCP_CALL_SEND,
                  SEQACK_ERROR_NO_CONNECTION, "foreign socket unspecified");

  test_pair_connect (pair, TEST_CLIENT);
  test_pair_run (pair);
  assert_refused (pair, TEST_CLIENT, SEQACK_TCP_CALL_CONNECT,
                  SEQACK_ERROR_CONNECTION_EXISTS,
                  "connection already exists");
  assert_refused (pair, TEST_SERVER, SEQACK_TCP_CALL_LISTEN,
                  SEQACK_ERROR_CONNECTION_EXISTS,
                  "connection already exists");

  test_pair_close (pair, TEST_CLIENT);
  assert_refused (pair, TEST_CLIENT, SEQACK_TCP_CALL_SEND,
                  SEQACK_ERROR_CONNECTION_CLOSING, "connection closing");
  assert_refused (pair, TEST_CLIENT, SEQACK_TCP_CALL_CLOSE,
                  SEQACK_ERROR_CONNECTION_CLOSING, "connection closing");
  /* Only one FIN went out. */
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 3);

  test_pair_run (pair);
  test_pair_close (pair, TEST_SERVER);
  assert_refused (pair, TEST_SERVER, SEQACK_TCP_CALL_CLOSE,
                  SEQACK_ERROR_CONNECTION_CLOSING, "connection closing");
  test_pair_run (pair);
  assert_refused (pair, TEST_CLIENT, SEQACK_TCP_CALL_CONNECT,
                  SEQACK_ERROR_CONNECTION_EXISTS,
                  "connection already exists");
}

/* CLOSE before the connection exists: LISTEN and SYN-SENT just go CLOSED
 * (RFC 9293 §3.10.4), stopping the SYN timer, sending nothing. */
static void
test_close_before_established (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_listen (pair, TEST_SERVER);
  test_pair_close (pair, TEST_SERVER);
  g_assert_cmpint (test_pair_last_change (pair, TEST_SERVER)->edge, ==,
                   SEQACK_TCP_EDGE_LISTEN_CLOSE);

  test_pair_connect (pair, TEST_CLIENT);
  test_pair_discard_wire (pair);
  test_pair_close (pair, TEST_CLIENT);
  g_assert_cmpint (test_pair_last_change (pair, TEST_CLIENT)->edge, ==,
                   SEQACK_TCP_EDGE_SYN_SENT_CLOSE);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_nonnull (test_pair_find_timer (pair, TEST_CLIENT,
                                          SEQACK_TCP_TIMER_RETRANSMIT,
                                          SEQACK_TIMER_CANCELLED, 0));
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 1);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 0);
}

/* CLOSE in SYN-RCVD with data queued waits for ESTABLISHED, then the data
 * and the FIN go together. */
static void
test_close_pending_in_syn_rcvd (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  reach (pair, SEQACK_TCP_SYN_RECEIVED, TRUE);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_SYN_RECEIVED);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 1);

  /* The SYN,ACK was discarded; the client's next SYN brings it back. */
  test_pair_advance_to (pair, 1 * S);
  test_pair_run (pair);
  g_assert_cmpstr (test_pair_received (pair, TEST_CLIENT), ==, "queued");
  for (guint i = 0; i < test_pair_n_sent (pair, TEST_SERVER); i++)
    {
      TestSegment *s = test_pair_sent (pair, TEST_SERVER, i);

      if (s->seg.payload_len > 0)
        test_assert_segment (s, SEQACK_TCP_PSH | FIN | ACK,
                             TEST_SERVER_ISN + 1, TEST_CLIENT_ISN + 1, 6);
    }
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_CLOSE_WAIT);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_FIN_WAIT_2);
}

/* Aborting: no RST where the peer has nothing to reset (LISTEN,
 * SYN-SENT, after our FIN in TIME-WAIT). */
static void
test_abort_without_rst (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_listen (pair, TEST_SERVER);
  seqack_tcp_conn_abort (test_pair_conn (pair, TEST_SERVER), 0);
  /* The edge says what happened: ABORT, no "snd RST". */
  g_assert_cmpint (test_pair_last_change (pair, TEST_SERVER)->edge, ==,
                   SEQACK_TCP_EDGE_ABORT_SILENT);
  g_assert_cmpstr (seqack_tcp_edge_info (SEQACK_TCP_EDGE_ABORT_SILENT)->label,
                   ==, "ABORT");
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_SERVER), ==, 0);

  test_pair_connect (pair, TEST_CLIENT);
  seqack_tcp_conn_abort (test_pair_conn (pair, TEST_CLIENT), 0);
  g_assert_cmpuint (test_pair_n_sent (pair, TEST_CLIENT), ==, 1);
  g_assert_cmpint (test_pair_next_deadline (pair), ==, SEQACK_NO_DEADLINE);

  /* Abort in CLOSED does nothing at all. */
  seqack_tcp_conn_abort (test_pair_conn (pair, TEST_CLIENT), 0);
  g_assert_cmpuint (test_pair_count_events (pair, TEST_CLIENT,
                                            TEST_EV_STATE), ==, 2);
}

/* RFC 9293 §3.10.1: an active OPEN on a listening TCB turns it active. */
static void
test_connect_from_listen (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);

  test_pair_listen (pair, TEST_CLIENT);
  test_pair_listen (pair, TEST_SERVER);
  test_pair_connect (pair, TEST_CLIENT);
  g_assert_cmpint (test_pair_last_change (pair, TEST_CLIENT)->edge, ==,
                   SEQACK_TCP_EDGE_LISTEN_SEND);
  test_assert_segment (test_pair_sent (pair, TEST_CLIENT, 0), SYN,
                       TEST_CLIENT_ISN, 0, 0);
  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
}

/* After CLOSED the TCB is reusable: a new connection starts afresh. */
static void
test_reuse_after_closed (void)
{
  g_autoptr(TestPair) pair = test_pair_new (NULL);
  SeqackTcpVars vars;

  test_pair_establish (pair);
  test_pair_send (pair, TEST_CLIENT, "one");
  test_pair_run (pair);
  test_pair_close (pair, TEST_CLIENT);
  test_pair_run (pair);
  test_pair_close (pair, TEST_SERVER);
  test_pair_run (pair);
  test_pair_advance_to (pair, 60 * S);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_CLOSED);

  test_pair_listen (pair, TEST_SERVER);
  test_pair_connect (pair, TEST_CLIENT);
  test_pair_run (pair);
  test_pair_send (pair, TEST_CLIENT, "two");
  test_pair_run (pair);
  g_assert_cmpstr (test_pair_received (pair, TEST_SERVER), ==, "onetwo");

  test_pair_vars (pair, TEST_CLIENT, &vars);
  g_assert_cmpuint (vars.iss, ==, TEST_CLIENT_ISN + TEST_ISN_STEP);
  g_assert_cmpuint (vars.snd_una, ==, vars.iss + 1 + 3);
  g_assert_cmpuint (vars.irs, ==, TEST_SERVER_ISN + TEST_ISN_STEP);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tcp/user/errors-in-wrong-state",
                   test_errors_in_wrong_state);
  g_test_add_func ("/tcp/user/allows-matches-calls",
                   test_allows_matches_calls);
  g_test_add_func ("/tcp/user/close-before-established",
                   test_close_before_established);
  g_test_add_func ("/tcp/user/close-pending-in-syn-rcvd",
                   test_close_pending_in_syn_rcvd);
  g_test_add_func ("/tcp/user/abort-without-rst", test_abort_without_rst);
  g_test_add_func ("/tcp/user/connect-from-listen", test_connect_from_listen);
  g_test_add_func ("/tcp/user/reuse-after-closed", test_reuse_after_closed);

  return g_test_run ();
}
