/* test-ui-class-export.c: "Export for a Class…" from the lesson panel in a
 * real window: the panel's action opens the window for the chosen lesson,
 * and Export writes the chosen formats of a class set, in the chosen
 * language, or tells what is wrong and writes nothing. Runs under
 * xvfb-run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "seqack-class-export-dialog.h"
#include "seqack-lesson-panel.h"
#include "ui-test-util.h"

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static SeqackClassExportDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (SEQACK_IS_CLASS_EXPORT_DIALOG (w))
        return SEQACK_CLASS_EXPORT_DIALOG (w);
    }
  return NULL;
}

static guint
count_files (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (d != NULL && g_dir_read_name (d) != NULL)
    n++;
  if (d != NULL)
    g_dir_close (d);
  return n;
}

static void
remove_dir (const char *dir)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  if (d != NULL)
    g_dir_close (d);
  g_rmdir (dir);
}

/* The lesson panel's action opens the window for its current lesson. */
static void
test_open_from_panel (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *panel = seqack_lesson_panel_new ();
  SeqackClassExportDialog *dialog;

  gtk_window_set_child (GTK_WINDOW (window), panel);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();

  g_assert_null (find_dialog ());
  g_assert_true (gtk_widget_activate_action (panel, "lesson.export-class",
                                             NULL));
  iterate ();
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) ==
                 GTK_WINDOW (window));
  g_assert_cmpstr (seqack_lesson_get_name (
                     seqack_class_export_dialog_get_lesson (dialog)), ==,
                   seqack_lesson_builtin_names ()[0]);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
}

static SeqackClassExportDialog *
dialog_for (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SeqackLesson) lesson = seqack_lesson_new_builtin (name, &error);
  SeqackClassExportDialog *dialog;

  g_assert_no_error (error);
  dialog = seqack_class_export_dialog_new (NULL, lesson, "en");
  gtk_window_present (GTK_WINDOW (dialog));
  iterate ();
  return dialog;
}

/* Export writes every chosen format for the chosen number of students, in
 * Chinese when chosen, and says what it wrote. */
static void
test_export (void)
{
  SeqackClassExportDialog *dialog = dialog_for ("handshake");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("seqack-class-XXXXXX", NULL);
  g_autofree char *chosen = g_build_filename (dir, "period-3.xml", NULL);
  g_autofree char *gift = g_build_filename (dir, "period-3.gift", NULL);
  g_autofree char *sheets = g_build_filename (dir, "period-3-worksheets.pdf",
                                              NULL);
  g_autofree char *key = g_build_filename (dir, "period-3-key.pdf", NULL);
  g_autofree char *text = NULL;

  seqack_class_export_dialog_set_students (dialog, 4);
  seqack_class_export_dialog_set_seed (dialog, 77);
  seqack_class_export_dialog_set_language (dialog, "zh_CN");
  seqack_class_export_dialog_set_formats (dialog,
                                          SEQACK_CLASS_EXPORT_MOODLE_XML |
                                          SEQACK_CLASS_EXPORT_GIFT |
                                          SEQACK_CLASS_EXPORT_WORKSHEETS |
                                          SEQACK_CLASS_EXPORT_KEY);
  g_assert_true (seqack_class_export_dialog_export_to (dialog, chosen,
                                                       &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_files (dir), ==, 4);
  g_assert_true (g_file_test (chosen, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (sheets, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (key, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_get_contents (gift, &text, NULL, NULL));
  /* Four students, five questions each, in Chinese. */
  {
    guint n = 0;

    for (const char *p = strstr (text, "::handshake · step "); p != NULL;
         p = strstr (p + 1, "::handshake · step "))
      n++;
    g_assert_cmpuint (n, ==, 4 * 5);
  }
  g_assert_nonnull (strstr (text, "三次握手"));
  g_assert_nonnull (strstr (seqack_class_export_dialog_get_status (dialog),
                            "period-3-key.pdf"));

  /* The same seed makes the same set again. */
  {
    g_autofree char *again = NULL;

    g_assert_true (seqack_class_export_dialog_export_to (dialog, chosen,
                                                         &error));
    g_assert_true (g_file_get_contents (gift, &again, NULL, NULL));
    g_assert_cmpstr (again, ==, text);
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
  remove_dir (dir);
}

/* Bad input is told in the window and writes nothing. */
static void
test_bad_input (void)
{
  SeqackClassExportDialog *dialog = dialog_for ("teardown");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("seqack-class-XXXXXX", NULL);
  g_autofree char *nowhere = g_build_filename (dir, "gone", "x.xml", NULL);
  g_autofree char *here = g_build_filename (dir, "x", NULL);

  seqack_class_export_dialog_set_students (dialog, 2);
  g_assert_false (seqack_class_export_dialog_export_to (dialog, nowhere,
                                                        &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_IO);
  g_assert_nonnull (strstr (seqack_class_export_dialog_get_status (dialog),
                            "gone"));
  g_clear_error (&error);

  seqack_class_export_dialog_set_formats (dialog, 0);
  g_assert_false (seqack_class_export_dialog_export_to (dialog, here,
                                                        &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  g_assert_cmpuint (count_files (dir), ==, 0);
  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
  remove_dir (dir);
}

int
main (int    argc,
      char **argv)
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/class-export/open-from-panel", test_open_from_panel);
  g_test_add_func ("/ui/class-export/export", test_export);
  g_test_add_func ("/ui/class-export/bad-input", test_bad_input);

  return g_test_run ();
}
