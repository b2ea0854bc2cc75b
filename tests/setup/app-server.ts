import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { cli as runCli, startServer } from '../support/run.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    /** The path of the first administrator's invitation (`/invitations/…`), made with `abierto user add` before the app starts. */
    adminInvitation: string;
    /** Invitation paths for the forum cycle (issue 11): a secretariat of CHL, two organisation representatives and a candidate. */
    forumInvitations: Record<'secretariat' | 'rep1' | 'rep2' | 'candidate', string>;
    /** A second administrator's invitation, for the co-creation browser test (independent of the others). */
    cocreationInvitation: string;
    /** A secretariat of CHL (`abierto user add --role secretariat`), for the authoring loop (issue 9). */
    secretariatInvitation: string;
    /** A secretariat of CHL for the repository uploads (issue 9, scope 5). */
    repositoryInvitation: string;
  }
}

/** A command line run in this process, as `npm run abierto -- …` would run it (no process to wait for). */
async function cli(env: Record<string, string>, args: string[]): Promise<string> {
  const r = await runCli(args, env);
  const output = r.stdout + r.stderr;
  if (r.status !== 0) throw new Error(`abierto ${args.join(' ')} failed (${r.status}):\n${output}`);
  return output;
}

/**
 * Before the app starts (the embedded database is single-process), with the CLI as an operator
 * would: the first administrator (`abierto user add`, whose invitation path is returned) and a plan
 * in implementation (the demo plan is closed, and nobody reports on a closed plan) holding the same
 * commitment 19, for the monitoring loop.
 */
async function invitation(env: Record<string, string>, args: string[]): Promise<string> {
  const output = await cli(env, ['user', 'add', ...args]);
  const link = /\/invitations\/[A-Za-z0-9_-]{43}/.exec(output);
  if (!link) throw new Error(`abierto user add printed no invitation:\n${output}`);
  return link[0];
}

/** The people of the forum cycle's browser test. Organisations' representatives get an account the only way there is today (an invitation with a role). */
async function prepareForum(env: Record<string, string>): Promise<Record<'secretariat' | 'rep1' | 'rep2' | 'candidate', string>> {
  return {
    secretariat: await invitation(env, ['--email', 'sofia@example.org', '--name', 'Sofía Secretaría', '--role', 'secretariat', '--member', 'CHL']),
    rep1: await invitation(env, ['--email', 'rep1@example.org', '--name', 'Raúl Representante', '--role', 'forum_member', '--member', 'CHL']),
    rep2: await invitation(env, ['--email', 'rep2@example.org', '--name', 'Rita Representante', '--role', 'forum_member', '--member', 'CHL']),
    candidate: await invitation(env, ['--email', 'carla@example.org', '--name', 'Carla Candidata', '--role', 'forum_member', '--member', 'CHL']),
  };
}

async function prepare(env: Record<string, string>): Promise<{ admin: string; cocreation: string; secretariat: string; repository: string }> {
  const output = await cli(env, ['user', 'add', '--email', 'admin@example.org', '--name', 'Ada Administradora', '--role', 'admin']);
  const link = /\/invitations\/[A-Za-z0-9_-]{43}/.exec(output);
  if (!link) throw new Error(`abierto user add printed no invitation:\n${output}`);
  await cli(env, ['import', 'fixtures/000_3f13f33dc8e8d7d3.txt', '--member', 'CHL', '--plan-number', '4', '--plan-title', 'Cuarto Plan de Acción 2024–2027', '--plan-start', '2024-01', '--plan-end', '2027-12']);
  const second = await cli(env, ['user', 'add', '--email', 'cocreacion@example.org', '--name', 'Cora Cocreación', '--role', 'admin']);
  const cocreation = /\/invitations\/[A-Za-z0-9_-]{43}/.exec(second);
  if (!cocreation) throw new Error(`abierto user add printed no invitation:\n${second}`);
  const sec = /\/invitations\/[A-Za-z0-9_-]{43}/.exec(await cli(env, ['user', 'add', '--email', 'secretaria.autora@example.org', '--name', 'Sofía Autora', '--role', 'secretariat', '--member', 'CHL']));
  if (!sec) throw new Error('abierto user add printed no invitation for the secretariat');
  const repository = await invitation(env, ['--email', 'archivo@example.org', '--name', 'Ramón Repositorio', '--role', 'secretariat', '--member', 'CHL']);
  return { admin: link[0], cocreation: cocreation[0], secretariat: sec[0], repository };
}

/** Starts the app the way `npm start` does, on a fresh data folder and a free port, for the browser tests. */
export default async function setup(project: TestProject) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'abierto-e2e-'));
  const env = { DATA_DIR: dataDir, DATABASE_URL: '', SMTP_URL: '' };
  const invitations = await prepare(env);
  const forumInvitations = await prepareForum(env);
  const server = await startServer(env);
  project.provide('baseUrl', server.baseUrl);
  project.provide('adminInvitation', invitations.admin);
  project.provide('forumInvitations', forumInvitations);
  project.provide('cocreationInvitation', invitations.cocreation);
  project.provide('secretariatInvitation', invitations.secretariat);
  project.provide('repositoryInvitation', invitations.repository);
  return async () => {
    await server.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
}
