/* seqack-sequence-layout.h: where each event of a Trace goes on the
 * sequence diagram, "paced for people".
 *
 * The vertical axis advances per event, not linearly in time: every segment
 * sent, every arrival (or would-be arrival of a lost segment), every state
 * change and every timer that fires gets a row; row r spans
 * [r * row_height, (r + 1) * row_height). A segment's arrow runs from its
 * send row to its arrival row. A state change at the instant a segment
 * arrives on that side (what the segment did: LISTEN → SYN-RCVD) shares
 * the arrival's row, and one just before that side sends (CLOSED →
 * SYN-SENT, then the SYN) shares the send row: a whole handshake takes
 * seven rows, not eleven (a view too narrow to write state names beside
 * the lifelines turns this off: the names would cover the arrows' ends).
 * A gap of more than 0.5 s of virtual time
 * between two consecutive rows (an RTO, 2MSL) gets a WAIT row of its own, a
 * compressed band with the true duration written on it.
 *
 * The layout is append-only: seqack_sequence_layout_update() extends it
 * with the events appended to the trace since the last call and never
 * recomputes what it laid out, except the last row while a state change
 * may still join it. Arrivals that have not happened by the last event
 * yet are "pending": they get provisional rows after the last final row,
 * which move down as events are appended before them.
 *
 * It reads only the Trace; it never computes protocol facts of its own
 * (states, relative numbers and labels come from the trace layer).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "seqack-trace.h"

G_BEGIN_DECLS

#define SEQACK_NO_EVENT G_MAXUINT
#define SEQACK_NO_ROW   G_MAXUINT

/* Gaps longer than this between two rows get a WAIT row. */
#define SEQACK_SEQUENCE_WAIT_MIN (SEQACK_USEC_PER_SEC / 2)

typedef enum
{
  SEQACK_ROW_SEND,    /* a segment leaves its sender (side) */
  SEQACK_ROW_ARRIVE,  /* a segment reaches (or, lost, would reach) side */
  SEQACK_ROW_STATE,   /* side changed state */
  SEQACK_ROW_TIMER,   /* a timer of side fired */
  SEQACK_ROW_WAIT,    /* a long wait, from t to the next row's t */
} SeqackRowKind;

typedef struct
{
  gint64  t;      /* virtual time (µs) of the row; ARRIVE: the event's t2 */
  guint32 event;  /* the trace event; WAIT: the event of the next row */
  /* The STATE event drawn on this row: a STATE row's own event; on a SEND
   * or ARRIVE row, side's state change at that departure or arrival (it
   * shares the row); else SEQACK_NO_EVENT. */
  guint32 state;
  guint8  kind;   /* SeqackRowKind */
  guint8  side;   /* SeqackSide (see SeqackRowKind) */
  guint8  pending;/* ARRIVE: provisional, still after the last event */
  /* The host whose lifeline the row is on (seqack-trace.h, "Hosts"):
   * SEND the sender, ARRIVE the receiver, STATE and TIMER the host it
   * happened on; equal to side in a trace without added hosts. */
  guint8  host;
  guint8  reserved[4]; /* zero: no padding, rows compare bytewise */
} SeqackSequenceRow;

/* A stretch of time one endpoint spends in TIME-WAIT, drawn as a band
 * along its timeline. */
typedef struct
{
  guint   row_start;    /* the STATE row entering TIME-WAIT */
  guint   row_end;      /* the STATE row leaving it; SEQACK_NO_ROW while
                         * the endpoint is still in TIME-WAIT */
  guint   event_start;
  guint   event_end;    /* SEQACK_NO_EVENT while still in TIME-WAIT */
  gint64  t_start;
  gint64  t_end;        /* 0 while still in TIME-WAIT */
  guint8  side;
  guint8  host;         /* whose lifeline: side's endpoint, or an added
                         * client */
} SeqackSequenceSpan;

/* The lesson's letters: x = the client's ISN, y = the server's ISN, u = Seq
 * of the client's first FIN, v = Seq of the server's ACK of that FIN, w =
 * Seq of the server's FIN. Per connection (a new one starts at each client
 * SYN with a new ISN). */
typedef enum
{
  SEQACK_LETTER_X,
  SEQACK_LETTER_Y,
  SEQACK_LETTER_U,
  SEQACK_LETTER_V,
  SEQACK_LETTER_W,
  SEQACK_N_LETTERS
} SeqackLetter;

typedef struct
{
  guint32 value[SEQACK_N_LETTERS];      /* absolute sequence numbers */
  guint   defined_by[SEQACK_N_LETTERS]; /* event that fixed it, or
                                         * SEQACK_NO_EVENT */
} SeqackLessonLetters;

typedef struct _SeqackSequenceLayout SeqackSequenceLayout;

/* @trace is borrowed and must outlive the layout. Lays out what the trace
 * holds already. */
SeqackSequenceLayout *seqack_sequence_layout_new  (SeqackTrace *trace);
void                  seqack_sequence_layout_free (SeqackSequenceLayout *layout);

SeqackTrace *seqack_sequence_layout_get_trace (SeqackSequenceLayout *layout);

/* Whether a state change shares the row of the arrival that caused it or
 * of the departure it led to (TRUE, the default), or always gets a row of
 * its own. Changing it lays the whole trace out again (O(n)) and returns
 * TRUE; the same value returns FALSE and changes nothing. */
gboolean seqack_sequence_layout_set_share_rows (SeqackSequenceLayout *layout,
                                                gboolean              share);
gboolean seqack_sequence_layout_get_share_rows (SeqackSequenceLayout *layout);

/* Whether each arrow also carries its ports ("50001 → 8080"): by
 * default when the trace holds more than one connection
 * (seqack_trace_has_many_connections()), so a view of a capture's flows
 * drawn together, or of a lab client that connected again, tells them
 * apart, and its exports too; set it to choose. Setting returns whether
 * what is shown changed. */
gboolean seqack_sequence_layout_set_show_ports (SeqackSequenceLayout *layout,
                                                gboolean              show);
gboolean seqack_sequence_layout_get_show_ports (SeqackSequenceLayout *layout);
/* "50001 → 8080", SEGMENT @event's source and destination ports, into
 * @buf when the layout shows ports; FALSE (and "") otherwise, or for
 * another kind of event or a packet that did not decode. */
gboolean seqack_sequence_layout_format_ports (SeqackSequenceLayout *layout,
                                              guint                 event,
                                              char                  buf[16]);

/* The trace's connections (pairs of ports; a capture's flows drawn
 * together, a lab's clients and reconnections), numbered from 0 in the
 * order their first event appears, whatever the filter below: so each
 * keeps its number, and its colour (seqack_palette_connection_color()),
 * for the whole trace. A listener's events (remote "*:*") and events
 * that name no socket belong to none. */
#define SEQACK_NO_CONNECTION G_MAXUINT
guint    seqack_sequence_layout_get_n_connections (SeqackSequenceLayout *layout);
/* Connection @index as its client sees it: local_port the client's,
 * remote_port the server's, remote_addr 0. FALSE past the last. */
gboolean seqack_sequence_layout_get_connection (SeqackSequenceLayout *layout,
                                                guint                 index,
                                                SeqackSocketKey      *key);
/* "192.0.2.1:52570 ⇄ 192.0.2.2:80": connection @index between the
 * trace's endpoints, newly allocated; NULL past the last. */
char    *seqack_sequence_layout_format_connection (SeqackSequenceLayout *layout,
                                                   guint                 index);
/* The connection event @event belongs to, or SEQACK_NO_CONNECTION. */
guint    seqack_sequence_layout_get_event_connection (SeqackSequenceLayout *layout,
                                                      guint                 event);
/* Whether arrows are told apart by their connection's colour: when the
 * trace holds more than one connection. */
gboolean seqack_sequence_layout_get_colors_connections (SeqackSequenceLayout *layout);

/* Lays out only the events of connection @key (as its client sees it,
 * see seqack_sequence_layout_get_connection(); its remote_addr is not
 * compared), and those that belong to none (a listener's, events naming
 * no socket): the other connections' segments, states, timers and
 * actions get no rows and no arrows. NULL shows every connection again.
 * Changing it lays the whole trace out again (O(n)) and returns TRUE. */
gboolean seqack_sequence_layout_set_connection (SeqackSequenceLayout  *layout,
                                                const SeqackSocketKey *key);
/* The connection shown alone into @key; FALSE when all are shown. */
gboolean seqack_sequence_layout_get_connection_filter (SeqackSequenceLayout *layout,
                                                       SeqackSocketKey      *key);
/* Whether @event is left out by the filter. */
gboolean seqack_sequence_layout_is_filtered_out (SeqackSequenceLayout *layout,
                                                 guint                 event);

/* The arrow label of SEGMENT @event as the trace layer writes it (flags,
 * numbers, a payload preview, its mark), made once and kept; NULL for
 * other events and events not laid out. */
const char *seqack_sequence_layout_get_label (SeqackSequenceLayout *layout,
                                              guint                 event,
                                              gboolean              absolute);

/* Lays out the events appended since the last call: O(new events). When
 * the trace holds fewer events than were laid out (it was cleared), starts
 * over. Returns the first row that changed (provisional rows included), or
 * SEQACK_NO_ROW when nothing did. */
guint seqack_sequence_layout_update (SeqackSequenceLayout *layout);

/* Events laid out so far. */
guint seqack_sequence_layout_get_n_events (SeqackSequenceLayout *layout);
/* The last STATE event of @side among events [0, @before), or
 * SEQACK_NO_EVENT. O(log n). */
guint seqack_sequence_layout_last_state_event (SeqackSequenceLayout *layout,
                                               SeqackSide            side,
                                               guint                 before);
/* The same for one host (seqack-trace.h, "Hosts"): its own state
 * changes, not its side's other hosts'. O(log n). */
guint seqack_sequence_layout_last_host_state_event (SeqackSequenceLayout *layout,
                                                    guint                 host,
                                                    guint                 before);
/* Rows, final and provisional. */
guint seqack_sequence_layout_get_n_rows   (SeqackSequenceLayout *layout);
/* Rows that will not move or change any more (all but the last one when
 * a state change or a departure may still join it, and the pending ones). */
guint seqack_sequence_layout_get_n_final_rows (SeqackSequenceLayout *layout);

/* Copies row @row into @out; FALSE when @row >= n_rows. */
gboolean seqack_sequence_layout_get_row (SeqackSequenceLayout *layout,
                                         guint                 row,
                                         SeqackSequenceRow    *out);

/* The rows of @event: its SEND / STATE / TIMER row (a STATE event that
 * shares an arrival's or a departure's row: that row; for events that get
 * no row of their own, the row of the next thing that happens) and, for a
 * segment, its ARRIVE row (else SEQACK_NO_ROW). O(1), or O(log pending)
 * for a pending arrival. FALSE when @event is not laid out. */
gboolean seqack_sequence_layout_get_event_rows (SeqackSequenceLayout *layout,
                                                guint                 event,
                                                guint                *row,
                                                guint                *arrive_row);

/* The rows that intersect [@y0, @y1) when each row is @row_height tall:
 * [*first, *end), clamped to the rows that exist. */
void seqack_sequence_layout_rows_in (SeqackSequenceLayout *layout,
                                     double                y0,
                                     double                y1,
                                     double                row_height,
                                     guint                *first,
                                     guint                *end);

/* The largest number of rows any "short" arrow (at most
 * SEQACK_SEQUENCE_LONG_SPAN rows) spans. Arrows that cross a viewport start
 * at most this many rows above it, or are long ones listed by
 * seqack_sequence_layout_get_long_arrows(), so finding them stays
 * O(log n + visible). */
#define SEQACK_SEQUENCE_LONG_SPAN 256
guint seqack_sequence_layout_get_max_span (SeqackSequenceLayout *layout);
/* Segments whose arrow spans more than SEQACK_SEQUENCE_LONG_SPAN rows (a
 * long delay) and passes through the block of rows around @row (every
 * long arrow crossing @row is in the list; a few others may be). */
const guint *seqack_sequence_layout_get_long_arrows (SeqackSequenceLayout *layout,
                                                     guint                 row,
                                                     guint                *n);
/* Segments whose arrival is still pending, by arrival order. */
const guint *seqack_sequence_layout_get_pending (SeqackSequenceLayout *layout,
                                                 guint                *n);

/* For a WAIT row: how long the wait really lasted (µs). */
gboolean seqack_sequence_layout_get_wait (SeqackSequenceLayout *layout,
                                          guint                 row,
                                          gint64               *duration);

/* TIME-WAIT stretches, every host's, by row_start. */
guint                     seqack_sequence_layout_get_n_spans (SeqackSequenceLayout *layout);
const SeqackSequenceSpan *seqack_sequence_layout_get_span    (SeqackSequenceLayout *layout,
                                                              guint                 index);
/* Spans that overlap rows [@first_row, @end_row): indexes [*first, *end)
 * into the span list may include a few that do not; check each. */
void seqack_sequence_layout_spans_in (SeqackSequenceLayout *layout,
                                      guint                 first_row,
                                      guint                 end_row,
                                      guint                *first,
                                      guint                *end);

/* The TIME-WAIT timer deadline of @host (a SeqackSide names its
 * endpoint; an added client its own) as set by the last timer event
 * before event @n (what a countdown at scrub position @n shows), or
 * SEQACK_NO_DEADLINE. O(log n). The same @host in the two below. */
gint64 seqack_sequence_layout_get_time_wait_deadline (SeqackSequenceLayout *layout,
                                                      guint                 host,
                                                      guint                 n);
/* The 2MSL of that timer: how long it ran for when it was last set before
 * event @n (deadline minus the time it was set), or 0 when it never was.
 * O(log n). */
gint64 seqack_sequence_layout_get_time_wait_length (SeqackSequenceLayout *layout,
                                                    guint                 host,
                                                    guint                 n);
/* The one countdown every view shows: how long until @host's TIME-WAIT
 * timer fires at scrub position @n and virtual time @now (µs, >= 0), or
 * -1 when no timer is running. */
gint64 seqack_sequence_layout_get_time_wait_left (SeqackSequenceLayout *layout,
                                                  guint                 host,
                                                  guint                 n,
                                                  gint64                now);
/* The same for @host's connection @key alone, not its host's other
 * connections' timers: its TIME-WAIT deadline as its last timer event
 * before event @n left it (SEQACK_NO_DEADLINE when none runs), and in
 * @length (optional) the 2MSL it was last set for (0 when never). Walks
 * back over the host's timer records after that connection's last. */
gint64 seqack_sequence_layout_get_socket_time_wait (SeqackSequenceLayout  *layout,
                                                    guint                  host,
                                                    const SeqackSocketKey *key,
                                                    guint                  n,
                                                    gint64                *length);
/* Whether "drop next" is armed for @side's next segment once events
 * [0, @n) happened: a drop-next action of @side and no segment from @side
 * since. O(log n). */
gboolean seqack_sequence_layout_get_drop_armed (SeqackSequenceLayout *layout,
                                                SeqackSide            side,
                                                guint                 n);
/* TIME-WAIT timers set again while their side was already in TIME-WAIT
 * (RFC 9293 §3.10.7.4: the peer's FIN came again, was ACKed again and the
 * 2MSL timeout restarted), by event. */
const guint *seqack_sequence_layout_get_time_wait_restarts (SeqackSequenceLayout *layout,
                                                            guint                *n);

/* The letters of @event's connection as known once @event happened.
 * FALSE when @event belongs to no connection (nothing before the first
 * client SYN). */
gboolean seqack_sequence_layout_get_letters (SeqackSequenceLayout *layout,
                                             guint                 event,
                                             SeqackLessonLetters  *letters);

/* "Seq=x+1 Ack=y+1": a SEGMENT event's numbers written with the lesson's
 * letters (the letter the segment itself fixes first, else the latest
 * letter of that side at or below the number). Appends nothing when no
 * letter applies. */
void seqack_sequence_layout_format_letters (SeqackSequenceLayout *layout,
                                            guint                 event,
                                            GString              *out);

/* The running timers of both sides as lanes along the lifelines
 * (seqack-timer-lanes.h), kept with the rows. */
typedef struct _SeqackTimerLanes SeqackTimerLanes;
SeqackTimerLanes *seqack_sequence_layout_get_timer_lanes (SeqackSequenceLayout *layout);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackSequenceLayout, seqack_sequence_layout_free)

G_END_DECLS
