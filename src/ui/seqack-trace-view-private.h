/* seqack-trace-view-private.h: the trace view's parts, shared by its
 * widget code (seqack-trace-view.c) and its layout
 * (seqack-trace-view-layout.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "seqack-packet-list.h"
#include "seqack-state-view.h"
#include "seqack-flow-view.h"
#include "seqack-trace-view.h"

G_BEGIN_DECLS

struct _SeqackTraceView
{
  GtkWidget             parent_instance;

  /* Template widgets */
  GtkWidget            *paned;
  GtkWidget            *client_scroller;
  GtkWidget            *server_scroller;
  GtkWidget            *inspector_scroller;
  SeqackEndpointPanel  *client_panel;
  SeqackEndpointPanel  *server_panel;
  GtkWidget            *client_note;
  GtkWidget            *server_note;
  SeqackSequenceView   *sequence_view;
  SeqackInspector      *inspector;
  AdwFlap              *packet_flap;
  SeqackPacketList     *packet_list;
  GtkWidget            *machines_box;
  SeqackStateView      *client_machine;
  SeqackStateView      *server_machine;
  GtkWidget            *column_switcher;
  GtkWidget            *client_toggle;
  GtkWidget            *connection_bar;
  GtkDropDown          *connection_filter;
  GtkStringList        *connections;  /* "All Connections", then each */
  guint                 n_listed;     /* connections in it */
  gboolean              listing;      /* filling it: not the user */

  /* Presentation mode's strip of both sides' bars under the diagram,
   * shown while the sliding window is (the columns are hidden then). */
  SeqackFlowView       *presentation_flow;
  gboolean              flow_visible;

  int                   column_min;   /* a side column's width range */
  int                   column_max;
  gboolean              presentation;

  SeqackSequenceLayout *layout;     /* borrowed */
  guint                 n_shown;
  gint64                now;
  gboolean              absolute;
  gboolean              letters;
  gboolean              vars_concealed;
  gboolean              inspector_wanted; /* the user's toggle */
  int                   inspector_height; /* the size the user gave it */
  gboolean              place_inspector;  /* once the paned has a size */
  gboolean              placing_inspector;
};

void _seqack_trace_view_measure       (GtkWidget      *widget,
                                       GtkOrientation  orientation,
                                       int             for_size,
                                       int            *minimum,
                                       int            *natural,
                                       int            *minimum_baseline,
                                       int            *natural_baseline);
void _seqack_trace_view_size_allocate (GtkWidget      *widget,
                                       int             width,
                                       int             height,
                                       int             baseline);

G_END_DECLS
