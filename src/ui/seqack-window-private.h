/* seqack-window-private.h: what the window's sibling files share. */
#pragma once

#include "seqack-capture-page.h"
#include "seqack-endpoint-panel.h"
#include "seqack-inspector.h"
#include "seqack-lesson-panel.h"
#include "seqack-sequence-layout.h"
#include "seqack-sequence-view.h"
#include "seqack-session.h"
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
  GtkDropDown          *speed_dropdown;
  GtkLabel             *time_label;
  AdwFlap              *lesson_flap;
  SeqackLessonPanel    *lesson_panel;
  GtkPaned             *paned;
  SeqackEndpointPanel  *client_panel;
  SeqackEndpointPanel  *server_panel;
  GtkWidget            *client_scroller;
  GtkWidget            *server_scroller;
  GtkScrolledWindow    *sequence_scroller;
  SeqackSequenceView   *sequence_view;
  SeqackInspector      *inspector;
  GtkWidget            *wire_bar;
  GtkSpinButton        *latency_spin;
  GtkSpinButton        *loss_spin;
  GtkSpinButton        *msl_spin;
  GtkLabel             *two_msl_label;
  AdwViewStack         *mode_stack;
  SeqackCapturePage    *capture_page;
  GtkWidget            *lessons_toggle;
  GtkWidget            *letters_toggle;

  /* Model */
  GSettings            *settings;    /* NULL when the schema is missing */
  guint64               seed;
  SeqackSession        *session;     /* what the run is made of */
  SeqackLab            *lab;
  SeqackSequenceLayout *layout;
  GArray               *state_events[2]; /* indexes of STATE events */
  guint                 n_indexed;   /* events scanned into state_events */
  gint64                epoch_us;    /* wall clock at the run's time 0 */

  /* The picture */
  guint                 n_shown;
  guint                 limit;       /* a lesson question hides events
                                      * [limit, n); G_MAXUINT: none */
  guint                 selected;
  double                flight;      /* 0..1 of the newest flight */
  gint64                hold_until;  /* frame time of the next auto step */
  gint64                last_frame;
  guint                 tick_id;
  double                speed;
  gboolean              playing;
  gboolean              absolute;
  gboolean              letters;
  gboolean              presentation;
  gboolean              lessons_visible;
  gboolean              state_columns;
  gboolean              capture_mode; /* the Capture page is showing */
  gboolean              syncing;     /* setting widgets from the model */
  int                   normal_dpi;  /* gtk-xft-dpi before presentation */
};

/* seqack-window.c */
void     _seqack_window_update          (SeqackWindow  *self);
void     _seqack_window_reset_lab       (SeqackWindow  *self,
                                         SeqackSession *session,
                                         SeqackLab     *lab);
gboolean _seqack_window_perform         (SeqackWindow  *self,
                                         SeqackSide     side,
                                         SeqackAction   action,
                                         gint64         number,
                                         const char    *text);
gboolean _seqack_window_step_forward    (SeqackWindow  *self);
void     _seqack_window_step_backward   (SeqackWindow  *self);
void     _seqack_window_skip_wait       (SeqackWindow  *self);
void     _seqack_window_toast           (SeqackWindow  *self,
                                         const char    *message);
void     _seqack_window_update_actions  (SeqackWindow  *self);

/* seqack-window-actions.c */
void     _seqack_window_class_actions_init (GtkWidgetClass *widget_class);

G_END_DECLS
