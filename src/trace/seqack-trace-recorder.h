/* seqack-trace-recorder.h: a TCB's callbacks that write its Trace.
 *
 * The lab's hosts and the TUN peer each own a sans-IO TCB; what it does
 * (states, timers, delivered data, errors) becomes Trace events the same
 * way for both, each followed by the endpoint's variables as they are
 * after it, and each named with the TCB's socket. Only putting a segment on the wire is the owner's: it decides
 * the segment's fate and records it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "seqack-tcp-conn.h"
#include "seqack-trace.h"

G_BEGIN_DECLS

typedef struct
{
  SeqackTrace   *trace;
  SeqackSide     side;
  guint          host;     /* its host number: @side, or an added
                            * host (seqack_host_name()) */
  const gint64  *now;      /* the owner's clock, read at each event */
  SeqackTcpConn *conn;     /* set once the TCB exists */
  guint32        remote_addr; /* the peer's address for its socket's
                               * key: 0 when it is the other side's
                               * endpoint (SeqackSocketKey) */
  /* Puts @segment on the wire and adds it to the trace with @marks. */
  void         (*transmit) (gpointer                owner,
                            const SeqackTcpSegment *segment,
                            guint8                  marks);
  /* Optional: told after a connection error is recorded. */
  void         (*error)    (gpointer      owner,
                            const GError *error);
  /* Optional: the bytes the application read, after they are
   * recorded. */
  void         (*deliver)  (gpointer      owner,
                            const guint8 *data,
                            gsize         len);
  gpointer       owner;
} SeqackTraceRecorder;

/* The callbacks to create the TCB with, its user data being the
 * recorder. */
const SeqackTcpCallbacks *seqack_trace_recorder_callbacks (void);

/* Names the TCB's socket (its ports) as the socket of event @index
 * (G_MAXUINT, a refused append: nothing). Every event the callbacks
 * record is named so; the owner names its own (actions). */
void seqack_trace_recorder_name_socket (const SeqackTraceRecorder *recorder,
                                        guint                      index);

/* Notes the endpoint's variables now (after a call into the TCB), in the
 * log of its socket (seqack_trace_note_socket_vars()). */
void seqack_trace_recorder_note_vars (const SeqackTraceRecorder *recorder);

G_END_DECLS
