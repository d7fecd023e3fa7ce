/* test-render-marks.c: the diagram counts duplicate ACKs (1, 2, 3) and
 * marks the fast retransmission they cause ("3×"), in pixels where the
 * arrows are; and every ACK's label carries the window it advertises.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "render-test-util.h"
#include "seqack-explain.h"
#include "seqack-sequence-layout.h"
#include "seqack-sequence-marks.h"
#include "seqack-render-text.h"
#include "seqack-sequence-render.h"
#include "seqack-tcp-header.h"

#define WIDTH 900

/* lost-data: the badges follow the duplicate ACKs as the trace has them. */
static void
test_marks_badges (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("lost-data");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  guint dups = 0, fast = 0;

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);
      g_autofree char *badge = seqack_sequence_marks_badge (trace, i);

      if (e->kind == SEQACK_EVENT_SEGMENT && (e->edge & SEQACK_WHY_DUP_ACK))
        {
          g_autofree char *want = g_strdup_printf ("%u", ++dups);

          g_assert_cmpstr (badge, ==, want);
          g_assert_cmpuint (seqack_explain_dup_ack_count (trace, i),
                            ==, dups);
        }
      else if (e->kind == SEQACK_EVENT_SEGMENT &&
               (e->edge & SEQACK_WHY_FAST_RETRANSMISSION))
        {
          /* After the third duplicate ACK, which had arrived. */
          g_assert_cmpuint (dups, ==, 3);
          g_assert_cmpuint (seqack_explain_dup_acks_before (trace, i),
                            ==, 3);
          g_assert_cmpstr (badge, ==, "3×");
          fast++;
        }
      else
        {
          g_assert_null (badge);
          g_assert_cmpuint (seqack_explain_dup_ack_count (trace, i),
                            ==, 0);
        }
    }
  g_assert_cmpuint (dups, ==, 3);
  g_assert_cmpuint (fast, ==, 1);
}

/* The badge is painted where the arrow is, near its head, and nowhere on
 * a plain ACK. */
static void
test_marks_painted (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("lost-data");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  SeqackSequenceLayout *layout = seqack_sequence_layout_new (trace);
  SeqackSequenceRenderOptions options;
  const SeqackPalette *pal;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint marked = 0, plain = 0;

  seqack_sequence_render_options_init (&options);
  options.width = WIDTH;
  options.height = seqack_sequence_render_get_header_height (&options)
                   + seqack_sequence_render_get_content_height (layout,
                                                                &options);
  pal = seqack_palette_get (options.scheme);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH,
                                        (int) ceil (options.height));
  cr = cairo_create (surface);
  seqack_sequence_render (cr, layout, &options);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);
      g_autofree char *badge = NULL;
      double x0, y0, x1, y1, bx, by;
      guint red;

      if (e->kind != SEQACK_EVENT_SEGMENT || e->fate != SEQACK_FATE_DELIVERED
          || !seqack_sequence_render_get_arrow (layout, &options, i, &x0, &y0,
                                                &x1, &y1))
        continue;
      badge = seqack_sequence_marks_badge (trace, i);
      bx = x0 + SEQACK_SEQUENCE_MARKS_AT * (x1 - x0);
      by = y0 + SEQACK_SEQUENCE_MARKS_AT * (y1 - y0);
      red = render_test_count (surface, bx - 6, by - 6, bx + 6, by + 6,
                               &pal->lost, 0.12);
      if (badge != NULL)
        {
          g_assert_cmpuint (red, >, 30);
          marked++;
        }
      else if (e->flags == SEQACK_TCP_ACK && e->number == 0)
        {
          g_assert_cmpuint (red, ==, 0);
          plain++;
        }
    }
  g_assert_cmpuint (marked, ==, 4);
  g_assert_cmpuint (plain, >, 3);
  cairo_surface_destroy (surface);
  seqack_sequence_layout_free (layout);
}

/* zero-window: each ACK's arrow label says the window it advertises,
 * Win=0 among them; a SYN without ACK says none. */
static void
test_marks_window_labels (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("zero-window");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  SeqackSequenceLayout *layout = seqack_sequence_layout_new (trace);
  guint zero = 0, acks = 0;

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);
      const char *label;
      g_autofree char *win = NULL;

      if (e->kind != SEQACK_EVENT_SEGMENT)
        continue;
      label = seqack_sequence_layout_get_label (layout, i, FALSE);
      win = g_strdup_printf (" Win=%u", e->window);
      if (e->flags & SEQACK_TCP_ACK)
        {
          g_assert_nonnull (strstr (label, win));
          acks++;
          zero += e->window == 0;
        }
      else
        g_assert_null (strstr (label, "Win="));
    }
  g_assert_cmpuint (acks, >, 10);
  g_assert_cmpuint (zero, >, 0);
  seqack_sequence_layout_free (layout);
}

/* A label too long for its arrow: an ACK without data drops its Seq
 * first, then its window; a data segment drops only its window. */
static void
test_marks_shorten (void)
{
  g_autoptr (GString) out = g_string_new ("old");
  const char *dup = "ACK Seq=1 Ack=1461 Win=64240 (duplicate ACK)";
  const char *data = "ACK Seq=1 Ack=1 Len=1460 Win=64240";

  g_assert_true (seqack_sequence_marks_shorten (dup, 1, FALSE, out));
  g_assert_cmpstr (out->str, ==, "ACK Ack=1461 Win=64240 (duplicate ACK)");
  g_assert_true (seqack_sequence_marks_shorten (dup, 2, FALSE, out));
  g_assert_cmpstr (out->str, ==, "ACK Ack=1461 (duplicate ACK)");
  g_assert_false (seqack_sequence_marks_shorten (dup, 3, FALSE, out));
  g_assert_true (seqack_sequence_marks_shorten ("FIN, ACK Seq=20001 Ack=1 "
                                                "Win=0", 1, FALSE, out));
  g_assert_cmpstr (out->str, ==, "FIN, ACK Ack=1 Win=0");
  g_assert_true (seqack_sequence_marks_shorten (data, 1, FALSE, out));
  g_assert_cmpstr (out->str, ==, "ACK Seq=1 Ack=1 Len=1460");
  g_assert_false (seqack_sequence_marks_shorten (data, 2, FALSE, out));
  g_assert_false (seqack_sequence_marks_shorten ("SYN Seq=0", 1, FALSE, out));
  g_assert_cmpstr (out->str, ==, "ACK Seq=1 Ack=1 Len=1460");
}

/* A window update is sent for its Win=N and a closing ACK for its Win=0:
 * shortened, they drop the Seq and then the Ack (a window update's
 * repeats the last ACK's), never the window. */
static void
test_marks_shorten_keeps_window (void)
{
  g_autoptr (GString) out = g_string_new ("old");
  const char *update = "ACK Seq=1 Ack=20001 Win=4380 (window update)";
  const char *data = "ACK Seq=1 Ack=1 Len=1460 Win=0";

  g_assert_true (seqack_sequence_marks_shorten (update, 1, TRUE, out));
  g_assert_cmpstr (out->str, ==, "ACK Ack=20001 Win=4380 (window update)");
  g_assert_true (seqack_sequence_marks_shorten (update, 2, TRUE, out));
  g_assert_cmpstr (out->str, ==, "ACK Win=4380 (window update)");
  g_assert_false (seqack_sequence_marks_shorten (update, 3, TRUE, out));
  g_assert_cmpstr (out->str, ==, "ACK Win=4380 (window update)");
  g_assert_true (seqack_sequence_marks_shorten (data, 1, TRUE, out));
  g_assert_cmpstr (out->str, ==, "ACK Seq=1 Len=1460 Win=0");
  g_assert_false (seqack_sequence_marks_shorten (data, 2, TRUE, out));
}

/* zero-window drawn narrower and narrower, as the diagram paints it:
 * every window update's label and every closing ACK's keeps its Win=N
 * however short the arrow, and at the narrowest widths they have lost
 * their Seq and Ack instead (where Win=N used to go). */
static void
test_marks_painted_keeps_window (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("zero-window");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  SeqackSequenceLayout *layout = seqack_sequence_layout_new (trace);
  guint updates = 0, closing = 0, bare = 0;

  for (double width = 1100; width >= 300; width -= 40)
    {
      SeqackSequenceRenderOptions options;

      seqack_sequence_render_options_init (&options);
      options.width = width;
      options.height = 10000;
      for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
        {
          const SeqackEvent *e = seqack_trace_get_event (trace, i);
          g_autofree char *label = NULL, *win = NULL;
          gboolean update = (e->edge & SEQACK_WHY_WINDOW_UPDATE) != 0;

          if (e->kind != SEQACK_EVENT_SEGMENT || e->number != 0
              || !(e->flags & SEQACK_TCP_ACK) || (!update && e->window != 0))
            continue;
          label = seqack_sequence_render_get_arrow_label (layout, &options,
                                                          i);
          g_assert_nonnull (label);
          win = g_strdup_printf (" Win=%u", e->window);
          g_assert_nonnull (strstr (label, win));
          if (update)
            updates++;
          else
            closing++;
          if (strstr (label, "Ack=") == NULL)
            {
              g_assert_null (strstr (label, "Seq="));
              bare++;
            }
        }
    }
  g_assert_cmpuint (updates, >, 0);
  g_assert_cmpuint (closing, >, 0);
  g_assert_cmpuint (bare, >, 0);
  seqack_sequence_layout_free (layout);
}

/* zero-window drawn narrower and narrower: where an ACK's arrow is too
 * short for its whole label but long enough without the Seq, the label
 * drawn keeps Win=0 and fits; the Seq goes first. */
static void
test_marks_fit_keeps_window (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("zero-window");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  SeqackSequenceLayout *layout = seqack_sequence_layout_new (trace);
  g_autoptr (GString) out = g_string_new (NULL);
  PangoLayout *pl = seqack_render_text_layout_new (NULL, PANGO_WEIGHT_NORMAL,
                                                   15.0);
  guint shortened = 0;

  for (double width = 1100; width >= 400; width -= 20)
    {
      SeqackSequenceRenderOptions options;

      seqack_sequence_render_options_init (&options);
      options.width = width;
      options.height = 10000;
      for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
        {
          const SeqackEvent *e = seqack_trace_get_event (trace, i);
          const char *label, *fit;
          double x0, y0, x1, y1, len, w, h;

          if (e->kind != SEQACK_EVENT_SEGMENT || e->window != 0
              || e->number != 0
              || !seqack_sequence_render_get_arrow (layout, &options, i, &x0,
                                                    &y0, &x1, &y1))
            continue;
          label = seqack_sequence_layout_get_label (layout, i, FALSE);
          len = hypot (x1 - x0, y1 - y0);
          fit = seqack_sequence_marks_fit_label (pl, label, len, FALSE, out);
          seqack_render_text_measure (pl, label, &w, &h);
          if (w <= len)
            {
              g_assert_true (fit == label);
              continue;
            }
          g_assert_true (seqack_sequence_marks_shorten (label, 1, FALSE, out));
          seqack_render_text_measure (pl, out->str, &w, &h);
          if (w > len)
            continue;
          fit = seqack_sequence_marks_fit_label (pl, label, len, FALSE, out);
          g_assert_nonnull (strstr (fit, " Win=0"));
          g_assert_null (strstr (fit, "Seq="));
          shortened++;
        }
    }
  /* Some width needed it. */
  g_assert_cmpuint (shortened, >, 0);
  g_object_unref (pl);
  seqack_sequence_layout_free (layout);
}

/* bulk-transfer's slow start: the flights of 4 or more first
 * transmissions sent at one instant are fans with one label, the first
 * byte's Seq to the byte after the last, counted from the segments; the
 * first flight (3 segments, RFC 3390) is not; a flight counts only what
 * is shown. */
static void
test_marks_flights (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("bulk-transfer");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  guint n = seqack_trace_get_n_events (trace), fans = 0, first_flight = 0;
  gint64 t = -1;

  for (guint i = 0; i < n; i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);
      guint first, last, count, want = 0, lo = G_MAXUINT, hi = 0;
      guint32 bytes = 0;

      if (e->kind != SEQACK_EVENT_SEGMENT || e->side != SEQACK_CLIENT
          || e->number == 0 || e->t == t)
        continue;
      t = e->t;
      /* The client's data at this instant, by the trace. */
      for (guint j = 0; j < n; j++)
        {
          const SeqackEvent *d = seqack_trace_get_event (trace, j);

          if (d->kind == SEQACK_EVENT_SEGMENT && d->side == SEQACK_CLIENT
              && d->number > 0 && d->t == t)
            {
              want++;
              lo = MIN (lo, j);
              hi = MAX (hi, j);
              bytes += d->number;
            }
        }
      if (first_flight == 0)
        first_flight = want;
      if (want < SEQACK_SEQUENCE_FAN_MIN)
        {
          g_assert_false (seqack_sequence_marks_flight (trace, i, n, NULL,
                                                        NULL, NULL));
          continue;
        }
      g_assert_true (seqack_sequence_marks_flight (trace, hi, n, &first,
                                                   &last, &count));
      g_assert_cmpuint (first, ==, lo);
      g_assert_cmpuint (last, ==, hi);
      g_assert_cmpuint (count, ==, want);
      {
        g_autofree char *label = seqack_sequence_marks_flight_label (
          trace, first, last, count, FALSE);
        g_autofree char *expect = g_strdup_printf (
          "%u segments, Seq=%u to %u, %u bytes", want,
          seqack_trace_relative_seq (trace, lo),
          seqack_trace_relative_seq (trace, hi)
            + seqack_trace_get_event (trace, hi)->number, bytes);

        g_assert_cmpstr (label, ==, expect);
      }
      /* Shown up to its third segment: not yet a fan. */
      {
        guint seen = 0, third = lo;

        for (guint j = lo; j <= hi && seen < 3; j++)
          if (seqack_trace_get_event (trace, j)->kind == SEQACK_EVENT_SEGMENT)
            {
              seen++;
              third = j;
            }
        g_assert_false (seqack_sequence_marks_flight (trace, lo, third + 1,
                                                      NULL, NULL, NULL));
      }
      fans++;
    }
  g_assert_cmpuint (first_flight, ==, 3);
  g_assert_cmpuint (fans, >=, 1);
}

/* Whether segment @i is a first transmission of data from @side sent at
 * @t (by the trace, not the renderer). */
static gboolean
fan_member (SeqackTrace *trace,
            guint        i,
            guint8       side,
            gint64       t)
{
  const SeqackEvent *d = seqack_trace_get_event (trace, i);

  return d->kind == SEQACK_EVENT_SEGMENT && d->side == side && d->t == t
         && d->number > 0 && !(d->marks & SEQACK_MARK_RETRANSMISSION);
}

/* bulk-transfer drawn whole: a flight of four or more segments sent at
 * one instant is a fan. Its arrows leave the sender a few pixels apart
 * from the first one's tail and keep their own arrival rows, so they
 * spread; a light band fills the space between them; the first arrow
 * alone carries the flight's label. The first flight of three is not a
 * fan: its tails stay on their rows. */
static void
test_marks_fan_geometry (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("bulk-transfer");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  SeqackSequenceLayout *layout = seqack_sequence_layout_new (trace);
  SeqackSequenceRenderOptions options;
  const SeqackPalette *pal;
  SeqackRgba band;
  cairo_surface_t *surface;
  cairo_t *cr;
  guint n = seqack_trace_get_n_events (trace), fans = 0, plain = 0;
  double row_h;
  gint64 t = -1;

  seqack_sequence_render_options_init (&options);
  options.width = WIDTH;
  options.height = seqack_sequence_render_get_header_height (&options)
                   + seqack_sequence_render_get_content_height (layout,
                                                                &options);
  row_h = seqack_sequence_render_get_row_height (&options);
  pal = seqack_palette_get (options.scheme);
  band = pal->data;
  band.a = 0.13;
  band = render_test_over (&band, &pal->background);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH,
                                        (int) ceil (options.height));
  cr = cairo_create (surface);
  seqack_sequence_render (cr, layout, &options);
  g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);

  for (guint i = 0; i < n; i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);
      guint members[64], m = 0;
      double fx0 = 0, fy0 = 0, tail = 0, head = 0, prev_y1 = -1;

      if (!fan_member (trace, i, e->side, e->t) || e->t == t)
        continue;
      t = e->t;
      for (guint j = i; j < n && m < G_N_ELEMENTS (members); j++)
        if (fan_member (trace, j, e->side, e->t))
          members[m++] = j;
      for (guint k = 0; k < m; k++)
        {
          double x0, y0, x1, y1;
          guint row, arrive;
          g_autofree char *label = NULL;

          g_assert_true (seqack_sequence_render_get_arrow (layout, &options,
                                                           members[k], &x0,
                                                           &y0, &x1, &y1));
          g_assert_true (seqack_sequence_layout_get_event_rows (
                           layout, members[k], &row, &arrive));
          /* The head at its own arrival row, below the one before. */
          g_assert_cmpfloat (fabs (y1 - seqack_sequence_render_get_row_y (
                                          &options, arrive)), <, 0.01);
          g_assert_cmpfloat (y1, >, prev_y1);
          prev_y1 = y1;
          label = seqack_sequence_render_get_arrow_label (layout, &options,
                                                          members[k]);
          if (m < SEQACK_SEQUENCE_FAN_MIN)
            {
              /* Not a fan: the tail on its own send row, its own label. */
              g_assert_cmpfloat (fabs (y0 - seqack_sequence_render_get_row_y (
                                              &options, row)), <, 0.01);
              g_assert_cmpstr (label, ==,
                               seqack_sequence_layout_get_label (layout,
                                                                 members[k],
                                                                 FALSE));
              plain++;
              continue;
            }
          if (k == 0)
            {
              g_autofree char *want = seqack_sequence_marks_flight_label (
                trace, members[0], members[m - 1], m, FALSE);

              fx0 = x0;
              fy0 = y0;
              g_assert_cmpstr (label, ==, want);
              continue;
            }
          g_assert_null (label);
          g_assert_cmpfloat (x0, ==, fx0);
          /* Close together, in order, each apart from the one before. */
          g_assert_cmpfloat (y0 - fy0, >, tail);
          g_assert_cmpfloat (y0 - fy0 - tail, <=, 0.2 * row_h);
          tail = y0 - fy0;
          head = y1;
          /* The band between this arrow and the one before, two thirds
           * of the way: between their lines, clear of both. */
          {
            double px0, py0, px1, py1, bx, by0, by1;

            g_assert_true (seqack_sequence_render_get_arrow (
                             layout, &options, members[k - 1], &px0, &py0,
                             &px1, &py1));
            bx = x0 + 0.66 * (x1 - x0);
            by0 = py0 + 0.66 * (py1 - py0);
            by1 = y0 + 0.66 * (y1 - y0);
            g_assert_cmpfloat (by1 - by0, >, 10);
            g_assert_true (render_test_color_near (
                             render_test_pixel (surface, bx,
                                                (by0 + by1) / 2),
                             &band, 0.04));
          }
        }
      if (m >= SEQACK_SEQUENCE_FAN_MIN)
        {
          double first_y1;

          seqack_sequence_render_get_arrow (layout, &options, members[0],
                                            NULL, NULL, NULL, &first_y1);
          /* It spreads: the heads far wider apart than the tails. */
          g_assert_cmpfloat (head - first_y1, >, 4 * tail);
          g_assert_cmpfloat (tail, <, row_h);
          fans++;
        }
    }
  g_assert_cmpuint (fans, >=, 2);
  g_assert_cmpuint (plain, ==, 3);
  cairo_surface_destroy (surface);
  seqack_sequence_layout_free (layout);
}

/* The arrows fast retransmit is made of stay marked one by one: in
 * lost-data and rto-collapse every duplicate ACK, fast retransmission
 * and resend keeps its tail on its own send row and its own label. */
static void
test_marks_fan_keeps_marks (void)
{
  static const char *const names[] = { "lost-data", "rto-collapse",
                                       "bulk-transfer" };
  guint marked = 0;

  for (guint s = 0; s < G_N_ELEMENTS (names); s++)
    {
      g_autoptr (SeqackLab) lab = render_test_run_scenario (names[s]);
      SeqackTrace *trace = seqack_lab_get_trace (lab);
      SeqackSequenceLayout *layout = seqack_sequence_layout_new (trace);
      SeqackSequenceRenderOptions options;

      seqack_sequence_render_options_init (&options);
      options.width = WIDTH;
      options.height = 10000;
      for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
        {
          const SeqackEvent *e = seqack_trace_get_event (trace, i);
          g_autofree char *label = NULL;
          double y0;
          guint row;

          if (e->kind != SEQACK_EVENT_SEGMENT
              || !((e->marks & SEQACK_MARK_RETRANSMISSION)
                   || (e->edge & (SEQACK_WHY_DUP_ACK
                                  | SEQACK_WHY_FAST_RETRANSMISSION))))
            continue;
          g_assert_true (seqack_sequence_render_get_arrow (layout, &options,
                                                           i, NULL, &y0,
                                                           NULL, NULL));
          g_assert_true (seqack_sequence_layout_get_event_rows (layout, i,
                                                                &row, NULL));
          g_assert_cmpfloat (fabs (y0 - seqack_sequence_render_get_row_y (
                                          &options, row)), <, 0.01);
          label = seqack_sequence_render_get_arrow_label (layout, &options,
                                                          i);
          g_assert_nonnull (label);
          g_assert_null (strstr (label, "segments,"));
          marked++;
        }
      seqack_sequence_layout_free (layout);
    }
  g_assert_cmpuint (marked, >=, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/render/marks/badges", test_marks_badges);
  g_test_add_func ("/render/marks/painted", test_marks_painted);
  g_test_add_func ("/render/marks/window-labels", test_marks_window_labels);
  g_test_add_func ("/render/marks/shorten", test_marks_shorten);
  g_test_add_func ("/render/marks/shorten-keeps-window",
                   test_marks_shorten_keeps_window);
  g_test_add_func ("/render/marks/painted-keeps-window",
                   test_marks_painted_keeps_window);
  g_test_add_func ("/render/marks/flights", test_marks_flights);
  g_test_add_func ("/render/marks/fan-geometry", test_marks_fan_geometry);
  g_test_add_func ("/render/marks/fan-keeps-marks",
                   test_marks_fan_keeps_marks);
  g_test_add_func ("/render/marks/fit-keeps-window",
                   test_marks_fit_keeps_window);
  return g_test_run ();
}
