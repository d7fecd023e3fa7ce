/* test-render-sequence.c: what the sequence diagram paints, checked in
 * pixels of a cairo image surface. *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "render-test-util.h"
#include "seqack-sequence-layout.h"
#include "seqack-sequence-render.h"

#define WIDTH 900

typedef struct
{
  SeqackLab                  *lab;
  SeqackTrace                *trace;
  SeqackSequenceLayout       *layout;
  SeqackSequenceRenderOptions options;
  cairo_surface_t            *surface;
  const SeqackPalette        *pal;
} Picture;

/* Renders the whole diagram of a scenario into one tall image. */
static void
picture_init (Picture    *p,
              const char *scenario)
{
  cairo_t *cr;

  p->lab = render_test_run_scenario (scenario);
  p->trace = seqack_lab_get_trace (p->lab);
  p->layout = seqack_sequence_layout_new (p->trace);
  seqack_sequence_render_options_init (&p->options);
  p->options.width = WIDTH;
  p->options.height = seqack_sequence_render_get_header_height (&p->options)
                      + seqack_sequence_render_get_content_height (p->layout,
                                                                   &p->options);
  p->pal = seqack_palette_get (p->options.scheme);
  p->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH,
                                           (int) ceil (p->options.height));
  cr = cairo_create (p->surface);
  seqack_sequence_render (cr, p->layout, &p->options);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
}

static void
picture_rerender (Picture *p)
{
  cairo_t *cr = cairo_create (p->surface);

  cairo_set_source_rgb (cr, 1, 0, 1);
  cairo_paint (cr);
  seqack_sequence_render (cr, p->layout, &p->options);
  cairo_destroy (cr);
}

static void
picture_clear (Picture *p)
{
  cairo_surface_destroy (p->surface);
  seqack_sequence_layout_free (p->layout);
  seqack_lab_free (p->lab);
}

/* Along the first SYN, between its computed endpoints, the pixels are the
 * SYN color; between rows no arrow crosses, the diagram is background. */
static void
test_sequence_syn_arrow (void)
{
  Picture p;
  guint syn;
  double x0, y0, x1, y1;
  guint on = 0, samples = 0;

  picture_init (&p, "hello-goodbye");
  syn = render_test_find_segment (p.trace, 0, SEQACK_TCP_SYN,
                                  SEQACK_FATE_DELIVERED);
  g_assert_true (seqack_sequence_render_get_arrow (p.layout, &p.options, syn,
                                                   &x0, &y0, &x1, &y1));
  /* Client on the left, server on the right, slanted downwards. */
  g_assert_cmpfloat (x0, ==, seqack_sequence_render_get_timeline_x (&p.options, SEQACK_CLIENT));
  g_assert_cmpfloat (x1, ==, seqack_sequence_render_get_timeline_x (&p.options, SEQACK_SERVER));
  g_assert_cmpfloat (y1, >, y0);

  for (double t = 0.05; t < 0.93; t += 0.01)
    {
      samples++;
      if (render_test_color_near (render_test_pixel (p.surface,
                                                     x0 + t * (x1 - x0),
                                                     y0 + t * (y1 - y0)),
                                  &p.pal->syn, 0.12))
        on++;
    }
  g_assert_cmpuint (on, ==, samples);

  /* The head: SYN-colored pixels fill the triangle before the tip. */
  g_assert_cmpuint (render_test_count (p.surface, x1 - 12, y1 - 5, x1 - 1,
                                       y1 + 5, &p.pal->syn, 0.12), >, 25);

  /* Row 0 (LISTEN) has no arrow across the middle; the SYN leaves from
   * row 1, which SYN-SENT shares. */
  g_assert_cmpfloat (y0, ==, seqack_sequence_render_get_row_y (&p.options, 1));
  g_assert_cmpuint (render_test_count (p.surface, x0 + 20,
                                       seqack_sequence_render_get_row_y (&p.options, 0) - 10,
                                       x1 - 20,
                                       seqack_sequence_render_get_row_y (&p.options, 0) + 10,
                                       &p.pal->background, 0.01),
                    ==, (guint) ((x1 - 20) - (x0 + 20)) * 20);
  picture_clear (&p);
}

/* A state change at an arrival instant is drawn on the arrival's row:
 * the SYN-RCVD badge beside the head of the SYN, outside the ladder, and
 * nothing of it a row above or below. The client's ESTABLISHED likewise
 * beside the SYN-ACK's head. */
static void
test_sequence_state_on_arrival_row (void)
{
  Picture p;
  const struct
  {
    guint8         flags;
    SeqackSide     to;
    SeqackTcpState state;
  } cases[] = {
    { SEQACK_TCP_SYN, SEQACK_SERVER, SEQACK_TCP_SYN_RECEIVED },
    { SEQACK_TCP_SYN | SEQACK_TCP_ACK, SEQACK_CLIENT, SEQACK_TCP_ESTABLISHED },
  };
  double row_h;

  picture_init (&p, "hello-goodbye");
  row_h = seqack_sequence_render_get_row_height (&p.options);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const SeqackRgba *fill =
        &p.pal->state_fill[seqack_state_group (cases[i].state)];
      guint seg = render_test_find_segment (p.trace, 0, cases[i].flags,
                                            SEQACK_FATE_DELIVERED);
      double x0, y0, x1, y1, bx0, bx1;
      guint on_row, above, below;

      g_assert_true (seqack_sequence_render_get_arrow (p.layout, &p.options,
                                                       seg, &x0, &y0, &x1,
                                                       &y1));
      /* The state column beside the arrow's head. */
      bx0 = cases[i].to == SEQACK_SERVER ? x1 + 14 : x1 - 60;
      bx1 = cases[i].to == SEQACK_SERVER ? x1 + 60 : x1 - 14;
      on_row = render_test_count (p.surface, bx0, y1 - 6, bx1, y1 + 6, fill,
                                  0.03);
      above = render_test_count (p.surface, bx0, y1 - row_h - 6, bx1,
                                 y1 - row_h + 6, fill, 0.03);
      below = render_test_count (p.surface, bx0, y1 + row_h - 6, bx1,
                                 y1 + row_h + 6, fill, 0.03);
      if (g_test_verbose ())
        g_test_message ("%s: %u badge pixels on the arrival row, %u above, "
                        "%u below", seqack_tcp_state_name (cases[i].state),
                        on_row, above, below);
      /* Most of the column is the pill (its name is the rest). */
      g_assert_cmpuint (on_row, >, 46 * 12 / 3);
      g_assert_cmpuint (above, ==, 0);
      g_assert_cmpuint (below, ==, 0);
      /* Clear of the arrow's head: nothing of the badge between the
       * lifeline the head touches and the state column. */
      g_assert_cmpuint (render_test_count (p.surface,
                                           cases[i].to == SEQACK_SERVER
                                             ? x1 + 2 : x1 - 10,
                                           y1 - 6,
                                           cases[i].to == SEQACK_SERVER
                                             ? x1 + 10 : x1 - 2,
                                           y1 + 6, fill, 0.03), ==, 0);
    }
  picture_clear (&p);
}

/* The state names fit beside the lifelines of a 1280×720 window's
 * diagram (about 640 px), not in a narrow one (the lessons open, a 4:3
 * projector, presentation mode there): a view lays out accordingly. */
static void
test_sequence_state_names_fit (void)
{
  SeqackSequenceRenderOptions o;

  seqack_sequence_render_options_init (&o);
  o.width = 640;
  o.height = 400;
  g_assert_true (seqack_sequence_render_state_names_fit (&o));
  o.width = 400;
  g_assert_false (seqack_sequence_render_state_names_fit (&o));
  /* Without state columns no name is written beside the lifelines. */
  o.state_columns = FALSE;
  g_assert_true (seqack_sequence_render_state_names_fit (&o));
  o.state_columns = TRUE;
  /* Presentation mode on a 1280×720 projector: 24 px names. */
  o.width = 700;
  o.scale = 1.6;
  g_assert_false (seqack_sequence_render_state_names_fit (&o));
  o.width = 1400;
  g_assert_true (seqack_sequence_render_state_names_fit (&o));
}

/* The lost final ACK ends in a red ✕ mid-wire and never reaches the
 * server. */
static void
test_sequence_lost_segment (void)
{
  Picture p;
  guint lost;
  double x0, y0, x1, y1, mx, my;

  picture_init (&p, "lost-final-ack");
  lost = render_test_find_segment (p.trace, 0, SEQACK_TCP_ACK,
                                   SEQACK_FATE_LOST);
  g_assert_cmpuint (lost, !=, G_MAXUINT);
  g_assert_true (seqack_sequence_render_get_arrow (p.layout, &p.options,
                                                   lost, &x0, &y0, &x1, &y1));
  mx = (x0 + x1) / 2;
  my = (y0 + y1) / 2;
  g_assert_cmpuint (render_test_count (p.surface, mx - 10, my - 10, mx + 10,
                                       my + 10, &p.pal->lost, 0.1), >, 40);
  /* The two strokes of the ✕ cross at the midpoint. */
  g_assert_true (render_test_color_near (render_test_pixel (p.surface, mx, my),
                                         &p.pal->lost, 0.1));
  /* Nothing of the ACK beyond the ✕: no ACK color, no head. */
  g_assert_cmpuint (render_test_count (p.surface, x1 - 30, y1 - 6, x1 - 2,
                                       y1 + 6, &p.pal->ack, 0.1), ==, 0);
  /* The segments before it that arrived have no ✕ on them. */
  g_assert_true (seqack_sequence_render_get_arrow (p.layout, &p.options,
                                                   lost - 1 > 0 ?
                                                   render_test_find_segment (p.trace, 0, SEQACK_TCP_SYN, SEQACK_FATE_DELIVERED) : 0,
                                                   &x0, &y0, &x1, &y1));
  mx = (x0 + x1) / 2;
  my = (y0 + y1) / 2;
  g_assert_cmpuint (render_test_count (p.surface, mx - 10, my - 10, mx + 10,
                                       my + 10, &p.pal->lost, 0.1), ==, 0);
  picture_clear (&p);
}

/* TIME-WAIT: a band along the client's timeline from the row entering it
 * to the row leaving it, with "60.000 s" written beside it. */
static void
test_sequence_time_wait_band (void)
{
  Picture p;
  const SeqackSequenceSpan *span;
  SeqackRgba band;
  double x, ya, yb, row_h;
  guint inside, outside;

  picture_init (&p, "hello-goodbye");
  g_assert_cmpuint (seqack_sequence_layout_get_n_spans (p.layout), ==, 1);
  span = seqack_sequence_layout_get_span (p.layout, 0);
  band = render_test_over (&p.pal->time_wait_band, &p.pal->background);
  x = seqack_sequence_render_get_timeline_x (&p.options, span->side);
  ya = seqack_sequence_render_get_row_y (&p.options, span->row_start);
  yb = seqack_sequence_render_get_row_y (&p.options, span->row_end);
  row_h = seqack_sequence_render_get_row_height (&p.options);

  /* Beside the timeline's stroke, inside the 10 px band, on every row the
   * band covers but the compressed wait's. */
  inside = 0;
  for (guint r = span->row_start; r < span->row_end; r++)
    {
      SeqackSequenceRow row;
      double y = seqack_sequence_render_get_row_y (&p.options, r) + row_h / 4;

      seqack_sequence_layout_get_row (p.layout, r, &row);
      if (row.kind == SEQACK_ROW_WAIT)
        continue;
      g_assert_true (render_test_color_near (render_test_pixel (p.surface, x + 3, y),
                                             &band, 0.06));
      inside++;
    }
  g_assert_cmpuint (inside, >=, 3);
  /* Not before it starts nor after it ends. */
  outside = render_test_count (p.surface, x + 2, ya - 2 * row_h, x + 5,
                               ya - 8, &band, 0.06)
            + render_test_count (p.surface, x + 2, yb + 8, x + 5,
                                 yb + 2 * row_h, &band, 0.06);
  g_assert_cmpuint (outside, ==, 0);
  /* The server's timeline has no band. */
  g_assert_cmpuint (render_test_count (p.surface,
                                       seqack_sequence_render_get_timeline_x (&p.options, SEQACK_SERVER) + 2,
                                       ya, seqack_sequence_render_get_timeline_x (&p.options, SEQACK_SERVER) + 5,
                                       yb, &band, 0.06), ==, 0);
  /* Its duration is written in the state column beside it. */
  g_assert_cmpuint (render_test_count (p.surface, x - 130, ya + row_h - 9,
                                       x - 12, ya + row_h + 9,
                                       &p.pal->foreground, 0.2), >, 30);
  picture_clear (&p);
}

/* Scrubbing: shown up to an event, the SYN in flight is drawn partly with
 * a dot at its head; the rest of the diagram is not drawn. */
static void
test_sequence_scrub_in_flight (void)
{
  Picture p;
  guint syn;
  double x0, y0, x1, y1;

  picture_init (&p, "hello-goodbye");
  syn = render_test_find_segment (p.trace, 0, SEQACK_TCP_SYN,
                                  SEQACK_FATE_DELIVERED);
  seqack_sequence_render_get_arrow (p.layout, &p.options, syn, &x0, &y0, &x1,
                                    &y1);
  p.options.n_shown = syn + 1;
  p.options.flight_fraction = 0.5;
  picture_rerender (&p);

  g_assert_true (render_test_color_near (render_test_pixel (p.surface,
                                                            x0 + 0.25 * (x1 - x0),
                                                            y0 + 0.25 * (y1 - y0)),
                                         &p.pal->syn, 0.12));
  /* The dot at the head. */
  g_assert_cmpuint (render_test_count (p.surface, (x0 + x1) / 2 - 4,
                                       (y0 + y1) / 2 - 4, (x0 + x1) / 2 + 4,
                                       (y0 + y1) / 2 + 4, &p.pal->syn, 0.12),
                    >, 40);
  /* Not yet arrived: background where the rest of the arrow would be. */
  g_assert_true (render_test_color_near (render_test_pixel (p.surface,
                                                            x0 + 0.8 * (x1 - x0),
                                                            y0 + 0.8 * (y1 - y0)),
                                         &p.pal->background, 0.02));
  /* The SYN,ACK is not drawn at all. */
  g_assert_cmpuint (render_test_count (p.surface, x0 + 20, y1 + 10, x1 - 20,
                                       p.options.height, &p.pal->syn, 0.12),
                    ==, 0);

  /* In virtual time: a quarter of the way at now = t + 5 ms of 20 ms. */
  p.options.flight_fraction = -1;
  p.options.now = seqack_trace_get_event (p.trace, syn)->t + 5000;
  picture_rerender (&p);
  g_assert_true (render_test_color_near (render_test_pixel (p.surface,
                                                            x0 + 0.15 * (x1 - x0),
                                                            y0 + 0.15 * (y1 - y0)),
                                         &p.pal->syn, 0.12));
  g_assert_true (render_test_color_near (render_test_pixel (p.surface,
                                                            x0 + 0.45 * (x1 - x0),
                                                            y0 + 0.45 * (y1 - y0)),
                                         &p.pal->background, 0.02));
  picture_clear (&p);
}

/* Clicking an arrow (or its label) gives its segment; empty space gives
 * nothing; events not shown are not hit. */
static void
test_sequence_hit_test (void)
{
  Picture p;
  guint syn, state;
  double x0, y0, x1, y1;

  picture_init (&p, "hello-goodbye");
  syn = render_test_find_segment (p.trace, 0, SEQACK_TCP_SYN,
                                  SEQACK_FATE_DELIVERED);
  seqack_sequence_render_get_arrow (p.layout, &p.options, syn, &x0, &y0, &x1,
                                    &y1);
  g_assert_cmpuint (seqack_sequence_render_hit_test (p.layout, &p.options,
                                                     x0 + 0.3 * (x1 - x0),
                                                     y0 + 0.3 * (y1 - y0) + 3),
                    ==, syn);
  /* On its label, just above the middle. */
  g_assert_cmpuint (seqack_sequence_render_hit_test (p.layout, &p.options,
                                                     (x0 + x1) / 2,
                                                     (y0 + y1) / 2 - 12),
                    ==, syn);
  g_assert_cmpuint (seqack_sequence_render_hit_test (p.layout, &p.options,
                                                     (x0 + x1) / 2,
                                                     seqack_sequence_render_get_row_y (&p.options, 0)),
                    ==, SEQACK_NO_EVENT);
  /* The header is not the diagram. */
  g_assert_cmpuint (seqack_sequence_render_hit_test (p.layout, &p.options,
                                                     x0, 5),
                    ==, SEQACK_NO_EVENT);
  /* A state name beside the client's timeline. */
  state = render_test_find_state (p.trace, SEQACK_CLIENT, SEQACK_TCP_CLOSED,
                                  SEQACK_TCP_SYN_SENT);
  {
    guint row;

    seqack_sequence_layout_get_event_rows (p.layout, state, &row, NULL);
    g_assert_cmpuint (seqack_sequence_render_hit_test (p.layout, &p.options,
                                                       x0 - 40,
                                                       seqack_sequence_render_get_row_y (&p.options, row)),
                      ==, state);
  }
  p.options.n_shown = syn;
  g_assert_cmpuint (seqack_sequence_render_hit_test (p.layout, &p.options,
                                                     x0 + 0.3 * (x1 - x0),
                                                     y0 + 0.3 * (y1 - y0)),
                    ==, SEQACK_NO_EVENT);
  picture_clear (&p);
}

/* A viewport scrolled into a long trace paints only what is in it, and the
 * same pixels as the same rows in a taller picture. */
static void
test_sequence_viewport (void)
{
  g_autoptr (SeqackTrace) trace = render_test_synthetic_trace (2000, 50000);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  SeqackSequenceRenderOptions o;
  cairo_surface_t *surface;
  cairo_t *cr;
  double row_h, x0, y0, x1, y1;
  guint event, hit;

  seqack_sequence_render_options_init (&o);
  o.width = WIDTH;
  o.height = 600;
  row_h = seqack_sequence_render_get_row_height (&o);
  o.scroll_y = 3000 * row_h;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, 600);
  cr = cairo_create (surface);
  seqack_sequence_render (cr, layout, &o);
  cairo_destroy (cr);

  /* Row 3000 sits at the top of the rows area; its segment's arrow is
   * drawn and can be clicked. */
  g_assert_cmpfloat (fabs (seqack_sequence_render_get_row_y (&o, 3000)
                           - (seqack_sequence_render_get_header_height (&o)
                              + row_h / 2)), <, 1e-6);
  {
    SeqackSequenceRow row;
    guint r = 3002;

    do
      g_assert_true (seqack_sequence_layout_get_row (layout, r++, &row));
    while (row.kind != SEQACK_ROW_SEND);
    event = row.event;
  }
  g_assert_true (seqack_sequence_render_get_arrow (layout, &o, event, &x0,
                                                   &y0, &x1, &y1));
  g_assert_cmpfloat (y0, >, seqack_sequence_render_get_header_height (&o));
  g_assert_cmpfloat (y1, <, 600);
  hit = seqack_sequence_render_hit_test (layout, &o, x0 + 0.2 * (x1 - x0),
                                         y0 + 0.2 * (y1 - y0));
  g_assert_cmpuint (hit, ==, event);
  {
    const SeqackEvent *ev = seqack_trace_get_event (trace, event);
    const SeqackRgba *color = seqack_palette_segment_color (seqack_palette_get (o.scheme),
                                                            ev->flags, ev->number);

    g_assert_true (render_test_color_near (render_test_pixel (surface,
                                                              x0 + 0.2 * (x1 - x0),
                                                              y0 + 0.2 * (y1 - y0)),
                                           color, 0.12));
  }
  /* The header is pinned: the server's title and badge are painted. */
  g_assert_cmpuint (render_test_count (surface, 0, 0, WIDTH, 70,
                                       &seqack_palette_get (o.scheme)->foreground,
                                       0.25), >, 100);
  cairo_surface_destroy (surface);
}

/* An arrow spanning hundreds of rows (a segment held back while 400 others
 * fly) is drawn and hit in a viewport that shows only its middle. */
static void
test_sequence_long_arrow (void)
{
  g_autoptr (SeqackTrace) trace = seqack_trace_new ();
  g_autoptr (GByteArray) scratch = g_byte_array_new ();
  g_autoptr (SeqackSequenceLayout) layout = NULL;
  SeqackSequenceRenderOptions o;
  const SeqackPalette *pal;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint slow, row, arrive, hit;
  double x0, y0, x1, y1, row_h, t, px, py;

  slow = render_test_add_segment (trace, scratch, 0, 10000000, SEQACK_SERVER,
                                   SEQACK_FATE_DELIVERED, SEQACK_TCP_FIN, 1,
                                   0, NULL);
  for (guint i = 0; i < 400; i++)
    render_test_add_segment (trace, scratch, 1000 + i * 1000,
                             1000 + i * 1000 + 500, SEQACK_CLIENT,
                             SEQACK_FATE_DELIVERED, SEQACK_TCP_ACK, 2, 2,
                             NULL);
  render_test_add_segment (trace, scratch, 20000000, 20000500, SEQACK_CLIENT,
                           SEQACK_FATE_DELIVERED, SEQACK_TCP_ACK, 2, 2, NULL);
  layout = seqack_sequence_layout_new (trace);
  seqack_sequence_layout_get_event_rows (layout, slow, &row, &arrive);
  g_assert_cmpuint (arrive - row, >, SEQACK_SEQUENCE_LONG_SPAN);

  seqack_sequence_render_options_init (&o);
  o.width = WIDTH;
  o.height = 400;
  pal = seqack_palette_get (o.scheme);
  row_h = seqack_sequence_render_get_row_height (&o);
  o.scroll_y = 500 * row_h;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, 400);
  cr = cairo_create (surface);
  seqack_sequence_render (cr, layout, &o);
  cairo_destroy (cr);

  g_assert_true (seqack_sequence_render_get_arrow (layout, &o, slow, &x0, &y0,
                                                   &x1, &y1));
  g_assert_cmpfloat (y0, <, 0);
  g_assert_cmpfloat (y1, >, 400);
  /* The line shows between the labels of the short arrows it crosses
   * (each ACK's label, with its window, covers part of it). */
  for (guint r = 505;; r++)
    {
      g_assert_cmpuint (r, <, 512);
      t = (seqack_sequence_render_get_row_y (&o, r) + row_h / 2 - y0)
          / (y1 - y0);
      px = x0 + t * (x1 - x0);
      py = y0 + t * (y1 - y0);
      if (render_test_color_near (render_test_pixel (surface, px, py),
                                  &pal->fin, 0.12))
        break;
    }
  hit = seqack_sequence_render_hit_test (layout, &o, px, py);
  g_assert_cmpuint (hit, ==, slow);
  cairo_surface_destroy (surface);
}

/* Presentation mode scales every size; dark mode changes the colors. */
static void
test_sequence_scale_and_scheme (void)
{
  Picture p;
  double x0, y0, x1, y1;
  guint syn;
  const SeqackPalette *dark = seqack_palette_get (SEQACK_SCHEME_DARK);

  picture_init (&p, "hello-goodbye");
  g_assert_cmpfloat (seqack_sequence_render_get_row_height (&p.options), ==, 36);
  p.options.scale = 2;
  g_assert_cmpfloat (seqack_sequence_render_get_row_height (&p.options), ==, 72);
  p.options.scale = 1;
  p.options.scheme = SEQACK_SCHEME_DARK;
  picture_rerender (&p);
  syn = render_test_find_segment (p.trace, 0, SEQACK_TCP_SYN,
                                  SEQACK_FATE_DELIVERED);
  seqack_sequence_render_get_arrow (p.layout, &p.options, syn, &x0, &y0, &x1,
                                    &y1);
  g_assert_true (render_test_color_near (render_test_pixel (p.surface, 450,
                                                            seqack_sequence_render_get_row_y (&p.options, 0)),
                                         &dark->background, 0.01));
  g_assert_true (render_test_color_near (render_test_pixel (p.surface,
                                                            x0 + 0.3 * (x1 - x0),
                                                            y0 + 0.3 * (y1 - y0)),
                                         &dark->syn, 0.12));
  picture_clear (&p);
}

/* In a narrow view (the lesson sidebar open, a small window) the 2MSL
 * countdown beside the TIME-WAIT band has less room than it needs left of
 * the client's timeline: it is moved inside the view, not cut at its edge,
 * and so are the state names. */
static void
test_sequence_time_wait_text_inside (void)
{
  SeqackLab *lab = render_test_run_scenario ("hello-goodbye");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  SeqackSequenceLayout *layout = seqack_sequence_layout_new (trace);
  const SeqackPalette *pal;
  SeqackSequenceRenderOptions o;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint tw;
  double top, x_client;
  const double margin = 60;

  tw = render_test_find_state (trace, SEQACK_CLIENT, SEQACK_TCP_FIN_WAIT_2,
                               SEQACK_TCP_TIME_WAIT);
  g_assert_cmpuint (tw, !=, G_MAXUINT);

  seqack_sequence_render_options_init (&o);
  pal = seqack_palette_get (o.scheme);
  o.x = margin;
  o.width = 380;
  o.height = 700;
  o.scale = 1.6;
  /* A second into TIME-WAIT: the band is open, its countdown running. */
  o.n_shown = seqack_trace_count_until (trace,
                                        seqack_trace_get_event (trace, tw)->t
                                        + SEQACK_USEC_PER_SEC);
  o.scroll_y = MAX (0, seqack_sequence_render_get_content_height (layout, &o)
                       - (o.height
                          - seqack_sequence_render_get_header_height (&o)));
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                        o.width + 2 * margin, o.height);
  cr = cairo_create (surface);
  seqack_sequence_render (cr, layout, &o);
  cairo_destroy (cr);

  top = seqack_sequence_render_get_header_height (&o);
  x_client = seqack_sequence_render_get_timeline_x (&o, SEQACK_CLIENT);
  /* The countdown is written left of the client's timeline... */
  g_assert_cmpuint (render_test_count (surface, o.x, top, x_client - 6,
                                       o.height, &pal->foreground, 0.2),
                    >, 40);
  /* ...and starts inside the view: nothing in its first pixels, where a
   * text cut at the edge would begin. */
  g_assert_cmpuint (render_test_count (surface, o.x, top, o.x + 2, o.height,
                                       &pal->foreground, 0.2), ==, 0);
  g_assert_cmpuint (render_test_count (surface, o.x + o.width - 2, top,
                                       o.x + o.width, o.height,
                                       &pal->foreground, 0.2), ==, 0);

  cairo_surface_destroy (surface);
  seqack_sequence_layout_free (layout);
  seqack_lab_free (lab);
}
/* A copy of @trace's segments and state changes, the state changes
 * marked inferred (@inferred) as a capture marks them. */
static SeqackTrace *
copy_states (SeqackTrace *trace,
             gboolean     inferred)
{
  SeqackTrace *copy = seqack_trace_new ();

  for (int side = 0; side < 2; side++)
    seqack_trace_set_endpoint (copy, side,
                               seqack_trace_get_endpoint (trace, side));
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      const guint8 *data;
      gsize len;

      if (ev->kind == SEQACK_EVENT_SEGMENT)
        {
          data = seqack_trace_get_data (trace, i, &len);
          seqack_trace_add_segment (copy, ev->t, ev->t2, ev->side, ev->fate,
                                    ev->marks, data, len);
        }
      else if (ev->kind == SEQACK_EVENT_STATE)
        seqack_trace_add_state (copy, ev->t, ev->side, ev->from, ev->to,
                                ev->edge,
                                ev->marks |
                                (inferred ? SEQACK_MARK_INFERRED : 0));
    }
  return copy;
}

static cairo_surface_t *
render_all (SeqackSequenceLayout        *layout,
            SeqackSequenceRenderOptions *options,
            double                       width)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  seqack_sequence_render_options_init (options);
  options->width = width;
  options->height = seqack_sequence_render_get_header_height (options)
                    + seqack_sequence_render_get_content_height (layout,
                                                                 options);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) width,
                                        (int) ceil (options->height));
  cr = cairo_create (surface);
  seqack_sequence_render (cr, layout, options);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  return surface;
}

/* A capture's states are guessed from packets: their badges look
 * different from the lab's known states (wider for the "?", a dashed
 * outline), in the state column and in the header. */
static void
test_sequence_inferred_states (void)
{
  SeqackLab *lab = render_test_run_scenario ("hello-goodbye");
  SeqackTrace *traces[2];
  SeqackSequenceLayout *layouts[2];
  SeqackSequenceRenderOptions options[2];
  cairo_surface_t *surfaces[2];
  guint fill[2], border[2], header_diff = 0;
  const SeqackPalette *pal;
  SeqackStateGroup group = seqack_state_group (SEQACK_TCP_SYN_SENT);

  for (int i = 0; i < 2; i++)
    {
      guint event, row, arrive;
      double y, tl;

      traces[i] = copy_states (seqack_lab_get_trace (lab), i == 1);
      layouts[i] = seqack_sequence_layout_new (traces[i]);
      surfaces[i] = render_all (layouts[i], &options[i], WIDTH);
      pal = seqack_palette_get (options[i].scheme);

      event = render_test_find_state (traces[i], SEQACK_CLIENT,
                                      SEQACK_TCP_CLOSED, SEQACK_TCP_SYN_SENT);
      g_assert_cmpuint (event, !=, G_MAXUINT);
      g_assert_true (seqack_sequence_layout_get_event_rows (layouts[i], event,
                                                            &row, &arrive));
      y = seqack_sequence_render_get_row_y (&options[i], row);
      tl = seqack_sequence_render_get_timeline_x (&options[i],
                                                  SEQACK_CLIENT);
      /* The client's badge sits left of its timeline. */
      fill[i] = render_test_count (surfaces[i], 0, y - 14, tl - 8, y + 14,
                                   &pal->state_fill[group], 0.03);
      border[i] = render_test_count (surfaces[i], 0, y - 14, tl - 8, y + 14,
                                     &pal->box_border, 0.03);
    }

  /* The "?" widens the pill. */
  g_assert_cmpuint (fill[0], >, 100);
  g_assert_cmpuint (fill[1], >, fill[0] + 20);
  /* The dashed outline is drawn thicker, in the border color. */
  g_assert_cmpuint (border[1], >, border[0]);

  /* The header's current-state badges are marked too. */
  for (int y = 0; y < (int) seqack_sequence_render_get_header_height (&options[0]);
       y++)
    for (int x = 0; x < WIDTH; x++)
      {
        RenderTestColor a = render_test_pixel (surfaces[0], x + 0.5, y + 0.5);
        RenderTestColor b = render_test_pixel (surfaces[1], x + 0.5, y + 0.5);

        if (fabs (a.r - b.r) + fabs (a.g - b.g) + fabs (a.b - b.b) > 0.1)
          header_diff++;
      }
  g_assert_cmpuint (header_diff, >, 20);

  for (int i = 0; i < 2; i++)
    {
      cairo_surface_destroy (surfaces[i]);
      seqack_sequence_layout_free (layouts[i]);
      seqack_trace_free (traces[i]);
    }
  seqack_lab_free (lab);
}

/* In a narrow view the two titles ("client 192.0.2.1:49152", "server
 * 192.0.2.2:80") would run into each other: there is always a gap of
 * plain header between them. */
static void
test_sequence_narrow_titles (void)
{
  SeqackLab *lab = render_test_run_scenario ("hello-goodbye");
  SeqackSequenceLayout *layout;
  const double widths[] = { 900, 450, 380, 300 };

  layout = seqack_sequence_layout_new (seqack_lab_get_trace (lab));
  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      SeqackSequenceRenderOptions options;
      cairo_surface_t *surface = render_all (layout, &options, widths[i]);
      const SeqackPalette *pal = seqack_palette_get (options.scheme);
      double x0 = seqack_sequence_render_get_timeline_x (&options,
                                                         SEQACK_CLIENT);
      double x1 = seqack_sequence_render_get_timeline_x (&options,
                                                         SEQACK_SERVER);
      guint run = 0, gap = 0;

      /* The longest run of title-line columns between the timelines with
       * nothing but header background: wider than a space between words
       * when the titles stand apart. */
      for (int x = (int) x0; x < (int) x1; x++)
        {
          if (render_test_count (surface, x, 6, x + 1, 26, &pal->header,
                                 0.02) == 20)
            run++;
          else
            run = 0;
          gap = MAX (gap, run);
        }
      if (g_test_verbose ())
        g_test_message ("width %.0f: gap %u px", widths[i], gap);
      if (gap < 16)
        g_error ("titles touch at width %.0f (gap %u px)", widths[i], gap);
      cairo_surface_destroy (surface);
    }
  seqack_sequence_layout_free (layout);
  seqack_lab_free (lab);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/sequence/syn-arrow", test_sequence_syn_arrow);
  g_test_add_func ("/render/sequence/state-on-arrival-row",
                   test_sequence_state_on_arrival_row);
  g_test_add_func ("/render/sequence/state-names-fit",
                   test_sequence_state_names_fit);
  g_test_add_func ("/render/sequence/lost-segment",
                   test_sequence_lost_segment);
  g_test_add_func ("/render/sequence/time-wait-band",
                   test_sequence_time_wait_band);
  g_test_add_func ("/render/sequence/scrub-in-flight",
                   test_sequence_scrub_in_flight);
  g_test_add_func ("/render/sequence/hit-test", test_sequence_hit_test);
  g_test_add_func ("/render/sequence/viewport", test_sequence_viewport);
  g_test_add_func ("/render/sequence/long-arrow", test_sequence_long_arrow);
  g_test_add_func ("/render/sequence/time-wait-text-inside",
                   test_sequence_time_wait_text_inside);
  g_test_add_func ("/render/sequence/scale-and-scheme",
                   test_sequence_scale_and_scheme);
  g_test_add_func ("/render/sequence/inferred-states",
                   test_sequence_inferred_states);
  g_test_add_func ("/render/sequence/narrow-titles",
                   test_sequence_narrow_titles);

  return g_test_run ();
}
