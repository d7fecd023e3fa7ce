/* seqack-trace.c: the append-only timeline every view reads.
 *
 * Layout, chosen so a long capture stays small and every look-up is a
 * binary search:
 * - events: 48-byte SeqackEvents in fixed blocks that never move;
 * - arena: packet bytes and texts in chunks that never move, so a pointer
 *   from seqack_trace_get_data() stays valid while the trace grows; many
 *   traces may share one (seqack_trace_new_with_arena());
 * - per side, the variables as compact deltas (seqack-trace-vars.c), and
 *   records of what changes rarely (state, the base of relative sequence
 *   numbers), each tagged with the event it follows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "seqack-bytes.h"
#include "seqack-packet.h"
#include "seqack-trace.h"
#include "seqack-trace-arena-private.h"
#include "seqack-trace-sockets.h"
#include "seqack-trace-vars-private.h"

G_STATIC_ASSERT (sizeof (SeqackEvent) == 48);

/* data of an event that refers to no bytes */
#define EVENT_NO_DATA G_MAXUINT64

/* A SEGMENT event's from, for a packet a capture decoded without
 * verifying its checksum (seqack_packet_decode_captured_unsummed()):
 * verified on the first seqack_trace_get_checksum(), which keeps the
 * SeqackChecksumState there instead. */
#define EVENT_CHECKSUM_UNSUMMED     0x80
#define EVENT_CHECKSUM_CROSSED_WIRE 0x01

/* Events live in fixed blocks that never move: a capture makes thousands
 * of short traces, and fixed blocks waste at most one partial block each
 * where a doubling array wastes a quarter on average (and copies as it
 * grows). A pointer from seqack_trace_get_event() thus stays valid, but
 * for the last block after seqack_trace_shrink(): it is cut to the
 * events it holds, and grows again (and may move) on the next append. */
#define EVENT_BLOCK_SHIFT 4
#define EVENT_BLOCK       (1u << EVENT_BLOCK_SHIFT)

/* Growth of a shrunk last block, in events: small, since a closed
 * conversation sees only a few more segments (the final ACK). */
#define EVENT_REGROW      4

/* A small growable array of records, each starting with a guint
 * event_index, for what changes rarely (states, bases). */
typedef struct
{
  guint8 *data;
  guint   len, capacity;
} RecordArray;

typedef struct
{
  guint  event_index;
  guint8 state;
} StateRecord;

/* The base of one side's relative sequence numbers from event_index on;
 * valid == FALSE after seqack_trace_begin_connection() until the next
 * segment sets it again. */
typedef struct
{
  guint   event_index;
  guint32 base;
  guint16 port;      /* the side's port of the connection it numbers;
                      * 0: every connection of the side */
  guint16 peer_port; /* and the other side's port: a server's
                      * connections share its port and differ by their
                      * peers' (0 with port 0) */
  guint8  valid;
  guint8  from_syn;  /* the base is an ISN seen in a SYN, not a guess */
} BaseRecord;

/* Each side's variables right after each segment reached it: one
 * instant's arrivals that append no event would otherwise leave one
 * record for all of them, the state after the last. Keyed by the side's
 * count of arrivals, so the log's keys grow as it wants. */
typedef struct
{
  SeqackVarsLog log[2];      /* per receiving side */
  guint         n[2];        /* arrivals noted per side */
  GArray       *of_segment;  /* Arrival per segment ordinal − 1 */
} Arrivals;

typedef struct
{
  guint32 key;               /* 1 + its key in log[receiver], 0 when not
                              * noted */
  guint32 first_event;       /* events the trace had when it arrived */
} Arrival;

static void
arrivals_free (Arrivals *a)
{
  for (guint s = 0; s < 2; s++)
    seqack_vars_log_clear (&a->log[s]);
  g_array_unref (a->of_segment);
  g_free (a);
}

/* One socket's variables (seqack_trace_note_socket_vars()): a host's
 * socket by its key. A 4-tuple used again (a TIME-WAIT taken over) goes
 * on in the same log. */
typedef struct
{
  SeqackSocketKey key;
  guint           host;
  SeqackVarsLog   log;
} SocketVars;

/* From event_index on, host's variables are those socket + 1 noted
 * last (0: noted with no socket, in its host's own log). */
typedef struct
{
  guint event_index;
  guint socket;
} NoterRecord;

/* Logs whose last records are kept to compare the next note with; an
 * older one gives them back (seqack_vars_log_release()): a server that
 * saw a thousand connections keeps the tails of its latest few. */
#define RECENT_SOCKETS 8

/* The lab's and a TUN peer's variables, per socket: NULL until the
 * first socket notes. A host's own variables are then the socket's that
 * noted last (noters), so a trace of one connection a host reads as it
 * did when a host kept one log. */
typedef struct
{
  SocketVars  *sockets;
  guint        n_sockets, sockets_capacity;
  guint32     *slots;            /* open addressing: socket + 1, 0 free */
  guint        n_slots;          /* a power of two */
  RecordArray  noters[SEQACK_N_HOSTS];  /* NoterRecord */
  guint        recent[RECENT_SOCKETS];  /* socket + 1, 0 none */
} SocketsVars;

struct _SeqackTrace
{
  SeqackEvent     **blocks;          /* EVENT_BLOCK events each */
  guint            *segments_before;  /* per block: SEGMENT events in the
                                       * blocks before it */
  guint             n_blocks, blocks_capacity;
  guint             last_capacity;   /* events the last block has room for:
                                      * EVENT_BLOCK unless shrunk */
  guint             n_events;
  guint             n_segments;
  SeqackTraceArena *arena;           /* NULL until the first bytes */
  gboolean          shared_arena;    /* given to seqack_trace_new_with_arena */
  SeqackVarsLog     vars[2];         /* per side */
  Arrivals         *arrivals;        /* NULL until the lab notes one */
  RecordArray       states[2];       /* StateRecord, per side */
  RecordArray       bases[2];        /* BaseRecord, per side */
  SeqackEndpoint    endpoints[2];
  guint32           snapshot_length;
  /* Two consecutive events less than a millisecond apart (but not at the
   * same time) were appended: times need microseconds to tell them
   * apart. */
  gboolean          fine_times;
  gboolean          has_sockets;     /* an event was named its socket */
  /* A side's bases are for more than one connection (pair of ports):
   * each connection is numbered from its own (a client with two
   * connections at once, a server with two clients, a capture's flows
   * drawn together). */
  gboolean          many_ports[2];
  GArray           *cookies;         /* CookieRecord, NULL until one */
  /* Hosts added beside the two endpoints (seqack_trace_add_host()): a
   * bit each, their networks, and which events happened on them. */
  guint             more_hosts;
  guint32           host_addr[SEQACK_N_HOSTS];
  guint8            host_prefix[SEQACK_N_HOSTS];
  RecordArray       event_hosts;     /* HostRecord */
  SeqackVarsLog    *host_vars;       /* per host number, NULL until an
                                      * added host notes its own */
  SocketsVars      *socket_vars;     /* NULL until a socket notes */
  /* The client side's ACTION events that pick the host its buttons act
   * on (seqack_trace_get_calls_host()): event indices, in order. */
  RecordArray       host_actions;
};

/* Event event_index happened on host, an added host. */
typedef struct
{
  guint  event_index;
  guint8 host;
} HostRecord;

/* How a SYN cookie SYN,ACK's ISN was made. */
typedef struct
{
  guint           event_index;
  SeqackSynCookie cookie;
} CookieRecord;

static inline SeqackEvent *
event_at (SeqackTrace *trace,
          guint        index)
{
  return &trace->blocks[index >> EVENT_BLOCK_SHIFT][index
                                                    & (EVENT_BLOCK - 1)];
}

/* Gives back the room for records not written yet. */
static void
record_shrink (RecordArray *array,
               gsize        size)
{
  if (array->capacity == array->len)
    return;
  array->data = g_realloc (array->data, (gsize) array->len * size);
  array->capacity = array->len;
}

/* @first: records the first allocation has room for, enough for most
 * traces (seqack_trace_shrink() gives back what stays unused). */
static gpointer
record_push (RecordArray *array,
             gsize        size,
             guint        first)
{
  if (array->len == array->capacity)
    {
      array->capacity = MAX (first, array->capacity * 2);
      array->data = g_realloc (array->data, array->capacity * size);
    }
  return array->data + (gsize) array->len++ * size;
}

/* Per-socket variables */

static void
socket_vars_free (SocketsVars *sv)
{
  for (guint i = 0; i < sv->n_sockets; i++)
    seqack_vars_log_clear (&sv->sockets[i].log);
  g_free (sv->sockets);
  g_free (sv->slots);
  for (guint h = 0; h < SEQACK_N_HOSTS; h++)
    g_free (sv->noters[h].data);
  g_free (sv);
}

static inline guint
socket_hash (guint                  host,
             const SeqackSocketKey *key)
{
  guint32 h = key->remote_addr * 0x9e3779b1u;

  h ^= ((guint32) key->local_port << 16 | key->remote_port) * 0x85ebca77u;
  h ^= host * 0xc2b2ae3du;
  return h ^ (h >> 15);
}

static inline gboolean
socket_is (const SocketVars      *socket,
           guint                  host,
           const SeqackSocketKey *key)
{
  return socket->host == host && seqack_socket_key_equal (&socket->key, key);
}

/* The slot that holds @host's socket @key, or the free one it would go
 * in. */
static guint32 *
socket_slot (SocketsVars           *sv,
             guint                  host,
             const SeqackSocketKey *key)
{
  guint mask = sv->n_slots - 1;

  for (guint i = socket_hash (host, key) & mask;; i = (i + 1) & mask)
    if (sv->slots[i] == 0 ||
        socket_is (&sv->sockets[sv->slots[i] - 1], host, key))
      return &sv->slots[i];
}

/* @host's socket @key's number, or G_MAXUINT when it never noted. */
static guint
find_socket (const SocketsVars     *sv,
             guint                  host,
             const SeqackSocketKey *key)
{
  guint32 slot;

  if (sv == NULL)
    return G_MAXUINT;
  slot = *socket_slot ((SocketsVars *) sv, host, key);
  return slot != 0 ? slot - 1 : G_MAXUINT;
}

/* @host's socket @key's number, its log made when it has none. */
static guint
get_socket (SocketsVars           *sv,
            guint                  host,
            const SeqackSocketKey *key)
{
  guint32 *slot;
  SocketVars *socket;

  /* Kept at most half full. */
  if (2 * (sv->n_sockets + 1) > sv->n_slots)
    {
      guint32 *old = sv->slots;
      guint n_old = sv->n_slots;

      sv->n_slots = MAX (16, sv->n_slots * 2);
      sv->slots = g_new0 (guint32, sv->n_slots);
      for (guint i = 0; i < n_old; i++)
        if (old[i] != 0)
          {
            const SocketVars *s = &sv->sockets[old[i] - 1];

            *socket_slot (sv, s->host, &s->key) = old[i];
          }
      g_free (old);
    }
  slot = socket_slot (sv, host, key);
  if (*slot != 0)
    return *slot - 1;

  if (sv->n_sockets == sv->sockets_capacity)
    {
      sv->sockets_capacity = MAX (4, sv->sockets_capacity * 2);
      sv->sockets = g_renew (SocketVars, sv->sockets, sv->sockets_capacity);
    }
  socket = &sv->sockets[sv->n_sockets];
  memset (socket, 0, sizeof *socket);
  socket->key = *key;
  socket->host = host;
  *slot = ++sv->n_sockets;
  return sv->n_sockets - 1;
}

/* Socket @socket (+ 1; 0: the host's own log) noted @host's variables
 * at event @index. */
static void
noter_push (SocketsVars *sv,
            guint        host,
            guint        index,
            guint        socket)
{
  RecordArray *noters = &sv->noters[host];
  NoterRecord *records = (NoterRecord *) noters->data;

  if (noters->len > 0)
    {
      NoterRecord *last = &records[noters->len - 1];

      if (last->socket == socket)
        return;
      /* Only an event's last note is seen. */
      if (last->event_index == index)
        {
          if (noters->len > 1 && records[noters->len - 2].socket == socket)
            noters->len--;
          else
            last->socket = socket;
          return;
        }
    }
  *(NoterRecord *) record_push (noters, sizeof (NoterRecord), 4) =
    (NoterRecord) { index, socket };
}

/* Socket @socket (+ 1) noted: it is the most recent, and the least
 * recent one gives back the copy of its last records. */
static void
socket_touch (SocketsVars *sv,
              guint        socket)
{
  guint i;

  for (i = 0; i < RECENT_SOCKETS - 1 && sv->recent[i] != socket; i++)
    ;
  if (i == RECENT_SOCKETS - 1 && sv->recent[i] != socket &&
      sv->recent[i] != 0)
    seqack_vars_log_release (&sv->sockets[sv->recent[i] - 1].log);
  memmove (sv->recent + 1, sv->recent, i * sizeof sv->recent[0]);
  sv->recent[0] = socket;
}

static gboolean lookup_host_vars (SeqackTrace   *trace,
                                  guint          index,
                                  guint          host,
                                  SeqackTcpVars *vars);

/* @host's own log: what it noted with no socket. */
static SeqackVarsLog *
host_own_log (SeqackTrace *trace,
              guint        host)
{
  if (host < 2)
    return &trace->vars[host];
  return trace->host_vars != NULL ? &trace->host_vars[host] : NULL;
}

static inline gpointer
record_last (RecordArray *array,
             gsize        size)
{
  if (array->len == 0)
    return NULL;
  return array->data + (gsize) (array->len - 1) * size;
}

const char *
seqack_side_name (SeqackSide side)
{
  return side == SEQACK_SERVER ? "server" : "client";
}

const char *
seqack_host_name (guint host)
{
  static const char *const names[SEQACK_N_HOSTS] = {
    "client", "server", "client-2", "client-3", "client-4", "client-5",
    "client-6", "client-7", "client-8", "flood",
  };

  return host < SEQACK_N_HOSTS ? names[host] : NULL;
}

gboolean
seqack_host_from_name (const char *name,
                       guint      *host)
{
  g_return_val_if_fail (name != NULL && host != NULL, FALSE);

  for (guint h = 0; h < SEQACK_N_HOSTS; h++)
    if (strcmp (name, seqack_host_name (h)) == 0)
      {
        *host = h;
        return TRUE;
      }
  return FALSE;
}

SeqackSide
seqack_host_side (guint host)
{
  return host == SEQACK_SERVER ? SEQACK_SERVER : SEQACK_CLIENT;
}

const char *
seqack_fate_name (SeqackFate fate)
{
  switch (fate)
    {
    case SEQACK_FATE_DELIVERED:
      return "delivered";
    case SEQACK_FATE_LOST:
      return "lost";
    case SEQACK_FATE_CAPTURED:
      return "captured";
    default:
      return "unknown";
    }
}

static const char * const action_names[SEQACK_N_ACTIONS] = {
  [SEQACK_ACTION_LISTEN] = "listen",
  [SEQACK_ACTION_CONNECT] = "connect",
  [SEQACK_ACTION_SEND] = "send",
  [SEQACK_ACTION_CLOSE] = "close",
  [SEQACK_ACTION_ABORT] = "abort",
  [SEQACK_ACTION_QUIT] = "quit",
  [SEQACK_ACTION_DROP_NEXT] = "drop-next",
  [SEQACK_ACTION_DELAY_NEXT] = "delay-next",
  [SEQACK_ACTION_STALE_SYN] = "stale-syn",
  [SEQACK_ACTION_SET_LOSS] = "set-loss",
  [SEQACK_ACTION_SET_LATENCY] = "set-latency",
  [SEQACK_ACTION_SET_MSL] = "set-msl",
  [SEQACK_ACTION_SKIP_WAIT] = "skip-wait",
  [SEQACK_ACTION_PAUSE] = "pause",
  [SEQACK_ACTION_SEND_BYTES] = "send-bytes",
  [SEQACK_ACTION_READ_OFF] = "read-off",
  [SEQACK_ACTION_READ_ON] = "read-on",
  [SEQACK_ACTION_READ] = "read",
  [SEQACK_ACTION_SET_RCVBUF] = "set-rcvbuf",
  [SEQACK_ACTION_SET_MSS] = "set-mss",
  [SEQACK_ACTION_SET_IW10] = "set-iw10",
  [SEQACK_ACTION_SET_NAGLE] = "set-nagle",
  [SEQACK_ACTION_SELECT] = "select",
  [SEQACK_ACTION_ACCEPT_OFF] = "accept-off",
  [SEQACK_ACTION_ACCEPT_ON] = "accept-on",
  [SEQACK_ACTION_ACCEPT] = "accept",
  [SEQACK_ACTION_SET_SYNCOOKIES] = "set-syncookies",
  [SEQACK_ACTION_ADD_CLIENT] = "add-client",
  [SEQACK_ACTION_FLOOD] = "flood",
};

gboolean
seqack_action_is_lab_wide (SeqackAction action)
{
  switch (action)
    {
    case SEQACK_ACTION_SET_LOSS:
    case SEQACK_ACTION_SET_LATENCY:
    case SEQACK_ACTION_SET_MSL:
    case SEQACK_ACTION_SKIP_WAIT:
    case SEQACK_ACTION_PAUSE:
    case SEQACK_ACTION_SET_RCVBUF:
    case SEQACK_ACTION_SET_MSS:
    case SEQACK_ACTION_SET_IW10:
    case SEQACK_ACTION_SET_NAGLE:
    case SEQACK_ACTION_SET_SYNCOOKIES:
      return TRUE;
    default:
      return FALSE;
    }
}

const char *
seqack_action_name (SeqackAction action)
{
  if ((guint) action >= SEQACK_N_ACTIONS)
    return "unknown";
  return action_names[action];
}

gboolean
seqack_action_from_name (const char   *name,
                         SeqackAction *action)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < SEQACK_N_ACTIONS; i++)
    {
      if (strcmp (name, action_names[i]) == 0)
        {
          if (action != NULL)
            *action = (SeqackAction) i;
          return TRUE;
        }
    }
  return FALSE;
}

/* 0-255 in decimal, not terminated; returns the end. */
static inline char *
put_byte (char   *p,
          guint8  v)
{
  if (v >= 100)
    {
      *p++ = (char) ('0' + v / 100);
      v %= 100;
      *p++ = (char) ('0' + v / 10);
    }
  else if (v >= 10)
    *p++ = (char) ('0' + v / 10);
  *p++ = (char) ('0' + v % 10);
  return p;
}

char *
seqack_endpoint_put (char                 *p,
                     const SeqackEndpoint *endpoint)
{
  g_return_val_if_fail (p != NULL, NULL);
  g_return_val_if_fail (endpoint != NULL, p);

  if (endpoint->family == 6)
    {
      char addr[INET6_ADDRSTRLEN] = "";
      gsize len;

      inet_ntop (AF_INET6, endpoint->addr, addr, sizeof addr);
      len = strlen (addr);
      *p++ = '[';
      memcpy (p, addr, len);
      p += len;
      *p++ = ']';
    }
  else
    {
      /* IPv4 by hand: a capture's conversation list prints two a line,
       * and inet_ntop() and a printf cost more than the rest of the
       * line. */
      for (guint i = 0; i < 4; i++)
        {
          p = put_byte (p, endpoint->addr[i]);
          if (i < 3)
            *p++ = '.';
        }
    }
  *p++ = ':';
  return seqack_put_decimal (p, endpoint->port);
}

const char *
seqack_endpoint_to_string (const SeqackEndpoint *endpoint,
                           char                  buf[64])
{
  g_return_val_if_fail (endpoint != NULL, NULL);
  g_return_val_if_fail (buf != NULL, NULL);

  *seqack_endpoint_put (buf, endpoint) = '\0';
  return buf;
}

static void
seqack_trace_free_arrays (SeqackTrace *trace)
{
  for (guint i = 0; i < trace->n_blocks; i++)
    g_free (trace->blocks[i]);
  g_clear_pointer (&trace->blocks, g_free);
  g_clear_pointer (&trace->segments_before, g_free);
  trace->n_blocks = trace->blocks_capacity = trace->n_events = 0;
  trace->last_capacity = 0;
  trace->n_segments = 0;
  trace->snapshot_length = 0;
  trace->fine_times = FALSE;
  trace->has_sockets = FALSE;
  trace->many_ports[0] = trace->many_ports[1] = FALSE;
  g_clear_pointer (&trace->arrivals, arrivals_free);
  g_clear_pointer (&trace->cookies, g_array_unref);
  trace->more_hosts = 0;
  if (trace->host_vars != NULL)
    for (guint h = 0; h < SEQACK_N_HOSTS; h++)
      seqack_vars_log_clear (&trace->host_vars[h]);
  g_clear_pointer (&trace->host_vars, g_free);
  g_clear_pointer (&trace->socket_vars, socket_vars_free);
  g_clear_pointer (&trace->event_hosts.data, g_free);
  trace->event_hosts.len = trace->event_hosts.capacity = 0;
  g_clear_pointer (&trace->host_actions.data, g_free);
  trace->host_actions.len = trace->host_actions.capacity = 0;
  for (guint s = 0; s < 2; s++)
    {
      seqack_vars_log_clear (&trace->vars[s]);
      g_clear_pointer (&trace->states[s].data, g_free);
      g_clear_pointer (&trace->bases[s].data, g_free);
      trace->states[s].len = trace->states[s].capacity = 0;
      trace->bases[s].len = trace->bases[s].capacity = 0;
    }
}

SeqackTrace *
seqack_trace_new (void)
{
  return g_new0 (SeqackTrace, 1);
}

SeqackTrace *
seqack_trace_new_with_arena (SeqackTraceArena *arena)
{
  SeqackTrace *trace;

  g_return_val_if_fail (arena != NULL, NULL);

  trace = g_new0 (SeqackTrace, 1);
  trace->arena = seqack_trace_arena_ref (arena);
  trace->shared_arena = TRUE;
  return trace;
}

void
seqack_trace_free (SeqackTrace *trace)
{
  if (trace == NULL)
    return;
  seqack_trace_free_arrays (trace);
  g_clear_pointer (&trace->arena, seqack_trace_arena_unref);
  g_free (trace);
}

void
seqack_trace_clear (SeqackTrace *trace)
{
  g_return_if_fail (trace != NULL);

  /* Freed rather than truncated, so a cleared trace gives its memory back
   * and get_memory_size() stays true. A shared arena keeps the bytes
   * until all its traces are gone. */
  seqack_trace_free_arrays (trace);
  if (!trace->shared_arena)
    g_clear_pointer (&trace->arena, seqack_trace_arena_unref);
}

void
seqack_trace_shrink (SeqackTrace *trace)
{
  guint in_last;

  g_return_if_fail (trace != NULL);

  if (trace->n_blocks == 0)
    return;

  in_last = trace->n_events - (trace->n_blocks - 1) * EVENT_BLOCK;
  if (in_last < trace->last_capacity)
    {
      guint last = trace->n_blocks - 1;

      trace->blocks[last] = g_renew (SeqackEvent, trace->blocks[last],
                                     in_last);
      trace->last_capacity = in_last;
    }
  if (trace->blocks_capacity > trace->n_blocks)
    {
      trace->blocks_capacity = trace->n_blocks;
      trace->blocks = g_renew (SeqackEvent *, trace->blocks,
                               trace->blocks_capacity);
      trace->segments_before = g_renew (guint, trace->segments_before,
                                        trace->blocks_capacity);
    }
  for (guint s = 0; s < 2 && trace->arrivals != NULL; s++)
    seqack_vars_log_shrink (&trace->arrivals->log[s]);
  for (guint s = 0; s < 2; s++)
    {
      seqack_vars_log_shrink (&trace->vars[s]);
      record_shrink (&trace->states[s], sizeof (StateRecord));
      record_shrink (&trace->bases[s], sizeof (BaseRecord));
    }
  record_shrink (&trace->event_hosts, sizeof (HostRecord));
  record_shrink (&trace->host_actions, sizeof (guint));
  if (trace->socket_vars != NULL)
    {
      SocketsVars *sv = trace->socket_vars;

      for (guint i = 0; i < sv->n_sockets; i++)
        seqack_vars_log_shrink (&sv->sockets[i].log);
      for (guint h = 0; h < SEQACK_N_HOSTS; h++)
        record_shrink (&sv->noters[h], sizeof (NoterRecord));
    }
}

void
seqack_trace_finish (SeqackTrace *trace)
{
  g_return_if_fail (trace != NULL);

  seqack_trace_shrink (trace);
  for (guint s = 0; s < 2; s++)
    seqack_vars_log_release (&trace->vars[s]);
  for (guint s = 0; s < 2 && trace->arrivals != NULL; s++)
    seqack_vars_log_release (&trace->arrivals->log[s]);
  if (trace->socket_vars != NULL)
    {
      SocketsVars *sv = trace->socket_vars;

      for (guint i = 0; i < sv->n_sockets; i++)
        seqack_vars_log_release (&sv->sockets[i].log);
      memset (sv->recent, 0, sizeof sv->recent);
    }
}

void
seqack_trace_set_endpoint (SeqackTrace          *trace,
                           SeqackSide            side,
                           const SeqackEndpoint *endpoint)
{
  g_return_if_fail (trace != NULL);
  g_return_if_fail (side == SEQACK_CLIENT || side == SEQACK_SERVER);
  g_return_if_fail (endpoint != NULL);

  trace->endpoints[side] = *endpoint;
}

const SeqackEndpoint *
seqack_trace_get_endpoint (SeqackTrace *trace,
                           SeqackSide   side)
{
  g_return_val_if_fail (trace != NULL, NULL);
  g_return_val_if_fail (side == SEQACK_CLIENT || side == SEQACK_SERVER, NULL);

  return &trace->endpoints[side];
}

void
seqack_trace_get_endpoint_at (SeqackTrace    *trace,
                              SeqackSide      side,
                              guint           n_events,
                              SeqackEndpoint *out)
{
  g_return_if_fail (trace != NULL);
  g_return_if_fail (side == SEQACK_CLIENT || side == SEQACK_SERVER);
  g_return_if_fail (out != NULL);

  *out = trace->endpoints[side];
  for (guint i = MIN (n_events, trace->n_events); i-- > 0;)
    {
      const SeqackEvent *ev = event_at (trace, i);
      guint16 sport, dport;

      if (ev->kind != SEQACK_EVENT_SEGMENT ||
          /* Another client's segment (the flood's) is not the
           * endpoint's. */
          (trace->more_hosts != 0 &&
           (ev->side == side ? seqack_trace_get_event_host (trace, i)
                             : seqack_trace_get_segment_receiver (trace, i))
           != (guint) side))
        continue;
      if (seqack_trace_get_ports (trace, i, &sport, &dport))
        {
          out->port = ev->side == side ? sport : dport;
          return;
        }
    }
}

/* Arena */

static guint64
arena_append (SeqackTrace  *trace,
              const guint8 *bytes,
              gsize         len,
              gboolean      nul_terminate)
{
  if (trace->arena == NULL)
    trace->arena = seqack_trace_arena_new ();
  return seqack_trace_arena_append (trace->arena, bytes, len, nul_terminate);
}

static inline const guint8 *
arena_get (SeqackTrace *trace,
           guint64      offset)
{
  return seqack_trace_arena_get (trace->arena, offset);
}

/* Appending */

static SeqackEvent *
append_event (SeqackTrace *trace,
              gint64       t,
              guint8       kind,
              SeqackSide   side,
              guint       *index)
{
  SeqackEvent event = { 0 };

  SeqackEvent *slot;

  if (trace->n_events > 0)
    {
      gint64 gap = t - event_at (trace, trace->n_events - 1)->t;

      if (gap > 0 && gap < 1000)
        trace->fine_times = TRUE;
    }

  event.t = t;
  event.kind = kind;
  event.side = (guint8) side;
  event.data = EVENT_NO_DATA;

  if ((trace->n_events & (EVENT_BLOCK - 1)) == 0)
    {
      if (trace->n_blocks == trace->blocks_capacity)
        {
          trace->blocks_capacity = MAX (4, trace->blocks_capacity * 2);
          trace->blocks = g_renew (SeqackEvent *, trace->blocks,
                                   trace->blocks_capacity);
          trace->segments_before = g_renew (guint, trace->segments_before,
                                            trace->blocks_capacity);
        }
      trace->segments_before[trace->n_blocks] = trace->n_segments;
      trace->blocks[trace->n_blocks++] = g_new (SeqackEvent, EVENT_BLOCK);
      trace->last_capacity = EVENT_BLOCK;
    }
  else if ((trace->n_events & (EVENT_BLOCK - 1)) == trace->last_capacity)
    {
      /* The last block was shrunk: room for a few more. */
      guint last = trace->n_blocks - 1;

      trace->last_capacity = MIN (EVENT_BLOCK,
                                  trace->last_capacity + EVENT_REGROW);
      trace->blocks[last] = g_renew (SeqackEvent, trace->blocks[last],
                                     trace->last_capacity);
    }
  if (kind == SEQACK_EVENT_SEGMENT)
    trace->n_segments++;
  *index = trace->n_events++;
  slot = event_at (trace, *index);
  *slot = event;
  return slot;
}

static gboolean
time_is_monotonic (SeqackTrace *trace,
                   gint64       t)
{
  if (trace->n_events == 0)
    return TRUE;
  return t >= event_at (trace, trace->n_events - 1)->t;
}

static gint find_record (const RecordArray *records,
                         gsize              size,
                         guint              index);

/* Whether the trace numbers more than one connection: one side's port
 * changed (a client's new ephemeral port, a capture's other flow). */
static gboolean
numbers_many (SeqackTrace *trace)
{
  return trace->many_ports[0] || trace->many_ports[1];
}

/* The record numbering @side's connection on @port (to @peer_port) at
 * event @index: the last at or before it for that connection or for
 * every connection (port 0 asks for the last whatever its ports); -1
 * when none. */
static gint
find_base (SeqackTrace *trace,
           SeqackSide   side,
           guint        index,
           guint16      port,
           guint16      peer_port)
{
  const RecordArray *bases = &trace->bases[side];
  gint found = find_record (bases, sizeof (BaseRecord), index);

  if (port == 0 || !numbers_many (trace))
    return found;
  for (; found >= 0; found--)
    {
      const BaseRecord *r = &((const BaseRecord *) bases->data)[found];

      if (r->port == 0 || (r->port == port && r->peer_port == peer_port))
        return found;
    }
  return -1;
}

static void
set_base (SeqackTrace *trace,
          SeqackSide   side,
          guint        event_index,
          guint16      port,
          guint16      peer_port,
          guint32      base,
          gboolean     valid,
          gboolean     from_syn)
{
  RecordArray *bases = &trace->bases[side];
  BaseRecord record = { event_index, base, port, port != 0 ? peer_port : 0,
                        valid, from_syn };
  BaseRecord *last = record_last (bases, sizeof (BaseRecord));

  /* The first record for another connection than the last one's. */
  for (guint i = bases->len; port != 0 && !trace->many_ports[side] && i > 0;
       i--)
    {
      const BaseRecord *seen = &((const BaseRecord *) bases->data)[i - 1];

      if (seen->port != 0)
        {
          trace->many_ports[side] = seen->port != port ||
                                    seen->peer_port != record.peer_port;
          break;
        }
    }
  /* Two changes at the same event: the later one wins. */
  if (last != NULL && last->event_index == event_index &&
      last->port == port && last->peer_port == record.peer_port)
    {
      *last = record;
      return;
    }
  *(BaseRecord *) record_push (bases, sizeof (BaseRecord), 2) = record;
}

static const BaseRecord *
current_base (SeqackTrace *trace,
              SeqackSide   side,
              guint16      port,
              guint16      peer_port)
{
  gint found = find_base (trace, side, G_MAXUINT, port, peer_port);

  return found >= 0 ? &((const BaseRecord *) trace->bases[side].data)[found]
                    : NULL;
}

/* Whether @side had a TCB (a state other than CLOSED and LISTEN) at the
 * last event appended. */
static gboolean
side_has_connection (SeqackTrace *trace,
                     SeqackSide   side)
{
  SeqackTcpState state;

  if (trace->n_events < 2)
    return FALSE;
  state = seqack_trace_get_state (trace, trace->n_events - 2, side);
  return state != SEQACK_TCP_CLOSED && state != SEQACK_TCP_LISTEN;
}

/* Reads seq and ack straight from a packet that did not decode, when the
 * bytes are there; anything missing stays 0. */
static void
read_raw_seq_ack (const guint8 *packet,
                  gsize         len,
                  guint32      *seq,
                  guint32      *ack)
{
  gsize tcp = 0;

  *seq = 0;
  *ack = 0;
  if (len < 1)
    return;
  if (packet[0] >> 4 == 4)
    tcp = (gsize) (packet[0] & 0x0f) * 4;
  else if (packet[0] >> 4 == 6)
    tcp = 40;
  else
    return;
  if (tcp >= 20 && len >= tcp + 8)
    *seq = (guint32) packet[tcp + 4] << 24 | (guint32) packet[tcp + 5] << 16
           | (guint32) packet[tcp + 6] << 8 | packet[tcp + 7];
  if (tcp >= 20 && len >= tcp + 12)
    *ack = (guint32) packet[tcp + 8] << 24 | (guint32) packet[tcp + 9] << 16
           | (guint32) packet[tcp + 10] << 8 | packet[tcp + 11];
}

static void
fill_endpoints (SeqackTrace        *trace,
                SeqackSide          sender,
                const SeqackPacket *packet)
{
  SeqackSide receiver = SEQACK_OTHER_SIDE (sender);
  SeqackEndpoint src = { 0 }, dst = { 0 };

  /* Endpoints are taken from the first packet only when nobody set them,
   * so a capture that knows better keeps its own. */
  if (trace->endpoints[sender].family != 0
      && trace->endpoints[receiver].family != 0)
    return;

  src.family = dst.family = packet->family;
  if (packet->family == 4)
    {
      guint32 s = GUINT32_TO_BE (packet->ip4.src);
      guint32 d = GUINT32_TO_BE (packet->ip4.dst);

      memcpy (src.addr, &s, 4);
      memcpy (dst.addr, &d, 4);
    }
  else
    {
      memcpy (src.addr, packet->src6, 16);
      memcpy (dst.addr, packet->dst6, 16);
    }
  src.port = packet->tcp.src_port;
  dst.port = packet->tcp.dst_port;

  if (trace->endpoints[sender].family == 0)
    trace->endpoints[sender] = src;
  if (trace->endpoints[receiver].family == 0)
    trace->endpoints[receiver] = dst;
}

static void number_segment (SeqackTrace *trace,
                            guint        index,
                            guint16      sport,
                            guint16      dport);

/* Appends a segment whose @packet (already cut to 64 KiB) decoded to
 * @decoded, or did not (NULL); @kept is where the arena already keeps
 * it, or EVENT_NO_DATA. */
static guint
add_segment (SeqackTrace        *trace,
             gint64              t,
             gint64              t_arrive,
             SeqackSide          sender,
             SeqackFate          fate,
             guint8              marks,
             const guint8       *packet,
             gsize               packet_len,
             guint64             kept,
             const SeqackPacket *decoded)
{
  SeqackEvent *event;
  guint index;

  event = append_event (trace, t, SEQACK_EVENT_SEGMENT, sender, &index);
  event->t2 = fate == SEQACK_FATE_CAPTURED ? t : t_arrive;
  event->fate = (guint8) fate;
  event->marks = marks;
  event->data_len = (guint16) packet_len;
  if (packet_len > 0)
    event->data = kept != EVENT_NO_DATA
                  ? kept : arena_append (trace, packet, packet_len, FALSE);

  if (decoded == NULL)
    {
      /* Kept as seen, so the pcap export still holds it, but it moves no
       * relative numbers. */
      read_raw_seq_ack (packet, packet_len, &event->seq, &event->ack);
      event->from = (guint8) SEQACK_CHECKSUM_NOT_CAPTURED;
      return index;
    }

  if (decoded->checksum_unsummed)
    event->from = EVENT_CHECKSUM_UNSUMMED |
                  (decoded->crossed_wire ? EVENT_CHECKSUM_CROSSED_WIRE : 0);
  else
    event->from = (guint8) decoded->checksum;
  if (decoded->truncated)
    event->marks |= SEQACK_MARK_TRUNCATED;
  event->seq = decoded->tcp.seq;
  event->ack = decoded->tcp.ack;
  event->flags = decoded->tcp.flags;
  event->window = decoded->tcp.window;
  event->number = (guint32) decoded->tcp.payload_len;

  fill_endpoints (trace, sender, decoded);
  number_segment (trace, index, decoded->tcp.src_port,
                  decoded->tcp.dst_port);
  return index;
}

/* Moves the bases of relative numbers for SEGMENT event @index (the last
 * appended), whose packet decoded with ports @sport and @dport. */
static void
number_segment (SeqackTrace *trace,
                guint        index,
                guint16      sport,
                guint16      dport)
{
  SeqackEvent *event = event_at (trace, index);
  SeqackSide sender = (SeqackSide) event->side;
  SeqackSide receiver = SEQACK_OTHER_SIDE (sender);
  guint8 marks = event->marks;

  /* An old duplicate belongs to an earlier incarnation: it must not
   * become the base of the connection in progress. (Wireshark, seeing the
   * real SYN's different Seq, would start a new conversation there.) */
  if (marks & SEQACK_MARK_STALE)
    return;

  /* A side with no connection (CLOSED, or LISTEN) has no ISN to number
   * from: its reset to a segment without ACK carries <SEQ=0> (RFC 9293
   * §3.10.7.1), and shows that real number where Wireshark would guess
   * Seq=1. It makes no base for this side, and forgets an old one, so a
   * later SYN numbers the next connection from its own ISN. (A reset
   * carrying SEG.ACK is in the old connection's numbering, kept.) */
  if ((event->flags & (SEQACK_TCP_RST | SEQACK_TCP_ACK)) ==
      (SEQACK_TCP_RST | SEQACK_TCP_ACK) && event->seq == 0 &&
      !side_has_connection (trace, sender))
    {
      const BaseRecord *own = current_base (trace, sender, sport, dport);

      if (own != NULL && own->valid)
        set_base (trace, sender, index, sport, dport, 0, FALSE, FALSE);
      return;
    }

  /* Wireshark's rule (packet-tcp.c, tcp_analyze_sequence_number): a
   * direction's base is its first Seq if that segment is a SYN, else
   * Seq - 1 so the first segment seen is 1; and the first ACK seen sets the
   * other direction's base to Ack - 1 when that direction was not seen. */
  {
    const BaseRecord *own = current_base (trace, sender, sport, dport);
    const BaseRecord *other;

    gboolean syn = (event->flags & SEQACK_TCP_SYN) != 0;

    if (own == NULL || !own->valid)
      set_base (trace, sender, index, sport, dport,
                syn ? event->seq : event->seq - 1, TRUE, syn);
    else if (syn && !(own->from_syn && event->seq == own->base)
             && !(marks & SEQACK_MARK_RETRANSMISSION))
      {
        /* A SYN with another ISN is a new incarnation (RFC 9293 §3.4): the
         * same ports reused, or the SYN,ACK a server sends after an old
         * duplicate SYN was reset, or after its old connection's last
         * segment (a TIME-WAIT ACK) was numbered without a SYN. It is
         * numbered from its own ISN. A bare
         * SYN starts a whole new conversation, as in Wireshark, so the
         * other side's base is learnt again too. */
        set_base (trace, sender, index, sport, dport, event->seq, TRUE,
                  TRUE);
        if (!(event->flags & SEQACK_TCP_ACK))
          set_base (trace, receiver, index, dport, sport, 0, FALSE, FALSE);
      }

    other = current_base (trace, receiver, dport, sport);
    if ((event->flags & SEQACK_TCP_ACK) && (other == NULL || !other->valid))
      set_base (trace, receiver, index, dport, sport, event->ack - 1, TRUE,
                FALSE);
  }
}

guint
seqack_trace_add_segment (SeqackTrace  *trace,
                          gint64        t,
                          gint64        t_arrive,
                          SeqackSide    sender,
                          SeqackFate    fate,
                          guint8        marks,
                          const guint8 *packet,
                          gsize         packet_len)
{
  SeqackPacket decoded;
  gboolean ok;

  g_return_val_if_fail (trace != NULL, G_MAXUINT);
  g_return_val_if_fail (sender == SEQACK_CLIENT || sender == SEQACK_SERVER,
                        G_MAXUINT);
  g_return_val_if_fail (packet != NULL || packet_len == 0, G_MAXUINT);
  g_return_val_if_fail (time_is_monotonic (trace, t), G_MAXUINT);

  /* No IP packet is longer (IPv6 jumbograms aside); keep what fits, as a
   * capture's snap length would. */
  packet_len = MIN (packet_len, G_MAXUINT16);

  ok = packet_len > 0
       && seqack_packet_decode (packet, packet_len, &decoded, NULL);

  return add_segment (trace, t, t_arrive, sender, fate, marks, packet,
                      packet_len, EVENT_NO_DATA, ok ? &decoded : NULL);
}

/* A packet longer than a trace keeps (a segment captured before
 * segmentation offload) is cut: its facts are the whole packet's, its
 * bytes the first 64 KiB, as a snapshot length would keep them. */
static guint
add_cut_segment (SeqackTrace        *trace,
                 gint64              t,
                 gint64              t_arrive,
                 SeqackSide          sender,
                 SeqackFate          fate,
                 guint8              marks,
                 const guint8       *packet,
                 guint64             kept,
                 const SeqackPacket *decoded)
{
  SeqackPacket cut = *decoded;

  cut.truncated = TRUE;
  if (cut.checksum_unsummed ||
      cut.checksum == SEQACK_CHECKSUM_GOOD ||
      cut.checksum == SEQACK_CHECKSUM_BAD)
    cut.checksum = SEQACK_CHECKSUM_NOT_CAPTURED;
  cut.checksum_unsummed = FALSE;
  return add_segment (trace, t, t_arrive, sender, fate, marks, packet,
                      G_MAXUINT16, kept, &cut);
}

guint
seqack_trace_add_decoded_segment (SeqackTrace        *trace,
                                  gint64              t,
                                  gint64              t_arrive,
                                  SeqackSide          sender,
                                  SeqackFate          fate,
                                  guint8              marks,
                                  const guint8       *packet,
                                  gsize               packet_len,
                                  const SeqackPacket *decoded)
{
  g_return_val_if_fail (trace != NULL, G_MAXUINT);
  g_return_val_if_fail (sender == SEQACK_CLIENT || sender == SEQACK_SERVER,
                        G_MAXUINT);
  g_return_val_if_fail (packet != NULL || packet_len == 0, G_MAXUINT);
  g_return_val_if_fail (time_is_monotonic (trace, t), G_MAXUINT);

  if (packet_len > G_MAXUINT16 && decoded != NULL)
    return add_cut_segment (trace, t, t_arrive, sender, fate, marks, packet,
                            EVENT_NO_DATA, decoded);
  if (packet_len > G_MAXUINT16)
    return seqack_trace_add_segment (trace, t, t_arrive, sender, fate, marks,
                                     packet, packet_len);

  return add_segment (trace, t, t_arrive, sender, fate, marks, packet,
                      packet_len, EVENT_NO_DATA,
                      packet_len > 0 ? decoded : NULL);
}

guint
seqack_trace_add_kept_segment (SeqackTrace        *trace,
                               gint64              t,
                               gint64              t_arrive,
                               SeqackSide          sender,
                               SeqackFate          fate,
                               guint8              marks,
                               guint64             kept,
                               gsize               packet_len,
                               const SeqackPacket *decoded)
{
  const guint8 *packet;

  g_return_val_if_fail (trace != NULL, G_MAXUINT);
  g_return_val_if_fail (trace->arena != NULL, G_MAXUINT);
  g_return_val_if_fail (sender == SEQACK_CLIENT || sender == SEQACK_SERVER,
                        G_MAXUINT);
  g_return_val_if_fail (decoded != NULL, G_MAXUINT);
  g_return_val_if_fail (time_is_monotonic (trace, t), G_MAXUINT);

  packet = arena_get (trace, kept);
  if (packet_len > G_MAXUINT16)
    return add_cut_segment (trace, t, t_arrive, sender, fate, marks, packet,
                            kept, decoded);
  return add_segment (trace, t, t_arrive, sender, fate, marks, packet,
                      packet_len, packet_len > 0 ? kept : EVENT_NO_DATA,
                      packet_len > 0 ? decoded : NULL);
}

guint
seqack_trace_add_state (SeqackTrace   *trace,
                        gint64         t,
                        SeqackSide     side,
                        SeqackTcpState from,
                        SeqackTcpState to,
                        SeqackTcpEdge  edge,
                        guint8         marks)
{
  StateRecord record;
  SeqackEvent *event;
  guint index;

  g_return_val_if_fail (trace != NULL, G_MAXUINT);
  g_return_val_if_fail (side == SEQACK_CLIENT || side == SEQACK_SERVER,
                        G_MAXUINT);
  g_return_val_if_fail ((guint) to < SEQACK_TCP_N_STATES, G_MAXUINT);
  g_return_val_if_fail ((guint) from < SEQACK_TCP_N_STATES, G_MAXUINT);
  g_return_val_if_fail (time_is_monotonic (trace, t), G_MAXUINT);

  event = append_event (trace, t, SEQACK_EVENT_STATE, side, &index);
  event->from = (guint8) from;
  event->to = (guint8) to;
  event->edge = (guint8) edge;
  event->marks = marks;

  record.event_index = index;
  record.state = (guint8) to;
  /* A connection's side goes through six states at most on the usual
   * paths: one allocation. */
  *(StateRecord *) record_push (&trace->states[side],
                                sizeof (StateRecord), 8) = record;
  return index;
}

void
seqack_trace_set_side_state (SeqackTrace    *trace,
                             SeqackSide      side,
                             guint           index,
                             SeqackTcpState  state)
{
  StateRecord *last;
  StateRecord record;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (side == SEQACK_CLIENT || side == SEQACK_SERVER);
  g_return_if_fail ((guint) state < SEQACK_TCP_N_STATES);
  g_return_if_fail (index < trace->n_events);

  last = record_last (&trace->states[side], sizeof (StateRecord));
  g_return_if_fail (last == NULL || last->event_index <= index);
  if (last != NULL && last->event_index == index)
    {
      last->state = (guint8) state;
      return;
    }
  if (seqack_trace_get_state (trace, index, side) == state)
    return;
  record.event_index = index;
  record.state = (guint8) state;
  *(StateRecord *) record_push (&trace->states[side], sizeof (StateRecord),
                                8) = record;
}

guint
seqack_trace_add_timer (SeqackTrace      *trace,
                        gint64            t,
                        SeqackSide        side,
                        SeqackTcpTimer    timer,
                        SeqackTimerAction action,
                        gint64            deadline)
{
  SeqackEvent *event;
  guint index;

  g_return_val_if_fail (trace != NULL, G_MAXUINT);
  g_return_val_if_fail (side == SEQACK_CLIENT || side == SEQACK_SERVER,
                        G_MAXUINT);
  g_return_val_if_fail (time_is_monotonic (trace, t), G_MAXUINT);

  event = append_event (trace, t, SEQACK_EVENT_TIMER, side, &index);
  event->from = (guint8) timer;
  event->to = (guint8) action;
  event->t2 = deadline;
  return index;
}

/* Stores @text (at most 64 KiB - 1, cut at a character boundary) in the
 * arena for @event. */
static void
set_event_text (SeqackTrace *trace,
                SeqackEvent *event,
                const char  *text,
                gsize        len)
{
  if (text == NULL)
    return;
  if (len > G_MAXUINT16)
    {
      const char *end = text + G_MAXUINT16;

      /* Never split a UTF-8 sequence: back up to a start byte. */
      while (end > text && ((guchar) *end & 0xc0) == 0x80)
        end--;
      len = end - text;
    }
  event->data = arena_append (trace, (const guint8 *) text, len, TRUE);
  event->data_len = (guint16) len;
}

/* Whether @action acts on a host (the lab's settings and the clock are
 * nobody's, the flood is not a host that has buttons). */
static gboolean
action_picks_host (SeqackAction action)
{
  return !seqack_action_is_lab_wide (action) &&
         action != SEQACK_ACTION_FLOOD;
}

/* ACTION event @index of @side was appended. */
static void
note_host_action (SeqackTrace  *trace,
                  guint         index,
                  SeqackSide    side,
                  SeqackAction  action)
{
  if (side == SEQACK_CLIENT && action_picks_host (action))
    *(guint *) record_push (&trace->host_actions, sizeof (guint), 8) = index;
}

guint
seqack_trace_add_action (SeqackTrace  *trace,
                         gint64        t,
                         SeqackSide    side,
                         SeqackAction  action,
                         guint32       number,
                         const char   *text)
{
  SeqackEvent *event;
  guint index;

  g_return_val_if_fail (trace != NULL, G_MAXUINT);
  g_return_val_if_fail (side == SEQACK_CLIENT || side == SEQACK_SERVER,
                        G_MAXUINT);
  g_return_val_if_fail ((guint) action < SEQACK_N_ACTIONS, G_MAXUINT);
  g_return_val_if_fail (time_is_monotonic (trace, t), G_MAXUINT);

  event = append_event (trace, t, SEQACK_EVENT_ACTION, side, &index);
  event->from = (guint8) action;
  event->number = number;
  if (text != NULL)
    set_event_text (trace, event, text, strlen (text));
  note_host_action (trace, index, side, action);
  return index;
}

guint
seqack_trace_add_data (SeqackTrace  *trace,
                       gint64        t,
                       SeqackSide    side,
                       const guint8 *data,
                       gsize         len)
{
  SeqackEvent *event;
  guint index;

  g_return_val_if_fail (trace != NULL, G_MAXUINT);
  g_return_val_if_fail (side == SEQACK_CLIENT || side == SEQACK_SERVER,
                        G_MAXUINT);
  g_return_val_if_fail (data != NULL || len == 0, G_MAXUINT);
  g_return_val_if_fail (time_is_monotonic (trace, t), G_MAXUINT);

  event = append_event (trace, t, SEQACK_EVENT_DATA, side, &index);
  /* The application got all @len bytes; only the first 64 KiB are kept to
   * show. */
  event->number = (guint32) MIN (len, G_MAXUINT32);
  len = MIN (len, G_MAXUINT16);
  event->data = arena_append (trace, data, len, TRUE);
  event->data_len = (guint16) len;
  return index;
}

guint
seqack_trace_add_error (SeqackTrace  *trace,
                        gint64        t,
                        SeqackSide    side,
                        SeqackError   code,
                        const char   *message)
{
  SeqackEvent *event;
  guint index;

  g_return_val_if_fail (trace != NULL, G_MAXUINT);
  g_return_val_if_fail (side == SEQACK_CLIENT || side == SEQACK_SERVER,
                        G_MAXUINT);
  g_return_val_if_fail (time_is_monotonic (trace, t), G_MAXUINT);

  event = append_event (trace, t, SEQACK_EVENT_ERROR, side, &index);
  event->number = (guint32) code;
  if (message != NULL)
    set_event_text (trace, event, message, strlen (message));
  return index;
}

guint
seqack_trace_add_queue (SeqackTrace *trace,
                        gint64       t,
                        SeqackSide   side,
                        guint        syn_queue,
                        guint        accept_queue,
                        guint        backlog)
{
  SeqackEvent *event;
  guint index;

  g_return_val_if_fail (trace != NULL, G_MAXUINT);
  g_return_val_if_fail (side == SEQACK_CLIENT || side == SEQACK_SERVER,
                        G_MAXUINT);
  g_return_val_if_fail (time_is_monotonic (trace, t), G_MAXUINT);

  event = append_event (trace, t, SEQACK_EVENT_QUEUE, side, &index);
  event->number = syn_queue;
  event->window = (guint16) MIN (accept_queue, G_MAXUINT16);
  event->t2 = backlog;
  return index;
}

/* Sockets: a non-SEGMENT event keeps its socket in the seq and ack a
 * segment would use: the remote address in seq, the local and remote
 * ports in ack. */

void
seqack_trace_set_socket (SeqackTrace           *trace,
                         guint                  index,
                         const SeqackSocketKey *key)
{
  SeqackEvent *event;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (index < trace->n_events);
  g_return_if_fail (key != NULL);

  event = event_at (trace, index);
  g_return_if_fail (event->kind != SEQACK_EVENT_SEGMENT);
  event->seq = key->remote_addr;
  event->ack = ((guint32) key->local_port << 16) | key->remote_port;
  event->marks |= SEQACK_MARK_SOCKET;
  trace->has_sockets = TRUE;
}

guint
seqack_trace_append_from (SeqackTrace *trace,
                          SeqackTrace *from,
                          guint        first,
                          guint        n_events,
                          gint64       t_offset,
                          gboolean     swap_sides)
{
  guint start;

  g_return_val_if_fail (trace != NULL, G_MAXUINT);
  g_return_val_if_fail (from != NULL && from != trace, G_MAXUINT);
  g_return_val_if_fail (first <= from->n_events &&
                        n_events <= from->n_events - first, G_MAXUINT);
  g_return_val_if_fail (n_events == 0 ||
                        time_is_monotonic (trace,
                                           event_at (from, first)->t
                                           + t_offset), G_MAXUINT);

  start = trace->n_events;
  for (guint s = 0; s < 2; s++)
    {
      SeqackSide to = swap_sides ? SEQACK_OTHER_SIDE (s) : (SeqackSide) s;

      if (trace->endpoints[to].family == 0)
        trace->endpoints[to] = from->endpoints[s];
    }
  trace->snapshot_length = MAX (trace->snapshot_length,
                                from->snapshot_length);

  for (guint i = first; i < first + n_events; i++)
    {
      const SeqackEvent *src = event_at (from, i);
      SeqackSide side = swap_sides ? SEQACK_OTHER_SIDE (src->side)
                                   : (SeqackSide) src->side;
      SeqackEvent *event;
      guint64 data;
      guint index;

      /* Monotonic within @from, so only the first needed checking. */
      event = append_event (trace, src->t + t_offset, src->kind, side,
                            &index);
      data = event->data;
      *event = *src;
      event->t = src->t + t_offset;
      event->side = (guint8) side;
      if (src->kind == SEQACK_EVENT_SEGMENT ||
          src->kind == SEQACK_EVENT_TIMER)
        event->t2 = src->t2 + t_offset;
      /* Traces sharing an arena (a capture's) share the bytes too. */
      if (src->data == EVENT_NO_DATA)
        event->data = data;
      else if (trace->arena != NULL && trace->arena == from->arena)
        event->data = src->data;
      else
        {
          const guint8 *bytes = arena_get (from, src->data);
          /* texts are kept with their NUL */
          gboolean text = src->kind != SEQACK_EVENT_SEGMENT;

          event->data = arena_append (trace, bytes, src->data_len, text);
        }

      if (src->marks & SEQACK_MARK_SOCKET)
        trace->has_sockets = TRUE;
      if (src->kind == SEQACK_EVENT_ACTION)
        note_host_action (trace, index, side, (SeqackAction) src->from);
      if (src->kind == SEQACK_EVENT_STATE)
        {
          StateRecord record = { index, src->to };

          *(StateRecord *) record_push (&trace->states[side],
                                        sizeof (StateRecord), 8) = record;
        }
      else if (src->kind == SEQACK_EVENT_SEGMENT)
        {
          guint16 sport, dport;

          /* A packet that decoded moves the bases, by its own ports. */
          if (seqack_trace_get_ports (trace, index, &sport, &dport))
            number_segment (trace, index, sport, dport);
        }

      for (guint s = 0; s < 2; s++)
        {
          SeqackTcpVars vars;

          if (lookup_host_vars (from, i, s, &vars))
            seqack_vars_log_note (&trace->vars[swap_sides ? 1 - s : s],
                                  index, &vars);
        }
    }
  return start;
}

gboolean
seqack_trace_has_many_connections (SeqackTrace *trace)
{
  g_return_val_if_fail (trace != NULL, FALSE);

  return trace->many_ports[SEQACK_CLIENT] || trace->many_ports[SEQACK_SERVER];
}

gboolean
seqack_trace_has_sockets (SeqackTrace *trace)
{
  g_return_val_if_fail (trace != NULL, FALSE);

  return trace->has_sockets;
}

/* The 4 bytes of SEGMENT @event's IPv4 destination address, or NULL
 * (an IPv6 or too short packet). */
static const guint8 *
segment_ipv4_dst (SeqackTrace       *trace,
                  const SeqackEvent *event)
{
  const guint8 *packet;

  if (event->data_len < 20)
    return NULL;
  packet = arena_get (trace, event->data);
  return (packet[0] >> 4) == 4 ? packet + 16 : NULL;
}

gboolean
seqack_trace_get_socket (SeqackTrace     *trace,
                         guint            index,
                         SeqackSocketKey *key)
{
  const SeqackEvent *event;

  g_return_val_if_fail (trace != NULL, FALSE);
  g_return_val_if_fail (index < trace->n_events, FALSE);
  g_return_val_if_fail (key != NULL, FALSE);

  event = event_at (trace, index);
  memset (key, 0, sizeof *key);
  if (event->kind == SEQACK_EVENT_SEGMENT)
    {
      const SeqackEndpoint *peer =
        &trace->endpoints[SEQACK_OTHER_SIDE (event->side)];
      const guint8 *dst;

      if (!seqack_trace_get_ports (trace, index, &key->local_port,
                                   &key->remote_port))
        return FALSE;
      /* The destination, when it is not the other side's own address
       * (IPv4 only: an IPv6 trace has two hosts). */
      dst = segment_ipv4_dst (trace, event);
      if (dst != NULL &&
          (peer->family != 4 || memcmp (peer->addr, dst, 4) != 0))
        key->remote_addr = seqack_read_be32 (dst);
      return TRUE;
    }
  if (!(event->marks & SEQACK_MARK_SOCKET))
    return FALSE;
  key->remote_addr = event->seq;
  key->local_port = (guint16) (event->ack >> 16);
  key->remote_port = (guint16) event->ack;
  return TRUE;
}

gboolean
seqack_socket_key_is_listener (const SeqackSocketKey *key)
{
  g_return_val_if_fail (key != NULL, FALSE);

  return key->remote_port == 0 && key->remote_addr == 0;
}

guint
seqack_trace_get_calls_host (SeqackTrace *trace,
                             guint        n_events,
                             SeqackSide   side)
{
  gint found;

  g_return_val_if_fail (trace != NULL, side);

  if (side == SEQACK_SERVER || !seqack_trace_has_more_hosts (trace) ||
      n_events == 0)
    return side;
  /* The last of the client side's actions that pick a host among the
   * first @n_events. */
  found = find_record (&trace->host_actions, sizeof (guint),
                       MIN (n_events, trace->n_events) - 1);
  if (found < 0)
    return side;
  return seqack_trace_get_event_host (
           trace, ((const guint *) trace->host_actions.data)[found]);
}

/* Hosts */

void
seqack_trace_add_host (SeqackTrace *trace,
                       guint        host,
                       guint32      addr,
                       guint        prefix_len)
{
  g_return_if_fail (trace != NULL);
  g_return_if_fail (host >= SEQACK_HOST_CLIENT_2 && host < SEQACK_N_HOSTS);
  g_return_if_fail (prefix_len >= 1 && prefix_len <= 32);

  trace->more_hosts |= 1u << host;
  trace->host_addr[host] = addr;
  trace->host_prefix[host] = (guint8) prefix_len;
}

gboolean
seqack_trace_has_host (SeqackTrace *trace,
                       guint        host)
{
  g_return_val_if_fail (trace != NULL, FALSE);

  return host < 2 || (host < SEQACK_N_HOSTS &&
                      (trace->more_hosts & (1u << host)) != 0);
}

gboolean
seqack_trace_has_more_hosts (SeqackTrace *trace)
{
  g_return_val_if_fail (trace != NULL, FALSE);

  return trace->more_hosts != 0;
}

void
seqack_trace_get_host_endpoint (SeqackTrace    *trace,
                                guint           host,
                                SeqackEndpoint *endpoint)
{
  g_return_if_fail (trace != NULL && endpoint != NULL);
  g_return_if_fail (seqack_trace_has_host (trace, host));

  if (host < 2)
    {
      *endpoint = trace->endpoints[host];
      return;
    }
  memset (endpoint, 0, sizeof *endpoint);
  endpoint->family = 4;
  seqack_write_be32 (endpoint->addr, trace->host_addr[host]);
}

guint
seqack_trace_get_host_prefix_len (SeqackTrace *trace,
                                  guint        host)
{
  g_return_val_if_fail (trace != NULL, 32);
  g_return_val_if_fail (seqack_trace_has_host (trace, host), 32);

  return host < 2 ? 32 : trace->host_prefix[host];
}

guint
seqack_trace_host_for_addr (SeqackTrace *trace,
                            SeqackSide   side,
                            guint32      addr)
{
  g_return_val_if_fail (trace != NULL, side);

  for (guint h = SEQACK_HOST_CLIENT_2;
       trace->more_hosts != 0 && h < SEQACK_N_HOSTS; h++)
    {
      guint32 mask;

      /* An absent host has no prefix: no mask to shift. */
      if ((trace->more_hosts & (1u << h)) == 0 ||
          seqack_host_side (h) != side)
        continue;
      mask = 0xffffffffu << (32 - trace->host_prefix[h]);
      if ((addr & mask) == (trace->host_addr[h] & mask))
        return h;
    }
  return side;
}

void
seqack_trace_set_event_host (SeqackTrace *trace,
                             guint        index,
                             guint        host)
{
  HostRecord *last;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (index < trace->n_events);
  g_return_if_fail (host >= SEQACK_HOST_CLIENT_2 &&
                    seqack_trace_has_host (trace, host));
  g_return_if_fail (event_at (trace, index)->side == seqack_host_side (host));

  last = record_last (&trace->event_hosts, sizeof (HostRecord));
  g_return_if_fail (last == NULL || last->event_index < index);
  *(HostRecord *) record_push (&trace->event_hosts, sizeof (HostRecord),
                               64) = (HostRecord) { index, (guint8) host };
}

guint
seqack_trace_get_event_host (SeqackTrace *trace,
                             guint        index)
{
  const SeqackEvent *event;
  gint found;

  g_return_val_if_fail (trace != NULL, SEQACK_CLIENT);
  g_return_val_if_fail (index < trace->n_events, SEQACK_CLIENT);

  event = event_at (trace, index);
  if (trace->event_hosts.len == 0)
    return event->side;
  found = find_record (&trace->event_hosts, sizeof (HostRecord), index);
  if (found >= 0)
    {
      const HostRecord *record =
        &((const HostRecord *) trace->event_hosts.data)[found];

      if (record->event_index == index)
        return record->host;
    }
  return event->side;
}

guint
seqack_trace_get_segment_receiver (SeqackTrace *trace,
                                   guint        index)
{
  const SeqackEvent *event;
  SeqackSide receiver;
  const guint8 *dst;

  g_return_val_if_fail (trace != NULL, SEQACK_SERVER);
  g_return_val_if_fail (index < trace->n_events, SEQACK_SERVER);

  event = event_at (trace, index);
  receiver = SEQACK_OTHER_SIDE (event->side);
  if (trace->more_hosts == 0 || event->kind != SEQACK_EVENT_SEGMENT ||
      (dst = segment_ipv4_dst (trace, event)) == NULL)
    return receiver;
  return seqack_trace_host_for_addr (trace, receiver, seqack_read_be32 (dst));
}

void
seqack_trace_socket_endpoints (SeqackTrace           *trace,
                               guint                  host,
                               const SeqackSocketKey *key,
                               SeqackEndpoint        *local,
                               SeqackEndpoint        *remote)
{
  SeqackSide side;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (seqack_trace_has_host (trace, host));
  g_return_if_fail (key != NULL && local != NULL && remote != NULL);

  side = seqack_host_side (host);
  seqack_trace_get_host_endpoint (trace, host, local);
  local->port = key->local_port;
  memset (remote, 0, sizeof *remote);
  if (seqack_socket_key_is_listener (key))
    return;
  if (key->remote_addr != 0)
    {
      remote->family = 4;
      remote->addr[0] = (guint8) (key->remote_addr >> 24);
      remote->addr[1] = (guint8) (key->remote_addr >> 16);
      remote->addr[2] = (guint8) (key->remote_addr >> 8);
      remote->addr[3] = (guint8) key->remote_addr;
    }
  else
    *remote = trace->endpoints[SEQACK_OTHER_SIDE (side)];
  remote->port = key->remote_port;
}

void
seqack_trace_mark_queue_drop (SeqackTrace *trace,
                              guint        index,
                              gboolean     accept_queue,
                              gboolean     cookie_ack)
{
  SeqackEvent *event;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (index < trace->n_events);

  event = event_at (trace, index);
  g_return_if_fail (event->kind == SEQACK_EVENT_SEGMENT);
  event->marks |= SEQACK_MARK_QUEUE_DROP;
  event->edge |= (accept_queue ? SEQACK_WHY_ACCEPT_QUEUE_FULL : 0) |
                 (cookie_ack ? SEQACK_WHY_COOKIE_ACK : 0);
}

void
seqack_trace_set_why (SeqackTrace *trace,
                      guint        index,
                      guint8       why)
{
  SeqackEvent *event;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (index < trace->n_events);

  event = (SeqackEvent *) seqack_trace_get_event (trace, index);
  g_return_if_fail (event->kind == SEQACK_EVENT_SEGMENT);
  event->edge = why | (event->edge & (SEQACK_WHY_SYN_COOKIE |
                                      SEQACK_WHY_ACCEPT_QUEUE_FULL |
                                      SEQACK_WHY_COOKIE_ACK));
}

void
seqack_trace_set_cookie (SeqackTrace           *trace,
                         guint                  index,
                         const SeqackSynCookie *cookie)
{
  CookieRecord record;

  g_return_if_fail (trace != NULL && cookie != NULL);
  g_return_if_fail (index < trace->n_events);
  g_return_if_fail (event_at (trace, index)->kind == SEQACK_EVENT_SEGMENT);

  if (trace->cookies == NULL)
    trace->cookies = g_array_new (FALSE, FALSE, sizeof (CookieRecord));
  g_return_if_fail (trace->cookies->len == 0 ||
                    g_array_index (trace->cookies, CookieRecord,
                                   trace->cookies->len - 1).event_index
                      < index);
  record.event_index = index;
  record.cookie = *cookie;
  g_array_append_val (trace->cookies, record);
  event_at (trace, index)->edge |= SEQACK_WHY_SYN_COOKIE;
}

gboolean
seqack_trace_get_cookie (SeqackTrace     *trace,
                         guint            index,
                         SeqackSynCookie *cookie)
{
  guint lo = 0, hi;

  g_return_val_if_fail (trace != NULL && cookie != NULL, FALSE);

  if (trace->cookies == NULL)
    return FALSE;
  hi = trace->cookies->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const CookieRecord *r = &g_array_index (trace->cookies, CookieRecord,
                                              mid);

      if (r->event_index == index)
        {
          *cookie = r->cookie;
          return TRUE;
        }
      if (r->event_index < index)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

void
seqack_trace_note_vars (SeqackTrace         *trace,
                        guint                host,
                        const SeqackTcpVars *vars)
{
  SeqackVarsLog *log;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (host < SEQACK_N_HOSTS);
  g_return_if_fail (vars != NULL);

  if (host < 2)
    log = &trace->vars[host];
  else
    {
      if (trace->host_vars == NULL)
        trace->host_vars = g_new0 (SeqackVarsLog, SEQACK_N_HOSTS);
      log = &trace->host_vars[host];
    }
  /* Before the first event the variables hold from event 0 on. The log
   * stores nothing when they did not change. */
  seqack_vars_log_note (log, trace->n_events > 0 ? trace->n_events - 1 : 0,
                        vars);
  if (trace->socket_vars != NULL)
    noter_push (trace->socket_vars, host,
                trace->n_events > 0 ? trace->n_events - 1 : 0, 0);
}

void
seqack_trace_note_socket_vars (SeqackTrace           *trace,
                               guint                  host,
                               const SeqackSocketKey *key,
                               const SeqackTcpVars   *vars)
{
  guint index, socket;
  SocketsVars *sv;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (host < SEQACK_N_HOSTS);
  g_return_if_fail (key != NULL && vars != NULL);

  if (trace->socket_vars == NULL)
    trace->socket_vars = g_new0 (SocketsVars, 1);
  sv = trace->socket_vars;
  index = trace->n_events > 0 ? trace->n_events - 1 : 0;
  /* Most notes are of the socket the host noted last: no hashing. */
  if (sv->noters[host].len > 0 &&
      (socket = ((const NoterRecord *) sv->noters[host].data)
                  [sv->noters[host].len - 1].socket) != 0 &&
      socket_is (&sv->sockets[socket - 1], host, key))
    socket--;
  else
    socket = get_socket (sv, host, key);
  if (sv->recent[0] != socket + 1)
    socket_touch (sv, socket + 1);
  seqack_vars_log_note (&sv->sockets[socket].log, index, vars);
  noter_push (sv, host, index, socket + 1);
}

void
seqack_trace_note_arrival (SeqackTrace         *trace,
                           guint                index,
                           guint                first_event,
                           const SeqackTcpVars *vars)
{
  const SeqackEvent *event;
  guint ordinal, side;
  Arrivals *a;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (index < trace->n_events);
  g_return_if_fail (vars != NULL);

  event = event_at (trace, index);
  g_return_if_fail (event->kind == SEQACK_EVENT_SEGMENT
                    && event->side <= SEQACK_SERVER);
  if (trace->arrivals == NULL)
    {
      trace->arrivals = g_new0 (Arrivals, 1);
      trace->arrivals->of_segment = g_array_new (FALSE, TRUE,
                                                 sizeof (Arrival));
    }
  a = trace->arrivals;
  side = SEQACK_OTHER_SIDE (event->side);
  ordinal = seqack_trace_get_segment_ordinal (trace, index);
  if (a->of_segment->len < ordinal)
    g_array_set_size (a->of_segment, ordinal);
  /* A segment reaches its receiver once. */
  g_return_if_fail (g_array_index (a->of_segment, Arrival, ordinal - 1).key
                    == 0);
  seqack_vars_log_note (&a->log[side], a->n[side], vars);
  g_array_index (a->of_segment, Arrival, ordinal - 1).key = ++a->n[side];
  g_array_index (a->of_segment, Arrival, ordinal - 1).first_event =
    MIN (first_event, trace->n_events);
}

void
seqack_trace_begin_connection (SeqackTrace *trace)
{
  g_return_if_fail (trace != NULL);

  /* Takes effect from the next event, so older events keep the relative
   * numbers they were shown with. */
  for (guint s = 0; s < 2; s++)
    {
      const BaseRecord *base = current_base (trace, (SeqackSide) s, 0, 0);

      if (base != NULL && base->valid)
        set_base (trace, (SeqackSide) s, trace->n_events, 0, 0, 0, FALSE,
                  FALSE);
    }
}

/* Reading */

guint
seqack_trace_get_n_events (SeqackTrace *trace)
{
  g_return_val_if_fail (trace != NULL, 0);

  return trace->n_events;
}

const SeqackEvent *
seqack_trace_get_event (SeqackTrace *trace,
                        guint        index)
{
  g_return_val_if_fail (trace != NULL, NULL);
  g_return_val_if_fail (index < trace->n_events, NULL);

  return event_at (trace, index);
}

const guint8 *
seqack_trace_get_data (SeqackTrace *trace,
                       guint        index,
                       gsize       *len)
{
  const SeqackEvent *event;

  if (len != NULL)
    *len = 0;
  g_return_val_if_fail (trace != NULL, NULL);
  g_return_val_if_fail (index < trace->n_events, NULL);

  event = event_at (trace, index);
  if (event->data == EVENT_NO_DATA)
    return NULL;
  if (len != NULL)
    *len = event->data_len;
  return arena_get (trace, event->data);
}

const char *
seqack_trace_get_text (SeqackTrace *trace,
                       guint        index)
{
  const SeqackEvent *event;

  g_return_val_if_fail (trace != NULL, "");
  g_return_val_if_fail (index < trace->n_events, "");

  event = event_at (trace, index);
  /* Packets are not NUL-terminated: only texts are. */
  if (event->data == EVENT_NO_DATA || event->kind == SEQACK_EVENT_SEGMENT)
    return "";
  return (const char *) arena_get (trace, event->data);
}

guint
seqack_trace_count_until (SeqackTrace *trace,
                          gint64       t)
{
  guint lo = 0, hi;

  g_return_val_if_fail (trace != NULL, 0);

  /* Times never decrease, so the events with t <= @t are a prefix: find
   * its end (the first event with a later time). */
  hi = trace->n_events;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (event_at (trace, mid)->t <= t)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Index of the last record with event_index <= @index in @records (whose
 * first member is a guint event_index, in increasing order), or -1. */
static gint
find_record (const RecordArray *records,
             gsize              size,
             guint              index)
{
  guint lo = 0, hi = records->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const guint *event_index =
        (const guint *) (records->data + (gsize) mid * size);

      if (*event_index <= index)
        lo = mid + 1;
      else
        hi = mid;
    }
  return (gint) lo - 1;
}

/* @host's variables after event @index: of the socket that noted last
 * by then, or its own log's. */
static gboolean
lookup_host_vars (SeqackTrace   *trace,
                  guint          index,
                  guint          host,
                  SeqackTcpVars *vars)
{
  const SeqackVarsLog *own = host_own_log (trace, host);
  const SocketsVars *sv = trace->socket_vars;

  if (sv != NULL && sv->noters[host].len > 0)
    {
      gint r = find_record (&sv->noters[host], sizeof (NoterRecord), index);
      const NoterRecord *noter;

      /* Before the first record only what the host noted with no socket
       * before any socket noted. */
      noter = r >= 0 ? (const NoterRecord *) sv->noters[host].data + r
                     : NULL;
      if (noter != NULL && noter->socket != 0)
        return seqack_vars_log_lookup (&sv->sockets[noter->socket - 1].log,
                                       index, vars);
    }
  return own != NULL && seqack_vars_log_lookup (own, index, vars);
}

gboolean
seqack_trace_get_vars (SeqackTrace   *trace,
                       guint          index,
                       SeqackSide     side,
                       SeqackTcpVars *vars)
{
  g_return_val_if_fail (trace != NULL, FALSE);
  g_return_val_if_fail (side == SEQACK_CLIENT || side == SEQACK_SERVER,
                        FALSE);
  g_return_val_if_fail (vars != NULL, FALSE);

  if (!lookup_host_vars (trace, index, side, vars))
    {
      memset (vars, 0, sizeof *vars);
      return FALSE;
    }
  return TRUE;
}

gboolean
seqack_trace_get_host_vars (SeqackTrace   *trace,
                            guint          index,
                            guint          host,
                            SeqackTcpVars *vars)
{
  g_return_val_if_fail (trace != NULL, FALSE);
  g_return_val_if_fail (host < SEQACK_N_HOSTS, FALSE);
  g_return_val_if_fail (vars != NULL, FALSE);

  if (!lookup_host_vars (trace, index, host, vars))
    {
      memset (vars, 0, sizeof *vars);
      return FALSE;
    }
  return TRUE;
}

gboolean
seqack_trace_has_socket_vars (SeqackTrace *trace)
{
  g_return_val_if_fail (trace != NULL, FALSE);

  return trace->socket_vars != NULL;
}

gboolean
seqack_trace_get_socket_vars (SeqackTrace           *trace,
                              guint                  index,
                              guint                  host,
                              const SeqackSocketKey *key,
                              SeqackTcpVars         *vars)
{
  guint socket;

  g_return_val_if_fail (trace != NULL, FALSE);
  g_return_val_if_fail (host < SEQACK_N_HOSTS, FALSE);
  g_return_val_if_fail (key != NULL && vars != NULL, FALSE);

  if (trace->socket_vars == NULL)
    return seqack_trace_get_host_vars (trace, index, host, vars);
  socket = find_socket (trace->socket_vars, host, key);
  if (socket == G_MAXUINT ||
      !seqack_vars_log_lookup (&trace->socket_vars->sockets[socket].log,
                               index, vars))
    {
      memset (vars, 0, sizeof *vars);
      return FALSE;
    }
  return TRUE;
}

gboolean
seqack_trace_get_event_vars (SeqackTrace   *trace,
                             guint          index,
                             SeqackTcpVars *vars)
{
  SeqackSocketKey key;
  guint host;

  g_return_val_if_fail (trace != NULL, FALSE);
  g_return_val_if_fail (index < trace->n_events, FALSE);
  g_return_val_if_fail (vars != NULL, FALSE);

  host = seqack_trace_get_event_host (trace, index);
  if (trace->socket_vars == NULL)
    return seqack_trace_get_host_vars (trace, index, host, vars);
  if (!seqack_trace_get_socket (trace, index, &key))
    {
      memset (vars, 0, sizeof *vars);
      return FALSE;
    }
  return seqack_trace_get_socket_vars (trace, index, host, &key, vars);
}

/* The record of SEGMENT event @index's arrival, or NULL. */
static const Arrival *
arrival_of (SeqackTrace *trace,
            guint        index)
{
  guint ordinal = seqack_trace_get_segment_ordinal (trace, index);
  const Arrival *arrival;

  if (ordinal == 0 || trace->arrivals == NULL
      || ordinal > trace->arrivals->of_segment->len)
    return NULL;
  arrival = &g_array_index (trace->arrivals->of_segment, Arrival,
                            ordinal - 1);
  return arrival->key != 0 ? arrival : NULL;
}

gboolean
seqack_trace_get_arrival_vars (SeqackTrace   *trace,
                               guint          index,
                               SeqackTcpVars *vars)
{
  const Arrival *arrival;

  g_return_val_if_fail (trace != NULL, FALSE);
  g_return_val_if_fail (vars != NULL, FALSE);

  memset (vars, 0, sizeof *vars);
  arrival = arrival_of (trace, index);
  if (arrival == NULL)
    return FALSE;
  return seqack_vars_log_lookup (
           &trace->arrivals->log[SEQACK_OTHER_SIDE (event_at (trace,
                                                              index)->side)],
           arrival->key - 1, vars);
}

guint
seqack_trace_get_arrival_event (SeqackTrace *trace,
                                guint        index)
{
  const Arrival *arrival;

  g_return_val_if_fail (trace != NULL, G_MAXUINT);

  arrival = arrival_of (trace, index);
  return arrival != NULL ? arrival->first_event : G_MAXUINT;
}

SeqackTcpState
seqack_trace_get_state (SeqackTrace *trace,
                        guint        index,
                        SeqackSide   side)
{
  gint found;

  g_return_val_if_fail (trace != NULL, SEQACK_TCP_CLOSED);
  g_return_val_if_fail (side == SEQACK_CLIENT || side == SEQACK_SERVER,
                        SEQACK_TCP_CLOSED);

  found = find_record (&trace->states[side], sizeof (StateRecord), index);
  if (found < 0)
    return SEQACK_TCP_CLOSED;
  return (SeqackTcpState) ((const StateRecord *) trace->states[side].data)
    [found].state;
}

SeqackTcpState
seqack_trace_get_host_state (SeqackTrace *trace,
                             guint        index,
                             guint        host)
{
  const RecordArray *records;

  g_return_val_if_fail (trace != NULL, SEQACK_TCP_CLOSED);
  g_return_val_if_fail (host < SEQACK_N_HOSTS, SEQACK_TCP_CLOSED);

  if (trace->more_hosts == 0 || host == SEQACK_SERVER)
    return seqack_trace_get_state (trace, index, seqack_host_side (host));

  /* A record at a client-side state event is that event's host's (its
   * own "to": set_side_state() may have written over the record for the
   * client); any other record is set_side_state()'s, the client's. */
  records = &trace->states[SEQACK_CLIENT];
  for (gint r = find_record (records, sizeof (StateRecord), index); r >= 0;
       r--)
    {
      const StateRecord *record = &((const StateRecord *) records->data)[r];
      const SeqackEvent *event = event_at (trace, record->event_index);

      if (event->kind == SEQACK_EVENT_STATE && event->side == SEQACK_CLIENT)
        {
          if (seqack_trace_get_event_host (trace, record->event_index) ==
              host)
            return host == SEQACK_CLIENT ? (SeqackTcpState) record->state
                                         : (SeqackTcpState) event->to;
        }
      else if (host == SEQACK_CLIENT)
        return (SeqackTcpState) record->state;
    }
  return SEQACK_TCP_CLOSED;
}

gboolean
seqack_trace_state_knows_peer (SeqackTcpState state)
{
  return state != SEQACK_TCP_CLOSED && state != SEQACK_TCP_LISTEN &&
         state != SEQACK_TCP_SYN_SENT;
}

/* The base of @side's connection on @port to @peer_port (0: whichever
 * is last) at event @index. */
static gboolean
base_at (SeqackTrace *trace,
         guint        index,
         SeqackSide   side,
         guint16      port,
         guint16      peer_port,
         guint32     *base)
{
  gint found = find_base (trace, side, index, port, peer_port);
  const BaseRecord *record;

  if (found < 0)
    return FALSE;
  record = &((const BaseRecord *) trace->bases[side].data)[found];
  if (!record->valid)
    return FALSE;
  *base = record->base;
  return TRUE;
}

gboolean
seqack_trace_get_base (SeqackTrace *trace,
                       guint        index,
                       SeqackSide   side,
                       guint32     *base)
{
  guint32 value = 0;
  gboolean known;

  if (base != NULL)
    *base = 0;
  g_return_val_if_fail (trace != NULL, FALSE);
  g_return_val_if_fail (side == SEQACK_CLIENT || side == SEQACK_SERVER,
                        FALSE);

  known = base_at (trace, index, side, 0, 0, &value);
  if (base != NULL)
    *base = value;
  return known;
}

/* The ports of SEGMENT event @index's connection a base is looked up
 * with: 0 (any) unless its sides number several connections. */
static void
segment_base_ports (SeqackTrace *trace,
                    guint        index,
                    guint16     *sender_port,
                    guint16     *receiver_port)
{
  *sender_port = *receiver_port = 0;
  if (numbers_many (trace) &&
      !seqack_trace_get_ports (trace, index, sender_port, receiver_port))
    *sender_port = *receiver_port = 0;
}

void
seqack_trace_get_var_bases (SeqackTrace         *trace,
                            guint                index,
                            SeqackSide           side,
                            const SeqackTcpVars *vars,
                            guint32             *own,
                            guint32             *peer)
{
  g_return_if_fail (vars != NULL && own != NULL && peer != NULL);

  /* With more hosts on a side, the side's last base may be another
   * host's connection (a flood SYN's), and with a socket's own
   * variables of several connections another connection's: a
   * connection's variables count from its own ISNs, as its segments
   * do. */
  if (trace->more_hosts != 0 ||
      (trace->socket_vars != NULL && seqack_trace_has_many_connections (trace)))
    {
      *own = vars->iss;
      *peer = vars->irs;
      return;
    }
  if (!seqack_trace_get_base (trace, index, side, own))
    *own = vars->iss;
  if (!seqack_trace_get_base (trace, index, SEQACK_OTHER_SIDE (side), peer))
    *peer = vars->irs;
}

guint32
seqack_trace_relative_seq (SeqackTrace *trace,
                           guint        index)
{
  const SeqackEvent *event;
  guint16 own_port, peer_port;
  guint32 base;

  g_return_val_if_fail (trace != NULL, 0);
  g_return_val_if_fail (index < trace->n_events, 0);

  event = event_at (trace, index);
  g_return_val_if_fail (event->kind == SEQACK_EVENT_SEGMENT, 0);

  /* A packet that did not decode may have no base yet: show it as is. */
  segment_base_ports (trace, index, &own_port, &peer_port);
  if (!base_at (trace, index, event->side, own_port, peer_port, &base))
    return event->seq;
  return event->seq - base;
}

guint32
seqack_trace_relative_ack (SeqackTrace *trace,
                           guint        index)
{
  const SeqackEvent *event;
  guint16 own_port, peer_port;
  guint32 base;

  g_return_val_if_fail (trace != NULL, 0);
  g_return_val_if_fail (index < trace->n_events, 0);

  event = event_at (trace, index);
  g_return_val_if_fail (event->kind == SEQACK_EVENT_SEGMENT, 0);

  /* The Ack field means nothing without the ACK flag (RFC 9293 §3.1). */
  if (!(event->flags & SEQACK_TCP_ACK))
    return 0;
  segment_base_ports (trace, index, &own_port, &peer_port);
  if (!base_at (trace, index, SEQACK_OTHER_SIDE (event->side), peer_port,
                own_port, &base))
    return event->ack;
  return event->ack - base;
}

gsize
seqack_trace_get_memory_size (SeqackTrace *trace)
{
  gsize size;

  g_return_val_if_fail (trace != NULL, 0);

  size = sizeof *trace;
  size += (gsize) trace->blocks_capacity * sizeof (SeqackEvent *);
  size += (gsize) trace->blocks_capacity * sizeof (guint);
  if (trace->n_blocks > 0)
    size += ((gsize) (trace->n_blocks - 1) * EVENT_BLOCK +
             trace->last_capacity) * sizeof (SeqackEvent);
  if (trace->cookies != NULL)
    size += (gsize) trace->cookies->len * sizeof (CookieRecord);
  size += (gsize) trace->event_hosts.capacity * sizeof (HostRecord);
  size += (gsize) trace->host_actions.capacity * sizeof (guint);
  /* A shared arena is counted once, by whoever shares it out. */
  if (!trace->shared_arena && trace->arena != NULL)
    size += seqack_trace_arena_get_memory_size (trace->arena);
  if (trace->arrivals != NULL)
    {
      size += sizeof (Arrivals);
      size += (gsize) trace->arrivals->of_segment->len * sizeof (Arrival);
      for (guint s = 0; s < 2; s++)
        size += seqack_vars_log_memory (&trace->arrivals->log[s]);
    }
  if (trace->socket_vars != NULL)
    {
      const SocketsVars *sv = trace->socket_vars;

      size += sizeof *sv;
      size += (gsize) sv->sockets_capacity * sizeof (SocketVars);
      size += (gsize) sv->n_slots * sizeof (guint32);
      for (guint i = 0; i < sv->n_sockets; i++)
        size += seqack_vars_log_memory (&sv->sockets[i].log);
      for (guint h = 0; h < SEQACK_N_HOSTS; h++)
        size += (gsize) sv->noters[h].capacity * sizeof (NoterRecord);
    }
  if (trace->host_vars != NULL)
    {
      size += SEQACK_N_HOSTS * sizeof (SeqackVarsLog);
      for (guint h = 0; h < SEQACK_N_HOSTS; h++)
        size += seqack_vars_log_memory (&trace->host_vars[h]);
    }
  for (guint s = 0; s < 2; s++)
    {
      size += seqack_vars_log_memory (&trace->vars[s]);
      size += (gsize) trace->states[s].capacity * sizeof (StateRecord);
      size += (gsize) trace->bases[s].capacity * sizeof (BaseRecord);
    }
  return size;
}

/* pcap export */

static void
set_write_error (GError    **error,
                 const char *path,
                 int         errsv)
{
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
               _("Cannot write %s: %s"), display, g_strerror (errsv));
}

gboolean
seqack_trace_write_pcap (SeqackTrace *trace,
                         const char  *path,
                         gint64       epoch_us,
                         GError     **error)
{
  g_autofree char *tmp_path = NULL;
  pcap_t *pcap = NULL;
  pcap_dumper_t *dumper = NULL;
  FILE *file = NULL;
  int fd;
  int errsv = 0;

  g_return_val_if_fail (trace != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* A temporary file beside the target, renamed at the end, so readers
   * never see a half-written capture and a failure leaves nothing. Mode
   * 0666 lets the umask decide, as for any file the user saves. */
  tmp_path = g_strconcat (path, ".XXXXXX", NULL);
  fd = g_mkstemp_full (tmp_path, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      set_write_error (error, path, errno);
      return FALSE;
    }

  file = fdopen (fd, "wb");
  if (file == NULL)
    {
      errsv = errno;
      close (fd);
      goto fail;
    }

  /* LINKTYPE_RAW: each record starts at the IP header. 65535 is the
   * largest packet a trace holds. */
  pcap = pcap_open_dead (DLT_RAW, 65535);
  if (pcap == NULL)
    {
      errsv = ENOMEM;
      fclose (file);
      goto fail;
    }
  dumper = pcap_dump_fopen (pcap, file);
  if (dumper == NULL)
    {
      errsv = errno != 0 ? errno : EIO;
      fclose (file);
      goto fail;
    }

  for (guint i = 0; i < trace->n_events; i++)
    {
      const SeqackEvent *event = event_at (trace, i);
      struct pcap_pkthdr header = { 0 };
      gint64 ts = epoch_us + event->t;

      if (event->kind != SEQACK_EVENT_SEGMENT || event->data == EVENT_NO_DATA)
        continue;

      header.ts.tv_sec = (time_t) (ts / G_USEC_PER_SEC);
      header.ts.tv_usec = (suseconds_t) (ts % G_USEC_PER_SEC);
      if (header.ts.tv_usec < 0)
        {
          header.ts.tv_sec -= 1;
          header.ts.tv_usec += G_USEC_PER_SEC;
        }
      header.caplen = header.len = event->data_len;
      /* A packet the snapshot length cut keeps its length on the wire, so
       * Wireshark shows it cut, not damaged. */
      if (event->marks & SEQACK_MARK_TRUNCATED)
        {
          SeqackPacket packet;

          if (seqack_trace_decode_segment (trace, i, &packet, NULL))
            header.len = (bpf_u_int32) MAX (packet.length, header.caplen);
        }
      pcap_dump ((u_char *) dumper, &header, arena_get (trace, event->data));
    }

  /* pcap_dump() reports nothing: the flush and the stream's error flag
   * tell whether every record reached the file. */
  errno = 0;
  if (pcap_dump_flush (dumper) != 0 || ferror (file))
    {
      errsv = errno != 0 ? errno : EIO;
      pcap_dump_close (dumper);
      goto fail;
    }
  if (fsync (fileno (file)) != 0 && errno != EINVAL)
    {
      errsv = errno;
      pcap_dump_close (dumper);
      goto fail;
    }
  pcap_dump_close (dumper);
  pcap_close (pcap);
  pcap = NULL;

  if (g_rename (tmp_path, path) != 0)
    {
      errsv = errno;
      goto fail;
    }
  return TRUE;

fail:
  if (pcap != NULL)
    pcap_close (pcap);
  g_unlink (tmp_path);
  set_write_error (error, path, errsv);
  return FALSE;
}

guint
seqack_trace_get_time_digits (SeqackTrace *trace)
{
  g_return_val_if_fail (trace != NULL, 3);

  return trace->fine_times ? 6 : 3;
}

/* SEGMENT @event's checksum state; a deferred one is decided now, from
 * @summed (the event's packet decoded with its sum) or, when NULL, by
 * decoding it again, and kept. */
static SeqackChecksumState
event_checksum (SeqackTrace        *trace,
                SeqackEvent        *event,
                const SeqackPacket *summed)
{
  if (event->from & EVENT_CHECKSUM_UNSUMMED)
    {
      SeqackChecksumState state = SEQACK_CHECKSUM_NOT_CAPTURED;
      SeqackPacket packet;

      if (summed == NULL && event->data != EVENT_NO_DATA &&
          seqack_packet_decode_captured (arena_get (trace, event->data),
                                         event->data_len,
                                         (event->marks &
                                          SEQACK_MARK_TRUNCATED) != 0,
                                         &packet, NULL))
        summed = &packet;
      if (summed != NULL)
        state = seqack_packet_checksum_verdict (
          summed, (event->from & EVENT_CHECKSUM_CROSSED_WIRE) != 0);
      event->from = (guint8) state;
    }
  return (SeqackChecksumState) event->from;
}

gboolean
seqack_trace_decode_segment (SeqackTrace  *trace,
                             guint         index,
                             SeqackPacket *out,
                             GError      **error)
{
  SeqackEvent *event;
  const guint8 *bytes;

  g_return_val_if_fail (trace != NULL, FALSE);
  g_return_val_if_fail (index < trace->n_events, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  event = event_at (trace, index);
  g_return_val_if_fail (event->kind == SEQACK_EVENT_SEGMENT, FALSE);

  bytes = event->data == EVENT_NO_DATA ? NULL : arena_get (trace, event->data);
  if (!seqack_packet_decode_captured (bytes, event->data_len,
                                      (event->marks & SEQACK_MARK_TRUNCATED)
                                      != 0,
                                      out, error))
    return FALSE;
  /* @out is the decode with the sum that a deferred verdict needs. */
  out->checksum = event_checksum (trace, event, out);
  return TRUE;
}

gboolean
seqack_trace_get_ports (SeqackTrace *trace,
                        guint        index,
                        guint16     *sport,
                        guint16     *dport)
{
  const SeqackEvent *event;
  SeqackPacket packet;

  g_return_val_if_fail (trace != NULL, FALSE);
  g_return_val_if_fail (index < trace->n_events, FALSE);

  event = event_at (trace, index);
  /* Checked as it was when added, but not summed: ports need no
   * checksum. */
  if (event->kind != SEQACK_EVENT_SEGMENT || event->data == EVENT_NO_DATA ||
      !seqack_packet_decode_captured_unsummed (
        arena_get (trace, event->data), event->data_len,
        (event->marks & SEQACK_MARK_TRUNCATED) != 0, &packet, NULL))
    return FALSE;
  *sport = packet.tcp.src_port;
  *dport = packet.tcp.dst_port;
  return TRUE;
}

SeqackChecksumState
seqack_trace_get_checksum (SeqackTrace *trace,
                           guint        index)
{
  g_return_val_if_fail (trace != NULL, SEQACK_CHECKSUM_GOOD);
  g_return_val_if_fail (index < trace->n_events, SEQACK_CHECKSUM_GOOD);
  g_return_val_if_fail (event_at (trace, index)->kind == SEQACK_EVENT_SEGMENT,
                        SEQACK_CHECKSUM_GOOD);

  return event_checksum (trace, event_at (trace, index), NULL);
}

void
seqack_trace_note_snapshot_length (SeqackTrace *trace,
                                   guint32      snapshot_length)
{
  g_return_if_fail (trace != NULL);

  trace->snapshot_length = MAX (trace->snapshot_length, snapshot_length);
}

guint32
seqack_trace_get_snapshot_length (SeqackTrace *trace)
{
  g_return_val_if_fail (trace != NULL, 0);

  return trace->snapshot_length;
}

/* A prefix count per block of EVENT_BLOCK events, then a scan of at most
 * EVENT_BLOCK events: O(1) for a few bytes per block. */
guint
seqack_trace_get_segment_ordinal (SeqackTrace *trace,
                                  guint        index)
{
  guint block, ordinal;

  g_return_val_if_fail (trace != NULL, 0);

  if (index >= trace->n_events ||
      event_at (trace, index)->kind != SEQACK_EVENT_SEGMENT)
    return 0;

  block = index >> EVENT_BLOCK_SHIFT;
  ordinal = trace->segments_before[block];
  for (guint i = block << EVENT_BLOCK_SHIFT; i <= index; i++)
    ordinal += event_at (trace, i)->kind == SEQACK_EVENT_SEGMENT;

  return ordinal;
}

guint
seqack_trace_get_n_segments (SeqackTrace *trace)
{
  g_return_val_if_fail (trace != NULL, 0);

  return trace->n_segments;
}
