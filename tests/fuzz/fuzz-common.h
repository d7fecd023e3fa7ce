/* fuzz-common.h: what every fuzz target shares.
 *
 * Each fuzz-*.c defines LLVMFuzzerTestOneInput(). Built with clang and
 * -fsanitize=fuzzer it is a libFuzzer target (tools/fuzz runs it); built
 * with any compiler and fuzz-replay.c it replays the checked-in corpus and
 * regressions as an ordinary test. A target checks more than "no crash":
 * FUZZ_CHECK states a property the code under test promises, and a broken
 * promise aborts, which both libFuzzer and the replay test report.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

#define FUZZ_CHECK(cond)                                                  \
  G_STMT_START                                                            \
  {                                                                       \
    if (G_UNLIKELY (!(cond)))                                             \
      {                                                                   \
        fprintf (stderr, "%s:%d: fuzz check failed: %s\n", __FILE__,      \
                 __LINE__, #cond);                                        \
        abort ();                                                         \
      }                                                                   \
  }                                                                       \
  G_STMT_END

/* Modular sequence comparison (RFC 9293 §3.4): a <= b. */
#define FUZZ_SEQ_LEQ(a, b) ((gint32) ((guint32) (a) - (guint32) (b)) <= 0)

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Reads the fuzzer's bytes front to back; past the end every read is 0,
 * so any input is a complete program. */
typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         off;
} FuzzReader;

static inline gboolean
fuzz_reader_done (const FuzzReader *r)
{
  return r->off >= r->len;
}

static inline guint8
fuzz_u8 (FuzzReader *r)
{
  return r->off < r->len ? r->data[r->off++] : 0;
}

static inline guint16
fuzz_u16 (FuzzReader *r)
{
  guint16 hi = fuzz_u8 (r);

  return (guint16) (hi << 8 | fuzz_u8 (r));
}

static inline guint32
fuzz_u32 (FuzzReader *r)
{
  guint32 hi = fuzz_u16 (r);

  return hi << 16 | fuzz_u16 (r);
}

/* Up to @max bytes of the input itself (fewer at its end). */
static inline const guint8 *
fuzz_bytes (FuzzReader *r,
            gsize       max,
            gsize      *len)
{
  const guint8 *p = r->data + MIN (r->off, r->len);

  *len = MIN (max, r->len - MIN (r->off, r->len));
  r->off += *len;
  return p;
}
