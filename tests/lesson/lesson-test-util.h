/* lesson-test-util.h: helpers shared by the lesson tests. */
#pragma once

#include <string.h>

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
