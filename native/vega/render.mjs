// Renders Vega-Lite specs to SVG (vega's headless renderer) and PNG (resvg), for Harness reports.
// Input (stdin, JSON): { "outDir": "...", "scale": 2, "charts": [{ "name": "...", "spec": {...} }] }.
// Output (stdout): one JSON line per chart, { "name", "ok", "error"? }; exit code 1 when any failed.
// Files are written to a temporary name and renamed, so a reader never sees half a chart.
import { readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';
import { Resvg } from '@resvg/resvg-js';

function writeAtomically(path, data) {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, data);
  renameSync(temporary, path);
}

async function render(chart, outDir, scale) {
  const compiled = vegaLite.compile(chart.spec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    writeAtomically(join(outDir, `${chart.name}.svg`), svg);
    const png = new Resvg(svg, {
      fitTo: { mode: 'zoom', value: scale },
      background: 'white',
      // Vega writes generic "sans-serif"; map it to a font Debian installs with fontconfig.
      font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    }).render().asPng();
    writeAtomically(join(outDir, `${chart.name}.png`), png);
  } finally {
    view.finalize();
  }
}

const input = JSON.parse(readFileSync(process.argv[2] ?? 0, 'utf8'));
mkdirSync(input.outDir, { recursive: true });
let failed = 0;
for (const chart of input.charts) {
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(chart.name)) {
    failed++;
    process.stdout.write(JSON.stringify({ name: chart.name, ok: false, error: 'chart name must be [a-z0-9_-]' }) + '\n');
    continue;
  }
  try {
    await render(chart, input.outDir, input.scale ?? 2);
    process.stdout.write(JSON.stringify({ name: chart.name, ok: true }) + '\n');
  } catch (error) {
    failed++;
    process.stdout.write(JSON.stringify({ name: chart.name, ok: false, error: String(error?.message ?? error) }) + '\n');
  }
}
process.exitCode = failed === 0 ? 0 : 1;
