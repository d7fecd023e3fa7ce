/* seqack-sequence-spans.c: the stretches one endpoint spends in
 * TIME-WAIT, the 2MSL timer that ends them (and its restarts), and where
 * "drop next" is armed: records kept by event as the rows are laid out,
 * looked up by binary search at any scrub position.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "seqack-sequence-layout-private.h"

void
_seqack_sequence_layout_note_state_span (SeqackSequenceLayout *self,
                                         guint                 event,
                                         const SeqackEvent    *ev,
                                         guint                 host,
                                         guint                 row)
{
  if (ev->side > SEQACK_SERVER || host >= SEQACK_N_HOSTS)
    return;
  if (ev->from == SEQACK_TCP_TIME_WAIT
      && self->open_span[host] != G_MAXUINT)
    {
      SeqackSequenceSpan *span =
        &g_array_index (self->spans, SeqackSequenceSpan,
                        self->open_span[host]);

      span->row_end = row;
      span->event_end = event;
      span->t_end = ev->t;
      self->open_span[host] = G_MAXUINT;
    }
  if (ev->to == SEQACK_TCP_TIME_WAIT
      && self->open_span[host] == G_MAXUINT)
    {
      SeqackSequenceSpan span = { 0, };

      span.row_start = row;
      span.row_end = SEQACK_NO_ROW;
      span.event_start = event;
      span.event_end = SEQACK_NO_EVENT;
      span.t_start = ev->t;
      span.side = ev->side;
      span.host = (guint8) host;
      g_array_append_val (self->spans, span);
      self->open_span[host] = self->spans->len - 1;
      self->n_sets[host] = 0;
      self->span_hosts |= 1u << host;
    }
}

void
_seqack_sequence_layout_note_time_wait_timer (SeqackSequenceLayout *self,
                                              guint                 event,
                                              const SeqackEvent    *ev,
                                              guint                 host)
{
  SeqackDeadlineRecord rec = { event, SEQACK_NO_DEADLINE, 0 };

  if (ev->from != SEQACK_TCP_TIMER_TIME_WAIT || ev->side > SEQACK_SERVER
      || host >= SEQACK_N_HOSTS)
    return;
  if (ev->to == SEQACK_TIMER_SET)
    {
      SeqackSocketKey key;
      guint32 socket = 0;

      rec.deadline = ev->t2;
      rec.length = ev->t2 - ev->t;
      if (seqack_trace_get_socket (self->trace, event, &key))
        socket = ((guint32) key.local_port << 16) | key.remote_port;
      /* Another of the side's connections entering TIME-WAIT while one
       * waits (a busy server) is its first 2MSL, not a restart. */
      if (socket != self->set_socket[host])
        self->n_sets[host] = 0;
      self->set_socket[host] = socket;
      /* RFC 9293 §3.10.7.4: in TIME-WAIT a retransmitted FIN is ACKed
       * again and the 2MSL timeout restarts. */
      if (self->open_span[host] != G_MAXUINT
          && self->n_sets[host]++ > 0)
        g_array_append_val (self->restarts, event);
    }
  g_array_append_val (self->deadlines[host], rec);
}

void
_seqack_sequence_layout_note_drop (SeqackSequenceLayout *self,
                                   SeqackSide            side,
                                   guint                 event,
                                   gboolean              armed)
{
  GArray *recs = self->drops[side];
  SeqackArmRecord rec = { event, armed };

  if ((recs->len > 0 ? g_array_index (recs, SeqackArmRecord, recs->len - 1).armed
                     : FALSE) == armed)
    return;
  g_array_append_val (recs, rec);
}


guint
seqack_sequence_layout_get_n_spans (SeqackSequenceLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->spans->len;
}

const SeqackSequenceSpan *
seqack_sequence_layout_get_span (SeqackSequenceLayout *self,
                                 guint                 index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->spans->len, NULL);

  return &g_array_index (self->spans, SeqackSequenceSpan, index);
}

void
seqack_sequence_layout_spans_in (SeqackSequenceLayout *self,
                                 guint                 first_row,
                                 guint                 end_row,
                                 guint                *first,
                                 guint                *end)
{
  const SeqackSequenceSpan *spans;
  guint lo = 0, hi;
  guint done = 0;
  guint i;

  g_return_if_fail (self != NULL);
  g_return_if_fail (first != NULL && end != NULL);

  spans = (const SeqackSequenceSpan *) self->spans->data;
  hi = self->spans->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (spans[mid].row_start < end_row)
        lo = mid + 1;
      else
        hi = mid;
    }
  *end = lo;

  /* One host's spans do not overlap, so going back, the first span of a
   * host that ends before first_row means every earlier one does too. */
  i = lo;
  while (i > 0 && done != self->span_hosts)
    {
      const SeqackSequenceSpan *s = &spans[i - 1];

      if (s->row_end != SEQACK_NO_ROW && s->row_end < first_row)
        {
          done |= 1u << s->host;
          if (done == self->span_hosts)
            break;
        }
      i--;
    }
  *first = i;
}

/* The TIME-WAIT timer record of @host last before event @n, or NULL. */
static const SeqackDeadlineRecord *
last_deadline (SeqackSequenceLayout *self,
               guint                 host,
               guint                 n)
{
  GArray *recs = self->deadlines[host];
  guint lo = 0, hi = recs->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (recs, SeqackDeadlineRecord, mid).event < n)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 ? &g_array_index (recs, SeqackDeadlineRecord, lo - 1) : NULL;
}

gint64
seqack_sequence_layout_get_time_wait_deadline (SeqackSequenceLayout *self,
                                               guint                 host,
                                               guint                 n)
{
  const SeqackDeadlineRecord *rec;

  g_return_val_if_fail (self != NULL, SEQACK_NO_DEADLINE);
  g_return_val_if_fail (host < SEQACK_N_HOSTS, SEQACK_NO_DEADLINE);

  rec = last_deadline (self, host, n);
  return rec != NULL ? rec->deadline : SEQACK_NO_DEADLINE;
}

gint64
seqack_sequence_layout_get_time_wait_length (SeqackSequenceLayout *self,
                                             guint                 host,
                                             guint                 n)
{
  const SeqackDeadlineRecord *rec;
  GArray *recs;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (host < SEQACK_N_HOSTS, 0);

  /* The last one that was set: a cancel before the restart has none. */
  recs = self->deadlines[host];
  rec = last_deadline (self, host, n);
  if (rec == NULL)
    return 0;
  for (guint i = rec - &g_array_index (recs, SeqackDeadlineRecord, 0) + 1; i-- > 0;)
    if (g_array_index (recs, SeqackDeadlineRecord, i).deadline != SEQACK_NO_DEADLINE)
      return g_array_index (recs, SeqackDeadlineRecord, i).length;
  return 0;
}

gint64
seqack_sequence_layout_get_time_wait_left (SeqackSequenceLayout *self,
                                           guint                 host,
                                           guint                 n,
                                           gint64                now)
{
  gint64 deadline;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (host < SEQACK_N_HOSTS, -1);

  deadline = seqack_sequence_layout_get_time_wait_deadline (self, host, n);
  if (deadline == SEQACK_NO_DEADLINE)
    return -1;
  return MAX (0, deadline - now);
}

/* Whether TIMER event @event is about socket @key. */
static gboolean
timer_is_of (SeqackSequenceLayout  *self,
             guint                  event,
             const SeqackSocketKey *key)
{
  SeqackSocketKey of;

  return seqack_trace_get_socket (self->trace, event, &of) &&
         seqack_socket_key_equal (&of, key);
}

gint64
seqack_sequence_layout_get_socket_time_wait (SeqackSequenceLayout  *self,
                                             guint                  host,
                                             const SeqackSocketKey *key,
                                             guint                  n,
                                             gint64                *length)
{
  const SeqackDeadlineRecord *rec;
  GArray *recs;
  gint64 deadline = SEQACK_NO_DEADLINE;
  gboolean found = FALSE;

  g_return_val_if_fail (self != NULL, SEQACK_NO_DEADLINE);
  g_return_val_if_fail (host < SEQACK_N_HOSTS, SEQACK_NO_DEADLINE);
  g_return_val_if_fail (key != NULL, SEQACK_NO_DEADLINE);

  if (length != NULL)
    *length = 0;
  recs = self->deadlines[host];
  rec = last_deadline (self, host, n);
  if (rec == NULL)
    return SEQACK_NO_DEADLINE;
  /* Back over the host's other connections' timers (a busy server's
   * TIME-WAITs) to this one's last, then to the last it set. */
  for (guint i = rec - &g_array_index (recs, SeqackDeadlineRecord, 0) + 1;
       i-- > 0;)
    {
      const SeqackDeadlineRecord *r = &g_array_index (recs,
                                                      SeqackDeadlineRecord,
                                                      i);

      if (!timer_is_of (self, r->event, key))
        continue;
      if (!found)
        {
          deadline = r->deadline;
          found = TRUE;
        }
      if (r->deadline != SEQACK_NO_DEADLINE)
        {
          if (length != NULL)
            *length = r->length;
          break;
        }
    }
  return deadline;
}

gboolean
seqack_sequence_layout_get_drop_armed (SeqackSequenceLayout *self,
                                       SeqackSide            side,
                                       guint                 n)
{
  GArray *recs;
  guint lo = 0, hi;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (side <= SEQACK_SERVER, FALSE);

  recs = self->drops[side];
  hi = recs->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (recs, SeqackArmRecord, mid).event < n)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 && g_array_index (recs, SeqackArmRecord, lo - 1).armed;
}

const guint *
seqack_sequence_layout_get_time_wait_restarts (SeqackSequenceLayout *self,
                                               guint                *n)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (n != NULL, NULL);

  *n = self->restarts->len;
  return (const guint *) self->restarts->data;
}

