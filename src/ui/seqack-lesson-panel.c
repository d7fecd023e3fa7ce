/* seqack-lesson-panel.c: the lesson sidebar.
 *
 * The panel is a view of one SeqackLessonRun: every change goes through a
 * lesson.* action, then update() rereads the run's phase and texts. The
 * run's texts are already filled from the Trace, so nothing here computes
 * a protocol fact.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "seqack-class-export-dialog.h"
#include "seqack-file-chooser.h"
#include "seqack-glossary-window.h"
#include "seqack-lesson-panel.h"

struct _SeqackLessonPanel
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkWidget       *box;
  GtkDropDown     *chooser;
  GtkScrolledWindow *scroller;
  GtkLabel        *progress_label;
  GtkLabel        *score_label;
  GtkLabel        *title_label;
  GtkLabel        *error_label;
  GtkWidget       *question_box;
  GtkLabel        *prompt_label;
  GtkFlowBox      *choices_box;
  GtkWidget       *entry_box;
  GtkEntry        *answer_entry;
  GtkWidget       *feedback_box;
  GtkLabel        *feedback_label;
  GtkLabel        *misconception_label;
  GtkLabel        *text_label;
  GtkWidget       *correction_box;
  GtkLabel        *correction_label;
  GtkButton       *next_button;

  GtkStringList   *titles;     /* the chooser's model */
  GPtrArray       *lessons;    /* SeqackLesson *, same order */
  guint            current;    /* index into lessons */
  SeqackLessonRun *run;        /* NULL until the lesson starts */
  SeqackLab       *lab;        /* borrowed; NULL: runs own their lab */
  char            *lang;
  gboolean         absolute;
  gboolean         syncing;

  /* The current step's outcome */
  SeqackLessonFeedback *feedback;
  gboolean         had_question;
  char            *error;

  GtkWindow       *glossary;   /* weak */
  GtkWindow       *skip_dialog; /* weak: while Next asks to skip */
};

enum {
  LAB_RESET,
  VISIBLE_END_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (SeqackLessonPanel, seqack_lesson_panel, GTK_TYPE_WIDGET)

static void update (SeqackLessonPanel *self);

static SeqackLesson *
current_lesson (SeqackLessonPanel *self)
{
  if (self->current >= self->lessons->len)
    return NULL;
  return g_ptr_array_index (self->lessons, self->current);
}

static void
set_error (SeqackLessonPanel *self,
           const GError      *error)
{
  g_clear_pointer (&self->error, g_free);
  if (error != NULL)
    self->error = g_strdup (error->message);
}

static void
clear_step (SeqackLessonPanel *self)
{
  g_clear_pointer (&self->feedback, seqack_lesson_feedback_free);
  self->had_question = FALSE;
  set_error (self, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->answer_entry), "");
}

static void
emit_visible_end (SeqackLessonPanel *self)
{
  if (self->run != NULL)
    g_signal_emit (self, signals[VISIBLE_END_CHANGED], 0,
                   seqack_lesson_run_get_visible_end (self->run));
}

/* The run of the chosen lesson, made on first use: that resets the lab. */
static SeqackLessonRun *
ensure_run (SeqackLessonPanel *self)
{
  SeqackLesson *lesson = current_lesson (self);

  if (self->run != NULL || lesson == NULL)
    return self->run;

  self->run = seqack_lesson_run_new (lesson, self->lab);
  seqack_lesson_run_set_language (self->run, self->lang);
  seqack_lesson_run_set_absolute (self->run, self->absolute);
  g_signal_emit (self, signals[LAB_RESET], 0);

  return self->run;
}

static void
drop_run (SeqackLessonPanel *self)
{
  g_clear_pointer (&self->run, seqack_lesson_run_free);
  clear_step (self);
}

static void
rebuild_titles (SeqackLessonPanel *self)
{
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->lessons->len; i++)
    g_ptr_array_add (titles,
                     seqack_lesson_get_title (g_ptr_array_index (self->lessons,
                                                                 i),
                                              self->lang));
  g_ptr_array_add (titles, NULL);

  self->syncing = TRUE;
  gtk_string_list_splice (self->titles, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->titles)),
                          (const char * const *) titles->pdata);
  gtk_drop_down_set_selected (self->chooser, self->current);
  self->syncing = FALSE;
}

static void
choose (SeqackLessonPanel *self,
        guint              index)
{
  self->current = index;
  drop_run (self);
  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->chooser, index);
  self->syncing = FALSE;
  update (self);
}

static void
on_chooser_selected (SeqackLessonPanel *self)
{
  guint selected = gtk_drop_down_get_selected (self->chooser);

  if (self->syncing || selected == GTK_INVALID_LIST_POSITION ||
      selected == self->current)
    return;
  choose (self, selected);
}

/* Showing the run */

static void
set_text (GtkLabel   *label,
          const char *text)
{
  gtk_label_set_label (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

static void
fill_choices (SeqackLessonPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) choices = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->choices_box))))
    gtk_flow_box_remove (self->choices_box, child);

  choices = seqack_lesson_run_get_choices (self->run, &error);
  if (error != NULL)
    set_error (self, error);
  gtk_widget_set_visible (GTK_WIDGET (self->choices_box), choices != NULL);
  gtk_widget_set_visible (self->entry_box, choices == NULL);

  for (guint i = 0; choices != NULL && choices[i] != NULL; i++)
    {
      GtkWidget *button = gtk_button_new_with_label (choices[i]);
      g_autofree char *tooltip = NULL;

      tooltip = g_strdup_printf (_("Answer “%s”"), choices[i]);
      gtk_widget_set_tooltip_text (button, tooltip);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button),
                                      "lesson.answer");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_string (choices[i]));
      gtk_widget_add_css_class (button, "lesson-choice");
      gtk_flow_box_append (self->choices_box, button);
    }
}

static void
update_feedback (SeqackLessonPanel *self,
                 SeqackLessonPhase  phase)
{
  g_autofree char *head = NULL;
  const char *message = NULL;
  const char *kind = NULL;

  gtk_widget_remove_css_class (self->feedback_box, "correct");
  gtk_widget_remove_css_class (self->feedback_box, "incorrect");
  gtk_widget_remove_css_class (self->feedback_box, "revealed");

  if (phase == SEQACK_LESSON_PHASE_REVEALED && self->feedback != NULL)
    {
      if (self->feedback->correct)
        {
          head = g_strdup_printf (_("Correct: %s"), self->feedback->expected);
          kind = "correct";
        }
      else
        {
          head = g_strdup_printf (_("Not quite: you answered %s; the answer "
                                    "is %s."),
                                  self->feedback->answer,
                                  self->feedback->expected);
          kind = "incorrect";
        }
      message = self->feedback->message;
    }
  else if (phase == SEQACK_LESSON_PHASE_REVEALED && self->had_question)
    {
      g_autofree char *expected = seqack_lesson_run_get_expected (self->run);

      head = g_strdup_printf (_("The answer: %s"), expected);
      kind = "revealed";
    }

  set_text (self->feedback_label, head);
  set_text (self->misconception_label, message);
  gtk_widget_set_visible (self->feedback_box, head != NULL);
  if (kind != NULL)
    gtk_widget_add_css_class (self->feedback_box, kind);
}

static void
update (SeqackLessonPanel *self)
{
  SeqackLesson *lesson = current_lesson (self);
  GtkWidget *widget = GTK_WIDGET (self);
  SeqackLessonPhase phase = SEQACK_LESSON_PHASE_START;
  g_autoptr(GError) error = NULL;
  g_autofree char *progress = NULL;
  g_autofree char *score = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;
  g_autofree char *correction = NULL;
  g_autofree char *prompt = NULL;
  guint n_steps = lesson != NULL ? seqack_lesson_get_n_steps (lesson) : 0;
  guint correct = 0, asked = 0;

  if (self->run != NULL)
    {
      phase = seqack_lesson_run_get_phase (self->run);
      seqack_lesson_run_get_score (self->run, &correct, &asked);
    }

  switch (phase)
    {
    case SEQACK_LESSON_PHASE_START:
      progress = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "%u step", "%u steps",
                                               n_steps),
                                  n_steps);
      if (lesson != NULL)
        {
          title = seqack_lesson_get_title (lesson, self->lang);
          text = seqack_lesson_get_summary (lesson, self->lang);
        }
      break;
    case SEQACK_LESSON_PHASE_QUESTION:
    case SEQACK_LESSON_PHASE_REVEALED:
      progress = g_strdup_printf (_("Step %u of %u"),
                                  seqack_lesson_run_get_step (self->run) + 1,
                                  n_steps);
      title = seqack_lesson_run_get_title (self->run);
      text = seqack_lesson_run_get_text (self->run, &error);
      if (error == NULL)
        correction = seqack_lesson_run_get_correction (self->run, &error);
      if (error == NULL && phase == SEQACK_LESSON_PHASE_QUESTION)
        prompt = seqack_lesson_run_get_prompt (self->run, &error);
      break;
    case SEQACK_LESSON_PHASE_FINISHED:
      progress = g_strdup (_("Lesson finished"));
      seqack_lesson_run_get_closing (self->run, &title, &text);
      break;
    }
  if (error != NULL)
    set_error (self, error);

  score = g_strdup_printf (_("Score: %u / %u"), correct, asked);
  gtk_label_set_label (self->score_label, score);
  set_text (self->progress_label, progress);
  set_text (self->title_label, title);
  set_text (self->text_label, text);
  set_text (self->error_label, self->error);
  set_text (self->correction_label, correction);
  gtk_widget_set_visible (self->correction_box, correction != NULL);

  gtk_widget_set_visible (self->question_box,
                          phase == SEQACK_LESSON_PHASE_QUESTION);
  if (phase == SEQACK_LESSON_PHASE_QUESTION)
    {
      set_text (self->prompt_label, prompt);
      fill_choices (self);
    }
  update_feedback (self, phase);

  gtk_button_set_label (self->next_button,
                        phase == SEQACK_LESSON_PHASE_START
                        ? _("_Start Lesson") : _("_Next Step"));
  /* An open question is answered, not skipped: Next is then a plain
   * button, and asks first (lesson_next). At the end it does nothing. */
  if (phase == SEQACK_LESSON_PHASE_START ||
      phase == SEQACK_LESSON_PHASE_REVEALED)
    gtk_widget_add_css_class (GTK_WIDGET (self->next_button),
                              "suggested-action");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->next_button),
                                 "suggested-action");

  gtk_widget_action_set_enabled (widget, "lesson.next",
                                 lesson != NULL &&
                                 phase != SEQACK_LESSON_PHASE_FINISHED);
  gtk_widget_action_set_enabled (widget, "lesson.reveal",
                                 phase == SEQACK_LESSON_PHASE_QUESTION);
  gtk_widget_action_set_enabled (widget, "lesson.answer",
                                 phase == SEQACK_LESSON_PHASE_QUESTION);
  gtk_widget_action_set_enabled (widget, "lesson.check",
                                 phase == SEQACK_LESSON_PHASE_QUESTION);
  gtk_widget_action_set_enabled (widget, "lesson.restart",
                                 self->run != NULL &&
                                 phase != SEQACK_LESSON_PHASE_START);
}

/* Actions */

static void
go_next (SeqackLessonPanel *self)
{
  g_autoptr(GError) error = NULL;
  SeqackLessonRun *run = ensure_run (self);

  if (run == NULL ||
      seqack_lesson_run_get_phase (run) == SEQACK_LESSON_PHASE_FINISHED)
    return;

  clear_step (self);
  if (!seqack_lesson_run_next (run, &error))
    set_error (self, error);
  self->had_question =
    seqack_lesson_run_get_phase (run) == SEQACK_LESSON_PHASE_QUESTION;
  update (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller),
                            0);
  emit_visible_end (self);

  /* Typing starts at once where the student types the answer. */
  if (gtk_widget_get_visible (self->question_box) &&
      gtk_widget_get_visible (self->entry_box))
    gtk_widget_grab_focus (GTK_WIDGET (self->answer_entry));
}

static void
on_skip_response (AdwMessageDialog  *dialog,
                  const char        *response,
                  SeqackLessonPanel *self)
{
  if (g_strcmp0 (response, "skip") == 0 && self->run != NULL &&
      seqack_lesson_run_get_phase (self->run) == SEQACK_LESSON_PHASE_QUESTION)
    go_next (self);
}

/* Next with an open question skips it, which counts as missed: ask. */
static void
ask_skip (SeqackLessonPanel *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  AdwMessageDialog *dialog;
  guint correct, asked;
  g_autofree char *body = NULL;

  if (self->skip_dialog != NULL)
    {
      gtk_window_present (self->skip_dialog);
      return;
    }

  seqack_lesson_run_get_score (self->run, &correct, &asked);
  body = g_strdup_printf (_("A skipped question counts as missed: your "
                            "score would stay %u of %u. Answer it, or "
                            "press Reveal to see the answer and why."),
                          correct, asked);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root)
                                                       ? GTK_WINDOW (root)
                                                       : NULL,
                                                       _("Skip this "
                                                         "question?"),
                                                       body));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Keep Answering"),
                                    "skip", _("_Skip Question"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "skip",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (on_skip_response), self);
  self->skip_dialog = GTK_WINDOW (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog),
                             (gpointer *) &self->skip_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
lesson_next (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SeqackLessonPanel *self = SEQACK_LESSON_PANEL (widget);

  if (self->run != NULL &&
      seqack_lesson_run_get_phase (self->run) == SEQACK_LESSON_PHASE_QUESTION)
    ask_skip (self);
  else
    go_next (self);
}

static void
lesson_reveal (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SeqackLessonPanel *self = SEQACK_LESSON_PANEL (widget);

  if (self->run == NULL ||
      seqack_lesson_run_get_phase (self->run) != SEQACK_LESSON_PHASE_QUESTION)
    return;

  seqack_lesson_run_reveal (self->run);
  update (self);
  emit_visible_end (self);
}

static void
answer (SeqackLessonPanel *self,
        const char        *text)
{
  g_autoptr(GError) error = NULL;
  SeqackLessonFeedback *feedback;

  if (self->run == NULL ||
      seqack_lesson_run_get_phase (self->run) != SEQACK_LESSON_PHASE_QUESTION)
    return;

  feedback = seqack_lesson_run_answer (self->run, text, &error);
  if (feedback == NULL)
    {
      /* Not understood: the question stays, the student tries again. */
      set_error (self, error);
      update (self);
      return;
    }

  clear_step (self);
  self->had_question = TRUE;
  self->feedback = feedback;
  update (self);
  emit_visible_end (self);
}

static void
lesson_answer (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  answer (SEQACK_LESSON_PANEL (widget), g_variant_get_string (param, NULL));
}

static void
lesson_check (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  SeqackLessonPanel *self = SEQACK_LESSON_PANEL (widget);
  g_autofree char *text = NULL;

  text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->answer_entry)));
  g_strstrip (text);
  if (*text == '\0')
    return;
  answer (self, text);
}

static void
lesson_restart (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  SeqackLessonPanel *self = SEQACK_LESSON_PANEL (widget);

  if (self->run == NULL)
    return;

  clear_step (self);
  seqack_lesson_run_restart (self->run);
  g_signal_emit (self, signals[LAB_RESET], 0);
  update (self);
  emit_visible_end (self);
}

static void
show_open_error (SeqackLessonPanel *self,
                 const GError      *error)
{
  set_error (self, error);
  update (self);
}

static void
open_file (SeqackLessonPanel *self,
           GFile             *file)
{
  g_autoptr(GError) error = NULL;

  if (!seqack_lesson_panel_load_file (self, file, &error))
    show_open_error (self, error);
}

static void
on_file_chosen (GObject  *owner,
                GFile    *file,
                gpointer  data)
{
  open_file (SEQACK_LESSON_PANEL (owner), file);
}

static GtkFileFilter *
lesson_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("SeqAck lessons"));
  gtk_file_filter_add_pattern (filter, "*.lesson");

  return filter;
}

static void
lesson_open (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  g_autoptr(GtkFileFilter) filter = lesson_filter ();

  seqack_choose_file (widget, FALSE, _("Open Lesson"), NULL, filter,
                      G_OBJECT (widget), on_file_chosen, NULL);
}

/* Export for a Class…: the current lesson, a teacher's own file included. */
static void
lesson_export_class (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  SeqackLessonPanel *self = SEQACK_LESSON_PANEL (widget);
  SeqackLesson *lesson = current_lesson (self);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (lesson == NULL)
    return;
  gtk_window_present (GTK_WINDOW (seqack_class_export_dialog_new (
    GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, lesson, self->lang)));
}

static void
lesson_glossary (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  SeqackLessonPanel *self = SEQACK_LESSON_PANEL (widget);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (self->glossary == NULL)
    {
      self->glossary = GTK_WINDOW (seqack_glossary_window_new (self->lang));
      g_object_add_weak_pointer (G_OBJECT (self->glossary),
                                 (gpointer *) &self->glossary);
      if (GTK_IS_WINDOW (root))
        gtk_window_set_transient_for (self->glossary, GTK_WINDOW (root));
    }
  gtk_window_present (self->glossary);
}

/* GObject */

static void
seqack_lesson_panel_dispose (GObject *object)
{
  SeqackLessonPanel *self = SEQACK_LESSON_PANEL (object);

  if (self->glossary != NULL)
    {
      g_object_remove_weak_pointer (G_OBJECT (self->glossary),
                                    (gpointer *) &self->glossary);
      gtk_window_destroy (self->glossary);
      self->glossary = NULL;
    }

  if (self->skip_dialog != NULL)
    {
      GtkWindow *dialog = self->skip_dialog;

      g_signal_handlers_disconnect_by_data (dialog, self);
      g_object_remove_weak_pointer (G_OBJECT (dialog),
                                    (gpointer *) &self->skip_dialog);
      self->skip_dialog = NULL;
      gtk_window_destroy (dialog);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), SEQACK_TYPE_LESSON_PANEL);

  G_OBJECT_CLASS (seqack_lesson_panel_parent_class)->dispose (object);
}

static void
seqack_lesson_panel_finalize (GObject *object)
{
  SeqackLessonPanel *self = SEQACK_LESSON_PANEL (object);

  g_clear_pointer (&self->run, seqack_lesson_run_free);
  g_clear_pointer (&self->feedback, seqack_lesson_feedback_free);
  g_clear_pointer (&self->lessons, g_ptr_array_unref);
  g_clear_object (&self->titles);
  g_free (self->lang);
  g_free (self->error);

  G_OBJECT_CLASS (seqack_lesson_panel_parent_class)->finalize (object);
}

/* A lesson key acts only while the panel is on screen: a hidden lesson
 * must not reset the lab behind the teacher's back. Unmapped, the key goes
 * on to the window. */
static gboolean
shortcut_activate (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   action)
{
  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  return gtk_widget_activate_action (widget, action, NULL);
}

static void
add_shortcut (GtkShortcutController *controller,
              const char            *accel,
              const char            *action)
{
  GtkShortcutAction *callback;

  callback = gtk_callback_action_new (shortcut_activate, (gpointer) action,
                                      NULL);
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string (accel),
                                                          callback));
}

static void
seqack_lesson_panel_class_init (SeqackLessonPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seqack_lesson_panel_dispose;
  object_class->finalize = seqack_lesson_panel_finalize;

  /**
   * SeqackLessonPanel::lab-reset:
   *
   * The lesson reset the lab (it started or restarted): its trace is
   * empty again.
   */
  signals[LAB_RESET] =
    g_signal_new ("lab-reset", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * SeqackLessonPanel::visible-end-changed:
   * @end: events [0, @end) of the trace may be shown now
   *
   * The lesson moved on: a step ran, a question was answered or revealed.
   */
  signals[VISIBLE_END_CHANGED] =
    g_signal_new ("visible-end-changed", G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_install_action (widget_class, "lesson.next", NULL,
                                   lesson_next);
  gtk_widget_class_install_action (widget_class, "lesson.reveal", NULL,
                                   lesson_reveal);
  gtk_widget_class_install_action (widget_class, "lesson.answer", "s",
                                   lesson_answer);
  gtk_widget_class_install_action (widget_class, "lesson.check", NULL,
                                   lesson_check);
  gtk_widget_class_install_action (widget_class, "lesson.restart", NULL,
                                   lesson_restart);
  gtk_widget_class_install_action (widget_class, "lesson.open", NULL,
                                   lesson_open);
  gtk_widget_class_install_action (widget_class, "lesson.glossary", NULL,
                                   lesson_glossary);
  gtk_widget_class_install_action (widget_class, "lesson.export-class", NULL,
                                   lesson_export_class);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/seqack/SeqAck/"
                                               "seqack-lesson-panel.ui");
#define BIND(name) \
  gtk_widget_class_bind_template_child (widget_class, SeqackLessonPanel, name)
  BIND (box);
  BIND (chooser);
  BIND (scroller);
  BIND (progress_label);
  BIND (score_label);
  BIND (title_label);
  BIND (error_label);
  BIND (question_box);
  BIND (prompt_label);
  BIND (choices_box);
  BIND (entry_box);
  BIND (answer_entry);
  BIND (feedback_box);
  BIND (feedback_label);
  BIND (misconception_label);
  BIND (text_label);
  BIND (correction_box);
  BIND (correction_label);
  BIND (next_button);
#undef BIND

  gtk_widget_class_set_layout_manager_type (widget_class,
                                            GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "lessonpanel");
  gtk_widget_class_set_accessible_role (widget_class,
                                        GTK_ACCESSIBLE_ROLE_GROUP);
}

/* Enter in the answer entry is the Check button. */
static void
on_entry_activate (SeqackLessonPanel *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "lesson.check", NULL);
}

/* The panel's style sheet, once per display. */
static void
load_css (GtkWidget *widget)
{
  GdkDisplay *display = gtk_widget_get_display (widget);
  g_autoptr(GtkCssProvider) provider = NULL;

  if (display == NULL ||
      g_object_get_data (G_OBJECT (display), "seqack-lesson-panel-css"))
    return;

  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider,
                                       "/io/github/seqack/SeqAck/"
                                       "seqack-lesson-panel.css");
  gtk_style_context_add_provider_for_display (display,
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  g_object_set_data_full (G_OBJECT (display), "seqack-lesson-panel-css",
                          g_steal_pointer (&provider), g_object_unref);
}

static void
seqack_lesson_panel_init (SeqackLessonPanel *self)
{
  const char *const *names = seqack_lesson_builtin_names ();
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  load_css (GTK_WIDGET (self));

  self->lessons = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                  seqack_lesson_unref);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      SeqackLesson *lesson = seqack_lesson_new_builtin (names[i], &error);

      /* The built-ins are tested; a broken one is a build defect. */
      if (lesson == NULL)
        g_critical ("Built-in lesson %s: %s", names[i], error->message);
      else
        g_ptr_array_add (self->lessons, lesson);
    }

  self->titles = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->chooser, G_LIST_MODEL (self->titles));
  rebuild_titles (self);
  g_signal_connect_swapped (self->chooser, "notify::selected",
                            G_CALLBACK (on_chooser_selected), self);
  g_signal_connect_swapped (self->answer_entry, "activate",
                            G_CALLBACK (on_entry_activate), self);

  /* Global: they work wherever the focus is in the window, as the
   * window's own keys do; an entry keeps its typed letters. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                     GTK_SHORTCUT_SCOPE_GLOBAL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "n", "lesson.next");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "r", "lesson.reveal");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Shift><Control>r",
                "lesson.restart");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Shift><Control>o",
                "lesson.open");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "g", "lesson.glossary");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), "<Shift><Control>e",
                "lesson.export-class");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  update (self);
}

GtkWidget *
seqack_lesson_panel_new (void)
{
  return g_object_new (SEQACK_TYPE_LESSON_PANEL, NULL);
}

void
seqack_lesson_panel_set_lab (SeqackLessonPanel *self,
                             SeqackLab         *lab)
{
  g_return_if_fail (SEQACK_IS_LESSON_PANEL (self));

  if (lab == self->lab)
    return;

  /* The run points at the old lab, which may be gone already. */
  self->lab = lab;
  drop_run (self);
  update (self);
}

SeqackLab *
seqack_lesson_panel_get_lab (SeqackLessonPanel *self)
{
  g_return_val_if_fail (SEQACK_IS_LESSON_PANEL (self), NULL);

  return self->run != NULL ? seqack_lesson_run_get_lab (self->run) : NULL;
}

static void
add_lesson (SeqackLessonPanel *self,
            SeqackLesson      *lesson)
{
  self->current = self->lessons->len;
  g_ptr_array_add (self->lessons, lesson);
  rebuild_titles (self);
  choose (self, self->current);
}

gboolean
seqack_lesson_panel_load_builtin (SeqackLessonPanel  *self,
                                  const char         *name,
                                  GError            **error)
{
  g_return_val_if_fail (SEQACK_IS_LESSON_PANEL (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < self->lessons->len; i++)
    if (g_strcmp0 (seqack_lesson_get_name (g_ptr_array_index (self->lessons,
                                                              i)),
                   name) == 0)
      {
        choose (self, i);
        return TRUE;
      }

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
               _("No built-in lesson is called “%s”"), name);
  return FALSE;
}

gboolean
seqack_lesson_panel_load_file (SeqackLessonPanel  *self,
                               GFile              *file,
                               GError            **error)
{
  g_autofree char *path = NULL;
  SeqackLesson *lesson;

  g_return_val_if_fail (SEQACK_IS_LESSON_PANEL (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Only local files can hold a lesson"));
      return FALSE;
    }
  lesson = seqack_lesson_new_from_file (path, error);
  if (lesson == NULL)
    return FALSE;

  add_lesson (self, lesson);
  return TRUE;
}

SeqackLessonRun *
seqack_lesson_panel_get_run (SeqackLessonPanel *self)
{
  g_return_val_if_fail (SEQACK_IS_LESSON_PANEL (self), NULL);

  return self->run;
}

gboolean
seqack_lesson_panel_get_concealed (SeqackLessonPanel     *self,
                                   SeqackLessonConcealed *concealed)
{
  g_return_val_if_fail (SEQACK_IS_LESSON_PANEL (self), FALSE);
  g_return_val_if_fail (concealed != NULL, FALSE);

  if (self->run == NULL)
    {
      concealed->first = concealed->segment = concealed->state = G_MAXUINT;
      concealed->time = G_MAXINT64;
      concealed->vars = FALSE;
      return FALSE;
    }
  return seqack_lesson_run_get_concealed (self->run, concealed);
}

void
seqack_lesson_panel_set_language (SeqackLessonPanel *self,
                                  const char        *lang)
{
  g_return_if_fail (SEQACK_IS_LESSON_PANEL (self));

  if (g_strcmp0 (lang, self->lang) == 0)
    return;
  g_free (self->lang);
  self->lang = g_strdup (lang);
  if (self->run != NULL)
    seqack_lesson_run_set_language (self->run, lang);
  rebuild_titles (self);
  update (self);
}

void
seqack_lesson_panel_set_absolute (SeqackLessonPanel *self,
                                  gboolean           absolute)
{
  g_return_if_fail (SEQACK_IS_LESSON_PANEL (self));

  absolute = !!absolute;
  if (absolute == self->absolute)
    return;
  self->absolute = absolute;
  if (self->run != NULL)
    seqack_lesson_run_set_absolute (self->run, absolute);
  update (self);
}

const char *
seqack_lesson_panel_get_feedback_text (SeqackLessonPanel *self)
{
  g_return_val_if_fail (SEQACK_IS_LESSON_PANEL (self), NULL);

  if (!gtk_widget_get_visible (self->feedback_box))
    return NULL;
  return gtk_label_get_label (self->feedback_label);
}

const char *
seqack_lesson_panel_get_score_text (SeqackLessonPanel *self)
{
  g_return_val_if_fail (SEQACK_IS_LESSON_PANEL (self), NULL);

  return gtk_label_get_label (self->score_label);
}

const char *
seqack_lesson_panel_get_step_title (SeqackLessonPanel *self)
{
  g_return_val_if_fail (SEQACK_IS_LESSON_PANEL (self), NULL);

  return gtk_label_get_label (self->title_label);
}

const char *
seqack_lesson_panel_get_explanation (SeqackLessonPanel *self)
{
  g_return_val_if_fail (SEQACK_IS_LESSON_PANEL (self), NULL);

  return gtk_label_get_label (self->text_label);
}
