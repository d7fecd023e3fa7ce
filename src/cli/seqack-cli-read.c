/* seqack-cli-read.c: `seqack-cli read`, `seqack-cli conversations` and
 * `seqack-cli capture`: real kernel TCP, from a file or an interface.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "seqack-bytes.h"
#include "seqack-capture-live.h"
#include "seqack-capture.h"
#include "seqack-cli-commands.h"

/* A bad file or option is the user's to fix (2); a capture the system
 * refused or that failed is a runtime failure (1). */
static int
exit_status_for (const GError *error)
{
  if (error->domain == SEQACK_ERROR &&
      (error->code == SEQACK_ERROR_PERMISSION ||
       error->code == SEQACK_ERROR_IO))
    return SEQACK_CLI_EXIT_FAILURE;

  return SEQACK_CLI_EXIT_USAGE;
}

static GOptionContext *
make_context (const char         *parameter,
              const GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  return context;
}

/* The capture a command has read, kept until the process exits: giving a
 * large capture's hundreds of thousands of small blocks back one by one
 * costs more than printing it, and the system takes the memory back at
 * once. It stays reachable, so leak checkers do not count it. */
static SeqackCapture *read_capture;

/* Loads FILE, the one argument left after the options, and keeps it
 * until exit; reports and sets *status on failure. */
static SeqackCapture *
load_capture (int         argc,
              char      **argv,
              const char *command,
              int        *status)
{
  g_autoptr(GError) error = NULL;
  SeqackCapture *capture;

  if (argc != 2)
    {
      if (argc < 2)
        seqack_cli_error (_("Which capture file? (‘%s’ reads a pcap or "
                            "pcapng file)"), command);
      else
        seqack_cli_error (_("‘%s’ takes one capture file"), command);
      *status = SEQACK_CLI_EXIT_USAGE;
      return NULL;
    }

  /* Mapped: the packets stay in the file's pages, a fraction of the
   * memory of a copy each on a large file (issue 19). The trade-off, as
   * with ripgrep's --mmap: a file truncated while this command runs may
   * end it with SIGBUS. A command lives seconds; the app, which keeps a
   * capture for hours, copies instead (seqack-capture.h). */
  capture = seqack_capture_load_file_mapped (argv[1], NULL, NULL, NULL,
                                             &error);
  if (capture == NULL)
    {
      seqack_cli_error ("%s", error->message);
      *status = SEQACK_CLI_EXIT_USAGE;
      return NULL;
    }

  /* What was read is still shown: the warning only says it is not all. */
  if (seqack_capture_get_warning (capture) != NULL)
    seqack_cli_error ("%s", seqack_capture_get_warning (capture));

  g_clear_pointer (&read_capture, seqack_capture_free);
  read_capture = capture;
  return capture;
}

int
seqack_cli_cmd_read (int    argc,
                     char **argv)
{
  g_autofree char *format_str = NULL;
  g_autofree char *number_str = NULL;
  gboolean all_flows = FALSE;
  g_autofree char *svg_path = NULL;
  g_autofree char *png_path = NULL;
  g_autofree char *pdf_path = NULL;
  gboolean absolute = FALSE;
  const GOptionEntry entries[] = {
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_str,
      N_("Print a text ladder (text) or JSON lines (json)"), "text|json" },
    { "svg", 0, 0, G_OPTION_ARG_FILENAME, &svg_path,
      N_("Also draw the diagram to this SVG file"), N_("FILE") },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &png_path,
      N_("Also draw the diagram to this PNG file"), N_("FILE") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf_path,
      N_("Also draw the diagram to this PDF file (A4 pages)"), N_("FILE") },
    { "absolute", 0, 0, G_OPTION_ARG_NONE, &absolute,
      N_("Show the sequence numbers as captured, not relative ones"),
      NULL },
    { "conversation", 0, 0, G_OPTION_ARG_STRING, &number_str,
      N_("Which conversation to draw, numbered from 1 as `seqack-cli "
         "conversations` lists them (default 1)"), "N" },
    { "all-flows", 0, 0, G_OPTION_ARG_NONE, &all_flows,
      N_("Draw every conversation between the same two hosts as that "
         "one together, in time order, each with its ports"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  SeqackCapture *capture;
  const SeqackConversationInfo *info;
  SeqackConversation *conv;
  SeqackFormatOptions options = { 0 };
  SeqackCliFormat format;
  g_autoptr(SeqackTrace) merged = NULL;
  SeqackTrace *trace;
  gint64 epoch_us;
  guint64 number = 1;
  guint n;
  int status = 0;

  context = make_context (_("FILE — draw one TCP conversation of a capture "
                            "file"), entries);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !seqack_cli_parse_format (format_str, &format, &error))
    {
      seqack_cli_error ("%s", error->message);
      return SEQACK_CLI_EXIT_USAGE;
    }

  if (number_str != NULL &&
      !g_ascii_string_to_unsigned (number_str, 10, 1, G_MAXUINT, &number,
                                   NULL))
    {
      seqack_cli_error (_("‘%s’ is not a valid value for %s"), number_str,
                        "--conversation");
      return SEQACK_CLI_EXIT_USAGE;
    }

  capture = load_capture (argc, argv, "read", &status);
  if (capture == NULL)
    return status;

  n = seqack_capture_get_n_conversations (capture);
  if (n == 0)
    {
      seqack_cli_error (_("‘%s’ holds no TCP conversation"), argv[1]);
      return SEQACK_CLI_EXIT_USAGE;
    }
  if (number > n)
    {
      seqack_cli_error (g_dngettext (GETTEXT_PACKAGE,
                                     "‘%s’ holds %u conversation; there is "
                                     "no conversation %u",
                                     "‘%s’ holds %u conversations; there is "
                                     "no conversation %u",
                                     n),
                        argv[1], n, (guint) number);
      return SEQACK_CLI_EXIT_USAGE;
    }

  conv = seqack_capture_get_conversation (capture, (guint) number - 1);
  info = seqack_conversation_get_info (conv);
  trace = seqack_conversation_get_trace (conv);
  epoch_us = info->first_us;

  /* Wireshark's "all flows": the conversations between the same two
   * hosts on one diagram, the chosen one's client on the left. */
  if (all_flows)
    {
      merged = seqack_capture_merge_all_flows (capture, (guint) number - 1,
                                               &epoch_us, NULL);
      trace = merged;
    }

  /* t counts from the conversation's first packet (with --all-flows, the
   * first flow's); t_abs is the capture's own clock. */
  options.absolute = absolute;
  options.show_t_abs = TRUE;
  options.epoch_us = epoch_us;
  options.t_zero = 0;

  /* Like run: if a diagram cannot be written, say only that. */
  if (!seqack_cli_export_diagrams (trace, svg_path, png_path, pdf_path,
                                   NULL, &error))
    {
      seqack_cli_error ("%s", error->message);
      return SEQACK_CLI_EXIT_USAGE;
    }

  seqack_cli_print_events (trace, 0, seqack_trace_get_n_events (trace),
                           format, &options, TRUE);

  return 0;
}

/* Copies @text (up to @end, or its NUL when @end is NULL; at most 63
 * bytes) and a tab to @p; returns the end. */
static char *
put_field (char       *p,
           const char *end,
           const char *text)
{
  gsize len = end != NULL ? (gsize) (end - text) : strlen (text);

  len = MIN (len, 63);
  memcpy (p, text, len);
  p[len] = '\t';
  return p + len + 1;
}

/* Writes @us microseconds as seconds with three decimals ("12.346",
 * halves of a millisecond rounded up), not terminated; returns the end.
 * Integer arithmetic: a double through printf cost more per line than
 * reading the packets of a short conversation. */
static char *
put_seconds (char   *p,
             gint64  us)
{
  guint64 ms = (guint64) (MAX (us, 0) + 500) / 1000;
  guint frac = (guint) (ms % 1000);

  p = seqack_put_decimal (p, ms / 1000);
  *p++ = '.';
  *p++ = (char) ('0' + frac / 100);
  *p++ = (char) ('0' + frac / 10 % 10);
  *p++ = (char) ('0' + frac % 10);
  return p;
}

int
seqack_cli_cmd_conversations (int    argc,
                              char **argv)
{
  const GOptionEntry entries[] = {
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  SeqackCapture *capture;
  int status = 0;
  /* A line's longest: a number, two IPv6 endpoints (63 bytes each at
   * most), the packets, the seconds and the end (63), and the tabs. */
  enum { MAX_LINE = 6 * 64 };
  static char out[64 * 1024];
  char *p = out;

  context = make_context (_("FILE — list the TCP conversations of a capture "
                            "file"), entries);
  g_option_context_set_summary (context,
                                _("One line per conversation, separated by "
                                  "tabs: number, client, server, packets, "
                                  "duration in seconds, and how it ended "
                                  "(fin, rst or open)."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      seqack_cli_error ("%s", error->message);
      return SEQACK_CLI_EXIT_USAGE;
    }

  capture = load_capture (argc, argv, "conversations", &status);
  if (capture == NULL)
    return status;

  /* A capture may hold a hundred thousand conversations: each line is
   * put together by hand, a printf costing more than the rest, into a
   * buffer written out whole when full, one write for many lines. */
  for (guint i = 0; i < seqack_capture_get_n_conversations (capture); i++)
    {
      SeqackConversation *conv = seqack_capture_get_conversation (capture, i);
      const SeqackConversationInfo *info = seqack_conversation_get_info (conv);

      if (p > out + sizeof out - MAX_LINE)
        {
          fwrite (out, 1, (gsize) (p - out), stdout);
          p = out;
        }
      p = seqack_put_decimal (p, i + 1);
      *p++ = '\t';
      p = seqack_endpoint_put (p, &info->client);
      *p++ = '\t';
      p = seqack_endpoint_put (p, &info->server);
      *p++ = '\t';
      p = seqack_put_decimal (p, info->n_packets);
      *p++ = '\t';
      p = put_seconds (p, info->last_us - info->first_us);
      *p++ = '\t';
      p = put_field (p, NULL, seqack_conversation_end_name (info->end));
      p[-1] = '\n';
    }
  fwrite (out, 1, (gsize) (p - out), stdout);
  fflush (stdout);

  return 0;
}

typedef struct
{
  GMainLoop          *loop;
  SeqackCapture      *capture;
  GArray             *printed;   /* guint per conversation: events shown */
  SeqackCliFormat     format;
  gboolean            absolute;
  int                 status;
} CaptureRun;

static void
print_new_events (CaptureRun *run,
                  guint       index)
{
  SeqackConversation *conv = seqack_capture_get_conversation (run->capture,
                                                              index);
  const SeqackConversationInfo *info = seqack_conversation_get_info (conv);
  SeqackTrace *trace = seqack_conversation_get_trace (conv);
  SeqackFormatOptions options = { 0 };
  guint n = seqack_trace_get_n_events (trace);
  gboolean first;
  guint *printed;

  while (run->printed->len <= index)
    {
      guint zero = 0;

      g_array_append_val (run->printed, zero);
    }
  printed = &g_array_index (run->printed, guint, index);
  first = *printed == 0;

  if (first && run->format == SEQACK_CLI_FORMAT_TEXT)
    {
      char client[64], server[64];

      printf (_("Conversation %u: %s → %s\n"), index + 1,
              seqack_endpoint_to_string (&info->client, client),
              seqack_endpoint_to_string (&info->server, server));
    }

  options.absolute = run->absolute;
  options.show_t_abs = TRUE;
  options.epoch_us = info->first_us;
  seqack_cli_print_events (trace, *printed, n, run->format, &options, first);
  *printed = n;
}

static void
on_batch (SeqackCaptureLive        *live,
          const SeqackCaptureBatch *batch,
          gpointer                  user_data)
{
  CaptureRun *run = user_data;

  for (guint i = 0; i < batch->n_frames; i++)
    {
      const SeqackCaptureFrame *frame = &batch->frames[i];
      gint index;

      index = seqack_capture_add_record (run->capture, batch->link_type,
                                         frame->t_us, frame->data,
                                         frame->len, frame->wire_len);
      if (index >= 0)
        print_new_events (run, (guint) index);
    }
}

static void
on_stopped (SeqackCaptureLive *live,
            const GError      *error,
            gpointer           user_data)
{
  CaptureRun *run = user_data;

  if (error != NULL)
    {
      seqack_cli_error ("%s", error->message);
      run->status = SEQACK_CLI_EXIT_FAILURE;
    }

  g_main_loop_quit (run->loop);
}

static gboolean
on_signal (gpointer user_data)
{
  /* Ctrl-C ends the capture cleanly: the last frames are still shown. */
  seqack_capture_live_stop (user_data);

  return G_SOURCE_CONTINUE;
}

int
seqack_cli_cmd_capture (int    argc,
                        char **argv)
{
  g_autofree char *interface = NULL;
  g_autofree char *filter = NULL;
  g_autofree char *count_str = NULL;
  g_autofree char *format_str = NULL;
  g_autofree char *pcap_path = NULL;
  gboolean absolute = FALSE;
  const GOptionEntry entries[] = {
    { "interface", 'i', 0, G_OPTION_ARG_STRING, &interface,
      N_("Interface to capture on (default lo)"), N_("NAME") },
    { "count", 'c', 0, G_OPTION_ARG_STRING, &count_str,
      N_("Stop after this many packets (default: at Ctrl-C)"), "N" },
    { "filter", 'f', 0, G_OPTION_ARG_STRING, &filter,
      N_("BPF capture filter, as tcpdump takes it (default tcp)"),
      N_("FILTER") },
    { "pcap", 0, 0, G_OPTION_ARG_FILENAME, &pcap_path,
      N_("Also write every packet to this pcap file"), N_("FILE") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_str,
      N_("Print a text ladder (text) or JSON lines (json)"), "text|json" },
    { "absolute", 0, 0, G_OPTION_ARG_NONE, &absolute,
      N_("Show the sequence numbers as captured, not relative ones"),
      NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackCaptureLive) live = NULL;
  g_autoptr(SeqackCapture) capture = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GArray) printed = NULL;
  CaptureRun run = { 0 };
  guint64 count = 0;
  guint sigint_id, sigterm_id;

  context = make_context (_("— capture live TCP traffic and draw it"),
                          entries);
  if (!g_option_context_parse (context, &argc, &argv, &error) ||
      !seqack_cli_parse_format (format_str, &run.format, &error))
    {
      seqack_cli_error ("%s", error->message);
      return SEQACK_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      seqack_cli_error (_("‘capture’ takes no file; did you mean ‘read’?"));
      return SEQACK_CLI_EXIT_USAGE;
    }
  if (count_str != NULL &&
      !g_ascii_string_to_unsigned (count_str, 10, 0, G_MAXUINT64, &count,
                                   NULL))
    {
      seqack_cli_error (_("‘%s’ is not a valid value for %s"), count_str, "--count");
      return SEQACK_CLI_EXIT_USAGE;
    }

  live = seqack_capture_live_new (interface != NULL ? interface : "lo",
                                  filter, &error);
  if (live == NULL)
    {
      seqack_cli_error ("%s", error->message);
      return exit_status_for (error);
    }

  if (pcap_path != NULL && !seqack_capture_live_save_to (live, pcap_path,
                                                         &error))
    {
      seqack_cli_error ("%s", error->message);
      return SEQACK_CLI_EXIT_USAGE;
    }
  seqack_capture_live_set_max_frames (live, count);

  loop = g_main_loop_new (NULL, FALSE);
  capture = seqack_capture_new ();
  printed = g_array_new (FALSE, TRUE, sizeof (guint));
  run.loop = loop;
  run.capture = capture;
  run.printed = printed;
  run.absolute = absolute;

  if (!seqack_capture_live_start (live, NULL, on_batch, on_stopped, &run,
                                  NULL, &error))
    {
      seqack_cli_error ("%s", error->message);
      return SEQACK_CLI_EXIT_FAILURE;
    }

  sigint_id = g_unix_signal_add (SIGINT, on_signal, live);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, live);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  /* Ended by a limit or an error: the worker is joined already. */
  seqack_capture_live_stop (live);

  return run.status;
}
