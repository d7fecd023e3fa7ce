/* seqack-tcp-ports.c: who holds which local port, bind()'s EADDRINUSE,
 * and ephemeral ports chosen as Linux 6.1's __inet_hash_connect() does:
 *
 *   port_offset = SipHash (saddr, daddr, dport)     (per destination)
 *   index       = port_offset mod 256
 *   offset      = (perturb[index] + port_offset / 2^32) mod range, even
 *
 * then ports low + offset, + 2, + 4... (wrapping) are tried, the even
 * offsets first and then the odd ones (bind() prefers the other parity),
 * skipping ports a bind() holds and ports whose 4-tuple to this
 * destination exists (TIME-WAIT too: tcp_tw_reuse applies to loopback
 * only). After a success perturb[index] moves on by max (tries,
 * random (0..7) x 2) + 2, so the next connection to the same destination
 * starts further on: a counter per destination, hashed and seeded. */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "seqack-error.h"
#include "seqack-tcp-host-private.h"

void
seqack_tcp_port_ref (SeqackTcpHost *host,
                     guint16        port,
                     gboolean       bind_bucket)
{
  PortUse *use = g_hash_table_lookup (host->ports, GUINT_TO_POINTER (port));

  if (use == NULL)
    {
      use = g_new0 (PortUse, 1);
      use->bind_bucket = bind_bucket;
      g_hash_table_insert (host->ports, GUINT_TO_POINTER (port), use);
    }
  use->refs++;
}

void
seqack_tcp_port_unref (SeqackTcpHost *host,
                       guint16        port)
{
  PortUse *use = g_hash_table_lookup (host->ports, GUINT_TO_POINTER (port));

  g_return_if_fail (use != NULL && use->refs > 0);
  if (--use->refs == 0)
    g_hash_table_remove (host->ports, GUINT_TO_POINTER (port));
}

/* The state of some socket holding @port, for the message. */
static SeqackTcpState
holder_state (SeqackTcpHost *host,
              guint16        port)
{
  GHashTableIter iter;
  gpointer value;
  SeqackTcpState state = SEQACK_TCP_CLOSED;

  g_hash_table_iter_init (&iter, host->sockets);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SeqackTcpSocket *s = value;

      if (s->holds_port && s->local_port == port && !s->dead)
        {
          state = seqack_tcp_conn_get_state (s->conn);
          /* TIME-WAIT is the surprising one: name it when it is there. */
          if (state == SEQACK_TCP_TIME_WAIT)
            break;
        }
    }
  return state;
}

gboolean
seqack_tcp_port_check_bind (SeqackTcpHost *host,
                            guint16        port,
                            GError       **error)
{
  if (port == 0)
    {
      g_set_error_literal (error, SEQACK_ERROR,
                           SEQACK_ERROR_INVALID_ARGUMENT,
                           _("port 0 cannot be bound: leave the socket "
                             "unbound to get an ephemeral port"));
      return FALSE;
    }
  if (g_hash_table_contains (host->ports, GUINT_TO_POINTER (port)))
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_ADDRESS_IN_USE,
                   /* Translators: EADDRINUSE; %s is a TCP state such as
                    * TIME-WAIT, which stays in English. */
                   _("address already in use: port %u is held by a "
                     "socket in %s"), port,
                   seqack_tcp_state_name (holder_state (host, port)));
      return FALSE;
    }
  return TRUE;
}

/* __inet_check_established() for a port of a connect()ed bucket. */
static gboolean
port_free_for (SeqackTcpHost *host,
               guint16        port,
               guint32        remote_addr,
               guint16        remote_port)
{
  PortUse *use = g_hash_table_lookup (host->ports, GUINT_TO_POINTER (port));

  if (use == NULL)
    return TRUE;
  if (use->bind_bucket)
    return FALSE;
  return seqack_tcp_host_find_conn (host, port, remote_addr,
                                    remote_port) == NULL;
}

gboolean
seqack_tcp_port_ephemeral (SeqackTcpHost *host,
                           guint32        remote_addr,
                           guint16        remote_port,
                           guint16       *port_out,
                           GError       **error)
{
  guint low = host->config.port_low;
  guint high = (guint) host->config.port_high + 1;   /* exclusive */
  guint remaining = high > low ? high - low : 0;
  guint64 port_offset;
  guint index, offset, i = 0, port = 0;
  guint step = 2;
  gboolean found = FALSE;

  if (remaining > 1)
    remaining &= ~1u;
  if (remaining == 0)
    goto none;

  port_offset = seqack_siphash_words (&host->port_key, host->addr,
                                      remote_addr, remote_port, 0);
  index = (guint) (port_offset & (SEQACK_PORT_PERTURB_SIZE - 1));
  offset = (guint) (((guint64) host->perturb[index] + (port_offset >> 32)) %
                    remaining);
  offset &= ~1u;

  for (;;)
    {
      port = low + offset;
      for (i = 0; i < remaining; i += step, port += step)
        {
          if (port >= high)
            port -= remaining;
          if (port_free_for (host, (guint16) port, remote_addr, remote_port))
            {
              found = TRUE;
              break;
            }
        }
      if (found)
        break;
      offset++;
      if (!((offset & 1) && remaining > 1))
        break;
    }
  if (!found)
    goto none;

  /* A little randomness in the next start, most when contention is low. */
  i = MAX (i, (seqack_tcp_host_random (host) % 8) * step);
  host->perturb[index] += i + step;
  *port_out = (guint16) port;
  return TRUE;

none:
  g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_NO_PORTS,
               /* Translators: EADDRNOTAVAIL */
               _("no ephemeral port left in %u-%u for this destination"),
               host->config.port_low, host->config.port_high);
  return FALSE;
}
