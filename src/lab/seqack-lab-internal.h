/* seqack-lab-internal.h: the lab's structures, shared by seqack-lab.c
 * (the wire, the clock, the wire tricks) and seqack-lab-host.c (each
 * host's socket table and the calls its side makes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "seqack-lab-private.h"
#include "seqack-tcp-host.h"
#include "seqack-trace-recorder.h"

G_BEGIN_DECLS

typedef struct
{
  SeqackLab         *lab;
  guint              index;      /* its host number (seqack_host_name()) */
  SeqackSide         side;
  guint32            addr;
  guint16            ip_id;
  SeqackTcpHost     *tcp;        /* the host's socket table; NULL for a
                                  * host not on the wire, and for the
                                  * flood, which keeps no sockets */
  /* The socket the side's calls act on: the listener until it spawns a
   * connection, then that connection (a connection the client opened is
   * its own). Dead once released: the side reads CLOSED. */
  SeqackTcpSocketId  current;
  SeqackTcpSocketId  listener;   /* 0: none */
  SeqackTcpSocketId  reverted;   /* a spawned connection back in LISTEN */
  GArray            *conns;      /* SeqackTcpSocketId: every connection the
                                  * host had, in the order they began
                                  * ("select N" picks the Nth) */
  gboolean           read_paused;/* "read off": for connections to come */
  SeqackTcpVars      last_vars; /* the current connection's, kept for
                                  * when it is released */
  SeqackTcpSocketId  event_socket; /* the last event's, and its TCB */
  SeqackTcpConn     *event_conn;
  guint32            event_remote; /* its peer, for the socket's key */
  guint32            out_dst;    /* the segment being sent goes there */
  gboolean           drop_next;
  gboolean           delay_armed;
  gint64             delay_next;
  SeqackTraceRecorder recorder;
} Host;

struct _SeqackLab
{
  SeqackLabConfig initial;  /* what reset() returns to */
  SeqackLabConfig config;   /* as changed by set_loss_rate() and friends */
  SeqackTrace    *trace;
  GRand          *rand;
  gint64          now;
  guint16         client_port;
  guint64         n_sent;
  GArray         *wire;     /* Flight, a binary min-heap */
  GByteArray     *scratch;  /* packet being built */
  Host            hosts[SEQACK_N_HOSTS];  /* by host number */
  /* The SYN flood: its SYNs a second (0: off), when it sends the next,
   * and how many of the segments on the wire are from or to it (a
   * scenario's step does not wait for those). */
  guint           flood_rate;
  gint64          flood_next;
  guint64         flood_sent;
  guint           flood_in_flight;
};

/* The flood's spoofed sources: TEST-NET-2 (RFC 5737). */
#define LAB_FLOOD_NET 0xc6336400u /* 198.51.100.0/24 */
/* Client-2 … client-8: 192.0.2.3 … 192.0.2.9. */
#define LAB_CLIENT_ADDR(host) (SEQACK_LAB_SERVER_ADDR + (host) - 1)

/* seqack-lab.c: puts @seg on the wire from @host to @dst. */
void lab_transmit (SeqackLab              *lab,
                   Host                   *host,
                   guint32                 dst,
                   const SeqackTcpSegment *seg,
                   guint8                  marks,
                   gboolean                tricks);
guint16 lab_host_port (SeqackLab *lab,
                       SeqackSide side);

/* seqack-lab-host.c */
/* Host number @index joins the wire (its socket table starts empty). */
void           lab_host_start  (SeqackLab *lab,
                                Host      *host,
                                guint      index);
void           lab_host_stop   (Host *host);
/* Whether host @index is on the wire (the flood once it was started). */
static inline gboolean
lab_host_present (SeqackLab *lab,
                  guint      index)
{
  return index < SEQACK_N_HOSTS && lab->hosts[index].lab != NULL;
}
/* The connection the side's calls act on, or NULL (none, or released). */
SeqackTcpConn *lab_host_conn   (Host *host);
void           lab_host_note_vars (Host *host);
/* The variables of the connection segment @event (@segment, from
 * @src_addr) reached, right after, when the trace had @first_event
 * events: as the side's and as the arrival's
 * (seqack_trace_note_arrival()). */
void           lab_host_note_arrival (Host                   *host,
                                      guint                   event,
                                      guint                   first_event,
                                      guint32                 src_addr,
                                      const SeqackTcpSegment *segment);
/* Names socket @id (its ports) as the socket of event @index. */
void           lab_host_name_socket (Host              *host,
                                     SeqackTcpSocketId  id,
                                     guint              index);
void           lab_host_set_tcp_config (Host *host);
gboolean       lab_host_allows (Host *host, SeqackTcpCall call);
/* ACCEPT_OFF, ACCEPT_ON, or ACCEPT @number connections, on the side's
 * listener. */
gboolean       lab_host_accept (Host          *host,
                                SeqackAction   action,
                                gint64         number,
                                GError       **error);
/* SELECT: the side's calls act on its connection @number (1: the first
 * it had), or with 0 on its listener. */
gboolean       lab_host_select (Host          *host,
                                gint64         number,
                                GError       **error);
/* The number "select" gives the side's socket @key (0: its listener), or
 * 0 with FALSE when it has no such socket now. */
gboolean       lab_host_socket_number (Host                  *host,
                                       const SeqackSocketKey *key,
                                       guint                 *number);
/* @number: CONNECT's 1 connects from a new ephemeral port; LISTEN's is
 * the backlog (0: SEQACK_LAB_BACKLOG). */
gboolean       lab_user_call   (SeqackLab     *lab,
                                Host          *host,
                                SeqackAction   action,
                                gint64         number,
                                const char    *text,
                                GError       **error);
/* FALSE with NO_CONNECTION, as a CLOSED connection refuses @action. */
gboolean       lab_no_connection (SeqackAction action, GError **error);
/* Whether any connection of @host owes a segment (see
 * seqack_lab_run_until_settled()). */
gboolean       lab_host_owes   (Host *host);

G_END_DECLS
