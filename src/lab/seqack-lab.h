/* seqack-lab.h: the embedded loopback network.
 *
 * Hosts "client" 192.0.2.1 and "server" 192.0.2.2 (TEST-NET-1, RFC
 * 5737), and the clients added beside them ("client-2" 192.0.2.3 …
 * "client-8" 192.0.2.9), each with a socket table (seqack-tcp-host.h: the server's
 * listener stays LISTEN and spawns a connection per SYN; a side's calls act
 * on its current connection, see seqack-lab-host.c), joined by a simulated
 * wire with latency, loss and per-segment tricks, driven by a virtual
 * clock. A "flood" host sends SYNs from spoofed TEST-NET-2 addresses
 * (198.51.100.0/24) at a set rate and never answers. Every
 * user action is one call here, which a button, a scenario step, the CLI and
 * a test all make the same way. Everything that happens is appended to the
 * lab's Trace. Randomness (ISNs, the client's ephemeral port, loss) comes
 * from one PRNG seeded by the config, so a seed replays a run exactly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "seqack-tcp-conn.h"
#include "seqack-trace.h"

G_BEGIN_DECLS

#define SEQACK_LAB_CLIENT_ADDR 0xc0000201u /* 192.0.2.1 */
#define SEQACK_LAB_SERVER_ADDR 0xc0000202u /* 192.0.2.2 */
/* The lab's listen backlog (small, so a lesson can fill it), and the
 * largest "listen" takes (Linux's SOMAXCONN). */
#define SEQACK_LAB_BACKLOG 4
#define SEQACK_LAB_MAX_BACKLOG 4096
/* The fastest SYN flood the lab sends, SYNs a second. */
#define SEQACK_LAB_MAX_FLOOD_RATE 10000

typedef struct
{
  guint64         seed;
  gint64          latency;     /* µs one way; 20 ms */
  double          loss_rate;   /* 0..1; 0 */
  guint16         server_port; /* 80 */
  guint16         client_port; /* 0: an ephemeral port 49152..65535 from
                                * the seed */
  SeqackTcpConfig tcp;         /* both hosts */
  guint8          syn_cookies; /* SeqackSynCookies: Linux tcp_syncookies
                                * 0/1/2, both hosts; 1 (when the SYN
                                * queue is full), Linux's default */
} SeqackLabConfig;

void seqack_lab_config_init (SeqackLabConfig *config);

/* SYN cookies' names in scenario files and in the window: "off", "on"
 * (when the SYN queue is full) and "always" for tcp_syncookies 0, 1, 2. */
const char *seqack_lab_syn_cookies_name      (guint        mode);
gboolean    seqack_lab_syn_cookies_from_name (const char  *name,
                                              guint       *mode);

typedef struct _SeqackLab SeqackLab;

SeqackLab   *seqack_lab_new   (const SeqackLabConfig *config);
void         seqack_lab_free  (SeqackLab *lab);
/* Back to time zero with a fresh trace and the same config and seed. */
void         seqack_lab_reset (SeqackLab *lab);

const SeqackLabConfig *seqack_lab_get_config (SeqackLab *lab);
SeqackTrace *seqack_lab_get_trace (SeqackLab *lab);
gint64       seqack_lab_get_now   (SeqackLab *lab);

/* Endpoint calls, recorded as ACTION events. They fail with a SEQACK_ERROR
 * when the endpoint's state does not allow them. Listen and connect use the
 * configured ports: the client connects to the server's port, the server
 * connects to the client's port (simultaneous open). */
gboolean seqack_lab_listen  (SeqackLab *lab, SeqackSide side, GError **error);
gboolean seqack_lab_connect (SeqackLab *lab, SeqackSide side, GError **error);
gboolean seqack_lab_send    (SeqackLab *lab, SeqackSide side,
                             const char *text, GError **error);
gboolean seqack_lab_close   (SeqackLab *lab, SeqackSide side, GError **error);
/* @host: a host number (seqack_host_name()); FALSE for one not on the
 * wire. */
gboolean seqack_lab_allows  (SeqackLab *lab, guint host,
                             SeqackTcpCall call);
/* The number SELECT takes to make @host's calls act on its socket @key
 * (0: its listener; 1: the first connection it had), or FALSE when the
 * host has no such socket now (it closed). */
gboolean seqack_lab_socket_number (SeqackLab             *lab,
                                   guint                  host,
                                   const SeqackSocketKey *key,
                                   guint                 *number);

/* The one dispatch every entry point uses (buttons, sessions, scenario
 * steps, lessons' Run= lines, the CLI): makes @action on @lab now. @host
 * is the host number (SeqackSide for the two endpoints, or an added
 * client; the sender, for the wire tricks) and is ignored by SET_*,
 * SKIP_WAIT, PAUSE, ADD_CLIENT and FLOOD. @number: SET_LOSS parts per
 * million; SET_LATENCY, SET_MSL, DELAY_NEXT, PAUSE µs; SELECT the
 * connection (seqack_lab_socket_number()); FLOOD SYNs a second (0 stops
 * it; SEQACK_LAB_MAX_FLOOD_RATE at most). @text: SEND's bytes.
 * FALSE with @error when the endpoint's state refuses the call, the host
 * is not on the wire (or is the flood) or an argument is out of range; FALSE without an error when SKIP_WAIT had
 * nothing to skip to. */
gboolean seqack_lab_perform (SeqackLab     *lab,
                             guint          host,
                             SeqackAction   action,
                             gint64         number,
                             const char    *text,
                             GError       **error);

/* The virtual clock. Time moves only through these calls. */
/* Time of the next thing that will happen (an arrival or a timer), or
 * SEQACK_NO_DEADLINE when nothing is pending. */
gint64   seqack_lab_next_event_time (SeqackLab *lab);
/* Moves the clock to the next event and processes everything due then.
 * FALSE when nothing is pending. */
gboolean seqack_lab_step      (SeqackLab *lab);
/* Processes every event due up to @t, then sets the clock to @t. */
void     seqack_lab_run_until (SeqackLab *lab, gint64 t);
/* Runs until no segment is in flight (timers may still be pending), or
 * @limit µs of virtual time pass. TRUE when the wire went quiet. */
gboolean seqack_lab_run_until_quiet (SeqackLab *lab, gint64 limit);
/* Runs until no segment is in flight and none is owed (lost data waiting
 * for its retransmission, or a delayed ACK; a lost SYN or FIN, the
 * persist, TIME-WAIT and FIN-WAIT-2 timers do not count), or @limit µs
 * pass: a scenario step's wait. TRUE when it settled. */
gboolean seqack_lab_run_until_settled (SeqackLab *lab, gint64 limit);
/* Runs until nothing at all is pending, or @limit µs pass. */
gboolean seqack_lab_run_until_idle  (SeqackLab *lab, gint64 limit);
/* Segments on the wire now, and how many of them are from or to the
 * flood (Skip Wait does not wait for those). */
guint    seqack_lab_get_n_in_flight (SeqackLab *lab);
guint    seqack_lab_get_n_flood_in_flight (SeqackLab *lab);

/* Of host @host's current connection (CLOSED, zeros for a host not on
 * the wire). */
SeqackTcpState seqack_lab_get_state (SeqackLab *lab, guint host);
void           seqack_lab_get_vars  (SeqackLab *lab, guint host,
                                     SeqackTcpVars *vars);
/* The variables of @host's connection @key now (its TCB's, as
 * seqack_trace_get_socket_vars() recorded them); FALSE (and zeros) when
 * the host has no such connection. */
gboolean       seqack_lab_get_socket_vars (SeqackLab             *lab,
                                           guint                  host,
                                           const SeqackSocketKey *key,
                                           SeqackTcpVars         *vars);
/* The timer of @host that expires first and its deadline; FALSE if none. */
gboolean seqack_lab_get_next_timer (SeqackLab *lab, guint host,
                                    SeqackTcpTimer *timer, gint64 *deadline);
/* Whether host @host is on the wire: the client and the server always,
 * client-2 … client-8 once ADD_CLIENT added them, the flood once a
 * FLOOD action started it. */
gboolean seqack_lab_has_host (SeqackLab *lab, guint host);
/* The flood's SYNs a second now (0: off). */
guint    seqack_lab_get_flood_rate (SeqackLab *lab);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackLab, seqack_lab_free)

G_END_DECLS
