/* seqack-timer-lanes.h: the timers each endpoint has running, as thin
 * lanes along its lifeline on the sequence diagram.
 *
 * A lane runs from a timer's SET event to the event that ends it: the
 * timer fired, was cancelled, or was set again (a restart ends the lane
 * and starts the next). The layout keeps the lanes as it lays out the
 * timer events, so the window, the exports and the tests draw the same
 * ones, and a view visits only the lanes that cross its rows.
 *
 * The lanes are the retransmission, persist, FIN-WAIT-2 and delayed-ACK
 * timers. TIME-WAIT's 2MSL timer keeps its band on the lifeline with its
 * countdown (seqack_sequence_layout_get_span()).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <pango/pangocairo.h>

#include "seqack-palette.h"
#include "seqack-trace.h"

G_BEGIN_DECLS

typedef struct
{
  guint   event_set;  /* the SET event */
  guint   event_end;  /* the FIRED / CANCELLED / next SET event, or
                       * SEQACK_NO_EVENT while the timer still runs */
  guint   row_start;  /* event_set's row (the next row after the send) */
  guint   row_end;    /* event_end's row, or SEQACK_NO_ROW */
  gint64  t_set;
  gint64  deadline;   /* when it fires unless stopped */
  guint8  side;       /* SeqackSide */
  guint8  timer;      /* SeqackTcpTimer */
  guint8  end;        /* SeqackTimerAction of event_end */
  guint8  host;       /* whose lifeline (seqack-trace.h, "Hosts"): side's
                       * endpoint or an added client */
} SeqackTimerLane;

typedef struct _SeqackTimerLanes SeqackTimerLanes;

typedef gboolean (*SeqackTimerLaneFunc) (const SeqackTimerLane *lane,
                                         gpointer               data);

guint                  seqack_timer_lanes_get_n (SeqackTimerLanes *lanes);
const SeqackTimerLane *seqack_timer_lanes_get   (SeqackTimerLanes *lanes,
                                                 guint             index);
/* Calls @func (until it returns FALSE) for every lane that crosses rows
 * [@first_row, @end_row), running ones included, and maybe a few that do
 * not: check. O(log n + lanes near the rows). */
void seqack_timer_lanes_foreach_in (SeqackTimerLanes    *lanes,
                                    guint                first_row,
                                    guint                end_row,
                                    SeqackTimerLaneFunc  func,
                                    gpointer             data);
/* The lane of @host's @timer running once events [0, @n) happened (set
 * before @n, not ended before @n), or NULL; a SeqackSide names its
 * endpoint. O(log n). */
const SeqackTimerLane *seqack_timer_lanes_running (SeqackTimerLanes *lanes,
                                                   guint             host,
                                                   SeqackTcpTimer    timer,
                                                   guint             n);
/* "RTO", "persist", "FIN-WAIT-2", "delayed ACK": a lane's name. */
const char *seqack_timer_lanes_name (SeqackTcpTimer timer);
/* What a running lane says at virtual time @now: "RTO: 0.8 s left",
 * "FIN-WAIT-2: 57 s left" (tenths under 10 s, rounded up). */
char *seqack_timer_lanes_describe (const SeqackTimerLane *lane,
                                   gint64                 now);
/* The same without "left", for a narrow state column: "RTO: 0.8 s". */
char *seqack_timer_lanes_describe_short (const SeqackTimerLane *lane,
                                         gint64                 now);

/* For the layout: */
SeqackTimerLanes *_seqack_timer_lanes_new   (void);
void              _seqack_timer_lanes_free  (SeqackTimerLanes *lanes);
void              _seqack_timer_lanes_clear (SeqackTimerLanes *lanes);
/* TIMER event @event of @host, laid out at @row. */
void              _seqack_timer_lanes_note  (SeqackTimerLanes  *lanes,
                                             guint              event,
                                             const SeqackEvent *ev,
                                             guint              host,
                                             guint              row);

/* For the sequence renderer: where and what to paint. */
typedef struct
{
  const SeqackPalette *pal;
  PangoLayout *font;          /* the labels' face (the diagram's bold) */
  PangoLayout *small_font;    /* where that is too wide: the diagram's
                               * smallest text */
  double       s, row_h;
  double       rows_top, rows_bottom, scroll_y;
  double       x, width;      /* the viewport */
  double       tl_x[SEQACK_N_HOSTS]; /* the lifelines, by host */
  guint        hosts;         /* a bit per host drawn */
  gboolean     state_columns;
  guint        first_row, end_row;
  guint        n_shown, now_row;
  gint64       t_now;
  gboolean     drop_armed[2]; /* the "Drop next" mark sits at now_row */
  double      *smallest;      /* smallest text painted, px */
} SeqackTimerLanePaint;

/* x of lane @timer of @host: just inside the ladder (toward the
 * server), one lane per timer so two running timers never share a bar. */
double _seqack_timer_lanes_x  (const SeqackTimerLanePaint *paint,
                               guint                       host,
                               SeqackTcpTimer              timer);
void   _seqack_timer_lanes_paint (SeqackTimerLanes           *lanes,
                                  cairo_t                    *cr,
                                  const SeqackTimerLanePaint *paint);

G_END_DECLS
