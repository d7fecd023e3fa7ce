/* seqack-file-copy.c: a capture file copied into memory the process owns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "seqack-file-copy.h"

/* Progress and cancellation are looked at between chunks. */
#define CHUNK ((gsize) 8 * 1024 * 1024)

int
seqack_file_copy_to_memory (int                       fd,
                            SeqackCaptureProgressFunc progress,
                            gpointer                  user_data,
                            GCancellable             *cancellable)
{
  struct stat st;
  off_t offset = 0;
  int copy, saved;

  if (fstat (fd, &st) != 0)
    return -1;
  if (!S_ISREG (st.st_mode) || st.st_size <= 0)
    {
      errno = EINVAL;
      return -1;
    }

  copy = memfd_create ("seqack-capture", MFD_CLOEXEC);
  if (copy < 0)
    return -1;

  for (;;)
    {
      ssize_t n;

      if (progress != NULL)
        progress ((guint64) offset, (guint64) st.st_size, user_data);
      if (g_cancellable_is_cancelled (cancellable))
        {
          close (copy);
          errno = ECANCELED;
          return -1;
        }
      /* Past the size it had: a file that grows is read as it was. */
      if (offset >= st.st_size)
        break;
      n = sendfile (copy, fd, &offset,
                    MIN (CHUNK, (gsize) (st.st_size - offset)));
      if (n == 0)
        break;   /* cut short while copied */
      if (n < 0 && errno != EINTR)
        {
          saved = errno;
          close (copy);
          errno = saved;
          return -1;
        }
    }

  if (offset == 0)
    {
      close (copy);
      errno = EINVAL;
      return -1;
    }
  return copy;
}
