/* test-tcp-host-cookie.c: SYN cookies (RFC 4987 §3.6, seqack-tcp-cookie.h)
 * through a host's listener, and the SipHash they are made with. */

#include "tcp-test-host.h"

/* tcp_syncookies = 1: with the SYN queue full the client gets a cookie
 * SYN,ACK (the ISN made as seqack-tcp-cookie.h says) and the connection
 * is rebuilt from its ACK, data and all. */
static void
test_syn_cookie_round_trip (void)
{
  SeqackTcpSocketId l, c, s;
  g_autoptr(TestNet) net = net_new (1, 2, NULL, &l);
  SeqackTcpHost *server;
  NetPacket *synack, *syn;
  SeqackSynCookie expect;
  SeqackTcpSocketInfo info;
  SeqackTcpVars vars;

  flood (net, 2);
  server = test_net_host (net, 0);
  c = test_net_connect (net, 1, 0, SERVER, 80);
  syn = test_net_find (net, CLIENT, SYN, SYN | ACK, 0);
  test_net_run_to (net, net->now + 15 * 1000);
  synack = test_net_find (net, SERVER, SYN | ACK, SYN | ACK, 2);
  g_assert_nonnull (synack);
  g_assert_true (synack->syn_cookie);
  g_assert_cmpuint (synack->from, ==, 0);
  seqack_syn_cookie_make (&((SeqackTcpHost *) server)->cookie, CLIENT,
                          syn->seg.src_port, SERVER, 80, syn->seg.seq, 1460,
                          synack->sent_at, &expect);
  g_assert_cmpuint (synack->seg.seq, ==, expect.isn);
  g_assert_cmpuint (synack->cookie_isn, ==, expect.isn);
  g_assert_cmpuint (expect.mss, ==, 1460);
  seqack_tcp_host_socket_info (server, l, &info);
  g_assert_cmpuint (info.syn_queue, ==, 2);   /* the cookie kept nothing */

  send_str (net, 1, c, "after the cookie");
  test_net_run_to (net, net->now + 200 * 1000);
  g_assert_cmpint (test_net_state (net, 1, c), ==, SEQACK_TCP_ESTABLISHED);
  s = accepted (net, 0);
  g_assert_cmpint (test_net_state (net, 0, s), ==, SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (change_of (net, 0, s, 0)->to, ==, SEQACK_TCP_SYN_RECEIVED);
  g_assert_cmpint (change_of (net, 0, s, 1)->to, ==, SEQACK_TCP_ESTABLISHED);
  g_assert_cmpstr (test_net_rx (net, 0, s)->str, ==, "after the cookie");
  seqack_tcp_conn_get_vars (seqack_tcp_host_get_conn (server, s), &vars);
  g_assert_cmpuint (vars.iss, ==, expect.isn);
  g_assert_cmpuint (vars.irs, ==, syn->seg.seq);
  g_assert_cmpuint (seqack_tcp_host_get_stats (server)->cookies_recv, ==, 1);

  send_str (net, 0, s, "reply");
  test_net_run_to (net, net->now + 200 * 1000);
  g_assert_cmpstr (test_net_rx (net, 1, c)->str, ==, "reply");
}

/* A forged cookie ACK (wrong SEG.ACK) and a stale one (over two minutes)
 * build nothing: the listener answers <SEQ=SEG.ACK><CTL=RST>. */
static void
test_syn_cookie_forged_stale (void)
{
  SeqackTcpHostConfig config;
  SeqackTcpSocketId l;
  g_autoptr(TestNet) net = NULL;
  SeqackTcpSegment syn = { 0 }, ack = { 0 };
  NetPacket *synack;
  SeqackTcpHost *server;

  seqack_tcp_host_config_init (&config);
  config.syn_cookies = SEQACK_SYN_COOKIES_ALWAYS;
  net = net_new (0, 4, &config, &l);
  server = test_net_host (net, 0);
  syn.src_port = 4321;
  syn.dst_port = 80;
  syn.seq = 777000;
  syn.flags = SYN;
  syn.window = 1000;
  test_net_inject (net, CLIENT, SERVER, &syn);
  test_net_run_to (net, net->now + 15 * 1000);
  synack = test_net_find (net, SERVER, SYN | ACK, SYN | ACK, 0);
  g_assert_true (synack->syn_cookie);

  ack.src_port = 4321;
  ack.dst_port = 80;
  ack.seq = 777001;
  ack.flags = ACK;
  ack.window = 1000;
  ack.ack = synack->seg.seq + 1 + 0x12345;   /* forged */
  test_net_inject (net, CLIENT, SERVER, &ack);
  test_net_run_to (net, net->now + 15 * 1000);
  g_assert_cmpuint (seqack_tcp_host_get_stats (server)->cookies_failed, ==, 1);
  g_assert_cmpuint (test_net_find (net, SERVER, RST, RST, 0)->seg.seq, ==,
                    ack.ack);

  ack.ack = synack->seg.seq + 1;   /* right, but too late */
  test_net_run_to (net, net->now + 150 * SEC);
  test_net_inject (net, CLIENT, SERVER, &ack);
  test_net_run_to (net, net->now + 15 * 1000);
  g_assert_cmpuint (seqack_tcp_host_get_stats (server)->cookies_failed, ==, 2);
  g_assert_cmpuint (seqack_tcp_host_n_sockets (server), ==, 1);

  /* The function itself: in time it passes and gives the MSS back. */
  {
    SeqackSynCookie ck;
    guint16 mss = 0;

    seqack_syn_cookie_make (&server->cookie, CLIENT, 9, SERVER, 80, 5, 1400,
                            10 * SEC, &ck);
    g_assert_cmpuint (ck.mss, ==, 1300);
    g_assert_true (seqack_syn_cookie_check (&server->cookie, CLIENT, 9, SERVER,
                                            80, 5, ck.isn, 70 * SEC, &mss));
    g_assert_cmpuint (mss, ==, 1300);
    /* Another client ISN, even one off (on Linux that would pass with
     * MSS index 0: see seqack-tcp-cookie.h). */
    g_assert_false (seqack_syn_cookie_check (&server->cookie, CLIENT, 9,
                                             SERVER, 80, 6, ck.isn,
                                             70 * SEC, &mss));
    g_assert_false (seqack_syn_cookie_check (&server->cookie, CLIENT, 9,
                                             SERVER, 80, 5 + 0x10000, ck.isn,
                                             70 * SEC, &mss));
    g_assert_false (seqack_syn_cookie_check (&server->cookie, CLIENT, 10,
                                             SERVER, 80, 5, ck.isn, 70 * SEC,
                                             &mss));
    g_assert_false (seqack_syn_cookie_check (&server->cookie, CLIENT, 9,
                                             SERVER, 80, 5, ck.isn, 130 * SEC,
                                             &mss));
  }
}

/* SipHash-2-4's reference vector (key 00..0f, message 00..0e). */
static void
test_siphash_vector (void)
{
  SeqackSipKey key = { G_GUINT64_CONSTANT (0x0706050403020100),
                       G_GUINT64_CONSTANT (0x0f0e0d0c0b0a0908) };
  guint8 msg[15];

  for (guint i = 0; i < sizeof msg; i++)
    msg[i] = (guint8) i;
  g_assert_cmphex (seqack_siphash (&key, msg, sizeof msg), ==,
                   G_GUINT64_CONSTANT (0xa129ca6149be45e5));
  g_assert_cmphex (seqack_siphash (&key, msg, 0), ==,
                   G_GUINT64_CONSTANT (0x726fdb47dd0e0e31));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tcp/host/syn-cookie-round-trip",
                   test_syn_cookie_round_trip);
  g_test_add_func ("/tcp/host/syn-cookie-forged-stale",
                   test_syn_cookie_forged_stale);
  g_test_add_func ("/tcp/host/siphash-vector", test_siphash_vector);

  return g_test_run ();
}
