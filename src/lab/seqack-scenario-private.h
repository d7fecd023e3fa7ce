/* seqack-scenario-private.h: what the session (its sibling in the lab
 * layer) needs of a scenario: a saved session is a scenario with exact
 * times, kept and written by the same code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "seqack-scenario.h"

G_BEGIN_DECLS

/* The settings "seed", "latency", "loss", "msl" and "rto-min" a file can
 * carry. */
enum
{
  SCENARIO_HAS_SEED    = 1 << 0,
  SCENARIO_HAS_LATENCY = 1 << 1,
  SCENARIO_HAS_LOSS    = 1 << 2,
  SCENARIO_HAS_MSL     = 1 << 3,
  SCENARIO_HAS_RTO_MIN = 1 << 4,
};

struct _SeqackScenario
{
  char     *origin;
  char     *name;
  GArray   *titles;       /* Translation */
  GArray   *descriptions; /* Translation */
  GArray   *steps;        /* SeqackScenarioStep */
  guint     version;      /* "seqack-session N"; 0 for a scenario */
  guint     settings;     /* SCENARIO_HAS_* */
  guint64   seed;
  gint64    latency;      /* µs */
  gint64    loss_ppm;
  gint64    msl;          /* µs */
  gboolean  linux_rto_min;/* "rto-min linux": Linux's 200 ms, not 1 s */
  gboolean  absolute;     /* view settings kept with a session */
  gboolean  letters;
  char     *base;         /* "scenario NAME": the built-in it starts from */
};

/* An empty session (the current format version). */
SeqackScenario *_seqack_scenario_new_session (void);
/* Appends a timed step. */
void _seqack_scenario_append (SeqackScenario *scenario,
                              gint64          t,
                              guint           host,
                              SeqackAction    action,
                              gint64          number,
                              const char     *text);
/* The base scenario, then every step; no final run until idle. */
gboolean _seqack_scenario_run_steps (SeqackScenario *scenario,
                                     SeqackLab      *lab,
                                     GError        **error);
/* The text of a saved session (current version). */
char *_seqack_scenario_to_session (SeqackScenario *scenario);

G_END_DECLS
