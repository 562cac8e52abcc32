// Trains the hybrid model off the main thread, so the API keeps answering (and serving the last ready
// model) while a new one trains: trainModel is synchronous and takes tens of seconds on real data.
import { parentPort, workerData } from 'node:worker_threads';
import { trainModel } from '@svyaz/analytics';

const { interactions, customers, options } = workerData as { interactions: Parameters<typeof trainModel>[0]; customers: Parameters<typeof trainModel>[1]; options: Parameters<typeof trainModel>[2] };
try {
  parentPort!.postMessage({ model: trainModel(interactions, customers, options) });
} catch (error) {
  parentPort!.postMessage({ error: error instanceof Error ? error.message : String(error) });
}
