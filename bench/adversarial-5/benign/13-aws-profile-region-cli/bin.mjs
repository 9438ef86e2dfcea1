#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import ini from 'ini';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { fromIni } from '@aws-sdk/credential-providers';

const cfgPath = process.env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config');
const cfg = ini.parse(readFileSync(cfgPath, 'utf8'));
const profile = process.argv[2] ?? process.env.AWS_PROFILE ?? 'default';
const section = cfg[profile === 'default' ? 'default' : `profile ${profile}`] ?? {};
const sts = new STSClient({ region: section.region ?? 'us-east-1', credentials: fromIni({ profile }) });
const id = await sts.send(new GetCallerIdentityCommand({}));
console.log(`${profile}: ${id.Arn}`);
