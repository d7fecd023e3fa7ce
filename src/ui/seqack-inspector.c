/* seqack-inspector.c: one event of the Trace, taken apart.
 *
 * Every number here is decoded from the event's raw bytes by the wire
 * layer or read from the Trace; nothing is recomputed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "seqack-explain.h"
#include "seqack-inspector.h"
#include "seqack-inspector-layout.h"
#include "seqack-packet-fields.h"
#include "seqack-packet.h"
#include "seqack-trace-format.h"
#include "seqack-trace-sockets.h"

/* Eight bytes a row, so the dump fits beside the fields under the
 * diagram of a 1024 px projector without scrolling sideways; four where
 * the inspector is narrower than such a row (beside the lessons). */
#define HEX_PER_ROW_WIDE   8
#define HEX_PER_ROW_NARROW 4
#define HEX_PREFIX         6   /* "0000  " */
/* The printable column of a dump of @n bytes a row. */
#define HEX_ASCII_COL(n)   ((int) (HEX_PREFIX + 3 * (n) + 1))

typedef struct
{
  char  *name;
  char  *value;
  gsize  offset;
  gsize  len;
} Field;

struct _SeqackInspector
{
  GtkWidget      parent_instance;

  GtkWidget     *fields_scroller;
  GtkListBox    *fields_list;
  GtkLabel      *title_label;
  GtkFlowBox    *flags_box;
  GtkLabel      *explain_label;
  GtkLabel      *options_label;
  GtkLabel      *payload_label;
  GtkWidget     *vars_scroller;
  GtkGrid       *vars_grid;
  GtkGrid       *vars_grid_narrow;
  GtkWidget     *hex_scroller;
  GtkTextView   *hex_view;
  GtkWidget     *summary_box;

  GtkTextTag    *highlight_tag;
  GtkWidget     *flag_buttons[8];
  GArray        *fields;      /* Field */
  char          *vars_text;   /* the grid as text, rows by lines */
  gboolean       vars_concealed;
  gsize          packet_len;
  guint8        *packet;      /* the dump's bytes, to lay it out again */
  guint          hex_per_row; /* HEX_PER_ROW_WIDE or _NARROW */
  guint          event;
  int            highlighted; /* field index, or -1 */
};

static void write_hex (SeqackInspector *self);

G_DEFINE_FINAL_TYPE (SeqackInspector, seqack_inspector, GTK_TYPE_WIDGET)

/* Header byte 13, most significant bit first, as Wireshark lists them. */
static const struct
{
  guint8      bit;
  const char *name;
} flag_bits[8] = {
  { SEQACK_TCP_CWR, "CWR" }, { SEQACK_TCP_ECE, "ECE" },
  { SEQACK_TCP_URG, "URG" }, { SEQACK_TCP_ACK, "ACK" },
  { SEQACK_TCP_PSH, "PSH" }, { SEQACK_TCP_RST, "RST" },
  { SEQACK_TCP_SYN, "SYN" }, { SEQACK_TCP_FIN, "FIN" },
};

static void
field_clear (gpointer data)
{
  Field *field = data;

  g_free (field->name);
  g_free (field->value);
}

static void
add_field (SeqackInspector *self,
           const char      *name,
           gsize            offset,
           gsize            len,
           char            *value)
{
  Field field = { g_strdup (name), value, offset, len };
  GtkWidget *row, *box, *name_label, *value_label;

  g_array_append_val (self->fields, field);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  name_label = gtk_label_new (name);
  gtk_label_set_xalign (GTK_LABEL (name_label), 0);
  gtk_widget_add_css_class (name_label, "dim-label");
  gtk_widget_set_hexpand (name_label, TRUE);
  /* A narrow inspector (beside the lessons) wraps the names rather than
   * push the values past its edge. */
  gtk_label_set_wrap (GTK_LABEL (name_label), TRUE);
  value_label = gtk_label_new (value);
  gtk_label_set_xalign (GTK_LABEL (value_label), 1);
  gtk_label_set_wrap (GTK_LABEL (value_label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (value_label), 28);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_widget_add_css_class (value_label, "numeric");
  gtk_box_append (GTK_BOX (box), name_label);
  gtk_box_append (GTK_BOX (box), value_label);

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, value,
                                  -1);
  gtk_list_box_append (self->fields_list, row);
}

static void
clear_fields (SeqackInspector *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->fields_list))))
    gtk_list_box_remove (self->fields_list, child);
  g_array_set_size (self->fields, 0);
  self->highlighted = -1;
}

/* The buffer position of the hex digits (@ascii FALSE) or the printable
 * character (@ascii TRUE) of byte @offset. */
static void
byte_iter (SeqackInspector *self,
           gsize            offset,
           gboolean         ascii,
           GtkTextIter     *iter)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->hex_view);
  guint n = self->hex_per_row;
  guint col = offset % n;

  if (ascii)
    col = HEX_ASCII_COL (n) + col;
  else
    col = HEX_PREFIX + col * 3;
  gtk_text_buffer_get_iter_at_line_offset (buffer, iter, offset / n, col);
}

static void
set_highlight (SeqackInspector *self,
               int              index)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->hex_view);
  GtkTextIter start, end;
  GtkListBoxRow *row;

  if (index == self->highlighted)
    return;

  if (self->highlighted >= 0)
    {
      row = gtk_list_box_get_row_at_index (self->fields_list,
                                           self->highlighted);
      if (row != NULL)
        gtk_widget_remove_css_class (GTK_WIDGET (row), "highlighted");
    }
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_remove_tag (buffer, self->highlight_tag, &start, &end);
  self->highlighted = index;

  if (index < 0 || (guint) index >= self->fields->len)
    {
      self->highlighted = -1;
      return;
    }

  row = gtk_list_box_get_row_at_index (self->fields_list, index);
  if (row != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (row), "highlighted");

  {
    const Field *field = &g_array_index (self->fields, Field, index);

    for (gsize i = field->offset;
         i < field->offset + field->len && i < self->packet_len; i++)
      {
        byte_iter (self, i, FALSE, &start);
        end = start;
        gtk_text_iter_forward_chars (&end, 2);
        gtk_text_buffer_apply_tag (buffer, self->highlight_tag, &start, &end);
        byte_iter (self, i, TRUE, &start);
        end = start;
        gtk_text_iter_forward_char (&end);
        gtk_text_buffer_apply_tag (buffer, self->highlight_tag, &start, &end);
      }
  }
}

/* The innermost field holding byte @offset. */
static int
field_at_byte (SeqackInspector *self,
               gsize            offset)
{
  int best = -1;

  for (guint i = 0; i < self->fields->len; i++)
    {
      const Field *field = &g_array_index (self->fields, Field, i);

      if (offset >= field->offset && offset < field->offset + field->len &&
          (best < 0 ||
           field->len < g_array_index (self->fields, Field, best).len))
        best = i;
    }

  return best;
}

static void
on_fields_motion (GtkEventControllerMotion *motion,
                  double                    x,
                  double                    y,
                  SeqackInspector          *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_y (self->fields_list, y);

  set_highlight (self, row != NULL ? gtk_list_box_row_get_index (row) : -1);
}

static void
on_motion_leave (GtkEventControllerMotion *motion,
                 SeqackInspector          *self)
{
  set_highlight (self, -1);
}

/* Which byte the printable text at (@line, @col) of the dump shows. */
static gboolean
byte_at_position (guint  n,
                  int    line,
                  int    col,
                  gsize *offset)
{
  int i;

  if (col >= HEX_ASCII_COL (n) && col < HEX_ASCII_COL (n) + (int) n)
    i = col - HEX_ASCII_COL (n);
  else if (col >= HEX_PREFIX && col < HEX_PREFIX + 3 * (int) n)
    i = (col - HEX_PREFIX) / 3;
  else
    return FALSE;

  *offset = (gsize) line * n + i;
  return TRUE;
}

static void
on_hex_motion (GtkEventControllerMotion *motion,
               double                    x,
               double                    y,
               SeqackInspector          *self)
{
  GtkTextIter iter;
  int bx, by;
  gsize offset;

  gtk_text_view_window_to_buffer_coords (self->hex_view,
                                         GTK_TEXT_WINDOW_WIDGET,
                                         x, y, &bx, &by);
  if (!gtk_text_view_get_iter_at_location (self->hex_view, &iter, bx, by) ||
      !byte_at_position (self->hex_per_row, gtk_text_iter_get_line (&iter),
                         gtk_text_iter_get_line_offset (&iter), &offset) ||
      offset >= self->packet_len)
    {
      set_highlight (self, -1);
      return;
    }

  set_highlight (self, field_at_byte (self, offset));
}

static void
seqack_inspector_dispose (GObject *object)
{
  SeqackInspector *self = SEQACK_INSPECTOR (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), SEQACK_TYPE_INSPECTOR);
  /* Unnamed template children too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  g_clear_pointer (&self->fields, g_array_unref);
  g_clear_pointer (&self->vars_text, g_free);
  g_clear_pointer (&self->packet, g_free);

  G_OBJECT_CLASS (seqack_inspector_parent_class)->dispose (object);
}

/* A text view knows its width only once it has laid its lines out, after
 * its first allocation: the width of a full row of the dump, in its
 * font, is known at once. */
static int
hex_row_width (SeqackInspector *self,
               guint            n)
{
  GtkTextView *view = self->hex_view;
  g_autoptr(GString) row = g_string_new ("0000  ");
  g_autoptr(PangoLayout) layout = NULL;
  int width;

  for (guint i = 0; i < n; i++)
    g_string_append (row, "00 ");
  g_string_append_c (row, ' ');
  for (guint i = 0; i < n; i++)
    g_string_append_c (row, '.');
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (view), row->str);
  pango_layout_get_pixel_size (layout, &width, NULL);
  return width + gtk_text_view_get_left_margin (view)
         + gtk_text_view_get_right_margin (view) + 4;
}

static SeqackInspectorParts
parts_of (SeqackInspector *self)
{
  return (SeqackInspectorParts) { self->fields_scroller, self->summary_box,
                                  self->hex_scroller,
                                  hex_row_width (self, HEX_PER_ROW_WIDE) };
}

static void
seqack_inspector_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  SeqackInspectorParts parts = parts_of (SEQACK_INSPECTOR (widget));

  _seqack_inspector_layout_measure (&parts, orientation, for_size, minimum,
                                    natural);
  *minimum_baseline = *natural_baseline = -1;
}

static void
seqack_inspector_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  SeqackInspector *self = SEQACK_INSPECTOR (widget);
  SeqackInspectorParts parts = parts_of (self);
  guint n;

  _seqack_inspector_layout_allocate (&parts, width, height);
  /* Four bytes a row where eight would be cut off: the dump is laid out
   * again for the width it got. */
  n = gtk_widget_get_width (self->hex_scroller) >= parts.hex_width
      ? HEX_PER_ROW_WIDE : HEX_PER_ROW_NARROW;
  if (n != self->hex_per_row)
    {
      self->hex_per_row = n;
      write_hex (self);
    }
}

static void
seqack_inspector_class_init (SeqackInspectorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = seqack_inspector_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_PATH
                                               "/seqack-inspector.ui");
  gtk_widget_class_bind_template_child (widget_class, SeqackInspector,
                                        fields_scroller);
  gtk_widget_class_bind_template_child (widget_class, SeqackInspector,
                                        fields_list);
  gtk_widget_class_bind_template_child (widget_class, SeqackInspector,
                                        title_label);
  gtk_widget_class_bind_template_child (widget_class, SeqackInspector,
                                        flags_box);
  gtk_widget_class_bind_template_child (widget_class, SeqackInspector,
                                        explain_label);
  gtk_widget_class_bind_template_child (widget_class, SeqackInspector,
                                        options_label);
  gtk_widget_class_bind_template_child (widget_class, SeqackInspector,
                                        payload_label);
  gtk_widget_class_bind_template_child (widget_class, SeqackInspector,
                                        vars_scroller);
  gtk_widget_class_bind_template_child (widget_class, SeqackInspector,
                                        vars_grid);
  gtk_widget_class_bind_template_child (widget_class, SeqackInspector,
                                        vars_grid_narrow);
  gtk_widget_class_bind_template_child (widget_class, SeqackInspector,
                                        hex_scroller);
  gtk_widget_class_bind_template_child (widget_class, SeqackInspector,
                                        hex_view);
  gtk_widget_class_bind_template_child (widget_class, SeqackInspector,
                                        summary_box);
  widget_class->measure = seqack_inspector_measure;
  widget_class->size_allocate = seqack_inspector_size_allocate;

  gtk_widget_class_set_css_name (widget_class, "inspector");
  gtk_widget_class_set_accessible_role (widget_class,
                                        GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
seqack_inspector_init (SeqackInspector *self)
{
  GtkEventController *motion;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->fields = g_array_new (FALSE, TRUE, sizeof (Field));
  g_array_set_clear_func (self->fields, field_clear);
  self->event = G_MAXUINT;
  self->highlighted = -1;
  self->hex_per_row = HEX_PER_ROW_WIDE;

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Inspector"),
                                  -1);

  for (guint i = 0; i < G_N_ELEMENTS (flag_bits); i++)
    {
      GtkWidget *toggle = gtk_toggle_button_new_with_label (flag_bits[i].name);

      /* The flags are facts of the segment, shown, not edited. */
      gtk_widget_set_sensitive (toggle, FALSE);
      gtk_widget_add_css_class (toggle, "flag");
      /* As wide as its name: a wide inspector does not stretch them. */
      gtk_widget_set_halign (toggle, GTK_ALIGN_START);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      flag_bits[i].name,
                                      -1);
      gtk_flow_box_append (self->flags_box, toggle);
      /* The flow box's cell is layout, not a stop for the keyboard. */
      gtk_widget_set_focusable (gtk_widget_get_parent (toggle), FALSE);
      self->flag_buttons[i] = toggle;
    }

  self->highlight_tag =
    gtk_text_buffer_create_tag (gtk_text_view_get_buffer (self->hex_view),
                                "field", "background", "#3584e4",
                                "foreground", "#ffffff", NULL);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_fields_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_motion_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self->fields_list), motion);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_hex_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_motion_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self->hex_view), motion);

  seqack_inspector_show (self, NULL, SEQACK_NO_EVENT, FALSE, FALSE);
}

/* The dump of the bytes set_hex() keeps, @hex_per_row bytes a row. */
static void
write_hex (SeqackInspector *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  const guint8 *data = self->packet;
  gsize len = self->packet_len;
  guint n = self->hex_per_row;

  for (gsize line = 0; line * n < len; line++)
    {
      g_string_append_printf (out, "%04zx  ", line * n);
      for (guint i = 0; i < n; i++)
        {
          gsize at = line * n + i;

          if (at < len)
            g_string_append_printf (out, "%02x ", data[at]);
          else
            g_string_append (out, "   ");
        }
      g_string_append_c (out, ' ');
      for (guint i = 0; i < n && line * n + i < len; i++)
        {
          guint8 b = data[line * n + i];

          g_string_append_c (out, b >= 0x20 && b < 0x7f ? (char) b : '.');
        }
      if ((line + 1) * n < len)
        g_string_append_c (out, '\n');
    }

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->hex_view),
                            out->str, out->len);
  /* The highlighted field's bytes moved with the rows. */
  if (self->highlighted >= 0)
    {
      int highlighted = self->highlighted;

      self->highlighted = -1;
      set_highlight (self, highlighted);
    }
}

static void
set_hex (SeqackInspector *self,
         const guint8    *data,
         gsize            len)
{
  g_clear_pointer (&self->packet, g_free);
  self->packet = len > 0 ? g_memdup2 (data, len) : NULL;
  self->packet_len = len;
  write_hex (self);
}

static char *
format_seconds (SeqackTrace *trace,
                gint64       usec)
{
  GString *out = g_string_new (NULL);

  seqack_trace_format_seconds (trace, usec, out);
  return g_string_free (out, FALSE);
}

static const char *
side_title (SeqackSide side)
{
  return side == SEQACK_CLIENT ? _("Client") : _("Server");
}

#define N_VAR_COLUMNS 8

/* The connection event @event is about, as @side has it: its host
 * and socket key (for the receiver, the other end's). FALSE when the
 * event names no connection (a listener, a capture without sockets'
 * variables): then the side's variables and state are read. */
static gboolean
event_side_socket (SeqackTrace     *trace,
                   guint            event,
                   SeqackSide       side,
                   guint           *host,
                   SeqackSocketKey *key)
{
  const SeqackEvent *ev = seqack_trace_get_event (trace, event);

  if (!seqack_trace_has_socket_vars (trace) ||
      !seqack_trace_get_socket (trace, event, key) ||
      seqack_socket_key_is_listener (key))
    return FALSE;
  if (ev->side == (guint8) side)
    {
      *host = seqack_trace_get_event_host (trace, event);
      return TRUE;
    }
  return seqack_trace_get_event_peer (trace, event, host, key);
}

/* The state of @host's connection @key after event @event: its last
 * state event's, CLOSED before it had one. A walk back over the events,
 * once per event inspected. */
static SeqackTcpState
socket_state (SeqackTrace           *trace,
              guint                  event,
              guint                  host,
              const SeqackSocketKey *key)
{
  for (guint j = event + 1; j-- > 0;)
    {
      const SeqackEvent *e = seqack_trace_get_event (trace, j);
      SeqackSocketKey other;

      if (e->kind == SEQACK_EVENT_STATE &&
          seqack_trace_get_event_host (trace, j) == host &&
          seqack_trace_get_socket (trace, j, &other) &&
          seqack_socket_key_equal (&other, key))
        return (SeqackTcpState) e->to;
    }
  return SEQACK_TCP_CLOSED;
}

/* One row of the variables table: @side's name and its variables after
 * @event, or "—" in every column when @side has no connection then (CLOSED
 * or LISTEN, as the endpoint panel says): the numbers recorded for an
 * earlier connection would be stale. */
static void
vars_row (SeqackTrace *trace,
          guint        event,
          SeqackSide   side,
          gboolean     absolute,
          gboolean     concealed,
          char        *row[N_VAR_COLUMNS])
{
  SeqackTcpVars vars;
  SeqackTcpState state;
  SeqackSocketKey key;
  guint32 own = 0, peer = 0;
  guint host;
  gboolean found;

  /* The segment's own connection's, not what another connection of the
   * side (the one its buttons act on) is in. */
  if (event_side_socket (trace, event, side, &host, &key))
    {
      state = socket_state (trace, event, host, &key);
      found = seqack_trace_get_socket_vars (trace, event, host, &key, &vars);
    }
  else
    {
      state = seqack_trace_get_state (trace, event, side);
      found = seqack_trace_get_vars (trace, event, side, &vars);
    }
  row[0] = g_strdup (side_title (side));
  if (state == SEQACK_TCP_CLOSED || state == SEQACK_TCP_LISTEN || !found)
    {
      for (guint i = 1; i < N_VAR_COLUMNS; i++)
        row[i] = g_strdup ("—");
      return;
    }
  if (!absolute)
    seqack_trace_get_var_bases (trace, event, side, &vars, &own, &peer);
  row[1] = g_strdup_printf ("%u", vars.snd_una - own);
  row[2] = g_strdup_printf ("%u", vars.snd_nxt - own);
  row[3] = g_strdup_printf ("%u", vars.rcv_nxt - peer);
  row[4] = g_strdup_printf ("%u", vars.iss - own);
  row[5] = g_strdup_printf ("%u", vars.irs - peer);
  for (guint i = 1; concealed && i <= 5; i++)
    {
      g_free (row[i]);
      row[i] = g_strdup ("?");
    }
  row[6] = g_strdup_printf ("%u", vars.snd_wnd);
  row[7] = g_strdup_printf ("%u", vars.rcv_wnd);
  /* No IRS before the peer's SYN (SYN-SENT): RCV.NXT, IRS and SND.WND
   * have no value yet. */
  if (!seqack_trace_state_knows_peer (state))
    {
      static const guint unknown[] = { 3, 5, 6 };

      for (guint i = 0; i < G_N_ELEMENTS (unknown); i++)
        {
          g_free (row[unknown[i]]);
          row[unknown[i]] = g_strdup ("—");
        }
    }
}

/* One cell of the variables' grid, at row @r and column @i of the wide
 * one: row 0 holds the headings, column 0 the sides; @left where it
 * starts a row of the grid it goes in. Never wrapped or cut: a number
 * split over two lines is a different number. */
static GtkWidget *
vars_cell (const char *text,
           guint       r,
           guint       i,
           gboolean    left)
{
  GtkWidget *cell = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (cell), FALSE);
  gtk_label_set_ellipsize (GTK_LABEL (cell), PANGO_ELLIPSIZE_NONE);
  gtk_label_set_xalign (GTK_LABEL (cell), left ? 0 : 1);
  gtk_label_set_selectable (GTK_LABEL (cell), r > 0 && i > 0);
  gtk_widget_add_css_class (cell, r == 0 || i == 0 ? "dim-label"
                                                   : "numeric");
  if (r == 0)
    gtk_widget_add_css_class (cell, "caption-heading");
  return cell;
}

/* Both endpoints' variables as a grid: a header row, then one row per
 * side; numbers right-aligned in tabular figures. Also kept as text (cells
 * joined by two spaces, rows by newlines) for tests and copying. */
static void
show_vars (SeqackInspector *self,
           SeqackTrace     *trace,
           guint            event,
           gboolean         absolute)
{
  static const char *const heads[N_VAR_COLUMNS] = {
    "", "SND.UNA", "SND.NXT", "RCV.NXT", "ISS", "IRS", "SND.WND", "RCV.WND",
  };
  char *rows[3][N_VAR_COLUMNS];
  g_autoptr(GString) text = g_string_new (NULL);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->vars_grid))))
    gtk_grid_remove (self->vars_grid, child);
  while ((child =
            gtk_widget_get_first_child (GTK_WIDGET (self->vars_grid_narrow))))
    gtk_grid_remove (self->vars_grid_narrow, child);
  g_clear_pointer (&self->vars_text, g_free);
  gtk_widget_set_visible (self->vars_scroller, trace != NULL);
  if (trace == NULL)
    return;

  for (guint i = 0; i < N_VAR_COLUMNS; i++)
    rows[0][i] = g_strdup (heads[i]);
  vars_row (trace, event, SEQACK_CLIENT, absolute, self->vars_concealed,
            rows[1]);
  vars_row (trace, event, SEQACK_SERVER, absolute, self->vars_concealed,
            rows[2]);

  for (guint r = 0; r < 3; r++)
    {
      for (guint i = 0; i < N_VAR_COLUMNS; i++)
        {
          /* The same cell in the wide grid, and transposed in the
           * narrow one. */
          gtk_grid_attach (self->vars_grid,
                           vars_cell (rows[r][i], r, i, i == 0), i, r, 1, 1);
          gtk_grid_attach (self->vars_grid_narrow,
                           vars_cell (rows[r][i], r, i, r == 0), r, i, 1, 1);

          if (i > 0)
            g_string_append (text, "  ");
          g_string_append (text, rows[r][i]);
          g_free (rows[r][i]);
        }
      if (r < 2)
        g_string_append_c (text, '\n');
    }
  self->vars_text = g_string_free (g_steal_pointer (&text), FALSE);
}

/* The options as one line. The parts are joined, not cut back: a
 * translated separator (the Chinese "，") is more than two bytes. */
static char *
describe_options (const SeqackTcpOptions *opts)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (opts->has_mss)
    g_ptr_array_add (parts, g_strdup_printf ("MSS %u", opts->mss));
  if (opts->has_wscale)
    g_ptr_array_add (parts, g_strdup_printf (_("window scale %u"),
                                             opts->wscale));
  if (opts->sack_permitted)
    g_ptr_array_add (parts, g_strdup (_("SACK permitted")));
  if (opts->has_timestamps)
    g_ptr_array_add (parts, g_strdup_printf (_("timestamps %u/%u"),
                                             opts->ts_val, opts->ts_ecr));
  for (guint i = 0; i < opts->n_sack && i < G_N_ELEMENTS (opts->sack); i++)
    g_ptr_array_add (parts, g_strdup_printf ("SACK %u-%u",
                                             opts->sack[i].left,
                                             opts->sack[i].right));
  if (opts->n_unknown > 0)
    g_ptr_array_add (parts, g_strdup_printf (_("%u unknown"),
                                             opts->n_unknown));
  if (parts->len == 0)
    return g_strdup (_("none"));
  g_ptr_array_add (parts, NULL);

  return g_strjoinv (C_("list separator", ", "), (char **) parts->pdata);
}

static char *
ipv6_to_string (const guint8 bytes[16])
{
  g_autoptr(GInetAddress) address =
    g_inet_address_new_from_bytes (bytes, G_SOCKET_FAMILY_IPV6);

  return g_inet_address_to_string (address);
}

/* What the list shows for field @id of @pkt. */
static char *
field_value (const SeqackPacket *pkt,
             SeqackFieldId       id,
             SeqackTrace        *trace,
             guint               event,
             gboolean            absolute)
{
  const SeqackIpv4Header *ip = &pkt->ip4;
  const SeqackTcpSegment *tcp = &pkt->tcp;
  char buf[48];

  switch (id)
    {
    case SEQACK_FIELD_IP_VERSION:
      return g_strdup_printf ("%u", pkt->family);
    case SEQACK_FIELD_IP_HEADER_LENGTH:
      return g_strdup_printf (_("%u bytes"), ip->ihl * 4u);
    case SEQACK_FIELD_IP_DSCP_ECN:
      return g_strdup_printf ("%u / %u", ip->dscp, ip->ecn);
    case SEQACK_FIELD_IP_TOTAL_LENGTH:
      return g_strdup_printf (_("%u bytes"), ip->total_length);
    case SEQACK_FIELD_IP_IDENTIFICATION:
      return g_strdup_printf ("0x%04x (%u)", ip->identification,
                              ip->identification);
    case SEQACK_FIELD_IP_FRAGMENT:
      return g_strdup_printf ("%s%s / %u",
                              ip->flags & SEQACK_IPV4_FLAG_DF ? "DF" : "",
                              ip->flags & SEQACK_IPV4_FLAG_MF ? " MF" : "",
                              ip->fragment_offset);
    case SEQACK_FIELD_IP_TTL:
      return g_strdup_printf ("%u", ip->ttl);
    case SEQACK_FIELD_IP_PROTOCOL:
      return g_strdup_printf ("%u (TCP)", ip->protocol);
    case SEQACK_FIELD_IP_CHECKSUM:
      return g_strdup_printf ("0x%04x (%s)", ip->checksum,
                              pkt->ip_checksum_ok ? _("correct")
                                                  : _("wrong"));
    case SEQACK_FIELD_IP_SOURCE:
      return pkt->family == 4 ? g_strdup (seqack_ipv4_to_string (ip->src, buf))
                              : ipv6_to_string (pkt->src6);
    case SEQACK_FIELD_IP_DESTINATION:
      return pkt->family == 4 ? g_strdup (seqack_ipv4_to_string (ip->dst, buf))
                              : ipv6_to_string (pkt->dst6);
    case SEQACK_FIELD_IP_OPTIONS:
      return g_strdup_printf (_("%u bytes"), ip->options_len);
    case SEQACK_FIELD_IP_HOP_LIMIT:
      return g_strdup_printf ("%u", pkt->hop_limit);
    case SEQACK_FIELD_TCP_SOURCE_PORT:
      return g_strdup_printf ("%u", tcp->src_port);
    case SEQACK_FIELD_TCP_DESTINATION_PORT:
      return g_strdup_printf ("%u", tcp->dst_port);
    case SEQACK_FIELD_TCP_SEQ:
      return absolute ? g_strdup_printf ("%u", tcp->seq)
                      : g_strdup_printf (_("%u (absolute %u)"),
                                         seqack_trace_relative_seq (trace,
                                                                    event),
                                         tcp->seq);
    case SEQACK_FIELD_TCP_ACK:
      return absolute || !(tcp->flags & SEQACK_TCP_ACK)
               ? g_strdup_printf ("%u", tcp->ack)
               : g_strdup_printf (_("%u (absolute %u)"),
                                  seqack_trace_relative_ack (trace, event),
                                  tcp->ack);
    case SEQACK_FIELD_TCP_DATA_OFFSET:
      return g_strdup_printf (_("%u bytes"), tcp->data_offset * 4u);
    case SEQACK_FIELD_TCP_FLAGS:
      return g_strdup_printf ("0x%02x %s", tcp->flags,
                              seqack_tcp_flags_to_string (tcp->flags, buf));
    case SEQACK_FIELD_TCP_WINDOW:
      return g_strdup_printf ("%u", tcp->window);
    case SEQACK_FIELD_TCP_CHECKSUM:
      return g_strdup_printf ("0x%04x (%s)", tcp->checksum,
                              seqack_trace_format_checksum (pkt->checksum));
    case SEQACK_FIELD_TCP_URGENT:
      return g_strdup_printf ("%u", tcp->urgent);
    case SEQACK_FIELD_TCP_OPTIONS:
      return describe_options (&tcp->options);
    case SEQACK_FIELD_TCP_PAYLOAD:
      return g_strdup_printf (_("%zu bytes"), tcp->payload_len);
    case SEQACK_N_FIELDS:
    default:
      return g_strdup ("");
    }
}

static void
show_packet (SeqackInspector *self,
             SeqackTrace     *trace,
             guint            event,
             gboolean         absolute)
{
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  gsize len;
  SeqackPacket pkt;
  SeqackPacketField fields[SEQACK_N_FIELDS];
  guint n_fields;

  data = seqack_trace_get_data (trace, event, &len);
  set_hex (self, data, len);

  if (!seqack_trace_decode_segment (trace, event, &pkt, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Cannot decode: %s"),
                                               error->message);

      gtk_label_set_label (self->options_label, text);
      return;
    }

  n_fields = seqack_packet_fields (&pkt, fields);
  for (guint i = 0; i < n_fields; i++)
    add_field (self, _(seqack_packet_field_name (fields[i].id)),
               fields[i].offset, fields[i].len,
               field_value (&pkt, fields[i].id, trace, event, absolute));

  {
    const SeqackTcpSegment *tcp = &pkt.tcp;
    g_autofree char *opts = describe_options (&tcp->options);

    for (guint i = 0; i < G_N_ELEMENTS (flag_bits); i++)
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->flag_buttons[i]),
                                    (tcp->flags & flag_bits[i].bit) != 0);

    {
      g_autofree char *text = g_strdup_printf (_("Options: %s"), opts);

      gtk_label_set_label (self->options_label, text);
    }

    {
      g_autofree char *notes = seqack_trace_format_capture_notes (trace, &pkt);
      const char *why = seqack_trace_format_checksum_why (pkt.checksum);
      g_autoptr(GString) text = g_string_new (NULL);

      /* Only the captured bytes of the payload are there to show. */
      if (pkt.payload_captured > 0)
        {
          g_autofree char *valid =
            g_utf8_make_valid ((const char *) tcp->payload,
                               pkt.payload_captured);

          g_string_printf (text, _("Payload: “%s”"), valid);
        }
      else if (tcp->payload_len == 0)
        g_string_assign (text, _("Payload: none"));
      if (notes != NULL)
        g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "",
                                notes);
      if (why != NULL)
        g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "",
                                why);
      gtk_label_set_label (self->payload_label, text->str);
    }
  }
}

static void
describe_event (SeqackInspector *self,
                SeqackTrace     *trace,
                guint            event)
{
  const SeqackEvent *ev = seqack_trace_get_event (trace, event);
  g_autofree char *t = format_seconds (trace, ev->t);
  g_autofree char *title = NULL;
  g_autofree char *what = NULL;

  switch (ev->kind)
    {
    case SEQACK_EVENT_STATE:
      {
        const SeqackTcpEdgeInfo *info = seqack_tcp_edge_info (ev->edge);

        what = g_strdup_printf ("%s → %s%s%s%s",
                                seqack_tcp_state_name (ev->from),
                                seqack_tcp_state_name (ev->to),
                                info != NULL ? " (" : "",
                                info != NULL ? _(info->label) : "",
                                info != NULL ? ")" : "");
      }
      break;
    case SEQACK_EVENT_TIMER:
      what = g_strdup_printf (_("timer %s %s"),
                              seqack_tcp_timer_name (ev->from),
                              seqack_timer_action_name (ev->to));
      break;
    case SEQACK_EVENT_ACTION:
      what = g_strdup_printf (_("action %s %s"),
                              seqack_action_name (ev->from),
                              seqack_trace_get_text (trace, event));
      break;
    case SEQACK_EVENT_DATA:
      what = g_strdup_printf (_("received “%s”"),
                              seqack_trace_get_text (trace, event));
      break;
    case SEQACK_EVENT_ERROR:
      what = g_strdup (seqack_trace_get_text (trace, event));
      break;
    default:
      what = g_strdup ("");
      break;
    }

  title = g_strdup_printf (_("Event %u · %s: %s · t = %s s"), event,
                           side_title (ev->side), what, t);
  gtk_label_set_label (self->title_label, title);
}

void
seqack_inspector_show (SeqackInspector      *self,
                       SeqackSequenceLayout *layout,
                       guint                 event,
                       gboolean              absolute,
                       gboolean              letters)
{
  SeqackTrace *trace;
  const SeqackEvent *ev;

  g_return_if_fail (SEQACK_IS_INSPECTOR (self));

  clear_fields (self);
  set_hex (self, NULL, 0);
  for (guint i = 0; i < G_N_ELEMENTS (flag_bits); i++)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->flag_buttons[i]),
                                  FALSE);
  gtk_label_set_label (self->options_label, "");
  gtk_label_set_label (self->payload_label, "");
  gtk_label_set_label (self->explain_label, "");
  self->event = event;

  trace = layout != NULL ? seqack_sequence_layout_get_trace (layout) : NULL;
  if (trace == NULL || event >= seqack_trace_get_n_events (trace))
    {
      self->event = SEQACK_NO_EVENT;
      gtk_label_set_label (self->title_label,
                           _("Step or click a segment to take it apart"));
      show_vars (self, NULL, 0, FALSE);
      return;
    }

  ev = seqack_trace_get_event (trace, event);
  if (ev->kind == SEQACK_EVENT_SEGMENT)
    {
      g_autofree char *t = format_seconds (trace, ev->t);
      g_autofree char *label = NULL;
      g_autofree char *title = NULL;
      g_autofree char *why = NULL;
      char flags[48];
      const char *fate = "";

      if (ev->fate == SEQACK_FATE_LOST)
        fate = _(" · lost on the wire");
      else if (ev->marks & SEQACK_MARK_RETRANSMISSION)
        fate = _(" · retransmission");

      if (seqack_trace_has_more_hosts (trace))
        /* TRANSLATORS: "Segment 3 · client-2 → server · SYN · t = 0.1 s" */
        title = g_strdup_printf (_("Segment %u · %s → %s · %s · t = %s s%s"),
                                 seqack_trace_get_segment_ordinal (trace,
                                                                   event),
                                 seqack_host_label (
                                   seqack_trace_get_event_host (trace,
                                                                event)),
                                 seqack_host_label (
                                   seqack_trace_get_segment_receiver (trace,
                                                                      event)),
                                 seqack_tcp_flags_to_string (ev->flags, flags),
                                 t, fate);
      else if (ev->side == SEQACK_CLIENT)
        title = g_strdup_printf (_("Segment %u · client → server · %s · "
                                   "t = %s s%s"),
                                 seqack_trace_get_segment_ordinal (trace,
                                                                   event),
                                 seqack_tcp_flags_to_string (ev->flags, flags),
                                 t, fate);
      else
        title = g_strdup_printf (_("Segment %u · server → client · %s · "
                                   "t = %s s%s"),
                                 seqack_trace_get_segment_ordinal (trace,
                                                                   event),
                                 seqack_tcp_flags_to_string (ev->flags, flags),
                                 t, fate);
      gtk_label_set_label (self->title_label, title);

      why = seqack_explain_segment (trace, event, absolute);
      if (letters)
        {
          g_autoptr(GString) lesson = g_string_new (NULL);

          seqack_sequence_layout_format_letters (layout, event, lesson);
          if (lesson->len > 0)
            {
              char *joined = g_strdup_printf (_("%s · In the lesson's "
                                                "letters: %s"),
                                              why, lesson->str);
              g_free (why);
              why = joined;
            }
        }
      gtk_label_set_label (self->explain_label, why);

      show_packet (self, trace, event, absolute);
    }
  else
    describe_event (self, trace, event);

  show_vars (self, trace, event, absolute);
}

guint
seqack_inspector_get_event (SeqackInspector *self)
{
  g_return_val_if_fail (SEQACK_IS_INSPECTOR (self), SEQACK_NO_EVENT);

  return self->event;
}

const char *
seqack_inspector_get_title (SeqackInspector *self)
{
  g_return_val_if_fail (SEQACK_IS_INSPECTOR (self), NULL);

  return gtk_label_get_label (self->title_label);
}

const char *
seqack_inspector_get_options (SeqackInspector *self)
{
  g_return_val_if_fail (SEQACK_IS_INSPECTOR (self), NULL);

  return gtk_label_get_label (self->options_label);
}

const char *
seqack_inspector_get_payload (SeqackInspector *self)
{
  g_return_val_if_fail (SEQACK_IS_INSPECTOR (self), NULL);

  return gtk_label_get_label (self->payload_label);
}

const char *
seqack_inspector_get_variables (SeqackInspector *self)
{
  g_return_val_if_fail (SEQACK_IS_INSPECTOR (self), NULL);

  return self->vars_text != NULL ? self->vars_text : "";
}

const char *
seqack_inspector_get_explanation (SeqackInspector *self)
{
  g_return_val_if_fail (SEQACK_IS_INSPECTOR (self), NULL);

  return gtk_label_get_label (self->explain_label);
}

const char *
seqack_inspector_highlight_byte (SeqackInspector *self,
                                 gsize            offset)
{
  int index;

  g_return_val_if_fail (SEQACK_IS_INSPECTOR (self), NULL);

  index = offset < self->packet_len ? field_at_byte (self, offset) : -1;
  set_highlight (self, index);
  if (index < 0)
    return NULL;

  return g_array_index (self->fields, Field, index).name;
}

gboolean
seqack_inspector_set_vars_concealed (SeqackInspector *self,
                                     gboolean         concealed)
{
  g_return_val_if_fail (SEQACK_IS_INSPECTOR (self), FALSE);

  concealed = !!concealed;
  if (concealed == self->vars_concealed)
    return FALSE;
  self->vars_concealed = concealed;
  return TRUE;
}
