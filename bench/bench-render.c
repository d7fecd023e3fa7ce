/* bench-render.c: frame time of the sequence diagram against trace size.
 *
 * Builds a 1k-segment and a 1M-segment trace through the trace API with
 * synthetic packets (a handshake, then data segments every 1 ms each ACKed
 * on arrival 20 ms later, so arrows overlap like a bulk transfer), lays
 * them out, and renders a 1280 x 800 viewport at the start, middle and end
 * into an image surface many times. Drawing visits only visible rows, so
 * the 1M/1k ratio should stay near 1.
 *
 * Then a lab trace of 1,000 connections through one listener (a busy
 * server that closes first, every connection from its own client port),
 * drawn with each arrow's ports: its frames against the 1k-segment ones.
 */
#include <cairo.h>
#include <glib.h>
#include <stdlib.h>
#include <string.h>

#include "seqack-lab.h"
#include "seqack-packet.h"
#include "seqack-sequence-layout.h"
#include "seqack-sequence-render.h"
#include "seqack-tcp-header.h"
#include "seqack-trace.h"

#define VIEW_W 1280
#define VIEW_H 800
#define FRAMES 150

static void
add_segment (SeqackTrace *trace,
             GByteArray  *scratch,
             gint64       t,
             SeqackSide   sender,
             guint8       flags,
             guint32      seq,
             guint32      ack,
             const char  *payload)
{
  SeqackTcpSegment seg;

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
  seqack_packet_build_ipv4 (sender == SEQACK_CLIENT ? 0xc0000201u
                                                    : 0xc0000202u,
                            sender == SEQACK_CLIENT ? 0xc0000202u
                                                    : 0xc0000201u,
                            1, 64, &seg, scratch);
  seqack_trace_add_segment (trace, t, t + 20000, sender,
                            SEQACK_FATE_DELIVERED, 0, scratch->data,
                            scratch->len);
}

static SeqackTrace *
build_trace (guint n_segments)
{
  SeqackTrace *trace = seqack_trace_new ();
  GByteArray *scratch = g_byte_array_new ();
  guint n_data = (n_segments - 3) / 2, next_data = 0, next_ack = 0;
  const gint64 gap = 1000, lat = 20000, t0 = 60000;

  add_segment (trace, scratch, 0, SEQACK_CLIENT, SEQACK_TCP_SYN, 1000, 0,
               NULL);
  add_segment (trace, scratch, 20000, SEQACK_SERVER,
               SEQACK_TCP_SYN | SEQACK_TCP_ACK, 5000, 1001, NULL);
  add_segment (trace, scratch, 40000, SEQACK_CLIENT, SEQACK_TCP_ACK, 1001,
               5001, NULL);
  while (next_ack < n_data)
    {
      gint64 td = t0 + (gint64) next_data * gap;
      gint64 ta = t0 + (gint64) next_ack * gap + lat;

      if (next_data < n_data && td <= ta)
        {
          add_segment (trace, scratch, td, SEQACK_CLIENT,
                       SEQACK_TCP_PSH | SEQACK_TCP_ACK,
                       1001 + 5 * next_data, 5001, "hello");
          next_data++;
        }
      else
        {
          add_segment (trace, scratch, ta, SEQACK_SERVER, SEQACK_TCP_ACK,
                       5001, 1001 + 5 * (next_ack + 1), NULL);
          next_ack++;
        }
    }
  g_byte_array_unref (scratch);
  return trace;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

typedef struct
{
  double median, p95;
} Stats;

static Stats
bench_frames (SeqackSequenceLayout *layout,
              cairo_surface_t      *surface,
              double                where)
{
  SeqackSequenceRenderOptions o;
  double times[FRAMES], content;
  Stats stats;

  seqack_sequence_render_options_init (&o);
  o.width = VIEW_W;
  o.height = VIEW_H;
  content = seqack_sequence_render_get_content_height (layout, &o);
  o.scroll_y = MAX (0, where * (content - (VIEW_H - seqack_sequence_render_get_header_height (&o))));

  for (guint i = 0; i < FRAMES; i++)
    {
      cairo_t *cr = cairo_create (surface);
      gint64 start = g_get_monotonic_time ();

      /* Scrolling one pixel per frame, as a smooth scroll would. */
      o.scroll_y += (i % 2) ? 1 : -1;
      o.scroll_y = MAX (0, o.scroll_y);
      seqack_sequence_render (cr, layout, &o);
      cairo_surface_flush (surface);
      times[i] = (g_get_monotonic_time () - start) / 1000.0;
      cairo_destroy (cr);
    }
  qsort (times, FRAMES, sizeof times[0], compare_double);
  stats.median = times[FRAMES / 2];
  stats.p95 = times[(FRAMES * 95) / 100];
  return stats;
}

#define N_CONNECTIONS 1000

/* The lab's own segments: 1,000 connections, each a handshake, a
 * request, the server's close first and the client's, all through one
 * listener that stays LISTEN. */
static SeqackLab *
run_connections (guint n)
{
  SeqackLabConfig config;
  SeqackLab *lab;

  seqack_lab_config_init (&config);
  lab = seqack_lab_new (&config);
  g_assert (seqack_lab_listen (lab, SEQACK_SERVER, NULL));
  for (guint i = 0; i < n; i++)
    {
      g_assert (seqack_lab_perform (lab, SEQACK_CLIENT, SEQACK_ACTION_CONNECT,
                                    1, NULL, NULL));
      seqack_lab_run_until_quiet (lab, G_USEC_PER_SEC * 10);
      g_assert (seqack_lab_send (lab, SEQACK_CLIENT, "GET /", NULL));
      seqack_lab_run_until_quiet (lab, G_USEC_PER_SEC * 10);
      g_assert (seqack_lab_close (lab, SEQACK_SERVER, NULL));
      seqack_lab_run_until_quiet (lab, G_USEC_PER_SEC * 10);
      g_assert (seqack_lab_close (lab, SEQACK_CLIENT, NULL));
      seqack_lab_run_until_quiet (lab, G_USEC_PER_SEC * 10);
    }
  seqack_lab_run_until_idle (lab, (gint64) 3600 * G_USEC_PER_SEC);
  return lab;
}

int
main (int   argc,
      char *argv[])
{
  static const guint sizes[] = { 1000, 1000000 };
  static const char *const where_names[] = { "start", "middle", "end" };
  static const double wheres[] = { 0.0, 0.5, 1.0 };
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                                         VIEW_W, VIEW_H);
  double medians[2][3];

  /* Load fonts once before timing anything. */
  {
    SeqackTrace *warm = build_trace (1000);
    SeqackSequenceLayout *layout = seqack_sequence_layout_new (warm);

    bench_frames (layout, surface, 0.5);
    seqack_sequence_layout_free (layout);
    seqack_trace_free (warm);
  }

  g_print ("bench-render: %d x %d viewport, %d frames per position\n",
           VIEW_W, VIEW_H, FRAMES);
  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      gint64 t0 = g_get_monotonic_time ();
      SeqackTrace *trace = build_trace (sizes[s]);
      gint64 t1 = g_get_monotonic_time ();
      SeqackSequenceLayout *layout = seqack_sequence_layout_new (trace);
      gint64 t2 = g_get_monotonic_time ();

      g_print ("%7u segments: trace %.1f ms, layout %.1f ms (%u rows, "
               "max span %u rows)\n",
               sizes[s], (t1 - t0) / 1000.0, (t2 - t1) / 1000.0,
               seqack_sequence_layout_get_n_rows (layout),
               seqack_sequence_layout_get_max_span (layout));
      for (guint w = 0; w < G_N_ELEMENTS (wheres); w++)
        {
          Stats st = bench_frames (layout, surface, wheres[w]);

          medians[s][w] = st.median;
          g_print ("  %-6s  median %6.2f ms  p95 %6.2f ms\n", where_names[w],
                   st.median, st.p95);
        }
      seqack_sequence_layout_free (layout);
      seqack_trace_free (trace);
    }
  for (guint w = 0; w < G_N_ELEMENTS (wheres); w++)
    g_print ("1M/1k frame time ratio at %-6s: %.2f\n", where_names[w],
             medians[1][w] / medians[0][w]);

  {
    gint64 t0 = g_get_monotonic_time ();
    SeqackLab *lab = run_connections (N_CONNECTIONS);
    SeqackTrace *trace = seqack_lab_get_trace (lab);
    gint64 t1 = g_get_monotonic_time ();
    SeqackSequenceLayout *layout = seqack_sequence_layout_new (trace);
    gint64 t2 = g_get_monotonic_time ();

    g_print ("%u lab connections through one listener: %u events, lab "
             "%.1f ms, layout %.1f ms (%u rows, ports on the arrows: %s)\n",
             N_CONNECTIONS, seqack_trace_get_n_events (trace),
             (t1 - t0) / 1000.0, (t2 - t1) / 1000.0,
             seqack_sequence_layout_get_n_rows (layout),
             seqack_trace_has_many_connections (trace) ? "yes" : "no");
    for (guint w = 0; w < G_N_ELEMENTS (wheres); w++)
      {
        Stats st = bench_frames (layout, surface, wheres[w]);

        g_print ("  %-6s  median %6.2f ms  p95 %6.2f ms  (%.2f x the 1k-"
                 "segment frame)\n", where_names[w], st.median, st.p95,
                 st.median / medians[0][w]);
      }
    seqack_sequence_layout_free (layout);
    seqack_lab_free (lab);
  }

  cairo_surface_destroy (surface);
  return 0;
}
