/* seqack-tcp-cookie.c: SYN cookies as Linux's secure_tcp_syn_cookie()
 * and check_tcp_syn_cookie() (net/ipv4/syncookies.c) compute them. */

#include "config.h"

#include "seqack-tcp-cookie.h"

static const guint16 msstab[SEQACK_SYN_COOKIE_N_MSS] = {
  536, 1300, 1440, 1460,
};

void
seqack_syn_cookie_secret_init (SeqackSynCookieSecret *secret,
                               guint64                seed)
{
  /* Purposes 2 and 3 (0 and 1 are the ISN and port keys, see
   * seqack-tcp-host.c). */
  seqack_sip_key_from_seed (&secret->key[0], seed, 2);
  seqack_sip_key_from_seed (&secret->key[1], seed, 3);
}

guint16
seqack_syn_cookie_mss (guint index)
{
  g_return_val_if_fail (index < SEQACK_SYN_COOKIE_N_MSS, msstab[0]);

  return msstab[index];
}

/* Linux cookie_hash(): the 4-tuple and the count under key @c; here
 * the client's ISN too under key 1 (see the header). */
static guint32
cookie_hash (const SeqackSynCookieSecret *secret,
             guint32                      client_addr,
             guint16                      client_port,
             guint32                      server_addr,
             guint16                      server_port,
             guint32                      count,
             guint32                      client_isn,
             guint                        c)
{
  guint8 buf[20];
  const guint32 w[5] = {
    client_addr, server_addr, ((guint32) client_port << 16) | server_port,
    count, c == 1 ? client_isn : 0,
  };

  for (guint i = 0; i < 5; i++)
    for (guint j = 0; j < 4; j++)
      buf[4 * i + j] = (guint8) (w[i] >> (8 * j));
  return (guint32) seqack_siphash (&secret->key[c], buf, sizeof buf);
}

/* tcp_cookie_time(): minutes. */
static guint32
cookie_time (gint64 now)
{
  return (guint32) (now / SEQACK_SYN_COOKIE_PERIOD);
}

void
seqack_syn_cookie_make (const SeqackSynCookieSecret *secret,
                        guint32                      client_addr,
                        guint16                      client_port,
                        guint32                      server_addr,
                        guint16                      server_port,
                        guint32                      client_isn,
                        guint16                      client_mss,
                        gint64                       now,
                        SeqackSynCookie             *cookie)
{
  guint index;

  g_return_if_fail (secret != NULL && cookie != NULL);

  /* __cookie_v4_init_sequence(): the largest entry not above the MSS. */
  for (index = SEQACK_SYN_COOKIE_N_MSS - 1; index > 0; index--)
    if (client_mss >= msstab[index])
      break;

  cookie->count = cookie_time (now);
  cookie->hash0 = cookie_hash (secret, client_addr, client_port, server_addr,
                               server_port, 0, 0, 0);
  cookie->hash1 = cookie_hash (secret, client_addr, client_port, server_addr,
                               server_port, cookie->count, client_isn, 1);
  cookie->client_isn = client_isn;
  cookie->mss_index = index;
  cookie->mss = msstab[index];
  cookie->isn = cookie->hash0 + client_isn +
                (cookie->count << SEQACK_SYN_COOKIE_BITS) +
                ((cookie->hash1 + index) & SEQACK_SYN_COOKIE_MASK);
  cookie->count &= 0xff;   /* what the top 8 bits carry */
}

gboolean
seqack_syn_cookie_check (const SeqackSynCookieSecret *secret,
                         guint32                      client_addr,
                         guint16                      client_port,
                         guint32                      server_addr,
                         guint16                      server_port,
                         guint32                      client_isn,
                         guint32                      cookie,
                         gint64                       now,
                         guint16                     *mss)
{
  guint32 count = cookie_time (now);
  guint32 diff, index;

  g_return_val_if_fail (secret != NULL, FALSE);

  cookie -= cookie_hash (secret, client_addr, client_port, server_addr,
                         server_port, 0, 0, 0) + client_isn;
  /* Now (count << 24) + (hash1 + mss_index) mod 2^24. */
  diff = (count - (cookie >> SEQACK_SYN_COOKIE_BITS)) &
         (0xffffffffu >> SEQACK_SYN_COOKIE_BITS);
  if (diff >= SEQACK_SYN_COOKIE_MAX_AGE)
    return FALSE;
  index = (cookie - cookie_hash (secret, client_addr, client_port,
                                 server_addr, server_port, count - diff,
                                 client_isn, 1)) &
          SEQACK_SYN_COOKIE_MASK;
  if (index >= SEQACK_SYN_COOKIE_N_MSS)
    return FALSE;
  if (mss != NULL)
    *mss = msstab[index];
  return TRUE;
}
