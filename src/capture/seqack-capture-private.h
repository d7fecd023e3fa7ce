/* seqack-capture-private.h: what the tests and fuzzers use to compare a
 * capture whose traces wait until they are asked for with one that
 * builds them as it reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "seqack-capture.h"

G_BEGIN_DECLS

/* As seqack_capture_load_stream(), but the conversations' traces are
 * built when first asked for, as seqack_capture_load_file_mapped()'s
 * are. */
SeqackCapture *seqack_capture_load_stream_deferred (FILE        *stream,
                                                    const char  *name,
                                                    GError     **error);

/* As seqack_capture_load_file_mapped() of a file holding the @size
 * (> 0) bytes at @data: a copy of them is mapped into memory and read as
 * a mapped file is (the records of a classic pcap straight from the
 * mapping, what is unusual by libpcap), the traces deferred. Fuzzers and
 * tests set it beside seqack_capture_load_stream_deferred(), which reads
 * every record through libpcap: both say the same of any input. */
SeqackCapture *seqack_capture_load_bytes_mapped (const guint8 *data,
                                                 gsize         size,
                                                 const char   *name,
                                                 GError      **error);

/* Whether conversations that start from now on defer their traces
 * (seqack-conversation-private.h). */
void seqack_capture_set_deferred (SeqackCapture *capture,
                                  gboolean       deferred);

G_END_DECLS
