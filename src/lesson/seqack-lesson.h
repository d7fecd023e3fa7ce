/* seqack-lesson.h: a lesson, as a teacher writes it.
 *
 * A lesson is a GKeyFile (a ".lesson" file, documented for teachers in
 * data/lessons/README.md): a [Lesson] group with its name, title and
 * summary, then [Step 1], [Step 2]... each with lab actions in the
 * scenario format (seqack-scenario.h), how far to run the lab before
 * showing, an explanation with {placeholders} filled from the Trace, an
 * optional "Corrections" box and an optional question. Every text may carry
 * its translations in the same file (Text[zh_CN]=...).
 *
 * Loading checks everything that can be checked without running the lab:
 * syntax, known groups and keys, the actions, the Reveal rule, the question
 * kind and every placeholder name. Errors name the file, the line and the
 * key: "my.lesson:12: [Step 2] Reveal: unknown rule 'segmnt'".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "seqack-scenario.h"

G_BEGIN_DECLS

/* What a question asks the student to predict. */
typedef enum
{
  SEQACK_QUESTION_NONE,
  SEQACK_QUESTION_SEQ,    /* the Seq of the step's segment */
  SEQACK_QUESTION_ACK,    /* its Ack number */
  SEQACK_QUESTION_LEN,    /* its payload length */
  SEQACK_QUESTION_FLAGS,  /* its flags ("SYN, ACK") */
  SEQACK_QUESTION_STATE,  /* the state of one side after the step */
  SEQACK_QUESTION_WIN,    /* the window the step's segment advertises */
  SEQACK_QUESTION_RTO,    /* one side's RTO after the step, in ms */
} SeqackQuestionKind;

/* Whether the answer to @kind is a number (seq, ack, len, win, rto). */
gboolean seqack_question_kind_is_number (SeqackQuestionKind kind);
/* Whether @kind asks about one side (state, rto) rather than about the
 * step's segment. */
gboolean seqack_question_kind_is_about_side (SeqackQuestionKind kind);

/* How far a step runs the lab after its actions. */
typedef enum
{
  SEQACK_REVEAL_NONE,     /* only the actions */
  SEQACK_REVEAL_SEGMENT,  /* until the next (matching) segment is sent */
  SEQACK_REVEAL_QUIET,    /* until no segment is in flight (the default) */
  SEQACK_REVEAL_IDLE,     /* until nothing is pending, timers included */
  SEQACK_REVEAL_STATE,    /* until one side is in a given state */
} SeqackRevealKind;

typedef struct _SeqackLesson SeqackLesson;

/* Parses a lesson. @origin names it in errors (a file name). */
SeqackLesson *seqack_lesson_new_from_data (const char  *text,
                                           gssize       len,
                                           const char  *origin,
                                           GError     **error);
/* Reads and parses a .lesson file (SEQACK_ERROR_NOT_FOUND / _IO when it
 * cannot be read). */
SeqackLesson *seqack_lesson_new_from_file (const char  *path,
                                           GError     **error);
/* A lesson compiled into the program, by name ("handshake"), or NULL with
 * SEQACK_ERROR_NOT_FOUND. */
SeqackLesson *seqack_lesson_new_builtin   (const char  *name,
                                           GError     **error);
/* A built-in name, or else a path to a .lesson file. */
SeqackLesson *seqack_lesson_new_for_name_or_path (const char  *name,
                                                  GError     **error);

SeqackLesson *seqack_lesson_ref   (SeqackLesson *lesson);
void          seqack_lesson_unref (SeqackLesson *lesson);

/* The built-in lessons in teaching order, NULL-terminated. */
const char *const *seqack_lesson_builtin_names (void);

const char *seqack_lesson_get_name    (SeqackLesson *lesson);
/* The lab seed the lesson asks for (Seed=), or 0 when it has none. */
guint64     seqack_lesson_get_seed    (SeqackLesson *lesson);
guint       seqack_lesson_get_n_steps (SeqackLesson *lesson);

/* Localized texts. @lang is a locale name ("zh_CN"), or NULL for the
 * user's languages (g_get_language_names()). The untranslated text is the
 * fallback. Step texts keep their {placeholders}: SeqackLessonRun fills
 * them. Returns NULL when the key is absent. */
char *seqack_lesson_get_title   (SeqackLesson *lesson,
                                 const char   *lang);
char *seqack_lesson_get_summary (SeqackLesson *lesson,
                                 const char   *lang);
char *seqack_lesson_get_step_string (SeqackLesson *lesson,
                                     guint         step,
                                     const char   *key,
                                     const char   *lang);

/* How far step @step runs the lab after its actions (Reveal=). */
typedef struct
{
  SeqackRevealKind kind;
  gboolean         any_side; /* SEGMENT: a segment from either side */
  SeqackSide       side;     /* SEGMENT: its sender; STATE: the side */
  guint8           flags;    /* SEGMENT: flags it must carry (0: any) */
  SeqackTcpState   state;    /* STATE: the state to reach */
} SeqackReveal;

/* The question of a step (Question=, Choices=, Misconception-N=). Texts
 * are raw: placeholders unfilled. */
typedef struct
{
  SeqackQuestionKind kind;
  SeqackSide         side;          /* STATE, RTO: whose */
  char             **choices;       /* NULL: a typed answer */
  char             **wrong;         /* Misconception-N values */
  char             **feedback_keys; /* "Feedback-N", same order */
} SeqackQuestion;

/* The step's actions (NULL when it has none). */
SeqackScenario       *seqack_lesson_get_step_actions  (SeqackLesson *lesson,
                                                       guint         step);
const SeqackReveal   *seqack_lesson_get_step_reveal   (SeqackLesson *lesson,
                                                       guint         step);
const SeqackQuestion *seqack_lesson_get_step_question (SeqackLesson *lesson,
                                                       guint         step);
/* "Step 2": the step's group name, for messages. */
const char *seqack_lesson_get_step_group (SeqackLesson *lesson,
                                          guint         step);
const char *seqack_lesson_get_origin     (SeqackLesson *lesson);

/* Whether every translatable key of the file (titles, texts, prompts,
 * feedback) has a @lang twin: for tests and for teachers' tools. When not,
 * sets @missing (if not NULL) to the first "[Group] Key" without one. */
gboolean seqack_lesson_check_translations (SeqackLesson  *lesson,
                                           const char    *lang,
                                           char         **missing);

/* Answers as students type them. Flags: names in any order and case,
 * separated by blanks, commas, '+' or '/' ("syn+ack", "ACK, SYN").
 * States: "syn-rcvd", "SYN_RECEIVED", "time wait"... FALSE when not
 * understood. */
gboolean seqack_lesson_parse_flags (const char     *answer,
                                    guint8         *flags);
gboolean seqack_lesson_parse_state (const char     *answer,
                                    SeqackTcpState *state);
/* A sequence number, length or count: decimal, blanks around ignored. */
gboolean seqack_lesson_parse_number (const char *answer,
                                     guint32    *number);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackLesson, seqack_lesson_unref)

G_END_DECLS
