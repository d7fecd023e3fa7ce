/* seqack-tcp-state.c: the one table of TCP states and transitions.
 *
 * The labels follow the "event / action" style of the RFC 793 and RFC 9293
 * §3.3.2 state diagram (Figure 5).
 */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "seqack-tcp-state.h"

static const char * const state_names[SEQACK_TCP_N_STATES] = {
  [SEQACK_TCP_CLOSED]       = "CLOSED",
  [SEQACK_TCP_LISTEN]       = "LISTEN",
  [SEQACK_TCP_SYN_SENT]     = "SYN-SENT",
  [SEQACK_TCP_SYN_RECEIVED] = "SYN-RCVD",
  [SEQACK_TCP_ESTABLISHED]  = "ESTABLISHED",
  [SEQACK_TCP_FIN_WAIT_1]   = "FIN-WAIT-1",
  [SEQACK_TCP_FIN_WAIT_2]   = "FIN-WAIT-2",
  [SEQACK_TCP_CLOSE_WAIT]   = "CLOSE-WAIT",
  [SEQACK_TCP_CLOSING]      = "CLOSING",
  [SEQACK_TCP_LAST_ACK]     = "LAST-ACK",
  [SEQACK_TCP_TIME_WAIT]    = "TIME-WAIT",
};

#define ANY SEQACK_TCP_N_STATES

/* Indexed by edge - 1. The RFC figure draws the simultaneous-open edge as
 * "rcv SYN / snd SYN,ACK" (RFC 793 wrote "snd ACK"; the segment really is a
 * SYN,ACK, RFC 9293 Figure 5 fixed the label). */
static const SeqackTcpEdgeInfo edges[SEQACK_TCP_N_EDGES - 1] = {
  { SEQACK_TCP_EDGE_PASSIVE_OPEN,
    SEQACK_TCP_CLOSED, SEQACK_TCP_LISTEN,
    N_("passive OPEN"), TRUE, FALSE },
  { SEQACK_TCP_EDGE_ACTIVE_OPEN,
    SEQACK_TCP_CLOSED, SEQACK_TCP_SYN_SENT,
    N_("active OPEN / snd SYN"), TRUE, FALSE },
  { SEQACK_TCP_EDGE_LISTEN_SEND,
    SEQACK_TCP_LISTEN, SEQACK_TCP_SYN_SENT,
    N_("SEND / snd SYN"), TRUE, FALSE },
  { SEQACK_TCP_EDGE_LISTEN_CLOSE,
    SEQACK_TCP_LISTEN, SEQACK_TCP_CLOSED,
    N_("CLOSE"), TRUE, FALSE },
  { SEQACK_TCP_EDGE_RCV_SYN,
    SEQACK_TCP_LISTEN, SEQACK_TCP_SYN_RECEIVED,
    N_("rcv SYN / snd SYN,ACK"), TRUE, FALSE },
  { SEQACK_TCP_EDGE_SIMULTANEOUS_OPEN,
    SEQACK_TCP_SYN_SENT, SEQACK_TCP_SYN_RECEIVED,
    N_("rcv SYN / snd SYN,ACK"), TRUE, FALSE },
  { SEQACK_TCP_EDGE_RCV_SYN_ACK,
    SEQACK_TCP_SYN_SENT, SEQACK_TCP_ESTABLISHED,
    N_("rcv SYN,ACK / snd ACK"), TRUE, FALSE },
  { SEQACK_TCP_EDGE_SYN_SENT_CLOSE,
    SEQACK_TCP_SYN_SENT, SEQACK_TCP_CLOSED,
    N_("CLOSE"), TRUE, FALSE },
  { SEQACK_TCP_EDGE_RCV_ACK_OF_SYN,
    SEQACK_TCP_SYN_RECEIVED, SEQACK_TCP_ESTABLISHED,
    N_("rcv ACK of SYN"), TRUE, FALSE },
  { SEQACK_TCP_EDGE_SYN_RCVD_RST,
    SEQACK_TCP_SYN_RECEIVED, SEQACK_TCP_LISTEN,
    N_("rcv RST"), TRUE, FALSE },
  { SEQACK_TCP_EDGE_SYN_RCVD_CLOSE,
    SEQACK_TCP_SYN_RECEIVED, SEQACK_TCP_FIN_WAIT_1,
    N_("CLOSE / snd FIN"), TRUE, FALSE },
  { SEQACK_TCP_EDGE_ESTABLISHED_CLOSE,
    SEQACK_TCP_ESTABLISHED, SEQACK_TCP_FIN_WAIT_1,
    N_("CLOSE / snd FIN"), TRUE, FALSE },
  { SEQACK_TCP_EDGE_ESTABLISHED_RCV_FIN,
    SEQACK_TCP_ESTABLISHED, SEQACK_TCP_CLOSE_WAIT,
    N_("rcv FIN / snd ACK"), TRUE, FALSE },
  { SEQACK_TCP_EDGE_FIN_WAIT_1_RCV_ACK,
    SEQACK_TCP_FIN_WAIT_1, SEQACK_TCP_FIN_WAIT_2,
    N_("rcv ACK of FIN"), TRUE, FALSE },
  { SEQACK_TCP_EDGE_FIN_WAIT_1_RCV_FIN,
    SEQACK_TCP_FIN_WAIT_1, SEQACK_TCP_CLOSING,
    N_("rcv FIN / snd ACK"), TRUE, FALSE },
  /* RFC 9293 §3.10.7.4, eighth step: not drawn in the figure. */
  { SEQACK_TCP_EDGE_FIN_WAIT_1_RCV_FIN_ACK,
    SEQACK_TCP_FIN_WAIT_1, SEQACK_TCP_TIME_WAIT,
    N_("rcv FIN + ACK of FIN / snd ACK"), FALSE, FALSE },
  { SEQACK_TCP_EDGE_FIN_WAIT_2_RCV_FIN,
    SEQACK_TCP_FIN_WAIT_2, SEQACK_TCP_TIME_WAIT,
    N_("rcv FIN / snd ACK"), TRUE, FALSE },
  { SEQACK_TCP_EDGE_CLOSE_WAIT_CLOSE,
    SEQACK_TCP_CLOSE_WAIT, SEQACK_TCP_LAST_ACK,
    N_("CLOSE / snd FIN"), TRUE, FALSE },
  { SEQACK_TCP_EDGE_CLOSING_RCV_ACK,
    SEQACK_TCP_CLOSING, SEQACK_TCP_TIME_WAIT,
    N_("rcv ACK of FIN"), TRUE, FALSE },
  { SEQACK_TCP_EDGE_LAST_ACK_RCV_ACK,
    SEQACK_TCP_LAST_ACK, SEQACK_TCP_CLOSED,
    N_("rcv ACK of FIN"), TRUE, FALSE },
  { SEQACK_TCP_EDGE_TIME_WAIT_TIMEOUT,
    SEQACK_TCP_TIME_WAIT, SEQACK_TCP_CLOSED,
    N_("timeout=2MSL"), TRUE, FALSE },
  /* Linux net.ipv4.tcp_fin_timeout; RFC 9293 waits in FIN-WAIT-2 forever. */
  { SEQACK_TCP_EDGE_FIN_WAIT_2_TIMEOUT,
    SEQACK_TCP_FIN_WAIT_2, SEQACK_TCP_CLOSED,
    N_("FIN-WAIT-2 timeout (Linux tcp_fin_timeout)"), FALSE, TRUE },
  /* RFC 9293 §3.10.7.4 (second check) and §3.10.5, §3.8.3: edges from
   * (almost) any state that the figure leaves out. */
  { SEQACK_TCP_EDGE_RCV_RST,
    ANY, SEQACK_TCP_CLOSED,
    N_("rcv RST"), FALSE, FALSE },
  { SEQACK_TCP_EDGE_ABORT,
    ANY, SEQACK_TCP_CLOSED,
    N_("ABORT / snd RST"), FALSE, FALSE },
  { SEQACK_TCP_EDGE_GIVE_UP,
    ANY, SEQACK_TCP_CLOSED,
    N_("retries exhausted"), FALSE, FALSE },
  /* RFC 9293 §3.10.5: ABORT in LISTEN, SYN-SENT, CLOSING, LAST-ACK and
   * TIME-WAIT sends nothing. */
  { SEQACK_TCP_EDGE_ABORT_SILENT,
    ANY, SEQACK_TCP_CLOSED,
    N_("ABORT"), FALSE, FALSE },
  /* RFC 9293 §3.10.7.4, fourth check: a SYN takes a passive SYN-RCVD back
   * to LISTEN. */
  { SEQACK_TCP_EDGE_SYN_RCVD_RCV_SYN,
    SEQACK_TCP_SYN_RECEIVED, SEQACK_TCP_LISTEN,
    N_("rcv SYN"), FALSE, FALSE },
  /* RFC 1122 §4.2.2.13: data for an application that has quit is lost,
   * and a RST says so (Linux does this in FIN-WAIT-1 and FIN-WAIT-2). */
  { SEQACK_TCP_EDGE_DATA_AFTER_QUIT,
    ANY, SEQACK_TCP_CLOSED,
    N_("rcv data after quit / snd RST"), FALSE, FALSE },
};

const char *
seqack_tcp_state_name (SeqackTcpState state)
{
  g_return_val_if_fail (state < SEQACK_TCP_N_STATES, "?");

  return state_names[state];
}

gboolean
seqack_tcp_state_from_name (const char     *name,
                            SeqackTcpState *state)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < SEQACK_TCP_N_STATES; i++)
    {
      if (strcmp (name, state_names[i]) == 0)
        {
          if (state != NULL)
            *state = i;
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
seqack_tcp_state_is_synchronized (SeqackTcpState state)
{
  /* RFC 9293 §3.5: synchronized once the handshake is done. */
  return state >= SEQACK_TCP_ESTABLISHED && state < SEQACK_TCP_N_STATES;
}

const SeqackTcpEdgeInfo *
seqack_tcp_edge_info (SeqackTcpEdge edge)
{
  g_return_val_if_fail (edge > SEQACK_TCP_EDGE_NONE, NULL);
  g_return_val_if_fail (edge < SEQACK_TCP_N_EDGES, NULL);

  return &edges[edge - 1];
}

SeqackTcpEdge
seqack_tcp_edge_find (SeqackTcpState from,
                      SeqackTcpState to)
{
  if (from >= SEQACK_TCP_N_STATES || to >= SEQACK_TCP_N_STATES ||
      from == to)
    return SEQACK_TCP_EDGE_NONE;

  /* An edge drawn between these two states first... */
  for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
    {
      if (edges[i].from == from && edges[i].to == to)
        return edges[i].edge;
    }

  /* ...else the most common of the "from any state" ones: a reset. */
  for (guint i = 0; i < G_N_ELEMENTS (edges); i++)
    {
      if (edges[i].from == ANY && edges[i].to == to &&
          from != SEQACK_TCP_CLOSED)
        return edges[i].edge;
    }

  return SEQACK_TCP_EDGE_NONE;
}
