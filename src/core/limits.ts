/**
 * How much of a file's structure Airlock reads, as data: the caps of the format readers in
 * src/lang/ and the per-file caps on entries (tasks, scripts, lockfile packages). Every cap that is
 * reached is reported (an `errors[]` entry naming the file and what was skipped), never silent.
 */
export const LIMITS = {
  /** Format readers (src/lang/). */
  read: {
    /** Characters of one JSON, JSONC, YAML, TOML or XML document (config files). */
    maxChars: 16 * 1024 * 1024,
    /** Characters of one lockfile. */
    maxLockfileChars: 256 * 1024 * 1024,
    /**
     * Characters of a YAML lockfile outside the block subset that lockfile writers emit (anchors,
     * block scalars, ...), which only the full YAML reader reads: about 2 s and 60 MB per MB.
     */
    maxFullYamlLockfileChars: 4 * 1024 * 1024,
    /** Nesting of JSON objects and arrays; deeper documents are refused, not half-read. */
    maxJsonDepth: 1_000,
    /** YAML nesting (collections and flow brackets); the `yaml` package itself fails near 1,000. */
    maxYamlDepth: 256,
    /** YAML alias nodes resolved in one document (billion-laughs guard). */
    maxYamlAliases: 100,
    /** TOML inline arrays and tables. */
    maxTomlDepth: 100,
    /** XML element nesting. */
    maxXmlDepth: 100,
    /** XML DOCTYPE entities: how many may be declared, expanded, and how long the expansion may be. */
    maxXmlEntities: 100,
    maxXmlEntityExpansions: 1_000,
    maxXmlExpandedChars: 100_000,
  },
  /** Entries of one file that are analysed one by one; a file with more is a `too-large` gap. */
  entries: {
    /** Tasks of one `.vscode/tasks.json` or `.code-workspace` (real ones have tens). */
    maxTasksPerFile: 10_000,
    /** Services of one Compose file (real ones have tens). */
    maxComposeServicesPerFile: 1_000,
  },
} as const;
