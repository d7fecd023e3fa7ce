/* seqack-quiz.h: one student's variant of a lesson's quiz.
 *
 * A variant is the lesson run on a lab with its own seed, so every ISN,
 * port and hence every sequence number differs from the neighbour's. The
 * questions are read from that run exactly as a student at the window
 * meets them (SeqackLessonRun): the prompt, the events that may be shown
 * while it is open, the answer from the Trace, the choices, and the
 * feedback SeqAck gives for each wrong choice. Nothing is stored: the same
 * lesson and seed always give the same variant, so a teacher can rebuild
 * the answer key of any sheet from the seed printed on it.
 */
#pragma once

#include <glib.h>

#include "seqack-lab.h"
#include "seqack-lesson.h"

G_BEGIN_DECLS

/* Most variants one export makes (a large lecture hall, twice over). */
#define SEQACK_QUIZ_MAX_VARIANTS 500

typedef struct
{
  char     *text;      /* as the key and the exports spell it */
  gboolean  correct;
  char     *feedback;  /* the misconception it shows, or NULL */
} SeqackQuizChoice;

typedef struct
{
  guint              step;        /* 0-based; titles count from 1 */
  SeqackQuestionKind kind;
  char              *title;       /* "handshake · step 2 · seed 417230" */
  char              *prompt;      /* the lesson's prompt, filled */
  char              *given;       /* the segments shown so far, in words */
  char              *note;        /* the numbers the ladder cannot show
                                   * (a new ISN) and how to answer */
  char              *answer;      /* the right answer */
  guint32            number;      /* the answer, for number questions */
  /* Flags and states: every choice offered (the right one included), in
   * the variant's order. Numbers: the wrong answers SeqAck explains. */
  GPtrArray         *choices;     /* of SeqackQuizChoice */
  guint              visible_end; /* events [0, n) may be shown with it */
} SeqackQuizQuestion;

typedef struct _SeqackQuizVariant SeqackQuizVariant;

/* Runs @lesson on a lab seeded with @seed and collects its questions, in
 * @lang (NULL: the user's languages) and absolute or relative numbers.
 * Fails when the lab cannot run a step; a lesson without questions gives
 * a variant with none (see _get_n_questions). */
SeqackQuizVariant *seqack_quiz_variant_new (SeqackLesson  *lesson,
                                            guint64        seed,
                                            const char    *lang,
                                            gboolean       absolute,
                                            GError       **error);
void               seqack_quiz_variant_free (SeqackQuizVariant *variant);

SeqackLesson *seqack_quiz_variant_get_lesson (SeqackQuizVariant *variant);
guint64       seqack_quiz_variant_get_seed   (SeqackQuizVariant *variant);
const char   *seqack_quiz_variant_get_language (SeqackQuizVariant *variant);
/* The lab after the whole lesson: its Trace holds every question's
 * events (each question may show only [0, visible_end)). */
SeqackLab    *seqack_quiz_variant_get_lab    (SeqackQuizVariant *variant);

guint                     seqack_quiz_variant_get_n_questions (SeqackQuizVariant *variant);
const SeqackQuizQuestion *seqack_quiz_variant_get_question    (SeqackQuizVariant *variant,
                                                               guint              index);

/* The answer key, one line per question: "STEP\tPROMPT\tANSWER\n" (the
 * prompt on one line), each answer spelled as in the exports. */
char *seqack_quiz_variant_format_key (SeqackQuizVariant *variant);

/* The seed of variant @index (0-based) of a class set made from @base:
 * six digits, easy to copy from a sheet, and never the same twice within
 * one set of up to SEQACK_QUIZ_MAX_VARIANTS. Fills @seeds[0..n). */
void seqack_quiz_derive_seeds (guint64  base,
                               guint    n,
                               guint64 *seeds);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackQuizVariant, seqack_quiz_variant_free)

G_END_DECLS
