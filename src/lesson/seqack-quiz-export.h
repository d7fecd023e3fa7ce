/* seqack-quiz-export.h: a class set of quiz variants for an LMS and for
 * paper.
 *
 * GIFT (Moodle's text format): a category for the lesson, then per
 * variant and question a numerical question for numbers and a
 * multiple-choice question for flags and states, SeqAck's misconception
 * feedback on the wrong answers. Moodle XML: the same questions, each with
 * the ladder up to the question as a PNG embedded in base64 and shown
 * through @@PLUGINFILE@@. Worksheets: one A4 page per variant, and the
 * answer key (seqack-worksheet.h). Every export uses absolute sequence
 * numbers: relative ones are the same for every student.
 *
 * Files are made in memory first and written by
 * seqack_quiz_export_write_files(): all of them or none.
 */
#pragma once

#include <glib.h>

#include "seqack-quiz.h"

G_BEGIN_DECLS

/* @n variants of @lesson, seeds from seqack_quiz_derive_seeds (@base),
 * in @lang (NULL: the user's languages), absolute numbers. Fails with
 * SEQACK_ERROR_INVALID_ARGUMENT when @n is 0 or above
 * SEQACK_QUIZ_MAX_VARIANTS, or the lesson asks no question. Returns a
 * GPtrArray of SeqackQuizVariant. */
GPtrArray *seqack_quiz_class_new (SeqackLesson  *lesson,
                                  guint64        base_seed,
                                  guint          n,
                                  const char    *lang,
                                  GError       **error);

/* @text with GIFT's special characters ~ = # { } : and the backslash
 * escaped, newlines as \n. */
char *seqack_gift_escape (const char *text);

/* The GIFT file of @variants (UTF-8). */
char *seqack_quiz_export_gift (GPtrArray *variants);

/* The Moodle XML file of @variants, pictures included. */
char *seqack_quiz_export_moodle_xml (GPtrArray  *variants,
                                     GError    **error);

/* The worksheets (@key FALSE) or the answer key (TRUE) as one PDF. */
GBytes *seqack_quiz_export_worksheets (GPtrArray  *variants,
                                       gboolean    key,
                                       GError    **error);

/* Checks that @path can be written: its folder exists and takes files.
 * SEQACK_ERROR_IO with a message naming the file otherwise. */
gboolean seqack_quiz_export_check_path (const char  *path,
                                        GError     **error);

/* Writes @contents[i] to @paths[i] for i < @n: each under a temporary
 * name beside its target, renamed only once every one was written, so a
 * failure leaves none of them, and no half-written file. */
gboolean seqack_quiz_export_write_files (const char *const *paths,
                                         GBytes     *const *contents,
                                         guint              n,
                                         GError           **error);

G_END_DECLS
