/* seqack-cli-run.c: `seqack-cli scenarios` and `seqack-cli run`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "seqack-cli-commands.h"
#include "seqack-export.h"
#include "seqack-scenario.h"

/* `scenarios --check FILE...`: every error of each file, one line each;
 * exit 2 when any has one. */
static int
check_files (int    argc,
             char **argv)
{
  int status = 0;

  if (argc < 3)
    {
      seqack_cli_error (_("‘--check’ needs a scenario or session file"));
      return SEQACK_CLI_EXIT_USAGE;
    }

  for (int i = 2; i < argc; i++)
    {
      g_auto(GStrv) errors = seqack_scenario_check (argv[i]);

      for (guint e = 0; errors[e] != NULL; e++)
        seqack_cli_error ("%s", errors[e]);
      if (errors[0] != NULL)
        status = SEQACK_CLI_EXIT_USAGE;
      else
        printf (_("%s: good\n"), argv[i]);
    }
  return status;
}

int
seqack_cli_cmd_scenarios (int    argc,
                          char **argv)
{
  const char *const *names = seqack_scenario_builtin_names ();

  if (argc > 1 && strcmp (argv[1], "--check") == 0)
    return check_files (argc, argv);
  if (argc > 1)
    {
      seqack_cli_error (_("‘scenarios’ takes no arguments but --check "
                          "FILE"));
      return SEQACK_CLI_EXIT_USAGE;
    }

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(SeqackScenario) scenario = NULL;
      g_autoptr(GError) error = NULL;

      scenario = seqack_scenario_builtin (names[i], &error);
      if (scenario == NULL)
        {
          seqack_cli_error ("%s", error->message);
          return SEQACK_CLI_EXIT_FAILURE;
        }
      printf ("%s\t%s\n", names[i],
              seqack_scenario_get_description (scenario));
    }
  return 0;
}

gboolean
seqack_cli_export_diagrams (SeqackTrace  *trace,
                            const char   *svg,
                            const char   *png,
                            const char   *pdf,
                            const char   *title,
                            GError      **error)
{
  const struct
  {
    const char        *path;
    SeqackExportFormat format;
  } outputs[] = {
    { svg, SEQACK_EXPORT_SVG },
    { png, SEQACK_EXPORT_PNG },
    { pdf, SEQACK_EXPORT_PDF },
  };

  for (guint i = 0; i < G_N_ELEMENTS (outputs); i++)
    {
      SeqackExportOptions options;

      if (outputs[i].path == NULL)
        continue;
      seqack_export_options_init (&options);
      /* The option names the format; the file name need not. */
      options.format = outputs[i].format;
      options.title = title;
      if (!seqack_export_write (trace, outputs[i].path, &options, error))
        return FALSE;
    }
  return TRUE;
}

int
seqack_cli_cmd_run (int    argc,
                    char **argv)
{
  g_autofree char *seed_str = NULL;
  g_autofree char *msl_str = NULL;
  g_autofree char *latency_str = NULL;
  g_autofree char *format_str = NULL;
  g_autofree char *pcap_path = NULL;
  g_autofree char *svg_path = NULL;
  g_autofree char *png_path = NULL;
  g_autofree char *pdf_path = NULL;
  gboolean absolute = FALSE;
  gboolean linux_rto_min = FALSE;
  const GOptionEntry entries[] = {
    { "seed", 0, 0, G_OPTION_ARG_STRING, &seed_str,
      N_("Seed of the lab's random numbers (ISNs, ports, loss)"), "N" },
    { "msl", 0, 0, G_OPTION_ARG_STRING, &msl_str,
      N_("Maximum segment lifetime; TIME-WAIT lasts twice this"),
      N_("SECONDS") },
    { "latency", 0, 0, G_OPTION_ARG_STRING, &latency_str,
      N_("One-way latency of the wire"), "MS" },
    { "linux-rto-min", 0, 0, G_OPTION_ARG_NONE, &linux_rto_min,
      N_("Linux 200 ms minimum RTO (RFC 6298 says 1 s)"), NULL },
    { "format", 0, 0, G_OPTION_ARG_STRING, &format_str,
      N_("Output format: text (a ladder diagram) or json (one object per "
         "line)"), "text|json" },
    { "absolute", 0, 0, G_OPTION_ARG_NONE, &absolute,
      N_("Print absolute sequence numbers instead of relative ones"), NULL },
    { "pcap", 0, 0, G_OPTION_ARG_FILENAME, &pcap_path,
      N_("Also write every segment to this pcap file"), N_("FILE") },
    { "svg", 0, 0, G_OPTION_ARG_FILENAME, &svg_path,
      N_("Also draw the diagram to this SVG file"), N_("FILE") },
    { "png", 0, 0, G_OPTION_ARG_FILENAME, &png_path,
      N_("Also draw the diagram to this PNG file"), N_("FILE") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf_path,
      N_("Also draw the diagram to this PDF file (A4 pages)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(SeqackLab) lab = NULL;
  SeqackLabConfig config;
  SeqackCliFormat format;
  SeqackFormatOptions options = { 0 };
  SeqackTrace *trace;

  context = g_option_context_new (_("SCENARIO|FILE — run a built-in "
                                     "scenario, a scenario file or a saved "
                                     "session in the lab"));
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      seqack_cli_error ("%s", error->message);
      return SEQACK_CLI_EXIT_USAGE;
    }
  if (argc != 2)
    {
      seqack_cli_error (argc < 2 ? _("Which scenario? (see seqack-cli "
                                     "scenarios)")
                                 : _("‘run’ takes one scenario name"));
      return SEQACK_CLI_EXIT_USAGE;
    }

  /* A file when it names one or looks like one, else a built-in. */
  if (g_file_test (argv[1], G_FILE_TEST_EXISTS) ||
      g_str_has_suffix (argv[1], ".scenario") ||
      g_str_has_suffix (argv[1], ".seqack"))
    scenario = seqack_scenario_load (argv[1], &error);
  else
    scenario = seqack_scenario_builtin (argv[1], &error);
  if (scenario == NULL)
    {
      seqack_cli_error ("%s", error->message);
      return SEQACK_CLI_EXIT_USAGE;
    }

  /* The file's own settings, then the options given here. */
  seqack_lab_config_init (&config);
  /* No seed asked for: a fresh one, like a real host's ISNs. */
  config.seed = ((guint64) g_random_int () << 32) | g_random_int ();
  seqack_scenario_apply_config (scenario, &config);
  if (seed_str != NULL)
    {
      guint64 seed;

      if (!g_ascii_string_to_unsigned (seed_str, 10, 0, G_MAXUINT64,
                                       &seed, NULL))
        {
          seqack_cli_error (_("Invalid value ‘%s’ for %s"), seed_str,
                            "--seed");
          return SEQACK_CLI_EXIT_USAGE;
        }
      config.seed = seed;
    }
  if (linux_rto_min)
    config.tcp.linux_rto_min = TRUE;

  if ((msl_str != NULL
       && !seqack_cli_parse_duration ("--msl", msl_str, 1e6,
                                      &config.tcp.msl, &error))
      || (latency_str != NULL
          && !seqack_cli_parse_duration ("--latency", latency_str, 1e3,
                                         &config.latency, &error))
      || !seqack_cli_parse_format (format_str, &format, &error))
    {
      seqack_cli_error ("%s", error->message);
      return SEQACK_CLI_EXIT_USAGE;
    }

  lab = seqack_lab_new (&config);
  if (!seqack_scenario_run (scenario, lab, &error))
    {
      seqack_cli_error ("%s", error->message);
      return SEQACK_CLI_EXIT_FAILURE;
    }
  trace = seqack_lab_get_trace (lab);

  /* The pcap first: if it cannot be written, say only that. */
  if (pcap_path != NULL
      && !seqack_trace_write_pcap (trace, pcap_path, 0, &error))
    {
      seqack_cli_error ("%s", error->message);
      return SEQACK_CLI_EXIT_USAGE;
    }
  if (!seqack_cli_export_diagrams (trace, svg_path, png_path, pdf_path,
                                   NULL, &error))
    {
      seqack_cli_error ("%s", error->message);
      return SEQACK_CLI_EXIT_USAGE;
    }

  options.absolute = absolute;
  seqack_cli_print_events (trace, 0, seqack_trace_get_n_events (trace),
                           format, &options, TRUE);
  return 0;
}
