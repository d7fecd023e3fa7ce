/* tcp-test-pair.c: see tcp-test-pair.h. */

#include <string.h>

#include "tcp-test-pair.h"

typedef struct
{
  TestPair *pair;
  TestSide  side;
} Endpoint;

struct _TestPair
{
  SeqackTcpConn *conn[2];
  Endpoint       ep[2];
  gint64         now;
  guint32        next_isn[2];
  guint          n_isn[2];
  GPtrArray     *sent[2];     /* TestSegment *, owned */
  GQueue         wire;        /* TestSegment *, borrowed from sent */
  GArray        *events;      /* TestEvent */
  GString       *received[2];
  gboolean       drop_next[2];
  int            last_error[2];
};

static inline TestSide
other (TestSide side)
{
  return side == TEST_CLIENT ? TEST_SERVER : TEST_CLIENT;
}

static void
test_segment_free (gpointer data)
{
  TestSegment *s = data;

  g_free (s->data);
  g_free (s);
}

static void
record (TestPair        *pair,
        const TestEvent *event)
{
  TestEvent e = *event;

  e.time = pair->now;
  g_array_append_val (pair->events, e);
}

static void
on_send (gpointer                user_data,
         const SeqackTcpSegment *segment,
         guint                   sent)
{
  Endpoint *ep = user_data;
  TestPair *pair = ep->pair;
  TestSegment *s = g_new0 (TestSegment, 1);
  TestEvent e = { .kind = TEST_EV_SEND, .side = ep->side };

  s->from = ep->side;
  s->time = pair->now;
  s->seg = *segment;
  s->data = g_memdup2 (segment->payload, segment->payload_len);
  s->seg.payload = s->data;
  s->retransmission = (sent & SEQACK_TCP_SENT_RETRANSMISSION) != 0;
  s->sent = sent;
  s->dropped = pair->drop_next[ep->side];
  pair->drop_next[ep->side] = FALSE;

  /* The payload is only valid during the call: it was copied. */
  g_ptr_array_add (pair->sent[ep->side], s);
  if (!s->dropped)
    g_queue_push_tail (&pair->wire, s);
  record (pair, &e);
}

static void
on_state_changed (gpointer       user_data,
                  SeqackTcpState from,
                  SeqackTcpState to,
                  SeqackTcpEdge  edge)
{
  Endpoint *ep = user_data;
  TestEvent e = { .kind = TEST_EV_STATE, .side = ep->side,
                  .from = from, .to = to, .edge = edge };

  g_assert_cmpint (from, !=, to);
  record (ep->pair, &e);
}

static void
on_timer (gpointer          user_data,
          SeqackTcpTimer    timer,
          SeqackTimerAction action,
          gint64            deadline)
{
  Endpoint *ep = user_data;
  TestEvent e = { .kind = TEST_EV_TIMER, .side = ep->side,
                  .timer = timer, .action = action, .deadline = deadline };

  record (ep->pair, &e);
}

static void
on_deliver (gpointer      user_data,
            const guint8 *data,
            gsize         len)
{
  Endpoint *ep = user_data;
  TestEvent e = { .kind = TEST_EV_DELIVER, .side = ep->side, .len = len };

  g_string_append_len (ep->pair->received[ep->side], (const char *) data,
                       len);
  record (ep->pair, &e);
}

static void
on_error (gpointer      user_data,
          const GError *error)
{
  Endpoint *ep = user_data;
  TestEvent e = { .kind = TEST_EV_ERROR, .side = ep->side,
                  .code = error->code };

  ep->pair->last_error[ep->side] = error->code;
  record (ep->pair, &e);
}

static guint32
next_isn (gpointer user_data)
{
  Endpoint *ep = user_data;
  guint32 isn = ep->pair->next_isn[ep->side];

  ep->pair->next_isn[ep->side] += TEST_ISN_STEP;
  ep->pair->n_isn[ep->side]++;

  return isn;
}

static const SeqackTcpCallbacks callbacks = {
  .send = on_send,
  .state_changed = on_state_changed,
  .timer = on_timer,
  .deliver = on_deliver,
  .error = on_error,
};

TestPair *
test_pair_new_full (const SeqackTcpConfig *client,
                    const SeqackTcpConfig *server)
{
  TestPair *pair = g_new0 (TestPair, 1);
  const SeqackTcpConfig *configs[2] = { client, server };

  g_queue_init (&pair->wire);
  pair->events = g_array_new (FALSE, TRUE, sizeof (TestEvent));
  pair->next_isn[TEST_CLIENT] = TEST_CLIENT_ISN;
  pair->next_isn[TEST_SERVER] = TEST_SERVER_ISN;
  for (int i = 0; i < 2; i++)
    {
      pair->ep[i].pair = pair;
      pair->ep[i].side = i;
      pair->sent[i] = g_ptr_array_new_with_free_func (test_segment_free);
      pair->received[i] = g_string_new (NULL);
      pair->last_error[i] = -1;
      pair->conn[i] = seqack_tcp_conn_new (configs[i], &callbacks, next_isn,
                                           &pair->ep[i]);
    }

  return pair;
}

TestPair *
test_pair_new (const SeqackTcpConfig *config)
{
  return test_pair_new_full (config, config);
}

void
test_pair_free (TestPair *pair)
{
  g_queue_clear (&pair->wire);
  for (int i = 0; i < 2; i++)
    {
      seqack_tcp_conn_free (pair->conn[i]);
      g_ptr_array_unref (pair->sent[i]);
      g_string_free (pair->received[i], TRUE);
    }
  g_array_unref (pair->events);
  g_free (pair);
}

SeqackTcpConn *
test_pair_conn (TestPair *pair,
                TestSide  side)
{
  return pair->conn[side];
}

SeqackTcpState
test_pair_state (TestPair *pair,
                 TestSide  side)
{
  return seqack_tcp_conn_get_state (pair->conn[side]);
}

void
test_pair_vars (TestPair      *pair,
                TestSide       side,
                SeqackTcpVars *vars)
{
  seqack_tcp_conn_get_vars (pair->conn[side], vars);
}

SeqackTcpVars
test_pair_vars_of (TestPair *pair,
                   TestSide  side)
{
  SeqackTcpVars vars;

  test_pair_vars (pair, side, &vars);
  return vars;
}

char *
test_text (gsize len)
{
  char *text = g_malloc (len + 1);

  for (gsize i = 0; i < len; i++)
    text[i] = 'a' + (char) (i % 26);
  text[len] = '\0';

  return text;
}

gint64
test_pair_now (TestPair *pair)
{
  return pair->now;
}

void
test_pair_set_isn (TestPair *pair,
                   TestSide  side,
                   guint32   isn)
{
  pair->next_isn[side] = isn;
}

guint
test_pair_n_isn (TestPair *pair,
                 TestSide  side)
{
  return pair->n_isn[side];
}

void
test_pair_listen (TestPair *pair,
                  TestSide  side)
{
  g_autoptr(GError) error = NULL;
  guint16 port = side == TEST_SERVER ? TEST_SERVER_PORT : TEST_CLIENT_PORT;

  seqack_tcp_conn_listen (pair->conn[side], port, pair->now, &error);
  g_assert_no_error (error);
}

void
test_pair_connect (TestPair *pair,
                   TestSide  side)
{
  g_autoptr(GError) error = NULL;

  if (side == TEST_CLIENT)
    seqack_tcp_conn_connect (pair->conn[side], TEST_CLIENT_PORT,
                             TEST_SERVER_PORT, pair->now, &error);
  else
    seqack_tcp_conn_connect (pair->conn[side], TEST_SERVER_PORT,
                             TEST_CLIENT_PORT, pair->now, &error);
  g_assert_no_error (error);
}

void
test_pair_send (TestPair   *pair,
                TestSide    side,
                const char *text)
{
  g_autoptr(GError) error = NULL;

  seqack_tcp_conn_send (pair->conn[side], (const guint8 *) text,
                        strlen (text), pair->now, &error);
  g_assert_no_error (error);
}

void
test_pair_close (TestPair *pair,
                 TestSide  side)
{
  g_autoptr(GError) error = NULL;

  seqack_tcp_conn_close (pair->conn[side], pair->now, &error);
  g_assert_no_error (error);
}

void
test_pair_establish (TestPair *pair)
{
  test_pair_listen (pair, TEST_SERVER);
  test_pair_connect (pair, TEST_CLIENT);
  test_pair_run (pair);
  g_assert_cmpint (test_pair_state (pair, TEST_CLIENT), ==,
                   SEQACK_TCP_ESTABLISHED);
  g_assert_cmpint (test_pair_state (pair, TEST_SERVER), ==,
                   SEQACK_TCP_ESTABLISHED);
  test_pair_clear_record (pair);
}

gboolean
test_pair_step (TestPair *pair)
{
  TestSegment *s = g_queue_pop_head (&pair->wire);

  if (s == NULL)
    return FALSE;

  seqack_tcp_conn_receive (pair->conn[other (s->from)], &s->seg, pair->now);
  return TRUE;
}

guint
test_pair_run (TestPair *pair)
{
  guint n = 0;

  while (test_pair_step (pair))
    {
      n++;
      /* Two TCPs must never ping-pong forever. */
      g_assert_cmpuint (n, <, 100000);
    }

  return n;
}

guint
test_pair_in_flight (TestPair *pair)
{
  return g_queue_get_length (&pair->wire);
}

void
test_pair_drop_next (TestPair *pair,
                     TestSide  side)
{
  pair->drop_next[side] = TRUE;
}

void
test_pair_discard_wire (TestPair *pair)
{
  g_queue_clear (&pair->wire);
}

void
test_pair_advance_to (TestPair *pair,
                      gint64    t)
{
  g_assert_cmpint (t, >=, pair->now);
  pair->now = t;
  seqack_tcp_conn_advance (pair->conn[TEST_CLIENT], t);
  seqack_tcp_conn_advance (pair->conn[TEST_SERVER], t);
}

gint64
test_pair_next_deadline (TestPair *pair)
{
  return MIN (seqack_tcp_conn_next_deadline (pair->conn[TEST_CLIENT]),
              seqack_tcp_conn_next_deadline (pair->conn[TEST_SERVER]));
}

gboolean
test_pair_skip (TestPair *pair)
{
  gint64 t = test_pair_next_deadline (pair);

  if (t == SEQACK_NO_DEADLINE)
    return FALSE;
  test_pair_advance_to (pair, MAX (t, pair->now));
  return TRUE;
}

void
test_pair_inject_segment (TestPair               *pair,
                          TestSide                to,
                          const SeqackTcpSegment *seg)
{
  seqack_tcp_conn_receive (pair->conn[to], seg, pair->now);
}

void
test_pair_inject (TestPair   *pair,
                  TestSide    to,
                  guint8      flags,
                  guint32     seq,
                  guint32     ack,
                  const char *payload)
{
  SeqackTcpSegment seg;

  memset (&seg, 0, sizeof seg);
  seg.src_port = to == TEST_SERVER ? TEST_CLIENT_PORT : TEST_SERVER_PORT;
  seg.dst_port = to == TEST_SERVER ? TEST_SERVER_PORT : TEST_CLIENT_PORT;
  seg.seq = seq;
  seg.ack = ack;
  seg.flags = flags;
  seg.data_offset = 5;
  seg.window = 64240;
  seg.payload = (const guint8 *) payload;
  seg.payload_len = payload != NULL ? strlen (payload) : 0;
  test_pair_inject_segment (pair, to, &seg);
}

guint
test_pair_n_sent (TestPair *pair,
                  TestSide  side)
{
  return pair->sent[side]->len;
}

TestSegment *
test_pair_sent (TestPair *pair,
                TestSide  side,
                int       i)
{
  GPtrArray *sent = pair->sent[side];

  if (i < 0)
    i += (int) sent->len;
  if (i < 0 || (guint) i >= sent->len)
    return NULL;

  return g_ptr_array_index (sent, i);
}

GArray *
test_pair_events (TestPair *pair)
{
  return pair->events;
}

guint
test_pair_count_events (TestPair      *pair,
                        TestSide       side,
                        TestEventKind  kind)
{
  guint n = 0;

  for (guint i = 0; i < pair->events->len; i++)
    {
      TestEvent *e = &g_array_index (pair->events, TestEvent, i);

      if (e->side == side && e->kind == kind)
        n++;
    }

  return n;
}

TestEvent *
test_pair_find_timer (TestPair          *pair,
                      TestSide           side,
                      SeqackTcpTimer     timer,
                      SeqackTimerAction  action,
                      guint              nth)
{
  for (guint i = 0; i < pair->events->len; i++)
    {
      TestEvent *e = &g_array_index (pair->events, TestEvent, i);

      if (e->side == side && e->kind == TEST_EV_TIMER &&
          e->timer == timer && e->action == action && nth-- == 0)
        return e;
    }

  return NULL;
}

TestEvent *
test_pair_last_change (TestPair *pair,
                       TestSide  side)
{
  for (guint i = pair->events->len; i > 0; i--)
    {
      TestEvent *e = &g_array_index (pair->events, TestEvent, i - 1);

      if (e->side == side && e->kind == TEST_EV_STATE)
        return e;
    }

  return NULL;
}

void
test_pair_clear_record (TestPair *pair)
{
  g_queue_clear (&pair->wire);
  g_ptr_array_set_size (pair->sent[TEST_CLIENT], 0);
  g_ptr_array_set_size (pair->sent[TEST_SERVER], 0);
  g_array_set_size (pair->events, 0);
}

const char *
test_pair_received (TestPair *pair,
                    TestSide  side)
{
  return pair->received[side]->str;
}

int
test_pair_last_error (TestPair *pair,
                      TestSide  side)
{
  return pair->last_error[side];
}
