import { StoreError } from "../errors.js";
import { DIALECTS } from "../dialects/index.js";

/**
 * The overall --timeout of one command. When it fires, every server connection of every dialect is destroyed (the server
 * sees the drop and ends its transaction), the command is given up with exit 3, and anything the
 * abandoned command would still print is dropped: after the verdict line nothing else may appear.
 */
export interface CommandDeadline {
  arm(ms: number | undefined): void;
  readonly expired: boolean;
  race<T>(work: Promise<T>): Promise<T>;
}

export function commandDeadline(): CommandDeadline {
  for (const dialect of DIALECTS) dialect.connections?.beginEpoch();
  let timer: NodeJS.Timeout | undefined;
  let expired = false;
  let fire: (error: Error) => void = () => undefined;
  const expiry = new Promise<never>((_, reject) => (fire = reject));
  expiry.catch(() => undefined);
  return {
    arm(ms) {
      if (!ms || timer) return;
      timer = setTimeout(() => {
        expired = true;
        const error = new StoreError(`gave up after ${ms} ms (--timeout): the store did not answer in time, and its connections were dropped`);
        for (const dialect of DIALECTS) dialect.connections?.abortAll(error);
        fire(error);
      }, ms);
    },
    get expired() {
      return expired;
    },
    async race(work) {
      work.catch(() => undefined);
      try {
        return await Promise.race([work, expiry]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
