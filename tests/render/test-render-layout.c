/* test-render-layout.c: the sequence diagram's rows, paced for people.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "render-test-util.h"
#include "seqack-explain.h"
#include "seqack-sequence-layout.h"
#include "seqack-sequence-render.h"
#include "seqack-trace-format.h"

/* Every segment gets a send row and, later, an arrival row on the other
 * side; every fired timer a row; every state change a row of its own or
 * the row of the arrival that caused it or the departure it led to; rows
 * follow time. */
static void
test_layout_rows_hello_goodbye (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("hello-goodbye");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  guint n_rows = seqack_sequence_layout_get_n_rows (layout);
  guint n_segments = 0, n_states = 0, n_send = 0, n_arrive = 0, n_state = 0;
  guint n_shared = 0;
  gint64 last_t = G_MININT64;

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      guint row, arrive;
      SeqackSequenceRow r;

      g_assert_true (seqack_sequence_layout_get_event_rows (layout, i, &row,
                                                            &arrive));
      if (ev->kind == SEQACK_EVENT_SEGMENT)
        {
          n_segments++;
          g_assert_true (seqack_sequence_layout_get_row (layout, row, &r));
          g_assert_cmpint (r.kind, ==, SEQACK_ROW_SEND);
          g_assert_cmpuint (r.event, ==, i);
          g_assert_cmpint (r.side, ==, ev->side);
          g_assert_cmpuint (arrive, >, row);
          g_assert_true (seqack_sequence_layout_get_row (layout, arrive, &r));
          g_assert_cmpint (r.kind, ==, SEQACK_ROW_ARRIVE);
          g_assert_cmpuint (r.event, ==, i);
          g_assert_cmpint (r.side, ==, 1 - ev->side);
          g_assert_cmpint (r.t, ==, ev->t2);
        }
      else if (ev->kind == SEQACK_EVENT_STATE)
        {
          n_states++;
          g_assert_true (seqack_sequence_layout_get_row (layout, row, &r));
          g_assert_cmpuint (r.state, ==, i);
          g_assert_cmpint (r.side, ==, ev->side);
          g_assert_cmpint (r.t, ==, ev->t);
          if (r.kind == SEQACK_ROW_STATE)
            g_assert_cmpuint (r.event, ==, i);
          else
            {
              /* The arrival that caused it, or the departure it led to
               * (the very next event). */
              g_assert_true (r.kind == SEQACK_ROW_ARRIVE ||
                             (r.kind == SEQACK_ROW_SEND && r.event == i + 1));
              n_shared++;
            }
        }
      else
        g_assert_cmpuint (arrive, ==, SEQACK_NO_ROW);
    }

  for (guint r = 0; r < n_rows; r++)
    {
      SeqackSequenceRow row;

      g_assert_true (seqack_sequence_layout_get_row (layout, r, &row));
      g_assert_cmpint (row.t, >=, last_t);
      last_t = row.t;
      n_send += row.kind == SEQACK_ROW_SEND;
      n_arrive += row.kind == SEQACK_ROW_ARRIVE;
      n_state += row.state != SEQACK_NO_EVENT;
      /* The whole scenario ran: nothing is pending. */
      g_assert_false (row.pending);
    }
  g_assert_cmpuint (n_segments, >=, 9); /* 3 + data + 4 teardown */
  g_assert_cmpuint (n_send, ==, n_segments);
  g_assert_cmpuint (n_arrive, ==, n_segments);
  g_assert_cmpuint (n_state, ==, n_states);
  /* The handshake's SYN-SENT, SYN-RCVD and both ESTABLISHED at least. */
  g_assert_cmpuint (n_shared, >=, 4);
  g_assert_false (seqack_sequence_layout_get_row (layout, n_rows, &(SeqackSequenceRow) { 0, }));
}

/* The 2MSL wait is not drawn 3000 rows tall: one WAIT row with its true
 * length, and the TIME-WAIT span from the row entering it to the row
 * leaving it, 60 s (Linux TCP_TIMEWAIT_LEN = 2MSL). */
static void
test_layout_time_wait (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("hello-goodbye");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  guint enter = render_test_find_state (trace, SEQACK_CLIENT,
                                        SEQACK_TCP_FIN_WAIT_2,
                                        SEQACK_TCP_TIME_WAIT);
  guint leave = render_test_find_state (trace, SEQACK_CLIENT,
                                        SEQACK_TCP_TIME_WAIT,
                                        SEQACK_TCP_CLOSED);
  const SeqackSequenceSpan *span;
  guint fired = render_test_find_timer (trace, SEQACK_CLIENT,
                                        SEQACK_TCP_TIMER_TIME_WAIT,
                                        SEQACK_TIMER_FIRED);
  guint enter_row, leave_row, n_waits = 0;
  g_autofree char *text = NULL;

  g_assert_cmpuint (enter, !=, G_MAXUINT);
  g_assert_cmpuint (leave, !=, G_MAXUINT);
  seqack_sequence_layout_get_event_rows (layout, enter, &enter_row, NULL);
  seqack_sequence_layout_get_event_rows (layout, leave, &leave_row, NULL);

  g_assert_cmpuint (seqack_sequence_layout_get_n_spans (layout), ==, 1);
  span = seqack_sequence_layout_get_span (layout, 0);
  g_assert_cmpint (span->side, ==, SEQACK_CLIENT);
  g_assert_cmpuint (span->row_start, ==, enter_row);
  g_assert_cmpuint (span->row_end, ==, leave_row);
  g_assert_cmpuint (span->event_start, ==, enter);
  g_assert_cmpuint (span->event_end, ==, leave);
  g_assert_cmpint (span->t_end - span->t_start, ==, 60 * SEQACK_USEC_PER_SEC);
  text = seqack_sequence_format_duration (trace,
                                          span->t_end - span->t_start);
  g_assert_cmpstr (text, ==, "60.000 s");

  /* Exactly one long gap, inside the span, as long as the time between the
   * rows around it. */
  for (guint r = 0; r < seqack_sequence_layout_get_n_rows (layout); r++)
    {
      SeqackSequenceRow row, next;
      gint64 duration;

      seqack_sequence_layout_get_row (layout, r, &row);
      if (row.kind != SEQACK_ROW_WAIT)
        {
          g_assert_false (seqack_sequence_layout_get_wait (layout, r, NULL));
          continue;
        }
      n_waits++;
      g_assert_true (seqack_sequence_layout_get_wait (layout, r, &duration));
      seqack_sequence_layout_get_row (layout, r + 1, &next);
      g_assert_cmpint (duration, ==, next.t - row.t);
      g_assert_cmpint (duration, >, SEQACK_SEQUENCE_WAIT_MIN);
      g_assert_cmpuint (r, >, enter_row);
      g_assert_cmpuint (r, <, leave_row);
    }
  g_assert_cmpuint (n_waits, ==, 1);

  /* The countdown's deadline at each scrub position: none before the
   * timer is set, then 2MSL after entering TIME-WAIT. */
  g_assert_cmpint (seqack_sequence_layout_get_time_wait_deadline (layout, SEQACK_CLIENT, enter),
                   ==, SEQACK_NO_DEADLINE);
  g_assert_cmpint (seqack_sequence_layout_get_time_wait_deadline (layout, SEQACK_CLIENT, fired),
                   ==, seqack_trace_get_event (trace, enter)->t + 60 * SEQACK_USEC_PER_SEC);
  g_assert_cmpint (seqack_sequence_layout_get_time_wait_deadline (layout, SEQACK_SERVER, fired),
                   ==, SEQACK_NO_DEADLINE);
  /* Once it fired there is nothing to count down. */
  g_assert_cmpint (seqack_sequence_layout_get_time_wait_deadline (layout, SEQACK_CLIENT, fired + 1),
                   ==, SEQACK_NO_DEADLINE);
}

/* When the final ACK is lost, the server's FIN is retransmitted and the
 * client restarts 2MSL (RFC 9293 §3.10.7.4): the span lasts longer and the
 * deadline moves. */
static void
test_layout_lost_final_ack (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("lost-final-ack");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  guint lost = render_test_find_segment (trace, 0, SEQACK_TCP_ACK,
                                         SEQACK_FATE_LOST);
  const SeqackSequenceSpan *span;
  guint row, arrive, fired;
  SeqackSequenceRow r;

  g_assert_cmpuint (lost, !=, G_MAXUINT);
  /* A lost segment still has a would-be arrival row (the ✕ goes
   * mid-wire). */
  g_assert_true (seqack_sequence_layout_get_event_rows (layout, lost, &row,
                                                        &arrive));
  g_assert_true (seqack_sequence_layout_get_row (layout, arrive, &r));
  g_assert_cmpint (r.kind, ==, SEQACK_ROW_ARRIVE);

  g_assert_cmpuint (seqack_sequence_layout_get_n_spans (layout), ==, 1);
  span = seqack_sequence_layout_get_span (layout, 0);
  g_assert_cmpuint (span->event_end, !=, SEQACK_NO_EVENT);
  g_assert_cmpint (span->t_end - span->t_start, >, 60 * SEQACK_USEC_PER_SEC);
  fired = render_test_find_timer (trace, SEQACK_CLIENT,
                                  SEQACK_TCP_TIMER_TIME_WAIT,
                                  SEQACK_TIMER_FIRED);
  g_assert_cmpuint (fired, <, span->event_end);
  g_assert_cmpint (seqack_sequence_layout_get_time_wait_deadline (layout, SEQACK_CLIENT, fired),
                   ==, span->t_end);
  g_assert_cmpint (seqack_sequence_layout_get_time_wait_deadline (layout, SEQACK_CLIENT, span->event_start + 4),
                   <, span->t_end);
}

/* Laying out step by step gives the same rows as laying out at the end,
 * and rows once final never change. */
static void
test_layout_incremental (void)
{
  g_autoptr (SeqackScenario) scenario = NULL;
  g_autoptr (SeqackLab) lab = NULL;
  g_autoptr (SeqackSequenceLayout) live = NULL;
  g_autoptr (SeqackSequenceLayout) whole = NULL;
  g_autoptr (GArray) seen = g_array_new (FALSE, FALSE,
                                         sizeof (SeqackSequenceRow));
  SeqackLabConfig config;
  GError *error = NULL;
  gboolean saw_pending = FALSE;

  seqack_lab_config_init (&config);
  config.seed = 1;
  lab = seqack_lab_new (&config);
  scenario = seqack_scenario_builtin ("lost-final-ack", &error);
  g_assert_no_error (error);
  live = seqack_sequence_layout_new (seqack_lab_get_trace (lab));

  /* Lay out after every step and every clock step, as the UI does. */
  for (guint step = 0;; step++)
    {
      guint n_final_before = seqack_sequence_layout_get_n_final_rows (live);
      guint first_changed, n_final, n_pending, n_open;

      if (step < seqack_scenario_get_n_steps (scenario))
        {
          seqack_scenario_run_step (scenario, step, lab, &error);
          g_assert_no_error (error);
        }
      else if (!seqack_lab_step (lab))
        break;

      first_changed = seqack_sequence_layout_update (live);
      n_final = seqack_sequence_layout_get_n_final_rows (live);
      seqack_sequence_layout_get_pending (live, &n_pending);
      saw_pending |= n_pending > 0;
      /* Besides the pending arrivals, at most the last row may still
       * change: an arrival a state change may join, or a state change a
       * departure may join. */
      n_open = seqack_sequence_layout_get_n_rows (live) - n_pending - n_final;
      g_assert_cmpuint (n_open, <=, 1);
      if (n_open == 1)
        {
          SeqackSequenceRow open;

          g_assert_true (seqack_sequence_layout_get_row (live, n_final,
                                                         &open));
          g_assert_false (open.pending);
          g_assert_true ((open.kind == SEQACK_ROW_ARRIVE &&
                          open.state == SEQACK_NO_EVENT) ||
                         open.kind == SEQACK_ROW_STATE);
        }
      /* Only rows after the old final ones change. */
      if (first_changed != SEQACK_NO_ROW)
        g_assert_cmpuint (first_changed, >=, n_final_before);
      for (guint r = 0; r < seen->len && r < n_final; r++)
        {
          SeqackSequenceRow row;

          seqack_sequence_layout_get_row (live, r, &row);
          g_assert_cmpmem (&row, sizeof row,
                           &g_array_index (seen, SeqackSequenceRow, r),
                           sizeof row);
        }
      for (guint r = seen->len; r < n_final; r++)
        {
          SeqackSequenceRow row;

          seqack_sequence_layout_get_row (live, r, &row);
          g_array_append_val (seen, row);
        }
    }
  seqack_sequence_layout_update (live);

  g_assert_true (saw_pending);
  whole = seqack_sequence_layout_new (seqack_lab_get_trace (lab));
  g_assert_cmpuint (seqack_sequence_layout_get_n_rows (live), ==,
                    seqack_sequence_layout_get_n_rows (whole));
  for (guint r = 0; r < seqack_sequence_layout_get_n_rows (whole); r++)
    {
      SeqackSequenceRow a, b;

      seqack_sequence_layout_get_row (live, r, &a);
      seqack_sequence_layout_get_row (whole, r, &b);
      g_assert_cmpmem (&a, sizeof a, &b, sizeof b);
    }

  /* A cleared trace starts the layout over. */
  seqack_trace_clear (seqack_lab_get_trace (lab));
  seqack_sequence_layout_update (live);
  g_assert_cmpuint (seqack_sequence_layout_get_n_rows (live), ==, 0);
}

/* A segment whose arrival is after the last event sits on a provisional
 * row that moves down as events are appended before it. */
static void
test_layout_pending (void)
{
  g_autoptr (SeqackTrace) trace = seqack_trace_new ();
  g_autoptr (GByteArray) scratch = g_byte_array_new ();
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  guint syn, state, row, arrive;
  SeqackSequenceRow r;

  syn = render_test_add_segment (trace, scratch, 0, 100000, SEQACK_CLIENT,
                                 SEQACK_FATE_DELIVERED, SEQACK_TCP_SYN, 7, 0,
                                 NULL);
  g_assert_cmpuint (seqack_sequence_layout_update (layout), ==, 0);
  seqack_sequence_layout_get_event_rows (layout, syn, &row, &arrive);
  g_assert_cmpuint (row, ==, 0);
  g_assert_cmpuint (arrive, ==, 1);
  g_assert_true (seqack_sequence_layout_get_row (layout, 1, &r));
  g_assert_true (r.pending);
  g_assert_cmpuint (seqack_sequence_layout_get_n_final_rows (layout), ==, 1);

  seqack_trace_add_state (trace, 50000, SEQACK_SERVER, SEQACK_TCP_CLOSED,
                          SEQACK_TCP_LISTEN, SEQACK_TCP_EDGE_PASSIVE_OPEN, 0);
  seqack_sequence_layout_update (layout);
  seqack_sequence_layout_get_event_rows (layout, syn, &row, &arrive);
  g_assert_cmpuint (arrive, ==, 2);

  /* An event at the arrival time comes after the arrival: the state
   * change the SYN causes shares its row. */
  state = seqack_trace_add_state (trace, 100000, SEQACK_SERVER,
                                  SEQACK_TCP_LISTEN, SEQACK_TCP_SYN_RECEIVED,
                                  SEQACK_TCP_EDGE_RCV_SYN, 0);
  seqack_sequence_layout_update (layout);
  seqack_sequence_layout_get_event_rows (layout, syn, &row, &arrive);
  g_assert_cmpuint (arrive, ==, 2);
  g_assert_true (seqack_sequence_layout_get_row (layout, 2, &r));
  g_assert_false (r.pending);
  g_assert_cmpint (r.kind, ==, SEQACK_ROW_ARRIVE);
  g_assert_cmpuint (r.state, ==, state);
  seqack_sequence_layout_get_event_rows (layout, state, &row, NULL);
  g_assert_cmpuint (row, ==, 2);
  g_assert_cmpuint (seqack_sequence_layout_get_n_rows (layout), ==, 3);
  g_assert_cmpuint (seqack_sequence_layout_update (layout), ==, SEQACK_NO_ROW);
}

/* A state change caused by an arrival shares the arrival's row, one that
 * leads to a departure the send row: the whole handshake of hello-goodbye
 * (LISTEN, then SYN, SYN-ACK, ACK with both ends' state changes) takes
 * seven rows, where it took eleven with a row for each state change. */
static void
test_layout_handshake_rows (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("hello-goodbye");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  guint syn = render_test_find_segment (trace, 0, SEQACK_TCP_SYN,
                                        SEQACK_FATE_DELIVERED);
  guint synack = render_test_find_segment (trace, 0,
                                           SEQACK_TCP_SYN | SEQACK_TCP_ACK,
                                           SEQACK_FATE_DELIVERED);
  guint ack = render_test_find_segment (trace, synack + 1, SEQACK_TCP_ACK,
                                        SEQACK_FATE_DELIVERED);
  guint listen = render_test_find_state (trace, SEQACK_SERVER,
                                         SEQACK_TCP_CLOSED, SEQACK_TCP_LISTEN);
  guint syn_sent = render_test_find_state (trace, SEQACK_CLIENT,
                                           SEQACK_TCP_CLOSED,
                                           SEQACK_TCP_SYN_SENT);
  guint syn_rcvd = render_test_find_state (trace, SEQACK_SERVER,
                                           SEQACK_TCP_LISTEN,
                                           SEQACK_TCP_SYN_RECEIVED);
  guint est[2] = {
    render_test_find_state (trace, SEQACK_CLIENT, SEQACK_TCP_SYN_SENT,
                            SEQACK_TCP_ESTABLISHED),
    render_test_find_state (trace, SEQACK_SERVER, SEQACK_TCP_SYN_RECEIVED,
                            SEQACK_TCP_ESTABLISHED),
  };
  guint row[3], arrive[3], state_row;
  SeqackSequenceRow r;

  seqack_sequence_layout_get_event_rows (layout, syn, &row[0], &arrive[0]);
  seqack_sequence_layout_get_event_rows (layout, synack, &row[1], &arrive[1]);
  seqack_sequence_layout_get_event_rows (layout, ack, &row[2], &arrive[2]);

  /* LISTEN happens with no segment: a row of its own. */
  seqack_sequence_layout_get_event_rows (layout, listen, &state_row, NULL);
  g_assert_cmpuint (state_row, ==, 0);
  seqack_sequence_layout_get_row (layout, 0, &r);
  g_assert_cmpint (r.kind, ==, SEQACK_ROW_STATE);
  g_assert_cmpuint (r.state, ==, listen);

  /* CLOSED → SYN-SENT is the SYN's departure. */
  seqack_sequence_layout_get_event_rows (layout, syn_sent, &state_row, NULL);
  g_assert_cmpuint (state_row, ==, row[0]);
  seqack_sequence_layout_get_row (layout, row[0], &r);
  g_assert_cmpint (r.kind, ==, SEQACK_ROW_SEND);
  g_assert_cmpuint (r.event, ==, syn);
  g_assert_cmpuint (r.state, ==, syn_sent);

  /* LISTEN → SYN-RCVD is what the SYN's arrival did. */
  seqack_sequence_layout_get_event_rows (layout, syn_rcvd, &state_row, NULL);
  g_assert_cmpuint (state_row, ==, arrive[0]);
  seqack_sequence_layout_get_row (layout, arrive[0], &r);
  g_assert_cmpint (r.kind, ==, SEQACK_ROW_ARRIVE);
  g_assert_cmpuint (r.event, ==, syn);
  g_assert_cmpuint (r.state, ==, syn_rcvd);

  /* Each end turns ESTABLISHED on the row its last handshake segment
   * arrives. */
  seqack_sequence_layout_get_event_rows (layout, est[0], &state_row, NULL);
  g_assert_cmpuint (state_row, ==, arrive[1]);
  seqack_sequence_layout_get_event_rows (layout, est[1], &state_row, NULL);
  g_assert_cmpuint (state_row, ==, arrive[2]);
  seqack_sequence_layout_get_row (layout, arrive[2], &r);
  g_assert_cmpuint (r.state, ==, est[1]);
  g_assert_cmpint (r.side, ==, SEQACK_SERVER);

  /* SYN at row 1, each later segment leaving the row after the one
   * before arrived: seven rows from LISTEN to the server's ESTABLISHED. */
  g_assert_cmpuint (row[0], ==, 1);
  g_assert_cmpuint (arrive[0], ==, 2);
  g_assert_cmpuint (row[1], ==, 3);
  g_assert_cmpuint (arrive[1], ==, 4);
  g_assert_cmpuint (row[2], ==, 5);
  g_assert_cmpuint (arrive[2], ==, 6);
}

/* A view too narrow for the state names turns row sharing off: every
 * state change is laid out on a row of its own again (eleven rows for
 * the handshake), and back on, the seven rows come back. */
static void
test_layout_share_rows_off (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("hello-goodbye");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  guint est = render_test_find_state (trace, SEQACK_SERVER,
                                      SEQACK_TCP_SYN_RECEIVED,
                                      SEQACK_TCP_ESTABLISHED);
  guint shared_rows = seqack_sequence_layout_get_n_rows (layout);
  guint row;

  g_assert_true (seqack_sequence_layout_get_share_rows (layout));
  seqack_sequence_layout_get_event_rows (layout, est, &row, NULL);
  g_assert_cmpuint (row, ==, 6);
  g_assert_false (seqack_sequence_layout_set_share_rows (layout, TRUE));

  g_assert_true (seqack_sequence_layout_set_share_rows (layout, FALSE));
  g_assert_false (seqack_sequence_layout_get_share_rows (layout));
  seqack_sequence_layout_get_event_rows (layout, est, &row, NULL);
  g_assert_cmpuint (row, ==, 10);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_STATE)
      {
        SeqackSequenceRow r;

        seqack_sequence_layout_get_event_rows (layout, i, &row, NULL);
        seqack_sequence_layout_get_row (layout, row, &r);
        g_assert_cmpint (r.kind, ==, SEQACK_ROW_STATE);
        g_assert_cmpuint (r.event, ==, i);
      }
  g_assert_cmpuint (seqack_sequence_layout_get_n_rows (layout), >,
                    shared_rows);
  /* Laid out afresh: appending still works. */
  g_assert_cmpuint (seqack_sequence_layout_update (layout), ==, SEQACK_NO_ROW);

  g_assert_true (seqack_sequence_layout_set_share_rows (layout, TRUE));
  g_assert_cmpuint (seqack_sequence_layout_get_n_rows (layout), ==,
                    shared_rows);
}

/* Only a state change of the side the segment reaches, at that instant,
 * joins its arrival; only one just before the same side's segment joins
 * its departure. Anything else keeps its own row. */
static void
test_layout_shared_rows_only_same_side (void)
{
  g_autoptr (SeqackTrace) trace = seqack_trace_new ();
  g_autoptr (GByteArray) scratch = g_byte_array_new ();
  g_autoptr (SeqackSequenceLayout) layout = NULL;
  guint syn, other, later, own, seg, row;
  SeqackSequenceRow r;

  syn = render_test_add_segment (trace, scratch, 0, 100000, SEQACK_CLIENT,
                                 SEQACK_FATE_DELIVERED, SEQACK_TCP_SYN, 7, 0,
                                 NULL);
  /* At the arrival instant, but the client's: not what the SYN did. */
  other = seqack_trace_add_state (trace, 100000, SEQACK_CLIENT,
                                  SEQACK_TCP_SYN_SENT, SEQACK_TCP_CLOSED,
                                  SEQACK_TCP_EDGE_RCV_SYN, 0);
  /* The server's, but later than the arrival. */
  later = seqack_trace_add_state (trace, 150000, SEQACK_SERVER,
                                  SEQACK_TCP_LISTEN, SEQACK_TCP_SYN_RECEIVED,
                                  SEQACK_TCP_EDGE_RCV_SYN, 0);
  /* A state change of the server, then a segment of the client. */
  own = seqack_trace_add_state (trace, 200000, SEQACK_SERVER,
                                SEQACK_TCP_SYN_RECEIVED,
                                SEQACK_TCP_ESTABLISHED,
                                SEQACK_TCP_EDGE_RCV_SYN, 0);
  seg = render_test_add_segment (trace, scratch, 200000, 300000,
                                 SEQACK_CLIENT, SEQACK_FATE_DELIVERED,
                                 SEQACK_TCP_ACK, 8, 0, NULL);
  layout = seqack_sequence_layout_new (trace);

  g_assert_true (seqack_sequence_layout_get_row (layout, 1, &r));
  g_assert_cmpint (r.kind, ==, SEQACK_ROW_ARRIVE);
  g_assert_cmpuint (r.event, ==, syn);
  g_assert_cmpuint (r.state, ==, SEQACK_NO_EVENT);
  seqack_sequence_layout_get_event_rows (layout, other, &row, NULL);
  g_assert_cmpuint (row, ==, 2);
  seqack_sequence_layout_get_event_rows (layout, later, &row, NULL);
  g_assert_cmpuint (row, ==, 3);
  seqack_sequence_layout_get_event_rows (layout, own, &row, NULL);
  g_assert_cmpuint (row, ==, 4);
  seqack_sequence_layout_get_row (layout, 4, &r);
  g_assert_cmpint (r.kind, ==, SEQACK_ROW_STATE);
  seqack_sequence_layout_get_event_rows (layout, seg, &row, NULL);
  g_assert_cmpuint (row, ==, 5);
}

/* Visible rows: only those intersecting the viewport. */
static void
test_layout_rows_in (void)
{
  g_autoptr (SeqackTrace) trace = render_test_synthetic_trace (100, 50000);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  guint n = seqack_sequence_layout_get_n_rows (layout);
  guint first, end;

  g_assert_cmpuint (n, ==, 2 * (3 + 200));
  seqack_sequence_layout_rows_in (layout, 5 * 36, 9 * 36, 36, &first, &end);
  g_assert_cmpuint (first, ==, 5);
  g_assert_cmpuint (end, ==, 9);
  seqack_sequence_layout_rows_in (layout, 5.5 * 36, 9.5 * 36, 36, &first,
                                  &end);
  g_assert_cmpuint (first, ==, 5);
  g_assert_cmpuint (end, ==, 10);
  seqack_sequence_layout_rows_in (layout, -100, 36, 36, &first, &end);
  g_assert_cmpuint (first, ==, 0);
  g_assert_cmpuint (end, ==, 1);
  seqack_sequence_layout_rows_in (layout, (n - 2) * 36.0, (n + 50) * 36.0,
                                  36, &first, &end);
  g_assert_cmpuint (first, ==, n - 2);
  g_assert_cmpuint (end, ==, n);
  seqack_sequence_layout_rows_in (layout, (n + 5) * 36.0, (n + 50) * 36.0,
                                  36, &first, &end);
  g_assert_cmpuint (first, ==, end);
  /* Short arrows: the lookback for arrows crossing a viewport is small. */
  g_assert_cmpuint (seqack_sequence_layout_get_max_span (layout), <=, 2);
}

/* The lesson's letters name the right numbers: x = client ISN, y = server
 * ISN, u = client FIN's Seq, v = Seq of the server's ACK of it, w = server
 * FIN's Seq; and Ack = Seq + 1 for SYN and FIN. */
static void
test_layout_letters (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("hello-goodbye");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  g_autoptr (GString) text = g_string_new (NULL);
  guint syn = render_test_find_segment (trace, 0, SEQACK_TCP_SYN,
                                        SEQACK_FATE_DELIVERED);
  guint synack = render_test_find_segment (trace, 0,
                                           SEQACK_TCP_SYN | SEQACK_TCP_ACK,
                                           SEQACK_FATE_DELIVERED);
  guint fin1 = render_test_find_segment (trace, 0, SEQACK_TCP_FIN,
                                         SEQACK_FATE_DELIVERED);
  guint fin2 = render_test_find_segment (trace, fin1 + 1, SEQACK_TCP_FIN,
                                         SEQACK_FATE_DELIVERED);
  guint last = render_test_find_segment (trace, fin2 + 1, SEQACK_TCP_ACK,
                                         SEQACK_FATE_DELIVERED);
  SeqackLessonLetters letters;

  g_assert_cmpuint (last, !=, G_MAXUINT);
  g_assert_false (seqack_sequence_layout_get_letters (layout, 0, &letters));
  g_assert_true (seqack_sequence_layout_get_letters (layout, last, &letters));
  g_assert_cmpuint (letters.value[SEQACK_LETTER_X], ==,
                    seqack_trace_get_event (trace, syn)->seq);
  g_assert_cmpuint (letters.value[SEQACK_LETTER_Y], ==,
                    seqack_trace_get_event (trace, synack)->seq);
  g_assert_cmpuint (letters.value[SEQACK_LETTER_U], ==,
                    seqack_trace_get_event (trace, fin1)->seq);
  g_assert_cmpuint (letters.value[SEQACK_LETTER_W], ==,
                    seqack_trace_get_event (trace, fin2)->seq);
  g_assert_cmpuint (letters.defined_by[SEQACK_LETTER_V], >, fin1);
  g_assert_cmpuint (letters.defined_by[SEQACK_LETTER_V], <=, fin2);

  /* Known only once they happened. */
  g_assert_true (seqack_sequence_layout_get_letters (layout, syn, &letters));
  g_assert_cmpuint (letters.defined_by[SEQACK_LETTER_Y], ==, SEQACK_NO_EVENT);

  g_assert_true (seqack_sequence_layout_get_letters (layout, last, &letters));
  seqack_sequence_layout_format_letters (layout, syn, text);
  g_assert_cmpstr (text->str, ==, "Seq=x");
  g_string_truncate (text, 0);
  seqack_sequence_layout_format_letters (layout, synack, text);
  g_assert_cmpstr (text->str, ==, "Seq=y Ack=x+1");
  g_string_truncate (text, 0);
  /* The third segment of the handshake */
  seqack_sequence_layout_format_letters (layout,
                                         render_test_find_segment (trace, synack + 1,
                                                                   SEQACK_TCP_ACK,
                                                                   SEQACK_FATE_DELIVERED),
                                         text);
  g_assert_cmpstr (text->str, ==, "Seq=x+1 Ack=y+1");
  g_string_truncate (text, 0);
  seqack_sequence_layout_format_letters (layout, fin1, text);
  g_assert_true (g_str_has_prefix (text->str, "Seq=u Ack=y+"));
  g_string_truncate (text, 0);
  seqack_sequence_layout_format_letters (layout,
                                         letters.defined_by[SEQACK_LETTER_V],
                                         text);
  g_assert_cmpstr (text->str, ==, "Seq=v Ack=u+1");
  g_string_truncate (text, 0);
  seqack_sequence_layout_format_letters (layout, fin2, text);
  g_assert_cmpstr (text->str, ==, "Seq=w Ack=u+1");
  g_string_truncate (text, 0);
  seqack_sequence_layout_format_letters (layout, last, text);
  g_assert_cmpstr (text->str, ==, "Seq=u+1 Ack=w+1");
}

/* The diagram names a segment as the ladder does: the same flags and
 * numbers, the same mark (here "(delayed)", which the diagram once left
 * out), plus the first bytes of data; made once per event. */
static void
test_layout_labels (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("reordering");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  guint n_delayed = 0, n_data = 0;

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      g_autoptr (GString) plain = g_string_new (NULL);
      g_autoptr (GString) ladder = g_string_new (NULL);
      SeqackFormatOptions fo = { 0 };
      const char *label, *mark;

      label = seqack_sequence_layout_get_label (layout, i, FALSE);
      if (ev->kind != SEQACK_EVENT_SEGMENT)
        {
          g_assert_null (label);
          continue;
        }
      g_assert_nonnull (label);
      /* Kept: the same string every frame. */
      g_assert_true (label == seqack_sequence_layout_get_label (layout, i,
                                                                FALSE));
      seqack_trace_format_segment_label (trace, i, FALSE, plain);
      g_assert_true (g_str_has_prefix (label, plain->str));
      seqack_trace_format_text (trace, i, &fo, ladder);
      mark = seqack_trace_format_segment_mark (trace, i);
      if (mark != NULL)
        {
          g_autofree char *counted = g_strdup_printf (
            "(duplicate ACK %u)", seqack_explain_dup_ack_count (trace, i));

          g_assert_true (g_str_has_suffix (label, mark));
          /* The ladder counts the duplicate ACKs where the diagram has
           * its badges. */
          g_assert_nonnull (strstr (ladder->str,
                                    seqack_explain_dup_ack_count (trace, i) > 0
                                    ? counted : mark));
        }
      if (ev->marks & SEQACK_MARK_DELAYED)
        {
          g_assert_cmpstr (mark, ==, "(delayed)");
          n_delayed++;
        }
      if (ev->number > 0)
        {
          g_assert_true (strstr (label, "\"one\"") != NULL
                         || strstr (label, "\"two\"") != NULL);
          n_data++;
        }
    }
  g_assert_cmpuint (n_delayed, ==, 1);
  g_assert_cmpuint (n_data, ==, 2);
  g_assert_null (seqack_sequence_layout_get_label (layout, G_MAXUINT - 1,
                                                   FALSE));
}

/* Pixels of @layout drawn 600 px wide, the whole height. */
static GBytes *
ports_pixels (SeqackSequenceLayout *layout)
{
  SeqackSequenceRenderOptions o;
  cairo_surface_t *surface;
  cairo_t *cr;
  GBytes *pixels;

  seqack_sequence_render_options_init (&o);
  o.width = 600;
  o.height = seqack_sequence_render_get_header_height (&o) +
             seqack_sequence_render_get_content_height (layout, &o);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600,
                                        (int) o.height);
  cr = cairo_create (surface);
  seqack_sequence_render (cr, layout, &o);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  pixels = g_bytes_new (cairo_image_surface_get_data (surface),
                        (gsize) cairo_image_surface_get_stride (surface) *
                        cairo_image_surface_get_height (surface));
  cairo_surface_destroy (surface);
  return pixels;
}

/* Arrows carry their ports once the trace holds more than one
 * connection (reconnect: a second one from a new port), not before
 * (hello-goodbye); set_show_ports chooses, and the picture follows. */
static void
test_layout_ports (void)
{
  g_autoptr (SeqackLab) one = render_test_run_scenario ("hello-goodbye");
  g_autoptr (SeqackLab) two = render_test_run_scenario ("reconnect");
  SeqackTrace *trace = seqack_lab_get_trace (two);
  g_autoptr (SeqackSequenceLayout) single =
    seqack_sequence_layout_new (seqack_lab_get_trace (one));
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  g_autoptr (GBytes) with = NULL;
  g_autoptr (GBytes) without = NULL;
  guint first = render_test_find_segment (trace, 0, SEQACK_TCP_SYN,
                                          SEQACK_FATE_DELIVERED);
  guint second = render_test_find_segment (trace, first + 1, SEQACK_TCP_SYN,
                                           SEQACK_FATE_DELIVERED);
  guint16 p1, p2, d;
  char buf[16], want[16];

  g_assert_false (seqack_trace_has_many_connections (
    seqack_lab_get_trace (one)));
  g_assert_false (seqack_sequence_layout_get_show_ports (single));
  g_assert_false (seqack_sequence_layout_format_ports (single, 0, buf));
  g_assert_cmpstr (buf, ==, "");

  g_assert_true (seqack_trace_has_many_connections (trace));
  g_assert_true (seqack_sequence_layout_get_show_ports (layout));
  /* The client's SYN, then the server's SYN,ACK of the second one. */
  while (seqack_trace_get_event (trace, second)->side != SEQACK_CLIENT ||
         (seqack_trace_get_event (trace, second)->flags & SEQACK_TCP_ACK))
    second = render_test_find_segment (trace, second + 1, SEQACK_TCP_SYN,
                                       SEQACK_FATE_DELIVERED);
  g_assert_true (seqack_trace_get_ports (trace, first, &p1, &d));
  g_assert_true (seqack_trace_get_ports (trace, second, &p2, &d));
  g_assert_cmpuint (p1, !=, p2);
  g_assert_true (seqack_sequence_layout_format_ports (layout, first, buf));
  g_snprintf (want, sizeof want, "%u → 80", p1);
  g_assert_cmpstr (buf, ==, want);
  g_assert_true (seqack_sequence_layout_format_ports (layout, second, buf));
  g_snprintf (want, sizeof want, "%u → 80", p2);
  g_assert_cmpstr (buf, ==, want);
  /* A state event has no ports. */
  g_assert_false (seqack_sequence_layout_format_ports (
    layout, render_test_find_state (trace, SEQACK_SERVER, SEQACK_TCP_CLOSED,
                                    SEQACK_TCP_LISTEN), buf));

  with = ports_pixels (layout);
  g_assert_true (seqack_sequence_layout_set_show_ports (layout, FALSE));
  g_assert_false (seqack_sequence_layout_set_show_ports (layout, FALSE));
  g_assert_false (seqack_sequence_layout_format_ports (layout, first, buf));
  without = ports_pixels (layout);
  g_assert_false (g_bytes_equal (with, without));

  /* Asked for, a single connection's arrows carry them too. */
  g_assert_true (seqack_sequence_layout_set_show_ports (single, TRUE));
  g_assert_true (seqack_sequence_layout_format_ports (
    single, render_test_find_segment (seqack_lab_get_trace (one), 0,
                                      SEQACK_TCP_SYN, SEQACK_FATE_DELIVERED),
    buf));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/layout/rows-hello-goodbye",
                   test_layout_rows_hello_goodbye);
  g_test_add_func ("/render/layout/time-wait-band", test_layout_time_wait);
  g_test_add_func ("/render/layout/lost-final-ack",
                   test_layout_lost_final_ack);
  g_test_add_func ("/render/layout/incremental", test_layout_incremental);
  g_test_add_func ("/render/layout/ports", test_layout_ports);
  g_test_add_func ("/render/layout/pending-arrival", test_layout_pending);
  g_test_add_func ("/render/layout/handshake-rows",
                   test_layout_handshake_rows);
  g_test_add_func ("/render/layout/share-rows-off",
                   test_layout_share_rows_off);
  g_test_add_func ("/render/layout/shared-rows-same-side",
                   test_layout_shared_rows_only_same_side);
  g_test_add_func ("/render/layout/visible-rows", test_layout_rows_in);
  g_test_add_func ("/render/layout/lesson-letters", test_layout_letters);
  g_test_add_func ("/render/layout/labels", test_layout_labels);

  return g_test_run ();
}
