/* seqack-trace-format.h: a Trace as the CLI prints it.
 *
 * The text ladder (the classic lesson's picture in a terminal) and JSON
 * lines (one object per event, via json-glib). The window's "copy ladder"
 * and the lessons use the same functions, and the diagram takes its arrow
 * labels from here too, so a segment is named the same way everywhere.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
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

/* Host @host's name as the ladder and the window show it (translated:
 * "client", "client-2", "server", "flood"). */
const char *seqack_host_label (guint host);

/* One JSON object (no newline) for event @index, appended to @out.
 * Segment: {"t","event":"segment","src","dst"[,"sport","dport"],"fate",
 * "flags":[...],"seq","ack","len","seq_abs","ack_abs","win","checksum"
 * ("good", "bad" or "unverified")[,"t_arrive"][,"retransmission":true]
 * [,"stale":true][,"truncated":true][,"window_probe", "window_update",
 * "dup_ack", "fast_retransmission", "syn_cookie", "queue_drop": true]
 * [,"vars":{...}]}; state: {"t","event":"state","host"[,"local",
 * "remote"],"from","to"[,"inferred":true]}; action: {"event":"action",
 * "t","host"[,"local","remote"],"action"[,"text"][,"value"]}; timer:
 * {"event":"timer","host"[,"local","remote"],"timer","action","t",
 * "deadline"}; data: {"event":"data","t","host","text"}; error:
 * {"event":"error","t","host"[,"local","remote"],"message"}; queue:
 * {"event":"queue","t","host","local","remote":"*:*","syn_queue",
 * "accept_queue","backlog"}. "local" and "remote" are "192.0.2.2:80"; a
 * listener's remote is "*:*". */
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

/* What a segment's label says besides its flags and numbers. */
typedef enum
{
  SEQACK_LABEL_PLAIN   = 0,
  SEQACK_LABEL_PAYLOAD = 1 << 0,  /* " \"hello\"": the first bytes of data */
  SEQACK_LABEL_MARK    = 1 << 1,  /* " (retransmission)": see below */
  SEQACK_LABEL_WINDOW  = 1 << 2,  /* " Win=1000" on a segment with ACK */
} SeqackLabelFlags;

/* The note a segment's label carries, one at most, by how much it
 * matters: "(retransmission)", "(old duplicate)", "(out of order)",
 * "(delayed)"; NULL when none applies. The ladder and the diagram both
 * write this. */
const char *seqack_trace_format_segment_mark (SeqackTrace *trace,
                                              guint        index);

/* Why a segment exists, when the picture alone does not say: for a RST
 * from an endpoint with no connection (a port nobody listens on), "Nobody
 * listens on the server's port: its TCP answers RST (RFC 9293
 * §3.10.7.1)"; NULL otherwise. Written under the arrow and in the
 * inspector. */
const char *seqack_trace_format_segment_note (SeqackTrace *trace,
                                              guint        index);

/* Whether segment @index is a RST sent by an endpoint that had no
 * connection (CLOSED), the answer RFC 9293 §3.10.7.1 prescribes. */
gboolean seqack_trace_segment_is_closed_port_reset (SeqackTrace *trace,
                                                    guint        index);

/* seqack_trace_format_segment_label() plus what @flags asks for: the
 * diagram's arrow label. */
void seqack_trace_format_arrow_label (SeqackTrace     *trace,
                                      guint            index,
                                      gboolean         absolute,
                                      SeqackLabelFlags flags,
                                      GString         *out);

/* Why the retransmission timer of variables @vars runs for what it does,
 * named by its rule: "RTO 3.6 s = SRTT 1.2 + 4 × RTTVAR 0.6", "RTO 2 s = 2
 * × 1 s, backed off after timeout 1 (RFC 6298 5.5)", the 1 s minimum, the
 * 120 s ceiling, Linux's 200 ms, RFC 6298 5.7's 3 s. The ladder's timer
 * lines, the inspector and the endpoint panels all say it this way. */
char *seqack_trace_format_rto_rule (const SeqackTcpVars *vars);
/* @us in seconds to the millisecond, without trailing zeros: "3.6",
 * "0.04", "1". */
char *seqack_trace_format_short_seconds (guint32 us);

/* @us as seconds with the decimals @trace needs ("0.020", or "0.000250"
 * when its events are less than a millisecond apart), appended to @out.
 * The ladder, the diagram and the inspector write times this way. */
void seqack_trace_format_seconds (SeqackTrace *trace,
                                  gint64       us,
                                  GString     *out);

/* A captured segment's checksum as the inspector words it: "verified",
 * "wrong" or "not verified". */
const char *seqack_trace_format_checksum     (SeqackChecksumState state);
/* Why, in one sentence; NULL when verified. */
const char *seqack_trace_format_checksum_why (SeqackChecksumState state);

/* What the capture left out of @packet (decoded with
 * seqack_trace_decode_segment()), one line each: "options cut off by the
 * snapshot length", "payload not captured (snapshot length 96)", "length 0
 * in the header: segmentation offload..."; NULL when it is all there. */
char *seqack_trace_format_capture_notes (SeqackTrace        *trace,
                                         const SeqackPacket *packet);

G_END_DECLS
