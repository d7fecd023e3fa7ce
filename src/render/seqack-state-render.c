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
} Grid;

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

static void
grid_init (Grid                           *g,
           const cairo_rectangle_t        *area,
           const SeqackStateRenderOptions *o)
{
  double title, widths[SEQACK_TCP_N_STATES], pad, col_max[GRID_COLS] = { 0 };

  g->s = scale_of (o);
  title = o->title != NULL ? TITLE_PX * g->s : 0;
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

void
seqack_state_render_get_min_size (const SeqackStateRenderOptions *options,
                                  double                         *width,
                                  double                         *height)
{
  double widths[SEQACK_TCP_N_STATES], s, lo, hi;

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
  if (width != NULL)
    *width = ceil (hi);
  if (height != NULL)
    *height = ceil (GRID_ROWS * FONT_PX * s * 1.6 / 0.8
                    + (options->title != NULL ? TITLE_PX * s : 0));
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

/* Where an edge was drawn: from (x0, y0) to (x1, y1), and its normal
 * pointing right (or up). */
typedef struct
{
  double x0, y0, x1, y1;
  double nx, ny;
} EdgeLine;

/* Draws the edge @from -> @to; returns where it went in @line. */
static void
draw_edge (cairo_t             *cr,
           const Grid          *g,
           SeqackTcpState       from,
           SeqackTcpState       to,
           const SeqackRgba    *color,
           double               width,
           gboolean             dashed,
           EdgeLine            *line)
{
  cairo_rectangle_t a, b;
  double ax, ay, bx, by, dx, dy, len, nx, ny, off = 0;
  double head = 9 * g->s, half = 4.5 * g->s;

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
    return;
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

  cairo_save (cr);
  seqack_rgba_set_source (cr, color);
  cairo_set_line_width (cr, width);
  if (dashed)
    {
      double dash[] = { 6 * g->s, 4 * g->s };

      cairo_set_dash (cr, dash, 2, 0);
    }
  cairo_move_to (cr, ax, ay);
  cairo_line_to (cr, bx - dx * (head - 1), by - dy * (head - 1));
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_move_to (cr, bx, by);
  cairo_line_to (cr, bx - dx * head + nx * half, by - dy * head + ny * half);
  cairo_line_to (cr, bx - dx * head - nx * half, by - dy * head - ny * half);
  cairo_close_path (cr);
  cairo_fill (cr);
  cairo_restore (cr);

  line->x0 = ax;
  line->y0 = ay;
  line->x1 = bx;
  line->y1 = by;
  /* The edge's normal pointing right (or up), where its label goes. */
  if (nx < 0 || (nx == 0 && ny > 0))
    {
      nx = -nx;
      ny = -ny;
    }
  line->nx = nx;
  line->ny = ny;
}

static double
overlap_area (const cairo_rectangle_t *a,
              const cairo_rectangle_t *b)
{
  double w = MIN (a->x + a->width, b->x + b->width) - MAX (a->x, b->x);
  double h = MIN (a->y + a->height, b->y + b->height) - MAX (a->y, b->y);

  return w > 0 && h > 0 ? w * h : 0;
}

/* Label costs at or above this hide something (a box or the edge);
 * below it they are only a distance. */
#define LABEL_CLEAR 1000.0

/* The boxes a label must not hide, each with a margin so a pill does not
 * touch one, and how much hiding it costs. */
typedef struct
{
  cairo_rectangle_t rect[SEQACK_TCP_N_STATES + 1];
  double            weight[SEQACK_TCP_N_STATES + 1];
} Obstacles;

static void
obstacles_init (Obstacles      *ob,
                const Grid     *g,
                SeqackTcpState  current)
{
  double m = 1 * g->s;

  for (guint i = 0; i <= SEQACK_TCP_N_STATES; i++)
    {
      cairo_rectangle_t *box = &ob->rect[i];

      if (i < SEQACK_TCP_N_STATES)
        state_box (g, i, box);
      else
        bottom_closed_box (g, box);
      box->x -= m;
      box->y -= m;
      box->width += 2 * m;
      box->height += 2 * m;
      /* Hiding the current state's name is worst of all. */
      ob->weight[i] = i == current || (i == SEQACK_TCP_N_STATES
                                       && current == SEQACK_TCP_CLOSED)
                      ? 40 * LABEL_CLEAR : 10 * LABEL_CLEAR;
    }
}

/* What a label at @r would hide, in rough pixels: any part of a state box
 * costs most, then the edge it labels; then the distance from the edge's
 * middle (@cx, @cy). */
static double
label_cost (const Obstacles         *ob,
            const EdgeLine          *line,
            const cairo_rectangle_t *r,
            double                   cx,
            double                   cy)
{
  double cost = 0;

  for (guint i = 0; i <= SEQACK_TCP_N_STATES; i++)
    cost += ob->weight[i] * overlap_area (r, &ob->rect[i]);
  for (guint k = 1; k < 16; k++)
    {
      double px = line->x0 + k / 16.0 * (line->x1 - line->x0);
      double py = line->y0 + k / 16.0 * (line->y1 - line->y0);

      if (px > r->x && px < r->x + r->width
          && py > r->y && py < r->y + r->height)
        cost += LABEL_CLEAR;
    }
  return cost + hypot (r->x + r->width / 2 - cx, r->y + r->height / 2 - cy);
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

  for (guint i = 0; i <= SEQACK_TCP_N_STATES; i++)
    {
      if (i < SEQACK_TCP_N_STATES)
        state_box (g, i, &box);
      else
        bottom_closed_box (g, &box);
      for (guint k = 0; k <= 32; k++)
        if (in_box (&box, x0 + k / 32.0 * (x1 - x0),
                    y0 + k / 32.0 * (y1 - y0)))
          return TRUE;
    }
  return FALSE;
}

/* Where the label of @line (@w x @h) goes: within a row and a column of
 * the edge's middle, inside @area, the place nearest the middle that
 * covers no state box and not the edge itself; when the figure is too
 * crowded for that, the place that hides least. @reach 1 keeps it near
 * its edge; more lets it go further, where a leader line has to say
 * which arrow it names. */
static double
place_label (const Grid              *g,
             SeqackTcpState           current,
             const cairo_rectangle_t *area,
             const EdgeLine          *line,
             double                   w,
             double                   h,
             double                   reach,
             cairo_rectangle_t       *out)
{
  double cx = (line->x0 + line->x1) / 2, cy = (line->y0 + line->y1) / 2;
  double step = MAX (3, 3 * g->s);
  Obstacles ob;
  double reach_x = reach * (w + g->col_w) / 2, reach_y = reach * 1.5 * g->row_h;
  double x_min = area->x + 2, y_min = area->y + 2;
  double x_max = MAX (x_min, area->x + area->width - w - 2);
  double y_max = MAX (y_min, area->y + area->height - h - 2);
  double best = G_MAXDOUBLE;

  obstacles_init (&ob, g, current);
  out->width = w;
  out->height = h;
  out->x = CLAMP (cx - w / 2, x_min, x_max);
  out->y = CLAMP (cy - h / 2, y_min, y_max);
  for (double dy = -reach_y; dy <= reach_y; dy += step)
    for (double dx = -reach_x; dx <= reach_x; dx += step)
      {
        cairo_rectangle_t r = { CLAMP (cx + dx - w / 2, x_min, x_max),
                                CLAMP (cy + dy - h / 2, y_min, y_max),
                                w, h };
        double cost = label_cost (&ob, line, &r, cx, cy);

        if (cost < best)
          {
            best = cost;
            *out = r;
          }
      }
  return best;
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

void
seqack_state_render (cairo_t                        *cr,
                     const cairo_rectangle_t        *area,
                     const SeqackStateRenderOptions *options)
{
  const SeqackPalette *pal;
  const SeqackTcpEdgeInfo *active = NULL;
  SeqackTcpState active_from = SEQACK_TCP_N_STATES;
  PangoLayout *pl, *label_pl;
  cairo_rectangle_t box;
  Grid g;
  EdgeLine active_line = { 0 };
  double smallest;

  g_return_if_fail (cr != NULL && area != NULL && options != NULL);

  if (options->edge_label_box != NULL)
    *options->edge_label_box = (cairo_rectangle_t) { 0 };
  if (area->width <= 0 || area->height <= 0)
    return;

  pal = seqack_palette_get (options->scheme < SEQACK_N_SCHEMES
                            ? options->scheme : 0);
  grid_init (&g, area, options);

  cairo_save (cr);
  cairo_rectangle (cr, area->x, area->y, area->width, area->height);
  cairo_clip (cr);
  if (options->background)
    {
      seqack_rgba_set_source (cr, &pal->background);
      cairo_paint (cr);
    }

  pl = seqack_render_text_layout_new (cr, PANGO_WEIGHT_BOLD, g.font_px);
  label_pl = seqack_render_text_layout_new (cr, PANGO_WEIGHT_NORMAL,
                                            LABEL_PX * g.s);
  smallest = g.font_px;

  if (options->title != NULL)
    show_centered (cr, label_pl, options->title,
                   area->x + area->width / 2, area->y + (g.y - area->y) / 2,
                   &pal->foreground);

  if (options->edge > SEQACK_TCP_EDGE_NONE
      && options->edge < SEQACK_TCP_N_EDGES)
    {
      active = seqack_tcp_edge_info (options->edge);
      if (active != NULL)
        active_from = options->edge_from < SEQACK_TCP_N_STATES
                      ? options->edge_from : active->from;
    }

  /* Edges first, so the boxes cover their ends. */
  for (guint e = 1; e < SEQACK_TCP_N_EDGES; e++)
    {
      const SeqackTcpEdgeInfo *info = seqack_tcp_edge_info (e);
      EdgeLine line;

      if (info == NULL || !info->rfc_figure
          || info->from >= SEQACK_TCP_N_STATES || info == active)
        continue;
      draw_edge (cr, &g, info->from, info->to, &pal->edge, 1.2 * g.s, FALSE,
                 &line);
    }
  if (active != NULL && active_from < SEQACK_TCP_N_STATES
      && active_from != active->to)
    /* An edge "from any state" is not in the figure: drawn dashed. */
    draw_edge (cr, &g, active_from, active->to, &pal->edge_active,
               3.0 * g.s, !active->rfc_figure, &active_line);
  else
    active = NULL;

  for (guint i = 0; i < SEQACK_TCP_N_STATES; i++)
    {
      state_box (&g, i, &box);
      draw_box (cr, &g, pal, pl, &box, i, i == options->state);
    }
  bottom_closed_box (&g, &box);
  draw_box (cr, &g, pal, pl, &box, SEQACK_TCP_CLOSED,
            options->state == SEQACK_TCP_CLOSED);

  if (active != NULL)
    {
      const char *label = options->edge_label;
      cairo_rectangle_t pill, best_pill = { 0 };
      double w = 0, h = 0, pad = 6 * g.s, mx, my, px, py;

      if (label == NULL && active->label != NULL)
        label = options->translate != NULL ? options->translate (active->label)
                                           : active->label;
      if (label != NULL && *label != '\0')
        {
          /* The label in a pill beside the edge. In a crowded figure a
           * slightly smaller label that hides nothing reads better than a
           * full-size one over the very arrow it explains. */
          /* Full size, then the names' size; only in an area too small
           * for the names (they shrank too) smaller still. Where no size
           * finds a clear place near the edge, the label in two lines
           * ("rcv SYN,ACK" over "snd ACK"), then further away with a
           * leader line: a label over a state box hides the very name
           * the class reads. */
          double sizes[4] = { 1.0, FONT_PX / LABEL_PX };
          guint n_sizes = 2;
          double label_px = LABEL_PX * g.s, best = G_MAXDOUBLE;
          double best_size = 1.0;
          const char *slash = strstr (label, " / ");
          g_autofree char *two_lines = NULL;
          const char *texts[2] = { label, NULL };
          static const double reaches[2] = { 1.0, 2.5 };

          if (slash != NULL)
            texts[1] = two_lines = g_strdup_printf ("%.*s\n%s",
                                                    (int) (slash - label),
                                                    label, slash + 3);
          if (g.font_px < FONT_PX * g.s)
            {
              sizes[n_sizes++] = g.font_px / label_px;
              sizes[n_sizes++] = 0.8 * g.font_px / label_px;
            }
          pango_layout_set_alignment (label_pl, PANGO_ALIGN_CENTER);
          for (guint r = 0; r < G_N_ELEMENTS (reaches) && best >= LABEL_CLEAR;
               r++)
            for (guint t = 0; t < G_N_ELEMENTS (texts) && best >= LABEL_CLEAR;
                 t++)
              for (guint i = 0; i < n_sizes && texts[t] != NULL; i++)
                {
                  double cost;

                  seqack_render_text_set_px (label_pl, label_px * sizes[i]);
                  seqack_render_text_measure (label_pl, texts[t], &w, &h);
                  w += 2 * pad * sizes[i];
                  h += 1 * g.s;
                  cost = place_label (&g, options->state, area, &active_line,
                                      w, h, reaches[r], &pill);
                  /* A smaller size, a second line or a longer way must
                   * earn its place by hiding less. */
                  if (cost < best - (i + t + r > 0 ? LABEL_CLEAR / 2 : 0)
                      || (cost < LABEL_CLEAR && best >= LABEL_CLEAR))
                    {
                      best = cost;
                      best_pill = pill;
                      best_size = sizes[i];
                      label = texts[t];
                    }
                  if (cost < LABEL_CLEAR)
                    break;
                }
          /* Where it hides least, at the size that allowed it. */
          seqack_render_text_set_px (label_pl, label_px * best_size);
          pill = best_pill;
          w = pill.width;
          h = pill.height;
          /* Pushed away from its edge by the boxes: a leader line says
           * which arrow it names. */
          mx = (active_line.x0 + active_line.x1) / 2;
          my = (active_line.y0 + active_line.y1) / 2;
          px = CLAMP (mx, pill.x, pill.x + w);
          py = CLAMP (my, pill.y, pill.y + h);
          if (hypot (px - mx, py - my) > 0.3 * g.row_h
              && !crosses_box (&g, px, py, mx, my))
            {
              seqack_rgba_set_source (cr, &pal->edge_active);
              cairo_set_line_width (cr, 1.5 * g.s);
              cairo_move_to (cr, px, py);
              cairo_line_to (cr, mx, my);
              cairo_stroke (cr);
            }
          seqack_rounded_rect (cr, pill.x, pill.y, w, h, h / 2);
          seqack_rgba_set_source (cr, &pal->background);
          cairo_fill_preserve (cr);
          seqack_rgba_set_source (cr, &pal->edge_active);
          cairo_set_line_width (cr, 2 * g.s);
          cairo_stroke (cr);
          show_centered (cr, label_pl, label, pill.x + w / 2,
                         pill.y + h / 2, &pal->foreground);
          smallest = MIN (smallest, seqack_render_text_get_px (label_pl));
          if (options->edge_label_box != NULL)
            *options->edge_label_box = pill;
        }
    }

  g_object_unref (pl);
  g_object_unref (label_pl);
  cairo_restore (cr);
  if (options->smallest_text_px != NULL)
    *options->smallest_text_px = smallest;
}
