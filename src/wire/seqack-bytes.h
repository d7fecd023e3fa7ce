/* seqack-bytes.h: big-endian (network order) field access.
 *
 * Every decoder in wire and capture reads header fields this way; callers
 * check the length before they read. */
#pragma once

#include <string.h>

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
 * printf: a conversation list writes a dozen a line, most of them below
 * 100,000 (address bytes, ports, counts), so those take 32-bit
 * arithmetic and two digits a step. */
static inline char *
seqack_put_decimal (char    *p,
                    guint64  v)
{
  static const char pairs[201] =
    "00010203040506070809101112131415161718192021222324252627282930313233"
    "34353637383940414243444546474849505152535455565758596061626364656667"
    "6869707172737475767778798081828384858687888990919293949596979899";
  char digits[20];
  guint n = sizeof digits;

  if (v < 100000)
    {
      guint32 w = (guint32) v;

      while (w >= 100)
        {
          n -= 2;
          memcpy (digits + n, pairs + 2 * (w % 100), 2);
          w /= 100;
        }
      if (w >= 10)
        {
          n -= 2;
          memcpy (digits + n, pairs + 2 * w, 2);
        }
      else
        digits[--n] = (char) ('0' + w);
    }
  else
    {
      do
        {
          digits[--n] = (char) ('0' + v % 10);
          v /= 10;
        }
      while (v != 0);
    }
  memcpy (p, digits + n, sizeof digits - n);
  return p + (sizeof digits - n);
}

G_END_DECLS
