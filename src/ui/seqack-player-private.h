/* seqack-player-private.h: what the player's parts share.
 *
 * seqack-player.c moves through the trace; seqack-player-clock.c plays it
 * on the frame clock and paces long waits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "seqack-player.h"

G_BEGIN_DECLS

/* Virtual time a played wait may skip in one frame (avoids huge jumps
 * after the window was hidden). */
#define MAX_FRAME_USEC (SEQACK_USEC_PER_SEC / 5)
/* A wait longer than this (virtual time) is one a person should see
 * coming: Step stops before it and Skip Wait is the jump. Flights over
 * the wire are never waits; retransmission (1 s), FIN-WAIT-2 and 2MSL
 * (60 s) timers are. */
#define LONG_WAIT_USEC (SEQACK_USEC_PER_SEC / 2)

struct _SeqackPlayer
{
  GObject               parent_instance;

  SeqackSession        *session;
  SeqackLab            *lab;
  SeqackSequenceLayout *layout;

  guint                 n_shown;
  guint                 limit;
  guint                 selected;
  double                flight;
  double                speed;
  gboolean              playing;
  gboolean              replayable;  /* the session describes the lab */
  gint64                hold_until;  /* frame time of the next auto step */
  gint64                last_frame;  /* 0: the clock has not started */

  /* A long wait being played: virtual time runs from wait_from to
   * wait_to while n-shown is wait_n (G_MAXUINT: none), wait_done of the
   * way (0..1). */
  guint                 wait_n;
  gint64                wait_from;
  gint64                wait_to;
  double                wait_done;
};

guint    _seqack_player_n_events    (SeqackPlayer *self);
/* Events the picture may show (below a lesson limit). */
guint    _seqack_player_n_showable  (SeqackPlayer *self);
void     _seqack_player_set_flight  (SeqackPlayer *self,
                                     double        flight);
/* Lays out what the lab appended, keeps n-shown and the selection inside
 * what may be shown, and tells the views. Every operation ends here. */
void     _seqack_player_changed     (SeqackPlayer *self);
/* Reveals up to and including the next segment, stopping before a long
 * wait; FALSE when there was nothing to reveal. */
gboolean _seqack_player_reveal_next (SeqackPlayer *self,
                                     gboolean      animate);
/* The long wait before event @j, as the lab played it (see the clock). */
gboolean _seqack_player_wait_before (SeqackPlayer *self,
                                     guint         j,
                                     gint64       *from,
                                     gint64       *to);

G_END_DECLS
