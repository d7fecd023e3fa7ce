/* seqack-export.h: the sequence diagram of a Trace as PNG, SVG or PDF, for
 * slides and handouts.
 *
 * Painted by the same code as the window, with the "paper" palette. PDF is
 * cut into A4 pages at row boundaries, the endpoint header repeated on each.
 * The file is written under a temporary name and renamed, so a failure
 * leaves no partial file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "seqack-trace.h"

G_BEGIN_DECLS

typedef enum
{
  SEQACK_EXPORT_PNG,
  SEQACK_EXPORT_SVG,
  SEQACK_EXPORT_PDF,
} SeqackExportFormat;

typedef struct
{
  SeqackExportFormat format;
  guint       first_event;   /* events [first_event, end_event); 0 */
  guint       end_event;     /* G_MAXUINT: to the end */
  gboolean    state_columns; /* state names beside the timelines; TRUE */
  gboolean    absolute;      /* absolute Seq/Ack; FALSE */
  gboolean    letters;       /* lesson letters x/y/u/v/w; FALSE */
  double      width;         /* PNG/SVG width in px; 0: 900. PDF: A4 */
  double      scale;         /* PNG/SVG text scale; 1.0 (PNG 2.0 gives a
                              * sharper picture for slides) */
  const char *title;         /* a caption above the diagram, or NULL */
  gboolean    flow;          /* the sequence-space bars and the cwnd plot
                              * as of the range's end, below the diagram
                              * (PDF: on a page of their own); FALSE */
  /* Only this connection, as the client sees it (see
   * seqack_sequence_layout_set_connection()), as a view filtered to it
   * draws; NULL: every one. Borrowed. */
  const SeqackSocketKey *connection;
} SeqackExportOptions;

void seqack_export_options_init (SeqackExportOptions *options);

/* ".png", ".svg", ".pdf" (any case); FALSE for anything else. */
gboolean seqack_export_format_from_path (const char         *path,
                                         SeqackExportFormat *format);

/* Writes @trace to @path. Errors: SEQACK_ERROR_IO (cannot write),
 * SEQACK_ERROR_INVALID_ARGUMENT (an empty range, or a PNG taller than
 * cairo allows: export a range or use PDF). */
gboolean seqack_export_write (SeqackTrace               *trace,
                              const char                *path,
                              const SeqackExportOptions *options,
                              GError                   **error);

/* Pages a PDF export of @trace with @options would have. */
guint seqack_export_count_pdf_pages (SeqackTrace               *trace,
                                     const SeqackExportOptions *options);

G_END_DECLS
