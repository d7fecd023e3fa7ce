/* seqack-capture-demo.c: a real kernel TCP connection on the loopback.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <glib/gi18n-lib.h>

#include "seqack-capture-demo.h"
#include "seqack-error.h"

#define STEP_TIMEOUT_S 5

struct _SeqackCaptureDemo
{
  int      listener;
  guint16  port;
  GThread *thread;
  GError  *error;      /* the helper thread's, read after the join */
};

static gboolean
socket_error (const char *what,
              GError    **error)
{
  int saved = errno;

  g_set_error (error, SEQACK_ERROR,
               saved == EAGAIN || saved == EWOULDBLOCK
                 ? SEQACK_ERROR_TIMED_OUT : SEQACK_ERROR_IO,
               _("The loopback demo connection failed (%s): %s"), what,
               g_strerror (saved));
  return FALSE;
}

static void
set_timeouts (int fd)
{
  struct timeval tv = { STEP_TIMEOUT_S, 0 };

  setsockopt (fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt (fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

SeqackCaptureDemo *
seqack_capture_demo_new (GError **error)
{
  SeqackCaptureDemo *demo;
  struct sockaddr_in addr;
  socklen_t addr_len = sizeof addr;
  int fd;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0)
    {
      socket_error ("socket", error);
      return NULL;
    }

  memset (&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = 0;   /* an ephemeral port */

  if (bind (fd, (struct sockaddr *) &addr, sizeof addr) < 0 ||
      listen (fd, 1) < 0 ||
      getsockname (fd, (struct sockaddr *) &addr, &addr_len) < 0)
    {
      socket_error ("listen", error);
      close (fd);
      return NULL;
    }
  set_timeouts (fd);

  demo = g_new0 (SeqackCaptureDemo, 1);
  demo->listener = fd;
  demo->port = ntohs (addr.sin_port);

  return demo;
}

void
seqack_capture_demo_free (SeqackCaptureDemo *demo)
{
  if (demo == NULL)
    return;

  if (demo->thread != NULL)
    g_thread_join (demo->thread);
  if (demo->listener >= 0)
    close (demo->listener);
  g_clear_error (&demo->error);
  g_free (demo);
}

guint16
seqack_capture_demo_get_port (SeqackCaptureDemo *demo)
{
  g_return_val_if_fail (demo != NULL, 0);

  return demo->port;
}

char *
seqack_capture_demo_get_filter (SeqackCaptureDemo *demo)
{
  g_return_val_if_fail (demo != NULL, NULL);

  return g_strdup_printf ("tcp port %u", demo->port);
}

static gboolean
send_all (int         fd,
          const char *text,
          GError    **error)
{
  gsize len = strlen (text), done = 0;

  while (done < len)
    {
      ssize_t n = send (fd, text + done, len - done, MSG_NOSIGNAL);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return socket_error ("send", error);
        }
      done += (gsize) n;
    }

  return TRUE;
}

/* Reads exactly @len bytes, or until the end of the stream when @len is
 * 0 (then any byte is an error). */
static gboolean
recv_exactly (int     fd,
              gsize   len,
              GError **error)
{
  char buf[64];
  gsize done = 0;

  for (;;)
    {
      ssize_t n = recv (fd, buf, MIN (sizeof buf, len == 0 ? sizeof buf
                                                           : len - done), 0);

      if (n < 0)
        {
          if (errno == EINTR)
            continue;
          return socket_error ("recv", error);
        }
      if (n == 0)
        {
          if (len == 0)
            return TRUE;
          errno = ECONNRESET;
          return socket_error ("recv", error);
        }
      if (len == 0)
        {
          errno = EPROTO;
          return socket_error ("recv", error);
        }
      done += (gsize) n;
      if (done == len)
        return TRUE;
    }
}

static gboolean
run_connection (SeqackCaptureDemo *demo,
                GError           **error)
{
  struct sockaddr_in addr;
  gboolean ok = FALSE;
  int client, server = -1;

  client = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (client < 0)
    return socket_error ("socket", error);
  set_timeouts (client);

  memset (&addr, 0, sizeof addr);
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  addr.sin_port = htons (demo->port);

  /* The kernel completes the handshake from the listen queue, so one
   * thread can connect first and accept after. */
  if (connect (client, (struct sockaddr *) &addr, sizeof addr) < 0)
    {
      socket_error ("connect", error);
      goto out;
    }

  server = accept (demo->listener, NULL, NULL);
  if (server < 0)
    {
      socket_error ("accept", error);
      goto out;
    }
  set_timeouts (server);

  if (!send_all (client, "hello", error) ||
      !recv_exactly (server, 5, error) ||
      !send_all (server, "bye", error) ||
      !recv_exactly (client, 3, error))
    goto out;

  /* The client closes first: the active close, so it is the client that
   * goes through FIN-WAIT-1, FIN-WAIT-2 and TIME-WAIT. */
  close (client);
  client = -1;

  if (!recv_exactly (server, 0, error))
    goto out;

  ok = TRUE;

out:
  if (server >= 0)
    close (server);
  if (client >= 0)
    close (client);

  return ok;
}

static gpointer
demo_thread (gpointer data)
{
  SeqackCaptureDemo *demo = data;

  run_connection (demo, &demo->error);

  return NULL;
}

gboolean
seqack_capture_demo_handshake (SeqackCaptureDemo *demo,
                               GError           **error)
{
  g_return_val_if_fail (demo != NULL, FALSE);
  g_return_val_if_fail (demo->thread == NULL, FALSE);

  demo->thread = g_thread_try_new ("seqack-demo", demo_thread, demo, error);

  return demo->thread != NULL;
}

gboolean
seqack_capture_demo_wait (SeqackCaptureDemo *demo,
                          GError           **error)
{
  g_return_val_if_fail (demo != NULL, FALSE);

  if (demo->thread != NULL)
    {
      g_thread_join (demo->thread);
      demo->thread = NULL;
    }

  if (demo->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&demo->error));
      return FALSE;
    }

  return TRUE;
}
