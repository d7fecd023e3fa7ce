/* seqack-cli-tun.c: `seqack-cli tun`: SeqAck's TCP and the Linux kernel's
 * shaking hands through a TUN device.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include <glib-unix.h>
#include <glib/gi18n-lib.h>

#include "seqack-cli-commands.h"
#include "seqack-error.h"
#include "seqack-ipv4.h"
#include "seqack-tun-peer.h"

typedef struct
{
  SeqackCliFormat     format;
  SeqackFormatOptions options;
  guint               printed;
  gboolean            header_done;
} TunPrinter;

/* Prints what is new. The ladder's titles name both endpoints, so a
 * listener waits for the kernel's SYN (its port) before printing; then,
 * and for a client from the start, each event is printed as it happens. */
static void
print_new (SeqackTunPeer *peer,
           TunPrinter    *printer,
           gboolean       final)
{
  SeqackTrace *trace = seqack_tun_peer_get_trace (peer);
  SeqackSide kernel = SEQACK_OTHER_SIDE (seqack_tun_peer_get_side (peer));
  guint n = seqack_trace_get_n_events (trace);

  if (!printer->header_done && !final &&
      seqack_trace_get_endpoint (trace, kernel)->port == 0)
    return;

  seqack_cli_print_events (trace, printer->printed, n, printer->format,
                           &printer->options, !printer->header_done);
  printer->header_done = TRUE;
  printer->printed = n;
}

static void
on_notify (SeqackTunPeer *peer,
           gpointer       user_data)
{
  print_new (peer, user_data, FALSE);
}

static gboolean
on_signal (gpointer user_data)
{
  /* Ctrl-C aborts the connection (the kernel gets a reset) and ends the
   * run with what was printed so far. */
  g_cancellable_cancel (user_data);

  return G_SOURCE_CONTINUE;
}

/* A non-negative number of seconds, as µs. */
static gboolean
parse_port (const char  *option,
            const char  *value,
            guint16     *port,
            GError     **error)
{
  guint64 v;

  if (!g_ascii_string_to_unsigned (value, 10, 1, G_MAXUINT16, &v, NULL))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("Invalid value ‘%s’ for %s"), value, option);
      return FALSE;
    }
  *port = (guint16) v;
  return TRUE;
}

static gboolean
parse_address (const char  *option,
               const char  *value,
               guint32     *addr,
               GError     **error)
{
  if (value == NULL)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("%s is required"), option);
      return FALSE;
    }
  if (!seqack_ipv4_from_string (value, addr, NULL))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("Invalid value ‘%s’ for %s"), value, option);
      return FALSE;
    }
  return TRUE;
}

/* --connect ADDRESS:PORT, where ADDRESS must be the kernel's (--peer). */
static gboolean
parse_connect (const char  *value,
               guint32      peer_addr,
               guint16     *port,
               GError     **error)
{
  const char *colon = strrchr (value, ':');
  g_autofree char *host = NULL;
  guint32 addr;

  if (colon == NULL ||
      !seqack_ipv4_from_string ((host = g_strndup (value, colon - value)),
                                &addr, NULL) ||
      !parse_port ("--connect", colon + 1, port, NULL))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("Invalid value ‘%s’ for %s (use ADDRESS:PORT)"),
                   value, "--connect");
      return FALSE;
    }
  if (addr != peer_addr)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("--connect must name the kernel’s address, the one "
                     "given with --peer (%s)"), host);
      return FALSE;
    }
  return TRUE;
}

/* --save: the bytes SeqAck's application reads go to a file as they
 * arrive; the first write error is kept to report. */
typedef struct
{
  FILE   *file;
  GError *error;
} TunSave;

static void
on_received (SeqackTunPeer *peer,
             const guint8  *data,
             gsize          len,
             gpointer       user_data)
{
  TunSave *save = user_data;

  if (save->error == NULL && fwrite (data, 1, len, save->file) != len)
    g_set_error (&save->error, SEQACK_ERROR, SEQACK_ERROR_IO,
                 _("Cannot write the received bytes: %s"),
                 g_strerror (errno));
}

int
seqack_cli_cmd_tun (int    argc,
                    char **argv)
{
  g_autofree char *dev = NULL;
  g_autofree char *address_str = NULL;
  g_autofree char *peer_str = NULL;
  g_autofree char *listen_str = NULL;
  g_auto(GStrv) connect_strs = NULL;
  g_autofree char *accept_str = NULL;
  g_autofree guint16 *connect_ports = NULL;
  guint n_connect = 0;
  g_autofree char *send_text = NULL;
  g_autofree char *send_file = NULL;
  g_autofree char *save_path = NULL;
  g_autofree char *rcvbuf_str = NULL;
  g_autoptr(GBytes) send_data = NULL;
  TunSave save = { NULL, NULL };
  g_autofree char *close_after_str = NULL;
  g_autofree char *msl_str = NULL;
  g_autofree char *format_str = NULL;
  g_autofree char *pcap_path = NULL;
  gboolean absolute = FALSE;
  const GOptionEntry entries[] = {
    { "dev", 0, 0, G_OPTION_ARG_STRING, &dev,
      N_("Name of the TUN device to create"), N_("NAME") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address_str,
      N_("SeqAck’s IPv4 address (192.0.2.2)"), N_("ADDRESS") },
    { "peer", 0, 0, G_OPTION_ARG_STRING, &peer_str,
      N_("The kernel’s IPv4 address on the device (192.0.2.1)"),
      N_("ADDRESS") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen_str,
      N_("Accept connections from the kernel on this port (one, or as "
         "many as --accept says)"),
      N_("PORT") },
    { "accept", 0, 0, G_OPTION_ARG_STRING, &accept_str,
      N_("With --listen: serve this many connections at once, each one "
         "sent the text and closed, and exit when all are closed "
         "(default 1)"),
      N_("N") },
    { "connect", 0, 0, G_OPTION_ARG_STRING_ARRAY, &connect_strs,
      N_("Connect to a kernel socket listening at this address; give it "
         "again for more connections at once, each from its own port"),
      N_("ADDRESS:PORT") },
    { "send", 0, 0, G_OPTION_ARG_STRING, &send_text,
      N_("Text to send once the connection is established"), N_("TEXT") },
    { "send-file", 0, 0, G_OPTION_ARG_FILENAME, &send_file,
      N_("Send the bytes of this file, then close"), N_("FILE") },
    { "save", 0, 0, G_OPTION_ARG_FILENAME, &save_path,
      N_("Write the bytes received to this file as they arrive"),
      N_("FILE") },
    { "rcvbuf", 0, 0, G_OPTION_ARG_STRING, &rcvbuf_str,
      N_("Receive buffer in bytes: the window SeqAck offers is its free "
         "space (default 65536)"), N_("BYTES") },
    { "close-after", 0, 0, G_OPTION_ARG_STRING, &close_after_str,
      N_("Close this long after the connection is established (default: "
         "right after sending, or at once when the kernel closes first)"),
      N_("SECONDS") },
    { "msl", 0, 0, G_OPTION_ARG_STRING, &msl_str,
      N_("Maximum segment lifetime; TIME-WAIT lasts twice this (default "
         "30)"), N_("SECONDS") },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_str,
      N_("Output format: text (a ladder diagram) or json (one object per "
         "line)"), "text|json" },
    { "absolute", 0, 0, G_OPTION_ARG_NONE, &absolute,
      N_("Print absolute sequence numbers instead of relative ones (always "
         "with several connections)"), NULL },
    { "pcap", 0, 0, G_OPTION_ARG_FILENAME, &pcap_path,
      N_("Also write every segment to this pcap file"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackTunPeer) peer = NULL;
  g_autoptr(GCancellable) cancellable = NULL;
  SeqackTunPeerConfig config;
  TunPrinter printer = { 0 };
  const GError *conn_error;
  gboolean ok;
  guint sigint_id, sigterm_id;

  context = g_option_context_new (_("— talk TCP with the Linux kernel "
                                    "through a TUN device"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Example: seqack-cli tun --dev seqack0 --address 192.0.2.2 "
      "--peer 192.0.2.1 --listen 8080 --send hello\n"
      "With --accept N or several --connect the connections share the two "
      "sides of the ladder and are told apart by their ports.\n"
      "Creating the device needs CAP_NET_ADMIN."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      seqack_cli_error ("%s", error->message);
      return SEQACK_CLI_EXIT_USAGE;
    }
  if (argc > 1)
    {
      seqack_cli_error (_("‘tun’ takes no arguments besides its options"));
      return SEQACK_CLI_EXIT_USAGE;
    }

  seqack_tun_peer_config_init (&config);
  if (dev == NULL)
    {
      seqack_cli_error (_("%s is required"), "--dev");
      return SEQACK_CLI_EXIT_USAGE;
    }
  if ((listen_str == NULL) == (connect_strs == NULL))
    {
      seqack_cli_error (_("Give exactly one of --listen PORT and --connect "
                          "ADDRESS:PORT"));
      return SEQACK_CLI_EXIT_USAGE;
    }
  if (accept_str != NULL && listen_str == NULL)
    {
      seqack_cli_error (_("--accept goes with --listen"));
      return SEQACK_CLI_EXIT_USAGE;
    }
  if (accept_str != NULL)
    {
      guint64 n = 0;

      if (!g_ascii_string_to_unsigned (accept_str, 10, 1, 1000, &n, NULL))
        {
          seqack_cli_error (_("--accept takes a number of connections "
                              "from 1 to 1000, not ‘%s’"), accept_str);
          return SEQACK_CLI_EXIT_USAGE;
        }
      config.n_accept = (guint) n;
    }
  n_connect = connect_strs != NULL ? g_strv_length (connect_strs) : 0;
  if (save_path != NULL && (config.n_accept > 1 || n_connect > 1))
    {
      seqack_cli_error (_("--save writes one connection’s bytes: use it "
                          "with a single connection"));
      return SEQACK_CLI_EXIT_USAGE;
    }
  if (send_text != NULL && send_file != NULL)
    {
      seqack_cli_error (_("Give at most one of --send and --send-file"));
      return SEQACK_CLI_EXIT_USAGE;
    }
  if (rcvbuf_str != NULL)
    {
      guint64 rcvbuf = 0;

      if (!g_ascii_string_to_unsigned (rcvbuf_str, 10, 1, 16 * 1024 * 1024,
                                       &rcvbuf, NULL))
        {
          seqack_cli_error (_("--rcvbuf takes a number of bytes from 1 to "
                              "16777216, not ‘%s’"), rcvbuf_str);
          return SEQACK_CLI_EXIT_USAGE;
        }
      config.tcp.rcv_buf = (guint32) rcvbuf;
    }
  if (send_file != NULL)
    {
      g_autofree char *contents = NULL;
      gsize len = 0;

      if (!g_file_get_contents (send_file, &contents, &len, &error))
        {
          seqack_cli_error ("%s", error->message);
          return SEQACK_CLI_EXIT_USAGE;
        }
      send_data = g_bytes_new_take (g_steal_pointer (&contents), len);
    }
  config.dev_name = dev;
  config.send_text = send_text;
  config.send_data = send_data;
  config.listen = listen_str != NULL;
  if (!parse_address ("--address", address_str, &config.address, &error) ||
      !parse_address ("--peer", peer_str, &config.peer, &error) ||
      (listen_str != NULL &&
       !parse_port ("--listen", listen_str, &config.server_port, &error)) ||
      (close_after_str != NULL &&
       !seqack_cli_parse_duration ("--close-after", close_after_str, 1e6,
                                   &config.close_after, &error)) ||
      (msl_str != NULL &&
       !seqack_cli_parse_duration ("--msl", msl_str, 1e6, &config.tcp.msl,
                                   &error)) ||
      !seqack_cli_parse_format (format_str, &printer.format, &error))
    {
      seqack_cli_error ("%s", error->message);
      return SEQACK_CLI_EXIT_USAGE;
    }
  connect_ports = g_new0 (guint16, MAX (n_connect, 1));
  for (guint i = 0; i < n_connect; i++)
    if (!parse_connect (connect_strs[i], config.peer, &connect_ports[i],
                        &error))
      {
        seqack_cli_error ("%s", error->message);
        return SEQACK_CLI_EXIT_USAGE;
      }
  if (n_connect == 1)
    config.server_port = connect_ports[0];
  else if (n_connect > 1)
    {
      config.connect_ports = connect_ports;
      config.n_connect_ports = n_connect;
    }
  if (config.address == config.peer)
    {
      seqack_cli_error (_("--address and --peer must differ: one is "
                          "SeqAck’s, the other the kernel’s"));
      return SEQACK_CLI_EXIT_USAGE;
    }

  peer = seqack_tun_peer_new (&config, &error);
  if (peer == NULL)
    {
      if (g_error_matches (error, SEQACK_ERROR, SEQACK_ERROR_PERMISSION))
        seqack_cli_error (_("Creating a TUN device needs CAP_NET_ADMIN: run "
                            "as root inside a network namespace (sudo "
                            "unshare -n …), or give seqack-cli the "
                            "capability with sudo setcap cap_net_admin+ep "
                            "…"));
      else
        seqack_cli_error ("%s", error->message);
      return g_error_matches (error, SEQACK_ERROR,
                              SEQACK_ERROR_INVALID_ARGUMENT)
             ? SEQACK_CLI_EXIT_USAGE : SEQACK_CLI_EXIT_FAILURE;
    }

  if (save_path != NULL)
    {
      save.file = fopen (save_path, "wb");
      if (save.file == NULL)
        {
          seqack_cli_error (_("Cannot write %s: %s"), save_path,
                            g_strerror (errno));
          return SEQACK_CLI_EXIT_USAGE;
        }
      seqack_tun_peer_set_received (peer, on_received, &save);
    }

  /* The Trace numbers one connection per side from its ISN: with several
   * at once their relative numbers would mix, so they are printed as
   * they are on the wire. */
  printer.options.absolute = absolute || config.n_accept > 1 ||
                             n_connect > 1;
  seqack_tun_peer_set_notify (peer, on_notify, &printer);

  cancellable = g_cancellable_new ();
  sigint_id = g_unix_signal_add (SIGINT, on_signal, cancellable);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, cancellable);
  ok = seqack_tun_peer_run (peer, cancellable, &error);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  printer.options.epoch_us = seqack_tun_peer_get_epoch (peer);
  print_new (peer, &printer, TRUE);

  if (save.file != NULL && fclose (save.file) != 0 && save.error == NULL)
    g_set_error (&save.error, SEQACK_ERROR, SEQACK_ERROR_IO,
                 _("Cannot write the received bytes: %s"),
                 g_strerror (errno));
  if (save.error != NULL)
    {
      seqack_cli_error ("%s", save.error->message);
      g_clear_error (&save.error);
      return SEQACK_CLI_EXIT_FAILURE;
    }

  if (pcap_path != NULL &&
      !seqack_trace_write_pcap (seqack_tun_peer_get_trace (peer), pcap_path,
                                seqack_tun_peer_get_epoch (peer), &error))
    {
      seqack_cli_error ("%s", error->message);
      return SEQACK_CLI_EXIT_USAGE;
    }

  if (!ok)
    {
      seqack_cli_error ("%s", error->message);
      return SEQACK_CLI_EXIT_FAILURE;
    }

  /* The error itself is in the ladder already; the status says it too. */
  conn_error = seqack_tun_peer_get_connection_error (peer);
  if (conn_error != NULL)
    return SEQACK_CLI_EXIT_FAILURE;

  return 0;
}
