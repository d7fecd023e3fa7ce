/* fuzz-tcp-options.c: the TCP options parser (seqack_tcp_options_decode).
 *
 * Promises checked: a failure is a SEQACK_ERROR; a success holds at most
 * four SACK blocks; what was decoded encodes into at most 40 bytes, a
 * multiple of 4 (RFC 9293 §3.1: the data offset counts 32-bit words), and
 * decodes back to the same options.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "fuzz-common.h"
#include "seqack-error.h"
#include "seqack-tcp-header.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  SeqackTcpOptions opts, again;
  SeqackTcpSegment seg, decoded;
  guint8 header[SEQACK_TCP_HEADER_MAX];
  gsize options_len, written;

  if (!seqack_tcp_options_decode (data, size, &opts, &error))
    {
      FUZZ_CHECK (error != NULL && error->domain == SEQACK_ERROR);
      return 0;
    }
  FUZZ_CHECK (opts.n_sack <= 4);

  options_len = seqack_tcp_options_encoded_len (&opts);
  FUZZ_CHECK (options_len <= 40 && options_len % 4 == 0);

  memset (&seg, 0, sizeof seg);
  seg.src_port = 49152;
  seg.dst_port = 80;
  seg.seq = 0x01020304;
  seg.ack = 0x05060708;
  seg.flags = SEQACK_TCP_SYN | SEQACK_TCP_ACK;
  seg.window = 64240;
  seg.options = opts;

  written = seqack_tcp_header_encode (&seg, header);
  FUZZ_CHECK (written == SEQACK_TCP_HEADER_MIN + options_len);

  FUZZ_CHECK (seqack_tcp_header_decode (header, written, &decoded, &error));
  FUZZ_CHECK (decoded.data_offset * 4u == written);
  again = decoded.options;
  FUZZ_CHECK (again.has_mss == opts.has_mss && again.mss == opts.mss);
  FUZZ_CHECK (again.has_wscale == opts.has_wscale &&
              again.wscale == opts.wscale);
  FUZZ_CHECK (again.sack_permitted == opts.sack_permitted);
  FUZZ_CHECK (again.has_timestamps == opts.has_timestamps &&
              again.ts_val == opts.ts_val && again.ts_ecr == opts.ts_ecr);
  FUZZ_CHECK (again.n_sack <= opts.n_sack);
  for (guint i = 0; i < again.n_sack; i++)
    FUZZ_CHECK (again.sack[i].left == opts.sack[i].left &&
                again.sack[i].right == opts.sack[i].right);
  /* Unknown options are skipped, never re-sent. */
  FUZZ_CHECK (again.n_unknown == 0);

  return 0;
}
