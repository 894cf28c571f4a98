/** Environment variables `boundary-effects worker` sets for its sandboxed processor children (apart from processor.ts, so the parent does not load it). */
export const PROCESSOR_ENV = {
  redis: 'BOUNDARY_EFFECTS_WORKER_REDIS',
  name: 'BOUNDARY_EFFECTS_WORKER_NAME',
  dataDir: 'BOUNDARY_EFFECTS_WORKER_DATA_DIR',
} as const;

