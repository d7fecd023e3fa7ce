/* seqack-worksheet.h: printable quiz worksheets and the diagram pictures
 * of quiz questions.
 *
 * A worksheet is one A4 page per student: a heading with the variant's
 * seed and blanks for the name, then the questions in order, each after
 * the part of the ladder it may show. The ladder is painted by the same
 * code as the window and the exports (seqack_sequence_render, paper
 * palette), in pieces: the piece above a question ends before the event it
 * asks about, so nothing above a question gives its answer away. The
 * answer key has the same pages with the answers written in the blanks.
 * All text goes through Pango, so Chinese sheets get a CJK font.
 */
#pragma once

#include <glib.h>

#include "seqack-trace.h"

G_BEGIN_DECLS

typedef struct
{
  const char        *title;      /* "handshake · step 2 · seed 417230" */
  const char        *prompt;
  const char        *given;      /* the numbers it gives, or NULL */
  const char *const *choices;    /* multiple choice; NULL: a blank */
  const char        *answer;     /* the right answer (the key shows it) */
  guint              show_until; /* the ladder above it: events [0, n) */
  const char        *history;    /* the segments before it in words, for
                                  * a ladder too long for the page */
} SeqackWorksheetItem;

typedef struct
{
  SeqackTrace               *trace;
  gboolean                   absolute;   /* absolute Seq/Ack */
  const char                *heading;    /* the lesson's title */
  const char                *subheading; /* "Variant 3 · seed 417230" */
  const char                *language;   /* of the texts ("zh_CN"), or
                                          * NULL for the user's */
  const SeqackWorksheetItem *items;
  guint                      n_items;
} SeqackWorksheetPage;

/* One A4 page per @pages entry as a PDF document; with @key, the answers
 * in the blanks. Errors: SEQACK_ERROR_IO when cairo fails. */
GBytes *seqack_worksheet_render_pdf (const SeqackWorksheetPage *pages,
                                     guint                      n_pages,
                                     gboolean                   key,
                                     GError                   **error);

/* The ladder of events [0, @end_event) of @trace as a PNG picture @width
 * px wide, for a question in an LMS. SEQACK_ERROR_INVALID_ARGUMENT when
 * the range is empty or too tall for a PNG. */
GBytes *seqack_worksheet_render_png (SeqackTrace  *trace,
                                     guint         end_event,
                                     gboolean      absolute,
                                     double        width,
                                     GError      **error);

G_END_DECLS
