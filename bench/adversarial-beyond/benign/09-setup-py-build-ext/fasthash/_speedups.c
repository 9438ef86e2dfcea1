#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *fnv1a(PyObject *self, PyObject *args) {
    Py_buffer b;
    if (!PyArg_ParseTuple(args, "y*", &b)) return NULL;
    unsigned long long h = 0xcbf29ce484222325ULL;
    const unsigned char *p = b.buf;
    for (Py_ssize_t i = 0; i < b.len; i++) { h ^= p[i]; h *= 0x100000001b3ULL; }
    PyBuffer_Release(&b);
    return PyLong_FromUnsignedLongLong(h);
}

static PyMethodDef M[] = {{"fnv1a", fnv1a, METH_VARARGS, NULL}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef mod = {PyModuleDef_HEAD_INIT, "_speedups", NULL, -1, M};
PyMODINIT_FUNC PyInit__speedups(void) { return PyModule_Create(&mod); }
