/* test-lesson-flow.c: the flow-control lessons ("The sliding window",
 * "Retransmission and the RTO") ask what the Trace says: each answer is
 * worked out here again from the segments themselves (free buffer space,
 * RFC 6298's formulas on the measured round trips, the lost segment's
 * Seq), and matches the lesson's, for several seeds. */
#include "config.h"

#include "lesson-test-util.h"
#include "seqack-tcp-header.h"

static SeqackTrace *
trace_of (SeqackLessonRun *run)
{
  return seqack_lab_get_trace (seqack_lesson_run_get_lab (run));
}

/* A built-in lesson on a lab with @seed (so other ISNs and ports). */
static SeqackLessonRun *
start_run (const char *name,
           guint64     seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackLesson) lesson = seqack_lesson_new_builtin (name, &error);
  SeqackLabConfig config;

  g_assert_no_error (error);
  seqack_lab_config_init (&config);
  config.seed = seed;
  return seqack_lesson_run_new (lesson, seqack_lab_new (&config));
}

static void
finish_run (SeqackLessonRun *run)
{
  SeqackLab *lab = seqack_lesson_run_get_lab (run);

  seqack_lesson_run_free (run);
  seqack_lab_free (lab);
}

/* The answer as a number. */
static guint32
expected_number (SeqackLessonRun *run)
{
  g_autofree char *expected = seqack_lesson_run_get_expected (run);

  return (guint32) g_ascii_strtoull (expected, NULL, 10);
}

/* Answers @answer and returns whether it was right. */
static gboolean
answer_is_right (SeqackLessonRun *run,
                 guint32          answer,
                 gboolean        *explained)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup_printf ("%u", answer);
  SeqackLessonFeedback *feedback;
  gboolean right;

  feedback = seqack_lesson_run_answer (run, text, &error);
  g_assert_no_error (error);
  right = feedback->correct;
  if (explained != NULL)
    *explained = feedback->message != NULL;
  seqack_lesson_feedback_free (feedback);
  return right;
}

/* The receive buffer the lesson set (set rcvbuf N). */
static guint32
lesson_rcvbuf (SeqackTrace *trace)
{
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);

      if (e->kind == SEQACK_EVENT_ACTION &&
          e->from == SEQACK_ACTION_SET_RCVBUF)
        return e->number;
    }
  g_assert_not_reached ();
}

/* Bytes @side's application read among events [0, @end). */
static guint64
bytes_read (SeqackTrace *trace,
            SeqackSide   side,
            guint        end)
{
  guint64 n = 0;

  for (guint i = 0; i < end; i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);
      if (e->kind == SEQACK_EVENT_DATA && e->side == side)
        n += e->number;
    }
  return n;
}

static void
test_sliding_window (gconstpointer data)
{
  guint64 seed = GPOINTER_TO_UINT (data);
  SeqackLessonRun *run = start_run ("sliding-window", seed);
  SeqackTrace *trace = trace_of (run);
  guint windows = 0, probes = 0;
  gboolean saw_closed = FALSE;

  for (;;)
    {
      const SeqackEvent *e;
      SeqackQuestionKind kind;
      guint subject;

      next_question (run);
      if (seqack_lesson_run_get_phase (run) == SEQACK_LESSON_PHASE_FINISHED)
        break;
      kind = seqack_lesson_run_get_question_kind (run);
      subject = seqack_lesson_run_get_subject (run);
      e = seqack_trace_get_event (trace, subject);

      if (kind == SEQACK_QUESTION_WIN)
        {
          guint32 rcvbuf = lesson_rcvbuf (trace);
          /* Bytes the server holds: received in order (Ack - 1), less
           * what its application read. */
          guint64 held = seqack_trace_relative_ack (trace, subject) - 1 -
                         bytes_read (trace, SEQACK_SERVER, subject);
          gboolean explained = FALSE;

          g_assert_cmpint (e->side, ==, SEQACK_SERVER);
          g_assert_cmpuint (expected_number (run), ==, rcvbuf - held);
          g_assert_cmpuint (expected_number (run), ==, e->window);
          if (e->window == 0)
            saw_closed = TRUE;
          /* The buffer's size is the classic wrong answer, explained. */
          if (e->window != rcvbuf)
            {
              g_assert_false (answer_is_right (run, rcvbuf, &explained));
              g_assert_true (explained);
            }
          else
            g_assert_true (answer_is_right (run, rcvbuf, NULL));
          windows++;
        }
      else
        {
          g_assert_cmpint (kind, ==, SEQACK_QUESTION_LEN);
          /* A closed window: the sender stops, then probes one byte. */
          g_assert_true (saw_closed);
          g_assert_cmpint (e->side, ==, SEQACK_CLIENT);
          g_assert_true (e->edge & SEQACK_WHY_WINDOW_PROBE);
          g_assert_cmpuint (expected_number (run), ==, e->number);
          g_assert_cmpuint (e->number, ==, 1);
          g_assert_true (answer_is_right (run, e->number, NULL));
          probes++;
        }
    }
  g_assert_cmpuint (windows, ==, 3);
  g_assert_cmpuint (probes, ==, 1);
  finish_run (run);
}

/* RFC 6298 (2.2) and (2.3) on @r (µs), as the test computes them. */
typedef struct
{
  gboolean measured;
  double   srtt, rttvar;
} Rtt;

static void
rtt_sample (Rtt    *rtt,
            double  r)
{
  if (!rtt->measured)
    {
      rtt->srtt = r;
      rtt->rttvar = r / 2;
      rtt->measured = TRUE;
      return;
    }
  rtt->rttvar = 0.75 * rtt->rttvar + 0.25 * ABS (rtt->srtt - r);
  rtt->srtt = 0.875 * rtt->srtt + 0.125 * r;
}

static guint32
rto_ms (const Rtt *rtt)
{
  return (guint32) (MAX (1e6, rtt->srtt + 4 * rtt->rttvar) / 1000 + 0.5);
}

/* The first segment from @side at or after @from that covers sequence
 * number @seq (absolute) and is not a retransmission, or G_MAXUINT. */
static guint
first_sent (SeqackTrace *trace,
            SeqackSide   side,
            guint32      seq,
            guint        end)
{
  for (guint i = 0; i < end; i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);

      if (e->kind == SEQACK_EVENT_SEGMENT && e->side == side &&
          e->seq == seq && !(e->marks & SEQACK_MARK_RETRANSMISSION))
        return i;
    }
  return G_MAXUINT;
}

static void
test_retransmission (gconstpointer data)
{
  guint64 seed = GPOINTER_TO_UINT (data);
  SeqackLessonRun *run = start_run ("retransmission", seed);
  SeqackTrace *trace = trace_of (run);
  Rtt rtt = { FALSE, 0, 0 };
  guint32 last_rto = 0;
  guint rto_questions = 0, lost_seq_questions = 0;

  for (;;)
    {
      SeqackQuestionKind kind;
      guint start, end;

      next_question (run);
      if (seqack_lesson_run_get_phase (run) == SEQACK_LESSON_PHASE_FINISHED)
        break;
      kind = seqack_lesson_run_get_question_kind (run);
      seqack_lesson_run_get_step_range (run, &start, &end);

      if (kind == SEQACK_QUESTION_RTO && rto_questions == 0)
        {
          /* Two timed round trips: the SYN's and "hello"'s, each from
           * the client's send to the answer's arrival. */
          guint samples = 0;

          for (guint i = 0; i < end && samples < 2; i++)
            {
              const SeqackEvent *e = seqack_trace_get_event (trace, i);

              if (e->kind == SEQACK_EVENT_SEGMENT &&
                  e->side == SEQACK_CLIENT &&
                  (e->number > 0 || (e->flags & SEQACK_TCP_SYN)))
                {
                  guint32 next = e->seq + e->number +
                                 ((e->flags & SEQACK_TCP_SYN) ? 1 : 0);

                  for (guint j = i + 1; j < end; j++)
                    {
                      const SeqackEvent *a = seqack_trace_get_event (trace,
                                                                     j);

                      if (a->kind == SEQACK_EVENT_SEGMENT &&
                          a->side == SEQACK_SERVER && a->ack == next)
                        {
                          rtt_sample (&rtt, (double) (a->t2 - e->t));
                          samples++;
                          break;
                        }
                    }
                }
            }
          g_assert_cmpuint (samples, ==, 2);
          last_rto = rto_ms (&rtt);
          g_assert_cmpuint (expected_number (run), ==, last_rto);
          /* Above the 1 s floor, so the formula, not the floor, speaks. */
          g_assert_cmpuint (last_rto, >, 1000);
          g_assert_false (answer_is_right (run, 1000, NULL));
          rto_questions++;
        }
      else if (kind == SEQACK_QUESTION_RTO)
        {
          /* The retransmission: it left one RTO after the original, and
           * the timer now runs twice as long (RFC 6298 (5.5)). */
          guint subject = seqack_lesson_run_get_subject (run);
          const SeqackEvent *again = seqack_trace_get_event (trace, subject);
          guint first = first_sent (trace, SEQACK_CLIENT, again->seq, subject);
          const SeqackEvent *lost = seqack_trace_get_event (trace, first);

          g_assert_true (again->marks & SEQACK_MARK_RETRANSMISSION);
          g_assert_cmpint (lost->fate, ==, SEQACK_FATE_LOST);
          g_assert_cmpint ((again->t - lost->t + 500) / 1000, ==, last_rto);
          g_assert_cmpuint (expected_number (run), ==, 2 * last_rto);
          g_assert_false (answer_is_right (run, last_rto, NULL));
          rto_questions++;
        }
      else
        {
          /* The lost segment of a flight: the server repeats its Seq as
           * the Ack, and the client resends it after three of those. */
          guint subject = seqack_lesson_run_get_subject (run);
          const SeqackEvent *e = seqack_trace_get_event (trace, subject);
          guint lost = G_MAXUINT;
          guint dups = 0;

          for (guint i = subject; i-- > 0 && lost == G_MAXUINT;)
            {
              const SeqackEvent *s = seqack_trace_get_event (trace, i);

              if (s->kind == SEQACK_EVENT_SEGMENT &&
                  s->side == SEQACK_CLIENT && s->fate == SEQACK_FATE_LOST)
                lost = i;
            }
          g_assert_cmpuint (lost, !=, G_MAXUINT);

          if (kind == SEQACK_QUESTION_ACK)
            {
              g_assert_true (e->edge & SEQACK_WHY_DUP_ACK);
              g_assert_cmpuint (e->ack, ==,
                                seqack_trace_get_event (trace, lost)->seq);
              g_assert_cmpuint (expected_number (run), ==,
                                seqack_trace_relative_seq (trace, lost));
            }
          else
            {
              g_assert_cmpint (kind, ==, SEQACK_QUESTION_SEQ);
              g_assert_true (e->edge & SEQACK_WHY_FAST_RETRANSMISSION);
              g_assert_cmpuint (e->seq, ==,
                                seqack_trace_get_event (trace, lost)->seq);
              g_assert_cmpuint (expected_number (run), ==,
                                seqack_trace_relative_seq (trace, lost));
              for (guint i = lost; i < subject; i++)
                {
                  const SeqackEvent *d = seqack_trace_get_event (trace, i);

                  if (d->kind == SEQACK_EVENT_SEGMENT &&
                      d->side == SEQACK_SERVER &&
                      (d->edge & SEQACK_WHY_DUP_ACK) && d->t2 <= e->t)
                    dups++;
                }
              g_assert_cmpuint (dups, ==, 3);
            }
          g_assert_true (answer_is_right (run, expected_number (run), NULL));
          lost_seq_questions++;
        }
    }
  g_assert_cmpuint (rto_questions, ==, 2);
  g_assert_cmpuint (lost_seq_questions, ==, 2);
  finish_run (run);
}

/* The new question kinds parse, and a bad one is named. */
static void
test_question_kinds (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackLesson) lesson = NULL;

  lesson = load_lesson ("[Lesson]\nName=t\nTitle=T\n[Step 1]\n"
                        "Run=server listen;client connect\nQuestion=rto "
                        "client\nPrompt=P\nText=RTO {rto.client.ms} ms, "
                        "SRTT {srtt.client.ms}, buffer {rcvbuf.server}\n"
                        "[Step 2]\nRun=client send hi\nReveal=segment "
                        "server\nQuestion=win\nPrompt=P\nText=T\n");
  g_assert_cmpint (seqack_lesson_get_step_question (lesson, 0)->kind, ==,
                   SEQACK_QUESTION_RTO);
  g_assert_cmpint (seqack_lesson_get_step_question (lesson, 0)->side, ==,
                   SEQACK_CLIENT);
  g_assert_cmpint (seqack_lesson_get_step_question (lesson, 1)->kind, ==,
                   SEQACK_QUESTION_WIN);
  g_assert_true (seqack_question_kind_is_number (SEQACK_QUESTION_WIN));
  g_assert_true (seqack_question_kind_is_about_side (SEQACK_QUESTION_RTO));
  g_assert_false (seqack_question_kind_is_about_side (SEQACK_QUESTION_WIN));

  g_assert_null (seqack_lesson_new_from_data ("[Lesson]\nName=t\nTitle=T\n"
                                              "[Step 1]\nQuestion=rto "
                                              "nobody\nPrompt=P\nText=T\n",
                                              -1, "bad.lesson", &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);
  g_assert_nonnull (strstr (error->message, "rto client"));
}

/* {srtt.client.ms} before any round trip is an error, not a number. */
static void
test_no_rtt_yet (void)
{
  g_autoptr(SeqackLesson) lesson = load_lesson (
    "[Lesson]\nName=t\nTitle=T\n[Step 1]\nRun=server listen\n"
    "Text=SRTT {srtt.client.ms}\n");
  SeqackLessonRun *run = seqack_lesson_run_new (lesson, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_assert_true (seqack_lesson_run_next (run, &error));
  g_assert_no_error (error);
  text = seqack_lesson_run_get_text (run, &error);
  g_assert_null (text);
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND);
  seqack_lesson_run_free (run);
}

int
main (int argc, char **argv)
{
  static const guint seeds[] = { 1, 9, 417230 };

  g_test_init (&argc, &argv, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      g_autofree char *a = g_strdup_printf ("/lesson/flow/sliding-window/%u",
                                            seeds[i]);
      g_autofree char *b = g_strdup_printf ("/lesson/flow/retransmission/%u",
                                            seeds[i]);

      g_test_add_data_func (a, GUINT_TO_POINTER (seeds[i]),
                            test_sliding_window);
      g_test_add_data_func (b, GUINT_TO_POINTER (seeds[i]),
                            test_retransmission);
    }
  g_test_add_func ("/lesson/flow/question-kinds", test_question_kinds);
  g_test_add_func ("/lesson/flow/no-rtt-yet", test_no_rtt_yet);
  return g_test_run ();
}
