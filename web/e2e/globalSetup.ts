import type { TestProject } from 'vitest/node';
import { RunningHost, type E2EHost } from './host';

declare module 'vitest' {
  export interface ProvidedContext {
    host: E2EHost;
  }
}

/** One host for the whole e2e run (starting one takes seconds); tests that change data use items of their own. */
export default async function setup(project: TestProject) {
  const host = await RunningHost.start();
  project.provide('host', host.info);
  return async () => {
    await host.stop();
  };
}
