import type { CliCommand } from '../io.ts';

/** A subcommand's name and summary, with its module loaded only when it runs (fast start-up). */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<CliCommand>;
}

/** Every subcommand, in help order. */
export const commands: readonly CommandEntry[] = [
  {
    name: 'scan',
    summary: 'statically analyse a repository and report what it would run',
    load: async () => (await import('./scan.ts')).scanCommand,
  },
  {
    name: 'open',
    summary: 'scan first, then open the folder in your editor only if it is safe',
    load: async () => (await import('./open.ts')).openCommand,
  },
  {
    name: 'detonate',
    summary: 'run the repository in a sandbox and report what it tried to do',
    load: async () => (await import('./detonate.ts')).detonateCommand,
  },
  {
    name: 'hunt',
    summary: 'look for traces of the campaign on this machine, with what to do next',
    load: async () => (await import('./hunt.ts')).huntCommand,
  },
  {
    name: 'harden',
    summary: 'audit (and with --fix, repair) the settings this campaign relies on',
    load: async () => (await import('./harden.ts')).hardenCommand,
  },
  {
    name: 'rules',
    summary: 'print the rule catalogue, or one rule\u2019s documentation',
    load: async () => (await import('./rules.ts')).rulesCommand,
  },
  {
    name: 'db',
    summary: 'refresh the offline known-malicious package database (`db update`)',
    load: async () => (await import('./db.ts')).dbCommand,
  },
];
