// Entry of the training thread: a worker does not inherit the tsx loader of the main thread, so it
// registers tsx itself before loading the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./analytics.train-worker.ts');
