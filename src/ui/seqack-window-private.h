/* seqack-window-private.h: what the window's sibling files share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "seqack-capture-page.h"
#include "seqack-lesson-panel.h"
#include "seqack-player.h"
#include "seqack-settings.h"
#include "seqack-trace-view.h"
#include "seqack-window.h"

G_BEGIN_DECLS

struct _SeqackWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  GtkWidget            *header_bar;
  AdwWindowTitle       *window_title;
  GtkMenuButton        *scenario_button;
  GtkWidget            *time_bar;
  GtkAdjustment        *scrub_adjustment;
  GtkScale             *scrubber;
  GtkWidget            *play_button;
  AdwButtonContent     *play_content;
  GtkWidget            *step_button;
  GtkButton            *skip_button;
  GtkWidget            *inspector_toggle;
  GtkDropDown          *speed_dropdown;
  GtkLabel             *time_label;
  AdwFlap              *lesson_flap;
  SeqackLessonPanel    *lesson_panel;
  SeqackTraceView      *trace_view;
  GtkSpinButton        *latency_spin;
  GtkSpinButton        *loss_spin;
  GtkSpinButton        *msl_spin;
  GtkLabel             *two_msl_label;
  AdwViewStack         *mode_stack;
  SeqackCapturePage    *capture_page;
  GtkWidget            *lessons_toggle;

  /* Inside trace_view */
  SeqackEndpointPanel  *client_panel;
  SeqackEndpointPanel  *server_panel;
  SeqackSequenceView   *sequence_view;

  /* Model */
  SeqackSettings       *settings;
  guint64               seed;
  SeqackPlayer         *player;      /* the session, the lab, the layout
                                      * and what the picture shows */
  gint64                epoch_us;    /* wall clock at the run's time 0 */

  /* The picture */
  guint                 tick_id;
  gboolean              absolute;
  gboolean              letters;
  gboolean              presentation;
  gboolean              lessons_visible;
  gboolean              inspector_visible; /* the user's toggle */
  gboolean              packet_list_visible;
  gboolean              packet_list_chosen; /* toggled: width no longer decides */
  gboolean              sliding_window_visible;
  gboolean              sliding_window_chosen; /* toggled: scenarios no
                                                * longer decide */
  gboolean              capture_mode; /* the Capture page is showing */
  guint8                syn_cookies_shown; /* the lab's, as last notified */
  int                   normal_dpi;  /* gtk-xft-dpi before presentation */

  /* Nothing lost on close (seqack-window-open.c) */
  SeqackSession        *clean_session; /* not a reference: compared only */
  guint                 clean_changes; /* its changes when opened or saved */
  gboolean              close_confirmed;
};

/* seqack-window.c */
/* A user action on the lab by the host @side's buttons act on;
 * refusals are shown as a toast. */
gboolean _seqack_window_perform         (SeqackWindow  *self,
                                         SeqackSide     side,
                                         SeqackAction   action,
                                         gint64         number,
                                         const char    *text);
/* The same on host @host (an added client, the flood). */
gboolean _seqack_window_perform_on      (SeqackWindow  *self,
                                         guint          host,
                                         SeqackAction   action,
                                         gint64         number,
                                         const char    *text);
/* The host @side's buttons act on now (seqack_trace_get_calls_host()). */
guint    _seqack_window_host_of         (SeqackWindow  *self,
                                         SeqackSide     side);
void     _seqack_window_toast           (SeqackWindow  *self,
                                         const char    *message);
/* Everything the player's "changed" updates. */
void     _seqack_window_update          (SeqackWindow  *self);
gboolean _seqack_window_drop_armed      (SeqackWindow  *self,
                                         SeqackSide     side);
/* A lesson question is open: the lab's trace holds its answer, so what
 * leaves the window whole (a pcap) must wait. Sets @error saying so. */
gboolean _seqack_window_question_open   (SeqackWindow  *self,
                                         GError       **error);

/* seqack-window-files.c */
/* Starts the lab again: @session (NULL: a new one with the wire settings
 * of the controls) on @lab (NULL: a new lab made from the session). */
/* A lab for the user's own run of @session, with the Preferences' TCP
 * options (IW10, Nagle) as its first steps. */
SeqackLab *_seqack_window_new_user_lab  (SeqackWindow  *self,
                                         SeqackSession *session);
void     _seqack_window_reset_lab       (SeqackWindow  *self,
                                         SeqackSession *session,
                                         SeqackLab     *lab);
/* A fresh session with the seed and the wire settings of the controls. */
SeqackSession *_seqack_window_new_session (SeqackWindow *self);
void     _seqack_window_build_scenario_menu (SeqackWindow *self);

/* seqack-window-open.c */
void     _seqack_window_class_open_init (GtkWidgetClass *widget_class);
/* The drop target and the recent files menu. */
void     _seqack_window_setup_open      (SeqackWindow   *self);
/* Whether the lab has user actions since start, reset, open or save. */
gboolean _seqack_window_has_unsaved     (SeqackWindow   *self);
/* The lab's actions are in a file now (or let go on purpose). */
void     _seqack_window_mark_saved      (SeqackWindow   *self);
/* On a close request: TRUE when unsaved work made it ask first. */
gboolean _seqack_window_keep_open       (SeqackWindow   *self);

/* seqack-window-presentation.c */
/* Shows the window as the presentation property says. */
void     _seqack_window_apply_presentation (SeqackWindow *self);
/* Gives the display its text size back (leaving, or the window goes). */
void     _seqack_window_restore_dpi     (SeqackWindow  *self);
/* Column widths, label and diagram sizes from the text size and mode. */
void     _seqack_window_apply_sizes     (SeqackWindow  *self);
/* Ctrl++ / Ctrl+−: the "text-scale" setting, clamped to 0.75..2. */
void     _seqack_window_set_text_scale  (SeqackWindow  *self,
                                         double         scale);

/* seqack-window-actions.c */
void     _seqack_window_class_actions_init (GtkWidgetClass *widget_class);
/* Enables what can be done with the lab as the picture shows it. */
void     _seqack_window_update_actions  (SeqackWindow  *self);
/* Shows or hides the sliding window's bars and plot in the side columns. */
/* Whether events [0, @end) of @trace move the window: bulk data, a
 * reader that pauses or reads, a small buffer. */
gboolean _seqack_window_trace_moves_window (SeqackTrace *trace,
                                            guint        end);
void     _seqack_window_show_sliding_window (SeqackWindow *self,
                                             gboolean      visible);
/* Shows or hides the packet list in the lab and the capture page. */
void     _seqack_window_show_packet_list (SeqackWindow *self,
                                          gboolean      visible);
/* Until the user chooses, the packet list shows where the window is
 * wide enough to have it beside the diagram. */
void     _seqack_window_fit_packet_list (SeqackWindow  *self);

G_END_DECLS
