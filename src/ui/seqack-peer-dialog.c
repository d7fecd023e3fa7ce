/* seqack-peer-dialog.c: the "external peer" window.
 *
 * A thin front end over SeqackTunPeer, run on the main context exactly as
 * `seqack-cli tun` runs it; the window only draws the peer's Trace after
 * each notification.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <linux/capability.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "seqack-peer-dialog.h"
#include "seqack-sequence-render.h"
#include "seqack-sequence-view.h"
#include "seqack-tun-peer.h"

/* SeqAck's side of the link and the kernel's: TEST-NET-1 (RFC 5737), as
 * `seqack-cli tun` uses by default. */
#define PEER_SEQACK_ADDRESS 0xC0000202u /* 192.0.2.2 */
#define PEER_KERNEL_ADDRESS 0xC0000201u /* 192.0.2.1 */

struct _SeqackPeerDialog
{
  AdwWindow             parent_instance;

  GtkWidget            *message_box;
  GtkLabel             *message_label;
  GtkWidget            *settings_grid;
  GtkDropDown          *role_dropdown;
  GtkSpinButton        *port_spin;
  GtkEntry             *text_entry;
  GtkLabel             *hint_label;
  GtkLabel             *status_label;
  SeqackSequenceView   *sequence_view;

  SeqackTunPeer        *peer;
  SeqackSequenceLayout *layout;
  GCancellable         *cancellable;
  gboolean              permitted;
};

G_DEFINE_FINAL_TYPE (SeqackPeerDialog, seqack_peer_dialog, ADW_TYPE_WINDOW)

gboolean
seqack_peer_dialog_check_permitted (char **reason)
{
  struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3] = { { 0 } };
  const char *message = NULL;

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    message = _("Inside the Flatpak sandbox SeqAck cannot create network "
                "devices. Install SeqAck from your distribution or build "
                "it, then run “sudo seqack-cli tun --listen 8080” to let "
                "the kernel talk to SeqAck’s TCP.");
  else if (syscall (SYS_capget, &header, data) == 0 &&
           !(data[CAP_TO_INDEX (CAP_NET_ADMIN)].effective &
             CAP_TO_MASK (CAP_NET_ADMIN)))
    message = _("Creating a TUN device needs the CAP_NET_ADMIN capability, "
                "which SeqAck does not have (it never runs as root). Run "
                "the same peer from a terminal with “sudo seqack-cli tun "
                "--listen 8080”, or give the command-line tool the "
                "capability once with “sudo setcap cap_net_admin+ep "
                "$(command -v seqack-cli)”.");
  else if (g_access ("/dev/net/tun", R_OK | W_OK) != 0)
    message = _("This system has no usable /dev/net/tun: load the tun "
                "kernel module (“sudo modprobe tun”) and try again.");

  if (reason != NULL)
    *reason = g_strdup (message);

  return message == NULL;
}

static void
update_actions (SeqackPeerDialog *self)
{
  gboolean running = seqack_peer_dialog_is_running (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "peer.start",
                                 self->permitted && !running);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "peer.stop", running);
  gtk_widget_set_sensitive (self->settings_grid, self->permitted && !running);
}

static void
update_hint (SeqackPeerDialog *self)
{
  guint port = (guint) gtk_spin_button_get_value_as_int (self->port_spin);
  g_autofree char *hint = NULL;

  if (gtk_drop_down_get_selected (self->role_dropdown) == 0)
    hint = g_strdup_printf (_("Then, in a terminal: nc 192.0.2.2 %u"), port);
  else
    hint = g_strdup_printf (_("First, in a terminal: nc -l 192.0.2.1 %u"),
                            port);
  gtk_label_set_label (self->hint_label, hint);
}

static void
show_message (SeqackPeerDialog *self,
              const char       *message)
{
  gtk_label_set_label (self->message_label, message != NULL ? message : "");
  gtk_widget_set_visible (self->message_box, message != NULL);
}

static void
set_status (SeqackPeerDialog *self)
{
  g_autofree char *text = NULL;
  SeqackSide side;

  if (self->peer == NULL)
    {
      gtk_label_set_label (self->status_label, "");
      return;
    }

  side = seqack_tun_peer_get_side (self->peer);
  text = g_strdup_printf (_("Device %s · SeqAck (%s): %s"),
                          seqack_tun_get_name (seqack_tun_peer_get_tun (self->peer)),
                          side == SEQACK_SERVER ? _("server") : _("client"),
                          seqack_tcp_state_name (seqack_tun_peer_get_state (self->peer)));
  gtk_label_set_label (self->status_label, text);
}

static void
on_notify (SeqackTunPeer *peer,
           gpointer       user_data)
{
  SeqackPeerDialog *self = user_data;
  SeqackTrace *trace = seqack_tun_peer_get_trace (peer);

  seqack_sequence_layout_update (self->layout);
  seqack_sequence_view_set_shown (self->sequence_view,
                                  seqack_trace_get_n_events (trace), 1.0,
                                  SEQACK_NOW_LAST_SHOWN);
  set_status (self);
}

static void
on_finished (SeqackTunPeer *peer,
             const GError  *error,
             gpointer       user_data)
{
  SeqackPeerDialog *self = user_data;
  const GError *conn_error = seqack_tun_peer_get_connection_error (peer);

  on_notify (peer, self);
  if (error != NULL &&
      !g_error_matches (error, SEQACK_ERROR, SEQACK_ERROR_CANCELLED))
    show_message (self, error->message);
  else if (conn_error != NULL)
    show_message (self, conn_error->message);
  update_actions (self);
}

static void
clear_peer (SeqackPeerDialog *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  seqack_sequence_view_set_layout (self->sequence_view, NULL);
  g_clear_pointer (&self->layout, seqack_sequence_layout_free);
  g_clear_pointer (&self->peer, seqack_tun_peer_free);
  g_clear_object (&self->cancellable);
}

gboolean
seqack_peer_dialog_start (SeqackPeerDialog *self,
                          GError          **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  SeqackTunPeerConfig config;

  g_return_val_if_fail (SEQACK_IS_PEER_DIALOG (self), FALSE);

  if (seqack_peer_dialog_is_running (self))
    return TRUE;
  clear_peer (self);

  text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->text_entry)));
  seqack_tun_peer_config_init (&config);
  config.address = PEER_SEQACK_ADDRESS;
  config.peer = PEER_KERNEL_ADDRESS;
  config.listen = gtk_drop_down_get_selected (self->role_dropdown) == 0;
  config.server_port =
    (guint16) gtk_spin_button_get_value_as_int (self->port_spin);
  config.send_text = text[0] != '\0' ? text : NULL;
  /* A short 2MSL, so a class is not kept waiting a minute in TIME-WAIT. */
  config.tcp.msl = 2 * G_USEC_PER_SEC;

  self->peer = seqack_tun_peer_new (&config, &local_error);
  if (self->peer == NULL)
    {
      show_message (self, local_error->message);
      update_actions (self);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  show_message (self, NULL);
  self->layout = seqack_sequence_layout_new (seqack_tun_peer_get_trace (self->peer));
  seqack_sequence_view_set_layout (self->sequence_view, self->layout);
  self->cancellable = g_cancellable_new ();
  seqack_tun_peer_set_notify (self->peer, on_notify, self);
  seqack_tun_peer_start (self->peer, self->cancellable, on_finished, self);
  on_notify (self->peer, self);
  update_actions (self);

  return TRUE;
}

void
seqack_peer_dialog_stop (SeqackPeerDialog *self)
{
  g_return_if_fail (SEQACK_IS_PEER_DIALOG (self));

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

gboolean
seqack_peer_dialog_is_running (SeqackPeerDialog *self)
{
  g_return_val_if_fail (SEQACK_IS_PEER_DIALOG (self), FALSE);

  return self->peer != NULL && !seqack_tun_peer_is_finished (self->peer);
}

gboolean
seqack_peer_dialog_get_permitted (SeqackPeerDialog *self)
{
  g_return_val_if_fail (SEQACK_IS_PEER_DIALOG (self), FALSE);

  return self->permitted;
}

void
seqack_peer_dialog_set_role (SeqackPeerDialog *self,
                             gboolean          listen,
                             guint16           port)
{
  g_return_if_fail (SEQACK_IS_PEER_DIALOG (self));

  gtk_drop_down_set_selected (self->role_dropdown, listen ? 0 : 1);
  gtk_spin_button_set_value (self->port_spin, port);
}

SeqackTrace *
seqack_peer_dialog_get_trace (SeqackPeerDialog *self)
{
  g_return_val_if_fail (SEQACK_IS_PEER_DIALOG (self), NULL);

  return self->peer != NULL ? seqack_tun_peer_get_trace (self->peer) : NULL;
}

const char *
seqack_peer_dialog_get_status (SeqackPeerDialog *self)
{
  g_return_val_if_fail (SEQACK_IS_PEER_DIALOG (self), NULL);

  return gtk_label_get_label (self->status_label);
}

const char *
seqack_peer_dialog_get_message (SeqackPeerDialog *self)
{
  g_return_val_if_fail (SEQACK_IS_PEER_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (self->message_box))
    return NULL;
  return gtk_label_get_label (self->message_label);
}

static void
action_start (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  seqack_peer_dialog_start (SEQACK_PEER_DIALOG (widget), NULL);
}

static void
action_stop (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  seqack_peer_dialog_stop (SEQACK_PEER_DIALOG (widget));
}

static void
seqack_peer_dialog_dispose (GObject *object)
{
  SeqackPeerDialog *self = SEQACK_PEER_DIALOG (object);

  /* The peer's sources live on the main context: remove them with it. */
  clear_peer (self);

  gtk_widget_dispose_template (GTK_WIDGET (object), SEQACK_TYPE_PEER_DIALOG);

  G_OBJECT_CLASS (seqack_peer_dialog_parent_class)->dispose (object);
}

static void
seqack_peer_dialog_class_init (SeqackPeerDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seqack_peer_dialog_dispose;

  g_type_ensure (SEQACK_TYPE_SEQUENCE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH
                                               "/seqack-peer-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SeqackPeerDialog,
                                        message_box);
  gtk_widget_class_bind_template_child (widget_class, SeqackPeerDialog,
                                        message_label);
  gtk_widget_class_bind_template_child (widget_class, SeqackPeerDialog,
                                        settings_grid);
  gtk_widget_class_bind_template_child (widget_class, SeqackPeerDialog,
                                        role_dropdown);
  gtk_widget_class_bind_template_child (widget_class, SeqackPeerDialog,
                                        port_spin);
  gtk_widget_class_bind_template_child (widget_class, SeqackPeerDialog,
                                        text_entry);
  gtk_widget_class_bind_template_child (widget_class, SeqackPeerDialog,
                                        hint_label);
  gtk_widget_class_bind_template_child (widget_class, SeqackPeerDialog,
                                        status_label);
  gtk_widget_class_bind_template_child (widget_class, SeqackPeerDialog,
                                        sequence_view);

  gtk_widget_class_install_action (widget_class, "peer.start", NULL,
                                   action_start);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return,
                                       GDK_CONTROL_MASK, "peer.start", NULL);
  gtk_widget_class_install_action (widget_class, "peer.stop", NULL,
                                   action_stop);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "peer.stop", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w,
                                       GDK_CONTROL_MASK, "window.close",
                                       NULL);
}

static void
seqack_peer_dialog_init (SeqackPeerDialog *self)
{
  g_autofree char *reason = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->permitted = seqack_peer_dialog_check_permitted (&reason);
  show_message (self, reason);
  g_signal_connect_swapped (self->role_dropdown, "notify::selected",
                            G_CALLBACK (update_hint), self);
  g_signal_connect_swapped (self->port_spin, "value-changed",
                            G_CALLBACK (update_hint), self);
  update_hint (self);
  update_actions (self);
}

SeqackPeerDialog *
seqack_peer_dialog_new (GtkWindow *parent)
{
  return g_object_new (SEQACK_TYPE_PEER_DIALOG,
                       "transient-for", parent,
                       "modal", FALSE,
                       NULL);
}
