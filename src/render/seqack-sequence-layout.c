/* seqack-sequence-layout.c: rows of the sequence diagram, append-only.
 *
 * Events arrive in time order. A segment's arrival lies in the future when
 * it is sent, so arrivals wait in a "pending" list sorted by arrival time
 * and are given their row when the first event at or after that time is
 * laid out (the arrival comes before what it causes). Final rows never
 * move; only the pending tail does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "seqack-sequence-layout.h"
#include "seqack-timer-lanes.h"

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

typedef struct
{
  guint  event;
  gint64 deadline;
  gint64 length;    /* deadline minus the time it was set: the 2MSL */
} DeadlineRecord;

typedef struct
{
  guint               first_event;
  SeqackLessonLetters letters;
} Connection;

typedef struct
{
  guint    event;
  gboolean armed;
} ArmRecord;

struct _SeqackSequenceLayout
{
  SeqackTrace *trace;
  guint        n_events;      /* events laid out */
  GArray      *rows;          /* SeqackSequenceRow, final rows */
  GArray      *event_row;     /* guint per event */
  SeqackTimerLanes *lanes;    /* the timers' lanes (seqack-timer-lanes.h) */
  GArray      *arrive_row;    /* guint per event */
  GArray      *pending;       /* guint events by (t2, event), from head */
  guint        pending_head;
  GPtrArray   *long_blocks;   /* GArray of guint events per block */
  guint        max_span;
  GArray      *spans;         /* SeqackSequenceSpan by row_start */
  guint        open_span[2];  /* index into spans, or G_MAXUINT */
  GArray      *deadlines[2];  /* DeadlineRecord: TIME-WAIT timer */
  guint        n_sets[2];     /* TIME-WAIT timers set in the open span */
  GArray      *restarts;      /* guint: TIME-WAIT timers set again */
  GArray      *drops[2];      /* ArmRecord: "drop next" armed or spent */
  GArray      *connections;   /* Connection by first_event */
  GArray      *state_events[2]; /* guint: STATE events of each side */
  gint64       last_row_t;
  gboolean     have_row;
  /* Arrow labels, made the first time an arrow is drawn and kept: char *
   * per event or NULL, relative [0] and absolute [1]. */
  GPtrArray   *labels[2];
};

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
  self->open_span[0] = self->open_span[1] = G_MAXUINT;
  g_array_set_size (self->deadlines[0], 0);
  g_array_set_size (self->deadlines[1], 0);
  self->n_sets[0] = self->n_sets[1] = 0;
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
  self->deadlines[0] = g_array_new (FALSE, FALSE, sizeof (DeadlineRecord));
  self->deadlines[1] = g_array_new (FALSE, FALSE, sizeof (DeadlineRecord));
  self->restarts = g_array_new (FALSE, FALSE, sizeof (guint));
  self->drops[0] = g_array_new (FALSE, FALSE, sizeof (ArmRecord));
  self->drops[1] = g_array_new (FALSE, FALSE, sizeof (ArmRecord));
  self->connections = g_array_new (FALSE, FALSE, sizeof (Connection));
  self->state_events[0] = g_array_new (FALSE, FALSE, sizeof (guint));
  self->state_events[1] = g_array_new (FALSE, FALSE, sizeof (guint));
  self->labels[0] = g_ptr_array_new_with_free_func (g_free);
  self->labels[1] = g_ptr_array_new_with_free_func (g_free);
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
  g_array_unref (self->deadlines[0]);
  g_array_unref (self->deadlines[1]);
  g_array_unref (self->restarts);
  g_array_unref (self->drops[0]);
  g_array_unref (self->drops[1]);
  g_array_unref (self->connections);
  g_array_unref (self->state_events[0]);
  g_array_unref (self->state_events[1]);
  g_ptr_array_unref (self->labels[0]);
  g_ptr_array_unref (self->labels[1]);
  g_free (self);
}

SeqackTrace *
seqack_sequence_layout_get_trace (SeqackSequenceLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->trace;
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
            guint8                side)
{
  SeqackSequenceRow row = { 0, };

  if (self->have_row && t - self->last_row_t > SEQACK_SEQUENCE_WAIT_MIN)
    {
      SeqackSequenceRow wait = { 0, };

      wait.t = self->last_row_t;
      wait.event = event;
      wait.kind = SEQACK_ROW_WAIT;
      wait.side = side;
      g_array_append_val (self->rows, wait);
    }

  row.t = t;
  row.event = event;
  row.kind = kind;
  row.side = side;
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
                        SEQACK_OTHER_SIDE (ev->side));
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

static Connection *
current_connection (SeqackSequenceLayout *self)
{
  if (self->connections->len == 0)
    return NULL;
  return &g_array_index (self->connections, Connection,
                         self->connections->len - 1);
}

static void
define_letter (Connection  *conn,
               SeqackLetter letter,
               guint32      value,
               guint        event)
{
  if (conn->letters.defined_by[letter] != SEQACK_NO_EVENT)
    return;
  conn->letters.value[letter] = value;
  conn->letters.defined_by[letter] = event;
}

/* The lesson's letters are names for numbers the trace holds: the Seq of
 * particular segments. This only picks which segments those are. */
static void
note_letters (SeqackSequenceLayout *self,
              guint                 event,
              const SeqackEvent    *ev)
{
  Connection *conn = current_connection (self);
  gboolean fresh = !(ev->marks & (SEQACK_MARK_RETRANSMISSION |
                                  SEQACK_MARK_STALE));

  if (ev->side == SEQACK_CLIENT && (ev->flags & SEQACK_TCP_SYN) &&
      !(ev->flags & SEQACK_TCP_ACK) && fresh &&
      (conn == NULL || conn->letters.value[SEQACK_LETTER_X] != ev->seq))
    {
      Connection fresh_conn = { 0, };

      fresh_conn.first_event = event;
      for (guint i = 0; i < SEQACK_N_LETTERS; i++)
        fresh_conn.letters.defined_by[i] = SEQACK_NO_EVENT;
      g_array_append_val (self->connections, fresh_conn);
      conn = current_connection (self);
      define_letter (conn, SEQACK_LETTER_X, ev->seq, event);
      return;
    }

  if (conn == NULL || (ev->marks & SEQACK_MARK_STALE))
    return;

  if (ev->side == SEQACK_CLIENT)
    {
      if (ev->flags & SEQACK_TCP_FIN)
        define_letter (conn, SEQACK_LETTER_U, ev->seq, event);
      return;
    }

  if (ev->flags & SEQACK_TCP_SYN)
    define_letter (conn, SEQACK_LETTER_Y, ev->seq, event);
  /* v: the server's ACK of the client's FIN (Ack = u + 1, the FIN counts
   * one, RFC 9293 §3.4). */
  if ((ev->flags & SEQACK_TCP_ACK) &&
      conn->letters.defined_by[SEQACK_LETTER_U] != SEQACK_NO_EVENT &&
      ev->ack == conn->letters.value[SEQACK_LETTER_U] + 1)
    define_letter (conn, SEQACK_LETTER_V, ev->seq, event);
  if (ev->flags & SEQACK_TCP_FIN)
    define_letter (conn, SEQACK_LETTER_W, ev->seq, event);
}

static void
note_drop (SeqackSequenceLayout *self,
           SeqackSide            side,
           guint                 event,
           gboolean              armed)
{
  GArray *recs = self->drops[side];
  ArmRecord rec = { event, armed };

  if ((recs->len > 0 ? g_array_index (recs, ArmRecord, recs->len - 1).armed
                     : FALSE) == armed)
    return;
  g_array_append_val (recs, rec);
}

static void
lay_out_event (SeqackSequenceLayout *self,
               guint                 event)
{
  const SeqackEvent *ev = seqack_trace_get_event (self->trace, event);
  guint row = SEQACK_NO_ROW;
  guint arrive = SEQACK_NO_ROW;

  flush_arrivals (self, ev->t);

  switch (ev->kind)
    {
    case SEQACK_EVENT_SEGMENT:
      row = append_row (self, SEQACK_ROW_SEND, ev->t, event, ev->side);
      arrive = ROW_PENDING;
      note_letters (self, event, ev);
      /* The lab drops the sender's very next segment. */
      if (ev->side <= SEQACK_SERVER)
        note_drop (self, ev->side, event, FALSE);
      break;

    case SEQACK_EVENT_ACTION:
      if (ev->from == SEQACK_ACTION_DROP_NEXT && ev->side <= SEQACK_SERVER)
        note_drop (self, ev->side, event, TRUE);
      break;

    case SEQACK_EVENT_STATE:
      row = append_row (self, SEQACK_ROW_STATE, ev->t, event, ev->side);
      if (ev->side <= SEQACK_SERVER && ev->from == SEQACK_TCP_TIME_WAIT &&
          self->open_span[ev->side] != G_MAXUINT)
        {
          SeqackSequenceSpan *span =
            &g_array_index (self->spans, SeqackSequenceSpan,
                            self->open_span[ev->side]);

          span->row_end = row;
          span->event_end = event;
          span->t_end = ev->t;
          self->open_span[ev->side] = G_MAXUINT;
        }
      if (ev->side <= SEQACK_SERVER && ev->to == SEQACK_TCP_TIME_WAIT &&
          self->open_span[ev->side] == G_MAXUINT)
        {
          SeqackSequenceSpan span = { 0, };

          span.row_start = row;
          span.row_end = SEQACK_NO_ROW;
          span.event_start = event;
          span.event_end = SEQACK_NO_EVENT;
          span.t_start = ev->t;
          span.side = ev->side;
          g_array_append_val (self->spans, span);
          self->open_span[ev->side] = self->spans->len - 1;
          self->n_sets[ev->side] = 0;
        }
      break;

    case SEQACK_EVENT_TIMER:
      if (ev->to == SEQACK_TIMER_FIRED)
        row = append_row (self, SEQACK_ROW_TIMER, ev->t, event, ev->side);
      if (ev->from == SEQACK_TCP_TIMER_TIME_WAIT && ev->side <= SEQACK_SERVER)
        {
          DeadlineRecord rec = { event, SEQACK_NO_DEADLINE, 0 };

          if (ev->to == SEQACK_TIMER_SET)
            {
              rec.deadline = ev->t2;
              rec.length = ev->t2 - ev->t;
              /* RFC 9293 §3.10.7.4: in TIME-WAIT a retransmitted FIN is
               * ACKed again and the 2MSL timeout restarts. */
              if (self->open_span[ev->side] != G_MAXUINT
                  && self->n_sets[ev->side]++ > 0)
                g_array_append_val (self->restarts, event);
            }
          g_array_append_val (self->deadlines[ev->side], rec);
        }
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
    _seqack_timer_lanes_note (self->lanes, event, ev, row);
  if (arrive == ROW_PENDING)
    pending_insert (self, event);
}

guint
seqack_sequence_layout_update (SeqackSequenceLayout *self)
{
  guint n;
  guint first_changed;

  g_return_val_if_fail (self != NULL, SEQACK_NO_ROW);

  n = seqack_trace_get_n_events (self->trace);
  if (n < self->n_events)
    layout_clear (self);
  if (n == self->n_events)
    return SEQACK_NO_ROW;

  first_changed = self->rows->len;
  for (guint i = self->n_events; i < n; i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (self->trace, i);

      if (ev->kind == SEQACK_EVENT_STATE && ev->side <= SEQACK_SERVER)
        g_array_append_val (self->state_events[ev->side], i);
      lay_out_event (self, i);
    }
  self->n_events = n;

  return first_changed;
}

guint
seqack_sequence_layout_last_state_event (SeqackSequenceLayout *self,
                                         SeqackSide            side,
                                         guint                 before)
{
  GArray *events;
  guint lo = 0, hi;

  g_return_val_if_fail (self != NULL, SEQACK_NO_EVENT);
  g_return_val_if_fail (side <= SEQACK_SERVER, SEQACK_NO_EVENT);

  /* Binary search: the first STATE event at or after @before. */
  events = self->state_events[side];
  hi = events->len;
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

  return self->rows->len;
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
  out->kind = SEQACK_ROW_ARRIVE;
  out->side = SEQACK_OTHER_SIDE (ev->side);
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
  gboolean done[2] = { FALSE, FALSE };
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

  /* One side's spans do not overlap, so going back, the first span of a
   * side that ends before first_row means every earlier one does too. */
  i = lo;
  while (i > 0 && !(done[0] && done[1]))
    {
      const SeqackSequenceSpan *s = &spans[i - 1];

      if (s->row_end != SEQACK_NO_ROW && s->row_end < first_row)
        {
          done[s->side & 1] = TRUE;
          if (done[0] && done[1])
            break;
        }
      i--;
    }
  *first = i;
}

/* The TIME-WAIT timer record of @side last before event @n, or NULL. */
static const DeadlineRecord *
last_deadline (SeqackSequenceLayout *self,
               SeqackSide            side,
               guint                 n)
{
  GArray *recs = self->deadlines[side];
  guint lo = 0, hi = recs->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (recs, DeadlineRecord, mid).event < n)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 ? &g_array_index (recs, DeadlineRecord, lo - 1) : NULL;
}

gint64
seqack_sequence_layout_get_time_wait_deadline (SeqackSequenceLayout *self,
                                               SeqackSide            side,
                                               guint                 n)
{
  const DeadlineRecord *rec;

  g_return_val_if_fail (self != NULL, SEQACK_NO_DEADLINE);
  g_return_val_if_fail (side <= SEQACK_SERVER, SEQACK_NO_DEADLINE);

  rec = last_deadline (self, side, n);
  return rec != NULL ? rec->deadline : SEQACK_NO_DEADLINE;
}

gint64
seqack_sequence_layout_get_time_wait_length (SeqackSequenceLayout *self,
                                             SeqackSide            side,
                                             guint                 n)
{
  const DeadlineRecord *rec;
  GArray *recs;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (side <= SEQACK_SERVER, 0);

  /* The last one that was set: a cancel before the restart has none. */
  recs = self->deadlines[side];
  rec = last_deadline (self, side, n);
  if (rec == NULL)
    return 0;
  for (guint i = rec - &g_array_index (recs, DeadlineRecord, 0) + 1; i-- > 0;)
    if (g_array_index (recs, DeadlineRecord, i).deadline != SEQACK_NO_DEADLINE)
      return g_array_index (recs, DeadlineRecord, i).length;
  return 0;
}

gint64
seqack_sequence_layout_get_time_wait_left (SeqackSequenceLayout *self,
                                           SeqackSide            side,
                                           guint                 n,
                                           gint64                now)
{
  gint64 deadline;

  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (side <= SEQACK_SERVER, -1);

  deadline = seqack_sequence_layout_get_time_wait_deadline (self, side, n);
  if (deadline == SEQACK_NO_DEADLINE)
    return -1;
  return MAX (0, deadline - now);
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

      if (g_array_index (recs, ArmRecord, mid).event < n)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo > 0 && g_array_index (recs, ArmRecord, lo - 1).armed;
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

gboolean
seqack_sequence_layout_get_letters (SeqackSequenceLayout *self,
                                    guint                 event,
                                    SeqackLessonLetters  *letters)
{
  guint lo = 0, hi;
  const Connection *conn;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (letters != NULL, FALSE);

  hi = self->connections->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->connections, Connection, mid).first_event <= event)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return FALSE;

  conn = &g_array_index (self->connections, Connection, lo - 1);
  *letters = conn->letters;
  for (guint i = 0; i < SEQACK_N_LETTERS; i++)
    if (letters->defined_by[i] != SEQACK_NO_EVENT &&
        letters->defined_by[i] > event)
      {
        letters->defined_by[i] = SEQACK_NO_EVENT;
        letters->value[i] = 0;
      }

  return TRUE;
}

static const char letter_names[SEQACK_N_LETTERS] = { 'x', 'y', 'u', 'v', 'w' };

/* The best letter of @side for @number: one fixed by @event itself, else
 * the closest at or below @number (later letters win ties: w over v). */
static gboolean
pick_letter (const SeqackLessonLetters *letters,
             SeqackSide                 side,
             guint32                    number,
             guint                      event,
             SeqackLetter              *letter,
             guint32                   *offset)
{
  static const SeqackLetter client_letters[] = { SEQACK_LETTER_X,
                                                 SEQACK_LETTER_U };
  static const SeqackLetter server_letters[] = { SEQACK_LETTER_Y,
                                                 SEQACK_LETTER_V,
                                                 SEQACK_LETTER_W };
  const SeqackLetter *set = side == SEQACK_CLIENT ? client_letters
                                                  : server_letters;
  guint n = side == SEQACK_CLIENT ? G_N_ELEMENTS (client_letters)
                                  : G_N_ELEMENTS (server_letters);
  gboolean found = FALSE;
  guint32 best = 0;

  for (guint i = n; i > 0; i--)
    {
      SeqackLetter l = set[i - 1];

      if (event != SEQACK_NO_EVENT && letters->defined_by[l] == event &&
          letters->value[l] == number)
        {
          *letter = l;
          *offset = 0;
          return TRUE;
        }
    }

  for (guint i = n; i > 0; i--)
    {
      SeqackLetter l = set[i - 1];
      guint32 diff;

      if (letters->defined_by[l] == SEQACK_NO_EVENT)
        continue;
      diff = number - letters->value[l];
      /* Only small forward distances read as "letter + k". */
      if (diff > 0x7fffffffu)
        continue;
      if (!found || diff < best)
        {
          found = TRUE;
          best = diff;
          *letter = l;
        }
    }
  *offset = best;

  return found;
}

static void
append_letter (GString     *out,
               const char  *field,
               SeqackLetter letter,
               guint32      offset)
{
  if (out->len > 0 && out->str[out->len - 1] != ' ')
    g_string_append_c (out, ' ');
  g_string_append_printf (out, "%s=%c", field, letter_names[letter]);
  if (offset != 0)
    g_string_append_printf (out, "+%u", offset);
}

void
seqack_sequence_layout_format_letters (SeqackSequenceLayout *self,
                                       guint                 event,
                                       GString              *out)
{
  const SeqackEvent *ev;
  SeqackLessonLetters letters;
  SeqackLetter letter;
  guint32 offset;
  gsize start;

  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  if (event >= self->n_events)
    return;
  ev = seqack_trace_get_event (self->trace, event);
  if (ev->kind != SEQACK_EVENT_SEGMENT || (ev->marks & SEQACK_MARK_STALE))
    return;
  if (!seqack_sequence_layout_get_letters (self, event, &letters))
    return;

  start = out->len;
  if (pick_letter (&letters, ev->side, ev->seq, event, &letter, &offset))
    append_letter (out, "Seq", letter, offset);
  if ((ev->flags & SEQACK_TCP_ACK) &&
      pick_letter (&letters, SEQACK_OTHER_SIDE (ev->side), ev->ack,
                   SEQACK_NO_EVENT, &letter, &offset))
    {
      if (out->len > start)
        g_string_append_c (out, ' ');
      append_letter (out, "Ack", letter, offset);
    }
}

SeqackTimerLanes *
seqack_sequence_layout_get_timer_lanes (SeqackSequenceLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->lanes;
}
