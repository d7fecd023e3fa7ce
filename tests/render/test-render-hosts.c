/* test-render-hosts.c: one lifeline per host on the sequence diagram.
 *
 * The traces are built by hand as the lab writes them: hosts added
 * beside the two endpoints (client-2 at 192.0.2.3, the flood owning
 * 198.51.100.0/24), each event named with its host, and every added host
 * on the client side of its connections.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "render-test-util.h"

#include <glib/gstdio.h>

#include "seqack-export.h"
#include "seqack-render-text.h"
#include "seqack-sequence-layout.h"
#include "seqack-sequence-render.h"
#include "seqack-timer-lanes.h"

#define CLIENT_ADDR   0xc0000201u /* 192.0.2.1 */
#define SERVER_ADDR   0xc0000202u /* 192.0.2.2 */
#define CLIENT_N_ADDR 0xc0000200u /* client-N at 192.0.2.(N + 1) */
#define FLOOD_NET     0xc6336400u /* 198.51.100.0/24 */
#define LAT           20000

typedef struct
{
  SeqackTrace *trace;
  guint        client_syn;
  guint        client2_syn;
  guint        client2_state;   /* CLOSED → SYN-SENT */
  guint        client2_rto;     /* its RTO set */
  guint        synack_client2;
  guint        client2_est;     /* SYN-SENT → ESTABLISHED */
  guint        flood_syn;
  guint        synack_flood;
} HostsTrace;

static guint
add_segment (SeqackTrace *trace,
             gint64       t,
             SeqackSide   side,
             guint        host,
             guint32      src,
             guint16      sport,
             guint32      dst,
             guint16      dport,
             guint8       flags)
{
  g_autoptr (GByteArray) packet = g_byte_array_new ();
  SeqackTcpSegment seg = { 0, };
  guint event;

  seg.src_port = sport;
  seg.dst_port = dport;
  seg.seq = 1000 + sport;
  seg.ack = (flags & SEQACK_TCP_ACK) ? 5000 : 0;
  seg.flags = flags;
  seg.window = 64240;
  seqack_packet_build_ipv4 (src, dst, 1, 64, &seg, packet);
  event = seqack_trace_add_segment (trace, t, t + LAT, side,
                                    SEQACK_FATE_DELIVERED, 0, packet->data,
                                    packet->len);
  if (host != side)
    seqack_trace_set_event_host (trace, event, host);
  return event;
}

static guint
add_state (SeqackTrace    *trace,
           gint64          t,
           SeqackSide      side,
           guint           host,
           SeqackTcpState  from,
           SeqackTcpState  to,
           SeqackTcpEdge   edge)
{
  guint event = seqack_trace_add_state (trace, t, side, from, to, edge, 0);

  if (host != side)
    seqack_trace_set_event_host (trace, event, host);
  return event;
}

/* The server listens; the client, then client-2 (when @client_2)
 * connect; the flood (when @flood) sends a spoofed SYN the server
 * answers; client-2 completes its handshake. With @more_clients, the
 * clients client-3 ... client-8 are added too (no events: ten
 * lifelines with the flood). */
static void
hosts_trace_init (HostsTrace *h,
                  gboolean    client_2,
                  gboolean    flood,
                  gboolean    more_clients)
{
  SeqackEndpoint ep = { 4, { 192, 0, 2, 1 }, 49152 };
  SeqackTrace *trace = seqack_trace_new ();

  memset (h, 0xff, sizeof *h);
  h->trace = trace;
  seqack_trace_set_endpoint (trace, SEQACK_CLIENT, &ep);
  ep.addr[3] = 2;
  ep.port = 80;
  seqack_trace_set_endpoint (trace, SEQACK_SERVER, &ep);
  if (client_2 || more_clients)
    seqack_trace_add_host (trace, SEQACK_HOST_CLIENT_2, CLIENT_N_ADDR + 3, 32);
  for (guint c = SEQACK_HOST_CLIENT_2 + 1;
       more_clients && c <= SEQACK_HOST_LAST_CLIENT; c++)
    seqack_trace_add_host (trace, c, CLIENT_N_ADDR + c + 1, 32);
  if (flood)
    seqack_trace_add_host (trace, SEQACK_HOST_FLOOD, FLOOD_NET, 24);

  add_state (trace, 0, SEQACK_SERVER, SEQACK_SERVER, SEQACK_TCP_CLOSED,
             SEQACK_TCP_LISTEN, SEQACK_TCP_EDGE_PASSIVE_OPEN);
  add_state (trace, 1000, SEQACK_CLIENT, SEQACK_CLIENT, SEQACK_TCP_CLOSED,
             SEQACK_TCP_SYN_SENT, SEQACK_TCP_EDGE_ACTIVE_OPEN);
  h->client_syn = add_segment (trace, 1000, SEQACK_CLIENT, SEQACK_CLIENT,
                               CLIENT_ADDR, 49152, SERVER_ADDR, 80,
                               SEQACK_TCP_SYN);
  if (client_2)
    {
      h->client2_state = add_state (trace, 5000, SEQACK_CLIENT,
                                    SEQACK_HOST_CLIENT_2, SEQACK_TCP_CLOSED,
                                    SEQACK_TCP_SYN_SENT,
                                    SEQACK_TCP_EDGE_ACTIVE_OPEN);
      h->client2_syn = add_segment (trace, 5000, SEQACK_CLIENT,
                                    SEQACK_HOST_CLIENT_2, CLIENT_N_ADDR + 3,
                                    40000, SERVER_ADDR, 80, SEQACK_TCP_SYN);
      h->client2_rto = seqack_trace_add_timer (trace, 5000, SEQACK_CLIENT,
                                               SEQACK_TCP_TIMER_RETRANSMIT,
                                               SEQACK_TIMER_SET,
                                               5000 + SEQACK_USEC_PER_SEC);
      seqack_trace_set_event_host (trace, h->client2_rto,
                                   SEQACK_HOST_CLIENT_2);
    }
  if (flood)
    h->flood_syn = add_segment (trace, 10000, SEQACK_CLIENT,
                                SEQACK_HOST_FLOOD, FLOOD_NET + 7, 1234,
                                SERVER_ADDR, 80, SEQACK_TCP_SYN);
  add_segment (trace, 1000 + LAT, SEQACK_SERVER, SEQACK_SERVER, SERVER_ADDR,
               80, CLIENT_ADDR, 49152, SEQACK_TCP_SYN | SEQACK_TCP_ACK);
  if (client_2)
    h->synack_client2 = add_segment (trace, 5000 + LAT, SEQACK_SERVER,
                                     SEQACK_SERVER, SERVER_ADDR, 80,
                                     CLIENT_N_ADDR + 3, 40000,
                                     SEQACK_TCP_SYN | SEQACK_TCP_ACK);
  if (flood)
    h->synack_flood = add_segment (trace, 10000 + LAT, SEQACK_SERVER,
                                   SEQACK_SERVER, SERVER_ADDR, 80,
                                   FLOOD_NET + 7, 1234,
                                   SEQACK_TCP_SYN | SEQACK_TCP_ACK);
  if (client_2)
    {
      guint cancel;

      h->client2_est = add_state (trace, 5000 + 2 * LAT, SEQACK_CLIENT,
                                  SEQACK_HOST_CLIENT_2, SEQACK_TCP_SYN_SENT,
                                  SEQACK_TCP_ESTABLISHED,
                                  SEQACK_TCP_EDGE_RCV_SYN_ACK);
      cancel = seqack_trace_add_timer (trace, 5000 + 2 * LAT, SEQACK_CLIENT,
                                       SEQACK_TCP_TIMER_RETRANSMIT,
                                       SEQACK_TIMER_CANCELLED,
                                       SEQACK_NO_DEADLINE);
      seqack_trace_set_event_host (trace, cancel, SEQACK_HOST_CLIENT_2);
      add_segment (trace, 5000 + 2 * LAT, SEQACK_CLIENT,
                   SEQACK_HOST_CLIENT_2, CLIENT_N_ADDR + 3, 40000,
                   SERVER_ADDR, 80, SEQACK_TCP_ACK);
    }
}

static void
options_init (SeqackSequenceRenderOptions *o,
              SeqackSequenceLayout        *layout,
              double                       width)
{
  seqack_sequence_render_options_init (o);
  o->width = width;
  o->height = seqack_sequence_render_get_header_height (o)
              + seqack_sequence_render_get_content_height (layout, o);
}

static double
lifeline_x (SeqackSequenceLayout              *layout,
            const SeqackSequenceRenderOptions *o,
            guint                              host)
{
  double x = -1;

  g_assert_true (seqack_sequence_render_get_lifeline_x (layout, o, host, &x));
  return x;
}

/* Client leftmost, server rightmost, the added clients by number and
 * the flood between; the flood's lifeline only when the trace has it. */
static void
test_hosts_lifelines (void)
{
  HostsTrace h;
  g_autoptr (SeqackSequenceLayout) layout = NULL;
  SeqackSequenceRenderOptions o;
  guint hosts[SEQACK_N_HOSTS];
  double xc, x2, xf, xs;

  hosts_trace_init (&h, TRUE, TRUE, FALSE);
  layout = seqack_sequence_layout_new (h.trace);
  options_init (&o, layout, 1280);
  g_assert_cmpuint (seqack_sequence_render_get_lifelines (layout, hosts), ==,
                    4);
  g_assert_cmpuint (hosts[0], ==, SEQACK_CLIENT);
  g_assert_cmpuint (hosts[1], ==, SEQACK_HOST_CLIENT_2);
  g_assert_cmpuint (hosts[2], ==, SEQACK_HOST_FLOOD);
  g_assert_cmpuint (hosts[3], ==, SEQACK_SERVER);
  xc = lifeline_x (layout, &o, SEQACK_CLIENT);
  x2 = lifeline_x (layout, &o, SEQACK_HOST_CLIENT_2);
  xf = lifeline_x (layout, &o, SEQACK_HOST_FLOOD);
  xs = lifeline_x (layout, &o, SEQACK_SERVER);
  /* The endpoints stay where a two-host trace has them. */
  g_assert_cmpfloat (xc, ==,
                     seqack_sequence_render_get_timeline_x (&o,
                                                            SEQACK_CLIENT));
  g_assert_cmpfloat (xs, ==,
                     seqack_sequence_render_get_timeline_x (&o,
                                                            SEQACK_SERVER));
  g_assert_cmpfloat (xc, <, x2);
  g_assert_cmpfloat (x2, <, xf);
  g_assert_cmpfloat (xf, <, xs);
  /* Evenly spaced. */
  g_assert_cmpfloat (fabs ((x2 - xc) - (xs - xf)), <, 1e-6);
  g_assert_false (seqack_sequence_render_get_lifeline_x (layout, &o,
                                                         SEQACK_HOST_CLIENT_2
                                                         + 1, NULL));
  g_clear_pointer (&layout, seqack_sequence_layout_free);
  seqack_trace_free (h.trace);

  /* Without the flood: no flood lifeline. */
  hosts_trace_init (&h, TRUE, FALSE, FALSE);
  layout = seqack_sequence_layout_new (h.trace);
  g_assert_cmpuint (seqack_sequence_render_get_lifelines (layout, hosts), ==,
                    3);
  g_assert_cmpuint (hosts[1], ==, SEQACK_HOST_CLIENT_2);
  g_assert_false (seqack_sequence_render_get_lifeline_x (layout, &o,
                                                         SEQACK_HOST_FLOOD,
                                                         NULL));
  g_clear_pointer (&layout, seqack_sequence_layout_free);
  seqack_trace_free (h.trace);

  /* The flood without client-2. */
  hosts_trace_init (&h, FALSE, TRUE, FALSE);
  layout = seqack_sequence_layout_new (h.trace);
  g_assert_cmpuint (seqack_sequence_render_get_lifelines (layout, hosts), ==,
                    3);
  g_assert_cmpuint (hosts[1], ==, SEQACK_HOST_FLOOD);
  g_clear_pointer (&layout, seqack_sequence_layout_free);
  seqack_trace_free (h.trace);

  /* Every host: ten lifelines, in order of their numbers but the
   * server's last. */
  hosts_trace_init (&h, TRUE, TRUE, TRUE);
  layout = seqack_sequence_layout_new (h.trace);
  g_assert_cmpuint (seqack_sequence_render_get_lifelines (layout, hosts), ==,
                    SEQACK_N_HOSTS);
  for (guint k = 1; k + 1 < SEQACK_N_HOSTS; k++)
    g_assert_cmpuint (hosts[k], ==, k + 1);
  g_assert_cmpuint (hosts[SEQACK_N_HOSTS - 1], ==, SEQACK_SERVER);
  for (guint k = 0; k + 1 < SEQACK_N_HOSTS; k++)
    g_assert_cmpfloat (lifeline_x (layout, &o, hosts[k]), <,
                       lifeline_x (layout, &o, hosts[k + 1]));
  g_clear_pointer (&layout, seqack_sequence_layout_free);
  seqack_trace_free (h.trace);
}

static void
assert_arrow (SeqackSequenceLayout              *layout,
              const SeqackSequenceRenderOptions *o,
              guint                              event,
              guint                              from,
              guint                              to)
{
  double x0, x1;

  g_assert_true (seqack_sequence_render_get_arrow (layout, o, event, &x0,
                                                   NULL, &x1, NULL));
  g_assert_cmpfloat (x0, ==, lifeline_x (layout, o, from));
  g_assert_cmpfloat (x1, ==, lifeline_x (layout, o, to));
}

/* Each segment's arrow runs from its sender's lifeline to its
 * receiver's: client-2's SYN from client-2 to the server, the server's
 * answer back to client-2, the flood's spoofed SYN and the SYN,ACK
 * that goes to the flood. */
static void
test_hosts_arrows (void)
{
  HostsTrace h;
  g_autoptr (SeqackSequenceLayout) layout = NULL;
  SeqackSequenceRenderOptions o;
  SeqackSequenceRow row;
  guint send, arrive;

  hosts_trace_init (&h, TRUE, TRUE, FALSE);
  layout = seqack_sequence_layout_new (h.trace);
  options_init (&o, layout, 1280);
  assert_arrow (layout, &o, h.client_syn, SEQACK_CLIENT, SEQACK_SERVER);
  assert_arrow (layout, &o, h.client2_syn, SEQACK_HOST_CLIENT_2,
                SEQACK_SERVER);
  assert_arrow (layout, &o, h.synack_client2, SEQACK_SERVER,
                SEQACK_HOST_CLIENT_2);
  assert_arrow (layout, &o, h.flood_syn, SEQACK_HOST_FLOOD, SEQACK_SERVER);
  assert_arrow (layout, &o, h.synack_flood, SEQACK_SERVER,
                SEQACK_HOST_FLOOD);

  /* The rows say whose lifeline they are on. */
  g_assert_true (seqack_sequence_layout_get_event_rows (layout,
                                                        h.synack_client2,
                                                        &send, &arrive));
  g_assert_true (seqack_sequence_layout_get_row (layout, send, &row));
  g_assert_cmpuint (row.host, ==, SEQACK_SERVER);
  g_assert_true (seqack_sequence_layout_get_row (layout, arrive, &row));
  g_assert_cmpint (row.kind, ==, SEQACK_ROW_ARRIVE);
  g_assert_cmpuint (row.host, ==, SEQACK_HOST_CLIENT_2);
  /* client-2's ESTABLISHED is what the SYN,ACK did there: it shares the
   * arrival's row. */
  g_assert_cmpuint (row.state, ==, h.client2_est);

  /* The hit test finds client-2's SYN on its own arrow, a third of the
   * way from client-2 to the server. */
  {
    double x0, y0, x1, y1;

    seqack_sequence_render_get_arrow (layout, &o, h.client2_syn, &x0, &y0,
                                      &x1, &y1);
    g_assert_cmpuint (seqack_sequence_render_hit_test (layout, &o,
                                                       x0 + (x1 - x0) / 3,
                                                       y0 + (y1 - y0) / 3),
                      ==, h.client2_syn);
  }
  g_clear_pointer (&layout, seqack_sequence_layout_free);
  seqack_trace_free (h.trace);
}

/* State changes and timers sit on their host's lifeline, and a host's
 * state is its own: client-2's SYN-SENT is not the client's. */
static void
test_hosts_states (void)
{
  HostsTrace h;
  g_autoptr (SeqackSequenceLayout) layout = NULL;
  SeqackSequenceRenderOptions o;
  SeqackTimerLanes *lanes;
  const SeqackTimerLane *lane;
  cairo_rectangle_t box;
  SeqackSequenceRow row;
  guint r;
  double xc, x2;

  hosts_trace_init (&h, TRUE, FALSE, FALSE);
  layout = seqack_sequence_layout_new (h.trace);
  options_init (&o, layout, 1280);
  xc = lifeline_x (layout, &o, SEQACK_CLIENT);
  x2 = lifeline_x (layout, &o, SEQACK_HOST_CLIENT_2);

  /* CLOSED → SYN-SENT, then the SYN: one row, client-2's. */
  g_assert_true (seqack_sequence_layout_get_event_rows (layout,
                                                        h.client2_state, &r,
                                                        NULL));
  g_assert_true (seqack_sequence_layout_get_row (layout, r, &row));
  g_assert_cmpuint (row.host, ==, SEQACK_HOST_CLIENT_2);
  g_assert_cmpuint (row.event, ==, h.client2_syn);
  /* Its badge is left of client-2's lifeline, as a client's, and right
   * of the client's. */
  g_assert_true (seqack_sequence_render_get_state_box (layout, &o,
                                                       h.client2_state,
                                                       &box));
  g_assert_cmpfloat (box.x + box.width, <=, x2);
  g_assert_cmpfloat (box.x + box.width, >, xc);

  g_assert_cmpuint (seqack_sequence_layout_last_host_state_event (
                      layout, SEQACK_HOST_CLIENT_2, G_MAXUINT), ==,
                    h.client2_est);
  g_assert_cmpint (seqack_trace_get_event (
                     h.trace, seqack_sequence_layout_last_host_state_event (
                                layout, SEQACK_CLIENT, G_MAXUINT))->to, ==,
                   SEQACK_TCP_SYN_SENT);
  g_assert_cmpuint (seqack_sequence_layout_last_host_state_event (
                      layout, SEQACK_HOST_CLIENT_2, h.client2_state), ==,
                    SEQACK_NO_EVENT);

  /* client-2's RTO runs on a lane beside its lifeline, toward the
   * server, and is not the client's. */
  lanes = seqack_sequence_layout_get_timer_lanes (layout);
  g_assert_null (seqack_timer_lanes_running (lanes, SEQACK_CLIENT,
                                             SEQACK_TCP_TIMER_RETRANSMIT,
                                             G_MAXUINT));
  lane = seqack_timer_lanes_running (lanes, SEQACK_HOST_CLIENT_2,
                                     SEQACK_TCP_TIMER_RETRANSMIT,
                                     h.client2_rto + 1);
  g_assert_nonnull (lane);
  g_assert_cmpuint (lane->host, ==, SEQACK_HOST_CLIENT_2);
  g_assert_cmpint (lane->side, ==, SEQACK_CLIENT);
  g_assert_null (seqack_timer_lanes_running (lanes, SEQACK_HOST_CLIENT_2,
                                             SEQACK_TCP_TIMER_RETRANSMIT,
                                             G_MAXUINT));

  /* Painted there: the lane's green a few px right of client-2's line,
   * while it runs. */
  {
    cairo_surface_t *surface;
    cairo_t *cr;
    const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_LIGHT);
    guint set_row;
    double y, row_h;

    /* Up to the server's answer to client-2, on its way. */
    o.n_shown = h.synack_client2 + 1;
    surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                          (int) o.width, (int) o.height);
    cr = cairo_create (surface);
    seqack_sequence_render (cr, layout, &o);
    seqack_sequence_layout_get_event_rows (layout, h.client2_syn, &set_row,
                                           NULL);
    y = seqack_sequence_render_get_row_y (&o, set_row);
    row_h = seqack_sequence_render_get_row_height (&o);
    g_assert_cmpuint (render_test_count (surface, x2 + 1, y - row_h,
                                         x2 + 20, y + 2 * row_h,
                                         &pal->timer_lane, 0.1), >, 4);
    /* None beside the client's. */
    g_assert_cmpuint (render_test_count (surface, xc + 1, y - row_h,
                                         xc + 20, y + 2 * row_h,
                                         &pal->timer_lane, 0.1), ==, 0);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
  g_clear_pointer (&layout, seqack_sequence_layout_free);
  seqack_trace_free (h.trace);
}

/* A trace without added hosts is laid out and drawn as before: two
 * lifelines where they always were, every row on its side's. */
static void
test_hosts_two_unchanged (void)
{
  g_autoptr (SeqackLab) lab = render_test_run_scenario ("hello-goodbye");
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  g_autoptr (SeqackSequenceLayout) layout = seqack_sequence_layout_new (trace);
  SeqackSequenceRenderOptions o;
  guint hosts[SEQACK_N_HOSTS];

  options_init (&o, layout, 900);
  g_assert_cmpuint (seqack_sequence_render_get_lifelines (layout, hosts), ==,
                    2);
  g_assert_cmpuint (hosts[0], ==, SEQACK_CLIENT);
  g_assert_cmpuint (hosts[1], ==, SEQACK_SERVER);
  g_assert_cmpfloat (lifeline_x (layout, &o, SEQACK_CLIENT), ==,
                     seqack_sequence_render_get_timeline_x (&o,
                                                            SEQACK_CLIENT));
  for (guint r = 0; r < seqack_sequence_layout_get_n_rows (layout); r++)
    {
      SeqackSequenceRow row;

      g_assert_true (seqack_sequence_layout_get_row (layout, r, &row));
      g_assert_cmpuint (row.host, ==, row.side);
    }
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      double x0, x1;

      if (ev->kind != SEQACK_EVENT_SEGMENT)
        continue;
      g_assert_true (seqack_sequence_render_get_arrow (layout, &o, i, &x0,
                                                       NULL, &x1, NULL));
      g_assert_cmpfloat (x0, ==,
                         seqack_sequence_render_get_timeline_x (&o, ev->side));
      g_assert_cmpfloat (x1, ==,
                         seqack_sequence_render_get_timeline_x (
                           &o, SEQACK_OTHER_SIDE (ev->side)));
    }
  /* Each side's own states, as the endpoint panels read them. */
  for (guint side = 0; side < 2; side++)
    g_assert_cmpuint (seqack_sequence_layout_last_host_state_event (
                        layout, side, G_MAXUINT), ==,
                      seqack_sequence_layout_last_state_event (layout, side,
                                                               G_MAXUINT));
}

/* Pixels of @surface within @tolerance of @want in the column
 * [@x - 1, @x + 1] from @y0 to @y1. */
static guint
column_count (cairo_surface_t  *surface,
              double            x,
              double            y0,
              double            y1,
              const SeqackRgba *want)
{
  return render_test_count (surface, x - 1, y0, x + 2, y1, want, 0.08);
}

/* The classroom's sizes: the window's diagram at 1024×768 (393 px
 * wide) and 1280×720 (645 px), presentation mode's whole width, with up
 * to ten lifelines: every lifeline drawn, every title inside the
 * header, no text under the room's minimum. */
static void
test_hosts_fit (void)
{
  static const struct
  {
    double width, scale;
  } sizes[] = {
    { 393, 1.0 }, { 645, 1.0 }, { 1024, 1.5 }, { 1280, 1.5 }, { 900, 1.0 },
  };
  const SeqackPalette *pal = seqack_palette_get (SEQACK_SCHEME_LIGHT);

  for (int many = 0; many < 2; many++)
    for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
      {
        HostsTrace h;
        g_autoptr (SeqackSequenceLayout) layout = NULL;
        SeqackSequenceRenderOptions o;
        cairo_surface_t *surface;
        cairo_t *cr;
        guint hosts[SEQACK_N_HOSTS], n;
        double smallest = 0, header_h;

        hosts_trace_init (&h, TRUE, TRUE, many);
        layout = seqack_sequence_layout_new (h.trace);
        seqack_sequence_render_options_init (&o);
        o.width = sizes[i].width;
        o.scale = sizes[i].scale;
        o.smallest_text_px = &smallest;
        header_h = seqack_sequence_render_get_header_height (&o);
        /* Room under the last row, where only the lifelines are. */
        o.height = header_h
                   + seqack_sequence_render_get_content_height (layout, &o)
                   + 80;
        surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32,
                                              (int) o.width,
                                              (int) o.height);
        cr = cairo_create (surface);
        seqack_sequence_render (cr, layout, &o);
        g_assert_cmpfloat (smallest, >=,
                           SEQACK_RENDER_TEXT_MIN_PX * sizes[i].scale - 1e-6);
        n = seqack_sequence_render_get_lifelines (layout, hosts);
        g_assert_cmpuint (n, ==, many ? 10 : 4);
        for (guint k = 0; k < n; k++)
          {
            double x = lifeline_x (layout, &o, hosts[k]);

            /* The lifeline, near the bottom where nothing else is. */
            g_assert_cmpuint (column_count (surface, x, o.height - 60,
                                            o.height - 10,
                                            &pal->timeline), >, 20);
            /* Its title: text over it in the header. */
            g_assert_cmpuint (render_test_count (surface, x - 4, 2, x + 5,
                                                 header_h - 4,
                                                 &pal->foreground, 0.25),
                              >, 0);
          }
        cairo_destroy (cr);
        cairo_surface_destroy (surface);
        g_clear_pointer (&layout, seqack_sequence_layout_free);
        seqack_trace_free (h.trace);
      }
}

/* The exports draw the same lifelines: a PNG of a trace with client-2
 * and the flood has four, where the window's layout puts them. */
static void
test_hosts_export (void)
{
  HostsTrace h;
  SeqackExportOptions eo;
  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("seqack-hosts-XXXXXX", &error);
  g_autofree char *png = NULL, *svg = NULL, *text = NULL;
  cairo_surface_t *surface;
  int width, height;
  guint lines = 0;
  gboolean on_line = FALSE;

  g_assert_no_error (error);
  hosts_trace_init (&h, TRUE, TRUE, FALSE);
  png = g_build_filename (dir, "hosts.png", NULL);
  svg = g_build_filename (dir, "hosts.svg", NULL);
  seqack_export_options_init (&eo);
  eo.format = SEQACK_EXPORT_PNG;
  g_assert_true (seqack_export_write (h.trace, png, &eo, &error));
  g_assert_no_error (error);
  surface = cairo_image_surface_create_from_png (png);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  /* Across the bottom margin, under the last row: only lifelines. */
  for (int x = 0; x < width; x++)
    {
      RenderTestColor c = render_test_pixel (surface, x + 0.5, height - 8.5);
      gboolean dark = c.r + c.g + c.b < 2.4;

      if (dark && !on_line)
        lines++;
      on_line = dark;
    }
  g_assert_cmpuint (lines, ==, 4);
  cairo_surface_destroy (surface);

  eo.format = SEQACK_EXPORT_SVG;
  g_assert_true (seqack_export_write (h.trace, svg, &eo, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &text, NULL, &error));
  g_assert_nonnull (strstr (text, "<svg"));

  g_unlink (png);
  g_unlink (svg);
  g_rmdir (dir);
  seqack_trace_free (h.trace);
}

/* A label longer than its arrow (a flood's SYN between neighbouring
 * lifelines of a narrow view) is moved along its arrow so that it stays
 * between the outermost lifelines, where the diagram is, instead of
 * running off beside them. */
static void
test_hosts_label_inside (void)
{
  static const double widths[] = { 645, 900, 1024 };
  guint moved = 0;

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      HostsTrace h;
      g_autoptr (SeqackSequenceLayout) layout = NULL;
      SeqackSequenceRenderOptions o;
      guint hosts[SEQACK_N_HOSTS], n, labels = 0;
      double left, right;

      hosts_trace_init (&h, TRUE, TRUE, TRUE);
      layout = seqack_sequence_layout_new (h.trace);
      seqack_sequence_render_options_init (&o);
      o.width = widths[i];
      o.height = seqack_sequence_render_get_header_height (&o)
                 + seqack_sequence_render_get_content_height (layout, &o);
      n = seqack_sequence_render_get_lifelines (layout, hosts);
      g_assert_cmpuint (n, ==, 10);
      left = lifeline_x (layout, &o, hosts[0]);
      right = lifeline_x (layout, &o, hosts[n - 1]);
      for (guint e = 0; e < seqack_trace_get_n_events (h.trace); e++)
        {
          cairo_rectangle_t box;
          double x0, x1, mid;

          if (!seqack_sequence_render_get_arrow_label_box (layout, &o, e,
                                                           &box))
            continue;
          labels++;
          if (box.width <= right - left)
            {
              g_assert_cmpfloat (box.x, >=, left - 1);
              g_assert_cmpfloat (box.x + box.width, <=, right + 1);
            }
          else
            /* Wider than the diagram: centred on it. */
            g_assert_cmpfloat (fabs (box.x + box.width / 2
                                     - (left + right) / 2), <, 1);
          g_assert_true (seqack_sequence_render_get_arrow (layout, &o, e,
                                                           &x0, NULL, &x1,
                                                           NULL));
          /* Centred mid-arrow it would have reached past an end. */
          mid = (x0 + x1) / 2;
          moved += mid - box.width / 2 < left - 1 ||
                   mid + box.width / 2 > right + 1;
        }
      g_assert_cmpuint (labels, >=, 4);
      g_clear_pointer (&layout, seqack_sequence_layout_free);
      seqack_trace_free (h.trace);
    }
  g_assert_cmpuint (moved, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/render/hosts/lifelines", test_hosts_lifelines);
  g_test_add_func ("/render/hosts/arrows", test_hosts_arrows);
  g_test_add_func ("/render/hosts/states", test_hosts_states);
  g_test_add_func ("/render/hosts/two-unchanged", test_hosts_two_unchanged);
  g_test_add_func ("/render/hosts/fit", test_hosts_fit);
  g_test_add_func ("/render/hosts/export", test_hosts_export);
  g_test_add_func ("/render/hosts/label-inside", test_hosts_label_inside);

  return g_test_run ();
}
