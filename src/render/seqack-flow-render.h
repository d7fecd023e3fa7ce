/* seqack-flow-render.h: the sliding window, drawn from a Trace.
 *
 * Two pictures, both read from the variables the trace keeps per event:
 *
 *  - each side's sequence spaces as RFC 9293 §3.3.1 (and Stevens) draw
 *    them: the send space "acknowledged | sent, not yet acknowledged |
 *    usable window | may not send yet" with SND.UNA, SND.NXT and
 *    SND.UNA+SND.WND marked, and the receive space "read by the
 *    application | in the buffer, not read | RCV.WND from RCV.NXT";
 *  - a small plot of one side's cwnd, ssthresh, bytes in flight and its
 *    peer's window over time, with the current time marked.
 *
 * Numbers are in the trace's relative numbering (Wireshark's), as on the
 * diagram. The window, the exports and the tests paint the same code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "seqack-palette.h"
#include "seqack-trace.h"

G_BEGIN_DECLS

typedef enum
{
  SEQACK_SPACE_SEND,
  SEQACK_SPACE_RECEIVE,
} SeqackSpaceKind;

/* One sequence space as a bar of four parts over [lo, hi):
 *   send:    [lo, mark[0]) acknowledged, [mark[0], mark[1]) sent, not yet
 *            acknowledged, [mark[1], MAX (mark[1], mark[2])) usable window,
 *            the rest may not be sent yet; mark = SND.UNA, SND.NXT,
 *            SND.UNA + SND.WND. A probe past a zero window has SND.NXT
 *            beyond SND.UNA + SND.WND: then nothing is usable.
 *   receive: [lo, mark[0]) read by the application, [mark[0], mark[1]) in
 *            the buffer, not read, [mark[1], mark[2]) RCV.WND from
 *            RCV.NXT, the rest beyond the window; mark = first byte not
 *            read, RCV.NXT, RCV.NXT + RCV.WND.
 * All relative, in 64 bits so that nothing wraps. */
typedef struct
{
  SeqackSpaceKind kind;
  gint64 lo, hi;
  gint64 mark[3];
} SeqackSpace;

/* @side's @kind space once events [0, @n_shown) happened. FALSE when the
 * side has no connection whose space means anything yet (CLOSED, LISTEN,
 * no variables; for the receive space also SYN-SENT: no RCV.NXT). */
gboolean seqack_flow_get_space (SeqackTrace     *trace,
                                guint            n_shown,
                                SeqackSide       side,
                                SeqackSpaceKind  kind,
                                SeqackSpace     *space);

/* Where a bar from @x, @width wide, draws its parts: part[i] spans
 * [x0[i], x1[i]); mark_x[j] is mark[j]'s x. */
typedef struct
{
  double x0[4], x1[4];
  double mark_x[3];
} SeqackSpaceGeometry;

void seqack_flow_space_geometry (const SeqackSpace   *space,
                                 double               x,
                                 double               width,
                                 SeqackSpaceGeometry *geometry);

/* The four parts' names, "acknowledged" ... "may not send yet" (translated). */
const char *seqack_flow_part_name (SeqackSpaceKind kind,
                                   guint           part);

/* The side whose cwnd the plot shows: the one that sent more payload in
 * events [0, @n_shown) (client on a tie). */
SeqackSide seqack_flow_busier_side (SeqackTrace *trace,
                                    guint        n_shown);

typedef struct
{
  SeqackColorScheme scheme;
  double   x, y, width, height;  /* where to paint */
  double   scale;                /* text scale; 1.0: 14 px text */
  guint    n_shown;              /* events [0, n_shown) happened */
  gint64   now;                  /* the current time, µs */
  gboolean background;           /* paint the background first */
  SeqackSide plot_side;          /* whose cwnd the plot shows */
  double  *smallest;             /* if set: smallest text painted, px */
} SeqackFlowRenderOptions;

void seqack_flow_render_options_init (SeqackFlowRenderOptions *options);

/* Height the two sides' spaces need at @options->scale (one side's two
 * bars, stacked, take the same). */
double seqack_flow_render_spaces_height (const SeqackFlowRenderOptions *options);
/* Both sides' send and receive spaces, client left, server right. */
void   seqack_flow_render_spaces (cairo_t                       *cr,
                                  SeqackTrace                   *trace,
                                  const SeqackFlowRenderOptions *options);

/* The data's way in one row, for a strip under the diagram: the busier
 * side's send space (seqack_flow_busier_side()) on its side of the
 * picture, the other side's receive space on the other, each half the
 * width; the row takes seqack_flow_render_row_height(). */
double seqack_flow_render_row_height (const SeqackFlowRenderOptions *options);
void   seqack_flow_render_row        (cairo_t                       *cr,
                                      SeqackTrace                   *trace,
                                      const SeqackFlowRenderOptions *options);

/* One side's column: its send space over its receive space, and its
 * plot under them in the rest of the height when that is at least
 * seqack_flow_plot_min_height() for the width. Side: options->plot_side.
 * The bars take seqack_flow_render_spaces_height(). */
void   seqack_flow_render_side (cairo_t                       *cr,
                                SeqackTrace                   *trace,
                                const SeqackFlowRenderOptions *options);

/* The plot's time axis and byte axis: the whole trace's first segment to
 * its last arrival, 0 to a tenth above the largest cwnd, flight or window
 * of @side (at least one byte); FALSE when the trace has no segment. */
gboolean seqack_flow_plot_range (SeqackTrace *trace,
                                 SeqackSide   side,
                                 gint64      *t0,
                                 gint64      *t1,
                                 guint32     *y_max);
/* The plot of options->plot_side's cwnd, ssthresh, flight and peer's
 * window over [t0, t1], drawn up to options->now, with now marked. */
void   seqack_flow_render_plot (cairo_t                       *cr,
                                SeqackTrace                   *trace,
                                const SeqackFlowRenderOptions *options);

/* Where the plot puts its data area inside @options' rectangle, under
 * a legend laid out for @trace's widest values (@trace may be NULL). */
/* The least height a plot @options->width wide needs: its legend's rows
 * (as many as the width takes), the time axis and a small plot area. */
double seqack_flow_plot_min_height (SeqackTrace                   *trace,
                                    const SeqackFlowRenderOptions *options);
void   seqack_flow_plot_area (SeqackTrace                   *trace,
                              const SeqackFlowRenderOptions *options,
                              double                        *x,
                              double                        *y,
                              double                        *width,
                              double                        *height);

G_END_DECLS
