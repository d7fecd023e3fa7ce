#include "seqack-error.h"

G_DEFINE_QUARK (seqack-error-quark, seqack_error)
