/* test-lesson-file.c: teachers' own lesson files load and run, and
 * mistakes in them give errors that name the line and the key. */
#include "config.h"

#include <glib/gstdio.h>

#include "lesson-test-util.h"

static const char teacher_lesson[] =
  "# A teacher's lesson: the server closes first.\n"
  "[Lesson]\n"
  "Name=server-first\n"
  "Title=Who waits?\n"
  "Title[zh_CN]=谁在等待？\n"
  "Summary=The server closes first.\n"
  "Summary[zh_CN]=服务器先关闭。\n"
  "Seed=7\n"
  "\n"
  "[Step 1]\n"
  "Run=server listen\\nclient connect\\nclient send \"a;b\"\n"
  "Text=Connected; the client sent Len={len} bytes.\n"
  "Text[zh_CN]=已连接；客户端发送了 {len} 个字节。\n"
  "\n"
  "[Step 2]\n"
  "Run=server close\n"
  "Reveal=segment server FIN\n"
  "Question=seq\n"
  "Prompt=Which Seq does the server's FIN carry?\n"
  "Prompt[zh_CN]=服务器的 FIN 的序号是多少？\n"
  "Misconception-1=0\n"
  "Feedback-1=The server's SYN used 0.\n"
  "Feedback-1[zh_CN]=服务器的 SYN 用掉了 0。\n"
  "Text=FIN Seq={seq}, u={u}; {{literal braces}}.\n"
  "Text[zh_CN]=FIN 序号 {seq}，u={u}。\n"
  "\n"
  "[Step 3]\n"
  "Run=client close\n"
  "Reveal=state server TIME-WAIT\n"
  "Question=state server\n"
  "Prompt=Who waits in TIME-WAIT?\n"
  "Prompt[zh_CN]=谁在 TIME-WAIT 中等待？\n"
  "Choices=TIME-WAIT;CLOSED\n"
  "Text=Server {state.server}, client {state.client}.\n"
  "Text[zh_CN]=服务器 {state.server}，客户端 {state.client}。\n";

static void
test_teacher_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("seqack-lesson-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "server-first.lesson",
                                            NULL);
  g_autoptr(SeqackLesson) lesson = NULL;
  g_autoptr(SeqackLessonRun) run = NULL;
  g_autoptr(SeqackLessonFeedback) feedback = NULL;
  g_autofree char *text1 = NULL;
  g_autofree char *text2 = NULL;
  g_autofree char *text3 = NULL;
  g_autofree char *title = NULL;
  g_autofree char *missing = NULL;
  SeqackTrace *trace;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, teacher_lesson, -1, &error));

  lesson = seqack_lesson_new_for_name_or_path (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (seqack_lesson_get_name (lesson), ==, "server-first");
  g_assert_cmpuint (seqack_lesson_get_seed (lesson), ==, 7);
  g_assert_cmpuint (seqack_lesson_get_n_steps (lesson), ==, 3);
  g_assert_true (seqack_lesson_check_translations (lesson, "zh_CN",
                                                   &missing));
  g_assert_false (seqack_lesson_check_translations (lesson, "fr", &missing));
  g_assert_cmpstr (missing, ==, "[Lesson] Title");

  title = seqack_lesson_get_title (lesson, "zh_CN");
  g_assert_cmpstr (title, ==, "谁在等待？");

  run = seqack_lesson_run_new (lesson, NULL);
  seqack_lesson_run_set_language (run, "en");
  trace = seqack_lab_get_trace (seqack_lesson_run_get_lab (run));

  g_assert_true (seqack_lesson_run_next (run, &error));
  text1 = seqack_lesson_run_get_text (run, &error);
  g_assert_no_error (error);
  /* "a;b" stayed one text: ';' inside quotes does not split lines. */
  g_assert_cmpstr (text1, ==, "Connected; the client sent Len=0 bytes.");

  g_assert_true (seqack_lesson_run_next (run, &error));
  g_assert_cmpint (seqack_lesson_run_get_phase (run), ==,
                   SEQACK_LESSON_PHASE_QUESTION);
  feedback = seqack_lesson_run_answer (run, "0", &error);
  g_assert_false (feedback->correct);
  g_assert_cmpstr (feedback->message, ==, "The server's SYN used 0.");
  /* The server sent no data: its FIN is y+1. */
  g_assert_cmpstr (feedback->expected, ==, "1");
  text2 = seqack_lesson_run_get_text (run, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text2, ==, "FIN Seq=1, u=1; {literal braces}.");

  g_assert_true (seqack_lesson_run_next (run, &error));
  g_clear_pointer (&feedback, seqack_lesson_feedback_free);
  feedback = seqack_lesson_run_answer (run, "TIME-WAIT", &error);
  g_assert_true (feedback->correct);
  text3 = seqack_lesson_run_get_text (run, &error);
  g_assert_cmpstr (text3, ==, "Server TIME-WAIT, client LAST-ACK.");

  g_assert_true (seqack_lesson_run_next (run, &error));
  g_assert_cmpint (seqack_lesson_run_get_phase (run), ==,
                   SEQACK_LESSON_PHASE_FINISHED);
  g_assert_cmpuint (seqack_trace_get_n_events (trace), >, 10);

  g_unlink (path);
  g_rmdir (dir);
}

/* Step 1's Text quoted {len} of the last segment, the server's ACK of
 * "a;b": 0 bytes. The data segment itself carries 3. */
static void
test_run_semicolon_in_quotes (void)
{
  g_autoptr(SeqackLesson) lesson = load_lesson (teacher_lesson);
  g_autoptr(SeqackLessonRun) run = seqack_lesson_run_new (lesson, NULL);
  SeqackTrace *trace = seqack_lab_get_trace (seqack_lesson_run_get_lab (run));
  gboolean found = FALSE;

  g_assert_true (seqack_lesson_run_next (run, NULL));
  for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);

      if (e->kind == SEQACK_EVENT_ACTION && e->from == SEQACK_ACTION_SEND)
        {
          g_assert_cmpstr (seqack_trace_get_text (trace, i), ==, "a;b");
          found = TRUE;
        }
    }
  g_assert_true (found);
}

static const struct
{
  const char *name;
  const char *text;
  const char *message; /* a part of the error message */
} bad_files[] = {
  { "not-key-value", "[Lesson]\nName=a\nTitle=b\nthis is prose\n",
    "t.lesson:4: expected Key=value" },
  { "bad-group", "[Lesson]\nName=a\nTitle=b\n[Step 1\n", "t.lesson:4:" },
  { "no-lesson", "[Step 1]\nText=x\n", "starts with a [Lesson]" },
  { "key-before-group", "Name=a\n", "t.lesson:1: a key before" },
  { "duplicate-group",
    "[Lesson]\nName=a\nTitle=b\n[Step 1]\nText=x\n[Step 1]\nText=y\n",
    "t.lesson:6: group [Step 1] appears twice" },
  { "duplicate-key", "[Lesson]\nName=a\nName=b\nTitle=b\n",
    "t.lesson:3: [Lesson] Name is set twice" },
  { "no-name", "[Lesson]\nTitle=b\n[Step 1]\nText=x\n", "needs a Name" },
  { "no-steps", "[Lesson]\nName=a\nTitle=b\n", "no [Step 1]" },
  { "unknown-key", "[Lesson]\nName=a\nTitle=b\n[Step 1]\nTxt=x\n",
    "t.lesson:5: [Step 1] Txt: unknown key" },
  { "untranslatable", "[Lesson]\nName=a\nTitle=b\n[Step 1]\nText=x\n"
    "Run[zh_CN]=server listen\n", "[Step 1] Run[zh_CN]: unknown key" },
  { "unknown-group", "[Lesson]\nName=a\nTitle=b\n[Stepp 1]\nText=x\n",
    "t.lesson:4: [Stepp 1]: unknown group" },
  { "no-text", "[Lesson]\nName=a\nTitle=b\n[Step 1]\nRun=server listen\n",
    "[Step 1]: every step needs a Text" },
  { "bad-action",
    "[Lesson]\nName=a\nTitle=b\n\n[Step 1]\nRun=server listen;client conect\n"
    "Text=x\n", "t.lesson:6: [Step 1] Run: line 2: unknown action 'conect'" },
  { "bad-reveal", "[Lesson]\nName=a\nTitle=b\n[Step 1]\nText=x\n"
    "Reveal=segmnt\n", "t.lesson:6: [Step 1] Reveal: unknown rule" },
  { "bad-reveal-flags", "[Lesson]\nName=a\nTitle=b\n[Step 1]\nText=x\n"
    "Reveal=segment client SYM\n", "[Step 1] Reveal: ‘SYM’ are not TCP" },
  { "bad-reveal-state", "[Lesson]\nName=a\nTitle=b\n[Step 1]\nText=x\n"
    "Reveal=state client WAITING\n", "[Step 1] Reveal: unknown rule" },
  { "bad-placeholder", "[Lesson]\nName=a\nTitle=b\n[Step 1]\n"
    "Text=Seq={sqe}\n", "t.lesson:5: [Step 1] Text: unknown placeholder "
    "{sqe}" },
  { "bad-placeholder-zh", "[Lesson]\nName=a\nTitle=b\n[Step 1]\n"
    "Text=Seq={seq}\nText[zh_CN]=序号 {seq\n",
    "t.lesson:6: [Step 1] Text[zh_CN]: '{' without a closing '}'" },
  { "bad-offset", "[Lesson]\nName=a\nTitle=b\n[Step 1]\nText={flags+1}\n",
    "malformed placeholder {flags+1}" },
  { "bad-question", "[Lesson]\nName=a\nTitle=b\n[Step 1]\nText=x\n"
    "Question=sequence\nPrompt=p\n", "t.lesson:6: [Step 1] Question: "
    "unknown question ‘sequence’" },
  { "no-prompt", "[Lesson]\nName=a\nTitle=b\n[Step 1]\nText=x\n"
    "Question=ack\n", "a question needs a Prompt" },
  { "prompt-without-question", "[Lesson]\nName=a\nTitle=b\n[Step 1]\n"
    "Text=x\nPrompt=p\n", "a Prompt or Choices without a Question" },
  { "bad-choice", "[Lesson]\nName=a\nTitle=b\n[Step 1]\nText=x\n"
    "Question=state client\nPrompt=p\nChoices=LISTEN;WAITING\n",
    "t.lesson:8: [Step 1] Choices: ‘WAITING’ is not an answer" },
  { "misconception-without-feedback", "[Lesson]\nName=a\nTitle=b\n"
    "[Step 1]\nText=x\nQuestion=seq\nPrompt=p\nMisconception-1=1\n",
    "t.lesson:8: [Step 1] Misconception-1: no Feedback-1" },
  { "feedback-without-misconception", "[Lesson]\nName=a\nTitle=b\n"
    "[Step 1]\nText=x\nQuestion=seq\nPrompt=p\nFeedback-2=f\n",
    "t.lesson:8: [Step 1] Feedback-2: no Misconception-2" },
  { "bad-seed", "[Lesson]\nName=a\nTitle=b\nSeed=-3\n[Step 1]\nText=x\n",
    "t.lesson:4: [Lesson] Seed:" },
};

static void
test_malformed (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SeqackLesson) lesson = NULL;

      lesson = seqack_lesson_new_from_data (bad_files[i].text, -1,
                                            "t.lesson", &error);
      g_assert_null (lesson);
      g_assert_nonnull (error);
      g_assert_true (error->domain == SEQACK_ERROR);
      if (strstr (error->message, bad_files[i].message) == NULL)
        g_error ("%s: “%s” does not contain “%s”", bad_files[i].name,
                 error->message, bad_files[i].message);
    }
}

static void
test_not_valid_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackLesson) lesson = NULL;

  lesson = seqack_lesson_new_from_data ("[Lesson]\nName=\xff\n", -1,
                                        "t.lesson", &error);
  g_assert_null (lesson);
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED);
}

static void
test_not_found (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) error2 = NULL;
  g_autoptr(SeqackLesson) lesson = NULL;
  g_autoptr(SeqackLesson) lesson2 = NULL;

  lesson = seqack_lesson_new_for_name_or_path ("/nonexistent/x.lesson",
                                               &error);
  g_assert_null (lesson);
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND);

  lesson2 = seqack_lesson_new_for_name_or_path ("handshak", &error2);
  g_assert_null (lesson2);
  g_assert_error (error2, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND);
}

/* Mistakes only the lab can show: a Reveal that never comes true, a
 * placeholder with nothing to read, an action the state forbids. */
static void
test_runtime_errors (void)
{
  static const struct
  {
    const char *text;
    const char *message;
  } cases[] = {
    { "[Lesson]\nName=a\nTitle=b\n[Step 1]\nRun=server listen\n"
      "Reveal=segment\nText=x\n", "[Step 1] Reveal: the lab went idle" },
    { "[Lesson]\nName=a\nTitle=b\n[Step 1]\nRun=server listen\n"
      "Reveal=state server ESTABLISHED\nText=x\n",
      "[Step 1] Reveal: the server never reached ESTABLISHED" },
    { "[Lesson]\nName=a\nTitle=b\n[Step 1]\nRun=server listen\n"
      "Reveal=none\nText=u={u}\n", "[Step 1] Text: {u}" },
    { "[Lesson]\nName=a\nTitle=b\n[Step 1]\nRun=client send hi\n"
      "Text=x\n", "[Step 1] Run: line 1:" },
    { "[Lesson]\nName=a\nTitle=b\n[Step 1]\nRun=server listen\n"
      "Reveal=none\nQuestion=seq\nPrompt=p\nText=x\n",
      "[Step 1] Question: the step shows no segment" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SeqackLesson) lesson = load_lesson (cases[i].text);
      g_autoptr(SeqackLessonRun) run = seqack_lesson_run_new (lesson, NULL);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;

      if (seqack_lesson_run_next (run, &error))
        text = seqack_lesson_run_get_text (run, &error);
      g_assert_null (text);
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” does not contain “%s”", i, error->message,
                 cases[i].message);
    }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lesson/file/teacher-lesson", test_teacher_file);
  g_test_add_func ("/lesson/file/semicolon-in-quotes",
                   test_run_semicolon_in_quotes);
  g_test_add_func ("/lesson/file/malformed", test_malformed);
  g_test_add_func ("/lesson/file/not-utf8", test_not_valid_utf8);
  g_test_add_func ("/lesson/file/not-found", test_not_found);
  g_test_add_func ("/lesson/file/runtime-errors", test_runtime_errors);

  return g_test_run ();
}
