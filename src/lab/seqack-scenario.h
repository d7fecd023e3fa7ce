/* seqack-scenario.h: scripted sequences of lab calls.
 *
 * A scenario is a small text (the same format teachers write lessons in):
 *
 *   # comment
 *   name: hello-goodbye
 *   description: Handshake, "hello" and "bye", then the four-way teardown
 *   server listen
 *   client connect
 *   client send hello
 *   client drop-next          # the client's next segment is lost
 *   client delay-next 0.1     # seconds
 *   client stale-syn
 *   with server connect       # "with": same instant as the line before
 *   pause 0.05                # run the clock 0.05 s
 *   set loss 0.1 | set latency 0.02 | set msl 5
 *   skip-wait
 *
 * Each step but "with" lines and wire tricks first runs the clock until no
 * segment is in flight, so the script reads like the lesson. After the last
 * step the lab runs until nothing is pending (timers included).
 */
#pragma once

#include <glib.h>

#include "seqack-lab.h"

G_BEGIN_DECLS

typedef struct _SeqackScenario SeqackScenario;

/* Parses @text; @origin names it in errors ("hello-goodbye", a file
 * name). Errors give the line number: "line 3: unknown action 'conect'". */
SeqackScenario *seqack_scenario_parse (const char *text,
                                       const char *origin,
                                       GError    **error);
void            seqack_scenario_free  (SeqackScenario *scenario);

const char *seqack_scenario_get_name        (SeqackScenario *scenario);
const char *seqack_scenario_get_description (SeqackScenario *scenario);
guint       seqack_scenario_get_n_steps     (SeqackScenario *scenario);

/* Runs step @index on @lab (including its wait for a quiet wire). */
gboolean seqack_scenario_run_step (SeqackScenario *scenario,
                                   guint           index,
                                   SeqackLab      *lab,
                                   GError        **error);
/* Runs every step, then runs the lab until idle (at most 1 hour of
 * virtual time). */
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
