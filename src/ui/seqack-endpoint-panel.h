/* seqack-endpoint-panel.h: one endpoint's column beside the diagram.
 *
 * Its host and address, its state as text ("Client state: SYN-SENT"), its
 * buttons (each a lab.* action of the window), the text to send, its state
 * diagram and its RFC 9293 variables.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "seqack-tcp-conn.h"
#include "seqack-trace.h"

G_BEGIN_DECLS

#define SEQACK_TYPE_ENDPOINT_PANEL (seqack_endpoint_panel_get_type ())

G_DECLARE_FINAL_TYPE (SeqackEndpointPanel, seqack_endpoint_panel,
                      SEQACK, ENDPOINT_PANEL, GtkWidget)

void        seqack_endpoint_panel_set_side     (SeqackEndpointPanel *self,
                                                SeqackSide           side);
/* The panel's title: the host its buttons act on when the client side
 * has several ("client-2"); NULL for "Client" / "Server". */
void        seqack_endpoint_panel_set_host     (SeqackEndpointPanel *self,
                                                const char          *host);
/* "192.0.2.1:49152" */
void        seqack_endpoint_panel_set_address  (SeqackEndpointPanel *self,
                                                const char          *address);
void        seqack_endpoint_panel_set_state    (SeqackEndpointPanel *self,
                                                SeqackTcpState       state,
                                                SeqackTcpEdge        edge,
                                                SeqackTcpState       edge_from);
/* The endpoint's variables, shown relative to @own_base / @peer_base
 * unless @absolute; NULL when it has none yet. */
void        seqack_endpoint_panel_set_vars     (SeqackEndpointPanel *self,
                                                const SeqackTcpVars *vars,
                                                gboolean             absolute,
                                                guint32              own_base,
                                                guint32              peer_base);
/* From the next set_vars on, the sequence variables read "?" (a lesson
 * question asks for a Seq or Ack they would give away). */
void        seqack_endpoint_panel_set_vars_concealed (SeqackEndpointPanel *self,
                                                      gboolean             concealed);
/* The variables as shown, for tests. */
const char *seqack_endpoint_panel_get_vars_text (SeqackEndpointPanel *self);
/* "TIME-WAIT: 42.0 s left (2MSL = 60 s)", or NULL to hide it. */
void        seqack_endpoint_panel_set_countdown (SeqackEndpointPanel *self,
                                                 const char          *text);
/* Shows or hides the state diagram and variables. */
void        seqack_endpoint_panel_set_details_visible (SeqackEndpointPanel *self,
                                                       gboolean             visible);
/* Shows or hides the buttons and the send entry (presentation mode is
 * driven from the keyboard). */
void        seqack_endpoint_panel_set_controls_visible (SeqackEndpointPanel *self,
                                                        gboolean             visible);
/* Drop next is armed for this endpoint's next segment: the toggle stays
 * pressed and says so until the lab loses that segment. */
void        seqack_endpoint_panel_set_drop_armed (SeqackEndpointPanel *self,
                                                  gboolean             armed);
gboolean    seqack_endpoint_panel_get_drop_armed (SeqackEndpointPanel *self);
/* The sizes in the popover: bytes Send Bytes queues, bytes Read reads. */
guint       seqack_endpoint_panel_get_send_bytes (SeqackEndpointPanel *self);
void        seqack_endpoint_panel_set_send_bytes (SeqackEndpointPanel *self,
                                                  guint                bytes);
guint       seqack_endpoint_panel_get_read_bytes (SeqackEndpointPanel *self);
/* The sliding window's bars and plot in place of the state machine and
 * the variables (view.sliding-window). */
void        seqack_endpoint_panel_set_flow_visible (SeqackEndpointPanel *self,
                                                    gboolean             visible);
gboolean    seqack_endpoint_panel_get_flow_visible (SeqackEndpointPanel *self);
/* What the bars show: events [0, @n_shown) of @trace (borrowed). */
void        seqack_endpoint_panel_set_flow (SeqackEndpointPanel *self,
                                            SeqackTrace         *trace,
                                            guint                n_shown,
                                            gint64               now);
/* The host's socket table follows events [0, @n_shown) of @trace
 * (borrowed until the next call; NULL, or a trace whose events name no
 * socket, hides the table's button). */
void        seqack_endpoint_panel_set_sockets (SeqackEndpointPanel *self,
                                               SeqackTrace         *trace,
                                               guint                n_shown);
/* Draws the socket table again from what set_sockets() gave (a row the
 * user selected goes back to the socket the calls act on). */
void        seqack_endpoint_panel_refresh_sockets (SeqackEndpointPanel *self);

/* The server's listen() backlog (the lab's 4 unless the user chose). */
guint       seqack_endpoint_panel_get_backlog (SeqackEndpointPanel *self);
/* The client's popover: the SYN flood's rate, SYNs a second. */
guint       seqack_endpoint_panel_get_flood_rate (SeqackEndpointPanel *self);

/* The text of the send entry. */
const char *seqack_endpoint_panel_get_send_text  (SeqackEndpointPanel *self);
/* The state as the label reads it: "Client state: SYN-SENT". */
const char *seqack_endpoint_panel_get_state_text (SeqackEndpointPanel *self);

G_END_DECLS
