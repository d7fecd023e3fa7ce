/* seqack-tcp-host-private.h: the socket table's structures, shared by
 * seqack-tcp-host.c (sockets and the application's calls),
 * seqack-tcp-host-input.c (demultiplexing and the listener) and
 * seqack-tcp-ports.c (ports). */
#pragma once

#include "seqack-tcp-heap.h"
#include "seqack-tcp-host.h"
#include "seqack-tcp-tuples.h"

G_BEGIN_DECLS

/* Linux's table_perturb[] (INET_TABLE_PERTURB_SIZE was 256 when it came
 * in, 5.17; later kernels made it 65536: the rule is the same). */
#define SEQACK_PORT_PERTURB_SIZE 256

typedef enum
{
  QUEUE_NONE,
  QUEUE_SYN,
  QUEUE_ACCEPT,
} QueueKind;

typedef struct
{
  guint    backlog;
  GQueue   syn_queue;      /* SeqackTcpSocket *, via queue_link */
  GQueue   accept_queue;
  gboolean accept_paused;
  gint64   last_overflow;  /* the SYN queue was last full (cookies) */
} SeqackTcpListener;

typedef struct _SeqackTcpSocket SeqackTcpSocket;

struct _SeqackTcpSocket
{
  SeqackHeapNode     heap_node;   /* first: the heap hands it back */
  gint64             deadline;    /* the connection's next deadline, as
                                   * of its last timer change: beside the
                                   * heap node, so checking the heap's top
                                   * never reads the connection */
  SeqackTcpHost     *host;
  SeqackTcpSocketId  id;
  SeqackTcpConn     *conn;
  guint16            local_port;
  guint32            remote_addr;
  guint16            remote_port;
  guint64            key;         /* the 4-tuple, while in host->conns */
  SeqackTcpListener *listener;    /* listening sockets only */
  SeqackTcpSocket   *parent;      /* the listener, while queued */
  GList              queue_link;
  QueueKind          queue;
  guint32            forced_isn;

  guint keyed : 1;          /* in host->conns */
  guint holds_port : 1;     /* counted in host->ports */
  guint has_forced_isn : 1; /* the next ISS is forced_isn */
  guint accepted : 1;
  guint spawning : 1;       /* its CLOSED -> LISTEN is not reported */
  guint dead : 1;           /* out of every table, freed at the end of
                             * the call */
};

typedef struct
{
  guint    refs;         /* sockets with this local port */
  gboolean bind_bucket;  /* made by bind(), not by an ephemeral connect:
                          * connect() never shares it (Linux fastreuse) */
} PortUse;

struct _SeqackTcpHost
{
  guint32                addr;
  SeqackTcpHostConfig    config;
  SeqackTcpHostCallbacks cb;
  gpointer               user_data;

  GHashTable *sockets;     /* id -> SeqackTcpSocket (owned) */
  SeqackTupleTable conns; /* socket->key -> socket */
  GHashTable *listeners;   /* port -> socket */
  GHashTable *ports;       /* port -> PortUse (owned) */
  SeqackHeap  heap;        /* sockets with a timer, by deadline */

  SeqackTcpSocketId next_id;
  gint64            now;
  guint32           input_src;  /* the arriving segment's source */
  guint             depth;      /* calls in progress */
  gboolean          flushing;
  GPtrArray        *graveyard;  /* dead sockets */
  GArray           *to_accept;  /* ids to accept when the call ends */
  GPtrArray        *due;        /* advance()'s sockets with timers due */

  SeqackSipKey          isn_key, port_key;
  SeqackSynCookieSecret cookie;
  guint32               perturb[SEQACK_PORT_PERTURB_SIZE];
  guint64               rng;

  SeqackTcpHostStats stats;
};

static inline guint64
seqack_tcp_tuple_key (guint16 local_port,
                      guint32 remote_addr,
                      guint16 remote_port)
{
  return ((guint64) local_port << 48) | ((guint64) remote_addr << 16) |
         remote_port;
}

/* seqack-tcp-host.c */
void             seqack_tcp_host_enter        (SeqackTcpHost *host,
                                               gint64         now);
void             seqack_tcp_host_leave        (SeqackTcpHost *host);
SeqackTcpSocket *seqack_tcp_socket_new        (SeqackTcpHost *host);
void             seqack_tcp_socket_set_remote (SeqackTcpSocket *socket,
                                               guint32          addr,
                                               guint16          port);
SeqackTcpSocket *seqack_tcp_host_find_conn    (SeqackTcpHost *host,
                                               guint16        local_port,
                                               guint32        remote_addr,
                                               guint16        remote_port);
void             seqack_tcp_host_emit         (SeqackTcpHost          *host,
                                               guint32                 dst,
                                               const SeqackTcpSegment *segment,
                                               guint                   sent,
                                               SeqackTcpSocketId       from,
                                               const SeqackSynCookie  *cookie);
void             seqack_tcp_listener_notify   (SeqackTcpSocket *listener);
gboolean         seqack_tcp_listener_accept_full (SeqackTcpListener *listener);
void             seqack_tcp_queue_move        (SeqackTcpSocket *socket,
                                               QueueKind        to);
guint32          seqack_tcp_host_random       (SeqackTcpHost *host);

void             seqack_tcp_socket_die        (SeqackTcpSocket *socket);
void             seqack_tcp_socket_sync_heap  (SeqackTcpSocket *socket);
void             seqack_tcp_listener_accept_one (SeqackTcpSocket *listener,
                                                 SeqackTcpSocket *child);

/* seqack-tcp-ports.c */
void     seqack_tcp_port_ref         (SeqackTcpHost *host,
                                      guint16        port,
                                      gboolean       bind_bucket);
void     seqack_tcp_port_unref       (SeqackTcpHost *host,
                                      guint16        port);
gboolean seqack_tcp_port_check_bind  (SeqackTcpHost *host,
                                      guint16        port,
                                      GError       **error);
gboolean seqack_tcp_port_ephemeral   (SeqackTcpHost *host,
                                      guint32        remote_addr,
                                      guint16        remote_port,
                                      guint16       *port,
                                      GError       **error);

G_END_DECLS
