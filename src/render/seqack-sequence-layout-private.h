/* seqack-sequence-layout-private.h: what the layout's own files share.
 *
 * seqack-sequence-layout.c builds the rows; seqack-sequence-spans.c keeps
 * the TIME-WAIT stretches, their 2MSL timers and the "drop next" marks;
 * seqack-sequence-letters.c names the lesson's numbers x, y, u, v, w.
 * Each notes the events it cares about as the rows are laid out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "seqack-sequence-layout.h"
#include "seqack-timer-lanes.h"

G_BEGIN_DECLS

typedef struct
{
  guint  event;
  gint64 deadline;
  gint64 length;    /* deadline minus the time it was set: the 2MSL */
} SeqackDeadlineRecord;

typedef struct
{
  guint               first_event;
  SeqackLessonLetters letters;
} SeqackConnection;

typedef struct
{
  guint    event;
  gboolean armed;
} SeqackArmRecord;

struct _SeqackSequenceLayout
{
  SeqackTrace *trace;
  guint        n_events;      /* events laid out */
  GArray      *rows;          /* SeqackSequenceRow, laid out rows */
  guint        changed_from;  /* first row changed in this update */
  GArray      *event_row;     /* guint per event */
  SeqackTimerLanes *lanes;    /* the timers' lanes (seqack-timer-lanes.h) */
  GArray      *arrive_row;    /* guint per event */
  GArray      *pending;       /* guint events by (t2, event), from head */
  guint        pending_head;
  GPtrArray   *long_blocks;   /* GArray of guint events per block */
  guint        max_span;
  /* TIME-WAIT, per host (a SeqackSide's number is its endpoint's). */
  GArray      *spans;         /* SeqackSequenceSpan by row_start */
  guint        span_hosts;    /* a bit per host with spans */
  guint        open_span[SEQACK_N_HOSTS]; /* index into spans, or
                                           * G_MAXUINT */
  GArray      *deadlines[SEQACK_N_HOSTS]; /* SeqackDeadlineRecord:
                                           * TIME-WAIT timer */
  guint        n_sets[SEQACK_N_HOSTS];    /* TIME-WAIT timers set in the
                                           * open span */
  guint32      set_socket[SEQACK_N_HOSTS]; /* ... for this socket (its
                               * ports, as seqack_trace_get_socket()
                               * gives them) */
  GArray      *restarts;      /* guint: TIME-WAIT timers set again */
  GArray      *drops[2];      /* SeqackArmRecord: "drop next" armed or
                               * spent */
  GArray      *connections;   /* SeqackConnection by first_event */
  GArray      *state_events[2]; /* guint: STATE events of each side */
  /* guint: STATE events of each host, once the trace has added hosts
   * (before, hosts 0 and 1 read state_events) */
  GArray      *host_states[SEQACK_N_HOSTS];
  gboolean     many_hosts;
  gint64       last_row_t;
  gboolean     have_row;
  gboolean     share_rows;    /* state changes join arrivals, departures */
  /* Ports on the arrows: -1 when the trace holds more than one
   * connection (the default), else FALSE or TRUE as set. */
  gint         show_ports;
  /* The trace's connections, every event's counted whatever the
   * filter: SeqackSocketKey as the client sees it, by first
   * appearance; the code (client port << 16 | server port) of each
   * maps to its index + 1. */
  GArray      *conn_keys;
  GHashTable  *conn_index;
  GArray      *event_conn;    /* guint per event: its connection's
                               * index, or SEQACK_NO_CONNECTION */
  gboolean     filtered;      /* only one connection's events get rows */
  guint32      filter_code;   /* ... this one's */
  /* Arrow labels, made the first time an arrow is drawn and kept: char *
   * per event or NULL, relative [0] and absolute [1]. */
  GPtrArray   *labels[2];
};

/* seqack-sequence-spans.c: STATE event @event of @host laid out at @row
 * (TIME-WAIT entered or left), TIMER event @event of @host (the 2MSL
 * timer set, restarted or stopped), and "drop next" armed by an action
 * or spent by a segment of @side. */
void _seqack_sequence_layout_note_state_span (SeqackSequenceLayout *self,
                                              guint                 event,
                                              const SeqackEvent    *ev,
                                              guint                 host,
                                              guint                 row);
void _seqack_sequence_layout_note_time_wait_timer (SeqackSequenceLayout *self,
                                                   guint                 event,
                                                   const SeqackEvent    *ev,
                                                   guint                 host);
void _seqack_sequence_layout_note_drop (SeqackSequenceLayout *self,
                                        SeqackSide            side,
                                        guint                 event,
                                        gboolean              armed);

/* seqack-sequence-letters.c: SEGMENT event @event fixes letters of its
 * connection, or starts a new connection (a fresh client SYN). */
void _seqack_sequence_layout_note_letters (SeqackSequenceLayout *self,
                                           guint                 event,
                                           const SeqackEvent    *ev);

G_END_DECLS
