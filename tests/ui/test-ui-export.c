/* test-ui-export.c: "Export Diagram…" writes what the window shows: with
 * the sliding window's bars and plot on screen the PNG carries them
 * below the diagram, and without them it does not. Runs under xvfb-run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>

#include "seqack-window.h"
#include "ui-test-util.h"

static void
test_export_flow (void)
{
  GtkWidget *window = ui_test_new_window ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("seqack-ui-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "d.png", NULL);
  gboolean visible = FALSE;
  int with, without;

  /* zero-window turns the bars and the plot on. */
  g_assert_true (seqack_window_run_scenario (SEQACK_WINDOW (window),
                                             "zero-window", &error));
  g_assert_no_error (error);
  seqack_window_show_all (SEQACK_WINDOW (window));
  ui_test_iterate ();
  g_object_get (window, "sliding-window-visible", &visible, NULL);
  g_assert_true (visible);
  with = ui_test_exported_height (window, path);

  g_object_set (window, "sliding-window-visible", FALSE, NULL);
  ui_test_iterate ();
  without = ui_test_exported_height (window, path);
  /* The bars of both sides and the plot: as in render-flow's export. */
  g_assert_cmpint (with, >=, without + 250);

  g_rmdir (dir);
  ui_test_destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/export/flow", test_export_flow);

  return g_test_run ();
}
