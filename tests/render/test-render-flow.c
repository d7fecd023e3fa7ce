/* test-render-flow.c: the sequence-space bars and the cwnd plot carry the
 * trace's numbers, and draw them where the numbers say.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "render-test-util.h"
#include "seqack-export.h"
#include "seqack-flow-render.h"
#include "seqack-render-text.h"

/* The index of the @nth (from 1) pure ACK from @side after the
 * handshake that arrived, or G_MAXUINT. */
static guint
find_ack (SeqackTrace *trace,
          SeqackSide   side,
          guint        nth)
{
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_SEGMENT && ev->side == side
          && ev->flags == SEQACK_TCP_ACK && ev->number == 0
          && ev->fate == SEQACK_FATE_DELIVERED
          && seqack_trace_relative_ack (trace, i) > 1 && --nth == 0)
        return i;
    }
  return G_MAXUINT;
}

/* SND.NXT and SND.UNA of @side once events [0, @n) happened, counted
 * from the segments themselves: the highest sequence number sent, and
 * the highest acknowledgement from the peer that had arrived. */
static void
count_from_segments (SeqackTrace *trace,
                     guint        n,
                     SeqackSide   side,
                     gint64      *una,
                     gint64      *nxt)
{
  gint64 now = seqack_trace_get_event (trace, n - 1)->t;

  *una = 0;
  *nxt = 0;
  for (guint i = 0; i < n; i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      gint64 end;

      if (ev->kind != SEQACK_EVENT_SEGMENT)
        continue;
      if (ev->side == side)
        {
          end = (gint64) seqack_trace_relative_seq (trace, i) + ev->number
                + ((ev->flags & SEQACK_TCP_SYN) != 0)
                + ((ev->flags & SEQACK_TCP_FIN) != 0);
          *nxt = MAX (*nxt, end);
        }
      else if ((ev->flags & SEQACK_TCP_ACK) != 0
               && ev->fate == SEQACK_FATE_DELIVERED && ev->t2 <= now)
        *una = MAX (*una, (gint64) seqack_trace_relative_ack (trace, i));
    }
}

/* After the third ACK of bulk-transfer arrived, the client's bar shows
 * SND.NXT - SND.UNA bytes as sent, not yet acknowledged, to the pixel. */
static void
test_bulk_third_ack (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("bulk-transfer");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  guint ack = find_ack (trace, SEQACK_SERVER, 3);
  guint n;
  SeqackSpace space;
  SeqackSpaceGeometry g;
  SeqackTcpVars vars;
  gint64 una, nxt;
  double per, width = 600;

  g_assert_cmpuint (ack, !=, G_MAXUINT);
  n = seqack_trace_count_until (trace,
                                seqack_trace_get_event (trace, ack)->t2);
  count_from_segments (trace, n, SEQACK_CLIENT, &una, &nxt);
  g_assert_cmpint (nxt - una, >, 0);

  g_assert_true (seqack_flow_get_space (trace, n, SEQACK_CLIENT,
                                        SEQACK_SPACE_SEND, &space));
  g_assert_cmpint (space.mark[0], ==, una);
  g_assert_cmpint (space.mark[1], ==, nxt);
  g_assert_true (seqack_trace_get_vars (trace, n - 1, SEQACK_CLIENT, &vars));
  g_assert_cmpint (space.mark[2], ==, una + vars.snd_wnd);
  /* Slow start: no more in flight than cwnd. */
  g_assert_cmpint (nxt - una, <=, vars.cwnd);
  g_assert_cmpint (space.lo, <=, una);
  g_assert_cmpint (space.hi, >=, space.mark[2]);

  seqack_flow_space_geometry (&space, 10, width, &g);
  per = width / (double) (space.hi - space.lo);
  g_assert_cmpfloat_with_epsilon (g.x1[1] - g.x0[1], (nxt - una) * per, 1e-6);
  g_assert_cmpfloat_with_epsilon (g.x0[0], 10, 1e-9);
  g_assert_cmpfloat_with_epsilon (g.x1[3], 10 + width, 1e-6);
  g_assert_cmpfloat_with_epsilon (g.x1[2] - g.x0[2],
                                  (una + vars.snd_wnd - nxt) * per, 1e-6);
  g_assert_cmpfloat_with_epsilon (g.mark_x[1], g.x1[1], 1e-9);

  /* The server's receive space ends its window where the client's send
   * space does: the same bytes seen from the other end. */
  g_assert_true (seqack_flow_get_space (trace, n, SEQACK_SERVER,
                                        SEQACK_SPACE_RECEIVE, &space));
  g_assert_cmpint (space.mark[1], <=, nxt);
  g_assert_cmpint (space.mark[1], >=, una);
}

/* In zero-window the paused server's full buffer closes the window: the
 * client may send nothing, the server's bar is all buffer. */
static void
test_zero_window (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("zero-window");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  guint zero = G_MAXUINT, n;
  SeqackSpace space;
  SeqackSpaceGeometry g;
  SeqackTcpVars vars;

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_SEGMENT && ev->side == SEQACK_SERVER
          && ev->window == 0 && ev->fate == SEQACK_FATE_DELIVERED)
        {
          zero = i;
          break;
        }
    }
  g_assert_cmpuint (zero, !=, G_MAXUINT);
  n = seqack_trace_count_until (trace,
                                seqack_trace_get_event (trace, zero)->t2);

  g_assert_true (seqack_flow_get_space (trace, n, SEQACK_CLIENT,
                                        SEQACK_SPACE_SEND, &space));
  g_assert_cmpint (space.mark[2], <=, space.mark[1]);
  seqack_flow_space_geometry (&space, 0, 500, &g);
  g_assert_cmpfloat (g.x1[2] - g.x0[2], ==, 0);

  g_assert_true (seqack_flow_get_space (trace, n, SEQACK_SERVER,
                                        SEQACK_SPACE_RECEIVE, &space));
  g_assert_true (seqack_trace_get_vars (trace, n - 1, SEQACK_SERVER, &vars));
  g_assert_cmpuint (vars.rcv_wnd, ==, 0);
  g_assert_cmpint (space.mark[2], ==, space.mark[1]);
  /* 2,000 bytes received, none read. */
  g_assert_cmpint (space.mark[1] - space.mark[0], ==, 2000);
  g_assert_cmpint (space.mark[0], ==, 1);
}

/* Before the handshake there is no space to show. */
static void
test_no_connection (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("bulk-transfer");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  SeqackSpace space;

  g_assert_false (seqack_flow_get_space (trace, 0, SEQACK_CLIENT,
                                         SEQACK_SPACE_SEND, &space));
  g_assert_false (seqack_flow_get_space (trace, 1, SEQACK_SERVER,
                                         SEQACK_SPACE_RECEIVE, &space));
  g_assert_cmpint (seqack_flow_busier_side (trace, G_MAXUINT), ==,
                   SEQACK_CLIENT);
}

/* The painted bar: the sent, not acknowledged part has the data color
 * over exactly its width in the client's send bar. */
static void
test_bars_pixels (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("bulk-transfer");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_PAPER);
  guint ack = find_ack (trace, SEQACK_SERVER, 3);
  guint n = seqack_trace_count_until (trace,
                                      seqack_trace_get_event (trace, ack)->t2);
  SeqackFlowRenderOptions ro;
  SeqackSpace space;
  SeqackSpaceGeometry g;
  SeqackRgba sent = pal->data, want;
  cairo_surface_t *surface;
  cairo_t *cr;
  double height, smallest = 0, col_w;
  guint in_part = 0, outside = 0;

  seqack_flow_render_options_init (&ro);
  ro.scheme = SEQACK_SCHEME_PAPER;
  ro.width = 1000;
  ro.n_shown = n;
  ro.smallest = &smallest;
  height = seqack_flow_render_spaces_height (&ro);
  ro.height = height;
  g_assert_cmpfloat (height, >, 100);
  g_assert_cmpfloat (height, <, 240);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1000,
                                        (int) ceil (height));
  cr = cairo_create (surface);
  seqack_flow_render_spaces (cr, trace, &ro);
  cairo_destroy (cr);
  g_assert_cmpfloat (smallest, >=, SEQACK_RENDER_TEXT_MIN_PX);
  if (g_getenv ("SEQACK_TEST_SAVE") != NULL)
    cairo_surface_write_to_png (surface, "flow-bars.png");

  /* The client's column: 4 px in, (1000 - 12) / 2 wide. */
  col_w = (1000 - 12) / 2.0;
  g_assert_true (seqack_flow_get_space (trace, n, SEQACK_CLIENT,
                                        SEQACK_SPACE_SEND, &space));
  seqack_flow_space_geometry (&space, 4, col_w, &g);
  sent.a = 0.75;
  want = render_test_over (&sent, &pal->background);
  for (int x = 0; x < 4 + col_w; x++)
    {
      guint c = render_test_count (surface, x, 0, x + 1, height / 2, &want,
                                   0.03);

      if (x >= g.x0[1] + 1 && x < g.x1[1] - 1)
        in_part += c > 0;
      else if (x < g.x0[1] - 1 || x >= g.x1[1] + 1)
        outside += c;
    }
  g_assert_cmpuint (in_part, >=, (guint) (g.x1[1] - g.x0[1] - 3));
  g_assert_cmpuint (outside, ==, 0);
  cairo_surface_destroy (surface);
}

/* Presentation mode's row: one bar high, the client's (the sender's)
 * send bar on the left with its sent, not acknowledged part where the
 * two-row picture has it. */
static void
test_row (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("bulk-transfer");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_PAPER);
  guint ack = find_ack (trace, SEQACK_SERVER, 3);
  guint n = seqack_trace_count_until (trace,
                                      seqack_trace_get_event (trace, ack)->t2);
  SeqackFlowRenderOptions ro;
  SeqackSpace space;
  SeqackSpaceGeometry g;
  SeqackRgba sent = pal->data, want;
  cairo_surface_t *surface;
  cairo_t *cr;
  double height, col_w = (1000 - 12) / 2.0;

  seqack_flow_render_options_init (&ro);
  ro.scheme = SEQACK_SCHEME_PAPER;
  ro.width = 1000;
  ro.n_shown = n;
  height = seqack_flow_render_row_height (&ro);
  g_assert_cmpfloat (height, >, 40);
  g_assert_cmpfloat (height, <, seqack_flow_render_spaces_height (&ro) * 0.6);
  ro.height = height;
  g_assert_cmpint (seqack_flow_busier_side (trace, n), ==, SEQACK_CLIENT);

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1000,
                                        (int) ceil (height));
  cr = cairo_create (surface);
  seqack_flow_render_row (cr, trace, &ro);
  cairo_destroy (cr);
  if (g_getenv ("SEQACK_TEST_SAVE") != NULL)
    cairo_surface_write_to_png (surface, "flow-row.png");

  g_assert_true (seqack_flow_get_space (trace, n, SEQACK_CLIENT,
                                        SEQACK_SPACE_SEND, &space));
  seqack_flow_space_geometry (&space, 4, col_w, &g);
  sent.a = 0.75;
  want = render_test_over (&sent, &pal->background);
  g_assert_cmpuint (render_test_count (surface, g.x0[1] + 1, 0, g.x1[1] - 1,
                                       height, &want, 0.03), >, 0);
  /* Not left of it, and not on the right half (the server receives). */
  g_assert_cmpuint (render_test_count (surface, 0, 0, g.x0[1] - 1, height,
                                       &want, 0.03), ==, 0);
  g_assert_cmpuint (render_test_count (surface, 500, 0, 1000, height, &want,
                                       0.03), ==, 0);
  cairo_surface_destroy (surface);
}

/* The plot: cwnd drawn at its value at now, the now line at now. */
static void
test_plot (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("lost-data");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_PAPER);
  guint n = seqack_trace_get_n_events (trace) * 2 / 3;
  SeqackFlowRenderOptions ro;
  SeqackTcpVars vars;
  cairo_surface_t *surface;
  cairo_t *cr;
  gint64 t0, t1, now;
  guint32 y_max;
  double ax, ay, aw, ah, nx, cy;
  gboolean found = FALSE;

  g_assert_true (seqack_flow_plot_range (trace, SEQACK_CLIENT, &t0, &t1,
                                         &y_max));
  g_assert_cmpint (t1, >, t0);
  g_assert_true (seqack_trace_get_vars (trace, n - 1, SEQACK_CLIENT, &vars));
  g_assert_cmpuint (vars.cwnd, <, y_max);

  seqack_flow_render_options_init (&ro);
  ro.scheme = SEQACK_SCHEME_PAPER;
  ro.width = 500;
  ro.height = 220;
  ro.n_shown = n;
  /* A while after the last event shown: the last values run on to now. */
  now = seqack_trace_get_event (trace, n - 1)->t + (t1 - t0) / 20;
  ro.now = now;
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 500, 220);
  cr = cairo_create (surface);
  seqack_flow_render_plot (cr, trace, &ro);
  cairo_destroy (cr);

  if (g_getenv ("SEQACK_TEST_SAVE") != NULL)
    cairo_surface_write_to_png (surface, "flow-plot.png");
  seqack_flow_plot_area (trace, &ro, &ax, &ay, &aw, &ah);
  g_assert_cmpfloat (ah, >, 100);
  nx = ax + aw * (double) (now - t0) / (t1 - t0);
  g_assert_true (render_test_color_near (
    render_test_pixel (surface, nx, ay + ah / 2 + 1), &pal->foreground, 0.1)
    || render_test_color_near (render_test_pixel (surface, nx + 1,
                                                  ay + ah / 2 + 1),
                               &pal->foreground, 0.1));
  /* The cwnd line just left of now sits at cwnd's height. */
  cy = ay + ah - ah * (double) vars.cwnd / y_max;
  for (double y = cy - 2; y <= cy + 2; y++)
    if (render_test_color_near (render_test_pixel (surface, nx - 3, y),
                                &pal->syn, 0.15))
      found = TRUE;
  g_assert_true (found);
  /* Nothing is drawn after now: the right of the area stays background. */
  if (nx + 10 < ax + aw - 5)
    g_assert_cmpuint (render_test_count (surface, nx + 5, ay, ax + aw - 5,
                                         ay + ah - 2, &pal->syn, 0.15),
                      ==, 0);
  cairo_surface_destroy (surface);
}

/* The client opens two connections, sends 30,000 bytes on the second,
 * then selects the first; the server answers on the second: the
 * client's buttons act on a connection that sent nothing while the
 * other's variables changed last. */
static SeqackLab *
run_two_connections (void)
{
  static const char text[] =
    "server listen\n"
    "client connect\n"
    "client connect new-port\n"
    "client send-bytes 30000\n"
    "client select 1\n"
    "server send-bytes 3000\n";
  g_autoptr (SeqackScenario) scenario = NULL;
  SeqackLabConfig config;
  SeqackLab *lab;
  GError *error = NULL;

  seqack_lab_config_init (&config);
  config.seed = 1;
  lab = seqack_lab_new (&config);
  scenario = seqack_scenario_parse (text, "two", &error);
  g_assert_no_error (error);
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  g_assert_no_error (error);
  return lab;
}

/* The send space is the selected connection's: nothing sent, where the
 * other connection's SND.NXT is 30,000 bytes on. */
static void
test_own_connection_space (void)
{
  g_autoptr (SeqackLab) lab = run_two_connections ();
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  guint n = seqack_trace_get_n_events (trace);
  SeqackSpace space;
  SeqackTcpVars side;

  /* The side's last changed are the sending connection's. */
  g_assert_true (seqack_trace_get_vars (trace, n - 1, SEQACK_CLIENT, &side));
  g_assert_cmpuint (side.snd_nxt - side.iss, ==, 30001);
  g_assert_true (seqack_flow_get_space (trace, n, SEQACK_CLIENT,
                                        SEQACK_SPACE_SEND, &space));
  g_assert_cmpint (space.mark[0], ==, 1);
  g_assert_cmpint (space.mark[1], ==, 1);
  /* The server's calls are on its newest connection, which received
   * the 30,000 bytes. */
  g_assert_true (seqack_flow_get_space (trace, n, SEQACK_SERVER,
                                        SEQACK_SPACE_RECEIVE, &space));
  g_assert_cmpint (space.mark[1], ==, 30001);
}

/* The plot draws the selected connection over time: its flight stays 0
 * at the bottom, with no rise of the other connection's transfer. */
static void
test_own_connection_plot (void)
{
  g_autoptr (SeqackLab) lab = run_two_connections ();
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_PAPER);
  SeqackFlowRenderOptions ro;
  cairo_surface_t *surface;
  cairo_t *cr;
  double ax, ay, aw, ah;

  seqack_flow_render_options_init (&ro);
  ro.scheme = SEQACK_SCHEME_PAPER;
  ro.width = 500;
  ro.height = 220;
  ro.plot_side = SEQACK_CLIENT;
  ro.n_shown = seqack_trace_get_n_events (trace);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 500, 220);
  cr = cairo_create (surface);
  seqack_flow_render_plot (cr, trace, &ro);
  cairo_destroy (cr);
  if (g_getenv ("SEQACK_TEST_SAVE") != NULL)
    cairo_surface_write_to_png (surface, "flow-own-connection.png");
  seqack_flow_plot_area (trace, &ro, &ax, &ay, &aw, &ah);
  g_assert_cmpfloat (ah, >, 100);
  /* Flight (the data colour) only along the bottom. */
  g_assert_cmpuint (render_test_count (surface, ax + 2, ay, ax + aw - 2,
                                       ay + ah - 6, &pal->data, 0.15),
                    ==, 0);
  g_assert_cmpuint (render_test_count (surface, ax + 2, ay + ah - 5,
                                       ax + aw - 2, ay + ah + 2, &pal->data,
                                       0.15),
                    >, 0);
  cairo_surface_destroy (surface);
}

/* In a 288 px side column the legend wraps onto more rows: all of them
 * sit above the plot, in English and in Simplified Chinese, so no row
 * runs over the plot's top. */
static void
legend_in_narrow_column (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("bulk-transfer");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_PAPER);
  const SeqackRgba swatch[] = { pal->syn, pal->fin, pal->data, pal->ack };
  SeqackFlowRenderOptions ro;
  cairo_surface_t *surface;
  cairo_t *cr;
  double ax, ay, aw, ah, strip;
  guint area, plain;

  seqack_flow_render_options_init (&ro);
  ro.scheme = SEQACK_SCHEME_PAPER;
  ro.width = 288;
  ro.height = 220;
  ro.n_shown = seqack_trace_get_n_events (trace);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 288, 220);
  cr = cairo_create (surface);
  seqack_flow_render_plot (cr, trace, &ro);
  cairo_destroy (cr);
  if (g_getenv ("SEQACK_TEST_SAVE") != NULL)
    cairo_surface_write_to_png (surface, "flow-legend-288.png");

  seqack_flow_plot_area (trace, &ro, &ax, &ay, &aw, &ah);
  g_assert_cmpfloat (ah, >, 80);
  /* Four entries do not fit on one row of 288 px, but on two: cwnd and
   * the peer's window, then ssthresh and the flight. */
  g_assert_cmpfloat (ay, >, 2 * SEQACK_RENDER_TEXT_MIN_PX);
  {
    PangoLayout *pl = seqack_render_text_layout_new (NULL,
                                                     PANGO_WEIGHT_NORMAL,
                                                     SEQACK_RENDER_TEXT_MIN_PX);
    double tw, th, min_h;

    /* A legend row is as high as its text, in the language drawn. */
    seqack_render_text_measure (pl, _("peer’s window"), &tw, &th);
    g_object_unref (pl);
    g_assert_cmpfloat (ay, <=, 2 * ceil (th) + 4 + 0.5);
    /* At the least height a side column gives it, the plot still has
     * its small area under the two rows. */
    min_h = seqack_flow_plot_min_height (trace, &ro);
    ro.height = min_h;
    seqack_flow_plot_area (trace, &ro, &ax, &ay, &aw, &ah);
    g_assert_cmpfloat (ah, >=, 27.5);
    g_assert_cmpfloat (min_h, <, 120);
    ro.height = 220;
    seqack_flow_plot_area (trace, &ro, &ax, &ay, &aw, &ah);
  }
  /* Every entry's swatch is above the plot. */
  for (guint i = 0; i < G_N_ELEMENTS (swatch); i++)
    g_assert_cmpuint (render_test_count (surface, 0, 0, 288, ay, &swatch[i],
                                         0.1), >, 4);
  /* The plot's top, right of its axis and left of the now line: the
   * series stay under y_max / 1.1, so only a legend row could be there. */
  strip = ah * 0.06;
  area = (guint) ((floor (ax + aw - 4) - ceil (ax + 3)) * floor (strip));
  plain = render_test_count (surface, ceil (ax + 3), ay, floor (ax + aw - 4),
                             ay + floor (strip), &pal->background, 0.02);
  g_assert_cmpuint (plain, ==, area);
  cairo_surface_destroy (surface);
}

static void
test_legend_narrow (void)
{
  legend_in_narrow_column ();
}

static void
test_legend_narrow_zh (void)
{
  g_autofree char *old = g_strdup (g_getenv ("LANGUAGE"));

  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      g_test_skip ("no zh_CN.UTF-8 locale");
      return;
    }
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  /* The translation is there, so the Chinese legend is what is drawn. */
  g_assert_cmpstr (dgettext (GETTEXT_PACKAGE, "in flight"), !=, "in flight");
  legend_in_narrow_column ();
  if (old != NULL)
    g_setenv ("LANGUAGE", old, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "C.UTF-8");
}

/* A PNG export with the window pictures is taller by them. */
static void
test_export (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("bulk-transfer");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autofree char *dir = g_dir_make_tmp ("seqack-flow-XXXXXX", NULL);
  g_autofree char *plain = g_build_filename (dir, "plain.png", NULL);
  g_autofree char *flow = g_build_filename (dir, "flow.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "flow.pdf", NULL);
  g_autofree char *svg = g_build_filename (dir, "flow.svg", NULL);
  g_autofree char *svg_text = NULL;
  SeqackExportOptions options;
  cairo_surface_t *a, *b;
  GError *error = NULL;
  guint pages_plain, pages_flow;

  seqack_export_options_init (&options);
  options.end_event = seqack_trace_get_n_events (trace) / 2;
  g_assert_true (seqack_export_write (trace, plain, &options, &error));
  g_assert_no_error (error);
  options.flow = TRUE;
  g_assert_true (seqack_export_write (trace, flow, &options, &error));
  g_assert_no_error (error);
  a = cairo_image_surface_create_from_png (plain);
  b = cairo_image_surface_create_from_png (flow);
  g_assert_cmpint (cairo_image_surface_get_width (a), ==,
                   cairo_image_surface_get_width (b));
  g_assert_cmpint (cairo_image_surface_get_height (b), >=,
                   cairo_image_surface_get_height (a) + 250);
  cairo_surface_destroy (a);
  cairo_surface_destroy (b);

  options.format = SEQACK_EXPORT_SVG;
  g_assert_true (seqack_export_write (trace, svg, &options, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &svg_text, NULL, NULL));
  g_assert_nonnull (strstr (svg_text, "<svg"));

  options.format = SEQACK_EXPORT_PDF;
  options.flow = FALSE;
  pages_plain = seqack_export_count_pdf_pages (trace, &options);
  options.flow = TRUE;
  pages_flow = seqack_export_count_pdf_pages (trace, &options);
  g_assert_cmpuint (pages_flow, ==, pages_plain + 1);
  g_assert_true (seqack_export_write (trace, pdf, &options, &error));
  g_assert_no_error (error);

  g_unlink (plain);
  g_unlink (flow);
  g_unlink (svg);
  g_unlink (pdf);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, SEQACK_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/flow/bulk-third-ack", test_bulk_third_ack);
  g_test_add_func ("/render/flow/zero-window", test_zero_window);
  g_test_add_func ("/render/flow/no-connection", test_no_connection);
  g_test_add_func ("/render/flow/bars-pixels", test_bars_pixels);
  g_test_add_func ("/render/flow/plot", test_plot);
  g_test_add_func ("/render/flow/own-connection/space",
                   test_own_connection_space);
  g_test_add_func ("/render/flow/own-connection/plot",
                   test_own_connection_plot);
  g_test_add_func ("/render/flow/row", test_row);
  g_test_add_func ("/render/flow/legend-narrow", test_legend_narrow);
  g_test_add_func ("/render/flow/legend-narrow-zh", test_legend_narrow_zh);
  g_test_add_func ("/render/flow/export", test_export);

  return g_test_run ();
}
