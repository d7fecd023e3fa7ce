/* seqack-cli-commands.h: the subcommands of seqack-cli, one file each.
 *
 * Each takes the arguments after the command name (argv[0] is the command
 * name) and returns the process exit status: 0 success, 1 runtime failure
 * (the connection or capture failed), 2 bad usage or input (unknown
 * scenario, bad option, unreadable or unwritable file). Errors are printed
 * with seqack_cli_error() as one line on stderr.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "seqack-trace-format.h"

G_BEGIN_DECLS

#define SEQACK_CLI_EXIT_FAILURE 1
#define SEQACK_CLI_EXIT_USAGE 2

int seqack_cli_cmd_scenarios     (int argc, char **argv);
int seqack_cli_cmd_run           (int argc, char **argv);
int seqack_cli_cmd_read          (int argc, char **argv);
int seqack_cli_cmd_conversations (int argc, char **argv);
int seqack_cli_cmd_capture       (int argc, char **argv);
int seqack_cli_cmd_lesson        (int argc, char **argv);
int seqack_cli_cmd_tun           (int argc, char **argv);

/* Prints "seqack-cli: MESSAGE" on stderr. */
void seqack_cli_error (const char *format, ...) G_GNUC_PRINTF (1, 2);

typedef enum
{
  SEQACK_CLI_FORMAT_TEXT,
  SEQACK_CLI_FORMAT_JSON,
} SeqackCliFormat;

/* Parses "text" / "json"; FALSE with an error otherwise. */
gboolean seqack_cli_parse_format (const char      *value,
                                  SeqackCliFormat *format,
                                  GError         **error);

/* Parses a non-negative decimal number of units of @unit_us microseconds
 * ("0.5" with 1e6 is half a second) for @option; FALSE with an error
 * naming the option and the value otherwise. */
gboolean seqack_cli_parse_duration (const char *option,
                                    const char *value,
                                    double      unit_us,
                                    gint64     *out,
                                    GError    **error);

/* Prints events [@from, @to) of @trace to stdout in @format, flushing after
 * each line so a live run can be followed. With @header, the text format
 * first prints the ladder's column titles. */
void seqack_cli_print_events (SeqackTrace               *trace,
                              guint                      from,
                              guint                      to,
                              SeqackCliFormat            format,
                              const SeqackFormatOptions *options,
                              gboolean                   header);

/* Writes the sequence diagram of @trace to each of @svg, @png and @pdf
 * that is not NULL (the render layer's export, light "paper" theme), with
 * @title above it (or NULL). */
gboolean seqack_cli_export_diagrams (SeqackTrace  *trace,
                                     const char   *svg,
                                     const char   *png,
                                     const char   *pdf,
                                     const char   *title,
                                     GError      **error);

G_END_DECLS
