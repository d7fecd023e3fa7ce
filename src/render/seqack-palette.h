/* seqack-palette.h: the colors every drawing in SeqAck uses.
 *
 * One small struct per scheme: light and dark for the window, "paper"
 * (white background, print-safe colors) for exports. Segment colors follow
 * the lesson: SYN blue, FIN orange, RST red, data purple, plain ACK gray.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>

#include "seqack-tcp-state.h"

G_BEGIN_DECLS

typedef struct
{
  double r, g, b, a;
} SeqackRgba;

typedef enum
{
  SEQACK_SCHEME_LIGHT,
  SEQACK_SCHEME_DARK,
  SEQACK_SCHEME_PAPER,
  SEQACK_N_SCHEMES
} SeqackColorScheme;

/* States are colored by what the connection is doing. */
typedef enum
{
  SEQACK_STATE_GROUP_CLOSED,    /* CLOSED, LISTEN */
  SEQACK_STATE_GROUP_OPENING,   /* SYN-SENT, SYN-RCVD */
  SEQACK_STATE_GROUP_OPEN,      /* ESTABLISHED */
  SEQACK_STATE_GROUP_CLOSING,   /* FIN-WAIT-1/2, CLOSE-WAIT, CLOSING,
                                 * LAST-ACK */
  SEQACK_STATE_GROUP_TIME_WAIT, /* TIME-WAIT */
  SEQACK_N_STATE_GROUPS
} SeqackStateGroup;

/* Colours that tell a trace's connections apart (the ports under their
 * arrows, a dot at each arrow's tail), in the order connections first
 * appear; after the last, they repeat. None is a segment colour (SYN
 * blue, FIN orange, RST red, data purple, ACK gray): the arrow itself
 * keeps saying what the segment is. */
#define SEQACK_N_CONNECTION_COLORS 4

typedef struct
{
  SeqackRgba background;
  SeqackRgba foreground;      /* main text */
  SeqackRgba dim;             /* secondary text, times */
  SeqackRgba timeline;        /* the two vertical lines */
  SeqackRgba header;          /* header strip behind the endpoint titles */
  SeqackRgba wait_band;       /* compressed long wait, across the diagram */
  SeqackRgba wait_text;
  SeqackRgba syn;
  SeqackRgba fin;
  SeqackRgba rst;
  SeqackRgba data;
  SeqackRgba ack;
  SeqackRgba lost;            /* the ✕ of a lost segment */
  SeqackRgba selection;       /* behind the selected event */
  SeqackRgba time_wait_band;  /* along the timeline during TIME-WAIT */
  SeqackRgba timer_lane;      /* a running timer's lane beside it */
  SeqackRgba timer_lane_text; /* its name and countdown */
  SeqackRgba letters;         /* x/y/u/v/w lesson letters */
  SeqackRgba label_halo;      /* behind arrow labels */
  SeqackRgba state_fill[SEQACK_N_STATE_GROUPS];
  SeqackRgba state_text[SEQACK_N_STATE_GROUPS];
  SeqackRgba box_fill;        /* state diagram: a state that is not current */
  SeqackRgba box_border;
  SeqackRgba edge;            /* state diagram: an edge not just taken */
  SeqackRgba edge_active;     /* state diagram: the edge just taken */
  SeqackRgba connection[SEQACK_N_CONNECTION_COLORS];
} SeqackPalette;

/* A constant palette (never freed). */
const SeqackPalette *seqack_palette_get (SeqackColorScheme scheme);

SeqackStateGroup seqack_state_group (SeqackTcpState state);

/* The arrow color of a segment with TCP @flags and @payload_len bytes:
 * RST, then SYN, then FIN, then data, else ACK. */
const SeqackRgba *seqack_palette_segment_color (const SeqackPalette *palette,
                                                guint8               flags,
                                                guint32              payload_len);

/* The colour of the connection numbered @index (from 0, in the order
 * the trace's connections first appear). */
const SeqackRgba *seqack_palette_connection_color (const SeqackPalette *palette,
                                                   guint                index);

/* Adds a closed rounded rectangle to the current path; @r is clamped to
 * half the shorter side, so r = h / 2 gives a pill. */
void seqack_rounded_rect (cairo_t *cr,
                          double   x,
                          double   y,
                          double   w,
                          double   h,
                          double   r);

void seqack_rgba_set_source (cairo_t          *cr,
                             const SeqackRgba *color);

G_END_DECLS
