/* seqack-trace-format.h: a Trace as the CLI prints it.
 *
 * The text ladder (the classic lesson's picture in a terminal) and JSON
 * lines (one object per event, via json-glib). The window's "copy ladder"
 * and the lessons use the same functions.
 */
#pragma once

#include <glib.h>

#include "seqack-trace.h"

G_BEGIN_DECLS

typedef struct
{
  gboolean absolute;   /* print absolute Seq/Ack instead of relative */
  gboolean show_t_abs; /* JSON: add "t_abs" = @epoch_us + t in seconds */
  gint64   epoch_us;
  gint64   t_zero;     /* subtracted from every t (the first event's t) */
} SeqackFormatOptions;

/* One JSON object (no newline) for event @index, appended to @out.
 * Segment: {"t","event":"segment","src","dst","fate","flags":[...],
 * "seq","ack","len","seq_abs","ack_abs","win"[,"t_arrive"]
 * [,"retransmission":true][,"stale":true]}; state: {"t","event":"state",
 * "host","from","to"[,"inferred":true]}; action: {"event":"action","t",
 * "host","action"[,"text"][,"value"]}; timer: {"event":"timer","host",
 * "timer","action","t","deadline"}; data: {"event":"data","t","host",
 * "text"}; error: {"event":"error","t","host","message"}. */
void seqack_trace_format_json (SeqackTrace               *trace,
                               guint                      index,
                               const SeqackFormatOptions *options,
                               GString                   *out);

/* The ladder line(s) for event @index (with trailing newline), or nothing
 * for events the ladder does not show. */
void seqack_trace_format_text (SeqackTrace               *trace,
                               guint                      index,
                               const SeqackFormatOptions *options,
                               GString                   *out);

/* The ladder's column titles (with trailing newline). */
void seqack_trace_format_text_header (SeqackTrace *trace,
                                      GString     *out);

/* "SYN, ACK Seq=0 Ack=1 Len=5": the arrow label of a segment event. */
void seqack_trace_format_segment_label (SeqackTrace *trace,
                                        guint        index,
                                        gboolean     absolute,
                                        GString     *out);

G_END_DECLS
