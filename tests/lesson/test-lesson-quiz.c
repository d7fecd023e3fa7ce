/* test-lesson-quiz.c: questions are marked against the Trace, right and
 * wrong, with feedback for the classic misconceptions. */
#include "config.h"

#include "lesson-test-util.h"

/* A teacher's quiz with no misconceptions of its own: SeqAck's built-in
 * feedback must still catch the classic mistakes. */
static const char plain_quiz[] =
  "[Lesson]\n"
  "Name=plain\n"
  "Title=Plain quiz\n"
  "[Step 1]\n"
  "Run=server listen;client connect\n"
  "Reveal=segment\n"
  "Question=seq\n"
  "Prompt=Seq of the SYN?\n"
  "Text=SYN Seq={seq}\n"
  "[Step 2]\n"
  "Run=client send hello\n"
  "Reveal=segment server\n"
  "Question=ack\n"
  "Prompt=Ack for hello?\n"
  "Text=ACK Ack={ack}\n"
  "[Step 3]\n"
  "Run=client close\n"
  "Reveal=segment\n"
  "Question=flags\n"
  "Prompt=Flags of the client's FIN?\n"
  "Choices=FIN;RST\n"
  "Text={flags}\n"
  "[Step 4]\n"
  "Reveal=segment\n"
  "Question=state server\n"
  "Prompt=Server state?\n"
  "Choices=CLOSE-WAIT;CLOSE-WAIT;LAST-ACK\n"
  "Text=Server {state.server}\n";

static SeqackLessonFeedback *
answer (SeqackLessonRun *run,
        const char      *text)
{
  g_autoptr(GError) error = NULL;
  SeqackLessonFeedback *feedback;

  feedback = seqack_lesson_run_answer (run, text, &error);
  g_assert_no_error (error);
  g_assert_nonnull (feedback);
  g_assert_cmpint (seqack_lesson_run_get_phase (run), ==,
                   SEQACK_LESSON_PHASE_REVEALED);
  return feedback;
}

/* Lesson 2: right and wrong answers, the "ISN is 1" misconception from
 * the lesson file, and the score. */
static void
test_handshake_quiz (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackLesson) lesson = seqack_lesson_new_builtin ("handshake",
                                                              &error);
  g_autoptr(SeqackLessonRun) run = seqack_lesson_run_new (lesson, NULL);
  g_autoptr(SeqackLessonFeedback) f1 = NULL;
  g_autoptr(SeqackLessonFeedback) f2 = NULL;
  g_autoptr(SeqackLessonFeedback) f3 = NULL;
  g_autoptr(SeqackLessonFeedback) f4 = NULL;
  g_autofree char *isn = NULL;
  SeqackTrace *trace;
  guint correct, asked;

  seqack_lesson_run_set_language (run, "en");
  trace = seqack_lab_get_trace (seqack_lesson_run_get_lab (run));

  /* Step 1: the server's state after listen(). */
  next_question (run);
  g_assert_cmpint (seqack_lesson_run_get_question_kind (run), ==,
                   SEQACK_QUESTION_STATE);
  f1 = answer (run, "listen");
  g_assert_true (f1->correct);
  g_assert_cmpstr (f1->answer, ==, "LISTEN");

  /* Step 2: the SYN's Seq; "1" is the textbook's ISN. */
  next_question (run);
  f2 = answer (run, "1");
  g_assert_false (f2->correct);
  g_assert_cmpstr (f2->expected, ==, "0");
  g_assert_nonnull (f2->message);
  g_assert_nonnull (strstr (f2->message, "RFC 6528"));
  /* The feedback quotes the real ISN, read from the Trace. */
  isn = g_strdup_printf ("%u", seqack_trace_get_event (
                           trace, seqack_lesson_run_get_subject (run))->seq);
  g_assert_nonnull (strstr (f2->message, isn));

  /* Step 3: SYN+ACK's Ack. Answering x (not x+1) is a known mistake. */
  next_question (run);
  f3 = answer (run, "0");
  g_assert_false (f3->correct);
  g_assert_nonnull (strstr (f3->message, "next sequence number"));

  /* Step 4: the client's ACK; right. */
  next_question (run);
  f4 = answer (run, " 1 ");
  g_assert_true (f4->correct);

  seqack_lesson_run_get_score (run, &correct, &asked);
  g_assert_cmpuint (correct, ==, 2);
  g_assert_cmpuint (asked, ==, 4);
}

/* Lesson 4: Seq+1 for a data ACK gets "+ 5 bytes here, not + 1", and the
 * Chinese run says it in Chinese. */
static void
test_data_ack_misconception (void)
{
  const char *const langs[] = { "en", "zh_CN" };

  for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SeqackLesson) lesson = seqack_lesson_new_builtin ("data",
                                                                  &error);
      g_autoptr(SeqackLessonRun) run = seqack_lesson_run_new (lesson, NULL);
      g_autoptr(SeqackLessonFeedback) seq = NULL;
      g_autoptr(SeqackLessonFeedback) wrong = NULL;

      seqack_lesson_run_set_language (run, langs[l]);
      next_question (run);              /* the Seq of "hello" */
      seq = answer (run, "1");
      g_assert_true (seq->correct);

      next_question (run);              /* the server's Ack for it */
      wrong = answer (run, "2");
      g_assert_false (wrong->correct);
      g_assert_cmpstr (wrong->expected, ==, "6");
      if (l == 0)
        g_assert_nonnull (strstr (wrong->message, "+ 5 bytes here, not + 1"));
      else
        g_assert_true (has_cjk (wrong->message));
    }
}

/* A teacher's file without misconceptions: SeqAck still explains "1" for
 * an ISN, Seq+1 for a data ACK and FIN without ACK; choices are cleaned up
 * and always hold the answer. */
static void
test_builtin_misconceptions (void)
{
  g_autoptr(SeqackLesson) lesson = load_lesson (plain_quiz);
  g_autoptr(SeqackLessonRun) run = seqack_lesson_run_new (lesson, NULL);
  g_autoptr(SeqackLessonFeedback) f1 = NULL;
  g_autoptr(SeqackLessonFeedback) f2 = NULL;
  g_autoptr(SeqackLessonFeedback) f3 = NULL;
  g_autoptr(SeqackLessonFeedback) f4 = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) choices = NULL;
  g_auto(GStrv) state_choices = NULL;
  const char *const want_choices[] = { "FIN", "RST", "FIN, ACK", NULL };
  const char *const want_states[] = { "CLOSE-WAIT", "LAST-ACK", NULL };

  next_question (run);
  f1 = answer (run, "1");
  g_assert_false (f1->correct);
  g_assert_nonnull (strstr (f1->message, "RFC 6528"));

  next_question (run);
  f2 = answer (run, "2");
  g_assert_false (f2->correct);
  g_assert_cmpstr (f2->expected, ==, "6");
  g_assert_nonnull (strstr (f2->message, "Ack = Seq + length"));

  next_question (run);
  choices = seqack_lesson_run_get_choices (run, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_equal ((const char *const *) choices, want_choices));
  f3 = answer (run, "FIN");
  g_assert_false (f3->correct);
  g_assert_cmpstr (f3->expected, ==, "FIN, ACK");
  g_assert_nonnull (strstr (f3->message, "FIN, ACK"));

  next_question (run);
  state_choices = seqack_lesson_run_get_choices (run, &error);
  g_assert_true (g_strv_equal ((const char *const *) state_choices,
                               want_states));
  f4 = answer (run, "close_wait");
  g_assert_true (f4->correct);
}

/* Answers in any spelling; nonsense is refused and the question stays. */
static void
test_answer_forms (void)
{
  static const char *const syn_ack[] = {
    "SYN, ACK", "syn+ack", "ACK SYN", "ack/syn", "SYN，ACK",
  };
  guint8 flags;
  SeqackTcpState state;
  guint32 n;

  for (guint i = 0; i < G_N_ELEMENTS (syn_ack); i++)
    {
      g_assert_true (seqack_lesson_parse_flags (syn_ack[i], &flags));
      g_assert_cmpuint (flags, ==, 0x12);
    }
  g_assert_false (seqack_lesson_parse_flags ("SYN, HELLO", &flags));
  g_assert_false (seqack_lesson_parse_flags ("", &flags));

  g_assert_true (seqack_lesson_parse_state ("syn_received", &state));
  g_assert_cmpint (state, ==, SEQACK_TCP_SYN_RECEIVED);
  g_assert_true (seqack_lesson_parse_state ("time wait", &state));
  g_assert_cmpint (state, ==, SEQACK_TCP_TIME_WAIT);
  g_assert_false (seqack_lesson_parse_state ("WAITING", &state));

  g_assert_true (seqack_lesson_parse_number (" 4294967295 ", &n));
  g_assert_cmpuint (n, ==, G_MAXUINT32);
  g_assert_false (seqack_lesson_parse_number ("4294967296", &n));
  g_assert_false (seqack_lesson_parse_number ("-1", &n));
  g_assert_false (seqack_lesson_parse_number ("x+1", &n));

  {
    g_autoptr(SeqackLesson) lesson = load_lesson (plain_quiz);
    g_autoptr(SeqackLessonRun) run = seqack_lesson_run_new (lesson, NULL);
    g_autoptr(GError) error = NULL;
    SeqackLessonFeedback *f;

    next_question (run);
    f = seqack_lesson_run_answer (run, "x+1", &error);
    g_assert_null (f);
    g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);
    g_assert_cmpint (seqack_lesson_run_get_phase (run), ==,
                     SEQACK_LESSON_PHASE_QUESTION);
  }
}

/* With absolute numbers the ISN itself is the answer; the relative 0 is
 * accepted too, and "1" is still wrong. */
static void
test_absolute_answers (void)
{
  g_autoptr(SeqackLesson) lesson = load_lesson (plain_quiz);
  g_autoptr(SeqackLessonRun) run = seqack_lesson_run_new (lesson, NULL);
  g_autoptr(SeqackLessonFeedback) abs = NULL;
  g_autoptr(SeqackLessonFeedback) rel = NULL;
  g_autoptr(SeqackLessonFeedback) one = NULL;
  g_autofree char *expected = NULL;
  SeqackTrace *trace = seqack_lab_get_trace (seqack_lesson_run_get_lab (run));
  guint32 isn;

  seqack_lesson_run_set_absolute (run, TRUE);
  next_question (run);
  isn = seqack_trace_get_event (trace,
                                seqack_lesson_run_get_subject (run))->seq;
  expected = g_strdup_printf ("%u", isn);
  abs = seqack_lesson_run_answer (run, expected, NULL);
  g_assert_true (abs->correct);
  g_assert_cmpstr (abs->expected, ==, expected);

  seqack_lesson_run_restart (run);
  next_question (run);
  rel = seqack_lesson_run_answer (run, "0", NULL);
  g_assert_true (rel->correct);

  seqack_lesson_run_restart (run);
  next_question (run);
  one = seqack_lesson_run_answer (run, "1", NULL);
  g_assert_false (one->correct);
}

/* The run drives a lab the caller owns (the window's), and restart
 * replays the same numbers from the same seed. */
static void
test_caller_lab (void)
{
  g_autoptr(SeqackLesson) lesson = load_lesson (plain_quiz);
  g_autoptr(SeqackLab) lab = NULL;
  g_autoptr(SeqackLessonRun) run = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  SeqackLabConfig config;

  seqack_lab_config_init (&config);
  config.seed = 42;
  lab = seqack_lab_new (&config);
  seqack_lab_listen (lab, SEQACK_SERVER, NULL);
  run = seqack_lesson_run_new (lesson, lab);
  /* The lesson starts from a fresh lab. */
  g_assert_cmpuint (seqack_trace_get_n_events (seqack_lab_get_trace (lab)),
                    ==, 0);
  g_assert_true (seqack_lesson_run_get_lab (run) == lab);

  seqack_lesson_run_set_absolute (run, TRUE);
  next_question (run);
  first = seqack_lesson_run_get_expected (run);
  seqack_lesson_run_restart (run);
  next_question (run);
  again = seqack_lesson_run_get_expected (run);
  g_assert_cmpstr (first, ==, again);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lesson/quiz/handshake", test_handshake_quiz);
  g_test_add_func ("/lesson/quiz/data-ack-seq-plus-one",
                   test_data_ack_misconception);
  g_test_add_func ("/lesson/quiz/builtin-misconceptions",
                   test_builtin_misconceptions);
  g_test_add_func ("/lesson/quiz/answer-forms", test_answer_forms);
  g_test_add_func ("/lesson/quiz/absolute", test_absolute_answers);
  g_test_add_func ("/lesson/quiz/caller-lab", test_caller_lab);

  return g_test_run ();
}
