/* tcp-test-pair.h: two SeqackTcpConn joined by a zero-latency in-memory
 * wire, recording every callback, so a test reads like the lesson:
 * "the client sends SYN Seq=x, the server answers SYN,ACK Ack=x+1...".
 *
 * Segments sent by either side wait on the wire (FIFO) until the test runs
 * it; each one sent is also kept, in order, per side. Time moves only when
 * the test says so.
 */
#pragma once

#include <glib.h>

#include "seqack-tcp-conn.h"

G_BEGIN_DECLS

typedef enum
{
  TEST_CLIENT = 0,
  TEST_SERVER = 1,
} TestSide;

#define TEST_CLIENT_PORT 40000
#define TEST_SERVER_PORT 80
#define TEST_CLIENT_ISN  1000u
#define TEST_SERVER_ISN  5000u
/* Each further ISN a side draws is this much larger. */
#define TEST_ISN_STEP    100000u

typedef struct
{
  TestSide         from;
  gint64           time;
  SeqackTcpSegment seg;            /* payload points at data */
  guint8          *data;
  gboolean         retransmission;
  guint            sent;           /* SeqackTcpSentFlags */
  gboolean         dropped;        /* lost on the wire by drop_next */
} TestSegment;

typedef enum
{
  TEST_EV_SEND,
  TEST_EV_STATE,
  TEST_EV_TIMER,
  TEST_EV_DELIVER,
  TEST_EV_ERROR,
} TestEventKind;

typedef struct
{
  TestEventKind     kind;
  TestSide          side;
  gint64            time;
  SeqackTcpState    from, to;      /* STATE */
  SeqackTcpEdge     edge;
  SeqackTcpTimer    timer;         /* TIMER */
  SeqackTimerAction action;
  gint64            deadline;
  int               code;          /* ERROR */
  gsize             len;           /* DELIVER */
} TestEvent;

typedef struct _TestPair TestPair;

/* Both ends with @config (NULL: defaults), all CLOSED, time 0. */
TestPair      *test_pair_new       (const SeqackTcpConfig *config);
TestPair      *test_pair_new_full  (const SeqackTcpConfig *client,
                                    const SeqackTcpConfig *server);
void           test_pair_free      (TestPair *pair);

SeqackTcpConn *test_pair_conn      (TestPair *pair,
                                    TestSide  side);
SeqackTcpState test_pair_state     (TestPair *pair,
                                    TestSide  side);
void           test_pair_vars      (TestPair      *pair,
                                    TestSide       side,
                                    SeqackTcpVars *vars);
SeqackTcpVars  test_pair_vars_of   (TestPair *pair,
                                    TestSide  side);
/* @len bytes of "abc…z" repeated, NUL-terminated; g_free() it. */
char          *test_text           (gsize len);
gint64         test_pair_now       (TestPair *pair);
/* The next ISN @side's generator hands out (then it steps as usual). */
void           test_pair_set_isn   (TestPair *pair,
                                    TestSide  side,
                                    guint32   isn);
/* ISNs the generator of @side handed out so far. */
guint          test_pair_n_isn     (TestPair *pair,
                                    TestSide  side);

/* User calls at the current time; they assert success. */
void test_pair_listen  (TestPair *pair, TestSide side);
void test_pair_connect (TestPair *pair, TestSide side);
void test_pair_send    (TestPair *pair, TestSide side, const char *text);
void test_pair_close   (TestPair *pair, TestSide side);

/* Server listens, client connects, the wire runs: both ESTABLISHED. The
 * record of sent segments and events is then cleared. */
void test_pair_establish (TestPair *pair);

/* Delivers the segment at the head of the wire; FALSE if it was empty. */
gboolean test_pair_step (TestPair *pair);
/* Delivers until the wire is empty; returns how many were delivered. */
guint    test_pair_run  (TestPair *pair);
/* Segments on the wire now. */
guint    test_pair_in_flight (TestPair *pair);
/* The next segment @side sends is lost. */
void     test_pair_drop_next (TestPair *pair,
                              TestSide  side);
/* Forgets the segments on the wire. */
void     test_pair_discard_wire (TestPair *pair);

/* Moves the clock to @t and fires both ends' due timers (no wire run). */
void   test_pair_advance_to     (TestPair *pair,
                                 gint64    t);
/* Earliest timer deadline of both ends. */
gint64 test_pair_next_deadline  (TestPair *pair);
/* Jumps to the next deadline and fires it; FALSE if none. */
gboolean test_pair_skip         (TestPair *pair);

/* A hand-made segment from the other side's port to @to. */
void test_pair_inject (TestPair     *pair,
                       TestSide      to,
                       guint8        flags,
                       guint32       seq,
                       guint32       ack,
                       const char   *payload);
void test_pair_inject_segment (TestPair               *pair,
                               TestSide                to,
                               const SeqackTcpSegment *seg);

/* Segments @side sent (dropped ones included); @i < 0 counts from the
 * end (-1 is the last). */
guint        test_pair_n_sent (TestPair *pair,
                               TestSide  side);
TestSegment *test_pair_sent   (TestPair *pair,
                               TestSide  side,
                               int       i);

/* Every callback so far, in order. */
GArray      *test_pair_events (TestPair *pair);
guint        test_pair_count_events (TestPair      *pair,
                                     TestSide       side,
                                     TestEventKind  kind);
/* The @nth (0-based) timer event of @side matching @timer and @action,
 * or NULL. */
TestEvent   *test_pair_find_timer (TestPair          *pair,
                                   TestSide           side,
                                   SeqackTcpTimer     timer,
                                   SeqackTimerAction  action,
                                   guint              nth);
/* The last state change of @side, or NULL. */
TestEvent   *test_pair_last_change (TestPair *pair,
                                    TestSide  side);
/* Forgets recorded segments and events and empties the wire (not the
 * received text). */
void         test_pair_clear_record (TestPair *pair);

/* Bytes delivered to @side's application. */
const char  *test_pair_received (TestPair *pair,
                                 TestSide  side);
/* Error codes reported to @side, -1 if none; the last one. */
int          test_pair_last_error (TestPair *pair,
                                   TestSide  side);

/* Checks flags, seq, ack (ignored when flags lack ACK) and payload
 * length of a recorded segment. */
#define test_assert_segment(s, f, sq, ak, ln) \
  G_STMT_START { \
    const TestSegment *_s = (s); \
    g_assert_nonnull (_s); \
    g_assert_cmphex (_s->seg.flags, ==, (f)); \
    g_assert_cmpuint (_s->seg.seq, ==, (guint32) (sq)); \
    if ((f) & SEQACK_TCP_ACK) \
      g_assert_cmpuint (_s->seg.ack, ==, (guint32) (ak)); \
    g_assert_cmpuint (_s->seg.payload_len, ==, (ln)); \
  } G_STMT_END

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestPair, test_pair_free)

G_END_DECLS
