/* seqack-tcp-buffer.c: a byte queue for a TCB's send and receive
 * buffers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "seqack-tcp-buffer.h"

#include <string.h>

/* Drop the consumed head once this much sits there, or once it is half
 * the block, so consuming never moves bytes per segment. */
#define COMPACT_AT 65536

void
seqack_tcp_buffer_init (SeqackTcpBuffer *buf)
{
  buf->data = NULL;
  buf->len = buf->size = buf->head = 0;
}

void
seqack_tcp_buffer_clear (SeqackTcpBuffer *buf)
{
  g_clear_pointer (&buf->data, g_free);
  buf->len = buf->size = buf->head = 0;
}

void
seqack_tcp_buffer_reset (SeqackTcpBuffer *buf)
{
  buf->len = buf->head = 0;
}

void
seqack_tcp_buffer_append (SeqackTcpBuffer *buf,
                          const guint8    *data,
                          gsize            len)
{
  if (len == 0)
    return;
  if (buf->head > 0 &&
      (buf->head >= COMPACT_AT || buf->head >= buf->len / 2))
    {
      memmove (buf->data, buf->data + buf->head, buf->len - buf->head);
      buf->len -= buf->head;
      buf->head = 0;
    }
  g_return_if_fail (len <= G_MAXUINT - buf->len);
  if (buf->len + len > buf->size)
    {
      gsize size = MAX (buf->size, 64);

      while (size < buf->len + len)
        size *= 2;
      buf->size = (guint) MIN (size, (gsize) G_MAXUINT);
      buf->data = g_realloc (buf->data, buf->size);
    }
  memcpy (buf->data + buf->len, data, len);
  buf->len += (guint) len;
}

void
seqack_tcp_buffer_consume (SeqackTcpBuffer *buf,
                           guint            n)
{
  buf->head += MIN (n, seqack_tcp_buffer_len (buf));
  if (buf->head == buf->len)
    seqack_tcp_buffer_reset (buf);
}
