/* seqack-tcp-siphash.c: SipHash-2-4, from the paper's reference
 * description (little-endian message words, 2 compression and 4
 * finalization rounds). */

#include "config.h"

#include <string.h>

#include "seqack-tcp-siphash.h"

static inline guint64
rotl (guint64 x,
      guint   b)
{
  return (x << b) | (x >> (64 - b));
}

typedef struct
{
  guint64 v0, v1, v2, v3;
} SipState;

static inline void
sip_round (SipState *s)
{
  s->v0 += s->v1; s->v1 = rotl (s->v1, 13); s->v1 ^= s->v0;
  s->v0 = rotl (s->v0, 32);
  s->v2 += s->v3; s->v3 = rotl (s->v3, 16); s->v3 ^= s->v2;
  s->v0 += s->v3; s->v3 = rotl (s->v3, 21); s->v3 ^= s->v0;
  s->v2 += s->v1; s->v1 = rotl (s->v1, 17); s->v1 ^= s->v2;
  s->v2 = rotl (s->v2, 32);
}

static inline void
sip_compress (SipState *s,
              guint64   m)
{
  s->v3 ^= m;
  sip_round (s);
  sip_round (s);
  s->v0 ^= m;
}

static inline guint64
load_le64 (const guint8 *p)
{
  guint64 v = 0;

  for (guint i = 0; i < 8; i++)
    v |= (guint64) p[i] << (8 * i);
  return v;
}

guint64
seqack_siphash (const SeqackSipKey *key,
                const void         *data,
                gsize               len)
{
  const guint8 *p = data;
  SipState s;
  guint64 last = (guint64) (len & 0xff) << 56;
  gsize full = len & ~(gsize) 7;

  s.v0 = key->k0 ^ G_GUINT64_CONSTANT (0x736f6d6570736575);
  s.v1 = key->k1 ^ G_GUINT64_CONSTANT (0x646f72616e646f6d);
  s.v2 = key->k0 ^ G_GUINT64_CONSTANT (0x6c7967656e657261);
  s.v3 = key->k1 ^ G_GUINT64_CONSTANT (0x7465646279746573);

  for (gsize i = 0; i < full; i += 8)
    sip_compress (&s, load_le64 (p + i));
  for (gsize i = full; i < len; i++)
    last |= (guint64) p[i] << (8 * (i - full));
  sip_compress (&s, last);

  s.v2 ^= 0xff;
  for (guint i = 0; i < 4; i++)
    sip_round (&s);
  return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

guint64
seqack_siphash_words (const SeqackSipKey *key,
                      guint32             a,
                      guint32             b,
                      guint32             c,
                      guint32             d)
{
  guint8 buf[16];
  const guint32 w[4] = { a, b, c, d };

  for (guint i = 0; i < 4; i++)
    for (guint j = 0; j < 4; j++)
      buf[4 * i + j] = (guint8) (w[i] >> (8 * j));
  return seqack_siphash (key, buf, sizeof buf);
}

/* splitmix64 (Steele, Lea and Flood 2014): spreads a seed over 64 bits. */
static guint64
splitmix64 (guint64 *x)
{
  guint64 z = (*x += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

void
seqack_sip_key_from_seed (SeqackSipKey *key,
                          guint64       seed,
                          guint         purpose)
{
  guint64 x = seed ^ ((guint64) purpose << 56);

  key->k0 = splitmix64 (&x);
  key->k1 = splitmix64 (&x);
}
