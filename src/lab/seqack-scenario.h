/* seqack-scenario.h: scripted sequences of lab calls, and saved sessions.
 *
 * One human-writable format (data/scenarios/README.md documents it):
 *
 *   # comment
 *   name: hello-goodbye
 *   title: Hello and goodbye            # title[zh_CN]: … for menus
 *   description: Handshake, "hello" and "bye", then the teardown
 *   server listen
 *   client connect
 *   client send hello world             # the rest of the line, UTF-8
 *   client drop-next                    # the client's next segment is lost
 *   client delay-next 0.1               # seconds
 *   client stale-syn
 *   with server connect                 # same instant as the line before
 *   pause 0.05                          # run the clock 0.05 s
 *   set loss 0.1 | set latency 0.02 | set msl 5
 *   skip-wait
 *
 * Wire tricks (drop-next, delay-next, stale-syn, set) act at once; every
 * other step but "with" lines first runs the clock until no segment is in
 * flight, so the script reads like the lesson. After the last step the
 * lab runs until nothing is pending (timers included).
 *
 * A saved session is the same format with "seqack-session 2" as its first
 * line, the lab's start settings (seed, latency, loss, msl) and an exact
 * time before each step: "at 0.04 client send hello" acts at 40 ms
 * without waiting. "seqack-session 1" files (times and settings in µs,
 * escaped text) still open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "seqack-lab.h"

G_BEGIN_DECLS

/* SeqackScenarioStep.t of a step without "at": it waits as described. */
#define SEQACK_STEP_UNTIMED (-1)

typedef struct
{
  gint64        t;       /* µs of virtual time ("at"), or
                          * SEQACK_STEP_UNTIMED */
  guint         host;    /* the host number (seqack_host_name());
                          * SEQACK_CLIENT for actions without one, the
                          * flood for FLOOD */
  SeqackAction  action;
  gint64        number;  /* as seqack_lab_perform() takes it */
  char         *text;    /* SEND: the bytes; otherwise NULL */
  gboolean      with;    /* "with": no wait, same instant as the last */
  guint         line;    /* in the text it was parsed from; 0 if none */
} SeqackScenarioStep;

typedef struct _SeqackScenario SeqackScenario;

/* Parses @text; @origin names it in errors ("hello-goodbye", a file
 * name). Errors give the line number: "FILE: line 3: unknown action
 * 'conect'" (without "FILE: " when @origin is NULL). */
SeqackScenario *seqack_scenario_parse (const char *text,
                                       const char *origin,
                                       GError    **error);
/* Reads and parses the file at @path (a scenario or a saved session);
 * errors name @path and the line, binary junk included. */
SeqackScenario *seqack_scenario_load  (const char *path,
                                       GError    **error);
/* Every error of the file at @path, one message each ("FILE: line N:
 * …"), including the steps its state refuses when it is run on a lab
 * with its own settings. An empty vector when it is good. */
char          **seqack_scenario_check (const char *path);
void            seqack_scenario_free  (SeqackScenario *scenario);

const char *seqack_scenario_get_name        (SeqackScenario *scenario);
/* The title and description in the user's language (as gettext would
 * choose it: "zh_CN.UTF-8" falls back to "zh_CN" then "zh"), else the
 * untranslated one; the title falls back to the name, the description
 * to "". */
const char *seqack_scenario_get_title       (SeqackScenario *scenario);
const char *seqack_scenario_get_description (SeqackScenario *scenario);
guint       seqack_scenario_get_n_steps     (SeqackScenario *scenario);
const SeqackScenarioStep *
            seqack_scenario_get_step        (SeqackScenario *scenario,
                                             guint           index);
/* Whether the text began with "seqack-session N": a saved session. */
gboolean    seqack_scenario_is_session      (SeqackScenario *scenario);
/* Overrides the fields of @config that the file sets (seed, latency,
 * loss, msl); leaves the others. */
void        seqack_scenario_apply_config    (SeqackScenario  *scenario,
                                             SeqackLabConfig *config);

/* Runs step @index on @lab (including its wait for a quiet wire). */
gboolean seqack_scenario_run_step (SeqackScenario *scenario,
                                   guint           index,
                                   SeqackLab      *lab,
                                   GError        **error);
/* Runs the built-in it starts from ("scenario NAME"), then every step,
 * then runs the lab until idle (at most 1 hour of virtual time). */
gboolean seqack_scenario_run      (SeqackScenario *scenario,
                                   SeqackLab      *lab,
                                   GError        **error);

/* The built-in scenarios, in the order `seqack-cli scenarios` lists them:
 * names, NULL-terminated. */
const char *const *seqack_scenario_builtin_names (void);
/* A built-in by name, or NULL with SEQACK_ERROR_NOT_FOUND. */
SeqackScenario    *seqack_scenario_builtin (const char *name,
                                            GError    **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SeqackScenario, seqack_scenario_free)

G_END_DECLS
