#ifndef RADAR_CLIBICAL_SHIM_H
#define RADAR_CLIBICAL_SHIM_H
#include <libical/ical.h>
#endif
