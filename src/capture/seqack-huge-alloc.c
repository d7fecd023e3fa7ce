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
  guint8 *mem;
  gsize lead;

  if (size < HUGE_PAGE)
    return g_aligned_alloc0 (1, size, CACHE_LINE);

  /* Fresh pages from the system come zeroed, so nothing touches them
   * before they are used. Mapped one huge page more than asked for, to
   * cut out a range aligned so that whole huge pages cover it. */
  mem = mmap (NULL, size + HUGE_PAGE, PROT_READ | PROT_WRITE,
              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED)
    g_error ("%s: failed to allocate %" G_GSIZE_FORMAT " bytes", G_STRLOC,
             size);
  lead = (HUGE_PAGE - (guintptr) mem % HUGE_PAGE) % HUGE_PAGE;
  if (lead > 0)
    munmap (mem, lead);
  munmap (mem + lead + size, HUGE_PAGE - lead);
  mem += lead;
  /* Only advice: where it is refused (no transparent huge pages) the
   * pages are ordinary ones. */
#ifdef MADV_HUGEPAGE
  madvise (mem, size, MADV_HUGEPAGE);
#endif
  return mem;
}

void
seqack_huge_free (gpointer mem,
                  gsize    size)
{
  if (mem == NULL)
    return;
  if (size < HUGE_PAGE)
    g_aligned_free (mem);
  else
    munmap (mem, size);
}
