/* seqack-tun.c: a Linux TUN device carrying raw IPv4 packets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * See Documentation/networking/tuntap.rst in the kernel: the clone device
 * /dev/net/tun becomes an interface with TUNSETIFF; IFF_NO_PI means each
 * read or write is exactly one IP packet with no 4-byte packet-info
 * prefix. The address, the point-to-point peer and the flags are set with
 * the classic SIOCSIF* ioctls on any AF_INET socket.
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <glib/gi18n-lib.h>

#include "seqack-tun.h"

struct _SeqackTun
{
  int  fd;
  char name[IFNAMSIZ];
};

/* @format holds one %s for the system's reason. */
static void G_GNUC_PRINTF (3, 0)
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *format)
{
  if (saved_errno == EPERM || saved_errno == EACCES)
    g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_PERMISSION,
                 _("Creating a TUN device needs CAP_NET_ADMIN: run as root "
                   "inside a network namespace (sudo unshare -n …), or give "
                   "the program the capability (sudo setcap "
                   "cap_net_admin+ep …)"));
  else
    {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO, format,
                   g_strerror (saved_errno));
#pragma GCC diagnostic pop
    }
}

static void
ifreq_set_addr (struct ifreq *ifr,
                guint32       addr,
                gboolean      destination)
{
  struct sockaddr_in sin;

  memset (&sin, 0, sizeof sin);
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl (addr);
  if (destination)
    memcpy (&ifr->ifr_dstaddr, &sin, sizeof sin);
  else
    memcpy (&ifr->ifr_addr, &sin, sizeof sin);
}

/* Gives the kernel's side @kernel_addr, points the link at @remote_addr
 * (a /32 route through the device comes with it) and brings it up. */
static gboolean
configure_link (const char  *name,
                guint32      kernel_addr,
                guint32      remote_addr,
                GError     **error)
{
  struct ifreq ifr;
  int sock;
  gboolean ok = FALSE;

  sock = socket (AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (sock < 0)
    {
      set_errno_error (error, errno,
                       _("Could not open a configuration socket: %s"));
      return FALSE;
    }

  memset (&ifr, 0, sizeof ifr);
  g_strlcpy (ifr.ifr_name, name, IFNAMSIZ);
  ifreq_set_addr (&ifr, kernel_addr, FALSE);
  if (ioctl (sock, SIOCSIFADDR, &ifr) < 0)
    {
      set_errno_error (error, errno,
                       _("Could not set the TUN device’s address: %s"));
      goto out;
    }

  memset (&ifr, 0, sizeof ifr);
  g_strlcpy (ifr.ifr_name, name, IFNAMSIZ);
  ifreq_set_addr (&ifr, remote_addr, TRUE);
  if (ioctl (sock, SIOCSIFDSTADDR, &ifr) < 0)
    {
      set_errno_error (error, errno,
                       _("Could not set the TUN device’s point-to-point "
                         "peer: %s"));
      goto out;
    }

  memset (&ifr, 0, sizeof ifr);
  g_strlcpy (ifr.ifr_name, name, IFNAMSIZ);
  if (ioctl (sock, SIOCGIFFLAGS, &ifr) < 0)
    {
      set_errno_error (error, errno,
                       _("Could not read the TUN device’s flags: %s"));
      goto out;
    }
  ifr.ifr_flags |= IFF_UP | IFF_RUNNING;
  if (ioctl (sock, SIOCSIFFLAGS, &ifr) < 0)
    {
      set_errno_error (error, errno,
                       _("Could not bring up the TUN device: %s"));
      goto out;
    }

  ok = TRUE;

out:
  close (sock);
  return ok;
}

SeqackTun *
seqack_tun_new (const char  *name,
                guint32      kernel_addr,
                guint32      remote_addr,
                GError     **error)
{
  g_autofree SeqackTun *tun = NULL;
  struct ifreq ifr;
  int fd;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (name != NULL && (strlen (name) >= IFNAMSIZ || strchr (name, '/')
                       || strchr (name, ' ')))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("‘%s’ is not a valid interface name (at most %d "
                     "characters, no ‘/’ or spaces)"),
                   name, IFNAMSIZ - 1);
      return NULL;
    }
  if (kernel_addr == remote_addr)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("The kernel’s address and SeqAck’s address must "
                     "differ"));
      return NULL;
    }

  fd = open ("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    {
      int saved = errno;

      if (saved == ENOENT || saved == ENODEV || saved == ENXIO)
        g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_NOT_FOUND,
                     _("This system has no TUN driver (/dev/net/tun): %s"),
                     g_strerror (saved));
      else
        set_errno_error (error, saved,
                         _("Could not open /dev/net/tun: %s"));
      return NULL;
    }

  memset (&ifr, 0, sizeof ifr);
  /* Raw IP packets, no packet-information prefix. */
  ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
  if (name != NULL)
    g_strlcpy (ifr.ifr_name, name, IFNAMSIZ);
  if (ioctl (fd, TUNSETIFF, &ifr) < 0)
    {
      int saved = errno;

      close (fd);
      if (saved == EBUSY || saved == EINVAL)
        g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                     _("Could not create the TUN device ‘%s’: %s"),
                     name ? name : "", g_strerror (saved));
      else
        set_errno_error (error, saved,
                         _("Could not create the TUN device: %s"));
      return NULL;
    }

  tun = g_new0 (SeqackTun, 1);
  tun->fd = fd;
  g_strlcpy (tun->name, ifr.ifr_name, IFNAMSIZ);

  if (!configure_link (tun->name, kernel_addr, remote_addr, error))
    {
      close (fd);
      return NULL;
    }

  return g_steal_pointer (&tun);
}

void
seqack_tun_free (SeqackTun *tun)
{
  if (tun == NULL)
    return;

  /* A non-persistent device goes away with its last descriptor. */
  close (tun->fd);
  g_free (tun);
}

const char *
seqack_tun_get_name (SeqackTun *tun)
{
  g_return_val_if_fail (tun != NULL, NULL);

  return tun->name;
}

int
seqack_tun_get_fd (SeqackTun *tun)
{
  g_return_val_if_fail (tun != NULL, -1);

  return tun->fd;
}

gssize
seqack_tun_read (SeqackTun  *tun,
                 guint8     *buf,
                 gsize       len,
                 GError    **error)
{
  g_return_val_if_fail (tun != NULL, -1);
  g_return_val_if_fail (buf != NULL, -1);

  for (;;)
    {
      ssize_t n = read (tun->fd, buf, len);

      if (n >= 0)
        return n;
      if (errno == EINTR)
        continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK)
        return 0;
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                   _("Reading from the TUN device failed: %s"),
                   g_strerror (errno));
      return -1;
    }
}

gboolean
seqack_tun_write (SeqackTun     *tun,
                  const guint8  *packet,
                  gsize          len,
                  GError       **error)
{
  g_return_val_if_fail (tun != NULL, FALSE);
  g_return_val_if_fail (packet != NULL, FALSE);

  for (;;)
    {
      ssize_t n = write (tun->fd, packet, len);

      if (n == (ssize_t) len)
        return TRUE;
      if (n < 0 && errno == EINTR)
        continue;
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_IO,
                   _("Writing to the TUN device failed: %s"),
                   n < 0 ? g_strerror (errno) : _("short write"));
      return FALSE;
    }
}
