#include "seqack-tcp-state.h"
