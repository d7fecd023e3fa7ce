/* seqack-bytes.h: big-endian (network order) field access.
 *
 * Every decoder in wire and capture reads header fields this way; callers
 * check the length before they read. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

static inline guint16
seqack_read_be16 (const guint8 *p)
{
  return (guint16) (((guint16) p[0] << 8) | p[1]);
}

static inline guint32
seqack_read_be32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) |
         ((guint32) p[2] << 8) | p[3];
}

static inline void
seqack_write_be16 (guint8  *p,
                   guint16  v)
{
  p[0] = v >> 8;
  p[1] = v & 0xff;
}

static inline void
seqack_write_be32 (guint8  *p,
                   guint32  v)
{
  p[0] = v >> 24;
  p[1] = (v >> 16) & 0xff;
  p[2] = (v >> 8) & 0xff;
  p[3] = v & 0xff;
}

/* Writes @v in decimal at @p, not terminated; returns the end. For
 * output loops that would otherwise format millions of numbers with
 * printf. */
static inline char *
seqack_put_decimal (char    *p,
                    guint64  v)
{
  char digits[20];
  guint n = 0;

  do
    {
      digits[n++] = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);
  while (n > 0)
    *p++ = digits[--n];
  return p;
}

G_END_DECLS
