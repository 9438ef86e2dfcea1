import { Command } from 'commander';
import info from './build-info.json';

new Command('ledger').version(info.node ?? '0').parse();
