/* test-render-classroom.c: what a class at the back of the room needs
 * from the drawings: text large enough, the whole state machine in a side
 * column, TIME-WAIT told truthfully, the first steps and the armed "Drop
 * next" on the diagram.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "render-test-util.h"
#include "seqack-render-text.h"
#include "seqack-sequence-layout.h"
#include "seqack-sequence-render.h"
#include "seqack-state-render.h"
#include "seqack-trace-format.h"
#include "seqack-trace-sockets.h"

/* The diagram's share of a 1280x720 window at the default zoom. */
#define DIAGRAM_W 700
#define DIAGRAM_H 400

static cairo_surface_t *
paint (SeqackSequenceLayout        *layout,
       SeqackSequenceRenderOptions *o,
       double                       width,
       double                       height)
{
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, (int) width,
                                        (int) height);
  cr = cairo_create (surface);
  o->width = width;
  o->height = height;
  seqack_sequence_render (cr, layout, o);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  return surface;
}

/* lost-final-ack: the band is labelled with what 2MSL is (60 s), not with
 * the 61 s the client stayed because the timer restarted. */
static void
test_classroom_time_wait_label (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("lost-final-ack");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  SeqackSequenceRenderOptions o;
  const SeqackSequenceSpan *span;
  g_autofree char *text = NULL;
  g_autofree char *stay = NULL;

  seqack_sequence_render_options_init (&o);
  g_assert_cmpuint (seqack_sequence_layout_get_n_spans (layout), ==, 1);
  span = seqack_sequence_layout_get_span (layout, 0);
  g_assert_cmpint (span->side, ==, SEQACK_CLIENT);
  /* The stay really was longer than 2MSL... */
  stay = seqack_sequence_format_duration (trace,
                                          span->t_end - span->t_start);
  g_assert_cmpstr (stay, ==, "61.000 s");
  /* ...but the band says what TIME-WAIT is. */
  text = seqack_sequence_render_get_span_text (layout, &o, 0);
  g_assert_cmpstr (text, ==, "2MSL = 60 s");
  g_assert_cmpint (seqack_sequence_layout_get_time_wait_length (layout,
                                                                SEQACK_CLIENT,
                                                                span->event_end),
                   ==, 60 * SEQACK_USEC_PER_SEC);
}

/* The restart is marked on the client's lifeline at the ACK that answered
 * the repeated FIN, with a bar across the band and its text; a teardown
 * without a lost ACK has no restart. */
static void
test_classroom_restart_mark (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("lost-final-ack");
  g_autoptr (SeqackLab) plain = render_test_run_scenario ("hello-goodbye");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  g_autoptr (SeqackSequenceLayout) plain_layout =
    seqack_sequence_layout_new (seqack_lab_get_trace (plain));
  const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_LIGHT);
  SeqackSequenceRenderOptions o;
  cairo_surface_t *surface;
  const guint *restarts;
  const SeqackEvent *ev;
  g_autofree char *text = NULL;
  guint n, row, resend;
  double x, y, height;

  restarts = seqack_sequence_layout_get_time_wait_restarts (layout, &n);
  g_assert_cmpuint (n, ==, 1);
  ev = seqack_trace_get_event (trace, restarts[0]);
  g_assert_cmpint (ev->kind, ==, SEQACK_EVENT_TIMER);
  g_assert_cmpint (ev->side, ==, SEQACK_CLIENT);
  g_assert_cmpint (ev->from, ==, SEQACK_TCP_TIMER_TIME_WAIT);
  g_assert_cmpint (ev->to, ==, SEQACK_TIMER_SET);
  /* After the retransmitted FIN reached the client. */
  resend = render_test_find_segment (trace, 0, SEQACK_TCP_FIN,
                                     SEQACK_FATE_DELIVERED);
  while (resend != G_MAXUINT
         && !(seqack_trace_get_event (trace, resend)->marks
              & SEQACK_MARK_RETRANSMISSION))
    resend = render_test_find_segment (trace, resend + 1, SEQACK_TCP_FIN,
                                       SEQACK_FATE_DELIVERED);
  g_assert_cmpuint (resend, !=, G_MAXUINT);
  g_assert_cmpint (ev->t, >=, seqack_trace_get_event (trace, resend)->t2);

  text = seqack_sequence_render_get_restart_text (layout, restarts[0]);
  g_assert_cmpstr (text, ==, "ACK again, 2MSL restarts: 60 s");
  seqack_sequence_layout_get_time_wait_restarts (plain_layout, &n);
  g_assert_cmpuint (n, ==, 0);
  /* A busy server's connections each enter TIME-WAIT once while another
   * waits: three first 2MSLs, no restart (no "ACK again"). */
  {
    g_autoptr (SeqackLab) busy = render_test_run_scenario ("server-time-wait");
    g_autoptr (SeqackSequenceLayout) busy_layout =
      seqack_sequence_layout_new (seqack_lab_get_trace (busy));

    seqack_sequence_layout_get_time_wait_restarts (busy_layout, &n);
    g_assert_cmpuint (n, ==, 0);
  }

  /* The bar: the text color across the band, wider than the band. */
  seqack_sequence_render_options_init (&o);
  o.width = DIAGRAM_W;
  height = seqack_sequence_render_get_header_height (&o)
           + seqack_sequence_render_get_content_height (layout, &o);
  surface = paint (layout, &o, DIAGRAM_W, height);
  g_assert_true (seqack_sequence_layout_get_event_rows (layout, restarts[0],
                                                        &row, NULL));
  x = seqack_sequence_render_get_timeline_x (&o, SEQACK_CLIENT);
  y = seqack_sequence_render_get_row_y (&o, row);
  g_assert_true (render_test_color_near (render_test_pixel (surface, x + 9, y),
                                         &pal->foreground, 0.1));
  g_assert_true (render_test_color_near (render_test_pixel (surface, x - 9, y),
                                         &pal->foreground, 0.1));
  /* Its words, beside it in the state column, left of the lifeline. */
  g_assert_cmpuint (render_test_count (surface, 0, y - 18, x - 14, y + 18,
                                       &pal->foreground, 0.15), >, 80);
  /* One row up (the FIN arriving) there is no bar. */
  g_assert_false (render_test_color_near (
                    render_test_pixel (surface, x + 9,
                                       y - seqack_sequence_render_get_row_height (&o)),
                    &pal->foreground, 0.1));
  cairo_surface_destroy (surface);
}

/* While the restarted 2MSL runs, the band's countdown stands one row above
 * the restart's bar, so the two texts never print over each other (they
 * once did, at the very row of the bar). */
static void
test_classroom_restart_clear_of_countdown (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("lost-final-ack");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_LIGHT);
  SeqackSequenceRenderOptions o;
  cairo_surface_t *surface;
  const guint *restarts;
  guint n, row, shown;
  double x, y, row_h, height;
  gint64 t_restart;

  restarts = seqack_sequence_layout_get_time_wait_restarts (layout, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_true (seqack_sequence_layout_get_event_rows (layout, restarts[0],
                                                        &row, NULL));
  /* Everything at the restart's instant: the restarted band is open. */
  t_restart = seqack_trace_get_event (trace, restarts[0])->t;
  for (shown = restarts[0] + 1; shown < seqack_trace_get_n_events (trace);
       shown++)
    if (seqack_trace_get_event (trace, shown)->t > t_restart)
      break;
  seqack_sequence_render_options_init (&o);
  o.width = DIAGRAM_W;
  o.n_shown = shown;
  height = seqack_sequence_render_get_header_height (&o)
           + seqack_sequence_render_get_content_height (layout, &o);
  surface = paint (layout, &o, DIAGRAM_W, height);
  x = seqack_sequence_render_get_timeline_x (&o, SEQACK_CLIENT);
  y = seqack_sequence_render_get_row_y (&o, row);
  row_h = seqack_sequence_render_get_row_height (&o);
  /* The countdown's words stand above the bar, the restart's hang below
   * it, and no text crosses the bar's row (they once printed over each
   * other there). Left of the lifeline, outside the bar itself. */
  g_assert_cmpuint (render_test_count (surface, 0, y - row_h, x - 14, y - 3,
                                       &pal->foreground, 0.15), >, 80);
  g_assert_cmpuint (render_test_count (surface, 0, y + 3, x - 14, y + row_h,
                                       &pal->foreground, 0.15), >, 80);
  g_assert_cmpuint (render_test_count (surface, 0, y - 2, x - 14, y + 2,
                                       &pal->foreground, 0.15), <, 5);
  cairo_surface_destroy (surface);
}

/* The TIME-WAIT countdown ("2MSL: 57 s left") stands under the
 * TIME-WAIT badge, at least 4 px clear of it, at every scrub position
 * and scroll, at normal and presentation scale, wide and narrow, whether
 * it takes one line or two: it once covered the badge's lower half
 * (19.5 px of it). */
static void
test_classroom_countdown_clear_of_badge (void)
{
  const char *scenarios[] = { "hello-goodbye", "lost-final-ack" };
  const struct
  {
    double scale, row_scale, width;
  } looks[] = {
    { 1.0, 1.0, DIAGRAM_W },    /* normal mode, 1280×720 */
    { 1.0, 1.0, 420 },          /* normal mode, a narrow diagram */
    { 1.6, 0.8, 548 },          /* presentation mode, 1024×768 */
    { 1.6, 0.8, 700 },          /* presentation mode, 1280×720 */
  };
  guint n_checked = 0;
  double smallest_gap = G_MAXDOUBLE;

  for (guint sc = 0; sc < G_N_ELEMENTS (scenarios); sc++)
    {
      g_autoptr (SeqackLab) lab = render_test_run_scenario (scenarios[sc]);
      SeqackTrace *trace = seqack_lab_get_trace (lab);
      g_autoptr (SeqackSequenceLayout) layout =
        seqack_sequence_layout_new (trace);
      const SeqackSequenceSpan *span;
      guint n_events = seqack_trace_get_n_events (trace);

      g_assert_cmpuint (seqack_sequence_layout_get_n_spans (layout), ==, 1);
      span = seqack_sequence_layout_get_span (layout, 0);
      for (guint l = 0; l < G_N_ELEMENTS (looks); l++)
        for (guint shown = span->event_start + 1; shown <= n_events; shown++)
          for (int k = -1; k < 6; k++)
            {
              SeqackSequenceRenderOptions o;
              cairo_rectangle_t badge, text;
              double row_h, gap;

              seqack_sequence_render_options_init (&o);
              o.scale = looks[l].scale;
              o.row_scale = looks[l].row_scale;
              o.width = looks[l].width;
              o.height = DIAGRAM_H;
              o.n_shown = shown;
              row_h = seqack_sequence_render_get_row_height (&o);
              /* k < 0: the top of the diagram; else scrolled so that the
               * badge's row sits at the top, then a quarter row higher
               * each step. */
              o.scroll_y = k < 0 ? 0
                                 : MAX (0, (span->row_start - 1) * row_h
                                           + k * row_h / 4);
              if (!seqack_sequence_render_get_state_box (layout, &o,
                                                         span->event_start,
                                                         &badge)
                  || !seqack_sequence_render_get_span_text_box (layout, &o,
                                                                0, &text))
                continue;
              /* The badge is on screen, under the header. */
              if (badge.y + badge.height
                  <= seqack_sequence_render_get_header_height (&o))
                continue;
              gap = text.y - (badge.y + badge.height);
              smallest_gap = MIN (smallest_gap, gap);
              n_checked++;
              if (gap < 4.0 - 1e-6)
                g_error ("%s, scale %.1f, width %.0f, %u events shown, "
                         "scrolled %.0f px: the countdown is %.1f px from "
                         "the TIME-WAIT badge (it needs 4)", scenarios[sc],
                         o.scale, o.width, shown, o.scroll_y, gap);
            }
    }
  if (g_test_verbose ())
    g_test_message ("%u pictures, smallest gap %.1f px", n_checked,
                    smallest_gap);
  g_assert_cmpuint (n_checked, >, 100);
}

/* One countdown: the panel's text and the band's come from the same
 * numbers, so they cannot disagree (they once said "56.1 s" and
 * "00:57"). */
static void
test_classroom_one_countdown (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("hello-goodbye");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  SeqackSequenceRenderOptions o;
  guint set = render_test_find_timer (trace, SEQACK_CLIENT,
                                      SEQACK_TCP_TIMER_TIME_WAIT,
                                      SEQACK_TIMER_SET);
  const SeqackEvent *ev;
  g_autofree char *panel = NULL;
  g_autofree char *band = NULL;
  g_autofree char *before = NULL;

  g_assert_cmpuint (set, !=, G_MAXUINT);
  ev = seqack_trace_get_event (trace, set);
  seqack_sequence_render_options_init (&o);
  o.n_shown = set + 1;
  /* 3.2 s into the 60 s: 56.8 s left, written as 57 s everywhere. */
  o.now = ev->t + 3200000;
  panel = seqack_sequence_render_describe_time_wait (layout, SEQACK_CLIENT,
                                                     o.n_shown, o.now);
  band = seqack_sequence_render_get_span_text (layout, &o, 0);
  g_assert_cmpstr (panel, ==, "TIME-WAIT: 57 s left\n(2MSL = 60 s)");
  g_assert_cmpstr (band, ==, "2MSL: 57 s left");
  g_assert_cmpint (seqack_sequence_layout_get_time_wait_left (layout,
                                                              SEQACK_CLIENT,
                                                              o.n_shown,
                                                              o.now),
                   ==, 56800000);
  /* The server never is in TIME-WAIT; before the timer, no countdown. */
  g_assert_null (seqack_sequence_render_describe_time_wait (layout,
                                                            SEQACK_SERVER,
                                                            o.n_shown,
                                                            o.now));
  before = seqack_sequence_render_describe_time_wait (layout, SEQACK_CLIENT,
                                                      set, ev->t);
  g_assert_null (before);
}

/* A busy server's countdown is its own connection's: when its first
 * TIME-WAIT ends, the connection its buttons act on still waits, and
 * counts down its own 2MSL (the host's last timer record says none is
 * running). */
static void
test_classroom_countdown_own_host (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("server-time-wait");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  guint fired = render_test_find_timer (trace, SEQACK_SERVER,
                                        SEQACK_TCP_TIMER_TIME_WAIT,
                                        SEQACK_TIMER_FIRED);
  SeqackSocketKey calls, first;
  const SeqackEvent *set_ev = NULL;
  g_autofree char *panel = NULL;
  g_autofree char *want = NULL;
  g_autofree char *left = NULL;
  g_autofree char *length = NULL;
  gint64 now;
  guint n;

  g_assert_cmpuint (fired, !=, G_MAXUINT);
  n = fired + 1;
  now = seqack_trace_get_event (trace, fired)->t;
  g_assert_true (seqack_trace_get_socket (trace, fired, &first));
  g_assert_true (seqack_trace_get_calls_socket (trace, n, SEQACK_SERVER,
                                                &calls));
  g_assert_true (calls.remote_port != first.remote_port ||
                 calls.remote_addr != first.remote_addr);
  g_assert_cmpint (seqack_trace_get_state (trace, n - 1, SEQACK_SERVER), ==,
                   SEQACK_TCP_TIME_WAIT);
  /* The calls connection's own 2MSL timer. */
  for (guint i = n; i > 0 && set_ev == NULL; i--)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i - 1);
      SeqackSocketKey key;

      if (ev->kind == SEQACK_EVENT_TIMER && ev->side == SEQACK_SERVER &&
          ev->from == SEQACK_TCP_TIMER_TIME_WAIT &&
          ev->to == SEQACK_TIMER_SET &&
          seqack_trace_get_socket (trace, i - 1, &key) &&
          memcmp (&key, &calls, sizeof key) == 0)
        set_ev = ev;
    }
  g_assert_nonnull (set_ev);
  g_assert_cmpint (set_ev->t2, >, now);

  /* The host's last record: the first connection's timer, fired. */
  g_assert_cmpint (seqack_sequence_layout_get_time_wait_left (layout,
                                                              SEQACK_SERVER,
                                                              n, now),
                   ==, -1);
  left = seqack_sequence_format_seconds_left (set_ev->t2 - now);
  length = seqack_sequence_format_timer_length (set_ev->t2 - set_ev->t);
  want = g_strdup_printf ("TIME-WAIT: %s left\n(2MSL = %s)", left, length);
  panel = seqack_sequence_render_describe_time_wait (layout, SEQACK_SERVER,
                                                     n, now);
  g_assert_cmpstr (panel, ==, want);
  /* The client side's hosts are not in TIME-WAIT (they closed second). */
  g_assert_null (seqack_sequence_render_describe_time_wait (layout,
                                                            SEQACK_CLIENT,
                                                            n, now));
}

/* The empty diagram tells a new user where to start; once something has
 * happened the hint is gone. */
static void
test_classroom_empty_hint (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("handshake");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_LIGHT);
  SeqackSequenceRenderOptions o;
  cairo_surface_t *with, *without, *later;
  double x0, x1, top;
  guint n_with, n_without, n_later;
  double smallest = 0;

  seqack_sequence_render_options_init (&o);
  o.n_shown = 0;
  o.empty_hint = "Press Listen on the server, then Connect on the client";
  o.smallest_text_px = &smallest;
  with = paint (layout, &o, DIAGRAM_W, DIAGRAM_H);
  o.empty_hint = NULL;
  without = paint (layout, &o, DIAGRAM_W, DIAGRAM_H);
  o.empty_hint = "Press Listen on the server, then Connect on the client";
  o.n_shown = 3;
  later = paint (layout, &o, DIAGRAM_W, DIAGRAM_H);

  /* Between the lifelines, under the header. */
  x0 = seqack_sequence_render_get_timeline_x (&o, SEQACK_CLIENT) + 10;
  x1 = seqack_sequence_render_get_timeline_x (&o, SEQACK_SERVER) - 10;
  top = seqack_sequence_render_get_header_height (&o);
  n_with = render_test_count (with, x0, top, x1, DIAGRAM_H,
                              &pal->foreground, 0.2);
  n_without = render_test_count (without, x0, top, x1, DIAGRAM_H,
                                 &pal->foreground, 0.2);
  n_later = render_test_count (later, x0, top, x1, DIAGRAM_H / 2.0,
                               &pal->foreground, 0.2);
  g_test_message ("hint ink: %u px with, %u without", n_with, n_without);
  g_assert_cmpuint (n_without, ==, 0);
  g_assert_cmpuint (n_with, >, 800);
  g_assert_cmpfloat (smallest, >=, SEQACK_RENDER_TEXT_MIN_PX);
  /* With the first arrows shown, only their labels remain there. */
  g_assert_cmpuint (n_later, <, n_with / 2);
  cairo_surface_destroy (with);
  cairo_surface_destroy (without);
  cairo_surface_destroy (later);
}

/* "Drop next" armed for the client: a red ring on its lifeline, none on
 * the server's; nothing when disarmed. */
static void
test_classroom_drop_next_mark (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("handshake");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_LIGHT);
  SeqackSequenceRenderOptions o;
  cairo_surface_t *armed, *plain;
  double xc, xs, top;

  seqack_sequence_render_options_init (&o);
  o.drop_next[SEQACK_CLIENT] = TRUE;
  armed = paint (layout, &o, DIAGRAM_W, DIAGRAM_H);
  o.drop_next[SEQACK_CLIENT] = FALSE;
  plain = paint (layout, &o, DIAGRAM_W, DIAGRAM_H);

  xc = seqack_sequence_render_get_timeline_x (&o, SEQACK_CLIENT);
  xs = seqack_sequence_render_get_timeline_x (&o, SEQACK_SERVER);
  top = seqack_sequence_render_get_header_height (&o);
  g_assert_cmpuint (render_test_count (armed, xc - 12, top, xc + 12,
                                       DIAGRAM_H, &pal->lost, 0.1), >, 40);
  g_assert_cmpuint (render_test_count (armed, xs - 12, top, xs + 12,
                                       DIAGRAM_H, &pal->lost, 0.1), ==, 0);
  g_assert_cmpuint (render_test_count (plain, xc - 12, top, xc + 12,
                                       DIAGRAM_H, &pal->lost, 0.1), ==, 0);
  cairo_surface_destroy (armed);
  cairo_surface_destroy (plain);
}

/* The trace itself says when "Drop next" is armed: from the action to the
 * segment it drops, so scrubbing back shows the mark again. */
static void
test_classroom_drop_next_from_trace (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("lost-final-ack");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_LIGHT);
  SeqackSequenceRenderOptions o;
  cairo_surface_t *surface;
  guint action = G_MAXUINT, lost;
  double xc, top, height;

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_ACTION &&
        seqack_trace_get_event (trace, i)->from == SEQACK_ACTION_DROP_NEXT)
      action = i;
  g_assert_cmpuint (action, !=, G_MAXUINT);
  lost = render_test_find_segment (trace, action, 0, SEQACK_FATE_LOST);
  g_assert_cmpuint (lost, !=, G_MAXUINT);
  g_assert_cmpint (seqack_trace_get_event (trace, lost)->side, ==,
                   SEQACK_CLIENT);

  g_assert_false (seqack_sequence_layout_get_drop_armed (layout,
                                                         SEQACK_CLIENT,
                                                         action));
  g_assert_true (seqack_sequence_layout_get_drop_armed (layout, SEQACK_CLIENT,
                                                        action + 1));
  g_assert_true (seqack_sequence_layout_get_drop_armed (layout, SEQACK_CLIENT,
                                                        lost));
  g_assert_false (seqack_sequence_layout_get_drop_armed (layout,
                                                         SEQACK_CLIENT,
                                                         lost + 1));
  g_assert_false (seqack_sequence_layout_get_drop_armed (layout,
                                                         SEQACK_SERVER,
                                                         lost));

  seqack_sequence_render_options_init (&o);
  o.width = DIAGRAM_W;
  height = seqack_sequence_render_get_header_height (&o)
           + seqack_sequence_render_get_content_height (layout, &o);
  xc = seqack_sequence_render_get_timeline_x (&o, SEQACK_CLIENT);
  top = seqack_sequence_render_get_header_height (&o);
  o.n_shown = action + 1;
  surface = paint (layout, &o, DIAGRAM_W, height);
  g_assert_cmpuint (render_test_count (surface, xc - 12, top, xc + 12, height,
                                       &pal->lost, 0.1), >, 40);
  cairo_surface_destroy (surface);
  /* Once the ACK is lost, only its ✕ mid-wire is red. */
  o.n_shown = lost + 1;
  surface = paint (layout, &o, DIAGRAM_W, height);
  g_assert_cmpuint (render_test_count (surface, xc - 12, top, xc + 12, height,
                                       &pal->lost, 0.1), ==, 0);
  cairo_surface_destroy (surface);
}

/* A RST to a port nobody listens on says so under its arrow; an abort's
 * RST (there was a connection) does not. */
static void
test_classroom_closed_port (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("closed-port");
  g_autoptr (SeqackLab) abort_lab = render_test_run_scenario ("abort");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  SeqackTrace *abort_trace = seqack_lab_get_trace (abort_lab);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_LIGHT);
  SeqackSequenceRenderOptions o;
  cairo_surface_t *surface;
  guint rst = render_test_find_segment (trace, 0, SEQACK_TCP_RST,
                                        SEQACK_FATE_DELIVERED);
  guint abort_rst = render_test_find_segment (abort_trace, 0, SEQACK_TCP_RST,
                                              SEQACK_FATE_DELIVERED);
  const char *note;
  double x0, y0, x1, y1;

  g_assert_cmpuint (rst, !=, G_MAXUINT);
  g_assert_cmpuint (abort_rst, !=, G_MAXUINT);
  note = seqack_trace_format_segment_note (trace, rst);
  g_assert_nonnull (note);
  g_assert_nonnull (strstr (note, "server"));
  g_assert_nonnull (strstr (note, "3.10.7.1"));
  g_assert_true (seqack_trace_segment_is_closed_port_reset (trace, rst));
  g_assert_false (seqack_trace_segment_is_closed_port_reset (abort_trace,
                                                             abort_rst));
  g_assert_null (seqack_trace_format_segment_note (abort_trace, abort_rst));

  /* Under the arrow, in the RST's color, more than the dashed line. */
  seqack_sequence_render_options_init (&o);
  o.width = DIAGRAM_W;
  surface = paint (layout, &o, DIAGRAM_W, DIAGRAM_H);
  g_assert_true (seqack_sequence_render_get_arrow (layout, &o, rst, &x0, &y0,
                                                   &x1, &y1));
  g_assert_cmpuint (render_test_count (surface, MIN (x0, x1) + 40,
                                       (y0 + y1) / 2 + 4, MAX (x0, x1) - 40,
                                       (y0 + y1) / 2 + 40, &pal->rst, 0.15),
                    >, 300);
  cairo_surface_destroy (surface);
}

/* The smallest text of every drawing, measured from the Pango layouts it
 * painted with: at least 14 px at scale 1 (1280x720), 22 px at the
 * presentation scale, and it follows the reader's text size. */
static void
test_classroom_text_size (void)
{
  static const char *const scenarios[] = {
    "hello-goodbye", "lost-final-ack", "closed-port", "lost-syn",
  };
  static const struct
  {
    double scale, text_scale, min_px;
  } sizes[] = {
    { 1.0, 1.0, 14 },
    { 1.6, 1.0, 22 },
    { 1.0, 1.25, 17.5 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    for (guint k = 0; k < G_N_ELEMENTS (sizes); k++)
      {
        g_autoptr (SeqackLab) lab = render_test_run_scenario (scenarios[i]);
        g_autoptr (SeqackSequenceLayout) layout =
          seqack_sequence_layout_new (seqack_lab_get_trace (lab));
        SeqackSequenceRenderOptions o;
        SeqackStateRenderOptions so;
        cairo_surface_t *surface;
        cairo_rectangle_t area = { 0, 0, 0, 0 };
        cairo_t *cr;
        double smallest = G_MAXDOUBLE, state_smallest = 0;

        seqack_sequence_render_options_init (&o);
        o.scale = sizes[k].scale;
        o.text_scale = sizes[k].text_scale;
        o.width = DIAGRAM_W * sizes[k].scale;
        o.smallest_text_px = &smallest;
        o.drop_next[SEQACK_SERVER] = TRUE;
        surface = paint (layout, &o, o.width,
                         seqack_sequence_render_get_header_height (&o)
                         + seqack_sequence_render_get_content_height (layout,
                                                                      &o));
        cairo_surface_destroy (surface);
        g_assert_cmpfloat (smallest, <, G_MAXDOUBLE);
        g_assert_cmpfloat (smallest, >=, sizes[k].min_px - 0.01);
        g_assert_cmpfloat (seqack_sequence_render_get_min_text_px (&o), >=,
                           sizes[k].min_px - 0.01);

        /* The state machine in the room it asks for. */
        seqack_state_render_options_init (&so);
        so.scale = sizes[k].scale;
        so.text_scale = sizes[k].text_scale;
        so.state = SEQACK_TCP_TIME_WAIT;
        so.edge = SEQACK_TCP_EDGE_FIN_WAIT_2_RCV_FIN;
        so.smallest_text_px = &state_smallest;
        seqack_state_render_get_min_size (&so, &area.width, &area.height);
        surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                              (int) area.width,
                                              (int) area.height);
        cr = cairo_create (surface);
        seqack_state_render (cr, &area, &so);
        cairo_destroy (cr);
        cairo_surface_destroy (surface);
        g_test_message ("%s at %g x %g: %.1f px; states %.1f px in %gx%g",
                        scenarios[i], sizes[k].scale, sizes[k].text_scale,
                        smallest, state_smallest, area.width, area.height);
        g_assert_cmpfloat (state_smallest, >=, sizes[k].min_px - 0.01);
      }
}

static gboolean
boxes_overlap (const cairo_rectangle_t *a,
               const cairo_rectangle_t *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width
         && a->y < b->y + b->height && b->y < a->y + a->height;
}

/* All eleven states in a side column: at 1280x720 and 1024x768 the
 * column is about 300 x 240 and 260 x 220; even a thumbnail shows the
 * whole figure. Inside the area, no two boxes overlapping, each name
 * inside its box; full-size names where the area allows them. */
static void
test_classroom_state_fits (void)
{
  static const struct
  {
    double w, h;
  } areas[] = {
    { 300, 240 }, { 260, 220 }, { 200, 150 }, { 288, 196 }, { 640, 200 },
  };
  SeqackStateRenderOptions o;
  double min_w, min_h;

  seqack_state_render_options_init (&o);
  seqack_state_render_get_min_size (&o, &min_w, &min_h);
  g_test_message ("full-size names need %gx%g", min_w, min_h);
  /* Narrow enough for a side column at 1024 px. */
  g_assert_cmpfloat (min_w, <=, 300);
  g_assert_cmpfloat (min_h, <=, 240);

  for (guint a = 0; a < G_N_ELEMENTS (areas); a++)
    {
      cairo_rectangle_t area = { 10, 20, areas[a].w, areas[a].h };
      cairo_rectangle_t boxes[SEQACK_TCP_N_STATES];
      double font = seqack_state_render_get_font_px (&area, &o);
      PangoLayout *pl = seqack_render_text_layout_new (NULL,
                                                       PANGO_WEIGHT_BOLD,
                                                       font);

      for (guint st = 0; st < SEQACK_TCP_N_STATES; st++)
        {
          double tw, th;

          seqack_state_render_get_box (&area, &o, st, &boxes[st]);
          g_assert_cmpfloat (boxes[st].x, >=, area.x);
          g_assert_cmpfloat (boxes[st].y, >=, area.y);
          g_assert_cmpfloat (boxes[st].x + boxes[st].width, <=,
                             area.x + area.width);
          g_assert_cmpfloat (boxes[st].y + boxes[st].height, <=,
                             area.y + area.height);
          seqack_render_text_measure (pl, seqack_tcp_state_name (st), &tw,
                                      &th);
          g_assert_cmpfloat (tw, <, boxes[st].width);
          for (guint other = 0; other < st; other++)
            if (boxes_overlap (&boxes[st], &boxes[other]))
              g_error ("%s overlaps %s in %gx%g",
                       seqack_tcp_state_name (st),
                       seqack_tcp_state_name (other), area.width,
                       area.height);
        }
      if (area.width >= min_w && area.height >= min_h)
        g_assert_cmpfloat (font, >=, SEQACK_RENDER_TEXT_MIN_PX - 0.01);
      g_object_unref (pl);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/classroom/time-wait-label",
                   test_classroom_time_wait_label);
  g_test_add_func ("/render/classroom/restart-mark",
                   test_classroom_restart_mark);
  g_test_add_func ("/render/classroom/restart-clear-of-countdown",
                   test_classroom_restart_clear_of_countdown);
  g_test_add_func ("/render/classroom/countdown-clear-of-badge",
                   test_classroom_countdown_clear_of_badge);
  g_test_add_func ("/render/classroom/one-countdown",
                   test_classroom_one_countdown);
  g_test_add_func ("/render/classroom/countdown-own-host",
                   test_classroom_countdown_own_host);
  g_test_add_func ("/render/classroom/empty-hint", test_classroom_empty_hint);
  g_test_add_func ("/render/classroom/drop-next-mark",
                   test_classroom_drop_next_mark);
  g_test_add_func ("/render/classroom/drop-next-from-trace",
                   test_classroom_drop_next_from_trace);
  g_test_add_func ("/render/classroom/closed-port",
                   test_classroom_closed_port);
  g_test_add_func ("/render/classroom/text-size", test_classroom_text_size);
  g_test_add_func ("/render/classroom/state-fits",
                   test_classroom_state_fits);

  return g_test_run ();
}
