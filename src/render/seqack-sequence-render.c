/* seqack-sequence-render.c: paints the sequence diagram for a viewport.
 *
 * Everything is read from the layout and the Trace; no protocol fact is
 * computed here. Only rows in the viewport are visited: the arrows that
 * cross it start at most max_span rows above it, except the few long and
 * pending ones the layout lists apart.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "seqack-sequence-render.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "seqack-render-text.h"
#include "seqack-sequence-marks.h"
#include "seqack-tcp-header.h"
#include "seqack-timer-lanes.h"
#include "seqack-trace-format.h"
#include "seqack-trace-sockets.h"

/* Sizes at scale 1, in user units (px). 15 px text reads on a projector;
 * nothing that matters is smaller than SEQACK_RENDER_TEXT_MIN_PX. */
#define FONT_PX        15.0
#define SMALL_FONT_PX  SEQACK_RENDER_TEXT_MIN_PX
#define HINT_FONT_PX   20.0
#define ROW_PX         36.0
/* Between a 2MSL restart's bar and the words above and below it. */
#define RESTART_GAP    4.0
/* Between the TIME-WAIT badge and the countdown under it. */
#define TIME_WAIT_LABEL_GAP 4.0
#define HEADER_PX      78.0
#define MARGIN_PX      16.0
#define STATE_COL_PX   136.0
#define ARROW_WIDTH    2.5
#define RST_WIDTH      4.0
#define HEAD_LENGTH    12.0
#define HEAD_HALF      5.5
#define HIT_SLOP       7.0
/* A fan's arrows leave the sender this far apart, a hair more than a
 * line's width: one burst, each arrow still to be told apart. */
#define FAN_TAIL_STEP  4.0
/* How far below the viewport a fan's later arrows may have their send
 * rows while their tails, drawn up at the first's, are inside it: a
 * flight is at most a window of segments, plus its timer rows. */
#define FAN_MAX_ROWS   96
/* The band between a fan's first and last arrow. */
#define FAN_BAND_ALPHA 0.13
/* The radius of the dot in its connection's colour at an arrow's tail. */
#define CONNECTION_DOT 6.5

typedef struct
{
  const SeqackSequenceRenderOptions *o;
  SeqackSequenceLayout *layout;
  SeqackTrace          *trace;
  const SeqackPalette  *pal;
  double   s;
  double   row_h;
  double   header_h;
  /* The lifelines' x by host (seqack-trace.h, "Hosts"): [0] the
   * client's, [1] the server's, then the added hosts'. */
  double   tl_x[SEQACK_N_HOSTS];
  guint    n_lines;                /* lifelines, left to right: */
  guint8   lines[SEQACK_N_HOSTS];  /* their hosts */
  guint    hosts;                  /* a bit per host drawn */
  double   rows_top;     /* y of the rows area's top */
  double   rows_bottom;
  guint    n_shown;      /* clamped to the events laid out */
  gint64   t_now;
  guint    first_row;    /* visible rows [first_row, end_row) */
  guint    end_row;
  double  *smallest;     /* smallest text size painted, px */
} Geom;

/* One arrow as drawn. */
typedef struct
{
  guint  event;
  double x0, y0, x1, y1;   /* the full arrow */
  double fraction;         /* how much of it is drawn: 1 once arrived */
  gboolean arrived;
  gboolean lost;
  guint  fan_first;        /* its fan's first and last segment, or */
  guint  fan_last;         /* SEQACK_NO_EVENT */
} Arrow;

void
seqack_sequence_render_options_init (SeqackSequenceRenderOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->scale = 1.0;
  options->text_scale = 1.0;
  options->row_scale = 1.0;
  options->scheme = SEQACK_SCHEME_LIGHT;
  options->header = TRUE;
  options->state_columns = TRUE;
  options->background = TRUE;
  options->n_shown = G_MAXUINT;
  options->now = SEQACK_NOW_LAST_SHOWN;
  options->flight_fraction = -1.0;
  options->selected = SEQACK_NO_EVENT;
}

static double
scale_of (const SeqackSequenceRenderOptions *o)
{
  return (o->scale > 0 ? o->scale : 1.0)
         * (o->text_scale > 0 ? o->text_scale : 1.0);
}

double
seqack_sequence_render_get_min_text_px (const SeqackSequenceRenderOptions *options)
{
  g_return_val_if_fail (options != NULL, SMALL_FONT_PX);

  return MIN (FONT_PX, SMALL_FONT_PX) * scale_of (options);
}

double
seqack_sequence_render_get_row_height (const SeqackSequenceRenderOptions *options)
{
  g_return_val_if_fail (options != NULL, ROW_PX);

  return ROW_PX * scale_of (options)
         * (options->row_scale > 0 ? options->row_scale : 1.0);
}

double
seqack_sequence_render_get_header_height (const SeqackSequenceRenderOptions *options)
{
  g_return_val_if_fail (options != NULL, 0);

  return options->header ? HEADER_PX * scale_of (options) : 0;
}

double
seqack_sequence_render_get_content_height (SeqackSequenceLayout              *layout,
                                           const SeqackSequenceRenderOptions *options)
{
  double row_h;

  g_return_val_if_fail (layout != NULL, 0);
  g_return_val_if_fail (options != NULL, 0);

  row_h = seqack_sequence_render_get_row_height (options);
  return (seqack_sequence_layout_get_n_rows (layout) + 1) * row_h;
}

double
seqack_sequence_render_get_timeline_x (const SeqackSequenceRenderOptions *options,
                                       SeqackSide                         side)
{
  double s, inset;

  g_return_val_if_fail (options != NULL, 0);

  s = scale_of (options);
  inset = MARGIN_PX * s + (options->state_columns ? STATE_COL_PX * s
                                                  : 24 * s);
  /* Keep the two timelines apart even in a narrow viewport. */
  inset = MIN (inset, options->width / 4);
  if (side == SEQACK_CLIENT)
    return options->x + inset;
  return options->x + options->width - inset;
}

/* The hosts @trace draws a lifeline for, left to right: the client,
 * the added clients by number, the flood, the server. */
static guint
lifelines_of (SeqackTrace *trace,
              guint8       lines[SEQACK_N_HOSTS])
{
  guint n = 0;

  lines[n++] = SEQACK_CLIENT;
  for (guint h = SEQACK_HOST_CLIENT_2;
       seqack_trace_has_more_hosts (trace) && h < SEQACK_N_HOSTS; h++)
    if (seqack_trace_has_host (trace, h))
      lines[n++] = (guint8) h;
  lines[n++] = SEQACK_SERVER;
  return n;
}

/* Spreads the lifelines of @g's hosts evenly between the client's and
 * the server's, which stay where a two-host trace has them. */
static void
place_lifelines (double      *tl_x,
                 guint        n_lines,
                 const guint8 lines[SEQACK_N_HOSTS])
{
  double left = tl_x[SEQACK_CLIENT], right = tl_x[SEQACK_SERVER];

  for (guint k = 1; k + 1 < n_lines; k++)
    tl_x[lines[k]] = left + (right - left) * k / (n_lines - 1);
}

guint
seqack_sequence_render_get_lifelines (SeqackSequenceLayout *layout,
                                      guint                 hosts[SEQACK_N_HOSTS])
{
  guint8 lines[SEQACK_N_HOSTS];
  guint n;

  g_return_val_if_fail (layout != NULL, 0);

  n = lifelines_of (seqack_sequence_layout_get_trace (layout), lines);
  for (guint k = 0; hosts != NULL && k < n; k++)
    hosts[k] = lines[k];
  return n;
}

gboolean
seqack_sequence_render_get_lifeline_x (SeqackSequenceLayout              *layout,
                                       const SeqackSequenceRenderOptions *options,
                                       guint                              host,
                                       double                            *x)
{
  double tl_x[SEQACK_N_HOSTS] = { 0, };
  guint8 lines[SEQACK_N_HOSTS];
  guint n;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  n = lifelines_of (seqack_sequence_layout_get_trace (layout), lines);
  tl_x[SEQACK_CLIENT] = seqack_sequence_render_get_timeline_x (options,
                                                               SEQACK_CLIENT);
  tl_x[SEQACK_SERVER] = seqack_sequence_render_get_timeline_x (options,
                                                               SEQACK_SERVER);
  place_lifelines (tl_x, n, lines);
  for (guint k = 0; k < n; k++)
    if (lines[k] == host)
      {
        if (x != NULL)
          *x = tl_x[host];
        return TRUE;
      }
  return FALSE;
}

double
seqack_sequence_render_get_row_y (const SeqackSequenceRenderOptions *options,
                                  guint                              row)
{
  double row_h;

  g_return_val_if_fail (options != NULL, 0);

  row_h = seqack_sequence_render_get_row_height (options);
  return options->y + seqack_sequence_render_get_header_height (options)
         + (row + 0.5) * row_h - options->scroll_y;
}

char *
seqack_sequence_format_timer_length (gint64 usec)
{
  /* TRANSLATORS: a timer's length in whole seconds, e.g. "60 s" */
  if (usec % SEQACK_USEC_PER_SEC == 0)
    return g_strdup_printf (_("%d s"), (int) (usec / SEQACK_USEC_PER_SEC));
  /* TRANSLATORS: a timer's length, e.g. "4.5 s" */
  return g_strdup_printf (_("%.1f s"), usec / (double) SEQACK_USEC_PER_SEC);
}

char *
seqack_sequence_format_seconds_left (gint64 usec)
{
  gint64 secs = (MAX (usec, 0) + SEQACK_USEC_PER_SEC - 1)
                / SEQACK_USEC_PER_SEC;

  return g_strdup_printf (_("%d s"), (int) secs);
}

char *
seqack_sequence_render_describe_time_wait (SeqackSequenceLayout *layout,
                                           SeqackSide            side,
                                           guint                 n,
                                           gint64                now)
{
  SeqackTrace *trace;
  SeqackSocketKey key;
  gint64 left, length;
  guint host;
  g_autofree char *left_text = NULL;
  g_autofree char *length_text = NULL;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (side <= SEQACK_SERVER, NULL);

  trace = seqack_sequence_layout_get_trace (layout);
  n = MIN (n, seqack_sequence_layout_get_n_events (layout));
  if (n == 0)
    return NULL;
  /* The panel's host (of several clients, the one the buttons act on)
   * and, of its connections, the one they act on: its own state and
   * its own timer, not another connection's that was set or ended
   * since. */
  host = seqack_trace_get_calls_host (trace, n, side);
  if (seqack_trace_get_host_state (trace, n - 1, host)
      != SEQACK_TCP_TIME_WAIT)
    return NULL;
  if (seqack_trace_get_calls_socket (trace, n, side, &key))
    {
      gint64 deadline =
        seqack_sequence_layout_get_socket_time_wait (layout, host, &key, n,
                                                     &length);

      if (deadline == SEQACK_NO_DEADLINE)
        return NULL;
      left = MAX (0, deadline - now);
    }
  else
    {
      left = seqack_sequence_layout_get_time_wait_left (layout, host, n, now);
      if (left < 0)
        return NULL;
      length = seqack_sequence_layout_get_time_wait_length (layout, host, n);
    }
  left_text = seqack_sequence_format_seconds_left (left);
  length_text = seqack_sequence_format_timer_length (length);
  /* TRANSLATORS: the endpoint panel's countdown, e.g.
   * "TIME-WAIT: 57 s left\n(2MSL = 60 s)" */
  return g_strdup_printf (_("TIME-WAIT: %s left\n(2MSL = %s)"), left_text,
                          length_text);
}

char *
seqack_sequence_format_duration (SeqackTrace *trace,
                                 gint64       usec)
{
  GString *out = g_string_new (NULL);

  /* With the decimals the ladder and the inspector use for @trace. */
  seqack_trace_format_seconds (trace, usec, out);
  g_string_append (out, " s");
  return g_string_free (out, FALSE);
}

static void
geom_init (Geom                              *g,
           SeqackSequenceLayout              *layout,
           const SeqackSequenceRenderOptions *o)
{
  guint n_events = seqack_sequence_layout_get_n_events (layout);

  memset (g, 0, sizeof *g);
  g->o = o;
  g->layout = layout;
  g->trace = seqack_sequence_layout_get_trace (layout);
  g->pal = seqack_palette_get (o->scheme < SEQACK_N_SCHEMES ? o->scheme : 0);
  g->s = scale_of (o);
  g->row_h = seqack_sequence_render_get_row_height (o);
  g->header_h = seqack_sequence_render_get_header_height (o);
  g->tl_x[0] = seqack_sequence_render_get_timeline_x (o, SEQACK_CLIENT);
  g->tl_x[1] = seqack_sequence_render_get_timeline_x (o, SEQACK_SERVER);
  g->n_lines = lifelines_of (g->trace, g->lines);
  place_lifelines (g->tl_x, g->n_lines, g->lines);
  for (guint k = 0; k < g->n_lines; k++)
    g->hosts |= 1u << g->lines[k];
  g->rows_top = o->y + g->header_h;
  g->rows_bottom = o->y + o->height;
  g->n_shown = MIN (o->n_shown, n_events);

  if (o->now != SEQACK_NOW_LAST_SHOWN)
    g->t_now = o->now;
  else if (g->n_shown > 0)
    g->t_now = seqack_trace_get_event (g->trace, g->n_shown - 1)->t;
  else
    g->t_now = G_MININT64;

  seqack_sequence_layout_rows_in (layout, o->scroll_y,
                                  o->scroll_y + (g->rows_bottom - g->rows_top),
                                  g->row_h, &g->first_row, &g->end_row);
}

/* Draws @text (see seqack_render_text_draw()) and notes its size. */
static void
show_text (const Geom       *g,
           cairo_t          *cr,
           PangoLayout      *pl,
           const char       *text,
           double            x,
           double            y,
           double            ax,
           double            ay,
           const SeqackRgba *color)
{
  if (g->smallest != NULL && text != NULL && *text != '\0')
    *g->smallest = MIN (*g->smallest, seqack_render_text_get_px (pl));
  seqack_render_text_draw (cr, pl, text, x, y, ax, ay, color);
}

static inline double
row_y (const Geom *g,
       guint       row)
{
  return g->rows_top + (row + 0.5) * g->row_h - g->o->scroll_y;
}

static inline gboolean
event_shown (const Geom *g,
             guint       event)
{
  return event < g->n_shown;
}

static gboolean
arrival_shown (const Geom *g,
               guint       event)
{
  return event_shown (g, event)
         && seqack_trace_get_event (g->trace, event)->t2 <= g->t_now;
}

static gboolean
row_shown (const Geom              *g,
           guint                    index,
           const SeqackSequenceRow *row)
{
  SeqackSequenceRow next;

  /* A state change on an arrival's or a departure's row shows the row. */
  if (row->state != SEQACK_NO_EVENT && event_shown (g, row->state))
    return TRUE;
  switch (row->kind)
    {
    case SEQACK_ROW_ARRIVE:
      return arrival_shown (g, row->event);
    case SEQACK_ROW_WAIT:
      /* A wait is over when the row that ends it is shown. */
      if (!seqack_sequence_layout_get_row (g->layout, index + 1, &next))
        return FALSE;
      return row_shown (g, index + 1, &next);
    default:
      return event_shown (g, row->event);
    }
}

/* The first row not shown after the last shown event: where "now" is. */
static guint
now_row (const Geom *g)
{
  guint row = 0, n_rows;
  SeqackSequenceRow r;

  if (g->n_shown == 0)
    return 0;
  seqack_sequence_layout_get_event_rows (g->layout, g->n_shown - 1, &row,
                                         NULL);
  n_rows = seqack_sequence_layout_get_n_rows (g->layout);
  /* Arrivals due by now follow the last event's row. */
  for (guint i = 0; i < 64 && row < n_rows; i++, row++)
    {
      if (!seqack_sequence_layout_get_row (g->layout, row, &r)
          || !row_shown (g, row, &r))
        break;
    }
  return row;
}

/* Pango */

typedef struct
{
  PangoLayout *normal;
  PangoLayout *bold;
  PangoLayout *small;
} Fonts;

static void
fonts_init (Fonts   *f,
            cairo_t *cr,
            double   s)
{
  f->normal = seqack_render_text_layout_new (cr, PANGO_WEIGHT_NORMAL,
                                             FONT_PX * s);
  f->bold = seqack_render_text_layout_new (cr, PANGO_WEIGHT_BOLD,
                                           FONT_PX * s);
  f->small = seqack_render_text_layout_new (cr, PANGO_WEIGHT_NORMAL,
                                            SMALL_FONT_PX * s);
}

static void
fonts_clear (Fonts *f)
{
  g_clear_object (&f->normal);
  g_clear_object (&f->bold);
  g_clear_object (&f->small);
}


/* A state name in a pill colored by its group; (@x, @y) is the pill's
 * point (@ax, 0.5). A state inferred from captured packets (not known,
 * as in the lab) gets a dashed outline and a "?" after its name.
 * Returns the pill's width. */
/* Where draw_badge() puts the pill, and its text. */
static char *
badge_box (const Geom        *g,
           PangoLayout       *pl,
           SeqackTcpState     state,
           gboolean           inferred,
           double             x,
           double             y,
           double             ax,
           cairo_rectangle_t *box)
{
  double w, h, pad = 9 * g->s;
  char *text;

  /* TRANSLATORS: a TCP state guessed from a capture, e.g. "ESTABLISHED?" */
  text = inferred ? g_strdup_printf (C_("inferred state", "%s?"),
                                     seqack_tcp_state_name (state))
                  : g_strdup (seqack_tcp_state_name (state));
  seqack_render_text_measure (pl, text, &w, &h);
  box->width = w + 2 * pad;
  box->height = h + 4 * g->s;
  /* Inside the viewport even when it is narrower than the state column:
   * a state name cut at the edge cannot be read. */
  box->x = x - ax * box->width;
  box->x = MIN (box->x, g->o->x + g->o->width - 2 * g->s - box->width);
  box->x = MAX (box->x, g->o->x + 2 * g->s);
  box->y = y - box->height / 2;
  return text;
}

static double
draw_badge (cairo_t             *cr,
            const Geom          *g,
            PangoLayout         *pl,
            SeqackTcpState       state,
            gboolean             inferred,
            double               x,
            double               y,
            double               ax)
{
  SeqackStateGroup group = seqack_state_group (state);
  double pad = 9 * g->s, bw, bh, left;
  cairo_rectangle_t box;
  g_autofree char *text = badge_box (g, pl, state, inferred, x, y, ax, &box);

  bw = box.width;
  bh = box.height;
  left = box.x;
  seqack_rounded_rect (cr, left, y - bh / 2, bw, bh, bh / 2);
  seqack_rgba_set_source (cr, &g->pal->state_fill[group]);
  cairo_fill_preserve (cr);
  seqack_rgba_set_source (cr, &g->pal->box_border);
  if (inferred)
    {
      double dash[] = { 4 * g->s, 3 * g->s };

      cairo_set_line_width (cr, 1.5 * g->s);
      cairo_set_dash (cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  else
    {
      cairo_set_line_width (cr, 1.0 * g->s);
      cairo_stroke (cr);
    }
  show_text (g, cr, pl, text, left + pad, y, 0, 0.5,
             &g->pal->state_text[group]);

  return bw;
}

gboolean
seqack_sequence_render_state_names_fit (const SeqackSequenceRenderOptions *options)
{
  SeqackSequenceRenderOptions o;
  PangoLayout *pl;
  Geom g;
  double widest = 0;

  g_return_val_if_fail (options != NULL, FALSE);

  if (!options->state_columns)
    return TRUE;
  /* Only the geometry: no layout is read. */
  o = *options;
  memset (&g, 0, sizeof g);
  g.o = &o;
  g.s = scale_of (&o);
  g.tl_x[0] = seqack_sequence_render_get_timeline_x (&o, SEQACK_CLIENT);
  g.tl_x[1] = seqack_sequence_render_get_timeline_x (&o, SEQACK_SERVER);
  pl = seqack_render_text_layout_new (NULL, PANGO_WEIGHT_BOLD, FONT_PX * g.s);
  for (guint state = 0; state < SEQACK_TCP_N_STATES; state++)
    for (int inferred = 0; inferred < 2; inferred++)
      {
        cairo_rectangle_t box;
        g_autofree char *text = badge_box (&g, pl, state, inferred,
                                           g.tl_x[0] - 12 * g.s, 0, 1.0,
                                           &box);

        widest = MAX (widest, box.width);
      }
  g_object_unref (pl);
  /* Pushed in from the viewport's edge, the badge still ends before its
   * lifeline (paint_rows() draws it 12 px out on the row). */
  return o.x + 2 * g.s + widest <= g.tl_x[0] - 2 * g.s;
}

/* Arrows */

/* @host when it has a lifeline, else @side's endpoint. */
static inline guint
drawn_host (const Geom *g,
            guint       host,
            SeqackSide  side)
{
  return host < SEQACK_N_HOSTS && (g->hosts & (1u << host)) != 0 ? host
                                                                 : side;
}

/* The lifeline SEGMENT @event leaves from and the one it goes to. */
static void
arrow_hosts (const Geom        *g,
             guint              event,
             const SeqackEvent *ev,
             guint             *sender,
             guint             *receiver)
{
  if (g->n_lines == 2)
    {
      *sender = ev->side;
      *receiver = SEQACK_OTHER_SIDE (ev->side);
      return;
    }
  *sender = drawn_host (g, seqack_trace_get_event_host (g->trace, event),
                       ev->side);
  *receiver = drawn_host (g, seqack_trace_get_segment_receiver (g->trace,
                                                                event),
                          SEQACK_OTHER_SIDE (ev->side));
}

static gboolean
arrow_for (const Geom *g,
           guint       event,
           Arrow      *a)
{
  const SeqackEvent *ev;
  guint row, arrive, sender, receiver;

  if (!event_shown (g, event))
    return FALSE;
  ev = seqack_trace_get_event (g->trace, event);
  if (ev->kind != SEQACK_EVENT_SEGMENT || ev->side > SEQACK_SERVER)
    return FALSE;
  /* A segment of another connection than the one shown has no rows. */
  if (!seqack_sequence_layout_get_event_rows (g->layout, event, &row,
                                              &arrive)
      || arrive == SEQACK_NO_ROW)
    return FALSE;

  a->event = event;
  arrow_hosts (g, event, ev, &sender, &receiver);
  a->x0 = g->tl_x[sender];
  a->y0 = row_y (g, row);
  a->fan_first = a->fan_last = SEQACK_NO_EVENT;
  {
    guint first, last;

    /* A flight sent at one instant leaves from one place: the tails of
     * a fan gather at its first arrow's, a few pixels apart, and the
     * heads keep their own arrival rows, so the arrows spread. The whole
     * flight decides, not what is shown of it: stepping through it, the
     * arrows already drawn stay put. */
    if (seqack_sequence_marks_flight (g->trace, event,
                                      seqack_sequence_layout_get_n_events (
                                        g->layout),
                                      &first, &last, NULL)
        && seqack_sequence_layout_get_event_rows (g->layout, first, &row,
                                                  NULL))
      {
        guint k = 0;

        /* Every segment between a flight's first and last is one of
         * it (seqack_sequence_marks_flight()). */
        for (guint i = first; i < event; i++)
          k += seqack_trace_get_event (g->trace, i)->kind
               == SEQACK_EVENT_SEGMENT;
        a->y0 = row_y (g, row) + k * FAN_TAIL_STEP * g->s;
        a->fan_first = first;
        a->fan_last = last;
      }
  }
  a->x1 = g->tl_x[receiver];
  a->y1 = row_y (g, arrive);
  a->lost = ev->fate == SEQACK_FATE_LOST;
  a->arrived = arrival_shown (g, event);
  if (a->arrived)
    a->fraction = 1.0;
  else if (g->o->flight_fraction >= 0)
    a->fraction = CLAMP (g->o->flight_fraction, 0.0, 1.0);
  else if (ev->t2 <= ev->t)
    a->fraction = 1.0;
  else
    a->fraction = CLAMP ((double) (g->t_now - ev->t) / (ev->t2 - ev->t),
                         0.0, 1.0);
  return TRUE;
}

/* The end of the drawn part of @a: a lost segment stops mid-wire. */
static void
arrow_drawn_end (const Arrow *a,
                 double      *x,
                 double      *y)
{
  double f = a->lost ? MIN (a->fraction, 0.5) : a->fraction;

  *x = a->x0 + f * (a->x1 - a->x0);
  *y = a->y0 + f * (a->y1 - a->y0);
}

typedef gboolean (*ArrowFunc) (const Geom  *g,
                               const Arrow *a,
                               gpointer     data);

/* Calls @func for every shown arrow that may cross the viewport; stops
 * when it returns FALSE. */
static void
foreach_arrow (const Geom *g,
               ArrowFunc   func,
               gpointer    data)
{
  guint max_span = seqack_sequence_layout_get_max_span (g->layout);
  guint start = g->first_row > max_span ? g->first_row - max_span : 0;
  const guint *list;
  guint n;
  Arrow a;

  for (guint r = start; r < g->end_row + FAN_MAX_ROWS; r++)
    {
      SeqackSequenceRow row;

      if (!seqack_sequence_layout_get_row (g->layout, r, &row))
        break;
      if (row.kind != SEQACK_ROW_SEND || !event_shown (g, row.event))
        continue;
      if (!arrow_for (g, row.event, &a))
        continue;
      /* Below the viewport, only a fan's arrow drawn up into it. */
      if (r >= g->end_row && (a.fan_first == SEQACK_NO_EVENT
                              || a.y0 > g->rows_bottom + g->row_h))
        continue;
      if (!func (g, &a, data))
        return;
    }

  /* Long and pending arrows that start above the lookback window. */
  list = seqack_sequence_layout_get_long_arrows (g->layout, g->first_row, &n);
  for (guint i = 0; i < n; i++)
    {
      guint row, arrive;

      seqack_sequence_layout_get_event_rows (g->layout, list[i], &row,
                                             &arrive);
      if (row >= start || arrive < g->first_row)
        continue;
      if (arrow_for (g, list[i], &a) && !func (g, &a, data))
        return;
    }
  list = seqack_sequence_layout_get_pending (g->layout, &n);
  for (guint i = 0; i < n; i++)
    {
      guint row;

      seqack_sequence_layout_get_event_rows (g->layout, list[i], &row, NULL);
      if (row >= start)
        continue;
      if (arrow_for (g, list[i], &a) && !func (g, &a, data))
        return;
    }
}

typedef struct
{
  cairo_t *cr;
  Fonts   *fonts;
  GString *letters;
  int      pass;   /* 0: lines, 1: labels */
} PaintData;

static void
arrow_head (cairo_t *cr,
            double   x,
            double   y,
            double   ux,
            double   uy,
            double   s)
{
  double bx = x - ux * HEAD_LENGTH * s;
  double by = y - uy * HEAD_LENGTH * s;

  cairo_move_to (cr, x, y);
  cairo_line_to (cr, bx - uy * HEAD_HALF * s, by + ux * HEAD_HALF * s);
  cairo_line_to (cr, bx + uy * HEAD_HALF * s, by - ux * HEAD_HALF * s);
  cairo_close_path (cr);
  cairo_fill (cr);
}

static void
paint_arrow_line (const Geom  *g,
                  const Arrow *a,
                  cairo_t     *cr)
{
  const SeqackEvent *ev = seqack_trace_get_event (g->trace, a->event);
  const SeqackRgba *color = seqack_palette_segment_color (g->pal, ev->flags,
                                                          ev->number);
  double s = g->s;
  double len = hypot (a->x1 - a->x0, a->y1 - a->y0);
  double ux, uy, ex, ey;
  gboolean rst = (ev->flags & SEQACK_TCP_RST) != 0;
  gboolean head;

  if (len < 1)
    return;
  ux = (a->x1 - a->x0) / len;
  uy = (a->y1 - a->y0) / len;
  arrow_drawn_end (a, &ex, &ey);

  cairo_save (cr);
  if (a->event == g->o->selected)
    {
      /* A wide soft stroke under the selected arrow. */
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_line_width (cr, 12 * s);
      seqack_rgba_set_source (cr, &g->pal->selection);
      cairo_move_to (cr, a->x0, a->y0);
      cairo_line_to (cr, ex, ey);
      cairo_stroke (cr);
    }

  seqack_rgba_set_source (cr, color);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_BUTT);
  cairo_set_line_width (cr, (rst ? RST_WIDTH : ARROW_WIDTH) * s);
  if (rst)
    {
      double dash[] = { 10 * s, 5 * s };

      cairo_set_dash (cr, dash, 2, 0);
    }
  else if (ev->marks & (SEQACK_MARK_RETRANSMISSION | SEQACK_MARK_STALE))
    {
      double dash[] = { 7 * s, 4 * s };

      cairo_set_dash (cr, dash, 2, 0);
    }

  /* An arrived segment ends in a head; the line stops at its base. Only
   * the part inside the viewport (plus a margin) is stroked: a dense
   * trace has arrows many screens long, and the dash phase is kept. */
  head = a->arrived && !a->lost;
  {
    double lx0 = a->x0, ly0 = a->y0;
    double lx1 = head ? ex - ux * (HEAD_LENGTH - 1) * s : ex;
    double ly1 = head ? ey - uy * (HEAD_LENGTH - 1) * s : ey;
    double lo = g->rows_top - 20 * s, hi = g->rows_bottom + 20 * s;
    double t0 = 0, t1 = 1, dy = ly1 - ly0;

    if (fabs (dy) > 1e-9)
      {
        double ta = (lo - ly0) / dy, tb = (hi - ly0) / dy;

        t0 = MAX (t0, MIN (ta, tb));
        t1 = MIN (t1, MAX (ta, tb));
      }
    else if (ly0 < lo || ly0 > hi)
      t1 = -1;
    if (t1 > t0)
      {
        double seg_len = hypot (lx1 - lx0, ly1 - ly0);
        double dash_offset = t0 * seg_len;
        double dashes[2];
        int n_dashes = cairo_get_dash_count (cr);

        if (n_dashes == 2)
          {
            cairo_get_dash (cr, dashes, NULL);
            cairo_set_dash (cr, dashes, 2, dash_offset);
          }
        cairo_move_to (cr, lx0 + t0 * (lx1 - lx0), ly0 + t0 * (ly1 - ly0));
        cairo_line_to (cr, lx0 + t1 * (lx1 - lx0), ly0 + t1 * (ly1 - ly0));
        cairo_stroke (cr);
      }
  }
  cairo_set_dash (cr, NULL, 0, 0);

  if (ey < g->rows_top - 20 * s || ey > g->rows_bottom + 20 * s)
    ;
  else if (head)
    arrow_head (cr, ex, ey, ux, uy, s);
  else if (!(a->lost && a->fraction >= 0.5))
    {
      /* In flight: a dot at the head moves along the wire. */
      cairo_new_path (cr);
      cairo_arc (cr, ex, ey, 5 * s, 0, 2 * G_PI);
      cairo_fill_preserve (cr);
      seqack_rgba_set_source (cr, &g->pal->background);
      cairo_set_line_width (cr, 1.5 * s);
      cairo_stroke (cr);
    }

  cairo_restore (cr);
}

/* The colour of @a's connection when the trace holds several, or NULL. */
static const SeqackRgba *
connection_color (const Geom  *g,
                  const Arrow *a)
{
  guint conn;

  if (!seqack_sequence_layout_get_colors_connections (g->layout))
    return NULL;
  conn = seqack_sequence_layout_get_event_connection (g->layout, a->event);
  if (conn == SEQACK_NO_CONNECTION)
    return NULL;
  return seqack_palette_connection_color (g->pal, conn);
}

/* Which connection an arrow is of, beside what kind of segment it is:
 * a dot in the connection's colour, ringed with the background, where
 * it leaves the sender's lifeline. The line keeps its segment colour. */
static void
paint_connection_mark (const Geom  *g,
                       const Arrow *a,
                       cairo_t     *cr)
{
  const SeqackRgba *color = connection_color (g, a);
  double s = g->s;

  if (color == NULL || a->y0 < g->rows_top - 20 * s
      || a->y0 > g->rows_bottom + 20 * s)
    return;
  cairo_save (cr);
  cairo_new_path (cr);
  cairo_arc (cr, a->x0, a->y0, CONNECTION_DOT * s, 0, 2 * G_PI);
  seqack_rgba_set_source (cr, color);
  cairo_fill_preserve (cr);
  seqack_rgba_set_source (cr, &g->pal->background);
  cairo_set_line_width (cr, 1.5 * s);
  cairo_stroke (cr);
  cairo_restore (cr);
}

/* A fan reads as one flight: a light band between each of its arrows and
 * the one before, under the lines, so together they fill the space from
 * the first arrow to the last. */
static void
paint_fan_band (const Geom  *g,
                const Arrow *a,
                cairo_t     *cr)
{
  const SeqackEvent *ev = seqack_trace_get_event (g->trace, a->event);
  SeqackRgba band = *seqack_palette_segment_color (g->pal, ev->flags,
                                                   ev->number);
  Arrow prev;
  guint i = a->event;
  double ex, ey, px, py;

  if (a->fan_first == SEQACK_NO_EVENT || a->event == a->fan_first)
    return;
  while (i-- > a->fan_first
         && seqack_trace_get_event (g->trace, i)->kind != SEQACK_EVENT_SEGMENT)
    ;
  if (!arrow_for (g, i, &prev))
    return;
  arrow_drawn_end (a, &ex, &ey);
  arrow_drawn_end (&prev, &px, &py);
  band.a *= FAN_BAND_ALPHA;
  cairo_save (cr);
  cairo_move_to (cr, prev.x0, prev.y0);
  cairo_line_to (cr, px, py);
  cairo_line_to (cr, ex, ey);
  cairo_line_to (cr, a->x0, a->y0);
  cairo_close_path (cr);
  seqack_rgba_set_source (cr, &band);
  cairo_fill (cr);
  cairo_restore (cr);
}

/* The ✕ where a lost segment was dropped, with a halo to stand out; drawn
 * over the labels. */
static void
paint_lost_mark (const Geom  *g,
                 const Arrow *a,
                 cairo_t     *cr)
{
  double s = g->s, ex, ey;

  if (!a->lost || a->fraction < 0.5)
    return;
  arrow_drawn_end (a, &ex, &ey);
  cairo_save (cr);
  if (a->lost && a->fraction >= 0.5)
    {
      double r = 9 * s;

      /* The ✕ where the segment was lost, with a halo to stand out. */
      cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
      for (int pass = 0; pass < 2; pass++)
        {
          if (pass == 0)
            {
              seqack_rgba_set_source (cr, &g->pal->background);
              cairo_set_line_width (cr, 7 * s);
            }
          else
            {
              seqack_rgba_set_source (cr, &g->pal->lost);
              cairo_set_line_width (cr, 3.5 * s);
            }
          cairo_move_to (cr, ex - r, ey - r);
          cairo_line_to (cr, ex + r, ey + r);
          cairo_move_to (cr, ex + r, ey - r);
          cairo_line_to (cr, ex - r, ey + r);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
}

/* The rotation that lays text along @a, kept upright. */
static double
label_angle (const Arrow *a)
{
  double angle = atan2 (a->y1 - a->y0, a->x1 - a->x0);

  if (angle > G_PI / 2)
    angle -= G_PI;
  else if (angle < -G_PI / 2)
    angle += G_PI;
  /* Cairo caches glyphs per font matrix: a quarter-degree grid keeps the
   * number of rotations (and glyph rasterizations) small. */
  return round (angle / (G_PI / 720)) * (G_PI / 720);
}

/* Labels sit mid-arrow; a lost segment's over the part it flew, leaving
 * the ✕ in the clear. */
static void
label_anchor (const Arrow *a,
              double      *x,
              double      *y)
{
  double f = a->lost ? 0.27 : 0.5;

  *x = a->x0 + f * (a->x1 - a->x0);
  *y = a->y0 + f * (a->y1 - a->y0);
}

/* The x extent of a label @w wide (halo included) whose top is @ty
 * from its line and @h tall, laid along @a from anchor @x. */
static void
label_x_extent (const Arrow *a,
                double       x,
                double       w,
                double       ty,
                double       h,
                double      *lo,
                double      *hi)
{
  double angle = label_angle (a), c = cos (angle), sn = sin (angle);

  *lo = G_MAXDOUBLE;
  *hi = -G_MAXDOUBLE;
  for (guint corner = 0; corner < 4; corner++)
    {
      double lx = (corner & 1) ? w / 2 : -w / 2;
      double ly = (corner & 2) ? ty + h : ty;
      double cx = x + lx * c - ly * sn;

      *lo = MIN (*lo, cx);
      *hi = MAX (*hi, cx);
    }
}

/* The anchor of a label @w wide and @h tall, its top @ty from its line,
 * along @a: mid-arrow, moved along the arrow's line where the label
 * would reach past the outermost lifelines (a long sentence on a short
 * arrow between neighbours), so it stays over the diagram; centred on
 * the diagram when wider than it. */
static void
label_anchor_fit (const Geom  *g,
                  const Arrow *a,
                  double       w,
                  double       ty,
                  double       h,
                  double      *x,
                  double      *y)
{
  double left, right, lo, hi, dx = a->x1 - a->x0, shift;

  label_anchor (a, x, y);
  if (g->n_lines < 2 || fabs (dx) < 1.0)
    return;
  left = g->tl_x[g->lines[0]];
  right = g->tl_x[g->lines[g->n_lines - 1]];
  label_x_extent (a, *x, w, ty, h, &lo, &hi);
  if (hi - lo >= right - left)
    shift = (left + right) / 2 - (lo + hi) / 2;
  else if (lo < left)
    shift = left - lo;
  else if (hi > right)
    shift = right - hi;
  else
    return;
  /* The box moves with its anchor, which stays on the arrow's line. */
  *x += shift;
  *y = a->y0 + (*x - a->x0) * (a->y1 - a->y0) / dx;
}

/* @text along @a: @line -1 above the arrow, 0 just under it, 1 under
 * that. */
static void
paint_text_along (cairo_t          *cr,
                  const Geom       *g,
                  PangoLayout      *pl,
                  const char       *text,
                  const Arrow      *a,
                  int               line,
                  const SeqackRgba *color)
{
  double mx, my;
  double w, h, gap = 3 * g->s, pad = 4 * g->s;
  double ty, max_w;
  gboolean wrapped;

  seqack_render_text_measure (pl, text, &w, &h);
  /* A sentence longer than the arrow wraps under it, centered. */
  max_w = 0.8 * hypot (a->x1 - a->x0, a->y1 - a->y0);
  wrapped = line >= 0 && w > max_w && max_w > 40 * g->s;
  if (wrapped)
    {
      pango_layout_set_width (pl, (int) (max_w * PANGO_SCALE));
      pango_layout_set_wrap (pl, PANGO_WRAP_WORD);
      pango_layout_set_alignment (pl, PANGO_ALIGN_CENTER);
      seqack_render_text_measure (pl, text, &w, &h);
      w = max_w;
    }
  ty = line < 0 ? -gap - h : gap + line * (h + gap);
  label_anchor_fit (g, a, w + 2 * pad, ty, h, &mx, &my);
  if (g->smallest != NULL)
    *g->smallest = MIN (*g->smallest, seqack_render_text_get_px (pl));
  cairo_save (cr);
  cairo_translate (cr, mx, my);
  cairo_rotate (cr, label_angle (a));
  seqack_rounded_rect (cr, -w / 2 - pad, ty, w + 2 * pad, h, 4 * g->s);
  seqack_rgba_set_source (cr, &g->pal->label_halo);
  cairo_fill (cr);
  cairo_move_to (cr, -w / 2, ty);
  seqack_rgba_set_source (cr, color);
  pango_cairo_update_layout (cr, pl);
  pango_cairo_show_layout (cr, pl);
  cairo_restore (cr);
  if (wrapped)
    {
      pango_layout_set_width (pl, -1);
      pango_layout_set_alignment (pl, PANGO_ALIGN_LEFT);
    }
}

/* The label drawn on @a in @pl: its own, or its flight's when it is the
 * first arrow of a fan, counting what is shown of the flight (a
 * selected arrow keeps its own); NULL for the fan's other arrows. An
 * arrow too short for the whole label (a narrow view, presentation
 * mode) drops a pure ACK's Seq, then the window; a window update and a
 * zero window keep their Win=N, the number they are sent for. @scratch
 * and *@flight hold the text returned. */
static const char *
arrow_label (const Geom  *g,
             const Arrow *a,
             PangoLayout *pl,
             GString     *scratch,
             char       **flight)
{
  const SeqackEvent *ev = seqack_trace_get_event (g->trace, a->event);
  const char *label = seqack_sequence_layout_get_label (g->layout, a->event,
                                                        g->o->absolute);
  gboolean keep_window;

  if (a->fan_first != SEQACK_NO_EVENT && a->event != g->o->selected)
    {
      guint last = MIN (a->fan_last, g->n_shown - 1), n = 0;

      if (a->event != a->fan_first)
        return NULL;
      /* What is shown of it so far: its arrows gather from the first
       * one on, so their own labels would lie on top of each other. */
      for (guint i = a->fan_first; i <= last; i++)
        n += seqack_trace_get_event (g->trace, i)->kind
             == SEQACK_EVENT_SEGMENT;
      if (n > 1)
        {
          *flight = seqack_sequence_marks_flight_label (g->trace,
                                                        a->fan_first, last,
                                                        n, g->o->absolute);
          label = *flight;
        }
    }
  keep_window = (ev->edge & SEQACK_WHY_WINDOW_UPDATE)
                || ((ev->flags & SEQACK_TCP_ACK) && ev->window == 0);
  return seqack_sequence_marks_fit_label (pl, label,
                                          hypot (a->x1 - a->x0,
                                                 a->y1 - a->y0),
                                          keep_window, scratch);
}

static gboolean
paint_arrow_cb (const Geom  *g,
                const Arrow *a,
                gpointer     data)
{
  PaintData *pd = data;
  const char *note;
  int line;

  if (pd->pass == 0)
    {
      paint_fan_band (g, a, pd->cr);
      paint_arrow_line (g, a, pd->cr);
      paint_connection_mark (g, a, pd->cr);
      return TRUE;
    }
  if (pd->pass == 2)
    {
      g_autofree char *badge = NULL;

      paint_lost_mark (g, a, pd->cr);
      /* The count that makes fast retransmit visible: duplicate ACK 1,
       * 2, 3, and "3×" on the resend the third one causes. */
      if (a->fraction >= SEQACK_SEQUENCE_MARKS_AT &&
          (badge = seqack_sequence_marks_badge (g->trace, a->event)) != NULL)
        seqack_sequence_marks_paint (pd->cr, pd->fonts->small, g->pal, badge,
                                     a->x0 + SEQACK_SEQUENCE_MARKS_AT
                                             * (a->x1 - a->x0),
                                     a->y0 + SEQACK_SEQUENCE_MARKS_AT
                                             * (a->y1 - a->y0),
                                     g->s);
      return TRUE;
    }

  /* Labels sit mid-arrow: skip those that fall outside the viewport (a
   * long arrow crossing it), which is most of them in a dense trace. */
  {
    double lx, ly;

    label_anchor (a, &lx, &ly);
    if (ly < g->rows_top - 2 * g->row_h || ly > g->rows_bottom + 2 * g->row_h)
      return TRUE;
  }

  {
    PangoLayout *pl = a->event == g->o->selected ? pd->fonts->bold
                                                 : pd->fonts->normal;
    g_autofree char *flight = NULL;
    const char *label = arrow_label (g, a, pl, pd->letters, &flight);
    /* A selected arrow inside a fan has its own label under it, clear
     * of the fan's above the first arrow. */
    gboolean under = a->fan_first != SEQACK_NO_EVENT
                     && a->event != a->fan_first;

    line = under ? 1 : 0;
    if (label != NULL)
      paint_text_along (pd->cr, g, pl, label, a, under ? 0 : -1,
                        &g->pal->foreground);
  }
  if (g->o->letters)
    {
      g_string_truncate (pd->letters, 0);
      seqack_sequence_layout_format_letters (g->layout, a->event,
                                             pd->letters);
      if (pd->letters->len > 0)
        paint_text_along (pd->cr, g, pd->fonts->bold, pd->letters->str, a,
                          line++, &g->pal->letters);
    }
  /* Which connection, when the trace holds several: its ports, under
   * the arrow, in bold in the connection's colour (the secondary colour
   * when there is only one). */
  {
    const SeqackRgba *color = connection_color (g, a);
    char ports[16];

    if (seqack_sequence_layout_format_ports (g->layout, a->event, ports))
      paint_text_along (pd->cr, g,
                        color != NULL ? pd->fonts->bold : pd->fonts->normal,
                        ports, a, line++, color != NULL ? color : &g->pal->dim);
  }
  /* Why this segment, once it has arrived: a RST from a closed port (the
   * last arrow of its exchange, so the line has room; a SYN cookie's or a
   * full queue's longer note is the inspector's, and its arrow's label
   * says it in a word). */
  note = a->arrived &&
         seqack_trace_segment_is_closed_port_reset (g->trace, a->event)
         ? seqack_trace_format_segment_note (g->trace, a->event) : NULL;
  if (note != NULL)
    paint_text_along (pd->cr, g, pd->fonts->normal, note, a, line,
                      &g->pal->rst);
  return TRUE;
}

/* Rows */

static const char *
timer_text (SeqackTcpTimer timer)
{
  switch (timer)
    {
    case SEQACK_TCP_TIMER_RETRANSMIT:
      return _("RTO expired");
    case SEQACK_TCP_TIMER_TIME_WAIT:
      return _("2MSL expired");
    case SEQACK_TCP_TIMER_FIN_WAIT_2:
      return _("FIN-WAIT-2 timeout");
    case SEQACK_TCP_TIMER_DELAYED_ACK:
      return _("delayed ACK");
    case SEQACK_TCP_TIMER_PERSIST:
      return _("window probe");
    case SEQACK_TCP_N_TIMERS:
    default:
      return "";
    }
}

/* The same, short, for a lifeline with no room beside it for the whole
 * name (the server's, against the diagram's right edge); NULL when there
 * is no shorter form. */
static const char *
timer_short_text (SeqackTcpTimer timer)
{
  switch (timer)
    {
    case SEQACK_TCP_TIMER_RETRANSMIT:
      return _("RTO");
    case SEQACK_TCP_TIMER_TIME_WAIT:
      return _("2MSL");
    case SEQACK_TCP_TIMER_FIN_WAIT_2:
      return _("FIN-WAIT-2");
    case SEQACK_TCP_TIMER_DELAYED_ACK:
    case SEQACK_TCP_TIMER_PERSIST:
    case SEQACK_TCP_N_TIMERS:
    default:
      return NULL;
    }
}

static void
paint_timelines (cairo_t    *cr,
                 const Geom *g)
{
  double s = g->s;
  double top = g->rows_top, bottom = g->rows_bottom;
  double dash[] = { 3 * s, 5 * s };

  cairo_save (cr);
  cairo_set_line_width (cr, 2 * s);
  seqack_rgba_set_source (cr, &g->pal->timeline);
  for (guint k = 0; k < g->n_lines; k++)
    {
      guint side = g->lines[k];
      double y = top;

      /* Solid, but dotted through compressed waits: time is cut there. */
      for (guint r = g->first_row; r < g->end_row; r++)
        {
          SeqackSequenceRow row;
          double y0;

          if (!seqack_sequence_layout_get_row (g->layout, r, &row))
            break;
          if (row.kind != SEQACK_ROW_WAIT || !row_shown (g, r, &row))
            continue;
          y0 = row_y (g, r) - g->row_h / 2;
          cairo_move_to (cr, g->tl_x[side], y);
          cairo_line_to (cr, g->tl_x[side], y0);
          cairo_stroke (cr);
          cairo_set_dash (cr, dash, 2, 0);
          cairo_move_to (cr, g->tl_x[side], y0);
          cairo_line_to (cr, g->tl_x[side], y0 + g->row_h);
          cairo_stroke (cr);
          cairo_set_dash (cr, NULL, 0, 0);
          y = y0 + g->row_h;
        }
      cairo_move_to (cr, g->tl_x[side], y);
      cairo_line_to (cr, g->tl_x[side], bottom);
      cairo_stroke (cr);
    }
  cairo_restore (cr);
}

static void
paint_waits (cairo_t    *cr,
             const Geom *g,
             Fonts      *fonts)
{
  const SeqackSequenceRenderOptions *o = g->o;

  for (guint r = g->first_row; r < g->end_row; r++)
    {
      SeqackSequenceRow row;
      gint64 duration;
      g_autofree char *text = NULL;
      double y;

      if (!seqack_sequence_layout_get_row (g->layout, r, &row))
        break;
      if (row.kind != SEQACK_ROW_WAIT || !row_shown (g, r, &row)
          || !seqack_sequence_layout_get_wait (g->layout, r, &duration))
        continue;

      y = row_y (g, r);
      cairo_rectangle (cr, o->x, y - g->row_h / 2 + 3 * g->s, o->width,
                       g->row_h - 6 * g->s);
      seqack_rgba_set_source (cr, &g->pal->wait_band);
      cairo_fill (cr);

      /* Zigzag break marks on both timelines: time is compressed here. */
      cairo_save (cr);
      seqack_rgba_set_source (cr, &g->pal->timeline);
      cairo_set_line_width (cr, 2 * g->s);
      for (guint line = 0; line < g->n_lines; line++)
        for (int k = -1; k <= 1; k += 2)
          {
            double bx = g->tl_x[g->lines[line]], by = y + k * 7 * g->s;

            cairo_move_to (cr, bx - 8 * g->s, by + 3 * g->s);
            cairo_line_to (cr, bx + 8 * g->s, by - 3 * g->s);
          }
      cairo_stroke (cr);
      cairo_restore (cr);

      text = seqack_sequence_format_duration (g->trace, duration);
      /* Between two lifelines, not across the middle one. */
      show_text (g, cr, fonts->bold, text,
                 g->n_lines % 2 == 0
                 ? (g->tl_x[g->lines[g->n_lines / 2 - 1]]
                    + g->tl_x[g->lines[g->n_lines / 2]]) / 2
                 : (g->tl_x[g->lines[g->n_lines / 2]]
                    + g->tl_x[g->lines[g->n_lines / 2 + 1]]) / 2,
                 y, 0.5, 0.5, &g->pal->wait_text);
    }
}

/* What TIME-WAIT span @span says: its 2MSL once over, the countdown
 * while @open. NULL when there is nothing to count down. */
static char *
span_text (const Geom               *g,
           const SeqackSequenceSpan *span,
           gboolean                  open)
{
  char *text = NULL;

  if (open)
    {
      gint64 left =
        seqack_sequence_layout_get_time_wait_left (g->layout, span->host,
                                                   g->n_shown, g->t_now);
      g_autofree char *clock = NULL;

      if (left < 0)
        return NULL;
      clock = seqack_sequence_format_seconds_left (left);
      /* TRANSLATORS: the TIME-WAIT countdown, e.g. "2MSL: 42 s left" */
      text = g_strdup_printf (_("2MSL: %s left"), clock);
    }
  else
    {
      gint64 length =
        seqack_sequence_layout_get_time_wait_length (g->layout,
                                                     span->host,
                                                     span->event_end);

      /* What the timer was set to, not how long the stay lasted: a
       * restarted 2MSL makes the stay longer (its mark says so), and
       * "61 s" would teach that TIME-WAIT lasts 61 s. A capture has
       * no timers: there the stay is all we know. */
      if (length > 0)
        {
          g_autofree char *len_text =
            seqack_sequence_format_timer_length (length);

          /* TRANSLATORS: on the TIME-WAIT band, e.g. "2MSL = 60 s" */
          text = g_strdup_printf (_("2MSL = %s"), len_text);
        }
      else
        text = seqack_sequence_format_duration (g->trace,
                                                span->t_end - span->t_start);
    }

  return text;
}

/* The band's label (@th tall, centred on @ty) moves above a 2MSL
 * restart's bar when it would meet it: the restart's words hang below the
 * bar (paint_restarts), the open band's countdown would otherwise sit on
 * the same row. */
static double
clear_of_restarts (const Geom *g,
                   guint       host,
                   double      ty,
                   double      th)
{
  const guint *list;
  guint n, row;

  list = seqack_sequence_layout_get_time_wait_restarts (g->layout, &n);
  for (guint i = 0; i < n; i++)
    {
      double y;

      if (!event_shown (g, list[i])
          || seqack_trace_get_event_host (g->trace, list[i]) != host
          || !seqack_sequence_layout_get_event_rows (g->layout, list[i], &row,
                                                     NULL))
        continue;
      y = row_y (g, row);
      if (ty + th / 2 > y - RESTART_GAP * g->s && ty - th / 2 < y + g->row_h)
        ty = y - RESTART_GAP * g->s - th / 2;
    }
  return ty;
}

/* Where TIME-WAIT span @span's band runs on screen, [*y0, *y1]; FALSE
 * when it is not shown or not in the viewport. */
static gboolean
span_band (const Geom               *g,
           const SeqackSequenceSpan *span,
           gboolean                 *open,
           double                   *y0,
           double                   *y1)
{
  if (!event_shown (g, span->event_start))
    return FALSE;
  *open = span->event_end == SEQACK_NO_EVENT
          || !event_shown (g, span->event_end);
  *y0 = row_y (g, span->row_start);
  if (*open)
    *y1 = row_y (g, now_row (g)) - g->row_h / 2;
  else
    *y1 = row_y (g, span->row_end);
  return !(*y1 < g->rows_top || *y0 > g->rows_bottom || *y1 <= *y0);
}

/* The text beside the band of @span (running [@y0, @y1]) and where it
 * goes: its box's left and vertical middle; NULL when it has none. */
static char *
span_label (const Geom               *g,
            Fonts                    *fonts,
            const SeqackSequenceSpan *span,
            gboolean                  open,
            double                    y0,
            double                    y1,
            cairo_rectangle_t        *box)
{
  double x, tx, ty, ax, tw, th, margin, left_x, room;
  double top = g->rows_top, bottom = g->rows_bottom;
  char *text;

  text = span_text (g, span, open);
  if (text == NULL)
    return NULL;

  x = g->tl_x[drawn_host (g, span->host, span->side)];
  /* Beside the band, kept inside the viewport while it scrolls. */
  /* Just under the TIME-WAIT badge: that endpoint changes no state
   * until the band ends, so its column is free there. */
  ty = MAX (y0 + g->row_h, top + g->row_h / 2);
  if (open)
    ty = MAX (ty, MIN (y1, bottom) - g->row_h / 2);
  ty = MIN (ty, MAX (y0, y1 - g->row_h / 2));
  if (g->o->state_columns)
    tx = span->side == SEQACK_CLIENT ? x - 12 * g->s : x + 12 * g->s;
  else
    tx = span->side == SEQACK_CLIENT ? x + 12 * g->s : x - 12 * g->s;
  ax = (span->side == SEQACK_CLIENT) == g->o->state_columns ? 1.0 : 0.0;
  /* A narrow view has less room outside the timeline than the text
   * needs: slide it in rather than cut it at the edge (inside the
   * ladder it would meet the arrows' labels). */
  seqack_render_text_measure (fonts->bold, text, &tw, &th);
  margin = 4 * g->s;
  room = ax > 0.5 ? tx - (g->o->x + margin)
                  : g->o->x + g->o->width - margin - tx;
  if (tw > room && strchr (text, ' ') != NULL)
    {
      /* Two short lines ("2MSL" over "01:00 left") fit the column
       * where one long line would run over the arrows' labels. */
      *strchr (text, ' ') = '\n';
      seqack_render_text_measure (fonts->bold, text, &tw, &th);
    }
  if (g->o->state_columns)
    {
      cairo_rectangle_t badge;
      g_autofree char *name = NULL;
      const SeqackEvent *ev = seqack_trace_get_event (g->trace,
                                                      span->event_start);

      /* Clear of the TIME-WAIT badge above it, whatever the band's
       * length, the scroll or the lines: it once covered the badge's
       * lower half. */
      name = badge_box (g, fonts->bold, ev->to,
                        (ev->marks & SEQACK_MARK_INFERRED) != 0, x, y0, 0.5,
                        &badge);
      ty = MAX (ty, badge.y + badge.height
                    + TIME_WAIT_LABEL_GAP * g->s + th / 2);
    }
  ty = clear_of_restarts (g, span->host, ty, th);
  left_x = tx - ax * tw;
  left_x = MIN (left_x, g->o->x + g->o->width - margin - tw);
  left_x = MAX (left_x, g->o->x + margin);
  box->x = left_x;
  box->y = ty - th / 2;
  box->width = tw;
  box->height = th;
  return text;
}

static void
paint_spans (cairo_t    *cr,
             const Geom *g,
             Fonts      *fonts)
{
  guint first, end;
  guint first_row = g->first_row;
  guint end_row = MAX (g->end_row, g->first_row + 1);
  double w = 10 * g->s;

  seqack_sequence_layout_spans_in (g->layout, first_row, end_row, &first,
                                   &end);
  for (guint i = first; i < end; i++)
    {
      const SeqackSequenceSpan *span =
        seqack_sequence_layout_get_span (g->layout, i);
      gboolean open;
      double y0, y1, x;
      cairo_rectangle_t box;
      g_autofree char *text = NULL;

      if (!span_band (g, span, &open, &y0, &y1))
        continue;

      x = g->tl_x[drawn_host (g, span->host, span->side)];
      seqack_rounded_rect (cr, x - w / 2, y0, w, y1 - y0, w / 2);
      seqack_rgba_set_source (cr, &g->pal->time_wait_band);
      cairo_fill (cr);

      text = span_label (g, fonts, span, open, y0, y1, &box);
      if (text != NULL)
        show_text (g, cr, fonts->bold, text, box.x, box.y, 0.0, 0.0,
                   &g->pal->foreground);
    }
}

gboolean
seqack_sequence_render_get_span_text_box (SeqackSequenceLayout              *layout,
                                          const SeqackSequenceRenderOptions *options,
                                          guint                              index,
                                          cairo_rectangle_t                 *box)
{
  const SeqackSequenceSpan *span;
  Geom g;
  Fonts fonts;
  gboolean open;
  double y0, y1;
  g_autofree char *text = NULL;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (box != NULL, FALSE);

  if (index >= seqack_sequence_layout_get_n_spans (layout))
    return FALSE;
  geom_init (&g, layout, options);
  span = seqack_sequence_layout_get_span (layout, index);
  if (!span_band (&g, span, &open, &y0, &y1))
    return FALSE;
  fonts_init (&fonts, NULL, g.s);
  text = span_label (&g, &fonts, span, open, y0, y1, box);
  fonts_clear (&fonts);
  return text != NULL;
}

gboolean
seqack_sequence_render_get_state_box (SeqackSequenceLayout              *layout,
                                      const SeqackSequenceRenderOptions *options,
                                      guint                              event,
                                      cairo_rectangle_t                 *box)
{
  const SeqackEvent *ev;
  Geom g;
  Fonts fonts;
  guint row, host;
  double dir;
  g_autofree char *text = NULL;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (box != NULL, FALSE);

  geom_init (&g, layout, options);
  if (!options->state_columns || !event_shown (&g, event)
      || !seqack_sequence_layout_get_event_rows (layout, event, &row, NULL))
    return FALSE;
  ev = seqack_trace_get_event (g.trace, event);
  if (ev->kind != SEQACK_EVENT_STATE || ev->side > SEQACK_SERVER)
    return FALSE;
  /* As paint_rows() draws it. */
  dir = ev->side == SEQACK_CLIENT ? -1 : 1;
  host = drawn_host (&g, seqack_trace_get_event_host (g.trace, event),
                     ev->side);
  fonts_init (&fonts, NULL, g.s);
  text = badge_box (&g, fonts.bold, ev->to,
                    (ev->marks & SEQACK_MARK_INFERRED) != 0,
                    g.tl_x[host] + dir * 12 * g.s, row_y (&g, row),
                    dir < 0 ? 1.0 : 0.0, box);
  fonts_clear (&fonts);
  return TRUE;
}

/* The timers' lanes (seqack-timer-lanes.c paints them). */
static void
lane_paint_init (const Geom           *g,
                 Fonts                *fonts,
                 SeqackTimerLanePaint *p)
{
  memset (p, 0, sizeof *p);
  p->pal = g->pal;
  p->font = fonts != NULL ? fonts->bold : NULL;
  p->small_font = fonts != NULL ? fonts->small : NULL;
  p->s = g->s;
  p->row_h = g->row_h;
  p->rows_top = g->rows_top;
  p->rows_bottom = g->rows_bottom;
  p->scroll_y = g->o->scroll_y;
  p->x = g->o->x;
  p->width = g->o->width;
  memcpy (p->tl_x, g->tl_x, sizeof p->tl_x);
  p->hosts = g->hosts;
  p->state_columns = g->o->state_columns;
  p->first_row = g->first_row;
  p->end_row = g->end_row;
  p->n_shown = g->n_shown;
  p->t_now = g->t_now;
  p->smallest = g->smallest;
}

static void
paint_timer_lanes (cairo_t    *cr,
                   const Geom *g,
                   Fonts      *fonts)
{
  SeqackTimerLanePaint p;

  lane_paint_init (g, fonts, &p);
  p.now_row = now_row (g);
  for (int side = 0; side < 2; side++)
    p.drop_armed[side] = g->o->drop_next[side]
                         || seqack_sequence_layout_get_drop_armed (g->layout,
                                                                   side,
                                                                   g->n_shown);
  _seqack_timer_lanes_paint (seqack_sequence_layout_get_timer_lanes (g->layout),
                             cr, &p);
}

double
seqack_sequence_render_get_timer_lane_x (const SeqackSequenceRenderOptions *options,
                                         SeqackSide                         side,
                                         SeqackTcpTimer                     timer)
{
  SeqackTimerLanePaint p;
  Geom g;

  g_return_val_if_fail (options != NULL, 0);

  /* Only the geometry: no layout is read. */
  memset (&g, 0, sizeof g);
  g.o = options;
  g.s = scale_of (options);
  g.tl_x[0] = seqack_sequence_render_get_timeline_x (options, SEQACK_CLIENT);
  g.tl_x[1] = seqack_sequence_render_get_timeline_x (options, SEQACK_SERVER);
  g.hosts = 1u << SEQACK_CLIENT | 1u << SEQACK_SERVER;
  g.pal = seqack_palette_get (0);
  lane_paint_init (&g, NULL, &p);
  return _seqack_timer_lanes_x (&p, side, timer);
}

/* Text beside @side's timeline at @y (@ay 0.5: centred on it; 0: hanging
 * below it), outside the ladder (in the state column), wrapped to the room
 * there: kept inside the viewport. */
static void
show_beside (cairo_t          *cr,
             const Geom       *g,
             PangoLayout      *pl,
             guint             host,
             const char       *text,
             double            y,
             double            ay,
             const SeqackRgba *color)
{
  double x = g->tl_x[host], margin = 4 * g->s, gap = 14 * g->s;
  double room, w, h, left;
  gboolean outside_left = (host != SEQACK_SERVER) == g->o->state_columns;

  room = outside_left ? x - gap - (g->o->x + margin)
                      : g->o->x + g->o->width - margin - (x + gap);
  room = MAX (room, 60 * g->s);
  pango_layout_set_width (pl, (int) (room * PANGO_SCALE));
  pango_layout_set_wrap (pl, PANGO_WRAP_WORD);
  pango_layout_set_alignment (pl, outside_left ? PANGO_ALIGN_RIGHT
                                               : PANGO_ALIGN_LEFT);
  seqack_render_text_measure (pl, text, &w, &h);
  /* A right-aligned wrapped layout is as wide as its width. */
  left = outside_left ? x - gap - room : x + gap;
  left = MAX (left, g->o->x + margin);
  show_text (g, cr, pl, text, left, y, 0.0, ay, color);
  pango_layout_set_width (pl, -1);
  pango_layout_set_alignment (pl, PANGO_ALIGN_LEFT);
}

char *
seqack_sequence_render_get_restart_text (SeqackSequenceLayout *layout,
                                         guint                 event)
{
  const SeqackEvent *ev;
  g_autofree char *length = NULL;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (event < seqack_sequence_layout_get_n_events (layout),
                        NULL);

  ev = seqack_trace_get_event (seqack_sequence_layout_get_trace (layout),
                               event);
  length = seqack_sequence_format_timer_length (ev->t2 - ev->t);
  /* TRANSLATORS: marks the TIME-WAIT band where the repeated FIN was
   * ACKed and the 2MSL timer started over, e.g. "ACK again, 2MSL
   * restarts: 60 s" (RFC 9293 §3.10.7.4) */
  return g_strdup_printf (_("ACK again, 2MSL restarts: %s"), length);
}

char *
seqack_sequence_render_get_span_text (SeqackSequenceLayout              *layout,
                                      const SeqackSequenceRenderOptions *options,
                                      guint                              index)
{
  const SeqackSequenceSpan *span;
  Geom g;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (index >= seqack_sequence_layout_get_n_spans (layout))
    return NULL;
  geom_init (&g, layout, options);
  span = seqack_sequence_layout_get_span (layout, index);
  if (!event_shown (&g, span->event_start))
    return NULL;
  return span_text (&g, span, span->event_end == SEQACK_NO_EVENT
                              || !event_shown (&g, span->event_end));
}

/* Where TIME-WAIT started over: a bar across the band at the ACK that
 * answered the repeated FIN, and what happened written beside it. */
static void
paint_restarts (cairo_t    *cr,
                const Geom *g,
                Fonts      *fonts)
{
  const guint *list;
  guint n;

  list = seqack_sequence_layout_get_time_wait_restarts (g->layout, &n);
  for (guint i = 0; i < n; i++)
    {
      const SeqackEvent *ev;
      guint row, host;
      double x, y, w = 13 * g->s, h = 5 * g->s;
      g_autofree char *text = NULL;

      if (!event_shown (g, list[i])
          || !seqack_sequence_layout_get_event_rows (g->layout, list[i], &row,
                                                     NULL)
          || row + 1 < g->first_row || row > g->end_row)
        continue;
      ev = seqack_trace_get_event (g->trace, list[i]);
      host = drawn_host (g, seqack_trace_get_event_host (g->trace, list[i]),
                         ev->side);
      x = g->tl_x[host];
      y = row_y (g, row);
      seqack_rounded_rect (cr, x - w, y - h / 2, 2 * w, h, h / 2);
      seqack_rgba_set_source (cr, &g->pal->foreground);
      cairo_fill (cr);

      text = seqack_sequence_render_get_restart_text (g->layout, list[i]);
      /* Hanging below the bar: the band's countdown stands above it
       * (clear_of_restarts). */
      show_beside (cr, g, fonts->normal, host, text,
                   y + RESTART_GAP * g->s, 0.0, &g->pal->foreground);
    }
}

/* "Drop next" armed: a red ✕ ring on the sender's lifeline where the next
 * segment will leave, until it does. */
static void
paint_drop_marks (cairo_t    *cr,
                  const Geom *g,
                  Fonts      *fonts)
{
  gboolean armed[2];
  double y;

  /* Armed as the trace says at this scrub position, or as the caller
   * says (a press not yet shown). */
  for (int side = 0; side < 2; side++)
    armed[side] = g->o->drop_next[side]
                  || seqack_sequence_layout_get_drop_armed (g->layout, side,
                                                            g->n_shown);
  if (!armed[SEQACK_CLIENT] && !armed[SEQACK_SERVER])
    return;
  y = g->n_shown > 0 ? row_y (g, now_row (g)) : g->rows_top + g->row_h / 2;
  y = MIN (y, g->rows_bottom - g->row_h / 2);
  y = MAX (y, g->rows_top + g->row_h / 2);

  for (int side = 0; side < 2; side++)
    {
      double x = g->tl_x[side], r = 9 * g->s, k = 4.5 * g->s;

      if (!armed[side])
        continue;
      cairo_new_path (cr);
      cairo_arc (cr, x, y, r, 0, 2 * G_PI);
      seqack_rgba_set_source (cr, &g->pal->background);
      cairo_fill_preserve (cr);
      seqack_rgba_set_source (cr, &g->pal->lost);
      cairo_set_line_width (cr, 2.5 * g->s);
      cairo_stroke (cr);
      cairo_move_to (cr, x - k, y - k);
      cairo_line_to (cr, x + k, y + k);
      cairo_move_to (cr, x + k, y - k);
      cairo_line_to (cr, x - k, y + k);
      cairo_stroke (cr);
      /* TRANSLATORS: beside the lifeline while "Drop next" is armed */
      show_beside (cr, g, fonts->bold, side, _("Drop next: armed"), y,
                   0.5, &g->pal->lost);
    }
}

/* The first steps, written on the empty diagram. */
static void
paint_empty_hint (cairo_t    *cr,
                  const Geom *g)
{
  PangoLayout *pl;
  double width, w, h, x, y, pad = 10 * g->s;

  if (g->n_shown > 0 || g->o->empty_hint == NULL
      || *g->o->empty_hint == '\0')
    return;
  width = MAX (g->tl_x[1] - g->tl_x[0] - 40 * g->s, 120 * g->s);
  pl = seqack_render_text_layout_new (cr, PANGO_WEIGHT_NORMAL,
                                      HINT_FONT_PX * g->s);
  pango_layout_set_width (pl, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (pl, PANGO_WRAP_WORD);
  pango_layout_set_alignment (pl, PANGO_ALIGN_CENTER);
  seqack_render_text_measure (pl, g->o->empty_hint, &w, &h);
  x = (g->tl_x[0] + g->tl_x[1]) / 2 - width / 2;
  y = g->rows_top + MIN (3 * g->row_h,
                         MAX (0, (g->rows_bottom - g->rows_top - h) / 3));
  seqack_rounded_rect (cr, x - pad, y - pad, width + 2 * pad, h + 2 * pad,
                       8 * g->s);
  seqack_rgba_set_source (cr, &g->pal->header);
  cairo_fill (cr);
  show_text (g, cr, pl, g->o->empty_hint, x, y, 0, 0, &g->pal->foreground);
  g_object_unref (pl);
}

static void
paint_rows (cairo_t    *cr,
            const Geom *g,
            Fonts      *fonts)
{
  for (guint r = g->first_row; r < g->end_row; r++)
    {
      SeqackSequenceRow row;
      const SeqackEvent *ev;
      double x, y, dir;

      if (!seqack_sequence_layout_get_row (g->layout, r, &row))
        break;
      if (row.side > SEQACK_SERVER)
        continue;
      if (row.kind == SEQACK_ROW_TIMER ? !event_shown (g, row.event)
          : row.state == SEQACK_NO_EVENT || !event_shown (g, row.state))
        continue;

      ev = seqack_trace_get_event (g->trace, row.kind == SEQACK_ROW_TIMER
                                             ? row.event : row.state);
      x = g->tl_x[drawn_host (g, row.host, row.side)];
      y = row_y (g, r);
      /* Text goes outside the timelines, into the state columns; an
       * added client's to its left, as the client's. */
      dir = row.side == SEQACK_CLIENT ? -1 : 1;

      cairo_new_path (cr);
      if (row.kind != SEQACK_ROW_TIMER)
        {
          SeqackStateGroup group = seqack_state_group (ev->to);

          /* The dot marks a state change of its own; on an arrow's row
           * the arrow's end marks it. */
          if (row.kind == SEQACK_ROW_STATE)
            {
              cairo_arc (cr, x, y, 5.5 * g->s, 0, 2 * G_PI);
              seqack_rgba_set_source (cr, &g->pal->state_fill[group]);
              cairo_fill_preserve (cr);
              seqack_rgba_set_source (cr, &g->pal->timeline);
              cairo_set_line_width (cr, 1.5 * g->s);
              cairo_stroke (cr);
            }
          if (g->o->state_columns)
            draw_badge (cr, g, fonts->bold, ev->to,
                        (ev->marks & SEQACK_MARK_INFERRED) != 0,
                        x + dir * 12 * g->s, y, dir < 0 ? 1.0 : 0.0);
        }
      else
        {
          cairo_arc (cr, x, y, 5 * g->s, 0, 2 * G_PI);
          seqack_rgba_set_source (cr, &g->pal->background);
          cairo_fill_preserve (cr);
          seqack_rgba_set_source (cr, &g->pal->dim);
          cairo_set_line_width (cr, 2 * g->s);
          cairo_stroke (cr);
          if (g->o->state_columns)
            {
              const char *text = timer_text (ev->from);
              const char *shorter = timer_short_text (ev->from);
              double room = dir > 0
                              ? g->o->x + g->o->width - (x + 12 * g->s)
                              : x - 12 * g->s - g->o->x;
              double w, h;

              seqack_render_text_measure (fonts->small, text, &w, &h);
              if (w > room && shorter != NULL)
                text = shorter;
              show_text (g, cr, fonts->small, text, x + dir * 12 * g->s, y,
                         dir < 0 ? 1.0 : 0.0, 0.5, &g->pal->dim);
            }
        }
    }
}

static void
paint_selection (cairo_t    *cr,
                 const Geom *g)
{
  guint row, arrive;
  guint rows[2];

  if (g->o->selected == SEQACK_NO_EVENT || !event_shown (g, g->o->selected)
      || !seqack_sequence_layout_get_event_rows (g->layout, g->o->selected,
                                                 &row, &arrive))
    return;

  rows[0] = row;
  rows[1] = arrive;
  seqack_rgba_set_source (cr, &g->pal->selection);
  for (int i = 0; i < 2; i++)
    {
      double y;

      if (rows[i] == SEQACK_NO_ROW
          || (i == 1 && !arrival_shown (g, g->o->selected)))
        continue;
      y = row_y (g, rows[i]);
      seqack_rounded_rect (cr, g->o->x + 4 * g->s, y - g->row_h / 2 + 2 * g->s,
                    g->o->width - 8 * g->s, g->row_h - 4 * g->s, 6 * g->s);
      cairo_fill (cr);
    }
}

/* The header of a trace with hosts beside its endpoints: over each
 * lifeline its host's name and address (the flood's network) and the
 * state of its last state change. The most that fits the lifelines'
 * spacing, in order: "client-2 192.0.2.3" on one line; the name over
 * the address; under the name the address and the badge on two rows,
 * the other way round on every other lifeline; the name alone, every
 * other badge a row lower; the names written upward, without addresses
 * and badges (ten lifelines on a 1024 px projector). */
typedef enum
{
  TITLES_ONE_LINE,
  TITLES_TWO_LINES,
  TITLES_MIXED,
  TITLES_STAGGERED,
  TITLES_UPWARD,
} TitlesForm;

typedef struct
{
  const char    *name;
  char          *one_line;  /* "client-2 192.0.2.3" */
  char          *address;   /* "192.0.2.3", "198.51.100.0/24" */
  gboolean       has_state; /* the flood has no TCP of its own */
  SeqackTcpState state;
  gboolean       inferred;
  double         w_one, w_name, w_address, w_badge, h_name, h_address;
} HostTitle;

/* Whether boxes @w (one per lifeline, centred on it) leave @gap between
 * each and the one @step lifelines on, and the outer ones stay inside
 * the viewport. */
static gboolean
titles_fit (const Geom   *g,
            const double *w,
            guint         step,
            double        gap)
{
  const SeqackSequenceRenderOptions *o = g->o;

  for (guint k = 0; k + step < g->n_lines; k++)
    if (g->tl_x[g->lines[k + step]] - g->tl_x[g->lines[k]]
        < w[k] / 2 + w[k + step] / 2 + gap)
      return FALSE;
  return g->tl_x[g->lines[0]] - w[0] / 2 >= o->x + MARGIN_PX * g->s / 2
         && g->tl_x[g->lines[g->n_lines - 1]] + w[g->n_lines - 1] / 2
            <= o->x + o->width - MARGIN_PX * g->s / 2;
}

static void
host_title_init (const Geom *g,
                 Fonts      *fonts,
                 guint       host,
                 HostTitle  *t)
{
  SeqackEndpoint ep;
  char buf[64];
  guint event = SEQACK_NO_EVENT;

  memset (t, 0, sizeof *t);
  t->name = seqack_host_label (host);
  if (host == SEQACK_SERVER)
    {
      /* Its port: what the clients connect to. */
      seqack_trace_get_endpoint_at (g->trace, SEQACK_SERVER, g->n_shown, &ep);
      t->address = ep.family != 0
                   ? g_strdup (seqack_endpoint_to_string (&ep, buf))
                   : g_strdup ("");
    }
  else
    {
      /* A client's ports are on its arrows: several connections. */
      seqack_trace_get_host_endpoint (g->trace, host, &ep);
      if (ep.family == 4)
        {
          guint prefix = seqack_trace_get_host_prefix_len (g->trace, host);

          t->address = prefix < 32
                       ? g_strdup_printf ("%u.%u.%u.%u/%u", ep.addr[0],
                                          ep.addr[1], ep.addr[2], ep.addr[3],
                                          prefix)
                       : g_strdup_printf ("%u.%u.%u.%u", ep.addr[0],
                                          ep.addr[1], ep.addr[2],
                                          ep.addr[3]);
        }
      else if (ep.family != 0)
        t->address = g_strdup (seqack_endpoint_to_string (&ep, buf));
      else
        t->address = g_strdup ("");
    }
  t->one_line = *t->address != '\0'
                ? g_strdup_printf ("%s %s", t->name, t->address)
                : g_strdup (t->name);
  seqack_render_text_measure (fonts->normal, t->one_line, &t->w_one,
                              &t->h_name);
  seqack_render_text_measure (fonts->normal, t->name, &t->w_name,
                              &t->h_name);
  seqack_render_text_measure (fonts->small, t->address, &t->w_address,
                              &t->h_address);

  t->state = SEQACK_TCP_CLOSED;
  if (g->n_shown > 0)
    event = seqack_sequence_layout_last_host_state_event (g->layout, host,
                                                          g->n_shown);
  if (host == SEQACK_SERVER && g->n_shown > 0)
    {
      /* As in a two-host trace: the socket its buttons act on, or the
       * connection shown alone. */
      t->state = seqack_trace_get_state (g->trace, g->n_shown - 1,
                                         SEQACK_SERVER);
      if (event != SEQACK_NO_EVENT &&
          seqack_sequence_layout_get_connection_filter (g->layout, NULL))
        t->state = seqack_trace_get_event (g->trace, event)->to;
    }
  else if (event != SEQACK_NO_EVENT)
    t->state = seqack_trace_get_event (g->trace, event)->to;
  t->inferred = event != SEQACK_NO_EVENT &&
                (seqack_trace_get_event (g->trace, event)->marks &
                 SEQACK_MARK_INFERRED) != 0;
  t->has_state = host != SEQACK_HOST_FLOOD || event != SEQACK_NO_EVENT;
  if (t->has_state)
    {
      cairo_rectangle_t box;
      g_autofree char *text = badge_box (g, fonts->bold, t->state,
                                         t->inferred, 0, 0, 0.5, &box);

      t->w_badge = box.width;
    }
}

/* @text centred over lifeline @x, kept inside the viewport. */
static void
show_title (cairo_t          *cr,
            const Geom       *g,
            PangoLayout      *pl,
            const char       *text,
            double            x,
            double            y)
{
  const SeqackSequenceRenderOptions *o = g->o;
  double w, h, margin = MARGIN_PX * g->s / 2;

  seqack_render_text_measure (pl, text, &w, &h);
  x = MIN (x, o->x + o->width - margin - w / 2);
  x = MAX (x, o->x + margin + w / 2);
  show_text (g, cr, pl, text, x, y, 0.5, 0, &g->pal->foreground);
}

static void
paint_host_titles (cairo_t    *cr,
                   const Geom *g,
                   Fonts      *fonts)
{
  const SeqackSequenceRenderOptions *o = g->o;
  double s = g->s, gap = 12 * s;
  HostTitle titles[SEQACK_N_HOSTS];
  double w_one[SEQACK_N_HOSTS], w_two[SEQACK_N_HOSTS];
  double w_name[SEQACK_N_HOSTS], w_badge[SEQACK_N_HOSTS];
  double w_row1[SEQACK_N_HOSTS], w_row2[SEQACK_N_HOSTS];
  double h_name = 0, h_address = 0, top = o->y + 6 * s, badge_y;
  TitlesForm form;

  for (guint k = 0; k < g->n_lines; k++)
    {
      HostTitle *t = &titles[k];

      host_title_init (g, fonts, g->lines[k], t);
      w_one[k] = MAX (t->w_one, t->w_badge);
      w_two[k] = MAX (MAX (t->w_name, t->w_address), t->w_badge);
      w_name[k] = t->w_name;
      w_badge[k] = t->w_badge;
      /* TITLES_MIXED's two rows under the names. */
      w_row1[k] = k % 2 == 0 ? t->w_address : t->w_badge;
      w_row2[k] = k % 2 == 0 ? t->w_badge : t->w_address;
      h_name = MAX (h_name, t->h_name);
      h_address = MAX (h_address, t->h_address);
    }
  if (titles_fit (g, w_one, 1, gap))
    form = TITLES_ONE_LINE;
  else if (titles_fit (g, w_two, 1, gap))
    form = TITLES_TWO_LINES;
  else if (!titles_fit (g, w_name, 1, gap / 2))
    form = TITLES_UPWARD;
  else if (titles_fit (g, w_row1, 1, gap) && titles_fit (g, w_row2, 1, gap))
    form = TITLES_MIXED;
  else if (titles_fit (g, w_badge, 2, gap))
    form = TITLES_STAGGERED;
  else
    form = TITLES_UPWARD;

  for (guint k = 0; k < g->n_lines; k++)
    {
      HostTitle *t = &titles[k];
      double x = g->tl_x[g->lines[k]];

      switch (form)
        {
        case TITLES_ONE_LINE:
          show_title (cr, g, fonts->normal, t->one_line, x, o->y + 8 * s);
          badge_y = o->y + 8 * s + h_name + 17 * s;
          break;
        case TITLES_TWO_LINES:
          show_title (cr, g, fonts->normal, t->name, x, top);
          show_title (cr, g, fonts->small, t->address, x, top + h_name);
          badge_y = top + h_name + h_address + 14 * s;
          break;
        case TITLES_MIXED:
          {
            /* Under the name, the address and the badge, the other way
             * round on every other lifeline: a badge's neighbours on
             * its row are addresses, narrower. */
            double band = h_name + 5 * s;
            double y1 = top + h_name + 2 * s + band / 2;

            show_title (cr, g, fonts->normal, t->name, x, top);
            badge_y = y1 + (k % 2 == 0) * band;
            show_title (cr, g, fonts->small, t->address, x,
                        y1 + (k % 2) * band - h_address / 2);
          }
          break;
        case TITLES_STAGGERED:
          show_title (cr, g, fonts->normal, t->name, x, top);
          /* Every other badge a row lower: neighbours' never meet. */
          badge_y = top + h_name + 2 * s + (h_name + 5 * s) / 2
                    + (k % 2) * (h_name + 5 * s);
          break;
        case TITLES_UPWARD:
        default:
          {
            /* Read from below, as a book's spine, clear of the next. */
            double len = MIN (t->w_name, g->header_h - 8 * s);

            cairo_save (cr);
            cairo_translate (cr, x, o->y + 4 * s + len);
            cairo_rotate (cr, -G_PI / 2);
            show_text (g, cr, fonts->normal, t->name, 0, 0, 0, 0.5,
                       &g->pal->foreground);
            cairo_restore (cr);
            badge_y = -1;
          }
          break;
        }
      if (t->has_state && badge_y >= 0)
        draw_badge (cr, g, fonts->bold, t->state, t->inferred, x, badge_y,
                    0.5);
      g_free (t->one_line);
      g_free (t->address);
    }
}

static void
paint_header (cairo_t    *cr,
              const Geom *g,
              Fonts      *fonts)
{
  const SeqackSequenceRenderOptions *o = g->o;
  double s = g->s;

  cairo_rectangle (cr, o->x, o->y, o->width, g->header_h);
  seqack_rgba_set_source (cr, &g->pal->header);
  cairo_fill (cr);
  cairo_rectangle (cr, o->x, o->y + g->header_h - 1 * s, o->width, 1 * s);
  seqack_rgba_set_source (cr, &g->pal->timeline);
  cairo_fill (cr);

  if (g->n_lines > 2)
    {
      paint_host_titles (cr, g, fonts);
      return;
    }

  /* "client 192.0.2.1:49152" over each timeline; when the two would run
   * into each other (a narrow view), just "client" / "server": the state
   * badge under each title says the rest. */
  {
    char *titles[2];
    double widths[2], h = 0, gap;
    gboolean full = TRUE;

    for (int side = 0; side < 2; side++)
      {
        SeqackEndpoint ep;
        const char *role = side == SEQACK_CLIENT ? _("client")
                                                 : _("server");
        char buf[64];

        /* The port of the connection shown last, or of the one shown
         * alone. */
        seqack_trace_get_endpoint_at (g->trace, side, g->n_shown, &ep);
        {
          SeqackSocketKey key;

          if (ep.family != 0 &&
              seqack_sequence_layout_get_connection_filter (g->layout, &key))
            ep.port = side == SEQACK_CLIENT ? key.local_port
                                            : key.remote_port;
        }
        if (ep.family != 0)
          titles[side] = g_strdup_printf ("%s %s", role,
                                          seqack_endpoint_to_string (&ep,
                                                                     buf));
        else
          titles[side] = g_strdup (role);
        seqack_render_text_measure (fonts->normal, titles[side], &widths[side],
                                    &h);
      }
    gap = g->tl_x[1] - g->tl_x[0] - widths[0] / 2 - widths[1] / 2;
    if (gap < 16 * s ||
        g->tl_x[0] - widths[0] / 2 < o->x + MARGIN_PX * s ||
        g->tl_x[1] + widths[1] / 2 > o->x + o->width - MARGIN_PX * s)
      full = FALSE;

    for (int side = 0; side < 2; side++)
      {
        const char *title = titles[side];
        SeqackTcpState state = SEQACK_TCP_CLOSED;
        gboolean inferred = FALSE;
        double x = g->tl_x[side], w;

        if (!full)
          title = side == SEQACK_CLIENT ? _("client") : _("server");
        /* Keep the title inside the viewport. */
        seqack_render_text_measure (fonts->normal, title, &w, &h);
        if (x - w / 2 < o->x + MARGIN_PX * s)
          x = o->x + MARGIN_PX * s + w / 2;
        if (x + w / 2 > o->x + o->width - MARGIN_PX * s)
          x = o->x + o->width - MARGIN_PX * s - w / 2;
        show_text (g, cr, fonts->normal, title, x, o->y + 8 * s, 0.5, 0,
                   &g->pal->foreground);

        if (g->n_shown > 0)
          {
            guint event = seqack_sequence_layout_last_state_event (
                            g->layout, side, g->n_shown);

            state = seqack_trace_get_state (g->trace, g->n_shown - 1, side);
            /* With one connection shown, its own state: the side may
             * read another socket's (the one its calls act on). */
            if (event != SEQACK_NO_EVENT &&
                seqack_sequence_layout_get_connection_filter (g->layout,
                                                              NULL))
              state = seqack_trace_get_event (g->trace, event)->to;
            inferred = event != SEQACK_NO_EVENT &&
                       (seqack_trace_get_event (g->trace, event)->marks &
                        SEQACK_MARK_INFERRED) != 0;
          }
        draw_badge (cr, g, fonts->bold, state, inferred, g->tl_x[side],
                    o->y + 8 * s + h + 17 * s, 0.5);
      }
    g_free (titles[0]);
    g_free (titles[1]);
  }
}

void
seqack_sequence_render (cairo_t                           *cr,
                        SeqackSequenceLayout              *layout,
                        const SeqackSequenceRenderOptions *options)
{
  Geom g;
  Fonts fonts;
  PaintData pd;
  double smallest = G_MAXDOUBLE;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (layout != NULL);
  g_return_if_fail (options != NULL);

  if (options->width <= 0 || options->height <= 0)
    return;

  geom_init (&g, layout, options);
  g.smallest = &smallest;
  cairo_save (cr);
  cairo_set_antialias (cr, CAIRO_ANTIALIAS_GOOD);
  cairo_rectangle (cr, options->x, options->y, options->width,
                   options->height);
  cairo_clip (cr);
  if (options->background)
    {
      seqack_rgba_set_source (cr, &g.pal->background);
      cairo_paint (cr);
    }
  fonts_init (&fonts, cr, g.s);

  cairo_save (cr);
  cairo_rectangle (cr, options->x, g.rows_top, options->width,
                   MAX (0, g.rows_bottom - g.rows_top));
  cairo_clip (cr);
  paint_selection (cr, &g);
  paint_waits (cr, &g, &fonts);
  paint_timelines (cr, &g);
  paint_spans (cr, &g, &fonts);
  paint_timer_lanes (cr, &g, &fonts);

  pd.cr = cr;
  pd.fonts = &fonts;
  pd.letters = g_string_new (NULL);
  pd.pass = 0;
  foreach_arrow (&g, paint_arrow_cb, &pd);
  paint_rows (cr, &g, &fonts);
  paint_restarts (cr, &g, &fonts);
  pd.pass = 1;
  foreach_arrow (&g, paint_arrow_cb, &pd);
  pd.pass = 2;
  foreach_arrow (&g, paint_arrow_cb, &pd);
  paint_drop_marks (cr, &g, &fonts);
  paint_empty_hint (cr, &g);
  g_string_free (pd.letters, TRUE);
  cairo_restore (cr);

  if (options->header)
    paint_header (cr, &g, &fonts);

  fonts_clear (&fonts);
  cairo_restore (cr);
  if (options->smallest_text_px != NULL && smallest < G_MAXDOUBLE)
    *options->smallest_text_px = smallest;
}

gboolean
seqack_sequence_render_get_arrow (SeqackSequenceLayout              *layout,
                                  const SeqackSequenceRenderOptions *options,
                                  guint                              event,
                                  double                            *x0,
                                  double                            *y0,
                                  double                            *x1,
                                  double                            *y1)
{
  SeqackSequenceRenderOptions all;
  Geom g;
  Arrow a;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  /* The full arrow, whatever is shown. */
  all = *options;
  all.n_shown = G_MAXUINT;
  geom_init (&g, layout, &all);
  if (!arrow_for (&g, event, &a))
    return FALSE;
  if (x0 != NULL)
    *x0 = a.x0;
  if (y0 != NULL)
    *y0 = a.y0;
  if (x1 != NULL)
    *x1 = a.x1;
  if (y1 != NULL)
    *y1 = a.y1;
  return TRUE;
}

/* The label painted on event @event's arrow (@g and @a set up for it),
 * measured in a layout of its own in *@pl; NULL when none is painted
 * (not shown, a fan's later arrow). @scratch and *@flight hold it. */
static const char *
arrow_label_of_event (SeqackSequenceLayout              *layout,
                      const SeqackSequenceRenderOptions *options,
                      guint                              event,
                      Geom                              *g,
                      Arrow                             *a,
                      GString                           *scratch,
                      char                             **flight,
                      PangoLayout                      **pl)
{
  geom_init (g, layout, options);
  if (!arrow_for (g, event, a))
    return NULL;
  *pl = seqack_render_text_layout_new (NULL, event == options->selected
                                               ? PANGO_WEIGHT_BOLD
                                               : PANGO_WEIGHT_NORMAL,
                                       FONT_PX * g->s);
  return arrow_label (g, a, *pl, scratch, flight);
}

char *
seqack_sequence_render_get_arrow_label (SeqackSequenceLayout              *layout,
                                        const SeqackSequenceRenderOptions *options,
                                        guint                              event)
{
  g_autoptr (GString) scratch = g_string_new (NULL);
  g_autoptr (PangoLayout) pl = NULL;
  g_autofree char *flight = NULL;
  Geom g;
  Arrow a;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (options != NULL, NULL);

  return g_strdup (arrow_label_of_event (layout, options, event, &g, &a,
                                         scratch, &flight, &pl));
}

gboolean
seqack_sequence_render_get_arrow_label_box (SeqackSequenceLayout              *layout,
                                            const SeqackSequenceRenderOptions *options,
                                            guint                              event,
                                            cairo_rectangle_t                 *box)
{
  g_autoptr (GString) scratch = g_string_new (NULL);
  g_autoptr (PangoLayout) pl = NULL;
  g_autofree char *flight = NULL;
  const char *label;
  double w, h, mx, my, angle, c, sn, pad, gap;
  double x_lo = G_MAXDOUBLE, x_hi = -G_MAXDOUBLE;
  double y_lo = G_MAXDOUBLE, y_hi = -G_MAXDOUBLE;
  Geom g;
  Arrow a;

  g_return_val_if_fail (layout != NULL, FALSE);
  g_return_val_if_fail (options != NULL, FALSE);
  g_return_val_if_fail (box != NULL, FALSE);

  label = arrow_label_of_event (layout, options, event, &g, &a, scratch,
                                &flight, &pl);
  if (label == NULL)
    return FALSE;
  /* As paint_text_along() draws it above the arrow. */
  seqack_render_text_measure (pl, label, &w, &h);
  pad = 4 * g.s;
  gap = 3 * g.s;
  label_anchor_fit (&g, &a, w + 2 * pad, -gap - h, h, &mx, &my);
  angle = label_angle (&a);
  c = cos (angle);
  sn = sin (angle);
  for (guint corner = 0; corner < 4; corner++)
    {
      double lx = (corner & 1) ? w / 2 + pad : -w / 2 - pad;
      double ly = (corner & 2) ? -gap : -gap - h;
      double x = mx + lx * c - ly * sn, y = my + lx * sn + ly * c;

      x_lo = MIN (x_lo, x);
      x_hi = MAX (x_hi, x);
      y_lo = MIN (y_lo, y);
      y_hi = MAX (y_hi, y);
    }
  box->x = x_lo;
  box->y = y_lo;
  box->width = x_hi - x_lo;
  box->height = y_hi - y_lo;
  return TRUE;
}

typedef struct
{
  double px, py;
  double best;
  guint  event;
  PangoLayout *pl;
} HitData;

static double
distance_to_segment (double px,
                     double py,
                     double x0,
                     double y0,
                     double x1,
                     double y1)
{
  double dx = x1 - x0, dy = y1 - y0;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - x0) * dx + (py - y0) * dy) / len2 : 0;

  t = CLAMP (t, 0.0, 1.0);
  return hypot (px - (x0 + t * dx), py - (y0 + t * dy));
}

static gboolean
hit_arrow_cb (const Geom  *g,
              const Arrow *a,
              gpointer     data)
{
  HitData *hd = data;
  double ex, ey, d;

  arrow_drawn_end (a, &ex, &ey);
  d = distance_to_segment (hd->px, hd->py, a->x0, a->y0, ex, ey);

  /* The label above the arrow counts too: test in the label's frame. */
  if (d > HIT_SLOP * g->s && hd->pl != NULL)
    {
      double mx, my;
      double angle = label_angle (a);
      double c = cos (-angle), sn = sin (-angle);
      double lx, ly;
      double w, h;
      g_autoptr(GString) scratch = g_string_new (NULL);
      g_autofree char *flight = NULL;
      const char *label;

      /* The label as drawn: a fan's on its first arrow only. */
      label = arrow_label (g, a, hd->pl, scratch, &flight);
      if (label != NULL)
        {
          seqack_render_text_measure (hd->pl, label, &w, &h);
          label_anchor_fit (g, a, w + 8 * g->s, -h - 3 * g->s, h, &mx,
                            &my);
          lx = (hd->px - mx) * c - (hd->py - my) * sn;
          ly = (hd->px - mx) * sn + (hd->py - my) * c;
          if (fabs (lx) <= w / 2 && ly <= 0 && ly >= -h - 3 * g->s)
            d = HIT_SLOP * g->s;
        }
    }

  if (d <= HIT_SLOP * g->s && d < hd->best)
    {
      hd->best = d;
      hd->event = a->event;
    }
  return TRUE;
}

guint
seqack_sequence_render_hit_test (SeqackSequenceLayout              *layout,
                                 const SeqackSequenceRenderOptions *options,
                                 double                             px,
                                 double                             py)
{
  Geom g;
  HitData hd;
  guint row, event;
  SeqackSequenceRow r;

  g_return_val_if_fail (layout != NULL, SEQACK_NO_EVENT);
  g_return_val_if_fail (options != NULL, SEQACK_NO_EVENT);

  geom_init (&g, layout, options);
  if (px < options->x || px >= options->x + options->width
      || py < g.rows_top || py >= g.rows_bottom)
    return SEQACK_NO_EVENT;

  hd.px = px;
  hd.py = py;
  hd.best = G_MAXDOUBLE;
  hd.event = SEQACK_NO_EVENT;
  hd.pl = seqack_render_text_layout_new (NULL, PANGO_WEIGHT_NORMAL,
                                         FONT_PX * g.s);

  foreach_arrow (&g, hit_arrow_cb, &hd);

  g_object_unref (hd.pl);
  if (hd.event != SEQACK_NO_EVENT)
    return hd.event;

  /* A state or timer row: its text sits beside its timeline. */
  row = (guint) ((py - g.rows_top + options->scroll_y) / g.row_h);
  if (!seqack_sequence_layout_get_row (layout, row, &r)
      || r.side > SEQACK_SERVER)
    return SEQACK_NO_EVENT;
  /* The state written on an arrow's row is the state change's. */
  event = r.kind == SEQACK_ROW_TIMER ? r.event : r.state;
  if (event == SEQACK_NO_EVENT || !event_shown (&g, event))
    return SEQACK_NO_EVENT;
  if (r.host != r.side)
    {
      /* An added client's, left of its lifeline. */
      double x = g.tl_x[drawn_host (&g, r.host, r.side)];

      if (px <= x + HIT_SLOP * g.s && px >= x - STATE_COL_PX * g.s)
        return event;
      return SEQACK_NO_EVENT;
    }
  if (r.side == SEQACK_CLIENT ? px <= g.tl_x[0] + HIT_SLOP * g.s
                              : px >= g.tl_x[1] - HIT_SLOP * g.s)
    return event;
  return SEQACK_NO_EVENT;
}
