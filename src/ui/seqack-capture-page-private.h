/* seqack-capture-page-private.h: what the capture page's files share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "seqack-capture-demo.h"
#include "seqack-capture-live.h"
#include "seqack-capture-loader.h"
#include "seqack-capture-page.h"
#include "seqack-conversation-list.h"
#include "seqack-trace-view.h"

G_BEGIN_DECLS

struct _SeqackCapturePage
{
  GtkWidget             parent_instance;

  /* Template widgets */
  GtkWidget            *toolbar;
  GtkWidget            *progress_box;
  GtkProgressBar       *progress_bar;
  GtkDropDown          *interface_dropdown;
  GtkEntry             *filter_entry;
  GtkWidget            *message_box;
  GtkLabel             *message_label;
  GtkLabel             *status_label;
  GtkRevealer          *damage_banner;
  GtkLabel             *damage_label;
  GtkColumnView        *conversation_view;
  GtkStack             *content_stack;
  SeqackTraceView      *trace_view;

  /* Model */
  SeqackConversationList *conversations;
  GtkSingleSelection   *selection;
  GtkStringList        *interfaces;
  SeqackCapture        *capture;
  SeqackCaptureLoader  *loader;
  char                 *loading_name;
  SeqackCaptureLive    *live;
  SeqackCaptureDemo    *demo;          /* while the demo runs */
  GCancellable         *demo_cancellable;
  guint                 demo_stop_id;
  guint                 scroll_tick_id;
  guint                 selected;      /* conversation shown */
  SeqackSequenceLayout *layout;        /* of its trace */
  /* "All flows": the conversations between the shown one's two hosts
   * drawn together, on this trace (NULL when one is shown alone). */
  gboolean              all_flows;
  SeqackTrace          *merged;
  guint                 n_flows;       /* conversations in it */
  char                 *sandbox_message; /* NULL when live capture works */
  gboolean              absolute;    /* the window's Absolute toggle */
};

/* Read back for the tests. */
gboolean   seqack_capture_page_get_live_available (SeqackCapturePage *self);
guint      seqack_capture_page_get_n_rows    (SeqackCapturePage *self);
/* Row @index as the list shows it, cells joined by tabs: "1\t127.0.0.1:
 * 40000\t127.0.0.1:8080\t10\t0.002 s\tFIN". */
char      *seqack_capture_page_get_row_text  (SeqackCapturePage *self,
                                              guint              index);
/* The conversation shown, G_MAXUINT for none. */
guint      seqack_capture_page_get_selected  (SeqackCapturePage *self);
SeqackTrace        *seqack_capture_page_get_shown_trace   (SeqackCapturePage *self);
SeqackSequenceView *seqack_capture_page_get_sequence_view (SeqackCapturePage *self);
/* "Client state: ESTABLISHED" as the endpoint column reads it. */
const char *seqack_capture_page_get_state_text (SeqackCapturePage *self,
                                                SeqackSide         side);
/* The message shown at the top of the page (an error, a permission
 * problem, the sandbox), NULL when none. */
const char *seqack_capture_page_get_message    (SeqackCapturePage *self);
/* The status line: frames read, conversations, warnings. */
const char *seqack_capture_page_get_status     (SeqackCapturePage *self);
/* The banner over a damaged or cut-short file, or NULL when none shows. */
const char *seqack_capture_page_get_banner     (SeqackCapturePage *self);
gboolean   seqack_capture_page_get_absolute (SeqackCapturePage *self);
/* The number of conversations drawn: those between the shown one's two
 * hosts with All Flows on, else 1 (0 when none is shown). */
guint      seqack_capture_page_get_n_flows_shown (SeqackCapturePage *self);
gboolean   seqack_capture_page_is_loading (SeqackCapturePage *self);
gboolean   seqack_capture_page_is_demo_running (SeqackCapturePage *self);

/* seqack-capture-page.c */
/* A message at the top of the page (NULL: none, or the sandbox's). */
void _seqack_capture_page_show_message      (SeqackCapturePage *self,
                                             const char        *message);
void _seqack_capture_page_update_status     (SeqackCapturePage *self);
void _seqack_capture_page_update_actions    (SeqackCapturePage *self);
/* Replaces the capture (taken) and drops what was shown. */
void _seqack_capture_page_set_capture       (SeqackCapturePage *self,
                                             SeqackCapture     *capture);
/* The capture grew: new rows, and the @n_changed rows in @changed again. */
void _seqack_capture_page_update_rows       (SeqackCapturePage *self,
                                             const guint       *changed,
                                             guint              n_changed);
void _seqack_capture_page_show_conversation (SeqackCapturePage *self,
                                             guint              index);
void _seqack_capture_page_refresh_views     (SeqackCapturePage *self);

/* seqack-capture-page-live.c */
void _seqack_capture_page_fill_interfaces   (SeqackCapturePage *self);
/* Stops the demo's capture and frees the demo. */
void _seqack_capture_page_end_demo          (SeqackCapturePage *self);

G_END_DECLS
