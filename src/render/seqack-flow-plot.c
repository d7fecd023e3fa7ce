/* seqack-flow-plot.c: cwnd, ssthresh, bytes in flight and the peer's
 * window over time, from the variables the trace noted per event.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "seqack-flow-render.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "seqack-flow-paint.h"
#include "seqack-render-text.h"
#include "seqack-trace-sockets.h"

/* Events the plot visits at most; a longer trace is sampled. */
#define PLOT_EVENTS 20000
/* The plot's own area, at least: room for a rise and a fall to show. */
#define PLOT_AREA_MIN 28.0
/* A legend entry: the swatch, the text after it, the gap to the next. */
#define SWATCH_PX     12.0
#define SWATCH_GAP_PX 4.0
#define ENTRY_GAP_PX  8.0

typedef enum
{
  SERIES_CWND,
  SERIES_SSTHRESH,
  SERIES_FLIGHT,
  SERIES_PEER_WINDOW,
  N_SERIES
} Series;

/* The series' values in @vars; FALSE where the trace does not know them
 * (a capture knows no cwnd). */
static gboolean
series_value (const SeqackTcpVars *vars,
              gboolean             peer_known,
              Series               series,
              guint32             *value)
{
  switch (series)
    {
    case SERIES_CWND:
      *value = vars->cwnd;
      return vars->rto != 0;
    case SERIES_SSTHRESH:
      *value = vars->ssthresh;
      return vars->rto != 0;
    case SERIES_FLIGHT:
      *value = vars->snd_nxt - vars->snd_una;
      return TRUE;
    case SERIES_PEER_WINDOW:
    default:
      *value = vars->snd_wnd;
      return peer_known;
    }
}

static guint
plot_stride (guint n)
{
  return MAX (1, n / PLOT_EVENTS);
}

gboolean
seqack_flow_plot_range (SeqackTrace *trace,
                        SeqackSide   side,
                        gint64      *t0,
                        gint64      *t1,
                        guint32     *y_max)
{
  guint n = seqack_trace_get_n_events (trace);
  gboolean any = FALSE;
  guint32 top = 1;
  gint64 first = 0, last = 0;

  g_return_val_if_fail (trace != NULL, FALSE);

  for (guint i = 0; i < n; i += plot_stride (n))
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      SeqackTcpVars vars;

      if (ev->kind == SEQACK_EVENT_SEGMENT)
        {
          if (!any)
            first = ev->t;
          any = TRUE;
          last = MAX (last, MAX (ev->t, ev->t2));
        }
      if (seqack_trace_get_vars (trace, i, side, &vars))
        {
          gboolean peer = seqack_trace_state_knows_peer (
                            seqack_trace_get_state (trace, i, side));

          for (Series s = 0; s < N_SERIES; s++)
            {
              guint32 v;

              if (s != SERIES_SSTHRESH && series_value (&vars, peer, s, &v))
                top = MAX (top, v);
            }
        }
    }
  if (t0 != NULL)
    *t0 = first;
  if (t1 != NULL)
    *t1 = MAX (last, first + 1);
  /* A tenth of headroom above the largest value. */
  if (y_max != NULL)
    *y_max = (guint32) MIN ((guint64) G_MAXUINT32, (guint64) top * 11 / 10 + 1);
  return any;
}

/* Whose variables the plot draws over time: the connection @side's
 * buttons act on at the last event shown, its own at each event (with
 * several connections a side's are whichever changed last), or a trace
 * without sockets' variables the side's. */
typedef struct
{
  gboolean        own;
  guint           host;
  SeqackSocketKey key;
} PlotConn;

static void
plot_conn_init (PlotConn    *c,
                SeqackTrace *trace,
                guint        n,
                SeqackSide   side)
{
  memset (c, 0, sizeof *c);
  c->own = n > 0 && seqack_trace_has_socket_vars (trace) &&
           seqack_trace_get_calls_socket (trace, n, side, &c->key) &&
           !seqack_socket_key_is_listener (&c->key);
  c->host = seqack_trace_get_calls_host (trace, n, side);
}

static gboolean
plot_vars (SeqackTrace    *trace,
           guint           i,
           SeqackSide      side,
           const PlotConn *c,
           SeqackTcpVars  *vars)
{
  if (c->own)
    return seqack_trace_get_socket_vars (trace, i, c->host, &c->key, vars);
  return seqack_trace_get_vars (trace, i, side, vars);
}

static const char *series_name (Series series);

/* The widest value a legend entry can show over the whole trace, as
 * zeros: the slots are laid out for it, so the legend's rows, and the
 * plot under them, stay put while the values change. */
static char *
legend_widest_value (SeqackTrace *trace,
                     SeqackSide   side)
{
  guint n = trace != NULL ? seqack_trace_get_n_events (trace) : 0;
  guint32 top = 99999;
  guint digits = 0;

  for (guint i = 0; i < n; i = (i + plot_stride (n) < n || i == n - 1)
                               ? i + plot_stride (n) : n - 1)
    {
      SeqackTcpVars vars;

      if (!seqack_trace_get_vars (trace, i, side, &vars))
        continue;
      for (Series s = 0; s < N_SERIES; s++)
        {
          guint32 v;

          if (series_value (&vars, TRUE, s, &v))
            top = MAX (top, v);
        }
    }
  for (; top > 0; top /= 10)
    digits++;
  return g_strnfill (digits, '0');
}

/* The legend's order: the two limits of what may be in flight, min
 * (cwnd, rwnd) (RFC 5681 §2), side by side, then ssthresh and the
 * flight itself; two rows in a side column. */
static const Series legend_order[N_SERIES] = {
  SERIES_CWND, SERIES_PEER_WINDOW, SERIES_SSTHRESH, SERIES_FLIGHT,
};

static double
legend_layout (const SeqackFlowPaint         *p,
               const SeqackFlowRenderOptions *options,
               SeqackTrace                   *trace,
               double                         x[N_SERIES],
               double                         y[N_SERIES],
               double                        *row_height)
{
  double s = p->s, left = options->x + 4 * s;
  double right = options->x + options->width, lx = left, row_h = p->line_h;
  guint row = 0;
  g_autofree char *value = legend_widest_value (trace, options->plot_side);

  for (guint i = 0; i < N_SERIES; i++)
    {
      Series series = legend_order[i];
      g_autofree char *widest = g_strdup_printf ("%s %s", series_name (series),
                                                 value);
      double tw, th, w;

      seqack_render_text_measure (p->text, widest, &tw, &th);
      row_h = MAX (row_h, ceil (th));
      w = (SWATCH_PX + SWATCH_GAP_PX) * s + tw;
      /* The gap only between entries. */
      if (lx + w > right && lx > left)
        {
          lx = left;
          row++;
        }
      x[series] = lx;
      y[series] = row;
      lx += w + ENTRY_GAP_PX * s;
    }
  for (Series series = 0; series < N_SERIES; series++)
    y[series] = options->y + y[series] * row_h;
  *row_height = row_h;
  return (row + 1) * row_h;
}

static double
legend_height (const SeqackFlowPaint         *p,
               const SeqackFlowRenderOptions *options,
               SeqackTrace                   *trace)
{
  double x[N_SERIES], y[N_SERIES], row_h;

  return legend_layout (p, options, trace, x, y, &row_h);
}

static void
plot_area (const SeqackFlowPaint                   *p,
           const SeqackFlowRenderOptions *options,
           SeqackTrace                   *trace,
           double                        *x,
           double                        *y,
           double                        *w,
           double                        *h)
{
  double s = p->s;
  double left = _seqack_flow_text_width (p->text, "000000") + 6 * s;

  *x = options->x + left;
  *y = options->y + legend_height (p, options, trace) + 4 * s;
  *w = MAX (1, options->width - left - 8 * s);
  *h = MAX (1, options->height - legend_height (p, options, trace) - p->line_h - 10 * s);
}

double
seqack_flow_plot_min_height (SeqackTrace                   *trace,
                             const SeqackFlowRenderOptions *options)
{
  SeqackFlowPaint p;
  double h;

  g_return_val_if_fail (options != NULL, 0);

  /* What plot_area() leaves the area, plus the area's least. */
  _seqack_flow_paint_init (&p, NULL, options);
  h = legend_height (&p, options, trace) + p.line_h + (10 + PLOT_AREA_MIN)
      * p.s;
  _seqack_flow_paint_clear (&p);
  return ceil (h);
}

void
seqack_flow_plot_area (SeqackTrace                   *trace,
                       const SeqackFlowRenderOptions *options,
                       double                        *x,
                       double                        *y,
                       double                        *width,
                       double                        *height)
{
  SeqackFlowPaint p;

  g_return_if_fail (options != NULL);

  _seqack_flow_paint_init (&p, NULL, options);
  plot_area (&p, options, trace, x, y, width, height);
  _seqack_flow_paint_clear (&p);
}

static void
series_style (cairo_t             *cr,
              const SeqackPalette *pal,
              Series               series,
              double               s)
{
  static const double dash[] = { 5, 3 };
  double d[2] = { dash[0] * s, dash[1] * s };

  cairo_set_dash (cr, NULL, 0, 0);
  cairo_set_line_width (cr, 2 * s);
  switch (series)
    {
    case SERIES_CWND:
      seqack_rgba_set_source (cr, &pal->syn);
      break;
    case SERIES_SSTHRESH:
      seqack_rgba_set_source (cr, &pal->fin);
      cairo_set_dash (cr, d, 2, 0);
      break;
    case SERIES_FLIGHT:
      seqack_rgba_set_source (cr, &pal->data);
      break;
    case SERIES_PEER_WINDOW:
    default:
      seqack_rgba_set_source (cr, &pal->ack);
      cairo_set_line_width (cr, 1.5 * s);
      break;
    }
}

static const char *
series_name (Series series)
{
  switch (series)
    {
    case SERIES_CWND:        return "cwnd";
    case SERIES_SSTHRESH:    return "ssthresh";
    case SERIES_FLIGHT:      return _("in flight");
    case SERIES_PEER_WINDOW:
    default:                 return _("peer’s window");
    }
}

void
seqack_flow_render_plot (cairo_t                       *cr,
                         SeqackTrace                   *trace,
                         const SeqackFlowRenderOptions *options)
{
  SeqackFlowPaint p;
  double s, ax, ay, aw, ah;
  gint64 t0, t1, now;
  guint32 y_max;
  guint n, stride;
  SeqackSide side;
  SeqackTcpVars last;
  PlotConn conn;
  gboolean have_last = FALSE, last_peer = FALSE;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (trace != NULL);
  g_return_if_fail (options != NULL);

  _seqack_flow_paint_begin (&p, cr, options);
  s = p.s;
  side = options->plot_side;
  plot_area (&p, options, trace, &ax, &ay, &aw, &ah);

  if (!seqack_flow_plot_range (trace, side, &t0, &t1, &y_max))
    {
      _seqack_flow_paint_text (cr, &p, p.text, _("No segments yet"), options->x + 4 * s,
                  options->y + 4 * s, 0, &p.pal->dim);
      goto out;
    }
  n = MIN (options->n_shown, seqack_trace_get_n_events (trace));
  plot_conn_init (&conn, trace, n, side);
  now = n > 0 ? MIN (options->now, t1) : t0;
  if (n > 0 && options->now == G_MAXINT64)
    now = MIN (t1, seqack_trace_get_event (trace, n - 1)->t);

  /* Axes, the byte scale's top and the time scale's ends. */
  {
    char buf[32];

    cairo_set_line_width (cr, 1);
    seqack_rgba_set_source (cr, &p.pal->timeline);
    cairo_move_to (cr, ax + 0.5, ay);
    cairo_line_to (cr, ax + 0.5, ay + ah + 0.5);
    cairo_line_to (cr, ax + aw, ay + ah + 0.5);
    cairo_stroke (cr);
    g_snprintf (buf, sizeof buf, "%u", y_max);
    _seqack_flow_paint_text (cr, &p, p.text, buf, ax - 3 * s, ay, 1, &p.pal->dim);
    _seqack_flow_paint_text (cr, &p, p.text, "0", ax - 3 * s, ay + ah - p.line_h, 1,
                &p.pal->dim);
    /* TRANSLATORS: a time on the plot's axis, in seconds */
    g_snprintf (buf, sizeof buf, _("%.2f s"), t0 / 1e6);
    _seqack_flow_paint_text (cr, &p, p.text, buf, ax, ay + ah + 2 * s, 0, &p.pal->dim);
    g_snprintf (buf, sizeof buf, _("%.2f s"), t1 / 1e6);
    _seqack_flow_paint_text (cr, &p, p.text, buf, ax + aw, ay + ah + 2 * s, 1,
                &p.pal->dim);
  }

  /* Each series as steps, from the events shown. */
  cairo_save (cr);
  cairo_rectangle (cr, ax, ay - 2 * s, aw + 2 * s, ah + 4 * s);
  cairo_clip (cr);
  stride = plot_stride (seqack_trace_get_n_events (trace));
  /* cwnd last, on top: it is what the plot is about. */
  for (int k = N_SERIES - 1; k >= 0; k--)
    {
      Series series = (Series) k;
      gboolean drawing = FALSE;
      double py = 0;

      /* Every stride-th event, and always the last one shown. */
      for (guint i = 0; i < n;
           i = (i + stride < n || i == n - 1) ? i + stride : n - 1)
        {
          const SeqackEvent *ev = seqack_trace_get_event (trace, i);
          SeqackTcpVars vars;
          guint32 v;
          gboolean peer;
          double px, vy;

          if (!plot_vars (trace, i, side, &conn, &vars))
            continue;
          peer = seqack_trace_state_knows_peer (
                   seqack_trace_get_state (trace, i, side));
          px = ax + aw * (double) (CLAMP (ev->t, t0, t1) - t0) / (t1 - t0);
          if (!series_value (&vars, peer, series, &v))
            {
              drawing = FALSE;
              continue;
            }
          vy = ay + ah - ah * MIN ((double) v, (double) y_max * 1.05) / y_max;
          if (!drawing)
            cairo_move_to (cr, px, vy);
          else
            {
              cairo_line_to (cr, px, py);
              cairo_line_to (cr, px, vy);
            }
          drawing = TRUE;
          py = vy;
        }
      if (drawing)
        {
          cairo_line_to (cr, ax + aw * (double) (now - t0) / (t1 - t0), py);
          series_style (cr, p.pal, series, s);
          cairo_stroke (cr);
        }
    }
  cairo_set_dash (cr, NULL, 0, 0);
  cairo_restore (cr);

  if (n > 0 && plot_vars (trace, n - 1, side, &conn, &last))
    {
      have_last = TRUE;
      last_peer = seqack_trace_state_knows_peer (
                    seqack_trace_get_state (trace, n - 1, side));
    }

  /* Now. */
  {
    double nx = round (ax + aw * (double) (now - t0) / (t1 - t0)) + 0.5;

    cairo_move_to (cr, nx, ay);
    cairo_line_to (cr, nx, ay + ah);
    cairo_set_line_width (cr, 1.5 * s);
    seqack_rgba_set_source (cr, &p.pal->foreground);
    cairo_stroke (cr);
  }

  /* The legend: a swatch and the value at now for each series, in the
   * slots legend_layout() made room for above the plot. */
  {
    double lx[N_SERIES], ly[N_SERIES], row_h;

    legend_layout (&p, options, trace, lx, ly, &row_h);
    for (Series series = 0; series < N_SERIES; series++)
      {
        g_autofree char *label = NULL;
        guint32 v = 0;

        if (have_last && series_value (&last, last_peer, series, &v))
          label = g_strdup_printf ("%s %u", series_name (series), v);
        else
          label = g_strdup_printf ("%s —", series_name (series));
        cairo_move_to (cr, lx[series], ly[series] + row_h / 2);
        cairo_line_to (cr, lx[series] + SWATCH_PX * s,
                       ly[series] + row_h / 2);
        series_style (cr, p.pal, series, s);
        cairo_stroke (cr);
        cairo_set_dash (cr, NULL, 0, 0);
        _seqack_flow_paint_text (cr, &p, p.text, label,
                                 lx[series] + (SWATCH_PX + SWATCH_GAP_PX) * s,
                                 ly[series], 0, &p.pal->foreground);
      }
  }

out:
  _seqack_flow_paint_end (&p, cr);
}

