/* test-render-state.c: the RFC 9293 Figure 5 state diagram.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <locale.h>

#include "render-test-util.h"
#include "seqack-render-text.h"
#include "seqack-state-render.h"

#define W 420
#define H 560

static cairo_surface_t *
render (const SeqackStateRenderOptions *o)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         W, H);
  cairo_t *cr = cairo_create (surface);
  cairo_rectangle_t area = { 0, 0, W, H };

  seqack_state_render (cr, &area, o);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  return surface;
}

/* The current state's box is filled with its group's color; the others
 * with the plain box color. */
static void
test_state_current_filled (void)
{
  SeqackStateRenderOptions o;
  const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_LIGHT);
  cairo_rectangle_t area = { 0, 0, W, H };
  cairo_rectangle_t box;
  cairo_surface_t *surface;

  seqack_state_render_options_init (&o);
  for (SeqackTcpState s = 0; s < SEQACK_TCP_N_STATES; s++)
    {
      o.state = s;
      surface = render (&o);
      for (SeqackTcpState other = 0; other < SEQACK_TCP_N_STATES; other++)
        {
          const SeqackRgba *want = other == s
                                   ? &pal->state_fill[seqack_state_group (other)]
                                   : &pal->box_fill;

          seqack_state_render_get_box (&area, &o, other, &box);
          /* Inside the border, left of the centered name. */
          g_assert_true (render_test_color_near (render_test_pixel (surface,
                                                                    box.x + 6,
                                                                    box.y + box.height / 2),
                                                 want, 0.03));
        }
      cairo_surface_destroy (surface);
    }
}

/* Figure 5 reads top to bottom: CLOSED, LISTEN, SYN-RCVD/SYN-SENT,
 * ESTABLISHED, FIN-WAIT-1/CLOSE-WAIT, FIN-WAIT-2/CLOSING/LAST-ACK,
 * TIME-WAIT. */
static void
test_state_figure_layout (void)
{
  SeqackStateRenderOptions o;
  cairo_rectangle_t area = { 10, 20, W, H };
  cairo_rectangle_t b[SEQACK_TCP_N_STATES];

  seqack_state_render_options_init (&o);
  for (SeqackTcpState s = 0; s < SEQACK_TCP_N_STATES; s++)
    {
      seqack_state_render_get_box (&area, &o, s, &b[s]);
      g_assert_cmpfloat (b[s].x, >=, area.x);
      g_assert_cmpfloat (b[s].y, >=, area.y);
      g_assert_cmpfloat (b[s].x + b[s].width, <=, area.x + area.width);
      g_assert_cmpfloat (b[s].y + b[s].height, <=, area.y + area.height);
    }
  g_assert_cmpfloat (b[SEQACK_TCP_CLOSED].y, <, b[SEQACK_TCP_LISTEN].y);
  g_assert_cmpfloat (b[SEQACK_TCP_LISTEN].y, <, b[SEQACK_TCP_SYN_SENT].y);
  g_assert_cmpfloat (b[SEQACK_TCP_SYN_SENT].y, ==, b[SEQACK_TCP_SYN_RECEIVED].y);
  g_assert_cmpfloat (b[SEQACK_TCP_SYN_RECEIVED].x, <, b[SEQACK_TCP_SYN_SENT].x);
  g_assert_cmpfloat (b[SEQACK_TCP_SYN_SENT].y, <, b[SEQACK_TCP_ESTABLISHED].y);
  g_assert_cmpfloat (b[SEQACK_TCP_ESTABLISHED].y, <, b[SEQACK_TCP_FIN_WAIT_1].y);
  g_assert_cmpfloat (b[SEQACK_TCP_FIN_WAIT_1].y, ==, b[SEQACK_TCP_CLOSE_WAIT].y);
  g_assert_cmpfloat (b[SEQACK_TCP_FIN_WAIT_1].x, <, b[SEQACK_TCP_CLOSE_WAIT].x);
  g_assert_cmpfloat (b[SEQACK_TCP_FIN_WAIT_2].y, ==, b[SEQACK_TCP_CLOSING].y);
  g_assert_cmpfloat (b[SEQACK_TCP_CLOSING].y, ==, b[SEQACK_TCP_LAST_ACK].y);
  g_assert_cmpfloat (b[SEQACK_TCP_FIN_WAIT_1].y, <, b[SEQACK_TCP_FIN_WAIT_2].y);
  g_assert_cmpfloat (b[SEQACK_TCP_CLOSING].y, <, b[SEQACK_TCP_TIME_WAIT].y);
}

/* A click in a box names its state; between boxes, none. */
static void
test_state_hit_test (void)
{
  SeqackStateRenderOptions o;
  cairo_rectangle_t area = { 0, 0, W, H };
  cairo_rectangle_t box;
  SeqackTcpState state;

  seqack_state_render_options_init (&o);
  for (SeqackTcpState s = 0; s < SEQACK_TCP_N_STATES; s++)
    {
      seqack_state_render_get_box (&area, &o, s, &box);
      g_assert_true (seqack_state_render_hit_test (&area, &o,
                                                   box.x + box.width / 2,
                                                   box.y + box.height / 2,
                                                   &state));
      g_assert_cmpint (state, ==, s);
    }
  /* Left of LISTEN, in the empty first column of its row. */
  seqack_state_render_get_box (&area, &o, SEQACK_TCP_LISTEN, &box);
  g_assert_false (seqack_state_render_hit_test (&area, &o, 5,
                                                box.y + box.height / 2,
                                                &state));
}

/* The edge just taken is drawn in the highlight color with its label; with
 * no edge, nothing is. An edge "from any state" (RST) is drawn too. */
static void
test_state_edge_highlight (void)
{
  SeqackStateRenderOptions o;
  const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_LIGHT);
  cairo_rectangle_t area = { 0, 0, W, H };
  cairo_rectangle_t a, b;
  cairo_surface_t *surface;
  double x0, y0, x1, y1;
  guint n_on = 0;

  seqack_state_render_options_init (&o);
  o.state = SEQACK_TCP_ESTABLISHED;
  surface = render (&o);
  g_assert_cmpuint (render_test_count (surface, 0, 0, W, H, &pal->edge_active,
                                       0.08), ==, 0);
  cairo_surface_destroy (surface);

  o.edge = SEQACK_TCP_EDGE_RCV_SYN_ACK;
  o.edge_label = "收到 SYN,ACK / 发送 ACK";
  surface = render (&o);
  /* Along the line from SYN-SENT down to ESTABLISHED. */
  seqack_state_render_get_box (&area, &o, SEQACK_TCP_SYN_SENT, &a);
  seqack_state_render_get_box (&area, &o, SEQACK_TCP_ESTABLISHED, &b);
  x0 = a.x + a.width / 2;
  y0 = a.y + a.height / 2;
  x1 = b.x + b.width / 2;
  y1 = b.y + b.height / 2;
  for (double t = 0.28; t <= 0.41; t += 0.025)
    {
      double px = x0 + t * (x1 - x0), py = y0 + t * (y1 - y0);

      n_on += render_test_count (surface, px - 3, py - 3, px + 3, py + 3,
                                 &pal->edge_active, 0.1) > 0;
    }
  g_assert_cmpuint (n_on, ==, 6);
  cairo_surface_destroy (surface);

  /* Without a label the table's is used: the pill is drawn either way. */
  o.edge_label = NULL;
  g_assert_nonnull (seqack_tcp_edge_info (SEQACK_TCP_EDGE_RCV_SYN_ACK)->label);
  o.edge = SEQACK_TCP_EDGE_RCV_RST;
  o.edge_from = SEQACK_TCP_ESTABLISHED;
  o.state = SEQACK_TCP_CLOSED;
  surface = render (&o);
  g_assert_cmpuint (render_test_count (surface, 0, 0, W, H, &pal->edge_active,
                                       0.08), >, 30);
  cairo_surface_destroy (surface);
}


static cairo_surface_t *
render_in (const SeqackStateRenderOptions *o,
           double                          w,
           double                          h)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         w, h);
  cairo_t *cr = cairo_create (surface);
  cairo_rectangle_t area = { 0, 0, w, h };

  seqack_state_render (cr, &area, o);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  return surface;
}

/* Leftmost and rightmost pixel of @color inside @box, 3 px in from its
 * border (the state's name). */
static void
ink_bounds (cairo_surface_t         *surface,
            const cairo_rectangle_t *box,
            const SeqackRgba        *color,
            double                  *left,
            double                  *right)
{
  int x0 = G_MAXINT, x1 = -1;

  for (int y = box->y + 3; y < box->y + box->height - 3; y++)
    for (int x = box->x + 3; x < box->x + box->width - 3; x++)
      if (render_test_color_near (render_test_pixel (surface, x + 0.5,
                                                     y + 0.5),
                                  color, 0.25))
        {
          x0 = MIN (x0, x);
          x1 = MAX (x1, x);
        }
  *left = x0;
  *right = x1;
}

static double
ink_width (cairo_surface_t         *surface,
           const cairo_rectangle_t *box,
           const SeqackRgba        *color)
{
  double x0, x1;

  ink_bounds (surface, box, color, &x0, &x1);
  return x1 >= x0 ? x1 - x0 + 1 : 0;
}

/* Presentation mode: with twice the scale (and the room for it) every
 * name is written twice as large, boxes grow to hold it; in a small area
 * the names shrink to fit inside their boxes rather than spill out. */
static void
test_state_text_scales (void)
{
  SeqackStateRenderOptions o;
  const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_LIGHT);
  cairo_rectangle_t area1 = { 0, 0, 420, 560 }, area2 = { 0, 0, 840, 1120 };
  cairo_rectangle_t area3 = { 0, 0, 300, 360 };
  cairo_rectangle_t box1, box2, box;
  cairo_surface_t *small, *large, *narrow;
  double w1, w2, x0, x1;

  seqack_state_render_options_init (&o);
  o.state = SEQACK_TCP_LISTEN;
  small = render_in (&o, area1.width, area1.height);
  seqack_state_render_get_box (&area1, &o, SEQACK_TCP_ESTABLISHED, &box1);
  w1 = ink_width (small, &box1, &pal->foreground);

  o.scale = 2.0;
  large = render_in (&o, area2.width, area2.height);
  seqack_state_render_get_box (&area2, &o, SEQACK_TCP_ESTABLISHED, &box2);
  w2 = ink_width (large, &box2, &pal->foreground);
  g_test_message ("ESTABLISHED: %.0f px at scale 1, %.0f px at scale 2",
                  w1, w2);
  g_assert_cmpfloat (w1, >, 60);
  g_assert_cmpfloat (w2 / w1, >, 1.85);
  g_assert_cmpfloat (w2 / w1, <, 2.15);

  /* The widest name of a crowded row still fits its box. */
  o.scale = 1.6;
  narrow = render_in (&o, area3.width, area3.height);
  for (SeqackTcpState st = 0; st < SEQACK_TCP_N_STATES; st++)
    {
      seqack_state_render_get_box (&area3, &o, st, &box);
      if (st == o.state)
        continue;  /* its thick border is the text's color */
      g_assert_cmpfloat (box.x, >=, 0);
      g_assert_cmpfloat (box.x + box.width, <=, area3.width);
      /* The name's ink stays clear of the box's sides. */
      ink_bounds (narrow, &box, &pal->foreground, &x0, &x1);
      g_assert_cmpfloat (x1, >, x0);
      g_assert_cmpfloat (x0, >, box.x + 4);
      g_assert_cmpfloat (x1, <, box.x + box.width - 5);
    }

  cairo_surface_destroy (small);
  cairo_surface_destroy (large);
  cairo_surface_destroy (narrow);
}

/* The label of the edge just taken sits beside it and covers no state
 * box, in a roomy area and in the cramped one of the window's columns. */
static void
test_state_label_clear (void)
{
  static const struct
  {
    SeqackTcpEdge  edge;
    SeqackTcpState state;
    const char    *label;
  } cases[] = {
    { SEQACK_TCP_EDGE_FIN_WAIT_2_RCV_FIN, SEQACK_TCP_TIME_WAIT,
      "收到 FIN / 发送 ACK" },
    { SEQACK_TCP_EDGE_FIN_WAIT_2_RCV_FIN, SEQACK_TCP_TIME_WAIT,
      "rcv FIN / snd ACK" },
    { SEQACK_TCP_EDGE_CLOSE_WAIT_CLOSE, SEQACK_TCP_LAST_ACK,
      "CLOSE / snd FIN" },
    { SEQACK_TCP_EDGE_TIME_WAIT_TIMEOUT, SEQACK_TCP_CLOSED,
      "timeout=2MSL" },
    { SEQACK_TCP_EDGE_RCV_SYN, SEQACK_TCP_SYN_RECEIVED,
      "rcv SYN / snd SYN,ACK" },
  };
  static const struct
  {
    double w, h, scale;
  } areas[] = {
    { 420, 560, 1.0 },
    { 420, 560, 1.6 },
    { 300, 360, 1.0 },
    { 340, 300, 1.3 },
  };
  const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_LIGHT);

  for (guint a = 0; a < G_N_ELEMENTS (areas); a++)
    for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
      {
        SeqackStateRenderOptions o;
        cairo_rectangle_t area = { 0, 0, areas[a].w, areas[a].h };
        cairo_surface_t *surface;
        guint n_pill;

        seqack_state_render_options_init (&o);
        o.scale = areas[a].scale;
        o.state = cases[c].state;
        o.edge = cases[c].edge;
        o.edge_label = cases[c].label;
        surface = render_in (&o, area.width, area.height);

        /* The pill's border is drawn... */
        n_pill = render_test_count (surface, 0, 0, area.width, area.height,
                                    &pal->edge_active, 0.08);
        g_assert_cmpuint (n_pill, >, 60);
        /* ...and none of it inside any box. */
        for (guint st = 0; st <= SEQACK_TCP_N_STATES; st++)
          {
            cairo_rectangle_t box;
            double m = 3 * o.scale;

            if (st < SEQACK_TCP_N_STATES)
              seqack_state_render_get_box (&area, &o, st, &box);
            else
              {
                cairo_rectangle_t right, closed;

                /* The second CLOSED box: as wide as the first, in
                 * TIME-WAIT's row, in the right column under LAST-ACK. */
                seqack_state_render_get_box (&area, &o, SEQACK_TCP_TIME_WAIT,
                                             &box);
                seqack_state_render_get_box (&area, &o, SEQACK_TCP_LAST_ACK,
                                             &right);
                seqack_state_render_get_box (&area, &o, SEQACK_TCP_CLOSED,
                                             &closed);
                box.x = right.x + right.width / 2 - closed.width / 2;
                box.width = closed.width;
              }
            if (render_test_count (surface, box.x + m, box.y + m,
                                   box.x + box.width - m,
                                   box.y + box.height - m,
                                   &pal->edge_active, 0.08) != 0)
              g_error ("label “%s” covers box %u in %gx%g at scale %g",
                       cases[c].label, st, area.width, area.height,
                       o.scale);
          }
        cairo_surface_destroy (surface);
      }
}

/* The boxes of all eleven states (the second CLOSED last) in @area. */
static void
all_boxes (const cairo_rectangle_t        *area,
           const SeqackStateRenderOptions *o,
           cairo_rectangle_t               boxes[SEQACK_TCP_N_STATES + 1])
{
  cairo_rectangle_t right, closed;

  for (guint st = 0; st < SEQACK_TCP_N_STATES; st++)
    seqack_state_render_get_box (area, o, st, &boxes[st]);
  /* The second CLOSED box: as wide as the first, in TIME-WAIT's row, in
   * the right column under LAST-ACK. */
  boxes[SEQACK_TCP_N_STATES] = boxes[SEQACK_TCP_TIME_WAIT];
  right = boxes[SEQACK_TCP_LAST_ACK];
  closed = boxes[SEQACK_TCP_CLOSED];
  boxes[SEQACK_TCP_N_STATES].x = right.x + right.width / 2 - closed.width / 2;
  boxes[SEQACK_TCP_N_STATES].width = closed.width;
}

/* Every edge of the figure, highlighted with its own label, in the areas
 * the window gives its state machines (a side column from 250 to 308 px
 * at text size 1 and 1.2, presentation mode's strips under the diagram)
 * and in a roomy export: the label's pill lies inside the area and
 * overlaps no state box. */
static void
test_state_labels_avoid_boxes (void)
{
  static const struct
  {
    double w, h, scale;
  } areas[] = {
    { 226, 300, 1.0 },
    { 284, 330, 1.0 },
    { 284, 330, 1.2 },
    { 340, 400, 1.2 },
    { 420, 560, 1.0 },
    { 600, 260, 1.6 },
    { 480, 240, 1.6 },
  };
  guint n_checked = 0;

  for (guint a = 0; a < G_N_ELEMENTS (areas); a++)
    for (guint e = 1; e < SEQACK_TCP_N_EDGES; e++)
      {
        const SeqackTcpEdgeInfo *info = seqack_tcp_edge_info (e);
        SeqackStateRenderOptions o;
        cairo_rectangle_t area = { 0, 0, areas[a].w, areas[a].h };
        cairo_rectangle_t boxes[SEQACK_TCP_N_STATES + 1], pill;
        cairo_surface_t *surface;

        if (info == NULL || !info->rfc_figure ||
            info->from >= SEQACK_TCP_N_STATES || info->label == NULL)
          continue;
        seqack_state_render_options_init (&o);
        o.scale = areas[a].scale;
        o.state = info->to;
        o.edge = e;
        o.edge_label_box = &pill;
        surface = render_in (&o, area.width, area.height);
        cairo_surface_destroy (surface);
        all_boxes (&area, &o, boxes);

        g_assert_cmpfloat (pill.width, >, 0);
        g_assert_cmpfloat (pill.x, >=, area.x - 0.5);
        g_assert_cmpfloat (pill.y, >=, area.y - 0.5);
        g_assert_cmpfloat (pill.x + pill.width, <=, area.width + 0.5);
        g_assert_cmpfloat (pill.y + pill.height, <=, area.height + 0.5);
        for (guint st = 0; st <= SEQACK_TCP_N_STATES; st++)
          {
            const cairo_rectangle_t *b = &boxes[st];
            double ow = MIN (pill.x + pill.width, b->x + b->width)
                        - MAX (pill.x, b->x);
            double oh = MIN (pill.y + pill.height, b->y + b->height)
                        - MAX (pill.y, b->y);

            if (ow > 0.5 && oh > 0.5)
              g_error ("the label “%s” (%s → %s) at %.0f,%.0f %.0f×%.0f "
                       "covers %.0f×%.0f px of box %u in %g×%g at scale %g",
                       info->label, seqack_tcp_state_name (info->from),
                       seqack_tcp_state_name (info->to), pill.x, pill.y,
                       pill.width, pill.height, ow, oh, st, area.width,
                       area.height, o.scale);
          }
        n_checked++;
      }
  g_assert_cmpuint (n_checked, >=, 7 * 15);
}

static const char *
translate (const char *msgid)
{
  return dgettext (GETTEXT_PACKAGE, msgid);
}

static gboolean
rects_overlap (const cairo_rectangle_t *a,
               const cairo_rectangle_t *b)
{
  return MIN (a->x + a->width, b->x + b->width) - MAX (a->x, b->x) > 0.5
         && MIN (a->y + a->height, b->y + b->height) - MAX (a->y, b->y) > 0.5;
}

static gboolean
rect_inside (const cairo_rectangle_t *r,
             const cairo_rectangle_t *area)
{
  return r->x >= area->x - 0.5 && r->y >= area->y - 0.5
         && r->x + r->width <= area->x + area->width + 0.5
         && r->y + r->height <= area->y + area->height + 0.5;
}

/* The areas the window gives its state machines, measured under Xvfb at
 * 1024×768, 1280×720, 1366×768 and 1920×1080 in English and Chinese: a
 * side column is 288×226 at text size 1, 318×249 at 1.1, 349×272 (331
 * at 1024 px) at 1.2; presentation mode stacks the two machines beside
 * the diagram at presentation-scale 1.6, 460 px wide in English and 417
 * in Chinese (half the diagram's width), 317 to 498 px high. */
static const struct
{
  double      w, h, scale, text_scale;
  const char *lang;  /* NULL: both */
} app_areas[] = {
  { 288, 226, 1.0, 1.0, NULL },
  { 318, 249, 1.0, 1.1, NULL },
  { 349, 272, 1.0, 1.2, NULL },
  { 331, 272, 1.0, 1.2, NULL },
  { 460, 318, 1.6, 1.0, "en" },
  { 460, 342, 1.6, 1.0, "en" },
  { 460, 498, 1.6, 1.0, "en" },
  { 417, 317, 1.6, 1.0, "zh_CN" },
  { 417, 341, 1.6, 1.0, "zh_CN" },
  { 417, 497, 1.6, 1.0, "zh_CN" },
};

/* Every labelled edge, from every state it can be taken from, with its
 * label in the catalog's language, with the title "Client" or "Server"
 * in its corner: no label or title overlaps a state box, the label does
 * not overlap the title, all lie inside the area, and the text keeps the
 * names' size. */
static void
labels_clear_in_app_areas (const char *lang)
{
  const char *titles[] = { _("Client"), _("Server") };
  guint n_checked = 0, n_failed = 0;

  for (guint a = 0; a < G_N_ELEMENTS (app_areas); a++)
    for (guint e = 1; e < SEQACK_TCP_N_EDGES; e++)
      for (SeqackTcpState from = 0; from < SEQACK_TCP_N_STATES; from++)
        for (guint side = 0; side < 2; side++)
          {
            const SeqackTcpEdgeInfo *info = seqack_tcp_edge_info (e);
            SeqackStateRenderOptions o;
            SeqackStateRenderLayout l;
            cairo_rectangle_t area = { 0, 0, app_areas[a].w,
                                       app_areas[a].h };
            cairo_rectangle_t drawn, stroke;
            cairo_surface_t *surface;
            g_autofree char *what = NULL;
            GString *faults;

            if (app_areas[a].lang != NULL
                && strcmp (app_areas[a].lang, lang) != 0)
              continue;
            if (info == NULL || info->label == NULL
                || (info->from < SEQACK_TCP_N_STATES && info->from != from)
                || from == info->to)
              continue;
            faults = g_string_new (NULL);
            seqack_state_render_options_init (&o);
            o.scale = app_areas[a].scale;
            o.text_scale = app_areas[a].text_scale;
            o.state = info->to;
            o.edge = e;
            o.edge_from = from;
            o.translate = translate;
            /* The server's title in the right corner, as the window
             * draws it. */
            o.title = titles[side];
            o.title_at_end = side == 1;
            seqack_state_render_get_layout (&area, &o, &l);
            what = g_strdup_printf ("%s: “%s” (%s → %s) at %.0f,%.0f "
                                    "%.0f×%.0f, %.1f px, in %.0f×%.0f at "
                                    "scale %g × text %g", lang,
                                    translate (info->label),
                                    seqack_tcp_state_name (from),
                                    seqack_tcp_state_name (info->to),
                                    l.label.x, l.label.y, l.label.width,
                                    l.label.height, l.label_px, area.width,
                                    area.height, o.scale, o.text_scale);

            g_assert_cmpfloat (l.title.width, >, 0);
            g_assert_cmpfloat (l.label.width, >, 0);
            g_assert_true (rect_inside (&l.title, &area));
            g_assert_cmpfloat (l.title_px, >=, l.font_px - 0.01);
            if (!rect_inside (&l.label, &area))
              g_string_append (faults, " leaves the area;");
            /* As large as the names, or where they had to shrink (text
             * size 1.2 in a 1024 px window's column), as the smallest text
             * the back row reads. */
            if (l.label_px < MIN (l.font_px, SEQACK_RENDER_TEXT_MIN_PX
                                               * o.scale) - 0.01)
              g_string_append (faults, " is too small;");
            /* The pill's border is drawn on its edge, half outside. */
            stroke = l.label;
            stroke.x -= o.scale * o.text_scale;
            stroke.y -= o.scale * o.text_scale;
            stroke.width += 2 * o.scale * o.text_scale;
            stroke.height += 2 * o.scale * o.text_scale;
            if (rects_overlap (&stroke, &l.title))
              g_string_append (faults, " covers the title;");
            for (guint b = 0; b <= SEQACK_TCP_N_STATES; b++)
              {
                g_assert_true (rect_inside (&l.boxes[b], &area));
                g_assert_false (rects_overlap (&l.title, &l.boxes[b]));
                if (rects_overlap (&stroke, &l.boxes[b]))
                  g_string_append_printf (faults, " covers %s;",
                                          b < SEQACK_TCP_N_STATES
                                            ? seqack_tcp_state_name (b)
                                            : "the second CLOSED");
              }
            if (faults->len > 0)
              {
                g_printerr ("# %s:%s\n", what, faults->str);
                n_failed++;
              }
            g_string_free (faults, TRUE);

            /* What is drawn is what the layout says (one case in five:
             * drawing them all takes long). */
            if (n_checked % 5 != 0)
              {
                n_checked++;
                continue;
              }
            o.edge_label_box = &drawn;
            surface = render_in (&o, ceil (area.width), ceil (area.height));
            cairo_surface_destroy (surface);
            g_assert_cmpfloat (fabs (drawn.x - l.label.x), <, 0.01);
            g_assert_cmpfloat (fabs (drawn.y - l.label.y), <, 0.01);
            g_assert_cmpfloat (fabs (drawn.width - l.label.width), <, 0.01);
            n_checked++;
          }
  g_test_message ("%s: %u labels checked, %u not clear", lang, n_checked,
                  n_failed);
  g_assert_cmpuint (n_checked, >=, 2 * 7 * 70);
  g_assert_cmpuint (n_failed, ==, 0);
}

static void
test_state_labels_clear_en (void)
{
  labels_clear_in_app_areas ("en");
}

/* Fontconfig picks the face for "Sans" (Noto Sans CJK in Chinese, with
 * its own Latin letters) from the environment's locale when it starts:
 * the Chinese case runs in a process of its own started in zh_CN. */
static void
test_state_labels_clear_zh (void)
{
  if (!g_test_subprocess ())
    {
      g_autofree char *old = g_strdup (g_getenv ("LC_ALL"));
      g_autofree char *old_language = g_strdup (g_getenv ("LANGUAGE"));

      if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
        {
          g_test_skip ("no zh_CN.UTF-8 locale");
          return;
        }
      setlocale (LC_ALL, "C.UTF-8");
      g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
      /* gettext reads LANGUAGE before the locale. */
      if (old_language != NULL)
        g_setenv ("LANGUAGE", "zh_CN", TRUE);
      g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT
                                       | G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_setenv ("LC_ALL", old != NULL ? old : "C.UTF-8", TRUE);
      if (old_language != NULL)
        g_setenv ("LANGUAGE", old_language, TRUE);
      g_test_trap_assert_passed ();
      return;
    }
  setlocale (LC_ALL, "zh_CN.UTF-8");
  /* The catalog is there: the Chinese labels are what is laid out. */
  g_assert_cmpstr (translate ("rcv FIN / snd ACK"), ==, "收 FIN / 发 ACK");
  labels_clear_in_app_areas ("zh_CN");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, SEQACK_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/state/current-filled", test_state_current_filled);
  g_test_add_func ("/render/state/figure-layout", test_state_figure_layout);
  g_test_add_func ("/render/state/hit-test", test_state_hit_test);
  g_test_add_func ("/render/state/edge-highlight", test_state_edge_highlight);
  g_test_add_func ("/render/state/text-scales", test_state_text_scales);
  g_test_add_func ("/render/state/label-clear", test_state_label_clear);
  g_test_add_func ("/render/state/labels-avoid-boxes",
                   test_state_labels_avoid_boxes);
  g_test_add_func ("/render/state/labels-clear-en",
                   test_state_labels_clear_en);
  g_test_add_func ("/render/state/labels-clear-zh",
                   test_state_labels_clear_zh);

  return g_test_run ();
}
