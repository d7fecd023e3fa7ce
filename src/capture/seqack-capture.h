/* seqack-capture.h: the TCP conversations of a capture file or a live
 * capture.
 *
 * A SeqackCapture turns captured frames into conversations (one per
 * connection: 4-tuple, and a new one when a SYN reuses a closed 4-tuple),
 * each with its own Trace built as frames arrive (or, from
 * seqack_capture_load_file_mapped(), when first asked for). Files are
 * read through libpcap (pcap and pcapng); seqack_capture_load_file()
 * blocks, reports progress and honours a GCancellable, so a window runs
 * it on a worker thread (see seqack-capture-loader.h). A live capture
 * feeds the frames of each batch to seqack_capture_add_frame().
 *
 * Not thread-safe: build it on one thread, then hand it over (the loader
 * does). Bad input is never fatal: frames that are not TCP are counted and
 * skipped, damaged ones too; a file cut short keeps what was read and says
 * so in seqack_capture_get_warning().
 */
#pragma once

#include <stdio.h>

#include <gio/gio.h>
#include <glib.h>

#include "seqack-conversation.h"

G_BEGIN_DECLS

typedef struct
{
  guint64 n_frames;   /* frames read */
  guint64 n_tcp;      /* TCP segments, each in a conversation */
  guint64 n_not_tcp;  /* other protocols (ARP, UDP, ICMP...), skipped */
  guint64 n_bad;      /* damaged headers or lengths, skipped */
} SeqackCaptureStats;

/* Called every few thousand frames and once at the end with the bytes of
 * the file read so far and its size (0 when unknown). Runs on the thread
 * that loads. */
typedef void (*SeqackCaptureProgressFunc) (guint64  done,
                                           guint64  total,
                                           gpointer user_data);

typedef struct _SeqackCapture SeqackCapture;

/* An empty capture to feed frames to (live capture). */
SeqackCapture *seqack_capture_new  (void);
void           seqack_capture_free (SeqackCapture *capture);

/* Reads a pcap or pcapng file. Fails (NULL) when the file cannot be
 * opened (SEQACK_ERROR_NOT_FOUND, _IO), is not a capture
 * (SEQACK_ERROR_MALFORMED), uses a link type SeqAck does not decode
 * (SEQACK_ERROR_UNSUPPORTED), or when @cancellable is cancelled
 * (SEQACK_ERROR_CANCELLED). A file damaged or cut short after its header
 * still loads, with a warning. @progress may be NULL. A regular file is
 * first copied into memory the process owns (seqack-file-copy.h) and the
 * packets stay in that copy; anything else is read as a stream, each
 * packet copied. Either way no mapping of the file itself is kept, so a
 * file truncated during the load just ends it as damaged, and one
 * truncated later changes nothing. The window's loader uses this. */
SeqackCapture *seqack_capture_load_file   (const char               *path,
                                           SeqackCaptureProgressFunc progress,
                                           gpointer                  user_data,
                                           GCancellable             *cancellable,
                                           GError                  **error);

/* The same, but a regular file itself is mapped and the packets' bytes
 * stay in the file's pages for the capture's life, with no copy (half
 * the time and a fraction of the memory for a large file: the page
 * cache's pages are given back as they are read). The trade-off: when
 * the file is truncated while the capture is alive (a new `tcpdump -w`
 * over it), reading a packet's bytes past the new end raises SIGBUS. So
 * only short-lived commands (seqack-cli, the benchmark) use this; the
 * app, which keeps a capture open for hours, uses
 * seqack_capture_load_file(), which keeps no mapping. A command may only
 * list the conversations, so their traces are not built as the file is
 * read: each is built, from its packets where they lie, the first time
 * seqack_conversation_get_trace() asks for it, the same trace reading
 * would have built (what the conversation list shows is known at once).
 * That first call then costs what reading the conversation would have,
 * on the thread that makes it. */
SeqackCapture *seqack_capture_load_file_mapped
                                          (const char               *path,
                                           SeqackCaptureProgressFunc progress,
                                           gpointer                  user_data,
                                           GCancellable             *cancellable,
                                           GError                  **error);

/* The same from an open stream (fmemopen() works: fuzzers feed memory
 * this way). The stream is always consumed: closed before returning.
 * @name is used in messages. */
SeqackCapture *seqack_capture_load_stream (FILE                     *stream,
                                           const char               *name,
                                           SeqackCaptureProgressFunc progress,
                                           gpointer                  user_data,
                                           GCancellable             *cancellable,
                                           GError                  **error);

/* Feeds one frame of link type @link_type (a DLT_ value) captured at
 * @t_us (µs since the Unix epoch). Returns the index of the conversation
 * it joined, or -1 when it held no TCP segment (counted in the stats). */
gint seqack_capture_add_frame (SeqackCapture *capture,
                               int            link_type,
                               gint64         t_us,
                               const guint8  *frame,
                               gsize          len);

/* The same for a record as a pcap file or libpcap holds it: @len bytes
 * captured of a frame that had @wire_len on the wire (0: unknown, taken as
 * @len). When @len is smaller the snapshot length cut the frame: a TCP
 * header that was captured still makes a segment, with its real length
 * from the IP header and SEQACK_MARK_TRUNCATED. A @len above @wire_len is
 * damage. */
gint seqack_capture_add_record (SeqackCapture *capture,
                                int            link_type,
                                gint64         t_us,
                                const guint8  *frame,
                                gsize          len,
                                gsize          wire_len);

/* Feeds one IP packet (no link-layer header); as seqack_capture_add_frame()
 * but not counted in n_frames. */
gint seqack_capture_add_ip    (SeqackCapture *capture,
                               gint64         t_us,
                               const guint8  *ip,
                               gsize          len);

/* Conversations in the order their first packet was seen. */
guint               seqack_capture_get_n_conversations (SeqackCapture *capture);
SeqackConversation *seqack_capture_get_conversation    (SeqackCapture *capture,
                                                        guint          index);

/* The conversations between the same two hosts as conversation @index
 * (it among them), whichever host opened each, as indices (guint) in time
 * order: by their first packets. Wireshark's "all flows". */
GArray      *seqack_capture_get_flows   (SeqackCapture *capture,
                                         guint          index);
/* One Trace holding every event of conversations @flows (indices, as
 * seqack_capture_get_flows() lists them; the first one's client is the
 * trace's client), in time order: each segment with its bytes, each
 * connection with its ports (so its relative numbers are its own, see
 * seqack_trace_append_from()), states and variables. Time zero is the
 * earliest first packet, returned in @first_us (may be NULL). The
 * packets stay in the capture's memory, shared, which the trace keeps
 * alive: it may outlive @capture. Free it with seqack_trace_free(). */
SeqackTrace *seqack_capture_merge_flows (SeqackCapture *capture,
                                         const guint   *flows,
                                         guint          n_flows,
                                         gint64        *first_us);

/* Wireshark's "all flows" of conversation @index: its flows merged as
 * seqack_capture_merge_flows() does, with @index's client as the
 * trace's client; @n_flows (may be NULL) says how many. */
SeqackTrace *seqack_capture_merge_all_flows (SeqackCapture *capture,
                                             guint          index,
                                             gint64        *first_us,
                                             guint         *n_flows);

const SeqackCaptureStats *seqack_capture_get_stats (SeqackCapture *capture);

/* A translated sentence when the file was damaged or cut short and only
 * its first part was read ("‘/home/me/x.pcap’ is damaged after packet
 * 1234: showing what could be read"), else NULL. */
const char *seqack_capture_get_warning (SeqackCapture *capture);

/* The file's link type (a DLT_ value), -1 for a capture built by hand. */
int seqack_capture_get_link_type (SeqackCapture *capture);

/* Bytes of memory the conversations' traces, the index and the packets
 * of deferred conversations hold. */
gsize seqack_capture_get_memory_size (SeqackCapture *capture);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackCapture, seqack_capture_free)

G_END_DECLS
