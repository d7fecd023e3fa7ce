/* lesson-test-util.h: helpers shared by the lesson tests. */
#pragma once

#include <string.h>
#include <sys/wait.h>

#include "seqack-lesson-run.h"

/* TRUE when @text holds a CJK ideograph (U+4E00..U+9FFF). */
static inline gboolean
has_cjk (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0';
       p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x4e00 && c <= 0x9fff)
        return TRUE;
    }
  return FALSE;
}

/* Loads @text as a lesson or fails the test. */
static inline SeqackLesson *
load_lesson (const char *text)
{
  g_autoptr(GError) error = NULL;
  SeqackLesson *lesson;

  lesson = seqack_lesson_new_from_data (text, -1, "test.lesson", &error);
  g_assert_no_error (error);
  g_assert_nonnull (lesson);
  return lesson;
}

/* Runs until a question is pending (or the lesson ends); fails on error. */
static inline void
next_question (SeqackLessonRun *run)
{
  g_autoptr(GError) error = NULL;

  do
    {
      g_assert_true (seqack_lesson_run_next (run, &error));
      g_assert_no_error (error);
    }
  while (seqack_lesson_run_get_phase (run) == SEQACK_LESSON_PHASE_REVEALED);
}

/* What seqack-cli printed and how it exited. */
typedef struct
{
  char *out;
  char *err;
  int   status;
} CliResult;

static inline void
cli_result_clear (CliResult *r)
{
  g_free (r->out);
  g_free (r->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CliResult, cli_result_clear)

/* Runs seqack-cli ($SEQACK_CLI) with @args (NULL-terminated), stdin from
 * /dev/null. */
static inline void
run_cli (CliResult         *result,
         const char *const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("SEQACK_CLI");
  int wait_status;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (char *) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                               G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                               &result->out, &result->err, &wait_status,
                               &error));
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  result->status = WEXITSTATUS (wait_status);
}
