/* seqack-peer-dialog.h: the "external peer" window.
 *
 * Puts SeqAck's TCP on a TUN device, as `seqack-cli tun` does (the same
 * SeqackTunPeer), so the Linux kernel's own TCP shakes hands with it: as
 * the server (the kernel connects, e.g. `nc 192.0.2.2 8080`) or as the
 * client (it connects to a kernel listener on 192.0.2.1). The run is
 * drawn live with the lab's sequence view. Creating the device needs
 * CAP_NET_ADMIN; without it the controls are disabled and the window
 * says why and what to do instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "seqack-trace.h"

G_BEGIN_DECLS

#define SEQACK_TYPE_PEER_DIALOG (seqack_peer_dialog_get_type ())

G_DECLARE_FINAL_TYPE (SeqackPeerDialog, seqack_peer_dialog,
                      SEQACK, PEER_DIALOG, AdwWindow)

SeqackPeerDialog *seqack_peer_dialog_new (GtkWindow *parent);

/* TRUE when this process may create a TUN device (CAP_NET_ADMIN in its
 * effective set, /dev/net/tun usable, not in a Flatpak sandbox); else
 * FALSE with *@reason (may be NULL) a translated explanation. */
gboolean     seqack_peer_dialog_check_permitted (char **reason);

gboolean     seqack_peer_dialog_get_permitted (SeqackPeerDialog *self);
/* SeqAck listens (TRUE, the default) or connects, on @port. */
void         seqack_peer_dialog_set_role      (SeqackPeerDialog *self,
                                               gboolean          listen,
                                               guint16           port);
/* Creates the device and listens or connects (what "Start" does). */
gboolean     seqack_peer_dialog_start         (SeqackPeerDialog *self,
                                               GError          **error);
/* Aborts the run (the connection is reset) and removes the device. */
void         seqack_peer_dialog_stop          (SeqackPeerDialog *self);
gboolean     seqack_peer_dialog_is_running    (SeqackPeerDialog *self);
/* The run's Trace, NULL before the first start. */
SeqackTrace *seqack_peer_dialog_get_trace     (SeqackPeerDialog *self);
/* The status line and the explanation shown, for tests. */
const char  *seqack_peer_dialog_get_status    (SeqackPeerDialog *self);
const char  *seqack_peer_dialog_get_message   (SeqackPeerDialog *self);

G_END_DECLS
