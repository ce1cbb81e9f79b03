#include "trace/trace-hw_misc_caliptra.h"
