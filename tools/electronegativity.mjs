#!/usr/bin/env node
// Runs @doyensec/electronegativity on the Electron shell and fails on any HIGH finding.
// The Electron version is given explicitly: the tool otherwise tries to fetch release data
// from the network, which these machines do not have.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';

const version = JSON.parse(readFileSync('node_modules/electron/package.json', 'utf8')).version;
mkdirSync('test-results', { recursive: true });

function scan(input, out) {
  const r = spawnSync('npx', ['electronegativity', '-i', input, '-e', version, '-r', '-v', 'false', '-o', out], {
    encoding: 'utf8',
  });
  let rows;
  try {
    rows = readFileSync(out, 'utf8').trim().split('\n').slice(1);
  } catch {
    console.error(`electronegativity produced no report for ${input}:\n${r.stdout}\n${r.stderr}`);
    process.exit(1);
  }
  // The first five columns (check, severity, confidence, file, location) never contain commas.
  return rows.map((line) => {
    const [check, severity, confidence, file, location] = line.split(',').map((c) => c.replace(/^"|"$/g, ''));
    return { check, severity, confidence, file, location };
  });
}
const isHigh = (f) => f.severity === 'HIGH' || f.severity === 'CRITICAL';

// Its silence only means something if it speaks up about a known-insecure window.
const canary = scan('tools/electronegativity-canary', 'test-results/electronegativity-canary.csv');
if (!canary.some(isHigh)) {
  console.error('electronegativity did not flag the deliberately insecure canary: the scan cannot be trusted');
  process.exit(1);
}
const findings = scan('electron/shell', 'test-results/electronegativity.csv');
for (const f of findings)
  console.log(`  ${f.severity.padEnd(8)} ${f.confidence.padEnd(10)} ${f.check} ${f.file}:${f.location}`);
const high = findings.filter(isHigh);
console.log(
  `electronegativity (Electron ${version}): ${findings.length} findings, ${high.length} high (canary: ${canary.filter(isHigh).length} high, as expected)`,
);
process.exit(high.length ? 1 : 0);
