/* seqack-capture-live.h: capturing packets from a network interface.
 *
 * libpcap reads the interface on a worker thread; the frames come back to
 * the caller's GMainContext in batches, at most one batch every 50 ms, so
 * a window updates smoothly and a busy link cannot flood the main loop.
 * Feed each batch's frames to seqack_capture_add_frame().
 *
 * Capturing needs privileges (CAP_NET_RAW and CAP_NET_ADMIN). Without
 * them SeqAck captures the way Wireshark does, through Wireshark's dumpcap
 * run as a child (it holds the capabilities, for the members of the
 * wireshark group): $SEQACK_DUMPCAP, else dumpcap in $PATH or /usr/bin.
 * When neither way is open, and inside the Flatpak sandbox, it fails with
 * a message that says what to do instead; dumpcap's own reasons (no such
 * interface, a bad filter) are passed on. Everything here is used from one thread
 * (the one running @context), except that stop may also come from a
 * GCancellable cancelled on any thread.
 */
#pragma once

#include <gio/gio.h>
#include <glib.h>

G_BEGIN_DECLS

/* Batches are handed over at most this often. */
#define SEQACK_CAPTURE_BATCH_INTERVAL_US (50 * 1000)

typedef struct
{
  char    *name;         /* "lo", "eth0" */
  char    *description;  /* libpcap's description, or NULL */
  gboolean loopback;
  gboolean up;
} SeqackCaptureInterface;

void seqack_capture_interface_free (SeqackCaptureInterface *iface);

/* The interfaces libpcap can capture on, loopback first, as a GPtrArray
 * of SeqackCaptureInterface (freed with the array). */
GPtrArray *seqack_capture_list_interfaces (GError **error);

/* FALSE with SEQACK_ERROR_PERMISSION and an explanation (record with
 * Wireshark or tcpdump outside, then open the file) when running inside
 * the Flatpak sandbox, i.e. when @flatpak_info exists. NULL means
 * "/.flatpak-info", the file Flatpak puts in every sandbox. */
gboolean seqack_capture_check_sandbox (const char *flatpak_info,
                                       GError    **error);

/* One captured frame, valid during the batch callback only. */
typedef struct
{
  gint64        t_us;      /* µs since the Unix epoch */
  guint32       wire_len;  /* length on the wire */
  guint32       len;       /* bytes captured at @data */
  const guint8 *data;
} SeqackCaptureFrame;

typedef struct
{
  int                       link_type; /* DLT_ value of every frame */
  guint                     n_frames;
  const SeqackCaptureFrame *frames;
} SeqackCaptureBatch;

typedef struct _SeqackCaptureLive SeqackCaptureLive;

typedef void (*SeqackCaptureBatchFunc)   (SeqackCaptureLive        *live,
                                          const SeqackCaptureBatch *batch,
                                          gpointer                  user_data);
/* The capture ended: @error is NULL after stop, a frame limit or
 * cancellation, else why the interface failed. */
typedef void (*SeqackCaptureStoppedFunc) (SeqackCaptureLive *live,
                                          const GError      *error,
                                          gpointer           user_data);

/* Opens @interface for capture (snaplen 262144, not promiscuous, 100 ms
 * read timeout, immediate mode) with the BPF @filter (NULL: "tcp"; ""
 * captures everything). Errors: SEQACK_ERROR_NOT_FOUND "no interface named
 * ‘foo’", SEQACK_ERROR_PERMISSION with what to do,
 * SEQACK_ERROR_INVALID_ARGUMENT for a filter libpcap cannot compile (its
 * reason included). Nothing is read until seqack_capture_live_start(). */
SeqackCaptureLive *seqack_capture_live_new  (const char *interface,
                                             const char *filter,
                                             GError    **error);
/* Stops (without calling back) and closes. */
void               seqack_capture_live_free (SeqackCaptureLive *live);

const char *seqack_capture_live_get_interface (SeqackCaptureLive *live);
int         seqack_capture_live_get_link_type (SeqackCaptureLive *live);

/* Also writes every frame to a pcap file at @path (before start). */
gboolean seqack_capture_live_save_to (SeqackCaptureLive *live,
                                      const char        *path,
                                      GError           **error);

/* Ends the capture by itself after @max_frames frames (0: no limit).
 * Before start. */
void seqack_capture_live_set_max_frames (SeqackCaptureLive *live,
                                         guint64            max_frames);

/* Starts the worker thread. @on_batch and @on_stopped run in @context
 * (NULL: the thread-default context); @on_stopped exactly once per start,
 * when the capture ends by itself (limit, @cancellable, interface error)
 * or inside seqack_capture_live_stop(). A capture can be started again
 * after it stopped. */
gboolean seqack_capture_live_start (SeqackCaptureLive       *live,
                                    GMainContext            *context,
                                    SeqackCaptureBatchFunc   on_batch,
                                    SeqackCaptureStoppedFunc on_stopped,
                                    gpointer                 user_data,
                                    GCancellable            *cancellable,
                                    GError                 **error);

/* Stops the worker and joins it; frames captured so far are delivered and
 * @on_stopped is called (if not yet) before this returns. Does nothing
 * when not running. */
void     seqack_capture_live_stop       (SeqackCaptureLive *live);
gboolean seqack_capture_live_is_running (SeqackCaptureLive *live);

/* TRUE when the frames come from a dumpcap child, not from libpcap in
 * this process. */
gboolean seqack_capture_live_uses_dumpcap (SeqackCaptureLive *live);

/* Frames captured since start, and frames the kernel dropped because
 * the reader was too slow (pcap_stats). */
guint64 seqack_capture_live_get_n_frames  (SeqackCaptureLive *live);
guint64 seqack_capture_live_get_n_dropped (SeqackCaptureLive *live);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackCaptureLive, seqack_capture_live_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackCaptureInterface,
                               seqack_capture_interface_free)

G_END_DECLS
