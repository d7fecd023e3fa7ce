/* seqack-tun-peer.h: SeqAck's TCP as a peer of the Linux kernel's TCP.
 *
 * A SeqackTcpHost (seqack-tcp-host.h) with SeqAck's address is attached
 * to a TUN device (seqack-tun.h) and driven by the wall clock: packets the
 * kernel routes to SeqAck's address are decoded and handed to the host,
 * which finds their connection by 4-tuple (or the listener, or answers
 * for a closed port), the segments its sockets send are written back, and
 * their timers run on a GMainContext. Everything is written to a
 * SeqackTrace exactly as the lab writes its own: SeqAck's segments with
 * the fate "delivered", the kernel's with "captured", SeqAck's states,
 * timers, data and errors, and the kernel's states inferred from the
 * packets as a capture infers them, one inference per 4-tuple (marked
 * SEQACK_MARK_INFERRED). The side that sends SYNs is "client"; several
 * connections share the two sides and are told apart by their ports, as
 * in the lab's "reconnect" scenario.
 *
 * As a server one listener (backlog n_accept) accepts n_accept
 * connections, each of which gets the text (or send_data) once
 * established and is closed (after close_after, or at once when the
 * kernel closes first); once n_accept connections are open the port is
 * closed to new ones (their SYNs are reset, RFC 9293 §3.10.7.1). As a
 * client SeqAck connects once to each port, each from its own ephemeral
 * port, sends and closes. seqack_tun_peer_run() returns when every
 * connection is CLOSED again (TIME-WAIT lasts 2 x MSL of wall clock).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <glib.h>

#include "seqack-tcp-host.h"
#include "seqack-trace.h"
#include "seqack-tun.h"

G_BEGIN_DECLS

typedef struct
{
  const char     *dev_name;    /* NULL: the kernel names it "tunN" */
  guint32         address;     /* SeqAck's address, host order;
                                * 192.0.2.2 */
  guint32         peer;        /* the kernel's address; 192.0.2.1 */
  gboolean        listen;      /* TRUE: SeqAck is the server and accepts
                                * n_accept connections on server_port;
                                * FALSE: it connects to the kernel's
                                * server_port (or to each of
                                * connect_ports) */
  guint16         server_port; /* 80 */
  guint           n_accept;    /* connections to serve; 0 (the default)
                                * is 1 */
  const guint16  *connect_ports;   /* n_connect_ports kernel ports to
                                    * connect to, at once, instead of
                                    * server_port; copied */
  guint           n_connect_ports;
  guint16         client_port; /* SeqAck's port when connecting (one
                                * connection only); 0 (the default): an
                                * ephemeral one per connection, in RFC
                                * 6335 §6's range 49152-65535 */
  const char     *send_text;   /* sent once established; NULL: nothing */
  GBytes         *send_data;   /* sent instead of send_text when set (a
                                * file's bytes, --send-file) */
  gint64          close_after; /* µs after ESTABLISHED; < 0 (the
                                * default): right after sending. Either
                                * way SeqAck closes at once in
                                * CLOSE-WAIT */
  gint64          time_limit;  /* µs; run() gives up after it with
                                * SEQACK_ERROR_TIMED_OUT. 0: no limit */
  guint64         seed;        /* the host's secrets: ISNs (RFC 6528)
                                * and ephemeral ports; 0: random */
  SeqackTcpConfig tcp;
} SeqackTunPeerConfig;

/* Defaults: 192.0.2.2 talking to 192.0.2.1, listening on port 80, the
 * TCP defaults of seqack_tcp_config_init() (so MSL 30 s). */
void seqack_tun_peer_config_init (SeqackTunPeerConfig *config);

typedef struct _SeqackTunPeer SeqackTunPeer;

/* Called after each batch of new Trace events (a packet read, a timer
 * fired), so a front end can print them as they happen. */
typedef void (*SeqackTunPeerNotify) (SeqackTunPeer *peer,
                                     gpointer       user_data);

/* Creates and configures the TUN device (errors as seqack_tun_new(), plus
 * SEQACK_ERROR_INVALID_ARGUMENT for a bad config). Nothing is sent before
 * seqack_tun_peer_run(). @config's strings are copied. */
SeqackTunPeer *seqack_tun_peer_new  (const SeqackTunPeerConfig *config,
                                     GError                   **error);
void           seqack_tun_peer_free (SeqackTunPeer *peer);

void seqack_tun_peer_set_notify (SeqackTunPeer       *peer,
                                 SeqackTunPeerNotify  notify,
                                 gpointer             user_data);

/* Called with the bytes SeqAck's application reads, as they arrive (to
 * save them, --save), whichever connection they came on. */
typedef void (*SeqackTunPeerReceived) (SeqackTunPeer *peer,
                                       const guint8  *data,
                                       gsize          len,
                                       gpointer       user_data);

void seqack_tun_peer_set_received (SeqackTunPeer         *peer,
                                   SeqackTunPeerReceived  received,
                                   gpointer               user_data);

/* Called once when the run is over: every connection is CLOSED (@error
 * NULL, even if a connection itself failed: see
 * seqack_tun_peer_get_connection_error()), or the device failed
 * (SEQACK_ERROR_IO), the time limit passed (SEQACK_ERROR_TIMED_OUT), or
 * the cancellable was cancelled (SEQACK_ERROR_CANCELLED; the open
 * connections are aborted with a reset first, or the listener when none
 * is open). Always from the main loop, never from inside
 * seqack_tun_peer_start(). */
typedef void (*SeqackTunPeerFinished) (SeqackTunPeer *peer,
                                       const GError  *error,
                                       gpointer       user_data);

/* Listens or connects, and returns: the device and the TCB's timers are
 * served by sources on the thread-default GMainContext (a window runs
 * the peer this way). Starts once per peer. */
void     seqack_tun_peer_start (SeqackTunPeer         *peer,
                                GCancellable          *cancellable,
                                SeqackTunPeerFinished  finished,
                                gpointer               user_data);

/* seqack_tun_peer_start(), then runs the thread-default context (so the
 * caller's own sources, a SIGINT handler say, keep running) until the run
 * is over. TRUE when every connection got to CLOSED; else FALSE with the
 * error the finished callback would get. */
gboolean seqack_tun_peer_run   (SeqackTunPeer  *peer,
                                GCancellable   *cancellable,
                                GError        **error);

/* TRUE once the run is over. */
gboolean seqack_tun_peer_is_finished (SeqackTunPeer *peer);

SeqackTrace   *seqack_tun_peer_get_trace (SeqackTunPeer *peer);
SeqackTun     *seqack_tun_peer_get_tun   (SeqackTunPeer *peer);
/* SeqAck's side in the Trace: SEQACK_SERVER when listening. */
SeqackSide     seqack_tun_peer_get_side  (SeqackTunPeer *peer);
/* SeqAck's state as its side of the Trace shows it: that of the socket
 * that changed state last. */
SeqackTcpState seqack_tun_peer_get_state (SeqackTunPeer *peer);
/* Connections that got to CLOSED (of n_accept, or of the ports
 * connected to). */
guint          seqack_tun_peer_get_n_closed (SeqackTunPeer *peer);
/* Wall-clock time (µs since the Unix epoch) of the Trace's time zero,
 * for seqack_trace_write_pcap() and JSON "t_abs". */
gint64         seqack_tun_peer_get_epoch (SeqackTunPeer *peer);
/* The first error a connection ended with (refused, reset, timed out),
 * or NULL when all closed normally. */
const GError  *seqack_tun_peer_get_connection_error (SeqackTunPeer *peer);
/* Segments for other ports of SeqAck's address (or for its server port
 * once n_accept connections are open) that were answered with a reset
 * (RFC 9293 §3.10.7.1) and left out of the Trace. */
guint          seqack_tun_peer_get_n_reset (SeqackTunPeer *peer);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackTunPeer, seqack_tun_peer_free)

G_END_DECLS
