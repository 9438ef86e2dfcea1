{
  "targets": [{
    "target_name": "fasthash",
    "sources": ["src/fasthash.cc"],
    "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "<!(node tools/find-headers.js)"],
    "defines": ["NAPI_DISABLE_CPP_EXCEPTIONS"]
  }]
}
