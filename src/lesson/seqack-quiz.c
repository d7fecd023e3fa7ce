/* seqack-quiz.c: one student's variant of a lesson's quiz.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "seqack-lesson-fill.h"
#include "seqack-lesson-run.h"
#include "seqack-quiz.h"
#include "seqack-tcp-header.h"
#include "seqack-trace-format.h"

/* Multiple-choice questions whose lesson lists no choices get this many. */
#define GENERATED_CHOICES 4

struct _SeqackQuizVariant
{
  SeqackLesson *lesson;
  guint64       seed;
  char         *lang;
  SeqackLab    *lab;
  GPtrArray    *questions;   /* of SeqackQuizQuestion */
};

static void
choice_free (gpointer data)
{
  SeqackQuizChoice *choice = data;

  g_free (choice->text);
  g_free (choice->feedback);
  g_free (choice);
}

static SeqackQuizChoice *
choice_new (const char *text,
            gboolean    correct)
{
  SeqackQuizChoice *choice = g_new0 (SeqackQuizChoice, 1);

  choice->text = g_strdup (text);
  choice->correct = correct;
  return choice;
}

static void
question_free (gpointer data)
{
  SeqackQuizQuestion *q = data;

  g_free (q->title);
  g_free (q->prompt);
  g_free (q->given);
  g_free (q->note);
  g_free (q->answer);
  g_ptr_array_unref (q->choices);
  g_free (q);
}


/* An answer in the spelling the lesson run uses for it ("SYN, ACK",
 * "SYN-RCVD", "42"), or NULL when @text is not one. */
static char *
canonical (SeqackQuestionKind  kind,
           const char         *text)
{
  char flags_buf[48];
  guint8 flags;
  SeqackTcpState state;
  guint32 number;

  switch (kind)
    {
    case SEQACK_QUESTION_FLAGS:
      if (!seqack_lesson_parse_flags (text, &flags))
        return NULL;
      return g_strdup (seqack_tcp_flags_to_string (flags, flags_buf));
    case SEQACK_QUESTION_STATE:
      if (!seqack_lesson_parse_state (text, &state))
        return NULL;
      return g_strdup (seqack_tcp_state_name (state));
    default:
      if (!seqack_lesson_parse_number (text, &number))
        return NULL;
      return g_strdup_printf ("%" G_GUINT32_FORMAT, number);
    }
}

static gboolean
strv_has (GPtrArray  *array,
          const char *text)
{
  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (g_ptr_array_index (array, i), text) == 0)
      return TRUE;
  return FALSE;
}

static void
add_candidate (GPtrArray          *out,
               SeqackQuestionKind  kind,
               const char         *text,
               const char         *expected)
{
  g_autofree char *c = text != NULL ? canonical (kind, text) : NULL;

  if (c == NULL || g_strcmp0 (c, expected) == 0 || strv_has (out, c))
    return;
  g_ptr_array_add (out, g_steal_pointer (&c));
}

static void
fill_context_init (SeqackFillContext *context,
                   SeqackLessonRun   *run,
                   gboolean           absolute)
{
  SeqackLab *lab = seqack_lesson_run_get_lab (run);
  const SeqackLabConfig *config = seqack_lab_get_config (lab);
  guint end;

  seqack_lesson_run_get_step_range (run, NULL, &end);
  context->trace = seqack_lab_get_trace (lab);
  context->limit = end;
  context->subject = seqack_lesson_run_get_subject (run);
  context->absolute = absolute;
  context->msl = config->tcp.msl;
  context->rto = config->tcp.rto_initial;
}

/* Wrong answers worth asking the run about: the lesson's choices and
 * misconceptions, and the classic slips SeqAck itself explains. For
 * multiple-choice questions without choices in the file, plausible
 * neighbours of the right answer fill the list up. */
static GPtrArray *
wrong_candidates (SeqackLessonRun    *run,
                  SeqackQuestionKind  kind,
                  const char         *expected,
                  gboolean            absolute,
                  GError            **error)
{
  static const guint8 flag_sets[] = {
    SEQACK_TCP_SYN, SEQACK_TCP_SYN | SEQACK_TCP_ACK, SEQACK_TCP_ACK,
    SEQACK_TCP_FIN | SEQACK_TCP_ACK, SEQACK_TCP_FIN, SEQACK_TCP_RST,
    SEQACK_TCP_RST | SEQACK_TCP_ACK, SEQACK_TCP_PSH | SEQACK_TCP_ACK,
  };
  SeqackLesson *lesson = seqack_lesson_run_get_lesson (run);
  const SeqackQuestion *q;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_auto(GStrv) choices = NULL;
  g_autoptr(GError) local_error = NULL;
  SeqackFillContext context;

  q = seqack_lesson_get_step_question (lesson,
                                       seqack_lesson_run_get_step (run));
  choices = seqack_lesson_run_get_choices (run, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
    add_candidate (out, kind, choices[i], expected);

  fill_context_init (&context, run, absolute);
  for (guint i = 0; q->wrong != NULL && q->wrong[i] != NULL; i++)
    {
      g_autofree char *filled = seqack_lesson_fill (q->wrong[i], &context,
                                                    NULL);

      add_candidate (out, kind, filled, expected);
    }

  if (kind == SEQACK_QUESTION_SEQ)
    add_candidate (out, kind, "1", expected);
  else if (kind == SEQACK_QUESTION_ACK)
    {
      g_autofree char *prev = seqack_lesson_fill ("{prev.seq}", &context,
                                                  NULL);
      g_autofree char *next = seqack_lesson_fill ("{prev.seq+1}", &context,
                                                  NULL);

      add_candidate (out, kind, prev, expected);
      add_candidate (out, kind, next, expected);
    }

  if (choices == NULL && kind == SEQACK_QUESTION_FLAGS)
    for (guint i = 0; i < G_N_ELEMENTS (flag_sets) &&
                      out->len + 1 < GENERATED_CHOICES; i++)
      {
        char buf[48];

        add_candidate (out, kind,
                       seqack_tcp_flags_to_string (flag_sets[i], buf),
                       expected);
      }
  else if (choices == NULL && kind == SEQACK_QUESTION_STATE)
    {
      SeqackTcpState right = SEQACK_TCP_CLOSED;

      seqack_lesson_parse_state (expected, &right);
      /* The states next to the right one in RFC 9293's order are the
       * ones students mix it up with. */
      for (int d = 1; d < SEQACK_TCP_N_STATES &&
                      out->len + 1 < GENERATED_CHOICES; d++)
        for (int sign = 1; sign >= -1; sign -= 2)
          {
            int s = (int) right + sign * d;

            if (s >= 0 && s < SEQACK_TCP_N_STATES &&
                out->len + 1 < GENERATED_CHOICES)
              add_candidate (out, kind,
                             seqack_tcp_state_name ((SeqackTcpState) s),
                             expected);
          }
    }

  return g_steal_pointer (&out);
}

static const char *
side_label (SeqackSide side)
{
  return side == SEQACK_SERVER ? C_("endpoint", "server")
                               : C_("endpoint", "client");
}

/* What the student is given: every segment shown so far, numbers as on
 * the wire, and the ISN of a side whose first segment is the question
 * (a random number nobody can predict, RFC 6528). */
static void
format_given (SeqackLessonRun  *run,
              gboolean          absolute,
              guint             visible_end,
              char            **given,
              char            **note)
{
  SeqackTrace *trace = seqack_lab_get_trace (seqack_lesson_run_get_lab (run));
  guint subject = seqack_lesson_run_get_subject (run);
  SeqackQuestionKind kind = seqack_lesson_run_get_question_kind (run);
  GString *out = g_string_new (NULL);
  gboolean sent[2] = { FALSE, FALSE };
  guint n = 0;

  for (guint i = 0; i < visible_end; i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);

      if (e->kind != SEQACK_EVENT_SEGMENT)
        continue;
      if (n++ == 0)
        {
          g_string_append (out, absolute
                           ? _("Segments so far (absolute sequence numbers, "
                               "as on the wire):")
                           : _("Segments so far (relative sequence "
                               "numbers):"));
        }
      sent[e->side] = TRUE;
      g_string_append_printf (out, "\n%u. %s → %s: ", n, side_label (e->side),
                              side_label (SEQACK_OTHER_SIDE (e->side)));
      seqack_trace_format_segment_label (trace, i, absolute, out);
      if (e->fate == SEQACK_FATE_LOST)
        g_string_append_printf (out, " (%s)", _("lost"));
    }
  if (n == 0)
    g_string_append (out, _("No segment has been sent yet."));
  *given = g_string_free (out, FALSE);
  out = g_string_new (NULL);

  if (subject != G_MAXUINT && subject < seqack_trace_get_n_events (trace))
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, subject);

      if (absolute && (e->flags & SEQACK_TCP_SYN) && !sent[e->side] &&
          seqack_lesson_run_get_question_kind (run) == SEQACK_QUESTION_SEQ)
        {
          g_string_append_printf (out,
                                  e->side == SEQACK_SERVER
                                  ? _("The server chose the initial "
                                      "sequence number (ISN) %u.")
                                  : _("The client chose the initial "
                                      "sequence number (ISN) %u."),
                                  (guint) e->seq);
        }
    }
  if (absolute && (kind == SEQACK_QUESTION_SEQ ||
                   kind == SEQACK_QUESTION_ACK ||
                   kind == SEQACK_QUESTION_LEN))
    {
      if (out->len > 0)
        g_string_append_c (out, ' ');
      g_string_append (out, _("Answer with the absolute number, as on the "
                              "wire."));
    }
  *note = g_string_free (out, FALSE);
}

/* Where a question's picture must end. The run hides the segment asked
 * about; the sender's state change and timers just before it, at the
 * same instant, give it away as well (FIN-WAIT-1 says "FIN"), so the
 * exports hide them too. */
static guint
hide_answer (SeqackLessonRun    *run,
             SeqackQuestionKind  kind,
             guint               visible_end)
{
  SeqackTrace *trace = seqack_lab_get_trace (seqack_lesson_run_get_lab (run));
  guint subject = seqack_lesson_run_get_subject (run);
  const SeqackEvent *e;
  guint start;

  if (seqack_question_kind_is_about_side (kind) || subject == G_MAXUINT ||
      visible_end != subject)
    return visible_end;

  e = seqack_trace_get_event (trace, subject);
  seqack_lesson_run_get_step_range (run, &start, NULL);
  while (visible_end > start)
    {
      const SeqackEvent *prev = seqack_trace_get_event (trace,
                                                        visible_end - 1);

      if (prev->kind == SEQACK_EVENT_SEGMENT ||
          prev->kind == SEQACK_EVENT_ACTION || prev->side != e->side ||
          prev->t != e->t)
        break;
      visible_end--;
    }
  return visible_end;
}

/* One question as the main run meets it, before the probe runs add the
 * feedback for its wrong answers. */
typedef struct
{
  SeqackQuizQuestion *question;
  GPtrArray          *wrong;     /* canonical wrong answers to probe */
  char              **feedback;  /* per wrong answer, from the probes */
  gboolean           *correct;   /* the run took it as right after all */
  gboolean            multiple;  /* flags and states */
} Pending;

static void
pending_clear (Pending *p)
{
  if (p->wrong != NULL)
    for (guint i = 0; i < p->wrong->len; i++)
      g_free (p->feedback[i]);
  g_free (p->feedback);
  g_free (p->correct);
  g_clear_pointer (&p->wrong, g_ptr_array_unref);
  if (p->question != NULL)
    question_free (p->question);
}

static SeqackLessonRun *
run_new (SeqackLesson  *lesson,
         guint64        seed,
         const char    *lang,
         gboolean       absolute,
         SeqackLab    **lab_out)
{
  SeqackLabConfig config;
  SeqackLessonRun *run;
  SeqackLab *lab;

  seqack_lab_config_init (&config);
  config.seed = seed;
  lab = seqack_lab_new (&config);
  run = seqack_lesson_run_new (lesson, lab);
  seqack_lesson_run_set_language (run, lang);
  seqack_lesson_run_set_absolute (run, absolute);
  *lab_out = lab;
  return run;
}

static gboolean
collect (SeqackQuizVariant  *variant,
         gboolean            absolute,
         GArray             *pending,
         GError            **error)
{
  SeqackLessonRun *run;
  SeqackLab *lab;
  gboolean ok = TRUE;

  run = run_new (variant->lesson, variant->seed, variant->lang, absolute,
                 &lab);
  for (;;)
    {
      SeqackQuizQuestion *q;
      Pending p = { 0, };

      if (!seqack_lesson_run_next (run, error))
        {
          ok = FALSE;
          break;
        }
      if (seqack_lesson_run_get_phase (run) == SEQACK_LESSON_PHASE_FINISHED)
        break;
      if (seqack_lesson_run_get_phase (run) != SEQACK_LESSON_PHASE_QUESTION)
        continue;

      q = g_new0 (SeqackQuizQuestion, 1);
      p.question = q;
      q->step = seqack_lesson_run_get_step (run);
      q->kind = seqack_lesson_run_get_question_kind (run);
      /* Not translated: the title names the question in an LMS and in
       * the key, the same in every language. */
      q->title = g_strdup_printf ("%s · step %u · seed %" G_GUINT64_FORMAT,
                                  seqack_lesson_get_name (variant->lesson),
                                  q->step + 1, variant->seed);
      q->prompt = seqack_lesson_run_get_prompt (run, error);
      q->answer = seqack_lesson_run_get_expected (run);
      q->visible_end = hide_answer (run, q->kind,
                                    seqack_lesson_run_get_visible_end (run));
      q->choices = g_ptr_array_new_with_free_func (choice_free);
      if (q->prompt == NULL)
        {
          /* A question without a prompt asks nothing a student can read. */
          if (error != NULL && *error == NULL)
            g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                         _("%s: [%s] Question: the step has no Prompt"),
                         seqack_lesson_get_origin (variant->lesson),
                         seqack_lesson_get_step_group (variant->lesson,
                                                       q->step));
          pending_clear (&p);
          ok = FALSE;
          break;
        }
      format_given (run, absolute, q->visible_end, &q->given, &q->note);
      if (seqack_question_kind_is_number (q->kind))
        seqack_lesson_parse_number (q->answer, &q->number);
      p.multiple = !seqack_question_kind_is_number (q->kind);
      p.wrong = wrong_candidates (run, q->kind, q->answer, absolute, error);
      if (p.wrong == NULL)
        {
          pending_clear (&p);
          ok = FALSE;
          break;
        }
      p.feedback = g_new0 (char *, p.wrong->len + 1);
      p.correct = g_new0 (gboolean, p.wrong->len + 1);
      g_array_append_val (pending, p);
      seqack_lesson_run_reveal (run);
    }

  seqack_lesson_run_free (run);
  variant->lab = lab;
  return ok;
}

/* The lab does not depend on what a student answers, so one more run of
 * the lesson per wrong answer slot asks SeqAck's own feedback for every
 * wrong answer, exactly as a student at the window would get it. */
static void
probe_feedback (SeqackQuizVariant *variant,
                gboolean           absolute,
                GArray            *pending)
{
  guint slots = 0;

  for (guint i = 0; i < pending->len; i++)
    slots = MAX (slots, g_array_index (pending, Pending, i).wrong->len);

  for (guint slot = 0; slot < slots; slot++)
    {
      SeqackLessonRun *run;
      SeqackLab *lab;
      guint index = 0;

      run = run_new (variant->lesson, variant->seed, variant->lang, absolute,
                     &lab);
      while (seqack_lesson_run_next (run, NULL) &&
             seqack_lesson_run_get_phase (run) !=
             SEQACK_LESSON_PHASE_FINISHED && index < pending->len)
        {
          Pending *p;
          SeqackLessonFeedback *fb;

          if (seqack_lesson_run_get_phase (run) !=
              SEQACK_LESSON_PHASE_QUESTION)
            continue;
          p = &g_array_index (pending, Pending, index++);
          if (slot >= p->wrong->len)
            {
              seqack_lesson_run_reveal (run);
              continue;
            }
          fb = seqack_lesson_run_answer (run, g_ptr_array_index (p->wrong,
                                                                 slot),
                                         NULL);
          if (fb == NULL)
            {
              seqack_lesson_run_reveal (run);
              continue;
            }
          p->correct[slot] = fb->correct;
          p->feedback[slot] = g_steal_pointer (&fb->message);
          seqack_lesson_feedback_free (fb);
        }
      seqack_lesson_run_free (run);
      seqack_lab_free (lab);
    }
}

static void
finish_question (SeqackQuizVariant *variant,
                 Pending           *p)
{
  SeqackQuizQuestion *q = p->question;

  if (p->multiple)
    g_ptr_array_add (q->choices, choice_new (q->answer, TRUE));
  for (guint i = 0; i < p->wrong->len; i++)
    {
      SeqackQuizChoice *choice;

      /* An answer the run counts as right (the other numbering) is no
       * distractor. */
      if (p->correct[i] || (!p->multiple && p->feedback[i] == NULL))
        continue;
      choice = choice_new (g_ptr_array_index (p->wrong, i), FALSE);
      choice->feedback = g_steal_pointer (&p->feedback[i]);
      g_ptr_array_add (q->choices, choice);
    }

  if (p->multiple)
    {
      /* Each sheet in its own order, so a neighbour's letters are no
       * help; the same seed always gives the same order. */
      GRand *rand = g_rand_new_with_seed ((guint32) (variant->seed * 131 +
                                                     q->step));

      for (guint i = q->choices->len; i > 1; i--)
        {
          guint j = g_rand_int_range (rand, 0, (gint32) i);
          gpointer tmp = q->choices->pdata[i - 1];

          q->choices->pdata[i - 1] = q->choices->pdata[j];
          q->choices->pdata[j] = tmp;
        }
      g_rand_free (rand);
    }

  g_ptr_array_add (variant->questions, g_steal_pointer (&p->question));
}

SeqackQuizVariant *
seqack_quiz_variant_new (SeqackLesson  *lesson,
                         guint64        seed,
                         const char    *lang,
                         gboolean       absolute,
                         GError       **error)
{
  SeqackQuizVariant *variant;
  g_autoptr(GArray) pending = NULL;
  gboolean ok;

  g_return_val_if_fail (lesson != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  variant = g_new0 (SeqackQuizVariant, 1);
  variant->lesson = seqack_lesson_ref (lesson);
  variant->seed = seed;
  variant->lang = g_strdup (lang);
  variant->questions = g_ptr_array_new_with_free_func (question_free);

  pending = g_array_new (FALSE, TRUE, sizeof (Pending));
  g_array_set_clear_func (pending, (GDestroyNotify) pending_clear);
  ok = collect (variant, absolute, pending, error);
  if (ok)
    {
      probe_feedback (variant, absolute, pending);
      for (guint i = 0; i < pending->len; i++)
        finish_question (variant, &g_array_index (pending, Pending, i));
    }
  if (!ok)
    {
      seqack_quiz_variant_free (variant);
      return NULL;
    }
  return variant;
}

void
seqack_quiz_variant_free (SeqackQuizVariant *variant)
{
  if (variant == NULL)
    return;

  seqack_lesson_unref (variant->lesson);
  g_clear_pointer (&variant->lab, seqack_lab_free);
  g_ptr_array_unref (variant->questions);
  g_free (variant->lang);
  g_free (variant);
}

SeqackLesson *
seqack_quiz_variant_get_lesson (SeqackQuizVariant *variant)
{
  g_return_val_if_fail (variant != NULL, NULL);

  return variant->lesson;
}

guint64
seqack_quiz_variant_get_seed (SeqackQuizVariant *variant)
{
  g_return_val_if_fail (variant != NULL, 0);

  return variant->seed;
}

const char *
seqack_quiz_variant_get_language (SeqackQuizVariant *variant)
{
  g_return_val_if_fail (variant != NULL, NULL);

  return variant->lang;
}

SeqackLab *
seqack_quiz_variant_get_lab (SeqackQuizVariant *variant)
{
  g_return_val_if_fail (variant != NULL, NULL);

  return variant->lab;
}

guint
seqack_quiz_variant_get_n_questions (SeqackQuizVariant *variant)
{
  g_return_val_if_fail (variant != NULL, 0);

  return variant->questions->len;
}

const SeqackQuizQuestion *
seqack_quiz_variant_get_question (SeqackQuizVariant *variant,
                                  guint              index)
{
  g_return_val_if_fail (variant != NULL, NULL);
  g_return_val_if_fail (index < variant->questions->len, NULL);

  return g_ptr_array_index (variant->questions, index);
}

/* @text on one line: every run of blanks (newlines, tabs) one space. */
static void
append_one_line (GString    *out,
                 const char *text)
{
  gboolean blank = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          blank = TRUE;
          continue;
        }
      if (blank && out->len > 0 && out->str[out->len - 1] != '\t')
        g_string_append_c (out, ' ');
      blank = FALSE;
      g_string_append_c (out, *p);
    }
}

char *
seqack_quiz_variant_format_key (SeqackQuizVariant *variant)
{
  GString *out;

  g_return_val_if_fail (variant != NULL, NULL);

  out = g_string_new (NULL);
  for (guint i = 0; i < variant->questions->len; i++)
    {
      const SeqackQuizQuestion *q = g_ptr_array_index (variant->questions, i);

      g_string_append_printf (out, "%u\t", q->step + 1);
      append_one_line (out, q->prompt);
      g_string_append_c (out, '\t');
      g_string_append (out, q->answer);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* splitmix64 (Steele, Lea, Flood 2014): a fixed, well-mixed sequence from
 * one 64-bit state, the same on every machine. */
static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

void
seqack_quiz_derive_seeds (guint64  base,
                          guint    n,
                          guint64 *seeds)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash,
                                                 g_int64_equal);
  guint64 state = base;

  g_return_if_fail (n == 0 || seeds != NULL);

  for (guint i = 0; i < n;)
    {
      seeds[i] = 100000 + splitmix64 (&state) % 900000;
      if (g_hash_table_contains (seen, &seeds[i]))
        continue;
      g_hash_table_add (seen, &seeds[i]);
      i++;
    }
}
