/* test-tun-client.c: SeqAck connects to the Linux kernel through a TUN
 * device (SeqAck client -> kernel listener).
 *
 * Each test runs in its own network namespace (tun-test-util.h). A thread
 * plays the kernel's server application with ordinary sockets; the main
 * thread runs SeqAck's peer until its connection is CLOSED.
 */
#include "config.h"

#include "seqack-tun-peer.h"
#include "tun-test-util.h"

#define KERNEL_PORT 9090
#define CLOSED_PORT 9     /* discard: nobody listens on it here */
#define SEQACK_TEXT "GET / HTTP/1.0\r\n\r\n"
#define KERNEL_TEXT "HTTP/1.0 200 OK\r\n\r\nhello"

typedef struct
{
  int         listen_fd;
  gboolean    close_first;  /* close right after accepting and sending */
  guint16     accepted_port;
  GByteArray *received;
} KernelServer;

static int
kernel_listen (guint16 port)
{
  struct sockaddr_in addr;
  int one = 1;
  int fd = socket (AF_INET, SOCK_STREAM, 0);

  g_assert_cmpint (fd, >=, 0);
  setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  tun_test_sockaddr (&addr, TUN_TEST_KERNEL_ADDR, port);
  g_assert_cmpint (bind (fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (fd, 4), ==, 0);
  return fd;
}

static gpointer
kernel_server_thread (gpointer user_data)
{
  KernelServer *ks = user_data;
  struct sockaddr_in from;
  socklen_t from_len = sizeof from;
  int fd;

  fd = accept (ks->listen_fd, (struct sockaddr *) &from, &from_len);
  g_assert_cmpint (fd, >=, 0);
  ks->accepted_port = ntohs (from.sin_port);

  g_assert_cmpint (send (fd, KERNEL_TEXT, strlen (KERNEL_TEXT), 0), ==,
                   (ssize_t) strlen (KERNEL_TEXT));
  if (ks->close_first)
    {
      /* Read what is already there, then close first. */
      ks->received = tun_test_read_all (fd, strlen (SEQACK_TEXT));
    }
  else
    ks->received = tun_test_read_all (fd, G_MAXSIZE);
  close (fd);

  return NULL;
}

static SeqackTunPeer *
make_client (const char *dev,
             guint16     port,
             gint64      close_after)
{
  SeqackTunPeerConfig config;
  g_autoptr(GError) error = NULL;
  SeqackTunPeer *peer;

  seqack_tun_peer_config_init (&config);
  config.dev_name = dev;
  config.address = TUN_TEST_SEQACK_ADDR;
  config.peer = TUN_TEST_KERNEL_ADDR;
  config.listen = FALSE;
  config.server_port = port;
  config.send_text = SEQACK_TEXT;
  config.close_after = close_after;
  config.time_limit = TUN_TEST_LIMIT;
  config.tcp.msl = TUN_TEST_MSL;

  peer = seqack_tun_peer_new (&config, &error);
  g_assert_no_error (error);
  g_assert_nonnull (peer);
  return peer;
}

static guint16
seqack_port (SeqackTunPeer *peer)
{
  return seqack_trace_get_endpoint (seqack_tun_peer_get_trace (peer),
                                    SEQACK_CLIENT)->port;
}

/* SeqAck's active open and active close against a kernel listener. The
 * kernel's SYN,ACK carries MSS only: it echoes WS, SACK-permitted and
 * timestamps only when the SYN offered them (RFC 7323 §1.3, RFC 2018
 * §2), and SeqAck's SYN offers MSS alone. */
static void
test_client_seqack_closes_first (void)
{
  g_autoptr(SeqackTunPeer) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) thread = NULL;
  g_autoptr(GByteArray) got = NULL;
  g_autofree char *states = NULL;
  g_autofree char *kernel_states = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *live_path = NULL;
  g_auto(GStrv) infos = NULL;
  KernelServer ks = { 0 };
  SeqackTrace *trace;
  SeqackPacket p;
  const guint8 *data;
  gsize len;
  gint i;
  guint n_segments, n_live;
  pcap_t *pcap;

  if (!tun_test_isolate ())
    return;

  peer = make_client ("seqtun2", KERNEL_PORT, -1);
  pcap = tun_test_capture_start ("seqtun2");
  ks.listen_fd = kernel_listen (KERNEL_PORT);
  thread = g_thread_new ("kernel-server", kernel_server_thread, &ks);
  g_assert_true (seqack_tun_peer_run (peer, NULL, &error));
  g_assert_no_error (error);
  g_thread_join (g_steal_pointer (&thread));
  close (ks.listen_fd);

  trace = seqack_tun_peer_get_trace (peer);
  g_assert_null (seqack_tun_peer_get_connection_error (peer));
  g_assert_cmpint (seqack_tun_peer_get_side (peer), ==, SEQACK_CLIENT);
  g_assert_cmpuint (ks.accepted_port, ==, seqack_port (peer));
  g_assert_cmpuint (seqack_port (peer), >=, 49152);

  g_assert_cmpmem (ks.received->data, ks.received->len, SEQACK_TEXT,
                   strlen (SEQACK_TEXT));
  g_byte_array_unref (ks.received);
  got = tun_test_delivered (trace, SEQACK_CLIENT);
  g_assert_cmpmem (got->data, got->len, KERNEL_TEXT, strlen (KERNEL_TEXT));

  states = tun_test_states (trace, SEQACK_CLIENT, FALSE);
  g_assert_true (g_str_equal (states, "CLOSED SYN-SENT ESTABLISHED "
                              "FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT CLOSED") ||
                 g_str_equal (states, "CLOSED SYN-SENT ESTABLISHED "
                              "FIN-WAIT-1 TIME-WAIT CLOSED"));
  kernel_states = tun_test_states (trace, SEQACK_SERVER, TRUE);
  g_assert_cmpstr (kernel_states, ==, "CLOSED LISTEN SYN-RCVD ESTABLISHED "
                                      "CLOSE-WAIT LAST-ACK CLOSED");

  /* SeqAck's SYN offers only MSS... */
  i = tun_test_find_segment (trace, SEQACK_CLIENT, SEQACK_TCP_SYN);
  g_assert_cmpint (i, ==, 2); /* after the connect action and SYN-SENT */
  data = seqack_trace_get_data (trace, (guint) i, &len);
  g_assert_true (seqack_packet_decode (data, len, &p, NULL));
  g_assert_true (p.tcp.options.has_mss);
  g_assert_false (p.tcp.options.has_wscale);
  /* ...so the kernel's SYN,ACK answers with its MSS and nothing else. */
  i = tun_test_find_segment (trace, SEQACK_SERVER,
                             SEQACK_TCP_SYN | SEQACK_TCP_ACK);
  g_assert_cmpint (i, >=, 0);
  data = seqack_trace_get_data (trace, (guint) i, &len);
  g_assert_true (seqack_packet_decode (data, len, &p, NULL));
  g_assert_true (p.tcp.options.has_mss);
  g_assert_cmpuint (p.tcp.options.mss, ==, 1460);
  g_assert_false (p.tcp.options.has_wscale);
  g_assert_false (p.tcp.options.sack_permitted);
  g_assert_false (p.tcp.options.has_timestamps);
  g_assert_cmpuint (seqack_trace_relative_ack (trace, (guint) i), ==, 1);

  /* The kernel's LAST-ACK ended with our ACK: its socket is gone. */
  g_assert_cmpint (tun_test_proc_tcp_state (TUN_TEST_KERNEL_ADDR,
                                            KERNEL_PORT,
                                            TUN_TEST_SEQACK_ADDR,
                                            seqack_port (peer)), ==, 0);

  n_segments = tun_test_check_segments (trace, SEQACK_CLIENT);
  dir = g_dir_make_tmp ("seqack-tun-XXXXXX", &error);
  g_assert_no_error (error);
  live_path = g_build_filename (dir, "live.pcap", NULL);
  n_live = tun_test_capture_finish (pcap, live_path);
  g_assert_cmpuint (n_live, ==, n_segments);
  infos = tun_test_tshark_check (live_path, n_live);
  if (infos != NULL)
    {
      g_assert_nonnull (strstr (infos[0], "[SYN]"));
      g_assert_nonnull (strstr (infos[1], "[SYN, ACK]"));
      g_assert_nonnull (strstr (infos[1], "MSS=1460"));
    }
  g_unlink (live_path);
  g_rmdir (dir);
}

/* The kernel application closes first: SeqAck is told by FIN, goes
 * CLOSE-WAIT, closes at once (LAST-ACK -> CLOSED) and the kernel's socket
 * sits in TIME-WAIT. */
static void
test_client_kernel_closes_first (void)
{
  g_autoptr(SeqackTunPeer) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) thread = NULL;
  g_autoptr(GByteArray) got = NULL;
  g_autofree char *states = NULL;
  g_autofree char *kernel_states = NULL;
  KernelServer ks = { 0 };
  SeqackTrace *trace;

  if (!tun_test_isolate ())
    return;

  peer = make_client ("seqtun3", KERNEL_PORT, 10 * G_USEC_PER_SEC);
  ks.listen_fd = kernel_listen (KERNEL_PORT);
  ks.close_first = TRUE;
  thread = g_thread_new ("kernel-server", kernel_server_thread, &ks);
  g_assert_true (seqack_tun_peer_run (peer, NULL, &error));
  g_assert_no_error (error);
  g_thread_join (g_steal_pointer (&thread));
  close (ks.listen_fd);

  trace = seqack_tun_peer_get_trace (peer);
  g_assert_null (seqack_tun_peer_get_connection_error (peer));
  g_assert_cmpmem (ks.received->data, ks.received->len, SEQACK_TEXT,
                   strlen (SEQACK_TEXT));
  g_byte_array_unref (ks.received);
  got = tun_test_delivered (trace, SEQACK_CLIENT);
  g_assert_cmpmem (got->data, got->len, KERNEL_TEXT, strlen (KERNEL_TEXT));

  states = tun_test_states (trace, SEQACK_CLIENT, FALSE);
  g_assert_cmpstr (states, ==, "CLOSED SYN-SENT ESTABLISHED CLOSE-WAIT "
                               "LAST-ACK CLOSED");
  kernel_states = tun_test_states (trace, SEQACK_SERVER, TRUE);
  g_assert_cmpstr (kernel_states, ==, "CLOSED LISTEN SYN-RCVD ESTABLISHED "
                                      "FIN-WAIT-1 FIN-WAIT-2 TIME-WAIT");

  g_assert_cmpint (tun_test_proc_tcp_state (TUN_TEST_KERNEL_ADDR,
                                            KERNEL_PORT,
                                            TUN_TEST_SEQACK_ADDR,
                                            seqack_port (peer)), ==, 6);
  tun_test_check_segments (trace, SEQACK_CLIENT);
}

/* RFC 9293 §3.10.7.1: the kernel has no listener on the port, so it
 * answers the SYN with <SEQ=0><ACK=ISS+1><CTL=RST,ACK>; SeqAck in
 * SYN-SENT accepts it (its ACK acknowledges the SYN, §3.10.7.3) and
 * reports "connection refused". */
static void
test_client_refused (void)
{
  g_autoptr(SeqackTunPeer) peer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *states = NULL;
  SeqackTrace *trace;
  const GError *conn_error;
  const SeqackEvent *syn, *rst;
  gint i, j;

  if (!tun_test_isolate ())
    return;

  peer = make_client ("seqtun4", CLOSED_PORT, -1);
  g_assert_true (seqack_tun_peer_run (peer, NULL, &error));
  g_assert_no_error (error);

  trace = seqack_tun_peer_get_trace (peer);
  conn_error = seqack_tun_peer_get_connection_error (peer);
  g_assert_error (conn_error, SEQACK_ERROR, SEQACK_ERROR_CONNECTION_REFUSED);

  i = tun_test_find_segment (trace, SEQACK_CLIENT, SEQACK_TCP_SYN);
  j = tun_test_find_segment (trace, SEQACK_SERVER,
                             SEQACK_TCP_RST | SEQACK_TCP_ACK);
  g_assert_cmpint (i, >=, 0);
  g_assert_cmpint (j, >, i);
  syn = seqack_trace_get_event (trace, (guint) i);
  rst = seqack_trace_get_event (trace, (guint) j);
  g_assert_cmpuint (rst->seq, ==, 0);
  g_assert_cmpuint (rst->ack, ==, syn->seq + 1);
  g_assert_cmpint (rst->fate, ==, SEQACK_FATE_CAPTURED);

  states = tun_test_states (trace, SEQACK_CLIENT, FALSE);
  g_assert_cmpstr (states, ==, "CLOSED SYN-SENT CLOSED");
  for (guint k = 0; k < seqack_trace_get_n_events (trace); k++)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, k);

      if (ev->kind == SEQACK_EVENT_ERROR)
        {
          g_assert_cmpuint (ev->number, ==, SEQACK_ERROR_CONNECTION_REFUSED);
          g_assert_cmpint (ev->side, ==, SEQACK_CLIENT);
        }
    }
  g_assert_cmpuint (tun_test_check_segments (trace, SEQACK_CLIENT), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tun/client/seqack-closes-first",
                   test_client_seqack_closes_first);
  g_test_add_func ("/tun/client/kernel-closes-first",
                   test_client_kernel_closes_first);
  g_test_add_func ("/tun/client/refused", test_client_refused);

  return g_test_run ();
}
