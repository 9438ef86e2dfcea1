import { readdirSync } from 'node:fs';
import { join, parse } from 'node:path';

// File-system routing: generates the code of a virtual module `virtual:routes` that imports every
// page in src/pages. The generated code is returned to Vite (bundled for the browser), not run here.
const ID = 'virtual:routes';
const RESOLVED = '\0' + ID;

export default function virtualRoutes({ dir }) {
  let root = process.cwd();
  return {
    name: 'virtual-routes',
    configResolved(config) {
      root = config.root;
    },
    resolveId(id) {
      return id === ID ? RESOLVED : null;
    },
    load(id) {
      if (id !== RESOLVED) return null;
      const pages = readdirSync(join(root, dir)).filter((f) => /\.(jsx|tsx)$/.test(f));
      const imports = pages.map((f, i) => `import Page${i} from ${JSON.stringify('/' + dir + '/' + f)};`);
      const routes = pages.map((f, i) => {
        const name = parse(f).name;
        return `{ path: ${JSON.stringify(name === 'index' ? '/' : '/' + name)}, Component: Page${i} }`;
      });
      return `${imports.join('\n')}\nexport default [${routes.join(', ')}];\n`;
    },
    handleHotUpdate({ file, server }) {
      if (file.includes(dir)) server.moduleGraph.invalidateModule(server.moduleGraph.getModuleById(RESOLVED));
    },
  };
}
