/* seqack-huge-alloc.h: zeroed memory for a capture's large tables (its
 * tuple index, its deferred packets' log), backed by 2 MiB pages
 * where the system offers them for the asking (transparent huge pages in
 * "madvise" mode).
 *
 * A capture of a million packets fills tens of megabytes of such tables.
 * In 4 KiB pages each first touch is a page fault, a few microseconds in
 * a virtual machine: thousands of them cost more than reading the file.
 * In 2 MiB pages they are a few dozen, and random look-ups across the
 * table miss the TLB less. Small sizes are ordinary cache-line-aligned
 * memory; large ones come zeroed from the system, untouched until used.
 * Leak checkers do not look inside those: a pointer kept there must not
 * be the only one to what it points to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Aborts, as g_malloc() does, when the memory is not there. */
gpointer seqack_huge_alloc0 (gsize    size);
/* @size as allocated. */
void     seqack_huge_free   (gpointer mem,
                             gsize    size);

G_END_DECLS
