/* seqack-lesson-fill.h: the {placeholders} of lesson texts (private to the
 * lesson layer).
 *
 * Every number a lesson shows is read from the Trace here, so the text can
 * never disagree with the diagram. The names are listed in
 * data/lessons/README.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "seqack-trace.h"

G_BEGIN_DECLS

typedef struct
{
  SeqackTrace *trace;
  guint        limit;    /* events [0, limit) are known to the reader */
  guint        subject;  /* the step's segment event, or G_MAXUINT */
  gboolean     absolute; /* Seq/Ack and the letters as on the wire */
  gint64       msl;      /* µs, the lab's MSL now */
  gint64       rto;      /* µs, the initial retransmission timeout */
} SeqackFillContext;

/* Checks that every {placeholder} of @text has a known name and a valid
 * form ("{x+1}", "{{" for a literal brace), without a Trace. */
gboolean seqack_lesson_check_placeholders (const char  *text,
                                           GError     **error);

/* @text with every placeholder replaced. Fails (SEQACK_ERROR_NOT_FOUND)
 * when a value is not in the Trace yet ("{u}: no FIN has been sent"). */
char *seqack_lesson_fill (const char               *text,
                          const SeqackFillContext  *context,
                          GError                  **error);

G_END_DECLS
