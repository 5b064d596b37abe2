import { isAbsolute, join } from "node:path";

/**
 * Where driftgate keeps what it can rebuild (snapshots of migration folders, markers of validated snapshot
 * files): $DRIFTGATE_CACHE_DIR, else $XDG_CACHE_HOME/driftgate, else $HOME/.cache/driftgate. Read only from
 * the environment handed in, so a caller (a test) that passes an environment without any of these gets no
 * cache at all, never the user's.
 */
export function cacheDirectory(env: NodeJS.ProcessEnv): string | null {
  if (env.DRIFTGATE_CACHE_DIR) return env.DRIFTGATE_CACHE_DIR;
  // The XDG spec says a relative XDG_CACHE_HOME is invalid and must be ignored.
  if (env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME)) return join(env.XDG_CACHE_HOME, "driftgate");
  if (env.HOME && isAbsolute(env.HOME)) return join(env.HOME, ".cache", "driftgate");
  return null;
}
