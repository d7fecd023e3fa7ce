/* tun-test-util.h: what the TUN tests share.
 *
 * Each test runs in a subprocess of its own (g_test_trap_subprocess) that
 * first moves into a fresh network namespace (unshare (CLONE_NEWNET)), so
 * the TUN device, its TEST-NET-1 addresses (192.0.2.0/24, RFC 5737) and
 * every kernel socket vanish with it and never touch the host. Without the
 * privilege for that (CAP_SYS_ADMIN for the namespace, CAP_NET_ADMIN for
 * the device) the tests are skipped with a message saying so.
 */
#pragma once

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <pcap/pcap.h>

#include "seqack-packet.h"
#include "seqack-trace.h"

#define TUN_TEST_KERNEL_ADDR 0xc0000201u /* 192.0.2.1 */
#define TUN_TEST_SEQACK_ADDR 0xc0000202u /* 192.0.2.2 */
#define TUN_TEST_MSL (G_USEC_PER_SEC / 2)
#define TUN_TEST_LIMIT (15 * G_USEC_PER_SEC)

/* In a forked child: can this process make a network namespace and a TUN
 * device in it? Returns NULL when it can, else why not. */
static inline char *
tun_test_why_not_permitted (void)
{
  int pipefd[2];
  pid_t pid;
  char why[256] = { 0 };
  ssize_t n;
  int status = 0;

  if (pipe (pipefd) != 0)
    return g_strdup_printf ("pipe: %s", g_strerror (errno));

  pid = fork ();
  if (pid == 0)
    {
      struct ifreq ifr;
      int fd;
      const char *msg = NULL;

      close (pipefd[0]);
      if (unshare (CLONE_NEWNET) != 0)
        msg = "cannot create a network namespace (unshare -n needs root "
              "or CAP_SYS_ADMIN)";
      else if ((fd = open ("/dev/net/tun", O_RDWR)) < 0)
        msg = "cannot open /dev/net/tun";
      else
        {
          memset (&ifr, 0, sizeof ifr);
          ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
          if (ioctl (fd, TUNSETIFF, &ifr) != 0)
            msg = "cannot create a TUN device (needs CAP_NET_ADMIN)";
        }
      if (msg != NULL && write (pipefd[1], msg, strlen (msg)) < 0)
        _exit (2);
      _exit (msg != NULL);
    }
  close (pipefd[1]);
  if (pid < 0)
    {
      close (pipefd[0]);
      return g_strdup_printf ("fork: %s", g_strerror (errno));
    }
  n = read (pipefd[0], why, sizeof why - 1);
  close (pipefd[0]);
  waitpid (pid, &status, 0);
  if (WIFEXITED (status) && WEXITSTATUS (status) == 0)
    return NULL;
  return g_strdup (n > 0 ? why : "the privilege check failed");
}

/* Call first in a test. In the parent it runs the test in a subprocess
 * (or skips it) and returns FALSE: the test function must return. In the
 * subprocess it moves into a new network namespace and returns TRUE. */
static inline gboolean
tun_test_isolate (void)
{
  g_autofree char *why = NULL;

  if (g_test_subprocess ())
    {
      g_assert_cmpint (unshare (CLONE_NEWNET), ==, 0);
      return TRUE;
    }

  why = tun_test_why_not_permitted ();
  if (why != NULL)
    {
      g_autofree char *msg = g_strdup_printf (
          "TUN tests need root (run as root, they make their own network "
          "namespace): %s", why);
      g_test_skip (msg);
      return FALSE;
    }

  g_test_trap_subprocess (NULL, 25 * G_USEC_PER_SEC,
                          G_TEST_SUBPROCESS_INHERIT_STDOUT |
                          G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
  return FALSE;
}

static inline void
tun_test_sockaddr (struct sockaddr_in *sin,
                   guint32             addr,
                   guint16             port)
{
  memset (sin, 0, sizeof *sin);
  sin->sin_family = AF_INET;
  sin->sin_addr.s_addr = htonl (addr);
  sin->sin_port = htons (port);
}

/* Reads until EOF (or @max bytes), returns what came. */
static inline GByteArray *
tun_test_read_all (int   fd,
                   gsize max)
{
  GByteArray *got = g_byte_array_new ();
  guint8 buf[1024];

  while (got->len < max)
    {
      ssize_t n = recv (fd, buf, MIN (sizeof buf, max - got->len), 0);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      g_byte_array_append (got, buf, (guint) n);
    }
  return got;
}

/* The kernel's state of the socket from local to remote (host order), as
 * /proc/net/tcp lists it (1 ESTABLISHED ... 6 TIME_WAIT), or 0 when the
 * kernel has no such socket. */
static inline int
tun_test_proc_tcp_state (guint32 local_addr,
                         guint16 local_port,
                         guint32 remote_addr,
                         guint16 remote_port)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *local = NULL;
  g_autofree char *remote = NULL;

  /* Addresses are the in-memory (network order) words printed as host
   * integers: on a little-endian machine 192.0.2.1 is 010200C0. */
  local = g_strdup_printf ("%08X:%04X", htonl (local_addr), local_port);
  remote = g_strdup_printf ("%08X:%04X", htonl (remote_addr), remote_port);

  g_assert_true (g_file_get_contents ("/proc/net/tcp", &contents, NULL,
                                      NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      char l[32], r[32];
      unsigned int st;

      if (sscanf (lines[i], " %*d: %31s %31s %x", l, r, &st) == 3 &&
          g_str_equal (l, local) && g_str_equal (r, remote))
        return (int) st;
    }
  return 0;
}

/* The states @side went through, as "CLOSED LISTEN SYN-RCVD ...". With
 * @inferred, only inferred ones, else only real ones. */
static inline char *
tun_test_states (SeqackTrace *trace,
                 SeqackSide   side,
                 gboolean     inferred)
{
  GString *out = g_string_new (NULL);
  gboolean first = TRUE;

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind != SEQACK_EVENT_STATE || ev->side != side ||
          ((ev->marks & SEQACK_MARK_INFERRED) != 0) != inferred)
        continue;
      if (first)
        g_string_append (out, seqack_tcp_state_name (ev->from));
      first = FALSE;
      g_string_append_printf (out, " %s", seqack_tcp_state_name (ev->to));
    }
  return g_string_free (out, FALSE);
}

/* Everything @side's application received, concatenated. */
static inline GByteArray *
tun_test_delivered (SeqackTrace *trace,
                    SeqackSide   side)
{
  GByteArray *out = g_byte_array_new ();

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      gsize len = 0;
      const guint8 *data;

      if (ev->kind != SEQACK_EVENT_DATA || ev->side != side)
        continue;
      data = seqack_trace_get_data (trace, i, &len);
      g_byte_array_append (out, data, (guint) len);
    }
  return out;
}

/* Every segment is from the side it says, with the fate the lab's rules
 * give it: SeqAck's sent ones "delivered", the kernel's "captured". */
static inline guint
tun_test_check_segments (SeqackTrace *trace,
                         SeqackSide   seqack_side)
{
  guint n = 0;

  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      SeqackPacket packet;
      gsize len = 0;
      const guint8 *data;

      if (ev->kind != SEQACK_EVENT_SEGMENT)
        continue;
      data = seqack_trace_get_data (trace, i, &len);
      g_assert_true (seqack_packet_decode (data, len, &packet, NULL));
      g_assert_true (packet.checksum_ok);
      g_assert_true (packet.ip_checksum_ok);
      if (ev->side == seqack_side)
        {
          g_assert_cmphex (packet.ip4.src, ==, TUN_TEST_SEQACK_ADDR);
          g_assert_cmpint (ev->fate, ==, SEQACK_FATE_DELIVERED);
        }
      else
        {
          g_assert_cmphex (packet.ip4.src, ==, TUN_TEST_KERNEL_ADDR);
          g_assert_cmpint (ev->fate, ==, SEQACK_FATE_CAPTURED);
        }
      n++;
    }
  return n;
}

/* The first segment event of @sender with exactly @flags, or -1. */
static inline gint
tun_test_find_segment (SeqackTrace *trace,
                       SeqackSide   sender,
                       guint8       flags)
{
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_SEGMENT && ev->side == sender &&
          ev->flags == flags)
        return (gint) i;
    }
  return -1;
}

/* A libpcap capture on the TUN device, as a user would run tcpdump. */
static inline pcap_t *
tun_test_capture_start (const char *dev)
{
  char errbuf[PCAP_ERRBUF_SIZE];
  struct bpf_program prog;
  pcap_t *pcap = pcap_create (dev, errbuf);

  g_assert_nonnull (pcap);
  g_assert_cmpint (pcap_set_snaplen (pcap, 65535), ==, 0);
  g_assert_cmpint (pcap_set_immediate_mode (pcap, 1), ==, 0);
  g_assert_cmpint (pcap_set_timeout (pcap, 10), ==, 0);
  g_assert_cmpint (pcap_activate (pcap), >=, 0);
  g_assert_cmpint (pcap_compile (pcap, &prog, "tcp", 1,
                                 PCAP_NETMASK_UNKNOWN), ==, 0);
  g_assert_cmpint (pcap_setfilter (pcap, &prog), ==, 0);
  pcap_freecode (&prog);
  g_assert_cmpint (pcap_setnonblock (pcap, 1, errbuf), ==, 0);
  return pcap;
}

/* Saves what was captured so far to @path; returns the packet count. */
static inline guint
tun_test_capture_finish (pcap_t     *pcap,
                         const char *path)
{
  pcap_dumper_t *dumper = pcap_dump_open (pcap, path);
  guint n = 0;
  int r;

  g_assert_nonnull (dumper);
  /* The device still exists, so everything it carried is waiting. */
  for (guint tries = 0; tries < 50; tries++)
    {
      r = pcap_dispatch (pcap, -1, pcap_dump, (u_char *) dumper);
      g_assert_cmpint (r, >=, 0);
      n += (guint) r;
      if (r == 0 && tries > 5)
        break;
      g_usleep (10 * 1000);
    }
  pcap_dump_close (dumper);
  pcap_close (pcap);
  return n;
}

/* tshark must decode every packet of @path with good IP and TCP checksums
 * and nothing malformed. Returns the Info column lines (or NULL when
 * tshark is missing: $TSHARK unset). */
static inline GStrv
tun_test_tshark_check (const char *path,
                       guint       expected)
{
  const char *tshark = g_getenv ("TSHARK");
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *infos = g_ptr_array_new ();
  int status;

  if (tshark == NULL || *tshark == '\0')
    {
      g_test_message ("tshark not found (TSHARK is unset): %s not judged",
                      path);
      g_ptr_array_free (infos, TRUE);
      return NULL;
    }

  {
    const char *argv[] = {
      tshark, "-n", "-r", path,
      "-o", "tcp.check_checksum:TRUE",
      "-o", "ip.check_checksum:TRUE",
      "-T", "fields",
      "-e", "tcp.checksum.status",
      "-e", "ip.checksum.status",
      "-e", "_ws.malformed",
      "-e", "_ws.col.Info",
      NULL,
    };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                  &out, &err, &status, &error);
  }
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_test_message ("tshark stderr: %s", err);
  g_assert_no_error (error);

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      if (*lines[i] == '\0')
        continue;
      g_test_message ("tshark %s: %s", path, lines[i]);
      fields = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 4);
      g_assert_true (g_str_equal (fields[0], "1") ||
                     g_str_equal (fields[0], "Good"));
      g_assert_true (g_str_equal (fields[1], "1") ||
                     g_str_equal (fields[1], "Good"));
      g_assert_cmpstr (fields[2], ==, "");
      g_ptr_array_add (infos, g_strdup (fields[3]));
    }
  g_assert_cmpuint (infos->len, ==, expected);
  g_ptr_array_add (infos, NULL);
  return (GStrv) g_ptr_array_free (infos, FALSE);
}
