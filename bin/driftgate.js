#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm install` via the prepare script).
import { main } from "../dist/cli/main.js";
// A short-lived CLI process gains from V8's baseline WebAssembly compiler; a library user's process is left alone.
import { preferBaselineCompiler } from "../dist/dialects/postgresql/session/pglite-session.js";

preferBaselineCompiler();

process.exitCode = await main(process.argv.slice(2));
