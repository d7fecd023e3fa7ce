/* seqack-player.h: playback of a lab run, without widgets.
 *
 * The player owns the session (what the run is made of), the lab and the
 * sequence layout of its trace, and says which part of the trace the
 * picture shows: events [0, n-shown), the newest segment's flight (0..1)
 * and the selected event. Moving forward reveals everything up to and
 * including the next segment, stopping before a long wait; at the end of
 * the trace it steps the lab. Playing repeats that from
 * seqack_player_advance(), which the window calls with each frame's
 * time. A long wait (nothing on the wire, a timer pending for more than
 * half a second: an RTO, FIN-WAIT-2, 2MSL) is played the same way in a
 * recorded run and a live one: virtual time runs through it, so its
 * countdown is seen, compressed to at most SEQACK_PLAYER_WAIT_SECONDS,
 * as the diagram compresses it into a band with its true length written
 * on it. Going back or seeking only lowers n-shown:
 * every view reads the trace up to there, so the earlier picture is
 * exact.
 *
 * No GTK here: tested without a display (tests/ui/test-ui-player.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "seqack-lab.h"
#include "seqack-sequence-layout.h"
#include "seqack-session.h"

G_BEGIN_DECLS

/* Screen seconds a flight takes at 1×. */
#define SEQACK_PLAYER_FLIGHT_SECONDS 1.0
/* Screen seconds between reveals that fly nothing, at 1×. */
#define SEQACK_PLAYER_PAUSE_SECONDS  0.4
/* Screen seconds a long wait takes at most at 1× (a shorter one takes
 * its true length). */
#define SEQACK_PLAYER_WAIT_SECONDS   3.0

#define SEQACK_TYPE_PLAYER (seqack_player_get_type ())

G_DECLARE_FINAL_TYPE (SeqackPlayer, seqack_player, SEQACK, PLAYER, GObject)

/* Takes @session and @lab. */
SeqackPlayer         *seqack_player_new         (SeqackSession *session,
                                                 SeqackLab     *lab);

/* The one way a run starts again: takes @session and, unless it is NULL,
 * @lab (NULL: the current lab was reset in place, as a lesson does). The
 * layout is made anew, nothing is shown, no lesson limit applies.
 * "notify::lab" and "notify::layout" are emitted while the old ones still
 * live, so views can let go of them. */
void                  seqack_player_reset       (SeqackPlayer  *self,
                                                 SeqackSession *session,
                                                 SeqackLab     *lab);

SeqackSession        *seqack_player_get_session (SeqackPlayer *self);
SeqackLab            *seqack_player_get_lab     (SeqackPlayer *self);
SeqackSequenceLayout *seqack_player_get_layout  (SeqackPlayer *self);
SeqackTrace          *seqack_player_get_trace   (SeqackPlayer *self);

guint    seqack_player_get_n_shown   (SeqackPlayer *self);
/* Events the picture may show: all, unless a lesson question hides what
 * the student is asked to predict. */
guint    seqack_player_get_n_showable (SeqackPlayer *self);
/* A lesson question hides events [@limit, n); G_MAXUINT: none. */
guint    seqack_player_get_limit     (SeqackPlayer *self);
void     seqack_player_set_limit     (SeqackPlayer *self,
                                      guint         limit);
/* The selected event (below n-shown) or SEQACK_NO_EVENT. */
guint    seqack_player_get_selected  (SeqackPlayer *self);
void     seqack_player_set_selected  (SeqackPlayer *self,
                                      guint         selected);
double   seqack_player_get_flight    (SeqackPlayer *self);
gboolean seqack_player_get_playing   (SeqackPlayer *self);
void     seqack_player_set_playing   (SeqackPlayer *self,
                                      gboolean      playing);
double   seqack_player_get_speed     (SeqackPlayer *self);
/* Clamped to 0.25..8. */
void     seqack_player_set_speed     (SeqackPlayer *self,
                                      double        speed);

/* Virtual time the picture shows: the lab's clock at the end of the
 * trace, the time of the first hidden event when a lesson limit holds
 * the picture there, the wait's clock while a recorded long wait plays,
 * else the last shown event's time. */
gint64         seqack_player_get_time        (SeqackPlayer *self);
/* The state of @side as the picture shows it, and the edge of the
 * transition into it (from @edge_from; SEQACK_TCP_N_STATES for none).
 * CLOSED before its first transition. */
SeqackTcpState seqack_player_get_shown_state (SeqackPlayer   *self,
                                              SeqackSide      side,
                                              SeqackTcpEdge  *edge,
                                              SeqackTcpState *edge_from);
/* Whether a step forward has anything to show or a lab event to run. */
gboolean       seqack_player_has_future      (SeqackPlayer *self);

/* The picture is at the present and the lab's next event is a long
 * wait away (a timer: retransmission, FIN-WAIT-2, 2MSL), with @until
 * its virtual time: Step stops here and Skip Wait is the jump. */
gboolean       seqack_player_waits           (SeqackPlayer *self,
                                              gint64       *until);
/* Whether a step forward shows something: a future that is no long
 * wait. */
gboolean       seqack_player_can_step        (SeqackPlayer *self);

/* Shows up to the next segment, stepping the lab at the end of the trace
 * (unless a lesson limit holds it, or the next event is a long wait);
 * FALSE when nothing new was shown. */
gboolean seqack_player_step      (SeqackPlayer *self);
/* Back to just after the segment before the last shown one; stops. */
void     seqack_player_back      (SeqackPlayer *self);
/* Shows events [0, @n) (clamped) at rest; stops playing. */
void     seqack_player_seek      (SeqackPlayer *self,
                                  guint         n);
/* Shows all that may be shown, at rest; stops playing. */
void     seqack_player_show_all  (SeqackPlayer *self);
/* Shows the trace up to the first time an endpoint enters @state (and
 * the segment it sends there); FALSE when none does. */
gboolean seqack_player_show_until_state (SeqackPlayer   *self,
                                         SeqackTcpState  state);
/* Lays out what someone else (a lesson) appended to the lab's trace. */
void     seqack_player_sync      (SeqackPlayer *self);

/* Makes a user action on the lab through the session: the picture first
 * jumps to the present, then shows what the action caused. FALSE (and
 * @error as seqack_session_perform() sets it) when the lab refused. */
gboolean seqack_player_perform   (SeqackPlayer  *self,
                                  guint          host,
                                  SeqackAction   action,
                                  gint64         number,
                                  const char    *text,
                                  GError       **error);

/* Undo and redo of the user's actions (seqack-session.h): undo puts the
 * lab back exactly as it was when the last action was made and shows it
 * all, at rest; redo makes the action again as perform does. Both need
 * a run the session describes: not while a lesson drives the lab (reset
 * in place). FALSE with @error when the lab refused. */
gboolean seqack_player_can_undo  (SeqackPlayer  *self);
gboolean seqack_player_can_redo  (SeqackPlayer  *self);
gboolean seqack_player_undo      (SeqackPlayer  *self,
                                  GError       **error);
gboolean seqack_player_redo      (SeqackPlayer  *self,
                                  GError       **error);

/* Whether the player needs frames: a flight is under way, or it plays
 * and has a future. */
gboolean seqack_player_wants_frames (SeqackPlayer *self);
/* One frame at @frame_time (µs, monotonic): moves the flight, reveals
 * the next step after a pause, runs the lab. Returns
 * seqack_player_wants_frames(); the first frame after FALSE only starts
 * the clock. */
gboolean seqack_player_advance   (SeqackPlayer *self,
                                  gint64        frame_time);

G_END_DECLS
