/* tcp-test-host.h: what the host tests share: a server listening on 80
 * and its clients on one test wire (tcp-test-net.h), and a SYN flood. */
#pragma once

#include <string.h>

#include "seqack-error.h"
#include "seqack-tcp-host-private.h"
#include "tcp-test-net.h"

#define SYN SEQACK_TCP_SYN
#define ACK SEQACK_TCP_ACK
#define RST SEQACK_TCP_RST
#define FIN SEQACK_TCP_FIN
#define SEC SEQACK_USEC_PER_SEC

#define SERVER NET_ADDR (2)
#define CLIENT NET_ADDR (10)
#define CLIENT2 NET_ADDR (11)
#define SPOOF 0xc6336401u   /* 198.51.100.1 */

/* A server (host 0, 192.0.2.2) listening on 80 and @n clients (hosts
 * 1..n, 192.0.2.10...). */
static inline TestNet *
net_new (guint                      n,
         guint                      backlog,
         const SeqackTcpHostConfig *server_config,
         SeqackTcpSocketId         *listener)
{
  TestNet *net = test_net_new (7);

  test_net_add_host (net, 2, server_config);
  for (guint i = 0; i < n; i++)
    test_net_add_host (net, (guint8) (10 + i), NULL);
  *listener = test_net_listen (net, 0, 80, backlog);
  return net;
}

static inline void
send_str (TestNet          *net,
          guint             host,
          SeqackTcpSocketId id,
          const char       *text)
{
  g_autoptr(GError) error = NULL;

  seqack_tcp_host_send (test_net_host (net, host), id, (const guint8 *) text,
                        strlen (text), net->now, &error);
  g_assert_no_error (error);
}

static inline guint
n_changes (TestNet          *net,
           guint             host,
           SeqackTcpSocketId id)
{
  guint n = 0;

  for (guint i = 0; i < net->changes->len; i++)
    {
      NetChange *c = &g_array_index (net->changes, NetChange, i);

      n += c->host == host && c->socket == id;
    }
  return n;
}

static inline NetChange *
change_of (TestNet          *net,
           guint             host,
           SeqackTcpSocketId id,
           guint             k)
{
  for (guint i = 0; i < net->changes->len; i++)
    {
      NetChange *c = &g_array_index (net->changes, NetChange, i);

      if (c->host == host && c->socket == id && k-- == 0)
        return c;
    }
  g_assert_not_reached ();
}

static inline SeqackTcpSocketId
accepted (TestNet *net,
          guint    k)
{
  g_assert_cmpuint (net->hosts[0].accepted->len, >, k);
  return g_array_index (net->hosts[0].accepted, SeqackTcpSocketId, k);
}

/* Spoofed SYNs that are never answered fill the SYN queue. */
static inline void
flood (TestNet *net,
       guint    n)
{
  for (guint i = 0; i < n; i++)
    {
      SeqackTcpSegment syn = { 0 };

      syn.src_port = (guint16) (1024 + i);
      syn.dst_port = 80;
      syn.seq = 1000 * i;
      syn.flags = SYN;
      syn.window = 1000;
      test_net_inject (net, SPOOF + i, SERVER, &syn);
    }
  test_net_run_to (net, net->now + 15 * 1000);
}
