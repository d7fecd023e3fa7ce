/* test-tun-server.c: the Linux kernel connects to SeqAck through a TUN
 * device (kernel client -> SeqAck server).
 *
 * Each test runs in its own network namespace (tun-test-util.h). A thread
 * plays the kernel's application with ordinary sockets; the main thread
 * runs SeqAck's peer until its connection is CLOSED.
 */
#include "config.h"

#include <stdlib.h>

#include "seqack-tun-peer.h"
#include "tun-test-util.h"

#define SERVER_PORT 8080
#define SEQACK_TEXT "hello from SeqAck"
#define KERNEL_TEXT "hello from Linux"

typedef struct
{
  gboolean    read_to_eof;     /* else read SEQACK_TEXT, then close */
  gboolean    try_closed_port; /* first connect to a port nobody has */
  int         refused_errno;
  guint16     local_port;
  GByteArray *received;
} KernelClient;

static gpointer
kernel_client_thread (gpointer user_data)
{
  KernelClient *kc = user_data;
  struct sockaddr_in to, me;
  socklen_t me_len = sizeof me;
  int fd;

  if (kc->try_closed_port)
    {
      fd = socket (AF_INET, SOCK_STREAM, 0);
      g_assert_cmpint (fd, >=, 0);
      tun_test_sockaddr (&to, TUN_TEST_SEQACK_ADDR, SERVER_PORT + 1);
      g_assert_cmpint (connect (fd, (struct sockaddr *) &to, sizeof to),
                       ==, -1);
      kc->refused_errno = errno;
      close (fd);
    }

  fd = socket (AF_INET, SOCK_STREAM, 0);
  g_assert_cmpint (fd, >=, 0);
  tun_test_sockaddr (&to, TUN_TEST_SEQACK_ADDR, SERVER_PORT);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &to, sizeof to), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &me, &me_len), ==, 0);
  kc->local_port = ntohs (me.sin_port);

  g_assert_cmpint (send (fd, KERNEL_TEXT, strlen (KERNEL_TEXT), 0), ==,
                   (ssize_t) strlen (KERNEL_TEXT));
  kc->received = tun_test_read_all (fd, kc->read_to_eof
                                        ? G_MAXSIZE : strlen (SEQACK_TEXT));
  close (fd);

  return NULL;
}

static SeqackTunPeer *
make_server (const char *dev,
             gint64      close_after)
{
  SeqackTunPeerConfig config;
  g_autoptr(GError) error = NULL;
  SeqackTunPeer *peer;

  seqack_tun_peer_config_init (&config);
  config.dev_name = dev;
  config.address = TUN_TEST_SEQACK_ADDR;
  config.peer = TUN_TEST_KERNEL_ADDR;
  config.listen = TRUE;
  config.server_port = SERVER_PORT;
  config.send_text = SEQACK_TEXT;
  config.close_after = close_after;
  config.time_limit = TUN_TEST_LIMIT;
  config.tcp.msl = TUN_TEST_MSL;

  peer = seqack_tun_peer_new (&config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (peer);
  g_assert_cmpstr (seqack_tun_get_name (seqack_tun_peer_get_tun (peer)), ==,
                   dev);
  return peer;
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

/* Pcap of the Trace and a libpcap capture of the device: both judged by
 * tshark, and both hold the same number of TCP segments. */
static void
check_captures (SeqackTunPeer *peer,
                pcap_t        *pcap,
                guint          n_segments,
                const char    *first_info)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("seqack-tun-XXXXXX", &error);
  g_autofree char *trace_path = g_build_filename (dir, "trace.pcap", NULL);
  g_autofree char *live_path = g_build_filename (dir, "live.pcap", NULL);
  g_auto(GStrv) infos = NULL;
  g_auto(GStrv) live_infos = NULL;
  guint n_live;

  g_assert_no_error (error);
  g_assert_true (seqack_trace_write_pcap (seqack_tun_peer_get_trace (peer),
                                          trace_path,
                                          seqack_tun_peer_get_epoch (peer),
                                          &error));
  g_assert_no_error (error);
  n_live = tun_test_capture_finish (pcap, live_path);
  g_assert_cmpuint (n_live, ==, n_segments);

  infos = tun_test_tshark_check (trace_path, n_segments);
  live_infos = tun_test_tshark_check (live_path, n_live);
  if (infos != NULL)
    {
      g_assert_nonnull (strstr (infos[0], first_info));
      g_assert_nonnull (strstr (live_infos[0], first_info));
      /* Wireshark reads the same segments from both files. Not always in
       * the same order: the device sees a kernel segment when the kernel
       * queues it, SeqAck when it reads it, and SeqAck may write in
       * between. */
      qsort (infos, n_segments, sizeof (char *), compare_strings);
      qsort (live_infos, n_segments, sizeof (char *), compare_strings);
      for (guint i = 0; i < n_segments; i++)
        g_assert_cmpstr (infos[i], ==, live_infos[i]);
    }

  g_unlink (trace_path);
  g_unlink (live_path);
  g_rmdir (dir);
}

/* RFC 9293 §3.6 Figure 12 from the passive side: the kernel sends FIN
 * first, SeqAck goes CLOSE-WAIT -> LAST-ACK -> CLOSED and the kernel's
 * socket stays in TIME-WAIT (2 MSL, 60 s on Linux). */
static void
test_server_kernel_closes_first (void)
{
  g_autoptr(SeqackTunPeer) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) thread = NULL;
  g_autoptr(GByteArray) got = NULL;
  g_autofree char *states = NULL;
  g_autofree char *kernel_states = NULL;
  KernelClient kc = { 0 };
  SeqackTrace *trace;
  SeqackPacket syn;
  const guint8 *data;
  gsize len;
  gint i;
  pcap_t *pcap;

  if (!tun_test_isolate ())
    return;

  /* SeqAck would close only after 10 s: the kernel closes long before. */
  peer = make_server ("seqtun0", 10 * G_USEC_PER_SEC);
  pcap = tun_test_capture_start ("seqtun0");
  kc.read_to_eof = FALSE;
  thread = g_thread_new ("kernel-client", kernel_client_thread, &kc);
  g_assert_true (seqack_tun_peer_run (peer, NULL, &error));
  g_assert_no_error (error);
  g_thread_join (g_steal_pointer (&thread));

  trace = seqack_tun_peer_get_trace (peer);
  g_assert_null (seqack_tun_peer_get_connection_error (peer));
  g_assert_cmpint (seqack_tun_peer_get_side (peer), ==, SEQACK_SERVER);

  /* Both applications got the other's bytes intact. */
  g_assert_cmpmem (kc.received->data, kc.received->len, SEQACK_TEXT,
                   strlen (SEQACK_TEXT));
  got = tun_test_delivered (trace, SEQACK_SERVER);
  g_assert_cmpmem (got->data, got->len, KERNEL_TEXT, strlen (KERNEL_TEXT));
  g_byte_array_unref (kc.received);

  states = tun_test_states (trace, SEQACK_SERVER, FALSE);
  g_assert_cmpstr (states, ==, "CLOSED LISTEN SYN-RCVD ESTABLISHED "
                               "CLOSE-WAIT LAST-ACK CLOSED");
  /* The kernel's side, inferred from its packets as a capture would. */
  kernel_states = tun_test_states (trace, SEQACK_CLIENT, TRUE);
  g_assert_cmpstr (kernel_states, ==, "CLOSED SYN-SENT ESTABLISHED "
                                      "FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT");

  /* The kernel's SYN carries every option Linux offers; SeqAck decodes
   * them and, offering none of WS, SACK or timestamps back, leaves the
   * kernel to use none (RFC 7323 §2.2, §3.2; RFC 2018 §2). */
  i = tun_test_find_segment (trace, SEQACK_CLIENT, SEQACK_TCP_SYN);
  g_assert_cmpint (i, >=, 0);
  data = seqack_trace_get_data (trace, (guint) i, &len);
  g_assert_true (seqack_packet_decode (data, len, &syn, NULL));
  g_assert_true (syn.tcp.options.has_mss);
  g_assert_cmpuint (syn.tcp.options.mss, ==, 1460);
  g_assert_true (syn.tcp.options.sack_permitted);
  g_assert_true (syn.tcp.options.has_timestamps);
  g_assert_true (syn.tcp.options.has_wscale);
  for (guint j = (guint) i + 1; j < seqack_trace_get_n_events (trace); j++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, j);
      SeqackPacket p;

      if (ev->kind != SEQACK_EVENT_SEGMENT)
        continue;
      data = seqack_trace_get_data (trace, j, &len);
      g_assert_true (seqack_packet_decode (data, len, &p, NULL));
      g_assert_false (p.tcp.options.has_timestamps);
      g_assert_false (p.tcp.options.has_wscale);
      g_assert_false (p.tcp.options.sack_permitted);
    }

  /* The kernel closed first, so its socket waits in TIME-WAIT (6). */
  g_assert_cmpint (tun_test_proc_tcp_state (TUN_TEST_KERNEL_ADDR,
                                            kc.local_port,
                                            TUN_TEST_SEQACK_ADDR,
                                            SERVER_PORT), ==, 6);

  check_captures (peer, pcap, tun_test_check_segments (trace, SEQACK_SERVER),
                  "[SYN]");
}

/* SeqAck sends and closes at once: FIN-WAIT-1, FIN-WAIT-2, TIME-WAIT for
 * 2 x MSL of wall clock, then CLOSED; the kernel goes CLOSE-WAIT ->
 * LAST-ACK -> CLOSED, so its socket is gone. A SYN to a port SeqAck does
 * not listen on is refused with a reset (RFC 9293 §3.10.7.1). */
static void
test_server_seqack_closes_first (void)
{
  g_autoptr(SeqackTunPeer) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) thread = NULL;
  g_autoptr(GByteArray) got = NULL;
  g_autofree char *states = NULL;
  g_autofree char *kernel_states = NULL;
  KernelClient kc = { 0 };
  SeqackTrace *trace;
  gint64 time_wait_set = -1, time_wait_fired = -1;

  if (!tun_test_isolate ())
    return;

  peer = make_server ("seqtun1", -1);
  kc.read_to_eof = TRUE;
  kc.try_closed_port = TRUE;
  thread = g_thread_new ("kernel-client", kernel_client_thread, &kc);
  g_assert_true (seqack_tun_peer_run (peer, NULL, &error));
  g_assert_no_error (error);
  g_thread_join (g_steal_pointer (&thread));

  trace = seqack_tun_peer_get_trace (peer);
  g_assert_null (seqack_tun_peer_get_connection_error (peer));

  /* The other port: refused, and kept out of this connection's Trace. */
  g_assert_cmpint (kc.refused_errno, ==, ECONNREFUSED);
  g_assert_cmpuint (seqack_tun_peer_get_n_reset (peer), ==, 1);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    g_assert_false (seqack_trace_get_event (trace, i)->flags
                    & SEQACK_TCP_RST);

  g_assert_cmpmem (kc.received->data, kc.received->len, SEQACK_TEXT,
                   strlen (SEQACK_TEXT));
  g_byte_array_unref (kc.received);
  got = tun_test_delivered (trace, SEQACK_SERVER);
  g_assert_cmpmem (got->data, got->len, KERNEL_TEXT, strlen (KERNEL_TEXT));

  states = tun_test_states (trace, SEQACK_SERVER, FALSE);
  g_assert_true (g_str_equal (states, "CLOSED LISTEN SYN-RCVD ESTABLISHED "
                              "FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSED") ||
                 /* The kernel may ACK our FIN and send its own in one
                  * segment. */
                 g_str_equal (states, "CLOSED LISTEN SYN-RCVD ESTABLISHED "
                              "FIN-WAIT-1 TIME-WAIT CLOSED"));
  kernel_states = tun_test_states (trace, SEQACK_CLIENT, TRUE);
  g_assert_cmpstr (kernel_states, ==, "CLOSED SYN-SENT ESTABLISHED "
                                      "CLOSE-WAIT LAST-ACK CLOSED");

  /* TIME-WAIT lasted 2 x MSL of wall clock (RFC 9293 §3.10.7.4). */
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind != SEQACK_EVENT_TIMER || ev->side != SEQACK_SERVER ||
          ev->from != SEQACK_TCP_TIMER_TIME_WAIT)
        continue;
      if (ev->to == SEQACK_TIMER_SET)
        {
          time_wait_set = ev->t;
          g_assert_cmpint (ev->t2 - ev->t, ==, 2 * TUN_TEST_MSL);
        }
      else if (ev->to == SEQACK_TIMER_FIRED)
        time_wait_fired = ev->t;
    }
  g_assert_cmpint (time_wait_set, >=, 0);
  g_assert_cmpint (time_wait_fired - time_wait_set, >=, 2 * TUN_TEST_MSL);
  g_assert_cmpint (time_wait_fired - time_wait_set, <,
                   2 * TUN_TEST_MSL + G_USEC_PER_SEC / 2);

  /* The kernel's LAST-ACK ended with our ACK: no socket left. */
  g_assert_cmpint (tun_test_proc_tcp_state (TUN_TEST_KERNEL_ADDR,
                                            kc.local_port,
                                            TUN_TEST_SEQACK_ADDR,
                                            SERVER_PORT), ==, 0);
  tun_test_check_segments (trace, SEQACK_SERVER);
}

typedef struct
{
  GCancellable *cancellable;
  int           recv_errno;
} Aborted;

static gpointer
kernel_waits_thread (gpointer user_data)
{
  Aborted *ab = user_data;
  struct sockaddr_in to;
  char buf[64];
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  tun_test_sockaddr (&to, TUN_TEST_SEQACK_ADDR, SERVER_PORT);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &to, sizeof to), ==, 0);
  /* SeqAck's text shows it is ESTABLISHED; now its user presses
   * Ctrl-C. */
  g_byte_array_unref (tun_test_read_all (fd, strlen (SEQACK_TEXT)));
  g_cancellable_cancel (ab->cancellable);
  while (recv (fd, buf, sizeof buf, 0) > 0)
    ;
  ab->recv_errno = errno;
  close (fd);
  return NULL;
}

/* Cancelling a run aborts the connection (RFC 9293 §3.10.5): SeqAck
 * sends <SEQ=SND.NXT><CTL=RST> and the kernel's socket reports
 * "connection reset by peer". */
static void
test_server_cancel_aborts (void)
{
  g_autoptr(SeqackTunPeer) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) thread = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *states = NULL;
  Aborted ab = { cancellable, 0 };
  SeqackTrace *trace;
  SeqackTcpVars vars;
  const SeqackEvent *rst;
  gint i;

  if (!tun_test_isolate ())
    return;

  peer = make_server ("seqtun5", 10 * G_USEC_PER_SEC);
  thread = g_thread_new ("kernel-client", kernel_waits_thread, &ab);
  g_assert_false (seqack_tun_peer_run (peer, cancellable, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_CANCELLED);
  g_thread_join (g_steal_pointer (&thread));
  g_assert_true (seqack_tun_peer_is_finished (peer));
  g_assert_cmpint (ab.recv_errno, ==, ECONNRESET);

  trace = seqack_tun_peer_get_trace (peer);
  states = tun_test_states (trace, SEQACK_SERVER, FALSE);
  g_assert_cmpstr (states, ==, "CLOSED LISTEN SYN-RCVD ESTABLISHED CLOSED");
  i = tun_test_find_segment (trace, SEQACK_SERVER, SEQACK_TCP_RST);
  if (i < 0)
    i = tun_test_find_segment (trace, SEQACK_SERVER,
                               SEQACK_TCP_RST | SEQACK_TCP_ACK);
  g_assert_cmpint (i, >=, 0);
  rst = seqack_trace_get_event (trace, (guint) i);
  g_assert_true (seqack_trace_get_vars (trace, (guint) i - 1, SEQACK_SERVER,
                                        &vars));
  g_assert_cmpuint (rst->seq, ==, vars.snd_nxt);
  tun_test_check_segments (trace, SEQACK_SERVER);
}

/* Three kernel clients of one listener, and a fourth after them. */
typedef struct
{
  GMutex   lock;
  GCond    cond;
  guint    connected;
} Meeting;

typedef struct
{
  Meeting    *meeting;
  guint       index;
  guint16     local_port;
  GByteArray *received;
} ManyClient;

static gpointer
many_client_thread (gpointer user_data)
{
  ManyClient *mc = user_data;
  g_autofree char *text = g_strdup_printf ("%s %u", KERNEL_TEXT, mc->index);
  struct sockaddr_in to, me;
  socklen_t me_len = sizeof me;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  tun_test_sockaddr (&to, TUN_TEST_SEQACK_ADDR, SERVER_PORT);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &to, sizeof to), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &me, &me_len), ==, 0);
  mc->local_port = ntohs (me.sin_port);

  /* Nobody sends before all three are connected. */
  g_mutex_lock (&mc->meeting->lock);
  mc->meeting->connected++;
  g_cond_broadcast (&mc->meeting->cond);
  while (mc->meeting->connected < 3)
    g_cond_wait (&mc->meeting->cond, &mc->meeting->lock);
  g_mutex_unlock (&mc->meeting->lock);

  g_assert_cmpint (send (fd, text, strlen (text), 0), ==,
                   (ssize_t) strlen (text));
  mc->received = tun_test_read_all (fd, G_MAXSIZE);
  close (fd);
  return NULL;
}

typedef struct
{
  Meeting *meeting;
  int      refused_errno;
} FourthClient;

static gpointer
fourth_client_thread (gpointer user_data)
{
  FourthClient *fc = user_data;
  struct sockaddr_in to;
  int fd;

  g_mutex_lock (&fc->meeting->lock);
  while (fc->meeting->connected < 3)
    g_cond_wait (&fc->meeting->cond, &fc->meeting->lock);
  g_mutex_unlock (&fc->meeting->lock);

  fd = socket (AF_INET, SOCK_STREAM, 0);
  tun_test_sockaddr (&to, TUN_TEST_SEQACK_ADDR, SERVER_PORT);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &to, sizeof to), ==, -1);
  fc->refused_errno = errno;
  close (fd);
  return NULL;
}

/* n_accept = 3: one listener spawns a connection per SYN and stays
 * LISTEN (RFC 9293 §3.10.7); the three are open at once, each gets the
 * text and its own FIN, and the run ends when all three are CLOSED. The
 * fourth SYN finds the port closed: a reset, kept out of the Trace. */
static void
test_server_three_at_once (void)
{
  g_autoptr(SeqackTunPeer) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GByteArray) got = NULL;
  g_autofree char *states = NULL;
  SeqackTunPeerConfig config;
  Meeting meeting = { 0 };
  ManyClient clients[3];
  FourthClient fourth = { &meeting, 0 };
  GThread *threads[4];
  SeqackTrace *trace;
  guint n_syn_rcvd = 0, n_syn = 0, n_time_wait_closed = 0;

  if (!tun_test_isolate ())
    return;

  seqack_tun_peer_config_init (&config);
  config.dev_name = "seqtun6";
  config.address = TUN_TEST_SEQACK_ADDR;
  config.peer = TUN_TEST_KERNEL_ADDR;
  config.server_port = SERVER_PORT;
  config.n_accept = 3;
  config.send_text = SEQACK_TEXT;
  /* Held a second, so all three are ESTABLISHED together. */
  config.close_after = G_USEC_PER_SEC;
  config.time_limit = TUN_TEST_LIMIT;
  config.tcp.msl = TUN_TEST_MSL;
  peer = seqack_tun_peer_new (&config, &error);
  g_assert_no_error (error);

  g_mutex_init (&meeting.lock);
  g_cond_init (&meeting.cond);
  for (guint i = 0; i < 3; i++)
    {
      clients[i] = (ManyClient) { &meeting, i, 0, NULL };
      threads[i] = g_thread_new ("kernel-client", many_client_thread,
                                 &clients[i]);
    }
  threads[3] = g_thread_new ("fourth", fourth_client_thread, &fourth);
  g_assert_true (seqack_tun_peer_run (peer, NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < 4; i++)
    g_thread_join (threads[i]);

  trace = seqack_tun_peer_get_trace (peer);
  g_assert_null (seqack_tun_peer_get_connection_error (peer));
  g_assert_cmpuint (seqack_tun_peer_get_n_closed (peer), ==, 3);
  g_assert_cmpint (fourth.refused_errno, ==, ECONNREFUSED);
  g_assert_cmpuint (seqack_tun_peer_get_n_reset (peer), ==, 1);

  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *text = g_strdup_printf ("%s %u", KERNEL_TEXT, i);

      g_assert_cmpmem (clients[i].received->data, clients[i].received->len,
                       SEQACK_TEXT, strlen (SEQACK_TEXT));
      g_byte_array_unref (clients[i].received);
      got = tun_test_delivered (trace, SEQACK_SERVER);
      g_assert_nonnull (g_strstr_len ((const char *) got->data, got->len,
                                      text));
      g_clear_pointer (&got, g_byte_array_unref);
    }

  /* One CLOSED -> LISTEN, then three connections, each its own
   * LISTEN -> SYN-RCVD, and three SYNs in the Trace (the fourth's is
   * not), from the three kernel ports; no reset. */
  states = tun_test_states (trace, SEQACK_SERVER, FALSE);
  g_assert_true (g_str_has_prefix (states, "CLOSED LISTEN SYN-RCVD"));
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);
      guint16 sport, dport;

      if (ev->kind == SEQACK_EVENT_STATE && ev->side == SEQACK_SERVER &&
          ev->to == SEQACK_TCP_SYN_RECEIVED)
        {
          g_assert_cmpint (ev->from, ==, SEQACK_TCP_LISTEN);
          n_syn_rcvd++;
        }
      /* SeqAck closed first (after its second): TIME-WAIT, 2 MSL, then
       * CLOSED, for each. */
      if (ev->kind == SEQACK_EVENT_STATE && ev->side == SEQACK_SERVER &&
          ev->from == SEQACK_TCP_TIME_WAIT)
        {
          g_assert_cmpint (ev->to, ==, SEQACK_TCP_CLOSED);
          n_time_wait_closed++;
        }
      if (ev->kind != SEQACK_EVENT_SEGMENT)
        continue;
      g_assert_false (ev->flags & SEQACK_TCP_RST);
      g_assert_true (seqack_trace_get_ports (trace, i, &sport, &dport));
      if (ev->flags == SEQACK_TCP_SYN)
        {
          gboolean known = FALSE;

          g_assert_cmpint (ev->side, ==, SEQACK_CLIENT);
          for (guint j = 0; j < 3; j++)
            known |= sport == clients[j].local_port;
          g_assert_true (known);
          n_syn++;
        }
    }
  g_assert_cmpuint (n_syn_rcvd, ==, 3);
  g_assert_cmpuint (n_syn, ==, 3);
  g_assert_cmpuint (n_time_wait_closed, ==, 3);
  tun_test_check_segments (trace, SEQACK_SERVER);

  /* The kernel's LAST-ACKs ended with SeqAck's ACKs: no socket left. */
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (tun_test_proc_tcp_state (TUN_TEST_KERNEL_ADDR,
                                              clients[i].local_port,
                                              TUN_TEST_SEQACK_ADDR,
                                              SERVER_PORT), ==, 0);
  g_mutex_clear (&meeting.lock);
  g_cond_clear (&meeting.cond);
}

typedef struct
{
  Meeting      *meeting;
  GCancellable *cancellable;
  int           recv_errno;
} WaitingClient;

static gpointer
waiting_client_thread (gpointer user_data)
{
  WaitingClient *wc = user_data;
  struct sockaddr_in to;
  char buf[64];
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  tun_test_sockaddr (&to, TUN_TEST_SEQACK_ADDR, SERVER_PORT);
  g_assert_cmpint (connect (fd, (struct sockaddr *) &to, sizeof to), ==, 0);
  g_byte_array_unref (tun_test_read_all (fd, strlen (SEQACK_TEXT)));
  /* Both have SeqAck's text: the second to get it presses Ctrl-C. */
  g_mutex_lock (&wc->meeting->lock);
  if (++wc->meeting->connected == 2)
    g_cancellable_cancel (wc->cancellable);
  g_mutex_unlock (&wc->meeting->lock);
  while (recv (fd, buf, sizeof buf, 0) > 0)
    ;
  wc->recv_errno = errno;
  close (fd);
  return NULL;
}

/* Cancelling a run with two connections open aborts both (RFC 9293
 * §3.10.5): a reset on each, and the listener is left alone. */
static void
test_server_cancel_aborts_all (void)
{
  g_autoptr(SeqackTunPeer) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  SeqackTunPeerConfig config;
  Meeting meeting = { 0 };
  WaitingClient clients[2];
  GThread *threads[2];
  SeqackTrace *trace;
  guint n_abort = 0, n_rst = 0;

  if (!tun_test_isolate ())
    return;

  seqack_tun_peer_config_init (&config);
  config.dev_name = "seqtun7";
  config.address = TUN_TEST_SEQACK_ADDR;
  config.peer = TUN_TEST_KERNEL_ADDR;
  config.server_port = SERVER_PORT;
  config.n_accept = 2;
  config.send_text = SEQACK_TEXT;
  config.close_after = 10 * G_USEC_PER_SEC;
  config.time_limit = TUN_TEST_LIMIT;
  config.tcp.msl = TUN_TEST_MSL;
  peer = seqack_tun_peer_new (&config, &error);
  g_assert_no_error (error);

  g_mutex_init (&meeting.lock);
  for (guint i = 0; i < 2; i++)
    {
      clients[i] = (WaitingClient) { &meeting, cancellable, 0 };
      threads[i] = g_thread_new ("kernel-client", waiting_client_thread,
                                 &clients[i]);
    }
  g_assert_false (seqack_tun_peer_run (peer, cancellable, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_CANCELLED);
  for (guint i = 0; i < 2; i++)
    {
      g_thread_join (threads[i]);
      g_assert_cmpint (clients[i].recv_errno, ==, ECONNRESET);
    }

  trace = seqack_tun_peer_get_trace (peer);
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_ACTION && ev->from == SEQACK_ACTION_ABORT)
        n_abort++;
      if (ev->kind == SEQACK_EVENT_SEGMENT && ev->side == SEQACK_SERVER &&
          (ev->flags & SEQACK_TCP_RST))
        n_rst++;
      /* The listener never closed: its LISTEN has no end here. */
      g_assert_false (ev->kind == SEQACK_EVENT_STATE &&
                      ev->side == SEQACK_SERVER &&
                      ev->from == SEQACK_TCP_LISTEN &&
                      ev->to == SEQACK_TCP_CLOSED);
    }
  g_assert_cmpuint (n_abort, ==, 2);
  g_assert_cmpuint (n_rst, ==, 2);
  g_assert_cmpuint (seqack_tun_peer_get_n_closed (peer), ==, 2);
  g_mutex_clear (&meeting.lock);
}

/* Two connections asked for, one came: the time limit ends the run and
 * says how many closed. */
static void
test_server_time_limit_counts (void)
{
  g_autoptr(SeqackTunPeer) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) thread = NULL;
  SeqackTunPeerConfig config;
  KernelClient kc = { 0 };

  if (!tun_test_isolate ())
    return;

  seqack_tun_peer_config_init (&config);
  config.dev_name = "seqtun8";
  config.address = TUN_TEST_SEQACK_ADDR;
  config.peer = TUN_TEST_KERNEL_ADDR;
  config.server_port = SERVER_PORT;
  config.n_accept = 2;
  config.send_text = SEQACK_TEXT;
  config.time_limit = 3 * G_USEC_PER_SEC;
  config.tcp.msl = TUN_TEST_MSL;
  peer = seqack_tun_peer_new (&config, &error);
  g_assert_no_error (error);

  kc.read_to_eof = TRUE;
  thread = g_thread_new ("kernel-client", kernel_client_thread, &kc);
  g_assert_false (seqack_tun_peer_run (peer, NULL, &error));
  g_thread_join (g_steal_pointer (&thread));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_TIMED_OUT);
  g_assert_cmpstr (error->message, ==,
                   "1 of 2 connections with the kernel closed within 3.0 s");
  g_assert_cmpmem (kc.received->data, kc.received->len, SEQACK_TEXT,
                   strlen (SEQACK_TEXT));
  g_byte_array_unref (kc.received);
  g_assert_cmpuint (seqack_tun_peer_get_n_closed (peer), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tun/server/kernel-closes-first",
                   test_server_kernel_closes_first);
  g_test_add_func ("/tun/server/seqack-closes-first",
                   test_server_seqack_closes_first);
  g_test_add_func ("/tun/server/cancel-aborts", test_server_cancel_aborts);
  g_test_add_func ("/tun/server/rfc9293-3.10.7-three-at-once",
                   test_server_three_at_once);
  g_test_add_func ("/tun/server/rfc9293-3.10.5-cancel-aborts-all",
                   test_server_cancel_aborts_all);
  g_test_add_func ("/tun/server/time-limit-counts",
                   test_server_time_limit_counts);

  return g_test_run ();
}
