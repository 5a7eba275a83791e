// Shared by the task threads' entries (plain JavaScript, loaded before tsx is).
import { getPriority, platform, setPriority } from 'node:os';

/**
 * Give this thread the nice value `nice` on Linux, where a nice value is per thread (elsewhere it
 * would lower the whole server, so it is left alone). Only ever raised: going below the server's
 * own would need privileges the server lacks.
 */
export function setThreadNice(nice) {
  if (platform() === 'linux' && nice > getPriority()) setPriority(nice);
}
