/* seqack-lesson-run.c: a student going through a lesson on a lab.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "seqack-lesson-fill.h"
#include "seqack-lesson-run.h"
#include "seqack-tcp-header.h"

/* How long a Reveal rule may run the clock: one hour of virtual time, and
 * at most this many lab events, so a wrong rule fails instead of hanging. */
#define REVEAL_LIMIT (3600 * SEQACK_USEC_PER_SEC)
#define REVEAL_MAX_STEPS 100000

struct _SeqackLessonRun
{
  SeqackLesson     *lesson;
  SeqackLab        *lab;
  SeqackLab        *own_lab;
  char             *lang;
  gboolean          absolute;

  SeqackLessonPhase phase;
  guint             step;
  guint             start, end;   /* events of the current step */
  guint             subject;      /* its segment, or G_MAXUINT */
  guint             hidden_from;  /* first event hidden by the question */
  guint             answer_state; /* the hidden state change that answers
                                   * it, or G_MAXUINT */

  guint             correct, asked;
};

static SeqackTrace *
trace_of (SeqackLessonRun *run)
{
  return seqack_lab_get_trace (run->lab);
}

void
seqack_lesson_feedback_free (SeqackLessonFeedback *feedback)
{
  if (feedback == NULL)
    return;

  g_free (feedback->answer);
  g_free (feedback->expected);
  g_free (feedback->message);
  g_free (feedback);
}

SeqackLessonRun *
seqack_lesson_run_new (SeqackLesson *lesson,
                       SeqackLab    *lab)
{
  SeqackLessonRun *run;

  g_return_val_if_fail (lesson != NULL, NULL);

  run = g_new0 (SeqackLessonRun, 1);
  run->lesson = seqack_lesson_ref (lesson);
  if (lab == NULL)
    {
      SeqackLabConfig config;

      seqack_lab_config_init (&config);
      config.seed = seqack_lesson_get_seed (lesson) != 0
                    ? seqack_lesson_get_seed (lesson) : 1;
      run->own_lab = seqack_lab_new (&config);
      lab = run->own_lab;
    }
  run->lab = lab;
  seqack_lesson_run_restart (run);

  return run;
}

void
seqack_lesson_run_free (SeqackLessonRun *run)
{
  if (run == NULL)
    return;

  seqack_lesson_unref (run->lesson);
  g_clear_pointer (&run->own_lab, seqack_lab_free);
  g_free (run->lang);
  g_free (run);
}

void
seqack_lesson_run_restart (SeqackLessonRun *run)
{
  g_return_if_fail (run != NULL);

  seqack_lab_reset (run->lab);
  run->phase = SEQACK_LESSON_PHASE_START;
  run->step = 0;
  run->start = run->end = run->hidden_from = 0;
  run->subject = run->answer_state = G_MAXUINT;
  run->correct = run->asked = 0;
}

SeqackLesson *
seqack_lesson_run_get_lesson (SeqackLessonRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);

  return run->lesson;
}

SeqackLab *
seqack_lesson_run_get_lab (SeqackLessonRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);

  return run->lab;
}

void
seqack_lesson_run_set_language (SeqackLessonRun *run,
                                const char      *lang)
{
  g_return_if_fail (run != NULL);

  g_free (run->lang);
  run->lang = g_strdup (lang);
}

const char *
seqack_lesson_run_get_language (SeqackLessonRun *run)
{
  g_return_val_if_fail (run != NULL, NULL);

  return run->lang;
}

void
seqack_lesson_run_set_absolute (SeqackLessonRun *run,
                                gboolean         absolute)
{
  g_return_if_fail (run != NULL);

  run->absolute = !!absolute;
}

SeqackLessonPhase
seqack_lesson_run_get_phase (SeqackLessonRun *run)
{
  g_return_val_if_fail (run != NULL, SEQACK_LESSON_PHASE_START);

  return run->phase;
}

guint
seqack_lesson_run_get_step (SeqackLessonRun *run)
{
  g_return_val_if_fail (run != NULL, 0);

  return run->step;
}

guint
seqack_lesson_run_get_visible_end (SeqackLessonRun *run)
{
  g_return_val_if_fail (run != NULL, 0);

  switch (run->phase)
    {
    case SEQACK_LESSON_PHASE_QUESTION:
      return run->hidden_from;
    case SEQACK_LESSON_PHASE_START:
      return 0;
    case SEQACK_LESSON_PHASE_REVEALED:
      return run->end;
    default:
      return seqack_trace_get_n_events (seqack_lab_get_trace (run->lab));
    }
}

void
seqack_lesson_run_get_step_range (SeqackLessonRun *run,
                                  guint           *start,
                                  guint           *end)
{
  g_return_if_fail (run != NULL);

  if (start != NULL)
    *start = run->start;
  if (end != NULL)
    *end = run->end;
}

gboolean
seqack_lesson_run_get_concealed (SeqackLessonRun       *run,
                                 SeqackLessonConcealed *concealed)
{
  SeqackQuestionKind kind;

  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (concealed != NULL, FALSE);

  concealed->first = G_MAXUINT;
  concealed->time = G_MAXINT64;
  concealed->segment = G_MAXUINT;
  concealed->state = G_MAXUINT;
  concealed->vars = FALSE;
  if (run->phase != SEQACK_LESSON_PHASE_QUESTION)
    return FALSE;

  concealed->first = run->hidden_from;
  concealed->time = seqack_trace_get_event (trace_of (run),
                                            run->hidden_from)->t;
  concealed->state = run->answer_state;
  kind = seqack_lesson_get_step_question (run->lesson, run->step)->kind;
  if (!seqack_question_kind_is_about_side (kind))
    concealed->segment = run->subject;
  concealed->vars = kind == SEQACK_QUESTION_SEQ ||
                    kind == SEQACK_QUESTION_ACK;
  return TRUE;
}

guint
seqack_lesson_run_get_subject (SeqackLessonRun *run)
{
  g_return_val_if_fail (run != NULL, G_MAXUINT);

  return run->subject;
}

static gboolean
segment_matches (const SeqackEvent  *event,
                 const SeqackReveal *reveal)
{
  return event->kind == SEQACK_EVENT_SEGMENT &&
         (reveal->any_side || event->side == reveal->side) &&
         (event->flags & reveal->flags) == reveal->flags;
}

/* The first matching segment in [@from, n), or G_MAXUINT. */
static guint
find_segment (SeqackTrace        *trace,
              guint               from,
              const SeqackReveal *reveal)
{
  guint n = seqack_trace_get_n_events (trace);

  for (guint i = from; i < n; i++)
    if (segment_matches (seqack_trace_get_event (trace, i), reveal))
      return i;
  return G_MAXUINT;
}

static gboolean
run_reveal (SeqackLessonRun     *run,
            const SeqackReveal  *reveal,
            GError             **error)
{
  SeqackTrace *trace = trace_of (run);
  const char *group = seqack_lesson_get_step_group (run->lesson, run->step);
  guint steps = 0;
  guint from;

  switch (reveal->kind)
    {
    case SEQACK_REVEAL_NONE:
      return TRUE;
    case SEQACK_REVEAL_QUIET:
      seqack_lab_run_until_quiet (run->lab, REVEAL_LIMIT);
      return TRUE;
    case SEQACK_REVEAL_IDLE:
      seqack_lab_run_until_idle (run->lab, REVEAL_LIMIT);
      return TRUE;
    case SEQACK_REVEAL_SEGMENT:
      /* "The next segment" is the one the step's last action caused, not
       * one the wait for a quiet wire before that action let through. */
      from = run->start;
      for (guint i = seqack_trace_get_n_events (trace); i-- > run->start;)
        if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_ACTION)
          {
            from = i;
            break;
          }
      while ((run->subject = find_segment (trace, from, reveal)) ==
             G_MAXUINT)
        if (++steps > REVEAL_MAX_STEPS || !seqack_lab_step (run->lab))
          {
            g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND,
                         _("%s: [%s] Reveal: the lab went idle before the "
                           "next segment"),
                         seqack_lesson_get_origin (run->lesson), group);
            return FALSE;
          }
      return TRUE;
    case SEQACK_REVEAL_STATE:
      while (seqack_lab_get_state (run->lab, reveal->side) != reveal->state)
        if (++steps > REVEAL_MAX_STEPS || !seqack_lab_step (run->lab))
          {
            g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND,
                         _("%s: [%s] Reveal: the %s never reached %s"),
                         seqack_lesson_get_origin (run->lesson), group,
                         seqack_side_name (reveal->side),
                         seqack_tcp_state_name (reveal->state));
            return FALSE;
          }
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/* A state question: hide from @side's first state change in the step,
 * or from an earlier one of the other side into the same state: in a
 * simultaneous open or close the other side's SYN-RCVD or CLOSING is the
 * answer by symmetry. The answer is @side's last change. */
static void
conceal_state_answer (SeqackLessonRun *run,
                      SeqackSide       side)
{
  SeqackTrace *trace = trace_of (run);
  SeqackTcpState answer = seqack_trace_get_state (trace, run->end - 1, side);

  for (guint i = run->start; i < run->end; i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);

      if (e->kind != SEQACK_EVENT_STATE)
        continue;
      if (e->side == side)
        run->answer_state = i;
      if ((e->side == side || e->to == answer) && run->hidden_from == run->end)
        run->hidden_from = i;
    }
}

/* A question about the step's segment: hide it, and the state change its
 * sender makes as it sends it. That change happens at the same instant,
 * and both its edge ("active OPEN / snd SYN") and often its new state's
 * name (SYN-SENT, FIN-WAIT-1) spell the segment's flags. */
static void
conceal_segment_answer (SeqackLessonRun *run)
{
  SeqackTrace *trace = trace_of (run);
  const SeqackEvent *subject = seqack_trace_get_event (trace, run->subject);

  run->hidden_from = run->subject;
  for (guint i = run->subject; i-- > run->start;)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);

      if (e->t != subject->t || e->kind == SEQACK_EVENT_SEGMENT)
        break;
      if (e->kind == SEQACK_EVENT_STATE && e->side == subject->side)
        {
          run->hidden_from = i;
          run->answer_state = i;
          break;
        }
    }
}

/* @side's RTO after event @index, in whole milliseconds (0 when nothing
 * was recorded for it by then). */
static guint32
rto_ms_at (SeqackTrace *trace,
           guint        index,
           SeqackSide   side)
{
  SeqackTcpVars vars;

  if (!seqack_trace_get_vars (trace, index, side, &vars))
    return 0;
  return (vars.rto + 500) / 1000;
}

/* An RTO question: hide from the first event of the step that shows the
 * answer: @side's RTO changing to it (the variables), or a retransmission
 * timer of @side set for that long (its deadline, and the ladder's "RTO
 * 1.25 s: SRTT + 4 x RTTVAR"). */
static void
conceal_rto_answer (SeqackLessonRun *run,
                    SeqackSide       side)
{
  SeqackTrace *trace = trace_of (run);
  guint32 answer = rto_ms_at (trace, run->end - 1, side);
  guint32 shown = run->start > 0 ? rto_ms_at (trace, run->start - 1, side)
                                 : 0;

  for (guint i = run->start; i < run->end; i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);
      guint32 now = rto_ms_at (trace, i, side);

      if ((e->kind == SEQACK_EVENT_TIMER && e->side == side &&
           e->from == SEQACK_TCP_TIMER_RETRANSMIT &&
           e->to == SEQACK_TIMER_SET &&
           (guint32) ((e->t2 - e->t + 500) / 1000) == answer) ||
          (now == answer && now != shown))
        {
          run->hidden_from = i;
          return;
        }
      shown = now;
    }
}

gboolean
seqack_lesson_run_next (SeqackLessonRun  *run,
                        GError          **error)
{
  SeqackTrace *trace;
  SeqackScenario *actions;
  const SeqackQuestion *question;
  guint next;

  g_return_val_if_fail (run != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (run->phase == SEQACK_LESSON_PHASE_QUESTION)
    seqack_lesson_run_reveal (run);
  if (run->phase == SEQACK_LESSON_PHASE_FINISHED)
    return TRUE;

  next = run->phase == SEQACK_LESSON_PHASE_START ? 0 : run->step + 1;
  if (next >= seqack_lesson_get_n_steps (run->lesson))
    {
      run->phase = SEQACK_LESSON_PHASE_FINISHED;
      return TRUE;
    }

  trace = trace_of (run);
  run->step = next;
  run->start = seqack_trace_get_n_events (trace);
  run->subject = G_MAXUINT;
  /* Until it succeeds the step counts as shown: the student sees what
   * the lab did before the failure. */
  run->phase = SEQACK_LESSON_PHASE_REVEALED;

  actions = seqack_lesson_get_step_actions (run->lesson, next);
  for (guint i = 0;
       actions != NULL && i < seqack_scenario_get_n_steps (actions); i++)
    if (!seqack_scenario_run_step (actions, i, run->lab, error))
      {
        run->end = seqack_trace_get_n_events (trace);
        return FALSE;
      }

  if (!run_reveal (run, seqack_lesson_get_step_reveal (run->lesson, next),
                   error))
    {
      run->end = seqack_trace_get_n_events (trace);
      return FALSE;
    }
  run->end = seqack_trace_get_n_events (trace);

  /* Without a Reveal=segment the step is about the last segment it
   * showed. */
  if (run->subject == G_MAXUINT)
    for (guint i = run->end; i-- > run->start;)
      if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT)
        {
          run->subject = i;
          break;
        }

  run->hidden_from = run->end;
  run->answer_state = G_MAXUINT;
  question = seqack_lesson_get_step_question (run->lesson, next);
  if (question->kind == SEQACK_QUESTION_NONE)
    return TRUE;

  if (question->kind == SEQACK_QUESTION_STATE)
    conceal_state_answer (run, question->side);
  else if (question->kind == SEQACK_QUESTION_RTO)
    conceal_rto_answer (run, question->side);
  else if (run->subject == G_MAXUINT)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND,
                   _("%s: [%s] Question: the step shows no segment to ask "
                     "about"), seqack_lesson_get_origin (run->lesson),
                   seqack_lesson_get_step_group (run->lesson, next));
      return FALSE;
    }
  else
    conceal_segment_answer (run);

  run->phase = SEQACK_LESSON_PHASE_QUESTION;
  run->asked++;
  return TRUE;
}

static void
fill_context (SeqackLessonRun   *run,
              guint              limit,
              SeqackFillContext *context)
{
  const SeqackLabConfig *config = seqack_lab_get_config (run->lab);

  context->trace = trace_of (run);
  context->limit = limit;
  context->subject = run->subject;
  context->absolute = run->absolute;
  context->msl = config->tcp.msl;
  context->rto = config->tcp.rto_initial;
}

/* @key of the current step in the run's language, filled with events
 * [0, @limit). Errors name the step and the key. */
static char *
fill_key (SeqackLessonRun  *run,
          const char       *key,
          guint             limit,
          GError          **error)
{
  g_autofree char *raw = NULL;
  g_autoptr(GError) local_error = NULL;
  SeqackFillContext context;
  char *filled;

  raw = seqack_lesson_get_step_string (run->lesson, run->step, key,
                                       run->lang);
  if (raw == NULL)
    return NULL;

  fill_context (run, limit, &context);
  filled = seqack_lesson_fill (raw, &context, &local_error);
  if (filled == NULL)
    g_set_error (error, SEQACK_ERROR, local_error->code, "%s: [%s] %s: %s",
                 seqack_lesson_get_origin (run->lesson),
                 seqack_lesson_get_step_group (run->lesson, run->step), key,
                 local_error->message);
  return filled;
}

static gboolean
in_step (SeqackLessonRun *run)
{
  return run->phase == SEQACK_LESSON_PHASE_QUESTION ||
         run->phase == SEQACK_LESSON_PHASE_REVEALED;
}

char *
seqack_lesson_run_get_title (SeqackLessonRun *run)
{
  char *title;

  g_return_val_if_fail (run != NULL, NULL);

  if (!in_step (run))
    return seqack_lesson_get_title (run->lesson, run->lang);

  /* A title is a heading: placeholders are not filled in it. */
  title = seqack_lesson_get_step_string (run->lesson, run->step, "Title",
                                         run->lang);
  if (title == NULL)
    title = g_strdup_printf (_("Step %u"), run->step + 1);
  return title;
}

char *
seqack_lesson_run_get_text (SeqackLessonRun  *run,
                            GError          **error)
{
  g_return_val_if_fail (run != NULL, NULL);

  if (run->phase != SEQACK_LESSON_PHASE_REVEALED)
    return NULL;
  return fill_key (run, "Text", run->end, error);
}

char *
seqack_lesson_run_get_correction (SeqackLessonRun  *run,
                                  GError          **error)
{
  g_return_val_if_fail (run != NULL, NULL);

  if (run->phase != SEQACK_LESSON_PHASE_REVEALED)
    return NULL;
  return fill_key (run, "Correction", run->end, error);
}

char *
seqack_lesson_run_get_prompt (SeqackLessonRun  *run,
                              GError          **error)
{
  g_return_val_if_fail (run != NULL, NULL);

  if (!in_step (run))
    return NULL;
  return fill_key (run, "Prompt", run->hidden_from, error);
}

SeqackQuestionKind
seqack_lesson_run_get_question_kind (SeqackLessonRun *run)
{
  g_return_val_if_fail (run != NULL, SEQACK_QUESTION_NONE);

  if (!in_step (run))
    return SEQACK_QUESTION_NONE;
  return seqack_lesson_get_step_question (run->lesson, run->step)->kind;
}

/* An answer in canonical form: numbers, or flags and states as the ladder
 * writes them. */
typedef struct
{
  guint32        number;
  guint8         flags;
  SeqackTcpState state;
} Answer;

static gboolean
parse_answer (SeqackQuestionKind  kind,
              const char         *text,
              Answer             *answer)
{
  memset (answer, 0, sizeof *answer);
  switch (kind)
    {
    case SEQACK_QUESTION_FLAGS:
      return seqack_lesson_parse_flags (text, &answer->flags);
    case SEQACK_QUESTION_STATE:
      return seqack_lesson_parse_state (text, &answer->state);
    default:
      return seqack_lesson_parse_number (text, &answer->number);
    }
}

static char *
answer_to_string (SeqackQuestionKind  kind,
                  const Answer       *answer)
{
  char flags[48];

  switch (kind)
    {
    case SEQACK_QUESTION_FLAGS:
      return g_strdup (seqack_tcp_flags_to_string (answer->flags, flags));
    case SEQACK_QUESTION_STATE:
      return g_strdup (seqack_tcp_state_name (answer->state));
    default:
      return g_strdup_printf ("%" G_GUINT32_FORMAT, answer->number);
    }
}

static gboolean
answer_equal (const Answer *a,
              const Answer *b)
{
  return a->number == b->number && a->flags == b->flags &&
         a->state == b->state;
}

/* The right answer from the Trace, in the run's numbers; @other gets the
 * same in the other numbering (relative / absolute). */
static void
expected_answer (SeqackLessonRun *run,
                 Answer          *answer,
                 Answer          *other)
{
  const SeqackQuestion *q;
  SeqackTrace *trace = trace_of (run);
  const SeqackEvent *e = NULL;

  q = seqack_lesson_get_step_question (run->lesson, run->step);
  memset (answer, 0, sizeof *answer);
  if (run->subject != G_MAXUINT)
    e = seqack_trace_get_event (trace, run->subject);

  switch (q->kind)
    {
    case SEQACK_QUESTION_SEQ:
      answer->number = run->absolute
                       ? e->seq
                       : seqack_trace_relative_seq (trace, run->subject);
      break;
    case SEQACK_QUESTION_ACK:
      answer->number = run->absolute
                       ? e->ack
                       : seqack_trace_relative_ack (trace, run->subject);
      break;
    case SEQACK_QUESTION_LEN:
      answer->number = e->number;
      break;
    case SEQACK_QUESTION_WIN:
      answer->number = e->window;
      break;
    case SEQACK_QUESTION_RTO:
      answer->number = rto_ms_at (trace, run->end - 1, q->side);
      break;
    case SEQACK_QUESTION_FLAGS:
      answer->flags = e->flags;
      break;
    case SEQACK_QUESTION_STATE:
      answer->state = seqack_trace_get_state (trace, run->end - 1, q->side);
      break;
    default:
      g_assert_not_reached ();
    }

  *other = *answer;
  if (q->kind == SEQACK_QUESTION_SEQ)
    other->number = !run->absolute
                    ? e->seq
                    : seqack_trace_relative_seq (trace, run->subject);
  else if (q->kind == SEQACK_QUESTION_ACK)
    other->number = !run->absolute
                    ? e->ack
                    : seqack_trace_relative_ack (trace, run->subject);
}

char *
seqack_lesson_run_get_expected (SeqackLessonRun *run)
{
  SeqackQuestionKind kind;
  Answer answer, other;

  g_return_val_if_fail (run != NULL, NULL);

  kind = seqack_lesson_run_get_question_kind (run);
  if (kind == SEQACK_QUESTION_NONE)
    return NULL;
  expected_answer (run, &answer, &other);
  return answer_to_string (kind, &answer);
}

static int
compare_numbers (gconstpointer a,
                 gconstpointer b)
{
  guint64 x = g_ascii_strtoull (*(char **) a, NULL, 10);
  guint64 y = g_ascii_strtoull (*(char **) b, NULL, 10);

  return x < y ? -1 : x > y;
}

GStrv
seqack_lesson_run_get_choices (SeqackLessonRun  *run,
                               GError          **error)
{
  const SeqackQuestion *q;
  g_autoptr(GPtrArray) out = NULL;
  SeqackFillContext context;
  Answer expected, other;
  gboolean has_expected = FALSE;

  g_return_val_if_fail (run != NULL, NULL);

  if (!in_step (run))
    return NULL;
  q = seqack_lesson_get_step_question (run->lesson, run->step);
  if (q->kind == SEQACK_QUESTION_NONE || q->choices == NULL)
    return NULL;

  expected_answer (run, &expected, &other);
  fill_context (run, run->hidden_from, &context);
  out = g_ptr_array_new_null_terminated (0, g_free, TRUE);

  for (guint i = 0; q->choices[i] != NULL; i++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *filled = NULL;
      char *canonical;
      Answer a;
      gboolean duplicate = FALSE;

      filled = seqack_lesson_fill (q->choices[i], &context, &local_error);
      if (filled == NULL || !parse_answer (q->kind, filled, &a))
        {
          g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                       "%s: [%s] Choices: %s",
                       seqack_lesson_get_origin (run->lesson),
                       seqack_lesson_get_step_group (run->lesson, run->step),
                       local_error != NULL ? local_error->message
                                           : q->choices[i]);
          return NULL;
        }
      canonical = answer_to_string (q->kind, &a);
      for (guint j = 0; j < out->len; j++)
        if (strcmp (g_ptr_array_index (out, j), canonical) == 0)
          duplicate = TRUE;
      if (duplicate)
        {
          g_free (canonical);
          continue;
        }
      has_expected |= answer_equal (&a, &expected);
      g_ptr_array_add (out, canonical);
    }

  /* A choice list without the right answer would be a trap the teacher
   * did not mean: the Trace's answer is always offered. */
  if (!has_expected)
    g_ptr_array_add (out, answer_to_string (q->kind, &expected));
  if (q->kind != SEQACK_QUESTION_FLAGS && q->kind != SEQACK_QUESTION_STATE)
    g_ptr_array_sort (out, compare_numbers);

  return (GStrv) g_ptr_array_free (g_steal_pointer (&out), FALSE);
}

/* SeqAck's own knowledge of the classic mistakes, for questions whose
 * file names none that matched. */
static char *
builtin_misconception (SeqackLessonRun    *run,
                       SeqackQuestionKind  kind,
                       const Answer       *given,
                       const Answer       *expected,
                       const Answer       *other)
{
  SeqackTrace *trace = trace_of (run);
  const SeqackEvent *e = run->subject != G_MAXUINT
                         ? seqack_trace_get_event (trace, run->subject)
                         : NULL;
  SeqackFillContext context;

  fill_context (run, run->end, &context);

  if (kind == SEQACK_QUESTION_SEQ && e != NULL &&
      (e->flags & SEQACK_TCP_SYN) && given->number == 1)
    /* RFC 6528; "usually 1" is what the classic text says. */
    return g_strdup_printf (_("Initial sequence numbers are random (RFC "
                              "6528), not 1: this one was %u on the wire. "
                              "Relative numbers, as Wireshark shows them, "
                              "count from the ISN, so a SYN is always Seq=0 "
                              "there."), (guint) e->seq);

  if (kind == SEQACK_QUESTION_ACK)
    {
      g_autofree char *plus_one = seqack_lesson_fill ("{prev.seq+1}",
                                                      &context, NULL);
      g_autofree char *prev_seq = seqack_lesson_fill ("{prev.seq}",
                                                      &context, NULL);
      g_autofree char *prev_len = seqack_lesson_fill ("{prev.len}",
                                                      &context, NULL);
      guint32 n;

      if (plus_one != NULL && seqack_lesson_parse_number (plus_one, &n) &&
          n == given->number && g_strcmp0 (prev_len, "0") != 0 &&
          g_strcmp0 (prev_len, "1") != 0)
        return g_strdup_printf (_("Ack = Seq + length: that segment carried "
                                  "%s bytes, so add %s, not 1."),
                                prev_len, prev_len);
      if (prev_seq != NULL && seqack_lesson_parse_number (prev_seq, &n) &&
          n == given->number)
        return g_strdup (_("The Ack number is the next sequence number "
                           "expected, not the one just received."));
    }

  if (kind == SEQACK_QUESTION_FLAGS &&
      (expected->flags & SEQACK_TCP_ACK) &&
      given->flags == (expected->flags & ~SEQACK_TCP_ACK))
    return g_strdup (_("Once the handshake is done every segment carries "
                       "the ACK flag: the classic picture’s “FIN” is really "
                       "FIN, ACK."));
  if (kind == SEQACK_QUESTION_FLAGS &&
      (given->flags ^ expected->flags) == SEQACK_TCP_PSH)
    return g_strdup (_("Almost: SeqAck’s stack sets PSH on the last "
                       "segment of each send, as Linux does."));

  if (kind == SEQACK_QUESTION_STATE &&
      given->state == SEQACK_TCP_SYN_SENT &&
      expected->state == SEQACK_TCP_SYN_RECEIVED)
    return g_strdup (_("A listening server goes LISTEN → SYN-RCVD when the "
                       "SYN arrives; SYN-SENT is the state of the side that "
                       "sent the first SYN."));

  return NULL;
}

SeqackLessonFeedback *
seqack_lesson_run_answer (SeqackLessonRun  *run,
                          const char       *text,
                          GError          **error)
{
  const SeqackQuestion *q;
  SeqackLessonFeedback *feedback;
  Answer given, expected, other;
  SeqackFillContext context;

  g_return_val_if_fail (run != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (run->phase == SEQACK_LESSON_PHASE_QUESTION, NULL);

  q = seqack_lesson_get_step_question (run->lesson, run->step);
  if (!parse_answer (q->kind, text, &given))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   q->kind == SEQACK_QUESTION_FLAGS
                   ? _("‘%s’: give flags such as SYN, ACK")
                   : q->kind == SEQACK_QUESTION_STATE
                   ? _("‘%s’: give a state such as SYN-RCVD")
                   : _("‘%s’: give a whole number"), text);
      return NULL;
    }

  expected_answer (run, &expected, &other);
  feedback = g_new0 (SeqackLessonFeedback, 1);
  feedback->answer = answer_to_string (q->kind, &given);
  feedback->expected = answer_to_string (q->kind, &expected);
  feedback->correct = answer_equal (&given, &expected) ||
                      answer_equal (&given, &other);

  if (!feedback->correct)
    {
      fill_context (run, run->end, &context);
      for (guint i = 0; q->wrong != NULL && q->wrong[i] != NULL; i++)
        {
          g_autofree char *wrong = NULL;
          Answer w;

          wrong = seqack_lesson_fill (q->wrong[i], &context, NULL);
          if (wrong == NULL || !parse_answer (q->kind, wrong, &w) ||
              !answer_equal (&w, &given))
            continue;
          feedback->message = fill_key (run, q->feedback_keys[i], run->end,
                                        NULL);
          if (feedback->message != NULL)
            break;
        }
      if (feedback->message == NULL)
        feedback->message = builtin_misconception (run, q->kind, &given,
                                                   &expected, &other);
    }

  if (feedback->correct)
    run->correct++;
  run->phase = SEQACK_LESSON_PHASE_REVEALED;
  run->hidden_from = run->end;

  return feedback;
}

void
seqack_lesson_run_reveal (SeqackLessonRun *run)
{
  g_return_if_fail (run != NULL);

  if (run->phase != SEQACK_LESSON_PHASE_QUESTION)
    return;
  run->phase = SEQACK_LESSON_PHASE_REVEALED;
  run->hidden_from = run->end;
}

void
seqack_lesson_run_get_score (SeqackLessonRun *run,
                             guint           *correct,
                             guint           *asked)
{
  g_return_if_fail (run != NULL);

  if (correct != NULL)
    *correct = run->correct;
  if (asked != NULL)
    *asked = run->asked;
}

void
seqack_lesson_run_get_closing (SeqackLessonRun  *run,
                               char            **title,
                               char            **text)
{
  const char *again = _("Press Restart to go through it again, or choose "
                        "the next lesson above.");
  g_autofree char *result = NULL;

  g_return_if_fail (run != NULL);
  g_return_if_fail (title != NULL && text != NULL);

  if (run->asked == 0)
    {
      *title = g_strdup (_("Lesson finished"));
      *text = g_strdup (again);
      return;
    }

  /* Praise only what was earned: a student who missed most questions is
   * sent back to the explanations, not congratulated. */
  if (run->correct == run->asked)
    *title = g_strdup (_("Well done"));
  else if (run->correct * 2 >= run->asked)
    *title = g_strdup (_("Good work"));
  else
    *title = g_strdup (_("Worth another try"));

  result = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "You answered %u of %u question "
                                         "right at the first try.",
                                         "You answered %u of %u questions "
                                         "right at the first try.",
                                         run->asked),
                            run->correct, run->asked);
  if (run->correct * 2 < run->asked)
    {
      g_autofree char *advice = NULL;

      /* TRANSLATORS: two sentences in a row; Chinese needs no space. */
      advice = g_strdup_printf (C_("sentences", "%s %s"), result,
                                _("Each step’s explanation shows where the "
                                  "numbers come from; going through the "
                                  "lesson again, slowly, is the best way "
                                  "to get them right."));
      g_free (result);
      result = g_steal_pointer (&advice);
    }
  *text = g_strdup_printf (C_("sentences", "%s %s"), result, again);
}
