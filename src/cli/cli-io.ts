/** What a command may touch of the outside world; tests pass their own to run the CLI in-process. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly stdin: NodeJS.ReadableStream;
  /** Whether stdout is a terminal: decides colour and progress lines. */
  readonly isTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Waits for stdout to drain and tells how it went; absent for in-memory output, which cannot fail. */
  readonly finish?: () => Promise<OutputOutcome>;
}

export interface OutputOutcome {
  /** The reader went away (`| head`): later output was dropped on purpose. */
  readonly closed: boolean;
  /** Writing failed for another reason (full disk, I/O error): the one-line reason. */
  readonly failure: string | null;
}

export function processIo(): CliIo {
  const stdout = guardedStream(process.stdout);
  const stderr = guardedStream(process.stderr);
  return {
    stdout: stdout.write,
    stderr: stderr.write,
    stdin: process.stdin,
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
    finish: stdout.finish,
  };
}

/** A reader that stops reading is not a fault of ours: its pipe or socket is simply gone. */
const CLOSED = new Set(["EPIPE", "ERR_STREAM_DESTROYED", "ECONNRESET", "ERR_STREAM_WRITE_AFTER_END"]);

/**
 * process.stdout reports a closed pipe or a full disk as an 'error' event; unheard, Node turns it into a
 * stack trace and exit 1, which a gate reads as "blocking drift". Here the first error is remembered,
 * later writes are dropped, and runCli decides the exit from finish().
 */
function guardedStream(stream: NodeJS.WriteStream): { write: (text: string) => void; finish: () => Promise<OutputOutcome> } {
  let closed = false;
  let failure: string | null = null;
  const fail = (error: unknown) => {
    if (closed || failure !== null) return;
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (code !== undefined && CLOSED.has(code)) closed = true;
    else failure = describeWriteError(error);
  };
  stream.on("error", fail);
  return {
    write: (text) => {
      if (closed || failure !== null) return;
      try {
        stream.write(text);
      } catch (error) {
        fail(error);
      }
    },
    finish: async () => {
      if (!closed && failure === null) {
        await new Promise<void>((resolve) => {
          try {
            // The callback runs once everything before it is handed to the OS, or with the stream's error.
            stream.write("", () => resolve());
          } catch (error) {
            fail(error);
            resolve();
          }
        });
      }
      // A synchronous stream (a file, /dev/full) emits its error on a later tick than the write callback.
      await new Promise<void>((resolve) => setImmediate(resolve));
      return { closed, failure };
    },
  };
}

/** One line for a failed write: the errno name and what it means, never the stack. */
export function describeWriteError(error: unknown): string {
  const e = error as NodeJS.ErrnoException | null;
  const meaning: Record<string, string> = {
    ENOSPC: "no space left on device",
    EDQUOT: "disk quota exceeded",
    EIO: "input/output error",
    EFBIG: "file too large",
    EROFS: "read-only file system",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    EBADF: "not open for writing",
  };
  if (e?.code) return meaning[e.code] ? `${e.code} (${meaning[e.code]})` : e.code;
  return e instanceof Error ? e.message : String(error);
}
