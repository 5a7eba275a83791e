import { runServerProcess } from './process.ts';

await runServerProcess();
