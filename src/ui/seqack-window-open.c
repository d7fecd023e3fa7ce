/* seqack-window-open.c: files handed to the window by `seqack FILE…`, the
 * file manager, a drop or the recent list, each opened where it belongs: a
 * capture in the Capture page, a scenario or a saved session in the lab, a
 * lesson in the lesson panel. A file that cannot be opened is named by its
 * whole path and leaves the current work as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "seqack-file-chooser.h"
#include "seqack-scenario.h"
#include "seqack-window-private.h"

typedef enum
{
  KIND_UNKNOWN,
  KIND_CAPTURE,
  KIND_SCENARIO,
  KIND_SESSION,
  KIND_LESSON,
} FileKind;

/* By the name first (SeqAck's own types are plain text told apart only by
 * their extension, like the MIME package says), then by what GIO sniffed
 * for a capture without one. */
static FileKind
kind_of (GFile     *file,
         GFileInfo *info)
{
  static const struct { const char *suffix; FileKind kind; } suffixes[] = {
    { ".pcap", KIND_CAPTURE }, { ".pcapng", KIND_CAPTURE },
    { ".cap", KIND_CAPTURE }, { ".ntar", KIND_CAPTURE },
    { ".scenario", KIND_SCENARIO }, { ".seqack", KIND_SESSION },
    { ".lesson", KIND_LESSON },
  };
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = g_utf8_strdown (name != NULL ? name : "", -1);
  const char *type;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    if (g_str_has_suffix (lower, suffixes[i].suffix))
      return suffixes[i].kind;

  type = info != NULL ? g_file_info_get_content_type (info) : NULL;
  if (type != NULL &&
      (g_content_type_is_mime_type (type, "application/vnd.tcpdump.pcap") ||
       g_content_type_is_mime_type (type, "application/x-pcapng")))
    return KIND_CAPTURE;

  return KIND_UNKNOWN;
}

static char *
load_text (GFile   *file,
           GError **error)
{
  g_autofree char *text = NULL;
  gsize len;

  if (!g_file_load_contents (file, NULL, &text, &len, NULL, error))
    return NULL;
  if (memchr (text, '\0', len) != NULL || !g_utf8_validate (text, len, NULL))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           _("This is not a text file"));
      return NULL;
    }
  return g_steal_pointer (&text);
}

/* A scenario file is a session without times: opened as one, so saving
 * afterwards keeps it, and played from the start as the Scenarios menu
 * plays a built-in. */
static gboolean
open_scenario (SeqackWindow *self,
               GFile        *file,
               const char   *path,
               GError      **error)
{
  g_autofree char *text = load_text (file, error);
  g_autoptr(SeqackScenario) scenario = NULL;
  g_autoptr(SeqackSession) session = NULL;
  SeqackLab *lab;

  if (text == NULL)
    return FALSE;
  /* Its errors name the line; the caller names the file. */
  session = seqack_session_parse (text, error);
  if (session == NULL)
    return FALSE;
  lab = seqack_session_replay (session, error);
  if (lab == NULL)
    return FALSE;

  self->seed = seqack_session_get_seed (session);
  _seqack_window_reset_lab (self, g_steal_pointer (&session), lab);
  /* The same text parsed as a scenario gives its description. */
  scenario = seqack_scenario_parse (text, path, NULL);
  adw_window_title_set_subtitle (self->window_title,
                                 scenario != NULL
                                 ? seqack_scenario_get_description (scenario)
                                 : NULL);
  seqack_player_set_playing (self->player, TRUE);

  return TRUE;
}

static void
show_mode (SeqackWindow *self,
           const char   *mode)
{
  adw_view_stack_set_visible_child_name (self->mode_stack, mode);
}

gboolean
seqack_window_open_file (SeqackWindow *self,
                         GFile        *file,
                         GError      **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *path = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (SEQACK_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_parse_name (file);
  info = g_file_query_info (file,
                            G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE ","
                            G_FILE_ATTRIBUTE_ACCESS_CAN_READ,
                            G_FILE_QUERY_INFO_NONE, NULL, &local);
  if (info == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                     _("“%s” does not exist"), path);
      else
        g_set_error (error, local->domain, local->code,
                     _("Could not open “%s”: %s"), path, local->message);
      return FALSE;
    }
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("“%s” is a folder, not a file"), path);
      return FALSE;
    }
  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_ACCESS_CAN_READ) &&
      !g_file_info_get_attribute_boolean (info,
                                          G_FILE_ATTRIBUTE_ACCESS_CAN_READ))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   _("“%s” cannot be read: permission denied"), path);
      return FALSE;
    }

  switch (kind_of (file, info))
    {
    case KIND_CAPTURE:
      /* The page reads it off the main thread and explains a bad file
       * itself, keeping what it showed. */
      show_mode (self, "capture");
      seqack_capture_page_open_file (self->capture_page, file);
      ok = TRUE;
      break;
    case KIND_SCENARIO:
      ok = open_scenario (self, file, path, &local);
      if (ok)
        show_mode (self, "lab");
      break;
    case KIND_SESSION:
      ok = seqack_window_open_session (self, file, &local);
      if (ok)
        show_mode (self, "lab");
      break;
    case KIND_LESSON:
      ok = seqack_lesson_panel_load_file (self->lesson_panel, file, &local);
      if (ok)
        {
          show_mode (self, "lab");
          g_object_set (self, "lessons-visible", TRUE, NULL);
        }
      break;
    case KIND_UNKNOWN:
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is not a file SeqAck opens: it opens captures "
                     "(.pcap, .pcapng, .cap), scenarios (.scenario), "
                     "sessions (.seqack) and lessons (.lesson)"), path);
      return FALSE;
    }

  if (!ok)
    {
      g_set_error (error, local->domain, local->code,
                   _("Could not open “%s”: %s"), path, local->message);
      return FALSE;
    }

  {
    g_autofree char *uri = g_file_get_uri (file);

    gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
  }

  return TRUE;
}

static gboolean ask_first (SeqackWindow *self,
                           GFile        *file);

void
seqack_window_open (SeqackWindow *self,
                    GFile        *file)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SEQACK_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (ask_first (self, file))
    return;

  if (!seqack_window_open_file (self, file, &error))
    {
      /* Also for whoever typed `seqack FILE` in a terminal. */
      g_printerr ("seqack: %s\n", error->message);
      _seqack_window_toast (self, error->message);
    }
}

/* Drag and drop: every file dropped is opened as if named on the command
 * line, in order. */
static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         gpointer       user_data)
{
  SeqackWindow *self = user_data;
  GSList *files;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  if (files == NULL)
    return FALSE;
  for (GSList *l = files; l != NULL; l = l->next)
    seqack_window_open (self, l->data);
  g_slist_free (files);

  return TRUE;
}

/* Recent files: the ones SeqAck opens, newest first, in an "Open Recent"
 * submenu of the main menu that is there only when it has something. */
#define MAX_RECENT 8

static int
compare_modified (gconstpointer a,
                  gconstpointer b)
{
  GtkRecentInfo *ia = *(GtkRecentInfo **) a, *ib = *(GtkRecentInfo **) b;

  return g_date_time_compare (gtk_recent_info_get_modified (ib),
                              gtk_recent_info_get_modified (ia));
}

static void
update_recent (SeqackWindow *self)
{
  GMenu *section = G_MENU (gtk_widget_get_template_child (
                             GTK_WIDGET (self), SEQACK_TYPE_WINDOW,
                             "recent_section"));
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  g_autoptr(GPtrArray) infos = g_ptr_array_new ();
  g_autoptr(GMenu) submenu = g_menu_new ();

  for (GList *l = items; l != NULL; l = l->next)
    {
      g_autoptr(GFile) file = g_file_new_for_uri (gtk_recent_info_get_uri (l->data));

      if (kind_of (file, NULL) != KIND_UNKNOWN &&
          gtk_recent_info_exists (l->data))
        g_ptr_array_add (infos, l->data);
    }
  g_ptr_array_sort (infos, compare_modified);

  for (guint i = 0; i < infos->len && i < MAX_RECENT; i++)
    {
      GtkRecentInfo *info = infos->pdata[i];
      g_autoptr(GMenuItem) item = NULL;

      item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s",
                                         gtk_recent_info_get_uri (info));
      g_menu_append_item (submenu, item);
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);

  g_menu_remove_all (section);
  if (g_menu_model_get_n_items (G_MENU_MODEL (submenu)) > 0)
    g_menu_append_submenu (section, _("Open _Recent"),
                           G_MENU_MODEL (submenu));
}

static void
win_open_recent (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param,
                                                                    NULL));

  seqack_window_open (SEQACK_WINDOW (widget), file);
}

void
_seqack_window_class_open_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_child_full (widget_class, "recent_section",
                                             FALSE, 0);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s",
                                   win_open_recent);
}

void
_seqack_window_setup_open (SeqackWindow *self)
{
  GtkDropTarget *target;

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (target, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self),
                             GTK_EVENT_CONTROLLER (target));

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed",
                           G_CALLBACK (update_recent), self,
                           G_CONNECT_SWAPPED);
  update_recent (self);
}

/* Nothing lost: closing the window, quitting, or opening a file that
 * replaces the lab while it has actions no session file holds asks first
 * whether to save them. */

gboolean
_seqack_window_has_unsaved (SeqackWindow *self)
{
  SeqackSession *session = seqack_player_get_session (self->player);

  guint n_steps = session != NULL ? seqack_session_get_n_steps (session) : 0;

  /* A fresh lab (start, reset, a scenario, a lesson) holds no actions of
   * the user's; one opened or saved is clean until it gets more. */
  return n_steps > 0 &&
         (session != self->clean_session ||
          seqack_session_get_changes (session) != self->clean_changes);
}

void
_seqack_window_mark_saved (SeqackWindow *self)
{
  SeqackSession *session = seqack_player_get_session (self->player);

  self->clean_session = session;
  self->clean_changes = session != NULL
                        ? seqack_session_get_changes (session) : 0;
}

/* After the question: close the window (@then_open NULL) or open it. */
static void
go_on (SeqackWindow *self,
       GFile        *then_open)
{
  if (then_open == NULL)
    {
      self->close_confirmed = TRUE;
      gtk_window_close (GTK_WINDOW (self));
    }
  else
    seqack_window_open (self, then_open);
}

static void
on_saved_then (GObject  *owner,
               GFile    *file,
               gpointer  data)
{
  SeqackWindow *self = SEQACK_WINDOW (owner);
  g_autoptr(GFile) then_open = data;
  g_autoptr(GError) error = NULL;

  if (!seqack_window_save_session (self, file, &error))
    {
      g_autofree char *path = g_file_get_parse_name (file);
      g_autofree char *message = NULL;

      /* Not saved: stay, with the work still there. */
      message = g_strdup_printf (_("Could not save “%s”: %s"), path,
                                 error->message);
      _seqack_window_toast (self, message);
      return;
    }
  go_on (self, then_open);
}

static void
on_unsaved_response (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  SeqackWindow *self = user_data;
  GFile *then_open = g_object_get_data (G_OBJECT (dialog), "then-open");

  if (g_str_equal (response, "discard"))
    {
      /* The lab's actions are let go on purpose. */
      _seqack_window_mark_saved (self);
      go_on (self, then_open);
    }
  else if (g_str_equal (response, "save"))
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _("SeqAck sessions"));
      gtk_file_filter_add_pattern (filter, "*.seqack");
      seqack_choose_file (GTK_WIDGET (self), TRUE, _("Save Session"),
                          "lesson.seqack", filter, G_OBJECT (self),
                          on_saved_then,
                          then_open != NULL ? g_object_ref (then_open) : NULL);
    }
  /* "cancel": everything stays as it was. */
}

/* Asks Save / Discard / Cancel; the answer goes on to close or open. */
static void
ask_unsaved (SeqackWindow *self,
             GFile        *then_open)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (
             adw_message_dialog_new (GTK_WINDOW (self),
                                     _("Save the Lab Session?"), NULL));
  adw_message_dialog_set_body (dialog,
                               _("The lab has actions that no session file "
                                 "holds yet. If you do not save them, they "
                                 "are lost."));
  adw_message_dialog_add_responses (dialog,
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save");
  adw_message_dialog_set_close_response (dialog, "cancel");
  if (then_open != NULL)
    g_object_set_data_full (G_OBJECT (dialog), "then-open",
                            g_object_ref (then_open), g_object_unref);
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (on_unsaved_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
_seqack_window_keep_open (SeqackWindow *self)
{
  if (self->close_confirmed || !_seqack_window_has_unsaved (self))
    return FALSE;
  ask_unsaved (self, NULL);
  return TRUE;
}

/* A file that replaces the lab (a capture does not) over unsaved work. */
static gboolean
ask_first (SeqackWindow *self,
           GFile        *file)
{
  FileKind kind = kind_of (file, NULL);

  if ((kind != KIND_SCENARIO && kind != KIND_SESSION && kind != KIND_LESSON)
      || !_seqack_window_has_unsaved (self))
    return FALSE;
  ask_unsaved (self, file);
  return TRUE;
}
