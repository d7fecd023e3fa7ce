/* test-ui-packet-list-model.c: the packet list's rows, without a display.
 *
 * A real lab run is listed: each segment one row with the numbers the
 * trace holds, its state changes and what became of it, and a sentence
 * a screen reader reads. What a lesson question hides never shows, and
 * only rows that read differently are replaced as the picture moves on.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "seqack-lab.h"
#include "seqack-packet-list-model.h"
#include "seqack-scenario.h"
#include "seqack-sequence-render.h"

typedef struct
{
  SeqackLab            *lab;
  SeqackSequenceLayout *layout;
  SeqackPacketListModel *model;
} Fixture;

static void
fixture_set_up (Fixture    *fx,
                const char *scenario_name)
{
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(GError) error = NULL;
  SeqackLabConfig config;

  seqack_lab_config_init (&config);
  config.seed = 7;
  fx->lab = seqack_lab_new (&config);
  scenario = seqack_scenario_builtin (scenario_name, &error);
  g_assert_no_error (error);
  g_assert_true (seqack_scenario_run (scenario, fx->lab, &error));
  g_assert_no_error (error);
  fx->layout = seqack_sequence_layout_new (seqack_lab_get_trace (fx->lab));
  fx->model = seqack_packet_list_model_new ();
  seqack_packet_list_model_set_layout (fx->model, fx->layout);
}

static void
fixture_tear_down (Fixture *fx)
{
  g_assert_finalize_object (fx->model);
  seqack_sequence_layout_free (fx->layout);
  seqack_lab_free (fx->lab);
}

static SeqackTrace *
trace_of (Fixture *fx)
{
  return seqack_lab_get_trace (fx->lab);
}

static guint
n_segments_before (Fixture *fx,
                   guint    n)
{
  guint count = 0;

  for (guint i = 0; i < n; i++)
    if (seqack_trace_get_event (trace_of (fx), i)->kind
          == SEQACK_EVENT_SEGMENT)
      count++;
  return count;
}

static SeqackPacketRow *
row_at (Fixture *fx,
        guint    position)
{
  SeqackPacketRow *row = g_list_model_get_item (G_LIST_MODEL (fx->model),
                                                position);

  g_assert_nonnull (row);
  /* The list keeps its rows: this reference is the caller's to drop. */
  g_object_unref (row);
  return row;
}

static const char *
text (Fixture            *fx,
      guint               position,
      SeqackPacketColumn  column)
{
  return seqack_packet_row_get_text (row_at (fx, position), column);
}

static void
test_rows (void)
{
  Fixture fx = { 0 };
  guint n;

  fixture_set_up (&fx, "hello-goodbye");
  n = seqack_trace_get_n_events (trace_of (&fx));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx.model)), ==, 0);
  seqack_packet_list_model_set_shown (fx.model, n, SEQACK_NOW_LAST_SHOWN);

  /* Eleven segments: three to open, "hello" and "bye" with their ACKs,
   * the client's ACK of "bye", and four to close, as the ladder shows. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx.model)), ==,
                    n_segments_before (&fx, n));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx.model)), ==,
                    11);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (fx.model))
                 == SEQACK_TYPE_PACKET_ROW);

  /* The SYN: no Ack, the client's Connect and the server's answer. */
  g_assert_cmpstr (text (&fx, 0, SEQACK_PACKET_COLUMN_NUMBER), ==, "1");
  g_assert_cmpstr (text (&fx, 0, SEQACK_PACKET_COLUMN_TIME), ==, "0.000");
  g_assert_cmpstr (text (&fx, 0, SEQACK_PACKET_COLUMN_ENDPOINTS), ==,
                   "client → server");
  g_assert_cmpstr (text (&fx, 0, SEQACK_PACKET_COLUMN_FLAGS), ==, "SYN");
  g_assert_cmpstr (text (&fx, 0, SEQACK_PACKET_COLUMN_SEQ), ==, "0");
  g_assert_cmpstr (text (&fx, 0, SEQACK_PACKET_COLUMN_ACK), ==, "");
  g_assert_cmpstr (text (&fx, 0, SEQACK_PACKET_COLUMN_LEN), ==, "0");
  g_assert_cmpstr (text (&fx, 0, SEQACK_PACKET_COLUMN_INFO), ==,
                   "client: CLOSED → SYN-SENT; server: LISTEN → SYN-RCVD");
  g_assert_cmpstr (seqack_packet_row_get_label (row_at (&fx, 0)), ==,
                   "Segment 1, client to server, SYN, Seq 0, delivered, "
                   "client: CLOSED → SYN-SENT; server: LISTEN → SYN-RCVD");

  /* The SYN,ACK moves the client to ESTABLISHED; the third segment,
   * the ACK, is the issue's own example and moves the server. */
  g_assert_cmpstr (text (&fx, 1, SEQACK_PACKET_COLUMN_ENDPOINTS), ==,
                   "server → client");
  g_assert_cmpstr (text (&fx, 1, SEQACK_PACKET_COLUMN_FLAGS), ==, "SYN, ACK");
  g_assert_cmpstr (text (&fx, 1, SEQACK_PACKET_COLUMN_ACK), ==, "1");
  g_assert_cmpstr (text (&fx, 1, SEQACK_PACKET_COLUMN_INFO), ==,
                   "client: SYN-SENT → ESTABLISHED");
  g_assert_cmpstr (seqack_packet_row_get_label (row_at (&fx, 2)), ==,
                   "Segment 3, client to server, ACK, Seq 1, Ack 1, "
                   "delivered, server: SYN-RCVD → ESTABLISHED");

  /* "hello": five bytes, the window as on the wire. */
  g_assert_cmpstr (text (&fx, 3, SEQACK_PACKET_COLUMN_FLAGS), ==, "PSH, ACK");
  g_assert_cmpstr (text (&fx, 3, SEQACK_PACKET_COLUMN_LEN), ==, "5");
  g_assert_cmpuint (atoi (text (&fx, 3, SEQACK_PACKET_COLUMN_WIN)), ==,
                    seqack_trace_get_event (trace_of (&fx),
                                            seqack_packet_list_model_get_event (
                                              fx.model, 3))->window);
  g_assert_nonnull (strstr (seqack_packet_row_get_label (row_at (&fx, 3)),
                            ", Seq 1, Ack 1, 5 bytes of data, delivered"));

  /* Rows and events map both ways. */
  for (guint i = 0; i < 11; i++)
    {
      guint event = seqack_packet_list_model_get_event (fx.model, i);

      g_assert_cmpuint (seqack_trace_get_event (trace_of (&fx), event)->kind,
                        ==, SEQACK_EVENT_SEGMENT);
      g_assert_cmpuint (seqack_packet_row_get_event (row_at (&fx, i)), ==,
                        event);
      g_assert_cmpuint (seqack_packet_list_model_find_event (fx.model, event),
                        ==, i);
      g_assert_cmpuint (seqack_packet_list_model_find_event (fx.model,
                                                             event + 1),
                        ==, G_MAXUINT);
    }
  g_assert_cmpuint (seqack_packet_list_model_get_event (fx.model, 11), ==,
                    SEQACK_NO_EVENT);

  /* Absolute numbers: the SYN carries the ISN. */
  seqack_packet_list_model_set_absolute (fx.model, TRUE);
  g_assert_cmpuint (g_ascii_strtoull (text (&fx, 0, SEQACK_PACKET_COLUMN_SEQ),
                                      NULL, 10),
                    ==,
                    seqack_trace_get_event (trace_of (&fx),
                                            seqack_packet_list_model_get_event (
                                              fx.model, 0))->seq);

  fixture_tear_down (&fx);
}

static void
count_changes (GListModel *list,
               guint       position,
               guint       removed,
               guint       added,
               guint      *first)
{
  *first = MIN (*first, position);
}

/* What a lesson question hides: the SYN,ACK and the server's move to
 * SYN-RCVD are beyond the visible end, so no row shows them. */
static void
test_concealed (void)
{
  Fixture fx = { 0 };
  SeqackTrace *trace;
  guint synack = SEQACK_NO_EVENT, syn_rcvd = SEQACK_NO_EVENT;
  guint first = G_MAXUINT;

  fixture_set_up (&fx, "handshake");
  trace = trace_of (&fx);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_STATE && ev->to == SEQACK_TCP_SYN_RECEIVED &&
          syn_rcvd == SEQACK_NO_EVENT)
        syn_rcvd = i;
      if (ev->kind == SEQACK_EVENT_SEGMENT && ev->side == SEQACK_SERVER &&
          synack == SEQACK_NO_EVENT)
        synack = i;
    }
  g_assert_cmpuint (syn_rcvd, <, synack);

  /* The picture at the question "what state does the server enter?",
   * held at the moment the SYN arrives. */
  seqack_packet_list_model_set_shown (fx.model, syn_rcvd,
                                      seqack_trace_get_event (trace,
                                                              syn_rcvd)->t);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx.model)), ==, 1);
  g_assert_cmpstr (text (&fx, 0, SEQACK_PACKET_COLUMN_INFO), ==,
                   "client: CLOSED → SYN-SENT");
  g_assert_null (strstr (seqack_packet_row_get_label (row_at (&fx, 0)),
                         "SYN-RCVD"));
  g_assert_cmpuint (seqack_packet_list_model_find_event (fx.model, synack), ==,
                    G_MAXUINT);

  /* The answer is revealed: the first row reads anew, a row is added. */
  g_signal_connect (fx.model, "items-changed", G_CALLBACK (count_changes),
                    &first);
  seqack_packet_list_model_set_shown (fx.model, synack + 1,
                                      SEQACK_NOW_LAST_SHOWN);
  g_assert_cmpuint (first, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx.model)), ==, 2);
  g_assert_cmpstr (text (&fx, 0, SEQACK_PACKET_COLUMN_INFO), ==,
                   "client: CLOSED → SYN-SENT; server: LISTEN → SYN-RCVD");

  /* Everything: the SYN's row cannot change any more (events after its
   * arrival were shown before and after) and is kept. */
  seqack_packet_list_model_set_shown (fx.model,
                                      seqack_trace_get_n_events (trace) - 1,
                                      SEQACK_NOW_LAST_SHOWN);
  first = G_MAXUINT;
  seqack_packet_list_model_set_shown (fx.model,
                                      seqack_trace_get_n_events (trace),
                                      SEQACK_NOW_LAST_SHOWN);
  g_assert_cmpuint (first, >=, 1);
  g_assert_cmpuint (first, !=, G_MAXUINT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx.model)), ==, 3);

  fixture_tear_down (&fx);
}

/* A segment on its way is "in flight"; the lost one says so once its
 * arrival time has passed. */
static void
test_in_flight_and_lost (void)
{
  Fixture fx = { 0 };
  SeqackTrace *trace;
  guint lost = G_MAXUINT;
  guint n;

  fixture_set_up (&fx, "lost-syn");
  trace = trace_of (&fx);
  n = seqack_trace_get_n_events (trace);
  seqack_packet_list_model_set_shown (fx.model, n, SEQACK_NOW_LAST_SHOWN);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (fx.model));
       i++)
    if (seqack_trace_get_event (trace,
                                seqack_packet_list_model_get_event (fx.model,
                                                                    i))->fate
          == SEQACK_FATE_LOST)
      {
        lost = i;
        break;
      }
  g_assert_cmpuint (lost, ==, 0);
  g_assert_cmpstr (text (&fx, 0, SEQACK_PACKET_COLUMN_INFO), ==,
                   "lost; client: CLOSED → SYN-SENT");
  g_assert_nonnull (strstr (seqack_packet_row_get_label (row_at (&fx, 0)),
                            "SYN, Seq 0, lost"));
  /* Its retransmission is marked as one. */
  g_assert_nonnull (strstr (text (&fx, 1, SEQACK_PACKET_COLUMN_INFO),
                            "(retransmission)"));
  g_assert_nonnull (strstr (seqack_packet_row_get_label (row_at (&fx, 1)),
                            ", delivered, (retransmission)"));

  /* Just sent: on its way, whatever its fate. */
  {
    guint syn = seqack_packet_list_model_get_event (fx.model, 0);

    seqack_packet_list_model_set_shown (fx.model, syn + 1,
                                        seqack_trace_get_event (trace,
                                                                syn)->t);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx.model)), ==,
                      1);
    g_assert_cmpstr (text (&fx, 0, SEQACK_PACKET_COLUMN_INFO), ==,
                     "client: CLOSED → SYN-SENT");
    g_assert_nonnull (strstr (seqack_packet_row_get_label (row_at (&fx, 0)),
                              ", in flight"));
  }

  /* A new layout (the lab was reset) empties the list. */
  seqack_packet_list_model_set_layout (fx.model, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fx.model)), ==, 0);

  fixture_tear_down (&fx);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/packet-list-model/rows", test_rows);
  g_test_add_func ("/ui/packet-list-model/concealed", test_concealed);
  g_test_add_func ("/ui/packet-list-model/in-flight-and-lost",
                   test_in_flight_and_lost);

  return g_test_run ();
}
