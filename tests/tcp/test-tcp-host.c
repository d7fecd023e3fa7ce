/* test-tcp-host.c: a host's socket table (seqack-tcp-host.h): RFC 9293
 * §3.10.7 demultiplexing, the listener that stays LISTEN, Linux's
 * ephemeral ports, bind()'s EADDRINUSE, TIME-WAIT reuse, the listener's
 * two queues, the timer heap. SYN cookies: test-tcp-host-cookie.c. */

#include "tcp-test-host.h"
#include "seqack-tcp-tuples.h"

/* RFC 9293 §3.10.7: a segment goes to the connection of its 4-tuple: two
 * clients on one listening port, each byte to its own connection. */
static void
test_demux (void)
{
  SeqackTcpSocketId l, c1, c2, s1, s2;
  g_autoptr(TestNet) net = net_new (2, 4, NULL, &l);
  SeqackTcpSocketInfo i1, i2;

  c1 = test_net_connect (net, 1, 0, SERVER, 80);
  c2 = test_net_connect (net, 2, 0, SERVER, 80);
  test_net_run (net, 10 * SEC, 1000);
  s1 = accepted (net, 0);
  s2 = accepted (net, 1);
  send_str (net, 1, c1, "one");
  send_str (net, 2, c2, "two");
  send_str (net, 0, s1, "for-one");
  test_net_run (net, 20 * SEC, 1000);

  g_assert_true (seqack_tcp_host_socket_info (test_net_host (net, 0), s1, &i1));
  g_assert_true (seqack_tcp_host_socket_info (test_net_host (net, 0), s2, &i2));
  /* Which one is which: by the remote address. */
  if (i1.remote_addr != CLIENT)
    {
      SeqackTcpSocketId t = s1;

      s1 = s2;
      s2 = t;
      seqack_tcp_host_socket_info (test_net_host (net, 0), s1, &i1);
      seqack_tcp_host_socket_info (test_net_host (net, 0), s2, &i2);
    }
  g_assert_cmpuint (i1.remote_addr, ==, CLIENT);
  g_assert_cmpuint (i2.remote_addr, ==, CLIENT2);
  g_assert_cmpuint (i1.local_port, ==, 80);
  g_assert_cmpuint (i2.local_port, ==, 80);
  g_assert_cmpstr (test_net_rx (net, 0, s1)->str, ==, "one");
  g_assert_cmpstr (test_net_rx (net, 0, s2)->str, ==, "two");
  g_assert_null (test_net_rx (net, 2, c2));
  g_assert_cmpint (seqack_tcp_host_lookup (test_net_host (net, 0), 80,
                                           CLIENT2, i2.remote_port), ==, s2);
  g_assert_cmpuint (seqack_tcp_host_n_sockets (test_net_host (net, 0)), ==, 3);
}

/* RFC 9293 §3.10.7.1: no connection and no listener: <SEQ=0><ACK=SEG.SEQ+
 * SEG.LEN><CTL=RST,ACK> to a SYN, <SEQ=SEG.ACK><CTL=RST> to an ACK, from
 * no socket; a RST is not answered. */
static void
test_closed_port (void)
{
  SeqackTcpSocketId l, c;
  g_autoptr(TestNet) net = net_new (1, 4, NULL, &l);
  SeqackTcpSegment ack = { 0 }, rst = { 0 };
  NetPacket *p;

  c = test_net_connect (net, 1, 0, SERVER, 81);
  test_net_run (net, 1 * SEC / 2, 100);
  p = test_net_find (net, SERVER, RST | ACK, RST | ACK, 0);
  g_assert_nonnull (p);
  g_assert_cmpuint (p->from, ==, 0);
  g_assert_cmpuint (p->seg.seq, ==, 0);
  g_assert_cmpuint (p->seg.ack, ==,
                    test_net_find (net, CLIENT, SYN, SYN, 0)->seg.seq + 1);
  g_assert_cmpint (test_net_state (net, 1, c), ==, SEQACK_TCP_CLOSED);
  g_assert_cmpint (GPOINTER_TO_INT (g_hash_table_lookup (net->hosts[1].errors,
                                                         GUINT_TO_POINTER (c))),
                   ==, SEQACK_ERROR_CONNECTION_REFUSED + 1);
  g_assert_cmpuint (net->hosts[1].released->len, ==, 1);

  ack.src_port = 5555;
  ack.dst_port = 81;
  ack.seq = 1000;
  ack.ack = 777;
  ack.flags = ACK;
  test_net_inject (net, CLIENT, SERVER, &ack);
  rst = ack;
  rst.flags = RST;
  test_net_inject (net, CLIENT, SERVER, &rst);
  test_net_run (net, 2 * SEC, 100);
  p = test_net_find (net, SERVER, RST, RST | ACK, 0);
  g_assert_nonnull (p);
  g_assert_cmpuint (p->seg.seq, ==, 777);
  g_assert_cmpuint (test_net_count (net, SERVER, RST, RST), ==, 2);
  g_assert_cmpuint (seqack_tcp_host_get_stats (test_net_host (net, 0))
                    ->resets_closed_port, ==, 2);
}

/* The listener spawns a connection per SYN and stays LISTEN; each child's
 * first event is LISTEN -> SYN-RCVD; a RST in SYN-RCVD takes the child
 * back to LISTEN (§3.10.7.4) and it goes away; closing the listener is
 * its LISTEN -> CLOSED. */
static void
test_listener_stays_listen (void)
{
  SeqackTcpSocketId l, s;
  g_autoptr(TestNet) net = net_new (3, 4, NULL, &l);
  NetChange *c;
  SeqackTcpSegment syn = { 0 }, rst = { 0 };
  guint before;

  for (guint i = 1; i <= 3; i++)
    test_net_connect (net, i, 0, SERVER, 80);
  test_net_run (net, 5 * SEC, 1000);
  g_assert_cmpint (test_net_state (net, 0, l), ==, SEQACK_TCP_LISTEN);
  g_assert_cmpuint (n_changes (net, 0, l), ==, 1);
  c = change_of (net, 0, l, 0);
  g_assert_cmpint (c->from, ==, SEQACK_TCP_CLOSED);
  g_assert_cmpint (c->to, ==, SEQACK_TCP_LISTEN);
  g_assert_cmpuint (net->hosts[0].accepted->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      s = accepted (net, i);
      g_assert_cmpint (test_net_state (net, 0, s), ==,
                       SEQACK_TCP_ESTABLISHED);
      c = change_of (net, 0, s, 0);
      g_assert_cmpint (c->from, ==, SEQACK_TCP_LISTEN);
      g_assert_cmpint (c->to, ==, SEQACK_TCP_SYN_RECEIVED);
      g_assert_cmpint (c->edge, ==, SEQACK_TCP_EDGE_RCV_SYN);
    }

  /* A half-open one reset: SYN-RCVD -> LISTEN, then gone. */
  syn.src_port = 4000;
  syn.dst_port = 80;
  syn.seq = 5000;
  syn.flags = SYN;
  syn.window = 1000;
  test_net_inject (net, SPOOF, SERVER, &syn);
  test_net_run_to (net, net->now + 15 * 1000);
  s = seqack_tcp_host_lookup (test_net_host (net, 0), 80, SPOOF, 4000);
  g_assert_cmpuint (s, !=, 0);
  g_assert_cmpint (test_net_state (net, 0, s), ==, SEQACK_TCP_SYN_RECEIVED);
  rst = syn;
  rst.flags = RST;
  rst.seq = 5001;
  test_net_inject (net, SPOOF, SERVER, &rst);
  before = net->hosts[0].released->len;
  test_net_run_to (net, net->now + 15 * 1000);
  c = change_of (net, 0, s, 1);
  g_assert_cmpint (c->from, ==, SEQACK_TCP_SYN_RECEIVED);
  g_assert_cmpint (c->to, ==, SEQACK_TCP_LISTEN);
  g_assert_cmpint (c->edge, ==, SEQACK_TCP_EDGE_SYN_RCVD_RST);
  g_assert_cmpuint (net->hosts[0].released->len, ==, before + 1);
  g_assert_cmpuint (seqack_tcp_host_lookup (test_net_host (net, 0), 80,
                                            SPOOF, 4000), ==, 0);
  g_assert_cmpint (test_net_state (net, 0, l), ==, SEQACK_TCP_LISTEN);

  g_assert_true (seqack_tcp_host_close (test_net_host (net, 0), l, net->now,
                                        NULL));
  c = change_of (net, 0, l, 1);
  g_assert_cmpint (c->to, ==, SEQACK_TCP_CLOSED);
  g_assert_cmpint (c->edge, ==, SEQACK_TCP_EDGE_LISTEN_CLOSE);
  /* The accepted connections are the application's: they stay. */
  g_assert_cmpint (test_net_state (net, 0, accepted (net, 0)), ==,
                   SEQACK_TCP_ESTABLISHED);
}

/* Linux __inet_hash_connect(): the first port for a destination is
 * low + ((perturb + hash / 2^32) mod range, made even); the next ones
 * to it differ; all within 32768-60999. */
static void
test_ephemeral_linux (void)
{
  SeqackTcpSocketId l;
  g_autoptr(TestNet) net = net_new (1, 64, NULL, &l);
  SeqackTcpHost *client = test_net_host (net, 1);
  SeqackTcpSocketInfo info;
  SeqackSipKey key;
  guint64 h;
  guint expected, remaining = 60999 + 1 - 32768;
  GHashTable *seen = g_hash_table_new (NULL, NULL);
  SeqackTcpSocketId id;

  seqack_sip_key_from_seed (&key, seqack_tcp_host_get_config (client)->seed, 1);
  h = seqack_siphash_words (&key, CLIENT, SERVER, 80, 0);
  expected = 32768 + ((guint) ((h >> 32) % remaining) & ~1u);

  id = test_net_connect (net, 1, 0, SERVER, 80);
  g_assert_true (seqack_tcp_host_socket_info (client, id, &info));
  g_assert_cmpuint (info.local_port, ==, expected);
  g_hash_table_add (seen, GUINT_TO_POINTER (info.local_port));
  for (guint i = 0; i < 50; i++)
    {
      id = test_net_connect (net, 1, 0, SERVER, 80);
      seqack_tcp_host_socket_info (client, id, &info);
      g_assert_cmpuint (info.local_port, >=, SEQACK_TCP_EPHEMERAL_LOW);
      g_assert_cmpuint (info.local_port, <=, SEQACK_TCP_EPHEMERAL_HIGH);
      g_assert_false (g_hash_table_contains (seen,
                                             GUINT_TO_POINTER (info.local_port)));
      g_hash_table_add (seen, GUINT_TO_POINTER (info.local_port));
    }
  g_hash_table_unref (seen);
  test_net_run (net, 5 * SEC, 10000);
  g_assert_cmpuint (net->hosts[0].accepted->len, ==, 51);
}

/* A range of four ports: four connections to one destination take them
 * all (even offsets first), a fifth fails with EADDRNOTAVAIL; another
 * destination may use the same ports again; a bound port is never
 * handed out. */
static void
test_ephemeral_exhausted (void)
{
  SeqackTcpHostConfig config;
  g_autoptr(TestNet) net = test_net_new (3);
  SeqackTcpHost *h;
  SeqackTcpSocketInfo info;
  g_autoptr(GError) error = NULL;
  SeqackTcpSocketId id;
  guint n_even = 0;

  seqack_tcp_host_config_init (&config);
  config.port_low = 40000;
  config.port_high = 40003;
  test_net_add_host (net, 10, &config);
  h = test_net_host (net, 0);
  for (guint i = 0; i < 4; i++)
    {
      id = seqack_tcp_host_socket (h);
      g_assert_true (seqack_tcp_host_connect (h, id, SERVER, 80, 0, &error));
      g_assert_no_error (error);
      seqack_tcp_host_socket_info (h, id, &info);
      if (i < 2)
        n_even += (info.local_port - 40000) % 2 == 0;
    }
  g_assert_cmpuint (n_even, ==, 2);
  id = seqack_tcp_host_socket (h);
  g_assert_false (seqack_tcp_host_connect (h, id, SERVER, 80, 0, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_NO_PORTS);
  g_clear_error (&error);
  g_assert_true (seqack_tcp_host_connect (h, id, SERVER, 443, 0, &error));
  g_assert_no_error (error);

  /* bind() takes 40002 away from every destination. */
  {
    g_autoptr(TestNet) net2 = test_net_new (3);
    SeqackTcpHost *h2;

    test_net_add_host (net2, 10, &config);
    h2 = test_net_host (net2, 0);
    id = seqack_tcp_host_socket (h2);
    g_assert_true (seqack_tcp_host_bind (h2, id, 40002, &error));
    for (guint i = 0; i < 3; i++)
      {
        id = seqack_tcp_host_socket (h2);
        g_assert_true (seqack_tcp_host_connect (h2, id, SERVER, 80, 0, &error));
        seqack_tcp_host_socket_info (h2, id, &info);
        g_assert_cmpuint (info.local_port, !=, 40002);
      }
    id = seqack_tcp_host_socket (h2);
    g_assert_false (seqack_tcp_host_connect (h2, id, SERVER, 80, 0, &error));
    g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_NO_PORTS);
  }
}

/* bind(): EADDRINUSE while any socket holds the port (a listener, a
 * connection, one in TIME-WAIT), free again once TIME-WAIT ends. */
static void
test_bind_eaddrinuse (void)
{
  SeqackTcpSocketId l, c, id;
  g_autoptr(TestNet) net = net_new (1, 4, NULL, &l);
  SeqackTcpHost *server = test_net_host (net, 0), *client = test_net_host (net, 1);
  g_autoptr(GError) error = NULL;

  id = seqack_tcp_host_socket (server);
  g_assert_false (seqack_tcp_host_bind (server, id, 80, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_ADDRESS_IN_USE);
  g_assert_nonnull (strstr (error->message, "LISTEN"));
  g_clear_error (&error);
  g_assert_false (seqack_tcp_host_bind (server, id, 0, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* The client closes first: its port 5000 waits in TIME-WAIT. */
  c = test_net_connect (net, 1, 5000, SERVER, 80);
  test_net_run (net, 1 * SEC, 100);
  g_assert_true (seqack_tcp_host_close (client, c, net->now, NULL));
  g_assert_true (seqack_tcp_host_close (server, accepted (net, 0), net->now,
                                        NULL));
  test_net_run (net, 2 * SEC, 100);
  g_assert_cmpint (test_net_state (net, 1, c), ==, SEQACK_TCP_TIME_WAIT);
  id = seqack_tcp_host_socket (client);
  g_assert_false (seqack_tcp_host_bind (client, id, 5000, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_ADDRESS_IN_USE);
  g_assert_nonnull (strstr (error->message, "TIME-WAIT"));
  g_clear_error (&error);

  test_net_run (net, 70 * SEC, 100);   /* 2 MSL = 60 s */
  g_assert_cmpint (test_net_state (net, 1, c), ==, SEQACK_TCP_CLOSED);
  g_assert_true (seqack_tcp_host_bind (client, id, 5000, &error));
  g_assert_no_error (error);
  /* Unknown ids are refused, not a crash. */
  g_assert_false (seqack_tcp_host_bind (client, 9999, 6000, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND);
}

/* Server closes first and keeps TIME-WAIT; the client connects again
 * from the same port. */
static TestNet *
server_time_wait (SeqackTcpSocketId *old_child,
                  SeqackTcpVars     *old)
{
  SeqackTcpSocketId l, c;
  TestNet *net = net_new (1, 4, NULL, &l);

  c = test_net_connect (net, 1, 5000, SERVER, 80);
  test_net_run (net, 1 * SEC, 100);
  *old_child = accepted (net, 0);
  send_str (net, 0, *old_child, "hello");
  seqack_tcp_host_close (test_net_host (net, 0), *old_child, net->now, NULL);
  test_net_run (net, 2 * SEC, 100);
  seqack_tcp_host_close (test_net_host (net, 1), c, net->now, NULL);
  test_net_run (net, 3 * SEC, 100);
  g_assert_cmpint (test_net_state (net, 0, *old_child), ==,
                   SEQACK_TCP_TIME_WAIT);
  g_assert_cmpint (test_net_state (net, 1, c), ==, SEQACK_TCP_CLOSED);
  seqack_tcp_conn_get_vars (seqack_tcp_host_get_conn (test_net_host (net, 0),
                                                      *old_child), old);
  return net;
}

/* Linux tcp_timewait_state_process(), no timestamps: a SYN above the old
 * RCV.NXT takes the 4-tuple over, ISS = old SND.NXT + 65537 (RFC 1122
 * §4.2.2.13). */
static void
test_time_wait_reuse_accept (void)
{
  SeqackTcpSocketId old_child, c, s;
  SeqackTcpVars old, now_vars;
  g_autoptr(TestNet) net = server_time_wait (&old_child, &old);
  NetChange *change;

  c = test_net_connect (net, 1, 5000, SERVER, 80);
  test_net_run (net, 4 * SEC, 100);
  g_assert_cmpint (test_net_state (net, 1, c), ==, SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (test_net_state (net, 0, old_child), ==, SEQACK_TCP_CLOSED);
  change = change_of (net, 0, old_child, n_changes (net, 0, old_child) - 1);
  g_assert_cmpint (change->from, ==, SEQACK_TCP_TIME_WAIT);
  g_assert_cmpint (change->to, ==, SEQACK_TCP_CLOSED);
  s = accepted (net, 1);
  seqack_tcp_conn_get_vars (seqack_tcp_host_get_conn (test_net_host (net, 0),
                                                      s), &now_vars);
  g_assert_cmpuint (now_vars.iss, ==, old.snd_nxt + 65537);
  g_assert_cmpuint (seqack_tcp_host_get_stats (test_net_host (net, 0))
                    ->time_wait_reused, ==, 1);
}

/* A SYN at or below the old RCV.NXT is answered with the TIME-WAIT's ACK
 * <SEQ=SND.NXT><ACK=RCV.NXT>, and TIME-WAIT stays. */
static void
test_time_wait_reuse_reject (void)
{
  SeqackTcpSocketId old_child;
  SeqackTcpVars old;
  g_autoptr(TestNet) net = server_time_wait (&old_child, &old);
  SeqackTcpSegment syn = { 0 };
  guint acks = test_net_count (net, SERVER, ACK, SYN | ACK | RST | FIN);
  NetPacket *p;

  syn.src_port = 5000;
  syn.dst_port = 80;
  syn.seq = old.rcv_nxt - 10;
  syn.flags = SYN;
  syn.window = 1000;
  test_net_inject (net, CLIENT, SERVER, &syn);
  /* Before the client host's RST for that ACK comes back (which ends
   * TIME-WAIT, as on Linux without tcp_rfc1337). */
  test_net_run_to (net, net->now + 15 * 1000);
  g_assert_cmpint (test_net_state (net, 0, old_child), ==,
                   SEQACK_TCP_TIME_WAIT);
  g_assert_cmpuint (test_net_count (net, SERVER, ACK, SYN | ACK | RST | FIN),
                    ==, acks + 1);
  p = test_net_find (net, SERVER, ACK, SYN | ACK | RST | FIN, acks);
  g_assert_cmpuint (p->seg.seq, ==, old.snd_nxt);
  g_assert_cmpuint (p->seg.ack, ==, old.rcv_nxt);
  g_assert_cmpuint (net->hosts[0].accepted->len, ==, 1);
  g_assert_cmpuint (seqack_tcp_host_get_stats (test_net_host (net, 0))
                    ->time_wait_reused, ==, 0);
}

/* Linux tcp_check_req() with tcp_abort_on_overflow = 0: backlog 2, accept
 * paused; the accept queue holds 3 (sk_acceptq_is_full is "> backlog"); a
 * fourth connection's final ACK is dropped, its server side stays
 * SYN-RCVD and resends the SYN,ACK; once accept() makes room the next
 * resend completes it. */
static void
test_accept_queue_overflow_resend (void)
{
  SeqackTcpSocketId l, s4;
  g_autoptr(TestNet) net = net_new (4, 2, NULL, &l);
  SeqackTcpHost *server = test_net_host (net, 0);
  SeqackTcpSocketInfo info;
  NetPacket *resent = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (seqack_tcp_host_set_accept_paused (server, l, TRUE, 0, NULL));
  test_net_connect (net, 1, 0, SERVER, 80);
  test_net_connect (net, 2, 0, SERVER, 80);
  test_net_run (net, 1 * SEC / 2, 100);
  test_net_connect (net, 3, 0, SERVER, 80);
  test_net_connect (net, 4, 0, SERVER, 80);
  test_net_run_to (net, net->now + 100 * 1000);

  seqack_tcp_host_socket_info (server, l, &info);
  g_assert_cmpuint (info.accept_queue, ==, 3);
  g_assert_cmpuint (info.syn_queue, ==, 1);
  g_assert_cmpuint (info.recv_q, ==, 3);
  g_assert_cmpuint (info.send_q, ==, 2);
  g_assert_cmpuint (net->hosts[0].accepted->len, ==, 0);
  g_assert_cmpuint (seqack_tcp_host_get_stats (server)->listen_overflows, ==, 1);
  s4 = seqack_tcp_host_lookup (server, 80, NET_ADDR (13),
                               test_net_find (net, NET_ADDR (13), SYN, SYN, 0)
                               ->seg.src_port);
  g_assert_cmpint (test_net_state (net, 0, s4), ==, SEQACK_TCP_SYN_RECEIVED);

  /* Its RTO (1 s) resends the SYN,ACK; still full, dropped again. */
  test_net_run_to (net, net->now + 1100 * 1000);
  for (guint i = 0; (resent = test_net_find (net, SERVER, SYN | ACK,
                                             SYN | ACK, i)) != NULL; i++)
    if (resent->from == s4 && (resent->sent & SEQACK_TCP_SENT_RETRANSMISSION))
      break;
  g_assert_nonnull (resent);
  g_assert_cmpint (test_net_state (net, 0, s4), ==, SEQACK_TCP_SYN_RECEIVED);

  g_assert_cmpuint (seqack_tcp_host_accept (server, l, net->now, &error), !=, 0);
  g_assert_no_error (error);
  test_net_run_to (net, net->now + 3 * SEC);
  g_assert_cmpint (test_net_state (net, 0, s4), ==, SEQACK_TCP_ESTABLISHED);
  seqack_tcp_host_socket_info (server, l, &info);
  g_assert_cmpuint (info.accept_queue, ==, 3);
  g_assert_cmpuint (info.syn_queue, ==, 0);

  /* Resuming accepts them all. */
  g_assert_true (seqack_tcp_host_set_accept_paused (server, l, FALSE,
                                                    net->now, NULL));
  g_assert_cmpuint (net->hosts[0].accepted->len, ==, 4);
  g_assert_cmpuint (seqack_tcp_host_accept (server, l, net->now, &error), ==, 0);
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_WOULD_BLOCK);
}


/* tcp_syncookies = 0: with the SYN queue full a SYN is dropped unanswered
 * and the client resends it after its RTO. */
static void
test_syn_queue_overflow_drop (void)
{
  SeqackTcpHostConfig config;
  SeqackTcpSocketId l, c;
  g_autoptr(TestNet) net = NULL;
  SeqackTcpSocketInfo info;

  seqack_tcp_host_config_init (&config);
  config.syn_cookies = SEQACK_SYN_COOKIES_OFF;
  net = net_new (1, 2, &config, &l);
  flood (net, 3);
  seqack_tcp_host_socket_info (test_net_host (net, 0), l, &info);
  g_assert_cmpuint (info.syn_queue, ==, 2);
  g_assert_cmpuint (seqack_tcp_host_get_stats (test_net_host (net, 0))
                    ->syn_queue_drops, ==, 1);

  c = test_net_connect (net, 1, 0, SERVER, 80);
  test_net_run_to (net, net->now + 900 * 1000);
  g_assert_cmpint (test_net_state (net, 1, c), ==, SEQACK_TCP_SYN_SENT);
  g_assert_cmpuint (seqack_tcp_host_get_stats (test_net_host (net, 0))
                    ->syn_queue_drops, ==, 2);
  g_assert_cmpuint (test_net_count (net, SERVER, SYN | ACK, SYN | ACK), ==,
                    2);   /* only the flood's */
  test_net_run_to (net, net->now + 200 * 1000);
  g_assert_cmpuint (test_net_count (net, CLIENT, SYN, SYN | ACK), ==, 2);
  g_assert_true (test_net_find (net, CLIENT, SYN, SYN | ACK, 1)->sent &
                 SEQACK_TCP_SENT_RETRANSMISSION);
}


/* The host's next deadline is the heap's top: the earliest of all its
 * connections' timers. */
static void
test_timer_heap (void)
{
  SeqackTcpSocketId l;
  g_autoptr(TestNet) net = net_new (1, 64, NULL, &l);
  SeqackTcpHost *client = test_net_host (net, 1);
  GRand *r = g_rand_new_with_seed (5);
  SeqackHeap heap;
  SeqackHeapNode nodes[64];

  for (guint i = 0; i < 20; i++)
    {
      test_net_connect (net, 1, 0, SERVER, 80);
      test_net_run_to (net, net->now + g_rand_int_range (r, 1000, 300000));
      {
        g_autoptr(GArray) ids = seqack_tcp_host_list_sockets (client);
        gint64 min = SEQACK_NO_DEADLINE;

        for (guint k = 0; k < ids->len; k++)
          min = MIN (min, seqack_tcp_conn_next_deadline (
                       seqack_tcp_host_get_conn (client,
                                                 g_array_index (ids, guint, k))));
        g_assert_cmpint (seqack_tcp_host_next_deadline (client), ==, min);
      }
    }

  seqack_heap_init (&heap);
  for (guint i = 0; i < G_N_ELEMENTS (nodes); i++)
    seqack_heap_node_init (&nodes[i]);
  for (guint round = 0; round < 2000; round++)
    {
      guint i = g_rand_int_range (r, 0, G_N_ELEMENTS (nodes));
      gint64 min = G_MAXINT64;

      if (g_rand_boolean (r))
        seqack_heap_update (&heap, &nodes[i], g_rand_int_range (r, 0, 1000));
      else
        seqack_heap_remove (&heap, &nodes[i]);
      for (guint k = 0; k < G_N_ELEMENTS (nodes); k++)
        if (nodes[k].index != SEQACK_HEAP_NONE)
          min = MIN (min, nodes[k].key);
      if (seqack_heap_size (&heap) == 0)
        g_assert_null (seqack_heap_top (&heap));
      else
        g_assert_cmpint (seqack_heap_top (&heap)->key, ==, min);
    }
  seqack_heap_clear (&heap);
  g_rand_free (r);
}

/* The 4-tuple table agrees with a GHashTable through random inserts,
 * replacements and removals: runs that wrap around the end and holes
 * closed by backward shift included. */
static void
test_tuple_table (void)
{
  GRand *r = g_rand_new_with_seed (17);
  g_autoptr(GHashTable) model = g_hash_table_new_full (g_int64_hash,
                                                       g_int64_equal,
                                                       g_free, NULL);
  SeqackTupleTable table;
  guint64 keys[300];

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    keys[i] = seqack_tcp_tuple_key ((guint16) g_rand_int (r),
                                    g_rand_int (r),
                                    (guint16) (i < 100 ? 80 : g_rand_int (r)));
  seqack_tuple_table_init (&table);
  g_assert_null (seqack_tuple_table_lookup (&table, keys[0]));
  seqack_tuple_table_remove (&table, keys[0]);
  for (guint round = 0; round < 20000; round++)
    {
      /* Mostly inserts early, mostly removals later: the table grows
       * and empties. */
      guint k = g_rand_int_range (r, 0, G_N_ELEMENTS (keys));
      gboolean insert = g_rand_int_range (r, 0, 100) <
                        (round % 5000 < 2500 ? 70 : 30);

      if (insert)
        {
          gpointer value = GUINT_TO_POINTER (round + 1);

          seqack_tuple_table_insert (&table, keys[k], value);
          g_hash_table_insert (model, g_memdup2 (&keys[k], sizeof keys[k]),
                               value);
        }
      else
        {
          seqack_tuple_table_remove (&table, keys[k]);
          g_hash_table_remove (model, &keys[k]);
        }
      g_assert_cmpuint (table.len, ==, g_hash_table_size (model));
      if (round % 7 == 0 || round > 19000)
        for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
          g_assert_true (seqack_tuple_table_lookup (&table, keys[i]) ==
                         g_hash_table_lookup (model, &keys[i]));
    }
  seqack_tuple_table_clear (&table);
  g_assert_null (seqack_tuple_table_lookup (&table, keys[0]));
  g_rand_free (r);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tcp/host/rfc9293-3.10.7-demux", test_demux);
  g_test_add_func ("/tcp/host/rfc9293-3.10.7.1-closed-port", test_closed_port);
  g_test_add_func ("/tcp/host/listener-stays-listen",
                   test_listener_stays_listen);
  g_test_add_func ("/tcp/host/ephemeral-port-linux", test_ephemeral_linux);
  g_test_add_func ("/tcp/host/ephemeral-port-exhausted",
                   test_ephemeral_exhausted);
  g_test_add_func ("/tcp/host/bind-eaddrinuse", test_bind_eaddrinuse);
  g_test_add_func ("/tcp/host/time-wait-reuse-accept-isn",
                   test_time_wait_reuse_accept);
  g_test_add_func ("/tcp/host/time-wait-reuse-reject-ack",
                   test_time_wait_reuse_reject);
  g_test_add_func ("/tcp/host/accept-queue-overflow-resend",
                   test_accept_queue_overflow_resend);
  g_test_add_func ("/tcp/host/syn-queue-overflow-drop",
                   test_syn_queue_overflow_drop);
  g_test_add_func ("/tcp/host/timer-heap", test_timer_heap);
  g_test_add_func ("/tcp/host/tuple-table", test_tuple_table);

  return g_test_run ();
}
