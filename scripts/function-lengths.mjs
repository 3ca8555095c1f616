// Lists the longest functions in src/ (lines from the opening line to the closing brace):
//   node scripts/function-lengths.mjs [--max 60] [--top 10]
// A brace matcher that knows strings, template literals, regular-expression literals and
// comments: good enough for this code base's style (it is a report, not a parser).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? Number(args[args.indexOf(name) + 1]) : fallback);
const max = option('--max', 60);
const top = option('--top', 10);

const files = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.ts$/.test(path) && !/\.(stories|d)\.ts$/.test(path) ? [path] : [];
  });

/** Blanks out comments, strings and template text, keeping line breaks and `${ }` code. */
function codeOnly(text) {
  let out = '';
  const templates = []; // brace depth at which each open template's `${` began
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && next === '*') {
      const end = text.indexOf('*/', i + 2);
      out += text.slice(i, end + 2).replace(/[^\n]/g, ' ');
      i = end + 1;
    } else if (c === '/' && /(^|[(,=:[!&|?{};]|\breturn)\s*$/.test(out.slice(-12))) {
      // A regular-expression literal (a `/` where a value starts): skip to its closing `/`.
      let j = i + 1;
      let inClass = false;
      while (j < text.length && text[j] !== '\n' && (inClass || text[j] !== '/')) {
        if (text[j] === '[') inClass = true;
        if (text[j] === ']') inClass = false;
        j += text[j] === '\\' ? 2 : 1;
      }
      out += ' '.repeat(j - i + 1);
      i = j;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      out += ' '.repeat(j - i + 1);
      i = j;
    } else if (c === '`' || (c === '}' && templates.length && templates.at(-1) === depth)) {
      if (c === '}') templates.pop();
      let j = i + 1;
      while (j < text.length && text[j] !== '`' && !(text[j] === '$' && text[j + 1] === '{')) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j).replace(/[^\n]/g, ' ');
      if (text[j] === '$') {
        templates.push(depth);
        out += '  ';
        i = j + 1;
      } else {
        out += ' ';
        i = j;
      }
    } else {
      if (c === '{') depth++;
      if (c === '}') depth--;
      out += c;
    }
  }
  return out;
}

// A function, a method (with any of TypeScript's modifiers: `protected override render()`
// was missed without `override`), or an arrow function with a block body.
const START = /(\bfunction\b[^(]*\(|^\s*(?:(?:public|private|protected|static|override|abstract|async|get|set|readonly)\s+)*[A-Za-z_$][\w$]*\s*(?:<[^>]*>)?\([^)]*\)?|=>\s*\{)/;
const results = [];
for (const file of files('src')) {
  const lines = codeOnly(readFileSync(file, 'utf8')).split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (!START.test(line) || !line.includes('{') || /^\s*(if|for|while|switch|catch|return)\b/.test(line)) continue;
    // From the function's first `{` on this line, find its closing brace.
    let depth = 0;
    let started = false;
    let end = index;
    outer: for (let j = index; j < lines.length; j++) {
      const from = j === index ? lines[j].lastIndexOf('{') : 0;
      for (const c of lines[j].slice(from)) {
        if (c === '{') (depth++, (started = true));
        if (c === '}') depth--;
        if (started && depth === 0) {
          end = j;
          break outer;
        }
      }
    }
    const name = (/function\s+([\w$]+)/.exec(line) ?? /([A-Za-z_$][\w$]*)\s*(?:<[^>]*>)?\(/.exec(line) ?? [, '(arrow)'])[1];
    results.push({ file, line: index + 1, name, length: end - index + 1 });
  }
}
results.sort((a, b) => b.length - a.length);
for (const { file, line, name, length } of results.slice(0, top)) console.log(`${String(length).padStart(4)}  ${file}:${line}  ${name}`);
const over = results.filter((result) => result.length > max);
console.log(over.length ? `${over.length} over ${max} lines` : `none over ${max} lines`);
process.exitCode = over.length ? 1 : 0;
