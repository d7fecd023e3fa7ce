/* seqack-file-chooser.c: one file chooser for every Open… and Save…
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "seqack-file-chooser.h"

typedef struct
{
  GObject             *owner;
  SeqackFileChosenFunc chosen;
  gpointer             data;
  gboolean             save;
} Request;

static void
request_finish (Request *request,
                GFile   *file)
{
  if (file != NULL)
    request->chosen (request->owner, file, request->data);
  g_object_unref (request->owner);
  g_free (request);
}

#if GTK_CHECK_VERSION (4, 10, 0)

static void
on_dialog_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Request *request = user_data;
  g_autoptr(GFile) file = NULL;

  if (request->save)
    file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (source), result,
                                        NULL);
  else
    file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (source), result,
                                        NULL);
  request_finish (request, file);
}

#else

static void
on_native_response (GtkNativeDialog *dialog,
                    int              response,
                    gpointer         user_data)
{
  Request *request = user_data;
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);
  request_finish (request, file);
}

#endif

void
seqack_choose_file (GtkWidget           *widget,
                    gboolean             save,
                    const char          *title,
                    const char          *initial_name,
                    GtkFileFilter       *filter,
                    GObject             *owner,
                    SeqackFileChosenFunc chosen,
                    gpointer             data)
{
  GtkRoot *root;
  GtkWindow *parent;
  Request *request;

  g_return_if_fail (GTK_IS_WIDGET (widget));
  g_return_if_fail (GTK_IS_FILE_FILTER (filter));
  g_return_if_fail (G_IS_OBJECT (owner));
  g_return_if_fail (chosen != NULL);

  root = gtk_widget_get_root (widget);
  parent = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
  request = g_new0 (Request, 1);
  request->owner = g_object_ref (owner);
  request->chosen = chosen;
  request->data = data;
  request->save = save;

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();
    g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);

    g_list_store_append (filters, filter);
    gtk_file_dialog_set_title (dialog, title);
    gtk_file_dialog_set_filters (dialog, G_LIST_MODEL (filters));
    gtk_file_dialog_set_default_filter (dialog, filter);
    if (save)
      {
        gtk_file_dialog_set_initial_name (dialog, initial_name);
        gtk_file_dialog_save (dialog, parent, NULL, on_dialog_done, request);
      }
    else
      gtk_file_dialog_open (dialog, parent, NULL, on_dialog_done, request);
  }
#else
  {
    GtkFileChooserNative *native;

    native = gtk_file_chooser_native_new (title, parent,
                                          save ? GTK_FILE_CHOOSER_ACTION_SAVE
                                               : GTK_FILE_CHOOSER_ACTION_OPEN,
                                          save ? _("_Save") : _("_Open"),
                                          _("_Cancel"));
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
    if (save && initial_name != NULL)
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native),
                                         initial_name);
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
    g_signal_connect (native, "response", G_CALLBACK (on_native_response),
                      request);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
  }
#endif
}
