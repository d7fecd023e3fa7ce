/* seqack-file-chooser.h: ask the user for one file to open or save.
 *
 * GtkFileDialog where GTK has it (4.10), GtkFileChooserNative on Debian
 * 12's GTK 4.8: one place for the version switch and the portal-friendly
 * chooser, used by every "Open…" and "Save…" in the window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Called once, only when the user chose a file. */
typedef void (*SeqackFileChosenFunc) (GObject  *owner,
                                      GFile    *file,
                                      gpointer  data);

/* Shows a modal chooser over @widget's window. @owner is kept alive until
 * the chooser closes; @initial_name is the suggested name when saving. */
void seqack_choose_file (GtkWidget           *widget,
                         gboolean             save,
                         const char          *title,
                         const char          *initial_name,
                         GtkFileFilter       *filter,
                         GObject             *owner,
                         SeqackFileChosenFunc chosen,
                         gpointer             data);

G_END_DECLS
