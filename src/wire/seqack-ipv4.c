/* seqack-ipv4.c: the IPv4 header (RFC 791), every field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "seqack-bytes.h"
#include "seqack-checksum.h"
#include "seqack-error.h"
#include "seqack-ipv4.h"

/* The header's own fields, checked against @len; total length is read but
 * not checked. */
static gsize
decode_header (const guint8     *data,
               gsize             len,
               SeqackIpv4Header *out,
               GError          **error)
{
  SeqackIpv4Header hdr;
  gsize header_len;

  if (len < SEQACK_IPV4_HEADER_MIN)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED,
                   _("IPv4 header needs at least %u bytes, only %zu "
                     "available"),
                   (guint) SEQACK_IPV4_HEADER_MIN, len);
      return 0;
    }

  memset (&hdr, 0, sizeof hdr);
  hdr.version = data[0] >> 4;
  hdr.ihl = data[0] & 0x0f;

  if (hdr.version != 4)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                   _("IP version is %u, expected 4"), hdr.version);
      return 0;
    }

  /* RFC 791 §3.1: "the minimum value for a correct header is 5". */
  if (hdr.ihl < 5)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                   _("IPv4 header length (IHL) is %u words, at least 5 "
                     "expected"), hdr.ihl);
      return 0;
    }

  header_len = (gsize) hdr.ihl * 4;
  if (header_len > len)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED,
                   _("IPv4 header length (IHL) is %zu bytes, only %zu "
                     "available"),
                   header_len, len);
      return 0;
    }

  hdr.dscp = data[1] >> 2;
  hdr.ecn = data[1] & 0x03;
  hdr.total_length = seqack_read_be16 (data + 2);
  hdr.identification = seqack_read_be16 (data + 4);
  hdr.flags = data[6] >> 5;
  hdr.fragment_offset = seqack_read_be16 (data + 6) & 0x1fff;
  hdr.ttl = data[8];
  hdr.protocol = data[9];
  hdr.checksum = seqack_read_be16 (data + 10);
  hdr.src = seqack_read_be32 (data + 12);
  hdr.dst = seqack_read_be32 (data + 16);
  hdr.options_len = (guint8) (header_len - SEQACK_IPV4_HEADER_MIN);
  memcpy (hdr.options, data + SEQACK_IPV4_HEADER_MIN, hdr.options_len);

  *out = hdr;
  return header_len;
}

gsize
seqack_ipv4_decode_header (const guint8     *data,
                           gsize             len,
                           SeqackIpv4Header *out,
                           GError          **error)
{
  g_return_val_if_fail (data != NULL || len == 0, 0);
  g_return_val_if_fail (out != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  return decode_header (data, len, out, error);
}

gsize
seqack_ipv4_decode (const guint8     *data,
                    gsize             len,
                    gboolean          verify_checksum,
                    SeqackIpv4Header *out,
                    GError          **error)
{
  SeqackIpv4Header hdr;
  gsize header_len;

  g_return_val_if_fail (data != NULL || len == 0, 0);
  g_return_val_if_fail (out != NULL, 0);
  g_return_val_if_fail (error == NULL || *error == NULL, 0);

  header_len = decode_header (data, len, &hdr, error);
  if (header_len == 0)
    return 0;

  if (hdr.total_length < header_len)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_MALFORMED,
                   _("IPv4 total length is %u bytes, shorter than its "
                     "%zu-byte header"),
                   hdr.total_length, header_len);
      return 0;
    }

  /* Bytes past total_length are link-layer padding (an Ethernet frame is
   * at least 60 bytes), so only a shorter buffer is an error. */
  if (hdr.total_length > len)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_TRUNCATED,
                   _("IPv4 total length is %u bytes, only %zu available"),
                   hdr.total_length, len);
      return 0;
    }

  /* RFC 1071 §1: a header with a correct checksum sums to zero. */
  if (verify_checksum && seqack_checksum (data, header_len) != 0)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_CHECKSUM,
                   _("IPv4 header checksum 0x%04x is wrong"), hdr.checksum);
      return 0;
    }

  *out = hdr;
  return header_len;
}

gsize
seqack_ipv4_encode (const SeqackIpv4Header *hdr,
                    guint8                 *out)
{
  gsize header_len;
  guint16 checksum;

  g_return_val_if_fail (hdr != NULL, 0);
  g_return_val_if_fail (out != NULL, 0);
  g_return_val_if_fail (hdr->options_len <= 40, 0);
  g_return_val_if_fail (hdr->options_len % 4 == 0, 0);

  header_len = SEQACK_IPV4_HEADER_MIN + hdr->options_len;

  out[0] = (4 << 4) | (guint8) (header_len / 4);
  out[1] = (guint8) (((hdr->dscp & 0x3f) << 2) | (hdr->ecn & 0x03));
  seqack_write_be16 (out + 2, hdr->total_length);
  seqack_write_be16 (out + 4, hdr->identification);
  seqack_write_be16 (out + 6, (guint16) (((hdr->flags & 0x7) << 13) |
                                  (hdr->fragment_offset & 0x1fff)));
  out[8] = hdr->ttl;
  out[9] = hdr->protocol;
  seqack_write_be16 (out + 10, 0);
  seqack_write_be32 (out + 12, hdr->src);
  seqack_write_be32 (out + 16, hdr->dst);
  memcpy (out + SEQACK_IPV4_HEADER_MIN, hdr->options, hdr->options_len);

  checksum = seqack_checksum (out, header_len);
  seqack_write_be16 (out + 10, checksum);

  return header_len;
}

const char *
seqack_ipv4_to_string (guint32 addr,
                       char    buf[16])
{
  g_return_val_if_fail (buf != NULL, NULL);

  g_snprintf (buf, 16, "%u.%u.%u.%u",
              addr >> 24, (addr >> 16) & 0xff, (addr >> 8) & 0xff,
              addr & 0xff);
  return buf;
}

gboolean
seqack_ipv4_from_string (const char *str,
                         guint32    *addr,
                         GError    **error)
{
  guint32 value = 0;
  const char *p;
  guint part;

  g_return_val_if_fail (str != NULL, FALSE);
  g_return_val_if_fail (addr != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Strict dotted quad: four decimal numbers 0..255, no leading zeros
   * (which inet_aton would read as octal), nothing else. */
  p = str;
  for (part = 0; part < 4; part++)
    {
      guint octet = 0;
      guint digits = 0;

      if (part > 0)
        {
          if (*p != '.')
            goto invalid;
          p++;
        }

      while (g_ascii_isdigit (*p))
        {
          if (digits == 1 && octet == 0)
            goto invalid;
          octet = octet * 10 + (guint) (*p - '0');
          digits++;
          if (octet > 255)
            goto invalid;
          p++;
        }

      if (digits == 0)
        goto invalid;

      value = (value << 8) | octet;
    }

  if (*p != '\0')
    goto invalid;

  *addr = value;
  return TRUE;

invalid:
  g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
               _("“%s” is not an IPv4 address such as 192.0.2.1"), str);
  return FALSE;
}
