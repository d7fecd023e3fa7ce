/* seqack-sequence-render.h: paints the sequence diagram (the lesson's
 * ladder) for a viewport, with cairo and Pango.
 *
 * Two timelines, the client's on the left and the server's on the right,
 * each under a header with its address and current state (with hosts
 * added beside them, one per host: the added clients and the flood in
 * between); every segment an
 * arrow from its send row to its arrival row with its label above it;
 * states written beside the timelines where they change; long waits as
 * compressed bands; TIME-WAIT as a band along the timeline with a live
 * 2MSL countdown; the other timers as thin lanes beside it, each running
 * one with its name and countdown at the current time. The window, the exports and the tests all paint with this
 * code. Only the rows in the viewport are visited: O(log n + visible).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "seqack-palette.h"
#include "seqack-sequence-layout.h"

G_BEGIN_DECLS

/* options.now: use the time of the last shown event */
#define SEQACK_NOW_LAST_SHOWN G_MININT64

typedef struct
{
  /* The rectangle of @cr to paint, in @cr's user units. */
  double            x, y, width, height;
  /* Diagram y (rows area, 0 = first row) at the top of the rows area. */
  double            scroll_y;
  /* 1.0; larger in presentation mode. Every size scales with it. */
  double            scale;
  /* The reader's text size (the "text-scale" setting, Ctrl+plus /
   * Ctrl+minus); 1.0. Multiplies with @scale: text, rows and columns grow
   * together so nothing overlaps. */
  double            text_scale;
  /* The rows' height relative to the text: 1.0. Presentation mode packs
   * them closer (its text is larger, its screen no taller), so a whole
   * handshake fits a 720 px projector. */
  double            row_scale;
  SeqackColorScheme scheme;
  gboolean          absolute;       /* absolute Seq/Ack, not relative */
  gboolean          letters;        /* lesson letters beside the labels */
  gboolean          header;         /* endpoint titles and state badges
                                     * pinned at the top; TRUE */
  gboolean          state_columns;  /* state names beside the timelines;
                                     * TRUE */
  gboolean          background;     /* fill the rectangle first; TRUE */
  /* Scrubbing: only events [0, n_shown) are drawn. G_MAXUINT: all. */
  guint             n_shown;
  /* Virtual time (µs) the picture shows, for in-flight segments and the
   * 2MSL countdown; SEQACK_NOW_LAST_SHOWN: the last shown event's t. */
  gint64            now;
  /* How far along in-flight segments are drawn, 0..1 (the UI animates
   * it); < 0: from @now in virtual time. */
  double            flight_fraction;
  guint             selected;       /* highlighted event, or
                                     * SEQACK_NO_EVENT */
  /* "Drop next" is armed for the next segment from each side: marked on
   * that side's lifeline. The trace's drop-next actions mark it too (up
   * to the segment they drop); this is for a press the picture has not
   * reached yet. Indexed by SeqackSide. */
  gboolean          drop_next[2];
  /* Written across the diagram while it shows nothing (the first steps),
   * or NULL. */
  const char       *empty_hint;
  /* When not NULL, set to the size in px of the smallest text painted
   * (tests check what a room can read); unchanged when none was. */
  double           *smallest_text_px;
} SeqackSequenceRenderOptions;

/* Defaults: scale 1, text scale 1, row scale 1, light, relative numbers, no letters, header and state
 * columns on, everything shown, now = last shown, flight_fraction -1,
 * nothing selected. x/y/width/height are 0: set them. */
void seqack_sequence_render_options_init (SeqackSequenceRenderOptions *options);

/* Paints. Does not change @cr's state (saved and restored). */
void seqack_sequence_render (cairo_t                           *cr,
                             SeqackSequenceLayout              *layout,
                             const SeqackSequenceRenderOptions *options);

/* Geometry, all in @cr's user units as seqack_sequence_render() uses them.
 * Height of one row. */
double seqack_sequence_render_get_row_height    (const SeqackSequenceRenderOptions *options);
/* Height of the pinned header (0 without header). */
double seqack_sequence_render_get_header_height (const SeqackSequenceRenderOptions *options);
/* Height of the whole rows area (what scroll_y scrolls over), including a
 * bottom margin. */
double seqack_sequence_render_get_content_height (SeqackSequenceLayout              *layout,
                                                  const SeqackSequenceRenderOptions *options);
/* x of @side's timeline. */
double seqack_sequence_render_get_timeline_x (const SeqackSequenceRenderOptions *options,
                                              SeqackSide                         side);
/* The hosts (seqack-trace.h, "Hosts") the diagram draws a lifeline for,
 * left to right, into @hosts (may be NULL); returns how many: the
 * client, the clients the trace added (client-2 ... client-8), the
 * flood, the server. Two for a trace without added hosts. */
guint    seqack_sequence_render_get_lifelines (SeqackSequenceLayout *layout,
                                               guint                 hosts[SEQACK_N_HOSTS]);
/* x of @host's lifeline into @x: the client's and the server's where
 * seqack_sequence_render_get_timeline_x() says, the others evenly
 * between them. FALSE when the trace has no @host. */
gboolean seqack_sequence_render_get_lifeline_x (SeqackSequenceLayout              *layout,
                                                const SeqackSequenceRenderOptions *options,
                                                guint                              host,
                                                double                            *x);
/* y of the middle of @row (may lie outside the viewport). */
double seqack_sequence_render_get_row_y (const SeqackSequenceRenderOptions *options,
                                         guint                              row);
/* The full arrow of SEGMENT @event: from the sender's timeline at its send
 * row to the receiver's timeline at its arrival row (a lost segment's ✕ is
 * at the middle). FALSE for other events. */
gboolean seqack_sequence_render_get_arrow (SeqackSequenceLayout              *layout,
                                           const SeqackSequenceRenderOptions *options,
                                           guint                              event,
                                           double                            *x0,
                                           double                            *y0,
                                           double                            *x1,
                                           double                            *y1);

/* The label painted on segment @event's arrow with @options, shortened
 * as it is to fit, or the flight's one label on a fan's first arrow;
 * NULL when none is painted (not shown, or a fan's later arrow). Newly
 * allocated. */
char *seqack_sequence_render_get_arrow_label (SeqackSequenceLayout              *layout,
                                              const SeqackSequenceRenderOptions *options,
                                              guint                              event);
/* The box around the label painted above event @event's arrow (its
 * rotated text's bounds, halo included): FALSE when none is painted. A
 * label longer than its arrow stays between the outermost lifelines. */
gboolean seqack_sequence_render_get_arrow_label_box (SeqackSequenceLayout              *layout,
                                                     const SeqackSequenceRenderOptions *options,
                                                     guint                              event,
                                                     cairo_rectangle_t                 *box);

/* The event under (@px, @py) in @cr's user units: a segment whose drawn
 * arrow or label is within a few pixels, else a state or timer row's
 * text, else SEQACK_NO_EVENT. Only shown events are hit. O(log n +
 * visible). */
guint seqack_sequence_render_hit_test (SeqackSequenceLayout              *layout,
                                       const SeqackSequenceRenderOptions *options,
                                       double                             px,
                                       double                             py);

/* The text seqack_sequence_render() writes beside TIME-WAIT span @index
 * (see seqack_sequence_layout_get_span()) with @options: "2MSL = 60 s"
 * once the wait is over (what the timer was set to; a capture, which has
 * no timers, gets the stay's length), "2MSL: 57 s left" while it runs.
 * NULL when the span is not shown. */
char *seqack_sequence_render_get_span_text (SeqackSequenceLayout              *layout,
                                            const SeqackSequenceRenderOptions *options,
                                            guint                              index);
/* Where seqack_sequence_render() writes the text of TIME-WAIT span
 * @index (its countdown or its 2MSL) with @options: FALSE when it writes
 * none. Under the TIME-WAIT badge, at least 4 px (at scale 1) clear of
 * it. */
gboolean seqack_sequence_render_get_span_text_box (SeqackSequenceLayout              *layout,
                                                   const SeqackSequenceRenderOptions *options,
                                                   guint                              index,
                                                   cairo_rectangle_t                 *box);
/* Where seqack_sequence_render() draws the badge naming the state STATE
 * event @event entered, beside its lifeline: FALSE when it draws none
 * (not shown, no state columns, not a STATE event). */
gboolean seqack_sequence_render_get_state_box (SeqackSequenceLayout              *layout,
                                               const SeqackSequenceRenderOptions *options,
                                               guint                              event,
                                               cairo_rectangle_t                 *box);
/* The text beside a TIME-WAIT restart (an event of
 * seqack_sequence_layout_get_time_wait_restarts()), drawn with a bar
 * across the band: "ACK again, 2MSL restarts: 60 s". */
char *seqack_sequence_render_get_restart_text (SeqackSequenceLayout *layout,
                                               guint                 event);

/* Whether every state name fits beside the lifelines with @options (its
 * width, scale, text size), where paint draws it: in the state columns,
 * clear of the lifeline. When it does not, a name on an arrow's row would
 * cover the arrow's end: a view then lays state changes out on rows of
 * their own (seqack_sequence_layout_set_share_rows()). TRUE without state
 * columns. */
gboolean seqack_sequence_render_state_names_fit (const SeqackSequenceRenderOptions *options);

/* x of the middle of @side's lane for @timer: the thin bar beside the
 * lifeline that runs while that timer does (seqack-timer-lanes.h). */
double seqack_sequence_render_get_timer_lane_x (const SeqackSequenceRenderOptions *options,
                                                SeqackSide                         side,
                                                SeqackTcpTimer                     timer);
/* The size of the smallest text the diagram draws (state names, arrow
 * labels, timer notes) with @options, in px: at least
 * SEQACK_RENDER_TEXT_MIN_PX at scale 1. */
double seqack_sequence_render_get_min_text_px (const SeqackSequenceRenderOptions *options);

/* "1.000 s", "60.000 s": how a duration is written on a wait band; with
 * microseconds ("0.000250 s") when @trace's events are closer than a
 * millisecond (seqack_trace_get_time_digits()). */
char *seqack_sequence_format_duration (SeqackTrace *trace,
                                       gint64       usec);
/* "60 s", "4.5 s": how long a timer was set for (2MSL). */
char *seqack_sequence_format_timer_length (gint64 usec);
/* "57 s": a countdown, whole seconds rounded up, as every view writes it. */
char *seqack_sequence_format_seconds_left (gint64 usec);

/* The TIME-WAIT countdown of @side at scrub position @n (events [0, @n)
 * shown) and virtual time @now, from the same source as the diagram's
 * band: "TIME-WAIT: 57 s left\n(2MSL = 60 s)". NULL when @side is not in
 * TIME-WAIT with its timer running. For the endpoint panels. */
char *seqack_sequence_render_describe_time_wait (SeqackSequenceLayout *layout,
                                                 SeqackSide            side,
                                                 guint                 n,
                                                 gint64                now);

G_END_DECLS
