/* fuzz-pcap.c: reading a capture file (pcap or pcapng) from memory.
 *
 * The bytes become a FILE * with fmemopen() and go through libpcap and
 * seqack_capture_load_stream(), the path `seqack-cli read` and the
 * window's Open take. A file is either refused with a SEQACK_ERROR or
 * loaded into conversations that keep every promise of
 * fuzz-capture-check.h. Loaded again with its traces deferred (the way
 * `seqack-cli` reads a file), it holds the same conversations and, once
 * built, the same traces.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "fuzz-capture-check.h"
#include "seqack-capture-private.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SeqackCapture) capture = NULL, deferred = NULL;
  g_autoptr(GError) error = NULL;
  FILE *stream;

  /* fmemopen() refuses an empty buffer on older C libraries. */
  if (size == 0)
    return 0;

  stream = fmemopen ((void *) data, size, "rb");
  FUZZ_CHECK (stream != NULL);

  capture = seqack_capture_load_stream (stream, "fuzz.pcap", NULL, NULL,
                                        NULL, &error);
  if (capture == NULL)
    {
      FUZZ_CHECK (error != NULL && error->domain == SEQACK_ERROR);
      return 0;
    }
  FUZZ_CHECK (error == NULL);

  stream = fmemopen ((void *) data, size, "rb");
  FUZZ_CHECK (stream != NULL);
  deferred = seqack_capture_load_stream_deferred (stream, "fuzz.pcap",
                                                  &error);
  FUZZ_CHECK (deferred != NULL && error == NULL);
  /* First: the other checks read checksums, which settles them. */
  fuzz_check_same_capture (capture, deferred);

  fuzz_check_capture (capture, 0);

  return 0;
}
