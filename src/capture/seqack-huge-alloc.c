/* seqack-huge-alloc.c: zeroed memory backed by 2 MiB pages when large.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/mman.h>

#include "seqack-huge-alloc.h"

#define HUGE_PAGE  ((gsize) 2 * 1024 * 1024)
#define CACHE_LINE 64

gpointer
seqack_huge_alloc0 (gsize size)
{
  gpointer mem;

  if (size < HUGE_PAGE)
    return g_aligned_alloc0 (1, size, CACHE_LINE);

  /* Aligned so that whole huge pages cover it; asked for before the
   * first touch, which is the zeroing. Where the advice is refused (no
   * transparent huge pages) the pages are ordinary ones. */
  mem = g_aligned_alloc (1, size, HUGE_PAGE);
#ifdef MADV_HUGEPAGE
  madvise (mem, size, MADV_HUGEPAGE);
#endif
  memset (mem, 0, size);
  return mem;
}

void
seqack_huge_free (gpointer mem)
{
  g_aligned_free (mem);
}
