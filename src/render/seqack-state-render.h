/* seqack-state-render.h: the TCP state diagram of RFC 9293 §3.3.2
 * (Figure 5) for one endpoint, with cairo and Pango.
 *
 * CLOSED at the top, LISTEN, SYN-RCVD and SYN-SENT, ESTABLISHED,
 * FIN-WAIT-1 and CLOSE-WAIT, FIN-WAIT-2, CLOSING and LAST-ACK, TIME-WAIT;
 * like the figure, a second CLOSED box at the bottom receives LAST-ACK and
 * TIME-WAIT. Edges come from the tcp layer's table (those drawn in the
 * figure); the current state is filled and the edge just taken is
 * highlighted with its label written beside it, or where the figure has
 * room for it: a label never covers a state box or the title. All eleven
 * states are drawn in whatever area it is given.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "seqack-palette.h"
#include "seqack-tcp-state.h"

G_BEGIN_DECLS

typedef const char *(*SeqackTranslateFunc) (const char *msgid);

typedef struct
{
  SeqackColorScheme   scheme;
  double              scale;       /* 1.0 */
  /* The reader's text size ("text-scale" setting); multiplies with
   * @scale. 1.0 */
  double              text_scale;
  gboolean            background;  /* fill the rectangle first; TRUE */
  SeqackTcpState      state;       /* current: filled */
  SeqackTcpEdge       edge;        /* just taken: highlighted; NONE */
  /* Where @edge was taken from (needed for edges "from any state");
   * SEQACK_TCP_N_STATES: the table's from. */
  SeqackTcpState      edge_from;
  /* Written beside the highlighted edge. NULL: the table's label passed
   * through @translate (or as is when @translate is NULL). */
  const char         *edge_label;
  SeqackTranslateFunc translate;
  /* Which end this is ("Client"), or NULL: bold, in a top corner of the
   * figure beside CLOSED, or above the figure when that corner is too
   * small for it. */
  const char         *title;
  /* The title in the top right corner, not the left: the server's
   * handshake labels (rcv SYN, rcv ACK of SYN) need the left one. */
  gboolean            title_at_end;
  /* When not NULL, set to the size in px of the smallest text painted. */
  double             *smallest_text_px;
  /* When not NULL, set to the pill of the highlighted edge's label
   * (all 0 when none is drawn). */
  cairo_rectangle_t  *edge_label_box;
} SeqackStateRenderOptions;

/* Light, scale 1, text scale 1, CLOSED, no edge, no title. */
void seqack_state_render_options_init (SeqackStateRenderOptions *options);

/* Paints into @area of @cr. Saves and restores @cr. */
void seqack_state_render (cairo_t                        *cr,
                          const cairo_rectangle_t        *area,
                          const SeqackStateRenderOptions *options);

/* The smallest area in which the state names keep their full size
 * (SEQACK_RENDER_TEXT_MIN_PX times the scales). In a smaller area the
 * whole figure still shows, with smaller names. */
void   seqack_state_render_get_min_size (const SeqackStateRenderOptions *options,
                                         double                         *width,
                                         double                         *height);
/* The size (px) of the state names when drawn into @area. */
double seqack_state_render_get_font_px  (const cairo_rectangle_t        *area,
                                         const SeqackStateRenderOptions *options);

/* The box of @state when drawn into @area (the top CLOSED box for
 * CLOSED). */
void seqack_state_render_get_box (const cairo_rectangle_t        *area,
                                  const SeqackStateRenderOptions *options,
                                  SeqackTcpState                  state,
                                  cairo_rectangle_t              *box);

/* Where everything goes when drawn into @area. */
typedef struct
{
  /* The eleven states' boxes (the top CLOSED for CLOSED), then the
   * second CLOSED box, where LAST-ACK and TIME-WAIT end. */
  cairo_rectangle_t boxes[SEQACK_TCP_N_STATES + 1];
  cairo_rectangle_t title;     /* 0 x 0: no title */
  cairo_rectangle_t label;     /* the highlighted edge's pill; 0 x 0: none */
  double            font_px;   /* the state names */
  double            title_px;
  double            label_px;
} SeqackStateRenderLayout;

void seqack_state_render_get_layout (const cairo_rectangle_t        *area,
                                     const SeqackStateRenderOptions *options,
                                     SeqackStateRenderLayout        *layout);

/* The state whose box holds (@px, @py); FALSE when none does. */
gboolean seqack_state_render_hit_test (const cairo_rectangle_t        *area,
                                       const SeqackStateRenderOptions *options,
                                       double                          px,
                                       double                          py,
                                       SeqackTcpState                 *state);

G_END_DECLS
