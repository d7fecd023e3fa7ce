/* seqack-lesson-panel.h: the lesson sidebar.
 *
 * A lesson chooser (the built-in lessons and "Open lesson file…"), the
 * current step's title and explanation, its "Corrections" box, its
 * question (choice buttons or a typed answer), the feedback and the score,
 * and the lesson.* actions (next, reveal, restart, open, glossary) that
 * drive a SeqackLessonRun.
 *
 * The run drives a lab the window lends it (seqack_lesson_panel_set_lab),
 * or its own lab when it has none. Whenever the lesson moves on, the panel
 * emits "visible-end-changed" with the number of trace events that may be
 * shown; when it resets the lab (a lesson starts or restarts) it first
 * emits "lab-reset", so views that laid out the old trace start again.
 */
#pragma once

#include <gtk/gtk.h>

#include "seqack-lab.h"
#include "seqack-lesson-run.h"

G_BEGIN_DECLS

#define SEQACK_TYPE_LESSON_PANEL (seqack_lesson_panel_get_type ())

G_DECLARE_FINAL_TYPE (SeqackLessonPanel, seqack_lesson_panel,
                      SEQACK, LESSON_PANEL, GtkWidget)

GtkWidget       *seqack_lesson_panel_new         (void);

/* The lab lessons run on (borrowed: the caller keeps it alive or sets
 * another). Setting a different lab stops the current run without
 * touching the new lab; the lesson starts again on it at the next step.
 * NULL: the panel's runs make their own lab. */
void             seqack_lesson_panel_set_lab     (SeqackLessonPanel *self,
                                                  SeqackLab         *lab);
/* The lab the current run drives, or NULL before a lesson started. */
SeqackLab       *seqack_lesson_panel_get_lab     (SeqackLessonPanel *self);

/* Chooses a lesson (back to its start; the lab is reset at the first
 * step). */
gboolean         seqack_lesson_panel_load_builtin (SeqackLessonPanel  *self,
                                                   const char         *name,
                                                   GError            **error);
gboolean         seqack_lesson_panel_load_file   (SeqackLessonPanel  *self,
                                                  GFile              *file,
                                                  GError            **error);

/* The run, or NULL before the chosen lesson started. */
SeqackLessonRun *seqack_lesson_panel_get_run     (SeqackLessonPanel *self);

/* What the views must not show while a question waits (the run's
 * concealed set, seqack_lesson_run_get_concealed()); FALSE when no
 * question waits. */
gboolean         seqack_lesson_panel_get_concealed (SeqackLessonPanel     *self,
                                                    SeqackLessonConcealed *concealed);

/* Texts in @lang ("zh_CN", "en"), or NULL (the default) for the user's
 * languages, which follow the app's language setting. */
void             seqack_lesson_panel_set_language (SeqackLessonPanel *self,
                                                   const char        *lang);
/* Relative (FALSE) or absolute sequence numbers in texts. */
void             seqack_lesson_panel_set_absolute (SeqackLessonPanel *self,
                                                   gboolean           absolute);

/* What the labels say, for tests and screen readers. */
const char      *seqack_lesson_panel_get_feedback_text (SeqackLessonPanel *self);
const char      *seqack_lesson_panel_get_score_text    (SeqackLessonPanel *self);
const char      *seqack_lesson_panel_get_step_title    (SeqackLessonPanel *self);
const char      *seqack_lesson_panel_get_explanation   (SeqackLessonPanel *self);

G_END_DECLS
