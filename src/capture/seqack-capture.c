/* seqack-capture.c: the TCP conversations of a capture file or a live
 * capture.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pcap/pcap.h>

#include "seqack-capture.h"
#include "seqack-capture-link.h"
#include "seqack-capture-private.h"
#include "seqack-conversation-private.h"
#include "seqack-error.h"
#include "seqack-file-copy.h"
#include "seqack-huge-alloc.h"

/* Progress and cancellation are looked at once per this many frames. */
#define CHECK_EVERY 4096

/* A mapped file's pages read this far behind are given back to the page
 * cache: they come back on demand, as a page fault, when a view reads a
 * packet, so reading a file costs its pages only while they are read. */
#define DROP_BEHIND ((guint64) 1024 * 1024)

/* And the pages about to be read are asked for this far ahead, in one
 * call rather than a page fault every few pages. */
#define READ_AHEAD ((guint64) 8 * 1024 * 1024)

/* A connection's 4-tuple, the lower endpoint first so both directions
 * find the same conversation. IPv4's, the usual one, is 12 bytes: it is
 * compared and hashed on every frame. IPv6 keeps its own index, so the
 * two families never meet. Neither has padding: equal keys have equal
 * bytes. */
typedef struct
{
  guint32 addr[2];  /* host byte order */
  guint16 port[2];
} Key4;

typedef struct
{
  guint8  addr[2][16];
  guint16 port[2];
} Key6;

G_STATIC_ASSERT (sizeof (Key4) == 12);
G_STATIC_ASSERT (sizeof (Key6) == 36);

/* A 4-tuple index: open addressing with linear probing over a
 * power-of-two table at most half full. Every frame does one look-up, so
 * it avoids what GHashTable costs per frame (a call through a function
 * pointer for hash and for equality, an allocation per entry), and a slot
 * holds the key and the tuple's latest conversation itself: a look-up
 * reads one slot, not a slot, then a key, then a conversation's number,
 * then the conversation's place, each somewhere else in memory. */
typedef struct
{
  guint32             hash;
  guint32             latest;  /* the tuple's latest conversation */
  SeqackConversation *conv;    /* that one; NULL in an empty slot */
  /* the key (key_size bytes) follows */
} Slot;

typedef struct
{
  guint8 *slots;      /* mask + 1 of them, slot_size bytes each */
  guint   mask;
  guint   key_size;
  guint   n_entries;
} Index;

/* Slots are 8-byte aligned: 32 bytes for an IPv4 tuple, 56 for IPv6. */
#define SLOT_SIZE(key_size) ((sizeof (Slot) + (key_size) + 7) & ~(gsize) 7)

struct _SeqackCapture
{
  GPtrArray         *conversations; /* SeqackConversation */
  Index              by_key4, by_key6;
  SeqackTraceArena  *arena;         /* the packet bytes of every trace */
  /* New conversations are deferred (seqack_conversation_new_deferred()):
   * their packets wait in the log until their traces are asked for. */
  gboolean           deferred;
  SeqackPacketLog    log;
  SeqackCaptureStats stats;
  char              *warning;
  int                link_type;
};

static inline guint64
read_u64 (const guint8 *p)
{
  guint64 v;

  memcpy (&v, p, sizeof v);
  return v;
}

/* MurmurHash3's finaliser: every input bit reaches the low bits the
 * table uses. */
static inline guint32
mix (guint64 h)
{
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xff51afd7ed558ccd);
  h ^= h >> 33;
  h *= G_GUINT64_CONSTANT (0xc4ceb9fe1a85ec53);
  h ^= h >> 33;
  return (guint32) h;
}

static inline guint32
key4_hash (const Key4 *key)
{
  guint64 addrs = (guint64) key->addr[0] << 32 | key->addr[1];
  guint64 ports = (guint64) key->port[0] << 16 | key->port[1];

  return mix ((addrs ^ ports) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15)
              + ports);
}

static guint32
key6_hash (const Key6 *key)
{
  guint64 h = ((guint64) key->port[0] << 8) ^ ((guint64) key->port[1] << 24);

  /* Multiply-xorshift over the address words. */
  for (guint i = 0; i < 32; i += 8)
    h = (h ^ read_u64 (&key->addr[0][0] + i)) * G_GUINT64_CONSTANT (0x9e3779b97f4a7c15);
  return mix (h);
}

static inline Slot *
slot_at (const Index *index,
         guint        i,
         gsize        key_size)
{
  return (Slot *) (index->slots + (gsize) i * SLOT_SIZE (key_size));
}

static inline guint8 *
slot_key (Slot *slot)
{
  return (guint8 *) (slot + 1);
}

static void
index_init (Index *index,
            guint  key_size)
{
  index->mask = 1023;
  index->key_size = key_size;
  index->slots = seqack_huge_alloc0 ((index->mask + 1) * SLOT_SIZE (key_size));
}

static void
index_clear (Index *index)
{
  seqack_huge_free (index->slots, (index->mask + 1) *
                                  SLOT_SIZE (index->key_size));
  index->slots = NULL;
}

static gsize
index_memory (const Index *index)
{
  return (index->mask + 1) * SLOT_SIZE (index->key_size);
}

/* The slot of @key (@key_size bytes, the index's: a constant where this
 * is inlined, so the slot size and the comparison are too), or the empty
 * one where it would go. */
static inline Slot *
index_lookup (const Index *index,
              const void  *key,
              gsize        key_size,
              guint32      hash)
{
  for (guint i = hash & index->mask;; i = (i + 1) & index->mask)
    {
      Slot *slot = slot_at (index, i, key_size);

      if (slot->conv == NULL ||
          (slot->hash == hash && memcmp (slot_key (slot), key, key_size) == 0))
        return slot;
    }
}

static void
index_grow (Index *index)
{
  gsize size = SLOT_SIZE (index->key_size);
  guint n = (index->mask + 1) * 2;
  guint8 *slots = seqack_huge_alloc0 (n * size);

  for (guint i = 0; i <= index->mask; i++)
    {
      Slot *slot = slot_at (index, i, index->key_size);
      guint j;

      if (slot->conv == NULL)
        continue;
      for (j = slot->hash & (n - 1);
           ((Slot *) (slots + (gsize) j * size))->conv != NULL;
           j = (j + 1) & (n - 1))
        ;
      memcpy (slots + (gsize) j * size, slot, size);
    }
  seqack_huge_free (index->slots, (index->mask + 1) * size);
  index->slots = slots;
  index->mask = n - 1;
}

/* The slot of @key, added (its conversation NULL, for the caller to set
 * before the next look-up) when absent. */
static inline Slot *
index_find (Index      *index,
            const void *key,
            gsize       key_size,
            guint32     hash)
{
  Slot *slot = index_lookup (index, key, key_size, hash);

  if (slot->conv != NULL)
    return slot;

  /* At most half full, so probes stay short. */
  if ((index->n_entries + 1) * 2 > index->mask + 1)
    {
      index_grow (index);
      slot = index_lookup (index, key, key_size, hash);
    }
  index->n_entries++;
  slot->hash = hash;
  memcpy (slot_key (slot), key, key_size);
  return slot;
}

static inline void
key4_from_packet (const SeqackPacket *packet,
                  Key4               *key)
{
  guint32 src = packet->ip4.src, dst = packet->ip4.dst;
  guint16 sport = packet->tcp.src_port, dport = packet->tcp.dst_port;

  if (src < dst || (src == dst && sport <= dport))
    {
      key->addr[0] = src;
      key->addr[1] = dst;
      key->port[0] = sport;
      key->port[1] = dport;
    }
  else
    {
      key->addr[0] = dst;
      key->addr[1] = src;
      key->port[0] = dport;
      key->port[1] = sport;
    }
}

static void
key6_from_packet (const SeqackPacket *packet,
                  Key6               *key)
{
  int order = memcmp (packet->src6, packet->dst6, 16);

  if (order == 0)
    order = (int) packet->tcp.src_port - (int) packet->tcp.dst_port;

  if (order <= 0)
    {
      memcpy (key->addr[0], packet->src6, 16);
      memcpy (key->addr[1], packet->dst6, 16);
      key->port[0] = packet->tcp.src_port;
      key->port[1] = packet->tcp.dst_port;
    }
  else
    {
      memcpy (key->addr[0], packet->dst6, 16);
      memcpy (key->addr[1], packet->src6, 16);
      key->port[0] = packet->tcp.dst_port;
      key->port[1] = packet->tcp.src_port;
    }
}

/* The slot of @packet's 4-tuple in @capture's index, added when new
 * (its conversation then NULL). */
static Slot *
find_slot (SeqackCapture      *capture,
           const SeqackPacket *packet)
{
  if (packet->family == 4)
    {
      Key4 key;

      key4_from_packet (packet, &key);
      return index_find (&capture->by_key4, &key, sizeof key,
                         key4_hash (&key));
    }
  else
    {
      Key6 key;

      key6_from_packet (packet, &key);
      return index_find (&capture->by_key6, &key, sizeof key,
                         key6_hash (&key));
    }
}

/* A capture whose traces keep their bytes in @arena (adopted). */
static SeqackCapture *
capture_new_with_arena (SeqackTraceArena *arena)
{
  SeqackCapture *capture = g_new0 (SeqackCapture, 1);

  capture->conversations =
    g_ptr_array_new_with_free_func ((GDestroyNotify) seqack_conversation_free);
  index_init (&capture->by_key4, sizeof (Key4));
  index_init (&capture->by_key6, sizeof (Key6));
  capture->arena = arena;
  capture->log.arena = arena;
  capture->link_type = -1;

  return capture;
}

SeqackCapture *
seqack_capture_new (void)
{
  return capture_new_with_arena (seqack_trace_arena_new ());
}

void
seqack_capture_free (SeqackCapture *capture)
{
  if (capture == NULL)
    return;

  /* The conversations' traces hold the arena too: it goes with the
   * last. */
  g_ptr_array_unref (capture->conversations);
  seqack_trace_arena_unref (capture->arena);
  seqack_packet_log_clear (&capture->log);
  index_clear (&capture->by_key4);
  index_clear (&capture->by_key6);
  g_free (capture->warning);
  g_free (capture);
}

/* One IP packet of @len bytes; @cut when the capture kept less of its
 * frame than there was, the frame then being @snapshot_length bytes. */
static gint
add_packet (SeqackCapture       *capture,
            gint64               t_us,
            const guint8        *ip,
            gsize                len,
            gboolean             cut,
            guint32              snapshot_length,
            SeqackLinkDirection  direction)
{
  g_autoptr(GError) error = NULL;
  SeqackConversation *conv;
  SeqackPacket packet;
  Slot *slot;

  /* The checksum is verified when asked for (seqack_trace_get_checksum()):
   * nothing here depends on it, nor on the IP header's sum and the TCP
   * options but the window scale. */
  if (!seqack_packet_decode_captured_lean (ip, len, cut, &packet, &error))
    {
      /* Other protocols and later fragments are normal traffic; anything
       * else is a damaged packet. */
      if (g_error_matches (error, SEQACK_ERROR, SEQACK_ERROR_UNSUPPORTED))
        capture->stats.n_not_tcp++;
      else
        capture->stats.n_bad++;
      return -1;
    }

  capture->stats.n_tcp++;
  packet.crossed_wire = direction == SEQACK_LINK_DIRECTION_RECEIVED;

  slot = find_slot (capture, &packet);
  conv = slot->conv;

  /* A SYN on a 4-tuple whose connection is over opens the next
   * connection (RFC 9293 §3.4: a new incarnation). */
  if (conv != NULL && seqack_conversation_is_closed (conv) &&
      (packet.tcp.flags & (SEQACK_TCP_SYN | SEQACK_TCP_ACK))
      == SEQACK_TCP_SYN)
    conv = NULL;

  if (conv == NULL)
    {
      conv = capture->deferred
             ? seqack_conversation_new_deferred (&packet, t_us, &capture->log)
             : seqack_conversation_new_in_arena (&packet, t_us,
                                                 capture->arena);
      slot->latest = capture->conversations->len;
      slot->conv = conv;
      g_ptr_array_add (capture->conversations, conv);
    }

  if (packet.truncated)
    seqack_conversation_note_snapshot_length (conv, snapshot_length);
  if (capture->deferred)
    seqack_conversation_add_deferred (conv, &packet, ip,
                                      seqack_trace_arena_keep (capture->arena,
                                                               ip, len),
                                      len, cut, t_us);
  else
    seqack_conversation_add (conv, &packet, ip, len, t_us);

  return (gint) slot->latest;
}

gint
seqack_capture_add_ip (SeqackCapture *capture,
                       gint64         t_us,
                       const guint8  *ip,
                       gsize          len)
{
  g_return_val_if_fail (capture != NULL, -1);
  g_return_val_if_fail (ip != NULL || len == 0, -1);

  return add_packet (capture, t_us, ip, len, FALSE, 0,
                     SEQACK_LINK_DIRECTION_UNKNOWN);
}

gint
seqack_capture_add_frame (SeqackCapture *capture,
                          int            link_type,
                          gint64         t_us,
                          const guint8  *frame,
                          gsize          len)
{
  g_return_val_if_fail (capture != NULL, -1);
  g_return_val_if_fail (frame != NULL || len == 0, -1);

  return seqack_capture_add_record (capture, link_type, t_us, frame, len,
                                    len);
}

gint
seqack_capture_add_record (SeqackCapture *capture,
                           int            link_type,
                           gint64         t_us,
                           const guint8  *frame,
                           gsize          len,
                           gsize          wire_len)
{
  const guint8 *ip;
  gsize ip_len;

  g_return_val_if_fail (capture != NULL, -1);
  g_return_val_if_fail (frame != NULL || len == 0, -1);

  capture->stats.n_frames++;

  /* libpcap already refuses records longer than its maximum; a caplen
   * above the stated length is damage too. */
  if (len > SEQACK_CAPTURE_MAX_CAPLEN || (wire_len != 0 && len > wire_len))
    {
      capture->stats.n_bad++;
      return -1;
    }

  switch (seqack_capture_link_strip (link_type, frame, len, &ip, &ip_len))
    {
    case SEQACK_LINK_IP:
      return add_packet (capture, t_us, ip, ip_len, len < wire_len,
                         (guint32) len,
                         seqack_capture_link_direction (link_type, frame,
                                                        len));

    case SEQACK_LINK_NOT_IP:
      capture->stats.n_not_tcp++;
      return -1;

    case SEQACK_LINK_BAD:
    default:
      capture->stats.n_bad++;
      return -1;
    }
}

guint
seqack_capture_get_n_conversations (SeqackCapture *capture)
{
  g_return_val_if_fail (capture != NULL, 0);

  return capture->conversations->len;
}

SeqackConversation *
seqack_capture_get_conversation (SeqackCapture *capture,
                                 guint          index)
{
  g_return_val_if_fail (capture != NULL, NULL);
  g_return_val_if_fail (index < capture->conversations->len, NULL);

  return g_ptr_array_index (capture->conversations, index);
}

const SeqackCaptureStats *
seqack_capture_get_stats (SeqackCapture *capture)
{
  g_return_val_if_fail (capture != NULL, NULL);

  return &capture->stats;
}

const char *
seqack_capture_get_warning (SeqackCapture *capture)
{
  g_return_val_if_fail (capture != NULL, NULL);

  return capture->warning;
}

int
seqack_capture_get_link_type (SeqackCapture *capture)
{
  g_return_val_if_fail (capture != NULL, -1);

  return capture->link_type;
}

/* Flows: the conversations between two hosts */

static gboolean
same_host (const SeqackEndpoint *a,
           const SeqackEndpoint *b)
{
  return a->family == b->family &&
         memcmp (a->addr, b->addr, a->family == 6 ? 16 : 4) == 0;
}

/* Whether conversation @info is between the hosts of @of, either way. */
static gboolean
same_hosts (const SeqackConversationInfo *info,
            const SeqackConversationInfo *of)
{
  return (same_host (&info->client, &of->client) &&
          same_host (&info->server, &of->server)) ||
         (same_host (&info->client, &of->server) &&
          same_host (&info->server, &of->client));
}

static gint
compare_first_seen (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  SeqackCapture *capture = user_data;
  guint ia = *(const guint *) a, ib = *(const guint *) b;
  gint64 ta = seqack_conversation_get_info (
                g_ptr_array_index (capture->conversations, ia))->first_us;
  gint64 tb = seqack_conversation_get_info (
                g_ptr_array_index (capture->conversations, ib))->first_us;

  if (ta != tb)
    return ta < tb ? -1 : 1;
  return ia < ib ? -1 : ia > ib;
}

GArray *
seqack_capture_get_flows (SeqackCapture *capture,
                          guint          index)
{
  const SeqackConversationInfo *of;
  GArray *flows;

  g_return_val_if_fail (capture != NULL, NULL);
  g_return_val_if_fail (index < capture->conversations->len, NULL);

  of = seqack_conversation_get_info (
         g_ptr_array_index (capture->conversations, index));
  flows = g_array_new (FALSE, FALSE, sizeof (guint));
  for (guint i = 0; i < capture->conversations->len; i++)
    {
      SeqackConversation *conv = g_ptr_array_index (capture->conversations,
                                                    i);

      if (i == index || same_hosts (seqack_conversation_get_info (conv), of))
        g_array_append_val (flows, i);
    }
  /* Already in the order first seen, which a file's clock normally
   * follows; a clock that went back is sorted by time. */
  g_array_sort_with_data (flows, compare_first_seen, capture);
  return flows;
}

/* A flow's place in the merge: its next event and when that happens on
 * the capture's clock. */
typedef struct
{
  SeqackTrace *trace;
  gint64       offset;  /* its time zero on the merged trace's */
  guint        next;    /* its next event */
  guint        order;   /* its place among the flows, to break ties */
  gboolean     swap;
} Cursor;

static inline gint64
cursor_time (const Cursor *c)
{
  return seqack_trace_get_event (c->trace, c->next)->t + c->offset;
}

static inline gboolean
cursor_before (const Cursor *a,
               const Cursor *b)
{
  gint64 ta = cursor_time (a), tb = cursor_time (b);

  return ta < tb || (ta == tb && a->order < b->order);
}

/* A binary min-heap of cursors, by time. */
static void
heap_down (Cursor *heap,
           guint   n,
           guint   i)
{
  for (;;)
    {
      guint l = 2 * i + 1, r = l + 1, m = i;
      Cursor tmp;

      if (l < n && cursor_before (&heap[l], &heap[m]))
        m = l;
      if (r < n && cursor_before (&heap[r], &heap[m]))
        m = r;
      if (m == i)
        return;
      tmp = heap[i];
      heap[i] = heap[m];
      heap[m] = tmp;
      i = m;
    }
}

/* Names the socket of each event from @first on that is not a segment
 * (a segment's is in its packet) by its flow's ports, as the lab names
 * its own: in a trace of many connections each state belongs to one. */
static void
name_sockets (SeqackTrace  *merged,
              guint         first,
              const Cursor *c)
{
  const SeqackEndpoint *client = seqack_trace_get_endpoint (c->trace,
                                                            SEQACK_CLIENT);
  const SeqackEndpoint *server = seqack_trace_get_endpoint (c->trace,
                                                            SEQACK_SERVER);

  for (guint i = first; i < seqack_trace_get_n_events (merged); i++)
    {
      const SeqackEvent *event = seqack_trace_get_event (merged, i);
      gboolean flow_client;
      SeqackSocketKey key = { 0 };

      if (event->kind == SEQACK_EVENT_SEGMENT ||
          (event->marks & SEQACK_MARK_SOCKET))
        continue;
      flow_client = (event->side == SEQACK_CLIENT) != c->swap;
      key.local_port = flow_client ? client->port : server->port;
      key.remote_port = flow_client ? server->port : client->port;
      seqack_trace_set_socket (merged, i, &key);
    }
}

SeqackTrace *
seqack_capture_merge_all_flows (SeqackCapture *capture,
                                guint          index,
                                gint64        *first_us,
                                guint         *n_flows)
{
  g_autoptr(GArray) flows = seqack_capture_get_flows (capture, index);

  /* The chosen conversation first, so its client is the client (the
   * merge still goes by time). */
  for (guint i = 0; i < flows->len; i++)
    if (g_array_index (flows, guint, i) == index)
      {
        g_array_remove_index (flows, i);
        break;
      }
  g_array_prepend_val (flows, index);
  if (n_flows != NULL)
    *n_flows = flows->len;
  return seqack_capture_merge_flows (capture, (guint *) flows->data,
                                     flows->len, first_us);
}

SeqackTrace *
seqack_capture_merge_flows (SeqackCapture *capture,
                            const guint   *flows,
                            guint          n_flows,
                            gint64        *first_us)
{
  g_autofree Cursor *heap = NULL;
  const SeqackConversationInfo *first;
  SeqackTrace *merged;
  gint64 zero;
  guint n = 0;

  g_return_val_if_fail (capture != NULL, NULL);
  g_return_val_if_fail (flows != NULL && n_flows > 0, NULL);
  for (guint i = 0; i < n_flows; i++)
    g_return_val_if_fail (flows[i] < capture->conversations->len, NULL);

  first = seqack_conversation_get_info (
            g_ptr_array_index (capture->conversations, flows[0]));
  zero = first->first_us;
  for (guint i = 1; i < n_flows; i++)
    zero = MIN (zero, seqack_conversation_get_info (
                        g_ptr_array_index (capture->conversations,
                                           flows[i]))->first_us);

  /* The same arena: the merged trace refers to the packets the flows
   * hold, and copies none. */
  merged = seqack_trace_new_with_arena (capture->arena);
  seqack_trace_set_endpoint (merged, SEQACK_CLIENT, &first->client);
  seqack_trace_set_endpoint (merged, SEQACK_SERVER, &first->server);

  heap = g_new (Cursor, n_flows);
  for (guint i = 0; i < n_flows; i++)
    {
      SeqackConversation *conv = g_ptr_array_index (capture->conversations,
                                                    flows[i]);
      const SeqackConversationInfo *info = seqack_conversation_get_info (conv);
      SeqackTrace *trace = seqack_conversation_get_trace (conv);

      if (seqack_trace_get_n_events (trace) == 0)
        continue;
      heap[n++] = (Cursor) {
        .trace = trace,
        .offset = info->first_us - zero,
        .next = 0,
        .order = i,
        /* A flow the other host opened: its client is our server. */
        .swap = !same_host (&info->client, &first->client),
      };
    }
  for (guint i = n / 2; i-- > 0;)
    heap_down (heap, n, i);

  /* Runs of one flow's events at a time, up to the next flow's next
   * event: flows that follow one another cost one append each. */
  while (n > 0)
    {
      Cursor *c = &heap[0];
      guint total = seqack_trace_get_n_events (c->trace);
      guint end = c->next + 1;

      if (n > 1)
        {
          const Cursor *other = &heap[1];

          if (n > 2 && cursor_before (&heap[2], other))
            other = &heap[2];
          while (end < total)
            {
              Cursor probe = *c;

              probe.next = end;
              if (!cursor_before (&probe, other))
                break;
              end++;
            }
        }
      else
        end = total;

      name_sockets (merged,
                    seqack_trace_append_from (merged, c->trace, c->next,
                                              end - c->next, c->offset,
                                              c->swap),
                    c);
      c->next = end;
      if (end == total)
        heap[0] = heap[--n];
      heap_down (heap, n, 0);
    }

  seqack_trace_finish (merged);
  if (first_us != NULL)
    *first_us = zero;
  return merged;
}

gsize
seqack_capture_get_memory_size (SeqackCapture *capture)
{
  gsize size;
  guint i;

  g_return_val_if_fail (capture != NULL, 0);

  /* The traces leave their shared arena to be counted here, once. */
  size = sizeof *capture +
         capture->conversations->len * sizeof (gpointer) +
         index_memory (&capture->by_key4) +
         index_memory (&capture->by_key6) +
         seqack_packet_log_memory (&capture->log) +
         seqack_trace_arena_get_memory_size (capture->arena);

  for (i = 0; i < capture->conversations->len; i++)
    {
      SeqackConversation *conv = g_ptr_array_index (capture->conversations, i);

      size += seqack_conversation_get_memory_size (conv);
    }

  return size;
}

/* The stream's size, leaving it at the start; 0 when it cannot seek. */
static guint64
stream_size (FILE *stream)
{
  off_t end;

  if (fseeko (stream, 0, SEEK_END) != 0)
    return 0;
  end = ftello (stream);
  if (fseeko (stream, 0, SEEK_SET) != 0 || end < 0)
    return 0;

  return (guint64) end;
}

static void
set_open_error (const char *name,
                guint64     size,
                const char *pcap_message,
                GError    **error)
{
  /* libpcap's reasons are English and technical; say what it means. */
  if (size == 0)
    g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                 _("‘%s’ is empty, not a pcap or pcapng file"), name);
  else if (strstr (pcap_message, "unknown file format") != NULL || size < 4)
    g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                 _("‘%s’ is not a pcap or pcapng file"), name);
  else if (strstr (pcap_message, "truncated") != NULL)
    g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED,
                 _("‘%s’ is truncated: its file header is incomplete"), name);
  else
    g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                 _("‘%s’ is not a valid pcap or pcapng file: %s"), name,
                 pcap_message);
}

/* A capture file mapped into memory, its bytes the arena's. */
typedef struct
{
  guint8 *bytes;
  gsize   size;
  guint64 dropped;    /* pages below this were given back */
  guint64 populated;  /* pages below this were asked for */
  gboolean owned;     /* a copy in memory (seqack-file-copy.h): its pages
                       * are not the page cache's to take back */
} Mapping;

static void
mapping_free (gpointer data)
{
  Mapping *map = data;

  munmap (map->bytes, map->size);
  g_free (map);
}

/* Where in @map libpcap's copy of the record just read (@frame, @caplen
 * bytes) lies: the record spans [@start, @end) of the file, its data at
 * the end of a pcap record, or after the fixed fields of a pcapng
 * enhanced (or obsolete) packet block (28 bytes) or simple packet block
 * (12). Only bytes that are the same as libpcap's count; else (a record
 * libpcap changed or put together) its copy is kept instead. */
static const guint8 *
bytes_in_map (const Mapping *map,
              guint64        start,
              guint64        end,
              const guint8  *frame,
              guint32        caplen)
{
  guint64 at[3] = { end - caplen, start + 28, start + 12 };

  if (caplen == 0 || end > map->size || start > end || end - start < caplen)
    return frame;
  for (guint i = 0; i < G_N_ELEMENTS (at); i++)
    if (at[i] >= start && at[i] + caplen <= end &&
        memcmp (map->bytes + at[i], frame, caplen) == 0)
      return map->bytes + at[i];
  return frame;
}

/* The byte order of the record headers of a pcap file whose records are
 * libpcap's own 16-byte header and the data (the microsecond and
 * nanosecond magics); 0 for anything else: pcapng, and the patched
 * formats whose record headers are longer. */
static int
record_order (const Mapping *map)
{
  guint32 magic;

  if (map->size < 24)
    return 0;
  memcpy (&magic, map->bytes, sizeof magic);
  magic = GUINT32_FROM_LE (magic);
  if (magic == 0xa1b2c3d4 || magic == 0xa1b23c4d)
    return G_LITTLE_ENDIAN;
  if (magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1)
    return G_BIG_ENDIAN;
  return 0;
}

/* Whether the record header at @start of @map (in byte @order) states
 * the lengths libpcap read: then libpcap's copy is the @caplen bytes that
 * follow it. A record libpcap changed (cut to the snapshot length, its
 * lengths swapped back) states others. */
static gboolean
record_states (const Mapping *map,
               guint64        start,
               int            order,
               guint32        caplen,
               guint32        len)
{
  guint32 field[2];

  memcpy (field, map->bytes + start + 8, sizeof field);
  if (order == G_BIG_ENDIAN)
    return GUINT32_FROM_BE (field[0]) == caplen &&
           GUINT32_FROM_BE (field[1]) == len;
  return GUINT32_FROM_LE (field[0]) == caplen &&
         GUINT32_FROM_LE (field[1]) == len;
}

/* How the records of a pcap file are read straight from its mapping,
 * without libpcap: the file is a classic pcap of version 2.4 (the
 * microsecond or nanosecond magic, either byte order), whose records are
 * a 16-byte header (seconds, the fraction, caplen, len) and the data. */
typedef struct
{
  gboolean swapped;  /* the file's byte order is not this host's */
  gboolean nano;     /* the fraction is in nanoseconds */
  guint32  max_caplen;
} FastRecords;

/* Whether @map's records can be read by read_record(); sets @fast. */
static gboolean
fast_records_init (const Mapping *map,
                   int            order,
                   int            snapshot,
                   FastRecords   *fast)
{
  guint32 magic;
  guint16 version[2];

  if (order == 0 || snapshot <= 0)
    return FALSE;
  memcpy (&magic, map->bytes, sizeof magic);
  memcpy (version, map->bytes + 4, sizeof version);
  if (order == G_BIG_ENDIAN)
    {
      magic = GUINT32_FROM_BE (magic);
      version[0] = GUINT16_FROM_BE (version[0]);
      version[1] = GUINT16_FROM_BE (version[1]);
    }
  else
    {
      magic = GUINT32_FROM_LE (magic);
      version[0] = GUINT16_FROM_LE (version[0]);
      version[1] = GUINT16_FROM_LE (version[1]);
    }
  /* Older versions may have caplen and len the other way round, which
   * libpcap guesses at record by record. */
  if (version[0] != 2 || version[1] != 4)
    return FALSE;
  fast->swapped = order != G_BYTE_ORDER;
  fast->nano = magic == 0xa1b23c4d;
  /* libpcap cuts a longer record to the snapshot length, or refuses it;
   * the snapshot length itself is at most SeqAck's maximum (load()). */
  fast->max_caplen = MIN ((guint32) snapshot,
                          (guint32) SEQACK_CAPTURE_MAX_CAPLEN);
  return TRUE;
}

/* Reads the record at @at of @map into @header, as libpcap would report
 * it, when it is an ordinary one: whole in the file, no longer than the
 * snapshot length, its time one that every version of libpcap reads the
 * same (libpcap 1.10 reads the seconds and fraction as signed, later ones
 * as unsigned; a fraction of a second that is a second or more is odd
 * too). Anything else is left to libpcap, which knows what to say of it. */
static inline gboolean
read_record (const Mapping      *map,
             guint64             at,
             const FastRecords  *fast,
             struct pcap_pkthdr *header)
{
  guint32 field[4];

  if (map->size - at < sizeof field)
    return FALSE;
  memcpy (field, map->bytes + at, sizeof field);
  if (fast->swapped)
    for (guint i = 0; i < G_N_ELEMENTS (field); i++)
      field[i] = GUINT32_SWAP_LE_BE (field[i]);
  if (field[0] > G_MAXINT32 ||
      field[1] >= (fast->nano ? 1000000000u : 1000000u) ||
      field[2] > fast->max_caplen ||
      map->size - at - sizeof field < field[2])
    return FALSE;
  header->ts.tv_sec = (time_t) field[0];
  /* libpcap asked for microseconds divides nanoseconds by 1000. */
  header->ts.tv_usec = (suseconds_t) (fast->nano ? field[1] / 1000
                                                 : field[1]);
  header->caplen = field[2];
  header->len = field[3];
  return TRUE;
}

/* Maps the pages of @map from @done on, READ_AHEAD of them, when those
 * mapped already run short. */
static void
mapping_read_ahead (Mapping *map,
                    guint64  done)
{
#ifdef MADV_POPULATE_READ
  guint64 page = (guint64) sysconf (_SC_PAGESIZE);
  guint64 from, upto;

  if (done + READ_AHEAD / 2 < map->populated || map->populated >= map->size)
    return;
  from = MAX (map->populated, done) / page * page;
  upto = MIN (map->size, done + READ_AHEAD);
  /* Only advice: a kernel older than 5.14 refuses it, and the pages come
   * by page faults as before. */
  if (upto > from)
    madvise (map->bytes + from, upto - from, MADV_POPULATE_READ);
  map->populated = upto;
#else
  (void) map;
  (void) done;
#endif
}

/* Gives the pages of @map below @done (less a margin for what the
 * stream still buffers) back. */
static void
mapping_drop_behind (Mapping *map,
                     guint64  done)
{
  guint64 page = (guint64) sysconf (_SC_PAGESIZE);
  guint64 upto;

  if (map->owned || done < map->dropped + 2 * DROP_BEHIND)
    return;
  upto = (done - DROP_BEHIND) / page * page;
  madvise (map->bytes + map->dropped, upto - map->dropped, MADV_DONTNEED);
  map->dropped = upto;
}

/* Reads @stream; when @map is given, @stream reads it and the packets
 * stay in it (the capture's arena then owns @map). With @deferred the
 * conversations' traces wait until they are asked for, their packets
 * kept in the arena all the same. */
static SeqackCapture *
load (FILE                     *stream,
      Mapping                  *map,
      gboolean                  deferred,
      const char               *name,
      SeqackCaptureProgressFunc progress,
      gpointer                  user_data,
      GCancellable             *cancellable,
      GError                  **error)
{
  g_autoptr(SeqackCapture) capture = NULL;
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  struct pcap_pkthdr *header, fast_header;
  const u_char *frame;
  guint64 size, packet = 0, start = 0;
  pcap_t *pcap;
  int link_type, status, order = 0;
  char link_name[32];
  FastRecords fast_records = { 0 };
  /* Records are read from the mapping (read_record()); and whether the
   * stream, which libpcap reads, was left behind by that. */
  gboolean fast = FALSE, stream_behind = FALSE;

  size = stream_size (stream);

  /* Microsecond timestamps whatever the file holds (pcapng may store
   * nanoseconds). */
  pcap = pcap_fopen_offline_with_tstamp_precision (stream,
                                                   PCAP_TSTAMP_PRECISION_MICRO,
                                                   errbuf);
  if (pcap == NULL)
    {
      /* On failure libpcap leaves the stream to the caller. */
      fclose (stream);
      if (map != NULL)
        mapping_free (map);
      set_open_error (name, size, errbuf, error);
      return NULL;
    }

  link_type = pcap_datalink (pcap);
  if (!seqack_capture_link_supported (link_type))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_UNSUPPORTED,
                   _("‘%s’ holds frames of link type %s, which SeqAck cannot "
                     "decode (it reads Ethernet, Linux cooked, raw IP and "
                     "loopback captures)"),
                   name, seqack_capture_link_name (link_type, link_name));
      pcap_close (pcap);
      if (map != NULL)
        mapping_free (map);
      return NULL;
    }

  if (pcap_snapshot (pcap) > SEQACK_CAPTURE_MAX_CAPLEN)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                   _("‘%s’ states a snapshot length of %d bytes, more than "
                     "the %d a capture may hold"),
                   name, pcap_snapshot (pcap), SEQACK_CAPTURE_MAX_CAPLEN);
      pcap_close (pcap);
      if (map != NULL)
        mapping_free (map);
      return NULL;
    }

  if (map != NULL)
    {
      capture = capture_new_with_arena (
        seqack_trace_arena_new_external (map->bytes, map->size, mapping_free,
                                         map));
      start = (guint64) MAX (ftello (stream), 0);
      order = record_order (map);
      fast = fast_records_init (map, order, pcap_snapshot (pcap),
                                &fast_records);
      mapping_read_ahead (map, 0);
    }
  else
    {
      capture = seqack_capture_new ();
    }
  capture->link_type = link_type;
  capture->deferred = deferred;

  for (;;)
    {
      gint64 t_us;

      if (fast && read_record (map, start, &fast_records, &fast_header))
        {
          /* The usual record, straight from the mapping. */
          header = &fast_header;
          frame = map->bytes + start + 16;
          start += 16 + (guint64) header->caplen;
          stream_behind = TRUE;
        }
      else
        {
          /* Anything else (the end of the file too) is libpcap's to read
           * and judge, from where the records read so far end; the
           * records after it are the mapping's again. */
          if (stream_behind)
            {
              if (fseeko (stream, (off_t) start, SEEK_SET) != 0)
                {
                  status = PCAP_ERROR;
                  capture->warning =
                    g_strdup_printf (_("‘%s’ is damaged after packet %llu "
                                       "(%s): showing what could be read"),
                                     name, (unsigned long long) packet,
                                     g_strerror (errno));
                  break;
                }
              stream_behind = FALSE;
            }
          if ((status = pcap_next_ex (pcap, &header, &frame)) != 1)
            break;
          if (fast)
            {
              off_t end = ftello (stream);

              /* Where the stream ends up is where the next record is. */
              if (end >= 0)
                {
                  frame = bytes_in_map (map, start, (guint64) end, frame,
                                        header->caplen);
                  start = (guint64) end;
                }
              else
                fast = FALSE;
            }
        }

      t_us = (gint64) header->ts.tv_sec * G_USEC_PER_SEC +
             header->ts.tv_usec;
      packet++;

      if (map != NULL && !fast)
        {
          /* A mapped file libpcap reads (pcapng, an older pcap): a pcap
           * record is a 16-byte header and the data, so the next one is
           * found without asking the stream where it is: its header
           * states the lengths libpcap read (or, in a file of another
           * format, its bytes are libpcap's). When it is not there
           * (pcapng, a record libpcap cut), the stream says. */
          guint64 at = start + 16;
          off_t end;

          if (header->caplen > 0 && at + header->caplen <= map->size &&
              (order != 0
               ? record_states (map, start, order, header->caplen,
                                header->len)
               : memcmp (map->bytes + at, frame, header->caplen) == 0))
            {
              frame = map->bytes + at;
              start = at + header->caplen;
            }
          else if ((end = ftello (stream)) >= 0)
            {
              frame = bytes_in_map (map, start, (guint64) end, frame,
                                    header->caplen);
              start = (guint64) end;
            }
        }

      seqack_capture_add_record (capture, link_type, t_us, frame,
                                 header->caplen, header->len);

      if (packet % CHECK_EVERY == 0)
        {
          if (g_cancellable_is_cancelled (cancellable))
            {
              g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_CANCELLED,
                           _("Loading ‘%s’ was cancelled"), name);
              pcap_close (pcap);
              return NULL;
            }
          if (map != NULL)
            {
              mapping_drop_behind (map, start);
              mapping_read_ahead (map, start);
            }
          if (progress != NULL)
            {
              off_t done = fast ? (off_t) start : ftello (pcap_file (pcap));

              progress (done > 0 ? (guint64) done : 0, size, user_data);
            }
        }
    }

  if (status == PCAP_ERROR && capture->warning == NULL)
    {
      const char *why = pcap_geterr (pcap);

      /* The window's banner and the CLI say it in these words. */
      if (strstr (why, "truncated") != NULL)
        capture->warning =
          g_strdup_printf (_("‘%s’ is damaged after packet %llu: showing "
                             "what could be read"),
                           name, (unsigned long long) packet);
      else
        capture->warning =
          g_strdup_printf (_("‘%s’ is damaged after packet %llu (%s): "
                             "showing what could be read"),
                           name, (unsigned long long) packet, why);
    }

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_CANCELLED,
                   _("Loading ‘%s’ was cancelled"), name);
      pcap_close (pcap);
      return NULL;
    }

  /* The file is read: no conversation grows any more, so their traces
   * give back what they kept to grow cheaply (a few hundred bytes each,
   * tens of thousands of them in a large file). */
  for (guint i = 0; i < capture->conversations->len; i++)
    seqack_conversation_finish (g_ptr_array_index (capture->conversations,
                                                   i));

  if (progress != NULL)
    progress (size, size, user_data);

  pcap_close (pcap);

  return g_steal_pointer (&capture);
}

SeqackCapture *
seqack_capture_load_stream_deferred (FILE        *stream,
                                     const char  *name,
                                     GError     **error)
{
  g_return_val_if_fail (stream != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load (stream, NULL, TRUE, name, NULL, NULL, NULL, error);
}

void
seqack_capture_set_deferred (SeqackCapture *capture,
                             gboolean       deferred)
{
  g_return_if_fail (capture != NULL);

  capture->deferred = deferred;
}

SeqackCapture *
seqack_capture_load_stream (FILE                     *stream,
                            const char               *name,
                            SeqackCaptureProgressFunc progress,
                            gpointer                  user_data,
                            GCancellable             *cancellable,
                            GError                  **error)
{
  g_return_val_if_fail (stream != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return load (stream, NULL, FALSE, name, progress, user_data, cancellable,
               error);
}

/* Maps the regular file open on @fd, and a stream reading the mapping;
 * NULL when it cannot be mapped (a pipe, an empty file). */
static FILE *
map_file (int       fd,
          Mapping **map_out)
{
  struct stat st;
  Mapping *map;
  FILE *stream;
  void *bytes;

  if (fstat (fd, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size <= 0 ||
      (guint64) st.st_size > G_MAXSIZE)
    return NULL;
  bytes = mmap (NULL, (gsize) st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  if (bytes == MAP_FAILED)
    return NULL;
  madvise (bytes, (gsize) st.st_size, MADV_SEQUENTIAL);
  stream = fmemopen (bytes, (gsize) st.st_size, "rb");
  if (stream == NULL)
    {
      munmap (bytes, (gsize) st.st_size);
      return NULL;
    }
  map = g_new0 (Mapping, 1);
  map->bytes = bytes;
  map->size = (gsize) st.st_size;
  *map_out = map;
  return stream;
}

SeqackCapture *
seqack_capture_load_bytes_mapped (const guint8 *data,
                                  gsize         size,
                                  const char   *name,
                                  GError      **error)
{
  Mapping *map;
  FILE *stream;
  void *bytes;

  g_return_val_if_fail (data != NULL && size > 0, NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Pages of its own, as seqack-file-copy.h's copy of a file is. */
  bytes = mmap (NULL, size, PROT_READ | PROT_WRITE,
                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (bytes == MAP_FAILED)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                   "Cannot map %" G_GSIZE_FORMAT " bytes: %s", size,
                   g_strerror (errno));
      return NULL;
    }
  memcpy (bytes, data, size);
  mprotect (bytes, size, PROT_READ);
  stream = fmemopen (bytes, size, "rb");
  if (stream == NULL)
    {
      int saved = errno;

      munmap (bytes, size);
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                   "Cannot read %" G_GSIZE_FORMAT " bytes: %s", size,
                   g_strerror (saved));
      return NULL;
    }
  map = g_new0 (Mapping, 1);
  map->bytes = bytes;
  map->size = size;
  map->owned = TRUE;
  return load (stream, map, TRUE, name, NULL, NULL, NULL, error);
}

/* A share of the whole load's progress: copying the file into memory is
 * its first third, reading the copy the rest. */
typedef struct
{
  SeqackCaptureProgressFunc func;
  gpointer                  user_data;
  double                    start;
  double                    share;
} ProgressPart;

static void
progress_part (guint64  done,
               guint64  total,
               gpointer user_data)
{
  ProgressPart *part = user_data;

  part->func (total > 0 ? (guint64) (total * part->start + done * part->share)
                        : done,
              total, part->user_data);
}

#define COPY_SHARE (1.0 / 3)

/* Opens @path and reads it; @mapped: see seqack_capture_load_file_mapped().
 * Otherwise a regular file is copied into memory first and that copy
 * mapped: the packets stay in its pages, and nothing that happens to the
 * file later can change them. */
static SeqackCapture *
load_path (const char               *path,
           gboolean                  mapped,
           SeqackCaptureProgressFunc progress,
           gpointer                  user_data,
           GCancellable             *cancellable,
           GError                  **error)
{
  g_autofree char *name = NULL;
  ProgressPart part = { progress, user_data, 0.0, 1.0 };
  Mapping *map = NULL;
  FILE *stream = NULL;
  int fd;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* Messages name the whole path: two captures called "h.pcap" in
   * different folders are not the same file. */
  name = g_filename_display_name (path);

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                   _("‘%s’ is a folder, not a capture file"), name);
      return NULL;
    }

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd >= 0 && !mapped)
    {
      int copy;

      part.share = COPY_SHARE;
      copy = seqack_file_copy_to_memory (fd, progress != NULL ? progress_part
                                                              : NULL,
                                         &part, cancellable);

      if (copy < 0 && errno == ECANCELED)
        {
          close (fd);
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_CANCELLED,
                       _("Loading ‘%s’ was cancelled"), name);
          return NULL;
        }
      if (copy >= 0)
        {
          stream = map_file (copy, &map);
          close (copy);
          if (stream != NULL)
            {
              map->owned = TRUE;
              part.start = COPY_SHARE;
              part.share = 1.0 - COPY_SHARE;
            }
        }
    }
  else if (fd >= 0)
    {
      /* Mapped, the packets stay in the file's own pages. */
      stream = map_file (fd, &map);
    }
  /* What cannot be copied or mapped is read as a stream, its packets
   * copied. */
  if (stream != NULL)
    close (fd);
  else if (fd >= 0)
    {
      part.start = 0.0;
      part.share = 1.0;
      stream = fdopen (fd, "rb");
    }
  if (stream == NULL)
    {
      int saved = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, SEQACK_ERROR,
                   saved == ENOENT ? SEQACK_ERROR_NOT_FOUND
                                   : saved == EACCES ? SEQACK_ERROR_PERMISSION
                                                     : SEQACK_ERROR_IO,
                   _("Cannot open ‘%s’: %s"), name, g_strerror (saved));
      return NULL;
    }

  /* A command that may only list the conversations: their traces wait
   * until one is asked for. */
  return load (stream, map, mapped, name,
               progress != NULL ? progress_part : NULL, &part, cancellable,
               error);
}

SeqackCapture *
seqack_capture_load_file (const char               *path,
                          SeqackCaptureProgressFunc progress,
                          gpointer                  user_data,
                          GCancellable             *cancellable,
                          GError                  **error)
{
  return load_path (path, FALSE, progress, user_data, cancellable, error);
}

SeqackCapture *
seqack_capture_load_file_mapped (const char               *path,
                                 SeqackCaptureProgressFunc progress,
                                 gpointer                  user_data,
                                 GCancellable             *cancellable,
                                 GError                  **error)
{
  return load_path (path, TRUE, progress, user_data, cancellable, error);
}
