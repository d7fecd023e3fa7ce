/* seqack-timer-lanes.c: the timers each endpoint has running, as lanes.
 *
 * Lanes are appended in the order their timers are set, so by start row.
 * A view finds those crossing its rows the way it finds arrows: a binary
 * search on the start row, then back over at most LONG_SPAN rows; the few
 * lanes longer than that, and those still running, are listed apart and
 * always visited.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "seqack-timer-lanes.h"

#include <glib/gi18n-lib.h>

#include "seqack-render-text.h"
#include "seqack-sequence-layout.h"

#define LONG_SPAN SEQACK_SEQUENCE_LONG_SPAN

struct _SeqackTimerLanes
{
  GArray *lanes;                              /* SeqackTimerLane */
  GArray *long_lanes;                         /* guint: index in lanes */
  /* By host (seqack-trace.h, "Hosts"; sides' numbers are their
   * endpoints'): */
  GArray *by_timer[SEQACK_N_HOSTS][SEQACK_TCP_N_TIMERS]; /* guint, in
                                                         * order */
  guint   open[SEQACK_N_HOSTS][SEQACK_TCP_N_TIMERS];    /* index, or
                                                         * G_MAXUINT */
};

static gboolean
has_lane (SeqackTcpTimer timer)
{
  /* TIME-WAIT has its band (seqack-sequence-layout.h). */
  return timer < SEQACK_TCP_N_TIMERS && timer != SEQACK_TCP_TIMER_TIME_WAIT;
}

SeqackTimerLanes *
_seqack_timer_lanes_new (void)
{
  SeqackTimerLanes *self = g_new0 (SeqackTimerLanes, 1);

  self->lanes = g_array_new (FALSE, FALSE, sizeof (SeqackTimerLane));
  self->long_lanes = g_array_new (FALSE, FALSE, sizeof (guint));
  for (int side = 0; side < SEQACK_N_HOSTS; side++)
    for (int t = 0; t < SEQACK_TCP_N_TIMERS; t++)
      {
        self->by_timer[side][t] = g_array_new (FALSE, FALSE, sizeof (guint));
        self->open[side][t] = G_MAXUINT;
      }
  return self;
}

void
_seqack_timer_lanes_free (SeqackTimerLanes *self)
{
  if (self == NULL)
    return;
  g_array_unref (self->lanes);
  g_array_unref (self->long_lanes);
  for (int side = 0; side < SEQACK_N_HOSTS; side++)
    for (int t = 0; t < SEQACK_TCP_N_TIMERS; t++)
      g_array_unref (self->by_timer[side][t]);
  g_free (self);
}

void
_seqack_timer_lanes_clear (SeqackTimerLanes *self)
{
  g_array_set_size (self->lanes, 0);
  g_array_set_size (self->long_lanes, 0);
  for (int side = 0; side < SEQACK_N_HOSTS; side++)
    for (int t = 0; t < SEQACK_TCP_N_TIMERS; t++)
      {
        g_array_set_size (self->by_timer[side][t], 0);
        self->open[side][t] = G_MAXUINT;
      }
}

static void
end_lane (SeqackTimerLanes  *self,
          guint              event,
          const SeqackEvent *ev,
          guint              host,
          guint              row)
{
  guint index = self->open[host][ev->from];
  SeqackTimerLane *lane;

  if (index == G_MAXUINT)
    return;
  lane = &g_array_index (self->lanes, SeqackTimerLane, index);
  lane->event_end = event;
  lane->row_end = row;
  lane->end = ev->to;
  self->open[host][ev->from] = G_MAXUINT;
  if (row - lane->row_start > LONG_SPAN)
    g_array_append_val (self->long_lanes, index);
}

void
_seqack_timer_lanes_note (SeqackTimerLanes  *self,
                          guint              event,
                          const SeqackEvent *ev,
                          guint              host,
                          guint              row)
{
  SeqackTimerLane lane = { 0, };
  guint index;

  if (ev->kind != SEQACK_EVENT_TIMER || ev->side > SEQACK_SERVER
      || host >= SEQACK_N_HOSTS || !has_lane (ev->from))
    return;

  end_lane (self, event, ev, host, row);
  if (ev->to != SEQACK_TIMER_SET)
    return;

  lane.event_set = event;
  lane.event_end = SEQACK_NO_EVENT;
  lane.row_start = row;
  lane.row_end = SEQACK_NO_ROW;
  lane.t_set = ev->t;
  lane.deadline = ev->t2;
  lane.side = ev->side;
  lane.host = (guint8) host;
  lane.timer = ev->from;
  index = self->lanes->len;
  g_array_append_val (self->lanes, lane);
  g_array_append_val (self->by_timer[host][ev->from], index);
  self->open[host][ev->from] = index;
}

guint
seqack_timer_lanes_get_n (SeqackTimerLanes *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->lanes->len;
}

const SeqackTimerLane *
seqack_timer_lanes_get (SeqackTimerLanes *self,
                        guint             index)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (index >= self->lanes->len)
    return NULL;
  return &g_array_index (self->lanes, SeqackTimerLane, index);
}

static gboolean
crosses (const SeqackTimerLane *lane,
         guint                  first_row,
         guint                  end_row)
{
  return lane->row_start < end_row
         && (lane->row_end == SEQACK_NO_ROW || lane->row_end >= first_row);
}

void
seqack_timer_lanes_foreach_in (SeqackTimerLanes    *self,
                               guint                first_row,
                               guint                end_row,
                               SeqackTimerLaneFunc  func,
                               gpointer             data)
{
  guint lo = 0, hi;

  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  for (int side = 0; side < SEQACK_N_HOSTS; side++)
    for (int t = 0; t < SEQACK_TCP_N_TIMERS; t++)
      {
        guint i = self->open[side][t];

        if (i != G_MAXUINT
            && crosses (seqack_timer_lanes_get (self, i), first_row, end_row)
            && !func (seqack_timer_lanes_get (self, i), data))
          return;
      }
  for (guint k = 0; k < self->long_lanes->len; k++)
    {
      const SeqackTimerLane *lane =
        seqack_timer_lanes_get (self, g_array_index (self->long_lanes, guint,
                                                     k));

      if (crosses (lane, first_row, end_row) && !func (lane, data))
        return;
    }

  /* The first lane starting at or after end_row. */
  hi = self->lanes->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (self->lanes, SeqackTimerLane, mid).row_start
          < end_row)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (guint i = lo; i-- > 0;)
    {
      const SeqackTimerLane *lane = seqack_timer_lanes_get (self, i);

      if (lane->row_start + LONG_SPAN < first_row)
        break;
      /* Running and long lanes were visited above. */
      if (lane->row_end == SEQACK_NO_ROW
          || lane->row_end - lane->row_start > LONG_SPAN)
        continue;
      if (crosses (lane, first_row, end_row) && !func (lane, data))
        return;
    }
}

const SeqackTimerLane *
seqack_timer_lanes_running (SeqackTimerLanes *self,
                            guint             host,
                            SeqackTcpTimer    timer,
                            guint             n)
{
  GArray *list;
  const SeqackTimerLane *lane;
  guint lo = 0, hi;

  g_return_val_if_fail (self != NULL, NULL);

  if (host >= SEQACK_N_HOSTS || !has_lane (timer))
    return NULL;
  list = self->by_timer[host][timer];
  /* The last lane set before event @n. */
  hi = list->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (seqack_timer_lanes_get (self, g_array_index (list, guint, mid))
            ->event_set < n)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (lo == 0)
    return NULL;
  lane = seqack_timer_lanes_get (self, g_array_index (list, guint, lo - 1));
  if (lane->event_end != SEQACK_NO_EVENT && lane->event_end < n)
    return NULL;
  return lane;
}

const char *
seqack_timer_lanes_name (SeqackTcpTimer timer)
{
  switch (timer)
    {
    case SEQACK_TCP_TIMER_RETRANSMIT:
      /* TRANSLATORS: the retransmission timer's lane on a lifeline */
      return _("RTO");
    case SEQACK_TCP_TIMER_PERSIST:
      /* TRANSLATORS: the persist (zero-window probe) timer's lane */
      return _("persist");
    case SEQACK_TCP_TIMER_FIN_WAIT_2:
      return _("FIN-WAIT-2");
    case SEQACK_TCP_TIMER_DELAYED_ACK:
      return _("delayed ACK");
    case SEQACK_TCP_TIMER_TIME_WAIT:
    case SEQACK_TCP_N_TIMERS:
    default:
      return "";
    }
}

/* "0.8 s", "57 s": how long until @lane's timer fires at @now. */
static char *
time_left (const SeqackTimerLane *lane,
           gint64                 now)
{
  gint64 left = MAX (lane->deadline - now, 0);

  if (left < 10 * SEQACK_USEC_PER_SEC)
    {
      /* Tenths, rounded up: a timer "0.0 s" from firing has fired. */
      gint64 tenths = (left + SEQACK_USEC_PER_SEC / 10 - 1)
                      / (SEQACK_USEC_PER_SEC / 10);

      /* TRANSLATORS: seconds to one decimal, e.g. "0.8 s" */
      return g_strdup_printf (_("%d.%d s"), (int) (tenths / 10),
                              (int) (tenths % 10));
    }
  return g_strdup_printf (_("%d s"),
                          (int) ((left + SEQACK_USEC_PER_SEC - 1)
                                 / SEQACK_USEC_PER_SEC));
}

char *
seqack_timer_lanes_describe (const SeqackTimerLane *lane,
                             gint64                 now)
{
  g_autofree char *clock = NULL;

  g_return_val_if_fail (lane != NULL, NULL);

  clock = time_left (lane, now);
  /* TRANSLATORS: a running timer on its lifeline, e.g. "RTO: 0.8 s left"
   * or "FIN-WAIT-2: 57 s left" */
  return g_strdup_printf (_("%s: %s left"),
                          seqack_timer_lanes_name (lane->timer), clock);
}

char *
seqack_timer_lanes_describe_short (const SeqackTimerLane *lane,
                                   gint64                 now)
{
  g_autofree char *clock = NULL;

  g_return_val_if_fail (lane != NULL, NULL);

  clock = time_left (lane, now);
  /* TRANSLATORS: a running timer on its lifeline where "RTO: 0.8 s left"
   * does not fit, e.g. "RTO: 0.8 s" */
  return g_strdup_printf (_("%s: %s"),
                          seqack_timer_lanes_name (lane->timer), clock);
}

/* Painting */

#define LANE_WIDTH  4.0
#define LANE_PITCH  6.0
#define LANE_INSET  9.0   /* clear of the state dot and the 2MSL band */

static guint
lane_slot (SeqackTcpTimer timer)
{
  switch (timer)
    {
    case SEQACK_TCP_TIMER_RETRANSMIT:
      return 0;
    case SEQACK_TCP_TIMER_PERSIST:
    case SEQACK_TCP_TIMER_FIN_WAIT_2:
      return 1;
    case SEQACK_TCP_TIMER_DELAYED_ACK:
    case SEQACK_TCP_TIMER_TIME_WAIT:
    case SEQACK_TCP_N_TIMERS:
    default:
      return 2;
    }
}

double
_seqack_timer_lanes_x (const SeqackTimerLanePaint *p,
                       guint                       host,
                       SeqackTcpTimer              timer)
{
  double inward = host == SEQACK_SERVER ? -1.0 : 1.0;

  return p->tl_x[host]
         + inward * (LANE_INSET + LANE_PITCH * lane_slot (timer)) * p->s;
}

/* The middle of @row, or, for an event that has no row of its own (it
 * sits where the next row goes), the middle of the row before: what made
 * it happen (the segment that armed the timer, the ACK that stopped it). */
static double
edge_y (const SeqackTimerLanePaint *p,
        guint                       row,
        gboolean                    own_row)
{
  if (!own_row && row > 0)
    row--;
  return p->rows_top + (row + 0.5) * p->row_h - p->scroll_y;
}

typedef struct
{
  cairo_t                    *cr;
  const SeqackTimerLanePaint *p;
  const SeqackTimerLane      *running[SEQACK_N_HOSTS][SEQACK_TCP_N_TIMERS];
} PaintData;

static gboolean
paint_lane_cb (const SeqackTimerLane *lane,
               gpointer               data)
{
  PaintData *pd = data;
  const SeqackTimerLanePaint *p = pd->p;
  gboolean running;
  double x, y0, y1, w = LANE_WIDTH * p->s;
  SeqackRgba color = p->pal->timer_lane;

  if (lane->event_set >= p->n_shown)
    return TRUE;
  running = lane->event_end == SEQACK_NO_EVENT || lane->event_end >= p->n_shown;
  y0 = edge_y (p, lane->row_start, FALSE);
  if (running)
    {
      y1 = p->rows_top + p->now_row * p->row_h - p->scroll_y;
      if (p->t_now < lane->deadline)
        pd->running[lane->host][lane->timer] = lane;
    }
  else
    y1 = edge_y (p, lane->row_end, lane->end == SEQACK_TIMER_FIRED);
  if (y1 < y0 + w)
    y1 = y0 + w;
  if (y1 < p->rows_top || y0 > p->rows_bottom)
    return TRUE;

  /* A timer that stopped fades: the running ones are what to watch. */
  if (!running)
    color.a *= 0.45;
  if ((p->hosts & (1u << lane->host)) == 0)
    return TRUE;
  x = _seqack_timer_lanes_x (p, lane->host, lane->timer);
  seqack_rounded_rect (pd->cr, x - w / 2, y0, w, y1 - y0, w / 2);
  seqack_rgba_set_source (pd->cr, &color);
  cairo_fill (pd->cr);
  return TRUE;
}

/* Sets @pl to one line of @text, cut to @room px with an ellipsis in the
 * middle when @cut (the countdown at its end stays whole); @w, @h its
 * size. */
static void
set_line (PangoLayout *pl,
          const char  *text,
          double       room,
          gboolean     cut,
          double      *w,
          double      *h)
{
  pango_layout_set_wrap (pl, PANGO_WRAP_WORD);
  pango_layout_set_width (pl, cut ? (int) (room * PANGO_SCALE) : -1);
  pango_layout_set_ellipsize (pl, cut ? PANGO_ELLIPSIZE_MIDDLE
                                      : PANGO_ELLIPSIZE_NONE);
  seqack_render_text_measure (pl, text, w, h);
}

/* The label of running @lane at @p's time on one line of at most @room
 * px: "RTO: 0.8 s left" in @p's font, else "RTO: 0.8 s", else that in
 * its small font, else "0.8 s", else that cut with an ellipsis (*@cut).
 * Returns the face, sets *@text (free it) and its size. */
static PangoLayout *
fit_label (const SeqackTimerLanePaint *p,
           const SeqackTimerLane      *lane,
           double                      room,
           char                      **text,
           gboolean                   *cut,
           double                     *w,
           double                     *h)
{
  g_autofree char *full = seqack_timer_lanes_describe (lane, p->t_now);
  g_autofree char *brief = seqack_timer_lanes_describe_short (lane,
                                                              p->t_now);
  g_autofree char *clock = time_left (lane, p->t_now);
  struct
  {
    PangoLayout *pl;
    const char  *text;
  } forms[] = {
    { p->font, full },          /* "RTO: 0.8 s left" */
    { p->font, brief },         /* "RTO: 0.8 s" */
    { p->small_font, brief },   /* the same in the diagram's smallest */
    /* "0.8 s": the green lane beside it says which timer (a narrow
     * diagram, the lessons open) */
    { p->small_font, clock },
  };
  PangoLayout *small = p->small_font != NULL ? p->small_font : p->font;

  /* One line, always: wrapped, "RTO:" / "0.8 s" / "left" ran three lines
   * down the state column on a 4:3 projector and over what came next. */
  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      if (forms[i].pl == NULL)
        continue;
      set_line (forms[i].pl, forms[i].text, room, FALSE, w, h);
      if (*w <= room)
        {
          *text = g_strdup (forms[i].text);
          *cut = FALSE;
          return forms[i].pl;
        }
    }
  set_line (small, clock, room, TRUE, w, h);
  *text = g_steal_pointer (&clock);
  *cut = TRUE;
  return small;
}

/* The running timers' names and countdowns at the current time, beside
 * the lifeline in the state column (below the "Drop next" mark), one
 * under the other, each on one line. */
static void
paint_labels (PaintData *pd)
{
  const SeqackTimerLanePaint *p = pd->p;
  double margin = 2 * p->s, gap = 12 * p->s;

  for (int side = 0; side < SEQACK_N_HOSTS; side++)
    {
      gboolean outside_left = (side != SEQACK_SERVER) == p->state_columns;
      double x = p->tl_x[side], room, y, total = 0;
      char *texts[SEQACK_TCP_N_TIMERS] = { NULL, };
      PangoLayout *faces[SEQACK_TCP_N_TIMERS] = { NULL, };
      gboolean cut[SEQACK_TCP_N_TIMERS] = { FALSE, };
      double widths[SEQACK_TCP_N_TIMERS] = { 0, };
      double heights[SEQACK_TCP_N_TIMERS] = { 0, };

      room = outside_left ? x - gap - (p->x + margin)
                          : p->x + p->width - margin - (x + gap);
      room = MAX (room, 40 * p->s);
      for (int t = 0; t < SEQACK_TCP_N_TIMERS; t++)
        {
          if (pd->running[side][t] == NULL)
            continue;
          faces[t] = fit_label (p, pd->running[side][t], room, &texts[t],
                                &cut[t], &widths[t], &heights[t]);
          total += heights[t];
        }

      /* From the top of the row "now" is, where the lanes end; under the
       * "Drop next" mark, centred on that row, when it is there. */
      y = p->rows_top + p->now_row * p->row_h - p->scroll_y
          + (side <= SEQACK_SERVER && p->drop_armed[side]
             ? p->row_h / 2 + 12 * p->s : 4 * p->s);
      y = MIN (y, p->rows_bottom - total - margin);
      y = MAX (y, p->rows_top + margin);
      for (int t = 0; t < SEQACK_TCP_N_TIMERS; t++)
        {
          double left, w, h;

          if (texts[t] == NULL)
            continue;
          /* The faces are shared: set this label's line again. */
          set_line (faces[t], texts[t], room, cut[t], &w, &h);
          left = outside_left ? x - gap - w : x + gap;
          left = MAX (left, p->x + margin);
          if (p->smallest != NULL)
            *p->smallest = MIN (*p->smallest,
                                seqack_render_text_get_px (faces[t]));
          seqack_render_text_draw (pd->cr, faces[t], texts[t], left, y, 0.0,
                                   0.0, &p->pal->timer_lane_text);
          /* Leave them as the rest of the diagram expects them. */
          set_line (faces[t], "", room, FALSE, &w, &h);
          y += heights[t];
          g_free (texts[t]);
        }
    }
}

void
_seqack_timer_lanes_paint (SeqackTimerLanes           *self,
                           cairo_t                    *cr,
                           const SeqackTimerLanePaint *p)
{
  PaintData pd = { cr, p, { { NULL, }, } };

  if (self->lanes->len == 0 || p->n_shown == 0)
    return;
  cairo_save (cr);
  /* Down to "now", where the running lanes end: their labels go there. */
  seqack_timer_lanes_foreach_in (self, p->first_row,
                                 MAX (p->end_row, p->now_row + 1),
                                 paint_lane_cb, &pd);
  paint_labels (&pd);
  cairo_restore (cr);
}
