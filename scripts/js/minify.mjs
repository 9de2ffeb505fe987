// minify.mjs FILE… — shrinks what emcc writes for the page, in place: the JavaScript (pinlab.js, the Demo
// worker's pinlab-demo.js) and the page itself (pinlab.html, from shell.html). emcc 3.1.6 only strips the
// JavaScript's whitespace and cannot minify HTML here (-sMINIFY_HTML=0); terser also renames local and
// top-level names. `Module` keeps its name: shell.html and the tests reach the app through it (and through
// window.pinlab, which the page sets as a property). The page keeps its markup; its comments go, and its
// inline script and style are minified (the template's comments are for the repo, not for every visitor).
import { readFileSync, writeFileSync } from 'node:fs';
import { minify } from 'terser';

async function js(source, toplevel) {
  const out = await minify(source, {
    toplevel,
    mangle: toplevel ? { reserved: ['Module'] } : true,
    compress: { passes: 2 },
    format: { comments: false },
  });
  return out.code;
}

function css(source) {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, ' ').replace(/\s*([{}:;,>])\s*/g, '$1')
    .replace(/;}/g, '}').trim();
}

async function html(source) {
  let out = source.replace(/<!--[\s\S]*?-->\n?/g, '');
  out = out.replace(/<style>([\s\S]*?)<\/style>/g, (m, body) => `<style>${css(body)}</style>`);
  // Inline scripts only (a <script src=…> has an empty body).
  const scripts = [...out.matchAll(/<script>([\s\S]*?)<\/script>/g)];
  for (const m of scripts) out = out.replace(m[0], `<script>${await js(m[1], false)}</script>`);
  return out.replace(/\n\s+/g, '\n');
}

for (const file of process.argv.slice(2)) {
  const source = readFileSync(file, 'utf8');
  const out = file.endsWith('.html') ? await html(source) : await js(source, true);
  writeFileSync(file, out);
  console.log(`minify.mjs: ${file} ${source.length} -> ${out.length} bytes`);
}
