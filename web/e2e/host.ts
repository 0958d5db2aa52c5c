import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** What every e2e test gets from the global setup (inject('host')). */
export interface E2EHost {
  baseUrl: string;
  tokens: { admin: string; triager: string; viewer: string };
}

export const repositoryRoot = resolve(import.meta.dirname, '..', '..');

/** The binary `dotnet build -c Release` (test.sh, run.sh) leaves, with the web app copied beside it. */
const hostDll =
  process.env.ACTIONITEMS_E2E_HOST_DLL ?? join(repositoryRoot, 'api', 'ActionItems.Api', 'bin', 'Release', 'net10.0', 'actionitems.dll');

/** The seed postmortems the unit tests read (real documents with actionables). */
const seedDirectory = join(repositoryRoot, 'tests', 'ActionItems.UnitTests', 'Extraction', 'Seeds');

async function freePort(): Promise<number> {
  return await new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** How a host differs from the shared one the global setup starts. */
export interface HostOptions {
  /**
   * Extra environment variables, e.g. a sync target's `Sync__Targets__0__…` keys (README, "Configuring a target"). They
   * override the defaults, among them `Prevention__IndexMaxAge` 0.
   */
  environment?: Record<string, string>;
  /** Import the seed postmortems (the shared host does); a host for one test file may start empty. */
  seed?: boolean;
}

export class RunningHost {
  private constructor(
    private readonly process: ChildProcess,
    private readonly directory: string,
    readonly info: E2EHost,
    private readonly output: string[],
  ) {}

  /** Creates the tokens with the CLI, starts `serve` on a free port, waits for /readyz and imports the seeds. */
  static async start(options: HostOptions = {}): Promise<RunningHost> {
    if (!existsSync(hostDll)) {
      throw new Error(`${hostDll} is missing: build first (dotnet build ActionItems.sln -c Release).`);
    }
    if (!existsSync(join(hostDll, '..', 'web', 'index.html'))) {
      throw new Error(`the host at ${hostDll} has no web app beside it (built with -p:SkipWebBuild=true?).`);
    }
    const directory = mkdtempSync(join(tmpdir(), 'actionitems-e2e-'));
    const database = `--Database:SqlitePath=${join(directory, 'e2e.db')}`;
    const token = (role: string) => {
      const created = spawnSync('dotnet', [hostDll, 'token', 'create', '--role', role, '--name', `e2e-${role}`, database], {
        cwd: directory,
        encoding: 'utf8',
      });
      if (created.status !== 0) throw new Error(`token create failed: ${created.stderr}`);
      return created.stdout.trim();
    };
    const tokens = { admin: token('admin'), triager: token('triager'), viewer: token('viewer') };

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const output: string[] = [];
    const child = spawn('dotnet', [hostDll, 'serve', `--urls=${baseUrl}`, database], {
      cwd: directory,
      // Candidate index age zero: a test that writes (the seeds) and then asks for prevention candidates sees its writes,
      // as the .NET tests do (tests/ActionItems.IntegrationTests/GraphQL/PreventionReviewTests.cs), instead of waiting out the default 5 s.
      env: { ...process.env, DOTNET_ENVIRONMENT: 'Production', Prevention__IndexMaxAge: '00:00:00', ...options.environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    const host = new RunningHost(child, directory, { baseUrl, tokens }, output);
    await host.waitUntilReady();
    if (options.seed ?? true) await host.importSeeds();
    return host;
  }

  private async waitUntilReady(): Promise<void> {
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (this.process.exitCode !== null) {
        throw new Error(`the host exited with ${this.process.exitCode}:\n${this.output.join('')}`);
      }
      try {
        if ((await fetch(`${this.info.baseUrl}/readyz`)).ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the host did not become ready within 90 s:\n${this.output.join('')}`);
  }

  private async importSeeds(): Promise<void> {
    for (const file of readdirSync(seedDirectory).filter((f) => f.endsWith('.txt')).sort()) {
      const data = await graphql<{ importPostmortem: { errors: { message: string }[] } }>(
        this.info,
        `mutation Seed($input: PostmortemInput!) { importPostmortem(input: $input) { errors { message } } }`,
        { input: { text: readFileSync(join(seedDirectory, file), 'utf8'), sourceUrl: `https://example.org/postmortems/${file}` } },
      );
      if (data.importPostmortem.errors.length > 0) {
        throw new Error(`seeding ${file} failed: ${data.importPostmortem.errors.map((e) => e.message).join('; ')}`);
      }
    }
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null) {
      this.process.kill('SIGTERM');
      await new Promise((r) => this.process.once('exit', r));
    }
    rmSync(this.directory, { recursive: true, force: true });
  }
}

/** Calls the API directly (setting up or checking what a test did in the browser), as admin unless told. */
export async function graphql<T>(host: E2EHost, query: string, variables: Record<string, unknown> = {}, token = host.tokens.admin): Promise<T> {
  const response = await fetch(`${host.baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!response.ok || body.errors?.length || !body.data) {
    throw new Error(`GraphQL ${response.status}: ${JSON.stringify(body.errors ?? body)}`);
  }
  return body.data;
}
