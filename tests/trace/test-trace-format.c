/* test-trace-format.c: the ladder and the JSON lines the CLI prints. */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

#include "seqack-trace-format.h"
#include "trace-test-util.h"

#define X 1000u
#define Y 5000u

static char *
label (SeqackTrace *trace,
       guint        index,
       gboolean     absolute)
{
  GString *s = g_string_new (NULL);

  seqack_trace_format_segment_label (trace, index, absolute, s);
  return g_string_free (s, FALSE);
}

/* The arrow labels of the lesson, as Wireshark's info column writes them:
 * Ack only with the ACK flag, Len only with data. */
static void
test_labels (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  static const char * const expected[] = {
    "SYN Seq=0",
    "SYN, ACK Seq=0 Ack=1",
    "ACK Seq=1 Ack=1",
    "PSH, ACK Seq=1 Ack=1 Len=5",
    "ACK Seq=1 Ack=6",
    "PSH, ACK Seq=1 Ack=6 Len=3",
    "ACK Seq=6 Ack=4",
    "FIN, ACK Seq=6 Ack=4",
    "ACK Seq=4 Ack=7",
    "FIN, ACK Seq=4 Ack=7",
    "ACK Seq=7 Ack=5",
  };
  guint seg[11];

  test_build_lesson (trace, g_test_rand_int (), g_test_rand_int (), seg);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *text = label (trace, seg[i], FALSE);

      g_assert_cmpstr (text, ==, expected[i]);
    }
}

static void
test_labels_absolute (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  g_autofree char *syn = NULL, *synack = NULL;
  guint seg[11];

  test_build_lesson (trace, 3000000000u, 7, seg);
  syn = label (trace, seg[0], TRUE);
  synack = label (trace, seg[1], TRUE);
  g_assert_cmpstr (syn, ==, "SYN Seq=3000000000");
  g_assert_cmpstr (synack, ==, "SYN, ACK Seq=7 Ack=3000000001");
}

static char *
json (SeqackTrace               *trace,
      guint                      index,
      const SeqackFormatOptions *options)
{
  GString *s = g_string_new (NULL);

  seqack_trace_format_json (trace, index, options, s);
  return g_string_free (s, FALSE);
}

/* The documented keys, in the documented order, with the lesson's
 * numbers: this is what scripts and the lesson checker read. */
static void
test_json_exact (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  SeqackFormatOptions options = { 0 };
  guint seg[11];
  struct { guint index; const char *line; } expected[5];
  g_autofree char *syn = NULL, *synack = NULL, *fin = NULL, *abs = NULL;

  test_build_lesson (trace, X, Y, seg);

  syn = json (trace, seg[0], &options);
  g_assert_cmpstr (syn, ==,
                   "{\"t\":0.0,\"event\":\"segment\",\"src\":\"client\","
                   "\"dst\":\"server\",\"sport\":49152,\"dport\":80,"
                   "\"fate\":\"delivered\","
                   "\"flags\":[\"SYN\"],\"seq\":0,\"ack\":0,\"len\":0,"
                   "\"seq_abs\":1000,\"ack_abs\":0,\"win\":64240,"
                   "\"checksum\":\"good\","
                   "\"t_arrive\":0.02}");
  synack = json (trace, seg[1], &options);
  g_assert_cmpstr (synack, ==,
                   "{\"t\":0.02,\"event\":\"segment\",\"src\":\"server\","
                   "\"dst\":\"client\",\"sport\":80,\"dport\":49152,"
                   "\"fate\":\"delivered\","
                   "\"flags\":[\"SYN\",\"ACK\"],\"seq\":0,\"ack\":1,"
                   "\"len\":0,\"seq_abs\":5000,\"ack_abs\":1001,"
                   "\"win\":64240,"
                   "\"checksum\":\"good\",\"t_arrive\":0.04}");
  fin = json (trace, seg[7], &options);
  g_assert_cmpstr (fin, ==,
                   "{\"t\":0.08,\"event\":\"segment\",\"src\":\"client\","
                   "\"dst\":\"server\",\"sport\":49152,\"dport\":80,"
                   "\"fate\":\"delivered\","
                   "\"flags\":[\"FIN\",\"ACK\"],\"seq\":6,\"ack\":4,"
                   "\"len\":0,\"seq_abs\":1006,\"ack_abs\":5004,"
                   "\"win\":64240,"
                   "\"checksum\":\"good\",\"t_arrive\":0.1}");

  /* Absolute numbers on request; t_zero and t_abs move the clock. */
  options.absolute = TRUE;
  options.t_zero = 20000;
  options.show_t_abs = TRUE;
  options.epoch_us = G_GINT64_CONSTANT (1700000000000000);
  abs = json (trace, seg[1], &options);
  g_assert_cmpstr (abs, ==,
                   "{\"t\":0.0,\"t_abs\":1700000000.02,\"event\":\"segment\","
                   "\"src\":\"server\",\"dst\":\"client\",\"sport\":80,"
                   "\"dport\":49152,"
                   "\"fate\":\"delivered\",\"flags\":[\"SYN\",\"ACK\"],"
                   "\"seq\":5000,\"ack\":1001,\"len\":0,\"seq_abs\":5000,"
                   "\"ack_abs\":1001,\"win\":64240,"
                   "\"checksum\":\"good\",\"t_arrive\":0.02}");
  options = (SeqackFormatOptions) { 0 };

  expected[0].index = 0;
  expected[0].line = "{\"event\":\"action\",\"t\":0.0,\"host\":\"server\","
                     "\"action\":\"listen\"}";
  expected[1].index = 1;
  expected[1].line = "{\"t\":0.0,\"event\":\"state\",\"host\":\"server\","
                     "\"from\":\"CLOSED\",\"to\":\"LISTEN\"}";
  expected[2].index = seg[3] - 1;
  expected[2].line = "{\"event\":\"action\",\"t\":0.04,\"host\":\"client\","
                     "\"action\":\"send\",\"text\":\"hello\"}";
  expected[3].index = seg[4] - 1;
  expected[3].line = "{\"event\":\"data\",\"t\":0.06,\"host\":\"server\","
                     "\"bytes\":5,\"text\":\"hello\"}";
  expected[4].index = seg[10] - 1;
  expected[4].line = "{\"event\":\"timer\",\"host\":\"client\","
                     "\"timer\":\"time-wait\",\"action\":\"set\",\"t\":0.12,"
                     "\"deadline\":60.12}";
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *line = json (trace, expected[i].index, &options);

      g_assert_cmpstr (line, ==, expected[i].line);
    }
}

/* Marks, fates, inferred states, values, errors and odd text. */
static void
test_json_marks (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  const guint8 odd[] = { 'a', '"', '\n', 0xff };
  guint lost, rexmit, stale, cap, inferred, loss, err, data;
  g_autofree char *l1 = NULL, *l2 = NULL, *l3 = NULL, *l4 = NULL;
  g_autofree char *l5 = NULL, *l6 = NULL, *l7 = NULL, *l8 = NULL;

  lost = test_add_segment (trace, 0, SEQACK_CLIENT, X, 0, SEQACK_TCP_SYN,
                           NULL, SEQACK_FATE_LOST, 0);
  rexmit = test_add_segment (trace, 1000000, SEQACK_CLIENT, X, 0,
                             SEQACK_TCP_SYN, NULL, SEQACK_FATE_DELIVERED,
                             SEQACK_MARK_RETRANSMISSION);
  stale = test_add_segment (trace, 1000001, SEQACK_CLIENT, X - 77, 0,
                            SEQACK_TCP_SYN, NULL, SEQACK_FATE_DELIVERED,
                            SEQACK_MARK_STALE);
  cap = test_add_segment (trace, 1000002, SEQACK_SERVER, Y, X + 1,
                          SEQACK_TCP_RST | SEQACK_TCP_ACK, NULL,
                          SEQACK_FATE_CAPTURED, 0);
  inferred = seqack_trace_add_state (trace, 1000002, SEQACK_SERVER,
                                     SEQACK_TCP_LISTEN,
                                     SEQACK_TCP_SYN_RECEIVED,
                                     SEQACK_TCP_EDGE_RCV_SYN,
                                     SEQACK_MARK_INFERRED);
  loss = seqack_trace_add_action (trace, 1000003, SEQACK_CLIENT,
                                  SEQACK_ACTION_SET_LOSS, 250000, NULL);
  err = seqack_trace_add_error (trace, 1000004, SEQACK_CLIENT,
                                SEQACK_ERROR_CONNECTION_RESET,
                                "Connection reset by peer");
  data = seqack_trace_add_data (trace, 1000005, SEQACK_SERVER, odd,
                                sizeof odd);

  l1 = json (trace, lost, NULL);
  g_assert_nonnull (strstr (l1, "\"fate\":\"lost\","));
  g_assert_nonnull (strstr (l1, "\"t_arrive\":0.02}"));
  g_assert_null (strstr (l1, "retransmission"));
  l2 = json (trace, rexmit, NULL);
  g_assert_true (g_str_has_suffix (l2, "\"t_arrive\":1.02,"
                                   "\"retransmission\":true}"));
  l3 = json (trace, stale, NULL);
  g_assert_true (g_str_has_suffix (l3, ",\"stale\":true}"));
  g_assert_null (strstr (l3, "retransmission"));
  /* A captured segment has no flight, hence no t_arrive. */
  l4 = json (trace, cap, NULL);
  g_assert_null (strstr (l4, "t_arrive"));
  g_assert_nonnull (strstr (l4, "\"flags\":[\"RST\",\"ACK\"]"));
  g_assert_nonnull (strstr (l4, "\"fate\":\"captured\""));
  l5 = json (trace, inferred, NULL);
  g_assert_cmpstr (l5, ==,
                   "{\"t\":1.000002,\"event\":\"state\",\"host\":\"server\","
                   "\"from\":\"LISTEN\",\"to\":\"SYN-RCVD\","
                   "\"inferred\":true}");
  l6 = json (trace, loss, NULL);
  g_assert_cmpstr (l6, ==,
                   "{\"event\":\"action\",\"t\":1.000003,\"host\":\"client\","
                   "\"action\":\"set-loss\",\"value\":250000}");
  l7 = json (trace, err, NULL);
  g_assert_cmpstr (l7, ==,
                   "{\"event\":\"error\",\"t\":1.000004,\"host\":\"client\","
                   "\"message\":\"Connection reset by peer\"}");
  /* Invalid UTF-8 never reaches the JSON; quotes and newlines are
   * escaped, so the line stays one line. */
  l8 = json (trace, data, NULL);
  g_assert_true (g_utf8_validate (l8, -1, NULL));
  g_assert_null (strchr (l8, '\n'));
  g_assert_nonnull (strstr (l8, "\"text\":\"a\\\"\\n\xef\xbf\xbd\""));
}

/* Every line parses back, and the values are the trace's. */
static void
test_json_parse (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  guint seg[11];
  guint n;

  test_build_lesson (trace, g_test_rand_int (), g_test_rand_int (), seg);
  n = seqack_trace_get_n_events (trace);

  for (guint i = 0; i < n; i++)
    {
      const SeqackEvent *event = seqack_trace_get_event (trace, i);
      g_autofree char *line = json (trace, i, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *object;

      g_assert_true (json_parser_load_from_data (parser, line, -1, &error));
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_nonnull (object);
      g_assert_cmpfloat_with_epsilon (json_object_get_double_member (object,
                                                                     "t"),
                                      event->t / 1e6, 1e-9);
      if (event->kind == SEQACK_EVENT_SEGMENT)
        {
          JsonArray *flags = json_object_get_array_member (object, "flags");
          char names[48];

          g_assert_cmpstr (json_object_get_string_member (object, "event"),
                           ==, "segment");
          g_assert_cmpint (json_object_get_int_member (object, "seq"), ==,
                           seqack_trace_relative_seq (trace, i));
          g_assert_cmpint (json_object_get_int_member (object, "ack"), ==,
                           seqack_trace_relative_ack (trace, i));
          g_assert_cmpint (json_object_get_int_member (object, "seq_abs"),
                           ==, event->seq);
          g_assert_cmpint (json_object_get_int_member (object, "ack_abs"),
                           ==, event->ack);
          g_assert_cmpint (json_object_get_int_member (object, "len"), ==,
                           event->number);
          g_assert_cmpint (json_object_get_int_member (object, "win"), ==,
                           64240);
          g_assert_cmpstr (json_object_get_string_member (object, "src"), ==,
                           seqack_side_name (event->side));
          /* Same flags as the label, in the SYN-first order. */
          seqack_tcp_flags_to_string (event->flags, names);
          g_assert_cmpuint (json_array_get_length (flags), ==,
                            (strlen (names) + 2) / 5);
          if (event->flags & SEQACK_TCP_SYN)
            g_assert_cmpstr (json_array_get_string_element (flags, 0), ==,
                             "SYN");
        }
      else if (event->kind == SEQACK_EVENT_STATE)
        {
          g_assert_cmpstr (json_object_get_string_member (object, "host"),
                           ==, seqack_side_name (event->side));
          g_assert_cmpstr (json_object_get_string_member (object, "to"), ==,
                           seqack_tcp_state_name (event->to));
        }
    }
}

static char *
format_all (guint32 x,
            guint32 y)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  SeqackFormatOptions options = { 0 };
  GString *out = g_string_new (NULL);

  test_build_lesson (trace, x, y, NULL);
  seqack_trace_format_text_header (trace, out);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      seqack_trace_format_json (trace, i, &options, out);
      g_string_append_c (out, '\n');
      seqack_trace_format_text (trace, i, &options, out);
    }
  return g_string_free (out, FALSE);
}

/* Identical traces give identical bytes (diffable runs, golden files). */
static void
test_identical (void)
{
  guint32 x = g_test_rand_int (), y = g_test_rand_int ();
  g_autofree char *a = format_all (x, y);
  g_autofree char *b = format_all (x, y);
  g_autofree char *c = format_all (x + 1, y);

  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
}

static gsize
width (const char *str,
       gsize       len)
{
  gsize w = 0;

  for (const char *p = str; p < str + len; p = g_utf8_next_char (p))
    w += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  return w;
}

/* Display column where @needle starts in @line. */
static gsize
column_of (const char *line,
           const char *needle)
{
  const char *at = strstr (line, needle);

  g_assert_nonnull (at);
  return width (line, at - line);
}

static char *
ladder (SeqackTrace *trace)
{
  GString *out = g_string_new (NULL);

  seqack_trace_format_text_header (trace, out);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    seqack_trace_format_text (trace, i, NULL, out);
  return g_string_free (out, FALSE);
}

static const char *
find_line (char       **lines,
           const char  *needle)
{
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], needle) != NULL)
      return lines[i];
  g_error ("no line with %s", needle);
  return NULL;
}

/* The classic picture: client left, server right, arrows between, states
 * in their columns, all aligned. */
static void
test_ladder (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  const char *line;
  guint seg[11];
  guint n_arrows = 0;

  test_build_lesson (trace, g_test_rand_int (), g_test_rand_int (), seg);
  text = ladder (trace);
  g_test_message ("\n%s", text);
  lines = g_strsplit (text, "\n", -1);

  /* Header: each side over its column, the server's flush right. */
  g_assert_cmpuint (column_of (lines[0], "client 192.0.2.1:49152"), ==, 10);
  g_assert_true (g_str_has_suffix (lines[0], "server 192.0.2.2:80"));
  g_assert_cmpuint (width (lines[0], strlen (lines[0])), ==, 76);

  line = find_line (lines, "──SYN Seq=0──");
  g_assert_true (g_str_has_prefix (line, "   0.000  SYN-SENT "));
  g_assert_cmpuint (column_of (line, "──SYN Seq=0"), ==, 23);
  g_assert_cmpuint (column_of (line, "▶ LISTEN"), ==, 62);
  line = find_line (lines, "◀──SYN, ACK Seq=0 Ack=1──");
  g_assert_true (g_str_has_prefix (line, "   0.020  SYN-SENT "));
  g_assert_true (g_str_has_suffix (line, "── SYN-RCVD"));
  line = find_line (lines, "──FIN, ACK Seq=6 Ack=4──");
  g_assert_true (g_str_has_suffix (line, "▶ ESTABLISHED"));
  g_assert_nonnull (strstr (line, "FIN-WAIT-1"));

  /* Every arrow is 40 columns: the server's state always starts at 64. */
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], "──") == NULL)
        continue;
      n_arrows++;
      g_assert_cmpuint (column_of (lines[i], "─"), >=, 23);
      g_assert_cmpuint (width (lines[i], strlen (lines[i]))
                        - strlen (strrchr (lines[i], ' ') + 1), ==, 64);
    }
  g_assert_cmpuint (n_arrows, ==, 11);

  /* State changes in their own column; notes in the middle. */
  line = find_line (lines, "FIN-WAIT-2 → TIME-WAIT");
  g_assert_cmpstr (line, ==,
                   "   0.120  TIME-WAIT      FIN-WAIT-2 → TIME-WAIT");
  line = find_line (lines, "LISTEN → SYN-RCVD");
  g_assert_true (g_str_has_suffix (line, "LISTEN → SYN-RCVD  SYN-RCVD"));
  g_assert_cmpuint (width (line, strlen (line)), ==, 64 + strlen ("SYN-RCVD"));
  g_assert_cmpstr (find_line (lines, "timer set, expires at 60"), ==,
                   "   0.120                 client: TIME-WAIT timer set, "
                   "expires at 60.120 s (2MSL)");
  g_assert_cmpuint (column_of (find_line (lines, "server: listen"),
                               "server: listen"), ==, 25);
  find_line (lines, "client: send \"hello\"");
  find_line (lines, "server received \"hello\"");
  find_line (lines, "client: retransmission timer cancelled");
}

/* A lost segment stops mid-wire with ✕; its retransmission says so. */
static void
test_ladder_loss (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  const char *line;

  test_build_lesson (trace, 1, 2, NULL);
  /* The server's FIN is lost; the client's ACK of something is lost,
   * then repeated; a long repeated segment. */
  test_add_segment (trace, 200000, SEQACK_SERVER, 6, 8,
                    SEQACK_TCP_FIN | SEQACK_TCP_ACK, NULL,
                    SEQACK_FATE_LOST, 0);
  test_add_segment (trace, 300000, SEQACK_CLIENT, 8, 7, SEQACK_TCP_ACK,
                    NULL, SEQACK_FATE_LOST, 0);
  test_add_segment (trace, 350000, SEQACK_CLIENT, 8, 7, SEQACK_TCP_ACK,
                    NULL, SEQACK_FATE_DELIVERED, SEQACK_MARK_RETRANSMISSION);
  test_add_segment (trace, 380000, SEQACK_SERVER, 6, 8,
                    SEQACK_TCP_FIN | SEQACK_TCP_ACK, NULL,
                    SEQACK_FATE_DELIVERED, SEQACK_MARK_RETRANSMISSION);
  test_add_segment (trace, 400000, SEQACK_CLIENT, 8, 7,
                    SEQACK_TCP_ACK | SEQACK_TCP_PSH, "a very long payload",
                    SEQACK_FATE_DELIVERED, SEQACK_MARK_RETRANSMISSION);
  text = ladder (trace);
  g_test_message ("\n%s", text);
  lines = g_strsplit (text, "\n", -1);

  /* From the server's side to mid-wire. */
  line = find_line (lines, "✕──FIN, ACK Seq=4 Ack=7──");
  g_assert_null (strstr (line, "◀"));
  g_assert_cmpuint (column_of (line, "✕"), ==, 63 - 25);
  g_assert_cmpuint (column_of (line, "CLOSED"), ==, 64);

  /* From the client's side to mid-wire. */
  line = find_line (lines, "   0.300  TIME-WAIT    ──ACK Seq=7 Ack=5──");
  g_assert_cmpuint (column_of (line, "✕"), ==, 23 + 19);
  g_assert_null (strstr (line, "▶"));
  g_assert_cmpuint (column_of (line, "CLOSED"), ==, 64);

  line = find_line (lines, "──ACK Seq=7 Ack=5 (retransmission)──");
  g_assert_true (g_str_has_suffix (line, "▶ CLOSED"));
  g_assert_cmpuint (column_of (line, "CLOSED"), ==, 64);

  /* Just fits with single dashes: the repeated FIN says what it is. */
  line = find_line (lines, "◀─FIN, ACK Seq=4 Ack=7 (retransmission)─ ");
  g_assert_cmpuint (column_of (line, "◀"), ==, 23);
  g_assert_cmpuint (column_of (line, "CLOSED"), ==, 64);

  /* Too long for the arrow with its tag: the tag gets a line. */
  line = find_line (lines, "PSH, ACK Seq=7 Ack=5 Len=19──");
  g_assert_cmpuint (column_of (line, "CLOSED"), ==, 64);
  g_assert_null (strstr (line, "retransmission"));
  g_assert_cmpstr (find_line (lines, "   0.400                 "
                              "(retransmission)"), ==,
                   "   0.400                 (retransmission)");
}

/* The wire controls read as sentences with human units. */
static void
test_ladder_notes (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  g_autofree char *text = NULL;
  const guint8 odd[] = { 'o', 'k', '\n', 0xff };
  g_autoptr(GString) long_text = g_string_new (NULL);

  for (guint i = 0; i < 60; i++)
    g_string_append_c (long_text, 'a' + i % 26);
  seqack_trace_add_action (trace, 0, SEQACK_CLIENT, SEQACK_ACTION_SET_LOSS,
                           250000, NULL);
  seqack_trace_add_action (trace, 0, SEQACK_CLIENT,
                           SEQACK_ACTION_SET_LATENCY, 20000, NULL);
  seqack_trace_add_action (trace, 0, SEQACK_CLIENT, SEQACK_ACTION_SET_MSL,
                           30000000, NULL);
  seqack_trace_add_action (trace, 0, SEQACK_SERVER,
                           SEQACK_ACTION_DELAY_NEXT, 1500, NULL);
  seqack_trace_add_action (trace, 0, SEQACK_SERVER,
                           SEQACK_ACTION_DROP_NEXT, 0, NULL);
  seqack_trace_add_data (trace, 0, SEQACK_CLIENT, odd, sizeof odd);
  seqack_trace_add_action (trace, 0, SEQACK_CLIENT, SEQACK_ACTION_SEND, 0,
                           long_text->str);
  seqack_trace_add_error (trace, 0, SEQACK_CLIENT,
                          SEQACK_ERROR_CONNECTION_REFUSED,
                          "connection refused");
  text = ladder (trace);
  g_test_message ("\n%s", text);

  g_assert_nonnull (strstr (text, "  wire: loss rate 25 %\n"));
  g_assert_nonnull (strstr (text, "  wire: latency 20 ms\n"));
  g_assert_nonnull (strstr (text, "  MSL set to 30 s (TIME-WAIT lasts "
                                  "2MSL = 60 s)\n"));
  g_assert_nonnull (strstr (text, "  wire: delay the next segment from "
                                  "server by 1.5 ms\n"));
  g_assert_nonnull (strstr (text, "  wire: drop the next segment from "
                                  "server\n"));
  /* Control characters and bad bytes never reach the terminal raw. */
  g_assert_nonnull (strstr (text, "  client received \"ok\\n\\xff\"\n"));
  g_assert_nonnull (strstr (text, "  client: send \"abcdefghijklmnopqrstuvwxyz"
                                  "abcdefghijklmn…\"\n"));
  g_assert_nonnull (strstr (text, "  client: error: connection refused\n"));
}

/* Hosts beside the two endpoints, built by hand as the lab will write
 * them: client-2 192.0.2.3 and the flood 198.51.100.0/24 on the client
 * side; each event of theirs names its host. */
#define CLIENT_2_ADDR 0xc0000203u /* 192.0.2.3 */
#define FLOOD_ADDR    0xc6336400u /* 198.51.100.0/24 */

static guint
add_host_segment (SeqackTrace *trace,
                  gint64       t,
                  guint        host,
                  guint32      peer_addr,
                  guint16      peer_port,
                  gboolean     to_server,
                  guint32      seq,
                  guint32      ack,
                  guint8       flags,
                  SeqackFate   fate)
{
  g_autoptr(GByteArray) packet = g_byte_array_new ();
  SeqackTcpSegment seg = { 0 };
  guint index;

  seg.src_port = to_server ? peer_port : TEST_SERVER_PORT;
  seg.dst_port = to_server ? TEST_SERVER_PORT : peer_port;
  seg.seq = seq;
  seg.ack = ack;
  seg.flags = flags;
  seg.window = 64240;
  seqack_packet_build_ipv4 (to_server ? peer_addr : TEST_SERVER_ADDR,
                            to_server ? TEST_SERVER_ADDR : peer_addr,
                            (guint16) seq, 64, &seg, packet);
  index = seqack_trace_add_segment (trace, t, t + TEST_LATENCY,
                                    to_server ? SEQACK_CLIENT
                                              : SEQACK_SERVER,
                                    fate, 0, packet->data, packet->len);
  if (to_server && host != SEQACK_CLIENT)
    seqack_trace_set_event_host (trace, index, host);
  return index;
}

static void
host_state (SeqackTrace    *trace,
            gint64          t,
            guint           host,
            SeqackTcpState  from,
            SeqackTcpState  to)
{
  SeqackSide side = seqack_host_side (host);
  guint index = seqack_trace_add_state (trace, t, side, from, to,
                                        seqack_tcp_edge_find (from, to), 0);

  if (host >= SEQACK_HOST_CLIENT_2)
    seqack_trace_set_event_host (trace, index, host);
}

/* Four hosts: the server listens; client-2 connects (SYN, SYN,ACK, ACK);
 * the flood's spoofed SYN is answered into the void; the client's SYN
 * goes through and the server's SYN,ACK to it is lost. */
typedef struct
{
  guint c2_syn, c2_syn_ack, c2_ack, flood_syn, flood_syn_ack, c_syn,
        c_syn_ack_lost, c2_timer;
} HostSegments;

static void
build_hosts (SeqackTrace  *trace,
             HostSegments *seg)
{
  const guint8 SYN = SEQACK_TCP_SYN, ACK = SEQACK_TCP_ACK;
  const SeqackFate D = SEQACK_FATE_DELIVERED;
  const guint C2 = SEQACK_HOST_CLIENT_2, F = SEQACK_HOST_FLOOD;
  guint a;

  seqack_trace_add_host (trace, C2, CLIENT_2_ADDR, 32);
  seqack_trace_add_host (trace, F, FLOOD_ADDR, 24);
  seqack_trace_add_action (trace, 0, SEQACK_SERVER, SEQACK_ACTION_LISTEN, 0,
                           NULL);
  host_state (trace, 0, SEQACK_SERVER, SEQACK_TCP_CLOSED, SEQACK_TCP_LISTEN);

  a = seqack_trace_add_action (trace, 0, SEQACK_CLIENT,
                               SEQACK_ACTION_CONNECT, 0, NULL);
  seqack_trace_set_event_host (trace, a, C2);
  host_state (trace, 0, C2, SEQACK_TCP_CLOSED, SEQACK_TCP_SYN_SENT);
  seg->c2_syn = add_host_segment (trace, 0, C2, CLIENT_2_ADDR, 40000, TRUE,
                                  100, 0, SYN, D);
  seg->c2_timer = seqack_trace_add_timer (trace, 0, SEQACK_CLIENT,
                                          SEQACK_TCP_TIMER_RETRANSMIT,
                                          SEQACK_TIMER_SET, 1000000);
  seqack_trace_set_event_host (trace, seg->c2_timer, C2);
  host_state (trace, 20000, SEQACK_SERVER, SEQACK_TCP_LISTEN,
              SEQACK_TCP_SYN_RECEIVED);
  seg->c2_syn_ack = add_host_segment (trace, 20000, C2, CLIENT_2_ADDR,
                                      40000, FALSE, 500, 101, SYN | ACK, D);

  seg->flood_syn = add_host_segment (trace, 30000, F, FLOOD_ADDR + 7, 1024,
                                     TRUE, 7000, 0, SYN, D);
  host_state (trace, 40000, C2, SEQACK_TCP_SYN_SENT,
              SEQACK_TCP_ESTABLISHED);
  seg->c2_ack = add_host_segment (trace, 40000, C2, CLIENT_2_ADDR, 40000,
                                  TRUE, 101, 501, ACK, D);
  seg->flood_syn_ack = add_host_segment (trace, 50000, F, FLOOD_ADDR + 7,
                                         1024, FALSE, 900, 7001, SYN | ACK,
                                         D);

  host_state (trace, 60000, SEQACK_CLIENT, SEQACK_TCP_CLOSED,
              SEQACK_TCP_SYN_SENT);
  seg->c_syn = add_host_segment (trace, 60000, SEQACK_CLIENT,
                                 TEST_CLIENT_ADDR, TEST_CLIENT_PORT, TRUE,
                                 300, 0, SYN, D);
  seg->c_syn_ack_lost = add_host_segment (trace, 80000, SEQACK_CLIENT,
                                          TEST_CLIENT_ADDR, TEST_CLIENT_PORT,
                                          FALSE, 600, 301, SYN | ACK,
                                          SEQACK_FATE_LOST);
}

static guint
line_of (char       **lines,
         const char  *needle)
{
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], needle) != NULL)
      return i;
  g_error ("no line with %s", needle);
  return 0;
}

/* The arrow line of segment @index (without its newline). */
static char *
segment_line (SeqackTrace *trace,
              guint        index)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;

  seqack_trace_format_text (trace, index, NULL, out);
  lines = g_strsplit (out->str, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], "──") != NULL)
      return g_strdup (lines[i]);
  g_error ("segment %u has no arrow", index);
  return NULL;
}

/* One lane per host, client, client-2, flood, then the server: each arrow
 * from its sender's lifeline to its receiver's. */
static void
test_ladder_hosts (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  HostSegments seg;
  gsize client, client_2, flood, server, end;
  const char *line;
  g_autofree char *c2_syn = NULL, *c2_syn_ack = NULL, *flood_syn = NULL;
  g_autofree char *flood_syn_ack = NULL, *c_syn = NULL, *lost = NULL;
  guint n;

  build_hosts (trace, &seg);
  text = ladder (trace);
  g_test_message ("\n%s", text);
  lines = g_strsplit (text, "\n", -1);

  /* The header names every host over its lane, in this order, the
   * server flush right; it fits an 80-column terminal. */
  client = column_of (lines[0], "client ");
  client_2 = column_of (lines[0], "client-2");
  flood = column_of (lines[0], "flood");
  g_assert_cmpuint (client, ==, 10);
  g_assert_cmpuint (client, <, client_2);
  g_assert_cmpuint (client_2, <, flood);
  g_assert_true (g_str_has_suffix (lines[0], "server 192.0.2.2:80"));
  end = width (lines[0], strlen (lines[0]));
  server = end - 12;  /* the server's title ends with its state column */
  g_assert_cmpuint (end, <=, 80);

  /* client-2's SYN: from client-2's lifeline to the server's column, the
   * client's lifeline standing beside it. */
  line = c2_syn = segment_line (trace, seg.c2_syn);
  g_assert_cmpuint (column_of (line, "├"), ==, client_2);
  g_assert_cmpuint (column_of (line, "│"), ==, client);
  g_assert_cmpuint (column_of (line, "▶"), ==, server - 2);
  g_assert_true (g_str_has_suffix (line, "▶ LISTEN"));
  g_assert_cmpuint (column_of (line, "LISTEN"), ==, server);
  /* The server's answer ends at client-2's lifeline. */
  line = c2_syn_ack = segment_line (trace, seg.c2_syn_ack);
  g_assert_cmpuint (column_of (line, "◀"), ==, client_2);
  g_assert_true (g_str_has_suffix (line, "── SYN-RCVD"));

  /* The flood's SYN starts in the flood's lane; the other lifelines
   * stand; the server's SYN,ACK goes back to the flood. */
  line = flood_syn = segment_line (trace, seg.flood_syn);
  g_assert_cmpuint (column_of (line, "├"), ==, flood);
  g_assert_true (g_str_has_prefix (line, "   0.030  │        │        ├"));
  g_assert_cmpuint (column_of (line, "▶"), ==, server - 2);
  line = flood_syn_ack = segment_line (trace, seg.flood_syn_ack);
  g_assert_cmpuint (column_of (line, "◀"), ==, flood);

  /* The client's SYN crosses both lanes right of it. */
  line = c_syn = segment_line (trace, seg.c_syn);
  g_assert_cmpuint (column_of (line, "├"), ==, client);
  g_assert_null (strstr (line, "│"));
  /* Lost on the way from the server: it stops mid-wire, before any
   * lane, and every lifeline stands. */
  line = lost = segment_line (trace, seg.c_syn_ack_lost);
  g_assert_null (strstr (line, "◀"));
  g_assert_cmpuint (column_of (line, "✕"), >, flood);
  g_assert_true (g_str_has_prefix (line, "   0.080  │        │        │"));

  /* Labels stand in one column, where every arrow passes. */
  g_assert_cmpuint (column_of (c2_syn, "SYN Seq=0"), ==,
                    column_of (c_syn, "SYN Seq=0"));

  /* States at their host's lifeline, the server's in its column. */
  line = lines[line_of (lines, "CLOSED → SYN-SENT")];
  g_assert_cmpuint (column_of (line, "CLOSED → SYN-SENT"), ==, client_2);
  g_assert_cmpuint (column_of (line, "│"), ==, client);
  line = lines[line_of (lines, "SYN-SENT → ESTABLISHED")];
  g_assert_cmpuint (column_of (line, "SYN-SENT → ESTABLISHED"), ==,
                    client_2);
  line = lines[line_of (lines, "LISTEN → SYN-RCVD")];
  g_assert_true (g_str_has_suffix (line, "LISTEN → SYN-RCVD  SYN-RCVD"));
  g_assert_cmpuint (column_of (line, "SYN-RCVD  SYN-RCVD") + 10, ==, server);
  /* The client's own state is not client-2's. */
  g_assert_cmpint (seqack_trace_get_host_state (trace, seg.c2_ack,
                                                SEQACK_CLIENT), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (seqack_trace_get_host_state (trace, seg.c2_ack,
                                                SEQACK_HOST_CLIENT_2), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (seqack_trace_get_host_state (trace, seg.c_syn,
                                                SEQACK_CLIENT), ==,
                   SEQACK_TCP_SYN_SENT);

  /* Notes hang off their host's lifeline and name it. */
  line = lines[line_of (lines, "client-2: connect")];
  g_assert_cmpuint (column_of (line, "client-2: connect"), ==, client_2 + 2);
  line = lines[line_of (lines, "client-2: retransmission timer set")];
  g_assert_cmpuint (column_of (line, "client-2: retrans"), ==, client_2 + 2);
  g_assert_cmpuint (column_of (lines[line_of (lines, "server: listen")],
                               "server: listen"), >, flood);

  /* Every connection is named where it starts, by its host. */
  line = lines[line_of (lines, "a new connection: client-2 192.0.2.3:40000 "
                               "⇄ server 192.0.2.2:80")];
  g_assert_cmpuint (column_of (line, "a new"), ==, client_2 + 2);
  n = line_of (lines, "a new connection: flood 198.51.100.7:1024 ⇄ server "
                      "192.0.2.2:80");
  g_assert_cmpuint (column_of (lines[n], "a new"), ==, flood + 2);
  g_assert_true (strstr (lines[n + 1], "SYN Seq=0") != NULL);
  line_of (lines, "a new connection: client 192.0.2.1:49152 ⇄ server "
                  "192.0.2.2:80");
  /* Each lane tells its host's segments apart: client-2's ACK after the
   * flood's SYN needs no "back to" line. */
  g_assert_null (strstr (text, "back to"));
}

/* Events less than a millisecond apart write microseconds: the lanes
 * move right with the time, under their names. */
static void
test_ladder_hosts_microseconds (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  g_autofree char *text = NULL, *c2 = NULL, *flood = NULL;
  g_auto(GStrv) lines = NULL;
  guint c2_syn, flood_syn;

  seqack_trace_add_host (trace, SEQACK_HOST_CLIENT_2, CLIENT_2_ADDR, 32);
  seqack_trace_add_host (trace, SEQACK_HOST_FLOOD, FLOOD_ADDR, 24);
  c2_syn = add_host_segment (trace, 0, SEQACK_HOST_CLIENT_2, CLIENT_2_ADDR,
                             40000, TRUE, 1, 0, SEQACK_TCP_SYN,
                             SEQACK_FATE_DELIVERED);
  flood_syn = add_host_segment (trace, 250, SEQACK_HOST_FLOOD, FLOOD_ADDR + 1,
                                1024, TRUE, 2, 0, SEQACK_TCP_SYN,
                                SEQACK_FATE_DELIVERED);
  text = ladder (trace);
  g_test_message ("\n%s", text);
  lines = g_strsplit (text, "\n", -1);
  c2 = segment_line (trace, c2_syn);
  flood = segment_line (trace, flood_syn);

  g_assert_true (g_str_has_prefix (flood, "   0.000250  │"));
  g_assert_cmpuint (column_of (lines[0], "client "), ==, 13);
  g_assert_cmpuint (column_of (c2, "├"), ==,
                    column_of (lines[0], "client-2"));
  g_assert_cmpuint (column_of (flood, "├"), ==,
                    column_of (lines[0], "flood"));
}

/* JSON names the hosts: a segment's sender and receiver. */
static void
test_json_hosts (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  HostSegments seg;
  g_autofree char *syn = NULL, *syn_ack = NULL, *timer = NULL;

  build_hosts (trace, &seg);
  syn = json (trace, seg.c2_syn, NULL);
  syn_ack = json (trace, seg.flood_syn_ack, NULL);
  timer = json (trace, seg.c2_timer, NULL);
  g_assert_nonnull (strstr (syn, "\"src\":\"client-2\",\"dst\":\"server\""));
  g_assert_nonnull (strstr (syn_ack, "\"src\":\"server\",\"dst\":\"flood\""));
  g_assert_nonnull (strstr (timer, "\"host\":\"client-2\""));
}

/* Every host the lab can add: client-2 … client-8 are 192.0.2.3 …
 * 192.0.2.9. client-8 and the flood connect; the client's SYN crosses
 * every lane; a state change and a note of client-8. */
static void
build_ten_hosts (SeqackTrace *trace,
                 guint       *c8_syn,
                 guint       *flood_syn,
                 guint       *c_syn)
{
  const guint8 SYN = SEQACK_TCP_SYN, ACK = SEQACK_TCP_ACK;
  const SeqackFate D = SEQACK_FATE_DELIVERED;
  const guint C8 = SEQACK_HOST_LAST_CLIENT;
  guint a;

  for (guint h = SEQACK_HOST_CLIENT_2; h <= SEQACK_HOST_LAST_CLIENT; h++)
    seqack_trace_add_host (trace, h, TEST_CLIENT_ADDR + h, 32);
  seqack_trace_add_host (trace, SEQACK_HOST_FLOOD, FLOOD_ADDR, 24);
  host_state (trace, 0, SEQACK_SERVER, SEQACK_TCP_CLOSED, SEQACK_TCP_LISTEN);
  a = seqack_trace_add_action (trace, 0, SEQACK_CLIENT,
                               SEQACK_ACTION_CONNECT, 0, NULL);
  seqack_trace_set_event_host (trace, a, C8);
  host_state (trace, 0, C8, SEQACK_TCP_CLOSED, SEQACK_TCP_SYN_SENT);
  *c8_syn = add_host_segment (trace, 0, C8, TEST_CLIENT_ADDR + C8, 40000,
                              TRUE, 100, 0, SYN, D);
  *flood_syn = add_host_segment (trace, 10000, SEQACK_HOST_FLOOD,
                                 FLOOD_ADDR + 99, 2000, TRUE, 5, 0, SYN, D);
  host_state (trace, 20000, SEQACK_SERVER, SEQACK_TCP_LISTEN,
              SEQACK_TCP_SYN_RECEIVED);
  add_host_segment (trace, 20000, SEQACK_HOST_FLOOD, FLOOD_ADDR + 99, 2000,
                    FALSE, 70, 6, SYN | ACK, D);
  *c_syn = add_host_segment (trace, 30000, SEQACK_CLIENT, TEST_CLIENT_ADDR,
                             TEST_CLIENT_PORT, TRUE, 300, 0, SYN, D);
  add_host_segment (trace, 40000, C8, TEST_CLIENT_ADDR + C8, 40000, FALSE,
                    9, 101, SYN | ACK, D);
}

/* Ten hosts in a 120-column terminal, in English and in Chinese (whose
 * names take two columns a character): every name over its lane in
 * order, every arrow from its sender's lane, no line with an arrow wider
 * than 120. */
static void
check_ten_hosts (void)
{
  g_autoptr(SeqackTrace) trace = seqack_trace_new ();
  g_autofree char *text = NULL;
  g_autofree char *c8_line = NULL, *flood_line = NULL, *c_line = NULL;
  g_auto(GStrv) lines = NULL;
  const char *line;
  gsize cols[SEQACK_N_HOSTS];
  guint c8_syn, flood_syn, c_syn, n = 0;

  build_ten_hosts (trace, &c8_syn, &flood_syn, &c_syn);
  text = ladder (trace);
  g_test_message ("\n%s", text);
  lines = g_strsplit (text, "\n", -1);

  /* Client, client-2 … client-8, flood: found left to right, each
   * after the one before. */
  for (const char *from = lines[0]; n < 9; n++)
    {
      guint host = n == 0 ? SEQACK_CLIENT : n + 1;
      const char *at = strstr (from, seqack_host_label (host));

      g_assert_nonnull (at);
      cols[n] = width (lines[0], at - lines[0]);
      from = at + strlen (seqack_host_label (host));
    }
  g_assert_cmpuint (n, ==, 9);
  g_assert_cmpuint (cols[0], ==, 10);
  g_assert_true (g_str_has_suffix (lines[0], " 192.0.2.2:80"));

  c8_line = segment_line (trace, c8_syn);
  g_assert_cmpuint (column_of (c8_line, "├"), ==, cols[7]);
  flood_line = segment_line (trace, flood_syn);
  g_assert_cmpuint (column_of (flood_line, "├"), ==, cols[8]);
  c_line = segment_line (trace, c_syn);
  g_assert_cmpuint (column_of (c_line, "├"), ==, cols[0]);
  /* The labels in one column, the server's state in one column. */
  g_assert_cmpuint (column_of (c8_line, "SYN Seq=0"), ==,
                    column_of (flood_line, "SYN Seq=0"));
  g_assert_cmpuint (column_of (c8_line, "▶"), ==,
                    column_of (c_line, "▶"));

  for (guint i = 0; lines[i] != NULL; i++)
    if (i == 0 || strstr (lines[i], "──") != NULL)
      g_assert_cmpuint (width (lines[i], strlen (lines[i])), <=, 120);
  /* A note from a lane on the right moves left rather than wrap. */
  line = lines[line_of (lines, "198.51.100.99:2000")];
  g_assert_cmpuint (width (line, strlen (line)), ==, 120);
  g_assert_cmpuint (column_of (line, "198.51.100.99"), <, cols[8]);
  /* A short one hangs off its host's lifeline: "client-8: connect",
   * the first line after the header to name it. */
  line = lines[1 + line_of (lines + 1,
                            seqack_host_label (SEQACK_HOST_LAST_CLIENT))];
  g_assert_cmpuint (column_of (line, seqack_host_label
                                       (SEQACK_HOST_LAST_CLIENT)), ==,
                    cols[7] + 2);
}

static void
test_ladder_ten_hosts (void)
{
  check_ten_hosts ();
}

static void
test_ladder_ten_hosts_zh (void)
{
  g_autofree char *old = g_strdup (g_getenv ("LANGUAGE"));

  if (setlocale (LC_ALL, "zh_CN.UTF-8") == NULL)
    {
      g_test_skip ("no zh_CN.UTF-8 locale");
      return;
    }
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  /* The translation is there: the Chinese names are what is laid out. */
  g_assert_cmpstr (seqack_host_label (SEQACK_HOST_FLOOD), !=, "flood");
  check_ten_hosts ();
  if (old != NULL)
    g_setenv ("LANGUAGE", old, TRUE);
  else
    g_unsetenv ("LANGUAGE");
  setlocale (LC_ALL, "C.UTF-8");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  /* The zh_CN case reads the catalogs compiled into <builddir>/po. */
  bindtextdomain (GETTEXT_PACKAGE, SEQACK_TEST_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/trace/format/labels", test_labels);
  g_test_add_func ("/trace/format/labels-absolute", test_labels_absolute);
  g_test_add_func ("/trace/format/json-exact", test_json_exact);
  g_test_add_func ("/trace/format/json-marks", test_json_marks);
  g_test_add_func ("/trace/format/json-parse", test_json_parse);
  g_test_add_func ("/trace/format/identical", test_identical);
  g_test_add_func ("/trace/format/ladder", test_ladder);
  g_test_add_func ("/trace/format/ladder-loss", test_ladder_loss);
  g_test_add_func ("/trace/format/ladder-notes", test_ladder_notes);
  g_test_add_func ("/trace/format/ladder-hosts", test_ladder_hosts);
  g_test_add_func ("/trace/format/ladder-ten-hosts", test_ladder_ten_hosts);
  g_test_add_func ("/trace/format/ladder-ten-hosts-zh",
                   test_ladder_ten_hosts_zh);
  g_test_add_func ("/trace/format/ladder-hosts-microseconds",
                   test_ladder_hosts_microseconds);
  g_test_add_func ("/trace/format/json-hosts", test_json_hosts);

  return g_test_run ();
}
