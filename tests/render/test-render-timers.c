/* test-render-timers.c: the timer lanes on the lifelines: each lane runs
 * from its timer's SET event to the event that ends it, is drawn at those
 * rows, vanishes once the timer fires or is cancelled, and says its name
 * and countdown while it runs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "render-test-util.h"
#include "seqack-sequence-layout.h"
#include "seqack-sequence-render.h"
#include "seqack-render-text.h"
#include "seqack-timer-lanes.h"

#define WIDTH 900

typedef struct
{
  SeqackLab                  *lab;
  SeqackTrace                *trace;
  SeqackSequenceLayout       *layout;
  SeqackTimerLanes           *lanes;
  SeqackSequenceRenderOptions options;
  cairo_surface_t            *surface;
  const SeqackPalette        *pal;
  double                      smallest;
} Picture;

static void
picture_render (Picture *p)
{
  cairo_t *cr;

  g_clear_pointer (&p->surface, cairo_surface_destroy);
  p->options.height = seqack_sequence_render_get_header_height (&p->options)
                      + seqack_sequence_render_get_content_height (p->layout,
                                                                   &p->options);
  p->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH,
                                           (int) ceil (p->options.height));
  cr = cairo_create (p->surface);
  p->smallest = G_MAXDOUBLE;
  p->options.smallest_text_px = &p->smallest;
  seqack_sequence_render (cr, p->layout, &p->options);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
}

static void
picture_init (Picture    *p,
              const char *scenario)
{
  memset (p, 0, sizeof *p);
  p->lab = render_test_run_scenario (scenario);
  p->trace = seqack_lab_get_trace (p->lab);
  p->layout = seqack_sequence_layout_new (p->trace);
  p->lanes = seqack_sequence_layout_get_timer_lanes (p->layout);
  seqack_sequence_render_options_init (&p->options);
  p->options.width = WIDTH;
  p->pal = seqack_palette_get (p->options.scheme);
  picture_render (p);
}

static void
picture_clear (Picture *p)
{
  cairo_surface_destroy (p->surface);
  seqack_sequence_layout_free (p->layout);
  seqack_lab_free (p->lab);
}

static guint
row_of (Picture *p,
        guint    event)
{
  guint row;

  g_assert_true (seqack_sequence_layout_get_event_rows (p->layout, event,
                                                        &row, NULL));
  return row;
}

/* y of the boundary between rows @row - 1 and @row. */
static double
row_top (Picture *p,
         guint    row)
{
  return seqack_sequence_render_get_row_y (&p->options, row)
         - seqack_sequence_render_get_row_height (&p->options) / 2;
}

/* Pixels of @color in the lane's column at @x strictly between the
 * middles of rows @from and @to. */
static guint
lane_pixels (Picture          *p,
             double            x,
             guint             from,
             guint             to,
             const SeqackRgba *color)
{
  double y0 = seqack_sequence_render_get_row_y (&p->options, from) + 3;
  double y1 = seqack_sequence_render_get_row_y (&p->options, to) - 3;

  g_assert_cmpfloat (y1, >, y0);
  return render_test_count (p->surface, x - 1, y0, x + 1, y1, color, 0.08);
}

/* The @k-th lane of @side's @timer (in order), or NULL. */
static const SeqackTimerLane *
nth_lane (Picture        *p,
          SeqackSide      side,
          SeqackTcpTimer  timer,
          guint           k)
{
  for (guint i = 0; i < seqack_timer_lanes_get_n (p->lanes); i++)
    {
      const SeqackTimerLane *lane = seqack_timer_lanes_get (p->lanes, i);

      if (lane->side == side && lane->timer == timer && k-- == 0)
        return lane;
    }
  return NULL;
}

/* Every SET of a timer with a lane starts one, at that event's row; it
 * ends at the next event of the same timer (fired, cancelled or set
 * again), at that event's row. */
static void
test_lanes_follow_timer_events (void)
{
  Picture p;
  guint n_sets = 0, n_fired = 0;

  picture_init (&p, "lost-retransmission");
  for (guint i = 0; i < seqack_trace_get_n_events (p.trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (p.trace, i);

      if (ev->kind == SEQACK_EVENT_TIMER && ev->to == SEQACK_TIMER_SET &&
          ev->from != SEQACK_TCP_TIMER_TIME_WAIT)
        n_sets++;
    }
  g_assert_cmpuint (seqack_timer_lanes_get_n (p.lanes), ==, n_sets);
  g_assert_cmpuint (n_sets, >, 0);

  for (guint i = 0; i < seqack_timer_lanes_get_n (p.lanes); i++)
    {
      const SeqackTimerLane *lane = seqack_timer_lanes_get (p.lanes, i);
      const SeqackEvent *set = seqack_trace_get_event (p.trace,
                                                       lane->event_set);
      const SeqackEvent *end;

      g_assert_cmpint (set->kind, ==, SEQACK_EVENT_TIMER);
      g_assert_cmpint (set->to, ==, SEQACK_TIMER_SET);
      g_assert_cmpint (set->from, ==, lane->timer);
      g_assert_cmpint (set->side, ==, lane->side);
      g_assert_cmpint (lane->deadline, ==, set->t2);
      g_assert_cmpuint (lane->row_start, ==, row_of (&p, lane->event_set));

      /* The whole run is over: every timer stopped. */
      g_assert_cmpuint (lane->event_end, !=, SEQACK_NO_EVENT);
      end = seqack_trace_get_event (p.trace, lane->event_end);
      g_assert_cmpint (end->kind, ==, SEQACK_EVENT_TIMER);
      g_assert_cmpint (end->from, ==, lane->timer);
      g_assert_cmpint (end->side, ==, lane->side);
      g_assert_cmpint (end->to, ==, lane->end);
      g_assert_cmpuint (lane->row_end, ==, row_of (&p, lane->event_end));
      for (guint j = lane->event_set + 1; j < lane->event_end; j++)
        {
          const SeqackEvent *ev = seqack_trace_get_event (p.trace, j);

          g_assert_false (ev->kind == SEQACK_EVENT_TIMER &&
                          ev->from == lane->timer && ev->side == lane->side);
        }
      if (lane->end == SEQACK_TIMER_FIRED)
        {
          SeqackSequenceRow row;

          /* It ends on the "RTO expired" row. */
          g_assert_true (seqack_sequence_layout_get_row (p.layout,
                                                         lane->row_end,
                                                         &row));
          g_assert_cmpint (row.kind, ==, SEQACK_ROW_TIMER);
          n_fired++;
        }
    }
  /* The data segment's timer fired twice (it and its first resend were
   * lost). */
  g_assert_cmpuint (n_fired, ==, 2);
  picture_clear (&p);
}

/* The lane is painted beside the client's lifeline from the segment that
 * armed the timer down to the row where it fired, and not after: the
 * resend starts the next lane a row later. */
static void
test_lane_drawn_until_the_timer_stops (void)
{
  Picture p;
  const SeqackTimerLane *syn, *data, *resend;
  SeqackRgba faded, *bg;
  double x;

  picture_init (&p, "lost-retransmission");
  bg = (SeqackRgba *) &p.pal->background;
  faded = p.pal->timer_lane;
  faded.a *= 0.45;
  faded = render_test_over (&faded, bg);
  x = seqack_sequence_render_get_timer_lane_x (&p.options, SEQACK_CLIENT,
                                               SEQACK_TCP_TIMER_RETRANSMIT);
  g_assert_cmpfloat (x, >, seqack_sequence_render_get_timeline_x (
                             &p.options, SEQACK_CLIENT));

  /* The SYN's timer: from the SYN's row until the SYN,ACK arrives. */
  syn = nth_lane (&p, SEQACK_CLIENT, SEQACK_TCP_TIMER_RETRANSMIT, 0);
  g_assert_nonnull (syn);
  g_assert_cmpint (syn->end, ==, SEQACK_TIMER_CANCELLED);
  g_assert_true (render_test_color_near (
                   render_test_pixel (p.surface, x, row_top (&p,
                                                             syn->row_start)),
                   &faded, 0.08));
  /* Gone from the SYN,ACK's arrival (the row before the cancel) until
   * the data's timer starts. */
  g_assert_cmpuint (lane_pixels (&p, x, syn->row_end - 1,
                                 nth_lane (&p, SEQACK_CLIENT,
                                           SEQACK_TCP_TIMER_RETRANSMIT,
                                           1)->row_start - 1, &faded), ==, 0);

  /* The data's timer fires; the lane stops there; the resend's starts
   * at the resend. */
  data = nth_lane (&p, SEQACK_CLIENT, SEQACK_TCP_TIMER_RETRANSMIT, 1);
  resend = nth_lane (&p, SEQACK_CLIENT, SEQACK_TCP_TIMER_RETRANSMIT, 2);
  g_assert_cmpint (data->end, ==, SEQACK_TIMER_FIRED);
  g_assert_cmpuint (resend->row_start, ==, data->row_end + 2);
  g_assert_true (render_test_color_near (
                   render_test_pixel (p.surface, x,
                                      row_top (&p, data->row_end)),
                   &faded, 0.08));
  g_assert_cmpuint (lane_pixels (&p, x, data->row_end,
                                 resend->row_start - 1, &faded), ==, 0);
  g_assert_true (render_test_color_near (
                   render_test_pixel (p.surface, x,
                                      row_top (&p, resend->row_start)),
                   &faded, 0.08));
  picture_clear (&p);
}

/* Scrubbed to just after the data went out: its lane runs, drawn in full
 * color down to "now" and no further, with "RTO: 0.8 s left" 0.2 s later,
 * in text no smaller than the classroom floor. */
static void
test_running_lane_counts_down (void)
{
  Picture p;
  const SeqackTimerLane *data;
  g_autofree char *text = NULL;
  double x, y_now;
  guint n;

  picture_init (&p, "lost-retransmission");
  data = nth_lane (&p, SEQACK_CLIENT, SEQACK_TCP_TIMER_RETRANSMIT, 1);
  n = data->event_set + 1;
  g_assert_true (seqack_timer_lanes_running (p.lanes, SEQACK_CLIENT,
                                             SEQACK_TCP_TIMER_RETRANSMIT, n)
                 == data);
  g_assert_null (seqack_timer_lanes_running (p.lanes, SEQACK_CLIENT,
                                             SEQACK_TCP_TIMER_RETRANSMIT,
                                             data->event_end + 1));
  text = seqack_timer_lanes_describe (data, data->t_set + 200 * 1000);
  g_assert_cmpstr (text, ==, "RTO: 0.8 s left");

  p.options.n_shown = n;
  p.options.now = data->t_set + 200 * 1000;
  picture_render (&p);
  x = seqack_sequence_render_get_timer_lane_x (&p.options, SEQACK_CLIENT,
                                               SEQACK_TCP_TIMER_RETRANSMIT);
  /* Running: not faded. */
  g_assert_true (render_test_color_near (
                   render_test_pixel (p.surface, x,
                                      row_top (&p, data->row_start)),
                   &p.pal->timer_lane, 0.08));
  /* Nothing below now: where the lane goes on once the timer fires, the
   * scrubbed picture has none yet. */
  g_assert_false (render_test_color_near (
                    render_test_pixel (p.surface, x,
                                       row_top (&p, data->row_end)),
                    &p.pal->timer_lane, 0.2));
  /* The countdown, in the client's column beside the lifeline. */
  y_now = row_top (&p, data->row_start);
  g_assert_cmpuint (render_test_count (p.surface, 0, y_now,
                                       seqack_sequence_render_get_timeline_x (
                                         &p.options, SEQACK_CLIENT),
                                       row_top (&p, data->row_end),
                                       &p.pal->timer_lane_text, 0.1), >, 20);
  g_assert_cmpfloat (p.smallest, >=, SEQACK_RENDER_TEXT_MIN_PX);
  picture_clear (&p);
}

/* The box of @color's pixels in @surface's columns [@x0, @x1) and rows
 * [@y0, @y1); FALSE when there are none. */
static gboolean
color_box (cairo_surface_t   *surface,
           int                x0,
           int                x1,
           int                y0,
           int                y1,
           const SeqackRgba  *color,
           cairo_rectangle_t *box)
{
  int height = cairo_image_surface_get_height (surface);
  int left = G_MAXINT, right = -1, top = G_MAXINT, bottom = -1;

  for (int y = MAX (y0, 0); y < MIN (y1, height); y++)
    for (int x = MAX (x0, 0); x < x1; x++)
      if (render_test_color_near (render_test_pixel (surface, x + 0.5,
                                                     y + 0.5),
                                  color, 0.1))
        {
          left = MIN (left, x);
          right = MAX (right, x);
          top = MIN (top, y);
          bottom = MAX (bottom, y);
        }
  if (right < 0)
    return FALSE;
  box->x = left;
  box->y = top;
  box->width = right + 1 - left;
  box->height = bottom + 1 - top;
  return TRUE;
}

/* A running timer's name and countdown take one line in its state
 * column, however narrow: the whole "RTO: 0.8 s left" where it fits,
 * else "RTO: 0.8 s", else that in the smallest text, else "0.8 s";
 * never wrapped down the column ("RTO:" / "2.0 s" / "left" on a 4:3
 * projector in presentation mode), never over the lifeline or out of the
 * picture. */
static void
test_lane_label_one_line (void)
{
  const struct
  {
    const char     *scenario;
    SeqackTcpTimer  timer;
    gint64          after;    /* µs after the timer was set */
  } timers[] = {
    { "lost-retransmission", SEQACK_TCP_TIMER_RETRANSMIT, 200 * 1000 },
    { "quit-app", SEQACK_TCP_TIMER_FIN_WAIT_2, 3 * SEQACK_USEC_PER_SEC },
  };
  const struct
  {
    double scale, row_scale, width;
  } looks[] = {
    { 1.0, 1.0, 900 },  /* normal mode, wide */
    { 1.0, 1.0, 395 },  /* normal mode at 1024×768 */
    { 1.0, 1.0, 255 },  /* normal mode, the lessons open at 1280×720 */
    { 1.6, 0.8, 548 },  /* presentation mode at 1024×768 */
    { 1.6, 0.8, 700 },  /* presentation mode at 1280×720 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (timers); i++)
    {
      Picture p;
      const SeqackTimerLane *lane;

      picture_init (&p, timers[i].scenario);
      lane = nth_lane (&p, SEQACK_CLIENT, timers[i].timer, 0);
      g_assert_nonnull (lane);
      for (guint l = 0; l < G_N_ELEMENTS (looks); l++)
        {
          SeqackSequenceRenderOptions o = p.options;
          cairo_surface_t *surface;
          cairo_rectangle_t box = { 0, };
          cairo_t *cr;
          double smallest = G_MAXDOUBLE, tl_x, line_px, y_set, row_h;

          o.n_shown = lane->event_set + 1;
          o.now = lane->t_set + timers[i].after;
          o.scale = looks[l].scale;
          o.row_scale = looks[l].row_scale;
          o.width = looks[l].width;
          o.height = seqack_sequence_render_get_header_height (&o)
                     + seqack_sequence_render_get_content_height (p.layout,
                                                                  &o);
          o.smallest_text_px = &smallest;
          surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                (int) o.width,
                                                (int) ceil (o.height));
          cr = cairo_create (surface);
          seqack_sequence_render (cr, p.layout, &o);
          cairo_destroy (cr);

          /* The client's column, left of its lifeline, from the row the
           * timer was set on to a few rows under "now". */
          tl_x = seqack_sequence_render_get_timeline_x (&o, SEQACK_CLIENT);
          y_set = seqack_sequence_render_get_row_y (&o, lane->row_start);
          row_h = seqack_sequence_render_get_row_height (&o);
          g_assert_true (color_box (surface, 0, (int) tl_x,
                                    (int) (y_set - row_h),
                                    (int) (y_set + 3 * row_h),
                                    &p.pal->timer_lane_text, &box));
          line_px = 15 * o.scale;
          if (g_test_verbose ())
            g_test_message ("%s, scale %.1f, width %.0f: label %.0f×%.0f "
                            "at x %.0f (lifeline %.0f)", timers[i].scenario,
                            o.scale, o.width, box.width, box.height, box.x,
                            tl_x);
          /* One line of text (a second would double it). */
          g_assert_cmpfloat (box.height, <=, 1.5 * line_px);
          /* In the column: inside the picture, clear of the lifeline. */
          g_assert_cmpfloat (box.x, >=, 0);
          g_assert_cmpfloat (box.x + box.width, <=, tl_x - 4 * o.scale);
          /* Never smaller than a room can read. */
          g_assert_cmpfloat (smallest, >=,
                             SEQACK_RENDER_TEXT_MIN_PX * o.scale - 0.01);
          /* Wide: RTO's whole sentence, wider than its short form. */
          if (l == 0 && timers[i].timer == SEQACK_TCP_TIMER_RETRANSMIT)
            {
              g_autofree char *brief =
                seqack_timer_lanes_describe_short (lane, o.now);
              PangoLayout *pl =
                seqack_render_text_layout_new (NULL, PANGO_WEIGHT_BOLD, 15);
              double w;

              seqack_render_text_measure (pl, brief, &w, NULL);
              g_assert_cmpfloat (box.width, >, w + 10);
              g_object_unref (pl);
            }
          cairo_surface_destroy (surface);
        }
      picture_clear (&p);
    }
}

/* Quit app: the FIN-WAIT-2 timer gets its lane, Linux's 60 s. The first
 * connection's ends when the late data's RST closes the socket; the
 * second's runs out and fires. */
static void
test_fin_wait_2_lane (void)
{
  Picture p;
  const SeqackTimerLane *reset, *lane;
  g_autofree char *text = NULL;

  picture_init (&p, "quit-app");
  reset = nth_lane (&p, SEQACK_CLIENT, SEQACK_TCP_TIMER_FIN_WAIT_2, 0);
  lane = nth_lane (&p, SEQACK_CLIENT, SEQACK_TCP_TIMER_FIN_WAIT_2, 1);
  g_assert_nonnull (reset);
  g_assert_nonnull (lane);
  g_assert_cmpint (reset->end, ==, SEQACK_TIMER_CANCELLED);
  g_assert_cmpint (lane->end, ==, SEQACK_TIMER_FIRED);
  g_assert_cmpint (lane->deadline - lane->t_set, ==,
                   60 * SEQACK_USEC_PER_SEC);
  text = seqack_timer_lanes_describe (lane, lane->t_set
                                            + 3 * SEQACK_USEC_PER_SEC);
  g_assert_cmpstr (text, ==, "FIN-WAIT-2: 57 s left");
  g_assert_true (seqack_timer_lanes_running (p.lanes, SEQACK_CLIENT,
                                             SEQACK_TCP_TIMER_FIN_WAIT_2,
                                             lane->event_end) == lane);
  g_assert_null (seqack_timer_lanes_running (p.lanes, SEQACK_CLIENT,
                                             SEQACK_TCP_TIMER_FIN_WAIT_2,
                                             lane->event_end + 1));
  picture_clear (&p);
}

/* A fired timer's name beside the server's lifeline, against the
 * diagram's right edge, is never cut by it: where "RTO expired" has no
 * room (presentation mode at 1024×768) it reads "RTO". */
static void
test_fired_timer_name_fits (void)
{
  const double widths[] = { 900, 548 };
  Picture p;
  guint timer_row = G_MAXUINT;

  picture_init (&p, "lost-final-ack");
  for (guint r = 0; r < seqack_sequence_layout_get_n_rows (p.layout); r++)
    {
      SeqackSequenceRow row;

      if (seqack_sequence_layout_get_row (p.layout, r, &row) &&
          row.kind == SEQACK_ROW_TIMER && row.side == SEQACK_SERVER)
        {
          timer_row = r;
          break;
        }
    }
  g_assert_cmpuint (timer_row, !=, G_MAXUINT);

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    {
      SeqackSequenceRenderOptions o = p.options;
      cairo_surface_t *surface;
      cairo_rectangle_t box = { 0, };
      cairo_t *cr;
      double tl_x, y, row_h;

      o.scale = w == 0 ? 1.0 : 1.6;
      o.row_scale = w == 0 ? 1.0 : 0.8;
      o.width = widths[w];
      o.height = seqack_sequence_render_get_header_height (&o)
                 + seqack_sequence_render_get_content_height (p.layout, &o);
      surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                            (int) o.width,
                                            (int) ceil (o.height));
      cr = cairo_create (surface);
      seqack_sequence_render (cr, p.layout, &o);
      cairo_destroy (cr);

      tl_x = seqack_sequence_render_get_timeline_x (&o, SEQACK_SERVER);
      y = seqack_sequence_render_get_row_y (&o, timer_row);
      row_h = seqack_sequence_render_get_row_height (&o);
      g_assert_true (color_box (surface, (int) tl_x + 8, (int) o.width,
                                (int) (y - row_h / 2), (int) (y + row_h / 2),
                                &p.pal->dim, &box));
      /* Whole: its last pixel column is inside the picture, with room. */
      g_assert_cmpfloat (box.x + box.width, <=, o.width - 2);
      cairo_surface_destroy (surface);
    }
  picture_clear (&p);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/timers/lanes-follow-timer-events",
                   test_lanes_follow_timer_events);
  g_test_add_func ("/render/timers/lane-drawn-until-the-timer-stops",
                   test_lane_drawn_until_the_timer_stops);
  g_test_add_func ("/render/timers/running-lane-counts-down",
                   test_running_lane_counts_down);
  g_test_add_func ("/render/timers/fin-wait-2-lane", test_fin_wait_2_lane);
  g_test_add_func ("/render/timers/fired-timer-name-fits",
                   test_fired_timer_name_fits);
  g_test_add_func ("/render/timers/lane-label-one-line",
                   test_lane_label_one_line);

  return g_test_run ();
}
