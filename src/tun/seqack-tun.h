/* seqack-tun.h: a Linux TUN device carrying raw IPv4 packets.
 *
 * Opening one creates the interface (/dev/net/tun, IFF_TUN | IFF_NO_PI),
 * gives the kernel's end of the point-to-point link its address, names
 * SeqAck's address as the other end and brings the link up, all with
 * ioctls: no `ip` command is needed. The device disappears when it is
 * freed. Every packet the kernel routes to SeqAck's address is read here;
 * every packet written here enters the kernel as if it came off a wire.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "seqack-error.h"

G_BEGIN_DECLS

/* Largest packet read or written: the device's MTU (1500) is below it. */
#define SEQACK_TUN_MAX_PACKET 65535

typedef struct _SeqackTun SeqackTun;

/* Creates the device @name (at most 15 bytes; NULL or "" lets the kernel
 * choose "tunN"), assigns @kernel_addr to the kernel's side, sets
 * @remote_addr (SeqAck's address, host order) as the point-to-point
 * destination so the kernel routes it through the device, and brings the
 * link up. The file descriptor is non-blocking. Fails with
 * SEQACK_ERROR_PERMISSION without CAP_NET_ADMIN, SEQACK_ERROR_NOT_FOUND
 * when the kernel has no TUN driver, SEQACK_ERROR_INVALID_ARGUMENT for a
 * bad name or a device name already in use by a non-TUN device, and
 * SEQACK_ERROR_IO otherwise. */
SeqackTun  *seqack_tun_new      (const char *name,
                                 guint32     kernel_addr,
                                 guint32     remote_addr,
                                 GError    **error);
void        seqack_tun_free     (SeqackTun *tun);

/* The name the device got ("seqack0"). */
const char *seqack_tun_get_name (SeqackTun *tun);
/* The descriptor to poll for G_IO_IN. Owned by @tun. */
int         seqack_tun_get_fd   (SeqackTun *tun);

/* Reads one packet into @buf. Returns its length, 0 when no packet is
 * waiting, or -1 with @error set (SEQACK_ERROR_IO). A packet longer than
 * @len is cut to @len. */
gssize   seqack_tun_read  (SeqackTun *tun,
                           guint8    *buf,
                           gsize      len,
                           GError   **error);

/* Writes one whole packet (IP header first). FALSE with @error set
 * (SEQACK_ERROR_IO) when the kernel refused it. */
gboolean seqack_tun_write (SeqackTun    *tun,
                           const guint8 *packet,
                           gsize         len,
                           GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackTun, seqack_tun_free)

G_END_DECLS
