/* seqack-endpoint-panel-private.h: what the window and the tests reach
 * inside an endpoint panel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "seqack-endpoint-panel.h"
#include "seqack-flow-view.h"
#include "seqack-socket-table.h"

G_BEGIN_DECLS

SeqackSide seqack_endpoint_panel_get_side  (SeqackEndpointPanel *self);
SeqackFlowView *seqack_endpoint_panel_get_flow_view (SeqackEndpointPanel *self);
SeqackSocketTable *seqack_endpoint_panel_get_socket_table (SeqackEndpointPanel *self);
/* The title: "Client", "Server", or the host the buttons act on. */
const char *seqack_endpoint_panel_get_title (SeqackEndpointPanel *self);

G_END_DECLS
