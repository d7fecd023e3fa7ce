/* test-ui-inspector.c: the inspector's header numbers segments the way a
 * teacher counts them (the 1st, 2nd... segment on the wire), not by the
 * trace's event index. Runs under xvfb-run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <math.h>
#include <string.h>

#include "seqack-bytes.h"
#include "seqack-capture.h"
#include "seqack-checksum.h"
#include "seqack-inspector.h"
#include "seqack-packet.h"
#include "seqack-scenario.h"
#include "seqack-sequence-layout.h"
#include "ui-test-util.h"

/* hello-goodbye: handshake (3), "hello" and its ACK (2), "bye" and its
 * ACK (2), teardown (4): 11 segments, the last ACK is segment 11. */
static void
test_inspector_segment_number (void)
{
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  SeqackLabConfig config;
  SeqackLab *lab;
  SeqackTrace *trace;
  SeqackSequenceLayout *layout;
  SeqackInspector *inspector;
  guint first = G_MAXUINT, last = G_MAXUINT, n_segments = 0;
  g_autofree char *first_title = NULL;

  seqack_lab_config_init (&config);
  config.seed = 1;
  lab = seqack_lab_new (&config);
  scenario = seqack_scenario_builtin ("hello-goodbye", &error);
  g_assert_no_error (error);
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  g_assert_no_error (error);

  trace = seqack_lab_get_trace (lab);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT)
      {
        if (first == G_MAXUINT)
          first = i;
        last = i;
        n_segments++;
      }
  g_assert_cmpuint (n_segments, ==, 11);
  /* Other events come first (actions, state changes): the event index
   * is not what a person counts. */
  g_assert_cmpuint (first, >, 0);
  g_assert_cmpuint (last, >, 11);
  g_assert_cmpuint (seqack_trace_get_event (trace, last)->flags, ==,
                    SEQACK_TCP_ACK);

  layout = seqack_sequence_layout_new (trace);
  inspector = g_object_ref_sink (g_object_new (SEQACK_TYPE_INSPECTOR, NULL));

  seqack_inspector_show (inspector, layout, first, FALSE, FALSE);
  first_title = g_strdup_printf (_("Segment %u · client → server · %s · "
                                   "t = %s s%s"), 1, "SYN", "0.000", "");
  g_assert_cmpstr (seqack_inspector_get_title (inspector), ==, first_title);

  /* The run is in English (LC_ALL=C.UTF-8). */
  seqack_inspector_show (inspector, layout, last, FALSE, FALSE);
  g_assert_true (g_str_has_prefix (seqack_inspector_get_title (inspector),
                                   "Segment 11 · "));

  seqack_inspector_show (inspector, NULL, SEQACK_NO_EVENT, FALSE, FALSE);
  g_assert_finalize_object (inspector);
  seqack_sequence_layout_free (layout);
  seqack_lab_free (lab);
}

/* A real Linux SYN carries MSS, SACK-permitted, timestamps and window
 * scale. The options line joins four parts with the translated separator
 * (the Chinese "，" is three bytes): the text must stay valid UTF-8, or
 * Pango warns (fatal here) when the label is laid out. Run in English and
 * under zh_CN. */
static void
test_inspector_kernel_syn_options (void)
{
  SeqackTrace *trace = seqack_trace_new ();
  SeqackSequenceLayout *layout;
  SeqackInspector *inspector;
  SeqackTcpSegment seg = { 0 };
  g_autoptr(GByteArray) packet = g_byte_array_new ();
  g_autofree char *expected = NULL;
  const char *options;
  guint event;
  int min, nat;

  seg.src_port = 40000;
  seg.dst_port = 8080;
  seg.seq = 2864434397u;
  seg.flags = SEQACK_TCP_SYN;
  seg.window = 65495;
  seg.options.has_mss = TRUE;
  seg.options.mss = 65495;
  seg.options.sack_permitted = TRUE;
  seg.options.has_timestamps = TRUE;
  seg.options.ts_val = 1234567;
  seg.options.has_wscale = TRUE;
  seg.options.wscale = 7;
  seqack_packet_build_ipv4 (0x7f000001, 0x7f000001, 1, 64, &seg, packet);
  event = seqack_trace_add_segment (trace, 0, 0, SEQACK_CLIENT,
                                    SEQACK_FATE_DELIVERED, 0,
                                    packet->data, packet->len);

  layout = seqack_sequence_layout_new (trace);
  inspector = g_object_ref_sink (g_object_new (SEQACK_TYPE_INSPECTOR, NULL));
  seqack_inspector_show (inspector, layout, event, FALSE, FALSE);

  options = seqack_inspector_get_options (inspector);
  g_assert_true (g_utf8_validate (options, -1, NULL));
  expected = g_strdup_printf (_("Options: %s"), "MSS 65495");
  g_assert_true (g_str_has_prefix (options, expected));
  /* The separator is there three times and nothing is cut off. */
  {
    g_autofree char *ts = g_strdup_printf (_("timestamps %u/%u"),
                                           1234567u, 0u);
    g_auto(GStrv) parts = g_strsplit (options,
                                      C_("list separator", ", "), -1);

    g_assert_cmpuint (g_strv_length (parts), ==, 4);
    g_assert_true (g_str_has_suffix (options, ts));
  }
  /* Lay the labels out: Pango checks the text here. */
  gtk_widget_measure (GTK_WIDGET (inspector), GTK_ORIENTATION_HORIZONTAL,
                      -1, &min, &nat, NULL, NULL);
  gtk_widget_measure (GTK_WIDGET (inspector), GTK_ORIENTATION_VERTICAL,
                      -1, &min, &nat, NULL, NULL);

  seqack_inspector_show (inspector, NULL, SEQACK_NO_EVENT, FALSE, FALSE);
  g_assert_finalize_object (inspector);
  seqack_sequence_layout_free (layout);
  seqack_trace_free (trace);
}

/* Splits row @line of the variables table into its cells. */
static GStrv
table_row (const char *table,
           guint       line)
{
  g_auto(GStrv) lines = g_strsplit (table, "\n", -1);
  g_autoptr(GStrvBuilder) cells = g_strv_builder_new ();
  g_auto(GStrv) words = NULL;

  g_assert_cmpuint (g_strv_length (lines), ==, 3);
  words = g_strsplit (lines[line], " ", -1);
  for (guint i = 0; words[i] != NULL; i++)
    if (words[i][0] != '\0')
      g_strv_builder_add (cells, words[i]);

  return g_strv_builder_end (cells);
}

/* The variables table keeps every number in its own column, even ten
 * digits long (absolute), and shows "—" for an endpoint with no
 * connection (the server in LISTEN before the SYN arrives). */
static void
test_inspector_variables_table (void)
{
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  SeqackLabConfig config;
  SeqackLab *lab;
  SeqackTrace *trace;
  SeqackSequenceLayout *layout;
  SeqackInspector *inspector;
  guint first_syn = G_MAXUINT, established = G_MAXUINT;
  SeqackTcpVars client, server;

  seqack_lab_config_init (&config);
  config.seed = 7;
  lab = seqack_lab_new (&config);
  scenario = seqack_scenario_builtin ("hello-goodbye", &error);
  g_assert_no_error (error);
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  trace = seqack_lab_get_trace (lab);

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      if (first_syn == G_MAXUINT &&
          seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT)
        first_syn = i;
      if (established == G_MAXUINT &&
          seqack_trace_get_state (trace, i, SEQACK_CLIENT) ==
            SEQACK_TCP_ESTABLISHED &&
          seqack_trace_get_state (trace, i, SEQACK_SERVER) ==
            SEQACK_TCP_ESTABLISHED)
        established = i;
    }
  g_assert_cmpuint (established, !=, G_MAXUINT);
  g_assert_cmpint (seqack_trace_get_state (trace, first_syn, SEQACK_SERVER),
                   ==, SEQACK_TCP_LISTEN);

  layout = seqack_sequence_layout_new (trace);
  inspector = g_object_ref_sink (g_object_new (SEQACK_TYPE_INSPECTOR, NULL));

  seqack_inspector_show (inspector, layout, first_syn, TRUE, FALSE);
  {
    g_auto(GStrv) row = table_row (seqack_inspector_get_variables (inspector),
                                   2);

    g_assert_cmpuint (g_strv_length (row), ==, 8);
    for (guint i = 1; i < 8; i++)
      g_assert_cmpstr (row[i], ==, "—");
  }

  seqack_inspector_show (inspector, layout, established, TRUE, FALSE);
  g_assert_true (seqack_trace_get_vars (trace, established, SEQACK_CLIENT,
                                        &client));
  g_assert_true (seqack_trace_get_vars (trace, established, SEQACK_SERVER,
                                        &server));
  {
    g_auto(GStrv) c = table_row (seqack_inspector_get_variables (inspector),
                                 1);
    g_auto(GStrv) s = table_row (seqack_inspector_get_variables (inspector),
                                 2);
    g_autofree char *c_rcv_nxt = g_strdup_printf ("%u", client.rcv_nxt);
    g_autofree char *c_iss = g_strdup_printf ("%u", client.iss);
    g_autofree char *s_irs = g_strdup_printf ("%u", server.irs);

    /* Name + seven numbers, each a cell of its own. */
    g_assert_cmpuint (g_strv_length (c), ==, 8);
    g_assert_cmpuint (g_strv_length (s), ==, 8);
    g_assert_cmpstr (c[3], ==, c_rcv_nxt);
    g_assert_cmpstr (c[4], ==, c_iss);
    g_assert_cmpstr (s[5], ==, s_irs);
  }

  seqack_inspector_show (inspector, NULL, SEQACK_NO_EVENT, FALSE, FALSE);
  g_assert_finalize_object (inspector);
  seqack_sequence_layout_free (layout);
  seqack_lab_free (lab);
}

static GtkWidget *
find_grid (GtkWidget *widget)
{
  if (GTK_IS_GRID (widget))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c != NULL;
       c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_grid (c);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* At widths where the old text table wrapped into ragged rows (1366 px
 * and less; here the inspector gets 760 px), every variable is one line
 * in its own column: each column starts at the same x in all three rows,
 * columns run left to right without overlapping, and no cell wraps, even
 * with ten-digit absolute numbers. */
/* The flag buttons keep their own width in a wide inspector: short
 * labels in buttons stretched across the pane read as a toolbar; and
 * where they fit one line they share it (never one per line). */
static guint
assert_flags_natural (GtkWidget *widget,
                      GtkWidget *inspector,
                      double    *row_y)
{
  guint n = 0;

  if (GTK_IS_TOGGLE_BUTTON (widget) && gtk_widget_has_css_class (widget, "flag"))
    {
      graphene_rect_t bounds;
      int nat;

      gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &nat,
                          NULL, NULL);
      if (gtk_widget_get_width (widget) > nat + 1)
        g_error ("the flag “%s” is %d px wide, it needs %d",
                 gtk_button_get_label (GTK_BUTTON (widget)),
                 gtk_widget_get_width (widget), nat);
      g_assert_true (gtk_widget_compute_bounds (widget, inspector, &bounds));
      if (*row_y < 0)
        *row_y = bounds.origin.y;
      g_assert_cmpfloat_with_epsilon (bounds.origin.y, *row_y, 0.5);
      return 1;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += assert_flags_natural (child, inspector, row_y);
  return n;
}

static void
test_inspector_variables_grid (void)
{
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  SeqackLabConfig config;
  SeqackLab *lab;
  SeqackTrace *trace;
  SeqackSequenceLayout *layout;
  SeqackInspector *inspector;
  GtkWidget *window, *grid;
  guint established = G_MAXUINT;
  gint64 end;

  seqack_lab_config_init (&config);
  config.seed = 7;
  lab = seqack_lab_new (&config);
  scenario = seqack_scenario_builtin ("hello-goodbye", &error);
  g_assert_no_error (error);
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  trace = seqack_lab_get_trace (lab);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT &&
        seqack_trace_get_state (trace, i, SEQACK_SERVER) ==
          SEQACK_TCP_ESTABLISHED)
      {
        established = i;
        break;
      }
  g_assert_cmpuint (established, !=, G_MAXUINT);

  layout = seqack_sequence_layout_new (trace);
  window = gtk_window_new ();
  inspector = g_object_new (SEQACK_TYPE_INSPECTOR, NULL);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (inspector));
  gtk_window_set_default_size (GTK_WINDOW (window), 760, 320);
  seqack_inspector_show (inspector, layout, established, TRUE, FALSE);
  gtk_window_present (GTK_WINDOW (window));

  grid = find_grid (GTK_WIDGET (inspector));
  g_assert_nonnull (grid);
  end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (gtk_widget_get_width (grid) <= 0 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (gtk_widget_get_width (grid), >, 0);

  {
    double col_x[8] = { 0 };
    guint n_cells = 0;

    for (int row = 0; row < 3; row++)
      {
        double right = -1;

        for (int col = 0; col < 8; col++)
          {
            GtkWidget *cell = gtk_grid_get_child_at (GTK_GRID (grid), col,
                                                     row);
            graphene_rect_t b;
            int min_w, nat_w;

            g_assert_true (GTK_IS_LABEL (cell));
            g_assert_true (gtk_widget_compute_bounds (cell, grid, &b));
            g_assert_cmpint (pango_layout_get_line_count (
                               gtk_label_get_layout (GTK_LABEL (cell))),
                             ==, 1);
            gtk_widget_measure (cell, GTK_ORIENTATION_HORIZONTAL, -1,
                                &min_w, &nat_w, NULL, NULL);
            g_assert_cmpfloat (b.size.width, >=, nat_w);
            if (row == 0)
              col_x[col] = b.origin.x;
            else
              g_assert_cmpfloat (fabs (b.origin.x - col_x[col]), <, 0.5);
            g_assert_cmpfloat (b.origin.x, >=, right);
            right = b.origin.x + b.size.width;
            n_cells++;
          }
      }
    g_assert_cmpuint (n_cells, ==, 24);
  }
  /* 760 px: room for all the flags on one line, and more. */
  {
    double row_y = -1;

    g_assert_cmpuint (assert_flags_natural (GTK_WIDGET (inspector),
                                            GTK_WIDGET (inspector), &row_y),
                      ==, 8);
  }
  /* Ten digits each: the absolute ISS of the client. */
  {
    g_auto(GStrv) c = table_row (seqack_inspector_get_variables (inspector),
                                 1);
    SeqackTcpVars vars;

    g_assert_true (seqack_trace_get_vars (trace, established, SEQACK_CLIENT,
                                          &vars));
    g_assert_cmpuint (g_ascii_strtoull (c[4], NULL, 10), ==, vars.iss);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  seqack_sequence_layout_free (layout);
  seqack_lab_free (lab);
}

/* A segment of a real loopback capture as the inspector shows it: @cut
 * records 96 of its bytes, as `dumpcap -s 96` does; the checksum holds
 * only the pseudo-header sum, as Linux leaves it on lo. */
static void
show_captured (gboolean cut,
               char   **payload_out)
{
  static const guint8 lo_eth[14] = { [12] = 0x08, [13] = 0x00 };
  g_autoptr(SeqackCapture) capture = seqack_capture_new ();
  g_autoptr(GByteArray) frame = g_byte_array_new ();
  g_autofree guint8 *data = g_malloc (1500);
  SeqackTcpSegment seg = { 0 };
  SeqackSequenceLayout *layout;
  SeqackInspector *inspector;
  SeqackTrace *trace;
  guint32 pseudo;
  guint event = G_MAXUINT;

  memset (data, 'a', 1500);
  seg.src_port = 40000;
  seg.dst_port = 8080;
  seg.seq = 1001;
  seg.ack = 5001;
  seg.flags = SEQACK_TCP_ACK | SEQACK_TCP_PSH;
  seg.window = 512;
  seg.payload = data;
  seg.payload_len = 1500;
  g_byte_array_append (frame, lo_eth, sizeof lo_eth);
  seqack_packet_build_ipv4 (0x7f000001, 0x7f000001, 1, 64, &seg, frame);
  /* Linux's CHECKSUM_PARTIAL: the folded pseudo-header sum alone. */
  pseudo = seqack_checksum_pseudo_ipv4 (0x7f000001, 0x7f000001, 20 + 1500);
  while (pseudo >> 16)
    pseudo = (pseudo & 0xffff) + (pseudo >> 16);
  frame->data[14 + 20 + 16] = (guint8) (pseudo >> 8);
  frame->data[14 + 20 + 17] = pseudo & 0xff;
  g_assert_cmpint (seqack_capture_add_record (capture, 1 /* Ethernet */, 0,
                                              frame->data,
                                              cut ? 96 : frame->len,
                                              frame->len), ==, 0);

  trace = seqack_conversation_get_trace (
    seqack_capture_get_conversation (capture, 0));
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT)
      event = i;
  layout = seqack_sequence_layout_new (trace);
  inspector = g_object_ref_sink (g_object_new (SEQACK_TYPE_INSPECTOR, NULL));
  seqack_inspector_show (inspector, layout, event, FALSE, FALSE);
  *payload_out = g_strdup (seqack_inspector_get_payload (inspector));
  seqack_inspector_show (inspector, NULL, SEQACK_NO_EVENT, FALSE, FALSE);
  g_assert_finalize_object (inspector);
  seqack_sequence_layout_free (layout);
}

/* A headers-only capture says what is missing; a capture on the sending
 * host says why its checksum is not wrong. */
static void
test_inspector_captured_truth (void)
{
  g_autofree char *cut = NULL, *whole = NULL;
  g_autofree char *snaplen = g_strdup_printf (_("payload not captured "
                                                "(snapshot length %u)"),
                                              96u);

  show_captured (TRUE, &cut);
  g_assert_nonnull (strstr (cut, snaplen));
  g_assert_nonnull (strstr (cut, _("The checksum covers the payload, which "
                                   "was not captured: it cannot be "
                                   "checked")));
  /* The 42 bytes of payload that were captured are shown, no more. */
  g_assert_nonnull (strstr (cut, "“aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa”"));
  g_assert_null (strstr (cut, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"));

  show_captured (FALSE, &whole);
  g_assert_null (strstr (whole, snaplen));
  g_assert_nonnull (strstr (whole, _("Linux leaves this checksum to the "
                                     "network card (checksum offload); "
                                     "captured on the sender it is not "
                                     "final")));
}

/* The key of the socket SEGMENT event @index reached on host @host. */
static void
own_receiver_key (SeqackTrace     *trace,
                  guint            index,
                  guint            host,
                  SeqackSocketKey *key)
{
  SeqackPacket packet;
  SeqackEndpoint peer;

  g_assert_true (seqack_trace_decode_segment (trace, index, &packet, NULL));
  seqack_trace_get_host_endpoint (trace,
                                  SEQACK_OTHER_SIDE (seqack_host_side (host)),
                                  &peer);
  key->local_port = packet.tcp.dst_port;
  key->remote_port = packet.tcp.src_port;
  key->remote_addr = packet.ip4.src == seqack_read_be32 (peer.addr)
                     ? 0 : packet.ip4.src;
}

/* With two clients on one server, the variables table of a segment has
 * its own connection's numbers at both ends (SND.NXT of the sender's,
 * RCV.NXT of the receiver's), not the side's last changed ones. */
static void
test_inspector_own_connection (void)
{
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackLab) lab = NULL;
  SeqackLabConfig config;
  SeqackTrace *trace;
  SeqackSequenceLayout *layout;
  SeqackInspector *inspector;
  guint n_checked = 0, n_foreign = 0;

  seqack_lab_config_init (&config);
  config.seed = 7;
  lab = seqack_lab_new (&config);
  scenario = seqack_scenario_builtin ("two-clients", &error);
  g_assert_no_error (error);
  g_assert_true (seqack_scenario_run (scenario, lab, &error));
  trace = seqack_lab_get_trace (lab);
  layout = seqack_sequence_layout_new (trace);
  inspector = g_object_ref_sink (g_object_new (SEQACK_TYPE_INSPECTOR, NULL));

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      SeqackSocketKey key;
      SeqackTcpVars own, side;
      guint to;

      if (ev->kind != SEQACK_EVENT_SEGMENT ||
          ev->fate != SEQACK_FATE_DELIVERED)
        continue;
      seqack_inspector_show (inspector, layout, i, TRUE, FALSE);

      /* The sender's row: its connection's SND.NXT. */
      g_assert_true (seqack_trace_get_socket (trace, i, &key));
      if (seqack_trace_get_socket_vars (trace, i,
                                        seqack_trace_get_event_host (trace,
                                                                     i),
                                        &key, &own))
        {
          g_auto(GStrv) row = table_row (
            seqack_inspector_get_variables (inspector), 1 + ev->side);
          g_autofree char *want = g_strdup_printf ("%u", own.snd_nxt);

          if (g_strcmp0 (row[2], "—") != 0)
            {
              g_assert_cmpstr (row[2], ==, want);
              n_checked++;
              seqack_trace_get_vars (trace, i, ev->side, &side);
              n_foreign += side.snd_nxt != own.snd_nxt;
            }
        }

      /* The receiver's row: its connection's RCV.NXT. */
      to = seqack_trace_get_segment_receiver (trace, i);
      own_receiver_key (trace, i, to, &key);
      if (seqack_trace_get_socket_vars (trace, i, to, &key, &own))
        {
          g_auto(GStrv) row = table_row (
            seqack_inspector_get_variables (inspector), 2 - ev->side);

          if (g_strcmp0 (row[3], "—") != 0)
            {
              g_autofree char *want = g_strdup_printf ("%u", own.rcv_nxt);

              g_assert_cmpstr (row[3], ==, want);
              n_checked++;
              seqack_trace_get_vars (trace, i, SEQACK_OTHER_SIDE (ev->side),
                                     &side);
              n_foreign += side.rcv_nxt != own.rcv_nxt;
            }
        }
    }
  g_assert_cmpuint (n_checked, >, 20);
  /* Where the sides' last variables were the other client's. */
  g_assert_cmpuint (n_foreign, >, 0);

  g_object_unref (inspector);
  seqack_sequence_layout_free (layout);
}

/* The state of @host's connection @key after event @index, from its
 * last state event. */
static SeqackTcpState
own_state (SeqackTrace           *trace,
           guint                  index,
           guint                  host,
           const SeqackSocketKey *key)
{
  for (guint j = index + 1; j-- > 0;)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, j);
      SeqackSocketKey other;

      if (e->kind == SEQACK_EVENT_STATE &&
          seqack_trace_get_event_host (trace, j) == host &&
          seqack_trace_get_socket (trace, j, &other) &&
          memcmp (&other, key, sizeof other) == 0)
        return (SeqackTcpState) e->to;
    }
  return SEQACK_TCP_CLOSED;
}

/* A sender's row has numbers when its own connection is open, and "—"
 * when it is not, whatever state the side's other connection (the one
 * its buttons act on) is in: a server that closes its connections one
 * by one, a flood's half-open ones beside a listener. */
static void
test_inspector_own_state (void)
{
  static const char *const names[] = {
    "server-time-wait", "syn-flood", "two-clients", "reconnect",
  };
  guint n_rows = 0, n_side_differs = 0;

  for (guint n = 0; n < G_N_ELEMENTS (names); n++)
    {
      g_autoptr(SeqackScenario) scenario = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(SeqackLab) lab = NULL;
      SeqackLabConfig config;
      SeqackTrace *trace;
      SeqackSequenceLayout *layout;
      SeqackInspector *inspector;

      seqack_lab_config_init (&config);
      config.seed = 7;
      lab = seqack_lab_new (&config);
      scenario = seqack_scenario_builtin (names[n], &error);
      g_assert_no_error (error);
      g_assert_true (seqack_scenario_run (scenario, lab, &error));
      trace = seqack_lab_get_trace (lab);
      layout = seqack_sequence_layout_new (trace);
      inspector = g_object_ref_sink (g_object_new (SEQACK_TYPE_INSPECTOR,
                                                   NULL));
      for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
        {
          const SeqackEvent *ev = seqack_trace_get_event (trace, i);
          guint host = seqack_trace_get_event_host (trace, i);
          SeqackSocketKey key;
          SeqackTcpVars vars;
          SeqackTcpState own, side;
          gboolean open_own, open_side;

          if (ev->kind != SEQACK_EVENT_SEGMENT ||
              !seqack_trace_get_socket (trace, i, &key) ||
              seqack_socket_key_is_listener (&key) ||
              !seqack_trace_get_socket_vars (trace, i, host, &key, &vars))
            continue;
          seqack_inspector_show (inspector, layout, i, TRUE, FALSE);
          own = own_state (trace, i, host, &key);
          side = seqack_trace_get_state (trace, i, ev->side);
          open_own = own != SEQACK_TCP_CLOSED && own != SEQACK_TCP_LISTEN;
          open_side = side != SEQACK_TCP_CLOSED && side != SEQACK_TCP_LISTEN;
          {
            g_auto(GStrv) row = table_row (
              seqack_inspector_get_variables (inspector), 1 + ev->side);

            g_assert_cmpint (g_strcmp0 (row[2], "—") != 0, ==, open_own);
          }
          n_rows++;
          n_side_differs += open_own != open_side;
        }
      seqack_inspector_show (inspector, NULL, SEQACK_NO_EVENT, FALSE, FALSE);
      g_assert_finalize_object (inspector);
      seqack_sequence_layout_free (layout);
    }
  g_assert_cmpuint (n_rows, >, 50);
  /* Where the side's state would have hidden or shown the wrong row. */
  g_assert_cmpuint (n_side_differs, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/inspector/segment-number",
                   test_inspector_segment_number);
  g_test_add_func ("/ui/inspector/kernel-syn-options",
                   test_inspector_kernel_syn_options);
  g_test_add_func ("/ui/inspector/variables-table",
                   test_inspector_variables_table);
  g_test_add_func ("/ui/inspector/own-connection",
                   test_inspector_own_connection);
  g_test_add_func ("/ui/inspector/own-state", test_inspector_own_state);
  g_test_add_func ("/ui/inspector/variables-grid",
                   test_inspector_variables_grid);
  g_test_add_func ("/ui/inspector/captured-truth",
                   test_inspector_captured_truth);

  return g_test_run ();
}
