/* seqack-state-render.c: the RFC 9293 §3.3.2 state diagram.
 *
 * The boxes sit on a 3 x 7 grid that follows Figure 5 from top to bottom;
 * the edges come from the tcp layer's one table, so the picture and the
 * state machine cannot disagree.
 */
#include "config.h"

#include "seqack-state-render.h"

#include <math.h>
#include <pango/pangocairo.h>
#include <string.h>

#define GRID_COLS 3
#define GRID_ROWS 7
#define TITLE_PX  26.0
#define FONT_PX   13.0

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
  double box_w, box_h;
  double font_px;
  double s;
} Grid;

void
seqack_state_render_options_init (SeqackStateRenderOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->scheme = SEQACK_SCHEME_LIGHT;
  options->scale = 1.0;
  options->background = TRUE;
  options->state = SEQACK_TCP_CLOSED;
  options->edge = SEQACK_TCP_EDGE_NONE;
  options->edge_from = SEQACK_TCP_N_STATES;
}

static void
grid_init (Grid                           *g,
           const cairo_rectangle_t        *area,
           const SeqackStateRenderOptions *o)
{
  double title = o->title != NULL ? TITLE_PX * (o->scale > 0 ? o->scale : 1)
                                  : 0;

  g->s = o->scale > 0 ? o->scale : 1.0;
  title = MIN (title, area->height / 4);
  g->x = area->x;
  g->y = area->y + title;
  g->w = area->width;
  g->h = MAX (0, area->height - title);
  g->col_w = g->w / GRID_COLS;
  g->row_h = g->h / GRID_ROWS;
  g->box_w = g->col_w * 0.88;
  g->box_h = MIN (g->row_h * 0.56, 34 * g->s);
  /* Text shrinks to fit a small rectangle; "ESTABLISHED" is the widest. */
  g->font_px = MIN (FONT_PX * g->s, MIN (g->box_w / 7.6, g->box_h * 0.5));
}

static void
place_box (const Grid        *g,
           guint              col,
           guint              row,
           cairo_rectangle_t *box)
{
  double cx = g->x + (col + 0.5) * g->col_w;
  double cy = g->y + (row + 0.5) * g->row_h;

  box->x = cx - g->box_w / 2;
  box->y = cy - g->box_h / 2;
  box->width = g->box_w;
  box->height = g->box_h;
}

static void
state_box (const Grid        *g,
           SeqackTcpState     state,
           cairo_rectangle_t *box)
{
  if (state >= SEQACK_TCP_N_STATES)
    state = SEQACK_TCP_CLOSED;
  place_box (g, places[state].col, places[state].row, box);
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
    place_box (g, BOTTOM_CLOSED_COL, BOTTOM_CLOSED_ROW, box);
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
  place_box (&g, BOTTOM_CLOSED_COL, BOTTOM_CLOSED_ROW, &box);
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

/* Draws the edge @from -> @to; returns its midpoint in *mx, *my. */
static void
draw_edge (cairo_t             *cr,
           const Grid          *g,
           SeqackTcpState       from,
           SeqackTcpState       to,
           const SeqackRgba    *color,
           double               width,
           gboolean             dashed,
           double              *mx,
           double              *my,
           double              *out_nx,
           double              *out_ny)
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

  *mx = (ax + bx) / 2;
  *my = (ay + by) / 2;
  /* The edge's normal pointing right (or up), where its label goes. */
  if (nx < 0 || (nx == 0 && ny > 0))
    {
      nx = -nx;
      ny = -ny;
    }
  *out_nx = nx;
  *out_ny = ny;
}

static PangoLayout *
make_layout (cairo_t    *cr,
             PangoWeight weight,
             double      px)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  PangoFontDescription *desc = pango_font_description_from_string ("Sans");
  cairo_font_options_t *fo = cairo_font_options_create ();

  pango_font_description_set_weight (desc, weight);
  pango_font_description_set_absolute_size (desc, MAX (px, 1) * PANGO_SCALE);
  pango_layout_set_font_description (layout, desc);
  pango_font_description_free (desc);
  cairo_font_options_set_hint_metrics (fo, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_antialias (fo, CAIRO_ANTIALIAS_GRAY);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), fo);
  pango_layout_context_changed (layout);
  cairo_font_options_destroy (fo);

  return layout;
}

static void
show_centered (cairo_t          *cr,
               PangoLayout      *pl,
               const char       *text,
               double            cx,
               double            cy,
               const SeqackRgba *color)
{
  PangoRectangle logical;

  pango_layout_set_text (pl, text, -1);
  pango_layout_get_extents (pl, NULL, &logical);
  cairo_move_to (cr, cx - (double) logical.width / PANGO_SCALE / 2,
                 cy - (double) logical.height / PANGO_SCALE / 2);
  seqack_rgba_set_source (cr, color);
  pango_cairo_show_layout (cr, pl);
  cairo_new_path (cr);
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
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

  rounded_rect (cr, box->x, box->y, box->width, box->height, 7 * g->s);
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
  double lx = 0, ly = 0, lnx = 0, lny = 0;

  g_return_if_fail (cr != NULL && area != NULL && options != NULL);

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

  pl = make_layout (cr, PANGO_WEIGHT_BOLD, g.font_px);
  label_pl = make_layout (cr, PANGO_WEIGHT_NORMAL,
                          MAX (g.font_px, FONT_PX * g.s));

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
      double mx, my, nx, ny;

      if (info == NULL || !info->rfc_figure
          || info->from >= SEQACK_TCP_N_STATES || info == active)
        continue;
      draw_edge (cr, &g, info->from, info->to, &pal->edge, 1.2 * g.s, FALSE,
                 &mx, &my, &nx, &ny);
    }
  if (active != NULL && active_from < SEQACK_TCP_N_STATES
      && active_from != active->to)
    /* An edge "from any state" is not in the figure: drawn dashed. */
    draw_edge (cr, &g, active_from, active->to, &pal->edge_active,
               3.0 * g.s, !active->rfc_figure, &lx, &ly, &lnx, &lny);
  else
    active = NULL;

  for (guint i = 0; i < SEQACK_TCP_N_STATES; i++)
    {
      state_box (&g, i, &box);
      draw_box (cr, &g, pal, pl, &box, i, i == options->state);
    }
  place_box (&g, BOTTOM_CLOSED_COL, BOTTOM_CLOSED_ROW, &box);
  draw_box (cr, &g, pal, pl, &box, SEQACK_TCP_CLOSED,
            options->state == SEQACK_TCP_CLOSED);

  if (active != NULL)
    {
      const char *label = options->edge_label;
      PangoRectangle logical;
      double w, h, pad = 6 * g.s, bx, by, off;

      if (label == NULL && active->label != NULL)
        label = options->translate != NULL ? options->translate (active->label)
                                           : active->label;
      if (label != NULL && *label != '\0')
        {
          /* The label in a pill on the edge, kept inside the area. */
          pango_layout_set_text (label_pl, label, -1);
          pango_layout_get_extents (label_pl, NULL, &logical);
          w = (double) logical.width / PANGO_SCALE + 2 * pad;
          h = (double) logical.height / PANGO_SCALE + pad;
          /* Beside the edge's middle, not on it. */
          off = (fabs (lnx) * w + fabs (lny) * h) / 2 + 4 * g.s;
          lx += lnx * off;
          ly += lny * off;
          bx = CLAMP (lx - w / 2, area->x + 2, MAX (area->x + 2,
                      area->x + area->width - w - 2));
          by = CLAMP (ly - h / 2, area->y + 2, MAX (area->y + 2,
                      area->y + area->height - h - 2));
          rounded_rect (cr, bx, by, w, h, h / 2);
          seqack_rgba_set_source (cr, &pal->background);
          cairo_fill_preserve (cr);
          seqack_rgba_set_source (cr, &pal->edge_active);
          cairo_set_line_width (cr, 2 * g.s);
          cairo_stroke (cr);
          show_centered (cr, label_pl, label, bx + w / 2, by + h / 2,
                         &pal->foreground);
        }
    }

  g_object_unref (pl);
  g_object_unref (label_pl);
  cairo_restore (cr);
}
