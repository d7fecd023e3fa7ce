/* render-test-util.h: traces and pixel helpers for the render tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib.h>
#include <math.h>
#include <string.h>

#include "seqack-lab.h"
#include "seqack-packet.h"
#include "seqack-palette.h"
#include "seqack-scenario.h"
#include "seqack-tcp-header.h"
#include "seqack-trace.h"

/* Fontconfig and Pango keep process-wide font caches that are never freed;
 * LeakSanitizer (-Db_sanitize=address) must not count them as our leaks. */
const char *__lsan_default_suppressions (void);
__attribute__ ((used)) const char *
__lsan_default_suppressions (void)
{
  return "leak:libfontconfig.so\n"
         "leak:libpango-1.0.so\n"
         "leak:libpangoft2-1.0.so\n"
         "leak:libpangocairo-1.0.so\n"
         "leak:libharfbuzz.so\n"
         "leak:libcairo.so\n";
}

/* Runs a built-in scenario on a fresh lab (seed 1). */
static inline SeqackLab *
render_test_run_scenario (const char *name)
{
  g_autoptr (SeqackScenario) scenario = NULL;
  SeqackLabConfig config;
  SeqackLab *lab;
  GError *error = NULL;

  seqack_lab_config_init (&config);
  config.seed = 1;
  lab = seqack_lab_new (&config);
  scenario = seqack_scenario_builtin (name, &error);
  g_assert_no_error (error);
  seqack_scenario_run (scenario, lab, &error);
  g_assert_no_error (error);
  return lab;
}

/* First event of @kind matching @pred-like fields; G_MAXUINT if none. */
static inline guint
render_test_find_segment (SeqackTrace *trace,
                          guint        from,
                          guint8       flags_set,
                          guint8       fate)
{
  for (guint i = from; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_SEGMENT
          && (ev->flags & flags_set) == flags_set && ev->fate == fate)
        return i;
    }
  return G_MAXUINT;
}

static inline guint
render_test_find_state (SeqackTrace   *trace,
                        SeqackSide     side,
                        SeqackTcpState from,
                        SeqackTcpState to)
{
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_STATE && ev->side == side
          && ev->from == from && ev->to == to)
        return i;
    }
  return G_MAXUINT;
}

static inline guint
render_test_find_timer (SeqackTrace      *trace,
                        SeqackSide        side,
                        SeqackTcpTimer    timer,
                        SeqackTimerAction action)
{
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_TIMER && ev->side == side
          && ev->from == timer && ev->to == action)
        return i;
    }
  return G_MAXUINT;
}

/* Appends one synthetic segment (a real IPv4 packet) to @trace. */
static inline guint
render_test_add_segment (SeqackTrace *trace,
                         GByteArray  *scratch,
                         gint64       t,
                         gint64       t_arrive,
                         SeqackSide   sender,
                         SeqackFate   fate,
                         guint8       flags,
                         guint32      seq,
                         guint32      ack,
                         const char  *payload)
{
  SeqackTcpSegment seg;
  guint32 src = sender == SEQACK_CLIENT ? SEQACK_LAB_CLIENT_ADDR
                                        : SEQACK_LAB_SERVER_ADDR;
  guint32 dst = sender == SEQACK_CLIENT ? SEQACK_LAB_SERVER_ADDR
                                        : SEQACK_LAB_CLIENT_ADDR;

  memset (&seg, 0, sizeof seg);
  seg.src_port = sender == SEQACK_CLIENT ? 49152 : 80;
  seg.dst_port = sender == SEQACK_CLIENT ? 80 : 49152;
  seg.seq = seq;
  seg.ack = ack;
  seg.flags = flags;
  seg.window = 64240;
  seg.payload = (const guint8 *) payload;
  seg.payload_len = payload != NULL ? strlen (payload) : 0;
  g_byte_array_set_size (scratch, 0);
  seqack_packet_build_ipv4 (src, dst, 1, 64, &seg, scratch);
  return seqack_trace_add_segment (trace, t, t_arrive, sender, fate, 0,
                                   scratch->data, scratch->len);
}

/* A handshake, then @n_data data segments from the client, one every
 * @gap µs, each ACKed by the server on arrival; 20 ms one way. Events are
 * appended in time order, as the trace requires. */
static inline SeqackTrace *
render_test_synthetic_trace (guint  n_data,
                             gint64 gap)
{
  SeqackTrace *trace = seqack_trace_new ();
  g_autoptr (GByteArray) scratch = g_byte_array_new ();
  SeqackEndpoint ep = { 0, };
  const gint64 lat = 20000;
  guint32 x = 1000, y = 5000;
  gint64 t = 0, t0;
  guint next_data = 0, next_ack = 0;

  ep.family = 4;
  memcpy (ep.addr, (guint8[]) { 192, 0, 2, 1 }, 4);
  ep.port = 49152;
  seqack_trace_set_endpoint (trace, SEQACK_CLIENT, &ep);
  ep.addr[3] = 2;
  ep.port = 80;
  seqack_trace_set_endpoint (trace, SEQACK_SERVER, &ep);

  render_test_add_segment (trace, scratch, t, t + lat, SEQACK_CLIENT,
                           SEQACK_FATE_DELIVERED, SEQACK_TCP_SYN, x, 0, NULL);
  t += lat;
  render_test_add_segment (trace, scratch, t, t + lat, SEQACK_SERVER,
                           SEQACK_FATE_DELIVERED,
                           SEQACK_TCP_SYN | SEQACK_TCP_ACK, y, x + 1, NULL);
  t += lat;
  render_test_add_segment (trace, scratch, t, t + lat, SEQACK_CLIENT,
                           SEQACK_FATE_DELIVERED, SEQACK_TCP_ACK, x + 1,
                           y + 1, NULL);
  t0 = t + gap;
  /* Merge the data times t0 + i * gap with the ACK times 20 ms later. */
  while (next_ack < n_data)
    {
      gint64 td = t0 + (gint64) next_data * gap;
      gint64 ta = t0 + (gint64) next_ack * gap + lat;

      if (next_data < n_data && td <= ta)
        {
          render_test_add_segment (trace, scratch, td, td + lat,
                                   SEQACK_CLIENT, SEQACK_FATE_DELIVERED,
                                   SEQACK_TCP_PSH | SEQACK_TCP_ACK,
                                   x + 1 + 4 * next_data, y + 1, "data");
          next_data++;
        }
      else
        {
          render_test_add_segment (trace, scratch, ta, ta + lat,
                                   SEQACK_SERVER, SEQACK_FATE_DELIVERED,
                                   SEQACK_TCP_ACK, y + 1,
                                   x + 1 + 4 * (next_ack + 1), NULL);
          next_ack++;
        }
    }
  return trace;
}

/* Pixels */

typedef struct
{
  double r, g, b;
} RenderTestColor;

static inline RenderTestColor
render_test_pixel (cairo_surface_t *surface,
                   double           x,
                   double           y)
{
  int stride = cairo_image_surface_get_stride (surface);
  int px = (int) floor (x), py = (int) floor (y);
  guint32 v;
  RenderTestColor c = { -1, -1, -1 };
  double a;

  cairo_surface_flush (surface);
  if (px < 0 || py < 0 || px >= cairo_image_surface_get_width (surface)
      || py >= cairo_image_surface_get_height (surface))
    return c;
  v = *(guint32 *) (cairo_image_surface_get_data (surface) + py * stride
                    + px * 4);
  a = ((v >> 24) & 0xff) / 255.0;
  if (a == 0)
    return (RenderTestColor) { 0, 0, 0 };
  /* ARGB32 is premultiplied. */
  c.r = ((v >> 16) & 0xff) / 255.0 / a;
  c.g = ((v >> 8) & 0xff) / 255.0 / a;
  c.b = (v & 0xff) / 255.0 / a;
  return c;
}

static inline gboolean
render_test_color_near (RenderTestColor   c,
                        const SeqackRgba *want,
                        double            tolerance)
{
  return fabs (c.r - want->r) <= tolerance && fabs (c.g - want->g) <= tolerance
         && fabs (c.b - want->b) <= tolerance;
}

/* @fg with its alpha over @bg. */
static inline SeqackRgba
render_test_over (const SeqackRgba *fg,
                  const SeqackRgba *bg)
{
  SeqackRgba out;

  out.r = fg->r * fg->a + bg->r * (1 - fg->a);
  out.g = fg->g * fg->a + bg->g * (1 - fg->a);
  out.b = fg->b * fg->a + bg->b * (1 - fg->a);
  out.a = 1;
  return out;
}

/* Pixels in the rectangle whose color is within @tolerance of @want. */
static inline guint
render_test_count (cairo_surface_t  *surface,
                   double            x0,
                   double            y0,
                   double            x1,
                   double            y1,
                   const SeqackRgba *want,
                   double            tolerance)
{
  guint n = 0;

  for (int y = (int) y0; y < (int) y1; y++)
    for (int x = (int) x0; x < (int) x1; x++)
      if (render_test_color_near (render_test_pixel (surface, x + 0.5, y + 0.5),
                                  want, tolerance))
        n++;
  return n;
}
