/* seqack-trace-format.c: a Trace as the CLI prints it.
 *
 * JSON lines are machine output: keys and names are fixed English, never
 * translated, and the same trace always gives the same bytes. The ladder is
 * for people: its notes are translated, its columns aligned by display
 * width so a Chinese note does not shift them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "seqack-explain.h"
#include "seqack-packet.h"
#include "seqack-tcp-header.h"
#include "seqack-trace-format.h"

/* Ladder columns: time, client state, arrow, server state. */
#define TIME_WIDTH   8
#define TIME_GAP     2
#define STATE_WIDTH  12
#define ARROW_WIDTH  40
#define CLIENT_COL   (TIME_WIDTH + TIME_GAP)
#define ARROW_COL    (CLIENT_COL + STATE_WIDTH + 1)
#define SERVER_COL   (ARROW_COL + ARROW_WIDTH + 1)
#define LINE_WIDTH   (SERVER_COL + STATE_WIDTH)
#define NOTE_COL     (ARROW_COL + 2)
/* Bytes of payload an arrow label quotes before "…". */
#define PAYLOAD_PREVIEW 16
/* Characters of application text quoted in a note before "…". */
#define NOTE_TEXT_MAX 40

#define ARROW_LINE  "─"
#define ARROW_RIGHT "▶"
#define ARROW_LEFT  "◀"
#define ARROW_LOST  "✕"

/* The ladder of a trace with added hosts (client-2 … client-8, flood):
 * one lane per host, in a fixed order, client, client-2 … client-8,
 * flood, then the server on the right. Ten hosts' state columns side by
 * side would take 140 columns, and a wall of state names hides the
 * arrows, so the client-side lanes are lifelines: a "│" each, LANE_STEP
 * columns apart (room for the name over it); the server keeps its state
 * column as in the two-host ladder. An arrow starts at its sender's
 * lifeline ("├") or ends at its receiver's ("◀"), runs over the lanes
 * between, and carries its label where every arrow passes, between the
 * last client-side lane and the server, so labels stand in one column as
 * they do with two hosts. A client-side host's state change is written
 * at its lifeline, its notes hang off it; the server's sit where they
 * did. The arrows' shared part is ARROW_WIDTH while the ladder fits an
 * 80-column terminal, at least LANE_ARROW_MIN while it fits 120, and
 * what is left of 120 beyond (ten hosts: 24, room for "SYN, ACK Seq=0
 * Ack=1"). A longer label pushes the server's column right, as ever. */
#define LANE_STEP      9
#define LANE_ARROW_MIN 32
#define LADDER_NARROW  80
#define LADDER_WIDE    120
#define LIFELINE       "│"
#define ARROW_TAIL     "├"

static const SeqackFormatOptions default_options = { 0 };

/* Helpers */

/* Terminal columns @str takes: East Asian wide characters take two. */
static gsize
display_width (const char *str)
{
  gsize width = 0;

  for (const char *p = str; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

/* Columns taken by @out since @line_start. */
static gsize
line_width (GString *out,
            gsize    line_start)
{
  return display_width (out->str + line_start);
}

static void
pad_to (GString *out,
        gsize    line_start,
        gsize    column)
{
  gsize width = line_width (out, line_start);

  while (width < column)
    {
      g_string_append_c (out, ' ');
      width++;
    }
}

static void
append_repeat (GString    *out,
               const char *piece,
               gsize       count)
{
  for (gsize i = 0; i < count; i++)
    g_string_append (out, piece);
}

static void
end_line (GString *out,
          gsize    line_start)
{
  /* No trailing blanks: they show up in diffs and copied text. */
  while (out->len > line_start && out->str[out->len - 1] == ' ')
    g_string_truncate (out, out->len - 1);
  g_string_append_c (out, '\n');
}

/* "12.345", or "12.345678" with @digits 6: seconds computed without
 * floating point so the locale's decimal separator never leaks in. */
static void
append_seconds (GString *out,
                gint64   us,
                guint    digits)
{
  gboolean negative = us < 0;
  guint64 unit = digits == 6 ? 1 : 1000;
  guint64 per_second = G_USEC_PER_SEC / unit;
  guint64 n;

  n = ((negative ? (guint64) -(us + 1) + 1 : (guint64) us) + unit / 2) / unit;
  g_string_append_printf (out, "%s%" G_GUINT64_FORMAT ".%0*" G_GUINT64_FORMAT,
                          negative && n > 0 ? "-" : "", n / per_second,
                          (int) digits, n % per_second);
}

void
seqack_trace_format_seconds (SeqackTrace *trace,
                             gint64       us,
                             GString     *out)
{
  g_return_if_fail (trace != NULL);
  g_return_if_fail (out != NULL);

  append_seconds (out, us, seqack_trace_get_time_digits (trace));
}

static char *
seconds (SeqackTrace *trace,
         gint64       us)
{
  GString *s = g_string_new (NULL);

  seqack_trace_format_seconds (trace, us, s);
  return g_string_free (s, FALSE);
}

/* Columns the time takes: "9999.999", or "9999.999999" with microseconds;
 * the rest of the ladder moves right by the difference. */
static gsize
time_shift (SeqackTrace *trace)
{
  return seqack_trace_get_time_digits (trace) == 6 ? 3 : 0;
}

/* Starts a ladder line: the time, right-aligned in its column. Returns
 * where the line starts in @out. */
static gsize
begin_line (GString                   *out,
            SeqackTrace               *trace,
            const SeqackEvent         *event,
            const SeqackFormatOptions *options)
{
  gsize start = out->len;
  gsize width = TIME_WIDTH + time_shift (trace);
  g_autofree char *t = seconds (trace, event->t - options->t_zero);

  pad_to (out, start, width > strlen (t) ? width - strlen (t) : 0);
  g_string_append (out, t);
  /* The columns are counted from after the extra time digits (ASCII, one
   * byte each): everything else keeps its place relative to the time. */
  return start + MIN (time_shift (trace), out->len - start);
}

/* @bytes quoted for a note: valid UTF-8 kept, control characters and
 * invalid bytes escaped, cut after NOTE_TEXT_MAX characters. */
static void
append_quoted (GString      *out,
               const guint8 *bytes,
               gsize         len)
{
  const char *p = (const char *) bytes;
  const char *end = p + len;
  guint n = 0;

  g_string_append_c (out, '"');
  while (p < end)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);

      if (n++ == NOTE_TEXT_MAX)
        {
          g_string_append (out, "…");
          break;
        }
      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          g_string_append_printf (out, "\\x%02x", (guchar) *p);
          p++;
          continue;
        }
      switch (c)
        {
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        default:
          if (c < 0x20 || c == 0x7f)
            g_string_append_printf (out, "\\x%02x", (guint) c);
          else
            g_string_append_len (out, p, g_utf8_next_char (p) - p);
        }
      p = g_utf8_next_char (p);
    }
  g_string_append_c (out, '"');
}

/* The side as people read it in the ladder. */
static const char *
side_label (SeqackSide side)
{
  return seqack_host_label (side);
}

const char *
seqack_host_label (guint host)
{
  static const char *const labels[SEQACK_N_HOSTS] = {
    NC_("endpoint", "client"), NC_("endpoint", "server"),
    NC_("endpoint", "client-2"), NC_("endpoint", "client-3"),
    NC_("endpoint", "client-4"), NC_("endpoint", "client-5"),
    NC_("endpoint", "client-6"), NC_("endpoint", "client-7"),
    NC_("endpoint", "client-8"),
    /* TRANSLATORS: the lab's SYN flood source, a host name */
    NC_("endpoint", "flood"),
  };

  g_return_val_if_fail (host < SEQACK_N_HOSTS, "?");

  return g_dpgettext2 (GETTEXT_PACKAGE, "endpoint", labels[host]);
}

/* Who made event @index, as the ladder names its host. */
static const char *
event_label (SeqackTrace *trace,
             guint        index)
{
  return seqack_host_label (seqack_trace_get_event_host (trace, index));
}

/* Segment label */

void
seqack_trace_format_segment_label (SeqackTrace *trace,
                                   guint        index,
                                   gboolean     absolute,
                                   GString     *out)
{
  const SeqackEvent *event;
  char flags[48];
  guint32 seq, ack;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (out != NULL);
  g_return_if_fail (index < seqack_trace_get_n_events (trace));

  event = seqack_trace_get_event (trace, index);
  g_return_if_fail (event->kind == SEQACK_EVENT_SEGMENT);

  seq = absolute ? event->seq : seqack_trace_relative_seq (trace, index);
  ack = absolute ? event->ack : seqack_trace_relative_ack (trace, index);

  seqack_tcp_flags_to_string (event->flags, flags);
  if (flags[0] != '\0')
    g_string_append_printf (out, "%s ", flags);
  g_string_append_printf (out, "Seq=%u", seq);
  if (event->flags & SEQACK_TCP_ACK)
    g_string_append_printf (out, " Ack=%u", ack);
  if (event->number > 0)
    g_string_append_printf (out, " Len=%u", event->number);
}

const char *
seqack_trace_format_segment_mark (SeqackTrace *trace,
                                  guint        index)
{
  const SeqackEvent *event;

  g_return_val_if_fail (trace != NULL, NULL);
  g_return_val_if_fail (index < seqack_trace_get_n_events (trace), NULL);

  event = seqack_trace_get_event (trace, index);
  /* What happened to it first: a dropped retransmission was dropped. */
  if (event->marks & SEQACK_MARK_QUEUE_DROP)
    return _("(queue full: dropped)");
  if (event->edge & SEQACK_WHY_FAST_RETRANSMISSION)
    return _("(fast retransmission)");
  if (event->edge & SEQACK_WHY_WINDOW_PROBE)
    return _("(window probe)");
  if (event->marks & SEQACK_MARK_RETRANSMISSION)
    return _("(retransmission)");
  if (event->marks & SEQACK_MARK_STALE)
    return _("(old duplicate)");
  if (event->marks & SEQACK_MARK_OUT_OF_ORDER)
    return _("(out of order)");
  if (event->marks & SEQACK_MARK_DELAYED)
    return _("(delayed)");
  if (event->edge & SEQACK_WHY_WINDOW_UPDATE)
    return _("(window update)");
  if (event->edge & SEQACK_WHY_DUP_ACK)
    return _("(duplicate ACK)");
  if (event->edge & SEQACK_WHY_SYN_COOKIE)
    return _("(SYN cookie)");
  return NULL;
}

gboolean
seqack_trace_segment_is_closed_port_reset (SeqackTrace *trace,
                                           guint        index)
{
  const SeqackEvent *event;

  g_return_val_if_fail (trace != NULL, FALSE);
  g_return_val_if_fail (index < seqack_trace_get_n_events (trace), FALSE);

  event = seqack_trace_get_event (trace, index);
  if (event->kind != SEQACK_EVENT_SEGMENT || !(event->flags & SEQACK_TCP_RST)
      || event->side > SEQACK_SERVER)
    return FALSE;
  /* The state before the segment: an abort's RST leaves ESTABLISHED (or
   * another state with a connection) and only then reaches CLOSED. */
  return index > 0
         && seqack_trace_get_state (trace, index - 1, event->side)
            == SEQACK_TCP_CLOSED;
}

const char *
seqack_trace_format_segment_note (SeqackTrace *trace,
                                  guint        index)
{
  g_return_val_if_fail (trace != NULL, NULL);
  g_return_val_if_fail (index < seqack_trace_get_n_events (trace), NULL);

  if (seqack_trace_get_event (trace, index)->edge & SEQACK_WHY_SYN_COOKIE)
    return _("The server keeps nothing for this SYN: its ISN is a SYN "
             "cookie, and the ACK that comes back rebuilds the connection "
             "(RFC 4987 §3.6)");
  if (seqack_trace_get_event (trace, index)->marks & SEQACK_MARK_QUEUE_DROP)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, index);
      gboolean accept_queue = (e->edge & SEQACK_WHY_ACCEPT_QUEUE_FULL) != 0;

      /* A flood's SYN comes from a spoofed address and never again:
       * only a real client's timer resends it. */
      if ((e->flags & SEQACK_TCP_SYN) &&
          seqack_trace_get_event_host (trace, index) == SEQACK_HOST_FLOOD)
        return _("The server drops this SYN without a word, as its queue "
                 "is full; the flood never sends it again");
      if (e->flags & SEQACK_TCP_SYN)
        return accept_queue
               ? _("The server's accept queue is full: it drops this SYN "
                   "too, without a word, and the client sends it again "
                   "when its timer expires")
               : _("The server's SYN queue is full: it drops this SYN "
                   "without a word, and the client sends it again when "
                   "its timer expires");
      if (e->edge & SEQACK_WHY_COOKIE_ACK)
        return _("The server's accept queue is full: it drops this ACK, "
                 "and as its SYN cookie kept nothing, no SYN,ACK comes "
                 "again; the client thinks it is connected, the server "
                 "knows nothing of it");
      return _("The server's accept queue is full: it drops this ACK "
               "(Linux's tcp_abort_on_overflow=0) and sends its SYN,ACK "
               "again later; the client already thinks it is connected");
    }
  if ((seqack_trace_get_event (trace, index)->flags &
       (SEQACK_TCP_SYN | SEQACK_TCP_ACK)) == SEQACK_TCP_SYN &&
      seqack_trace_get_event_host (trace, index) == SEQACK_HOST_FLOOD)
    return _("A SYN from a spoofed address: nobody there answers the "
             "server's SYN,ACK, and the flood never sends this SYN again");
  if (!seqack_trace_segment_is_closed_port_reset (trace, index))
    return NULL;
  /* RFC 9293 §3.10.7.1: in CLOSED (no TCB) a segment without RST is
   * answered with RST. */
  if (seqack_trace_get_event (trace, index)->side == SEQACK_SERVER)
    return _("Nobody listens on the server's port: its TCP answers RST "
             "(RFC 9293 §3.10.7.1)");
  return _("Nobody listens on the client's port: its TCP answers RST "
           "(RFC 9293 §3.10.7.1)");
}

void
seqack_trace_format_arrow_label (SeqackTrace     *trace,
                                 guint            index,
                                 gboolean         absolute,
                                 SeqackLabelFlags flags,
                                 GString         *out)
{
  const SeqackEvent *event;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (out != NULL);
  g_return_if_fail (index < seqack_trace_get_n_events (trace));

  event = seqack_trace_get_event (trace, index);
  seqack_trace_format_segment_label (trace, index, absolute, out);
  /* The window each ACK advertises: what the sliding window is made of
   * (RFC 9293 §3.8.6), as Wireshark's Info column writes it. */
  if ((flags & SEQACK_LABEL_WINDOW) && (event->flags & SEQACK_TCP_ACK))
    g_string_append_printf (out, " Win=%u", event->window);

  if ((flags & SEQACK_LABEL_PAYLOAD) && event->number > 0)
    {
      const guint8 *bytes;
      gsize len;
      SeqackPacket packet;

      /* The recorded bytes are the segment as sent; a capture may hold
       * fewer than it says (a snap length), and then nothing is quoted. */
      bytes = seqack_trace_get_data (trace, index, &len);
      if (bytes != NULL && seqack_packet_decode (bytes, len, &packet, NULL))
        {
          gsize n = MIN (packet.tcp.payload_len, PAYLOAD_PREVIEW);

          g_string_append (out, " \"");
          for (gsize i = 0; i < n; i++)
            {
              guint8 c = packet.tcp.payload[i];

              g_string_append_c (out, g_ascii_isprint (c) ? (char) c : '.');
            }
          if (packet.tcp.payload_len > n)
            g_string_append (out, "…");
          g_string_append_c (out, '"');
        }
    }

  if (flags & SEQACK_LABEL_MARK)
    {
      const char *mark = seqack_trace_format_segment_mark (trace, index);

      if (mark != NULL)
        g_string_append_printf (out, " %s", mark);
    }
}

/* JSON */

/* json-glib 1.6 prints doubles with "%.17g", so 60.371 comes out as
 * 60.371000000000002. Every double here is seconds rounded to the
 * microsecond, so rewrite each fractional number outside strings with the
 * shortest text that reads back as the same double. */
static void
append_clean_numbers (GString    *out,
                      const char *json)
{
  gboolean in_string = FALSE;
  const char *p = json;

  while (*p != '\0')
    {
      if (in_string)
        {
          if (*p == '\\' && p[1] != '\0')
            {
              g_string_append_len (out, p, 2);
              p += 2;
              continue;
            }
          if (*p == '"')
            in_string = FALSE;
          g_string_append_c (out, *p++);
          continue;
        }
      if (*p == '"')
        {
          in_string = TRUE;
          g_string_append_c (out, *p++);
          continue;
        }
      if (*p == '-' || g_ascii_isdigit (*p))
        {
          const char *start = p;
          gboolean fractional = FALSE;

          while (*p == '-' || *p == '+' || *p == '.' || *p == 'e'
                 || *p == 'E' || g_ascii_isdigit (*p))
            {
              if (*p == '.' || *p == 'e' || *p == 'E')
                fractional = TRUE;
              p++;
            }
          if (fractional)
            {
              g_autofree char *token = g_strndup (start, p - start);
              double value = g_ascii_strtod (token, NULL);
              char buf[G_ASCII_DTOSTR_BUF_SIZE];
              gsize len;

              g_ascii_formatd (buf, sizeof buf, "%.6f", value);
              if (g_ascii_strtod (buf, NULL) != value)
                {
                  g_string_append (out, token);
                  continue;
                }
              /* Trailing zeros go, one decimal stays so a double still
               * looks like one (as json-glib does). */
              len = strlen (buf);
              while (len > 2 && buf[len - 1] == '0' && buf[len - 2] != '.')
                len--;
              g_string_append_len (out, buf, len);
            }
          else
            g_string_append_len (out, start, p - start);
          continue;
        }
      g_string_append_c (out, *p++);
    }
}

static void
add_seconds (JsonBuilder *builder,
             const char  *name,
             gint64       us)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_double_value (builder, (double) us / G_USEC_PER_SEC);
}

static void
add_string (JsonBuilder *builder,
            const char  *name,
            const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_int_or_null (JsonBuilder *builder,
                 const char  *name,
                 gboolean     known,
                 gint64       value)
{
  json_builder_set_member_name (builder, name);
  if (known)
    json_builder_add_int_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_true (JsonBuilder *builder,
          const char  *name)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_boolean_value (builder, TRUE);
}

static void
add_time (JsonBuilder               *builder,
          const SeqackEvent         *event,
          const SeqackFormatOptions *options)
{
  add_seconds (builder, "t", event->t - options->t_zero);
  if (options->show_t_abs)
    add_seconds (builder, "t_abs", options->epoch_us + event->t);
}

/* Text of event @index as valid UTF-8 (JSON strings must be). */
static char *
event_text_utf8 (SeqackTrace *trace,
                 guint        index)
{
  gsize len = 0;
  const guint8 *bytes = seqack_trace_get_data (trace, index, &len);

  if (bytes == NULL)
    return g_strdup ("");
  return g_utf8_make_valid ((const char *) bytes, len);
}

static void
add_time_or_null (JsonBuilder *builder,
                  const char  *name,
                  gboolean     known,
                  guint32      us)
{
  json_builder_set_member_name (builder, name);
  if (known)
    json_builder_add_double_value (builder, (double) us / G_USEC_PER_SEC);
  else
    json_builder_add_null_value (builder);
}

static void
add_bytes_or_null (JsonBuilder *builder,
                   const char  *name,
                   gboolean     known,
                   guint32      bytes)
{
  json_builder_set_member_name (builder, name);
  if (known)
    json_builder_add_int_value (builder, bytes);
  else
    json_builder_add_null_value (builder);
}

/* "vars": the sender's variables after sending, in the trace's numbering
 * (SND.* from the sender's base, RCV.NXT from the receiver's), times in
 * seconds; SRTT and RTTVAR are null before the first RTT sample, and all
 * three timer values in a trace rebuilt from packets (no RTO known).
 * RCV.NXT and SND.WND are null until the sender has the peer's SYN (RFC
 * 9293: no IRS in SYN-SENT, and SND.WND comes from the SYN,ACK). A
 * sender in CLOSED or LISTEN has no connection: no "vars" at all (what
 * was recorded belongs to an earlier connection). */
static void
build_vars (JsonBuilder               *builder,
            SeqackTrace               *trace,
            guint                      index,
            SeqackSide                 sender,
            const SeqackFormatOptions *options)
{
  SeqackTcpVars vars;
  guint32 own = 0, peer = 0;
  gboolean timers, peer_known;
  /* With more hosts, the sender's own state and variables, not its
   * side's (another client's), counted from its own ISNs. */
  gboolean more = seqack_trace_has_more_hosts (trace);
  guint host = more ? seqack_trace_get_event_host (trace, index) : sender;
  SeqackTcpState state = more ? seqack_trace_get_host_state (trace, index,
                                                             host)
                              : seqack_trace_get_state (trace, index,
                                                        sender);

  /* The variables of the connection that sent it, not of another its
   * host changed since (a SYN cookie SYN,ACK has none). */
  if (state == SEQACK_TCP_CLOSED || state == SEQACK_TCP_LISTEN ||
      !seqack_trace_get_event_vars (trace, index, &vars))
    return;
  peer_known = seqack_trace_state_knows_peer (state);
  if (!options->absolute && more)
    seqack_trace_get_var_bases (trace, index, sender, &vars, &own, &peer);
  else if (!options->absolute)
    {
      seqack_trace_get_base (trace, index, sender, &own);
      seqack_trace_get_base (trace, index, SEQACK_OTHER_SIDE (sender), &peer);
    }
  timers = vars.rto != 0;

  json_builder_set_member_name (builder, "vars");
  json_builder_begin_object (builder);
  add_int (builder, "snd_una", (guint32) (vars.snd_una - own));
  add_int (builder, "snd_nxt", (guint32) (vars.snd_nxt - own));
  add_int_or_null (builder, "snd_wnd", peer_known, vars.snd_wnd);
  add_int_or_null (builder, "rcv_nxt", peer_known,
                   (guint32) (vars.rcv_nxt - peer));
  add_int (builder, "rcv_wnd", vars.rcv_wnd);
  add_time_or_null (builder, "srtt", timers && vars.srtt != SEQACK_TCP_NO_RTT,
                    vars.srtt);
  add_time_or_null (builder, "rttvar",
                    timers && vars.rttvar != SEQACK_TCP_NO_RTT, vars.rttvar);
  add_time_or_null (builder, "rto", timers, vars.rto);
  add_bytes_or_null (builder, "cwnd", timers, vars.cwnd);
  add_bytes_or_null (builder, "ssthresh", timers, vars.ssthresh);
  /* RFC 5681's FlightSize, known from the numbers in a capture too. */
  add_int (builder, "flight", vars.snd_nxt - vars.snd_una);
  json_builder_end_object (builder);
}

static void
build_segment (JsonBuilder               *builder,
               SeqackTrace               *trace,
               guint                      index,
               const SeqackEvent         *event,
               const SeqackFormatOptions *options)
{
  /* Wireshark's display order, not the header's bit order. */
  static const struct { guint8 bit; const char *name; } flag_names[] = {
    { SEQACK_TCP_SYN, "SYN" }, { SEQACK_TCP_FIN, "FIN" },
    { SEQACK_TCP_RST, "RST" }, { SEQACK_TCP_PSH, "PSH" },
    { SEQACK_TCP_ACK, "ACK" }, { SEQACK_TCP_URG, "URG" },
    { SEQACK_TCP_ECE, "ECE" }, { SEQACK_TCP_CWR, "CWR" },
  };
  guint16 sport, dport;

  add_time (builder, event, options);
  add_string (builder, "event", "segment");
  add_string (builder, "src",
              seqack_host_name (seqack_trace_get_event_host (trace, index)));
  add_string (builder, "dst",
              seqack_host_name (seqack_trace_get_segment_receiver (trace,
                                                                   index)));
  /* A host's connections differ by their ports (a client reconnecting
   * while its old connection waits in TIME-WAIT gets a new one). */
  if (seqack_trace_get_ports (trace, index, &sport, &dport))
    {
      add_int (builder, "sport", sport);
      add_int (builder, "dport", dport);
    }
  add_string (builder, "fate", seqack_fate_name ((SeqackFate) event->fate));

  json_builder_set_member_name (builder, "flags");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (flag_names); i++)
    if (event->flags & flag_names[i].bit)
      json_builder_add_string_value (builder, flag_names[i].name);
  json_builder_end_array (builder);

  if (options->absolute)
    {
      add_int (builder, "seq", event->seq);
      add_int (builder, "ack", event->ack);
    }
  else
    {
      add_int (builder, "seq", seqack_trace_relative_seq (trace, index));
      add_int (builder, "ack", seqack_trace_relative_ack (trace, index));
    }
  add_int (builder, "len", event->number);
  add_int (builder, "seq_abs", event->seq);
  add_int (builder, "ack_abs", event->ack);
  add_int (builder, "win", event->window);
  add_string (builder, "checksum",
              seqack_checksum_state_name (seqack_trace_get_checksum (trace,
                                                                     index)));
  if (event->fate != SEQACK_FATE_CAPTURED)
    add_seconds (builder, "t_arrive", event->t2 - options->t_zero);
  if (event->marks & SEQACK_MARK_RETRANSMISSION)
    add_true (builder, "retransmission");
  if (event->marks & SEQACK_MARK_STALE)
    add_true (builder, "stale");
  if (event->marks & SEQACK_MARK_TRUNCATED)
    add_true (builder, "truncated");
  if (event->edge & SEQACK_WHY_WINDOW_PROBE)
    add_true (builder, "window_probe");
  if (event->edge & SEQACK_WHY_WINDOW_UPDATE)
    add_true (builder, "window_update");
  if (event->edge & SEQACK_WHY_DUP_ACK)
    add_true (builder, "dup_ack");
  if (event->edge & SEQACK_WHY_FAST_RETRANSMISSION)
    add_true (builder, "fast_retransmission");
  if (event->edge & SEQACK_WHY_SYN_COOKIE)
    add_true (builder, "syn_cookie");
  if (event->marks & SEQACK_MARK_QUEUE_DROP)
    add_true (builder, "queue_drop");
  build_vars (builder, trace, index, (SeqackSide) event->side, options);
}

static gboolean
action_has_value (SeqackAction action)
{
  switch (action)
    {
    case SEQACK_ACTION_DELAY_NEXT:
    case SEQACK_ACTION_SET_LOSS:
    case SEQACK_ACTION_SET_LATENCY:
    case SEQACK_ACTION_SET_MSL:
    case SEQACK_ACTION_SEND_BYTES:
    case SEQACK_ACTION_READ:
    case SEQACK_ACTION_SET_RCVBUF:
    case SEQACK_ACTION_SET_MSS:
    case SEQACK_ACTION_SET_IW10:
    case SEQACK_ACTION_SET_NAGLE:
    case SEQACK_ACTION_SELECT:
    case SEQACK_ACTION_ACCEPT:
    case SEQACK_ACTION_SET_SYNCOOKIES:
    case SEQACK_ACTION_FLOOD:
      return TRUE;
    default:
      return FALSE;
    }
}

/* A data event's bytes are shown as "text" when they are few and
 * printable (no control characters but newlines and tabs; bytes that are
 * not UTF-8 show as U+FFFD); a bulk transfer's 1,460-byte segments are
 * only counted. */
#define SHORT_TEXT 100

static gboolean
data_is_short_text (SeqackTrace       *trace,
                    guint              index,
                    const SeqackEvent *event)
{
  gsize len = 0;
  const guint8 *bytes = seqack_trace_get_data (trace, index, &len);

  if (event->number > SHORT_TEXT || len != event->number)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if ((bytes[i] < 0x20 && bytes[i] != '\n' && bytes[i] != '\t' &&
         bytes[i] != '\r') || bytes[i] == 0x7f)
      return FALSE;
  return TRUE;
}

/* "local" and "remote" of the socket the event is about, when it names
 * one; a listener's remote is "*:*". */
static void
add_socket (JsonBuilder *builder,
            SeqackTrace *trace,
            guint        index,
            guint        host)
{
  SeqackSocketKey key;
  SeqackEndpoint local, remote;
  char buf[64];

  if (!seqack_trace_get_socket (trace, index, &key))
    return;
  seqack_trace_socket_endpoints (trace, host, &key, &local, &remote);
  add_string (builder, "local", seqack_endpoint_to_string (&local, buf));
  add_string (builder, "remote",
              remote.family != 0 ? seqack_endpoint_to_string (&remote, buf)
                                 : "*:*");
}

void
seqack_trace_format_json (SeqackTrace               *trace,
                          guint                      index,
                          const SeqackFormatOptions *options,
                          GString                   *out)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;
  const SeqackEvent *event;
  guint host;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (out != NULL);
  g_return_if_fail (index < seqack_trace_get_n_events (trace));

  if (options == NULL)
    options = &default_options;
  event = seqack_trace_get_event (trace, index);
  host = seqack_trace_get_event_host (trace, index);

  builder = json_builder_new ();
  json_builder_begin_object (builder);

  switch ((SeqackEventKind) event->kind)
    {
    case SEQACK_EVENT_SEGMENT:
      build_segment (builder, trace, index, event, options);
      break;

    case SEQACK_EVENT_STATE:
      add_time (builder, event, options);
      add_string (builder, "event", "state");
      add_string (builder, "host", seqack_host_name (host));
      add_socket (builder, trace, index, host);
      add_string (builder, "from",
                  seqack_tcp_state_name ((SeqackTcpState) event->from));
      add_string (builder, "to",
                  seqack_tcp_state_name ((SeqackTcpState) event->to));
      if (event->marks & SEQACK_MARK_INFERRED)
        add_true (builder, "inferred");
      break;

    case SEQACK_EVENT_ACTION:
      add_string (builder, "event", "action");
      add_time (builder, event, options);
      add_string (builder, "host", seqack_host_name (host));
      add_socket (builder, trace, index, host);
      add_string (builder, "action",
                  seqack_action_name ((SeqackAction) event->from));
      if (seqack_trace_get_data (trace, index, NULL) != NULL)
        {
          g_autofree char *text = event_text_utf8 (trace, index);

          add_string (builder, "text", text);
        }
      if (action_has_value ((SeqackAction) event->from))
        add_int (builder, "value", event->number);
      if (event->from == SEQACK_ACTION_CONNECT && event->number == 1)
        add_true (builder, "new_port");
      if (event->from == SEQACK_ACTION_LISTEN && event->number > 0)
        add_int (builder, "backlog", event->number);
      break;

    case SEQACK_EVENT_TIMER:
      add_string (builder, "event", "timer");
      add_string (builder, "host", seqack_host_name (host));
      add_socket (builder, trace, index, host);
      add_string (builder, "timer",
                  seqack_tcp_timer_name ((SeqackTcpTimer) event->from));
      add_string (builder, "action",
                  seqack_timer_action_name ((SeqackTimerAction) event->to));
      add_time (builder, event, options);
      add_seconds (builder, "deadline", event->t2 - options->t_zero);
      break;

    case SEQACK_EVENT_DATA:
      {
        g_autofree char *text = event_text_utf8 (trace, index);

        add_string (builder, "event", "data");
        add_time (builder, event, options);
        add_string (builder, "host", seqack_host_name (host));
        add_socket (builder, trace, index, host);
        add_int (builder, "bytes", event->number);
        if (data_is_short_text (trace, index, event))
          add_string (builder, "text", text);
      }
      break;

    case SEQACK_EVENT_ERROR:
      {
        g_autofree char *text = event_text_utf8 (trace, index);

        add_string (builder, "event", "error");
        add_time (builder, event, options);
        add_string (builder, "host", seqack_host_name (host));
        add_socket (builder, trace, index, host);
        add_string (builder, "message", text);
      }
      break;

    case SEQACK_EVENT_QUEUE:
      add_string (builder, "event", "queue");
      add_time (builder, event, options);
      add_string (builder, "host", seqack_host_name (host));
      add_socket (builder, trace, index, host);
      add_int (builder, "syn_queue", event->number);
      add_int (builder, "accept_queue", event->window);
      add_int (builder, "backlog", event->t2);
      break;

    default:
      add_time (builder, event, options);
      add_string (builder, "event", "unknown");
      break;
    }

  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);
  append_clean_numbers (out, json);
}

/* Text ladder */

/* The lanes of a ladder with added hosts (see LANE_STEP). */
typedef struct
{
  guint n;                      /* client-side lanes */
  guint hosts[SEQACK_N_HOSTS];  /* lane → host, in ladder order */
  gsize cols[SEQACK_N_HOSTS];   /* lane → its lifeline's column */
  gsize arrow_col;              /* where the arrows' shared part starts */
  gsize arrow_width;
  gsize server_col;
} Lanes;

/* FALSE for a trace without added hosts: the two-host ladder. */
static gboolean
get_lanes (SeqackTrace *trace,
           Lanes       *lanes)
{
  gssize room;

  if (!seqack_trace_has_more_hosts (trace))
    return FALSE;

  lanes->n = 0;
  /* The host numbers' order is the ladder's, the server apart. */
  for (guint h = 0; h < SEQACK_N_HOSTS; h++)
    if (h != SEQACK_SERVER && seqack_trace_has_host (trace, h))
      {
        lanes->hosts[lanes->n] = h;
        lanes->cols[lanes->n] = CLIENT_COL + (gsize) lanes->n * LANE_STEP;
        lanes->n++;
      }
  lanes->arrow_col = lanes->cols[lanes->n - 1] + 1;
  room = (gssize) LADDER_NARROW - (STATE_WIDTH + 1) - (gssize) lanes->arrow_col;
  lanes->arrow_width = CLAMP (room, LANE_ARROW_MIN, ARROW_WIDTH);
  if (lanes->arrow_col + lanes->arrow_width + 1 + STATE_WIDTH > LADDER_WIDE)
    lanes->arrow_width = LADDER_WIDE - (STATE_WIDTH + 1) - lanes->arrow_col;
  lanes->server_col = lanes->arrow_col + lanes->arrow_width + 1;
  return TRUE;
}

/* @host's lane, or G_MAXUINT for the server. */
static guint
lane_of (const Lanes *lanes,
         guint        host)
{
  for (guint j = 0; j < lanes->n; j++)
    if (lanes->hosts[j] == host)
      return j;
  return G_MAXUINT;
}

/* The lifelines of lanes [@first, @end) that stand after what the line
 * holds (a blank between) and before column @limit (a blank before). */
static void
append_lifelines (GString     *out,
                  gsize        line_start,
                  const Lanes *lanes,
                  guint        first,
                  guint        end,
                  gsize        limit)
{
  for (guint j = first; j < end; j++)
    if (lanes->cols[j] > line_width (out, line_start) &&
        lanes->cols[j] + 1 < limit)
      {
        pad_to (out, line_start, lanes->cols[j]);
        g_string_append (out, LIFELINE);
      }
}

/* The server's title, "server 192.0.2.2:80": the port of the first
 * segment, since a lab client that connects from a new port never uses
 * the one it was given. */
static char *
endpoint_title (SeqackTrace *trace,
                SeqackSide   side,
                guint        first_segment)
{
  SeqackEndpoint at;
  char buf[64];

  seqack_trace_get_endpoint_at (trace, side, first_segment + 1, &at);
  if (at.family != 0)
    return g_strdup_printf ("%s %s", side_label (side),
                            seqack_endpoint_to_string (&at, buf));
  return g_strdup (side_label (side));
}

void
seqack_trace_format_text_header (SeqackTrace *trace,
                                 GString     *out)
{
  Lanes lanes;
  g_autofree char *left = NULL;
  g_autofree char *right = NULL;
  guint first_segment = 0;
  gsize start;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (out != NULL);

  while (first_segment < seqack_trace_get_n_events (trace) &&
         seqack_trace_get_event (trace, first_segment)->kind !=
           SEQACK_EVENT_SEGMENT)
    first_segment++;

  if (get_lanes (trace, &lanes))
    {
      /* Each host's name over its lifeline; the connection lines under
       * it say who talks from which port. */
      start = out->len + time_shift (trace);
      append_repeat (out, " ", time_shift (trace));
      for (guint j = 0; j < lanes.n; j++)
        {
          pad_to (out, start, lanes.cols[j]);
          if (j > 0 && line_width (out, start) > lanes.cols[j])
            g_string_append_c (out, ' ');
          g_string_append (out, seqack_host_label (lanes.hosts[j]));
        }
      right = endpoint_title (trace, SEQACK_SERVER, first_segment);
      if (line_width (out, start) + 1 + display_width (right) <
          lanes.server_col + STATE_WIDTH)
        pad_to (out, start,
                lanes.server_col + STATE_WIDTH - display_width (right));
      else
        g_string_append_c (out, ' ');
      g_string_append (out, right);
      end_line (out, start);
      return;
    }

  left = endpoint_title (trace, SEQACK_CLIENT, first_segment);
  right = endpoint_title (trace, SEQACK_SERVER, first_segment);

  start = out->len;
  /* Microsecond times push the columns right (see begin_line()). */
  append_repeat (out, " ", time_shift (trace));
  start += time_shift (trace);
  pad_to (out, start, CLIENT_COL);
  g_string_append (out, left);
  /* The server's title ends where the server's state column ends. */
  if (line_width (out, start) + 1 + display_width (right) < LINE_WIDTH)
    pad_to (out, start, LINE_WIDTH - display_width (right));
  else
    g_string_append_c (out, ' ');
  g_string_append (out, right);
  end_line (out, start);
}

static void
append_state_column (GString     *out,
                     gsize        line_start,
                     gsize        column,
                     SeqackTrace *trace,
                     guint        index,
                     SeqackSide   side)
{
  pad_to (out, line_start, column);
  g_string_append (out,
                   seqack_tcp_state_name (seqack_trace_get_state (trace,
                                                                  index,
                                                                  side)));
}

/* The arrow, exactly @width columns when the label fits: two dashes
 * either side of the label, or one when that is what it takes to fit.
 * @lead columns more before it reach a lifeline further left (added
 * hosts): the tail "├" of a segment from there, or the head of one to
 * there; a lost segment from the server does not reach it. */
static void
append_arrow (GString    *out,
              const char *label,
              SeqackSide  sender,
              gboolean    lost,
              gsize       width,
              gsize       lead)
{
  gsize label_width = display_width (label);
  gsize dashes = label_width + 5 <= width ? 2 : 1;
  gsize body = label_width + 2 * dashes + 1;

  /* A lost segment stops mid-wire; a delivered one crosses it. */
  body = MAX (body, lost ? width / 2 : width);

  if (sender == SEQACK_CLIENT)
    {
      /* ──label────▶  or  ──label──✕ */
      if (lead > 0)
        {
          g_string_append (out, ARROW_TAIL);
          append_repeat (out, ARROW_LINE, lead - 1);
        }
      append_repeat (out, ARROW_LINE, dashes);
      g_string_append (out, label);
      append_repeat (out, ARROW_LINE, body - label_width - dashes - 1);
      g_string_append (out, lost ? ARROW_LOST : ARROW_RIGHT);
      if (body < width)
        append_repeat (out, " ", width - body);
    }
  else
    {
      /* ◀──label────  or  ✕──label──, from the right edge */
      const char *head = lost ? ARROW_LOST : ARROW_LEFT;

      if (lead > 0 && !lost)
        {
          g_string_append (out, ARROW_LEFT);
          append_repeat (out, ARROW_LINE, lead - 1);
          head = ARROW_LINE;
        }
      if (body < width)
        append_repeat (out, " ", width - body);
      g_string_append (out, head);
      append_repeat (out, ARROW_LINE, dashes);
      g_string_append (out, label);
      append_repeat (out, ARROW_LINE, body - label_width - dashes - 1);
    }
}

/* Where a note of @host starts: off its lifeline with added hosts (the
 * server's in the middle), else in the middle of the ladder. */
static gsize
note_col (const Lanes *lanes,
          guint        host)
{
  guint lane;

  if (lanes == NULL)
    return NOTE_COL;
  lane = lane_of (lanes, host);
  return lane != G_MAXUINT ? lanes->cols[lane] + 2 : lanes->arrow_col + 2;
}

/* @text at column @col plus what the line starts with: with added
 * hosts, the lifelines left of it. A note that would run past a
 * 120-column terminal from a lane on the right moves left to end there
 * (it names its host), or starts off the first lifeline when it is
 * longer than that. */
static void
append_note_text (GString     *out,
                  gsize        start,
                  const Lanes *lanes,
                  gsize        col,
                  const char  *text)
{
  if (lanes != NULL)
    {
      gsize right = MAX (LADDER_WIDE, lanes->server_col + STATE_WIDTH);
      gsize text_width = display_width (text);

      if (col + text_width > right)
        col = MAX (right > text_width ? right - text_width : 0,
                   lanes->cols[0] + 2);
      append_lifelines (out, start, lanes, 0, lanes->n, col);
    }
  pad_to (out, start, col);
  g_string_append (out, text);
  end_line (out, start);
}

/* A note line of @host: time, then @text in the middle of the ladder, or
 * off @host's lifeline. */
static void
append_note (GString                   *out,
             SeqackTrace               *trace,
             const SeqackEvent         *event,
             const SeqackFormatOptions *options,
             guint                      host,
             const char                *text)
{
  Lanes lanes;
  const Lanes *l = get_lanes (trace, &lanes) ? &lanes : NULL;
  gsize start = begin_line (out, trace, event, options);

  append_note_text (out, start, l, note_col (l, host), text);
}

/* The client-side host of segment @index: its sender or its receiver. */
static guint
segment_client_host (SeqackTrace       *trace,
                     guint              index,
                     const SeqackEvent *event)
{
  return event->side == SEQACK_CLIENT
           ? seqack_trace_get_event_host (trace, index)
           : seqack_trace_get_segment_receiver (trace, index);
}

/* A segment's connection: its two ends, the client lifeline's first. */
typedef struct
{
  SeqackEndpoint ends[2];   /* by SeqackSide */
} Connection;

static gboolean
segment_connection (SeqackTrace *trace,
                    guint        index,
                    Connection  *out)
{
  const SeqackEvent *event = seqack_trace_get_event (trace, index);
  SeqackSide sender = (SeqackSide) event->side;
  SeqackEndpoint *src = &out->ends[sender];
  SeqackEndpoint *dst = &out->ends[SEQACK_OTHER_SIDE (sender)];
  const guint8 *ip;
  gsize len;

  /* The ports without a checksum, the addresses from the header the
   * ports were decoded behind: every switch looks back over segments. */
  memset (out, 0, sizeof *out);
  if (!seqack_trace_get_ports (trace, index, &src->port, &dst->port))
    return FALSE;
  ip = seqack_trace_get_data (trace, index, &len);
  if (len >= 20 && ip[0] >> 4 == 4)
    {
      src->family = dst->family = 4;
      memcpy (src->addr, ip + 12, 4);
      memcpy (dst->addr, ip + 16, 4);
    }
  else if (len >= 40 && ip[0] >> 4 == 6)
    {
      src->family = dst->family = 6;
      memcpy (src->addr, ip + 8, 16);
      memcpy (dst->addr, ip + 24, 16);
    }
  else
    return FALSE;
  return TRUE;
}

/* The last segment before @index that decoded, or G_MAXUINT. */
static guint
previous_segment (SeqackTrace *trace,
                  guint        index,
                  Connection  *out)
{
  for (guint i = index; i-- > 0;)
    if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT &&
        segment_connection (trace, i, out))
      return i;
  return G_MAXUINT;
}

/* The last segment before @index to or from client-side host @host that
 * decoded, or G_MAXUINT. */
static guint
previous_host_segment (SeqackTrace *trace,
                       guint        index,
                       guint        host,
                       Connection  *out)
{
  for (guint i = index; i-- > 0;)
    {
      const SeqackEvent *event = seqack_trace_get_event (trace, i);

      if (event->kind == SEQACK_EVENT_SEGMENT &&
          segment_client_host (trace, i, event) == host &&
          segment_connection (trace, i, out))
        return i;
    }
  return G_MAXUINT;
}

/* The header names the first connection's ends. Where the ladder turns
 * to another connection (another 4-tuple than the segment before) a line
 * names it: "a new connection: client A:p ⇄ server B:q" at a
 * connection's first SYN (or its first segment, when its SYN was not
 * seen), "back to client A:p ⇄ server B:q" when segments of one seen
 * before come again after another's. One rule for every trace: a lab
 * client connecting again from a new port, a server with two clients,
 * a capture's flows between two hosts drawn together (where either end's
 * port may change). "client" and "server" name the lifelines. With
 * added hosts, each host's lane tells its segments from the others', so
 * the ladder turns only where a host turns to another of its own
 * connections, and names every connection where it starts, the first
 * too (the header has no room for ports). */
static void
new_port_note (SeqackTrace               *trace,
               guint                      index,
               const SeqackEvent         *event,
               const SeqackFormatOptions *options,
               GString                   *out)
{
  Connection now, before;
  g_autofree char *text = NULL;
  gboolean seen = FALSE;
  char a[64], b[64];
  guint prev, host;

  if (!segment_connection (trace, index, &now))
    return;
  host = segment_client_host (trace, index, event);
  if (seqack_trace_has_more_hosts (trace))
    {
      prev = previous_host_segment (trace, index, host, &before);
      if (prev != G_MAXUINT && memcmp (&now, &before, sizeof now) == 0)
        return;
    }
  else
    {
      prev = previous_segment (trace, index, &before);
      /* The first segment: the header names its connection. */
      if (prev == G_MAXUINT || memcmp (&now, &before, sizeof now) == 0)
        return;
    }

  /* A connection's first SYN starts it; else it was seen before, unless
   * its SYN was not captured. */
  if (!((event->flags & (SEQACK_TCP_SYN | SEQACK_TCP_ACK)) == SEQACK_TCP_SYN
        && !(event->marks & SEQACK_MARK_RETRANSMISSION)))
    {
      Connection earlier;

      for (guint i = prev; !seen && i != G_MAXUINT;
           i = previous_segment (trace, i, &earlier))
        seen = i != prev && memcmp (&now, &earlier, sizeof now) == 0;
    }

  seqack_endpoint_to_string (&now.ends[SEQACK_CLIENT], a);
  seqack_endpoint_to_string (&now.ends[SEQACK_SERVER], b);
  if (seqack_trace_has_more_hosts (trace) && seen)
    /* TRANSLATORS: a line in the text ladder with several client hosts,
     * where segments of an earlier connection come again after
     * another's: "back to client-2 192.0.2.3:52720 ⇄ server
     * 192.0.2.2:80"; the first %s is the host's name */
    text = g_strdup_printf (_("back to %s %s ⇄ server %s"),
                            seqack_host_label (host), a, b);
  else if (seqack_trace_has_more_hosts (trace))
    /* TRANSLATORS: a line in the text ladder with several client hosts,
     * where a connection starts: "a new connection: client-2
     * 192.0.2.3:52720 ⇄ server 192.0.2.2:80"; the first %s is the
     * host's name */
    text = g_strdup_printf (_("a new connection: %s %s ⇄ server %s"),
                            seqack_host_label (host), a, b);
  else if (seen)
    /* TRANSLATORS: a line in the text ladder where segments of an
     * earlier connection come again after another's: "back to client
     * 192.0.2.1:52720 ⇄ server 192.0.2.2:80" */
    text = g_strdup_printf (_("back to client %s ⇄ server %s"), a, b);
  else
    /* TRANSLATORS: a line in the text ladder where a connection starts:
     * "a new connection: client 192.0.2.1:52720 ⇄ server 192.0.2.2:80" */
    text = g_strdup_printf (_("a new connection: client %s ⇄ server %s"),
                            a, b);
  append_note (out, trace, event, options, host, text);
}

/* Whether segment @index advertises another window than its sender's
 * segment before it did: the ladder writes the window only then, where
 * the sliding window moved, and on every closed one (a ladder whose
 * window never moves reads as before). */
static gboolean
window_changed (SeqackTrace       *trace,
                guint              index,
                const SeqackEvent *event)
{
  /* With added hosts, the server's window to client-2 is not compared
   * with its window to the flood. */
  gboolean hosts = seqack_trace_has_more_hosts (trace);
  guint peer = hosts ? segment_client_host (trace, index, event) : 0;

  for (guint i = index; i-- > 0;)
    {
      const SeqackEvent *p = seqack_trace_get_event (trace, i);

      if (p->kind == SEQACK_EVENT_SEGMENT && p->side == event->side &&
          (!hosts || segment_client_host (trace, i, p) == peer))
        return p->window != event->window;
    }
  return FALSE;
}

/* The ladder's mark: the diagram's, with the duplicate ACKs counted as
 * the diagram's badges count them (RFC 5681 §3.2: the third one in a row
 * triggers the fast retransmission). */
static char *
ladder_mark (SeqackTrace *trace,
             guint        index)
{
  guint n = seqack_explain_dup_acks_before (trace, index);
  const char *mark;

  if (n > 0)
    /* TRANSLATORS: in the text ladder, after a fast retransmission's
     * label; %u is the number of duplicate ACKs that caused it */
    return g_strdup_printf (_("(fast retransmission: %u duplicate ACKs)"), n);
  n = seqack_explain_dup_ack_count (trace, index);
  if (n > 0)
    /* TRANSLATORS: in the text ladder: the second duplicate ACK in a row
     * is "(duplicate ACK 2)" */
    return g_strdup_printf (_("(duplicate ACK %u)"), n);
  mark = seqack_trace_format_segment_mark (trace, index);
  return g_strdup (mark);
}

static void
format_segment (SeqackTrace               *trace,
                guint                      index,
                const SeqackEvent         *event,
                const SeqackFormatOptions *options,
                GString                   *out)
{
  g_autoptr(GString) label = g_string_new (NULL);
  g_autofree char *tag = NULL;
  gboolean tag_on_own_line = FALSE;
  Lanes lanes;
  gboolean has_lanes = get_lanes (trace, &lanes);
  gsize arrow_width = has_lanes ? lanes.arrow_width : ARROW_WIDTH;
  gsize start;

  new_port_note (trace, index, event, options, out);
  seqack_trace_format_segment_label (trace, index, options->absolute, label);
  if ((event->flags & SEQACK_TCP_ACK)
      && (event->window == 0 || window_changed (trace, index, event)))
    g_string_append_printf (label, " Win=%u", event->window);
  tag = ladder_mark (trace, index);

  if (tag != NULL)
    {
      /* Inside the arrow when it fits, else on a line of its own so the
       * server's column stays put. */
      if (display_width (label->str) + 1 + display_width (tag) + 3
          <= arrow_width)
        g_string_append_printf (label, " %s", tag);
      else
        tag_on_own_line = TRUE;
    }

  start = begin_line (out, trace, event, options);
  if (has_lanes)
    {
      /* From the client-side host's lifeline, over the lanes right of
       * it, to the server's column; a lost one from the server stops
       * before any. */
      gboolean lost = event->fate == SEQACK_FATE_LOST;
      guint lane = lane_of (&lanes, segment_client_host (trace, index,
                                                         event));
      gsize lead = 0;

      if (lane == G_MAXUINT)
        lane = 0;
      if (event->side == SEQACK_SERVER && lost)
        append_lifelines (out, start, &lanes, 0, lanes.n,
                          lanes.arrow_col + 1);
      else
        {
          append_lifelines (out, start, &lanes, 0, lane, lanes.cols[lane]);
          lead = lanes.arrow_col - lanes.cols[lane];
        }
      pad_to (out, start, lanes.arrow_col - lead);
      append_arrow (out, label->str, (SeqackSide) event->side, lost,
                    lanes.arrow_width, lead);
      g_string_append_c (out, ' ');
      append_state_column (out, start, lanes.server_col, trace, index,
                           SEQACK_SERVER);
    }
  else
    {
      append_state_column (out, start, CLIENT_COL, trace, index,
                           SEQACK_CLIENT);
      pad_to (out, start, ARROW_COL);
      append_arrow (out, label->str, (SeqackSide) event->side,
                    event->fate == SEQACK_FATE_LOST, ARROW_WIDTH, 0);
      g_string_append_c (out, ' ');
      append_state_column (out, start, SERVER_COL, trace, index,
                           SEQACK_SERVER);
    }
  end_line (out, start);

  if (tag_on_own_line)
    append_note (out, trace, event, options,
                 segment_client_host (trace, index, event), tag);
}

static void
format_state (SeqackTrace               *trace,
              guint                      index,
              const SeqackEvent         *event,
              const SeqackFormatOptions *options,
              GString                   *out)
{
  SeqackSide side = (SeqackSide) event->side;
  g_autoptr(GString) change = g_string_new (NULL);
  gsize start = begin_line (out, trace, event, options);
  Lanes lanes;

  /* The new state in its column, and what changed in the middle, on the
   * side of the endpoint that changed. */
  g_string_append_printf (change, "%s → %s",
                          seqack_tcp_state_name ((SeqackTcpState)
                                                 event->from),
                          seqack_tcp_state_name ((SeqackTcpState)
                                                 event->to));
  if (event->marks & SEQACK_MARK_INFERRED)
    g_string_append_printf (change, " %s", _("(inferred from packets)"));

  if (get_lanes (trace, &lanes))
    {
      guint lane = lane_of (&lanes, seqack_trace_get_event_host (trace,
                                                                 index));

      if (lane != G_MAXUINT)
        {
          /* At the host's lifeline: its state reads at the end. */
          append_lifelines (out, start, &lanes, 0, lane, lanes.cols[lane]);
          pad_to (out, start, lanes.cols[lane]);
          g_string_append (out, change->str);
          append_lifelines (out, start, &lanes, lane + 1, lanes.n,
                            G_MAXSIZE);
        }
      else
        {
          gsize change_width = display_width (change->str);
          gsize col = lanes.server_col >= CLIENT_COL + change_width + 2
                        ? lanes.server_col - 2 - change_width : CLIENT_COL;

          append_lifelines (out, start, &lanes, 0, lanes.n, col);
          pad_to (out, start, col);
          g_string_append (out, change->str);
          g_string_append_c (out, ' ');
          append_state_column (out, start, lanes.server_col, trace, index,
                               SEQACK_SERVER);
        }
    }
  else if (side == SEQACK_CLIENT)
    {
      append_state_column (out, start, CLIENT_COL, trace, index, side);
      pad_to (out, start, NOTE_COL);
      g_string_append (out, change->str);
    }
  else
    {
      gsize change_width = display_width (change->str);

      if (NOTE_COL + change_width + 2 <= SERVER_COL)
        pad_to (out, start, SERVER_COL - 2 - change_width);
      else
        pad_to (out, start, NOTE_COL);
      g_string_append (out, change->str);
      g_string_append_c (out, ' ');
      append_state_column (out, start, SERVER_COL, trace, index, side);
    }
  end_line (out, start);
}

/* "1.5" for 1500 with @unit 1000: a number in larger units without
 * trailing zeros, without floating point. */
static char *
scaled (guint64 value,
        guint32 unit)
{
  GString *s = g_string_new (NULL);
  guint32 rest = (guint32) (value % unit);

  g_string_append_printf (s, "%" G_GUINT64_FORMAT, value / unit);
  if (rest != 0)
    {
      guint digits = 0;
      char frac[16];

      for (guint32 u = unit; u > 1; u /= 10)
        digits++;
      g_snprintf (frac, sizeof frac, "%0*u", (int) digits, rest);
      for (gsize n = strlen (frac); n > 0 && frac[n - 1] == '0'; n--)
        frac[n - 1] = '\0';
      g_string_append_printf (s, ".%s", frac);
    }
  return g_string_free (s, FALSE);
}

static const char *
timer_label (SeqackTcpTimer timer)
{
  switch (timer)
    {
    case SEQACK_TCP_TIMER_RETRANSMIT:
      return _("retransmission timer");
    case SEQACK_TCP_TIMER_TIME_WAIT:
      return _("TIME-WAIT timer");
    case SEQACK_TCP_TIMER_FIN_WAIT_2:
      return _("FIN-WAIT-2 timer");
    case SEQACK_TCP_TIMER_DELAYED_ACK:
      return _("delayed-ACK timer");
    case SEQACK_TCP_TIMER_PERSIST:
      return _("persist timer");
    default:
      return _("timer");
    }
}

static char *
timer_note (SeqackTrace               *trace,
            guint                      index,
            const SeqackEvent         *event,
            const SeqackFormatOptions *options)
{
  SeqackTcpTimer timer = (SeqackTcpTimer) event->from;
  const char *side = event_label (trace, index);
  const char *name = timer_label (timer);
  g_autofree char *deadline = seconds (trace, event->t2 - options->t_zero);
  g_autofree char *note = NULL;

  switch ((SeqackTimerAction) event->to)
    {
    case SEQACK_TIMER_SET:
      /* TRANSLATORS: "client: TIME-WAIT timer set, expires at 60.371 s" */
      note = g_strdup_printf (_("%s: %s set, expires at %s s"),
                              side, name, deadline);
      break;
    case SEQACK_TIMER_FIRED:
      /* TRANSLATORS: "client: retransmission timer fired" */
      note = g_strdup_printf (_("%s: %s fired"), side, name);
      break;
    case SEQACK_TIMER_CANCELLED:
    default:
      /* TRANSLATORS: "client: retransmission timer cancelled" */
      note = g_strdup_printf (_("%s: %s cancelled"), side, name);
      break;
    }

  /* RFC 9293 §3.10.7.4: TIME-WAIT lasts twice the MSL. */
  if (timer == SEQACK_TCP_TIMER_TIME_WAIT)
    return g_strdup_printf ("%s %s", note, _("(2MSL)"));
  return g_steal_pointer (&note);
}

char *
seqack_trace_format_short_seconds (guint32 us)
{
  return scaled (((guint64) us + 500) / 1000, 1000);
}

static char *
secs (guint32 us)
{
  return seqack_trace_format_short_seconds (us);
}

char *
seqack_trace_format_rto_rule (const SeqackTcpVars *v)
{
  g_autofree char *rto = secs (v->rto);
  g_autofree char *srtt = NULL, *rttvar = NULL, *sum = NULL, *half = NULL;

  if (v->srtt != SEQACK_TCP_NO_RTT)
    {
      srtt = secs (v->srtt);
      rttvar = secs (v->rttvar);
      sum = secs (v->srtt + 4 * v->rttvar);
    }
  half = secs (v->rto / 2);

  switch ((SeqackRtoRule) v->rto_rule)
    {
    case SEQACK_RTO_INITIAL:
      /* TRANSLATORS: RFC 6298 (2.1); "%s" is seconds, "1" */
      return g_strdup_printf (_("RTO %s s: no round trip measured yet "
                                "(RFC 6298 2.1)"), rto);
    case SEQACK_RTO_ESTIMATE:
      if (srtt == NULL)
        break;
      /* TRANSLATORS: RFC 6298 (2.3): "RTO 3.6 s = SRTT 1.2 + 4 × RTTVAR
       * 0.6" */
      return g_strdup_printf (_("RTO %s s = SRTT %s + 4 × RTTVAR %s"),
                              rto, srtt, rttvar);
    case SEQACK_RTO_MINIMUM:
      if (srtt == NULL)
        break;
      /* TRANSLATORS: RFC 6298 (2.4): "RTO 1 s: SRTT 0.04 + 4 × RTTVAR
       * 0.02 = 0.12, raised to the 1 s minimum" */
      return g_strdup_printf (_("RTO %s s: SRTT %s + 4 × RTTVAR %s = %s, "
                                "raised to the 1 s minimum (RFC 6298 2.4)"),
                              rto, srtt, rttvar, sum);
    case SEQACK_RTO_LINUX_MINIMUM:
      if (srtt == NULL)
        break;
      /* TRANSLATORS: Linux's TCP_RTO_MIN: "RTO 0.24 s = SRTT 0.04 +
       * 200 ms (Linux's minimum; 4 × RTTVAR 0.02 is less)" */
      return g_strdup_printf (_("RTO %s s = SRTT %s + 200 ms (Linux's "
                                "minimum; 4 × RTTVAR %s is less)"),
                              rto, srtt, rttvar);
    case SEQACK_RTO_BACKOFF:
      /* TRANSLATORS: RFC 6298 (5.5): "RTO 4 s = 2 × 2 s, backed off after
       * timeout 2" */
      return g_strdup_printf (_("RTO %s s = 2 × %s s, backed off after "
                                "timeout %u (RFC 6298 5.5)"),
                              rto, half, v->backoff);
    case SEQACK_RTO_MAXIMUM:
      /* TRANSLATORS: RFC 6298 (2.5): "RTO 120 s: the ceiling" */
      return g_strdup_printf (_("RTO %s s: the ceiling (RFC 6298 2.5, "
                                "Linux TCP_RTO_MAX)"), rto);
    case SEQACK_RTO_AFTER_SYN_LOSS:
      /* TRANSLATORS: RFC 6298 (5.7) */
      return g_strdup_printf (_("RTO %s s: the handshake was resent, so no "
                                "round trip was measured (RFC 6298 5.7)"),
                              rto);
    case SEQACK_N_RTO_RULES:
    default:
      break;
    }
  return g_strdup_printf ("RTO %s s", rto);
}

/* The rule behind a timer being set, for a line under its note; NULL when
 * the note says it all. */
static char *
timer_rule_note (SeqackTrace       *trace,
                 guint              index,
                 const SeqackEvent *event)
{
  SeqackSide side = (SeqackSide) event->side;
  SeqackTcpVars vars;
  g_autofree char *rto = NULL;

  if ((SeqackTimerAction) event->to != SEQACK_TIMER_SET)
    return NULL;

  switch ((SeqackTcpTimer) event->from)
    {
    case SEQACK_TCP_TIMER_RETRANSMIT:
      if (!seqack_trace_get_vars (trace, index, side, &vars) ||
          vars.rto == 0)
        return NULL;
      rto = seqack_trace_format_rto_rule (&vars);
      /* The SYN's give-up rule, once, when its timer first starts. */
      if (vars.backoff > 0)
        return g_steal_pointer (&rto);
      switch (seqack_trace_get_state (trace, index, side))
        {
        case SEQACK_TCP_SYN_SENT:
          /* TRANSLATORS: "RTO 1 s: ...; SYN: Linux ..." */
          return g_strdup_printf (_("%s; Linux resends a SYN 6 times "
                                    "(tcp_syn_retries), giving up at 127 s: "
                                    "sooner than the 3 minutes of RFC 9293 "
                                    "§3.8.3"), rto);
        case SEQACK_TCP_SYN_RECEIVED:
          /* TRANSLATORS: "RTO 1 s: ...; SYN,ACK: Linux ..." */
          return g_strdup_printf (_("%s; Linux resends a SYN,ACK 5 times "
                                    "(tcp_synack_retries), giving up at "
                                    "63 s"), rto);
        default:
          return g_steal_pointer (&rto);
        }

    case SEQACK_TCP_TIMER_FIN_WAIT_2:
      return g_strdup (_("the application quit: Linux's tcp_fin_timeout "
                         "(RFC 9293 waits for ever)"));

    case SEQACK_TCP_TIMER_PERSIST:
      return g_strdup (_("zero window: a probe of one byte will ask for "
                         "the window (RFC 9293 §3.8.6.1)"));

    case SEQACK_TCP_TIMER_TIME_WAIT:
    case SEQACK_TCP_TIMER_DELAYED_ACK:
    case SEQACK_TCP_N_TIMERS:
    default:
      return NULL;
    }
}

static char *
action_note (SeqackTrace       *trace,
             guint              index,
             const SeqackEvent *event)
{
  const char *side = event_label (trace, index);

  switch ((SeqackAction) event->from)
    {
    case SEQACK_ACTION_LISTEN:
      if (event->number > 0)
        /* TRANSLATORS: "server: listen, backlog 2" (passive open; the
         * SYN queue and the accept queue hold 2) */
        return g_strdup_printf (_("%s: listen, backlog %u"), side,
                                event->number);
      /* TRANSLATORS: "server: listen" (passive open) */
      return g_strdup_printf (_("%s: listen"), side);
    case SEQACK_ACTION_ACCEPT_OFF:
      /* TRANSLATORS: "server: the app stops accepting: new connections
       * wait in the accept queue" */
      return g_strdup_printf (_("%s: the app stops accepting: new "
                                "connections wait in the accept queue"),
                              side);
    case SEQACK_ACTION_ACCEPT_ON:
      /* TRANSLATORS: "server: the app accepts connections as they come" */
      return g_strdup_printf (_("%s: the app accepts connections as they "
                                "come"), side);
    case SEQACK_ACTION_ACCEPT:
      /* TRANSLATORS: "server: the app accepts 1 connection" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s: the app accepts %u "
                                           "connection",
                                           "%s: the app accepts %u "
                                           "connections",
                                           event->number),
                              side, event->number);
    case SEQACK_ACTION_SET_SYNCOOKIES:
      return g_strdup (event->number == 0
                       ? _("SYN cookies off: a full SYN queue drops new "
                           "SYNs (tcp_syncookies=0)")
                       : event->number == 1
                       ? _("SYN cookies on when the SYN queue is full "
                           "(tcp_syncookies=1, Linux's default)")
                       : _("SYN cookies always: every SYN is answered "
                           "with a cookie (tcp_syncookies=2)"));
    case SEQACK_ACTION_ADD_CLIENT:
      {
        SeqackEndpoint ep;

        seqack_trace_get_host_endpoint (trace,
                                        seqack_trace_get_event_host (trace,
                                                                     index),
                                        &ep);
        /* TRANSLATORS: "client-2 joins the wire at 192.0.2.3" */
        return g_strdup_printf (_("%s joins the wire at %u.%u.%u.%u"), side,
                                ep.addr[0], ep.addr[1], ep.addr[2],
                                ep.addr[3]);
      }
    case SEQACK_ACTION_FLOOD:
      if (event->number == 0)
        /* TRANSLATORS: "flood: stops sending SYNs" */
        return g_strdup_printf (_("%s: stops sending SYNs"), side);
      /* TRANSLATORS: "flood: sends 100 SYNs a second from spoofed
       * addresses in 198.51.100.0/24 and never answers" */
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s: sends %u SYN a second "
                                           "from spoofed addresses in "
                                           "198.51.100.0/24 and never "
                                           "answers",
                                           "%s: sends %u SYNs a second "
                                           "from spoofed addresses in "
                                           "198.51.100.0/24 and never "
                                           "answers",
                                           event->number),
                              side, event->number);
    case SEQACK_ACTION_CONNECT:
      if (event->number == 1)
        /* TRANSLATORS: "client: connect from a new port" (a new socket,
         * whose ephemeral port connect() picks) */
        return g_strdup_printf (_("%s: connect from a new port"), side);
      /* TRANSLATORS: "client: connect" (active open) */
      return g_strdup_printf (_("%s: connect"), side);
    case SEQACK_ACTION_SEND:
      {
        g_autoptr(GString) quoted = g_string_new (NULL);
        gsize len = 0;
        const guint8 *bytes = seqack_trace_get_data (trace, index, &len);

        append_quoted (quoted, bytes, len);
        /* TRANSLATORS: "client: send "hello"" */
        return g_strdup_printf (_("%s: send %s"), side, quoted->str);
      }
    case SEQACK_ACTION_CLOSE:
      /* TRANSLATORS: "client: close" */
      return g_strdup_printf (_("%s: close"), side);
    case SEQACK_ACTION_QUIT:
      /* TRANSLATORS: "client: quit the app (close(), then exit)" */
      return g_strdup_printf (_("%s: quit the app (close(), then exit)"),
                              side);
    case SEQACK_ACTION_ABORT:
      /* TRANSLATORS: "client: abort" (sends RST) */
      return g_strdup_printf (_("%s: abort"), side);
    case SEQACK_ACTION_DROP_NEXT:
      /* TRANSLATORS: "wire: drop the next segment from client" */
      return g_strdup_printf (_("wire: drop the next segment from %s"), side);
    case SEQACK_ACTION_DELAY_NEXT:
      {
        g_autofree char *ms = scaled (event->number, 1000);

        /* TRANSLATORS: "wire: delay the next segment from client by
         * 100 ms" */
        return g_strdup_printf (_("wire: delay the next segment from %s by "
                                  "%s ms"), side, ms);
      }
    case SEQACK_ACTION_STALE_SYN:
      /* TRANSLATORS: "wire: an old duplicate SYN from client" */
      return g_strdup_printf (_("wire: an old duplicate SYN from %s"), side);
    case SEQACK_ACTION_SET_LOSS:
      {
        g_autofree char *percent = scaled (event->number, 10000);

        /* TRANSLATORS: "wire: loss rate 10 %" */
        return g_strdup_printf (_("wire: loss rate %s %%"), percent);
      }
    case SEQACK_ACTION_SET_LATENCY:
      {
        g_autofree char *ms = scaled (event->number, 1000);

        /* TRANSLATORS: "wire: latency 20 ms" */
        return g_strdup_printf (_("wire: latency %s ms"), ms);
      }
    case SEQACK_ACTION_SET_MSL:
      {
        g_autofree char *msl = scaled (event->number, 1000000);
        g_autofree char *twice = NULL;

        twice = scaled ((guint64) event->number * 2, 1000000);
        /* TRANSLATORS: "MSL set to 30 s (TIME-WAIT lasts 2MSL = 60 s)" */
        return g_strdup_printf (_("MSL set to %s s (TIME-WAIT lasts "
                                  "2MSL = %s s)"), msl, twice);
      }
    case SEQACK_ACTION_SKIP_WAIT:
      return g_strdup (_("skip wait: the clock jumps to the next timer"));
    case SEQACK_ACTION_SEND_BYTES:
      /* TRANSLATORS: "client: send 20000 bytes" */
      return g_strdup_printf (_("%s: send %u bytes"), side, event->number);
    case SEQACK_ACTION_READ_OFF:
      /* TRANSLATORS: "server: the app stops reading" */
      return g_strdup_printf (_("%s: the app stops reading"), side);
    case SEQACK_ACTION_READ_ON:
      /* TRANSLATORS: "server: the app reads as data arrives" */
      return g_strdup_printf (_("%s: the app reads as data arrives"), side);
    case SEQACK_ACTION_READ:
      /* TRANSLATORS: "server: the app reads 1000 bytes" */
      return g_strdup_printf (_("%s: the app reads %u bytes"), side,
                              event->number);
    case SEQACK_ACTION_SET_RCVBUF:
      /* TRANSLATORS: "receive buffers set to 2000 bytes" */
      return g_strdup_printf (_("receive buffers set to %u bytes"),
                              event->number);
    case SEQACK_ACTION_SET_MSS:
      /* TRANSLATORS: "MSS set to 536 bytes" */
      return g_strdup_printf (_("MSS set to %u bytes"), event->number);
    case SEQACK_ACTION_SET_IW10:
      return g_strdup (event->number
                       ? _("initial window: 10 segments (RFC 6928, as "
                           "Linux)")
                       : _("initial window: RFC 3390 (3 segments at MSS "
                           "1460)"));
    case SEQACK_ACTION_SET_NAGLE:
      return g_strdup (event->number
                       ? _("Nagle's algorithm on: a short segment waits "
                           "while data is unacknowledged (RFC 9293 §3.7.4)")
                       : _("Nagle's algorithm off"));
    case SEQACK_ACTION_SELECT:
      {
        SeqackSocketKey key;
        SeqackEndpoint local, remote;
        char peer[64];

        if (event->number == 0)
          /* TRANSLATORS: "server: its calls go to the listener" */
          return g_strdup_printf (_("%s: its calls go to the listener"),
                                  side);
        if (!seqack_trace_get_socket (trace, index, &key))
          /* TRANSLATORS: "server: its calls go to connection 2" */
          return g_strdup_printf (_("%s: its calls go to connection %u"),
                                  side, event->number);
        seqack_trace_socket_endpoints (trace,
                                       seqack_trace_get_event_host (trace,
                                                                    index),
                                       &key, &local, &remote);
        /* TRANSLATORS: "server: its calls go to connection 2, port 80
         * with 192.0.2.1:36624" */
        return g_strdup_printf (_("%s: its calls go to connection %u, port "
                                  "%u with %s"), side, event->number,
                                local.port,
                                seqack_endpoint_to_string (&remote, peer));
      }
    default:
      return g_strdup_printf ("%s: %s", side,
                              seqack_action_name ((SeqackAction)
                                                  event->from));
    }
}

void
seqack_trace_format_text (SeqackTrace               *trace,
                          guint                      index,
                          const SeqackFormatOptions *options,
                          GString                   *out)
{
  const SeqackEvent *event;
  g_autofree char *note = NULL;
  guint host;

  g_return_if_fail (trace != NULL);
  g_return_if_fail (out != NULL);
  g_return_if_fail (index < seqack_trace_get_n_events (trace));

  if (options == NULL)
    options = &default_options;
  event = seqack_trace_get_event (trace, index);
  host = seqack_trace_get_event_host (trace, index);

  switch ((SeqackEventKind) event->kind)
    {
    case SEQACK_EVENT_SEGMENT:
      format_segment (trace, index, event, options, out);
      return;

    case SEQACK_EVENT_STATE:
      format_state (trace, index, event, options, out);
      return;

    case SEQACK_EVENT_TIMER:
      {
        g_autofree char *rule = timer_rule_note (trace, index, event);

        note = timer_note (trace, index, event, options);
        if (rule != NULL)
          {
            Lanes lanes;
            const Lanes *l = get_lanes (trace, &lanes) ? &lanes : NULL;
            gsize start;

            append_note (out, trace, event, options, host, note);
            /* The rule on a line of its own, under the note, no time. */
            start = out->len;
            if (l != NULL)
              {
                /* Lifelines count from after the time, as in
                 * begin_line(). */
                append_repeat (out, " ", time_shift (trace));
                start += time_shift (trace);
              }
            append_note_text (out, start, l, note_col (l, host) + 2, rule);
            return;
          }
      }
      break;

    case SEQACK_EVENT_ACTION:
      note = action_note (trace, index, event);
      break;

    case SEQACK_EVENT_DATA:
      {
        g_autoptr(GString) quoted = g_string_new (NULL);
        gsize len = 0;
        const guint8 *bytes = seqack_trace_get_data (trace, index, &len);

        append_quoted (quoted, bytes, len);
        /* TRANSLATORS: "server received "hello"" */
        note = g_strdup_printf (_("%s received %s"),
                                event_label (trace, index),
                                quoted->str);
      }
      break;

    case SEQACK_EVENT_ERROR:
      /* TRANSLATORS: "client: error: connection reset" */
      note = g_strdup_printf (_("%s: error: %s"),
                              event_label (trace, index),
                              seqack_trace_get_text (trace, index));
      break;

    default:
      return;
    }

  append_note (out, trace, event, options, host, note);
}

/* What the capture says of a segment */

const char *
seqack_trace_format_checksum (SeqackChecksumState state)
{
  switch (state)
    {
    case SEQACK_CHECKSUM_GOOD:
      return _("verified");
    case SEQACK_CHECKSUM_BAD:
      return _("wrong");
    case SEQACK_CHECKSUM_NOT_CAPTURED:
    case SEQACK_CHECKSUM_UNFINISHED:
    default:
      return _("not verified");
    }
}

const char *
seqack_trace_format_checksum_why (SeqackChecksumState state)
{
  switch (state)
    {
    case SEQACK_CHECKSUM_BAD:
      return _("The TCP checksum is wrong: the packet was damaged, and its "
               "receiver drops it");
    case SEQACK_CHECKSUM_NOT_CAPTURED:
      return _("The checksum covers the payload, which was not captured: it "
               "cannot be checked");
    case SEQACK_CHECKSUM_UNFINISHED:
      return _("Linux leaves this checksum to the network card (checksum "
               "offload); captured on the sender it is not final");
    case SEQACK_CHECKSUM_GOOD:
    default:
      return NULL;
    }
}

char *
seqack_trace_format_capture_notes (SeqackTrace        *trace,
                                   const SeqackPacket *packet)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (trace != NULL, NULL);
  g_return_val_if_fail (packet != NULL, NULL);

  if (packet->options_cut)
    g_ptr_array_add (lines,
                     g_strdup (_("options cut off by the snapshot length")));
  if (packet->truncated && packet->tcp.payload_len > packet->payload_captured)
    {
      guint32 snaplen = seqack_trace_get_snapshot_length (trace);

      if (snaplen > 0)
        /* TRANSLATORS: "payload not captured (snapshot length 96)" */
        g_ptr_array_add (lines, g_strdup_printf (_("payload not captured "
                                                   "(snapshot length %u)"),
                                                 snaplen));
      else
        g_ptr_array_add (lines, g_strdup (_("payload not captured")));
    }
  if (packet->length_from_capture)
    g_ptr_array_add (lines,
                     g_strdup (_("length 0 in the header: segmentation "
                                 "offload (TSO/GSO), length taken from the "
                                 "capture")));
  if (lines->len == 0)
    return NULL;
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}
