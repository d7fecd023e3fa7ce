/* seqack-capture-page-live.c: the capture page's live sources: a live
 * capture on an interface, the "real handshake on lo" demo, and whether
 * the sandbox allows either.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "seqack-capture-page-private.h"

/* After the demo connection closed, frames still in the kernel's buffer
 * (the last ACK) reach the capture within one batch interval; wait a few
 * of them before stopping. */
#define DEMO_STOP_DELAY_MS 300

/* Live capture */

static void
on_live_batch (SeqackCaptureLive        *live,
               const SeqackCaptureBatch *batch,
               gpointer                  user_data)
{
  SeqackCapturePage *self = user_data;
  g_autoptr(GHashTable) changed = g_hash_table_new (NULL, NULL);
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (guint));
  GHashTableIter iter;
  gpointer key;
  guint had = seqack_capture_get_n_conversations (self->capture);
  gboolean shown_changed = FALSE;

  for (guint i = 0; i < batch->n_frames; i++)
    {
      const SeqackCaptureFrame *frame = &batch->frames[i];
      gint index = seqack_capture_add_frame (self->capture, batch->link_type,
                                             frame->t_us, frame->data,
                                             frame->len);

      if (index < 0)
        continue;
      /* Each changed row once, however many frames it got. */
      if ((guint) index < had)
        g_hash_table_add (changed, GUINT_TO_POINTER ((guint) index));
      if ((guint) index == self->selected)
        shown_changed = TRUE;
    }

  g_hash_table_iter_init (&iter, changed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      guint row = GPOINTER_TO_UINT (key);

      g_array_append_val (rows, row);
    }
  _seqack_capture_page_update_rows (self, (const guint *) rows->data,
                                    rows->len);
  _seqack_capture_page_update_status (self);
  /* A live capture shows its first conversation as soon as it appears,
   * so the class sees the SYN arrive. */
  if (self->selected == G_MAXUINT &&
      seqack_capture_get_n_conversations (self->capture) > 0)
    _seqack_capture_page_show_conversation (self, 0);
  else if (shown_changed)
    _seqack_capture_page_refresh_views (self);
}

static void
on_live_stopped (SeqackCaptureLive *live,
                 const GError      *error,
                 gpointer           user_data)
{
  SeqackCapturePage *self = user_data;

  if (error != NULL)
    _seqack_capture_page_show_message (self, error->message);
  /* All Flows was held back while the flows grew: draw them now. */
  if (self->all_flows && self->selected != G_MAXUINT)
    _seqack_capture_page_show_conversation (self, self->selected);
  _seqack_capture_page_update_status (self);
  _seqack_capture_page_update_actions (self);
}

gboolean
seqack_capture_page_start_live (SeqackCapturePage *self,
                                const char        *interface,
                                const char        *filter,
                                GError           **error)
{
  g_autoptr(SeqackCaptureLive) live = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), FALSE);

  if (self->sandbox_message != NULL)
    {
      g_set_error_literal (error, SEQACK_ERROR, SEQACK_ERROR_PERMISSION,
                           self->sandbox_message);
      return FALSE;
    }

  if (interface == NULL)
    {
      GtkStringObject *item =
        gtk_drop_down_get_selected_item (self->interface_dropdown);

      interface = item != NULL ? gtk_string_object_get_string (item) : "lo";
    }
  if (filter == NULL)
    filter = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));

  seqack_capture_page_stop_live (self);
  g_clear_pointer (&self->live, seqack_capture_live_free);
  if (self->loader != NULL)
    {
      g_clear_pointer (&self->loader, seqack_capture_loader_free);
      gtk_widget_set_visible (self->progress_box, FALSE);
    }

  live = seqack_capture_live_new (interface, filter, &local_error);
  if (live == NULL ||
      !seqack_capture_live_start (live, NULL, on_live_batch, on_live_stopped,
                                  self, NULL, &local_error))
    {
      _seqack_capture_page_show_message (self, local_error->message);
      _seqack_capture_page_update_actions (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  _seqack_capture_page_show_message (self, NULL);
  self->live = g_steal_pointer (&live);
  _seqack_capture_page_set_capture (self, seqack_capture_new ());
  _seqack_capture_page_update_actions (self);

  return TRUE;
}

void
seqack_capture_page_stop_live (SeqackCapturePage *self)
{
  g_return_if_fail (SEQACK_IS_CAPTURE_PAGE (self));

  if (self->live != NULL)
    seqack_capture_live_stop (self->live);
}

gboolean
seqack_capture_page_is_live (SeqackCapturePage *self)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), FALSE);

  return self->live != NULL && seqack_capture_live_is_running (self->live);
}

/* The demo */

void
_seqack_capture_page_end_demo (SeqackCapturePage *self)
{
  g_clear_handle_id (&self->demo_stop_id, g_source_remove);
  seqack_capture_page_stop_live (self);
  g_clear_pointer (&self->demo, seqack_capture_demo_free);
  _seqack_capture_page_update_actions (self);
}

static gboolean
on_demo_stop_timeout (gpointer user_data)
{
  SeqackCapturePage *self = user_data;

  self->demo_stop_id = 0;
  _seqack_capture_page_end_demo (self);
  if (self->capture != NULL &&
      seqack_capture_get_n_conversations (self->capture) > 0 &&
      self->selected == G_MAXUINT)
    _seqack_capture_page_show_conversation (self, 0);
  else if (self->all_flows && self->selected != G_MAXUINT)
    _seqack_capture_page_show_conversation (self, self->selected);
  else
    _seqack_capture_page_refresh_views (self);

  return G_SOURCE_REMOVE;
}

static void
demo_wait_thread (GTask        *task,
                  gpointer      source,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  GError *error = NULL;

  if (seqack_capture_demo_wait (task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
on_demo_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SeqackCapturePage *self = SEQACK_CAPTURE_PAGE (source);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      _seqack_capture_page_show_message (self, error->message);
    }
  if (self->demo == NULL)
    return;
  self->demo_stop_id = g_timeout_add (DEMO_STOP_DELAY_MS,
                                      on_demo_stop_timeout, self);
}

gboolean
seqack_capture_page_run_demo (SeqackCapturePage *self,
                              GError           **error)
{
  g_autoptr(SeqackCaptureDemo) demo = NULL;
  g_autoptr(GTask) task = NULL;
  g_autofree char *filter = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), FALSE);

  if (self->demo != NULL)
    _seqack_capture_page_end_demo (self);

  demo = seqack_capture_demo_new (&local_error);
  if (demo == NULL)
    {
      _seqack_capture_page_show_message (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* The filter first, then the connection: the SYN must not be missed. */
  filter = seqack_capture_demo_get_filter (demo);
  if (!seqack_capture_page_start_live (self, "lo", filter, error))
    return FALSE;
  if (!seqack_capture_demo_handshake (demo, &local_error))
    {
      seqack_capture_page_stop_live (self);
      _seqack_capture_page_show_message (self, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* The demo is used by the waiting thread; it is freed on the main
   * thread only after that thread returned (_seqack_capture_page_end_demo() from on_demo_done),
   * or in dispose, which waits for the helper itself. */
  self->demo = g_steal_pointer (&demo);
  g_clear_object (&self->demo_cancellable);
  self->demo_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->demo_cancellable, on_demo_done, NULL);
  g_task_set_task_data (task, self->demo, NULL);
  g_task_run_in_thread (task, demo_wait_thread);
  _seqack_capture_page_update_actions (self);

  return TRUE;
}

gboolean
seqack_capture_page_is_demo_running (SeqackCapturePage *self)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), FALSE);

  return self->demo != NULL;
}

/* Sandbox and interfaces */

void
seqack_capture_page_check_sandbox (SeqackCapturePage *self,
                                   const char        *flatpak_info)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SEQACK_IS_CAPTURE_PAGE (self));

  g_clear_pointer (&self->sandbox_message, g_free);
  if (!seqack_capture_check_sandbox (flatpak_info, &error))
    {
      seqack_capture_page_stop_live (self);
      self->sandbox_message = g_strdup (error->message);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->interface_dropdown),
                            self->sandbox_message == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->filter_entry),
                            self->sandbox_message == NULL);
  _seqack_capture_page_show_message (self, NULL);
  _seqack_capture_page_update_actions (self);
}

gboolean
seqack_capture_page_get_live_available (SeqackCapturePage *self)
{
  g_return_val_if_fail (SEQACK_IS_CAPTURE_PAGE (self), FALSE);

  return self->sandbox_message == NULL;
}

void
_seqack_capture_page_fill_interfaces (SeqackCapturePage *self)
{
  g_autoptr(GPtrArray) interfaces = NULL;
  g_autoptr(GError) error = NULL;

  interfaces = seqack_capture_list_interfaces (&error);
  if (interfaces == NULL || interfaces->len == 0)
    {
      /* lo exists on every Linux system even when libpcap may not list
       * it to an unprivileged user; starting will explain any problem. */
      gtk_string_list_append (self->interfaces, "lo");
      return;
    }
  for (guint i = 0; i < interfaces->len; i++)
    {
      SeqackCaptureInterface *iface = g_ptr_array_index (interfaces, i);

      gtk_string_list_append (self->interfaces, iface->name);
    }
}
