#ifndef FETCHQ_H
#define FETCHQ_H
int fetchq_get(const char *url);
#endif
