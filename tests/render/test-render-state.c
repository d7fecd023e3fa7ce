/* test-render-state.c: the RFC 9293 Figure 5 state diagram. */
#include "render-test-util.h"
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/state/current-filled", test_state_current_filled);
  g_test_add_func ("/render/state/figure-layout", test_state_figure_layout);
  g_test_add_func ("/render/state/hit-test", test_state_hit_test);
  g_test_add_func ("/render/state/edge-highlight", test_state_edge_highlight);

  return g_test_run ();
}
