/* seqack-state-render.c: the RFC 9293 §3.3.2 state diagram.
 *
 * The boxes sit on a 3 x 7 grid that follows Figure 5 from top to bottom;
 * the edges come from the tcp layer's one table, so the picture and the
 * state machine cannot disagree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "seqack-state-render.h"

#include <math.h>
#include <string.h>

#include "seqack-render-text.h"

#define GRID_COLS 3
#define GRID_ROWS 7
#define TITLE_PX  26.0
/* State names; never smaller when the area allows (see
 * seqack_state_render_get_min_size()). */
#define FONT_PX   SEQACK_RENDER_TEXT_MIN_PX
/* The highlighted edge's label, which may shrink to FONT_PX to hide
 * less. */
#define LABEL_PX  16.0
#define PAD_PX    5.0   /* between a name and its box's side */
#define GAP_PX    6.0   /* between two boxes in a row */
#define EDGE_PX   2.0   /* between a box and the area's side */

/* Figure 5's places: (column, row). */
static const struct
{
  guint8 col, row;
} places[SEQACK_TCP_N_STATES] = {
  [SEQACK_TCP_CLOSED] = { 1, 0 },
  [SEQACK_TCP_LISTEN] = { 1, 1 },
  [SEQACK_TCP_SYN_RECEIVED] = { 0, 2 },
  [SEQACK_TCP_SYN_SENT] = { 2, 2 },
  [SEQACK_TCP_ESTABLISHED] = { 1, 3 },
  [SEQACK_TCP_FIN_WAIT_1] = { 0, 4 },
  [SEQACK_TCP_CLOSE_WAIT] = { 2, 4 },
  [SEQACK_TCP_FIN_WAIT_2] = { 0, 5 },
  [SEQACK_TCP_CLOSING] = { 1, 5 },
  [SEQACK_TCP_LAST_ACK] = { 2, 5 },
  [SEQACK_TCP_TIME_WAIT] = { 1, 6 },
};

/* The second CLOSED box, where the figure ends LAST-ACK and TIME-WAIT. */
#define BOTTOM_CLOSED_COL 2
#define BOTTOM_CLOSED_ROW 6

typedef struct
{
  double x, y, w, h;   /* grid area */
  double col_w, row_h;
  double col_x[GRID_COLS];          /* column centers */
  double box_w[SEQACK_TCP_N_STATES]; /* each state's box */
  double bottom_closed_w;
  double box_h;
  double font_px;
  double s;
  /* The smallest text allowed: SEQACK_RENDER_TEXT_MIN_PX at the render
   * scale, whatever the reader's text size. */
  double floor_px;
} Grid;

/* Everything placed: the grid, the title and the highlighted edge's
 * label. */
typedef struct
{
  Grid              g;
  cairo_rectangle_t title;       /* 0 x 0: no title */
  double            title_px;
  cairo_rectangle_t label;       /* the pill; 0 x 0: no label */
  double            label_px;
  double            label_spacing; /* Pango's line spacing factor */
  char             *label_text;  /* as written, maybe in lines */
} Figure;

/* Each state's name width at 100 px. Measured, not guessed, so the names
 * fill their boxes at any scale and in any font. */
static void
measure_names (double widths[SEQACK_TCP_N_STATES])
{
  PangoLayout *layout = seqack_render_text_layout_new (NULL, PANGO_WEIGHT_BOLD,
                                                       100);

  for (guint i = 0; i < SEQACK_TCP_N_STATES; i++)
    seqack_render_text_measure (layout, seqack_tcp_state_name (i),
                                &widths[i], NULL);
  g_object_unref (layout);
}

/* The boxes of the figure: the eleven states and the second CLOSED. */
#define N_BOXES (SEQACK_TCP_N_STATES + 1)

static void
box_place (guint  b,
           guint *col,
           guint *row)
{
  *col = b < SEQACK_TCP_N_STATES ? places[b].col : BOTTOM_CLOSED_COL;
  *row = b < SEQACK_TCP_N_STATES ? places[b].row : BOTTOM_CLOSED_ROW;
}

static double
box_name (const double widths[SEQACK_TCP_N_STATES],
          guint        b)
{
  return widths[b < SEQACK_TCP_N_STATES ? b : SEQACK_TCP_CLOSED];
}

/* The widest name (at 100 px) in each outer column. */
static void
outer_widths (const double widths[SEQACK_TCP_N_STATES],
              double       col_max[GRID_COLS])
{
  for (guint c = 0; c < GRID_COLS; c++)
    col_max[c] = 0;
  for (guint b = 0; b < N_BOXES; b++)
    {
      guint col, row;

      box_place (b, &col, &row);
      col_max[col] = MAX (col_max[col], box_name (widths, b));
    }
}

/* The largest font (px) at which every row of boxes fits @width: a box is
 * its name plus 2 @pad wide; an outer column's center may move out until
 * its widest box is @edge from the side; neighbours in a row keep @gap.
 * Every edge of a box is linear in the font size f, so each pair of
 * neighbours bounds f. */
static double
font_for_width (const double widths[SEQACK_TCP_N_STATES],
                double       width,
                double       pad,
                double       gap,
                double       edge)
{
  double c[GRID_COLS], f = G_MAXDOUBLE;

  outer_widths (widths, c);
  for (guint a = 0; a < N_BOXES; a++)
    for (guint b = 0; b < N_BOXES; b++)
      {
        guint ca, ra, cb, rb;
        double na = box_name (widths, a) / 100, nb = box_name (widths, b) / 100;
        double a0, a1, b0, b1;

        box_place (a, &ca, &ra);
        box_place (b, &cb, &rb);
        if (ra != rb || cb <= ca)
          continue;
        /* The right side of a: a0 + a1 f. */
        if (ca == 0)
          {
            a0 = edge + 2 * pad;
            a1 = (c[0] / 100 + na) / 2;
          }
        else
          {
            a0 = width / 2 + pad;
            a1 = na / 2;
          }
        /* The left side of b: b0 - b1 f. */
        if (cb == 2)
          {
            b0 = width - edge - 2 * pad;
            b1 = (c[2] / 100 + nb) / 2;
          }
        else
          {
            b0 = width / 2 - pad;
            b1 = nb / 2;
          }
        f = MIN (f, (b0 - a0 - gap) / (a1 + b1));
      }
  /* A box alone in its row may be wider than a column, not than the
   * area. */
  for (guint i = 0; i < SEQACK_TCP_N_STATES; i++)
    f = MIN (f, (width - 2 * edge - 2 * pad) / widths[i] * 100);
  return f;
}

void
seqack_state_render_options_init (SeqackStateRenderOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->scheme = SEQACK_SCHEME_LIGHT;
  options->scale = 1.0;
  options->text_scale = 1.0;
  options->background = TRUE;
  options->state = SEQACK_TCP_CLOSED;
  options->edge = SEQACK_TCP_EDGE_NONE;
  options->edge_from = SEQACK_TCP_N_STATES;
}

/* Font size at which the names fit a row of height @row_h. */
static double
font_for_row (double row_h)
{
  return row_h * 0.8 / 1.6;
}

static double
scale_of (const SeqackStateRenderOptions *o)
{
  return (o->scale > 0 ? o->scale : 1.0)
         * (o->text_scale > 0 ? o->text_scale : 1.0);
}

/* @title: the height of a strip above the figure for the title (0 when
 * the title goes in the figure's top corner, or there is none). */
static void
grid_init_with_strip (Grid                           *g,
                      const cairo_rectangle_t        *area,
                      const SeqackStateRenderOptions *o,
                      double                          title)
{
  double widths[SEQACK_TCP_N_STATES], pad, col_max[GRID_COLS] = { 0 };

  g->s = scale_of (o);
  g->floor_px = FONT_PX * (o->scale > 0 ? o->scale : 1.0);
  title = MIN (title, area->height / 4);
  g->x = area->x;
  g->y = area->y + title;
  g->w = area->width;
  g->h = MAX (0, area->height - title);
  g->col_w = g->w / GRID_COLS;
  g->row_h = g->h / GRID_ROWS;

  /* The names are FONT_PX times the scale, and the boxes grow to hold
   * them; only when the area is too small for that do the names shrink,
   * to the largest size that still fits: all eleven states stay on
   * screen in any allocation. */
  measure_names (widths);
  pad = PAD_PX * g->s;
  g->font_px = FONT_PX * g->s;
  g->font_px = MIN (g->font_px, font_for_width (widths, g->w, pad,
                                                GAP_PX * g->s,
                                                EDGE_PX * g->s));
  g->font_px = MIN (g->font_px, font_for_row (g->row_h));
  g->font_px = MAX (g->font_px, 1);

  /* Wider boxes where there is room, up to most of a column, as long as
   * every row still fits at this font size. */
  {
    double lo = 0, hi = g->col_w;

    for (int i = 0; i < 12; i++)
      {
        double mid = (lo + hi) / 2;

        if (font_for_width (widths, g->w, pad + mid / 2, GAP_PX * g->s,
                            EDGE_PX * g->s) >= g->font_px)
          lo = mid;
        else
          hi = mid;
      }
    outer_widths (widths, col_max);
    lo = MIN (lo, MAX (0, g->col_w * 0.9
                          - MAX (col_max[0], col_max[2]) * g->font_px / 100
                          - 2 * pad));
    pad += lo / 2;
  }
  for (guint i = 0; i < SEQACK_TCP_N_STATES; i++)
    g->box_w[i] = widths[i] * g->font_px / 100 + 2 * pad;
  g->bottom_closed_w = g->box_w[SEQACK_TCP_CLOSED];
  for (guint c = 0; c < GRID_COLS; c++)
    col_max[c] = col_max[c] * g->font_px / 100 + 2 * pad;

  /* The outer columns where a uniform grid puts them, or nearer the sides
   * when a row needs the room (never so near that a box leaves the
   * area). */
  g->col_x[1] = g->x + g->w / 2;
  for (guint c = 0; c < GRID_COLS; c += 2)
    {
      double inset = g->col_w / 2;

      for (guint a = 0; a < N_BOXES; a++)
        for (guint b = 0; b < N_BOXES; b++)
          {
            guint ca, ra, cb, rb;
            double wa, wb;

            box_place (a, &ca, &ra);
            box_place (b, &cb, &rb);
            if (ra != rb || ca != c || cb != 1)
              continue;
            wa = a < SEQACK_TCP_N_STATES ? g->box_w[a] : g->bottom_closed_w;
            wb = b < SEQACK_TCP_N_STATES ? g->box_w[b] : g->bottom_closed_w;
            inset = MIN (inset, g->w / 2 - wb / 2 - GAP_PX * g->s - wa / 2);
          }
      inset = MAX (inset, EDGE_PX * g->s + col_max[c] / 2);
      g->col_x[c] = c == 0 ? g->x + inset : g->x + g->w - inset;
    }
  g->box_h = MAX (MIN (g->row_h * 0.5, 34 * g->s), g->font_px * 1.6);
}

static void
place_box (const Grid        *g,
           guint              col,
           guint              row,
           double             width,
           cairo_rectangle_t *box)
{
  double cx = g->col_x[col];
  double cy = g->y + (row + 0.5) * g->row_h;

  box->x = cx - width / 2;
  box->y = cy - g->box_h / 2;
  box->width = width;
  box->height = g->box_h;
}

static void
state_box (const Grid        *g,
           SeqackTcpState     state,
           cairo_rectangle_t *box)
{
  if (state >= SEQACK_TCP_N_STATES)
    state = SEQACK_TCP_CLOSED;
  place_box (g, places[state].col, places[state].row, g->box_w[state], box);
}

/* The second CLOSED box shares its row with TIME-WAIT. */
static void
bottom_closed_box (const Grid        *g,
                   cairo_rectangle_t *box)
{
  place_box (g, BOTTOM_CLOSED_COL, BOTTOM_CLOSED_ROW, g->bottom_closed_w,
             box);
}

/* The box @b of the figure: a state, or (N_STATES) the second CLOSED. */
static void
figure_box (const Grid        *g,
            guint              b,
            cairo_rectangle_t *box)
{
  if (b < SEQACK_TCP_N_STATES)
    state_box (g, b, box);
  else
    bottom_closed_box (g, box);
}

/* The title ("Client", "Server"): bold, as large as the highlighted
 * edge's label, in a top corner of the figure beside CLOSED (left, where
 * no edge of Figure 5 runs, or right), so it costs the figure no height;
 * in a strip
 * above the figure only when that corner cannot hold it at the names'
 * size. Sets up @g either way. */
static void
title_init (Grid                           *g,
            const cairo_rectangle_t        *area,
            const SeqackStateRenderOptions *o,
            cairo_rectangle_t              *rect,
            double                         *px)
{
  PangoLayout *layout;
  cairo_rectangle_t closed;
  double w100, h100, room_w, room_h;

  grid_init_with_strip (g, area, o, 0);
  *rect = (cairo_rectangle_t) { 0 };
  *px = 0;
  if (o->title == NULL || *o->title == '\0')
    return;

  layout = seqack_render_text_layout_new (NULL, PANGO_WEIGHT_BOLD, 100);
  seqack_render_text_measure (layout, o->title, &w100, &h100);
  g_object_unref (layout);
  if (w100 <= 0 || h100 <= 0)
    return;

  state_box (g, SEQACK_TCP_CLOSED, &closed);
  if (o->title_at_end)
    room_w = g->x + g->w - EDGE_PX * g->s
             - (closed.x + closed.width + GAP_PX * g->s);
  else
    room_w = closed.x - GAP_PX * g->s - (g->x + EDGE_PX * g->s);
  room_h = g->row_h;
  *px = MIN (LABEL_PX * g->s, MIN (room_w / w100, room_h / h100) * 100);
  if (*px >= g->font_px - 0.01)
    {
      rect->width = w100 * *px / 100;
      rect->height = h100 * *px / 100;
      rect->x = o->title_at_end
                ? g->x + g->w - EDGE_PX * g->s - rect->width
                : g->x + EDGE_PX * g->s;
      rect->y = closed.y + closed.height / 2 - rect->height / 2;
      rect->y = MAX (rect->y, area->y);
      return;
    }

  /* A strip above the figure. */
  grid_init_with_strip (g, area, o, TITLE_PX * g->s);
  room_w = area->width - 2 * EDGE_PX * g->s;
  room_h = g->y - area->y;
  *px = MAX (1, MIN (LABEL_PX * g->s,
                     MIN (room_w / w100, room_h / h100) * 100));
  rect->width = w100 * *px / 100;
  rect->height = h100 * *px / 100;
  rect->x = area->x + area->width / 2 - rect->width / 2;
  rect->y = area->y + room_h / 2 - rect->height / 2;
}

static void
grid_init (Grid                           *g,
           const cairo_rectangle_t        *area,
           const SeqackStateRenderOptions *o)
{
  cairo_rectangle_t title;
  double title_px;

  title_init (g, area, o, &title, &title_px);
}

void
seqack_state_render_get_min_size (const SeqackStateRenderOptions *options,
                                  double                         *width,
                                  double                         *height)
{
  double widths[SEQACK_TCP_N_STATES], s, lo, hi, h;

  g_return_if_fail (options != NULL);

  s = scale_of (options);
  measure_names (widths);
  /* font_for_width() grows with the width: find where it reaches the
   * full size. */
  lo = 0;
  hi = 4000 * s;
  for (int i = 0; i < 40; i++)
    {
      double mid = (lo + hi) / 2;

      if (font_for_width (widths, mid, PAD_PX * s, GAP_PX * s, EDGE_PX * s)
          >= FONT_PX * s)
        hi = mid;
      else
        lo = mid;
    }
  h = ceil (GRID_ROWS * FONT_PX * s * 1.6 / 0.8);
  /* A title needs a strip of its own only where the top corner cannot
   * hold it. */
  if (options->title != NULL && *options->title != '\0')
    {
      cairo_rectangle_t area = { 0, 0, ceil (hi), h };
      Grid g;

      grid_init (&g, &area, options);
      if (g.y > area.y)
        h += ceil (TITLE_PX * s);
    }
  if (width != NULL)
    *width = ceil (hi);
  if (height != NULL)
    *height = h;
}

double
seqack_state_render_get_font_px (const cairo_rectangle_t        *area,
                                 const SeqackStateRenderOptions *options)
{
  Grid g;

  g_return_val_if_fail (area != NULL && options != NULL, 0);

  grid_init (&g, area, options);
  return g.font_px;
}

/* Where an edge into @to from @from ends: the bottom CLOSED box for the
 * closing states, as in the figure. */
static void
target_box (const Grid        *g,
            SeqackTcpState     from,
            SeqackTcpState     to,
            cairo_rectangle_t *box)
{
  if (to == SEQACK_TCP_CLOSED && from < SEQACK_TCP_N_STATES
      && places[from].row >= 4)
    bottom_closed_box (g, box);
  else
    state_box (g, to, box);
}

void
seqack_state_render_get_box (const cairo_rectangle_t        *area,
                             const SeqackStateRenderOptions *options,
                             SeqackTcpState                  state,
                             cairo_rectangle_t              *box)
{
  Grid g;

  g_return_if_fail (area != NULL && options != NULL && box != NULL);

  grid_init (&g, area, options);
  state_box (&g, state, box);
}

static gboolean
in_box (const cairo_rectangle_t *box,
        double                   px,
        double                   py)
{
  return px >= box->x && px < box->x + box->width
         && py >= box->y && py < box->y + box->height;
}

gboolean
seqack_state_render_hit_test (const cairo_rectangle_t        *area,
                              const SeqackStateRenderOptions *options,
                              double                          px,
                              double                          py,
                              SeqackTcpState                 *state)
{
  Grid g;
  cairo_rectangle_t box;

  g_return_val_if_fail (area != NULL && options != NULL, FALSE);

  grid_init (&g, area, options);
  for (guint i = 0; i < SEQACK_TCP_N_STATES; i++)
    {
      state_box (&g, i, &box);
      if (in_box (&box, px, py))
        {
          if (state != NULL)
            *state = i;
          return TRUE;
        }
    }
  bottom_closed_box (&g, &box);
  if (in_box (&box, px, py))
    {
      if (state != NULL)
        *state = SEQACK_TCP_CLOSED;
      return TRUE;
    }
  return FALSE;
}

/* Moves (*x, *y) from the center of @box along (dx, dy) to its border. */
static void
clip_to_border (const cairo_rectangle_t *box,
                double                   dx,
                double                   dy,
                double                  *x,
                double                  *y)
{
  double hw = box->width / 2 + 2, hh = box->height / 2 + 2;
  double t = G_MAXDOUBLE;

  if (fabs (dx) > 1e-9)
    t = MIN (t, hw / fabs (dx));
  if (fabs (dy) > 1e-9)
    t = MIN (t, hh / fabs (dy));
  if (t == G_MAXDOUBLE)
    t = 0;
  *x += t * dx;
  *y += t * dy;
}

static gboolean
figure_has_edge (SeqackTcpState from,
                 SeqackTcpState to)
{
  for (guint e = 1; e < SEQACK_TCP_N_EDGES; e++)
    {
      const SeqackTcpEdgeInfo *info = seqack_tcp_edge_info (e);

      if (info != NULL && info->rfc_figure && info->from == from
          && info->to == to)
        return TRUE;
    }
  return FALSE;
}

/* Where an edge runs: from (x0, y0) to (x1, y1) (the arrow's tip), in
 * the direction (dx, dy). */
typedef struct
{
  double x0, y0, x1, y1;
  double dx, dy;
} EdgeLine;

/* The line of the edge @from -> @to; FALSE when its boxes coincide. */
static gboolean
edge_line (const Grid     *g,
           SeqackTcpState  from,
           SeqackTcpState  to,
           EdgeLine       *line)
{
  cairo_rectangle_t a, b;
  double ax, ay, bx, by, dx, dy, len, nx, ny, off = 0;

  state_box (g, from, &a);
  target_box (g, from, to, &b);
  ax = a.x + a.width / 2;
  ay = a.y + a.height / 2;
  bx = b.x + b.width / 2;
  by = b.y + b.height / 2;
  dx = bx - ax;
  dy = by - ay;
  len = hypot (dx, dy);
  if (len < 1)
    return FALSE;
  dx /= len;
  dy /= len;
  nx = -dy;
  ny = dx;
  /* Two edges between the same boxes run side by side. */
  if (figure_has_edge (to, from))
    off = 5 * g->s;
  ax += nx * off;
  ay += ny * off;
  bx += nx * off;
  by += ny * off;
  clip_to_border (&a, dx, dy, &ax, &ay);
  clip_to_border (&b, -dx, -dy, &bx, &by);

  line->x0 = ax;
  line->y0 = ay;
  line->x1 = bx;
  line->y1 = by;
  line->dx = dx;
  line->dy = dy;
  return TRUE;
}

/* Draws the edge @from -> @to. */
static void
draw_edge (cairo_t             *cr,
           const Grid          *g,
           SeqackTcpState       from,
           SeqackTcpState       to,
           const SeqackRgba    *color,
           double               width,
           gboolean             dashed)
{
  EdgeLine l;
  double head = 9 * g->s, half = 4.5 * g->s, nx, ny;

  if (!edge_line (g, from, to, &l))
    return;
  nx = -l.dy;
  ny = l.dx;

  cairo_save (cr);
  seqack_rgba_set_source (cr, color);
  cairo_set_line_width (cr, width);
  if (dashed)
    {
      double dash[] = { 6 * g->s, 4 * g->s };

      cairo_set_dash (cr, dash, 2, 0);
    }
  cairo_move_to (cr, l.x0, l.y0);
  cairo_line_to (cr, l.x1 - l.dx * (head - 1), l.y1 - l.dy * (head - 1));
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_move_to (cr, l.x1, l.y1);
  cairo_line_to (cr, l.x1 - l.dx * head + nx * half,
                 l.y1 - l.dy * head + ny * half);
  cairo_line_to (cr, l.x1 - l.dx * head - nx * half,
                 l.y1 - l.dy * head - ny * half);
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);
}

static double
overlap_area (const cairo_rectangle_t *a,
              const cairo_rectangle_t *b)
{
  double w = MIN (a->x + a->width, b->x + b->width) - MAX (a->x, b->x);
  double h = MIN (a->y + a->height, b->y + b->height) - MAX (a->y, b->y);

  return w > 0 && h > 0 ? w * h : 0;
}

/* Label costs at or above this hide something (a box, the title or the
 * edge); below it they are only a distance. */
#define LABEL_CLEAR 1000.0

/* What a label must not hide: the boxes and the title, each with a
 * margin that keeps the pill's border (drawn half outside it) off them,
 * and how much hiding it costs; and around each a little more room the
 * label would rather keep, at a cost that never counts as hiding. */
#define N_OBSTACLES (2 * (N_BOXES + 1))

typedef struct
{
  cairo_rectangle_t rect[N_OBSTACLES];
  double            weight[N_OBSTACLES];
  guint             n;
} Obstacles;

static void
obstacles_add (Obstacles               *ob,
               const cairo_rectangle_t *rect,
               double                   weight,
               double                   s)
{
  /* The pill's border is 2 s wide, on its edge: 1 s keeps it off. */
  static const double margins[2] = { 1.0, 4.0 };

  for (guint k = 0; k < 2; k++)
    {
      cairo_rectangle_t *r = &ob->rect[ob->n];

      *r = *rect;
      r->x -= margins[k] * s;
      r->y -= margins[k] * s;
      r->width += 2 * margins[k] * s;
      r->height += 2 * margins[k] * s;
      /* About a pixel's cost per square pixel of lost room: a long
       * side touching stays below LABEL_CLEAR. */
      ob->weight[ob->n] = k == 0 ? weight : 1.0 / (s * s);
      ob->n++;
    }
}

static void
obstacles_init (Obstacles               *ob,
                const Grid              *g,
                const cairo_rectangle_t *title,
                SeqackTcpState           current)
{
  ob->n = 0;
  for (guint i = 0; i < N_BOXES; i++)
    {
      cairo_rectangle_t box;

      figure_box (g, i, &box);
      /* Hiding the current state's name is worst of all. */
      obstacles_add (ob, &box,
                     i == current || (i == SEQACK_TCP_N_STATES
                                      && current == SEQACK_TCP_CLOSED)
                     ? 40 * LABEL_CLEAR : 10 * LABEL_CLEAR, g->s);
    }
  if (title->width > 0)
    obstacles_add (ob, title, 10 * LABEL_CLEAR, g->s);
}

/* What a label at @r would hide, in rough pixels: any part of a box or
 * the title costs most, then the edge it labels; then the distance from
 * the edge's middle (@cx, @cy). Stops adding at @bound. */
static double
label_cost (const Obstacles         *ob,
            const EdgeLine          *line,
            const cairo_rectangle_t *r,
            double                   cx,
            double                   cy,
            double                   bound)
{
  double cost = hypot (r->x + r->width / 2 - cx, r->y + r->height / 2 - cy);

  /* Past @bound the exact cost does not matter. */
  for (guint i = 0; i < ob->n && cost < bound; i++)
    cost += ob->weight[i] * overlap_area (r, &ob->rect[i]);
  for (guint k = 1; k < 16 && cost < bound; k++)
    {
      double px = line->x0 + k / 16.0 * (line->x1 - line->x0);
      double py = line->y0 + k / 16.0 * (line->y1 - line->y0);

      if (px > r->x && px < r->x + r->width
          && py > r->y && py < r->y + r->height)
        cost += LABEL_CLEAR;
    }
  return cost;
}

/* Whether the segment (x0, y0)-(x1, y1) passes through a state box. */
static gboolean
crosses_box (const Grid *g,
             double      x0,
             double      y0,
             double      x1,
             double      y1)
{
  cairo_rectangle_t box;

  for (guint i = 0; i < N_BOXES; i++)
    {
      figure_box (g, i, &box);
      for (guint k = 0; k <= 32; k++)
        if (in_box (&box, x0 + k / 32.0 * (x1 - x0),
                    y0 + k / 32.0 * (y1 - y0)))
          return TRUE;
    }
  return FALSE;
}

/* Where the label of @line (@w x @h) goes: within @reach_x, @reach_y of
 * the edge's middle, inside @area, the place nearest the middle that
 * hides no box, not the title and not the edge itself; when there is
 * none, the place that hides least. Costs from @bound up do not count:
 * @bound when nothing costs less. */
static double
place_label (const Grid              *g,
             const Obstacles         *ob,
             const cairo_rectangle_t *area,
             const EdgeLine          *line,
             double                   w,
             double                   h,
             double                   reach_x,
             double                   reach_y,
             double                   bound,
             cairo_rectangle_t       *out)
{
  double cx = (line->x0 + line->x1) / 2, cy = (line->y0 + line->y1) / 2;
  /* Coarser over a wide reach: the whole figure is a lot of places. */
  double step = MAX (3, 3 * g->s) * (reach_y > 3 * g->row_h ? 1.5 : 1);
  double x_min = area->x + 2, y_min = area->y + 2;
  double x_max = MAX (x_min, area->x + area->width - w - 2);
  double y_max = MAX (y_min, area->y + area->height - h - 2);
  double best = bound, x0, x1, y0, y1;

  out->width = w;
  out->height = h;
  out->x = CLAMP (cx - w / 2, x_min, x_max);
  out->y = CLAMP (cy - h / 2, y_min, y_max);
  /* The places within reach, inside the area. */
  x0 = CLAMP (cx - reach_x - w / 2, x_min, x_max);
  x1 = CLAMP (cx + reach_x - w / 2, x_min, x_max);
  y0 = CLAMP (cy - reach_y - h / 2, y_min, y_max);
  y1 = CLAMP (cy + reach_y - h / 2, y_min, y_max);
  for (double y = y0; y <= y1 + step / 2; y += step)
    for (double x = x0; x <= x1 + step / 2; x += step)
      {
        cairo_rectangle_t r = { MIN (x, x1), MIN (y, y1), w, h };
        double cost = label_cost (ob, line, &r, cx, cy, best);

        if (cost < best)
          {
            best = cost;
            *out = r;
          }
      }
  return best;
}

/* @text broken into lines no wider than @width where Pango can break
 * it (between words, or between Chinese characters). */
static char *
wrap_text (PangoLayout *layout,
           const char  *text,
           double       width)
{
  GString *out = g_string_new (NULL);

  pango_layout_set_text (layout, text, -1);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  for (GSList *l = pango_layout_get_lines_readonly (layout); l != NULL;
       l = l->next)
    {
      PangoLayoutLine *line = l->data;
      const char *start = text + line->start_index;
      int len = line->length;

      while (len > 0 && (start[len - 1] == ' ' || start[len - 1] == '\n'))
        len--;
      if (out->len > 0)
        g_string_append_c (out, '\n');
      g_string_append_len (out, start, len);
    }
  pango_layout_set_width (layout, -1);
  return g_string_free (out, FALSE);
}

/* A label's lines, centred. */
static PangoLayout *
label_layout_new (cairo_t *cr,
                  double   px)
{
  PangoLayout *pl = seqack_render_text_layout_new (cr, PANGO_WEIGHT_NORMAL,
                                                   px);

  pango_layout_set_alignment (pl, PANGO_ALIGN_CENTER);
  return pl;
}

/* Lines of a label LABEL_LINE_EM apart (in ems of its size) at most, so
 * they read as one label and take less of the figure: Chinese fonts'
 * lines are 1.45 em, Latin ones 1.16 em. Returns the factor set. */
#define LABEL_LINE_EM 1.2

static double
label_set_spacing (PangoLayout *pl,
                   double       px)
{
  double h = 0, factor;

  pango_layout_set_line_spacing (pl, 0);
  seqack_render_text_measure (pl, "X", NULL, &h);
  factor = h > 0 ? MIN (1.0, LABEL_LINE_EM * px / h) : 1.0;
  pango_layout_set_line_spacing (pl, factor);
  return factor;
}

/* How a label may be written: as it is, in two lines at its " / "
 * ("rcv SYN,ACK" over "snd ACK"), in lines no wider than a part of a
 * column (a free corner of the figure). */
static const double label_wraps[] = { 0, 0, 1.0, 0.75, 0.55 };

/* @label written the @form-th way at @pl's size, in @g's columns. */
static char *
label_form (PangoLayout *pl,
            const Grid  *g,
            const char  *label,
            guint        form,
            double       pad)
{
  const char *slash = strstr (label, " / ");
  g_autofree char *split = NULL;

  if (form == 0)
    return g_strdup (label);
  split = slash == NULL ? g_strdup (label)
                        : g_strdup_printf ("%.*s\n%s", (int) (slash - label),
                                           label, slash + 3);
  if (label_wraps[form] == 0)
    return g_steal_pointer (&split);
  return wrap_text (pl, split, label_wraps[form] * g->col_w - 2 * pad);
}

/* One way of writing a label, measured: its text (maybe in lines), size
 * and line spacing, its pill's size. */
typedef struct
{
  char    *text;
  double   px, spacing, w, h;
  gboolean plain;  /* as it is, one line, full size */
} LabelForm;

/* @label without its aside in parentheses ("FIN-WAIT-2 timeout (Linux
 * tcp_fin_timeout)"), or NULL when it has none. */
static char *
label_without_aside (const char *label)
{
  const char *open = strstr (label, " (");

  if (open == NULL)
    open = strstr (label, "（");
  if (open == NULL || open == label)
    return NULL;
  return g_strndup (label, open - label);
}

/* The label of the highlighted edge @line in a pill beside it, placed in
 * @f. The label must not hide a state's name, the title or the arrow it
 * explains: the first way that finds a clear place wins, near the edge
 * first, then further, then anywhere in the figure (a leader line then
 * says which arrow it names); the label as it is, then without its aside
 * in parentheses; in one line, two, or narrower lines (label_wraps);
 * full size, then the names' size. Only in an area too small for the
 * names (they shrank too) smaller still, never below the smallest text
 * the back row reads (SEQACK_RENDER_TEXT_MIN_PX at the render scale)
 * unless the names are; where nothing is clear, the place that hides
 * least. */
static void
label_init (Figure                  *f,
            const cairo_rectangle_t *area,
            SeqackTcpState           current,
            const EdgeLine          *line,
            const char              *label)
{
  /* Within a row and a column of the edge's middle, a little further,
   * anywhere in the figure. */
  static const double reaches[] = { 1.0, 2.5, 100.0 };
  const Grid *g = &f->g;
  PangoLayout *pl;
  Obstacles ob;
  LabelForm forms[2 * G_N_ELEMENTS (label_wraps) * 4];
  guint n_forms = 0;
  double sizes[4] = { 1.0, FONT_PX / LABEL_PX };
  guint n_sizes = 2;
  double label_px = LABEL_PX * g->s, best = G_MAXDOUBLE;
  char *bases[2] = { g_strdup (label), label_without_aside (label) };

  if (g->font_px < FONT_PX * g->s)
    {
      sizes[n_sizes++] = g->font_px / label_px;
      sizes[n_sizes++] = MAX (0.8 * g->font_px, MIN (g->floor_px, g->font_px))
                         / label_px;
    }
  /* Every way of writing it, measured once. */
  pl = label_layout_new (NULL, label_px);
  for (guint b = 0; b < G_N_ELEMENTS (bases) && bases[b] != NULL; b++)
    for (guint t = 0; t < G_N_ELEMENTS (label_wraps); t++)
      for (guint i = 0; i < n_sizes; i++)
        {
          LabelForm *form = &forms[n_forms];
          double pad = 6 * g->s * sizes[i];

          seqack_render_text_set_px (pl, label_px * sizes[i]);
          form->spacing = label_set_spacing (pl, label_px * sizes[i]);
          form->text = label_form (pl, g, bases[b], t, pad);
          seqack_render_text_measure (pl, form->text, &form->w, &form->h);
          form->w += 2 * pad;
          form->h += 1 * g->s;
          form->px = label_px * sizes[i];
          form->plain = b + t + i == 0;
          /* The same text at the same size again is no new way. */
          for (guint k = 0; k < n_forms; k++)
            if (forms[k].px == form->px
                && strcmp (forms[k].text, form->text) == 0)
              {
                g_clear_pointer (&form->text, g_free);
                break;
              }
          if (form->text != NULL)
            n_forms++;
        }
  g_object_unref (pl);

  obstacles_init (&ob, g, &f->title, current);
  for (guint r = 0; r < G_N_ELEMENTS (reaches) && best >= LABEL_CLEAR; r++)
    for (guint k = 0; k < n_forms && best >= LABEL_CLEAR; k++)
      {
        const LabelForm *form = &forms[k];
        cairo_rectangle_t pill;
        double cost;
        /* Only a cost under this would be taken. */
        double bound = k == 0 && r == 0
                       ? G_MAXDOUBLE
                       : MAX (LABEL_CLEAR, best - LABEL_CLEAR / 2);

        cost = place_label (g, &ob, area, line, form->w, form->h,
                            MIN (reaches[r] * (form->w + g->col_w) / 2,
                                 area->width),
                            MIN (reaches[r] * 1.5 * g->row_h,
                                 area->height), bound, &pill);
        /* Leaving the area hides part of the label. */
        if (form->w > area->width - 4 || form->h > area->height - 4)
          cost += LABEL_CLEAR;
        /* A smaller size, another way of writing or a longer way must
         * earn its place by hiding less. */
        if (cost < best - (form->plain && r == 0 ? 0 : LABEL_CLEAR / 2)
            || (cost < LABEL_CLEAR && best >= LABEL_CLEAR))
          {
            best = cost;
            f->label = pill;
            f->label_px = form->px;
            f->label_spacing = form->spacing;
            g_free (f->label_text);
            f->label_text = g_strdup (form->text);
          }
      }
  for (guint k = 0; k < n_forms; k++)
    g_free (forms[k].text);
  g_free (bases[0]);
  g_free (bases[1]);
}

/* The edge to highlight and where it starts; NULL when none is drawn. */
static const SeqackTcpEdgeInfo *
active_edge (const SeqackStateRenderOptions *o,
             SeqackTcpState                 *from)
{
  const SeqackTcpEdgeInfo *active = NULL;

  *from = SEQACK_TCP_N_STATES;
  if (o->edge > SEQACK_TCP_EDGE_NONE && o->edge < SEQACK_TCP_N_EDGES)
    active = seqack_tcp_edge_info (o->edge);
  if (active == NULL)
    return NULL;
  *from = o->edge_from < SEQACK_TCP_N_STATES ? o->edge_from : active->from;
  if (*from >= SEQACK_TCP_N_STATES || *from == active->to)
    return NULL;
  return active;
}

static const char *
active_label (const SeqackStateRenderOptions *o,
              const SeqackTcpEdgeInfo        *active)
{
  const char *label = o->edge_label;

  if (label == NULL && active->label != NULL)
    label = o->translate != NULL ? o->translate (active->label)
                                 : active->label;
  return label != NULL && *label != '\0' ? label : NULL;
}

static void
figure_init (Figure                         *f,
             const cairo_rectangle_t        *area,
             const SeqackStateRenderOptions *o)
{
  const SeqackTcpEdgeInfo *active;
  SeqackTcpState from;
  EdgeLine line;
  const char *label;

  memset (f, 0, sizeof *f);
  title_init (&f->g, area, o, &f->title, &f->title_px);
  active = active_edge (o, &from);
  if (active == NULL || (label = active_label (o, active)) == NULL)
    return;
  if (edge_line (&f->g, from, active->to, &line))
    label_init (f, area, o->state, &line, label);
}

static void
figure_clear (Figure *f)
{
  g_clear_pointer (&f->label_text, g_free);
}

void
seqack_state_render_get_layout (const cairo_rectangle_t        *area,
                                const SeqackStateRenderOptions *options,
                                SeqackStateRenderLayout        *layout)
{
  Figure f;

  g_return_if_fail (area != NULL && options != NULL && layout != NULL);

  figure_init (&f, area, options);
  for (guint i = 0; i < N_BOXES; i++)
    figure_box (&f.g, i, &layout->boxes[i]);
  layout->title = f.title;
  layout->title_px = f.title_px;
  layout->label = f.label;
  layout->label_px = f.label_px;
  layout->font_px = f.g.font_px;
  figure_clear (&f);
}

static void
show_centered (cairo_t          *cr,
               PangoLayout      *pl,
               const char       *text,
               double            cx,
               double            cy,
               const SeqackRgba *color)
{
  seqack_render_text_draw (cr, pl, text, cx, cy, 0.5, 0.5, color);
}

static void
draw_box (cairo_t                 *cr,
          const Grid              *g,
          const SeqackPalette     *pal,
          PangoLayout             *pl,
          const cairo_rectangle_t *box,
          SeqackTcpState           state,
          gboolean                 current)
{
  SeqackStateGroup group = seqack_state_group (state);

  seqack_rounded_rect (cr, box->x, box->y, box->width, box->height, 7 * g->s);
  seqack_rgba_set_source (cr, current ? &pal->state_fill[group]
                                      : &pal->box_fill);
  cairo_fill_preserve (cr);
  seqack_rgba_set_source (cr, current ? &pal->foreground : &pal->box_border);
  cairo_set_line_width (cr, (current ? 2.5 : 1.0) * g->s);
  cairo_stroke (cr);
  show_centered (cr, pl, seqack_tcp_state_name (state),
                 box->x + box->width / 2, box->y + box->height / 2,
                 current ? &pal->state_text[group] : &pal->foreground);
}

/* The highlighted edge's label in its pill; pushed away from its edge by
 * the boxes, a leader line says which arrow it names. */
static void
draw_label (cairo_t             *cr,
            const Figure        *f,
            const SeqackPalette *pal,
            const EdgeLine      *line)
{
  const Grid *g = &f->g;
  const cairo_rectangle_t *pill = &f->label;
  PangoLayout *pl;
  double mx, my, px, py;

  mx = (line->x0 + line->x1) / 2;
  my = (line->y0 + line->y1) / 2;
  px = CLAMP (mx, pill->x, pill->x + pill->width);
  py = CLAMP (my, pill->y, pill->y + pill->height);
  if (hypot (px - mx, py - my) > 0.3 * g->row_h
      && !crosses_box (g, px, py, mx, my))
    {
      seqack_rgba_set_source (cr, &pal->edge_active);
      cairo_set_line_width (cr, 1.5 * g->s);
      cairo_move_to (cr, px, py);
      cairo_line_to (cr, mx, my);
      cairo_stroke (cr);
    }
  seqack_rounded_rect (cr, pill->x, pill->y, pill->width, pill->height,
                       MIN (pill->height / 2, 12 * g->s));
  seqack_rgba_set_source (cr, &pal->background);
  cairo_fill_preserve (cr);
  seqack_rgba_set_source (cr, &pal->edge_active);
  cairo_set_line_width (cr, 2 * g->s);
  cairo_stroke (cr);
  pl = label_layout_new (cr, f->label_px);
  pango_layout_set_line_spacing (pl, f->label_spacing);
  show_centered (cr, pl, f->label_text, pill->x + pill->width / 2,
                 pill->y + pill->height / 2, &pal->foreground);
  g_object_unref (pl);
}

void
seqack_state_render (cairo_t                        *cr,
                     const cairo_rectangle_t        *area,
                     const SeqackStateRenderOptions *options)
{
  const SeqackPalette *pal;
  const SeqackTcpEdgeInfo *active;
  SeqackTcpState active_from;
  PangoLayout *pl;
  cairo_rectangle_t box;
  Figure f;
  EdgeLine active_line = { 0 };
  double smallest;

  g_return_if_fail (cr != NULL && area != NULL && options != NULL);

  if (options->edge_label_box != NULL)
    *options->edge_label_box = (cairo_rectangle_t) { 0 };
  if (area->width <= 0 || area->height <= 0)
    return;

  pal = seqack_palette_get (options->scheme < SEQACK_N_SCHEMES
                            ? options->scheme : 0);
  figure_init (&f, area, options);

  cairo_save (cr);
  cairo_rectangle (cr, area->x, area->y, area->width, area->height);
  cairo_clip (cr);
  if (options->background)
    {
      seqack_rgba_set_source (cr, &pal->background);
      cairo_paint (cr);
    }

  smallest = f.g.font_px;
  if (f.title.width > 0)
    {
      PangoLayout *title_pl = seqack_render_text_layout_new (cr,
                                                             PANGO_WEIGHT_BOLD,
                                                             f.title_px);

      seqack_render_text_draw (cr, title_pl, options->title, f.title.x,
                               f.title.y, 0, 0, &pal->foreground);
      smallest = MIN (smallest, f.title_px);
      g_object_unref (title_pl);
    }

  active = active_edge (options, &active_from);

  /* Edges first, so the boxes cover their ends. */
  for (guint e = 1; e < SEQACK_TCP_N_EDGES; e++)
    {
      const SeqackTcpEdgeInfo *info = seqack_tcp_edge_info (e);

      if (info == NULL || !info->rfc_figure
          || info->from >= SEQACK_TCP_N_STATES || info == active)
        continue;
      draw_edge (cr, &f.g, info->from, info->to, &pal->edge, 1.2 * f.g.s,
                 FALSE);
    }
  if (active != NULL)
    {
      /* An edge "from any state" is not in the figure: drawn dashed. */
      draw_edge (cr, &f.g, active_from, active->to, &pal->edge_active,
                 3.0 * f.g.s, !active->rfc_figure);
      edge_line (&f.g, active_from, active->to, &active_line);
    }

  pl = seqack_render_text_layout_new (cr, PANGO_WEIGHT_BOLD, f.g.font_px);
  for (guint i = 0; i < SEQACK_TCP_N_STATES; i++)
    {
      state_box (&f.g, i, &box);
      draw_box (cr, &f.g, pal, pl, &box, i, i == options->state);
    }
  bottom_closed_box (&f.g, &box);
  draw_box (cr, &f.g, pal, pl, &box, SEQACK_TCP_CLOSED,
            options->state == SEQACK_TCP_CLOSED);
  g_object_unref (pl);

  if (f.label_text != NULL)
    {
      draw_label (cr, &f, pal, &active_line);
      smallest = MIN (smallest, f.label_px);
      if (options->edge_label_box != NULL)
        *options->edge_label_box = f.label;
    }

  cairo_restore (cr);
  figure_clear (&f);
  if (options->smallest_text_px != NULL)
    *options->smallest_text_px = smallest;
}
