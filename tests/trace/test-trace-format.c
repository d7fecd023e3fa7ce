/* test-trace-format.c: the ladder and the JSON lines the CLI prints. */
#include <json-glib/json-glib.h>
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

int
main (int   argc,
      char *argv[])
{
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

  return g_test_run ();
}
