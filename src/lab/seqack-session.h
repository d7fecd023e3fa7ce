/* seqack-session.h: a lab run saved as a small text file.
 *
 * A session is the seed, the wire settings the run started with, an
 * optional built-in scenario it started from, and every user action with
 * the virtual time it was made at. Every action the window makes goes
 * through seqack_session_perform(), so replaying the list on a fresh lab
 * gives the same Trace, event for event. Its text is a scenario with exact
 * times (see seqack-scenario.h), so a teacher can edit it, and a scenario
 * file opens as a session too. No GTK here: tested headless.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "seqack-lab.h"
#include "seqack-scenario.h"

G_BEGIN_DECLS

/* A step: t is SEQACK_STEP_UNTIMED for the untimed steps of a scenario
 * file. */
typedef SeqackScenarioStep SeqackSessionStep;

typedef struct _SeqackSession SeqackSession;

SeqackSession *seqack_session_new  (guint64 seed,
                                    gint64  latency,
                                    double  loss_rate,
                                    gint64  msl);
void           seqack_session_free (SeqackSession *session);

guint64     seqack_session_get_seed      (SeqackSession *session);
/* The lab config the run starts from (defaults plus seed and wire). */
void        seqack_session_get_config    (SeqackSession   *session,
                                          SeqackLabConfig *config);
/* Linux's 200 ms minimum RTO instead of RFC 6298 (2.4)'s 1 s
 * ("rto-min linux" in the saved file). */
void        seqack_session_set_linux_rto_min (SeqackSession *session,
                                              gboolean       linux_rto_min);
/* The built-in scenario the run starts with (NULL for none). */
void        seqack_session_set_scenario  (SeqackSession *session,
                                          const char    *name);
/* View settings kept with the run (not needed to replay it). */
gboolean    seqack_session_get_absolute  (SeqackSession *session);
void        seqack_session_set_absolute  (SeqackSession *session,
                                          gboolean       absolute);
gboolean    seqack_session_get_letters   (SeqackSession *session);
void        seqack_session_set_letters   (SeqackSession *session,
                                          gboolean       letters);

guint                    seqack_session_get_n_steps (SeqackSession *session);
const SeqackSessionStep *seqack_session_get_step    (SeqackSession *session,
                                                     guint          index);

/* Makes @action on @lab now and, when the lab accepted it, records it.
 * @host: a host number (seqack_host_name()). Actions without a host
 * (SKIP_WAIT, SET_*, ADD_CLIENT, FLOOD) ignore it. FALSE with
 * @error when the endpoint's state refuses the call (nothing recorded),
 * or when SKIP_WAIT had nothing to skip to (no error set then). */
gboolean seqack_session_perform (SeqackSession *session,
                                 SeqackLab     *lab,
                                 guint          host,
                                 SeqackAction   action,
                                 gint64         number,
                                 const char    *text,
                                 GError       **error);

/* Undo and redo. The lab is deterministic, so undoing an action is
 * replaying the run without it: seqack_session_undo() takes the last
 * action made through seqack_session_perform() (or redone) off the run
 * and returns a new lab with the rest replayed up to the virtual time the
 * action was made at; its trace is the one the action was made on, event
 * for event. Only actions made since the session was created or parsed
 * can be undone, not a file's own steps. seqack_session_redo() makes the
 * last undone action again on @lab, now; a new action forgets what was
 * undone. */
gboolean   seqack_session_can_undo (SeqackSession *session);
gboolean   seqack_session_can_redo (SeqackSession *session);
/* NULL (and nothing undone) with @error when the replay fails. */
SeqackLab *seqack_session_undo     (SeqackSession *session,
                                    GError       **error);
/* FALSE with @error (the action stays undone) when @lab refuses it. */
gboolean   seqack_session_redo     (SeqackSession *session,
                                    SeqackLab     *lab,
                                    GError       **error);
/* The action the next undo (redo) would take off (make again), or NULL. */
const SeqackSessionStep *seqack_session_peek_undo (SeqackSession *session);
const SeqackSessionStep *seqack_session_peek_redo (SeqackSession *session);
/* Counts every change to the run (perform, undo, redo), so "saved at
 * change N" tells unsaved work apart even when undo and a new action
 * leave as many actions as before. */
guint      seqack_session_get_changes (SeqackSession *session);

/* A new lab with the run replayed on it: the scenario, then each action at
 * its time. A scenario file (no "seqack-session" line) then runs until
 * idle, as `seqack-cli run` runs it; a saved session stops where it was
 * saved. */
SeqackLab     *seqack_session_replay (SeqackSession *session,
                                      GError       **error);

/* The text form (see seqack-scenario.h) and back; parse accepts saved
 * sessions of every version and scenario files. Parse errors are
 * SEQACK_ERROR_MALFORMED and name the line: "line 4: unknown action
 * 'conect'". */
char          *seqack_session_to_string (SeqackSession *session);
SeqackSession *seqack_session_parse     (const char    *text,
                                         GError       **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackSession, seqack_session_free)

G_END_DECLS
