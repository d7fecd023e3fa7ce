/* test-lab-perform.c: the one dispatch every entry point uses. Each action
 * through seqack_lab_perform() does exactly what its own call does, a
 * refused call changes nothing, and a pause runs the clock unrecorded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "lab-test-util.h"
#include "seqack-lab-private.h"

#include "seqack-error.h"

static void
perform_ok (SeqackLab    *lab,
            SeqackSide    side,
            SeqackAction  action,
            gint64        number,
            const char   *text)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (seqack_lab_perform (lab, side, action, number, text,
                                     &error));
  g_assert_no_error (error);
}

/* The lesson's run made twice: once with the lab's own calls, once
 * through the dispatch. Same ladder, same actions, same clock. */
static void
test_same_as_direct_calls (void)
{
  g_autoptr(SeqackLab) direct = lab_test_new (3);
  g_autoptr(SeqackLab) dispatched = lab_test_new (3);
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  SeqackTrace *ta, *tb;

  g_assert_true (seqack_lab_listen (direct, SEQACK_SERVER, &error));
  g_assert_true (seqack_lab_connect (direct, SEQACK_CLIENT, &error));
  seqack_lab_run_until_quiet (direct, SEC (10));
  seqack_lab_set_latency (direct, MS (50));
  seqack_lab_set_loss_rate (direct, 0.0);
  seqack_lab_set_msl (direct, SEC (2));
  g_assert_true (seqack_lab_send (direct, SEQACK_CLIENT, "hi", &error));
  seqack_lab_delay_next (direct, SEQACK_SERVER, MS (30));
  seqack_lab_run_until_quiet (direct, SEC (10));
  seqack_lab_drop_next (direct, SEQACK_CLIENT);
  g_assert_true (seqack_lab_close (direct, SEQACK_CLIENT, &error));
  seqack_lab_run_until (direct, seqack_lab_get_now (direct) + MS (10));
  seqack_lab_stale_syn (direct, SEQACK_CLIENT);
  seqack_lab_run_until_quiet (direct, SEC (10));
  g_assert_true (seqack_lab_skip_wait (direct));
  seqack_lab_run_until_quiet (direct, SEC (10));
  g_assert_true (seqack_lab_abort (direct, SEQACK_SERVER, &error));
  g_assert_no_error (error);

  perform_ok (dispatched, SEQACK_SERVER, SEQACK_ACTION_LISTEN, 0, NULL);
  perform_ok (dispatched, SEQACK_CLIENT, SEQACK_ACTION_CONNECT, 0, NULL);
  seqack_lab_run_until_quiet (dispatched, SEC (10));
  perform_ok (dispatched, SEQACK_CLIENT, SEQACK_ACTION_SET_LATENCY, MS (50),
              NULL);
  perform_ok (dispatched, SEQACK_CLIENT, SEQACK_ACTION_SET_LOSS, 0, NULL);
  perform_ok (dispatched, SEQACK_SERVER, SEQACK_ACTION_SET_MSL, SEC (2),
              NULL);
  perform_ok (dispatched, SEQACK_CLIENT, SEQACK_ACTION_SEND, 0, "hi");
  perform_ok (dispatched, SEQACK_SERVER, SEQACK_ACTION_DELAY_NEXT, MS (30),
              NULL);
  seqack_lab_run_until_quiet (dispatched, SEC (10));
  perform_ok (dispatched, SEQACK_CLIENT, SEQACK_ACTION_DROP_NEXT, 0, NULL);
  perform_ok (dispatched, SEQACK_CLIENT, SEQACK_ACTION_CLOSE, 0, NULL);
  perform_ok (dispatched, SEQACK_CLIENT, SEQACK_ACTION_PAUSE, MS (10), NULL);
  perform_ok (dispatched, SEQACK_CLIENT, SEQACK_ACTION_STALE_SYN, 0, NULL);
  seqack_lab_run_until_quiet (dispatched, SEC (10));
  perform_ok (dispatched, SEQACK_CLIENT, SEQACK_ACTION_SKIP_WAIT, 0, NULL);
  seqack_lab_run_until_quiet (dispatched, SEC (10));
  perform_ok (dispatched, SEQACK_SERVER, SEQACK_ACTION_ABORT, 0, NULL);

  ta = seqack_lab_get_trace (direct);
  tb = seqack_lab_get_trace (dispatched);
  a = lab_test_segments (ta);
  b = lab_test_segments (tb);
  g_assert_cmpstr (a, ==, b);
  /* The run really used the tricks. */
  g_assert_nonnull (strstr (a, " lost"));
  g_assert_nonnull (strstr (a, " stale"));
  g_assert_nonnull (strstr (a, " delayed"));
  g_assert_cmpuint (seqack_trace_get_n_events (ta), ==,
                    seqack_trace_get_n_events (tb));
  for (guint i = 0; i < seqack_trace_get_n_events (ta); i++)
    {
      const SeqackEvent *ea = seqack_trace_get_event (ta, i);
      const SeqackEvent *eb = seqack_trace_get_event (tb, i);

      g_assert_cmpint (ea->t, ==, eb->t);
      g_assert_cmpuint (ea->kind, ==, eb->kind);
      g_assert_cmpuint (ea->from, ==, eb->from);
      g_assert_cmpuint (ea->number, ==, eb->number);
      /* A pause is never an event. */
      if (eb->kind == SEQACK_EVENT_ACTION)
        g_assert_cmpuint (eb->from, !=, SEQACK_ACTION_PAUSE);
    }
  g_assert_cmpint (seqack_lab_get_now (direct), ==,
                   seqack_lab_get_now (dispatched));
}

static void
test_refusals (void)
{
  g_autoptr(SeqackLab) lab = lab_test_new (1);
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr(GError) error = NULL;

  /* RFC 9293 §3.10.4: CLOSE in CLOSED is "connection does not exist". */
  g_assert_false (seqack_lab_perform (lab, SEQACK_CLIENT,
                                      SEQACK_ACTION_CLOSE, 0, NULL, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_NO_CONNECTION);
  g_clear_error (&error);
  g_assert_cmpuint (seqack_trace_get_n_events (trace), ==, 0);

  /* Nothing to skip to: FALSE, and no error to show. */
  g_assert_false (seqack_lab_perform (lab, SEQACK_CLIENT,
                                      SEQACK_ACTION_SKIP_WAIT, 0, NULL,
                                      &error));
  g_assert_no_error (error);

  /* Out of range: an error, nothing done. */
  g_assert_false (seqack_lab_perform (lab, SEQACK_CLIENT,
                                      SEQACK_ACTION_SET_LOSS, 1000001, NULL,
                                      &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_false (seqack_lab_perform (lab, SEQACK_CLIENT,
                                      SEQACK_ACTION_PAUSE, -1, NULL,
                                      &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);
  g_assert_cmpuint (seqack_trace_get_n_events (trace), ==, 0);
  g_assert_cmpint (seqack_lab_get_now (lab), ==, 0);

  perform_ok (lab, SEQACK_CLIENT, SEQACK_ACTION_PAUSE, MS (250), NULL);
  g_assert_cmpint (seqack_lab_get_now (lab), ==, MS (250));
  g_assert_cmpuint (seqack_trace_get_n_events (trace), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lab/perform/same-as-direct-calls",
                   test_same_as_direct_calls);
  g_test_add_func ("/lab/perform/refusals", test_refusals);

  return g_test_run ();
}
