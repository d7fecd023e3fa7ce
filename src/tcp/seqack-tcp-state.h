/* seqack-tcp-state.h: the one table of TCP states and transitions.
 *
 * Every layer that names a state (the CLI's ladder, the JSON, the state
 * diagram, the capture's inferred states, the lessons) reads it from here.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* RFC 9293 §3.3.2: the eleven states. */
typedef enum
{
  SEQACK_TCP_CLOSED,
  SEQACK_TCP_LISTEN,
  SEQACK_TCP_SYN_SENT,
  SEQACK_TCP_SYN_RECEIVED,
  SEQACK_TCP_ESTABLISHED,
  SEQACK_TCP_FIN_WAIT_1,
  SEQACK_TCP_FIN_WAIT_2,
  SEQACK_TCP_CLOSE_WAIT,
  SEQACK_TCP_CLOSING,
  SEQACK_TCP_LAST_ACK,
  SEQACK_TCP_TIME_WAIT,
  SEQACK_TCP_N_STATES
} SeqackTcpState;

/* "SYN-RCVD", "FIN-WAIT-1"...: the names users and the JSON see. Never
 * translated (Chinese textbooks write them in English too). */
const char *seqack_tcp_state_name (SeqackTcpState state);

/* Inverse of seqack_tcp_state_name; FALSE for an unknown name. */
gboolean seqack_tcp_state_from_name (const char     *name,
                                     SeqackTcpState *state);

/* TRUE for ESTABLISHED and every later state but TIME-WAIT/CLOSED: the
 * connection is synchronized (RFC 9293 §3.5). TIME-WAIT is synchronized
 * too; this returns TRUE for it. */
gboolean seqack_tcp_state_is_synchronized (SeqackTcpState state);

/* The edges of the RFC 9293 §3.3.2 diagram (Figure 5), plus the edges the
 * RFC text adds (RST back to LISTEN, timeouts and aborts to CLOSED). */
typedef enum
{
  SEQACK_TCP_EDGE_NONE = 0,
  SEQACK_TCP_EDGE_PASSIVE_OPEN,        /* CLOSED -> LISTEN */
  SEQACK_TCP_EDGE_ACTIVE_OPEN,         /* CLOSED -> SYN-SENT */
  SEQACK_TCP_EDGE_LISTEN_SEND,         /* LISTEN -> SYN-SENT (send) */
  SEQACK_TCP_EDGE_LISTEN_CLOSE,        /* LISTEN -> CLOSED */
  SEQACK_TCP_EDGE_RCV_SYN,             /* LISTEN -> SYN-RCVD */
  SEQACK_TCP_EDGE_SIMULTANEOUS_OPEN,   /* SYN-SENT -> SYN-RCVD */
  SEQACK_TCP_EDGE_RCV_SYN_ACK,         /* SYN-SENT -> ESTABLISHED */
  SEQACK_TCP_EDGE_SYN_SENT_CLOSE,      /* SYN-SENT -> CLOSED */
  SEQACK_TCP_EDGE_RCV_ACK_OF_SYN,      /* SYN-RCVD -> ESTABLISHED */
  SEQACK_TCP_EDGE_SYN_RCVD_RST,        /* SYN-RCVD -> LISTEN */
  SEQACK_TCP_EDGE_SYN_RCVD_CLOSE,      /* SYN-RCVD -> FIN-WAIT-1 */
  SEQACK_TCP_EDGE_ESTABLISHED_CLOSE,   /* ESTABLISHED -> FIN-WAIT-1 */
  SEQACK_TCP_EDGE_ESTABLISHED_RCV_FIN, /* ESTABLISHED -> CLOSE-WAIT */
  SEQACK_TCP_EDGE_FIN_WAIT_1_RCV_ACK,  /* FIN-WAIT-1 -> FIN-WAIT-2 */
  SEQACK_TCP_EDGE_FIN_WAIT_1_RCV_FIN,  /* FIN-WAIT-1 -> CLOSING */
  SEQACK_TCP_EDGE_FIN_WAIT_1_RCV_FIN_ACK, /* FIN-WAIT-1 -> TIME-WAIT */
  SEQACK_TCP_EDGE_FIN_WAIT_2_RCV_FIN,  /* FIN-WAIT-2 -> TIME-WAIT */
  SEQACK_TCP_EDGE_CLOSE_WAIT_CLOSE,    /* CLOSE-WAIT -> LAST-ACK */
  SEQACK_TCP_EDGE_CLOSING_RCV_ACK,     /* CLOSING -> TIME-WAIT */
  SEQACK_TCP_EDGE_LAST_ACK_RCV_ACK,    /* LAST-ACK -> CLOSED */
  SEQACK_TCP_EDGE_TIME_WAIT_TIMEOUT,   /* TIME-WAIT -> CLOSED */
  SEQACK_TCP_EDGE_FIN_WAIT_2_TIMEOUT,  /* FIN-WAIT-2 -> CLOSED (Linux) */
  SEQACK_TCP_EDGE_RCV_RST,             /* any synchronized -> CLOSED */
  SEQACK_TCP_EDGE_ABORT,               /* any -> CLOSED, RST sent */
  SEQACK_TCP_EDGE_GIVE_UP,             /* any -> CLOSED, retries spent */
  SEQACK_TCP_EDGE_ABORT_SILENT,        /* any -> CLOSED, nothing sent */
  SEQACK_TCP_EDGE_SYN_RCVD_RCV_SYN,    /* SYN-RCVD -> LISTEN */
  SEQACK_TCP_EDGE_DATA_AFTER_QUIT,     /* FIN-WAIT-1/2 -> CLOSED, RST sent */
  SEQACK_TCP_N_EDGES
} SeqackTcpEdge;

typedef struct
{
  SeqackTcpEdge  edge;
  SeqackTcpState from;       /* SEQACK_TCP_N_STATES: from any state */
  SeqackTcpState to;
  const char    *label;      /* "rcv SYN, snd SYN,ACK"; N_() marked, the
                              * UI translates it with _() */
  gboolean       rfc_figure; /* drawn in RFC 9293 Figure 5 */
  gboolean       linux_only; /* not RFC: Linux behaviour (tcp_fin_timeout) */
} SeqackTcpEdgeInfo;

/* The table, SEQACK_TCP_N_EDGES - 1 entries indexed by edge - 1. */
const SeqackTcpEdgeInfo *seqack_tcp_edge_info (SeqackTcpEdge edge);

/* Finds the edge for a state change when the cause is not known (used by
 * capture inference); SEQACK_TCP_EDGE_NONE when @from -> @to is not an
 * edge of the machine. */
SeqackTcpEdge seqack_tcp_edge_find (SeqackTcpState from,
                                    SeqackTcpState to);

G_END_DECLS
