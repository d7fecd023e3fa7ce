/* seqack-tcp-buffer.h: a byte queue for a TCB's send and receive
 * buffers.
 *
 * Bytes are appended at the tail and consumed from the head; consuming
 * only moves an offset, and the consumed head is dropped now and then
 * when appending (never per segment), so the steady state allocates
 * nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The bytes are one block of their own, made with the first byte (many
 * connections never carry data one way, and a host may hold thousands):
 * no array header to chase on each length check. */
typedef struct
{
  guint8 *data;
  guint   len;    /* bytes in data, the consumed head included */
  guint   size;   /* allocated */
  guint   head;   /* data[head] is the first byte not consumed */
} SeqackTcpBuffer;

void  seqack_tcp_buffer_init    (SeqackTcpBuffer *buf);
void  seqack_tcp_buffer_clear   (SeqackTcpBuffer *buf);
/* Drops every byte, keeping the memory. */
void  seqack_tcp_buffer_reset   (SeqackTcpBuffer *buf);
void  seqack_tcp_buffer_append  (SeqackTcpBuffer *buf,
                                 const guint8    *data,
                                 gsize            len);
/* Drops @n bytes (at most all) from the head. */
void  seqack_tcp_buffer_consume (SeqackTcpBuffer *buf,
                                 guint            n);

static inline guint
seqack_tcp_buffer_len (const SeqackTcpBuffer *buf)
{
  return buf->len - buf->head;
}

/* The byte @offset bytes after the head; valid until the next append. */
static inline const guint8 *
seqack_tcp_buffer_peek (const SeqackTcpBuffer *buf,
                        guint                  offset)
{
  return buf->data + buf->head + offset;
}

G_END_DECLS
