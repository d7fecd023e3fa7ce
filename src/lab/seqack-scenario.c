#include "seqack-scenario.h"
