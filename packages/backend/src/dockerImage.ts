/*
 * Test support: reads packages/backend/Dockerfile and .dockerignore and
 * builds the image's filesystem without a Docker engine (there is none on
 * the development machines). COPY is done as Docker does it, with
 * .dockerignore; RUN steps run in the copied tree, except apt-get (system
 * packages of the base image, checked by name only).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export type Instruction = { keyword: string; args: string };

/** Instructions of a Dockerfile: continuation lines joined, comments dropped. */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#') || (line === '' && current === '')) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    current += line;
    const match = current.match(/^(\w+)\s+([\s\S]*)$/);
    if (match) {
      instructions.push({ keyword: match[1].toUpperCase(), args: match[2] });
    }
    current = '';
  }
  return instructions;
}

/** COPY/ADD arguments: flags, sources (relative to the context), destination. */
export function parseCopy(args: string) {
  const words = args.trim().startsWith('[')
    ? (JSON.parse(args) as string[])
    : args.split(/\s+/).filter(Boolean);
  const flags = words.filter(w => w.startsWith('--'));
  const paths = words.filter(w => !w.startsWith('--'));
  return { flags, sources: paths.slice(0, -1), dest: paths[paths.length - 1] };
}

/** The exec form of CMD/ENTRYPOINT. */
export function parseExec(args: string): string[] {
  return JSON.parse(args);
}

function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/**
 * .dockerignore as Docker reads it: the last pattern matching a path or one
 * of its parent directories decides; `!` lets a path through again.
 */
export function loadDockerignore(text: string) {
  const rules = text
    .split('\n')
    .map(l => l.trim())
    .filter(l => l && !l.startsWith('#'))
    .map(l => {
      const exception = l.startsWith('!');
      const pattern = path.posix.normalize(
        (exception ? l.slice(1) : l).replace(/^\/+/, ''),
      );
      return { exception, pattern, regexp: globToRegExp(pattern) };
    });
  const ignored = (rel: string) => {
    const parts = rel.split('/');
    let result = false;
    for (const rule of rules) {
      for (let n = parts.length; n > 0; n--) {
        if (rule.regexp.test(parts.slice(0, n).join('/'))) {
          result = !rule.exception;
          break;
        }
      }
    }
    return result;
  };
  // Whether an exception could let a path below this directory through.
  const mayHoldExceptions = (dir: string) => {
    const parts = dir.split('/');
    return rules.some(rule => {
      if (!rule.exception) return false;
      const segs = rule.pattern.split('/');
      if (segs.includes('**')) return true;
      if (segs.length <= parts.length) return false;
      return parts.every((p, i) => globToRegExp(segs[i]).test(p));
    });
  };
  return { ignored, mayHoldExceptions };
}

/** Context paths matching a COPY source (`*` and `?` within a segment). */
function expandSource(context: string, source: string): string[] {
  let matches = [''];
  for (const seg of path.posix.normalize(source).split('/')) {
    const next: string[] = [];
    for (const base of matches) {
      const dir = path.join(context, base);
      if (!/[*?]/.test(seg)) {
        if (fs.existsSync(path.join(dir, seg)))
          next.push(path.posix.join(base, seg));
        continue;
      }
      if (!fs.statSync(dir).isDirectory()) continue;
      const re = globToRegExp(seg);
      for (const name of fs.readdirSync(dir).sort()) {
        if (re.test(name)) next.push(path.posix.join(base, name));
      }
    }
    matches = next;
  }
  return matches;
}

export type BuiltImage = {
  root: string;
  from: string;
  user?: string;
  workdir: string;
  env: Record<string, string>;
  cmd: string[];
  aptPackages: string[];
  copied: string[];
};

/**
 * Builds the filesystem of `dockerfile` (context `context`) under `root`.
 * Throws, like `docker build`, when a COPY source is missing or excluded by
 * .dockerignore, or a RUN step fails.
 */
export function buildImageTree(options: {
  context: string;
  dockerfile: string;
  root: string;
  runEnv: NodeJS.ProcessEnv;
  log?: (line: string) => void;
}): BuiltImage {
  const { context, root } = options;
  const ignoreFile = path.join(context, '.dockerignore');
  const ignore = loadDockerignore(
    fs.existsSync(ignoreFile) ? fs.readFileSync(ignoreFile, 'utf8') : '',
  );
  const image: BuiltImage = {
    root,
    from: '',
    workdir: '/',
    env: {},
    cmd: [],
    aptPackages: [],
    copied: [],
  };
  const inImage = (p: string) =>
    path.join(root, path.posix.resolve(image.workdir, p));

  const copyTree = (rel: string, dest: string) => {
    const abs = path.join(context, rel);
    if (fs.statSync(abs).isDirectory()) {
      if (ignore.ignored(rel) && !ignore.mayHoldExceptions(rel)) return;
      for (const name of fs.readdirSync(abs)) {
        copyTree(path.posix.join(rel, name), path.join(dest, name));
      }
      return;
    }
    if (ignore.ignored(rel)) return;
    fs.mkdirSync(path.dirname(dest), { recursive: true });
    fs.copyFileSync(abs, dest);
    image.copied.push(rel);
  };

  const instructions = parseDockerfile(
    fs.readFileSync(options.dockerfile, 'utf8'),
  );
  for (const { keyword, args } of instructions) {
    switch (keyword) {
      case 'FROM':
        image.from = args.split(/\s+/)[0];
        break;
      case 'USER':
        image.user = args.trim();
        break;
      case 'WORKDIR':
        image.workdir = path.posix.resolve(image.workdir, args.trim());
        fs.mkdirSync(path.join(root, image.workdir), { recursive: true });
        break;
      case 'ENV': {
        const m = args.match(/^(\w+)[=\s]\s*(.*)$/);
        if (!m) throw new Error(`ENV ${args}: only one KEY=value per line`);
        image.env[m[1]] = m[2].replace(/^"(.*)"$/, '$1');
        break;
      }
      case 'COPY':
      case 'ADD': {
        const { flags, sources, dest } = parseCopy(args);
        if (flags.some(f => f.startsWith('--from'))) {
          throw new Error(`${keyword} --from is not supported by this test`);
        }
        const destAbs = inImage(dest);
        const intoDir = dest.endsWith('/') || sources.length > 1;
        for (const source of sources) {
          const matches = expandSource(context, source);
          if (matches.length === 0) {
            throw new Error(`${keyword} ${source}: not in the build context`);
          }
          for (const rel of matches) {
            const isDir = fs.statSync(path.join(context, rel)).isDirectory();
            if (!isDir && ignore.ignored(rel)) {
              throw new Error(`${keyword} ${rel}: excluded by .dockerignore`);
            }
            copyTree(
              rel,
              isDir || !intoDir
                ? destAbs
                : path.join(destAbs, path.basename(rel)),
            );
          }
        }
        break;
      }
      case 'RUN': {
        const command = args.replace(/--mount=\S+\s+/g, '').trim();
        if (/\bapt-get\b/.test(command)) {
          const install = command.match(/apt-get install ([^&;|]+)/);
          image.aptPackages.push(
            ...(install?.[1]
              .split(/\s+/)
              .filter(w => w && !w.startsWith('-')) ?? []),
          );
          break;
        }
        options.log?.(`RUN ${command}`);
        const cwd = path.join(root, image.workdir);
        try {
          execFileSync('bash', ['-ec', command], {
            cwd,
            env: { ...options.runEnv, ...image.env },
            stdio: ['ignore', 'pipe', 'pipe'],
            maxBuffer: 64 * 1024 * 1024,
          });
        } catch (e: any) {
          const out = `${e.stdout ?? ''}${e.stderr ?? ''}`.slice(-3000);
          throw new Error(`RUN ${command} failed (${e.status}):\n${out}`);
        }
        break;
      }
      case 'CMD':
        image.cmd = parseExec(args);
        break;
      default:
        break;
    }
  }
  return image;
}
