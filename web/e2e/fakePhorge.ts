import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repositoryRoot } from './host';

/** A user of the fake Phorge: its PHID and Conduit API token. */
export interface PhorgeUser {
  phid: string;
  token: string;
  realName: string;
}

/** The first line the fake prints (tests/ActionItems.FakePhorge.Host/Program.cs). */
interface Started {
  baseUrl: string;
  project: string;
  users: { admin: PhorgeUser; alice: PhorgeUser; syncbot: PhorgeUser };
}

/** A task as maniphest.search answers it (only the fields the tests read). */
export interface PhorgeTask {
  id: number;
  phid: string;
  fields: { name: string; status: { value: string }; priority: { value: number }; ownerPHID: string | null };
}

/** The program `dotnet build ActionItems.sln -c Release` (test.sh) leaves. */
const fakeDll =
  process.env.ACTIONITEMS_E2E_FAKE_PHORGE_DLL ??
  join(repositoryRoot, 'tests', 'ActionItems.FakePhorge.Host', 'bin', 'Release', 'net10.0', 'ActionItems.FakePhorge.Host.dll');

/**
 * The stateful fake Phorge the integration tests use (tests/ActionItems.FakePhorge), run as a process of its own on a
 * free 127.0.0.1 port: a sync target points at `baseUrl` with the bot's token, and a test edits tasks "remotely" as
 * alice through Conduit, exactly as a person in Phorge would.
 */
export class FakePhorgeProcess {
  private constructor(
    private readonly process: ChildProcess,
    readonly baseUrl: string,
    readonly users: Started['users'],
  ) {}

  static async start(): Promise<FakePhorgeProcess> {
    if (!existsSync(fakeDll)) {
      throw new Error(`${fakeDll} is missing: build first (dotnet build ActionItems.sln -c Release).`);
    }
    // stdin stays a pipe: when this process dies without stop(), the fake sees it close and exits too.
    const child = spawn('dotnet', [fakeDll], { stdio: ['pipe', 'pipe', 'pipe'] });
    const errors: string[] = [];
    child.stderr?.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
    const firstLine = await new Promise<string>((done, fail) => {
      const lines = createInterface({ input: child.stdout! });
      const timer = setTimeout(() => fail(new Error(`the fake Phorge did not start within 60 s: ${errors.join('')}`)), 60_000);
      lines.once('line', (line) => {
        clearTimeout(timer);
        done(line);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`the fake Phorge exited with ${code}: ${errors.join('')}`));
      });
    });
    const started = JSON.parse(firstLine) as Started;
    return new FakePhorgeProcess(child, started.baseUrl, started.users);
  }

  /** One Conduit call (JSON-in-form, as the Arcanist client sends it); throws on an error envelope. */
  async conduit<T>(method: string, params: Record<string, unknown>, user: PhorgeUser): Promise<T> {
    const body = new URLSearchParams({
      params: JSON.stringify({ ...params, __conduit__: { token: user.token } }),
      output: 'json',
    });
    const response = await fetch(new URL(`api/${method}`, this.baseUrl), { method: 'POST', body });
    const envelope = (await response.json()) as { result: T; error_code: string | null; error_info: string | null };
    if (envelope.error_code) throw new Error(`${method}: ${envelope.error_code} ${envelope.error_info}`);
    return envelope.result;
  }

  /** Creates a task as alice; returns its monogram (`T1`). */
  async createTask(title: string): Promise<string> {
    const created = await this.conduit<{ object: { id: number } }>(
      'maniphest.edit',
      { transactions: [{ type: 'title', value: title }] },
      this.users.alice,
    );
    return `T${created.object.id}`;
  }

  /** Edits a task as alice (someone working in Phorge, not the sync bot). */
  async editTask(monogram: string, transactions: { type: string; value: unknown }[]): Promise<void> {
    await this.conduit('maniphest.edit', { objectIdentifier: monogram, transactions }, this.users.alice);
  }

  async task(monogram: string): Promise<PhorgeTask> {
    const found = await this.conduit<{ data: PhorgeTask[] }>(
      'maniphest.search',
      { constraints: { ids: [Number(monogram.slice(1))] } },
      this.users.admin,
    );
    const task = found.data[0];
    if (!task) throw new Error(`no task ${monogram} in the fake Phorge`);
    return task;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null) {
      const exited = new Promise((r) => this.process.once('exit', r));
      this.process.kill('SIGTERM');
      await exited;
    }
  }
}
