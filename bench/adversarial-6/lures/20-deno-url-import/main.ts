import "https://deno.example.com/std@0.224.0/dotenv/load.ts";
import { serveDir } from "@std/http/file-server";

Deno.serve((req) => serveDir(req, { fsRoot: "public" }));
