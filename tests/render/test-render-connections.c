/* test-render-connections.c: each connection of a trace in its own
 * colour, and a diagram of one connection alone.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "render-test-util.h"

#include "seqack-sequence-layout.h"
#include "seqack-sequence-render.h"

/* The client's port of SEGMENT @event (its connection, as the client
 * sees it). */
static guint16
client_port (SeqackTrace *trace,
             guint        event)
{
  guint16 sport, dport;

  g_assert_true (seqack_trace_get_ports (trace, event, &sport, &dport));
  return seqack_trace_get_event (trace, event)->side == SEQACK_CLIENT ? sport
                                                                       : dport;
}

static gboolean
rgba_equal (const SeqackRgba *a,
            const SeqackRgba *b)
{
  return a->r == b->r && a->g == b->g && a->b == b->b && a->a == b->a;
}

/* How far apart two colours are (0..~1.7). */
static double
rgba_distance (const SeqackRgba *a,
               double            r,
               double            g,
               double            b)
{
  return sqrt ((a->r - r) * (a->r - r) + (a->g - g) * (a->g - g) +
               (a->b - b) * (a->b - b));
}

typedef struct
{
  cairo_surface_t            *surface;
  SeqackSequenceRenderOptions o;
} Picture;

/* @layout drawn 600 px wide, the whole height. */
static void
picture_draw (Picture              *p,
              SeqackSequenceLayout *layout)
{
  cairo_t *cr;

  seqack_sequence_render_options_init (&p->o);
  p->o.width = 600;
  p->o.height = seqack_sequence_render_get_header_height (&p->o) +
                seqack_sequence_render_get_content_height (layout, &p->o);
  p->surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 600,
                                           (int) ceil (p->o.height));
  cr = cairo_create (p->surface);
  seqack_sequence_render (cr, layout, &p->o);
  cairo_destroy (cr);
  cairo_surface_flush (p->surface);
}

static void
picture_pixel (Picture *p,
               double   x,
               double   y,
               double  *r,
               double  *g,
               double  *b)
{
  const guint8 *data = cairo_image_surface_get_data (p->surface);
  int stride = cairo_image_surface_get_stride (p->surface);
  guint32 px;

  g_assert_cmpint ((int) y, <, cairo_image_surface_get_height (p->surface));
  px = *(const guint32 *) (data + (int) y * stride + (int) x * 4);
  *r = (px >> 16 & 0xff) / 255.0;
  *g = (px >> 8 & 0xff) / 255.0;
  *b = (px & 0xff) / 255.0;
}

/* two-connections: the client's two connections are numbered 0 and 1
 * in the order they opened, each segment (both ways) and each state
 * change of the spawned sockets with its own, for the whole trace; the
 * listener's events belong to none. A single connection is numbered
 * and drawn without colours. */
static void
test_connections_numbered (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("two-connections");
  g_autoptr (SeqackLab) single = render_test_run_scenario ("hello-goodbye");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  g_autoptr (SeqackSequenceLayout) one =
    seqack_sequence_layout_new (seqack_lab_get_trace (single));
  guint first = render_test_find_segment (trace, 0, SEQACK_TCP_SYN,
                                          SEQACK_FATE_DELIVERED);
  guint second = first + 1;
  guint listen = render_test_find_state (trace, SEQACK_SERVER,
                                         SEQACK_TCP_CLOSED, SEQACK_TCP_LISTEN);
  guint16 ports[2];
  SeqackSocketKey key;
  guint seen[2] = { 0, 0 };
  g_autofree char *text = NULL;
  char want[96];

  /* The second connection's SYN (the client's, no ACK). */
  while (seqack_trace_get_event (trace, second)->kind != SEQACK_EVENT_SEGMENT ||
         !(seqack_trace_get_event (trace, second)->flags & SEQACK_TCP_SYN) ||
         (seqack_trace_get_event (trace, second)->flags & SEQACK_TCP_ACK))
    second++;
  ports[0] = client_port (trace, first);
  ports[1] = client_port (trace, second);
  g_assert_cmpuint (ports[0], !=, ports[1]);

  g_assert_cmpuint (seqack_sequence_layout_get_n_connections (layout), ==, 2);
  g_assert_true (seqack_sequence_layout_get_colors_connections (layout));
  for (guint c = 0; c < 2; c++)
    {
      g_assert_true (seqack_sequence_layout_get_connection (layout, c, &key));
      g_assert_cmpuint (key.local_port, ==, ports[c]);
      g_assert_cmpuint (key.remote_port, ==, 80);
    }
  g_assert_false (seqack_sequence_layout_get_connection (layout, 2, &key));
  text = seqack_sequence_layout_format_connection (layout, 1);
  g_snprintf (want, sizeof want, "192.0.2.1:%u ⇄ 192.0.2.2:80", ports[1]);
  g_assert_cmpstr (text, ==, want);
  g_assert_null (seqack_sequence_layout_format_connection (layout, 2));

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      guint conn = seqack_sequence_layout_get_event_connection (layout, i);

      if (ev->kind != SEQACK_EVENT_SEGMENT)
        continue;
      g_assert_cmpuint (conn, <, 2);
      g_assert_cmpuint (client_port (trace, i), ==, ports[conn]);
      seen[conn] |= 1u << ev->side;
    }
  /* Both connections' segments, both ways. */
  g_assert_cmpuint (seen[0], ==, 3);
  g_assert_cmpuint (seen[1], ==, 3);
  /* The server's second SYN-RCVD is the second connection's socket. */
  {
    guint rcvd = 0, n = 0;

    for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
      {
        const SeqackEvent *ev = seqack_trace_get_event (trace, i);

        if (ev->kind == SEQACK_EVENT_STATE && ev->side == SEQACK_SERVER &&
            ev->to == SEQACK_TCP_SYN_RECEIVED)
          g_assert_cmpuint (seqack_sequence_layout_get_event_connection (
                              layout, i), ==, n++);
        rcvd += ev->kind == SEQACK_EVENT_STATE;
      }
    g_assert_cmpuint (n, ==, 2);
    g_assert_cmpuint (rcvd, >, 0);
  }
  g_assert_cmpuint (seqack_sequence_layout_get_event_connection (layout,
                                                                 listen),
                    ==, SEQACK_NO_CONNECTION);

  g_assert_cmpuint (seqack_sequence_layout_get_n_connections (one), ==, 1);
  g_assert_false (seqack_sequence_layout_get_colors_connections (one));
}

/* Two connections get two colours, in every scheme, none of them a
 * segment's colour; a colour is the same for its index every time. */
static void
test_connections_palette (void)
{
  for (int scheme = 0; scheme < SEQACK_N_SCHEMES; scheme++)
    {
      const SeqackPalette *pal = seqack_palette_get (scheme);

      for (guint i = 0; i < SEQACK_N_CONNECTION_COLORS; i++)
        {
          const SeqackRgba *c = seqack_palette_connection_color (pal, i);
          const SeqackRgba *segment[] = { &pal->syn, &pal->fin, &pal->rst,
                                          &pal->data, &pal->ack };

          g_assert_true (c == seqack_palette_connection_color (pal, i));
          g_assert_true (c == seqack_palette_connection_color (
                                pal, i + SEQACK_N_CONNECTION_COLORS));
          for (guint j = 0; j < i; j++)
            g_assert_cmpfloat (rgba_distance (seqack_palette_connection_color (
                                                pal, j), c->r, c->g, c->b),
                               >, 0.24);
          for (guint k = 0; k < G_N_ELEMENTS (segment); k++)
            g_assert_cmpfloat (rgba_distance (segment[k], c->r, c->g, c->b),
                               >, 0.2);
        }
    }
}

/* In the picture, each arrow's tail has a dot in its connection's
 * colour, the two connections' differ, and the line past the dot keeps
 * the segment's own colour. */
static void
test_connections_drawn (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("two-connections");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_LIGHT);
  Picture p;
  guint checked[2] = { 0, 0 };

  g_assert_false (rgba_equal (seqack_palette_connection_color (pal, 0),
                              seqack_palette_connection_color (pal, 1)));
  picture_draw (&p, layout);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      guint conn = seqack_sequence_layout_get_event_connection (layout, i);
      const SeqackRgba *want, *other, *line;
      double x0, y0, x1, y1, r, g, b, len;

      if (ev->kind != SEQACK_EVENT_SEGMENT ||
          !seqack_sequence_render_get_arrow (layout, &p.o, i, &x0, &y0, &x1,
                                             &y1))
        continue;
      want = seqack_palette_connection_color (pal, conn);
      other = seqack_palette_connection_color (pal, 1 - conn);
      picture_pixel (&p, x0, y0, &r, &g, &b);
      g_assert_cmpfloat (rgba_distance (want, r, g, b), <, 0.08);
      g_assert_cmpfloat (rgba_distance (other, r, g, b), >, 0.2);
      /* 20 px along the line, past the dot: the segment's colour. */
      len = hypot (x1 - x0, y1 - y0);
      line = seqack_palette_segment_color (pal, ev->flags, ev->number);
      picture_pixel (&p, x0 + 20 * (x1 - x0) / len,
                     y0 + 20 * (y1 - y0) / len, &r, &g, &b);
      g_assert_cmpfloat (rgba_distance (line, r, g, b), <,
                         rgba_distance (want, r, g, b));
      checked[conn]++;
    }
  g_assert_cmpuint (checked[0], >=, 6);
  g_assert_cmpuint (checked[1], >=, 6);
  cairo_surface_destroy (p.surface);
}

/* A diagram of one connection: the other's segments have no arrows
 * and no rows, nor do its spawned socket's state changes; the
 * listener's rows stay; numbers and colours do not change; showing all
 * again gives back the very same rows. */
static void
test_connections_filter (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("two-connections");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  g_autoptr (GArray) all = g_array_new (FALSE, FALSE,
                                        sizeof (SeqackSequenceRow));
  guint listen = render_test_find_state (trace, SEQACK_SERVER,
                                         SEQACK_TCP_CLOSED, SEQACK_TCP_LISTEN);
  SeqackSequenceRenderOptions o;
  SeqackSocketKey key, got;
  guint n_all, n_one, arrows = 0, listen_row;
  gboolean listen_shown = FALSE;
  guint16 port0 = client_port (trace, render_test_find_segment (
                                        trace, 0, SEQACK_TCP_SYN,
                                        SEQACK_FATE_DELIVERED));
  g_autoptr (GArray) mids = g_array_new (FALSE, FALSE, sizeof (double));

  seqack_sequence_render_options_init (&o);
  o.width = 600;
  o.height = 4000;
  n_all = seqack_sequence_layout_get_n_rows (layout);
  for (guint r = 0; r < n_all; r++)
    {
      SeqackSequenceRow row;

      g_assert_true (seqack_sequence_layout_get_row (layout, r, &row));
      g_array_append_val (all, row);
    }
  /* Where the first connection's arrows are drawn with all shown. */
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      double x0, y0, x1, y1, m;

      if (seqack_sequence_layout_get_event_connection (layout, i) != 0 ||
          !seqack_sequence_render_get_arrow (layout, &o, i, &x0, &y0, &x1,
                                             &y1))
        continue;
      g_assert_cmpuint (seqack_sequence_render_hit_test (
                          layout, &o, (x0 + x1) / 2, (y0 + y1) / 2), ==, i);
      m = (x0 + x1) / 2;
      g_array_append_val (mids, m);
      m = (y0 + y1) / 2;
      g_array_append_val (mids, m);
    }
  g_assert_cmpuint (mids->len, >=, 12);

  g_assert_false (seqack_sequence_layout_get_connection_filter (layout, &got));
  g_assert_false (seqack_sequence_layout_set_connection (layout, NULL));
  g_assert_true (seqack_sequence_layout_get_connection (layout, 1, &key));
  g_assert_true (seqack_sequence_layout_set_connection (layout, &key));
  g_assert_false (seqack_sequence_layout_set_connection (layout, &key));
  g_assert_true (seqack_sequence_layout_get_connection_filter (layout, &got));
  g_assert_cmpuint (got.local_port, ==, key.local_port);
  g_assert_cmpuint (got.remote_port, ==, key.remote_port);
  g_assert_cmpuint (seqack_sequence_layout_get_n_connections (layout), ==, 2);

  n_one = seqack_sequence_layout_get_n_rows (layout);
  g_assert_cmpuint (n_one, <, n_all);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      guint conn = seqack_sequence_layout_get_event_connection (layout, i);
      double x0, y0, x1, y1;
      gboolean arrow;

      /* Numbers (and so colours) do not depend on the filter. */
      if (ev->kind == SEQACK_EVENT_SEGMENT)
        g_assert_cmpuint (client_port (trace, i), ==,
                          conn == 1 ? key.local_port : port0);
      g_assert_cmpint (seqack_sequence_layout_is_filtered_out (layout, i), ==,
                       conn == 0);
      if (ev->kind != SEQACK_EVENT_SEGMENT)
        continue;
      arrow = seqack_sequence_render_get_arrow (layout, &o, i, &x0, &y0, &x1,
                                                &y1);
      g_assert_cmpint (arrow, ==, conn == 1);
      arrows += arrow;
    }
  g_assert_cmpuint (arrows, >=, 6);
  for (guint r = 0; r < n_one; r++)
    {
      SeqackSequenceRow row;

      g_assert_true (seqack_sequence_layout_get_row (layout, r, &row));
      if (row.kind != SEQACK_ROW_WAIT)
        g_assert_cmpuint (seqack_sequence_layout_get_event_connection (
                            layout, row.event), !=, 0);
      if (row.state != SEQACK_NO_EVENT)
        g_assert_cmpuint (seqack_sequence_layout_get_event_connection (
                            layout, row.state), !=, 0);
      listen_shown |= row.state == listen;
    }
  g_assert_true (listen_shown);
  g_assert_true (seqack_sequence_layout_get_event_rows (layout, listen,
                                                        &listen_row, NULL));
  g_assert_cmpuint (listen_row, <, n_one);
  /* Nothing of the first connection under the pointer where its
   * arrows were. */
  for (guint k = 0; k + 1 < mids->len; k += 2)
    {
      guint hit = seqack_sequence_render_hit_test (
        layout, &o, g_array_index (mids, double, k),
        g_array_index (mids, double, k + 1));

      g_assert_true (hit == SEQACK_NO_EVENT ||
                     seqack_sequence_layout_get_event_connection (layout,
                                                                  hit) != 0);
    }

  g_assert_true (seqack_sequence_layout_set_connection (layout, NULL));
  g_assert_cmpuint (seqack_sequence_layout_get_n_rows (layout), ==, n_all);
  for (guint r = 0; r < n_all; r++)
    {
      SeqackSequenceRow row;

      g_assert_true (seqack_sequence_layout_get_row (layout, r, &row));
      g_assert_cmpmem (&row, sizeof row,
                       &g_array_index (all, SeqackSequenceRow, r), sizeof row);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/connections/numbered", test_connections_numbered);
  g_test_add_func ("/render/connections/palette", test_connections_palette);
  g_test_add_func ("/render/connections/drawn", test_connections_drawn);
  g_test_add_func ("/render/connections/filter", test_connections_filter);

  return g_test_run ();
}
