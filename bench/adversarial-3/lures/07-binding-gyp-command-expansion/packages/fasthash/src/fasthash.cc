#include <napi.h>

Napi::Value Hash(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), 0);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("hash", Napi::Function::New(env, Hash));
  return exports;
}

NODE_API_MODULE(fasthash, Init)
