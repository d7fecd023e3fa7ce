/* seqack-sequence-layout.c: rows of the sequence diagram, append-only.
 *
 * Events arrive in time order. A segment's arrival lies in the future when
 * it is sent, so arrivals wait in a "pending" list sorted by arrival time
 * and are given their row when the first event at or after that time is
 * laid out (the arrival comes before what it causes). Final rows never
 * move; only the pending tail does, and the last row may still be joined
 * by the state change its arrival causes or by the departure a state
 * change leads to (the SYN after CLOSED → SYN-SENT).
 *
 * The TIME-WAIT spans and "drop next" marks (seqack-sequence-spans.c) and
 * the lesson's letters (seqack-sequence-letters.c) are noted as each event
 * is laid out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "seqack-sequence-layout-private.h"

#include <math.h>
#include <string.h>

#include "seqack-tcp-header.h"
#include "seqack-trace-format.h"

/* Arrows spanning more than SEQACK_SEQUENCE_LONG_SPAN rows are listed in
 * every block of LONG_BLOCK rows they cross, so that the usual lookback for
 * arrows crossing a viewport stays short. */
#define LONG_BLOCK 256

/* arrive_row value while the arrival is pending */
#define ROW_PENDING (G_MAXUINT - 1)

static void
layout_clear (SeqackSequenceLayout *self)
{
  self->n_events = 0;
  g_array_set_size (self->rows, 0);
  g_array_set_size (self->event_row, 0);
  _seqack_timer_lanes_clear (self->lanes);
  g_array_set_size (self->arrive_row, 0);
  g_array_set_size (self->pending, 0);
  self->pending_head = 0;
  g_ptr_array_set_size (self->long_blocks, 0);
  self->max_span = 1;
  g_array_set_size (self->spans, 0);
  self->span_hosts = 0;
  for (guint h = 0; h < SEQACK_N_HOSTS; h++)
    {
      self->open_span[h] = G_MAXUINT;
      g_array_set_size (self->deadlines[h], 0);
      self->n_sets[h] = 0;
      self->set_socket[h] = 0;
      g_array_set_size (self->host_states[h], 0);
    }
  self->many_hosts = FALSE;
  g_array_set_size (self->restarts, 0);
  g_array_set_size (self->drops[0], 0);
  g_array_set_size (self->drops[1], 0);
  g_array_set_size (self->connections, 0);
  g_array_set_size (self->state_events[0], 0);
  g_array_set_size (self->state_events[1], 0);
  self->last_row_t = 0;
  self->have_row = FALSE;
  g_ptr_array_set_size (self->labels[0], 0);
  g_ptr_array_set_size (self->labels[1], 0);
  g_array_set_size (self->conn_keys, 0);
  g_hash_table_remove_all (self->conn_index);
  g_array_set_size (self->event_conn, 0);
}

SeqackSequenceLayout *
seqack_sequence_layout_new (SeqackTrace *trace)
{
  SeqackSequenceLayout *self;

  g_return_val_if_fail (trace != NULL, NULL);

  self = g_new0 (SeqackSequenceLayout, 1);
  self->trace = trace;
  self->rows = g_array_new (FALSE, FALSE, sizeof (SeqackSequenceRow));
  self->event_row = g_array_new (FALSE, FALSE, sizeof (guint));
  self->lanes = _seqack_timer_lanes_new ();
  self->arrive_row = g_array_new (FALSE, FALSE, sizeof (guint));
  self->pending = g_array_new (FALSE, FALSE, sizeof (guint));
  self->long_blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  self->spans = g_array_new (FALSE, FALSE, sizeof (SeqackSequenceSpan));
  for (guint h = 0; h < SEQACK_N_HOSTS; h++)
    {
      self->deadlines[h] = g_array_new (FALSE, FALSE,
                                        sizeof (SeqackDeadlineRecord));
      self->host_states[h] = g_array_new (FALSE, FALSE, sizeof (guint));
    }
  self->restarts = g_array_new (FALSE, FALSE, sizeof (guint));
  self->drops[0] = g_array_new (FALSE, FALSE, sizeof (SeqackArmRecord));
  self->drops[1] = g_array_new (FALSE, FALSE, sizeof (SeqackArmRecord));
  self->connections = g_array_new (FALSE, FALSE, sizeof (SeqackConnection));
  self->state_events[0] = g_array_new (FALSE, FALSE, sizeof (guint));
  self->state_events[1] = g_array_new (FALSE, FALSE, sizeof (guint));
  self->labels[0] = g_ptr_array_new_with_free_func (g_free);
  self->labels[1] = g_ptr_array_new_with_free_func (g_free);
  self->conn_keys = g_array_new (FALSE, FALSE, sizeof (SeqackSocketKey));
  self->conn_index = g_hash_table_new (NULL, NULL);
  self->event_conn = g_array_new (FALSE, FALSE, sizeof (guint));
  self->share_rows = TRUE;
  self->show_ports = -1;
  layout_clear (self);
  seqack_sequence_layout_update (self);

  return self;
}

void
seqack_sequence_layout_free (SeqackSequenceLayout *self)
{
  if (self == NULL)
    return;

  g_array_unref (self->rows);
  g_array_unref (self->event_row);
  _seqack_timer_lanes_free (self->lanes);
  g_array_unref (self->arrive_row);
  g_array_unref (self->pending);
  g_ptr_array_unref (self->long_blocks);
  g_array_unref (self->spans);
  for (guint h = 0; h < SEQACK_N_HOSTS; h++)
    {
      g_array_unref (self->deadlines[h]);
      g_array_unref (self->host_states[h]);
    }
  g_array_unref (self->restarts);
  g_array_unref (self->drops[0]);
  g_array_unref (self->drops[1]);
  g_array_unref (self->connections);
  g_array_unref (self->state_events[0]);
  g_array_unref (self->state_events[1]);
  g_ptr_array_unref (self->labels[0]);
  g_ptr_array_unref (self->labels[1]);
  g_array_unref (self->conn_keys);
  g_hash_table_unref (self->conn_index);
  g_array_unref (self->event_conn);
  g_free (self);
}

SeqackTrace *
seqack_sequence_layout_get_trace (SeqackSequenceLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->trace;
}

gboolean
seqack_sequence_layout_set_share_rows (SeqackSequenceLayout *self,
                                       gboolean              share)
{
  g_return_val_if_fail (self != NULL, FALSE);

  share = !!share;
  if (share == self->share_rows)
    return FALSE;
  self->share_rows = share;
  /* Every row from the first state change on may move: lay out again. */
  layout_clear (self);
  seqack_sequence_layout_update (self);
  return TRUE;
}

gboolean
seqack_sequence_layout_get_share_rows (SeqackSequenceLayout *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->share_rows;
}

gboolean
seqack_sequence_layout_set_show_ports (SeqackSequenceLayout *self,
                                       gboolean              show)
{
  gboolean before;

  g_return_val_if_fail (self != NULL, FALSE);

  before = seqack_sequence_layout_get_show_ports (self);
  self->show_ports = !!show;
  return before != self->show_ports;
}

gboolean
seqack_sequence_layout_get_show_ports (SeqackSequenceLayout *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (self->show_ports < 0)
    return seqack_trace_has_many_connections (self->trace);
  return self->show_ports;
}

gboolean
seqack_sequence_layout_format_ports (SeqackSequenceLayout *self,
                                     guint                 event,
                                     char                  buf[16])
{
  guint16 sport, dport;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (buf != NULL, FALSE);

  buf[0] = '\0';
  if (event >= self->n_events ||
      !seqack_sequence_layout_get_show_ports (self) ||
      !seqack_trace_get_ports (self->trace, event, &sport, &dport))
    return FALSE;
  g_snprintf (buf, 16, "%u → %u", sport, dport);
  return TRUE;
}

static inline guint32
conn_code (guint16 client_port,
           guint16 server_port)
{
  return (guint32) client_port << 16 | server_port;
}

/* Notes the connection of event @event (the next one), adding it to
 * the list the first time it is seen. */
static void
note_connection (SeqackSequenceLayout *self,
                 guint                 event,
                 const SeqackEvent    *ev)
{
  SeqackSocketKey key, conn = { 0, };
  guint index = SEQACK_NO_CONNECTION;
  gpointer found;

  if (ev->side <= SEQACK_SERVER &&
      seqack_trace_get_socket (self->trace, event, &key) &&
      !seqack_socket_key_is_listener (&key) && key.remote_port != 0)
    {
      /* As the client sees it. */
      conn.local_port = ev->side == SEQACK_CLIENT ? key.local_port
                                                  : key.remote_port;
      conn.remote_port = ev->side == SEQACK_CLIENT ? key.remote_port
                                                   : key.local_port;
      found = g_hash_table_lookup (
        self->conn_index,
        GUINT_TO_POINTER (conn_code (conn.local_port, conn.remote_port)));
      if (found != NULL)
        index = GPOINTER_TO_UINT (found) - 1;
      else
        {
          index = self->conn_keys->len;
          g_array_append_val (self->conn_keys, conn);
          g_hash_table_insert (
            self->conn_index,
            GUINT_TO_POINTER (conn_code (conn.local_port, conn.remote_port)),
            GUINT_TO_POINTER (index + 1));
        }
    }
  g_array_append_val (self->event_conn, index);
}

guint
seqack_sequence_layout_get_n_connections (SeqackSequenceLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->conn_keys->len;
}

gboolean
seqack_sequence_layout_get_connection (SeqackSequenceLayout *self,
                                       guint                 index,
                                       SeqackSocketKey      *key)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  if (index >= self->conn_keys->len)
    return FALSE;
  *key = g_array_index (self->conn_keys, SeqackSocketKey, index);
  return TRUE;
}

char *
seqack_sequence_layout_format_connection (SeqackSequenceLayout *self,
                                          guint                 index)
{
  SeqackSocketKey key;
  SeqackEndpoint local, remote;
  char a[64], b[64];

  g_return_val_if_fail (self != NULL, NULL);

  if (!seqack_sequence_layout_get_connection (self, index, &key))
    return NULL;
  seqack_trace_socket_endpoints (self->trace, SEQACK_CLIENT, &key, &local,
                                 &remote);
  if (local.family == 0 || remote.family == 0)
    return g_strdup_printf ("%u ⇄ %u", key.local_port, key.remote_port);
  return g_strdup_printf ("%s ⇄ %s", seqack_endpoint_to_string (&local, a),
                          seqack_endpoint_to_string (&remote, b));
}

guint
seqack_sequence_layout_get_event_connection (SeqackSequenceLayout *self,
                                             guint                 event)
{
  g_return_val_if_fail (self != NULL, SEQACK_NO_CONNECTION);

  if (event >= self->event_conn->len)
    return SEQACK_NO_CONNECTION;
  return g_array_index (self->event_conn, guint, event);
}

gboolean
seqack_sequence_layout_get_colors_connections (SeqackSequenceLayout *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->conn_keys->len > 1;
}

gboolean
seqack_sequence_layout_set_connection (SeqackSequenceLayout  *self,
                                       const SeqackSocketKey *key)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (key == NULL ? !self->filtered
                  : self->filtered &&
                    self->filter_code == conn_code (key->local_port,
                                                    key->remote_port))
    return FALSE;
  self->filtered = key != NULL;
  self->filter_code = key != NULL ? conn_code (key->local_port,
                                               key->remote_port) : 0;
  /* Which events get rows changes from the first one on. */
  layout_clear (self);
  seqack_sequence_layout_update (self);
  return TRUE;
}

gboolean
seqack_sequence_layout_get_connection_filter (SeqackSequenceLayout *self,
                                              SeqackSocketKey      *key)
{
  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->filtered)
    return FALSE;
  if (key != NULL)
    {
      memset (key, 0, sizeof *key);
      key->local_port = (guint16) (self->filter_code >> 16);
      key->remote_port = (guint16) self->filter_code;
    }
  return TRUE;
}

gboolean
seqack_sequence_layout_is_filtered_out (SeqackSequenceLayout *self,
                                        guint                 event)
{
  guint conn;
  const SeqackSocketKey *key;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!self->filtered || event >= self->event_conn->len)
    return FALSE;
  conn = g_array_index (self->event_conn, guint, event);
  if (conn == SEQACK_NO_CONNECTION)
    return FALSE;
  key = &g_array_index (self->conn_keys, SeqackSocketKey, conn);
  return conn_code (key->local_port, key->remote_port) != self->filter_code;
}

const char *
seqack_sequence_layout_get_label (SeqackSequenceLayout *self,
                                  guint                 event,
                                  gboolean              absolute)
{
  GPtrArray *cache;
  GString *text;

  g_return_val_if_fail (self != NULL, NULL);

  if (event >= self->n_events
      || seqack_trace_get_event (self->trace, event)->kind
         != SEQACK_EVENT_SEGMENT)
    return NULL;

  cache = self->labels[absolute ? 1 : 0];
  if (cache->len <= event)
    g_ptr_array_set_size (cache, self->n_events);
  if (g_ptr_array_index (cache, event) == NULL)
    {
      /* A segment's label never changes once it is recorded: its numbers
       * are relative to an ISN known when it was sent. */
      text = g_string_new (NULL);
      seqack_trace_format_arrow_label (self->trace, event, absolute,
                                       SEQACK_LABEL_PAYLOAD
                                       | SEQACK_LABEL_WINDOW
                                       | SEQACK_LABEL_MARK, text);
      g_ptr_array_index (cache, event) = g_string_free (text, FALSE);
    }
  return g_ptr_array_index (cache, event);
}

static guint
append_row (SeqackSequenceLayout *self,
            SeqackRowKind         kind,
            gint64                t,
            guint                 event,
            guint8                side,
            guint8                host)
{
  SeqackSequenceRow row = { 0, };

  if (self->have_row && t - self->last_row_t > SEQACK_SEQUENCE_WAIT_MIN)
    {
      SeqackSequenceRow wait = { 0, };

      wait.t = self->last_row_t;
      wait.event = event;
      wait.state = SEQACK_NO_EVENT;
      wait.kind = SEQACK_ROW_WAIT;
      wait.side = side;
      wait.host = side;
      g_array_append_val (self->rows, wait);
    }

  row.t = t;
  row.event = event;
  row.state = SEQACK_NO_EVENT;
  row.kind = kind;
  row.side = side;
  row.host = host;
  g_array_append_val (self->rows, row);
  self->last_row_t = t;
  self->have_row = TRUE;

  return self->rows->len - 1;
}

static inline guint *
pending_data (SeqackSequenceLayout *self)
{
  return &g_array_index (self->pending, guint, self->pending_head);
}

static inline guint
pending_len (SeqackSequenceLayout *self)
{
  return self->pending->len - self->pending_head;
}

/* Orders pending arrivals by (t2, event). */
static inline gboolean
arrival_before (SeqackSequenceLayout *self,
                guint                 a,
                guint                 b)
{
  const SeqackEvent *ea = seqack_trace_get_event (self->trace, a);
  const SeqackEvent *eb = seqack_trace_get_event (self->trace, b);

  if (ea->t2 != eb->t2)
    return ea->t2 < eb->t2;
  return a < b;
}

static void
pending_insert (SeqackSequenceLayout *self,
                guint                 event)
{
  guint n = pending_len (self);
  guint pos = n;
  guint *data;

  g_array_append_val (self->pending, event);
  data = pending_data (self);
  /* Arrivals are nearly always in order: walk back from the end. */
  while (pos > 0 && arrival_before (self, event, data[pos - 1]))
    {
      data[pos] = data[pos - 1];
      pos--;
    }
  data[pos] = event;
}

static void
long_arrow_insert (SeqackSequenceLayout *self,
                   guint                 event,
                   guint                 send_row,
                   guint                 arrive_row)
{
  for (guint b = send_row / LONG_BLOCK; b <= arrive_row / LONG_BLOCK; b++)
    {
      while (self->long_blocks->len <= b)
        g_ptr_array_add (self->long_blocks,
                         g_array_new (FALSE, FALSE, sizeof (guint)));
      g_array_append_val (g_ptr_array_index (self->long_blocks, b), event);
    }
}

/* Gives rows to the pending arrivals due at or before @t. */
static void
flush_arrivals (SeqackSequenceLayout *self,
                gint64                t)
{
  while (pending_len (self) > 0)
    {
      guint event = pending_data (self)[0];
      const SeqackEvent *ev = seqack_trace_get_event (self->trace, event);
      guint row, span;

      if (ev->t2 > t)
        break;

      self->pending_head++;
      row = append_row (self, SEQACK_ROW_ARRIVE, ev->t2, event,
                        SEQACK_OTHER_SIDE (ev->side),
                        seqack_trace_get_segment_receiver (self->trace,
                                                           event));
      g_array_index (self->arrive_row, guint, event) = row;
      span = row - g_array_index (self->event_row, guint, event);
      if (span > SEQACK_SEQUENCE_LONG_SPAN)
        long_arrow_insert (self, event,
                           g_array_index (self->event_row, guint, event), row);
      else
        self->max_span = MAX (self->max_span, span);
    }

  if (self->pending_head > 1024 && self->pending_head * 2 > self->pending->len)
    {
      g_array_remove_range (self->pending, 0, self->pending_head);
      self->pending_head = 0;
    }
}

/* The last laid-out row, or NULL. */
static SeqackSequenceRow *
last_row (SeqackSequenceLayout *self)
{
  if (self->rows->len == 0)
    return NULL;
  return &g_array_index (self->rows, SeqackSequenceRow, self->rows->len - 1);
}

/* Whether the last row may still change: an arrival no state change has
 * joined yet, or a state change no departure has joined yet. */
static gboolean
last_row_open (SeqackSequenceLayout *self)
{
  const SeqackSequenceRow *last = last_row (self);

  return last != NULL
         && ((last->kind == SEQACK_ROW_ARRIVE && last->state == SEQACK_NO_EVENT)
             || last->kind == SEQACK_ROW_STATE);
}

/* The row STATE event @event shares, or SEQACK_NO_ROW: a state change at
 * the instant a segment reached that side is what the segment did
 * (LISTEN → SYN-RCVD on the SYN), so it is drawn beside the arrow's head
 * rather than on a row of its own. */
static guint
join_arrival (SeqackSequenceLayout *self,
              guint                 event,
              const SeqackEvent    *ev,
              guint                 host)
{
  SeqackSequenceRow *last = last_row (self);

  if (!self->share_rows || last == NULL || last->kind != SEQACK_ROW_ARRIVE
      || last->state != SEQACK_NO_EVENT || last->side != ev->side
      || last->host != host || last->t != ev->t)
    return SEQACK_NO_ROW;
  last->state = event;
  self->changed_from = MIN (self->changed_from, self->rows->len - 1);
  return self->rows->len - 1;
}

/* The row SEGMENT @event leaves from when it is the departure of the
 * state change just before it (CLOSED → SYN-SENT, then the SYN): that
 * row becomes the segment's send row, the state drawn beside the arrow's
 * tail. Else SEQACK_NO_ROW. */
static guint
join_departure (SeqackSequenceLayout *self,
                guint                 event,
                const SeqackEvent    *ev,
                guint                 host)
{
  SeqackSequenceRow *last = last_row (self);

  if (!self->share_rows || last == NULL || last->kind != SEQACK_ROW_STATE
      || last->side != ev->side || last->host != host || last->t != ev->t
      || last->event + 1 != event)
    return SEQACK_NO_ROW;
  last->kind = SEQACK_ROW_SEND;
  last->event = event;
  self->changed_from = MIN (self->changed_from, self->rows->len - 1);
  return self->rows->len - 1;
}

static void
lay_out_event (SeqackSequenceLayout *self,
               guint                 event)
{
  const SeqackEvent *ev = seqack_trace_get_event (self->trace, event);
  guint row = SEQACK_NO_ROW;
  guint arrive = SEQACK_NO_ROW;
  guint host = seqack_trace_get_event_host (self->trace, event);

  flush_arrivals (self, ev->t);

  /* Another connection's event, with a filter: it sits where the next
   * row goes, and its segment has no arrival row. */
  if (seqack_sequence_layout_is_filtered_out (self, event))
    {
      row = self->rows->len;
      g_array_append_val (self->event_row, row);
      g_array_append_val (self->arrive_row, arrive);
      return;
    }

  switch (ev->kind)
    {
    case SEQACK_EVENT_SEGMENT:
      row = join_departure (self, event, ev, host);
      if (row == SEQACK_NO_ROW)
        row = append_row (self, SEQACK_ROW_SEND, ev->t, event, ev->side,
                          host);
      arrive = ROW_PENDING;
      _seqack_sequence_layout_note_letters (self, event, ev);
      /* The lab drops the sender's very next segment. */
      if (ev->side <= SEQACK_SERVER)
        _seqack_sequence_layout_note_drop (self, ev->side, event, FALSE);
      break;

    case SEQACK_EVENT_ACTION:
      if (ev->from == SEQACK_ACTION_DROP_NEXT && ev->side <= SEQACK_SERVER)
        _seqack_sequence_layout_note_drop (self, ev->side, event, TRUE);
      break;

    case SEQACK_EVENT_STATE:
      row = join_arrival (self, event, ev, host);
      if (row == SEQACK_NO_ROW)
        {
          row = append_row (self, SEQACK_ROW_STATE, ev->t, event, ev->side,
                            host);
          g_array_index (self->rows, SeqackSequenceRow, row).state = event;
        }
      _seqack_sequence_layout_note_state_span (self, event, ev, host, row);
      break;

    case SEQACK_EVENT_TIMER:
      if (ev->to == SEQACK_TIMER_FIRED)
        row = append_row (self, SEQACK_ROW_TIMER, ev->t, event, ev->side,
                          host);
      _seqack_sequence_layout_note_time_wait_timer (self, event, ev, host);
      break;

    default:
      break;
    }

  /* Events without a row of their own sit where the next row will go. */
  if (row == SEQACK_NO_ROW)
    row = self->rows->len;
  g_array_append_val (self->event_row, row);
  g_array_append_val (self->arrive_row, arrive);
  if (ev->kind == SEQACK_EVENT_TIMER)
    _seqack_timer_lanes_note (self->lanes, event, ev, host, row);
  if (arrive == ROW_PENDING)
    pending_insert (self, event);
}

/* STATE event @event in its host's list, once the trace has hosts
 * beside its endpoints: until then every state change was an
 * endpoint's, so the endpoints' lists start as their sides'. */
static void
note_host_state (SeqackSequenceLayout *self,
                 guint                 event)
{
  guint host;

  if (!self->many_hosts)
    {
      if (!seqack_trace_has_more_hosts (self->trace))
        return;
      self->many_hosts = TRUE;
      for (guint side = 0; side < 2; side++)
        {
          GArray *list = self->state_events[side];

          /* All but @event, appended just now. */
          g_array_append_vals (self->host_states[side], list->data,
                               list->len - (list->len > 0 &&
                                            g_array_index (list, guint,
                                                           list->len - 1)
                                            == event));
        }
    }
  host = seqack_trace_get_event_host (self->trace, event);
  if (host < SEQACK_N_HOSTS)
    g_array_append_val (self->host_states[host], event);
}

guint
seqack_sequence_layout_update (SeqackSequenceLayout *self)
{
  guint n;

  g_return_val_if_fail (self != NULL, SEQACK_NO_ROW);

  n = seqack_trace_get_n_events (self->trace);
  if (n < self->n_events)
    layout_clear (self);
  if (n == self->n_events)
    return SEQACK_NO_ROW;

  self->changed_from = self->rows->len;
  for (guint i = self->n_events; i < n; i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (self->trace, i);

      note_connection (self, i, ev);
      if (ev->kind == SEQACK_EVENT_STATE && ev->side <= SEQACK_SERVER &&
          !seqack_sequence_layout_is_filtered_out (self, i))
        {
          g_array_append_val (self->state_events[ev->side], i);
          note_host_state (self, i);
        }
      lay_out_event (self, i);
    }
  self->n_events = n;

  return self->changed_from;
}

/* The last of @events (event indices, increasing) before @before, by
 * binary search; SEQACK_NO_EVENT when none is. */
static guint
last_before (GArray *events,
             guint   before)
{
  guint lo = 0, hi = events->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (events, guint, mid) < before)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 ? g_array_index (events, guint, lo - 1) : SEQACK_NO_EVENT;
}

guint
seqack_sequence_layout_last_state_event (SeqackSequenceLayout *self,
                                         SeqackSide            side,
                                         guint                 before)
{
  g_return_val_if_fail (self != NULL, SEQACK_NO_EVENT);
  g_return_val_if_fail (side <= SEQACK_SERVER, SEQACK_NO_EVENT);

  return last_before (self->state_events[side], before);
}

guint
seqack_sequence_layout_last_host_state_event (SeqackSequenceLayout *self,
                                              guint                 host,
                                              guint                 before)
{
  g_return_val_if_fail (self != NULL, SEQACK_NO_EVENT);
  g_return_val_if_fail (host < SEQACK_N_HOSTS, SEQACK_NO_EVENT);

  if (!self->many_hosts)
    return host <= SEQACK_SERVER
           ? seqack_sequence_layout_last_state_event (self, host, before)
           : SEQACK_NO_EVENT;
  return last_before (self->host_states[host], before);
}

guint
seqack_sequence_layout_get_n_events (SeqackSequenceLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_events;
}

guint
seqack_sequence_layout_get_n_rows (SeqackSequenceLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->rows->len + pending_len (self);
}

guint
seqack_sequence_layout_get_n_final_rows (SeqackSequenceLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->rows->len - (last_row_open (self) ? 1 : 0);
}

gboolean
seqack_sequence_layout_get_row (SeqackSequenceLayout *self,
                                guint                 row,
                                SeqackSequenceRow    *out)
{
  const SeqackEvent *ev;
  guint k;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (row < self->rows->len)
    {
      *out = g_array_index (self->rows, SeqackSequenceRow, row);
      return TRUE;
    }

  k = row - self->rows->len;
  if (k >= pending_len (self))
    return FALSE;

  ev = seqack_trace_get_event (self->trace, pending_data (self)[k]);
  memset (out, 0, sizeof *out);
  out->t = ev->t2;
  out->event = pending_data (self)[k];
  out->state = SEQACK_NO_EVENT;
  out->kind = SEQACK_ROW_ARRIVE;
  out->side = SEQACK_OTHER_SIDE (ev->side);
  out->host = seqack_trace_get_segment_receiver (self->trace, out->event);
  out->pending = TRUE;

  return TRUE;
}

gboolean
seqack_sequence_layout_get_event_rows (SeqackSequenceLayout *self,
                                       guint                 event,
                                       guint                *row,
                                       guint                *arrive_row)
{
  guint arrive;

  g_return_val_if_fail (self != NULL, FALSE);

  if (event >= self->n_events)
    return FALSE;

  arrive = g_array_index (self->arrive_row, guint, event);
  if (arrive == ROW_PENDING)
    {
      guint *data = pending_data (self);
      guint lo = 0, hi = pending_len (self);

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (arrival_before (self, data[mid], event))
            lo = mid + 1;
          else
            hi = mid;
        }
      g_assert (lo < pending_len (self) && data[lo] == event);
      arrive = self->rows->len + lo;
    }

  if (row != NULL)
    *row = g_array_index (self->event_row, guint, event);
  if (arrive_row != NULL)
    *arrive_row = arrive;

  return TRUE;
}

void
seqack_sequence_layout_rows_in (SeqackSequenceLayout *self,
                                double                y0,
                                double                y1,
                                double                row_height,
                                guint                 *first,
                                guint                 *end)
{
  guint n;
  double a, b;

  g_return_if_fail (self != NULL);
  g_return_if_fail (row_height > 0);
  g_return_if_fail (first != NULL && end != NULL);

  n = seqack_sequence_layout_get_n_rows (self);
  /* Rows are all the same height, so this is a division. */
  a = floor (y0 / row_height);
  b = ceil (y1 / row_height);
  *first = a <= 0 ? 0 : a >= n ? n : (guint) a;
  *end = b <= 0 ? 0 : b >= n ? n : (guint) b;
  if (*end < *first)
    *end = *first;
}

guint
seqack_sequence_layout_get_max_span (SeqackSequenceLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->max_span;
}

const guint *
seqack_sequence_layout_get_long_arrows (SeqackSequenceLayout *self,
                                        guint                 row,
                                        guint                *n)
{
  GArray *block;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n != NULL, NULL);

  *n = 0;
  if (row / LONG_BLOCK >= self->long_blocks->len)
    return NULL;
  block = g_ptr_array_index (self->long_blocks, row / LONG_BLOCK);
  *n = block->len;
  return (const guint *) block->data;
}

const guint *
seqack_sequence_layout_get_pending (SeqackSequenceLayout *self,
                                    guint                *n)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n != NULL, NULL);

  *n = pending_len (self);
  return pending_data (self);
}

gboolean
seqack_sequence_layout_get_wait (SeqackSequenceLayout *self,
                                 guint                 row,
                                 gint64               *duration)
{
  const SeqackSequenceRow *r;

  g_return_val_if_fail (self != NULL, FALSE);

  /* A WAIT row is always followed by the final row that ended it. */
  if (row + 1 >= self->rows->len)
    return FALSE;
  r = &g_array_index (self->rows, SeqackSequenceRow, row);
  if (r->kind != SEQACK_ROW_WAIT)
    return FALSE;
  if (duration != NULL)
    *duration = g_array_index (self->rows, SeqackSequenceRow, row + 1).t - r->t;

  return TRUE;
}

SeqackTimerLanes *
seqack_sequence_layout_get_timer_lanes (SeqackSequenceLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->lanes;
}

