{ "targets": [{ "target_name": "resizer", "sources": ["src/resize.cc"] }] }
