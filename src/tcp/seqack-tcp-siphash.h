/* seqack-tcp-siphash.h: SipHash-2-4 (Aumasson and Bernstein, 2012), the
 * keyed hash Linux uses for its ISNs (RFC 6528), ephemeral port offsets
 * and SYN cookies. Here the key comes from a seed, so a run repeats. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint64 k0, k1;
} SeqackSipKey;

/* Two key words from @seed and a @purpose number (different purposes
 * get unrelated keys, as Linux keeps a secret per use). */
void    seqack_sip_key_from_seed (SeqackSipKey *key,
                                  guint64       seed,
                                  guint         purpose);

guint64 seqack_siphash (const SeqackSipKey *key,
                        const void         *data,
                        gsize               len);

/* The hash of four 32-bit words (addresses, ports, counters). */
guint64 seqack_siphash_words (const SeqackSipKey *key,
                              guint32             a,
                              guint32             b,
                              guint32             c,
                              guint32             d);

G_END_DECLS
