/* test-capture-cli.c: `seqack-cli read`, `conversations` and `capture`
 * as a user runs them: output, exit statuses and one-line errors. The
 * binary comes from meson in $SEQACK_CLI. */

#include "config.h"

#include <unistd.h>
#include <sys/wait.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "capture-test-util.h"
#include "seqack-capture.h"
#include "seqack-capture-demo.h"

static const char *cli;

typedef struct
{
  int   status;
  char *out;
  char *err;
} Result;

static void
result_clear (Result *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Result, result_clear)

static void
become_nobody (gpointer data)
{
  if (getuid () == 0 && (setgid (65534) != 0 || setuid (65534) != 0))
    _exit (99);
}

static void
run_argv (Result    *r,
          gboolean   as_nobody,
          GPtrArray *argv)
{
  g_autoptr(GError) error = NULL;
  int wait_status;

  g_ptr_array_insert (argv, 0, (gpointer) cli);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT,
                as_nobody ? become_nobody : NULL, NULL, &r->out, &r->err,
                &wait_status, &error);
  g_assert_no_error (error);
  r->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

/* Runs seqack-cli with the NULL-terminated arguments. */
static void
run_cli (Result *r,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list args;

  va_start (args, r);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  run_argv (r, FALSE, argv);
}

/* A usage error: exit 2, nothing on stdout, one line on stderr. */
static void
assert_one_line_error (Result     *r,
                       int         status,
                       const char *pattern)
{
  g_assert_cmpint (r->status, ==, status);
  g_assert_cmpstr (r->out, ==, "");
  g_assert_true (g_str_has_prefix (r->err, "seqack-cli: "));
  g_assert_cmpint (strchr (r->err, '\n') - r->err, ==, strlen (r->err) - 1);
  if (!g_pattern_match_simple (pattern, r->err))
    g_error ("stderr ‘%s’ does not match ‘%s’", r->err, pattern);
}

/* Two conversations: the lesson on port 50000 (closed by FINs), and a
 * handshake on port 50001 that stays open, one second later, lasting
 * 4.5 ms (half a millisecond: `conversations` rounds it up). */
static char *
two_conversations (void)
{
  g_autoptr(GArray) frames = test_lesson_frames (NULL, 0);
  char *path = test_tmp_path ("two.pcap");

  for (guint i = 0; i < 3; i++)
    {
      const TestSeg *s = &test_lesson[i];
      g_autoptr(GByteArray) ip = test_ipv4 (s->from_client, 50001, s->seq,
                                            s->ack, s->flags, s->payload);

      test_frames_add (frames, TEST_T0 + 1000000 + i * 2250, NULL, 0,
                       ip->data, ip->len);
    }
  test_write_pcap (path, DLT_RAW, frames);
  return path;
}

static void
test_conversations (void)
{
  g_autofree char *path = two_conversations ();
  g_auto(Result) r = { 0 };

  run_cli (&r, "conversations", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_cmpstr (r.out, ==,
                   "1\t192.0.2.1:50000\t192.0.2.2:8080\t11\t0.100\tfin\n"
                   "2\t192.0.2.1:50001\t192.0.2.2:8080\t3\t0.005\topen\n");
}

static void
test_read_text (void)
{
  g_autofree char *path = two_conversations ();
  g_auto(Result) r = { 0 };

  run_cli (&r, "read", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  /* The ladder, with relative numbers and both sides' inferred states. */
  g_assert_nonnull (strstr (r.out, "client 192.0.2.1:50000"));
  g_assert_nonnull (strstr (r.out, "SYN Seq=0"));
  g_assert_nonnull (strstr (r.out, "SYN, ACK Seq=0 Ack=1"));
  g_assert_nonnull (strstr (r.out, "FIN, ACK Seq=6 Ack=4"));
  g_assert_nonnull (strstr (r.out, "FIN-WAIT-2 → TIME-WAIT"));
  g_assert_nonnull (strstr (r.out, "LAST-ACK → CLOSED"));
  g_assert_null (strstr (r.out, "Seq=1000"));

  result_clear (&r);
  memset (&r, 0, sizeof r);
  run_cli (&r, "read", "--absolute", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "SYN Seq=1000"));
  g_assert_nonnull (strstr (r.out, "Seq=5000 Ack=1001"));
}

/* JSON lines: fate "captured", t from the conversation's first packet,
 * t_abs the capture clock, states marked inferred. */
static void
test_read_json (void)
{
  g_autofree char *path = two_conversations ();
  g_auto(Result) r = { 0 };
  g_auto(GStrv) lines = NULL;
  guint n_segments = 0, n_states = 0;

  run_cli (&r, "read", "--format", "json", "--conversation", "2", path,
           NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (g_strchomp (r.out), "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *o;
      const char *event;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      o = json_node_get_object (json_parser_get_root (parser));
      event = json_object_get_string_member (o, "event");

      if (g_str_equal (event, "segment"))
        {
          double t = json_object_get_double_member (o, "t");

          g_assert_cmpstr (json_object_get_string_member (o, "fate"), ==,
                           "captured");
          g_assert_cmpfloat_with_epsilon (t, n_segments * 0.00225, 1e-9);
          g_assert_cmpfloat_with_epsilon (
            json_object_get_double_member (o, "t_abs"),
            1700000001.0 + n_segments * 0.00225, 1e-6);
          n_segments++;
        }
      else if (g_str_equal (event, "state"))
        {
          g_assert_true (json_object_get_boolean_member (o, "inferred"));
          n_states++;
        }
    }
  g_assert_cmpuint (n_segments, ==, 3);
  /* Client SYN-SENT, ESTABLISHED; server LISTEN, SYN-RCVD, ESTABLISHED. */
  g_assert_cmpuint (n_states, ==, 5);
}

static void
test_read_errors (void)
{
  g_autofree char *path = two_conversations ();
  g_autofree char *text = test_write_bytes ("notes.pcap",
                                            (const guint8 *) "hello\n", 6);
  g_autofree char *empty = NULL;

  {
    g_auto(Result) r = { 0 };

    run_cli (&r, "read", "/nonexistent/x.pcap", NULL);
    assert_one_line_error (&r, 2, "*Cannot open ‘/nonexistent/x.pcap’*");
  }
  {
    g_auto(Result) r = { 0 };

    g_autofree char *pattern =
      g_strdup_printf ("*‘%s’ is not a pcap or pcapng file*", text);

    run_cli (&r, "read", text, NULL);
    assert_one_line_error (&r, 2, pattern);
  }
  {
    g_auto(Result) r = { 0 };

    run_cli (&r, "conversations", text, NULL);
    assert_one_line_error (&r, 2, "*is not a pcap or pcapng file*");
  }
  {
    g_auto(Result) r = { 0 };

    run_cli (&r, "read", "--conversation", "3", path, NULL);
    assert_one_line_error (&r, 2, "*holds 2 conversations; there is no "
                                  "conversation 3*");
  }
  {
    g_auto(Result) r = { 0 };

    run_cli (&r, "read", "--conversation", "0", path, NULL);
    assert_one_line_error (&r, 2, "*--conversation*");
  }
  {
    g_auto(Result) r = { 0 };

    run_cli (&r, "read", "--format", "xml", path, NULL);
    assert_one_line_error (&r, 2, "*‘xml’*");
  }
  {
    g_auto(Result) r = { 0 };

    run_cli (&r, "read", "--bogus", path, NULL);
    assert_one_line_error (&r, 2, "*--bogus*");
  }
  {
    g_auto(Result) r = { 0 };

    run_cli (&r, "read", NULL);
    assert_one_line_error (&r, 2, "*Which capture file?*");
  }
  {
    g_auto(Result) r = { 0 };

    run_cli (&r, "conversations", path, path, NULL);
    assert_one_line_error (&r, 2, "*takes one capture file*");
  }
}

/* A file cut short: what was read is printed, and stderr says so; still
 * a success. */
static void
test_truncated_warning (void)
{
  g_autofree char *path = two_conversations ();
  g_autofree char *contents = NULL;
  g_autofree char *cut = NULL;
  g_auto(Result) r = { 0 };
  gsize len;

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  cut = test_write_bytes ("cut.pcap", (const guint8 *) contents, len - 7);

  run_cli (&r, "conversations", cut, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_true (g_str_has_prefix (r.out, "1\t"));
  g_assert_nonnull (strstr (r.out, "\n2\t192.0.2.1:50001"));
  /* The window's banner in the CLI's words, naming the whole path. */
  {
    g_autofree char *said =
      g_strdup_printf ("seqack-cli: ‘%s’ is damaged after packet 13: showing "
                       "what could be read\n", cut);

    g_assert_cmpstr (r.err, ==, said);
  }
}

static void
test_capture_errors (void)
{
  {
    g_auto(Result) r = { 0 };

    run_cli (&r, "capture", "--interface", "nosuch0", "--count", "1", NULL);
    if (r.status == 1 && strstr (r.err, "CAP_NET_RAW") != NULL)
      {
        g_test_skip ("live capture is not permitted here");
        return;
      }
    assert_one_line_error (&r, 2, "*no interface named ‘nosuch0’*");
  }
  {
    g_auto(Result) r = { 0 };

    run_cli (&r, "capture", "--interface", "lo", "--filter", "tcp port", NULL);
    assert_one_line_error (&r, 2, "*capture filter ‘tcp port’ is not "
                                  "valid*");
  }
  {
    g_auto(Result) r = { 0 };

    run_cli (&r, "capture", "--count", "many", NULL);
    assert_one_line_error (&r, 2, "*‘many’*--count*");
  }
  {
    g_auto(Result) r = { 0 };
    g_autoptr(GPtrArray) argv = g_ptr_array_new ();

    /* Without the capabilities: exit 1 and what to do. */
    g_ptr_array_add (argv, "capture");
    g_ptr_array_add (argv, "--count");
    g_ptr_array_add (argv, "1");
    run_argv (&r, TRUE, argv);
    if (r.status == 0)
      {
        g_test_message ("capture permitted to this user; skipped the "
                        "permission case");
        return;
      }
    /* Through dumpcap when it may capture; else what to do, whichever
     * step is missing: the wireshark group, or setcap for the CLI. */
    assert_one_line_error (&r, 1, "*CAP_NET_RAW and CAP_NET_ADMIN*wireshark "
                                  "group*setcap cap_net_raw,cap_net_admin+eip"
                                  "*");
  }
}

/* `capture` prints a real kernel handshake as it happens and saves it. */
static void
test_capture_live (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCaptureDemo) demo = seqack_capture_demo_new (&error);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(SeqackCapture) saved = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *out = NULL, *err = NULL;
  g_autofree char *pcap = test_tmp_path ("capture.pcap");
  g_autofree char *pattern = NULL;

  g_assert_no_error (error);
  filter = seqack_capture_demo_get_filter (demo);
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                              G_SUBPROCESS_FLAGS_STDERR_PIPE, &error,
                              cli, "capture", "--interface", "lo",
                              "--count", "3", "--filter", filter,
                              "--pcap", pcap, "--format", "json", NULL);
  g_assert_no_error (error);

  /* Give the capture a moment to open before the connection starts; a
   * slow start shows as a missing SYN below, not as a hang. */
  g_usleep (500000);
  g_assert_true (seqack_capture_demo_handshake (demo, &error));
  g_assert_true (seqack_capture_demo_wait (demo, &error));
  g_assert_no_error (error);

  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (process) == 1 &&
      strstr (err, "CAP_NET_RAW") != NULL)
    {
      g_test_skip ("live capture is not permitted here");
      return;
    }
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_cmpstr (err, ==, "");

  pattern = g_strdup_printf ("*\"flags\":[\"SYN\"],\"seq\":0,\"ack\":0*"
                             "\"flags\":[\"SYN\",\"ACK\"],\"seq\":0,"
                             "\"ack\":1*\"to\":\"ESTABLISHED\"*");
  if (!g_pattern_match_simple (pattern, out))
    g_error ("unexpected capture output: %s", out);

  saved = seqack_capture_load_file (pcap, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (seqack_capture_get_stats (saved)->n_tcp, ==, 3);
}

/* `read --all-flows`: every conversation between the chosen one's two
 * hosts on one ladder, in time order, each connection with its ends
 * named where the ladder turns to it and its own relative numbers; the
 * other pair of hosts left out. JSON carries every segment's ports; the
 * diagrams are written too. */
static void
test_read_all_flows (void)
{
  g_autoptr(GArray) frames = test_flow_frames (test_flows,
                                               G_N_ELEMENTS (test_flows));
  g_autofree char *path = test_tmp_path ("flows.pcap");
  g_autofree char *svg = test_tmp_path ("flows.svg");
  g_autofree char *svg_text = NULL;
  g_auto(Result) r = { 0 };
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) ports = g_hash_table_new (NULL, NULL);
  guint n_segments = 0;
  const char *first, *second;

  test_write_pcap (path, DLT_RAW, frames);

  run_cli (&r, "read", "--all-flows", "--conversation", "3", "--svg", svg,
           path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  /* The chosen conversation's client host is the client lifeline; the
   * header names the first connection in time. */
  g_assert_true (g_str_has_prefix (g_strchug (r.out),
                                   "client 192.0.2.1:50000"));
  first = strstr (r.out,
                  "a new connection: client 192.0.2.1:50001 ⇄ "
                  "server 192.0.2.2:8080");
  g_assert_nonnull (first);
  second = strstr (first,
                   "back to client 192.0.2.1:50000 ⇄ server 192.0.2.2:8080");
  g_assert_nonnull (second);
  g_assert_nonnull (strstr (second, "back to client 192.0.2.1:50001"));
  /* The flow 192.0.2.2 opened, on the same two lifelines. */
  g_assert_nonnull (strstr (r.out,
                            "a new connection: client 192.0.2.1:22 ⇄ "
                            "server 192.0.2.2:40000"));
  g_assert_null (strstr (r.out, "192.0.2.3"));
  /* Every connection numbered from its own ISNs: no absolute numbers. */
  g_assert_null (strstr (r.out, "Seq=70001"));
  g_assert_null (strstr (r.out, "Seq=123457"));
  g_assert_nonnull (strstr (r.out, "FIN, ACK Seq=6 Ack=4"));
  g_assert_true (g_file_get_contents (svg, &svg_text, NULL, NULL));
  g_assert_nonnull (strstr (svg_text, "<svg"));

  /* Without --all-flows, one conversation, as before. */
  result_clear (&r);
  memset (&r, 0, sizeof r);
  run_cli (&r, "read", "--conversation", "3", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_null (strstr (r.out, "50000"));

  result_clear (&r);
  memset (&r, 0, sizeof r);
  run_cli (&r, "read", "--all-flows", "--format", "json", path, NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (g_strchomp (r.out), "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *o;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      o = json_node_get_object (json_parser_get_root (parser));
      if (!g_str_equal (json_object_get_string_member (o, "event"),
                        "segment"))
        continue;
      n_segments++;
      g_hash_table_add (ports, GUINT_TO_POINTER (
        json_object_get_int_member (o, "sport") *
        json_object_get_int_member (o, "dport")));
    }
  /* Three flows of eleven segments, each with its own pair of ports. */
  g_assert_cmpuint (n_segments, ==, 33);
  g_assert_cmpuint (g_hash_table_size (ports), ==, 3);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  cli = g_getenv ("SEQACK_CLI");
  if (cli == NULL)
    {
      g_printerr ("SEQACK_CLI is not set: run this test through meson\n");
      return 77;
    }

  g_test_add_func ("/capture/cli/conversations", test_conversations);
  g_test_add_func ("/capture/cli/read-text", test_read_text);
  g_test_add_func ("/capture/cli/read-json", test_read_json);
  g_test_add_func ("/capture/cli/read-errors", test_read_errors);
  g_test_add_func ("/capture/cli/read-all-flows", test_read_all_flows);
  g_test_add_func ("/capture/cli/truncated-warning", test_truncated_warning);
  g_test_add_func ("/capture/cli/capture-errors", test_capture_errors);
  g_test_add_func ("/capture/cli/capture-live", test_capture_live);

  return g_test_run ();
}
