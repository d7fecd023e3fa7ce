/* seqack-trace.h: the append-only timeline every view reads.
 *
 * The lab and the capture both write a Trace; the CLI, the diagram, the
 * inspector, the lessons and the exports read it. An event is 48 bytes;
 * packet bytes and texts live in one arena; endpoint variables are stored
 * only when they change, so "the variables at event i" is a binary search.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "seqack-error.h"
#include "seqack-packet.h"
#include "seqack-tcp-conn.h"
#include "seqack-tcp-cookie.h"
#include "seqack-tcp-state.h"
#include "seqack-trace-arena.h"

G_BEGIN_DECLS

/* Endpoint 0 is always "client" (the side that sent the first SYN, or the
 * lab's client host), endpoint 1 "server". */
typedef enum
{
  SEQACK_CLIENT = 0,
  SEQACK_SERVER = 1,
} SeqackSide;

#define SEQACK_OTHER_SIDE(s) ((SeqackSide) (1 - (s)))

/* "client" / "server" (JSON names, never translated). */
const char *seqack_side_name (SeqackSide side);

/* Hosts. A trace has two endpoints, and a lab may add hosts beside them:
 * more clients and a SYN flood source, each on the client side of its
 * connections to the server. A host's number is fixed by its name: 0
 * "client" and 1 "server" (the two endpoints, numbered as SeqackSide),
 * 2 to 8 "client-2" to "client-8", 9 "flood". */
#define SEQACK_HOST_CLIENT_2 2
#define SEQACK_HOST_LAST_CLIENT 8
#define SEQACK_HOST_FLOOD 9
#define SEQACK_N_HOSTS 10

/* The host's name (JSON, scenario files; never translated), NULL for a
 * number that names none. */
const char *seqack_host_name      (guint       host);
gboolean    seqack_host_from_name (const char *name,
                                   guint      *host);
/* The side its connections are on: SERVER for the server, else CLIENT. */
SeqackSide  seqack_host_side      (guint       host);

typedef enum
{
  SEQACK_EVENT_SEGMENT,   /* a segment sent (lab) or seen (capture) */
  SEQACK_EVENT_STATE,     /* an endpoint changed state */
  SEQACK_EVENT_TIMER,     /* a timer set / fired / cancelled */
  SEQACK_EVENT_ACTION,    /* a user action (button, scenario step) */
  SEQACK_EVENT_DATA,      /* bytes delivered to an application */
  SEQACK_EVENT_ERROR,     /* the user was told of a connection error */
  SEQACK_EVENT_QUEUE,     /* a listener's queue lengths changed */
} SeqackEventKind;

typedef enum
{
  SEQACK_FATE_DELIVERED,  /* arrives at t2 */
  SEQACK_FATE_LOST,       /* dropped on the wire; t2 is when it would
                           * have arrived (the view's ✕ goes mid-wire) */
  SEQACK_FATE_CAPTURED,   /* seen in a capture; t2 = t */
} SeqackFate;

/* "delivered", "lost", "captured" */
const char *seqack_fate_name (SeqackFate fate);

/* SEQACK_EVENT_SEGMENT marks */
#define SEQACK_MARK_RETRANSMISSION 0x01
#define SEQACK_MARK_STALE          0x02  /* an old duplicate the lab replayed */
#define SEQACK_MARK_OUT_OF_ORDER   0x04  /* capture: seq below the highest seen */
#define SEQACK_MARK_DELAYED        0x08  /* lab: held back by delay-next */
#define SEQACK_MARK_TRUNCATED      0x20  /* capture: the snapshot length cut
                                          * the packet; only its first bytes
                                          * are kept (number is still the
                                          * real payload length) */
/* SEQACK_EVENT_SEGMENT: why the TCB sent it, kept in the event's edge
 * byte (a segment has no edge); see seqack_trace_set_why() */
#define SEQACK_WHY_WINDOW_PROBE        0x01  /* RFC 9293 §3.8.6.1 */
#define SEQACK_WHY_WINDOW_UPDATE       0x02  /* the application read */
#define SEQACK_WHY_DUP_ACK             0x04  /* out-of-order data came */
#define SEQACK_WHY_FAST_RETRANSMISSION 0x08  /* RFC 5681 §3.2 */
#define SEQACK_WHY_SYN_COOKIE          0x10  /* a SYN,ACK whose ISN is a
                                              * SYN cookie (RFC 4987 §3.6);
                                              * see seqack_trace_get_cookie() */
/* With SEQACK_MARK_QUEUE_DROP, what the receiving listener said: its
 * accept queue was the full one (else its SYN queue), and the ACK it
 * dropped carried a valid SYN cookie back (so nothing is resent). */
#define SEQACK_WHY_ACCEPT_QUEUE_FULL   0x20
#define SEQACK_WHY_COOKIE_ACK          0x40
/* SEQACK_EVENT_STATE marks */
#define SEQACK_MARK_INFERRED       0x10  /* capture: guessed from packets */
/* Every kind but SEGMENT: the event names its socket, in its seq and ack
 * (see seqack_trace_set_socket()) */
#define SEQACK_MARK_SOCKET         0x40
/* SEGMENT: it arrived, and a listener whose queue was full dropped it (a
 * SYN with the SYN queue full and no cookies, a final ACK with the accept
 * queue full: Linux's ListenOverflows) */
#define SEQACK_MARK_QUEUE_DROP     0x80

typedef enum
{
  SEQACK_ACTION_LISTEN,
  SEQACK_ACTION_CONNECT,
  SEQACK_ACTION_SEND,         /* text = the bytes sent */
  SEQACK_ACTION_CLOSE,
  SEQACK_ACTION_ABORT,
  SEQACK_ACTION_QUIT,         /* the application closes and exits */
  SEQACK_ACTION_DROP_NEXT,    /* side = the sender whose next is dropped */
  SEQACK_ACTION_DELAY_NEXT,   /* number = delay in µs */
  SEQACK_ACTION_STALE_SYN,    /* an old duplicate SYN is replayed */
  SEQACK_ACTION_SET_LOSS,     /* number = loss rate in parts per million */
  SEQACK_ACTION_SET_LATENCY,  /* number = µs */
  SEQACK_ACTION_SET_MSL,      /* number = µs */
  SEQACK_ACTION_SKIP_WAIT,    /* the clock jumped to the next timer */
  SEQACK_ACTION_PAUSE,        /* scripts only: the clock ran number µs;
                               * never recorded in a Trace */
  SEQACK_ACTION_SEND_BYTES,   /* number = bytes of generated data */
  SEQACK_ACTION_READ_OFF,     /* the application stops reading */
  SEQACK_ACTION_READ_ON,      /* it reads everything as it arrives */
  SEQACK_ACTION_READ,         /* number = bytes it reads once */
  SEQACK_ACTION_SET_RCVBUF,   /* number = bytes, both hosts */
  SEQACK_ACTION_SET_MSS,      /* number = bytes, both hosts */
  SEQACK_ACTION_SET_IW10,     /* number = 1: RFC 6928's initial window of
                               * 10 segments (Linux), 0: RFC 3390's */
  SEQACK_ACTION_SET_NAGLE,    /* number = 1: Nagle on (RFC 9293 §3.7.4) */
  SEQACK_ACTION_SELECT,       /* the side's calls act on its connection
                               * number (1: the first it had), 0: on its
                               * listener; the event names that socket */
  SEQACK_ACTION_ACCEPT_OFF,   /* the application stops accepting: new
                               * connections wait in the accept queue */
  SEQACK_ACTION_ACCEPT_ON,    /* it accepts every waiting one, and the
                               * next ones as they come */
  SEQACK_ACTION_ACCEPT,       /* number = connections it accepts once */
  SEQACK_ACTION_SET_SYNCOOKIES, /* number = Linux tcp_syncookies: 0 off,
                                 * 1 when the SYN queue is full, 2
                                 * always (the server) */
  SEQACK_ACTION_ADD_CLIENT,   /* the next client host joins the wire
                               * (client-2 … client-8), on its side */
  SEQACK_ACTION_FLOOD,        /* number = the flood's SYNs a second; 0
                               * stops it (on the flood host) */
  SEQACK_N_ACTIONS
} SeqackAction;

/* "listen", "connect", "send", "close", "abort", "quit", "drop-next",
 * "delay-next", "stale-syn", "set-loss", "set-latency", "set-msl",
 * "skip-wait", "pause", "send-bytes", "read-off", "read-on", "read",
 * "set-rcvbuf", "set-mss", "set-iw10", "set-nagle", "select",
 * "accept-off", "accept-on", "accept", "set-syncookies", "add-client",
 * "flood" */
const char *seqack_action_name (SeqackAction action);
/* Whether @action is the lab's as a whole, not a host's: its settings
 * and its clock (SET_*, SKIP_WAIT, PAUSE). */
gboolean    seqack_action_is_lab_wide (SeqackAction action);
gboolean    seqack_action_from_name (const char   *name,
                                     SeqackAction *action);

/* One event: 48 bytes. Fields are read per kind as noted. */
typedef struct
{
  gint64  t;        /* µs since the trace's time zero */
  gint64  t2;       /* SEGMENT: arrival (or would-be arrival); TIMER:
                     * deadline; QUEUE: the backlog */
  guint64 data;     /* SEGMENT: arena offset of the raw IP packet;
                     * ACTION/DATA/ERROR: arena offset of a text */
  guint32 seq, ack; /* SEGMENT: absolute, as on the wire */
  guint32 number;   /* SEGMENT: payload length; ACTION: numeric argument;
                     * ERROR: SeqackError code; QUEUE: SYN queue length */
  guint16 data_len; /* bytes at data */
  guint16 window;   /* SEGMENT: window as on the wire; QUEUE: accept
                     * queue length */
  guint8  kind;     /* SeqackEventKind */
  guint8  side;     /* SEGMENT: the sender; others: the endpoint */
  guint8  flags;    /* SEGMENT: TCP flags */
  guint8  fate;     /* SEGMENT: SeqackFate */
  guint8  from, to; /* STATE: SeqackTcpState; TIMER: SeqackTcpTimer in
                     * from, SeqackTimerAction in to; ACTION: SeqackAction
                     * in from; SEGMENT: SeqackChecksumState in from */
  guint8  edge;     /* STATE: SeqackTcpEdge; SEGMENT: SEQACK_WHY_* */
  guint8  marks;    /* SEQACK_MARK_* */
} SeqackEvent;

/* Who the two endpoints are. IPv6 addresses are kept as 16 bytes. */
typedef struct
{
  guint8  family;        /* 4 or 6 */
  guint8  addr[16];      /* IPv4 in the first 4 bytes, network order */
  guint16 port;          /* 0 until known */
} SeqackEndpoint;

typedef struct _SeqackTrace SeqackTrace;

SeqackTrace *seqack_trace_new  (void);
/* A trace that keeps its packet bytes and texts in @arena (referenced),
 * shared with other traces: a capture's thousands of conversations then
 * waste no partly filled chunks. */
SeqackTrace *seqack_trace_new_with_arena (SeqackTraceArena *arena);
void         seqack_trace_free (SeqackTrace *trace);
/* Drops every event, keeps the endpoints. */
void         seqack_trace_clear (SeqackTrace *trace);
/* Gives back the room kept for events and records not appended yet (a
 * finished capture conversation). Appending afterwards still works; the
 * last block of events may then move, so a pointer from
 * seqack_trace_get_event() into it is valid only until that append. */
void         seqack_trace_shrink (SeqackTrace *trace);
/* Shrinks the trace and also gives back the copy of each side's last
 * variables it keeps to compare the next ones with (136 bytes a side):
 * for a trace that is complete (a capture file read to its end).
 * Noting variables afterwards still works, at the cost of a look-up. */
void         seqack_trace_finish (SeqackTrace *trace);

void                  seqack_trace_set_endpoint (SeqackTrace          *trace,
                                                 SeqackSide            side,
                                                 const SeqackEndpoint *endpoint);
const SeqackEndpoint *seqack_trace_get_endpoint (SeqackTrace *trace,
                                                 SeqackSide   side);
/* @side's endpoint as the first @n_events show it: its address, and the
 * port of the last segment among them it sent or was sent (a host's
 * connections differ by their ports: a client that connects again while
 * its old connection waits in TIME-WAIT has a new one); the trace's
 * endpoint when none. */
void                  seqack_trace_get_endpoint_at (SeqackTrace    *trace,
                                                    SeqackSide      side,
                                                    guint           n_events,
                                                    SeqackEndpoint *out);
/* "192.0.2.1:49152" or "[::1]:80" into @buf (64 bytes). */
const char *seqack_endpoint_to_string (const SeqackEndpoint *endpoint,
                                       char                  buf[64]);
/* The same at @p (room for 63 bytes), not terminated; returns the end. */
char       *seqack_endpoint_put       (char                 *p,
                                       const SeqackEndpoint *endpoint);

/* Link type of the stored packets: raw IPv4/IPv6 (DLT_RAW). */

/* Appending. Times must not decrease. Each returns the new event's index.
 * @packet is copied into the arena. */
guint seqack_trace_add_segment (SeqackTrace  *trace,
                                gint64        t,
                                gint64        t_arrive,
                                SeqackSide    sender,
                                SeqackFate    fate,
                                guint8        marks,
                                const guint8 *packet,
                                gsize         packet_len);
/* The same, for a caller that has already decoded @packet with
 * seqack_packet_decode() (@decoded; NULL when it did not decode): the
 * trace does not decode it again. */
guint seqack_trace_add_decoded_segment (SeqackTrace        *trace,
                                        gint64              t,
                                        gint64              t_arrive,
                                        SeqackSide          sender,
                                        SeqackFate          fate,
                                        guint8              marks,
                                        const guint8       *packet,
                                        gsize               packet_len,
                                        const SeqackPacket *decoded);
/* The same again, for a packet its arena already keeps at @kept
 * (seqack_trace_arena_keep() on the arena the trace was made with,
 * seqack_trace_new_with_arena()): its bytes are not kept a second time.
 * @decoded is required. */
guint seqack_trace_add_kept_segment    (SeqackTrace        *trace,
                                        gint64              t,
                                        gint64              t_arrive,
                                        SeqackSide          sender,
                                        SeqackFate          fate,
                                        guint8              marks,
                                        guint64             kept,
                                        gsize               packet_len,
                                        const SeqackPacket *decoded);
guint seqack_trace_add_state   (SeqackTrace   *trace,
                                gint64         t,
                                SeqackSide     side,
                                SeqackTcpState from,
                                SeqackTcpState to,
                                SeqackTcpEdge  edge,
                                guint8         marks);
/* From event @index on (the last event, or one of the same instant's
 * latest), @side reads @state whatever its last state event said: a host
 * with several sockets reads the state of the one its calls act on, not
 * of every socket that changes (a lab after "select", or after another
 * connection's TIME-WAIT ends). */
void  seqack_trace_set_side_state (SeqackTrace    *trace,
                                   SeqackSide      side,
                                   guint           index,
                                   SeqackTcpState  state);
guint seqack_trace_add_timer   (SeqackTrace      *trace,
                                gint64            t,
                                SeqackSide        side,
                                SeqackTcpTimer    timer,
                                SeqackTimerAction action,
                                gint64            deadline);
guint seqack_trace_add_action  (SeqackTrace  *trace,
                                gint64        t,
                                SeqackSide    side,
                                SeqackAction  action,
                                guint32       number,
                                const char   *text);
guint seqack_trace_add_data    (SeqackTrace  *trace,
                                gint64        t,
                                SeqackSide    side,
                                const guint8 *data,
                                gsize         len);
guint seqack_trace_add_error   (SeqackTrace  *trace,
                                gint64        t,
                                SeqackSide    side,
                                SeqackError   code,
                                const char   *message);

/* A listener's queues (Linux's SYN queue and accept queue, seqack-tcp-
 * host.h) hold @syn_queue and @accept_queue connections now; its
 * backlog is @backlog. Name the listener with seqack_trace_set_socket(). */
guint seqack_trace_add_queue   (SeqackTrace  *trace,
                                gint64        t,
                                SeqackSide    side,
                                guint         syn_queue,
                                guint         accept_queue,
                                guint         backlog);

/* Which of its host's sockets an event is about. A host's connections
 * differ by their ports; a listener has no peer ("*:*"). */
typedef struct
{
  guint16 local_port;
  guint16 remote_port;   /* 0 with remote_addr 0: a listener */
  guint32 remote_addr;   /* IPv4, host order; 0: the other side's address
                          * (or none, for a listener) */
} SeqackSocketKey;

/* Names the socket of event @index, which is not a SEGMENT (a segment's
 * socket is in its packet). */
void     seqack_trace_set_socket (SeqackTrace           *trace,
                                  guint                  index,
                                  const SeqackSocketKey *key);
/* The socket event @index is about: for a SEGMENT its sender's, from the
 * packet (FALSE when it did not decode); else what was set (FALSE when
 * nothing was: a trace written without sockets). */
gboolean seqack_trace_get_socket (SeqackTrace     *trace,
                                  guint            index,
                                  SeqackSocketKey *key);
/* Appends events [@first, @first + @n_events) of @from, each @t_offset
 * µs later than there (the first must not be earlier than @trace's last
 * event), with their packet bytes and texts, their sockets, the states
 * and the variables @from holds at them. @swap_sides puts @from's client
 * on @trace's server side (a connection between the same two hosts
 * opened the other way). Every connection keeps its ports, and its
 * relative numbers their own bases (by both its ports), so flows merged
 * into one trace read as they did alone. @trace takes its endpoints from
 * @from when it has none. Not copied: the lab's arrival records, the
 * states a lab set for a side (seqack_trace_set_side_state()) and its
 * SYN cookies' parts: a capture has none of them. Returns the index of
 * the first event appended. */
guint    seqack_trace_append_from (SeqackTrace *trace,
                                   SeqackTrace *from,
                                   guint        first,
                                   guint        n_events,
                                   gint64       t_offset,
                                   gboolean     swap_sides);

/* Whether any event was named its socket (a lab's or TUN peer's trace,
 * and a capture's flows merged into one; not a single conversation's). */
gboolean seqack_trace_has_sockets (SeqackTrace *trace);
/* Whether the trace holds segments of more than one connection (pair of
 * ports) on a side: a client that connected again from a new port, a
 * server with two clients, a capture's flows drawn together. Views then
 * write each arrow's ports. */
gboolean seqack_trace_has_many_connections (SeqackTrace *trace);
/* Adds host @host (SEQACK_HOST_CLIENT_2 .. SEQACK_HOST_FLOOD) to the
 * trace, owning the IPv4 addresses @addr/@prefix_len (host order; a
 * flood owns a whole network). seqack_trace_clear() takes it away. */
void     seqack_trace_add_host (SeqackTrace *trace,
                                guint        host,
                                guint32      addr,
                                guint        prefix_len);
/* Whether the trace has @host: the two endpoints always, the others once
 * added. */
gboolean seqack_trace_has_host (SeqackTrace *trace,
                                guint        host);
/* Whether hosts beyond the two endpoints were added. */
gboolean seqack_trace_has_more_hosts (SeqackTrace *trace);
/* @host's endpoint: its address (a flood's network) and, for an
 * endpoint, its port. */
void     seqack_trace_get_host_endpoint (SeqackTrace    *trace,
                                         guint           host,
                                         SeqackEndpoint *endpoint);
/* How many leading bits of @host's address are its network: 32 for a
 * host, fewer for a flood that owns a network (198.51.100.0/24). */
guint    seqack_trace_get_host_prefix_len (SeqackTrace *trace,
                                           guint        host);
/* The host that owns IPv4 address @addr (host order) on @side: an added
 * host whose addresses hold it, else @side's endpoint. */
guint    seqack_trace_host_for_addr (SeqackTrace *trace,
                                     SeqackSide   side,
                                     guint32      addr);
/* Says event @index (the last appended, or any before it that was not
 * named yet) happened on @host, one of its side's added hosts. Events
 * not named so are their side's endpoint's. */
void     seqack_trace_set_event_host (SeqackTrace *trace,
                                      guint        index,
                                      guint        host);
/* The host event @index happened on (a segment: its sender). */
guint    seqack_trace_get_event_host (SeqackTrace *trace,
                                      guint        index);
/* The host SEGMENT event @index was sent to, by its destination address
 * (the other side's endpoint when no added host owns it). */
guint    seqack_trace_get_segment_receiver (SeqackTrace *trace,
                                            guint        index);

/* Whether @key names a listener (remote "*:*"). */
gboolean seqack_socket_key_is_listener (const SeqackSocketKey *key);
/* Whether @a and @b name the same socket of a host: both ports and the
 * remote address (two clients may use the same port). */
static inline gboolean
seqack_socket_key_equal (const SeqackSocketKey *a,
                         const SeqackSocketKey *b)
{
  return a->local_port == b->local_port && a->remote_port == b->remote_port &&
         a->remote_addr == b->remote_addr;
}
/* @host's own and remote endpoints for @key: the host's address with
 * the local port, the remote address (the other side's when the key
 * has none) with the remote port; family 0 for a listener's remote.
 * @host is a side's endpoint (SeqackSide) or an added host. */
void     seqack_trace_socket_endpoints (SeqackTrace           *trace,
                                        guint                  host,
                                        const SeqackSocketKey *key,
                                        SeqackEndpoint        *local,
                                        SeqackEndpoint        *remote);

/* SEGMENT event @index (a SYN,ACK) carries SYN cookie @cookie as its ISN:
 * marks it SEQACK_WHY_SYN_COOKIE and keeps how the cookie was made, for
 * the inspector. Events in increasing order. */
void     seqack_trace_set_cookie (SeqackTrace           *trace,
                                  guint                  index,
                                  const SeqackSynCookie *cookie);
gboolean seqack_trace_get_cookie (SeqackTrace     *trace,
                                  guint            index,
                                  SeqackSynCookie *cookie);
/* SEGMENT event @index reached a listener whose full queue dropped it
 * (SEQACK_MARK_QUEUE_DROP): its accept queue when @accept_queue, else its
 * SYN queue; @cookie_ack when it was an ACK bringing a SYN cookie back. */
void     seqack_trace_mark_queue_drop (SeqackTrace *trace,
                                       guint        index,
                                       gboolean     accept_queue,
                                       gboolean     cookie_ack);
/* Notes why the TCB sent the segment at @index (SEQACK_WHY_*). */
void seqack_trace_set_why (SeqackTrace *trace,
                           guint        index,
                           guint8       why);

/* Records @host's variables as they are after the last event appended
 * (@host: a side's endpoint, or an added host, which keeps a log of its
 * own). Stored only when they differ from the last record for that
 * host. */
void seqack_trace_note_vars (SeqackTrace         *trace,
                             guint                host,
                             const SeqackTcpVars *vars);

/* Records the variables of @host's socket @key as they are after the
 * last event appended (the lab's and a TUN peer's TCBs, by the key their
 * events are named with): each socket keeps a log of its own. From then
 * on @host's variables (seqack_trace_get_host_vars()) are those of the
 * socket, or seqack_trace_note_vars(), that noted last: a host with one
 * connection reads as when it kept one log. */
void seqack_trace_note_socket_vars (SeqackTrace           *trace,
                                    guint                  host,
                                    const SeqackSocketKey *key,
                                    const SeqackTcpVars   *vars);

/* Records the receiver's variables right after SEGMENT event @index
 * reached it and its TCB took it in (the lab calls this once per
 * delivered segment): several arrivals at one instant each keep their
 * own state, though they append no event. @first_event: the number of
 * events the trace had when it arrived, before those it caused. */
void seqack_trace_note_arrival (SeqackTrace         *trace,
                                guint                index,
                                guint                first_event,
                                const SeqackTcpVars *vars);

/* The next SYN from a CLOSED endpoint starts a new connection: relative
 * sequence numbers restart from its ISN. The lab calls this on connect. */
void seqack_trace_begin_connection (SeqackTrace *trace);

/* Reading */
guint              seqack_trace_get_n_events (SeqackTrace *trace);
const SeqackEvent *seqack_trace_get_event    (SeqackTrace *trace,
                                              guint        index);
/* The bytes an event refers to (packet or text), @len set. */
const guint8      *seqack_trace_get_data     (SeqackTrace *trace,
                                              guint        index,
                                              gsize       *len);
/* Text of an ACTION / DATA / ERROR event, NUL-terminated (empty if none). */
const char        *seqack_trace_get_text     (SeqackTrace *trace,
                                              guint        index);

/* Decimals the trace's times need in seconds: 3 (milliseconds), or 6
 * (microseconds, as Wireshark shows them) once two consecutive events are
 * less than a millisecond apart, as a loopback connection's are. */
guint seqack_trace_get_time_digits (SeqackTrace *trace);

/* Decodes the packet of SEGMENT event @index as it was decoded when it
 * was added: a packet the snapshot length cut decodes with what was kept
 * (see seqack_packet_decode_captured()), and checksum is the state
 * recorded then (a capture may know it unfinished on the sender). FALSE
 * with @error when the packet did not decode. */
gboolean seqack_trace_decode_segment (SeqackTrace  *trace,
                                      guint         index,
                                      SeqackPacket *out,
                                      GError      **error);

/* The TCP ports of SEGMENT event @index's packet; FALSE when it did not
 * decode. Cheaper than seqack_trace_decode_segment(): no checksum. */
gboolean seqack_trace_get_ports (SeqackTrace *trace,
                                 guint        index,
                                 guint16     *sport,
                                 guint16     *dport);

/* The checksum state of SEGMENT event @index. */
SeqackChecksumState seqack_trace_get_checksum (SeqackTrace *trace,
                                               guint        index);

/* The snapshot length that cut this trace's packets (the captured length
 * of a cut frame), 0 when none was cut. The capture notes it. */
void  seqack_trace_note_snapshot_length (SeqackTrace *trace,
                                         guint32      snapshot_length);
guint32 seqack_trace_get_snapshot_length (SeqackTrace *trace);

/* The number of SEGMENT event @index counted among the SEGMENT events
 * from 1 (what a person calls "segment 3"), or 0 when @index is not a
 * SEGMENT event. O(1). */
guint seqack_trace_get_segment_ordinal (SeqackTrace *trace,
                                        guint        index);
/* SEGMENT events in the trace. */
guint seqack_trace_get_n_segments      (SeqackTrace *trace);

/* Number of events with t <= @t (so events [0, n) are "the trace up to
 * @t"). O(log n). */
guint seqack_trace_count_until (SeqackTrace *trace,
                                gint64       t);

/* @side's variables after event @index (the last record at or before it).
 * FALSE (and zeros) when nothing was recorded for @side by then. */
gboolean seqack_trace_get_vars (SeqackTrace   *trace,
                                guint          index,
                                SeqackSide     side,
                                SeqackTcpVars *vars);
/* The same for host @host: an added client's own, not its side's. */
gboolean seqack_trace_get_host_vars (SeqackTrace   *trace,
                                     guint          index,
                                     guint          host,
                                     SeqackTcpVars *vars);

/* Whether any socket noted its variables (a lab's, a TUN peer's trace;
 * not a capture's). */
gboolean seqack_trace_has_socket_vars (SeqackTrace *trace);
/* The variables of @host's socket @key after event @index, whichever of
 * the host's sockets changed since: FALSE (and zeros) when it noted none
 * by then. A trace without socket variables (a capture) answers with
 * @host's (seqack_trace_get_host_vars()). */
gboolean seqack_trace_get_socket_vars (SeqackTrace           *trace,
                                       guint                  index,
                                       guint                  host,
                                       const SeqackSocketKey *key,
                                       SeqackTcpVars         *vars);
/* The variables of the socket event @index is about (a segment: its
 * sender's), on the host it happened on, after it: FALSE (and zeros)
 * when the event names no socket that noted any (a SYN cookie SYN,ACK,
 * which the listener sent for no socket, a closed port's RST). A trace
 * without socket variables answers as seqack_trace_get_host_vars()
 * for the event's host. */
gboolean seqack_trace_get_event_vars (SeqackTrace   *trace,
                                      guint          index,
                                      SeqackTcpVars *vars);

/* The receiver's variables right after SEGMENT event @index reached it
 * (seqack_trace_note_arrival()), not after the whole instant it arrived
 * in. FALSE (and zeros) when the trace has no such record: a capture, a
 * lost segment, one that reached no connection. */
gboolean seqack_trace_get_arrival_vars (SeqackTrace   *trace,
                                        guint          index,
                                        SeqackTcpVars *vars);

/* The number of events the trace had when SEGMENT event @index reached
 * its receiver (seqack_trace_note_arrival()): every event from there on
 * came after it, the first ones maybe caused by it. G_MAXUINT when the
 * trace has no record of its arrival. */
guint seqack_trace_get_arrival_event (SeqackTrace *trace,
                                      guint        index);

/* @side's state after event @index (CLOSED before any state event): the
 * state its last state event reached, or what set_side_state() said
 * since. */
SeqackTcpState seqack_trace_get_state (SeqackTrace *trace,
                                       guint        index,
                                       SeqackSide   side);

/* @host's state after event @index. The server, and both endpoints of a
 * trace without added hosts, read seqack_trace_get_state() of their
 * side. In a trace with added hosts each client-side host reads the
 * state its own last state event reached (CLOSED before one): the
 * client side's state records are shared, so client-2's SYN-SENT is not
 * the client's. The client endpoint also follows what
 * seqack_trace_set_side_state() said of the client side since. Costs a
 * walk back over the client side's state records after @host's last. */
SeqackTcpState seqack_trace_get_host_state (SeqackTrace *trace,
                                            guint        index,
                                            guint        host);

/* Whether a side in @state has a connection and has received its peer's
 * SYN, so that IRS, RCV.NXT and SND.WND have values (RFC 9293 §3.3.1,
 * §3.10.7.3): not in CLOSED, LISTEN or SYN-SENT. */
gboolean seqack_trace_state_knows_peer (SeqackTcpState state);

/* Relative sequence numbers exactly as Wireshark computes them: each
 * direction's base is its first seen Seq if that segment carries SYN,
 * otherwise that Seq - 1; ack is relative to the other direction's base,
 * and 0 when the ACK flag is off. For a SEGMENT event only.
 * A SYN whose Seq differs from its side's ISN (and is neither marked
 * retransmission nor stale) starts a new incarnation numbered from its
 * own ISN; a bare SYN also makes the other side's base be learnt again
 * (Wireshark's "port numbers reused"). Segments marked stale never set a
 * base. */
guint32 seqack_trace_relative_seq (SeqackTrace *trace,
                                   guint        index);
guint32 seqack_trace_relative_ack (SeqackTrace *trace,
                                   guint        index);
/* The base used for @side's sequence numbers at event @index; FALSE when
 * no segment from @side was seen yet. */
gboolean seqack_trace_get_base (SeqackTrace *trace,
                                guint        index,
                                SeqackSide   side,
                                guint32     *base);
/* The bases @side's variables @vars (as of event @index) are shown
 * relative to: @own for its sequence numbers, @peer for its peer's; each
 * the trace's base, else (no segment of that side seen yet) the ISS or
 * IRS in @vars. With more hosts, or sockets' own variables
 * (seqack_trace_note_socket_vars()) of several connections, always the
 * ISS and IRS in @vars: the side's last base may be another
 * connection's. */
void     seqack_trace_get_var_bases (SeqackTrace         *trace,
                                     guint                index,
                                     SeqackSide           side,
                                     const SeqackTcpVars *vars,
                                     guint32             *own,
                                     guint32             *peer);

/* Bytes of memory the trace holds (events, vars, arena), for benchmarks.
 * An arena given to seqack_trace_new_with_arena() is not counted: ask it
 * with seqack_trace_arena_get_memory_size(). */
gsize seqack_trace_get_memory_size (SeqackTrace *trace);

/* Writes every SEGMENT event (lost ones too, as a capture at the sender
 * would hold them) to a pcap file through libpcap, link type raw IP
 * (LINKTYPE_RAW), timestamps @epoch_us + t. The file is written to a
 * temporary name and renamed, so a failure leaves no partial file. */
gboolean seqack_trace_write_pcap (SeqackTrace *trace,
                                  const char  *path,
                                  gint64       epoch_us,
                                  GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackTrace, seqack_trace_free)

G_END_DECLS
