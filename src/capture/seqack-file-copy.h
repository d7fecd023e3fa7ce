/* seqack-file-copy.h: a capture file copied into memory the process owns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "seqack-capture.h"

G_BEGIN_DECLS

/* Copies the regular file open on @fd into an anonymous memory file (a
 * memfd; the kernel moves the bytes, with sendfile()), so that a mapping
 * of the copy never faults when the file itself is later truncated or
 * written over, and the packets can stay in the copy's pages instead of
 * being copied one by one. A file cut short during the copy gives a
 * shorter copy. @progress (may be NULL) is called before each chunk with
 * the bytes copied so far and the file's size.
 *
 * Returns the memfd, or -1 with errno set: EINVAL when @fd is not a
 * regular, non-empty file, ECANCELED when @cancellable was cancelled, or
 * what the kernel said (the caller then reads the file as a stream). */
int seqack_file_copy_to_memory (int                       fd,
                                SeqackCaptureProgressFunc progress,
                                gpointer                  user_data,
                                GCancellable             *cancellable);

G_END_DECLS
