/* seqack-tcp-host.h: a host's socket table (RFC 9293 §2.7, §3.10.7) over
 * the one-connection state machine of seqack-tcp-conn.h.
 *
 * A host has one IPv4 address and owns its sockets: listening sockets
 * keyed by local port, connections keyed by their 4-tuple in a hash
 * table. An arriving segment goes to the connection of its 4-tuple; else
 * to the listener of its port, which spawns a new connection per SYN and
 * stays LISTEN; else the closed-port rules answer (RFC 9293 §3.10.7.1).
 * Clients get ephemeral ports as Linux's __inet_hash_connect() picks
 * them; bind() fails with EADDRINUSE while any socket holds the port,
 * one in TIME-WAIT too. A listener has Linux's two queues: the SYN queue
 * (SYN-RCVD) and the accept queue (ESTABLISHED, not accepted yet), with
 * SYN cookies (seqack-tcp-cookie.h) when the SYN queue is full.
 *
 * Like the connection, the host is sans-IO and deterministic: every call
 * takes the time, randomness comes from the seed, and everything happens
 * through the callbacks during the call. Sockets are named by ids that
 * are never reused; a socket leaves the table when its connection is
 * CLOSED (a connection the listener spawned also when it goes back to
 * LISTEN), and released() says so.
 */
#pragma once

#include <glib.h>

#include "seqack-tcp-conn.h"
#include "seqack-tcp-cookie.h"

G_BEGIN_DECLS

/* Linux's default net.ipv4.ip_local_port_range. */
#define SEQACK_TCP_EPHEMERAL_LOW  32768
#define SEQACK_TCP_EPHEMERAL_HIGH 60999

typedef guint SeqackTcpSocketId;   /* 0 is no socket */

/* Linux net.ipv4.tcp_syncookies 0 / 1 / 2. */
typedef enum
{
  SEQACK_SYN_COOKIES_OFF,
  SEQACK_SYN_COOKIES_ON_OVERFLOW,
  SEQACK_SYN_COOKIES_ALWAYS,
} SeqackSynCookies;

typedef struct
{
  SeqackTcpConfig  tcp;          /* every connection's */
  SeqackSynCookies syn_cookies;  /* ON_OVERFLOW, Linux's default */
  guint16          port_low;     /* ephemeral range, inclusive */
  guint16          port_high;
  guint64          seed;         /* the secrets: ISNs, port offsets,
                                  * cookies */
} SeqackTcpHostConfig;

void seqack_tcp_host_config_init (SeqackTcpHostConfig *config);

typedef struct
{
  guint32                 src_addr, dst_addr;
  const SeqackTcpSegment *segment;   /* valid during the call */
  guint                   sent;      /* SeqackTcpSentFlags */
  SeqackTcpSocketId       socket;    /* 0: the host answered for no
                                      * socket (closed port, cookie) */
  gboolean                syn_cookie;/* a SYN,ACK with a cookie ISN */
  const SeqackSynCookie  *cookie;    /* then how it was made */
} SeqackTcpHostPacket;

typedef struct
{
  void (*output)        (gpointer                   user_data,
                         const SeqackTcpHostPacket *packet);
  void (*state_changed) (gpointer          user_data,
                         SeqackTcpSocketId socket,
                         SeqackTcpState    from,
                         SeqackTcpState    to,
                         SeqackTcpEdge     edge);
  void (*timer)         (gpointer          user_data,
                         SeqackTcpSocketId socket,
                         SeqackTcpTimer    timer,
                         SeqackTimerAction action,
                         gint64            deadline);
  void (*deliver)       (gpointer          user_data,
                         SeqackTcpSocketId socket,
                         const guint8     *data,
                         gsize             len);
  void (*error)         (gpointer          user_data,
                         SeqackTcpSocketId socket,
                         const GError     *error);
  /* A listener's queue lengths changed. */
  void (*queue)         (gpointer          user_data,
                         SeqackTcpSocketId listener,
                         guint             syn_queue,
                         guint             accept_queue);
  /* The application accepted @child (at once, or by
   * seqack_tcp_host_accept()). Called after the segment that completed
   * the handshake is processed, so the host may be called from here. */
  void (*accepted)      (gpointer          user_data,
                         SeqackTcpSocketId listener,
                         SeqackTcpSocketId child);
  /* @socket left the table; its id is dead from now on. */
  void (*released)      (gpointer          user_data,
                         SeqackTcpSocketId socket);
} SeqackTcpHostCallbacks;

/* Counters, as Linux's netstat -s names them where it has a name. */
typedef struct
{
  guint64 segments_in, segments_out;
  guint64 resets_closed_port;  /* §3.10.7.1 answers for no socket */
  guint64 listen_overflows;    /* ListenOverflows: SYN or final ACK
                                * dropped, accept queue full */
  guint64 listen_drops;        /* ListenDrops */
  guint64 syn_queue_drops;     /* SYN dropped, SYN queue full, no cookie */
  guint64 cookies_sent;        /* SyncookiesSent */
  guint64 cookies_recv;        /* SyncookiesRecv: valid cookie ACKs */
  guint64 cookies_failed;      /* SyncookiesFailed */
  guint64 time_wait_reused;    /* TIME-WAIT 4-tuples taken by a new SYN */
  guint64 not_ours;            /* to another address: dropped */
} SeqackTcpHostStats;

typedef struct _SeqackTcpHost SeqackTcpHost;

SeqackTcpHost *seqack_tcp_host_new  (guint32                       addr,
                                     const SeqackTcpHostConfig    *config,
                                     const SeqackTcpHostCallbacks *callbacks,
                                     gpointer                      user_data);
/* Frees every socket without a callback or a segment. */
void           seqack_tcp_host_free (SeqackTcpHost *host);

guint32 seqack_tcp_host_get_addr (SeqackTcpHost *host);
const SeqackTcpHostConfig *seqack_tcp_host_get_config (SeqackTcpHost *host);
void    seqack_tcp_host_set_syn_cookies (SeqackTcpHost   *host,
                                         SeqackSynCookies mode);
/* Every connection's TCP settings, the live ones' too (a lab "set"). */
void    seqack_tcp_host_set_tcp_config (SeqackTcpHost         *host,
                                        const SeqackTcpConfig *tcp,
                                        gint64                 now);

/* ---- The application's calls (socket API). Each names a socket by id
 * and fails with a SEQACK_ERROR (NOT_FOUND for a dead id) without a
 * change. */

/* A new socket, CLOSED and unbound. */
SeqackTcpSocketId seqack_tcp_host_socket (SeqackTcpHost *host);
/* bind(): EADDRINUSE (SEQACK_ERROR_ADDRESS_IN_USE) while another socket
 * holds @port, whatever its state (no SO_REUSEADDR). */
gboolean seqack_tcp_host_bind    (SeqackTcpHost     *host,
                                  SeqackTcpSocketId  socket,
                                  guint16            port,
                                  GError           **error);
/* listen(): a bound socket goes LISTEN. The SYN queue holds @backlog
 * half-open connections; the accept queue is full when it holds more
 * than @backlog (Linux sk_acceptq_is_full()). @backlog >= 1. */
gboolean seqack_tcp_host_listen  (SeqackTcpHost     *host,
                                  SeqackTcpSocketId  socket,
                                  guint              backlog,
                                  gint64             now,
                                  GError           **error);
/* connect(): to @addr:@port; an unbound socket gets an ephemeral port
 * (SEQACK_ERROR_NO_PORTS when none is free for that destination). */
gboolean seqack_tcp_host_connect (SeqackTcpHost     *host,
                                  SeqackTcpSocketId  socket,
                                  guint32            addr,
                                  guint16            port,
                                  gint64             now,
                                  GError           **error);
gboolean seqack_tcp_host_send    (SeqackTcpHost     *host,
                                  SeqackTcpSocketId  socket,
                                  const guint8      *data,
                                  gsize              len,
                                  gint64             now,
                                  GError           **error);
/* CLOSE (RFC 9293 §3.10.4). A listener's close aborts the connections
 * still in its queues; an unconnected socket is simply released. */
gboolean seqack_tcp_host_close   (SeqackTcpHost     *host,
                                  SeqackTcpSocketId  socket,
                                  gint64             now,
                                  GError           **error);
/* The application quits: seqack_tcp_conn_quit() with nothing unread
 * but what the connection holds. */
gboolean seqack_tcp_host_quit    (SeqackTcpHost     *host,
                                  SeqackTcpSocketId  socket,
                                  gint64             now,
                                  GError           **error);
gboolean seqack_tcp_host_abort   (SeqackTcpHost     *host,
                                  SeqackTcpSocketId  socket,
                                  gint64             now,
                                  GError           **error);
gsize    seqack_tcp_host_read    (SeqackTcpHost     *host,
                                  SeqackTcpSocketId  socket,
                                  gsize              max,
                                  gint64             now,
                                  GError           **error);
gboolean seqack_tcp_host_set_read_paused (SeqackTcpHost     *host,
                                          SeqackTcpSocketId  socket,
                                          gboolean           paused,
                                          gint64             now,
                                          GError           **error);
/* The application accepts connections as they are established (FALSE,
 * the default) or leaves them in the accept queue. Resuming accepts
 * every waiting one. */
gboolean seqack_tcp_host_set_accept_paused (SeqackTcpHost     *host,
                                            SeqackTcpSocketId  listener,
                                            gboolean           paused,
                                            gint64             now,
                                            GError           **error);
/* accept(): the oldest connection of the accept queue (accepted()
 * reports it too), or 0 and SEQACK_ERROR_WOULD_BLOCK when it is empty. */
SeqackTcpSocketId seqack_tcp_host_accept (SeqackTcpHost     *host,
                                          SeqackTcpSocketId  listener,
                                          gint64             now,
                                          GError           **error);

/* ---- The network's calls. */

/* A segment from @src_addr to @dst_addr arrives. */
void   seqack_tcp_host_input         (SeqackTcpHost          *host,
                                      guint32                 src_addr,
                                      guint32                 dst_addr,
                                      const SeqackTcpSegment *segment,
                                      gint64                  now);
/* Fires every timer of every socket due at @now. */
void   seqack_tcp_host_advance       (SeqackTcpHost *host,
                                      gint64         now);
/* The earliest timer of all sockets: the top of a min-heap, O(1) (a top
 * left early by a cancelled timer is put right here, once). */
gint64 seqack_tcp_host_next_deadline (SeqackTcpHost *host);

/* ---- Looking. */

typedef struct
{
  SeqackTcpState    state;
  gboolean          listener;
  guint16           local_port;    /* 0: unbound */
  guint32           remote_addr;   /* 0 and 0 for a listener: "*:*" */
  guint16           remote_port;
  SeqackTcpSocketId parent;        /* the listener that spawned it, while
                                    * it sits in a queue */
  gboolean          accepted;      /* spawned and accepted, or opened by
                                    * the application */
  guint             syn_queue, accept_queue, backlog;  /* listeners */
  gboolean          accept_paused;
  gsize             recv_q, send_q;/* ss -tan: unread and unacknowledged
                                    * bytes; a listener's are its accept
                                    * queue and its backlog */
} SeqackTcpSocketInfo;

gboolean seqack_tcp_host_socket_info (SeqackTcpHost       *host,
                                      SeqackTcpSocketId    socket,
                                      SeqackTcpSocketInfo *info);
/* The connection, for its getters only (get_vars, get_state...). */
SeqackTcpConn *seqack_tcp_host_get_conn (SeqackTcpHost     *host,
                                         SeqackTcpSocketId  socket);
/* The socket of a 4-tuple (a connection, not a listener), or 0. */
SeqackTcpSocketId seqack_tcp_host_lookup (SeqackTcpHost *host,
                                          guint16        local_port,
                                          guint32        remote_addr,
                                          guint16        remote_port);
/* Every live socket's id, oldest first. */
GArray  *seqack_tcp_host_list_sockets (SeqackTcpHost *host);
guint    seqack_tcp_host_n_sockets    (SeqackTcpHost *host);
const SeqackTcpHostStats *seqack_tcp_host_get_stats (SeqackTcpHost *host);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackTcpHost, seqack_tcp_host_free)

G_END_DECLS
