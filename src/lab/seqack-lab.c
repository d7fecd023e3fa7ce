#include "seqack-lab.h"
