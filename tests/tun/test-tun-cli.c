/* test-tun-cli.c: `seqack-cli tun` end to end, against the real kernel.
 *
 * The command runs inside the test's own network namespace (the spawned
 * process inherits it), creates its TUN device and talks to a kernel
 * socket of the test. $SEQACK_CLI is the binary, $TSHARK the judge of
 * its --pcap file.
 */
#include "config.h"

#include <stdio.h>

#include <json-glib/json-glib.h>

#include "tun-test-util.h"

#define SEQACK_TEXT "hello from SeqAck"
#define KERNEL_TEXT "hello from Linux"

static const char *
cli_path (void)
{
  const char *cli = g_getenv ("SEQACK_CLI");

  g_assert_nonnull (cli);
  return cli;
}

/* Connects to SeqAck's listener, retrying while the command is still
 * creating its device or has not listened yet (then its stack answers
 * with a reset, and connect() says ECONNREFUSED). A @rcvbuf > 0 is the
 * socket's SO_RCVBUF, set before connecting so the window follows it. */
static int
kernel_connect_rcvbuf (guint16 port,
                       int     rcvbuf)
{
  struct sockaddr_in to;
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  tun_test_sockaddr (&to, TUN_TEST_SEQACK_ADDR, port);
  for (;;)
    {
      int fd = socket (AF_INET, SOCK_STREAM, 0);

      g_assert_cmpint (fd, >=, 0);
      if (rcvbuf > 0)
        g_assert_cmpint (setsockopt (fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
                                     sizeof rcvbuf), ==, 0);
      if (connect (fd, (struct sockaddr *) &to, sizeof to) == 0)
        return fd;
      g_assert_true (errno == ECONNREFUSED || errno == ENETUNREACH ||
                     errno == EHOSTUNREACH);
      close (fd);
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_usleep (20 * 1000);
    }
}

static int
kernel_connect (guint16 port)
{
  return kernel_connect_rcvbuf (port, 0);
}

/* One line without its newline (g_free it), or NULL at the end. */
static char *
read_line (FILE *in)
{
  char *buf = NULL;
  size_t size = 0;
  ssize_t n = getline (&buf, &size, in);
  char *line;

  if (n < 0)
    {
      free (buf);
      return NULL;
    }
  if (n > 0 && buf[n - 1] == '\n')
    buf[n - 1] = '\0';
  line = g_strdup (buf);
  free (buf);
  return line;
}

static GPid
spawn_cli (const char *const *args,
           int                *out_fd)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_auto(GStrv) envp = g_get_environ ();
  GPid pid;

  g_ptr_array_add (argv, (char *) cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  /* The ladder's arrows need a UTF-8 locale. */
  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  g_spawn_async_with_pipes (NULL, (char **) argv->pdata, envp,
                            G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid,
                            NULL, out_fd, NULL, &error);
  g_assert_no_error (error);
  return pid;
}

static int
wait_exit (GPid pid)
{
  int status = 0;

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_spawn_close_pid (pid);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

/* SeqAck listens; the kernel connects, sends, reads to the end. The JSON
 * lines tell the whole conversation with the right names, and the --pcap
 * file passes tshark. */
static void
test_cli_listen_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *pcap_path = NULL;
  g_autoptr(GByteArray) got = NULL;
  g_autoptr(GString) server_states = g_string_new ("CLOSED");
  g_autoptr(GString) client_states = g_string_new ("CLOSED");
  g_auto(GStrv) infos = NULL;
  FILE *lines;
  char *line;
  guint n_segments = 0, n_lines = 0;
  gboolean saw_data = FALSE;
  int out_fd, fd;
  GPid pid;

  if (!tun_test_isolate ())
    return;

  dir = g_dir_make_tmp ("seqack-tun-cli-XXXXXX", &error);
  g_assert_no_error (error);
  pcap_path = g_build_filename (dir, "run.pcap", NULL);
  {
    const char *args[] = {
      "tun", "--dev", "seqcli0", "--address", "192.0.2.2",
      "--peer", "192.0.2.1", "--listen", "8080", "--send", SEQACK_TEXT,
      "--msl", "0.5", "--format", "json", "--pcap", pcap_path, NULL,
    };
    pid = spawn_cli (args, &out_fd);
  }

  fd = kernel_connect (8080);
  g_assert_cmpint (send (fd, KERNEL_TEXT, strlen (KERNEL_TEXT), 0), ==,
                   (ssize_t) strlen (KERNEL_TEXT));
  got = tun_test_read_all (fd, G_MAXSIZE);
  close (fd);
  g_assert_cmpmem (got->data, got->len, SEQACK_TEXT, strlen (SEQACK_TEXT));

  lines = fdopen (out_fd, "r");
  g_assert_nonnull (lines);
  while ((line = read_line (lines)) != NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *obj;
      const char *event, *host;

      g_test_message ("%s", line);
      g_assert_true (json_parser_load_from_data (parser, line, -1, &error));
      g_assert_no_error (error);
      g_free (line);
      obj = json_node_get_object (json_parser_get_root (parser));
      event = json_object_get_string_member (obj, "event");
      n_lines++;

      if (g_str_equal (event, "segment"))
        {
          const char *src = json_object_get_string_member (obj, "src");

          /* The kernel sent the first SYN, so it is the client; what
           * it sent was captured, what SeqAck sent was delivered. */
          if (g_str_equal (src, "client"))
            g_assert_cmpstr (json_object_get_string_member (obj, "fate"),
                             ==, "captured");
          else
            {
              g_assert_cmpstr (src, ==, "server");
              g_assert_cmpstr (json_object_get_string_member (obj, "fate"),
                               ==, "delivered");
            }
          n_segments++;
          continue;
        }

      if (!json_object_has_member (obj, "host"))
        continue;
      host = json_object_get_string_member (obj, "host");
      if (g_str_equal (event, "state"))
        {
          GString *s = g_str_equal (host, "server") ? server_states
                                                    : client_states;

          /* Only the kernel's states are guessed. */
          g_assert_cmpint (json_object_has_member (obj, "inferred"), ==,
                           g_str_equal (host, "client"));
          g_string_append_printf (s, " %s",
                                  json_object_get_string_member (obj, "to"));
        }
      else if (g_str_equal (event, "data"))
        {
          g_assert_cmpstr (host, ==, "server");
          g_assert_cmpstr (json_object_get_string_member (obj, "text"), ==,
                           KERNEL_TEXT);
          saw_data = TRUE;
        }
      else if (g_str_equal (event, "action") && n_lines == 1)
        g_assert_cmpstr (json_object_get_string_member (obj, "action"), ==,
                         "listen");
    }
  fclose (lines);
  g_assert_cmpint (wait_exit (pid), ==, 0);

  g_assert_true (saw_data);
  g_assert_true (g_str_equal (server_states->str,
                              "CLOSED LISTEN SYN-RCVD ESTABLISHED FIN-WAIT-1 "
                              "FIN-WAIT-2 TIME-WAIT CLOSED") ||
                 g_str_equal (server_states->str,
                              "CLOSED LISTEN SYN-RCVD ESTABLISHED FIN-WAIT-1 "
                              "TIME-WAIT CLOSED"));
  g_assert_cmpstr (client_states->str, ==,
                   "CLOSED SYN-SENT ESTABLISHED CLOSE-WAIT LAST-ACK CLOSED");

  infos = tun_test_tshark_check (pcap_path, n_segments);
  if (infos != NULL)
    {
      g_assert_nonnull (strstr (infos[0], "[SYN]"));
      g_assert_nonnull (strstr (infos[1], "[SYN, ACK]"));
    }
  g_unlink (pcap_path);
  g_rmdir (dir);
}

static gpointer
accept_and_hold (gpointer user_data)
{
  int listen_fd = GPOINTER_TO_INT (user_data);
  int fd = accept (listen_fd, NULL, NULL);

  g_assert_cmpint (fd, >=, 0);
  return GINT_TO_POINTER (fd);
}

/* SeqAck connects to a kernel listener. The ladder is printed while the
 * connection lives: SeqAck waits in FIN-WAIT-2 for the kernel's FIN, and
 * its lines so far are already on the pipe. */
static void
test_cli_connect_text_live (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) thread = NULL;
  g_autoptr(GByteArray) got = NULL;
  g_autoptr(GString) ladder = g_string_new (NULL);
  struct sockaddr_in addr;
  FILE *lines;
  char *line;
  int one = 1;
  int listen_fd, fd, out_fd;
  gboolean in_fin_wait_2 = FALSE;
  GPid pid;

  if (!tun_test_isolate ())
    return;

  /* Any address: the device and 192.0.2.1 do not exist yet. */
  listen_fd = socket (AF_INET, SOCK_STREAM, 0);
  setsockopt (listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  tun_test_sockaddr (&addr, 0, 9090);
  g_assert_cmpint (bind (listen_fd, (struct sockaddr *) &addr, sizeof addr),
                   ==, 0);
  g_assert_cmpint (listen (listen_fd, 1), ==, 0);
  thread = g_thread_new ("accept", accept_and_hold,
                         GINT_TO_POINTER (listen_fd));

  {
    const char *args[] = {
      "tun", "--dev", "seqcli1", "--address", "192.0.2.2",
      "--peer", "192.0.2.1", "--connect", "192.0.2.1:9090",
      "--send", SEQACK_TEXT, "--msl", "0.5", NULL,
    };
    pid = spawn_cli (args, &out_fd);
  }

  lines = fdopen (out_fd, "r");
  g_assert_nonnull (lines);
  fd = GPOINTER_TO_INT (g_thread_join (g_steal_pointer (&thread)));
  close (listen_fd);

  while (!in_fin_wait_2 && (line = read_line (lines)) != NULL)
    {
      g_test_message ("%s", line);
      g_string_append_printf (ladder, "%s\n", line);
      in_fin_wait_2 = strstr (line, "FIN-WAIT-1 → FIN-WAIT-2") != NULL;
      g_free (line);
    }
  g_assert_true (in_fin_wait_2);

  /* SeqAck is the client here: it sent the SYN. */
  {
    g_auto(GStrv) ladder_lines = g_strsplit (ladder->str, "\n", 2);

    g_assert_true (g_str_has_prefix (g_strchug (ladder_lines[0]),
                                     "client 192.0.2.2:"));
    g_assert_true (g_str_has_suffix (ladder_lines[0],
                                     "server 192.0.2.1:9090"));
  }
  g_assert_nonnull (strstr (ladder->str, "SYN Seq=0"));
  g_assert_nonnull (strstr (ladder->str, "SYN, ACK Seq=0 Ack=1"));

  /* Still running: it waits for the kernel's FIN. */
  g_assert_cmpint (waitpid (pid, NULL, WNOHANG), ==, 0);
  got = tun_test_read_all (fd, G_MAXSIZE);
  g_assert_cmpmem (got->data, got->len, SEQACK_TEXT, strlen (SEQACK_TEXT));
  close (fd);

  while ((line = read_line (lines)) != NULL)
    {
      g_test_message ("%s", line);
      g_string_append_printf (ladder, "%s\n", line);
      g_free (line);
    }
  fclose (lines);
  g_assert_cmpint (wait_exit (pid), ==, 0);
  g_assert_nonnull (strstr (ladder->str, "FIN-WAIT-2 → TIME-WAIT"));
  g_assert_nonnull (strstr (ladder->str, "TIME-WAIT → CLOSED"));
}

/* Without CAP_NET_ADMIN the command says what it needs, and fails (1). */
static void
test_cli_no_permission (void)
{
  g_autofree char *setpriv = g_find_program_in_path ("setpriv");
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  if (!tun_test_isolate ())
    return;
  if (setpriv == NULL)
    {
      g_test_skip ("setpriv (util-linux) not found");
      return;
    }

  {
    /* Root without CAP_NET_ADMIN, as a user without it would be. */
    const char *argv[] = {
      setpriv, "--inh-caps=-net_admin", "--bounding-set=-net_admin",
      cli_path (), "tun", "--dev", "seqcli2", "--address", "192.0.2.2",
      "--peer", "192.0.2.1", "--listen", "8080", NULL,
    };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                  &out, &err, &status, &error);
  }
  g_assert_no_error (error);
  g_test_message ("stderr: %s", err);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 1);
  g_assert_nonnull (strstr (err, "CAP_NET_ADMIN"));
  g_assert_nonnull (strstr (err, "unshare -n"));
  g_assert_nonnull (strstr (err, "setcap cap_net_admin+ep"));
  g_assert_cmpstr (out, ==, "");
}

/* Bad options are the user's to fix (2), before any device is made. */
static void
test_cli_usage (void)
{
  const char *const cases[][16] = {
    /* no --dev */
    { "tun", "--address", "192.0.2.2", "--peer", "192.0.2.1", "--listen",
      "80", NULL },
    /* both --listen and --connect */
    { "tun", "--dev", "x", "--address", "192.0.2.2", "--peer", "192.0.2.1",
      "--listen", "80", "--connect", "192.0.2.1:80", NULL },
    /* --connect to an address that is not the kernel's */
    { "tun", "--dev", "x", "--address", "192.0.2.2", "--peer", "192.0.2.1",
      "--connect", "192.0.2.9:80", NULL },
    /* the same address on both sides */
    { "tun", "--dev", "x", "--address", "192.0.2.1", "--peer", "192.0.2.1",
      "--listen", "80", NULL },
    /* a port out of range */
    { "tun", "--dev", "x", "--address", "192.0.2.2", "--peer", "192.0.2.1",
      "--listen", "70000", NULL },
    /* a negative MSL */
    { "tun", "--dev", "x", "--address", "192.0.2.2", "--peer", "192.0.2.1",
      "--listen", "80", "--msl", "-1", NULL },
    /* --accept without --listen */
    { "tun", "--dev", "x", "--address", "192.0.2.2", "--peer", "192.0.2.1",
      "--connect", "192.0.2.1:80", "--accept", "2", NULL },
    /* no connection to accept */
    { "tun", "--dev", "x", "--address", "192.0.2.2", "--peer", "192.0.2.1",
      "--listen", "80", "--accept", "0", NULL },
    /* --save with several connections */
    { "tun", "--dev", "x", "--address", "192.0.2.2", "--peer", "192.0.2.1",
      "--listen", "80", "--accept", "2", "--save", "/dev/null", NULL },
    /* a second --connect to an address that is not the kernel's */
    { "tun", "--dev", "x", "--address", "192.0.2.2", "--peer", "192.0.2.1",
      "--connect", "192.0.2.1:80", "--connect", "192.0.2.9:81", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) argv = g_ptr_array_new ();
      g_autofree char *err = NULL;
      int status;

      g_ptr_array_add (argv, (char *) cli_path ());
      for (guint j = 0; cases[i][j] != NULL; j++)
        g_ptr_array_add (argv, (char *) cases[i][j]);
      g_ptr_array_add (argv, NULL);
      g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                    G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, &err,
                    &status, &error);
      g_assert_no_error (error);
      g_test_message ("case %u: %s", i, err);
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 2);
      g_assert_true (g_str_has_prefix (err, "seqack-cli: "));
    }
}

/* Runs the command with its output going to the file @out: a
 * megabyte's ladder would fill a pipe nobody reads. */
static GPid
spawn_cli_to_file (const char *const *args,
                   const char        *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GString) line = g_string_new ("exec");
  GPid pid;

  g_string_append_printf (line, " '%s'", cli_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_string_append_printf (line, " '%s'", args[i]);
  g_string_append_printf (line, " > '%s'", out);
  g_ptr_array_add (argv, (char *) "/bin/sh");
  g_ptr_array_add (argv, (char *) "-c");
  g_ptr_array_add (argv, line->str);
  g_ptr_array_add (argv, NULL);
  g_spawn_async (NULL, (char **) argv->pdata, NULL,
                 G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL, &pid, &error);
  g_assert_no_error (error);
  return pid;
}

/* A megabyte that is not text, the same every run. */
static GBytes *
megabyte (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (16);
  gsize len = 1024 * 1024;
  guint8 *bytes = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    bytes[i] = (guint8) g_rand_int (rand);
  return g_bytes_new_take (bytes, len);
}

static char *
sha256 (const guint8 *data,
        gsize         len)
{
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
}

/* --send-file: SeqAck sends 1 MB to a kernel socket with a small
 * SO_RCVBUF that stops reading for a second: Linux closes its window,
 * SeqAck probes it (RFC 9293 §3.8.6.1) and finishes when the socket
 * reads again; every byte arrives. */
static void
test_cli_send_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = megabyte ();
  g_autoptr(GByteArray) got = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *want = NULL;
  g_autofree char *have = NULL;
  g_autofree char *out = NULL;
  g_autofree char *json = NULL;
  gsize len = 0;
  const guint8 *bytes = g_bytes_get_data (data, &len);
  int fd;
  GPid pid;

  if (!tun_test_isolate ())
    return;

  dir = g_dir_make_tmp ("seqack-tun-file-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "send.bin", NULL);
  out = g_build_filename (dir, "out.json", NULL);
  g_assert_true (g_file_set_contents (path, (const char *) bytes, len,
                                      &error));
  g_assert_no_error (error);
  {
    const char *args[] = {
      "tun", "--dev", "seqfile0", "--address", "192.0.2.2",
      "--peer", "192.0.2.1", "--listen", "8082", "--send-file", path,
      "--msl", "0.5", "--format", "json", NULL,
    };
    pid = spawn_cli_to_file (args, out);
  }

  /* Not reading for 2.5 s: the window closes, and the persist timer
   * (one RTO, 1 s) fires before it opens again. */
  fd = kernel_connect_rcvbuf (8082, 4096);
  g_usleep (5 * G_USEC_PER_SEC / 2);
  got = tun_test_read_all (fd, G_MAXSIZE);
  close (fd);
  g_assert_cmpuint (got->len, ==, len);
  want = sha256 (bytes, len);
  have = sha256 (got->data, got->len);
  g_assert_cmpstr (have, ==, want);
  g_assert_cmpint (wait_exit (pid), ==, 0);
  g_assert_true (g_file_get_contents (out, &json, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (json, "\"window_probe\":true"));
  g_unlink (out);
  g_unlink (path);
  g_rmdir (dir);
}

/* --save and --rcvbuf: the kernel sends 1 MB to SeqAck's 4 KB buffer
 * and closes; the file holds every byte, and the command exits after
 * the kernel's FIN and its own close. */
static void
test_cli_save_rcvbuf (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) data = megabyte ();
  g_autoptr(GByteArray) rest = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *saved = NULL;
  g_autofree char *want = NULL;
  g_autofree char *have = NULL;
  g_autofree char *out = NULL;
  gsize len = 0, saved_len = 0, off = 0;
  const guint8 *bytes = g_bytes_get_data (data, &len);
  int fd;
  GPid pid;

  if (!tun_test_isolate ())
    return;

  dir = g_dir_make_tmp ("seqack-tun-save-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "got.bin", NULL);
  out = g_build_filename (dir, "out.json", NULL);
  {
    const char *args[] = {
      "tun", "--dev", "seqsave0", "--address", "192.0.2.2",
      "--peer", "192.0.2.1", "--listen", "8083", "--save", path,
      "--rcvbuf", "4096", "--msl", "0.5", "--format", "json", NULL,
    };
    pid = spawn_cli_to_file (args, out);
  }

  fd = kernel_connect (8083);
  while (off < len)
    {
      ssize_t n = send (fd, bytes + off, len - off, 0);

      if (n < 0 && errno == EINTR)
        continue;
      g_assert_cmpint (n, >, 0);
      off += (gsize) n;
    }
  g_assert_cmpint (shutdown (fd, SHUT_WR), ==, 0);
  rest = tun_test_read_all (fd, G_MAXSIZE);   /* SeqAck sends nothing */
  g_assert_cmpuint (rest->len, ==, 0);
  close (fd);
  g_assert_cmpint (wait_exit (pid), ==, 0);

  g_assert_true (g_file_get_contents (path, &saved, &saved_len, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (saved_len, ==, len);
  want = sha256 (bytes, len);
  have = sha256 ((const guint8 *) saved, saved_len);
  g_assert_cmpstr (have, ==, want);
  g_unlink (out);
  g_unlink (path);
  g_rmdir (dir);
}

/* Every line of the JSON file @path, as objects. */
static GPtrArray *
read_json_lines (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *objects = g_ptr_array_new_with_free_func (
      (GDestroyNotify) json_object_unref);

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (*lines[i] == '\0')
        continue;
      g_test_message ("%s", lines[i]);
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1,
                                                 &error));
      g_assert_no_error (error);
      g_ptr_array_add (objects,
                       json_node_dup_object (json_parser_get_root (parser)));
    }
  return objects;
}

static gboolean
json_has_flag (JsonObject *segment,
               const char *flag)
{
  JsonArray *flags = json_object_get_array_member (segment, "flags");

  for (guint i = 0; i < json_array_get_length (flags); i++)
    if (g_str_equal (json_array_get_string_element (flags, i), flag))
      return TRUE;
  return FALSE;
}

/* How many state events of @host (real ones, or only inferred ones) go
 * from @from (NULL: any) to @to (NULL: any). */
static guint
count_states (GPtrArray  *objects,
              const char *host,
              gboolean    inferred,
              const char *from,
              const char *to)
{
  guint n = 0;

  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *obj = objects->pdata[i];

      if (!g_str_equal (json_object_get_string_member (obj, "event"),
                        "state") ||
          !g_str_equal (json_object_get_string_member (obj, "host"), host) ||
          json_object_has_member (obj, "inferred") != inferred)
        continue;
      if ((from == NULL ||
           g_str_equal (json_object_get_string_member (obj, "from"), from))
          && (to == NULL ||
              g_str_equal (json_object_get_string_member (obj, "to"), to)))
        n++;
    }
  return n;
}

/* The most connections @host had ESTABLISHED at one time, from its state
 * events in order. */
static guint
max_established (GPtrArray  *objects,
                 const char *host)
{
  guint now = 0, most = 0;

  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *obj = objects->pdata[i];

      if (!g_str_equal (json_object_get_string_member (obj, "event"),
                        "state") ||
          !g_str_equal (json_object_get_string_member (obj, "host"), host) ||
          json_object_has_member (obj, "inferred"))
        continue;
      if (g_str_equal (json_object_get_string_member (obj, "to"),
                       "ESTABLISHED"))
        now++;
      if (g_str_equal (json_object_get_string_member (obj, "from"),
                       "ESTABLISHED"))
        now--;
      most = MAX (most, now);
    }
  return most;
}

/* One connection's segments in the JSON, by its two ports. */
typedef struct
{
  guint16  client_port, server_port;
  guint    n_segments;
  gboolean first_is_syn;
  gboolean client_fin, server_fin;
  gboolean rst;
} JsonConn;

/* Groups the segment events by 4-tuple (the addresses are the device's
 * two), in order of their first segment. Checks each segment's fate:
 * what the kernel sent was captured, what SeqAck sent delivered. */
static GArray *
json_connections (GPtrArray  *objects,
                  const char *kernel_host)
{
  GArray *conns = g_array_new (FALSE, TRUE, sizeof (JsonConn));

  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *obj = objects->pdata[i];
      const char *src;
      guint16 sport, dport, cport, svport;
      JsonConn *c = NULL;

      if (!g_str_equal (json_object_get_string_member (obj, "event"),
                        "segment"))
        continue;
      src = json_object_get_string_member (obj, "src");
      sport = (guint16) json_object_get_int_member (obj, "sport");
      dport = (guint16) json_object_get_int_member (obj, "dport");
      cport = g_str_equal (src, "client") ? sport : dport;
      svport = g_str_equal (src, "client") ? dport : sport;
      g_assert_cmpstr (json_object_get_string_member (obj, "fate"), ==,
                       g_str_equal (src, kernel_host) ? "captured"
                                                      : "delivered");
      /* Several connections: numbers as on the wire. */
      g_assert_cmpint (json_object_get_int_member (obj, "seq"), ==,
                       json_object_get_int_member (obj, "seq_abs"));

      for (guint j = 0; j < conns->len; j++)
        {
          JsonConn *k = &g_array_index (conns, JsonConn, j);

          if (k->client_port == cport && k->server_port == svport)
            c = k;
        }
      if (c == NULL)
        {
          JsonConn fresh = { cport, svport, 0, FALSE, FALSE, FALSE, FALSE };

          fresh.first_is_syn = g_str_equal (src, "client") &&
                               json_has_flag (obj, "SYN") &&
                               !json_has_flag (obj, "ACK");
          g_array_append_val (conns, fresh);
          c = &g_array_index (conns, JsonConn, conns->len - 1);
        }
      c->n_segments++;
      if (json_has_flag (obj, "FIN"))
        {
          if (g_str_equal (src, "client"))
            c->client_fin = TRUE;
          else
            c->server_fin = TRUE;
        }
      if (json_has_flag (obj, "RST"))
        c->rst = TRUE;
    }
  return conns;
}

/* What one kernel client of the --accept test does. */
typedef struct
{
  guint       index;
  guint16     port;
  GByteArray *received;
} AcceptClient;

typedef struct
{
  GMutex  lock;
  GCond   cond;
  guint   connected;
  gboolean all_established;  /* each saw all three ESTABLISHED */
  gboolean refused_fourth;
} AcceptRun;

static AcceptRun accept_run;

static gpointer
accept_client_thread (gpointer user_data)
{
  AcceptClient *ac = user_data;
  g_autofree char *text = g_strdup_printf ("%s %u", KERNEL_TEXT, ac->index);
  struct sockaddr_in me;
  socklen_t me_len = sizeof me;
  int fd = kernel_connect (8084);

  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &me, &me_len), ==, 0);
  ac->port = ntohs (me.sin_port);

  /* All three wait until every one is connected: then they are open at
   * the same time, before anyone sends. */
  g_mutex_lock (&accept_run.lock);
  accept_run.connected++;
  g_cond_broadcast (&accept_run.cond);
  while (accept_run.connected < 3)
    g_cond_wait (&accept_run.cond, &accept_run.lock);
  g_mutex_unlock (&accept_run.lock);

  g_assert_cmpint (send (fd, text, strlen (text), 0), ==,
                   (ssize_t) strlen (text));
  ac->received = tun_test_read_all (fd, G_MAXSIZE);
  close (fd);
  return NULL;
}

/* `--accept 3`: three kernel clients connected at the same time to one
 * SeqAck listener, which stays LISTEN, spawns a connection per SYN
 * (RFC 9293 §3.10.7) and answers each: its text to every one, a
 * FIN after a second, every connection CLOSED, then the command exits.
 * A fourth SYN, after the three, finds the port closed (a reset). */
static void
test_cli_accept_three (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GArray) conns = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  GThread *threads[3];
  AcceptClient clients[3];
  struct sockaddr_in to;
  guint n_data = 0;
  int fd;
  GPid pid;

  if (!tun_test_isolate ())
    return;

  dir = g_dir_make_tmp ("seqack-tun-accept-XXXXXX", &error);
  g_assert_no_error (error);
  out = g_build_filename (dir, "out.json", NULL);
  {
    const char *args[] = {
      "tun", "--dev", "seqacc0", "--address", "192.0.2.2",
      "--peer", "192.0.2.1", "--listen", "8084", "--accept", "3",
      "--send", SEQACK_TEXT, "--close-after", "1", "--msl", "0.5",
      "--format", "json", NULL,
    };
    pid = spawn_cli_to_file (args, out);
  }

  memset (&accept_run, 0, sizeof accept_run);
  g_mutex_init (&accept_run.lock);
  g_cond_init (&accept_run.cond);
  for (guint i = 0; i < 3; i++)
    {
      clients[i] = (AcceptClient) { i, 0, NULL };
      threads[i] = g_thread_new ("kernel-client", accept_client_thread,
                                 &clients[i]);
    }

  /* Once all three are connected, and before SeqAck closes any (after a
   * second), the kernel holds three ESTABLISHED sockets to one port. */
  g_mutex_lock (&accept_run.lock);
  while (accept_run.connected < 3)
    g_cond_wait (&accept_run.cond, &accept_run.lock);
  g_mutex_unlock (&accept_run.lock);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (tun_test_proc_tcp_state (TUN_TEST_KERNEL_ADDR,
                                              clients[i].port,
                                              TUN_TEST_SEQACK_ADDR, 8084),
                     ==, 1);
  g_assert_cmpuint (clients[0].port, !=, clients[1].port);
  g_assert_cmpuint (clients[1].port, !=, clients[2].port);
  g_assert_cmpuint (clients[0].port, !=, clients[2].port);

  /* A fourth: SeqAck serves three, so the port is closed to it. */
  fd = socket (AF_INET, SOCK_STREAM, 0);
  tun_test_sockaddr (&to, TUN_TEST_SEQACK_ADDR, 8084);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &to, sizeof to), ==, -1);
  g_assert_cmpint (errno, ==, ECONNREFUSED);
  close (fd);

  for (guint i = 0; i < 3; i++)
    g_thread_join (threads[i]);
  g_assert_cmpint (wait_exit (pid), ==, 0);

  /* Each got SeqAck's text, then its FIN (EOF); each closed too, and the
   * kernel's LAST-ACK ended with SeqAck's ACK: no socket is left. */
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpmem (clients[i].received->data, clients[i].received->len,
                       SEQACK_TEXT, strlen (SEQACK_TEXT));
      g_byte_array_unref (clients[i].received);
      g_assert_cmpint (tun_test_proc_tcp_state (TUN_TEST_KERNEL_ADDR,
                                                clients[i].port,
                                                TUN_TEST_SEQACK_ADDR, 8084),
                       ==, 0);
    }

  objects = read_json_lines (out);
  g_assert_cmpstr (json_object_get_string_member (objects->pdata[0],
                                                  "action"), ==, "listen");

  /* Three connections, the kernel's three ports, each from its SYN to a
   * FIN each way, none reset; the fourth SYN is not among them. */
  conns = json_connections (objects, "client");
  g_assert_cmpuint (conns->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      JsonConn *c = &g_array_index (conns, JsonConn, i);
      gboolean known = FALSE;

      for (guint j = 0; j < 3; j++)
        known |= c->client_port == clients[j].port;
      g_assert_true (known);
      g_assert_cmpuint (c->server_port, ==, 8084);
      g_assert_true (c->first_is_syn);
      g_assert_true (c->client_fin);
      g_assert_true (c->server_fin);
      g_assert_false (c->rst);
    }

  /* SeqAck's listener went LISTEN once and stayed: each connection
   * started LISTEN -> SYN-RCVD, all three were ESTABLISHED at once, and
   * each ended CLOSED (SeqAck closed first: through TIME-WAIT). */
  g_assert_cmpuint (count_states (objects, "server", FALSE, "CLOSED",
                                  "LISTEN"), ==, 1);
  g_assert_cmpuint (count_states (objects, "server", FALSE, "LISTEN",
                                  "SYN-RCVD"), ==, 3);
  g_assert_cmpuint (count_states (objects, "server", FALSE, "LISTEN",
                                  "CLOSED"), ==, 0);
  g_assert_cmpuint (max_established (objects, "server"), ==, 3);
  g_assert_cmpuint (count_states (objects, "server", FALSE, "TIME-WAIT",
                                  "CLOSED"), ==, 3);
  /* The kernel's side, one inference per 4-tuple. */
  g_assert_cmpuint (count_states (objects, "client", TRUE, "CLOSED",
                                  "SYN-SENT"), ==, 3);
  g_assert_cmpuint (count_states (objects, "client", TRUE, "LAST-ACK",
                                  "CLOSED"), ==, 3);
  g_assert_cmpuint (count_states (objects, "server", TRUE, NULL, NULL), ==,
                    0);

  /* SeqAck's application read each client's own text. */
  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *obj = objects->pdata[i];

      if (g_str_equal (json_object_get_string_member (obj, "event"),
                       "data"))
        {
          const char *text = json_object_get_string_member (obj, "text");

          g_assert_cmpstr (json_object_get_string_member (obj, "host"), ==,
                           "server");
          g_assert_true (g_str_has_prefix (text, KERNEL_TEXT " "));
          n_data |= 1u << (text[strlen (KERNEL_TEXT) + 1] - '0');
        }
    }
  g_assert_cmpuint (n_data, ==, 7);

  g_mutex_clear (&accept_run.lock);
  g_cond_clear (&accept_run.cond);
  g_unlink (out);
  g_rmdir (dir);
}

/* A kernel listener of the two --connect test. */
typedef struct
{
  guint16     port;
  int         listen_fd;
  guint16     peer_port;
  GByteArray *received;
} ConnectServer;

static gpointer
connect_server_thread (gpointer user_data)
{
  ConnectServer *cs = user_data;
  struct sockaddr_in from;
  socklen_t from_len = sizeof from;
  int fd = accept (cs->listen_fd, (struct sockaddr *) &from, &from_len);

  g_assert_cmpint (fd, >=, 0);
  cs->peer_port = ntohs (from.sin_port);
  g_assert_cmpint (send (fd, KERNEL_TEXT, strlen (KERNEL_TEXT), 0), ==,
                   (ssize_t) strlen (KERNEL_TEXT));
  cs->received = tun_test_read_all (fd, G_MAXSIZE);
  close (fd);
  return NULL;
}

/* --connect twice: SeqAck opens two connections at once to two kernel
 * listeners, each from its own ephemeral port (RFC 6335 §6's range),
 * sends and closes each, and exits when both are CLOSED. */
static void
test_cli_connect_two (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GArray) conns = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *out = NULL;
  ConnectServer servers[2] = { { 9092 }, { 9093 } };
  GThread *threads[2];
  guint n_data = 0;
  GPid pid;

  if (!tun_test_isolate ())
    return;

  for (guint i = 0; i < 2; i++)
    {
      struct sockaddr_in addr;
      int one = 1;

      /* Any address: the device and 192.0.2.1 do not exist yet. */
      servers[i].listen_fd = socket (AF_INET, SOCK_STREAM, 0);
      setsockopt (servers[i].listen_fd, SOL_SOCKET, SO_REUSEADDR, &one,
                  sizeof one);
      tun_test_sockaddr (&addr, 0, servers[i].port);
      g_assert_cmpint (bind (servers[i].listen_fd, (struct sockaddr *) &addr,
                             sizeof addr), ==, 0);
      g_assert_cmpint (listen (servers[i].listen_fd, 1), ==, 0);
      threads[i] = g_thread_new ("kernel-server", connect_server_thread,
                                 &servers[i]);
    }

  dir = g_dir_make_tmp ("seqack-tun-connect-XXXXXX", &error);
  g_assert_no_error (error);
  out = g_build_filename (dir, "out.json", NULL);
  {
    const char *args[] = {
      "tun", "--dev", "seqcon0", "--address", "192.0.2.2",
      "--peer", "192.0.2.1", "--connect", "192.0.2.1:9092",
      "--connect", "192.0.2.1:9093", "--send", SEQACK_TEXT,
      "--msl", "0.5", "--format", "json", NULL,
    };
    pid = spawn_cli_to_file (args, out);
  }

  for (guint i = 0; i < 2; i++)
    {
      g_thread_join (threads[i]);
      close (servers[i].listen_fd);
      g_assert_cmpmem (servers[i].received->data, servers[i].received->len,
                       SEQACK_TEXT, strlen (SEQACK_TEXT));
      g_byte_array_unref (servers[i].received);
      g_assert_cmpuint (servers[i].peer_port, >=, 49152);
    }
  g_assert_cmpuint (servers[0].peer_port, !=, servers[1].peer_port);
  g_assert_cmpint (wait_exit (pid), ==, 0);

  objects = read_json_lines (out);
  /* SeqAck sent the SYNs: it is the client. Both connects come first,
   * before any answer. */
  g_assert_cmpstr (json_object_get_string_member (objects->pdata[0],
                                                  "action"), ==, "connect");
  conns = json_connections (objects, "server");
  g_assert_cmpuint (conns->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonConn *c = &g_array_index (conns, JsonConn, i);

      g_assert_cmpuint (c->server_port, ==, servers[i].port);
      g_assert_cmpuint (c->client_port, ==, servers[i].peer_port);
      g_assert_true (c->first_is_syn);
      g_assert_true (c->client_fin);
      g_assert_true (c->server_fin);
      g_assert_false (c->rst);
    }
  g_assert_cmpuint (count_states (objects, "client", FALSE, "CLOSED",
                                  "SYN-SENT"), ==, 2);
  g_assert_cmpuint (max_established (objects, "client"), ==, 2);
  g_assert_cmpuint (count_states (objects, "client", FALSE, NULL,
                                  "CLOSED"), ==, 2);
  /* Two kernel listeners, inferred one per 4-tuple; SeqAck closed
   * first, so each kernel connection ends LAST-ACK -> CLOSED. */
  g_assert_cmpuint (count_states (objects, "server", TRUE, "LISTEN",
                                  "SYN-RCVD"), ==, 2);
  g_assert_cmpuint (count_states (objects, "server", TRUE, "LAST-ACK",
                                  "CLOSED"), ==, 2);
  for (guint i = 0; i < objects->len; i++)
    {
      JsonObject *obj = objects->pdata[i];

      if (g_str_equal (json_object_get_string_member (obj, "event"),
                       "data"))
        {
          g_assert_cmpstr (json_object_get_string_member (obj, "host"), ==,
                           "client");
          g_assert_cmpstr (json_object_get_string_member (obj, "text"), ==,
                           KERNEL_TEXT);
          n_data++;
        }
    }
  g_assert_cmpuint (n_data, ==, 2);
  g_unlink (out);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tun/cli/listen-json", test_cli_listen_json);
  g_test_add_func ("/tun/cli/connect-text-live", test_cli_connect_text_live);
  g_test_add_func ("/tun/cli/no-permission", test_cli_no_permission);
  g_test_add_func ("/tun/cli/usage", test_cli_usage);
  g_test_add_func ("/tun/cli/rfc9293-3.8.6.1-send-file-zero-window",
                   test_cli_send_file);
  g_test_add_func ("/tun/cli/save-rcvbuf", test_cli_save_rcvbuf);
  g_test_add_func ("/tun/cli/rfc9293-3.10.7-accept-three",
                   test_cli_accept_three);
  g_test_add_func ("/tun/cli/connect-two", test_cli_connect_two);

  return g_test_run ();
}
