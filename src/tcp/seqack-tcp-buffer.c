/* seqack-tcp-buffer.c: a byte queue for a TCB's send and receive
 * buffers.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "seqack-tcp-buffer.h"

/* Drop the consumed head once this much sits there, or once it is half
 * the array, so consuming never moves bytes per segment. */
#define COMPACT_AT 65536

/* The array comes with the first byte: many connections never carry
 * data one way, and a host may hold thousands of them. */
void
seqack_tcp_buffer_init (SeqackTcpBuffer *buf)
{
  buf->bytes = NULL;
  buf->head = 0;
}

void
seqack_tcp_buffer_clear (SeqackTcpBuffer *buf)
{
  g_clear_pointer (&buf->bytes, g_byte_array_unref);
  buf->head = 0;
}

void
seqack_tcp_buffer_reset (SeqackTcpBuffer *buf)
{
  if (buf->bytes != NULL)
    g_byte_array_set_size (buf->bytes, 0);
  buf->head = 0;
}

void
seqack_tcp_buffer_append (SeqackTcpBuffer *buf,
                          const guint8    *data,
                          gsize            len)
{
  if (len == 0)
    return;
  if (buf->bytes == NULL)
    buf->bytes = g_byte_array_sized_new ((guint) len);
  if (buf->head > 0 &&
      (buf->head >= COMPACT_AT || buf->head >= buf->bytes->len / 2))
    {
      g_byte_array_remove_range (buf->bytes, 0, buf->head);
      buf->head = 0;
    }
  g_byte_array_append (buf->bytes, data, len);
}

void
seqack_tcp_buffer_consume (SeqackTcpBuffer *buf,
                           guint            n)
{
  buf->head += MIN (n, seqack_tcp_buffer_len (buf));
  if (buf->bytes != NULL && buf->head == buf->bytes->len)
    seqack_tcp_buffer_reset (buf);
}
