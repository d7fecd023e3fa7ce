/* seqack-trace-recorder.c: a TCB's callbacks that write its Trace.
 *
 * Each callback records what happened, then the side's variables as they
 * are after it: the TCB updates them before each callback (SND.NXT past a
 * segment it sends, RCV.NXT past data it delivers; see seqack-tcp-conn.h),
 * so a SEGMENT event followed by another event in the same call still
 * shows its own post-send values.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "seqack-error.h"
#include "seqack-trace-recorder.h"

void
seqack_trace_recorder_note_vars (const SeqackTraceRecorder *recorder)
{
  SeqackSocketKey key = { 0 };
  SeqackTcpVars vars;

  g_return_if_fail (recorder != NULL && recorder->conn != NULL);

  seqack_tcp_conn_get_vars (recorder->conn, &vars);
  /* In the log of the socket its events are named with
   * (seqack_trace_recorder_name_socket()). */
  key.local_port = seqack_tcp_conn_get_local_port (recorder->conn);
  key.remote_port = seqack_tcp_conn_get_remote_port (recorder->conn);
  key.remote_addr = recorder->remote_addr;
  seqack_trace_note_socket_vars (recorder->trace, recorder->host, &key,
                                 &vars);
}

void
seqack_trace_recorder_name_socket (const SeqackTraceRecorder *recorder,
                                   guint                      index)
{
  SeqackSocketKey key = { 0 };

  g_return_if_fail (recorder != NULL);

  if (recorder->conn == NULL || index == G_MAXUINT)
    return;
  key.local_port = seqack_tcp_conn_get_local_port (recorder->conn);
  key.remote_port = seqack_tcp_conn_get_remote_port (recorder->conn);
  key.remote_addr = recorder->remote_addr;
  seqack_trace_set_socket (recorder->trace, index, &key);
}

static void
on_send (gpointer                user_data,
         const SeqackTcpSegment *segment,
         guint                   sent)
{
  SeqackTraceRecorder *rec = user_data;
  guint n = seqack_trace_get_n_events (rec->trace);
  guint8 why = ((sent & SEQACK_TCP_SENT_WINDOW_PROBE)
                ? SEQACK_WHY_WINDOW_PROBE : 0) |
               ((sent & SEQACK_TCP_SENT_WINDOW_UPDATE)
                ? SEQACK_WHY_WINDOW_UPDATE : 0) |
               ((sent & SEQACK_TCP_SENT_DUP_ACK) ? SEQACK_WHY_DUP_ACK : 0) |
               ((sent & SEQACK_TCP_SENT_FAST_RETRANSMISSION)
                ? SEQACK_WHY_FAST_RETRANSMISSION : 0);

  rec->transmit (rec->owner, segment,
                 (sent & SEQACK_TCP_SENT_RETRANSMISSION)
                 ? SEQACK_MARK_RETRANSMISSION : 0);
  /* transmit() appended the segment's event. */
  if (why != 0 && seqack_trace_get_n_events (rec->trace) > n)
    seqack_trace_set_why (rec->trace, n, why);
  seqack_trace_recorder_note_vars (rec);
}

static void
on_state_changed (gpointer       user_data,
                  SeqackTcpState from,
                  SeqackTcpState to,
                  SeqackTcpEdge  edge)
{
  SeqackTraceRecorder *rec = user_data;
  guint index;

  index = seqack_trace_add_state (rec->trace, *rec->now, rec->side, from,
                                  to, edge, 0);
  seqack_trace_recorder_name_socket (rec, index);
  seqack_trace_recorder_note_vars (rec);
}

static void
on_timer (gpointer          user_data,
          SeqackTcpTimer    timer,
          SeqackTimerAction action,
          gint64            deadline)
{
  SeqackTraceRecorder *rec = user_data;
  guint index;

  index = seqack_trace_add_timer (rec->trace, *rec->now, rec->side, timer,
                                  action, deadline);
  seqack_trace_recorder_name_socket (rec, index);
  seqack_trace_recorder_note_vars (rec);
}

static void
on_deliver (gpointer      user_data,
            const guint8 *data,
            gsize         len)
{
  SeqackTraceRecorder *rec = user_data;
  guint index;

  index = seqack_trace_add_data (rec->trace, *rec->now, rec->side, data,
                                 len);
  seqack_trace_recorder_name_socket (rec, index);
  if (rec->deliver != NULL)
    rec->deliver (rec->owner, data, len);
  seqack_trace_recorder_note_vars (rec);
}

static void
on_error (gpointer      user_data,
          const GError *error)
{
  SeqackTraceRecorder *rec = user_data;
  guint index;

  index = seqack_trace_add_error (rec->trace, *rec->now, rec->side,
                                  (SeqackError) error->code, error->message);
  seqack_trace_recorder_name_socket (rec, index);
  if (rec->error != NULL)
    rec->error (rec->owner, error);
  seqack_trace_recorder_note_vars (rec);
}

static const SeqackTcpCallbacks recorder_callbacks = {
  .send = on_send,
  .state_changed = on_state_changed,
  .timer = on_timer,
  .deliver = on_deliver,
  .error = on_error,
};

const SeqackTcpCallbacks *
seqack_trace_recorder_callbacks (void)
{
  return &recorder_callbacks;
}
