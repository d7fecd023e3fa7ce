#include "seqack-trace-format.h"
