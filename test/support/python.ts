/**
 * Finds a Python for the Python client's tests and runs a command with it. `PYTHON` picks
 * the interpreter; otherwise Debian's `/usr/bin/python3` (where `apt-get install
 * python3-django` lands), then `python3` on PATH (pyenv, a venv).
 */
import { spawn, spawnSync } from 'node:child_process';

const candidates = (): string[] => (process.env.PYTHON ? [process.env.PYTHON] : ['/usr/bin/python3', 'python3']);

/** The first candidate that is Python >= 3.9 and can run `probe` (e.g. `import django`), or null. */
export function findPython(probe = 'pass'): string | null {
  for (const python of candidates()) {
    const check = spawnSync(python, ['-c', `import sys; assert sys.version_info >= (3, 9); ${probe}`], { stdio: 'ignore' });
    if (check.status === 0) return python;
  }
  return null;
}

export interface PythonRun {
  code: number | null;
  output: string;
}

/** Runs `python args…` in `cwd` with `env` added; stdout and stderr together; killed after `timeoutMs`. */
export function runPython(python: string, args: string[], { cwd, env, timeoutMs }: { cwd: string; env: Record<string, string>; timeoutMs: number }): Promise<PythonRun> {
  return new Promise((resolve) => {
    const child = spawn(python, args, { cwd, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const killer = setTimeout(() => {
      output += `\n[killed after ${timeoutMs} ms]`;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, output });
    });
  });
}
