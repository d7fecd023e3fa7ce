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
 *
 * Without the capabilities, SeqAck captures the way Wireshark does: it runs
 * Wireshark's dumpcap (which holds them, for the members of its group) as
 * a child, `dumpcap -i IF -f FILTER -w -`, and reads the pcapng stream it
 * writes to a pipe through libpcap (pcap_fopen_offline). The worker then
 * polls the pipe, whose stream is unbuffered so poll() sees every byte,
 * and dumpcap's stderr, kept for its error message. Stop closes the pipe,
 * ends the child and reaps it.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/eventfd.h>
#include <sys/stat.h>

#include <glib-unix.h>
#include <glib/gi18n-lib.h>
#include <pcap/pcap.h>

#include "seqack-capture-link.h"
#include "seqack-capture-live.h"
#include "seqack-error.h"
#include <glib/gstdio.h>

#define READ_TIMEOUT_MS 100
#define DEFAULT_FILTER  "tcp"
#define FLATPAK_INFO    "/.flatpak-info"
/* dumpcap's stderr kept for its error message, at most. */
#define DUMPCAP_ERR_MAX 4096

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
  char                    *filter;
  pcap_t                  *pcap;
  /* Capturing through dumpcap: the child, the read ends of its stdout
   * (the pcapng stream, owned by @pcap's FILE once open) and stderr. */
  char                    *dumpcap;        /* its path, NULL: direct */
  GSubprocess             *child;
  int                      stream_fd;
  int                      err_fd;
  GString                 *child_err;      /* what it wrote on stderr */
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

/* Advice when SeqAck may not capture itself. For the window the way is
 * dumpcap: capabilities on a whole GTK program would hand them to every
 * library and module it loads. The command line may be given them. */
#define SETCAP_ADVICE \
  N_("For seqack-cli alone, `sudo setcap cap_net_raw,cap_net_admin+eip " \
     "\"$(command -v seqack-cli)\"` works too. Opening capture files works " \
     "without either.")

static void
set_no_dumpcap_error (GError **error)
{
  g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_PERMISSION,
               "%s %s",
               _("Capturing packets needs the CAP_NET_RAW and CAP_NET_ADMIN "
                 "capabilities. SeqAck captures through Wireshark's dumpcap "
                 "when you may run it: install it and let it capture (`sudo "
                 "apt install tshark`, then `sudo dpkg-reconfigure "
                 "wireshark-common` and answer Yes), join the wireshark "
                 "group (`sudo usermod -aG wireshark $USER`) and log in "
                 "again."),
               _(SETCAP_ADVICE));
}

/* The group whose members may run @path, or NULL. */
static char *
exec_group (const char *path)
{
  struct stat st;
  struct group *gr;

  if (stat (path, &st) != 0 || (st.st_mode & S_IXGRP) == 0)
    return NULL;
  gr = getgrgid (st.st_gid);
  return gr != NULL ? g_strdup (gr->gr_name) : g_strdup_printf ("%u",
                                                                 st.st_gid);
}

static void
set_not_in_group_error (const char *dumpcap,
                        GError    **error)
{
  g_autofree char *group = exec_group (dumpcap);
  g_autofree char *name = g_filename_display_name (dumpcap);
  g_autofree char *first = NULL;

  if (group == NULL)
    group = g_strdup ("wireshark");
  first = g_strdup_printf (_("Capturing packets needs the CAP_NET_RAW and "
                             "CAP_NET_ADMIN capabilities. SeqAck captures "
                             "through Wireshark's dumpcap (%s), which only "
                             "members of the %s group may run: `sudo usermod "
                             "-aG %s $USER`, then log out and in again (the "
                             "group counts from the next login)."),
                           name, group, group);
  g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_PERMISSION, "%s %s", first,
               _(SETCAP_ADVICE));
}

/* Finds dumpcap: $SEQACK_DUMPCAP, else in $PATH, else where Debian puts
 * it. A file found but not executable for us is returned too (the user is
 * not in its group yet). */
static char *
find_dumpcap (void)
{
  static const char *const places[] = {
    "/usr/bin/dumpcap", "/usr/sbin/dumpcap", "/usr/local/bin/dumpcap",
  };
  const char *env = g_getenv ("SEQACK_DUMPCAP");
  char *found;

  if (env != NULL && *env != '\0')
    return g_file_test (env, G_FILE_TEST_IS_REGULAR) ? g_strdup (env) : NULL;

  found = g_find_program_in_path ("dumpcap");
  if (found != NULL)
    return found;
  for (guint i = 0; i < G_N_ELEMENTS (places); i++)
    if (g_file_test (places[i], G_FILE_TEST_IS_REGULAR))
      return g_strdup (places[i]);
  return NULL;
}

/* Reads what is there on the non-blocking @fd into @out (kept short). */
static void
drain_stderr (int      fd,
              GString *out)
{
  char buf[512];
  ssize_t n;

  while ((n = read (fd, buf, sizeof buf)) > 0)
    if (out->len < DUMPCAP_ERR_MAX)
      g_string_append_len (out, buf, MIN ((gsize) n,
                                          DUMPCAP_ERR_MAX - out->len));
}

/* dumpcap's message, one line: its first paragraph (and the second, which
 * gives a filter's reason), without its progress lines and "dumpcap: ". */
static char *
dumpcap_message (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  GString *out = g_string_new (NULL);
  guint paragraphs = 0;
  gboolean in_paragraph = FALSE;

  for (guint i = 0; lines[i] != NULL && paragraphs < 2; i++)
    {
      char *line = g_strstrip (lines[i]);

      if (g_str_has_prefix (line, "Capturing on ") ||
          g_str_has_prefix (line, "File: ") ||
          g_str_has_prefix (line, "Packets "))
        continue;
      if (*line == '\0')
        {
          if (in_paragraph)
            paragraphs++;
          in_paragraph = FALSE;
          continue;
        }
      /* Its Debian advice is ours, said differently. */
      if (paragraphs > 0 && g_str_has_prefix (line, "On Debian"))
        break;
      if (g_str_has_prefix (line, "dumpcap: "))
        line += strlen ("dumpcap: ");
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, line);
      in_paragraph = TRUE;
    }
  return g_string_free (out, FALSE);
}

/* The error dumpcap ended with, after it exited (status @status). */
static void
set_dumpcap_error (SeqackCaptureLive *live,
                   GError           **error)
{
  g_autofree char *message = dumpcap_message (live->child_err->str);

  if (*message == '\0')
    {
      g_free (message);
      message = g_strdup (_("it stopped without saying why"));
    }

  if (strstr (message, "no device named") != NULL ||
      strstr (message, "No such device") != NULL)
    g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND,
                 _("no interface named ‘%s’ (dumpcap: %s)"), live->interface,
                 message);
  else if (strstr (message, "capture filter") != NULL)
    g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                 _("The capture filter ‘%s’ is not valid: %s"), live->filter,
                 message);
  else if (strstr (message, "permission") != NULL)
    {
      /* TRANSLATORS: %s is dumpcap's own message (English) */
      g_autofree char *first =
        g_strdup_printf (_("Capturing packets needs the CAP_NET_RAW and "
                           "CAP_NET_ADMIN capabilities, and Wireshark's "
                           "dumpcap, which SeqAck captures through, does not "
                           "have them either (dumpcap: %s)."), message);

      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_PERMISSION,
                 "%s %s %s", first,
                 _("Let it capture with `sudo dpkg-reconfigure "
                   "wireshark-common` (answer Yes), join the wireshark group "
                   "(`sudo usermod -aG wireshark $USER`) and log in again."),
                 _(SETCAP_ADVICE));
    }
  else
    g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                 _("dumpcap could not capture on ‘%s’: %s"), live->interface,
                 message);
}

/* Ends the child (if any) and reaps it; closes the stream. */
static void
stop_dumpcap (SeqackCaptureLive *live)
{
  /* The stream is closed first: a dumpcap blocked writing to a full pipe
   * then fails at once instead of never seeing its signal through. */
  if (live->pcap != NULL)
    {
      pcap_close (live->pcap);
      live->pcap = NULL;
      live->stream_fd = -1;
    }
  if (live->child != NULL)
    {
      g_subprocess_send_signal (live->child, SIGTERM);
      g_subprocess_wait (live->child, NULL, NULL);
      g_clear_object (&live->child);
    }
  if (live->err_fd >= 0)
    {
      drain_stderr (live->err_fd, live->child_err);
      close (live->err_fd);
      live->err_fd = -1;
    }
}

/* Starts `dumpcap -i IF -f FILTER -w -` and opens the stream it writes;
 * dumpcap writes its file header once it has opened the interface, so an
 * error there (no interface, bad filter, no permission) shows here. */
static gboolean
start_dumpcap (SeqackCaptureLive *live,
               GError           **error)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  int out_pipe[2], err_pipe[2];
  FILE *stream;

  if (!g_unix_open_pipe (out_pipe, FD_CLOEXEC, error))
    return FALSE;
  if (!g_unix_open_pipe (err_pipe, FD_CLOEXEC, error))
    {
      close (out_pipe[0]);
      close (out_pipe[1]);
      return FALSE;
    }

  g_ptr_array_add (argv, live->dumpcap);
  g_ptr_array_add (argv, "-i");
  g_ptr_array_add (argv, live->interface);
  if (*live->filter != '\0')
    {
      g_ptr_array_add (argv, "-f");
      g_ptr_array_add (argv, live->filter);
    }
  g_ptr_array_add (argv, "-q");
  g_ptr_array_add (argv, "-w");
  g_ptr_array_add (argv, "-");
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_take_stdout_fd (launcher, out_pipe[1]);
  g_subprocess_launcher_take_stderr_fd (launcher, err_pipe[1]);
  live->child = g_subprocess_launcher_spawnv (launcher,
                                              (const char * const *)
                                              argv->pdata, error);
  /* The launcher holds the write ends: they close with it, so the reads
   * see the end of the stream when dumpcap exits. */
  g_clear_object (&launcher);
  live->err_fd = err_pipe[0];
  g_string_truncate (live->child_err, 0);
  if (live->child == NULL)
    {
      close (out_pipe[0]);
      stop_dumpcap (live);
      return FALSE;
    }

  stream = fdopen (out_pipe[0], "rb");
  if (stream == NULL)
    {
      int saved = errno;

      close (out_pipe[0]);
      stop_dumpcap (live);
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                   _("Cannot capture on ‘%s’: %s"), live->interface,
                   g_strerror (saved));
      return FALSE;
    }
  /* Unbuffered, so what poll() says about the pipe is all there is. */
  setvbuf (stream, NULL, _IONBF, 0);
  live->pcap = pcap_fopen_offline_with_tstamp_precision (
    stream, PCAP_TSTAMP_PRECISION_MICRO, errbuf);
  if (live->pcap == NULL)
    {
      /* dumpcap failed before writing its header: it said why. */
      fclose (stream);
      g_subprocess_wait (live->child, NULL, NULL);
      stop_dumpcap (live);
      set_dumpcap_error (live, error);
      return FALSE;
    }
  live->stream_fd = out_pipe[0];
  g_unix_set_fd_nonblocking (live->err_fd, TRUE, NULL);

  return TRUE;
}

/* @live could not open its interface for lack of permission: run
 * dumpcap when there is one we may run, else say how to get there. */
static SeqackCaptureLive *
open_dumpcap (SeqackCaptureLive *live_in,
              GError           **error)
{
  g_autoptr(SeqackCaptureLive) live = live_in;
  char link_name[32];

  live->dumpcap = find_dumpcap ();
  if (live->dumpcap == NULL)
    {
      set_no_dumpcap_error (error);
      return NULL;
    }
  /* Debian's dumpcap is 0754 root:wireshark (with the capabilities) when
   * non-root capture is allowed: outside the group, it cannot run. */
  if (g_access (live->dumpcap, X_OK) != 0)
    {
      set_not_in_group_error (live->dumpcap, error);
      return NULL;
    }

  if (!start_dumpcap (live, error))
    return NULL;

  live->link_type = pcap_datalink (live->pcap);
  if (!seqack_capture_link_supported (live->link_type))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_UNSUPPORTED,
                   _("SeqAck cannot decode the frames of ‘%s’ (link type "
                     "%s)"),
                   live->interface,
                   seqack_capture_link_name (live->link_type, link_name));
      return NULL;
    }

  return g_steal_pointer (&live);
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
  live->filter = g_strdup (filter);
  live->wake_fd = -1;
  live->stream_fd = -1;
  live->err_fd = -1;
  live->child_err = g_string_new (NULL);

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
          /* No capabilities of our own: capture through dumpcap. */
          pcap_close (g_steal_pointer (&live->pcap));
          return open_dumpcap (g_steal_pointer (&live), error);

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
  stop_dumpcap (live);
  g_free (live->interface);
  g_free (live->filter);
  g_free (live->dumpcap);
  g_string_free (live->child_err, TRUE);
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
seqack_capture_live_uses_dumpcap (SeqackCaptureLive *live)
{
  g_return_val_if_fail (live != NULL, FALSE);

  return live->dumpcap != NULL;
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
  if (live->dumpcap != NULL)
    stop_dumpcap (live);
  else if (pcap_stats (live->pcap, &stats) == 0)
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
      gboolean piped = live->dumpcap != NULL;
      struct pollfd fds[3] = {
        { piped ? live->stream_fd : pcap_get_selectable_fd (live->pcap),
          POLLIN, 0 },
        { live->wake_fd, POLLIN, 0 },
        { live->err_fd, POLLIN, 0 },
      };
      gint64 now;
      int n;

      if (poll (fds, piped ? 3 : 2,
                SEQACK_CAPTURE_BATCH_INTERVAL_US / 1000) < 0 &&
          errno != EINTR)
        {
          int saved = errno;

          g_set_error (&error, SEQACK_ERROR, SEQACK_ERROR_IO,
                       _("Capture on ‘%s’ failed: %s"), live->interface,
                       g_strerror (saved));
          break;
        }

      if (piped && (fds[2].revents & POLLIN))
        drain_stderr (live->err_fd, live->child_err);

      if (!piped)
        n = pcap_dispatch (live->pcap, -1, worker_packet, (u_char *) &w);
      else if (fds[0].revents != 0)
        /* A stream blocks until a whole packet is read: one at a time,
         * each once poll() saw its first bytes. 0 is its end: dumpcap
         * has exited. */
        n = pcap_dispatch (live->pcap, 1, worker_packet, (u_char *) &w);
      else
        n = 1;
      if (n == PCAP_ERROR || (piped && n == 0))
        {
          if (g_atomic_int_get (&live->stop_requested))
            break;
          if (piped)
            {
              /* dumpcap ended by itself: it says why. */
              g_subprocess_wait (live->child, NULL, NULL);
              drain_stderr (live->err_fd, live->child_err);
              set_dumpcap_error (live, &error);
            }
          else
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

  /* A capture through dumpcap that stopped has ended its child: start
   * another. */
  if (live->dumpcap != NULL && live->pcap == NULL &&
      !start_dumpcap (live, error))
    return FALSE;

  /* Reads never block: the worker waits in poll() (see the top). A
   * stream from dumpcap cannot be non-blocking; poll() guards it. */
  if (live->dumpcap == NULL &&
      pcap_setnonblock (live->pcap, 1, errbuf) == PCAP_ERROR)
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
