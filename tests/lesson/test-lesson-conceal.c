/* test-lesson-conceal.c: while a question of a built-in lesson waits,
 * nothing the lesson lets the window show gives its answer away: not the
 * segment asked about, not the state change that answers it, not an edge
 * of the state machine that names it, not the step's title or prompt;
 * and the closing words match the score. */
#include "config.h"

#include "lesson-test-util.h"
#include "seqack-tcp-header.h"

/* Flag names (and words that mean them) a title must not use when they
 * are the answer. */
static const struct
{
  guint8      flag;
  const char *words[6];
} flag_words[] = {
  { SEQACK_TCP_SYN, { "SYN", "synchroni", "同步", NULL } },
  { SEQACK_TCP_ACK, { "ACK", "acknowledg", "确认", NULL } },
  { SEQACK_TCP_FIN, { "FIN", "finish", NULL } },
  { SEQACK_TCP_RST, { "RST", "reset", "refus", "says no", "复位", "拒绝" } },
  { SEQACK_TCP_PSH, { "PSH", "push", NULL } },
  { SEQACK_TCP_URG, { "URG", "urgent", NULL } },
};

/* Words that name a state, besides its name: a title must not use them
 * when the state is the answer ("The server listens", "Both sides
 * established", "服务器关闭"). */
static const struct
{
  SeqackTcpState state;
  const char    *words[6];
} state_words[] = {
  { SEQACK_TCP_CLOSED, { "closed", "关闭", NULL } },
  { SEQACK_TCP_LISTEN, { "listen", "监听", "侦听", NULL } },
  { SEQACK_TCP_SYN_SENT, { "SYN-SENT", "SYN_SENT", "SYN SENT", NULL } },
  { SEQACK_TCP_SYN_RECEIVED, { "RCVD", "received", "SYN_RECV", "收到",
                               NULL } },
  { SEQACK_TCP_ESTABLISHED, { "establish", "建立", NULL } },
  { SEQACK_TCP_FIN_WAIT_1, { "FIN-WAIT", "FIN_WAIT", NULL } },
  { SEQACK_TCP_FIN_WAIT_2, { "FIN-WAIT", "FIN_WAIT", NULL } },
  { SEQACK_TCP_CLOSE_WAIT, { "CLOSE-WAIT", "CLOSE_WAIT", NULL } },
  { SEQACK_TCP_CLOSING, { "closing", NULL } },
  { SEQACK_TCP_LAST_ACK, { "LAST-ACK", "LAST_ACK", "last ack", NULL } },
  { SEQACK_TCP_TIME_WAIT, { "TIME-WAIT", "TIME_WAIT", "time wait", NULL } },
};

/* Case-insensitive: does @text contain @word? */
static gboolean
contains_word (const char *text,
               const char *word)
{
  g_autofree char *t = g_utf8_casefold (text, -1);
  g_autofree char *w = g_utf8_casefold (word, -1);

  return strstr (t, w) != NULL;
}

/* Does @text hold @number as a whole number (not inside a longer one)? */
static gboolean
contains_number (const char *text,
                 guint32     number)
{
  g_autofree char *n = g_strdup_printf ("%u", number);
  gsize len = strlen (n);

  for (const char *p = strstr (text, n); p != NULL; p = strstr (p + 1, n))
    if ((p == text || !g_ascii_isdigit (p[-1])) && !g_ascii_isdigit (p[len]))
      return TRUE;
  return FALSE;
}

/* The words that would give the current question's answer away, from
 * the answer itself (the Trace's, in both numberings). */
static GPtrArray *
forbidden_words (SeqackLessonRun *run)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *expected = seqack_lesson_run_get_expected (run);
  SeqackTrace *trace = seqack_lab_get_trace (seqack_lesson_run_get_lab (run));
  guint subject = seqack_lesson_run_get_subject (run);
  const SeqackEvent *e = subject != G_MAXUINT
                         ? seqack_trace_get_event (trace, subject) : NULL;
  SeqackTcpState state;
  guint8 flags;

  switch (seqack_lesson_run_get_question_kind (run))
    {
    case SEQACK_QUESTION_STATE:
      g_assert_true (seqack_lesson_parse_state (expected, &state));
      g_ptr_array_add (words, g_strdup (seqack_tcp_state_name (state)));
      for (guint i = 0; i < G_N_ELEMENTS (state_words); i++)
        if (state_words[i].state == state)
          for (guint j = 0; j < 6 && state_words[i].words[j]; j++)
            g_ptr_array_add (words, g_strdup (state_words[i].words[j]));
      break;
    case SEQACK_QUESTION_FLAGS:
      g_assert_true (seqack_lesson_parse_flags (expected, &flags));
      for (guint i = 0; i < G_N_ELEMENTS (flag_words); i++)
        if (flags & flag_words[i].flag)
          for (guint j = 0; j < 6 && flag_words[i].words[j]; j++)
            g_ptr_array_add (words, g_strdup (flag_words[i].words[j]));
      break;
    case SEQACK_QUESTION_SEQ:
      g_ptr_array_add (words, g_strdup_printf ("#%u", e->seq));
      g_ptr_array_add (words,
                       g_strdup_printf ("#%u", seqack_trace_relative_seq (
                                                 trace, subject)));
      break;
    case SEQACK_QUESTION_ACK:
      g_ptr_array_add (words, g_strdup_printf ("#%u", e->ack));
      g_ptr_array_add (words,
                       g_strdup_printf ("#%u", seqack_trace_relative_ack (
                                                 trace, subject)));
      break;
    case SEQACK_QUESTION_LEN:
      g_ptr_array_add (words, g_strdup_printf ("#%u", e->number));
      break;
    case SEQACK_QUESTION_WIN:
      g_ptr_array_add (words, g_strdup_printf ("#%u", e->window));
      break;
    case SEQACK_QUESTION_RTO:
      g_ptr_array_add (words, g_strdup_printf ("#%s", expected));
      break;
    default:
      g_assert_not_reached ();
    }
  return words;
}

/* Fails when @text uses one of @words ("#N": the number N). */
static void
assert_gives_nothing_away (const char *where,
                           const char *what,
                           const char *text,
                           GPtrArray  *words)
{
  for (guint i = 0; i < words->len; i++)
    {
      const char *w = g_ptr_array_index (words, i);
      gboolean found = w[0] == '#'
                       ? contains_number (text,
                                          (guint32) g_ascii_strtoull (w + 1,
                                                                      NULL,
                                                                      10))
                       : contains_word (text, w);

      if (found)
        g_error ("%s: the %s “%s” gives the answer away (“%s”)", where,
                 what, text, w + (w[0] == '#'));
    }
}

/* The last STATE event of @side among events [@from, @to), or G_MAXUINT. */
static guint
last_state_in (SeqackTrace *trace,
               SeqackSide   side,
               guint        from,
               guint        to)
{
  for (guint i = to; i-- > from;)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);

      if (e->kind == SEQACK_EVENT_STATE && e->side == side)
        return i;
    }
  return G_MAXUINT;
}

/* One question of a built-in lesson, before and after its answer. */
static void
check_question (const char      *where,
                SeqackLessonRun *run)
{
  SeqackTrace *trace = seqack_lab_get_trace (seqack_lesson_run_get_lab (run));
  SeqackQuestionKind kind = seqack_lesson_run_get_question_kind (run);
  const SeqackQuestion *q;
  SeqackLessonConcealed c;
  g_autofree char *expected = seqack_lesson_run_get_expected (run);
  char label[48];
  guint start, end;

  q = seqack_lesson_get_step_question (seqack_lesson_run_get_lesson (run),
                                       seqack_lesson_run_get_step (run));
  seqack_lesson_run_get_step_range (run, &start, &end);
  g_assert_true (seqack_lesson_run_get_concealed (run, &c));
  g_assert_cmpuint (c.first, ==, seqack_lesson_run_get_visible_end (run));
  g_assert_cmpuint (c.first, >=, start);
  g_assert_cmpuint (c.first, <, end);
  g_assert_cmpint (c.time, ==, seqack_trace_get_event (trace, c.first)->t);
  /* SND.NXT is the next Seq, RCV.NXT the next Ack. */
  g_assert_cmpint (c.vars, ==, kind == SEQACK_QUESTION_SEQ ||
                               kind == SEQACK_QUESTION_ACK);

  if (kind == SEQACK_QUESTION_RTO)
    {
      guint32 answer = (guint32) g_ascii_strtoull (expected, NULL, 10);

      g_assert_cmpuint (c.segment, ==, G_MAXUINT);
      /* Neither the variables shown nor a retransmission timer set
       * before the hidden end says the answer yet. */
      for (guint i = start; i < c.first; i++)
        {
          const SeqackEvent *e = seqack_trace_get_event (trace, i);
          SeqackTcpVars vars;

          if (seqack_trace_get_vars (trace, i, q->side, &vars) &&
              (vars.rto + 500) / 1000 == answer &&
              !(i > 0 && seqack_trace_get_vars (trace, start - 1, q->side,
                                                &vars) &&
                (vars.rto + 500) / 1000 == answer))
            g_error ("%s: event %u shows the RTO %u ms", where, i, answer);
          if (e->kind == SEQACK_EVENT_TIMER && e->side == q->side &&
              e->from == SEQACK_TCP_TIMER_RETRANSMIT &&
              e->to == SEQACK_TIMER_SET &&
              (guint32) ((e->t2 - e->t + 500) / 1000) == answer)
            g_error ("%s: timer event %u shows the RTO %u ms", where, i,
                     answer);
        }
    }
  else if (kind == SEQACK_QUESTION_STATE)
    {
      SeqackTcpState answer;

      g_assert_true (seqack_lesson_parse_state (expected, &answer));
      g_assert_cmpuint (c.segment, ==, G_MAXUINT);
      /* The answer is the side's last change in the step, and hidden. */
      g_assert_cmpuint (c.state, ==, last_state_in (trace, q->side, start,
                                                     end));
      g_assert_cmpuint (c.state, >=, c.first);
      g_assert_cmpint (seqack_trace_get_event (trace, c.state)->to, ==,
                       answer);
      /* Neither side shows the answer's state yet: not the asked side,
       * nor the other one by symmetry (simultaneous open and close). */
      for (guint i = start; i < c.first; i++)
        {
          const SeqackEvent *e = seqack_trace_get_event (trace, i);

          if (e->kind != SEQACK_EVENT_STATE)
            continue;
          if (e->side == q->side || e->to == answer)
            g_error ("%s: event %u (%s %s) is shown before the answer", where,
                     i, seqack_side_name (e->side),
                     seqack_tcp_state_name (e->to));
        }
    }
  else
    {
      const SeqackEvent *subject;
      guint8 flags = 0;

      g_assert_cmpuint (c.segment, ==, seqack_lesson_run_get_subject (run));
      g_assert_cmpuint (c.segment, >=, c.first);
      subject = seqack_trace_get_event (trace, c.segment);
      g_assert_cmpint (subject->kind, ==, SEQACK_EVENT_SEGMENT);
      if (kind == SEQACK_QUESTION_FLAGS)
        g_assert_true (seqack_lesson_parse_flags (expected, &flags));

      /* The state change the sender makes as it sends (its edge reads
       * "active OPEN / snd SYN") is hidden with the segment. */
      for (guint i = c.segment; i-- > start;)
        {
          const SeqackEvent *e = seqack_trace_get_event (trace, i);

          if (e->t != subject->t || e->kind == SEQACK_EVENT_SEGMENT)
            break;
          if (e->kind == SEQACK_EVENT_STATE && e->side == subject->side)
            {
              g_assert_cmpuint (c.state, ==, i);
              g_assert_cmpuint (i, >=, c.first);
              break;
            }
        }

      /* No edge taken in this step and still shown names the answer. */
      seqack_tcp_flags_to_string (flags, label);
      for (guint i = start; flags != 0 && i < c.first; i++)
        {
          const SeqackEvent *e = seqack_trace_get_event (trace, i);
          g_autofree char *snd = NULL;
          GString *compact;

          if (e->kind != SEQACK_EVENT_STATE || e->edge == SEQACK_TCP_EDGE_NONE)
            continue;
          /* Edges write "snd SYN,ACK"; the answer reads "SYN, ACK". */
          compact = g_string_new ("snd ");
          for (const char *p = label; *p != '\0'; p++)
            if (*p != ' ')
              g_string_append_c (compact, *p);
          snd = g_string_free (compact, FALSE);
          if (strstr (seqack_tcp_edge_info (e->edge)->label, snd) != NULL)
            g_error ("%s: the lit edge “%s” names the answer", where,
                     seqack_tcp_edge_info (e->edge)->label);
        }
    }

  /* The prompt, shown with the question, names no answer either (the
   * choices do, by design). */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *prompt = seqack_lesson_run_get_prompt (run, &error);

    g_assert_no_error (error);
    if (kind == SEQACK_QUESTION_FLAGS)
      {
        if (strchr (expected, ',') != NULL && contains_word (prompt, expected))
          g_error ("%s: the prompt “%s” names the answer", where, prompt);
      }
    else
      {
        g_autoptr(GPtrArray) words = forbidden_words (run);

        /* A state by its name, in capitals: "calls listen()" names the
         * call that the question is about, not the state. */
        if (kind == SEQACK_QUESTION_STATE)
          {
            if (strstr (prompt, g_ptr_array_index (words, 0)) != NULL)
              g_error ("%s: the prompt “%s” names the answer", where,
                       prompt);
          }
        else
          assert_gives_nothing_away (where, "prompt", prompt, words);
      }
  }

  seqack_lesson_run_reveal (run);
  g_assert_false (seqack_lesson_run_get_concealed (run, &c));
  g_assert_cmpuint (c.first, ==, G_MAXUINT);
  g_assert_false (c.vars);
  g_assert_cmpuint (seqack_lesson_run_get_visible_end (run), ==, end);
}

/* How many questions the built-in lessons ask, from their files. */
static guint
count_builtin_questions (void)
{
  const char *const *names = seqack_lesson_builtin_names ();
  guint count = 0;

  for (guint n = 0; names[n] != NULL; n++)
    {
      g_autoptr(SeqackLesson) lesson = seqack_lesson_new_builtin (names[n],
                                                                  NULL);

      for (guint i = 0; i < seqack_lesson_get_n_steps (lesson); i++)
        count += seqack_lesson_get_step_question (lesson, i)->kind !=
                 SEQACK_QUESTION_NONE;
    }
  /* Lesson 1 asks five, the others at least three each. */
  g_assert_cmpuint (count, >=, 5 + 7 * 3);
  return count;
}

/* Every question of every built-in lesson, in relative and absolute
 * numbers: the concealed set hides its answer, and only until it is
 * revealed. */
static void
test_builtin_concealed (void)
{
  const char *const *names = seqack_lesson_builtin_names ();
  guint questions = 0;

  for (guint n = 0; names[n] != NULL; n++)
    for (int absolute = 0; absolute < 2; absolute++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(SeqackLesson) lesson = NULL;
        g_autoptr(SeqackLessonRun) run = NULL;

        lesson = seqack_lesson_new_builtin (names[n], &error);
        g_assert_no_error (error);
        run = seqack_lesson_run_new (lesson, NULL);
        seqack_lesson_run_set_absolute (run, absolute);

        for (;;)
          {
            SeqackLessonConcealed c;

            next_question (run);
            if (seqack_lesson_run_get_phase (run) ==
                SEQACK_LESSON_PHASE_FINISHED)
              break;
            {
              g_autofree char *where =
                g_strdup_printf ("%s [%s]%s", names[n],
                                 seqack_lesson_get_step_group (
                                   lesson, seqack_lesson_run_get_step (run)),
                                 absolute ? " (absolute)" : "");

              check_question (where, run);
            }
            g_assert_false (seqack_lesson_run_get_concealed (run, &c));
            questions++;
          }
      }

  g_assert_cmpuint (questions, ==, 2 * count_builtin_questions ());
}

/* Step titles are shown with the question: in English and Chinese, none
 * may use the answer's state name, flags or number, or a word meaning
 * them. */
static void
test_builtin_titles (void)
{
  static const char *const langs[] = { "en", "zh_CN" };
  const char *const *names = seqack_lesson_builtin_names ();
  guint checked = 0;

  for (guint n = 0; names[n] != NULL; n++)
    for (guint l = 0; l < G_N_ELEMENTS (langs); l++)
      {
        g_autoptr(GError) error = NULL;
        g_autoptr(SeqackLesson) lesson = NULL;
        g_autoptr(SeqackLessonRun) run = NULL;

        lesson = seqack_lesson_new_builtin (names[n], &error);
        g_assert_no_error (error);
        run = seqack_lesson_run_new (lesson, NULL);
        seqack_lesson_run_set_language (run, langs[l]);

        for (next_question (run);
             seqack_lesson_run_get_phase (run) != SEQACK_LESSON_PHASE_FINISHED;
             next_question (run))
          {
            g_autoptr(GPtrArray) words = forbidden_words (run);
            g_autofree char *title = seqack_lesson_run_get_title (run);
            g_autofree char *where =
              g_strdup_printf ("%s [%s] %s", names[n],
                               seqack_lesson_get_step_group (
                                 lesson, seqack_lesson_run_get_step (run)),
                               langs[l]);

            assert_gives_nothing_away (where, "title", title, words);
            if (l == 1 && !has_cjk (title) &&
                strchr (title, ' ') != NULL)
              g_error ("%s: title “%s” is not translated", where, title);
            checked++;
          }
      }
  g_assert_cmpuint (checked, ==, 2 * count_builtin_questions ());
}

/* The checker itself: the titles the issue found answer their own
 * questions. */
static void
test_forbidden_words_catch (void)
{
  static const char quiz[] =
    "[Lesson]\nName=t\nTitle=T\n"
    "[Step 1]\nTitle=Back to LISTEN\nRun=server listen\nReveal=none\n"
    "Question=state server\nPrompt=State?\nText=.\n"
    "[Step 2]\nTitle=The client says no\n"
    "Run=client connect\nReveal=segment\nQuestion=flags\nPrompt=Flags?\n"
    "Text=.\n";
  g_autoptr(SeqackLesson) lesson = load_lesson (quiz);
  g_autoptr(SeqackLessonRun) run = seqack_lesson_run_new (lesson, NULL);
  g_autoptr(GPtrArray) words = NULL;
  g_autofree char *title = NULL;

  next_question (run);
  words = forbidden_words (run);
  title = seqack_lesson_run_get_title (run);
  g_assert_true (contains_word (title, g_ptr_array_index (words, 0)));
  g_assert_true (contains_word ("The server listens", "listen"));
  g_assert_true (contains_word ("服务器监听", "监听"));
  g_assert_true (contains_number ("Ack=43 now", 43));
  g_assert_false (contains_number ("Ack=431", 43));
  g_assert_false (contains_number ("1043", 43));
}

static void
finish (SeqackLessonRun *run,
        const char      *answers[],
        char           **title,
        char           **text)
{
  for (guint i = 0;; i++)
    {
      next_question (run);
      if (seqack_lesson_run_get_phase (run) == SEQACK_LESSON_PHASE_FINISHED)
        break;
      if (answers[i] == NULL)
        seqack_lesson_run_reveal (run);
      else
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(SeqackLessonFeedback) f = NULL;

          f = seqack_lesson_run_answer (run, answers[i], &error);
          g_assert_no_error (error);
        }
    }
  seqack_lesson_run_get_closing (run, title, text);
}

/* "Well done" only for a full score; 1 of 5 is sent back to the lesson. */
static void
test_closing_matches_score (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackLesson) lesson = seqack_lesson_new_builtin ("handshake",
                                                              &error);
  g_autoptr(SeqackLessonRun) run = NULL;
  const char *all_right[] = { "LISTEN", "0", "1", "1", "ESTABLISHED" };
  const char *one_right[] = { "LISTEN", "1", "0", NULL, "SYN-SENT" };
  const char *three_right[] = { "LISTEN", "0", "1", "0", NULL };
  const char *none[] = { NULL, NULL, NULL, NULL, NULL };
  char *title, *text;
  guint correct, asked;

  g_assert_no_error (error);
  run = seqack_lesson_run_new (lesson, NULL);
  seqack_lesson_run_set_language (run, "en");

  finish (run, all_right, &title, &text);
  seqack_lesson_run_get_score (run, &correct, &asked);
  g_assert_cmpuint (correct, ==, 5);
  g_assert_cmpstr (title, ==, "Well done");
  g_assert_nonnull (strstr (text, "5 of 5"));
  g_free (title);
  g_free (text);

  seqack_lesson_run_restart (run);
  finish (run, one_right, &title, &text);
  seqack_lesson_run_get_score (run, &correct, &asked);
  g_assert_cmpuint (correct, ==, 1);
  g_assert_cmpuint (asked, ==, 5);
  g_assert_cmpstr (title, ==, "Worth another try");
  g_assert_nonnull (strstr (text, "1 of 5"));
  g_assert_null (strstr (text, "Well done"));
  g_free (title);
  g_free (text);

  seqack_lesson_run_restart (run);
  finish (run, three_right, &title, &text);
  g_assert_cmpstr (title, ==, "Good work");
  g_assert_nonnull (strstr (text, "3 of 5"));
  g_free (title);
  g_free (text);

  /* Skipping everything scores nothing. */
  seqack_lesson_run_restart (run);
  finish (run, none, &title, &text);
  g_assert_cmpstr (title, ==, "Worth another try");
  g_assert_nonnull (strstr (text, "0 of 5"));
  g_free (title);
  g_free (text);

}

/* A lesson that asks nothing ends without a verdict. */
static void
test_closing_without_questions (void)
{
  g_autoptr(SeqackLesson) lesson =
    load_lesson ("[Lesson]\nName=t\nTitle=T\n[Step 1]\n"
                 "Run=server listen\nText=Listening.\n");
  g_autoptr(SeqackLessonRun) run = seqack_lesson_run_new (lesson, NULL);
  const char *none[] = { NULL };
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  finish (run, none, &title, &text);
  g_assert_cmpstr (title, ==, "Lesson finished");
  g_assert_null (strstr (text, "0 of 0"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lesson/conceal/builtin", test_builtin_concealed);
  g_test_add_func ("/lesson/conceal/titles", test_builtin_titles);
  g_test_add_func ("/lesson/conceal/forbidden-words",
                   test_forbidden_words_catch);
  g_test_add_func ("/lesson/closing/score", test_closing_matches_score);
  g_test_add_func ("/lesson/closing/no-questions",
                   test_closing_without_questions);

  return g_test_run ();
}
