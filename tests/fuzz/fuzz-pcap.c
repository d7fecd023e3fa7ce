/* fuzz-pcap.c: reading a capture file (pcap or pcapng) from memory.
 *
 * The bytes become a FILE * with fmemopen() and go through libpcap and
 * seqack_capture_load_stream(). A file is either refused with a
 * SEQACK_ERROR or loaded into conversations that keep every promise of
 * fuzz-capture-check.h. Loaded again with its traces deferred, it holds
 * the same conversations and, once built, the same traces. And loaded
 * the way `seqack-cli` and the window read a file, mapped
 * (seqack_capture_load_bytes_mapped(): a classic pcap's ordinary records
 * are read straight from the mapping, any other by libpcap), it is
 * refused with the same error, or holds the same conversations, traces
 * and warning as when libpcap reads every record.
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
  g_autoptr(SeqackCapture) streamed = NULL, mapped = NULL;
  g_autoptr(GError) error = NULL, mapped_error = NULL;
  FILE *stream;

  /* fmemopen() refuses an empty buffer on older C libraries. */
  if (size == 0)
    return 0;

  stream = fmemopen ((void *) data, size, "rb");
  FUZZ_CHECK (stream != NULL);

  capture = seqack_capture_load_stream (stream, "fuzz.pcap", NULL, NULL,
                                        NULL, &error);
  mapped = seqack_capture_load_bytes_mapped (data, size, "fuzz.pcap",
                                             &mapped_error);
  if (capture == NULL)
    {
      FUZZ_CHECK (error != NULL && error->domain == SEQACK_ERROR);
      /* Refused the same way, in the same words. */
      FUZZ_CHECK (mapped == NULL && mapped_error != NULL);
      FUZZ_CHECK (mapped_error->domain == error->domain &&
                  mapped_error->code == error->code);
      FUZZ_CHECK (g_strcmp0 (mapped_error->message, error->message) == 0);
      return 0;
    }
  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (mapped != NULL && mapped_error == NULL);
  FUZZ_CHECK (g_strcmp0 (seqack_capture_get_warning (mapped),
                         seqack_capture_get_warning (capture)) == 0);
  FUZZ_CHECK (seqack_capture_get_link_type (mapped) ==
              seqack_capture_get_link_type (capture));

  stream = fmemopen ((void *) data, size, "rb");
  FUZZ_CHECK (stream != NULL);
  deferred = seqack_capture_load_stream_deferred (stream, "fuzz.pcap",
                                                  &error);
  FUZZ_CHECK (deferred != NULL && error == NULL);
  /* First: the other checks read checksums, which settles them. */
  fuzz_check_same_capture (capture, deferred);

  /* The mapped load against libpcap reading every record, both fresh
   * (the checks above settled @deferred's checksums). */
  stream = fmemopen ((void *) data, size, "rb");
  FUZZ_CHECK (stream != NULL);
  streamed = seqack_capture_load_stream_deferred (stream, "fuzz.pcap",
                                                  &error);
  FUZZ_CHECK (streamed != NULL && error == NULL);
  fuzz_check_same_capture (streamed, mapped);

  fuzz_check_capture (capture, 0);

  return 0;
}
