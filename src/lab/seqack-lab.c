/* seqack-lab.c: the embedded loopback network.
 *
 * Hosts, each a socket table (seqack-lab-host.c), a wire that is a
 * priority queue of packets in flight ordered by (arrival time, order of
 * sending), and a virtual clock that only moves when the caller asks.
 * Everything the TCBs do comes back through their callbacks, which turn it
 * into packets on the wire and events in the Trace.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "seqack-error.h"
#include "seqack-lab-internal.h"
#include "seqack-packet.h"

#define LAB_TTL 64
#define EPHEMERAL_FIRST 49152 /* RFC 6335 §6: the dynamic port range */
#define EPHEMERAL_COUNT 16384
/* Passes over one instant before step() gives the rest to the next call;
 * only a degenerate config (zero latency and zero RTO) gets near it. */
#define MAX_PASSES_PER_STEP 10000

typedef struct
{
  gint64   arrival;
  guint64  order;    /* keeps send order among equal arrival times */
  guint    event;    /* its SEGMENT event */
  guint8  *packet;
  gsize    len;
  gboolean flood;    /* from or to the flood */
} Flight;

void
seqack_lab_config_init (SeqackLabConfig *config)
{
  g_return_if_fail (config != NULL);

  memset (config, 0, sizeof *config);
  config->seed = 1;
  config->latency = 20 * 1000;
  config->loss_rate = 0.0;
  config->server_port = 80;
  config->client_port = 0;
  seqack_tcp_config_init (&config->tcp);
  config->syn_cookies = SEQACK_SYN_COOKIES_ON_OVERFLOW;
}

static const char *const syn_cookies_names[] = { "off", "on", "always" };

const char *
seqack_lab_syn_cookies_name (guint mode)
{
  g_return_val_if_fail (mode < G_N_ELEMENTS (syn_cookies_names), NULL);

  return syn_cookies_names[mode];
}

gboolean
seqack_lab_syn_cookies_from_name (const char *name,
                                  guint      *mode)
{
  for (guint i = 0; i < G_N_ELEMENTS (syn_cookies_names); i++)
    if (g_strcmp0 (name, syn_cookies_names[i]) == 0)
      {
        *mode = i;
        return TRUE;
      }
  return FALSE;
}

/* The wire */

static gboolean
flight_before (const Flight *a,
               const Flight *b)
{
  if (a->arrival != b->arrival)
    return a->arrival < b->arrival;
  return a->order < b->order;
}

static void
wire_push (GArray *wire,
           Flight *flight)
{
  guint i;

  g_array_append_val (wire, *flight);
  i = wire->len - 1;
  while (i > 0)
    {
      guint parent = (i - 1) / 2;
      Flight *f = &g_array_index (wire, Flight, i);
      Flight *p = &g_array_index (wire, Flight, parent);
      Flight tmp;

      if (!flight_before (f, p))
        break;
      tmp = *f;
      *f = *p;
      *p = tmp;
      i = parent;
    }
}

static void
wire_pop (GArray *wire,
          Flight *out)
{
  guint i = 0;

  g_assert (wire->len > 0);

  *out = g_array_index (wire, Flight, 0);
  g_array_index (wire, Flight, 0) = g_array_index (wire, Flight,
                                                   wire->len - 1);
  g_array_set_size (wire, wire->len - 1);

  for (;;)
    {
      guint l = 2 * i + 1;
      guint r = l + 1;
      guint best = i;
      Flight tmp;

      if (l < wire->len &&
          flight_before (&g_array_index (wire, Flight, l),
                         &g_array_index (wire, Flight, best)))
        best = l;
      if (r < wire->len &&
          flight_before (&g_array_index (wire, Flight, r),
                         &g_array_index (wire, Flight, best)))
        best = r;
      if (best == i)
        break;
      tmp = g_array_index (wire, Flight, i);
      g_array_index (wire, Flight, i) = g_array_index (wire, Flight, best);
      g_array_index (wire, Flight, best) = tmp;
      i = best;
    }
}

static gboolean lab_is_flood (SeqackLab *lab,
                              guint32    src,
                              guint32    dst);

static void
wire_clear (GArray *wire)
{
  for (guint i = 0; i < wire->len; i++)
    g_free (g_array_index (wire, Flight, i).packet);
  g_array_set_size (wire, 0);
}

/* Hosts */

guint16
lab_host_port (SeqackLab  *lab,
               SeqackSide  side)
{
  return side == SEQACK_CLIENT ? lab->client_port : lab->config.server_port;
}

/* Puts @seg on the wire from @host. Its fate is decided now: drop-next and
 * the loss rate are the wire's, not the receiver's, business. */
void
lab_transmit (SeqackLab              *lab,
              Host                   *host,
              guint32                 dst,
              const SeqackTcpSegment *seg,
              guint8                  marks,
              gboolean                tricks)
{
  SeqackFate fate = SEQACK_FATE_DELIVERED;
  gint64 arrival = lab->now + lab->config.latency;
  guint event;

  g_byte_array_set_size (lab->scratch, 0);
  seqack_packet_build_ipv4 (host->addr, dst, host->ip_id++, LAB_TTL,
                            seg, lab->scratch);

  if (tricks)
    {
      if (host->delay_armed)
        {
          host->delay_armed = FALSE;
          arrival += host->delay_next;
          marks |= SEQACK_MARK_DELAYED;
        }
      if (host->drop_next)
        {
          host->drop_next = FALSE;
          fate = SEQACK_FATE_LOST;
        }
      else if (lab->config.loss_rate > 0.0 &&
               g_rand_double (lab->rand) < lab->config.loss_rate)
        fate = SEQACK_FATE_LOST;
    }

  event = seqack_trace_add_segment (lab->trace, lab->now, arrival,
                                    host->side, fate, marks,
                                    lab->scratch->data, lab->scratch->len);

  if (fate == SEQACK_FATE_DELIVERED)
    {
      Flight flight;

      flight.event = event;
      flight.arrival = arrival;
      flight.order = lab->n_sent++;
      flight.len = lab->scratch->len;
      flight.flood = lab_is_flood (lab, host->addr, dst);
      lab->flood_in_flight += flight.flood;
      flight.packet = g_memdup2 (lab->scratch->data, lab->scratch->len);
      wire_push (lab->wire, &flight);
    }
}

/* Life cycle */

static void
lab_set_endpoints (SeqackLab *lab)
{
  for (guint i = 0; i < 2; i++)
    {
      SeqackEndpoint ep;

      memset (&ep, 0, sizeof ep);
      ep.family = 4;
      ep.addr[0] = lab->hosts[i].addr >> 24;
      ep.addr[1] = (lab->hosts[i].addr >> 16) & 0xff;
      ep.addr[2] = (lab->hosts[i].addr >> 8) & 0xff;
      ep.addr[3] = lab->hosts[i].addr & 0xff;
      ep.port = lab_host_port (lab, (SeqackSide) i);
      seqack_trace_set_endpoint (lab->trace, (SeqackSide) i, &ep);
    }
}

static void
lab_start (SeqackLab *lab)
{
  guint32 seeds[2];

  lab->config = lab->initial;
  seeds[0] = (guint32) (lab->config.seed & 0xffffffffu);
  seeds[1] = (guint32) (lab->config.seed >> 32);
  lab->rand = g_rand_new_with_seed_array (seeds, 2);
  lab->now = 0;
  lab->n_sent = 0;

  if (lab->config.client_port != 0)
    lab->client_port = lab->config.client_port;
  else
    lab->client_port = EPHEMERAL_FIRST +
                       g_rand_int_range (lab->rand, 0, EPHEMERAL_COUNT);

  lab->flood_rate = 0;
  lab->flood_next = SEQACK_NO_DEADLINE;
  lab->flood_sent = 0;
  lab->flood_in_flight = 0;
  for (guint i = 0; i < 2; i++)
    lab_host_start (lab, &lab->hosts[i], i);

  lab_set_endpoints (lab);
}

static void
lab_stop (SeqackLab *lab)
{
  for (guint i = 0; i < SEQACK_N_HOSTS; i++)
    lab_host_stop (&lab->hosts[i]);
  g_clear_pointer (&lab->rand, g_rand_free);
  wire_clear (lab->wire);
}

SeqackLab *
seqack_lab_new (const SeqackLabConfig *config)
{
  SeqackLab *lab;

  g_return_val_if_fail (config != NULL, NULL);

  lab = g_new0 (SeqackLab, 1);
  lab->initial = *config;
  lab->initial.loss_rate = CLAMP (config->loss_rate, 0.0, 1.0);
  lab->trace = seqack_trace_new ();
  lab->wire = g_array_new (FALSE, FALSE, sizeof (Flight));
  lab->scratch = g_byte_array_new ();
  lab_start (lab);

  return lab;
}

void
seqack_lab_free (SeqackLab *lab)
{
  if (lab == NULL)
    return;

  lab_stop (lab);
  g_array_unref (lab->wire);
  g_byte_array_unref (lab->scratch);
  seqack_trace_free (lab->trace);
  g_free (lab);
}

void
seqack_lab_reset (SeqackLab *lab)
{
  g_return_if_fail (lab != NULL);

  lab_stop (lab);
  /* Keep the Trace object: views hold a pointer to it. */
  seqack_trace_clear (lab->trace);
  lab_start (lab);
}

const SeqackLabConfig *
seqack_lab_get_config (SeqackLab *lab)
{
  g_return_val_if_fail (lab != NULL, NULL);

  return &lab->config;
}

SeqackTrace *
seqack_lab_get_trace (SeqackLab *lab)
{
  g_return_val_if_fail (lab != NULL, NULL);

  return lab->trace;
}

gint64
seqack_lab_get_now (SeqackLab *lab)
{
  g_return_val_if_fail (lab != NULL, 0);

  return lab->now;
}

/* Endpoint calls */

gboolean
seqack_lab_listen (SeqackLab  *lab,
                   SeqackSide  side,
                   GError    **error)
{
  g_return_val_if_fail (lab != NULL, FALSE);
  g_return_val_if_fail (side <= SEQACK_SERVER, FALSE);

  return lab_user_call (lab, &lab->hosts[side], SEQACK_ACTION_LISTEN, 0, NULL,
                        error);
}

gboolean
seqack_lab_connect (SeqackLab  *lab,
                    SeqackSide  side,
                    GError    **error)
{
  g_return_val_if_fail (lab != NULL, FALSE);
  g_return_val_if_fail (side <= SEQACK_SERVER, FALSE);

  return lab_user_call (lab, &lab->hosts[side], SEQACK_ACTION_CONNECT, 0, NULL,
                        error);
}

gboolean
seqack_lab_send (SeqackLab   *lab,
                 SeqackSide   side,
                 const char  *text,
                 GError     **error)
{
  g_return_val_if_fail (lab != NULL, FALSE);
  g_return_val_if_fail (side <= SEQACK_SERVER, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  return lab_user_call (lab, &lab->hosts[side], SEQACK_ACTION_SEND, 0, text,
                        error);
}

gboolean
seqack_lab_close (SeqackLab  *lab,
                  SeqackSide  side,
                  GError    **error)
{
  g_return_val_if_fail (lab != NULL, FALSE);
  g_return_val_if_fail (side <= SEQACK_SERVER, FALSE);

  return lab_user_call (lab, &lab->hosts[side], SEQACK_ACTION_CLOSE, 0, NULL,
                        error);
}

gboolean
seqack_lab_abort (SeqackLab  *lab,
                  SeqackSide  side,
                  GError    **error)
{
  g_return_val_if_fail (lab != NULL, FALSE);
  g_return_val_if_fail (side <= SEQACK_SERVER, FALSE);

  return lab_user_call (lab, &lab->hosts[side], SEQACK_ACTION_ABORT, 0, NULL,
                        error);
}

gboolean
seqack_lab_allows (SeqackLab     *lab,
                   guint          host,
                   SeqackTcpCall  call)
{
  g_return_val_if_fail (lab != NULL, FALSE);

  if (!lab_host_present (lab, host) || lab->hosts[host].tcp == NULL)
    return FALSE;
  return lab_host_allows (&lab->hosts[host], call);
}

/* Wire controls */

static guint32
clamp_u32 (gint64 value)
{
  return (guint32) CLAMP (value, 0, (gint64) G_MAXUINT32);
}

static void
lab_drop_next (SeqackLab *lab,
               Host      *host)
{
  seqack_trace_add_action (lab->trace, lab->now, host->side,
                           SEQACK_ACTION_DROP_NEXT, 0, NULL);
  host->drop_next = TRUE;
}

static void
lab_delay_next (SeqackLab *lab,
                Host      *host,
                gint64     delay)
{
  seqack_trace_add_action (lab->trace, lab->now, host->side,
                           SEQACK_ACTION_DELAY_NEXT, clamp_u32 (delay), NULL);
  host->delay_armed = TRUE;
  host->delay_next = delay;
}

void
seqack_lab_drop_next (SeqackLab  *lab,
                      SeqackSide  sender)
{
  g_return_if_fail (lab != NULL);
  g_return_if_fail (sender <= SEQACK_SERVER);

  lab_drop_next (lab, &lab->hosts[sender]);
}

void
seqack_lab_delay_next (SeqackLab  *lab,
                       SeqackSide  sender,
                       gint64      delay)
{
  g_return_if_fail (lab != NULL);
  g_return_if_fail (sender <= SEQACK_SERVER);
  g_return_if_fail (delay >= 0);

  lab_delay_next (lab, &lab->hosts[sender], delay);
}

void
seqack_lab_stale_syn (SeqackLab  *lab,
                      SeqackSide  sender)
{
  Host *host;
  SeqackTcpSegment syn;
  SeqackTcpVars vars;
  guint32 old_isn;

  g_return_if_fail (lab != NULL);
  g_return_if_fail (sender <= SEQACK_SERVER);

  host = &lab->hosts[sender];
  memset (&vars, 0, sizeof vars);
  if (lab_host_conn (host) != NULL)
    seqack_tcp_conn_get_vars (lab_host_conn (host), &vars);

  seqack_trace_add_action (lab->trace, lab->now, sender,
                           SEQACK_ACTION_STALE_SYN, 0, NULL);

  /* RFC 9293 §3.5: an old duplicate SYN carries the ISN of an earlier
   * incarnation, so any number but the one in use now. */
  do
    old_isn = g_rand_int (lab->rand);
  while (old_isn == vars.iss);

  memset (&syn, 0, sizeof syn);
  syn.src_port = lab_host_port (lab, sender);
  syn.dst_port = lab_host_port (lab, SEQACK_OTHER_SIDE (sender));
  syn.seq = old_isn;
  syn.flags = SEQACK_TCP_SYN;
  syn.window = (guint16) MIN (lab->config.tcp.rcv_wnd, G_MAXUINT16);
  syn.options.has_mss = TRUE;
  syn.options.mss = lab->config.tcp.mss;

  /* The replay itself is the trick: drop-next and loss do not apply. */
  lab_transmit (lab, host, lab->hosts[SEQACK_OTHER_SIDE (sender)].addr, &syn,
                SEQACK_MARK_STALE, FALSE);
}

void
seqack_lab_set_loss_rate (SeqackLab *lab,
                          double     rate)
{
  g_return_if_fail (lab != NULL);
  g_return_if_fail (rate >= 0.0 && rate <= 1.0);

  seqack_trace_add_action (lab->trace, lab->now, SEQACK_CLIENT,
                           SEQACK_ACTION_SET_LOSS,
                           (guint32) lround (rate * 1e6), NULL);
  lab->config.loss_rate = rate;
}

void
seqack_lab_set_latency (SeqackLab *lab,
                        gint64     latency)
{
  g_return_if_fail (lab != NULL);
  g_return_if_fail (latency >= 0);

  seqack_trace_add_action (lab->trace, lab->now, SEQACK_CLIENT,
                           SEQACK_ACTION_SET_LATENCY, clamp_u32 (latency),
                           NULL);
  lab->config.latency = latency;
}

void
seqack_lab_set_msl (SeqackLab *lab,
                    gint64     msl)
{
  g_return_if_fail (lab != NULL);
  g_return_if_fail (msl >= 0);

  seqack_trace_add_action (lab->trace, lab->now, SEQACK_CLIENT,
                           SEQACK_ACTION_SET_MSL, clamp_u32 (msl), NULL);
  lab->config.tcp.msl = msl;
  for (guint i = 0; i < SEQACK_N_HOSTS; i++)
    if (lab->hosts[i].tcp != NULL)
      seqack_tcp_host_set_tcp_config (lab->hosts[i].tcp, &lab->config.tcp,
                                      lab->now);
}

/* Generated data for "send-bytes": the alphabet over and over, so a
 * student can read where in the stream a segment is. */
#define MAX_SEND_BYTES (16 * 1024 * 1024)

/* The applications: bulk sends, reading, and both hosts' buffer and
 * MSS settings. */
/* Both hosts take the lab's TCP settings again (a "set" step). */
static void
lab_apply_tcp_config (SeqackLab *lab)
{
  for (guint i = 0; i < SEQACK_N_HOSTS; i++)
    if (lab->hosts[i].tcp != NULL)
      lab_host_set_tcp_config (&lab->hosts[i]);
}

static gboolean
lab_app_action (SeqackLab     *lab,
                Host          *host,
                SeqackAction   action,
                gint64         number,
                GError       **error)
{
  SeqackSide side = host->side;
  gboolean ok = TRUE;

  switch (action)
    {
    case SEQACK_ACTION_SEND_BYTES:
      {
        g_autofree guint8 *bytes = NULL;

        if (number < 1 || number > MAX_SEND_BYTES)
          break;
        if (lab_host_conn (host) == NULL)
          return lab_no_connection (action, error);
        if (!seqack_tcp_conn_allows (lab_host_conn (host),
                                     SEQACK_TCP_CALL_SEND))
          return seqack_tcp_host_send (host->tcp, host->current, NULL, 0,
                                       lab->now, error);
        lab_host_name_socket (host, host->current,
                              seqack_trace_add_action (lab->trace, lab->now,
                                                       side, action,
                                                       (guint32) number,
                                                       NULL));
        bytes = g_malloc (number);
        for (gint64 i = 0; i < number; i++)
          bytes[i] = (guint8) ('a' + i % 26);
        ok = seqack_tcp_host_send (host->tcp, host->current, bytes, number,
                                   lab->now, error);
        lab_host_note_vars (host);
        return ok;
      }

    case SEQACK_ACTION_READ_OFF:
    case SEQACK_ACTION_READ_ON:
      lab_host_name_socket (host, host->current,
                            seqack_trace_add_action (lab->trace, lab->now,
                                                     side, action, 0, NULL));
      /* For the connection, and for the ones the listener spawns. */
      host->read_paused = action == SEQACK_ACTION_READ_OFF;
      if (lab_host_conn (host) != NULL)
        seqack_tcp_host_set_read_paused (host->tcp, host->current,
                                         host->read_paused, lab->now, NULL);
      lab_host_note_vars (host);
      return TRUE;

    case SEQACK_ACTION_READ:
      if (number < 1 || number > G_MAXUINT32)
        break;
      lab_host_name_socket (host, host->current,
                            seqack_trace_add_action (lab->trace, lab->now,
                                                     side, action,
                                                     (guint32) number, NULL));
      if (lab_host_conn (host) != NULL)
        seqack_tcp_host_read (host->tcp, host->current, number, lab->now,
                              NULL);
      lab_host_note_vars (host);
      return TRUE;

    case SEQACK_ACTION_SET_RCVBUF:
    case SEQACK_ACTION_SET_MSS:
      /* Linux's TCP_MIN_MSS is 88; a buffer needs a byte. */
      if (action == SEQACK_ACTION_SET_MSS ? number < 88 || number > 65495
                                          : number < 1 ||
                                            number > MAX_SEND_BYTES)
        break;
      seqack_trace_add_action (lab->trace, lab->now, side, action,
                               (guint32) number, NULL);
      if (action == SEQACK_ACTION_SET_MSS)
        lab->config.tcp.mss = (guint16) number;
      else
        lab->config.tcp.rcv_buf = (guint32) number;
      lab_apply_tcp_config (lab);
      return TRUE;

    case SEQACK_ACTION_SET_IW10:
    case SEQACK_ACTION_SET_NAGLE:
      if (number > 1)
        break;
      seqack_trace_add_action (lab->trace, lab->now, side, action,
                               (guint32) number, NULL);
      if (action == SEQACK_ACTION_SET_IW10)
        lab->config.tcp.iw10 = number != 0;
      else
        lab->config.tcp.nagle = number != 0;
      lab_apply_tcp_config (lab);
      return TRUE;

    default:
      g_assert_not_reached ();
    }

  {
    g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, number);

    g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                 _("'%s' cannot take %s"), seqack_action_name (action),
                 value);
  }
  return FALSE;
}

gboolean
seqack_lab_socket_number (SeqackLab             *lab,
                          guint                  host,
                          const SeqackSocketKey *key,
                          guint                 *number)
{
  g_return_val_if_fail (lab != NULL && key != NULL && number != NULL, FALSE);

  *number = 0;
  if (!lab_host_present (lab, host) || lab->hosts[host].tcp == NULL)
    return FALSE;
  return lab_host_socket_number (&lab->hosts[host], key, number);
}

/* More hosts */

gboolean
seqack_lab_has_host (SeqackLab *lab,
                     guint      host)
{
  g_return_val_if_fail (lab != NULL, FALSE);

  return lab_host_present (lab, host);
}

guint
seqack_lab_get_flood_rate (SeqackLab *lab)
{
  g_return_val_if_fail (lab != NULL, 0);

  return lab->flood_rate;
}

/* Events from @first on that happened on @host's side belong to it
 * (the calls and arrivals of one host append events of its side
 * only). */
static void
lab_claim_events (SeqackLab *lab,
                  Host      *host,
                  guint      first)
{
  guint n = seqack_trace_get_n_events (lab->trace);

  if (host->index <= SEQACK_SERVER)
    return;
  for (guint i = first; i < n; i++)
    if (seqack_trace_get_event (lab->trace, i)->side == host->side)
      seqack_trace_set_event_host (lab->trace, i, host->index);
}

static gboolean
lab_add_client (SeqackLab  *lab,
                GError    **error)
{
  guint index = SEQACK_HOST_CLIENT_2;
  Host *host;

  while (index <= SEQACK_HOST_LAST_CLIENT && lab_host_present (lab, index))
    index++;
  if (index > SEQACK_HOST_LAST_CLIENT)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("the lab has room for %u clients at most"),
                   SEQACK_HOST_LAST_CLIENT);
      return FALSE;
    }
  host = &lab->hosts[index];
  lab_host_start (lab, host, index);
  seqack_trace_add_host (lab->trace, index, host->addr, 32);
  seqack_trace_add_action (lab->trace, lab->now, host->side,
                           SEQACK_ACTION_ADD_CLIENT, 0, NULL);
  lab_claim_events (lab, host, seqack_trace_get_n_events (lab->trace) - 1);
  return TRUE;
}

/* The flood: a host that keeps no sockets. Its SYNs come from spoofed
 * addresses that nobody answers for, so the server's SYN,ACKs go
 * unanswered and its SYN queue fills (RFC 4987 §2). */
static void
lab_flood (SeqackLab *lab,
           guint      rate)
{
  Host *host = &lab->hosts[SEQACK_HOST_FLOOD];

  if (!lab_host_present (lab, SEQACK_HOST_FLOOD))
    {
      host->lab = lab;
      host->index = SEQACK_HOST_FLOOD;
      host->side = SEQACK_CLIENT;
      host->addr = LAB_FLOOD_NET;
      host->ip_id = 1;
      seqack_trace_add_host (lab->trace, SEQACK_HOST_FLOOD, LAB_FLOOD_NET,
                             24);
    }
  seqack_trace_add_action (lab->trace, lab->now, SEQACK_CLIENT,
                           SEQACK_ACTION_FLOOD, rate, NULL);
  lab_claim_events (lab, host, seqack_trace_get_n_events (lab->trace) - 1);
  lab->flood_rate = rate;
  lab->flood_next = rate > 0 ? lab->now : SEQACK_NO_DEADLINE;
}

/* The flood's next SYN: from one of 254 addresses and a port below the
 * lab's ephemeral ranges (so it never shares a real client's 4-tuple),
 * with a random ISN. */
static void
lab_flood_send (SeqackLab *lab)
{
  Host *host = &lab->hosts[SEQACK_HOST_FLOOD];
  guint first = seqack_trace_get_n_events (lab->trace);
  SeqackTcpSegment syn;

  memset (&syn, 0, sizeof syn);
  syn.src_port = (guint16) g_rand_int_range (lab->rand, 1024, 32768);
  syn.dst_port = lab->config.server_port;
  syn.seq = g_rand_int (lab->rand);
  syn.flags = SEQACK_TCP_SYN;
  syn.window = 64240;
  syn.options.has_mss = TRUE;
  syn.options.mss = 1460;
  host->addr = LAB_FLOOD_NET + 1 + (guint32) (lab->flood_sent++ % 254);
  lab_transmit (lab, host, lab->hosts[SEQACK_SERVER].addr, &syn, 0, TRUE);
  host->addr = LAB_FLOOD_NET;
  lab_claim_events (lab, host, first);
  lab->flood_next += G_USEC_PER_SEC / lab->flood_rate;
}

static gboolean
lab_no_host (guint     host,
             GError  **error)
{
  if (host < SEQACK_N_HOSTS && host > SEQACK_SERVER)
    g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                 host == SEQACK_HOST_FLOOD
                 ? _("%s has no sockets: it only sends SYNs")
                 : _("%s is not on the wire: add it first (add-client)"),
                 seqack_host_name (host));
  else
    g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                 _("no host %u"), host);
  return FALSE;
}

/* Whether @action is made on a host (an endpoint's call or a wire trick
 * on what it sends), not on the lab as a whole. */
static gboolean
action_on_host (SeqackAction action)
{
  return !seqack_action_is_lab_wide (action) &&
         action != SEQACK_ACTION_ADD_CLIENT && action != SEQACK_ACTION_FLOOD;
}

static gboolean lab_perform (SeqackLab     *lab,
                             guint          host,
                             SeqackAction   action,
                             gint64         number,
                             const char    *text,
                             GError       **error);

gboolean
seqack_lab_perform (SeqackLab     *lab,
                    guint          host,
                    SeqackAction   action,
                    gint64         number,
                    const char    *text,
                    GError       **error)
{
  guint first;
  gboolean ok;

  g_return_val_if_fail (lab != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!action_on_host (action))
    /* Recorded on the side given (an added client's is the client's). */
    host = host == SEQACK_SERVER ? SEQACK_SERVER : SEQACK_CLIENT;
  else if (!lab_host_present (lab, host) || lab->hosts[host].tcp == NULL)
    return lab_no_host (host, error);
  /* The wire tricks are for the two endpoints. */
  if (host > SEQACK_SERVER && action == SEQACK_ACTION_STALE_SYN)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("'%s' is for the client and the server only"),
                   seqack_action_name (action));
      return FALSE;
    }
  if (action == SEQACK_ACTION_FLOOD && number > SEQACK_LAB_MAX_FLOOD_RATE)
    {
      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("a flood sends %u SYNs a second at most"),
                   SEQACK_LAB_MAX_FLOOD_RATE);
      return FALSE;
    }

  first = seqack_trace_get_n_events (lab->trace);
  ok = lab_perform (lab, host, action, number, text, error);
  if (action_on_host (action))
    lab_claim_events (lab, &lab->hosts[host], first);
  return ok;
}

static gboolean
lab_perform (SeqackLab     *lab,
             guint          side,
             SeqackAction   action,
             gint64         number,
             const char    *text,
             GError       **error)
{
  Host *host = &lab->hosts[side];

  if (number < 0 ||
      (action == SEQACK_ACTION_SET_LOSS && number > 1000000) ||
      (action == SEQACK_ACTION_CONNECT && number > 1) ||
      (action == SEQACK_ACTION_LISTEN && number > SEQACK_LAB_MAX_BACKLOG) ||
      (action == SEQACK_ACTION_SELECT && number > G_MAXUINT32) ||
      (action == SEQACK_ACTION_ACCEPT && (number < 1 || number > 1000)) ||
      (action == SEQACK_ACTION_SET_SYNCOOKIES &&
       number > SEQACK_SYN_COOKIES_ALWAYS))
    {
      g_autofree char *value = g_strdup_printf ("%" G_GINT64_FORMAT, number);

      g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
                   _("'%s' cannot take %s"), seqack_action_name (action),
                   value);
      return FALSE;
    }

  switch (action)
    {
    case SEQACK_ACTION_CONNECT:
    case SEQACK_ACTION_LISTEN:
      return lab_user_call (lab, host, action, number, NULL, error);
    case SEQACK_ACTION_CLOSE:
    case SEQACK_ACTION_QUIT:
    case SEQACK_ACTION_ABORT:
      return lab_user_call (lab, host, action, 0, NULL, error);
    case SEQACK_ACTION_SEND:
      return lab_user_call (lab, host, action, 0, text != NULL ? text : "",
                            error);
    case SEQACK_ACTION_SELECT:
      return lab_host_select (host, number, error);
    case SEQACK_ACTION_ACCEPT_OFF:
    case SEQACK_ACTION_ACCEPT_ON:
    case SEQACK_ACTION_ACCEPT:
      return lab_host_accept (host, action, number, error);
    case SEQACK_ACTION_SET_SYNCOOKIES:
      seqack_trace_add_action (lab->trace, lab->now, host->side, action,
                               (guint32) number, NULL);
      lab->config.syn_cookies = (guint8) number;
      for (guint i = 0; i < SEQACK_N_HOSTS; i++)
        if (lab->hosts[i].tcp != NULL)
          seqack_tcp_host_set_syn_cookies (lab->hosts[i].tcp,
                                           (SeqackSynCookies) number);
      return TRUE;
    case SEQACK_ACTION_ADD_CLIENT:
      return lab_add_client (lab, error);
    case SEQACK_ACTION_FLOOD:
      lab_flood (lab, (guint) number);
      return TRUE;
    case SEQACK_ACTION_DROP_NEXT:
      lab_drop_next (lab, host);
      return TRUE;
    case SEQACK_ACTION_DELAY_NEXT:
      lab_delay_next (lab, host, number);
      return TRUE;
    case SEQACK_ACTION_STALE_SYN:
      seqack_lab_stale_syn (lab, side);
      return TRUE;
    case SEQACK_ACTION_SET_LOSS:
      seqack_lab_set_loss_rate (lab, number / 1e6);
      return TRUE;
    case SEQACK_ACTION_SET_LATENCY:
      seqack_lab_set_latency (lab, number);
      return TRUE;
    case SEQACK_ACTION_SET_MSL:
      seqack_lab_set_msl (lab, number);
      return TRUE;
    case SEQACK_ACTION_SKIP_WAIT:
      return seqack_lab_skip_wait (lab);
    case SEQACK_ACTION_PAUSE:
      seqack_lab_run_until (lab, lab->now + number);
      return TRUE;
    case SEQACK_ACTION_SEND_BYTES:
    case SEQACK_ACTION_READ_OFF:
    case SEQACK_ACTION_READ_ON:
    case SEQACK_ACTION_READ:
    case SEQACK_ACTION_SET_RCVBUF:
    case SEQACK_ACTION_SET_MSS:
    case SEQACK_ACTION_SET_IW10:
    case SEQACK_ACTION_SET_NAGLE:
      return lab_app_action (lab, host, action, number, error);
    case SEQACK_N_ACTIONS:
    default:
      break;
    }

  g_set_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT,
               _("unknown action %d"), (int) action);
  return FALSE;
}

/* The clock */

static gint64
lab_next_timer (SeqackLab *lab)
{
  gint64 t = SEQACK_NO_DEADLINE;

  for (guint i = 0; i < SEQACK_N_HOSTS; i++)
    if (lab->hosts[i].tcp != NULL)
      t = MIN (t, seqack_tcp_host_next_deadline (lab->hosts[i].tcp));
  return t;
}

gint64
seqack_lab_next_event_time (SeqackLab *lab)
{
  gint64 t;

  g_return_val_if_fail (lab != NULL, SEQACK_NO_DEADLINE);

  t = MIN (lab_next_timer (lab), lab->flood_next);
  if (lab->wire->len > 0)
    t = MIN (t, g_array_index (lab->wire, Flight, 0).arrival);

  return t;
}

static Host *
lab_host_for_addr (SeqackLab *lab,
                   guint32    addr)
{
  for (guint i = 0; i < SEQACK_N_HOSTS; i++)
    if (lab->hosts[i].tcp != NULL && lab->hosts[i].addr == addr)
      return &lab->hosts[i];
  if (lab_host_present (lab, SEQACK_HOST_FLOOD) &&
      (addr & 0xffffff00u) == LAB_FLOOD_NET)
    return &lab->hosts[SEQACK_HOST_FLOOD];
  return NULL;
}

/* Whether a packet from @src to @dst is the flood's business. */
static gboolean
lab_is_flood (SeqackLab *lab,
              guint32    src,
              guint32    dst)
{
  return lab_host_present (lab, SEQACK_HOST_FLOOD) &&
         ((src & 0xffffff00u) == LAB_FLOOD_NET ||
          (dst & 0xffffff00u) == LAB_FLOOD_NET);
}

/* A packet reaches the end of the wire. */
static void
lab_arrive (SeqackLab    *lab,
            const Flight *flight)
{
  SeqackPacket packet;
  Host *host;
  guint first_event;

  /* Whatever is on the wire is decoded as a receiver would: checked, never
   * trusted. What does not decode is dropped, as a NIC would. */
  if (!seqack_packet_decode (flight->packet, flight->len, &packet, NULL))
    return;
  /* RFC 9293 §3.1 and RFC 791 §3.1: a bad checksum means the segment is
   * discarded silently. */
  if (packet.family != 4 || !packet.checksum_ok || !packet.ip_checksum_ok)
    return;

  host = lab_host_for_addr (lab, packet.ip4.dst);
  /* The flood never answers: its sources are spoofed. */
  if (host == NULL || host->tcp == NULL)
    return;

  /* The host demultiplexes it by 4-tuple; with no socket for it, the
   * closed-port rules answer (RFC 9293 §3.10.7.1). */
  first_event = seqack_trace_get_n_events (lab->trace);
  {
    const SeqackTcpHostStats *stats = seqack_tcp_host_get_stats (host->tcp);
    guint64 syn_queue = stats->syn_queue_drops;
    guint64 accept_queue = stats->listen_overflows;
    guint64 cookies = stats->cookies_recv;

    seqack_tcp_host_input (host->tcp, packet.ip4.src, packet.ip4.dst,
                           &packet.tcp, lab->now);
    /* A listener's full queue dropped it: the diagram says which. */
    if (stats->syn_queue_drops != syn_queue ||
        stats->listen_overflows != accept_queue)
      seqack_trace_mark_queue_drop (lab->trace, flight->event,
                                    stats->listen_overflows != accept_queue,
                                    stats->cookies_recv != cookies);
  }
  lab_host_note_arrival (host, flight->event, first_event, packet.ip4.src,
                         &packet.tcp);
  lab_claim_events (lab, host, first_event);
}

/* Processes everything due at or before lab->now: arrivals first, in
 * (time, send order), then each side's timers. Repeats while that caused
 * something due at the same instant (zero latency or a zero timer). */
static void
lab_process_due (SeqackLab *lab)
{
  for (guint pass = 0;
       pass < MAX_PASSES_PER_STEP &&
       seqack_lab_next_event_time (lab) <= lab->now;
       pass++)
    {
      while (lab->wire->len > 0 &&
             g_array_index (lab->wire, Flight, 0).arrival <= lab->now)
        {
          Flight flight;

          wire_pop (lab->wire, &flight);
          if (flight.flood)
            lab->flood_in_flight--;
          lab_arrive (lab, &flight);
          g_free (flight.packet);
        }

      for (guint i = 0; i < SEQACK_N_HOSTS; i++)
        {
          Host *host = &lab->hosts[i];

          if (host->tcp != NULL &&
              seqack_tcp_host_next_deadline (host->tcp) <= lab->now)
            {
              guint first = seqack_trace_get_n_events (lab->trace);

              seqack_tcp_host_advance (host->tcp, lab->now);
              lab_host_note_vars (host);
              lab_claim_events (lab, host, first);
            }
        }

      while (lab->flood_next <= lab->now)
        lab_flood_send (lab);
    }
}

gboolean
seqack_lab_step (SeqackLab *lab)
{
  gint64 t;

  g_return_val_if_fail (lab != NULL, FALSE);

  t = seqack_lab_next_event_time (lab);
  if (t == SEQACK_NO_DEADLINE)
    return FALSE;

  /* Time never runs backwards, even for a deadline already behind us. */
  lab->now = MAX (lab->now, t);
  lab_process_due (lab);

  return TRUE;
}

void
seqack_lab_run_until (SeqackLab *lab,
                      gint64     t)
{
  g_return_if_fail (lab != NULL);

  for (;;)
    {
      gint64 next = seqack_lab_next_event_time (lab);

      if (next == SEQACK_NO_DEADLINE || next > t)
        break;
      seqack_lab_step (lab);
    }

  lab->now = MAX (lab->now, t);
}

typedef enum
{
  UNTIL_QUIET,    /* no segment on the wire */
  UNTIL_SETTLED,  /* and none owed */
  UNTIL_IDLE,     /* and no timer at all */
} RunUntil;

/* A segment is owed: lost data waiting for its retransmission, or a
 * delayed ACK. A lost SYN or FIN is not (a lesson acts while it is
 * lost), nor are the persist, TIME-WAIT and FIN-WAIT-2 timers. */
static gboolean
lab_segment_owed (SeqackLab *lab)
{
  for (guint i = 0; i < SEQACK_N_HOSTS; i++)
    if (lab->hosts[i].tcp != NULL && lab_host_owes (&lab->hosts[i]))
      return TRUE;
  return FALSE;
}

static gboolean
lab_run_while (SeqackLab *lab,
               gint64     limit,
               RunUntil   until)
{
  gint64 end;

  g_return_val_if_fail (lab != NULL, FALSE);
  g_return_val_if_fail (limit >= 0, FALSE);

  end = limit > G_MAXINT64 - lab->now ? G_MAXINT64 : lab->now + limit;

  for (;;)
    {
      gint64 next;

      /* A flood's segments never stop: quiet and settled are about the
       * others. */
      if (lab->wire->len == lab->flood_in_flight &&
          (until == UNTIL_QUIET ||
           (until == UNTIL_SETTLED && !lab_segment_owed (lab)) ||
           (lab->wire->len == 0 && lab->flood_rate == 0 &&
            lab_next_timer (lab) == SEQACK_NO_DEADLINE)))
        return TRUE;

      next = seqack_lab_next_event_time (lab);
      if (next > end)
        {
          lab->now = MAX (lab->now, end);
          return FALSE;
        }
      seqack_lab_step (lab);
    }
}

gboolean
seqack_lab_run_until_quiet (SeqackLab *lab,
                            gint64     limit)
{
  return lab_run_while (lab, limit, UNTIL_QUIET);
}

gboolean
seqack_lab_run_until_settled (SeqackLab *lab,
                              gint64     limit)
{
  return lab_run_while (lab, limit, UNTIL_SETTLED);
}

gboolean
seqack_lab_run_until_idle (SeqackLab *lab,
                           gint64     limit)
{
  return lab_run_while (lab, limit, UNTIL_IDLE);
}

gboolean
seqack_lab_skip_wait (SeqackLab *lab)
{
  gint64 deadline;
  SeqackSide side;

  g_return_val_if_fail (lab != NULL, FALSE);

  if (lab->wire->len > lab->flood_in_flight)
    return FALSE;

  deadline = lab_next_timer (lab);
  if (deadline == SEQACK_NO_DEADLINE)
    return FALSE;

  side = seqack_tcp_host_next_deadline (lab->hosts[SEQACK_CLIENT].tcp)
         == deadline ? SEQACK_CLIENT : SEQACK_SERVER;
  /* The action's number is the wait skipped, in µs. */
  seqack_trace_add_action (lab->trace, lab->now, side,
                           SEQACK_ACTION_SKIP_WAIT,
                           clamp_u32 (deadline - lab->now), NULL);
  /* A flood goes on meanwhile. */
  seqack_lab_run_until (lab, deadline);

  return TRUE;
}

guint
seqack_lab_get_n_in_flight (SeqackLab *lab)
{
  g_return_val_if_fail (lab != NULL, 0);

  return lab->wire->len;
}

guint
seqack_lab_get_n_flood_in_flight (SeqackLab *lab)
{
  g_return_val_if_fail (lab != NULL, 0);

  return lab->flood_in_flight;
}

SeqackTcpState
seqack_lab_get_state (SeqackLab  *lab,
                      guint       side)
{
  g_return_val_if_fail (lab != NULL, SEQACK_TCP_CLOSED);

  if (!lab_host_present (lab, side) || lab->hosts[side].tcp == NULL)
    return SEQACK_TCP_CLOSED;
  {
    SeqackTcpConn *conn = lab_host_conn (&lab->hosts[side]);

    return conn != NULL ? seqack_tcp_conn_get_state (conn)
                        : SEQACK_TCP_CLOSED;
  }
}

void
seqack_lab_get_vars (SeqackLab     *lab,
                     guint          side,
                     SeqackTcpVars *vars)
{
  g_return_if_fail (lab != NULL);
  g_return_if_fail (vars != NULL);

  if (!lab_host_present (lab, side) || lab->hosts[side].tcp == NULL)
    memset (vars, 0, sizeof *vars);
  else if (lab_host_conn (&lab->hosts[side]) != NULL)
    seqack_tcp_conn_get_vars (lab_host_conn (&lab->hosts[side]), vars);
  else
    *vars = lab->hosts[side].last_vars;
}

gboolean
seqack_lab_get_socket_vars (SeqackLab             *lab,
                            guint                  host,
                            const SeqackSocketKey *key,
                            SeqackTcpVars         *vars)
{
  SeqackTcpSocketId id;
  SeqackTcpConn *conn;
  Host *h;

  g_return_val_if_fail (lab != NULL, FALSE);
  g_return_val_if_fail (key != NULL && vars != NULL, FALSE);

  memset (vars, 0, sizeof *vars);
  if (host >= SEQACK_N_HOSTS || !lab_host_present (lab, host) ||
      lab->hosts[host].tcp == NULL ||
      seqack_socket_key_is_listener (key))
    return FALSE;
  h = &lab->hosts[host];
  id = seqack_tcp_host_lookup (h->tcp, key->local_port,
                               key->remote_addr != 0
                               ? key->remote_addr
                               : lab->hosts[SEQACK_OTHER_SIDE (h->side)].addr,
                               key->remote_port);
  conn = id != 0 ? seqack_tcp_host_get_conn (h->tcp, id) : NULL;
  if (conn == NULL)
    return FALSE;
  seqack_tcp_conn_get_vars (conn, vars);
  return TRUE;
}

gboolean
seqack_lab_get_next_timer (SeqackLab      *lab,
                           guint           side,
                           SeqackTcpTimer *timer,
                           gint64         *deadline)
{
  SeqackTcpConn *conn;
  gint64 best = SEQACK_NO_DEADLINE;
  SeqackTcpTimer best_timer = SEQACK_TCP_TIMER_RETRANSMIT;

  g_return_val_if_fail (lab != NULL, FALSE);

  if (!lab_host_present (lab, side) || lab->hosts[side].tcp == NULL)
    return FALSE;
  conn = lab_host_conn (&lab->hosts[side]);
  for (guint i = 0; conn != NULL && i < SEQACK_TCP_N_TIMERS; i++)
    {
      gint64 d = seqack_tcp_conn_timer_deadline (conn, (SeqackTcpTimer) i);

      if (d < best)
        {
          best = d;
          best_timer = (SeqackTcpTimer) i;
        }
    }

  if (best == SEQACK_NO_DEADLINE)
    return FALSE;
  if (timer != NULL)
    *timer = best_timer;
  if (deadline != NULL)
    *deadline = best;
  return TRUE;
}
