/* test-ui-window.c: the real window, driven through its actions the way a
 * button, a shortcut or a clicker drives it, and read back through its
 * labels (what a screen reader reads). Runs under xvfb-run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "seqack-application.h"
#include "seqack-endpoint-panel-private.h"
#include "seqack-inspector.h"
#include "seqack-peer-dialog.h"
#include "seqack-sequence-view-private.h"
#include "seqack-state-view.h"
#include "seqack-tcp-header.h"
#include "seqack-ui-settings.h"
#include "seqack-window.h"
#include "ui-test-frames.h"
#include "ui-test-util.h"

static SeqackApplication *app = NULL;

/* Widget tree search: what the accessibility tree exposes */

static gboolean
label_has_prefix (GtkWidget     *widget,
                  gconstpointer  prefix)
{
  return GTK_IS_LABEL (widget) &&
         gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget))
           == GTK_ACCESSIBLE_ROLE_LABEL &&
         g_str_has_prefix (gtk_label_get_label (GTK_LABEL (widget)), prefix);
}

static gboolean
has_action (GtkWidget     *widget,
            gconstpointer  action)
{
  const char *name;

  if (!GTK_IS_ACTIONABLE (widget))
    return FALSE;
  name = gtk_actionable_get_action_name (GTK_ACTIONABLE (widget));
  return name != NULL && g_str_equal (name, action);
}

static const char *
state_text (GtkWidget  *window,
            SeqackSide  side)
{
  /* TRANSLATORS strings of the panel: the test reads them like a user. */
  const char *prefix = side == SEQACK_CLIENT ? _("Client state: %s")
                                             : _("Server state: %s");
  g_autofree char *head = g_strndup (prefix, strstr (prefix, "%s") - prefix);
  GtkWidget *label = ui_test_find (window, label_has_prefix, head);

  g_assert_nonnull (label);
  return gtk_label_get_label (GTK_LABEL (label)) + strlen (head);
}

static gboolean
action_button_sensitive (GtkWidget  *window,
                         const char *action)
{
  GtkWidget *button = ui_test_find (window, has_action, action);

  g_assert_nonnull (button);
  return gtk_widget_is_sensitive (button);
}

static SeqackInspector *
inspector (GtkWidget *window)
{
  GType type = SEQACK_TYPE_INSPECTOR;

  return SEQACK_INSPECTOR (ui_test_find (window, ui_test_is_type,
                                        GSIZE_TO_POINTER (type)));
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkWidget *
new_window (void)
{
  SeqackWindow *window = seqack_window_new (app, 1234);

  g_object_ref (window);
  gtk_window_present (GTK_WINDOW (window));
  g_object_set (window, "playing", FALSE, NULL);
  iterate ();

  return GTK_WIDGET (window);
}

static void
destroy_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  iterate ();
  g_assert_finalize_object (window);
}

/* What the labels must say: the state the trace holds after the last
 * shown event. */
static void
assert_labels_follow_trace (GtkWidget *window)
{
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackTrace *trace = seqack_lab_get_trace (seqack_window_get_lab (self));
  guint n = seqack_window_get_n_shown (self);

  g_assert_cmpuint (seqack_sequence_view_get_n_shown (ui_test_sequence_view (window)),
                    ==, n);
  for (SeqackSide side = SEQACK_CLIENT; side <= SEQACK_SERVER; side++)
    {
      SeqackTcpState state = n > 0 ? seqack_trace_get_state (trace, n - 1,
                                                             side)
                                   : SEQACK_TCP_CLOSED;

      g_assert_cmpstr (state_text (window, side), ==,
                       seqack_tcp_state_name (state));
    }
}

static SeqackTcpState
shown_state (GtkWidget  *window,
             SeqackSide  side)
{
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackTrace *trace = seqack_lab_get_trace (seqack_window_get_lab (self));
  guint n = seqack_window_get_n_shown (self);

  return n > 0 ? seqack_trace_get_state (trace, n - 1, side)
               : SEQACK_TCP_CLOSED;
}

/* The buttons are enabled exactly when the lab allows the call and the
 * picture shows the endpoint as it is now. */
static void
assert_actions_follow_lab (GtkWidget *window)
{
  SeqackLab *lab = seqack_window_get_lab (SEQACK_WINDOW (window));
  static const struct
  {
    const char    *name;
    SeqackTcpCall  call;
  } calls[] = {
    { "listen", SEQACK_TCP_CALL_LISTEN },
    { "connect", SEQACK_TCP_CALL_CONNECT },
    { "send", SEQACK_TCP_CALL_SEND },
    { "close", SEQACK_TCP_CALL_CLOSE },
    { "abort", SEQACK_TCP_CALL_ABORT },
  };

  for (SeqackSide side = SEQACK_CLIENT; side <= SEQACK_SERVER; side++)
    for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
      {
        g_autofree char *name = g_strdup_printf ("lab.%s-%s",
                                                 seqack_side_name (side),
                                                 calls[i].name);

        g_assert_cmpint (action_button_sensitive (window, name), ==,
                         seqack_lab_allows (lab, side, calls[i].call) &&
                         shown_state (window, side)
                           == seqack_lab_get_state (lab, side));
      }
}

static void
step (GtkWidget *window)
{
  ui_test_activate (window, "view.step-forward");
  iterate ();
  assert_labels_follow_trace (window);
  assert_actions_follow_lab (window);
}

/* Steps until @side shows @state (at most @max steps). */
static void
step_until (GtkWidget      *window,
            SeqackSide      side,
            SeqackTcpState  state,
            guint           max)
{
  for (guint i = 0; i < max; i++)
    {
      if (g_str_equal (state_text (window, side),
                       seqack_tcp_state_name (state)))
        return;
      /* Step stops before a long wait (a retransmission timer): Skip
       * Wait is the jump, as a user would press it. */
      if (!action_button_sensitive (window, "view.step-forward") &&
          action_button_sensitive (window, "lab.skip-wait"))
        ui_test_activate (window, "lab.skip-wait");
      else
        ui_test_activate (window, "view.step-forward");
      iterate ();
      assert_labels_follow_trace (window);
      assert_actions_follow_lab (window);
    }

  g_error ("%s never reached %s (shows %s)", seqack_side_name (side),
           seqack_tcp_state_name (state), state_text (window, side));
}

static const SeqackEvent *
last_shown_segment (GtkWidget *window,
                    guint     *index)
{
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackTrace *trace = seqack_lab_get_trace (seqack_window_get_lab (self));

  for (guint i = seqack_window_get_n_shown (self); i-- > 0;)
    {
      const SeqackEvent *ev = seqack_trace_get_event (trace, i);

      if (ev->kind == SEQACK_EVENT_SEGMENT)
        {
          if (index != NULL)
            *index = i;
          return ev;
        }
    }

  return NULL;
}

static void
test_window_lesson (void)
{
  GtkWidget *window = new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  const SeqackEvent *ev;
  guint index = 0, n_before;
  g_autofree char *earlier_client = NULL;

  assert_labels_follow_trace (window);
  assert_actions_follow_lab (window);
  g_assert_cmpstr (state_text (window, SEQACK_CLIENT), ==, "CLOSED");
  g_assert_false (action_button_sensitive (window, "lab.client-close"));
  g_assert_true (action_button_sensitive (window, "lab.server-listen"));

  ui_test_activate (window, "lab.server-listen");
  assert_labels_follow_trace (window);
  assert_actions_follow_lab (window);
  g_assert_cmpstr (state_text (window, SEQACK_SERVER), ==, "LISTEN");
  g_assert_false (action_button_sensitive (window, "lab.server-listen"));

  /* Connect: the SYN is on screen at once, flying. */
  ui_test_activate (window, "lab.client-connect");
  assert_labels_follow_trace (window);
  assert_actions_follow_lab (window);
  g_assert_cmpstr (state_text (window, SEQACK_CLIENT), ==, "SYN-SENT");
  ev = last_shown_segment (window, &index);
  g_assert_nonnull (ev);
  g_assert_cmpuint (ev->flags, ==, SEQACK_TCP_SYN);
  g_assert_cmpuint (seqack_window_get_n_shown (self), ==, index + 1);
  g_assert_cmpuint (seqack_sequence_view_get_selected (ui_test_sequence_view (window)),
                    ==, index);
  g_assert_cmpuint (seqack_inspector_get_event (inspector (window)), ==,
                    index);
  g_assert_nonnull (strstr (seqack_inspector_get_explanation (inspector (window)),
                            "RFC 6528"));
  /* The inspector's hex dump and field list agree: byte 9 of the IPv4
   * header is the protocol, TCP bytes 4..7 the sequence number. */
  g_assert_cmpstr (seqack_inspector_highlight_byte (inspector (window), 9),
                   ==, _("Protocol"));
  g_assert_cmpstr (seqack_inspector_highlight_byte (inspector (window),
                                                    20 + 5),
                   ==, _("Sequence number"));

  /* The lesson's letters: the SYN's Seq is x. */
  ui_test_activate (window, "view.letters");
  g_assert_nonnull (strstr (seqack_inspector_get_explanation (inspector (window)),
                            "Seq=x"));
  ui_test_activate (window, "view.letters");
  g_assert_null (strstr (seqack_inspector_get_explanation (inspector (window)),
                         "Seq=x"));

  /* Step: the SYN arrives, the server answers: SYN-RCVD (RFC 9293 §3.5). */
  step_until (window, SEQACK_SERVER, SEQACK_TCP_SYN_RECEIVED, 4);
  step_until (window, SEQACK_CLIENT, SEQACK_TCP_ESTABLISHED, 4);
  step_until (window, SEQACK_SERVER, SEQACK_TCP_ESTABLISHED, 4);
  g_assert_true (action_button_sensitive (window, "lab.client-send"));
  g_assert_false (action_button_sensitive (window, "lab.client-connect"));

  /* Drop next, then Close: the FIN is lost mid-wire. */
  g_assert_true (gtk_widget_activate_action (window, "lab.drop-next", "s",
                                             "client"));
  ui_test_activate (window, "lab.client-close");
  assert_labels_follow_trace (window);
  assert_actions_follow_lab (window);
  g_assert_cmpstr (state_text (window, SEQACK_CLIENT), ==, "FIN-WAIT-1");
  ev = last_shown_segment (window, NULL);
  g_assert_true (ev->flags & SEQACK_TCP_FIN);
  g_assert_cmpuint (ev->fate, ==, SEQACK_FATE_LOST);
  g_assert_true (action_button_sensitive (window, "lab.server-send"));
  g_assert_false (action_button_sensitive (window, "lab.client-close"));

  /* The retransmission timer resends the FIN; the server gets it. */
  step_until (window, SEQACK_SERVER, SEQACK_TCP_CLOSE_WAIT, 8);
  g_assert_true (action_button_sensitive (window, "lab.server-close"));

  /* Step backward: the exact earlier picture, states included. */
  n_before = seqack_window_get_n_shown (self);
  earlier_client = g_strdup (state_text (window, SEQACK_CLIENT));
  ui_test_activate (window, "view.step-backward");
  assert_labels_follow_trace (window);
  g_assert_cmpuint (seqack_window_get_n_shown (self), <, n_before);
  g_assert_cmpstr (state_text (window, SEQACK_SERVER), ==, "ESTABLISHED");
  for (guint i = 0; i < 100 && seqack_window_get_n_shown (self) > 0; i++)
    ui_test_activate (window, "view.step-backward");
  g_assert_cmpuint (seqack_window_get_n_shown (self), ==, 0);
  assert_labels_follow_trace (window);
  g_assert_cmpstr (state_text (window, SEQACK_CLIENT), ==, "CLOSED");
  g_assert_cmpstr (state_text (window, SEQACK_SERVER), ==, "CLOSED");

  /* And forward again through what was already computed. */
  step_until (window, SEQACK_SERVER, SEQACK_TCP_CLOSE_WAIT, 40);
  g_assert_cmpuint (seqack_window_get_n_shown (self), <=, n_before);

  destroy_window (window);
}

static void
test_window_server_close_and_time_wait (void)
{
  GtkWidget *window = new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  SeqackLab *lab;
  GtkWidget *countdown;

  ui_test_activate (window, "lab.server-listen");
  ui_test_activate (window, "lab.client-connect");
  step_until (window, SEQACK_SERVER, SEQACK_TCP_ESTABLISHED, 6);
  ui_test_activate (window, "lab.client-close");
  step_until (window, SEQACK_SERVER, SEQACK_TCP_CLOSE_WAIT, 6);
  ui_test_activate (window, "lab.server-close");
  g_assert_cmpstr (state_text (window, SEQACK_SERVER), ==, "LAST-ACK");
  step_until (window, SEQACK_CLIENT, SEQACK_TCP_TIME_WAIT, 6);

  /* TIME-WAIT shows its countdown in true virtual time: 2MSL = 60 s. */
  countdown = ui_test_find (window, label_has_prefix, "TIME-WAIT");
  g_assert_nonnull (countdown);
  g_assert_true (gtk_widget_get_visible (countdown));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (countdown)),
                            "2MSL = 60"));

  step_until (window, SEQACK_SERVER, SEQACK_TCP_CLOSED, 6);
  lab = seqack_window_get_lab (self);
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_TIME_WAIT);

  /* Skip wait jumps over the 60 s at once. */
  ui_test_activate (window, "lab.skip-wait");
  iterate ();
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_CLOSED);
  g_assert_cmpint (seqack_lab_get_now (lab), >=, 60 * SEQACK_USEC_PER_SEC);
  step_until (window, SEQACK_CLIENT, SEQACK_TCP_CLOSED, 4);
  assert_actions_follow_lab (window);

  destroy_window (window);
}

static void
test_window_session_roundtrip (void)
{
  GtkWidget *window = new_window ();
  GtkWidget *other;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("seqack-ui-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "run.seqack", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SeqackTrace *a, *b;

  g_assert_no_error (error);
  ui_test_activate (window, "lab.server-listen");
  ui_test_activate (window, "lab.client-connect");
  step_until (window, SEQACK_SERVER, SEQACK_TCP_ESTABLISHED, 6);
  ui_test_activate (window, "lab.client-send");
  step (window);
  g_assert_true (seqack_window_save_session (SEQACK_WINDOW (window), file,
                                             &error));
  g_assert_no_error (error);

  /* The pcap export holds every segment: a pcap header (24 bytes) and a
   * record header (16) plus the packet for each. */
  {
    g_autofree char *pcap = g_build_filename (dir, "run.pcap", NULL);
    g_autoptr(GFile) pcap_file = g_file_new_for_path (pcap);
    SeqackTrace *trace =
      seqack_lab_get_trace (seqack_window_get_lab (SEQACK_WINDOW (window)));
    g_autofree char *contents = NULL;
    gsize len = 0, expected = 24;

    g_assert_true (seqack_window_export_pcap (SEQACK_WINDOW (window),
                                              pcap_file, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < seqack_trace_get_n_events (trace); i++)
      if (seqack_trace_get_event (trace, i)->kind == SEQACK_EVENT_SEGMENT)
        expected += 16 + seqack_trace_get_event (trace, i)->data_len;
    g_assert_true (g_file_get_contents (pcap, &contents, &len, NULL));
    g_assert_cmpuint (len, ==, expected);
    g_unlink (pcap);
  }

  other = new_window ();
  g_assert_true (seqack_window_open_session (SEQACK_WINDOW (other), file,
                                             &error));
  g_assert_no_error (error);
  a = seqack_lab_get_trace (seqack_window_get_lab (SEQACK_WINDOW (window)));
  b = seqack_lab_get_trace (seqack_window_get_lab (SEQACK_WINDOW (other)));
  g_assert_cmpuint (seqack_trace_get_n_events (a), ==,
                    seqack_trace_get_n_events (b));
  for (guint i = 0; i < seqack_trace_get_n_events (a); i++)
    {
      g_assert_cmpint (seqack_trace_get_event (a, i)->t, ==,
                       seqack_trace_get_event (b, i)->t);
      g_assert_cmpuint (seqack_trace_get_event (a, i)->seq, ==,
                        seqack_trace_get_event (b, i)->seq);
    }
  assert_labels_follow_trace (other);

  destroy_window (other);
  destroy_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

/* Open… runs a teacher's scenario file; a bad one says which line and
 * keeps the lab as it was (issue 12). */
static void
test_window_open_scenario (void)
{
  GtkWidget *window = new_window ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("seqack-ui-XXXXXX", &error);
  g_autofree char *good = g_build_filename (dir, "mine.scenario", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.scenario", NULL);
  g_autoptr(GFile) good_file = g_file_new_for_path (good);
  g_autoptr(GFile) bad_file = g_file_new_for_path (bad);
  SeqackLab *lab;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (good, "title: Mine\n"
                                            "server listen\n"
                                            "client connect\n"
                                            "client send hi\n", -1, NULL));
  g_assert_true (g_file_set_contents (bad, "server listen\n"
                                           "client conect\n", -1, NULL));

  g_assert_true (seqack_window_open_session (SEQACK_WINDOW (window),
                                             good_file, &error));
  g_assert_no_error (error);
  lab = seqack_window_get_lab (SEQACK_WINDOW (window));
  g_assert_cmpint (seqack_lab_get_state (lab, SEQACK_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);

  g_assert_false (seqack_window_open_session (SEQACK_WINDOW (window),
                                              bad_file, &error));
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message,
                                   "line 2: unknown action 'conect'"));
  g_assert_true (seqack_window_get_lab (SEQACK_WINDOW (window)) == lab);

  destroy_window (window);
  g_unlink (good);
  g_unlink (bad);
  g_rmdir (dir);
}

/* The labels a user reads are in the language of the environment. */
static void
test_window_language (void)
{
  GtkWidget *window = new_window ();
  const char *language = g_getenv ("LANGUAGE");
  GtkWidget *label;

  if (language != NULL && g_str_has_prefix (language, "zh"))
    {
      label = ui_test_find (window, label_has_prefix, "客户端状态");
      g_assert_nonnull (label);
      g_assert_nonnull (ui_test_find (window, label_has_prefix, "服务器状态"));
      g_assert_nonnull (ui_test_find (window, label_has_prefix, "连接"));
      g_assert_nonnull (ui_test_find (window, label_has_prefix, "状态机"));
    }
  else
    {
      label = ui_test_find (window, label_has_prefix, "Client state: ");
      g_assert_nonnull (label);
      g_assert_nonnull (ui_test_find (window, label_has_prefix, "Connect"));
    }
  /* State names stay in English in every language. */
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (label)),
                            "CLOSED"));

  destroy_window (window);
}

static gboolean
on_timeout (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms milliseconds of wall time. */
static void
run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, on_timeout, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* Play moves the picture by itself, a flight at a time, from the frame
 * clock; pause stops it. */
static void
test_window_play (void)
{
  GtkWidget *window = new_window ();
  SeqackWindow *self = SEQACK_WINDOW (window);
  g_autoptr(GError) error = NULL;
  guint n_total, n_early, n_paused;

  g_assert_true (seqack_window_run_scenario (self, "hello-goodbye", &error));
  g_assert_no_error (error);
  n_total = seqack_trace_get_n_events (seqack_lab_get_trace (
              seqack_window_get_lab (self)));
  g_assert_cmpuint (seqack_window_get_n_shown (self), ==, 0);
  g_object_set (window, "speed", 8.0, NULL);

  /* At 8×, a flight takes 1/8 s: after a second several have flown, but
   * not the whole lesson at once. */
  run_for (1000);
  n_early = seqack_window_get_n_shown (self);
  g_assert_cmpuint (n_early, >, 0);
  g_assert_cmpuint (n_early, <, n_total);
  assert_labels_follow_trace (window);

  ui_test_activate (window, "view.play");
  n_paused = seqack_window_get_n_shown (self);
  run_for (500);
  g_assert_cmpuint (seqack_window_get_n_shown (self), ==, n_paused);

  destroy_window (window);
}

/* Every accelerator of the shortcuts window, as "keyval/modifiers". */
static GHashTable *
listed_accels (GtkBuilder *builder)
{
  GHashTable *listed = g_hash_table_new_full (g_str_hash, g_str_equal,
                                              g_free, NULL);
  GSList *objects = gtk_builder_get_objects (builder);

  for (GSList *l = objects; l != NULL; l = l->next)
    {
      g_autofree char *accel = NULL;
      g_auto(GStrv) words = NULL;

      if (!GTK_IS_SHORTCUTS_SHORTCUT (l->data))
        continue;
      g_object_get (l->data, "accelerator", &accel, NULL);
      if (accel == NULL)
        continue;
      words = g_strsplit (accel, " ", -1);
      for (guint i = 0; words[i] != NULL; i++)
        {
          /* "<Control>1...<Control>9": a range of keys. */
          g_auto(GStrv) range = g_strsplit (words[i], "...", 2);
          guint first, last;
          GdkModifierType mods;

          g_assert_true (gtk_accelerator_parse (range[0], &first, &mods));
          last = first;
          if (range[1] != NULL)
            g_assert_true (gtk_accelerator_parse (range[1], &last, NULL));
          for (guint key = first; key <= last; key++)
            g_hash_table_add (listed, g_strdup_printf ("%u/%u", key, mods));
        }
    }
  g_slist_free (objects);

  return listed;
}

static void
assert_listed (GHashTable *listed,
               guint       keyval,
               guint       mods,
               const char *what)
{
  g_autofree char *key = g_strdup_printf ("%u/%u",
                                          gdk_keyval_to_lower (keyval),
                                          mods);

  /* Media keys (AudioPlay) have no label a reader could use. */
  if (keyval >= 0x1008ff00 && keyval <= 0x1008ffff)
    return;
  if (!g_hash_table_contains (listed, key))
    g_error ("%s (%s) is not in the shortcuts window", what,
             gtk_accelerator_name (keyval, mods));
}

/* The class shortcuts and shortcut controllers of SeqAck's own widgets
 * under @root (GTK's widgets have their own, documented elsewhere). */
static void
assert_widget_shortcuts_listed (GtkWidget  *root,
                                GHashTable *listed,
                                guint      *n_checked)
{
  if (g_str_has_prefix (G_OBJECT_TYPE_NAME (root), "Seqack"))
    {
      g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (root);

      for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
        {
          g_autoptr(GObject) controller = g_list_model_get_item (controllers,
                                                                 i);

          if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
            continue;
          for (guint j = 0;
               j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
            {
              g_autoptr(GtkShortcut) shortcut =
                g_list_model_get_item (G_LIST_MODEL (controller), j);
              GtkShortcutTrigger *trigger =
                gtk_shortcut_get_trigger (shortcut);
              GtkShortcutAction *action = gtk_shortcut_get_action (shortcut);
              g_autofree char *what = gtk_shortcut_action_to_string (action);

              /* GtkWindow's own bindings (inspector, focus keys) are
               * signals: GTK's, not the app's. */
              if (!GTK_IS_KEYVAL_TRIGGER (trigger) ||
                  GTK_IS_SIGNAL_ACTION (action))
                continue;
              assert_listed (listed,
                             gtk_keyval_trigger_get_keyval (
                               GTK_KEYVAL_TRIGGER (trigger)),
                             gtk_keyval_trigger_get_modifiers (
                               GTK_KEYVAL_TRIGGER (trigger)),
                             what);
              (*n_checked)++;
            }
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_widget_shortcuts_listed (child, listed, n_checked);
}

/* The shortcuts window lists every key the app answers to: the window's
 * own (lab, time, view, modes), the lesson panel's, the capture page's,
 * the external peer's and the application's. */
static void
test_window_shortcuts_window (void)
{
  g_autoptr(GtkBuilder) builder = NULL;
  g_autoptr(GHashTable) listed = NULL;
  g_autoptr(SeqackApplication) application = seqack_application_new ();
  g_auto(GStrv) app_actions = NULL;
  GtkWidget *window, *peer;
  GObject *shortcuts;
  guint n_checked = 0;

  builder = gtk_builder_new_from_resource ("/io/github/seqack/SeqAck/"
                                           "seqack-shortcuts-window.ui");
  shortcuts = gtk_builder_get_object (builder, "shortcuts_window");
  g_assert_true (GTK_IS_SHORTCUTS_WINDOW (shortcuts));
  listed = listed_accels (builder);

  window = new_window ();
  assert_widget_shortcuts_listed (window, listed, &n_checked);
  /* Connect, Listen... and the lesson panel's N, R, G; the capture page's
   * Ctrl+Shift+O, R, T, H, Alt+Up/Down. */
  g_assert_cmpuint (n_checked, >, 40);
  destroy_window (window);

  peer = g_object_ref_sink (g_object_new (SEQACK_TYPE_PEER_DIALOG, NULL));
  n_checked = 0;
  assert_widget_shortcuts_listed (peer, listed, &n_checked);
  g_assert_cmpuint (n_checked, >=, 3);
  gtk_window_destroy (GTK_WINDOW (peer));
  iterate ();
  g_object_unref (peer);

  app_actions = gtk_application_list_action_descriptions (
                  GTK_APPLICATION (application));
  g_assert_cmpuint (g_strv_length (app_actions), >=, 4);
  for (guint i = 0; app_actions[i] != NULL; i++)
    {
      g_auto(GStrv) accels =
        gtk_application_get_accels_for_action (GTK_APPLICATION (application),
                                               app_actions[i]);

      for (guint j = 0; accels[j] != NULL; j++)
        {
          guint keyval;
          GdkModifierType mods;

          g_assert_true (gtk_accelerator_parse (accels[j], &keyval, &mods));
          assert_listed (listed, keyval, mods, app_actions[i]);
        }
    }

  gtk_window_destroy (GTK_WINDOW (shortcuts));
}

/* Fills the window's lab with about @n_segments segments: "x" sent and
 * acknowledged, over and over. */
static guint
fill_lab (SeqackLab *lab,
          guint      n_segments)
{
  SeqackTrace *trace = seqack_lab_get_trace (lab);
  guint n = 0, counted = 0;

  g_assert_true (seqack_lab_listen (lab, SEQACK_SERVER, NULL));
  g_assert_true (seqack_lab_connect (lab, SEQACK_CLIENT, NULL));
  seqack_lab_run_until_quiet (lab, 10 * SEQACK_USEC_PER_SEC);
  while (n < n_segments)
    {
      g_assert_true (seqack_lab_send (lab, SEQACK_CLIENT, "x", NULL));
      seqack_lab_run_until_quiet (lab, 10 * SEQACK_USEC_PER_SEC);
      for (; counted < seqack_trace_get_n_events (trace); counted++)
        n += seqack_trace_get_event (trace, counted)->kind
               == SEQACK_EVENT_SEGMENT;
    }

  return n;
}

/* How long one frame of the sequence view takes with 10,000 segments, and
 * that it does not grow with the length of the trace. */
static void
test_window_frame_time_10k (void)
{
  GtkWidget *small = new_window ();
  GtkWidget *big = new_window ();
  SeqackSequenceView *view;
  GtkAdjustment *vadj;
  GskRenderer *renderer;
  UiTestFrameTime t_small, t_big;
  guint n_small, n_big;

  n_small = fill_lab (seqack_window_get_lab (SEQACK_WINDOW (small)), 100);
  seqack_window_show_all (SEQACK_WINDOW (small));
  n_big = fill_lab (seqack_window_get_lab (SEQACK_WINDOW (big)), 10000);
  seqack_window_show_all (SEQACK_WINDOW (big));
  iterate ();

  view = ui_test_sequence_view (big);
  vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadj), >, 10000.0 * 10);

  renderer = gtk_native_get_renderer (GTK_NATIVE (big));
  t_small = ui_test_measure_frames (ui_test_sequence_view (small), 20);
  t_big = ui_test_measure_frames (view, 20);

  g_printerr ("# sequence view frame, %s, %dx%d px: %u segments: draw "
              "%.2f ms + raster %.2f ms (worst %.2f ms); %u segments: draw "
              "%.2f ms + raster %.2f ms (worst %.2f ms)\n",
              G_OBJECT_TYPE_NAME (renderer),
              gtk_widget_get_width (GTK_WIDGET (view)),
              gtk_widget_get_height (GTK_WIDGET (view)),
              n_small, t_small.draw_ms, t_small.raster_ms, t_small.worst_ms,
              n_big, t_big.draw_ms, t_big.raster_ms, t_big.worst_ms);

  /* Drawing visits only the visible rows: 100 times more segments must
   * not make a frame much slower (generous for noisy machines). */
  g_assert_cmpfloat (t_big.draw_ms, <, 3 * t_small.draw_ms + 5.0);

  destroy_window (big);
  destroy_window (small);
}
/* The state machine a person sees first: presentation mode's, under the
 * diagram, or else a side column's. */
static gboolean
is_drawn_state_view (GtkWidget     *widget,
                     gconstpointer  data)
{
  return SEQACK_IS_STATE_VIEW (widget) && gtk_widget_is_drawable (widget);
}

/* Waits for the layout that maps it (presentation mode's machines come
 * with the next frame). */
static SeqackStateView *
drawn_state_view (GtkWidget *window)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GtkWidget *view;

  while ((view = ui_test_find (window, is_drawn_state_view, NULL)) == NULL &&
         g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (view);
  return SEQACK_STATE_VIEW (view);
}

/* Presentation mode scales the state machines by the same
 * presentation-scale setting as the sequence view, and follows a change
 * of it. */
static void
test_window_presentation_scale (void)
{
  g_autoptr(GSettings) settings = seqack_ui_settings_new ();
  GtkWidget *window;

  g_settings_set_double (settings, "presentation-scale", 2.0);
  window = new_window ();
  g_assert_cmpfloat (seqack_state_view_get_scale (drawn_state_view (window)),
                     ==, 1.0);

  g_object_set (window, "presentation", TRUE, NULL);
  iterate ();
  g_assert_cmpfloat (seqack_sequence_view_get_scale (ui_test_sequence_view (window)),
                     ==, 2.0);
  g_assert_cmpfloat (seqack_state_view_get_scale (drawn_state_view (window)),
                     ==, 2.0);

  g_settings_set_double (settings, "presentation-scale", 1.5);
  iterate ();
  g_assert_cmpfloat (seqack_sequence_view_get_scale (ui_test_sequence_view (window)),
                     ==, 1.5);
  g_assert_cmpfloat (seqack_state_view_get_scale (drawn_state_view (window)),
                     ==, 1.5);

  g_object_set (window, "presentation", FALSE, NULL);
  iterate ();
  g_assert_cmpfloat (seqack_state_view_get_scale (drawn_state_view (window)),
                     ==, 1.0);
  g_assert_cmpfloat (seqack_sequence_view_get_scale (ui_test_sequence_view (window)),
                     ==, 1.0);

  destroy_window (window);
  g_settings_reset (settings, "presentation-scale");
}

/* Handouts and notes: the diagram as shown exports to PDF, SVG and PNG
 * (not past the step on screen), and the ladder goes to the clipboard. */
static void
test_window_export_diagram_and_ladder (void)
{
  GtkWidget *window = new_window ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("seqack-ui-XXXXXX", &error);
  struct { const char *name; const char *magic; } files[] = {
    { "d.pdf", "%PDF-" }, { "d.svg", "<?xml" }, { "d.png", "\x89PNG" },
  };
  g_autofree char *txt = g_build_filename (dir, "d.txt", NULL);
  g_autoptr(GFile) txt_file = g_file_new_for_path (txt);
  g_autofree char *ladder = NULL;
  GdkContentProvider *content;
  GValue value = G_VALUE_INIT;

  g_assert_no_error (error);
  /* Nothing shown yet: a clear refusal, no file. */
  {
    g_autofree char *pdf = g_build_filename (dir, "empty.pdf", NULL);
    g_autoptr(GFile) pdf_file = g_file_new_for_path (pdf);

    g_assert_false (seqack_window_export_diagram (SEQACK_WINDOW (window),
                                                  pdf_file, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  }

  ui_test_activate (window, "lab.server-listen");
  ui_test_activate (window, "lab.client-connect");
  step_until (window, SEQACK_SERVER, SEQACK_TCP_ESTABLISHED, 6);

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      g_autofree char *path = g_build_filename (dir, files[i].name, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autofree char *contents = NULL;
      gsize len = 0;

      g_assert_true (seqack_window_export_diagram (SEQACK_WINDOW (window),
                                                   file, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      g_assert_cmpuint (len, >, 1000);
      g_assert_true (g_str_has_prefix (contents, files[i].magic));
      g_unlink (path);
    }
  g_assert_false (seqack_window_export_diagram (SEQACK_WINDOW (window),
                                                txt_file, &error));
  g_assert_error (error, SEQACK_ERROR, SEQACK_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* The ladder of what is shown: the handshake, not a step further. */
  ui_test_activate (window, "win.copy-ladder");
  iterate ();
  content = gdk_clipboard_get_content (gtk_widget_get_clipboard (window));
  g_assert_nonnull (content);
  g_value_init (&value, G_TYPE_STRING);
  g_assert_true (gdk_content_provider_get_value (content, &value, NULL));
  ladder = g_value_dup_string (&value);
  g_value_unset (&value);
  g_assert_nonnull (strstr (ladder, "SYN Seq=0"));
  g_assert_nonnull (strstr (ladder, "SYN, ACK Seq=0 Ack=1"));
  g_assert_nonnull (strstr (ladder, "ACK Seq=1 Ack=1"));
  g_assert_null (strstr (ladder, "FIN"));

  g_rmdir (dir);
  destroy_window (window);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/window/lesson", test_window_lesson);
  g_test_add_func ("/ui/window/server-close-and-time-wait",
                   test_window_server_close_and_time_wait);
  g_test_add_func ("/ui/window/session-roundtrip",
                   test_window_session_roundtrip);
  g_test_add_func ("/ui/window/language", test_window_language);
  g_test_add_func ("/ui/window/open-scenario", test_window_open_scenario);
  g_test_add_func ("/ui/window/export-diagram-and-ladder",
                   test_window_export_diagram_and_ladder);
  g_test_add_func ("/ui/window/play", test_window_play);
  g_test_add_func ("/ui/window/presentation-scale",
                   test_window_presentation_scale);
  g_test_add_func ("/ui/window/shortcuts-window",
                   test_window_shortcuts_window);
  g_test_add_func ("/ui/window/frame-time-10k", test_window_frame_time_10k);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
