#include "seqack-trace.h"
