/* tcp-test-net.h: hosts with socket tables (seqack-tcp-host.h) on one
 * simulated wire, for the host tests and the property test. Packets take
 * a fixed one-way delay (plus any jitter a test sets); a filter may drop
 * them. Every packet and every event is logged. */
#pragma once

#include "seqack-tcp-host.h"

G_BEGIN_DECLS

#define NET_MAX_HOSTS 16
#define NET_ADDR(last) (0xc0000200u | (last))   /* 192.0.2.last */

typedef struct
{
  gint64            sent_at, arrives_at;
  guint64           order;
  guint32           src, dst;
  SeqackTcpSegment  seg;        /* payload points into data */
  guint8           *data;
  guint             sent;       /* SeqackTcpSentFlags */
  SeqackTcpSocketId from;
  gboolean          syn_cookie;
  guint32           cookie_isn;
} NetPacket;

typedef struct
{
  guint             host;
  SeqackTcpSocketId socket;
  SeqackTcpState    from, to;
  SeqackTcpEdge     edge;
  gint64            t;
} NetChange;

typedef struct _TestNet TestNet;

/* TRUE drops the packet. */
typedef gboolean (*NetFilter) (TestNet         *net,
                               const NetPacket *packet,
                               gpointer         data);
/* Called after each step, outside any host call: the application. */
typedef void (*NetApp) (TestNet  *net,
                        gpointer  data);

typedef struct
{
  TestNet       *net;
  guint          index;
  SeqackTcpHost *host;
  GHashTable    *rx;        /* socket id -> GString of delivered bytes */
  GHashTable    *errors;    /* socket id -> error code + 1 */
  GArray        *accepted;  /* child ids, in order */
  GArray        *released;  /* ids */
  GArray        *queue;     /* guint pairs: syn_queue, accept_queue */
} NetHost;

struct _TestNet
{
  NetHost    hosts[NET_MAX_HOSTS];
  guint      n_hosts;
  GPtrArray *wire;      /* NetPacket *, in flight, by arrival */
  GPtrArray *log;       /* NetPacket *, every one sent (owned) */
  GArray    *changes;   /* NetChange */
  gint64     now;
  gint64     delay;     /* one way, µs: 10 ms */
  gint64     jitter;    /* extra random delay up to this */
  GRand     *rand;
  guint64    order;
  NetFilter  filter;
  gpointer   filter_data;
  NetApp     app;
  gpointer   app_data;
  guint64    n_delivered;
};

TestNet  *test_net_new      (guint32 seed);
void      test_net_free     (TestNet *net);
/* A host at 192.0.2.@last; @config NULL for the defaults. Returns its
 * index. */
guint     test_net_add_host (TestNet                   *net,
                             guint8                     last,
                             const SeqackTcpHostConfig *config);
SeqackTcpHost *test_net_host (TestNet *net,
                              guint    index);
/* Runs until nothing is in flight and no timer is due before @until
 * (µs, absolute), or @max_packets packets were delivered. Returns FALSE
 * when it stopped on @max_packets. */
gboolean  test_net_run      (TestNet *net,
                             gint64   until,
                             guint64  max_packets);
/* Runs until @t. */
void      test_net_run_to   (TestNet *net,
                             gint64   t);
/* Puts a hand-made segment on the wire from @src (any address). */
void      test_net_inject   (TestNet                *net,
                             guint32                 src,
                             guint32                 dst,
                             const SeqackTcpSegment *seg);
/* The @n-th packet logged that matches (src host address, flags with
 * mask), or NULL. */
NetPacket *test_net_find    (TestNet *net,
                             guint32  src,
                             guint8   flags,
                             guint8   mask,
                             guint    n);
guint     test_net_count    (TestNet *net,
                             guint32  src,
                             guint8   flags,
                             guint8   mask);
GString  *test_net_rx       (TestNet          *net,
                             guint             host,
                             SeqackTcpSocketId socket);
SeqackTcpState test_net_state (TestNet          *net,
                               guint             host,
                               SeqackTcpSocketId socket);
/* Connects a fresh socket of @host (bound to @port unless 0) to
 * @dst:@dport; returns its id. */
SeqackTcpSocketId test_net_connect (TestNet *net,
                                    guint    host,
                                    guint16  port,
                                    guint32  dst,
                                    guint16  dport);
SeqackTcpSocketId test_net_listen  (TestNet *net,
                                    guint    host,
                                    guint16  port,
                                    guint    backlog);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestNet, test_net_free)

G_END_DECLS
