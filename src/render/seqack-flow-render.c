/* seqack-flow-render.c: sequence-space bars and the cwnd plot.
 *
 * Both read the variables the trace noted per event; nothing here knows
 * TCP beyond what RFC 9293 §3.3.1 names. A bar's scale follows the
 * window it shows, so the window keeps its place while the numbers under
 * it slide, as in Stevens' figures.
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

#define BAR_PX      22.0
#define GAP_PX      4.0
/* A bar shows at least this many bytes, so a closed window is a thin
 * slice of a visible space, not the whole bar. */
#define MIN_SPAN    1000

void
seqack_flow_render_options_init (SeqackFlowRenderOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->scheme = SEQACK_SCHEME_LIGHT;
  options->scale = 1.0;
  options->now = G_MAXINT64;
  options->background = TRUE;
  options->plot_side = SEQACK_CLIENT;
}

/* The model */

static gboolean
vars_at (SeqackTrace   *trace,
         guint          n_shown,
         SeqackSide     side,
         SeqackTcpVars *vars,
         guint32       *own,
         guint32       *peer)
{
  SeqackTcpState state;

  if (n_shown == 0)
    return FALSE;
  n_shown = MIN (n_shown, seqack_trace_get_n_events (trace));
  /* The connection the side's buttons act on, not whichever of the
   * host's changed last. */
  if (n_shown == 0 || !seqack_trace_get_calls_vars (trace, n_shown, side,
                                                    vars))
    return FALSE;
  state = seqack_trace_get_state (trace, n_shown - 1, side);
  if (state == SEQACK_TCP_CLOSED || state == SEQACK_TCP_LISTEN)
    return FALSE;
  seqack_trace_get_var_bases (trace, n_shown - 1, side, vars, own, peer);
  return TRUE;
}

gboolean
seqack_flow_get_space (SeqackTrace     *trace,
                       guint            n_shown,
                       SeqackSide       side,
                       SeqackSpaceKind  kind,
                       SeqackSpace     *space)
{
  SeqackTcpVars vars, peer_vars;
  guint32 own, peer, po, pp;
  gint64 span;

  g_return_val_if_fail (trace != NULL, FALSE);
  g_return_val_if_fail (space != NULL, FALSE);

  memset (space, 0, sizeof *space);
  space->kind = kind;
  if (!vars_at (trace, n_shown, side, &vars, &own, &peer))
    return FALSE;

  if (kind == SEQACK_SPACE_SEND)
    {
      gint64 una = (guint32) (vars.snd_una - own);
      gint64 nxt = una + (guint32) (vars.snd_nxt - vars.snd_una);
      gint64 wnd = 0;

      /* SND.WND has a value once the peer's SYN came (§3.10.7.3). */
      if (seqack_trace_state_knows_peer (seqack_trace_get_state (trace,
                                                                 n_shown - 1,
                                                                 side)))
        wnd = vars.snd_wnd;
      span = MAX (wnd, nxt - una);
      /* The peer's buffer, when the trace knows it, keeps the scale while
       * its window closes. */
      if (vars_at (trace, n_shown, SEQACK_OTHER_SIDE (side), &peer_vars, &po,
                   &pp))
        span = MAX (span, (gint64) peer_vars.rcv_buf);
      span = MAX (span, MIN_SPAN);
      space->mark[0] = una;
      space->mark[1] = nxt;
      space->mark[2] = una + wnd;
      space->lo = MAX (0, una - span / 4);
      space->hi = MAX (una + wnd, nxt) + span / 4;
    }
  else
    {
      gint64 rnxt, read_end;

      if (!seqack_trace_state_knows_peer (seqack_trace_get_state (trace,
                                                                  n_shown - 1,
                                                                  side)))
        return FALSE;
      rnxt = (guint32) (vars.rcv_nxt - peer);
      read_end = MAX (0, rnxt - (gint64) vars.rcv_queued);
      span = MAX ((gint64) vars.rcv_buf,
                  (gint64) vars.rcv_queued + vars.rcv_wnd);
      span = MAX (span, MIN_SPAN);
      space->mark[0] = read_end;
      space->mark[1] = rnxt;
      space->mark[2] = rnxt + vars.rcv_wnd;
      space->lo = MAX (0, read_end - span / 4);
      space->hi = space->mark[2] + span / 4;
    }
  return TRUE;
}

void
seqack_flow_space_geometry (const SeqackSpace   *space,
                            double               x,
                            double               width,
                            SeqackSpaceGeometry *g)
{
  gint64 edge[5];
  double per;

  g_return_if_fail (space != NULL);
  g_return_if_fail (g != NULL);

  edge[0] = space->lo;
  edge[1] = CLAMP (space->mark[0], space->lo, space->hi);
  edge[2] = CLAMP (space->mark[1], edge[1], space->hi);
  edge[3] = CLAMP (MAX (space->mark[1], space->mark[2]), edge[2], space->hi);
  edge[4] = MAX (space->hi, edge[3]);
  per = width / (double) MAX (1, edge[4] - edge[0]);
  for (guint i = 0; i < 4; i++)
    {
      g->x0[i] = x + (edge[i] - edge[0]) * per;
      g->x1[i] = x + (edge[i + 1] - edge[0]) * per;
    }
  for (guint j = 0; j < 3; j++)
    g->mark_x[j] = x + (CLAMP (space->mark[j], edge[0], edge[4]) - edge[0])
                       * per;
}

const char *
seqack_flow_part_name (SeqackSpaceKind kind,
                       guint           part)
{
  static const char *const send[] = {
    N_("acknowledged"),
    N_("sent, not acknowledged"),
    N_("usable window"),
    N_("may not send yet"),
  };
  static const char *const receive[] = {
    N_("read by the application"),
    N_("in the buffer, not read"),
    N_("receive window"),
    N_("beyond the window"),
  };

  g_return_val_if_fail (part < 4, "");
  return _(kind == SEQACK_SPACE_SEND ? send[part] : receive[part]);
}

SeqackSide
seqack_flow_busier_side (SeqackTrace *trace,
                         guint        n_shown)
{
  guint64 bytes[2] = { 0, 0 };

  g_return_val_if_fail (trace != NULL, SEQACK_CLIENT);

  n_shown = MIN (n_shown, seqack_trace_get_n_events (trace));
  for (guint i = 0; i < n_shown; i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_SEGMENT && ev->side < 2)
        bytes[ev->side] += ev->number;
    }
  return bytes[SEQACK_SERVER] > bytes[SEQACK_CLIENT] ? SEQACK_SERVER
                                                     : SEQACK_CLIENT;
}

/* Painting (seqack-flow-paint.h) */

void
_seqack_flow_paint_init (SeqackFlowPaint               *p,
                         cairo_t                       *cr,
                         const SeqackFlowRenderOptions *options)
{
  double scale = options->scale > 0 ? options->scale : 1.0;

  p->pal = seqack_palette_get (options->scheme);
  p->px = SEQACK_FLOW_TEXT_PX * scale;
  p->s = scale;
  p->text = seqack_render_text_layout_new (cr, PANGO_WEIGHT_NORMAL, p->px);
  p->bold = seqack_render_text_layout_new (cr, PANGO_WEIGHT_BOLD, p->px);
  seqack_render_text_measure (p->text, "Ag", NULL, &p->line_h);
  p->smallest = options->smallest;
}

void
_seqack_flow_paint_clear (SeqackFlowPaint *p)
{
  g_clear_object (&p->text);
  g_clear_object (&p->bold);
}

void
_seqack_flow_paint_begin (SeqackFlowPaint               *p,
                          cairo_t                       *cr,
                          const SeqackFlowRenderOptions *options)
{
  _seqack_flow_paint_init (p, cr, options);
  cairo_save (cr);
  cairo_rectangle (cr, options->x, options->y, options->width,
                   options->height);
  cairo_clip (cr);
  if (options->background)
    {
      seqack_rgba_set_source (cr, &p->pal->background);
      cairo_paint (cr);
    }
}

void
_seqack_flow_paint_end (SeqackFlowPaint *p,
                        cairo_t         *cr)
{
  cairo_restore (cr);
  _seqack_flow_paint_clear (p);
}

void
_seqack_flow_paint_text (cairo_t          *cr,
                         SeqackFlowPaint  *p,
                         PangoLayout      *layout,
                         const char       *text,
                         double            x,
                         double            y,
                         double            ax,
                         const SeqackRgba *color)
{
  seqack_render_text_draw (cr, layout, text, x, y, ax, 0, color);
  if (p->smallest != NULL && (*p->smallest == 0 || p->px < *p->smallest))
    *p->smallest = p->px;
}

double
_seqack_flow_text_width (PangoLayout *layout,
                         const char  *text)
{
  double w;

  seqack_render_text_measure (layout, text, &w, NULL);
  return w;
}

static void
part_color (const SeqackPalette *pal,
            guint                part,
            SeqackRgba          *fill)
{
  switch (part)
    {
    case 0:  *fill = pal->ack; fill->a = 0.45; break;
    case 1:  *fill = pal->data; fill->a = 0.75; break;
    case 2:  *fill = pal->syn; fill->a = 0.35; break;
    default: *fill = pal->background; break;
    }
}

static double
bar_block_height (const SeqackFlowPaint *p)
{
  double s = p->s;

  /* title, the NXT mark's label, the bar, two lines of labels for the
   * other two marks */
  return 2 * p->line_h + 2 * s + BAR_PX * s + 2 * s + 2 * p->line_h;
}

double
seqack_flow_render_spaces_height (const SeqackFlowRenderOptions *options)
{
  SeqackFlowPaint p;
  double h;

  g_return_val_if_fail (options != NULL, 0);

  _seqack_flow_paint_init (&p, NULL, options);
  h = 2 * bar_block_height (&p) + GAP_PX * p.s * 3;
  _seqack_flow_paint_clear (&p);
  return h;
}

static const char *
side_title (SeqackSide      side,
            SeqackSpaceKind kind)
{
  if (side == SEQACK_CLIENT)
    return kind == SEQACK_SPACE_SEND ? _("Client sends") : _("Client receives");
  return kind == SEQACK_SPACE_SEND ? _("Server sends") : _("Server receives");
}

static void
paint_bar (cairo_t    *cr,
           SeqackFlowPaint      *p,
           SeqackTrace *trace,
           guint       n_shown,
           SeqackSide  side,
           SeqackSpaceKind kind,
           double      x,
           double      y,
           double      width)
{
  static const char *const send_marks[] = {
    "SND.UNA", "SND.NXT", "SND.UNA+SND.WND" };
  static const char *const recv_marks[] = {
    N_("read"), "RCV.NXT", "RCV.NXT+RCV.WND" };
  double s = p->s;
  double above_y = y + p->line_h;
  double bar_y = above_y + p->line_h + 2 * s, bar_h = BAR_PX * s;
  double label_y = bar_y + bar_h + 2 * s;
  SeqackSpace space;
  SeqackSpaceGeometry g;
  double next_free = x;
  g_autofree char *summary = NULL;
  char bytes[24];

  if (!seqack_flow_get_space (trace, n_shown, side, kind, &space))
    {
      _seqack_flow_paint_text (cr, p, p->bold, side_title (side, kind), x, y, 0,
                  &p->pal->foreground);
      _seqack_flow_paint_text (cr, p, p->text, _("no connection"), x, bar_y, 0,
                  &p->pal->dim);
      return;
    }

  g_snprintf (bytes, sizeof bytes, "%" G_GINT64_FORMAT,
              MAX (0, space.mark[2] - space.mark[1]));
  if (kind == SEQACK_SPACE_SEND)
    /* TRANSLATORS: %s is the bytes the sender may send now */
    summary = g_strdup_printf (_("usable %s"), bytes);
  else
    /* TRANSLATORS: %s is RCV.WND in bytes */
    summary = g_strdup_printf (_("window %s"), bytes);
  _seqack_flow_paint_text (cr, p, p->bold, side_title (side, kind), x, y, 0,
              &p->pal->foreground);
  _seqack_flow_paint_text (cr, p, p->text, summary, x + width, y, 1, &p->pal->dim);

  seqack_flow_space_geometry (&space, x, width, &g);
  for (guint i = 0; i < 4; i++)
    {
      SeqackRgba fill;
      const char *name = seqack_flow_part_name (kind, i);
      double w = g.x1[i] - g.x0[i];

      if (w <= 0)
        continue;
      part_color (p->pal, i, &fill);
      cairo_rectangle (cr, g.x0[i], bar_y, w, bar_h);
      seqack_rgba_set_source (cr, &fill);
      cairo_fill (cr);
      /* A part's name inside it when it fits. */
      if (_seqack_flow_text_width (p->text, name) + 6 * s <= w)
        _seqack_flow_paint_text (cr, p, p->text, name, (g.x0[i] + g.x1[i]) / 2,
                    bar_y + (bar_h - p->line_h) / 2, 0.5,
                    &p->pal->foreground);
    }
  cairo_rectangle (cr, x + 0.5, bar_y + 0.5, width - 1, bar_h - 1);
  cairo_set_line_width (cr, 1);
  seqack_rgba_set_source (cr, &p->pal->timeline);
  cairo_stroke (cr);

  /* The marks: a tick each. SND.NXT (RCV.NXT) is named above the bar,
   * with its number; the other two below it, the name over the number,
   * the right one pushed right of the left one so they never overlap. */
  for (guint j = 0; j < 3; j++)
    {
      const char *name = kind == SEQACK_SPACE_SEND ? send_marks[j]
                                                   : j == 0 ? _(recv_marks[0])
                                                            : recv_marks[j];
      char num[24];
      double w, lx, mx = round (g.mark_x[j]) + 0.5;

      g_snprintf (num, sizeof num, "%" G_GINT64_FORMAT, space.mark[j]);
      if (j == 1)
        {
          g_autofree char *both = g_strdup_printf ("%s %s", name, num);

          w = _seqack_flow_text_width (p->text, both);
          lx = CLAMP (g.mark_x[j] - w / 2, x, MAX (x, x + width - w));
          cairo_move_to (cr, mx, above_y + p->line_h);
          cairo_line_to (cr, mx, bar_y + bar_h);
          cairo_set_line_width (cr, 1.5 * s);
          seqack_rgba_set_source (cr, &p->pal->foreground);
          cairo_stroke (cr);
          _seqack_flow_paint_text (cr, p, p->text, both, lx, above_y, 0,
                      &p->pal->foreground);
          continue;
        }
      w = MAX (_seqack_flow_text_width (p->text, name), _seqack_flow_text_width (p->text, num));
      lx = CLAMP (g.mark_x[j] - w / 2, next_free, x + width - w);
      lx = MAX (lx, x);
      cairo_move_to (cr, mx, bar_y);
      cairo_line_to (cr, mx, label_y);
      cairo_set_line_width (cr, 1.5 * s);
      seqack_rgba_set_source (cr, &p->pal->foreground);
      cairo_stroke (cr);
      if (lx < next_free - 0.5)
        continue;  /* no room left at the right */
      _seqack_flow_paint_text (cr, p, p->text, name, lx + w / 2, label_y, 0.5,
                  &p->pal->dim);
      _seqack_flow_paint_text (cr, p, p->text, num, lx + w / 2, label_y + p->line_h, 0.5,
                  &p->pal->foreground);
      next_free = lx + w + 8 * s;
    }
}

/* @side's send bar and, under it, its receive bar, @width wide from
 * (@x, @y). */
static void
paint_side_bars (cairo_t                       *cr,
                 SeqackFlowPaint               *p,
                 SeqackTrace                   *trace,
                 const SeqackFlowRenderOptions *options,
                 SeqackSide                     side,
                 double                         x,
                 double                         y,
                 double                         width)
{
  double gap = GAP_PX * p->s;

  paint_bar (cr, p, trace, options->n_shown, side, SEQACK_SPACE_SEND, x,
             y + gap, width);
  paint_bar (cr, p, trace, options->n_shown, side, SEQACK_SPACE_RECEIVE, x,
             y + 2 * gap + bar_block_height (p), width);
}

void
seqack_flow_render_spaces (cairo_t                       *cr,
                           SeqackTrace                   *trace,
                           const SeqackFlowRenderOptions *options)
{
  SeqackFlowPaint p;
  double gap, col_w;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (trace != NULL);
  g_return_if_fail (options != NULL);

  _seqack_flow_paint_begin (&p, cr, options);
  gap = GAP_PX * p.s;
  col_w = (options->width - 3 * gap) / 2;
  if (col_w > 20)
    for (int side = 0; side < 2; side++)
      paint_side_bars (cr, &p, trace, options, side,
                       options->x + gap + side * (col_w + gap), options->y,
                       col_w);
  _seqack_flow_paint_end (&p, cr);
}

double
seqack_flow_render_row_height (const SeqackFlowRenderOptions *options)
{
  SeqackFlowPaint p;
  double h;

  g_return_val_if_fail (options != NULL, 0);

  _seqack_flow_paint_init (&p, NULL, options);
  h = bar_block_height (&p) + 2 * GAP_PX * p.s;
  _seqack_flow_paint_clear (&p);
  return h;
}

void
seqack_flow_render_row (cairo_t                       *cr,
                        SeqackTrace                   *trace,
                        const SeqackFlowRenderOptions *options)
{
  SeqackFlowPaint p;
  SeqackSide sender;
  double gap, col_w;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (trace != NULL);
  g_return_if_fail (options != NULL);

  sender = seqack_flow_busier_side (trace, options->n_shown);
  _seqack_flow_paint_begin (&p, cr, options);
  gap = GAP_PX * p.s;
  col_w = (options->width - 3 * gap) / 2;
  if (col_w > 20)
    {
      /* The sender's bar on its own side of the picture. */
      double sx = options->x + gap + (sender == SEQACK_CLIENT ? 0 : col_w + gap);
      double rx = options->x + gap + (sender == SEQACK_CLIENT ? col_w + gap : 0);

      paint_bar (cr, &p, trace, options->n_shown, sender, SEQACK_SPACE_SEND,
                 sx, options->y + gap, col_w);
      paint_bar (cr, &p, trace, options->n_shown, SEQACK_OTHER_SIDE (sender),
                 SEQACK_SPACE_RECEIVE, rx, options->y + gap, col_w);
    }
  _seqack_flow_paint_end (&p, cr);
}

void
seqack_flow_render_side (cairo_t                       *cr,
                         SeqackTrace                   *trace,
                         const SeqackFlowRenderOptions *options)
{
  SeqackFlowRenderOptions plot;
  SeqackFlowPaint p;
  double gap, bars_h;

  g_return_if_fail (cr != NULL);
  g_return_if_fail (trace != NULL);
  g_return_if_fail (options != NULL);

  _seqack_flow_paint_begin (&p, cr, options);
  gap = GAP_PX * p.s;
  bars_h = 2 * bar_block_height (&p) + 3 * gap;
  if (options->width > 2 * gap + 20)
    paint_side_bars (cr, &p, trace, options, options->plot_side,
                     options->x + gap, options->y, options->width - 2 * gap);
  _seqack_flow_paint_end (&p, cr);

  /* The plot in what is left, when that is enough for one. */
  plot = *options;
  plot.y = options->y + bars_h;
  plot.height = options->height - bars_h;
  plot.background = FALSE;
  if (plot.height >= seqack_flow_plot_min_height (trace, &plot))
    seqack_flow_render_plot (cr, trace, &plot);
}
