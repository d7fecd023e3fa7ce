/* seqack-capture-live.c: capturing packets from a network interface.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The worker thread owns the pcap handle while it runs. It reads in
 * non-blocking mode and waits in poll() on the handle's descriptor and an
 * eventfd, at most 50 ms at a time: libpcap's own read timeout does not
 * fire on Linux when no packet comes (the ring's block timer only retires
 * blocks that hold packets), and a stop must not wait for a packet. The
 * main thread (or a GCancellable) sets a flag and writes the eventfd.
 * Frames go from the worker to the main
 * thread through a Channel: a locked pending batch and at most one idle
 * source in the caller's context. The Channel is reference-counted so an
 * idle source still queued after a stop finds it detached and does
 * nothing.
 */

#include "config.h"

#include <errno.h>
#include <poll.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>

#include <glib/gi18n-lib.h>
#include <pcap/pcap.h>

#include "seqack-capture-link.h"
#include "seqack-capture-live.h"
#include "seqack-error.h"

#define READ_TIMEOUT_MS 100
#define DEFAULT_FILTER  "tcp"
#define FLATPAK_INFO    "/.flatpak-info"

typedef struct
{
  gint64  t_us;
  guint32 wire_len;
  guint32 len;
  gsize   offset;    /* into the batch's bytes */
} PendingFrame;

typedef struct
{
  gatomicrefcount    ref;
  GMutex             mutex;
  GMainContext      *context;

  /* Guarded by @mutex: filled by the worker, emptied by the main thread. */
  GArray            *frames;   /* PendingFrame */
  GByteArray        *bytes;
  gboolean           source_pending;
  gboolean           ended;    /* the worker has returned (or is about to) */
  GError            *end_error;

  /* Main thread only. NULL once the capture it served has stopped. */
  SeqackCaptureLive *live;
} Channel;

struct _SeqackCaptureLive
{
  char                    *interface;
  pcap_t                  *pcap;
  pcap_dumper_t           *dumper;
  int                      link_type;
  guint64                  max_frames;

  GThread                 *thread;
  int                      wake_fd;         /* eventfd: stop now */
  Channel                 *channel;
  gint                     stop_requested;  /* atomic */
  GCancellable            *cancellable;
  gulong                   cancelled_id;

  SeqackCaptureBatchFunc   on_batch;
  SeqackCaptureStoppedFunc on_stopped;
  gpointer                 user_data;

  guint64                  n_frames;
  guint64                  n_dropped;
};

/* The worker's own batch, handed to the Channel every 50 ms. */
typedef struct
{
  SeqackCaptureLive *live;
  GArray            *frames;
  GByteArray        *bytes;
  guint64            n_frames;
} Worker;

void
seqack_capture_interface_free (SeqackCaptureInterface *iface)
{
  if (iface == NULL)
    return;

  g_free (iface->name);
  g_free (iface->description);
  g_free (iface);
}

GPtrArray *
seqack_capture_list_interfaces (GError **error)
{
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  g_autoptr(GPtrArray) loopback = NULL;
  GPtrArray *result;
  pcap_if_t *all = NULL, *dev;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (pcap_findalldevs (&all, errbuf) == PCAP_ERROR)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                   _("Cannot list the network interfaces: %s"), errbuf);
      return NULL;
    }

  result = g_ptr_array_new_with_free_func (
    (GDestroyNotify) seqack_capture_interface_free);
  loopback = g_ptr_array_new ();

  for (dev = all; dev != NULL; dev = dev->next)
    {
      SeqackCaptureInterface *iface = g_new0 (SeqackCaptureInterface, 1);

      iface->name = g_strdup (dev->name);
      iface->description = g_strdup (dev->description);
      iface->loopback = (dev->flags & PCAP_IF_LOOPBACK) != 0;
      iface->up = (dev->flags & PCAP_IF_UP) != 0;

      /* The lesson's captures are on the loopback: list it first. */
      if (iface->loopback)
        g_ptr_array_add (loopback, iface);
      else
        g_ptr_array_add (result, iface);
    }

  for (guint i = loopback->len; i > 0; i--)
    g_ptr_array_insert (result, 0, g_ptr_array_index (loopback, i - 1));

  pcap_freealldevs (all);

  return result;
}

gboolean
seqack_capture_check_sandbox (const char *flatpak_info,
                              GError    **error)
{
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!g_file_test (flatpak_info != NULL ? flatpak_info : FLATPAK_INFO,
                    G_FILE_TEST_EXISTS))
    return TRUE;

  g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_PERMISSION,
               _("Live capture is impossible inside the Flatpak sandbox: it "
                 "cannot reach the network interfaces. Record the "
                 "connection outside it with Wireshark, or with `sudo "
                 "tcpdump -i lo -w handshake.pcap tcp port 8080`, and open "
                 "the file."));
  return FALSE;
}

static void
set_permission_error (GError **error)
{
  g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_PERMISSION,
               _("Capturing packets needs the CAP_NET_RAW and CAP_NET_ADMIN "
                 "capabilities. Either run `sudo setcap "
                 "cap_net_raw,cap_net_admin+eip` on the seqack-cli capture "
                 "helper, or add yourself to the wireshark group (sudo "
                 "usermod -aG wireshark $USER) and log in again. Opening "
                 "capture files works without them."));
}

SeqackCaptureLive *
seqack_capture_live_new (const char *interface,
                         const char *filter,
                         GError    **error)
{
  g_autoptr(SeqackCaptureLive) live = NULL;
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  struct bpf_program program;
  char link_name[32];
  int status;

  g_return_val_if_fail (interface != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!seqack_capture_check_sandbox (NULL, error))
    return NULL;

  if (filter == NULL)
    filter = DEFAULT_FILTER;

  live = g_new0 (SeqackCaptureLive, 1);
  live->interface = g_strdup (interface);
  live->wake_fd = -1;

  if (*interface == '\0')
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND,
                   _("no interface named ‘%s’"), interface);
      return NULL;
    }

  live->pcap = pcap_create (interface, errbuf);
  if (live->pcap == NULL)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                   _("Cannot capture on ‘%s’: %s"), interface, errbuf);
      return NULL;
    }

  pcap_set_snaplen (live->pcap, SEQACK_CAPTURE_MAX_CAPLEN);
  pcap_set_promisc (live->pcap, 0);
  pcap_set_timeout (live->pcap, READ_TIMEOUT_MS);
  /* Deliver each packet as it arrives, so a handshake shows at once. */
  pcap_set_immediate_mode (live->pcap, 1);

  status = pcap_activate (live->pcap);
  if (status < 0)
    {
      switch (status)
        {
        case PCAP_ERROR_NO_SUCH_DEVICE:
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND,
                       _("no interface named ‘%s’"), interface);
          break;

        case PCAP_ERROR_PERM_DENIED:
          set_permission_error (error);
          break;

        case PCAP_ERROR_IFACE_NOT_UP:
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                       _("The interface ‘%s’ is down"), interface);
          break;

        default:
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                       _("Cannot capture on ‘%s’: %s"), interface,
                       pcap_geterr (live->pcap));
          break;
        }
      return NULL;
    }

  live->link_type = pcap_datalink (live->pcap);
  if (!seqack_capture_link_supported (live->link_type))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_UNSUPPORTED,
                   _("SeqAck cannot decode the frames of ‘%s’ (link type "
                     "%s)"),
                   interface,
                   seqack_capture_link_name (live->link_type, link_name));
      return NULL;
    }

  if (pcap_compile (live->pcap, &program, filter, 1,
                    PCAP_NETMASK_UNKNOWN) == PCAP_ERROR)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("The capture filter ‘%s’ is not valid: %s"), filter,
                   pcap_geterr (live->pcap));
      return NULL;
    }

  status = pcap_setfilter (live->pcap, &program);
  pcap_freecode (&program);
  if (status == PCAP_ERROR)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                   _("Cannot set the capture filter on ‘%s’: %s"), interface,
                   pcap_geterr (live->pcap));
      return NULL;
    }

  return g_steal_pointer (&live);
}

void
seqack_capture_live_free (SeqackCaptureLive *live)
{
  if (live == NULL)
    return;

  /* No callbacks from a capture that is going away. */
  live->on_batch = NULL;
  live->on_stopped = NULL;
  seqack_capture_live_stop (live);

  if (live->dumper != NULL)
    pcap_dump_close (live->dumper);
  if (live->pcap != NULL)
    pcap_close (live->pcap);
  g_free (live->interface);
  g_free (live);
}

const char *
seqack_capture_live_get_interface (SeqackCaptureLive *live)
{
  g_return_val_if_fail (live != NULL, NULL);

  return live->interface;
}

int
seqack_capture_live_get_link_type (SeqackCaptureLive *live)
{
  g_return_val_if_fail (live != NULL, -1);

  return live->link_type;
}

gboolean
seqack_capture_live_save_to (SeqackCaptureLive *live,
                             const char        *path,
                             GError           **error)
{
  g_return_val_if_fail (live != NULL, FALSE);
  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (live->channel == NULL, FALSE);

  if (live->dumper != NULL)
    pcap_dump_close (live->dumper);

  live->dumper = pcap_dump_open (live->pcap, path);
  if (live->dumper == NULL)
    {
      g_autofree char *name = g_filename_display_name (path);

      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                   _("Cannot write ‘%s’: %s"), name, pcap_geterr (live->pcap));
      return FALSE;
    }

  return TRUE;
}

void
seqack_capture_live_set_max_frames (SeqackCaptureLive *live,
                                    guint64            max_frames)
{
  g_return_if_fail (live != NULL);

  live->max_frames = max_frames;
}

gboolean
seqack_capture_live_is_running (SeqackCaptureLive *live)
{
  g_return_val_if_fail (live != NULL, FALSE);

  return live->channel != NULL;
}

guint64
seqack_capture_live_get_n_frames (SeqackCaptureLive *live)
{
  g_return_val_if_fail (live != NULL, 0);

  return live->n_frames;
}

guint64
seqack_capture_live_get_n_dropped (SeqackCaptureLive *live)
{
  g_return_val_if_fail (live != NULL, 0);

  return live->n_dropped;
}

/* Channel */

static Channel *
channel_new (SeqackCaptureLive *live,
             GMainContext      *context)
{
  Channel *channel = g_new0 (Channel, 1);

  g_atomic_ref_count_init (&channel->ref);
  g_mutex_init (&channel->mutex);
  channel->context = g_main_context_ref (context);
  channel->frames = g_array_new (FALSE, FALSE, sizeof (PendingFrame));
  channel->bytes = g_byte_array_new ();
  channel->live = live;

  return channel;
}

static Channel *
channel_ref (Channel *channel)
{
  g_atomic_ref_count_inc (&channel->ref);
  return channel;
}

static void
channel_unref (gpointer data)
{
  Channel *channel = data;

  if (!g_atomic_ref_count_dec (&channel->ref))
    return;

  g_array_unref (channel->frames);
  g_byte_array_unref (channel->bytes);
  g_clear_error (&channel->end_error);
  g_main_context_unref (channel->context);
  g_mutex_clear (&channel->mutex);
  g_free (channel);
}

/* Takes what the worker left in @channel (under its lock). */
static void
channel_take (Channel     *channel,
              GArray     **frames,
              GByteArray **bytes,
              gboolean    *ended,
              GError     **end_error)
{
  g_mutex_lock (&channel->mutex);
  *frames = channel->frames;
  *bytes = channel->bytes;
  channel->frames = g_array_new (FALSE, FALSE, sizeof (PendingFrame));
  channel->bytes = g_byte_array_new ();
  *ended = channel->ended;
  *end_error = g_steal_pointer (&channel->end_error);
  channel->source_pending = FALSE;
  g_mutex_unlock (&channel->mutex);
}

static void
deliver (SeqackCaptureLive *live,
         GArray            *frames,
         GByteArray        *bytes)
{
  g_autofree SeqackCaptureFrame *out = NULL;
  SeqackCaptureBatch batch;

  if (frames->len == 0)
    return;

  live->n_frames += frames->len;
  if (live->on_batch == NULL)
    return;

  out = g_new (SeqackCaptureFrame, frames->len);
  for (guint i = 0; i < frames->len; i++)
    {
      const PendingFrame *f = &g_array_index (frames, PendingFrame, i);

      out[i].t_us = f->t_us;
      out[i].wire_len = f->wire_len;
      out[i].len = f->len;
      out[i].data = bytes->data + f->offset;
    }

  batch.link_type = live->link_type;
  batch.n_frames = frames->len;
  batch.frames = out;
  live->on_batch (live, &batch, live->user_data);
}

/* The worker has returned or been told to: join it, detach the Channel
 * and report. */
static void
finish (SeqackCaptureLive *live,
        GError            *error)
{
  SeqackCaptureStoppedFunc on_stopped = live->on_stopped;
  struct pcap_stat stats;
  Channel *channel;

  if (live->thread != NULL)
    g_thread_join (g_steal_pointer (&live->thread));

  if (live->cancellable != NULL)
    {
      g_cancellable_disconnect (live->cancellable, live->cancelled_id);
      live->cancelled_id = 0;
      g_clear_object (&live->cancellable);
    }
  if (live->wake_fd >= 0)
    {
      close (live->wake_fd);
      live->wake_fd = -1;
    }

  channel = g_steal_pointer (&live->channel);
  channel->live = NULL;
  channel_unref (channel);

  if (live->dumper != NULL)
    pcap_dump_flush (live->dumper);
  if (pcap_stats (live->pcap, &stats) == 0)
    live->n_dropped = stats.ps_drop;

  live->on_stopped = NULL;
  if (on_stopped != NULL)
    on_stopped (live, error, live->user_data);

  g_clear_error (&error);
}

static gboolean
channel_dispatch (gpointer data)
{
  Channel *channel = data;
  g_autoptr(GArray) frames = NULL;
  g_autoptr(GByteArray) bytes = NULL;
  GError *end_error = NULL;
  gboolean ended;

  channel_take (channel, &frames, &bytes, &ended, &end_error);

  if (channel->live != NULL)
    deliver (channel->live, frames, bytes);

  /* on_batch may have stopped the capture already. */
  if (ended && channel->live != NULL)
    finish (channel->live, g_steal_pointer (&end_error));

  g_clear_error (&end_error);

  return G_SOURCE_REMOVE;
}

/* Worker thread: hands its batch to the Channel. */
static void
worker_flush (Worker   *w,
              gboolean  ended,
              GError   *end_error)
{
  Channel *channel = w->live->channel;

  g_mutex_lock (&channel->mutex);

  for (guint i = 0; i < w->frames->len; i++)
    {
      PendingFrame f = g_array_index (w->frames, PendingFrame, i);

      f.offset += channel->bytes->len;
      g_array_append_val (channel->frames, f);
    }
  g_byte_array_append (channel->bytes, w->bytes->data, w->bytes->len);
  g_array_set_size (w->frames, 0);
  g_byte_array_set_size (w->bytes, 0);

  if (ended)
    {
      channel->ended = TRUE;
      channel->end_error = end_error;
    }

  if (!channel->source_pending)
    {
      GSource *source = g_idle_source_new ();

      channel->source_pending = TRUE;
      g_source_set_static_name (source, "[seqack] capture batch");
      g_source_set_callback (source, channel_dispatch, channel_ref (channel),
                             channel_unref);
      g_source_attach (source, channel->context);
      g_source_unref (source);
    }

  g_mutex_unlock (&channel->mutex);
}

static void
worker_packet (u_char                   *data,
               const struct pcap_pkthdr *header,
               const u_char             *bytes)
{
  Worker *w = (Worker *) data;
  SeqackCaptureLive *live = w->live;
  PendingFrame f;

  if (live->max_frames != 0 && w->n_frames >= live->max_frames)
    return;

  f.t_us = (gint64) header->ts.tv_sec * G_USEC_PER_SEC + header->ts.tv_usec;
  f.wire_len = header->len;
  f.len = MIN (header->caplen, SEQACK_CAPTURE_MAX_CAPLEN);
  f.offset = w->bytes->len;
  g_array_append_val (w->frames, f);
  g_byte_array_append (w->bytes, bytes, f.len);

  if (live->dumper != NULL)
    pcap_dump ((u_char *) live->dumper, header, bytes);

  w->n_frames++;
  if (live->max_frames != 0 && w->n_frames >= live->max_frames)
    pcap_breakloop (live->pcap);
}

static gpointer
worker_main (gpointer data)
{
  SeqackCaptureLive *live = data;
  GError *error = NULL;
  Worker w = { live, NULL, NULL, 0 };
  gint64 last_flush = g_get_monotonic_time ();

  w.frames = g_array_new (FALSE, FALSE, sizeof (PendingFrame));
  w.bytes = g_byte_array_new ();

  while (!g_atomic_int_get (&live->stop_requested))
    {
      struct pollfd fds[2] = {
        { pcap_get_selectable_fd (live->pcap), POLLIN, 0 },
        { live->wake_fd, POLLIN, 0 },
      };
      gint64 now;
      int n;

      if (poll (fds, G_N_ELEMENTS (fds),
                SEQACK_CAPTURE_BATCH_INTERVAL_US / 1000) < 0 &&
          errno != EINTR)
        {
          int saved = errno;

          g_set_error (&error, SEQACK_ERROR, SEQACK_ERROR_IO,
                       _("Capture on ‘%s’ failed: %s"), live->interface,
                       g_strerror (saved));
          break;
        }

      n = pcap_dispatch (live->pcap, -1, worker_packet, (u_char *) &w);
      if (n == PCAP_ERROR)
        {
          g_set_error (&error, SEQACK_ERROR, SEQACK_ERROR_IO,
                       _("Capture on ‘%s’ failed: %s"), live->interface,
                       pcap_geterr (live->pcap));
          break;
        }

      if (live->max_frames != 0 && w.n_frames >= live->max_frames)
        break;

      now = g_get_monotonic_time ();
      if (w.frames->len > 0 &&
          now - last_flush >= SEQACK_CAPTURE_BATCH_INTERVAL_US)
        {
          worker_flush (&w, FALSE, NULL);
          last_flush = now;
        }
    }

  worker_flush (&w, TRUE, error);

  g_array_unref (w.frames);
  g_byte_array_unref (w.bytes);

  return NULL;
}

/* Any thread: the flag, and a write that ends the worker's poll. */
static void
request_stop (SeqackCaptureLive *live)
{
  guint64 one = 1;

  g_atomic_int_set (&live->stop_requested, 1);
  if (write (live->wake_fd, &one, sizeof one) < 0)
    {
      /* The counter is full or the fd is gone: the worker still sees the
       * flag within one poll interval. */
    }
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      data)
{
  request_stop (data);
}

gboolean
seqack_capture_live_start (SeqackCaptureLive       *live,
                           GMainContext            *context,
                           SeqackCaptureBatchFunc   on_batch,
                           SeqackCaptureStoppedFunc on_stopped,
                           gpointer                 user_data,
                           GCancellable            *cancellable,
                           GError                 **error)
{
  char errbuf[PCAP_ERRBUF_SIZE] = "";

  g_return_val_if_fail (live != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (live->channel != NULL)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("The capture on ‘%s’ is already running"),
                   live->interface);
      return FALSE;
    }

  if (context == NULL)
    context = g_main_context_get_thread_default ();
  if (context == NULL)
    context = g_main_context_default ();

  /* Reads never block: the worker waits in poll() (see the top). */
  if (pcap_setnonblock (live->pcap, 1, errbuf) == PCAP_ERROR)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                   _("Cannot capture on ‘%s’: %s"), live->interface, errbuf);
      return FALSE;
    }
  live->wake_fd = eventfd (0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (live->wake_fd < 0)
    {
      int saved = errno;

      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                   _("Cannot capture on ‘%s’: %s"), live->interface,
                   g_strerror (saved));
      return FALSE;
    }

  live->on_batch = on_batch;
  live->on_stopped = on_stopped;
  live->user_data = user_data;
  live->n_frames = 0;
  live->n_dropped = 0;
  g_atomic_int_set (&live->stop_requested, 0);
  live->channel = channel_new (live, context);

  live->thread = g_thread_try_new ("seqack-capture", worker_main, live,
                                   error);
  if (live->thread == NULL)
    {
      live->channel->live = NULL;
      channel_unref (g_steal_pointer (&live->channel));
      close (live->wake_fd);
      live->wake_fd = -1;
      return FALSE;
    }

  /* Connected after the thread exists: an already cancelled cancellable
   * calls back at once and the worker ends on its first look. */
  if (cancellable != NULL)
    {
      live->cancellable = g_object_ref (cancellable);
      live->cancelled_id = g_cancellable_connect (cancellable,
                                                  G_CALLBACK (on_cancelled),
                                                  live, NULL);
    }

  return TRUE;
}

void
seqack_capture_live_stop (SeqackCaptureLive *live)
{
  g_autoptr(GArray) frames = NULL;
  g_autoptr(GByteArray) bytes = NULL;
  GError *end_error = NULL;
  gboolean ended;

  g_return_if_fail (live != NULL);

  if (live->channel == NULL)
    return;

  if (live->thread != NULL)
    {
      request_stop (live);
      g_thread_join (g_steal_pointer (&live->thread));
    }

  channel_take (live->channel, &frames, &bytes, &ended, &end_error);
  deliver (live, frames, bytes);

  /* on_batch may have stopped the capture already. */
  if (live->channel != NULL)
    finish (live, end_error);
  else
    g_clear_error (&end_error);
}
