/* seqack-lesson-run.h: a student going through a lesson on a lab.
 *
 * Each step: seqack_lesson_run_next() runs the step's actions and its
 * Reveal rule on the lab, so the Trace already holds the answer; while a
 * question is pending only events [0, visible_end) may be shown (the
 * segment or state change the student predicts is hidden, and whatever
 * else would spell it: see seqack_lesson_run_get_concealed()). The answer is
 * checked against the Trace, never against a stored constant;
 * seqack_lesson_run_answer() or _reveal() then shows the rest of the step,
 * its explanation and its correction. Every text comes back with its
 * placeholders filled from the Trace.
 *
 *   START --next--> QUESTION --answer/reveal--> REVEALED --next--> ...
 *                   (steps without a question go straight to REVEALED)
 *   ... REVEALED --next (after the last step)--> FINISHED
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "seqack-lab.h"
#include "seqack-lesson.h"

G_BEGIN_DECLS

typedef enum
{
  SEQACK_LESSON_PHASE_START,
  SEQACK_LESSON_PHASE_QUESTION,
  SEQACK_LESSON_PHASE_REVEALED,
  SEQACK_LESSON_PHASE_FINISHED,
} SeqackLessonPhase;

/* What the student is told after answering. */
typedef struct
{
  gboolean correct;
  char    *answer;    /* the answer as understood ("SYN, ACK", "6") */
  char    *expected;  /* the right answer, from the Trace */
  char    *message;   /* the explanation of the mistake (a misconception
                       * the lesson or SeqAck knows), or NULL */
} SeqackLessonFeedback;

void seqack_lesson_feedback_free (SeqackLessonFeedback *feedback);

typedef struct _SeqackLessonRun SeqackLessonRun;

/* Runs @lesson on @lab (reset first; the run keeps a pointer to it, the
 * caller keeps it alive). With @lab NULL the run makes its own lab, seeded
 * with the lesson's Seed (or 1). */
SeqackLessonRun *seqack_lesson_run_new  (SeqackLesson *lesson,
                                         SeqackLab    *lab);
void             seqack_lesson_run_free (SeqackLessonRun *run);

/* Back to START with a reset lab; the score is cleared. */
void seqack_lesson_run_restart (SeqackLessonRun *run);

SeqackLesson *seqack_lesson_run_get_lesson (SeqackLessonRun *run);
SeqackLab    *seqack_lesson_run_get_lab    (SeqackLessonRun *run);

/* The language of the texts: a locale name ("zh_CN", "en"), or NULL (the
 * default) for the user's languages. */
void        seqack_lesson_run_set_language (SeqackLessonRun *run,
                                            const char      *lang);
const char *seqack_lesson_run_get_language (SeqackLessonRun *run);
/* Texts and answers in absolute sequence numbers (FALSE: relative, as
 * Wireshark shows them). Answers are accepted in either. */
void        seqack_lesson_run_set_absolute (SeqackLessonRun *run,
                                            gboolean         absolute);

/* Runs the next step. From QUESTION it first reveals the pending step (an
 * unanswered question scores nothing). After the last step the phase
 * becomes FINISHED. FALSE with @error when the lab refuses an action or
 * the Reveal rule cannot be met ("the lab went idle before a segment from
 * the server"); the run then stays at that step, REVEALED. */
gboolean seqack_lesson_run_next (SeqackLessonRun  *run,
                                 GError          **error);

SeqackLessonPhase seqack_lesson_run_get_phase (SeqackLessonRun *run);
/* The current step (0-based); meaningless in START. */
guint seqack_lesson_run_get_step (SeqackLessonRun *run);

/* Events [0, n) may be shown now. */
guint seqack_lesson_run_get_visible_end (SeqackLessonRun *run);
/* The events the current step added: [start, end). */
void  seqack_lesson_run_get_step_range  (SeqackLessonRun *run,
                                         guint           *start,
                                         guint           *end);
/* The step's segment (what seq/ack/len/flags questions and {seq}... are
 * about), or G_MAXUINT. */
guint seqack_lesson_run_get_subject     (SeqackLessonRun *run);

/* What the picture must not show while a question waits: nothing on
 * screen may give the answer away. Views show events [0, first) only,
 * and show them as they are at @time, the moment the first hidden event
 * happens: a segment that has arrived by then (the SYN the server is
 * about to answer) is drawn arrived, while the state change it causes,
 * whose edge in the state machine reads "rcv SYN / snd SYN,ACK", is not
 * shown. */
typedef struct
{
  guint  first;    /* the first hidden event: the visible end */
  gint64 time;     /* when it happens (µs, trace time) */
  guint  segment;  /* the segment asked about (seq, ack, len, flags), or
                    * G_MAXUINT for a state question */
  guint  state;    /* the state change whose edge and name answer the
                    * question: the asked side's (state questions), or
                    * the one the asked segment's sender makes as it
                    * sends it (SYN-SENT, "snd SYN"); or G_MAXUINT */
  gboolean vars;   /* the sequence variables (ISS, IRS, SND.UNA, SND.NXT,
                    * RCV.NXT) must not be shown: for a Seq or Ack
                    * question they hold the answer (the next Seq is
                    * SND.NXT, the next Ack RCV.NXT) */
} SeqackLessonConcealed;

/* Fills @concealed and returns TRUE while a question waits; otherwise
 * FALSE, with first/segment/state G_MAXUINT, time G_MAXINT64 and vars
 * FALSE. */
gboolean seqack_lesson_run_get_concealed (SeqackLessonRun       *run,
                                          SeqackLessonConcealed *concealed);

/* Texts of the current step, filled; NULL when the step has none or it is
 * not shown in this phase (Text and Correction only once REVEALED).
 * Title falls back to "Step N". */
char  *seqack_lesson_run_get_title      (SeqackLessonRun *run);
char  *seqack_lesson_run_get_text       (SeqackLessonRun *run,
                                         GError         **error);
char  *seqack_lesson_run_get_correction (SeqackLessonRun *run,
                                         GError         **error);
char  *seqack_lesson_run_get_prompt     (SeqackLessonRun *run,
                                         GError         **error);

SeqackQuestionKind seqack_lesson_run_get_question_kind (SeqackLessonRun *run);
/* The choices, filled, without duplicates, and always including the right
 * answer (numbers sorted); NULL for a typed answer. */
GStrv  seqack_lesson_run_get_choices    (SeqackLessonRun *run,
                                         GError         **error);
/* The right answer, from the Trace (also after the question is gone). */
char  *seqack_lesson_run_get_expected   (SeqackLessonRun *run);

/* Checks @answer (only in QUESTION) and reveals the step. Returns NULL
 * with SEQACK_ERROR_INVALID_ARGUMENT when the answer cannot be understood
 * as a number / flags / state: the question stays pending. */
SeqackLessonFeedback *seqack_lesson_run_answer (SeqackLessonRun  *run,
                                                const char       *answer,
                                                GError          **error);
/* Shows the answer without one (QUESTION -> REVEALED). */
void seqack_lesson_run_reveal (SeqackLessonRun *run);

/* Questions answered right at the first try, and questions asked so far. */
void seqack_lesson_run_get_score (SeqackLessonRun *run,
                                  guint           *correct,
                                  guint           *asked);

/* The closing words for FINISHED, matched to the score: @title is "Well
 * done" only when every question was answered right at the first try
 * ("Good work" for at least half, else "Worth another try"; "Lesson
 * finished" when nothing was asked), @text gives the score and what to
 * do next. Free both. */
void seqack_lesson_run_get_closing (SeqackLessonRun  *run,
                                    char            **title,
                                    char            **text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackLessonRun, seqack_lesson_run_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackLessonFeedback,
                               seqack_lesson_feedback_free)

G_END_DECLS
