/* test-ui-lesson.c: the lesson panel in the real window, driven through
 * its lesson.* actions and read back through its labels, as a student (or
 * a screen reader) sees it. Runs under xvfb-run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "seqack-endpoint-panel-private.h"
#include "seqack-export.h"
#include "seqack-glossary-window.h"
#include "seqack-inspector.h"
#include "seqack-lesson-panel.h"
#include "seqack-sequence-view-private.h"
#include "seqack-state-view-private.h"
#include "seqack-trace-format.h"
#include "seqack-window.h"
#include "ui-test-util.h"

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Lets a few frames pass, so the flap and the labels are laid out. */
static void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

typedef struct
{
  GtkWidget          *window;
  SeqackLessonPanel  *panel;
  SeqackSequenceView *view;
} Fixture;

static void
fixture_open (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->window = GTK_WIDGET (seqack_window_new (NULL, 1234));
  g_object_ref (f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1500, 900);
  gtk_window_present (GTK_WINDOW (f->window));
  g_object_set (f->window, "playing", FALSE, NULL);
  iterate ();

  f->panel = SEQACK_LESSON_PANEL (find_type (f->window,
                                             SEQACK_TYPE_LESSON_PANEL));
  f->view = SEQACK_SEQUENCE_VIEW (find_type (f->window,
                                             SEQACK_TYPE_SEQUENCE_VIEW));
  g_assert_nonnull (f->panel);
  g_assert_nonnull (f->view);

  /* The header button and F9 share this action. */
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (f->panel)));
  g_assert_true (gtk_widget_activate_action (f->window, "sidebar.lessons",
                                             NULL));
  run_for (300);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (f->panel)));

  g_assert_true (seqack_lesson_panel_load_builtin (f->panel, "handshake",
                                                   &error));
  g_assert_no_error (error);
}

static void
fixture_close (Fixture *f)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  iterate ();
  g_assert_finalize_object (f->window);
}

static void
lesson (Fixture    *f,
        const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->panel), action,
                                             NULL));
  iterate ();
}

static SeqackTrace *
window_trace (Fixture *f)
{
  return seqack_lab_get_trace (seqack_window_get_lab (SEQACK_WINDOW (f->window)));
}

static gboolean
action_enabled (Fixture    *f,
                const char *action)
{
  /* What a button bound to it shows. */
  GtkWidget *button = gtk_button_new ();
  gboolean enabled;

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_insert_after (button, GTK_WIDGET (f->panel), NULL);
  enabled = gtk_widget_is_sensitive (button);
  gtk_widget_unparent (button);

  return enabled;
}

static void
assert_score (Fixture *f,
              guint    correct,
              guint    asked)
{
  g_autofree char *expected = g_strdup_printf (_("Score: %u / %u"), correct,
                                               asked);

  g_assert_cmpstr (seqack_lesson_panel_get_score_text (f->panel), ==,
                   expected);
}

/* The handshake lesson step by step: the diagram stops before what the
 * student predicts, a right and a wrong answer are marked and scored, the
 * misconception is explained, Restart starts again. */
static void
test_lesson_handshake (void)
{
  Fixture f = { 0 };
  SeqackLessonRun *run;
  SeqackTrace *trace;
  const SeqackEvent *subject;
  GtkWidget *entry;
  guint n;

  fixture_open (&f);
  /* The lesson runs on the window's own lab. */
  g_assert_null (seqack_lesson_panel_get_run (f.panel));
  assert_score (&f, 0, 0);

  /* Step 1: "Which state is the server in now?" The server's change to
   * LISTEN is in the lab but not on screen. */
  lesson (&f, "lesson.next");
  run = seqack_lesson_panel_get_run (f.panel);
  g_assert_nonnull (run);
  g_assert_true (seqack_lesson_run_get_lab (run)
                 == seqack_window_get_lab (SEQACK_WINDOW (f.window)));
  trace = window_trace (&f);
  g_assert_cmpint (seqack_lesson_run_get_phase (run), ==,
                   SEQACK_LESSON_PHASE_QUESTION);
  n = seqack_trace_get_n_events (trace);
  g_assert_cmpuint (seqack_sequence_view_get_n_shown (f.view), ==,
                    seqack_lesson_run_get_visible_end (run));
  g_assert_cmpuint (seqack_sequence_view_get_n_shown (f.view), <, n);
  g_assert_true (action_enabled (&f, "lesson.reveal"));
  /* Stepping the window forward must not give the answer away. */
  g_assert_true (gtk_widget_activate_action (f.window, "view.step-forward",
                                             NULL));
  iterate ();
  g_assert_cmpuint (seqack_sequence_view_get_n_shown (f.view), ==,
                    seqack_lesson_run_get_visible_end (run));

  /* Right, with a choice button's action. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.panel),
                                             "lesson.answer", "s",
                                             "LISTEN"));
  iterate ();
  {
    g_autofree char *expected = g_strdup_printf (_("Correct: %s"), "LISTEN");

    g_assert_cmpstr (seqack_lesson_panel_get_feedback_text (f.panel), ==,
                     expected);
  }
  assert_score (&f, 1, 1);
  g_assert_cmpuint (seqack_sequence_view_get_n_shown (f.view), ==,
                    seqack_trace_get_n_events (trace));
  g_assert_false (action_enabled (&f, "lesson.reveal"));

  /* Step 2: the SYN's Seq, typed. The SYN itself is hidden. */
  lesson (&f, "lesson.next");
  g_assert_cmpint (seqack_lesson_run_get_phase (run), ==,
                   SEQACK_LESSON_PHASE_QUESTION);
  g_assert_null (seqack_lesson_panel_get_feedback_text (f.panel));
  subject = seqack_trace_get_event (trace, seqack_lesson_run_get_subject (run));
  g_assert_cmpint (subject->kind, ==, SEQACK_EVENT_SEGMENT);
  g_assert_cmpuint (seqack_sequence_view_get_n_shown (f.view), <=,
                    seqack_lesson_run_get_subject (run));

  /* Wrong: the classic "the ISN is 1", typed into the entry + Enter. */
  entry = find_type (GTK_WIDGET (f.panel), GTK_TYPE_ENTRY);
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_get_mapped (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), " 1 ");
  g_signal_emit_by_name (entry, "activate");
  iterate ();
  g_assert_cmpint (seqack_lesson_run_get_phase (run), ==,
                   SEQACK_LESSON_PHASE_REVEALED);
  {
    g_autofree char *expected =
      g_strdup_printf (_("Not quite: you answered %s; the answer is %s."),
                       "1", "0");

    g_assert_cmpstr (seqack_lesson_panel_get_feedback_text (f.panel), ==,
                     expected);
  }
  assert_score (&f, 1, 2);
  /* Now the SYN is on screen, and the explanation quotes its number. */
  g_assert_cmpuint (seqack_sequence_view_get_n_shown (f.view), >,
                    seqack_lesson_run_get_subject (run));
  g_assert_nonnull (strstr (seqack_lesson_panel_get_explanation (f.panel),
                            "Seq=x=0"));

  /* Step 3 revealed without an answer: scores nothing right. */
  lesson (&f, "lesson.next");
  g_assert_cmpuint (seqack_sequence_view_get_n_shown (f.view), <=,
                    seqack_lesson_run_get_subject (run));
  lesson (&f, "lesson.reveal");
  g_assert_cmpuint (seqack_sequence_view_get_n_shown (f.view), >,
                    seqack_lesson_run_get_subject (run));
  {
    g_autofree char *expected = g_strdup_printf (_("The answer: %s"), "1");

    g_assert_cmpstr (seqack_lesson_panel_get_feedback_text (f.panel), ==,
                     expected);
  }

  /* Restart: the score and the lab start again, the picture is empty. */
  lesson (&f, "lesson.restart");
  g_assert_cmpint (seqack_lesson_run_get_phase (run), ==,
                   SEQACK_LESSON_PHASE_START);
  assert_score (&f, 0, 0);
  g_assert_cmpuint (seqack_trace_get_n_events (window_trace (&f)), ==, 0);
  g_assert_cmpuint (seqack_sequence_view_get_n_shown (f.view), ==, 0);
  g_assert_false (action_enabled (&f, "lesson.restart"));

  /* The window's own Reset Lab gives it a new lab: the lesson lets go of
   * the old one and starts again on the new one. */
  lesson (&f, "lesson.next");
  g_assert_true (gtk_widget_activate_action (f.window, "lab.reset", NULL));
  iterate ();
  g_assert_null (seqack_lesson_panel_get_run (f.panel));
  lesson (&f, "lesson.next");
  g_assert_true (seqack_lesson_panel_get_lab (f.panel)
                 == seqack_window_get_lab (SEQACK_WINDOW (f.window)));

  fixture_close (&f);
}

/* @side's endpoint panel in the window's lab (not the hidden capture
 * page's). */
static SeqackEndpointPanel *
endpoint_panel_of (Fixture    *f,
                   SeqackSide  side)
{
  GPtrArray *stack = g_ptr_array_new ();
  SeqackEndpointPanel *found = NULL;

  g_ptr_array_add (stack, f->window);
  while (stack->len > 0 && found == NULL)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

      if (SEQACK_IS_ENDPOINT_PANEL (w) && gtk_widget_get_mapped (w) &&
          seqack_endpoint_panel_get_side (SEQACK_ENDPOINT_PANEL (w)) == side)
        found = SEQACK_ENDPOINT_PANEL (w);
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
           c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }
  g_ptr_array_unref (stack);
  g_assert_nonnull (found);
  return found;
}

static SeqackStateView *
state_view_of (Fixture    *f,
               SeqackSide  side)
{
  GtkWidget *view = find_type (GTK_WIDGET (endpoint_panel_of (f, side)),
                               SEQACK_TYPE_STATE_VIEW);

  g_assert_nonnull (view);
  return SEQACK_STATE_VIEW (view);
}

/* Does @text hold @number as a whole number? */
static gboolean
has_number (const char *text,
            guint32     number)
{
  g_autofree char *n = g_strdup_printf ("%u", number);
  gsize len = strlen (n);

  for (const char *p = strstr (text, n); p != NULL; p = strstr (p + 1, n))
    if ((p == text || !g_ascii_isdigit (p[-1])) && !g_ascii_isdigit (p[len]))
      return TRUE;
  return FALSE;
}

/* The variables tables of both panels and the inspector, as shown. */
static char *
all_variables (Fixture         *f,
               SeqackInspector *inspector)
{
  return g_strconcat (seqack_endpoint_panel_get_vars_text (
                        endpoint_panel_of (f, SEQACK_CLIENT)), "\n",
                      seqack_endpoint_panel_get_vars_text (
                        endpoint_panel_of (f, SEQACK_SERVER)), "\n",
                      seqack_inspector_get_variables (inspector), NULL);
}

/* @side's last state change among events [0, @n), as the state view
 * would show it: its state and lit edge (CLOSED and none before any). */
static void
state_before (SeqackTrace    *trace,
              SeqackSide      side,
              guint           n,
              SeqackTcpState *state,
              SeqackTcpEdge  *edge)
{
  *state = SEQACK_TCP_CLOSED;
  *edge = SEQACK_TCP_EDGE_NONE;
  for (guint i = n; i-- > 0;)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, i);

      if (e->kind == SEQACK_EVENT_STATE && e->side == side)
        {
          *state = e->to;
          *edge = e->edge;
          return;
        }
    }
}

/* The ladder line of event @event, as "Copy ladder" writes it. */
static char *
ladder_line (SeqackTrace *trace,
             guint        event)
{
  SeqackFormatOptions options = { 0 };
  GString *line = g_string_new (NULL);

  seqack_trace_format_text (trace, event, &options, line);
  return g_string_free (line, FALSE);
}

/* While a question is open, nothing that leaves the window holds its
 * answer: the pcap export refuses and says why, and the diagram export
 * is the picture of the events shown, [0, first). */
static void
assert_exports_conceal (Fixture                     *f,
                        const SeqackLessonConcealed *c,
                        const char                  *dir)
{
  SeqackWindow *window = SEQACK_WINDOW (f->window);
  SeqackTrace *trace = window_trace (f);
  g_autofree char *pcap = g_build_filename (dir, "open.pcap", NULL);
  g_autofree char *png = g_build_filename (dir, "open.png", NULL);
  g_autofree char *shown = g_build_filename (dir, "shown.png", NULL);
  g_autofree char *more = g_build_filename (dir, "more.png", NULL);
  g_autofree char *a = NULL, *b = NULL;
  g_autoptr(GFile) pcap_file = g_file_new_for_path (pcap);
  g_autoptr(GFile) png_file = g_file_new_for_path (png);
  g_autoptr(GError) error = NULL;
  SeqackExportOptions options;
  gsize a_len, b_len;

  g_assert_false (seqack_window_export_pcap (window, pcap_file, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);
  g_assert_cmpstr (error->message, ==,
                   _("Answer the question first: the capture would give its "
                     "answer away"));
  g_assert_false (g_file_test (pcap, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  if (c->first == 0)
    {
      g_assert_false (seqack_window_export_diagram (window, png_file,
                                                    &error));
      return;
    }
  g_assert_true (seqack_window_export_diagram (window, png_file, &error));
  g_assert_no_error (error);
  seqack_export_options_init (&options);
  options.format = SEQACK_EXPORT_PNG;
  options.end_event = c->first;
  /* With the sliding window's bars and plot when they are on screen. */
  g_object_get (f->window, "absolute", &options.absolute, "letters",
                &options.letters, "sliding-window-visible", &options.flow,
                NULL);
  g_assert_true (seqack_export_write (trace, shown, &options, &error));
  g_assert_true (g_file_get_contents (png, &a, &a_len, NULL));
  g_assert_true (g_file_get_contents (shown, &b, &b_len, NULL));
  g_assert_true (a_len == b_len && memcmp (a, b, a_len) == 0);
  /* And the same picture with the segment asked about is another one. */
  if (c->segment != G_MAXUINT)
    {
      g_clear_pointer (&b, g_free);
      options.end_event = c->segment + 1;
      g_assert_true (seqack_export_write (trace, more, &options, &error));
      g_assert_true (g_file_get_contents (more, &b, &b_len, NULL));
      g_assert_false (a_len == b_len && memcmp (a, b, a_len) == 0);
    }
  g_unlink (png);
  g_unlink (shown);
  g_unlink (more);
}

/* In every question step of every built-in lesson, the window shows
 * nothing of the answer: the state view of the side that answers lights
 * neither its edge nor its state, the segment asked about is not drawn
 * (so neither is its label), the inspector does not show it, the copied
 * ladder has no line for it and the exports keep it (see above).
 * Answered, all of it appears, and the capture can be exported. */
static void
test_lesson_concealed (void)
{
  const char *const *names = seqack_lesson_builtin_names ();
  g_autofree char *dir = g_dir_make_tmp ("seqack-conceal-XXXXXX", NULL);
  Fixture f = { 0 };
  guint questions = 0;
  guint masked = 0;

  fixture_open (&f);
  for (guint n = 0; names[n] != NULL; n++)
    {
      g_autoptr(GError) error = NULL;
      SeqackLessonRun *run;
      SeqackInspector *inspector;

      g_assert_true (seqack_lesson_panel_load_builtin (f.panel, names[n],
                                                       &error));
      g_assert_no_error (error);
      inspector = SEQACK_INSPECTOR (find_type (f.window,
                                               SEQACK_TYPE_INSPECTOR));
      g_assert_nonnull (inspector);

      for (;;)
        {
          SeqackLessonConcealed c;
          SeqackTrace *trace;
          const SeqackEvent *answer = NULL;
          g_autofree char *ladder = NULL;
          g_autofree char *line = NULL;
          guint start, end;

          lesson (&f, "lesson.next");
          run = seqack_lesson_panel_get_run (f.panel);
          if (seqack_lesson_run_get_phase (run) ==
              SEQACK_LESSON_PHASE_FINISHED)
            break;
          if (!seqack_lesson_run_get_concealed (run, &c))
            continue;
          questions++;
          trace = window_trace (&f);
          seqack_lesson_run_get_step_range (run, &start, &end);

          g_test_message ("%s step %u", names[n],
                          seqack_lesson_run_get_step (run) + 1);
          /* Before the answer. */
          g_assert_cmpuint (seqack_sequence_view_get_n_shown (f.view), ==,
                            c.first);
          for (SeqackSide side = SEQACK_CLIENT; side <= SEQACK_SERVER; side++)
            {
              SeqackStateView *view = state_view_of (&f, side);
              SeqackTcpState state;
              SeqackTcpEdge edge;
              g_autofree char *badge = NULL;

              state_before (trace, side, c.first, &state, &edge);
              g_assert_cmpint (seqack_state_view_get_state (view), ==, state);
              g_assert_cmpint (seqack_state_view_get_edge (view), ==, edge);
              /* The badge above it names the same state, not the lab's. */
              badge = g_strdup_printf (side == SEQACK_CLIENT
                                         ? _("Client state: %s")
                                         : _("Server state: %s"),
                                       seqack_tcp_state_name (state));
              g_assert_cmpstr (seqack_endpoint_panel_get_state_text
                                 (endpoint_panel_of (&f, side)), ==, badge);
            }
          if (c.state != G_MAXUINT)
            {
              SeqackStateView *view;

              answer = seqack_trace_get_event (trace, c.state);
              view = state_view_of (&f, answer->side);
              g_assert_false (seqack_state_view_get_state (view) ==
                              answer->to &&
                              seqack_state_view_get_edge (view) ==
                              answer->edge);
            }
          if (c.segment != G_MAXUINT)
            {
              line = ladder_line (trace, c.segment);
              ladder = seqack_window_get_ladder (SEQACK_WINDOW (f.window));
              g_assert_cmpuint (seqack_sequence_view_get_n_shown (f.view), <=,
                                c.segment);
              g_assert_cmpuint (seqack_inspector_get_event (inspector), !=,
                                c.segment);
              g_assert_null (strstr (ladder, line));
              g_clear_pointer (&ladder, g_free);
            }
          /* A Seq or Ack question: the variables that hold it read "?". */
          if (c.vars)
            {
              const SeqackEvent *e = seqack_trace_get_event (trace,
                                                             c.segment);
              g_autofree char *vars = all_variables (&f, inspector);
              gboolean seq = seqack_lesson_run_get_question_kind (run) ==
                             SEQACK_QUESTION_SEQ;
              guint32 relative = seq
                                 ? seqack_trace_relative_seq (trace, c.segment)
                                 : seqack_trace_relative_ack (trace,
                                                              c.segment);

              masked += strstr (vars, "?") != NULL;
              g_assert_false (has_number (vars, seq ? e->seq : e->ack));
              g_assert_false (has_number (vars, relative));
            }

          assert_exports_conceal (&f, &c, dir);

          /* Step keys do not get past the question either. */
          g_assert_true (gtk_widget_activate_action (f.window,
                                                     "view.step-forward",
                                                     NULL));
          iterate ();
          g_assert_cmpuint (seqack_sequence_view_get_n_shown (f.view), ==,
                            c.first);

          /* After it. */
          lesson (&f, "lesson.reveal");
          g_assert_cmpuint (seqack_sequence_view_get_n_shown (f.view), ==,
                            end);
          if (answer != NULL)
            {
              SeqackStateView *view = state_view_of (&f, answer->side);
              SeqackTcpState state;
              SeqackTcpEdge edge;

              state_before (trace, answer->side, end, &state, &edge);
              g_assert_cmpint (seqack_state_view_get_state (view), ==, state);
              g_assert_cmpint (seqack_state_view_get_edge (view), ==, edge);
              if (seqack_lesson_run_get_question_kind (run) ==
                  SEQACK_QUESTION_STATE)
                g_assert_cmpint (edge, ==, answer->edge);
            }
          if (c.segment != G_MAXUINT)
            {
              ladder = seqack_window_get_ladder (SEQACK_WINDOW (f.window));
              g_assert_nonnull (strstr (ladder, line));
            }
          {
            g_autofree char *vars = all_variables (&f, inspector);

            g_assert_null (strstr (vars, "?"));
          }
        }
    }
  g_assert_cmpuint (questions, >=, 26);
  /* Most Seq and Ack questions come with variables on screen. */
  g_assert_cmpuint (masked, >=, 10);

  /* No question open: the capture is the user's. */
  {
    g_autofree char *pcap = g_build_filename (dir, "done.pcap", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (pcap);
    g_autoptr(GError) error = NULL;

    g_assert_true (seqack_window_export_pcap (SEQACK_WINDOW (f.window), file,
                                              &error));
    g_assert_no_error (error);
    g_unlink (pcap);
  }
  g_rmdir (dir);

  fixture_close (&f);
}

static AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  AdwMessageDialog *dialog = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (item) &&
          gtk_widget_get_visible (GTK_WIDGET (item)))
        dialog = ADW_MESSAGE_DIALOG (item);
    }
  return dialog;
}

/* Clicks the response button labelled @label, as a student would. */
static void
click_response (AdwMessageDialog *dialog,
                const char       *label)
{
  GPtrArray *stack = g_ptr_array_new ();
  GtkWidget *found = NULL;

  g_ptr_array_add (stack, dialog);
  while (stack->len > 0 && found == NULL)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_BUTTON (w) &&
          g_strcmp0 (gtk_button_get_label (GTK_BUTTON (w)), label) == 0)
        found = w;
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
           c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }
  g_ptr_array_unref (stack);
  g_assert_nonnull (found);
  g_signal_emit_by_name (found, "clicked");
}

static GtkWidget *
next_button (Fixture *f)
{
  g_autoptr(GtkWidget) button = NULL;
  GPtrArray *stack = g_ptr_array_new ();
  GtkWidget *found = NULL;

  g_ptr_array_add (stack, f->panel);
  while (stack->len > 0 && found == NULL)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_BUTTON (w) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (w)),
                     "lesson.next") == 0)
        found = w;
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
           c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (stack, c);
    }
  g_ptr_array_unref (stack);
  g_assert_nonnull (found);
  return found;
}

/* While a question is open Next is not the suggested action, and asks
 * before it skips; a skipped question counts as missed, and a low score
 * is not praised at the end. */
static void
test_lesson_skip (void)
{
  Fixture f = { 0 };
  SeqackLessonRun *run;
  AdwMessageDialog *dialog;

  fixture_open (&f);
  g_assert_true (gtk_widget_has_css_class (next_button (&f),
                                           "suggested-action"));
  lesson (&f, "lesson.next");
  run = seqack_lesson_panel_get_run (f.panel);
  g_assert_cmpint (seqack_lesson_run_get_phase (run), ==,
                   SEQACK_LESSON_PHASE_QUESTION);
  g_assert_false (gtk_widget_has_css_class (next_button (&f),
                                            "suggested-action"));

  /* Next asks; keeping on answering changes nothing. */
  g_assert_null (find_message_dialog ());
  lesson (&f, "lesson.next");
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog))
                 == GTK_WINDOW (f.window));
  g_assert_cmpint (seqack_lesson_run_get_phase (run), ==,
                   SEQACK_LESSON_PHASE_QUESTION);
  g_assert_cmpuint (seqack_lesson_run_get_step (run), ==, 0);
  click_response (dialog, _("_Keep Answering"));
  run_for (100);
  g_assert_null (find_message_dialog ());
  g_assert_cmpint (seqack_lesson_run_get_phase (run), ==,
                   SEQACK_LESSON_PHASE_QUESTION);
  g_assert_cmpuint (seqack_lesson_run_get_step (run), ==, 0);

  /* Skipping goes on, and the question counts as missed. */
  lesson (&f, "lesson.next");
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  click_response (dialog, _("_Skip Question"));
  run_for (100);
  g_assert_null (find_message_dialog ());
  g_assert_cmpuint (seqack_lesson_run_get_step (run), ==, 1);
  assert_score (&f, 0, 2);

  /* Answered, Next is the suggested action again and does not ask. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.panel),
                                             "lesson.answer", "s", "0"));
  iterate ();
  g_assert_true (gtk_widget_has_css_class (next_button (&f),
                                           "suggested-action"));
  assert_score (&f, 1, 2);

  /* Reveal the rest: 1 of 5 is not "Well done". */
  while (seqack_lesson_run_get_phase (run) != SEQACK_LESSON_PHASE_FINISHED)
    {
      if (seqack_lesson_run_get_phase (run) == SEQACK_LESSON_PHASE_QUESTION)
        lesson (&f, "lesson.reveal");
      lesson (&f, "lesson.next");
      g_assert_null (find_message_dialog ());
    }
  assert_score (&f, 1, 5);
  g_assert_false (gtk_widget_has_css_class (next_button (&f),
                                            "suggested-action"));
  g_assert_cmpstr (seqack_lesson_panel_get_step_title (f.panel), !=,
                   _("Well done"));
  g_assert_cmpstr (seqack_lesson_panel_get_step_title (f.panel), ==,
                   _("Worth another try"));

  /* All right: now it is. */
  lesson (&f, "lesson.restart");
  {
    const char *answers[] = { "LISTEN", "0", "1", "1", "ESTABLISHED" };

    for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
      {
        lesson (&f, "lesson.next");
        g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.panel),
                                                   "lesson.answer", "s",
                                                   answers[i]));
        iterate ();
      }
    lesson (&f, "lesson.next");
  }
  assert_score (&f, 5, 5);
  g_assert_cmpstr (seqack_lesson_panel_get_step_title (f.panel), ==,
                   _("Well done"));

  /* A dialog still open when the window goes is closed with it. */
  lesson (&f, "lesson.restart");
  lesson (&f, "lesson.next");
  lesson (&f, "lesson.next");
  g_assert_nonnull (find_message_dialog ());
  fixture_close (&f);
  run_for (50);
  g_assert_null (find_message_dialog ());
}

/* The lesson texts follow the UI language: Chinese under zh_CN. */
static void
test_lesson_language (void)
{
  Fixture f = { 0 };
  g_autoptr(SeqackLesson) lesson_data = NULL;
  g_autofree char *zh_title = NULL;
  g_autofree char *en_title = NULL;
  gboolean chinese = g_str_has_prefix (g_get_language_names ()[0], "zh");
  const char *title;

  fixture_open (&f);
  lesson_data = seqack_lesson_new_builtin ("handshake", NULL);
  zh_title = seqack_lesson_get_step_string (lesson_data, 1, "Title", "zh_CN");
  en_title = seqack_lesson_get_step_string (lesson_data, 1, "Title", "en");

  lesson (&f, "lesson.next");
  lesson (&f, "lesson.reveal");
  lesson (&f, "lesson.next");
  title = seqack_lesson_panel_get_step_title (f.panel);
  g_assert_cmpstr (title, ==, chinese ? zh_title : en_title);
  if (chinese)
    {
      /* A CJK character, and the window's own words translated too. */
      gboolean cjk = FALSE;

      for (const char *p = title; *p; p = g_utf8_next_char (p))
        cjk |= g_utf8_get_char (p) >= 0x4e00 && g_utf8_get_char (p) <= 0x9fff;
      g_assert_true (cjk);
      g_assert_cmpstr (_("Score: %u / %u"), !=, "Score: %u / %u");
    }

  /* An explicit language wins over the locale. */
  seqack_lesson_panel_set_language (f.panel, "en");
  g_assert_cmpstr (seqack_lesson_panel_get_step_title (f.panel), ==,
                   en_title);

  fixture_close (&f);
}

/* The glossary is one action away and searches both languages. */
static SeqackGlossaryWindow *
find_glossary (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  SeqackGlossaryWindow *glossary = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (toplevels, i);

      if (SEQACK_IS_GLOSSARY_WINDOW (item))
        glossary = SEQACK_GLOSSARY_WINDOW (item);
    }

  return glossary;
}

static void
test_lesson_glossary (void)
{
  Fixture f = { 0 };
  SeqackGlossaryWindow *glossary;
  guint all;

  fixture_open (&f);
  g_assert_null (find_glossary ());
  lesson (&f, "lesson.glossary");
  glossary = find_glossary ();
  g_assert_nonnull (glossary);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (glossary)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (glossary))
                 == GTK_WINDOW (f.window));

  all = seqack_glossary_window_get_n_shown (glossary);
  g_assert_cmpuint (all, >=, 10);
  /* Whatever the UI language, a term is found by either name. */
  seqack_glossary_window_set_search (glossary, "序号");
  g_assert_cmpuint (seqack_glossary_window_get_n_shown (glossary), >=, 1);
  g_assert_cmpuint (seqack_glossary_window_get_n_shown (glossary), <, all);
  seqack_glossary_window_set_search (glossary, "Sequence Number");
  g_assert_cmpuint (seqack_glossary_window_get_n_shown (glossary), >=, 1);
  seqack_glossary_window_set_search (glossary, "no-such-term-here");
  g_assert_cmpuint (seqack_glossary_window_get_n_shown (glossary), ==, 0);
  seqack_glossary_window_set_search (glossary, "");
  g_assert_cmpuint (seqack_glossary_window_get_n_shown (glossary), ==, all);

  /* The same action brings the same window back. */
  lesson (&f, "lesson.glossary");
  g_assert_true (find_glossary () == glossary);

  /* Closing the main window closes its glossary. */
  fixture_close (&f);
  g_assert_null (find_glossary ());
}

/* With SEQACK_LESSON_SCREENSHOT=FILE.png: the window with the lesson open
 * at step 2, answered wrongly (feedback, explanation and Corrections). */
static void
test_lesson_screenshot (void)
{
  const char *path = g_getenv ("SEQACK_LESSON_SCREENSHOT");
  g_autoptr(GError) error = NULL;
  Fixture f = { 0 };

  if (path == NULL)
    {
      g_test_skip ("SEQACK_LESSON_SCREENSHOT not set");
      return;
    }

  fixture_open (&f);
  gtk_window_maximize (GTK_WINDOW (f.window));
  lesson (&f, "lesson.next");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f.panel),
                                             "lesson.answer", "s",
                                             "LISTEN"));
  lesson (&f, "lesson.next");
  {
    GtkWidget *entry = find_type (GTK_WIDGET (f.panel), GTK_TYPE_ENTRY);

    gtk_editable_set_text (GTK_EDITABLE (entry), "1");
    g_signal_emit_by_name (entry, "activate");
  }
  run_for (1800);
  g_assert_true (seqack_window_save_screenshot (SEQACK_WINDOW (f.window),
                                                path, &error));
  g_assert_no_error (error);

  fixture_close (&f);
}

static gboolean
bars_shown (Fixture *f)
{
  gboolean visible;

  g_object_get (f->window, "sliding-window-visible", &visible, NULL);
  return visible;
}

/* The flow-control lessons show the sliding window's bars and plot from
 * their first step, as the flow-control scenarios do; a classic lesson
 * does not, and a choice of the user's (View > Sliding Window) holds. */
static void
test_lesson_sliding_window (void)
{
  Fixture f = { 0 };
  g_autoptr(GError) error = NULL;

  fixture_open (&f);
  g_assert_false (bars_shown (&f));
  lesson (&f, "lesson.next");
  g_assert_false (bars_shown (&f));

  g_assert_true (seqack_lesson_panel_load_builtin (f.panel, "sliding-window",
                                                   &error));
  g_assert_no_error (error);
  iterate ();
  lesson (&f, "lesson.next");
  g_assert_true (bars_shown (&f));
  /* It stays through the question of step 2. */
  lesson (&f, "lesson.next");
  g_assert_cmpint (seqack_lesson_run_get_phase (
                     seqack_lesson_panel_get_run (f.panel)), ==,
                   SEQACK_LESSON_PHASE_QUESTION);
  g_assert_true (bars_shown (&f));

  /* Back to a classic lesson: the bars go. */
  g_assert_true (seqack_lesson_panel_load_builtin (f.panel, "handshake",
                                                   &error));
  iterate ();
  lesson (&f, "lesson.next");
  g_assert_false (bars_shown (&f));

  /* The user's choice wins over the lesson's. */
  g_object_set (f.window, "sliding-window-visible", FALSE, NULL);
  g_assert_true (seqack_lesson_panel_load_builtin (f.panel, "retransmission",
                                                   &error));
  iterate ();
  lesson (&f, "lesson.next");
  lesson (&f, "lesson.next");
  g_assert_false (bars_shown (&f));
  fixture_close (&f);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/lesson/handshake", test_lesson_handshake);
  g_test_add_func ("/ui/lesson/concealed", test_lesson_concealed);
  g_test_add_func ("/ui/lesson/skip", test_lesson_skip);
  g_test_add_func ("/ui/lesson/sliding-window", test_lesson_sliding_window);
  g_test_add_func ("/ui/lesson/language", test_lesson_language);
  g_test_add_func ("/ui/lesson/glossary", test_lesson_glossary);
  g_test_add_func ("/ui/lesson/screenshot", test_lesson_screenshot);

  return g_test_run ();
}
