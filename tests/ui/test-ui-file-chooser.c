/* test-ui-file-chooser.c: every Open… and Save… goes through one chooser
 * (src/ui/seqack-file-chooser.c). Its own program: the file chooser
 * creates enough GQuarks that GLib drops its first quark block on
 * purpose, which LeakSanitizer only recognises (and the suppression only
 * matches) with full stack unwinding, too slow for the other UI tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "seqack-window.h"
#include "ui-test-util.h"

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* The chooser opens over the window with the job's title; cancelling it
 * calls nothing and lets the window go. */
static void
test_file_chooser_cancel (void)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  g_test_skip ("GtkFileDialog may use the portal: not driven here");
#else
  GtkWidget *window = GTK_WIDGET (seqack_window_new (NULL, 1234));
  GtkWidget *chooser = NULL;
  GListModel *toplevels; /* GTK's own list: not ours to unref */

  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  iterate ();

  g_assert_true (gtk_widget_activate_action (window, "win.open-session",
                                             NULL));
  iterate ();
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (w))
        chooser = w;
    }
  g_assert_nonnull (chooser);
  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (chooser)), ==,
                   _("Open Session"));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (chooser)) ==
                 GTK_WINDOW (window));
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_CANCEL);
  G_GNUC_END_IGNORE_DEPRECATIONS
  iterate ();

  /* The chooser held the window; closing it let go. */
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_finalize_object (window);
#endif
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/file-chooser/cancel", test_file_chooser_cancel);

  return g_test_run ();
}
