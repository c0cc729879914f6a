#ifndef RADAR_CLIBPQ_SHIM_H
#define RADAR_CLIBPQ_SHIM_H
#include <libpq-fe.h>
#endif
