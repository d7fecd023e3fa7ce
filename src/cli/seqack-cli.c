/* seqack-cli.c: the headless front end, for scripts, tests and
 * benchmarks. One subcommand per file; this file dispatches and holds what
 * they share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "seqack-cli-commands.h"

typedef struct
{
  const char *name;
  int       (*run) (int argc, char **argv);
  const char *summary;
} Command;

static const Command commands[] = {
  { "scenarios", seqack_cli_cmd_scenarios,
    N_("List the built-in scenarios") },
  { "run", seqack_cli_cmd_run,
    N_("Run a scenario in the lab and print its ladder") },
  { "read", seqack_cli_cmd_read,
    N_("Draw one TCP conversation of a pcap or pcapng file") },
  { "conversations", seqack_cli_cmd_conversations,
    N_("List the TCP conversations of a capture file") },
  { "capture", seqack_cli_cmd_capture,
    N_("Capture live TCP traffic with libpcap") },
  { "lesson", seqack_cli_cmd_lesson,
    N_("Go through a guided lesson in the terminal") },
  { "tun", seqack_cli_cmd_tun,
    N_("Talk TCP with the Linux kernel through a TUN device") },
};

void
seqack_cli_error (const char *format,
                  ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* One line, whatever the message holds. */
  g_strdelimit (message, "\n", ' ');
  fflush (stdout);
  fprintf (stderr, "seqack-cli: %s\n", message);
}

gboolean
seqack_cli_parse_format (const char      *value,
                         SeqackCliFormat *format,
                         GError         **error)
{
  if (value == NULL || strcmp (value, "text") == 0)
    *format = SEQACK_CLI_FORMAT_TEXT;
  else if (strcmp (value, "json") == 0)
    *format = SEQACK_CLI_FORMAT_JSON;
  else
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("Unknown format ‘%s’ (use text or json)"), value);
      return FALSE;
    }
  return TRUE;
}

/* Parses a non-negative number of @unit_us microseconds per unit. */
gboolean
seqack_cli_parse_duration (const char *option,
                           const char *value,
                           double      unit_us,
                           gint64     *out,
                           GError    **error)
{
  char *end = NULL;
  double v = g_ascii_strtod (value, &end);

  if (end == value || *end != '\0' || !(v >= 0) || v * unit_us > 1e13)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("Invalid value ‘%s’ for %s"), value, option);
      return FALSE;
    }
  *out = (gint64) (v * unit_us + 0.5);
  return TRUE;
}

void
seqack_cli_print_events (SeqackTrace               *trace,
                         guint                      from,
                         guint                      to,
                         SeqackCliFormat            format,
                         const SeqackFormatOptions *options,
                         gboolean                   header)
{
  g_autoptr(GString) line = g_string_new (NULL);

  if (header && format == SEQACK_CLI_FORMAT_TEXT)
    {
      seqack_trace_format_text_header (trace, line);
      fputs (line->str, stdout);
    }

  for (guint i = from; i < to; i++)
    {
      g_string_truncate (line, 0);
      if (format == SEQACK_CLI_FORMAT_JSON)
        {
          seqack_trace_format_json (trace, i, options, line);
          g_string_append_c (line, '\n');
        }
      else
        seqack_trace_format_text (trace, i, options, line);
      fputs (line->str, stdout);
      fflush (stdout);
    }
}

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: seqack-cli COMMAND [OPTION…]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-15s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "\n%s\n",
           _("Run “seqack-cli COMMAND --help” for the options of a command."));
}

static void
setup_gettext (void)
{
  const char *localedir = g_getenv ("SEQACK_LOCALEDIR");

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

int
main (int    argc,
      char **argv)
{
  setup_gettext ();

  if (argc < 2)
    {
      print_usage (stderr);
      return SEQACK_CLI_EXIT_USAGE;
    }
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0
      || strcmp (argv[1], "help") == 0)
    {
      print_usage (stdout);
      return 0;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("seqack-cli %s\n", PACKAGE_VERSION);
      return 0;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);

  seqack_cli_error (_("Unknown command ‘%s’ (try seqack-cli --help)"),
                    argv[1]);
  return SEQACK_CLI_EXIT_USAGE;
}
