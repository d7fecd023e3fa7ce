/* seqack-trace-sockets.h: a host's socket table, as a Trace shows it at
 * any point: what `ss -tan` would print on that host then.
 *
 * Built from the events' sockets (seqack_trace_get_socket()): each socket
 * with a state event is a row, with its last state and its own variables
 * (seqack_trace_get_socket_vars(); a trace without them, its side's at
 * the row's last event); a
 * listener's row has its queues from its last QUEUE event. A socket that
 * reached CLOSED, or a spawned connection a RST sent back to LISTEN, has
 * left the table (RFC 9293 §3.10.7.4).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "seqack-trace.h"

G_BEGIN_DECLS

typedef struct
{
  SeqackSocketKey key;
  guint           host;         /* the host it is on (client-2…: the
                                 * client side has several) */
  SeqackTcpState  state;
  guint           first_event;  /* its first state event */
  guint           last_event;   /* the last event about it */
  gsize           recv_q;       /* ss: a connection's bytes received and
                                 * not read; a listener's accept queue */
  gsize           send_q;       /* a connection's bytes sent and not
                                 * acknowledged (a SYN or FIN counts
                                 * one, as in Linux's write_seq -
                                 * snd_una); a listener's backlog */
  guint           syn_queue;    /* a listener's half-open connections */
} SeqackSocketRow;

/* @side's sockets as the first @n_events show them, oldest first
 * (SeqackSocketRow). Empty for a trace written without sockets. */
GArray *seqack_trace_list_sockets (SeqackTrace *trace,
                                   guint        n_events,
                                   SeqackSide   side);

/* The number of @side's sockets in @state among the first @n_events
 * (TIME-WAIT piles on a busy server). */
guint   seqack_trace_count_sockets (SeqackTrace    *trace,
                                    guint           n_events,
                                    SeqackSide      side,
                                    SeqackTcpState  state);

/* The socket @side's calls (send, close...) act on after the first
 * @n_events, as the lab decides it: the one its last action acted on
 * (a listen, a connect, a select), or a connection its listener spawned
 * since. FALSE when there is none (nothing yet, a trace without
 * sockets). */
gboolean seqack_trace_get_calls_socket (SeqackTrace     *trace,
                                        guint            n_events,
                                        SeqackSide       side,
                                        SeqackSocketKey *key);

/* The variables after the first @n_events of the socket @side's calls
 * act on (seqack_trace_get_calls_socket()), on the calls host: its own,
 * not those of another connection that changed since. Without a calls
 * socket (or a listener's), the calls host's. FALSE (and zeros) when
 * none were recorded. */
gboolean seqack_trace_get_calls_vars (SeqackTrace   *trace,
                                      guint          n_events,
                                      SeqackSide     side,
                                      SeqackTcpVars *vars);

/* The other end of the connection event @index is about (a segment:
 * its receiver's): its host and its socket's key on that host. FALSE
 * when the event names no socket, or a listener. */
gboolean seqack_trace_get_event_peer (SeqackTrace     *trace,
                                      guint            index,
                                      guint           *host,
                                      SeqackSocketKey *key);

/* The host @side's buttons act on after the first @n_events: the
 * server, or of the client side's hosts the one that acted last (a call,
 * a select, or joining the wire), the client when none did. O(log n):
 * the trace keeps the client side's such actions. */
guint    seqack_trace_get_calls_host (SeqackTrace *trace,
                                      guint        n_events,
                                      SeqackSide   side);

G_END_DECLS
