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

/* Whether conversations that start from now on defer their traces
 * (seqack-conversation-private.h). */
void seqack_capture_set_deferred (SeqackCapture *capture,
                                  gboolean       deferred);

G_END_DECLS
