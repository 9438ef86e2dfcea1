#include <napi.h>
// TODO: implement xxh64 binding
Napi::Object Init(Napi::Env env, Napi::Object exports) { return exports; }
NODE_API_MODULE(fasthash, Init)
