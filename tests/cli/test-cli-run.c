/* test-cli-run.c: `seqack-cli scenarios` and `seqack-cli run`, as a user
 * and the benchmarks call them: exit statuses, the ladder, JSON lines,
 * determinism, and the pcap judged by tshark. */
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

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

/* Runs seqack-cli with the NULL-terminated arguments. */
static void
run_cli (Result *r,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;
  int wait_status;

  g_ptr_array_add (argv, (gpointer) cli);
  va_start (args, r);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL,
                NULL, &r->out, &r->err, &wait_status, &error);
  g_assert_no_error (error);
  r->status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
}

static const char *const expected_scenarios[] = {
  "handshake", "hello-goodbye", "server-closes-first", "lost-syn",
  "lost-syn-ack", "lost-final-ack", "simultaneous-open",
  "simultaneous-close", "half-close", "abort", "closed-port",
  "old-duplicate-syn", "reordering", "high-latency",
  "lost-retransmission", "quit-app", "bulk-transfer", "zero-window",
  "lost-data", "rto-collapse", "slow-start-restart", "reconnect",
  "time-wait-reuse", "server-time-wait", "two-connections",
  "accept-queue-full", "syn-queue-full", "syn-queue-cookies", "two-clients",
  "syn-flood", "syn-cookies", NULL
};

static void
test_scenarios_listed (void)
{
  g_auto(Result) r = { 0 };
  g_auto(GStrv) lines = NULL;

  run_cli (&r, "scenarios", NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (g_strchomp (r.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==,
                    g_strv_length ((char **) expected_scenarios));
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) cols = g_strsplit (lines[i], "\t", -1);

      g_assert_cmpuint (g_strv_length (cols), ==, 2);
      g_assert_cmpstr (cols[0], ==, expected_scenarios[i]);
      g_assert_cmpuint (strlen (cols[1]), >, 10);
    }
}

/* The classic lesson, in order, from the JSON of hello-goodbye --seed 1. */
static void
test_hello_goodbye_lesson (void)
{
  g_auto(Result) r = { 0 };
  g_auto(GStrv) lines = NULL;
  static const struct { const char *src, *flags; guint seq, ack, len; }
  expected[] = {
    { "client", "SYN", 0, 0, 0 },
    { "server", "SYN,ACK", 0, 1, 0 },
    { "client", "ACK", 1, 1, 0 },
    { "client", "PSH,ACK", 1, 1, 5 },
    { "server", "ACK", 1, 6, 0 },
    { "server", "PSH,ACK", 1, 6, 3 },
    { "client", "ACK", 6, 4, 0 },
    { "client", "FIN,ACK", 6, 4, 0 },
    { "server", "ACK", 4, 7, 0 },
    { "server", "FIN,ACK", 4, 7, 0 },
    { "client", "ACK", 7, 5, 0 },
  };
  static const char *const client_states[] = {
    "SYN-SENT", "ESTABLISHED", "FIN-WAIT-1", "FIN-WAIT-2", "TIME-WAIT",
    "CLOSED", NULL
  };
  static const char *const server_states[] = {
    "LISTEN", "SYN-RCVD", "ESTABLISHED", "CLOSE-WAIT", "LAST-ACK",
    "CLOSED", NULL
  };
  guint n_seg = 0, n_client = 0, n_server = 0;
  double time_wait_at = -1, closed_at = -1;

  run_cli (&r, "run", "hello-goodbye", "--seed", "1", "--format", "json",
           NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (g_strchomp (r.out), "\n", -1);
  for (guint i = 0; lines[i]; i++)
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
          JsonArray *flags = json_object_get_array_member (o, "flags");
          g_autoptr(GString) joined = g_string_new (NULL);

          g_assert_cmpuint (n_seg, <, G_N_ELEMENTS (expected));
          for (guint f = 0; f < json_array_get_length (flags); f++)
            g_string_append_printf (joined, "%s%s", f ? "," : "",
                                    json_array_get_string_element (flags, f));
          g_assert_cmpstr (json_object_get_string_member (o, "src"), ==,
                           expected[n_seg].src);
          g_assert_cmpstr (joined->str, ==, expected[n_seg].flags);
          g_assert_cmpint (json_object_get_int_member (o, "seq"), ==,
                           expected[n_seg].seq);
          g_assert_cmpint (json_object_get_int_member (o, "ack"), ==,
                           expected[n_seg].ack);
          g_assert_cmpint (json_object_get_int_member (o, "len"), ==,
                           expected[n_seg].len);
          g_assert_cmpstr (json_object_get_string_member (o, "fate"), ==,
                           "delivered");
          n_seg++;
        }
      else if (g_str_equal (event, "state"))
        {
          const char *host = json_object_get_string_member (o, "host");
          const char *to = json_object_get_string_member (o, "to");
          double t = json_object_get_double_member (o, "t");

          if (g_str_equal (host, "client"))
            {
              g_assert_nonnull (client_states[n_client]);
              g_assert_cmpstr (to, ==, client_states[n_client++]);
              if (g_str_equal (to, "TIME-WAIT"))
                time_wait_at = t;
              else if (g_str_equal (to, "CLOSED"))
                closed_at = t;
            }
          else
            {
              g_assert_nonnull (server_states[n_server]);
              g_assert_cmpstr (to, ==, server_states[n_server++]);
            }
        }
    }
  g_assert_cmpuint (n_seg, ==, G_N_ELEMENTS (expected));
  g_assert_cmpuint (n_client, ==, g_strv_length ((char **) client_states));
  g_assert_cmpuint (n_server, ==, g_strv_length ((char **) server_states));
  /* 2MSL with the default MSL of 30 s, as Linux's TCP_TIMEWAIT_LEN. */
  g_assert_cmpfloat_with_epsilon (closed_at - time_wait_at, 60.0, 1e-6);
}

static void
test_text_ladder (void)
{
  g_auto(Result) r = { 0 };

  run_cli (&r, "run", "hello-goodbye", "--seed", "1", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_nonnull (strstr (r.out, "192.0.2.1:"));
  g_assert_nonnull (strstr (r.out, "192.0.2.2:80"));
  g_assert_nonnull (strstr (r.out, "SYN Seq=0"));
  g_assert_nonnull (strstr (r.out, "SYN, ACK Seq=0 Ack=1"));
  g_assert_nonnull (strstr (r.out, "ACK Seq=1 Ack=1"));
  g_assert_nonnull (strstr (r.out, "PSH, ACK Seq=1 Ack=1 Len=5"));
  g_assert_nonnull (strstr (r.out, "FIN, ACK Seq=6 Ack=4"));
  g_assert_nonnull (strstr (r.out, "TIME-WAIT"));
  g_assert_nonnull (strstr (r.out, "CLOSE-WAIT"));
  g_assert_nonnull (strstr (r.out, "LAST-ACK"));
}

static void
test_same_seed_same_output (void)
{
  g_auto(Result) a = { 0 };
  g_auto(Result) b = { 0 };
  g_auto(Result) c = { 0 };

  run_cli (&a, "run", "lost-final-ack", "--seed", "7", "--format", "json",
           "--absolute", NULL);
  run_cli (&b, "run", "lost-final-ack", "--seed", "7", "--format", "json",
           "--absolute", NULL);
  run_cli (&c, "run", "lost-final-ack", "--seed", "8", "--format", "json",
           "--absolute", NULL);
  g_assert_cmpint (a.status, ==, 0);
  g_assert_cmpstr (a.out, ==, b.out);
  /* Another seed, another ISN (RFC 6528): the first line differs. */
  g_assert_cmpstr (a.out, !=, c.out);
  g_assert_false (g_str_has_prefix (c.out, a.out));
}

static void
test_bad_input (void)
{
  g_autofree char *dir = g_dir_make_tmp ("seqack-cli-XXXXXX", NULL);
  g_autofree char *missing = g_build_filename (dir, "no", "such", "x.pcap",
                                               NULL);
  struct { const char *args[6]; const char *needle; } cases[] = {
    { { "run", "no-such-scenario" }, "no-such-scenario" },
    { { "run", "handshake", "--seed", "banana" }, "banana" },
    { { "run", "handshake", "--format", "xml" }, "xml" },
    { { "run", "handshake", "--bogus" }, "bogus" },
    { { "run", "handshake", "--msl", "-3" }, "-3" },
    { { "run", "handshake", "--pcap", missing }, missing },
    { { "frobnicate" }, "frobnicate" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Result) r = { 0 };
      const char **a = cases[i].args;

      run_cli (&r, a[0], a[1], a[2], a[3], a[4], NULL);
      g_assert_cmpint (r.status, ==, 2);
      /* One line on stderr, naming the problem; nothing on stdout. */
      g_assert_cmpstr (r.out, ==, "");
      g_assert_nonnull (strstr (r.err, cases[i].needle));
      g_assert_cmpint (strchr (r.err, '\n') - r.err, ==, strlen (r.err) - 1);
    }
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_rmdir (dir);
}

/* Every scenario's pcap, judged by tshark: no malformed packet, good
 * checksums, and tshark's relative numbers equal ours. */
static void
test_pcap_tshark (void)
{
  const char *tshark = g_getenv ("TSHARK");
  g_autofree char *dir = NULL;

  if (tshark == NULL)
    {
      g_test_skip ("tshark is not installed");
      return;
    }
  dir = g_dir_make_tmp ("seqack-pcap-XXXXXX", NULL);
  for (guint s = 0; expected_scenarios[s]; s++)
    {
      g_autofree char *pcap = g_strdup_printf ("%s/%s.pcap", dir,
                                               expected_scenarios[s]);
      g_auto(Result) r = { 0 };
      g_auto(GStrv) ours = NULL;
      g_auto(GStrv) theirs = NULL;
      g_autoptr(GPtrArray) segs = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *out = NULL, *err = NULL;
      g_autoptr(GError) error = NULL;
      int wait_status;
      const char *argv[] = {
        tshark, "-r", pcap, "-n",
        "-o", "tcp.check_checksum:TRUE", "-o", "ip.check_checksum:TRUE",
        "-o", "tcp.analyze_sequence_numbers:TRUE",
        "-T", "fields", "-E", "separator=,",
        "-e", "tcp.seq", "-e", "tcp.ack", "-e", "tcp.checksum.status",
        "-e", "ip.checksum.status", "-e", "_ws.malformed",
        "-e", "_ws.expert.severity", NULL
      };

      run_cli (&r, "run", expected_scenarios[s], "--seed", "3", "--format",
               "json", "--pcap", pcap, NULL);
      g_assert_cmpint (r.status, ==, 0);
      ours = g_strsplit (g_strchomp (r.out), "\n", -1);
      for (guint i = 0; ours[i]; i++)
        if (strstr (ours[i], "\"event\":\"segment\"") != NULL)
          g_ptr_array_add (segs, g_strdup (ours[i]));

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                    &out, &err, &wait_status, &error);
      g_assert_no_error (error);
      g_assert_true (g_spawn_check_wait_status (wait_status, NULL));
      theirs = g_strsplit (g_strchomp (out), "\n", -1);
      g_assert_cmpuint (g_strv_length (theirs), ==, segs->len);
      for (guint i = 0; theirs[i]; i++)
        {
          g_auto(GStrv) f = g_strsplit (theirs[i], ",", -1);
          g_autoptr(JsonParser) parser = json_parser_new ();
          JsonObject *o;

          g_test_message ("%s #%u: tshark %s", expected_scenarios[s], i + 1,
                          theirs[i]);
          g_assert_cmpuint (g_strv_length (f), >=, 5);
          /* 1 = Good in Wireshark's checksum status (0 Bad, 2 Unverified) */
          g_assert_cmpstr (f[2], ==, "1");
          g_assert_cmpstr (f[3], ==, "1");
          g_assert_cmpstr (f[4], ==, "");
          json_parser_load_from_data (parser, segs->pdata[i], -1, NULL);
          o = json_node_get_object (json_parser_get_root (parser));
          /* Wireshark takes the stale SYN for a new conversation ("port
           * numbers reused") and numbers the real handshake from it; our
           * trace keeps the real ISNs as bases. Checksums still count. */
          if (g_str_equal (expected_scenarios[s], "old-duplicate-syn"))
            continue;
          /* The closed port's <SEQ=0> reset: Wireshark guesses 1, SeqAck
           * shows the real 0 (RFC 9293 §3.10.7.1). */
          if (json_object_get_int_member (o, "seq_abs") == 0 &&
              strstr (segs->pdata[i], "\"RST\"") != NULL)
            g_assert_cmpint (json_object_get_int_member (o, "seq"), ==, 0);
          else
            g_assert_cmpint (g_ascii_strtoull (f[0], NULL, 10), ==,
                             json_object_get_int_member (o, "seq"));
          g_assert_cmpint (g_ascii_strtoull (f[1], NULL, 10), ==,
                           json_object_get_int_member (o, "ack"));
        }
      g_unlink (pcap);
    }
  g_rmdir (dir);
}

/* A capture drawn to handouts: read FILE --svg/--png/--pdf writes each
 * file in its own format (issue 6), as run does. */
static void
test_read_exports_diagrams (void)
{
  g_autofree char *dir = g_dir_make_tmp ("seqack-read-XXXXXX", NULL);
  g_autofree char *pcap = g_build_filename (dir, "hg.pcap", NULL);
  g_autofree char *svg = g_build_filename (dir, "hg.svg", NULL);
  g_autofree char *png = g_build_filename (dir, "hg.png", NULL);
  g_autofree char *pdf = g_build_filename (dir, "hg.pdf", NULL);
  g_autofree char *bad = g_build_filename (dir, "no", "such.svg", NULL);
  g_auto(Result) ran = { 0 };
  g_auto(Result) read = { 0 };
  g_auto(Result) failed = { 0 };
  struct { const char *path; const char *magic; } files[] = {
    { svg, "<?xml" }, { png, "\x89PNG" }, { pdf, "%PDF-" },
  };

  run_cli (&ran, "run", "hello-goodbye", "--seed", "1", "--pcap", pcap,
           NULL);
  g_assert_cmpint (ran.status, ==, 0);
  run_cli (&read, "read", pcap, "--svg", svg, "--png", png, "--pdf", pdf,
           NULL);
  g_assert_cmpint (read.status, ==, 0);
  g_assert_nonnull (strstr (read.out, "SYN, ACK Seq=0 Ack=1"));
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *contents = NULL;
      gsize len = 0;

      g_assert_true (g_file_get_contents (files[i].path, &contents, &len,
                                          NULL));
      g_assert_cmpuint (len, >, 1000);
      g_assert_true (g_str_has_prefix (contents, files[i].magic));
      g_unlink (files[i].path);
    }

  /* An unwritable diagram: one line, status 2, nothing on stdout. */
  run_cli (&failed, "read", pcap, "--svg", bad, NULL);
  g_assert_cmpint (failed.status, ==, 2);
  g_assert_cmpstr (failed.out, ==, "");
  g_assert_false (g_file_test (bad, G_FILE_TEST_EXISTS));
  g_unlink (pcap);
  g_rmdir (dir);
}

/* Writes @contents (@len bytes, -1 for a string) to @name in a fresh
 * folder; the caller removes both. */
static char *
write_file (const char *name,
            const char *contents,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("seqack-file-XXXXXX", &error);
  char *path;

  g_assert_no_error (error);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (g_file_set_contents (path, contents, len, &error));
  g_assert_no_error (error);
  return path;
}

static void
remove_file (const char *path)
{
  g_autofree char *dir = g_path_get_dirname (path);

  g_unlink (path);
  g_rmdir (dir);
}

/* A teacher's own file runs like a built-in: `run FILE` (issue 12). */
static void
test_run_file (void)
{
  g_autofree char *path =
    write_file ("my-own.scenario",
                "# A teacher's file\n"
                "name: my-own\n"
                "title: My own handshake\n"
                "title[zh_CN]: 我的握手\n"
                "seed 5\n"
                "set latency 0.05\n"
                "server listen\n"
                "client connect\n"
                "client send 你好, world # the text ends before the '#'\n"
                "client close\n"
                "server close\n", -1);
  g_autofree char *noext = NULL;
  g_auto(Result) r = { 0 };
  g_auto(Result) again = { 0 };
  g_auto(Result) plain = { 0 };

  run_cli (&r, "run", path, "--format", "json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  g_assert_cmpstr (r.err, ==, "");
  g_assert_nonnull (strstr (r.out, "\"text\":\"你好, world\""));
  /* The latency the file sets: the SYN arrives 50 ms after it left. */
  g_assert_nonnull (strstr (r.out, "\"action\":\"set-latency\""));
  g_assert_nonnull (strstr (r.out, "\"to\":\"TIME-WAIT\""));
  g_assert_true (g_str_has_suffix (r.out, "\"to\":\"CLOSED\"}\n"));

  /* The file's seed makes every run the same; --seed overrides it. */
  run_cli (&again, "run", path, "--format", "json", NULL);
  g_assert_true (g_str_equal (r.out, again.out));
  run_cli (&plain, "run", path, "--format", "json", "--seed", "6", NULL);
  g_assert_cmpint (plain.status, ==, 0);
  g_assert_false (g_str_equal (r.out, plain.out));

  /* An existing file is a file whatever its name. */
  noext = g_strconcat (path, "-copy", NULL);
  {
    g_autofree char *text = NULL;
    g_auto(Result) copy = { 0 };

    g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
    g_assert_true (g_file_set_contents (noext, text, -1, NULL));
    run_cli (&copy, "run", noext, "--format", "json", NULL);
    g_assert_cmpint (copy.status, ==, 0);
    g_assert_true (g_str_equal (copy.out, r.out));
    g_unlink (noext);
  }
  remove_file (path);
}

/* --linux-rto-min: after a 40 ms round trip the ladder's timer line
 * names Linux's 200 ms floor and JSON carries rto 0.24; without it the
 * RTO is raised to RFC 6298 (2.4)'s 1 s. */
static void
test_run_linux_rto_min (void)
{
  g_auto(Result) linux_run = { 0 };
  g_auto(Result) rfc_run = { 0 };
  g_auto(Result) json = { 0 };

  run_cli (&linux_run, "run", "hello-goodbye", "--seed", "1",
           "--linux-rto-min", NULL);
  run_cli (&rfc_run, "run", "hello-goodbye", "--seed", "1", NULL);
  run_cli (&json, "run", "hello-goodbye", "--seed", "1", "--linux-rto-min",
           "--format", "json", NULL);
  g_assert_cmpint (linux_run.status, ==, 0);
  g_assert_cmpint (rfc_run.status, ==, 0);
  g_assert_cmpint (json.status, ==, 0);
  g_assert_nonnull (strstr (linux_run.out,
                            "RTO 0.24 s = SRTT 0.04 + 200 ms (Linux's "
                            "minimum"));
  g_assert_null (strstr (linux_run.out, "raised to the 1 s minimum"));
  g_assert_nonnull (strstr (rfc_run.out, "RTO 1 s: SRTT 0.04 + 4 × RTTVAR "
                                         "0.02 = 0.12, raised to the 1 s "
                                         "minimum (RFC 6298 2.4)"));
  g_assert_null (strstr (rfc_run.out, "Linux's minimum"));
  g_assert_nonnull (strstr (json.out, "\"rto\":0.24,"));
}

/* Issue 14's "done when", as typed: `run hello-goodbye --latency 600`
 * resends only the handshake (the SYN and the SYN,ACK answering it, sent
 * before any round trip could be measured); after it, RFC 6298 keeps the
 * RTO above the 1.2 s round trip and nothing else is resent. */
static void
test_run_latency_600_no_spurious_resend (void)
{
  g_auto(Result) r = { 0 };
  g_auto(GStrv) lines = NULL;
  guint resent = 0, segments = 0;

  run_cli (&r, "run", "hello-goodbye", "--latency", "600", "--seed", "3",
           "--format", "json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], "\"event\":\"segment\"") == NULL)
        continue;
      segments++;
      if (strstr (lines[i], "\"retransmission\":true") != NULL)
        {
          g_assert_nonnull (strstr (lines[i], "\"flags\":[\"SYN\""));
          resent++;
        }
    }
  g_assert_cmpuint (segments, >=, 11);
  g_assert_cmpuint (resent, ==, 2);
}

/* A side has no RCV.NXT before the peer's SYN (RFC 9293: IRS unknown):
 * the first SYN and its resend at 1.0 s (the SYN,ACK arrives at 1.2 s)
 * give "rcv_nxt" and "snd_wnd" as null, not 0 minus the peer's base; the
 * client's ACK after the SYN,ACK gives numbers. */
static void
test_run_vars_null_before_syn_ack (void)
{
  g_auto(Result) r = { 0 };
  g_auto(GStrv) lines = NULL;
  guint syns = 0, acks = 0;

  run_cli (&r, "run", "hello-goodbye", "--latency", "600", "--seed", "3",
           "--format", "json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  lines = g_strsplit (r.out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (strstr (lines[i], "\"src\":\"client\"") == NULL)
        continue;
      if (strstr (lines[i], "\"flags\":[\"SYN\"]") != NULL)
        {
          g_assert_nonnull (strstr (lines[i], "\"snd_wnd\":null,"
                                              "\"rcv_nxt\":null,"));
          syns++;
        }
      else if (acks == 0)
        {
          g_assert_nonnull (strstr (lines[i], "\"flags\":[\"ACK\"]"));
          g_assert_nonnull (strstr (lines[i], "\"snd_wnd\":64240,"
                                              "\"rcv_nxt\":1,"));
          acks++;
        }
    }
  g_assert_cmpuint (syns, ==, 2);
  g_assert_cmpuint (acks, ==, 1);
}

/* A saved session as the app writes it, edited by hand: a step's text
 * changed and a step added without a time. */
static void
test_run_edited_session (void)
{
  g_autofree char *path =
    write_file ("lesson.seqack",
                "seqack-session 2\n"
                "seed 7\n"
                "latency 0.02\n"
                "loss 0\n"
                "msl 2\n"
                "absolute false\n"
                "letters false\n"
                "at 0 server listen\n"
                "at 0 client connect\n"
                "at 0.06 client send edited by hand\n"
                "at 0.1 client close\n"
                "server close           # added: waits for a quiet wire\n",
                -1);
  g_auto(Result) r = { 0 };
  g_auto(Result) check = { 0 };

  run_cli (&r, "run", path, "--format", "json", NULL);
  g_assert_cmpint (r.status, ==, 0);
  /* The client's port is its seed's (RFC 6528); the action names it. */
  g_assert_nonnull (strstr (r.out, "{\"event\":\"action\",\"t\":0.06,"
                                   "\"host\":\"client\","
                                   "\"local\":\"192.0.2.1:"));
  g_assert_nonnull (strstr (r.out, "\"remote\":\"192.0.2.2:80\","
                                   "\"action\":\"send\","
                                   "\"text\":\"edited by hand\"}"));
  g_assert_nonnull (strstr (r.out, "\"host\":\"server\","
                                   "\"local\":\"192.0.2.2:80\","
                                   "\"remote\":\"192.0.2.1:"));
  g_assert_nonnull (strstr (r.out, "\",\"action\":\"close\"}"));
  g_assert_true (g_str_has_suffix (r.out, "\"to\":\"CLOSED\"}\n"));

  run_cli (&check, "scenarios", "--check", path, NULL);
  g_assert_cmpint (check.status, ==, 0);
  g_assert_nonnull (strstr (check.out, "good"));
  remove_file (path);
}

/* Bad files: one line "seqack-cli: FILE: line N: …", status 2, nothing
 * run (issue 12). */
static void
test_run_bad_files (void)
{
  static const struct
  {
    const char *text;
    gssize      len;
    const char *message;  /* after "FILE: " */
  } cases[] = {
    { "server listen\nclient conect\n", -1,
      "line 2: unknown action 'conect'" },
    { "server listen\npause soon\n", -1,
      "line 2: 'soon' is not a number of seconds between 0 and 86400" },
    { "# a comment\nrouter connect\n", -1,
      "line 2: unknown action 'router' (the hosts are client, "
      "client-2 … client-8 and server)" },
    { "seqack-session 1\nat 0 router connect\n", -1,
      "line 2: unknown side 'router' (client or server)" },
    { "server listen\n\x7f" "ELF\x02\x01\x01\xff\xfe\n", -1,
      "line 2: not a text file (binary data)" },
    { "# valid UTF-8, but control characters\n\x01\x02\x03\n", -1,
      "line 2: not a text file (binary data)" },
    { "server listen\nclient send a\0b\n", 30,
      "line 2: not a text file (binary data)" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = write_file ("bad.scenario", cases[i].text,
                                          cases[i].len);
      g_autofree char *expected = g_strdup_printf ("seqack-cli: %s: %s\n",
                                                   path, cases[i].message);
      g_auto(Result) r = { 0 };
      g_auto(Result) check = { 0 };

      run_cli (&r, "run", path, NULL);
      g_assert_cmpint (r.status, ==, 2);
      g_assert_cmpstr (r.err, ==, expected);
      g_assert_cmpstr (r.out, ==, "");

      run_cli (&check, "scenarios", "--check", path, NULL);
      g_assert_cmpint (check.status, ==, 2);
      g_assert_cmpstr (check.err, ==, expected);
      remove_file (path);
    }

  /* A missing file named like a scenario is not a built-in. */
  {
    g_auto(Result) r = { 0 };

    run_cli (&r, "run", "no-such-file.scenario", NULL);
    g_assert_cmpint (r.status, ==, 2);
    g_assert_nonnull (strstr (r.err, "no-such-file.scenario"));
    g_assert_cmpstr (r.out, ==, "");
  }
}

/* --check lists every error with its line, and the steps the lab refuses
 * on a dry run. */
static void
test_scenarios_check (void)
{
  g_autofree char *bad =
    write_file ("three.scenario",
                "name: three\n"
                "server listen\n"
                "client conect\n"
                "set loss 2\n"
                "\n"
                "client send \"open\n", -1);
  g_autofree char *refused =
    write_file ("refused.scenario",
                "server listen\n"
                "client send too early\n", -1);
  g_autofree char *expected =
    g_strdup_printf ("seqack-cli: %s: line 3: unknown action 'conect'\n"
                     "seqack-cli: %s: line 4: loss rate '2' is not between "
                     "0 and 1\n"
                     "seqack-cli: %s: line 6: missing closing '\"'\n",
                     bad, bad, bad);
  g_auto(Result) r = { 0 };
  g_auto(Result) r2 = { 0 };
  g_auto(Result) r3 = { 0 };

  run_cli (&r, "scenarios", "--check", bad, NULL);
  g_assert_cmpint (r.status, ==, 2);
  g_assert_cmpstr (r.err, ==, expected);

  run_cli (&r2, "scenarios", "--check", refused, NULL);
  g_assert_cmpint (r2.status, ==, 2);
  g_assert_true (g_str_has_prefix (r2.err, "seqack-cli: "));
  g_assert_nonnull (strstr (r2.err, ": line 2: "));

  run_cli (&r3, "scenarios", "--check", NULL);
  g_assert_cmpint (r3.status, ==, 2);
  remove_file (bad);
  remove_file (refused);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  cli = g_getenv ("SEQACK_CLI");
  g_assert_nonnull (cli);

  g_test_add_func ("/cli/scenarios/listed-in-order", test_scenarios_listed);
  g_test_add_func ("/cli/run/hello-goodbye-is-the-lesson",
                   test_hello_goodbye_lesson);
  g_test_add_func ("/cli/run/text-ladder", test_text_ladder);
  g_test_add_func ("/cli/run/same-seed-same-output",
                   test_same_seed_same_output);
  g_test_add_func ("/cli/run/bad-input-exits-2", test_bad_input);
  g_test_add_func ("/cli/run/pcap-judged-by-tshark", test_pcap_tshark);
  g_test_add_func ("/cli/read/exports-diagrams", test_read_exports_diagrams);
  g_test_add_func ("/cli/run/file", test_run_file);
  g_test_add_func ("/cli/run/edited-session", test_run_edited_session);
  g_test_add_func ("/cli/run/linux-rto-min", test_run_linux_rto_min);
  g_test_add_func ("/cli/run/rfc6298-latency-600-no-spurious-resend",
                   test_run_latency_600_no_spurious_resend);
  g_test_add_func ("/cli/run/rfc9293-vars-null-before-syn-ack",
                   test_run_vars_null_before_syn_ack);
  g_test_add_func ("/cli/run/bad-files-exit-2", test_run_bad_files);
  g_test_add_func ("/cli/scenarios/check", test_scenarios_check);
  return g_test_run ();
}
